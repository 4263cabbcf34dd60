/*
 * lines.c - the lines of the rows items came from, a byte an item
 * (lines.h).
 */
#include "graph/lines.h"

#include <stdlib.h>
#include <string.h>

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

/* Whether a byte of w is 0. */
static int has_zero(uint64_t w)
{
    const uint64_t ones = 0x0101010101010101ull;
    return ((w - ones) & ~w & ones << 7) != 0;
}

/* The sum of w's bytes. */
static uint32_t byte_sum(uint64_t w)
{
    const uint64_t low = 0x00FF00FF00FF00FFull;
    uint64_t pairs = (w & low) + (w >> 8 & low); /* 4 lanes of <= 510 */
    return (uint32_t)((pairs * 0x0001000100010001ull) >> 48);
}

/* The walk back sums 8 bytes at a time while none says `far`: a merge
 * asking each row's line walked 128 bytes on average a byte at a time,
 * half of its instructions at an overview's rows. */
uint32_t kg_lines_get(const kg_lines *l, uint32_t i, unsigned far)
{
    if (i + 1 == l->n)
        return l->last;
    uint32_t mark = i - i % KG_LINES_MARK, sum = 0;
    uint64_t fars = 0x0101010101010101ull * far;
    while (i > mark) { /* bytes (i, the item asked] are summed */
        if (i - mark >= 8) {
            uint64_t w;
            memcpy(&w, l->d + i - 7, sizeof w);
            w &= fars;
            if (!has_zero(w ^ fars)) {
                sum += byte_sum(w);
                i -= 8;
                continue;
            }
        }
        unsigned d = l->d[i] & far;
        if (d == far)
            return far_line(l, i) + sum;
        sum += d;
        i--;
    }
    return l->marks[mark / KG_LINES_MARK] + sum;
}

void kg_lines_free(kg_lines *l)
{
    kg_vec_free(l->d, l->d_cap, 1);
    free(l->marks);
    free(l->far);
}
