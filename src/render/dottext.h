/*
 * dottext.h - the DOT text Graphviz draws a picture from: kgraph's own
 * DOT, the single description of the picture, written to memory, so that
 * a rendered file and `dot -T` on relations.dot always agree.
 */
#ifndef KG_DOTTEXT_H
#define KG_DOTTEXT_H

#include "kgraph.h"

/*
 * The graph's DOT (malloc'd), or NULL with *st set: kg_write_dot's, or
 * with a page in opts kg_write_dot_paper's, its key fitted to key_width
 * points (0: a default).  For a picture, it is the text as drawn
 * (kg_dottext_shown): no entity decoded, controls made visible.
 */
char *kg_dottext_of(const kg_graph *g, const kg_dot_options *opts, int picture,
                    double key_width, kg_status *st);

/* `dot` as a picture's text: what Graphviz would read as an HTML entity
 * escaped (kg_dot_drawn), so that nothing is decoded, and the characters
 * XML cannot hold (C0 controls but tab and line ends, DEL, U+FFFE,
 * U+FFFF) shown as the symbols of Unicode's Control Pictures block (or
 * U+FFFD): they can only appear inside DOT strings, and a symbol of three
 * bytes keeps those strings intact.  malloc'd; NULL when out of memory. */
char *kg_dottext_shown(const char *dot);

#endif
