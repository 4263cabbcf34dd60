/*
 * exporter_int.h - what every export format is written with (exporter.c),
 * internal to export/ (make layers refuses it elsewhere).
 *
 * The shape of curl's lib/vtls/: export.c picks a format, this is the
 * machinery they share, and each format is one file over it (graphml.c,
 * gexf.c, cyjs.c, neo4j.c, ftm.c).
 *
 * Every format shows the graph the picture shows (filters and folds
 * applied), streams from kgraph's store in input order, and escapes every
 * string for where it lands.  Attributes are declared once, typed by
 * their values over the whole graph: boolean, long, double, else string
 * (and a list where a key has several values); dates stay strings, which
 * every reader takes.  A value is a number only when a double holds it to
 * the digit (at most 15 significant digits, zero or in a double's normal
 * range), and a whole number of more than 15 digits is always text (an
 * identifier): no reader gets another number than the data has.  A
 * column named like one of the format's own keys is written data_NAME
 * (rules/data_key.h).  Positions come from kgraph's own layout
 * (render/positions.h) for small graphs; larger ones are left to the
 * tool's layouts.
 */
#ifndef KG_EXPORTER_INT_H
#define KG_EXPORTER_INT_H

#include <stdint.h>

#include "graph/store.h"
#include "render/positions.h"
#include "rules/data_key.h"
#include "util/buf.h"
#include "util/out.h"

/* ---- What the attributes are ---- */

/* What a column's values can be read as: a set of these bits. */
enum { KG_T_BOOL = 1, KG_T_LONG = 2, KG_T_DOUBLE = 4, KG_T_STRING = 8 };

typedef struct kg_export_column {
    const char *key;      /* interned */
    unsigned long values; /* how many it has */
    unsigned types;       /* what every one of its values can be read as */
    int multi;            /* a value several times on one element */
    /* made for the format once (kg_export_openings): */
    size_t open_at, open_len;    /* its opening, in the schema's `text` */
    unsigned long open_replaced; /* what its opening's escape replaced */
    int form; /* the format's own word on its values (its opening's, or
                 what the format learns of the column at its start) */
} kg_export_column;

/*
 * The table of the shown nodes' (or edges') columns: the one place where
 * what the exporter and a format need once per column is made and kept.
 * `v` has the columns: every file's columns first, in their order, as the
 * DOT has them, then keys added later, each with what its values are
 * (learnt by kg_exporter_init) and what the format writes before each of
 * them (made by kg_export_openings, one after another in `text`).  `at`
 * says where a file's cells go: at[c][k] is the column of colset c's k-th
 * key, for each colset a shown element's cells have (NULL for the others;
 * nat, kg_graph_ncolsets, long), so that a cell's column is found without
 * looking for its key.  Read only once made.
 */
typedef struct kg_export_schema {
    kg_export_column *v;
    size_t n, cap;
    uint32_t **at;
    size_t nat;
    kg_buf text; /* the columns' openings */
} kg_export_schema;

/* Whether a key holds dates: strings in every format (a "date" type
 * makes networkx and igraph refuse a GraphML file; a year alone is no
 * number). */
int kg_export_date_key(const char *key);

/* The type GraphML, GEXF (`gexf`) and Cytoscape.js give column c:
 * "boolean", "long", "double", "string", or in GEXF "liststring". */
const char *kg_export_column_type(const kg_export_column *c, int gexf);

/* ---- Memos ---- */

/*
 * What a helper works out from a type (or a few such keys) kept, so that
 * it is worked out once per type, not once per element: a direct-mapped
 * table keyed by its keys' addresses (interned strings, static tables,
 * NULL too), a slot overwritten when other keys land on it.  What it
 * gives is always what the helper gives; it is as fast as the keys in
 * use are few.  Each copy of an exporter has its own (no locks).
 */
enum { KG_EXPORT_MEMO = 256 }; /* slots: a power of two */

typedef struct kg_export_memo_slot {
    const void *k[3];
    uintptr_t value; /* what the keys give; the caller's to set */
    int used;
} kg_export_memo_slot;

typedef struct kg_export_memo {
    kg_export_memo_slot slot[KG_EXPORT_MEMO];
} kg_export_memo;

/* The slot of keys (a, b, c) in m: 1 when it holds their value, else 0,
 * and the slot is theirs to fill (its value set by the caller). */
int kg_export_memo_find(kg_export_memo *m, const void *a, const void *b,
                        const void *c, kg_export_memo_slot **slot);

/* A node's or edge's look as kgraph draws it (the style sheet's):
 * colours as #RRGGBB; shape and style Graphviz's, or NULL. */
typedef struct kg_export_look {
    const char *shape, *fill, *border, *style;
    const char *yed;  /* kg_export_yed_shape's answer for it */
    const char *line; /* kg_export_line_type's for its style */
} kg_export_look;

/* Looks already worked out, by type (kg_export_node_look). */
typedef struct kg_export_looks {
    const char *type[KG_EXPORT_MEMO];
    kg_export_look look[KG_EXPORT_MEMO];
    unsigned char used[KG_EXPORT_MEMO];
} kg_export_looks;

/* ---- The exporter ---- */

/*
 * What writing one graph in one format needs.  While a run of elements
 * is written on two threads (kg_export_run), each thread has a copy: the
 * graph, schemata, positions and `own` are shared and only read; the
 * output, the buffers and the counts are the copy's own.
 */
typedef struct kg_exporter {
    const kg_graph *g;
    kg_out *out;
    kg_export_schema nodes, edges;
    kg_positions pos;       /* empty when not laid out */
    const char *cluster_by; /* --cluster-by, or NULL */
    const void *own;        /* the format's own state, read only while
                               its elements are written */
    kg_buf scratch;         /* the text a helper below returns */
    kg_buf cluster;         /* kg_export_cluster_of's value */
    unsigned long replaced; /* characters XML cannot hold */
    int nomem; /* a value could not be made: the export fails, whole */
    kg_export_looks node_looks, edge_looks; /* this copy's memos */
    kg_export_memo memo; /* for the helpers here and the format's own,
                            under keys no other user makes (tags) */
    const char **values; /* kg_export_values' answer, values_cap long */
    unsigned char *many; /* a column met twice on the element */
    size_t values_cap;
    kg_buf joined; /* the values of the columns met twice, joined */
} kg_exporter;

/* Makes x to write g to `out` (NULL: set later), clustered by
 * `cluster_by` (NULL: not), and learns the attributes of the shown nodes
 * and edges.  0, or -1 when out of memory; x is to be freed either way. */
int kg_exporter_init(kg_exporter *x, const kg_graph *g, kg_out *out,
                     const char *cluster_by);
/* Frees what x holds (not its output). */
void kg_exporter_free(kg_exporter *x);

/* Append to x->scratch: 0, or -1 when out of memory, remembered in
 * x->nomem so that the export fails rather than leave a value short. */
int kg_export_scratch_puts(kg_exporter *x, const char *s);
int kg_export_scratch_putc(kg_exporter *x, char c);

/* A format's opening for column c, the i-th of x->nodes (of x->edges
 * when `edges`): what it writes before each of the column's values,
 * written to x->out (which is then memory: kg_export_openings).  It may
 * set c->form, its own word on how the column's values are written. */
typedef void (*kg_export_opening_fn)(kg_exporter *x, kg_export_column *c,
                                     size_t i, int edges);

/* A format: what export.c needs to know of it (curl's struct Curl_ssl).
 * Each format's header names its own. */
typedef struct kg_export_backend {
    int positions;                 /* places nodes as kgraph's layout does */
    kg_export_opening_fn opening;  /* NULL: it writes none */
    void (*write)(kg_exporter *x); /* the whole document, to x->out */
} kg_export_backend;

/* Makes the opening of every column of x->nodes and x->edges with
 * `opening`, once, into their tables (export.c, before the format
 * writes).  0, or -1 when out of memory (x->nomem set: the export fails,
 * whole). */
int kg_export_openings(kg_exporter *x, kg_export_opening_fn opening);

/* Writes the opening of s's column i (kg_export_openings') to x->out:
 * a copy, the characters its escape replaced counted again. */
static inline void kg_export_open(kg_exporter *x, const kg_export_schema *s,
                                  size_t i)
{
    const kg_export_column *c = &s->v[i];
    kg_out_write(x->out, s->text.data + c->open_at, c->open_len);
    x->replaced += c->open_replaced;
}

/* ---- Elements on two threads ---- */

/* Writes element i (an entity or a relation) with x, or nothing when it
 * is not shown.  It may change only what x has of its own. */
typedef void (*kg_export_element_fn)(kg_exporter *x, uint32_t i);

/*
 * element(x, i) for every i below n, written to x->out as one pass over
 * them would write it, but formatted in chunks on two threads
 * (util/chunks.h, chunks of the graph's writer_chunk elements), each
 * thread with its own copy of x; the copies' counts (replaced, nomem)
 * are added to x.  Sets x->nomem when the run failed.
 */
void kg_export_run(kg_exporter *x, size_t n, kg_export_element_fn element);

/* ---- Text of the graph ---- */

/* Writes s1, s2 and s3 (printf's "%s%s%s" without printf).  Inline: most
 * of its strings are literals, whose lengths the compiler knows (it was
 * a call with three strlens, 7.2M of them in a 100k GraphML). */
static inline void kg_export_puts3(kg_out *o, const char *s1, const char *s2,
                                   const char *s3)
{
    kg_out_puts(o, s1);
    kg_out_puts(o, s2);
    kg_out_puts(o, s3);
}

/* Entity e's name, or its id when it has none. */
const char *kg_export_name(const kg_graph *g, uint32_t e);

/* Entity n's aliases, `sep` between them (in x->scratch). */
const char *kg_export_aliases(kg_exporter *x, const kg_entity *n,
                              const char *sep);

/* The values of list l under each of schema s's columns, in one pass
 * over l: the i-th is column i's, every value of its key with "; "
 * between them, "" for none.  The array has s->n strings, owned by x
 * and valid until the next call; NULL when out of memory (x->nomem). */
const char *const *kg_export_values(kg_exporter *x, const kg_export_schema *s,
                                    kg_list l);

/* A relation's label as the picture shows it: its label, else its type
 * with spaces (in x->scratch; the type itself when it has no '_'), else
 * "". */
const char *kg_export_edge_text(kg_exporter *x, const kg_relation *r);

/* Writes a column's key as an XML name in a format whose own keys are
 * `own` (rules/data_key.h): data_KEY when it is one of them (or starts
 * with data_), else the key itself. */
void kg_export_xml_key(kg_exporter *x, const kg_own_keys *own, const char *key);

/* ---- Looks (for yEd, Gephi and Cytoscape.js) ---- */

/* Entity e's or relation r's look (kg_export_look, above), worked out
 * once per type (x's memos), its yEd shape and line type with it. */
kg_export_look kg_export_node_look(kg_exporter *x, uint32_t e);
kg_export_look kg_export_edge_look(kg_exporter *x, const kg_relation *r);

/* yEd's name for a look's shape ("ellipse", "roundrectangle"...). */
const char *kg_export_yed_shape(const kg_export_look *k);

/* A Graphviz style's line: "dotted", "dashed", else "line". */
const char *kg_export_line_type(const char *style);

/* ---- Clusters (--cluster-by) ---- */

/* The value entity e is clustered by (as --cluster-by draws it, cut
 * after ten levels: "a/b/c"), in x->cluster; NULL for none. */
const char *kg_export_cluster_of(kg_exporter *x, uint32_t e);

/* Every cluster path in use and every prefix of one, sorted, each once:
 * a malloc'd array of *n malloc'd strings (NULL when there are none or
 * memory ran out), freed with kg_export_free_paths. */
char **kg_export_cluster_paths(kg_exporter *x, size_t *n);
void kg_export_free_paths(char **paths, size_t n);

#endif
