/*
 * ahead.c - pages faulted in on a helper thread before the writing thread
 * reaches them (ahead.h).
 */
#define _DEFAULT_SOURCE /* MADV_POPULATE_WRITE (Linux) */
#include "util/ahead.h"

#include <sys/mman.h>
#include <unistd.h>

void kg_ahead_init(kg_ahead *a)
{
    *a = (kg_ahead){0};
    pthread_mutex_init(&a->mu, NULL);
    pthread_cond_init(&a->idle, NULL);
}

void kg_ahead_destroy(kg_ahead *a)
{
    pthread_cond_destroy(&a->idle);
    pthread_mutex_destroy(&a->mu);
}

void kg_ahead_ask(kg_ahead *a, void *p, size_t len)
{
    pthread_mutex_lock(&a->mu);
    if (a->nwant < KG_AHEAD_MAX) {
        a->want[a->nwant].p = p;
        a->want[a->nwant].len = len;
        a->nwant++;
    }
    pthread_mutex_unlock(&a->mu);
}

void kg_ahead_next(kg_ahead *a, char *base, size_t at, size_t cap_bytes)
{
    size_t from = (at & ~(size_t)(KG_AHEAD_STEP - 1)) + KG_AHEAD_STEP;
    if (from >= cap_bytes)
        return;
    size_t len = cap_bytes - from;
    kg_ahead_ask(a, base + from, len < KG_AHEAD_STEP ? len : KG_AHEAD_STEP);
}

void kg_ahead_quiet(kg_ahead *a)
{
    pthread_mutex_lock(&a->mu);
    a->nwant = 0;
    while (a->busy)
        pthread_cond_wait(&a->idle, &a->mu);
    pthread_mutex_unlock(&a->mu);
}

/* The kernel's fault of each page, without a read or write of its bytes:
 * the asking thread may write the range meanwhile. */
static void populate(char *p, size_t len)
{
#ifdef MADV_POPULATE_WRITE
    /* an address madvise takes is page-aligned: the range's whole pages
     * (4 KiB here, 64 KiB on some machines) */
    long page = sysconf(_SC_PAGESIZE);
    if (page <= 0)
        page = 4096;
    size_t skew = (size_t)((unsigned long)p & (unsigned long)(page - 1));
    (void)madvise(p - skew, len + skew, MADV_POPULATE_WRITE);
#else
    (void)p;
    (void)len;
#endif
}

int kg_ahead_work(kg_ahead *a)
{
    if (!a)
        return 0;
    int taken = 0;
    pthread_mutex_lock(&a->mu);
    while (a->nwant) {
        a->nwant--;
        char *p = a->want[a->nwant].p;
        size_t len = a->want[a->nwant].len;
        a->busy++;
        pthread_mutex_unlock(&a->mu);
        populate(p, len);
        taken++;
        pthread_mutex_lock(&a->mu);
        a->done++;
        if (--a->busy == 0)
            pthread_cond_broadcast(&a->idle);
    }
    pthread_mutex_unlock(&a->mu);
    return taken;
}
