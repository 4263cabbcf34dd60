/*
 * view.c - what of a graph is shown: nodes and edges hidden by filters,
 * focus and path marks, the marks of a graph of changes, and the record
 * of what each filter step removed (graph.h).  Filters decide; this is
 * where their decisions are kept, so that the writer, the key and the
 * statistics all see the same graph.
 */
#include "graph/store_int.h"

#include "graph/view.h"

#include <stdlib.h>

int kg_graph_prepare_marks(kg_graph *g)
{
    size_t n = g->v.nents + 1, m = g->v.nrels + 1;
    if (!g->v.node_off)
        g->v.node_off = kg_calloc(n, 1);
    if (!g->v.edge_off)
        g->v.edge_off = kg_calloc(m, 1);
    if (!g->v.node_mark)
        g->v.node_mark = kg_calloc(n, 1);
    if (!g->v.edge_mark)
        g->v.edge_mark = kg_calloc(m, 1);
    return g->v.node_off && g->v.edge_off && g->v.node_mark && g->v.edge_mark
               ? 0
               : -1;
}

void kg_hide_node(kg_graph *g, uint32_t e)
{
    g->v.node_off[e] = 1;
}

void kg_set_edge_hidden(kg_graph *g, uint32_t r, int hidden)
{
    g->v.edge_off[r] = hidden != 0;
}

void kg_mark_node(kg_graph *g, uint32_t e)
{
    g->v.node_mark[e] = 1;
}

void kg_mark_edge(kg_graph *g, uint32_t r)
{
    g->v.edge_mark[r] = 1;
}

void kg_graph_sync_edges(kg_graph *g)
{
    g->v.edges_synced = 0;
    if (!g->v.edge_off)
        return;
    for (uint32_t i = 0; i < g->v.nrels; i++)
        g->v.edge_off[i] = !kg_edge_shown(g, i);
    g->v.edges_synced = 1;
}

void kg_graph_unsync_edges(kg_graph *g)
{
    g->v.edges_synced = 0;
}

void kg_graph_add_step(kg_graph *g, const char *filter, unsigned long nodes,
                       unsigned long edges)
{
    if (g->nsteps < sizeof g->steps / sizeof *g->steps)
        g->steps[g->nsteps++] = (struct kg_filter_rec){filter, nodes, edges};
}

int kg_graph_step(const kg_graph *g, size_t i, const char **filter,
                  unsigned long *nodes, unsigned long *edges)
{
    if (i >= g->nsteps)
        return 0;
    *filter = g->steps[i].filter;
    *nodes = g->steps[i].nodes;
    *edges = g->steps[i].edges;
    return 1;
}

int kg_graph_begin_changes(kg_graph *g)
{
    if (!g->v.node_change)
        g->v.node_change = kg_calloc(g->v.nents + 1, 1);
    if (!g->v.edge_change)
        g->v.edge_change = kg_calloc(g->v.nrels + 1, 1);
    return g->v.node_change && g->v.edge_change ? 0 : -1;
}

void kg_graph_set_node_change(kg_graph *g, uint32_t e, int change)
{
    g->v.node_change[e] = (unsigned char)change;
}

void kg_graph_set_edge_change(kg_graph *g, uint32_t r, int change)
{
    g->v.edge_change[r] = (unsigned char)change;
}

/* Types are interned, and few: a short scan finds them. */
kg_type_count *kg_graph_count_types(const kg_graph *g, int edges, size_t *n)
{
    kg_type_count *t = NULL;
    size_t cap = 0, last = 0;
    *n = 0;
    size_t total = edges ? g->v.nrels : g->v.nents;
    for (size_t i = 0; i < total; i++) {
        if (edges ? !kg_edge_shown(g, (uint32_t)i)
                  : !kg_node_shown(g, (uint32_t)i))
            continue;
        const char *type = edges ? kg_rel_type(g, &g->v.rels[i])
                                 : kg_ent_look_type(g, (uint32_t)i);
        if (*n && t[last].type == type) { /* runs of one type are common */
            t[last].n++;
            continue;
        }
        size_t k = 0;
        while (k < *n && t[k].type != type)
            k++;
        if (k == *n) {
            if (kg_grow((void **)&t, &cap, *n + 1, sizeof *t)) {
                free(t);
                return NULL;
            }
            t[(*n)++] = (kg_type_count){type, 0};
        }
        t[k].n++;
        last = k;
    }
    return t ? t : kg_calloc(1, sizeof *t);
}
