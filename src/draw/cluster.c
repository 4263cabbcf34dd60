/*
 * cluster.c - --cluster-by ATTR: nodes grouped into labelled Graphviz
 * clusters by the value of an attribute (the entity type with "type").
 * A value "a/b" puts the node in cluster b inside cluster a, at most
 * MAX_LEVELS deep: the rest of a deeper value names the innermost box (a
 * warning says so), since Graphviz runs out of memory on thousands of
 * nested clusters.  Clusters come in order of first appearance, nodes in
 * input order; a cluster's children are found by hashing (a value may
 * have 100,000 siblings).
 */
#include <stdlib.h>
#include <string.h>

#include "draw/cluster.h"
#include "rules/dot.h"

/* A tree of clusters; index 0 is the root (no cluster). */
typedef struct cnode {
    const char *name; /* one path component, in `names` */
    size_t name_len;
    uint32_t first_child, last_child, next_sibling; /* 0: none */
    uint32_t first_member, last_member;             /* entity + 1 */
} cnode;

/* Levels of boxes, and characters of the label of a box named by the
 * rest of a deeper value. */
enum { MAX_LEVELS = 10, MAX_LABEL = 60 };

typedef struct tree {
    cnode *v;
    size_t n, cap;
    uint32_t *parent_of; /* per cluster: its parent */
    size_t parent_cap;
    uint64_t *slots; /* clusters by (parent, name): hash << 32 | index */
    size_t nslots;
    uint32_t *next_member;  /* per entity: the next one in its cluster, +1 */
    unsigned long too_deep; /* values cut at MAX_LEVELS */
    const char *deepest;    /* the first of them */
} tree;

static uint32_t hash_of(uint32_t parent, const char *name, size_t len)
{
    return kg_hash(name, len) ^ (parent * 0x9E3779B9u);
}

static uint32_t child(tree *t, uint32_t parent, const char *name, size_t len)
{
    /* the table as the symbol table keeps one (symtab.h) */
    if ((t->n + 1) * 2 > t->nslots &&
        kg_slots_rehash(&t->slots, &t->nslots, t->nslots ? t->nslots * 2 : 64))
        return 0;
    uint32_t h = hash_of(parent, name, len);
    size_t j = h & (t->nslots - 1);
    for (; t->slots[j]; j = (j + 1) & (t->nslots - 1)) {
        uint32_t c = (uint32_t)t->slots[j];
        if ((uint32_t)(t->slots[j] >> 32) == h && t->parent_of[c] == parent &&
            t->v[c].name_len == len && memcmp(t->v[c].name, name, len) == 0)
            return c;
    }
    if (kg_grow((void **)&t->v, &t->cap, t->n + 1, sizeof *t->v) ||
        kg_grow((void **)&t->parent_of, &t->parent_cap, t->n + 1,
                sizeof *t->parent_of))
        return 0;
    uint32_t c = (uint32_t)t->n++;
    t->v[c] = (cnode){name, len, 0, 0, 0, 0, 0};
    t->parent_of[c] = parent;
    t->slots[j] = (uint64_t)h << 32 | c;
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
    for (int level = 1; *p; level++) {
        size_t n = strcspn(p, "/");
        if (level == MAX_LEVELS && p[n]) { /* the rest is one box */
            t->too_deep++;
            t->deepest = t->deepest ? t->deepest : value;
            n = strlen(p);
        }
        if (n && !(at = child(t, at, p, n)))
            return -1;
        p += n + (p[n] == '/');
        level -= n == 0; /* "a//b" is two levels */
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
    size_t shown = t->v[c].name_len;
    if (shown > MAX_LABEL) { /* the rest of a deep value: shown shortened */
        shown = MAX_LABEL;
        while (shown && (t->v[c].name[shown] & 0xC0) == 0x80)
            shown--;
    }
    if (kg_buf_append(&label, t->v[c].name, shown) ||
        (shown < t->v[c].name_len && kg_buf_puts(&label, "\xE2\x80\xA6")))
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

int kg_write_clusters(kg_writer *w, unsigned char *done)
{
    const kg_graph *g = w->g;
    tree t = {0};
    t.parent_of = kg_calloc(1, sizeof *t.parent_of);
    t.parent_cap = 1;
    t.next_member =
        kg_calloc(kg_nents(g) ? kg_nents(g) : 1, sizeof *t.next_member);
    int rc =
        t.next_member && kg_grow((void **)&t.v, &t.cap, 1, sizeof *t.v) == 0
            ? 0
            : -1;
    if (rc == 0) {
        t.v[0] = (cnode){"", 0, 0, 0, 0, 0, 0};
        t.n = 1;
        rc = t.parent_of ? 0 : -1;
    }
    for (uint32_t i = 0; i < kg_nents(g) && rc == 0; i++) {
        if (done[i])
            continue;
        const char *v = kg_ent_group(g, (uint32_t)i, w->opts.cluster_by);
        int placed = v ? place(&t, i, v) : 0;
        if (placed < 0)
            rc = -1;
        else if (placed)
            done[i] = 1;
    }
    for (uint32_t c = rc == 0 ? t.v[0].first_child : 0; c;
         c = t.v[c].next_sibling)
        write_cluster(w, &t, c, 0);
    if (t.too_deep)
        kg_warn(w->diag, "cluster-depth", NULL, 0, 0,
                "%lu %s of %s %s %s more than %d levels, such as %s; the "
                "innermost box is named by the rest",
                t.too_deep, t.too_deep == 1 ? "value" : "values",
                kg_setting_name(w->diag, KG_SETTING_CLUSTER_BY),
                w->opts.cluster_by, t.too_deep == 1 ? "has" : "have",
                MAX_LEVELS, kg_q(w->diag, t.deepest));
    free(t.v);
    free(t.parent_of);
    kg_big_free(t.slots, t.nslots * sizeof *t.slots);
    free(t.next_member);
    return rc;
}
