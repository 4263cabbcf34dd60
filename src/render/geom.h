/*
 * geom.h - the plane geometry the figure's measure, its label placement
 * and the line router share: a point of a cubic Bezier piece, and whether
 * two segments cross.  Pure functions of their arguments.
 */
#ifndef KG_GEOM_H
#define KG_GEOM_H

#include <gvc.h>

/* The point at t (0 to 1) of the cubic Bezier piece p[0..3]. */
pointf kg_bezier_at(const pointf *p, double t);

/* Which side of the line from o through a point b lies on: twice the
 * signed area of the triangle o a b (> 0: to the left). */
double kg_turn(pointf o, pointf a, pointf b);

/* Whether segments ab and cd cross at a point inside both (touching at
 * an end, or lying along each other, is not crossing). */
int kg_segments_cross(pointf a, pointf b, pointf c, pointf d);

/* Calls fn with each cluster of g (laid out) and of its clusters, depth
 * first in Graphviz's order, until fn returns nonzero; returns that. */
int kg_each_cluster(Agraph_t *g, int (*fn)(Agraph_t *cluster, void *ctx),
                    void *ctx);

/* How many clusters g has, at every depth. */
int kg_count_clusters(Agraph_t *g);

/* The box w x h centred at c. */
boxf kg_box_round(pointf c, double w, double h);

/* *b grown to hold a (or a itself when `first`). */
void kg_box_grow(boxf *b, boxf a, int first);

#endif
