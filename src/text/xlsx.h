/*
 * xlsx.h - Office Open XML workbooks (.xlsx, as Excel, LibreOffice and
 * openpyxl write them): the sheets, and one sheet's rows (cells.h).
 *
 * The package is followed as OPC says: _rels/.rels names the workbook,
 * its relationships its sheets, shared strings and styles.  A cell is its
 * shared or inline string (rich-text runs joined, phonetic guides left
 * out), its number (a date or time when its style's number format is
 * one), TRUE or FALSE, a formula's cached value, or an error's text
 * (#DIV/0!).
 */
#ifndef KG_XLSX_H
#define KG_XLSX_H

#include <stddef.h>

#include "text/cells.h"
#include "util/diag.h"

typedef struct kg_xlsx kg_xlsx;

/* The workbook at `path`, named `file` in diagnostics (kept by pointer);
 * NULL after an error said, or out of memory (*nomem set). */
kg_xlsx *kg_xlsx_open(const char *path, const char *file, kg_diagsink *diag,
                      int *nomem);
void kg_xlsx_free(kg_xlsx *x);

/* The sheets, in the workbook's order; owned by x. */
const kg_sheet *kg_xlsx_sheets(const kg_xlsx *x, size_t *n);

/* Sheet i's rows to `rows` (set up by the caller).  0, 1 when its
 * callback stopped, -1 after an error said, -2 out of memory. */
int kg_xlsx_read(kg_xlsx *x, size_t i, kg_rows *rows);

#endif
