/*
 * route.h - relation lines routed around the entities they do not end at,
 * after a force engine placed the entities (Graphviz 2.43's own router,
 * splines=true, is slow and overruns a buffer on two lines of one pair).
 *
 * The approach of libavoid's polyline router (Wybrow, Marriott and
 * Stuckey, 2009): each entity's box, widened by a margin, is an obstacle;
 * a line that enters an entity it does not end at takes the shortest path
 * between its two entities over the corners of the obstacles near it
 * (a visibility graph searched with A*), smoothed into cubic Bezier
 * pieces that round each bend as far as they stay clear of entities,
 * clipped at the two entities' shapes with its arrowheads where Graphviz
 * drew them.  The lines of one pair (either way round) are routed
 * together and kept a few points apart.  Lines that enter no entity stay
 * as Graphviz drew them.
 */
#ifndef KG_ROUTE_H
#define KG_ROUTE_H

#include <gvc.h>

/*
 * Routes every relation line of g, laid out (nodes placed, lines drawn
 * straight: splines=false) by a force engine, around the entities it
 * does not end at, and writes each routed edge's ED_spl anew (Graphviz's
 * malloc'ed list is freed and replaced, as Graphviz's own router does, so
 * agclose frees it).  The key's nodes (named kgraph_legend_*) are
 * obstacles, but its own lines are not routed; cluster boxes are not
 * obstacles; loops stay as they are.  GD_bb(g) grows to hold the routed
 * lines.
 *
 * The work is bounded by counts, not time: each line's search looks at
 * the obstacles near it, at most a fixed number of them, and the whole
 * graph's obstacle tests at most a fixed budget (far above what 2,000
 * entities need in practice); a line with no route under those bounds,
 * or past the budget, is left as Graphviz drew it.  Deterministic: the
 * same layout gives the same lines.
 *
 * Returns 0, or -1 when out of memory (the lines not yet routed are left
 * as they were).
 */
int kg_route_lines(Agraph_t *g);

/*
 * Moves g's entities (laid out by a force engine) `factor` times as far
 * from the drawing's centre, their shapes as they are, to make room for
 * relation labels, and draws each line straight again between its
 * entities, clipped at their shapes, with its arrowheads (kg_route_lines
 * then routes them); cluster boxes (kgraph's own, packed.h) grow and move
 * with them, their titles kept under their tops.  GD_bb(g) is the new
 * drawing's, with the graph's
 * own label (the key) under or over it where it was.  Returns 0, or -1
 * when out of memory (some lines then keep their old places).
 */
int kg_route_spread(Agraph_t *g, double factor);

/* Whether point p (in g's points) is inside node v's shape as Graphviz
 * draws it (its box for a shape Graphviz gives no test). */
int kg_route_inside(Agnode_t *v, pointf p);

#endif
