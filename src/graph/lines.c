/*
 * lines.c - the lines of the rows items came from, a byte an item
 * (lines.h).
 */
#include "graph/lines.h"

#include <stdlib.h>

#include "util/alloc.h"

enum { KG_LINES_MARK = 256 };

int kg_lines_set(kg_lines *l, uint32_t i, uint32_t line, unsigned far)
{
    if (kg_vec_grow((void **)&l->d, &l->d_cap, (size_t)i + 1, 1))
        return -1;
    unsigned char d = 0;
    if (i % KG_LINES_MARK == 0) {
        if (kg_grow((void **)&l->marks, &l->marks_cap, i / KG_LINES_MARK + 1,
                    sizeof *l->marks))
            return -1;
        l->marks[i / KG_LINES_MARK] = line;
    } else if (line >= l->last && line - l->last < far) {
        d = (unsigned char)(line - l->last);
    } else {
        if (kg_grow((void **)&l->far, &l->far_cap, l->nfar + 1, sizeof *l->far))
            return -1;
        l->far[l->nfar++] = (struct kg_far_line){i, line};
        d = (unsigned char)far;
    }
    l->d[i] = d;
    l->last = line;
    l->n = i + 1;
    return 0;
}

/* The line kept in full for item i (its byte says `far`). */
static uint32_t far_line(const kg_lines *l, uint32_t i)
{
    size_t lo = 0, hi = l->nfar;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (l->far[mid].item <= i)
            lo = mid;
        else
            hi = mid;
    }
    return l->far[lo].line;
}

uint32_t kg_lines_get(const kg_lines *l, uint32_t i, unsigned far)
{
    if (i + 1 == l->n)
        return l->last;
    uint32_t sum = 0;
    for (;; i--) {
        if (i % KG_LINES_MARK == 0)
            return l->marks[i / KG_LINES_MARK] + sum;
        unsigned d = l->d[i] & far;
        if (d == far)
            return far_line(l, i) + sum;
        sum += d;
    }
}

void kg_lines_free(kg_lines *l)
{
    kg_vec_free(l->d, l->d_cap, 1);
    free(l->marks);
    free(l->far);
}
