/*
 * out.h - kgraph's one buffered output, to a FILE or into memory: every
 * writer of the library (DOT, exports, tables, reports) writes through
 * it.  A large file is written a token at a time, and stdio's per-call
 * cost (locking, bookkeeping) was a third of writing a large graph.
 *
 * Writing never fails loudly: the first failed write's errno is kept in
 * `err`, later writes are still taken (and dropped if they fail too), and
 * kg_out_flush says whether any failed.  The caller owns the FILE or the
 * kg_buf; a kg_out owns nothing and needs no freeing.
 */
#ifndef KG_OUT_H
#define KG_OUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

struct kg_buf;

/* The buffer goes to `f` when full and at kg_out_flush.  With `mem`, the
 * text is written straight into the spare room at the end of mem (no copy
 * at the flush, which only counts it in: a chunk of a large DOT was
 * copied once more that way); only what mem is between flushes is read,
 * so mem may be cleared or read after a flush, never written meanwhile;
 * and any write may grow mem: a pointer into mem->data holds until the
 * next write. */
typedef struct kg_out {
    FILE *f;
    struct kg_buf *mem; /* instead of f: the text is kept here */
    char *at;           /* the buffer: own, or mem's spare room */
    size_t room;        /* its size; n == room: full (or none yet) */
    size_t n;
    int err; /* 0, or the errno of the first failed write (-1: none) */
    char own[1 << 16];
} kg_out;

/* An output to f; with f NULL, one that keeps nothing. */
void kg_out_init(kg_out *o, FILE *f);
/* An output that appends to `mem` (util.h) instead of a file. */
void kg_out_init_mem(kg_out *o, struct kg_buf *mem);
/* Writes out what is buffered; returns 0, or -1 after any failed write. */
int kg_out_flush(kg_out *o);
/* kg_out_write's way when s does not fit in what is left of the buffer. */
void kg_out_write_more(kg_out *o, const char *s, size_t len);
/* The same for a large block (a chunk of a graph): to a file it goes
 * straight to stdio after what is buffered, not through the buffer. */
void kg_out_write_block(kg_out *o, const char *s, size_t len);
void kg_out_printf(kg_out *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static inline void kg_out_putc(kg_out *o, char c)
{
    if (o->n == o->room) {
        kg_out_write_more(o, &c, 1);
        return;
    }
    o->at[o->n++] = c;
}

/* s[0..len) to d, for len <= 16, without a call: two moves that overlap
 * when len is not a power of two (a call to memcpy cost more than the
 * copy of a name or an ", "). */
static inline void kg_out_copy16(char *d, const char *s, size_t len)
{
    if (len >= 8) {
        uint64_t a, b;
        memcpy(&a, s, 8);
        memcpy(&b, s + len - 8, 8);
        memcpy(d, &a, 8);
        memcpy(d + len - 8, &b, 8);
    } else if (len >= 4) {
        uint32_t a, b;
        memcpy(&a, s, 4);
        memcpy(&b, s + len - 4, 4);
        memcpy(d, &a, 4);
        memcpy(d + len - 4, &b, 4);
    } else if (len) {
        d[0] = s[0];
        d[len / 2] = s[len / 2];
        d[len - 1] = s[len - 1];
    }
}

/* Inline: most writes are a few bytes (a name, `", "`), and a copy of a
 * length the compiler knows is a move or two; one it does not know is
 * copied by kg_out_copy16 when short. */
static inline void kg_out_write(kg_out *o, const char *s, size_t len)
{
    if (len <= o->room - o->n) {
        if (len <= 16)
            kg_out_copy16(o->at + o->n, s, len);
        else
            memcpy(o->at + o->n, s, len);
        o->n += len;
        return;
    }
    kg_out_write_more(o, s, len);
}

static inline void kg_out_puts(kg_out *o, const char *s)
{
    kg_out_write(o, s, strlen(s));
}

/* v in decimal, as printf's %lu writes it, without printf (numbers
 * written millions of times: ids, counts, positions). */
void kg_out_ulong(kg_out *o, unsigned long v);

/* v as printf's %.3f writes it, digit for digit (a betweenness, a
 * million times in a report): without printf for 0 <= v < 9e12 where a
 * long double holds 64 bits, through printf otherwise. */
void kg_out_fixed3(kg_out *o, double v);

#endif
