/*
 * origin.h - the input row a part of a picture was drawn from, so that a
 * render that fails on one entity or relation says which row to look at.
 *
 * kgraph's SVG gives each node the element id "n-" + its id, and each
 * edge "e-" + its source's id + "-" + its target's + "-" + N, the Nth
 * shown relation between the two in row order (draw/element.c), every id
 * written with kg_svg_id (rules/escape.h), which can be read back.
 */
#ifndef KG_ORIGIN_H
#define KG_ORIGIN_H

#include <stddef.h>

#include "kgraph.h"

/*
 * Where the node or edge of graph g that holds byte `at` of the SVG
 * svg[0..len) comes from, as "the entity of FILE:LINE" or "the relation
 * of FILE:LINE", into out[0..outlen).  0, or -1 (out untouched) when the
 * byte is in no node or edge of g's, or it has no row.
 */
int kg_origin_in_svg(const kg_graph *g, const char *svg, size_t len, size_t at,
                     char *out, size_t outlen);

/*
 * The same for line `line` of kgraph's DOT `dot` (a node or an edge
 * statement, which ends with its SVG id), where Graphviz found an error.
 */
int kg_origin_in_dot(const kg_graph *g, const char *dot, unsigned long line,
                     char *out, size_t outlen);

#endif
