/*
 * write.h - a graph written as the options say: DOT, a picture through
 * Graphviz, an export for another tool, a Neo4j folder, the timeline, or
 * the statistics; the format from -T, else the output's extension.
 */
#ifndef KG_CLI_WRITE_H
#define KG_CLI_WRITE_H

#include "cli/cli.h"
#include "cli/print.h"

/* Refuses, before any work, a -T or -K that kgraph build cannot honour
 * (saying what it can): EXIT_USAGE, else 0.  Other commands pass. */
int write_check(const options *o);

/* The drawing options the command line gave. */
kg_dot_options write_dot_options(const options *o);

/*
 * Writes g to -o (standard output without it) in the chosen format, and
 * the key to --legend FILE (kgraph build).  A figure drawn by Graphviz is
 * described in *fig (its engine left "" otherwise).  EXIT_OK, or
 * EXIT_USAGE after saying why.
 */
int write_graph(printer *p, const kg_graph *g, const options *o,
                kg_figure *fig);

#endif
