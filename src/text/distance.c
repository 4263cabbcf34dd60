/*
 * distance.c - bounded edit distance between names (distance.h).
 *
 * The optimal string alignment distance (Levenshtein with swaps of two
 * neighbours, each character edited once), over code points, in the
 * Ukkonen band: a cell more than k off the diagonal cannot lead to a
 * distance of k or less, so it is never computed and counts as k + 1.
 */
#include "text/distance.h"

#include <stdint.h>
#include <string.h>

/* The code points of valid UTF-8 s[0..len) into cp (room for max); the
 * count, or max + 1 when there are more. */
static size_t decode(const char *s, size_t len, uint32_t *cp, size_t max)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    size_t n = 0;
    while (p < end) {
        if (n == max)
            return max + 1;
        uint32_t c = *p++;
        int more = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
        if (more)
            c &= 0x3Fu >> more;
        while (more-- && p < end)
            c = (c << 6) | (*p++ & 0x3Fu);
        cp[n++] = c;
    }
    return n;
}

static unsigned min3(unsigned a, unsigned b, unsigned c)
{
    unsigned m = a < b ? a : b;
    return m < c ? m : c;
}

unsigned kg_edit_distance(const char *a, size_t alen, const char *b,
                          size_t blen, unsigned k)
{
    enum { N = KG_DISTANCE_MAX_CHARS };
    uint32_t x[N], y[N];
    size_t n = decode(a, alen, x, N), m = decode(b, blen, y, N);
    if (n > N || m > N)
        return alen == blen && memcmp(a, b, alen) == 0 ? 0 : k + 1;
    if ((n > m ? n - m : m - n) > k)
        return k + 1;
    unsigned rows[3][N + 1]; /* two rows back, one back, this one */
    unsigned *back2 = rows[0], *back = rows[1], *row = rows[2];
    for (size_t j = 0; j <= m; j++)
        back[j] = j <= k ? (unsigned)j : k + 1;
    for (size_t i = 1; i <= n; i++) {
        size_t lo = i > k ? i - k : 1, hi = i + k < m ? i + k : m;
        unsigned best = k + 1;
        for (size_t j = 0; j <= m; j++)
            row[j] = k + 1;
        if (i <= k)
            row[0] = (unsigned)i;
        if (row[0] < best)
            best = row[0];
        for (size_t j = lo; j <= hi; j++) {
            unsigned d = min3(back[j] + 1, row[j - 1] + 1,
                              back[j - 1] + (x[i - 1] != y[j - 1]));
            if (i > 1 && j > 1 && x[i - 1] == y[j - 2] &&
                x[i - 2] == y[j - 1] && back2[j - 2] + 1 < d)
                d = back2[j - 2] + 1;
            row[j] = d > k ? k + 1 : d;
            if (row[j] < best)
                best = row[j];
        }
        if (best > k)
            return k + 1;
        unsigned *t = back2;
        back2 = back;
        back = row;
        row = t;
    }
    return back[m];
}
