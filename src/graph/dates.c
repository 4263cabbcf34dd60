/*
 * dates.c - which keys hold dates, and in which order (dates.h).
 */
#include "graph/dates.h"

#include <limits.h>
#include <string.h>

#include "graph/store_int.h"

/* The recorded entry of key, or NULL.  Few keys hold dates: a scan. */
static struct kg_date_key *recorded(const kg_graph *g, const char *key)
{
    for (size_t i = 0; key && i < g->ndate_keys; i++)
        if (strcmp(g->date_keys[i].key, key) == 0)
            return &g->date_keys[i];
    return NULL;
}

int kg_graph_date_column(kg_graph *g, const char *ikey, kg_date_order order)
{
    struct kg_date_key *k = recorded(g, ikey);
    if (k) {
        if (k->order == order)
            return 0;
        k->order = KG_DATE_YMD;
        return 1;
    }
    if (kg_grow((void **)&g->date_keys, &g->date_keys_cap, g->ndate_keys + 1,
                sizeof *g->date_keys))
        return -1;
    g->date_keys[g->ndate_keys++] = (struct kg_date_key){ikey, order};
    return 0;
}

int kg_graph_dates_from(kg_graph *out, const kg_graph *g)
{
    out->set.date_order = g->set.date_order;
    for (size_t i = 0; i < g->ndate_keys; i++) {
        const char *key = g->date_keys[i].key;
        const char *ikey = kg_intern(out, key, strlen(key));
        if (!ikey || kg_graph_date_column(out, ikey, g->date_keys[i].order) < 0)
            return -1;
    }
    return 0;
}

static int date_role(const char *key)
{
    kg_prov p = kg_prov_of(key);
    return p == KG_PROV_DATE || p == KG_PROV_START || p == KG_PROV_END;
}

int kg_graph_date_key(const kg_graph *g, const char *key)
{
    return key && (date_role(key) || recorded(g, key));
}

int kg_graph_date(const kg_graph *g, const char *key, const char *value,
                  kg_date *d)
{
    if (!value)
        return -1;
    const struct kg_date_key *k = recorded(g, key);
    kg_date_order order =
        k && k->order != KG_DATE_AUTO ? k->order : g->set.date_order;
    return kg_date_read_in(value, strlen(value), order, d);
}

const char *kg_graph_date_text(const kg_graph *g, const char *key,
                               const char *value, char out[11])
{
    if (!value)
        return NULL;
    if (kg_date_iso_day(value, strlen(value))) {
        memcpy(out, value, 11); /* its own text (rules/date.h) */
        return out;
    }
    kg_date d;
    if (kg_graph_date(g, key, value, &d))
        return NULL;
    kg_date_iso(&d, out);
    return out;
}

int kg_graph_date_bounds(const kg_graph *g, const char *key, const char *value,
                         char first[11], char last[11])
{
    if (!value)
        return -1;
    if (kg_date_iso_day(value, strlen(value))) {
        memcpy(first, value, 11); /* its own text (rules/date.h) */
        memcpy(last, value, 11);
        return 0;
    }
    kg_date d;
    if (kg_graph_date(g, key, value, &d))
        return -1;
    kg_date_write(d.first, first);
    kg_date_write(d.last, last);
    return 0;
}

const char *kg_graph_date_role(const kg_graph *g, kg_list l, kg_prov role,
                               const char **key)
{
    if (role < KG_PROV_DATE || role > KG_PROV_END)
        return NULL;
    const char *v[3], *k[3];
    kg_graph_date_roles(g, l, v, k);
    if (key && v[role - KG_PROV_DATE])
        *key = k[role - KG_PROV_DATE];
    return v[role - KG_PROV_DATE];
}

void kg_graph_date_roles(const kg_graph *g, kg_list l, const char *value[3],
                         const char *key[3])
{
    value[0] = value[1] = value[2] = NULL;
    key[0] = key[1] = key[2] = NULL;
    kg_attr_it it;
    for (kg_attr_begin(g, l, &it); kg_attr_step(&it);) {
        int i = (int)kg_prov_of(it.key) - KG_PROV_DATE;
        if (i < 0 || i > 2 || value[i])
            continue; /* no date role, or not its first value */
        value[i] = it.value;
        key[i] = it.key;
    }
}

int kg_graph_relation_days(const kg_graph *g, const kg_relation *r, long *lo,
                           long *hi, const char **key, const char **value)
{
    const char *k[3], *v[3];
    kg_graph_date_roles(g, kg_rel_attrs(g, r), v, k);
    if (!v[0] && !v[1] && !v[2])
        return 0;
    *lo = LONG_MIN;
    *hi = LONG_MAX;
    for (int i = 0; i < 3; i++) {
        kg_date d;
        if (!v[i])
            continue;
        if (kg_graph_date(g, k[i], v[i], &d)) {
            *key = k[i];
            *value = v[i];
            return -1;
        }
        if (i != 2)
            *lo = d.first;
        if (i != 1)
            *hi = d.last;
    }
    return 1;
}
