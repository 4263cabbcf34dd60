/*
 * store.c - the graph store: interned strings, files, entities, relations,
 * their attribute and alias lists, and the side tables of the few
 * relations that have more than a row (graph.h, store_int.h).
 */
#include "graph/store_int.h"

#include <stdlib.h>
#include <string.h>

#include "rules/dot.h"
#include "rules/link.h"
#include "rules/presentation.h"
#include "util/utf8.h"

/* There are millions of both: a change of size is a change of peak
 * memory (tests/bench/README.md). */
_Static_assert(sizeof(kg_relation) == 16, "a relation is 16 bytes");
_Static_assert(sizeof(kg_entity) == 32, "an entity is 32 bytes");

/* ---- Symbols ---- */

/* The entity table follows the symbols. */
static uint32_t sym_created(kg_graph *g, uint32_t y, int created)
{
    if (y == KG_NONE || !created)
        return y;
    if (kg_vec_grow((void **)&g->sym_entity, &g->sym_entity_cap, g->v.syms.n,
                    sizeof *g->sym_entity))
        return KG_NONE;
    g->sym_entity[y] = KG_NONE;
    return y;
}

/* The arena, once a batch of ends in flight (which adds to it) is in. */
static kg_arena *arena(kg_graph *g)
{
    kg_graph_ends_wait(g);
    return &g->arena;
}

uint32_t kg_sym_intern(kg_graph *g, const char *s, size_t len)
{
    int created;
    kg_graph_ends_wait(g); /* its symbols come first */
    uint32_t y = kg_symtab_intern(&g->v.syms, &g->arena, s, len, &created);
    return sym_created(g, y, created);
}

uint32_t kg_sym_entity(const kg_graph *g, uint32_t y)
{
    return y == KG_NONE ? KG_NONE : g->sym_entity[y];
}

const char *kg_intern(kg_graph *g, const char *s, size_t len)
{
    uint32_t y = kg_sym_intern(g, s, len);
    return y == KG_NONE ? NULL : g->v.syms.syms[y].s;
}

/* Starts fetching what interning a string of hash h will touch. */
void kg_graph_prefetch(const kg_graph *g, uint32_t h, int stage)
{
    if (!g->ends.busy) /* (the slots are the ends' thread's) */
        kg_symtab_prefetch(&g->v.syms, h, stage);
}

/* ---- Files ---- */

uint32_t kg_graph_add_file(kg_graph *g, const char *path)
{
    if (g->nfiles >= KG_NONE || kg_grow((void **)&g->files, &g->files_cap,
                                        g->nfiles + 1, sizeof *g->files))
        return KG_NONE;
    const char *copy = kg_arena_strndup(arena(g), path, strlen(path));
    if (!copy)
        return KG_NONE;
    g->files[g->nfiles] = copy;
    return (uint32_t)g->nfiles++;
}

const char *kg_loc_file(const kg_graph *g, kg_loc loc)
{
    return loc.file < g->nfiles ? g->files[loc.file] : "<api>";
}

size_t kg_graph_nfiles(const kg_graph *g)
{
    return g->nfiles;
}

const char *kg_graph_file(const kg_graph *g, size_t i)
{
    return i < g->nfiles ? g->files[i] : NULL;
}

int kg_graph_seen_file(kg_graph *g, unsigned long long dev,
                       unsigned long long ino, uint32_t file, uint32_t *seen)
{
    for (size_t i = 0; i < g->nfile_ids; i++)
        if (g->file_ids[i].dev == dev && g->file_ids[i].ino == ino) {
            *seen = g->file_ids[i].file;
            return 1;
        }
    if (kg_grow((void **)&g->file_ids, &g->file_ids_cap, g->nfile_ids + 1,
                sizeof *g->file_ids))
        return -1;
    g->file_ids[g->nfile_ids++] = (struct kg_file_id){dev, ino, file};
    return 0;
}

/* ---- Attributes ---- */

/* ---- Long lists ---- */

/* An entity may have hundreds of thousands of rows, names or values (a
 * leaked table with one id on every row): its list of items is then
 * indexed (graph.h), where walking it for every addition was quadratic
 * (400,000 rows of one id took 5 minutes). */
enum { KG_LONG_LIST = 64 };

static uint32_t mix(uint64_t x)
{
    x *= 0x9E3779B97F4A7C15ull;
    return (uint32_t)(x >> 32);
}

static size_t long_list_slot(const kg_graph *g, uint32_t first)
{
    size_t j = mix(first) & (g->long_lists_slots - 1);
    while (g->long_lists[j].first && g->long_lists[j].first != first)
        j = (j + 1) & (g->long_lists_slots - 1);
    return j;
}

/* The index of the list that starts at item `first`, or NULL. */
static struct kg_long_list *long_list(const kg_graph *g, uint32_t first)
{
    if (!g->long_lists_slots || !first)
        return NULL;
    struct kg_long_list *l = &g->long_lists[long_list_slot(g, first)];
    return l->first && l->tail ? l : NULL;
}

static uint32_t item_hash(uint32_t gen, const char *key, const char *value,
                          size_t len)
{
    return mix(gen ^ (uint64_t)(uintptr_t)key << 16) ^ kg_hash(value, len);
}

static int long_add(kg_graph *g, uint32_t gen, uint32_t item, uint32_t hash);

/* The hash of item (index + 1) in the index of list `gen`. */
static uint32_t long_item_hash(const kg_graph *g, uint32_t gen, uint32_t item)
{
    const kg_attr *a = &g->v.attrs[item - 1];
    return item_hash(gen, a->key, a->value, strlen(a->value));
}

static int grow_long_items(kg_graph *g)
{
    if ((g->nlong_items + 1) * 2 <= g->long_items_slots)
        return 0;
    struct kg_long_item *old = g->long_items;
    size_t nold = g->long_items_slots;
    size_t n = nold ? nold * 2 : 1024;
    g->long_items = kg_calloc(n, sizeof *g->long_items);
    if (!g->long_items) {
        g->long_items = old;
        return -1;
    }
    g->long_items_slots = n;
    g->nlong_items = 0;
    for (size_t i = 0; i < nold; i++)
        if (old[i].item)
            long_add(g, old[i].gen, old[i].item, old[i].hash);
    free(old);
    return 0;
}

static int long_add(kg_graph *g, uint32_t gen, uint32_t item, uint32_t hash)
{
    if (grow_long_items(g))
        return -1;
    size_t j = hash & (g->long_items_slots - 1);
    while (g->long_items[j].item)
        j = (j + 1) & (g->long_items_slots - 1);
    g->long_items[j] = (struct kg_long_item){item, gen, hash};
    g->nlong_items++;
    return 0;
}

/* Whether the indexed list l has an item (key, value[0..len)). */
static int long_has(const kg_graph *g, const struct kg_long_list *l,
                    const char *key, const char *value, size_t len)
{
    uint32_t h = item_hash(l->gen, key, value, len);
    size_t j = h & (g->long_items_slots - 1);
    for (; g->long_items[j].item; j = (j + 1) & (g->long_items_slots - 1)) {
        const kg_attr *a = &g->v.attrs[g->long_items[j].item - 1];
        if (g->long_items[j].hash == h && g->long_items[j].gen == l->gen &&
            a->key == key && strncmp(a->value, value, len) == 0 &&
            a->value[len] == '\0')
            return 1;
    }
    return 0;
}

/* Indexes the list that starts at `first` and ends at `tail`. */
static int make_long(kg_graph *g, uint32_t first, uint32_t tail)
{
    if ((g->nlong_lists + 1) * 2 > g->long_lists_slots) {
        struct kg_long_list *old = g->long_lists;
        size_t nold = g->long_lists_slots, n = nold ? nold * 2 : 64;
        g->long_lists = kg_calloc(n, sizeof *g->long_lists);
        if (!g->long_lists) {
            g->long_lists = old;
            return -1;
        }
        g->long_lists_slots = n;
        for (size_t i = 0; i < nold; i++)
            if (old[i].first)
                g->long_lists[long_list_slot(g, old[i].first)] = old[i];
        free(old);
    }
    size_t j = long_list_slot(g, first);
    g->nlong_lists += !g->long_lists[j].first;
    uint32_t gen = ++g->long_gen;
    g->long_lists[j] = (struct kg_long_list){first, tail, gen};
    for (uint32_t i = first; i; i = g->v.attrs[i - 1].next)
        if (long_add(g, gen, i, long_item_hash(g, gen, i)))
            return -1;
    return 0;
}

/* Forgets the index of the list that starts at `first` (its items were
 * unlinked); it is made again when the list is walked long again. */
static void forget_long(kg_graph *g, uint32_t first)
{
    struct kg_long_list *l = long_list(g, first);
    if (l)
        l->tail = 0;
}

/* Appends an item to the list that starts at *head. */
static int push_item(kg_graph *g, uint32_t *head, const char *key,
                     const char *value)
{
    if (g->nattrs >= KG_NONE - 1 ||
        kg_vec_grow((void **)&g->v.attrs, &g->attrs_cap, g->nattrs + 1,
                    sizeof *g->v.attrs))
        return -1;
    g->v.attrs[g->nattrs] = (kg_attr){key, value, 0};
    uint32_t idx = (uint32_t)++g->nattrs;
    struct kg_long_list *l = long_list(g, *head);
    if (l) {
        g->v.attrs[l->tail - 1].next = idx;
        l->tail = idx;
        return long_add(g, l->gen, idx, long_item_hash(g, l->gen, idx));
    }
    uint32_t *link = head, steps = 0; /* most lists are short: walk */
    while (*link) {
        link = &g->v.attrs[*link - 1].next;
        steps++;
    }
    *link = idx;
    return steps >= KG_LONG_LIST ? make_long(g, *head, idx) : 0;
}

/* Lists are short (a row's columns), so a plain scan beats hashing. */
const char *kg_attr_get(const kg_graph *g, kg_list l, const char *key)
{
    kg_attr_it it;
    for (kg_attr_begin(g, l, &it); kg_attr_step(&it);)
        if (strcmp(it.key, key) == 0)
            return it.value;
    return NULL;
}

size_t kg_graph_ncolsets(const kg_graph *g)
{
    return g->ncolsets;
}

uint32_t kg_graph_add_colset(kg_graph *g, const char *const *keys, uint32_t n)
{
    if (kg_grow((void **)&g->v.colsets, &g->colsets_cap, g->ncolsets + 1,
                sizeof *g->v.colsets))
        return KG_NONE;
    const char **copy = kg_arena_alloc(arena(g), (n ? n : 1) * sizeof *copy);
    if (!copy)
        return KG_NONE;
    memcpy(copy, keys, n * sizeof *copy);
    g->v.colsets[g->ncolsets] = (kg_colset){copy, n};
    return (uint32_t)g->ncolsets++;
}

static int set_ent_cols(kg_graph *g, uint32_t e, uint32_t cols);

void kg_graph_check_cells(kg_graph *g, const char *cells, size_t len,
                          kg_loc loc)
{
    if (!len || kg_dot_plain(cells, len)) /* nearly every row: one look */
        return;
    for (const char *p = cells, *end = cells + len; p < end;) {
        size_t n = strlen(p);
        if (n)
            kg_graph_check_text(g, p, n, loc, 0);
        p += n + 1;
    }
}

int kg_graph_entity_cells(kg_graph *g, uint32_t e, const char *cells,
                          size_t len, uint32_t cols, kg_loc loc)
{
    const char *copy = kg_arena_copy(arena(g), cells, len);
    if (!copy)
        return -1;
    kg_graph_check_cells(g, cells, len, loc);
    /* the colset of the first cells given in a run describes the run's;
     * cells from another file are the odd ones, their colset kept aside */
    kg_rel_run *run = (kg_rel_run *)kg_run_of(g->v.ent_runs, g->v.nent_runs, e);
    if (run->cols == KG_NONE)
        run->cols = cols;
    if (run->cols != cols && set_ent_cols(g, e, cols))
        return -1;
    g->v.ents[e].cells = copy;
    return 0;
}

/* ---- What DOT cannot carry ---- */

void kg_graph_check_text(kg_graph *g, const char *s, size_t len, kg_loc loc,
                         int is_id)
{
    const char *file = kg_loc_file(g, loc);
    if (is_id && len && s[0] == '%')
        kg_warn(&g->diag, "percent-id", file, loc.line, 0,
                "the id %s starts with '%%', which Graphviz keeps for "
                "nameless nodes: Graphviz tools will call this node "
                "'%%N' (its label still shows the id)",
                kg_q(&g->diag, s));
    if (!kg_dot_exact(s, len))
        kg_warn(&g->diag, "dot-inexact", file, loc.line, 0,
                "%s cannot be written exactly in DOT (Graphviz has no "
                "way to write an odd run of backslashes before a quote "
                "or line end together with unbalanced '<' '>'); it is "
                "written with one more backslash",
                kg_q(&g->diag, s));
}

const char *kg_attr_find_ci(const kg_graph *g, kg_list l, const char *key)
{
    kg_attr_it it;
    for (kg_attr_begin(g, l, &it); kg_attr_step(&it);)
        if (kg_ascii_casecmp(it.key, key) == 0)
            return it.value;
    return NULL;
}

/* A relation's line byte is all difference; an entity's the low six
 * bits, the top two its flags (kg_ent_flag_bits). */
enum { KG_REL_FAR = 255, KG_ENT_FAR = 63 };

uint32_t kg_rel_line(const kg_graph *g, uint32_t i)
{
    return kg_lines_get(&g->rel_lines, i, KG_REL_FAR);
}

uint32_t kg_ent_line(const kg_graph *g, uint32_t e)
{
    return kg_lines_get(&g->ent_lines, e, KG_ENT_FAR);
}

void kg_graph_flag_entity(kg_graph *g, uint32_t e, uint32_t flags)
{
    g->ent_lines.d[e] |= kg_ent_flag_bits(flags);
}

int kg_ent_identified(const kg_graph *g, uint32_t e)
{
    return (g->ent_lines.d[e] & kg_ent_flag_bits(KG_ENT_IDENTIFIED)) != 0;
}

int kg_ent_unknown(const kg_graph *g, uint32_t e)
{
    return (g->ent_lines.d[e] & kg_ent_flag_bits(KG_ENT_UNKNOWN)) != 0;
}

/* ---- Entities ---- */

/* Room for item n of a big array filled in order (v.ents, v.rels), with
 * its next pages asked for ahead (util/ahead.h): the array moves only once
 * no helper faults its pages in.  0, or -1 when out of memory. */
static int grow_ahead(kg_graph *g, void **arr, size_t *cap, size_t n,
                      size_t size)
{
    if (n >= *cap) {
        kg_ahead_quiet(&g->ahead);
        if (kg_vec_grow_to(arr, cap, n + 1, size))
            return -1;
    }
    kg_ahead_array(&g->ahead, *arr, n * size, size, *cap * size);
    return 0;
}

uint32_t kg_graph_entity(kg_graph *g, const char *id, size_t len, kg_loc loc,
                         int *created)
{
    *created = 0;
    uint32_t y = kg_sym_intern(g, id, len);
    if (y == KG_NONE)
        return KG_NONE;
    if (g->sym_entity[y] != KG_NONE)
        return g->sym_entity[y];
    if (g->v.nents >= KG_NONE - 1 ||
        grow_ahead(g, (void **)&g->v.ents, &g->ents_cap, g->v.nents,
                   sizeof *g->v.ents) ||
        kg_lines_set(&g->ent_lines, (uint32_t)g->v.nents,
                     loc.line < KG_ENT_LINE ? loc.line : KG_ENT_LINE,
                     KG_ENT_FAR))
        return KG_NONE;
    const kg_rel_run *last =
        g->v.nent_runs ? &g->v.ent_runs[g->v.nent_runs - 1] : NULL;
    if (!last || last->file != loc.file) {
        if (kg_grow((void **)&g->v.ent_runs, &g->ent_runs_cap,
                    g->v.nent_runs + 1, sizeof *g->v.ent_runs))
            return KG_NONE;
        /* kg_grow made room (the analyzer does not look into util.c) */
        /* NOLINTNEXTLINE(clang-analyzer-core.NullDereference) */
        g->v.ent_runs[g->v.nent_runs++] =
            (kg_rel_run){(uint32_t)g->v.nents, loc.file, KG_NONE};
    }
    if (g->v.roots) {
        if (kg_vec_grow((void **)&g->v.roots, &g->roots_cap, g->v.nents + 1,
                        sizeof *g->v.roots))
            return KG_NONE;
        g->v.roots[g->v.nents] = (uint32_t)g->v.nents;
    }
    kg_entity *e = &g->v.ents[g->v.nents];
    memset(e, 0, sizeof *e);
    e->id_sym = y;
    e->type = KG_NONE;
    kg_graph_check_text(g, id, len, loc, 1);
    g->sym_entity[y] = (uint32_t)g->v.nents;
    *created = 1;
    return (uint32_t)g->v.nents++;
}

/* Warns that `what` of entity e was given twice, differently. */
static void conflict(kg_graph *g, const kg_entity *e, const char *what,
                     const char *kept, kg_loc kept_loc, const char *other,
                     kg_loc loc)
{
    kg_warn(&g->diag, "conflict", kg_loc_file(g, loc), loc.line, 0,
            "conflicting %s for %s: %s here, %s at %s:%lu; keeping the "
            "first",
            what, kg_q(&g->diag, kg_ent_id(g, e)), kg_q(&g->diag, other),
            kg_q(&g->diag, kept), kg_loc_file(g, kept_loc),
            (unsigned long)kept_loc.line);
}

uint32_t kg_graph_root(const kg_graph *g, uint32_t e)
{
    if (g->v.roots)
        while (g->v.roots[e] != e)
            e = g->v.roots[e];
    return e;
}

int kg_graph_set_root(kg_graph *g, uint32_t e, uint32_t root)
{
    uint32_t *roots = g->v.roots;
    if (!roots) { /* the first merge: every entity its own root */
        if (root == e)
            return 0;
        if (kg_vec_grow((void **)&g->v.roots, &g->roots_cap, g->v.nents,
                        sizeof *g->v.roots) ||
            !(roots = g->v.roots))
            return -1;
        for (size_t i = 0; i < g->v.nents; i++)
            roots[i] = (uint32_t)i;
    }
    roots[e] = root;
    return 0;
}

/* ---- Where a name or type came from ---- */

static size_t ent_loc_slot(const kg_graph *g, uint32_t e)
{
    size_t mask = g->ent_locs_slots - 1;
    size_t j = (e * 0x9E3779B9u) & mask;
    while (g->ent_locs[j].e && g->ent_locs[j].e != e + 1)
        j = (j + 1) & mask;
    return j;
}

static const struct kg_ent_locs *ent_locs_of(const kg_graph *g, uint32_t e)
{
    if (!g->nent_locs)
        return NULL;
    const struct kg_ent_locs *x = &g->ent_locs[ent_loc_slot(g, e)];
    return x->e ? x : NULL;
}

kg_loc kg_ent_name_loc(const kg_graph *g, uint32_t e)
{
    const struct kg_ent_locs *x = ent_locs_of(g, e);
    return x ? x->name : kg_ent_loc(g, &g->v.ents[e]);
}

kg_loc kg_ent_type_loc(const kg_graph *g, uint32_t e)
{
    const struct kg_ent_locs *x = ent_locs_of(g, e);
    return x ? x->type : kg_ent_loc(g, &g->v.ents[e]);
}

uint32_t kg_ent_odd_cols(const kg_graph *g, uint32_t i)
{
    const struct kg_ent_locs *x = ent_locs_of(g, i);
    return x && x->cols != KG_NONE
               ? x->cols
               : kg_run_of(g->v.ent_runs, g->v.nent_runs, i)->cols;
}

static int grow_ent_locs(kg_graph *g)
{
    size_t old = g->ent_locs_slots, n = old ? old * 2 : 64;
    struct kg_ent_locs *was = g->ent_locs;
    g->ent_locs = kg_calloc(n, sizeof *g->ent_locs);
    if (!g->ent_locs) {
        g->ent_locs = was;
        return -1;
    }
    g->ent_locs_slots = n;
    for (size_t i = 0; i < old; i++)
        if (was[i].e)
            g->ent_locs[ent_loc_slot(g, was[i].e - 1)] = was[i];
    free(was);
    return 0;
}

/* Records that the name (or type) of e came from `loc`: kept only when
 * that is not e's first row. */
/* Entity e's entry, made when it has none (its places its first row);
 * NULL when out of memory. */
static struct kg_ent_locs *ent_locs_at(kg_graph *g, uint32_t e)
{
    struct kg_ent_locs *x = (struct kg_ent_locs *)ent_locs_of(g, e);
    if (x)
        return x;
    kg_loc first = kg_ent_loc(g, &g->v.ents[e]);
    if ((g->nent_locs + 1) * 2 > g->ent_locs_slots && grow_ent_locs(g))
        return NULL;
    x = &g->ent_locs[ent_loc_slot(g, e)];
    *x = (struct kg_ent_locs){e + 1, first, first, KG_NONE};
    g->nent_locs++;
    return x;
}

static int set_ent_loc(kg_graph *g, uint32_t e, int type, kg_loc loc)
{
    kg_loc first = kg_ent_loc(g, &g->v.ents[e]);
    if (!ent_locs_of(g, e) && loc.file == first.file && loc.line == first.line)
        return 0;
    struct kg_ent_locs *x = ent_locs_at(g, e);
    if (!x)
        return -1;
    if (type)
        x->type = loc;
    else
        x->name = loc;
    return 0;
}

/* Keeps aside the colset of entity e's cells (not its run's). */
static int set_ent_cols(kg_graph *g, uint32_t e, uint32_t cols)
{
    struct kg_ent_locs *x = ent_locs_at(g, e);
    if (!x)
        return -1;
    g->v.nodd_cols += x->cols == KG_NONE;
    x->cols = cols;
    return 0;
}

int kg_graph_set_name(kg_graph *g, uint32_t e, const char *name, size_t len,
                      kg_loc loc)
{
    kg_entity *ent = &g->v.ents[e];
    if (!ent->name) {
        ent->name = kg_arena_strndup(arena(g), name, len);
        return ent->name ? set_ent_loc(g, e, 0, loc) : -1;
    }
    if (strlen(ent->name) == len && memcmp(ent->name, name, len) == 0)
        return 0;
    return kg_graph_add_alias(g, e, name, len, loc); /* another name */
}

const char kg_unknown_type[] = "unknown";

const char *kg_ent_group(const kg_graph *g, uint32_t e, const char *attr)
{
    const kg_entity *x = &g->v.ents[e];
    if (strcmp(attr, "type") == 0)
        return kg_ent_type(g, x);
    kg_list l = kg_ent_attrs(g, x);
    const char *v = kg_attr_get(g, l, attr);
    return v ? v : kg_attr_find_ci(g, l, attr);
}

int kg_graph_mark_untyped(kg_graph *g, uint32_t e)
{
    size_t old = g->v.untyped_cap;
    if (e >= old) {
        size_t cap = old ? old : 1024;
        while (cap <= e)
            cap *= 2;
        unsigned char *u = kg_realloc(g->v.untyped, cap);
        if (!u)
            return -1;
        memset(u + old, 0, cap - old);
        g->v.untyped = u;
        g->v.untyped_cap = cap;
    }
    g->v.untyped[e] = 1;
    return 0;
}

/* kg_sym_intern for a type, found in the memo (type_memo.h) when it can
 * be; *slot is its place there. */
static uint32_t type_sym(kg_graph *g, const char *type, size_t len,
                         size_t *slot)
{
    uint32_t t = kg_type_memo_find(&g->types, &g->v.syms, type, len, slot);
    if (t != KG_NONE)
        return t;
    if ((t = kg_sym_intern(g, type, len)) != KG_NONE)
        kg_type_memo_put(&g->types, *slot, t, len);
    return t;
}

/* kg_graph_check_text of a type: once, for a type found exact (the check
 * would say nothing again). */
static void check_type(kg_graph *g, const char *type, size_t len, kg_loc loc,
                       size_t slot)
{
    if (kg_type_memo_exact(&g->types, slot))
        return;
    kg_graph_check_text(g, type, len, loc, 0);
    kg_type_memo_set_exact(&g->types, slot, kg_dot_exact(type, len));
}

int kg_graph_set_type(kg_graph *g, uint32_t e, const char *type, size_t len,
                      kg_loc loc)
{
    size_t slot;
    uint32_t t = type_sym(g, type, len, &slot);
    if (t == KG_NONE)
        return -1;
    kg_entity *ent = &g->v.ents[e];
    if (ent->type == KG_NONE && !kg_ent_unknown(g, e))
        check_type(g, type, len, loc, slot);
    if (ent->type == KG_NONE) {
        ent->type = t;
        return set_ent_loc(g, e, 1, loc);
    }
    if (ent->type != t)
        conflict(g, ent, "type", kg_ent_type(g, ent), kg_ent_type_loc(g, e),
                 g->v.syms.syms[t].s, loc);
    return 0;
}

/* Whether list l has key=value already. */
static int list_has(const kg_graph *g, kg_list l, const char *key,
                    const char *value, size_t len)
{
    const struct kg_long_list *index = long_list(g, l.head);
    if (index) { /* the cells by a walk, the items by their index */
        if (long_has(g, index, key, value, len))
            return 1;
        l.head = 0;
    }
    kg_attr_it it;
    for (kg_attr_begin(g, l, &it); kg_attr_step(&it);)
        if (it.key == key && strncmp(it.value, value, len) == 0 &&
            it.value[len] == '\0')
            return 1;
    return 0;
}

/* Adds key=value (key interned or NULL) to *l unless it is there. */
static int add_value(kg_graph *g, kg_list *l, const char *key,
                     const char *value, size_t len, kg_loc loc)
{
    if (list_has(g, *l, key, value, len))
        return 0;
    char *v = kg_arena_strndup(arena(g), value, len);
    if (!v)
        return -1;
    kg_graph_check_text(g, value, len, loc, 0);
    return push_item(g, &l->head, key, v);
}

int kg_graph_entity_attr(kg_graph *g, uint32_t e, const char *key,
                         const char *value, size_t len, kg_loc loc)
{
    kg_list l = kg_ent_attrs(g, &g->v.ents[e]);
    int rc = add_value(g, &l, key, value, len, loc);
    g->v.ents[e].head = l.head;
    return rc;
}

int kg_graph_add_alias(kg_graph *g, uint32_t e, const char *alias, size_t len,
                       kg_loc loc)
{
    const char *a = kg_intern(g, alias, len);
    if (!a)
        return -1;
    kg_entity *ent = &g->v.ents[e];
    if (a == kg_ent_id(g, ent) || (ent->name && strcmp(a, ent->name) == 0))
        return 0;
    if (list_has(g, (kg_list){NULL, 0, ent->aliases}, NULL, a, strlen(a)))
        return 0;
    kg_graph_check_text(g, alias, len, loc, 0);
    return push_item(g, &g->v.ents[e].aliases, NULL, a);
}

/* ---- Relations ---- */

void kg_graph_ends_wait(kg_graph *g)
{
    const kg_end_batch *b = kg_ends_join(&g->ends);
    if (!b)
        return;
    for (size_t y = b->first; y < g->v.syms.n; y++) /* room: hand_on */
        g->sym_entity[y] = KG_NONE;
    for (size_t i = 0; i < b->n; i++) {
        const kg_end *x = &b->items[i];
        if (x->dst)
            g->v.rels[x->rel].dst = x->sym;
        else
            g->v.rels[x->rel].src = x->sym;
    }
}

/* Hands the queued ends on (behind: to the ends' thread, when there is
 * one), once those before are in.  0, or -1 when out of memory. */
static int hand_on(kg_graph *g, int behind)
{
    kg_graph_ends_wait(g);
    size_t need = g->v.syms.n + kg_ends_queued(&g->ends);
    if (kg_ends_failed(&g->ends) ||
        kg_vec_grow((void **)&g->sym_entity, &g->sym_entity_cap, need,
                    sizeof *g->sym_entity) ||
        kg_ends_start(&g->ends, &g->v.syms, &g->arena, behind))
        return -1;
    return 0;
}

int kg_graph_flush_ends(kg_graph *g)
{
    int rc = hand_on(g, 0);
    kg_graph_ends_wait(g);
    if (kg_ends_failed(&g->ends))
        rc = -1;
    kg_graph_release_tails(g);
    return rc;
}

void kg_graph_release_tails(kg_graph *g)
{
    kg_graph_ends_wait(g);
    kg_ahead_quiet(&g->ahead); /* no page of theirs faulted in after */
    kg_vec_release_tail(g->v.ents, g->ents_cap, g->v.nents, sizeof *g->v.ents);
    kg_vec_release_tail(g->ent_lines.d, g->ent_lines.d_cap, g->v.nents, 1);
    kg_vec_release_tail(g->v.rels, g->rels_cap, g->v.nrels, sizeof *g->v.rels);
    kg_vec_release_tail(g->v.attrs, g->attrs_cap, g->nattrs,
                        sizeof *g->v.attrs);
    kg_vec_release_tail(g->sym_entity, g->sym_entity_cap, g->v.syms.n,
                        sizeof *g->sym_entity);
    if (g->v.roots)
        kg_vec_release_tail(g->v.roots, g->roots_cap, g->v.nents,
                            sizeof *g->v.roots);
    kg_vec_release_tail(g->rel_lines.d, g->rel_lines.d_cap, g->v.nrels, 1);
    kg_symtab_release_tail(&g->v.syms);
    kg_arena_release_tail(&g->arena);
    if (g->cell_cur > 1) /* the first page is malloc's, the others maps */
        kg_big_release_tail(g->v.cell_pages[g->cell_cur - 1], g->cell_used,
                            KG_CELL_PAGE);
}

/* Relation ends are interned in batches (kg_graph_flush_ends): one at a
 * time, each waits for three cache misses in a table of millions. */
enum { BATCH = 1 << 14 };

static int add_run(kg_graph *g, uint32_t first, uint32_t file, uint32_t cols)
{
    if (kg_grow((void **)&g->v.rel_runs, &g->rel_runs_cap, g->v.nrel_runs + 1,
                sizeof *g->v.rel_runs))
        return -1;
    /* kg_grow made room (the analyzer does not look into util.c) */
    /* NOLINTNEXTLINE(clang-analyzer-core.NullDereference) */
    g->v.rel_runs[g->v.nrel_runs++] = (kg_rel_run){first, file, cols};
    return 0;
}

int kg_graph_relation_cells(kg_graph *g, uint32_t r, uint32_t cells,
                            uint32_t cols)
{
    kg_rel_run *run = &g->v.rel_runs[g->v.nrel_runs - 1];
    if (run->cols == KG_NONE)
        run->cols = cols;
    else if (run->cols != cols && add_run(g, r, run->file, cols))
        return -1;
    g->v.rels[r].cells = cells;
    return 0;
}

int kg_graph_relation_undirected(kg_graph *g, uint32_t r)
{
    if (r >= g->v.nundirected) {
        if (kg_grow((void **)&g->v.undirected, &g->undirected_cap, r + 1, 1))
            return -1;
        memset(g->v.undirected + g->v.nundirected, 0, r + 1 - g->v.nundirected);
        g->v.nundirected = r + 1;
    }
    g->v.undirected[r] = 1;
    return 0;
}

uint32_t kg_graph_relation(kg_graph *g, const char *src, size_t src_len,
                           const char *dst, size_t dst_len, kg_loc loc)
{
    if (g->v.nrels >= KG_NONE ||
        grow_ahead(g, (void **)&g->v.rels, &g->rels_cap, g->v.nrels,
                   sizeof *g->v.rels))
        return KG_NONE;
    uint32_t i = (uint32_t)g->v.nrels;
    if (kg_ends_queue(&g->ends, i, 0, src, src_len) ||
        kg_ends_queue(&g->ends, i, 1, dst, dst_len))
        return KG_NONE;
    const kg_rel_run *last =
        g->v.nrel_runs ? &g->v.rel_runs[g->v.nrel_runs - 1] : NULL;
    if ((!last || last->file != loc.file) && add_run(g, i, loc.file, KG_NONE))
        return KG_NONE;
    if (kg_lines_set(&g->rel_lines, i,
                     loc.line < KG_REL_LINE_MAX ? loc.line : KG_REL_LINE_MAX,
                     KG_REL_FAR))
        return KG_NONE;
    kg_relation *r = &g->v.rels[i];
    memset(r, 0, sizeof *r);
    r->src = r->dst = KG_NONE;
    r->type = KG_NONE;
    g->v.nrels++;
    if (kg_ends_queued(&g->ends) >= BATCH && hand_on(g, 1))
        return KG_NONE;
    return i;
}

int kg_graph_relation_type(kg_graph *g, uint32_t r, const char *type,
                           size_t len)
{
    size_t slot;
    uint32_t t = type_sym(g, type, len, &slot);
    if (!kg_type_memo_exact(&g->types, slot)) /* (usually it is) */
        check_type(g, type, len, kg_rel_loc(g, &g->v.rels[r]), slot);
    g->v.rels[r].type = t;
    return t != KG_NONE ? 0 : -1;
}

/* ---- What few relations have ---- */

/* The slot of relation r in rel_more_slots, or the empty one where it
 * would go. */
static size_t more_slot(const kg_graph *g, uint32_t r)
{
    size_t mask = g->rel_more_nslots - 1;
    size_t j = (r * 0x9E3779B1u) & mask;
    for (uint32_t v; (v = g->rel_more_slots[j]) && g->rel_more[v - 1].rel != r;)
        j = (j + 1) & mask;
    return j;
}

const kg_rel_more *kg_rel_more_find(const kg_graph *g, const kg_relation *r)
{
    uint32_t i = (uint32_t)(r - g->v.rels);
    uint32_t v = g->rel_more_nslots ? g->rel_more_slots[more_slot(g, i)] : 0;
    return v ? &g->rel_more[v - 1] : NULL;
}

uint32_t kg_rel_more_head(const kg_graph *g, const kg_relation *r)
{
    const kg_rel_more *m = kg_rel_more_find(g, r);
    return m ? m->head : 0;
}

const char *kg_rel_more_label(const kg_graph *g, const kg_relation *r)
{
    const kg_rel_more *m = kg_rel_more_find(g, r);
    return m ? m->label : NULL;
}

const char *kg_rel_more_end_type(const kg_graph *g, const kg_relation *r,
                                 int dst)
{
    const kg_rel_more *m = kg_rel_more_find(g, r);
    if (!m)
        return NULL;
    return dst ? m->dst_type : m->src_type;
}

int kg_graph_has_rel_items(const kg_graph *g)
{
    return g->nrel_more != 0;
}

static int more_rehash(kg_graph *g)
{
    size_t n = g->rel_more_nslots ? g->rel_more_nslots * 2 : 64;
    uint32_t *slots = kg_big_calloc(n * sizeof *slots);
    if (!slots)
        return -1;
    kg_big_free(g->rel_more_slots, g->rel_more_nslots * sizeof *slots);
    g->rel_more_slots = slots;
    g->rel_more_nslots = n;
    for (size_t i = 0; g->rel_more && i < g->nrel_more; i++)
        slots[more_slot(g, g->rel_more[i].rel)] = (uint32_t)i + 1;
    return 0;
}

/* Relation r's entry in rel_more, made when it has none; NULL when out
 * of memory. */
static kg_rel_more *rel_more(kg_graph *g, uint32_t r)
{
    kg_rel_more *m = (kg_rel_more *)kg_rel_more_of(g, &g->v.rels[r]);
    if (m)
        return m;
    size_t w = r / 64; /* r's bit in v.more_bits */
    if (w >= g->v.nmore_words) {
        if (kg_grow((void **)&g->v.more_bits, &g->more_bits_cap, w + 1,
                    sizeof *g->v.more_bits))
            return NULL;
        memset(g->v.more_bits + g->v.nmore_words, 0,
               (w + 1 - g->v.nmore_words) * sizeof *g->v.more_bits);
        g->v.nmore_words = w + 1;
    }
    if (g->nrel_more >= KG_NONE - 1 ||
        ((g->nrel_more + 1) * 2 > g->rel_more_nslots && more_rehash(g)) ||
        kg_vec_grow((void **)&g->rel_more, &g->rel_more_cap, g->nrel_more + 1,
                    sizeof *g->rel_more))
        return NULL;
    /* kg_vec_grow made room (the analyzer does not look into util.c) */
    /* NOLINTNEXTLINE(clang-analyzer-core.NullDereference) */
    g->rel_more[g->nrel_more] = (kg_rel_more){NULL, NULL, NULL, r, 0};
    g->rel_more_slots[more_slot(g, r)] = (uint32_t)++g->nrel_more;
    g->v.more_bits[w] |= 1ull << (r % 64);
    return &g->rel_more[g->nrel_more - 1];
}

int kg_graph_relation_end_types(kg_graph *g, uint32_t r, const char *src_type,
                                const char *dst_type)
{
    if (!src_type && !dst_type)
        return 0;
    kg_rel_more *m = rel_more(g, r);
    if (!m)
        return -1;
    m->src_type = src_type;
    m->dst_type = dst_type;
    return 0;
}

int kg_graph_relation_label(kg_graph *g, uint32_t r, const char *label,
                            size_t len)
{
    kg_rel_more *m = rel_more(g, r);
    if (!m)
        return -1;
    m->label = kg_arena_strndup(arena(g), label, len);
    return m->label ? 0 : -1;
}

/* Stores l as relation r's attributes (its cells, and items in
 * rel_more); 0, or -1 when out of memory. */
static int set_rel_list(kg_graph *g, uint32_t r, kg_list l)
{
    if (!l.cells) /* else they are r's own, as they were */
        g->v.rels[r].cells = 0;
    const kg_rel_more *have = kg_rel_more_of(g, &g->v.rels[r]);
    if (!l.head && !have)
        return 0;
    kg_rel_more *m = rel_more(g, r);
    if (!m)
        return -1;
    m->head = l.head;
    return 0;
}

int kg_graph_relation_attr(kg_graph *g, uint32_t r, const char *key,
                           const char *value, size_t len, kg_loc loc)
{
    kg_list l = kg_rel_attrs(g, &g->v.rels[r]);
    int rc = add_value(g, &l, key, value, len, loc);
    return rc || set_rel_list(g, r, l) ? -1 : 0;
}

/* Moves the cells of *l to items, so that values can be replaced. */
static int list_unpack(kg_graph *g, kg_list *l)
{
    if (!l->cells)
        return 0;
    kg_list cells = {l->cells, l->cols, 0};
    uint32_t rest = l->head;
    l->cells = NULL;
    l->head = 0;
    kg_attr_it it;
    for (kg_attr_begin(g, cells, &it); kg_attr_step(&it);)
        if (push_item(g, &l->head, it.key, it.value))
            return -1;
    uint32_t *link = &l->head;
    while (*link)
        link = &g->v.attrs[*link - 1].next;
    *link = rest;
    forget_long(g, l->head); /* its tail was the last cell's */
    return 0;
}

int kg_graph_relation_set(kg_graph *g, uint32_t r, const char *key,
                          const char *value)
{
    const char *k = kg_intern(g, key, strlen(key));
    char *v = k ? kg_arena_strndup(arena(g), value, strlen(value)) : NULL;
    kg_list list = kg_rel_attrs(g, &g->v.rels[r]), *l = &list;
    if (!v || list_unpack(g, l) || set_rel_list(g, r, list))
        return -1;
    uint32_t *head = &rel_more(g, r)->head; /* made by set_rel_list */
    uint32_t kept = 0;
    for (uint32_t *link = head; *link;) {
        kg_attr *a = &g->v.attrs[*link - 1];
        if (a->key == k && kept) { /* unlink a second value */
            forget_long(g, *head);
            *link = a->next;
            continue;
        }
        if (a->key == k) {
            a->value = v;
            kept = 1;
            const struct kg_long_list *index = long_list(g, *head);
            if (index && long_add(g, index->gen, *link,
                                  long_item_hash(g, index->gen, *link)))
                return -1; /* indexed by its new value too */
        }
        link = &a->next;
    }
    return kept ? 0 : push_item(g, &rel_more(g, r)->head, k, v);
}

int kg_graph_absorb(kg_graph *g, uint32_t e, const kg_entity *from)
{
    /* `from` may move when attrs grow: copy what is needed first */
    uint32_t aliases = from->aliases;
    kg_list attrs = kg_ent_attrs(g, from);
    kg_loc from_loc = kg_ent_loc(g, from);
    for (uint32_t i = aliases; i; i = g->v.attrs[i - 1].next) {
        kg_attr a = g->v.attrs[i - 1];
        if (kg_graph_add_alias(g, e, a.value, strlen(a.value), from_loc))
            return -1;
    }
    kg_attr_it it;
    for (kg_attr_begin(g, attrs, &it); kg_attr_step(&it);)
        if (kg_graph_entity_attr(g, e, it.key, it.value, strlen(it.value),
                                 from_loc))
            return -1;
    return 0;
}

int kg_graph_log_merge(kg_graph *g, uint32_t survivor, const char *merged,
                       kg_merge_rule rule, kg_merge_kind kind, kg_loc loc)
{
    if (kg_grow((void **)&g->merges, &g->merges_cap, g->nmerges + 1,
                sizeof *g->merges))
        return -1;
    g->merges[g->nmerges++] = (kg_merge_rec){survivor, merged, rule, kind, loc};
    if (kind == KG_LINKED_END) {
        g->stats.linked++;
    } else {
        g->stats.merges++;
        g->stats.merges_by[rule]++;
    }
    return 0;
}

/* ---- What data may draw ---- */

void kg_graph_check_value(kg_graph *g, kg_loc loc, const char *key,
                          const kg_present *p, int link, const char *value)
{
    char buf[256];
    kg_picture_dir pictures = {g->images,
                               kg_setting_name(&g->diag, KG_SETTING_IMAGES)};
    const char *why = p ? kg_present_check(p, value, &pictures, buf, sizeof buf)
                      : link ? kg_link_check(value)
                             : NULL;
    if (!why)
        return;
    kg_diagsink *d = &g->diag;
    const char *file = kg_loc_file(g, loc);
    if (link || p->type == KG_P_LINK)
        kg_warn(d, "not-a-link", file, loc.line, 0,
                "link %s in column %s %s; kept as data, not made a link",
                kg_q(d, value), kg_q(d, key), why);
    else
        kg_warn(d, "not-drawn", file, loc.line, 0,
                "%s %s %s; kept as data (" KG_DATA_PREFIX "%s), not drawn", key,
                kg_q(d, value), why, key);
}
