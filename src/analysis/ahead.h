/*
 * ahead.h - kgraph.h's kg_analyses: the centralities of a graph found
 * ahead of the report that shows them, at the same time as its
 * communities and overview (kg_report_overview, overview.c).
 */
#ifndef KG_AHEAD_H
#define KG_AHEAD_H

#include "analysis/stats.h"

struct kg_analyses {
    const kg_graph *g;   /* found on this graph, */
    size_t nents, nrels; /* when it had these counts */
    kg_centrality *c;    /* kg_centralities' (malloc'd) */
    kg_sampling sampling;
};

#endif
