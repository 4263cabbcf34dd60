/*
 * lookup.c - a name looked up after kg_resolve: the node it stands for
 * (kg_lookup), and, when that is none or several, the candidates a
 * message lists (kg_lookup_candidates); and a symbol found by its text
 * (kg_sym_find), the symbols' slots made again on the first lookup.
 *
 * Both scan the entities: the name indexes are freed after kg_resolve,
 * and lookups are few (a focus, a path's ends, a diff's matches).  The
 * nearest names are ranked in one pass with a bounded edit distance
 * (text/distance.h), so a million entities cost one linear scan.
 */
#include "graph/lookup.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "graph/store_int.h"
#include "text/distance.h"
#include "text/normalize.h"
#include "util/utf8.h"

/* Whether entity e is called `key` (a normalized or loose key) by its
 * name or an alias. */
static int called(const kg_graph *g, const kg_entity *e, const char *key,
                  int loose, kg_buf *tmp)
{
    if (e->name && kg_norm_key(tmp, e->name, strlen(e->name), loose) == 0 &&
        strcmp(tmp->data, key) == 0)
        return 1;
    for (const kg_attr *a = kg_attr_at(g, e->aliases); a;
         a = kg_attr_next(g, a))
        if (kg_norm_key(tmp, a->value, strlen(a->value), loose) == 0 &&
            strcmp(tmp->data, key) == 0)
            return 1;
    return 0;
}

/* The nodes a name stands for: their roots, each once (a few kept, all
 * counted). */
typedef struct found {
    int counting;    /* count only, up to two: no array */
    uint32_t first;  /* when counting: the first root */
    uint32_t *roots; /* else: every root */
    size_t n, cap;
    int nomem;
} found;

static void add_root(found *f, uint32_t r)
{
    if (f->counting) {
        if (f->n == 0 || (f->n == 1 && f->first != r)) {
            f->first = f->n ? f->first : r;
            f->n++;
        }
        return;
    }
    for (size_t i = 0; i < f->n; i++)
        if (f->roots[i] == r)
            return;
    if (kg_grow((void **)&f->roots, &f->cap, f->n + 1, sizeof *f->roots)) {
        f->nomem = 1;
        return;
    }
    f->roots[f->n++] = r;
}

/* ---- Symbols ---- */

/* kg_resolve leaves the symbols without their slots (8 MiB at 1M, kept
 * through the write, which finds its few keys without them:
 * kg_sym_find_all); the first lookup on the graph makes them again, once,
 * whichever thread asks first (a graph only read is read by any).  When
 * memory runs out they stay dropped, and kg_symtab_find scans. */
static pthread_mutex_t slots_lock = PTHREAD_MUTEX_INITIALIZER;

static const kg_symtab *syms_with_slots(const kg_graph *g)
{
    kg_symtab *t = (kg_symtab *)&g->v.syms; /* the slots are a cache */
    if (__atomic_load_n(&t->narrow, __ATOMIC_ACQUIRE) || !t->n)
        return t;
    pthread_mutex_lock(&slots_lock);
    if (!t->narrow) {
        kg_symtab c = *t;
        if (kg_symtab_restore_slots(&c) == 0 && c.narrow) {
            t->nslots = c.nslots;
            __atomic_store_n(&t->narrow, c.narrow, __ATOMIC_RELEASE);
        }
    }
    pthread_mutex_unlock(&slots_lock);
    return t;
}

uint32_t kg_sym_find(const kg_graph *g, const char *s)
{
    return kg_symtab_find(syms_with_slots(g), s, strlen(s));
}

void kg_sym_find_all(const kg_graph *g, const char *const *keys, size_t n,
                     uint32_t *ys)
{
    kg_symtab_find_all(&g->v.syms, keys, n, ys);
}

int kg_graph_sym_slots(const kg_graph *g)
{
    return g->v.syms.nslots != 0;
}

/* ---- Names ---- */

/* The nodes called `name` as kg_resolve compares (its id; else its
 * normalized key; else, matching loosely, its loose key).  Without an
 * array, the scan stops at the second. */
static void find_matches(const kg_graph *g, const char *name, found *f)
{
    uint32_t e = kg_sym_entity(g, kg_sym_find(g, name));
    if (e != KG_NONE) {
        add_root(f, kg_graph_root(g, e));
        return;
    }
    size_t len = strlen(name);
    if (kg_utf8_check((const unsigned char *)name, len) != len)
        return; /* no name in the graph is that text */
    kg_buf key, tmp;
    kg_buf_init(&key);
    kg_buf_init(&tmp);
    int passes = g->set.match == KG_MATCH_LOOSE ? 2 : 1;
    for (int loose = 0; loose < passes && f->n == 0; loose++) {
        if (kg_norm_key(&key, name, len, loose) || (loose && key.len == 0))
            break;
        for (uint32_t i = 0; i < g->v.nents; i++) {
            if (f->counting && f->n > 1)
                break;
            if (called(g, &g->v.ents[i], key.data, loose, &tmp))
                add_root(f, kg_graph_root(g, i));
        }
    }
    kg_buf_free(&key);
    kg_buf_free(&tmp);
}

const char *kg_lookup(const kg_graph *g, const char *name)
{
    if (!g || !name || !g->resolved)
        return NULL;
    found f = {.counting = 1};
    find_matches(g, name, &f);
    return f.n == 1 ? kg_ent_id(g, &g->v.ents[f.first]) : NULL;
}

/* ---- The nearest names ---- */

/* The query, as its labels are compared. */
typedef struct query {
    kg_buf norm, loose; /* its keys */
    size_t chars;       /* of the loose key */
    unsigned k;         /* the most edits a candidate is away */
    kg_buf tmp;
} query;

/* How many edits a name of `chars` characters may be from a candidate:
 * about one in four, at most three. */
static unsigned edits_for(size_t chars)
{
    return chars <= 2 ? 0 : chars <= 4 ? 1 : chars <= 8 ? 2 : 3;
}

/* Whether `word` is the whole of one or more words of `key`. */
static int has_words(const char *key, const char *word, size_t wlen)
{
    for (const char *p = strstr(key, word); p; p = strstr(p + 1, word))
        if ((p == key || p[-1] == ' ') && (p[wlen] == '\0' || p[wlen] == ' '))
            return 1;
    return 0;
}

/* How far label s is from the query: 0 when their loose keys are the
 * same, the edits between those keys up to k, k + 1 when the query is a
 * word of the label (a surname alone), else UINT_MAX. */
static unsigned label_score(query *q, const char *s)
{
    size_t len = strlen(s);
    if (kg_utf8_check((const unsigned char *)s, len) != len ||
        kg_norm_key(&q->tmp, s, len, 1))
        return UINT32_MAX;
    size_t chars =
        kg_utf8_count((const unsigned char *)q->tmp.data, q->tmp.len);
    if ((chars > q->chars ? chars - q->chars : q->chars - chars) <= q->k) {
        unsigned d = kg_edit_distance(q->loose.data, q->loose.len, q->tmp.data,
                                      q->tmp.len, q->k);
        if (d <= q->k)
            return d;
    }
    if (q->norm.len < 3 || q->norm.len >= len + 1 ||
        kg_norm_key(&q->tmp, s, len, 0))
        return UINT32_MAX;
    return has_words(q->tmp.data, q->norm.data, q->norm.len) ? q->k + 1
                                                             : UINT32_MAX;
}

static unsigned entity_score(const kg_graph *g, query *q, const kg_entity *e)
{
    unsigned best = label_score(q, kg_ent_id(g, e));
    if (e->name && best) {
        unsigned d = label_score(q, e->name);
        best = d < best ? d : best;
    }
    for (const kg_attr *a = kg_attr_at(g, e->aliases); a && best;
         a = kg_attr_next(g, a)) {
        unsigned d = label_score(q, a->value);
        best = d < best ? d : best;
    }
    return best;
}

static kg_candidate candidate(const kg_graph *g, uint32_t e, unsigned d)
{
    const kg_entity *x = &g->v.ents[e];
    return (kg_candidate){kg_ent_id(g, x), x->name, kg_ent_type(g, x), d};
}

/* Whether a ranks before b: fewer edits, then the id. */
static int before(const kg_candidate *a, const kg_candidate *b)
{
    if (a->distance != b->distance)
        return a->distance < b->distance;
    return strcmp(a->id, b->id) < 0;
}

/* Every root near the query, the best `max` kept in out in order; the
 * count. */
static size_t rank_near(const kg_graph *g, query *q, kg_candidate *out,
                        size_t max)
{
    size_t n = 0;
    for (uint32_t i = 0; i < g->v.nents; i++) {
        if (kg_ent_merged(g, i))
            continue;
        unsigned d = entity_score(g, q, &g->v.ents[i]);
        if (d == UINT32_MAX)
            continue;
        kg_candidate c = candidate(g, i, d);
        size_t kept = n < max ? n : max, at = kept;
        while (at > 0 && before(&c, &out[at - 1]))
            at--;
        if (at < max) {
            size_t move = kept - at - (kept == max);
            memmove(out + at + 1, out + at, move * sizeof *out);
            out[at] = c;
        }
        n++;
    }
    return n;
}

static int by_id(const void *a, const void *b)
{
    return strcmp(((const kg_candidate *)a)->id, ((const kg_candidate *)b)->id);
}

/* The nodes `name` matches, in the order of their ids. */
static size_t list_matches(const kg_graph *g, found *f, kg_candidate *out,
                           size_t max)
{
    kg_candidate *all = malloc(f->n * sizeof *all);
    if (!all)
        return 0;
    for (size_t i = 0; i < f->n; i++)
        all[i] = candidate(g, f->roots[i], 0);
    qsort(all, f->n, sizeof *all, by_id);
    memcpy(out, all, (f->n < max ? f->n : max) * sizeof *out);
    free(all);
    return f->n;
}

size_t kg_lookup_candidates(const kg_graph *g, const char *name,
                            kg_candidate *out, size_t max, int *matched)
{
    if (matched)
        *matched = 0;
    if (!g || !name || !g->resolved || (max && !out))
        return 0;
    found f = {.counting = 0};
    find_matches(g, name, &f);
    size_t n = 0;
    if (f.n && !f.nomem) {
        if (matched)
            *matched = 1;
        n = list_matches(g, &f, out, max);
    }
    free(f.roots);
    size_t len = strlen(name);
    if (f.n || kg_utf8_check((const unsigned char *)name, len) != len)
        return n;
    query q;
    kg_buf_init(&q.norm);
    kg_buf_init(&q.loose);
    kg_buf_init(&q.tmp);
    if (kg_norm_key(&q.norm, name, len, 0) == 0 &&
        kg_norm_key(&q.loose, name, len, 1) == 0 && q.loose.len) {
        q.chars =
            kg_utf8_count((const unsigned char *)q.loose.data, q.loose.len);
        q.k = edits_for(q.chars);
        n = rank_near(g, &q, out, max);
    }
    kg_buf_free(&q.norm);
    kg_buf_free(&q.loose);
    kg_buf_free(&q.tmp);
    return n;
}
