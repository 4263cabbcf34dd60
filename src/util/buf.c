/*
 * buf.c - a growable byte string (buf.h).
 */
#include "util/buf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"

void kg_buf_init(kg_buf *b)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
}

void kg_buf_free(kg_buf *b)
{
    free(b->data);
    kg_buf_init(b);
}

void kg_buf_clear(kg_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

int kg_buf_room(kg_buf *b, size_t len)
{
    if (len > SIZE_MAX - b->len - 1)
        return -1;
    return kg_grow((void **)&b->data, &b->cap, b->len + len + 1, 1);
}

int kg_buf_puts(kg_buf *b, const char *s)
{
    return kg_buf_append(b, s, strlen(s));
}
