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
#include "util/out.h"

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
/* How the centralities were found: exactly, or (sampled: 1) from the
 * searches of `sources` of the `nodes` shown: every node of the `whole`
 * smallest components (`whole_entities` in all, at most `whole_largest`
 * each: exact), a `share` of each of the `ncomps - whole` others (at
 * least two; `largest_sources` of the `largest` component's), with the
 * expected relative error (one standard error, from the spread of the
 * sampled searches; NAN where not measured) of the `top` entities by
 * betweenness and by closeness. */
typedef struct kg_sampling {
    int sampled;
    size_t sources, nodes;
    double share;
    size_t top;
    double betweenness_median, betweenness_max;
    double closeness_median, closeness_max;
    size_t largest, largest_sources; /* the largest component: its size
                                        and its sources */
    size_t ncomps, whole, whole_entities, whole_largest;
} kg_sampling;
enum { KG_SAMPLING_TOP = 10 }; /* the report's errors: of its top ten */

/* sampling, when not NULL, is set as kg_sampling says. */
kg_centrality *kg_centralities(const kg_graph *g, kg_sampling *sampling);

/* The same, with the thread lent to `spare` (util/parallel.h; may be
 * NULL) as one of the searches' threads, when it comes: it may be busy
 * with other work until then. */
struct kg_spare;
kg_centrality *kg_centralities_spare(const kg_graph *g, kg_sampling *sampling,
                                     struct kg_spare *spare);

/* The sampling's statement in one paragraph of plain text (no newline). */
void kg_sampling_text(kg_out *out, const kg_sampling *s);

#endif
