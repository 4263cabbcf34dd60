/*
 * louvain.h - communities of a weighted undirected graph by the Louvain
 * method (louvain.c), for overview.c.  Internal to analysis/.
 */
#ifndef KG_LOUVAIN_H
#define KG_LOUVAIN_H

#include <stddef.h>
#include <stdint.h>

/* Slots past the last arc, read (as node 0) by the moves' prefetching. */
enum { ARC_SPARE = 17 };

/* An arc's far end and weight side by side: one stream a move reads. */
typedef struct wedge {
    uint32_t to;
    uint32_t w; /* weights are counts of relations: exact as integers,
                   half the memory of doubles */
} wedge;

typedef struct wgraph {
    size_t n;
    size_t *start; /* n + 1: arcs of node v at [start[v], start[v + 1]) */
    wedge *e;
    double *self; /* per node: the weight of its loops */
} wgraph;

typedef struct arc {
    uint32_t a, b;
    uint32_t w; /* relations: at most kg_nrels, however many are summed */
} arc;

/* Builds x from n nodes and m arcs (each pair once either way, or a
 * loop a == b; the same pair again adds its weight), read only: each
 * node's arcs to the nodes above it ascending, then to those below it
 * ascending.  0, or -1 when out of memory (x then empty). */
int kg_wgraph_build(wgraph *x, size_t n, const arc *arcs, size_t m);
void kg_wgraph_free(wgraph *x);

/* The community of each node of x, final[v], numbered in order of first
 * member, and their number in *ncomm.  0, or -1 when out of memory. */
int kg_louvain(wgraph *x, uint32_t *final, size_t *ncomm);

#endif
