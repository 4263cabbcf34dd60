/*
 * diff.c - what changed between two versions of the inputs (kgraph diff).
 *
 * Entities are matched by id, then as kg_resolve matches names (the NEW
 * entity's id, then its name, then its aliases looked up in OLD): an
 * entity renamed under the same id is changed, not removed and added.
 * Relations are matched by their ends (as matched), type and date, in
 * input order among those that share all four.  A matched pair differs
 * in the fields listed for it: name, type, aliases, each attribute (its
 * values, in any order), a relation's label and direction.
 */
#include <stdlib.h>
#include <string.h>

#include "graph/dates.h"
#include "graph/lifetime.h"
#include "graph/lookup.h"
#include "graph/store.h"
#include "graph/view.h"
#include "rules/escape.h"
#include "rules/evidence.h"
#include "util/alloc.h"
#include "util/parallel.h"

#include "analysis/diff_int.h"

/* ---- Finders: what a thread compares with ---- */

/* One attribute: a key and one of its values. */
typedef struct pair {
    const char *key, *value;
} pair;

/*
 * What compares matched pairs: the changes it found in a piece (their
 * fields in its own text), their counts, and scratch reused from one
 * element to the next (no allocation per element).  Each thread has one;
 * a piece's changes are added to the diff in the pieces' order, so that
 * the diff is the same whatever the number of threads.
 */
typedef struct finder {
    const kg_graph *a, *b;
    list items;
    kg_buf text;
    kg_diff_counts counts;
    pair *pa, *pb; /* attributes of the two sides (pairs_of) */
    size_t capa, capb;
    const char **names; /* aliases (aliases_text) */
    size_t capnames;
    kg_buf p, q, x, y;
    int nomem;
} finder;

static void finder_init(finder *f, const kg_graph *a, const kg_graph *b)
{
    memset(f, 0, sizeof *f);
    f->a = a;
    f->b = b;
    kg_buf_init(&f->text);
    kg_buf_init(&f->p);
    kg_buf_init(&f->q);
    kg_buf_init(&f->x);
    kg_buf_init(&f->y);
}

static void finder_free(finder *f)
{
    free(f->items.v);
    kg_buf_free(&f->text);
    free(f->pa);
    free(f->pb);
    free(f->names);
    kg_buf_free(&f->p);
    kg_buf_free(&f->q);
    kg_buf_free(&f->x);
    kg_buf_free(&f->y);
}

/* ---- Multisets of values ---- */

static int by_string(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* The aliases of e in g, sorted, "; " between them, into out. */
static int aliases_text(finder *f, const kg_graph *g, const kg_entity *e,
                        kg_buf *out)
{
    size_t n = 0;
    int rc = 0;
    for (const kg_attr *a = kg_attr_at(g, e->aliases); a && rc == 0;
         a = kg_attr_next(g, a)) {
        rc = kg_grow((void **)&f->names, &f->capnames, n + 1, sizeof *f->names);
        if (rc == 0)
            f->names[n++] = a->value;
    }
    if (n > 1)
        qsort(f->names, n, sizeof *f->names, by_string);
    kg_buf_clear(out);
    rc = rc || kg_buf_puts(out, "");
    for (size_t i = 0; i < n && rc == 0; i++)
        rc = (i && kg_buf_puts(out, "; ")) || kg_buf_puts(out, f->names[i]);
    return rc;
}

static int by_key_then_value(const void *x, const void *y)
{
    const pair *a = x, *b = y;
    int c = strcmp(a->key, b->key);
    return c ? c : strcmp(a->value, b->value);
}

/* The attributes of list l in g, sorted by key, then value: each key's
 * values side by side, in *v (grown as needed, *cap long).  0, or -1
 * when out of memory. */
static int pairs_of(const kg_graph *g, kg_list l, pair **v, size_t *cap,
                    size_t *n)
{
    *n = 0;
    kg_attr_it it;
    for (kg_attr_begin(g, l, &it); kg_attr_step(&it);) {
        if (kg_grow((void **)v, cap, *n + 1, sizeof **v))
            return -1;
        (*v)[(*n)++] = (pair){it.key, it.value};
    }
    if (*n > 1)
        qsort(*v, *n, sizeof **v, by_key_then_value);
    return 0;
}

/* The values of `key` that start at v[*at] (sorted: pairs_of), "; "
 * between them, into out; *at moves past them. */
static int values_of(const pair *v, size_t n, size_t *at, const char *key,
                     kg_buf *out)
{
    kg_buf_clear(out);
    int rc = kg_buf_puts(out, "");
    for (size_t k = 0; rc == 0 && *at < n && strcmp(v[*at].key, key) == 0;
         k++, (*at)++)
        rc = (k && kg_buf_puts(out, "; ")) || kg_buf_puts(out, v[*at].value);
    return rc;
}

/* ---- Recording ---- */

static int field(finder *f, const char *name, const char *was, const char *now)
{
    return kg_buf_puts(&f->text, name) || kg_buf_putc(&f->text, '\0') ||
           kg_buf_puts(&f->text, was ? was : "") ||
           kg_buf_putc(&f->text, '\0') ||
           kg_buf_puts(&f->text, now ? now : "") || kg_buf_putc(&f->text, '\0');
}

static int push(list *l, change kind, uint32_t a, uint32_t b, size_t off,
                size_t len)
{
    if (kg_grow((void **)&l->v, &l->cap, l->n + 1, sizeof *l->v))
        return -1;
    l->v[l->n++] = (item){kind, a, b, off, len};
    return 0;
}

static int same(const char *x, const char *y)
{
    return strcmp(x ? x : "", y ? y : "") == 0;
}

/* The fields in which attribute lists la (OLD) and lb (NEW) differ: both
 * sorted by key, then walked side by side, so that the work is the
 * sorting (not a pass over a list per key: an entity may have 100,000
 * columns). */
static int attr_fields(finder *f, kg_list la, kg_list lb, int *differ)
{
    size_t na, nb, i = 0, j = 0;
    int rc = pairs_of(f->a, la, &f->pa, &f->capa, &na) ||
                     pairs_of(f->b, lb, &f->pb, &f->capb, &nb)
                 ? -1
                 : 0;
    const pair *a = f->pa, *b = f->pb;
    while (rc == 0 && (i < na || j < nb)) {
        const char *key = j == nb || (i < na && strcmp(a[i].key, b[j].key) <= 0)
                              ? a[i].key
                              : b[j].key;
        rc = values_of(a, na, &i, key, &f->x) ||
             values_of(b, nb, &j, key, &f->y);
        if (rc == 0 && strcmp(f->x.data, f->y.data) != 0) {
            *differ = 1;
            rc = field(f, key, f->x.data, f->y.data);
        }
    }
    return rc;
}

/* ---- Matched pairs compared on all cores ---- */

enum { PIECE = 16384 }; /* elements a piece */

/* Compares element i of NEW with its match, or records it added. */
typedef int (*compare_fn)(finder *f, const uint32_t *match, uint32_t i);

typedef struct job {
    kg_diff *d;
    list *out;             /* d->ents or d->rels */
    const uint32_t *match; /* per NEW element, its OLD one or KG_NONE */
    size_t n;
    compare_fn compare;
    finder *f; /* one a worker */
    int nomem;
} job;

/* Adds what f found to the diff (its items' fields after d's text), and
 * empties f. */
static int add_found(kg_diff *d, list *out, finder *f)
{
    size_t base = d->text.len;
    int rc = f->nomem;
    if (rc == 0 && f->text.len)
        rc = kg_buf_append(&d->text, f->text.data, f->text.len);
    for (size_t i = 0; rc == 0 && i < f->items.n; i++) {
        item x = f->items.v[i];
        rc = push(out, x.kind, x.a, x.b, x.len ? x.off + base : 0, x.len);
    }
    d->counts.entities_added += f->counts.entities_added;
    d->counts.entities_changed += f->counts.entities_changed;
    d->counts.relations_added += f->counts.relations_added;
    d->counts.relations_changed += f->counts.relations_changed;
    f->counts = (kg_diff_counts){0};
    f->items.n = 0;
    f->text.len = 0;
    return rc;
}

static void compare_pieces(void *ctx, kg_pieces *p, unsigned k)
{
    job *jb = ctx;
    finder *f = &jb->f[k];
    size_t piece;
    while ((piece = kg_pieces_next(p)) != SIZE_MAX) {
        size_t to = (piece + 1) * PIECE < jb->n ? (piece + 1) * PIECE : jb->n;
        for (size_t i = piece * PIECE; i < to && !f->nomem; i++)
            f->nomem = jb->compare(f, jb->match, (uint32_t)i) != 0;
        kg_pieces_turn(p, piece);
        if (add_found(jb->d, jb->out, f))
            jb->nomem = 1;
        kg_pieces_done(p, piece);
    }
}

/* compare(i) for every NEW element i below n, on the threads the graph's
 * setting allows (kg_graph_set_threads), into `out` in i's order.  0, or
 * -1 when out of memory. */
static int compare_all(kg_diff *d, list *out, const uint32_t *match, size_t n,
                       compare_fn compare)
{
    size_t npieces = (n + PIECE - 1) / PIECE;
    unsigned threads = kg_graph_settings(d->b)->threads;
    unsigned workers = threads ? threads : kg_processors();
    if (workers > npieces)
        workers = npieces ? (unsigned)npieces : 1;
    job jb = {d, out, match, n, compare, kg_calloc(workers, sizeof *jb.f), 0};
    if (!jb.f)
        return -1;
    for (unsigned k = 0; k < workers; k++)
        finder_init(&jb.f[k], d->a, d->b);
    int rc =
        npieces ? kg_parallel_pieces(workers, npieces, compare_pieces, &jb) : 0;
    for (unsigned k = 0; k < workers; k++) {
        rc |= jb.f[k].nomem;
        finder_free(&jb.f[k]);
    }
    free(jb.f);
    return rc || jb.nomem ? -1 : 0;
}

/* ---- Entities ---- */

/* The OLD entity NEW entity e stands for: its id, then its name, then its
 * aliases looked up as kg_resolve would; KG_NONE when none is free. */
static uint32_t match_entity(const kg_diff *d, uint32_t e,
                             const unsigned char *taken)
{
    const kg_entity *x = kg_ent(d->b, e);
    const char *id = kg_lookup(d->a, kg_ent_id(d->b, x));
    if (!id && x->name)
        id = kg_lookup(d->a, x->name);
    for (const kg_attr *al = kg_attr_at(d->b, x->aliases); !id && al;
         al = kg_attr_next(d->b, al))
        id = kg_lookup(d->a, al->value);
    uint32_t o = id ? kg_sym_entity(d->a, kg_sym_find(d->a, id)) : KG_NONE;
    if (o == KG_NONE || !kg_node_shown(d->a, o) || taken[o])
        return KG_NONE;
    return o;
}

static int compare_entities(finder *f, uint32_t o, uint32_t e)
{
    const kg_entity *x = kg_ent(f->a, o), *y = kg_ent(f->b, e);
    size_t off = f->text.len;
    int differ = 0, rc = 0;
    if (!same(kg_ent_id(f->a, x), kg_ent_id(f->b, y)))
        differ = 1, rc = field(f, "id", kg_ent_id(f->a, x), kg_ent_id(f->b, y));
    if (rc == 0 && !same(x->name, y->name))
        differ = 1, rc = field(f, "name", x->name, y->name);
    if (rc == 0 && !same(kg_ent_type(f->a, x), kg_ent_type(f->b, y)))
        differ = 1,
        rc = field(f, "type", kg_ent_type(f->a, x), kg_ent_type(f->b, y));
    if (rc == 0)
        rc = aliases_text(f, f->a, x, &f->p) || aliases_text(f, f->b, y, &f->q);
    if (rc == 0 && strcmp(f->p.data, f->q.data) != 0)
        differ = 1, rc = field(f, "aliases", f->p.data, f->q.data);
    if (rc == 0)
        rc = attr_fields(f, kg_ent_attrs(f->a, x), kg_ent_attrs(f->b, y),
                         &differ);
    if (rc == 0 && differ) {
        f->counts.entities_changed++;
        return push(&f->items, CHANGED, o, e, off, f->text.len - off);
    }
    f->text.len = off;
    return rc;
}

static int compare_entity(finder *f, const uint32_t *match, uint32_t e)
{
    if (!kg_node_shown(f->b, e))
        return 0;
    if (match[e] == KG_NONE) {
        f->counts.entities_added++;
        return push(&f->items, ADDED, KG_NONE, e, 0, 0);
    }
    return compare_entities(f, match[e], e);
}

static int diff_entities(kg_diff *d, uint32_t *to_b)
{
    unsigned char *taken = kg_calloc(kg_nents(d->a) + 1, 1);
    uint32_t *match = kg_malloc((kg_nents(d->b) + 1) * sizeof *match);
    int rc = taken && match ? 0 : -1;
    for (uint32_t e = 0; e < kg_nents(d->b) && rc == 0; e++) {
        match[e] = KG_NONE;
        if (!kg_node_shown(d->b, e))
            continue;
        uint32_t o = match_entity(d, e, taken);
        if (o == KG_NONE)
            continue;
        taken[o] = 1;
        to_b[o] = e;
        match[e] = o;
    }
    rc = rc || compare_all(d, &d->ents, match, kg_nents(d->b), compare_entity);
    for (uint32_t o = 0; o < kg_nents(d->a) && rc == 0; o++)
        if (kg_node_shown(d->a, o) && !taken[o]) {
            d->counts.entities_removed++;
            rc = push(&d->ents, REMOVED, o, KG_NONE, 0, 0);
        }
    free(taken);
    free(match);
    return rc;
}

/* ---- Relations ---- */

/* Whether column `key` holds a relation's date, the keys met kept in m
 * (a direct-mapped memo by the interned key's address; NULL: none). */
typedef struct date_keys {
    const char *key[64];
    unsigned char dated[64], used[64];
} date_keys;

static int dated(date_keys *m, const char *key)
{
    if (!m) {
        kg_prov p = kg_prov_of(key);
        return p == KG_PROV_DATE || p == KG_PROV_START;
    }
    size_t i = ((uintptr_t)key >> 3) * 0x9E3779B1u >> 26 & 63;
    if (!m->used[i] || m->key[i] != key) {
        kg_prov p = kg_prov_of(key);
        m->key[i] = key;
        m->dated[i] = p == KG_PROV_DATE || p == KG_PROV_START;
        m->used[i] = 1;
    }
    return m->dated[i];
}

/* A relation's date: the first value of a date or start_date column. */
static const char *date_in(const kg_graph *g, const kg_relation *r,
                           date_keys *m)
{
    kg_attr_it it;
    for (kg_attr_begin(g, kg_rel_attrs(g, r), &it); kg_attr_step(&it);)
        if (dated(m, it.key))
            return it.value;
    return "";
}

static const char *date_of(const kg_graph *g, const kg_relation *r)
{
    return date_in(g, r, NULL);
}

/* A relation's matching key: its ends as NEW entity numbers (an OLD end
 * that matched nothing is numbered after them), its type ("" for none)
 * and date.  Two keys are the same when their ends are and their texts
 * "TYPE\nDATE" are. */
typedef struct rel_key {
    uint32_t src, dst;
    const char *type, *date;
} rel_key;

static rel_key key_of(const kg_graph *g, const kg_relation *r, uint32_t src,
                      uint32_t dst, const char *date)
{
    const char *type = kg_rel_type(g, r);
    return (rel_key){src, dst, type ? type : "", date};
}

static uint32_t key_hash(const rel_key *k)
{
    uint32_t h = 2166136261u;
    for (const char *p = k->type; *p; p++)
        h = (h ^ (unsigned char)*p) * 16777619u;
    h = (h ^ '\n') * 16777619u;
    for (const char *p = k->date; *p; p++)
        h = (h ^ (unsigned char)*p) * 16777619u;
    h = (h ^ k->src) * 0x9E3779B1u;
    h = (h ^ (h >> 15) ^ k->dst) * 0x85EBCA77u;
    return h ^ (h >> 13);
}

/* Whether t1 "\n" d1 and t2 "\n" d2 are the same text (a type may hold
 * a line break). */
static int same_text(const char *t1, const char *d1, const char *t2,
                     const char *d2)
{
    size_t n1 = strlen(t1), n2 = strlen(t2);
    if (n1 == n2)
        return memcmp(t1, t2, n1) == 0 && strcmp(d1, d2) == 0;
    if (n1 > n2) {
        const char *t = t1, *dd = d1;
        size_t n = n1;
        t1 = t2, d1 = d2, n1 = n2;
        t2 = t, d2 = dd, n2 = n;
    }
    /* t2 is t1 "\n" rest: then d1 must be rest "\n" d2 */
    const char *rest = t2 + n1 + 1;
    size_t nrest = n2 - n1 - 1;
    return memcmp(t1, t2, n1) == 0 && t2[n1] == '\n' &&
           strncmp(d1, rest, nrest) == 0 && d1[nrest] == '\n' &&
           strcmp(d1 + nrest + 1, d2) == 0;
}

static int same_key(const rel_key *x, const rel_key *y)
{
    return x->src == y->src && x->dst == y->dst &&
           same_text(x->type, x->date, y->type, y->date);
}

/*
 * The OLD relations by key, each key's in input order: an open-addressed
 * table of slots, each the first relation with a key (index + 1; 0
 * empty), the key's hash (probes compare it first) and the next relation
 * of the key not yet paired; a chain through the others.  Arrays, freed
 * whole: nothing allocated per relation.
 */
typedef struct rel_slot {
    uint32_t head, hash, cursor;
} rel_slot;

typedef struct table {
    const kg_diff *d;
    const uint32_t *to_b;
    uint32_t past; /* OLD-only ends are numbered from here */
    rel_slot *v;
    size_t mask;
    uint32_t *tail;    /* per slot, the last relation of its key (filling) */
    uint32_t *chain;   /* per OLD relation, the next of its key (+ 1) */
    const char **date; /* per OLD relation */
} table;

static rel_key old_key(const table *t, uint32_t i)
{
    const kg_relation *r = kg_rel(t->d->a, i);
    uint32_t s =
        t->to_b[r->src] != KG_NONE ? t->to_b[r->src] : t->past + r->src;
    uint32_t e =
        t->to_b[r->dst] != KG_NONE ? t->to_b[r->dst] : t->past + r->dst;
    return key_of(t->d->a, r, s, e, t->date[i]);
}

/* The slot of key k (hash h): where it is, or the empty one where it
 * would go. */
static size_t slot_of(const table *t, const rel_key *k, uint32_t h)
{
    size_t i = h & t->mask;
    for (; t->v[i].head; i = (i + 1) & t->mask) {
        if (t->v[i].hash != h)
            continue;
        rel_key y = old_key(t, t->v[i].head - 1);
        if (same_key(&y, k))
            return i;
    }
    return i;
}

/*
 * Looking keys up is bound by memory latency: the table is larger than
 * the caches and each key's slot (then its first relation) is a miss.
 * So keys are taken AHEAD at a time: all hashed and their slots fetched
 * first, then looked up in order, so that the misses of a batch overlap.
 * The lookups themselves are those made one by one, in the same order.
 */
enum { AHEAD = 32 };

typedef struct batch {
    rel_key k[AHEAD];
    uint32_t h[AHEAD], at[AHEAD]; /* hash; the relation's index */
    size_t n;
} batch;

/* Adds key k (hash h) of the batch to b and fetches its slot. */
static void batch_add(batch *b, const table *t, rel_key k, uint32_t at)
{
    uint32_t h = key_hash(&k);
    kg_prefetch(&t->v[h & t->mask]);
    b->k[b->n] = k;
    b->h[b->n] = h;
    b->at[b->n++] = at;
}

/* Fetches the NEW numbers of OLD relation r's ends (old_key reads). */
static void fetch_ends(const table *t, const kg_relation *r)
{
    kg_prefetch(&t->to_b[r->src]);
    kg_prefetch(&t->to_b[r->dst]);
}

static int table_fill(table *t, date_keys *m)
{
    const kg_graph *a = t->d->a;
    size_t n = kg_nrels(a), nslots = 64;
    while (nslots < n + n / 2 + 2)
        nslots *= 2;
    t->mask = nslots - 1;
    t->v = kg_calloc(nslots, sizeof *t->v);
    t->tail = kg_calloc(nslots, sizeof *t->tail);
    t->chain = kg_calloc(n + 1, sizeof *t->chain);
    t->date = kg_malloc((n + 1) * sizeof *t->date);
    if (!t->v || !t->tail || !t->chain || !t->date)
        return -1;
    for (size_t from = 0; from < n; from += AHEAD) {
        size_t to = n - from < AHEAD ? n : from + AHEAD;
        batch b = {.n = 0};
        for (uint32_t i = (uint32_t)from; i < to; i++)
            fetch_ends(t, kg_rel(a, i));
        for (uint32_t i = (uint32_t)from; i < to; i++) {
            if (!kg_edge_shown(a, i))
                continue;
            t->date[i] = date_in(a, kg_rel(a, i), m);
            batch_add(&b, t, old_key(t, i), i);
            kg_prefetch(&t->tail[b.h[b.n - 1] & t->mask]);
        }
        for (size_t x = 0; x < b.n; x++) {
            uint32_t i = b.at[x];
            size_t s = slot_of(t, &b.k[x], b.h[x]);
            if (t->v[s].head)
                t->chain[t->tail[s] - 1] = i + 1;
            else
                t->v[s] = (rel_slot){i + 1, b.h[x], i + 1};
            t->tail[s] = i + 1;
        }
    }
    free(t->tail);
    t->tail = NULL;
    return 0;
}

/* Fetches what looking up the batch's keys reads next, in two stages
 * (each after the last one's lines came): for a slot whose hash is the
 * key's, 0: its first OLD relation and what pairing it writes; 1: its
 * ends' NEW numbers and its date's text. */
static void batch_fetch_heads(const batch *b, const table *t,
                              const unsigned char *paired, int stage)
{
    for (size_t x = 0; x < b->n; x++) {
        const rel_slot *v = &t->v[b->h[x] & t->mask];
        if (!v->head || v->hash != b->h[x])
            continue;
        uint32_t i = v->head - 1;
        if (stage == 1) {
            fetch_ends(t, kg_rel(t->d->a, i));
            kg_prefetch(t->date[i]);
            continue;
        }
        kg_prefetch(kg_rel(t->d->a, i));
        kg_prefetch(&t->date[i]);
        if (v->cursor) {
            kg_prefetch(&t->chain[v->cursor - 1]);
            kg_prefetch(&paired[v->cursor - 1]);
        }
    }
}

static void table_free(table *t)
{
    free(t->v);
    free(t->tail);
    free(t->chain);
    free(t->date);
}

static int compare_relations(finder *f, uint32_t i, uint32_t j)
{
    const kg_relation *x = kg_rel(f->a, i), *y = kg_rel(f->b, j);
    size_t off = f->text.len;
    int differ = 0, rc = 0;
    if (!same(kg_rel_label(f->a, x), kg_rel_label(f->b, y)))
        differ = 1,
        rc = field(f, "label", kg_rel_label(f->a, x), kg_rel_label(f->b, y));
    int da = !kg_rel_undirected(f->a, i), db = !kg_rel_undirected(f->b, j);
    if (rc == 0 && da != db)
        differ = 1,
        rc = field(f, "directed", da ? "yes" : "no", db ? "yes" : "no");
    if (rc == 0)
        rc = attr_fields(f, kg_rel_attrs(f->a, x), kg_rel_attrs(f->b, y),
                         &differ);
    if (rc == 0 && differ) {
        f->counts.relations_changed++;
        return push(&f->items, CHANGED, i, j, off, f->text.len - off);
    }
    f->text.len = off;
    return rc;
}

static int compare_relation(finder *f, const uint32_t *match, uint32_t j)
{
    if (!kg_edge_shown(f->b, j))
        return 0;
    if (match[j] == KG_NONE) {
        f->counts.relations_added++;
        return push(&f->items, ADDED, KG_NONE, j, 0, 0);
    }
    return compare_relations(f, match[j], j);
}

static int diff_relations(kg_diff *d, const uint32_t *to_b)
{
    date_keys m;
    memset(&m, 0, sizeof m);
    table t = {.d = d, .to_b = to_b, .past = (uint32_t)kg_nents(d->b)};
    size_t nb = kg_nrels(d->b);
    unsigned char *paired = kg_calloc(kg_nrels(d->a) + 1, 1);
    /* zeroed, though each batch sets its own: a relation no batch
     * reached reads as a pairing (a wrong one the tests name), never
     * as garbage */
    uint32_t *match = kg_calloc(nb + 1, sizeof *match);
    int rc = paired && match && table_fill(&t, &m) == 0 ? 0 : -1;
    for (size_t from = 0; from < nb && rc == 0; from += AHEAD) {
        size_t to = nb - from < AHEAD ? nb : from + AHEAD;
        batch b = {.n = 0};
        for (uint32_t j = (uint32_t)from; j < to; j++) {
            match[j] = KG_NONE;
            if (!kg_edge_shown(d->b, j))
                continue;
            const kg_relation *r = kg_rel(d->b, j);
            batch_add(&b, &t,
                      key_of(d->b, r, r->src, r->dst, date_in(d->b, r, &m)), j);
        }
        batch_fetch_heads(&b, &t, paired, 0);
        batch_fetch_heads(&b, &t, paired, 1);
        for (size_t x = 0; x < b.n; x++) {
            size_t s = slot_of(&t, &b.k[x], b.h[x]);
            if (t.v[s].cursor) {
                uint32_t i = t.v[s].cursor - 1;
                t.v[s].cursor = t.chain[i];
                paired[i] = 1;
                match[b.at[x]] = i;
            }
        }
    }
    rc = rc || compare_all(d, &d->rels, match, nb, compare_relation);
    for (uint32_t i = 0; i < kg_nrels(d->a) && rc == 0; i++)
        if (kg_edge_shown(d->a, i) && !paired[i]) {
            d->counts.relations_removed++;
            rc = push(&d->rels, REMOVED, i, KG_NONE, 0, 0);
        }
    table_free(&t);
    free(paired);
    free(match);
    return rc;
}

/* ---- The public part ---- */

static kg_diff *diff_new(const kg_graph *before, const kg_graph *after,
                         kg_status *status);

kg_diff *kg_diff_new(const kg_graph *before, const kg_graph *after,
                     kg_status *status)
{
    kg_clock c = kg_graph_clock(after);
    kg_diff *d = diff_new(before, after, status);
    kg_graph_timed(after, c, "diff", NULL);
    return d;
}

static kg_diff *diff_new(const kg_graph *before, const kg_graph *after,
                         kg_status *status)
{
    kg_status ignored = KG_OK;
    kg_status *st = status ? status : &ignored;
    if (!before || !after || !kg_graph_resolved(before) ||
        !kg_graph_resolved(after)) {
        *st = KG_ERR_USAGE;
        return NULL;
    }
    kg_diff *d = kg_calloc(1, sizeof *d);
    uint32_t *to_b = kg_malloc((kg_nents(before) + 1) * sizeof *to_b);
    int rc = d && to_b ? 0 : -1;
    if (rc == 0) {
        d->a = before;
        d->b = after;
        kg_buf_init(&d->text);
        for (uint32_t i = 0; i < kg_nents(before); i++)
            to_b[i] = KG_NONE;
        rc = diff_entities(d, to_b) || diff_relations(d, to_b);
    }
    free(to_b);
    if (rc) {
        kg_diff_free(d);
        *st = KG_ERR_NOMEM;
        return NULL;
    }
    *st = KG_OK;
    return d;
}

void kg_diff_free(kg_diff *d)
{
    if (!d)
        return;
    free(d->ents.v);
    free(d->rels.v);
    kg_buf_free(&d->text);
    free(d);
}

kg_diff_counts kg_diff_counts_of(const kg_diff *d)
{
    return d ? d->counts : (kg_diff_counts){0};
}

/* ---- Writing the change list ---- */

static const char *const kind_name[] = {"added", "removed", "changed"};

static const kg_graph *side(const kg_diff *d, const item *x, uint32_t *i)
{
    *i = x->b != KG_NONE ? x->b : x->a;
    return x->b != KG_NONE ? d->b : d->a;
}

static const char *ent_name(const kg_graph *g, uint32_t e)
{
    return kg_ent(g, e)->name ? kg_ent(g, e)->name : kg_ent_id(g, kg_ent(g, e));
}

/* A writer of one format: the pieces each calls. */
typedef struct sink {
    kg_out *out;
    kg_diff_format fmt;
    int first; /* JSON: no comma before the next element */
} sink;

/* Text: " (s)", a type or a date after the element. */
static void in_parens(kg_out *out, const char *s)
{
    kg_out_puts(out, " (");
    kg_term_text(out, s, 0);
    kg_out_putc(out, ')');
}

/* One element's description: for an entity its id, name and type; for a
 * relation its ends, type and date. */
static void describe(sink *o, const kg_diff *d, const item *x, int rel)
{
    uint32_t i;
    const kg_graph *g = side(d, x, &i);
    const char *id, *name, *type, *src = NULL, *dst = NULL, *date = NULL;
    if (rel) {
        const kg_relation *r = kg_rel(g, i);
        id = NULL;
        src = kg_ent_id(g, kg_ent(g, r->src));
        dst = kg_ent_id(g, kg_ent(g, r->dst));
        name = NULL;
        type = kg_rel_type(g, r);
        date = date_of(g, r);
    } else {
        id = kg_ent_id(g, kg_ent(g, i));
        name = ent_name(g, i);
        type = kg_ent_type(g, kg_ent(g, i));
    }
    if (o->fmt == KG_DIFF_TEXT) {
        kg_out_puts(o->out, x->kind == ADDED     ? "+ "
                            : x->kind == REMOVED ? "- "
                                                 : "~ ");
        /* values in quotes, types and dates as running text: all of it
         * text for a terminal, so that one change is one line */
        if (rel) {
            kg_out_puts(o->out, "relation ");
            kg_term_text(o->out, src, '"');
            kg_out_puts(o->out, " -[");
            kg_term_text(o->out, type, 0);
            kg_out_puts(o->out, "]-> ");
            kg_term_text(o->out, dst, '"');
            if (date && *date)
                in_parens(o->out, date);
        } else {
            kg_out_puts(o->out, "entity ");
            kg_term_text(o->out, id, '"');
            kg_out_putc(o->out, ' ');
            kg_term_text(o->out, name, '"');
            if (type)
                in_parens(o->out, type);
        }
        kg_out_putc(o->out, '\n');
    } else if (o->fmt == KG_DIFF_JSON) {
        kg_out_puts(o->out,
                    o->first ? "\n    {\"change\": " : ",\n    {\"change\": ");
        o->first = 0;
        kg_json_text(o->out, NULL, kind_name[x->kind], 0);
        if (rel) {
            kg_out_puts(o->out, ", \"source\": ");
            kg_json_text(o->out, NULL, src, 0);
            kg_out_puts(o->out, ", \"target\": ");
            kg_json_text(o->out, NULL, dst, 0);
            kg_out_puts(o->out, ", \"type\": ");
            kg_json_text(o->out, NULL, type, 0);
            kg_out_puts(o->out, ", \"date\": ");
            kg_json_text(o->out, NULL, date, 0);
        } else {
            kg_out_puts(o->out, ", \"id\": ");
            kg_json_text(o->out, NULL, id, 0);
            kg_out_puts(o->out, ", \"name\": ");
            kg_json_text(o->out, NULL, name, 0);
            kg_out_puts(o->out, ", \"type\": ");
            kg_json_text(o->out, NULL, type, 0);
        }
        kg_out_puts(o->out, ", \"fields\": [");
    }
}

/* CSV: element, change, id, source, target, type, date, field, old, new. */
static void csv_row(sink *o, const kg_diff *d, const item *x, int rel,
                    const char *f, const char *was, const char *now)
{
    uint32_t i;
    const kg_graph *g = side(d, x, &i);
    const char *cells[10] = {rel ? "relation" : "entity", kind_name[x->kind]};
    if (rel) {
        const kg_relation *r = kg_rel(g, i);
        cells[3] = kg_ent_id(g, kg_ent(g, r->src));
        cells[4] = kg_ent_id(g, kg_ent(g, r->dst));
        cells[5] = kg_rel_type(g, r);
        cells[6] = date_of(g, r);
    } else {
        cells[2] = kg_ent_id(g, kg_ent(g, i));
        cells[5] = kg_ent_type(g, kg_ent(g, i));
    }
    cells[7] = f;
    cells[8] = was;
    cells[9] = now;
    for (int c = 0; c < 10; c++) {
        if (c)
            kg_out_putc(o->out, ',');
        kg_csv_cell(o->out, cells[c] ? cells[c] : "");
    }
    kg_out_puts(o->out, "\r\n");
}

static void write_item(sink *o, const kg_diff *d, const item *x, int rel)
{
    if (o->fmt != KG_DIFF_CSV)
        describe(o, d, x, rel);
    else if (x->kind != CHANGED)
        csv_row(o, d, x, rel, NULL, NULL, NULL);
    const char *p = x->len ? d->text.data + x->off : NULL;
    const char *end = p ? p + x->len : NULL;
    for (int k = 0; p && p < end; k++) {
        const char *f = p, *was = f + strlen(f) + 1;
        const char *now = was + strlen(was) + 1;
        p = now + strlen(now) + 1;
        if (o->fmt == KG_DIFF_TEXT) {
            kg_out_puts(o->out, "    ");
            kg_term_text(o->out, f, 0);
            kg_out_puts(o->out, ": ");
            kg_term_text(o->out, was, '"');
            kg_out_puts(o->out, " -> ");
            kg_term_text(o->out, now, '"');
            kg_out_putc(o->out, '\n');
        } else if (o->fmt == KG_DIFF_JSON) {
            kg_out_puts(o->out, k ? ", {\"field\": " : "{\"field\": ");
            kg_json_text(o->out, NULL, f, 0);
            kg_out_puts(o->out, ", \"old\": ");
            kg_json_text(o->out, NULL, was, 0);
            kg_out_puts(o->out, ", \"new\": ");
            kg_json_text(o->out, NULL, now, 0);
            kg_out_putc(o->out, '}');
        } else {
            csv_row(o, d, x, rel, f, was, now);
        }
    }
    if (o->fmt == KG_DIFF_JSON)
        kg_out_puts(o->out, "]}");
}

/* Changes in order: removed, then added, then changed (as diff -u reads:
 * what went, what came, what moved). */
static void write_list(sink *o, const kg_diff *d, const list *l, int rel)
{
    static const change order[] = {REMOVED, ADDED, CHANGED};
    for (int k = 0; k < 3; k++)
        for (size_t i = 0; i < l->n; i++)
            if (l->v[i].kind == order[k])
                write_item(o, d, &l->v[i], rel);
}

static kg_status write_diff(const kg_diff *d, FILE *f, kg_diff_format fmt);

kg_status kg_write_diff(const kg_diff *d, FILE *f, kg_diff_format fmt)
{
    kg_clock c = kg_graph_clock(d ? d->b : NULL);
    kg_status st = write_diff(d, f, fmt);
    kg_graph_timed(d ? d->b : NULL, c, "write", "diff");
    return st;
}

static kg_status write_diff(const kg_diff *d, FILE *f, kg_diff_format fmt)
{
    if (!d || !f || fmt < KG_DIFF_TEXT || fmt > KG_DIFF_JSON)
        return KG_ERR_USAGE;
    kg_out *out = kg_malloc(sizeof *out);
    if (!out)
        return kg_fail(kg_graph_diag(d->b), KG_ERR_NOMEM, "out of memory");
    kg_out_init(out, f);
    sink o = {out, fmt, 1};
    const kg_diff_counts *c = &d->counts;
    if (fmt == KG_DIFF_CSV)
        kg_out_puts(
            out, "element,change,id,source,target,type,date,field,old,new\r\n");
    if (fmt == KG_DIFF_JSON)
        kg_out_puts(out, "{\n  \"entities\": [");
    write_list(&o, d, &d->ents, 0);
    if (fmt == KG_DIFF_JSON) {
        kg_out_puts(out, d->ents.n ? "\n  ],\n  \"relations\": ["
                                   : "],\n  \"relations\": [");
        o.first = 1;
    }
    write_list(&o, d, &d->rels, 1);
    if (fmt == KG_DIFF_JSON)
        kg_out_printf(out,
                      "%s],\n  \"counts\": {\"entities_added\": %lu, "
                      "\"entities_removed\": %lu, \"entities_changed\": %lu, "
                      "\"relations_added\": %lu, \"relations_removed\": %lu, "
                      "\"relations_changed\": %lu}\n}\n",
                      d->rels.n ? "\n  " : "", c->entities_added,
                      c->entities_removed, c->entities_changed,
                      c->relations_added, c->relations_removed,
                      c->relations_changed);
    if (fmt == KG_DIFF_TEXT)
        kg_out_printf(
            out,
            "entities: %lu added, %lu removed, %lu changed; relations: "
            "%lu added, %lu removed, %lu changed\n",
            c->entities_added, c->entities_removed, c->entities_changed,
            c->relations_added, c->relations_removed, c->relations_changed);
    int failed = kg_out_flush(out) ? out->err : 0;
    free(out);
    return kg_stream_end(kg_graph_diag(d->b), f, failed);
}
