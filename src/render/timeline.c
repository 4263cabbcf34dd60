/*
 * timeline.c - the theme-line chart (--timeline): what happened when.
 *
 * Each entity that takes part in a dated relation is a horizontal line,
 * named at its left (and right, on a long chart); each dated relation a
 * mark at its date: a vertical connector between the lines of its ends,
 * labelled with the relation (and its source number with --cite), drawn
 * solid, dashed or dotted by confidence as the link chart draws it; a
 * relation with a start and an end date is also a bar along both lines.
 * Dates are to scale (KG_TIME_REAL) or each given the same room
 * (KG_TIME_EVEN); marks closer than a mark's width are spread in date
 * order, so none overlap.  Lines are ordered by first appearance, then
 * by two passes of the barycentre of their partners, which keeps lines
 * that share many events together.
 *
 * kgraph places everything itself and writes DOT with pinned positions
 * (pos="x,y!"), which Graphviz's "nop" engine (neato -n) draws as it is:
 * every output format works, with tooltips and the usual escaping.
 */
#include <stdlib.h>
#include <string.h>

#include "analysis/sources.h"
#include "draw/element.h"
#include "draw/line_values.h"
#include "graph/dates.h"
#include "graph/lifetime.h"
#include "graph/store.h"
#include "graph/view.h"
#include "render/render.h"
#include "rules/date.h"
#include "rules/dot.h"
#include "rules/escape.h"
#include "rules/evidence.h"
#include "util/utf8.h"

enum { GAP = 36, MARK = 18, LABEL_PT = 10, TICK_PT = 9, EVEN_STEP = 72 };

/* One dated relation on the chart. */
typedef struct mark {
    uint32_t rel;
    long day, end; /* end: KG_NONE-like -1 when no interval */
    double x, xend;
} mark;

typedef struct chart {
    const kg_graph *g;
    mark *m;
    size_t n;
    uint32_t *line;  /* per entity: its line, KG_NONE when none */
    uint32_t *order; /* line -> entity */
    size_t nlines;
    unsigned long undated;
    double x0, x1; /* the axis */
    long d0, d1;   /* its first and last day (dates and end dates) */
    double width;  /* d0..d1 to scale */
    kg_scale scale;
    uint32_t *num; /* --cite numbers, or NULL */
    int nomem;     /* a label could not be made: the chart fails whole */
} chart;

/* ---- Dates ---- */

/* The first day of the relation's first value with date role p, else q
 * (graph/dates.h), or 0 with *ok 0 when it has none that is a date. */
static long first_day(const kg_graph *g, const kg_relation *r, kg_prov p,
                      kg_prov q, int *ok)
{
    const char *v[3], *k[3]; /* date, start, end: one pass */
    kg_graph_date_roles(g, kg_rel_attrs(g, r), v, k);
    int i = v[p - KG_PROV_DATE] ? p - KG_PROV_DATE : q - KG_PROV_DATE;
    kg_date d;
    *ok = v[i] && kg_graph_date(g, k[i], v[i], &d) == 0;
    return *ok ? d.first : 0;
}

/* ---- Placing ---- */

static int by_day(const void *a, const void *b)
{
    const mark *x = a, *y = b;
    if (x->day != y->day)
        return x->day < y->day ? -1 : 1;
    return (x->rel > y->rel) - (x->rel < y->rel);
}

static int collect(chart *c)
{
    const kg_graph *g = c->g;
    c->m = kg_calloc(kg_nrels(g) + 1, sizeof *c->m);
    if (!c->m)
        return -1;
    for (uint32_t i = 0; i < kg_nrels(g); i++) {
        if (!kg_edge_shown(g, i))
            continue;
        const kg_relation *r = kg_rel(g, i);
        int ok, ok_end;
        long day = first_day(g, r, KG_PROV_DATE, KG_PROV_START, &ok);
        long end = first_day(g, r, KG_PROV_END, KG_PROV_END, &ok_end);
        if (!ok) {
            c->undated++;
            continue;
        }
        c->m[c->n++] = (mark){i, day, ok_end && end > day ? end : -1, 0, 0};
    }
    qsort(c->m, c->n, sizeof *c->m, by_day);
    return 0;
}

/* Lines: by first appearance, then two barycentre passes. */
typedef struct keyed {
    uint32_t e;
    double key;
    uint32_t first;
} keyed;

static int by_key(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return (x->first > y->first) - (x->first < y->first);
}

static int order_lines(chart *c)
{
    const kg_graph *g = c->g;
    c->line = kg_malloc((kg_nents(g) + 1) * sizeof *c->line);
    c->order = kg_malloc((kg_nents(g) + 1) * sizeof *c->order);
    keyed *k = kg_malloc((kg_nents(g) + 1) * sizeof *k);
    double *sum = kg_calloc(kg_nents(g) + 1, sizeof *sum);
    unsigned *cnt = kg_calloc(kg_nents(g) + 1, sizeof *cnt);
    int rc = c->line && c->order && k && sum && cnt ? 0 : -1;
    for (uint32_t e = 0; rc == 0 && e < kg_nents(g); e++)
        c->line[e] = KG_NONE;
    for (size_t i = 0; rc == 0 && i < c->n; i++) {
        const kg_relation *r = kg_rel(g, c->m[i].rel);
        uint32_t ends[2] = {r->src, r->dst};
        for (int s = 0; s < 2; s++)
            if (c->line[ends[s]] == KG_NONE) {
                c->order[c->nlines] = ends[s];
                c->line[ends[s]] = (uint32_t)c->nlines++;
            }
    }
    for (int pass = 0; rc == 0 && pass < 2; pass++) {
        memset(sum, 0, (kg_nents(g) + 1) * sizeof *sum);
        memset(cnt, 0, (kg_nents(g) + 1) * sizeof *cnt);
        for (size_t i = 0; i < c->n; i++) {
            const kg_relation *r = kg_rel(g, c->m[i].rel);
            sum[r->src] += c->line[r->dst];
            cnt[r->src]++;
            sum[r->dst] += c->line[r->src];
            cnt[r->dst]++;
        }
        for (size_t l = 0; l < c->nlines; l++) {
            uint32_t e = c->order[l];
            /* half its own place, half its partners': lines move toward
             * those they share events with without jumping wholesale */
            k[l] = (keyed){e, ((double)l + sum[e] / cnt[e]) / 2, (uint32_t)l};
        }
        qsort(k, c->nlines, sizeof *k, by_key);
        for (size_t l = 0; l < c->nlines; l++) {
            c->order[l] = k[l].e;
            c->line[k[l].e] = (uint32_t)l;
        }
    }
    free(k);
    free(sum);
    free(cnt);
    return rc;
}

/* x of every mark: to scale or even, then spread so that marks are at
 * least MARK apart, in date order. */
static void place(chart *c, kg_time_scale ts)
{
    long d0 = c->n ? c->m[0].day : 0, d1 = d0;
    size_t distinct = 0;
    for (size_t i = 0; i < c->n; i++) {
        d1 = c->m[i].day > d1 ? c->m[i].day : d1;
        d1 = c->m[i].end > d1 ? c->m[i].end : d1;
        distinct += !i || c->m[i].day != c->m[i - 1].day;
    }
    double width = (double)distinct * 64;
    width = width < 480 ? 480 : width > 2400 ? 2400 : width;
    c->x0 = 0;
    c->x1 = width;
    c->d0 = d0;
    c->d1 = d1;
    c->width = width;
    long rank = -1, last = 0;
    for (size_t i = 0; i < c->n; i++) {
        mark *m = &c->m[i];
        if (!i || m->day != last)
            rank++;
        last = m->day;
        if (ts == KG_TIME_EVEN) {
            m->x = (double)rank * EVEN_STEP + EVEN_STEP / 2.0;
            m->xend = m->end >= 0 ? m->x + EVEN_STEP / 2.0 : m->x;
        } else {
            double span = d1 > d0 ? (double)(d1 - d0) : 1;
            m->x = d1 > d0 ? (double)(m->day - d0) / span * width : width / 2;
            m->xend = m->end >= 0 ? (double)(m->end - d0) / span * width : m->x;
        }
    }
    for (size_t i = 1; i < c->n; i++) /* spread: none closer than MARK */
        if (c->m[i].x < c->m[i - 1].x + MARK) {
            double shift = c->m[i - 1].x + MARK - c->m[i].x;
            c->m[i].x += shift;
            c->m[i].xend += shift;
        }
    if (ts == KG_TIME_EVEN)
        c->x1 = (double)(rank + 1) * EVEN_STEP;
    for (size_t i = 0; i < c->n; i++) {
        c->x1 = c->m[i].x + MARK > c->x1 ? c->m[i].x + MARK : c->x1;
        c->x1 = c->m[i].xend > c->x1 ? c->m[i].xend : c->x1;
    }
}

/* ---- Writing ---- */

static double line_y(const chart *c, size_t l)
{
    return (double)(c->nlines - l) * GAP;
}

static void pinned(kg_out *o, const char *id, double x, double y)
{
    kg_out_printf(o, "  %s [pos=\"%.1f,%.1f!\"];\n", id, x, y);
}

static const char *name_of(const kg_graph *g, uint32_t e)
{
    return kg_ent(g, e)->name ? kg_ent(g, e)->name : kg_ent_id(g, kg_ent(g, e));
}

/* A plain text node: the name of a line, a tick's date. */
static void text_node(kg_out *o, const char *id, const char *text, double x,
                      double y, int pt, const char *colour)
{
    kg_dot_attrs a = {o, 0};
    kg_out_printf(o, "  %s", id);
    kg_dot_attr_lit(&a, "shape", "plaintext");
    kg_dot_attr_text(&a, "label", text);
    char num[64];
    snprintf(num, sizeof num, "%d", pt);
    kg_dot_attr_lit(&a, "fontsize", num);
    if (colour)
        kg_dot_attr_lit(&a, "fontcolor", colour);
    snprintf(num, sizeof num, "%.1f,%.1f!", x, y);
    kg_dot_attr_lit(&a, "pos", num);
    kg_dot_attrs_end(&a);
}

static double text_width(const char *s)
{
    return 0.62 * LABEL_PT *
           (double)kg_utf8_count((const unsigned char *)s, strlen(s));
}

static void write_lines(kg_out *o, const chart *c)
{
    int both = c->x1 - c->x0 > 900; /* a long chart: names at both ends */
    for (size_t l = 0; l < c->nlines; l++) {
        const char *name = name_of(c->g, c->order[l]);
        double y = line_y(c, l), w = text_width(name);
        char a[32], b[32], t[32];
        snprintf(a, sizeof a, "la%zu", l);
        snprintf(b, sizeof b, "lb%zu", l);
        pinned(o, a, c->x0 - 6, y);
        pinned(o, b, c->x1 + 6, y);
        kg_out_printf(o,
                      "  %s -> %s [dir=none, color=\"#c8c8c8\", "
                      "penwidth=2];\n",
                      a, b);
        snprintf(t, sizeof t, "ln%zu", l);
        text_node(o, t, name, c->x0 - 12 - w / 2, y, LABEL_PT, NULL);
        if (both) {
            snprintf(t, sizeof t, "lr%zu", l);
            text_node(o, t, name, c->x1 + 12 + w / 2, y, LABEL_PT, NULL);
        }
    }
}

/* Ticks: years, months or days as the span asks, at the top and bottom,
 * with a faint rule between; on an even scale, the marks' own dates. */
static void write_ticks(kg_out *o, const chart *c, kg_time_scale ts)
{
    if (!c->n)
        return;
    double top = line_y(c, 0) + 28, bottom = line_y(c, c->nlines - 1) - 28;
    size_t k = 0;
    char id[32], text[32];
    long d0 = c->d0, d1 = c->d1, span = d1 - d0;
    if (span == 0 && ts == KG_TIME_REAL) { /* one date: as the data gives it */
        const kg_relation *r = kg_rel(c->g, c->m[0].rel);
        const char *key = NULL;
        const char *v =
            kg_graph_date_role(c->g, kg_rel_attrs(c->g, r), KG_PROV_DATE, &key);
        if (!v || kg_graph_date(c->g, key, v, NULL))
            v = kg_graph_date_role(c->g, kg_rel_attrs(c->g, r), KG_PROV_START,
                                   &key);
        char iso[11];
        const char *given = kg_graph_date_text(c->g, key, v, iso);
        text_node(o, "tt0", given, c->m[0].x, top, TICK_PT, "#555555");
        text_node(o, "tb0", given, c->m[0].x, bottom, TICK_PT, "#555555");
        return;
    }
    for (size_t i = 0; i < c->n && ts == KG_TIME_EVEN; i++) {
        if (i && c->m[i].day == c->m[i - 1].day)
            continue;
        long y;
        unsigned m, d;
        kg_date_civil(c->m[i].day, &y, &m, &d);
        snprintf(text, sizeof text, "%04ld-%02u-%02u", y, m, d);
        snprintf(id, sizeof id, "tt%zu", k);
        text_node(o, id, text, c->m[i].x, top, TICK_PT, "#555555");
        snprintf(id, sizeof id, "tb%zu", k++);
        text_node(o, id, text, c->m[i].x, bottom, TICK_PT, "#555555");
    }
    if (ts == KG_TIME_EVEN)
        return;
    long y0, y1;
    unsigned m0, dd, m1;
    kg_date_civil(d0, &y0, &m0, &dd);
    kg_date_civil(d1, &y1, &m1, &dd);
    int unit = span > 3 * 365 ? 0 : span > 90 ? 1 : 2; /* years, months, days */
    long step = unit == 0   ? (y1 - y0) / 12 + 1
                : unit == 1 ? ((y1 - y0) * 12 + (long)m1 - (long)m0) / 12 + 1
                            : span / 12 + 1;
    for (long t = 0;; t += step) {
        long day;
        if (unit == 0) {
            day = kg_date_days(y0 + t + 1, 1, 1);
            snprintf(text, sizeof text, "%ld", y0 + t + 1);
        } else if (unit == 1) {
            long mm = (long)m0 - 1 + t; /* the first of each month */
            long yy = y0 + mm / 12;
            day = kg_date_days(yy, (unsigned)(mm % 12) + 1, 1);
            snprintf(text, sizeof text, "%04ld-%02ld", yy, mm % 12 + 1);
        } else {
            day = d0 + t;
            long yy;
            unsigned mm, d;
            kg_date_civil(day, &yy, &mm, &d);
            snprintf(text, sizeof text, "%04ld-%02u-%02u", yy, mm, d);
        }
        if (day > d1 || k > 40)
            break;
        if (day < d0)
            continue;
        double x =
            span ? (double)(day - d0) / (double)span * c->width : c->width / 2;
        snprintf(id, sizeof id, "tt%zu", k);
        text_node(o, id, text, x, top, TICK_PT, "#555555");
        snprintf(id, sizeof id, "tb%zu", k);
        text_node(o, id, text, x, bottom, TICK_PT, "#555555");
        kg_out_printf(o, "  tt%zu -> tb%zu [dir=none, color=\"#ececec\"];\n", k,
                      k);
        k++;
    }
}

static void write_marks(kg_out *o, chart *c, kg_buf *text)
{
    const kg_graph *g = c->g;
    for (size_t i = 0; i < c->n; i++) {
        const mark *m = &c->m[i];
        const kg_relation *r = kg_rel(g, m->rel);
        double ys = line_y(c, c->line[r->src]), yd = line_y(c, c->line[r->dst]);
        kg_out_printf(o,
                      "  ms%zu [shape=circle, width=0.09, style=filled, "
                      "fillcolor=\"#333333\", color=\"#333333\", "
                      "pos=\"%.1f,%.1f!\"];\n",
                      i, m->x, ys);
        kg_out_printf(o,
                      "  md%zu [shape=circle, width=0.09, style=filled, "
                      "fillcolor=\"#333333\", color=\"#333333\", "
                      "pos=\"%.1f,%.1f!\"];\n",
                      i, m->x, yd);
        if (m->end >= 0) { /* an interval: a bar along both lines */
            for (int s = 0; s < 2; s++)
                kg_out_printf(o,
                              "  ib%zu_%d [pos=\"%.1f,%.1f!\"];\n  %s%zu -> "
                              "ib%zu_%d [dir=none, penwidth=6, "
                              "color=\"#1f77b466\"];\n",
                              i, s, m->xend, s ? yd : ys, s ? "md" : "ms", i, i,
                              s);
        }
        kg_buf_clear(text);
        const char *label = kg_rel_label(g, r), *type = kg_rel_type(g, r);
        char num[32] = "";
        if (c->num && c->num[m->rel])
            snprintf(num, sizeof num, " [%u]", c->num[m->rel]);
        if (kg_buf_puts(text, "") ||
            (label ? kg_buf_puts(text, label)
                   : kg_type_text(text, type ? type : "related to")) ||
            kg_buf_puts(text, num)) {
            c->nomem = 1;
            return;
        }
        kg_dot_attrs a = {o, 0};
        kg_out_printf(o, "  ms%zu -> md%zu", i, i);
        kg_dot_attr_text(&a, "xlabel", text->data);
        kg_attr_it it;
        const char *style = NULL, *quote = NULL;
        for (kg_attr_begin(g, kg_rel_attrs(g, r), &it); kg_attr_step(&it);) {
            if (!style && kg_confidence_key(it.key))
                style = kg_confidence_level(it.value, c->scale);
            if (!quote && kg_prov_of(it.key) == KG_PROV_QUOTE)
                quote = it.value;
        }
        if (style)
            kg_dot_attr_lit(&a, "style", style);
        if (quote)
            kg_dot_attr_text(&a, "tooltip", quote);
        if (kg_rel_undirected(g, m->rel))
            kg_dot_attr_lit(&a, "dir", "none");
        kg_dot_attrs_end(&a);
    }
}

static void write_key(kg_out *o, const chart *c, const kg_dot_options *opts)
{
    kg_out_puts(o, "  label=<<font point-size=\"9\"><table border=\"0\" "
                   "cellspacing=\"2\" cellpadding=\"1\">");
    if (opts && opts->title) {
        kg_out_puts(o, "<tr><td align=\"left\"><b>");
        kg_dot_html_text(o, opts->title);
        kg_out_puts(o, "</b></td></tr>");
    }
    kg_out_printf(o,
                  "<tr><td align=\"left\">%zu dated relation%s between %zu "
                  "entities: a line joins the two at its date; a bar runs "
                  "to its end date; solid, dashed, dotted: strong to weak "
                  "confidence.",
                  c->n, c->n == 1 ? "" : "s", c->nlines);
    if (c->undated)
        kg_out_printf(o, " %lu undated relation%s not on the timeline.",
                      c->undated, c->undated == 1 ? " is" : "s are");
    kg_out_puts(o, "</td></tr></table></font>>;\n  labelloc=b;\n  "
                   "labeljust=l;\n");
}

static kg_status write_timeline(const kg_graph *g, FILE *out,
                                const kg_dot_options *opts, kg_time_scale ts,
                                unsigned long *undated);

kg_status kg_write_timeline(const kg_graph *g, FILE *out,
                            const kg_dot_options *opts, kg_time_scale ts,
                            unsigned long *undated)
{
    kg_clock c = kg_graph_clock(g);
    kg_status st = write_timeline(g, out, opts, ts, undated);
    kg_graph_timed(g, c, "write", "timeline");
    return st;
}

static kg_status write_timeline(const kg_graph *g, FILE *out,
                                const kg_dot_options *opts, kg_time_scale ts,
                                unsigned long *undated)
{
    if (!g || !out || !kg_graph_resolved(g))
        return KG_ERR_USAGE;
    chart c = {.g = g, .scale = kg_writer_scale(g)};
    c.num = opts && opts->cite ? kg_cite_numbers(g) : NULL;
    int rc = (opts && opts->cite && !c.num) || collect(&c) || order_lines(&c);
    kg_out *o = rc ? NULL : kg_malloc(sizeof *o);
    kg_buf text;
    kg_buf_init(&text);
    if (o) {
        place(&c, ts);
        kg_out_init(o, out);
        kg_out_puts(o, "digraph timeline {\n  graph [splines=line, "
                       "outputorder=edgesfirst, bgcolor=white, "
                       "fontname=\"DejaVu Sans\", forcelabels=true");
        if (opts && opts->title) {
            kg_dot_attrs a = {o, 1};
            kg_dot_attr_text(&a, "tooltip", opts->title);
        }
        kg_out_puts(o, "];\n  node [shape=point, width=0, label=\"\", "
                       "fontname=\"DejaVu Sans\"];\n  edge [arrowsize=0.6, "
                       "fontname=\"DejaVu Sans\", fontsize=8, "
                       "color=\"#333333\"];\n");
        write_ticks(o, &c, ts);
        write_lines(o, &c);
        write_marks(o, &c, &text);
        if (!opts || opts->legend)
            write_key(o, &c, opts);
        kg_out_puts(o, "}\n");
    }
    int failed = o && kg_out_flush(o) ? o->err : 0;
    if (undated)
        *undated = c.undated;
    free(o);
    kg_buf_free(&text);
    free(c.m);
    free(c.line);
    free(c.order);
    free(c.num);
    if (rc || !o || c.nomem)
        return kg_fail(kg_graph_diag(g), KG_ERR_NOMEM, "out of memory");
    return kg_stream_end(kg_graph_diag(g), out, failed);
}

kg_status kg_render_timeline(const kg_graph *g, const kg_dot_options *opts,
                             kg_time_scale ts, const char *format, FILE *out,
                             unsigned long *undated)
{
    if (!g || !format || !out)
        return KG_ERR_USAGE;
    char *dot = NULL, err[2048] = "";
    size_t len = 0;
    FILE *mem = open_memstream(&dot, &len);
    if (!mem)
        return kg_fail(kg_graph_diag(g), KG_ERR_NOMEM, "out of memory");
    kg_status st = kg_write_timeline(g, mem, opts, ts, undated);
    if (fclose(mem) != 0 && st == KG_OK)
        st = kg_fail(kg_graph_diag(g), KG_ERR_NOMEM, "out of memory");
    kg_clock c = kg_graph_clock(g);
    if (st == KG_OK)
        st = kg_render_text(dot, opts, format, "nop", out, err, sizeof err);
    kg_graph_timed(g, c, "render", format);
    if (st == KG_OK)
        kg_tell_lines(kg_graph_diag(g), KG_WARNING, err);
    else if (err[0])
        kg_fail(kg_graph_diag(g), st, "%s", err);
    free(dot);
    return st;
}
