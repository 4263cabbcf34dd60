/*
 * tries.h - each candidate layout of a figure timed where it ran (the
 * bounded child, often) and handed back for kg_graph_set_timings
 * (tries.c).
 */
#ifndef KG_TRIES_H
#define KG_TRIES_H

#include "kgraph.h"
#include "util/timing.h"

enum { KG_MAX_TRIES = 16 };

/* One candidate laid out: its engine ("dot LR"), wall and CPU seconds,
 * the peak of resident memory where it ran (bytes), how it was judged
 * (-1, -1 when Graphviz could not lay it out). */
typedef struct kg_layout_try {
    char engine[24];
    double wall, cpu, peak, name_pt;
    long collisions;
} kg_layout_try;

/* The candidates tried, in order; past KG_MAX_TRIES, not kept.  Plain
 * memory, so that a child can fill it in memory it shares. */
typedef struct kg_layout_tries {
    kg_layout_try t[KG_MAX_TRIES];
    int n;
} kg_layout_tries;

/* A candidate's layout begins: always measured (in the child there is no
 * callback to ask). */
kg_clock kg_layout_try_start(void);

/* It ended: kept in *tries (which may be NULL) with f's judgement, or
 * f NULL when it could not be laid out. */
void kg_layout_try_end(kg_layout_tries *tries, kg_clock c, const char *engine,
                       const kg_figure *f);

/* Hands each try to d's timing callback as a "layout" phase. */
void kg_layout_tries_say(const kg_diagsink *d, const kg_layout_tries *tries);

#endif
