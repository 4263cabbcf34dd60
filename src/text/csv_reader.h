/*
 * csv_reader.h - reading CSV/TSV records with their positions, on top of
 * libcsv.
 *
 * libcsv does the tokenizing (RFC 4180: quotes, doubled quotes, newlines in
 * quotes, CR/LF/CRLF).  This module adds what libcsv leaves out: physical
 * line numbers, a UTF-8 and NUL check with the column of the first bad
 * byte, byte-order marks and other encodings, delimiter detection,
 * positioned parse errors, recovery after an error so that every error in
 * a file is reported, and limits that keep memory bounded.
 */
#ifndef KG_CSV_H
#define KG_CSV_H

#include <stddef.h>

#include "util/diag.h"

typedef struct kg_csv_field {
    const char *data; /* NUL-terminated; valid during the callback only */
    size_t len;
} kg_csv_field;

typedef struct kg_csv_record {
    const kg_csv_field *fields;
    size_t nfields;
    unsigned long line;     /* physical line where the record starts */
    unsigned long end_line; /* physical line where it ends */
    int bad;                /* an error was reported inside it: skip it */
    /* the record as read, all its lines, its last line end left out (in
     * UTF-8: a file in another encoding decoded), when the reader keeps it
     * (kg_csv_options.keep_raw); else NULL.  Valid during the callback. */
    const char *raw;
    size_t raw_len;
    /* what r's mark function (kg_csv_set_marks) said of the record, said
     * on the thread that read it; `marked` is 0 when it was not asked
     * (then marks is 0 and means nothing) */
    unsigned long long marks;
    int marked;
    /* the fields lie one after another, each with its NUL (so
     * kg_csv_packed need not look); 0 when not known */
    int packed;
} kg_csv_record;

/* Called for each record, the header included.  Return nonzero to stop. */
typedef int (*kg_csv_record_fn)(const kg_csv_record *rec, void *ctx);

typedef struct kg_csv_reader kg_csv_reader;

/*
 * `file` is the name used in diagnostics (kept by pointer: it must outlive
 * the reader).  A name ending in ".tsv" means tab-separated; otherwise the
 * delimiter is detected from the first line (comma, semicolon or tab).
 * `max_errors` stops reading after that many errors (0: never).
 */
kg_csv_reader *kg_csv_new(const char *file, kg_diagsink *diag,
                          unsigned long max_errors, kg_csv_record_fn fn,
                          void *ctx);
void kg_csv_free(kg_csv_reader *r);

/*
 * How a file is read.  `encoding` is a name iconv knows ("latin1",
 * "cp1252", "UTF-16LE"...), or NULL for UTF-8; a byte-order mark at the
 * start (UTF-8, UTF-16 or UTF-32, either order) overrides it.  A row
 * (a record, over all its lines) longer than `max_row` bytes stops the
 * file with an error; a row with more than `max_columns` fields is
 * rejected with one.  Either limit 0 means none.  Set before feeding.
 */
typedef struct kg_csv_options {
    const char *encoding; /* kept by pointer: it must outlive the reader */
    size_t max_row;
    size_t max_columns;
    int keep_raw; /* each record's text as read, in kg_csv_record.raw */
} kg_csv_options;

void kg_csv_set_options(kg_csv_reader *r, const kg_csv_options *o);
const kg_csv_options *kg_csv_options_of(const kg_csv_reader *r);

/* Feeds the next bytes of the file.  Returns 0, or -1 when reading should
 * stop (the callback asked to, too many errors, or out of memory). */
int kg_csv_feed(kg_csv_reader *r, const char *data, size_t len);

/* Ends the input.  Returns 0, or -1 as kg_csv_feed. */
int kg_csv_finish(kg_csv_reader *r);

/* Whether the reader ran out of memory (the cause of a -1). */
int kg_csv_nomem(const kg_csv_reader *r);

/* A look at a record some records before r's callback gets it (with
 * kg_csv_read_fd only), to fetch what it will need: it must change
 * nothing the callback relies on. */
typedef void (*kg_csv_peek_fn)(const kg_csv_record *rec, void *ctx);
void kg_csv_set_peek(kg_csv_reader *r, kg_csv_peek_fn peek);
/* Whether r has a peek callback and has not stopped: a record is only
 * assembled for the peek when one is wanted. */
int kg_csv_wants_peek(const kg_csv_reader *r);
void kg_csv_peek(kg_csv_reader *r, const kg_csv_record *rec);

/* A word of facts about a record that depend on its fields alone (which
 * field is a date, say), for r's callback to use as
 * rec->marks instead of finding them again.  With kg_csv_read_fd it is
 * called on the reading thread, for every record in order, the header
 * too, before the record is handed over: it must read nothing but rec and
 * *state, a word of that thread's own (0 at the start of the file, for
 * what earlier records showed), and write nothing else.  Records read
 * otherwise are not marked.  NULL (the default): none. */
typedef unsigned long long (*kg_csv_mark_fn)(const kg_csv_record *rec,
                                             unsigned long long *state);
void kg_csv_set_marks(kg_csv_reader *r, kg_csv_mark_fn mark);
kg_csv_mark_fn kg_csv_marks_of(const kg_csv_reader *r);

/* Fields [first, end) of rec (first < end) as one block, when they lie
 * one after another each with its NUL, as the readers here pack them: its
 * start, and *len its bytes with the last NUL; else NULL. */
const char *kg_csv_packed(const kg_csv_record *rec, size_t first, size_t end,
                          size_t *len);

/* For csv_pipe.c: hands r's callback a record parsed elsewhere, as
 * kg_csv_feed would (counted against max_errors); returns 0, or -1 when
 * reading should stop.  kg_csv_stop_nomem stops r for lack of memory. */
int kg_csv_take(kg_csv_reader *r, const kg_csv_record *rec);
void kg_csv_stop_nomem(kg_csv_reader *r);
const char *kg_csv_file(const kg_csv_reader *r);
kg_diagsink *kg_csv_diag(const kg_csv_reader *r);

#endif
