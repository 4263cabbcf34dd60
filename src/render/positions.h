/*
 * positions.h - where kgraph's own layout puts each entity (positions.c),
 * for the exports to place nodes as the picture does.
 *
 * Ownership: kg_positions_of fills a kg_positions the caller owns and
 * frees with kg_positions_free.
 */
#ifndef KG_POSITIONS_H
#define KG_POSITIONS_H

#include <stddef.h>
#include <stdint.h>

#include "kgraph.h"

/* Entities laid out at most: a larger graph is left to the tool. */
#define KG_POSITIONS_MAX 800

/* An entity's place in kgraph's layout: its centre and size in points,
 * y growing downwards (as yEd, Gephi and Cytoscape.js have it). */
typedef struct kg_position {
    double x, y, w, h;
    int set;
} kg_position;

typedef struct kg_positions {
    kg_position *v; /* per entity, or NULL: none laid out */
    size_t n;
} kg_positions;

/* Lays g out as its picture would be (dot, or sfdp past dot's sizes) and
 * fills p; leaves p empty when g is larger than KG_POSITIONS_MAX or
 * Graphviz fails (the tool's own layouts then place the nodes).  0, or
 * -1 when out of memory. */
int kg_positions_of(const kg_graph *g, const kg_dot_options *opts,
                    kg_positions *p);
/* Frees what p holds and empties it (NULL-safe on an empty p). */
void kg_positions_free(kg_positions *p);

/* Entity e's position, or NULL when it has none. */
static inline const kg_position *kg_position_of(const kg_positions *p,
                                                uint32_t e)
{
    return p->v && e < p->n && p->v[e].set ? &p->v[e] : NULL;
}

#endif
