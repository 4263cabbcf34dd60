/*
 * centrality.h - components, betweenness and closeness by breadth-first
 * searches (centrality.c), into what kgraph stats works out (stats.c:
 * counts, rankings, the formats).  Internal to analysis/.
 */
#ifndef KG_CENTRALITY_H
#define KG_CENTRALITY_H

#include <stddef.h>
#include <stdint.h>

#include "graph/view.h"
#include "kgraph.h"
#include "util/parallel.h"

/* 32 bytes a node (a million of them fresh at 1M entities): the degree
 * is in + out (stats.c's degree_of); each under 2^32, as relations are
 * counted. */
typedef struct metrics {
    uint32_t entity;
    uint32_t in, out;   /* the shown edges that end, start at it */
    uint32_t component; /* its number, by size (0 is the largest) */
    double betweenness, closeness;
} metrics;

typedef struct stats_run stats_run;
struct stats_run {
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
    /* The caller's work that needs neither the centralities nor the
     * components (stats.c's: the degrees, the types counted), which
     * kg_stats_centralities does on a second thread while its own numbers
     * the nodes alone (one thread's work), or first where the settings
     * give it one thread; NULL: none.  It writes no field that
     * kg_stats_centralities reads or writes. */
    void (*alongside)(stats_run *r);
    kg_type_count *types[2]; /* the entities' and relations' types with
                                their counts (stats.c's), or NULL */
    size_t ntypes[2];
};

/* The weakly connected components of the shown nodes (r->comp_sizes,
 * r->ncomps, each node's component), and each one's betweenness and
 * closeness (r->m), by searches from every node or, past a bound on the
 * work, from a sample (centrality.c says which); sets the sampling's
 * fields; r->alongside done (when not NULL).  r->n > 0.  0, or -1 when
 * out of memory. */
int kg_stats_centralities(stats_run *r);

/* For the unit tests: 1 has the searches of this thread's later calls run
 * on the nodes as numbered, not renumbered in breadth-first order (which
 * keeps them together in memory), to show that both give the same
 * doubles; 0 goes back. */
void kg_centrality_plain_numbering(int plain);

/* For the unit tests: 1 has the searches of this thread's later calls ask
 * ahead for what they will read (and branch on what each neighbour is,
 * and hold back what they add: as past FAR_BYTES, centrality.c) whatever
 * the graph's size, to show that it gives the same doubles; 0 goes
 * back. */
void kg_centrality_far(int far);

/* For the unit tests: the undirected graph of r's shown edges (r->g,
 * r->n and r->index set, r->n > 0) as the searches read it: node v (of
 * r->m) is number newof[v] there, its neighbours those numbers
 * to[start[newof[v]] .. start[newof[v] + 1]).  Each array malloc'd, the
 * caller's to free; 0, or -1 when out of memory (then all NULL). */
int kg_centrality_adjacency(stats_run *r, uint32_t **start, uint32_t **to,
                            uint32_t **newof);

#endif
