/*
 * xlsx.c - Office Open XML workbooks (xlsx.h).
 */
#include "text/xlsx.h"

#include <stdlib.h>
#include <string.h>

#include "text/zipxml.h"
#include "util/alloc.h"
#include "util/buf.h"

/* A relationship of a part: its id, type and target part. */
typedef struct rel {
    char *id, *type, *target;
} rel;

typedef struct shared {
    kg_buf text;   /* the strings, each NUL-terminated */
    size_t *off;   /* where each begins */
    size_t n, cap; /* how many */
} shared;

struct kg_xlsx {
    kg_zip *zip;
    const char *file;
    kg_diagsink *diag;
    char *book; /* the workbook part */
    rel *rels;  /* the workbook's */
    size_t nrels, relcap;
    kg_sheet *sheets;
    size_t nsheets, sheetcap;
    int date1904;
    unsigned char *xf; /* per cell style: its number format's kind */
    size_t nxf, xfcap;
    struct numfmt {
        unsigned long id;
        int kind;
    } * fmts;
    size_t nfmts, fmtcap;
    shared strings;
    int strings_read, strings_rc; /* and what reading them gave */
};

/* ---- Parts and relationships ---- */

/* `target` of a relationship of part `from`, as a part name: joined to
 * from's folder, "." and ".." resolved, a leading "/" the root. */
static char *part_name(const char *from, const char *target)
{
    kg_buf b;
    kg_buf_init(&b);
    if (target[0] != '/') {
        const char *slash = strrchr(from, '/');
        if (slash && kg_buf_append(&b, from, (size_t)(slash - from + 1)))
            goto fail;
    }
    for (const char *p = target; *p;) {
        size_t n = strcspn(p, "/");
        if (n == 2 && p[0] == '.' && p[1] == '.') {
            while (b.len && b.data[b.len - 1] == '/')
                b.len--;
            while (b.len && b.data[b.len - 1] != '/')
                b.len--;
        } else if (n && !(n == 1 && p[0] == '.')) {
            if (kg_buf_append(&b, p, n) || (p[n] && kg_buf_putc(&b, '/')))
                goto fail;
        }
        p += n + (p[n] == '/');
    }
    if (kg_buf_putc(&b, '\0'))
        goto fail;
    return b.data;
fail:
    kg_buf_free(&b);
    return NULL;
}

typedef struct rels_ctx {
    kg_xml x;
    kg_xlsx *w;
    const char *from;
    rel *rels;
    size_t n, cap;
} rels_ctx;

static void XMLCALL rels_start(void *ud, const XML_Char *name,
                               const XML_Char **atts)
{
    rels_ctx *c = ud;
    if (strcmp(kg_xml_local(name), "Relationship") != 0)
        return;
    const char *id = kg_xml_attr(atts, "Id");
    const char *type = kg_xml_attr(atts, "Type");
    const char *target = kg_xml_attr(atts, "Target");
    const char *mode = kg_xml_attr(atts, "TargetMode");
    if (!id || !type || !target || (mode && strcmp(mode, "External") == 0))
        return; /* an external target is never read */
    if (c->n >= KG_SHEET_MAX_SHEETS * 4) {
        kg_report(c->w->diag, KG_ERROR, c->w->file, 0, 0,
                  "the workbook has more than %d relationships; not read",
                  KG_SHEET_MAX_SHEETS * 4);
        kg_xml_halt(&c->x, -1);
        return;
    }
    rel r = {kg_strdup(id), kg_strdup(type), part_name(c->from, target)};
    if (!r.id || !r.type || !r.target ||
        kg_grow((void **)&c->rels, &c->cap, c->n + 1, sizeof *c->rels)) {
        free(r.id), free(r.type), free(r.target);
        kg_xml_halt(&c->x, -2);
        return;
    }
    c->rels[c->n++] = r;
}

static void free_rels(rel *r, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(r[i].id), free(r[i].type), free(r[i].target);
    free(r);
}

/* The relationships of part `from` (in its _rels folder); a part
 * without them has none.  0, or as kg_zip_parse. */
static int read_rels(kg_xlsx *w, const char *from, rels_ctx *c)
{
    *c = (rels_ctx){.w = w, .from = from};
    const char *slash = strrchr(from, '/');
    size_t dir = slash ? (size_t)(slash - from + 1) : 0;
    kg_buf name;
    kg_buf_init(&name);
    if (kg_buf_append(&name, from, dir) || kg_buf_puts(&name, "_rels/") ||
        kg_buf_puts(&name, from + dir) || kg_buf_puts(&name, ".rels")) {
        kg_buf_free(&name);
        return -2;
    }
    int rc = kg_zip_has(w->zip, name.data)
                 ? kg_zip_parse(w->zip, name.data, &c->x, rels_start, NULL,
                                NULL, w->diag, w->file, NULL)
                 : 0;
    kg_buf_free(&name);
    return rc;
}

/* The target of the first relationship whose type ends with "/" kind. */
static const rel *rel_of_type(const rel *r, size_t n, const char *kind)
{
    size_t k = strlen(kind);
    for (size_t i = 0; i < n; i++) {
        size_t t = strlen(r[i].type);
        if (t > k && r[i].type[t - k - 1] == '/' &&
            strcmp(r[i].type + t - k, kind) == 0)
            return &r[i];
    }
    return NULL;
}

/* ---- The workbook: its sheets and date system ---- */

typedef struct book_ctx {
    kg_xml x;
    kg_xlsx *w;
} book_ctx;

static int add_sheet(kg_xlsx *w, const char **atts)
{
    const char *name = kg_xml_attr(atts, "name");
    const char *state = kg_xml_attr(atts, "state");
    const char *id = kg_xml_attr(atts, "id");
    const rel *r = NULL;
    for (size_t i = 0; id && i < w->nrels; i++)
        if (strcmp(w->rels[i].id, id) == 0)
            r = &w->rels[i];
    if (!name || !r)
        return 0; /* a sheet without a name or cells is none */
    if (w->nsheets >= KG_SHEET_MAX_SHEETS) {
        kg_report(w->diag, KG_ERROR, w->file, 0, 0,
                  "the workbook has more than %d sheets; not read",
                  KG_SHEET_MAX_SHEETS);
        return -1;
    }
    kg_sheet s = {kg_strdup(name), state && strcmp(state, "visible") != 0,
                  kg_strdup(r->target), 0};
    if (!s.name || !s.part ||
        kg_grow((void **)&w->sheets, &w->sheetcap, w->nsheets + 1,
                sizeof *w->sheets)) {
        free(s.name), free(s.part);
        return -2;
    }
    w->sheets[w->nsheets++] = s;
    return 0;
}

static void XMLCALL book_start(void *ud, const XML_Char *name,
                               const XML_Char **atts)
{
    book_ctx *c = ud;
    const char *local = kg_xml_local(name);
    if (strcmp(local, "workbookPr") == 0) {
        const char *v = kg_xml_attr(atts, "date1904");
        c->w->date1904 = v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
    } else if (strcmp(local, "sheet") == 0) {
        int rc = add_sheet(c->w, atts);
        if (rc)
            kg_xml_halt(&c->x, rc);
    }
}

/* ---- Styles: which cell styles show dates ---- */

typedef struct style_ctx {
    kg_xml x;
    kg_xlsx *w;
    int in_xfs; /* inside cellXfs (cellStyleXfs' xf are not cells') */
} style_ctx;

static int kind_of(const kg_xlsx *w, unsigned long id)
{
    for (size_t i = 0; i < w->nfmts; i++)
        if (w->fmts[i].id == id)
            return w->fmts[i].kind;
    return kg_cell_builtin_kind(id);
}

static void XMLCALL style_start(void *ud, const XML_Char *name,
                                const XML_Char **atts)
{
    style_ctx *c = ud;
    kg_xlsx *w = c->w;
    const char *local = kg_xml_local(name);
    const char *id = kg_xml_attr(atts, "numFmtId");
    if (strcmp(local, "cellXfs") == 0)
        c->in_xfs = 1;
    if (strcmp(local, "numFmt") == 0 && id) {
        const char *code = kg_xml_attr(atts, "formatCode");
        if (w->nfmts >= 65536 || kg_grow((void **)&w->fmts, &w->fmtcap,
                                         w->nfmts + 1, sizeof *w->fmts)) {
            kg_xml_halt(&c->x, w->nfmts >= 65536 ? 1 : -2);
            return;
        }
        w->fmts[w->nfmts++] = (struct numfmt){
            strtoul(id, NULL, 10), code ? kg_cell_format_kind(code) : 0};
    } else if (strcmp(local, "xf") == 0 && c->in_xfs) {
        if (w->nxf >= 65536 ||
            kg_grow((void **)&w->xf, &w->xfcap, w->nxf + 1, sizeof *w->xf)) {
            kg_xml_halt(&c->x, w->nxf >= 65536 ? 1 : -2);
            return;
        }
        w->xf[w->nxf++] =
            (unsigned char)(id ? kind_of(w, strtoul(id, NULL, 10)) : 0);
    }
}

static void XMLCALL style_end(void *ud, const XML_Char *name)
{
    style_ctx *c = ud;
    if (strcmp(kg_xml_local(name), "cellXfs") == 0)
        c->in_xfs = 0;
}

/* ---- Opening ---- */

static int open_parts(kg_xlsx *w)
{
    rels_ctx top;
    int rc = read_rels(w, "", &top);
    const rel *doc = rc ? NULL : rel_of_type(top.rels, top.n, "officeDocument");
    w->book = kg_strdup(doc ? doc->target : "xl/workbook.xml");
    free_rels(top.rels, top.n);
    if (rc || !w->book)
        return rc ? rc : -2;
    rels_ctx br;
    rc = read_rels(w, w->book, &br);
    w->rels = br.rels;
    w->nrels = br.n;
    if (rc)
        return rc;
    book_ctx bc = {.w = w};
    rc = kg_zip_parse(w->zip, w->book, &bc.x, book_start, NULL, NULL, w->diag,
                      w->file, NULL);
    const rel *st = rel_of_type(w->rels, w->nrels, "styles");
    if (rc == 0 && st && kg_zip_has(w->zip, st->target)) {
        style_ctx sc = {.w = w};
        rc = kg_zip_parse(w->zip, st->target, &sc.x, style_start, style_end,
                          NULL, w->diag, w->file, NULL);
        rc = rc == 1 ? 0 : rc;
    }
    return rc;
}

kg_xlsx *kg_xlsx_open(const char *path, const char *file, kg_diagsink *diag,
                      int *nomem)
{
    kg_xlsx *w = kg_calloc(1, sizeof *w);
    if (!w) {
        *nomem = 1;
        return NULL;
    }
    w->file = file;
    w->diag = diag;
    kg_buf_init(&w->strings.text);
    w->zip = kg_zip_open(path, file, diag, nomem);
    int rc = w->zip ? open_parts(w) : -1;
    if (rc) {
        *nomem = *nomem || rc == -2;
        kg_xlsx_free(w);
        return NULL;
    }
    return w;
}

void kg_xlsx_free(kg_xlsx *w)
{
    if (!w)
        return;
    kg_zip_free(w->zip);
    free(w->book);
    free_rels(w->rels, w->nrels);
    kg_sheets_free(w->sheets, w->nsheets);
    free(w->xf);
    free(w->fmts);
    kg_buf_free(&w->strings.text);
    free(w->strings.off);
    free(w);
}

const kg_sheet *kg_xlsx_sheets(const kg_xlsx *w, size_t *n)
{
    *n = w->nsheets;
    return w->sheets;
}

/* ---- Shared strings ---- */

typedef struct sst_ctx {
    kg_xml x;
    kg_xlsx *w;
    size_t max;          /* the longest string: the row limit */
    const char *setting; /* what the limit is called */
    int in_t, in_rph;
} sst_ctx;

static void XMLCALL sst_start(void *ud, const XML_Char *name,
                              const XML_Char **atts)
{
    (void)atts;
    sst_ctx *c = ud;
    shared *s = &c->w->strings;
    const char *local = kg_xml_local(name);
    if (strcmp(local, "si") == 0) {
        if (s->text.len + s->n * sizeof *s->off > KG_ZIP_MAX_PART) {
            kg_report(c->w->diag, KG_ERROR, c->w->file, 0, 0,
                      "the shared strings take more than %zu bytes; no "
                      "sheet of the workbook is read",
                      (size_t)KG_ZIP_MAX_PART);
            kg_xml_halt(&c->x, -1);
        } else if (kg_grow((void **)&s->off, &s->cap, s->n + 1, sizeof *s->off))
            kg_xml_halt(&c->x, -2);
        else
            s->off[s->n++] = s->text.len;
    } else if (strcmp(local, "rPh") == 0) {
        c->in_rph = 1;
    } else if (strcmp(local, "t") == 0) {
        c->in_t = !c->in_rph && s->n;
    }
}

static void XMLCALL sst_end(void *ud, const XML_Char *name)
{
    sst_ctx *c = ud;
    const char *local = kg_xml_local(name);
    if (strcmp(local, "si") == 0 && kg_buf_putc(&c->w->strings.text, '\0'))
        kg_xml_halt(&c->x, -2);
    else if (strcmp(local, "rPh") == 0)
        c->in_rph = 0;
    else if (strcmp(local, "t") == 0)
        c->in_t = 0;
}

static void XMLCALL sst_text(void *ud, const XML_Char *s, int len)
{
    sst_ctx *c = ud;
    shared *sh = &c->w->strings;
    if (!c->in_t)
        return;
    if (c->max && sh->text.len - sh->off[sh->n - 1] + (size_t)len > c->max) {
        kg_report(c->w->diag, KG_ERROR, c->w->file, 0, 0,
                  "shared string %zu is longer than %zu bytes (%s); no "
                  "sheet of the workbook is read",
                  sh->n, c->max, c->setting ? c->setting : "max_row");
        kg_xml_halt(&c->x, -1);
    } else if (kg_buf_append(&sh->text, s, (size_t)len)) {
        kg_xml_halt(&c->x, -2);
    }
}

static int read_strings(kg_xlsx *w, const kg_rows *rows)
{
    if (w->strings_read)
        return w->strings_rc;
    w->strings_read = 1;
    const rel *r = rel_of_type(w->rels, w->nrels, "sharedStrings");
    if (!r || !kg_zip_has(w->zip, r->target))
        return 0;
    sst_ctx c = {.w = w, .max = rows->max_row, .setting = rows->setting};
    return w->strings_rc =
               kg_zip_parse(w->zip, r->target, &c.x, sst_start, sst_end,
                            sst_text, w->diag, w->file, NULL);
}

/* ---- A sheet ---- */

typedef struct sheet_ctx {
    kg_xml x;
    kg_xlsx *w;
    kg_rows *rows;
    unsigned long row;
    size_t col; /* the current cell's, 0-based */
    char type[16];
    size_t style;
    int in_cell, in_v, in_is_t, in_rph, has_f, has_v;
    kg_buf v, is; /* the cell's value, its inline string */
} sheet_ctx;

/* "B12" as column 1 and row 12 (either may be missing: 0 then). */
static int cell_ref(const char *ref, size_t *col, unsigned long *row)
{
    size_t c = 0, letters = 0;
    for (; *ref >= 'A' && *ref <= 'Z' && letters < 4; ref++, letters++)
        c = c * 26 + (size_t)(*ref - 'A' + 1);
    unsigned long r = 0;
    for (; *ref >= '0' && *ref <= '9' && r <= KG_SHEET_MAX_ROWS; ref++)
        r = r * 10 + (unsigned long)(*ref - '0');
    *col = c;
    *row = r;
    return *ref || c > KG_SHEET_MAX_COLS || r > KG_SHEET_MAX_ROWS ? -1 : 0;
}

static void row_start(sheet_ctx *c, const char **atts)
{
    const char *r = kg_xml_attr(atts, "r");
    unsigned long n = r ? strtoul(r, NULL, 10) : c->row + 1;
    if (n == 0 || n > KG_SHEET_MAX_ROWS) {
        kg_report(c->rows->diag, KG_ERROR, c->rows->file, c->row, 0,
                  "a row after this one has no number from 1 to %d; the "
                  "rest of the sheet is not read",
                  KG_SHEET_MAX_ROWS);
        kg_xml_halt(&c->x, -1);
        return;
    }
    c->row = n;
    c->col = 0;
    kg_rows_begin(c->rows, n);
}

static void cell_start(sheet_ctx *c, const char **atts)
{
    const char *r = kg_xml_attr(atts, "r");
    const char *t = kg_xml_attr(atts, "t");
    const char *s = kg_xml_attr(atts, "s");
    size_t col = c->col + 1;
    unsigned long row = c->row;
    if (r && (cell_ref(r, &col, &row) || !col)) {
        kg_rows_error(c->rows, 0,
                      "a cell's reference %s is not a column "
                      "and row of a sheet; the cell is not read",
                      kg_q(c->rows->diag, r));
        col = 0;
    }
    c->in_cell = col != 0;
    c->col = col;
    snprintf(c->type, sizeof c->type, "%s", t ? t : "n");
    c->style = s ? strtoul(s, NULL, 10) : 0;
    c->has_f = c->has_v = 0;
    kg_buf_clear(&c->v);
    kg_buf_clear(&c->is);
}

static void XMLCALL sheet_start(void *ud, const XML_Char *name,
                                const XML_Char **atts)
{
    sheet_ctx *c = ud;
    const char *local = kg_xml_local(name);
    if (strcmp(local, "row") == 0)
        row_start(c, atts);
    else if (strcmp(local, "c") == 0)
        cell_start(c, atts);
    else if (!c->in_cell)
        return;
    else if (strcmp(local, "v") == 0)
        c->in_v = c->has_v = 1;
    else if (strcmp(local, "f") == 0)
        c->has_f = 1;
    else if (strcmp(local, "rPh") == 0)
        c->in_rph = 1;
    else if (strcmp(local, "t") == 0)
        c->in_is_t = !c->in_rph;
}

/* The text a reader sees in the cell, into c->v (NUL-terminated), or
 * empty. */
static int cell_text(sheet_ctx *c)
{
    kg_rows *rows = c->rows;
    kg_buf *v = &c->v;
    const char *t = c->type;
    if (kg_buf_putc(v, '\0'))
        return -2;
    v->len--;
    if (strcmp(t, "inlineStr") == 0) {
        kg_buf tmp = *v;
        *v = c->is;
        c->is = tmp;
        return 0;
    }
    if (strcmp(t, "s") == 0) {
        char *end;
        unsigned long i = strtoul(v->data, &end, 10);
        shared *s = &c->w->strings;
        int bad = end == v->data || *end || i >= s->n;
        if (bad)
            kg_rows_error(rows, (unsigned long)c->col,
                          "the cell names shared string %s, which the "
                          "workbook does not have",
                          kg_q(rows->diag, v->data));
        kg_buf_clear(v);
        if (bad)
            return 0;
        return kg_buf_puts(v, s->text.data + s->off[i]) ? -2 : 0;
    }
    if (strcmp(t, "b") == 0) {
        int yes = v->len && v->data[0] == '1';
        kg_buf_clear(v);
        return kg_buf_puts(v, yes ? "TRUE" : "FALSE") ? -2 : 0;
    }
    if (c->has_f && !v->len) {
        kg_warn(rows->diag, "formula-uncached", rows->file, c->row,
                (unsigned long)c->col,
                "the formula in this cell has no value saved with it (the "
                "program that wrote the workbook did not compute it): the "
                "cell is read as empty");
        return 0;
    }
    if (strcmp(t, "n") != 0 || !v->len)
        return 0; /* str, e, d: the text as written */
    char *end;
    double d = strtod(v->data, &end);
    if (*end) {
        kg_rows_error(rows, (unsigned long)c->col,
                      "the cell's number %s is not a number",
                      kg_q(c->rows->diag, v->data));
        return 0;
    }
    int kind = c->style < c->w->nxf ? c->w->xf[c->style] : 0;
    char out[KG_CELL_TEXT_MAX];
    size_t n = kind ? kg_cell_serial(d, c->w->date1904, kind, out) : 0;
    if (!n)
        n = kg_cell_number(d, out);
    kg_buf_clear(v);
    return kg_buf_append(v, out, n) ? -2 : 0;
}

static void XMLCALL sheet_end(void *ud, const XML_Char *name)
{
    sheet_ctx *c = ud;
    const char *local = kg_xml_local(name);
    if (strcmp(local, "row") == 0) {
        if (kg_rows_end(c->rows))
            kg_xml_halt(&c->x, c->rows->stop);
    } else if (strcmp(local, "c") == 0 && c->in_cell) {
        c->in_cell = 0;
        int rc = cell_text(c);
        if (rc || kg_rows_cell(c->rows, c->col - 1, c->v.data, c->v.len))
            kg_xml_halt(&c->x, rc ? rc : c->rows->stop);
    } else if (strcmp(local, "v") == 0) {
        c->in_v = 0;
    } else if (strcmp(local, "rPh") == 0) {
        c->in_rph = 0;
    } else if (strcmp(local, "t") == 0) {
        c->in_is_t = 0;
    }
}

static void XMLCALL sheet_text(void *ud, const XML_Char *s, int len)
{
    sheet_ctx *c = ud;
    kg_buf *b = c->in_v ? &c->v : c->in_is_t ? &c->is : NULL;
    if (!b || !c->in_cell)
        return;
    size_t max = c->rows->max_row;
    if (max && b->len + (size_t)len > max) {
        kg_rows_error(c->rows, (unsigned long)c->col,
                      "the cell is longer than %zu bytes (%s); the rest of "
                      "the sheet is not read",
                      max, c->rows->setting ? c->rows->setting : "max_row");
        kg_xml_halt(&c->x, -1);
    } else if (kg_buf_append(b, s, (size_t)len)) {
        kg_xml_halt(&c->x, -2);
    }
}

int kg_xlsx_read(kg_xlsx *w, size_t i, kg_rows *rows)
{
    int rc = read_strings(w, rows);
    if (rc)
        return rc;
    sheet_ctx c = {.w = w, .rows = rows};
    kg_buf_init(&c.v);
    kg_buf_init(&c.is);
    rc = kg_zip_parse(w->zip, w->sheets[i].part, &c.x, sheet_start, sheet_end,
                      sheet_text, rows->diag, rows->file, &c.row);
    kg_buf_free(&c.v);
    kg_buf_free(&c.is);
    return rc;
}
