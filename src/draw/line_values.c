/*
 * line_values.c - what relations' values make of their lines
 * (line_values.h): the scale of their confidences and the range of their
 * strengths or weights, found over the shown relations before the edges
 * are written (element.c draws each line's width on that range).
 */
#include "draw/line_values.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graph/view.h"
#include "rules/evidence.h"
#include "util/utf8.h"

/* The slot of a short text (n > 0 bytes) in a memo of `slots` entries:
 * the numbers the scan read (few: weights, strengths, confidences). */
static size_t memo_slot(const char *v, size_t n, size_t slots)
{
    size_t h = n; /* every byte: "0" and "8" once shared a slot */
    for (size_t i = 0; i < n; i++)
        h = h * 31 + (unsigned char)v[i];
    return h % slots;
}

/* ---- What the relations' values are on the whole ---- */

typedef struct scan {
    int words, numbers, integers15;
    double cmin, cmax;
    /* what a key is (1: a confidence, 2: a strength or weight, 0: other),
     * by its pointer: a file's few keys, each compared once */
    const char *keys[8];
    unsigned char kind[8];
    int nkeys;
    /* numbers already read, by their text (values are few) */
    struct scan_number {
        char text[12]; /* "" when the entry is empty */
        double x;
        int ok; /* the whole text is a number */
    } numbers_read[16];
} scan;

static int key_kind(scan *sc, const char *key)
{
    for (int i = 0; i < sc->nkeys; i++)
        if (sc->keys[i] == key)
            return sc->kind[i];
    int kind = kg_confidence_key(key) ? 1
               : kg_ascii_casecmp(key, "strength") == 0 ||
                       kg_ascii_casecmp(key, "weight") == 0
                   ? 2
                   : 0;
    if (sc->nkeys < 8) {
        sc->keys[sc->nkeys] = key;
        sc->kind[sc->nkeys++] = (unsigned char)kind;
    }
    return kind;
}

/* strtod of the whole of value[0..n): 1 and *x, or 0 when it is not all
 * a number. */
static int number_of(scan *sc, const char *value, size_t n, double *x)
{
    struct scan_number *m = NULL;
    if (n && n < sizeof m->text) {
        m = &sc->numbers_read[memo_slot(
            value, n, sizeof sc->numbers_read / sizeof *sc->numbers_read)];
        if (memcmp(m->text, value, n + 1) == 0) { /* both hold n + 1 */
            *x = m->x;
            return m->ok;
        }
    }
    char *end;
    *x = strtod(value, &end);
    int ok = end != value && !*end;
    if (m) {
        memcpy(m->text, value, n + 1);
        m->x = *x;
        m->ok = ok;
    }
    return ok;
}

static void scan_value(kg_writer *w, scan *sc, const kg_attr_it *it,
                       int *seen_c, int *seen_w)
{
    if (*seen_c && *seen_w)
        return;
    const char *key = it->key, *value = it->value;
    int kind = key_kind(sc, key);
    double x;
    if (!*seen_c && kind == 1) {
        *seen_c = 1;
        if (number_of(sc, value, it->len, &x) && x >= 0 && x <= 100) {
            sc->cmin = sc->numbers++ ? (x < sc->cmin ? x : sc->cmin) : x;
            sc->cmax = sc->numbers > 1 ? (x > sc->cmax ? x : sc->cmax) : x;
            sc->integers15 &= x == (double)(long)x && x >= 1 && x <= 5;
        } else if (kg_confidence_valid(value)) {
            sc->words = 1;
        }
    } else if (!*seen_w && kind == 2) {
        if (!number_of(sc, value, it->len, &x) ||
            !(x >= 0 && x <= 1000)) /* as weight */
            return;
        *seen_w = 1;
        if (!w->wkey) {
            w->wkey = key;
            w->wmin = w->wmax = x;
        }
        w->wmin = x < w->wmin ? x : w->wmin;
        w->wmax = x > w->wmax ? x : w->wmax;
    }
}

/* Which of a confidence (1) and a strength or weight (2) relations can
 * have: a file's column, or (both) a value set by code. */
static int may_have_values(const kg_graph *g)
{
    if (kg_graph_has_rel_items(g))
        return 3;
    int may = 0; /* as key_kind tells them: 1 a confidence, 2 a weight */
    for (size_t i = 0; i < kg_graph_ncolsets(g); i++)
        for (uint32_t k = 0; k < kg_graph_colset(g, i)->n; k++) {
            const char *key = kg_graph_colset(g, i)->keys[k];
            if (kg_confidence_key(key))
                may |= 1;
            else if (kg_ascii_casecmp(key, "strength") == 0 ||
                     kg_ascii_casecmp(key, "weight") == 0)
                may |= 2;
        }
    return may;
}

/* The confidence scale and the range of strengths or weights, over the
 * shown relations. */
void kg_writer_scan(kg_writer *w)
{
    const kg_graph *g = w->g;
    scan sc;
    memset(&sc, 0, sizeof sc);
    sc.integers15 = 1;
    int may = may_have_values(g);
    if (!may)
        return;
    for (uint32_t i = 0; i < kg_nrels(g); i++) {
        if (!kg_edge_shown(g, i))
            continue;
        /* a kind no key has is seen already: a row's scan stops at the
         * other's first value (usually a weight, before the evidence) */
        int seen_c = !(may & 1), seen_w = !(may & 2);
        kg_attr_it it;
        for (kg_attr_begin(g, kg_rel_attrs(g, kg_rel(g, i)), &it);
             !(seen_c && seen_w) && kg_attr_step(&it);)
            scan_value(w, &sc, &it, &seen_c, &seen_w);
    }
    if (sc.numbers)
        w->scale = sc.cmax <= 1    ? KG_SCALE_UNIT
                   : sc.integers15 ? KG_SCALE_FIVE
                                   : KG_SCALE_PERCENT;
    else if (sc.words)
        w->scale = KG_SCALE_WORDS;
}

kg_scale kg_writer_scale(const kg_graph *g)
{
    kg_writer w;
    memset(&w, 0, sizeof w);
    w.g = g;
    kg_writer_scan(&w);
    return w.scale;
}
