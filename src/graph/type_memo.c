/*
 * type_memo.c - types found in a small memo (type_memo.h).
 */
#include "graph/type_memo.h"

#include <string.h>

enum { N = KG_TYPE_MEMO };

/* Whether the n bytes at a and b are the same: a type is a few bytes, and
 * a loop in line beats a call (memcmp, strncmp) on every row. */
static int same_bytes(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return 0;
    return 1;
}

uint32_t kg_type_memo_find(const kg_type_memo *m, const kg_symtab *syms,
                           const char *type, size_t len, size_t *slot)
{
    /* open addressing from the type's home: every type of a usual file
     * keeps a slot (with one slot a type, 10 of the bench's 8 entity and
     * 9 relation types shared theirs, and interned again row after row) */
    size_t home = len ? (len * 7 + (unsigned char)type[0] * 3 +
                         (unsigned char)type[len - 1]) %
                            N
                      : 0;
    size_t j = home;
    for (size_t k = 0; k < N; k++, j = (j + 1) % N) {
        uint32_t y = m->sym[j];
        if (!y)
            break; /* where it would go */
        /* a symbol has no NUL: the same length and bytes are the same
         * string, and a type with a NUL is never found here */
        if (m->len[j] == len && same_bytes(syms->syms[y - 1].s, type, len)) {
            *slot = j;
            return y - 1;
        }
    }
    /* all taken: after N steps, j is home again; a type with a NUL is no
     * symbol, and has no place */
    *slot = memchr(type, '\0', len) ? N : j;
    return KG_NONE;
}

void kg_type_memo_put(kg_type_memo *m, size_t slot, uint32_t t, size_t len)
{
    if (slot >= N || len > UINT32_MAX)
        return;
    m->sym[slot] = t + 1;
    m->len[slot] = (uint32_t)len;
    m->exact[slot] = 0;
}

void kg_type_memo_set_exact(kg_type_memo *m, size_t slot, int exact)
{
    if (slot < N)
        m->exact[slot] = exact != 0;
}
