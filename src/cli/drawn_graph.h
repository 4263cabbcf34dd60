/*
 * drawn_graph.h - the graph to draw when the whole one is not wanted or too
 * large: communities (--communities), a node per value (--collapse-by),
 * and a report's overview of a graph too large to draw whole.
 */
#ifndef KG_CLI_DRAWN_GRAPH_H
#define KG_CLI_DRAWN_GRAPH_H

#include "cli/cli.h"

/*
 * --communities (an attribute added to g) and --collapse-by: *shown is
 * left as g, or set to a new graph the caller frees; a line says what
 * they made (unless -q).  EXIT_OK, or EXIT_USAGE after saying why.
 */
int overview_make(kg_graph *g, const options *o, kg_graph **shown);

/* kgraph report of more than REPORT_DRAW_MAX entities (and no
 * --collapse-by or --page): *shown set to its communities, as
 * --communities --collapse-by community would draw them, and *ahead to
 * the report's centralities, found at the same time (or NULL; the caller
 * frees it); the same contract as overview_make. */
int overview_for_report(kg_graph *g, const options *o, kg_graph **shown,
                        kg_analyses **ahead);

enum { REPORT_DRAW_MAX = 500 };

#endif
