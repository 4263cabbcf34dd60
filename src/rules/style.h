/*
 * style.h - style sheets: Graphviz attributes per entity type and per
 * relation type.
 *
 * A style sheet is a CSV file with one column per Graphviz attribute:
 *
 *     kind,type,shape,style,fillcolor,color
 *     node,person|people|suspect,ellipse,filled,#9ecae1,#3b6e8f
 *     node,?,ellipse,filled,#e0e0e0,#666666
 *     edge,member_of|part_of,,,,#2b7bba
 *     graph,*,,,,
 *
 * `kind` is graph, node or edge.  `type` lists type names separated by `|`
 * (compared without regard to ASCII case); `*` gives the defaults for every
 * node or edge (written once, as `node [...]`), `?` the look of any type the
 * sheet does not list, and of entities without a type.  An empty cell sets
 * nothing; a type not seen before starts from the look of `?`.  Sheets
 * load on top of each other: the built-in theme
 * (input/theme/style.csv, compiled in), then each --style file, a later
 * value replacing an earlier one.
 */
#ifndef KG_STYLE_H
#define KG_STYLE_H

#include <stddef.h>

#include "util/diag.h"

typedef enum kg_style_kind {
    KG_STYLE_GRAPH,
    KG_STYLE_NODE,
    KG_STYLE_EDGE
} kg_style_kind;

/* Attributes in the order they were first set. */
typedef struct kg_look {
    char **keys;
    char **values;
    size_t n, cap;
    char *signature; /* "k=v\n..." to tell equal looks apart; after load */
} kg_look;

typedef struct kg_stylesheet kg_stylesheet;

kg_stylesheet *kg_style_new(void);
void kg_style_free(kg_stylesheet *s);

/*
 * Reads a sheet from CSV text named `name` (for diagnostics).  Problems
 * are errors with file and line.  Returns 0, or -1 when out of memory.
 */
int kg_style_load(kg_stylesheet *s, const char *name, const char *data,
                  size_t len, kg_diagsink *diag);

/* Loads the built-in theme. */
int kg_style_load_theme(kg_stylesheet *s, kg_diagsink *diag);

/* The defaults (`*`) of a kind; never NULL. */
const kg_look *kg_style_defaults(const kg_stylesheet *s, kg_style_kind kind);

/* The look of a node or edge `type` (NULL: none): its own row, else `?`;
 * never NULL. */
const kg_look *kg_style_look(const kg_stylesheet *s, kg_style_kind kind,
                             const char *type);

/* The sheet's looks one by one, i < kg_style_nlooks (for a caller that
 * needs every key a look can have). */
size_t kg_style_nlooks(const kg_stylesheet *s);
const kg_look *kg_style_look_at(const kg_stylesheet *s, size_t i);

/* The largest style sheet kg_load_style reads: a sheet is a few rows. */
#define KG_STYLE_MAX ((size_t)1 << 20)

/* The theme's text (input/theme/style.csv), compiled in. */
extern const char kg_theme_csv[];

#endif
