/*
 * stats.c - kgraph stats: counts, components, rankings and the formats;
 * the centralities themselves are centrality.c's.
 *
 * Degrees count every shown edge (a multigraph: two rows are two edges).
 * Betweenness and closeness are computed on the graph taken as undirected
 * and simple (parallel edges merged, self-loops dropped), the way analysts
 * read "who sits in the middle": betweenness is the raw count of shortest
 * paths through a node (each pair once), closeness the inverse of the
 * average distance to the nodes it can reach (0 for an isolated node), as
 * networkx's betweenness_centrality(normalized=False) and
 * closeness_centrality(wf_improved=False).  Past a bound on the work they
 * are estimated from sampled sources, and every format says so.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/centrality.h"
#include "analysis/stats.h"

#include "graph/lifetime.h"
#include "graph/store.h"
#include "graph/view.h"
#include "rules/escape.h"
#include "util/buf.h"

/* ---- Computing ---- */

static void degrees(stats_run *r)
{
    const kg_graph *g = r->g;
    for (uint32_t i = 0; i < kg_nrels(g); i++) {
        if (!kg_edge_shown(g, i))
            continue;
        r->edges++;
        r->m[r->index[kg_rel(g, i)->src]].out++;
        r->m[r->index[kg_rel(g, i)->dst]].in++;
    }
}

/* What the writers need besides the centralities, done beside them
 * (stats_run.alongside): the degrees (alone for the CSV and the report)
 * and, for the text and JSON, the types counted. */
static void degrees_and_types(stats_run *r)
{
    degrees(r);
    for (int k = 0; k < 2; k++)
        r->types[k] = kg_graph_count_types(r->g, k, &r->ntypes[k]);
}

/* Its shown edges, a self-loop counted twice (as in and as out). */
static unsigned long degree_of(const metrics *m)
{
    return (unsigned long)m->in + m->out;
}

static void report_free(stats_run *r)
{
    free(r->m);
    free(r->index);
    free(r->comp_sizes);
    free(r->btw_err);
    free(r->clo_err);
    free(r->comp_sources);
    free(r->types[0]);
    free(r->types[1]);
}

/* types: count them (stats_run.types) */
static int compute(stats_run *r, const kg_graph *g, kg_spare *spare, int types)
{
    memset(r, 0, sizeof *r);
    r->g = g;
    r->spare = spare;
    r->alongside = types ? degrees_and_types : degrees;
    r->index = kg_malloc((kg_nents(g) + 1) * sizeof *r->index);
    r->m = kg_calloc(kg_nents(g) + 1, sizeof *r->m);
    if (!r->index || !r->m)
        return -1;
    for (uint32_t i = 0; i < kg_nents(g); i++) {
        r->index[i] = KG_NONE;
        if (!kg_node_shown(g, i))
            continue;
        r->index[i] = (uint32_t)r->n;
        r->m[r->n++].entity = i;
    }
    kg_clock c = kg_graph_clock(g);
    int rc = 0;
    if (r->n) /* the components are the centralities' */
        rc = kg_stats_centralities(r);
    else
        r->alongside(r);
    kg_graph_timed(g, c, "centralities", NULL);
    return rc;
}

/* ---- Rankings ---- */

typedef enum measure { DEGREE, BETWEENNESS, CLOSENESS } measure;

static double value_of(const metrics *m, measure what)
{
    return what == DEGREE        ? (double)degree_of(m)
           : what == BETWEENNESS ? m->betweenness
                                 : m->closeness;
}

typedef struct ranked {
    double value;
    uint32_t pos;
} ranked;

/* Highest first; ties in input order. */
static int by_value(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->value != y->value)
        return x->value < y->value ? 1 : -1;
    return (x->pos > y->pos) - (x->pos < y->pos);
}

/* The positions of the `top` highest nodes by `what` (*n of them, at most
 * `top`).  A few are picked in one pass, each kept in order as it comes
 * (ties are broken by position, so the order is the one a full sort
 * gives); many, by sorting them all. */
enum { PICKED_MAX = 256 };

static uint32_t *ranking(stats_run *r, measure what, size_t *n, size_t top)
{
    size_t keep = r->n < top ? r->n : top, kept = 0;
    int all = keep > PICKED_MAX;
    ranked *v = kg_malloc(((all ? r->n : keep) + 1) * sizeof *v);
    uint32_t *order = kg_malloc(((all ? r->n : keep) + 1) * sizeof *order);
    if (!v || !order) {
        free(v);
        free(order);
        return NULL;
    }
    for (uint32_t i = 0; all && i < r->n; i++)
        v[i] = (ranked){value_of(&r->m[i], what), i};
    if (all)
        qsort(v, r->n, sizeof *v, by_value);
    for (uint32_t i = 0; !all && keep && i < r->n; i++) {
        ranked x = {value_of(&r->m[i], what), i};
        if (kept == keep && by_value(&x, &v[kept - 1]) >= 0)
            continue; /* not above the lowest kept */
        size_t j = kept < keep ? kept++ : kept - 1;
        for (; j > 0 && by_value(&x, &v[j - 1]) < 0; j--)
            v[j] = v[j - 1];
        v[j] = x;
    }
    for (size_t i = 0; i < keep; i++)
        order[i] = v[i].pos;
    free(v);
    *n = keep;
    return order;
}

static int by_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Sampled: the median and largest relative error of the `top` ranked by
 * `what` (NAN when none could be measured). */
static void error_of_top(stats_run *r, measure what, size_t top, double *median,
                         double *max)
{
    size_t n = 0, k = 0;
    uint32_t *order = r->sampled ? ranking(r, what, &n, top) : NULL;
    double *e = order ? kg_malloc((n + 1) * sizeof *e) : NULL;
    const double *err = what == CLOSENESS ? r->clo_err : r->btw_err;
    for (size_t i = 0; e && i < n; i++)
        if (!isnan(err[order[i]]))
            e[k++] = err[order[i]];
    if (e)
        qsort(e, k, sizeof *e, by_double);
    *median = k ? e[(k - 1) / 2] : NAN;
    *max = k ? e[k - 1] : NAN;
    r->nomem |= r->sampled && !e;
    free(order);
    free(e);
}

/* The sampling's statement, as kg_sampling says. */
static kg_sampling sampling_of(stats_run *r, size_t top)
{
    kg_sampling s = {0};
    s.sampled = r->sampled;
    s.sources = r->sources;
    s.nodes = r->n;
    s.share = r->sampled ? r->share : 1;
    s.top = top;
    if (r->ncomps) { /* comp_sizes[0] is the largest */
        s.largest = r->comp_sizes[0];
        s.largest_sources = r->comp_sources[0];
        s.ncomps = r->ncomps;
        s.whole = r->whole;
        s.whole_entities = r->whole_entities;
        s.whole_largest = r->whole ? r->comp_sizes[r->ncomps - r->whole] : 0;
    }
    if (r->sampled) {
        error_of_top(r, BETWEENNESS, top, &s.betweenness_median,
                     &s.betweenness_max);
        error_of_top(r, CLOSENESS, top, &s.closeness_median, &s.closeness_max);
    }
    return s;
}

uint32_t *kg_most_central(const kg_graph *g, size_t top, size_t *n)
{
    stats_run r;
    uint32_t *out = NULL;
    *n = 0;
    if (compute(&r, g, NULL, 0) == 0) {
        uint32_t *order = ranking(&r, BETWEENNESS, n, top);
        if (order) {
            for (size_t i = 0; i < *n; i++) /* positions to entities */
                order[i] = r.m[order[i]].entity;
            out = order;
        }
    }
    report_free(&r);
    if (!out)
        *n = 0;
    return out;
}

kg_centrality *kg_centralities(const kg_graph *g, kg_sampling *sampling)
{
    return kg_centralities_spare(g, sampling, NULL);
}

kg_centrality *kg_centralities_spare(const kg_graph *g, kg_sampling *sampling,
                                     kg_spare *spare)
{
    stats_run r;
    kg_centrality *c = NULL;
    if (compute(&r, g, spare, 0) == 0) {
        c = kg_calloc(kg_nents(g) + 1, sizeof *c);
        if (sampling)
            *sampling = sampling_of(&r, KG_SAMPLING_TOP);
    }
    for (size_t i = 0; c && i < r.n; i++)
        c[r.m[i].entity] =
            (kg_centrality){degree_of(&r.m[i]), r.m[i].betweenness};
    report_free(&r);
    return c;
}

/* ---- Text ---- */

/* "median 12.3%, at most 20.1%", or why not */
static void error_range(kg_out *out, double median, double max)
{
    if (isnan(median))
        kg_out_puts(out, "not measured (one source in their components)");
    else
        kg_out_printf(out, "median %.1f%%, at most %.1f%%", 100 * median,
                      100 * max);
}

void kg_sampling_text(kg_out *out, const kg_sampling *s)
{
    kg_out_printf(out,
                  "Sampled: the sources of the breadth-first searches, %zu "
                  "of %zu entities: ",
                  s->sources, s->nodes);
    if (s->whole)
        kg_out_printf(out,
                      "every entity of the %zu smallest components (%zu "
                      "entities, at most %zu in one), whose values are "
                      "exact; ",
                      s->whole, s->whole_entities, s->whole_largest);
    size_t rest = s->ncomps - s->whole;
    kg_out_printf(out, "%.3g%% of ", 100 * s->share);
    if (rest == 1)
        kg_out_puts(out, s->whole ? "the larger one" : "the component");
    else
        kg_out_printf(out, "each of the %zu %s", rest,
                      s->whole ? "larger ones" : "components");
    kg_out_printf(out,
                  " (at least two, by a fixed pseudo-random sequence; %zu in "
                  "the largest, of %zu), their sums scaled up (betweenness "
                  "by linear scaling). Expected relative error (one standard "
                  "error, from the spread of the sampled searches) of the "
                  "top %zu: betweenness ",
                  s->largest_sources, s->largest, s->top);
    error_range(out, s->betweenness_median, s->betweenness_max);
    kg_out_puts(out, "; closeness ");
    error_range(out, s->closeness_median, s->closeness_max);
    kg_out_putc(out, '.');
}

/* The statement as a paragraph of lines under 76 columns (it is ASCII). */
static void wrapped_sampling(kg_out *out, stats_run *r, const kg_sampling *s)
{
    kg_buf b;
    kg_buf_init(&b);
    kg_out *m = kg_malloc(sizeof *m);
    if (m) {
        kg_out_init_mem(m, &b);
        kg_sampling_text(m, s);
        r->nomem |= kg_out_flush(m) != 0;
    }
    r->nomem |= !m;
    size_t col = 0, i = 0;
    while (i < b.len) {
        size_t w = i; /* a word: [i, w) */
        while (w < b.len && b.data[w] != ' ')
            w++;
        if (col && col + 1 + (w - i) > 75) {
            kg_out_putc(out, '\n');
            col = 0;
        } else if (col) {
            kg_out_putc(out, ' ');
            col++;
        }
        kg_out_write(out, b.data + i, w - i);
        col += w - i;
        i = w < b.len ? w + 1 : w;
    }
    kg_out_puts(out, col ? "\n" : "");
    free(m);
    kg_buf_free(&b);
}

static void text_types(kg_out *out, stats_run *r, int relations)
{
    size_t n = r->ntypes[relations];
    const kg_type_count *t = r->types[relations];
    r->nomem |= !t;
    kg_out_printf(out, "\n%s by type\n", relations ? "Relations" : "Entities");
    for (size_t i = 0; t && i < n; i++) {
        kg_out_puts(out, "  ");
        size_t width =
            kg_term_text(out, t[i].type ? t[i].type : "(no type)", 0);
        kg_out_printf(out, "%*s%8lu\n", width < 34 ? (int)(34 - width) : 1, "",
                      t[i].n);
    }
}

static void text_top(kg_out *out, stats_run *r, measure what, const char *title,
                     size_t top)
{
    size_t n;
    uint32_t *order = ranking(r, what, &n, top);
    r->nomem |= !order;
    if (!order)
        return;
    kg_out_printf(out, "\nTop %zu by %s\n", n, title);
    for (size_t i = 0; i < n; i++) {
        const metrics *m = &r->m[order[i]];
        const kg_entity *e = kg_ent(r->g, m->entity);
        kg_out_printf(out, "  %3zu. ", i + 1);
        /* "name (id)", padded by characters, not bytes, so UTF-8 names
         * line up */
        size_t width =
            kg_term_text(out, e->name ? e->name : kg_ent_id(r->g, e), 0);
        kg_out_puts(out, " (");
        width += kg_term_text(out, kg_ent_id(r->g, e), 0) + 3;
        kg_out_printf(out, ")%*s", width < 64 ? (int)(64 - width) : 1, "");
        if (what == DEGREE)
            kg_out_printf(out, "%8lu\n", degree_of(m));
        else
            kg_out_printf(out, "%12.3f\n", value_of(m, what));
    }
    free(order);
}

static void write_text(kg_out *out, stats_run *r, size_t top)
{
    kg_out_printf(out, "%zu entities, %lu relations\n", r->n, r->edges);
    text_types(out, r, 0);
    text_types(out, r, 1);
    kg_out_printf(out, "\nConnected components: %zu (sizes:", r->ncomps);
    for (size_t i = 0; i < r->ncomps && i < 20; i++)
        kg_out_printf(out, " %lu", r->comp_sizes[i]);
    kg_out_printf(out, "%s)\n", r->ncomps > 20 ? " ..." : "");
    text_top(out, r, DEGREE, "degree", top);
    if (r->sampled) {
        kg_sampling s = sampling_of(r, top);
        kg_out_printf(
            out,
            "\nBetweenness and closeness below are estimates: the graph is "
            "too large to\ncompute them exactly, so they come from "
            "searches from a sample of %zu of\nits %zu entities.\n",
            r->sources, r->n);
        wrapped_sampling(out, r, &s);
    }
    text_top(out, r, BETWEENNESS, "betweenness", top);
    text_top(out, r, CLOSENESS, "closeness", top);
    kg_out_puts(out, "\nIsolated entities:");
    size_t isolated = 0;
    for (size_t i = 0; i < r->n; i++) {
        if (degree_of(&r->m[i]))
            continue;
        const kg_entity *e = kg_ent(r->g, r->m[i].entity);
        kg_out_puts(out, isolated++ ? ", " : " ");
        kg_term_text(out, kg_ent_id(r->g, e), 0);
    }
    kg_out_puts(out, isolated ? "\n" : " none\n");
}

/* ---- CSV ---- */

static void write_csv(kg_out *out, stats_run *r)
{
    kg_out_puts(
        out, "id,name,type,degree,in_degree,out_degree,betweenness,closeness,"
             "component");
    /* sampled: each estimate's relative standard error beside it */
    kg_out_puts(out,
                r->sampled ? ",betweenness_error,closeness_error\n" : "\n");
    for (size_t i = 0; i < r->n; i++) {
        const metrics *m = &r->m[i];
        const kg_entity *e = kg_ent(r->g, m->entity);
        kg_csv_cell(out, kg_ent_id(r->g, e));
        kg_out_putc(out, ',');
        kg_csv_cell(out, e->name ? e->name : "");
        kg_out_putc(out, ',');
        const char *type = kg_ent_type(r->g, e);
        kg_csv_cell(out, type ? type : "");
        kg_out_printf(out, ",%lu,%lu,%lu,%.6f,%.6f,%u", degree_of(m),
                      (unsigned long)m->in, (unsigned long)m->out,
                      m->betweenness, m->closeness, m->component + 1);
        for (int k = 0; r->sampled && k < 2; k++) {
            double x = (k ? r->clo_err : r->btw_err)[i];
            if (isnan(x))
                kg_out_putc(out, ','); /* one source: no spread measured */
            else
                kg_out_printf(out, ",%.6f", x);
        }
        kg_out_putc(out, '\n');
    }
}

/* ---- JSON ---- */

static void json_types(kg_out *out, stats_run *r, int relations)
{
    size_t n = r->ntypes[relations];
    const kg_type_count *t = r->types[relations];
    r->nomem |= !t;
    kg_out_putc(out, '{');
    for (size_t i = 0; t && i < n; i++) {
        kg_out_puts(out, i ? ", " : "");
        kg_json_text(out, NULL, t[i].type ? t[i].type : "", 0);
        kg_out_printf(out, ": %lu", t[i].n);
    }
    kg_out_putc(out, '}');
}

static void json_top(kg_out *out, stats_run *r, measure what, size_t top)
{
    size_t n;
    uint32_t *order = ranking(r, what, &n, top);
    r->nomem |= !order;
    kg_out_putc(out, '[');
    for (size_t i = 0; order && i < n; i++) {
        kg_out_puts(out, i ? ", " : "");
        kg_json_text(out, NULL,
                     kg_ent_id(r->g, kg_ent(r->g, r->m[order[i]].entity)), 0);
    }
    kg_out_putc(out, ']');
    free(order);
}

static void json_number(kg_out *out, double x)
{
    if (isnan(x))
        kg_out_puts(out, "null");
    else
        kg_out_printf(out, "%.6f", x);
}

static void json_error(kg_out *out, double median, double max)
{
    kg_out_puts(out, "{\"median\": ");
    json_number(out, median);
    kg_out_puts(out, ", \"max\": ");
    json_number(out, max);
    kg_out_putc(out, '}');
}

static void write_json(kg_out *out, stats_run *r, size_t top)
{
    kg_out_printf(out, "{\n  \"entities\": %zu,\n  \"relations\": %lu,\n", r->n,
                  r->edges);
    kg_out_puts(out, "  \"entity_types\": ");
    json_types(out, r, 0);
    kg_out_puts(out, ",\n  \"relation_types\": ");
    json_types(out, r, 1);
    kg_out_puts(out, ",\n  \"components\": [");
    for (size_t i = 0; i < r->ncomps; i++)
        kg_out_printf(out, "%s%lu", i ? ", " : "", r->comp_sizes[i]);
    kg_out_puts(out, "],\n  \"top\": {\"degree\": ");
    json_top(out, r, DEGREE, top);
    kg_out_puts(out, ", \"betweenness\": ");
    json_top(out, r, BETWEENNESS, top);
    kg_out_puts(out, ", \"closeness\": ");
    json_top(out, r, CLOSENESS, top);
    kg_out_printf(out, "},\n  \"centrality\": {\"exact\": %s, \"sources\": %zu",
                  r->sampled ? "false" : "true", r->sources);
    if (r->sampled) {
        kg_sampling s = sampling_of(r, top);
        kg_out_printf(out,
                      ", \"sampled\": \"sources of the breadth-first "
                      "searches\", \"whole_components\": {\"components\": "
                      "%zu, \"entities\": %zu, \"largest\": %zu}, "
                      "\"share\": %.6g, \"betweenness_estimate\": \"linear "
                      "scaling\", \"largest_component\": "
                      "{\"entities\": %zu, \"sources\": %zu}, "
                      "\"relative_error\": {\"of_top\": %zu, \"betweenness\": ",
                      s.whole, s.whole_entities, s.whole_largest, s.share,
                      s.largest, s.largest_sources, s.top);
        json_error(out, s.betweenness_median, s.betweenness_max);
        kg_out_puts(out, ", \"closeness\": ");
        json_error(out, s.closeness_median, s.closeness_max);
        kg_out_putc(out, '}');
    }
    kg_out_puts(out, "},\n  \"isolated\": [");
    size_t k = 0;
    for (size_t i = 0; i < r->n; i++) {
        if (degree_of(&r->m[i]))
            continue;
        kg_out_puts(out, k++ ? ", " : "");
        kg_json_text(out, NULL, kg_ent_id(r->g, kg_ent(r->g, r->m[i].entity)),
                     0);
    }
    kg_out_puts(out, "],\n  \"nodes\": [");
    for (size_t i = 0; i < r->n; i++) {
        const metrics *m = &r->m[i];
        const kg_entity *e = kg_ent(r->g, m->entity);
        kg_out_puts(out, i ? ",\n    {\"id\": " : "\n    {\"id\": ");
        kg_json_text(out, NULL, kg_ent_id(r->g, e), 0);
        kg_out_puts(out, ", \"name\": ");
        kg_json_text(out, NULL, e->name ? e->name : kg_ent_id(r->g, e), 0);
        kg_out_puts(out, ", \"type\": ");
        if (kg_ent_type(r->g, e))
            kg_json_text(out, NULL, kg_ent_type(r->g, e), 0);
        else
            kg_out_puts(out, "null");
        kg_out_printf(
            out,
            ", \"degree\": %lu, \"in_degree\": %lu, \"out_degree\": %lu, "
            "\"betweenness\": %.6f, \"closeness\": %.6f, "
            "\"component\": %u}",
            degree_of(m), (unsigned long)m->in, (unsigned long)m->out,
            m->betweenness, m->closeness, m->component + 1);
    }
    kg_out_puts(out, r->n ? "\n  ]\n}\n" : "]\n}\n");
}

static kg_status write_stats(const kg_graph *g, FILE *out, kg_stats_format fmt,
                             size_t top);

kg_status kg_write_stats(const kg_graph *g, FILE *out, kg_stats_format fmt,
                         size_t top)
{
    kg_clock c = kg_graph_clock(g);
    kg_status st = write_stats(g, out, fmt, top);
    kg_graph_timed(g, c, "write", "stats");
    return st;
}

static kg_status write_stats(const kg_graph *g, FILE *out, kg_stats_format fmt,
                             size_t top)
{
    if (!g || !out || !kg_graph_resolved(g))
        return KG_ERR_USAGE;
    stats_run r;
    kg_out *o = NULL;
    int rc = compute(&r, g, NULL, fmt != KG_STATS_CSV);
    if (rc == 0 && !(o = kg_malloc(sizeof *o)))
        rc = -1;
    int failed = 0;
    if (rc == 0) {
        kg_out_init(o, out);
        if (fmt == KG_STATS_CSV)
            write_csv(o, &r);
        else if (fmt == KG_STATS_JSON)
            write_json(o, &r, top);
        else
            write_text(o, &r, top);
        failed = kg_out_flush(o) ? o->err : 0;
        free(o);
    }
    report_free(&r);
    if (rc || r.nomem)
        return kg_fail(kg_graph_diag(g), KG_ERR_NOMEM, "out of memory");
    return kg_stream_end(kg_graph_diag(g), out, failed);
}
