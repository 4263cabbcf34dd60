/*
 * cmdline.h - the command line: `kgraph COMMAND [OPTIONS] PATH...`, or
 * `kgraph --help|--version`.
 */
#ifndef KG_CLI_CMDLINE_H
#define KG_CLI_CMDLINE_H

#include "cli/cli.h"

/*
 * Fills o from argv: the command, its options (cli/opt.h) and its
 * operands, checked against each other.  Returns 0 to run the command;
 * -1 to exit 0 (--help, --version: printed); EXIT_USAGE after saying
 * why.  o keeps pointers into argv, which must outlive it.
 */
int cmdline_parse(int argc, char **argv, options *o);

#endif
