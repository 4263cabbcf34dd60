/*
 * from_code.c - the public calls that build a graph from code (kgraph.h:
 * kg_add_entity, kg_set_entity_attr, kg_add_alias, kg_add_relation,
 * kg_set_relation_attr): the same store and the same checks as a CSV
 * row's, warned about at "<api>".
 */
#include "graph/from_code.h"
#include "graph/lifetime.h"
#include "graph/lookup.h"
#include "graph/store_int.h"

#include <string.h>

#include "rules/dot.h"
#include "rules/link.h"
#include "rules/presentation.h"
#include "util/utf8.h"

static const kg_loc api_loc = {KG_NONE, 0};

static int valid_text(const char *s)
{
    size_t n = strlen(s);
    return kg_utf8_check((const unsigned char *)s, n) == n;
}

/* Any key is data: one named like a key an output writes itself (label,
 * type, aliases...) is written data_KEY there (rules/data_key.h), as a
 * CSV column or an FtM property of that name is. */
static int valid_key(const char *key)
{
    return *key && valid_text(key) && kg_dot_exact(key, strlen(key));
}

kg_status kg_add_entity(kg_graph *g, const char *id, const char *name,
                        const char *type)
{
    if (!g || !id || !*id || !valid_text(id) || !kg_graph_open(g) ||
        (name && !valid_text(name)) || (type && !valid_text(type)))
        return KG_ERR_USAGE;
    int created;
    uint32_t e = kg_graph_entity(g, id, strlen(id), api_loc, &created);
    if (e == KG_NONE)
        return KG_ERR_NOMEM;
    if (!created && kg_graph_log_merge(g, e, kg_ent_id(g, &g->v.ents[e]),
                                       KG_RULE_ID, KG_MERGED_ROW, api_loc))
        return KG_ERR_NOMEM;
    kg_graph_flag_entity(g, e, KG_ENT_IDENTIFIED);
    if (name && *name && kg_graph_set_name(g, e, name, strlen(name), api_loc))
        return KG_ERR_NOMEM;
    if (type && *type && kg_graph_set_type(g, e, type, strlen(type), api_loc))
        return KG_ERR_NOMEM;
    return KG_OK;
}

static uint32_t entity_by_id(const kg_graph *g, const char *id)
{
    return kg_sym_entity(g, kg_sym_find(g, id));
}

/* `key` interned in g with what checks its values for `kind` (a node's
 * or an edge's), remembered in g->api_keys; NULL when it is no valid key
 * (*nomem: or out of memory).  A caller adding rows sets the same few
 * keys on each: checking, interning and looking each up once a row was
 * a third of an overview's time. */
static const struct kg_api_key *api_key(kg_graph *g, const char *key,
                                        unsigned kind, int *nomem)
{
    *nomem = 0;
    for (size_t i = 0; i < sizeof g->api_keys / sizeof *g->api_keys; i++) {
        const struct kg_api_key *x = &g->api_keys[i];
        if (x->key && x->kind == kind && strcmp(x->key, key) == 0)
            return x;
    }
    if (!valid_key(key))
        return NULL;
    const char *k = kg_intern(g, key, strlen(key));
    if (!k) {
        *nomem = 1;
        return NULL;
    }
    struct kg_api_key *x = &g->api_keys[g->api_keys_next];
    g->api_keys_next = (g->api_keys_next + 1) %
                       (unsigned)(sizeof g->api_keys / sizeof *g->api_keys);
    *x = (struct kg_api_key){k, kg_present_find(k, kind, g->images), kind,
                             kg_link_column(k)};
    return x;
}

/* The same checks as a CSV cell's (ingest.c), warned about at "<api>". */
static void check_api_value(kg_graph *g, const struct kg_api_key *k,
                            const char *value)
{
    if (k->p || k->link)
        kg_graph_check_value(g, api_loc, k->key, k->p, k->link, value);
}

kg_status kg_set_entity_attr(kg_graph *g, const char *id, const char *key,
                             const char *value)
{
    if (!g || !id || !key || !value || !valid_text(value) || !kg_graph_open(g))
        return KG_ERR_USAGE;
    uint32_t e = entity_by_id(g, id);
    if (e == KG_NONE)
        return KG_ERR_USAGE;
    int nomem;
    const struct kg_api_key *k = api_key(g, key, KG_P_NODE, &nomem);
    if (!k)
        return nomem ? KG_ERR_NOMEM : KG_ERR_USAGE;
    check_api_value(g, k, value);
    return kg_graph_entity_attr(g, e, k->key, value, strlen(value), api_loc)
               ? KG_ERR_NOMEM
               : KG_OK;
}

kg_status kg_add_alias(kg_graph *g, const char *id, const char *alias)
{
    if (!g || !id || !alias || !*alias || !valid_text(alias) ||
        !kg_graph_open(g))
        return KG_ERR_USAGE;
    uint32_t e = entity_by_id(g, id);
    if (e == KG_NONE)
        return KG_ERR_USAGE;
    return kg_graph_add_alias(g, e, alias, strlen(alias), api_loc)
               ? KG_ERR_NOMEM
               : KG_OK;
}

kg_status kg_add_relation(kg_graph *g, const char *source, const char *target,
                          const char *type, size_t *index)
{
    if (!g || !source || !*source || !target || !*target || !kg_graph_open(g) ||
        !valid_text(source) || !valid_text(target) ||
        (type && !valid_text(type)))
        return KG_ERR_USAGE;
    uint32_t r = kg_graph_relation(g, source, strlen(source), target,
                                   strlen(target), api_loc);
    if (r == KG_NONE)
        return KG_ERR_NOMEM;
    if (type && *type && kg_graph_relation_type(g, r, type, strlen(type)))
        return KG_ERR_NOMEM;
    kg_graph_ends_wait(g); /* none left in flight for the caller (store.h) */
    if (index)
        *index = r;
    return KG_OK;
}

/* key=value's checks as a relation's, said: *k the key's (KG_OK), or
 * KG_ERR_USAGE (no valid key or value) or KG_ERR_NOMEM. */
static kg_status relation_value(kg_graph *g, const char *key, const char *value,
                                const struct kg_api_key **k)
{
    if (!key || !value || !valid_text(value) || !kg_graph_open(g))
        return KG_ERR_USAGE;
    int nomem;
    *k = api_key(g, key, KG_P_EDGE, &nomem);
    if (!*k)
        return nomem ? KG_ERR_NOMEM : KG_ERR_USAGE;
    check_api_value(g, *k, value);
    return KG_OK;
}

kg_status kg_set_relation_attr(kg_graph *g, size_t index, const char *key,
                               const char *value)
{
    if (!g || index >= g->v.nrels)
        return KG_ERR_USAGE;
    const struct kg_api_key *k;
    kg_status st = relation_value(g, key, value, &k);
    if (st != KG_OK)
        return st;
    return kg_graph_relation_attr(g, (uint32_t)index, k->key, value,
                                  strlen(value), api_loc)
               ? KG_ERR_NOMEM
               : KG_OK;
}

void kg_check_relation_type(kg_graph *g, const char *type)
{
    if (type && *type) /* what kg_graph_relation_type's check says */
        kg_graph_check_text(g, type, strlen(type), api_loc, 0);
}

kg_status kg_check_relation_attr(kg_graph *g, const char *key,
                                 const char *value, int fresh)
{
    const struct kg_api_key *k;
    kg_status st = relation_value(g, key, value, &k);
    if (st == KG_OK && fresh) /* as add_value checks a value it adds */
        kg_graph_check_text(g, value, strlen(value), api_loc, 0);
    return st;
}
