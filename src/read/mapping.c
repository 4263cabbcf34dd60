/*
 * mapping.c - a FollowTheMoney mapping run over its tables (mapping.h):
 * each row of a query's tables gives the query's entities, as FtM's
 * QueryMapping.map does (followthemoney/mapping/{query,entity,property,
 * csv}.py), handed to the graph as FtM entities are (read/ftm_lines.h).
 *
 * A row's cells are read as FtM's CSV source reads them: stripped, an
 * empty cell no value (normality's stringify).  Then:
 *   - filters: the row is read when each filter's column holds one of its
 *     values, and no filters_not column one of its (a null matches an
 *     empty cell, as None does in FtM);
 *   - an entity's id: its id_column's cell, or the SHA-1 hex of the key
 *     prefix (the dataset's name, as `ftm map` gives it; none for a bare
 *     `queries:` file), key_literal, and its keys' non-empty cells sorted
 *     bytewise (EntityMapping.compute_key); no key, no entity, a counted
 *     warning;
 *   - a property's values: its literals and its columns' cells, joined by
 *     `join`, split by `split`; a template's {{column}}s filled in; an
 *     `entity` the id that entity has in this row, if it has one; each
 *     value stripped, empty ones dropped, a repeated one once;
 *   - an entity a `required` property of which has no value is not made
 *     (a counted warning);
 *   - a relationship whose id an earlier row gave already is that one (as
 *     FtM merges entities by id): it is not made twice.  Entities of equal
 *     ids, across rows and queries, are one in the graph already.
 * What FtM does besides, and kgraph does not: clean values by type
 * (dates, countries, phone numbers: `format`, `fuzzy`), check property
 * names against the schema, NFC-normalise text, sign ids (`ftm map`
 * without --no-sign) and expand $VARIABLES in a csv_url.
 *
 * Tables are named relative to the mapping's folder: a path that is
 * absolute, climbs out with "..", or is a URL (http:, file:...) is an
 * error at its line, so a mapping can make kgraph read only files in its
 * own folder and below.
 */
#define _GNU_SOURCE /* memmem */
#include "read/mapping.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "graph/lifetime.h"
#include "graph/rejects.h"
#include "read/ftm_lines.h"
#include "read/mapping_model.h"
#include "read/sheets.h"
#include "text/csv_pipe.h"
#include "text/workbook.h"
#include "util/alloc.h"
#include "util/utf8.h"

/* The largest mapping read: mappings are a few kilobytes. */
enum { MAX_MAPPING_BYTES = 4 << 20 };

/* ---- Tables ---- */

kg_status kg_table_rows(kg_graph *g, const char *path, const char *sheet,
                        int (*begin)(const char *name, void *ctx),
                        kg_csv_record_fn fn, void *ctx)
{
    kg_diagsink *d = kg_graph_diag(g);
    if (sheet || kg_workbook_name(path))
        return kg_sheet_rows(g, path, sheet, begin, fn, ctx);
    if (begin(path, ctx))
        return KG_ERR_NOMEM;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        kg_report(d, KG_ERROR, path, 0, 0, "cannot open: %s", strerror(errno));
        return KG_ERR_IO;
    }
    kg_csv_reader *r = kg_csv_new(path, d, 0, fn, ctx);
    if (!r) {
        close(fd);
        return KG_ERR_NOMEM;
    }
    const kg_settings *set = kg_graph_settings(g);
    kg_csv_options opts = {set->encoding, set->max_row, set->max_columns, 1};
    kg_csv_set_options(r, &opts);
    /* read as ingest.c reads a file: parsed on a second thread */
    kg_status st =
        kg_csv_read_fd(r, fd, NULL, NULL, NULL, NULL) == -2 ? KG_ERR_IO : KG_OK;
    if (kg_csv_nomem(r))
        st = KG_ERR_NOMEM;
    kg_csv_free(r);
    close(fd);
    return st;
}

/* ---- Where a query's tables are ---- */

/* Whether s starts with a URL scheme ("http:", "file:"). */
static size_t scheme_len(const char *s)
{
    size_t i = 0;
    if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
        return 0;
    while (s[i] &&
           (strchr("+.-", s[i]) || (s[i] >= '0' && s[i] <= '9') ||
            (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')))
        i++;
    return s[i] == ':' && i > 1 ? i : 0;
}

/* Whether path has a ".." component. */
static int climbs(const char *path)
{
    for (const char *p = path; (p = strstr(p, "..")) != NULL; p += 2)
        if ((p == path || p[-1] == '/') && (p[2] == '\0' || p[2] == '/'))
            return 1;
    return 0;
}

/* The table csv_url `url` names, into out (the mapping's folder, then the
 * path), its sheet (after '#') into *sheet (NULL: none); 0, or 1 when it
 * names none kgraph reads (an error said at its place), -1 when out of
 * memory. */
static int table_path(mapping *m, const kg_ynode *url, kg_buf *out,
                      const char **sheet)
{
    const char *s = url->text;
    size_t scheme = scheme_len(s);
    *sheet = NULL;
    kg_buf_clear(out);
    if (scheme) {
        int remote = strncmp(s, "file:", 5) != 0;
        kg_report(m->d, KG_ERROR, m->file, url->line, url->col,
                  remote ? "%s is a remote table: kgraph reads local files "
                           "only (download it beside the mapping and name "
                           "it by its path)"
                         : "%s is a URL: name the table by its path, "
                           "relative to the mapping's folder",
                  kg_q(m->d, s));
        m->errors++;
        return 1;
    }
    if (*s == '/' || climbs(s) || !*s) {
        kg_report(m->d, KG_ERROR, m->file, url->line, url->col,
                  "%s: a table is named by its path relative to the "
                  "mapping's folder, in it or below it (not absolute, no "
                  "\"..\")",
                  kg_q(m->d, s));
        m->errors++;
        return 1;
    }
    const char *slash = strrchr(m->file, '/');
    const char *hash = strchr(s, '#');
    size_t len = hash ? (size_t)(hash - s) : strlen(s);
    if ((slash && kg_buf_append(out, m->file, (size_t)(slash - m->file) + 1)) ||
        kg_buf_append(out, s, len))
        return -1;
    if (hash)
        *sheet = hash + 1;
    return 0;
}

/* ---- Rows ---- */

typedef struct run {
    mapping *m;
    kg_graph *g;
    map_query *q;
    const kg_ynode *url; /* the csv_url being read */
    const char *table;   /* its path, as diagnostics name it */
    kg_ftm_reader *x;
    long *col_at; /* each of q's columns: its field, or -1 */
    int header_read;
    kg_buf *ids;       /* each entity's id in this row; empty: none */
    json_t *relations; /* the ids of the relationships made */
    kg_buf value, cells;
    int nomem;
} run;

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' ||
           c == '\v';
}

/* s[0..*len) stripped: its start, *len its new length. */
static const char *strip(const char *s, size_t *len)
{
    while (*len && is_space(s[*len - 1]))
        (*len)--;
    while (*len && is_space(*s)) {
        s++;
        (*len)--;
    }
    return s;
}

/* Column c's cell in rec, stripped; NULL when it is empty or missing. */
static const char *cell(const run *r, const kg_csv_record *rec, size_t c,
                        size_t *len)
{
    long f = r->col_at[c];
    if (f < 0 || (size_t)f >= rec->nfields)
        return NULL;
    *len = rec->fields[f].len;
    const char *s = strip(rec->fields[f].data, len);
    return *len ? s : NULL;
}

/* The header: every column the query reads found in it (the last of a
 * name, as Python's DictReader has it; its spaces before a name passed
 * over, as skipinitialspace does).  1 when one is missing (an error at
 * the mapping's line that names it): the table is not read. */
static int header(run *r, const kg_csv_record *rec)
{
    int missing = 0;
    r->header_read = 1;
    for (size_t c = 0; c < r->q->ncols; c++) {
        r->col_at[c] = -1;
        for (size_t f = 0; f < rec->nfields; f++) {
            const char *h = rec->fields[f].data;
            while (*h == ' ')
                h++;
            if (strcmp(h, r->q->cols[c].name) == 0)
                r->col_at[c] = (long)f;
        }
        if (r->col_at[c] < 0) {
            const kg_ynode *at = r->q->cols[c].at;
            kg_report(r->m->d, KG_ERROR, r->m->file, at->line, at->col,
                      "no column %s in %s (its header is line %lu); none "
                      "of its rows is read",
                      kg_q(r->m->d, r->q->cols[c].name),
                      kg_q(r->m->d, r->table), rec->line);
            missing = 1;
        }
    }
    return missing;
}

static int passes(const run *r, const kg_csv_record *rec)
{
    for (size_t i = 0; i < r->q->nfilters; i++) {
        const map_filter *f = &r->q->filters[i];
        size_t len = 0;
        const char *v = cell(r, rec, f->column, &len);
        int hit = 0;
        for (size_t j = 0; j < f->nvalues && !hit; j++)
            hit = f->values[j] ? v && strlen(f->values[j]) == len &&
                                     memcmp(f->values[j], v, len) == 0
                               : v == NULL;
        if (hit == f->not_)
            return 0;
    }
    return 1;
}

/* Adds s[0..len), stripped, to list (once); 0 or -1. */
static int add_value(json_t *list, const char *s, size_t len)
{
    s = strip(s, &len);
    if (!len)
        return 0;
    size_t i;
    json_t *v;
    json_array_foreach(list, i, v)
    {
        if (json_string_length(v) == len &&
            memcmp(json_string_value(v), s, len) == 0)
            return 0;
    }
    return json_array_append_new(list, json_stringn(s, len));
}

/* Adds value s[0..len) to list, split by p->split when it has one. */
static int add_split(const map_prop *p, json_t *list, const char *s, size_t len)
{
    size_t sl = p->split ? strlen(p->split) : 0;
    while (sl) {
        const char *at = memmem(s, len, p->split, sl);
        if (!at)
            break;
        if (add_value(list, s, (size_t)(at - s)))
            return -1;
        len -= (size_t)(at - s) + sl;
        s = at + sl;
    }
    return add_value(list, s, len);
}

/* A template's text with each {{column}} as this row has it. */
static int fill_template(run *r, const map_prop *p, const kg_csv_record *rec)
{
    kg_buf *b = &r->value;
    const char *s = p->template_;
    size_t k = 0;
    kg_buf_clear(b);
    while (*s) {
        const char *open = strstr(s, "{{");
        const char *e = open ? open + 2 : NULL;
        while (e && *e && *e != '(' && *e != ')' && *e != '}')
            e++;
        if (!open || e[0] != '}' || e[1] != '}') {
            size_t n = open ? (size_t)(open - s) + 2 : strlen(s);
            if (kg_buf_append(b, s, n))
                return -1;
            s += n;
            continue;
        }
        size_t len = 0;
        const char *v = k < p->nrefs ? cell(r, rec, p->refs[k++], &len) : NULL;
        if (kg_buf_append(b, s, (size_t)(open - s)) ||
            (v && kg_buf_append(b, v, len)))
            return -1;
        s = e + 2;
    }
    return 0;
}

/* Property p's values in this row, into props[p->name]. */
static int prop_values(run *r, const map_prop *p, const kg_csv_record *rec,
                       json_t *props)
{
    json_t *list = json_object_get(props, p->name);
    if (!list) {
        list = json_array();
        if (!list || json_object_set_new(props, p->name, list))
            return -1;
    }
    if (p->entity) {
        const kg_buf *id = &r->ids[p->entity_at];
        return id->len ? add_value(list, id->data, id->len) : 0;
    }
    if (p->template_)
        return fill_template(r, p, rec) ||
               add_split(p, list, r->value.data ? r->value.data : "",
                         r->value.len);
    /* the literals and the cells, joined when `join` says so */
    kg_buf *b = &r->value;
    kg_buf_clear(b);
    size_t n = p->nliterals + p->nrefs, joined = 0;
    for (size_t i = 0; i < n; i++) {
        size_t len = 0;
        const char *v = i < p->nliterals
                            ? p->literals[i]
                            : cell(r, rec, p->refs[i - p->nliterals], &len);
        if (!v)
            continue;
        if (i < p->nliterals)
            len = strlen(v);
        if (!p->join) {
            if (add_split(p, list, v, len))
                return -1;
            continue;
        }
        if ((joined++ && kg_buf_puts(b, p->join)) || kg_buf_append(b, v, len))
            return -1;
    }
    return p->join ? add_split(p, list, b->data ? b->data : "", b->len) : 0;
}

/* Entity e's id in this row, into r->ids[i]; 0 (empty: none) or -1. */
static int entity_id(run *r, size_t i, const kg_csv_record *rec)
{
    const map_entity *e = &r->q->ents[i];
    kg_buf *id = &r->ids[i];
    kg_buf_clear(id);
    size_t len = 0;
    if (e->id_column >= 0) {
        const char *v = cell(r, rec, (size_t)e->id_column, &len);
        return v ? kg_buf_append(id, v, len) : 0;
    }
    /* the keys' cells, sorted as Python sorts bytes */
    kg_buf *cells = &r->cells;
    kg_buf_clear(cells);
    const char *v[64];
    size_t lens[64], n = 0;
    for (size_t k = 0; k < e->nkeys && n < 64; k++) {
        v[n] = cell(r, rec, e->keys[k], &lens[n]);
        if (v[n])
            n++;
    }
    if (!n)
        return 0;
    for (size_t a = 1; a < n; a++)
        for (size_t b = a; b > 0; b--) {
            size_t m = lens[b] < lens[b - 1] ? lens[b] : lens[b - 1];
            int c = memcmp(v[b - 1], v[b], m);
            if (c < 0 || (c == 0 && lens[b - 1] <= lens[b]))
                break;
            const char *t = v[b];
            size_t tl = lens[b];
            v[b] = v[b - 1];
            lens[b] = lens[b - 1];
            v[b - 1] = t;
            lens[b - 1] = tl;
        }
    kg_sha1_ctx s = e->seed;
    for (size_t k = 0; k < n; k++)
        kg_sha1_update(&s, v[k], lens[k]);
    char hex[41];
    kg_sha1_hex(&s, hex);
    return kg_buf_append(id, hex, 40);
}

/* The first property that is required and has no value, or NULL. */
static const map_prop *unmet(const map_entity *e, json_t *props)
{
    for (size_t i = 0; i < e->nprops; i++)
        if (e->props[i].required &&
            !json_array_size(json_object_get(props, e->props[i].name)))
            return &e->props[i];
    return NULL;
}

/* The property lists without a value left out, as FtM has none. */
static void drop_empty(json_t *props)
{
    const char *key;
    json_t *v;
    void *tmp;
    json_object_foreach_safe(props, tmp, key, v)
    {
        if (!json_array_size(v))
            json_object_del(props, key);
    }
}

/* Entity i of this row: made, or not for want of a key or a required
 * value (counted). */
static int one_entity(run *r, size_t i, const kg_csv_record *rec)
{
    map_entity *e = &r->q->ents[i];
    json_t *props = json_object();
    int rc = props ? 0 : -1;
    for (size_t k = 0; rc == 0 && k < e->nprops; k++)
        rc = prop_values(r, &e->props[k], rec, props);
    if (rc == 0)
        rc = entity_id(r, i, rec);
    const map_prop *miss = rc == 0 ? unmet(e, props) : NULL;
    if (rc == 0 && !r->ids[i].len && !e->no_key++)
        e->no_key_line = rec->line;
    if (rc == 0 && r->ids[i].len && miss) {
        if (!e->unmet++) {
            e->unmet_line = rec->line;
            e->unmet_prop = miss->name;
        }
        kg_buf_clear(&r->ids[i]);
    }
    const char *id = r->ids[i].data;
    int made = rc == 0 && r->ids[i].len;
    if (made && e->relationship) {
        if (json_object_get(r->relations, id))
            made = 0;
        else if (json_object_set_new(r->relations, id, json_true()))
            rc = -1;
    }
    if (made && rc == 0) {
        drop_empty(props);
        rc = kg_ftm_reader_put(r->x, id, e->schema, props);
    }
    json_decref(props);
    return rc;
}

static int on_record(const kg_csv_record *rec, void *ctx)
{
    run *r = ctx;
    kg_diagsink *d = kg_graph_diag(r->g);
    kg_diag_row_begin(d);
    if (!r->header_read)
        return header(r, rec);
    kg_graph_counts(r->g)->rows++;
    if (rec->bad) {
        kg_graph_reject(r->g, r->table, rec->line, "", rec->raw, rec->raw_len);
        return 0;
    }
    if (!passes(r, rec))
        return 0;
    kg_ftm_reader_row(r->x, rec->line, rec->raw, rec->raw_len);
    for (size_t i = 0; i < r->q->nents; i++)
        if (one_entity(r, i, rec)) {
            r->nomem = 1;
            return 1;
        }
    return 0;
}

/* The rows the entities of this table were not made for, one warning
 * each entity; the counts set back for the next table. */
static void tell_skipped(run *r)
{
    for (size_t i = 0; i < r->q->nents; i++) {
        map_entity *e = &r->q->ents[i];
        if (e->no_key)
            kg_warn(r->m->d, "mapping-skip", r->table, e->no_key_line, 0,
                    "%lu row%s give%s entity %s no id (%s empty); as in "
                    "FtM, %s no such entity",
                    e->no_key, e->no_key == 1 ? "" : "s",
                    e->no_key == 1 ? "s" : "", kg_q(r->m->d, e->name),
                    e->id_column >= 0 ? "its id_column" : "its keys",
                    e->no_key == 1 ? "it makes" : "they make");
        if (e->unmet)
            kg_warn(r->m->d, "mapping-skip", r->table, e->unmet_line, 0,
                    "%lu row%s ha%s no value for %s, required for entity "
                    "%s; as in FtM, %s no such entity",
                    e->unmet, e->unmet == 1 ? "" : "s",
                    e->unmet == 1 ? "s" : "ve", kg_q(r->m->d, e->unmet_prop),
                    kg_q(r->m->d, e->name),
                    e->unmet == 1 ? "it makes" : "they make");
        e->no_key = e->unmet = 0;
    }
}

/* A table's rows begin: it is a file of the graph's, `name` in
 * diagnostics ("customers.csv", "case.xlsx:Customers"). */
static int table_begins(const char *name, void *ctx)
{
    run *r = ctx;
    uint32_t f = kg_graph_add_file(r->g, name);
    if (f == KG_NONE)
        return -1;
    r->table = kg_graph_file(r->g, f);
    r->x = kg_ftm_reader_new(r->g, f);
    return r->x ? 0 : -1;
}

/* One table of query q, named by csv_url node `url`. */
static kg_status read_table(run *r, const kg_ynode *url)
{
    kg_buf path;
    const char *sheet;
    kg_buf_init(&path);
    int rc = table_path(r->m, url, &path, &sheet);
    if (rc) {
        kg_buf_free(&path);
        return rc < 0 ? KG_ERR_NOMEM : KG_OK;
    }
    r->url = url;
    r->header_read = 0;
    r->table = NULL;
    r->x = NULL;
    kg_status st =
        kg_table_rows(r->g, path.data, sheet, table_begins, on_record, r);
    kg_buf_free(&path);
    if (!r->x) /* not begun: why said, or out of memory */
        return st == KG_OK ? KG_ERR_NOMEM : st;
    if (st == KG_OK && !r->header_read && !r->nomem)
        kg_report(r->m->d, KG_ERROR, r->table, 0, 0,
                  "the file is empty: it has no header line");
    tell_skipped(r);
    kg_status end = kg_ftm_reader_end(r->x);
    r->x = NULL;
    if (r->nomem || end == KG_ERR_NOMEM || st == KG_ERR_NOMEM)
        return KG_ERR_NOMEM;
    return st == KG_ERR_IO ? KG_ERR_IO : KG_OK;
}

static kg_status run_query(run *r, map_query *q)
{
    r->q = q;
    r->col_at = kg_calloc(q->ncols ? q->ncols : 1, sizeof *r->col_at);
    r->ids = kg_calloc(q->nents ? q->nents : 1, sizeof *r->ids);
    kg_status st = r->col_at && r->ids ? KG_OK : KG_ERR_NOMEM;
    for (size_t i = 0; st != KG_ERR_NOMEM && i < q->nurls; i++) {
        kg_status one = read_table(r, q->urls[i]);
        if (one != KG_OK)
            st = one;
    }
    for (size_t i = 0; r->ids && i < q->nents; i++)
        kg_buf_free(&r->ids[i]);
    free(r->ids);
    free(r->col_at);
    r->ids = NULL;
    r->col_at = NULL;
    return st;
}

/* ---- The mapping ---- */

/* The mapping's text, at most MAX_MAPPING_BYTES, into b; KG_OK, or an
 * error said. */
static kg_status read_text(kg_diagsink *d, const char *path, kg_buf *b)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        kg_report(d, KG_ERROR, path, 0, 0, "cannot open: %s", strerror(errno));
        return KG_ERR_IO;
    }
    char chunk[8192];
    kg_status st = KG_OK;
    for (;;) {
        ssize_t got = read(fd, chunk, sizeof chunk);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            kg_report(d, KG_ERROR, path, 0, 0, "cannot read: %s",
                      strerror(errno));
            st = KG_ERR_IO;
            break;
        }
        if (got == 0)
            break;
        if (b->len + (size_t)got > MAX_MAPPING_BYTES) {
            kg_report(d, KG_ERROR, path, 0, 0,
                      "a mapping larger than 4 MiB: not read");
            st = KG_ERR_INPUT;
            break;
        }
        if (kg_buf_append(b, chunk, (size_t)got)) {
            st = KG_ERR_NOMEM;
            break;
        }
    }
    close(fd);
    return st;
}

kg_status kg_load_mapping(kg_graph *g, const char *path)
{
    if (!g || !path)
        return KG_ERR_USAGE;
    if (kg_graph_resolved(g))
        return KG_ERR_USAGE;
    uint32_t f = kg_graph_add_file(g, path);
    if (f == KG_NONE)
        return KG_ERR_NOMEM;
    mapping m = {.file = kg_graph_file(g, f), .d = kg_graph_diag(g)};
    kg_arena_init(&m.arena);
    kg_buf text;
    kg_buf_init(&text);
    kg_status st = read_text(m.d, m.file, &text);
    int rc = st == KG_OK ? kg_yaml_read(&m.doc, text.data ? text.data : "",
                                        text.len, m.file, m.d)
                         : 0;
    if (st != KG_OK)
        kg_arena_init(&m.doc.arena);
    kg_buf_free(&text);
    if (rc < 0)
        st = KG_ERR_NOMEM;
    else if (rc > 0)
        st = KG_ERR_INPUT;
    if (st == KG_OK && kg_mapping_model(&m))
        st = KG_ERR_NOMEM;
    if (st == KG_OK && m.errors) {
        kg_report(m.d, KG_ERROR, m.file, 0, 0,
                  "the mapping has errors: none of its tables is read");
        st = KG_ERR_INPUT;
    }
    run r = {.m = &m, .g = g, .relations = json_object()};
    if (st == KG_OK && !r.relations)
        st = KG_ERR_NOMEM;
    kg_buf_init(&r.value);
    kg_buf_init(&r.cells);
    size_t n = st == KG_OK ? m.nqueries : 0;
    for (size_t i = 0; st != KG_ERR_NOMEM && i < n; i++) {
        kg_status one = run_query(&r, &m.queries[i]);
        if (one != KG_OK)
            st = one;
    }
    json_decref(r.relations);
    kg_buf_free(&r.value);
    kg_buf_free(&r.cells);
    kg_mapping_model_free(&m);
    kg_ydoc_free(&m.doc);
    kg_arena_free(&m.arena);
    return st;
}
