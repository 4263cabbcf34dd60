/*
 * collide.h - what a laid-out graph draws over what, counted on Graphviz's
 * own layout (its coordinates, its node shapes, its text sizes).
 *
 * Entities are compared by their outlines (an ellipse as a polygon of 24
 * sides, every other shape by the polygon Graphviz drew), texts by their
 * boxes, lines by their curves (8 points a Bezier segment).  Things that
 * only touch do not count: an outline or a text box is taken half a point
 * inside its edge.  Pairs are found through a grid of buckets, never by
 * trying every pair, so a large graph costs about what it draws; a count
 * whose pairs would pass 20 million tests is -1 (not measured).
 */
#ifndef KG_COLLIDE_H
#define KG_COLLIDE_H

#include <cgraph.h>

typedef struct kg_collisions {
    long relations;              /* lines drawn (the key's left out) */
    long entity_overlaps;        /* pairs of entities whose outlines overlap */
    long text_overlaps;          /* pairs of texts over each other: entity
                                    names, relation labels (the "xN" of a group's
                                    lines too), cluster titles, the key's texts */
    long labels_on_entities;     /* relation labels over an entity's outline */
    long names_outside;          /* names that stick out of their outline */
    long cluster_overlaps;       /* pairs of cluster boxes that cross, neither
                                    holding the other */
    long clusters_over_entities; /* (cluster, entity) pairs: an entity
                                    under a cluster box it is not in */
    long lines_through; /* lines through an entity they do not end at */
} kg_collisions;

/* Counts g's collisions (g laid out).  The key (the graph's own label,
 * or nodes and edges named kgraph_legend_*) holds no entity or relation,
 * but its texts are texts, and a cluster of it a cluster. */
void kg_collide_count(Agraph_t *g, kg_collisions *c);

#endif
