/*
 * diff_graph.c - a diff's picture (kg_diff_graph): the newer graph with
 * the removed elements as ghosts, each element marked added, removed or
 * changed; with changed_only, the changes, their neighbours and the
 * relations that touch a changed entity.
 * Split from diff.c, which matches the versions and writes the list.
 */
#include <stdlib.h>
#include <string.h>

#include "analysis/diff_int.h"
#include "graph/dates.h"
#include "graph/lifetime.h"
#include "graph/lookup.h"
#include "graph/store.h"
#include "graph/view.h"
#include "util/alloc.h"

/* Per element of a side, its change (KG_CHANGE_*). */
static unsigned char *changes_of(const list *l, size_t n, int newer)
{
    unsigned char *c = kg_calloc(n + 1, 1);
    for (size_t i = 0; c && i < l->n; i++) {
        const item *x = &l->v[i];
        uint32_t at = newer ? x->b : x->a;
        if (at == KG_NONE)
            continue;
        c[at] = x->kind == ADDED     ? KG_CHANGE_ADDED
                : x->kind == REMOVED ? KG_CHANGE_REMOVED
                                     : KG_CHANGE_CHANGED;
    }
    return c;
}

/* What --changed-only keeps: the marked elements, their neighbours and
 * the relations that touch a marked entity.  keep_b/keep_a per entity of
 * each side, 1 when drawn. */
static int neighbourhood(const kg_diff *d, const unsigned char *eb,
                         const unsigned char *rb, const unsigned char *ea,
                         const unsigned char *ra, unsigned char *keep_b,
                         unsigned char *keep_a)
{
    const kg_graph *g[2] = {d->b, d->a};
    const unsigned char *ec[2] = {eb, ea}, *rc[2] = {rb, ra};
    unsigned char *keep[2] = {keep_b, keep_a};
    for (int s = 0; s < 2; s++) {
        for (uint32_t e = 0; e < kg_nents(g[s]); e++)
            keep[s][e] = ec[s][e] != KG_CHANGE_NONE;
        for (uint32_t r = 0; r < kg_nrels(g[s]); r++) {
            if (!kg_edge_shown(g[s], r))
                continue;
            const kg_relation *x = kg_rel(g[s], r);
            if (rc[s][r] || ec[s][x->src] || ec[s][x->dst])
                keep[s][x->src] = keep[s][x->dst] = 1;
        }
    }
    return 0;
}

/* Copies entity e of g into out under `id`. */
static kg_status copy_entity(kg_graph *out, const kg_graph *g, uint32_t e,
                             const char *id)
{
    const kg_entity *x = kg_ent(g, e);
    kg_status st = kg_add_entity(out, id, x->name ? x->name : kg_ent_id(g, x),
                                 kg_ent_type(g, x));
    for (const kg_attr *a = kg_attr_at(g, x->aliases); st == KG_OK && a;
         a = kg_attr_next(g, a))
        st = kg_add_alias(out, id, a->value);
    kg_attr_it it;
    for (kg_attr_begin(g, kg_ent_attrs(g, x), &it);
         st == KG_OK && kg_attr_step(&it);)
        st = kg_set_entity_attr(out, id, it.key, it.value);
    return st == KG_ERR_USAGE ? KG_OK : st; /* a value code may not set */
}

static kg_status copy_relation(kg_graph *out, const kg_graph *g, uint32_t r,
                               const char *src, const char *dst)
{
    const kg_relation *x = kg_rel(g, r);
    size_t at;
    kg_status st = kg_add_relation(out, src, dst, kg_rel_type(g, x), &at);
    kg_attr_it it;
    for (kg_attr_begin(g, kg_rel_attrs(g, x), &it);
         st == KG_OK && kg_attr_step(&it);) {
        kg_status s = kg_set_relation_attr(out, at, it.key, it.value);
        st = s == KG_ERR_USAGE ? KG_OK : s;
    }
    return st;
}

/* The id a removed entity is drawn under: its own, unless the newer graph
 * has an entity with that id. */
static const char *ghost_id(const kg_diff *d, uint32_t o, kg_buf *buf)
{
    const char *id = kg_ent_id(d->a, kg_ent(d->a, o));
    if (kg_sym_entity(d->b, kg_sym_find(d->b, id)) == KG_NONE)
        return id;
    kg_buf_clear(buf);
    return kg_buf_puts(buf, id) || kg_buf_puts(buf, " (removed)") ? NULL
                                                                  : buf->data;
}

static kg_graph *diff_graph(const kg_diff *d, int changed_only,
                            kg_status *status);

kg_graph *kg_diff_graph(const kg_diff *d, int changed_only, kg_status *status)
{
    kg_clock c = kg_graph_clock(d ? d->b : NULL);
    kg_graph *out = diff_graph(d, changed_only, status);
    kg_graph_timed(d ? d->b : NULL, c, "diff graph", NULL);
    return out;
}

static kg_graph *diff_graph(const kg_diff *d, int changed_only,
                            kg_status *status)
{
    kg_status ignored = KG_OK;
    kg_status *st = status ? status : &ignored;
    if (!d) {
        *st = KG_ERR_USAGE;
        return NULL;
    }
    const kg_graph *a = d->a, *b = d->b;
    unsigned char *eb = changes_of(&d->ents, kg_nents(b), 1);
    unsigned char *ea = changes_of(&d->ents, kg_nents(a), 0);
    unsigned char *rb = changes_of(&d->rels, kg_nrels(b), 1);
    unsigned char *ra = changes_of(&d->rels, kg_nrels(a), 0);
    unsigned char *kb = kg_malloc(kg_nents(b) + 1),
                  *ka = kg_malloc(kg_nents(a) + 1);
    const char **names = kg_calloc(kg_nents(a) + 1, sizeof *names); /* ghosts */
    uint32_t *to_b = kg_malloc((kg_nents(a) + 1) * sizeof *to_b);
    kg_graph *out = kg_graph_new();
    kg_buf ghost;
    kg_buf_init(&ghost);
    *st = eb && ea && rb && ra && kb && ka && names && to_b && out
              ? KG_OK
              : KG_ERR_NOMEM;
    if (*st == KG_OK) {
        kg_graph_set_diag(out, kg_graph_diag(b)->fn, kg_graph_diag(b)->ctx);
        if (kg_graph_dates_from(out, b) || kg_graph_dates_from(out, a))
            *st = KG_ERR_NOMEM;
        memset(kb, 1, kg_nents(b) + 1);
        memset(ka, 1, kg_nents(a) + 1);
        if (changed_only)
            neighbourhood(d, eb, rb, ea, ra, kb, ka);
        for (uint32_t o = 0; o < kg_nents(a); o++)
            to_b[o] = KG_NONE;
        for (size_t i = 0; i < d->ents.n; i++) /* matched pairs */
            if (d->ents.v[i].kind == CHANGED)
                to_b[d->ents.v[i].a] = d->ents.v[i].b;
    }
    /* the matched pairs that did not change: by id lookup, as matched */
    for (uint32_t e = 0; *st == KG_OK && e < kg_nents(b); e++) {
        if (!kg_node_shown(b, e) || eb[e] == KG_CHANGE_ADDED)
            continue;
        const char *id = kg_lookup(a, kg_ent_id(b, kg_ent(b, e)));
        uint32_t o = id ? kg_sym_entity(a, kg_sym_find(a, id)) : KG_NONE;
        if (o != KG_NONE && to_b[o] == KG_NONE && ea[o] != KG_CHANGE_REMOVED)
            to_b[o] = e;
    }
    for (uint32_t e = 0; *st == KG_OK && e < kg_nents(b); e++)
        if (kg_node_shown(b, e) && kb[e])
            *st = copy_entity(out, b, e, kg_ent_id(b, kg_ent(b, e)));
    for (uint32_t o = 0; *st == KG_OK && o < kg_nents(a); o++) {
        if (!kg_node_shown(a, o) || ea[o] != KG_CHANGE_REMOVED || !ka[o])
            continue;
        const char *id = ghost_id(d, o, &ghost);
        names[o] = id ? kg_intern(out, id, strlen(id)) : NULL;
        *st = names[o] ? copy_entity(out, a, o, names[o]) : KG_ERR_NOMEM;
    }
    /* which relations of `out` are which: b's in order, then a's removed */
    uint32_t *rel_change =
        kg_calloc(kg_nrels(b) + kg_nrels(a) + 1, sizeof *rel_change);
    size_t k = 0;
    *st = *st == KG_OK && !rel_change ? KG_ERR_NOMEM : *st;
    for (uint32_t r = 0; *st == KG_OK && r < kg_nrels(b); r++) {
        const kg_relation *x = kg_rel(b, r);
        if (!kg_edge_shown(b, r) || !kb[x->src] || !kb[x->dst] ||
            (changed_only && !rb[r] && !eb[x->src] && !eb[x->dst]))
            continue;
        *st = copy_relation(out, b, r, kg_ent_id(b, kg_ent(b, x->src)),
                            kg_ent_id(b, kg_ent(b, x->dst)));
        rel_change[k++] = rb[r];
    }
    for (uint32_t r = 0; *st == KG_OK && r < kg_nrels(a); r++) {
        const kg_relation *x = kg_rel(a, r);
        if (!kg_edge_shown(a, r) || ra[r] != KG_CHANGE_REMOVED)
            continue;
        const char *s = to_b[x->src] != KG_NONE
                            ? kg_ent_id(b, kg_ent(b, to_b[x->src]))
                            : names[x->src];
        const char *t = to_b[x->dst] != KG_NONE
                            ? kg_ent_id(b, kg_ent(b, to_b[x->dst]))
                            : names[x->dst];
        if (!s || !t)
            continue; /* an end not drawn (--changed-only) */
        *st = copy_relation(out, a, r, s, t);
        rel_change[k++] = KG_CHANGE_REMOVED;
    }
    if (*st == KG_OK)
        *st = kg_resolve(out);
    if (*st == KG_OK && kg_graph_begin_changes(out))
        *st = KG_ERR_NOMEM;
    for (uint32_t e = 0; *st == KG_OK && e < kg_nents(b); e++) {
        if (!kg_node_shown(b, e) || !kb[e] || !eb[e])
            continue;
        uint32_t y =
            kg_sym_entity(out, kg_sym_find(out, kg_ent_id(b, kg_ent(b, e))));
        if (y != KG_NONE)
            kg_graph_set_node_change(out, kg_graph_root(out, y), eb[e]);
    }
    for (uint32_t o = 0; *st == KG_OK && o < kg_nents(a); o++) {
        if (!names[o])
            continue;
        uint32_t y = kg_sym_entity(out, kg_sym_find(out, names[o]));
        if (y != KG_NONE)
            kg_graph_set_node_change(out, kg_graph_root(out, y),
                                     KG_CHANGE_REMOVED);
    }
    for (size_t r = 0; *st == KG_OK && r < k && r < kg_nrels(out); r++)
        kg_graph_set_edge_change(out, (uint32_t)r, (int)rel_change[r]);
    free(rel_change);
    free(eb);
    free(ea);
    free(rb);
    free(ra);
    free(kb);
    free(ka);
    free(names);
    free(to_b);
    kg_buf_free(&ghost);
    if (*st != KG_OK) {
        kg_graph_free(out);
        return NULL;
    }
    return out;
}
