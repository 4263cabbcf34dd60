/*
 * arena.c - many small strings freed at once (arena.h).
 */
#include "util/arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/ahead.h"
#include "util/alloc.h"

struct kg_arena_block {
    kg_arena_block *next;
    size_t size; /* of data */
    char data[];
};

enum { ARENA_BLOCK = 64 * 1024, ARENA_BIG = 4 << 20, ARENA_MAX = 32 << 20 };

void kg_arena_init(kg_arena *a)
{
    a->head = NULL;
    a->used = 0;
    a->avail = 0;
    a->total = 0;
    a->ahead = NULL;
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
        size_t was = a->used;
        a->used += n;
        a->avail -= n;
        if ((was ^ a->used) >= KG_AHEAD_STEP && a->ahead) /* a new step */
            kg_ahead_next(a->ahead, a->head->data, a->used, a->head->size);
        return p;
    }
    /* blocks grow with the arena (an eighth of it, up to 32 MB), so that a
     * big graph's text sits in a few huge-page mappings */
    size_t block = a->total / 8;
    block = block < ARENA_BLOCK ? ARENA_BLOCK : block;
    block = block > ARENA_MAX ? ARENA_MAX : block;
    /* past ARENA_BIG, no block smaller: each is a mapping of its own, in
     * huge pages and faulted in ahead (kg_big_calloc's malloc below that
     * took a 4 KiB fault a page on the thread that writes, 8,000 of them
     * at 1M entities) */
    if (a->total >= ARENA_BIG && block < ARENA_BIG - sizeof(kg_arena_block))
        block = ARENA_BIG - sizeof(kg_arena_block);
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
        if (a->ahead && sizeof *b + size >= 2 * KG_AHEAD_STEP)
            kg_ahead_next(a->ahead, b->data, n, size);
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

void kg_arena_release_tail(kg_arena *a)
{
    if (a->head)
        kg_big_release_tail(a->head, sizeof *a->head + a->used,
                            sizeof *a->head + a->head->size);
}
