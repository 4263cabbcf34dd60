/*
 * opt.h - kgraph's options, read from argv as a table says (opt.c).
 */
#ifndef KG_CLI_OPT_H
#define KG_CLI_OPT_H

#include "cli/cli.h"

/* Fills o with every option's default, for the command cmd. */
void opt_defaults(options *o, command cmd);

/*
 * Reads the options in argv[1..argc) into o, after opt_defaults, as the
 * command o->cmd reads them (argv[0] is the program's or the command's
 * name).  getopt_long moves the operands after the options: *operands is
 * the index of the first.  Returns 0 to go on; -1 to exit 0 (--help and
 * --version, printed); EXIT_USAGE after saying why (a value refused, a
 * value missing, an unknown option).  o keeps pointers into argv.
 */
int opt_parse(int argc, char **argv, options *o, int *operands);

/*
 * Tells g the command's name for each setting the library's messages may
 * name (kg_graph_name_setting): the option that gives it, "--since", or
 * its letter ("-K").  KG_OK, or KG_ERR_NOMEM.
 */
kg_status opt_name_settings(kg_graph *g);

/*
 * Where each --header of argv[1..argc) applies from (o->header_from), as
 * the number of operands before it in command-line order; and for each
 * of the `nmarks` words marks[i] that is an operand, its number in at[i].
 * Reads argv as opt_parse does without moving it: call it before
 * opt_parse, which moves the operands after the options.
 */
void opt_scope_headers(int argc, char **argv, options *o, char *const *marks,
                       int *at, int nmarks);

#endif
