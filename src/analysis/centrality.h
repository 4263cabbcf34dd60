/*
 * centrality.h - components, betweenness and closeness by breadth-first
 * searches (centrality.c), into what kgraph stats works out (stats.c:
 * counts, rankings, the formats).  Internal to analysis/.
 */
#ifndef KG_CENTRALITY_H
#define KG_CENTRALITY_H

#include <stddef.h>
#include <stdint.h>

#include "kgraph.h"
#include "util/parallel.h"

typedef struct metrics {
    uint32_t entity;
    unsigned long degree, in, out;
    double betweenness, closeness;
    uint32_t component; /* its number, by size (0 is the largest) */
} metrics;

typedef struct stats_run {
    const kg_graph *g;
    metrics *m; /* one per shown node, in input order */
    size_t n;
    uint32_t *index;           /* entity -> position in m, or KG_NONE */
    unsigned long *comp_sizes; /* largest first */
    size_t ncomps;
    unsigned long edges;
    size_t sources;       /* of the centrality searches */
    int sampled;          /* fewer than every node: estimates */
    double share;         /* sampled: the share of each sampled component */
    size_t *comp_sources; /* per component: its sources */
    size_t whole;         /* sampled: the components searched whole (the
                             smallest), and their entities */
    size_t whole_entities;
    /* sampled: per node, the relative standard error of its betweenness
     * and closeness (NAN when its component gave one source) */
    double *btw_err, *clo_err;
    int nomem;       /* writing it ran out of memory: the text is short */
    kg_spare *spare; /* a thread that may join the searches, or NULL */
} stats_run;

/* The weakly connected components of the shown nodes (r->comp_sizes,
 * r->ncomps, each node's component), and each one's betweenness and
 * closeness (r->m), by searches from every node or, past a bound on the
 * work, from a sample (centrality.c says which); sets the sampling's
 * fields.  r->n > 0, degrees and edges counted.  0, or -1 when out of
 * memory. */
int kg_stats_centralities(stats_run *r);

/* For the unit tests: 1 has the searches of this thread's later calls run
 * on the nodes as numbered, not renumbered in breadth-first order (which
 * keeps them together in memory), to show that both give the same
 * doubles; 0 goes back. */
void kg_centrality_plain_numbering(int plain);

#endif
