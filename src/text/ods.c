/*
 * ods.c - OpenDocument spreadsheets (ods.h).
 */
#include "text/ods.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "text/zipxml.h"
#include "util/alloc.h"
#include "util/buf.h"

static const char CONTENT[] = "content.xml";

struct kg_ods {
    kg_zip *zip;
    const char *file;
    kg_diagsink *diag;
    kg_sheet *sheets;
    size_t nsheets, sheetcap;
    char **hidden; /* the table styles that hide a sheet */
    size_t nhidden, hiddencap;
};

/* One pass over content.xml: listing its sheets (want == (size_t)-1) or
 * reading sheet `want`'s rows. */
typedef struct ods_ctx {
    kg_xml x;
    kg_ods *o;
    kg_rows *rows;
    size_t want;
    size_t table; /* tables begun so far */
    int in_want, done;
    char *style; /* the table style being read (listing) */
    unsigned long row, row_repeat;
    size_t repeated; /* bytes of the rows that repeats stand for */
    size_t col, col_repeat;
    int in_cell, paragraphs, in_p, skip, has_value, has_formula;
    int maybe_bool; /* a float 0 or 1: shown TRUE or FALSE, a boolean */
    kg_buf text, shown;
} ods_ctx;

static int named(const char *name, const char *local)
{
    return strcmp(kg_xml_local(name), local) == 0;
}

/* ---- Listing ---- */

static void list_start(ods_ctx *c, const char *name, const char **atts)
{
    kg_ods *o = c->o;
    if (named(name, "style")) {
        const char *family = kg_xml_attr(atts, "family");
        const char *sn = kg_xml_attr(atts, "name");
        free(c->style);
        c->style =
            family && sn && strcmp(family, "table") == 0 ? kg_strdup(sn) : NULL;
    } else if (named(name, "table-properties") && c->style) {
        const char *display = kg_xml_attr(atts, "display");
        if (!display || strcmp(display, "false") != 0)
            return;
        if (o->nhidden >= KG_SHEET_MAX_SHEETS ||
            kg_grow((void **)&o->hidden, &o->hiddencap, o->nhidden + 1,
                    sizeof *o->hidden)) {
            kg_xml_halt(&c->x, o->nhidden >= KG_SHEET_MAX_SHEETS ? 1 : -2);
            return;
        }
        o->hidden[o->nhidden++] = c->style;
        c->style = NULL;
    } else if (named(name, "table")) {
        const char *tn = kg_xml_attr(atts, "name");
        const char *ts = kg_xml_attr(atts, "style-name");
        if (o->nsheets >= KG_SHEET_MAX_SHEETS) {
            kg_report(o->diag, KG_ERROR, o->file, 0, 0,
                      "the workbook has more than %d sheets; not read",
                      KG_SHEET_MAX_SHEETS);
            kg_xml_halt(&c->x, -1);
            return;
        }
        int hidden = 0;
        for (size_t i = 0; ts && i < o->nhidden; i++)
            hidden |= strcmp(o->hidden[i], ts) == 0;
        kg_sheet s = {kg_strdup(tn ? tn : ""), hidden, NULL};
        if (!s.name || kg_grow((void **)&o->sheets, &o->sheetcap,
                               o->nsheets + 1, sizeof *o->sheets)) {
            free(s.name);
            kg_xml_halt(&c->x, -2);
            return;
        }
        o->sheets[o->nsheets++] = s;
    }
}

/* ---- Reading a sheet ---- */

static unsigned long repeat(const char **atts, const char *local)
{
    const char *v = kg_xml_attr(atts, local);
    unsigned long n = v ? strtoul(v, NULL, 10) : 1;
    return n ? n : 1;
}

static void cell_start(ods_ctx *c, const char **atts)
{
    c->in_cell = 1;
    c->col_repeat = repeat(atts, "number-columns-repeated");
    c->paragraphs = 0;
    c->has_value = c->has_formula = c->maybe_bool = 0;
    kg_buf_clear(&c->text);
    const char *type = kg_xml_attr(atts, "value-type");
    c->has_formula = kg_xml_attr(atts, "formula") != NULL;
    if (!type || strcmp(type, "string") == 0)
        return;
    char out[KG_CELL_TEXT_MAX];
    size_t n = 0;
    const char *v;
    if (strcmp(type, "boolean") == 0 &&
        (v = kg_xml_attr(atts, "boolean-value"))) {
        n = (size_t)snprintf(out, sizeof out, "%s",
                             strcmp(v, "true") == 0 ? "TRUE" : "FALSE");
    } else if (strcmp(type, "date") == 0 &&
               (v = kg_xml_attr(atts, "date-value"))) {
        n = strcspn(v, ".Z+");
        n = n > 19 ? 19 : n < sizeof out ? n : sizeof out - 1;
        memcpy(out, v, n);
        out[n] = '\0';
        if (n == 19 && strcmp(out + 10, "T00:00:00") == 0)
            n = 10;
    } else if (strcmp(type, "time") == 0 &&
               (v = kg_xml_attr(atts, "time-value"))) {
        double d = 0, h = 0, m = 0, s = 0, x;
        for (const char *p = v; *p;) {
            char *end;
            x = strtod(p, &end);
            if (end == p) {
                p++;
                continue;
            }
            *(*end == 'D' ? &d : *end == 'H' ? &h : *end == 'M' ? &m : &s) = x;
            p = *end ? end + 1 : end;
        }
        n = kg_cell_serial((d * 24 + h + m / 60 + s / 3600) / 24, 0,
                           KG_FMT_TIME | KG_FMT_ELAPSED, out);
    } else if ((v = kg_xml_attr(atts, "value"))) {
        char *end;
        double d = strtod(v, &end);
        if (end != v)
            n = kg_cell_number(d, out);
        c->maybe_bool = (d == 0 || d == 1) && !*end;
        kg_buf_clear(&c->shown);
    }
    if (n && kg_buf_append(&c->text, out, n))
        kg_xml_halt(&c->x, -2);
    c->has_value = n != 0;
}

/*
 * A float 0 or 1 shown as TRUE or FALSE is a boolean: LibreOffice keeps
 * an .xlsx's booleans as the formula TRUE() or FALSE(), a float, shown so.
 */
static void boolean(ods_ctx *c)
{
    const char *s = c->shown.data;
    if (!c->maybe_bool || !s || kg_buf_putc(&c->shown, '\0'))
        return;
    s = c->shown.data;
    if (strcasecmp(s, "TRUE") != 0 && strcasecmp(s, "FALSE") != 0)
        return;
    kg_buf_clear(&c->text);
    if (kg_buf_puts(&c->text, s[0] == 'T' || s[0] == 't' ? "TRUE" : "FALSE"))
        kg_xml_halt(&c->x, -2);
}

/* The cell ends: its text (the same in each column it repeats to). */
static void cell_end(ods_ctx *c)
{
    kg_rows *rows = c->rows;
    c->in_cell = 0;
    boolean(c);
    size_t n = c->col_repeat;
    if (!c->text.len && c->has_formula)
        kg_warn(rows->diag, "formula-uncached", rows->file, c->row,
                (unsigned long)c->col + 1,
                "the formula in this cell has no value saved with it (the "
                "program that wrote the workbook did not compute it): the "
                "cell is read as empty");
    if (!c->text.len) {
        c->col += n < KG_SHEET_MAX_COLS ? n : KG_SHEET_MAX_COLS;
        return;
    }
    if (c->col + n > KG_SHEET_MAX_COLS) {
        kg_rows_error(rows, (unsigned long)c->col + 1,
                      "the row goes past column %d; its cells past it are "
                      "not read",
                      KG_SHEET_MAX_COLS);
        n = c->col < KG_SHEET_MAX_COLS ? KG_SHEET_MAX_COLS - c->col : 0;
    }
    for (size_t i = 0; i < n; i++)
        if (kg_rows_cell(rows, c->col++, c->text.data, c->text.len)) {
            kg_xml_halt(&c->x, rows->stop);
            return;
        }
}

static void row_end(ods_ctx *c)
{
    kg_rows *rows = c->rows;
    unsigned long n = c->row_repeat;
    if (!rows->ncells) {
        c->row += n < KG_SHEET_MAX_ROWS ? n : KG_SHEET_MAX_ROWS;
        return;
    }
    for (unsigned long i = 0; i < n; i++, c->row++) {
        if (c->row > KG_SHEET_MAX_ROWS) {
            kg_report(rows->diag, KG_ERROR, rows->file, c->row - 1, 0,
                      "the sheet goes on past row %d; the rest is not read",
                      KG_SHEET_MAX_ROWS);
            kg_xml_halt(&c->x, -1);
            return;
        }
        rows->row = c->row;
        if (i && (c->repeated += rows->text.len) > KG_ZIP_MAX_PART) {
            kg_report(rows->diag, KG_ERROR, rows->file, c->row, 0,
                      "the sheet's repeated rows stand for more than %zu "
                      "bytes, the limit for one part; the rest is not read",
                      (size_t)KG_ZIP_MAX_PART);
            kg_xml_halt(&c->x, -1);
            return;
        }
        if (kg_rows_end(rows)) {
            kg_xml_halt(&c->x, rows->stop);
            return;
        }
    }
}

static void text_start(ods_ctx *c, const char *name, const char **atts)
{
    const char *local = kg_xml_local(name);
    const char *add = NULL;
    size_t n = 1;
    if (strcmp(local, "p") == 0) {
        c->in_p++;
        add = c->paragraphs++ ? "\n" : NULL;
    } else if (strcmp(local, "s") == 0) {
        const char *k = kg_xml_attr(atts, "c");
        n = k ? strtoul(k, NULL, 10) : 1;
        add = " ";
    } else if (strcmp(local, "tab") == 0) {
        add = "\t";
    } else if (strcmp(local, "line-break") == 0) {
        add = "\n";
    }
    if (!add || !c->in_p || c->has_value)
        return;
    size_t max = c->rows->max_row;
    if (n > 65536 || (max && c->text.len + n > max)) {
        kg_xml_halt(&c->x, -1);
        kg_rows_error(c->rows, (unsigned long)c->col + 1,
                      "the cell is longer than %zu bytes; the rest of the "
                      "sheet is not read",
                      max);
        return;
    }
    for (size_t i = 0; i < n; i++)
        if (kg_buf_putc(&c->text, add[0]))
            kg_xml_halt(&c->x, -2);
}

static void read_start(ods_ctx *c, const char *name, const char **atts)
{
    if (c->skip || named(name, "annotation") ||
        strstr(name, ":drawing:") != NULL) {
        c->skip++;
        return;
    }
    if (named(name, "table-row")) {
        c->row_repeat = repeat(atts, "number-rows-repeated");
        c->col = 0;
        kg_rows_begin(c->rows, c->row);
    } else if (named(name, "table-cell") || named(name, "covered-table-cell")) {
        cell_start(c, atts);
    } else if (c->in_cell) {
        text_start(c, name, atts);
    }
}

static void XMLCALL on_start(void *ud, const XML_Char *name,
                             const XML_Char **atts)
{
    ods_ctx *c = ud;
    if (c->want == (size_t)-1) {
        list_start(c, name, atts);
        return;
    }
    if (named(name, "table") && !c->in_want)
        c->in_want = c->table++ == c->want;
    else if (c->in_want)
        read_start(c, name, atts);
}

static void XMLCALL on_end(void *ud, const XML_Char *name)
{
    ods_ctx *c = ud;
    if (!c->in_want)
        return;
    if (c->skip) {
        c->skip--;
    } else if (named(name, "table")) {
        c->done = 1;
        kg_xml_halt(&c->x, 1);
    } else if (named(name, "table-row")) {
        row_end(c);
    } else if (named(name, "table-cell") || named(name, "covered-table-cell")) {
        cell_end(c);
    } else if (named(name, "p") && c->in_p) {
        c->in_p--;
    }
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int len)
{
    ods_ctx *c = ud;
    if (c->in_want && !c->skip && c->in_p && c->maybe_bool &&
        c->shown.len < 8 && kg_buf_append(&c->shown, s, (size_t)len))
        kg_xml_halt(&c->x, -2);
    if (!c->in_want || c->skip || !c->in_p || c->has_value)
        return;
    size_t max = c->rows->max_row;
    if (max && c->text.len + (size_t)len > max) {
        kg_rows_error(c->rows, (unsigned long)c->col + 1,
                      "the cell is longer than %zu bytes (%s); the rest of "
                      "the sheet is not read",
                      max, c->rows->setting ? c->rows->setting : "max_row");
        kg_xml_halt(&c->x, -1);
    } else if (kg_buf_append(&c->text, s, (size_t)len)) {
        kg_xml_halt(&c->x, -2);
    }
}

/* ---- The workbook ---- */

kg_ods *kg_ods_open(const char *path, const char *file, kg_diagsink *diag,
                    int *nomem)
{
    kg_ods *o = kg_calloc(1, sizeof *o);
    if (!o) {
        *nomem = 1;
        return NULL;
    }
    o->file = file;
    o->diag = diag;
    o->zip = kg_zip_open(path, file, diag, nomem);
    ods_ctx c = {.o = o, .want = (size_t)-1};
    int rc = o->zip ? kg_zip_parse(o->zip, CONTENT, &c.x, on_start, NULL, NULL,
                                   diag, file, NULL)
                    : -1;
    free(c.style);
    if (rc) {
        *nomem = *nomem || rc == -2;
        kg_ods_free(o);
        return NULL;
    }
    return o;
}

void kg_ods_free(kg_ods *o)
{
    if (!o)
        return;
    kg_zip_free(o->zip);
    kg_sheets_free(o->sheets, o->nsheets);
    for (size_t i = 0; i < o->nhidden; i++)
        free(o->hidden[i]);
    free(o->hidden);
    free(o);
}

const kg_sheet *kg_ods_sheets(const kg_ods *o, size_t *n)
{
    *n = o->nsheets;
    return o->sheets;
}

int kg_ods_read(kg_ods *o, size_t i, kg_rows *rows)
{
    ods_ctx c = {.o = o, .rows = rows, .want = i, .row = 1};
    kg_buf_init(&c.text);
    kg_buf_init(&c.shown);
    int rc = kg_zip_parse(o->zip, CONTENT, &c.x, on_start, on_end, on_text,
                          rows->diag, rows->file, &c.row);
    kg_buf_free(&c.text);
    kg_buf_free(&c.shown);
    return c.done && rc == 1 ? 0 : rc;
}
