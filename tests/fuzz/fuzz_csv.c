/*
 * fuzz_csv.c - libFuzzer entry point: kgraph's CSV reader against libcsv.
 *
 * kgraph splits a whole, well-formed line itself (split_line in
 * src/text/csv_reader.c) and leaves every other line to libcsv.  Here
 * both read the same text: libcsv alone, byte by byte as the design card
 * has it (CSV_STRICT | CSV_STRICT_FINI), and kgraph's reader fed in
 * pieces.  Byte 0 chooses a comma or a tab (bit 0) and the size of the
 * pieces (bits 1-7); every other byte is one character of a small
 * alphabet (quotes, delimiters, spaces, tabs, CR, LF, text), so that the
 * fuzzer spends its runs on the grammar.  A header line comes first, so
 * that the delimiter kgraph finds is the one libcsv is given.
 *
 * A failure: libcsv reads the text whole and kgraph reports an error or
 * gives other records; libcsv stops at an error and kgraph reports none.
 */
#include <csv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../csv_echo.h"
#include "text/csv_reader.h"
#include "util/buf.h"
#include "util/diag.h"

/* libcsv's records, or -1 when it stops at an error */
static int libcsv_reads(const kg_buf *in, char delim, kg_buf *out)
{
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0)
        abort();
    csv_set_delim(&p, (unsigned char)delim);
    size_t done = csv_parse(&p, in->data, in->len, field_to, row_to, out);
    int whole = done == in->len && csv_fini(&p, field_to, row_to, out) == 0;
    csv_free(&p);
    return whole ? 0 : -1;
}

/* kgraph's records and its count of errors */
static unsigned long kgraph_reads(const kg_buf *in, int tsv, size_t step,
                                  kg_buf *out)
{
    kg_diagsink d;
    kg_diag_init(&d);
    kg_csv_reader *r =
        kg_csv_new(tsv ? "f.tsv" : "f.csv", &d, 0, record_to, out);
    if (!r)
        abort();
    for (size_t at = 0; at < in->len; at += step)
        kg_csv_feed(r, in->data + at,
                    in->len - at < step ? in->len - at : step);
    kg_csv_finish(r);
    kg_csv_free(r);
    return d.errors;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char alphabet[16] = {'a', 'b', ' ', '\t', ',',  ';',
                                      '"', '"', '"', '\n', '\n', '\r',
                                      'x', ',', ' ', '\t'};
    if (size == 0)
        return 0;
    int tsv = data[0] & 1;
    size_t step = 1 + (data[0] >> 1);
    kg_buf in, want, got;
    kg_buf_init(&in);
    kg_buf_init(&want);
    kg_buf_init(&got);
    kg_buf_puts(&in, tsv ? "h1\th2\n" : "h1,h2\n");
    for (size_t i = 1; i < size; i++)
        kg_buf_putc(&in, alphabet[data[i] & 15]);
    int whole = libcsv_reads(&in, tsv ? '\t' : ',', &want) == 0;
    unsigned long errors = kgraph_reads(&in, tsv, step, &got);
    if (whole && errors)
        abort(); /* kgraph refuses what libcsv reads */
    if (!whole && !errors)
        abort(); /* kgraph reads what libcsv refuses */
    if (whole && (want.len != got.len ||
                  (want.len && memcmp(want.data, got.data, want.len))))
        abort(); /* other records */
    kg_buf_free(&in);
    kg_buf_free(&want);
    kg_buf_free(&got);
    return 0;
}
