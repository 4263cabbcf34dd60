/*
 * ahead.h - kgraph.h's kg_analyses: the centralities of a graph found
 * ahead of the report that shows them, at the same time as its
 * communities and overview (kg_report_overview, overview.c), and the
 * overview's figure, when it was drawn there too (report.c's
 * kg_report_overview_drawn).
 */
#ifndef KG_AHEAD_H
#define KG_AHEAD_H

#include "analysis/stats.h"

struct kg_analyses {
    const kg_graph *g;   /* found on this graph, */
    size_t nents, nrels; /* when it had these counts */
    kg_centrality *c;    /* kg_centralities' (malloc'd) */
    kg_sampling sampling;
    const kg_graph *drawn; /* the overview drawn ahead, or NULL: */
    char *svg;             /* its SVG (malloc'd), or NULL with */
    char why[1536];        /* why not */
};

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
