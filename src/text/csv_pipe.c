/*
 * csv_pipe.c - reading a CSV file on a second thread.
 *
 * Parsing (libcsv, line numbers, the UTF-8 check) is about a third of
 * loading a large file and storing the rows the rest; on two cores the two
 * overlap.  The reading thread runs its own kg_csv_reader over the file and
 * records what it yields, records and diagnostics, as events in batches of
 * about 256 KB of text.  The calling thread replays each batch, in order,
 * into the caller's reader: records through kg_csv_take (the same callback,
 * the same stop after max_errors), diagnostics into the caller's sink.  The
 * result is the same as reading on one thread, event for event.
 *
 * At most two batches exist (one filled while the other is replayed), so
 * memory stays bounded whatever the size of the file.  The reading thread
 * is the faster one: more batches would only wait, full (with four, the
 * 1M build's peak was 1.5 MiB higher, its CPU no lower).  Nothing of the
 * caller's is touched on the reading thread: it has its own reader, its
 * own diagnostic sink and its own batches; the caller's mark function
 * (kg_csv_set_marks) reads only the record and a word of this thread's.
 */
#include "text/csv_pipe.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/ahead.h"
#include "util/alloc.h"
#include "util/buf.h"

enum { BATCH_TEXT = 256 * 1024, MAX_BATCHES = 2, BLOCK = 64 * 1024 };

/* A record (its fields are fields[first..first+nfields), their text one
 * after another from text + at, each with its NUL) or a diagnostic (its
 * message at text + first). */
typedef struct event {
    unsigned long line, end_line;
    union {
        unsigned long col;        /* a diagnostic's */
        unsigned long long marks; /* a record's, from the mark function */
    };
    const char *kind; /* a diagnostic's: a literal of the reader's */
    size_t first, at;
    size_t raw, raw_len; /* the record's text at text + raw, if has_raw */
    uint32_t nfields;
    unsigned char is_diag, sev, bad, has_raw;
} event;

/* The fields of a batch's records hold only their lengths while it is
 * filled (its text moves as it grows); their data is set when it is
 * handed over, on the reading thread, so that the calling thread hands
 * each record on as it lies. */
typedef struct batch {
    kg_buf text; /* fields and messages, each NUL-terminated */
    kg_csv_field *fields;
    size_t nfields, fields_cap;
    event *ev;
    size_t nev, ev_cap;
    unsigned long long bytes; /* of the file, read when it was handed over */
    struct batch *next;
} batch;

/* The digest of the bytes read, when one is wanted (out not NULL). */
typedef struct hasher {
    kg_file_digest *out;
    kg_sha256_ctx s;
} hasher;

static void hash_start(hasher *h, kg_file_digest *out)
{
    h->out = out;
    if (out) {
        memset(out, 0, sizeof *out);
        kg_sha256_init(&h->s);
    }
}

static void hash_bytes(hasher *h, const char *buf, size_t n)
{
    if (h->out) {
        kg_sha256_update(&h->s, buf, n);
        h->out->bytes += n;
    }
}

/* At the end of the file: the digest, whole when fd is a regular file. */
static void hash_end(hasher *h, int fd)
{
    struct stat st;
    if (!h->out)
        return;
    kg_sha256_final(&h->s, h->out->sha256);
    h->out->whole = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
}

typedef struct csv_pipe {
    pthread_mutex_t mu;
    pthread_cond_t cv;        /* any change below */
    batch *full, **full_tail; /* handed over, oldest first */
    batch *spare;             /* given back */
    int nbatches;
    int done; /* the reading thread has handed over its last batch */
    int stop; /* the calling thread wants no more */

    /* the reading thread's own */
    int fd;
    const char *file;
    kg_ahead *ahead; /* the caller's pages to fault in while waiting */
    kg_csv_mark_fn mark;
    unsigned long long mark_state; /* mark's own */
    kg_csv_reader *inner;
    kg_diagsink sink;
    batch *cur;
    int nomem;
    int read_failed;
    hasher hash;
} csv_pipe;

/* ---- the reading thread ---- */

static event *new_event(csv_pipe *p)
{
    batch *b = p->cur;
    if (kg_grow((void **)&b->ev, &b->ev_cap, b->nev + 1, sizeof *b->ev)) {
        p->nomem = 1;
        return NULL;
    }
    event *e = &b->ev[b->nev++];
    memset(e, 0, sizeof *e);
    return e;
}

/* Takes back the last event, e, which out of memory left half made: the
 * batch holds what it held before. */
static void drop_event(csv_pipe *p, const event *e)
{
    batch *b = p->cur;
    p->nomem = 1;
    b->text.len = e->is_diag ? e->first : e->at;
    b->nfields = e->is_diag ? b->nfields : e->first;
    b->nev--;
}

static int record_event(const kg_csv_record *rec, void *ctx)
{
    csv_pipe *p = ctx;
    batch *b = p->cur;
    if (kg_grow((void **)&b->fields, &b->fields_cap, b->nfields + rec->nfields,
                sizeof *b->fields))
        p->nomem = 1;
    event *e = p->nomem ? NULL : new_event(p);
    if (!e)
        return 1;
    e->line = rec->line;
    e->end_line = rec->end_line;
    e->first = b->nfields;
    e->at = b->text.len;
    e->nfields = (uint32_t)rec->nfields;
    e->bad = (unsigned char)(rec->bad != 0);
    /* the reader packs a record's fields one after another, each with its
     * NUL: then they are copied as one block, not one at a time */
    size_t n = rec->nfields, at = 0;
    uintptr_t start = n ? (uintptr_t)rec->fields[0].data : 0;
    int packed = n > 0;
    for (size_t i = 0; i < n; i++) {
        packed = packed && (uintptr_t)rec->fields[i].data - start == at;
        at += rec->fields[i].len + 1;
        b->fields[b->nfields++] = (kg_csv_field){NULL, rec->fields[i].len};
    }
    /* marked here, where the reading has time to spare: the batch's
     * handing over publishes the word with the record */
    if (p->mark)
        e->marks = p->mark(rec, &p->mark_state);
    if (packed && kg_buf_append(&b->text, rec->fields[0].data, at)) {
        drop_event(p, e);
        return 1;
    }
    for (size_t i = 0; !packed && i < n; i++) {
        const kg_csv_field *f = &rec->fields[i];
        if (kg_buf_append(&b->text, f->data, f->len + 1)) {
            drop_event(p, e);
            return 1;
        }
    }
    if (rec->raw) {
        e->has_raw = 1;
        e->raw = b->text.len;
        e->raw_len = rec->raw_len;
        if (kg_buf_append(&b->text, rec->raw, rec->raw_len)) {
            drop_event(p, e);
            return 1;
        }
    }
    return 0;
}

static void diag_event(const kg_diag *d, void *ctx)
{
    csv_pipe *p = ctx;
    event *e = p->nomem ? NULL : new_event(p);
    if (!e)
        return;
    e->is_diag = 1;
    e->sev = (unsigned char)d->severity;
    e->kind = d->kind;
    e->line = d->line;
    e->col = d->col;
    e->first = p->cur->text.len;
    if (kg_buf_append(&p->cur->text, d->message, strlen(d->message) + 1))
        drop_event(p, e);
}

/* A batch to fill: given back, or new while there are fewer than
 * MAX_BATCHES; NULL once the calling thread has stopped. */
static batch *take_spare(csv_pipe *p)
{
    /* the caller is behind (or soon): the pages it writes next */
    kg_ahead_work(p->ahead);
    pthread_mutex_lock(&p->mu);
    while (!p->stop && !p->spare && p->nbatches >= MAX_BATCHES)
        pthread_cond_wait(&p->cv, &p->mu);
    batch *b = NULL;
    if (!p->stop && p->spare) {
        b = p->spare;
        p->spare = b->next;
    } else if (!p->stop && (b = kg_calloc(1, sizeof *b))) {
        p->nbatches++;
    } else if (!p->stop) {
        p->nomem = 1;
    }
    pthread_mutex_unlock(&p->mu);
    if (b) {
        kg_buf_clear(&b->text);
        b->nfields = b->nev = 0;
        b->next = NULL;
    }
    return b;
}

/* Points the fields of b's records at their text, now that it stays. */
static void place_fields(batch *b)
{
    for (size_t i = 0; i < b->nev; i++) {
        const event *e = &b->ev[i];
        if (e->is_diag || !e->nfields)
            continue;
        const char *t = b->text.data + e->at;
        kg_csv_field *f = b->fields + e->first;
        for (uint32_t k = 0; k < e->nfields; k++) {
            f[k].data = t;
            t += f[k].len + 1;
        }
    }
}

static void hand_over(csv_pipe *p, unsigned long long bytes)
{
    batch *b = p->cur;
    if (!b)
        return;
    p->cur = NULL;
    place_fields(b);
    b->bytes = bytes;
    pthread_mutex_lock(&p->mu);
    *p->full_tail = b;
    p->full_tail = &b->next;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
}

static void *read_thread(void *arg)
{
    csv_pipe *p = arg;
    char *buf = kg_malloc(BLOCK);
    unsigned long long total = 0;
    if (!buf)
        p->nomem = 1;
    while (!p->nomem) {
        kg_ahead_work(p->ahead);
        if (!p->cur && !(p->cur = take_spare(p)))
            break;
        ssize_t n = read(p->fd, buf, BLOCK);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            kg_report(&p->sink, KG_ERROR, p->file, 0, 0, "cannot read: %s",
                      strerror(errno));
            p->read_failed = 1;
            break;
        }
        if (n == 0) {
            hash_end(&p->hash, p->fd);
            kg_csv_finish(p->inner);
            break;
        }
        hash_bytes(&p->hash, buf, (size_t)n);
        total += (unsigned long long)n;
        if (kg_csv_feed(p->inner, buf, (size_t)n) != 0)
            break; /* the inner reader stops only for lack of memory */
        if (p->cur->text.len >= BATCH_TEXT)
            hand_over(p, total);
    }
    if (kg_csv_nomem(p->inner))
        p->nomem = 1;
    hand_over(p, total);
    free(buf);
    pthread_mutex_lock(&p->mu);
    p->done = 1;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

/* ---- the calling thread ---- */

/* The oldest batch handed over, waiting for one; NULL at the end. */
static batch *take_full(csv_pipe *p)
{
    pthread_mutex_lock(&p->mu);
    while (!p->full && !p->done)
        pthread_cond_wait(&p->cv, &p->mu);
    batch *b = p->full;
    if (b) {
        p->full = b->next;
        if (!p->full)
            p->full_tail = &p->full;
    }
    pthread_mutex_unlock(&p->mu);
    return b;
}

static void give_back(csv_pipe *p, batch *b, int stop)
{
    pthread_mutex_lock(&p->mu);
    b->next = p->spare;
    p->spare = b;
    if (stop)
        p->stop = 1;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
}

/* Record i of the batch, as it lies there: packed (place_fields), and
 * marked when the reader has a mark function. */
static void record_at(const batch *b, size_t i, kg_csv_record *rec, int marked)
{
    const event *e = &b->ev[i];
    *rec = (kg_csv_record){b->fields + e->first,
                           e->nfields,
                           e->line,
                           e->end_line,
                           e->bad,
                           e->has_raw ? b->text.data + e->raw : NULL,
                           e->has_raw ? e->raw_len : 0,
                           marked ? e->marks : 0,
                           marked,
                           1};
}

/* How many events ahead the reader's peek sees a record. */
enum { PEEK_AHEAD = 16 };

/* Gives r what the batch recorded; 0, or -1 when r stopped. */
static int replay(kg_csv_reader *r, const batch *b)
{
    kg_csv_record rec;
    int marked = kg_csv_marks_of(r) != NULL; /* the reading thread's too */
    for (size_t i = 0; i < b->nev; i++) {
        const event *e = &b->ev[i];
        size_t j = i + PEEK_AHEAD;
        if (j < b->nev && !b->ev[j].is_diag && kg_csv_wants_peek(r)) {
            record_at(b, j, &rec, marked);
            kg_csv_peek(r, &rec);
        }
        if (e->is_diag) {
            kg_report_text(kg_csv_diag(r), (kg_severity)e->sev, e->kind,
                           kg_csv_file(r), e->line, e->col,
                           b->text.data + e->first);
            continue;
        }
        record_at(b, i, &rec, marked);
        if (kg_csv_take(r, &rec))
            return -1;
    }
    return 0;
}

static void batch_free(batch *b)
{
    kg_buf_free(&b->text);
    free(b->fields);
    free(b->ev);
    free(b);
}

static void pipe_free(csv_pipe *p)
{
    for (batch *b = p->spare, *next; b; b = next) {
        next = b->next;
        batch_free(b);
    }
    kg_csv_free(p->inner);
    pthread_cond_destroy(&p->cv);
    pthread_mutex_destroy(&p->mu);
    free(p);
}

/* The same on this thread: no second thread could be started. */
static int read_here(kg_csv_reader *r, int fd, kg_csv_progress_fn progress,
                     void *ctx, kg_file_digest *digest)
{
    hasher hash;
    hash_start(&hash, digest);
    char *buf = kg_malloc(BLOCK);
    if (!buf) {
        kg_csv_stop_nomem(r);
        return -1;
    }
    unsigned long long total = 0;
    int rc = 0;
    for (;;) {
        ssize_t n = read(fd, buf, BLOCK);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            kg_report(kg_csv_diag(r), KG_ERROR, kg_csv_file(r), 0, 0,
                      "cannot read: %s", strerror(errno));
            rc = -2;
            break;
        }
        if (n == 0) {
            hash_end(&hash, fd);
            rc = kg_csv_finish(r);
            break;
        }
        hash_bytes(&hash, buf, (size_t)n);
        total += (unsigned long long)n;
        if (kg_csv_feed(r, buf, (size_t)n) != 0) {
            rc = -1;
            break;
        }
        if (progress)
            progress(total, ctx);
    }
    free(buf);
    return rc;
}

static csv_pipe *pipe_new(kg_csv_reader *r, int fd, kg_file_digest *digest,
                          kg_ahead *ahead)
{
    csv_pipe *p = kg_calloc(1, sizeof *p);
    if (!p)
        return NULL;
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv, NULL);
    p->full_tail = &p->full;
    p->fd = fd;
    p->ahead = ahead;
    p->mark = kg_csv_marks_of(r);
    hash_start(&p->hash, digest);
    p->file = kg_csv_file(r);
    kg_diag_init(&p->sink);
    p->sink.fn = diag_event;
    p->sink.ctx = p;
    /* the reading thread's messages call settings as the caller's do (the
     * names only read while the file is read) */
    memcpy(p->sink.names, kg_csv_diag(r)->names, sizeof p->sink.names);
    p->inner = kg_csv_new(p->file, &p->sink, 0, record_event, p);
    if (!p->inner) {
        pipe_free(p);
        return NULL;
    }
    kg_csv_set_options(p->inner, kg_csv_options_of(r));
    return p;
}

int kg_csv_read_fd(kg_csv_reader *r, int fd, kg_csv_progress_fn progress,
                   void *ctx, kg_file_digest *digest, kg_ahead *ahead)
{
    csv_pipe *p = pipe_new(r, fd, digest, ahead);
    pthread_t thread;
    if (!p || pthread_create(&thread, NULL, read_thread, p) != 0) {
        if (p)
            pipe_free(p);
        return read_here(r, fd, progress, ctx, digest);
    }
    int rc = 0;
    batch *b;
    while ((b = take_full(p))) {
        if (rc == 0)
            rc = replay(r, b);
        if (rc == 0 && progress)
            progress(b->bytes, ctx);
        give_back(p, b, rc != 0);
    }
    pthread_join(thread, NULL);
    if (rc == 0 && p->nomem) {
        kg_csv_stop_nomem(r);
        rc = -1;
    }
    if (rc == 0 && p->read_failed)
        rc = -2;
    pipe_free(p);
    return rc;
}
