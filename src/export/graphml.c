/*
 * graphml.c - the graph as GraphML, styled for yEd (graphml.h): read by
 * yEd, networkx, igraph and graphology.
 */
#include "export/graphml.h"

#include <stdlib.h>
#include <string.h>

#include "export/exporter_int.h"
#include "graph/view.h"
#include "rules/data_key.h"
#include "rules/escape.h"

/* GraphML's own keys (rules/data_key.h): the attribute names it writes
 * itself, "id" (igraph's name for the element's own id), and what
 * networkx's reader takes for its own: the yEd graphics it reads as x, y
 * and shape_type, and its node's argument (a TypeError). */
static const char *const own_names[] = {
    "id", "label", "type",       "aliases",         "directed",
    "x",  "y",     "shape_type", "node_for_adding", NULL};
static const kg_own_keys own = {own_names, NULL, 0, NULL};

/* A <data> element's opening for GraphML's own key `id`: the literal
 * and its length, both known to the compiler (write_data's first two
 * arguments). */
#define DATA_OPEN(id)                                                          \
    "      <data key=\"" id "\">", sizeof "      <data key=\"" id "\">" - 1

/* A column's XML id: "n3" (edges: "e3") for column 3. */
static void write_column_id(kg_out *o, size_t i, int edges)
{
    kg_out_putc(o, edges ? 'e' : 'n');
    kg_out_ulong(o, (unsigned long)i);
}

/* A column's <data> opening, `      <data key="n3">` (the exporter's
 * table keeps it: kg_export_openings). */
static void column_opening(kg_exporter *x, kg_export_column *c, size_t i,
                           int edges)
{
    (void)c;
    kg_out_puts(x->out, "      <data key=\"");
    write_column_id(x->out, i, edges);
    kg_out_puts(x->out, "\">");
}

static void write_keys(kg_exporter *x)
{
    kg_out *o = x->out;
    kg_out_puts(
        o, "  <key id=\"label\" for=\"node\" attr.name=\"label\" "
           "attr.type=\"string\"/>\n"
           "  <key id=\"type\" for=\"node\" attr.name=\"type\" "
           "attr.type=\"string\"/>\n"
           "  <key id=\"aliases\" for=\"node\" attr.name=\"aliases\" "
           "attr.type=\"string\"/>\n"
           "  <key id=\"elabel\" for=\"edge\" attr.name=\"label\" "
           "attr.type=\"string\"/>\n"
           "  <key id=\"etype\" for=\"edge\" attr.name=\"type\" "
           "attr.type=\"string\"/>\n"
           "  <key id=\"directed\" for=\"edge\" attr.name=\"directed\" "
           "attr.type=\"boolean\"/>\n"
           "  <key id=\"ng\" for=\"node\" yfiles.type=\"nodegraphics\"/>\n"
           "  <key id=\"eg\" for=\"edge\" yfiles.type=\"edgegraphics\"/>\n");
    kg_export_schema *s[2] = {&x->nodes, &x->edges};
    for (int k = 0; k < 2; k++)
        for (size_t i = 0; i < s[k]->n; i++) {
            kg_export_column *c = &s[k]->v[i];
            kg_out_puts(o, "  <key id=\"");
            write_column_id(o, i, k);
            kg_export_puts3(o, "\" for=\"", k ? "edge" : "node",
                            "\" attr.name=\"");
            kg_export_xml_key(x, &own, c->key);
            kg_out_printf(o, "\" attr.type=\"%s\"/>\n",
                          kg_export_column_type(c, 0));
        }
}

/* A <data> element's value and its end. */
static void write_value(kg_exporter *x, const char *value)
{
    kg_xml_text(x->out, value, 0, &x->replaced);
    kg_out_puts(x->out, "</data>\n");
}

/* A <data> element of GraphML's own key: its opening (DATA_OPEN's),
 * then the value. */
static void write_data(kg_exporter *x, const char *open, size_t open_len,
                       const char *value)
{
    kg_out_write(x->out, open, open_len);
    write_value(x, value);
}

static void write_columns(kg_exporter *x, const kg_export_schema *s, kg_list l)
{
    const char *const *v = kg_export_values(x, s, l);
    for (size_t i = 0; v && i < s->n; i++)
        if (*v[i]) {
            kg_export_open(x, s, i);
            write_value(x, v[i]);
        }
}

/* yEd's node graphics: geometry (where kgraph's layout put it), fill,
 * border, name and shape.  yEd's defaults are left out (no fill
 * transparency, a 1.0 border, and x and y of 0 without a position):
 * GraphML is the bulkiest export. */
static void write_shape(kg_exporter *x, uint32_t e)
{
    kg_out *o = x->out;
    kg_export_look k = kg_export_node_look(x, e);
    const kg_position *p = kg_position_of(&x->pos, e);
    double w = p ? p->w : 120, h = p ? p->h : 40;
    kg_out_puts(o, "      <data key=\"ng\"><y:ShapeNode><y:Geometry ");
    if (p)
        kg_out_printf(o, "x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"",
                      p->x - w / 2, p->y - h / 2, w, h);
    else /* (printf's 120.0 and 40.0) */
        kg_out_puts(o, "width=\"120.0\" height=\"40.0\"");
    kg_export_puts3(o, "/><y:Fill color=\"", k.fill,
                    "\"/><y:BorderStyle color=\"");
    kg_export_puts3(o, k.border, "\" type=\"", k.line);
    kg_out_puts(o, "\"/><y:NodeLabel>");
    kg_xml_text(o, kg_export_name(x->g, e), 0, &x->replaced);
    kg_export_puts3(o, "</y:NodeLabel><y:Shape type=\"", k.yed,
                    "\"/></y:ShapeNode></data>\n");
}

static void write_node(kg_exporter *x, uint32_t e)
{
    const kg_graph *g = x->g;
    const kg_entity *n = kg_ent(g, e);
    kg_out *o = x->out;
    kg_out_puts(o, "    <node id=\"");
    kg_xml_text(o, kg_ent_id(g, n), 0, &x->replaced);
    kg_out_puts(o, "\">\n");
    write_data(x, DATA_OPEN("label"), kg_export_name(g, e));
    if (kg_ent_type(g, n))
        write_data(x, DATA_OPEN("type"), kg_ent_type(g, n));
    if (n->aliases)
        write_data(x, DATA_OPEN("aliases"), kg_export_aliases(x, n, "; "));
    write_columns(x, &x->nodes, kg_ent_attrs(g, n));
    write_shape(x, e);
    kg_out_puts(o, "    </node>\n");
}

static void write_shown_node(kg_exporter *x, uint32_t e)
{
    if (kg_node_shown(x->g, e))
        write_node(x, e);
}

/* yEd's edge graphics: line colour and style, arrow, label (`text`,
 * kg_export_edge_text's). */
static void write_line(kg_exporter *x, const kg_relation *rel, int directed,
                       const char *text)
{
    kg_out *o = x->out;
    kg_export_look k = kg_export_edge_look(x, rel);
    kg_export_puts3(o,
                    "      <data key=\"eg\"><y:PolyLineEdge><y:LineStyle "
                    "color=\"",
                    k.border, "\" type=\"");
    kg_export_puts3(o, k.line, "\"/><y:Arrows source=\"none\" target=\"",
                    directed ? "standard\"/>" : "none\"/>");
    if (*text) {
        kg_out_puts(o, "<y:EdgeLabel>");
        kg_xml_text(o, text, 0, &x->replaced);
        kg_out_puts(o, "</y:EdgeLabel>");
    }
    kg_out_puts(o, "</y:PolyLineEdge></data>\n");
}

static void write_edge(kg_exporter *x, uint32_t r)
{
    const kg_graph *g = x->g;
    const kg_relation *rel = kg_rel(g, r);
    kg_out *o = x->out;
    if (!kg_edge_shown(g, r))
        return;
    int directed = !kg_rel_undirected(g, r);
    kg_out_puts(o, "    <edge id=\"r");
    kg_out_ulong(o, (unsigned long)r + 1);
    kg_out_puts(o, "\" source=\"");
    kg_xml_text(o, kg_ent_id(g, kg_ent(g, rel->src)), 0, &x->replaced);
    kg_out_puts(o, "\" target=\"");
    kg_xml_text(o, kg_ent_id(g, kg_ent(g, rel->dst)), 0, &x->replaced);
    /* direction as data: networkx refuses an edge's directed="false" in
     * a directed graph, and kgraph's graphs mix the two */
    kg_out_puts(o, "\">\n");
    const char *text = kg_export_edge_text(x, rel);
    if (*text)
        write_data(x, DATA_OPEN("elabel"), text);
    if (kg_rel_type(g, rel))
        write_data(x, DATA_OPEN("etype"), kg_rel_type(g, rel));
    kg_out_puts(o, directed /* (two literals: no escape to run) */
                       ? "      <data key=\"directed\">true</data>\n"
                       : "      <data key=\"directed\">false</data>\n");
    write_columns(x, &x->edges, kg_rel_attrs(g, rel));
    write_line(x, rel, directed, text); /* (x->scratch not written since) */
    kg_out_puts(o, "    </edge>\n");
}

/* ---- Clusters as yEd groups ---- */

/* Entities in clusters, sorted by their cluster's path (then input
 * order), to write each group's members together. */
typedef struct clustered {
    char *path;
    uint32_t e;
} clustered;

static int by_path(const void *a, const void *b)
{
    const clustered *x = a, *y = b;
    int c = strcmp(x->path, y->path);
    return c ? c : (x->e > y->e) - (x->e < y->e);
}

/* The clusters being written: every path, and the members sorted. */
typedef struct groups {
    char **paths;
    size_t np;
    clustered *m;
    size_t nm;
} groups;

/* Group node `path` up to where its own graph begins (yEd's group: a
 * ProxyAutoBoundsNode holding a GroupNode). */
static void open_group(kg_exporter *x, const char *path)
{
    kg_out *o = x->out;
    const char *slash = strrchr(path, '/');
    kg_out_puts(o, "    <node id=\"c:");
    kg_xml_text(o, path, 0, &x->replaced);
    kg_out_puts(o, "\" yfiles.foldertype=\"group\">\n");
    write_data(x, DATA_OPEN("label"), slash ? slash + 1 : path);
    kg_out_puts(
        o, "      <data key=\"ng\"><y:ProxyAutoBoundsNode><y:Realizers "
           "active=\"0\"><y:GroupNode><y:Fill color=\"#F4F4F4\" "
           "transparent=\"false\"/><y:BorderStyle color=\"#BBBBBB\" "
           "type=\"line\" width=\"1.0\"/><y:NodeLabel modelName=\"internal\" "
           "modelPosition=\"t\">");
    kg_xml_text(o, slash ? slash + 1 : path, 0, &x->replaced);
    kg_out_puts(o, "</y:NodeLabel><y:Shape type=\"roundrectangle\"/><y:State "
                   "closed=\"false\"/></y:GroupNode></y:Realizers>"
                   "</y:ProxyAutoBoundsNode></data>\n    <graph id=\"c:");
    kg_xml_text(o, path, 0, &x->replaced);
    kg_out_puts(o, ":\" edgedefault=\"directed\">\n");
}

/* The first member of cluster `path` in gr->m, or gr->nm. */
static size_t first_member(const groups *gr, const char *path)
{
    clustered key = {(char *)path, 0};
    size_t lo = 0, hi = gr->nm;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (by_path(&gr->m[mid], &key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Group gr->paths[i], its members, then its sub-groups, inside its own
 * graph (at most ten deep, as cluster paths are cut). */
static void write_group(kg_exporter *x, const groups *gr, size_t i)
{
    const char *path = gr->paths[i];
    open_group(x, path);
    for (size_t k = first_member(gr, path);
         k < gr->nm && strcmp(gr->m[k].path, path) == 0; k++)
        write_node(x, gr->m[k].e);
    size_t n = strlen(path);
    for (size_t k = i + 1; k < gr->np && strncmp(gr->paths[k], path, n) == 0;
         k++)
        if (gr->paths[k][n] == '/' && !strchr(gr->paths[k] + n + 1, '/'))
            write_group(x, gr, k);
    kg_out_puts(x->out, "    </graph>\n    </node>\n");
}

/* Entities outside clusters, in input order, then each top-level group
 * with what it holds.  Without clusters (or the memory to sort their
 * members), or for an entity whose path cannot be copied, entities are
 * written outside. */
static void write_clustered(kg_exporter *x)
{
    const kg_graph *g = x->g;
    groups gr = {NULL, 0, NULL, 0};
    gr.paths = kg_export_cluster_paths(x, &gr.np);
    gr.m = gr.np ? kg_calloc(kg_nents(g) + 1, sizeof *gr.m) : NULL;
    if (!gr.m) {
        for (uint32_t e = 0; e < kg_nents(g); e++)
            write_shown_node(x, e);
        kg_export_free_paths(gr.paths, gr.np);
        return;
    }
    for (uint32_t e = 0; e < kg_nents(g); e++) {
        if (!kg_node_shown(g, e))
            continue;
        const char *v = kg_export_cluster_of(x, e);
        char *copy = v ? kg_strndup(v, strlen(v)) : NULL;
        if (copy)
            gr.m[gr.nm++] = (clustered){copy, e};
        else
            write_node(x, e);
    }
    if (gr.nm)
        qsort(gr.m, gr.nm, sizeof *gr.m, by_path);
    for (size_t i = 0; i < gr.np; i++)
        if (!strchr(gr.paths[i], '/'))
            write_group(x, &gr, i);
    for (size_t i = 0; i < gr.nm; i++)
        free(gr.m[i].path);
    free(gr.m);
    kg_export_free_paths(gr.paths, gr.np);
}

static void write_graphml(kg_exporter *x)
{
    kg_out *o = x->out;
    kg_out_puts(
        o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" "
           "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
           "xmlns:y=\"http://www.yworks.com/xml/graphml\" "
           "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
           "http://www.yworks.com/xml/schema/graphml/1.1/ygraphml.xsd\">\n");
    write_keys(x);
    kg_out_puts(o, "  <graph id=\"kgraph\" edgedefault=\"directed\">\n");
    if (x->cluster_by) /* groups nest: written here, in one pass */
        write_clustered(x);
    else
        kg_export_run(x, kg_nents(x->g), write_shown_node);
    kg_export_run(x, kg_nrels(x->g), write_edge);
    kg_out_puts(o, "  </graph>\n</graphml>\n");
}

const kg_export_backend kg_export_graphml = {1, column_opening, write_graphml};
