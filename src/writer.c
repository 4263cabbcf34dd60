/*
 * writer.c - the graph as DOT.
 *
 * Output order is input order: graph attributes, unclustered nodes
 * (entities as first seen, then nodes made for unmatched relation ends),
 * clusters, edges (relation rows), then the legend.  No input text is ever
 * written outside a quoted or HTML-like string, and no comment carries
 * input text.
 *
 * A node carries: label, type, aliases, the row's other columns (a column
 * with several values gets them all, "; "-separated), then its look from
 * the style sheet (minus what the data sets itself), then a tooltip from
 * its description, a link from url/source_url, and an SVG element id.
 * An edge carries: type, label, other columns, look, a line style for its
 * confidence, a tooltip from evidence, date and citation, a link, an id.
 */
#include "writer.h"

#include <stdlib.h>
#include <string.h>

#include "dot.h"
#include "picture.h"

/* ---- Looks ---- */

const kg_look *kg_writer_look(kg_writer *w, kg_style_kind kind,
                              const char *type)
{
    for (size_t i = 0; i < w->nmemo; i++)
        if (w->memo[i].type == type && w->memo[i].kind == kind)
            return w->memo[i].look;
    const kg_look *l = kg_style_look(w->g->style, kind, type);
    if (kg_grow((void **)&w->memo, &w->memo_cap, w->nmemo + 1,
                sizeof *w->memo) == 0)
        w->memo[w->nmemo++] = (struct look_memo){type, kind, l};
    return l;
}

/* ---- Data attributes ---- */

/* Gathers list l into w->view: each element's attributes are looked up
 * a dozen times while it is written. */
static void load_view(kg_writer *w, kg_list l)
{
    w->nview = 0;
    kg_attr_it it;
    for (kg_attr_begin(w->g, l, &it); kg_attr_step(w->g, &it);) {
        if (kg_grow((void **)&w->view, &w->view_cap, w->nview + 1,
                    sizeof *w->view)) {
            w->nomem = 1;
            return;
        }
        w->view[w->nview++] = (struct kg_kv){it.key, it.value};
    }
}

/* The first value of key (exact), or NULL. */
static const char *view_get(const kg_writer *w, const char *key)
{
    for (size_t i = 0; i < w->nview; i++)
        if (strcmp(w->view[i].key, key) == 0)
            return w->view[i].value;
    return NULL;
}

/* The index of key in any case, or w->nview. */
static size_t view_find_ci(const kg_writer *w, const char *key)
{
    size_t i = 0;
    while (i < w->nview && kg_ascii_casecmp(w->view[i].key, key) != 0)
        i++;
    return i;
}

/* The look's attributes, except those the data sets itself. */
static void write_look(kg_dot_attrs *a, const kg_writer *w, const kg_look *look,
                       const char *skip)
{
    for (size_t i = 0; i < look->n; i++) {
        if (view_get(w, look->keys[i]))
            continue;
        if (skip && strcmp(look->keys[i], skip) == 0)
            continue;
        kg_dot_attr(a, look->keys[i], look->values[i]);
    }
}

/* All values of item i's key, "; "-separated (in w->scratch when more
 * than one). */
static const char *all_values(kg_writer *w, size_t i)
{
    const char *key = w->view[i].key;
    size_t j = i + 1;
    while (j < w->nview && w->view[j].key != key)
        j++;
    if (j == w->nview)
        return w->view[i].value; /* the usual case: one value */
    kg_buf *b = &w->scratch;
    kg_buf_clear(b);
    for (j = i; j < w->nview; j++) {
        if (w->view[j].key != key)
            continue;
        if ((b->len && kg_buf_puts(b, "; ")) ||
            kg_buf_puts(b, w->view[j].value)) {
            w->nomem = 1;
            return w->view[i].value;
        }
    }
    return b->data;
}

/* The value of key, any case (all of its values joined), or NULL. */
static const char *data_value(kg_writer *w, const char *key)
{
    size_t i = view_find_ci(w, key);
    return i < w->nview ? all_values(w, i) : NULL;
}

/* The first value of key, any case, or NULL. */
static const char *first_value(const kg_writer *w, const char *key)
{
    size_t i = view_find_ci(w, key);
    return i < w->nview ? w->view[i].value : NULL;
}

/* Each data key once, with all its values.  Link columns (already checked
 * when read) are written as they are. */
static void write_data(kg_dot_attrs *a, kg_writer *w)
{
    for (size_t i = 0; i < w->nview; i++) {
        size_t j = 0;
        while (j < i && w->view[j].key != w->view[i].key)
            j++;
        if (j == i)
            kg_dot_attr(a, w->view[i].key, all_values(w, i));
    }
}

/* url or source_url becomes Graphviz's URL (a link in SVG), unless the
 * data names URL or href itself. */
static void write_link(kg_dot_attrs *a, kg_writer *w)
{
    if (view_get(w, "URL") || view_get(w, "href"))
        return;
    const char *url = first_value(w, "url");
    if (!url)
        url = first_value(w, "source_url");
    if (url)
        kg_dot_attr_text(a, "URL", url);
}

static void write_svg_id(kg_dot_attrs *a, kg_writer *w, const char *prefix,
                         const char *text, const char *suffix)
{
    if (view_get(w, "id"))
        return; /* the data's own id is the element id */
    kg_buf *b = &w->scratch;
    kg_buf_clear(b);
    if (kg_svg_id(b, prefix, text) || (suffix && kg_buf_puts(b, suffix)))
        w->nomem = 1;
    else
        kg_dot_attr(a, "id", b->data);
}

/* ---- Nodes ---- */

/* All aliases as one value "a;b;c", the way they are written in a CSV. */
static void write_aliases(kg_dot_attrs *a, kg_writer *w, kg_list l)
{
    kg_buf *b = &w->scratch;
    kg_buf_clear(b);
    for (const kg_attr *x = kg_attr_at(w->g, l.head); x;
         x = kg_attr_next(w->g, x))
        if ((b->len && kg_buf_putc(b, ';')) || kg_buf_puts(b, x->value))
            w->nomem = 1;
    if (!w->nomem)
        kg_dot_attr(a, "aliases", b->data);
}

void kg_writer_node(kg_writer *w, uint32_t i, const char *indent)
{
    const kg_graph *g = w->g;
    const kg_entity *e = &g->ents[i];
    kg_dot_attrs a = {w->out, 0};
    kg_out_puts(w->out, indent);
    kg_dot_id(w->out, e->id);
    kg_dot_attr_text(&a, "label", e->name ? e->name : e->id);
    if (e->type)
        kg_dot_attr(&a, "type", e->type);
    if (e->aliases.head)
        write_aliases(&a, w, e->aliases);
    load_view(w, e->attrs);
    write_data(&a, w);
    write_look(&a, w, kg_writer_look(w, KG_STYLE_NODE, e->type), NULL);
    const char *description = data_value(w, "description");
    if (description && !view_get(w, "tooltip"))
        kg_dot_attr_text(&a, "tooltip", description);
    if (g->node_mark && g->node_mark[i]) { /* a focus or path node */
        if (!view_get(w, "penwidth"))
            kg_dot_attr(&a, "penwidth", "3");
        if (!view_get(w, "peripheries"))
            kg_dot_attr(&a, "peripheries", "2");
    }
    write_link(&a, w);
    write_svg_id(&a, w, "n-", e->id, NULL);
    kg_dot_attrs_end(&a);
}

/* ---- Edges ---- */

/* A relation type shown as text: "secretary_general_of" reads
 * "secretary general of". */
static void write_type_label(kg_dot_attrs *a, kg_writer *w, const char *type)
{
    kg_buf *b = &w->scratch;
    kg_buf_clear(b);
    if (kg_buf_puts(b, type)) {
        w->nomem = 1;
        return;
    }
    for (char *p = b->data; *p; p++)
        if (*p == '_')
            *p = ' ';
    kg_dot_attr_text(a, "label", b->data);
}

/* "evidence\nDate: ...\nSource: ..." from the columns that say where a
 * relation comes from, in this order, each key once (any case). */
static void write_provenance(kg_dot_attrs *a, kg_writer *w)
{
    static const struct {
        const char *key, *head;
    } parts[] = {{"evidence", ""},      {"quote", ""},
                 {"date", "Date: "},    {"start_date", "From: "},
                 {"end_date", "To: "},  {"citation", "Source: "},
                 {"source", "Source: "}};
    enum { NPARTS = sizeof parts / sizeof *parts };
    size_t found[NPARTS];
    int any = 0;
    for (int i = 0; i < NPARTS; i++)
        found[i] = w->nview;
    for (size_t x = 0; x < w->nview; x++) { /* one pass over the row */
        const char *key = w->view[x].key;
        if (strcmp(key, "tooltip") == 0)
            return;
        for (int i = 0; i < NPARTS; i++)
            if (found[i] == w->nview &&
                kg_ascii_casecmp(key, parts[i].key) == 0) {
                found[i] = x;
                any = 1;
            }
    }
    if (!any)
        return;
    kg_buf text;
    kg_buf_init(&text);
    for (int i = 0; i < NPARTS; i++) {
        if (found[i] == w->nview)
            continue;
        const char *v = all_values(w, found[i]);
        if ((text.len && kg_buf_putc(&text, '\n')) ||
            kg_buf_puts(&text, parts[i].head) || kg_buf_puts(&text, v))
            w->nomem = 1;
    }
    if (text.len)
        kg_dot_attr_text(a, "tooltip", text.data);
    kg_buf_free(&text);
}

/* The confidence line style, when the row has a valid confidence. */
const char *kg_writer_confidence(const kg_graph *g, kg_list l)
{
    const char *c = kg_attr_find_ci(g, l, "confidence");
    if (!c)
        c = kg_attr_find_ci(g, l, "strength");
    return c ? kg_confidence_style(c) : NULL;
}

static const char *confidence_style(const kg_writer *w)
{
    const char *c = first_value(w, "confidence");
    if (!c)
        c = first_value(w, "strength");
    return c ? kg_confidence_style(c) : NULL;
}

static void write_edge(kg_writer *w, const kg_relation *r, unsigned long n,
                       int marked)
{
    const kg_graph *g = w->g;
    const char *src = g->ents[r->src].id, *dst = g->ents[r->dst].id;
    kg_dot_attrs a = {w->out, 0};
    kg_out_puts(w->out, "  ");
    kg_dot_id(w->out, src);
    kg_out_puts(w->out, " -> ");
    kg_dot_id(w->out, dst);
    if (r->type)
        kg_dot_attr(&a, "type", r->type);
    if (r->label)
        kg_dot_attr_text(&a, "label", r->label);
    else if (r->type)
        write_type_label(&a, w, r->type);
    load_view(w, r->attrs);
    write_data(&a, w);
    const char *line = view_get(w, "style") ? NULL : confidence_style(w);
    const kg_look *look = kg_writer_look(w, KG_STYLE_EDGE, r->type);
    for (size_t i = 0; i < look->n; i++) {
        const char *k = look->keys[i];
        if ((line && strcmp(k, "style") == 0) ||
            (marked && (strcmp(k, "color") == 0 || strcmp(k, "penwidth") == 0)))
            continue;
        if (!view_get(w, k))
            kg_dot_attr(&a, k, look->values[i]);
    }
    if (line)
        kg_dot_attr(&a, "style", line);
    if (marked) { /* on a --path */
        kg_dot_attr(&a, "color", "#d62728");
        kg_dot_attr(&a, "penwidth", "3");
    }
    if (r->undirected && !view_get(w, "dir"))
        kg_dot_attr(&a, "dir", "none");
    write_provenance(&a, w);
    write_link(&a, w);
    /* e-SOURCE-TARGET-N: the Nth edge between the two, in row order */
    if (!view_get(w, "id")) {
        char num[32];
        snprintf(num, sizeof num, "-%lu", n);
        kg_buf *b = &w->scratch;
        kg_buf_clear(b);
        if (kg_svg_id(b, "e-", src) || kg_svg_id(b, "-", dst) ||
            kg_buf_puts(b, num))
            w->nomem = 1;
        else
            kg_dot_attr(&a, "id", b->data);
    }
    kg_dot_attrs_end(&a);
}

/* Numbers each edge among those with the same two ends. */
static int write_edges(kg_writer *w)
{
    const kg_graph *g = w->g;
    size_t nslots = 16;
    while (nslots < g->nrels * 2)
        nslots *= 2;
    struct pair {
        uint32_t src, dst;
        unsigned long n;
    } *slots = calloc(nslots, sizeof *slots);
    if (!slots)
        return -1;
    for (size_t i = 0; i < g->nrels; i++) {
        const kg_relation *r = &g->rels[i];
        if (!kg_edge_shown(g, (uint32_t)i))
            continue;
        size_t j =
            ((size_t)r->src * 2654435761u ^ r->dst * 40503u) & (nslots - 1);
        while (slots[j].n && (slots[j].src != r->src || slots[j].dst != r->dst))
            j = (j + 1) & (nslots - 1);
        slots[j] = (struct pair){r->src, r->dst, slots[j].n + 1};
        write_edge(w, r, slots[j].n, g->edge_mark && g->edge_mark[i]);
    }
    free(slots);
    return 0;
}

/* ---- The graph ---- */

static void write_graph_attrs(kg_writer *w)
{
    const kg_stylesheet *s = w->g->style;
    const char *kinds[] = {"graph", "node", "edge"};
    for (int k = 0; k < 3; k++) {
        const kg_look *l = kg_style_defaults(s, (kg_style_kind)k);
        int extra = k == 0 && (w->opts.title || w->opts.dpi);
        if (!l->n && !extra)
            continue;
        kg_dot_attrs a = {w->out, 0};
        kg_out_printf(w->out, "  %s", kinds[k]);
        w->nview = 0;
        write_look(&a, w, l, NULL);
        if (k == 0 && w->opts.title) {
            kg_dot_attr_text(&a, "label", w->opts.title);
            kg_dot_attr(&a, "labelloc", "t");
        }
        if (k == 0 && w->opts.dpi) {
            char dpi[32];
            snprintf(dpi, sizeof dpi, "%d", w->opts.dpi);
            kg_dot_attr(&a, "dpi", dpi);
        }
        kg_dot_attrs_end(&a);
    }
}

void kg_writer_fresh_id(kg_writer *w, const char *base, size_t i, kg_buf *id)
{
    kg_buf_clear(id);
    char num[32];
    snprintf(num, sizeof num, "%zu", i + 1);
    if (kg_buf_puts(id, base) || kg_buf_puts(id, num)) {
        w->nomem = 1;
        return;
    }
    while (kg_sym_entity(w->g, kg_sym_find(w->g, id->data)) != KG_NONE)
        if (kg_buf_putc(id, '_')) {
            w->nomem = 1;
            return;
        }
}

kg_dot_options kg_dot_defaults(void)
{
    return (kg_dot_options){.legend = 1};
}

static int write_nodes(kg_writer *w)
{
    const kg_graph *g = w->g;
    unsigned char *done = calloc(g->nents ? g->nents : 1, 1);
    if (!done)
        return -1;
    for (size_t i = 0; i < g->nents; i++)
        done[i] = !kg_node_shown(g, (uint32_t)i);
    int rc = w->opts.cluster_by ? kg_write_clusters(w, done) : 0;
    for (size_t i = 0; i < g->nents && rc == 0; i++)
        if (!done[i])
            kg_writer_node(w, (uint32_t)i, "  ");
    free(done);
    return rc;
}

kg_status kg_write_dot(const kg_graph *g, FILE *out, const kg_dot_options *opts)
{
    if (!g || !out || !g->resolved)
        return KG_ERR_USAGE;
    kg_out *o = malloc(sizeof *o);
    if (!o)
        return KG_ERR_NOMEM;
    kg_out_init(o, out);
    kg_writer w = {.g = g, .out = o};
    w.opts = opts ? *opts : kg_dot_defaults();
    kg_buf_init(&w.scratch);
    kg_out_puts(o, "digraph ");
    kg_dot_id(o, w.opts.title ? w.opts.title : "kgraph");
    kg_out_puts(o, " {\n");
    write_graph_attrs(&w);
    int rc = write_nodes(&w);
    if (rc == 0)
        rc = write_edges(&w);
    if (rc == 0 && w.opts.legend && g->nents)
        rc = kg_write_legend(&w);
    kg_out_puts(o, "}\n");
    int failed = kg_out_flush(o);
    free(o);
    free(w.memo);
    free(w.view);
    kg_buf_free(&w.scratch);
    if (rc || w.nomem)
        return KG_ERR_NOMEM;
    if (failed || fflush(out) != 0 || ferror(out))
        return KG_ERR_IO;
    return KG_OK;
}
