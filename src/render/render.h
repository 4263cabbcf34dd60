/*
 * render.h - rendering for kgraph's own use: the reason a render failed,
 * and Graphviz's warnings, in a buffer instead of the graph's callback.
 */
#ifndef KG_RENDER_H
#define KG_RENDER_H

#include <stddef.h>
#include <stdio.h>

#include "kgraph.h"

/*
 * kg_render_figure without a word to the callback: on failure the reason
 * is left in `err` (of `errlen` bytes; "" when a part below said it, such
 * as running out of memory writing the DOT); on success `err` holds
 * Graphviz's warnings, one per line.  kg_render_figure is this, then
 * `err` said through the callback.
 */
kg_status kg_render_quiet(const kg_graph *g, const kg_dot_options *opts,
                          const char *format, const char *engine, FILE *out,
                          kg_figure *figure, char *err, size_t errlen);

/*
 * Renders DOT text kgraph made (the timeline: positions pinned, drawn by
 * `engine`, "nop") as kg_render_quiet renders a graph: bounded, gated,
 * the reason or the warnings in err.  With a page in opts, the drawing is
 * scaled to it.
 */
kg_status kg_render_text(const char *dot, const kg_dot_options *opts,
                         const char *format, const char *engine, FILE *out,
                         char *err, size_t errlen);

#endif
