/*
 * legend.h - the key under the drawing (legend.c).
 */
#ifndef KG_LEGEND_H
#define KG_LEGEND_H

#include "draw/element.h"

/* Writes the legend: the key of entity looks, relation types (on paper,
 * the keyed ones) and confidence, as the graph's label under the drawing
 * (after the edges: it counts what they showed).  0, or -1 when out of
 * memory. */
int kg_write_legend(kg_writer *w);

#endif
