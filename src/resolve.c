/*
 * resolve.c - linking relation ends to entities.
 *
 * Rules, in order: an end that is an entity id is that entity; otherwise a
 * name or alias that exactly one entity has; otherwise a new node of type
 * "unknown", with a warning.  A name that two entities share is never
 * guessed.
 */
#include <string.h>

#include "graph.h"

/* Records that entity e is called `name`. */
static void claim(kg_graph *g, const char *name, uint32_t e)
{
    uint32_t y = kg_sym_find(g, name);
    kg_sym *s = &g->syms.syms[y]; /* interned when the entity was built */
    if (s->named == KG_NONE) {
        s->named = e;
    } else if (s->named != e && s->named != KG_AMBIGUOUS) {
        s->named1 = s->named;
        s->named2 = e;
        s->named = KG_AMBIGUOUS;
    }
}

static int index_names(kg_graph *g)
{
    for (size_t i = 0; i < g->nents; i++) {
        const kg_entity *e = &g->ents[i];
        if (e->name) {
            /* names are not interned when stored; intern them now */
            if (kg_sym_intern(g, e->name, strlen(e->name)) == KG_NONE)
                return -1;
            claim(g, e->name, (uint32_t)i);
        }
        for (const kg_attr *a = kg_attr_at(g, e->aliases.head); a;
             a = kg_attr_next(g, a))
            claim(g, a->value, (uint32_t)i);
    }
    return 0;
}

static void warn_ambiguous(kg_graph *g, const kg_relation *r, const char *ref,
                           const kg_sym *s)
{
    const kg_entity *a = &g->ents[s->named1], *b = &g->ents[s->named2];
    kg_report(&g->diag, KG_WARNING, kg_loc_file(g, r->loc), r->loc.line, 0,
              "%s could be %s (%s:%lu) or %s (%s:%lu); not guessed: it "
              "becomes a node of type 'unknown'",
              kg_q(&g->diag, ref), kg_q(&g->diag, a->id),
              kg_loc_file(g, a->loc), (unsigned long)a->loc.line,
              kg_q(&g->diag, b->id), kg_loc_file(g, b->loc),
              (unsigned long)b->loc.line);
}

/* The entity for one relation end; KG_NONE when out of memory. */
static uint32_t resolve_end(kg_graph *g, const kg_relation *r, const char *ref)
{
    uint32_t y = kg_sym_find(g, ref);
    const kg_sym *s = &g->syms.syms[y];
    if (s->entity != KG_NONE)
        return s->entity;
    if (s->named != KG_NONE && s->named != KG_AMBIGUOUS)
        return s->named;
    if (s->named == KG_AMBIGUOUS)
        warn_ambiguous(g, r, ref, s);
    else
        kg_report(&g->diag, KG_WARNING, kg_loc_file(g, r->loc), r->loc.line, 0,
                  "%s names no entity; it becomes a node of type 'unknown'",
                  kg_q(&g->diag, ref));
    int created;
    uint32_t e = kg_graph_entity(g, ref, strlen(ref), r->loc, &created);
    if (e == KG_NONE)
        return KG_NONE;
    g->ents[e].unknown = 1;
    g->stats.unknown++;
    const char *unknown = "unknown";
    if (kg_graph_set_type(g, e, unknown, strlen(unknown), r->loc))
        return KG_NONE;
    return e;
}

kg_status kg_resolve(kg_graph *g)
{
    if (!g || g->resolved)
        return KG_ERR_USAGE;
    g->resolved = 1;
    if (index_names(g))
        return KG_ERR_NOMEM;
    for (size_t i = 0; i < g->nrels; i++) {
        kg_relation *r = &g->rels[i];
        r->src = resolve_end(g, r, r->src_ref);
        if (r->src == KG_NONE)
            return KG_ERR_NOMEM;
        r->dst = resolve_end(g, r, r->dst_ref);
        if (r->dst == KG_NONE)
            return KG_ERR_NOMEM;
    }
    return KG_OK;
}

const char *kg_lookup(const kg_graph *g, const char *name)
{
    if (!g || !name || !g->resolved)
        return NULL;
    uint32_t y = kg_sym_find(g, name);
    if (y == KG_NONE)
        return NULL;
    const kg_sym *s = &g->syms.syms[y];
    if (s->entity != KG_NONE)
        return g->ents[s->entity].id;
    if (s->named != KG_NONE && s->named != KG_AMBIGUOUS)
        return g->ents[s->named].id;
    return NULL;
}
