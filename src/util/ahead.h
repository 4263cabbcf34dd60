/*
 * ahead.h - pages one thread will soon write, faulted in by another thread
 * that would otherwise wait (ahead.c).
 *
 * The first write to a fresh page of memory costs a page fault, and the
 * kernel zeroes the page there (2 MiB at once for a huge page): loading a
 * big graph spends a tenth to a third of its main thread so, on memory
 * that thread will only write later.  The writing thread asks
 * (kg_ahead_ask) for the next pages of an array it fills; a helper thread
 * that has nothing else to do (the CSV reading thread waiting for its
 * batches back) faults them in (kg_ahead_work) with
 * madvise(MADV_POPULATE_WRITE), which neither reads nor writes the bytes:
 * the two threads share no data, only the page tables the kernel keeps.
 *
 * A range asked for must stay mapped until kg_ahead_quiet has returned:
 * the asking thread calls it before it moves (mremap) or frees such a
 * memory.  Where the kernel has no MADV_POPULATE_WRITE (before Linux
 * 5.14), nothing is faulted in and the asking thread faults as before.
 * Everything here is a hint: the program writes what it writes either way.
 */
#ifndef KG_AHEAD_H
#define KG_AHEAD_H

#include <pthread.h>
#include <stddef.h>

/* What one step asks for: one huge page (the unit the kernel zeroes). */
enum { KG_AHEAD_STEP = 2u << 20, KG_AHEAD_MAX = 4 };

typedef struct kg_ahead {
    pthread_mutex_t mu;
    pthread_cond_t idle; /* busy fell to 0 */
    struct {
        char *p;
        size_t len;
    } want[KG_AHEAD_MAX]; /* asked for, not taken yet: nwant of them */
    int nwant;
    int busy;           /* ranges being faulted in now */
    unsigned long done; /* ranges faulted in (for tests) */
} kg_ahead;

void kg_ahead_init(kg_ahead *a);
/* After kg_ahead_quiet, with no helper left that may call kg_ahead_work. */
void kg_ahead_destroy(kg_ahead *a);

/* Asks for [p, p + len) to be faulted in, writable.  Never waits for it;
 * an ask beyond KG_AHEAD_MAX pending ones is dropped. */
void kg_ahead_ask(kg_ahead *a, void *p, size_t len);

/*
 * For an array of `cap_bytes` at base, a mapping of its own (kg_vec_grow's
 * past 4 MiB), written item by item (`size` bytes) in order from the
 * start: when the item at byte `at` is the first of a step, asks for the
 * next step (within the array).  Inline: called for every item; one test.
 */
void kg_ahead_next(kg_ahead *a, char *base, size_t at, size_t cap_bytes);
static inline void kg_ahead_array(kg_ahead *a, void *base, size_t at,
                                  size_t size, size_t cap_bytes)
{
    if ((at & (KG_AHEAD_STEP - 1)) < size && cap_bytes >= 2 * KG_AHEAD_STEP)
        kg_ahead_next(a, base, at, cap_bytes);
}

/* Drops what is asked for and waits until no range is being faulted in:
 * after it, the caller may move or free whatever it asked for. */
void kg_ahead_quiet(kg_ahead *a);

/* On a helper thread: faults in what is asked for, if anything.  Returns
 * how many ranges it took.  a may be NULL (nothing to do). */
int kg_ahead_work(kg_ahead *a);

#endif
