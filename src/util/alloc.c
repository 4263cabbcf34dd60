/*
 * alloc.c - memory (alloc.h): every allocation of the library, with the
 * tests' countdown; big arrays in mappings of their own.
 */
#define _DEFAULT_SOURCE /* MADV_HUGEPAGE, mremap (Linux) */
#define _GNU_SOURCE
#include "util/alloc.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* ---- Allocation, and the tests' countdown ---- */

static atomic_long countdown; /* the allocation that fails, from now */

void kg_alloc_fail_at(long n)
{
    atomic_store(&countdown, n > 0 ? n : 0);
}

int kg_alloc_pending(void)
{
    return atomic_load(&countdown) > 0;
}

/* Whether this allocation is the one to fail. */
static int fails(void)
{
    if (atomic_load_explicit(&countdown, memory_order_relaxed) <= 0)
        return 0;
    return atomic_fetch_sub(&countdown, 1) == 1;
}

void *kg_malloc(size_t size)
{
    return fails() ? NULL : malloc(size);
}

void *kg_calloc(size_t count, size_t size)
{
    return fails() ? NULL : calloc(count, size);
}

void *kg_realloc(void *ptr, size_t size)
{
    return fails() ? NULL : realloc(ptr, size);
}

char *kg_strdup(const char *s)
{
    return kg_strndup(s, strlen(s));
}

void *kg_realloc_array(void *ptr, size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        return NULL;
    size_t bytes = count * size;
    return kg_realloc(ptr, bytes ? bytes : 1);
}

int kg_grow_to(void **ptr, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    size_t ncap = *cap ? *cap : 8;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2)
            return -1;
        ncap *= 2;
    }
    void *p = kg_realloc_array(*ptr, ncap, size);
    if (!p)
        return -1;
    *ptr = p;
    *cap = ncap;
    return 0;
}

/* ---- Big arrays ---- */

/*
 * A graph of millions of items is read at random (relation ends, symbol
 * lookups), and with 4 KB pages nearly every such read misses the TLB as
 * well as the cache (on a virtual machine a TLB miss is a two-level page
 * walk), and every 4 KB written first is a page fault.  Huge pages took a
 * quarter off loading the 1M/2M bench.  Asking is a hint only: where the
 * kernel says no, nothing changes.
 */
enum { BIG = 4u << 20, HUGE = 2u << 20 };

static size_t page_round(size_t bytes)
{
    return (bytes + 4095) & ~(size_t)4095;
}

static void advise(void *p, size_t bytes)
{
#ifdef MADV_HUGEPAGE
    madvise(p, bytes, MADV_HUGEPAGE);
#else
    (void)p;
    (void)bytes;
#endif
}

static void *map(size_t bytes)
{
    if (fails())
        return NULL;
    void *p = mmap(NULL, page_round(bytes), PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return NULL;
    advise(p, page_round(bytes));
    return p;
}

void *kg_big_calloc(size_t bytes)
{
    return bytes < BIG ? kg_calloc(1, bytes ? bytes : 1) : map(bytes);
}

void kg_big_free(void *ptr, size_t bytes)
{
    if (!ptr)
        return;
    if (bytes < BIG)
        free(ptr);
    else
        munmap(ptr, page_round(bytes));
}

void kg_big_release_tail(void *ptr, size_t used, size_t bytes)
{
    size_t from = page_round(used), to = page_round(bytes);
    if (!ptr || bytes < BIG || from >= to)
        return;
#ifdef MADV_DONTNEED
    madvise((char *)ptr + from, to - from, MADV_DONTNEED);
#endif
}

int kg_vec_grow_to(void **ptr, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    if (size == 0)
        return -1;
    size_t ncap = *cap ? *cap : 8;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2 / size)
            return -1;
        ncap *= 2;
    }
    size_t old = *cap * size, bytes = ncap * size;
    void *p;
    if (bytes < BIG) {
        p = kg_realloc(*ptr, bytes);
    } else if (old < BIG) { /* from malloc to a mapping: a small copy */
        p = map(bytes);
        if (p && *ptr)
            memcpy(p, *ptr, old);
        if (p)
            free(*ptr);
    } else {
        p = fails() ? MAP_FAILED
                    : mremap(*ptr, page_round(old), page_round(bytes),
                             MREMAP_MAYMOVE);
        if (p == MAP_FAILED)
            p = NULL;
        else
            advise(p, page_round(bytes));
    }
    if (!p)
        return -1;
    *ptr = p;
    *cap = ncap;
    return 0;
}

void kg_vec_free(void *ptr, size_t cap, size_t size)
{
    kg_big_free(ptr, cap * size);
}

void kg_vec_release_tail(void *ptr, size_t cap, size_t n, size_t size)
{
    if (n < cap)
        kg_big_release_tail(ptr, n * size, cap * size);
}

char *kg_strndup(const char *s, size_t len)
{
    char *c = len < SIZE_MAX ? kg_malloc(len + 1) : NULL;
    if (c) {
        memcpy(c, s, len);
        c[len] = '\0';
    }
    return c;
}
