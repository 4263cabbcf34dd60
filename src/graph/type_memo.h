/*
 * type_memo.h - the types of entities and relations found row after row
 * in a small memo (type_memo.c) rather than hashed and probed in the
 * symbol table: a type is on every row, and types are few.  The memo also
 * remembers which types were found exact in DOT, so that the store checks
 * each of those once (kg_graph_check_text).
 */
#ifndef KG_TYPE_MEMO_H
#define KG_TYPE_MEMO_H

#include <stddef.h>
#include <stdint.h>

#include "util/symtab.h"

enum { KG_TYPE_MEMO = 64 };

/* Zeroed: empty.  The store keeps one (store_int.h). */
typedef struct kg_type_memo {
    uint32_t sym[KG_TYPE_MEMO]; /* symbol index + 1, 0 empty */
    uint32_t len[KG_TYPE_MEMO]; /* its length: most misses end there */
    unsigned char exact[KG_TYPE_MEMO];
} kg_type_memo;

/* The symbol of type[0..len) in `syms` when the memo has it, else
 * KG_NONE; *slot is its place, or where it would go (an empty place or,
 * all taken, its home), or KG_TYPE_MEMO for a type with a NUL (which is
 * no symbol). */
uint32_t kg_type_memo_find(const kg_type_memo *m, const kg_symtab *syms,
                           const char *type, size_t len, size_t *slot);

/* Puts symbol t, of len bytes, at slot (of kg_type_memo_find), not yet
 * checked. */
void kg_type_memo_put(kg_type_memo *m, size_t slot, uint32_t t, size_t len);

/* Whether the type at slot was checked and found exact in DOT (inline:
 * asked on every row). */
static inline int kg_type_memo_exact(const kg_type_memo *m, size_t slot)
{
    return slot < KG_TYPE_MEMO && m->exact[slot];
}

/* Remembers whether the type at slot is exact in DOT. */
void kg_type_memo_set_exact(kg_type_memo *m, size_t slot, int exact);

#endif
