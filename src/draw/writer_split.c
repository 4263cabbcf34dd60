/*
 * writer_split.c - writing a long run of nodes or edges on two threads.
 *
 * Formatting DOT is most of writing a large graph, and each statement
 * depends only on the graph, which nothing changes while it is written.
 * So the items are cut into chunks; both threads take the next chunk in
 * turn and format it into a buffer of its own (a slot), with a writer of
 * its own (its own attribute view, scratch text, output and counts); the
 * calling thread also passes the finished slots to the real output, in
 * chunk order.  The text is the same as one thread writing every item.
 *
 * A chunk waits for its slot while the chunk NSLOTS before it is still to
 * be written out, so at most NSLOTS chunks of text are held at once.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "draw/writer.h"

enum { NSLOTS = 4 };

typedef struct split {
    kg_writer *w;
    kg_writer_range_fn fn;
    void *ctx;
    size_t n, chunk, nchunks;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    size_t next;    /* the next chunk to format */
    size_t written; /* chunks passed to the output so far */
    struct slot {
        kg_buf text;
        size_t chunk; /* the chunk it holds */
        int ready;    /* formatted, not yet written out */
    } slots[NSLOTS];
    int failed;
} split;

/* A copy of w that shares only what is read-only while writing. */
static void worker_init(kg_writer *c, const kg_writer *w, kg_out *out)
{
    *c = *w;
    c->out = out;
    c->frozen = 1;
    kg_writer_work_init(c);
    memset(c->confidence, 0, sizeof c->confidence);
    c->nomem = 0;
}

static void worker_done(kg_writer *w, kg_writer *c)
{
    for (int k = 0; k < 3; k++)
        w->confidence[k] += c->confidence[k];
    w->nomem |= c->nomem;
    kg_writer_work_free(c);
}

/* The helper's claim: the next chunk, once its slot is written out; or
 * nchunks when none is left. */
static size_t claim(split *s)
{
    pthread_mutex_lock(&s->mu);
    size_t k = s->next < s->nchunks ? s->next++ : s->nchunks;
    while (k < s->nchunks && k >= s->written + NSLOTS)
        pthread_cond_wait(&s->cv, &s->mu);
    pthread_mutex_unlock(&s->mu);
    return k;
}

/* The calling thread's claim: it alone writes slots out, so it never
 * waits for one; returns nchunks when the next chunk's slot is busy or
 * no chunk is left. */
static size_t claim_free(split *s)
{
    pthread_mutex_lock(&s->mu);
    size_t k = s->nchunks;
    if (s->next < s->nchunks && s->next < s->written + NSLOTS)
        k = s->next++;
    pthread_mutex_unlock(&s->mu);
    return k;
}

/* Formats chunk k into its slot. */
static void format_chunk(split *s, kg_writer *c, kg_out *out, size_t k)
{
    struct slot *sl = &s->slots[k % NSLOTS];
    kg_buf_clear(&sl->text);
    kg_out_init_mem(out, &sl->text);
    size_t from = k * s->chunk;
    size_t to = from + s->chunk < s->n ? from + s->chunk : s->n;
    int rc = s->fn(c, from, to, s->ctx);
    if (kg_out_flush(out))
        rc = -1;
    pthread_mutex_lock(&s->mu);
    sl->chunk = k;
    sl->ready = 1;
    s->failed |= rc != 0;
    pthread_cond_broadcast(&s->cv);
    pthread_mutex_unlock(&s->mu);
}

static void *helper(void *arg)
{
    split *s = arg;
    kg_writer c;
    kg_out *out = kg_malloc(sizeof *out);
    if (!out) {
        pthread_mutex_lock(&s->mu);
        s->failed = 1;
        pthread_mutex_unlock(&s->mu);
        return NULL;
    }
    worker_init(&c, s->w, out);
    for (size_t k; (k = claim(s)) < s->nchunks;)
        format_chunk(s, &c, out, k);
    pthread_mutex_lock(&s->mu);
    worker_done(s->w, &c);
    pthread_mutex_unlock(&s->mu);
    free(out);
    return NULL;
}

/* Writes out every finished chunk that is next in order; with `wait`,
 * waits for the next one first. */
static void write_ready(split *s, int wait)
{
    pthread_mutex_lock(&s->mu);
    for (;;) {
        struct slot *sl = &s->slots[s->written % NSLOTS];
        int ok = sl->ready && sl->chunk == s->written;
        if (!ok && wait && s->written < s->nchunks) {
            pthread_cond_wait(&s->cv, &s->mu);
            continue;
        }
        if (!ok)
            break;
        pthread_mutex_unlock(&s->mu);
        kg_out_write_block(s->w->out, sl->text.data, sl->text.len);
        pthread_mutex_lock(&s->mu);
        sl->ready = 0;
        s->written++;
        wait = 0;
        pthread_cond_broadcast(&s->cv);
    }
    pthread_mutex_unlock(&s->mu);
}

static void split_free(split *s)
{
    for (int i = 0; i < NSLOTS; i++)
        kg_buf_free(&s->slots[i].text);
    pthread_cond_destroy(&s->cv);
    pthread_mutex_destroy(&s->mu);
}

int kg_writer_split(kg_writer *w, size_t n, kg_writer_range_fn fn, void *ctx)
{
    size_t chunk = kg_graph_settings(w->g)->writer_chunk
                       ? kg_graph_settings(w->g)->writer_chunk
                       : 1;
    if (n / chunk < 2)
        return fn(w, 0, n, ctx);
    split s = {.w = w, .fn = fn, .ctx = ctx, .n = n, .chunk = chunk};
    s.nchunks = (n + chunk - 1) / chunk;
    kg_out *out = kg_malloc(sizeof *out);
    pthread_t thread;
    if (!out)
        return fn(w, 0, n, ctx);
    pthread_mutex_init(&s.mu, NULL);
    pthread_cond_init(&s.cv, NULL);
    if (pthread_create(&thread, NULL, helper, &s) != 0) {
        split_free(&s);
        free(out);
        return fn(w, 0, n, ctx);
    }
    kg_writer c;
    worker_init(&c, w, out);
    for (;;) {
        size_t k = claim_free(&s);
        if (k < s.nchunks)
            format_chunk(&s, &c, out, k);
        else if (s.written == s.nchunks)
            break;
        write_ready(&s, k == s.nchunks);
    }
    pthread_join(thread, NULL);
    worker_done(w, &c);
    free(out);
    split_free(&s);
    return s.failed ? -1 : 0;
}
