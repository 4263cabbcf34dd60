/*
 * parallel.c - two halves on two threads (parallel.h).
 */
#include "util/parallel.h"

#include "util/alloc.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

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

struct kg_pieces {
    pthread_mutex_t lock;
    pthread_cond_t turned; /* `joined` moved on */
    size_t next;           /* the next piece to hand out */
    size_t joined;         /* the pieces put together: [0, joined) */
    size_t npieces;
    void (*work)(void *ctx, kg_pieces *p, unsigned k);
    void *ctx;
};

typedef struct worker {
    kg_pieces *p;
    unsigned k;
    pthread_t thread;
    int made;
} worker;

static void *run_worker(void *arg)
{
    worker *w = arg;
    w->p->work(w->p->ctx, w->p, w->k);
    return NULL;
}

size_t kg_pieces_next(kg_pieces *p)
{
    pthread_mutex_lock(&p->lock);
    size_t i = p->next < p->npieces ? p->next++ : SIZE_MAX;
    pthread_mutex_unlock(&p->lock);
    return i;
}

void kg_pieces_turn(kg_pieces *p, size_t i)
{
    pthread_mutex_lock(&p->lock);
    while (p->joined != i)
        pthread_cond_wait(&p->turned, &p->lock);
    pthread_mutex_unlock(&p->lock);
}

void kg_pieces_done(kg_pieces *p, size_t i)
{
    pthread_mutex_lock(&p->lock);
    p->joined = i + 1;
    pthread_cond_broadcast(&p->turned);
    pthread_mutex_unlock(&p->lock);
}

struct kg_spare {
    pthread_mutex_t lock;
    pthread_cond_t moved; /* pieces came or went, or the spare's work */
    kg_pieces *p;         /* the pieces it may work on, or NULL */
    unsigned k;           /* its worker number in them */
    int busy;             /* it works on p */
    int closed;           /* no pieces will come */
};

kg_spare *kg_spare_new(void)
{
    kg_spare *s = kg_calloc(1, sizeof *s);
    if (!s)
        return NULL;
    pthread_mutex_init(&s->lock, NULL);
    pthread_cond_init(&s->moved, NULL);
    return s;
}

void kg_spare_free(kg_spare *s)
{
    if (!s)
        return;
    pthread_cond_destroy(&s->moved);
    pthread_mutex_destroy(&s->lock);
    free(s);
}

void kg_spare_lend(kg_spare *s)
{
    if (!s)
        return;
    pthread_mutex_lock(&s->lock);
    while (!s->p && !s->closed)
        pthread_cond_wait(&s->moved, &s->lock);
    kg_pieces *p = s->p;
    if (p) {
        s->busy = 1;
        pthread_mutex_unlock(&s->lock);
        p->work(p->ctx, p, s->k);
        pthread_mutex_lock(&s->lock);
        s->busy = 0;
        pthread_cond_broadcast(&s->moved);
    }
    pthread_mutex_unlock(&s->lock);
}

void kg_spare_close(kg_spare *s)
{
    if (!s)
        return;
    pthread_mutex_lock(&s->lock);
    s->closed = 1;
    pthread_cond_broadcast(&s->moved);
    pthread_mutex_unlock(&s->lock);
}

/* The pieces offered to s (worker k), or taken back: then, once the
 * spare is no longer working on them. */
static void offer(kg_spare *s, kg_pieces *p, unsigned k)
{
    if (!s)
        return;
    pthread_mutex_lock(&s->lock);
    s->p = p;
    s->k = k;
    pthread_cond_broadcast(&s->moved);
    while (!p && s->busy)
        pthread_cond_wait(&s->moved, &s->lock);
    pthread_mutex_unlock(&s->lock);
}

int kg_parallel_pieces(unsigned workers, size_t npieces,
                       void (*work)(void *ctx, kg_pieces *p, unsigned k),
                       void *ctx)
{
    return kg_parallel_pieces_spare(workers, npieces, work, ctx, NULL);
}

/* Pieces are handed out in order and each waits only for those before
 * it, which running workers hold: a worker run here after the others
 * finds every piece before its first one joined, and none waits for it.
 * The spare takes pieces only while the workers run, and is waited for
 * before they are gone. */
int kg_parallel_pieces_spare(unsigned workers, size_t npieces,
                             void (*work)(void *ctx, kg_pieces *p, unsigned k),
                             void *ctx, kg_spare *s)
{
    kg_pieces p = {
        .next = 0, .joined = 0, .npieces = npieces, .work = work, .ctx = ctx};
    workers = workers ? workers : 1;
    worker *w = kg_calloc(workers, sizeof *w);
    if (!w)
        return -1;
    pthread_mutex_init(&p.lock, NULL);
    pthread_cond_init(&p.turned, NULL);
    for (unsigned k = 1; k < workers; k++) {
        w[k] = (worker){&p, k, 0, 0};
        w[k].made = pthread_create(&w[k].thread, NULL, run_worker, &w[k]) == 0;
    }
    offer(s, &p, workers);
    work(ctx, &p, 0);
    for (unsigned k = 1; k < workers; k++)
        if (w[k].made)
            pthread_join(w[k].thread, NULL);
        else
            work(ctx, &p, k);
    offer(s, NULL, 0);
    pthread_cond_destroy(&p.turned);
    pthread_mutex_destroy(&p.lock);
    free(w);
    return 0;
}

unsigned kg_processors(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1u : n > 256 ? 256u : (unsigned)n;
}
