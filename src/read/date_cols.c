/*
 * date_cols.c - a file's date columns (date_cols.h).
 *
 * A date column (a date role, evidence.h, or a `:date` column) is read by
 * the one rule, rules/date.h.  A day and month in digits is read in the
 * order the setting gives or, without one, in the order the column shows:
 * day first when a value's first number is over 12, month first when its
 * second is.  The rows stream, so what a column held is counted here
 * (with its first example) and decided at the end of the file: one
 * warning per column for the values that are no date, one when the order
 * cannot be told; never a warning per row.
 */
#include "read/date_cols.h"

#include <string.h>

#include "graph/dates.h"
#include "graph/lifetime.h"
#include "rules/date.h"
#include "rules/evidence.h"
#include "util/alloc.h"
#include "util/diag.h"

/* How many values, and the first one's line and text. */
typedef struct date_seen {
    unsigned long n, line;
    char text[64];
} date_seen;

typedef struct date_col {
    date_seen bad;                    /* no date in any order */
    date_seen numeric;                /* a day and month in digits */
    date_seen day_first, month_first; /* its first, its second over 12 */
    date_seen bad_dmy, bad_mdy;       /* no day read in that order */
} date_col;

struct kg_date_cols {
    kg_graph *g;
    const char *file;
    const kg_schema *schema;
    kg_date_order set; /* the setting's order */
    date_col col[];    /* per column of the schema */
};

static void seen(date_seen *x, unsigned long line, const kg_csv_field *f)
{
    if (x->n++)
        return;
    x->line = line;
    size_t n = f->len < sizeof x->text - 1 ? f->len : sizeof x->text - 1;
    while (n < f->len && n && (f->data[n] & 0xC0) == 0x80)
        n--; /* not inside a character */
    memcpy(x->text, f->data, n);
    x->text[n] = '\0';
}

void kg_date_cols_value(kg_date_cols *d, size_t i, const kg_csv_field *f,
                        unsigned long line, int read)
{
    date_col *c = &d->col[i];
    if (d->set != KG_DATE_AUTO) {
        if (kg_date_read_in(f->data, f->len, d->set, NULL))
            seen(&c->bad, line, f);
        return;
    }
    if (read || kg_date_read(f->data, f->len, NULL) == 0)
        return;
    int big = kg_date_numeric(f->data, f->len);
    if (big < 0 || big == 3) {
        seen(&c->bad, line, f);
        return;
    }
    seen(&c->numeric, line, f);
    if (big == 1)
        seen(&c->day_first, line, f);
    if (big == 2)
        seen(&c->month_first, line, f);
    if (kg_date_read_in(f->data, f->len, KG_DATE_DMY, NULL))
        seen(&c->bad_dmy, line, f);
    if (kg_date_read_in(f->data, f->len, KG_DATE_MDY, NULL))
        seen(&c->bad_mdy, line, f);
}

/* The order column c's values show; warns when they show none. */
static kg_date_order date_order(const kg_date_cols *dc, const kg_column *col,
                                const date_col *c)
{
    kg_diagsink *d = kg_graph_diag(dc->g);
    const char *setting = kg_setting_name(d, KG_SETTING_DATE_ORDER);
    if (c->day_first.n && c->month_first.n) {
        kg_warn(d, "date-order", dc->file, 0, 0,
                "column %s writes the day first (line %lu: %s) and the "
                "month first (line %lu: %s): its %lu dates with the day "
                "and month in digits are not read; set %s",
                kg_q(d, col->header), c->day_first.line,
                kg_q(d, c->day_first.text), c->month_first.line,
                kg_q(d, c->month_first.text), c->numeric.n, setting);
        return KG_DATE_YMD;
    }
    if (c->day_first.n)
        return KG_DATE_DMY;
    if (c->month_first.n)
        return KG_DATE_MDY;
    if (c->numeric.n)
        kg_warn(d, "date-order", dc->file, 0, 0,
                "%lu value%s in column %s could be day/month or month/day "
                "(e.g. line %lu: %s) and %s; set %s",
                c->numeric.n, c->numeric.n == 1 ? "" : "s",
                kg_q(d, col->header), c->numeric.line, kg_q(d, c->numeric.text),
                c->numeric.n == 1 ? "is not read as a date"
                                  : "are not read as dates",
                setting);
    return KG_DATE_AUTO;
}

int kg_date_cols_settle(const kg_date_cols *dc)
{
    if (!dc)
        return 0;
    kg_diagsink *d = kg_graph_diag(dc->g);
    kg_date_order set = dc->set;
    for (size_t i = 0; i < dc->schema->ncols; i++) {
        const date_col *c = &dc->col[i];
        const kg_column *col = &dc->schema->cols[i];
        if (!col->is_date)
            continue;
        kg_date_order order =
            set != KG_DATE_AUTO ? set : date_order(dc, col, c);
        date_seen bad = c->bad;
        const date_seen *more = order == KG_DATE_DMY   ? &c->bad_dmy
                                : order == KG_DATE_MDY ? &c->bad_mdy
                                                       : NULL;
        if (more && more->n && (!bad.n || more->line < bad.line)) {
            unsigned long n = bad.n;
            bad = *more;
            bad.n += n;
        } else if (more) {
            bad.n += more->n;
        }
        if (bad.n)
            kg_warn(d, "dates-unread", dc->file, 0, 0,
                    "%lu value%s in column %s %s (e.g. line %lu: %s); %s",
                    bad.n, bad.n == 1 ? "" : "s", kg_q(d, col->header),
                    bad.n == 1 ? "is not a date" : "are not dates", bad.line,
                    kg_q(d, bad.text),
                    dc->schema->kind == KG_FILE_ENTITIES ? "kept as text"
                    : bad.n == 1 ? "its relation is undated"
                                 : "their relations are undated");
        int again = order != KG_DATE_AUTO || col->vtype == KG_V_DATE
                        ? kg_graph_date_column(dc->g, col->ikey, order)
                        : 0;
        if (again < 0)
            return -1;
        if (again)
            kg_warn(d, "date-order", dc->file, 0, 0,
                    "column %s writes the day and month in another order "
                    "than in a file before: its dates with the day and "
                    "month in digits are not read; set %s",
                    kg_q(d, col->header),
                    kg_setting_name(d, KG_SETTING_DATE_ORDER));
    }
    return 0;
}

kg_date_cols *kg_date_cols_new(kg_graph *g, const char *file, kg_schema *s)
{
    kg_date_cols *d =
        kg_calloc(1, sizeof *d + (s->ncols + 1) * sizeof d->col[0]);
    if (!d)
        return NULL;
    *d = (kg_date_cols){g, file, s, kg_graph_settings(g)->date_order};
    for (size_t i = 0; i < s->ncols; i++) {
        kg_column *c = &s->cols[i];
        kg_prov p = kg_prov_of(c->key);
        c->is_date = c->role == KG_COL_ATTR && !c->array &&
                     (c->vtype == KG_V_DATE || p == KG_PROV_DATE ||
                      p == KG_PROV_START || p == KG_PROV_END);
    }
    return d;
}
