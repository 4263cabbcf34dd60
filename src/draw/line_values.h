/*
 * line_values.h - what relations' values make of their lines
 * (line_values.c): the confidence scale and the range of strengths or
 * weights over the shown relations, before the edges are written (the
 * DOT writer, write_dot.c; element.c draws widths on that range) and for
 * the timeline.
 */
#ifndef KG_LINE_VALUES_H
#define KG_LINE_VALUES_H

#include "draw/element.h"

/* Finds the confidence scale and the range of strengths or weights of the
 * shown relations (w->scale, wmin, wmax, wkey): before writing edges. */
void kg_writer_scan(kg_writer *w);

/* The confidence scale of g's shown relations, as the writer finds it. */
kg_scale kg_writer_scale(const kg_graph *g);

#endif
