/*
 * xls.c - legacy Excel workbooks through FreeXL (xls.h).
 */
#include "text/xls.h"

#include <freexl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/alloc.h"

struct kg_xls {
    const void *handle;
    const char *file;
    kg_diagsink *diag;
    kg_sheet *sheets;
    size_t nsheets;
};

static int fail(kg_diagsink *diag, const char *file, int code)
{
    if (code == FREEXL_INSUFFICIENT_MEMORY)
        return -2;
    if (code == FREEXL_FILE_NOT_FOUND) {
        kg_report(diag, KG_ERROR, file, 0, 0,
                  "cannot read: no such file, or it cannot be opened");
        return -1;
    }
    kg_report(diag, KG_ERROR, file, 0, 0,
              "not an Excel 97-2003 workbook that can be read: FreeXL "
              "says error %d%s",
              code,
              code == FREEXL_CRAFTED_FILE ? " (a damaged or crafted file)"
              : code == FREEXL_INVALID_CFBF_HEADER ||
                      code == FREEXL_CFBF_INVALID_SIGNATURE
                  ? " (no Excel file header)"
                  : "");
    return -1;
}

static int list(kg_xls *x)
{
    unsigned int n = 0;
    int rc = freexl_get_info(x->handle, FREEXL_BIFF_SHEET_COUNT, &n);
    if (rc != FREEXL_OK)
        return fail(x->diag, x->file, rc);
    if (n > KG_SHEET_MAX_SHEETS) {
        kg_report(x->diag, KG_ERROR, x->file, 0, 0,
                  "the workbook has more than %d sheets; not read",
                  KG_SHEET_MAX_SHEETS);
        return -1;
    }
    x->sheets = kg_calloc(n + 1, sizeof *x->sheets);
    if (!x->sheets)
        return -2;
    for (unsigned int i = 0; i < n; i++) {
        const char *name = NULL;
        rc = freexl_get_worksheet_name(x->handle, (unsigned short)i, &name);
        if (rc != FREEXL_OK)
            return fail(x->diag, x->file, rc);
        x->sheets[i].name = kg_strdup(name ? name : "");
        if (!x->sheets[i].name)
            return -2;
        x->nsheets = i + 1;
    }
    return 0;
}

kg_xls *kg_xls_open(const char *path, const char *file, kg_diagsink *diag,
                    int *nomem)
{
    kg_xls *x = kg_calloc(1, sizeof *x);
    if (!x) {
        *nomem = 1;
        return NULL;
    }
    x->file = file;
    x->diag = diag;
    struct stat st;
    int rc = 0;
    if (stat(path, &st) == 0 && st.st_size > KG_XLS_MAX_FILE) {
        kg_report(diag, KG_ERROR, file, 0, 0,
                  "the workbook is larger than %lld bytes, the limit for an "
                  ".xls file; not read",
                  (long long)KG_XLS_MAX_FILE);
        rc = -1;
    } else {
        int code = freexl_open(path, &x->handle);
        rc = code == FREEXL_OK ? list(x) : fail(diag, file, code);
    }
    if (rc == 0) /* FreeXL 1.0 skips FORMULA and BOOLERR records */
        kg_warn(diag, "xls-cells-unread", file, 0, 0,
                "FreeXL, which reads .xls workbooks, gives no formula's "
                "value and no TRUE or FALSE: such cells read as empty (saved "
                "as .xlsx or .ods, the workbook is read whole)");
    if (rc) {
        *nomem = rc == -2;
        kg_xls_free(x);
        return NULL;
    }
    return x;
}

void kg_xls_free(kg_xls *x)
{
    if (!x)
        return;
    if (x->handle)
        freexl_close(x->handle);
    kg_sheets_free(x->sheets, x->nsheets);
    free(x);
}

const kg_sheet *kg_xls_sheets(const kg_xls *x, size_t *n)
{
    *n = x->nsheets;
    return x->sheets;
}

/* Cell (row, col)'s text into out (its length), or the text FreeXL keeps
 * (*text). */
static size_t cell(const FreeXL_CellValue *v, char *out, const char **text)
{
    switch (v->type) {
    case FREEXL_CELL_INT: return kg_cell_number(v->value.int_value, out);
    case FREEXL_CELL_DOUBLE: return kg_cell_number(v->value.double_value, out);
    case FREEXL_CELL_DATETIME: {
        /* "1959-10-04 13:45:00": ISO has a T between */
        int n = snprintf(out, KG_CELL_TEXT_MAX, "%s", v->value.text_value);
        if (n > 10 && out[10] == ' ')
            out[10] = 'T';
        return n > 0 ? (size_t)n : 0;
    }
    case FREEXL_CELL_TEXT:
    case FREEXL_CELL_SST_TEXT:
    case FREEXL_CELL_DATE:
    case FREEXL_CELL_TIME:
        *text = v->value.text_value;
        return *text ? strlen(*text) : 0;
    default: return 0;
    }
}

int kg_xls_read(kg_xls *x, size_t i, kg_rows *rows)
{
    int rc = freexl_select_active_worksheet(x->handle, (unsigned short)i);
    unsigned int nrows = 0;
    unsigned short ncols = 0;
    if (rc == FREEXL_OK)
        rc = freexl_worksheet_dimensions(x->handle, &nrows, &ncols);
    if (rc != FREEXL_OK)
        return fail(rows->diag, rows->file, rc);
    for (unsigned int r = 0; r < nrows; r++) {
        kg_rows_begin(rows, r + 1);
        for (unsigned short c = 0; c < ncols; c++) {
            FreeXL_CellValue v;
            rc = freexl_get_cell_value(x->handle, r, c, &v);
            if (rc != FREEXL_OK) {
                kg_rows_error(rows, c + 1u,
                              "FreeXL cannot read the cell "
                              "(error %d)",
                              rc);
                continue;
            }
            char out[KG_CELL_TEXT_MAX];
            const char *text = out;
            size_t n = cell(&v, out, &text);
            if (kg_rows_cell(rows, c, text, n))
                return rows->stop;
        }
        if (kg_rows_end(rows))
            return rows->stop;
    }
    return 0;
}
