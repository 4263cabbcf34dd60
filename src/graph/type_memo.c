/*
 * type_memo.c - types found in a small memo (type_memo.h).
 */
#include "graph/type_memo.h"

#include <string.h>

enum { N = KG_TYPE_MEMO };

uint32_t kg_type_memo_find(const kg_type_memo *m, const kg_symtab *syms,
                           const char *type, size_t len, size_t *slot)
{
    *slot = N;
    if (memchr(type, '\0', len))
        return KG_NONE;
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
        /* without a NUL in type, s[len] is s's */
        const char *s = syms->syms[y - 1].s;
        if (strncmp(s, type, len) == 0 && s[len] == '\0') {
            *slot = j;
            return y - 1;
        }
    }
    *slot = j; /* all taken: after N steps, j is home again */
    return KG_NONE;
}

void kg_type_memo_put(kg_type_memo *m, size_t slot, uint32_t t)
{
    if (slot >= N)
        return;
    m->sym[slot] = t + 1;
    m->exact[slot] = 0;
}

void kg_type_memo_set_exact(kg_type_memo *m, size_t slot, int exact)
{
    if (slot < N)
        m->exact[slot] = exact != 0;
}
