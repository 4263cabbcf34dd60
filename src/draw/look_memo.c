/*
 * look_memo.c - the looks of the style sheet a DOT writer has found, per
 * type, with what it writes of them rendered once (look_memo.h).
 */
#include "draw/look_memo.h"

#include <stdlib.h>
#include <string.h>

#include "graph/lifetime.h"
#include "graph/lookup.h"
#include "rules/dot.h"
#include "rules/escape.h"
#include "util/alloc.h"
#include "util/buf.h"

/* label="secretary general of" for the type "secretary_general_of": a
 * relation type shown as text.  Malloc'd, or NULL. */
char *kg_type_label_pair(const char *type)
{
    kg_buf text;
    kg_buf_init(&text);
    char *pair = kg_type_text(&text, type) == 0
                     ? kg_dot_text_pair("label", text.data)
                     : NULL;
    kg_buf_free(&text);
    return pair;
}

static void memo_free(struct look_memo *m)
{
    free(m->type_pair);
    free(m->label_pair);
    for (size_t i = 0; m->pairs && i < m->look->n; i++)
        free(m->pairs[i]);
    free(m->pairs);
    free(m->ikeys);
    free(m->all);
}

int kg_looks_style_keys(kg_looks *w, const kg_graph *g)
{
    const kg_stylesheet *s = kg_graph_style(g);
    size_t n = 0, nlooks = kg_style_nlooks(s);
    for (size_t i = 0; i < nlooks; i++)
        n += kg_style_look_at(s, i)->n;
    if (!n)
        return 0;
    const char **keys = kg_calloc(n, sizeof *keys);
    uint32_t *ys = kg_calloc(n, sizeof *ys);
    const char **ikeys = kg_calloc(n, sizeof *ikeys);
    if (!keys || !ys || !ikeys) {
        free(keys);
        free(ys);
        free(ikeys);
        return -1;
    }
    size_t k = 0; /* distinct: a sheet is a few rows */
    for (size_t i = 0; i < nlooks; i++) {
        const kg_look *l = kg_style_look_at(s, i);
        for (size_t j = 0; j < l->n; j++) {
            size_t x = 0;
            while (x < k && strcmp(keys[x], l->keys[j]) != 0)
                x++;
            if (x == k)
                keys[k++] = l->keys[j];
        }
    }
    kg_sym_find_all(g, keys, k, ys);
    for (size_t x = 0; x < k; x++)
        ikeys[x] = ys[x] == KG_NONE ? NULL : kg_sym_text(g, ys[x]);
    free(ys);
    w->keys = keys;
    w->ikeys = ikeys;
    w->nkeys = k;
    return 0;
}

/* The interned text of a look's key, or NULL when no string is it. */
static const char *interned_key(const kg_looks *w, const kg_graph *g,
                                const char *key)
{
    for (size_t x = 0; x < w->nkeys; x++)
        if (strcmp(w->keys[x], key) == 0)
            return w->ikeys[x];
    uint32_t y = kg_sym_find(g, key); /* not the sheet's: makes slots */
    return y == KG_NONE ? NULL : kg_sym_text(g, y);
}

/* The slot of memo_hot for (type, kind). */
static size_t memo_hot_slot(const kg_looks *w, kg_style_kind kind,
                            const char *type)
{
    uint64_t h =
        ((uint64_t)(uintptr_t)type ^ (uint64_t)kind) * 0x9E3779B97F4A7C15ull;
    return (size_t)(h >> 58) & (sizeof w->memo_hot / sizeof *w->memo_hot - 1);
}

const struct look_memo *kg_looks_find(kg_looks *w, const kg_graph *g,
                                      kg_style_kind kind, const char *type,
                                      int frozen, int *nomem)
{
    size_t hot = memo_hot_slot(w, kind, type);
    size_t at = w->memo_hot[hot];
    if (at && at <= w->nmemo && w->memo[at - 1].type == type &&
        w->memo[at - 1].kind == kind)
        return &w->memo[at - 1];
    for (size_t i = 0; i < w->nmemo; i++)
        if (w->memo[i].type == type && w->memo[i].kind == kind) {
            if (i < UINT16_MAX)
                w->memo_hot[hot] = (uint16_t)(i + 1);
            return &w->memo[i];
        }
    const kg_look *l = kg_style_look(kg_graph_style(g), kind, type);
    if (frozen) { /* memory ran out when it was made: write it plainly */
        w->fallback =
            (struct look_memo){type, kind, l, NULL, NULL, NULL, NULL, NULL, 0};
        return &w->fallback;
    }
    struct look_memo m = {type,
                          kind,
                          l,
                          kg_calloc(l->n + 1, sizeof *m.ikeys),
                          kg_calloc(l->n + 1, sizeof *m.pairs),
                          NULL,
                          NULL,
                          NULL,
                          0};
    int ok = m.ikeys && m.pairs;
    if (ok && kind == KG_STYLE_EDGE && type) /* written with every edge */
        ok = (m.type_pair = kg_dot_pair("type", type)) &&
             (m.label_pair = kg_type_label_pair(type));
    for (size_t i = 0; ok && i < l->n; i++) {
        m.ikeys[i] = interned_key(w, g, l->keys[i]);
        ok = (m.pairs[i] = kg_dot_pair(l->keys[i], l->values[i])) != NULL;
    }
    if (ok && l->n) { /* the pairs as write_look writes them after others */
        kg_buf all;
        kg_buf_init(&all);
        for (size_t i = 0; ok && i < l->n; i++)
            ok = !kg_buf_puts(&all, ", ") && !kg_buf_puts(&all, m.pairs[i]);
        if (ok) {
            m.all = all.data;
            m.all_len = all.len;
        } else {
            kg_buf_free(&all);
        }
    }
    if (!ok || kg_grow((void **)&w->memo, &w->memo_cap, w->nmemo + 1,
                       sizeof *w->memo)) {
        memo_free(&m);
        *nomem = 1;
        w->fallback =
            (struct look_memo){type, kind, l, NULL, NULL, NULL, NULL, NULL, 0};
        return &w->fallback;
    }
    w->memo[w->nmemo] = m;
    if (w->nmemo < UINT16_MAX)
        w->memo_hot[hot] = (uint16_t)(w->nmemo + 1);
    return &w->memo[w->nmemo++];
}

void kg_looks_free(kg_looks *w)
{
    for (size_t i = 0; i < w->nmemo; i++)
        memo_free(&w->memo[i]);
    free(w->memo);
    w->memo = NULL;
    w->nmemo = w->memo_cap = 0;
    memset(w->memo_hot, 0, sizeof w->memo_hot);
    free(w->keys);
    free(w->ikeys);
    w->keys = w->ikeys = NULL;
    w->nkeys = 0;
}
