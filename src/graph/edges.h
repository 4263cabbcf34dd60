/*
 * edges.h - relation rows folded into edges (edges.c), a row at a time:
 * kg_merge_edges folds a graph's own rows; an overview folds the rows of
 * the graph it draws into the few lines it made of them, without adding
 * each row to its own graph first.
 */
#ifndef KG_GRAPH_EDGES_H
#define KG_GRAPH_EDGES_H

#include <stdint.h>

#include "graph/store.h"
#include "kgraph.h"
#include "util/timing.h"

enum { KG_FOLD_KEYS = 8 };

/* The sums so far of the edges of g rows fold into; owned by the fold,
 * freed by kg_fold_end (always called once kg_fold_start succeeded). */
typedef struct kg_fold {
    kg_graph *g;
    kg_clock clock;
    double *weight, *count; /* per relation of g */
    unsigned char *given;   /* per relation: a weight was given */
    /* another graph's keys, interned in g (a row has a few, the same) */
    const char *key_from[KG_FOLD_KEYS], *key_in_g[KG_FOLD_KEYS];
    const char *relation; /* "relation" interned in g, once needed */
} kg_fold;

/* One row, as kg_merge_edges takes a row of g (from == g, at its index,
 * keep the edge it folds into, first when keep is itself): its weight
 * and count are summed into keep's, and unless it is first, its other
 * values added to keep's, said to be at `at`'s place in the data. */
typedef struct kg_fold_row {
    uint32_t keep;        /* the relation of g it folds into */
    uint32_t at;          /* the relation of g whose place it has */
    int first;            /* it is keep: its values are there already */
    const kg_graph *from; /* where attrs are: g, or another graph */
    kg_list attrs;        /* its values, in from */
    const char *relation; /* NULL, or a value of "relation" before them */
} kg_fold_row;

/* Starts folding into g (resolved): sets kg_rel_folded for each of its
 * relations (the first of its kind, or KG_NONE), as kg_merge_edges
 * does.  0, or -1 when out of memory. */
int kg_fold_start(kg_fold *f, kg_graph *g);
/* Folds row r in: 0, or -1 when out of memory (then kg_fold_end). */
int kg_fold_add(kg_fold *f, const kg_fold_row *r);
/* Sets the sums on each edge of g kept (not folded), frees the fold and
 * says its time as "merge edges".  ok 0: only frees (a row failed).
 * KG_OK, or kg_graph_broke's status when out of memory. */
kg_status kg_fold_end(kg_fold *f, int ok);

#endif
