/*
 * shown.c - a file's presentation columns' values, checked once each
 * (shown.h).
 *
 * A column that says how a thing is drawn (a weight, a colour, a shape)
 * has every value checked, a parse on every row, and its values repeat: a
 * weight of 1 to 9 on a million rows.  The answers are kept in the memo
 * the DOT writer keeps them in (kg_present_ok); a value found not fine is
 * checked again by the store, and warned about, every time.
 */
#include "read/shown.h"

#include <stdlib.h>

#include "rules/presentation.h"
#include "util/alloc.h"

struct kg_shown {
    kg_present_memo memo;
    unsigned char *keeps; /* per column: its check is its value's alone */
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
    if (m)
        m->keeps = kg_calloc(s->ncols, 1);
    if (!m || !m->keeps) {
        kg_shown_free(m);
        *nomem = 1;
        return NULL;
    }
    for (size_t i = 0; i < s->ncols; i++)
        m->keeps[i] = (unsigned char)keeps(&s->cols[i]);
    return m;
}

void kg_shown_free(kg_shown *m)
{
    if (!m)
        return;
    free(m->keeps);
    free(m);
}

void kg_shown_check(kg_shown *m, kg_graph *g, kg_loc loc, size_t i,
                    const kg_column *c, const char *v, size_t n)
{
    /* the store's check of such a column asks no folder */
    if (m && m->keeps[i] &&
        kg_present_ok(&m->memo, c->present, v, n, &(kg_picture_dir){NULL, ""}))
        return;
    kg_graph_check_value(g, loc, c->ikey, c->present, c->is_link, v);
}
