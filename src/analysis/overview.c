/*
 * overview.c - pictures of graphs too large to read whole: communities
 * (kg_find_communities) and one node per group (kg_collapse).
 *
 * Communities are found by the Louvain method (Blondel et al. 2008) on
 * the shown graph taken as undirected, parallel edges adding weight:
 * each node in input order moves to the neighbouring community that
 * gains the most modularity (ties: the one met first), until no move
 * gains; then each community becomes a node and the same is done again.
 * No randomness: the same graph gives the same communities.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/ahead.h"
#include "analysis/louvain.h"
#include "graph/dates.h"
#include "graph/edges.h"
#include "graph/from_code.h"
#include "graph/lifetime.h"
#include "graph/store.h"
#include "graph/view.h"
#include "util/buf.h"
#include "util/parallel.h"

/* ---- Communities of the shown graph ---- */

typedef struct sized {
    uint32_t comm, first;
    size_t size;
} sized;

static int by_size(const void *p, const void *q)
{
    const sized *x = p, *y = q;
    if (x->size != y->size)
        return x->size < y->size ? 1 : -1;
    return (x->first > y->first) - (x->first < y->first);
}

/* Communities of g's shown entities, found (read only: `found`) and
 * then given to them as attributes (`give`). */
typedef struct communities {
    const kg_graph *g;
    uint32_t *nodes; /* the shown entities, in order */
    uint32_t *comm;  /* per shown entity, its community */
    uint32_t *rank;  /* per community, its number: 1 the largest */
    char *names;     /* per community, its number as text, NAME_SIZE
                        bytes each (named()); NULL until asked for */
    size_t n, ncomm;
    int failed; /* out of memory */
} communities;

enum { NAME_SIZE = 12 };

static void communities_free(communities *k)
{
    free(k->nodes);
    free(k->comm);
    free(k->rank);
    free(k->names);
}

/* Writes each community's number once (a million entities are given a
 * few hundred numbers: printed per entity, they were a quarter of
 * giving them).  0, or -1 when out of memory. */
static int named(communities *k)
{
    if (k->names)
        return 0;
    k->names = kg_malloc(k->ncomm * NAME_SIZE + 1);
    if (!k->names)
        return -1;
    for (size_t c = 0; c < k->ncomm; c++)
        snprintf(k->names + c * NAME_SIZE, NAME_SIZE, "%u", k->rank[c]);
    return 0;
}

/* Reads g only, so that other work may read it at the same time. */
static void found(communities *k)
{
    const kg_graph *g = k->g;
    uint32_t *index = kg_malloc((kg_nents(g) + 1) * sizeof *index);
    arc *arcs = kg_malloc((kg_nrels(g) + 1) * sizeof *arcs);
    sized *order = NULL;
    wgraph x = {0};
    size_t n = 0, m = 0, ncomm = 0;
    k->nodes = kg_malloc((kg_nents(g) + 1) * sizeof *k->nodes);
    k->failed = 1;
    if (!index || !k->nodes || !arcs)
        goto done;
    for (uint32_t i = 0; i < kg_nents(g); i++) {
        index[i] = kg_node_shown(g, i) ? (uint32_t)n : KG_NONE;
        if (index[i] != KG_NONE)
            k->nodes[n++] = i;
    }
    for (uint32_t r = 0; r < kg_nrels(g); r++) {
        if (!kg_edge_shown(g, r))
            continue;
        uint32_t a = index[kg_rel(g, r)->src], b = index[kg_rel(g, r)->dst];
        arcs[m++] = (arc){a < b ? a : b, a < b ? b : a, 1};
    }
    free(index);
    index = NULL;
    k->comm = kg_malloc((n + 1) * sizeof *k->comm);
    if (!k->comm || kg_wgraph_build(&x, n, arcs, m))
        goto done;
    free(arcs);
    arcs = NULL;
    if (kg_louvain(&x, k->comm, &ncomm))
        goto done;
    order = kg_calloc(ncomm + 1, sizeof *order);
    if (!order)
        goto done;
    for (size_t c = 0; c < ncomm; c++)
        order[c] = (sized){(uint32_t)c, KG_NONE, 0};
    for (size_t v = 0; v < n; v++) {
        sized *s = &order[k->comm[v]];
        s->size++;
        if (s->first == KG_NONE)
            s->first = (uint32_t)v;
    }
    qsort(order, ncomm, sizeof *order, by_size);
    k->rank = kg_calloc(ncomm + 1, sizeof *k->rank); /* each set below */
    if (!k->rank)
        goto done;
    for (size_t c = 0; c < ncomm; c++)
        k->rank[order[c].comm] = (uint32_t)c + 1;
    k->n = n;
    k->ncomm = ncomm;
    k->failed = 0;
done:
    kg_wgraph_free(&x);
    free(index);
    free(arcs);
    free(order);
}

static kg_status give(kg_graph *g, communities *k, size_t *count)
{
    if (k->failed || named(k))
        return KG_ERR_NOMEM;
    const char *key = kg_intern(g, "community", 9);
    kg_status st = key ? KG_OK : KG_ERR_NOMEM;
    for (size_t v = 0; v < k->n && st == KG_OK; v++) {
        const char *num = k->names + (size_t)k->comm[v] * NAME_SIZE;
        if (kg_graph_entity_attr(g, k->nodes[v], key, num, strlen(num),
                                 (kg_loc){KG_NONE, 0}))
            st = kg_graph_broke(g); /* some have the attribute, some not */
    }
    if (count && st == KG_OK)
        *count = k->ncomm;
    return st;
}

kg_status kg_find_communities(kg_graph *g, size_t *count)
{
    if (!g || !kg_graph_resolved(g))
        return KG_ERR_USAGE;
    kg_clock c = kg_graph_clock(g);
    communities k = {.g = g};
    found(&k);
    kg_status st = give(g, &k, count);
    communities_free(&k);
    kg_graph_timed(g, c, "communities", NULL);
    return st;
}

/* ---- One node per group ---- */

enum {
    MAX_GROUPS = 40
}; /* an overview's nodes: past it, the smallest
      groups are drawn as one */

/* The members a group's description names: past them, how many more.
 * Listing all made a description of megabytes at a million entities,
 * which Graphviz took half a minute to draw as a tooltip. */
enum { MAX_LISTED = 100 };

typedef struct member {
    const char *value; /* the group */
    uint32_t entity;
} member;

typedef struct group {
    const char *value;   /* NULL: the smaller groups together */
    size_t first, count; /* its run in collapse.m (a value's group) */
    uint32_t entity;     /* its first member, in input order */
    uint32_t shown;      /* the node it is drawn as: index + 1 */
} group;

typedef struct seen_value {
    const char *text;
    uint32_t seen; /* the order it was first met in */
} seen_value;

static int by_text(const void *p, const void *q)
{
    return strcmp(((const seen_value *)p)->text, ((const seen_value *)q)->text);
}

/* Sorts members (taken in entity order) by value, then entity: the
 * distinct values (by address: one per group when the caller gives
 * them) are sorted as text, and the members counted into place by their
 * value's rank, keeping their order.  A qsort comparing strings took an
 * eighth of an overview at a million entities. */
static int sort_members(member *m, size_t n)
{
    size_t nslots = 16;
    while (nslots < 2 * n)
        nslots *= 2;
    const char **slot = kg_calloc(nslots, sizeof *slot);
    uint32_t *number = kg_malloc(nslots * sizeof *number);
    uint32_t *of = kg_malloc((n + 1) * sizeof *of); /* member: its value */
    seen_value *value = kg_malloc((n + 1) * sizeof *value);
    uint32_t *rank = kg_malloc((n + 1) * sizeof *rank); /* per value seen */
    size_t *at = kg_calloc(n + 2, sizeof *at);
    member *tmp = kg_malloc((n + 1) * sizeof *tmp);
    int rc = -1;
    if (!slot || !number || !of || !value || !rank || !at || !tmp)
        goto done;
    size_t nv = 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t key = (uint64_t)(uintptr_t)m[i].value;
        size_t j = (size_t)((key * 0x9E3779B97F4A7C15ull) >> 20) & (nslots - 1);
        while (slot[j] && slot[j] != m[i].value)
            j = (j + 1) & (nslots - 1);
        if (!slot[j]) {
            slot[j] = m[i].value;
            number[j] = (uint32_t)nv;
            value[nv] = (seen_value){m[i].value, (uint32_t)nv};
            nv++;
        }
        of[i] = number[j];
    }
    qsort(value, nv, sizeof *value, by_text);
    size_t r = 0; /* equal texts at two addresses rank alike */
    for (size_t v = 0; v < nv; v++) {
        if (v && strcmp(value[v - 1].text, value[v].text) != 0)
            r++;
        rank[value[v].seen] = (uint32_t)r;
    }
    for (size_t i = 0; i < n; i++)
        at[rank[of[i]] + 1]++;
    for (size_t v = 0; v <= r; v++)
        at[v + 1] += at[v];
    for (size_t i = 0; i < n; i++)
        tmp[at[rank[of[i]]]++] = m[i];
    memcpy(m, tmp, n * sizeof *m);
    rc = 0;
done:
    free(slot);
    free(number);
    free(of);
    free(value);
    free(rank);
    free(at);
    free(tmp);
    return rc;
}

static const char *display(const kg_graph *g, uint32_t e)
{
    return kg_ent(g, e)->name ? kg_ent(g, e)->name : kg_ent_id(g, kg_ent(g, e));
}

typedef struct collapse {
    const kg_graph *g;
    kg_graph *out;
    const char *attr;
    member *m; /* shown entities with a group, sorted by group */
    size_t n;
    group *groups; /* one per value, then "the rest" */
    size_t ngroups;
    uint32_t *node;         /* per entity: its group + 1, 0 when alone */
    uint32_t *degree;       /* per entity: its shown relations */
    unsigned long left_out; /* rows of the weaker links, not drawn */
    kg_buf id, text;
    const char *const *values; /* per entity, its group's value, given by
                                  the caller; NULL: read from attr */
    char **ids; /* per group drawn, its node's id once made (end_id) */
} collapse;

/* The group a node is drawn for: group i, or the rest it is part of. */
static const group *drawn(const collapse *c, size_t i)
{
    return &c->groups[c->groups[i].shown - 1];
}

/* "country=Morocco", or "country=" for the rest: the id of a group's node */
static int group_id(collapse *c, const group *x, kg_buf *into)
{
    kg_buf_clear(into);
    return kg_buf_puts(into, c->attr) || kg_buf_putc(into, '=') ||
           kg_buf_puts(into, x->value ? x->value : "");
}

/* The node's name: "Morocco (12)"; for a community (a number says
 * nothing), its best connected member: "Interpol and 6 more"; "31
 * smaller groups (140)". */
static int group_name(collapse *c, const group *x, size_t members, size_t parts)
{
    char num[96];
    kg_buf *t = &c->text;
    kg_buf_clear(t);
    if (!x->value) {
        snprintf(num, sizeof num, "%zu smaller groups (%zu)", parts, members);
        return kg_buf_puts(t, num);
    }
    if (strcmp(c->attr, "community") != 0) {
        snprintf(num, sizeof num, " (%zu)", members);
        return kg_buf_puts(t, x->value) || kg_buf_puts(t, num);
    }
    size_t best = x->first; /* a number says nothing: its best connected */
    for (size_t i = x->first; i < x->first + x->count; i++)
        if (c->degree[c->m[i].entity] > c->degree[c->m[best].entity])
            best = i;
    snprintf(num, sizeof num, " and %zu more", members - 1);
    return kg_buf_puts(t, display(c->g, c->m[best].entity)) ||
           (members > 1 && kg_buf_puts(t, num));
}

/* The node of group x (and of the groups drawn with it): its name, its
 * members in the description (the tooltip), its text sized by count. */
static kg_status add_group(collapse *c, const group *x)
{
    size_t members = 0, parts = 0;
    for (size_t i = 0; i < c->ngroups; i++)
        if (drawn(c, i) == x && c->groups[i].value) {
            members += c->groups[i].count;
            parts++;
        }
    if (group_id(c, x, &c->id) || group_name(c, x, members, parts))
        return KG_ERR_NOMEM;
    const char *type = !x->value                      ? c->attr
                       : strcmp(c->attr, "type") == 0 ? x->value
                                                      : c->attr;
    kg_status st = kg_add_entity(c->out, c->id.data, c->text.data, type);
    char num[64];
    kg_buf *t = &c->text;
    kg_buf_clear(t);
    snprintf(num, sizeof num, "%zu %s: ", members,
             members == 1 ? "entity" : "entities");
    int rc = kg_buf_puts(t, num);
    size_t listed = 0;
    for (size_t g = 0; g < c->ngroups && !rc && listed < MAX_LISTED; g++) {
        if (drawn(c, g) != x)
            continue;
        for (size_t i = c->groups[g].first;
             i < c->groups[g].first + c->groups[g].count && !rc &&
             listed < MAX_LISTED;
             i++, listed++)
            rc = (listed && kg_buf_puts(t, "; ")) ||
                 kg_buf_puts(t, display(c->g, c->m[i].entity));
    }
    if (!rc && members > listed) {
        snprintf(num, sizeof num, "; and %zu more", members - listed);
        rc = kg_buf_puts(t, num);
    }
    if (st == KG_OK && rc)
        st = KG_ERR_NOMEM;
    if (st == KG_OK)
        st = kg_set_entity_attr(c->out, c->id.data, "description", t->data);
    snprintf(num, sizeof num, "%.0f", fmin(14, 11 + log2((double)members) / 2));
    if (st == KG_OK)
        st = kg_set_entity_attr(c->out, c->id.data, "fontsize", num);
    snprintf(num, sizeof num, "%zu", members);
    if (st == KG_OK)
        st = kg_set_entity_attr(c->out, c->id.data, "member_count", num);
    return st;
}

/* The node a relation end becomes: its group's (made once a group: two
 * a row made it again), or its own id. */
static const char *end_id(collapse *c, uint32_t e, kg_buf *into)
{
    if (!c->node[e])
        return kg_ent_id(c->g, kg_ent(c->g, e));
    size_t x = c->groups[c->node[e] - 1].shown - 1;
    if (!c->ids[x] && !group_id(c, &c->groups[x], into))
        c->ids[x] = kg_strndup(into->data, into->len);
    return c->ids[x];
}

/* The node an entity is drawn as: its group's (+ 1), or 0: itself. */
static uint32_t node_of(const collapse *c, uint32_t e)
{
    return c->node[e] ? c->groups[c->node[e] - 1].shown : 0;
}

/* ---- Relations between groups: one line a pair ---- */

typedef struct pair_type {
    uint64_t key; /* the two nodes' ends, + 1; 0 empty */
    uint32_t type;
    int mixed;      /* rows of several types: the line has none */
    uint32_t rows;  /* how many */
    uint32_t first; /* its first row */
} pair_type;

/* Lines an overview draws at most: twice its nodes, or 60. */
static size_t max_lines(size_t nodes)
{
    return nodes * 2 > 60 ? nodes * 2 : 60;
}

static int by_rows_then_first(const void *p, const void *q)
{
    const pair_type *x = p, *y = q;
    if (x->rows != y->rows)
        return x->rows < y->rows ? 1 : -1;
    return (x->first > y->first) - (x->first < y->first);
}

/* The fewest rows a line needs to be drawn, so that at most max_lines
 * are: the strongest links between groups (ties: the first met). */
static uint32_t rows_needed(const pair_type *pairs, size_t n, size_t lines,
                            uint32_t *first_kept)
{
    *first_kept = 0;
    if (n <= lines)
        return 0;
    pair_type *v = kg_malloc((n + 1) * sizeof *v);
    if (!v)
        return 0;
    memcpy(v, pairs, n * sizeof *v);
    qsort(v, n, sizeof *v, by_rows_then_first);
    uint32_t need = v[lines - 1].rows;
    *first_kept = v[lines - 1].first; /* at `need`, up to this one */
    free(v);
    return need;
}

static uint64_t pair_key(const collapse *c, const kg_relation *x)
{
    uint64_t a = node_of(c, x->src) ? node_of(c, x->src) : 0x80000000u | x->src;
    uint64_t b = node_of(c, x->dst) ? node_of(c, x->dst) : 0x80000000u | x->dst;
    return (a << 32 | b) + 1;
}

/* The pairs of nodes met, in order of their first row, found by key in
 * a table that grows with them (at most half full): an overview of a
 * few groups has a few thousand, and a table sized for every row (100
 * MB at two million) was most of its memory and, cleared and scanned,
 * a tenth of its time. */
typedef struct pairs {
    pair_type *p;
    size_t n, cap;
    uint32_t *slot; /* an index in p + 1, or 0 */
    size_t nslots;  /* a power of two */
} pairs;

static void pairs_free(pairs *t)
{
    free(t->p);
    free(t->slot);
}

static uint32_t *pair_slot(const pairs *t, uint64_t key)
{
    size_t mask = t->nslots - 1;
    size_t j = (size_t)((key * 0x9E3779B97F4A7C15ull) >> 20) & mask;
    while (t->slot[j] && t->p[t->slot[j] - 1].key != key)
        j = (j + 1) & mask;
    return &t->slot[j];
}

/* Room for one more pair: 0, or -1 when out of memory. */
static int pairs_room(pairs *t)
{
    if (t->n == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 64;
        pair_type *p = kg_realloc(t->p, cap * sizeof *p);
        if (!p)
            return -1;
        t->p = p;
        t->cap = cap;
    }
    if (2 * (t->n + 1) <= t->nslots)
        return 0;
    size_t nslots = t->nslots ? 2 * t->nslots : 128;
    uint32_t *slot = kg_calloc(nslots, sizeof *slot);
    if (!slot)
        return -1;
    free(t->slot);
    t->slot = slot;
    t->nslots = nslots;
    for (size_t i = 0; i < t->n; i++)
        *pair_slot(t, t->p[i].key) = (uint32_t)i + 1;
    return 0;
}

/* The index of the pair of relation r (x), added when new; KG_NONE when
 * out of memory. */
static uint32_t pair_of(pairs *t, uint64_t key, const kg_relation *x,
                        uint32_t r)
{
    if (pairs_room(t))
        return KG_NONE;
    uint32_t *s = pair_slot(t, key);
    if (!*s) {
        t->p[t->n] = (pair_type){key, x->type, 0, 0, r};
        *s = (uint32_t)++t->n;
    }
    pair_type *p = &t->p[*s - 1];
    p->mixed |= p->type != x->type;
    p->rows++;
    return *s - 1;
}

/* The first row of a line, added to the overview with its values, as
 * a row of code is (kg_add_relation, kg_set_relation_attr); *index its
 * relation there. */
static kg_status add_line(collapse *c, const kg_relation *x, int mixed,
                          kg_buf *a, kg_buf *b, size_t *index)
{
    const kg_graph *g = c->g;
    const char *s = end_id(c, x->src, a), *t = end_id(c, x->dst, b);
    if (!s || !t)
        return KG_ERR_NOMEM;
    kg_status st =
        kg_add_relation(c->out, s, t, mixed ? NULL : kg_rel_type(g, x), index);
    if (mixed && st == KG_OK && kg_rel_type(g, x))
        st =
            kg_set_relation_attr(c->out, *index, "relation", kg_rel_type(g, x));
    kg_attr_it it;
    for (kg_attr_begin(g, kg_rel_attrs(g, x), &it);
         st == KG_OK && kg_attr_step(&it);)
        st = kg_set_relation_attr(c->out, *index, it.key, it.value);
    return st;
}

/* Whether the values of row x before its n-th (counting from 0) have
 * key=value, as a relation's list has them (graph/store.c, add_value):
 * then adding it would add and say nothing. */
static int had_before(const kg_graph *g, const kg_relation *x, size_t n,
                      const char *relation, const char *key, const char *value)
{
    if (relation && strcmp(key, "relation") == 0 &&
        strcmp(value, relation) == 0)
        return 1;
    kg_attr_it it;
    kg_attr_begin(g, kg_rel_attrs(g, x), &it);
    for (size_t i = 0; i < n && kg_attr_step(&it); i++)
        if (strcmp(it.key, key) == 0 && strcmp(it.value, value) == 0)
            return 1;
    return 0;
}

/* A later row of a line: not added (its values are folded into the
 * line's after, fold_lines), but checked as add_line checks a row, saying
 * what adding it would have said, and failing where it would have. */
static kg_status check_row(collapse *c, const kg_relation *x, int mixed)
{
    const kg_graph *g = c->g;
    const char *type = kg_rel_type(g, x);
    if (!mixed)
        kg_check_relation_type(c->out, type);
    const char *relation = mixed ? type : NULL;
    kg_status st = relation
                       ? kg_check_relation_attr(c->out, "relation", relation, 1)
                       : KG_OK;
    kg_attr_it it;
    size_t n = 0;
    for (kg_attr_begin(g, kg_rel_attrs(g, x), &it);
         st == KG_OK && kg_attr_step(&it); n++)
        st = kg_check_relation_attr(
            c->out, it.key, it.value,
            !had_before(g, x, n, relation, it.key, it.value));
    return st;
}

/* The rows drawn, one line a pair of nodes: slot[r], row r's pair (its
 * index in pt), KG_NONE for a row not drawn; line[p], pair p's relation
 * in the overview. */
typedef struct lines {
    pairs pt;
    uint32_t *slot, *line;
} lines;

/* Folds each row drawn into its line, as kg_merge_edges folds rows into
 * their first (edges.h): the same edges, sums and values, in the same
 * order, with the same warnings, as adding every row and merging made;
 * and the lines folded together, when their ends are (kg_resolve). */
static kg_status fold_lines(collapse *c, const lines *l)
{
    const kg_graph *g = c->g;
    kg_fold f;
    if (kg_fold_start(&f, c->out))
        return kg_graph_broke(c->out);
    int ok = 1;
    for (uint32_t r = 0; r < kg_nrels(g) && ok; r++) {
        if (l->slot[r] == KG_NONE)
            continue;
        const kg_relation *x = kg_rel(g, r);
        const pair_type *p = &l->pt.p[l->slot[r]];
        uint32_t at = l->line[l->slot[r]], keep = kg_rel_folded(c->out, at);
        keep = keep == KG_NONE ? at : keep;
        kg_fold_row row = {.keep = keep,
                           .at = at,
                           .first = r == p->first && keep == at,
                           .from = g,
                           .attrs = kg_rel_attrs(g, x),
                           .relation = p->mixed ? kg_rel_type(g, x) : NULL};
        ok = !kg_fold_add(&f, &row);
    }
    return kg_fold_end(&f, ok);
}

/* Counts the rows between each pair of nodes, so as to draw the
 * strongest links only (left_out, the others). */
static kg_status count_pairs(collapse *c, lines *l)
{
    const kg_graph *g = c->g;
    for (uint32_t r = 0; r < kg_nrels(g); r++) { /* which lines have one type */
        const kg_relation *x = kg_rel(g, r);
        l->slot[r] = KG_NONE;
        if (!kg_edge_shown(g, r))
            continue;
        uint32_t s = node_of(c, x->src), t = node_of(c, x->dst);
        if (s && s == t)
            continue; /* within a group: its count says so */
        l->slot[r] = pair_of(&l->pt, pair_key(c, x), x, r);
        if (l->slot[r] == KG_NONE)
            return KG_ERR_NOMEM;
    }
    size_t nodes = 0;
    for (uint32_t e = 0; e < kg_nents(g); e++)
        nodes += kg_node_shown(g, e) &&
                 (!c->node[e] || drawn(c, c->node[e] - 1)->entity == e);
    uint32_t last = 0;
    uint32_t need = rows_needed(l->pt.p, l->pt.n, max_lines(nodes), &last);
    for (uint32_t r = 0; r < kg_nrels(g); r++) {
        const pair_type *p =
            l->slot[r] == KG_NONE ? NULL : &l->pt.p[l->slot[r]];
        if (p && (p->rows < need || (p->rows == need && p->first > last))) {
            c->left_out++; /* a weaker link than the overview draws */
            l->slot[r] = KG_NONE;
        }
    }
    return KG_OK;
}

/* The overview's relations, resolved and folded: each line's first row
 * added with its values, each later row checked as adding it would be,
 * then folded into its line (fold_lines).  Adding every row and merging
 * them after made 382,102 rows at a million entities for 80 lines. */
static kg_status add_relations(collapse *c)
{
    const kg_graph *g = c->g;
    lines l = {{0}, NULL, NULL};
    /* per relation: its pair's index, KG_NONE when not drawn (looked up
     * once, not again when the lines are added) */
    l.slot = kg_malloc(((size_t)kg_nrels(g) + 1) * sizeof *l.slot);
    c->ids = kg_calloc(c->ngroups + 1, sizeof *c->ids);
    kg_status st = l.slot && c->ids ? count_pairs(c, &l) : KG_ERR_NOMEM;
    if (st == KG_OK) {
        l.line = kg_malloc((l.pt.n + 1) * sizeof *l.line);
        st = l.line ? KG_OK : KG_ERR_NOMEM;
    }
    for (size_t p = 0; st == KG_OK && p < l.pt.n; p++)
        l.line[p] = KG_NONE;
    kg_buf a, b;
    kg_buf_init(&a);
    kg_buf_init(&b);
    for (uint32_t r = 0; r < kg_nrels(g) && st == KG_OK; r++) {
        if (l.slot[r] == KG_NONE)
            continue;
        const kg_relation *x = kg_rel(g, r);
        const pair_type *p = &l.pt.p[l.slot[r]];
        size_t index = 0;
        if (l.line[l.slot[r]] != KG_NONE)
            st = check_row(c, x, p->mixed);
        else if ((st = add_line(c, x, p->mixed, &a, &b, &index)) == KG_OK)
            l.line[l.slot[r]] = (uint32_t)index;
    }
    kg_buf_free(&a);
    kg_buf_free(&b);
    if (st == KG_OK)
        st = kg_resolve(c->out);
    if (st == KG_OK)
        st = fold_lines(c, &l);
    pairs_free(&l.pt);
    free(l.slot);
    free(l.line);
    return st;
}

/* ---- Groups ---- */

static int by_size_then_first(const void *p, const void *q)
{
    const group *x = p, *y = q;
    if (x->count != y->count)
        return x->count < y->count ? 1 : -1;
    return (x->entity > y->entity) - (x->entity < y->entity);
}

/* Groups from the sorted members; past MAX_GROUPS, the smallest are
 * drawn as one node (the last group, with no value). */
static int make_groups(collapse *c)
{
    c->groups = kg_calloc(c->n + 2, sizeof *c->groups);
    if (!c->groups)
        return -1;
    for (size_t i = 0; i < c->n;) {
        group *x = &c->groups[c->ngroups++];
        *x = (group){c->m[i].value, i, 0, c->m[i].entity, 0};
        while (i < c->n && (c->m[i].value == x->value ||
                            strcmp(c->m[i].value, x->value) == 0)) {
            if (c->m[i].entity < x->entity)
                x->entity = c->m[i].entity;
            i++;
            x->count++;
        }
    }
    group *ranked = kg_malloc((c->ngroups + 1) * sizeof *ranked);
    if (!ranked)
        return -1;
    memcpy(ranked, c->groups, c->ngroups * sizeof *ranked);
    qsort(ranked, c->ngroups, sizeof *ranked, by_size_then_first);
    size_t rest = c->ngroups; /* the "rest" node's index, when needed */
    uint32_t last_entity = KG_NONE;
    if (c->ngroups > MAX_GROUPS) {
        last_entity = ranked[MAX_GROUPS - 1].entity; /* what ranks past it */
        c->groups[rest] = (group){NULL, 0, 0, KG_NONE, 0};
    }
    for (size_t i = 0; i < c->ngroups; i++) {
        group *x = &c->groups[i];
        int small = 0;
        if (last_entity != KG_NONE) { /* ranked below the MAX_GROUPS-1st? */
            group key = *x;
            small = by_size_then_first(&key, &ranked[MAX_GROUPS - 2]) > 0;
        }
        x->shown = (uint32_t)(small ? rest : i) + 1;
        if (small && x->entity < c->groups[rest].entity)
            c->groups[rest].entity = x->entity;
        for (size_t k = x->first; k < x->first + x->count; k++)
            c->node[c->m[k].entity] = (uint32_t)i + 1;
    }
    if (last_entity != KG_NONE) {
        c->groups[rest].shown = (uint32_t)rest + 1;
        c->ngroups++;
    }
    free(ranked);
    return 0;
}

static kg_status build(collapse *c)
{
    const kg_graph *g = c->g;
    for (uint32_t r = 0; r < kg_nrels(g); r++)
        if (kg_edge_shown(g, r)) {
            c->degree[kg_rel(g, r)->src]++;
            c->degree[kg_rel(g, r)->dst]++;
        }
    for (uint32_t e = 0; e < kg_nents(g); e++) {
        const char *v = !kg_node_shown(g, e) ? NULL
                        : c->values          ? c->values[e]
                                             : kg_ent_group(g, e, c->attr);
        if (v && *v)
            c->m[c->n++] = (member){v, e};
    }
    if (!c->n) /* an overview of groups of one would say nothing; said
                  where the new graph speaks: as g, or held */
        return kg_fail(kg_graph_diag(c->out), KG_ERR_USAGE,
                       "no entity shown has a value of %s%s",
                       kg_q(kg_graph_diag(c->out), c->attr),
                       strcmp(c->attr, "community") == 0
                           ? ": communities are found first "
                             "(kg_find_communities)"
                           : "");
    if (sort_members(c->m, c->n) || make_groups(c))
        return KG_ERR_NOMEM;
    /* nodes in order of their first member, as entities are */
    kg_status st = KG_OK;
    for (uint32_t e = 0; e < kg_nents(g) && st == KG_OK; e++) {
        if (!kg_node_shown(g, e))
            continue;
        if (!c->node[e]) {
            const kg_entity *x = kg_ent(g, e);
            st = kg_add_entity(c->out, kg_ent_id(g, x), x->name,
                               kg_ent_type(g, x));
            continue;
        }
        const group *x = drawn(c, c->node[e] - 1);
        if (x->entity == e)
            st = add_group(c, x);
    }
    if (st == KG_OK)
        st = add_relations(c);
    if (st == KG_OK)
        kg_graph_counts(c->out)->left_out = c->left_out;
    return st;
}

typedef struct holding holding;
static void hold_diag(const kg_diag *d, void *ctx);
static void hold_timing(const kg_timing *t, void *ctx);
static kg_graph *collapse_graph(const kg_graph *g, const char *attr,
                                const char *const *values, holding *said,
                                kg_status *status);

kg_graph *kg_collapse(const kg_graph *g, const char *attr, kg_status *status)
{
    kg_clock c = kg_graph_clock(g);
    kg_graph *out = collapse_graph(g, attr, NULL, NULL, status);
    kg_graph_timed(g, c, "overview", attr);
    return out;
}

/* With `said`, the new graph's callbacks only hold what it says, there:
 * it is made on a thread of its own, and callbacks run on the calling
 * thread, where the caller says it after (say_held).  With `values`,
 * each entity's group is given, not read from g. */
static kg_graph *collapse_graph(const kg_graph *g, const char *attr,
                                const char *const *values, holding *said,
                                kg_status *status)
{
    kg_status st = KG_ERR_USAGE;
    collapse c = {g,    NULL, attr, NULL, 0,   NULL,   0,
                  NULL, NULL, 0,    {0},  {0}, values, NULL};
    kg_buf_init(&c.id);
    kg_buf_init(&c.text);
    if (g && attr && *attr && kg_graph_resolved(g)) {
        c.out = kg_graph_new();
        if (c.out) /* its failures are said where g's are */
            kg_graph_speak_as(c.out, g);
        if (c.out && said) {
            kg_graph_set_diag(c.out, hold_diag, said);
            kg_graph_set_timings(c.out, hold_timing, said);
        }
        if (c.out && kg_graph_dates_from(c.out, g)) {
            kg_graph_free(c.out);
            c.out = NULL;
        }
        c.m = kg_malloc((kg_nents(g) + 1) * sizeof *c.m);
        c.node = kg_calloc(kg_nents(g) + 1, sizeof *c.node);
        c.degree = kg_calloc(kg_nents(g) + 1, sizeof *c.degree);
        st = c.out && c.m && c.node && c.degree ? build(&c) : KG_ERR_NOMEM;
    }
    for (size_t i = 0; c.ids && i < c.ngroups; i++)
        free(c.ids[i]);
    free(c.ids);
    free(c.m);
    free(c.node);
    free(c.degree);
    free(c.groups);
    kg_buf_free(&c.id);
    kg_buf_free(&c.text);
    if (st != KG_OK) {
        kg_graph_free(c.out);
        c.out = NULL;
    }
    if (status)
        *status = st;
    return c.out;
}

/* ---- A report's overview and centralities at once ---- */

/* What an overview made on another thread said (its diagnostics, its
 * phases' timings), held in order to be said after, on the calling
 * thread, as it would have said it speaking as g. */
typedef struct held {
    int timing; /* a timing, else a diagnostic */
    kg_diag d;
    kg_timing t;
    char *text[3]; /* copies: file, message, kind; phase, subject */
} held;

struct holding {
    held *items;
    size_t n, cap;
    int nomem;
};

static held *hold_one(holding *h)
{
    if (h->n == h->cap) {
        size_t cap = h->cap ? 2 * h->cap : 16;
        held *items = kg_realloc(h->items, cap * sizeof *items);
        if (!items) {
            h->nomem = 1;
            return NULL;
        }
        h->items = items;
        h->cap = cap;
    }
    held *x = &h->items[h->n++];
    memset(x, 0, sizeof *x);
    return x;
}

static char *copy_text(holding *h, const char *s)
{
    char *c = s ? kg_strndup(s, strlen(s)) : NULL;
    h->nomem |= s && !c;
    return c;
}

static void hold_diag(const kg_diag *d, void *ctx)
{
    holding *h = ctx;
    held *x = hold_one(h);
    if (!x)
        return;
    x->d = *d;
    x->text[0] = copy_text(h, d->file);
    x->text[1] = copy_text(h, d->message);
    x->text[2] = copy_text(h, d->kind);
}

static void hold_timing(const kg_timing *t, void *ctx)
{
    holding *h = ctx;
    held *x = hold_one(h);
    if (!x)
        return;
    x->timing = 1;
    x->t = *t;
    x->text[0] = copy_text(h, t->phase);
    x->text[1] = copy_text(h, t->subject);
}

/* Says what was held through g's callbacks, in order, and frees it. */
static void say_held(const kg_graph *g, holding *h)
{
    const kg_diagsink *d = kg_graph_diag(g);
    for (size_t i = 0; i < h->n; i++) {
        held *x = &h->items[i];
        if (x->timing && d->timing) {
            x->t.phase = x->text[0] ? x->text[0] : "";
            x->t.subject = x->text[1] ? x->text[1] : "";
            d->timing(&x->t, d->timing_ctx);
        } else if (!x->timing && d->fn) {
            x->d.file = x->text[0];
            x->d.message = x->text[1] ? x->text[1] : "";
            x->d.kind = x->text[2] ? x->text[2] : "";
            d->fn(&x->d, d->ctx);
        }
        for (int k = 0; k < 3; k++)
            free(x->text[k]);
    }
    free(h->items);
    memset(h, 0, sizeof *h);
}

/* One of the two: the centralities (on this thread, with the threads
 * kg_centralities takes: its callbacks run here), or the communities and
 * the overview made from them (on another: nothing there calls back),
 * whose thread then joins the centralities' searches, if they are still
 * running: the spare (the centralities start with one thread fewer, so
 * that the communities, the longer of the two, have a core of their
 * own). */
typedef struct at_once {
    communities *k;
    kg_analyses *a;
    kg_spare *spare;
    int collapse;       /* make the overview there */
    const char **value; /* per entity, its community's number */
    kg_graph *overview;
    kg_status st;
    holding said; /* what the overview said */
} at_once;

static void overview_there(at_once *x)
{
    const kg_graph *g = x->k->g;
    found(x->k);
    if (x->k->failed || !x->collapse)
        return;
    x->value = kg_calloc(kg_nents(g) + 1, sizeof *x->value);
    if (!x->value || named(x->k))
        return;
    for (size_t v = 0; v < x->k->n; v++)
        x->value[x->k->nodes[v]] =
            x->k->names + (size_t)x->k->comm[v] * NAME_SIZE;
    kg_clock c = kg_clock_now();
    x->overview = collapse_graph(g, "community", x->value, &x->said, &x->st);
    kg_timing t = kg_clock_measure(c); /* as kg_collapse says it */
    t.phase = "overview";
    t.subject = "community";
    hold_timing(&t, &x->said);
}

static void one_of_two(void *arg)
{
    at_once *x = arg;
    if (x->k) {
        overview_there(x);
        kg_spare_lend(x->spare);
    } else {
        x->a->c = kg_centralities_spare(x->a->g, &x->a->sampling, x->spare);
        kg_spare_close(x->spare);
    }
}

kg_status kg_report_overview(kg_graph *g, size_t *count, kg_graph **overview,
                             kg_analyses **ahead)
{
    if (ahead)
        *ahead = NULL;
    if (overview)
        *overview = NULL;
    if (!g || !kg_graph_resolved(g) || !ahead || !overview)
        return KG_ERR_USAGE;
    kg_analyses *a = kg_calloc(1, sizeof *a);
    if (!a)
        return KG_ERR_NOMEM;
    kg_clock c = kg_graph_clock(g);
    *a = (kg_analyses){g, kg_nents(g), kg_nrels(g), NULL, {0}};
    communities k = {.g = g};
    int threads = kg_graph_settings(g)->threads != 1;
    kg_spare *spare = threads ? kg_spare_new() : NULL;
    at_once here = {NULL, a, spare, 0, NULL, NULL, KG_OK, {0}};
    at_once there = {&k, NULL, spare, 1, NULL, NULL, KG_OK, {0}};
    /* the overview is made there from the communities found, before
     * they are given to g, as kg_collapse makes it after: unless an
     * entity has a group of that name already */
    for (uint32_t e = 0; e < kg_nents(g) && there.collapse; e++)
        there.collapse =
            !kg_node_shown(g, e) || !kg_ent_group(g, e, "community");
    /* both only read g; the attributes are given after */
    if (!threads) {
        one_of_two(&here);
        one_of_two(&there);
    } else
        kg_parallel(one_of_two, &here, &there);
    kg_spare_free(spare);
    free(there.value);
    say_held(g, &there.said);
    kg_status st = give(g, &k, count);
    communities_free(&k);
    kg_graph_timed(g, c, "communities",
                   there.overview ? "with the overview and centralities"
                                  : "with centralities");
    if (st == KG_OK && there.overview) {
        kg_graph_speak_as(there.overview, g);
        *overview = there.overview;
    } else {
        kg_graph_free(there.overview);
        if (st == KG_OK) /* as kg_collapse would, saying why not */
            *overview = kg_collapse(g, "community", &st);
    }
    if (st == KG_OK && a->c)
        *ahead = a;
    else
        kg_analyses_free(a);
    return st;
}

void kg_analyses_free(kg_analyses *a)
{
    if (a)
        free(a->c);
    free(a);
}
