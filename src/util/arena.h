/*
 * arena.h - many small strings freed at once (arena.c): the graph's text
 * lives in one.  An arena owns what it hands out; kg_arena_free frees it
 * all.
 */
#ifndef KG_ARENA_H
#define KG_ARENA_H

#include <stddef.h>

typedef struct kg_arena_block kg_arena_block;
typedef struct kg_arena {
    kg_arena_block *head;
    size_t used;  /* bytes used in head */
    size_t avail; /* bytes free in head */
    size_t total; /* bytes in all blocks */
    /* where to ask for a block's next pages ahead of its filling
     * (util/ahead.h), or NULL: set by the owner after kg_arena_init; the
     * owner quiets it before kg_arena_free or kg_arena_release_tail */
    struct kg_ahead *ahead;
} kg_arena;

void kg_arena_init(kg_arena *a);
void kg_arena_free(kg_arena *a);
/* A NUL-terminated copy of s[0..len), or NULL when out of memory. */
char *kg_arena_strndup(kg_arena *a, const char *s, size_t len);
/* A copy of s[0..len) as it is (no NUL added), or NULL. */
char *kg_arena_copy(kg_arena *a, const char *s, size_t len);
/* n bytes aligned for any pointer, or NULL. */
void *kg_arena_alloc(kg_arena *a, size_t n);
/* Gives the system back the unused pages of the block being filled, when
 * it is a mapping of its own (kg_big_release_tail): the pause between two
 * phases that fill it. */
void kg_arena_release_tail(kg_arena *a);

#endif
