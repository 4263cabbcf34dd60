/*
 * shown.h - the values of a file's presentation columns, each checked
 * once (shown.c).
 */
#ifndef KG_SHOWN_H
#define KG_SHOWN_H

#include <stddef.h>

#include "graph/store.h"
#include "read/schema.h"

/* A file's memo of its presentation values' checks.  Owned by the caller;
 * kg_shown_free (NULL-safe) frees it. */
typedef struct kg_shown kg_shown;

/* The memo for the columns of s, or NULL when none of them keeps values
 * (then *nomem is 0) or out of memory (*nomem is 1). */
kg_shown *kg_shown_new(const kg_schema *s, int *nomem);
void kg_shown_free(kg_shown *m);

/*
 * What kg_graph_check_value says of value v (n bytes, NUL-terminated) of
 * column i, c, at loc: a warning when it is not fine.  A value of a column
 * whose check is a function of the value alone (a number, a colour, a
 * shape: not a picture, which is looked for in a folder, nor a link) is
 * looked up in a kg_present_memo first; m may be NULL (every value
 * checked).
 */
void kg_shown_check(kg_shown *m, kg_graph *g, kg_loc loc, size_t i,
                    const kg_column *c, const char *v, size_t n);

#endif
