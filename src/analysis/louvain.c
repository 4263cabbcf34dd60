/*
 * louvain.c - communities by the Louvain method (louvain.h).
 *
 * Communities are found by the Louvain method (Blondel et al. 2008) on
 * a weighted undirected graph: each node in input order moves to the
 * neighbouring community that gains the most modularity (ties: the one
 * met first), until no move gains; then each community becomes a node
 * and the same is done again.  No randomness: the same graph gives the
 * same communities.
 */
#include "analysis/louvain.h"

#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/symtab.h" /* KG_NONE */

/* ---- A weighted undirected graph ---- */

void kg_wgraph_free(wgraph *x)
{
    free(x->start);
    free(x->e);
    free(x->self);
    memset(x, 0, sizeof *x);
}

/* By far end (a list's ends made keys by sort_list). */
static int by_to(const void *p, const void *q)
{
    uint32_t a = ((const wedge *)p)->to, b = ((const wedge *)q)->to;
    return (a > b) - (a < b);
}

/* Sorts node v's list of len arcs: the ends above v ascending, then
 * those below it ascending (the order louvain's ties are broken in).  An
 * end u is keyed u - v - 1, which wraps those below v past those above
 * it, and given back after. */
static void sort_list(wedge *e, size_t len, uint32_t v)
{
    for (size_t i = 0; i < len; i++)
        e[i].to -= v + 1;
    if (len > 32) {
        qsort(e, len, sizeof *e, by_to);
    } else {
        for (size_t i = 1; i < len; i++) {
            wedge x = e[i];
            size_t j = i;
            for (; j > 0 && e[j - 1].to > x.to; j--)
                e[j] = e[j - 1];
            e[j] = x;
        }
    }
    for (size_t i = 0; i < len; i++)
        e[i].to += v + 1;
}

/* Builds x from n nodes and m arcs (each pair once either way, or a
 * loop a == b): each arc is put in both its ends' lists at once, each
 * list then sorted and its arcs to one node summed.  It sorted the arcs
 * first, by two counting sorts (a copy of them, two more passes writing
 * all over memory): a fifth of the first level's time at a million
 * nodes. */
int kg_wgraph_build(wgraph *x, size_t n, const arc *arcs, size_t m)
{
    memset(x, 0, sizeof *x);
    x->n = n;
    x->start = kg_calloc(n + 1, sizeof *x->start);
    x->self = kg_calloc(n + 1, sizeof *x->self);
    x->e = kg_calloc(2 * m + ARC_SPARE, sizeof *x->e);
    if (!x->start || !x->self || !x->e) {
        kg_wgraph_free(x);
        return -1;
    }
    size_t *at = x->start; /* first v's count, then the end of its list */
    for (size_t i = 0; i < m; i++) {
        if (arcs[i].a == arcs[i].b) { /* whole numbers: any order, exact */
            x->self[arcs[i].a] += arcs[i].w;
            continue;
        }
        at[arcs[i].a]++;
        at[arcs[i].b]++;
    }
    for (size_t v = 1; v < n; v++)
        at[v] += at[v - 1];
    at[n] = n ? at[n - 1] : 0;
    for (size_t i = 0; i < m; i++) { /* filled from the end: at[v] its start */
        if (arcs[i].a == arcs[i].b)
            continue;
        x->e[--at[arcs[i].a]] = (wedge){arcs[i].b, arcs[i].w};
        x->e[--at[arcs[i].b]] = (wedge){arcs[i].a, arcs[i].w};
    }
    size_t out = 0, begin = 0; /* lists moved down as arcs are summed */
    for (size_t v = 0; v < n; v++) {
        size_t end = x->start[v + 1];
        x->start[v] = out;
        sort_list(x->e + begin, end - begin, (uint32_t)v);
        for (size_t i = begin; i < end; i++) {
            if (out > x->start[v] && x->e[out - 1].to == x->e[i].to)
                x->e[out - 1].w += x->e[i].w;
            else
                x->e[out++] = x->e[i];
        }
        begin = end;
    }
    x->start[n] = out;
    memset(x->e + out, 0, ARC_SPARE * sizeof *x->e); /* read as node 0 */
    return 0;
}

/* ---- One level of Louvain ---- */

/*
 * Whom a move may change the choice of.  A node's choice is a function
 * of its neighbours' communities and of the total degrees of those and
 * of its own: when none of these has changed since it last stayed where
 * it was, it would stay again, and it is passed over (the same moves,
 * pass for pass, as weighing every node: at a million nodes most stop
 * moving after the first passes, and the later passes, each weighing
 * them all, were most of the first level's time).  A move from
 * community c to d changes the totals of c and d, which their members
 * and their members' neighbours read: each of them is marked to be
 * weighed again, by a walk over the two communities (members and arcs:
 * at most twice their total degrees, plus one).  Marking is tried in a
 * pass when the moves of the pass before, at the work each took to mark
 * when last measured (at first: when they were few), would cost less
 * than a quarter of the arcs; it is given up for the level once a pass
 * it spared cost nearly as much as weighing every node; past `budget` in
 * a pass, or when not tried, a move is not marked, and every node is
 * weighed from there to the end of the next pass.
 */
typedef struct marks {
    uint8_t *again;        /* per node: to be weighed */
    uint32_t *head;        /* per community: a member, or KG_NONE */
    uint32_t *next, *prev; /* per node: its community's other members */
    size_t used, budget;   /* marking's work this pass, and its bound */
    int lost;              /* marking stopped this pass */
} marks;

static void marks_free(marks *m)
{
    free(m->again);
    free(m->head);
    free(m->next);
    free(m->prev);
}

/* Each node alone in its community (its own number), none marked. */
static int marks_init(marks *m, size_t n, size_t budget)
{
    m->again = kg_calloc(n + 1, 1);
    m->head = kg_malloc((n + 1) * sizeof *m->head);
    m->next = kg_malloc((n + 1) * sizeof *m->next);
    m->prev = kg_malloc((n + 1) * sizeof *m->prev);
    m->used = 0;
    m->budget = budget;
    m->lost = 0;
    if (!m->again || !m->head || !m->next || !m->prev) {
        marks_free(m);
        return -1;
    }
    for (size_t v = 0; v < n; v++) {
        m->head[v] = (uint32_t)v;
        m->next[v] = m->prev[v] = KG_NONE;
    }
    return 0;
}

/* Node v leaves community c for d. */
static void member_moves(marks *m, uint32_t v, uint32_t c, uint32_t d)
{
    if (m->prev[v] != KG_NONE)
        m->next[m->prev[v]] = m->next[v];
    else
        m->head[c] = m->next[v];
    if (m->next[v] != KG_NONE)
        m->prev[m->next[v]] = m->prev[v];
    m->prev[v] = KG_NONE;
    m->next[v] = m->head[d];
    if (m->head[d] != KG_NONE)
        m->prev[m->head[d]] = v;
    m->head[d] = v;
}

/* Marks community c's members and their neighbours. */
static void mark(const wgraph *x, marks *m, uint32_t c)
{
    for (uint32_t u = m->head[c]; u != KG_NONE; u = m->next[u]) {
        m->again[u] = 1;
        for (size_t a = x->start[u]; a < x->start[u + 1]; a++)
            m->again[x->e[a].to] = 1;
    }
}

/* Per community: the weight from the node moved to it, and its total
 * degree, side by side: one read for the two a neighbour needs. */
typedef struct side {
    uint32_t in, tot;
} side;

/*
 * The community a node of degree kv goes to: of old (its own, its
 * degree already taken from old's total) and the nseen neighbouring
 * communities `seen`, the one that gains the most modularity, ties to
 * old and then to the first met.  Each seen community's `in` is set back
 * to 0 as it is weighed (old's is left to the caller).
 *
 * A community whose `in` is not above the best gain so far + 1e-12 is
 * passed over without its division: its gain, in - tot * kv / m2, is in
 * less a quotient of numbers not below 0, and rounding cannot lift a
 * difference above the exact `in` (a double: a whole number under
 * 2^32), so the comparison would fail as it does for `in` itself: the
 * same choice, bit for bit (tests: louvain_passing_over_*), for a
 * division passed over in a third of the communities weighed (100,000
 * entities: kg_louvain 1,098M -> 899M instructions).
 */
static uint32_t best_move(side *cs, uint32_t old, const uint32_t *seen,
                          size_t nseen, uint32_t kv, double m2)
{
    double dk = kv;
    double gain = (double)cs[old].in - (double)cs[old].tot * dk / m2;
    double bar = gain + 1e-12; /* what a gain must pass */
    uint32_t best = old;
    for (size_t i = 0; i < nseen; i++) {
        uint32_t c = seen[i];
        double in = cs[c].in;
        cs[c].in = 0;
        if (in <= bar)
            continue;
        double g = in - (double)cs[c].tot * dk / m2;
        if (g > bar) {
            gain = g;
            bar = gain + 1e-12;
            best = c;
        }
    }
    return best;
}

/* Moves nodes between communities (comm, from singletons) while a move
 * gains modularity.  Returns the number of moves, or -1. */
static long move_nodes(const wgraph *x, uint32_t *comm)
{
    size_t n = x->n;
    /* Weights are counts of relations, so every sum below is a whole
     * number: kept as such, in half the bytes of doubles, and made a
     * double (exactly) only to weigh a move, as the doubles were. */
    uint32_t *k = kg_calloc(n + 1, sizeof *k);
    side *cs = kg_calloc(n + 1, sizeof *cs);
    uint32_t *seen = kg_malloc((n + 1) * sizeof *seen);
    marks mk;
    int failed = !k || !cs || !seen;
    if (marks_init(&mk, n, x->start[n] / 2 + n))
        failed = 1;
    else if (failed)
        marks_free(&mk);
    if (failed) {
        free(k);
        free(cs);
        free(seen);
        return -1;
    }
    uint64_t total = 0; /* twice the relations: below 2^32 but for more
                           than two thousand million, never held here */
    for (size_t v = 0; v < n; v++) {
        comm[v] = (uint32_t)v;
        uint64_t d = 2 * (uint64_t)x->self[v];
        for (size_t a = x->start[v]; a < x->start[v + 1]; a++)
            d += x->e[a].w;
        total += d;
        k[v] = (uint32_t)d;
        cs[v].tot = (uint32_t)d;
    }
    long moves = total > UINT32_MAX ? -1 : 0;
    double m2 = (double)total;
    enum { ahead = ARC_SPARE - 1 };
    /* whether to mark: see `marks` */
    size_t arcs = x->start[n], per_move = 0, marked = 0;
    int all = 1, tried = 1;
    long moved = -1;
    for (int pass = 0; pass < 32 && m2 > 0 && moves >= 0; pass++) {
        size_t weighed = 0; /* arcs */
        if (marked)         /* measured in the pass before */
            per_move = mk.used / marked;
        mk.used = 0;
        mk.lost = !tried || moved < 0 ||
                  (per_move ? (size_t)moved * per_move > arcs / 4
                            : (size_t)moved > n / 16);
        int spared = !all;
        moved = 0;
        marked = 0;
        for (size_t v = 0; v < n; v++) {
            if (!all && !mk.again[v])
                continue;
            mk.again[v] = 0;
            weighed += x->start[v + 1] - x->start[v];
            uint32_t old = comm[v];
            size_t nseen = 0;
            for (size_t a = x->start[v]; a < x->start[v + 1]; a++) {
                /* the neighbours' communities are scattered: ask for
                 * those of the arcs a little ahead (a hint, no effect on
                 * the result; e has `ahead` spare slots at its end) */
                __builtin_prefetch(&cs[comm[x->e[a + ahead / 2].to]]);
                __builtin_prefetch(&comm[x->e[a + ahead].to]);
                uint32_t c = comm[x->e[a].to];
                /* kept when first met: written always, counted then (a
                 * branch on scattered data, often mispredicted); seen
                 * has a slot past the most there can be */
                seen[nseen] = c;
                nseen += cs[c].in == 0;
                cs[c].in += x->e[a].w;
            }
            cs[old].tot -= k[v];
            uint32_t best = best_move(cs, old, seen, nseen, k[v], m2);
            cs[best].tot += k[v];
            comm[v] = best;
            cs[old].in = 0;
            if (best == old)
                continue;
            moved++;
            member_moves(&mk, (uint32_t)v, old, best);
            /* members bounded by the degrees, but for a node alone */
            size_t work = 2 * ((size_t)cs[old].tot + cs[best].tot) + 2;
            if (!mk.lost && mk.used + work <= mk.budget) {
                mk.used += work;
                marked++;
                mark(x, &mk, old);
                mark(x, &mk, best);
            } else { /* a move not marked: weigh every node from here */
                mk.lost = 1;
                all = 1;
            }
        }
        moves += moved;
        if (!moved)
            break;
        all = mk.lost;
        if (spared && mk.used + weighed > arcs / 4 * 3)
            tried = 0;
    }
    free(k);
    free(cs);
    free(seen);
    marks_free(&mk);
    return moves;
}

/* Numbers the communities 0..count-1 in order of first member; their
 * count, or SIZE_MAX when out of memory (comm left as it was). */
static size_t renumber(uint32_t *comm, size_t n)
{
    uint32_t *id = kg_malloc((n + 1) * sizeof *id);
    if (!id)
        return SIZE_MAX;
    for (size_t v = 0; v < n; v++)
        id[v] = KG_NONE;
    size_t count = 0;
    for (size_t v = 0; v < n; v++) {
        if (id[comm[v]] == KG_NONE)
            id[comm[v]] = (uint32_t)count++;
        comm[v] = id[comm[v]];
    }
    free(id);
    return count;
}

/* The graph of communities: one node each, arcs summed. */
static int aggregate(const wgraph *x, const uint32_t *comm, size_t count,
                     wgraph *out)
{
    size_t m = 0;
    for (size_t v = 0; v < x->n; v++)
        m += x->start[v + 1] - x->start[v] + 1;
    arc *arcs = kg_malloc((m + 1) * sizeof *arcs);
    if (!arcs)
        return -1;
    size_t k = 0;
    for (size_t v = 0; v < x->n; v++) {
        if (x->self[v] > 0)
            arcs[k++] = (arc){comm[v], comm[v], (uint32_t)x->self[v]};
        for (size_t a = x->start[v]; a < x->start[v + 1]; a++) {
            uint32_t u = x->e[a].to;
            if (u < v) /* each pair once */
                continue;
            uint32_t p = comm[v], q = comm[u];
            arcs[k++] = (arc){p < q ? p : q, p < q ? q : p, x->e[a].w};
        }
    }
    int rc = kg_wgraph_build(out, count, arcs, k);
    free(arcs);
    return rc;
}

/* comm[i] for each shown node (index in `nodes`), 0 the largest. */
int kg_louvain(wgraph *x, uint32_t *final, size_t *ncomm)
{
    size_t n = x->n;
    for (size_t v = 0; v < n; v++)
        final[v] = (uint32_t)v;
    uint32_t *comm = kg_malloc((n + 1) * sizeof *comm);
    if (!comm)
        return -1;
    wgraph cur = *x;
    int owned = 0, rc = 0;
    for (;;) {
        long moves = move_nodes(&cur, comm);
        if (moves < 0) {
            rc = -1;
            break;
        }
        size_t count = renumber(comm, cur.n);
        if (count == SIZE_MAX) {
            rc = -1;
            break;
        }
        for (size_t v = 0; v < n; v++)
            final[v] = comm[final[v]];
        if (moves == 0 || count == cur.n)
            break;
        wgraph next;
        if (aggregate(&cur, comm, count, &next)) {
            rc = -1;
            break;
        }
        if (owned)
            kg_wgraph_free(&cur);
        cur = next;
        owned = 1;
    }
    if (owned)
        kg_wgraph_free(&cur);
    free(comm);
    *ncomm = rc ? 0 : renumber(final, n);
    return rc || *ncomm == SIZE_MAX ? -1 : 0;
}
