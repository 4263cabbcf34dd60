/*
 * util.c - memory, text buffers and UTF-8 checks.
 */
#define _DEFAULT_SOURCE /* MADV_HUGEPAGE, mremap (Linux) */
#define _GNU_SOURCE
#include "util/util.h"

#include <pthread.h>
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

struct parallel {
    void (*fn)(void *);
    void *arg;
};

static void *run_parallel(void *arg)
{
    struct parallel *p = arg;
    p->fn(p->arg);
    return NULL;
}

void kg_parallel(void (*fn)(void *), void *a, void *b)
{
    struct parallel other = {fn, b};
    pthread_t t;
    int made = pthread_create(&t, NULL, run_parallel, &other) == 0;
    fn(a);
    if (made)
        pthread_join(t, NULL);
    else
        fn(b);
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

uint32_t kg_uf_find(uint32_t *up, uint32_t v)
{
    while (up[v] != v)
        v = up[v] = up[up[v]];
    return v;
}

/* ---- Arena ---- */

struct kg_arena_block {
    kg_arena_block *next;
    size_t size; /* of data */
    char data[];
};

enum { ARENA_BLOCK = 64 * 1024, ARENA_MAX = 32 << 20 };

void kg_arena_init(kg_arena *a)
{
    a->head = NULL;
    a->used = 0;
    a->avail = 0;
    a->total = 0;
}

void kg_arena_free(kg_arena *a)
{
    kg_arena_block *b = a->head;
    while (b) {
        kg_arena_block *next = b->next;
        kg_big_free(b, sizeof *b + b->size);
        b = next;
    }
    kg_arena_init(a);
}

/* Big strings get a block of their own, kept behind the current head so
 * that the head's free space is not wasted. */
static char *arena_alloc(kg_arena *a, size_t n)
{
    if (n <= a->avail) {
        char *p = a->head->data + a->used;
        a->used += n;
        a->avail -= n;
        return p;
    }
    /* blocks grow with the arena (an eighth of it, up to 32 MB), so that a
     * big graph's text sits in a few huge-page mappings */
    size_t block = a->total / 8;
    block = block < ARENA_BLOCK ? ARENA_BLOCK : block;
    block = block > ARENA_MAX ? ARENA_MAX : block;
    size_t size = n > block / 4 ? n : block;
    if (size > SIZE_MAX - sizeof(kg_arena_block) - 4096)
        return NULL;
    kg_arena_block *b = kg_big_calloc(sizeof(kg_arena_block) + size);
    if (!b)
        return NULL;
    b->size = size;
    a->total += size;
    if (size > n || !a->head) {
        b->next = a->head;
        a->head = b;
        a->used = n;
        a->avail = size - n;
    } else {
        b->next = a->head->next;
        a->head->next = b;
    }
    return b->data;
}

char *kg_arena_copy(kg_arena *a, const char *s, size_t len)
{
    char *p = arena_alloc(a, len ? len : 1);
    if (p && len)
        memcpy(p, s, len);
    return p;
}

void *kg_arena_alloc(kg_arena *a, size_t n)
{
    /* block data is 8-aligned (it follows a pointer in a malloc'd block):
     * align the head's free space, or leave it */
    size_t pad = (8 - a->used % 8) % 8;
    pad = pad < a->avail ? pad : a->avail;
    a->used += pad;
    a->avail -= pad;
    return arena_alloc(a, n);
}

char *kg_arena_strndup(kg_arena *a, const char *s, size_t len)
{
    if (len == SIZE_MAX)
        return NULL;
    char *p = arena_alloc(a, len + 1);
    if (!p)
        return NULL;
    if (len)
        memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

/* ---- Buffer ---- */

void kg_buf_init(kg_buf *b)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
}

void kg_buf_free(kg_buf *b)
{
    free(b->data);
    kg_buf_init(b);
}

void kg_buf_clear(kg_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

int kg_buf_room(kg_buf *b, size_t len)
{
    if (len > SIZE_MAX - b->len - 1)
        return -1;
    return kg_grow((void **)&b->data, &b->cap, b->len + len + 1, 1);
}

int kg_buf_puts(kg_buf *b, const char *s)
{
    return kg_buf_append(b, s, strlen(s));
}

/* ---- UTF-8 ---- */

/* Length of the valid sequence starting at s[0], or 0 if it is not valid. */
static size_t utf8_seq(const unsigned char *s, size_t avail)
{
    unsigned c = s[0];
    if (c >= 0x01 && c < 0x80)
        return 1;
    size_t n;
    unsigned lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0)
            lo = 0xA0; /* no overlongs */
        if (c == 0xED)
            hi = 0x9F; /* no surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0)
            lo = 0x90;
        if (c == 0xF4)
            hi = 0x8F; /* nothing past U+10FFFF */
    } else {
        return 0;
    }
    if (avail < n || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < n; i++)
        if (s[i] < 0x80 || s[i] > 0xBF)
            return 0;
    return n;
}

size_t kg_utf8_check(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        if (s[i] >= 0x01 && s[i] < 0x80) {
            i++;
            continue;
        }
        size_t n = utf8_seq(s + i, len - i);
        if (n == 0)
            return i;
        i += n;
    }
    return len;
}

size_t kg_utf8_count(const unsigned char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        if ((s[i] & 0xC0) != 0x80)
            n++;
    return n;
}

int kg_ascii_casecmp(const char *a, const char *b)
{
    for (;; a++, b++) {
        unsigned char ca = (unsigned char)*a, cb = (unsigned char)*b;
        if (ca >= 'A' && ca <= 'Z')
            ca = (unsigned char)(ca - 'A' + 'a');
        if (cb >= 'A' && cb <= 'Z')
            cb = (unsigned char)(cb - 'A' + 'a');
        if (ca != cb || ca == '\0')
            return (int)ca - (int)cb;
    }
}

/* FNV-1a: simple, and good enough for identifiers. */
uint32_t kg_hash(const char *s, size_t len)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return h;
}
