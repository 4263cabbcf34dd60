/*
 * auto_engine.c - kg_auto_engine, kgraph's size rule: the engine that
 * lays a graph out in seconds.  dot reads best, but its time grows with
 * the edges that do not fit a tree and with the ranks edges span; sfdp
 * takes neither much.
 */
#include <stdint.h>
#include <stdlib.h>

#include "graph/store.h"
#include "graph/view.h"
#include "kgraph.h"
#include "util/alloc.h"
#include "util/union_find.h"

/* dot is the most readable layout, but its time grows fast with the edges
 * that do not fit a tree (measured here with labelled edges on random
 * graphs: 100 nodes + 100 extra edges 0.5 s, 150 + 150 6 s, 300 + 300 95 s;
 * 800 nodes + 100 extra 0.4 s; 2 nodes and 2,000 parallel edges 0.5 s,
 * where sfdp took a minute placing the 2,000 labels).  sfdp draws
 * thousands of nodes in seconds; with components packed in an array (not
 * node by node), 3,000 isolated nodes take 0.1 s instead of 33. */
enum { KG_DOT_MAX_NODES = 800, KG_DOT_MAX_EXTRA_EDGES = 100 };

/* Nor can dot afford many edges that span many ranks: each becomes a
 * chain of virtual nodes, one a rank, which its ordering and placement
 * work through like real ones.  A deep tree (each node a child of one of
 * the three before it) has hundreds of ranks, and a few links across it
 * add thousands of virtual nodes (labelled edges, measured: 1,500 virtual
 * nodes or fewer took dot 0.2 to 1.5 s; 2,200 to 3,700 took 4 to 19 s;
 * 500 nodes with 100 links, 5,900 virtual nodes, more than a minute,
 * where sfdp took 0.4 s). */
enum { KG_DOT_MAX_VIRTUAL = 2000 };

/* The shown graph's cycles as the simple undirected graph has them
 * (distinct pairs, self-loops dropped): its edges beyond a spanning
 * forest, which is what makes dot slow.  Parallel edges and isolated
 * nodes cost dot nearly nothing.  -1 when out of memory. */
static long extra_edges(const kg_graph *g)
{
    size_t nslots = 64, pairs = 0;
    while (nslots < (size_t)kg_nrels(g) * 2)
        nslots *= 2;
    uint64_t *slots = kg_calloc(nslots, sizeof *slots); /* pair + 1, 0 empty */
    uint32_t *up = kg_malloc((kg_nents(g) + 1) * sizeof *up);
    if (!slots || !up) {
        free(slots);
        free(up);
        return -1;
    }
    for (uint32_t i = 0; i < kg_nents(g); i++)
        up[i] = i;
    long joins = 0;
    for (uint32_t i = 0; i < kg_nrels(g); i++) {
        uint32_t a = kg_rel(g, i)->src, b = kg_rel(g, i)->dst;
        if (!kg_edge_shown(g, i) || a == b)
            continue;
        uint64_t key = (uint64_t)(a < b ? a : b) << 32 | (a < b ? b : a);
        size_t j = (size_t)((key * 0x9E3779B97F4A7C15ull) >> 40) & (nslots - 1);
        while (slots[j] && slots[j] != key + 1)
            j = (j + 1) & (nslots - 1);
        if (slots[j])
            continue; /* a parallel edge */
        slots[j] = key + 1;
        pairs++;
        uint32_t ra = kg_uf_find(up, a), rb = kg_uf_find(up, b);
        if (ra != rb) {
            up[ra] = rb;
            joins++;
        }
    }
    free(slots);
    free(up);
    return (long)pairs - joins;
}

/* Edges as lists of heads by tail: heads[first[v] .. first[v + 1]). */
typedef struct out_lists {
    uint32_t *first, *heads;
} out_lists;

static void out_lists_free(out_lists *o)
{
    free(o->first);
    free(o->heads);
}

/* Fills o with m edges, edge k from tail(k) to head(k) as `edge` says;
 * 0, or -1 when out of memory. */
static int out_lists_make(out_lists *o, size_t n, size_t m,
                          void (*edge)(const void *, size_t, uint32_t *,
                                       uint32_t *),
                          const void *ctx)
{
    o->first = kg_calloc(n + 2, sizeof *o->first);
    o->heads = kg_malloc((m + 1) * sizeof *o->heads);
    if (!o->first || !o->heads)
        return -1;
    uint32_t t, h;
    for (size_t k = 0; k < m; k++) {
        edge(ctx, k, &t, &h);
        o->first[t + 2]++;
    }
    for (size_t v = 2; v < n + 2; v++)
        o->first[v] += o->first[v - 1];
    for (size_t k = 0; k < m; k++) { /* first[t + 1]: t's next free place */
        edge(ctx, k, &t, &h);
        o->heads[o->first[t + 1]++] = h;
    }
    return 0;
}

/* The shown edges but self-loops (which dot draws beside their node). */
typedef struct shown_edges {
    uint32_t *tail, *head;
} shown_edges;

static void shown_edge(const void *ctx, size_t k, uint32_t *t, uint32_t *h)
{
    const shown_edges *e = ctx;
    *t = e->tail[k];
    *h = e->head[k];
}

/* The same edges with those in `back` turned round. */
typedef struct turned_edges {
    const out_lists *o;
    const uint32_t *tail; /* of each place in o->heads */
    const unsigned char *back;
} turned_edges;

static void turned_edge(const void *ctx, size_t k, uint32_t *t, uint32_t *h)
{
    const turned_edges *e = ctx;
    *t = e->back[k] ? e->o->heads[k] : e->tail[k];
    *h = e->back[k] ? e->tail[k] : e->o->heads[k];
}

/* Marks in `back` the edges (by their place in o->heads) that close a
 * cycle, found depth first from each node in the order kgraph writes
 * them, as dot turns such edges round before it ranks. */
static int mark_back_edges(size_t n, const out_lists *o, unsigned char *back)
{
    unsigned char *state = kg_calloc(n + 1, 1); /* 1: on the path, 2: done */
    uint32_t *stack = kg_malloc((n + 1) * sizeof *stack),
             *next = kg_malloc((n + 1) * sizeof *next);
    int ok = state && stack && next;
    for (uint32_t root = 0; ok && root < n; root++) {
        if (state[root])
            continue;
        size_t depth = 0;
        stack[depth++] = root;
        next[root] = o->first[root];
        state[root] = 1;
        while (depth) {
            uint32_t v = stack[depth - 1];
            if (next[v] == o->first[v + 1]) {
                state[v] = 2;
                depth--;
                continue;
            }
            uint32_t k = next[v]++, w = o->heads[k];
            if (state[w] == 1) {
                back[k] = 1;
            } else if (!state[w]) {
                state[w] = 1;
                next[w] = o->first[w];
                stack[depth++] = w;
            }
        }
    }
    free(state);
    free(stack);
    free(next);
    return ok ? 0 : -1;
}

/* The sum over the edges of the acyclic graph d of the ranks each spans
 * beyond one, every node ranked by the longest path to it; -1 when out
 * of memory. */
static long spans_beyond_one(size_t n, const out_lists *d)
{
    uint32_t *rank = kg_calloc(n + 1, sizeof *rank),
             *waiting = kg_calloc(n + 1, sizeof *waiting),
             *ready = kg_malloc((n + 1) * sizeof *ready);
    long total = -1;
    if (rank && waiting && ready) {
        for (size_t k = 0; k < d->first[n]; k++)
            waiting[d->heads[k]]++;
        size_t nready = 0;
        for (uint32_t v = 0; v < n; v++)
            if (!waiting[v])
                ready[nready++] = v;
        for (size_t i = 0; i < nready; i++) { /* topological order */
            uint32_t v = ready[i];
            for (uint32_t k = d->first[v]; k < d->first[v + 1]; k++) {
                uint32_t w = d->heads[k];
                if (rank[w] < rank[v] + 1)
                    rank[w] = rank[v] + 1;
                if (--waiting[w] == 0)
                    ready[nready++] = w;
            }
        }
        total = 0;
        for (uint32_t v = 0; v < n; v++)
            for (uint32_t k = d->first[v]; k < d->first[v + 1]; k++)
                total += (long)rank[d->heads[k]] - (long)rank[v] - 1;
    }
    free(rank);
    free(waiting);
    free(ready);
    return total;
}

/* The virtual nodes dot would add for g's shown edges: the ranks each
 * edge spans beyond one, once the edges that close cycles are turned
 * round.  -1 when out of memory. */
static long virtual_nodes(const kg_graph *g)
{
    size_t n = kg_nents(g), m = 0;
    shown_edges e = {kg_malloc((kg_nrels(g) + 1) * sizeof *e.tail),
                     kg_malloc((kg_nrels(g) + 1) * sizeof *e.head)};
    for (uint32_t i = 0; e.tail && e.head && i < kg_nrels(g); i++) {
        const kg_relation *r = kg_rel(g, i);
        if (kg_edge_shown(g, i) && r->src != r->dst) {
            e.tail[m] = r->src;
            e.head[m++] = r->dst;
        }
    }
    out_lists o = {NULL, NULL}, d = {NULL, NULL};
    unsigned char *back = kg_calloc(m + 1, 1);
    uint32_t *tail = kg_malloc((m + 1) * sizeof *tail);
    long total = -1;
    if (e.tail && e.head && back && tail &&
        out_lists_make(&o, n, m, shown_edge, &e) == 0 &&
        mark_back_edges(n, &o, back) == 0) {
        for (uint32_t v = 0; v < n; v++)
            for (uint32_t k = o.first[v]; k < o.first[v + 1]; k++)
                tail[k] = v;
        turned_edges t = {&o, tail, back};
        if (out_lists_make(&d, n, m, turned_edge, &t) == 0)
            total = spans_beyond_one(n, &d);
    }
    free(e.tail);
    free(e.head);
    free(back);
    free(tail);
    out_lists_free(&o);
    out_lists_free(&d);
    return total;
}

const char *kg_auto_engine(const kg_graph *g)
{
    if (!g)
        return NULL;
    kg_stats s = kg_graph_stats(g);
    long extra = s.entities <= KG_DOT_MAX_NODES ? extra_edges(g) : -1;
    if (extra < 0 || extra > KG_DOT_MAX_EXTRA_EDGES)
        return "sfdp";
    long virt = virtual_nodes(g);
    return virt >= 0 && virt <= KG_DOT_MAX_VIRTUAL ? "dot" : "sfdp";
}
