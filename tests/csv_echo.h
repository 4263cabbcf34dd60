/*
 * csv_echo.h - records written as text to compare two CSV readers: each
 * field's bytes in brackets, "|" between fields, "\n" after a record
 * ("[a]|[b c]\n").  libcsv's callbacks (field_to, row_to) and kgraph's
 * reader's (record_to) give the same text for the same records.  Used by
 * tests/unit_tests.c and tests/fuzz/fuzz_csv.c.
 */
#ifndef KG_CSV_ECHO_H
#define KG_CSV_ECHO_H

#include <stdint.h>

#include "text/csv_reader.h"
#include "util/buf.h"

static void field_to(void *data, size_t len, void *ctx)
{
    kg_buf *b = ctx;
    if (b->len && b->data[b->len - 1] != '\n')
        kg_buf_putc(b, '|');
    kg_buf_putc(b, '[');
    kg_buf_append(b, data, len);
    kg_buf_putc(b, ']');
}

static void row_to(int term, void *ctx)
{
    (void)term;
    kg_buf_putc(ctx, '\n');
}

static int record_to(const kg_csv_record *rec, void *ctx)
{
    for (size_t i = 0; i < rec->nfields; i++)
        field_to((void *)(uintptr_t)rec->fields[i].data, rec->fields[i].len,
                 ctx);
    row_to(0, ctx);
    return 0;
}

#endif
