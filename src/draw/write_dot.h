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

#endif
