/*
 * legend.c - the legend: one row per look of entity, with the types drawn
 * that way and how many; one row per look of relation, with a sample edge;
 * and the confidence line styles in use.
 *
 * It is a cluster of its own, not linked to the graph, so dot lays it out
 * apart (as another connected component) without moving anything else.
 * Rows are kept in order, one under the other, by invisible edges.
 */
#include <stdlib.h>
#include <string.h>

#include "dot.h"
#include "picture.h"
#include "writer.h"

enum {
    WRAP = 48,    /* characters per legend line */
    MAX_TYPES = 6 /* types named in one row; the rest are counted */
};

/* One legend row: a look, the types that have it, how many things. */
typedef struct row {
    const kg_look *look;
    const char *style; /* for confidence rows: the line style */
    kg_buf types;      /* "agency, organization" (MAX_TYPES at most) */
    unsigned long ntypes;
    unsigned long count;
} row;

typedef struct rows {
    row *v;
    size_t n, cap;
} rows;

static void rows_free(rows *r)
{
    for (size_t i = 0; i < r->n; i++)
        kg_buf_free(&r->v[i].types);
    free(r->v);
}

static const char *signature(const kg_look *l)
{
    return l && l->signature ? l->signature : "";
}

/* Adds `type` (display text) to the row for `look`, counting `n` more. */
static int add(rows *r, const kg_look *look, const char *style,
               const char *type, unsigned long n_more)
{
    size_t i = 0;
    while (i < r->n &&
           !(style ? r->v[i].style && strcmp(r->v[i].style, style) == 0
                   : strcmp(signature(r->v[i].look), signature(look)) == 0))
        i++;
    if (i == r->n) {
        if (kg_grow((void **)&r->v, &r->cap, r->n + 1, sizeof *r->v))
            return -1;
        r->v[i] = (row){look, style, {0}, 0, 0};
        r->n++;
    }
    row *x = &r->v[i];
    x->count += n_more;
    /* the type list: each type once, in order of first appearance */
    size_t n = strlen(type);
    for (const char *p = x->types.data; p && (p = strstr(p, type)); p += n)
        if ((p == x->types.data || p[-1] == ' ') &&
            (p[n] == ',' || p[n] == '\0'))
            return 0;
    if (x->ntypes++ >= MAX_TYPES)
        return 0; /* counted, not named (and not checked for repeats) */
    return (x->types.len && kg_buf_puts(&x->types, ", ")) ||
                   kg_buf_puts(&x->types, type)
               ? -1
               : 0;
}

/* "types (count)", broken into lines of about WRAP characters. */
static int row_text(const row *x, kg_buf *out)
{
    kg_buf_clear(out);
    size_t line = 0;
    const char *p = x->types.data ? x->types.data : "";
    while (*p) {
        const char *comma = strstr(p, ", ");
        size_t n = comma ? (size_t)(comma - p) + 1 : strlen(p);
        if (line && line + n > WRAP) {
            if (kg_buf_putc(out, '\n'))
                return -1;
            line = 0;
        } else if (line && kg_buf_putc(out, ' ')) {
            return -1;
        }
        if (kg_buf_append(out, p, n))
            return -1;
        line += n + 1;
        p += comma ? n + 1 : n;
    }
    char tail[80];
    if (x->ntypes > MAX_TYPES)
        snprintf(tail, sizeof tail, "\nand other types (%lu)", x->count);
    else
        snprintf(tail, sizeof tail, " (%lu)", x->count);
    return kg_buf_puts(out, tail);
}

static const char *shown_type(const char *type, const char *none)
{
    return type ? type : none;
}

/* "member_of" as edge labels show it: "member of" (in w->scratch). */
static const char *humanized(kg_writer *w, const char *type)
{
    kg_buf_clear(&w->scratch);
    if (kg_buf_puts(&w->scratch, type)) {
        w->nomem = 1;
        return type;
    }
    for (char *p = w->scratch.data; *p; p++)
        if (*p == '_')
            *p = ' ';
    return w->scratch.data;
}

static int collect(kg_writer *w, rows *nodes, rows *edges, rows *confidence)
{
    const char *const *styles = kg_confidence_styles;
    unsigned long seen[3];
    const kg_graph *g = w->g;
    size_t nn, ne;
    kg_type_count *tn = kg_graph_count_types(g, 0, &nn);
    kg_type_count *te = kg_graph_count_types(g, 1, &ne);
    int rc = tn && te ? 0 : -1;
    for (size_t i = 0; i < nn && rc == 0; i++)
        rc = add(nodes, kg_writer_look(w, KG_STYLE_NODE, tn[i].type), NULL,
                 shown_type(tn[i].type, "(no type)"), tn[i].n);
    for (size_t i = 0; i < ne && rc == 0; i++)
        rc = add(edges, kg_writer_look(w, KG_STYLE_EDGE, te[i].type), NULL,
                 humanized(w, shown_type(te[i].type, "(no type)")), te[i].n);
    free(tn);
    free(te);
    for (int k = 0; k < 3; k++) /* counted as the edges were written */
        seen[k] = w->confidence[k];
    for (int k = 0; k < 3 && rc == 0; k++) /* strongest first */
        if (seen[k])
            rc = add(confidence, NULL, styles[k], kg_confidence_word(styles[k]),
                     seen[k]);
    return rc;
}

static void write_node_rows(kg_writer *w, const rows *nodes, kg_buf *id,
                            kg_buf *text)
{
    for (size_t i = 0; i < nodes->n; i++) {
        kg_dot_attrs a = {w->out, 0};
        kg_writer_fresh_id(w, "kgraph_legend_", i, id);
        kg_out_puts(w->out, "    ");
        kg_dot_id(w->out, id->data);
        if (row_text(&nodes->v[i], text))
            w->nomem = 1;
        kg_dot_attr_text(&a, "label", text->data ? text->data : "");
        const kg_look *l = nodes->v[i].look;
        for (size_t k = 0; k < l->n; k++)
            kg_dot_attr(&a, l->keys[k], l->values[k]);
        kg_dot_attrs_end(&a);
    }
    for (size_t i = 1; i < nodes->n; i++) { /* one under the other */
        kg_out_puts(w->out, "    ");
        kg_writer_fresh_id(w, "kgraph_legend_", i - 1, id);
        kg_dot_id(w->out, id->data);
        kg_out_puts(w->out, " -> ");
        kg_writer_fresh_id(w, "kgraph_legend_", i, id);
        kg_dot_id(w->out, id->data);
        kg_out_puts(w->out, " [style=invis];\n");
    }
}

/* A sample edge between two points for each row, stacked under the node
 * rows.  `first` numbers the points so that ids stay distinct. */
static size_t write_edge_rows(kg_writer *w, const rows *edges, size_t first,
                              kg_buf *id, kg_buf *text, kg_buf *prev)
{
    for (size_t i = 0; i < edges->n; i++, first += 2) {
        kg_buf id2;
        kg_buf_init(&id2);
        kg_writer_fresh_id(w, "kgraph_legend_", first, id);
        kg_writer_fresh_id(w, "kgraph_legend_", first + 1, &id2);
        for (int k = 0; k < 2; k++) {
            kg_out_puts(w->out, "    ");
            kg_dot_id(w->out, k ? id2.data : id->data);
            kg_out_puts(w->out, " [shape=point, width=0.04, label=\"\"];\n");
        }
        kg_out_puts(w->out, "    { rank=same; ");
        kg_dot_id(w->out, id->data);
        kg_out_puts(w->out, " -> ");
        kg_dot_id(w->out, id2.data);
        kg_dot_attrs a = {w->out, 0};
        if (row_text(&edges->v[i], text))
            w->nomem = 1;
        kg_dot_attr_text(&a, "label", text->data ? text->data : "");
        kg_dot_attr_lit(&a, "minlen", "3");
        if (edges->v[i].style) {
            kg_dot_attr_lit(&a, "style", edges->v[i].style);
        } else {
            const kg_look *l = edges->v[i].look;
            for (size_t k = 0; k < l->n; k++)
                kg_dot_attr(&a, l->keys[k], l->values[k]);
        }
        kg_out_puts(w->out, a.n ? "]; }\n" : "; }\n");
        if (prev->len) { /* one row under the other */
            kg_out_puts(w->out, "    ");
            kg_dot_id(w->out, prev->data);
            kg_out_puts(w->out, " -> ");
            kg_dot_id(w->out, id->data);
            kg_out_puts(w->out, " [style=invis];\n");
        }
        kg_buf_clear(prev);
        if (kg_buf_puts(prev, id->data))
            w->nomem = 1;
        kg_buf_free(&id2);
    }
    return first;
}

int kg_write_legend(kg_writer *w)
{
    rows nodes = {0}, edges = {0}, confidence = {0};
    int rc = collect(w, &nodes, &edges, &confidence);
    kg_buf id, text, prev;
    kg_buf_init(&id);
    kg_buf_init(&text);
    kg_buf_init(&prev);
    if (rc == 0) {
        kg_out_puts(w->out,
                    "  subgraph \"cluster_legend\" {\n"
                    "    label=\"Legend\"; fontsize=12; style=\"rounded\"; "
                    "color=\"#999999\"; id=\"legend\";\n");
        write_node_rows(w, &nodes, &id, &text);
        if (nodes.n) {
            kg_writer_fresh_id(w, "kgraph_legend_", nodes.n - 1, &id);
            if (kg_buf_puts(&prev, id.data))
                w->nomem = 1;
        }
        size_t next = write_edge_rows(w, &edges, nodes.n, &id, &text, &prev);
        write_edge_rows(w, &confidence, next, &id, &text, &prev);
        kg_out_puts(w->out, "  }\n");
    }
    kg_buf_free(&id);
    kg_buf_free(&text);
    kg_buf_free(&prev);
    rows_free(&nodes);
    rows_free(&edges);
    rows_free(&confidence);
    return rc;
}
