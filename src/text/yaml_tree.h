/*
 * yaml_tree.h - a YAML document as a small tree with positions, read
 * with libyaml's event parser (yaml_tree.c): for FollowTheMoney mappings
 * (read/mapping.c), which are untrusted like any input.
 *
 * Bounded: no more than KG_YAML_MAX_NODES nodes and KG_YAML_MAX_DEPTH
 * levels, and no aliases at all (`*name` is an error at its place), so a
 * "billion laughs" document cannot grow in memory or in the time it takes
 * to walk; anchors (`&name`) and tags are passed over.  The input's size
 * is its caller's to bound.  Only the first document of a stream is read
 * (a warning says so when there are more).
 */
#ifndef KG_YAML_TREE_H
#define KG_YAML_TREE_H

#include <stddef.h>

#include "util/arena.h"
#include "util/diag.h"

enum { KG_YAML_MAX_NODES = 100000, KG_YAML_MAX_DEPTH = 64 };

typedef enum kg_ynode_kind { KG_Y_SCALAR, KG_Y_SEQ, KG_Y_MAP } kg_ynode_kind;

typedef struct kg_ynode {
    kg_ynode_kind kind;
    const char *text; /* a scalar's text, NUL-terminated; "" otherwise */
    size_t len;
    int null;                /* a plain "", "~" or "null": YAML's null */
    int plain;               /* written without quotes */
    unsigned long line, col; /* where it starts, from 1 */
    struct kg_ynode **kids;  /* a sequence's items; a map's keys and
                                values in turn: key, value, key... */
    size_t nkids;
} kg_ynode;

/* A document's tree; everything in it lives in its arena. */
typedef struct kg_ydoc {
    kg_arena arena;
    kg_ynode *root; /* NULL for an empty document */
} kg_ydoc;

/*
 * Reads YAML text[0..len) (named `file` in diagnostics) into doc.  0;
 * 1 when the text is not YAML kgraph reads (an error at its place
 * reported to d, doc left empty); -1 when out of memory.  Free doc with
 * kg_ydoc_free in every case.
 */
int kg_yaml_read(kg_ydoc *doc, const char *text, size_t len, const char *file,
                 kg_diagsink *d);
void kg_ydoc_free(kg_ydoc *doc);

/* The value of key `key` in map m (the last when it is repeated, as
 * PyYAML takes it), or NULL when m is not a map or has no such key. */
const kg_ynode *kg_ymap_get(const kg_ynode *m, const char *key);

#endif
