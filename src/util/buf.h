/*
 * buf.h - a growable byte string, always NUL-terminated (buf.c).  A
 * kg_buf owns its data: kg_buf_free frees it; kg_buf_init makes an empty
 * one that allocates nothing until written to.
 */
#ifndef KG_BUF_H
#define KG_BUF_H

#include <stddef.h>
#include <string.h>

typedef struct kg_buf {
    char *data;
    size_t len;
    size_t cap;
} kg_buf;

void kg_buf_init(kg_buf *b);
void kg_buf_free(kg_buf *b);
void kg_buf_clear(kg_buf *b);
/* Makes room for `len` more bytes and the NUL; 0 or -1. */
int kg_buf_room(kg_buf *b, size_t len);
int kg_buf_puts(kg_buf *b, const char *s);

/* Each returns 0, or -1 when out of memory.  (Inline: the CSV reader
 * appends every field through them.) */
static inline int kg_buf_append(kg_buf *b, const char *s, size_t len)
{
    if (b->cap - b->len <= len && kg_buf_room(b, len))
        return -1;
    if (len)
        memcpy(b->data + b->len, s, len);
    b->len += len;
    b->data[b->len] = '\0'; /* NOLINT(clang-analyzer-core.NullDereference):
                               kg_buf_room made room */
    return 0;
}

static inline int kg_buf_putc(kg_buf *b, char c)
{
    if (b->cap - b->len <= 1 && kg_buf_room(b, 1))
        return -1;
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
    return 0;
}

#endif
