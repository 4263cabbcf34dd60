/*
 * mapping_draft.c - a FollowTheMoney mapping drafted from the headers of
 * tables (kgraph.h: kg_draft_mapping), for an analyst to edit.
 *
 * One dataset, "draft"; a query a table, read through kg_table_rows as a
 * mapping's tables are.  A table whose header has a source and a target
 * (read/schema.h's rules) gives two LegalEntity ends keyed on those
 * columns and an UnknownLink between them, its type column the role; any
 * other table one LegalEntity keyed on its id column (else its name
 * column, else its first), its name column the name.  Every other column
 * is a property of its own name, which FtM would refuse until renamed to
 * one of the schema's: the draft's comment says so.  Texts from the
 * tables are written as YAML double-quoted scalars (rules/escape.h).
 */
#include "read/mapping.h"

#include <stdlib.h>
#include <string.h>

#include "graph/lifetime.h"
#include "read/schema.h"
#include "rules/escape.h"
#include "text/workbook.h"
#include "util/alloc.h"
#include "util/out.h"

/* A table's header, copied. */
typedef struct header {
    char **names;
    size_t n;
    int got, nomem;
} header;

static int on_header(const kg_csv_record *rec, void *ctx)
{
    header *h = ctx;
    h->got = 1;
    h->names = rec->nfields ? kg_calloc(rec->nfields, sizeof *h->names) : NULL;
    if (rec->nfields && !h->names) {
        h->nomem = 1;
        return 1;
    }
    for (size_t i = 0; i < rec->nfields; i++) {
        h->names[i] = kg_strndup(rec->fields[i].data, rec->fields[i].len);
        if (!h->names[i]) {
            h->nomem = 1;
            break;
        }
        h->n++;
    }
    return 1; /* the header is all a draft needs */
}

static void header_free(header *h)
{
    for (size_t i = 0; i < h->n; i++)
        free(h->names[i]);
    free(h->names);
}

/* The column of role `role`, or -1. */
static long role_column(const header *h, kg_role role, int relations)
{
    for (size_t i = 0; i < h->n; i++)
        if (kg_schema_column_role(h->names[i], relations) == role)
            return (long)i;
    return -1;
}

/* An entity's name in the draft: the table's base name, its letters and
 * digits, others as '_'; "table" when none is left. */
static void entity_name(kg_out *o, const char *path, const char *suffix)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    size_t n = dot && dot > base ? (size_t)(dot - base) : strlen(base);
    kg_buf b;
    kg_buf_init(&b);
    for (size_t i = 0; i < n; i++) {
        char c = base[i];
        int plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    (c >= '0' && c <= '9');
        kg_buf_putc(&b, plain ? c : '_');
    }
    if (suffix)
        kg_buf_puts(&b, suffix);
    kg_yaml_text(o, b.len ? b.data : "table");
    kg_buf_free(&b);
}

static void column_prop(kg_out *o, const char *prop, const char *column)
{
    kg_out_puts(o, "            ");
    kg_yaml_text(o, prop);
    kg_out_puts(o, ":\n              column: ");
    kg_yaml_text(o, column);
    kg_out_putc(o, '\n');
}

/* The columns not in skip[] (-1 ended... by count), as properties. */
static void other_columns(kg_out *o, const header *h, const long *skip,
                          size_t nskip)
{
    for (size_t i = 0; i < h->n; i++) {
        int skipped = 0;
        for (size_t k = 0; k < nskip; k++)
            skipped |= skip[k] == (long)i;
        if (!skipped && h->names[i][0])
            column_prop(o, h->names[i], h->names[i]);
    }
}

/* A table's entity, as far as the first of its keys: its name, its
 * schema and the line that begins its keys. */
static void entity_head(kg_out *o, const char *path, const char *schema)
{
    kg_out_puts(o, "        ");
    entity_name(o, path, NULL);
    kg_out_puts(o, ":\n          schema: ");
    kg_out_puts(o, schema);
    kg_out_puts(o, "\n          keys:\n            - ");
}

static void entity_table(kg_out *o, const char *path, const header *h)
{
    long id = role_column(h, KG_COL_ID, 0),
         name = role_column(h, KG_COL_NAME, 0);
    long key = id >= 0 ? id : name >= 0 ? name : 0;
    entity_head(o, path, "LegalEntity");
    kg_yaml_text(o, h->names[key]);
    kg_out_puts(o, "\n          properties:\n");
    if (name >= 0)
        column_prop(o, "name", h->names[name]);
    long skip[2] = {name, -1};
    other_columns(o, h, skip, 1);
}

static void end(kg_out *o, const char *path, const char *suffix,
                const char *column)
{
    kg_out_puts(o, "        ");
    entity_name(o, path, suffix);
    kg_out_puts(
        o, ":\n          schema: LegalEntity\n          keys:\n            - ");
    kg_yaml_text(o, column);
    kg_out_puts(o, "\n          properties:\n");
    column_prop(o, "name", column);
}

static void relation_table(kg_out *o, const char *path, const header *h,
                           long src, long dst)
{
    long type = role_column(h, KG_COL_TYPE, 1);
    end(o, path, "_source", h->names[src]);
    end(o, path, "_target", h->names[dst]);
    entity_head(o, path, "UnknownLink");
    kg_yaml_text(o, h->names[src]);
    kg_out_puts(o, "\n            - ");
    kg_yaml_text(o, h->names[dst]);
    kg_out_puts(o,
                "\n          properties:\n            subject:\n              "
                "entity: ");
    entity_name(o, path, "_source");
    kg_out_puts(o, "\n            object:\n              entity: ");
    entity_name(o, path, "_target");
    kg_out_putc(o, '\n');
    if (type >= 0)
        column_prop(o, "role", h->names[type]);
    long skip[3] = {src, dst, type};
    other_columns(o, h, skip, 3);
}

static void query(kg_out *o, const char *path, const header *h)
{
    kg_out_puts(o, "    - csv_url: ");
    kg_yaml_text(o, path);
    kg_out_puts(o, "\n      entities:\n");
    long src = role_column(h, KG_COL_SOURCE, 1);
    long dst = role_column(h, KG_COL_TARGET, 1);
    if (src >= 0 && dst >= 0)
        relation_table(o, path, h, src, dst);
    else
        entity_table(o, path, h);
}

static int no_begin(const char *name, void *ctx)
{
    (void)name, (void)ctx;
    return 0;
}

/* The header of the table `path` names: a CSV or TSV file, a workbook
 * (its first sheet with cells) or one of its sheets ("case.xlsx#Links",
 * as a mapping's csv_url names it). */
static kg_status table_header(kg_graph *g, const char *path, header *h)
{
    const char *hash = strrchr(path, '#');
    if (!hash || kg_workbook_name(path))
        return kg_table_rows(g, path, NULL, no_begin, on_header, h);
    char *book = kg_strndup(path, (size_t)(hash - path));
    if (!book)
        return KG_ERR_NOMEM;
    kg_status st =
        kg_workbook_name(book)
            ? kg_table_rows(g, book, hash + 1, no_begin, on_header, h)
            : kg_table_rows(g, path, NULL, no_begin, on_header, h);
    free(book);
    return st;
}

kg_status kg_draft_mapping(kg_graph *g, const char *const *paths, size_t n,
                           char **yaml, size_t *len)
{
    if (!g || !yaml || !len || (n && !paths))
        return KG_ERR_USAGE;
    *yaml = NULL;
    *len = 0;
    kg_buf buf;
    kg_buf_init(&buf);
    kg_out o;
    kg_out_init_mem(&o, &buf);
    kg_out_puts(&o,
                "# A FollowTheMoney mapping drafted by kgraph from the headers "
                "of its tables:\n"
                "# a draft to edit.  Each table gives a LegalEntity (or, with "
                "source and\n"
                "# target columns, two and an UnknownLink); choose each "
                "entity's schema\n"
                "# (Person, Company...), its keys, and rename its properties "
                "to the schema's\n"
                "# (FtM refuses others; kgraph keeps them as attributes).  "
                "csv_url is\n"
                "# relative to this file's folder: save it in the folder "
                "kgraph was run in.\n"
                "draft:\n  queries:\n");
    kg_status st = KG_OK;
    for (size_t i = 0; i < n && st != KG_ERR_NOMEM; i++) {
        header h = {0};
        kg_status one = table_header(g, paths[i], &h);
        if (h.nomem)
            one = KG_ERR_NOMEM;
        if (one == KG_OK && (!h.got || !h.n)) {
            kg_report(kg_graph_diag(g), KG_ERROR, paths[i], 0, 0,
                      "the file is empty: it has no header line");
            one = KG_ERR_INPUT;
        }
        if (one == KG_OK)
            query(&o, paths[i], &h);
        else
            st = one;
        header_free(&h);
    }
    if (kg_out_flush(&o) && st == KG_OK)
        st = KG_ERR_NOMEM;
    if (st == KG_OK) {
        *yaml = buf.data;
        *len = buf.len;
    } else {
        kg_buf_free(&buf);
    }
    return st;
}
