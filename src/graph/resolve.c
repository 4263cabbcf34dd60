/*
 * resolve.c - who is who: merging entities that name each other, and
 * linking relation ends to entities.
 *
 * Names and aliases are indexed under their normalized key (normalize.h),
 * and under their loose key too with --match loose.  Ids are never
 * normalized: an id matches only itself.  Every decision is deterministic
 * (input order) and every merge or link made by a name is logged for the
 * merge report.  A name that leads to two different entities decides
 * nothing: it is reported, never guessed.
 */
#include <stdlib.h>
#include <string.h>

#include "graph/lifetime.h"
#include "graph/store_int.h"
#include "graph/view.h"
#include "rules/file_type.h"
#include "text/normalize.h"
#include "util/parallel.h"

/* ---- Name index: key -> the entities that carry it ---- */

/*
 * The keys themselves are not stored: a key is known by its hash, and a
 * hash that matches is checked by normalizing the label of one of the
 * key's claims again.  A million names cost a claim (8 bytes: its text is
 * found from the entity or the alias item) and a slot (4 bytes) each, not
 * a copy of every key as well.  A key's slot holds its newest claim, the
 * head of its list: no array of keys.
 */
typedef struct claim {
    uint32_t ref;  /* the entity of a name or an id; an alias item's index */
    uint32_t next; /* its kind << NEXT_BITS | index + 1 of the next claim on
                      the same key */
} claim;

/* What a claim is: the entity's name, its id (a node made for a relation
 * end), or one of its aliases.  Its text is found from there: a claim
 * keeps no pointer of its own.  Callers say which with `what`: CLAIM_NAME,
 * CLAIM_ID, or the alias item's index + 1. */
#define CLAIM_NAME ((uint32_t)0)
#define CLAIM_ID   UINT32_MAX /* an enum cannot hold it in ISO C */

enum { KIND_NAME, KIND_ID, KIND_ALIAS };
#define NEXT_BITS 30
#define NEXT_MASK ((UINT32_C(1) << NEXT_BITS) - 1)

/*
 * Slots are 4 bytes, as the symbol table's narrow ones (util/symtab.c):
 * the key's hash above the bits of a slot's place, its newest claim + 1
 * below (kept less than nslots: the table grows with the claims too, and
 * then normalizes the head claims' labels again for their hashes).
 */
typedef struct name_index {
    int loose;
    uint32_t *slots; /* 0 empty */
    size_t nslots;
    size_t nkeys;
    /* Claim number c below nnames (the entities when the index was
     * built) is entity c's name, the first time it is claimed: only its
     * next is kept, in name_next[c] (0: not claimed; else next + 1), 4
     * bytes a name instead of 8.  The others are claims[c - nnames]. */
    uint32_t *name_next;
    size_t nnames;
    claim *claims;
    size_t nclaims, claims_cap;
    uint32_t *owner; /* per item: the entity whose alias it is (an item
                        belongs to one entity's list, claimed or not) */
    size_t owner_cap;
    uint32_t *shared; /* a claim on each key that two entities' aliases
                         claim, put when its second came */
    size_t nshared, shared_cap;
    const kg_graph *g; /* whose names and aliases the claims are */
    kg_buf check;      /* a label normalized again, to check a hash match */
    int nomem;         /* normalizing it failed */
} name_index;

/* An entity whose id is the key of some claims: the newest + 1 in the
 * exact and the loose index (0: none). */
typedef struct id_hit {
    uint32_t e, exact, loose;
} id_hit;

struct kg_resolver {
    name_index exact;
    name_index loose;
    kg_buf key;
    id_hit *hits; /* in entity order (run_key_job) */
    size_t nhits, hits_cap;
    uint64_t *end_logged; /* a bit per symbol: its link was logged
                             already (a byte each was 1.2 MB at 1M, beside
                             the name index at resolve's peak) */
    size_t end_logged_len;
};

static void index_init(name_index *ix, const kg_graph *g, int loose)
{
    memset(ix, 0, sizeof *ix);
    ix->loose = loose;
    ix->g = g;
    kg_buf_init(&ix->check);
}

static void index_free(name_index *ix)
{
    kg_big_free(ix->slots, ix->nslots * sizeof *ix->slots);
    kg_big_free(ix->name_next, ix->nnames * sizeof *ix->name_next);
    kg_vec_free(ix->claims, ix->claims_cap, sizeof *ix->claims);
    kg_vec_free(ix->owner, ix->owner_cap, sizeof *ix->owner);
    free(ix->shared);
    kg_buf_free(&ix->check);
}

/* The text of entity e's claim `what`. */
static const char *claimed(const kg_graph *g, uint32_t e, uint32_t what)
{
    const kg_entity *ent = &g->v.ents[e];
    return what == CLAIM_NAME ? ent->name
           : what == CLAIM_ID ? kg_ent_id(g, ent)
                              : g->v.attrs[what - 1].value;
}

/* Claim number c (claim + 1 is what slots and lists hold). */
static uint32_t claim_kind(const name_index *ix, uint32_t c)
{
    return c < ix->nnames ? KIND_NAME
                          : ix->claims[c - ix->nnames].next >> NEXT_BITS;
}

static uint32_t claim_ref(const name_index *ix, uint32_t c)
{
    return c < ix->nnames ? c : ix->claims[c - ix->nnames].ref;
}

/* The number + 1 of the claim after c on its key, 0 at the end. */
static uint32_t claim_next(const name_index *ix, uint32_t c)
{
    return c < ix->nnames ? ix->name_next[c] - 1
                          : ix->claims[c - ix->nnames].next & NEXT_MASK;
}

static uint32_t claim_entity(const name_index *ix, uint32_t c)
{
    uint32_t ref = claim_ref(ix, c);
    return claim_kind(ix, c) == KIND_ALIAS ? ix->owner[ref] : ref;
}

static const char *claim_label(const name_index *ix, uint32_t c)
{
    const kg_graph *g = ix->g;
    uint32_t ref = claim_ref(ix, c);
    switch (claim_kind(ix, c)) {
    case KIND_NAME: return g->v.ents[ref].name;
    case KIND_ID: return kg_ent_id(g, &g->v.ents[ref]);
    default: return g->v.attrs[ref].value;
    }
}

static kg_merge_rule claim_rule(const name_index *ix, uint32_t c)
{
    return claim_kind(ix, c) == KIND_ALIAS ? KG_RULE_ALIAS : KG_RULE_NAME;
}

/* The claim `what` of an alias item. */
static uint32_t alias_claim(const kg_graph *g, const kg_attr *a)
{
    return (uint32_t)(a - g->v.attrs) + 1;
}

/* Whether the key of claim c is key[0..len) (its hash matched), the
 * claim's label normalized again into *check; *nomem set when that
 * failed.  Only reads ix: a thread of its own passes its own check. */
static int is_key(const name_index *ix, uint32_t c, const char *key, size_t len,
                  kg_buf *check, int *nomem)
{
    const char *label = claim_label(ix, c);
    if (kg_norm_key(check, label, strlen(label), ix->loose)) {
        *nomem = 1;
        return 0;
    }
    return check->len == len && memcmp(check->data, key, len) == 0;
}

/* The newest claim + 1 in slot v, 0 when empty. */
static uint32_t slot_head(const name_index *ix, uint32_t v)
{
    return v & (uint32_t)(ix->nslots - 1);
}

/* The slot of key[0..len) (hash h), or the empty slot where it would go;
 * check and nomem as is_key's. */
static size_t find_slot(const name_index *ix, const char *key, size_t len,
                        uint32_t h, kg_buf *check, int *nomem)
{
    uint32_t mask = (uint32_t)(ix->nslots - 1);
    size_t j = h & mask;
    for (;;) {
        uint32_t v = ix->slots[j];
        if (!v || ((v & ~mask) == (h & ~mask) &&
                   is_key(ix, (v & mask) - 1, key, len, check, nomem)))
            return j;
        j = (j + 1) & mask;
    }
}

static size_t slot_of(name_index *ix, const char *key, size_t len, uint32_t h)
{
    return find_slot(ix, key, len, h, &ix->check, &ix->nomem);
}

/* Moves the keys into n slots (a power of two, more than the claims),
 * each key's hash made again from its newest claim's label.  0, or -1
 * when out of memory (the index is left as it was). */
static int rehash_to(name_index *ix, size_t n)
{
    uint32_t *to = kg_big_calloc(n * sizeof *to);
    if (!to)
        return -1;
    uint32_t mask = (uint32_t)(n - 1);
    for (size_t i = 0; i < ix->nslots; i++) {
        uint32_t head = slot_head(ix, ix->slots[i]);
        if (!head)
            continue;
        const char *label = claim_label(ix, head - 1);
        if (kg_norm_key(&ix->check, label, strlen(label), ix->loose)) {
            kg_big_free(to, n * sizeof *to);
            return -1;
        }
        uint32_t h = kg_hash(ix->check.data, ix->check.len);
        size_t j = h & mask;
        while (to[j])
            j = (j + 1) & mask;
        to[j] = (h & ~mask) | head;
    }
    kg_big_free(ix->slots, ix->nslots * sizeof *ix->slots);
    ix->slots = to;
    ix->nslots = n;
    return 0;
}

static int rehash(name_index *ix)
{
    return rehash_to(ix, ix->nslots ? ix->nslots * 2 : 1024);
}

/* The newest claim (+ 1) on the key of `label`, or 0 when no entity
 * carries it or (ix->nomem set) when out of memory. */
static uint32_t index_find(name_index *ix, kg_buf *key, const char *label)
{
    if (!ix->nslots)
        return 0;
    if (kg_norm_key(key, label, strlen(label), ix->loose)) {
        ix->nomem = 1;
        return 0;
    }
    uint32_t v = ix->slots[slot_of(ix, key->data, key->len,
                                   kg_hash(key->data, key->len))];
    return ix->nomem ? 0 : slot_head(ix, v);
}

/* Adds entity e's claim to key[0..len) (hash h), unless it has one. */
static int index_put(name_index *ix, const char *key, size_t len, uint32_t h,
                     uint32_t e, uint32_t what)
{
    if (ix->loose && len == 0)
        return 0; /* only punctuation: nothing to match loosely */
    if (((ix->nkeys + 1) * 10 > ix->nslots * 7 ||
         ix->nnames + ix->nclaims + 2 > ix->nslots) &&
        rehash(ix))
        return -1;
    size_t j = slot_of(ix, key, len, h);
    if (ix->nomem)
        return -1;
    uint32_t head = slot_head(ix, ix->slots[j]); /* 0: a new key */
    int aliases = 0; /* the key's alias claims, each another entity's */
    for (uint32_t c = head; c; c = claim_next(ix, c - 1)) {
        if (claim_entity(ix, c - 1) == e)
            return 0;
        aliases += claim_kind(ix, c - 1) == KIND_ALIAS;
    }
    uint32_t mask = (uint32_t)(ix->nslots - 1);
    if (what == CLAIM_NAME && e < ix->nnames && !ix->name_next[e]) {
        ix->name_next[e] = head + 1; /* its first claim: no record */
        ix->slots[j] = (h & ~mask) | (e + 1);
        ix->nkeys += !head;
        return 0;
    }
    claim cl = {e, (uint32_t)KIND_NAME << NEXT_BITS | head};
    if (what == CLAIM_ID) {
        cl.next = (uint32_t)KIND_ID << NEXT_BITS | head;
    } else if (what != CLAIM_NAME) {
        cl = (claim){what - 1, (uint32_t)KIND_ALIAS << NEXT_BITS | head};
        if (kg_vec_grow((void **)&ix->owner, &ix->owner_cap, what,
                        sizeof *ix->owner))
            return -1;
        ix->owner[what - 1] = e;
    }
    if (ix->nnames + ix->nclaims >= NEXT_MASK - 1 ||
        kg_vec_grow((void **)&ix->claims, &ix->claims_cap, ix->nclaims + 1,
                    sizeof *ix->claims))
        return -1;
    int shared = aliases == 1 && (cl.next >> NEXT_BITS) == KIND_ALIAS;
    if (shared && kg_grow((void **)&ix->shared, &ix->shared_cap,
                          ix->nshared + 1, sizeof *ix->shared))
        return -1;
    if (shared)
        ix->shared[ix->nshared++] = (uint32_t)(ix->nnames + ix->nclaims);
    ix->claims[ix->nclaims++] = cl;
    ix->slots[j] = (h & ~mask) | (uint32_t)(ix->nnames + ix->nclaims);
    ix->nkeys += !head;
    return 0;
}

static int index_claim(name_index *ix, kg_buf *key, uint32_t e, uint32_t what)
{
    const char *label = claimed(ix->g, e, what);
    if (kg_norm_key(key, label, strlen(label), ix->loose))
        return -1;
    return index_put(ix, key->data, key->len, kg_hash(key->data, key->len), e,
                     what);
}

/* Indexes an entity's name and aliases. */
static int index_entity(struct kg_resolver *rs, name_index *ix,
                        const kg_graph *g, uint32_t e)
{
    const kg_entity *ent = &g->v.ents[e];
    if (ent->name && index_claim(ix, &rs->key, e, CLAIM_NAME))
        return -1;
    for (const kg_attr *a = kg_attr_at(g, ent->aliases); a;
         a = kg_attr_next(g, a))
        if (index_claim(ix, &rs->key, e, alias_claim(g, a)))
            return -1;
    return 0;
}

/* ---- Candidates: the distinct nodes a name leads to ---- */

enum { MAX_SHOWN = 2 };

typedef struct candidates {
    uint32_t root[MAX_SHOWN];
    kg_merge_rule rule;
    int n; /* how many distinct roots (counts past MAX_SHOWN too) */
} candidates;

/* Counts a distinct root; keeps the two first in input order, to name
 * them in a warning.  (Roots that are equal to a kept one are not new;
 * past two, a repeat of an unkept one may be counted twice, which only
 * matters as "more than one".) */
static void add_candidate(candidates *c, uint32_t root, kg_merge_rule rule)
{
    int kept = c->n < MAX_SHOWN ? c->n : MAX_SHOWN;
    for (int i = 0; i < kept; i++)
        if (c->root[i] == root)
            return;
    if (c->n == 0)
        c->rule = rule;
    c->n++;
    if (kept < MAX_SHOWN) {
        c->root[kept] = root;
        if (kept == 0)
            return;
    } else if (root < c->root[1]) {
        c->root[1] = root;
    } else {
        return;
    }
    if (c->root[1] < c->root[0]) {
        uint32_t t = c->root[0];
        c->root[0] = c->root[1];
        c->root[1] = t;
    }
}

/* Adds the roots of the entities of the claims from `head` (the newest
 * claim + 1 on a key, 0 for none) in ix, except `self`. */
static void lookup_from(const kg_graph *g, const name_index *ix, uint32_t head,
                        uint32_t self, kg_merge_rule rule, candidates *c)
{
    for (uint32_t i = head; i; i = claim_next(ix, i - 1)) {
        uint32_t root = kg_graph_root(g, claim_entity(ix, i - 1));
        if (root != self)
            add_candidate(c, root,
                          rule == KG_RULE_LOOSE ? rule : claim_rule(ix, i - 1));
    }
}

/* ---- 1. Entities that name each other ---- */

/*
 * An entity given an id by some row is "identified"; one known only from
 * name-only rows is a "mention".  An entity whose id is the name or alias
 * of exactly one identified entity merges into it; when two identified
 * entities carry that name, nothing is merged and a warning names them.
 * Mentions that match no identified entity merge with each other.
 */
static candidates named_by(kg_graph *g, const struct kg_resolver *rs,
                           const id_hit *h, int identified)
{
    candidates all = {{0}, KG_RULE_NAME, 0}, c = all;
    uint32_t self = kg_graph_root(g, h->e);
    lookup_from(g, &rs->exact, h->exact, self, KG_RULE_NAME, &all);
    if (all.n == 0 && g->set.match == KG_MATCH_LOOSE)
        lookup_from(g, &rs->loose, h->loose, self, KG_RULE_LOOSE, &all);
    /* keep those of the wanted kind; lookup_from() sorted and counted */
    for (int i = 0; i < all.n && i < MAX_SHOWN; i++)
        if (kg_ent_identified(g, all.root[i]) == identified)
            add_candidate(&c, all.root[i], all.rule);
    if (all.n > MAX_SHOWN && c.n)
        c.n = all.n; /* past two we cannot tell: treat as ambiguous */
    return c;
}

static void warn_two(kg_graph *g, kg_loc at, const char *what,
                     const candidates *c, const char *outcome)
{
    const kg_entity *a = &g->v.ents[c->root[0]], *b = &g->v.ents[c->root[1]];
    kg_loc al = kg_ent_loc(g, a), bl = kg_ent_loc(g, b);
    kg_warn(&g->diag, "ambiguous-end", kg_loc_file(g, at), at.line, 0,
            "%s could be %s (%s:%lu) or %s (%s:%lu)%s; %s",
            kg_q(&g->diag, what), kg_q(&g->diag, kg_ent_id(g, a)),
            kg_loc_file(g, al), (unsigned long)al.line,
            kg_q(&g->diag, kg_ent_id(g, b)), kg_loc_file(g, bl),
            (unsigned long)bl.line, c->n > 2 ? " or more" : "", outcome);
}

static int merge_pair(kg_graph *g, uint32_t x, uint32_t other,
                      kg_merge_rule rule)
{
    uint32_t a = kg_graph_root(g, x), b = other;
    uint32_t keep = a < b ? a : b, gone = a < b ? b : a;
    if (kg_graph_set_root(g, gone, keep))
        return -1;
    if (kg_ent_identified(g, gone))
        kg_graph_flag_entity(g, keep, KG_ENT_IDENTIFIED);
    return kg_graph_log_merge(g, keep, kg_ent_id(g, &g->v.ents[gone]), rule,
                              KG_MERGED_ENTITY,
                              kg_ent_loc(g, &g->v.ents[gone]));
}

/* One pass over the entities of one kind (identified, then mentions)
 * whose ids some name or alias carries (rs->hits: the others are named by
 * none, whatever is merged). */
static int merge_pass(kg_graph *g, struct kg_resolver *rs, int identified)
{
    for (size_t k = 0; k < rs->nhits; k++) {
        const id_hit *h = &rs->hits[k];
        uint32_t x = h->e;
        if (kg_ent_identified(g, x) != identified || kg_graph_root(g, x) != x)
            continue;
        candidates c = named_by(g, rs, h, 1);
        if (c.n == 0 && !identified)
            c = named_by(g, rs, h, 0); /* mentions of the same name */
        if (c.n > 1) {
            warn_two(g, kg_ent_loc(g, &g->v.ents[x]),
                     kg_ent_id(g, &g->v.ents[x]), &c, "not merged with either");
            continue;
        }
        if (c.n == 1 && merge_pair(g, x, c.root[0], c.rule))
            return -1;
    }
    return 0;
}

static int merge_entities(kg_graph *g, struct kg_resolver *rs)
{
    return merge_pass(g, rs, 1) || merge_pass(g, rs, 0) ? -1 : 0;
}

/* Folds entity i into its root: names, ids and aliases, type, values. */
static int fold_entity(kg_graph *g, uint32_t i)
{
    uint32_t r = kg_graph_root(g, i);
    if (kg_graph_set_root(g, i, r))
        return -1;
    kg_entity from = g->v.ents[i];
    const char *type = kg_ent_type(g, &from);
    if (from.name && kg_graph_set_name(g, r, from.name, strlen(from.name),
                                       kg_ent_name_loc(g, i)))
        return -1;
    if (kg_graph_add_alias(g, r, kg_ent_id(g, &from),
                           strlen(kg_ent_id(g, &from)),
                           kg_ent_loc(g, &g->v.ents[i])))
        return -1;
    if (type && !kg_ent_unknown(g, i) &&
        kg_graph_set_type(g, r, type, strlen(type), kg_ent_type_loc(g, i)))
        return -1;
    return kg_graph_absorb(g, r, &g->v.ents[i]);
}

/* A key that two entities claim as an alias: its first claim (the order
 * of keys' creation: by the claim's entity, then its number, the name's
 * before its aliases'), the entities, and its text. */
typedef struct shared_alias {
    uint32_t entity, first;
    candidates c;
    const char *label;
} shared_alias;

static int by_first(const void *a, const void *b)
{
    const shared_alias *x = a, *y = b;
    if (x->entity != y->entity)
        return (x->entity > y->entity) - (x->entity < y->entity);
    return (x->first > y->first) - (x->first < y->first);
}

/* An alias that two entities claim will never link anything: say so once,
 * when the entities are loaded, rather than only when something uses it.
 * The keys that two entities' aliases claim (ix->shared) are found in
 * their slots, and said in the order they were made.  0, or -1 when out
 * of memory. */
static int warn_shared_aliases(kg_graph *g, struct kg_resolver *rs)
{
    name_index *ix = &rs->exact;
    shared_alias *v = NULL;
    size_t n = 0, cap = 0;
    for (size_t k = 0; k < ix->nshared; k++) {
        candidates c = {{0}, KG_RULE_ALIAS, 0};
        const char *label = claim_label(ix, ix->shared[k]);
        uint32_t first = 0;
        size_t j = 0;
        if (kg_norm_key(&rs->key, label, strlen(label), 0) ||
            (j = slot_of(ix, rs->key.data, rs->key.len,
                         kg_hash(rs->key.data, rs->key.len)),
             ix->nomem)) {
            free(v);
            return -1;
        }
        for (uint32_t i = slot_head(ix, ix->slots[j]); i;
             i = claim_next(ix, i - 1)) {
            first = i;
            if (claim_rule(ix, i - 1) != KG_RULE_ALIAS)
                continue;
            add_candidate(&c, kg_graph_root(g, claim_entity(ix, i - 1)),
                          KG_RULE_ALIAS);
            label = claim_label(ix, i - 1); /* ends at the first claim */
        }
        if (c.n < 2)
            continue;
        if (kg_grow((void **)&v, &cap, n + 1, sizeof *v)) {
            free(v);
            return -1;
        }
        v[n++] = (shared_alias){claim_entity(ix, first - 1), first, c, label};
    }
    if (n > 1)
        qsort(v, n, sizeof *v, by_first);
    for (size_t k = 0; k < n; k++) {
        const candidates *c = &v[k].c;
        const kg_entity *a = &g->v.ents[c->root[0]],
                        *b = &g->v.ents[c->root[1]];
        kg_loc al = kg_ent_loc(g, a), bl = kg_ent_loc(g, b);
        kg_warn(&g->diag, "alias-claimed", kg_loc_file(g, bl), bl.line, 0,
                "the alias %s is claimed by %s (%s:%lu) and %s (%s:%lu)%s, "
                "so it links nothing",
                kg_q(&g->diag, v[k].label), kg_q(&g->diag, kg_ent_id(g, a)),
                kg_loc_file(g, al), (unsigned long)al.line,
                kg_q(&g->diag, kg_ent_id(g, b)), kg_loc_file(g, bl),
                (unsigned long)bl.line, c->n > 2 ? " and more" : "");
    }
    free(v);
    return 0;
}

/* ---- 2. Relation ends ---- */

static int link_logged(struct kg_resolver *rs, uint32_t sym)
{
    if (sym >= rs->end_logged_len)
        return 1; /* only ends interned before resolving are logged */
    uint64_t bit = UINT64_C(1) << (sym % 64);
    int seen = (rs->end_logged[sym / 64] & bit) != 0;
    rs->end_logged[sym / 64] |= bit;
    return seen;
}

/* A node for an end that names nothing: typed when the file said what it
 * is (subject_type, :START_ID(Person)...), else without a type (drawn in
 * the default look: it is an entity the files did not list, not an
 * error), with a warning.  Its id becomes a name, so later spellings
 * find it. */
static uint32_t new_end_node(kg_graph *g, struct kg_resolver *rs,
                             const kg_relation *r, const char *ref,
                             const char *type, int warn)
{
    int created;
    kg_loc loc = kg_rel_loc(g, r);
    uint32_t e = kg_graph_entity(g, ref, strlen(ref), loc, &created);
    if (e == KG_NONE)
        return KG_NONE;
    if (!type)
        kg_graph_flag_entity(g, e, KG_ENT_UNKNOWN);
    else
        kg_graph_unflag_entity(g, e, KG_ENT_UNKNOWN);
    g->stats.unknown += !type;
    if (!type && warn)
        kg_warn(&g->diag, "unknown-end", kg_loc_file(g, loc), loc.line, 0,
                "%s names no entity; it becomes an entity of its own, "
                "without a type",
                kg_q(&g->diag, ref));
    if ((type && kg_graph_set_type(g, e, type, strlen(type), loc)) ||
        index_claim(&rs->exact, &rs->key, e, CLAIM_ID) ||
        (g->set.match == KG_MATCH_LOOSE &&
         index_claim(&rs->loose, &rs->key, e, CLAIM_ID)))
        return KG_NONE;
    return e;
}

/* The node for one relation end; KG_NONE when out of memory. */
static uint32_t link_end(kg_graph *g, struct kg_resolver *rs,
                         const kg_relation *r, uint32_t y, const char *type)
{
    const char *ref = g->v.syms.syms[y].s;
    uint32_t e = kg_sym_entity(g, y);
    if (e != KG_NONE)
        return kg_graph_root(g, e);
    candidates c = {{0}, KG_RULE_NAME, 0};
    lookup_from(g, &rs->exact, index_find(&rs->exact, &rs->key, ref), KG_NONE,
                KG_RULE_NAME, &c);
    if (c.n == 0 && g->set.match == KG_MATCH_LOOSE)
        lookup_from(g, &rs->loose, index_find(&rs->loose, &rs->key, ref),
                    KG_NONE, KG_RULE_LOOSE, &c);
    if (rs->exact.nomem || rs->loose.nomem)
        return KG_NONE; /* a key could not be made: out of memory */
    if (c.n == 1) {
        if (!link_logged(rs, y) &&
            kg_graph_log_merge(g, c.root[0], ref, c.rule, KG_LINKED_END,
                               kg_rel_loc(g, r)))
            return KG_NONE;
        return c.root[0];
    }
    if (c.n > 1)
        warn_two(g, kg_rel_loc(g, r), ref, &c,
                 "not guessed: it becomes an entity of its own");
    return new_end_node(g, rs, r, ref, c.n > 1 ? NULL : type, c.n == 0);
}

/* ---- The whole ---- */

/* ---- Keys made on two threads ---- */

/*
 * Making a key (a label normalized, then hashed) only reads the graph,
 * and it is most of resolve's work on the entities: it is done in pieces
 * of entities on two threads (util/parallel.h), each worker into a batch
 * of its own.  What a piece changes (the index, the list of ids found) is
 * changed at its turn, in the pieces' order, so the index and the list
 * are those one thread makes, claim for claim.
 */
typedef struct batch_claim {
    uint32_t e, off, len, hash, what;
} batch_claim;

typedef struct claim_batch {
    batch_claim *v;
    size_t n, cap;
    kg_buf keys;     /* the claims' keys, one after another */
    kg_buf key;      /* one key being made */
    kg_buf check;    /* a label normalized again (is_key) */
    uint32_t *found; /* per entity of the piece: its id's claims + 1 in the
                        exact index, then in the loose one */
    id_hit *hits;
    size_t nhits, found_cap, hits_cap;
} claim_batch;

static void batch_free(claim_batch *b)
{
    free(b->v);
    kg_buf_free(&b->keys);
    kg_buf_free(&b->key);
    kg_buf_free(&b->check);
    free(b->found);
    free(b->hits);
}

static int batch_add(claim_batch *b, const name_index *ix, uint32_t e,
                     uint32_t what)
{
    const char *label = claimed(ix->g, e, what);
    if (kg_norm_key(&b->key, label, strlen(label), ix->loose) ||
        kg_grow((void **)&b->v, &b->cap, b->n + 1, sizeof *b->v))
        return -1;
    uint32_t h = kg_hash(b->key.data, b->key.len);
    b->v[b->n++] =
        (batch_claim){e, (uint32_t)b->keys.len, (uint32_t)b->key.len, h, what};
    return kg_buf_append(&b->keys, b->key.data, b->key.len);
}

/* The keys in ix of the names and aliases of entities [from, to), or
 * (ids) of their ids, a claim each. */
static int batch_keys(claim_batch *b, const name_index *ix, uint32_t from,
                      uint32_t to, int ids)
{
    const kg_graph *g = ix->g;
    b->n = 0;
    kg_buf_clear(&b->keys);
    for (uint32_t e = from; e < to; e++) {
        const kg_entity *ent = &g->v.ents[e];
        if (ids ? batch_add(b, ix, e, CLAIM_ID)
                : ent->name && batch_add(b, ix, e, CLAIM_NAME))
            return -1;
        for (const kg_attr *a = ids ? NULL : kg_attr_at(g, ent->aliases); a;
             a = kg_attr_next(g, a))
            if (batch_add(b, ix, e, alias_claim(g, a)))
                return -1;
    }
    return 0;
}

/* Slots are a cache miss each in a table of millions: the slot of the
 * claim this many ahead is fetched before it is needed. */
enum { SLOT_AHEAD = 16 };

static void prefetch_slot(const name_index *ix, const claim_batch *b, size_t i)
{
    if (i < b->n)
        kg_prefetch(&ix->slots[b->v[i].hash & (ix->nslots - 1)]);
}

/* Adds the batch's claims to ix, in order. */
static int batch_put(name_index *ix, const claim_batch *b)
{
    for (size_t i = 0; i < b->n; i++) {
        prefetch_slot(ix, b, i + SLOT_AHEAD);
        const batch_claim *c = &b->v[i];
        if (index_put(ix, b->keys.data + c->off, c->len, c->hash, c->e,
                      c->what))
            return -1;
    }
    return 0;
}

/* found[i] for the batch's claims (an id each): the claims + 1 on its key
 * in ix, 0 when none.  Only reads ix. */
static int batch_find(const name_index *ix, claim_batch *b, uint32_t *found)
{
    int nomem = 0;
    for (size_t i = 0; i < b->n && !nomem; i++) {
        prefetch_slot(ix, b, i + SLOT_AHEAD);
        const batch_claim *c = &b->v[i];
        size_t j = find_slot(ix, b->keys.data + c->off, c->len, c->hash,
                             &b->check, &nomem);
        found[i] = slot_head(ix, ix->slots[j]);
    }
    return nomem ? -1 : 0;
}

typedef struct key_job {
    struct kg_resolver *rs;
    name_index *ix;       /* the index being built; NULL: ids are looked up */
    size_t nents, piece;  /* entities, and a piece's */
    claim_batch batch[2]; /* a worker's */
    int failed;           /* read and set at a piece's turn only */
} key_job;

/* The entities [from, to) whose ids the names and aliases of the index
 * (both, with loose matching) carry, into b->hits. */
static int find_ids(key_job *j, claim_batch *b, uint32_t from, uint32_t to)
{
    const kg_graph *g = j->rs->exact.g;
    int both = g->set.match == KG_MATCH_LOOSE;
    size_t n = to - from;
    b->nhits = 0;
    if (kg_grow((void **)&b->found, &b->found_cap, 2 * n, sizeof *b->found))
        return -1;
    memset(b->found, 0, 2 * n * sizeof *b->found);
    for (int k = 0; k < 1 + both; k++) {
        const name_index *ix = k ? &j->rs->loose : &j->rs->exact;
        if (ix->nslots && (batch_keys(b, ix, from, to, 1) ||
                           batch_find(ix, b, b->found + k * n)))
            return -1;
    }
    for (uint32_t e = from; e < to; e++) {
        id_hit h = {e, b->found[e - from], b->found[n + e - from]};
        if (!h.exact && !h.loose)
            continue;
        if (kg_grow((void **)&b->hits, &b->hits_cap, b->nhits + 1,
                    sizeof *b->hits))
            return -1;
        b->hits[b->nhits++] = h;
    }
    return 0;
}

static int keep_hits(struct kg_resolver *rs, const claim_batch *b)
{
    if (!b->nhits)
        return 0;
    if (kg_vec_grow((void **)&rs->hits, &rs->hits_cap, rs->nhits + b->nhits,
                    sizeof *rs->hits))
        return -1;
    memcpy(rs->hits + rs->nhits, b->hits, b->nhits * sizeof *b->hits);
    rs->nhits += b->nhits;
    return 0;
}

static void key_pieces(void *ctx, kg_pieces *p, unsigned k)
{
    key_job *j = ctx;
    claim_batch *b = &j->batch[k];
    for (size_t i; (i = kg_pieces_next(p)) != SIZE_MAX;) {
        uint32_t from = (uint32_t)(i * j->piece);
        uint32_t to =
            (uint32_t)(j->nents - from < j->piece ? j->nents : from + j->piece);
        int rc = j->ix ? batch_keys(b, j->ix, from, to, 0)
                       : find_ids(j, b, from, to);
        kg_pieces_turn(p, i);
        if (!j->failed)
            j->failed =
                rc || (j->ix ? batch_put(j->ix, b) : keep_hits(j->rs, b));
        kg_pieces_done(p, i);
    }
}

/* Runs the job over all entities: on two threads from link_half_min
 * entities a half (the unit tests make it small), in pieces of at most
 * 4096 entities.  0 or -1. */
static int run_key_job(kg_graph *g, struct kg_resolver *rs, name_index *ix)
{
    key_job j = {rs, ix, g->v.nents, 4096, {{0}, {0}}, 0};
    if (g->set.link_half_min < j.piece)
        j.piece = g->set.link_half_min;
    for (int k = 0; k < 2; k++) {
        kg_buf_init(&j.batch[k].keys);
        kg_buf_init(&j.batch[k].key);
        kg_buf_init(&j.batch[k].check);
    }
    unsigned workers = j.nents / 2 >= g->set.link_half_min ? 2 : 1;
    int rc = kg_parallel_pieces(workers, (j.nents + j.piece - 1) / j.piece,
                                key_pieces, &j);
    for (int k = 0; k < 2; k++)
        batch_free(&j.batch[k]);
    return rc || j.failed ? -1 : 0;
}

/* Room for n keys at once, rather than doubling from 1024 slots. */
static int index_reserve(name_index *ix, size_t n)
{
    size_t want = 1024;
    while ((n + 1) * 10 > want * 7)
        want *= 2;
    if (ix->nslots) /* keys are only reserved for before the first */
        return 0;
    ix->slots = kg_big_calloc(want * sizeof *ix->slots);
    if (!ix->slots)
        return -1;
    ix->nslots = want;
    return 0;
}

static int build_index(kg_graph *g, struct kg_resolver *rs, name_index *ix)
{
    size_t names = g->v.nents + g->nattrs; /* at most: aliases are items */
    if (index_reserve(ix, names))
        return -1;
    ix->name_next =
        kg_big_calloc((g->v.nents ? g->v.nents : 1) * sizeof *ix->name_next);
    if (!ix->name_next)
        return -1;
    ix->nnames = g->v.nents;
    return run_key_job(g, rs, ix);
}

static int build_indexes(kg_graph *g, struct kg_resolver *rs)
{
    if (build_index(g, rs, &rs->exact) ||
        (g->set.match == KG_MATCH_LOOSE && build_index(g, rs, &rs->loose)))
        return -1;
    rs->end_logged_len = g->v.syms.n;
    rs->end_logged = kg_calloc(g->v.syms.n / 64 + 1, sizeof *rs->end_logged);
    return rs->end_logged ? 0 : -1;
}

/* Relation ends name entities at random among millions: the entity of
 * relation i's ends (for its root) is fetched some relations ahead, after
 * the symbol's entity index. */
enum { AHEAD = 32 };

static void prefetch_ends(const kg_graph *g, size_t i, int step)
{
    if (i >= g->v.nrels)
        return;
    const kg_relation *r = &g->v.rels[i];
    if (step == 0) {
        kg_prefetch(&g->sym_entity[r->src]);
        kg_prefetch(&g->sym_entity[r->dst]);
        return;
    }
    uint32_t s = g->sym_entity[r->src], d = g->sym_entity[r->dst];
    if (s != KG_NONE)
        kg_prefetch(&g->v.ents[s]);
    if (d != KG_NONE)
        kg_prefetch(&g->v.ents[d]);
}

/*
 * Most relation ends name an entity by its id, and linking one is then a
 * read: its entity's root.  Those are linked first, the relations cut in
 * two halves on two threads; an end that names no id is marked (two bits
 * per relation) and left for linking by name afterwards, in row order on
 * this thread.  Reading has no effect on anything, and what linking by
 * name changes (new nodes, logged links) does not change what an id
 * leads to, so the result is that of linking one end after another.
 */

typedef struct link_half {
    kg_graph *g;
    size_t from, to; /* relations; from is a multiple of 32 */
    uint64_t *later; /* bit 2i: relation i's source is left, 2i+1: target */
    int merged;      /* some entity was merged into another: ends follow
                        roots (else an entity is its own root, and its
                        record among millions is not read at all) */
} link_half;

static void link_ids(void *arg)
{
    link_half *h = arg;
    kg_graph *g = h->g;
    for (size_t i = h->from; i < h->to; i++) {
        if (i + AHEAD < h->to)
            prefetch_ends(g, i + AHEAD, 0);
        if (h->merged && i + AHEAD / 2 < h->to)
            prefetch_ends(g, i + AHEAD / 2, 1);
        kg_relation *r = &g->v.rels[i];
        uint32_t s = kg_sym_entity(g, r->src), d = kg_sym_entity(g, r->dst);
        if (s != KG_NONE)
            r->src = h->merged ? kg_graph_root(g, s) : s;
        if (d != KG_NONE)
            r->dst = h->merged ? kg_graph_root(g, d) : d;
        uint64_t bits = (uint64_t)(s == KG_NONE) | (uint64_t)(d == KG_NONE)
                                                       << 1;
        h->later[i / 32] |= bits << (i % 32 * 2);
    }
}

/* Links the ends link_ids left, in row order. */
static int link_names(kg_graph *g, struct kg_resolver *rs,
                      const uint64_t *later)
{
    for (size_t w = 0; w < (g->v.nrels + 31) / 32; w++) {
        for (uint64_t bits = later[w]; bits; bits &= bits - 1) {
            int b = __builtin_ctzll(bits);
            size_t i = w * 32 + (size_t)b / 2;
            int dst = b & 1;
            const kg_relation *r = &g->v.rels[i];
            uint32_t e = link_end(g, rs, r, dst ? r->dst : r->src,
                                  kg_rel_end_type(g, r, dst));
            if (e == KG_NONE)
                return -1;
            if (dst)
                g->v.rels[i].dst = e;
            else
                g->v.rels[i].src = e;
        }
    }
    return 0;
}

static int link_ends(kg_graph *g, struct kg_resolver *rs, int merged)
{
    uint64_t *later = kg_big_calloc((g->v.nrels + 31) / 32 * sizeof *later);
    if (!later)
        return -1;
    size_t half = g->v.nrels / 2 / 32 * 32;
    link_half a = {g, 0, g->v.nrels, later, merged},
              b = {g, half, g->v.nrels, later, merged};
    if (half >= g->set.link_half_min) {
        a.to = half;
        kg_parallel(link_ids, &a, &b);
    } else {
        link_ids(&a);
    }
    int rc = link_names(g, rs, later);
    kg_big_free(later, (g->v.nrels + 31) / 32 * sizeof *later);
    return rc;
}

static int resolve_all(kg_graph *g, struct kg_resolver *rs)
{
    /* run_key_job(.., NULL): the entities whose ids some name or alias
     * carries, into rs->hits */
    if (build_indexes(g, rs) || run_key_job(g, rs, NULL) ||
        merge_entities(g, rs) || warn_shared_aliases(g, rs))
        return -1;
    /* a bit per entity: beside the name index */
    uint64_t *grew = kg_calloc(g->v.nents / 64 + 1, sizeof *grew);
    if (!grew)
        return -1;
    int merged = 0;
    for (uint32_t i = 0; i < g->v.nents; i++) {
        if (kg_graph_root(g, i) == i)
            continue;
        merged = 1;
        if (fold_entity(g, i)) {
            free(grew);
            return -1;
        }
        uint32_t root = kg_graph_root(g, i);
        grew[root / 64] |= UINT64_C(1) << (root % 64);
    }
    /* the survivors' new names and aliases must be findable by relation
     * ends (the others are indexed already) */
    int rc = 0;
    for (uint32_t i = 0; i < g->v.nents && rc == 0; i++)
        if (grew[i / 64] >> (i % 64) & 1)
            rc = index_entity(rs, &rs->exact, g, i) ||
                 (g->set.match == KG_MATCH_LOOSE &&
                  index_entity(rs, &rs->loose, g, i));
    free(grew);
    if (rc)
        return -1;
    return link_ends(g, rs, merged);
}

static void kg_resolver_free(struct kg_resolver *rs)
{
    if (!rs)
        return;
    index_free(&rs->exact);
    index_free(&rs->loose);
    kg_buf_free(&rs->key);
    kg_vec_free(rs->hits, rs->hits_cap, sizeof *rs->hits);
    free(rs->end_logged);
    free(rs);
}

/* From here on node_off says whether an entity is hidden, merged or (after
 * kg_apply_filter) filtered out: one byte, where the entity's root is a
 * cache miss for every relation end looked at. */
static int hide_merged(kg_graph *g)
{
    g->v.node_off = kg_calloc(g->v.nents + 1, 1);
    g->v.edge_off = kg_calloc(g->v.nrels + 1, 1);
    if (!g->v.node_off || !g->v.edge_off)
        return -1;
    for (size_t i = 0; g->v.roots && i < g->v.nents; i++)
        g->v.node_off[i] = kg_ent_merged(g, (uint32_t)i);
    /* every relation end is a root now (link_ends) and no relation is
     * folded yet (kg_merge_edges comes after): no edge is hidden, as
     * edge_off, zeroed, says, without asking each edge's ends
     * (kg_graph_sync_edges: 2M relations at 1M) */
    g->v.edges_synced = 1;
    return 0;
}

static kg_status resolve(kg_graph *g);

kg_status kg_resolve(kg_graph *g)
{
    if (!kg_graph_open(g))
        return KG_ERR_USAGE;
    g->resolved = 1;
    kg_clock c = kg_graph_clock(g);
    kg_status st = resolve(g);
    kg_graph_timed(g, c, "resolve", NULL);
    return st == KG_ERR_NOMEM ? kg_graph_broke(g) : st;
}

/* The relations of a file with no type column take the file's name as
 * their type (kg_graph_set_type_from_file), now that every input is known
 * and the start their names share can be dropped.  0 or -1. */
static int types_from_files(kg_graph *g)
{
    if (!g->ntyped_files)
        return 0;
    size_t prefix = kg_file_type_prefix(g->files, g->nfiles);
    kg_buf t;
    kg_buf_init(&t);
    int rc = 0;
    for (size_t i = 0; i < g->ntyped_files && rc == 0; i++) {
        const struct kg_typed_file *f = &g->typed_files[i];
        rc = kg_file_type(g->files[f->file], prefix, &t);
        for (uint32_t r = f->first; rc == 0 && t.len && r < f->end; r++)
            if (g->v.rels[r].type == KG_NONE)
                rc = kg_graph_relation_type(g, r, t.data, t.len);
    }
    kg_buf_free(&t);
    return rc;
}

static kg_status resolve(kg_graph *g)
{
    if (kg_graph_flush_ends(g)) /* relations added by code */
        return KG_ERR_NOMEM;
    if (types_from_files(g))
        return KG_ERR_NOMEM;
    /* the name index is built while the symbol slots are given back (they
     * are made again if resolving interns, or when looked up) */
    kg_symtab_drop_slots(&g->v.syms);
    struct kg_resolver *rs = kg_calloc(1, sizeof *rs);
    if (!rs)
        return KG_ERR_NOMEM;
    index_init(&rs->exact, g, 0);
    index_init(&rs->loose, g, 1);
    kg_buf_init(&rs->key);
    int rc = resolve_all(g, rs);
    /* the indexes are large (a key per name and alias) and kg_lookup does
     * without them: give the memory back before writing.  The slots stay
     * dropped: the write does without them, a lookup makes them again
     * (kg_sym_find) */
    kg_resolver_free(rs);
    if (rc == 0)
        rc = hide_merged(g);
    kg_graph_release_tails(g); /* the entities made for unknown ends */
    return rc ? KG_ERR_NOMEM : KG_OK;
}
