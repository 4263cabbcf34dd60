/*
 * sheets.c - workbooks as inputs, sheet by sheet (sheets.h).
 */
#include "read/sheets.h"

#include <stdlib.h>
#include <string.h>

#include "graph/lifetime.h"
#include "text/workbook.h"
#include "util/alloc.h"
#include "util/buf.h"

/* The workbook's path of "case.xlsx#Links" (a copy), and its sheet's name
 * in *sheet (in path: the rest after the first '#' that ends a workbook's
 * name, so a sheet's name may hold a '#'); NULL when the path names no
 * sheet or out of memory. */
static char *split(const char *path, const char **sheet)
{
    for (const char *hash = strchr(path, '#'); hash && hash[1];
         hash = strchr(hash + 1, '#')) {
        char *book = kg_strndup(path, (size_t)(hash - path));
        if (!book || kg_workbook_name(book)) {
            *sheet = hash + 1;
            return book;
        }
        free(book);
    }
    return NULL;
}

int kg_sheets_path(const char *path)
{
    const char *sheet;
    char *book = split(path, &sheet);
    free(book);
    return book != NULL;
}

typedef struct sheet_src {
    kg_workbook *wb;
    size_t i;
    int rc;
} sheet_src;

static int take(const kg_csv_record *rec, void *ctx)
{
    return kg_csv_take(ctx, rec) != 0;
}

static kg_status pump_sheet(kg_csv_reader *r, void *src)
{
    sheet_src *s = src;
    kg_rows rows;
    kg_rows_init(&rows, kg_csv_file(r), kg_csv_diag(r));
    rows.max_row = kg_csv_options_of(r)->max_row;
    rows.setting = kg_setting_name(rows.diag, KG_SETTING_MAX_ROW);
    rows.keep_raw = kg_csv_options_of(r)->keep_raw;
    rows.fn = take;
    rows.ctx = r;
    s->rc = kg_workbook_read(s->wb, s->i, &rows);
    kg_rows_free(&rows);
    if (s->rc == -2)
        kg_csv_stop_nomem(r);
    /* an error said: not "the file is empty" too */
    return s->rc == -2 ? KG_ERR_NOMEM : s->rc < 0 ? KG_ERR_IO : KG_OK;
}

static int first_only(const kg_csv_record *rec, void *ctx)
{
    (void)rec, (void)ctx;
    return 1;
}

/* Whether sheet i has a cell: read until its first row, saying nothing
 * (what it would say is said when it is read). */
static int has_cells(kg_graph *g, kg_workbook *wb, size_t i)
{
    size_t n;
    int known = kg_workbook_sheets(wb, &n)[i].cells;
    if (known)
        return known > 0;
    kg_diagsink quiet;
    kg_diag_init(&quiet);
    kg_rows rows;
    kg_rows_init(&rows, "", &quiet);
    rows.max_row = kg_graph_settings(g)->max_row;
    rows.setting = kg_setting_name(kg_graph_diag(g), KG_SETTING_MAX_ROW);
    rows.fn = first_only;
    int rc = kg_workbook_read(wb, i, &rows);
    kg_rows_free(&rows);
    return rc != 0 || rows.records != 0;
}

static kg_status read_sheet(kg_graph *g, kg_workbook *wb, size_t i,
                            const char *path, kg_ingest_fn ingest)
{
    size_t n;
    const kg_sheet *s = &kg_workbook_sheets(wb, &n)[i];
    kg_diagsink *d = kg_graph_diag(g);
    kg_buf name;
    kg_buf_init(&name);
    if (kg_buf_puts(&name, path) || kg_buf_putc(&name, ':') ||
        kg_buf_puts(&name, s->name) || kg_buf_putc(&name, '\0')) {
        kg_buf_free(&name);
        return KG_ERR_NOMEM;
    }
    kg_status st = KG_OK;
    if (!has_cells(g, wb, i)) {
        kg_warn(d, "empty-sheet", name.data, 0, 0,
                "the sheet has no cells; passed over");
    } else {
        if (s->hidden)
            kg_warn(d, "hidden-sheet", name.data, 0, 0,
                    "the workbook hides this sheet; it is read like the "
                    "others (name the sheets to read as WORKBOOK#SHEET to "
                    "leave it out)");
        sheet_src src = {wb, i, 0};
        st = ingest(g, name.data, pump_sheet, &src);
        if (st == KG_OK && src.rc < 0)
            st = KG_ERR_IO;
    }
    kg_buf_free(&name);
    return st;
}

/* The index of the sheet called `want`, or n after an error naming the
 * sheets there are. */
static size_t find_sheet(kg_graph *g, kg_workbook *wb, const char *path,
                         const char *want)
{
    size_t n;
    const kg_sheet *s = kg_workbook_sheets(wb, &n);
    for (size_t i = 0; i < n; i++)
        if (strcmp(s[i].name, want) == 0)
            return i;
    kg_diagsink *d = kg_graph_diag(g);
    kg_buf names;
    kg_buf_init(&names);
    for (size_t i = 0; i < n && names.len < 400; i++)
        if ((i && kg_buf_puts(&names, ", ")) ||
            kg_buf_puts(&names, kg_q(d, s[i].name)))
            break;
    kg_report(d, KG_ERROR, path, 0, 0,
              "the workbook has no sheet %s; its sheets are %s", kg_q(d, want),
              names.len ? names.data : "none");
    kg_buf_free(&names);
    return n;
}

kg_status kg_load_sheets(kg_graph *g, const char *path, kg_ingest_fn ingest)
{
    const char *want = NULL;
    char *book = kg_workbook_name(path) ? NULL : split(path, &want);
    const char *file = book ? book : path;
    int nomem = 0;
    kg_workbook *wb = kg_workbook_open(file, file, kg_graph_diag(g), &nomem);
    kg_status st = nomem ? KG_ERR_NOMEM : wb ? KG_OK : KG_ERR_IO;
    size_t n = 0;
    if (wb)
        kg_workbook_sheets(wb, &n);
    size_t only = wb && want ? find_sheet(g, wb, file, want) : n;
    if (want && only == n)
        st = KG_ERR_IO;
    for (size_t i = 0; wb && i < n && st != KG_ERR_NOMEM; i++) {
        if (want && i != only)
            continue;
        kg_status s = read_sheet(g, wb, i, file, ingest);
        if (s != KG_OK)
            st = s;
    }
    kg_workbook_free(wb);
    free(book);
    return st;
}

kg_status kg_sheet_rows(kg_graph *g, const char *path, const char *sheet,
                        int (*begin)(const char *name, void *ctx),
                        kg_csv_record_fn fn, void *ctx)
{
    int nomem = 0;
    kg_workbook *wb = kg_workbook_open(path, path, kg_graph_diag(g), &nomem);
    if (!wb)
        return nomem ? KG_ERR_NOMEM : KG_ERR_IO;
    size_t n;
    const kg_sheet *s = kg_workbook_sheets(wb, &n);
    size_t i = 0;
    if (sheet)
        i = find_sheet(g, wb, path, sheet);
    else
        while (i < n && !has_cells(g, wb, i))
            i++;
    if (i == n) {
        if (!sheet)
            kg_report(kg_graph_diag(g), KG_ERROR, path, 0, 0,
                      "the workbook has no sheet with cells");
        kg_workbook_free(wb);
        return KG_ERR_IO;
    }
    kg_buf name;
    kg_buf_init(&name);
    if (kg_buf_puts(&name, path) || kg_buf_putc(&name, ':') ||
        kg_buf_puts(&name, s[i].name) || kg_buf_putc(&name, '\0')) {
        kg_buf_free(&name);
        kg_workbook_free(wb);
        return KG_ERR_NOMEM;
    }
    int rc = begin(name.data, ctx) ? -2 : 0;
    if (rc == 0) {
        kg_rows rows;
        kg_rows_init(&rows, name.data, kg_graph_diag(g));
        rows.max_row = kg_graph_settings(g)->max_row;
        rows.setting = kg_setting_name(kg_graph_diag(g), KG_SETTING_MAX_ROW);
        rows.keep_raw = 1;
        rows.fn = fn;
        rows.ctx = ctx;
        rc = kg_workbook_read(wb, i, &rows);
        kg_rows_free(&rows);
    }
    kg_buf_free(&name);
    kg_workbook_free(wb);
    return rc == -2 ? KG_ERR_NOMEM : rc < 0 ? KG_ERR_IO : KG_OK;
}
