/*
 * overview.h - what report/ asks of overview.c beside kgraph.h's
 * kg_report_overview: a call on the overview as soon as it is made.
 */
#ifndef KG_OVERVIEW_H
#define KG_OVERVIEW_H

#include "analysis/ahead.h"

/* Called on the thread that made the overview, once it is made and
 * before it is handed back (its callbacks still hold what it says, to
 * be said after, in order, through g's): the centralities may still be
 * running beside it, in a (the fields above `drawn` are not its). */
typedef void (*kg_overview_made)(kg_graph *overview, kg_analyses *a, void *ctx);

/* kg_report_overview, with made(overview, *ahead's analyses, ctx) as
 * soon as the overview is made, when it is made beside the centralities
 * (not when an entity has a "community" group of its own: the overview
 * is then made after, and made is not called).  made NULL:
 * kg_report_overview. */
kg_status kg_report_overview_then(kg_graph *g, size_t *count,
                                  kg_graph **overview, kg_analyses **ahead,
                                  kg_overview_made made, void *ctx);

#endif
