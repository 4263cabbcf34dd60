/*
 * sniff.c - a table or not, a header or data (sniff.h).
 */
#include "read/sniff.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/alloc.h"

/* ---- A .txt that is a table ---- */

enum { SNIFF_BYTES = 8192, SNIFF_LINES = 10 };

/* The fields of each whole line of s[0..len) split by delim outside
 * quotes: 1 when the lines (at most SNIFF_LINES, blank ones passed over)
 * all have the same number, at least two. */
static int same_fields(const char *s, size_t len, char delim)
{
    size_t want = 0, fields = 1, lines = 0;
    int quoted = 0, blank = 1;
    for (size_t i = 0; i < len && lines < SNIFF_LINES; i++) {
        char c = s[i];
        if (c == '"')
            quoted = !quoted;
        if (quoted || (c != '\n' && c != '\r')) {
            fields += !quoted && c == delim;
            blank &= c == ' ' || c == '\t';
            continue;
        }
        if (!blank) {
            if (want && fields != want)
                return 0;
            want = fields;
            lines++;
        }
        fields = 1;
        blank = 1;
    }
    /* a last line without its end counts when the whole file was read */
    if (!blank && len < SNIFF_BYTES && lines < SNIFF_LINES) {
        if (want && fields != want)
            return 0;
        want = fields;
    }
    return want >= 2;
}

int kg_sniff_table(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    char buf[SNIFF_BYTES];
    size_t len = 0;
    ssize_t n;
    while (len < sizeof buf && (n = read(fd, buf + len, sizeof buf - len)) > 0)
        len += (size_t)n;
    close(fd);
    if (memchr(buf, '\0', len))
        return 0;
    size_t skip = len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    return same_fields(buf + skip, len - skip, ',') ||
           same_fields(buf + skip, len - skip, '\t') ||
           same_fields(buf + skip, len - skip, ';');
}

/* ---- Rows held ---- */

void kg_held_init(kg_held_rows *h)
{
    memset(h, 0, sizeof *h);
    kg_buf_init(&h->text);
}

void kg_held_free(kg_held_rows *h)
{
    kg_buf_free(&h->text);
    free(h->rows);
    free(h->field_at);
    free(h->view);
    memset(h, 0, sizeof *h);
}

int kg_held_add(kg_held_rows *h, const kg_csv_record *rec)
{
    if (kg_grow((void **)&h->rows, &h->rows_cap, h->nrows + 1,
                sizeof *h->rows) ||
        kg_grow((void **)&h->field_at, &h->fields_cap,
                h->nfields + rec->nfields + 1, sizeof *h->field_at))
        return -1;
    struct kg_held_row *row = &h->rows[h->nrows++];
    *row = (struct kg_held_row){
        h->nfields, rec->nfields, rec->line, rec->end_line, rec->bad, 0, 0, 0};
    for (size_t i = 0; i < rec->nfields; i++) {
        h->field_at[h->nfields++] = h->text.len;
        if (kg_buf_append(&h->text, rec->fields[i].data, rec->fields[i].len) ||
            kg_buf_append(&h->text, "", 1))
            return -1;
    }
    if (rec->raw) {
        row->raw_at = h->text.len;
        row->raw_len = rec->raw_len;
        row->has_raw = 1;
        if (kg_buf_append(&h->text, rec->raw, rec->raw_len) ||
            kg_buf_append(&h->text, "", 1))
            return -1;
    }
    return 0;
}

int kg_held_row(kg_held_rows *h, size_t i, kg_csv_record *rec)
{
    const struct kg_held_row *r = &h->rows[i];
    if (kg_grow((void **)&h->view, &h->view_cap, r->nfields + 1,
                sizeof *h->view))
        return -1;
    for (size_t k = 0; k < r->nfields; k++) {
        const char *s = h->text.data + h->field_at[r->first_field + k];
        h->view[k] = (kg_csv_field){s, strlen(s)};
    }
    *rec = (kg_csv_record){.fields = h->view,
                           .nfields = r->nfields,
                           .line = r->line,
                           .end_line = r->end_line,
                           .bad = r->bad,
                           .raw = r->has_raw ? h->text.data + r->raw_at : NULL,
                           .raw_len = r->raw_len};
    return 0;
}

/* ---- A header or data ---- */

/* Whether s is a number as a data set writes one: digits with an optional
 * sign, point and exponent. */
static int number(const char *s)
{
    char *end;
    if (!*s)
        return 0;
    (void)strtod(s, &end);
    return *end == '\0';
}

int kg_sniff_header(kg_held_rows *h)
{
    if (h->nrows < 2)
        return 1;
    const struct kg_held_row *top = &h->rows[0];
    size_t same = 0;
    for (size_t i = 1; i < h->nrows; i++)
        same += h->rows[i].nfields == top->nfields;
    if (same * 2 <= h->nrows - 1)
        return 1; /* most rows below have another shape */
    for (size_t c = 0; c < top->nfields; c++) {
        const char *head = h->text.data + h->field_at[top->first_field + c];
        size_t numbers = 0;
        for (size_t i = 1; i < h->nrows; i++) {
            const struct kg_held_row *r = &h->rows[i];
            if (r->nfields != top->nfields)
                continue;
            numbers += number(h->text.data + h->field_at[r->first_field + c]);
        }
        if (numbers == same && !number(head))
            return 1; /* text above a column of numbers */
    }
    return 0;
}
