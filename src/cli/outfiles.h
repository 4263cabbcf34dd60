/*
 * outfiles.h - the command's output files: refused before any work when
 * they would destroy an input, written to a temporary file that a signal
 * removes, put in place only when all of it was written.
 */
#ifndef KG_CLI_OUTFILES_H
#define KG_CLI_OUTFILES_H

#include "cli/cli.h"
#include "cli/print.h"

/* The format -o is written in: -T, else the output's extension, else
 * dot. */
const char *output_format(const options *o);

/* Whether -o names a folder (-T neo4j) rather than a file. */
int output_is_folder(const options *o);

/* Refuses outputs (-o, or each file of its folder; --merge-report,
 * --sources, --legend, --rejects) that are an input (for diff, of either
 * version) or a style sheet, would be read as an input next time, or are each
 * other: EXIT_USAGE after saying why, else 0. */
int output_check(const options *o);

/* Opens path ("-": standard output) through kg_output and tells p its
 * name (`name`, or path when NULL), so that the library's failures are
 * said as this output's.  NULL after saying why. */
kg_output *output_open(printer *p, const char *path, const char *name);

/* Puts out in place when st is KG_OK, else discards it, saying why unless
 * the library has; out is gone after.  EXIT_OK or EXIT_USAGE. */
int output_close(printer *p, kg_output *out, kg_status st);

#endif
