/*
 * parallel.c - two halves on two threads (parallel.h).
 */
#include "util/parallel.h"

#include <pthread.h>

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
