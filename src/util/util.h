/*
 * util.h - memory, text buffers and UTF-8 checks shared by every module.
 */
#ifndef KG_UTIL_H
#define KG_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/*
 * Every allocation of the library goes through these (malloc, calloc,
 * realloc, strdup and the mappings of big arrays below), so that a test
 * can make any one of them fail: kg_alloc_fail_at(n) makes the nth
 * allocation from now return NULL (0: none), and kg_alloc_pending()
 * says whether that one is still to come.  The countdown is the
 * library's one mutable global apart from the Graphviz lock (render.c):
 * atomic, and zero outside the tests.
 */
void *kg_malloc(size_t size);
void *kg_calloc(size_t count, size_t size);
void *kg_realloc(void *ptr, size_t size);
char *kg_strdup(const char *s);
void kg_alloc_fail_at(long n);
int kg_alloc_pending(void);

/* realloc that returns NULL on failure or on size overflow. */
void *kg_realloc_array(void *ptr, size_t count, size_t size);

/*
 * Grows `*ptr` (an array of `size`-byte items with capacity `*cap`) so that
 * it holds at least `need` items.  Returns 0, or -1 when out of memory
 * (leaving the array as it was).
 */
int kg_grow_to(void **ptr, size_t *cap, size_t need, size_t size);

/* (Inline: called for every row, field and value; nearly always a test.) */
static inline int kg_grow(void **ptr, size_t *cap, size_t need, size_t size)
{
    return need <= *cap ? 0 : kg_grow_to(ptr, cap, need, size);
}

/* A malloc'd NUL-terminated copy of s[0..len), or NULL. */
char *kg_strndup(const char *s, size_t len);

/* Union-find: the root of v's set in the parent array `up` (with path
 * halving). */
uint32_t kg_uf_find(uint32_t *up, uint32_t v);

/*
 * Big arrays: the graph's own (entities, relations, symbols...).  Past a
 * few MB they live in their own mappings, grown by mremap (no copy, and
 * never two copies in memory), with huge pages asked for (util.c says
 * why).  Such an array is freed with kg_vec_free, given its capacity.
 */
int kg_vec_grow_to(void **ptr, size_t *cap, size_t need, size_t size);
static inline int kg_vec_grow(void **ptr, size_t *cap, size_t need, size_t size)
{
    return need <= *cap ? 0 : kg_vec_grow_to(ptr, cap, need, size);
}
void kg_vec_free(void *ptr, size_t cap, size_t size);

/*
 * Runs fn(b) on a second thread and fn(a) on this one, and returns when
 * both are done; both run here, one after the other, when no thread can
 * be made.  For work cut in two halves that only read what is shared.
 */
void kg_parallel(void (*fn)(void *), void *a, void *b);

/* A zeroed block of `bytes`, in the same way; freed with kg_big_free. */
void *kg_big_calloc(size_t bytes);
void kg_big_free(void *ptr, size_t bytes);

/*
 * Asks for the cache line at p, to be read soon.  GCC 12 at -O2 drops
 * __builtin_prefetch whose address it loads from memory (checked with
 * objdump: none of the writer's were left), so x86 gets the instruction
 * itself.
 */
static inline void kg_prefetch(const void *p)
{
#if defined(__GNUC__) && defined(__x86_64__)
    __asm__ volatile("prefetcht0 (%0)" : : "r"(p));
#else
    __builtin_prefetch(p);
#endif
}

/* ---- Arena: many small strings freed at once ---- */

typedef struct kg_arena_block kg_arena_block;
typedef struct kg_arena {
    kg_arena_block *head;
    size_t used;  /* bytes used in head */
    size_t avail; /* bytes free in head */
    size_t total; /* bytes in all blocks */
} kg_arena;

void kg_arena_init(kg_arena *a);
void kg_arena_free(kg_arena *a);
/* A NUL-terminated copy of s[0..len), or NULL when out of memory. */
char *kg_arena_strndup(kg_arena *a, const char *s, size_t len);
/* A copy of s[0..len) as it is (no NUL added), or NULL. */
char *kg_arena_copy(kg_arena *a, const char *s, size_t len);
/* n bytes aligned for any pointer, or NULL. */
void *kg_arena_alloc(kg_arena *a, size_t n);

/* ---- Buffer: a growable byte string, always NUL-terminated ---- */

typedef struct kg_buf {
    char *data;
    size_t len;
    size_t cap;
} kg_buf;

void kg_buf_init(kg_buf *b);
void kg_buf_free(kg_buf *b);
void kg_buf_clear(kg_buf *b);
/* Makes room for `len` more bytes and the NUL; 0 or -1. */
int kg_buf_room(kg_buf *b, size_t len);
int kg_buf_puts(kg_buf *b, const char *s);

/* Each returns 0, or -1 when out of memory.  (Inline: the CSV reader
 * appends every field through them.) */
static inline int kg_buf_append(kg_buf *b, const char *s, size_t len)
{
    if (b->cap - b->len <= len && kg_buf_room(b, len))
        return -1;
    if (len)
        memcpy(b->data + b->len, s, len);
    b->len += len;
    b->data[b->len] = '\0'; /* NOLINT(clang-analyzer-core.NullDereference):
                               kg_buf_room made room */
    return 0;
}

static inline int kg_buf_putc(kg_buf *b, char c)
{
    if (b->cap - b->len <= 1 && kg_buf_room(b, 1))
        return -1;
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
    return 0;
}

/* ---- UTF-8 ---- */

/*
 * Checks that s[0..len) is valid UTF-8 (no overlongs, surrogates or values
 * past U+10FFFF) without NUL bytes.  Returns len when it is, or the offset
 * of the first bad byte.
 */
size_t kg_utf8_check(const unsigned char *s, size_t len);

/* Number of characters (code points) in valid UTF-8 s[0..len). */
size_t kg_utf8_count(const unsigned char *s, size_t len);

/* ---- ASCII helpers (locale-independent) ---- */

int kg_ascii_casecmp(const char *a, const char *b);
uint32_t kg_hash(const char *s, size_t len);

#endif
