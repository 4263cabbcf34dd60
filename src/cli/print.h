/*
 * print.h - what the command says on standard error: the library's
 * diagnostics in the compiler form FILE:LINE:COL: error: MESSAGE, at most
 * --max-warnings warnings, and kgraph's own "kgraph: error: ..." lines.
 * Everything shown of a name or a file name goes through kg_guard_puts.
 */
#ifndef KG_CLI_PRINT_H
#define KG_CLI_PRINT_H

#include <stddef.h>

#include "kgraph.h"

struct progress_line;

/*
 * The printer a run's graphs report to (printer_diag).  Set it up as
 * {.max_warnings = N}; it owns `notes`, which printer_free releases.
 * While `output` is set, a diagnostic without a file is a failure of that
 * output: it is shown as "kgraph: error: OUTPUT: why" and counted in
 * `failures` (outfiles.c sets and clears both; write.c for a Neo4j folder).
 */
typedef struct printer {
    struct progress_line *progress; /* a progress line to clear first */
    unsigned long max_warnings;
    unsigned long warnings_shown;
    int told_hidden;
    const char *output; /* the output being written, or NULL */
    int failures;       /* why a call failed, said by the library */
    char **notes;       /* what was said, a line each (for a report), */
    size_t nnotes;      /* up to MAX_NOTES */
} printer;

/* The most lines a report lists of what the run said. */
enum { MAX_NOTES = 10000 };

/* A kg_diag_fn: prints d (ctx is the printer) and keeps it as a note. */
void printer_diag(const kg_diag *d, void *ctx);

/* Frees the notes; the printer is empty after. */
void printer_free(printer *p);

/* "kgraph: WHAT: TEXT" (what: error, warning...), the text shown safely. */
void say(const char *what, const char *text);

/* "kgraph: error: " fmt (with arg for its one %s), then "Try 'kgraph
 * --help'."; returns EXIT_USAGE, for `return usage_error(...)`. */
int usage_error(const char *fmt, const char *arg);

#endif
