/*
 * list_cell.c - the values of a list cell (list_cell.h).
 */
#include "read/list_cell.h"

#include <string.h>

/* The first separator at or after p, or end.  Called for every relation
 * (its target) and every alias cell: the usual one or two separators are
 * compared in line, not looked up with a call per byte. */
static const char *next_sep(const char *p, const char *end, const char *seps)
{
    char a = seps[0], b = a ? seps[1] : '\0';
    if (a && !b) {
        while (p < end && *p != a && *p)
            p++;
    } else if (a && !seps[2]) {
        while (p < end && *p != a && *p != b && *p)
            p++;
    } else {
        while (p < end && !strchr(seps, *p))
            p++;
    }
    return p;
}

int kg_each_value(const char *s, size_t len, const char *seps,
                  int (*fn)(const char *v, size_t n, void *ctx), void *ctx)
{
    const char *p = s, *end = s + len;
    while (p < end) {
        const char *q = next_sep(p, end, seps);
        const char *a = p, *b = q;
        while (a < b && (*a == ' ' || *a == '\t'))
            a++;
        while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
            b--;
        int rc = b > a ? fn(a, (size_t)(b - a), ctx) : 0;
        if (rc)
            return rc;
        p = q + 1;
    }
    return 0;
}
