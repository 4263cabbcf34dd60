/*
 * graph.h - the graph store: entities, relations and their attributes.
 *
 * Compact on purpose (see issue "Fast at scale"): every id, name, type and
 * attribute key is interned once in a symbol table and compared by pointer;
 * entities and relations live in flat arrays in input order; attributes are
 * singly linked lists in one shared array.  Nothing here is cgraph: cgraph
 * is used only to lay out and render.
 */
#ifndef KG_GRAPH_H
#define KG_GRAPH_H

#include <stdint.h>

#include "diag.h"
#include "kgraph.h"
#include "util.h"

#define KG_NONE      UINT32_MAX
#define KG_AMBIGUOUS (UINT32_MAX - 1)

/* Where a row came from: an index into kg_graph.files, and a line. */
typedef struct kg_loc {
    uint32_t file;
    uint32_t line;
} kg_loc;

/* An interned string and what it names. */
typedef struct kg_sym {
    const char *s;
    uint32_t len;
    uint32_t hash;
    uint32_t entity; /* entity whose id this is, or KG_NONE */
    uint32_t named;  /* entity with this name or alias, KG_NONE, KG_AMBIGUOUS */
    uint32_t named2; /* with KG_AMBIGUOUS: the first two claimants */
    uint32_t named1;
} kg_sym;

typedef struct kg_symtab {
    kg_sym *syms;
    size_t n, cap;
    uint32_t *slots; /* open addressing: symbol index + 1, 0 is empty */
    size_t nslots;
} kg_symtab;

typedef struct kg_attr {
    const char *key; /* interned */
    const char *value;
    kg_loc loc;
    uint32_t next; /* index + 1 of the next attribute, 0 at the end */
} kg_attr;

typedef struct kg_list {
    uint32_t head, tail; /* index + 1, 0 when empty */
} kg_list;

typedef struct kg_entity {
    const char *id; /* interned */
    const char *name;
    const char *type; /* interned; NULL when not given */
    kg_list attrs;
    kg_list aliases; /* kg_attr items with key NULL */
    kg_loc loc;      /* its first row */
    kg_loc name_loc; /* the rows that gave the name and the type */
    kg_loc type_loc;
    int unknown; /* made for a relation end that named nothing */
} kg_entity;

typedef struct kg_relation {
    const char *src_ref, *dst_ref; /* as written */
    uint32_t src, dst;             /* entity indexes, after kg_resolve */
    const char *type;              /* interned; may be NULL */
    const char *label;             /* may be NULL */
    kg_list attrs;
    kg_loc loc;
} kg_relation;

struct kg_graph {
    kg_arena arena;
    kg_symtab syms;
    kg_entity *ents;
    size_t nents, ents_cap;
    kg_relation *rels;
    size_t nrels, rels_cap;
    kg_attr *attrs;
    size_t nattrs, attrs_cap;
    const char **files; /* kg_loc.file indexes it; KG_NONE is "<api>" */
    size_t nfiles, files_cap;
    struct kg_file_id {
        unsigned long long dev, ino;
        uint32_t file; /* index into files */
    } * file_ids;      /* files read from disk, to skip one given twice */
    size_t nfile_ids, file_ids_cap;
    kg_diagsink diag;
    kg_stats stats;
    unsigned long max_errors;
    int resolved;
};

/* Interns s[0..len); returns the symbol index or KG_NONE when out of
 * memory. */
uint32_t kg_sym_intern(kg_graph *g, const char *s, size_t len);
/* The symbol for s, or KG_NONE. */
uint32_t kg_sym_find(const kg_graph *g, const char *s);

/* Registers a file name for kg_loc; returns its index or KG_NONE. */
uint32_t kg_graph_add_file(kg_graph *g, const char *path);
const char *kg_loc_file(const kg_graph *g, kg_loc loc);

/*
 * The entity with this id, created (in input order) when new.  Sets
 * *created.  Returns KG_NONE when out of memory.
 */
uint32_t kg_graph_entity(kg_graph *g, const char *id, size_t len, kg_loc loc,
                         int *created);

/* Each returns 0, or -1 when out of memory.  A value that conflicts with
 * one already set is a warning naming both places; the first is kept. */
int kg_graph_set_name(kg_graph *g, uint32_t e, const char *name, size_t len,
                      kg_loc loc);
int kg_graph_set_type(kg_graph *g, uint32_t e, const char *type, size_t len,
                      kg_loc loc);
int kg_graph_entity_attr(kg_graph *g, uint32_t e, const char *key,
                         const char *value, size_t len, kg_loc loc);
int kg_graph_add_alias(kg_graph *g, uint32_t e, const char *alias, size_t len,
                       kg_loc loc);

/* Adds a relation; returns its index or KG_NONE when out of memory. */
uint32_t kg_graph_relation(kg_graph *g, const char *src, size_t src_len,
                           const char *dst, size_t dst_len, kg_loc loc);
int kg_graph_relation_type(kg_graph *g, uint32_t r, const char *type,
                           size_t len);
int kg_graph_relation_label(kg_graph *g, uint32_t r, const char *label,
                            size_t len);
int kg_graph_relation_attr(kg_graph *g, uint32_t r, const char *key,
                           const char *value, size_t len, kg_loc loc);

/*
 * Warns when s[0..len) cannot come back exactly from DOT: no exact DOT form
 * (see dot.h), or, for a node id (`is_id`), a leading '%', which cgraph
 * reserves for nameless nodes.
 */
void kg_graph_check_text(kg_graph *g, const char *s, size_t len, kg_loc loc,
                         int is_id);

/* Attribute `i` (index + 1, as in kg_list) or NULL at the end. */
static inline const kg_attr *kg_attr_at(const kg_graph *g, uint32_t i)
{
    return i ? &g->attrs[i - 1] : NULL;
}

static inline const kg_attr *kg_attr_next(const kg_graph *g, const kg_attr *a)
{
    return kg_attr_at(g, a->next);
}

/* The value of `key` in list l, or NULL. */
const char *kg_attr_get(const kg_graph *g, kg_list l, const char *key);

#endif
