/*
 * dotread.c - cgraph reading DOT from memory, with IDs in order of first
 * appearance and names starting with '%' kept (dotread.h says why).
 */
#include "render/dotread.h"

#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/symtab.h"

/* A node whose name starts with '%', by its (odd) ID. */
typedef struct local {
    IDTYPE id;
    char *name; /* a string of the graph's (agstrdup) */
} local;

/*
 * The names of one root graph: named objects get even IDs 2, 4, 6... in
 * the order their names are first mapped, anonymous ones odd IDs, as
 * cgraph's own discipline tells them apart.  Names are found through an
 * open-addressing table of indexes.  A name starting with '%' never
 * reaches this discipline's map (cgraph takes it for a local name, gives
 * the object an anonymous ID and keeps the name only while it parses):
 * nodes so named are kept in `local`, in the order of their IDs, which
 * cgraph hands out increasing.
 */
typedef struct names {
    Agraph_t *g; /* the root: names are its strings (agstrdup) */
    char **name; /* name[i] has ID 2 * (i + 1) */
    size_t n, cap;
    uint32_t *slots; /* index + 1; 0 empty */
    size_t nslots;
    IDTYPE anon;
    local *local;
    size_t nlocal, local_cap;
} names;

static void *names_open(Agraph_t *g, Agdisc_t *disc)
{
    (void)disc;
    names *t = kg_calloc(1, sizeof *t);
    if (t) {
        t->anon = 1;
        t->g = g;
    }
    return t;
}

static int names_grow(names *t)
{
    size_t n = t->nslots ? t->nslots * 2 : 64;
    uint32_t *slots = kg_calloc(n, sizeof *slots);
    if (!slots)
        return -1;
    for (size_t i = 0; i < t->n; i++) {
        size_t j = kg_hash(t->name[i], strlen(t->name[i])) & (n - 1);
        while (slots[j])
            j = (j + 1) & (n - 1);
        slots[j] = (uint32_t)i + 1;
    }
    free(t->slots);
    t->slots = slots;
    t->nslots = n;
    return 0;
}

/* The slot of `s`, or the empty slot where it would go. */
static size_t slot_of(const names *t, const char *s)
{
    size_t j = kg_hash(s, strlen(s)) & (t->nslots - 1);
    while (t->slots[j] && strcmp(t->name[t->slots[j] - 1], s) != 0)
        j = (j + 1) & (t->nslots - 1);
    return j;
}

static long names_map(void *state, int objtype, char *str, IDTYPE *id,
                      int createflag)
{
    names *t = state;
    (void)objtype;
    if (!t)
        return 0;
    if (!str) {
        *id = t->anon;
        t->anon += 2;
        return 1;
    }
    if ((t->n + 1) * 2 > t->nslots && names_grow(t))
        return 0;
    size_t j = slot_of(t, str);
    if (!t->slots[j]) {
        if (!createflag || t->n >= UINT32_MAX - 1 ||
            kg_grow((void **)&t->name, &t->cap, t->n + 1, sizeof *t->name))
            return 0;
        /* a string of the graph's, as cgraph's own discipline keeps them:
         * agwrite asks whether a name is HTML-like (aghtmlstr) by reading
         * the header such a string has (valgrind: a malloc'd copy made
         * it read 16 bytes before the block, and names were written
         * <Cy> at random) */
        char *copy = agstrdup(t->g, str);
        if (!copy)
            return 0;
        t->name[t->n++] = copy;
        t->slots[j] = (uint32_t)t->n;
    }
    *id = (IDTYPE)t->slots[j] * 2;
    return 1;
}

static long names_alloc(void *state, int objtype, IDTYPE request)
{
    (void)state;
    (void)objtype;
    (void)request;
    return 0; /* no IDs chosen by the caller, as in cgraph's own */
}

static void names_free(void *state, int objtype, IDTYPE id)
{
    (void)state;
    (void)objtype;
    (void)id; /* names live as long as the graph */
}

/* The name of the node with odd ID `id` kept by names_register, or NULL. */
static char *local_name(const names *t, IDTYPE id)
{
    size_t lo = 0, hi = t->nlocal;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->local[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < t->nlocal && t->local[lo].id == id ? t->local[lo].name : NULL;
}

static char *names_print(void *state, int objtype, IDTYPE id)
{
    names *t = state;
    if (!t)
        return NULL;
    if (id % 2)
        return objtype == AGNODE ? local_name(t, id) : NULL;
    if (id / 2 == 0 || id / 2 > t->n)
        return NULL;
    return t->name[id / 2 - 1];
}

static void names_close(void *state)
{
    names *t = state;
    if (!t)
        return;
    /* the names go with the graph's strings (agstrclose) */
    free(t->name);
    free(t->slots);
    free(t->local);
    free(t);
}

/*
 * A node just made: when its name starts with '%', its ID is odd and the
 * name, still in cgraph's map of local names, is kept here for
 * names_print.  Without it agnameof makes "%<ID>" in a static buffer,
 * and agwrite and the plain writer ask whether that is an HTML-like
 * string (aghtmlstr) by reading the 16 bytes before the buffer, which
 * hold an address: Graphviz wrote the node <%1> or "%1" at random, by
 * where ASLR put the heap.  Out of memory, the node keeps that name.
 */
static void names_register(void *state, int objtype, void *obj)
{
    names *t = state;
    IDTYPE id = AGID(obj);
    if (!t || objtype != AGNODE || id % 2 == 0)
        return;
    if (t->nlocal && t->local[t->nlocal - 1].id >= id)
        return; /* not increasing: cgraph's IDs never come so */
    char *name = agnameof(obj);
    if (!name || kg_grow((void **)&t->local, &t->local_cap, t->nlocal + 1,
                         sizeof *t->local))
        return;
    char *copy = agstrdup(t->g, name);
    if (copy)
        t->local[t->nlocal++] = (local){id, copy};
}

static Agiddisc_t in_order = {names_open,    names_map,   names_alloc,
                              names_free,    names_print, names_close,
                              names_register};

/* Reading from memory, a line at a time as agmemread does. */
typedef struct text {
    const char *s;
    size_t at, len;
} text;

static int text_read(void *chan, char *buf, int bufsize)
{
    text *t = chan;
    int n = 0;
    while (n < bufsize && t->at < t->len) {
        char c = t->s[t->at++];
        buf[n++] = c;
        if (c == '\n')
            break;
    }
    return n;
}

/* (Writing goes through the renderer, which sets its own.) */
static Agiodisc_t from_text = {text_read, NULL, NULL};

static Agdisc_t disc = {&AgMemDisc, &in_order, &from_text};

Agraph_t *kg_dot_read(const char *dot)
{
    text t = {dot, 0, strlen(dot)};
    return agread(&t, &disc);
}
