/*
 * xls.c - legacy Excel workbooks through FreeXL, in a bounded child
 * process (xls.h, util/sandbox.h).
 *
 * Each job (the list of sheets; one sheet's cells) runs in a child that
 * opens the file with FreeXL and streams what it read as messages: a tag
 * byte, two 32-bit numbers a and b and a length, then that many bytes.
 *
 *   'N' a sheet's name (a: its index,      'R' a row begins (a: 0-based)
 *       b: 1 when it has text, else 0)
 *   'C' a cell's text (a: its column)      'X' a cell FreeXL cannot read
 *   'E' the row ends                           (a: its column, b: the code)
 *
 * The parent believes none of it: each length, index, row and column is
 * checked against BIFF8's bounds and the order of the rows, and anything
 * else stops the child.  The reply says how FreeXL's calls ended.
 */
#include "text/xls.h"

#include <freexl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/alloc.h"
#include "util/buf.h"
#include "util/sandbox.h"

/* BIFF8's bounds: rows, columns, a sheet name's characters (31, each at
 * most 3 bytes of UTF-8; room left), a string's (32,767). */
enum {
    XLS_ROWS = 65536,
    XLS_COLS = 256,
    XLS_NAME_MAX = 256,
    XLS_TEXT_MAX = 32767 * 3 + 16
};

enum { HEAD = 13 }; /* tag, a, b, length */

struct kg_xls {
    char *path;
    const char *file;
    kg_diagsink *diag;
    kg_sheet *sheets;
    size_t nsheets;
};

/* ---- In the child ---- */

/* A job and what the parent makes of its stream: one context for the
 * sandbox's two callbacks, run in the child and take in the parent. */
typedef struct job {
    const char *path;
    long sheet; /* -1: list the sheets */
    char out[65536];
    size_t used;
    /* in the parent */
    kg_xls *x;
    kg_rows *rows; /* NULL: listing the sheets */
    kg_buf pending;
    long row; /* the row begun, or -1 */
    long last_row, last_col;
    const char *bad; /* what the child said wrong ("": memory) */
} job;

typedef struct reply {
    int code;       /* FreeXL's last answer: FREEXL_OK when done */
    unsigned int n; /* the sheets counted */
    int done;       /* the job ran to its end */
} reply;

static void flush(job *j)
{
    (void)kg_sandbox_write_all(kg_sandbox_stream_fd(), j->out, j->used);
    j->used = 0;
}

static void put32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static uint32_t get32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static void say(job *j, char tag, uint32_t a, uint32_t b, const char *s,
                size_t len)
{
    if (len > XLS_TEXT_MAX)
        len = XLS_TEXT_MAX;
    if (j->used + HEAD + len > sizeof j->out)
        flush(j);
    unsigned char *p = (unsigned char *)j->out + j->used;
    p[0] = (unsigned char)tag;
    put32(p + 1, a);
    put32(p + 5, b);
    put32(p + 9, (uint32_t)len);
    j->used += HEAD;
    if (len > sizeof j->out - j->used) {
        flush(j);
        (void)kg_sandbox_write_all(kg_sandbox_stream_fd(), s, len);
        return;
    }
    if (len)
        memcpy(j->out + j->used, s, len);
    j->used += len;
}

/* Cell v's text into out (its length), or the text FreeXL keeps
 * (*text). */
static size_t cell(const FreeXL_CellValue *v, char *out, const char **text)
{
    switch (v->type) {
    case FREEXL_CELL_INT: return kg_cell_number(v->value.int_value, out);
    case FREEXL_CELL_DOUBLE: return kg_cell_number(v->value.double_value, out);
    case FREEXL_CELL_DATETIME: {
        /* "1959-10-04 13:45:00": ISO has a T between */
        int n = snprintf(out, KG_CELL_TEXT_MAX, "%s",
                         v->value.text_value ? v->value.text_value : "");
        if (n > 10 && out[10] == ' ')
            out[10] = 'T';
        return n > 0 ? (size_t)n : 0;
    }
    case FREEXL_CELL_TEXT:
    case FREEXL_CELL_SST_TEXT:
    case FREEXL_CELL_DATE:
    case FREEXL_CELL_TIME:
        *text = v->value.text_value;
        return *text ? strlen(*text) : 0;
    default: return 0;
    }
}

/* Whether the active sheet has a cell with text (a row of cells FreeXL
 * cannot read has none, and is skipped as empty), or cannot be read at
 * all: whether kgraph reads it (a sheet without is passed over without
 * another child). */
static int any_cell(const void *h)
{
    unsigned int nrows = 0;
    unsigned short ncols = 0;
    if (freexl_worksheet_dimensions(h, &nrows, &ncols) != FREEXL_OK)
        return 1;
    for (unsigned int row = 0; row < nrows; row++)
        for (unsigned short c = 0; c < ncols; c++) {
            FreeXL_CellValue v;
            char out[KG_CELL_TEXT_MAX];
            const char *text = out;
            if (freexl_get_cell_value(h, row, c, &v) == FREEXL_OK &&
                cell(&v, out, &text) != 0)
                return 1;
        }
    return 0;
}

static int list_sheets(job *j, const void *h, reply *r)
{
    int rc = freexl_get_info(h, FREEXL_BIFF_SHEET_COUNT, &r->n);
    for (unsigned int i = 0; rc == FREEXL_OK && i < r->n; i++) {
        if (i >= KG_SHEET_MAX_SHEETS)
            return FREEXL_OK; /* the parent says so */
        const char *name = NULL;
        rc = freexl_get_worksheet_name(h, (unsigned short)i, &name);
        if (rc != FREEXL_OK)
            break;
        int any =
            freexl_select_active_worksheet(h, (unsigned short)i) != FREEXL_OK ||
            any_cell(h);
        say(j, 'N', i, (uint32_t)any, name ? name : "",
            name ? strlen(name) : 0);
    }
    return rc;
}

static int read_sheet(job *j, const void *h)
{
    int rc = freexl_select_active_worksheet(h, (unsigned short)j->sheet);
    unsigned int nrows = 0;
    unsigned short ncols = 0;
    if (rc == FREEXL_OK)
        rc = freexl_worksheet_dimensions(h, &nrows, &ncols);
    if (rc != FREEXL_OK)
        return rc;
    for (unsigned int row = 0; row < nrows; row++) {
        int begun = 0;
        for (unsigned short c = 0; c < ncols; c++) {
            FreeXL_CellValue v;
            char out[KG_CELL_TEXT_MAX];
            const char *text = out;
            rc = freexl_get_cell_value(h, row, c, &v);
            size_t n = rc == FREEXL_OK ? cell(&v, out, &text) : 0;
            if (rc == FREEXL_OK && n == 0)
                continue; /* an empty cell: nothing to say */
            if (!begun)
                say(j, 'R', row, 0, NULL, 0);
            begun = 1;
            if (rc != FREEXL_OK)
                say(j, 'X', c, (uint32_t)rc, NULL, 0);
            else
                say(j, 'C', c, 0, text, n);
        }
        if (begun)
            say(j, 'E', 0, 0, NULL, 0);
    }
    return FREEXL_OK;
}

static void run(void *ctx, void *out)
{
    job *j = ctx;
    reply *r = out;
    const void *h = NULL;
    r->code = freexl_open(j->path, &h);
    if (r->code == FREEXL_OK)
        r->code = j->sheet < 0 ? list_sheets(j, h, r) : read_sheet(j, h);
    flush(j);
    r->done = 1;
    /* no freexl_close: the process ends now */
}

/* ---- In the parent ---- */

/* Message tag with a, b and text s (len): 0, 1 to stop (rows), -1 when
 * it is not one the job may send (t->bad). */
static int take_one(job *t, int tag, uint32_t a, uint32_t b, const char *s,
                    uint32_t len)
{
    kg_xls *x = t->x;
    if (!t->rows) {
        if (tag != 'N' || a != x->nsheets || a >= KG_SHEET_MAX_SHEETS ||
            len > XLS_NAME_MAX || b > 1)
            return t->bad = "a sheet out of order", -1;
        x->sheets[a].cells = b ? 1 : -1;
        x->sheets[a].name = kg_strndup(s, len);
        if (!x->sheets[a].name)
            return t->bad = "", -1;
        x->nsheets = a + 1;
        return 0;
    }
    kg_rows *rows = t->rows;
    switch (tag) {
    case 'R':
        if (t->row >= 0 || (long)a <= t->last_row || a >= XLS_ROWS)
            return t->bad = "a row out of order", -1;
        t->row = t->last_row = (long)a;
        t->last_col = -1;
        kg_rows_begin(rows, a + 1ul);
        return 0;
    case 'C':
    case 'X':
        if (t->row < 0 || (long)a <= t->last_col || a >= XLS_COLS ||
            (tag == 'X' && len))
            return t->bad = "a cell out of order", -1;
        t->last_col = (long)a;
        if (tag == 'X') {
            kg_rows_error(rows, a + 1u,
                          "FreeXL cannot read the cell (error %d)", (int)b);
            return 0;
        }
        return kg_rows_cell(rows, a, s, len) ? 1 : 0;
    case 'E':
        if (t->row < 0 || len)
            return t->bad = "a row's end out of place", -1;
        t->row = -1;
        return kg_rows_end(rows) ? 1 : 0;
    default: return t->bad = "an unknown message", -1;
    }
}

/* The sandbox's stream callback: whole messages taken, the rest kept. */
static int take(void *ctx, const void *bytes, size_t n)
{
    job *t = ctx;
    if (kg_buf_append(&t->pending, bytes, n))
        return t->bad = "", -1;
    size_t at = 0;
    int rc = 0;
    while (rc == 0 && t->pending.len - at >= HEAD) {
        const unsigned char *p = (const unsigned char *)t->pending.data + at;
        uint32_t len = get32(p + 9);
        if (len > XLS_TEXT_MAX) {
            t->bad = "a text longer than Excel's";
            return -1;
        }
        if (t->pending.len - at - HEAD < len)
            break;
        rc = take_one(t, p[0], get32(p + 1), get32(p + 5),
                      (const char *)p + HEAD, len);
        at += HEAD + len;
    }
    memmove(t->pending.data, t->pending.data + at, t->pending.len - at);
    t->pending.len -= at;
    return rc ? -1 : 0;
}

static int fail(kg_diagsink *diag, const char *file, int code)
{
    if (code == FREEXL_FILE_NOT_FOUND) {
        kg_report(diag, KG_ERROR, file, 0, 0,
                  "cannot read: no such file, or it cannot be opened");
        return -1;
    }
    if (code == FREEXL_INSUFFICIENT_MEMORY) {
        kg_report(diag, KG_ERROR, file, 0, 0,
                  "FreeXL ran out of memory reading the workbook (its process "
                  "may use %zu MB); not read",
                  kg_sandbox_default_memory() >> 20);
        return -1;
    }
    kg_report(diag, KG_ERROR, file, 0, 0,
              "not an Excel 97-2003 workbook that can be read: FreeXL "
              "says error %d%s",
              code,
              code == FREEXL_CRAFTED_FILE ? " (a damaged or crafted file)"
              : code == FREEXL_INVALID_CFBF_HEADER ||
                      code == FREEXL_CFBF_INVALID_SIGNATURE
                  ? " (no Excel file header)"
                  : "");
    return -1;
}

static const char *signal_name(int sig)
{
    switch (sig) {
    case SIGSEGV: return "SIGSEGV";
    case SIGBUS: return "SIGBUS";
    case SIGABRT: return "SIGABRT";
    case SIGFPE: return "SIGFPE";
    case SIGILL: return "SIGILL";
    case SIGKILL: return "SIGKILL";
    default: return "a signal";
    }
}

/* Runs job j in a child process; 0, 1 when rows' callback stopped, -1
 * after an error said (on `file`), -2 out of memory. */
static int in_child(job *j, kg_diagsink *diag, const char *file)
{
    kg_sandbox s = {.timeout_ms = KG_XLS_TIMEOUT_MS,
                    .memory = kg_sandbox_default_memory(),
                    .run = run,
                    .ctx = j,
                    .reply_size = sizeof(reply),
                    .stream = take};
    reply r;
    char text[256];
    kg_buf_init(&j->pending);
    j->row = j->last_row = -1;
    kg_sandbox_end end = kg_sandbox_run(&s, &r, text, sizeof text);
    kg_buf_free(&j->pending);
    if (j->bad && !*j->bad)
        return -2;
    const char *what = "FreeXL could not read the workbook";
    switch (end.how) {
    case KG_SANDBOX_UNSTARTED:
        kg_report(diag, KG_ERROR, file, 0, 0,
                  "cannot start the process that reads .xls workbooks; not "
                  "read");
        return -1;
    case KG_SANDBOX_LATE:
        kg_report(diag, KG_ERROR, file, 0, 0,
                  "%s in %lu s (its process was stopped); the rest is not "
                  "read",
                  what, (unsigned long)(KG_XLS_TIMEOUT_MS / 1000));
        return -1;
    case KG_SANDBOX_STOPPED:
        if (end.signal)
            kg_report(diag, KG_ERROR, file, 0, 0,
                      "%s (it crashed: %s); the rest is not read", what,
                      signal_name(end.signal));
        else
            kg_report(diag, KG_ERROR, file, 0, 0,
                      "%s (it crashed: exit status %d); the rest is not read",
                      what, end.exit_status);
        return -1;
    case KG_SANDBOX_CUT:
        if (!j->bad)
            return j->rows ? j->rows->stop : -1;
        kg_report(diag, KG_ERROR, file, 0, 0,
                  "%s (its process sent %s); the rest is not read", what,
                  j->bad);
        return -1;
    case KG_SANDBOX_REPLIED: break;
    }
    if (!r.done || r.code != FREEXL_OK)
        return fail(diag, file, r.done ? r.code : FREEXL_CRAFTED_FILE);
    if (j->rows && j->row >= 0) {
        kg_report(diag, KG_ERROR, file, 0, 0,
                  "%s (its process left a row unended); the rest is not read",
                  what);
        return -1;
    }
    if (j->rows)
        return 0;
    if (r.n > KG_SHEET_MAX_SHEETS) {
        kg_report(diag, KG_ERROR, file, 0, 0,
                  "the workbook has more than %d sheets; not read",
                  KG_SHEET_MAX_SHEETS);
        return -1;
    }
    if (r.n != j->x->nsheets) {
        kg_report(diag, KG_ERROR, file, 0, 0,
                  "%s (its process named %zu of %u sheets); not read", what,
                  j->x->nsheets, r.n);
        return -1;
    }
    return 0;
}

kg_xls *kg_xls_open(const char *path, const char *file, kg_diagsink *diag,
                    int *nomem)
{
    kg_xls *x = kg_calloc(1, sizeof *x);
    job *j = kg_calloc(1, sizeof *j);
    if (x)
        x->path = kg_strdup(path);
    if (x)
        x->sheets = kg_calloc(KG_SHEET_MAX_SHEETS + 1, sizeof *x->sheets);
    if (!x || !j || !x->path || !x->sheets) {
        *nomem = 1;
        kg_xls_free(x);
        free(j);
        return NULL;
    }
    x->file = file;
    x->diag = diag;
    struct stat st;
    int rc = 0;
    if (stat(path, &st) == 0 && st.st_size > KG_XLS_MAX_FILE) {
        kg_report(diag, KG_ERROR, file, 0, 0,
                  "the workbook is larger than %lld bytes, the limit for an "
                  ".xls file; not read",
                  (long long)KG_XLS_MAX_FILE);
        rc = -1;
    } else {
        j->path = x->path;
        j->sheet = -1;
        j->x = x;
        rc = in_child(j, diag, file);
    }
    free(j);
    if (rc == 0) /* FreeXL 1.0 skips FORMULA and BOOLERR records */
        kg_warn(diag, "xls-cells-unread", file, 0, 0,
                "FreeXL, which reads .xls workbooks, gives no formula's "
                "value and no TRUE or FALSE: such cells read as empty (saved "
                "as .xlsx or .ods, the workbook is read whole)");
    if (rc) {
        *nomem = rc == -2;
        kg_xls_free(x);
        return NULL;
    }
    return x;
}

void kg_xls_free(kg_xls *x)
{
    if (!x)
        return;
    kg_sheets_free(x->sheets, x->nsheets);
    free(x->path);
    free(x);
}

const kg_sheet *kg_xls_sheets(const kg_xls *x, size_t *n)
{
    *n = x->nsheets;
    return x->sheets;
}

int kg_xls_read(kg_xls *x, size_t i, kg_rows *rows)
{
    job *j = kg_calloc(1, sizeof *j);
    if (!j)
        return -2;
    j->path = x->path;
    j->sheet = (long)i;
    j->x = x;
    j->rows = rows;
    int rc = in_child(j, rows->diag, rows->file);
    free(j);
    return rc;
}
