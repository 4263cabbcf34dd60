/*
 * chunks.c - a long run of items formatted on two threads and written in
 * order (chunks.h).
 *
 * Both threads claim the next chunk in turn and format it into its slot
 * (chunk k goes to slot k % KG_CHUNK_SLOTS).  The helper waits for a slot
 * while the chunk KG_CHUNK_SLOTS before it is still to be written out;
 * the calling thread, which alone writes slots out, never waits for one:
 * when the next chunk's slot is busy, or no chunk is left, it writes out
 * the finished slots that are next in order instead.
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
    size_t next;    /* the next chunk to format */
    size_t written; /* chunks written out so far */
    struct slot {
        kg_buf text;
        size_t chunk; /* the chunk it holds */
        int ready;    /* formatted, not yet written out */
    } slots[KG_CHUNK_SLOTS];
    int failed;
    int helper_gone; /* the helper formats no more */
} engine;

/* The helper's claim: the next chunk, once its slot is written out; or
 * nchunks when none is left. */
static size_t claim(engine *e)
{
    pthread_mutex_lock(&e->mu);
    size_t k = e->next < e->nchunks ? e->next++ : e->nchunks;
    while (k < e->nchunks && k >= e->written + KG_CHUNK_SLOTS)
        pthread_cond_wait(&e->cv, &e->mu);
    pthread_mutex_unlock(&e->mu);
    return k;
}

/* The calling thread's claim: nchunks when the next chunk's slot is busy
 * or no chunk is left. */
static size_t claim_free(engine *e)
{
    pthread_mutex_lock(&e->mu);
    size_t k = e->nchunks;
    if (e->next < e->nchunks && e->next < e->written + KG_CHUNK_SLOTS)
        k = e->next++;
    pthread_mutex_unlock(&e->mu);
    return k;
}

/* Formats chunk k with `worker` (which writes to `out`) into its slot. */
static void format_chunk(engine *e, void *worker, kg_out *out, size_t k)
{
    struct slot *sl = &e->slots[k % KG_CHUNK_SLOTS];
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
    pthread_cond_broadcast(&e->cv);
    pthread_mutex_unlock(&e->mu);
}

/* Gives a worker's counts back to the caller's formatter. */
static void done(engine *e, void *worker)
{
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
    if (worker) {
        for (size_t k; (k = claim(e)) < e->nchunks;)
            format_chunk(e, worker, out, k);
        done(e, worker);
    }
    free(out);
    pthread_mutex_lock(&e->mu);
    e->failed |= !worker;
    e->helper_gone = 1;
    pthread_cond_broadcast(&e->cv);
    pthread_mutex_unlock(&e->mu);
    return NULL;
}

/* Writes out every finished chunk that is next in order; with `wait`,
 * waits for the next one first (while the helper may still make it).
 * Returns how many it wrote out. */
static size_t write_ready(engine *e, int wait)
{
    size_t n = 0;
    pthread_mutex_lock(&e->mu);
    for (;;) {
        struct slot *sl = &e->slots[e->written % KG_CHUNK_SLOTS];
        int ok = sl->ready && sl->chunk == e->written;
        if (!ok && wait && e->written < e->nchunks && !e->helper_gone) {
            pthread_cond_wait(&e->cv, &e->mu);
            continue;
        }
        if (!ok)
            break;
        pthread_mutex_unlock(&e->mu);
        kg_out_write_block(e->job->out, sl->text.data, sl->text.len);
        pthread_mutex_lock(&e->mu);
        sl->ready = 0;
        e->written++;
        n++;
        wait = 0;
        pthread_cond_broadcast(&e->cv);
    }
    pthread_mutex_unlock(&e->mu);
    return n;
}

static void engine_free(engine *e)
{
    for (int i = 0; i < KG_CHUNK_SLOTS; i++)
        kg_buf_free(&e->slots[i].text);
    pthread_cond_destroy(&e->cv);
    pthread_mutex_destroy(&e->mu);
}

/* This thread's share: formatting and writing out until every chunk is
 * written.  Without a worker of its own, it only writes out what the
 * helper formats, and the run fails. */
static void run_here(engine *e, kg_out *out)
{
    void *worker = e->job->worker_new(e->job->self, out);
    if (!worker) {
        pthread_mutex_lock(&e->mu);
        e->failed = 1;
        pthread_mutex_unlock(&e->mu);
        while (write_ready(e, 1))
            continue;
        return;
    }
    for (;;) {
        size_t k = claim_free(e);
        if (k < e->nchunks)
            format_chunk(e, worker, out, k);
        else if (e->written == e->nchunks)
            break;
        write_ready(e, k == e->nchunks);
    }
    done(e, worker);
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
    run_here(&e, out);
    pthread_join(thread, NULL);
    free(out);
    engine_free(&e);
    return e.failed ? -1 : 0;
}
