/*
 * store.h - the graph store as the layers above it see it: entities,
 * relations and their attributes, reading them, and the calls that build
 * a graph (store.c).  What of it is shown is view.h's; its life, settings
 * and state lifetime.h's.
 *
 * Compact on purpose (tests/bench/README.md): every id, type and attribute
 * key is interned once and compared by pointer; entities and relations
 * live in flat arrays in input order; a row's attribute values are one
 * block of cells, and values added later (another row, merging, code)
 * short linked items in one shared array.  Nothing here is cgraph: cgraph
 * is used only to lay out and render.
 *
 * Loading merges rows with the same id into one entity.  kg_resolve then
 * merges entities that name each other (resolve.c): a merged entity stays
 * in the array with `root` pointing at the survivor, and is not shown.
 *
 * The store itself, struct kg_graph, is private to graph/ (store_int.h).
 * Above it, a graph is read through the functions here; the arrays the
 * writer reads millions of times are read through inline functions over
 * kg_view, the store's first member: read-only, and never named outside
 * graph/ (make layers checks it).
 *
 * Ownership: every string a graph hands out (ids, names, types, keys,
 * values, file names) is the graph's and lives as long as the graph.
 * Indexes of entities and relations are uint32_t, KG_NONE for none.
 */
#ifndef KG_STORE_H
#define KG_STORE_H

#include <stdint.h>
#include <string.h>

#include "kgraph.h"
#include "util/diag.h"
#include "util/sha256.h"
#include "util/symtab.h"

struct kg_stylesheet;
struct kg_present;

/* ---- What a graph is made of ---- */

/* Where a row came from: an index into the graph's files, and a line. */
typedef struct kg_loc {
    uint32_t file;
    uint32_t line;
} kg_loc;

/* An attribute value, or an alias (key NULL), as a linked item. */
typedef struct kg_attr {
    const char *key; /* interned; NULL for an alias */
    const char *value;
    uint32_t next; /* index + 1 of the next item, 0 at the end */
} kg_attr;

/*
 * A file's attribute columns.  A row keeps its attribute values as one
 * block of cells: each value NUL-terminated, one per key, in column order,
 * "" where the row has none.  A block costs its text and nothing per value
 * (a linked kg_attr costs 24 bytes a value).
 */
typedef struct kg_colset {
    const char **keys; /* interned */
    uint32_t n;
} kg_colset;

/* The attributes of an entity or relation: the cells of its first row,
 * then further values (another row's, set by code) as kg_attr items.  An
 * alias list uses the items only. */
typedef struct kg_list {
    const char *cells; /* NULL when none */
    uint32_t cols;     /* the colset that describes the cells */
    uint32_t head;     /* index + 1 of the first item, 0 when none */
} kg_list;

/* 32 bytes: there are millions.  Its attributes (kg_ent_attrs): the
 * cells of its first row, described by the colset of its run of entities
 * (or, when that row came from another file, kept aside), then items.
 * The entity it was merged into: kg_graph_root.  The line of its first
 * row, and two flags, beside (a byte: kg_ent_loc, kg_ent_identified). */
typedef struct kg_entity {
    const char *name;
    const char *cells; /* its first row's values (kg_colset), NULL when
                          none */
    uint32_t id_sym;   /* its id: symbol index (kg_ent_id) */
    uint32_t head;     /* its attribute items (a key may repeat: one item
                          per distinct value): index + 1, 0 when none */
    uint32_t type;     /* symbol index (kg_ent_type), KG_NONE when not given */
    uint32_t aliases;  /* the first alias item (key NULL, value interned):
                          index + 1, 0 when none */
} kg_entity;

/* An entity's flags (kg_graph_flag_entity): a row gave it an id (not just
 * a name); it was made for a relation end that named nothing.  The most
 * its line says: KG_ENT_LINE (lines beyond are this one). */
#define KG_ENT_IDENTIFIED 0x80000000u
#define KG_ENT_UNKNOWN    0x40000000u
#define KG_ENT_LINE       0x3FFFFFFFu

/* 16 bytes: there are millions.  What few relations have lives in side
 * tables: a label, end types and values added later (kg_rel_more), a
 * fold, a direction; the file of a run of rows; the line of its row
 * (kg_rel_loc) a byte, as it follows the line of the relation before. */
typedef struct kg_relation {
    uint32_t src, dst; /* the ends: symbol indexes as written until
                          kg_resolve, entity indexes after */
    uint32_t type;     /* symbol index, KG_NONE when not given */
    uint32_t cells;    /* its row's values, as its run's colset says: where
                          they are in the cell store + 1 (kg_rel_cells), 0
                          when none */
} kg_relation;

/* The most a relation's line says: lines beyond are this one. */
#define KG_REL_LINE_MAX 0x7FFFFFFFu

/* Relations (or entities) from `first` on, to the next run, come from
 * `file`, with cells as colset `cols` describes (KG_NONE: none yet). */
typedef struct kg_rel_run {
    uint32_t first, file, cols;
} kg_rel_run;

/* How an element of a graph of changes (kg_diff_graph) differs from the
 * older version: drawn by the writer, keyed by the legend. */
enum { KG_CHANGE_NONE, KG_CHANGE_ADDED, KG_CHANGE_REMOVED, KG_CHANGE_CHANGED };

/*
 * The arrays a graph is made of, the first member of the store.  Read
 * only through the functions below; written only by graph/.  Arrays
 * that are NULL mean "none": nothing hidden, marked, changed...
 */
typedef struct kg_view {
    kg_entity *ents;
    size_t nents;
    kg_relation *rels;
    size_t nrels;
    kg_attr *attrs;       /* items: index + 1 in kg_list.head, .next */
    kg_symtab syms;       /* interned strings, by symbol index */
    kg_colset *colsets;   /* by kg_list.cols */
    kg_rel_run *rel_runs; /* by relation */
    size_t nrel_runs;
    uint64_t *more_bits; /* a bit per relation (words up to nmore_words):
                            it has values in a side table */
    size_t nmore_words;
    kg_rel_run *ent_runs; /* by entity: cols describes the cells of the
                             run's entities (but the odd ones) */
    size_t nent_runs;
    size_t nodd_cols;        /* entities whose cells came from another file than
                                their run's: their colset is kept aside */
    uint32_t *roots;         /* per entity, once one was merged into another:
                                the entity it was merged into, or itself; NULL
                                while none was */
    unsigned char *node_off; /* per entity, from kg_resolve: merged or
                                filtered out */
    unsigned char *edge_off; /* per relation: filtered out */
    int edges_synced;        /* edge_off also covers folded edges and
                                hidden ends (kg_graph_sync_edges) */
    uint32_t *folded;        /* per relation, from kg_merge_edges:
                                KG_NONE, or the edge it was folded into */
    unsigned char *undirected; /* per relation up to nundirected */
    size_t nundirected;
    unsigned char *untyped; /* per entity up to untyped_cap: its row left
                               the type empty (drawn "unknown") */
    size_t untyped_cap;
    unsigned char *node_mark;   /* per entity: a focus or path node */
    unsigned char *edge_mark;   /* per relation: on a path */
    unsigned char *node_change; /* per entity, in a graph of changes: */
    unsigned char *edge_change; /* KG_CHANGE_* */
    char **cell_pages;          /* the cell store: relations' cells, by
                                   kg_relation.cells - 1 (kg_rel_cells) */
} kg_view;

static inline const kg_view *kg_view_of(const kg_graph *g)
{
    return (const kg_view *)(const void *)g;
}

/* ---- Reading: entities and relations ---- */

static inline size_t kg_nents(const kg_graph *g)
{
    return kg_view_of(g)->nents;
}

static inline size_t kg_nrels(const kg_graph *g)
{
    return kg_view_of(g)->nrels;
}

/* Entity e, relation r (in range). */
static inline const kg_entity *kg_ent(const kg_graph *g, uint32_t e)
{
    return &kg_view_of(g)->ents[e];
}

static inline const kg_relation *kg_rel(const kg_graph *g, uint32_t r)
{
    return &kg_view_of(g)->rels[r];
}

/* The index of relation r (a pointer into the graph's array). */
static inline uint32_t kg_rel_index(const kg_graph *g, const kg_relation *r)
{
    return (uint32_t)(r - kg_view_of(g)->rels);
}

/* The text of symbol y (an interned string). */
static inline const char *kg_sym_text(const kg_graph *g, uint32_t y)
{
    return kg_view_of(g)->syms.syms[y].s;
}

/* A relation's type, or NULL. */
static inline const char *kg_rel_type(const kg_graph *g, const kg_relation *r)
{
    return r->type == KG_NONE ? NULL : kg_sym_text(g, r->type);
}

/* Entity e's type, or NULL. */
static inline const char *kg_ent_type(const kg_graph *g, const kg_entity *e)
{
    return e->type == KG_NONE ? NULL : kg_sym_text(g, e->type);
}

/* Entity e's id (interned: equal ids are one pointer). */
static inline const char *kg_ent_id(const kg_graph *g, const kg_entity *e)
{
    return kg_sym_text(g, e->id_sym);
}

/* The type whose look entity e is drawn with: its type; "unknown" when
 * its row's type cell was empty (the data says it is not known); NULL
 * (the default look) when nothing said, as for a node made for a
 * relation end. */
extern const char kg_unknown_type[]; /* "unknown" */
static inline const char *kg_ent_look_type(const kg_graph *g, uint32_t e)
{
    const kg_view *v = kg_view_of(g);
    const char *t = kg_ent_type(g, &v->ents[e]);
    if (t || !v->untyped || e >= v->untyped_cap || !v->untyped[e])
        return t;
    return kg_unknown_type;
}

/* Whether any entity's row left its type empty. */
static inline int kg_graph_any_untyped(const kg_graph *g)
{
    return kg_view_of(g)->untyped != NULL;
}

/* The run item i belongs to: the last with first <= i. */
static inline const kg_rel_run *kg_run_of(const kg_rel_run *runs, size_t n,
                                          uint32_t i)
{
    size_t lo = 0, hi = n;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (runs[mid].first <= i)
            lo = mid;
        else
            hi = mid;
    }
    return &runs[lo];
}

/* The run of rows relation r belongs to. */
static inline const kg_rel_run *kg_rel_run_of(const kg_graph *g,
                                              const kg_relation *r)
{
    const kg_view *v = kg_view_of(g);
    return kg_run_of(v->rel_runs, v->nrel_runs, kg_rel_index(g, r));
}

/* The line of entity e's first row. */
uint32_t kg_ent_line(const kg_graph *g, uint32_t e);

/* Where entity e's first row is. */
static inline kg_loc kg_ent_loc(const kg_graph *g, const kg_entity *e)
{
    const kg_view *v = kg_view_of(g);
    uint32_t i = (uint32_t)(e - v->ents);
    return (kg_loc){kg_run_of(v->ent_runs, v->nent_runs, i)->file,
                    kg_ent_line(g, i)};
}

/* The colset of the cells of entity i (which has cells), when some
 * entity's is kept aside. */
uint32_t kg_ent_odd_cols(const kg_graph *g, uint32_t i);

/* Entity e's attributes. */
static inline kg_list kg_ent_attrs(const kg_graph *g, const kg_entity *e)
{
    const kg_view *v = kg_view_of(g);
    uint32_t i = (uint32_t)(e - v->ents), cols = 0;
    if (e->cells)
        cols = v->nodd_cols ? kg_ent_odd_cols(g, i)
                            : kg_run_of(v->ent_runs, v->nent_runs, i)->cols;
    return (kg_list){e->cells, cols, e->head};
}

/* The line of relation i's row. */
uint32_t kg_rel_line(const kg_graph *g, uint32_t i);

/* Where relation r's row is. */
static inline kg_loc kg_rel_loc(const kg_graph *g, const kg_relation *r)
{
    return (kg_loc){kg_rel_run_of(g, r)->file,
                    kg_rel_line(g, kg_rel_index(g, r))};
}

/* Whether relation r has values in a side table (kg_rel_more_*). */
static inline int kg_rel_has_more(const kg_graph *g, const kg_relation *r)
{
    const kg_view *v = kg_view_of(g);
    uint32_t i = kg_rel_index(g, r);
    return (i >> 6) < v->nmore_words && (v->more_bits[i >> 6] >> (i & 63) & 1);
}

/* The head of relation r's items beyond its cells, its label and the
 * types of the ends it creates (NULL when not given); for a relation
 * that kg_rel_has_more. */
uint32_t kg_rel_more_head(const kg_graph *g, const kg_relation *r);
const char *kg_rel_more_label(const kg_graph *g, const kg_relation *r);
const char *kg_rel_more_end_type(const kg_graph *g, const kg_relation *r,
                                 int dst);

/* A relation's label, or NULL. */
static inline const char *kg_rel_label(const kg_graph *g, const kg_relation *r)
{
    return kg_rel_has_more(g, r) ? kg_rel_more_label(g, r) : NULL;
}

/* The type of the end a relation creates (its target with `dst`), from
 * subject_type / object_type or a Neo4j id space; NULL when not given. */
static inline const char *kg_rel_end_type(const kg_graph *g,
                                          const kg_relation *r, int dst)
{
    return kg_rel_has_more(g, r) ? kg_rel_more_end_type(g, r, dst) : NULL;
}

/* Relation r's row's cells, or NULL.  The cell store is pages of
 * KG_CELL_PAGE bytes that never move (a row longer than a page takes a
 * run of them), so the text stays where it is until the graph is
 * freed. */
enum { KG_CELL_PAGE_BITS = 22, KG_CELL_PAGE = 1 << KG_CELL_PAGE_BITS };

static inline const char *kg_rel_cells(const kg_graph *g, const kg_relation *r)
{
    uint32_t at = r->cells - 1;
    return r->cells ? kg_view_of(g)->cell_pages[at >> KG_CELL_PAGE_BITS] +
                          (at & (KG_CELL_PAGE - 1))
                    : NULL;
}

/* Relation r's attributes. */
static inline kg_list kg_rel_attrs(const kg_graph *g, const kg_relation *r)
{
    uint32_t cols = r->cells ? kg_rel_run_of(g, r)->cols : 0;
    uint32_t head = kg_rel_has_more(g, r) ? kg_rel_more_head(g, r) : 0;
    return (kg_list){kg_rel_cells(g, r), cols, head};
}

/* Whether relation i has no direction. */
static inline int kg_rel_undirected(const kg_graph *g, uint32_t i)
{
    const kg_view *v = kg_view_of(g);
    return i < v->nundirected && v->undirected[i];
}

/* The edge relation i was folded into by kg_merge_edges, or KG_NONE. */
static inline uint32_t kg_rel_folded(const kg_graph *g, uint32_t i)
{
    const kg_view *v = kg_view_of(g);
    return v->folded ? v->folded[i] : KG_NONE;
}

/* ---- Reading: attributes and aliases ---- */

/* Item `i` (index + 1, as in kg_list.head and kg_attr.next), or NULL at
 * the end. */
static inline const kg_attr *kg_attr_at(const kg_graph *g, uint32_t i)
{
    return i ? &kg_view_of(g)->attrs[i - 1] : NULL;
}

static inline const kg_attr *kg_attr_next(const kg_graph *g, const kg_attr *a)
{
    return kg_attr_at(g, a->next);
}

/* Walking an attribute list:
 *     kg_attr_it it;
 *     for (kg_attr_begin(g, l, &it); kg_attr_step(&it);)
 *         use(it.key, it.value);
 * Empty cells are skipped.  The graph may grow meanwhile (a merge adds
 * the values it walks to another list): each step reads the items where
 * they are now. */
typedef struct kg_attr_it {
    const char *key, *value;
    size_t len;              /* strlen(value), found by the step anyway */
    const char *cell;        /* the next cell */
    const char *const *keys; /* of the cells */
    uint32_t col, ncols;
    uint32_t next;     /* the next item */
    const kg_graph *g; /* whose items: read afresh at each step */
} kg_attr_it;

static inline void kg_attr_begin(const kg_graph *g, kg_list l, kg_attr_it *it)
{
    const kg_view *v = kg_view_of(g);
    /* cells come with their file's colset: colsets is there */
    const kg_colset *cs = l.cells && v->colsets ? &v->colsets[l.cols] : NULL;
    it->cell = cs ? l.cells : NULL;
    it->keys = cs ? cs->keys : NULL;
    it->ncols = cs ? cs->n : 0;
    it->col = 0;
    it->next = l.head;
    it->g = g;
}

static inline int kg_attr_step(kg_attr_it *it)
{
    while (it->col < it->ncols) {
        const char *v = it->cell;
        size_t n = strlen(v);
        it->cell += n + 1;
        if (n) {
            it->key = it->keys[it->col++];
            it->value = v;
            it->len = n;
            return 1;
        }
        it->col++;
    }
    if (!it->next)
        return 0;
    const kg_attr *a = &kg_view_of(it->g)->attrs[it->next - 1];
    it->key = a->key;
    it->value = a->value;
    it->len = strlen(a->value);
    it->next = a->next;
    return 1;
}

/* The first value of `key` (interned, or any string with the same text)
 * in list l, or NULL. */
const char *kg_attr_get(const kg_graph *g, kg_list l, const char *key);

/* The same, with the key compared without regard to ASCII case
 * ("Description" in a Kumu sheet is a description). */
const char *kg_attr_find_ci(const kg_graph *g, kg_list l, const char *key);

/* The value entity e is grouped by under `attr` (clusters, collapsing):
 * its type for "type", else the first value of the attribute, its name
 * compared exactly, then in any case; NULL or "" when it has none. */
const char *kg_ent_group(const kg_graph *g, uint32_t e, const char *attr);

/* How many colsets the graph has, and colset i: every attribute key a
 * file brought. */
size_t kg_graph_ncolsets(const kg_graph *g);
static inline const kg_colset *kg_graph_colset(const kg_graph *g, size_t i)
{
    return &kg_view_of(g)->colsets[i];
}

/* Whether any relation has values beyond its row's cells. */
int kg_graph_has_rel_items(const kg_graph *g);

/* ---- Reading: lookups, places, counts ---- */

/* The entity whose id is symbol y, or KG_NONE. */
uint32_t kg_sym_entity(const kg_graph *g, uint32_t y);

/* The entity an entity was finally merged into. */
uint32_t kg_graph_root(const kg_graph *g, uint32_t e);

/* Whether entity e was merged into another. */
static inline int kg_ent_merged(const kg_graph *g, uint32_t e)
{
    const kg_view *v = kg_view_of(g);
    return v->roots && v->roots[e] != e;
}

/* The rows that gave entity e its name and its type. */
kg_loc kg_ent_name_loc(const kg_graph *g, uint32_t e);
kg_loc kg_ent_type_loc(const kg_graph *g, uint32_t e);

/* The name of the file of loc ("<api>" for what code added). */
const char *kg_loc_file(const kg_graph *g, kg_loc loc);

/* The files read, in order: how many, and file i's name as given. */
size_t kg_graph_nfiles(const kg_graph *g);
const char *kg_graph_file(const kg_graph *g, size_t i);

/* ---- The settings its calls read ---- */

/* What the graph's calls read: set through kg_graph_set_* (kgraph.h). */
typedef struct kg_settings {
    unsigned long max_errors;
    const char *encoding; /* of the files loaded next; NULL: UTF-8 */
    const char *header;   /* the column names of the files loaded next,
                             comma-separated; NULL: each file's first row */
    int type_from_file;   /* kg_graph_set_type_from_file */
    const char *images;   /* the real path of the images folder, or NULL */
    size_t max_row, max_columns;
    kg_match match;
    kg_date_order date_order; /* of the files loaded next (dates.h) */
    kg_progress_fn progress;
    void *progress_ctx;
    /* Where work goes to a second thread (the unit tests make them small
     * to test both paths on small inputs): kg_resolve links relation ends
     * on two threads from link_half_min relations a half (resolve.c); the
     * writer formats runs in chunks of writer_chunk items. */
    size_t link_half_min, writer_chunk;
    unsigned threads; /* kg_graph_set_threads: for the analyses and the
                         diff; 0: one per processor */
    int file_hashes;  /* kg_graph_set_file_hashes */
} kg_settings;

/* ---- Building: for readers of files and for code ---- */

/* Interns s[0..len); returns the symbol index or KG_NONE when out of
 * memory. */
uint32_t kg_sym_intern(kg_graph *g, const char *s, size_t len);
/* The interned copy of s[0..len), or NULL when out of memory. */
const char *kg_intern(kg_graph *g, const char *s, size_t len);
/* Starts fetching the slot (stage 0), symbol (1) or text (2) of a string
 * with hash h, to be interned soon (symtab.h says why). */
void kg_graph_prefetch(const kg_graph *g, uint32_t h, int stage);

/* Relations [first, end) of file `file` have no type column: with
 * kg_settings.type_from_file, kg_resolve gives them the file's name
 * (rules/file_type.h) as their type.  0, or -1 when out of memory. */
int kg_graph_type_by_file(kg_graph *g, uint32_t file, uint32_t first,
                          uint32_t end);

/* Registers a file name for kg_loc; returns its index or KG_NONE. */
uint32_t kg_graph_add_file(kg_graph *g, const char *path);

/* Where the reader of the file registered last puts the digest of its
 * bytes (kg_csv_read_fd), when kg_graph_set_file_hashes asks for one;
 * else (or when out of memory: the digest is then not kept) NULL. */
kg_file_digest *kg_graph_digest_slot(kg_graph *g);
/* File i's SHA-256 into `sha256` and size into `*bytes` (either may be
 * NULL): 1 when kept (kg_graph_set_file_hashes was on while it was read,
 * and it is a regular file read to its end); 0 otherwise (read another
 * way, standard input or a FIFO, a read that stopped). */
int kg_graph_file_sha256(const kg_graph *g, size_t i, unsigned char sha256[32],
                         unsigned long long *bytes);

/* Whether the file with this device and inode was read already: then
 * its index is in *file; else records it as `file`.  0 or 1, or -1 when
 * out of memory. */
int kg_graph_seen_file(kg_graph *g, unsigned long long dev,
                       unsigned long long ino, uint32_t file, uint32_t *seen);

/*
 * The entity with this id, created (in input order) when new.  Sets
 * *created.  Returns KG_NONE when out of memory.
 */
uint32_t kg_graph_entity(kg_graph *g, const char *id, size_t len, kg_loc loc,
                         int *created);

/* Sets the flags of entity e (KG_ENT_IDENTIFIED, KG_ENT_UNKNOWN); whether
 * it has each. */
void kg_graph_flag_entity(kg_graph *g, uint32_t e, uint32_t flags);
int kg_ent_identified(const kg_graph *g, uint32_t e);
int kg_ent_unknown(const kg_graph *g, uint32_t e);

/*
 * Each returns 0, or -1 when out of memory.  Attribute keys must be
 * interned (kg_intern).  A second, different name becomes an alias; a
 * different type is a warning naming both places (the first is kept); a
 * different attribute value is kept as another value.
 */
int kg_graph_set_name(kg_graph *g, uint32_t e, const char *name, size_t len,
                      kg_loc loc);
int kg_graph_set_type(kg_graph *g, uint32_t e, const char *type, size_t len,
                      kg_loc loc);
int kg_graph_entity_attr(kg_graph *g, uint32_t e, const char *key,
                         const char *value, size_t len, kg_loc loc);
int kg_graph_add_alias(kg_graph *g, uint32_t e, const char *alias, size_t len,
                       kg_loc loc);

/* Appends a line to the merge report (merged: the id, name or relation
 * end that was merged into `survivor`); counts it by rule.  0 or -1. */
int kg_graph_log_merge(kg_graph *g, uint32_t survivor, const char *merged,
                       kg_merge_rule rule, kg_merge_kind kind, kg_loc loc);

/* Records that entity e's row has an empty type cell.  0 or -1. */
int kg_graph_mark_untyped(kg_graph *g, uint32_t e);

/* A file's attribute keys (interned) as a colset; returns its index or
 * KG_NONE when out of memory.  The array is copied. */
uint32_t kg_graph_add_colset(kg_graph *g, const char *const *keys, uint32_t n);

/* Gives an entity the cells of its first row (a block as colset `cols`
 * describes, copied); later rows add values with kg_graph_entity_attr.
 * Warns about values DOT cannot carry exactly. */
int kg_graph_entity_cells(kg_graph *g, uint32_t e, const char *cells,
                          size_t len, uint32_t cols, kg_loc loc);

/* Adds a relation; returns its index or KG_NONE when out of memory.  Its
 * src and dst (symbols) are set by kg_graph_flush_ends, which loading calls
 * at the end of each file.  Every few thousand relations, their ends are
 * handed to a second thread to intern (graph/ends.h): until
 * kg_graph_ends_wait, the calling thread may read the symbols there were
 * (kg_sym_text), and the store's own calls wait where they must; code
 * outside the store that reads the symbols' slots or count, the entity a
 * symbol is the id of, or relations' ends, waits first.  A call of the
 * API that adds relations waits before it returns. */
uint32_t kg_graph_relation(kg_graph *g, const char *src, size_t src_len,
                           const char *dst, size_t dst_len, kg_loc loc);
/* Waits for the ends handed on by kg_graph_relation, if any, and sets
 * them in their relations.  Their failure, when memory ran out, is
 * kg_graph_flush_ends's to report. */
void kg_graph_ends_wait(kg_graph *g);
/* Interns the ends queued by kg_graph_relation, and, the end of a file
 * or of loading, gives back the unused ends of the big arrays
 * (kg_graph_release_tails); 0, or -1 when out of memory. */
int kg_graph_flush_ends(kg_graph *g);
/* Gives the system back the pages past the used part of each big array
 * (entities, relations, symbols, items, text, cells): a huge page is
 * touched whole, so each holds up to 2 MiB unused.  Between phases; a
 * later write there is a fresh page, as before. */
void kg_graph_release_tails(kg_graph *g);
/* Gives relation r, the last made, its row's cells (kg_graph_cells's, as
 * colset `cols` describes); 0, or -1 when out of memory. */
int kg_graph_relation_cells(kg_graph *g, uint32_t r, uint32_t cells,
                            uint32_t cols);
/* Marks relation r as having no direction; 0, or -1 when out of memory. */
int kg_graph_relation_undirected(kg_graph *g, uint32_t r);
int kg_graph_relation_type(kg_graph *g, uint32_t r, const char *type,
                           size_t len);
int kg_graph_relation_label(kg_graph *g, uint32_t r, const char *label,
                            size_t len);
/* Sets the types of the ends relation r creates (interned or NULL). */
int kg_graph_relation_end_types(kg_graph *g, uint32_t r, const char *src_type,
                                const char *dst_type);
/* Adds key=value to relation r, unless r has that value for key already. */
int kg_graph_relation_attr(kg_graph *g, uint32_t r, const char *key,
                           const char *value, size_t len, kg_loc loc);

/*
 * Warns, at loc, about a value data gives presentation column `p` (or
 * NULL) that may not be drawn, or link column `key` (url, source_url) a
 * value that may not be a link (rules/presentation.h, rules/link.h).  The
 * value is kept as data either way: the warning says so.
 */
void kg_graph_check_value(kg_graph *g, kg_loc loc, const char *key,
                          const struct kg_present *p, int link,
                          const char *value);

/* The graph's pages to fault in ahead (util/ahead.h): a reading thread
 * that waits for the rows to be stored serves it (kg_csv_read_fd). */
struct kg_ahead *kg_graph_ahead(kg_graph *g);

/* The same for each value of a row's cells (a block of NUL-terminated
 * values). */
void kg_graph_check_cells(kg_graph *g, const char *cells, size_t len,
                          kg_loc loc);

/*
 * Warns when s[0..len) cannot come back exactly from DOT: no exact DOT form
 * (see rules/dot.h), or, for a node id (`is_id`), a leading '%', which
 * cgraph reserves for nameless nodes.
 */
void kg_graph_check_text(kg_graph *g, const char *s, size_t len, kg_loc loc,
                         int is_id);

#endif
