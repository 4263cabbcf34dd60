/*
 * ends.c - relation ends interned in batches, a full batch on a second
 * thread (ends.h).
 */
#include "graph/ends.h"

#include <stdlib.h>

#include "util/parallel.h"

int kg_ends_queue(kg_ends *q, uint32_t rel, int dst, const char *s, size_t len)
{
    kg_end_batch *b = &q->b[q->cur];
    size_t off = b->text.len;
    if (len > UINT32_MAX || off > UINT32_MAX - len - 1 ||
        kg_grow((void **)&b->items, &b->cap, b->n + 1, sizeof *b->items))
        return -1;
    /* the text first: an end is queued only with its text */
    if (kg_buf_append(&b->text, s, len) || kg_buf_putc(&b->text, '\0')) {
        b->text.len = off;
        return -1;
    }
    /* hashed where it is interned (intern_batch), not on this thread */
    b->items[b->n++] =
        (kg_end){rel, (uint32_t)off, (uint32_t)len, 0, KG_NONE, dst};
    return 0;
}

/* How far ahead of interning an item it is hashed and its slot fetched;
 * its symbol and text follow at 2/3 and 1/3 of the way. */
enum { AHEAD = 64 };

static void hash_end(kg_end_batch *b, size_t i)
{
    kg_end *x = &b->items[i];
    x->hash = kg_hash(b->text.data + x->off, x->len);
}

/* Hashes and interns b's ends in order, until memory runs out (the
 * hashes here: the queueing thread is the busier one). */
static void intern_batch(kg_end_batch *b)
{
    kg_symtab *t = b->t;
    for (size_t i = 0; i <= AHEAD && i < b->n; i++)
        hash_end(b, i);
    for (size_t i = 0; i < b->n; i++) {
        if (i + AHEAD + 1 < b->n)
            hash_end(b, i + AHEAD + 1);
        if (i + AHEAD < b->n)
            kg_symtab_prefetch(t, b->items[i + AHEAD].hash, 0);
        if (i + AHEAD * 2 / 3 < b->n)
            kg_symtab_prefetch(t, b->items[i + AHEAD * 2 / 3].hash, 1);
        if (i + AHEAD / 3 < b->n)
            kg_symtab_prefetch(t, b->items[i + AHEAD / 3].hash, 2);
        kg_end *x = &b->items[i];
        int created;
        x->sym = kg_symtab_intern_hashed(t, b->arena, b->text.data + x->off,
                                         x->len, x->hash, &created);
        if (x->sym == KG_NONE) {
            b->failed = 1;
            return;
        }
    }
}

static void *intern_thread(void *arg)
{
    intern_batch(arg);
    return NULL;
}

int kg_ends_start(kg_ends *q, kg_symtab *t, kg_arena *arena, int behind)
{
    kg_end_batch *b = &q->b[q->cur];
    /* the symbols' array does not move while the batch is in flight: the
     * calling thread reads the symbols there before (ends.h) */
    if (q->handed || kg_symtab_reserve(t, b->n))
        return -1;
    b->first = t->n;
    b->failed = 0;
    b->t = t;
    b->arena = arena;
    q->cur ^= 1;
    q->b[q->cur].n = 0;
    kg_buf_clear(&q->b[q->cur].text);
    q->handed = 1;
    if (behind && !q->procs)
        q->procs = kg_processors();
    q->busy = behind && !q->inline_only && q->procs > 1 &&
              pthread_create(&q->thread, NULL, intern_thread, b) == 0;
    if (q->busy)
        q->behind++;
    else
        intern_batch(b);
    return 0;
}

kg_end_batch *kg_ends_join(kg_ends *q)
{
    if (!q->handed)
        return NULL;
    if (q->busy)
        pthread_join(q->thread, NULL);
    q->busy = 0;
    q->handed = 0;
    kg_end_batch *b = &q->b[!q->cur];
    q->failed |= b->failed;
    return b;
}

int kg_ends_failed(kg_ends *q)
{
    int failed = q->failed;
    q->failed = 0;
    return failed;
}

void kg_ends_free(kg_ends *q)
{
    kg_ends_join(q);
    for (int i = 0; i < 2; i++) {
        free(q->b[i].items);
        kg_buf_free(&q->b[i].text);
    }
}
