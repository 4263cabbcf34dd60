/*
 * stats.c - kgraph stats: counts, components and centrality.
 *
 * Degrees count every shown edge (a multigraph: two rows are two edges).
 * Betweenness and closeness come from igraph, on the graph taken as
 * undirected and simple (parallel edges merged, self-loops dropped), the
 * way analysts read "who sits in the middle": betweenness is the raw count
 * of shortest paths through a node (each pair once), closeness the inverse
 * of the average distance to the nodes it can reach (0 for an isolated
 * node), as networkx's closeness_centrality(wf_improved=False).
 */
#include <igraph.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "graph.h"

typedef struct metrics {
    uint32_t entity;
    unsigned long degree, in, out;
    double betweenness, closeness;
    uint32_t component; /* its number, by size (0 is the largest) */
} metrics;

typedef struct report {
    const kg_graph *g;
    metrics *m; /* one per shown node, in input order */
    size_t n;
    uint32_t *index;           /* entity -> position in m, or KG_NONE */
    unsigned long *comp_sizes; /* largest first */
    size_t ncomps;
    unsigned long edges;
} report;

/* ---- Computing ---- */

static int degrees(report *r)
{
    const kg_graph *g = r->g;
    for (uint32_t i = 0; i < g->nrels; i++) {
        if (!kg_edge_shown(g, i))
            continue;
        r->edges++;
        r->m[r->index[g->rels[i].src]].out++;
        r->m[r->index[g->rels[i].dst]].in++;
    }
    for (size_t i = 0; i < r->n; i++)
        r->m[i].degree = r->m[i].in + r->m[i].out;
    return 0;
}

static int by_size_desc(const void *a, const void *b)
{
    const unsigned long *x = a, *y = b;
    return *x < *y ? 1 : *x > *y ? -1 : 0;
}

/* Weakly connected components; numbered by size, largest first (ties:
 * the one with the earliest node first). */
static int components(report *r)
{
    uint32_t *up = malloc((r->n + 1) * sizeof *up);
    unsigned long *size = calloc(r->n + 1, sizeof *size);
    r->comp_sizes = calloc(r->n + 1, sizeof *r->comp_sizes);
    if (!up || !size || !r->comp_sizes) {
        free(up);
        free(size);
        return -1;
    }
    for (uint32_t i = 0; i < r->n; i++)
        up[i] = i;
    const kg_graph *g = r->g;
    for (uint32_t i = 0; i < g->nrels; i++) {
        if (!kg_edge_shown(g, i))
            continue;
        uint32_t a = kg_uf_find(up, r->index[g->rels[i].src]);
        uint32_t b = kg_uf_find(up, r->index[g->rels[i].dst]);
        if (a != b)
            up[a < b ? b : a] = a < b ? a : b;
    }
    for (uint32_t i = 0; i < r->n; i++)
        size[kg_uf_find(up, i)]++;
    for (uint32_t i = 0; i < r->n; i++)
        if (size[i])
            r->comp_sizes[r->ncomps++] = size[i];
    qsort(r->comp_sizes, r->ncomps, sizeof *r->comp_sizes, by_size_desc);
    /* number each root: the k-th root (in node order) of its size gets the
     * first free number of that size */
    uint32_t *number = malloc((r->n + 1) * sizeof *number);
    unsigned char *taken = calloc(r->ncomps + 1, 1);
    if (!number || !taken) {
        free(up);
        free(size);
        free(number);
        free(taken);
        return -1;
    }
    for (uint32_t i = 0; i < r->n; i++) {
        if (kg_uf_find(up, i) != i)
            continue;
        size_t k = 0;
        while (k < r->ncomps && (taken[k] || r->comp_sizes[k] != size[i]))
            k++;
        taken[k] = 1;
        number[i] = (uint32_t)k;
    }
    for (uint32_t i = 0; i < r->n; i++)
        r->m[i].component = number[kg_uf_find(up, i)];
    free(up);
    free(size);
    free(number);
    free(taken);
    return 0;
}

static int centralities(report *r)
{
    const kg_graph *g = r->g;
    igraph_set_error_handler(igraph_error_handler_ignore);
    igraph_set_warning_handler(igraph_warning_handler_ignore);
    igraph_vector_int_t ends;
    if (igraph_vector_int_init(&ends, (igraph_integer_t)r->edges * 2))
        return -1;
    igraph_integer_t k = 0;
    for (uint32_t i = 0; i < g->nrels; i++) {
        if (!kg_edge_shown(g, i))
            continue;
        VECTOR(ends)[k++] = r->index[g->rels[i].src];
        VECTOR(ends)[k++] = r->index[g->rels[i].dst];
    }
    igraph_t G;
    igraph_vector_t btw, clo;
    int rc = -1;
    if (igraph_create(&G, &ends, (igraph_integer_t)r->n, IGRAPH_UNDIRECTED))
        goto no_graph;
    if (igraph_simplify(&G, 1, 1, NULL) || igraph_vector_init(&btw, 0))
        goto no_btw;
    if (igraph_vector_init(&clo, 0))
        goto no_clo;
    if (igraph_betweenness(&G, &btw, igraph_vss_all(), 0, NULL) ||
        igraph_closeness(&G, &clo, NULL, NULL, igraph_vss_all(), IGRAPH_ALL,
                         NULL, 1))
        goto done;
    for (size_t i = 0; i < r->n; i++) {
        double c = VECTOR(clo)[(igraph_integer_t)i];
        r->m[i].betweenness = VECTOR(btw)[(igraph_integer_t)i];
        r->m[i].closeness = isnan(c) ? 0 : c;
    }
    rc = 0;
done:
    igraph_vector_destroy(&clo);
no_clo:
    igraph_vector_destroy(&btw);
no_btw:
    igraph_destroy(&G);
no_graph:
    igraph_vector_int_destroy(&ends);
    return rc;
}

static void report_free(report *r)
{
    free(r->m);
    free(r->index);
    free(r->comp_sizes);
}

static int compute(report *r, const kg_graph *g)
{
    memset(r, 0, sizeof *r);
    r->g = g;
    r->index = malloc((g->nents + 1) * sizeof *r->index);
    r->m = calloc(g->nents + 1, sizeof *r->m);
    if (!r->index || !r->m)
        return -1;
    for (uint32_t i = 0; i < g->nents; i++) {
        r->index[i] = KG_NONE;
        if (!kg_node_shown(g, i))
            continue;
        r->index[i] = (uint32_t)r->n;
        r->m[r->n++].entity = i;
    }
    if (degrees(r) || components(r))
        return -1;
    return r->n ? centralities(r) : 0;
}

/* ---- Rankings ---- */

typedef enum measure { DEGREE, BETWEENNESS, CLOSENESS } measure;

static double value_of(const metrics *m, measure what)
{
    return what == DEGREE        ? (double)m->degree
           : what == BETWEENNESS ? m->betweenness
                                 : m->closeness;
}

static measure sort_by;
static const metrics *sort_base;

/* Highest first; ties in input order. */
static int by_measure(const void *a, const void *b)
{
    const uint32_t *x = a, *y = b;
    double vx = value_of(&sort_base[*x], sort_by);
    double vy = value_of(&sort_base[*y], sort_by);
    if (vx != vy)
        return vx < vy ? 1 : -1;
    return *x < *y ? -1 : *x > *y;
}

/* The positions of the `top` highest nodes by `what`. */
static uint32_t *ranking(const report *r, measure what, size_t *n, size_t top)
{
    uint32_t *order = malloc((r->n + 1) * sizeof *order);
    if (!order)
        return NULL;
    for (uint32_t i = 0; i < r->n; i++)
        order[i] = i;
    sort_by = what;
    sort_base = r->m;
    qsort(order, r->n, sizeof *order, by_measure);
    *n = r->n < top ? r->n : top;
    return order;
}

/* ---- Text ---- */

static void text_types(FILE *out, const report *r, int relations)
{
    size_t n = 0;
    kg_type_count *t = kg_graph_count_types(r->g, relations, &n);
    fprintf(out, "\n%s by type\n", relations ? "Relations" : "Entities");
    for (size_t i = 0; i < n; i++) {
        const char *name = t[i].type ? t[i].type : "(no type)";
        size_t width = kg_utf8_count((const unsigned char *)name, strlen(name));
        fprintf(out, "  %s%*s%8lu\n", name, width < 34 ? (int)(34 - width) : 1,
                "", t[i].n);
    }
    free(t);
}

static void text_top(FILE *out, const report *r, measure what,
                     const char *title, size_t top)
{
    size_t n;
    uint32_t *order = ranking(r, what, &n, top);
    if (!order)
        return;
    fprintf(out, "\nTop %zu by %s\n", n, title);
    for (size_t i = 0; i < n; i++) {
        const metrics *m = &r->m[order[i]];
        const kg_entity *e = &r->g->ents[m->entity];
        char who[512];
        snprintf(who, sizeof who, "%s (%s)", e->name ? e->name : e->id, e->id);
        /* pad by characters, not bytes, so UTF-8 names line up */
        size_t width = kg_utf8_count((const unsigned char *)who, strlen(who));
        fprintf(out, "  %3zu. %s%*s", i + 1, who,
                width < 64 ? (int)(64 - width) : 1, "");
        if (what == DEGREE)
            fprintf(out, "%8lu\n", m->degree);
        else
            fprintf(out, "%12.3f\n", value_of(m, what));
    }
    free(order);
}

static void write_text(FILE *out, const report *r, size_t top)
{
    fprintf(out, "%zu entities, %lu relations\n", r->n, r->edges);
    text_types(out, r, 0);
    text_types(out, r, 1);
    fprintf(out, "\nConnected components: %zu (sizes:", r->ncomps);
    for (size_t i = 0; i < r->ncomps && i < 20; i++)
        fprintf(out, " %lu", r->comp_sizes[i]);
    fprintf(out, "%s)\n", r->ncomps > 20 ? " ..." : "");
    text_top(out, r, DEGREE, "degree", top);
    text_top(out, r, BETWEENNESS, "betweenness", top);
    text_top(out, r, CLOSENESS, "closeness", top);
    fputs("\nIsolated entities:", out);
    size_t isolated = 0;
    for (size_t i = 0; i < r->n; i++) {
        if (r->m[i].degree)
            continue;
        const kg_entity *e = &r->g->ents[r->m[i].entity];
        fprintf(out, "%s %s", isolated++ ? "," : "", e->id);
    }
    fputs(isolated ? "\n" : " none\n", out);
}

/* ---- CSV ---- */

static void write_csv(FILE *out, const report *r)
{
    fputs("id,name,type,degree,in_degree,out_degree,betweenness,closeness,"
          "component\n",
          out);
    for (size_t i = 0; i < r->n; i++) {
        const metrics *m = &r->m[i];
        const kg_entity *e = &r->g->ents[m->entity];
        kg_write_csv_field(out, e->id);
        putc(',', out);
        kg_write_csv_field(out, e->name ? e->name : "");
        putc(',', out);
        const char *type = kg_ent_type(r->g, e);
        kg_write_csv_field(out, type ? type : "");
        fprintf(out, ",%lu,%lu,%lu,%.6f,%.6f,%u\n", m->degree, m->in, m->out,
                m->betweenness, m->closeness, m->component + 1);
    }
}

/* ---- JSON ---- */

static void json_string(FILE *out, const char *s)
{
    putc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(out, "\\%c", *p);
        else if (*p < 0x20)
            fprintf(out, "\\u%04x", *p);
        else
            putc(*p, out);
    }
    putc('"', out);
}

static void json_types(FILE *out, const report *r, int relations)
{
    size_t n = 0;
    kg_type_count *t = kg_graph_count_types(r->g, relations, &n);
    putc('{', out);
    for (size_t i = 0; i < n; i++) {
        fputs(i ? ", " : "", out);
        json_string(out, t[i].type ? t[i].type : "");
        fprintf(out, ": %lu", t[i].n);
    }
    putc('}', out);
    free(t);
}

static void json_top(FILE *out, const report *r, measure what, size_t top)
{
    size_t n;
    uint32_t *order = ranking(r, what, &n, top);
    putc('[', out);
    for (size_t i = 0; order && i < n; i++) {
        fputs(i ? ", " : "", out);
        json_string(out, r->g->ents[r->m[order[i]].entity].id);
    }
    putc(']', out);
    free(order);
}

static void write_json(FILE *out, const report *r, size_t top)
{
    fprintf(out, "{\n  \"entities\": %zu,\n  \"relations\": %lu,\n", r->n,
            r->edges);
    fputs("  \"entity_types\": ", out);
    json_types(out, r, 0);
    fputs(",\n  \"relation_types\": ", out);
    json_types(out, r, 1);
    fputs(",\n  \"components\": [", out);
    for (size_t i = 0; i < r->ncomps; i++)
        fprintf(out, "%s%lu", i ? ", " : "", r->comp_sizes[i]);
    fputs("],\n  \"top\": {\"degree\": ", out);
    json_top(out, r, DEGREE, top);
    fputs(", \"betweenness\": ", out);
    json_top(out, r, BETWEENNESS, top);
    fputs(", \"closeness\": ", out);
    json_top(out, r, CLOSENESS, top);
    fputs("},\n  \"isolated\": [", out);
    size_t k = 0;
    for (size_t i = 0; i < r->n; i++) {
        if (r->m[i].degree)
            continue;
        fputs(k++ ? ", " : "", out);
        json_string(out, r->g->ents[r->m[i].entity].id);
    }
    fputs("],\n  \"nodes\": [", out);
    for (size_t i = 0; i < r->n; i++) {
        const metrics *m = &r->m[i];
        const kg_entity *e = &r->g->ents[m->entity];
        fputs(i ? ",\n    {\"id\": " : "\n    {\"id\": ", out);
        json_string(out, e->id);
        fputs(", \"name\": ", out);
        json_string(out, e->name ? e->name : e->id);
        fputs(", \"type\": ", out);
        if (kg_ent_type(r->g, e))
            json_string(out, kg_ent_type(r->g, e));
        else
            fputs("null", out);
        fprintf(out,
                ", \"degree\": %lu, \"in_degree\": %lu, \"out_degree\": %lu, "
                "\"betweenness\": %.6f, \"closeness\": %.6f, "
                "\"component\": %u}",
                m->degree, m->in, m->out, m->betweenness, m->closeness,
                m->component + 1);
    }
    fputs(r->n ? "\n  ]\n}\n" : "]\n}\n", out);
}

kg_status kg_write_stats(const kg_graph *g, FILE *out, kg_stats_format fmt,
                         size_t top)
{
    if (!g || !out || !g->resolved)
        return KG_ERR_USAGE;
    report r;
    int rc = compute(&r, g);
    if (rc == 0) {
        if (fmt == KG_STATS_CSV)
            write_csv(out, &r);
        else if (fmt == KG_STATS_JSON)
            write_json(out, &r, top);
        else
            write_text(out, &r, top);
    }
    report_free(&r);
    if (rc)
        return KG_ERR_NOMEM;
    return fflush(out) != 0 || ferror(out) ? KG_ERR_IO : KG_OK;
}
