/*
 * ingest.c - from CSV records to entities and relations.
 *
 * The first record of a file is its header (schema.c decides what the file
 * holds); every later record is one entity or one relation.  A row with an
 * error is reported and counted as rejected, never skipped silently.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "graph/cells.h"
#include "graph/lifetime.h"
#include "graph/rejects.h"
#include "graph/store.h"
#include "read/date_cols.h"
#include "read/ftm_lines.h"
#include "read/list_cell.h"
#include "read/row_marks.h"
#include "read/schema.h"
#include "read/sheets.h"
#include "read/shown.h"
#include "read/sniff.h"
#include "rules/evidence.h"
#include "rules/link.h"
#include "rules/presentation.h"
#include "text/csv_pipe.h"
#include "text/csv_reader.h"
#include "text/workbook.h"
#include "util/utf8.h"

/*
 * Gephi's edge table says Directed or Undirected in its Type column; any
 * other type column (and a Type column with other values: Neo4j's movies
 * have DIRECTED among ACTED_IN and PRODUCED) names relation types.  That
 * is decided per column, never per cell: only a column whose header is
 * `type` (Gephi's name, any case, no Neo4j suffix: `:TYPE` always names
 * types) can give direction, and only when every value in it is directed
 * or undirected (any case).  The rows stream, so while that still holds
 * the column is open: its relations get no type yet, and the symbol of
 * each one's cell is kept here (4 bytes a relation: the store holds 24).
 * At the first other value the column is data: the kept words become
 * their relations' types, in order, and the rest of the file is read as
 * any type column.  At the end of the file a column still open gives
 * direction: its Undirected relations have none.
 */
typedef struct direction_col {
    int open;       /* every value so far is directed or undirected */
    uint32_t first; /* the relation of word[0] (a file's are in a row) */
    uint32_t *word; /* per relation: its cell's symbol, KG_NONE if empty */
    size_t n, cap;
} direction_col;

typedef struct ingest {
    kg_graph *g;
    kg_csv_reader *reader;
    const char *file;
    kg_loc loc; /* of the current row */
    kg_schema schema;
    uint32_t cols;     /* the colset of the file's attribute columns */
    const char *cells; /* the current row's (place_cells), or in `copy` */
    size_t cells_len;
    kg_buf copy;
    size_t attr_first, attr_end; /* the attribute columns' first, last + 1 */
    int attr_run;                /* every column between is one */
    int have_header;
    int header_bad; /* rows are counted as rejected, not used */
    int nomem;
    kg_buf scratch;
    kg_buf src_key;   /* a relation's source, in an id space */
    int directed_col; /* a relations file's `directed` column, or -1 */
    direction_col gephi;
    kg_date_cols *dates; /* what its date columns held */
    kg_shown *shown;     /* values of presentation columns found fine */
    int given;           /* the header is kg_settings.header's names */
    int counted;         /* the first data row was counted against them */
    int sniffed;         /* the first row was looked at (sniff.h) */
    int holding;         /* it named no known column: rows are held */
    kg_held_rows held;   /* ...until it is known to be a header or data */
    uint32_t first_rel;  /* the file's first relation */
} ingest;

static const kg_csv_field *field(const kg_csv_record *rec, const ingest *in,
                                 kg_role role)
{
    int c = in->schema.col[role];
    return c >= 0 ? &rec->fields[c] : NULL;
}

/* The current row is not used (rejects.h): `why` when it has no error of
 * its own. */
static void reject(ingest *in, const kg_csv_record *rec, const char *why)
{
    kg_graph_reject(in->g, in->file, rec->line, why ? why : "", rec->raw,
                    rec->raw_len);
}

static int row_error(ingest *in, const kg_csv_record *rec, const char *what,
                     kg_role role)
{
    kg_diagsink *d = kg_graph_diag(in->g);
    int c = in->schema.col[role];
    kg_report(d, KG_ERROR, in->file, in->loc.line, 0,
              "empty %s (column %d, %s); the row is not used", what, c + 1,
              kg_q(d, in->schema.cols[c].header));
    reject(in, rec, NULL);
    return 0;
}

/* The key an id is known by: "SPACE:value" in a Neo4j id space, made in
 * *buf; or the value itself (no copy) outside one.  NULL when out of
 * memory; *len is set. */
typedef struct id_key {
    const char *data;
    size_t len;
} id_key;

static int spaced_id(const kg_column *c, const char *v, size_t n, kg_buf *buf,
                     id_key *key)
{
    *key = (id_key){v, n};
    if (!c->space)
        return 0;
    kg_buf_clear(buf);
    if (kg_buf_puts(buf, c->space) || kg_buf_putc(buf, ':') ||
        kg_buf_append(buf, v, n))
        return -1;
    *key = (id_key){buf->data, buf->len};
    return 0;
}

/* Warns about a value that does not fit its Neo4j type; keeps it. */
static void check_value(ingest *in, const kg_column *c, const kg_csv_field *f)
{
    /* text fits (the usual column, on every row: no call) */
    if (c->vtype == KG_V_TEXT || kg_schema_value_fits(c, f->data, f->len))
        return;
    kg_diagsink *d = kg_graph_diag(in->g);
    kg_warn(d, "wrong-value-type", in->file, in->loc.line, 0,
            "%s in column %s is not %s; kept as text", kg_q(d, f->data),
            kg_q(d, c->header), kg_vtype_name(c->vtype));
}

typedef struct entity_ctx {
    ingest *in;
    uint32_t e;
} entity_ctx;

static int add_alias(const char *v, size_t n, void *ctx)
{
    entity_ctx *x = ctx;
    return kg_graph_add_alias(x->in->g, x->e, v, n, x->in->loc);
}

static void check_confidence(ingest *in, const kg_column *c,
                             const kg_csv_field *f)
{
    if (!c->is_confidence || kg_confidence_valid(f->data))
        return;
    kg_diagsink *d = kg_graph_diag(in->g);
    kg_warn(d, "not-a-confidence", in->file, in->loc.line, 0,
            "%s %s is neither a number from 0 to 100, a word such as "
            "confirmed, probable or possible, nor a grade such as B2; the "
            "edge is drawn as usual",
            c->key, kg_q(d, f->data));
}

/* The row's other columns, checked once per row, as a block of cells
 * (graph.h): where the reader packed them (nearly always), else copied. */
static int row_cells(ingest *in, const kg_csv_record *rec, int relation)
{
    kg_buf *b = &in->copy;
    kg_buf_clear(b);
    for (size_t i = 0; i < rec->nfields; i++) {
        const kg_column *c = &in->schema.cols[i];
        const kg_csv_field *f = &rec->fields[i];
        if (c->role != KG_COL_ATTR)
            continue;
        int keep = f->len != 0;
        if (keep && c->is_date)
            kg_date_cols_value(in->dates, i, f, in->loc.line,
                               kg_marked_date(rec, i));
        else if (keep)
            check_value(in, c, f);
        if (keep) {
            if (c->present || c->is_link)
                kg_shown_check(in->shown, in->g, in->loc, i, c, f->data,
                               f->len);
            if (relation)
                check_confidence(in, c, f);
        }
    }
    size_t a = in->attr_first, z = in->attr_end;
    in->cells =
        in->attr_run && a < z ? kg_csv_packed(rec, a, z, &in->cells_len) : NULL;
    for (size_t i = a; !in->cells && i < z; i++)
        if (in->schema.cols[i].role == KG_COL_ATTR &&
            kg_buf_append(b, rec->fields[i].data, rec->fields[i].len + 1))
            return -1;
    in->cells_len = in->cells ? in->cells_len : b->len;
    in->cells = in->cells ? in->cells : b->len ? b->data : "";
    return 0;
}

/* A second row for entity e: its values that e lacks are added. */
static int more_values(ingest *in, uint32_t e)
{
    const kg_colset *cs = kg_graph_colset(in->g, in->cols);
    const char *p = in->cells;
    for (uint32_t k = 0; k < cs->n; k++) {
        size_t n = strlen(p);
        if (n && kg_graph_entity_attr(in->g, e, cs->keys[k], p, n, in->loc))
            return -1;
        p += n + 1;
    }
    return 0;
}

static int add_attrs(ingest *in, const kg_csv_record *rec, uint32_t e)
{
    if (row_cells(in, rec, 0))
        return -1;
    if (kg_ent(in->g, e)->cells)
        return more_values(in, e);
    return kg_graph_entity_cells(in->g, e, in->cells, in->cells_len, in->cols,
                                 in->loc);
}

static int entity_row(ingest *in, const kg_csv_record *rec)
{
    kg_graph *g = in->g;
    const kg_csv_field *id = field(rec, in, KG_COL_ID);
    const kg_csv_field *name = field(rec, in, KG_COL_NAME);
    kg_role id_role = id ? KG_COL_ID : KG_COL_NAME;
    if (!id)
        id = name;
    /* an entities file has an id or a name column (schema.c) */
    if (id->len == 0) /* NOLINT(clang-analyzer-core.NullDereference) */
        return row_error(in, rec, id_role == KG_COL_ID ? "id" : "name",
                         id_role);
    const kg_column *idcol = &in->schema.cols[in->schema.col[id_role]];
    id_key key;
    if (spaced_id(idcol, id->data, id->len, &in->scratch, &key))
        return -1;
    int created;
    uint32_t e = kg_graph_entity(g, key.data, key.len, in->loc, &created);
    if (e == KG_NONE)
        return -1;
    if (!created && kg_graph_log_merge(g, e, kg_ent_id(g, kg_ent(g, e)),
                                       KG_RULE_ID, KG_MERGED_ROW, in->loc))
        return -1;
    if (id_role == KG_COL_ID)
        kg_graph_flag_entity(g, e, KG_ENT_IDENTIFIED);
    const kg_csv_field *type = field(rec, in, KG_COL_TYPE);
    const kg_csv_field *aliases = field(rec, in, KG_COL_ALIASES);
    if (name && name->len &&
        kg_graph_set_name(g, e, name->data, name->len, in->loc))
        return -1;
    if (type && type->len &&
        kg_graph_set_type(g, e, type->data, type->len, in->loc))
        return -1;
    if (type && !type->len && !idcol->space && kg_graph_mark_untyped(g, e))
        return -1;
    if (idcol->space) {
        /* without a name, the plain id is the label; the space a type */
        if ((!name || !name->len) &&
            kg_graph_set_name(g, e, id->data, id->len, in->loc))
            return -1;
        if ((!type || !type->len) && kg_ent(g, e)->type == KG_NONE &&
            kg_graph_set_type(g, e, idcol->space, strlen(idcol->space),
                              in->loc))
            return -1;
    }
    entity_ctx x = {in, e};
    if (aliases &&
        kg_each_value(aliases->data, aliases->len, ";|", add_alias, &x))
        return -1;
    return add_attrs(in, rec, e);
}

/* One edge of a relation row (a row with a list of targets has several). */
typedef struct relation_ctx {
    ingest *in;
    const kg_csv_record *rec;
    id_key src;
    uint32_t cells; /* the row's, shared by its edges (kg_graph_cells) */
    int edges;
} relation_ctx;

/* Whether a type cell is one of Gephi's two directions. */
static int direction_word(const char *v)
{
    return kg_ascii_casecmp(v, "directed") == 0 ||
           kg_ascii_casecmp(v, "undirected") == 0;
}

/* Keeps relation r's cell of an open direction column.  0 or -1. */
static int keep_word(ingest *in, uint32_t r, const kg_csv_field *type)
{
    direction_col *c = &in->gephi;
    if (!c->n)
        c->first = r;
    if (kg_grow((void **)&c->word, &c->cap, c->n + 1, sizeof *c->word))
        return -1;
    uint32_t y = KG_NONE;
    if (type && type->len &&
        (y = kg_sym_intern(in->g, type->data, type->len)) == KG_NONE)
        return -1;
    c->word[c->n++] = y;
    return 0;
}

/* Ends an open direction column's wait: as data (its words become types)
 * or, at the end of the file, as direction.  0 or -1. */
static int settle(ingest *in, int as_data)
{
    direction_col *c = &in->gephi;
    int rc = 0;
    for (size_t i = 0; c->open && i < c->n && rc == 0; i++) {
        if (c->word[i] == KG_NONE)
            continue;
        const char *w = kg_sym_text(in->g, c->word[i]);
        uint32_t r = c->first + (uint32_t)i;
        if (as_data)
            rc = kg_graph_relation_type(in->g, r, w, strlen(w));
        else if (kg_ascii_casecmp(w, "undirected") == 0)
            rc = kg_graph_relation_undirected(in->g, r);
    }
    free(c->word);
    *c = (direction_col){0};
    return rc;
}

/* The type cell of relation r: kept aside while its column may be
 * Gephi's, its relation's type otherwise.  0 or -1. */
static int relation_type(ingest *in, uint32_t r, const kg_csv_field *type)
{
    if (in->gephi.open && type && type->len && !direction_word(type->data) &&
        settle(in, 1))
        return -1;
    if (in->gephi.open)
        return keep_word(in, r, type);
    if (type && type->len)
        return kg_graph_relation_type(in->g, r, type->data, type->len);
    return 0;
}

/* A `directed` column's value for "no direction": false, no, 0 (as
 * kgraph's exports write it). */
static int undirected_value(const char *v)
{
    return kg_ascii_casecmp(v, "false") == 0 ||
           kg_ascii_casecmp(v, "no") == 0 || strcmp(v, "0") == 0;
}

static const char *type_of(ingest *in, const kg_csv_record *rec, kg_role role)
{
    const kg_csv_field *f = field(rec, in, role);
    return f && f->len ? kg_intern(in->g, f->data, f->len) : NULL;
}

static int add_edge(const char *v, size_t n, void *ctx)
{
    relation_ctx *x = ctx;
    ingest *in = x->in;
    kg_graph *g = in->g;
    const kg_csv_record *rec = x->rec;
    const kg_column *tcol = &in->schema.cols[in->schema.col[KG_COL_TARGET]];
    id_key dst;
    if (spaced_id(tcol, v, n, &in->scratch, &dst))
        return -1;
    uint32_t r = kg_graph_relation(g, x->src.data, x->src.len, dst.data,
                                   dst.len, in->loc);
    if (r == KG_NONE)
        return -1;
    x->edges++;
    const kg_csv_field *type = field(rec, in, KG_COL_TYPE);
    const kg_csv_field *label = field(rec, in, KG_COL_LABEL);
    const kg_csv_field *directed =
        in->directed_col >= 0 && (size_t)in->directed_col < rec->nfields
            ? &rec->fields[in->directed_col]
            : NULL;
    if (directed && directed->len && undirected_value(directed->data) &&
        kg_graph_relation_undirected(g, r))
        return -1;
    if (kg_graph_relation_end_types(g, r, type_of(in, rec, KG_COL_SOURCE_TYPE),
                                    type_of(in, rec, KG_COL_TARGET_TYPE)))
        return -1;
    if (relation_type(in, r, type))
        return -1;
    if (label && label->len &&
        kg_graph_relation_label(g, r, label->data, label->len))
        return -1;
    return kg_graph_relation_cells(g, r, x->cells, in->cols);
}

static int relation_row(ingest *in, const kg_csv_record *rec)
{
    const kg_csv_field *src = field(rec, in, KG_COL_SOURCE);
    const kg_csv_field *dst = field(rec, in, KG_COL_TARGET);
    if (src->len == 0)
        return row_error(in, rec, "source", KG_COL_SOURCE);
    relation_ctx x = {in, rec, {NULL, 0}, 0, 0};
    if (row_cells(in, rec, 1))
        return -1;
    if (kg_graph_cells_full(in->g, in->cells_len, in->loc)) {
        reject(in, rec, NULL); /* an error at the row (the store said) */
        return 0;
    }
    if (!(x.cells = kg_graph_cells(in->g, in->cells, in->cells_len, in->loc)))
        return -1;
    const kg_column *scol = &in->schema.cols[in->schema.col[KG_COL_SOURCE]];
    /* "A|B|C" in the target: one edge to each */
    if (spaced_id(scol, src->data, src->len, &in->src_key, &x.src) ||
        kg_each_value(dst->data, dst->len, "|", add_edge, &x))
        return -1;
    return x.edges ? 0 : row_error(in, rec, "target", KG_COL_TARGET);
}

/* Interns the column keys, and makes the colset of the attribute
 * columns. */
static int file_columns(ingest *in)
{
    const char **keys = kg_calloc(in->schema.ncols + 1, sizeof *keys);
    if (!keys)
        return -1;
    uint32_t n = 0;
    for (size_t i = 0; i < in->schema.ncols; i++) {
        kg_column *c = &in->schema.cols[i];
        c->ikey = kg_intern(in->g, c->key, strlen(c->key));
        c->is_link = kg_link_column(c->key);
        c->present = kg_present_find(
            c->key,
            in->schema.kind == KG_FILE_RELATIONS ? KG_P_EDGE : KG_P_NODE,
            kg_graph_settings(in->g)->images);
        c->is_confidence = kg_confidence_key(c->key);
        if (!c->ikey) {
            free(keys);
            return -1;
        }
        if (c->role == KG_COL_ATTR) {
            in->attr_first = n ? in->attr_first : i;
            in->attr_end = i + 1;
            keys[n++] = c->ikey;
        }
    }
    in->attr_run = in->attr_end - in->attr_first == n; /* the usual file */
    in->cols = kg_graph_add_colset(in->g, keys, n);
    free(keys);
    return in->cols == KG_NONE ? -1 : 0;
}

static int hold(ingest *in, const kg_csv_record *rec);
static int on_record(const kg_csv_record *rec, void *ctx);

/* Whether a first row names a column kgraph knows. */
static int names_known(const kg_csv_record *rec)
{
    for (size_t i = 0; i < rec->nfields; i++)
        if (kg_schema_known_name(rec->fields[i].data))
            return 1;
    return 0;
}

static int on_header(ingest *in, const kg_csv_record *rec)
{
    kg_diagsink *d = kg_graph_diag(in->g);
    if (!in->sniffed && !in->given && !rec->bad && !names_known(rec)) {
        in->sniffed = 1;
        in->holding = 1; /* a header, or data? the rows below tell */
        return hold(in, rec);
    }
    in->sniffed = 1;
    in->have_header = 1;
    in->first_rel = (uint32_t)kg_nrels(in->g);
    if (rec->bad) {
        kg_report(d, KG_ERROR, in->file, rec->line, 0,
                  "the header has errors, so no row of this file is used");
        in->header_bad = 1;
        kg_csv_set_peek(in->reader, NULL);
        return 0;
    }
    int rc = kg_schema_read(&in->schema, rec, d, in->file);
    if (rc == -2) {
        in->nomem = 1;
        return 1;
    }
    /* after a header error the rows are still read, to be counted (and
     * their own errors reported), but not used */
    in->header_bad = rc != 0;
    /* a `directed` column says a relation's direction, and stays data;
     * Neo4j's `directed:boolean` (kgraph's own export) is direction only */
    in->directed_col = -1;
    for (size_t i = 0; rc == 0 && i < in->schema.ncols; i++) {
        kg_column *c = &in->schema.cols[i];
        if (c->role != KG_COL_ATTR || kg_ascii_casecmp(c->key, "directed"))
            continue;
        in->directed_col = (int)i;
        if (c->vtype == KG_V_BOOL && !c->array)
            c->role = KG_COL_IGNORE;
    }
    int t = in->schema.col[KG_COL_TYPE];
    in->gephi.open = rc == 0 && in->schema.kind == KG_FILE_RELATIONS &&
                     t >= 0 &&
                     kg_ascii_casecmp(in->schema.cols[t].header, "type") == 0;
    int nomem = 0; /* the columns' presentation known, their memo */
    if (rc == 0 &&
        (file_columns(in) ||
         !(in->dates = kg_date_cols_new(in->g, in->file, &in->schema)) ||
         (!(in->shown = kg_shown_new(&in->schema, &nomem)) && nomem))) {
        in->nomem = 1;
        return 1;
    }
    /* only an entity row's id and aliases are worth fetching ahead
     * (relation ends are interned in batches anyway) */
    if (in->header_bad || in->schema.kind == KG_FILE_RELATIONS)
        kg_csv_set_peek(in->reader, NULL);
    return 0;
}

static int fetch_alias(const char *v, size_t n, void *g)
{
    kg_graph_prefetch(g, kg_hash(v, n), 0);
    return 0;
}

/* A look ahead at an entity row: its id's and aliases' slots in the
 * symbol table are cache misses, fetched while the rows before it are
 * stored. */
static void on_peek(const kg_csv_record *rec, void *ctx)
{
    ingest *in = ctx;
    if (!in->have_header || rec->nfields != in->schema.ncols)
        return;
    const kg_csv_field *id = field(rec, in, KG_COL_ID);
    int c = in->schema.col[id ? KG_COL_ID : KG_COL_NAME];
    if (!id)
        id = field(rec, in, KG_COL_NAME);
    if (id && !in->schema.cols[c].space)
        kg_graph_prefetch(in->g, kg_hash(id->data, id->len), 0);
    const kg_csv_field *aliases = field(rec, in, KG_COL_ALIASES);
    if (aliases && aliases->len)
        kg_each_value(aliases->data, aliases->len, ";|", fetch_alias, in->g);
}

/* A header given by name has as many names as the file has columns, or
 * none of its rows is used: checked at its first row. */
static void check_given(ingest *in, const kg_csv_record *rec)
{
    in->counted = 1;
    if (rec->nfields == in->schema.ncols || in->header_bad)
        return;
    kg_diagsink *d = kg_graph_diag(in->g);
    kg_report(d, KG_ERROR, in->file, rec->line, 0,
              "%s gives %zu column name%s but this file's rows have %zu "
              "field%s; no row of this file is used",
              kg_setting_name(d, KG_SETTING_HEADER), in->schema.ncols,
              in->schema.ncols == 1 ? "" : "s", rec->nfields,
              rec->nfields == 1 ? "" : "s");
    in->header_bad = 1;
}

static int on_row(ingest *in, const kg_csv_record *rec)
{
    kg_graph *g = in->g;
    kg_graph_counts(g)->rows++;
    in->loc.line = (uint32_t)rec->line;
    if (in->given && !in->counted && !rec->bad)
        check_given(in, rec);
    if (rec->bad || in->header_bad) {
        reject(in, rec, "the header of this file has errors");
        return 0;
    }
    if (rec->nfields != in->schema.ncols) {
        kg_report(kg_graph_diag(g), KG_ERROR, in->file, rec->line, 0,
                  "this row has %zu field%s but the header has %zu; the row "
                  "is not used",
                  rec->nfields, rec->nfields == 1 ? "" : "s", in->schema.ncols);
        reject(in, rec, NULL);
        return 0;
    }
    int rc = in->schema.kind == KG_FILE_RELATIONS ? relation_row(in, rec)
                                                  : entity_row(in, rec);
    if (rc < 0) {
        in->nomem = 1;
        return 1;
    }
    return 0;
}

/* ---- A header given, or none ---- */

/* Calls on_header with the names in `text`, separated by commas, spaces
 * around each trimmed, as the header record of the line `line` (0: none
 * in the file).  0, or 1 to stop (out of memory). */
static int named_header(ingest *in, const char *text, unsigned long line)
{
    size_t n = 1;
    for (const char *p = text; *p; p++)
        n += *p == ',';
    kg_csv_field *f = kg_calloc(n, sizeof *f);
    char *copy = kg_strdup(text);
    if (!f || !copy) {
        free(f);
        free(copy);
        in->nomem = 1;
        return 1;
    }
    char *p = copy;
    for (size_t i = 0; i < n; i++) {
        char *end = strchr(p, ',');
        char *next = end ? end + 1 : p + strlen(p);
        if (!end)
            end = p + strlen(p);
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
            end--;
        *end = '\0';
        f[i] = (kg_csv_field){p, (size_t)(end - p)};
        p = next;
    }
    kg_csv_record rec = {
        .fields = f, .nfields = n, .line = line, .end_line = line};
    int rc = on_header(in, &rec);
    free(f);
    free(copy);
    return rc;
}

/* The names a headerless file's columns get: source,target,column3...,
 * or id for one column. */
static int default_names(kg_buf *b, size_t n)
{
    if (n == 1)
        return kg_buf_puts(b, "id");
    if (kg_buf_puts(b, "source,target"))
        return -1;
    for (size_t i = 3; i <= n; i++) {
        char name[32];
        snprintf(name, sizeof name, ",column%zu", i);
        if (kg_buf_puts(b, name))
            return -1;
    }
    return 0;
}

/* The held first row is data: the columns get default names, said once. */
static int headerless(ingest *in, const kg_csv_record *top)
{
    kg_buf names;
    kg_buf_init(&names);
    if (default_names(&names, top->nfields)) {
        kg_buf_free(&names);
        in->nomem = 1;
        return 1;
    }
    kg_diagsink *d = kg_graph_diag(in->g);
    kg_warn(d, "no-header", in->file, top->line, 0,
            "the file has no header row (its first row names no column "
            "kgraph knows and has the shape of the rows below it): its rows "
            "are read as %s %.200s%s would say; give %s with names of "
            "your own to say otherwise",
            kg_setting_name(d, KG_SETTING_HEADER), names.data,
            names.len > 200 ? "..." : "",
            kg_setting_name(d, KG_SETTING_HEADER));
    in->given = 1;
    int rc = named_header(in, names.data, 0);
    kg_buf_free(&names);
    return rc;
}

/* Decides what the held rows are, then reads them as that. */
static int release(ingest *in)
{
    in->holding = 0;
    int header = kg_sniff_header(&in->held);
    kg_csv_record rec;
    int rc = kg_held_row(&in->held, 0, &rec);
    if (rc == 0)
        rc = header ? on_header(in, &rec) : headerless(in, &rec);
    for (size_t i = header ? 1 : 0; rc == 0 && i < in->held.nrows; i++) {
        rc = kg_held_row(&in->held, i, &rec);
        if (rc == 0)
            rc = on_record(&rec, in);
    }
    if (rc < 0)
        in->nomem = 1;
    kg_held_free(&in->held);
    rc = rc != 0;
    return rc;
}

static int hold(ingest *in, const kg_csv_record *rec)
{
    if (kg_held_add(&in->held, rec)) {
        in->nomem = 1;
        return 1;
    }
    return in->held.nrows > KG_SNIFF_ROWS ? release(in) : 0;
}

/* Each record: held while the file's first row is being judged, else the
 * header, then the rows; the errors reported after one belong to the next
 * (rejects.h). */
static int on_record(const kg_csv_record *rec, void *ctx)
{
    ingest *in = ctx;
    int rc = in->holding       ? hold(in, rec)
             : in->have_header ? on_row(in, rec)
                               : on_header(in, rec);
    kg_diag_row_begin(kg_graph_diag(in->g));
    return rc;
}

/* ---- Sources of bytes ---- */

typedef kg_pump_fn pump_fn; /* a source's bytes or records (sheets.h) */

/* Runs one file's bytes through a reader into the graph. */
static kg_status ingest_file(kg_graph *g, const char *name, pump_fn pump,
                             void *src)
{
    if (kg_graph_resolved(g))
        return KG_ERR_USAGE;
    uint32_t f = kg_graph_add_file(g, name);
    if (f == KG_NONE)
        return KG_ERR_NOMEM;
    ingest in = {.g = g, .file = kg_graph_file(g, f), .loc = {f, 0}};
    kg_diagsink *d = kg_graph_diag(g);
    /* every row is read, whatever its errors: a row with one is rejected
     * (kg_graph_set_max_errors), and only the reporting is bounded */
    kg_csv_reader *r = kg_csv_new(in.file, d, 0, on_record, &in);
    if (!r)
        return KG_ERR_NOMEM;
    in.reader = r;
    kg_csv_options opts = {
        kg_graph_settings(g)->encoding, kg_graph_settings(g)->max_row,
        kg_graph_settings(g)->max_columns, kg_graph_keeps_rows(g)};
    kg_csv_set_options(r, &opts);
    kg_csv_set_peek(r, on_peek);
    kg_csv_set_marks(r, kg_row_marks);
    kg_held_init(&in.held);
    const char *names = kg_graph_settings(g)->header;
    kg_status st = KG_OK;
    in.given = names != NULL;
    kg_diag_file_begin(d, KG_SHOWN_ERRORS);
    kg_diag_row_begin(d);
    if (!names || named_header(&in, names, 0) == 0)
        st = pump(r, src);
    if (in.holding && release(&in))
        in.nomem = 1;
    if (!in.nomem && kg_graph_settings(g)->type_from_file && in.have_header &&
        !in.header_bad && in.schema.kind == KG_FILE_RELATIONS &&
        in.schema.col[KG_COL_TYPE] < 0 &&
        kg_graph_type_by_file(g, f, in.first_rel, (uint32_t)kg_nrels(g)))
        in.nomem = 1;
    if (kg_graph_flush_ends(g))
        in.nomem = 1;
    if (settle(&in, 0)) /* frees what it kept, whatever happened */
        in.nomem = 1;
    if (!in.nomem && kg_date_cols_settle(in.dates))
        in.nomem = 1;
    free(in.dates);
    kg_shown_free(in.shown);
    if (kg_csv_nomem(r) || in.nomem)
        st = KG_ERR_NOMEM;
    if (st == KG_OK && !in.have_header)
        kg_report(kg_graph_diag(g), KG_ERROR, in.file, 0, 0,
                  "the file is empty: it has no header line");
    kg_diag_file_end(d, in.file);
    kg_csv_free(r);
    kg_schema_free(&in.schema);
    kg_held_free(&in.held);
    kg_buf_free(&in.scratch);
    kg_buf_free(&in.src_key);
    kg_buf_free(&in.copy);
    return st;
}

typedef struct buffer_src {
    const char *data;
    size_t len;
} buffer_src;

static kg_status pump_buffer(kg_csv_reader *r, void *src)
{
    buffer_src *b = src;
    if (kg_csv_feed(r, b->data, b->len) == 0)
        kg_csv_finish(r);
    return KG_OK;
}

static kg_status load_buffer(kg_graph *g, const char *name, const char *data,
                             size_t len)
{
    if (!g || !name || (!data && len))
        return KG_ERR_USAGE;
    buffer_src b = {data, len};
    return ingest_file(g, name, pump_buffer, &b);
}

typedef struct fd_src {
    int fd;
    const char *path;
    kg_graph *g;
} fd_src;

static void on_bytes(unsigned long long bytes, void *ctx)
{
    fd_src *s = ctx;
    const kg_settings *set = kg_graph_settings(s->g);
    if (set->progress)
        set->progress(s->path, bytes, kg_graph_counts(s->g)->rows,
                      set->progress_ctx);
}

/* A file is parsed on a second thread while its rows are stored here. */
static kg_status pump_fd(kg_csv_reader *r, void *src)
{
    fd_src *s = src;
    kg_file_digest *d = kg_graph_digest_slot(s->g); /* the file's, or NULL */
    return kg_csv_read_fd(r, s->fd, on_bytes, s, d, kg_graph_ahead(s->g)) == -2
               ? KG_ERR_IO
               : KG_OK;
}

/*
 * A file named twice (say `input/` and `input/people.csv`) is read once:
 * reading it again would double every relation.  Returns 1 when the file (a
 * regular one, of status `st`) was read already (and warns), 0 otherwise,
 * -1 when out of memory.
 */
static int seen_before(kg_graph *g, const struct stat *st, const char *path)
{
    if (!S_ISREG(st->st_mode))
        return 0;
    uint32_t first;
    int seen = kg_graph_seen_file(g, (unsigned long long)st->st_dev,
                                  (unsigned long long)st->st_ino,
                                  (uint32_t)kg_graph_nfiles(g), &first);
    if (seen == 1)
        kg_warn(kg_graph_diag(g), "read-twice", path, 0, 0,
                "already read as %s; not read twice",
                kg_q(kg_graph_diag(g), kg_graph_file(g, first)));
    return seen;
}

/* Whether a regular file was written to between two looks at it. */
static int changed(const struct stat *a, const struct stat *b)
{
    return a->st_size != b->st_size || a->st_mtim.tv_sec != b->st_mtim.tv_sec ||
           a->st_mtim.tv_nsec != b->st_mtim.tv_nsec;
}

static kg_status load_file_untimed(kg_graph *g, const char *path);

/* Reads one file, timed as "read" (kg_graph_set_timings). */
static kg_status load_file(kg_graph *g, const char *path)
{
    kg_clock c = kg_graph_clock(g);
    kg_status st = load_file_untimed(g, path);
    kg_graph_timed(g, c, "read", path);
    return st;
}

static kg_status load_file_untimed(kg_graph *g, const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        kg_report(kg_graph_diag(g), KG_ERROR, path, 0, 0, "cannot open: %s",
                  strerror(errno));
        return KG_ERR_IO;
    }
    struct stat before, after;
    int regular = fstat(fd, &before) == 0 && S_ISREG(before.st_mode);
    int seen = regular ? seen_before(g, &before, path) : 0;
    kg_status st = seen < 0 ? KG_ERR_NOMEM : KG_OK;
    if (seen == 0 && kg_ftm_name(path)) {
        st = kg_load_ftm(g, path, fd);
    } else if (seen == 0 && kg_workbook_name(path)) {
        st = kg_load_sheets(g, path, ingest_file);
    } else if (seen == 0) {
        fd_src s = {fd, path, g};
        st = ingest_file(g, path, pump_fd, &s);
    }
    if (seen == 0 && st == KG_OK && regular && fstat(fd, &after) == 0 &&
        changed(&before, &after)) {
        kg_report(kg_graph_diag(g), KG_ERROR, path, 0, 0,
                  "the file changed while it was read (%lld bytes when "
                  "opened, %lld now): its rows cannot be trusted; run again "
                  "once it is written",
                  (long long)before.st_size, (long long)after.st_size);
        st = KG_ERR_IO;
    }
    close(fd);
    return st;
}

static int is_table(const char *name)
{
    size_t n = strlen(name);
    return name[0] != '.' && n > 4 &&
           (kg_workbook_name(name) ||
            kg_ascii_casecmp(name + n - 4, ".csv") == 0 ||
            kg_ascii_casecmp(name + n - 4, ".tsv") == 0 ||
            kg_ascii_casecmp(name + n - 4, ".txt") == 0);
}

/* Whether a folder's .txt file is a table (read/sniff.h); warns when it
 * is not.  Other names are tables by their extension. */
static int txt_table(kg_graph *g, const char *path)
{
    size_t n = strlen(path);
    if (kg_ascii_casecmp(path + n - 4, ".txt") != 0 || kg_sniff_table(path))
        return 1;
    kg_warn(kg_graph_diag(g), "not-a-table", path, 0, 0,
            "not read: it does not look like a table (lines of fields "
            "separated by commas, tabs or semicolons)");
    return 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Whether a folder's entry is a file to read: a FIFO, device or folder
 * named *.csv is passed over with a warning (a FIFO would wait for a
 * writer that may never come).  Given by name, such a path is read. */
static int regular_entry(kg_graph *g, const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0 || S_ISREG(st.st_mode))
        return 1; /* what cannot be looked at is reported when opened */
    kg_warn(kg_graph_diag(g), "not-a-file", path, 0, 0,
            "not a regular file (%s): skipped",
            S_ISDIR(st.st_mode)    ? "a folder"
            : S_ISFIFO(st.st_mode) ? "a FIFO"
                                   : "a device or socket");
    return 0;
}

/* The *.csv, *.tsv and *.txt names in a folder, sorted;
 * NULL-terminated. */
static char **list_tables(DIR *dir, size_t *count)
{
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    while ((de = readdir(dir))) {
        if (!is_table(de->d_name))
            continue;
        char *copy = kg_strdup(de->d_name);
        if (!copy || kg_grow((void **)&names, &cap, n + 2, sizeof *names)) {
            free(copy);
            for (size_t i = 0; i < n; i++)
                free(names[i]);
            free(names);
            return NULL;
        }
        names[n++] = copy;
    }
    if (!names && !(names = kg_calloc(1, sizeof *names)))
        return NULL;
    names[n] = NULL;
    qsort(names, n, sizeof *names, by_name);
    *count = n;
    return names;
}

static kg_status load_dir(kg_graph *g, const char *path)
{
    DIR *dir = opendir(path);
    if (!dir) {
        kg_report(kg_graph_diag(g), KG_ERROR, path, 0, 0,
                  "cannot open folder: %s", strerror(errno));
        return KG_ERR_IO;
    }
    size_t n = 0;
    char **names = list_tables(dir, &n);
    closedir(dir);
    if (!names)
        return KG_ERR_NOMEM;
    size_t read = 0;
    kg_status st = KG_OK;
    kg_buf full;
    kg_buf_init(&full);
    for (size_t i = 0; i < n && st != KG_ERR_NOMEM; i++) {
        kg_buf_clear(&full);
        size_t len = strlen(path);
        if (kg_buf_puts(&full, path) ||
            (len && path[len - 1] != '/' && kg_buf_putc(&full, '/')) ||
            kg_buf_puts(&full, names[i])) {
            st = KG_ERR_NOMEM;
            break;
        }
        if (!regular_entry(g, full.data) || !txt_table(g, full.data))
            continue;
        read++;
        kg_status s = load_file(g, full.data);
        if (s != KG_OK)
            st = s;
    }
    if (read == 0 && st == KG_OK)
        kg_report(kg_graph_diag(g), KG_ERROR, path, 0, 0,
                  "the folder has no .csv or .tsv files, nor a .txt that "
                  "is a table");
    kg_buf_free(&full);
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return st;
}

static kg_status load_path(kg_graph *g, const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0 && kg_sheets_path(path))
        return kg_load_sheets(g, path, ingest_file); /* case.xlsx#Links */
    if (stat(path, &st) != 0) {
        kg_report(kg_graph_diag(g), KG_ERROR, path, 0, 0, "cannot read: %s",
                  strerror(errno));
        return KG_ERR_IO;
    }
    return S_ISDIR(st.st_mode) ? load_dir(g, path) : load_file(g, path);
}

kg_status kg_load_path(kg_graph *g, const char *path)
{
    if (!kg_graph_open(g) || !path)
        return KG_ERR_USAGE;
    kg_status st = load_path(g, path);
    return st == KG_ERR_NOMEM ? kg_graph_broke(g) : st;
}

kg_status kg_load_buffer(kg_graph *g, const char *name, const char *data,
                         size_t len)
{
    if (!kg_graph_open(g))
        return KG_ERR_USAGE;
    kg_clock c = kg_graph_clock(g);
    kg_status st = load_buffer(g, name, data, len);
    kg_graph_timed(g, c, "read", name);
    return st == KG_ERR_NOMEM ? kg_graph_broke(g) : st;
}
