/*
 * alloc.h - memory: every allocation of the library, the big arrays the
 * graph lives in, and asking for memory to be read soon (alloc.c).
 */
#ifndef KG_ALLOC_H
#define KG_ALLOC_H

#include <stddef.h>

/*
 * Every allocation of the library goes through these (malloc, calloc,
 * realloc, strdup and the mappings of big arrays below), so that a test
 * can make any one of them fail: kg_alloc_fail_at(n) makes the nth
 * allocation from now return NULL (0: none), and kg_alloc_pending()
 * says whether that one is still to come.  The countdown is the
 * library's one mutable global apart from the Graphviz lock (render/gv.c):
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

/*
 * Big arrays: the graph's own (entities, relations, symbols...).  Past a
 * few MB they live in their own mappings, grown by mremap (no copy, and
 * never two copies in memory), with huge pages asked for (alloc.c says
 * why).  Such an array is freed with kg_vec_free, given its capacity.
 */
int kg_vec_grow_to(void **ptr, size_t *cap, size_t need, size_t size);
static inline int kg_vec_grow(void **ptr, size_t *cap, size_t need, size_t size)
{
    return need <= *cap ? 0 : kg_vec_grow_to(ptr, cap, need, size);
}
void kg_vec_free(void *ptr, size_t cap, size_t size);

/* Gives the system back the pages of such an array past its first n items
 * (they read as zero after, as they did before they were written): a
 * huge page is touched whole, so an array's unused end holds up to 2 MiB
 * resident.  Nothing for an array small enough to be malloc's. */
void kg_vec_release_tail(void *ptr, size_t cap, size_t n, size_t size);

/* A zeroed block of `bytes`, in the same way; freed with kg_big_free. */
void *kg_big_calloc(size_t bytes);
void kg_big_free(void *ptr, size_t bytes);
/* The same for such a block past its first `used` bytes. */
void kg_big_release_tail(void *ptr, size_t used, size_t bytes);

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

#endif
