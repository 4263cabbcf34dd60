/*
 * cyjs.c - the graph as Cytoscape.js JSON (cyjs.h).
 */
#include "export/cyjs.h"

#include <stdlib.h>
#include <string.h>

#include "export/exporter_int.h"
#include "graph/view.h"
#include "rules/data_key.h"
#include "rules/escape.h"

/* What the elements are written with (the exporter's `own`). */
/*
 * A node's id is its entity's id, as the data has it: a script finds
 * Jurgen Stock by cy.getElementById('jurgen_stock').  What kgraph adds
 * has ids of its own that no entity id can meet (Cytoscape.js wants ids
 * unique across nodes and edges): a cluster's is "c:" + its value, an
 * edge's "e:r" + its row number, each prefix given more colons ("c::")
 * until no entity id starts with it.
 */
typedef struct cyjs {
    uint32_t first; /* the element the list starts with: no comma before */
    kg_buf cluster, edge; /* the prefixes of kgraph's own ids */
} cyjs;

/* letter + ':' and as many more ':' as make a prefix no entity id of g
 * starts with, into b.  0, or -1 when out of memory. */
static int own_prefix(kg_buf *b, const kg_graph *g, char letter)
{
    size_t colons = 1;
    for (uint32_t e = 0; e < kg_nents(g); e++) {
        const char *id = kg_ent_id(g, kg_ent(g, e));
        if (id[0] != letter || id[1] != ':')
            continue;
        size_t run = strspn(id + 1, ":");
        if (run >= colons)
            colons = run + 1;
    }
    int bad = kg_buf_putc(b, letter);
    for (size_t i = 0; i < colons && !bad; i++)
        bad = kg_buf_putc(b, ':');
    return bad ? -1 : 0;
}

/* A class name from a type: letters, digits, '-' and '_', so that a
 * stylesheet selector (".person") can name it. */
static void write_class(kg_out *o, const char *type)
{
    for (const char *p = type; *p; p++) {
        int word = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                   (*p >= '0' && *p <= '9') || *p == '-' || *p == '_';
        kg_out_putc(o, word ? *p : '_');
    }
}

/* The keys of an element's data that are kgraph's own (rules/data_key.h):
 * Cytoscape.js's (id, source, target, parent), the element's label, type
 * and direction, and its look for a stylesheet (kg_fill, kg_shape...). */
static const char *const own_names[] = {"id",    "source", "target",   "parent",
                                        "label", "type",   "directed", NULL};
static const char *const own_prefixes[] = {"kg_", NULL};
static const kg_own_keys own = {own_names, own_prefixes, 0, NULL};

/* Whether v is a number as JSON writes one:
 * -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
static int json_number(const char *v)
{
    const char *p = v + (*v == '-');
    if (*p == '0')
        p++;
    else if (*p >= '1' && *p <= '9')
        p += strspn(p, "0123456789");
    else
        return 0;
    if (*p == '.') {
        size_t n = strspn(p + 1, "0123456789");
        if (!n)
            return 0;
        p += 1 + n;
    }
    if (*p == 'e' || *p == 'E') {
        p += 1 + (p[1] == '+' || p[1] == '-');
        size_t n = strspn(p, "0123456789");
        if (!n)
            return 0;
        p += n;
    }
    return *p == '\0';
}

/* How a column's values are written (its `form`): typed as in GraphML,
 * a number or a boolean when the column is one, else a string. */
enum { AS_STRING, AS_NUMBER, AS_BOOLEAN };

/* A column's key up to its value, `, "KEY": ` (the exporter's table
 * keeps it: kg_export_openings), and its form. */
static void column_opening(kg_exporter *x, kg_export_column *c, size_t i,
                           int edges)
{
    (void)i;
    (void)edges;
    kg_out_puts(x->out, ", ");
    kg_json_text(x->out, kg_data_key_prefix(&own, c->key), c->key, 0);
    kg_out_puts(x->out, ": ");
    const char *t = kg_export_column_type(c, 0);
    c->form = strcmp(t, "long") == 0 || strcmp(t, "double") == 0 ? AS_NUMBER
              : strcmp(t, "boolean") == 0                        ? AS_BOOLEAN
                                                                 : AS_STRING;
}

/* A value of a column of form `form`: a number only when it is written
 * as JSON writes one. */
static void write_value(kg_out *o, int form, const char *v)
{
    if (form == AS_NUMBER && json_number(v))
        kg_out_puts(o, v);
    else if (form == AS_BOOLEAN)
        kg_out_puts(o, strcmp(v, "true") == 0 ? "true" : "false");
    else
        kg_json_text(o, "", v, 0);
}

static void write_columns(kg_exporter *x, const kg_export_schema *s, kg_list l)
{
    const char *const *values = kg_export_values(x, s, l);
    for (size_t i = 0; values && i < s->n; i++) {
        if (!*values[i])
            continue;
        kg_export_open(x, s, i);
        write_value(x->out, s->v[i].form, values[i]);
    }
}

/* Cytoscape.js's name for a look's shape. */
static const char *shape_of(const kg_export_look *k)
{
    const char *y = kg_export_yed_shape(k);
    static const char *const map[][2] = {{"ellipse", "ellipse"},
                                         {"rectangle", "rectangle"},
                                         {"roundrectangle", "round-rectangle"},
                                         {"hexagon", "hexagon"},
                                         {"octagon", "octagon"},
                                         {"diamond", "diamond"},
                                         {"parallelogram", "rhomboid"},
                                         {"trapezoid", "trapezoid"},
                                         {"trapezoid2", "tag"},
                                         {"triangle", "triangle"},
                                         {"rectangle3d", "rectangle"}};
    for (size_t i = 0; i < sizeof map / sizeof *map; i++)
        if (strcmp(y, map[i][0]) == 0)
            return map[i][1];
    return "ellipse";
}

/* Compound nodes for --cluster-by: one per value and per prefix of a
 * nested value ("MENA/North Africa/Morocco"), each inside its parent.
 * Clears *first when it wrote one. */
static void write_clusters(kg_exporter *x, int *first)
{
    kg_out *o = x->out;
    const cyjs *cy = x->own;
    size_t n;
    char **paths = kg_export_cluster_paths(x, &n);
    for (size_t i = 0; i < n; i++) {
        const char *slash = strrchr(paths[i], '/');
        kg_out_puts(o, *first ? "\n  " : ",\n  ");
        *first = 0;
        kg_out_puts(o, "{\"data\": {\"id\": ");
        kg_json_text(o, cy->cluster.data, paths[i], 0);
        kg_out_puts(o, ", \"label\": ");
        kg_json_text(o, "", slash ? slash + 1 : paths[i], 0);
        if (slash) {
            kg_out_puts(o, ", \"parent\": ");
            char *up = kg_strndup(paths[i], (size_t)(slash - paths[i]));
            kg_json_text(o, cy->cluster.data, up ? up : "", 0);
            free(up);
        }
        kg_out_puts(o, "}, \"classes\": \"cluster\"}");
    }
    kg_export_free_paths(paths, n);
}

/* The first shown node (edges: relation), or KG_NONE. */
static uint32_t first_shown(const kg_graph *g, int edges)
{
    size_t n = edges ? kg_nrels(g) : kg_nents(g);
    for (uint32_t i = 0; i < n; i++)
        if (edges ? kg_edge_shown(g, i) : kg_node_shown(g, i))
            return i;
    return KG_NONE;
}

/* kgraph's look as data, for a stylesheet's data(kg_fill), and its
 * place: kgraph's layout's, or none. */
static void write_node_look(kg_exporter *x, uint32_t e)
{
    kg_out *o = x->out;
    kg_export_look k = kg_export_node_look(x, e);
    const kg_position *p = kg_position_of(&x->pos, e);
    kg_export_puts3(o, ", \"kg_fill\": \"", k.fill, "\", \"kg_border\": \"");
    kg_export_puts3(o, k.border, "\", \"kg_shape\": \"", shape_of(&k));
    if (p)
        kg_out_printf(o, "\", \"kg_width\": %.1f, \"kg_height\": %.1f}", p->w,
                      p->h);
    else /* (printf's 120.0 and 36.0) */
        kg_out_puts(o, "\", \"kg_width\": 120.0, \"kg_height\": 36.0}");
    if (p)
        kg_out_printf(o, ", \"position\": {\"x\": %.1f, \"y\": %.1f}", p->x,
                      p->y);
}

static void write_node(kg_exporter *x, uint32_t e)
{
    kg_out *o = x->out;
    const kg_graph *g = x->g;
    const cyjs *cy = x->own;
    if (!kg_node_shown(g, e))
        return;
    const kg_entity *n = kg_ent(g, e);
    kg_out_puts(o, e == cy->first ? "\n  " : ",\n  ");
    kg_out_puts(o, "{\"data\": {\"id\": ");
    kg_json_text(o, "", kg_ent_id(g, n), 0);
    kg_out_puts(o, ", \"label\": ");
    kg_json_text(o, "", kg_export_name(g, e), 0);
    if (kg_ent_type(g, n)) {
        kg_out_puts(o, ", \"type\": ");
        kg_json_text(o, "", kg_ent_type(g, n), 0);
    }
    if (kg_export_cluster_of(x, e)) { /* inside its cluster's node */
        kg_out_puts(o, ", \"parent\": ");
        kg_json_text(o, cy->cluster.data, kg_export_cluster_of(x, e), 0);
    }
    write_columns(x, &x->nodes, kg_ent_attrs(g, n));
    write_node_look(x, e);
    if (kg_ent_look_type(g, e)) {
        kg_out_puts(o, ", \"classes\": \"");
        write_class(o, kg_ent_look_type(g, e));
        kg_out_puts(o, "\"");
    }
    kg_out_puts(o, "}");
}

/* An edge's data: its ends, label, type and direction. */
static void write_edge_data(kg_exporter *x, uint32_t r)
{
    kg_out *o = x->out;
    const kg_graph *g = x->g;
    const kg_relation *rel = kg_rel(g, r);
    const cyjs *cy = x->own;
    char row[32];
    snprintf(row, sizeof row, "r%lu", (unsigned long)r + 1);
    kg_out_puts(o, "{\"data\": {\"id\": ");
    kg_json_text(o, cy->edge.data, row, 0);
    kg_out_puts(o, ", \"source\": ");
    kg_json_text(o, "", kg_ent_id(g, kg_ent(g, rel->src)), 0);
    kg_out_puts(o, ", \"target\": ");
    kg_json_text(o, "", kg_ent_id(g, kg_ent(g, rel->dst)), 0);
    const char *text = kg_export_edge_text(x, rel);
    if (*text) {
        kg_out_puts(o, ", \"label\": ");
        kg_json_text(o, "", text, 0);
    }
    if (kg_rel_type(g, rel)) {
        kg_out_puts(o, ", \"type\": ");
        kg_json_text(o, "", kg_rel_type(g, rel), 0);
    }
    kg_out_puts(o, kg_rel_undirected(g, r) ? ", \"directed\": false"
                                           : ", \"directed\": true");
}

static void write_edge(kg_exporter *x, uint32_t r)
{
    kg_out *o = x->out;
    const kg_graph *g = x->g;
    const cyjs *cy = x->own;
    if (!kg_edge_shown(g, r))
        return;
    const kg_relation *rel = kg_rel(g, r);
    kg_out_puts(o, r == cy->first ? "\n  " : ",\n  ");
    write_edge_data(x, r);
    write_columns(x, &x->edges, kg_rel_attrs(g, rel));
    kg_export_look k = kg_export_edge_look(x, rel);
    const char *line = kg_export_line_type(k.style);
    kg_export_puts3(o, ", \"kg_color\": \"", k.border, "\", \"kg_line\": \"");
    kg_export_puts3(o, strcmp(line, "line") == 0 ? "solid" : line, "\"}", "");
    if (kg_rel_type(g, rel)) {
        kg_out_puts(o, ", \"classes\": \"");
        write_class(o, kg_rel_type(g, rel));
        kg_out_puts(o, "\"");
    }
    kg_out_puts(o, "}");
}

static void write_cyjs(kg_exporter *x)
{
    kg_out *o = x->out;
    const kg_graph *g = x->g;
    cyjs cy;
    kg_out_puts(o,
                "{\"format_version\": \"1.0\", \"generated_by\": "
                "\"kgraph " KGRAPH_VERSION "\", \"elements\": {\"nodes\": [");
    kg_buf_init(&cy.cluster);
    kg_buf_init(&cy.edge);
    if (own_prefix(&cy.cluster, g, 'c') || own_prefix(&cy.edge, g, 'e'))
        x->nomem = 1;
    x->own = &cy;
    int first = 1;
    write_clusters(x, &first);
    /* after the clusters, every node needs its comma */
    cy.first = first ? first_shown(g, 0) : KG_NONE;
    kg_export_run(x, kg_nents(g), write_node);
    kg_out_puts(o, "\n], \"edges\": [");
    cy.first = first_shown(g, 1);
    kg_export_run(x, kg_nrels(g), write_edge);
    kg_out_puts(o, "\n]}}\n");
    x->own = NULL;
    kg_buf_free(&cy.cluster);
    kg_buf_free(&cy.edge);
}

const kg_export_backend kg_export_cyjs = {1, column_opening, write_cyjs};
