/*
 * ends.h - relation ends interned in batches (ends.c): the store queues
 * each end as its relation is added; a full batch is interned on a second
 * thread while the store goes on queueing the next, so that the calling
 * thread, which reads the file, does not wait on the symbol table's cache
 * misses (three per end, in a table of millions).
 *
 * While a batch is in flight, the thread owns the symbol table's slots,
 * its count and the symbols it adds, and the arena: the calling thread
 * may read only the symbols that were there when the batch left
 * (kg_sym_text), whose array does not move (kg_ends_start reserved room
 * for the batch).  Everything else waits first (kg_ends_join): interning
 * (so symbols keep the numbers one thread would give: a batch's before
 * any interned after it left), finding, allocating from the arena.
 * Owns its queues; the table and arena stay the caller's.
 */
#ifndef KG_ENDS_H
#define KG_ENDS_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/buf.h"
#include "util/symtab.h"

/* One end: the text at `off` in its batch's text, and, once interned,
 * its hash and symbol (KG_NONE: not interned, out of memory). */
typedef struct kg_end {
    uint32_t rel, off, len, hash;
    uint32_t sym;
    int dst; /* the relation's target (else its source) */
} kg_end;

typedef struct kg_end_batch {
    kg_end *items;
    size_t n, cap;
    kg_buf text;  /* the ends, NUL-terminated, at items[i].off */
    size_t first; /* the symbols it made: [first, the table's n) */
    int failed;   /* interning it ran out of memory */
    kg_symtab *t; /* where it is interned */
    kg_arena *arena;
} kg_end_batch;

/* Zeroed: empty, nothing in flight. */
typedef struct kg_ends {
    kg_end_batch b[2]; /* b[cur] fills; b[!cur] was handed on */
    unsigned cur;
    int handed;      /* b[!cur] is still to be joined */
    int busy;        /* b[!cur] is being interned on `thread` */
    int failed;      /* a batch joined ran out of memory (kg_ends_failed) */
    int inline_only; /* every batch interned on the calling thread (tests,
                        to compare) */
    size_t behind;   /* batches interned on a second thread (tests) */
    unsigned procs;  /* processors online, asked once (0: not yet) */
    pthread_t thread;
} kg_ends;

/* Joins a batch in flight and frees the queues. */
void kg_ends_free(kg_ends *q);

/* Queues end `s[0..len)` of relation rel; 0, or -1 when out of memory
 * (nothing queued). */
int kg_ends_queue(kg_ends *q, uint32_t rel, int dst, const char *s, size_t len);

/* The ends queued, not yet handed on. */
static inline size_t kg_ends_queued(const kg_ends *q)
{
    return q->b[q->cur].n;
}

/* Hands the queued ends on to be interned into t (copies in `arena`):
 * on a second thread when `behind` and one can be made (not inline_only,
 * more than one processor), else here, now.  The one handed on before
 * must have been joined.  0, or -1 when out of memory for the table's
 * room (nothing handed on). */
int kg_ends_start(kg_ends *q, kg_symtab *t, kg_arena *arena, int behind);

/* The batch handed on last, interned (waited for when in flight), for
 * the caller to read its items' symbols; NULL when there is none to join.
 * The next kg_ends_start reuses it. */
kg_end_batch *kg_ends_join(kg_ends *q);

/* Whether a batch joined since the last call ran out of memory. */
int kg_ends_failed(kg_ends *q);

#endif
