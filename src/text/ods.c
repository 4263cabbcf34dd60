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

/* A data style (data NULL): whether it shows a date, a time or both
 * (KG_FMT_*); or a cell style: the data style it names. */
typedef struct named_style {
    char *name, *data;
    int kind;
} named_style;

struct kg_ods {
    kg_zip *zip;
    const char *file;
    kg_diagsink *diag;
    kg_sheet *sheets;
    size_t nsheets, sheetcap;
    char **hidden; /* the table styles that hide a sheet */
    size_t nhidden, hiddencap;
    named_style *styles; /* content.xml's automatic ones */
    size_t nstyles, stylecap;
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
    char *style;   /* the table style being read (listing) */
    size_t dstyle; /* the data style being read, + 1 (listing) */
    struct col_kind {
        size_t first, n;
        int kind;
    } * cols; /* the columns' default cell styles' kinds (reading) */
    size_t ncols, colcap, colpos;
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

static int add_style(ods_ctx *c, const char *name, const char *data, int kind)
{
    kg_ods *o = c->o;
    if (!name || o->nstyles >= 65536)
        return 0;
    named_style s = {kg_strdup(name), data ? kg_strdup(data) : NULL, kind};
    if (!s.name || (data && !s.data) ||
        kg_grow((void **)&o->styles, &o->stylecap, o->nstyles + 1,
                sizeof *o->styles)) {
        free(s.name), free(s.data);
        kg_xml_halt(&c->x, -2);
        return 0;
    }
    o->styles[o->nstyles++] = s;
    return 1;
}

/* Data and cell styles: which cells show dates, times or both. */
static void list_styles(ods_ctx *c, const char *name, const char **atts)
{
    const char *local = kg_xml_local(name);
    int date = strcmp(local, "date-style") == 0;
    if (date || strcmp(local, "time-style") == 0) {
        c->dstyle = add_style(c, kg_xml_attr(atts, "name"), NULL,
                              date ? KG_FMT_DATE : KG_FMT_TIME)
                        ? c->o->nstyles
                        : 0;
    } else if (c->dstyle &&
               (strcmp(local, "hours") == 0 || strcmp(local, "minutes") == 0 ||
                strcmp(local, "seconds") == 0)) {
        c->o->styles[c->dstyle - 1].kind |= KG_FMT_TIME;
    } else if (strcmp(local, "style") == 0) {
        const char *family = kg_xml_attr(atts, "family");
        const char *data = kg_xml_attr(atts, "data-style-name");
        if (family && data && strcmp(family, "table-cell") == 0)
            add_style(c, kg_xml_attr(atts, "name"), data, 0);
    }
}

/* What cell style `name` shows: KG_FMT_* of its data style, or -1 when it
 * shows no date or time kgraph knows. */
static int style_kind(const kg_ods *o, const char *name)
{
    const named_style *s = o->styles, *cell = NULL;
    for (size_t i = 0; name && !cell && i < o->nstyles; i++)
        if (s[i].data && strcmp(s[i].name, name) == 0)
            cell = &s[i];
    for (size_t i = 0; cell && i < o->nstyles; i++)
        if (!s[i].data && strcmp(s[i].name, cell->data) == 0)
            return s[i].kind;
    return -1;
}

static void list_start(ods_ctx *c, const char *name, const char **atts)
{
    kg_ods *o = c->o;
    list_styles(c, name, atts);
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
        kg_sheet s = {kg_strdup(tn ? tn : ""), hidden, NULL, 0};
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

/* A column's default cell style (before the rows). */
static void column_start(ods_ctx *c, const char **atts)
{
    size_t n = repeat(atts, "number-columns-repeated");
    const char *style = kg_xml_attr(atts, "default-cell-style-name");
    int kind = style ? style_kind(c->o, style) : -1;
    if (kind >= 0 && c->ncols < KG_SHEET_MAX_COLS) {
        if (kg_grow((void **)&c->cols, &c->colcap, c->ncols + 1,
                    sizeof *c->cols)) {
            kg_xml_halt(&c->x, -2);
            return;
        }
        c->cols[c->ncols++] = (struct col_kind){c->colpos, n, kind};
    }
    c->colpos += n < KG_SHEET_MAX_COLS ? n : KG_SHEET_MAX_COLS;
}

/* What the cell's style shows (its own, else its column's), or -1. */
static int cell_kind(const ods_ctx *c, const char **atts)
{
    const char *style = kg_xml_attr(atts, "style-name");
    int kind = style ? style_kind(c->o, style) : -1;
    for (size_t i = 0; kind < 0 && !style && i < c->ncols; i++)
        if (c->col >= c->cols[i].first &&
            c->col - c->cols[i].first < c->cols[i].n)
            kind = c->cols[i].kind;
    return kind;
}

/*
 * A date-value ("1959-10-04", "1959-10-04T13:45:00.000") as its cell
 * shows it: the day, the time or both by its style; by its value when the
 * style is not known (the day alone at midnight).  Its length in out.
 */
static size_t date_text(const char *v, int kind, char *out)
{
    size_t n = strcspn(v, ".Z+");
    n = n > 19 ? 19 : n;
    memcpy(out, v, n);
    out[n] = '\0';
    int has_time = n == 19 && out[10] == 'T';
    if (kind < 0)
        return has_time && strcmp(out + 10, "T00:00:00") == 0 ? 10 : n;
    if (!(kind & KG_FMT_TIME))
        return n < 10 ? n : 10;
    if (!has_time && n == 10) {
        memcpy(out + 10, "T00:00:00", 10);
        n = 19;
    }
    if (!(kind & KG_FMT_DATE) && n == 19) {
        memmove(out, out + 11, 9);
        n = 8;
    }
    return n;
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
        n = date_text(v, cell_kind(c, atts), out);
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
    if (named(name, "table-column")) {
        column_start(c, atts);
    } else if (named(name, "table-row")) {
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
    if (c->want == (size_t)-1 &&
        (named(name, "date-style") || named(name, "time-style")))
        c->dstyle = 0;
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
    /* styles.xml's data styles too: LibreOffice keeps a format of the
     * user's (dd/mm/yyyy) there */
    int rc = !o->zip ? -1
             : kg_zip_has(o->zip, "styles.xml")
                 ? kg_zip_parse(o->zip, "styles.xml", &c.x, on_start, on_end,
                                NULL, diag, file, NULL)
                 : 0;
    free(c.style);
    c.style = NULL;
    if (rc == 0)
        rc = kg_zip_parse(o->zip, CONTENT, &c.x, on_start, on_end, NULL, diag,
                          file, NULL);
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
    for (size_t i = 0; i < o->nstyles; i++)
        free(o->styles[i].name), free(o->styles[i].data);
    free(o->styles);
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
    free(c.cols);
    return c.done && rc == 1 ? 0 : rc;
}
