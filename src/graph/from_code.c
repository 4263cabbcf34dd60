/*
 * from_code.c - the public calls that build a graph from code (kgraph.h:
 * kg_add_entity, kg_set_entity_attr, kg_add_alias, kg_add_relation,
 * kg_set_relation_attr): the same store and the same checks as a CSV
 * row's, warned about at "<api>".
 */
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

/* The same checks as a CSV cell's (ingest.c), warned about at "<api>". */
static void check_api_value(kg_graph *g, const char *key, unsigned kind,
                            const char *value)
{
    const kg_present *p = kg_present_find(key, kind, g->images);
    int link = kg_link_column(key);
    if (p || link)
        kg_graph_check_value(g, api_loc, key, p, link, value);
}

kg_status kg_set_entity_attr(kg_graph *g, const char *id, const char *key,
                             const char *value)
{
    if (!g || !id || !key || !value || !valid_key(key) || !valid_text(value) ||
        !kg_graph_open(g))
        return KG_ERR_USAGE;
    uint32_t e = entity_by_id(g, id);
    if (e == KG_NONE)
        return KG_ERR_USAGE;
    const char *k = kg_intern(g, key, strlen(key));
    if (!k)
        return KG_ERR_NOMEM;
    check_api_value(g, key, KG_P_NODE, value);
    return kg_graph_entity_attr(g, e, k, value, strlen(value), api_loc)
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
    if (index)
        *index = r;
    return KG_OK;
}

kg_status kg_set_relation_attr(kg_graph *g, size_t index, const char *key,
                               const char *value)
{
    if (!g || index >= g->v.nrels || !key || !value || !valid_key(key) ||
        !valid_text(value) || !kg_graph_open(g))
        return KG_ERR_USAGE;
    const char *k = kg_intern(g, key, strlen(key));
    if (!k)
        return KG_ERR_NOMEM;
    check_api_value(g, key, KG_P_EDGE, value);
    return kg_graph_relation_attr(g, (uint32_t)index, k, value, strlen(value),
                                  api_loc)
               ? KG_ERR_NOMEM
               : KG_OK;
}
