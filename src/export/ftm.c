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

/* Whether column key has a property of its own (then not in notes). */
static int mapped(const char *key)
{
    return described(key) || kg_prov_of(key) != KG_PROV_NONE ||
           kg_ftm_country_key(key);
}

/* , "prop": ["a", "b"]: the values of list l in the columns property p
 * takes; with p NULL, the description's. */
static void write_prop(kg_out *o, const kg_graph *g, kg_list l,
                       const char *prop, const kg_ftm_prop *p)
{
    kg_attr_it it;
    int n = 0;
    for (kg_attr_begin(g, l, &it); kg_attr_step(&it);) {
        if (p ? !kg_ftm_prop_takes(p, it.key) : !described(it.key))
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
        if (links && described(it.key)) {
            next_item(o, &n, prop);
            kg_json_text(o, "", it.value, 0);
            continue;
        }
        if (mapped(it.key))
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

static const char *ent_schema(const kg_graph *g, uint32_t e)
{
    return kg_ftm_schema_of(kg_ent_type(g, kg_ent(g, e)));
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
    for (kg_attr_begin(g, kg_ent(g, e)->attrs, &it); kg_attr_step(&it);)
        if (kg_ftm_country_key(it.key)) {
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
    const char *schema = ent_schema(g, e);
    if (!kg_node_shown(g, e) || !schema)
        return;
    const kg_entity *n = kg_ent(g, e);
    kg_out_puts(o, "{\"id\": ");
    write_id(o, n->id);
    kg_out_printf(o, ", \"schema\": \"%s\", \"properties\": {\"name\": [",
                  schema);
    kg_json_text(o, "", kg_export_name(g, e), 0);
    kg_out_putc(o, ']');
    int k = 0;
    for (const kg_attr *a = kg_attr_at(g, n->aliases); a;
         a = kg_attr_next(g, a)) {
        next_item(o, &k, "alias");
        kg_json_text(o, "", a->value, 0);
    }
    end_items(o, k);
    write_prop(o, g, n->attrs, "description", NULL);
    for (size_t i = 0; i < kg_ftm_nprops; i++)
        if (kg_ftm_props[i].entities)
            write_prop(o, g, n->attrs, kg_ftm_props[i].prop, &kg_ftm_props[i]);
    if (f->first && f->next)
        write_countries(x, e);
    write_notes(x, n->attrs, "notes");
    kg_out_puts(o, "}}\n");
}

static void write_relation(kg_exporter *x, uint32_t r)
{
    const kg_graph *g = x->g;
    kg_out *o = x->out;
    const kg_relation *rel = kg_rel(g, r);
    const char *fs = ent_schema(g, rel->src), *ts = ent_schema(g, rel->dst);
    if (!kg_edge_shown(g, r) || !fs || !ts)
        return;
    const char *type = kg_rel_type(g, rel);
    const kg_ftm_link *link = kg_ftm_link_for(type, fs, ts);
    kg_list l = kg_rel_attrs(g, rel);
    kg_out_printf(o,
                  "{\"id\": \"kgraph-r%lu\", \"schema\": \"%s\", "
                  "\"properties\": {\"%s\": [",
                  (unsigned long)r + 1, link->schema, link->source);
    write_id(o, kg_ent(g, rel->src)->id);
    kg_out_printf(o, "], \"%s\": [", link->target);
    write_id(o, kg_ent(g, rel->dst)->id);
    kg_out_putc(o, ']');
    if (type) {
        kg_out_printf(o, ", \"%s\": [", link->type_prop);
        kg_json_text(o, "", type, 0);
        kg_out_putc(o, ']');
    }
    for (size_t i = 0; i < kg_ftm_nprops; i++)
        write_prop(o, g, l, kg_ftm_props[i].prop, &kg_ftm_props[i]);
    write_notes(x, l, "description"); /* links have no notes */
    kg_out_puts(o, "}}\n");
}

/* Links each entity to the shown relations that put it in a country
 * entity ("X is in country Y": a country value of X, not a relation),
 * the last first.  0, or -1 when out of memory. */
static int link_countries(const kg_graph *g, uint32_t *first, uint32_t *next)
{
    if (!first || !next)
        return -1;
    for (uint32_t r = 0; r < kg_nrels(g); r++) {
        const kg_relation *rel = kg_rel(g, r);
        if (!kg_edge_shown(g, r) || ent_schema(g, rel->dst) ||
            !ent_schema(g, rel->src) || !kg_ftm_in_country(kg_rel_type(g, rel)))
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
    if (link_countries(g, first, next))
        x->nomem = 1; /* written without, and failed */
    ftm f = {first, next};
    x->own = &f;
    kg_export_run(x, kg_nents(g), write_entity);
    kg_export_run(x, kg_nrels(g), write_relation);
    x->own = NULL;
    free(first);
    free(next);
}

const kg_export_backend kg_export_ftm = {0, write_ftm};
