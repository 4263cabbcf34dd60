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

#include "graph.h"

/* ---- A weighted undirected graph ---- */

typedef struct wgraph {
    size_t n;
    size_t *start; /* n + 1: arcs of node v at [start[v], start[v + 1]) */
    uint32_t *to;
    double *w;
    double *self; /* per node: the weight of its loops */
} wgraph;

static void wgraph_free(wgraph *x)
{
    free(x->start);
    free(x->to);
    free(x->w);
    free(x->self);
    memset(x, 0, sizeof *x);
}

typedef struct arc {
    uint32_t a, b;
    double w;
} arc;

static int by_ends(const void *p, const void *q)
{
    const arc *x = p, *y = q;
    if (x->a != y->a)
        return x->a < y->a ? -1 : 1;
    return (x->b > y->b) - (x->b < y->b);
}

/* Builds x from n nodes and m arcs (each pair once either way, or a
 * loop a == b); arcs are sorted and merged here. */
static int wgraph_build(wgraph *x, size_t n, arc *arcs, size_t m)
{
    memset(x, 0, sizeof *x);
    x->n = n;
    x->start = calloc(n + 1, sizeof *x->start);
    x->self = calloc(n + 1, sizeof *x->self);
    x->to = malloc((2 * m + 1) * sizeof *x->to);
    x->w = malloc((2 * m + 1) * sizeof *x->w);
    if (!x->start || !x->self || !x->to || !x->w) {
        wgraph_free(x);
        return -1;
    }
    qsort(arcs, m, sizeof *arcs, by_ends);
    size_t k = 0; /* merge parallel arcs */
    for (size_t i = 0; i < m; i++) {
        if (k && arcs[k - 1].a == arcs[i].a && arcs[k - 1].b == arcs[i].b)
            arcs[k - 1].w += arcs[i].w;
        else
            arcs[k++] = arcs[i];
    }
    for (size_t i = 0; i < k; i++) {
        if (arcs[i].a == arcs[i].b) {
            x->self[arcs[i].a] += arcs[i].w;
            continue;
        }
        x->start[arcs[i].a + 1]++;
        x->start[arcs[i].b + 1]++;
    }
    for (size_t v = 0; v < n; v++)
        x->start[v + 1] += x->start[v];
    size_t *fill = malloc((n + 1) * sizeof *fill);
    if (!fill) {
        wgraph_free(x);
        return -1;
    }
    memcpy(fill, x->start, (n + 1) * sizeof *fill);
    for (size_t i = 0; i < k; i++) { /* in order: each list stays sorted */
        if (arcs[i].a == arcs[i].b)
            continue;
        x->to[fill[arcs[i].a]] = arcs[i].b;
        x->w[fill[arcs[i].a]++] = arcs[i].w;
    }
    for (size_t i = 0; i < k; i++) {
        if (arcs[i].a == arcs[i].b)
            continue;
        x->to[fill[arcs[i].b]] = arcs[i].a;
        x->w[fill[arcs[i].b]++] = arcs[i].w;
    }
    free(fill);
    return 0;
}

/* ---- One level of Louvain ---- */

/* Moves nodes between communities (comm, from singletons) while a move
 * gains modularity.  Returns the number of moves, or -1. */
static long move_nodes(const wgraph *x, uint32_t *comm)
{
    size_t n = x->n;
    double *k = calloc(n + 1, sizeof *k), *tot = calloc(n + 1, sizeof *tot);
    double *in = calloc(n + 1, sizeof *in); /* weight to each community */
    uint32_t *seen = malloc((n + 1) * sizeof *seen);
    if (!k || !tot || !in || !seen) {
        free(k);
        free(tot);
        free(in);
        free(seen);
        return -1;
    }
    double m2 = 0;
    for (size_t v = 0; v < n; v++) {
        comm[v] = (uint32_t)v;
        k[v] = 2 * x->self[v];
        for (size_t a = x->start[v]; a < x->start[v + 1]; a++)
            k[v] += x->w[a];
        tot[v] = k[v];
        m2 += k[v];
    }
    long moves = 0;
    for (int pass = 0; pass < 32 && m2 > 0; pass++) {
        long moved = 0;
        for (size_t v = 0; v < n; v++) {
            uint32_t old = comm[v];
            size_t nseen = 0;
            for (size_t a = x->start[v]; a < x->start[v + 1]; a++) {
                uint32_t c = comm[x->to[a]];
                if (in[c] == 0)
                    seen[nseen++] = c;
                in[c] += x->w[a];
            }
            tot[old] -= k[v];
            uint32_t best = old;
            double gain = in[old] - tot[old] * k[v] / m2;
            for (size_t i = 0; i < nseen; i++) {
                uint32_t c = seen[i];
                double g = in[c] - tot[c] * k[v] / m2;
                if (g > gain + 1e-12) {
                    gain = g;
                    best = c;
                }
            }
            tot[best] += k[v];
            comm[v] = best;
            moved += best != old;
            for (size_t i = 0; i < nseen; i++)
                in[seen[i]] = 0;
            in[old] = 0;
        }
        moves += moved;
        if (!moved)
            break;
    }
    free(k);
    free(tot);
    free(in);
    free(seen);
    return moves;
}

/* Numbers the communities 0..count-1 in order of first member. */
static size_t renumber(uint32_t *comm, size_t n)
{
    uint32_t *id = malloc((n + 1) * sizeof *id);
    if (!id)
        return 0;
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
    arc *arcs = malloc((m + 1) * sizeof *arcs);
    if (!arcs)
        return -1;
    size_t k = 0;
    for (size_t v = 0; v < x->n; v++) {
        if (x->self[v] > 0)
            arcs[k++] = (arc){comm[v], comm[v], x->self[v]};
        for (size_t a = x->start[v]; a < x->start[v + 1]; a++) {
            uint32_t u = x->to[a];
            if (u < v) /* each pair once */
                continue;
            uint32_t p = comm[v], q = comm[u];
            arcs[k++] = (arc){p < q ? p : q, p < q ? q : p, x->w[a]};
        }
    }
    int rc = wgraph_build(out, count, arcs, k);
    free(arcs);
    return rc;
}

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

/* comm[i] for each shown node (index in `nodes`), 0 the largest. */
static int louvain(wgraph *x, uint32_t *final, size_t *ncomm)
{
    size_t n = x->n;
    for (size_t v = 0; v < n; v++)
        final[v] = (uint32_t)v;
    uint32_t *comm = malloc((n + 1) * sizeof *comm);
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
            wgraph_free(&cur);
        cur = next;
        owned = 1;
    }
    if (owned)
        wgraph_free(&cur);
    free(comm);
    *ncomm = renumber(final, n);
    return rc;
}

kg_status kg_find_communities(kg_graph *g, size_t *count)
{
    if (!g || !g->resolved)
        return KG_ERR_USAGE;
    uint32_t *index = malloc((g->nents + 1) * sizeof *index);
    uint32_t *nodes = malloc((g->nents + 1) * sizeof *nodes);
    arc *arcs = malloc((g->nrels + 1) * sizeof *arcs);
    uint32_t *comm = NULL, *rank = NULL;
    sized *order = NULL;
    wgraph x = {0};
    kg_status st = KG_ERR_NOMEM;
    size_t n = 0, m = 0, ncomm = 0;
    if (!index || !nodes || !arcs)
        goto done;
    for (uint32_t i = 0; i < g->nents; i++) {
        index[i] = kg_node_shown(g, i) ? (uint32_t)n : KG_NONE;
        if (index[i] != KG_NONE)
            nodes[n++] = i;
    }
    for (uint32_t r = 0; r < g->nrels; r++) {
        if (!kg_edge_shown(g, r))
            continue;
        uint32_t a = index[g->rels[r].src], b = index[g->rels[r].dst];
        arcs[m++] = (arc){a < b ? a : b, a < b ? b : a, 1};
    }
    comm = malloc((n + 1) * sizeof *comm);
    if (!comm || wgraph_build(&x, n, arcs, m) || louvain(&x, comm, &ncomm))
        goto done;
    order = calloc(ncomm + 1, sizeof *order);
    if (!order)
        goto done;
    for (size_t c = 0; c < ncomm; c++)
        order[c] = (sized){(uint32_t)c, KG_NONE, 0};
    for (size_t v = 0; v < n; v++) {
        sized *s = &order[comm[v]];
        s->size++;
        if (s->first == KG_NONE)
            s->first = (uint32_t)v;
    }
    qsort(order, ncomm, sizeof *order, by_size);
    rank = malloc((ncomm + 1) * sizeof *rank);
    if (!rank)
        goto done;
    for (size_t c = 0; c < ncomm; c++)
        rank[order[c].comm] = (uint32_t)c + 1;
    const char *key = kg_intern(g, "community", 9);
    st = key ? KG_OK : KG_ERR_NOMEM;
    for (size_t v = 0; v < n && st == KG_OK; v++) {
        char num[24];
        int len = snprintf(num, sizeof num, "%u", rank[comm[v]]);
        if (kg_graph_entity_attr(g, nodes[v], key, num, (size_t)len,
                                 (kg_loc){KG_NONE, 0}))
            st = KG_ERR_NOMEM;
    }
    if (count)
        *count = ncomm;
done:
    wgraph_free(&x);
    free(index);
    free(nodes);
    free(arcs);
    free(comm);
    free(rank);
    free(order);
    return st;
}

/* ---- One node per group ---- */

typedef struct member {
    const char *value; /* the group, or NULL: the entity stands alone */
    uint32_t entity;
} member;

static int by_value_then_entity(const void *p, const void *q)
{
    const member *x = p, *y = q;
    int c = strcmp(x->value, y->value);
    return c ? c : (x->entity > y->entity) - (x->entity < y->entity);
}

/* Entity e's group under `attr` ("type": its type), or NULL. */
static const char *group_of(const kg_graph *g, uint32_t e, const char *attr)
{
    const kg_entity *x = &g->ents[e];
    if (strcmp(attr, "type") == 0)
        return kg_ent_type(g, x);
    const char *v = kg_attr_get(g, x->attrs, attr);
    return v ? v : kg_attr_find_ci(g, x->attrs, attr);
}

static const char *display(const kg_graph *g, uint32_t e)
{
    return g->ents[e].name ? g->ents[e].name : g->ents[e].id;
}

typedef struct collapse {
    const kg_graph *g;
    kg_graph *out;
    const char *attr;
    member *m; /* shown entities with a group, sorted by group */
    size_t n;
    uint32_t *head;   /* per entity: index + 1 in m of its group's first */
    uint32_t *degree; /* per entity: its shown relations */
    kg_buf id, text;
} collapse;

/* "country=Morocco": the id of the node of group m[first]. */
static int group_id(collapse *c, size_t first)
{
    kg_buf_clear(&c->id);
    return kg_buf_puts(&c->id, c->attr) || kg_buf_putc(&c->id, '=') ||
           kg_buf_puts(&c->id, c->m[first].value);
}

/* The node of one group: its value and count as its name, its members
 * in a column (and the tooltip), text sized by its count. */
static kg_status add_group(collapse *c, size_t first, size_t count)
{
    const char *value = c->m[first].value;
    char num[64];
    kg_buf *t = &c->text;
    kg_buf_clear(t);
    int rc = group_id(c, first);
    if (strcmp(c->attr, "community") == 0) { /* a number says nothing: */
        size_t best = first;                 /* its best connected one */
        for (size_t i = first; i < first + count; i++)
            if (c->degree[c->m[i].entity] > c->degree[c->m[best].entity])
                best = i;
        snprintf(num, sizeof num, " and %zu more (%s)", count - 1, value);
        rc = rc || kg_buf_puts(t, display(c->g, c->m[best].entity)) ||
             kg_buf_puts(t, count > 1 ? num : "");
    } else {
        snprintf(num, sizeof num, " (%zu)", count);
        rc = rc || kg_buf_puts(t, value) || kg_buf_puts(t, num);
    }
    if (rc)
        return KG_ERR_NOMEM;
    const char *type = strcmp(c->attr, "type") == 0 ? value : c->attr;
    kg_status st = kg_add_entity(c->out, c->id.data, t->data, type);
    kg_buf_clear(t);
    snprintf(num, sizeof num, "%zu entities: ", count);
    rc = kg_buf_puts(t, num);
    for (size_t i = first; i < first + count && !rc; i++)
        rc = (i > first && kg_buf_puts(t, "; ")) ||
             kg_buf_puts(t, display(c->g, c->m[i].entity));
    if (st == KG_OK && rc)
        st = KG_ERR_NOMEM;
    if (st == KG_OK)
        st = kg_set_entity_attr(c->out, c->id.data, "description", t->data);
    snprintf(num, sizeof num, "%.0f", fmin(24, 11 + 2 * log2((double)count)));
    if (st == KG_OK)
        st = kg_set_entity_attr(c->out, c->id.data, "fontsize", num);
    snprintf(num, sizeof num, "%zu", count);
    if (st == KG_OK)
        st = kg_set_entity_attr(c->out, c->id.data, "member_count", num);
    return st;
}

/* The node a relation end becomes: its group's, or its own id. */
static const char *end_id(collapse *c, uint32_t e, kg_buf *into)
{
    kg_buf_clear(into);
    if (!c->head[e])
        return c->g->ents[e].id;
    size_t first = c->head[e] - 1;
    if (kg_buf_puts(into, c->attr) || kg_buf_putc(into, '=') ||
        kg_buf_puts(into, c->m[first].value))
        return NULL;
    return into->data;
}

static kg_status add_relations(collapse *c)
{
    const kg_graph *g = c->g;
    kg_buf a, b;
    kg_buf_init(&a);
    kg_buf_init(&b);
    kg_status st = KG_OK;
    for (uint32_t r = 0; r < g->nrels && st == KG_OK; r++) {
        if (!kg_edge_shown(g, r))
            continue;
        const kg_relation *x = &g->rels[r];
        const char *s = end_id(c, x->src, &a), *t = end_id(c, x->dst, &b);
        if (!s || !t) {
            st = KG_ERR_NOMEM;
            break;
        }
        if (c->head[x->src] && c->head[x->src] == c->head[x->dst])
            continue; /* within a group: its count says so */
        size_t index;
        st = kg_add_relation(c->out, s, t, kg_rel_type(g, x), &index);
        kg_attr_it it;
        for (kg_attr_begin(g, kg_rel_attrs(g, x), &it);
             st == KG_OK && kg_attr_step(g, &it);)
            st = kg_set_relation_attr(c->out, index, it.key, it.value);
    }
    kg_buf_free(&a);
    kg_buf_free(&b);
    return st;
}

static kg_status build(collapse *c)
{
    const kg_graph *g = c->g;
    for (uint32_t r = 0; r < g->nrels; r++)
        if (kg_edge_shown(g, r)) {
            c->degree[g->rels[r].src]++;
            c->degree[g->rels[r].dst]++;
        }
    for (uint32_t e = 0; e < g->nents; e++) {
        const char *v = kg_node_shown(g, e) ? group_of(g, e, c->attr) : NULL;
        if (v && *v)
            c->m[c->n++] = (member){v, e};
    }
    qsort(c->m, c->n, sizeof *c->m, by_value_then_entity);
    /* groups in order of their first member, as entities are */
    for (size_t i = 0; i < c->n;) {
        size_t j = i;
        while (j < c->n && strcmp(c->m[j].value, c->m[i].value) == 0)
            c->head[c->m[j++].entity] = (uint32_t)i + 1;
        i = j;
    }
    kg_status st = KG_OK;
    for (uint32_t e = 0; e < g->nents && st == KG_OK; e++) {
        if (!kg_node_shown(g, e))
            continue;
        if (!c->head[e]) {
            const kg_entity *x = &g->ents[e];
            st = kg_add_entity(c->out, x->id, x->name, kg_ent_type(g, x));
            continue;
        }
        size_t first = c->head[e] - 1;
        if (c->m[first].entity != e)
            continue; /* not the group's first member */
        size_t count = 0;
        while (first + count < c->n &&
               c->head[c->m[first + count].entity] == first + 1)
            count++;
        st = add_group(c, first, count);
    }
    if (st == KG_OK)
        st = add_relations(c);
    if (st == KG_OK)
        st = kg_resolve(c->out);
    if (st == KG_OK)
        st = kg_merge_edges(c->out);
    return st;
}

kg_graph *kg_collapse(const kg_graph *g, const char *attr, kg_status *status)
{
    kg_status st = KG_ERR_USAGE;
    collapse c = {g, NULL, attr, NULL, 0, NULL, NULL, {0}, {0}};
    kg_buf_init(&c.id);
    kg_buf_init(&c.text);
    if (g && attr && *attr && g->resolved) {
        c.out = kg_graph_new();
        c.m = malloc((g->nents + 1) * sizeof *c.m);
        c.head = calloc(g->nents + 1, sizeof *c.head);
        c.degree = calloc(g->nents + 1, sizeof *c.degree);
        st = c.out && c.m && c.head && c.degree ? build(&c) : KG_ERR_NOMEM;
    }
    free(c.m);
    free(c.head);
    free(c.degree);
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
