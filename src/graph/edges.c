/*
 * edges.c - --merge-edges: relation rows with the same source, target and
 * type become one edge, with `weight` summed (a row without one counts 1),
 * `count` rows, and every other value kept.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graph/edges.h"
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
        if (slots[j])
            folded[i] = slots[j] - 1;
        else
            slots[j] = i + 1;
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

/* Key of another graph's row as interned in g: from a few remembered
 * (a row's keys are the same few), else interned.  NULL when out of
 * memory. */
static const char *key_in_g(kg_fold *f, const kg_graph *from, const char *key)
{
    if (from == f->g)
        return key;
    size_t h = ((uintptr_t)key >> 3) % KG_FOLD_KEYS;
    if (f->key_from[h] != key) {
        const char *k = kg_intern(f->g, key, strlen(key));
        if (!k)
            return NULL;
        f->key_from[h] = key;
        f->key_in_g[h] = k;
    }
    return f->key_in_g[h];
}

/* Adds row r's values (but weight and count) to the edge it folds into. */
static int absorb_row(kg_fold *f, const kg_fold_row *r)
{
    kg_graph *g = f->g;
    kg_attr_it it; /* the items array may move: only rows' cells and
                      values (stable) are kept across the calls */
    kg_loc loc = kg_rel_loc(g, &g->v.rels[r->at]); /* once a row: it walks
                                                     the line bytes back */
    if (r->relation && !f->relation)
        f->relation = kg_intern(g, "relation", 8);
    if (r->relation &&
        (!f->relation ||
         kg_graph_relation_attr(g, r->keep, f->relation, r->relation,
                                strlen(r->relation), loc)))
        return -1;
    for (kg_attr_begin(r->from, r->attrs, &it); kg_attr_step(&it);) {
        if (strcmp(it.key, "weight") == 0 || strcmp(it.key, "count") == 0)
            continue;
        const char *k = key_in_g(f, r->from, it.key);
        if (!k || kg_graph_relation_attr(g, r->keep, k, it.value, it.len, loc))
            return -1;
    }
    return 0;
}

int kg_fold_start(kg_fold *f, kg_graph *g)
{
    size_t n = g->v.nrels ? g->v.nrels : 1;
    *f = (kg_fold){.g = g, .clock = kg_graph_clock(g)};
    g->v.edges_synced = 0; /* edges are folded as it goes */
    f->weight = kg_calloc(n, sizeof *f->weight);
    f->count = kg_calloc(n, sizeof *f->count);
    f->given = kg_calloc(n, 1);
    if (f->weight && f->count && f->given && !group_edges(g))
        return 0;
    free(f->weight);
    free(f->count);
    free(f->given);
    return -1;
}

int kg_fold_add(kg_fold *f, const kg_fold_row *r)
{
    kg_graph *g = f->g;
    const char *w, *n;
    weight_and_count(r->from, r->attrs, &w, &n);
    const kg_relation *at = &g->v.rels[r->at];
    int has_weight, has_count;
    f->weight[r->keep] += row_number(g, at, w, "weight", &has_weight);
    f->given[r->keep] |= (unsigned char)has_weight;
    f->count[r->keep] += row_number(g, at, n, "count", &has_count);
    if (r->first)
        return 0;
    g->stats.folded++;
    return absorb_row(f, r);
}

kg_status kg_fold_end(kg_fold *f, int ok)
{
    kg_graph *g = f->g;
    const kg_present *weight_column =
        kg_present_find("weight", KG_P_EDGE, NULL);
    kg_status st = ok ? KG_OK : KG_ERR_NOMEM;
    for (uint32_t i = 0; i < g->v.nrels && st == KG_OK; i++)
        if (kg_rel_folded(g, i) == KG_NONE &&
            set_sums(g, i, f->weight[i], f->count[i], f->given[i],
                     weight_column))
            st = KG_ERR_NOMEM;
    free(f->weight);
    free(f->count);
    free(f->given);
    kg_graph_sync_edges(g);
    kg_graph_timed(g, f->clock, "merge edges", NULL);
    return st == KG_ERR_NOMEM ? kg_graph_broke(g) : st;
}

kg_status kg_merge_edges(kg_graph *g)
{
    if (!g || !g->resolved)
        return KG_ERR_USAGE;
    kg_fold f;
    if (kg_fold_start(&f, g))
        return kg_graph_broke(g);
    int ok = 1;
    for (uint32_t i = 0; i < g->v.nrels && ok; i++) {
        uint32_t keep = kg_rel_folded(g, i);
        kg_fold_row r = {.keep = keep == KG_NONE ? i : keep,
                         .at = i,
                         .first = keep == KG_NONE,
                         .from = g,
                         .attrs = kg_rel_attrs(g, &g->v.rels[i])};
        ok = !kg_fold_add(&f, &r);
    }
    return kg_fold_end(&f, ok);
}
