/*
 * write_dot.h - the whole graph as DOT (write_dot.c): kg_write_dot
 * (kgraph.h), and the same for a printed page.
 */
#ifndef KG_WRITE_DOT_H
#define KG_WRITE_DOT_H

#include <stdio.h>

#include "kgraph.h"

/* kg_write_dot for a printed page: names wrapped, relations folded and
 * keyed (page_plan.h), the key fitted to `key_width` points (0: a default). */
kg_status kg_write_dot_paper(const kg_graph *g, FILE *out,
                             const kg_dot_options *opts, double key_width);

/* kg_write_dot (`paper`: kg_write_dot_paper) as Graphviz is given it to
 * draw a picture (SVG, PNG, PDF...): the same but for the data columns'
 * attributes and the aliases, which Graphviz does not read (a key it
 * reads is written data_KEY, presentation.h) and no picture shows.  An
 * overview's lines fold their rows' values, megabytes at a million
 * entities, which Graphviz parsed twice for nothing. */
kg_status kg_write_dot_picture(const kg_graph *g, FILE *out,
                               const kg_dot_options *opts, int paper,
                               double key_width);

#endif
