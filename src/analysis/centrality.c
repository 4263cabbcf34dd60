/*
 * centrality.c - betweenness and closeness for kgraph stats and the
 * report: Brandes' breadth-first searches, on all cores, exact or (past a
 * bound on the work) from sampled sources with their error (stats.c has
 * the definitions the values follow).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/centrality.h"

#include "graph/lifetime.h"
#include "graph/store.h"
#include "graph/view.h"
#include "util/alloc.h"
#include "util/parallel.h"

/*
 * Brandes' algorithm, one breadth-first search per source, on the graph as
 * undirected and simple.  The work is counted in visits (a search of a
 * component visits its nodes and arcs), never in time, so that where it
 * stops depends on the graph alone.  Exact while every search fits
 * BUDGET.  Beyond it:
 *   - the smallest components are searched whole, from every node, while
 *     their searches together fit BUDGET: their values are exact (at 1M
 *     entities, 43,951 components of 1 to 5 entities, a few visits each);
 *   - the larger ones share the sampling budget, SEARCHES times the visits
 *     of one search of each of them (BUDGET at least): each is searched
 *     from the same share of its nodes, at least two (so that the spread
 *     is measured), chosen by a fixed pseudo-random sequence, and the sums
 *     scaled up.  The largest component, when it holds most of the graph,
 *     gets about SEARCHES sources whatever its size, so the cost grows as
 *     the graph does (as the build's) rather than staying at BUDGET while
 *     the sources dwindle (21 of 953,862 at 1M before).
 * The estimates: Eppstein and Wang's of the distances closeness is made
 * of; for betweenness, Geisberger, Sanders and Schultes' linear scaling
 * (each path's count shared between its two ends by how far along it the
 * node is), which unlike Brandes and Pich's plain estimate does not add a
 * whole search's paths to a sampled source's neighbours.  At 1M entities
 * of the bench data the top ten's stated error (median) is 86% plain
 * with 21 sources, 59% linearly scaled with 21, 38% with 32, 28% with 48,
 * 18% with 64; each 16 sources cost under a second of CPU there
 * (search_from), and 48 keep `kgraph stats` under its goal of twice the
 * build.  A 40,000-leaf star is a second's work, not minutes.
 */
#define BUDGET   1e8
#define SEARCHES 48

typedef struct adjacency {
    uint32_t *start; /* per node: its first neighbour in `to` */
    uint32_t *to;
    size_t n, arcs; /* renumbered: in big blocks of n + 2 and arcs + 1 */
} adjacency;

/* An array the searches read at random, in huge pages where the system
 * gives them (util/alloc.c): fresh, they cost less to fill (0.5 ms a MiB
 * first touched against 0.7 with 4 KiB pages, here), and a read at
 * random misses the TLB less.  Freed with big_free. */
static void *big_array(size_t count, size_t size)
{
    return count > SIZE_MAX / size ? NULL : kg_big_calloc(count * size);
}

static void big_free(void *p, size_t count, size_t size)
{
    kg_big_free(p, count * size);
}

static int by_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* A list of neighbours sorted (renumber's, as it takes each list). */
static void sort_list(uint32_t *l, uint32_t len)
{
    if (len > 16) {
        qsort(l, len, sizeof *l, by_u32);
        return;
    }
    /* most lists are short: inserted, without a call per pair */
    for (uint32_t k = 1; k < len; k++) {
        uint32_t x = l[k], j = k;
        for (; j > 0 && l[j - 1] > x; j--)
            l[j] = l[j - 1];
        l[j] = x;
    }
}

/* Half of build_adjacency's work, one of two steps: its relations
 * [rel_from, rel_to) counted at their ends, then written into the ends'
 * lists. */
typedef struct adj_half {
    const stats_run *r;
    adjacency *a;
    uint32_t rel_from, rel_to;
    uint32_t *at; /* per node: the half's neighbours of it, then where
                     the next goes in a->to */
    int step;
} adj_half;

static void adj_step(void *arg)
{
    adj_half *h = arg;
    const kg_graph *g = h->r->g;
    const uint32_t *index = h->r->index;
    adjacency *a = h->a;
    for (uint32_t i = h->rel_from; i < h->rel_to; i++) {
        uint32_t u = index[kg_rel(g, i)->src], v = index[kg_rel(g, i)->dst];
        if (!kg_edge_shown(g, i) || u == v)
            continue;
        if (h->step == 0) {
            h->at[u]++;
            h->at[v]++;
        } else {
            a->to[h->at[u]++] = v;
            a->to[h->at[v]++] = u;
        }
    }
}

/* Step `step` of both halves, on two threads when `two`. */
static void adj_steps(adj_half *h, int step, int two)
{
    h[0].step = h[1].step = step;
    if (two)
        kg_parallel(adj_step, &h[0], &h[1]);
    else {
        adj_step(&h[0]);
        adj_step(&h[1]);
    }
}

/* The undirected graph of the shown edges, no self-loops: each node's
 * neighbours in any order, a neighbour once for each edge between them
 * (renumber sorts each list and merges parallel edges as it takes it, on
 * its thread while r->alongside has the other).  In halves, on two
 * threads where the settings allow. */
static int two_threads(const kg_graph *g)
{
    unsigned threads = kg_graph_settings(g)->threads;
    return (threads ? threads : kg_processors()) > 1;
}

static int build_adjacency(stats_run *r, adjacency *a)
{
    const kg_graph *g = r->g;
    size_t n = r->n;
    int two = two_threads(g);
    uint32_t nrels = kg_nrels(g);
    adj_half h[2] = {
        {r, a, 0, nrels / 2, kg_calloc(n + 1, sizeof *h[0].at), 0},
        {r, a, nrels / 2, nrels, kg_calloc(n + 1, sizeof *h[1].at), 0}};
    a->start = kg_calloc(n + 2, sizeof *a->start);
    /* the shown edges' ends at most (not counted yet: r->alongside),
     * pages untouched past them */
    a->to = kg_malloc(((size_t)nrels * 2 + 1) * sizeof *a->to);
    if (!h[0].at || !h[1].at || !a->start || !a->to) {
        free(h[0].at);
        free(h[1].at);
        return -1;
    }
    adj_steps(h, 0, two);
    for (size_t v = 0; v < n; v++) { /* the first half's ends first */
        uint32_t c0 = h[0].at[v], c1 = h[1].at[v];
        a->start[v + 1] = a->start[v] + c0 + c1;
        h[0].at[v] = a->start[v];
        h[1].at[v] = a->start[v] + c0;
    }
    adj_steps(h, 1, two);
    free(h[0].at);
    free(h[1].at);
    return 0;
}

/* How far ahead (in places of order) the searches ask for what they will
 * read: a node's place in `start`, its list of neighbours, its
 * neighbours' places (and each successor's state as it is found:
 * search_from's `pending`); on the way back (AHEAD_BACK_PREDS places of
 * pred ahead) the predecessors' states; adding a search to the totals
 * (AHEAD_SUMS nodes ahead), a node's state.  The lists and places lie
 * anywhere in arrays of megabytes, each a wait for memory when read
 * unasked; asked for this far ahead (a few hundred nanoseconds of work at
 * 1M entities) they are in the cache when their turn comes: the
 * centralities of the 1M bench took a tenth less time than with 8 and 4
 * places ahead and nothing asked for the neighbours or the way back.
 * That asking costs a second pass over each list and a loop over each
 * node's predecessors: where the states (24 bytes a node) and lists (4 an
 * arc) fit the cache, it is all cost (a quarter more time at 100k
 * entities, 4 MB of them), so it is done past FAR_BYTES only (a 32 MiB
 * cache here; 40 MB at 1M). */
#define FAR_BYTES (16.0 * 1024 * 1024)
enum {
    AHEAD_START = 64,
    AHEAD_LIST = 32,
    AHEAD_NEIGHBOURS = 16,
    AHEAD_SUMS = 32,
    AHEAD_BACK_PREDS = 64
};

/*
 * The same graph with its nodes numbered in breadth-first order (from the
 * first node not yet numbered, so component by component): the nodes a
 * search reaches together then lie together in memory.  Each node's
 * neighbours keep their order, so every search visits them as before and
 * adds the same numbers in the same order.  The searches that number
 * them are those of the weakly connected components: the k-th (in the
 * order of their first nodes) gets the numbers from comp[k].node to
 * comp[k + 1].node, its lists the arcs from comp[k].arc.
 */
typedef struct numbering {
    uint32_t *newof, *oldof;
    struct comp_start {
        uint32_t node, arc;
    } * comp;
    size_t ncomp;
} numbering;

/* For the unit tests (kg_centrality_plain_numbering): the searches on the
 * nodes as numbered, which must give the same doubles. */
static _Thread_local int plain_numbering;

void kg_centrality_plain_numbering(int plain)
{
    plain_numbering = plain;
}

/* For the unit tests (kg_centrality_far): the searches as on a large
 * graph. */
static _Thread_local int always_far;

void kg_centrality_far(int far)
{
    always_far = far;
}

static void numbering_free(numbering *x)
{
    free(x->newof);
    free(x->oldof);
    free(x->comp);
}

/* Frees a: renumbered (a->n set) its arrays are big_array's, else
 * build_adjacency's. */
static void adjacency_free(adjacency *a)
{
    if (a->n) {
        big_free(a->start, a->n + 2, sizeof *a->start);
        big_free(a->to, a->arcs + 1, sizeof *a->to);
    } else {
        free(a->start);
        free(a->to);
    }
}

/* a's lists, each sorted (renumber's search took them all), with each
 * neighbour once: moved down over the parallel edges. */
static void merge_parallel(adjacency *a, size_t n)
{
    uint32_t w = 0;
    for (size_t v = 0; v < n; v++) {
        uint32_t b = a->start[v], e = a->start[v + 1];
        a->start[v] = w;
        for (uint32_t k = b; k < e; k++)
            if (k == b || a->to[k] != a->to[k - 1])
                a->to[w++] = a->to[k];
    }
    a->start[n] = w;
}

/* Numbers a's nodes into x and (unless plain_numbering) replaces a with
 * the graph in those numbers, each list sorted by the old numbers, each
 * neighbour once; a's lists come in any order, a neighbour once for each
 * parallel edge (build_adjacency's).  b is sized for a's arcs, parallel
 * edges and all: at most what it needs, the pages past that never
 * touched. */
static int renumber(adjacency *a, size_t n, numbering *x)
{
    uint32_t *newof = x->newof = kg_malloc((n + 1) * sizeof *newof);
    uint32_t *oldof = x->oldof = kg_malloc((n + 1) * sizeof *oldof);
    x->comp = kg_malloc((n + 2) * sizeof *x->comp);
    x->ncomp = 0;
    size_t arcs = a->start[n];
    adjacency b = {big_array(n + 2, sizeof *b.start),
                   big_array(arcs + 1, sizeof *b.to), n, arcs};
    if (!newof || !oldof || !x->comp || !b.start || !b.to) {
        big_free(b.start, n + 2, sizeof *b.start);
        big_free(b.to, arcs + 1, sizeof *b.to);
        return -1;
    }
    for (size_t v = 0; v < n; v++)
        newof[v] = UINT32_MAX;
    /* one pass: a node's list is written as the search takes it, its
     * neighbours numbered by then (asked for ahead as the searches do) */
    uint32_t next = 0, w = 0;
    b.start[0] = 0;
    for (size_t s = 0; s < n; s++) {
        if (newof[s] != UINT32_MAX)
            continue;
        uint32_t head = next;
        x->comp[x->ncomp++] = (struct comp_start){next, w};
        newof[s] = next;
        oldof[next++] = (uint32_t)s;
        while (head < next) {
            if (head + AHEAD_START < next)
                kg_prefetch(&a->start[oldof[head + AHEAD_START]]);
            if (head + AHEAD_LIST < next)
                kg_prefetch(&a->to[a->start[oldof[head + AHEAD_LIST]]]);
            if (head + AHEAD_NEIGHBOURS < next) {
                uint32_t p = oldof[head + AHEAD_NEIGHBOURS];
                for (uint32_t k = a->start[p]; k < a->start[p + 1]; k++)
                    kg_prefetch(&newof[a->to[k]]);
            }
            uint32_t v = oldof[head++], b0 = a->start[v];
            /* parallel edges merged: the list sorted, each neighbour once
             * (the next search visits them in the order of their old
             * numbers, which b keeps) */
            sort_list(a->to + b0, a->start[v + 1] - b0);
            for (uint32_t k = b0; k < a->start[v + 1]; k++) {
                uint32_t u = a->to[k];
                if (k > b0 && u == a->to[k - 1])
                    continue;
                if (newof[u] == UINT32_MAX) {
                    newof[u] = next;
                    oldof[next++] = u;
                }
                b.to[w++] = newof[u];
            }
            b.start[head] = w;
        }
    }
    x->comp[x->ncomp] = (struct comp_start){(uint32_t)n, w};
    if (plain_numbering) { /* the searches' numbers are the nodes' own */
        big_free(b.start, n + 2, sizeof *b.start);
        big_free(b.to, arcs + 1, sizeof *b.to);
        for (size_t v = 0; v < n; v++)
            newof[v] = (uint32_t)v;
        merge_parallel(a, n);
        return 0;
    }
    free(a->start);
    free(a->to);
    *a = b;
    return 0;
}

/* For the unit tests (kg_centrality_adjacency): the graph the searches
 * read, built and renumbered as kg_stats_centralities does. */
int kg_centrality_adjacency(stats_run *r, uint32_t **start, uint32_t **to,
                            uint32_t **newof)
{
    adjacency a = {NULL, NULL, 0, 0};
    numbering x = {NULL, NULL, NULL, 0};
    int rc = build_adjacency(r, &a) || renumber(&a, r->n, &x) ? -1 : 0;
    size_t arcs = rc ? 0 : a.start[r->n];
    *start = rc ? NULL : kg_malloc((r->n + 1) * sizeof **start);
    *to = rc ? NULL : kg_malloc((arcs + 1) * sizeof **to);
    *newof = x.newof;
    x.newof = NULL;
    if (*start && *to) {
        memcpy(*start, a.start, (r->n + 1) * sizeof **start);
        memcpy(*to, a.to, arcs * sizeof **to);
    } else {
        free(*start);
        free(*to);
        free(*newof);
        *start = *to = *newof = NULL;
        rc = -1;
    }
    adjacency_free(&a);
    numbering_free(&x);
    return rc;
}

/* renumber on this thread (plain_numbering is this thread's), and
 * r->alongside on a second one when the settings allow. */
typedef struct beside {
    stats_run *r;
    adjacency *a;
    numbering *x;
    int rc;
} beside;

static void beside_job(void *arg)
{
    beside *b = arg;
    if (b->a)
        b->rc = renumber(b->a, b->r->n, b->x);
    else if (b->r->alongside)
        b->r->alongside(b->r);
}

static int renumber_beside(stats_run *r, adjacency *a, numbering *x)
{
    beside job[2] = {{r, a, x, 0}, {r, NULL, NULL, 0}};
    if (r->alongside && two_threads(r->g))
        kg_parallel(beside_job, &job[0], &job[1]);
    else {
        beside_job(&job[1]);
        beside_job(&job[0]);
    }
    return job[0].rc;
}

/* A component of renumber's: its size and its place among them. */
typedef struct comp_rank {
    size_t size;
    uint32_t k;
} comp_rank;

/* Largest first; ties in the order of their first nodes. */
static int by_size_then_first(const void *a, const void *b)
{
    const comp_rank *x = a, *y = b;
    if (x->size != y->size)
        return x->size < y->size ? 1 : -1;
    return (x->k > y->k) - (x->k < y->k);
}

/* The weakly connected components, renumber's searches, numbered by size
 * (largest first; ties: the one with the earliest node first): sets
 * r->comp_sizes, r->ncomps, each node's component, and each component's
 * work (its nodes and arcs). */
static int number_components(stats_run *r, const numbering *x, double *work)
{
    size_t nc = x->ncomp;
    comp_rank *c = kg_malloc((nc + 1) * sizeof *c);
    uint32_t *number = kg_malloc((nc + 1) * sizeof *number);
    r->comp_sizes = kg_calloc(nc + 1, sizeof *r->comp_sizes);
    if (!c || !number || !r->comp_sizes) {
        free(c);
        free(number);
        return -1;
    }
    for (size_t k = 0; k < nc; k++)
        c[k] = (comp_rank){x->comp[k + 1].node - x->comp[k].node, (uint32_t)k};
    qsort(c, nc, sizeof *c, by_size_then_first);
    for (size_t i = 0; i < nc; i++) {
        const struct comp_start *b = &x->comp[c[i].k], *e = b + 1;
        number[c[i].k] = (uint32_t)i;
        r->comp_sizes[i] = c[i].size;
        work[i] = (double)c[i].size + (double)(e->arc - b->arc);
    }
    r->ncomps = nc;
    for (size_t k = 0; k < nc; k++)
        for (uint32_t p = x->comp[k].node; p < x->comp[k + 1].node; p++)
            r->m[x->oldof[p]].component = number[k];
    free(c);
    free(number);
    return 0;
}

/* x, numbered as renumber numbers nodes, back in the old numbers, written
 * into *spare (n + 1 doubles, allocated when NULL), which then holds x's
 * old array for the next call: one fresh array for all the results, not
 * one each (fewer new pages for the kernel to clear).  Free *spare after
 * the last call. */
static int number_back(double **x, const uint32_t *newof, size_t n,
                       double **spare)
{
    if (!*x)
        return 0;
    if (!*spare && !(*spare = kg_malloc((n + 1) * sizeof **spare)))
        return -1;
    double *old = *spare;
    for (size_t v = 0; v < n; v++)
        old[v] = (*x)[newof[v]];
    *spare = *x;
    *x = old;
    return 0;
}

/* One node's sums over a piece's searches, together so that adding to
 * them costs one cache line, not four: betweenness, distances, and
 * (sampled) their squares. */
typedef struct sums {
    double btw, dsum, bsq, dsq;
} sums;

/* Working arrays of one search.  A node's state is kept at its place in
 * the order reached, not at its number: the way out then reads the
 * states in sequence, adds to successors' among the next distance's
 * (lately written), and the way back reads them in sequence and adds to
 * predecessors' among the previous distance's, instead of anywhere in
 * megabytes.  Per node there is only its place, which tells what a
 * neighbour is: not reached, before the current distance's (a
 * predecessor), among them, or after (a successor).  A node's paths and
 * dependency are together: the way back reads both of each predecessor,
 * one cache line, not two. */
typedef struct search {
    uint32_t *order; /* nodes in the order reached (n + 1: the way out
                        writes the slot past them, as it does sd's) */
    uint32_t *place; /* per node: 1 + its place in order, 0 not reached
                        (so that a fresh array is all unreached) */
    struct paths {
        double sigma; /* shortest paths from the source; once the way back
                         has passed the node, its distance (the sums read
                         it there) */
        double delta; /* dependency of the source on the node */
    } * sd;           /* per place in order */
    uint32_t *pred;   /* the predecessors' places of order[1], then of
                         order[2], ... (the source has none, every other
                         node one or more), the first of each marked
                         FIRST_PRED: at most one for each edge, arcs / 2
                         (+ 1: one is written past the last, not counted) */
    uint32_t *begins; /* per distance d: where in order the nodes at d
                         begin */
    int far;          /* the neighbours' places and the way back's asked
                         for ahead (FAR_BYTES) */
} search;

/* A node's first predecessor in search.pred: places are under 2^31. */
#define FIRST_PRED 0x80000000u

/* The paths a node adds to its successors' (sigma), held back PENDING of
 * them so that each successor's state, asked for as it is found, is in
 * the cache when added to (and nothing is asked for the neighbours that
 * are not successors, half of them or more).  Added in the order they
 * came, and all before the next distance's nodes are read: the same sums
 * as adding each at once. */
enum { PENDING = 16 }; /* a power of two */
typedef struct pending {
    struct later {
        uint32_t at; /* the successor's place */
        double paths;
    } at[PENDING];
    size_t in, out; /* held: [out, in), counted from 0 */
} pending;

static void settle(pending *q, struct paths *sd)
{
    for (; q->in != q->out; q->out++) {
        const struct later *l = &q->at[q->out & (PENDING - 1)];
        sd[l->at].sigma += l->paths;
    }
}

/* The way out and the way back are written once and compiled twice, near
 * and far (a constant), so that neither tests w->far at every step. */
#if defined(__GNUC__)
#define SEARCH_STEP static inline __attribute__((always_inline))
#else
#define SEARCH_STEP static inline
#endif

/*
 * search_from's way out: from s, each node's place, its paths and its
 * predecessors noted (w); returns how many nodes it reached, its last
 * distance in *last and the predecessors noted in *npred.
 *
 * A neighbour is one of three kinds by its place: not reached (0), a
 * predecessor (before this distance's, under `now`) or at this distance,
 * a successor reached before (from `next`).  On a graph that fits the
 * cache (near) a branch on the kind is guessed wrong about every fifth
 * neighbour and costs more than doing the work of every kind: there each
 * neighbour writes what each kind would, and the counts move by its kind
 *   - order, paths and place at the tail, which moves on for a node not
 *     reached (a reached one writes its own place again, and the slot at
 *     the tail is written again before it is read);
 *   - its place at pred[np], np counted for a predecessor;
 *   - this node's paths added to a successor's, and for any other kind to
 *     the slot at the tail, before it is written;
 * the centralities of the 100k bench took 0.81 s of CPU against 1.0
 * (a quarter more instructions, half the branches guessed wrong).  Far, the
 * waits are for memory, and the extra writes cost more than the branches
 * (at 1M on one thread 3.0-3.3 s against 2.65-2.73): there the branches
 * stay, and a successor's adds are held (pending).  Either way each
 * node's sums get the same terms in the same order.
 */
SEARCH_STEP size_t way_out(const adjacency *a, search *w, uint32_t s,
                           int32_t *last, uint32_t *npred, const int far)
{
    const uint32_t *start = a->start, *to = a->to;
    uint32_t *order = w->order, *pred = w->pred, *begins = w->begins;
    uint32_t *place = w->place;
    struct paths *sd = w->sd;
    pending q = {.in = 0, .out = 0};
    size_t head = 0, tail = 1, level_end = 1;
    uint32_t np = 0, now = 1, next = 2; /* places (1 +) of this distance */
    int32_t dist = 0;                   /* order[head]'s distance */
    order[0] = s;
    sd[0] = (struct paths){1, 0};
    place[s] = 1;
    begins[0] = 0;
    while (head < tail) {
        if (head == level_end) { /* the next distance's nodes begin */
            if (far)
                settle(&q, sd);
            begins[++dist] = (uint32_t)head;
            now = (uint32_t)head + 1;
            next = (uint32_t)tail + 1;
            level_end = tail;
        }
        if (head + AHEAD_START < tail)
            kg_prefetch(&start[order[head + AHEAD_START]]);
        if (head + AHEAD_LIST < tail)
            kg_prefetch(&to[start[order[head + AHEAD_LIST]]]);
        if (far && head + AHEAD_NEIGHBOURS < tail) {
            uint32_t p = order[head + AHEAD_NEIGHBOURS];
            for (uint32_t k = start[p]; k < start[p + 1]; k++)
                kg_prefetch(&place[to[k]]);
        }
        uint32_t v = order[head], mark = np;
        double paths = sd[head++].sigma;
        const uint32_t *k = to + start[v], *end = to + start[v + 1];
        for (; far && k < end; k++) {
            uint32_t u = *k, pu = place[u];
            if (pu == 0) { /* reached now: a successor */
                order[tail] = u;
                sd[tail] = (struct paths){paths, 0};
                place[u] = (uint32_t)++tail;
            } else if (pu >= next) { /* a successor reached before */
                if (q.in - q.out == PENDING) {
                    const struct later *l = &q.at[q.out++ & (PENDING - 1)];
                    sd[l->at].sigma += l->paths;
                }
                kg_prefetch(&sd[pu - 1]);
                q.at[q.in++ & (PENDING - 1)] = (struct later){pu - 1, paths};
            } else { /* a predecessor, or at the same distance */
                pred[np] = pu - 1;
                np += pu < now;
            }
        }
        for (; !far && k < end; k++) {
            uint32_t u = *k, pu = place[u];
            sd[pu >= next ? pu - 1 : tail].sigma += paths;
            order[tail] = u;
            sd[tail] = (struct paths){paths, 0};
            place[u] = pu ? pu : (uint32_t)tail + 1;
            tail += !pu;
            pred[np] = pu - 1;
            np += pu - 1 < now - 1;
        }
        if (np > mark)
            pred[mark] |= FIRST_PRED;
    }
    if (far)
        settle(&q, sd);
    *last = dist;
    *npred = np;
    return tail;
}

/*
 * search_from's way back, from the last node reached (`reached`, the last
 * at distance `dist`, np predecessors noted) to the source's neighbours:
 * each node's dependency gets the same terms in the same order (its
 * successors', last reached first; a node's predecessors are distinct, so
 * the order among them changes no sum).  Leaves each node's distance in
 * place of its paths.
 */
SEARCH_STEP void way_back(search *w, size_t reached, int32_t dist, uint32_t np,
                          int linear, const int far)
{
    const uint32_t *pred = w->pred, *begins = w->begins;
    struct paths *sd = w->sd;
    uint32_t j = np, ahead = np, begin = begins[dist];
    double step = linear && dist > 0 ? 1.0 / dist : 1; /* a path's end */
    for (size_t i = reached; i-- > 1;) {
        for (; far && ahead > 0 && ahead + AHEAD_BACK_PREDS > j; ahead--)
            kg_prefetch(&sd[pred[ahead - 1] & ~FIRST_PRED]);
        if (i < begin) {
            begin = begins[--dist];
            step = linear ? 1.0 / dist : 1;
        }
        double up = step + sd[i].delta, x = sd[i].sigma;
        uint32_t y;
        do {
            y = pred[--j];
            struct paths *to = &sd[y & ~FIRST_PRED];
            to->delta += to->sigma / x * up;
        } while (!(y & FIRST_PRED));
        /* its paths are read no more: its successors came before it, and
         * it precedes none of the nodes after it */
        sd[i].sigma = dist;
    }
    sd[0].sigma = 0;
}

/* One search from s: leaves in w each node's place in the order reached
 * (w->order), and at its place the dependency of s on it and its
 * distance from s (in place of its paths, struct search says); returns
 * how many nodes it reached.  Linearly scaled dependencies when `linear`
 * (a sampled source): a path to t counts d(s, v) / d(s, t) at v.
 * The way out notes each node's predecessors as it reads its neighbours'
 * places (those at one less are all known by then), so that the way
 * back reads them in sequence instead of every neighbour's place again.
 * A node's paths start as those of the node that reached it (0 + x is
 * x). */
static size_t search_from(const adjacency *a, search *w, uint32_t s, int linear)
{
    int32_t dist;
    uint32_t np;
    if (!w->far) { /* each call its own copy, the constant in it */
        size_t reached = way_out(a, w, s, &dist, &np, 0);
        way_back(w, reached, dist, np, linear, 0);
        return reached;
    }
    size_t reached = way_out(a, w, s, &dist, &np, 1);
    way_back(w, reached, dist, np, linear, 1);
    return reached;
}

/* What a search from s adds at a node it reached (x): its dependency on
 * the node (the source's own is zero) and the distance, times `scale`,
 * and their squares.  A sampled source's (scale > 1) linearly scaled
 * dependencies count twice, as a whole search's plain ones count each
 * path from both its ends. */
static sums added(double delta, int32_t dist, int is_source, double scale)
{
    double dep = scale > 1 ? 2 * dist * delta : delta;
    double b = is_source ? 0 : dep * scale, d = dist * scale;
    return (sums){b, d, b * b, d * d};
}

/* A repeatable pseudo-random sequence (xorshift64). */
static uint64_t next_random(uint64_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    return *x;
}

/*
 * The searches are independent, so they are cut in pieces of sources (in
 * the order picked), each summed on its own from zero in that order, and
 * the pieces added to the totals in their order: the sums are then the
 * same doubles whatever the number of threads, since which thread does a
 * piece changes nothing of how it is added.  Where the pieces end
 * depends on the graph alone: about PIECES of them of equal work (a
 * search costs its component's nodes and arcs, and the giant component's
 * are the most), none under PIECE_WORK, so that a small graph is one
 * piece and its sums those of one search after another.
 */
#define PIECES     256
#define PIECE_WORK 1e6

/* What the searches share, and each worker's own memory. */
typedef struct searches {
    const adjacency *a;
    const uint32_t *source; /* the sources, in the order picked */
    const double *scale;    /* per source: its component's share, inverted */
    const size_t *piece;    /* piece i is sources [piece[i], piece[i + 1]) */
    size_t nsources, n;
    double *btw, *dsum; /* the totals */
    double *bsq, *dsq;  /* sampled: the totals of their squares, or NULL */
    struct worker_mem {
        search w;
        sums *sum;           /* this piece's sums, per node */
        uint32_t *touched;   /* the nodes they are not zero at */
        unsigned char *seen; /* per node: in touched */
        size_t ntouched;
        size_t n, arcs; /* the sizes of w's arrays */
    } * mem;
} searches;

static void worker_free(struct worker_mem *m)
{
    big_free(m->w.order, m->n + 1, sizeof *m->w.order);
    big_free(m->w.place, m->n + 1, sizeof *m->w.place);
    big_free(m->w.sd, m->n + 1, sizeof *m->w.sd);
    big_free(m->w.pred, m->arcs / 2 + 1, sizeof *m->w.pred);
    big_free(m->w.begins, m->n + 1, sizeof *m->w.begins);
    free(m->sum);
    free(m->touched);
    free(m->seen);
}

static int worker_init(struct worker_mem *m, size_t n, size_t arcs)
{
    m->n = n;
    m->arcs = arcs;
    m->w =
        (search){big_array(n + 1, sizeof *m->w.order),
                 big_array(n + 1, sizeof *m->w.place),
                 big_array(n + 1, sizeof *m->w.sd),
                 big_array(arcs / 2 + 1, sizeof *m->w.pred),
                 big_array(n + 1, sizeof *m->w.begins),
                 always_far || (double)n * 24 + (double)arcs * 4 > FAR_BYTES};
    m->sum = kg_calloc(n + 1, sizeof *m->sum);
    m->touched = kg_malloc((n + 1) * sizeof *m->touched);
    m->seen = kg_calloc(n + 1, 1);
    m->ntouched = 0;
    return m->w.order && m->w.place && m->w.sd && m->w.pred && m->w.begins &&
                   m->sum && m->touched && m->seen
               ? 0
               : -1;
}

/* Adds a search's (search_from's, `reached` nodes) to the piece's sums,
 * times `scale` (and their squares when `squares`), notes the nodes it
 * reached as touched by the piece, and clears its state: one pass over
 * them. */
static void add_search(struct worker_mem *m, size_t reached, double scale,
                       int squares)
{
    search *w = &m->w;
    for (size_t i = reached; i-- > 0;) {
        uint32_t v = w->order[i];
        sums x = added(w->sd[i].delta, (int32_t)w->sd[i].sigma, i == 0, scale),
             *at = &m->sum[v];
        if (i != 0)
            at->btw += x.btw;
        at->dsum += x.dsum;
        if (squares) { /* sampled: the squares, for the spread */
            at->bsq += x.bsq;
            at->dsq += x.dsq;
        }
        w->place[v] = 0;
        if (!m->seen[v]) {
            m->seen[v] = 1;
            m->touched[m->ntouched++] = v;
        }
    }
}

/* Adds a piece's sums at node v to the totals, and clears them. */
static void add_sums(searches *sw, sums *x, uint32_t v)
{
    sw->btw[v] += x->btw;
    sw->dsum[v] += x->dsum;
    if (sw->bsq) {
        sw->bsq[v] += x->bsq;
        sw->dsq[v] += x->dsq;
    }
    *x = (sums){0, 0, 0, 0};
}

/* A piece of one search that reached most nodes (of the giant component)
 * is added to the totals from its state, node by node in order: the same
 * sums as through a piece's (a node's total gets the same term, or a
 * zero where the search did not reach), read and written in sequence. */
static void add_search_in_order(searches *sw, search *w, double scale)
{
    const uint32_t *place = w->place;
    for (size_t v = 0; v < sw->n; v++) {
        if (w->far && v + AHEAD_SUMS < sw->n && place[v + AHEAD_SUMS])
            kg_prefetch(&w->sd[place[v + AHEAD_SUMS] - 1]);
        if (!place[v])
            continue;
        const struct paths *at = &w->sd[place[v] - 1];
        sums x = added(at->delta, (int32_t)at->sigma, place[v] == 1, scale);
        sw->btw[v] += x.btw;
        sw->dsum[v] += x.dsum;
        if (sw->bsq) {
            sw->bsq[v] += x.bsq;
            sw->dsq[v] += x.dsq;
        }
        w->place[v] = 0;
    }
}

/* One worker: pieces until none is left, each added in its turn. */
static void search_pieces(void *ctx, kg_pieces *p, unsigned k)
{
    searches *sw = ctx;
    struct worker_mem *m = &sw->mem[k];
    int squares = sw->bsq != NULL;
    size_t piece;
    while ((piece = kg_pieces_next(p)) != SIZE_MAX) {
        size_t i = sw->piece[piece], end = sw->piece[piece + 1];
        uint32_t s = sw->source[i];
        if (end - i == 1) { /* one search: reached most nodes? */
            size_t reached = search_from(sw->a, &m->w, s, sw->scale[i] > 1);
            if (reached > sw->n / 8) {
                kg_pieces_turn(p, piece);
                add_search_in_order(sw, &m->w, sw->scale[i]);
                kg_pieces_done(p, piece);
                continue;
            }
            add_search(m, reached, sw->scale[i], squares);
            i++;
        }
        for (; i < end; i++) {
            size_t reached =
                search_from(sw->a, &m->w, sw->source[i], sw->scale[i] > 1);
            add_search(m, reached, sw->scale[i], squares);
        }
        kg_pieces_turn(p, piece);
        for (size_t j = 0; j < m->ntouched; j++) {
            add_sums(sw, &m->sum[m->touched[j]], m->touched[j]);
            m->seen[m->touched[j]] = 0;
        }
        m->ntouched = 0;
        kg_pieces_done(p, piece);
    }
}

/* The searches from sw->source, in npieces pieces, on `threads` threads
 * (0: one per processor; no more than there are pieces), one of them the
 * spare's when there is one (it is busy elsewhere: the others start
 * without it).  0, or -1 when out of memory. */
static int run_searches(searches *sw, size_t npieces, unsigned threads,
                        kg_spare *spare)
{
    unsigned workers = threads ? threads : kg_processors();
    if (workers > npieces)
        workers = npieces ? (unsigned)npieces : 1;
    if (workers < 2)
        spare = NULL;
    unsigned own = spare ? workers - 1 : workers;
    sw->mem = kg_calloc(workers, sizeof *sw->mem);
    int rc = sw->mem ? 0 : -1;
    for (unsigned k = 0; rc == 0 && k < workers; k++)
        rc = worker_init(&sw->mem[k], sw->n, sw->a->start[sw->n]);
    if (rc == 0)
        rc = kg_parallel_pieces_spare(own, npieces, search_pieces, sw, spare);
    for (unsigned k = 0; sw->mem && k < workers; k++)
        worker_free(&sw->mem[k]);
    free(sw->mem);
    return rc;
}

/*
 * The relative standard error of a sampled sum: k sources of a component
 * of `size` nodes, each adding y_i (its share scaled up), sum the y_i,
 * squares the sum of their squares.  The estimate is k times the mean of
 * the y_i, so its variance is k times theirs, less the share already
 * seen (sampling without replacement).  NAN when k < 2 (no spread to
 * measure); 0 for a zero sum or a component searched whole.
 */
static double relative_error(double sum, double squares, size_t k, size_t size)
{
    if (k >= size || sum <= 0)
        return 0;
    if (k < 2)
        return NAN;
    double mean = sum / (double)k;
    double var = (squares - (double)k * mean * mean) / (double)(k - 1);
    var = var > 0 ? var : 0;
    return sqrt((double)k * var * (1 - (double)k / (double)size)) / sum;
}

/* How many sources each component gets (ks), as the comment above
 * BUDGET says: sets r->sampled, r->share and r->whole. */
static void plan_sources(stats_run *r, const size_t *first, const double *work,
                         size_t *ks)
{
    double total = 0;
    for (size_t c = 0; c < r->ncomps; c++)
        total += (double)(first[c + 1] - first[c]) * work[c];
    size_t whole = r->ncomps; /* [whole, ncomps) are searched whole */
    double share = 1;
    if (total > BUDGET) {
        double small = 0, rest = 0, visits = 0;
        for (; whole > 0; whole--) { /* components are largest first */
            size_t c = whole - 1;
            double cost = (double)(first[c + 1] - first[c]) * work[c];
            if (small + cost > BUDGET)
                break;
            small += cost;
        }
        for (size_t c = 0; c < whole; c++) {
            rest += (double)(first[c + 1] - first[c]) * work[c];
            visits += work[c];
        }
        double budget = SEARCHES * visits > BUDGET ? SEARCHES * visits : BUDGET;
        share = rest > budget ? budget / rest : 1;
    }
    r->sampled = 0;
    for (size_t c = 0; c < r->ncomps; c++) {
        size_t size = first[c + 1] - first[c];
        size_t k =
            c < whole && share < 1 ? (size_t)ceil((double)size * share) : size;
        ks[c] = k < 2 ? (size < 2 ? size : 2) : k > size ? size : k;
        r->sampled |= ks[c] < size;
    }
    r->share = r->sampled ? share : 1;
    r->whole = r->sampled ? r->ncomps - whole : r->ncomps;
    r->whole_entities = r->n - first[r->ncomps - r->whole];
}

/* Searches from every node of each component, or from a share of them
 * when the work would pass BUDGET (r->sources counts them). */
int kg_stats_centralities(stats_run *r)
{
    size_t n = r->n;
    adjacency a = {NULL, NULL, 0, 0};
    numbering x = {NULL, NULL, NULL, 0}; /* the searches' numbers */
    double *btw = NULL, *dsum = NULL, *scale = NULL, *work = NULL;
    uint32_t *members = NULL, *source = NULL;
    size_t *piece = NULL, *first = NULL, *fill = NULL, *ks = NULL;
    int rc = -1;
    if (build_adjacency(r, &a) || renumber_beside(r, &a, &x))
        goto done;
    work = kg_calloc(x.ncomp + 1, sizeof *work);
    if (!work || number_components(r, &x, work))
        goto done;
    free(x.oldof);
    x.oldof = NULL;
    btw = kg_calloc(n + 1, sizeof *btw);
    dsum = kg_calloc(n + 1, sizeof *dsum);
    members = kg_malloc((n + 1) * sizeof *members);
    source = kg_malloc((n + 1) * sizeof *source);
    scale = kg_malloc((n + 1) * sizeof *scale);
    piece = kg_malloc((n + 2) * sizeof *piece);
    first = kg_calloc(r->ncomps + 2, sizeof *first);
    fill = kg_calloc(r->ncomps + 2, sizeof *fill);
    ks = r->comp_sources = kg_calloc(r->ncomps + 1, sizeof *ks);
    if (!btw || !dsum || !members || !source || !scale || !piece || !first ||
        !fill || !ks)
        goto done;
    /* each component's members, together, in node order */
    for (size_t v = 0; v < n; v++)
        first[r->m[v].component + 1]++;
    for (size_t c = 0; c < r->ncomps; c++)
        first[c + 1] += first[c];
    for (size_t c = 0; c <= r->ncomps; c++)
        fill[c] = first[c];
    for (size_t v = 0; v < n; v++)
        members[fill[r->m[v].component]++] = (uint32_t)v;
    plan_sources(r, first, work, ks);
    uint64_t seed = 0x9E3779B97F4A7C15ull;
    size_t nsources = 0, npieces = 0;
    double piece_work = 0, searched = 0; /* the work of the sources */
    for (size_t c = 0; c < r->ncomps; c++)
        searched += (double)ks[c] * work[c];
    double per_piece =
        searched / PIECES > PIECE_WORK ? searched / PIECES : PIECE_WORK;
    for (size_t c = 0; c < r->ncomps; c++) {
        size_t size = first[c + 1] - first[c];
        if (size == 0)
            continue;
        size_t k = ks[c];
        uint32_t *m = members + first[c];
        for (size_t i = 0; i < k; i++) { /* k of them, picked in place */
            size_t j = i + (size_t)(next_random(&seed) % (size - i));
            uint32_t t = m[i];
            m[i] = m[j];
            m[j] = t;
            if (nsources == 0 || piece_work >= per_piece) {
                piece[npieces++] = nsources; /* a piece begins */
                piece_work = 0;
            }
            piece_work += work[c];
            source[nsources] = x.newof[m[i]];
            scale[nsources++] = (double)size / (double)k;
        }
        r->sources += k;
    }
    piece[npieces] = nsources;
    free(members); /* the sources are picked: not read again */
    members = NULL;
    double *bsq = NULL, *dsq = NULL, *spare = NULL;
    if (r->sampled) {
        bsq = kg_calloc(n + 1, sizeof *bsq);
        dsq = kg_calloc(n + 1, sizeof *dsq);
        r->btw_err = kg_malloc((n + 1) * sizeof *r->btw_err);
        r->clo_err = kg_malloc((n + 1) * sizeof *r->clo_err);
    }
    searches sw = {&a,  source, scale, piece, nsources, n,
                   btw, dsum,   bsq,   dsq,   NULL};
    if ((r->sampled && (!bsq || !dsq || !r->btw_err || !r->clo_err)) ||
        run_searches(&sw, npieces, kg_graph_settings(r->g)->threads,
                     r->spare) ||
        number_back(&btw, x.newof, n, &spare) ||
        number_back(&dsum, x.newof, n, &spare) ||
        number_back(&bsq, x.newof, n, &spare) ||
        number_back(&dsq, x.newof, n, &spare)) {
        free(bsq);
        free(dsq);
        free(spare);
        goto done;
    }
    free(spare);
    for (size_t v = 0; r->sampled && v < n; v++) {
        size_t size = r->comp_sizes[r->m[v].component];
        size_t k = ks[r->m[v].component];
        r->btw_err[v] = relative_error(btw[v], bsq[v], k, size);
        r->clo_err[v] = relative_error(dsum[v], dsq[v], k, size);
    }
    free(bsq);
    free(dsq);
    for (size_t v = 0; v < n; v++) {
        size_t size = r->comp_sizes[r->m[v].component];
        r->m[v].betweenness = btw[v] / 2; /* each pair was counted twice */
        r->m[v].closeness = dsum[v] > 0 ? (double)(size - 1) / dsum[v] : 0;
    }
    rc = 0;
done:
    adjacency_free(&a);
    numbering_free(&x);
    free(btw);
    free(dsum);
    free(members);
    free(source);
    free(scale);
    free(piece);
    free(first);
    free(fill);
    free(work);
    return rc;
}
