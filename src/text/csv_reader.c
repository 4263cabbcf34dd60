/*
 * csv_reader.c - CSV/TSV records with positions, on top of libcsv.
 *
 * How positions are kept.  The input is cut into physical lines (ending in
 * LF, CR or CRLF) and each line is handed to libcsv on its own, so every
 * libcsv callback happens while exactly one line is being parsed: that line
 * is where the field or record ended.  A record starts on the line where
 * libcsv leaves its "row not begun" state, which we read from the parser
 * after each line (libcsv skips blank lines itself, and we must agree with
 * it).  A field starts on the line of the delimiter that ended the field
 * before it, or on the record's first line.
 *
 * How errors are survived.  libcsv in strict mode stops at a stray quote.
 * We report it with its column, mark the record bad, reset the parser and
 * carry on at the next line, so one run reports every broken row.
 *
 * Before lines: the first bytes are held until a byte-order mark can be
 * told (UTF-8, UTF-16, UTF-32), and a file in another encoding is decoded
 * to UTF-8 (decode.h) a slice at a time; lines and columns are those of
 * the decoded text, which has the same line ends and characters.
 *
 * How memory stays bounded.  A physical line, the text of a record and
 * libcsv's field buffer are each checked against the row limit as they
 * grow; past it the file stops (where the row ends cannot be known without
 * reading it).  Fields past the column limit are not kept.
 */
#include "text/csv_reader.h"

#include <csv.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/decode.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/utf8.h"

enum { PARSER_OPTIONS = CSV_STRICT | CSV_STRICT_FINI };

/*
 * libcsv grows its field buffer by a fixed step (128 bytes by default),
 * asking for a reallocation every time: a 100 MB field took 800,000 of
 * them, each moving the mapping, 10 s in all.  Its buffer is given room
 * to double instead: a block remembers its capacity just before the part
 * libcsv sees, and a request that fits is answered with the same block.
 */
typedef union field_block {
    size_t cap;
    max_align_t align;
} field_block;

static void *field_realloc(void *ptr, size_t size)
{
    field_block *b = ptr ? (field_block *)ptr - 1 : NULL;
    if (b && size <= b->cap)
        return ptr;
    size_t cap = b ? b->cap : 0;
    while (cap < size)
        cap = cap ? cap * 2 : 256;
    if (cap > SIZE_MAX - sizeof *b)
        return NULL;
    field_block *n = kg_realloc(b, sizeof *b + cap);
    if (!n)
        return NULL;
    n->cap = cap;
    return n + 1;
}

static void field_free(void *ptr)
{
    if (ptr)
        free((field_block *)ptr - 1);
}

static int parser_init(struct csv_parser *p)
{
    if (csv_init(p, PARSER_OPTIONS) != 0)
        return -1;
    csv_set_realloc_func(p, field_realloc);
    csv_set_free_func(p, field_free);
    return 0;
}

/* Bytes decoded at a time from another encoding. */
enum { DECODE_SLICE = 64 * 1024 };

struct kg_csv_reader {
    struct csv_parser parser;
    const char *file;
    kg_diagsink *diag;
    kg_csv_record_fn fn;
    kg_csv_peek_fn peek;
    kg_csv_mark_fn mark; /* for kg_csv_read_fd's reading thread */
    void *ctx;
    unsigned long max_errors;
    unsigned long errors_before; /* the sink's count when this file began */

    kg_csv_options opts;
    kg_buf head;     /* the first bytes, until the byte-order mark is known */
    int started;     /* the start of the file was looked at */
    kg_decoder *dec; /* NULL: the file is UTF-8 */
    kg_buf decoded;
    int dropping; /* the current row has too many fields */

    unsigned char delim;    /* 0 until the first line is seen */
    unsigned long line;     /* the physical line being parsed */
    unsigned long rec_line; /* where the current record began; 0: none */
    unsigned long field_line;
    int rec_bad;
    int stopped;
    int nomem;

    kg_buf carry; /* a line split across two feeds */
    kg_buf raw;   /* the current record's lines, when opts.keep_raw */

    /* the current record's fields, packed one after another */
    kg_buf text;
    struct span {
        size_t off, len;
    } * spans;
    size_t nfields;
    size_t cap;
    kg_csv_field *fields;
    size_t fields_cap;
    int cr_pending; /* the last line fed ended in a CR at the end of a feed */
    int line_ended; /* the last line fed had its line end */
};

#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static void
csv_error_at(kg_csv_reader *r, unsigned long line, unsigned long col,
             const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    kg_vreport(r->diag, KG_ERROR, r->file, line, col, fmt, ap);
    va_end(ap);
    r->rec_bad = 1;
}

/* Stops after max_errors errors in this file, counting those the record
 * callback reported too. */
static int too_many_errors(kg_csv_reader *r, unsigned long line)
{
    unsigned long n = r->diag->errors - r->errors_before;
    if (!r->max_errors || n < r->max_errors)
        return 0;
    if (!r->stopped)
        kg_report(r->diag, KG_ERROR, r->file, line, 0,
                  "too many errors (%lu); the rest of this file is not read",
                  n);
    r->stopped = 1;
    return 1;
}

static int status(const kg_csv_reader *r)
{
    return (r->stopped || r->nomem) ? -1 : 0;
}

/* A row past opts.max_row: memory must stay bounded, and where the row
 * ends cannot be known without reading it, so the file stops here. */
static void too_long(kg_csv_reader *r, unsigned long line)
{
    if (r->stopped)
        return;
    size_t max = r->opts.max_row;
    const char *limit = kg_setting_name(r->diag, KG_SETTING_MAX_ROW);
    if (max % (1u << 20) == 0)
        csv_error_at(r, line ? line : r->line, 0,
                     "a row longer than %zu MiB (the limit: %s raises it); "
                     "the rest of this file is not read",
                     max >> 20, limit);
    else
        csv_error_at(r, line ? line : r->line, 0,
                     "a row longer than %zu bytes (the limit: %s raises it); "
                     "the rest of this file is not read",
                     max, limit);
    r->stopped = 1;
}

/* ---- libcsv callbacks ---- */

static void on_field(void *data, size_t len, void *ctx)
{
    kg_csv_reader *r = ctx;
    if (r->nomem || r->stopped)
        return;
    if (r->opts.max_columns && r->nfields >= r->opts.max_columns) {
        if (!r->dropping)
            csv_error_at(r, r->rec_line ? r->rec_line : r->line, 0,
                         "a row with more than %zu fields (the limit: %s "
                         "raises it); the row is not used",
                         r->opts.max_columns,
                         kg_setting_name(r->diag, KG_SETTING_MAX_COLUMNS));
        r->dropping = 1;
        return;
    }
    if (r->opts.max_row && r->text.len + len > r->opts.max_row) {
        too_long(r, r->rec_line);
        return;
    }
    if (kg_grow((void **)&r->spans, &r->cap, r->nfields + 1,
                sizeof *r->spans)) {
        r->nomem = 1;
        return;
    }
    r->spans[r->nfields].off = r->text.len;
    r->spans[r->nfields].len = len;
    if (kg_buf_append(&r->text, data, len) || kg_buf_putc(&r->text, '\0')) {
        r->nomem = 1;
        return;
    }
    r->nfields++;
    r->field_line = r->line;
}

static void deliver(kg_csv_reader *r, unsigned long end_line)
{
    if (kg_grow((void **)&r->fields, &r->fields_cap, r->nfields,
                sizeof *r->fields)) {
        r->nomem = 1;
        return;
    }
    kg_csv_field *f = r->fields;
    for (size_t i = 0; i < r->nfields; i++) {
        f[i].data = r->text.data + r->spans[i].off;
        f[i].len = r->spans[i].len;
    }
    kg_csv_record rec = {.fields = f,
                         .nfields = r->nfields,
                         .line = r->rec_line ? r->rec_line : end_line,
                         .end_line = end_line,
                         .bad = r->rec_bad};
    if (r->opts.keep_raw) {
        size_t n = r->raw.len;
        const char *t = r->raw.data ? r->raw.data : "";
        if (n && t[n - 1] == '\n')
            n--;
        if (n && t[n - 1] == '\r')
            n--;
        rec.raw = t;
        rec.raw_len = n;
    }
    kg_csv_take(r, &rec);
}

int kg_csv_take(kg_csv_reader *r, const kg_csv_record *rec)
{
    if (!r->stopped && r->fn(rec, r->ctx))
        r->stopped = 1;
    too_many_errors(r, rec->end_line);
    return status(r);
}

static void reset_record(kg_csv_reader *r)
{
    r->dropping = 0;
    r->nfields = 0;
    kg_buf_clear(&r->text);
    r->rec_line = 0;
    r->field_line = 0;
    r->rec_bad = 0;
    kg_buf_clear(&r->raw);
}

static void on_record(int term, void *ctx)
{
    kg_csv_reader *r = ctx;
    (void)term;
    if (r->nomem)
        return;
    if (!r->rec_line)
        r->rec_line = r->line;
    deliver(r, r->line);
    reset_record(r);
}

/* ---- lines ---- */

/* The delimiter that occurs most often outside quotes in the first line. */
static unsigned char detect_delim(const char *s, size_t len)
{
    size_t comma = 0, semi = 0, tab = 0;
    int quoted = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '"')
            quoted = !quoted;
        else if (quoted)
            continue;
        else if (s[i] == ',')
            comma++;
        else if (s[i] == ';')
            semi++;
        else if (s[i] == '\t')
            tab++;
    }
    if (tab > comma && tab >= semi)
        return '\t';
    if (semi > comma)
        return ';';
    return ',';
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && kg_ascii_casecmp(s + n - m, suffix) == 0;
}

static void first_line(kg_csv_reader *r, const char *s, size_t len)
{
    r->delim = ends_with(r->file, ".tsv") ? '\t' : detect_delim(s, len);
    csv_set_delim(&r->parser, r->delim);
}

/* Whether a line is a third or more NUL: text in UTF-16 or UTF-32. */
static int looks_wide(const unsigned char *s, size_t len)
{
    size_t nul = 0;
    for (size_t i = 0; i < len; i++)
        nul += s[i] == 0;
    return nul * 3 >= len;
}

/* Reports the first byte of the line that is not UTF-8 or is NUL (after
 * decoding, a byte the file's encoding does not have: decode.h). */
static void check_encoding(kg_csv_reader *r, const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t bad = kg_utf8_check(u, len);
    if (bad == len)
        return;
    unsigned long col = (unsigned long)kg_utf8_count(u, bad) + 1;
    const char *enc = r->dec ? kg_decoder_name(r->dec) : NULL;
    const char *encoding = kg_setting_name(r->diag, KG_SETTING_ENCODING);
    if (u[bad] == 0 && !enc && looks_wide(u, len))
        csv_error_at(r, r->line, col,
                     "NUL byte in the input (UTF-16 without a byte-order "
                     "mark? then say so: %s UTF-16LE or UTF-16BE)",
                     encoding);
    else if (u[bad] == 0)
        csv_error_at(r, r->line, col, "NUL byte in the input");
    else if (!enc)
        csv_error_at(r, r->line, col,
                     "invalid UTF-8 (byte 0x%02X); convert the file to "
                     "UTF-8, or give its encoding (%s latin1, cp1252...)",
                     u[bad], encoding);
    else if (kg_decoder_unit(r->dec) == 1 && u[bad] != 0xFF)
        csv_error_at(r, r->line, col, "byte 0x%02X is not %s text", u[bad],
                     enc);
    else
        csv_error_at(r, r->line, col, "text that is not valid %s", enc);
}

/* After a parse error: drop the broken record and restart the parser. */
static void recover(kg_csv_reader *r)
{
    csv_free(&r->parser);
    if (parser_init(&r->parser))
        r->nomem = 1;
    csv_set_delim(&r->parser, r->delim);
    r->rec_bad = 1;
    deliver(r, r->line);
    reset_record(r);
}

static void parse_error(kg_csv_reader *r, const char *s, size_t at)
{
    unsigned long col =
        (unsigned long)kg_utf8_count((const unsigned char *)s, at) + 1;
    unsigned long opened = r->field_line ? r->field_line : r->rec_line;
    if (r->parser.quoted && opened && opened != r->line) {
        csv_error_at(r, r->line, col,
                     "unexpected character after a closing quote (the "
                     "quoted field began on line %lu: is a quote missing "
                     "there?)",
                     opened);
    } else if (r->parser.quoted) {
        csv_error_at(r, r->line, col,
                     "unexpected character after a closing quote; a quote "
                     "inside a quoted field is written twice (\"\")");
    } else {
        csv_error_at(r, r->line, col,
                     "quote inside an unquoted field; quote the whole "
                     "field and write the quote twice (\"\")");
    }
    recover(r);
}

/* Whether libcsv trims c from the ends of an unquoted field (and skips
 * it before a field): a space or a tab that is not the delimiter. */
static int is_trimmed(const kg_csv_reader *r, char c)
{
    return (c == ' ' || c == '\t') && (unsigned char)c != r->delim;
}

/*
 * Splits the fields of a line's text s..stop as libcsv would (strict mode,
 * no options), in one pass: between delimiters, spaces and tabs trimmed
 * from both ends of a field; a field that begins (after them) with a quote
 * runs to the quote that closes it, a quote inside written twice, and may
 * be followed by spaces and tabs only.  The line is copied into r->text at
 * once and each field moved down in place to its start, unquoted, followed
 * by its NUL (packed one after another, as on_field packs them).
 * `quotes`: whether the line has a quote at all.  1 when done; 0, with
 * nothing added, leaves the line to libcsv: a quote left open (a field
 * over several lines) or out of place (libcsv's error, which it reports
 * with its column), or a limit about to be met (on_field says so).
 */
static int whole_fields(kg_csv_reader *r, const char *s, const char *stop,
                        int quotes)
{
    size_t n = (size_t)(stop - s), base = r->text.len, first = r->nfields;
    if (r->nomem || r->stopped || r->dropping ||
        (r->opts.max_row && base + n + 1 > r->opts.max_row))
        return 0;
    if (kg_buf_append(&r->text, s, n) || kg_buf_putc(&r->text, '\0')) {
        r->nomem = 1;
        return 1;
    }
    /* w, where the next field goes, never passes p, where it is read:
     * a field loses its delimiter, quotes and trimmed spaces, and gains a
     * NUL, within the line's n bytes and its NUL */
    char *t = r->text.data + base, *end = t + n, *w = t;
    for (char *p = t;;) {
        while (p < end && is_trimmed(r, *p))
            p++;
        char *a = w;
        if (quotes && p < end && *p == '"') { /* to its closing quote */
            p++;
            for (;;) {
                char *q = p < end ? memchr(p, '"', (size_t)(end - p)) : NULL;
                if (!q)
                    goto undo;
                memmove(w, p, (size_t)(q - p));
                w += q - p;
                p = q + 1;
                if (p < end && *p == '"') { /* a quote written twice */
                    *w++ = '"';
                    p++;
                    continue;
                }
                break;
            }
            while (p < end && is_trimmed(r, *p))
                p++;
            if (p < end && (unsigned char)*p != r->delim)
                goto undo;
        } else {
            char *b = p < end ? memchr(p, r->delim, (size_t)(end - p)) : NULL;
            b = b ? b : end;
            char *e = b;
            while (e > p && is_trimmed(r, e[-1]))
                e--;
            if (quotes && e > p && memchr(p, '"', (size_t)(e - p)))
                goto undo; /* a quote inside an unquoted field */
            if (w != p)    /* in place until a field lost a byte: no move */
                memmove(w, p, (size_t)(e - p));
            w += e - p;
            p = b;
        }
        if ((r->opts.max_columns && r->nfields >= r->opts.max_columns) ||
            kg_grow((void **)&r->spans, &r->cap, r->nfields + 1,
                    sizeof *r->spans))
            goto undo; /* on_field adds them, or says why not */
        r->spans[r->nfields].off = (size_t)(a - r->text.data);
        r->spans[r->nfields].len = (size_t)(w - a);
        r->nfields++;
        *w++ = '\0'; /* over the delimiter at the latest */
        if (p == end)
            break;
        p++; /* the delimiter */
    }
    r->text.len = (size_t)(w - r->text.data); /* as on_field leaves it */
    *w = '\0';
    r->field_line = r->line;
    return 1;
undo:
    r->nfields = first;
    r->text.len = base;
    r->text.data[base] = '\0';
    return 0;
}

/*
 * Nearly every line of a large file is a whole record: such a line is
 * split here (whole_fields, a delimiter or a quote at a time by memchr),
 * giving the record exactly the fields libcsv's byte-at-a-time state
 * machine gives, then the end of the record; a line of nothing but spaces and
 * tabs is no record.  Only a line with its line end, begun outside any
 * record; 0 leaves it to libcsv (a record over several lines, or an
 * error, which libcsv reports with its column).
 */
static int plain_line(kg_csv_reader *r, const char *s, size_t len)
{
    size_t end = len;
    if (end && s[end - 1] == '\n')
        end--;
    if (end && s[end - 1] == '\r')
        end--;
    if (end == len || r->parser.pstate != 0)
        return 0;
    size_t i = 0;
    while (i < end && is_trimmed(r, s[i]))
        i++;
    if (i == end)
        return 1; /* a blank line: no record */
    int quotes = memchr(s + i, '"', end - i) != NULL;
    if (!whole_fields(r, s, s + end, quotes))
        return 0;
    on_record((unsigned char)s[len - 1], r);
    return 1;
}

/* One physical line, terminator included (none at the end of input). */
static void parse_line(kg_csv_reader *r, const char *s, size_t len)
{
    if (!r->delim)
        first_line(r, s, len);
    if (r->opts.keep_raw) {
        /* a line before any record began (a blank one) is no record's */
        if (!r->rec_line && r->parser.pstate == 0)
            kg_buf_clear(&r->raw);
        if (kg_buf_append(&r->raw, s, len)) {
            r->nomem = 1;
            return;
        }
    }
    check_encoding(r, s, len);
    size_t done = plain_line(r, s, len)
                      ? len
                      : csv_parse(&r->parser, s, len, on_field, on_record, r);
    if (done < len && csv_error(&r->parser) != CSV_EPARSE)
        r->nomem = 1; /* CSV_ENOMEM or CSV_ETOOBIG */
    if (r->nomem)
        return;
    if (done < len) {
        parse_error(r, s, done);
    } else if (!r->rec_line && r->parser.pstate != 0) {
        r->rec_line = r->line; /* a record began on this line */
    }
    char last = len ? s[len - 1] : 0;
    r->line_ended = last == '\n' || last == '\r';
    if (r->opts.max_row && r->parser.entry_pos > r->opts.max_row)
        too_long(r, r->field_line ? r->field_line : r->rec_line);
    if (r->line_ended)
        r->line++;
}

/* Length of the line at s (terminator included), or 0 if it has none yet.
 * A CR at the very end counts as a line end; a following LF is then fed
 * alone, which libcsv treats as part of the same line end. */
static size_t line_length(const char *s, size_t len)
{
    /* two vector scans (the LF, then a CR before it) beat a byte loop */
    const char *lf = memchr(s, '\n', len);
    size_t end = lf ? (size_t)(lf - s) : len;
    const char *cr = memchr(s, '\r', end);
    if (cr) {
        size_t i = (size_t)(cr - s);
        return (i + 1 < len && s[i + 1] == '\n') ? i + 2 : i + 1;
    }
    return lf ? end + 1 : 0;
}

/* Parses one complete line, remembering whether it ended in a CR that was
 * the last byte of a feed (its LF, if any, arrives with the next feed). */
static void take_line(kg_csv_reader *r, const char *s, size_t n, int at_end)
{
    parse_line(r, s, n);
    r->cr_pending = at_end && s[n - 1] == '\r';
}

/* Whether a line of n more bytes (after what is carried) is too long. */
static int line_too_long(kg_csv_reader *r, size_t n)
{
    if (!r->opts.max_row || r->carry.len + n <= r->opts.max_row)
        return 0;
    too_long(r, r->rec_line);
    return 1;
}

/* UTF-8 text, cut into lines. */
static void feed_lines(kg_csv_reader *r, const char *data, size_t len)
{
    while (len && !r->stopped && !r->nomem) {
        size_t n = line_length(data, len);
        if (r->cr_pending && data[0] == '\n') {
            /* the LF of a CRLF split between two feeds: same line end */
            r->line--;
            n = 1;
        }
        r->cr_pending = 0;
        if (line_too_long(r, n ? n : len))
            break;
        if (!n || r->carry.len) {
            size_t take = n ? n : len;
            if (kg_buf_append(&r->carry, data, take)) {
                r->nomem = 1;
                break;
            }
            if (n)
                take_line(r, r->carry.data, r->carry.len, n == len);
            if (n)
                kg_buf_clear(&r->carry);
            data += take;
            len -= take;
            continue;
        }
        take_line(r, data, n, n == len);
        data += n;
        len -= n;
    }
}

/* The file's bytes: decoded first when it is not UTF-8. */
static void take_bytes(kg_csv_reader *r, const char *data, size_t len)
{
    if (!r->dec) {
        feed_lines(r, data, len);
        return;
    }
    while (len && !r->stopped && !r->nomem) {
        size_t n = len < DECODE_SLICE ? len : DECODE_SLICE;
        kg_buf_clear(&r->decoded);
        if (kg_decode(r->dec, data, n, &r->decoded)) {
            r->nomem = 1;
            break;
        }
        feed_lines(r, r->decoded.data, r->decoded.len);
        data += n;
        len -= n;
    }
}

/* The byte-order marks: UTF-32 before UTF-16, whose mark begins its
 * little-endian one. */
static const struct {
    const char *bytes;
    size_t len;
    const char *encoding;
} boms[] = {
    {"\xEF\xBB\xBF", 3, "UTF-8"},        {"\xFF\xFE\x00\x00", 4, "UTF-32LE"},
    {"\x00\x00\xFE\xFF", 4, "UTF-32BE"}, {"\xFF\xFE", 2, "UTF-16LE"},
    {"\xFE\xFF", 2, "UTF-16BE"},
};

/* The start of the file, once its first bytes are known (or all of it,
 * when shorter): the byte-order mark, then the encoding. */
static void begin(kg_csv_reader *r)
{
    r->started = 1;
    const char *s = r->head.data ? r->head.data : "";
    size_t len = r->head.len, skip = 0;
    const char *enc = r->opts.encoding;
    if (enc && kg_encoding_is_utf8(enc))
        enc = NULL;
    for (size_t i = 0; i < sizeof boms / sizeof *boms && !skip; i++) {
        if (len < boms[i].len || memcmp(s, boms[i].bytes, boms[i].len) != 0)
            continue;
        skip = boms[i].len;
        if (enc && kg_ascii_casecmp(enc, boms[i].encoding) != 0)
            kg_warn(r->diag, "byte-order-mark", r->file, 1, 0,
                    "the file begins with a %s byte-order mark: read as "
                    "%s, not %s",
                    boms[i].encoding, boms[i].encoding, enc);
        enc = i == 0 ? NULL : boms[i].encoding;
    }
    if (enc && !(r->dec = kg_decoder_new(enc))) {
        if (errno == ENOMEM)
            r->nomem = 1;
        else
            csv_error_at(r, 1, 0,
                         "cannot read %s text: the system's iconv does not "
                         "know that encoding",
                         enc);
        r->stopped = 1;
        return;
    }
    take_bytes(r, s + skip, len - skip);
    kg_buf_free(&r->head);
}

int kg_csv_feed(kg_csv_reader *r, const char *data, size_t len)
{
    if (!r->started && !r->stopped && !r->nomem) {
        /* enough for any byte-order mark */
        size_t want = 4 - r->head.len, n = len < want ? len : want;
        if (kg_buf_append(&r->head, data, n)) {
            r->nomem = 1;
            return status(r);
        }
        data += n;
        len -= n;
        if (r->head.len < 4)
            return status(r);
        begin(r);
    }
    if (!r->stopped && !r->nomem)
        take_bytes(r, data, len);
    return status(r);
}

int kg_csv_finish(kg_csv_reader *r)
{
    if (!r->started && !r->stopped && !r->nomem)
        begin(r);
    if (r->dec && !r->stopped && !r->nomem) {
        kg_buf_clear(&r->decoded);
        if (kg_decode_finish(r->dec, &r->decoded))
            r->nomem = 1;
        else
            feed_lines(r, r->decoded.data, r->decoded.len);
    }
    if (r->stopped || r->nomem)
        return status(r);
    if (r->carry.len) {
        parse_line(r, r->carry.data, r->carry.len);
        kg_buf_clear(&r->carry);
    }
    if (r->stopped || r->nomem)
        return status(r);
    if (r->line_ended)
        r->line--; /* what ends now ended on the last line */
    if (csv_fini(&r->parser, on_field, on_record, r) != 0) {
        unsigned long opened = r->field_line ? r->field_line : r->rec_line;
        if (opened < r->line)
            csv_error_at(r, opened, 0,
                         "unterminated quoted field: the quote opened on "
                         "line %lu is never closed, so lines %lu to %lu "
                         "are all inside it",
                         opened, opened, r->line);
        else
            csv_error_at(r, opened, 0,
                         "unterminated quoted field: the quote opened on "
                         "line %lu is never closed",
                         opened);
        recover(r);
    }
    return status(r);
}

kg_csv_reader *kg_csv_new(const char *file, kg_diagsink *diag,
                          unsigned long max_errors, kg_csv_record_fn fn,
                          void *ctx)
{
    kg_csv_reader *r = kg_calloc(1, sizeof *r);
    if (!r)
        return NULL;
    if (parser_init(&r->parser) != 0) {
        free(r);
        return NULL;
    }
    r->file = file;
    r->diag = diag;
    r->fn = fn;
    r->ctx = ctx;
    r->max_errors = max_errors;
    r->errors_before = diag->errors;
    r->line = 1;
    kg_buf_init(&r->carry);
    kg_buf_init(&r->raw);
    kg_buf_init(&r->text);
    kg_buf_init(&r->head);
    kg_buf_init(&r->decoded);
    return r;
}

void kg_csv_set_options(kg_csv_reader *r, const kg_csv_options *o)
{
    r->opts = *o;
}

const kg_csv_options *kg_csv_options_of(const kg_csv_reader *r)
{
    return &r->opts;
}

void kg_csv_free(kg_csv_reader *r)
{
    if (!r)
        return;
    csv_free(&r->parser);
    kg_decoder_free(r->dec);
    kg_buf_free(&r->head);
    kg_buf_free(&r->decoded);
    kg_buf_free(&r->carry);
    kg_buf_free(&r->raw);
    kg_buf_free(&r->text);
    free(r->spans);
    free(r->fields);
    free(r);
}

int kg_csv_nomem(const kg_csv_reader *r)
{
    return r->nomem;
}

void kg_csv_set_peek(kg_csv_reader *r, kg_csv_peek_fn peek)
{
    r->peek = peek;
}

void kg_csv_set_marks(kg_csv_reader *r, kg_csv_mark_fn mark)
{
    r->mark = mark;
}

kg_csv_mark_fn kg_csv_marks_of(const kg_csv_reader *r)
{
    return r->mark;
}

const char *kg_csv_packed(const kg_csv_record *rec, size_t first, size_t end,
                          size_t *len)
{
    const kg_csv_field *f = rec->fields;
    for (size_t i = first; !rec->packed && i + 1 < end; i++)
        if (f[i + 1].data != f[i].data + f[i].len + 1)
            return NULL;
    *len = (size_t)(f[end - 1].data + f[end - 1].len + 1 - f[first].data);
    return f[first].data;
}

int kg_csv_wants_peek(const kg_csv_reader *r)
{
    return r->peek && !r->stopped;
}

void kg_csv_peek(kg_csv_reader *r, const kg_csv_record *rec)
{
    if (kg_csv_wants_peek(r))
        r->peek(rec, r->ctx);
}

void kg_csv_stop_nomem(kg_csv_reader *r)
{
    r->nomem = 1;
}

const char *kg_csv_file(const kg_csv_reader *r)
{
    return r->file;
}

kg_diagsink *kg_csv_diag(const kg_csv_reader *r)
{
    return r->diag;
}
