/*
 * packed.h - a drawing of clusters that kgraph lays out itself, for paper:
 * dot, Graphviz 2.43's one engine that draws clusters the same way twice,
 * ranks them across the page (Montagna's network by family: 16 ranks,
 * 1,600 pt wide, names at 3.1 pt on A4), and neato's own cluster mode
 * (mode=ipsep) crashes on it.
 *
 * Three steps, the approach of compound force layouts (yEd's "organic
 * with groups", Dwyer, Koren and Marriott's constrained layouts, 2006):
 *   1. neato lays out the whole graph with an unseen centre per cluster
 *      that pulls its members together (kg_packed_add_centres, before the
 *      layout);
 *   2. each cluster becomes one box round its members (room for its title
 *      above them), and the boxes and the entities in no cluster are moved
 *      apart by neato's smallest moves (vpsc), nothing else changing
 *      (kg_packed_places);
 *   3. every entity is pinned where it came out, each cluster's members
 *      moved with their box, and each cluster's box given (kg_packed_pin),
 *      so that Graphviz's "nop" engine draws it as it is.
 * Deterministic: neato's stress layout and vpsc are, for one DOT.
 */
#ifndef KG_PACKED_H
#define KG_PACKED_H

#include <gvc.h>

/* Whether g (read, not laid out) has clusters this drawing can take: one
 * level of them (a cluster in a cluster is dot's), at least one. */
int kg_packed_fits(Agraph_t *g);

/* Step 1: adds to g (read, not laid out) an unseen node per cluster (named
 * kgraph_centre_N) and a short unseen edge from it to each member.
 * 0, or -1 when out of memory. */
int kg_packed_add_centres(Agraph_t *g);

/* Where step 2 puts everything: each entity of the graph (in cgraph's
 * order of its nodes, the unseen centres left out) and each cluster's
 * box (in the order of g's subgraphs), in points. */
typedef struct kg_packing {
    pointf *at;
    size_t n;
    boxf *box;
    size_t nc;
} kg_packing;

/* Step 2 on g, laid out by neato after kg_packed_add_centres, into *p
 * (which the caller frees with kg_packing_free), neato's places first
 * stretched `sx` times across and `sy` times up.  Lays out a graph of its
 * own (Graphviz's context then holds that layout: lay out the graph to
 * draw after this).  0, or -1 when out of memory or when Graphviz could
 * not. */
int kg_packed_places(Agraph_t *g, double sx, double sy, kg_packing *p);

/* The box round everything p places, in points. */
boxf kg_packing_bb(const kg_packing *p, Agraph_t *g);
void kg_packing_free(kg_packing *p);

/* Step 3 on g, the same DOT read again (without the centres), not laid
 * out: each node's pos pinned in points, each cluster's bb set, for the
 * "nop" engine. */
void kg_packed_pin(Agraph_t *g, const kg_packing *p);

#endif
