/*
 * rejects.h - rows left out of a graph (rejects.c): counted, their errors
 * told apart from the input's other errors, and written to the caller's
 * table of rejected rows (kgraph.h: kg_graph_set_rejects,
 * kg_graph_input_status).
 */
#ifndef KG_REJECTS_H
#define KG_REJECTS_H

#include <stddef.h>

#include "graph/store.h"

/*
 * The row of `file` that begins on `line` is not used.  It is counted in
 * kg_stats.rejected; the errors reported since it began
 * (kg_diag_row_begin) are its own; and it goes to the rejects table with
 * the first of them as its reason, or `reason` when it has none of its
 * own (a row left out for its file's header).  `raw` is the row as read,
 * `len` bytes, or NULL when it was not kept (kg_graph_keeps_rows).
 */
void kg_graph_reject(kg_graph *g, const char *file, unsigned long line,
                     const char *reason, const char *raw, size_t len);

/* Whether readers should keep each row's text: a table wants it. */
int kg_graph_keeps_rows(const kg_graph *g);

#endif
