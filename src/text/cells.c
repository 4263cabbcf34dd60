/*
 * cells.c - a spreadsheet's numbers, dates and rows (cells.h).
 */
#include "text/cells.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/alloc.h"

/* ---- Numbers ---- */

size_t kg_cell_number(double v, char *out)
{
    int n;
    if (v == 0 || !isfinite(v)) {
        n = snprintf(out, KG_CELL_TEXT_MAX, "%s", v == 0 ? "0" : "NaN");
    } else if (v == floor(v) && fabs(v) < 1e15) {
        n = snprintf(out, KG_CELL_TEXT_MAX, "%.0f", v);
    } else {
        int p = 1;
        for (; p < 15; p++) {
            snprintf(out, KG_CELL_TEXT_MAX, "%.*g", p, v);
            if (strtod(out, NULL) == v)
                break;
        }
        n = snprintf(out, KG_CELL_TEXT_MAX, "%.*g", p, v);
    }
    return n > 0 ? (size_t)n : 0;
}

/* ---- Formats ---- */

int kg_cell_builtin_kind(unsigned long id)
{
    if (id >= 14 && id <= 17)
        return KG_FMT_DATE;
    if (id >= 18 && id <= 21)
        return KG_FMT_TIME;
    if (id == 22)
        return KG_FMT_DATETIME;
    if (id == 46)
        return KG_FMT_TIME | KG_FMT_ELAPSED;
    if (id == 45 || id == 47)
        return KG_FMT_TIME;
    return KG_FMT_NUMBER;
}

/* Skips a quoted text, an escape or a bracket at *p; 1 when it did (and
 * says in *elapsed whether a bracket was [h], [m] or [s]). */
static int skip_literal(const char **pp, int *elapsed)
{
    const char *p = *pp;
    if (*p == '"') {
        const char *q = strchr(p + 1, '"');
        *pp = q ? q : p + strlen(p) - 1;
        return 1;
    }
    if ((*p == '\\' || *p == '_' || *p == '*') && p[1]) {
        *pp = p + 1;
        return 1;
    }
    if (*p == '[') {
        const char *q = strchr(p, ']');
        size_t n = q ? (size_t)(q - p - 1) : 0;
        if (n && strspn(p + 1, "hHmMsS") >= n)
            *elapsed = 1;
        *pp = q ? q : p + strlen(p) - 1;
        return 1;
    }
    if (strncasecmp(p, "AM/PM", 5) == 0 || strncasecmp(p, "A/P", 3) == 0) {
        *pp = p + (toupper((unsigned char)p[1]) == 'M' ? 4 : 2);
        return 1;
    }
    return 0;
}

int kg_cell_format_kind(const char *code)
{
    char tok[64]; /* the date and time letters, a repeated one once */
    size_t n = 0;
    int elapsed = 0;
    for (const char *p = code; p && *p && *p != ';'; p++) {
        if (skip_literal(&p, &elapsed))
            continue;
        char c = (char)tolower((unsigned char)*p);
        if (!strchr("ymdhs", c) || (n && tok[n - 1] == c))
            continue;
        if (n < sizeof tok)
            tok[n++] = c;
    }
    int kind = elapsed ? KG_FMT_TIME | KG_FMT_ELAPSED : 0;
    for (size_t i = 0; i < n; i++) {
        int minute = tok[i] == 'm' && ((i && tok[i - 1] == 'h') ||
                                       (i + 1 < n && tok[i + 1] == 's'));
        kind |= tok[i] == 'h' || tok[i] == 's' || minute ? KG_FMT_TIME
                                                         : KG_FMT_DATE;
    }
    return kind;
}

/* ---- Dates ---- */

/* The civil date of day `z` counted from 1970-01-01 (H. Hinnant's
 * algorithm, exact for every day of the proleptic Gregorian calendar). */
static void civil(long long z, int *y, int *m, int *d)
{
    z += 719468;
    long long era = (z >= 0 ? z : z - 146096) / 146097;
    long long doe = z - era * 146097;
    long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

enum {
    DAY_1899_12_30 = -25569, /* days from 1970-01-01 */
    DAY_1904_01_01 = -24107,
    LAST_SERIAL = 2958465 /* 9999-12-31 in the 1900 system */
};

size_t kg_cell_serial(double serial, int date1904, int kind, char *out)
{
    if (!isfinite(serial) || serial < 0 || serial > LAST_SERIAL + 1.0)
        return 0;
    long long secs = llround(serial * 86400.0);
    long long day = secs / 86400, tod = secs % 86400;
    int n = 0;
    char *p = out;
    if (kind & KG_FMT_DATE) {
        int y, m, d;
        if (!date1904 && day == 60) {
            y = 1900, m = 2, d = 29;
        } else {
            long long base = date1904   ? DAY_1904_01_01
                             : day < 60 ? DAY_1899_12_30 + 1
                                        : DAY_1899_12_30;
            civil(base + day, &y, &m, &d);
        }
        if (y > 9999)
            return 0;
        n = snprintf(p, KG_CELL_TEXT_MAX, "%04d-%02d-%02d", y, m, d);
        if (!(kind & KG_FMT_TIME))
            return (size_t)n;
        p[n++] = 'T';
    }
    long long h = kind & KG_FMT_ELAPSED && !(kind & KG_FMT_DATE) ? secs / 3600
                                                                 : tod / 3600;
    int t = snprintf(p + n, KG_CELL_TEXT_MAX - (size_t)n,
                     "%02lld:%02lld:%02lld", h, tod / 60 % 60, tod % 60);
    return (size_t)(n + t);
}

/* ---- Rows ---- */

void kg_sheets_free(kg_sheet *s, size_t n)
{
    for (size_t i = 0; s && i < n; i++) {
        free(s[i].name);
        free(s[i].part);
    }
    free(s);
}

void kg_rows_init(kg_rows *r, const char *file, kg_diagsink *diag)
{
    memset(r, 0, sizeof *r);
    r->file = file;
    r->diag = diag;
    kg_buf_init(&r->text);
    kg_buf_init(&r->raw);
}

void kg_rows_free(kg_rows *r)
{
    kg_buf_free(&r->text);
    kg_buf_free(&r->raw);
    free(r->cells);
    free(r->fields);
}

void kg_rows_begin(kg_rows *r, unsigned long row)
{
    r->row = row;
    r->ncells = 0;
    r->bad = 0;
    kg_buf_clear(&r->text);
}

void kg_rows_error(kg_rows *r, unsigned long col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    kg_vreport(r->diag, KG_ERROR, r->file, r->row, col, fmt, ap);
    va_end(ap);
    r->bad = 1;
}

static int nomem(kg_rows *r)
{
    r->stop = -2;
    return -1;
}

int kg_rows_cell(kg_rows *r, size_t col, const char *s, size_t len)
{
    if (r->stop)
        return -1;
    if (!len)
        return 0;
    if (col >= KG_SHEET_MAX_COLS || r->ncells >= KG_SHEET_MAX_COLS) {
        kg_rows_error(r, 0,
                      "the row has a cell past column %d, or a column "
                      "twice over; the cell is not read",
                      KG_SHEET_MAX_COLS);
        return 0;
    }
    if (r->max_row && r->text.len + len + 1 > r->max_row) {
        kg_report(r->diag, KG_ERROR, r->file, r->row, col + 1,
                  "this row is longer than %zu bytes (%s); the rest of the "
                  "sheet is not read",
                  r->max_row, r->setting ? r->setting : "max_row");
        r->stop = -1;
        return -1;
    }
    if (kg_grow((void **)&r->cells, &r->cap, r->ncells + 1, sizeof *r->cells))
        return nomem(r);
    r->cells[r->ncells++] = (struct kg_cell_at){col, r->text.len, len};
    if (kg_buf_append(&r->text, s, len) || kg_buf_putc(&r->text, '\0'))
        return nomem(r);
    return 0;
}

static int by_col(const void *a, const void *b)
{
    const struct kg_cell_at *x = a, *y = b;
    if (x->col != y->col)
        return x->col < y->col ? -1 : 1;
    return x->off < y->off ? -1 : x->off > y->off;
}

/* The record as a CSV line (quoted where it must be), for rejects. */
static int raw_line(kg_rows *r, size_t n)
{
    kg_buf_clear(&r->raw);
    for (size_t i = 0; i < n; i++) {
        const kg_csv_field *f = &r->fields[i];
        int quote = strcspn(f->data, ",\"\r\n") < f->len;
        if ((i && kg_buf_putc(&r->raw, ',')) ||
            (quote && kg_buf_putc(&r->raw, '"')))
            return -1;
        for (size_t j = 0; j < f->len; j++)
            if ((f->data[j] == '"' && kg_buf_putc(&r->raw, '"')) ||
                kg_buf_putc(&r->raw, f->data[j]))
                return -1;
        if (quote && kg_buf_putc(&r->raw, '"'))
            return -1;
    }
    return kg_buf_putc(&r->raw, '\0');
}

int kg_rows_end(kg_rows *r)
{
    if (r->stop)
        return -1;
    if (!r->ncells)
        return 0; /* an empty row, as CSV's empty lines */
    qsort(r->cells, r->ncells, sizeof *r->cells, by_col);
    size_t last = r->cells[r->ncells - 1].col + 1;
    if (!r->width)
        r->width = last;
    size_t n = last > r->width ? last : r->width;
    if (kg_grow((void **)&r->fields, &r->fcap, n, sizeof *r->fields))
        return nomem(r);
    for (size_t i = 0; i < n; i++)
        r->fields[i] = (kg_csv_field){"", 0};
    for (size_t i = 0; i < r->ncells; i++) {
        const struct kg_cell_at *c = &r->cells[i];
        if (i && c->col == r->cells[i - 1].col) {
            kg_rows_error(r, (unsigned long)c->col + 1,
                          "two cells in this column; the second is not read");
            continue;
        }
        r->fields[c->col] = (kg_csv_field){r->text.data + c->off, c->len};
    }
    kg_csv_record rec = {.fields = r->fields,
                         .nfields = n,
                         .line = r->row,
                         .end_line = r->row,
                         .bad = r->bad};
    if (r->keep_raw) {
        if (raw_line(r, n))
            return nomem(r);
        rec.raw = r->raw.data;
        rec.raw_len = r->raw.len - 1;
    }
    r->records++;
    if (r->fn(&rec, r->ctx)) {
        r->stop = 1;
        return -1;
    }
    return 0;
}
