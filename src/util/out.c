/*
 * out.c - kgraph's one buffered output (out.h).
 */
#include "util/out.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>

#include "util/alloc.h"
#include "util/buf.h"

void kg_out_init(kg_out *o, FILE *f)
{
    o->f = f;
    o->mem = NULL;
    o->at = o->own;
    o->room = sizeof o->own;
    o->n = 0;
    o->err = 0;
}

void kg_out_init_mem(kg_out *o, kg_buf *mem)
{
    kg_out_init(o, NULL);
    o->mem = mem;
    o->room = 0; /* the room is found at the first write (make_room) */
}

/* Records a failed write: its errno, the first one kept. */
static void failed(kg_out *o)
{
    if (!o->err)
        o->err = errno ? errno : -1;
}

int kg_out_flush(kg_out *o)
{
    errno = 0;
    if (o->n && o->mem && o->at != o->own) { /* written in place */
        o->mem->len += o->n;
        o->mem->data[o->mem->len] = '\0'; /* make_room kept its byte */
    } else if (o->n && o->mem && kg_buf_append(o->mem, o->own, o->n)) {
        failed(o);
    } else if (o->n && o->f && fwrite(o->own, 1, o->n, o->f) != o->n) {
        failed(o);
    }
    o->n = 0;
    if (o->mem) { /* the room is found again: mem may change meanwhile */
        o->at = o->own;
        o->room = 0;
    }
    return o->err ? -1 : 0;
}

/* An empty buffer: own, or for mem the spare room at its end, grown to
 * about its length (at least 256 bytes, at most the size of own: a short
 * text keeps a short allocation); own again when that fails (its text is
 * then appended at the flush, or dropped when that fails too). */
static void make_room(kg_out *o)
{
    kg_buf *m = o->mem;
    if (!m) {
        o->at = o->own;
        o->room = sizeof o->own;
        return;
    }
    size_t want = m->len < 256             ? 256
                  : m->len > sizeof o->own ? sizeof o->own
                                           : m->len;
    if (m->cap - m->len <= want && kg_buf_room(m, want)) {
        failed(o);
        o->at = o->own;
        o->room = sizeof o->own;
        return;
    }
    o->at = m->data + m->len;
    o->room = m->cap - m->len - 1; /* the NUL's byte kept */
}

void kg_out_write_more(kg_out *o, const char *s, size_t len)
{
    while (len) {
        if (o->n == o->room) {
            kg_out_flush(o);
            make_room(o);
        }
        size_t k = o->room - o->n;
        if (k > len)
            k = len;
        memcpy(o->at + o->n, s, k);
        o->n += k;
        s += k;
        len -= k;
    }
}

void kg_out_write_block(kg_out *o, const char *s, size_t len)
{
    if (o->mem || len < sizeof o->own) {
        kg_out_write(o, s, len);
        return;
    }
    kg_out_flush(o);
    errno = 0;
    if (fwrite(s, 1, len, o->f) != len)
        failed(o);
}

void kg_out_ulong(kg_out *o, unsigned long v)
{
    char digits[24], *p = digits + sizeof digits;
    do
        *--p = (char)('0' + v % 10);
    while (v /= 10);
    kg_out_write(o, p, (size_t)(digits + sizeof digits - p));
}

/* v (53 bits) times 1000 (10 bits) is exact in a long double's 64, so
 * rounding it to a whole number, to nearest and a tie to even, is the
 * rounding printf makes of the exact value (unit test: against printf,
 * ties among the values). */
void kg_out_fixed3(kg_out *o, double v)
{
    if (LDBL_MANT_DIG < 64 || !(v >= 0 && v < 9e12) || signbit(v)) {
        kg_out_printf(o, "%.3f", v);
        return;
    }
    unsigned long q = (unsigned long)rintl((long double)v * 1000.0L);
    char frac[4] = {'.', (char)('0' + q / 100 % 10), (char)('0' + q / 10 % 10),
                    (char)('0' + q % 10)};
    kg_out_ulong(o, q / 1000);
    kg_out_write(o, frac, sizeof frac);
}

void kg_out_printf(kg_out *o, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        failed(o);
        return;
    }
    if ((size_t)n < sizeof small) {
        kg_out_write(o, small, (size_t)n);
        return;
    }
    char *big = kg_malloc((size_t)n + 1);
    if (!big) {
        o->err = ENOMEM;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    kg_out_write(o, big, (size_t)n);
    free(big);
}
