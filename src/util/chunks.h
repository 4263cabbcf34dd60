/*
 * chunks.h - the one way kgraph writes a long run of items on two threads
 * (the DOT writer's nodes and edges, every export's elements).
 *
 * Formatting is most of writing a large graph, and each item depends
 * only on what nothing changes while it is written.  So the items are cut
 * into chunks; this thread and a helper each take the next chunk in turn
 * and format it into a buffer of its own, with a worker of its own (a
 * copy of the caller's formatter, with its own scratch space and counts).
 * The finished buffers are written to the output in chunk order, by
 * whichever thread finishes the one that is next (one thread at a time,
 * so `out` is written from either thread, never from both at once; it is
 * this thread's again when kg_chunks_write returns).  The text is the
 * same as one pass over every item.  At most KG_CHUNK_SLOTS chunks of
 * text are held at once.
 *
 * A run of fewer than two chunks, or no thread to be had, is written in
 * one pass by the caller's own formatter, straight to the output.
 */
#ifndef KG_CHUNKS_H
#define KG_CHUNKS_H

#include <stddef.h>

#include "util/out.h"

enum { KG_CHUNK_SLOTS = 4 };

typedef struct kg_chunk_job {
    size_t n;     /* items */
    size_t chunk; /* items a chunk (0 counts as 1) */
    kg_out *out;  /* where the text goes, in order */
    void *self;   /* the caller's formatter, which writes to `out` */
    /* A worker for one thread: a copy of self that writes to `out` (a
     * buffer of the engine's), or NULL when out of memory.  Called on
     * the thread that will use it, with the engine's lock held (never
     * while worker_done adds to self). */
    void *(*worker_new)(void *self, kg_out *out);
    /* Formats items [from, to) with `worker` (self, or one made by
     * worker_new) to the output it was made for; 0, or -1 on failure. */
    int (*format)(void *worker, size_t from, size_t to);
    /* Adds what the worker counted to self and frees it; called with the
     * engine's lock held, so that two never add at once. */
    void (*worker_done)(void *self, void *worker);
} kg_chunk_job;

/*
 * Runs the job: formats every item, writes the text to job->out in item
 * order.  Returns 0, or -1 when a chunk failed or memory ran out (its
 * text, and what follows, may be missing from the output).
 */
int kg_chunks_write(const kg_chunk_job *job);

#endif
