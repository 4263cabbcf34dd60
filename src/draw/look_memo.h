/*
 * look_memo.h - the looks of the style sheet a DOT writer has found, per
 * entity or relation type, with what it writes of them rendered once:
 * every element asks for its type's look (look_memo.c).  The DOT writer
 * keeps one (element.h, kg_writer.looks), which owns what it found
 * (kg_looks_free).
 */
#ifndef KG_LOOK_MEMO_H
#define KG_LOOK_MEMO_H

#include <stddef.h>
#include <stdint.h>

#include "graph/store.h"
#include "rules/style.h"

/* A type's look, and its pairs as DOT. */
struct look_memo {
    const char *type;
    kg_style_kind kind;
    const kg_look *look;
    const char **ikeys; /* the look's keys as interned, or NULL */
    char **pairs;       /* the look's pairs as DOT, or NULL */
    char *type_pair;    /* type=..., for a relation type (or NULL) */
    char *label_pair;   /* label="..." it shows when it has no label */
    char *all;          /* ", pair, pair...": every pair, written at
                           once when the data drew none (or NULL) */
    size_t all_len;
};

/* Zeroed: none found yet. */
typedef struct kg_looks {
    /* looks already found, per interned type (types are few) */
    struct look_memo *memo;
    size_t nmemo, memo_cap;
    /* where each (type, kind) was last found: index + 1 into memo by a
     * hash of the two (0: look it up), as every element asks for its
     * type's memo and a scan of every type was a percent of a build */
    uint16_t memo_hot[64];
    struct look_memo fallback; /* when the memo cannot grow */
    /* every key of the style's looks, and its interned text (or NULL),
     * found at once (kg_looks_style_keys); nkeys 0: by kg_sym_find */
    const char **keys, **ikeys;
    size_t nkeys;
} kg_looks;

/* Finds the interned text of every key of g's style's looks at once,
 * without the symbols' slots (kg_sym_find_all); 0, or -1 when out of
 * memory. */
int kg_looks_style_keys(kg_looks *l, const kg_graph *g);

/* The look of an entity type (KG_STYLE_NODE) or relation type, with its
 * keys as interned (NULL for a key no data has); found or made once.
 * `frozen`: only find (a copy writing on a second thread), a look not
 * found is written plainly; *nomem is set when memory ran out. */
const struct look_memo *kg_looks_find(kg_looks *l, const kg_graph *g,
                                      kg_style_kind kind, const char *type,
                                      int frozen, int *nomem);

/* Frees what l found, and empties it. */
void kg_looks_free(kg_looks *l);

/* label="secretary general of" for the type "secretary_general_of": a
 * relation type shown as text.  Malloc'd, or NULL. */
char *kg_type_label_pair(const char *type);

#endif
