/*
 * parallel.h - work cut in two halves, done on two threads (parallel.c).
 * (A long run of items written in order is util/chunks.h's.)
 */
#ifndef KG_PARALLEL_H
#define KG_PARALLEL_H

/*
 * Runs fn(b) on a second thread and fn(a) on this one, and returns when
 * both are done; both run here, one after the other, when no thread can
 * be made.  For work cut in two halves that only read what is shared.
 */
void kg_parallel(void (*fn)(void *), void *a, void *b);

#endif
