/*
 * ftm.c - the graph as FollowTheMoney entities (ftm.h), in FtM's
 * vocabulary as rules/ftm_model.h has it, which the reader (read/ftm.c)
 * reads back.
 */
#include "export/ftm.h"

#include <stdlib.h>
#include <string.h>

#include "export/exporter_int.h"
#include "graph/view.h"
#include "rules/escape.h"
#include "rules/evidence.h"
#include "rules/ftm_model.h"
#include "util/utf8.h"

/* What the elements are written with (the exporter's `own`): the
 * relations that put an entity in a country, a list per entity (index +
 * 1 of the first, then of the next; 0 at the end), or NULL when out of
 * memory. */
typedef struct ftm {
    const uint32_t *first, *next;
} ftm;

/* An id as FtM allows it, quoted. */
static void write_id(kg_out *o, const char *id)
{
    kg_out_putc(o, '"');
    kg_ftm_write_id(o, id);
    kg_out_putc(o, '"');
}

/* Before the n-th item of property `prop`: the property's name and
 * bracket, or a comma. */
static void next_item(kg_out *o, int *n, const char *prop)
{
    if ((*n)++) {
        kg_out_puts(o, ", ");
        return;
    }
    kg_out_puts(o, ", \"");
    kg_out_puts(o, prop);
    kg_out_puts(o, "\": [");
}

static void end_items(kg_out *o, int n)
{
    if (n)
        kg_out_putc(o, ']');
}

static int described(const char *key)
{
    return kg_ascii_casecmp(key, "description") == 0;
}

/* What a column is to FtM: its role (kg_prov_of), whether it is the
 * description, whether a country. */
typedef struct column {
    kg_prov role;
    int described, country;
} column;

/* What the memo's keys are: a column's, a type's schema, a relation
 * type's putting an entity in a country. */
static const char key_tag[] = "key", schema_tag[] = "schema",
                  in_country_tag[] = "in country";

/* What column `key` is, worked out once per key (x's memo). */
static column column_of(kg_exporter *x, const char *key)
{
    kg_export_memo_slot *s;
    if (!kg_export_memo_find(&x->memo, key_tag, key, NULL, &s))
        s->value = (uintptr_t)(kg_prov_of(key) - KG_PROV_NONE) |
                   (uintptr_t)described(key) << 8 |
                   (uintptr_t)kg_ftm_country_key(key) << 9;
    return (column){(kg_prov)((int)(s->value & 0xff) + KG_PROV_NONE),
                    (s->value >> 8) & 1, (s->value >> 9) & 1};
}

/* Whether column key has a property of its own (then not in notes). */
static int mapped(kg_exporter *x, const char *key)
{
    column c = column_of(x, key);
    return c.described || c.role != KG_PROV_NONE || c.country;
}

/* , "prop": ["a", "b"]: the values of list l in the columns property p
 * takes; with p NULL, the description's. */
static void write_prop(kg_exporter *x, kg_list l, const char *prop,
                       const kg_ftm_prop *p)
{
    kg_out *o = x->out;
    kg_attr_it it;
    int n = 0;
    for (kg_attr_begin(x->g, l, &it); kg_attr_step(&it);) {
        column c = column_of(x, it.key);
        if (p ? !kg_ftm_prop_takes_role(p, c.role) : !c.described)
            continue;
        next_item(o, &n, prop);
        kg_json_text(o, "", it.value, 0);
    }
    end_items(o, n);
}

/* Every value with no property of its own as "key: value" in property
 * `prop`: notes; for a relation, which has no notes, its description,
 * after the description's own values. */
static void write_notes(kg_exporter *x, kg_list l, const char *prop)
{
    kg_out *o = x->out;
    kg_attr_it it;
    int n = 0;
    int links = strcmp(prop, "description") == 0;
    for (kg_attr_begin(x->g, l, &it); kg_attr_step(&it);) {
        if (links && column_of(x, it.key).described) {
            next_item(o, &n, prop);
            kg_json_text(o, "", it.value, 0);
            continue;
        }
        if (mapped(x, it.key))
            continue;
        next_item(o, &n, prop);
        kg_buf_clear(&x->scratch);
        if (kg_export_scratch_puts(x, it.key) ||
            kg_export_scratch_puts(x, ": ") ||
            kg_export_scratch_puts(x, it.value))
            continue; /* the export fails */
        kg_json_text(o, "", x->scratch.data, 0);
    }
    end_items(o, n);
}

/* Entity e's schema (kg_ftm_schema_of), worked out once per type. */
static const char *ent_schema(kg_exporter *x, uint32_t e)
{
    const char *type = kg_ent_type(x->g, kg_ent(x->g, e));
    kg_export_memo_slot *s;
    if (!kg_export_memo_find(&x->memo, schema_tag, type, NULL, &s))
        s->value = (uintptr_t)kg_ftm_schema_of(type);
    return (const char *)s->value;
}

/* Whether a relation of `type` puts an entity in a country
 * (kg_ftm_in_country), worked out once per type. */
static int in_country(kg_exporter *x, const char *type)
{
    kg_export_memo_slot *s;
    if (!kg_export_memo_find(&x->memo, in_country_tag, type, NULL, &s))
        s->value = (uintptr_t)kg_ftm_in_country(type);
    return (int)s->value;
}

/* The link a relation of `type` between schemata `from` and `to` (not
 * NULL: the keys are no other memo's) is written as (kg_ftm_link_for),
 * worked out once per three. */
static const kg_ftm_link *link_for(kg_exporter *x, const char *type,
                                   const char *from, const char *to)
{
    kg_export_memo_slot *s;
    if (!kg_export_memo_find(&x->memo, type, from, to, &s))
        s->value = (uintptr_t)kg_ftm_link_for(type, from, to);
    return (const kg_ftm_link *)s->value;
}

/* The countries entity e is in: its country values, and the names of the
 * country entities it is located in, based in, a citizen of...  (FtM has
 * no Country schema: other relations with a country are left out.) */
static void write_countries(kg_exporter *x, uint32_t e)
{
    const kg_graph *g = x->g;
    const ftm *f = x->own;
    kg_out *o = x->out;
    int n = 0;
    kg_attr_it it;
    for (kg_attr_begin(g, kg_ent_attrs(g, kg_ent(g, e)), &it);
         kg_attr_step(&it);)
        if (column_of(x, it.key).country) {
            next_item(o, &n, "country");
            kg_json_text(o, "", it.value, 0);
        }
    for (uint32_t r = f->first[e]; r; r = f->next[r - 1]) {
        const kg_relation *rel = kg_rel(g, r - 1);
        uint32_t other = rel->src == e ? rel->dst : rel->src;
        next_item(o, &n, "country");
        kg_json_text(o, "", kg_export_name(g, other), 0);
    }
    end_items(o, n);
}

static void write_entity(kg_exporter *x, uint32_t e)
{
    const kg_graph *g = x->g;
    const ftm *f = x->own;
    kg_out *o = x->out;
    const char *schema = ent_schema(x, e);
    if (!kg_node_shown(g, e) || !schema)
        return;
    const kg_entity *n = kg_ent(g, e);
    kg_out_puts(o, "{\"id\": ");
    write_id(o, kg_ent_id(g, n));
    kg_export_puts3(o, ", \"schema\": \"", schema,
                    "\", \"properties\": {\"name\": [");
    kg_json_text(o, "", kg_export_name(g, e), 0);
    kg_out_putc(o, ']');
    int k = 0;
    for (const kg_attr *a = kg_attr_at(g, n->aliases); a;
         a = kg_attr_next(g, a)) {
        next_item(o, &k, "alias");
        kg_json_text(o, "", a->value, 0);
    }
    end_items(o, k);
    kg_list attrs = kg_ent_attrs(g, n);
    write_prop(x, attrs, "description", NULL);
    for (size_t i = 0; i < kg_ftm_nprops; i++)
        if (kg_ftm_props[i].entities)
            write_prop(x, attrs, kg_ftm_props[i].prop, &kg_ftm_props[i]);
    if (f->first && f->next)
        write_countries(x, e);
    write_notes(x, attrs, "notes");
    kg_out_puts(o, "}}\n");
}

static void write_relation(kg_exporter *x, uint32_t r)
{
    const kg_graph *g = x->g;
    kg_out *o = x->out;
    const kg_relation *rel = kg_rel(g, r);
    const char *fs = ent_schema(x, rel->src), *ts = ent_schema(x, rel->dst);
    if (!kg_edge_shown(g, r) || !fs || !ts)
        return;
    const char *type = kg_rel_type(g, rel);
    const kg_ftm_link *link = link_for(x, type, fs, ts);
    kg_list l = kg_rel_attrs(g, rel);
    kg_out_puts(o, "{\"id\": \"kgraph-r");
    kg_out_ulong(o, (unsigned long)r + 1);
    kg_export_puts3(o, "\", \"schema\": \"", link->schema,
                    "\", \"properties\": {\"");
    kg_export_puts3(o, link->source, "\": [", "");
    write_id(o, kg_ent_id(g, kg_ent(g, rel->src)));
    kg_export_puts3(o, "], \"", link->target, "\": [");
    write_id(o, kg_ent_id(g, kg_ent(g, rel->dst)));
    kg_out_putc(o, ']');
    if (type) {
        kg_export_puts3(o, ", \"", link->type_prop, "\": [");
        kg_json_text(o, "", type, 0);
        kg_out_putc(o, ']');
    }
    for (size_t i = 0; i < kg_ftm_nprops; i++)
        write_prop(x, l, kg_ftm_props[i].prop, &kg_ftm_props[i]);
    write_notes(x, l, "description"); /* links have no notes */
    kg_out_puts(o, "}}\n");
}

/* Links each entity to the shown relations that put it in a country
 * entity ("X is in country Y": a country value of X, not a relation),
 * the last first.  0, or -1 when out of memory. */
static int link_countries(kg_exporter *x, uint32_t *first, uint32_t *next)
{
    const kg_graph *g = x->g;
    if (!first || !next)
        return -1;
    for (uint32_t r = 0; r < kg_nrels(g); r++) {
        const kg_relation *rel = kg_rel(g, r);
        /* the type first: it is the relation's own, its ends' schemata
         * are two reads elsewhere in memory */
        if (!kg_edge_shown(g, r) || !in_country(x, kg_rel_type(g, rel)) ||
            ent_schema(x, rel->dst) || !ent_schema(x, rel->src))
            continue;
        next[r] = first[rel->src];
        first[rel->src] = r + 1;
    }
    return 0;
}

static void write_ftm(kg_exporter *x)
{
    const kg_graph *g = x->g;
    uint32_t *first = kg_calloc(kg_nents(g) + 1, sizeof *first);
    uint32_t *next = kg_calloc(kg_nrels(g) + 1, sizeof *next);
    if (link_countries(x, first, next))
        x->nomem = 1; /* written without, and failed */
    ftm f = {first, next};
    x->own = &f;
    kg_export_run(x, kg_nents(g), write_entity);
    kg_export_run(x, kg_nrels(g), write_relation);
    x->own = NULL;
    free(first);
    free(next);
}

const kg_export_backend kg_export_ftm = {0, NULL, write_ftm};
