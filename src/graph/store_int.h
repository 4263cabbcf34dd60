/*
 * store_int.h - the graph store itself: private to graph/.  The layers
 * above read a graph through store.h, view.h and lifetime.h; only the
 * files of graph/ include this.
 */
#ifndef KG_STORE_INT_H
#define KG_STORE_INT_H

#include "graph/ends.h"
#include "graph/lines.h"
#include "graph/store.h"
#include "graph/type_memo.h"
#include "util/ahead.h"
#include "util/buf.h"

/* A relation's label, and the types of the ends it creates (triples with
 * subject_type, Neo4j :START_ID(Space)); NULL when not given.  Values
 * added after its row's (another row, kg_merge_edges, code): `head`. */
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

struct kg_graph {
    kg_view v; /* first: graph.h reads it by a cast (kg_view_of) */
    size_t ents_cap, rels_cap, attrs_cap, nattrs, roots_cap;
    kg_lines rel_lines;   /* of relations' rows (kg_rel_line) */
    kg_lines ent_lines;   /* of entities' first rows (kg_ent_line), a byte's
                             top two bits their flags (ENT_FLAGS in store.c) */
    size_t more_bits_cap; /* words of v.more_bits */
    size_t rel_runs_cap, ent_runs_cap, colsets_cap, ncolsets;
    size_t undirected_cap;
    kg_arena arena; /* store.c's arena(g) waits for the ends in flight */
    /* the cell store (kg_rel_cells): v.cell_pages, and per page the pages
     * its mapping spans (0: a later page of a mapping; the first mapping
     * is malloc's, the others kg_big_calloc's); the page being
     * filled (index + 1, 0: none) and its bytes used */
    size_t cell_npages, cell_pages_cap;
    uint32_t *cell_span;
    size_t cell_span_cap;
    uint32_t cell_cur, cell_used;
    size_t cell_pages_max; /* 0: as many as 32-bit offsets reach */
    char *cell_spare;      /* the next page, made (kg_big_calloc) and its first
                              pages asked for while the current one fills, or
                              NULL */
    /* pages of v.ents, v.rels, the arena and the cell store asked for
     * ahead of their writing (util/ahead.h): kg_ahead_quiet before they
     * move or go */
    kg_ahead ahead;
    kg_ends ends; /* relation ends to intern (ends.h): kg_graph_ends_wait
                     before using the symbols' slots or count, the arena,
                     sym_entity, relations' src and dst */
    uint32_t *sym_entity; /* per symbol: the entity whose id it is */
    size_t sym_entity_cap;
    kg_rel_more *rel_more;
    size_t nrel_more, rel_more_cap;
    uint32_t *rel_more_slots; /* relation -> rel_more: index + 1, 0 empty */
    size_t rel_more_nslots;
    struct kg_ent_locs {
        uint32_t e; /* entity + 1; 0: an empty slot */
        kg_loc name, type;
        uint32_t cols; /* of its cells, when not its run's; else KG_NONE */
    } * ent_locs;      /* where a name or type came from, when that was not the
                          entity's first row, and the colset of cells from
                          another file than the entity's run: a hash table,
                          few entries */
    size_t nent_locs, ent_locs_slots;
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
        uint32_t hash;      /* item_hash: not made again when the index
                               grows, and most other items passed by it */
    } * long_items;
    size_t nlong_items, long_items_slots;
    uint32_t long_gen;
    kg_merge_rec *merges;
    size_t nmerges, merges_cap;
    const char **files; /* kg_loc.file indexes it; KG_NONE is "<api>" */
    size_t nfiles, files_cap;
    kg_file_digest *digests; /* files' digests (kg_graph_set_file_hashes) */
    size_t digests_cap;
    struct kg_file_id {
        unsigned long long dev, ino;
        uint32_t file; /* index into files */
    } * file_ids;      /* files read from disk, to skip one given twice */
    size_t nfile_ids, file_ids_cap;
    kg_diagsink diag;
    kg_stats stats;
    kg_settings set;
    char *encoding; /* set.encoding's copy */
    char *images;   /* set.images's copy */
    char *header;   /* set.header's copy */
    struct kg_typed_file {
        uint32_t file, first, end; /* relations [first, end) of file */
    } * typed_files;               /* kg_graph_type_by_file */
    size_t ntyped_files, typed_files_cap;
    /* rejected rows (rejects.c): the errors reported in them, the table
     * they are written to (the caller's stream, or NULL) and its writer */
    unsigned long row_errors;
    FILE *rejects;
    struct kg_out *rejects_out;
    int resolved;
    struct kg_filter_rec {
        const char *filter;
        unsigned long nodes, edges;
    } steps[16]; /* what each filter removed, in order */
    size_t nsteps;
    struct kg_stylesheet *style; /* the theme, and the sheets on it */
    struct kg_date_key {
        const char *key;     /* interned */
        kg_date_order order; /* of a day and month in digits */
    } * date_keys;           /* keys the reader found hold dates (dates.h) */
    size_t ndate_keys, date_keys_cap;
    int broken;         /* a call ran out of memory halfway (kg_graph_broke) */
    kg_type_memo types; /* types interned lately (type_memo.h) */
    /* keys set lately through kg_set_entity_attr and kg_set_relation_attr
     * (from_code.c), found valid: interned, with what checks their values
     * for a node or an edge (a key is one of a few, set again on each row
     * a caller adds); emptied when the pictures' folder changes */
    struct kg_api_key {
        const char *key; /* interned; NULL: empty */
        const struct kg_present *p;
        unsigned kind;
        int link;
    } api_keys[8];
    unsigned api_keys_next; /* the one replaced next */
};

/* An entity's flags (KG_ENT_IDENTIFIED, KG_ENT_UNKNOWN) are the top two
 * bits of its line byte (ent_lines). */
static inline unsigned char kg_ent_flag_bits(uint32_t flags)
{
    return (unsigned char)((flags & (KG_ENT_IDENTIFIED | KG_ENT_UNKNOWN)) >>
                           24);
}

/* Clears flags of entity e (kg_graph_flag_entity sets them). */
static inline void kg_graph_unflag_entity(kg_graph *g, uint32_t e,
                                          uint32_t flags)
{
    g->ent_lines.d[e] &= (unsigned char)~kg_ent_flag_bits(flags);
}

/* Relation r's entry in rel_more, or NULL. */
const kg_rel_more *kg_rel_more_find(const kg_graph *g, const kg_relation *r);

static inline const kg_rel_more *kg_rel_more_of(const kg_graph *g,
                                                const kg_relation *r)
{
    return kg_rel_has_more(g, r) ? kg_rel_more_find(g, r) : NULL;
}

/* Sets key to this one value on relation r, replacing any values it had
 * (kg_merge_edges: a sum, a count).  0, or -1 when out of memory. */
int kg_graph_relation_set(kg_graph *g, uint32_t r, const char *key,
                          const char *value);

/* Records that entity e was merged into `root` (v.roots, made at the
 * first merge).  0, or -1 when out of memory. */
int kg_graph_set_root(kg_graph *g, uint32_t e, uint32_t root);

/* Appends every item of `from` (aliases or attributes) to entity e's list
 * of the same kind, skipping values it has already. */
int kg_graph_absorb(kg_graph *g, uint32_t e, const kg_entity *from);

#endif
