/*
 * cursor.c - reading the graph from outside: cursors over the shown
 * entities, relations, their attributes and aliases (kgraph.h, "Reading
 * the graph").
 *
 * A cursor's three numbers: for entities and relations, pos[0] is the
 * next index to look at.  For attributes, pos[0] is the next column,
 * pos[1] the byte offset of its cell in the row's block, pos[2] the next
 * added item (index + 1; 0 once the cells are done and there are none).
 */
#include "graph/store_int.h"
#include "graph/view.h"

int kg_next_entity(const kg_graph *g, kg_cursor *c, kg_entity_info *e)
{
    if (!g || !c || !e)
        return 0;
    size_t i = c->pos[0];
    while (i < g->v.nents && !kg_node_shown(g, (uint32_t)i))
        i++;
    if (i >= g->v.nents)
        return 0;
    c->pos[0] = i + 1;
    const kg_entity *x = &g->v.ents[i];
    kg_loc loc = kg_ent_loc(g, x);
    *e = (kg_entity_info){i,
                          kg_ent_id(g, x),
                          x->name,
                          kg_ent_type(g, x),
                          kg_loc_file(g, loc),
                          loc.line};
    return 1;
}

int kg_next_relation(const kg_graph *g, kg_cursor *c, kg_relation_info *r)
{
    if (!g || !c || !r || !g->resolved)
        return 0;
    size_t i = c->pos[0];
    while (i < g->v.nrels && !kg_edge_shown(g, (uint32_t)i))
        i++;
    if (i >= g->v.nrels)
        return 0;
    c->pos[0] = i + 1;
    const kg_relation *x = &g->v.rels[i];
    kg_loc loc = kg_rel_loc(g, x);
    *r = (kg_relation_info){i,
                            kg_ent_id(g, &g->v.ents[x->src]),
                            kg_ent_id(g, &g->v.ents[x->dst]),
                            kg_rel_type(g, x),
                            kg_rel_label(g, x),
                            !kg_rel_undirected(g, (uint32_t)i),
                            kg_loc_file(g, loc),
                            loc.line};
    return 1;
}

/* The next value of list l after cursor c (see the top of the file). */
static int next_in_list(const kg_graph *g, kg_list l, kg_cursor *c,
                        const char **key, const char **value)
{
    const kg_colset *cols = l.cells ? &g->v.colsets[l.cols] : NULL;
    if (c->pos[0] == 0 && c->pos[1] == 0 && c->pos[2] == 0)
        c->pos[2] = (size_t)l.head + 1; /* + 1: "not started" is 0 */
    while (cols && c->pos[0] < cols->n) {
        const char *v = l.cells + c->pos[1];
        size_t n = strlen(v);
        size_t col = c->pos[0]++;
        c->pos[1] += n + 1;
        if (n) {
            *key = cols->keys[col];
            *value = v;
            return 1;
        }
    }
    if (c->pos[2] <= 1)
        return 0;
    const kg_attr *a = &g->v.attrs[c->pos[2] - 2];
    c->pos[2] = (size_t)a->next + 1;
    *key = a->key;
    *value = a->value;
    return 1;
}

int kg_next_entity_attr(const kg_graph *g, size_t index, kg_cursor *c,
                        const char **key, const char **value)
{
    if (!g || !c || !key || !value || index >= g->v.nents)
        return 0;
    return next_in_list(g, kg_ent_attrs(g, &g->v.ents[index]), c, key, value);
}

int kg_next_relation_attr(const kg_graph *g, size_t index, kg_cursor *c,
                          const char **key, const char **value)
{
    if (!g || !c || !key || !value || index >= g->v.nrels)
        return 0;
    return next_in_list(g, kg_rel_attrs(g, &g->v.rels[index]), c, key, value);
}

int kg_next_alias(const kg_graph *g, size_t index, kg_cursor *c,
                  const char **alias)
{
    const char *key;
    if (!g || !c || !alias || index >= g->v.nents)
        return 0;
    kg_list l = {NULL, 0, g->v.ents[index].aliases};
    return next_in_list(g, l, c, &key, alias);
}
