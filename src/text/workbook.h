/*
 * workbook.h - spreadsheets as inputs: an .xlsx (Office Open XML, read
 * with libzip and expat), .ods (OpenDocument, the same) or .xls (Excel
 * 97-2003, read with FreeXL) opened, its sheets listed, and one sheet's
 * rows streamed as CSV records (csv_reader.h) through kg_rows (cells.h):
 * `line` the sheet's row number, fields in column order.
 *
 * A workbook is untrusted as any input: zipxml.h and xls.h say its
 * bounds.
 */
#ifndef KG_WORKBOOK_H
#define KG_WORKBOOK_H

#include <stddef.h>

#include "text/cells.h"
#include "util/diag.h"

/* Whether a file's name makes it a workbook: it ends in .xlsx, .ods or
 * .xls, any case. */
int kg_workbook_name(const char *path);

typedef struct kg_workbook kg_workbook;

/*
 * The workbook at `path` (of a name kg_workbook_name knows), named `file`
 * in diagnostics (kept by pointer).  NULL after an error said (a damaged
 * or bounded-out workbook), or out of memory (*nomem set).
 */
kg_workbook *kg_workbook_open(const char *path, const char *file,
                              kg_diagsink *diag, int *nomem);
void kg_workbook_free(kg_workbook *wb);

/* Its sheets, in the workbook's order (owned by wb). */
const kg_sheet *kg_workbook_sheets(const kg_workbook *wb, size_t *n);

/* Sheet i's rows to `rows`.  0, 1 when rows' callback stopped, -1 after
 * an error said, -2 out of memory. */
int kg_workbook_read(kg_workbook *wb, size_t i, kg_rows *rows);

#endif
