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

#include "util/alloc.h"
#include "util/arena.h"

#define KG_NONE UINT32_MAX

/* The hash strings are interned by: callers that know a string
 * ahead of interning it hash it so too (kg_symtab_intern_hashed). */
uint32_t kg_hash(const char *s, size_t len);

/* 8 bytes: there are millions.  Its hash is in its slot; its length is
 * where its NUL is. */
typedef struct kg_sym {
    const char *s; /* NUL-terminated, in the arena; no NUL inside */
} kg_sym;

typedef struct kg_symtab {
    kg_sym *syms;
    size_t n, cap;
    uint32_t *narrow; /* open addressing, at most 70% full: the hash's
                         bits above those of a slot's place, and index + 1
                         below (it is less than nslots); 0 empty.  Half the
                         size of slots that keep the whole hash, so a table
                         that grows hashes its strings again. */
    size_t nslots;
    /* Where to ask for pages ahead (util/ahead.h), or NULL: set by the
     * owner after kg_symtab_init.  With it, the array of symbols asks for
     * its next pages as it fills, and a big table asks for the pages of
     * the next one (`spare`, twice its slots) as it fills from 60% to 70%,
     * where it is rebuilt: the thread that interns then finds them
     * faulted in instead of zeroing them itself. */
    struct kg_ahead *ahead;
    uint32_t *spare;    /* the next table's slots, all 0, or NULL */
    size_t spare_asked; /* its bytes asked for so far */
    size_t ask_at;      /* n at which to ask for more of it */
    size_t array_at;    /* n of the next symbol that begins a step of the
                           array (KG_AHEAD_STEP): only it may ask */
    int asked;          /* a range here was asked for since the last quiet */
} kg_symtab;

/* Moves a table of slots that keep the whole hash (hash << 32 | value,
 * 0 empty; linear probing; the style and cluster tables) into a new one of n
 * slots (a power of two); 0, or -1 when out of memory (the table is left as it
 * was). */
int kg_slots_rehash(uint64_t **slots, size_t *nslots, size_t n);

void kg_symtab_init(kg_symtab *t);

/* Gives back the slots; the symbols stay.  The next intern makes them
 * again (a find meanwhile scans).  For kg_resolve, whose name index is
 * large while it interns little: the slots are a sixth of the peak. */
void kg_symtab_drop_slots(kg_symtab *t);
/* Makes them again (their strings hashed again); 0, or -1 when out of
 * memory. */
int kg_symtab_restore_slots(kg_symtab *t);
void kg_symtab_free(kg_symtab *t);
/* Gives back the unused pages at the end of the symbols' array
 * (kg_vec_release_tail). */
void kg_symtab_release_tail(kg_symtab *t);

/* Makes room for `more` symbols, so that the array of symbols does not
 * move while they are added (graph/ends.h); 0, or -1 when out of
 * memory. */
int kg_symtab_reserve(kg_symtab *t, size_t more);

/* The index of s[0..len), interned (copied into `arena`) when new; sets
 * *created when it was.  KG_NONE when out of memory. */
uint32_t kg_symtab_intern(kg_symtab *t, kg_arena *arena, const char *s,
                          size_t len, int *created);

/* The same, with h = kg_hash(s, len) known. */
uint32_t kg_symtab_intern_hashed(kg_symtab *t, kg_arena *arena, const char *s,
                                 size_t len, uint32_t h, int *created);

/* The index of s[0..len), or KG_NONE. */
uint32_t kg_symtab_find(const kg_symtab *t, const char *s, size_t len);

/* The index of each of the n NUL-terminated keys (KG_NONE when not
 * interned) in ys: by the slots when there are some, else in one pass over
 * the symbols, for a caller with a few keys that would not make the slots
 * again for them. */
void kg_symtab_find_all(const kg_symtab *t, const char *const *keys, size_t n,
                        uint32_t *ys);

/*
 * Interning many strings is bound by memory latency (three dependent cache
 * misses each: slot, symbol, text).  A caller that knows the hashes ahead
 * calls these in stages, some items before interning each, so that the
 * misses of many items overlap: first the slot, then (the slot in cache)
 * the symbol, then (the symbol in cache) its text.
 */
static inline void kg_symtab_prefetch(const kg_symtab *t, uint32_t h, int stage)
{
    if (!t->nslots)
        return;
    /* the key is often a few slots on from its home (probes run at 70%
     * full): look along the slot's cache line, which stage 0 fetched */
    uint32_t mask = (uint32_t)(t->nslots - 1);
    if (stage == 0) {
        kg_prefetch(&t->narrow[h & mask]);
        return;
    }
    size_t j = h & mask, end = j | 15;
    uint32_t v = t->narrow[j];
    while (v && (v & ~mask) != (h & ~mask) && j < end)
        v = t->narrow[++j];
    if (!v || (v & ~mask) != (h & ~mask))
        return;
    const kg_sym *y = &t->syms[(v & mask) - 1];
    if (stage == 1)
        kg_prefetch(y);
    else { /* strncmp reads 32 bytes at once: the line after too */
        kg_prefetch(y->s);
        kg_prefetch(y->s + 31);
    }
}

#endif
