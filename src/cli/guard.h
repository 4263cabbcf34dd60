/*
 * guard.h - the command's guards (not part of libkgraph): temporary files
 * removed on every signal that can be caught, outputs that must not be
 * inputs, and text made safe for a terminal.
 */
#ifndef KG_GUARD_H
#define KG_GUARD_H

#include <stddef.h>
#include <stdio.h>

/*
 * Installs the handlers: SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE and
 * the crashes (SIGSEGV, on a stack of its own so that a stack overflow is
 * caught too; SIGBUS, SIGILL, SIGFPE, SIGABRT) remove every temporary
 * file of an output (kg_output_remove_temps: the library's one table of
 * them), then end the process as the signal would have.  SIGXFSZ is
 * ignored, so that a write past a file size limit (ulimit -f) fails with
 * "File too large" and is reported like any failed write.
 */
void kg_guard_signals(void);

/*
 * Refuses outputs that would destroy an input or each other, before any
 * work: an output that is an input file (the same file, by device and
 * inode), a *.csv or *.tsv file directly in an input folder (kgraph would
 * read it next time), or the same file as another output.  `inputs` are
 * CSV files, folders and style sheets; NULL outputs are skipped.  Returns
 * 0, or -1 with a message in msg[0..len).
 */
int kg_guard_outputs(const char *const *outputs, size_t noutputs,
                     const char *const *inputs, size_t ninputs, char *msg,
                     size_t len);

/* Writes s to f with control characters shown as escapes (\x1B, \n,
 * \u009B...: util/term.h's rule, as the library's quotes and its text
 * outputs), so that a name or a file name cannot drive the terminal. */
void kg_guard_puts(FILE *f, const char *s);

#endif
