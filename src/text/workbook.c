/*
 * workbook.c - the three kinds of workbook behind one call (workbook.h).
 */
#include "text/workbook.h"

#include <stdlib.h>
#include <string.h>

#include "text/ods.h"
#include "text/xls.h"
#include "text/xlsx.h"
#include "util/alloc.h"
#include "util/utf8.h"

typedef enum { WB_NONE, WB_XLSX, WB_ODS, WB_XLS } wb_kind;

struct kg_workbook {
    wb_kind kind;
    kg_xlsx *xlsx;
    kg_ods *ods;
    kg_xls *xls;
};

static wb_kind kind_of(const char *path)
{
    size_t n = strlen(path);
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    if (base[0] == '.' || strncmp(base, "~$", 2) == 0)
        return WB_NONE; /* hidden, or Excel's lock file beside an open one */
    if (n > 5 && kg_ascii_casecmp(path + n - 5, ".xlsx") == 0)
        return WB_XLSX;
    if (n > 4 && kg_ascii_casecmp(path + n - 4, ".ods") == 0)
        return WB_ODS;
    if (n > 4 && kg_ascii_casecmp(path + n - 4, ".xls") == 0)
        return WB_XLS;
    return WB_NONE;
}

int kg_workbook_name(const char *path)
{
    return kind_of(path) != WB_NONE;
}

kg_workbook *kg_workbook_open(const char *path, const char *file,
                              kg_diagsink *diag, int *nomem)
{
    kg_workbook *wb = kg_calloc(1, sizeof *wb);
    if (!wb) {
        *nomem = 1;
        return NULL;
    }
    wb->kind = kind_of(path);
    int ok = wb->kind == WB_XLSX
                 ? (wb->xlsx = kg_xlsx_open(path, file, diag, nomem)) != NULL
             : wb->kind == WB_ODS
                 ? (wb->ods = kg_ods_open(path, file, diag, nomem)) != NULL
             : wb->kind == WB_XLS
                 ? (wb->xls = kg_xls_open(path, file, diag, nomem)) != NULL
                 : 0;
    if (!ok) {
        kg_workbook_free(wb);
        return NULL;
    }
    return wb;
}

void kg_workbook_free(kg_workbook *wb)
{
    if (!wb)
        return;
    kg_xlsx_free(wb->xlsx);
    kg_ods_free(wb->ods);
    kg_xls_free(wb->xls);
    free(wb);
}

const kg_sheet *kg_workbook_sheets(const kg_workbook *wb, size_t *n)
{
    return wb->xlsx  ? kg_xlsx_sheets(wb->xlsx, n)
           : wb->ods ? kg_ods_sheets(wb->ods, n)
                     : kg_xls_sheets(wb->xls, n);
}

int kg_workbook_read(kg_workbook *wb, size_t i, kg_rows *rows)
{
    size_t n;
    kg_workbook_sheets(wb, &n);
    if (i >= n)
        return -1;
    return wb->xlsx  ? kg_xlsx_read(wb->xlsx, i, rows)
           : wb->ods ? kg_ods_read(wb->ods, i, rows)
                     : kg_xls_read(wb->xls, i, rows);
}
