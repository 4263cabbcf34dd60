/*
 * stats.h - what kgraph stats computes, for the filters and the report:
 * degrees and betweenness (breadth-first searches, sampled on large
 * graphs), ranked as kgraph stats ranks them.  kg_write_stats is in
 * kgraph.h.
 */
#ifndef KG_STATS_H
#define KG_STATS_H

#include <stddef.h>
#include <stdint.h>

#include "kgraph.h"

/* The `top` shown entities with the highest betweenness (as kgraph stats
 * ranks them: ties by degree... in input order), most central first: a
 * malloc'd array of *n entity indexes, or NULL when out of memory. */
uint32_t *kg_most_central(const kg_graph *g, size_t top, size_t *n);

/* Each shown entity's degree and betweenness, as kg_write_stats computes
 * them: a malloc'd array indexed by entity (zero for those not shown),
 * or NULL when out of memory. */
typedef struct kg_centrality {
    unsigned long degree;
    double betweenness;
} kg_centrality;
kg_centrality *kg_centralities(const kg_graph *g);

#endif
