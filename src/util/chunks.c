/*
 * chunks.c - a long run of items formatted on two threads and written in
 * order (chunks.h).
 *
 * Both threads run the same loop (share): claim the next chunk and format
 * it into its slot (chunk k goes to slot k % KG_CHUNK_SLOTS), and write
 * out the finished slots that are next in order.  Writing out goes first,
 * and one thread at a time writes (`writing`, the turn to use job->out):
 * the thread that finishes the chunk that is next in order writes it and
 * every finished one after it, so a slow write() holds up the other
 * thread's formatting only when every slot is full.  A thread waits only
 * when every slot holds a chunk not yet written out and it is not its
 * turn to write; it leaves when no chunk is left to claim, since the
 * thread formatting the last chunks (or the one writing) writes them.
 */
#include "util/chunks.h"

#include <pthread.h>
#include <stdlib.h>

#include "util/alloc.h"
#include "util/buf.h"

typedef struct engine {
    const kg_chunk_job *job;
    size_t chunk, nchunks;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    /* the rest under mu */
    size_t next;    /* the next chunk to format */
    size_t written; /* chunks written out so far */
    int writing;    /* a thread is writing out: job->out is its own */
    struct slot {
        kg_buf text;  /* its claimer's while formatted, the writer's after */
        size_t chunk; /* the chunk it holds */
        int ready;    /* formatted, not yet written out */
    } slots[KG_CHUNK_SLOTS];
    int failed;
} engine;

/* Whether the chunk that is next in order is formatted. */
static int next_ready(const engine *e)
{
    const struct slot *sl = &e->slots[e->written % KG_CHUNK_SLOTS];
    return sl->ready && sl->chunk == e->written;
}

/* Writes out the finished chunks that are next in order, taking the turn
 * to write; called and returns with the lock held, which it lets go
 * while each chunk is written. */
static void write_out(engine *e)
{
    e->writing = 1;
    while (next_ready(e)) {
        struct slot *sl = &e->slots[e->written % KG_CHUNK_SLOTS];
        pthread_mutex_unlock(&e->mu);
        kg_out_write_block(e->job->out, sl->text.data, sl->text.len);
        pthread_mutex_lock(&e->mu);
        sl->ready = 0;
        e->written++;
        pthread_cond_broadcast(&e->cv);
    }
    e->writing = 0;
}

/* Formats chunk k with `worker` (which writes to `out`) into its slot;
 * called and returns with the lock held, which it lets go meanwhile. */
static void format_chunk(engine *e, void *worker, kg_out *out, size_t k)
{
    struct slot *sl = &e->slots[k % KG_CHUNK_SLOTS];
    pthread_mutex_unlock(&e->mu);
    kg_buf_clear(&sl->text);
    kg_out_init_mem(out, &sl->text);
    size_t from = k * e->chunk;
    size_t to = from + e->chunk < e->job->n ? from + e->chunk : e->job->n;
    int rc = e->job->format(worker, from, to);
    if (kg_out_flush(out))
        rc = -1;
    pthread_mutex_lock(&e->mu);
    sl->chunk = k;
    sl->ready = 1;
    e->failed |= rc != 0;
}

/* One thread's share, the same on both: until no chunk is left to claim,
 * writes out what is next in order when no one else does, else formats
 * the next chunk when its slot is free, else waits.  A thread without a
 * worker (out of memory) formats nothing, and the run fails. */
static void share(engine *e, void *worker, kg_out *out)
{
    pthread_mutex_lock(&e->mu);
    e->failed |= !worker;
    for (;;) {
        if (!e->writing && next_ready(e))
            write_out(e);
        else if (!worker || e->next == e->nchunks)
            break;
        else if (e->next < e->written + KG_CHUNK_SLOTS)
            format_chunk(e, worker, out, e->next++);
        else
            pthread_cond_wait(&e->cv, &e->mu);
    }
    pthread_mutex_unlock(&e->mu);
}

/* Gives a worker's counts back to the caller's formatter. */
static void done(engine *e, void *worker)
{
    if (!worker)
        return;
    pthread_mutex_lock(&e->mu);
    e->job->worker_done(e->job->self, worker);
    pthread_mutex_unlock(&e->mu);
}

static void *helper(void *arg)
{
    engine *e = arg;
    kg_out *out = kg_malloc(sizeof *out);
    /* under the lock: a helper that starts late must not copy the
     * caller's formatter while this thread adds its counts to it */
    pthread_mutex_lock(&e->mu);
    void *worker = out ? e->job->worker_new(e->job->self, out) : NULL;
    pthread_mutex_unlock(&e->mu);
    share(e, worker, out);
    done(e, worker);
    free(out);
    return NULL;
}

static void engine_free(engine *e)
{
    for (int i = 0; i < KG_CHUNK_SLOTS; i++)
        kg_buf_free(&e->slots[i].text);
    pthread_cond_destroy(&e->cv);
    pthread_mutex_destroy(&e->mu);
}

int kg_chunks_write(const kg_chunk_job *job)
{
    size_t chunk = job->chunk ? job->chunk : 1;
    if (job->n / chunk < 2)
        return job->format(job->self, 0, job->n);
    engine e = {.job = job, .chunk = chunk};
    e.nchunks = (job->n + chunk - 1) / chunk;
    kg_out *out = kg_malloc(sizeof *out);
    pthread_t thread;
    if (!out)
        return job->format(job->self, 0, job->n);
    pthread_mutex_init(&e.mu, NULL);
    pthread_cond_init(&e.cv, NULL);
    if (pthread_create(&thread, NULL, helper, &e) != 0) {
        engine_free(&e);
        free(out);
        return job->format(job->self, 0, job->n);
    }
    /* under the lock, as on the helper: it may be adding its counts */
    pthread_mutex_lock(&e.mu);
    void *worker = job->worker_new(job->self, out);
    pthread_mutex_unlock(&e.mu);
    share(&e, worker, out);
    done(&e, worker);
    /* the helper writes out what it formats last, if this thread left
     * first; joining it makes its writes to job->out this thread's */
    pthread_join(thread, NULL);
    free(out);
    engine_free(&e);
    return e.failed ? -1 : 0;
}
