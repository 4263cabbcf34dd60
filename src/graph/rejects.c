/*
 * rejects.c - rows left out of a graph (rejects.h; kgraph.h's
 * kg_graph_set_rejects and kg_graph_input_status).
 *
 * An error reported while a row is read belongs to that row when the row
 * is then rejected: those errors are the ones a tolerance
 * (kg_graph_set_max_errors) may allow.  Every other error (a file that
 * cannot be read, a header with errors, a file cut short by a limit) is
 * outside the rows, and no tolerance allows it.
 */
#include "graph/rejects.h"
#include "graph/lifetime.h"
#include "graph/store_int.h"

#include <stdio.h>
#include <stdlib.h>

#include "rules/escape.h"
#include "util/alloc.h"
#include "util/out.h"

kg_status kg_graph_set_rejects(kg_graph *g, FILE *out)
{
    if (!g)
        return KG_ERR_USAGE;
    if (out && !g->rejects_out && !(g->rejects_out = kg_malloc(sizeof(kg_out))))
        return KG_ERR_NOMEM;
    g->rejects = out;
    if (!out)
        return KG_OK;
    kg_out_init(g->rejects_out, out);
    kg_out_puts(g->rejects_out, "file,line,column,reason,row\n");
    kg_out_flush(g->rejects_out);
    return KG_OK;
}

int kg_graph_keeps_rows(const kg_graph *g)
{
    return g->rejects != NULL;
}

/* One record of the table: the row is one field, its bytes as they are
 * (kg_csv_cell_n). */
static void write_reject(kg_graph *g, const char *file, unsigned long line,
                         const char *reason, const char *raw, size_t len)
{
    kg_out *o = g->rejects_out;
    int own = kg_diag_row_errors(&g->diag) > 0;
    kg_csv_cell(o, file);
    kg_out_printf(o, ",%lu,", line);
    if (own && g->diag.reason_col)
        kg_out_printf(o, "%lu", g->diag.reason_col);
    kg_out_putc(o, ',');
    kg_csv_cell(o, own ? g->diag.reason : reason);
    kg_out_putc(o, ',');
    kg_csv_cell_n(o, raw ? raw : "", raw ? len : 0);
    kg_out_putc(o, '\n');
    kg_out_flush(o);
}

void kg_graph_reject(kg_graph *g, const char *file, unsigned long line,
                     const char *reason, const char *raw, size_t len)
{
    g->stats.rejected++;
    g->row_errors += kg_diag_row_errors(&g->diag);
    if (g->rejects)
        write_reject(g, file, line, reason, raw, len);
    /* its errors are counted: a second rejection of it counts none */
    g->diag.row_mark = g->diag.errors;
}

kg_status kg_graph_input_status(const kg_graph *g, unsigned long *outside)
{
    unsigned long all = g ? g->diag.errors : 0;
    unsigned long rows = g && g->row_errors < all ? g->row_errors : all;
    if (outside)
        *outside = all - rows;
    if (!g)
        return KG_ERR_USAGE;
    if (all == 0)
        return KG_OK;
    return all == rows && g->stats.rejected <= g->set.max_errors ? KG_OK
                                                                 : KG_ERR_INPUT;
}
