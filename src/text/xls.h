/*
 * xls.h - legacy Excel workbooks (.xls, BIFF8 and older), read by FreeXL:
 * the sheets, and one sheet's rows (cells.h).
 *
 * FreeXL runs in a child process (util/sandbox.h), never in kgraph's: a
 * crafted file that crashes it (FreeXL 1.0.6 has such bugs), or keeps it
 * busy longer than KG_XLS_TIMEOUT_MS, or makes it use more than half the
 * machine's memory, is an error of the workbook, and FreeXL's memory is
 * the child's.  The child streams the cells back; kgraph checks what it
 * sends against BIFF8's bounds.  Each call below is one child, which
 * opens the file again.
 *
 * FreeXL reads the file (given by its path, never one it names), turns
 * its text into UTF-8 and its dates, datetimes and times into ISO text by
 * their cells' formats and the workbook's date system; kgraph writes
 * numbers as cells.h says.  FreeXL (1.0.6, Debian 12's) gives no value
 * for a formula or a boolean cell (FORMULA and BOOLERR records): those
 * read as empty, which a warning says for each workbook.  FreeXL holds a
 * selected sheet's cells in memory: at most BIFF8's 65,536 rows by 256 columns,
 * and a file larger than KG_XLS_MAX_FILE is not read.
 */
#ifndef KG_XLS_H
#define KG_XLS_H

#include <stddef.h>

#include "text/cells.h"
#include "util/diag.h"

#define KG_XLS_MAX_FILE   ((long long)256 << 20)
#define KG_XLS_TIMEOUT_MS 120000ul

typedef struct kg_xls kg_xls;

/* As kg_xlsx_open, kg_xlsx_free, kg_xlsx_sheets, kg_xlsx_read (xlsx.h). */
kg_xls *kg_xls_open(const char *path, const char *file, kg_diagsink *diag,
                    int *nomem);
void kg_xls_free(kg_xls *x);
const kg_sheet *kg_xls_sheets(const kg_xls *x, size_t *n);
int kg_xls_read(kg_xls *x, size_t i, kg_rows *rows);

#endif
