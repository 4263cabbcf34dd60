/*
 * style.c - style sheets: reading them, and finding the look of a type.
 */
#include "rules/style.h"

#include <stdlib.h>
#include <string.h>

#include "rules/dot.h"
#include "rules/link.h"
#include "rules/presentation.h"
#include "text/csv_reader.h"
#include "util/symtab.h"
#include "util/utf8.h"

typedef struct entry {
    kg_style_kind kind;
    char *type; /* one name; "*" and "?" are the defaults and the fallback */
    kg_look look;
} entry;

struct kg_stylesheet {
    entry *entries;
    size_t n, cap;
    uint64_t *slots; /* entries by kind and type (any case) */
    size_t nslots;
    kg_look empty;
};

kg_stylesheet *kg_style_new(void)
{
    return kg_calloc(1, sizeof(kg_stylesheet));
}

static void look_free(kg_look *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->keys[i]);
        free(l->values[i]);
    }
    free(l->keys);
    free(l->values);
    free(l->signature);
}

void kg_style_free(kg_stylesheet *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++) {
        free(s->entries[i].type);
        look_free(&s->entries[i].look);
    }
    free(s->entries);
    kg_big_free(s->slots, s->nslots * sizeof *s->slots);
    free(s);
}

/* ---- Looks ---- */

static int look_set(kg_look *l, const char *key, const char *value, size_t len)
{
    char *v = kg_strndup(value, len);
    if (!v)
        return -1;
    for (size_t i = 0; i < l->n; i++) {
        if (strcmp(l->keys[i], key) == 0) {
            free(l->values[i]);
            l->values[i] = v;
            return 0;
        }
    }
    size_t cap = l->cap;
    char *k = kg_strndup(key, strlen(key));
    if (!k || kg_grow((void **)&l->keys, &cap, l->n + 1, sizeof *l->keys) ||
        kg_grow((void **)&l->values, &l->cap, l->n + 1, sizeof *l->values)) {
        free(k);
        free(v);
        return -1;
    }
    l->keys[l->n] = k;
    l->values[l->n++] = v;
    return 0;
}

static int look_sign(kg_look *l)
{
    kg_buf b;
    kg_buf_init(&b);
    for (size_t i = 0; i < l->n; i++)
        if (kg_buf_puts(&b, l->keys[i]) || kg_buf_putc(&b, '=') ||
            kg_buf_puts(&b, l->values[i]) || kg_buf_putc(&b, '\n')) {
            kg_buf_free(&b);
            return -1;
        }
    free(l->signature);
    l->signature = b.data ? b.data : kg_strndup("", 0);
    return l->signature ? 0 : -1;
}

/* ---- Entries ---- */

/* Entries are found by hashing their kind and type (in any ASCII case):
 * a sheet may name thousands of types.  The table is kept as the symbol
 * table keeps one (symtab.h): hash << 32 | index + 1. */
static uint32_t hash_of(kg_style_kind kind, const char *type)
{
    uint32_t h = 2166136261u ^ (uint32_t)kind;
    for (const char *p = type; *p; p++) {
        char c = *p >= 'A' && *p <= 'Z' ? (char)(*p - 'A' + 'a') : *p;
        h = (h ^ (unsigned char)c) * 16777619u;
    }
    return h;
}

static entry *find(const kg_stylesheet *s, kg_style_kind kind, const char *type)
{
    if (!s->nslots)
        return NULL;
    uint32_t h = hash_of(kind, type);
    for (size_t j = h & (s->nslots - 1); s->slots[j];
         j = (j + 1) & (s->nslots - 1)) {
        entry *e = &s->entries[(uint32_t)s->slots[j] - 1];
        if ((uint32_t)(s->slots[j] >> 32) == h && e->kind == kind &&
            kg_ascii_casecmp(e->type, type) == 0)
            return e;
    }
    return NULL;
}

/* Files entry i (the last) in the table. */
static int index_entry(kg_stylesheet *s, size_t i)
{
    if ((s->n + 1) * 2 > s->nslots &&
        kg_slots_rehash(&s->slots, &s->nslots, s->nslots ? s->nslots * 2 : 64))
        return -1;
    uint32_t h = hash_of(s->entries[i].kind, s->entries[i].type);
    size_t j = h & (s->nslots - 1);
    while (s->slots[j])
        j = (j + 1) & (s->nslots - 1);
    s->slots[j] = (uint64_t)h << 32 | (uint32_t)(i + 1);
    return 0;
}

static entry *find_or_add(kg_stylesheet *s, kg_style_kind kind,
                          const char *type, size_t len)
{
    char *t = kg_strndup(type, len);
    if (!t)
        return NULL;
    entry *e = find(s, kind, t);
    if (e) {
        free(t);
        return e;
    }
    if (kg_grow((void **)&s->entries, &s->cap, s->n + 1, sizeof *s->entries)) {
        free(t);
        return NULL;
    }
    e = &s->entries[s->n++];
    memset(e, 0, sizeof *e);
    e->kind = kind;
    e->type = t;
    if (index_entry(s, s->n - 1))
        return NULL;
    /* a type the sheets did not have yet starts from the look of "?" */
    const entry *rest =
        strcmp(t, "*") && strcmp(t, "?") ? find(s, kind, "?") : NULL;
    for (size_t i = 0; rest && i < rest->look.n; i++)
        if (look_set(&e->look, rest->look.keys[i], rest->look.values[i],
                     strlen(rest->look.values[i])))
            return NULL;
    return e;
}

const kg_look *kg_style_defaults(const kg_stylesheet *s, kg_style_kind kind)
{
    const entry *e = find(s, kind, "*");
    return e ? &e->look : &s->empty;
}

const kg_look *kg_style_look(const kg_stylesheet *s, kg_style_kind kind,
                             const char *type)
{
    const entry *e = type ? find(s, kind, type) : NULL;
    if (!e || (type && (strcmp(type, "*") == 0)))
        e = find(s, kind, "?");
    return e ? &e->look : &s->empty;
}

size_t kg_style_nlooks(const kg_stylesheet *s)
{
    return s ? s->n : 0;
}

const kg_look *kg_style_look_at(const kg_stylesheet *s, size_t i)
{
    return &s->entries[i].look;
}

/* ---- Reading a sheet ---- */

typedef struct reader {
    kg_stylesheet *s;
    const char *name;
    kg_diagsink *d;
    char **header;
    size_t ncols;
    int nomem;
    int bad_header;
} reader;

static int valid_attribute(const char *k)
{
    if (!*k)
        return 0;
    for (const char *p = k; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
              (*p >= '0' && *p <= '9' && p != k) || *p == '_'))
            return 0;
    return 1;
}

static int read_header(reader *r, const kg_csv_record *rec)
{
    if (rec->nfields < 2 || kg_ascii_casecmp(rec->fields[0].data, "kind") ||
        kg_ascii_casecmp(rec->fields[1].data, "type")) {
        kg_report(r->d, KG_ERROR, r->name, rec->line, 0,
                  "a style sheet starts with the columns kind,type and then "
                  "one column per Graphviz attribute (shape, color...)");
        r->bad_header = 1;
        return 0;
    }
    r->header = kg_calloc(rec->nfields, sizeof *r->header);
    if (!r->header)
        return r->nomem = 1;
    r->ncols = rec->nfields;
    for (size_t i = 0; i < rec->nfields; i++) {
        r->header[i] = kg_strndup(rec->fields[i].data, rec->fields[i].len);
        if (!r->header[i])
            return r->nomem = 1;
        if (i >= 2 && !valid_attribute(r->header[i])) {
            kg_report(r->d, KG_ERROR, r->name, rec->line, 0,
                      "%s is not a Graphviz attribute name",
                      kg_q(r->d, r->header[i]));
            r->bad_header = 1;
        }
    }
    return 0;
}

static int parse_kind(const char *s, kg_style_kind *kind)
{
    if (kg_ascii_casecmp(s, "graph") == 0)
        *kind = KG_STYLE_GRAPH;
    else if (kg_ascii_casecmp(s, "node") == 0)
        *kind = KG_STYLE_NODE;
    else if (kg_ascii_casecmp(s, "edge") == 0)
        *kind = KG_STYLE_EDGE;
    else
        return -1;
    return 0;
}

/* Checks the row's cells against the bounds every sheet keeps
 * (presentation.h), with an error for each it refuses; `ok[i]` says which may
 * be used.  A link is kept as Graphviz is to be given it (link.h), in
 * `links[i]`. */
static int check_cells(reader *r, const kg_csv_record *rec, unsigned char *ok,
                       kg_buf *links)
{
    for (size_t i = 2; i < rec->nfields; i++) {
        char why[160];
        const char *key = r->header[i], *value = rec->fields[i].data;
        ok[i] = rec->fields[i].len != 0;
        if (!ok[i])
            continue;
        if (kg_sheet_check(key, value, kg_setting_name(r->d, KG_SETTING_IMAGES),
                           why, sizeof why)) {
            kg_report(r->d, KG_ERROR, r->name, rec->line, 0, "%s %s %s", key,
                      kg_q(r->d, value), why);
            ok[i] = 0;
            continue;
        }
        const kg_present *p = kg_present_find(key, KG_P_NODE | KG_P_EDGE, NULL);
        if (p && p->type == KG_P_LINK && kg_link_encode(&links[i], value))
            return -1;
    }
    return 0;
}

/* Applies the row's usable cells to one type's entry. */
static int apply(reader *r, kg_style_kind kind, const char *type, size_t len,
                 const kg_csv_record *rec, const unsigned char *ok,
                 const kg_buf *links)
{
    entry *e = find_or_add(r->s, kind, type, len);
    if (!e)
        return -1;
    for (size_t i = 2; i < rec->nfields; i++) {
        const char *v = links[i].data ? links[i].data : rec->fields[i].data;
        size_t n = links[i].data ? links[i].len : rec->fields[i].len;
        if (ok[i] && look_set(&e->look, r->header[i], v, n))
            return -1;
    }
    return 0;
}

static int read_row(reader *r, const kg_csv_record *rec)
{
    kg_style_kind kind;
    if (rec->nfields != r->ncols) {
        kg_report(r->d, KG_ERROR, r->name, rec->line, 0,
                  "this row has %zu fields but the header has %zu",
                  rec->nfields, r->ncols);
        return 0;
    }
    if (parse_kind(rec->fields[0].data, &kind)) {
        kg_report(r->d, KG_ERROR, r->name, rec->line, 0,
                  "kind must be graph, node or edge, not %s",
                  kg_q(r->d, rec->fields[0].data));
        return 0;
    }
    const char *p = rec->fields[1].data, *end = p + rec->fields[1].len;
    if (p == end) {
        kg_report(r->d, KG_ERROR, r->name, rec->line, 0,
                  "empty type: name types, or use * for all and ? for the "
                  "rest");
        return 0;
    }
    unsigned char *ok = kg_calloc(rec->nfields, 1);
    kg_buf *links = kg_calloc(rec->nfields, sizeof *links);
    int rc = ok && links ? check_cells(r, rec, ok, links) : -1;
    while (rc == 0 && p < end) {
        const char *q = memchr(p, '|', (size_t)(end - p));
        q = q ? q : end;
        if (q > p && apply(r, kind, p, (size_t)(q - p), rec, ok, links))
            rc = -1;
        p = q + 1;
    }
    for (size_t i = 0; links && i < rec->nfields; i++)
        kg_buf_free(&links[i]);
    free(links);
    free(ok);
    return rc;
}

static int on_row(const kg_csv_record *rec, void *ctx)
{
    reader *r = ctx;
    if (rec->bad || r->bad_header)
        return 0;
    if (!r->header)
        return read_header(r, rec);
    if (read_row(r, rec))
        r->nomem = 1;
    return r->nomem;
}

int kg_style_load(kg_stylesheet *s, const char *name, const char *data,
                  size_t len, kg_diagsink *diag)
{
    reader r = {s, name, diag, NULL, 0, 0, 0};
    kg_csv_reader *csv = kg_csv_new(name, diag, 100, on_row, &r);
    if (!csv)
        return -1;
    kg_csv_feed(csv, data, len);
    kg_csv_finish(csv);
    int nomem = r.nomem || kg_csv_nomem(csv);
    kg_csv_free(csv);
    for (size_t i = 0; i < r.ncols; i++)
        free(r.header[i]);
    free(r.header);
    for (size_t i = 0; i < s->n && !nomem; i++)
        nomem = look_sign(&s->entries[i].look);
    return nomem ? -1 : 0;
}

int kg_style_load_theme(kg_stylesheet *s, kg_diagsink *diag)
{
    return kg_style_load(s, "<theme>", kg_theme_csv, strlen(kg_theme_csv),
                         diag);
}
