/*
 * shown.c - a file's presentation columns' values, checked once each
 * (shown.h).
 *
 * A column that says how a thing is drawn (a weight, a colour, a shape)
 * has every value checked, a parse on every row, and its values repeat: a
 * weight of 1 to 9 on a million rows.  Per such column, the values found
 * fine (up to LONGEST bytes) are kept in a few slots, each value at a
 * home of its own (a value seen again replaces the one there), and a
 * value found there is not checked again.  Only a fine value is kept, so
 * every value that is not fine is checked, and warned about, as before.
 */
#include "read/shown.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rules/presentation.h"
#include "util/alloc.h"

enum { SLOTS = 16, LONGEST = 15 }; /* SLOTS: home()'s top 4 bits */

typedef struct column_memo {
    unsigned char len[SLOTS]; /* of the value in each slot; 0: none */
    char text[SLOTS][LONGEST];
} column_memo;

struct kg_shown {
    column_memo **col; /* per column: its memo, or NULL */
    column_memo *memos;
};

/* Whether a column's check is a function of its value alone. */
static int keeps(const kg_column *c)
{
    const kg_present *p = c->present;
    return p && !c->is_link && p->type != KG_P_IMAGE && p->type != KG_P_LINK;
}

kg_shown *kg_shown_new(const kg_schema *s, int *nomem)
{
    size_t n = 0;
    *nomem = 0;
    for (size_t i = 0; i < s->ncols; i++)
        n += keeps(&s->cols[i]);
    if (!n)
        return NULL;
    kg_shown *m = kg_calloc(1, sizeof *m);
    if (m) {
        m->col = kg_calloc(s->ncols, sizeof *m->col);
        m->memos = kg_calloc(n, sizeof *m->memos);
    }
    if (!m || !m->col || !m->memos) {
        kg_shown_free(m);
        *nomem = 1;
        return NULL;
    }
    for (size_t i = 0, k = 0; i < s->ncols; i++)
        if (keeps(&s->cols[i]))
            m->col[i] = &m->memos[k++];
    return m;
}

void kg_shown_free(kg_shown *m)
{
    if (!m)
        return;
    free(m->col);
    free(m->memos);
    free(m);
}

/* The home of a value of n bytes (1 to LONGEST): its length, first and
 * last bytes, mixed (a sum of them put the ten digits in four homes). */
static size_t home(const char *v, size_t n)
{
    uint32_t key = (uint32_t)(unsigned char)v[0] << 16 |
                   (uint32_t)(unsigned char)v[n - 1] << 8 | (uint32_t)n;
    return (key * 0x9E3779B1u) >> 28; /* the top 4 bits: SLOTS homes */
}

void kg_shown_check(kg_shown *m, kg_graph *g, kg_loc loc, size_t i,
                    const kg_column *c, const char *v, size_t n)
{
    column_memo *x = m && n && n <= LONGEST ? m->col[i] : NULL;
    if (!x) {
        kg_graph_check_value(g, loc, c->ikey, c->present, c->is_link, v);
        return;
    }
    size_t j = home(v, n);
    size_t k = 0; /* a few bytes: compared in line, not by a call */
    while (k < n && x->len[j] == n && x->text[j][k] == v[k])
        k++;
    if (k == n)
        return; /* found fine before */
    char buf[256];
    /* the store's check of such a column (kg_graph_check_value), which
     * asks no folder: fine, kept; else checked there, and warned about */
    if (kg_present_check(c->present, v, &(kg_picture_dir){NULL, ""}, buf,
                         sizeof buf)) {
        kg_graph_check_value(g, loc, c->ikey, c->present, c->is_link, v);
        return;
    }
    x->len[j] = (unsigned char)n;
    memcpy(x->text[j], v, n);
}
