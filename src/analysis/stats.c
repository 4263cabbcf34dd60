/*
 * stats.c - kgraph stats: counts, components and centrality.
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

#include "analysis/stats.h"

#include "graph/lifetime.h"
#include "graph/store.h"
#include "graph/view.h"
#include "rules/escape.h"
#include "util/buf.h"
#include "util/parallel.h"
#include "util/union_find.h"

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
    size_t sources;       /* of the centrality searches */
    int sampled;          /* fewer than every node: estimates */
    double share;         /* sampled: the share of each sampled component */
    size_t *comp_sources; /* per component: its sources */
    size_t whole;         /* sampled: the components searched whole (the
                             smallest), and their entities */
    size_t whole_entities;
    /* sampled: per node, the relative standard error of its betweenness
     * and closeness (NAN when its component gave one source) */
    double *btw_err, *clo_err;
    int nomem; /* writing it ran out of memory: the text is short */
} report;

/* ---- Computing ---- */

static int degrees(report *r)
{
    const kg_graph *g = r->g;
    for (uint32_t i = 0; i < kg_nrels(g); i++) {
        if (!kg_edge_shown(g, i))
            continue;
        r->edges++;
        r->m[r->index[kg_rel(g, i)->src]].out++;
        r->m[r->index[kg_rel(g, i)->dst]].in++;
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
    uint32_t *up = kg_malloc((r->n + 1) * sizeof *up);
    unsigned long *size = kg_calloc(r->n + 1, sizeof *size);
    r->comp_sizes = kg_calloc(r->n + 1, sizeof *r->comp_sizes);
    if (!up || !size || !r->comp_sizes) {
        free(up);
        free(size);
        return -1;
    }
    for (uint32_t i = 0; i < r->n; i++)
        up[i] = i;
    const kg_graph *g = r->g;
    for (uint32_t i = 0; i < kg_nrels(g); i++) {
        if (!kg_edge_shown(g, i))
            continue;
        uint32_t a = kg_uf_find(up, r->index[kg_rel(g, i)->src]);
        uint32_t b = kg_uf_find(up, r->index[kg_rel(g, i)->dst]);
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
     * k-th number of that size (sizes are sorted, largest first) */
    uint32_t *number = kg_malloc((r->n + 1) * sizeof *number);
    size_t *used = kg_calloc(r->ncomps + 1, sizeof *used);
    if (!number || !used) {
        free(up);
        free(size);
        free(number);
        free(used);
        return -1;
    }
    for (uint32_t i = 0; i < r->n; i++) {
        if (kg_uf_find(up, i) != i)
            continue;
        size_t lo = 0, hi = r->ncomps; /* the first of this size */
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (r->comp_sizes[mid] > size[i])
                lo = mid + 1;
            else
                hi = mid;
        }
        number[i] = (uint32_t)(lo + used[lo]++);
    }
    for (uint32_t i = 0; i < r->n; i++)
        r->m[i].component = number[kg_uf_find(up, i)];
    free(up);
    free(size);
    free(number);
    free(used);
    return 0;
}

/* ---- Centrality ---- */

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
 * 18% with 64; each 16 sources cost about 1.6 s of CPU there, and 48
 * keep `kgraph stats` near its goal of twice the build.  A 40,000-leaf
 * star is a second's work, not minutes.
 */
#define BUDGET   1e8
#define SEARCHES 48

typedef struct adjacency {
    uint32_t *start; /* per node: its first neighbour in `to` */
    uint32_t *to;
} adjacency;

static int by_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* The simple undirected graph of the shown edges: neighbours sorted, each
 * once, no self-loops. */
static int build_adjacency(report *r, adjacency *a)
{
    const kg_graph *g = r->g;
    size_t n = r->n;
    uint32_t *deg = kg_calloc(n + 1, sizeof *deg);
    a->start = kg_calloc(n + 2, sizeof *a->start);
    a->to = kg_malloc((r->edges * 2 + 1) * sizeof *a->to);
    if (!deg || !a->start || !a->to) {
        free(deg);
        return -1;
    }
    for (uint32_t i = 0; i < kg_nrels(g); i++) {
        uint32_t u = r->index[kg_rel(g, i)->src],
                 v = r->index[kg_rel(g, i)->dst];
        if (kg_edge_shown(g, i) && u != v) {
            deg[u]++;
            deg[v]++;
        }
    }
    for (size_t v = 0; v < n; v++)
        a->start[v + 1] = a->start[v] + deg[v];
    memset(deg, 0, (n + 1) * sizeof *deg);
    for (uint32_t i = 0; i < kg_nrels(g); i++) {
        uint32_t u = r->index[kg_rel(g, i)->src],
                 v = r->index[kg_rel(g, i)->dst];
        if (!kg_edge_shown(g, i) || u == v)
            continue;
        a->to[a->start[u] + deg[u]++] = v;
        a->to[a->start[v] + deg[v]++] = u;
    }
    /* parallel edges merged: sort each list and keep each neighbour once */
    uint32_t w = 0;
    for (size_t v = 0; v < n; v++) {
        uint32_t b = a->start[v], e = a->start[v + 1];
        qsort(a->to + b, e - b, sizeof *a->to, by_u32);
        a->start[v] = w;
        for (uint32_t k = b; k < e; k++)
            if (k == b || a->to[k] != a->to[k - 1])
                a->to[w++] = a->to[k];
    }
    a->start[n] = w;
    free(deg);
    return 0;
}

/*
 * The same graph with its nodes numbered in breadth-first order (from the
 * first node not yet numbered, so component by component): the nodes a
 * search reaches together then lie together in memory.  Each node's
 * neighbours keep their order, so every search visits them as before and
 * adds the same numbers in the same order.  newof[v] is v's new number.
 */
static int renumber(adjacency *a, size_t n, uint32_t **newof_out)
{
    uint32_t *newof = kg_malloc((n + 1) * sizeof *newof);
    uint32_t *oldof = kg_malloc((n + 1) * sizeof *oldof);
    adjacency b = {kg_malloc((n + 2) * sizeof *b.start),
                   kg_malloc(((size_t)a->start[n] + 1) * sizeof *b.to)};
    if (!newof || !oldof || !b.start || !b.to) {
        free(newof);
        free(oldof);
        free(b.start);
        free(b.to);
        return -1;
    }
    for (size_t v = 0; v < n; v++)
        newof[v] = UINT32_MAX;
    uint32_t next = 0;
    for (size_t s = 0; s < n; s++) {
        if (newof[s] != UINT32_MAX)
            continue;
        uint32_t head = next;
        newof[s] = next;
        oldof[next++] = (uint32_t)s;
        while (head < next) {
            uint32_t v = oldof[head++];
            for (uint32_t k = a->start[v]; k < a->start[v + 1]; k++)
                if (newof[a->to[k]] == UINT32_MAX) {
                    newof[a->to[k]] = next;
                    oldof[next++] = a->to[k];
                }
        }
    }
    uint32_t w = 0;
    b.start[0] = 0;
    for (size_t x = 0; x < n; x++) {
        uint32_t v = oldof[x];
        for (uint32_t k = a->start[v]; k < a->start[v + 1]; k++)
            b.to[w++] = newof[a->to[k]];
        b.start[x + 1] = w;
    }
    free(a->start);
    free(a->to);
    free(oldof);
    *a = b;
    *newof_out = newof;
    return 0;
}

/* x, numbered as renumber numbers nodes, back in the old numbers. */
static int number_back(double **x, const uint32_t *newof, size_t n)
{
    if (!*x)
        return 0;
    double *old = kg_malloc((n + 1) * sizeof *old);
    if (!old)
        return -1;
    for (size_t v = 0; v < n; v++)
        old[v] = (*x)[newof[v]];
    free(*x);
    *x = old;
    return 0;
}

/* One node's state in a search, together so that an arc's end costs one
 * cache line, not three. */
typedef struct reach {
    double sigma; /* shortest paths from the source */
    double delta; /* dependency of the source on the node */
} reach;

/* One node's sums over a piece's searches, together for the same reason:
 * betweenness, distances, and (sampled) their squares. */
typedef struct sums {
    double btw, dsum, bsq, dsq;
} sums;

/* Working arrays of one search. */
typedef struct search {
    uint32_t *order; /* nodes in the order reached */
    int32_t *dist;   /* per node: its distance from the source, -1 not
                        reached (apart: most arcs only look at it) */
    reach *at;       /* per node */
} search;

/* One search from s: leaves in w each node's distance from s and the
 * dependency of s on it, in the order reached (w->order); returns how
 * many nodes it reached.  Linearly scaled dependencies when `linear`
 * (a sampled source): a path to t counts d(s, v) / d(s, t) at v. */
static size_t search_from(const adjacency *a, search *w, uint32_t s, int linear)
{
    size_t head = 0, tail = 0;
    reach *at = w->at;
    int32_t *dist = w->dist;
    w->order[tail++] = s;
    dist[s] = 0;
    at[s].sigma = 1;
    while (head < tail) {
        uint32_t v = w->order[head++];
        int32_t next = dist[v] + 1;
        double sigma = at[v].sigma;
        for (uint32_t k = a->start[v]; k < a->start[v + 1]; k++) {
            uint32_t u = a->to[k];
            if (dist[u] < 0) {
                dist[u] = next;
                w->order[tail++] = u;
            }
            if (dist[u] == next)
                at[u].sigma += sigma;
        }
    }
    for (size_t i = tail; i-- > 0;) {
        uint32_t v = w->order[i];
        reach *x = &at[v];
        int32_t prev = dist[v] - 1;
        double up = (linear && dist[v] ? 1.0 / dist[v] : 1) + x->delta;
        for (uint32_t k = a->start[v]; k < a->start[v + 1]; k++) {
            uint32_t u = a->to[k];
            if (dist[u] == prev)
                at[u].delta += at[u].sigma / x->sigma * up;
        }
    }
    return tail;
}

/* What a search from s adds at a node it reached (x): its dependency on
 * the node (the source's own is zero) and the distance, times `scale`,
 * and their squares.  A sampled source's (scale > 1) linearly scaled
 * dependencies count twice, as a whole search's plain ones count each
 * path from both its ends. */
static sums added(const reach *x, int32_t dist, int is_source, double scale)
{
    double dep = scale > 1 ? 2 * dist * x->delta : x->delta;
    double b = is_source ? 0 : dep * scale, d = dist * scale;
    return (sums){b, d, b * b, d * d};
}

/* Adds a search's (search_from's, `reached` nodes) to the sums, times
 * `scale` (and their squares when `squares`), and clears its state. */
static void add_search(search *w, uint32_t s, size_t reached, double scale,
                       sums *sum, int squares)
{
    for (size_t i = reached; i-- > 0;) {
        uint32_t v = w->order[i];
        sums x = added(&w->at[v], w->dist[v], v == s, scale), *m = &sum[v];
        if (v != s)
            m->btw += x.btw;
        m->dsum += x.dsum;
        if (squares) { /* sampled: the squares, for the spread */
            m->bsq += x.bsq;
            m->dsq += x.dsq;
        }
        w->at[v] = (reach){0, 0};
        w->dist[v] = -1;
    }
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
    } * mem;
} searches;

static void worker_free(struct worker_mem *m)
{
    free(m->w.order);
    free(m->w.dist);
    free(m->w.at);
    free(m->sum);
    free(m->touched);
    free(m->seen);
}

static int worker_init(struct worker_mem *m, size_t n)
{
    m->w = (search){kg_malloc((n + 1) * sizeof *m->w.order),
                    kg_malloc((n + 1) * sizeof *m->w.dist),
                    kg_malloc((n + 1) * sizeof *m->w.at)};
    m->sum = kg_calloc(n + 1, sizeof *m->sum);
    m->touched = kg_malloc((n + 1) * sizeof *m->touched);
    m->seen = kg_calloc(n + 1, 1);
    m->ntouched = 0;
    if (!m->w.order || !m->w.dist || !m->w.at || !m->sum || !m->touched ||
        !m->seen)
        return -1;
    for (size_t v = 0; v < n; v++)
        m->w.at[v] = (reach){0, 0};
    for (size_t v = 0; v < n; v++)
        m->w.dist[v] = -1;
    return 0;
}

/* Notes the nodes a search reached (w.order, still there) as touched by
 * the piece. */
static void note_touched(struct worker_mem *m, size_t reached)
{
    for (size_t j = 0; j < reached; j++) {
        uint32_t v = m->w.order[j];
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
static void add_search_in_order(searches *sw, search *w, uint32_t s,
                                double scale)
{
    for (size_t v = 0; v < sw->n; v++) {
        if (w->dist[v] < 0)
            continue;
        sums x = added(&w->at[v], w->dist[v], v == s, scale);
        sw->btw[v] += x.btw;
        sw->dsum[v] += x.dsum;
        if (sw->bsq) {
            sw->bsq[v] += x.bsq;
            sw->dsq[v] += x.dsq;
        }
        w->at[v] = (reach){0, 0};
        w->dist[v] = -1;
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
                add_search_in_order(sw, &m->w, s, sw->scale[i]);
                kg_pieces_done(p, piece);
                continue;
            }
            add_search(&m->w, s, reached, sw->scale[i], m->sum, squares);
            note_touched(m, reached);
            i++;
        }
        for (; i < end; i++) {
            size_t reached =
                search_from(sw->a, &m->w, sw->source[i], sw->scale[i] > 1);
            note_touched(m, reached);
            add_search(&m->w, sw->source[i], reached, sw->scale[i], m->sum,
                       squares);
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
 * (0: one per processor; no more than there are pieces).  0, or -1 when
 * out of memory. */
static int run_searches(searches *sw, size_t npieces, unsigned threads)
{
    unsigned workers = threads ? threads : kg_processors();
    if (workers > npieces)
        workers = npieces ? (unsigned)npieces : 1;
    sw->mem = kg_calloc(workers, sizeof *sw->mem);
    int rc = sw->mem ? 0 : -1;
    for (unsigned k = 0; rc == 0 && k < workers; k++)
        rc = worker_init(&sw->mem[k], sw->n);
    if (rc == 0)
        rc = kg_parallel_pieces(workers, npieces, search_pieces, sw);
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
static void plan_sources(report *r, const size_t *first, const double *work,
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
static int centralities(report *r)
{
    size_t n = r->n;
    adjacency a = {NULL, NULL};
    uint32_t *newof = NULL; /* the searches' numbers (renumber) */
    double *btw = kg_calloc(n + 1, sizeof *btw),
           *dsum = kg_calloc(n + 1, sizeof *dsum);
    uint32_t *members = kg_malloc((n + 1) * sizeof *members);
    uint32_t *source = kg_malloc((n + 1) * sizeof *source);
    double *scale = kg_malloc((n + 1) * sizeof *scale);
    size_t *piece = kg_malloc((n + 2) * sizeof *piece);
    size_t *first = kg_calloc(r->ncomps + 2, sizeof *first);
    size_t *fill = kg_calloc(r->ncomps + 2, sizeof *fill);
    double *work = kg_calloc(r->ncomps + 1, sizeof *work);
    size_t *ks = r->comp_sources = kg_calloc(r->ncomps + 1, sizeof *ks);
    int rc = -1;
    if (!btw || !dsum || !members || !source || !scale || !piece || !first ||
        !fill || !work || !ks || build_adjacency(r, &a))
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
    for (size_t c = 0; c < r->ncomps; c++) {
        double size = (double)(first[c + 1] - first[c]), arcs = 0;
        for (size_t k = first[c]; k < first[c + 1]; k++)
            arcs += a.start[members[k] + 1] - a.start[members[k]];
        work[c] = size + arcs;
    }
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
            source[nsources] = m[i];
            scale[nsources++] = (double)size / (double)k;
        }
        r->sources += k;
    }
    piece[npieces] = nsources;
    if (renumber(&a, n, &newof))
        goto done;
    for (size_t i = 0; i < nsources; i++)
        source[i] = newof[source[i]];
    double *bsq = NULL, *dsq = NULL;
    if (r->sampled) {
        bsq = kg_calloc(n + 1, sizeof *bsq);
        dsq = kg_calloc(n + 1, sizeof *dsq);
        r->btw_err = kg_malloc((n + 1) * sizeof *r->btw_err);
        r->clo_err = kg_malloc((n + 1) * sizeof *r->clo_err);
    }
    searches sw = {&a,  source, scale, piece, nsources, n,
                   btw, dsum,   bsq,   dsq,   NULL};
    if ((r->sampled && (!bsq || !dsq || !r->btw_err || !r->clo_err)) ||
        run_searches(&sw, npieces, kg_graph_settings(r->g)->threads) ||
        number_back(&btw, newof, n) || number_back(&dsum, newof, n) ||
        number_back(&bsq, newof, n) || number_back(&dsq, newof, n)) {
        free(bsq);
        free(dsq);
        goto done;
    }
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
    free(a.start);
    free(a.to);
    free(newof);
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

static void report_free(report *r)
{
    free(r->m);
    free(r->index);
    free(r->comp_sizes);
    free(r->btw_err);
    free(r->clo_err);
    free(r->comp_sources);
}

static int compute(report *r, const kg_graph *g)
{
    memset(r, 0, sizeof *r);
    r->g = g;
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
    if (degrees(r) || components(r))
        return -1;
    kg_clock c = kg_graph_clock(g);
    int rc = r->n ? centralities(r) : 0;
    kg_graph_timed(g, c, "centralities", NULL);
    return rc;
}

/* ---- Rankings ---- */

typedef enum measure { DEGREE, BETWEENNESS, CLOSENESS } measure;

static double value_of(const metrics *m, measure what)
{
    return what == DEGREE        ? (double)m->degree
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

static uint32_t *ranking(report *r, measure what, size_t *n, size_t top)
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
static void error_of_top(report *r, measure what, size_t top, double *median,
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
static kg_sampling sampling_of(report *r, size_t top)
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
    report r;
    uint32_t *out = NULL;
    *n = 0;
    if (compute(&r, g) == 0) {
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
    report r;
    kg_centrality *c = NULL;
    if (compute(&r, g) == 0) {
        c = kg_calloc(kg_nents(g) + 1, sizeof *c);
        if (sampling)
            *sampling = sampling_of(&r, KG_SAMPLING_TOP);
    }
    for (size_t i = 0; c && i < r.n; i++)
        c[r.m[i].entity] = (kg_centrality){r.m[i].degree, r.m[i].betweenness};
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
static void wrapped_sampling(kg_out *out, report *r, const kg_sampling *s)
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

static void text_types(kg_out *out, report *r, int relations)
{
    size_t n = 0;
    kg_type_count *t = kg_graph_count_types(r->g, relations, &n);
    r->nomem |= !t;
    kg_out_printf(out, "\n%s by type\n", relations ? "Relations" : "Entities");
    for (size_t i = 0; t && i < n; i++) {
        kg_out_puts(out, "  ");
        size_t width =
            kg_term_text(out, t[i].type ? t[i].type : "(no type)", 0);
        kg_out_printf(out, "%*s%8lu\n", width < 34 ? (int)(34 - width) : 1, "",
                      t[i].n);
    }
    free(t);
}

static void text_top(kg_out *out, report *r, measure what, const char *title,
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
        size_t width = kg_term_text(out, e->name ? e->name : e->id, 0);
        kg_out_puts(out, " (");
        width += kg_term_text(out, e->id, 0) + 3;
        kg_out_printf(out, ")%*s", width < 64 ? (int)(64 - width) : 1, "");
        if (what == DEGREE)
            kg_out_printf(out, "%8lu\n", m->degree);
        else
            kg_out_printf(out, "%12.3f\n", value_of(m, what));
    }
    free(order);
}

static void write_text(kg_out *out, report *r, size_t top)
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
        if (r->m[i].degree)
            continue;
        const kg_entity *e = kg_ent(r->g, r->m[i].entity);
        kg_out_puts(out, isolated++ ? ", " : " ");
        kg_term_text(out, e->id, 0);
    }
    kg_out_puts(out, isolated ? "\n" : " none\n");
}

/* ---- CSV ---- */

static void write_csv(kg_out *out, report *r)
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
        kg_csv_cell(out, e->id);
        kg_out_putc(out, ',');
        kg_csv_cell(out, e->name ? e->name : "");
        kg_out_putc(out, ',');
        const char *type = kg_ent_type(r->g, e);
        kg_csv_cell(out, type ? type : "");
        kg_out_printf(out, ",%lu,%lu,%lu,%.6f,%.6f,%u", m->degree, m->in,
                      m->out, m->betweenness, m->closeness, m->component + 1);
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

static void json_types(kg_out *out, report *r, int relations)
{
    size_t n = 0;
    kg_type_count *t = kg_graph_count_types(r->g, relations, &n);
    r->nomem |= !t;
    kg_out_putc(out, '{');
    for (size_t i = 0; t && i < n; i++) {
        kg_out_puts(out, i ? ", " : "");
        kg_json_text(out, NULL, t[i].type ? t[i].type : "", 0);
        kg_out_printf(out, ": %lu", t[i].n);
    }
    kg_out_putc(out, '}');
    free(t);
}

static void json_top(kg_out *out, report *r, measure what, size_t top)
{
    size_t n;
    uint32_t *order = ranking(r, what, &n, top);
    r->nomem |= !order;
    kg_out_putc(out, '[');
    for (size_t i = 0; order && i < n; i++) {
        kg_out_puts(out, i ? ", " : "");
        kg_json_text(out, NULL, kg_ent(r->g, r->m[order[i]].entity)->id, 0);
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

static void write_json(kg_out *out, report *r, size_t top)
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
        if (r->m[i].degree)
            continue;
        kg_out_puts(out, k++ ? ", " : "");
        kg_json_text(out, NULL, kg_ent(r->g, r->m[i].entity)->id, 0);
    }
    kg_out_puts(out, "],\n  \"nodes\": [");
    for (size_t i = 0; i < r->n; i++) {
        const metrics *m = &r->m[i];
        const kg_entity *e = kg_ent(r->g, m->entity);
        kg_out_puts(out, i ? ",\n    {\"id\": " : "\n    {\"id\": ");
        kg_json_text(out, NULL, e->id, 0);
        kg_out_puts(out, ", \"name\": ");
        kg_json_text(out, NULL, e->name ? e->name : e->id, 0);
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
            m->degree, m->in, m->out, m->betweenness, m->closeness,
            m->component + 1);
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
    report r;
    kg_out *o = NULL;
    int rc = compute(&r, g);
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
