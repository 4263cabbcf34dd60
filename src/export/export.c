/*
 * export.c - the graph for other tools: GraphML (with yEd's styling),
 * GEXF (Gephi) and Cytoscape.js JSON.
 *
 * Every format shows the graph the picture shows (filters and folds
 * applied), streams from kgraph's store in input order, and escapes every
 * string for where it lands.  Attributes are declared once, typed by
 * their values over the whole graph: boolean, long, double, else string
 * (and a list where a key has several values); dates stay strings, which
 * every reader takes.  Positions come from kgraph's own layout (a render
 * to Graphviz's plain format) for graphs of up to KG_EXPORT_LAYOUT
 * entities; larger ones are left to the tool's layouts.
 */
#include "export/export.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "rules/dot.h"
#include "rules/escape.h"
#include "rules/evidence.h"
#include "rules/ftm_model.h"
#include "rules/style.h"
#include "util/diag.h"

/* ---- What the attributes are ---- */

enum { T_BOOL = 1, T_LONG = 2, T_DOUBLE = 4, T_STRING = 8 };

typedef struct column {
    const char *key;      /* interned */
    unsigned long values; /* how many it has */
    unsigned types;       /* what its values can be read as, all of them */
    int multi;            /* a value several times on one element */
    char name[64];        /* its XML id: d0, d1... */
} column;

typedef struct schema {
    column *v;
    size_t n, cap;
} schema;

/* What v can be read as.  A whole number of more than 15 digits is text:
 * a double holds no more exactly (JavaScript reads every JSON number as
 * one, jansson refuses integers past 64 bits), and such long numbers are
 * identifiers (accounts, phone numbers), not quantities. */
static unsigned value_types(const char *v)
{
    unsigned t = T_STRING;
    if (strcmp(v, "true") == 0 || strcmp(v, "false") == 0)
        return t | T_BOOL;
    char *end;
    const char *digits = v + (*v == '-' || *v == '+');
    if (*digits && strspn(digits, "0123456789") == strlen(digits) &&
        strlen(digits) > 15)
        return t;
    if (*v && strspn(v, "0123456789-+") == strlen(v)) {
        (void)strtoll(v, &end, 10);
        if (!*end && strlen(v) < 19 && (v[0] != '0' || !v[1]))
            t |= T_LONG | T_DOUBLE;
    }
    double d = strtod(v, &end);
    if (*v && !*end && isfinite(d) && !strchr("+.", v[0]) &&
        !strpbrk(v, "xXnNiI") && v[strlen(v) - 1] != '.')
        t |= T_DOUBLE;
    return t;
}

static column *column_of(schema *s, const char *key)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->v[i].key == key)
            return &s->v[i];
    if (kg_grow((void **)&s->v, &s->cap, s->n + 1, sizeof *s->v))
        return NULL;
    column *c = &s->v[s->n++];
    memset(c, 0, sizeof *c);
    c->key = key;
    c->types = T_BOOL | T_LONG | T_DOUBLE | T_STRING;
    return c;
}

/* Gathers list l's keys (its file's columns first, in their order, as
 * the DOT has them) and what their values are. */
static int learn(schema *s, const kg_graph *g, kg_list l)
{
    const kg_colset *cs = l.cells ? kg_graph_colset(g, l.cols) : NULL;
    for (uint32_t k = 0; cs && k < cs->n; k++)
        if (!column_of(s, cs->keys[k]))
            return -1;
    kg_attr_it it;
    const char *last = NULL;
    for (kg_attr_begin(g, l, &it); kg_attr_step(&it);) {
        column *c = column_of(s, it.key);
        if (!c)
            return -1;
        c->values++;
        c->types &= value_types(it.value);
        /* a key met again on the same element: items come after cells */
        if (it.key == last || (!it.cell && !it.keys))
            c->multi |= it.key == last;
        last = it.key;
    }
    return 0;
}

/* Whether a key's values repeat within one element (checked directly). */
static void learn_multi(schema *s, const kg_graph *g, kg_list l)
{
    kg_attr_it it;
    for (kg_attr_begin(g, l, &it); kg_attr_step(&it);) {
        kg_attr_it jt = it;
        while (kg_attr_step(&jt))
            if (jt.key == it.key) {
                column *c = column_of(s, it.key);
                if (c)
                    c->multi = 1;
                break;
            }
    }
}

/* Dates are strings in every format (a "date" type makes networkx and
 * igraph refuse a GraphML file; a year alone is no number). */
static int date_key(const char *key)
{
    return kg_ascii_casecmp(key, "date") == 0 ||
           kg_ascii_casecmp(key, "start_date") == 0 ||
           kg_ascii_casecmp(key, "end_date") == 0;
}

static const char *type_name(const column *c, int gexf)
{
    if (date_key(c->key) || !c->values)
        return "string";
    if (c->multi)
        return gexf ? "liststring" : "string";
    if (c->types & T_BOOL)
        return "boolean";
    if (c->types & T_LONG)
        return "long";
    if (c->types & T_DOUBLE)
        return "double";
    return "string";
}

typedef struct exporter {
    const kg_graph *g;
    kg_out *out;
    kg_export_format fmt;
    schema nodes, edges;
    kg_positions pos;
    unsigned long replaced; /* characters XML cannot hold */
    kg_buf scratch;
    const char *cluster_by; /* opts->cluster_by, or NULL */
    kg_buf cluster;         /* cluster_of's value */
    int v12, dynamic;       /* GEXF 1.2draft; dates as spells */
    uint32_t first;         /* the first element shown (a JSON list's) */
    uint32_t *ftm_first, *ftm_next; /* FtM: country links per entity */
    int nomem; /* a value could not be made: the export fails, whole */
} exporter;

/* Appending to x->scratch: -1 when out of memory, remembered in x->nomem
 * so that the export fails rather than leave a value short. */
static int scratch_puts(exporter *x, const char *s)
{
    if (kg_buf_puts(&x->scratch, s) == 0)
        return 0;
    x->nomem = 1;
    return -1;
}

static int scratch_putc(exporter *x, char c)
{
    if (kg_buf_putc(&x->scratch, c) == 0)
        return 0;
    x->nomem = 1;
    return -1;
}

static int learn_all(exporter *x)
{
    const kg_graph *g = x->g;
    for (uint32_t i = 0; i < kg_nents(g); i++) {
        if (!kg_node_shown(g, i))
            continue;
        if (learn(&x->nodes, g, kg_ent(g, i)->attrs))
            return -1;
        if (kg_ent(g, i)->attrs.head)
            learn_multi(&x->nodes, g, kg_ent(g, i)->attrs);
    }
    for (uint32_t r = 0; r < kg_nrels(g); r++) {
        if (!kg_edge_shown(g, r))
            continue;
        kg_list l = kg_rel_attrs(g, kg_rel(g, r));
        if (learn(&x->edges, g, l))
            return -1;
        if (l.head)
            learn_multi(&x->edges, g, l);
    }
    return 0;
}

/* Entity n's aliases, `sep` between them (in x->scratch). */
static const char *aliases_of(exporter *x, const kg_entity *n, const char *sep)
{
    kg_buf_clear(&x->scratch);
    for (const kg_attr *a = kg_attr_at(x->g, n->aliases); a;
         a = kg_attr_next(x->g, a))
        if ((x->scratch.len && scratch_puts(x, sep)) ||
            scratch_puts(x, a->value))
            break;
    return x->scratch.data ? x->scratch.data : "";
}

/* All the values of key on list l, "; " between them (in x->scratch). */
static const char *joined(exporter *x, kg_list l, const char *key)
{
    kg_buf_clear(&x->scratch);
    kg_attr_it it;
    int rc = 0;
    for (kg_attr_begin(x->g, l, &it); kg_attr_step(&it) && !rc;)
        if (it.key == key)
            rc = (x->scratch.len && scratch_puts(x, "; ")) ||
                 scratch_puts(x, it.value);
    return x->scratch.data ? x->scratch.data : "";
}

/* ---- Looks (for yEd, Gephi and Cytoscape.js) ---- */

static const char *look_value(const kg_look *l, const char *key)
{
    for (size_t i = 0; l && i < l->n; i++)
        if (strcmp(l->keys[i], key) == 0)
            return l->values[i];
    return NULL;
}

/* #RRGGBB from a look's colour, or `otherwise`. */
static const char *hex_colour(const char *c, const char *otherwise)
{
    if (c && c[0] == '#' && (strlen(c) == 7 || strlen(c) == 9) &&
        strspn(c + 1, "0123456789abcdefABCDEF") == strlen(c) - 1)
        return c;
    return otherwise;
}

typedef struct look {
    const char *shape, *fill, *border, *style;
} look;

static look node_look(const exporter *x, uint32_t e)
{
    const kg_look *l = kg_style_look(kg_graph_style(x->g), KG_STYLE_NODE,
                                     kg_ent_look_type(x->g, e));
    const char *style = look_value(l, "style");
    int filled = style && strstr(style, "filled");
    return (look){look_value(l, "shape"),
                  filled ? hex_colour(look_value(l, "fillcolor"), "#e0e0e0")
                         : "#ffffff",
                  hex_colour(look_value(l, "color"), "#000000"), style};
}

static look edge_look(const exporter *x, const kg_relation *r)
{
    const kg_look *l = kg_style_look(kg_graph_style(x->g), KG_STYLE_EDGE,
                                     kg_rel_type(x->g, r));
    return (look){NULL, NULL, hex_colour(look_value(l, "color"), "#555555"),
                  look_value(l, "style")};
}

/* yEd's name for a Graphviz shape. */
static const char *yed_shape(const look *k)
{
    static const char *const map[][2] = {
        {"ellipse", "ellipse"},   {"oval", "ellipse"},
        {"circle", "ellipse"},    {"box", "rectangle"},
        {"rect", "rectangle"},    {"rectangle", "rectangle"},
        {"hexagon", "hexagon"},   {"octagon", "octagon"},
        {"diamond", "diamond"},   {"parallelogram", "parallelogram"},
        {"house", "trapezoid2"},  {"invhouse", "trapezoid"},
        {"triangle", "triangle"}, {"note", "rectangle"},
        {"box3d", "rectangle3d"}, {"trapezium", "trapezoid"}};
    const char *s = k->shape ? k->shape : "ellipse";
    for (size_t i = 0; i < sizeof map / sizeof *map; i++)
        if (strcmp(s, map[i][0]) == 0) {
            if (strcmp(map[i][1], "rectangle") == 0 && k->style &&
                strstr(k->style, "rounded"))
                return "roundrectangle";
            return map[i][1];
        }
    return "rectangle";
}

static const char *line_type(const char *style)
{
    if (style && strstr(style, "dotted"))
        return "dotted";
    if (style && strstr(style, "dashed"))
        return "dashed";
    return "line";
}

static const char *name_of(const kg_graph *g, uint32_t e)
{
    return kg_ent(g, e)->name ? kg_ent(g, e)->name : kg_ent(g, e)->id;
}

/* A relation's label as the picture shows it (its type with spaces). */
static const char *edge_text(exporter *x, const kg_relation *r)
{
    const char *label = kg_rel_label(x->g, r), *type = kg_rel_type(x->g, r);
    if (label || !type)
        return label ? label : "";
    kg_buf_clear(&x->scratch);
    if (kg_type_text(&x->scratch, type) == 0)
        return x->scratch.data;
    x->nomem = 1;
    return type;
}

/* ---- Two threads ---- */

enum { EXPORT_CHUNK = 8192 }; /* elements a thread formats at a time */

typedef void (*element_fn)(exporter *x, uint32_t i);

/* One chunk: elements [from, to) formatted by a copy of the exporter (its
 * own buffers and counts) into memory. */
typedef struct chunk {
    exporter x;
    element_fn fn;
    uint32_t from, to;
    kg_buf text; /* kept from chunk to chunk: no fresh pages each time */
    kg_out out;
} chunk;

static void format_chunk(void *arg)
{
    chunk *c = arg;
    kg_buf_clear(&c->text);
    kg_out_init_mem(&c->out, &c->text);
    c->x.out = &c->out;
    for (uint32_t i = c->from; i < c->to; i++)
        c->fn(&c->x, i);
    kg_out_flush(&c->out);
}

/* Writes a formatted chunk to x's output, in order; one whose buffer ran
 * out of memory is written directly, element by element. */
static void write_chunk(exporter *x, chunk *c)
{
    if (c->out.err) {
        for (uint32_t i = c->from; i < c->to; i++)
            c->fn(x, i);
        return;
    }
    kg_out_write(x->out, c->text.data ? c->text.data : "", c->text.len);
}

/* The writer thread's queue: at most one pair of chunks waits while the
 * next pair is formatted. */
typedef struct writer {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    exporter *x;
    chunk *waiting; /* a pair to write, or NULL */
    int done;
} writer;

static void *write_pairs(void *arg)
{
    writer *w = arg;
    for (;;) {
        pthread_mutex_lock(&w->mu);
        while (!w->waiting && !w->done)
            pthread_cond_wait(&w->cv, &w->mu);
        chunk *pair = w->waiting;
        pthread_mutex_unlock(&w->mu);
        if (!pair)
            return NULL;
        write_chunk(w->x, &pair[0]);
        write_chunk(w->x, &pair[1]);
        pthread_mutex_lock(&w->mu);
        w->waiting = NULL;
        pthread_cond_signal(&w->cv);
        pthread_mutex_unlock(&w->mu);
    }
}

/* Hands a formatted pair to the writer, once it has written the last. */
static void hand_over(writer *w, chunk *pair)
{
    pthread_mutex_lock(&w->mu);
    while (w->waiting)
        pthread_cond_wait(&w->cv, &w->mu);
    w->waiting = pair;
    pthread_cond_signal(&w->cv);
    pthread_mutex_unlock(&w->mu);
}

/*
 * fn(x, i) for every i below n, as one pass would write them, but on
 * three threads: chunks of EXPORT_CHUNK elements are formatted two at a
 * time into memory (here and on a second thread, kg_parallel) while a
 * writer thread writes the pair formatted before, in order; so the
 * kernel's copy of what may be gigabytes overlaps the formatting.  The
 * element writers only read what is shared (the graph, the schemata, the
 * positions); each chunk has its own scratch buffers, and only the writer
 * touches x's output meanwhile.  Small runs, or no thread to be had, are
 * written in one pass here.
 */
static void export_all(exporter *x, uint32_t n, element_fn fn)
{
    chunk *c = n < 2 * EXPORT_CHUNK ? NULL : kg_calloc(4, sizeof *c);
    writer w = {.x = x};
    pthread_t thread;
    int threaded = c && pthread_mutex_init(&w.mu, NULL) == 0;
    if (threaded && pthread_cond_init(&w.cv, NULL) != 0) {
        pthread_mutex_destroy(&w.mu);
        threaded = 0;
    }
    if (threaded && pthread_create(&thread, NULL, write_pairs, &w) != 0) {
        pthread_cond_destroy(&w.cv);
        pthread_mutex_destroy(&w.mu);
        threaded = 0;
    }
    if (!threaded) { /* one pass, here */
        free(c);
        for (uint32_t i = 0; i < n; i++)
            fn(x, i);
        return;
    }
    for (int k = 0; k < 4; k++) {
        c[k].x = *x;
        c[k].fn = fn;
        kg_buf_init(&c[k].text);
        kg_buf_init(&c[k].x.scratch);
        kg_buf_init(&c[k].x.cluster);
        c[k].x.replaced = 0;
    }
    int set = 0;
    for (uint32_t from = 0; from < n; from += 2 * EXPORT_CHUNK, set ^= 1) {
        chunk *pair = &c[2 * set]; /* not the pair being written */
        for (int k = 0; k < 2; k++) {
            uint32_t a = from + (uint32_t)k * EXPORT_CHUNK;
            pair[k].from = a < n ? a : n;
            pair[k].to = a + EXPORT_CHUNK < n ? a + EXPORT_CHUNK : n;
        }
        kg_parallel(format_chunk, &pair[0], &pair[1]);
        hand_over(&w, pair);
    }
    pthread_mutex_lock(&w.mu);
    w.done = 1;
    pthread_cond_signal(&w.cv);
    pthread_mutex_unlock(&w.mu);
    pthread_join(thread, NULL);
    pthread_cond_destroy(&w.cv);
    pthread_mutex_destroy(&w.mu);
    for (int k = 0; k < 4; k++) {
        x->replaced += c[k].x.replaced;
        kg_buf_free(&c[k].text);
        kg_buf_free(&c[k].x.scratch);
        kg_buf_free(&c[k].x.cluster);
    }
    free(c);
}

/* ---- Clusters (--cluster-by) ---- */

enum { CLUSTER_LEVELS = 10 }; /* as the DOT's clusters nest at most */

/* The value entity e is clustered by (as --cluster-by draws it), cut
 * after CLUSTER_LEVELS levels ("a/b/c"), into x->cluster; NULL for
 * none. */
static const char *cluster_of(exporter *x, uint32_t e)
{
    const kg_graph *g = x->g;
    if (!x->cluster_by)
        return NULL;
    const char *v = kg_ent_group(g, e, x->cluster_by);
    if (!v || !*v)
        return NULL;
    const char *p = v;
    for (int level = 1; level < CLUSTER_LEVELS && (p = strchr(p, '/')); level++)
        p++;
    size_t n = p && (p = strchr(p, '/')) ? (size_t)(p - v) : strlen(v);
    kg_buf_clear(&x->cluster);
    if (kg_buf_append(&x->cluster, v, n)) {
        x->nomem = 1;
        return NULL;
    }
    return x->cluster.data;
}

static int by_string(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every cluster path in use and every prefix of one, sorted, each once:
 * a malloc'd array of *n malloc'd strings (NULL when there are none or
 * memory ran out). */
static char **cluster_paths(exporter *x, size_t *n)
{
    const kg_graph *g = x->g;
    char **paths = NULL;
    size_t cap = 0;
    *n = 0;
    for (uint32_t e = 0; e < kg_nents(g); e++) {
        const char *v = kg_node_shown(g, e) ? cluster_of(x, e) : NULL;
        for (const char *p = v; v && p;) {
            const char *slash = strchr(p, '/');
            size_t len = slash ? (size_t)(slash - v) : strlen(v);
            if (kg_grow((void **)&paths, &cap, *n + 1, sizeof *paths) ||
                !(paths[*n] = kg_strndup(v, len)))
                return paths; /* what there is */
            (*n)++;
            p = slash ? slash + 1 : NULL;
        }
    }
    if (!*n)
        return paths;
    qsort(paths, *n, sizeof *paths, by_string);
    size_t k = 1;
    for (size_t i = 1; i < *n; i++) {
        if (strcmp(paths[i], paths[k - 1]) == 0)
            free(paths[i]);
        else
            paths[k++] = paths[i];
    }
    *n = k;
    return paths;
}

static void free_paths(char **paths, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(paths[i]);
    free(paths);
}

/* ---- GraphML ---- */

/* An attribute's XML id: "n3" / "e3" for column i. */
static void column_ids(schema *s, char kind)
{
    for (size_t i = 0; i < s->n; i++)
        snprintf(s->v[i].name, sizeof s->v[i].name, "%c%zu", kind, i);
}

/* A key name other tools can take: "id" would make igraph drop its
 * vertex names, and label, type, aliases, directed are kgraph's own, so
 * a column of such a name (or one named data_...) is written data_NAME,
 * as in the DOT. */
static void key_name(exporter *x, const char *key)
{
    static const char *const own[] = {"id",      "label",    "type",
                                      "aliases", "directed", NULL};
    int mine = strncmp(key, "data_", 5) == 0;
    for (int i = 0; own[i] && !mine; i++)
        mine = strcmp(key, own[i]) == 0;
    if (mine) /* kgraph's own names stay kgraph's */
        kg_out_puts(x->out, "data_");
    kg_xml_text(x->out, key, 0, &x->replaced);
}

static void graphml_keys(exporter *x)
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
    schema *s[2] = {&x->nodes, &x->edges};
    for (int k = 0; k < 2; k++)
        for (size_t i = 0; i < s[k]->n; i++) {
            column *c = &s[k]->v[i];
            kg_out_printf(o, "  <key id=\"%s\" for=\"%s\" attr.name=\"",
                          c->name, k ? "edge" : "node");
            key_name(x, c->key);
            kg_out_printf(o, "\" attr.type=\"%s\"/>\n", type_name(c, 0));
        }
}

static void graphml_data(exporter *x, const char *id, const char *value)
{
    kg_out_printf(x->out, "      <data key=\"%s\">", id);
    kg_xml_text(x->out, value, 0, &x->replaced);
    kg_out_puts(x->out, "</data>\n");
}

static void graphml_columns(exporter *x, schema *s, kg_list l)
{
    for (size_t i = 0; i < s->n; i++) {
        const char *v = joined(x, l, s->v[i].key);
        if (*v)
            graphml_data(x, s->v[i].name, v);
    }
}

static void graphml_node(exporter *x, uint32_t e)
{
    const kg_graph *g = x->g;
    const kg_entity *n = kg_ent(g, e);
    kg_out *o = x->out;
    kg_out_puts(o, "    <node id=\"");
    kg_xml_text(o, n->id, 0, &x->replaced);
    kg_out_puts(o, "\">\n");
    graphml_data(x, "label", name_of(g, e));
    if (kg_ent_type(g, n))
        graphml_data(x, "type", kg_ent_type(g, n));
    if (n->aliases) {
        graphml_data(x, "aliases", aliases_of(x, n, "; "));
    }
    graphml_columns(x, &x->nodes, n->attrs);
    look k = node_look(x, e);
    const kg_position *p = kg_position_of(&x->pos, e);
    double w = p ? p->w : 120, h = p ? p->h : 40;
    /* yEd's defaults left out (no fill transparency, a 1.0 border, and
     * x and y of 0 without a position): GraphML is the bulkiest export */
    kg_out_puts(o, "      <data key=\"ng\"><y:ShapeNode><y:Geometry ");
    if (p)
        kg_out_printf(o, "x=\"%.1f\" y=\"%.1f\" ", p->x - w / 2, p->y - h / 2);
    kg_out_printf(o,
                  "width=\"%.1f\" height=\"%.1f\"/><y:Fill color=\"%s\"/>"
                  "<y:BorderStyle color=\"%s\" type=\"%s\"/><y:NodeLabel>",
                  w, h, k.fill, k.border, line_type(k.style));
    kg_xml_text(o, name_of(g, e), 0, &x->replaced);
    kg_out_printf(o,
                  "</y:NodeLabel><y:Shape type=\"%s\"/></y:ShapeNode></data>\n",
                  yed_shape(&k));
    kg_out_puts(o, "    </node>\n");
}

static void graphml_edge(exporter *x, uint32_t r)
{
    const kg_graph *g = x->g;
    const kg_relation *rel = kg_rel(g, r);
    kg_out *o = x->out;
    if (!kg_edge_shown(g, r))
        return;
    int directed = !kg_rel_undirected(g, r);
    kg_out_printf(o, "    <edge id=\"r%lu\" source=\"", (unsigned long)r + 1);
    kg_xml_text(o, kg_ent(g, rel->src)->id, 0, &x->replaced);
    kg_out_puts(o, "\" target=\"");
    kg_xml_text(o, kg_ent(g, rel->dst)->id, 0, &x->replaced);
    /* direction as data: networkx refuses an edge's directed="false" in
     * a directed graph, and kgraph's graphs mix the two */
    kg_out_puts(o, "\">\n");
    const char *text = edge_text(x, rel);
    if (*text)
        graphml_data(x, "elabel", text);
    if (kg_rel_type(g, rel))
        graphml_data(x, "etype", kg_rel_type(g, rel));
    graphml_data(x, "directed", directed ? "true" : "false");
    graphml_columns(x, &x->edges, kg_rel_attrs(g, rel));
    look k = edge_look(x, rel);
    text = edge_text(x, rel); /* scratch was used by the columns since */
    kg_out_printf(
        o,
        "      <data key=\"eg\"><y:PolyLineEdge><y:LineStyle color=\"%s\" "
        "type=\"%s\"/><y:Arrows source=\"none\" "
        "target=\"%s\"/>",
        k.border, line_type(k.style), directed ? "standard" : "none");
    if (*text) {
        kg_out_puts(o, "<y:EdgeLabel>");
        kg_xml_text(o, text, 0, &x->replaced);
        kg_out_puts(o, "</y:EdgeLabel>");
    }
    kg_out_puts(o, "</y:PolyLineEdge></data>\n    </edge>\n");
}

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

/* Group node `path` (yEd's group: a ProxyAutoBoundsNode holding a
 * GroupNode), its members, then its sub-groups, inside its own graph. */
static void graphml_group(exporter *x, char **paths, size_t np, size_t i,
                          const clustered *m, size_t nm)
{
    kg_out *o = x->out;
    const char *path = paths[i], *slash = strrchr(path, '/');
    kg_out_puts(o, "    <node id=\"c:");
    kg_xml_text(o, path, 0, &x->replaced);
    kg_out_puts(o, "\" yfiles.foldertype=\"group\">\n");
    graphml_data(x, "label", slash ? slash + 1 : path);
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
    clustered key = {(char *)path, 0};
    size_t lo = 0, hi = nm; /* the first member */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (by_path(&m[mid], &key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (; lo < nm && strcmp(m[lo].path, path) == 0; lo++)
        graphml_node(x, m[lo].e);
    size_t n = strlen(path);
    for (size_t k = i + 1; k < np && strncmp(paths[k], path, n) == 0; k++)
        if (paths[k][n] == '/' && !strchr(paths[k] + n + 1, '/'))
            graphml_group(x, paths, np, k, m, nm); /* at most 10 deep */
    kg_out_puts(o, "    </graph>\n    </node>\n");
}

/* The nodes: entities outside clusters in input order, then each
 * top-level group with what it holds. */
static void graphml_shown_node(exporter *x, uint32_t e)
{
    if (kg_node_shown(x->g, e))
        graphml_node(x, e);
}

static void graphml_nodes(exporter *x)
{
    const kg_graph *g = x->g;
    size_t np = 0, nm = 0;
    if (!x->cluster_by) {
        export_all(x, kg_nents(g), graphml_shown_node);
        return;
    }
    char **paths = x->cluster_by ? cluster_paths(x, &np) : NULL;
    clustered *m = np ? kg_calloc(kg_nents(g) + 1, sizeof *m) : NULL;
    for (uint32_t e = 0; e < kg_nents(g); e++) {
        if (!kg_node_shown(g, e))
            continue;
        const char *v = m ? cluster_of(x, e) : NULL;
        char *copy = v ? kg_strndup(v, strlen(v)) : NULL;
        if (copy)
            m[nm++] = (clustered){copy, e};
        else
            graphml_node(x, e);
    }
    if (nm)
        qsort(m, nm, sizeof *m, by_path);
    for (size_t i = 0; m && i < np; i++)
        if (!strchr(paths[i], '/'))
            graphml_group(x, paths, np, i, m, nm);
    for (size_t i = 0; i < nm; i++)
        free(m[i].path);
    free(m);
    free_paths(paths, np);
}

static void write_graphml(exporter *x)
{
    kg_out *o = x->out;
    column_ids(&x->nodes, 'n');
    column_ids(&x->edges, 'e');
    kg_out_puts(
        o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" "
           "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
           "xmlns:y=\"http://www.yworks.com/xml/graphml\" "
           "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
           "http://www.yworks.com/xml/schema/graphml/1.1/ygraphml.xsd\">\n");
    graphml_keys(x);
    kg_out_puts(o, "  <graph id=\"kgraph\" edgedefault=\"directed\">\n");
    graphml_nodes(x);
    export_all(x, kg_nrels(x->g), graphml_edge);
    kg_out_puts(o, "  </graph>\n</graphml>\n");
}

/* ---- GEXF ---- */

/* "#9ecae1" as r="158" g="202" b="225". */
static void gexf_colour(kg_out *o, const char *hex)
{
    unsigned r = 0, gr = 0, b = 0;
    if (sscanf(hex, "#%2x%2x%2x", &r, &gr, &b) != 3)
        r = gr = b = 128;
    kg_out_printf(o, "<viz:color r=\"%u\" g=\"%u\" b=\"%u\"/>", r, gr, b);
}

static void gexf_attributes(exporter *x, const char *cls, schema *s,
                            const char *const *fixed)
{
    kg_out *o = x->out;
    kg_out_printf(o, "    <attributes class=\"%s\">\n", cls);
    size_t k = 0;
    /* the id is the title: graphology (Gephi Lite, sigma.js) names
     * attributes by id */
    for (; fixed[k]; k++)
        kg_out_printf(o,
                      "      <attribute id=\"%s\" title=\"%s\" type=\"%s\"/>\n",
                      fixed[k], fixed[k],
                      strcmp(fixed[k], "directed") == 0 ? "boolean" : "string");
    for (size_t i = 0; i < s->n; i++) {
        column *c = &s->v[i];
        kg_out_puts(o, "      <attribute id=\"");
        key_name(x, c->key);
        kg_out_puts(o, "\" title=\"");
        key_name(x, c->key);
        const char *t = type_name(c, 1);
        kg_out_printf(o, "\" type=\"%s\"/>\n",
                      strcmp(t, "long") == 0 ? "long" : t);
    }
    kg_out_puts(o, "    </attributes>\n");
}

static void gexf_value(exporter *x, const char *key, const char *value,
                       int list)
{
    kg_out *o = x->out;
    kg_out_puts(o, "        <attvalue for=\"");
    key_name(x, key);
    kg_out_puts(o, "\" value=\"");
    if (!list) {
        kg_xml_text(o, value, 0, &x->replaced);
    } else { /* GEXF's liststring: [a, b] (Gephi's reading of it) */
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
    kg_out_puts(o, "\"/>\n");
}

/* kgraph's own attributes (type, aliases, directed): named as they are. */
static void gexf_value_fixed(exporter *x, const char *id, const char *value)
{
    kg_out_printf(x->out, "        <attvalue for=\"%s\" value=\"", id);
    kg_xml_text(x->out, value, 0, &x->replaced);
    kg_out_puts(x->out, "\"/>\n");
}

static void gexf_columns(exporter *x, schema *s, kg_list l)
{
    for (size_t i = 0; i < s->n; i++) {
        const char *v = joined(x, l, s->v[i].key);
        if (*v)
            gexf_value(x, s->v[i].key, v, s->v[i].multi);
    }
}

/* A date as a day interval: "2014" is 2014-01-01..2014-12-31, "2014-11"
 * 2014-11-01..2014-11-30, a whole date itself.  0, or -1 when it is no
 * date. */
static int day_interval(const char *v, char *from, char *to)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y, m = 0, d = 0, used = 0;
    size_t n = strlen(v);
    if (n == 4 && sscanf(v, "%4d%n", &y, &used) == 1 && used == 4) {
        sprintf(from, "%04d-01-01", y);
        sprintf(to, "%04d-12-31", y);
        return 0;
    }
    if (n == 7 && sscanf(v, "%4d-%2d%n", &y, &m, &used) == 2 && used == 7 &&
        m >= 1 && m <= 12) {
        int last = days[m - 1] +
                   (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));
        sprintf(from, "%04d-%02d-01", y, m);
        sprintf(to, "%04d-%02d-%02d", y, m, last);
        return 0;
    }
    if (n == 10 && sscanf(v, "%4d-%2d-%2d%n", &y, &m, &d, &used) == 3 &&
        used == 10 && m >= 1 && m <= 12 && d >= 1 && d <= 31) {
        memcpy(from, v, 11);
        memcpy(to, v, 11);
        return 0;
    }
    return -1;
}

/* A relation's time in GEXF's dynamic mode: its date (or start_date to
 * end_date), widened to whole days; 0, or -1 when it has none. */
static int edge_spell(const kg_graph *g, const kg_relation *r, char *from,
                      char *to)
{
    kg_list l = kg_rel_attrs(g, r);
    const char *date = kg_attr_find_ci(g, l, "date");
    const char *start = kg_attr_find_ci(g, l, "start_date");
    const char *end = kg_attr_find_ci(g, l, "end_date");
    char ignored[16];
    if (start && day_interval(start, from, ignored) == 0) {
        if (!end || day_interval(end, ignored, to) != 0)
            day_interval(start, ignored, to);
        return 0;
    }
    return date ? day_interval(date, from, to) : -1;
}

static int any_spell(const kg_graph *g)
{
    char a[16], b[16];
    for (uint32_t r = 0; r < kg_nrels(g); r++)
        if (kg_edge_shown(g, r) && edge_spell(g, kg_rel(g, r), a, b) == 0)
            return 1;
    return 0;
}

static void gexf_node(exporter *x, uint32_t e)
{
    kg_out *o = x->out;
    const kg_graph *g = x->g;
    if (!kg_node_shown(g, e))
        return;
    const kg_entity *n = kg_ent(g, e);
    kg_out_puts(o, "      <node id=\"");
    kg_xml_text(o, n->id, 0, &x->replaced);
    kg_out_puts(o, "\" label=\"");
    kg_xml_text(o, name_of(g, e), 0, &x->replaced);
    kg_out_puts(o, "\">\n        <attvalues>\n");
    if (kg_ent_type(g, n))
        gexf_value_fixed(x, "type", kg_ent_type(g, n));
    if (n->aliases) {
        gexf_value_fixed(x, "aliases", aliases_of(x, n, "; "));
    }
    gexf_columns(x, &x->nodes, n->attrs);
    kg_out_puts(o, "        </attvalues>\n        ");
    look k = node_look(x, e);
    gexf_colour(o, k.fill);
    const kg_position *p = kg_position_of(&x->pos, e);
    if (p)
        kg_out_printf(o, "<viz:position x=\"%.1f\" y=\"%.1f\"/>", p->x, -p->y);
    kg_out_printf(o, "<viz:size value=\"%.1f\"/>\n      </node>\n",
                  p ? p->h / 2 : 10.0);
}

static void gexf_edge(exporter *x, uint32_t r)
{
    kg_out *o = x->out;
    const kg_graph *g = x->g;
    if (!kg_edge_shown(g, r))
        return;
    const kg_relation *rel = kg_rel(g, r);
    kg_out_printf(o, "      <edge id=\"r%lu\" source=\"", (unsigned long)r + 1);
    kg_xml_text(o, kg_ent(g, rel->src)->id, 0, &x->replaced);
    kg_out_puts(o, "\" target=\"");
    kg_xml_text(o, kg_ent(g, rel->dst)->id, 0, &x->replaced);
    kg_out_puts(o, "\"");
    if (kg_rel_undirected(g, r) && !x->v12)     /* Gephi draws it so */
        kg_out_puts(o, " type=\"undirected\""); /* (networkx refuses it) */
    /* Gephi merges parallel edges of one kind: the type keeps them */
    const char *type = kg_rel_type(g, rel);
    if (type) {
        kg_out_puts(o, " kind=\"");
        kg_xml_text(o, type, 0, &x->replaced);
        kg_out_puts(o, "\"");
    }
    const char *text = edge_text(x, rel);
    if (*text) {
        kg_out_puts(o, " label=\"");
        kg_xml_text(o, text, 0, &x->replaced);
        kg_out_puts(o, "\"");
    }
    kg_out_puts(o, ">\n        <attvalues>\n");
    if (type)
        gexf_value_fixed(x, "type", type);
    gexf_value_fixed(x, "directed", kg_rel_undirected(g, r) ? "false" : "true");
    gexf_columns(x, &x->edges, kg_rel_attrs(g, rel));
    kg_out_puts(o, "        </attvalues>\n        ");
    gexf_colour(o, edge_look(x, rel).border);
    char from[16], to[16];
    if (x->dynamic && edge_spell(g, rel, from, to) == 0)
        kg_out_printf(
            o, "\n        <spells><spell start=\"%s\" end=\"%s\"/></spells>",
            from, to);
    kg_out_puts(o, "\n      </edge>\n");
}

static void write_gexf(exporter *x)
{
    kg_out *o = x->out;
    const kg_graph *g = x->g;
    int v12 = x->v12 = x->fmt == KG_EXPORT_GEXF12;
    int dynamic = x->dynamic = any_spell(g); /* Gephi's timeline */
    column_ids(&x->nodes, 'n');
    column_ids(&x->edges, 'e');
    kg_out_printf(o,
                  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                  "<gexf xmlns=\"http://%s\" "
                  "xmlns:viz=\"http://%s/viz\" version=\"%s\">\n"
                  "  <meta><creator>kgraph %s</creator></meta>\n"
                  "  <graph defaultedgetype=\"directed\" mode=\"%s\"%s>\n",
                  v12 ? "www.gexf.net/1.2draft" : "gexf.net/1.3",
                  v12 ? "www.gexf.net/1.2draft" : "gexf.net/1.3",
                  v12 ? "1.2" : "1.3", KGRAPH_VERSION,
                  dynamic ? "dynamic" : "static",
                  dynamic ? " timeformat=\"date\"" : "");
    static const char *const node_fixed[] = {"type", "aliases", NULL};
    static const char *const edge_fixed[] = {"type", "directed", NULL};
    gexf_attributes(x, "node", &x->nodes, node_fixed);
    gexf_attributes(x, "edge", &x->edges, edge_fixed);
    kg_out_puts(o, "    <nodes>\n");
    export_all(x, kg_nents(g), gexf_node);
    kg_out_puts(o, "    </nodes>\n    <edges>\n");
    export_all(x, kg_nrels(g), gexf_edge);
    kg_out_puts(o, "    </edges>\n  </graph>\n</gexf>\n");
}

/* ---- Cytoscape.js ---- */

/* A class name from a type: letters, digits, '-' and '_', so that a
 * stylesheet selector (".person") can name it. */
static void cy_class(kg_out *o, const char *type)
{
    for (const char *p = type; *p; p++) {
        int word = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                   (*p >= '0' && *p <= '9') || *p == '-' || *p == '_';
        kg_out_putc(o, word ? *p : '_');
    }
}

/* A key as Cytoscape.js data: kgraph's own keys (id, source, label...)
 * stay kgraph's, a column of that name is data_NAME. */
static int cy_reserved(const char *key)
{
    static const char *const own[] = {"id",    "source", "target",  "parent",
                                      "label", "type",   "directed"};
    for (size_t i = 0; i < sizeof own / sizeof *own; i++)
        if (strcmp(key, own[i]) == 0)
            return 1;
    return strncmp(key, "data_", 5) == 0;
}

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

static void cy_columns(exporter *x, schema *s, kg_list l)
{
    for (size_t i = 0; i < s->n; i++) {
        const column *c = &s->v[i];
        const char *key = c->key, *v = joined(x, l, key);
        if (!*v)
            continue;
        kg_out_puts(x->out, ", ");
        kg_json_text(x->out, cy_reserved(key) ? "data_" : "", key, 0);
        kg_out_puts(x->out, ": ");
        const char *t = type_name(c, 0);
        if ((strcmp(t, "long") == 0 || strcmp(t, "double") == 0) &&
            json_number(v))
            kg_out_puts(x->out, v); /* typed as in GraphML */
        else if (strcmp(t, "boolean") == 0)
            kg_out_puts(x->out, strcmp(v, "true") == 0 ? "true" : "false");
        else
            kg_json_text(x->out, "", v, 0);
    }
}

/* Cytoscape.js's name for a Graphviz shape. */
static const char *cy_shape(const look *k)
{
    const char *y = yed_shape(k);
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
 * nested value ("MENA/North Africa/Morocco"), each inside its parent. */
static void cy_clusters(exporter *x, kg_out *o, int *first)
{
    size_t n;
    char **paths = cluster_paths(x, &n);
    for (size_t i = 0; i < n; i++) {
        const char *slash = strrchr(paths[i], '/');
        kg_out_puts(o, *first ? "\n  " : ",\n  ");
        *first = 0;
        kg_out_puts(o, "{\"data\": {\"id\": ");
        kg_json_text(o, "c:", paths[i], 0);
        kg_out_puts(o, ", \"label\": ");
        kg_json_text(o, "", slash ? slash + 1 : paths[i], 0);
        if (slash) {
            kg_out_puts(o, ", \"parent\": ");
            char *up = kg_strndup(paths[i], (size_t)(slash - paths[i]));
            kg_json_text(o, "c:", up ? up : "", 0);
            free(up);
        }
        kg_out_puts(o, "}, \"classes\": \"cluster\"}");
    }
    free_paths(paths, n);
}

/* The first shown node (edges: relation) from `from` on, or KG_NONE. */
static uint32_t first_shown(const kg_graph *g, int edges)
{
    size_t n = edges ? kg_nrels(g) : kg_nents(g);
    for (uint32_t i = 0; i < n; i++)
        if (edges ? kg_edge_shown(g, i) : kg_node_shown(g, i))
            return i;
    return KG_NONE;
}

static void cy_node(exporter *x, uint32_t e)
{
    kg_out *o = x->out;
    const kg_graph *g = x->g;
    if (!kg_node_shown(g, e))
        return;
    const kg_entity *n = kg_ent(g, e);
    kg_out_puts(o, e == x->first ? "\n  " : ",\n  ");
    kg_out_puts(o, "{\"data\": {\"id\": ");
    kg_json_text(o, "n:", n->id, 0); /* node and edge ids never meet */
    kg_out_puts(o, ", \"label\": ");
    kg_json_text(o, "", name_of(g, e), 0);
    if (kg_ent_type(g, n)) {
        kg_out_puts(o, ", \"type\": ");
        kg_json_text(o, "", kg_ent_type(g, n), 0);
    }
    if (cluster_of(x, e)) { /* inside its cluster's compound node */
        kg_out_puts(o, ", \"parent\": ");
        kg_json_text(o, "c:", cluster_of(x, e), 0);
    }
    cy_columns(x, &x->nodes, n->attrs);
    look k = node_look(x, e); /* kgraph's look, for a stylesheet's
                                 data(kg_fill) */
    const kg_position *p = kg_position_of(&x->pos, e);
    kg_out_printf(o,
                  ", \"kg_fill\": \"%s\", \"kg_border\": \"%s\", "
                  "\"kg_shape\": \"%s\", \"kg_width\": %.1f, "
                  "\"kg_height\": %.1f}",
                  k.fill, k.border, cy_shape(&k), p ? p->w : 120.0,
                  p ? p->h : 36.0);
    if (p)
        kg_out_printf(o, ", \"position\": {\"x\": %.1f, \"y\": %.1f}", p->x,
                      p->y);
    if (kg_ent_look_type(g, e)) {
        kg_out_puts(o, ", \"classes\": \"");
        cy_class(o, kg_ent_look_type(g, e));
        kg_out_puts(o, "\"");
    }
    kg_out_puts(o, "}");
}

static void cy_edge(exporter *x, uint32_t r)
{
    kg_out *o = x->out;
    const kg_graph *g = x->g;
    if (!kg_edge_shown(g, r))
        return;
    const kg_relation *rel = kg_rel(g, r);
    kg_out_puts(o, r == x->first ? "\n  " : ",\n  ");
    kg_out_printf(o, "{\"data\": {\"id\": \"e:r%lu\", \"source\": ",
                  (unsigned long)r + 1);
    kg_json_text(o, "n:", kg_ent(g, rel->src)->id, 0);
    kg_out_puts(o, ", \"target\": ");
    kg_json_text(o, "n:", kg_ent(g, rel->dst)->id, 0);
    const char *text = edge_text(x, rel);
    if (*text) {
        kg_out_puts(o, ", \"label\": ");
        kg_json_text(o, "", text, 0);
    }
    if (kg_rel_type(g, rel)) {
        kg_out_puts(o, ", \"type\": ");
        kg_json_text(o, "", kg_rel_type(g, rel), 0);
    }
    kg_out_printf(o, ", \"directed\": %s",
                  kg_rel_undirected(g, r) ? "false" : "true");
    cy_columns(x, &x->edges, kg_rel_attrs(g, rel));
    look k = edge_look(x, rel);
    kg_out_printf(o, ", \"kg_color\": \"%s\", \"kg_line\": \"%s\"}", k.border,
                  strcmp(line_type(k.style), "line") == 0 ? "solid"
                                                          : line_type(k.style));
    if (kg_rel_type(g, rel)) {
        kg_out_puts(o, ", \"classes\": \"");
        cy_class(o, kg_rel_type(g, rel));
        kg_out_puts(o, "\"");
    }
    kg_out_puts(o, "}");
}

static void write_cyjs(exporter *x)
{
    kg_out *o = x->out;
    const kg_graph *g = x->g;
    kg_out_puts(o,
                "{\"format_version\": \"1.0\", \"generated_by\": "
                "\"kgraph " KGRAPH_VERSION "\", \"elements\": {\"nodes\": [");
    int first = 1;
    cy_clusters(x, o, &first);
    /* after the clusters, every node needs its comma */
    x->first = first ? first_shown(g, 0) : KG_NONE;
    export_all(x, kg_nents(g), cy_node);
    kg_out_puts(o, "\n], \"edges\": [");
    x->first = first_shown(g, 1);
    export_all(x, kg_nrels(g), cy_edge);
    kg_out_puts(o, "\n]}}\n");
}

/* ---- The whole ---- */

static void write_ftm(exporter *x);

kg_status kg_write_export(const kg_graph *g, FILE *stream, kg_export_format fmt,
                          const kg_dot_options *opts)
{
    if (!g || !stream || !kg_graph_resolved(g) || fmt < KG_EXPORT_GRAPHML ||
        fmt > KG_EXPORT_FTM)
        return KG_ERR_USAGE;
    kg_out *out = kg_malloc(sizeof *out); /* buffered as the DOT writer is */
    if (!out)
        return KG_ERR_NOMEM;
    kg_out_init(out, stream);
    exporter x = {.g = g,
                  .out = out,
                  .fmt = fmt,
                  .cluster_by = opts ? opts->cluster_by : NULL};
    kg_buf_init(&x.scratch);
    kg_buf_init(&x.cluster);
    int rc = learn_all(&x);
    if (rc == 0 && fmt != KG_EXPORT_FTM && !(opts && opts->no_layout))
        rc = kg_positions_of(g, opts, &x.pos);
    if (rc == 0) {
        if (fmt == KG_EXPORT_GRAPHML)
            write_graphml(&x);
        else if (fmt == KG_EXPORT_CYJS)
            write_cyjs(&x);
        else if (fmt == KG_EXPORT_FTM)
            write_ftm(&x);
        else
            write_gexf(&x);
    }
    if (x.replaced) /* the diagnostics are the one thing a writer changes */
        kg_report(kg_graph_diag(g), KG_WARNING, "<export>", 0, 0,
                  "%lu characters XML cannot hold (control characters) "
                  "were written as U+FFFD",
                  x.replaced);
    free(x.nodes.v);
    free(x.edges.v);
    kg_positions_free(&x.pos);
    kg_buf_free(&x.scratch);
    kg_buf_free(&x.cluster);
    int failed = kg_out_flush(out) ? out->err : 0;
    free(out);
    if (rc || x.nomem)
        return kg_fail(kg_graph_diag(g), KG_ERR_NOMEM, "out of memory");
    return kg_stream_end(kg_graph_diag(g), stream, failed);
}

/* ---- Neo4j bulk import ---- */

/* A property's Neo4j type suffix: a date only when every value is a whole
 * date (YYYY-MM-DD, as kgraph reads :date back); "" for a string. */
static const char *neo_type(const column *c, const exporter *x, int edges)
{
    if (c->multi || !c->values)
        return "";
    if (date_key(c->key)) {
        const kg_graph *g = x->g;
        size_t n = edges ? kg_nrels(g) : kg_nents(g);
        for (uint32_t i = 0; i < n; i++) {
            if (edges ? !kg_edge_shown(g, i) : !kg_node_shown(g, i))
                continue;
            kg_list l =
                edges ? kg_rel_attrs(g, kg_rel(g, i)) : kg_ent(g, i)->attrs;
            kg_attr_it it;
            for (kg_attr_begin(g, l, &it); kg_attr_step(&it);) {
                int y, m, d, used = 0;
                if (it.key == c->key && !(strlen(it.value) == 10 &&
                                          sscanf(it.value, "%4d-%2d-%2d%n", &y,
                                                 &m, &d, &used) == 3 &&
                                          used == 10))
                    return "";
            }
        }
        return ":date";
    }
    if (c->types & T_BOOL)
        return ":boolean";
    if (c->types & T_LONG)
        return ":long";
    if (c->types & T_DOUBLE)
        return ":double";
    return "";
}

/* A CSV field as neo4j-admin reads it: quoted when it holds a comma, a
 * quote, a line end or surrounding space, quotes doubled; nothing added
 * (the values must come back exactly). */
static void neo_field(kg_out *o, const char *s, int *multiline)
{
    size_t n = strlen(s);
    if (!strpbrk(s, ",\"\r\n") && !(n && (s[0] == ' ' || s[n - 1] == ' '))) {
        kg_out_puts(o, s);
        return;
    }
    *multiline |= strpbrk(s, "\r\n") != NULL;
    kg_out_putc(o, '"');
    for (; *s; s++) {
        if (*s == '"')
            kg_out_putc(o, '"');
        kg_out_putc(o, *s);
    }
    kg_out_putc(o, '"');
}

/* A header name: kgraph's own names get data_ in front, and a ':'
 * (Neo4j's type separator), comma, quote or line end becomes '_'; in
 * Cypher (`cypher`), backticks are doubled too. */
static void neo_key_as(kg_out *o, const char *key, int cypher)
{
    static const char *const own[] = {"id",    "name", "aliases", "relation",
                                      "label", "type", NULL};
    int mine = strncmp(key, "data_", 5) == 0;
    for (int i = 0; own[i] && !mine; i++)
        mine = kg_ascii_casecmp(key, own[i]) == 0;
    if (mine)
        kg_out_puts(o, "data_");
    for (const char *p = key; *p; p++) {
        char c = *p == ':' || *p == ',' || *p == '"' || *p == '\n' || *p == '\r'
                     ? '_'
                     : *p;
        if (c == '`' && cypher)
            kg_out_putc(o, '`');
        kg_out_putc(o, c);
    }
}

static void neo_key(kg_out *o, const char *key)
{
    neo_key_as(o, key, 0);
}

/* Whether a relation type can be a Neo4j relationship type as it is: an
 * identifier (no backticks needed in Cypher). */
static int neo_identifier(const char *t)
{
    if (!t || !*t || (*t >= '0' && *t <= '9'))
        return 0;
    for (; *t; t++)
        if (!((*t >= 'a' && *t <= 'z') || (*t >= 'A' && *t <= 'Z') ||
              (*t >= '0' && *t <= '9') || *t == '_'))
            return 0;
    return 1;
}

/* The relationship type written for t: t itself when it is an
 * identifier, else its letters and digits with '_' for the rest, upper
 * case ("took part in" -> TOOK_PART_IN); RELATED_TO without one. */
static const char *neo_rel_type(exporter *x, const char *t)
{
    if (neo_identifier(t))
        return t;
    if (!t || !*t)
        return "RELATED_TO";
    kg_buf_clear(&x->scratch);
    if ((*t >= '0' && *t <= '9') && scratch_putc(x, '_'))
        return "RELATED_TO";
    for (const unsigned char *p = (const unsigned char *)t; *p; p++) {
        char c = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
        int ok = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (scratch_putc(x, ok ? c : '_'))
            return "RELATED_TO";
    }
    return x->scratch.data;
}

static void neo_entities(exporter *x, kg_out *o, int *multiline)
{
    const kg_graph *g = x->g;
    kg_out_puts(o, "id:ID,name,:LABEL,aliases:string[]");
    for (size_t i = 0; i < x->nodes.n; i++) {
        kg_out_putc(o, ',');
        neo_key(o, x->nodes.v[i].key);
        kg_out_puts(o, neo_type(&x->nodes.v[i], x, 0));
    }
    kg_out_puts(o, "\n");
    for (uint32_t e = 0; e < kg_nents(g); e++) {
        if (!kg_node_shown(g, e))
            continue;
        const kg_entity *n = kg_ent(g, e);
        neo_field(o, n->id, multiline);
        kg_out_putc(o, ',');
        neo_field(o, name_of(g, e), multiline);
        kg_out_putc(o, ',');
        neo_field(o, kg_ent_type(g, n) ? kg_ent_type(g, n) : "", multiline);
        kg_out_putc(o, ',');
        neo_field(o, aliases_of(x, n, ";"), multiline);
        for (size_t i = 0; i < x->nodes.n; i++) {
            kg_out_putc(o, ',');
            neo_field(o, joined(x, n->attrs, x->nodes.v[i].key), multiline);
        }
        kg_out_puts(o, "\n");
    }
}

/* What the shown relations need beside :TYPE: a column `relation` with
 * the original type when one is not an identifier or is missing (kgraph
 * reads it back as the type), `label` when one has its own label,
 * `directed` when one has no direction.  A bit each. */
enum { NEO_RELATION = 1, NEO_LABEL = 2, NEO_DIRECTED = 4 };
static unsigned neo_needs(const exporter *x)
{
    unsigned need = 0;
    for (uint32_t r = 0; r < kg_nrels(x->g); r++) {
        if (!kg_edge_shown(x->g, r))
            continue;
        const kg_relation *rel = kg_rel(x->g, r);
        if (!neo_identifier(kg_rel_type(x->g, rel)))
            need |= NEO_RELATION;
        if (kg_rel_label(x->g, rel))
            need |= NEO_LABEL;
        if (kg_rel_undirected(x->g, r))
            need |= NEO_DIRECTED;
    }
    return need;
}

static void neo_relations(exporter *x, kg_out *o, int *multiline)
{
    const kg_graph *g = x->g;
    unsigned need = neo_needs(x);
    kg_out_puts(o, ":START_ID,:END_ID,:TYPE");
    if (need & NEO_RELATION)
        kg_out_puts(o, ",relation");
    if (need & NEO_LABEL)
        kg_out_puts(o, ",label");
    if (need & NEO_DIRECTED)
        kg_out_puts(o, ",directed:boolean");
    for (size_t i = 0; i < x->edges.n; i++) {
        kg_out_putc(o, ',');
        neo_key(o, x->edges.v[i].key);
        kg_out_puts(o, neo_type(&x->edges.v[i], x, 1));
    }
    kg_out_puts(o, "\n");
    for (uint32_t r = 0; r < kg_nrels(g); r++) {
        if (!kg_edge_shown(g, r))
            continue;
        const kg_relation *rel = kg_rel(g, r);
        const char *type = kg_rel_type(g, rel);
        neo_field(o, kg_ent(g, rel->src)->id, multiline);
        kg_out_putc(o, ',');
        neo_field(o, kg_ent(g, rel->dst)->id, multiline);
        kg_out_putc(o, ',');
        neo_field(o, neo_rel_type(x, type), multiline);
        if (need & NEO_RELATION) {
            kg_out_putc(o, ',');
            neo_field(o, type ? type : "", multiline);
        }
        if (need & NEO_LABEL) {
            kg_out_putc(o, ',');
            neo_field(o, kg_rel_label(g, rel) ? kg_rel_label(g, rel) : "",
                      multiline);
        }
        if (need & NEO_DIRECTED)
            kg_out_puts(o, kg_rel_undirected(g, r) ? ",false" : ",true");
        for (size_t i = 0; i < x->edges.n; i++) {
            kg_out_putc(o, ',');
            neo_field(o, joined(x, kg_rel_attrs(g, rel), x->edges.v[i].key),
                      multiline);
        }
        kg_out_puts(o, "\n");
    }
}

static void neo_import_sh(kg_out *o, int multiline)
{
    kg_out_printf(
        o,
        "#!/bin/sh\n"
        "# Written by kgraph %s: loads this folder into a new Neo4j "
        "database\n"
        "# with neo4j-admin (Neo4j 5; Neo4j stopped, the database not "
        "there yet).\n"
        "#   ./import.sh [DATABASE]      (default: neo4j)\n"
        "set -e\n"
        "cd \"$(dirname \"$0\")\"\n"
        "neo4j-admin database import full \\\n"
        "  --nodes=Entity=entities.csv \\\n"
        "  --relationships=relations.csv \\\n"
        "  --id-type=string --array-delimiter=';' \\\n"
        "  --multiline-fields=%s \\\n"
        "  \"${1:-neo4j}\"\n",
        KGRAPH_VERSION, multiline ? "true" : "false");
}

/* s as a Cypher string literal's inside ('...'), or an identifier's
 * inside (`...`). */
static void cypher_text(kg_out *o, const char *s, char quote)
{
    for (; *s; s++) {
        if (*s == quote && quote == '`')
            kg_out_putc(o, '`');
        else if ((*s == quote || *s == '\\') && quote == '\'')
            kg_out_putc(o, '\\');
        if (*s == '\n' && quote == '\'')
            kg_out_puts(o, "\\n");
        else
            kg_out_putc(o, *s);
    }
}

/* SET n.`key` = <row's value, typed>, for every column of s. */
static void cypher_props(exporter *x, kg_out *o, schema *s, const char *var,
                         int edges)
{
    for (size_t i = 0; i < s->n; i++) {
        const column *c = &s->v[i];
        const char *t = neo_type(c, x, edges);
        const char *fn = strcmp(t, ":long") == 0      ? "toInteger"
                         : strcmp(t, ":double") == 0  ? "toFloat"
                         : strcmp(t, ":boolean") == 0 ? "toBoolean"
                         : strcmp(t, ":date") == 0    ? "date"
                                                      : "";
        kg_out_printf(o, "%s %s.`", i ? "," : "\nSET", var);
        cypher_text(o, c->key, '`');
        kg_out_printf(o, "` = %s(row.`", fn); /* the header as written */
        neo_key_as(o, c->key, 1);
        kg_out_puts(o, t);
        kg_out_puts(o, "`)");
    }
}

static void neo_load_cypher(exporter *x, kg_out *o)
{
    const kg_graph *g = x->g;
    kg_out_printf(
        o,
        "// Written by kgraph %s: the same graph with LOAD CSV, for a "
        "running Neo4j 5.\n"
        "// Copy entities.csv and relations.csv into Neo4j's import "
        "folder, then run\n"
        "// this file (cypher-shell -f load.cypher).  A relationship "
        "type cannot be a\n"
        "// parameter: one statement per type.\n"
        "CREATE CONSTRAINT kgraph_entity_id IF NOT EXISTS "
        "FOR (n:Entity) REQUIRE n.id IS UNIQUE;\n"
        "LOAD CSV WITH HEADERS FROM 'file:///entities.csv' AS row\n"
        "CREATE (n:Entity {id: row.`id:ID`, name: row.name})\n"
        "SET n.aliases = CASE row.`aliases:string[]` WHEN '' THEN null "
        "ELSE split(row.`aliases:string[]`, ';') END",
        KGRAPH_VERSION);
    cypher_props(x, o, &x->nodes, "n", 0);
    kg_out_puts(o, ";\n");
    /* labels: one statement per type */
    const char *done[64];
    size_t ndone = 0;
    for (uint32_t e = 0; e < kg_nents(g); e++) {
        const char *t =
            kg_node_shown(g, e) ? kg_ent_type(g, kg_ent(g, e)) : NULL;
        int seen = !t;
        for (size_t k = 0; k < ndone && !seen; k++)
            seen = done[k] == t;
        if (seen)
            continue;
        if (ndone < 64)
            done[ndone++] = t;
        kg_out_puts(o,
                    "LOAD CSV WITH HEADERS FROM 'file:///entities.csv' AS row\n"
                    "WITH row WHERE row.`:LABEL` = '");
        cypher_text(o, t, '\'');
        kg_out_puts(o, "'\nMATCH (n:Entity {id: row.`id:ID`}) SET n:`");
        cypher_text(o, t, '`');
        kg_out_puts(o, "`;\n");
    }
    ndone = 0;
    for (uint32_t r = 0; r < kg_nrels(g); r++) {
        if (!kg_edge_shown(g, r))
            continue;
        const char *t = kg_rel_type(g, kg_rel(g, r));
        int seen = 0;
        for (size_t k = 0; k < ndone && !seen; k++)
            seen = done[k] == t;
        if (seen)
            continue;
        if (ndone < 64)
            done[ndone++] = t;
        const char *rt = neo_rel_type(x, t);
        char *type = kg_strndup(rt, strlen(rt));
        if (!type)
            continue;
        kg_out_puts(
            o, "LOAD CSV WITH HEADERS FROM 'file:///relations.csv' AS row\n"
               "WITH row WHERE row.`:TYPE` = '");
        cypher_text(o, type, '\'');
        kg_out_puts(o, "'\nMATCH (a:Entity {id: row.`:START_ID`}), "
                       "(b:Entity {id: row.`:END_ID`})\nCREATE (a)-[r:`");
        cypher_text(o, type, '`');
        kg_out_puts(o, "`]->(b)");
        cypher_props(x, o, &x->edges, "r", 1);
        kg_out_puts(o, ";\n");
        free(type);
    }
}

kg_status kg_write_neo4j(const kg_graph *g, const char *dir)
{
    if (!g || !dir || !*dir || !kg_graph_resolved(g))
        return KG_ERR_USAGE;
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        return kg_fail(kg_graph_diag(g), KG_ERR_IO,
                       "cannot make the folder: %s", strerror(errno));
    char err[1536] = "";
    size_t errlen = sizeof err;
    exporter x = {.g = g, .fmt = KG_EXPORT_GRAPHML};
    kg_buf_init(&x.scratch);
    kg_status st = learn_all(&x) ? KG_ERR_NOMEM : KG_OK;
    int multiline = 0;
    static const char *const files[] = {"entities.csv", "relations.csv",
                                        "load.cypher", "import.sh"};
    for (int f = 0; f < 4 && st == KG_OK; f++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, files[f]);
        kg_output *out = kg_output_open(path, err, errlen);
        if (!out) {
            st = KG_ERR_IO;
            break;
        }
        kg_out *o = kg_malloc(sizeof *o);
        if (!o) {
            kg_output_abort(out);
            st = KG_ERR_NOMEM;
            break;
        }
        kg_out_init(o, kg_output_stream(out));
        if (f == 0)
            neo_entities(&x, o, &multiline);
        else if (f == 1)
            neo_relations(&x, o, &multiline);
        else if (f == 2)
            neo_load_cypher(&x, o);
        else
            neo_import_sh(o, multiline);
        int failed = kg_out_flush(o) ? o->err : 0;
        free(o);
        if (failed) {
            kg_output_abort(out);
            snprintf(err, errlen, "%s: cannot write: %s", files[f],
                     failed > 0 ? strerror(failed) : "input/output error");
            st = KG_ERR_IO;
            break;
        }
        st = kg_output_commit(out, err, errlen);
        if (st == KG_OK && f == 3)
            chmod(path, 0755);
    }
    free(x.nodes.v);
    free(x.edges.v);
    kg_buf_free(&x.scratch);
    if (st == KG_OK && x.nomem)
        st = KG_ERR_NOMEM;
    if (st == KG_ERR_NOMEM)
        return kg_fail(kg_graph_diag(g), st, "out of memory");
    if (st != KG_OK && err[0])
        kg_fail(kg_graph_diag(g), st, "%s", err);
    return st;
}

/* ---- FollowTheMoney ---- */

/* An id as FtM allows it (rules/ftm_model.h), quoted. */
static void ftm_id(kg_out *o, const char *id)
{
    kg_out_putc(o, '"');
    kg_ftm_write_id(o, id);
    kg_out_putc(o, '"');
}

static int ftm_described(const char *key)
{
    return kg_ascii_casecmp(key, "description") == 0;
}

/* , "prop": ["a", "b"]: the values of list l in columns that property p
 * takes (rules/ftm_model.h); with p NULL, FtM's description. */
static void ftm_prop(kg_out *o, const kg_graph *g, kg_list l, const char *prop,
                     const kg_ftm_prop *p)
{
    kg_attr_it it;
    int n = 0;
    for (kg_attr_begin(g, l, &it); kg_attr_step(&it);) {
        if (p ? !kg_ftm_prop_takes(p, it.key) : !ftm_described(it.key))
            continue;
        if (!n) {
            kg_out_puts(o, ", \"");
            kg_out_puts(o, prop);
            kg_out_puts(o, "\": [");
        } else {
            kg_out_puts(o, ", ");
        }
        kg_json_text(o, "", it.value, 0);
        n++;
    }
    if (n)
        kg_out_putc(o, ']');
}

/* Whether key is one FtM has a property for (then not in "notes"). */
static int ftm_mapped(const char *key)
{
    return ftm_described(key) || kg_prov_of(key) != KG_PROV_NONE ||
           kg_ftm_country_key(key);
}

/* A description as it is, and every other value as "key: value", in
 * property `prop` (notes; description for links, which have no notes). */
static void ftm_notes(kg_out *o, exporter *x, kg_list l, const char *prop)
{
    kg_attr_it it;
    int n = 0;
    int links = strcmp(prop, "description") == 0;
    for (kg_attr_begin(x->g, l, &it); kg_attr_step(&it);) {
        if (links && ftm_described(it.key)) {
            kg_out_printf(o, n++ ? ", " : ", \"%s\": [", prop);
            kg_json_text(o, "", it.value, 0);
            continue;
        }
        if (ftm_mapped(it.key))
            continue;
        kg_out_printf(o, n++ ? ", " : ", \"%s\": [", prop);
        kg_buf_clear(&x->scratch);
        if (scratch_puts(x, it.key) || scratch_puts(x, ": ") ||
            scratch_puts(x, it.value))
            continue;
        kg_json_text(o, "", x->scratch.data, 0);
    }
    if (n)
        kg_out_putc(o, ']');
}

static const char *ent_schema(const kg_graph *g, uint32_t e)
{
    return kg_ftm_schema_of(kg_ent_type(g, kg_ent(g, e)));
}

/* The countries entity e is in: its country values, and the names of the
 * country entities it is located in, based in, a citizen of...  (FtM has
 * no Country schema: other relations with a country are left out.) */
static void ftm_countries_of(kg_out *o, exporter *x, uint32_t e,
                             const uint32_t *first, const uint32_t *next)
{
    const kg_graph *g = x->g;
    int n = 0;
    kg_attr_it it;
    for (kg_attr_begin(g, kg_ent(g, e)->attrs, &it); kg_attr_step(&it);)
        if (kg_ftm_country_key(it.key)) {
            kg_out_puts(o, n++ ? ", " : ", \"country\": [");
            kg_json_text(o, "", it.value, 0);
        }
    for (uint32_t r = first[e]; r; r = next[r - 1]) {
        const kg_relation *rel = kg_rel(g, r - 1);
        uint32_t other = rel->src == e ? rel->dst : rel->src;
        kg_out_puts(o, n++ ? ", " : ", \"country\": [");
        kg_json_text(o, "", name_of(g, other), 0);
    }
    if (n)
        kg_out_putc(o, ']');
}

static void ftm_entity(exporter *x, uint32_t e)
{
    const kg_graph *g = x->g;
    kg_out *o = x->out;
    const char *sch = ent_schema(g, e);
    if (!kg_node_shown(g, e) || !sch)
        return;
    const kg_entity *n = kg_ent(g, e);
    kg_out_puts(o, "{\"id\": ");
    ftm_id(o, n->id);
    kg_out_printf(o, ", \"schema\": \"%s\", \"properties\": {\"name\": [", sch);
    kg_json_text(o, "", name_of(g, e), 0);
    kg_out_putc(o, ']');
    int k = 0;
    for (const kg_attr *a = kg_attr_at(g, n->aliases); a;
         a = kg_attr_next(g, a)) {
        kg_out_puts(o, k++ ? ", " : ", \"alias\": [");
        kg_json_text(o, "", a->value, 0);
    }
    if (k)
        kg_out_putc(o, ']');
    ftm_prop(o, g, n->attrs, "description", NULL);
    for (size_t i = 0; i < kg_ftm_nprops; i++)
        if (kg_ftm_props[i].entities)
            ftm_prop(o, g, n->attrs, kg_ftm_props[i].prop, &kg_ftm_props[i]);
    if (x->ftm_first && x->ftm_next)
        ftm_countries_of(o, x, e, x->ftm_first, x->ftm_next);
    ftm_notes(o, x, n->attrs, "notes");
    kg_out_puts(o, "}}\n");
}

static void ftm_relation(exporter *x, uint32_t r)
{
    const kg_graph *g = x->g;
    kg_out *o = x->out;
    const kg_relation *rel = kg_rel(g, r);
    const char *fs = ent_schema(g, rel->src), *ts = ent_schema(g, rel->dst);
    if (!kg_edge_shown(g, r) || !fs || !ts)
        return;
    const char *type = kg_rel_type(g, rel);
    const kg_ftm_link *ed = kg_ftm_link_for(type, fs, ts);
    kg_list l = kg_rel_attrs(g, rel);
    kg_out_printf(o,
                  "{\"id\": \"kgraph-r%lu\", \"schema\": \"%s\", "
                  "\"properties\": {\"%s\": [",
                  (unsigned long)r + 1, ed->schema, ed->source);
    ftm_id(o, kg_ent(g, rel->src)->id);
    kg_out_printf(o, "], \"%s\": [", ed->target);
    ftm_id(o, kg_ent(g, rel->dst)->id);
    kg_out_putc(o, ']');
    if (type) {
        kg_out_printf(o, ", \"%s\": [", ed->type_prop);
        kg_json_text(o, "", type, 0);
        kg_out_putc(o, ']');
    }
    for (size_t i = 0; i < kg_ftm_nprops; i++)
        ftm_prop(o, g, l, kg_ftm_props[i].prop, &kg_ftm_props[i]);
    ftm_notes(o, x, l, "description"); /* links have no notes */
    kg_out_puts(o, "}}\n");
}

static void write_ftm(exporter *x)
{
    const kg_graph *g = x->g;
    /* relations to a country: a country property of the other end */
    uint32_t *first = kg_calloc(kg_nents(g) + 1, sizeof *first);
    uint32_t *next = kg_calloc(kg_nrels(g) + 1, sizeof *next);
    if (!first || !next)
        x->nomem = 1;
    for (uint32_t r = 0; first && next && r < kg_nrels(g); r++) {
        const kg_relation *rel = kg_rel(g, r);
        if (!kg_edge_shown(g, r) || ent_schema(g, rel->dst) ||
            !ent_schema(g, rel->src) || !kg_ftm_in_country(kg_rel_type(g, rel)))
            continue; /* only "X is in country Y" makes a country value */
        uint32_t e = rel->src;
        next[r] = first[e];
        first[e] = r + 1;
    }
    x->ftm_first = first;
    x->ftm_next = next;
    export_all(x, kg_nents(g), ftm_entity);
    export_all(x, kg_nrels(g), ftm_relation);
    x->ftm_first = x->ftm_next = NULL;
    free(first);
    free(next);
}
