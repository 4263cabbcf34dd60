/*
 * export.h - the graph for other tools (export.c) and the positions
 * kgraph's own layout gives its entities (positions.c).
 */
#ifndef KG_EXPORT_H
#define KG_EXPORT_H

#include "graph/graph.h"

/* Entities laid out for an export at most: more are left to the tool. */
#define KG_EXPORT_LAYOUT 800

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
 * fills p; leaves p empty when g is larger than KG_EXPORT_LAYOUT or
 * Graphviz fails (the tool's own layouts then place the nodes).  0, or
 * -1 when out of memory. */
int kg_positions_of(const kg_graph *g, const kg_dot_options *opts,
                    kg_positions *p);
void kg_positions_free(kg_positions *p);

static inline const kg_position *kg_position_of(const kg_positions *p,
                                                uint32_t e)
{
    return p->v && e < p->n && p->v[e].set ? &p->v[e] : NULL;
}

#endif
