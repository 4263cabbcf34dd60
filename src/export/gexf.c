/*
 * gexf.c - the graph as GEXF 1.3 or 1.2draft (gexf.h): read by Gephi,
 * Gephi Lite (graphology), networkx and igraph.
 */
#include "export/gexf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export/exporter_int.h"
#include "graph/dates.h"
#include "graph/view.h"
#include "rules/data_key.h"
#include "rules/escape.h"
#include "rules/evidence.h"

/* What the elements are written with (the exporter's `own`).  `role`
 * says where a relation's dates are: role[i] is the edge column of date
 * role KG_PROV_DATE + i (date, start, end; x->edges.n for none).  It
 * holds (`roles`) when each role has one column at most and none
 * repeats on an edge: then the value kg_export_values gives a role's
 * column is the role's first value, as kg_graph_date_roles finds it
 * ("" for none, no date either way), without a second walk over the
 * values and a kg_prov_of for each key. */
typedef struct gexf {
    int v12;     /* GEXF 1.2draft */
    int dynamic; /* relations' dates as spells (Gephi's timeline) */
    int roles;   /* `role` holds */
    size_t role[3];
} gexf;

/* GEXF's own keys (rules/data_key.h): the attributes it declares itself,
 * "id" and "label" (an element's own, which networkx and graphology put
 * beside the attributes), what graphology makes of an edge's kind and of
 * the viz elements (kind, color, size, x, y), and what networkx's reader
 * takes for its own: its arguments (key, node_for_adding, u_for_edge,
 * v_for_edge: a TypeError), networkx_key (which would choose the edge's
 * key, merging edges), viz and spells. */
/* clang-format off */
static const char *const own_names[] = {
    "id", "label", "type", "aliases", "directed",        /* kgraph's */
    "kind", "color", "size", "x", "y",                   /* graphology's */
    "key", "networkx_key", "node_for_adding", "u_for_edge", "v_for_edge",
    "viz", "spells", NULL};                              /* networkx's */
/* clang-format on */
static const kg_own_keys own = {own_names, NULL, 0, NULL};

/* The value of hex digits p[0] and p[1], or -1. */
static int hex_byte(const char *p)
{
    int v = 0;
    for (int i = 0; i < 2; i++) {
        char c = p[i];
        int d = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}

/* Appends " r=\"158\"" to t: a name and a colour's byte. */
static char *put_byte(char *t, char name, int v)
{
    *t++ = ' ';
    *t++ = name;
    *t++ = '=';
    *t++ = '"';
    if (v >= 100)
        *t++ = (char)('0' + v / 100);
    if (v >= 10)
        *t++ = (char)('0' + v / 10 % 10);
    *t++ = (char)('0' + v % 10);
    *t++ = '"';
    return t;
}

/* "#9ecae1" as 0x9ecae1 (grey, 0x808080, when it is no colour). */
static uintptr_t colour_bytes(const char *hex)
{
    int r = -1, gr = -1, b = -1;
    if (hex[0] == '#' && (r = hex_byte(hex + 1)) >= 0 &&
        (gr = hex_byte(hex + 3)) >= 0)
        b = hex_byte(hex + 5);
    if (r < 0 || gr < 0 || b < 0)
        r = gr = b = 128;
    return (uintptr_t)r << 16 | (uintptr_t)gr << 8 | (uintptr_t)b;
}

static const char colour_tag[] = "gexf colour"; /* the memo's keys */

/* "#9ecae1" as r="158" g="202" b="225": a look's colour (a string that
 * lives as long as the style sheet), read once per string (x's memo). */
static void write_colour(kg_exporter *x, const char *hex)
{
    kg_export_memo_slot *m;
    if (!kg_export_memo_find(&x->memo, colour_tag, hex, NULL, &m))
        m->value = colour_bytes(hex);
    char text[64] = "<viz:color", *t = text + sizeof "<viz:color" - 1;
    t = put_byte(t, 'r', (int)(m->value >> 16 & 0xff));
    t = put_byte(t, 'g', (int)(m->value >> 8 & 0xff));
    t = put_byte(t, 'b', (int)(m->value & 0xff));
    memcpy(t, "/>", 2);
    kg_out_write(x->out, text, (size_t)(t + 2 - text));
}

/* The attributes of class `cls`: kgraph's own (`fixed`), then s's.  The
 * id is the title: graphology (Gephi Lite, sigma.js) names attributes by
 * id. */
static void write_attributes(kg_exporter *x, const char *cls,
                             const kg_export_schema *s,
                             const char *const *fixed)
{
    kg_out *o = x->out;
    kg_out_printf(o, "    <attributes class=\"%s\">\n", cls);
    for (size_t k = 0; fixed[k]; k++)
        kg_out_printf(o,
                      "      <attribute id=\"%s\" title=\"%s\" type=\"%s\"/>\n",
                      fixed[k], fixed[k],
                      strcmp(fixed[k], "directed") == 0 ? "boolean" : "string");
    for (size_t i = 0; i < s->n; i++) {
        const kg_export_column *c = &s->v[i];
        kg_out_puts(o, "      <attribute id=\"");
        kg_export_xml_key(x, &own, c->key);
        kg_out_puts(o, "\" title=\"");
        kg_export_xml_key(x, &own, c->key);
        kg_out_printf(o, "\" type=\"%s\"/>\n", kg_export_column_type(c, 1));
    }
    kg_out_puts(o, "    </attributes>\n");
}

/* A value "a; b" as GEXF's liststring: [a, b] (Gephi's reading of it). */
static void write_list(kg_exporter *x, const char *value)
{
    kg_out *o = x->out;
    kg_out_putc(o, '[');
    for (const char *p = value; *p;) {
        size_t n = strcspn(p, ";");
        char *part = kg_strndup(p, n);
        if (part) {
            kg_xml_text(o, part + strspn(part, " "), 0, &x->replaced);
            free(part);
        }
        p += n;
        if (*p) {
            kg_out_puts(o, ", ");
            p++;
        }
    }
    kg_out_putc(o, ']');
}

/* A column's attvalue up to its value, `        <attvalue for="KEY"
 * value="` (the exporter's table keeps it: kg_export_openings). */
static void column_opening(kg_exporter *x, kg_export_column *c, size_t i,
                           int edges)
{
    (void)i;
    (void)edges;
    kg_out_puts(x->out, "        <attvalue for=\"");
    kg_export_xml_key(x, &own, c->key);
    kg_out_puts(x->out, "\" value=\"");
}

/* The attvalue of s's column i. */
static void write_value(kg_exporter *x, const kg_export_schema *s, size_t i,
                        const char *value)
{
    kg_out *o = x->out;
    kg_export_open(x, s, i);
    if (s->v[i].multi)
        write_list(x, value);
    else
        kg_xml_text(o, value, 0, &x->replaced);
    kg_out_puts(o, "\"/>\n");
}

/* kgraph's own attributes (type, aliases, directed): named as they are. */
static void write_fixed(kg_exporter *x, const char *id, const char *value)
{
    kg_export_puts3(x->out, "        <attvalue for=\"", id, "\" value=\"");
    kg_xml_text(x->out, value, 0, &x->replaced);
    kg_out_puts(x->out, "\"/>\n");
}

/* Writes the values of list l under s's columns; returns them
 * (kg_export_values'), NULL when out of memory. */
static const char *const *write_columns(kg_exporter *x,
                                        const kg_export_schema *s, kg_list l)
{
    const char *const *v = kg_export_values(x, s, l);
    for (size_t i = 0; v && i < s->n; i++)
        if (*v[i])
            write_value(x, s, i, v[i]);
    return v;
}

/* ---- Time ---- */

/* The values of relation r's date roles (date, start, end) and their
 * keys: from `values`, r's under x->edges' columns, when gx's `role`
 * holds for them (NULL: not); else from r's list. */
static void date_roles(const kg_exporter *x, const gexf *gx,
                       const kg_relation *r, const char *const *values,
                       const char *v[3], const char *k[3])
{
    if (!values || !gx->roles) {
        kg_graph_date_roles(x->g, kg_rel_attrs(x->g, r), v, k);
        return;
    }
    for (int i = 0; i < 3; i++) {
        size_t c = gx->role[i];
        int some = c < x->edges.n;
        v[i] = some ? values[c] : NULL;
        k[i] = some ? x->edges.v[c].key : NULL;
    }
}

/* A relation's time in GEXF's dynamic mode: its date (or start date to
 * end date: start_date, begin_date, start; end_date, end), widened to
 * whole days, into from and to (16 bytes each); 0, or -1 when it has
 * none.  `values` as date_roles takes them. */
static int edge_spell(const kg_exporter *x, const gexf *gx,
                      const kg_relation *r, const char *const *values,
                      char *from, char *to)
{
    const kg_graph *g = x->g;
    const char *v[3], *k[3]; /* date, start, end */
    date_roles(x, gx, r, values, v, k);
    const char *kd = k[0], *ks = k[1], *ke = k[2];
    const char *date = v[0], *start = v[1], *end = v[2];
    char ignored[16];
    if (kg_graph_date_bounds(g, ks, start, from, ignored) == 0) {
        if (kg_graph_date_bounds(g, ke, end, ignored, to) != 0)
            kg_graph_date_bounds(g, ks, start, ignored, to);
        return 0;
    }
    return kg_graph_date_bounds(g, kd, date, from, to);
}

/* Where the relations' date roles are (gexf's `role`): whether it
 * holds, set in gx. */
static void find_roles(const kg_exporter *x, gexf *gx)
{
    const kg_export_schema *s = &x->edges;
    gx->roles = 1;
    gx->role[0] = gx->role[1] = gx->role[2] = s->n;
    for (size_t c = 0; c < s->n; c++) {
        int i = (int)kg_prov_of(s->v[c].key) - KG_PROV_DATE;
        if (i < 0 || i > 2)
            continue;
        if (gx->role[i] < s->n || s->v[c].multi)
            gx->roles = 0; /* its first value: kg_graph_date_roles' */
        gx->role[i] = c;
    }
}

/* Whether a shown relation has a time (no column with a date role: none
 * has one). */
static int any_spell(const kg_exporter *x, const gexf *gx)
{
    const kg_graph *g = x->g;
    if (gx->roles && gx->role[0] == x->edges.n && gx->role[1] == x->edges.n &&
        gx->role[2] == x->edges.n)
        return 0;
    char a[16], b[16];
    for (uint32_t r = 0; r < kg_nrels(g); r++)
        if (kg_edge_shown(g, r) &&
            edge_spell(x, gx, kg_rel(g, r), NULL, a, b) == 0)
            return 1;
    return 0;
}

/* ---- Elements ---- */

static void write_node(kg_exporter *x, uint32_t e)
{
    kg_out *o = x->out;
    const kg_graph *g = x->g;
    if (!kg_node_shown(g, e))
        return;
    const kg_entity *n = kg_ent(g, e);
    kg_out_puts(o, "      <node id=\"");
    kg_xml_text(o, kg_ent_id(g, n), 0, &x->replaced);
    kg_out_puts(o, "\" label=\"");
    kg_xml_text(o, kg_export_name(g, e), 0, &x->replaced);
    kg_out_puts(o, "\">\n        <attvalues>\n");
    if (kg_ent_type(g, n))
        write_fixed(x, "type", kg_ent_type(g, n));
    if (n->aliases)
        write_fixed(x, "aliases", kg_export_aliases(x, n, "; "));
    write_columns(x, &x->nodes, kg_ent_attrs(g, n));
    kg_out_puts(o, "        </attvalues>\n        ");
    write_colour(x, kg_export_node_look(x, e).fill);
    const kg_position *p = kg_position_of(&x->pos, e);
    if (p)
        kg_out_printf(o, "<viz:position x=\"%.1f\" y=\"%.1f\"/>", p->x, -p->y);
    if (p)
        kg_out_printf(o, "<viz:size value=\"%.1f\"/>\n      </node>\n",
                      p->h / 2);
    else /* (printf's 10.0) */
        kg_out_puts(o, "<viz:size value=\"10.0\"/>\n      </node>\n");
}

/* An edge's opening tag: its ends, direction, kind and label. */
static void open_edge(kg_exporter *x, uint32_t r)
{
    kg_out *o = x->out;
    const kg_graph *g = x->g;
    const gexf *gx = x->own;
    const kg_relation *rel = kg_rel(g, r);
    kg_out_puts(o, "      <edge id=\"r");
    kg_out_ulong(o, (unsigned long)r + 1);
    kg_out_puts(o, "\" source=\"");
    kg_xml_text(o, kg_ent_id(g, kg_ent(g, rel->src)), 0, &x->replaced);
    kg_out_puts(o, "\" target=\"");
    kg_xml_text(o, kg_ent_id(g, kg_ent(g, rel->dst)), 0, &x->replaced);
    kg_out_puts(o, "\"");
    if (kg_rel_undirected(g, r) && !gx->v12)    /* Gephi draws it so */
        kg_out_puts(o, " type=\"undirected\""); /* (networkx refuses it) */
    /* Gephi merges parallel edges of one kind: the type keeps them */
    const char *type = kg_rel_type(g, rel);
    if (type) {
        kg_out_puts(o, " kind=\"");
        kg_xml_text(o, type, 0, &x->replaced);
        kg_out_puts(o, "\"");
    }
    const char *text = kg_export_edge_text(x, rel);
    if (*text) {
        kg_out_puts(o, " label=\"");
        kg_xml_text(o, text, 0, &x->replaced);
        kg_out_puts(o, "\"");
    }
    kg_out_puts(o, ">\n");
}

static void write_edge(kg_exporter *x, uint32_t r)
{
    kg_out *o = x->out;
    const kg_graph *g = x->g;
    const gexf *gx = x->own;
    if (!kg_edge_shown(g, r))
        return;
    const kg_relation *rel = kg_rel(g, r);
    open_edge(x, r);
    kg_out_puts(o, "        <attvalues>\n");
    if (kg_rel_type(g, rel))
        write_fixed(x, "type", kg_rel_type(g, rel));
    kg_out_puts(o,
                kg_rel_undirected(g, r) /* (literals: no escape to run) */
                    ? "        <attvalue for=\"directed\" value=\"false\"/>\n"
                    : "        <attvalue for=\"directed\" value=\"true\"/>\n");
    const char *const *values =
        write_columns(x, &x->edges, kg_rel_attrs(g, rel));
    kg_out_puts(o, "        </attvalues>\n        ");
    write_colour(x, kg_export_edge_look(x, rel).border); /* (not values) */
    char from[16] = "", to[16] = ""; /* (set by edge_spell when 0) */
    if (gx->dynamic && edge_spell(x, gx, rel, values, from, to) == 0) {
        kg_export_puts3(o, "\n        <spells><spell start=\"", from,
                        "\" end=\"");
        kg_export_puts3(o, to, "\"/></spells>", "");
    }
    kg_out_puts(o, "\n      </edge>\n");
}

static void write_gexf(kg_exporter *x, int v12)
{
    kg_out *o = x->out;
    const kg_graph *g = x->g;
    gexf gx = {.v12 = v12};
    find_roles(x, &gx);
    gx.dynamic = any_spell(x, &gx);
    const char *ns = v12 ? "www.gexf.net/1.2draft" : "gexf.net/1.3";
    kg_out_printf(o,
                  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                  "<gexf xmlns=\"http://%s\" "
                  "xmlns:viz=\"http://%s/viz\" version=\"%s\">\n"
                  "  <meta><creator>kgraph %s</creator></meta>\n"
                  "  <graph defaultedgetype=\"directed\" mode=\"%s\"%s>\n",
                  ns, ns, v12 ? "1.2" : "1.3", KGRAPH_VERSION,
                  gx.dynamic ? "dynamic" : "static",
                  gx.dynamic ? " timeformat=\"date\"" : "");
    static const char *const node_fixed[] = {"type", "aliases", NULL};
    static const char *const edge_fixed[] = {"type", "directed", NULL};
    write_attributes(x, "node", &x->nodes, node_fixed);
    write_attributes(x, "edge", &x->edges, edge_fixed);
    x->own = &gx;
    kg_out_puts(o, "    <nodes>\n");
    kg_export_run(x, kg_nents(g), write_node);
    kg_out_puts(o, "    </nodes>\n    <edges>\n");
    kg_export_run(x, kg_nrels(g), write_edge);
    kg_out_puts(o, "    </edges>\n  </graph>\n</gexf>\n");
    x->own = NULL;
}

static void write_gexf13(kg_exporter *x)
{
    write_gexf(x, 0);
}

static void write_gexf12(kg_exporter *x)
{
    write_gexf(x, 1);
}

const kg_export_backend kg_export_gexf13 = {1, column_opening, write_gexf13};
const kg_export_backend kg_export_gexf12 = {1, column_opening, write_gexf12};
