/*
 * date_cols.h - a file's date columns: what each held, counted row by
 * row, and at the end of the file its order decided and what was no date
 * warned about once (date_cols.c).
 */
#ifndef KG_DATE_COLS_H
#define KG_DATE_COLS_H

#include <stddef.h>

#include "read/schema.h"
#include "text/csv_reader.h"

typedef struct kg_date_cols kg_date_cols;

/* The date columns of file `file` (kept by pointer), schema s (kept by
 * pointer; each column's is_date set), for graph g; NULL when out of
 * memory.  Owned by the caller: free() it. */
kg_date_cols *kg_date_cols_new(kg_graph *g, const char *file, kg_schema *s);

/* Counts value f (not empty) of date column i at `line`; `read`: f is
 * known to be a date kg_date_read reads (row_marks.h). */
void kg_date_cols_value(kg_date_cols *d, size_t i, const kg_csv_field *f,
                        unsigned long line, int read);

/* At the end of the file: each date column's order decided and recorded
 * in the graph (graph/dates.h), its values that are no date counted in
 * one warning.  d may be NULL (nothing).  0, or -1 when out of memory. */
int kg_date_cols_settle(const kg_date_cols *d);

#endif
