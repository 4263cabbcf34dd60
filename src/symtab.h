/*
 * symtab.h - interning strings: each distinct string is stored once and
 * known by a dense index.  What a string means (the entity it is the id of,
 * the entities it names) lives in arrays parallel to the index, owned by
 * whoever built the table.
 */
#ifndef KG_SYMTAB_H
#define KG_SYMTAB_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

#define KG_NONE UINT32_MAX

typedef struct kg_sym {
    const char *s; /* NUL-terminated, in the arena */
    uint32_t len;
    uint32_t hash;
} kg_sym;

typedef struct kg_symtab {
    kg_sym *syms;
    size_t n, cap;
    uint64_t *slots; /* open addressing: hash << 32 | (index + 1); 0 empty */
    size_t nslots;
} kg_symtab;

void kg_symtab_init(kg_symtab *t);
void kg_symtab_free(kg_symtab *t);

/* The index of s[0..len), interned (copied into `arena`) when new; sets
 * *created when it was.  KG_NONE when out of memory. */
uint32_t kg_symtab_intern(kg_symtab *t, kg_arena *arena, const char *s,
                          size_t len, int *created);

/* The index of s[0..len), or KG_NONE. */
uint32_t kg_symtab_find(const kg_symtab *t, const char *s, size_t len);

#endif
