/*
 * cluster.c - --cluster-by ATTR: nodes grouped into labelled Graphviz
 * clusters by the value of an attribute (the entity type with "type").
 * A value "a/b" puts the node in cluster b inside cluster a.  Clusters
 * come in order of first appearance, nodes in input order.
 */
#include <stdlib.h>
#include <string.h>

#include "dot.h"
#include "writer.h"

/* A tree of clusters; index 0 is the root (no cluster). */
typedef struct cnode {
    const char *name; /* one path component, in `names` */
    size_t name_len;
    uint32_t first_child, last_child, next_sibling; /* 0: none */
    uint32_t first_member, last_member;             /* entity + 1 */
} cnode;

typedef struct tree {
    cnode *v;
    size_t n, cap;
    uint32_t *next_member; /* per entity: the next one in its cluster, +1 */
} tree;

static uint32_t child(tree *t, uint32_t parent, const char *name, size_t len)
{
    for (uint32_t c = t->v[parent].first_child; c; c = t->v[c].next_sibling)
        if (t->v[c].name_len == len && memcmp(t->v[c].name, name, len) == 0)
            return c;
    if (kg_grow((void **)&t->v, &t->cap, t->n + 1, sizeof *t->v))
        return 0;
    uint32_t c = (uint32_t)t->n++;
    t->v[c] = (cnode){name, len, 0, 0, 0, 0, 0};
    if (t->v[parent].last_child)
        t->v[t->v[parent].last_child].next_sibling = c;
    else
        t->v[parent].first_child = c;
    t->v[parent].last_child = c;
    return c;
}

/* Puts entity e in the cluster its value names ("a/b/c"). */
static int place(tree *t, uint32_t e, const char *value)
{
    uint32_t at = 0;
    const char *p = value;
    while (*p) {
        size_t n = strcspn(p, "/");
        if (n && !(at = child(t, at, p, n)))
            return -1;
        p += n + (p[n] == '/');
    }
    if (at == 0)
        return 0; /* only slashes: no cluster */
    if (t->v[at].last_member)
        t->next_member[t->v[at].last_member - 1] = e + 1;
    else
        t->v[at].first_member = e + 1;
    t->v[at].last_member = e + 1;
    return 1;
}

static void write_cluster(kg_writer *w, tree *t, uint32_t c, int depth)
{
    char indent[64];
    int width = 2 * (depth + 1);
    width = width < 60 ? width : 60;
    memset(indent, ' ', (size_t)width);
    indent[width] = '\0';
    kg_out_printf(w->out, "%ssubgraph \"cluster_%u\" {\n", indent, c);
    kg_buf label;
    kg_buf_init(&label);
    if (kg_buf_append(&label, t->v[c].name, t->v[c].name_len))
        w->nomem = 1;
    kg_out_printf(w->out, "%s  label=", indent);
    kg_dot_label(w->out, label.data ? label.data : "");
    kg_out_printf(w->out,
                  "; style=\"rounded,filled\"; fillcolor=\"%s\"; "
                  "color=\"#bbbbbb\"; fontsize=12;\n",
                  depth % 2 ? "#ffffff" : "#f5f5f5");
    kg_buf_free(&label);
    char inner[72];
    snprintf(inner, sizeof inner, "%s  ", indent);
    for (uint32_t m = t->v[c].first_member; m; m = t->next_member[m - 1])
        kg_writer_node(w, m - 1, inner);
    for (uint32_t k = t->v[c].first_child; k; k = t->v[k].next_sibling)
        write_cluster(w, t, k, depth + 1);
    kg_out_printf(w->out, "%s}\n", indent);
}

/* The value an entity is clustered by: its type for "type", else the
 * first value of the attribute. */
static const char *cluster_value(const kg_graph *g, const kg_entity *e,
                                 const char *attr)
{
    if (strcmp(attr, "type") == 0)
        return kg_ent_type(g, e);
    return kg_attr_get(g, e->attrs, attr);
}

int kg_write_clusters(kg_writer *w, unsigned char *done)
{
    const kg_graph *g = w->g;
    tree t = {0};
    t.next_member = calloc(g->nents ? g->nents : 1, sizeof *t.next_member);
    int rc =
        t.next_member && kg_grow((void **)&t.v, &t.cap, 1, sizeof *t.v) == 0
            ? 0
            : -1;
    if (rc == 0) {
        t.v[0] = (cnode){"", 0, 0, 0, 0, 0, 0};
        t.n = 1;
    }
    for (uint32_t i = 0; i < g->nents && rc == 0; i++) {
        if (done[i])
            continue;
        const char *v = cluster_value(g, &g->ents[i], w->opts.cluster_by);
        int placed = v ? place(&t, i, v) : 0;
        if (placed < 0)
            rc = -1;
        else if (placed)
            done[i] = 1;
    }
    for (uint32_t c = rc == 0 ? t.v[0].first_child : 0; c;
         c = t.v[c].next_sibling)
        write_cluster(w, &t, c, 0);
    free(t.v);
    free(t.next_member);
    return rc;
}
