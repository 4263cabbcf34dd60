/*
 * packed.h - a drawing of clusters that kgraph lays out itself, for paper:
 * dot, Graphviz 2.43's one engine that draws clusters the same way twice,
 * ranks them across the page (Montagna's network by family: 16 ranks,
 * 1,600 pt wide, names at 3.1 pt on A4), and neato's own cluster mode
 * (mode=ipsep) crashes on it.
 *
 * Three steps, the approach of compound graph layouts (yEd's "organic
 * with groups"; Dwyer, Koren and Marriott's constrained layouts, 2006):
 *   1. each cluster's members are laid out by neato on their own, with
 *      the relations among them, overlaps removed, then pushed together:
 *      a compact box, room for its title above;
 *   2. the drawing of boxes (a node per cluster box and per entity in no
 *      cluster, an edge where a relation joins two) is laid out by neato,
 *      then spread to the page's shape as layout.c spreads any force
 *      layout: stretched, only its overlaps removed (prism), and pushed
 *      together along the axis that binds the page (a compaction that
 *      keeps every box's order along each axis, as VLSI compaction and
 *      Misue et al.'s orthogonal order do; Montagna by family: 5.6 pt on
 *      A4 without it, 6.3 with it);
 *   3. every entity is pinned where its box put it and each cluster's
 *      box given (kg_packed_pin), so that Graphviz's "nop" engine draws
 *      it as it is.
 * Deterministic: neato's stress layout, vpsc and prism are, for one DOT,
 * and the compaction is arithmetic in a fixed order.
 */
#ifndef KG_PACKED_H
#define KG_PACKED_H

#include <gvc.h>

/* Whether g (read, not laid out) has clusters this drawing can take: one
 * level of them (a cluster in a cluster is dot's), at least one. */
int kg_packed_fits(Agraph_t *g);

/* Where steps 1 and 2 put everything: each entity of the graph (in
 * cgraph's order of its nodes) and each cluster's box (in the order of
 * g's subgraphs), in points. */
typedef struct kg_packing {
    pointf *at;
    size_t n;
    boxf *box;
    size_t nc;
} kg_packing;

/* Steps 1 and 2 on g (laid out by any engine: its entities' sizes and
 * its clusters' titles' are what is read), the drawing of boxes spread to the
 * shape of a page of page_w x page_h points (0 x 0: not spread), into *p (which
 * the caller frees with kg_packing_free).  Lays out graphs of its own
 * (Graphviz's context then holds the last: lay out the graph to draw after
 * this). 0, or -1 when out of memory or when Graphviz could not. */
int kg_packed_layout(Agraph_t *g, double page_w, double page_h, kg_packing *p);
void kg_packing_free(kg_packing *p);

/* Step 3 on g, the same DOT read again (without the centres), not laid
 * out: each node's pos pinned in points, each cluster's bb set, for the
 * "nop" engine. */
void kg_packed_pin(Agraph_t *g, const kg_packing *p);

#endif
