/*
 * view.h - what of a graph is shown (view.c): nodes and edges hidden by
 * filters, focus and path marks, the marks of a graph of changes, and the
 * record of what each filter removed.  Filters (analysis/) decide; this
 * is where their decisions are kept, so that the writer, the key and the
 * statistics all see the same graph.
 */
#ifndef KG_VIEW_H
#define KG_VIEW_H

#include "graph/store.h"

/* Whether entity e is a node of the output: not merged into another, not
 * filtered out. */
static inline int kg_node_shown(const kg_graph *g, uint32_t e)
{
    const kg_view *v = kg_view_of(g);
    return v->node_off ? !v->node_off[e] : !kg_ent_merged(g, e);
}

/* Whether relation r is an edge of the output: not folded, not filtered
 * out, both ends shown. */
static inline int kg_edge_shown(const kg_graph *g, uint32_t r)
{
    const kg_view *v = kg_view_of(g);
    if (v->edges_synced)
        return !v->edge_off[r];
    const kg_relation *x = &v->rels[r];
    return kg_rel_folded(g, r) == KG_NONE && !(v->edge_off && v->edge_off[r]) &&
           kg_node_shown(g, x->src) && kg_node_shown(g, x->dst);
}

/* Whether entity e is a focus or path node; relation r on a path. */
static inline int kg_node_marked(const kg_graph *g, uint32_t e)
{
    const kg_view *v = kg_view_of(g);
    return v->node_mark && v->node_mark[e];
}

static inline int kg_edge_marked(const kg_graph *g, uint32_t r)
{
    const kg_view *v = kg_view_of(g);
    return v->edge_mark && v->edge_mark[r];
}

/* How entity e (relation r) of a graph of changes differs from the older
 * version: KG_CHANGE_*. */
static inline int kg_node_change(const kg_graph *g, uint32_t e)
{
    const kg_view *v = kg_view_of(g);
    return v->node_change ? v->node_change[e] : KG_CHANGE_NONE;
}

static inline int kg_edge_change(const kg_graph *g, uint32_t r)
{
    const kg_view *v = kg_view_of(g);
    return v->edge_change ? v->edge_change[r] : KG_CHANGE_NONE;
}

/* Whether the graph is one of changes (kg_diff_graph). */
static inline int kg_graph_has_changes(const kg_graph *g)
{
    const kg_view *v = kg_view_of(g);
    return v->node_change || v->edge_change;
}

/* For filters, on a resolved graph: makes room for hiding and marking
 * (0, or -1 when out of memory), then hides or shows an element, marks
 * one.  Hiding a node hides its edges (kg_edge_shown); after hiding,
 * kg_graph_sync_edges makes kg_edge_shown one byte read again. */
int kg_graph_prepare_marks(kg_graph *g);
void kg_hide_node(kg_graph *g, uint32_t e);
void kg_set_edge_hidden(kg_graph *g, uint32_t r, int hidden);
void kg_mark_node(kg_graph *g, uint32_t e);
void kg_mark_edge(kg_graph *g, uint32_t r);

/* Sets edge_off for every edge that is not shown (folded, or an end
 * hidden), so that kg_edge_shown is one byte read per edge: writing a
 * graph asks it several times for every edge.  kg_graph_unsync_edges
 * goes back to asking the ends (while they are being hidden). */
void kg_graph_sync_edges(kg_graph *g);
void kg_graph_unsync_edges(kg_graph *g);

/* Records what a filter step removed (for kg_filter_step), up to 16
 * steps; reads step i back (0 when there is none). */
void kg_graph_add_step(kg_graph *g, const char *filter, unsigned long nodes,
                       unsigned long edges);
int kg_graph_step(const kg_graph *g, size_t i, const char **filter,
                  unsigned long *nodes, unsigned long *edges);

/* Makes g, resolved, a graph of changes: every element KG_CHANGE_NONE
 * until set (0, or -1 when out of memory); then marks entity e or
 * relation r. */
int kg_graph_begin_changes(kg_graph *g);
void kg_graph_set_node_change(kg_graph *g, uint32_t e, int change);
void kg_graph_set_edge_change(kg_graph *g, uint32_t r, int change);

/* How many shown nodes (edges: relations) there are of each type, in order
 * of first appearance (NULL type: none given).  A malloc'd array of *n
 * items (possibly none), or NULL when out of memory. */
typedef struct kg_type_count {
    const char *type;
    unsigned long n;
} kg_type_count;
kg_type_count *kg_graph_count_types(const kg_graph *g, int edges, size_t *n);

#endif
