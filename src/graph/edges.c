/*
 * edges.c - --merge-edges: relation rows with the same source, target and
 * type become one edge, with `weight` summed (a row without one counts 1),
 * `count` rows, and every other value kept.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graph/lifetime.h"
#include "graph/store_int.h"
#include "graph/view.h"
#include "rules/presentation.h"

static uint32_t edge_hash(const kg_graph *g, uint32_t i)
{
    const kg_relation *r = &g->v.rels[i];
    uint64_t h = r->src * 0x9E3779B97F4A7C15ull;
    h ^= r->dst + 0x7F4A7C15ull + (h << 6) + (h >> 2);
    h ^= (uint64_t)r->type * 0xBF58476D1CE4E5B9ull;
    h ^= (uint64_t)kg_rel_undirected(g, i);
    return (uint32_t)(h ^ (h >> 32));
}

static int same_edge(const kg_graph *g, uint32_t i, uint32_t k)
{
    const kg_relation *a = &g->v.rels[i], *b = &g->v.rels[k];
    return a->src == b->src && a->dst == b->dst && a->type == b->type &&
           kg_rel_undirected(g, i) == kg_rel_undirected(g, k);
}

/* Sets g->v.folded for every relation: the first of its kind, or KG_NONE. */
static int group_edges(kg_graph *g)
{
    size_t nslots = 16;
    while (nslots < g->v.nrels * 2)
        nslots *= 2;
    uint32_t *slots = kg_calloc(nslots, sizeof *slots);
    uint32_t *folded = g->v.folded
                           ? g->v.folded
                           : kg_malloc((g->v.nrels + 1) * sizeof *folded);
    if (!slots || !folded) {
        free(slots);
        if (folded != g->v.folded)
            free(folded);
        return -1;
    }
    g->v.folded = folded;
    for (uint32_t i = 0; i < g->v.nrels; i++) {
        size_t j = edge_hash(g, i) & (nslots - 1);
        while (slots[j] && !same_edge(g, slots[j] - 1, i))
            j = (j + 1) & (nslots - 1);
        folded[i] = KG_NONE;
        if (slots[j]) {
            folded[i] = slots[j] - 1;
            g->stats.folded++;
        } else {
            slots[j] = i + 1;
        }
    }
    free(slots);
    return 0;
}

/* A row's value v of `key` as a number: 1 when it has none (*given 0),
 * and 1 with a warning when it is not a number. */
static double row_number(kg_graph *g, const kg_relation *r, const char *v,
                         const char *key, int *given)
{
    *given = v != NULL;
    if (!v)
        return 1;
    char *end;
    double d = strtod(v, &end);
    if (end == v || *end) {
        kg_warn(&g->diag, "not-a-number", kg_loc_file(g, kg_rel_loc(g, r)),
                kg_rel_loc(g, r).line, 0,
                "%s %s is not a number; it counts as 1", key,
                kg_q(&g->diag, v));
        return 1;
    }
    return d;
}

/* The first values of weight and count in list l (as kg_attr_get finds
 * each), NULL where there is none: one walk of a row for the two. */
static void weight_and_count(const kg_graph *g, kg_list l, const char **w,
                             const char **n)
{
    *w = *n = NULL;
    kg_attr_it it;
    for (kg_attr_begin(g, l, &it); kg_attr_step(&it) && !(*w && *n);) {
        if (!*w && strcmp(it.key, "weight") == 0)
            *w = it.value;
        else if (!*n && strcmp(it.key, "count") == 0)
            *n = it.value;
    }
}

/* v as "%.15g" writes it into text[32]: a whole number under 1e15 (what
 * sums of counts and most weights are) is written digit by digit, as
 * printf would, which costs a tenth of printf's float path. */
static void format_number(char *text, double v)
{
    if (!(fabs(v) < 1e15) || v != trunc(v) || (v == 0 && signbit(v))) {
        snprintf(text, 32, "%.15g", v);
        return;
    }
    unsigned long long u = (unsigned long long)fabs(v);
    char digits[20];
    int n = 0;
    do
        digits[n++] = (char)('0' + u % 10);
    while ((u /= 10) != 0);
    if (v < 0)
        *text++ = '-';
    while (n > 0)
        *text++ = digits[--n];
    *text = '\0';
}

/* Sets edge r's weight and count to their sums; a weight the data gave
 * (given) is then checked as Graphviz would be given it (weight, the
 * presentation column: presentation.h), and past what it may be given,
 * kept as data only, with a warning.  The sum checked is the text set,
 * not read back: r then has that one weight.  0, or -1 when out of
 * memory. */
static int set_sums(kg_graph *g, uint32_t r, double weight, double count,
                    int given, const kg_present *weight_column)
{
    char w[32], n[32];
    format_number(w, weight);
    format_number(n, count);
    if (kg_graph_relation_set(g, r, "weight", w) ||
        kg_graph_relation_set(g, r, "count", n))
        return -1;
    if (given)
        kg_graph_check_value(g, kg_rel_loc(g, &g->v.rels[r]), "weight",
                             weight_column, 0, w);
    return 0;
}

/* Adds row i's values (but weight and count) to the edge it folds into. */
static int absorb_row(kg_graph *g, uint32_t keep, uint32_t i)
{
    kg_attr_it it; /* the items array may move: only rows' cells and
                      values (stable) are kept across the calls */
    kg_loc loc = kg_rel_loc(g, &g->v.rels[i]); /* once a row: it walks the
                                                 line bytes back */
    for (kg_attr_begin(g, kg_rel_attrs(g, &g->v.rels[i]), &it);
         kg_attr_step(&it);) {
        if (strcmp(it.key, "weight") == 0 || strcmp(it.key, "count") == 0)
            continue;
        if (kg_graph_relation_attr(g, keep, it.key, it.value, it.len, loc))
            return -1;
    }
    return 0;
}

static kg_status merge_edges(kg_graph *g);

kg_status kg_merge_edges(kg_graph *g)
{
    if (!g || !g->resolved)
        return KG_ERR_USAGE;
    kg_clock c = kg_graph_clock(g);
    kg_status st = merge_edges(g);
    kg_graph_timed(g, c, "merge edges", NULL);
    return st == KG_ERR_NOMEM ? kg_graph_broke(g) : st;
}

static kg_status merge_edges(kg_graph *g)
{
    g->v.edges_synced = 0; /* edges are folded as it goes */
    if (group_edges(g))
        return KG_ERR_NOMEM;
    double *weight = kg_calloc(g->v.nrels ? g->v.nrels : 1, sizeof *weight);
    double *count = kg_calloc(g->v.nrels ? g->v.nrels : 1, sizeof *count);
    unsigned char *given = kg_calloc(g->v.nrels ? g->v.nrels : 1, 1);
    kg_status st = weight && count && given ? KG_OK : KG_ERR_NOMEM;
    for (uint32_t i = 0; i < g->v.nrels && st == KG_OK; i++) {
        uint32_t keep = kg_rel_folded(g, i);
        keep = keep == KG_NONE ? i : keep;
        const kg_relation *r = &g->v.rels[i];
        const char *w, *n;
        weight_and_count(g, kg_rel_attrs(g, r), &w, &n);
        int has_weight, has_count;
        weight[keep] += row_number(g, r, w, "weight", &has_weight);
        given[keep] |= (unsigned char)has_weight;
        count[keep] += row_number(g, r, n, "count", &has_count);
        if (keep != i && absorb_row(g, keep, i))
            st = KG_ERR_NOMEM;
    }
    const kg_present *weight_column =
        kg_present_find("weight", KG_P_EDGE, NULL);
    for (uint32_t i = 0; i < g->v.nrels && st == KG_OK; i++)
        if (kg_rel_folded(g, i) == KG_NONE &&
            set_sums(g, i, weight[i], count[i], given[i], weight_column))
            st = KG_ERR_NOMEM;
    free(weight);
    free(count);
    free(given);
    kg_graph_sync_edges(g);
    return st;
}
