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
 * keep FtM's names.  A line that is not such an object, or whose id or
 * ends stand for no text (rules/ftm_model.h), is an error at its line
 * (the line is rejected: graph/rejects.h); the other lines are read.
 * What raw exports hold and FtM's own tools take is read, with one
 * counted warning a file for each kind: an object that repeats a key (its
 * values merged: read/json_keys.h), and a relationship with one end only
 * (an Occupancy with a holder and no post), kept as an attribute of the
 * entity it names; a property given as one string, not a list, is a list
 * of one.  A line longer than the row limit stops the file, as a CSV row
 * does; no more than that is ever held.
 */
#include "read/ftm_lines.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "graph/lifetime.h"
#include "graph/rejects.h"
#include "read/json_keys.h"
#include "rules/ftm_model.h"
#include "util/alloc.h"
#include "util/utf8.h"

/* What a file's lines took that FtM's tools take too: how many, the
 * first's line and what it was (a key, a schema and its end). */
typedef struct tolerated {
    unsigned long lines, first;
    char what[96];
} tolerated;

typedef struct kg_ftm_reader {
    kg_graph *g;
    const char *file;
    kg_loc loc;
    int nomem;
    kg_buf id[2], key;
    const char *text; /* the line being read, as read */
    size_t len;
    tolerated repeats, one_ended;
} reader;

/* The reader's own state, set up for file f of g, the file begun for
 * diagnostics (util/diag.h). */
static void reader_init(reader *x, kg_graph *g, uint32_t f)
{
    *x = (reader){.g = g, .file = kg_graph_file(g, f), .loc = {f, 0}};
    kg_diag_file_begin(kg_graph_diag(g), KG_SHOWN_ERRORS);
    kg_buf_init(&x->id[0]);
    kg_buf_init(&x->id[1]);
    kg_buf_init(&x->key);
}

/* The line is not used (graph/rejects.h). */
static void reject(reader *x)
{
    kg_graph_reject(x->g, x->file, x->loc.line, "", x->text, x->len);
}

static void fail(reader *x, const char *what)
{
    kg_report(kg_graph_diag(x->g), KG_ERROR, x->file, x->loc.line, 0,
              "not a FollowTheMoney entity: %s", what);
    reject(x);
}

static void tolerate(reader *x, tolerated *t, const char *what)
{
    if (!t->lines++) {
        t->first = x->loc.line;
        snprintf(t->what, sizeof t->what, "%s", what);
    }
}

/* The id that `id`, in property `prop`, stands for (rules/ftm_model.h),
 * decoded into x->id[k]; NULL when it stands for none (an error at the
 * line, which is not used) or when out of memory. */
static const char *decode_id(reader *x, int k, const char *prop, const char *id)
{
    const char *out, *why;
    int rc = kg_ftm_read_id(&x->id[k], id, &out, &why);
    if (rc == 0)
        return out;
    if (rc < 0) {
        x->nomem = 1;
        return NULL;
    }
    kg_diagsink *d = kg_graph_diag(x->g);
    kg_report(d, KG_ERROR, x->file, x->loc.line, 0,
              "%s %s is not an id kgraph can read: %s; the line is not used",
              prop, kg_q(d, id), why);
    reject(x);
    return NULL;
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
        /* the property's key, once: only a note names its own */
        const char *own = kg_ftm_key(prop);
        const char *ikey = kg_intern(x->g, own, strlen(own));
        int notes = strcmp(prop, "notes") == 0;
        size_t i;
        json_t *v;
        json_array_foreach(values, i, v)
        {
            if (!json_is_string(v))
                continue;
            const char *s = json_string_value(v), *key = ikey;
            const char *colon = notes ? strstr(s, ": ") : NULL;
            if (colon && colon > s) {
                key = kg_intern(x->g, s, (size_t)(colon - s));
                s = colon + 2;
            }
            if (!key || add(x->g, index, key, s, strlen(s), x->loc))
                x->nomem = 1;
        }
    }
}

/* A relation's type: its role or relationship, else its schema's. */
static const char *relation_type(const kg_ftm_link *e, json_t *props)
{
    const char *type = first_string(props, "role");
    if (!type)
        type = first_string(props, "relationship");
    return type ? type : e->type;
}

/* A relationship with one end (`end`, the other, `missing`, absent): each
 * entity the end names gets an attribute, the relation's type, saying
 * what it is ("Occupancy ID, no post").  The line is rejected when an id
 * stands for no text. */
static void one_end(reader *x, const kg_ftm_link *e, const char *id,
                    json_t *props, const char *end, const char *missing)
{
    char what[96];
    snprintf(what, sizeof what, "%s with %s and no %s", e->schema, end,
             missing);
    const char *type = relation_type(e, props);
    const char *key = kg_intern(x->g, type, strlen(type));
    kg_buf_clear(&x->key);
    if (!key || kg_buf_puts(&x->key, e->schema) || kg_buf_putc(&x->key, ' ') ||
        kg_buf_puts(&x->key, id) || kg_buf_puts(&x->key, ", no ") ||
        kg_buf_puts(&x->key, missing))
        x->nomem = 1;
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(props, end), i, v)
    {
        const char *s = json_string_value(v);
        const char *eid = s && !x->nomem ? decode_id(x, 0, end, s) : NULL;
        if (!eid)
            return;
        int created;
        uint32_t n = kg_graph_entity(x->g, eid, strlen(eid), x->loc, &created);
        if (n == KG_NONE || kg_graph_entity_attr(x->g, n, key, x->key.data,
                                                 x->key.len, x->loc)) {
            x->nomem = 1;
            return;
        }
    }
    tolerate(x, &x->one_ended, what);
}

static void relation(reader *x, const kg_ftm_link *e, const char *id,
                     json_t *props)
{
    const char *src = first_string(props, e->source);
    const char *dst = first_string(props, e->target);
    if (!src && !dst) {
        fail(x, "a relationship without either end");
        return;
    }
    if (!src || !dst) {
        one_end(x, e, id, props, src ? e->source : e->target,
                src ? e->target : e->source);
        return;
    }
    const char *from = decode_id(x, 0, e->source, src);
    const char *to = from ? decode_id(x, 1, e->target, dst) : NULL;
    if (!to)
        return;
    uint32_t r =
        kg_graph_relation(x->g, from, strlen(from), to, strlen(to), x->loc);
    if (r == KG_NONE) {
        x->nomem = 1;
        return;
    }
    const char *type = relation_type(e, props);
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
    const char *eid = decode_id(x, 0, "id", id);
    if (!eid)
        return;
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
    int named = 0; /* the first string is the name, the others aliases */
    json_array_foreach(names, i, v)
    {
        const char *s = json_string_value(v);
        if (!s)
            continue;
        if (named ? kg_graph_add_alias(g, e, s, strlen(s), x->loc)
                  : kg_graph_set_name(g, e, s, strlen(s), x->loc))
            x->nomem = 1;
        named = 1;
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

/* An entity of schema `schema` with properties `props` (an object of
 * lists of strings; NULL for none): a relation for a relationship
 * schema, else an entity. */
static void put(reader *x, const char *id, const char *schema, json_t *props)
{
    const kg_ftm_link *e = kg_ftm_link_named(schema);
    json_t *none = props ? NULL : json_object();
    if (!props && !none) {
        x->nomem = 1;
        return;
    }
    if (e)
        relation(x, e, id, props ? props : none);
    else
        entity(x, id, schema, props ? props : none);
    json_decref(none);
}

/* A property given as one string, not a list of them, is a list of one,
 * as FtM's own tools take it.  0, or -1 when out of memory. */
static int as_lists(json_t *props)
{
    const char *key;
    json_t *v;
    json_object_foreach(props, key, v)
    {
        json_t *list = json_is_string(v) ? json_array() : NULL;
        if (json_is_string(v) && (!list || json_array_append(list, v) ||
                                  json_object_set_new(props, key, list)))
            return -1;
    }
    return 0;
}

static void line(reader *x, const char *text, size_t len)
{
    json_error_t err;
    char *repeated;
    json_t *o = kg_json_load_merging(text, len, &err, &repeated);
    kg_graph_counts(x->g)->rows++;
    if (!o) {
        kg_report(kg_graph_diag(x->g), KG_ERROR, x->file, x->loc.line,
                  (unsigned long)(err.column > 0 ? err.column : 0),
                  "not JSON: %s", err.text);
        reject(x);
        return;
    }
    if (repeated) {
        char what[96];
        snprintf(what, sizeof what, "'%.80s'", repeated);
        tolerate(x, &x->repeats, what);
        free(repeated);
    }
    json_t *id = json_object_get(o, "id"),
           *schema = json_object_get(o, "schema");
    json_t *props = json_object_get(o, "properties");
    if (!json_is_object(o) || !json_is_string(id) || !json_is_string(schema) ||
        !json_string_length(id)) {
        fail(x, "it needs an \"id\" and a \"schema\"");
    } else if (props && !json_is_object(props)) {
        fail(x, "\"properties\" is not an object");
    } else if (props && as_lists(props)) {
        x->nomem = 1;
    } else {
        put(x, json_string_value(id), json_string_value(schema), props);
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

/* ---- Lines ---- */

/* One line (without its end) of the file: a UTF-8 byte-order mark at the
 * start of the file is passed over, as the CSV reader does; a blank line
 * is skipped. */
static void one_line(reader *x, const char *text, size_t n)
{
    static const char bom[] = "\xEF\xBB\xBF";
    x->loc.line++;
    kg_diag_row_begin(kg_graph_diag(x->g));
    x->text = text;
    x->len = n && text[n - 1] == '\r' ? n - 1 : n;
    if (x->loc.line == 1 && n >= 3 && memcmp(text, bom, 3) == 0) {
        text += 3;
        n -= 3;
    }
    while (n && text[n - 1] == '\r')
        n--;
    size_t blank = 0;
    while (blank < n && (text[blank] == ' ' || text[blank] == '\t'))
        blank++;
    if (blank < n)
        line(x, text, n);
}

/* A line past the row limit: where it ends is known (JSON lines end at a
 * newline), but reading on would mean reading all of it; the file stops
 * here, as a CSV file does. */
static void too_long(reader *x, size_t max)
{
    kg_diagsink *d = kg_graph_diag(x->g);
    const char *limit = kg_setting_name(d, KG_SETTING_MAX_ROW);
    if (max % (1u << 20) == 0)
        kg_report(d, KG_ERROR, x->file, x->loc.line + 1, 0,
                  "a line longer than %zu MiB (the limit: %s raises it); the "
                  "rest of this file is not read",
                  max >> 20, limit);
    else
        kg_report(d, KG_ERROR, x->file, x->loc.line + 1, 0,
                  "a line longer than %zu bytes (the limit: %s raises it); "
                  "the rest of this file is not read",
                  max, limit);
}

enum { CHUNK = 64 * 1024 };

/* Reads fd's lines into the graph, holding at most the row limit and one
 * chunk: a line being read is kept in `part` until its newline comes.
 * 0, or -1 when reading failed (errno says why). */
static int read_lines(reader *x, int fd, char *chunk, kg_buf *part)
{
    size_t max = kg_graph_settings(x->g)->max_row;
    for (;;) {
        ssize_t got = read(fd, chunk, CHUNK);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            return -1;
        if (got == 0)
            break;
        const char *p = chunk, *end = chunk + got;
        while (p < end && !x->nomem) {
            const char *nl = memchr(p, '\n', (size_t)(end - p));
            size_t n = (size_t)((nl ? nl : end) - p);
            if (max && part->len + n > max) {
                too_long(x, max);
                return 0;
            }
            if (kg_buf_append(part, p, n)) {
                x->nomem = 1;
                return 0;
            }
            p += n;
            if (!nl)
                break;
            one_line(x, part->data, part->len);
            kg_buf_clear(part);
            p++;
        }
        if (x->nomem)
            return 0;
    }
    if (part->len)
        one_line(x, part->data, part->len);
    return 0;
}

/* One warning for each kind of line read as FtM's tools read it. */
static void tell_tolerated(reader *x)
{
    kg_diagsink *d = kg_graph_diag(x->g);
    const tolerated *t = &x->repeats;
    if (t->lines)
        kg_warn(d, "repeated-key", x->file, t->first, 0,
                "%lu line%s repeat%s a key (this one %s); the values of a "
                "repeated key were merged",
                t->lines, t->lines == 1 ? "" : "s", t->lines == 1 ? "s" : "",
                t->what);
    t = &x->one_ended;
    if (t->lines)
        kg_warn(d, "one-ended", x->file, t->first, 0,
                "%lu relationship%s ha%s one end only (this one: %s); "
                "each is kept as an attribute of the entity it names",
                t->lines, t->lines == 1 ? "" : "s", t->lines == 1 ? "s" : "ve",
                t->what);
}

/* The file read: its relation ends interned, its errors counted, one
 * warning for each kind of line FtM's tools take; x's memory freed. */
static kg_status reader_end(reader *x)
{
    if (kg_graph_flush_ends(x->g))
        x->nomem = 1;
    kg_diag_file_end(kg_graph_diag(x->g), x->file);
    tell_tolerated(x);
    kg_buf_free(&x->id[0]);
    kg_buf_free(&x->id[1]);
    kg_buf_free(&x->key);
    return x->nomem ? KG_ERR_NOMEM : KG_OK;
}

kg_status kg_load_ftm(kg_graph *g, const char *path, int fd)
{
    uint32_t f = kg_graph_add_file(g, path);
    char *chunk = f == KG_NONE ? NULL : kg_malloc(CHUNK);
    if (!chunk)
        return KG_ERR_NOMEM;
    reader x;
    reader_init(&x, g, f);
    kg_buf part;
    kg_buf_init(&part);
    kg_status st = KG_OK;
    if (read_lines(&x, fd, chunk, &part)) {
        kg_report(kg_graph_diag(g), KG_ERROR, x.file, 0, 0, "cannot read: %s",
                  strerror(errno));
        st = KG_ERR_IO;
    }
    free(chunk);
    kg_buf_free(&part);
    kg_status end = reader_end(&x);
    return end != KG_OK ? end : st;
}

/* ---- Entities handed over whole (ftm_lines.h) ---- */

kg_ftm_reader *kg_ftm_reader_new(kg_graph *g, uint32_t file)
{
    reader *x = kg_malloc(sizeof *x);
    if (x)
        reader_init(x, g, file);
    return x;
}

void kg_ftm_reader_row(kg_ftm_reader *x, unsigned long line, const char *text,
                       size_t len)
{
    x->loc.line = line;
    x->text = text;
    x->len = len;
}

int kg_ftm_reader_put(kg_ftm_reader *x, const char *id, const char *schema,
                      json_t *props)
{
    if (!x->nomem)
        put(x, id, schema, props);
    return x->nomem ? -1 : 0;
}

kg_status kg_ftm_reader_end(kg_ftm_reader *x)
{
    if (!x)
        return KG_OK;
    kg_status st = reader_end(x);
    free(x);
    return st;
}
