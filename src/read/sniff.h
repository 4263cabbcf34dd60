/*
 * sniff.h - what a file is before it is read: whether a `.txt` in a folder
 * is a table, whether a first row is a header or data, and the rows held
 * while that is decided.
 *
 * A first row that names a column kgraph knows (schema.c) is a header.
 * One that names none is held with the rows below it (up to
 * KG_SNIFF_ROWS) and compared with them, as Python's csv.Sniffer.has_header
 * does: a header has text above a column of numbers, or another number of
 * fields than the rows below; a row with the same shape as the rows below
 * is data.  A first row with no rows below it stays a header.
 */
#ifndef KG_SNIFF_H
#define KG_SNIFF_H

#include <stddef.h>

#include "text/csv_reader.h"
#include "util/buf.h"

enum { KG_SNIFF_ROWS = 20 };

/* Whether the file at path looks like a table: its first lines (of its
 * first 8 KiB) split by comma, tab or semicolon, outside quotes, into the
 * same number of fields, at least two, and no NUL byte.  0 when it cannot
 * be read. */
int kg_sniff_table(const char *path);

/* Rows kept while the first row's meaning is decided: copies of the
 * records, with their lines, whether they were bad, and the row as read
 * when the reader kept it (for a rejected row's text). */
typedef struct kg_held_rows {
    kg_buf text; /* the fields, each NUL-terminated, and the raw rows */
    struct kg_held_row {
        size_t first_field, nfields;
        unsigned long line, end_line;
        int bad;
        size_t raw_at, raw_len; /* in text; raw_len 0 and no raw: none */
        int has_raw;
    } * rows;
    size_t nrows, rows_cap;
    size_t *field_at; /* each field's offset in text */
    size_t nfields, fields_cap;
    kg_csv_field *view; /* one row's fields, for kg_held_row */
    size_t view_cap;
} kg_held_rows;

void kg_held_init(kg_held_rows *h);
void kg_held_free(kg_held_rows *h);

/* Keeps a copy of rec.  0, or -1 when out of memory. */
int kg_held_add(kg_held_rows *h, const kg_csv_record *rec);

/* Held row i as a record (valid until the next kg_held_ call).  0, or -1
 * when out of memory. */
int kg_held_row(kg_held_rows *h, size_t i, kg_csv_record *rec);

/* Whether held row 0 is a header, judged against the held rows below it
 * (as the top of this file says).  -1 when out of memory. */
int kg_sniff_header(kg_held_rows *h);

#endif
