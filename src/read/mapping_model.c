/*
 * mapping_model.c - a FollowTheMoney mapping's YAML read into queries
 * (mapping_model.h), with FtM's own rules (followthemoney's mapping package,
 * 2025): a file of datasets, `NAME: {queries: [...]}` (or `query:`), as
 * `ftm map` reads it, or one dataset's `queries:`/`query:` alone; a query
 * has `csv_url`/`csv_urls`, `entities`, `filters`, `filters_not`; an
 * entity `schema`, `key`/`keys` or `id_column`, `key_literal`,
 * `properties`; a property `column`/`columns`, `join`, `split`,
 * `literal`/`literals`, `template` ({{column}}), `entity`, `required`.
 *
 * What FtM refuses is an error at its place (no schema, no keys, keys and
 * id_column both, an entity that names no entity of the query, a circle
 * of entities); a key kgraph does not know, and `format` and `fuzzy`
 * (FtM's value cleaning, which kgraph does not do), are warnings.  SQL
 * queries and `include` are errors: kgraph reads the tables a mapping
 * names beside it, and nothing else.
 */
#include "read/mapping_model.h"

#include <stdlib.h>
#include <string.h>

#include "rules/ftm_model.h"
#include "util/alloc.h"
#include "util/utf8.h"

/* ---- Diagnostics ---- */

static void error_at(mapping *m, const kg_ynode *n, const char *what,
                     const char *name)
{
    m->errors++;
    if (name)
        kg_report(m->d, KG_ERROR, m->file, n->line, n->col, "%s %s", what,
                  kg_q(m->d, name));
    else
        kg_report(m->d, KG_ERROR, m->file, n->line, n->col, "%s", what);
}

/* The keys of map n that are not in known[] (NULL-ended): a warning each,
 * `where` saying in what. */
static void unknown_keys(mapping *m, const kg_ynode *n,
                         const char *const *known, const char *where)
{
    for (size_t i = 0; i + 1 < n->nkids; i += 2) {
        const kg_ynode *k = n->kids[i];
        size_t j = 0;
        while (known[j] && strcmp(known[j], k->text) != 0)
            j++;
        if (!known[j])
            kg_warn(m->d, "mapping-key", m->file, k->line, k->col,
                    "%s is not a key of %s that kgraph knows; it is ignored",
                    kg_q(m->d, k->text), where);
    }
}

/* Whether n is a map (else an error saying what it should be). */
static int want_map(mapping *m, const kg_ynode *n, const char *what)
{
    if (n && n->kind == KG_Y_MAP)
        return 1;
    if (n)
        error_at(m, n, what, NULL);
    return 0;
}

/* The text of scalar n, or NULL (and an error) when it is not one; NULL
 * without an error for a null or a missing node. */
static const char *text_of(mapping *m, const kg_ynode *n, const char *key)
{
    if (!n || (n->kind == KG_Y_SCALAR && n->null))
        return NULL;
    if (n->kind == KG_Y_SCALAR)
        return n->text;
    error_at(m, n, "this should be one value, not a list or a map:", key);
    return NULL;
}

/* FtM's keys_values(data, one, many): the texts of key `one` (a value or
 * a list) then of `many`, with their nodes, into *out and *at (either may
 * be NULL).  -1 when out of memory. */
static int values_of(mapping *m, const kg_ynode *map, const char *one,
                     const char *many, const kg_ynode ***at, size_t *n)
{
    const char *names[2] = {one, many};
    size_t cap = 0;
    *at = NULL;
    *n = 0;
    for (int w = 0; w < 2; w++) {
        const kg_ynode *v = kg_ymap_get(map, names[w]);
        if (!v || (v->kind == KG_Y_SCALAR && v->null))
            continue;
        const kg_ynode *const *items = (const kg_ynode *const *)&v;
        size_t count = 1;
        if (v->kind == KG_Y_SEQ) {
            items = (const kg_ynode *const *)v->kids;
            count = v->nkids;
        } else if (v->kind == KG_Y_MAP) {
            error_at(m, v,
                     "this should be a value or a list of them:", names[w]);
            continue;
        }
        for (size_t i = 0; i < count; i++) {
            if (items[i]->kind != KG_Y_SCALAR) {
                error_at(m, items[i], "this should be a value:", names[w]);
                continue;
            }
            if (items[i]->null)
                continue;
            if (kg_grow((void **)at, &cap, *n + 1, sizeof **at))
                return -1;
            (*at)[(*n)++] = items[i];
        }
    }
    return 0;
}

/* YAML 1.1's booleans, as PyYAML reads them; -1 for anything else. */
static int boolean(const kg_ynode *n)
{
    static const char *const yes[] = {"true", "yes", "on", NULL};
    static const char *const no[] = {"false", "no", "off", NULL};
    if (!n || n->null)
        return 0;
    for (int i = 0; yes[i]; i++) {
        if (kg_ascii_casecmp(n->text, yes[i]) == 0)
            return 1;
        if (kg_ascii_casecmp(n->text, no[i]) == 0)
            return 0;
    }
    return -1;
}

/* ---- Columns ---- */

/* The index of column `name` in q's columns, added when new (at `at`, the
 * first place that names it); -1 when out of memory. */
static long column(map_query *q, size_t *cap, const char *name,
                   const kg_ynode *at)
{
    for (size_t i = 0; i < q->ncols; i++)
        if (strcmp(q->cols[i].name, name) == 0)
            return (long)i;
    if (kg_grow((void **)&q->cols, cap, q->ncols + 1, sizeof *q->cols))
        return -1;
    q->cols[q->ncols] = (map_ref){name, at};
    return (long)q->ncols++;
}

/* FtM's template refs: each {{name}} whose name has no '(', ')' or '}'
 * (its FORMAT_PATTERN, "{{([^(}})]*)}}"). */
static int template_refs(mapping *m, map_query *q, size_t *cap, map_prop *p,
                         const kg_ynode *at)
{
    size_t pcap = 0;
    const char *s = p->template_;
    while ((s = strstr(s, "{{")) != NULL) {
        const char *e = s + 2;
        while (*e && *e != '(' && *e != ')' && *e != '}')
            e++;
        if (e[0] != '}' || e[1] != '}') {
            s += 2;
            continue;
        }
        char *name = kg_arena_strndup(&m->arena, s + 2, (size_t)(e - s - 2));
        long c = name ? column(q, cap, name, at) : -1;
        if (c < 0 ||
            kg_grow((void **)&p->refs, &pcap, p->nrefs + 1, sizeof *p->refs))
            return -1;
        p->refs[p->nrefs++] = (size_t)c;
        s = e + 2;
    }
    return 0;
}

/* ---- Properties and entities ---- */

static int read_prop(mapping *m, map_query *q, size_t *cap, map_prop *p,
                     const kg_ynode *v)
{
    static const char *const known[] = {
        "column", "columns",  "join",    "split",    "entity",   "format",
        "fuzzy",  "required", "literal", "literals", "template", NULL};
    if (!want_map(m, v,
                  "a property's mapping should be a map (column:, "
                  "literal:, entity:...)"))
        return 0;
    unknown_keys(m, v, known, "a property's mapping");
    for (int w = 0; w < 2; w++) {
        const char *key = w ? "fuzzy" : "format";
        const kg_ynode *k = kg_ymap_get(v, key);
        if (k)
            kg_warn(m->d, "mapping-key", m->file, k->line, k->col,
                    "'%s' asks FtM to clean values by type, which kgraph "
                    "does not do; the values are kept as written",
                    key);
    }
    p->join = text_of(m, kg_ymap_get(v, "join"), "join");
    p->split = text_of(m, kg_ymap_get(v, "split"), "split");
    p->entity = text_of(m, kg_ymap_get(v, "entity"), "entity");
    p->template_ = text_of(m, kg_ymap_get(v, "template"), "template");
    if (p->split && !*p->split)
        error_at(m, kg_ymap_get(v, "split"), "split: an empty separator", NULL);
    const kg_ynode *req = kg_ymap_get(v, "required");
    p->required = boolean(req);
    if (p->required < 0) {
        error_at(m, req, "required: this should be true or false:", req->text);
        p->required = 0;
    }
    const kg_ynode **nodes;
    size_t n;
    if (values_of(m, v, "literal", "literals", &nodes, &n))
        return -1;
    p->literals = n ? kg_arena_alloc(&m->arena, n * sizeof *p->literals) : NULL;
    if (n && !p->literals) {
        free(nodes);
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        p->literals[i] = nodes[i]->text;
    p->nliterals = n;
    free(nodes);
    if (p->template_)
        return template_refs(m, q, cap, p, v);
    if (values_of(m, v, "column", "columns", &nodes, &n))
        return -1;
    p->refs = n ? kg_malloc(n * sizeof *p->refs) : NULL;
    for (size_t i = 0; p->refs && i < n; i++) {
        long c = column(q, cap, nodes[i]->text, nodes[i]);
        if (c < 0) {
            free(nodes);
            return -1;
        }
        p->refs[p->nrefs++] = (size_t)c;
    }
    free(nodes);
    return n && !p->refs ? -1 : 0;
}

static int read_keys(mapping *m, map_query *q, size_t *cap, map_entity *e,
                     const kg_ynode *v, const char *dataset)
{
    const kg_ynode **nodes;
    size_t n;
    if (values_of(m, v, "key", "keys", &nodes, &n))
        return -1;
    e->keys = n ? kg_malloc(n * sizeof *e->keys) : NULL;
    for (size_t i = 0; e->keys && i < n; i++) {
        long c = column(q, cap, nodes[i]->text, nodes[i]);
        if (c < 0) {
            free(nodes);
            return -1;
        }
        e->keys[e->nkeys++] = (size_t)c;
    }
    free(nodes);
    if (n && !e->keys)
        return -1;
    const kg_ynode *idc = kg_ymap_get(v, "id_column");
    const char *id_column = text_of(m, idc, "id_column");
    e->id_column = -1;
    if (id_column) {
        long c = column(q, cap, id_column, idc);
        if (c < 0)
            return -1;
        e->id_column = (int)c;
    }
    if (!e->nkeys && !id_column)
        error_at(m, v, "no keys and no id_column for entity", e->name);
    if (e->nkeys && id_column)
        error_at(m, idc, "keys and id_column both: FtM takes one of them, for",
                 e->name);
    /* FtM's seed: sha1(key_prefix, the dataset's name in `ftm map`) then
     * key_literal, each as normality's stringify gives it (stripped) */
    const char *lit = text_of(m, kg_ymap_get(v, "key_literal"), "key_literal");
    kg_sha1_init(&e->seed);
    const char *parts[2] = {dataset, lit};
    for (int i = 0; i < 2; i++) {
        const char *s = parts[i];
        if (!s)
            continue;
        size_t len = strlen(s);
        while (len && strchr(" \t\r\n\f\v", s[len - 1]))
            len--;
        while (len && strchr(" \t\r\n\f\v", *s)) {
            s++;
            len--;
        }
        kg_sha1_update(&e->seed, s, len);
    }
    return 0;
}

static int read_entity(mapping *m, map_query *q, size_t *cap, map_entity *e,
                       const kg_ynode *v, const char *dataset)
{
    static const char *const known[] = {
        "schema",    "key",        "keys", "key_literal",
        "id_column", "properties", NULL};
    e->id_column = -1;
    if (!want_map(m, v,
                  "an entity's mapping should be a map (schema:, "
                  "keys:, properties:)"))
        return 0;
    unknown_keys(m, v, known, "an entity's mapping");
    e->schema = text_of(m, kg_ymap_get(v, "schema"), "schema");
    if (!e->schema)
        error_at(m, v, "no schema for entity", e->name);
    else
        e->relationship = kg_ftm_link_named(e->schema) != NULL;
    if (read_keys(m, q, cap, e, v, dataset))
        return -1;
    const kg_ynode *props = kg_ymap_get(v, "properties");
    if (!props || props->null ||
        !want_map(m, props,
                  "properties: should be a map of "
                  "property names"))
        return 0;
    e->nprops = props->nkids / 2;
    e->props = e->nprops ? kg_calloc(e->nprops, sizeof *e->props) : NULL;
    if (e->nprops && !e->props)
        return -1;
    for (size_t i = 0; i < e->nprops; i++) {
        map_prop *p = &e->props[i];
        p->name = props->kids[2 * i]->text;
        p->at = props->kids[2 * i];
        if (read_prop(m, q, cap, p, props->kids[2 * i + 1]))
            return -1;
    }
    return 0;
}

/* Each entity's references to others found, and the entities put in an
 * order where one comes after those it refers to (FtM's QueryMapping:
 * each time the first whose references are all placed). */
static int order_entities(mapping *m, map_query *q)
{
    for (size_t i = 0; i < q->nents; i++)
        for (size_t j = 0; j < q->ents[i].nprops; j++) {
            map_prop *p = &q->ents[i].props[j];
            size_t k = 0;
            while (p->entity && k < q->nents &&
                   strcmp(q->ents[k].name, p->entity) != 0)
                k++;
            if (p->entity && k == q->nents)
                error_at(m, p->at, "no entity of this query is called",
                         p->entity);
            p->entity_at = k;
        }
    map_entity *sorted = kg_calloc(q->nents ? q->nents : 1, sizeof *sorted);
    unsigned char *placed = kg_calloc(q->nents ? q->nents : 1, 1);
    size_t *where = kg_calloc(q->nents ? q->nents : 1, sizeof *where);
    if (!sorted || !placed || !where) {
        free(sorted);
        free(placed);
        free(where);
        return -1;
    }
    size_t n = 0;
    while (n < q->nents) {
        size_t i = 0;
        for (; i < q->nents; i++) {
            int ready = !placed[i];
            for (size_t j = 0; ready && j < q->ents[i].nprops; j++) {
                const map_prop *p = &q->ents[i].props[j];
                ready = !p->entity || p->entity_at >= q->nents ||
                        placed[p->entity_at];
            }
            if (ready)
                break;
        }
        if (i == q->nents) {
            error_at(m, q->at,
                     "the entities of this query refer to each "
                     "other in a circle",
                     NULL);
            break;
        }
        placed[i] = 1;
        where[i] = n;
        sorted[n++] = q->ents[i];
    }
    if (n < q->nents) { /* (an error said) the rest as they stand */
        for (size_t i = 0; i < q->nents; i++)
            if (!placed[i]) {
                where[i] = n;
                sorted[n++] = q->ents[i];
            }
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < sorted[i].nprops; j++) {
            map_prop *p = &sorted[i].props[j];
            if (p->entity && p->entity_at < q->nents)
                p->entity_at = where[p->entity_at];
        }
    free(q->ents);
    free(placed);
    free(where);
    q->ents = sorted;
    return 0;
}

static int read_filters(mapping *m, map_query *q, size_t *cap,
                        const kg_ynode *v, int not_)
{
    if (!v || v->null ||
        !want_map(m, v,
                  not_ ? "filters_not: should be a map of columns"
                       : "filters: should be a map of columns"))
        return 0;
    for (size_t i = 0; i + 1 < v->nkids; i += 2) {
        const kg_ynode *k = v->kids[i], *val = v->kids[i + 1];
        long c = column(q, cap, k->text, k);
        map_filter *f;
        f = c < 0 ? NULL
                  : kg_realloc_array(q->filters, q->nfilters + 1,
                                     sizeof *q->filters);
        if (!f)
            return -1;
        q->filters = f;
        f = &q->filters[q->nfilters++];
        *f = (map_filter){.column = (size_t)c, .not_ = not_};
        /* banal's ensure_list: a null is no value, a list its items */
        const kg_ynode *const *items = (const kg_ynode *const *)&val;
        size_t count = val->null ? 0 : 1;
        if (val->kind == KG_Y_SEQ) {
            items = (const kg_ynode *const *)val->kids;
            count = val->nkids;
        }
        f->values = count ? kg_calloc(count, sizeof *f->values) : NULL;
        if (count && !f->values)
            return -1;
        for (size_t j = 0; j < count; j++) {
            if (items[j]->kind != KG_Y_SCALAR)
                error_at(m, items[j], "a filter's value should be a value",
                         NULL);
            else
                f->values[f->nvalues++] =
                    items[j]->null ? NULL : items[j]->text;
        }
    }
    return 0;
}

static int read_query(mapping *m, map_query *q, const kg_ynode *v,
                      const char *dataset)
{
    static const char *const known[] = {"csv_url", "csv_urls",    "entities",
                                        "filters", "filters_not", NULL};
    size_t cap = 0;
    q->at = v;
    if (!want_map(m, v, "a query should be a map (csv_url:, entities:)"))
        return 0;
    if (kg_ymap_get(v, "database") || kg_ymap_get(v, "tables")) {
        error_at(m, v,
                 "an SQL query: kgraph reads CSV tables only "
                 "(csv_url:)",
                 NULL);
        return 0;
    }
    unknown_keys(m, v, known, "a query");
    if (values_of(m, v, "csv_url", "csv_urls", &q->urls, &q->nurls))
        return -1;
    if (!q->nurls)
        error_at(m, v, "no csv_url in this query", NULL);
    if (read_filters(m, q, &cap, kg_ymap_get(v, "filters"), 0) ||
        read_filters(m, q, &cap, kg_ymap_get(v, "filters_not"), 1))
        return -1;
    const kg_ynode *ents = kg_ymap_get(v, "entities");
    if (!ents || !want_map(m, ents, "entities: should be a map of names") ||
        !ents->nkids) {
        error_at(m, ents ? ents : v, "no entities in this query", NULL);
        return 0;
    }
    q->nents = ents->nkids / 2;
    q->ents = kg_calloc(q->nents, sizeof *q->ents);
    if (!q->ents)
        return -1;
    for (size_t i = 0; i < q->nents; i++) {
        map_entity *e = &q->ents[i];
        e->name = ents->kids[2 * i]->text;
        e->at = ents->kids[2 * i];
        if (read_entity(m, q, &cap, e, ents->kids[2 * i + 1], dataset))
            return -1;
    }
    return order_entities(m, q);
}

/* The queries of one dataset (`queries:` or `query:`, each a query or a
 * list of them), their ids seeded with `dataset` (NULL: none). */
static int read_dataset(mapping *m, const kg_ynode *v, const char *dataset,
                        size_t *cap)
{
    for (int w = 0; w < 2; w++) {
        const kg_ynode *qs = kg_ymap_get(v, w ? "query" : "queries");
        if (!qs)
            continue;
        const kg_ynode *const *items = (const kg_ynode *const *)&qs;
        size_t count = 1;
        if (qs->kind == KG_Y_SEQ) {
            items = (const kg_ynode *const *)qs->kids;
            count = qs->nkids;
        }
        for (size_t i = 0; i < count; i++) {
            if (kg_grow((void **)&m->queries, cap, m->nqueries + 1,
                        sizeof *m->queries))
                return -1;
            map_query *q = &m->queries[m->nqueries++];
            *q = (map_query){0};
            if (read_query(m, q, items[i], dataset))
                return -1;
        }
    }
    return 0;
}

int kg_mapping_model(mapping *m)
{
    /* metadata that Aleph keeps beside a dataset's queries */
    static const char *const dataset_keys[] = {
        "queries",   "query",       "label",     "title",
        "summary",   "description", "info_url",  "data_url",
        "url",       "category",    "publisher", "publisher_url",
        "countries", "languages",   "frequency", "prefix",
        NULL};
    const kg_ynode *root = m->doc.root;
    size_t cap = 0;
    if (!root || !want_map(m, root,
                           "a mapping should be a map of datasets "
                           "(NAME: {queries: [...]})")) {
        if (!root)
            kg_report(m->d, KG_ERROR, m->file, 0, 0, "the mapping is empty");
        m->errors++;
        return 0;
    }
    if (kg_ymap_get(root, "include"))
        error_at(m, kg_ymap_get(root, "include"),
                 "include: kgraph reads one mapping file; give the "
                 "other as a mapping of its own",
                 NULL);
    if (kg_ymap_get(root, "queries") || kg_ymap_get(root, "query")) {
        unknown_keys(m, root, dataset_keys, "a dataset");
        return read_dataset(m, root, NULL, &cap);
    }
    for (size_t i = 0; i + 1 < root->nkids; i += 2) {
        const kg_ynode *k = root->kids[i], *v = root->kids[i + 1];
        if (strcmp(k->text, "include") == 0)
            continue;
        if (!v || v->kind != KG_Y_MAP ||
            (!kg_ymap_get(v, "queries") && !kg_ymap_get(v, "query"))) {
            error_at(m, k, "a dataset without queries:", k->text);
            continue;
        }
        unknown_keys(m, v, dataset_keys, "a dataset");
        if (read_dataset(m, v, k->text, &cap))
            return -1;
    }
    if (!m->nqueries && !m->errors)
        error_at(m, root, "no queries in this mapping", NULL);
    return 0;
}

void kg_mapping_model_free(mapping *m)
{
    for (size_t i = 0; i < m->nqueries; i++) {
        map_query *q = &m->queries[i];
        for (size_t j = 0; j < q->nents; j++) {
            map_entity *e = &q->ents[j];
            for (size_t k = 0; k < e->nprops; k++)
                free(e->props[k].refs);
            free(e->props);
            free(e->keys);
        }
        for (size_t j = 0; j < q->nfilters; j++)
            free(q->filters[j].values);
        free(q->ents);
        free(q->filters);
        free(q->cols);
        free(q->urls);
    }
    free(m->queries);
    m->queries = NULL;
    m->nqueries = 0;
}
