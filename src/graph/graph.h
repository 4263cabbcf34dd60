/*
 * graph.h - the graph store: entities, relations and their attributes.
 *
 * Compact on purpose (see BENCHMARKS.md): every id, type and attribute key
 * is interned once in a symbol table and compared by pointer; entities and
 * relations live in flat arrays in input order (big arrays, util.h); a
 * row's attribute values are one block of cells, and values added later
 * (another row, merging, code) short linked items in one shared array.
 * Nothing here is cgraph: cgraph is used only to lay out and render.
 *
 * Loading merges rows with the same id into one entity.  kg_resolve then
 * merges entities that name each other (resolve.c): a merged entity stays
 * in the array with `root` pointing at the survivor, and is not written.
 */
#ifndef KG_GRAPH_H
#define KG_GRAPH_H

#include <stdint.h>
#include <string.h>

#include "util/diag.h"
#include "kgraph.h"
#include "util/symtab.h"
#include "util/util.h"

/* Where a row came from: an index into kg_graph.files, and a line. */
typedef struct kg_loc {
    uint32_t file;
    uint32_t line;
} kg_loc;

typedef struct kg_attr {
    const char *key; /* interned; NULL for an alias */
    const char *value;
    uint32_t next; /* index + 1 of the next attribute, 0 at the end */
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
    uint32_t cols;     /* index into kg_graph.colsets */
    uint32_t head;     /* index + 1 of the first item, 0 when none */
} kg_list;

/* 48 bytes: there are millions. */
typedef struct kg_entity {
    const char *id; /* interned */
    const char *name;
    kg_list attrs;    /* a key may repeat: one item per distinct value */
    uint32_t type;    /* symbol index (kg_ent_type), KG_NONE when not given */
    uint32_t aliases; /* the first alias item (key NULL, value interned):
                         index + 1, 0 when none */
    uint32_t line;    /* of its first row (its file from ent_runs:
                         kg_ent_loc), and two flags: */
    uint32_t root;    /* itself, or the entity it was merged into */
} kg_entity;

/* In kg_entity.line: a row gave it an id (not just a name); it was made
 * for a relation end that named nothing.  The rest is the line. */
#define KG_ENT_IDENTIFIED 0x80000000u
#define KG_ENT_UNKNOWN    0x40000000u
#define KG_ENT_LINE       0x3FFFFFFFu

/* 24 bytes: there are millions.  What few relations have lives in side
 * tables: a label, end types and values added later in rel_more (found
 * through a hash table, when KG_REL_MORE is set), a fold in `folded`, a
 * direction in `undirected`; the file of a run of rows in rel_runs. */
typedef struct kg_relation {
    uint32_t src, dst; /* the ends: symbol indexes as written until
                          kg_resolve, entity indexes after */
    uint32_t type;     /* symbol index, KG_NONE when not given */
    uint32_t line;     /* of its row (its file: kg_rel_loc); KG_REL_MORE */
    const char *cells; /* its row's values, as its run's colset says, or
                          NULL */
} kg_relation;

/* In kg_relation.line: the relation has an entry in rel_more. */
#define KG_REL_MORE 0x80000000u

/* Relations from `first` on (to the next run) come from `file`, with
 * cells as colset `cols` describes (KG_NONE: none yet). */
typedef struct kg_rel_run {
    uint32_t first, file, cols;
} kg_rel_run;

/* A relation's label, and the types of the ends it creates (triples with
 * subject_type, Neo4j :START_ID(Space)); NULL when not given.  Values
 * added after its row's (another row, --merge-edges, code): `head`. */
typedef struct kg_rel_more {
    const char *label, *src_type, *dst_type;
    uint32_t rel;  /* the relation */
    uint32_t head; /* index + 1 of the first item, 0 when none */
} kg_rel_more;

/* One line of the merge report. */
typedef struct kg_merge_rec {
    uint32_t survivor;  /* entity (follow root for the final one) */
    const char *merged; /* the id, name or relation end that was merged */
    kg_merge_rule rule;
    kg_merge_kind kind;
    kg_loc loc;
} kg_merge_rec;

/* Relation ends waiting to be interned (kg_graph_flush_ends). */
typedef struct kg_pending {
    struct kg_pending_end {
        uint32_t rel, off, len, hash;
        int dst;
    } * items;
    size_t n, cap;
    kg_buf text; /* the ends, NUL-terminated, at items[i].off */
} kg_pending;

struct kg_graph {
    kg_arena arena;
    kg_symtab syms;
    kg_pending pending;
    uint32_t *sym_entity; /* per symbol: the entity whose id it is */
    size_t sym_entity_cap;
    kg_entity *ents;
    size_t nents, ents_cap;
    kg_relation *rels;
    size_t nrels, rels_cap;
    kg_rel_more *rel_more;
    size_t nrel_more, rel_more_cap;
    uint32_t *rel_more_slots; /* relation -> rel_more: index + 1, 0 empty */
    size_t rel_more_nslots;
    struct kg_ent_locs {
        uint32_t e; /* entity + 1; 0: an empty slot */
        kg_loc name, type;
    } * ent_locs; /* where a name or type came from, when that was not the
                     entity's first row: a hash table, few entries */
    size_t nent_locs, ent_locs_slots;
    kg_rel_run *rel_runs;
    size_t nrel_runs, rel_runs_cap;
    kg_rel_run *ent_runs; /* the same for entities (cols unused) */
    size_t nent_runs, ent_runs_cap;
    uint32_t *folded; /* per relation, from --merge-edges: KG_NONE, or the
                         edge it was folded into; NULL before */
    unsigned char *undirected; /* per relation up to nundirected: Gephi's
                                  Type=Undirected; NULL when none is */
    size_t nundirected, undirected_cap;
    kg_attr *attrs;
    size_t nattrs, attrs_cap;
    /* Lists of more than KG_LONG_LIST items (an entity with thousands of
     * rows, names or values) are indexed, so that adding to one stays
     * O(1): where each ends, by its first item, and its items by key and
     * value.  A list's index is valid while its `gen` matches. */
    struct kg_long_list {
        uint32_t first, tail, gen; /* tail 0: not indexed (now) */
    } * long_lists;
    size_t nlong_lists, long_lists_slots;
    struct kg_long_item {
        uint32_t item, gen; /* item index + 1 (0: empty) */
    } * long_items;
    size_t nlong_items, long_items_slots;
    uint32_t long_gen;
    kg_colset *colsets;
    size_t ncolsets, colsets_cap;
    kg_merge_rec *merges;
    size_t nmerges, merges_cap;
    const char **files; /* kg_loc.file indexes it; KG_NONE is "<api>" */
    size_t nfiles, files_cap;
    struct kg_file_id {
        unsigned long long dev, ino;
        uint32_t file; /* index into files */
    } * file_ids;      /* files read from disk, to skip one given twice */
    size_t nfile_ids, file_ids_cap;
    kg_diagsink diag;
    kg_progress_fn progress;
    void *progress_ctx;
    kg_stats stats;
    unsigned long max_errors;
    char *encoding; /* of the files loaded next; NULL: UTF-8 */
    char *images;   /* the real path of --images, or NULL (image.h) */
    size_t max_row, max_columns;
    kg_match match;
    int resolved;
    unsigned char
        *node_off; /* per entity, from kg_resolve: merged or filtered out */
    unsigned char *edge_off; /* per relation: filtered out */
    int edges_synced; /* edge_off also covers folded edges and hidden ends */
    unsigned char *node_mark;   /* per entity: a focus or path node */
    unsigned char *edge_mark;   /* per relation: on a path */
    unsigned char *node_change; /* per entity, in a graph of changes */
    unsigned char *edge_change; /* (kg_diff_graph): KG_CHANGE_*; NULL */
    unsigned char *untyped;     /* per entity: its row left the type empty
                                   (drawn "unknown"); NULL when none did */
    size_t untyped_cap;
    struct kg_filter_rec {
        const char *filter;
        unsigned long nodes, edges;
    } steps[16]; /* what each filter removed, in order */
    size_t nsteps;
    struct kg_stylesheet *style; /* the theme, and --style sheets on it */
    /* Where work goes to a second thread (the unit tests make them small
     * to test both paths on small inputs): kg_resolve links relation ends
     * on two threads from link_half_min relations a half (resolve.c); the
     * writer formats runs in chunks of writer_chunk items (writer.h). */
    size_t link_half_min, writer_chunk;
    int broken; /* a call ran out of memory halfway (kg_graph_broke) */
};

/*
 * A call that changes the graph (loading, resolving, folding, filtering)
 * ran out of memory halfway: the graph is left half changed, so from now
 * on it may only be freed (and its counts read); every other call is
 * KG_ERR_USAGE.  Returns KG_ERR_NOMEM for the call to return.
 */
static inline kg_status kg_graph_broke(kg_graph *g)
{
    g->broken = 1;
    g->resolved = 0;
    return KG_ERR_NOMEM;
}

/* Whether g may be changed by loading or code (not resolved, not broken). */
static inline int kg_graph_open(const kg_graph *g)
{
    return g && !g->resolved && !g->broken;
}

/* How an element of a graph of changes (kg_diff_graph) differs from the
 * older version: drawn by the writer, keyed by the legend. */
enum { KG_CHANGE_NONE, KG_CHANGE_ADDED, KG_CHANGE_REMOVED, KG_CHANGE_CHANGED };

/* A relation's type, or NULL. */
static inline const char *kg_rel_type(const kg_graph *g, const kg_relation *r)
{
    return r->type == KG_NONE ? NULL : g->syms.syms[r->type].s;
}

/* Relation r's entry in rel_more, or NULL. */
const kg_rel_more *kg_rel_more_find(const kg_graph *g, const kg_relation *r);

static inline const kg_rel_more *kg_rel_more_of(const kg_graph *g,
                                                const kg_relation *r)
{
    return r->line & KG_REL_MORE ? kg_rel_more_find(g, r) : NULL;
}

/* A relation's label, or NULL. */
static inline const char *kg_rel_label(const kg_graph *g, const kg_relation *r)
{
    const kg_rel_more *m = kg_rel_more_of(g, r);
    return m ? m->label : NULL;
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
    return kg_run_of(g->rel_runs, g->nrel_runs, (uint32_t)(r - g->rels));
}

/* Where entity e's first row is. */
static inline kg_loc kg_ent_loc(const kg_graph *g, const kg_entity *e)
{
    uint32_t i = (uint32_t)(e - g->ents);
    return (kg_loc){kg_run_of(g->ent_runs, g->nent_runs, i)->file,
                    e->line & KG_ENT_LINE};
}

/* Entity e's type, or NULL. */
static inline const char *kg_ent_type(const kg_graph *g, const kg_entity *e)
{
    return e->type == KG_NONE ? NULL : g->syms.syms[e->type].s;
}

/* The type whose look entity e is drawn with: its type; "unknown" when
 * its row's type cell was empty (the data says it is not known); NULL
 * (the default look) when nothing said, as for a node made for a
 * relation end. */
extern const char kg_unknown_type[]; /* "unknown" */
static inline const char *kg_ent_look_type(const kg_graph *g, uint32_t e)
{
    const char *t = kg_ent_type(g, &g->ents[e]);
    if (t || !g->untyped || e >= g->untyped_cap || !g->untyped[e])
        return t;
    return kg_unknown_type;
}

/* The `top` shown entities with the highest betweenness (as kgraph stats
 * ranks them: ties by degree... in input order), most central first: a
 * malloc'd array of *n entity indexes, or NULL when out of memory. */
uint32_t *kg_most_central(const kg_graph *g, size_t top, size_t *n);

/* Each shown entity's degree and betweenness, as kg_write_stats computes
 * them: a malloc'd array indexed by entity (zero for those not shown),
 * or NULL when out of memory. */
typedef struct kg_centrality {
    unsigned long degree;
    double betweenness;
} kg_centrality;
kg_centrality *kg_centralities(const kg_graph *g);

/* Records that entity e's row has an empty type cell.  0 or -1. */
int kg_graph_mark_untyped(kg_graph *g, uint32_t e);

static inline int kg_ent_identified(const kg_entity *e)
{
    return (e->line & KG_ENT_IDENTIFIED) != 0;
}

static inline int kg_ent_unknown(const kg_entity *e)
{
    return (e->line & KG_ENT_UNKNOWN) != 0;
}

/* Where relation r's row is. */
static inline kg_loc kg_rel_loc(const kg_graph *g, const kg_relation *r)
{
    return (kg_loc){kg_rel_run_of(g, r)->file, r->line & ~KG_REL_MORE};
}

/* Relation r's attributes. */
static inline kg_list kg_rel_attrs(const kg_graph *g, const kg_relation *r)
{
    uint32_t cols = r->cells ? kg_rel_run_of(g, r)->cols : 0;
    const kg_rel_more *m = kg_rel_more_of(g, r);
    return (kg_list){r->cells, cols, m ? m->head : 0};
}

/* Whether relation i has no direction. */
static inline int kg_rel_undirected(const kg_graph *g, uint32_t i)
{
    return i < g->nundirected && g->undirected[i];
}

/* The edge relation i was folded into by --merge-edges, or KG_NONE. */
static inline uint32_t kg_rel_folded(const kg_graph *g, uint32_t i)
{
    return g->folded ? g->folded[i] : KG_NONE;
}

/* The types of the ends a relation creates, or NULL. */
static inline const char *kg_rel_end_type(const kg_graph *g,
                                          const kg_relation *r, int dst)
{
    const kg_rel_more *m = kg_rel_more_of(g, r);
    if (!m)
        return NULL;
    return dst ? m->dst_type : m->src_type;
}

/* Interns s[0..len); returns the symbol index or KG_NONE when out of
 * memory. */
uint32_t kg_sym_intern(kg_graph *g, const char *s, size_t len);
/* The symbol for s, or KG_NONE. */
uint32_t kg_sym_find(const kg_graph *g, const char *s);
/* The entity whose id is symbol y, or KG_NONE. */
uint32_t kg_sym_entity(const kg_graph *g, uint32_t y);
/* The interned copy of s[0..len), or NULL when out of memory. */
const char *kg_intern(kg_graph *g, const char *s, size_t len);

/* Registers a file name for kg_loc; returns its index or KG_NONE. */
uint32_t kg_graph_add_file(kg_graph *g, const char *path);
const char *kg_loc_file(const kg_graph *g, kg_loc loc);

/*
 * The entity with this id, created (in input order) when new.  Sets
 * *created.  Returns KG_NONE when out of memory.
 */
uint32_t kg_graph_entity(kg_graph *g, const char *id, size_t len, kg_loc loc,
                         int *created);

/* The rows that gave entity e its name and its type. */
kg_loc kg_ent_name_loc(const kg_graph *g, uint32_t e);
kg_loc kg_ent_type_loc(const kg_graph *g, uint32_t e);

/* The entity an entity was finally merged into. */
uint32_t kg_graph_root(const kg_graph *g, uint32_t e);

/*
 * Each returns 0, or -1 when out of memory.  Attribute keys must be
 * interned (kg_intern).  A second, different name becomes an alias; a different
 * type is a warning naming both places (the first is kept); a different
 * attribute value is kept as another value.
 */
int kg_graph_set_name(kg_graph *g, uint32_t e, const char *name, size_t len,
                      kg_loc loc);
int kg_graph_set_type(kg_graph *g, uint32_t e, const char *type, size_t len,
                      kg_loc loc);
int kg_graph_entity_attr(kg_graph *g, uint32_t e, const char *key,
                         const char *value, size_t len, kg_loc loc);
int kg_graph_add_alias(kg_graph *g, uint32_t e, const char *alias, size_t len,
                       kg_loc loc);

/*
 * Warns, at loc, about a value data gives presentation column `p` (or
 * NULL) that may not be drawn, or link column `key` (url, source_url) a
 * value that may not be a link (present.h, link.h).  The value is kept as
 * data either way: the warning says so.
 */
struct kg_present;
void kg_graph_check_value(kg_graph *g, kg_loc loc, const char *key,
                          const struct kg_present *p, int link,
                          const char *value);

/* Appends a line to the merge report; counts it by rule. */
int kg_graph_log_merge(kg_graph *g, uint32_t survivor, const char *merged,
                       kg_merge_rule rule, kg_merge_kind kind, kg_loc loc);

/* Adds a relation; returns its index or KG_NONE when out of memory.  Its
 * src and dst (symbols) are set by kg_graph_flush_ends, which loading calls
 * at the end of each file and every few thousand relations. */
uint32_t kg_graph_relation(kg_graph *g, const char *src, size_t src_len,
                           const char *dst, size_t dst_len, kg_loc loc);
/* Interns the ends queued by kg_graph_relation; 0, or -1 when out of
 * memory. */
int kg_graph_flush_ends(kg_graph *g);
/* Gives relation r, the last made, its row's cells (arena text, as colset
 * `cols` describes); 0, or -1 when out of memory. */
int kg_graph_relation_cells(kg_graph *g, uint32_t r, const char *cells,
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
 * Warns when s[0..len) cannot come back exactly from DOT: no exact DOT form
 * (see dot.h), or, for a node id (`is_id`), a leading '%', which cgraph
 * reserves for nameless nodes.
 */
void kg_graph_check_text(kg_graph *g, const char *s, size_t len, kg_loc loc,
                         int is_id);

/* Whether entity e is a node of the output: not merged into another, not
 * filtered out. */
static inline int kg_node_shown(const kg_graph *g, uint32_t e)
{
    return g->node_off ? !g->node_off[e] : g->ents[e].root == e;
}

/* Sets edge_off for every edge that is not shown (folded, or an end
 * hidden), so that kg_edge_shown is one byte read per edge: writing a
 * graph asks it several times for every edge. */
void kg_graph_sync_edges(kg_graph *g);

/* Whether relation r is an edge of the output: not folded by
 * --merge-edges, not filtered out, both ends shown. */
static inline int kg_edge_shown(const kg_graph *g, uint32_t r)
{
    if (g->edges_synced)
        return !g->edge_off[r];
    const kg_relation *x = &g->rels[r];
    return kg_rel_folded(g, r) == KG_NONE && !(g->edge_off && g->edge_off[r]) &&
           kg_node_shown(g, x->src) && kg_node_shown(g, x->dst);
}

/* Alias `i` (index + 1, as in kg_list.head) or NULL at the end. */
static inline const kg_attr *kg_attr_at(const kg_graph *g, uint32_t i)
{
    return i ? &g->attrs[i - 1] : NULL;
}

static inline const kg_attr *kg_attr_next(const kg_graph *g, const kg_attr *a)
{
    return kg_attr_at(g, a->next);
}

/* Walking an attribute list:
 *     kg_attr_it it;
 *     for (kg_attr_begin(g, l, &it); kg_attr_step(g, &it);)
 *         use(it.key, it.value);
 * Empty cells are skipped. */
typedef struct kg_attr_it {
    const char *key, *value;
    const char *cell;        /* the next cell */
    const char *const *keys; /* of the cells */
    uint32_t col, ncols;
    uint32_t next; /* the next item */
} kg_attr_it;

static inline void kg_attr_begin(const kg_graph *g, kg_list l, kg_attr_it *it)
{
    it->cell = l.cells;
    it->keys = l.cells ? g->colsets[l.cols].keys : NULL;
    it->ncols = l.cells ? g->colsets[l.cols].n : 0;
    it->col = 0;
    it->next = l.head;
}

static inline int kg_attr_step(const kg_graph *g, kg_attr_it *it)
{
    while (it->col < it->ncols) {
        const char *v = it->cell;
        size_t n = strlen(v);
        it->cell += n + 1;
        if (n) {
            it->key = it->keys[it->col++];
            it->value = v;
            return 1;
        }
        it->col++;
    }
    if (!it->next)
        return 0;
    const kg_attr *a = &g->attrs[it->next - 1];
    it->key = a->key;
    it->value = a->value;
    it->next = a->next;
    return 1;
}

/* The value entity e is grouped by under `attr` (--cluster-by,
 * --collapse-by): its type for "type", else the first value of the
 * attribute, its name compared exactly, then in any case; NULL or ""
 * when it has none. */
const char *kg_ent_group(const kg_graph *g, uint32_t e, const char *attr);

/* The first value of `key` in list l, or NULL. */
const char *kg_attr_get(const kg_graph *g, kg_list l, const char *key);

/* The same, with the key compared without regard to ASCII case
 * ("Description" in a Kumu sheet is a description). */
const char *kg_attr_find_ci(const kg_graph *g, kg_list l, const char *key);

/* A file's attribute keys (interned) as a colset; returns its index or
 * KG_NONE when out of memory.  The array is copied. */
uint32_t kg_graph_add_colset(kg_graph *g, const char *const *keys, uint32_t n);

/* Gives an entity the cells of its first row (a block as colset `cols`
 * describes, copied); later rows add values with kg_graph_entity_attr.
 * Warns about values DOT cannot carry exactly. */
int kg_graph_entity_cells(kg_graph *g, uint32_t e, const char *cells,
                          size_t len, uint32_t cols, kg_loc loc);

/* The same block shared by relations (a row with a list of targets makes
 * several): returns the arena copy, or NULL when out of memory. */
const char *kg_graph_cells(kg_graph *g, const char *cells, size_t len,
                           kg_loc loc);

/* Sets key to this one value on relation r, replacing any values it had. */
int kg_graph_relation_set(kg_graph *g, uint32_t r, const char *key,
                          const char *value);

/* How many shown nodes (edges: relations) there are of each type, in order
 * of first appearance (NULL type: none given).  A malloc'd array of *n
 * items (possibly none), or NULL when out of memory. */
typedef struct kg_type_count {
    const char *type;
    unsigned long n;
} kg_type_count;
kg_type_count *kg_graph_count_types(const kg_graph *g, int edges, size_t *n);

/* Appends every item of `from` (aliases or attributes) to entity e's list
 * of the same kind, skipping values it has already. */
int kg_graph_absorb(kg_graph *g, uint32_t e, const kg_entity *from);

#endif
