/*
 * symtab.c - interning strings in an open-addressing hash table.
 */
#include "util/symtab.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/ahead.h"

void kg_symtab_init(kg_symtab *t)
{
    memset(t, 0, sizeof *t);
    t->ask_at = SIZE_MAX;
    t->array_at = 0;
}

/* Before memory that may have been asked for ahead moves or goes: no
 * helper faults any of it in after this (util/ahead.h). */
static void quiet(kg_symtab *t)
{
    if (t->asked && t->ahead)
        kg_ahead_quiet(t->ahead);
    t->asked = 0;
}

void kg_symtab_free(kg_symtab *t)
{
    quiet(t);
    kg_vec_free(t->syms, t->cap, sizeof *t->syms);
    kg_symtab_drop_slots(t);
    kg_symtab_init(t);
}

void kg_symtab_release_tail(kg_symtab *t)
{
    quiet(t);
    kg_vec_release_tail(t->syms, t->cap, t->n, sizeof *t->syms);
}

int kg_slots_rehash(uint64_t **slots, size_t *nslots, size_t n)
{
    uint64_t *to = kg_big_calloc(n * sizeof *to);
    if (!to)
        return -1;
    enum { AHEAD = 16 }; /* each move is a miss in the new table */
    for (size_t i = 0; i < *nslots; i++) { /* a slot keeps the hash */
        if (i + AHEAD < *nslots && (*slots)[i + AHEAD])
            kg_prefetch(&to[((*slots)[i + AHEAD] >> 32) & (n - 1)]);
        uint64_t v = (*slots)[i];
        if (!v)
            continue;
        size_t j = (v >> 32) & (n - 1);
        while (to[j])
            j = (j + 1) & (n - 1);
        to[j] = v;
    }
    kg_big_free(*slots, *nslots * sizeof **slots);
    *slots = to;
    *nslots = n;
    return 0;
}

/* The bytes of the next table's slots, and when a table of its own
 * (kg_big_calloc's mapping, past 4 MiB) that ahead.c can fault in. */
static size_t spare_bytes(const kg_symtab *t)
{
    return 2 * t->nslots * sizeof *t->spare;
}

static int spare_wanted(const kg_symtab *t)
{
    return t->ahead && spare_bytes(t) >= 2 * KG_AHEAD_STEP;
}

/* The table is rebuilt at 70% full; from 60% on, its successor's pages
 * are asked for a step at a time, in proportion to the fill and a step
 * beyond, so that they are faulted in by the rebuild while a table that
 * stops growing before has fewer faulted in for nothing.  Sets when to
 * ask again. */
static void ask_spare(kg_symtab *t)
{
    size_t bytes = spare_bytes(t), per = 2 * sizeof *t->spare; /* a slot */
    t->ask_at = SIZE_MAX;
    if (!spare_wanted(t) || t->n * 10 < t->nslots * 6 ||
        (!t->spare && !(t->spare = kg_big_calloc(bytes))))
        return;
    size_t want = (t->n * 10 - t->nslots * 6) * per + KG_AHEAD_STEP;
    while (t->spare_asked < want && t->spare_asked < bytes) {
        size_t len = bytes - t->spare_asked;
        len = len < KG_AHEAD_STEP ? len : KG_AHEAD_STEP;
        kg_ahead_ask(t->ahead, (char *)t->spare + t->spare_asked, len);
        t->spare_asked += len;
        t->asked = 1;
    }
    /* want passes spare_asked once n * 10 passes this */
    if (t->spare_asked < bytes)
        t->ask_at =
            ((t->spare_asked - KG_AHEAD_STEP) / per + t->nslots * 6) / 10 + 1;
}

/* Slots of n (a power of two, at least 256) for the symbols, their
 * strings hashed again (a slot keeps only the hash's high bits), in the
 * spare when it is of that size; 0, or -1 when out of memory (the table
 * is left as it was). */
static int make_narrow(kg_symtab *t, size_t n)
{
    int spare = t->spare && n == 2 * t->nslots;
    uint32_t *narrow = spare ? t->spare : kg_big_calloc(n * sizeof *narrow);
    if (!narrow)
        return -1;
    if (spare) /* all 0 still: only faulted in */
        t->spare = NULL;
    uint32_t high = ~(uint32_t)(n - 1);
    /* the hashes of the next symbols are made some ahead, and their
     * slots (a miss each, in a table of millions) fetched meanwhile */
    enum { AHEAD = 16 };
    uint32_t ahead[AHEAD] = {0};
    for (size_t i = 0; i < t->n + AHEAD; i++) {
        if (i >= AHEAD) { /* symbol i - AHEAD, its slot fetched */
            uint32_t h = ahead[i % AHEAD];
            size_t j = h & (n - 1);
            while (narrow[j])
                j = (j + 1) & (n - 1);
            narrow[j] = (h & high) | (uint32_t)(i - AHEAD + 1);
        }
        if (i < t->n) {
            const char *s = t->syms[i].s;
            ahead[i % AHEAD] = kg_hash(s, strlen(s));
            kg_prefetch(&narrow[ahead[i % AHEAD] & (n - 1)]);
        }
    }
    kg_symtab_drop_slots(t);
    t->narrow = narrow;
    t->nslots = n;
    t->ask_at = spare_wanted(t) ? (n * 6 + 9) / 10 : SIZE_MAX;
    return 0;
}

void kg_symtab_drop_slots(kg_symtab *t)
{
    quiet(t);
    kg_big_free(t->narrow, t->nslots * sizeof *t->narrow);
    kg_big_free(t->spare, spare_bytes(t));
    t->narrow = NULL;
    t->spare = NULL;
    t->spare_asked = 0;
    t->ask_at = SIZE_MAX;
    t->nslots = 0;
}

int kg_symtab_restore_slots(kg_symtab *t)
{
    if (t->nslots || !t->n)
        return 0;
    size_t n = 256;
    while ((t->n + 1) * 10 > n * 7)
        n *= 2;
    return make_narrow(t, n);
}

/* The slot where s lives, or the empty slot where it would go.  The
 * hash's high bits in the slot spare a visit to the symbol (a cache miss)
 * for most probes but the right one. */
static size_t narrow_slot_of(const kg_symtab *t, const char *s, size_t len,
                             uint32_t h)
{
    uint32_t mask = (uint32_t)(t->nslots - 1);
    size_t j = h & mask;
    for (;;) {
        uint32_t v = t->narrow[j];
        if (!v)
            return j;
        const kg_sym *y = &t->syms[(v & mask) - 1];
        if ((v & ~mask) == (h & ~mask) && strncmp(y->s, s, len) == 0 &&
            y->s[len] == '\0')
            return j;
        j = (j + 1) & mask;
    }
}

/* The index + 1 of s in slot j of narrow_slot_of, 0 when empty. */
static uint32_t narrow_at(const kg_symtab *t, size_t j)
{
    return t->narrow[j] & (uint32_t)(t->nslots - 1);
}

/* Symbols a step of the array holds: a step begins with a symbol. */
enum { SYMS_PER_STEP = KG_AHEAD_STEP / sizeof(kg_sym) };
_Static_assert(KG_AHEAD_STEP % sizeof(kg_sym) == 0, "a step of whole symbols");

/* Symbol n, now added, begins a step of the array: the next step is asked
 * for when the array is big enough to be a mapping of its own (ahead.h). */
static void ask_array(kg_symtab *t)
{
    size_t cap_bytes = t->cap * sizeof *t->syms;
    t->array_at = (t->n / SYMS_PER_STEP + 1) * SYMS_PER_STEP;
    if (!t->ahead || cap_bytes < 2 * KG_AHEAD_STEP)
        return;
    kg_ahead_array(t->ahead, t->syms, t->n * sizeof *t->syms, sizeof *t->syms,
                   cap_bytes);
    t->asked = 1;
}

/* Adds s[0..len) as symbol n: its index, or KG_NONE.  The array's next
 * pages are asked for ahead as it fills: one compare a symbol, the ask
 * only at the first symbol of a step. */
static uint32_t add_sym(kg_symtab *t, kg_arena *arena, const char *s,
                        size_t len)
{
    if (t->n + 1 > t->cap)
        quiet(t); /* the array may move */
    if (kg_vec_grow((void **)&t->syms, &t->cap, t->n + 1, sizeof *t->syms))
        return KG_NONE;
    char *copy = kg_arena_strndup(arena, s, len);
    if (!copy)
        return KG_NONE;
    t->syms[t->n] = (kg_sym){copy};
    if (t->n >= t->array_at)
        ask_array(t);
    return (uint32_t)t->n++;
}

int kg_symtab_reserve(kg_symtab *t, size_t more)
{
    if (more > SIZE_MAX - t->n)
        return -1;
    if (t->n + more > t->cap)
        quiet(t); /* the array may move */
    return kg_vec_grow((void **)&t->syms, &t->cap, t->n + more,
                       sizeof *t->syms);
}

uint32_t kg_symtab_intern(kg_symtab *t, kg_arena *arena, const char *s,
                          size_t len, int *created)
{
    return kg_symtab_intern_hashed(t, arena, s, len, kg_hash(s, len), created);
}

uint32_t kg_symtab_intern_hashed(kg_symtab *t, kg_arena *arena, const char *s,
                                 size_t len, uint32_t h, int *created)
{
    *created = 0;
    /* no NUL inside: slot_of compares up to the stored string's NUL */
    if (len > UINT32_MAX || t->n >= KG_NONE - 2 || memchr(s, '\0', len) ||
        kg_symtab_restore_slots(t))
        return KG_NONE;
    if ((t->n + 1) * 10 > t->nslots * 7 &&
        make_narrow(t, t->nslots ? t->nslots * 2 : 256))
        return KG_NONE;
    size_t j = narrow_slot_of(t, s, len, h);
    if (t->narrow[j])
        return narrow_at(t, j) - 1;
    uint32_t y = add_sym(t, arena, s, len);
    if (y == KG_NONE)
        return KG_NONE;
    t->narrow[j] = (h & ~(uint32_t)(t->nslots - 1)) | (y + 1);
    if (t->n >= t->ask_at)
        ask_spare(t);
    *created = 1;
    return y;
}

uint32_t kg_symtab_find(const kg_symtab *t, const char *s, size_t len)
{
    if (memchr(s, '\0', len))
        return KG_NONE;
    if (!t->nslots) { /* none yet, or dropped: scan */
        for (size_t i = 0; i < t->n; i++)
            if (strncmp(t->syms[i].s, s, len) == 0 && t->syms[i].s[len] == '\0')
                return (uint32_t)i;
        return KG_NONE;
    }
    return narrow_at(t, narrow_slot_of(t, s, len, kg_hash(s, len))) - 1;
}

void kg_symtab_find_all(const kg_symtab *t, const char *const *keys, size_t n,
                        uint32_t *ys)
{
    unsigned char first[256] = {0}; /* the keys' first bytes */
    for (size_t k = 0; k < n; k++) {
        ys[k] =
            t->nslots ? kg_symtab_find(t, keys[k], strlen(keys[k])) : KG_NONE;
        first[(unsigned char)keys[k][0]] = 1;
    }
    if (t->nslots || !n)
        return;
    for (size_t i = 0; i < t->n; i++) {
        const char *s = t->syms[i].s;
        if (!first[(unsigned char)s[0]])
            continue;
        for (size_t k = 0; k < n; k++)
            if (ys[k] == KG_NONE && strcmp(s, keys[k]) == 0)
                ys[k] = (uint32_t)i;
    }
}

uint32_t kg_hash(const char *s, size_t len)
{
    /* eight bytes a multiply (FNV-1a's byte a multiply waited on each
     * multiply: 3% of a large build, most of it ids of 5 to 8 bytes),
     * then murmur3's finalizer, so that both the low bits (a slot) and
     * the high bits (kept in the slot) depend on every byte */
    const uint64_t k = 0x9E3779B97F4A7C15ull;
    uint64_t h = (uint64_t)len * k;
    size_t i = 0;
    for (; len - i >= 8; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        h = (h ^ w) * k;
        h ^= h >> 29;
    }
    /* the last 0 to 7 bytes, each in w (two loads that may overlap, or
     * the first, middle and last of 1 to 3): with the length in h, two
     * strings of one length differ in w where they differ */
    const unsigned char *t = (const unsigned char *)s + i;
    size_t r = len - i;
    uint64_t w = 0;
    if (r >= 4) {
        uint32_t a, b;
        memcpy(&a, t, 4);
        memcpy(&b, t + r - 4, 4);
        w = a | (uint64_t)b << 32;
    } else if (r) {
        w = (uint64_t)t[0] << 16 | (uint64_t)t[r >> 1] << 8 | t[r - 1];
    }
    h = (h ^ w) * k;
    h ^= h >> 33;
    h *= 0xFF51AFD7ED558CCDull;
    h ^= h >> 33;
    h *= 0xC4CEB9FE1A85EC53ull;
    h ^= h >> 33;
    return (uint32_t)h;
}
