/*
 * filter.c - keeping the part of the graph a question is about.
 *
 * Filters only hide: node_off and edge_off mark what is left out, so the
 * writer, the legend and the statistics all see the same graph.  Each
 * step records how many nodes and edges it removed.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/stats.h"
#include "graph/dates.h"
#include "graph/lifetime.h"
#include "graph/lookup.h"
#include "graph/store.h"
#include "graph/view.h"
#include "rules/date.h"
#include "util/buf.h"
#include "util/union_find.h"
#include "util/utf8.h"

kg_filter kg_filter_defaults(void)
{
    return (kg_filter){.depth = 1, .direction = KG_BOTH};
}

int kg_filter_step(const kg_graph *g, size_t i, const char **filter,
                   unsigned long *nodes, unsigned long *edges)
{
    if (!g || !filter || !nodes || !edges)
        return 0;
    return kg_graph_step(g, i, filter, nodes, edges);
}

/* ---- Bookkeeping ---- */

typedef struct counts {
    unsigned long nodes, edges;
} counts;

static counts shown(const kg_graph *g)
{
    counts c = {0, 0};
    for (uint32_t i = 0; i < kg_nents(g); i++)
        c.nodes += kg_node_shown(g, i);
    for (uint32_t i = 0; i < kg_nrels(g); i++)
        c.edges += kg_edge_shown(g, i);
    return c;
}

/* What the graph's messages call setting s (kg_graph_name_setting). */
static const char *named(const kg_graph *g, kg_setting s)
{
    return kg_setting_name(kg_graph_diag(g), s);
}

/* Runs one step and records what it removed, under `name` (kept as long
 * as the graph). */
static int step_named(kg_graph *g, const char *name,
                      int (*fn)(kg_graph *, void *), void *ctx)
{
    counts before = shown(g);
    int rc = fn(g, ctx);
    counts after = shown(g);
    kg_graph_add_step(g, name, before.nodes - after.nodes,
                      before.edges - after.edges);
    return rc;
}

/* The same, named after the filter's setting. */
static int step(kg_graph *g, kg_setting s, int (*fn)(kg_graph *, void *),
                void *ctx)
{
    return step_named(g, named(g, s), fn, ctx);
}

/* "'name' problem": an entity a filter names that it cannot use. */
static void unknown(kg_graph *g, const char *name, const char *problem)
{
    kg_diagsink *d = kg_graph_diag(g);
    kg_report(d, KG_ERROR, NULL, 0, 0, "%s %s", kg_q(d, name), problem);
}

/* "SETTING 'value' problem": a filter the caller got wrong. */
static int usage(kg_graph *g, kg_setting s, const char *value,
                 const char *problem)
{
    kg_diagsink *d = kg_graph_diag(g);
    kg_report(d, KG_ERROR, NULL, 0, 0, "%s %s %s", named(g, s), kg_q(d, value),
              problem);
    return -1;
}

static int same_ascii_ci(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char x = a[i], y = b[i];
        x = (char)(x >= 'A' && x <= 'Z' ? x - 'A' + 'a' : x);
        y = (char)(y >= 'A' && y <= 'Z' ? y - 'A' + 'a' : y);
        if (x != y)
            return 0;
    }
    return 1;
}

/* Whether `name` is in the comma-separated list (ASCII case ignored). */
static int in_list(const char *list, const char *name)
{
    if (!name)
        return 0;
    size_t n = strlen(name);
    for (const char *p = list;; p++) {
        size_t len = strcspn(p, ",");
        const char *item = p;
        size_t k = len;
        while (k && *item == ' ')
            item++, k--;
        while (k && item[k - 1] == ' ')
            k--;
        if (k == n && same_ascii_ci(item, name, n))
            return 1;
        p += len;
        if (!*p)
            return 0;
    }
}

/* ---- Types and relations ---- */

typedef struct list_ctx {
    const char *list;
    int keep; /* keep what is listed (else drop it) */
} list_ctx;

static int by_type(kg_graph *g, void *ctx)
{
    list_ctx *c = ctx;
    for (uint32_t i = 0; i < kg_nents(g); i++)
        if (kg_node_shown(g, i) &&
            in_list(c->list, kg_ent_type(g, kg_ent(g, i))) != c->keep)
            kg_hide_node(g, i);
    return 0;
}

static int by_relation(kg_graph *g, void *ctx)
{
    list_ctx *c = ctx;
    for (uint32_t i = 0; i < kg_nrels(g); i++)
        if (kg_edge_shown(g, i) &&
            in_list(c->list, kg_rel_type(g, kg_rel(g, i))) != c->keep)
            kg_set_edge_hidden(g, i, 1);
    return 0;
}

/* ---- Dates ---- */

/* Days (rules/date.h): the window's first and last. */
typedef struct date_ctx {
    long since, until;
    int dated_only;
} date_ctx;

/* Relations whose date column holds no date count as undated: said once,
 * counted, with the first (the reader said so per column already). */
static void undated_note(kg_graph *g, unsigned long n, const kg_relation *r,
                         const char *key, const char *value)
{
    if (!n)
        return;
    kg_diagsink *d = kg_graph_diag(g);
    kg_warn(d, "not-a-date", kg_loc_file(g, kg_rel_loc(g, r)),
            kg_rel_loc(g, r).line, 0,
            n == 1 ? "%s %s is not a date; the relation counts as undated"
                   : "%s %s is not a date; this relation and %lu more whose "
                     "dates cannot be read count as undated",
            key, kg_q(d, value), n - 1);
}

static int by_date(kg_graph *g, void *ctx)
{
    date_ctx *c = ctx;
    unsigned long bad = 0;
    const kg_relation *first = NULL;
    const char *key = NULL, *value = NULL;
    for (uint32_t i = 0; i < kg_nrels(g); i++) {
        if (!kg_edge_shown(g, i))
            continue;
        long lo, hi;
        const char *k, *v;
        int dated = kg_graph_relation_days(g, kg_rel(g, i), &lo, &hi, &k, &v);
        if (dated < 0 && !bad++) {
            first = kg_rel(g, i);
            key = k;
            value = v;
        }
        if (dated <= 0)
            kg_set_edge_hidden(g, i, c->dated_only);
        else if (hi < c->since || lo > c->until)
            kg_set_edge_hidden(g, i, 1);
    }
    undated_note(g, bad, first, key, value);
    return 0;
}

/* ---- Where ---- */

static int entity_has(const kg_graph *g, const kg_entity *e, const char *key,
                      size_t klen, const char *value)
{
    char k[256];
    if (klen >= sizeof k)
        return 0;
    memcpy(k, key, klen);
    k[klen] = '\0';
    if (kg_ascii_casecmp(k, "type") == 0)
        return kg_ent_type(g, e) &&
               kg_ascii_casecmp(kg_ent_type(g, e), value) == 0;
    if (kg_ascii_casecmp(k, "id") == 0)
        return strcmp(kg_ent_id(g, e), value) == 0;
    if (kg_ascii_casecmp(k, "name") == 0)
        return e->name && kg_ascii_casecmp(e->name, value) == 0;
    kg_attr_it it;
    for (kg_attr_begin(g, kg_ent_attrs(g, e), &it); kg_attr_step(&it);)
        if (kg_ascii_casecmp(it.key, k) == 0 &&
            kg_ascii_casecmp(it.value, value) == 0)
            return 1;
    return 0;
}

static int by_where(kg_graph *g, void *ctx)
{
    const char *cond = ctx;
    const char *eq = strchr(cond, '=');
    for (uint32_t i = 0; i < kg_nents(g); i++)
        if (kg_node_shown(g, i) &&
            !entity_has(g, kg_ent(g, i), cond, (size_t)(eq - cond), eq + 1))
            kg_hide_node(g, i);
    return 0;
}

/* ---- Structure: neighbours, paths, components ---- */

/* Adjacency over the shown edges: for each node, the edges at it. */
typedef struct adjacency {
    uint32_t *start; /* per node: first index into items */
    uint32_t *items; /* relation indexes */
} adjacency;

static int build_adjacency(const kg_graph *g, adjacency *a)
{
    a->start = kg_calloc(kg_nents(g) + 1, sizeof *a->start);
    a->items = kg_calloc(kg_nrels(g) * 2 + 1, sizeof *a->items);
    if (!a->start || !a->items)
        return -1;
    for (uint32_t r = 0; r < kg_nrels(g); r++) {
        if (!kg_edge_shown(g, r))
            continue;
        a->start[kg_rel(g, r)->src + 1]++;
        a->start[kg_rel(g, r)->dst + 1]++;
    }
    for (size_t i = 0; i < kg_nents(g); i++)
        a->start[i + 1] += a->start[i];
    uint32_t *fill = kg_calloc(kg_nents(g) + 1, sizeof *fill);
    if (!fill)
        return -1;
    for (uint32_t r = 0; r < kg_nrels(g); r++) {
        if (!kg_edge_shown(g, r))
            continue;
        uint32_t s = kg_rel(g, r)->src, d = kg_rel(g, r)->dst;
        a->items[a->start[s] + fill[s]++] = r;
        a->items[a->start[d] + fill[d]++] = r;
    }
    free(fill);
    return 0;
}

static void free_adjacency(adjacency *a)
{
    free(a->start);
    free(a->items);
}

/* The node across relation r from node v, following `dir`; KG_NONE when
 * the edge does not go that way. */
static uint32_t across(const kg_graph *g, uint32_t r, uint32_t v,
                       kg_direction dir)
{
    const kg_relation *x = kg_rel(g, r);
    if (x->src == v && (dir != KG_IN || kg_rel_undirected(g, r)))
        return x->dst;
    if (x->dst == v && (dir != KG_OUT || kg_rel_undirected(g, r)))
        return x->src;
    return KG_NONE;
}

/* Breadth-first distances from the sources (dist[v] = UINT32_MAX when
 * unreached), up to max_depth. */
static int bfs(const kg_graph *g, const adjacency *a, const uint32_t *src,
               size_t nsrc, kg_direction dir, uint32_t max_depth,
               uint32_t *dist)
{
    uint32_t *queue = kg_malloc((kg_nents(g) + 1) * sizeof *queue);
    if (!queue)
        return -1;
    for (size_t i = 0; i < kg_nents(g); i++)
        dist[i] = UINT32_MAX;
    size_t head = 0, tail = 0;
    for (size_t i = 0; i < nsrc; i++)
        if (dist[src[i]] != 0) {
            dist[src[i]] = 0;
            queue[tail++] = src[i];
        }
    while (head < tail) {
        uint32_t v = queue[head++];
        if (dist[v] >= max_depth)
            continue;
        for (uint32_t k = a->start[v]; k < a->start[v + 1]; k++) {
            uint32_t w = across(g, a->items[k], v, dir);
            if (w != KG_NONE && dist[w] == UINT32_MAX) {
                dist[w] = dist[v] + 1;
                queue[tail++] = w;
            }
        }
    }
    free(queue);
    return 0;
}

/* The nodes within max_depth of the sources, as a bitset (reached[v/64]
 * bit v%64), by scanning the edges once per level: for a small depth this
 * beats building the adjacency (two passes writing at random, and 24
 * bytes a node and an edge), and the two bitsets stay in the cache. */
enum { SCAN_DEPTH = 4 };

static int reach_scan(const kg_graph *g, const uint32_t *src, size_t nsrc,
                      kg_direction dir, uint32_t max_depth, uint64_t *reached)
{
    size_t words = kg_nents(g) / 64 + 1;
    uint64_t *front = kg_calloc(words, sizeof *front);
    uint64_t *next = kg_calloc(words, sizeof *next);
    if (!front || !next) {
        free(front);
        free(next);
        return -1;
    }
#define HAS(b, v) ((b)[(v) >> 6] >> ((v)&63) & 1)
#define SET(b, v) ((b)[(v) >> 6] |= 1ull << ((v)&63))
    for (size_t i = 0; i < nsrc; i++) {
        SET(reached, src[i]);
        SET(front, src[i]);
    }
    for (uint32_t level = 0; level < max_depth; level++) {
        int grew = 0;
        for (uint32_t r = 0; r < kg_nrels(g); r++) {
            if (!kg_edge_shown(g, r))
                continue;
            uint32_t s = kg_rel(g, r)->src, d = kg_rel(g, r)->dst;
            int fs = HAS(front, s), fd = HAS(front, d);
            if (!fs && !fd)
                continue;
            int both = kg_rel_undirected(g, r);
            if (fs && !HAS(reached, d) && (dir != KG_IN || both)) {
                SET(reached, d);
                SET(next, d);
                grew = 1;
            }
            if (fd && !HAS(reached, s) && (dir != KG_OUT || both)) {
                SET(reached, s);
                SET(next, s);
                grew = 1;
            }
        }
        if (!grew)
            break;
        uint64_t *t = front;
        front = next;
        next = t;
        memset(next, 0, words * sizeof *next);
    }
#undef HAS
#undef SET
    free(front);
    free(next);
    return 0;
}

/* The most candidates a message lists: those a name nearly names, and
 * those an ambiguous name names (then "and N more"). */
enum { NEAR_LISTED = 5, MATCHES_LISTED = 10 };

/* One candidate, appended to b: 'NAME' (id 'ID', TYPE); its id alone
 * when that is its name. */
static void put_candidate(kg_diagsink *d, kg_buf *b, const kg_candidate *c,
                          int with_type)
{
    int named_so = c->name && strcmp(c->name, c->id) != 0;
    kg_buf_puts(b, kg_q(d, named_so ? c->name : c->id));
    if (!named_so && !(with_type && c->type))
        return;
    kg_buf_puts(b, " (");
    if (named_so) {
        kg_buf_puts(b, "id ");
        kg_buf_puts(b, kg_q(d, c->id));
    }
    if (with_type && c->type) {
        kg_buf_puts(b, named_so ? ", " : "");
        kg_buf_puts(b, kg_q(d, c->type));
    }
    kg_buf_putc(b, ')');
}

/* Why `name` stands for no one node: it names none (and the nearest it
 * could mean), or several (which, with their types). */
static void say_not_found(kg_graph *g, const char *name)
{
    kg_candidate c[MATCHES_LISTED];
    int matched;
    size_t n = kg_lookup_candidates(g, name, c, MATCHES_LISTED, &matched);
    size_t listed = n < (matched ? MATCHES_LISTED : NEAR_LISTED)
                        ? n
                        : (matched ? MATCHES_LISTED : NEAR_LISTED);
    kg_diagsink *d = kg_graph_diag(g);
    kg_buf b;
    kg_buf_init(&b);
    kg_buf_puts(&b, kg_q(d, name));
    if (n == 0)
        kg_buf_puts(&b, " names no entity, and none is near it");
    else
        kg_buf_puts(&b, matched ? " names more than one entity: "
                                : " names no entity; the nearest: ");
    for (size_t i = 0; i < listed; i++) {
        if (i)
            kg_buf_puts(&b, ", ");
        put_candidate(d, &b, &c[i], matched);
    }
    if (matched && n > listed) {
        char more[48];
        snprintf(more, sizeof more, " and %zu more", n - listed);
        kg_buf_puts(&b, more);
    }
    kg_report(d, KG_ERROR, NULL, 0, 0, "%s",
              b.data ? b.data : "a name names no entity");
    kg_buf_free(&b);
}

/* The shown node an id or name stands for, or KG_NONE (an error). */
static uint32_t find_entity(kg_graph *g, const char *name)
{
    const char *id = kg_lookup(g, name);
    uint32_t e = id ? kg_sym_entity(g, kg_sym_find(g, id)) : KG_NONE;
    if (e == KG_NONE) {
        say_not_found(g, name);
        return KG_NONE;
    }
    e = kg_graph_root(g, e);
    if (!kg_node_shown(g, e)) {
        unknown(g, name, "is left out by an earlier filter");
        return KG_NONE;
    }
    return e;
}

typedef struct focus_ctx {
    const kg_filter *f;
    uint32_t *nodes;
} focus_ctx;

/* --focus at a small depth: the nodes reached, by scans. */
static int focus_scan(kg_graph *g, const focus_ctx *c)
{
    uint64_t *reached = kg_calloc(kg_nents(g) / 64 + 1, sizeof *reached);
    int rc = reached ? reach_scan(g, c->nodes, c->f->nfocus, c->f->direction,
                                  c->f->depth, reached)
                     : -1;
    for (uint32_t i = 0; i < kg_nents(g) && rc == 0; i++)
        if (kg_node_shown(g, i) && !(reached[i >> 6] >> (i & 63) & 1))
            kg_hide_node(g, i);
    for (size_t i = 0; i < c->f->nfocus && rc == 0; i++)
        kg_mark_node(g, c->nodes[i]);
    free(reached);
    return rc;
}

static int by_focus(kg_graph *g, void *ctx)
{
    focus_ctx *c = ctx;
    if (c->f->depth <= SCAN_DEPTH)
        return focus_scan(g, c);
    adjacency a = {0};
    uint32_t *dist = kg_malloc((kg_nents(g) + 1) * sizeof *dist);
    int rc = dist && build_adjacency(g, &a) == 0 ? 0 : -1;
    if (rc == 0)
        rc = bfs(g, &a, c->nodes, c->f->nfocus, c->f->direction, c->f->depth,
                 dist);
    for (uint32_t i = 0; i < kg_nents(g) && rc == 0; i++)
        if (kg_node_shown(g, i) && dist[i] == UINT32_MAX)
            kg_hide_node(g, i);
    for (size_t i = 0; i < c->f->nfocus && rc == 0; i++)
        kg_mark_node(g, c->nodes[i]);
    free(dist);
    free_adjacency(&a);
    return rc;
}

typedef struct path_ctx {
    uint32_t from, to;
    kg_direction dir;
} path_ctx;

/* Keeps the nodes and edges on a shortest path from `from` to `to`, and
 * the nodes next to them (the path in its context). */
static int by_path(kg_graph *g, void *ctx)
{
    path_ctx *c = ctx;
    adjacency a = {0};
    uint32_t *d1 = kg_calloc(kg_nents(g) + 1, sizeof *d1); /* bfs sets each */
    uint32_t *d2 = kg_calloc(kg_nents(g) + 1, sizeof *d2);
    kg_direction back = c->dir == KG_OUT  ? KG_IN
                        : c->dir == KG_IN ? KG_OUT
                                          : KG_BOTH;
    int rc = d1 && d2 && build_adjacency(g, &a) == 0 ? 0 : -1;
    if (rc == 0)
        rc = bfs(g, &a, &c->from, 1, c->dir, UINT32_MAX - 1, d1);
    if (rc == 0)
        rc = bfs(g, &a, &c->to, 1, back, UINT32_MAX - 1, d2);
    uint32_t len = rc == 0 ? d1[c->to] : UINT32_MAX;
    if (rc == 0 && len == UINT32_MAX) {
        kg_warn(kg_graph_diag(g), "no-path", NULL, 0, 0,
                "no path leads from %s to %s",
                kg_q(kg_graph_diag(g), kg_ent_id(g, kg_ent(g, c->from))),
                kg_q(kg_graph_diag(g), kg_ent_id(g, kg_ent(g, c->to))));
        for (uint32_t i = 0; i < kg_nents(g); i++)
            kg_hide_node(g, i);
    }
    for (uint32_t r = 0; r < kg_nrels(g) && rc == 0 && len != UINT32_MAX; r++) {
        if (!kg_edge_shown(g, r))
            continue;
        uint32_t s = kg_rel(g, r)->src, t = kg_rel(g, r)->dst;
        /* r is on a shortest path if it steps from distance k to k+1 */
        int fwd = across(g, r, s, c->dir) == t && d1[s] != UINT32_MAX &&
                  d2[t] != UINT32_MAX && d1[s] + 1 + d2[t] == len;
        int rev = across(g, r, t, c->dir) == s && d1[t] != UINT32_MAX &&
                  d2[s] != UINT32_MAX && d1[t] + 1 + d2[s] == len;
        if (fwd || rev)
            kg_mark_edge(g, r);
    }
    for (uint32_t i = 0; i < kg_nents(g) && rc == 0 && len != UINT32_MAX; i++)
        if (d1[i] != UINT32_MAX && d2[i] != UINT32_MAX && d1[i] + d2[i] == len)
            kg_mark_node(g, i);
    if (rc == 0 && len != UINT32_MAX) { /* context: one step around */
        for (uint32_t i = 0; i < kg_nents(g); i++) {
            int near = kg_node_marked(g, i);
            for (uint32_t k = a.start[i]; !near && k < a.start[i + 1]; k++) {
                uint32_t w = across(g, a.items[k], i, KG_BOTH);
                near = w != KG_NONE && kg_node_marked(g, w);
            }
            if (kg_node_shown(g, i) && !near)
                kg_hide_node(g, i);
        }
    }
    free(d1);
    free(d2);
    free_adjacency(&a);
    return rc;
}

static int by_degree(kg_graph *g, void *ctx)
{
    unsigned min = *(unsigned *)ctx;
    unsigned *deg = kg_calloc(kg_nents(g) + 1, sizeof *deg);
    if (!deg)
        return -1;
    for (uint32_t r = 0; r < kg_nrels(g); r++) {
        if (!kg_edge_shown(g, r))
            continue;
        deg[kg_rel(g, r)->src]++;
        deg[kg_rel(g, r)->dst]++;
    }
    for (uint32_t i = 0; i < kg_nents(g); i++)
        if (kg_node_shown(g, i) && deg[i] < min)
            kg_hide_node(g, i);
    free(deg);
    return 0;
}

typedef struct component_ctx {
    uint32_t keep_with; /* KG_NONE: the largest */
} component_ctx;

static int by_component(kg_graph *g, void *ctx)
{
    component_ctx *c = ctx;
    uint32_t *up = kg_malloc((kg_nents(g) + 1) * sizeof *up);
    uint32_t *size = kg_calloc(kg_nents(g) + 1, sizeof *size);
    if (!up || !size) {
        free(up);
        free(size);
        return -1;
    }
    for (uint32_t i = 0; i < kg_nents(g); i++)
        up[i] = i;
    for (uint32_t r = 0; r < kg_nrels(g); r++) {
        if (!kg_edge_shown(g, r))
            continue;
        uint32_t a = kg_uf_find(up, kg_rel(g, r)->src);
        uint32_t b = kg_uf_find(up, kg_rel(g, r)->dst);
        if (a != b)
            up[a < b ? b : a] = a < b ? a : b; /* the earliest is the root */
    }
    uint32_t best = KG_NONE;
    for (uint32_t i = 0; i < kg_nents(g); i++) {
        if (!kg_node_shown(g, i))
            continue;
        uint32_t root = kg_uf_find(up, i);
        size[root]++;
        if (best == KG_NONE || size[root] > size[best])
            best = root;
    }
    if (c->keep_with != KG_NONE)
        best = kg_uf_find(up, c->keep_with);
    for (uint32_t i = 0; i < kg_nents(g); i++)
        if (kg_node_shown(g, i) && kg_uf_find(up, i) != best)
            kg_hide_node(g, i);
    free(up);
    free(size);
    return 0;
}

static int by_centrality(kg_graph *g, void *ctx)
{
    size_t n, top = *(size_t *)ctx;
    uint32_t *keep = kg_most_central(g, top, &n);
    unsigned char *kept = kg_calloc(kg_nents(g) + 1, 1);
    if (!keep || !kept) {
        free(keep);
        free(kept);
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        kept[keep[i]] = 1;
    for (uint32_t i = 0; i < kg_nents(g); i++)
        if (kg_node_shown(g, i) && !kept[i])
            kg_hide_node(g, i);
    free(keep);
    free(kept);
    return 0;
}

/* ---- The whole ---- */

static int check_filter(kg_graph *g, const kg_filter *f, date_ctx *dates)
{
    kg_date day;
    dates->since = LONG_MIN;
    dates->until = LONG_MAX;
    dates->dated_only = f->dated_only;
    static const char not_a_date[] = "is not a date (" KG_DATE_FORMS ")";
    kg_date_order order = kg_graph_settings(g)->date_order;
    if (f->since && kg_date_read_in(f->since, strlen(f->since), order, &day))
        return usage(g, KG_SETTING_SINCE, f->since, not_a_date);
    if (f->since)
        dates->since = day.first;
    if (f->until && kg_date_read_in(f->until, strlen(f->until), order, &day))
        return usage(g, KG_SETTING_UNTIL, f->until, not_a_date);
    if (f->until)
        dates->until = day.last;
    for (size_t i = 0; i < f->nwhere; i++) {
        const char *eq = strchr(f->where[i], '=');
        if (!eq || eq == f->where[i])
            return usage(g, KG_SETTING_WHERE, f->where[i], "is not ATTR=VALUE");
    }
    kg_diagsink *d = kg_graph_diag(g);
    const char *path = named(g, KG_SETTING_PATH_FROM);
    const char *to = named(g, KG_SETTING_PATH_TO);
    if ((f->path_from != NULL) != (f->path_to != NULL)) {
        kg_report(d, KG_ERROR, NULL, 0, 0, "%s: %s needs %s, and %s needs %s",
                  kg_q(d, f->path_from ? f->path_from : f->path_to), path, to,
                  to, path);
        return -1;
    }
    if (f->path_from && f->nfocus) {
        kg_report(d, KG_ERROR, NULL, 0, 0, "%s: use %s or %s, not both",
                  kg_q(d, f->path_from), named(g, KG_SETTING_FOCUS), path);
        return -1;
    }
    return 0;
}

/* The date step, named after the settings that make it ("since/until"). */
static int date_step(kg_graph *g, const kg_filter *f, date_ctx *dates)
{
    kg_buf name;
    kg_buf_init(&name);
    kg_setting parts[] = {KG_SETTING_SINCE, KG_SETTING_UNTIL,
                          KG_SETTING_DATED_ONLY};
    int given[] = {f->since != NULL, f->until != NULL, f->dated_only};
    int nomem = 0;
    for (int i = 0; i < 3; i++)
        if (given[i])
            nomem |= (name.len && kg_buf_putc(&name, '/')) ||
                     kg_buf_puts(&name, named(g, parts[i]));
    const char *kept = nomem ? NULL : kg_intern(g, name.data, name.len);
    kg_buf_free(&name);
    return kept ? step_named(g, kept, by_date, dates) : -1;
}

static int apply_lists(kg_graph *g, const kg_filter *f, date_ctx *dates)
{
    list_ctx types = {f->types, 1}, xtypes = {f->exclude_types, 0};
    list_ctx rels = {f->relations, 1}, xrels = {f->exclude_relations, 0};
    if ((f->types && step(g, KG_SETTING_TYPES, by_type, &types)) ||
        (f->exclude_types &&
         step(g, KG_SETTING_EXCLUDE_TYPES, by_type, &xtypes)) ||
        (f->relations && step(g, KG_SETTING_RELATIONS, by_relation, &rels)) ||
        (f->exclude_relations &&
         step(g, KG_SETTING_EXCLUDE_RELATIONS, by_relation, &xrels)))
        return -1;
    if ((f->since || f->until || f->dated_only) && date_step(g, f, dates))
        return -1;
    for (size_t i = 0; i < f->nwhere; i++)
        if (step(g, KG_SETTING_WHERE, by_where, (void *)f->where[i]))
            return -1;
    return 0;
}

static int apply_structure(kg_graph *g, const kg_filter *f)
{
    if (f->nfocus) {
        uint32_t *nodes = kg_calloc(f->nfocus, sizeof *nodes);
        if (!nodes)
            return -1;
        int rc = 0;
        for (size_t i = 0; i < f->nfocus && rc == 0; i++)
            if ((nodes[i] = find_entity(g, f->focus[i])) == KG_NONE)
                rc = 1;
        focus_ctx c = {f, nodes};
        if (rc == 0)
            rc = step(g, KG_SETTING_FOCUS, by_focus, &c);
        free(nodes);
        if (rc)
            return rc;
    }
    if (f->path_from) {
        path_ctx c = {find_entity(g, f->path_from), KG_NONE, f->direction};
        if (c.from == KG_NONE || (c.to = find_entity(g, f->path_to)) == KG_NONE)
            return 1;
        if (step(g, KG_SETTING_PATH_FROM, by_path, &c))
            return -1;
    }
    unsigned min = f->min_degree;
    if (min && step(g, KG_SETTING_MIN_DEGREE, by_degree, &min))
        return -1;
    if (f->component) {
        component_ctx c = {KG_NONE};
        if (kg_ascii_casecmp(f->component, "largest") != 0 &&
            (c.keep_with = find_entity(g, f->component)) == KG_NONE)
            return 1;
        if (step(g, KG_SETTING_COMPONENT, by_component, &c))
            return -1;
    }
    size_t top = f->top;
    if (top && step(g, KG_SETTING_TOP, by_centrality, &top))
        return -1;
    return 0;
}

static kg_status apply_filter(kg_graph *g, const kg_filter *f);

kg_status kg_apply_filter(kg_graph *g, const kg_filter *f)
{
    kg_clock c = kg_graph_clock(g);
    kg_status st = apply_filter(g, f);
    kg_graph_timed(g, c, "filter", NULL);
    return st;
}

static kg_status apply_filter(kg_graph *g, const kg_filter *f)
{
    if (!g || !f || !kg_graph_resolved(g) || (f->nwhere && !f->where) ||
        (f->nfocus && !f->focus))
        return KG_ERR_USAGE;
    for (size_t i = 0; i < f->nwhere; i++)
        if (!f->where[i])
            return KG_ERR_USAGE;
    for (size_t i = 0; i < f->nfocus; i++)
        if (!f->focus[i])
            return KG_ERR_USAGE;
    date_ctx dates;
    if (check_filter(g, f, &dates))
        return KG_ERR_USAGE;
    if (kg_graph_prepare_marks(g))
        return KG_ERR_NOMEM;  /* nothing changed yet */
    kg_graph_unsync_edges(g); /* ends are hidden as the steps go */
    if (apply_lists(g, f, &dates))
        return kg_graph_broke(g);
    int rc = apply_structure(g, f);
    kg_graph_sync_edges(g);
    return rc < 0 ? kg_graph_broke(g) : rc > 0 ? KG_ERR_USAGE : KG_OK;
}
