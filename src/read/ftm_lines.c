/*
 * ftm_lines.c - reading FollowTheMoney entities (a JSON object a line, as
 * Aleph and OpenSanctions export them, and as kgraph's -T ftm writes).
 *
 * A line is {"id", "schema", "properties": {name: [strings]}}.  An
 * entity of a relationship schema (Ownership, Directorship, Family...)
 * becomes a relation from its source property to its target (undirected
 * where FtM says so), its role or relationship its type; any other
 * becomes an entity of that schema's type ("person", "company"...), its
 * first name its name and the others aliases.  Properties that kgraph's
 * export renamed are read back under kgraph's names (startDate is date,
 * summary evidence...), notes "key: value" as attribute key; the rest
 * keep FtM's names.  A line that is not such an object is an error at
 * its line; the other lines are read.
 */
#include "read/ftm_lines.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "graph/lifetime.h"
#include "rules/ftm_model.h"
#include "util/utf8.h"

typedef struct reader {
    kg_graph *g;
    const char *file;
    kg_loc loc;
    int nomem;
    kg_buf id, key;
} reader;

/* The id `id` stands for (rules/ftm_model.h), in x->id. */
static const char *decode_id(reader *x, const char *id)
{
    const char *decoded = kg_ftm_read_id(&x->id, id);
    if (decoded)
        return decoded;
    x->nomem = 1;
    return id;
}

static void fail(reader *x, const char *what)
{
    kg_report(kg_graph_diag(x->g), KG_ERROR, x->file, x->loc.line, 0,
              "not a FollowTheMoney entity: %s", what);
    kg_graph_counts(x->g)->rejected++;
}

static const char *first_string(json_t *props, const char *name)
{
    json_t *v = json_object_get(props, name);
    return json_is_array(v) && json_array_size(v) &&
                   json_is_string(json_array_get(v, 0))
               ? json_string_value(json_array_get(v, 0))
               : NULL;
}

/* Every string of every property not in `skip`, as attributes: through
 * add(g, index, key, value, len, loc).  Notes "key: value" are key. */
static void add_values(reader *x, json_t *props, const char *const *skip,
                       uint32_t index,
                       int (*add)(kg_graph *, uint32_t, const char *,
                                  const char *, size_t, kg_loc))
{
    const char *prop;
    json_t *values;
    json_object_foreach(props, prop, values)
    {
        int skipped = 0;
        for (size_t k = 0; skip[k] && !skipped; k++)
            skipped = strcmp(prop, skip[k]) == 0;
        if (skipped || !json_is_array(values))
            continue;
        size_t i;
        json_t *v;
        json_array_foreach(values, i, v)
        {
            if (!json_is_string(v))
                continue;
            const char *s = json_string_value(v), *key = kg_ftm_key(prop);
            const char *colon = strstr(s, ": ");
            if (strcmp(prop, "notes") == 0 && colon && colon > s) {
                key = kg_intern(x->g, s, (size_t)(colon - s));
                s = colon + 2;
            } else {
                key = kg_intern(x->g, key, strlen(key));
            }
            if (!key || add(x->g, index, key, s, strlen(s), x->loc))
                x->nomem = 1;
        }
    }
}

static void relation(reader *x, const kg_ftm_link *e, json_t *props)
{
    const char *src = first_string(props, e->source);
    const char *dst = first_string(props, e->target);
    if (!src || !dst) {
        fail(x, "a relationship without both ends");
        return;
    }
    char *from = kg_strndup(decode_id(x, src), strlen(decode_id(x, src)));
    const char *to = from ? decode_id(x, dst) : NULL;
    uint32_t r =
        to ? kg_graph_relation(x->g, from, strlen(from), to, strlen(to), x->loc)
           : KG_NONE;
    free(from);
    if (r == KG_NONE) {
        x->nomem = 1;
        return;
    }
    const char *type = first_string(props, "role");
    if (!type)
        type = first_string(props, "relationship");
    if (!type)
        type = e->type;
    if (kg_graph_relation_type(x->g, r, type, strlen(type)) ||
        (!e->directed && kg_graph_relation_undirected(x->g, r)))
        x->nomem = 1;
    const char *const skip[] = {e->source, e->target, "role", "relationship",
                                NULL};
    add_values(x, props, skip, r, kg_graph_relation_attr);
}

/* An entity's type from its schema (rules/ftm_model.h), in x->key. */
static const char *type_of(reader *x, const char *schema)
{
    kg_buf_clear(&x->key);
    if (kg_ftm_type_of(&x->key, schema)) {
        x->nomem = 1;
        return schema;
    }
    return x->key.data ? x->key.data : schema;
}

static void entity(reader *x, const char *id, const char *schema, json_t *props)
{
    kg_graph *g = x->g;
    const char *eid = decode_id(x, id);
    int created;
    uint32_t e = kg_graph_entity(g, eid, strlen(eid), x->loc, &created);
    if (e == KG_NONE) {
        x->nomem = 1;
        return;
    }
    kg_graph_flag_entity(g, e, KG_ENT_IDENTIFIED);
    const char *type = type_of(x, schema);
    if (kg_graph_set_type(g, e, type, strlen(type), x->loc))
        x->nomem = 1;
    json_t *names = json_object_get(props, "name");
    size_t i;
    json_t *v;
    json_array_foreach(names, i, v)
    {
        const char *s = json_string_value(v);
        if (!s)
            continue;
        if (i == 0 ? kg_graph_set_name(g, e, s, strlen(s), x->loc)
                   : kg_graph_add_alias(g, e, s, strlen(s), x->loc))
            x->nomem = 1;
    }
    json_array_foreach(json_object_get(props, "alias"), i, v)
    {
        const char *s = json_string_value(v);
        if (s && kg_graph_add_alias(g, e, s, strlen(s), x->loc))
            x->nomem = 1;
    }
    const char *const skip[] = {"name", "alias", NULL};
    add_values(x, props, skip, e, kg_graph_entity_attr);
}

static void line(reader *x, const char *text, size_t len)
{
    json_error_t err;
    json_t *o = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
    kg_graph_counts(x->g)->rows++;
    if (!o) {
        kg_report(kg_graph_diag(x->g), KG_ERROR, x->file, x->loc.line,
                  (unsigned long)(err.column > 0 ? err.column : 0),
                  "not JSON: %s", err.text);
        kg_graph_counts(x->g)->rejected++;
        return;
    }
    json_t *id = json_object_get(o, "id"),
           *schema = json_object_get(o, "schema");
    json_t *props = json_object_get(o, "properties");
    if (!json_is_object(o) || !json_is_string(id) || !json_is_string(schema) ||
        !json_string_length(id)) {
        fail(x, "it needs an \"id\" and a \"schema\"");
    } else if (props && !json_is_object(props)) {
        fail(x, "\"properties\" is not an object");
    } else {
        const char *s = json_string_value(schema);
        const kg_ftm_link *e = kg_ftm_link_named(s);
        json_t *none = props ? NULL : json_object();
        if (e)
            relation(x, e, props ? props : none);
        else
            entity(x, json_string_value(id), s, props ? props : none);
        json_decref(none);
    }
    json_decref(o);
}

int kg_ftm_name(const char *path)
{
    size_t n = strlen(path);
    return (n > 9 && kg_ascii_casecmp(path + n - 9, ".ftm.json") == 0) ||
           (n > 6 && kg_ascii_casecmp(path + n - 6, ".jsonl") == 0) ||
           (n > 4 && kg_ascii_casecmp(path + n - 4, ".ftm") == 0);
}

kg_status kg_load_ftm(kg_graph *g, const char *path, int fd)
{
    uint32_t f = kg_graph_add_file(g, path);
    FILE *in = f == KG_NONE ? NULL : fdopen(dup(fd), "rb");
    if (!in)
        return KG_ERR_NOMEM;
    reader x = {g, kg_graph_file(g, f), {f, 0}, 0, {0}, {0}};
    kg_buf_init(&x.id);
    kg_buf_init(&x.key);
    char *text = NULL;
    size_t cap = 0;
    ssize_t n;
    kg_status st = KG_OK;
    while (!x.nomem && (n = getline(&text, &cap, in)) >= 0) {
        x.loc.line++;
        if (kg_graph_settings(g)->max_row &&
            (size_t)n > kg_graph_settings(g)->max_row) {
            kg_report(kg_graph_diag(g), KG_ERROR, x.file, x.loc.line, 0,
                      "a line of %zd bytes, more than %s: the rest of the "
                      "file is not read",
                      n, kg_setting_name(kg_graph_diag(g), KG_SETTING_MAX_ROW));
            st = KG_OK;
            break;
        }
        while (n && (text[n - 1] == '\n' || text[n - 1] == '\r'))
            n--;
        if (n && strspn(text, " \t") < (size_t)n)
            line(&x, text, (size_t)n);
    }
    if (ferror(in)) {
        kg_report(kg_graph_diag(g), KG_ERROR, x.file, 0, 0, "cannot read: %s",
                  strerror(errno));
        st = KG_ERR_IO;
    }
    free(text);
    fclose(in);
    if (kg_graph_flush_ends(g))
        x.nomem = 1;
    kg_buf_free(&x.id);
    kg_buf_free(&x.key);
    return x.nomem ? KG_ERR_NOMEM : st;
}
