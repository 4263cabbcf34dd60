/*
 * unit_tests.c - the library's modules and public API, one by one.
 */
#define _GNU_SOURCE /* fopencookie: a FILE whose writes a test controls */
#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <gvcext.h>
#include <limits.h>
#include <malloc.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* Graphviz's types.h names a type `path`, a name these tests give their
 * variables: renamed here, where no test uses the type */
#define path gv_path
#include <gvc.h>
#undef path

#include "analysis/centrality.h"
#include "analysis/louvain.h"
#include "analysis/sources.h"
#include "analysis/stats.h"
#include "csv_echo.h"
#include "draw/element.h"
#include "export/cyjs.h"
#include "export/exporter_int.h"
#include "export/gexf.h"
#include "export/graphml.h"
#include "graph/cells.h"
#include "graph/dates.h"
#include "graph/lifetime.h"
#include "graph/lines.h"
#include "graph/lookup.h"
#include "graph/store_int.h"
#include "graph/view.h"
#include "harness.h"
#include "kgraph.h"
#include "read/json_keys.h"
#include "read/row_marks.h"
#include "read/schema.h"
#include "render/compact.h"
#include "render/dotread.h"
#include "render/dottext.h"
#include "render/figure.h"
#include "render/gv.h"
#include "render/job.h"
#include "render/packed.h"
#include "render/render.h"
#include "render/route.h"
#include "rules/cypher.h"
#include "rules/data_key.h"
#include "rules/date.h"
#include "rules/dot.h"
#include "rules/escape.h"
#include "rules/evidence.h"
#include "rules/file_type.h"
#include "rules/presentation.h"
#include "text/cells.h"
#include "text/csv_pipe.h"
#include "text/csv_reader.h"
#include "text/distance.h"
#include "text/normalize.h"
#include "text/yaml_tree.h"
#include "util/ahead.h"
#include "util/alloc.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/chunks.h"
#include "util/parallel.h"
#include "util/path.h"
#include "util/sandbox.h"
#include "util/sha1.h"
#include "util/sha256.h"
#include "util/symtab.h"
#include "util/utf8.h"

/* ---- UTF-8 ---- */

static size_t check_utf8(const char *s)
{
    return kg_utf8_check((const unsigned char *)s, strlen(s));
}

/* A number column's values: digits are taken without strtod, and every
 * value is judged as strtod or strtoll reading it whole would judge it. */
TEST(number_values_fit_as_strtod_reads_them)
{
    static const char *const v[] = {
        "0",   "7",   "42",  "-3",   "+3",  "-",
        "+",   "--1", "+-1", "1.5",  ".5",  "5.",
        "1e3", " 5",  "5 ",  "0x1A", "inf", "nan",
        "1,5", "12a", "a12", "-0",   "007", "99999999999999999999999"};
    for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
        char *end;
        kg_column c = {.vtype = KG_V_FLOAT};
        (void)strtod(v[i], &end);
        CHECK(kg_schema_value_fits(&c, v[i], strlen(v[i])) ==
              (end != v[i] && *end == '\0'));
        c.vtype = KG_V_INT;
        (void)strtoll(v[i], &end, 10);
        CHECK(kg_schema_value_fits(&c, v[i], strlen(v[i])) ==
              (end != v[i] && *end == '\0'));
    }
}

/* A presentation number is judged on its value as strtod reads it,
 * whether it is read digit by digit (up to 15) or by strtod. */
TEST(presentation_numbers_read_as_strtod_reads_them)
{
    static const char *const v[] = {"0",
                                    "6",
                                    "-0",
                                    "+7",
                                    "007",
                                    "-1",
                                    "10",
                                    "11",
                                    "1.5",
                                    "10.0",
                                    "10.5",
                                    "999999999999999",
                                    "1000000000000000",
                                    "-",
                                    "1e1",
                                    ""};
    for (int integer = 0; integer < 2; integer++) {
        kg_present p = {"weight", KG_P_EDGE, KG_P_NUMBER, 0, 10, integer};
        kg_picture_dir none = {NULL, ""};
        for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
            char buf[128], *end;
            double x = strtod(v[i], &end);
            int number = end != v[i] && !*end && !strchr(v[i], 'e');
            int ok = number && (!integer || x == floor(x)) && x >= 0 && x <= 10;
            CHECK((kg_present_check(&p, v[i], &none, buf, sizeof buf) ==
                   NULL) == ok);
        }
        p.max = 999999999999999.0;
        char buf[128];
        CHECK(!kg_present_check(&p, "999999999999999", &none, buf, sizeof buf));
        CHECK(kg_present_check(&p, "1000000000000000", &none, buf, sizeof buf));
    }
}

/* kg_present_ok, which keeps its answers for short values, answers as
 * kg_present_check does, over columns of every checked kind asked in
 * turn about the same values (fails when the memo forgets which column
 * it answered for: "4" is a weight and a number of peripheries, "7" only
 * a weight). */
TEST(presentation_answers_kept_are_the_checks_answers)
{
    const char *names[] = {"weight",    "peripheries", "fontsize", "color",
                           "fillcolor", "shape",       "style",    "arrowhead",
                           "dir",       "penwidth",    "label"};
    const char *values[] = {"0",
                            "1",
                            "4",
                            "7",
                            "12",
                            "73",
                            "1000",
                            "1001",
                            "2.5",
                            "-1",
                            "red",
                            "#ff0000",
                            "#ff000",
                            "box",
                            "record",
                            "dashed",
                            "filled,bold",
                            "both",
                            "none",
                            "vee",
                            "x",
                            "",
                            "a long value, 0123456789",
                            "nan",
                            "1e3",
                            "0x10",
                            " 3"};
    kg_picture_dir none = {NULL, ""};
    kg_present_memo m;
    memset(&m, 0, sizeof m);
    char why[256];
    size_t asked = 0;
    for (int round = 0; round < 3; round++)
        for (size_t v = 0; v < sizeof values / sizeof *values; v++)
            for (size_t k = 0; k < sizeof names / sizeof *names; k++) {
                const kg_present *p =
                    kg_present_find(names[(k + v + (size_t)round) %
                                          (sizeof names / sizeof *names)],
                                    KG_P_NODE | KG_P_EDGE, NULL);
                if (!p)
                    continue;
                int want = kg_present_check(p, values[v], &none, why,
                                            sizeof why) == NULL;
                CHECK_INT(
                    kg_present_ok(&m, p, values[v], strlen(values[v]), &none),
                    want);
                asked++;
            }
    CHECK(asked > 500);
}

TEST(utf8_accepts_valid_text)
{
    CHECK_INT(check_utf8("plain"), 5);
    CHECK_INT(check_utf8("J\xC3\xBCrgen"), 7);    /* ü */
    CHECK_INT(check_utf8("\xD8\xA7\xD9\x84"), 4); /* Arabic */
    CHECK_INT(check_utf8("\xF0\x9F\x95\xB5"), 4); /* emoji */
    CHECK_INT(check_utf8("\xEF\xBF\xBF"), 3);     /* U+FFFF */
    CHECK_INT(check_utf8("\xF4\x8F\xBF\xBF"), 4); /* U+10FFFF */
}

/* The check runs eight bytes at a time over ASCII: a bad byte or a NUL
 * is found wherever it falls, and a valid sequence anywhere passes. */
TEST(utf8_check_finds_a_bad_byte_at_every_place)
{
    static const unsigned char bad[] = {0x00, 0x80, 0xC3, 0xFF};
    unsigned char buf[40];
    for (size_t len = 1; len <= sizeof buf; len++)
        for (size_t p = 0; p < len; p++) {
            for (size_t b = 0; b < sizeof bad; b++) {
                memset(buf, 'a', sizeof buf);
                buf[p] = bad[b];
                CHECK_INT(kg_utf8_check(buf, len), p);
            }
            if (p + 1 < len) {
                memset(buf, 'a', sizeof buf);
                buf[p] = 0xC3;
                buf[p + 1] = 0xBC; /* ü */
                CHECK_INT(kg_utf8_check(buf, len), len);
            }
        }
}

TEST(utf8_finds_first_bad_byte)
{
    CHECK_INT(check_utf8("ab\xFF"), 2);
    CHECK_INT(check_utf8("a\xC0\x80"), 1);        /* overlong NUL */
    CHECK_INT(check_utf8("\xE0\x80\xAF"), 0);     /* overlong / */
    CHECK_INT(check_utf8("x\xED\xA0\x80"), 1);    /* surrogate */
    CHECK_INT(check_utf8("\xF4\x90\x80\x80"), 0); /* past U+10FFFF */
    CHECK_INT(check_utf8("ok\xC3"), 2);           /* cut short */
    CHECK_INT(check_utf8("\xE9t\xE9"), 0);        /* Latin-1 */
    CHECK_INT(kg_utf8_check((const unsigned char *)"a\0b", 3), 1); /* NUL */
}

/* ---- CSV reader ---- */

typedef struct collected {
    kg_buf out;   /* one line per record: "L1-2 bad? f1|f2" */
    kg_buf diags; /* one line per diagnostic: "error 3:4 message" */
} collected;

static int collect_record(const kg_csv_record *rec, void *ctx)
{
    collected *c = ctx;
    char head[64];
    snprintf(head, sizeof head, "L%lu-%lu%s ", rec->line, rec->end_line,
             rec->bad ? " bad" : "");
    kg_buf_puts(&c->out, head);
    for (size_t i = 0; i < rec->nfields; i++) {
        if (i)
            kg_buf_putc(&c->out, '|');
        for (size_t k = 0; k < rec->fields[i].len; k++) {
            char ch = rec->fields[i].data[k];
            if (ch)
                kg_buf_putc(&c->out, ch);
            else
                kg_buf_puts(&c->out, "\\0");
        }
    }
    if (rec->raw) {
        kg_buf_puts(&c->out, " raw=");
        kg_buf_append(&c->out, rec->raw, rec->raw_len);
    }
    kg_buf_putc(&c->out, '\n');
    return 0;
}

static void collect_diag(const kg_diag *d, void *ctx)
{
    collected *c = ctx;
    char head[64];
    snprintf(head, sizeof head, "%s %lu:%lu ",
             d->severity == KG_ERROR ? "error" : "warning", d->line, d->col);
    kg_buf_puts(&c->diags, head);
    kg_buf_puts(&c->diags, d->message);
    kg_buf_putc(&c->diags, '\n');
}

/* The options of the readers collector() makes (none by default). */
static kg_csv_options reading;

/* A reader whose records and diagnostics (through *d) go to c. */
static kg_csv_reader *collector(const char *name, unsigned long max_errors,
                                collected *c, kg_diagsink *d)
{
    kg_buf_init(&c->out);
    kg_buf_init(&c->diags);
    kg_diag_init(d);
    d->fn = collect_diag;
    d->ctx = c;
    kg_csv_reader *r = kg_csv_new(name, d, max_errors, collect_record, c);
    if (r)
        kg_csv_set_options(r, &reading);
    return r;
}

/* Reads `in` fed in pieces of `chunk` bytes. */
static void read_chunked(const char *name, const char *in, size_t len,
                         size_t chunk, collected *c)
{
    kg_diagsink d;
    kg_csv_reader *r = collector(name, 0, c, &d);
    for (size_t i = 0; i < len; i += chunk)
        kg_csv_feed(r, in + i, len - i < chunk ? len - i : chunk);
    kg_csv_finish(r);
    kg_csv_free(r);
}

/*
 * Parses `in` at every chunk size (as libcsv's own test does) and checks
 * that records, positions and diagnostics never depend on how the input
 * was cut.
 */
static void expect_csv(const char *name, const char *in, size_t len,
                       const char *want, const char *want_diags)
{
    collected whole;
    read_chunked(name, in, len, len ? len : 1, &whole);
    CHECK_STR(whole.out.data ? whole.out.data : "", want);
    CHECK_STR(whole.diags.data ? whole.diags.data : "", want_diags);
    for (size_t chunk = 1; chunk < len; chunk++) {
        collected part;
        read_chunked(name, in, len, chunk, &part);
        const char *a = part.out.data ? part.out.data : "";
        const char *b = part.diags.data ? part.diags.data : "";
        if (strcmp(a, want) != 0 || strcmp(b, want_diags) != 0) {
            fprintf(stderr, "chunk size %zu differs:\n%s%s", chunk, a, b);
            CHECK(!"same result at every chunk size");
            chunk = len;
        }
        kg_buf_free(&part.out);
        kg_buf_free(&part.diags);
    }
    kg_buf_free(&whole.out);
    kg_buf_free(&whole.diags);
}

#define EXPECT_CSV(in, want, diags)                                            \
    expect_csv("t.csv", in, sizeof in - 1, want, diags)

/* Reads `path` through kg_csv_read_fd: parsed on a second thread, which
 * serves `ahead` (may be NULL). */
static int read_piped_ahead(const char *path, unsigned long max_errors,
                            collected *c, kg_ahead *ahead)
{
    kg_diagsink d;
    kg_csv_reader *r = collector(path, max_errors, c, &d);
    int fd = open(path, O_RDONLY);
    int rc = kg_csv_read_fd(r, fd, NULL, NULL, NULL, ahead);
    close(fd);
    kg_csv_free(r);
    return rc;
}

static int read_piped(const char *path, unsigned long max_errors, collected *c)
{
    return read_piped_ahead(path, max_errors, c, NULL);
}

/* The same bytes fed at once. */
static void read_fed(const char *path, const char *in, size_t len,
                     unsigned long max_errors, collected *c)
{
    kg_diagsink d;
    kg_csv_reader *r = collector(path, max_errors, c, &d);
    if (kg_csv_feed(r, in, len) == 0)
        kg_csv_finish(r);
    kg_csv_free(r);
}

/* Many batches of records with errors among them, and a quote left open
 * at the end: reading on a second thread must give every record and every
 * diagnostic, in the same order, as feeding the bytes here; and stop at
 * the same row after max_errors. */
TEST(csv_read_on_a_second_thread_gives_what_feeding_gives)
{
    kg_buf in;
    kg_buf_init(&in);
    kg_buf_puts(&in, "id,name,note\n");
    char row[128];
    for (int i = 0; i < 60000; i++) {
        if (i % 9973 == 5)
            snprintf(row, sizeof row, "%d,bad\"quote,x\n", i);
        else if (i % 15013 == 7)
            snprintf(row, sizeof row, "%d,caf\xE9,latin-1\n", i);
        else if (i % 7001 == 3)
            snprintf(row, sizeof row, "%d,\"two\nlines\",\"a \"\"q\"\"\"\n", i);
        else if (i % 20011 == 11)
            snprintf(row, sizeof row, "%d,short\n", i);
        else
            snprintf(row, sizeof row, "%d,name %d,\"note, %d\"\r\n", i, i, i);
        kg_buf_puts(&in, row);
    }
    kg_buf_puts(&in, "last,\"open quote\n");
    char path[] = "/tmp/kgraph-pipe-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    CHECK(write(fd, in.data, in.len) == (ssize_t)in.len);
    close(fd);
    CHECK(in.len > 4 * 256 * 1024); /* several batches, all in use */
    unsigned long limits[] = {0, 3, 0};
    for (size_t k = 0; k < 3; k++) {
        collected fed, piped;
        reading.keep_raw = k == 2; /* each record's bytes, too */
        read_fed(path, in.data, in.len, limits[k], &fed);
        CHECK_INT(read_piped(path, limits[k], &piped), limits[k] ? -1 : 0);
        CHECK(!reading.keep_raw ||
              strstr(fed.out.data, " raw=1,name 1,\"note, 1\"\n"));
        CHECK(fed.out.len > 1000);
        CHECK(fed.diags.len > 100);
        CHECK_INT(piped.out.len, fed.out.len);
        CHECK(piped.out.len == fed.out.len &&
              memcmp(piped.out.data, fed.out.data, fed.out.len) == 0);
        CHECK_STR(piped.diags.data, fed.diags.data);
        kg_buf_free(&fed.out);
        kg_buf_free(&fed.diags);
        kg_buf_free(&piped.out);
        kg_buf_free(&piped.diags);
    }
    reading.keep_raw = 0;
    unlink(path);
    kg_buf_free(&in);
}

/* The reading thread writes fields straight into its batches: a record
 * of several lines whose first lines are parsed when a batch is handed
 * over goes on in the next one, its fields with it. */
TEST(csv_records_across_batches_keep_their_fields)
{
    kg_buf in;
    kg_buf_init(&in);
    kg_buf_puts(&in, "id,name,note\n");
    char row[128];
    for (int i = 0; i < 40000; i++) {
        snprintf(row, sizeof row, "%d,name %d,\"first\n%d\nthird\"\n", i, i, i);
        kg_buf_puts(&in, row);
    }
    char path[] = "/tmp/kgraph-across-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    CHECK(write(fd, in.data, in.len) == (ssize_t)in.len);
    close(fd);
    CHECK(in.len > 4 * 256 * 1024);
    collected fed, piped;
    read_fed(path, in.data, in.len, 0, &fed);
    /* the reading thread faults in what was asked for while it waits */
    unsigned char *pages = kg_big_calloc(4u << 20);
    kg_ahead ahead;
    kg_ahead_init(&ahead);
    kg_ahead_ask(&ahead, pages, 2u << 20);
    CHECK_INT(read_piped_ahead(path, 0, &piped, &ahead), 0);
    CHECK_INT(ahead.done, 1);
    kg_ahead_quiet(&ahead);
    kg_ahead_destroy(&ahead);
    kg_big_free(pages, 4u << 20);
    CHECK(strstr(fed.out.data, "|name 39999|first\n39999\nthird\n"));
    CHECK_INT(piped.out.len, fed.out.len);
    CHECK(piped.out.len == fed.out.len &&
          memcmp(piped.out.data, fed.out.data, fed.out.len) == 0);
    CHECK_INT(fed.diags.len, 0);
    CHECK_INT(piped.diags.len, 0);
    kg_buf_free(&fed.out);
    kg_buf_free(&fed.diags);
    kg_buf_free(&piped.out);
    kg_buf_free(&piped.diags);
    unlink(path);
    kg_buf_free(&in);
}

/* What a piped read gave, checked record by record against the rows
 * written (row i: i,name i,"note, i"), with no allocation of its own.
 * Its fields are read in order up to the first byte that is not the one
 * written, no further: a record whose text was never written (a half
 * copied one kept) is told by its first byte, never read past. */
typedef struct prefix_check {
    long next; /* the row expected next; -1 for the header */
    int wrong;
} prefix_check;

static int check_prefix(const kg_csv_record *rec, void *ctx)
{
    prefix_check *c = ctx;
    char want[3][32];
    if (c->next < 0) {
        snprintf(want[0], 32, "id");
        snprintf(want[1], 32, "name");
        snprintf(want[2], 32, "note");
    } else {
        snprintf(want[0], 32, "%ld", c->next);
        snprintf(want[1], 32, "name %ld", c->next);
        snprintf(want[2], 32, "note, %ld", c->next);
    }
    c->next++;
    if (rec->nfields != 3) {
        c->wrong = 1;
        return 0;
    }
    for (int k = 0; k < 3 && !c->wrong; k++) {
        const char *got = rec->fields[k].data;
        size_t len = rec->fields[k].len, i = 0;
        if (!got || len != strlen(want[k]))
            c->wrong = 1;
        for (; !c->wrong && i < len; i++)
            c->wrong = got[i] != want[k][i];
    }
    return 0;
}

static void ignore_diag(const kg_diag *d, void *ctx)
{
    (void)d;
    (void)ctx;
}

/* Out of memory on the reading thread, wherever it happens: the records
 * handed on before the stop are the file's first ones, whole (a record
 * or message half copied into a batch is taken back, never replayed).
 * What such a record would be read from is past the batch's text: the
 * buffer's NUL, then bytes the allocator leaves there, poisoned here
 * (M_PERTURB: every block malloc gives, and every one freed, filled with
 * a pattern), so that a stale copy of an earlier row never passes for
 * it. */
TEST(csv_read_out_of_memory_gives_whole_records_first)
{
    kg_buf in;
    kg_buf_init(&in);
    kg_buf_puts(&in, "id,name,note\n");
    char row[128];
    long rows = 30000;
    for (long i = 0; i < rows; i++) {
        snprintf(row, sizeof row, "%ld,name %ld,\"note, %ld\"\n", i, i, i);
        kg_buf_puts(&in, row);
    }
    char path[] = "/tmp/kgraph-oom-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    CHECK(write(fd, in.data, in.len) == (ssize_t)in.len);
    close(fd);
    CHECK(in.len > 2 * 256 * 1024);
    long failed = 0;
    mallopt(M_PERTURB, 0xA5);
    for (long n = 1; n < 1000; n++) {
        kg_diagsink d;
        kg_diag_init(&d);
        d.fn = ignore_diag;
        prefix_check c = {-1, 0};
        kg_csv_reader *r = kg_csv_new(path, &d, 0, check_prefix, &c);
        CHECK(r != NULL);
        if (!r)
            break;
        int in_fd = open(path, O_RDONLY);
        kg_alloc_fail_at(n);
        int rc = kg_csv_read_fd(r, in_fd, NULL, NULL, NULL, NULL);
        int happened = !kg_alloc_pending();
        kg_alloc_fail_at(0);
        close(in_fd);
        kg_csv_free(r);
        CHECK(!c.wrong);
        if (!happened) {
            CHECK_INT(rc, 0);
            CHECK_INT(c.next, rows);
            break;
        }
        failed += rc == -1;
    }
    mallopt(M_PERTURB, 0);
    CHECK(failed > 3);
    unlink(path);
    kg_buf_free(&in);
}

static unsigned rnd_state = 12345;
static unsigned rnd(unsigned n)
{
    rnd_state = rnd_state * 1103515245u + 12345u;
    return (rnd_state >> 16) % n;
}

/* Most lines are split without libcsv (a whole record without a quote):
 * the records must be exactly libcsv's, read at once, for any mix of
 * spaces and tabs around fields, blank lines, line ends, quoted fields
 * (doubled quotes, delimiters and line ends inside), with a comma or a
 * tab between fields, fed in pieces of any size. */
TEST(csv_plain_lines_split_as_libcsv_splits_them)
{
    static const char *const unquoted[] = {"a",        "b c", " ",   "\t",  ";",
                                           "\xC3\xA9", "",    "x;y", "  z "};
    static const char *const quoted[] = {
        "\"q\"",    "\"a,b\"", "\"\"",       "\"x\"\"y\"", " \"s\" ",
        "\"l\nm\"", "\"t\"\t", "\"c\r\nd\"", "\"\"\"\"",   "\" ,\"\"\" "};
    static const char *const ends[] = {"\n", "\r\n", "\r"};
    int compared = 0;
    for (int round = 0; round < 400; round++) {
        int tsv = round % 2;
        char delim = tsv ? '\t' : ',';
        kg_buf in;
        kg_buf_init(&in);
        kg_buf_puts(&in, tsv ? "h1\th2\th3\n" : "h1,h2,h3\n");
        int rows = 1 + (int)rnd(30);
        for (int i = 0; i < rows; i++) {
            if (rnd(8) == 0) { /* blank, or spaces only */
                kg_buf_puts(&in, rnd(2) ? "" : " \t ");
                kg_buf_puts(&in, ends[rnd(3)]);
                continue;
            }
            int nf = 1 + (int)rnd(4);
            for (int f = 0; f < nf; f++) {
                if (f)
                    kg_buf_putc(&in, delim);
                if (rnd(4) == 0)
                    kg_buf_puts(&in, quoted[rnd(10)]);
                else
                    kg_buf_puts(&in, unquoted[rnd(9)]);
            }
            if (i + 1 < rows || rnd(2))
                kg_buf_puts(&in, ends[rnd(3)]);
        }
        kg_buf want, got;
        kg_buf_init(&want);
        kg_buf_init(&got);
        struct csv_parser p;
        CHECK(csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) == 0);
        csv_set_delim(&p, (unsigned char)delim);
        size_t done = csv_parse(&p, in.data, in.len, field_to, row_to, &want);
        int whole =
            done == in.len && csv_fini(&p, field_to, row_to, &want) == 0;
        csv_free(&p);
        if (!whole) { /* a tab after a quote is no trim in a TSV */
            kg_buf_free(&in);
            kg_buf_free(&want);
            continue;
        }
        kg_diagsink d;
        kg_diag_init(&d);
        kg_csv_reader *r =
            kg_csv_new(tsv ? "t.tsv" : "t.csv", &d, 0, record_to, &got);
        size_t step = 1 + rnd(40);
        for (size_t at = 0; at < in.len; at += step)
            kg_csv_feed(r, in.data + at,
                        in.len - at < step ? in.len - at : step);
        CHECK_INT(kg_csv_finish(r), 0);
        kg_csv_free(r);
        CHECK_INT(d.errors, 0);
        CHECK_STR(got.data ? got.data : "", want.data ? want.data : "");
        compared++;
        kg_buf_free(&in);
        kg_buf_free(&want);
        kg_buf_free(&got);
    }
    CHECK(compared > 300);
}

/* Each record's bytes as read, when asked: all its lines (a quoted line
 * end inside), its last line end left out, a blank line before it not its
 * own; a record cut by a parse error is the lines read to the error; at
 * every chunk size. */
TEST(csv_records_keep_their_bytes)
{
    reading.keep_raw = 1;
    EXPECT_CSV("a,b\r\n\r\n1,\"x\r\ny\"\r\n2,b\"q\n3,z",
               "L1-1 a|b raw=a,b\n"
               "L3-4 1|x\r\ny raw=1,\"x\r\ny\"\n"
               "L5-5 bad 2 raw=2,b\"q\n"
               "L6-6 3|z raw=3,z\n",
               "error 5:4 quote inside an unquoted field; quote the whole "
               "field and write the quote twice (\"\")\n");
    reading.keep_raw = 0;
}

static int peeks;
static unsigned long peeked_sum;

static void count_peek(const kg_csv_record *rec, void *ctx)
{
    (void)ctx;
    peeks++;
    peeked_sum += strtoul(rec->fields[0].data, NULL, 10);
}

/* Reading on a second thread shows the callback's owner records ahead
 * (to prefetch what they will need), and only when asked: every record
 * peeked at is one the callback then gets. */
TEST(csv_peek_sees_records_ahead_only_when_asked)
{
    char path[] = "/tmp/kgraph-peek-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("n,text\n", f);
    unsigned long sum = 0;
    for (int i = 1; i <= 50000; i++) {
        fprintf(f, "%d,some text to fill batches %d\n", i, i);
        sum += (unsigned long)i;
    }
    fclose(f);
    for (int asked = 1; asked >= 0; asked--) {
        collected c;
        kg_diagsink d;
        kg_csv_reader *r = collector(path, 0, &c, &d);
        kg_csv_set_peek(r, asked ? count_peek : NULL);
        peeks = 0;
        peeked_sum = 0;
        fd = open(path, O_RDONLY);
        CHECK_INT(kg_csv_read_fd(r, fd, NULL, NULL, NULL, NULL), 0);
        close(fd);
        CHECK(strstr(c.out.data, "|some text to fill batches 50000\n"));
        if (asked) {
            CHECK(peeks > 40000); /* all but the first of each batch */
            CHECK(peeks <= 50001);
            CHECK(peeked_sum <= sum && peeked_sum > sum / 2);
        } else {
            CHECK_INT(peeks, 0);
        }
        kg_csv_free(r);
        kg_buf_free(&c.out);
        kg_buf_free(&c.diags);
    }
    unlink(path);
}

TEST(csv_line_ends_lf_crlf_cr)
{
    EXPECT_CSV("a,b\nc,d\n", "L1-1 a|b\nL2-2 c|d\n", "");
    EXPECT_CSV("a,b\r\nc,d\r\n", "L1-1 a|b\nL2-2 c|d\n", "");
    EXPECT_CSV("a,b\rc,d\r", "L1-1 a|b\nL2-2 c|d\n", "");
    EXPECT_CSV("a,b\r\nc,d", "L1-1 a|b\nL2-2 c|d\n", "");
    EXPECT_CSV("a,b\n\r\nc\r\rd\n", "L1-1 a|b\nL3-3 c\nL5-5 d\n", "");
}

TEST(csv_quotes_and_newlines_in_fields)
{
    EXPECT_CSV("h1,h2\n\"a \"\"q\"\" b\",\"x\ny\r\nz\"\nlast,row\n",
               "L1-1 h1|h2\nL2-4 a \"q\" b|x\ny\r\nz\nL5-5 last|row\n", "");
    EXPECT_CSV("\"\",\"\"\n", "L1-1 |\n", "");
    EXPECT_CSV("a,\"b,c\"\n", "L1-1 a|b,c\n", "");
}

TEST(csv_blank_lines_and_spaces)
{
    EXPECT_CSV("\n\n  \na , b \n\t\nc\n", "L4-4 a|b\nL6-6 c\n", "");
    EXPECT_CSV("  \"a\"  ,b\n", "L1-1 a|b\n", "");
}

TEST(csv_bom_and_delimiters)
{
    EXPECT_CSV("\xEF\xBB\xBFid;name\n1;x,y\n", "L1-1 id|name\nL2-2 1|x,y\n",
               "");
    EXPECT_CSV("id\tname\n1\tx,y\n", "L1-1 id|name\nL2-2 1|x,y\n", "");
    expect_csv("t.tsv", "a,b\tc\n", 6, "L1-1 a,b|c\n", "");
    EXPECT_CSV("\"a;b\",c\n", "L1-1 a;b|c\n", "");
}

TEST(csv_errors_have_positions_and_reading_goes_on)
{
    EXPECT_CSV("a,b\"c\nd,e\n", "L1-1 bad a\nL2-2 d|e\n",
               "error 1:4 quote inside an unquoted field; quote the whole "
               "field and write the quote twice (\"\")\n");
    EXPECT_CSV("a,\"b\"c\nd\n", "L1-1 bad a\nL2-2 d\n",
               "error 1:6 unexpected character after a closing quote; a "
               "quote inside a quoted field is written twice (\"\")\n");
    EXPECT_CSV("ok\nx,\"open\nmore\n", "L1-1 ok\nL2-3 bad x\n",
               "error 2:0 unterminated quoted field: the quote opened on "
               "line 2 is never closed, so lines 2 to 3 are all inside it\n");
    EXPECT_CSV("a,\"b\nc\",\"d\"x\ne\n", "L1-2 bad a|b\nc\nL3-3 e\n",
               "error 2:7 unexpected character after a closing quote; a "
               "quote inside a quoted field is written twice (\"\")\n");
}

TEST(csv_encoding_errors)
{
    EXPECT_CSV("id\n\xC3\xA9\xFF\nok\n",
               "L1-1 id\nL2-2 bad \xC3\xA9\xFF\nL3-3 ok\n",
               "error 2:2 invalid UTF-8 (byte 0xFF); convert the file to "
               "UTF-8, or give its encoding (kg_graph_set_encoding latin1, "
               "cp1252...)\n");
    EXPECT_CSV("id\na\0b\nok\n", "L1-1 id\nL2-2 bad a\\0b\nL3-3 ok\n",
               "error 2:2 NUL byte in the input\n");
    EXPECT_CSV("i\0d\0\n\0", "L1-1 bad i\\0d\\0\nL2-2 bad \\0\n",
               "error 1:2 NUL byte in the input (UTF-16 without a byte-order "
               "mark? then say so: kg_graph_set_encoding UTF-16LE or "
               "UTF-16BE)\n"
               "error 2:1 NUL byte in the input (UTF-16 without a byte-order "
               "mark? then say so: kg_graph_set_encoding UTF-16LE or "
               "UTF-16BE)\n");
}

/* Reading with options: expect_csv at every chunk size, so that a
 * character cut between two feeds (a UTF-16 unit, a surrogate pair) is
 * put together again. */
static void expect_with(const char *encoding, size_t max_row,
                        size_t max_columns, const char *in, size_t len,
                        const char *want, const char *diags)
{
    reading = (kg_csv_options){encoding, max_row, max_columns, 0};
    expect_csv("t.csv", in, len, want, diags);
    reading = (kg_csv_options){NULL, 0, 0, 0};
}

#define EXPECT_ENC(enc, in, want, diags)                                       \
    expect_with(enc, 0, 0, in, sizeof in - 1, want, diags)

TEST(csv_decodes_other_encodings)
{
    EXPECT_ENC("latin1", "id,name\nj1,J\xFCrgen \xA9\n",
               "L1-1 id|name\nL2-2 j1|J\xC3\xBCrgen \xC2\xA9\n", "");
    EXPECT_ENC("cp1252", "a\n\x80 \x93q\x94\n", /* euro, curly quotes */
               "L1-1 a\nL2-2 \xE2\x82\xAC \xE2\x80\x9Cq\xE2\x80\x9D\n", "");
    /* a byte cp1252 does not have: at its own column, the row rejected */
    EXPECT_ENC("cp1252", "a,b\nx,y\x81z\nok,1\n",
               "L1-1 a|b\nL2-2 bad x|y\x81z\nL3-3 ok|1\n",
               "error 2:4 byte 0x81 is not cp1252 text\n");
    /* UTF-16LE with its mark, CRLF, a flag (two surrogate pairs) and a
     * quote error whose column counts characters */
    EXPECT_ENC(NULL,
               "\xFF\xFE"
               "i\0d\0\r\0\n\0"
               "\x3C\xD8\xF2\xDD\x3C\xD8\xE6\xDD\r\0\n\0"
               "a\0\"\0b\0\r\0\n\0",
               "L1-1 id\nL2-2 \xF0\x9F\x87\xB2\xF0\x9F\x87\xA6\nL3-3 bad \n",
               "error 3:2 quote inside an unquoted field; quote the whole "
               "field and write the quote twice (\"\")\n");
    EXPECT_ENC("latin1", "\xFE\xFF\0i\0d\0\n\0\xE9\0\n",
               "L1-1 id\nL2-2 \xC3\xA9\n",
               "warning 1:0 the file begins with a UTF-16BE byte-order mark: "
               "read as UTF-16BE, not latin1\n");
    EXPECT_ENC(NULL, "\xFF\xFE\0\0i\0\0\0\n\0\0\0", "L1-1 i\n", "");
    /* an unpaired surrogate, and a last unit cut in half */
    EXPECT_ENC("UTF-16LE", "a\0\n\0x\0\x00\xDCy\0\n\0z\0\n\0q",
               "L1-1 a\nL2-2 bad x\xFFy\nL3-3 z\nL4-4 bad \xFF\n",
               "error 2:2 text that is not valid UTF-16LE\n"
               "error 4:1 text that is not valid UTF-16LE\n");
    /* a UTF-8 mark wins over the option */
    EXPECT_ENC("latin1", "\xEF\xBB\xBFid\n\xC3\xA9\n",
               "L1-1 id\nL2-2 \xC3\xA9\n",
               "warning 1:0 the file begins with a UTF-8 byte-order mark: "
               "read as UTF-8, not latin1\n");
    EXPECT_ENC("UTF-8", "\xC3\xA9\n", "L1-1 \xC3\xA9\n", "");
}

/* A row past the size limit stops the file (memory stays bounded); a row
 * with too many fields is rejected and reading goes on.  The messages name
 * the settings as the API does (a reader here has no caller's names). */
#define TOO_LONG_12(line)                                                      \
    "error " line ":0 a row longer than 12 bytes (the limit: max_row_bytes "   \
    "(kg_graph_set_limits) raises it); the rest of this file is not read\n"

TEST(csv_limits_bound_rows_and_columns)
{
    static const char line[] = "id\nshort\n0123456789ABC\nnot read\n";
    expect_with(NULL, 12, 0, line, sizeof line - 1, "L1-1 id\nL2-2 short\n",
                TOO_LONG_12("3"));
    /* over many lines: when the field ends, and before (in libcsv) */
    static const char lines[] = "id\n\"a\nb\nc\nd\nefghijkl\"\nz\n";
    expect_with(NULL, 12, 0, lines, sizeof lines - 1, "L1-1 id\n",
                TOO_LONG_12("2"));
    static const char open_field[] = "id\nx\n\"abcdefgh\nabcdefgh\nijk\n";
    expect_with(NULL, 12, 0, open_field, sizeof open_field - 1,
                "L1-1 id\nL2-2 x\n", TOO_LONG_12("3"));
    static const char wide[] = "a,b\n1,2,3\n4,5\n";
    expect_with(NULL, 0, 2, wide, sizeof wide - 1,
                "L1-1 a|b\nL2-2 bad 1|2\nL3-3 4|5\n",
                "error 2:0 a row with more than 2 fields (the limit: "
                "max_columns (kg_graph_set_limits) raises it); the row is not "
                "used\n");
}

/* ---- DOT strings ---- */

/* What `write` makes of s, in a static buffer (through kg_out's memory
 * sink). */
static char *rendered(void (*write)(kg_out *, const char *), const char *s)
{
    static char buf[512];
    static kg_out o;
    kg_buf text;
    kg_buf_init(&text);
    kg_out_init_mem(&o, &text);
    write(&o, s);
    kg_out_flush(&o);
    snprintf(buf, sizeof buf, "%s", text.data ? text.data : "");
    kg_buf_free(&text);
    return buf;
}

static char *dot_id(const char *s)
{
    return rendered(kg_dot_id, s);
}

static char *dot_label(const char *s)
{
    return rendered(kg_dot_label, s);
}

TEST(dot_ids_are_bare_only_when_safe)
{
    CHECK_STR(dot_id("abc_1"), "abc_1");
    CHECK_STR(dot_id("node"), "\"node\"");
    CHECK_STR(dot_id("SubGraph"), "\"SubGraph\"");
    CHECK_STR(dot_id("-5"), "\"-5\"");
    CHECK_STR(dot_id("77_Pentagon"), "\"77_Pentagon\"");
    CHECK_STR(dot_id("a b"), "\"a b\"");
    CHECK_STR(dot_id("J\xC3\xBCrgen"), "\"J\xC3\xBCrgen\"");
    CHECK_STR(dot_id(""), "\"\"");
}

/* kg_dot_bare says exactly when kg_dot_id writes a string as it is (the
 * writer then skips kg_dot_id for a data key: element.c), over every
 * string of up to three bytes from letters, digits, '_', '-', ' ', '.',
 * a quote, a backslash, a line end, a UTF-8 byte, and the keywords; and
 * kg_dot_attr_bare writes what kg_dot_attr writes. */
TEST(dot_bare_is_what_dot_id_writes_as_it_is)
{
    const char alphabet[] = "aZ09_- .\"\\\n\xC3";
    size_t na = sizeof alphabet - 1, checked = 0, bare = 0;
    char s[8];
    for (size_t len = 0; len <= 3; len++) {
        size_t count = 1;
        for (size_t i = 0; i < len; i++)
            count *= na;
        for (size_t k = 0; k < count; k++) {
            size_t x = k;
            for (size_t i = 0; i < len; i++, x /= na)
                s[i] = alphabet[x % na];
            s[len] = '\0';
            int as_is = strcmp(dot_id(s), s) == 0;
            CHECK(kg_dot_bare(s, len) == as_is);
            checked++;
            bare += as_is;
        }
    }
    const char *words[] = {"node",   "Edge",  "GRAPH", "digraph",  "subgraph",
                           "strict", "nodes", "edge_", "data_node"};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        CHECK(kg_dot_bare(words[i], strlen(words[i])) ==
              (strcmp(dot_id(words[i]), words[i]) == 0));
    CHECK(checked > 1000 && bare > 50);
    kg_buf a, b;
    kg_buf_init(&a);
    kg_buf_init(&b);
    static kg_out oa, ob;
    kg_out_init_mem(&oa, &a);
    kg_out_init_mem(&ob, &b);
    kg_dot_attrs da = {&oa, 0}, db = {&ob, 0};
    kg_dot_attr(&da, "data_node", "x y");
    kg_dot_attr_bare(&db, 1, "node", 4, "x y", 3);
    kg_dot_attr(&da, "weight", "say \"hi\"");
    kg_dot_attr_bare(&db, 0, "weight", 6, "say \"hi\"", 8);
    kg_dot_attrs_end(&da);
    kg_dot_attrs_end(&db);
    kg_out_flush(&oa);
    kg_out_flush(&ob);
    CHECK_STR(a.data, " [data_node=\"x y\", weight=\"say \\\"hi\\\"\"];\n");
    CHECK_STR(b.data, a.data);
    kg_buf_free(&a);
    kg_buf_free(&b);
}

/* Strings for the fast paths' tests: every length from 0 to 40, each
 * position holding in turn a byte of every class (letters at both ends
 * of both cases, digits, '_', the bytes around them, a quote, a
 * backslash, a line end, a space, DEL, UTF-8 bytes), the rest a letter
 * or a varied mix.  s has room for 41 bytes; returns how many strings
 * there are for `len` (call with k below it). */
static const char probe_bytes[] = "aAzZ09_/:@[`{-. \"\\\n\x7f\xc3\xbc\x80\xff";
enum { NPROBE = sizeof probe_bytes - 1 };

static size_t probe_count(size_t len)
{
    return 2 + len * NPROBE;
}

static void probe_string(char *s, size_t len, size_t k)
{
    for (size_t i = 0; i < len; i++) /* k 0: letters; k 1: a mix */
        s[i] = k == 1 ? probe_bytes[(i * 7 + 3) % NPROBE] : "bY_7"[i % 4];
    if (k >= 2 && len) /* one byte of each class at each position */
        s[(k - 2) / NPROBE] = probe_bytes[(k - 2) % NPROBE];
    s[len] = '\0';
}

/* kg_dot_id_len (its length given, the bytes read four at a step) writes
 * what kg_dot_id (a byte at a time to the NUL) writes, and kg_dot_bare
 * agrees with both, over every probe string (fails when the unrolled
 * loop skips a byte of a step, or the tail). */
TEST(dot_id_len_writes_what_dot_id_writes)
{
    char s[48];
    size_t checked = 0;
    kg_buf a, b;
    kg_buf_init(&a);
    kg_buf_init(&b);
    static kg_out oa, ob;
    for (size_t len = 0; len <= 40; len++)
        for (size_t k = 0; k < probe_count(len); k++) {
            probe_string(s, len, k);
            kg_buf_clear(&a);
            kg_buf_clear(&b);
            kg_out_init_mem(&oa, &a);
            kg_out_init_mem(&ob, &b);
            kg_dot_id(&oa, s);
            kg_dot_id_len(&ob, s, len);
            kg_out_flush(&oa);
            kg_out_flush(&ob);
            CHECK(a.len == b.len && memcmp(a.data, b.data, a.len) == 0);
            CHECK(kg_dot_bare(s, len) ==
                  (a.len == len && memcmp(a.data, s, len) == 0));
            checked++;
        }
    CHECK(checked > 10000);
    kg_buf_free(&a);
    kg_buf_free(&b);
}

/* kg_out_write copies a short text itself (two moves that overlap): every
 * length from 0 to 40, from every offset of a source, at every place
 * before the end of the buffer's room, lands as memcpy puts it (fails
 * when a move is one byte off). */
TEST(out_write_copies_short_texts_exactly)
{
    char src[64], want[1 << 17];
    for (size_t i = 0; i < sizeof src; i++)
        src[i] = (char)('A' + i % 50);
    static kg_out o;
    FILE *f = tmpfile();
    CHECK(f != NULL);
    if (!f)
        return;
    for (size_t len = 0; len <= 40; len++)
        for (size_t from = 0; from + len <= 24; from += 3) {
            /* fill to just before the room's end, then write across it */
            kg_out_init(&o, f);
            size_t before = sizeof o.own - 45, n = 0;
            rewind(f);
            CHECK(ftruncate(fileno(f), 0) == 0);
            memset(want, '.', before);
            kg_out_write_more(&o, want, before);
            n = before;
            for (size_t step = 0; step < 6; step++) {
                kg_out_write(&o, src + from + step % 2, len);
                memcpy(want + n, src + from + step % 2, len);
                n += len;
            }
            kg_out_flush(&o);
            fflush(f);
            char *got = kg_malloc(n + 1);
            rewind(f);
            CHECK(got && fread(got, 1, n + 1, f) == n);
            CHECK(got && memcmp(got, want, n) == 0);
            free(got);
        }
    fclose(f);
}

/* kg_svg_plain_run is the run kg_svg_id keeps as it is (the DOT writer's
 * check that every id is its own SVG id part rests on it), over every
 * string of up to three bytes around the ends of the letters and digits. */
TEST(svg_plain_run_is_what_svg_id_keeps)
{
    const char alphabet[] = "aAzZ09/:@[`{_-.\xC3";
    size_t na = sizeof alphabet - 1, same = 0;
    char s[8];
    kg_buf b;
    kg_buf_init(&b);
    for (size_t len = 0; len <= 3; len++) {
        size_t count = 1;
        for (size_t i = 0; i < len; i++)
            count *= na;
        for (size_t k = 0; k < count; k++) {
            size_t x = k, keep = 0;
            for (size_t i = 0; i < len; i++, x /= na)
                s[i] = alphabet[x % na];
            s[len] = '\0';
            kg_buf_clear(&b);
            CHECK(kg_svg_id(&b, "", s) == 0);
            /* kg_svg_id's text begins with the kept run, then _XX */
            while (keep < len && keep < b.len && b.data[keep] == s[keep] &&
                   s[keep] != '_')
                keep++;
            CHECK(kg_svg_plain_run(s) == keep);
            same += b.len == len && (!len || memcmp(b.data, s, len) == 0);
        }
    }
    CHECK(same > 200);
    kg_buf_free(&b);
}

TEST(dot_ids_escape_quotes_and_fall_back_to_html)
{
    CHECK_STR(dot_id("say \"hi\""), "\"say \\\"hi\\\"\"");
    CHECK_STR(dot_id("a\\b"), "\"a\\b\"");
    CHECK_STR(dot_id("a\\\\"), "\"a\\\\\""); /* even run: fine quoted */
    CHECK_STR(dot_id("C:\\"), "<C:\\>");     /* odd run at the end */
    CHECK_STR(dot_id("x\\\"y"), "<x\\\"y>"); /* odd run before a quote */
    CHECK_STR(dot_id("\"\n\""), "<\"\n\">"); /* lone line end */
    CHECK_STR(dot_id("a\nb"), "\"a\nb\"");
}

TEST(dot_exactness)
{
    CHECK(kg_dot_exact("plain", 5));
    CHECK(kg_dot_exact("C:\\", 3));
    CHECK(kg_dot_exact("<b>\\", 4));
    CHECK(!kg_dot_exact("<\\", 2));   /* neither form works */
    CHECK(kg_dot_exact("a>\n\"", 4)); /* the line end is in a run */
    CHECK(!kg_dot_exact("\"\n\">", 4));
}

TEST(dot_labels_are_escstrings)
{
    CHECK_STR(dot_label("a\\b"), "\"a\\\\b\"");
    CHECK_STR(dot_label("end\\"), "\"end\\\\\"");
    CHECK_STR(dot_label("two\nlines"), "\"two\\nlines\"");
    CHECK_STR(dot_label("q\"\\N"), "\"q\\\"\\\\N\"");
}

/* ---- Matching keys ---- */

static char *key_of(const char *s, int loose)
{
    static char out[256];
    kg_buf b;
    kg_buf_init(&b);
    kg_norm_key(&b, s, strlen(s), loose);
    snprintf(out, sizeof out, "%s", b.data ? b.data : "");
    kg_buf_free(&b);
    return out;
}

TEST(normalized_keys_fold_form_case_and_space)
{
    const char *want = "j\xC3\xBCrgen stock";
    CHECK_STR(key_of("J\xC3\xBCrgen Stock", 0), want);
    CHECK_STR(key_of("Ju\xCC\x88rgen Stock", 0), want); /* decomposed */
    CHECK_STR(key_of("J\xC3\x9CRGEN  STOCK", 0), want);
    CHECK_STR(key_of("  J\xC3\xBCrgen\t\nStock\xC2\xA0", 0), want);
    CHECK_STR(key_of("Stra\xC3\x9F"
                     "e",
                     0),
              "strasse");                                 /* full case fold */
    CHECK_STR(key_of("Jurgen Stock", 0), "jurgen stock"); /* accents kept */
    CHECK_STR(key_of("J. Stock", 0), "j. stock");         /* and dots */
}

TEST(loose_keys_also_drop_accents_and_punctuation)
{
    CHECK_STR(key_of("J\xC3\xBCrgen Stock", 1), "jurgenstock");
    CHECK_STR(key_of("JURGEN-STOCK.", 1), "jurgenstock");
    CHECK_STR(key_of("O'Brien", 1), key_of("OBrien", 1));
    CHECK_STR(key_of("C++", 1), "c++"); /* symbols stay */
    CHECK_STR(key_of("\xD8\xA7\xD9\x84\xD8\xA5\xD9\x86\xD8\xAA\xD8\xB1\xD8\xA8"
                     "\xD9\x88\xD9\x84",
                     1),
              key_of("\xD8\xA7\xD9\x84\xD8\xA5\xD9\x86\xD8\xAA\xD8\xB1\xD8\xA8"
                     "\xD9\x88\xD9\x84",
                     0));
}

TEST(ascii_keys_match_utf8proc)
{
    kg_buf a, b;
    kg_buf_init(&a);
    kg_buf_init(&b);
    char text[8];
    for (int loose = 0; loose < 2; loose++) {
        for (int c = 1; c < 128; c++) { /* every ASCII character */
            snprintf(text, sizeof text, "A%cb %c", c, c);
            kg_norm_key(&a, text, strlen(text), loose);
            kg_norm_key_unicode(&b, text, strlen(text), loose);
            if (strcmp(a.data, b.data) != 0)
                fprintf(stderr, "  0x%02X loose=%d: [%s] vs [%s]\n", c, loose,
                        a.data, b.data);
            CHECK_STR(a.data, b.data);
        }
    }
    kg_buf_free(&a);
    kg_buf_free(&b);
}

/* Exact keys are made eight bytes at a time where the text allows
 * (normalize.c's simple_key): text of every length from 1 to 26 made of
 * pieces at the edges of what a word step tells apart (the ends of
 * 'A'-'Z', spaces single and in runs, line ends, tabs and the bytes
 * beside them, a Latin-1 letter) must get utf8proc's key. */
TEST(word_keys_match_utf8proc)
{
    static const char *const pieces[] = {
        "a",  "Z",  "A",    "@",    "[",    "`", "{", " ",        " ",    "\t",
        "\n", "\r", "\x08", "\x0E", "\x1F", "!", "0", "\xC3\x89", "\x7F", "q"};
    enum { NP = sizeof pieces / sizeof *pieces };
    kg_buf a, b;
    kg_buf_init(&a);
    kg_buf_init(&b);
    unsigned long seed = 28;
    int checked = 0;
    for (size_t len = 1; len <= 26; len++) {
        for (int round = 0; round < 2000; round++) {
            char text[64];
            size_t n = 0;
            while (n < len) {
                seed = seed * 6364136223846793005ul + 1442695040888963407ul;
                const char *p = pieces[(seed >> 33) % NP];
                if (n + strlen(p) > len)
                    p = "b";
                memcpy(text + n, p, strlen(p));
                n += strlen(p);
            }
            text[n] = '\0';
            kg_norm_key(&a, text, n, 0);
            kg_norm_key_unicode(&b, text, n, 0);
            if (strcmp(a.data, b.data) != 0)
                fprintf(stderr, "  '%s': [%s] vs [%s]\n", text, a.data, b.data);
            CHECK_STR(a.data, b.data);
            checked++;
        }
    }
    CHECK_INT(checked, 26 * 2000);
    kg_buf_free(&a);
    kg_buf_free(&b);
}

/* Exact keys of text with Latin-1 letters skip utf8proc too: every
 * character of U+00A0..U+00FF, alone, between letters, after a capital,
 * and next to a combining mark, must get utf8proc's key. */
TEST(latin1_keys_match_utf8proc)
{
    static const char *const shapes[] = {"%s",   "A%sb",       " X %s  Y ",
                                         "%s%s", "%s\xCC\x81", "e\xCC\x81%s"};
    kg_buf a, b;
    kg_buf_init(&a);
    kg_buf_init(&b);
    char ch[3], text[32];
    int checked = 0;
    for (int c = 0xA0; c <= 0xFF; c++) {
        ch[0] = (char)(0xC0 | (c >> 6));
        ch[1] = (char)(0x80 | (c & 0x3F));
        ch[2] = '\0';
        for (size_t k = 0; k < sizeof shapes / sizeof *shapes; k++) {
            snprintf(text, sizeof text, shapes[k], ch, ch);
            kg_norm_key(&a, text, strlen(text), 0);
            kg_norm_key_unicode(&b, text, strlen(text), 0);
            if (strcmp(a.data, b.data) != 0)
                fprintf(stderr, "  U+%04X in '%s': [%s] vs [%s]\n", c,
                        shapes[k], a.data, b.data);
            CHECK_STR(a.data, b.data);
            checked++;
        }
    }
    CHECK_INT(checked, 96 * 6);
    kg_buf_free(&a);
    kg_buf_free(&b);
}

/* ---- Symbols ---- */

/* A symbol keeps no length (its NUL ends it): prefixes and extensions of
 * a symbol are other symbols, across many rehashes, and text with a NUL
 * inside is never one. */
TEST(symbols_tell_prefixes_apart)
{
    kg_symtab t;
    kg_arena a;
    kg_symtab_init(&t);
    kg_arena_init(&a);
    static const char *const words[] = {"ab", "a", "abc", "", "b", "abd"};
    uint32_t y[6];
    int created;
    char name[32];
    for (int i = 0; i < 6; i++) {
        y[i] = kg_symtab_intern(&t, &a, words[i], strlen(words[i]), &created);
        CHECK_INT(created, 1);
    }
    for (int i = 0; i < 5000; i++) { /* several rehashes */
        snprintf(name, sizeof name, "ab%d", i);
        kg_symtab_intern(&t, &a, name, strlen(name), &created);
    }
    for (int i = 0; i < 6; i++) {
        CHECK_INT(kg_symtab_find(&t, words[i], strlen(words[i])), y[i]);
        CHECK_INT(
            kg_symtab_intern(&t, &a, words[i], strlen(words[i]), &created),
            y[i]);
        CHECK_INT(created, 0);
        CHECK_STR(t.syms[y[i]].s, words[i]);
    }
    CHECK_INT(kg_symtab_find(&t, "abc", 2), y[0]); /* "ab" */
    /* "ab" and "abwnlryiy" given one hash (as if they shared it; they
     * did under FNV-1a): the longer one, interned first, must not answer
     * for its prefix */
    kg_symtab_free(&t);
    kg_symtab_init(&t);
    uint32_t h = kg_hash("ab", 2);
    uint32_t longer =
        kg_symtab_intern_hashed(&t, &a, "abwnlryiy", 9, h, &created);
    CHECK(kg_symtab_intern(&t, &a, "ab", 2, &created) != longer);
    CHECK_INT(created, 1);
    CHECK_INT(kg_symtab_intern_hashed(&t, &a, "abwnlryiy", 9, h, &created),
              longer);
    CHECK_INT(created, 0);
    kg_symtab_free(&t);
    kg_symtab_init(&t);
    for (int i = 0; i < 6; i++)
        y[i] = kg_symtab_intern(&t, &a, words[i], strlen(words[i]), &created);
    for (int i = 0; i < 5000; i++) {
        snprintf(name, sizeof name, "ab%d", i);
        kg_symtab_intern(&t, &a, name, strlen(name), &created);
    }
    CHECK_INT(kg_symtab_find(&t, "a\0b", 3), KG_NONE);
    CHECK_INT(kg_symtab_intern(&t, &a, "a\0", 2, &created), KG_NONE);
    CHECK_INT(kg_symtab_find(&t, "ab4999", 6) != KG_NONE, 1);
    CHECK_INT(kg_symtab_find(&t, "ab5000", 6), KG_NONE);
    /* slots given back (kg_resolve does): a find scans, an intern makes
     * them again, and every symbol keeps its index */
    uint32_t last = kg_symtab_find(&t, "ab4999", 6);
    kg_symtab_drop_slots(&t);
    CHECK_INT(t.nslots, 0);
    CHECK_INT(kg_symtab_find(&t, "ab4999", 6), last);
    CHECK_INT(kg_symtab_find(&t, "ab", 2), y[0]);
    CHECK_INT(kg_symtab_find(&t, "zz", 2), KG_NONE);
    uint32_t zz = kg_symtab_intern(&t, &a, "zz", 2, &created);
    CHECK_INT(created, 1);
    CHECK(t.nslots > 0);
    CHECK_INT(kg_symtab_intern(&t, &a, "ab4999", 6, &created), last);
    CHECK_INT(created, 0);
    for (int i = 0; i < 6; i++)
        CHECK_INT(kg_symtab_find(&t, words[i], strlen(words[i])), y[i]);
    CHECK_INT(kg_symtab_find(&t, "zz", 2), zz);
    kg_symtab_free(&t);
    kg_arena_free(&a);
}

/* The type memo answers as the symbol table does (the path it spares):
 * a type found is the symbol with the same bytes, never a prefix or an
 * extension of one (nor a type with a NUL inside); a type not found gets
 * a slot to be put in, or none when it has a NUL; past 64 types, the
 * memo is full and the table answers. */
TEST(type_memo_finds_what_the_symbol_table_finds)
{
    kg_symtab t;
    kg_arena a;
    kg_symtab_init(&t);
    kg_arena_init(&a);
    kg_type_memo m;
    memset(&m, 0, sizeof m);
    static const char *const seen[] = {"paid", "pai",  "paidx", "",
                                       "Paid", "owns", "o",     "ownsp"};
    static const char *const asked[] = {
        "paid", "pai",   "paidx", "",  "Paid", "owns", "o",     "ownsp", "pa",
        "paiD", "paidy", "own",   "z", "oa",   "pbid", "owns ", " owns"};
    char name[32];
    int created;
    size_t slot;
    for (int round = 0; round < 3; round++) { /* few types, then a full memo */
        for (size_t i = 0; i < sizeof seen / sizeof *seen; i++) {
            const char *s = seen[i];
            uint32_t y = kg_type_memo_find(&m, &t, s, strlen(s), &slot);
            if (y == KG_NONE) {
                y = kg_symtab_intern(&t, &a, s, strlen(s), &created);
                kg_type_memo_put(&m, slot, y, strlen(s));
            }
            CHECK_INT(y, kg_symtab_find(&t, s, strlen(s)));
        }
        for (size_t i = 0; i < sizeof asked / sizeof *asked; i++) {
            const char *s = asked[i];
            uint32_t y = kg_type_memo_find(&m, &t, s, strlen(s), &slot);
            CHECK(y == KG_NONE || y == kg_symtab_find(&t, s, strlen(s)));
            CHECK(y == KG_NONE || strcmp(t.syms[y].s, s) == 0);
            CHECK(slot < KG_TYPE_MEMO || round == 2);
        }
        CHECK_INT(kg_type_memo_find(&m, &t, "paid\0x", 6, &slot), KG_NONE);
        CHECK_INT(slot, KG_TYPE_MEMO);
        CHECK_INT(kg_type_memo_find(&m, &t, "pai\0", 4, &slot), KG_NONE);
        CHECK_INT(slot, KG_TYPE_MEMO);
        CHECK_INT(kg_type_memo_find(&m, &t, "\0", 1, &slot), KG_NONE);
        CHECK_INT(slot, KG_TYPE_MEMO);
        for (int i = 0; round == 1 && i < 100; i++) { /* fills it */
            snprintf(name, sizeof name, "type%d", i);
            uint32_t y = kg_type_memo_find(&m, &t, name, strlen(name), &slot);
            if (y == KG_NONE) {
                y = kg_symtab_intern(&t, &a, name, strlen(name), &created);
                kg_type_memo_put(&m, slot, y, strlen(name));
            }
            CHECK_INT(y, kg_symtab_find(&t, name, strlen(name)));
        }
    }
    for (int i = 0; i < 100; i++) { /* a full memo finds what it holds */
        snprintf(name, sizeof name, "type%d", i);
        uint32_t y = kg_type_memo_find(&m, &t, name, strlen(name), &slot);
        CHECK(y == KG_NONE || y == kg_symtab_find(&t, name, strlen(name)));
    }
    kg_symtab_free(&t);
    kg_arena_free(&a);
}

/* Warnings of one kind, counted per line (lines below 512). */
typedef struct warned_lines {
    const char *kind;
    int n[512];
} warned_lines;

static void count_warned(const kg_diag *d, void *ctx)
{
    warned_lines *w = ctx;
    if (strcmp(d->kind, w->kind) == 0 && d->line < 512)
        w->n[d->line]++;
}

/* A presentation column's value found fine is not checked again in that
 * file (read/shown.c): the warnings must be those of checking every cell
 * (kg_present_check, the check kg_graph_check_value makes), for values
 * that repeat, share a home, pass the longest kept or are longer, and a
 * value found bad that is checked and warned about every time. */
TEST(presentation_values_checked_once_warn_as_every_cell_checked)
{
    static const char *const widths[] = {"1",
                                         "2",
                                         "9",
                                         "10",
                                         "11",
                                         "0.5",
                                         "-1",
                                         "x",
                                         "1.5",
                                         "10.0",
                                         "100",
                                         "3.0",
                                         "01",
                                         "1.0",
                                         "7",
                                         "8",
                                         "19",
                                         "",
                                         "1.000000000000000",
                                         "11.00000000000000",
                                         "1.00000000000000",
                                         "11.0000000000000"};
    static const char *const colours[] = {
        "red", "#ff0000", "#ff000", "blue",   "nocolor", "#00ff00",
        "rde", "der",     "black",  "#00ff0", "green",   "neerg"};
    static const char *const arrows[] = {"normal", "inv", "dot", "bad", "none",
                                         "vee",    "eev", "box", "xob"};
    const kg_present *pw = kg_present_find("penwidth", KG_P_EDGE, 0);
    const kg_present *pc = kg_present_find("color", KG_P_EDGE, 0);
    const kg_present *pa = kg_present_find("arrowhead", KG_P_EDGE, 0);
    CHECK(pw && pc && pa);
    if (!pw || !pc || !pa)
        return;
    kg_buf csv;
    kg_buf_init(&csv);
    kg_buf_puts(&csv, "source,target,penwidth,color,arrowhead\n");
    warned_lines want = {"not-drawn", {0}}, got = {"not-drawn", {0}};
    char why[256], row[256];
    kg_picture_dir none = {NULL, ""};
    rnd_state = 77;
    for (int line = 2; line < 500; line++) {
        const char *w = widths[rnd(sizeof widths / sizeof *widths)];
        const char *c = colours[rnd(sizeof colours / sizeof *colours)];
        const char *a = arrows[rnd(sizeof arrows / sizeof *arrows)];
        snprintf(row, sizeof row, "a%d,b%d,%s,%s,%s\n", line, line, w, c, a);
        kg_buf_puts(&csv, row);
        want.n[line] = (*w && kg_present_check(pw, w, &none, why, sizeof why)) +
                       (*c && kg_present_check(pc, c, &none, why, sizeof why)) +
                       (*a && kg_present_check(pa, a, &none, why, sizeof why));
    }
    kg_graph *g = kg_graph_new();
    kg_graph_set_diag(g, count_warned, &got);
    CHECK_INT(kg_load_buffer(g, "r.csv", csv.data, csv.len), KG_OK);
    int total = 0;
    for (int line = 0; line < 512; line++) {
        CHECK_INT(got.n[line], want.n[line]);
        total += want.n[line];
    }
    CHECK(total > 100); /* bad values warned about every time */
    kg_graph_free(g);
    kg_buf_free(&csv);
}

/* Slots are narrow (4 bytes: hash bits above the index) while loading
 * and when made again after being given back: they find and intern
 * through strings with one hash and growth that hashes the strings
 * again. */
TEST(symbols_in_narrow_slots_are_found_and_grow)
{
    kg_symtab t;
    kg_arena a;
    kg_symtab_init(&t);
    kg_arena_init(&a);
    int created;
    char name[32];
    uint32_t longer = kg_symtab_intern(&t, &a, "abwnlryiy", 9, &created);
    for (int i = 0; i < 3000; i++) {
        snprintf(name, sizeof name, "w%d", i);
        CHECK_INT(kg_symtab_intern(&t, &a, name, strlen(name), &created),
                  (uint32_t)i + 1);
    }
    CHECK(t.narrow != NULL); /* narrow while loading */
    kg_symtab_drop_slots(&t);
    CHECK(t.narrow == NULL && t.nslots == 0);
    CHECK_INT(kg_symtab_restore_slots(&t), 0);
    CHECK(t.narrow != NULL);
    size_t was = t.nslots;
    CHECK_INT(kg_symtab_find(&t, "ab", 2), KG_NONE); /* same hash, not it */
    uint32_t ab = kg_symtab_intern(&t, &a, "ab", 2, &created);
    CHECK_INT(created, 1);
    CHECK(ab != longer);
    for (int i = 3000; i < 20000; i++) { /* narrow tables grow */
        snprintf(name, sizeof name, "w%d", i);
        CHECK_INT(kg_symtab_intern(&t, &a, name, strlen(name), &created),
                  (uint32_t)i + 2);
    }
    CHECK(t.narrow != NULL && t.nslots > was);
    for (int i = 0; i < 20000; i += 7) {
        snprintf(name, sizeof name, "w%d", i);
        CHECK_INT(kg_symtab_find(&t, name, strlen(name)),
                  (uint32_t)i + (i < 3000 ? 1 : 2));
    }
    CHECK_INT(kg_symtab_find(&t, "abwnlryiy", 9), longer);
    CHECK_INT(kg_symtab_find(&t, "ab", 2), ab);
    CHECK_INT(kg_symtab_find(&t, "w20000", 6), KG_NONE);
    CHECK_INT(kg_symtab_intern(&t, &a, "w5", 2, &created), 6);
    CHECK_INT(created, 0);
    kg_symtab_free(&t);
    kg_arena_free(&a);
}

/* A relation keeps its line as a byte after the line of the one before:
 * rows that make several relations, long jumps, a file that starts again
 * at line 2 and lines past the most a line says all come back. */
TEST(relation_lines_come_back_from_bytes)
{
    kg_graph *g = kg_graph_new();
    uint32_t file[2] = {kg_graph_add_file(g, "r.csv"),
                        kg_graph_add_file(g, "s.csv")};
    enum { N = 1200 };
    static uint32_t want[N];
    for (uint32_t i = 0; i < N; i++) {
        want[i] = i < 300    ? 2 + i / 3         /* three a row */
                  : i < 500  ? 1000 + i * 300    /* far apart */
                  : i < 900  ? 2 + (i - 500) * 7 /* the next file */
                  : i < 1000 ? 0x7FFFFFF0u + (i - 900) / 10
                             : 0xFFFFFF00u + i; /* beyond: the most */
        kg_loc at = {file[i >= 500], want[i]};
        CHECK(kg_graph_relation(g, "a", 1, "b", 1, at) == i);
        if (want[i] > 0x7FFFFFFFu)
            want[i] = 0x7FFFFFFFu;
    }
    CHECK_INT(kg_graph_flush_ends(g), 0);
    for (uint32_t i = 0; i < N; i++) {
        kg_loc at = kg_rel_loc(g, kg_rel(g, i));
        CHECK_INT(at.line, want[i]);
        CHECK_INT(at.file, file[i >= 500]);
    }
    kg_graph_free(g);
}

/* An entity keeps its line as six bits after the line of the one before
 * and its two flags in the byte's top bits: lines that run on, jump,
 * start again in another file and pass the most a line says all come
 * back, and flags set change no line. */
TEST(entity_lines_and_flags_come_back_from_bytes)
{
    kg_graph *g = kg_graph_new();
    uint32_t file[2] = {kg_graph_add_file(g, "e.csv"),
                        kg_graph_add_file(g, "f.csv")};
    enum { N = 1200 };
    static uint32_t want[N];
    char id[16];
    for (uint32_t i = 0; i < N; i++) {
        want[i] = i < 300    ? 2 + i              /* a row each */
                  : i < 500  ? 1000 + i * 70      /* far apart */
                  : i < 900  ? 2 + (i - 500) * 63 /* the next file */
                  : i < 1000 ? 0x3FFFFFF0u + (i - 900) / 10
                             : 0xFFFFFF00u + i; /* beyond: the most */
        kg_loc at = {file[i >= 500], want[i]};
        int created = 0;
        snprintf(id, sizeof id, "e%u", (unsigned)i);
        CHECK(kg_graph_entity(g, id, strlen(id), at, &created) == i);
        CHECK_INT(created, 1);
        if (want[i] > KG_ENT_LINE)
            want[i] = KG_ENT_LINE;
        if (i % 3 == 0)
            kg_graph_flag_entity(g, i, KG_ENT_IDENTIFIED);
        if (i % 5 == 0)
            kg_graph_flag_entity(g, i, KG_ENT_UNKNOWN | KG_ENT_IDENTIFIED);
    }
    for (uint32_t i = 0; i < N; i++) {
        kg_loc at = kg_ent_loc(g, kg_ent(g, i));
        CHECK_INT(at.line, want[i]);
        CHECK_INT(at.file, file[i >= 500]);
        CHECK_INT(kg_ent_identified(g, i), i % 3 == 0 || i % 5 == 0);
        CHECK_INT(kg_ent_unknown(g, i), i % 5 == 0);
    }
    kg_graph_free(g);
}

/* ---- The public API ---- */

TEST(api_builds_merges_and_resolves)
{
    kg_graph *g = kg_graph_new();
    CHECK(g != NULL);
    CHECK_INT(kg_add_entity(g, "p1", "J\xC3\xBCrgen Stock", "person"), KG_OK);
    CHECK_INT(kg_add_alias(g, "p1", "Stock"), KG_OK);
    CHECK_INT(kg_add_entity(g, "p1", NULL, NULL), KG_OK); /* a merge */
    CHECK_INT(kg_add_entity(g, "org", "Interpol", "organization"), KG_OK);
    CHECK_INT(kg_set_entity_attr(g, "org", "hq", "Lyon"), KG_OK);
    size_t r = 99;
    CHECK_INT(kg_add_relation(g, "Stock", "Interpol", "heads", &r), KG_OK);
    CHECK_INT(r, 0);
    CHECK_INT(kg_set_relation_attr(g, r, "since", "2014"), KG_OK);
    CHECK_INT(kg_add_relation(g, "p1", "nobody", NULL, NULL), KG_OK);
    CHECK_INT(kg_resolve(g), KG_OK);
    CHECK_STR(kg_lookup(g, "Stock"), "p1");
    CHECK_STR(kg_lookup(g, "J\xC3\xBCrgen Stock"), "p1");
    CHECK_STR(kg_lookup(g, "Interpol"), "org");
    CHECK_STR(kg_lookup(g, "nobody"), "nobody");
    CHECK(kg_lookup(g, "missing") == NULL);
    kg_stats s = kg_graph_stats(g);
    CHECK_INT(s.entities, 3);
    CHECK_INT(s.relations, 2);
    CHECK_INT(s.merges, 1);
    CHECK_INT(s.unknown, 1);
    CHECK_INT(s.warnings, 1);
    CHECK_INT(s.errors, 0);
    kg_graph_free(g);
}

TEST(api_refuses_misuse)
{
    kg_graph *g = kg_graph_new();
    CHECK_INT(kg_add_entity(g, "", NULL, NULL), KG_ERR_USAGE);
    CHECK_INT(kg_add_entity(g, "bad\xFF", NULL, NULL), KG_ERR_USAGE);
    CHECK_INT(kg_add_alias(g, "none", "x"), KG_ERR_USAGE);
    CHECK_INT(kg_add_entity(g, "a", NULL, NULL), KG_OK);
    CHECK_INT(kg_set_entity_attr(g, "a", "", "x"), KG_ERR_USAGE);
    CHECK_INT(kg_set_relation_attr(g, 5, "k", "v"), KG_ERR_USAGE);
    CHECK_INT(kg_write_dot(g, stdout, NULL), KG_ERR_USAGE); /* not resolved */
    CHECK_INT(kg_resolve(g), KG_OK);
    CHECK_INT(kg_resolve(g), KG_ERR_USAGE);
    CHECK_INT(kg_add_entity(g, "late", NULL, NULL), KG_ERR_USAGE);
    CHECK_INT(kg_load_buffer(g, "x.csv", "id\n1\n", 5), KG_ERR_USAGE);
    CHECK(kg_strerror(KG_ERR_IO) != NULL);
    kg_graph_free(g);
    kg_graph_free(NULL);
}

TEST(api_ambiguous_names_are_not_guessed)
{
    kg_graph *g = kg_graph_new();
    kg_add_entity(g, "a", "Same Name", NULL);
    kg_add_entity(g, "b", "Same Name", NULL);
    kg_graph *h = kg_graph_new();
    kg_add_entity(h, "a", "Same Name", NULL);
    kg_add_entity(h, "b", "Same Name", NULL);
    CHECK_INT(kg_resolve(h), KG_OK);
    CHECK(kg_lookup(h, "Same Name") == NULL);
    kg_graph_free(h);
    /* a relation naming it gets a node of its own, with a warning */
    kg_add_relation(g, "a", "Same Name", NULL, NULL);
    CHECK_INT(kg_resolve(g), KG_OK);
    CHECK_STR(kg_lookup(g, "Same Name"), "Same Name");
    CHECK_INT(kg_graph_stats(g).warnings, 1);
    CHECK_INT(kg_graph_stats(g).unknown, 1);
    kg_graph_free(g);
}

TEST(api_load_buffer_counts_rows_and_rejections)
{
    kg_graph *g = kg_graph_new();
    const char csv[] = "id,name,type\n1,One,person\n2,Two\n,Nobody,x\n1,,\n";
    CHECK_INT(kg_load_buffer(g, "e.csv", csv, sizeof csv - 1), KG_OK);
    CHECK_INT(kg_resolve(g), KG_OK);
    kg_stats s = kg_graph_stats(g);
    CHECK_INT(s.files, 1);
    CHECK_INT(s.rows, 4);
    CHECK_INT(s.rejected, 2); /* ragged row, empty id */
    CHECK_INT(s.merges, 1);
    CHECK_INT(s.entities, 1);
    CHECK_INT(s.errors, 2);
    kg_graph_free(g);
}

TEST(api_merges_are_listed_with_their_rules)
{
    kg_graph *g = kg_graph_new();
    kg_graph_set_match(g, KG_MATCH_LOOSE);
    CHECK_INT(kg_add_entity(g, "ma", "Morocco", "country"), KG_OK);
    CHECK_INT(kg_add_alias(g, "ma", "Kingdom of Morocco"), KG_OK);
    CHECK_INT(kg_add_entity(g, "ma", NULL, NULL), KG_OK);           /* id */
    CHECK_INT(kg_add_entity(g, "morocco", "MOROCCO", NULL), KG_OK); /* name */
    CHECK_INT(kg_add_entity(g, "js", "J\xC3\xBCrgen Stock", NULL), KG_OK);
    CHECK_INT(kg_add_entity(g, "jurgen-stock", NULL, NULL), KG_OK); /* loose */
    CHECK_INT(kg_add_relation(g, "kingdom of  morocco", "js", NULL, NULL),
              KG_OK); /* an end linked by alias */
    CHECK_INT(kg_resolve(g), KG_OK);
    kg_stats s = kg_graph_stats(g);
    CHECK_INT(s.entities, 2);
    CHECK_INT(s.merges_by[KG_RULE_ID], 1);
    CHECK_INT(s.merges_by[KG_RULE_NAME], 1);
    CHECK_INT(s.merges_by[KG_RULE_LOOSE], 1);
    CHECK_INT(s.linked, 1);
    CHECK_INT(kg_merge_count(g), 4);
    kg_merge m;
    CHECK_INT(kg_merge_at(g, 1, &m), KG_OK);
    CHECK_STR(m.survivor, "ma");
    CHECK_STR(m.merged, "morocco");
    CHECK_STR(kg_rule_name(m.rule), "normalized name");
    CHECK_STR(kg_merge_kind_name(m.kind), "entity");
    CHECK_INT(kg_merge_at(g, 3, &m), KG_OK);
    CHECK_STR(m.merged, "kingdom of  morocco");
    CHECK_STR(kg_rule_name(m.rule), "alias");
    CHECK_STR(kg_merge_kind_name(m.kind), "relation end");
    CHECK_INT(kg_merge_at(g, 4, &m), KG_ERR_USAGE);
    CHECK_STR(kg_lookup(g, "MOROCCO"), "ma");
    CHECK_STR(kg_lookup(g, "morocco"), "ma"); /* a merged id */
    CHECK_STR(kg_lookup(g, "JURGEN STOCK!"), "js");
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    CHECK_INT(kg_write_merge_report(g, f), KG_OK);
    fclose(f);
    const char *head = "survivor,merged,kind,rule,file,line\n";
    CHECK(strncmp(text, head, strlen(head)) == 0);
    CHECK(strstr(text, "ma,kingdom of  morocco,relation end,alias,<api>,\n"));
    free(text);
    kg_graph_free(g);
}

/* The graph's DOT without the legend, malloc'd. */
static char *dot_text(const kg_graph *g, int legend)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    kg_dot_options o = kg_dot_defaults();
    o.legend = legend;
    if (f && kg_write_dot(g, f, &o) != KG_OK) {
        fclose(f);
        free(text);
        return calloc(1, 1);
    }
    if (f)
        fclose(f);
    return text ? text : calloc(1, 1);
}

/* An edge's tooltip is written straight from its parts when each is a
 * single short value (element.c, provenance_pieces), else from the text
 * joined first: either way it is kg_dot_label's form of the whole text,
 * line continuations included.  A long source part after short ones
 * tells the two apart: its continuation falls where the whole text's
 * run of plain bytes passes the limit, its head counted. */
TEST(edge_tooltips_are_labels_of_their_text)
{
    static const size_t sizes[] = {5, 3060, 3064, 3065, 3072, 3100, 7000};
    for (size_t k = 0; k < 2 * sizeof sizes / sizeof *sizes; k++) {
        size_t n = sizes[k / 2];
        int twice = k % 2; /* two evidence values: joined first */
        char *src = malloc(n + 1);
        for (size_t i = 0; i < n; i++)
            src[i] = (char)('a' + i % 26); /* no escape: one long run */
        src[n] = '\0';
        kg_graph *g = kg_graph_new();
        size_t r = 0;
        CHECK_INT(kg_add_relation(g, "a", "b", "knows", &r), KG_OK);
        CHECK_INT(kg_set_relation_attr(g, r, "evidence", "ledger \"7\""),
                  KG_OK);
        if (twice)
            CHECK_INT(kg_set_relation_attr(g, r, "evidence", "memo"), KG_OK);
        CHECK_INT(kg_set_relation_attr(g, r, "date", "2020-01-02"), KG_OK);
        CHECK_INT(kg_set_relation_attr(g, r, "source", src), KG_OK);
        CHECK_INT(kg_resolve(g), KG_OK);
        kg_buf whole, want;
        kg_buf_init(&whole);
        kg_buf_init(&want);
        kg_buf_puts(&whole, twice ? "ledger \"7\"; memo" : "ledger \"7\"");
        kg_buf_puts(&whole, "\nDate: 2020-01-02\nSource: ");
        kg_buf_puts(&whole, src);
        kg_buf_puts(&want, "tooltip=");
        kg_out o;
        kg_out_init_mem(&o, &want);
        kg_dot_label(&o, whole.data);
        kg_out_flush(&o);
        char *dot = dot_text(g, 0);
        if (!strstr(dot, want.data))
            fprintf(stderr, "  source of %zu bytes%s: not kg_dot_label's\n", n,
                    twice ? ", two evidence values" : "");
        CHECK(strstr(dot, want.data) != NULL);
        free(dot);
        kg_buf_free(&whole);
        kg_buf_free(&want);
        free(src);
        kg_graph_free(g);
    }
}

/* A key the writer sets itself, given by code, is data like any column:
 * written data_KEY, the entity's own label and type untouched (it was
 * refused, so a graph copied from one with such a column could not be
 * made: --collapse-by over FollowTheMoney data with a `type` property). */
TEST(api_keys_named_like_the_writers_own_are_data)
{
    kg_graph *g = kg_graph_new();
    CHECK_INT(kg_add_entity(g, "a", "Ann", "person"), KG_OK);
    CHECK_INT(kg_set_entity_attr(g, "a", "label", "not the name"), KG_OK);
    CHECK_INT(kg_set_entity_attr(g, "a", "type", "not the type"), KG_OK);
    size_t r;
    CHECK_INT(kg_add_relation(g, "a", "a", "knows", &r), KG_OK);
    CHECK_INT(kg_set_relation_attr(g, r, "type", "shares"), KG_OK);
    CHECK_INT(kg_resolve(g), KG_OK);
    char *dot = dot_text(g, 0);
    CHECK(strstr(dot, "label=Ann") || strstr(dot, "label=\"Ann\""));
    CHECK(strstr(dot, "type=person"));
    CHECK(strstr(dot, "data_label=\"not the name\""));
    CHECK(strstr(dot, "data_type=\"not the type\""));
    CHECK(strstr(dot, "data_type=shares"));
    free(dot);
    kg_graph_free(g);
}

static char *dot_without_legend(const kg_graph *g)
{
    return dot_text(g, 0);
}

static void diag_with_file(const kg_diag *d, void *ctx)
{
    char line[256];
    snprintf(line, sizeof line, "%s:%lu: %s\n", d->file, d->line, d->message);
    kg_buf_puts(ctx, line);
}

/* A new graph whose diagnostics go to *diags ("file:line: message"). */
static kg_graph *graph_with_diags(kg_buf *diags)
{
    kg_buf_init(diags);
    kg_graph *g = kg_graph_new();
    kg_graph_set_diag(g, diag_with_file, diags);
    return g;
}

/* The graph of link_test_csv's files, resolved with relation ends linked
 * on two threads from `half_min` relations a half; its DOT, diagnostics
 * and merge report, in one malloc'd text. */
/* out, then g's DOT (with its key) and merge report, as one malloc'd
 * text; g is freed. */
static char *with_dot_and_merges(kg_buf *out, kg_graph *g)
{
    char *dot = dot_text(g, 1);
    kg_buf_puts(out, dot);
    free(dot);
    char *report = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&report, &len);
    if (f) {
        kg_write_merge_report(g, f);
        fclose(f);
    }
    kg_buf_puts(out, report ? report : "");
    free(report);
    kg_graph_free(g);
    return out->data;
}

static char *linked(size_t half_min, const char *ents, const char *rels)
{
    kg_buf out;
    kg_buf_init(&out);
    kg_graph *g = kg_graph_new();
    kg_graph_set_diag(g, diag_with_file, &out);
    kg_graph_tune(g, half_min, 0);
    kg_load_buffer(g, "e.csv", ents, strlen(ents));
    kg_load_buffer(g, "r.csv", rels, strlen(rels));
    kg_status st = kg_resolve(g);
    kg_buf_puts(&out, st == KG_OK ? "resolved\n" : "failed\n");
    return with_dot_and_merges(&out, g);
}

/* Relation ends are linked on two threads when there are many: ends by
 * id, by name, by alias, ambiguous, unknown and repeated unknown ones,
 * interleaved across both halves, must give the nodes, warnings (in row
 * order) and logged links of linking them one by one. */
TEST(linking_ends_on_two_threads_gives_the_same_graph)
{
    kg_buf e, r;
    kg_buf_init(&e);
    kg_buf_init(&r);
    kg_buf_puts(&e, "id,name,type,aliases\n");
    char row[160];
    for (int i = 0; i < 300; i++) { /* "Twin 7" names two: ambiguous */
        snprintf(row, sizeof row, "p%d,%s %d,person,Alias %d\n", i,
                 i % 100 == 7 ? "Twin" : "Name", i % 100 == 7 ? 7 : i, i);
        kg_buf_puts(&e, row);
    }
    kg_buf_puts(&r, "source,target,relation\n");
    unsigned x = 4242;
    for (int i = 0; i < 4000; i++) {
        char end[2][32];
        for (int k = 0; k < 2; k++) {
            x = x * 1103515245u + 12345u;
            int n = (int)(x >> 10) % 300;
            switch ((x >> 20) % 8) {
            case 0: snprintf(end[k], sizeof end[k], "Name %d", n); break;
            case 1: snprintf(end[k], sizeof end[k], "alias %d", n); break;
            case 2: snprintf(end[k], sizeof end[k], "Twin 7"); break;
            case 3:
                snprintf(end[k], sizeof end[k], "stranger %d", n % 40);
                break;
            default: snprintf(end[k], sizeof end[k], "p%d", n); break;
            }
        }
        snprintf(row, sizeof row, "%s,%s,met\n", end[0], end[1]);
        kg_buf_puts(&r, row);
    }
    char *one = linked((size_t)-1, e.data, r.data);
    char *two = linked(32, e.data, r.data);
    CHECK(strstr(one, "resolved\n") != NULL);
    CHECK(strstr(one, "names no entity") != NULL);    /* unknown ends */
    CHECK(strstr(one, "not guessed") != NULL);        /* ambiguous ones */
    CHECK(strstr(one, "relation end,alias") != NULL); /* linked by alias */
    CHECK_INT(strlen(two), strlen(one));
    CHECK(strcmp(one, two) == 0);
    free(one);
    free(two);
    kg_buf_free(&e);
    kg_buf_free(&r);
}

/* The graph of entity, mention and relation files resolved with
 * `match`, its keys made on two threads from `half_min` entities a half
 * (and ends linked from as many relations); its DOT, diagnostics, merge
 * report, and whether every edge's hidden byte says what its ends say, in
 * one malloc'd text. */
static char *resolved(size_t half_min, kg_match match, const char *ents,
                      const char *mentions, const char *rels)
{
    kg_buf out;
    kg_buf_init(&out);
    kg_graph *g = kg_graph_new();
    kg_graph_set_diag(g, diag_with_file, &out);
    kg_graph_tune(g, half_min, 0);
    kg_graph_set_match(g, match);
    kg_load_buffer(g, "e.csv", ents, strlen(ents));
    kg_load_buffer(g, "m.csv", mentions, strlen(mentions));
    kg_load_buffer(g, "r.csv", rels, strlen(rels));
    kg_status st = kg_resolve(g);
    kg_buf_puts(&out, st == KG_OK ? "resolved\n" : "failed\n");
    size_t differ = 0; /* edge_off as resolve left it, and as asked */
    unsigned char *shown = calloc(g->v.nrels + 1, 1);
    for (uint32_t i = 0; shown && i < g->v.nrels; i++)
        shown[i] = (unsigned char)kg_edge_shown(g, i);
    kg_graph_unsync_edges(g);
    for (uint32_t i = 0; shown && i < g->v.nrels; i++)
        differ += shown[i] != kg_edge_shown(g, i);
    kg_graph_sync_edges(g);
    free(shown);
    kg_buf_puts(&out, differ ? "edges differ\n" : "edges agree\n");
    return with_dot_and_merges(&out, g);
}

/* Names and ids are keyed in pieces on two threads when there are many
 * entities: merges by name and alias (identified entities, mentions of
 * each other), ambiguous ids, aliases two entities claim, links by name
 * and unknown ends, spread over many pieces, must give, exact and loose,
 * the graph, warnings and merge report of one thread. */
TEST(resolving_on_two_threads_gives_the_same_graph)
{
    kg_buf e, m, r;
    kg_buf_init(&e);
    kg_buf_init(&m);
    kg_buf_init(&r);
    char row[200];
    kg_buf_puts(&e, "id,name,type,aliases\n");
    for (int i = 0; i < 600; i++) { /* "Twin 7" names two; "Shared k" too */
        snprintf(row, sizeof row, "p%d,%s %d,person,Alias %d%s\n", i,
                 i % 100 == 7 ? "Twin" : "Name", i % 100 == 7 ? 7 : i, i,
                 i % 50 == 3 ? (i % 100 == 3 ? "|Shared" : "|shared") : "");
        kg_buf_puts(&e, row);
    }
    for (int i = 0; i < 40; i++) { /* identified: ids that name others */
        snprintf(row, sizeof row, "%s %d,Other %d,person,\n",
                 i % 3 ? "name" : "ALIAS", i * 13 % 600, i);
        kg_buf_puts(&e, row);
    }
    kg_buf_puts(&m, "name,type\n");
    for (int i = 0; i < 300; i++) { /* mentions: of others, of each other */
        int n = i * 7 % 600;
        switch (i % 5) {
        case 0: snprintf(row, sizeof row, "NAME  %d,person\n", n); break;
        case 1: snprintf(row, sizeof row, "alias %d,person\n", n); break;
        case 2: snprintf(row, sizeof row, "Twin 7,person\n"); break;
        case 3: snprintf(row, sizeof row, "Ghost %d,\n", i % 40); break;
        default: snprintf(row, sizeof row, "GHOST  %d,\n", i % 40); break;
        }
        kg_buf_puts(&m, row);
    }
    kg_buf_puts(&r, "source,target,relation\n");
    unsigned x = 2828;
    for (int i = 0; i < 3000; i++) {
        char end[2][32];
        for (int k = 0; k < 2; k++) {
            x = x * 1103515245u + 12345u;
            int n = (int)(x >> 10) % 600;
            switch ((x >> 20) % 8) {
            case 0: snprintf(end[k], sizeof end[k], "name %d", n); break;
            case 1: snprintf(end[k], sizeof end[k], "Alias %d", n); break;
            case 2: snprintf(end[k], sizeof end[k], "shared"); break;
            case 3: snprintf(end[k], sizeof end[k], "nobody %d", n % 30); break;
            case 4: snprintf(end[k], sizeof end[k], "ghost %d", n % 40); break;
            default: snprintf(end[k], sizeof end[k], "p%d", n); break;
            }
        }
        snprintf(row, sizeof row, "%s,%s,met\n", end[0], end[1]);
        kg_buf_puts(&r, row);
    }
    for (int loose = 0; loose < 2; loose++) {
        kg_match match = loose ? KG_MATCH_LOOSE : KG_MATCH_EXACT;
        char *one = resolved((size_t)-1, match, e.data, m.data, r.data);
        char *two = resolved(32, match, e.data, m.data, r.data);
        CHECK(strstr(one, "resolved\nedges agree\n") != NULL);
        CHECK(strstr(one, ",entity,alias,") != NULL); /* merges */
        CHECK(strstr(one, ",entity,normalized name,") != NULL);
        CHECK(strstr(one, "not merged with either") != NULL);
        CHECK(strstr(one, "so it links nothing") != NULL); /* shared */
        CHECK(strstr(one, "relation end,alias") != NULL);  /* links */
        CHECK(strstr(one, "names no entity") != NULL);     /* unknown */
        CHECK_INT(strlen(two), strlen(one));
        CHECK(strcmp(one, two) == 0);
        free(one);
        free(two);
    }
    kg_buf_free(&e);
    kg_buf_free(&m);
    kg_buf_free(&r);
}

/* The symbols of g, one a line, then each relation's source and target
 * symbols, in one malloc'd text. */
static char *symbols_and_ends(const kg_graph *g)
{
    kg_buf b;
    kg_buf_init(&b);
    char line[64];
    for (size_t y = 0; y < g->v.syms.n; y++) {
        kg_buf_puts(&b, g->v.syms.syms[y].s);
        kg_buf_puts(&b, y + 1 < g->v.syms.n ? "\n" : "\n--\n");
    }
    for (size_t i = 0; i < g->v.nrels; i++) {
        snprintf(line, sizeof line, "%u %u\n", (unsigned)g->v.rels[i].src,
                 (unsigned)g->v.rels[i].dst);
        kg_buf_puts(&b, line);
    }
    return b.data;
}

/* Relations added through the store, with symbols interned between them
 * (right after a batch of ends is handed on, too) and a label (the
 * arena); their text as symbols_and_ends's.  `one`: every batch on this
 * thread. */
static char *ends_added(int one, size_t *behind)
{
    kg_graph *g = kg_graph_new();
    g->ends.inline_only = one;
    uint32_t file = kg_graph_add_file(g, "r.csv");
    char a[32], b[32], k[32];
    unsigned x = 99;
    for (uint32_t i = 0; i < 30000; i++) {
        x = x * 1103515245u + 12345u;
        snprintf(a, sizeof a, "e%u", (x >> 8) % 5000); /* many repeat */
        snprintf(b, sizeof b, "%s%u", i % 3 ? "e" : "new", (x >> 12) % 9000);
        uint32_t r =
            kg_graph_relation(g, a, strlen(a), b, strlen(b), (kg_loc){file, i});
        CHECK_INT(r, i);
        if (i % 97 == 0 || i % 8192 == 8191) { /* 8192: a batch left */
            snprintf(k, sizeof k, "key %u", i);
            CHECK(kg_sym_intern(g, k, strlen(k)) != KG_NONE);
            CHECK_STR(kg_sym_text(g, 0), "key 0"); /* one there before */
        }
        if (i % 1001 == 0)
            CHECK_INT(kg_graph_relation_label(g, r, k, strlen(k)), 0);
    }
    CHECK_INT(kg_graph_flush_ends(g), 0);
    *behind = g->ends.behind;
    char *text = symbols_and_ends(g);
    kg_graph_free(g);
    return text;
}

/* A file of relations read, its ends on a second thread or not: new
 * types, labels and end types on some rows (interned between batches),
 * many ends new (made by the batches). */
static char *ends_read(int one, size_t *behind)
{
    kg_buf r;
    kg_buf_init(&r);
    kg_buf_puts(&r, "source,target,relation,label,source_type\n");
    char row[160];
    for (int i = 0; i < 30000; i++) {
        snprintf(row, sizeof row, "p%d,q%d,rel%d,%s%d,%s\n", i % 7000,
                 (i * 7) % 11000, i / 4000, i % 13 ? "" : "label ", i,
                 i % 5001 ? "" : "kind");
        kg_buf_puts(&r, row);
    }
    kg_graph *g = kg_graph_new();
    g->ends.inline_only = one;
    CHECK_INT(kg_load_buffer(g, "r.csv", r.data, r.len), KG_OK);
    *behind = g->ends.behind;
    char *text = symbols_and_ends(g);
    kg_graph_free(g);
    kg_buf_free(&r);
    return text;
}

/* The text `way` gives with every batch on this thread and with batches
 * on a second; the same. */
static void same_behind(char *(*way)(int one, size_t *behind))
{
    size_t none, behind;
    char *one = way(1, &none), *two = way(0, &behind);
    CHECK_INT(none, 0);
    if (kg_processors() > 1)
        CHECK(behind >= 3); /* 30,000 relations, 8,192 a batch */
    CHECK(one && two && strcmp(one, two) == 0);
    free(one);
    free(two);
}

/* Relation ends interned a batch at a time on a second thread
 * (graph/ends.h) give every symbol the number one thread gives it, and
 * every relation its ends, whatever the calling thread interns
 * meanwhile. */
TEST(relation_ends_interned_behind_keep_the_symbols_numbers)
{
    same_behind(ends_added);
    same_behind(ends_read);
}

/* A relation keeps its file in a table of runs of rows, and its columns
 * in its file's set: relations from two files with different columns,
 * one made through the API between them, and an undirected one, keep
 * their own values, places and direction. */
TEST(relations_keep_their_file_columns_and_direction)
{
    static const char r1[] = "source,target,relation,weight,evidence\n"
                             "a,b,paid,2,ledger\n"
                             "b,c,paid,x,memo\n";
    static const char r2[] = "Source,Target,Type,weight,quote\n"
                             "c,d,Undirected,3,\"we met\"\n"
                             "d,a,Directed,y,none\n";
    kg_buf diags;
    kg_graph *g = graph_with_diags(&diags);
    CHECK_INT(kg_load_buffer(g, "one.csv", r1, sizeof r1 - 1), KG_OK);
    size_t r;
    CHECK_INT(kg_add_relation(g, "a", "c", "knows", &r), KG_OK);
    CHECK_INT(kg_set_relation_attr(g, r, "weight", "z"), KG_OK);
    CHECK_INT(kg_load_buffer(g, "two.csv", r2, sizeof r2 - 1), KG_OK);
    CHECK_INT(kg_resolve(g), KG_OK);
    char *text = dot_without_legend(g);
    CHECK(strstr(text, "a -> b [type=paid, label=\"paid\", weight=\"2\", "
                       "evidence=ledger") != NULL);
    /* weights 2 and 3: line widths 1 and 4 */
    CHECK(strstr(text, "c -> d [weight=\"3\", quote=\"we met\", "
                       "penwidth=\"4\", dir=none") != NULL);
    CHECK(strstr(text, "d -> a [data_weight=y, quote=none") != NULL);
    CHECK(strstr(text, "a -> c [type=knows") != NULL);
    free(text);
    CHECK_INT(kg_merge_edges(g), KG_OK); /* warns where each weight is */
    CHECK(strstr(diags.data, "one.csv:3: weight 'x' is not a number") != NULL);
    CHECK(strstr(diags.data, "<api>:0: weight 'z' is not a number") != NULL);
    CHECK(strstr(diags.data, "two.csv:3: weight 'y' is not a number") != NULL);
    kg_graph_free(g);
    kg_buf_free(&diags);
}

/* kg_lines_get walks back 8 line bytes at a time: every item's line
 * as set, whatever the steps (small, none, far, backwards), for a
 * relation's bytes (all difference) and an entity's (flags above). */
TEST(lines_are_got_as_set)
{
    static const unsigned fars[] = {255, 63};
    for (size_t f = 0; f < 2; f++) {
        kg_lines l = {0};
        enum { N = 5000 };
        uint32_t *line = malloc(N * sizeof *line), at = 1, seed = 7;
        CHECK(line != NULL);
        for (uint32_t i = 0; i < N && line; i++) {
            seed = seed * 1103515245u + 12345u;
            unsigned r = seed >> 16 & 1023;
            at = r < 900    ? at + r % 5              /* near: one byte */
                 : r < 990  ? at + (r & 1 ? 70 : 300) /* far for 63, 255 */
                 : r < 1000 ? at - (at > 10 ? 10 : 0) /* back */
                            : at + 100000;
            line[i] = at;
            CHECK_INT(kg_lines_set(&l, i, at, fars[f]), 0);
            if (fars[f] == 63 && i % 3 == 0)
                l.d[i] |= 0xC0; /* an entity's flags */
        }
        for (uint32_t i = 0; i < N && line; i++)
            if (kg_lines_get(&l, i, fars[f]) != line[i]) {
                CHECK_INT(kg_lines_get(&l, i, fars[f]), line[i]);
                break;
            }
        free(line);
        kg_lines_free(&l);
    }
}

/* How many values relation r has for key (interned). */
static size_t values_of(const kg_graph *g, size_t r, const char *key)
{
    size_t n = 0;
    kg_attr_it it;
    for (kg_attr_begin(g, kg_rel_attrs(g, kg_rel(g, (uint32_t)r)), &it);
         kg_attr_step(&it);)
        n += it.key == key;
    return n;
}

/* A long list of values is indexed (its items' hashes kept, not made
 * again when the index grows): each value is kept once however many
 * rows give it, and a value replaced (a merged edge's weight) is found
 * by its new value, not its old. */
TEST(long_lists_keep_each_value_once)
{
    kg_graph *g = kg_graph_new();
    size_t r;
    CHECK_INT(kg_add_relation(g, "a", "b", NULL, &r), KG_OK);
    const char *k = kg_intern(g, "k", 1), *w = kg_intern(g, "w", 1);
    kg_loc at = {KG_NONE, 0};
    CHECK_INT(kg_graph_relation_attr(g, (uint32_t)r, w, "old", 3, at), 0);
    for (int round = 0; round < 2; round++)
        for (int i = 0; i < 5000; i++) {
            char v[16];
            int len = snprintf(v, sizeof v, "v%d", i);
            CHECK_INT(
                kg_graph_relation_attr(g, (uint32_t)r, k, v, (size_t)len, at),
                0);
        }
    CHECK_INT(values_of(g, r, k), 5000);
    CHECK_INT(kg_graph_relation_set(g, (uint32_t)r, "w", "new"), 0);
    CHECK_INT(kg_graph_relation_attr(g, (uint32_t)r, w, "new", 3, at), 0);
    CHECK_INT(values_of(g, r, w), 1); /* "new" was there */
    CHECK_INT(kg_graph_relation_attr(g, (uint32_t)r, w, "old", 3, at), 0);
    CHECK_INT(values_of(g, r, w), 2); /* "old" was not */
    kg_graph_free(g);
}

/* How many lines of text name `what`. */
static size_t lines_naming(const char *text, const char *what)
{
    size_t n = 0;
    for (const char *s = text; s && (s = strstr(s, what)); s += strlen(what))
        n++;
    return n;
}

/* kg_set_entity_attr and kg_set_relation_attr remember the keys set
 * lately with their checks: a key is checked for what it is set on (a
 * node's shape, an edge's data), also past the keys remembered, and
 * `image` again once there is a pictures' folder. */
TEST(api_keys_remembered_are_checked_as_new)
{
    kg_buf diags;
    kg_graph *g = graph_with_diags(&diags);
    size_t r;
    CHECK_INT(kg_add_entity(g, "a", NULL, NULL), KG_OK);
    CHECK_INT(kg_add_relation(g, "a", "b", "knows", &r), KG_OK);
    CHECK_INT(kg_set_relation_attr(g, r, "shape", "blob1"), KG_OK); /* data */
    CHECK_INT(kg_set_entity_attr(g, "a", "shape", "blob2"), KG_OK);
    CHECK_INT(kg_set_relation_attr(g, r, "shape", "blob3"), KG_OK);
    CHECK_INT(kg_set_entity_attr(g, "a", "shape", "blob4"), KG_OK);
    static const char *const keys[] = {"k1", "k2", "k3", "k4", "k5",
                                       "k6", "k7", "k8", "k9"};
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
        CHECK_INT(kg_set_entity_attr(g, "a", keys[i], "v"), KG_OK);
    CHECK_INT(kg_set_entity_attr(g, "a", "shape", "blob5"), KG_OK);
    CHECK_INT(kg_set_entity_attr(g, "a", "bad\xff", "v"), KG_ERR_USAGE);
    CHECK_INT(kg_set_entity_attr(g, "a", "bad\xff", "v"), KG_ERR_USAGE);
    CHECK_INT(kg_set_entity_attr(g, "a", "image", "none-such1.png"), KG_OK);
    CHECK_INT(kg_graph_set_images(g, "."), KG_OK);
    CHECK_INT(kg_set_entity_attr(g, "a", "image", "none-such2.png"), KG_OK);
    CHECK_INT(lines_naming(diags.data, "blob1"), 0);
    CHECK_INT(lines_naming(diags.data, "blob2"), 1);
    CHECK_INT(lines_naming(diags.data, "blob3"), 0);
    CHECK_INT(lines_naming(diags.data, "blob4"), 1);
    CHECK_INT(lines_naming(diags.data, "blob5"), 1);
    CHECK_INT(lines_naming(diags.data, "none-such1"), 0);
    CHECK_INT(lines_naming(diags.data, "none-such2"), 1);
    kg_graph_free(g);
    kg_buf_free(&diags);
}

/* Whether a type column is Gephi's direction is decided per column, not
 * per cell: only a column named `type` whose every value is Directed or
 * Undirected gives direction.  Neo4j's movies keep their DIRECTED
 * relations, whether among other types in a `:TYPE` column, alone in
 * one, or before the first other value of a `type` column (the rows
 * stream: the words kept aside become types again, in order). */
TEST(direction_words_are_types_unless_the_whole_column_is_gephis)
{
    static const char movies[] = ":START_ID,:END_ID,:TYPE,roles\n"
                                 "keanu,matrix,ACTED_IN,Neo\n"
                                 "lana,matrix,DIRECTED,\n"
                                 "joel,matrix,PRODUCED,\n";
    static const char alone[] = ":START_ID,:END_ID,:TYPE\n"
                                "lilly,matrix,DIRECTED\n";
    static const char later[] = "source,target,type\n"
                                "lana,speed,DIRECTED\n"
                                "jan,speed,Directed\n"
                                "ann,speed,undirected\n"
                                "keanu,speed,ACTED_IN\n"
                                "sandra,speed,Undirected\n";
    static const char named[] = "source,target,relation\n"
                                "lana,v,directed\n"
                                "lilly,v,Undirected\n";
    static const char gephi[] = "Source,Target,Type,Id\n"
                                "n1,n2,Directed,0\n"
                                "n2,n3,UNDIRECTED,1\n"
                                "n3,n1,,2\n";
    kg_graph *g = kg_graph_new();
    CHECK_INT(kg_load_buffer(g, "movies.csv", movies, sizeof movies - 1),
              KG_OK);
    CHECK_INT(kg_load_buffer(g, "alone.csv", alone, sizeof alone - 1), KG_OK);
    CHECK_INT(kg_load_buffer(g, "later.csv", later, sizeof later - 1), KG_OK);
    CHECK_INT(kg_load_buffer(g, "named.csv", named, sizeof named - 1), KG_OK);
    CHECK_INT(kg_load_buffer(g, "gephi.csv", gephi, sizeof gephi - 1), KG_OK);
    CHECK_INT(kg_resolve(g), KG_OK);
    char *text = dot_without_legend(g);
    static const char *const want[] = {
        "lana -> matrix [type=DIRECTED, label=\"DIRECTED\", id=",
        "lilly -> matrix [type=DIRECTED, label=\"DIRECTED\", id=",
        "lana -> speed [type=DIRECTED, label=\"DIRECTED\", id=",
        "jan -> speed [type=Directed, label=\"Directed\", id=",
        "ann -> speed [type=undirected, label=\"undirected\", id=",
        "keanu -> speed [type=ACTED_IN, label=\"ACTED IN\", id=",
        "sandra -> speed [type=Undirected, label=\"Undirected\", id=",
        "lana -> v [type=directed, label=\"directed\", id=",
        "lilly -> v [type=Undirected, label=\"Undirected\", id=",
        "n1 -> n2 [Id=\"0\", id=",
        "n2 -> n3 [Id=\"1\", dir=none, id=",
        "n3 -> n1 [Id=\"2\", id=",
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++)
        if (!strstr(text, want[i]))
            CHECK_STR("(missing)", want[i]);
    free(text);
    kg_filter f = kg_filter_defaults();
    f.relations = "DIRECTED";
    CHECK_INT(kg_apply_filter(g, &f), KG_OK);
    const char *step;
    unsigned long nodes = 0, edges = 0;
    CHECK(kg_filter_step(g, 0, &step, &nodes, &edges));
    CHECK_INT(edges, 14 - 5); /* DIRECTED in any case: five are kept */
    kg_graph_free(g);
}

/* A Gephi table of many rows all Directed or Undirected but the last:
 * the column was data all along, so every row keeps its word as its
 * type, and no relation lost its direction. */
TEST(a_late_other_value_makes_a_long_column_data)
{
    kg_buf csv;
    kg_buf_init(&csv);
    kg_buf_puts(&csv, "Source,Target,Type\n");
    char row[64];
    enum { N = 30000 };
    for (int i = 0; i < N; i++) {
        snprintf(row, sizeof row, "a%d,b%d,%s\n", i, i,
                 i % 3   ? "Directed"
                 : i % 2 ? ""
                         : "Undirected");
        kg_buf_puts(&csv, row);
    }
    kg_buf_puts(&csv, "a,b,cites\n");
    kg_graph *g = kg_graph_new();
    CHECK_INT(kg_load_buffer(g, "t.csv", csv.data, csv.len), KG_OK);
    CHECK_INT(kg_resolve(g), KG_OK);
    char *text = dot_without_legend(g);
    int typed = 0, none = 0;
    for (const char *p = text; (p = strstr(p, "[type=")); p++)
        typed++;
    for (const char *p = text; (p = strstr(p, "dir=none")); p++)
        none++;
    CHECK_INT(typed, N - N / 6 + 1); /* all but the empty cells, and a,b */
    CHECK_INT(none, 0);
    free(text);
    kg_graph_free(g);
    kg_buf_free(&csv);
}

/* Where a type came from is kept aside only when it is not the entity's
 * first row: a conflict names the row that gave the type kept. */
TEST(type_conflicts_name_the_row_that_gave_the_type)
{
    static const char csv[] = "id,name,type\n"
                              "a,Alpha,\n"
                              "b,Beta,person\n"
                              "a,,person\n"
                              "a,,agency\n"
                              "b,,agency\n";
    kg_buf diags;
    kg_graph *g = graph_with_diags(&diags);
    CHECK_INT(kg_load_buffer(g, "e.csv", csv, sizeof csv - 1), KG_OK);
    CHECK(diags.data != NULL);
    CHECK(strstr(diags.data, "e.csv:5: conflicting type for 'a': 'agency' "
                             "here, 'person' at e.csv:4") != NULL);
    CHECK(strstr(diags.data, "e.csv:6: conflicting type for 'b': 'agency' "
                             "here, 'person' at e.csv:3") != NULL);
    kg_graph_free(g);
    kg_buf_free(&diags);
}

/* Labels, end types and values added later live in a side table found
 * by hashing the relation: hundreds of them (the table grows several
 * times), merged by --merge-edges, each keep their own. */
TEST(many_relations_keep_their_labels_and_added_values)
{
    kg_buf csv;
    kg_buf_init(&csv);
    kg_buf_puts(&csv, "source,target,relation,label,weight\n");
    char row[128];
    for (int i = 0; i < 400; i++) {
        snprintf(row, sizeof row, "a%d,b%d,met,Label %d,%d\na%d,b%d,met,,2\n",
                 i, i, i, i % 7, i, i);
        kg_buf_puts(&csv, row);
    }
    kg_graph *g = kg_graph_new();
    CHECK_INT(kg_load_buffer(g, "r.csv", csv.data, csv.len), KG_OK);
    CHECK_INT(kg_resolve(g), KG_OK);
    CHECK_INT(kg_merge_edges(g), KG_OK);
    char *text = dot_without_legend(g);
    int right = 0;
    for (int i = 0; i < 400; i++) {
        snprintf(row, sizeof row,
                 "a%d -> b%d [type=met, label=\"Label %d\", weight=\"%d\", "
                 "count=\"2\"",
                 i, i, i, i % 7 + 2);
        right += strstr(text, row) != NULL;
    }
    CHECK_INT(right, 400);
    free(text);
    kg_graph_free(g);
    kg_buf_free(&csv);
}

/* An entity keeps its line, and its file through a table of runs of
 * entities: a warning names each one's first row, across files, the API
 * and nodes made for relation ends. */
TEST(entities_keep_their_first_row_across_files)
{
    static const char e1[] = "id,name,aliases\n"
                             "p1,Pat One,Shared\n";
    static const char e2[] = "id,name,aliases\n"
                             "q0,Quinn,\n"
                             "q1,Quinn Two,Shared\n";
    static const char r[] = "source,target\n"
                            "p1,nobody\n";
    kg_buf diags;
    kg_graph *g = graph_with_diags(&diags);
    CHECK_INT(kg_load_buffer(g, "one.csv", e1, sizeof e1 - 1), KG_OK);
    CHECK_INT(kg_add_entity(g, "api1", "From Code", "person"), KG_OK);
    CHECK_INT(kg_load_buffer(g, "two.csv", e2, sizeof e2 - 1), KG_OK);
    CHECK_INT(kg_load_buffer(g, "rel.csv", r, sizeof r - 1), KG_OK);
    CHECK_INT(kg_resolve(g), KG_OK);
    CHECK(diags.data != NULL);
    CHECK(strstr(diags.data, "two.csv:3: the alias 'Shared' is claimed by "
                             "'p1' (one.csv:2) and 'q1' (two.csv:3)") != NULL);
    CHECK(strstr(diags.data, "rel.csv:2: 'nobody' names no entity") != NULL);
    kg_stats st = kg_graph_stats(g);
    CHECK_INT(st.unknown, 1);
    kg_graph_free(g);
    kg_buf_free(&diags);
}

/* --focus finds its neighbourhood by scanning the edges once per level
 * up to depth 4, by an adjacency beyond: both must keep exactly the nodes
 * a plain breadth-first search reaches, in every direction, through
 * directed and undirected edges. */
TEST(focus_keeps_the_nodes_within_depth)
{
    enum { N = 120, E = 260 };
    static int from[E], to[E], both[E];
    kg_buf csv;
    kg_buf_init(&csv);
    kg_buf_puts(&csv, "Source,Target,Type\n");
    unsigned x = 99;
    char row[64];
    for (int i = 0; i < E; i++) {
        x = x * 1103515245u + 12345u;
        from[i] = (int)(x >> 8) % N;
        to[i] = (int)(x >> 18) % N;
        both[i] = (x >> 28) % 3 == 0;
        snprintf(row, sizeof row, "n%d,n%d,%s\n", from[i], to[i],
                 both[i] ? "Undirected" : "Directed");
        kg_buf_puts(&csv, row);
    }
    kg_direction dirs[] = {KG_OUT, KG_IN, KG_BOTH};
    const char *focus[] = {"n3", "n77"};
    int wrong = 0, cases = 0;
    for (unsigned depth = 1; depth <= 6; depth++) {
        for (int k = 0; k < 3; k++) {
            int dist[N];
            for (int v = 0; v < N; v++)
                dist[v] = -1;
            dist[3] = dist[77] = 0;
            for (int level = 0; level < (int)depth; level++)
                for (int i = 0; i < E; i++) {
                    int a = from[i], b = to[i];
                    if (dist[a] == level && dist[b] < 0 &&
                        (dirs[k] != KG_IN || both[i]))
                        dist[b] = level + 1;
                    if (dist[b] == level && dist[a] < 0 &&
                        (dirs[k] != KG_OUT || both[i]))
                        dist[a] = level + 1;
                }
            kg_graph *g = kg_graph_new();
            kg_load_buffer(g, "r.csv", csv.data, csv.len);
            kg_resolve(g);
            kg_filter f = kg_filter_defaults();
            f.focus = focus;
            f.nfocus = 2;
            f.depth = depth;
            f.direction = dirs[k];
            CHECK_INT(kg_apply_filter(g, &f), KG_OK);
            char *text = dot_without_legend(g);
            for (int v = 0; v < N; v++) {
                snprintf(row, sizeof row, "\n  n%d [", v);
                wrong += (strstr(text, row) != NULL) != (dist[v] >= 0);
            }
            cases++;
            free(text);
            kg_graph_free(g);
        }
    }
    CHECK_INT(cases, 18);
    CHECK_INT(wrong, 0);
    kg_buf_free(&csv);
}

TEST(api_merge_edges_sums_weight_and_counts_rows)
{
    kg_graph *g = kg_graph_new();
    size_t r;
    kg_add_relation(g, "a", "b", "calls", &r);
    kg_set_relation_attr(g, r, "weight", "2");
    kg_set_relation_attr(g, r, "evidence", "one");
    kg_add_relation(g, "a", "b", "calls", &r);
    kg_set_relation_attr(g, r, "evidence", "two");
    kg_add_relation(g, "a", "b", "emails", &r);
    CHECK_INT(kg_merge_edges(g), KG_ERR_USAGE); /* before kg_resolve */
    CHECK_INT(kg_resolve(g), KG_OK);
    CHECK_INT(kg_merge_edges(g), KG_OK);
    kg_stats s = kg_graph_stats(g);
    CHECK_INT(s.relations, 2);
    CHECK_INT(s.folded, 1);
    char *text = dot_without_legend(g);
    const char *edge = strstr(text, "a -> b [type=calls");
    CHECK(edge != NULL);
    CHECK(edge && strstr(edge, "weight=\"3\", evidence=\"one; two\", "
                               "count=\"2\"") != NULL);
    free(text);
    kg_graph_free(g);
}

/* A tooltip lists 100 values of a column and counts the rest; the data
 * attribute keeps them all. */
TEST(tooltips_list_a_hundred_values_and_count_the_rest)
{
    for (int rows = 100; rows <= 150; rows += 50) {
        kg_graph *g = kg_graph_new();
        for (int i = 0; i < rows; i++) {
            size_t r;
            char v[32];
            kg_add_relation(g, "a", "b", "calls", &r);
            snprintf(v, sizeof v, "e%d", i);
            kg_set_relation_attr(g, r, "evidence", v);
            snprintf(v, sizeof v, "2020-01-%02d", 1 + i % 28);
            kg_set_relation_attr(g, r, "date", v);
        }
        CHECK_INT(kg_resolve(g), KG_OK);
        CHECK_INT(kg_merge_edges(g), KG_OK);
        char *text = dot_without_legend(g);
        const char *tip = strstr(text, "tooltip=\"");
        const char *end = tip ? strchr(tip + 9, '"') : NULL;
        CHECK(tip && end);
        if (tip && end) {
            char *t = strndup(tip, (size_t)(end - tip));
            CHECK(t && strstr(t, "e0; e1; ") != NULL);
            CHECK(t && strstr(t, "; e99") != NULL);
            CHECK(t && (strstr(t, "e100") != NULL) == 0);
            CHECK(t && (strstr(t, "; and 50 more") != NULL) == (rows == 150));
            CHECK(t && (strstr(t, "more") != NULL) == (rows == 150));
            free(t);
        }
        char last[40];
        snprintf(last, sizeof last, "; e%d\", ", rows - 1);
        CHECK(strstr(text, last) != NULL); /* evidence=, every value */
        free(text);
        kg_graph_free(g);
    }
}

/* A merged edge's weight and count are written as "%.15g" writes them,
 * whole numbers included (they take a shorter path than printf). */
TEST(merged_weights_are_written_as_printf_g15_writes_them)
{
    static const char *given[] = {"0",
                                  "1",
                                  "-1",
                                  "7",
                                  "10",
                                  "99",
                                  "100",
                                  "123456",
                                  "-987654321",
                                  "4294967296",
                                  "999999999999999",
                                  "-999999999999999",
                                  "1000000000000000",
                                  "-1000000000000000",
                                  "1e15",
                                  "1e16",
                                  "1e300",
                                  "0.5",
                                  "-0.5",
                                  "2.25",
                                  "0.1",
                                  "123456789012345.6",
                                  "1e-7",
                                  "18446744073709551616",
                                  "9007199254740993",
                                  "-0"};
    size_t n = sizeof given / sizeof *given;
    kg_graph *g = kg_graph_new();
    kg_graph_set_diag(g, NULL, NULL);
    for (size_t i = 0; i < n; i++) {
        char a[16], b[16];
        size_t r;
        snprintf(a, sizeof a, "a%zu", i);
        snprintf(b, sizeof b, "b%zu", i);
        CHECK_INT(kg_add_relation(g, a, b, "calls", &r), KG_OK);
        CHECK_INT(kg_set_relation_attr(g, r, "weight", given[i]), KG_OK);
    }
    CHECK_INT(kg_resolve(g), KG_OK);
    CHECK_INT(kg_merge_edges(g), KG_OK);
    kg_cursor c = {0};
    kg_relation_info ri;
    size_t seen = 0, wrong = 0;
    while (kg_next_relation(g, &c, &ri)) {
        size_t i = strtoul(ri.source + 1, NULL, 10);
        char want[64];
        snprintf(want, sizeof want, "%.15g", 0.0 + strtod(given[i], NULL));
        const char *key, *value, *weight = NULL, *count = NULL;
        kg_cursor a = {0};
        while (kg_next_relation_attr(g, ri.index, &a, &key, &value)) {
            if (strcmp(key, "weight") == 0)
                weight = value; /* the last: the sum */
            if (strcmp(key, "count") == 0)
                count = value;
        }
        seen++;
        if (!weight || strcmp(weight, want) != 0 || !count ||
            strcmp(count, "1") != 0) {
            wrong++;
            fprintf(stderr, "  weight %s: got %s, want %s\n", given[i],
                    weight ? weight : "(none)", want);
        }
    }
    CHECK_INT(seen, n);
    CHECK_INT(wrong, 0);
    kg_graph_free(g);
}

/* kg_prov_of looks only at the words that start with a key's letter:
 * the same roles as comparing with every word, on every word in mixed
 * case, every word with a byte more or less, and keys of other letters. */
TEST(prov_of_finds_each_role_as_every_word_would)
{
    size_t asked = 0, wrong = 0;
    char key[32];
    for (int r = 0; r < KG_PROV_COUNT; r++)
        for (const char *const *w = kg_prov_keys[r]; *w; w++)
            for (int variant = 0; variant < 6; variant++) {
                size_t n = strlen(*w);
                memcpy(key, *w, n + 1);
                for (size_t i = 0; i < n; i++)
                    if ((variant >> (i % 3)) & 1 && key[i] >= 'a' &&
                        key[i] <= 'z')
                        key[i] = (char)(key[i] - 32);
                if (variant == 4)
                    key[n - 1] = '\0'; /* a byte less */
                if (variant == 5)
                    memcpy(key + n, "s", 2); /* a byte more */
                kg_prov want = KG_PROV_NONE;
                for (int q = 0; q < KG_PROV_COUNT; q++)
                    for (const char *const *k = kg_prov_keys[q]; *k; k++)
                        if (kg_ascii_casecmp(key, *k) == 0)
                            want = (kg_prov)q;
                asked++;
                wrong += kg_prov_of(key) != want;
            }
    static const char *const others[] = {
        "", "weight", "type", "@date", "Bdate", "\xc3\x89vidence", "e"};
    for (size_t i = 0; i < sizeof others / sizeof *others; i++, asked++)
        wrong += kg_prov_of(others[i]) != KG_PROV_NONE;
    wrong += kg_prov_of(NULL) != KG_PROV_NONE;
    CHECK(asked > 80);
    CHECK_INT(wrong, 0);
}

/* The old way, one pass over l for one column: the oracle of
 * kg_export_values. */
static void joined_the_old_way(const kg_graph *g, kg_list l, const char *key,
                               kg_buf *out)
{
    kg_buf_clear(out);
    kg_attr_it it;
    for (kg_attr_begin(g, l, &it); kg_attr_step(&it);)
        if (it.key == key) {
            if (out->len)
                kg_buf_puts(out, "; ");
            kg_buf_puts(out, it.value);
        }
    kg_buf_putc(out, '\0');
}

/* An element's columns in one pass (kg_export_values) are what joining
 * each column's values one pass a column gives: rows of one entity met
 * again in any order, empty cells, keys added from code. */
TEST(export_values_in_one_pass_are_each_column_joined)
{
    kg_buf csv;
    kg_buf_init(&csv);
    kg_buf_puts(&csv, "id,name,type,note,role,date,weight\n");
    uint32_t seed = 11;
    static const char *const words[] = {"", "a", "b c", "", "d;e", "7"};
    for (int row = 0; row < 400; row++) {
        seed = seed * 1103515245u + 12345u;
        char line[128];
        snprintf(line, sizeof line, "x%u,,person,%s,%s,%s,%s\n",
                 (seed >> 16) % 60, words[(seed >> 8) % 6],
                 words[(seed >> 11) % 6], words[(seed >> 14) % 6],
                 words[(seed >> 20) % 6]);
        kg_buf_puts(&csv, line);
    }
    kg_graph *g = kg_graph_new();
    kg_graph_set_diag(g, NULL, NULL);
    CHECK_INT(kg_load_buffer(g, "e.csv", csv.data, csv.len), KG_OK);
    CHECK_INT(kg_set_entity_attr(g, "x1", "extra", "one"), KG_OK);
    CHECK_INT(kg_set_entity_attr(g, "x2", "note", "from code"), KG_OK);
    CHECK_INT(kg_resolve(g), KG_OK);
    kg_exporter x;
    CHECK_INT(kg_exporter_init(&x, g, NULL, NULL), 0);
    kg_buf want;
    kg_buf_init(&want);
    size_t columns = 0, wrong = 0, repeated = 0;
    for (uint32_t e = 0; e < kg_nents(g); e++) {
        kg_list l = kg_ent_attrs(g, kg_ent(g, e));
        const char *const *v = kg_export_values(&x, &x.nodes, l);
        CHECK(v != NULL);
        for (size_t i = 0; v && i < x.nodes.n; i++, columns++) {
            joined_the_old_way(g, l, x.nodes.v[i].key, &want);
            repeated += strstr(want.data, "; ") != NULL;
            if (strcmp(v[i], want.data) != 0 && wrong++ < 3)
                fprintf(stderr, "  x%u %s: got '%s', want '%s'\n", e,
                        x.nodes.v[i].key, v[i], want.data);
        }
    }
    CHECK(columns > 250); /* 59 entities, 5 columns */
    CHECK(repeated > 20); /* the joining path was taken */
    CHECK_INT(wrong, 0);
    kg_buf_free(&want);
    kg_buf_free(&csv);
    kg_exporter_free(&x);
    kg_graph_free(g);
}

/* Rows from a file keep their values as cells (graph.h); merging edges
 * has to turn them into items it can replace. */
TEST(merge_edges_replaces_values_kept_as_cells)
{
    static const char csv[] = "source,target,type,weight,evidence,date\n"
                              "a,b,calls,2,one,\n"
                              "a,b,calls,,two,2020\n"
                              "a,b,calls,1.5,one,2021\n";
    kg_graph *g = kg_graph_new();
    kg_graph_set_diag(g, NULL, NULL);
    CHECK_INT(kg_load_buffer(g, "r.csv", csv, sizeof csv - 1), KG_OK);
    CHECK_INT(kg_resolve(g), KG_OK);
    CHECK_INT(kg_merge_edges(g), KG_OK);
    char *text = dot_without_legend(g);
    const char *edge = strstr(text, "a -> b [type=calls");
    CHECK(edge != NULL);
    CHECK(edge && strstr(edge, "weight=\"4.5\", evidence=\"one; two\", "
                               "date=\"2020; 2021\", count=\"3\"") != NULL);
    CHECK(edge && !strstr(edge + 1, "a -> b"));
    free(text);
    kg_graph_free(g);
}

/* Edge ids number the edges between two ends in row order: checked
 * against a plain count on a graph where most pairs repeat. */
/* Nodes and edges are written in chunks on two threads: the text must be
 * the one a single thread writes, parallel edge numbers, looks, merged
 * and hidden nodes and the legend's confidence counts included. */
TEST(writing_on_two_threads_gives_the_same_dot)
{
    static const char *types[] = {"person", "agency", "country", "operation",
                                  "court"};
    static const char *rels[] = {"member_of", "paid", "met", "", "visited"};
    static const char *conf[] = {"high", "low", "", "medium", "0.2"};
    kg_buf csv;
    kg_buf_init(&csv);
    kg_buf_puts(&csv, "id,name,type,description\n");
    char row[160];
    for (int i = 0; i < 600; i++) { /* every 50th shares a name: merged */
        snprintf(row, sizeof row, "p%d,Name %d,%s,\"said \"\"hi\"\", %d\"\n", i,
                 i % 50 ? i : 0, types[i % 5], i);
        kg_buf_puts(&csv, row);
    }
    kg_graph *g = kg_graph_new();
    CHECK_INT(kg_load_buffer(g, "e.csv", csv.data, csv.len), KG_OK);
    kg_buf_clear(&csv);
    /* weights: line widths on the range kg_writer_scan finds, which runs
     * beside the edges' numbering (write_dot.c's prelude) */
    kg_buf_puts(&csv, "source,target,relation,confidence,evidence,weight\n");
    unsigned x = 777;
    for (int i = 0; i < 5000; i++) {
        x = x * 1103515245u + 12345u;
        int a = (int)(x >> 8) % 90, b = (int)(x >> 18) % 90; /* many pairs */
        snprintf(row, sizeof row, "p%d,p%d,%s,%s,row %d,%d\n", a, b,
                 rels[(x >> 4) % 5], conf[(x >> 12) % 5], i, i % 9);
        kg_buf_puts(&csv, row);
    }
    kg_buf_puts(&csv, "p1,stranger,met,,,\n"); /* a node made for an end */
    CHECK_INT(kg_load_buffer(g, "r.csv", csv.data, csv.len), KG_OK);
    CHECK_INT(kg_resolve(g), KG_OK);
    kg_graph_tune(g, 0, (size_t)-1); /* one thread */
    char *one = dot_text(g, 1);
    kg_graph_tune(g, 0, 7); /* hundreds of chunks, both threads */
    char *two = dot_text(g, 1);
    CHECK(strlen(one) > 500000);
    CHECK(strstr(one, "-2\"") != NULL);           /* parallel edges numbered */
    CHECK(strstr(one, "penwidth=\"4\"") != NULL); /* the weights' range */
    CHECK_INT(strlen(two), strlen(one));
    CHECK(strcmp(one, two) == 0);
    free(one);
    free(two);
    kg_graph_free(g);
    kg_buf_free(&csv);
}

/* Every diagnostic's message, one a line, into a kg_buf. */
static void keep_all(const kg_diag *d, void *ctx)
{
    kg_buf_puts(ctx, d->message);
    kg_buf_putc(ctx, '\n');
}

/* A graph of 600 entities and 5,000 relations, resolved, the persons
 * (the first entity among them, and the first relation's end) hidden. */
static kg_graph *report_graph(void)
{
    static const char *types[] = {"person", "agency", "country", "operation",
                                  "court"};
    static const char *rels[] = {"member_of", "paid", "met", "", "visited"};
    static const char *cites[] = {"https://example.org/a?b=1&c=2", "", "a book",
                                  "http://x.test/<i>"};
    kg_buf csv;
    kg_buf_init(&csv);
    kg_buf_puts(&csv, "id,name,type,aliases,description\n");
    char row[200];
    for (int i = 0; i < 600; i++) {
        snprintf(row, sizeof row,
                 "p%d,Name %d \xe2\x80\xa8</script>,%s,A%d;B%d,\"said "
                 "\"\"hi\"\", %d\"\n",
                 i, i % 50 ? i : 0, types[i % 5], i, i, i);
        kg_buf_puts(&csv, row);
    }
    kg_graph *g = kg_graph_new();
    CHECK_INT(kg_load_buffer(g, "e.csv", csv.data, csv.len), KG_OK);
    kg_buf_clear(&csv);
    kg_buf_puts(&csv, "source,target,relation,date,evidence,citation,weight\n"
                      "p0,p1,met,2020-01-02,first,,1\n");
    unsigned x = 4242;
    for (int i = 0; i < 5000; i++) {
        x = x * 1103515245u + 12345u;
        int a = (int)(x >> 8) % 600, b = (int)(x >> 18) % 600;
        snprintf(row, sizeof row, "p%d,p%d,%s,20%02d,row %d,%s,%d\n", a, b,
                 rels[(x >> 4) % 5], (int)(x >> 12) % 30, i,
                 cites[(x >> 14) % 4], (int)(x >> 3) % 900);
        kg_buf_puts(&csv, row);
    }
    CHECK_INT(kg_load_buffer(g, "r.csv", csv.data, csv.len), KG_OK);
    CHECK_INT(kg_resolve(g), KG_OK);
    kg_filter f = kg_filter_defaults();
    f.exclude_types = "person";
    CHECK_INT(kg_apply_filter(g, &f), KG_OK);
    kg_buf_free(&csv);
    return g;
}

/* g's report, its figure a graph of one entity (drawn quickly). */
static char *report_text(const kg_graph *g, const kg_analyses *ahead)
{
    kg_graph *small = kg_graph_new();
    CHECK_INT(kg_add_entity(small, "a", "A", "person"), KG_OK);
    CHECK_INT(kg_resolve(small), KG_OK);
    kg_report_options o = kg_report_defaults();
    o.date = 0;
    o.figure_graph = small;
    o.ahead = ahead;
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    CHECK(f != NULL);
    if (f) {
        CHECK_INT(kg_write_report(g, f, &o), KG_OK);
        fclose(f);
    }
    kg_graph_free(small);
    return text ? text : calloc(1, 1);
}

/* The report lists each input's size and SHA-256.  With
 * kg_graph_set_file_hashes they are taken from the bytes read, as they
 * are read: a file rewritten after it was read keeps the digest that
 * sha256sum gave for what the graph was built from.  Without it the
 * report reads the file again, as it always did. */
TEST(a_reports_input_hashes_are_of_the_bytes_read)
{
    static const char csv[] = "id,name,type\na,Ann,person\nb,Bob,person\n";
    /* `printf ... | sha256sum` of csv: 39 bytes */
    static const char *read = "<td class=\"num\">39</td><td class=\"hash\">"
                              "f49df55aefe56472f95623418ec0606b0d55dd8080de0c"
                              "9146da9160518ab4d9</td>";
    static const char *later = "<td class=\"num\">25</td>";
    for (int kept = 1; kept >= 0; kept--) {
        char path[] = "/tmp/kgraph-hash-XXXXXX";
        int fd = mkstemp(path);
        CHECK(fd >= 0);
        CHECK(write(fd, csv, sizeof csv - 1) == (ssize_t)(sizeof csv - 1));
        close(fd);
        kg_graph *g = kg_graph_new();
        CHECK_INT(kg_graph_set_file_hashes(g, kept), KG_OK);
        CHECK_INT(kg_load_path(g, path), KG_OK);
        CHECK_INT(kg_resolve(g), KG_OK);
        FILE *f = fopen(path, "wb"); /* rewritten once read */
        CHECK(f != NULL);
        if (f) {
            fputs("id,name,type\nc,Cy,person\n", f);
            fclose(f);
        }
        char *page = report_text(g, NULL);
        CHECK(strstr(page, kept ? read : later) != NULL);
        CHECK(strstr(page, kept ? later : read) == NULL);
        free(page);
        kg_graph_free(g);
        unlink(path);
    }
}

/* The report's data is written in chunks on two threads, and its
 * centralities may be found while the communities and their overview are
 * made (kg_report_overview, on another thread): the page and the
 * overview must be the bytes one thread makes finding them in turn. */
TEST(a_report_is_the_same_bytes_on_one_thread_or_two)
{
    kg_graph *g = report_graph();
    kg_buf said, said_too; /* what the overview said: its lines' weights */
    kg_buf_init(&said);
    kg_buf_init(&said_too);
    kg_graph_set_diag(g, keep_all, &said);
    CHECK_INT(kg_find_communities(g, NULL), KG_OK);
    kg_graph *by_community = kg_collapse(g, "community", NULL);
    CHECK(said.data && strstr(said.data, "is outside 0 to 1000"));
    CHECK(by_community != NULL);
    char *alone = dot_text(by_community, 1);
    CHECK(strlen(alone) > 10000);
    kg_graph_free(by_community);
    kg_graph_set_threads(g, 1);
    kg_graph_tune(g, 0, (size_t)-1); /* one thread */
    char *one = report_text(g, NULL);
    kg_graph_set_threads(g, 2);
    kg_graph_tune(g, 0, 7); /* hundreds of chunks, both threads */
    char *two = report_text(g, NULL);
    CHECK(strlen(one) > 400000); /* 470 kB: rows, the fields named once */
    CHECK(strstr(one, "\"attrs\"],\"rows\":[\n[") != NULL); /* no comma */
    CHECK(strstr(one, "\"href\"],\"rows\":[\n[") != NULL);  /* first */
    CHECK(strstr(one, "\"community\"") != NULL);
    CHECK_INT(strlen(two), strlen(one));
    CHECK(strcmp(one, two) == 0);
    for (unsigned threads = 1; threads <= 2; threads++) {
        kg_graph *h = report_graph();
        kg_buf_clear(&said_too);
        kg_graph_set_diag(h, keep_all, &said_too);
        kg_graph_set_threads(h, threads);
        kg_graph_tune(h, 0, 7);
        kg_analyses *ahead = NULL;
        kg_graph *overview = NULL;
        size_t n = 0;
        CHECK_INT(kg_report_overview(h, &n, &overview, &ahead), KG_OK);
        CHECK(ahead != NULL && overview != NULL);
        CHECK(n > 1);
        CHECK(said_too.data && strcmp(said_too.data, said.data) == 0);
        char *drawn = dot_text(overview, 1);
        CHECK(strcmp(drawn, alone) == 0); /* the overview kg_collapse makes */
        free(drawn);
        kg_graph_free(overview);
        char *found = report_text(h, ahead);
        CHECK_INT(strlen(found), strlen(one));
        CHECK(strcmp(found, one) == 0);
        free(found);
        kg_analyses_free(ahead);
        kg_graph_free(h);
    }
    free(one);
    free(two);
    free(alone);
    kg_buf_free(&said);
    kg_buf_free(&said_too);
    kg_graph_free(g);
}

/* Every export's elements are written in chunks on two threads
 * (export/exporter_int.h, util/chunks.h): the text must be the one a
 * single thread writes, in every format, with clusters, lists, dates,
 * FtM's country links, and the count of characters XML cannot hold. */

/* g exported as fmt (positions left to the tool): the text, and what
 * was said into *said. */
static char *export_text(const kg_graph *g, kg_export_format fmt,
                         const char *cluster_by, kg_buf *said)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    kg_dot_options o = kg_dot_defaults();
    o.no_layout = 1;
    o.cluster_by = cluster_by;
    kg_buf_clear(said);
    kg_status st = f ? kg_write_export(g, f, fmt, &o) : KG_ERR_IO;
    if (f)
        fclose(f);
    if (st != KG_OK) {
        free(text);
        return calloc(1, 1);
    }
    return text ? text : calloc(1, 1);
}

/* A whole number of more than 15 digits (an account, a phone number) is
 * text in every export: JSON readers keep no more digits (jansson
 * refused such an integer, tests/fuzz/regressions/cyjs-minlen-past-int64),
 * and a tool would round an identifier.  Shorter numbers stay numbers. */
TEST(long_digit_strings_export_as_text)
{
    static const char rels[] = "source,target,relation,account,weight\n"
                               "a,b,paid,123456789012345678901234,3\n"
                               "b,c,paid,-1234567890123456,4\n";
    kg_graph *g = kg_graph_new();
    kg_buf said;
    kg_buf_init(&said);
    CHECK_INT(kg_load_buffer(g, "r.csv", rels, sizeof rels - 1), KG_OK);
    CHECK_INT(kg_resolve(g), KG_OK);
    char *cy = export_text(g, KG_EXPORT_CYJS, NULL, &said);
    CHECK(strstr(cy, "\"account\": \"123456789012345678901234\""));
    CHECK(strstr(cy, "\"account\": \"-1234567890123456\""));
    CHECK(strstr(cy, "\"weight\": 3"));
    char *gml = export_text(g, KG_EXPORT_GRAPHML, NULL, &said);
    CHECK(strstr(gml, "attr.name=\"account\" attr.type=\"string\""));
    free(cy);
    free(gml);
    kg_buf_free(&said);
    kg_graph_free(g);
}

TEST(exporting_on_two_threads_gives_the_same_text)
{
    static const char *types[] = {"person", "agency", "country", "company",
                                  "court"};
    static const char *rels[] = {"member_of", "located_in", "knows", "",
                                 "owns"};
    kg_buf csv, one_said, two_said;
    kg_buf_init(&csv);
    kg_buf_init(&one_said);
    kg_buf_init(&two_said);
    kg_buf_puts(&csv, "id,name,type,region,size,note\n");
    char row[200];
    for (int i = 0; i < 600; i++) { /* every 7th a control character */
        snprintf(row, sizeof row, "p%d,Name %d,%s,%s/%d,%d,\"n%s%d\"\n", i, i,
                 types[i % 5], i % 2 ? "MENA" : "EU", i % 4, i * 3,
                 i % 7 ? "" : "\x01", i);
        kg_buf_puts(&csv, row);
    }
    for (int i = 0; i < 600; i += 5) { /* a second value, and an alias */
        snprintf(row, sizeof row, "p%d,Other %d,%s,,,again %d\n", i, i,
                 types[i % 5], i);
        kg_buf_puts(&csv, row);
    }
    kg_graph *g = kg_graph_new();
    kg_graph_set_diag(g, keep_all, &one_said);
    CHECK_INT(kg_load_buffer(g, "e.csv", csv.data, csv.len), KG_OK);
    kg_buf_clear(&csv);
    kg_buf_puts(&csv, "source,target,relation,date,evidence,url\n");
    unsigned x = 4242;
    for (int i = 0; i < 5000; i++) {
        x = x * 1103515245u + 12345u;
        int a = (int)(x >> 8) % 600, b = (int)(x >> 18) % 600;
        snprintf(row, sizeof row, "p%d,p%d,%s,20%02d,said%s %d,http://s/%d\n",
                 a, b, rels[(x >> 4) % 5], i % 25, i % 11 ? "" : "\x02", i, i);
        kg_buf_puts(&csv, row);
    }
    CHECK_INT(kg_load_buffer(g, "r.csv", csv.data, csv.len), KG_OK);
    CHECK_INT(kg_resolve(g), KG_OK);
    static const kg_export_format formats[] = {KG_EXPORT_GRAPHML,
                                               KG_EXPORT_GEXF, KG_EXPORT_GEXF12,
                                               KG_EXPORT_CYJS, KG_EXPORT_FTM};
    for (size_t f = 0; f < 2 * sizeof formats / sizeof *formats; f++) {
        kg_export_format fmt = formats[f % 5];
        const char *cluster_by = f < 5 ? NULL : "region";
        kg_graph_tune(g, 0, (size_t)-1); /* one thread */
        kg_graph_set_diag(g, keep_all, &one_said);
        char *one = export_text(g, fmt, cluster_by, &one_said);
        kg_graph_tune(g, 0, 7); /* hundreds of chunks, both threads */
        kg_graph_set_diag(g, keep_all, &two_said);
        char *two = export_text(g, fmt, cluster_by, &two_said);
        CHECK(strlen(one) > 200000);
        CHECK_INT(strlen(two), strlen(one));
        CHECK(strcmp(one, two) == 0);
        CHECK_STR(two_said.data ? two_said.data : "",
                  one_said.data ? one_said.data : "");
        CHECK(fmt == KG_EXPORT_CYJS || fmt == KG_EXPORT_FTM ||
              (one_said.data && strstr(one_said.data, "U+FFFD")));
        free(one);
        free(two);
    }
    kg_graph_free(g);
    kg_buf_free(&csv);
    kg_buf_free(&one_said);
    kg_buf_free(&two_said);
}

/* The one chunked writer (util/chunks.h), on its own: items written in
 * order whatever the chunk size; a worker that cannot be made (on the
 * thread that asks first, second, or both) fails the run, and never
 * hangs it or writes out of order. */
/* A handshake that makes two chunks finish out of order, with no clock:
 * the held thread's first chunk is not finished until the other thread
 * has finished a later one, and the other finishes none until the held
 * one has claimed its first (so that is chunk 0 or 1, and a later one is
 * left for the other to take: neither waits for ever). */
typedef struct hold {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int held;      /* 1: the calling thread's first chunk, 2: the helper's */
    size_t first;  /* 1 + the held chunk's first item (0: none yet) */
    size_t others; /* 1 + the first item of the other's last chunk */
    int overtaken; /* the held chunk finished after a later one */
} hold;

typedef struct numbers {
    kg_out *out;
    int refuse; /* worker_new calls to refuse: 1 the first, 2 the second */
    int calls, formatted;
    /* for numbers_to_file: items of 100 bytes; a handshake (NULL: none),
     * for workers only (a run in one pass has no other thread); an item
     * whose chunk fails (0: none) */
    int wide, worker;
    hold *hold;
    size_t fail_item;
    pthread_t caller;
} numbers;

/* A chunk from item `from` finished by thread `here` (1 the calling one,
 * 2 the helper), under h's handshake. */
static void hold_finish(hold *h, int here, size_t from)
{
    pthread_mutex_lock(&h->mu);
    if (here == h->held && !h->first) {
        h->first = from + 1;
        pthread_cond_broadcast(&h->cv);
        while (h->others <= h->first)
            pthread_cond_wait(&h->cv, &h->mu);
        h->overtaken = 1;
    } else if (here != h->held) {
        while (!h->first)
            pthread_cond_wait(&h->cv, &h->mu);
        h->others = from + 1;
        pthread_cond_broadcast(&h->cv);
    }
    pthread_mutex_unlock(&h->mu);
}

static void *numbers_worker(void *self, kg_out *out)
{
    numbers *n = self, *w;
    int call = __atomic_add_fetch(&n->calls, 1, __ATOMIC_SEQ_CST);
    if ((n->refuse & call) || !(w = malloc(sizeof *w)))
        return NULL;
    *w = *n;
    w->out = out;
    w->formatted = 0;
    w->worker = 1;
    return w;
}

static int numbers_format(void *worker, size_t from, size_t to)
{
    numbers *w = worker;
    int here = pthread_equal(pthread_self(), w->caller) ? 1 : 2;
    for (size_t i = from; i < to; i++)
        kg_out_printf(w->out, "%0*zu\n", w->wide ? 99 : 1, i);
    w->formatted += (int)(to - from);
    if (w->hold && w->worker)
        hold_finish(w->hold, here, from);
    return w->fail_item && from <= w->fail_item && w->fail_item < to ? -1 : 0;
}

static void numbers_done(void *self, void *worker)
{
    ((numbers *)self)->formatted += ((numbers *)worker)->formatted;
    free(worker);
}

static int numbers_run(size_t n, size_t chunk, int refuse, kg_buf *text)
{
    kg_buf_clear(text);
    kg_out out;
    kg_out_init_mem(&out, text);
    numbers self = {&out, refuse, 0, 0, 0, 0, NULL, 0, pthread_self()};
    kg_chunk_job job = {
        n, chunk, &out, &self, numbers_worker, numbers_format, numbers_done};
    int rc = kg_chunks_write(&job);
    kg_out_flush(&out);
    return rc;
}

TEST(chunked_writer_keeps_order_and_fails_cleanly)
{
    kg_buf want, got;
    kg_buf_init(&want);
    kg_buf_init(&got);
    for (size_t i = 0; i < 10000; i++) {
        char line[32];
        snprintf(line, sizeof line, "%zu\n", i);
        kg_buf_puts(&want, line);
    }
    size_t chunks[] = {1, 3, 7, 64, 4999, 5000, 10000, 0};
    for (size_t k = 0; k < sizeof chunks / sizeof *chunks; k++) {
        CHECK_INT(numbers_run(10000, chunks[k], 0, &got), 0);
        CHECK_STR(got.data, want.data);
    }
    for (int refuse = 1; refuse <= 3;
         refuse++) { /* first asked, second, both */
        int rc = numbers_run(10000, 7, refuse, &got);
        CHECK_INT(rc, -1);
        /* what was written is the items in order, from the first */
        CHECK(got.len <= want.len);
        CHECK(got.len == 0 || memcmp(got.data, want.data, got.len) == 0);
    }
    kg_buf_free(&want);
    kg_buf_free(&got);
}

/* A file for the chunked writer's output (stdio's buffer before it: a
 * write() that fails unbuffered is taken by fwrite as whole): each write()
 * noted, with where it began in the text and whether the helper made it,
 * and failing from the fail_at-th on (0: never).  Only the thread whose
 * turn it is writes (under TSan, two at once would show). */
enum { SINK_LOG = 4096 };
typedef struct sink {
    kg_buf text;
    int writes, fail_at, by_helper;
    pthread_t caller;
    size_t at[SINK_LOG];
    unsigned char helper[SINK_LOG];
} sink;

static ssize_t sink_write(void *cookie, const char *s, size_t len)
{
    sink *k = cookie;
    if (++k->writes >= k->fail_at && k->fail_at) {
        errno = EIO;
        return -1;
    }
    int helper = !pthread_equal(pthread_self(), k->caller);
    k->by_helper += helper;
    if (k->writes <= SINK_LOG) {
        k->at[k->writes - 1] = k->text.len;
        k->helper[k->writes - 1] = (unsigned char)helper;
    }
    kg_buf_append(&k->text, s, len);
    return (ssize_t)len;
}

/* Whether the byte at `offset` of the text was written by the helper (1),
 * the calling thread (0), or is not known (-1).  Whoever writes out a
 * chunk makes the write() its first byte is in, stdio's buffer or not. */
static int sink_writer_at(const sink *k, size_t offset)
{
    int who = -1;
    for (int i = 0; i < k->writes && i < SINK_LOG && k->at[i] <= offset; i++)
        who = k->helper[i];
    return offset < k->text.len ? who : -1;
}

/* 20,000 wide items in chunks of 1,000 (100 kB, each an fwrite of its
 * own) to a sink; returns the engine's result, *out_err the output's. */
static int numbers_to_file(numbers self, sink *k, int *out_err)
{
    kg_buf_clear(&k->text);
    k->writes = k->by_helper = 0;
    k->caller = self.caller = pthread_self();
    if (self.hold) /* a handshake for this run */
        self.hold->first = self.hold->others = 0, self.hold->overtaken = 0;
    FILE *f = fopencookie(k, "w", (cookie_io_functions_t){.write = sink_write});
    kg_out out;
    kg_out_init(&out, f);
    self.out = &out;
    self.wide = 1;
    kg_chunk_job job = {20000,          1000,           &out,        &self,
                        numbers_worker, numbers_format, numbers_done};
    int rc = kg_chunks_write(&job);
    *out_err = kg_out_flush(&out) ? out.err : 0;
    fclose(f);
    CHECK_INT(self.formatted, rc ? self.formatted : 20000);
    return rc;
}

/* The chunked writer with chunks finished out of order (a handshake,
 * hold_finish, holds one thread's first chunk until the other has
 * finished a later one): whichever thread finishes the chunk that is next
 * in order writes it out, the helper too; the text is the items in
 * order.  A failed write(), whichever thread made it, is the output's
 * error; a chunk that fails, on either thread, fails the run; memory that
 * runs out anywhere fails the run or leaves the text whole. */
TEST(chunked_writer_writes_from_either_thread_in_order)
{
    kg_buf want;
    kg_buf_init(&want);
    for (size_t i = 0; i < 20000; i++) {
        char line[128];
        snprintf(line, sizeof line, "%099zu\n", i);
        kg_buf_puts(&want, line);
    }
    sink k = {.fail_at = 0};
    kg_buf_init(&k.text);
    int err;
    for (int held = 1; held <= 2; held++) {
        hold h = {.held = held};
        pthread_mutex_init(&h.mu, NULL);
        pthread_cond_init(&h.cv, NULL);
        numbers self = {.hold = &h};
        CHECK_INT(numbers_to_file(self, &k, &err), 0);
        CHECK_INT(err, 0);
        CHECK(k.text.len == want.len &&
              memcmp(k.text.data, want.data, want.len) == 0);
        /* the held chunk (0 or 1) finished after a later one of the
         * other thread's, which could not write it: the held thread
         * wrote it out (the helper when it is held) */
        CHECK(h.overtaken && h.first >= 1 && h.first <= 1001);
        size_t held_at = h.first ? (h.first - 1) * 100 : 0;
        CHECK_INT(sink_writer_at(&k, held_at), held == 2);
        CHECK(held == 2 ? k.by_helper > 0 : k.by_helper < k.writes);
        for (int at = 1; at <= 20; at += 4) { /* a failed write */
            k.fail_at = at;
            CHECK_INT(numbers_to_file(self, &k, &err), 0);
            CHECK_INT(err, EIO);
            CHECK(k.text.len < (size_t)at * 100000);
            CHECK(memcmp(k.text.data, want.data, k.text.len) == 0);
            k.fail_at = 0;
        }
        for (size_t item = 500; item < 20000; item += 3000) { /* a chunk */
            self.fail_item = item;
            CHECK_INT(numbers_to_file(self, &k, &err), -1);
            CHECK(k.text.len <= want.len);
            CHECK(memcmp(k.text.data, want.data, k.text.len) == 0);
        }
        pthread_cond_destroy(&h.cv);
        pthread_mutex_destroy(&h.mu);
    }
    /* memory, whichever thread asks (no handshake: a thread left without
     * a worker formats nothing, and the other must not wait for it) */
    for (long n = 1; n <= 40; n++) {
        kg_alloc_fail_at(n);
        int rc = numbers_to_file((numbers){.hold = NULL}, &k, &err);
        int failed = !kg_alloc_pending();
        kg_alloc_fail_at(0);
        CHECK(rc == -1 || (err == 0 && k.text.len == want.len));
        CHECK(failed || rc == 0);
        CHECK(memcmp(k.text.data, want.data, k.text.len) == 0);
    }
    kg_buf_free(&k.text);
    kg_buf_free(&want);
}

TEST(parallel_edges_are_numbered_in_row_order)
{
    enum { NODES = 40, EDGES = 6000 };
    static unsigned seen[NODES][NODES];
    memset(seen, 0, sizeof seen);
    kg_graph *g = kg_graph_new();
    unsigned x = 12345;
    char a[16], b[16];
    for (int i = 0; i < EDGES; i++) {
        x = x * 1103515245u + 12345u;
        int s = (int)(x >> 8) % NODES, d = (int)(x >> 20) % NODES;
        snprintf(a, sizeof a, "n%d", s);
        snprintf(b, sizeof b, "n%d", d);
        kg_add_relation(g, a, b, NULL, NULL);
    }
    CHECK_INT(kg_resolve(g), KG_OK);
    char *text = dot_without_legend(g);
    int edges = 0, wrong = 0;
    for (const char *p = text; p && (p = strstr(p, " -> ")); p++) {
        const char *line = p;
        while (line > text && line[-1] != '\n')
            line--;
        int s, d, ds, dd;
        unsigned long n;
        if (sscanf(line, " n%d -> n%d", &s, &d) != 2 ||
            !(p = strstr(p, "id=\"e-n")) ||
            sscanf(p, "id=\"e-n%d-n%d-%lu\"", &ds, &dd, &n) != 3) {
            wrong++;
            break;
        }
        edges++;
        wrong += ds != s || dd != d || n != ++seen[s][d];
    }
    CHECK_INT(edges, EDGES);
    CHECK_INT(wrong, 0);
    free(text);
    kg_graph_free(g);
}

/* ---- Big arrays ---- */

/* Past a few MB an array moves from malloc to its own mapping, then grows
 * by mremap: every item must survive each step. */
TEST(big_arrays_keep_their_items_as_they_grow)
{
    uint32_t *v = NULL;
    size_t cap = 0, n = 3u << 20; /* 12 MB of items */
    int ok = 1;
    for (size_t i = 0; i < n && ok; i++) {
        ok = kg_vec_grow((void **)&v, &cap, i + 1, sizeof *v) == 0;
        if (ok)
            v[i] = (uint32_t)(i * 2654435761u);
    }
    CHECK(ok);
    CHECK(cap >= n);
    size_t bad = 0;
    for (size_t i = 0; ok && i < n; i++)
        bad += v[i] != (uint32_t)(i * 2654435761u);
    CHECK_INT(bad, 0);
    kg_vec_free(v, cap, sizeof *v);
    unsigned char *z = kg_big_calloc(9u << 20);
    CHECK(z != NULL);
    CHECK(z && z[0] == 0 && z[(9u << 20) - 1] == 0);
    kg_big_free(z, 9u << 20);
}

/* Page faults this thread has taken so far (not the process's: another
 * thread's faults must not count). */
static long minor_faults(void)
{
    struct rusage u;
    getrusage(RUSAGE_THREAD, &u);
    return u.ru_minflt;
}

/* Whether this kernel faults a range in when asked
 * (MADV_POPULATE_WRITE). */
static int kernel_populates(void)
{
#ifdef MADV_POPULATE_WRITE
    void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return 0;
    int ok = madvise(p, 4096, MADV_POPULATE_WRITE) == 0;
    munmap(p, 4096);
    return ok;
#else
    return 0;
#endif
}

/* Writes a byte in every 4 KiB page of [p, p + len), there and then (a
 * store the compiler may not drop or move past the count of faults). */
static void touch_pages(unsigned char *p, size_t len)
{
    volatile unsigned char *v = p;
    for (size_t i = 0; i < len; i += 4096)
        v[i] = 1;
}

/* util/ahead.c: an array's next step is asked for when its writing enters
 * a step, never past its end; what is asked for is faulted in by
 * kg_ahead_work (the writer then takes no fault there, as it does on a
 * page not asked for), and kg_ahead_quiet drops what was not taken. */
TEST(pages_asked_ahead_are_faulted_in_by_the_helper)
{
    enum { STEP = KG_AHEAD_STEP, MB8 = 8u << 20 };
    unsigned char *a = kg_big_calloc(MB8);
    CHECK(a != NULL);
    if (!a)
        return;
    kg_ahead h;
    kg_ahead_init(&h);
    kg_ahead_array(&h, a, 16, 16, MB8); /* not a step's first item */
    CHECK_INT(h.nwant, 0);
    kg_ahead_array(&h, a, 0, 16, 2 * STEP - 1); /* too small an array */
    CHECK_INT(h.nwant, 0);
    kg_ahead_array(&h, a, 3 * STEP + 8, 16, MB8); /* the last step */
    CHECK_INT(h.nwant, 0);
    kg_ahead_array(&h, a, STEP, 16, MB8 - 4096);
    CHECK_INT(h.nwant, 1);
    CHECK(h.want[0].p == (char *)a + 2 * STEP && h.want[0].len == STEP);
    kg_ahead_array(&h, a, 2 * STEP + 8, 16, MB8 - 4096); /* end clipped */
    CHECK(h.nwant == 2 && h.want[1].p == (char *)a + 3 * STEP &&
          h.want[1].len == STEP - 4096);
    kg_ahead_quiet(&h);
    CHECK_INT(h.nwant, 0);
    CHECK_INT(kg_ahead_work(&h), 0);

    kg_ahead_array(&h, a, 0, 16, MB8); /* asks for [STEP, 2 STEP) */
    CHECK_INT(kg_ahead_work(&h), 1);
    CHECK_INT(kg_ahead_work(NULL), 0);
    /* fewer faults than on a step not asked for (under a sanitizer the
     * shadow of both faults as well), where the kernel can fault a range
     * in (Linux 5.14 and later; before, ahead.c asks in vain, by design) */
    int populates = kernel_populates(); /* it faults: not in the counts */
    long before = minor_faults();
    touch_pages(a + STEP, STEP);
    long asked_faults = minor_faults() - before;
    before = minor_faults();
    touch_pages(a + 2 * STEP, STEP);
    long other_faults = minor_faults() - before;
    if (populates)
        CHECK(asked_faults < other_faults);
    kg_big_free(a, MB8);

    /* an arena's blocks of 4 MiB and more: the second step asked for as
     * a block is begun, the third as its filling enters the second.  From
     * a total of 4 MiB on no block is smaller (a mapping of its own, asked
     * for ahead): up to 48 MiB, seven of 4 MiB filled (one ask each: its
     * second step), then an eighth of the total, 4.02, 4.5 and 5.1 MiB
     * filled (two asks each), one of 5.7 MiB begun (one) */
    kg_arena ar;
    kg_arena_init(&ar);
    ar.ahead = &h;
    unsigned long asked = 0;
    static const char text[1000];
    while (ar.total < (48u << 20) && kg_arena_copy(&ar, text, sizeof text)) {
        asked += (unsigned long)h.nwant;
        kg_ahead_quiet(&h);
    }
    CHECK_INT(asked, 14);
    kg_arena_free(&ar);
    kg_ahead_destroy(&h);
}

/* A big symbol table's successor is asked for ahead as it fills from 60%
 * to 70% (util/symtab.h), a step at a time and a step beyond, and the
 * rebuild at 70% moves into those pages; every symbol is found after.  Its
 * array of symbols asks for its next steps too. */
TEST(symbols_ask_for_their_next_table_ahead)
{
    enum { SLOTS = 512u << 10 }; /* the first whose successor is a mapping */
    kg_ahead h;
    kg_ahead_init(&h);
    kg_arena a;
    kg_arena_init(&a);
    kg_symtab t;
    kg_symtab_init(&t);
    t.ahead = &h;
    char name[32];
    int created, ok = 1;
    size_t i = 0, asked = 0;
    uint32_t *spare = NULL;
    size_t spare_asked = 0;
    /* the pending asks taken after each intern, as a reading thread
     * would (not faulted in: only counted) */
    for (; ok && t.nslots <= SLOTS; i++) {
        snprintf(name, sizeof name, "s%zu", i);
        size_t slots = t.nslots;
        ok = kg_symtab_intern(&t, &a, name, strlen(name), &created) ==
             (uint32_t)i;
        if (t.nslots != slots && slots == SLOTS)
            break; /* rebuilt into the spare: checked below */
        asked += (size_t)h.nwant;
        h.nwant = 0;
        if (t.nslots == SLOTS && t.spare) {
            ok = ok && t.n * 10 >= t.nslots * 6;
            spare = t.spare;
            spare_asked = t.spare_asked;
        } else if (t.nslots == SLOTS) {
            ok = ok && t.n * 10 < t.nslots * 6; /* none before 60% */
        }
    }
    CHECK(ok);
    CHECK(spare != NULL);
    CHECK_INT(t.nslots, 2 * SLOTS);
    CHECK(t.narrow == spare && t.spare == NULL);
    CHECK_INT(spare_asked, 2 * SLOTS * sizeof(uint32_t)); /* all of it */
    CHECK_INT(asked, 2); /* the spare's two steps */
    /* the symbols' array, 8 MiB from 512Ki symbols on: its last step
     * asked for as symbol 512Ki, the first of its third, is added */
    int array_asked = 0;
    for (i++; ok && t.n <= (512u << 10); i++) {
        snprintf(name, sizeof name, "s%zu", i);
        ok = kg_symtab_intern(&t, &a, name, strlen(name), &created) ==
             (uint32_t)i;
        for (int k = 0; k < h.nwant; k++)
            array_asked |= h.want[k].p == (char *)t.syms + 3 * KG_AHEAD_STEP &&
                           h.want[k].len == KG_AHEAD_STEP;
        h.nwant = 0;
    }
    CHECK(ok);
    CHECK(array_asked);
    for (size_t k = 0; k < i; k += 997) {
        snprintf(name, sizeof name, "s%zu", k);
        CHECK_INT(kg_symtab_find(&t, name, strlen(name)), (uint32_t)k);
    }
    kg_symtab_free(&t);
    kg_arena_free(&a);
    kg_ahead_destroy(&h);
}

/* ---- Output files ---- */

static char *slurp(const char *path)
{
    static char buf[256];
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* kgraph's DOT read for layout keeps subgraphs in the order they were
 * written (cgraph's own IDs order them by the addresses of their names),
 * and every name still finds its object. */
TEST(dot_read_keeps_subgraphs_in_written_order)
{
    kg_buf dot;
    kg_buf_init(&dot);
    kg_buf_puts(&dot, "digraph g {\n");
    char line[160];
    unsigned x = 99;
    for (int i = 0; i < 60; i++) {
        x = x * 1103515245u + 12345u;
        /* names of many lengths, so that freed blocks get reused */
        snprintf(line, sizeof line,
                 "  subgraph \"cluster_%d_%.*s\" { n%d [label=\"N%d\"]; "
                 "{ n%d -> m%d } }\n",
                 i, (int)(x >> 27), "abcdefghijklmnopqrstuvwxyz012345", i, i, i,
                 i);
        kg_buf_puts(&dot, line);
    }
    kg_buf_puts(&dot, "  n0 -> n59;\n}\n");
    Agraph_t *g = kg_dot_read(dot.data);
    CHECK(g != NULL);
    if (!g)
        return;
    int i = 0;
    for (Agraph_t *sg = agfstsubg(g); sg; sg = agnxtsubg(sg), i++) {
        char want[32];
        snprintf(want, sizeof want, "cluster_%d_", i);
        CHECK(strncmp(agnameof(sg), want, strlen(want)) == 0);
    }
    CHECK_INT(i, 60);
    CHECK_INT(agnnodes(g), 120);
    CHECK_INT(agnedges(g), 61);
    Agnode_t *n = agnode(g, "n42", 0);
    CHECK(n != NULL);
    CHECK_STR(n ? agget(n, "label") : "", "N42");
    CHECK_STR(n ? agnameof(n) : "", "n42");
    CHECK(agnode(g, "nobody", 0) == NULL);
    agclose(g);
    kg_buf_free(&dot);
}

/* A node named with a leading '%' (an entity id may start so) keeps its
 * name once read, as written (HTML-like or not), among edges and other
 * nameless IDs: cgraph alone calls it "%1" from a static buffer, which
 * agwrite spells <%1> or "%1" by what lies before it. */
TEST(dot_read_keeps_names_starting_with_percent)
{
    kg_buf dot;
    kg_buf_init(&dot);
    kg_buf_puts(&dot, "digraph g {\n  \"%s\" -> a; <%b> -> \"%s\"; \"%1\";\n"
                      "  subgraph cluster_x { \"%s\"; \"%c\" }\n");
    char line[64];
    for (int i = 0; i < 300; i++) { /* the table grows; edges take IDs */
        snprintf(line, sizeof line, "  \"%%n%d\" -> n%d;\n", i, i);
        kg_buf_puts(&dot, line);
    }
    kg_buf_puts(&dot, "}\n");
    Agraph_t *g = kg_dot_read(dot.data);
    CHECK(g != NULL);
    if (!g) {
        kg_buf_free(&dot);
        return;
    }
    static const char *const first[] = {"%s", "a", "%b", "%1", "%c"};
    Agnode_t *v = agfstnode(g);
    for (int i = 0; i < 5 && v; i++, v = agnxtnode(g, v))
        CHECK_STR(agnameof(v), first[i]);
    for (int i = 0; i < 300 && v; i++) {
        snprintf(line, sizeof line, "%%n%d", i);
        CHECK_STR(agnameof(v), line);
        v = agnxtnode(g, v);
        snprintf(line, sizeof line, "n%d", i);
        CHECK_STR(v ? agnameof(v) : "", line);
        v = v ? agnxtnode(g, v) : NULL;
    }
    CHECK(v == NULL);
    CHECK_INT(agnnodes(g), 605);
    Agnode_t *s = agfstnode(g);
    Agnode_t *b = agnxtnode(g, agnxtnode(g, s));
    CHECK_STR(agcanonStr(agnameof(s)), "\"%s\"");
    CHECK_STR(agcanonStr(agnameof(b)), "<%b>");
    Agraph_t *x = agfstsubg(g);
    CHECK_INT(x ? agnnodes(x) : 0, 2);
    CHECK_STR(x ? agnameof(agfstnode(x)) : "", "%s");
    agclose(g);
    kg_buf_free(&dot);
}

/* Cuts the file being read to 1,000 bytes once, on the first progress
 * call: the reading thread is then at most a few batches ahead. */
static void cut_on_progress(const char *file, unsigned long long bytes,
                            unsigned long rows, void *ctx)
{
    int *cut = ctx;
    (void)bytes;
    (void)rows;
    if (!*cut)
        *cut = truncate(file, 1000) == 0 ? 1 : -1;
}

static void append_on_progress(const char *file, unsigned long long bytes,
                               unsigned long rows, void *ctx)
{
    int *grown = ctx;
    (void)bytes;
    (void)rows;
    FILE *f = *grown ? NULL : fopen(file, "a");
    if (f) {
        fputs("late,Late\n", f);
        *grown = fclose(f) == 0 ? 1 : -1;
    }
}

static void unlink_on_progress(const char *file, unsigned long long bytes,
                               unsigned long rows, void *ctx)
{
    int *gone = ctx;
    (void)bytes;
    (void)rows;
    if (!*gone)
        *gone = unlink(file) == 0 ? 1 : -1;
}

/* A file removed while it is read is read to its end: the system keeps it
 * while it is open, so nothing is lost and nothing is wrong. */
TEST(a_file_removed_while_read_is_read_whole)
{
    char path[] = "/tmp/kgraph-removed-XXXXXX";
    int fd = mkstemp(path);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    CHECK(f != NULL);
    if (!f)
        return;
    fputs("id,name\n", f);
    for (int i = 0; i < 400000; i++)
        fprintf(f, "e%d,Entity number %d\n", i, i);
    fclose(f);
    kg_graph *g = kg_graph_new();
    int gone = 0;
    kg_graph_set_progress(g, unlink_on_progress, &gone);
    CHECK_INT(kg_load_path(g, path), KG_OK);
    CHECK_INT(gone, 1);
    CHECK_INT(kg_graph_stats(g).errors, 0);
    CHECK_INT(kg_graph_stats(g).rows, 400000);
    kg_graph_free(g);
}

/* A file cut short or written to while it is read is an error, never a
 * quiet loss of the rows that were not read. */
TEST(a_file_changed_while_read_is_an_error)
{
    typedef void (*progress_fn)(const char *, unsigned long long, unsigned long,
                                void *);
    progress_fn change[] = {cut_on_progress, append_on_progress};
    for (int k = 0; k < 2; k++) {
        char path[] = "/tmp/kgraph-changed-XXXXXX";
        int fd = mkstemp(path);
        CHECK(fd >= 0);
        FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
        if (!f)
            return;
        fputs("id,name\n", f);
        for (int i = 0; i < 400000; i++) /* 8 MB: many batches */
            fprintf(f, "e%d,Entity number %d\n", i, i);
        fclose(f);
        kg_buf diags;
        kg_graph *g = graph_with_diags(&diags);
        int changed = 0;
        kg_graph_set_progress(g, change[k], &changed);
        CHECK_INT(kg_load_path(g, path), KG_ERR_IO);
        CHECK_INT(changed, 1);
        CHECK(diags.data && strstr(diags.data, "changed while it was read"));
        /* (the last line read may also be cut: an error of its own) */
        CHECK(kg_graph_stats(g).errors >= 1);
        kg_buf_free(&diags);
        kg_graph_free(g);
        unlink(path);
    }
}

TEST(output_replaces_only_on_commit)
{
    char dir[] = "/tmp/kgraph-test-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char path[64];
    snprintf(path, sizeof path, "%s/out.dot", dir);
    FILE *f = fopen(path, "w");
    fputs("old", f);
    fclose(f);
    char err[256];
    kg_output *o = kg_output_open(path, err, sizeof err);
    CHECK(o != NULL);
    if (!o)
        return;
    fputs("new", kg_output_stream(o));
    CHECK_STR(slurp(path), "old");
    kg_output_abort(o);
    CHECK_STR(slurp(path), "old");
    o = kg_output_open(path, err, sizeof err);
    CHECK(o != NULL);
    if (!o)
        return;
    fputs("new", kg_output_stream(o));
    CHECK_INT(kg_output_commit(o, err, sizeof err), KG_OK);
    CHECK_STR(slurp(path), "new");
    CHECK(kg_output_open(dir, err, sizeof err) == NULL); /* a folder */
    CHECK(strstr(err, "Is a directory") != NULL);
    unlink(path);
    rmdir(dir);
}

/* kg_collapse by an attribute no shown entity has would draw a group of
 * one per entity, silently: it is refused, saying why (and, for
 * "community", that communities are found first). */
TEST(collapse_by_an_attribute_nobody_has_is_refused)
{
    static const char ents[] = "id,name,type,country\n"
                               "a,A,person,Morocco\n"
                               "b,B,person,\n";
    kg_buf diags;
    kg_graph *g = graph_with_diags(&diags);
    CHECK_INT(kg_load_buffer(g, "e.csv", ents, sizeof ents - 1), KG_OK);
    CHECK_INT(kg_resolve(g), KG_OK);
    kg_status st = KG_OK;
    CHECK(kg_collapse(g, "colour", &st) == NULL);
    CHECK_INT(st, KG_ERR_USAGE);
    CHECK(diags.data &&
          strstr(diags.data, "no entity shown has a value of 'colour'"));
    CHECK(kg_collapse(g, "community", &st) == NULL);
    CHECK(diags.data && strstr(diags.data, "kg_find_communities"));
    kg_graph *c = kg_collapse(g, "country", &st); /* one has it: drawn */
    CHECK_INT(st, KG_OK);
    CHECK(c != NULL);
    kg_graph_free(c);
    CHECK(kg_find_communities(g, NULL) == KG_OK);
    c = kg_collapse(g, "community", &st);
    CHECK(c != NULL);
    kg_graph_free(c);
    kg_graph_free(g);
    kg_buf_free(&diags);
}

/* Communities are numbered by size, 1 the largest (the numbers are
 * written once a community, overview.c's named()): a triangle met first
 * and a clique of four after it are 2 and 1, on one thread or two. */
TEST(communities_are_numbered_by_size_the_largest_1)
{
    static const char rels[] = "source,target,relation\n"
                               "e,f,knows\nf,g,knows\ng,e,knows\n"
                               "a,b,knows\na,c,knows\na,d,knows\n"
                               "b,c,knows\nb,d,knows\nc,d,knows\n";
    static const char *const want[] = {"2", "2", "2", "1", "1", "1", "1"};
    for (int how = 0; how < 2; how++) {
        kg_graph *g = kg_graph_new();
        kg_graph_set_diag(g, NULL, NULL);
        CHECK_INT(kg_load_buffer(g, "r.csv", rels, sizeof rels - 1), KG_OK);
        CHECK_INT(kg_resolve(g), KG_OK);
        size_t n = 0;
        kg_graph *overview = NULL;
        kg_analyses *ahead = NULL;
        if (how == 0)
            CHECK_INT(kg_find_communities(g, &n), KG_OK);
        else
            CHECK_INT(kg_report_overview(g, &n, &overview, &ahead), KG_OK);
        CHECK_INT(n, 2);
        CHECK_INT(kg_nents(g), 7);
        for (uint32_t e = 0; e < kg_nents(g) && e < 7; e++)
            CHECK_STR(kg_ent_group(g, e, "community"), want[e]);
        kg_graph_free(overview);
        kg_analyses_free(ahead);
        kg_graph_free(g);
    }
}

/* kg_collapse with many pairs of nodes (most entities alone, each its
 * own node): the table of pairs grows many times over, and every row
 * must still find its pair: the lines drawn and the rows left out are
 * those counted here by brute force (the strongest max_lines links,
 * ties to the first met). */
TEST(collapse_finds_every_pair_as_its_table_grows)
{
    enum { NENT = 400, NREL = 3000, GROUPED = 12 };
    kg_buf e, r;
    kg_buf_init(&e);
    kg_buf_init(&r);
    kg_buf_puts(&e, "id,name,type,country\n");
    for (int i = 0; i < NENT; i++) {
        char row[64];
        snprintf(row, sizeof row, "e%d,E%d,person,%s\n", i, i,
                 i < GROUPED ? (i % 2 ? "A" : "B") : "");
        kg_buf_puts(&e, row);
    }
    kg_buf_puts(&r, "source,target,relation\n");
    static uint32_t src[NREL], dst[NREL];
    uint64_t s = 0x9E3779B97F4A7C15ull;
    for (int i = 0; i < NREL; i++) {
        s ^= s << 13, s ^= s >> 7, s ^= s << 17;
        double u = (double)(s >> 11) / 9007199254740992.0;
        src[i] = (uint32_t)(NENT * u * u) % NENT; /* repeated pairs */
        dst[i] = (uint32_t)((s >> 7) % 40);
        if (i % 8 == 0) /* the first pair met, the strongest */
            src[i] = GROUPED, dst[i] = GROUPED + 1;
        char row[64];
        snprintf(row, sizeof row, "e%u,e%u,knows\n", src[i], dst[i]);
        kg_buf_puts(&r, row);
    }
    kg_graph *g = kg_graph_new();
    CHECK_INT(kg_load_buffer(g, "e.csv", e.data, e.len), KG_OK);
    CHECK_INT(kg_load_buffer(g, "r.csv", r.data, r.len), KG_OK);
    CHECK_INT(kg_resolve(g), KG_OK);
    kg_status st = KG_OK;
    kg_graph *c = kg_collapse(g, "country", &st);
    CHECK_INT(st, KG_OK);
    /* by brute force: a node per group (A, B) or entity; rows within a
     * group drawn as its count; a pair's rows and first row */
    static uint32_t rows[NREL], first[NREL], pa[NREL], pb[NREL], sorted[NREL];
    size_t npairs = 0, nodes = NENT - GROUPED + 2;
    for (int i = 0; i < NREL; i++) {
        uint32_t a = src[i] < GROUPED ? NENT + src[i] % 2 : src[i];
        uint32_t b = dst[i] < GROUPED ? NENT + dst[i] % 2 : dst[i];
        if (a == b && a >= NENT)
            continue;
        size_t k = 0;
        while (k < npairs && (pa[k] != a || pb[k] != b))
            k++;
        if (k == npairs) {
            pa[k] = a, pb[k] = b, first[k] = (uint32_t)i, rows[k] = 0;
            npairs++;
        }
        rows[k]++;
    }
    size_t lines = nodes * 2 > 60 ? nodes * 2 : 60;
    CHECK(npairs > lines); /* some left out */
    for (size_t k = 0; k < npairs; k++)
        sorted[k] = (uint32_t)k;
    for (size_t k = 1; k < npairs; k++) /* by rows, then first row */
        for (size_t j = k; j > 0 && (rows[sorted[j]] > rows[sorted[j - 1]] ||
                                     (rows[sorted[j]] == rows[sorted[j - 1]] &&
                                      first[sorted[j]] < first[sorted[j - 1]]));
             j--) {
            uint32_t t = sorted[j];
            sorted[j] = sorted[j - 1];
            sorted[j - 1] = t;
        }
    unsigned long left_out = 0;
    for (size_t k = lines; k < npairs; k++)
        left_out += rows[sorted[k]];
    CHECK(c != NULL);
    CHECK_INT(kg_graph_stats(c).left_out, left_out);
    CHECK_INT(kg_graph_stats(c).relations, lines);
    kg_graph_free(c);
    kg_graph_free(g);
    kg_buf_free(&e);
    kg_buf_free(&r);
}

/* How outputs name an input (util/path.h): as given when relative, from
 * the working folder when inside it, else by its name alone. */
TEST(outputs_never_name_an_absolute_path)
{
    char cwd[PATH_MAX], abs[PATH_MAX + 32];
    CHECK(getcwd(cwd, sizeof cwd) != NULL);
    kg_buf b;
    kg_buf_init(&b);
    CHECK_INT(kg_path_shown(&b, "../cases/e.csv"), 0);
    CHECK_STR(b.data, "../cases/e.csv");
    kg_buf_clear(&b);
    snprintf(abs, sizeof abs, "%s/in/e.csv", cwd);
    CHECK_INT(kg_path_shown(&b, abs), 0);
    CHECK_STR(b.data, "in/e.csv");
    kg_buf_clear(&b);
    snprintf(abs, sizeof abs, "%sx/in/e.csv", cwd); /* a neighbour */
    CHECK_INT(kg_path_shown(&b, abs), 0);
    CHECK_STR(b.data, "e.csv");
    kg_buf_clear(&b);
    CHECK_INT(kg_path_shown(&b, "/home/a/cases/2026-informant/edges.csv"), 0);
    CHECK_STR(b.data, "edges.csv");
    /* and a folder's file, one '/' between them */
    const char *dirs[] = {"neo", "neo/", "/", ""};
    const char *paths[] = {"neo/a.csv", "neo/a.csv", "/a.csv", "a.csv"};
    for (size_t i = 0; i < 4; i++) {
        kg_buf_clear(&b);
        CHECK_INT(kg_path_join(&b, dirs[i], "a.csv"), 0);
        CHECK_STR(b.data, paths[i]);
    }
    kg_buf_free(&b);
}

/* kg_output_remove_temps, what a signal handler calls: every temporary
 * file open now is removed (the outputs stay usable for abort, and a
 * committed or aborted output is no longer in the table); forty outputs
 * at once, past the table's 32, are written as safely. */
TEST(output_temps_removed_for_a_signal_handler)
{
    char dir[] = "/tmp/kgraph-test-XXXXXX", path[96], err[256];
    CHECK(mkdtemp(dir) != NULL);
    kg_output *o[40];
    char temp[40][128];
    for (int i = 0; i < 40; i++) {
        snprintf(path, sizeof path, "%s/out%d.dot", dir, i);
        o[i] = kg_output_open(path, err, sizeof err);
        CHECK(o[i] != NULL);
        if (!o[i])
            return;
        snprintf(temp[i], sizeof temp[i], "%s", kg_output_temp_path(o[i]));
        CHECK(access(temp[i], F_OK) == 0);
    }
    CHECK_INT(kg_output_commit(o[0], err, sizeof err), KG_OK);
    snprintf(path, sizeof path, "%s/out0.dot", dir);
    kg_output_remove_temps();
    CHECK(access(path, F_OK) == 0); /* the committed file stays */
    int gone = 0;
    for (int i = 1; i < 40; i++)
        gone += access(temp[i], F_OK) != 0;
    CHECK_INT(gone, 31); /* the table's 32, less the one committed */
    for (int i = 1; i < 40; i++)
        kg_output_abort(o[i]);
    for (int i = 0; i < 40; i++) {
        CHECK(access(temp[i], F_OK) != 0);
        snprintf(path, sizeof path, "%s/out%d.dot", dir, i);
        unlink(path);
    }
    rmdir(dir);
}

/* kg_output_folder: a folder made, or one there; a link of one's own
 * followed (a dangling one makes its target); a file is no folder; a link
 * another user planted in a sticky folder is refused (as root, which can
 * give a link away), and nothing is made through it. */
TEST(output_folder_follows_only_safe_links)
{
    char dir[] = "/tmp/kgraph-test-XXXXXX", path[128], link[128], err[256];
    CHECK(mkdtemp(dir) != NULL);
    snprintf(path, sizeof path, "%s/made", dir);
    CHECK_INT(kg_output_folder(path, err, sizeof err), KG_OK);
    CHECK_INT(kg_output_folder(path, err, sizeof err), KG_OK); /* there */
    snprintf(link, sizeof link, "%s/mine", dir);
    CHECK_INT(symlink("target", link), 0);
    CHECK_INT(kg_output_folder(link, err, sizeof err), KG_OK);
    snprintf(path, sizeof path, "%s/target", dir);
    struct stat st;
    CHECK(stat(path, &st) == 0 && S_ISDIR(st.st_mode));
    snprintf(path, sizeof path, "%s/file", dir);
    FILE *f = fopen(path, "w");
    if (f)
        fclose(f);
    CHECK_INT(kg_output_folder(path, err, sizeof err), KG_ERR_IO);
    CHECK(strstr(err, "Not a directory") != NULL);
    CHECK_INT(kg_output_folder("", err, sizeof err), KG_ERR_USAGE);
    if (geteuid() == 0) {
        snprintf(path, sizeof path, "%s/shared", dir);
        CHECK_INT(mkdir(path, 01777), 0);
        CHECK_INT(chmod(path, 01777), 0);
        snprintf(link, sizeof link, "%s/shared/planted", dir);
        CHECK_INT(symlink("../victim", link), 0);
        CHECK_INT(lchown(link, 65534, 65534), 0);
        CHECK_INT(kg_output_folder(link, err, sizeof err), KG_ERR_IO);
        CHECK(strstr(err, "a symbolic link another user made") != NULL);
        snprintf(path, sizeof path, "%s/victim", dir);
        CHECK(stat(path, &st) != 0); /* nothing made through it */
        unlink(link);
        snprintf(path, sizeof path, "%s/shared", dir);
        rmdir(path);
    }
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK_INT(system(cmd), 0);
}

/* ---- Names for Neo4j (rules/cypher.h) ---- */

/* The name s is written under as a kind, and whether it changed. */
static const char *cypher_name_of(kg_cypher_kind kind, const char *s,
                                  int changed)
{
    static char out[256];
    kg_buf b;
    kg_buf_init(&b);
    int rc = kg_cypher_name_of(&b, kind, s);
    snprintf(out, sizeof out, "%s%s", b.data ? b.data : "",
             rc == changed ? "" : " (changed is wrong)");
    kg_buf_free(&b);
    return out;
}

TEST(cypher_names_by_one_rule)
{
    /* labels: the type, unless it holds what could end it */
    CHECK_STR(cypher_name_of(KG_CYPHER_LABEL, "person", 0), "person");
    CHECK_STR(cypher_name_of(KG_CYPHER_LABEL, "armed group", 0), "armed group");
    CHECK_STR(cypher_name_of(KG_CYPHER_LABEL, "a`b", 0), "a`b");
    CHECK_STR(cypher_name_of(KG_CYPHER_LABEL, "Jürgen", 0), "Jürgen");
    CHECK_STR(cypher_name_of(KG_CYPHER_LABEL, "p\\u0060 x", 1), "p_u0060 x");
    CHECK_STR(cypher_name_of(KG_CYPHER_LABEL, "a\tb\x7f", 1), "a_b_");
    CHECK_STR(cypher_name_of(KG_CYPHER_LABEL, "", 1), "_");
    /* relationship types: identifiers as they are, else made one */
    CHECK_STR(cypher_name_of(KG_CYPHER_REL_TYPE, "part_of", 0), "part_of");
    CHECK_STR(cypher_name_of(KG_CYPHER_REL_TYPE, "took part in", 1),
              "TOOK_PART_IN");
    CHECK_STR(cypher_name_of(KG_CYPHER_REL_TYPE, "2nd", 1), "_2ND");
    CHECK_STR(cypher_name_of(KG_CYPHER_REL_TYPE, "x\\u0060]", 1), "X_U0060_");
    CHECK_STR(cypher_name_of(KG_CYPHER_REL_TYPE, NULL, 1), "RELATED_TO");
    /* properties: kgraph's own columns get data_, header characters and
     * what could end a name become '_' */
    CHECK_STR(cypher_name_of(KG_CYPHER_PROPERTY, "country", 0), "country");
    CHECK_STR(cypher_name_of(KG_CYPHER_PROPERTY, "ID", 0), "data_ID");
    CHECK_STR(cypher_name_of(KG_CYPHER_PROPERTY, "directed", 0),
              "data_directed");
    CHECK_STR(cypher_name_of(KG_CYPHER_PROPERTY, "data_x", 0), "data_data_x");
    CHECK_STR(cypher_name_of(KG_CYPHER_PROPERTY, "a:b", 1), "a_b");
    CHECK_STR(cypher_name_of(KG_CYPHER_PROPERTY, " a,\"b\" ", 1), "_a__b__");
    CHECK_STR(cypher_name_of(KG_CYPHER_PROPERTY, "n\\u0060)", 1), "n_u0060)");
    CHECK_STR(cypher_name_of(KG_CYPHER_PROPERTY, "in the middle", 0),
              "in the middle");
    kg_buf b;
    kg_buf_init(&b);
    CHECK_INT(kg_buf_puts(&b, "a_b") || kg_cypher_name_again(&b, 3), 0);
    CHECK_STR(b.data, "a_b_3");
    kg_buf_free(&b);
}

static char *cypher_name(const char *s)
{
    return rendered(kg_cypher_name, s);
}

static char *cypher_string(const char *s)
{
    return rendered(kg_cypher_string, s);
}

TEST(cypher_text_cannot_end_a_name)
{
    CHECK_STR(cypher_name("a`b"), "`a``b`");
    /* not a name kg_cypher_name_of makes; written so that nothing ends it */
    CHECK_STR(cypher_name("a\\u0060\n"), "`a_u0060_`");
    CHECK_STR(cypher_string("it's"), "'it\\'s'");
    /* a backslash doubled: Neo4j's pre-pass reads no \u after an escaped
     * backslash, and the lexer reads \\ as one */
    CHECK_STR(cypher_string("a\\u0027\nb"), "'a\\\\u0027\\nb'");
}

/* A commit that cannot write (here: past a file size limit, as a full
 * disk would) leaves the old file as it was, no temporary beside it, and
 * says why.  In a child: the limit is the process's. */
TEST(a_failed_commit_keeps_the_old_file)
{
    char dir[] = "/tmp/kgraph-test-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char path[64];
    snprintf(path, sizeof path, "%s/out.dot", dir);
    FILE *f = fopen(path, "w");
    fputs("old", f);
    fclose(f);
    pid_t pid = fork();
    if (pid == 0) {
        signal(SIGXFSZ, SIG_IGN); /* the write fails with EFBIG instead */
        struct rlimit was, rl;
        getrlimit(RLIMIT_FSIZE, &was);
        rl = (struct rlimit){4096, was.rlim_max};
        setrlimit(RLIMIT_FSIZE, &rl);
        char err[256] = "";
        kg_output *o = kg_output_open(path, err, sizeof err);
        if (!o)
            _exit(10);
        for (int i = 0; i < 1000; i++)
            fputs("0123456789", kg_output_stream(o));
        kg_status st = kg_output_commit(o, err, sizeof err);
        int ok = st == KG_ERR_IO &&
                 strstr(err, "out.dot: cannot write: File too large");
#ifdef KG_COVERAGE /* make coverage: _exit would lose the child's counts */
        setrlimit(RLIMIT_FSIZE, &was);
        extern void __gcov_dump(void);
        __gcov_dump();
#endif
        _exit(ok ? 0 : 11);
    }
    int status = -1;
    waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    CHECK_STR(slurp(path), "old");
    unlink(path);
    CHECK_INT(rmdir(dir), 0); /* empty: no temporary left */
}

/* ---- Pages ---- */

static int page_is(const char *spec, double w_cm, double h_cm, int either)
{
    double w, h;
    int e;
    if (kg_page_parse(spec, &w, &h, &e) != KG_OK)
        return 0;
    return fabs(w - w_cm * 72 / 2.54) < 0.01 &&
           fabs(h - h_cm * 72 / 2.54) < 0.01 && e == either;
}

/* The rejects table of a graph after loading `csv` as `name` with
 * max_errors `max`, what it said in *diags; the input status in *st and
 * the errors outside rows in *outside. */
static char *rejects_of(const char *name, const char *csv, unsigned long max,
                        kg_status *st, unsigned long *outside, kg_buf *diags)
{
    kg_graph *g = graph_with_diags(diags);
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    CHECK_INT(kg_graph_set_max_errors(g, max), KG_OK);
    CHECK_INT(kg_graph_set_rejects(g, f), KG_OK);
    kg_load_buffer(g, name, csv, strlen(csv));
    kg_resolve(g);
    *st = kg_graph_input_status(g, outside);
    kg_graph_free(g);
    fclose(f);
    return text;
}

/* Partial loads: rows with errors are rejected and written to the table
 * as read (a formula guarded), the others used; the graph may be used when
 * no more rows than max_errors were rejected and no error is outside a
 * row (a header with errors is). */
TEST(partial_loads_reject_rows_and_write_them)
{
    const char *csv = "id,name\n1,a\n,b\n=2,\"c\nd\",x\n3,\"q\"q\n4,e\n";
    kg_buf diags;
    kg_status st;
    unsigned long outside = 9;
    char *t = rejects_of("p.csv", csv, 0, &st, &outside, &diags);
    CHECK_INT(st, KG_ERR_INPUT);
    CHECK_INT(outside, 0);
    CHECK_STR(t, "file,line,column,reason,row\n"
                 "p.csv,3,,\"empty id (column 1, 'id'); the row is not "
                 "used\",\",b\"\n"
                 "p.csv,4,,this row has 3 fields but the header has 2; the "
                 "row is not used,\"'=2,\"\"c\nd\"\",x\"\n"
                 "p.csv,6,6,\"unexpected character after a closing quote; a "
                 "quote inside a quoted field is written twice (\"\"\"\")\","
                 "\"3,\"\"q\"\"q\"\n");
    free(t);
    kg_buf_free(&diags);
    t = rejects_of("p.csv", csv, 3, &st, &outside, &diags);
    CHECK_INT(st, KG_OK);
    free(t);
    kg_buf_free(&diags);
    t = rejects_of("p.csv", csv, 2, &st, &outside, &diags);
    CHECK_INT(st, KG_ERR_INPUT);
    free(t);
    kg_buf_free(&diags);
    /* a header with errors: its rows rejected for it, and no tolerance */
    t = rejects_of("h.csv", "id,\"na\"me\n1,a\n", 100, &st, &outside, &diags);
    CHECK_INT(st, KG_ERR_INPUT);
    CHECK(outside > 0);
    CHECK(strstr(t, "h.csv,2,,the header of this file has errors,\"1,a\"\n"));
    free(t);
    kg_buf_free(&diags);
    CHECK_INT(kg_graph_input_status(NULL, &outside), KG_ERR_USAGE);
    CHECK_INT(kg_graph_set_rejects(NULL, NULL), KG_ERR_USAGE);
}

/* Every row of a file of errors is read and counted; the first
 * KG_SHOWN_ERRORS reach the callback, then one message says how many more
 * (naming the setting as the caller calls it). */
TEST(a_file_of_errors_is_read_to_its_end_and_its_reporting_bounded)
{
    kg_buf csv;
    kg_buf_init(&csv);
    kg_buf_puts(&csv, "id,name\n");
    for (int i = 0; i < 1000; i++)
        kg_buf_puts(&csv, i % 2 ? ",x\n" : "a,b,c\n");
    kg_buf_puts(&csv, "last,one\n");
    kg_buf diags;
    kg_graph *g = graph_with_diags(&diags);
    kg_graph_name_setting(g, KG_SETTING_REJECTS, "--rejects FILE");
    kg_load_buffer(g, "many.csv", csv.data, csv.len);
    kg_stats s = kg_graph_stats(g);
    CHECK_INT(s.rejected, 1000);
    CHECK_INT(s.errors, 1000);
    CHECK_INT(s.rows, 1001);
    size_t lines = 0;
    for (size_t i = 0; i < diags.len; i++)
        lines += diags.data[i] == '\n';
    CHECK_INT(lines, KG_SHOWN_ERRORS + 1);
    CHECK(strstr(diags.data, "many.csv:0: 900 more errors in this file are "
                             "not shown; --rejects FILE lists every "
                             "rejected row\n"));
    CHECK_INT(kg_graph_input_status(g, NULL), KG_ERR_INPUT);
    kg_graph_set_max_errors(g, 1000);
    CHECK_INT(kg_graph_input_status(g, NULL), KG_OK);
    kg_graph_free(g);
    kg_buf_free(&diags);
    kg_buf_free(&csv);
}

/* JSON objects that repeat a key: lists joined, objects merged, other
 * values the later; the first repeated key named; a key spelled two ways,
 * or text that is not JSON, still refused. */
TEST(json_repeated_keys_are_merged)
{
    const char *in = "{\"p\":{\"e\":[\"a\"],\"n\":[\"x\"],\"e\":[\"b\",\"c\"]},"
                     "\"k\":1,\"k\":2,\"p\":{\"e\":[\"d\"]},\"s\":\"{\\\"q\"}";
    json_error_t err;
    char *rep = NULL;
    json_t *o = kg_json_load_merging(in, strlen(in), &err, &rep);
    CHECK(o != NULL);
    char *text = o ? json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    CHECK_STR(text ? text : "",
              "{\"k\":2,\"p\":{\"e\":[\"a\",\"b\",\"c\",\"d\"],\"n\":[\"x\"]},"
              "\"s\":\"{\\\"q\"}");
    CHECK_STR(rep ? rep : "", "e");
    free(text);
    free(rep);
    json_decref(o);
    const char *two = "{\"a\":1,\"\\u0061\":2}";
    CHECK(kg_json_load_merging(two, strlen(two), &err, &rep) == NULL);
    CHECK(rep == NULL);
    CHECK(kg_json_load_merging("{\"a\":", 5, &err, &rep) == NULL);
    const char *plain = "{\"a\":[1]}";
    o = kg_json_load_merging(plain, strlen(plain), &err, &rep);
    CHECK(o != NULL && rep == NULL);
    json_decref(o);
}

/* FtM lines as raw exports hold them: a repeated key's values merged, a
 * relationship with one end an attribute of the entity it names, each
 * with one warning a file, no error; a line that is no entity still is
 * one, and its line goes to the rejects table byte for byte. */
TEST(ftm_repeated_keys_and_one_ended_relationships_are_read)
{
    char dir[] = "/tmp/kgraph-ftm-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char path[64];
    snprintf(path, sizeof path, "%s/e.ftm.json", dir);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    CHECK(fd >= 0);
    const char *lines =
        "{\"id\":\"p1\",\"schema\":\"Person\",\"properties\":{\"name\":["
        "\"Ann\"],"
        "\"education\":[\"A\"],\"education\":[\"B\"]}}\n"
        "{\"id\":\"p2\",\"schema\":\"Person\",\"properties\":{\"name\":[\"Bo\"]"
        ","
        "\"notes\":[\"x\"],\"notes\":[\"y\"]}}\n"
        "{\"id\":\"o1\",\"schema\":\"Occupancy\",\"properties\":{\"holder\":"
        "[\"p1\",\"p2\"]}}\n"
        "{\"id\":\"o2\",\"schema\":\"Occupancy\",\"properties\":{}}\r\n";
    CHECK(write(fd, lines, strlen(lines)) == (ssize_t)strlen(lines));
    close(fd);
    kg_buf diags;
    kg_graph *g = graph_with_diags(&diags);
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    kg_graph_set_rejects(g, f);
    CHECK_INT(kg_load_path(g, path), KG_OK);
    CHECK_INT(kg_resolve(g), KG_OK);
    kg_stats s = kg_graph_stats(g);
    CHECK_INT(s.errors, 1);
    CHECK_INT(s.warnings, 2);
    CHECK_INT(s.rejected, 1);
    CHECK_INT(s.entities, 2);
    CHECK(strstr(diags.data, ":1: 2 lines repeat a key (this one "
                             "'education'); the values of a repeated key "
                             "were merged\n"));
    CHECK(strstr(diags.data, ":3: 1 relationship has one end only (this "
                             "one: Occupancy with holder and no post); each "
                             "is kept as an attribute of the entity it "
                             "names\n"));
    char *dot = dot_without_legend(g);
    CHECK(strstr(dot, "education=\"A; B\""));
    CHECK(strstr(dot, "holds=\"Occupancy o1, no post\""));
    free(dot);
    kg_graph_free(g);
    fclose(f);
    CHECK(strstr(text,
                 ",4,,not a FollowTheMoney entity: a relationship "
                 "without either end,\"{\"\"id\"\":\"\"o2\"\",\"\"schema\"\""
                 ":\"\"Occupancy\"\",\"\"properties\"\":{}}\"\n"));
    free(text);
    kg_buf_free(&diags);
    unlink(path);
    rmdir(dir);
}

/* The DOT of one relations file, with its key, and the opts given. */
static char *dot_of(const char *csv, const kg_dot_options *o)
{
    kg_graph *g = kg_graph_new();
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (g && f && kg_load_buffer(g, "r.csv", csv, strlen(csv)) == KG_OK &&
        kg_resolve(g) == KG_OK)
        kg_write_dot(g, f, o);
    if (f)
        fclose(f);
    kg_graph_free(g);
    return text ? text : calloc(1, 1);
}

/* The style written on the edge from `src`, or "" when none. */
static const char *edge_style(const char *dot, const char *src, char *buf,
                              size_t len)
{
    char head[64];
    snprintf(head, sizeof head, "  %s -> ", src);
    const char *e = strstr(dot, head);
    const char *end = e ? strchr(e, '\n') : NULL;
    const char *st = e ? strstr(e, " style=") : NULL;
    buf[0] = '\0';
    if (st && st < end)
        sscanf(st, " style=%31[a-z]", buf);
    (void)len;
    return buf;
}

/* Confidence comes only from columns that name it, on the scale its
 * values have; strength and weight are line widths (a bug report: a
 * strength of 1/3/5 was read as 0-100 confidence, every tie "tentative"). */
TEST(confidence_scales_and_strength_as_width)
{
    kg_dot_options o = kg_dot_defaults();
    char st[32];
    static const struct {
        const char *csv;
        const char *styles[3]; /* of edges from a, b, c */
        const char *key;       /* in the key */
    } cases[] = {
        {"source,target,confidence\na,b,0.9\nb,c,0.5\nc,d,0.1\n",
         {"solid", "dashed", "dotted"},
         "confidence 0.7\xE2\x80\x93"
         "1 (1)"},
        {"source,target,confidence\na,b,5\nb,c,3\nc,d,1\n",
         {"solid", "dashed", "dotted"},
         "confidence 4\xE2\x80\x93"
         "5 of 5"},
        {"source,target,certainty\na,b,90\nb,c,45\nc,d,3\n",
         {"solid", "dashed", "dotted"},
         "confidence under 40 (1)"},
        {"source,target,grade\na,b,A1\nb,c,C3\nc,d,B5\n",
         {"solid", "dashed", "dotted"},
         "confirmed (1)"},
        {"source,target,confidence\na,b,high\nb,c,probable\nc,d,doubtful\n",
         {"solid", "dashed", "dotted"},
         "tentative (1)"},
        {"source,target,strength\na,b,1\nb,c,3\nc,d,5\n",
         {"", "", ""},
         "thicker: more strength (1 to 5)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *dot = dot_of(cases[i].csv, &o);
        const char *src[3] = {"a", "b", "c"};
        for (int k = 0; k < 3; k++)
            CHECK_STR(edge_style(dot, src[k], st, sizeof st),
                      cases[i].styles[k]);
        CHECK(strstr(dot, cases[i].key) != NULL);
        free(dot);
    }
    char *dot = dot_of("source,target,strength\na,b,1\nb,c,3\nc,d,5\n", &o);
    CHECK(strstr(dot, "a -> b [strength=\"1\", penwidth=\"1\"") != NULL);
    CHECK(strstr(dot, "b -> c [strength=\"3\", penwidth=\"2.5\"") != NULL);
    CHECK(strstr(dot, "c -> d [strength=\"5\", penwidth=\"4\"") != NULL);
    free(dot);
}

/* --cite: relations with evidence or a citation are numbered in input
 * order over the whole graph, so a filtered figure keeps the numbers. */
TEST(cite_numbers_follow_input_order)
{
    static const char csv[] = "source,target,relation,evidence,citation\n"
                              "a,b,met,,\n"        /* no source: none */
                              "b,c,paid,ledger,\n" /* 1 */
                              "c,d,paid,,report\n" /* 2 */
                              "a,d,met,notes,\n";  /* 3 */
    kg_dot_options o = kg_dot_defaults();
    o.cite = 1;
    o.legend = 0;
    char *dot = dot_of(csv, &o);
    CHECK(strstr(dot, "a -> b [type=met, label=\"met\",") != NULL);
    CHECK(strstr(dot, "b -> c [type=paid, label=\"paid [1]\"") != NULL);
    CHECK(strstr(dot, "c -> d [type=paid, label=\"paid [2]\"") != NULL);
    CHECK(strstr(dot, "a -> d [type=met, label=\"met [3]\"") != NULL);
    free(dot);
    /* the same numbers in part of the graph, and in its sources table */
    kg_graph *g = kg_graph_new();
    CHECK_INT(kg_load_buffer(g, "r.csv", csv, sizeof csv - 1), KG_OK);
    CHECK_INT(kg_resolve(g), KG_OK);
    kg_filter f = kg_filter_defaults();
    const char *focus[] = {"d"};
    f.focus = focus;
    f.nfocus = 1;
    CHECK_INT(kg_apply_filter(g, &f), KG_OK);
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    CHECK_INT(kg_write_sources(g, mem, KG_SOURCES_MARKDOWN), KG_OK);
    fclose(mem);
    CHECK(strstr(text, "| 2 | c | d | paid |") != NULL);
    CHECK(strstr(text, "| 3 | a | d | met |") != NULL);
    CHECK(strstr(text, "| 1 |") == NULL); /* b -> c is not shown */
    free(text);
    kg_graph_free(g);
}

/* The report's data gathers each relation's values into one row used
 * again (kg_cite_gather_values): the same values as a row gathered anew,
 * none left over from the relation before, and no ends' names. */
TEST(cite_values_row_used_again)
{
    static const char csv[] = "source,target,relation,evidence,citation,date\n"
                              "a,b,paid_to,ledger one,report,2020-01-02\n"
                              "b,c,met,,,\n"
                              "c,d,met,notes,,2021-03-04\n";
    kg_graph *g = kg_graph_new();
    CHECK_INT(kg_load_buffer(g, "r.csv", csv, sizeof csv - 1), KG_OK);
    CHECK_INT(kg_resolve(g), KG_OK);
    kg_cite_memo *memo = kg_cite_memo_new();
    kg_cite_row again = {0};
    for (int pass = 0; pass < 2; pass++) /* a row used past every relation */
        for (uint32_t i = 0; i < kg_nrels(g); i++) {
            kg_cite_row fresh;
            CHECK_INT(kg_cite_gather(g, i, &fresh), 0);
            CHECK_INT(kg_cite_gather_values(g, i, &again, memo), 0);
            CHECK(again.from == NULL && again.to == NULL);
            CHECK_STR(again.relation.data ? again.relation.data : "",
                      fresh.relation.data ? fresh.relation.data : "");
            for (int c = 0; c < KG_CITE_NCOLS; c++)
                CHECK_STR(again.cols[c].data ? again.cols[c].data : "",
                          fresh.cols[c].data ? fresh.cols[c].data : "");
            kg_cite_row_free(&fresh);
        }
    kg_cite_row_free(&again);
    free(memo);
    kg_graph_free(g);
}

/* The version in one place: the header's macros and the library agree. */
TEST(version_is_one_number)
{
    char want[32];
    snprintf(want, sizeof want, "%d.%d.%d", KGRAPH_VERSION_MAJOR,
             KGRAPH_VERSION_MINOR, KGRAPH_VERSION_PATCH);
    CHECK_STR(KGRAPH_VERSION, want);
    CHECK_STR(kg_version(), KGRAPH_VERSION);
    CHECK_INT(kg_version_number(), KGRAPH_VERSION_MAJOR * 10000 +
                                       KGRAPH_VERSION_MINOR * 100 +
                                       KGRAPH_VERSION_PATCH);
    CHECK_INT(kg_version_number(), KGRAPH_VERSION_NUMBER);
}

TEST(an_embedder_walks_the_shown_graph)
{
    static const char ents[] = "id,name,type,aliases,country\n"
                               "p1,Ann Lee,person,A. Lee,Morocco\n"
                               "a1,Interpol,agency,,\n"
                               "p1,,,,France\n"
                               "x9,Hidden,thing,,\n";
    static const char rels[] = "source,target,relation,evidence,date\n"
                               "A. Lee,Interpol,works for,\"a \"\"quote\"\"\","
                               "2024-01-02\n"
                               "Interpol,x9,holds,,\n";
    kg_graph *g = kg_graph_new();
    kg_entity_info e;
    kg_relation_info r;
    kg_cursor c = {{0}};
    CHECK(!kg_next_relation(g, &c, &r)); /* before kg_resolve: nothing */
    CHECK(kg_load_buffer(g, "e.csv", ents, sizeof ents - 1) == KG_OK);
    CHECK(kg_load_buffer(g, "r.csv", rels, sizeof rels - 1) == KG_OK);
    CHECK(kg_resolve(g) == KG_OK);
    kg_filter f = kg_filter_defaults();
    f.exclude_types = "thing";
    CHECK(kg_apply_filter(g, &f) == KG_OK);

    char seen[256] = "";
    size_t n = 0, p1 = (size_t)-1;
    while (kg_next_entity(g, &c, &e)) {
        snprintf(seen + strlen(seen), sizeof seen - strlen(seen),
                 "%s|%s|%s|%s:%lu;", e.id, e.name, e.type, e.file, e.line);
        if (strcmp(e.id, "p1") == 0)
            p1 = e.index;
        n++;
    }
    CHECK_INT(n, 2);
    CHECK_STR(seen, "p1|Ann Lee|person|e.csv:2;a1|Interpol|agency|e.csv:3;");
    CHECK(!kg_next_entity(g, &c, &e)); /* stays at the end */

    seen[0] = '\0';
    kg_cursor a = {{0}};
    const char *key, *value;
    while (kg_next_entity_attr(g, p1, &a, &key, &value))
        snprintf(seen + strlen(seen), sizeof seen - strlen(seen), "%s=%s;", key,
                 value);
    CHECK_STR(seen, "country=Morocco;country=France;");
    kg_cursor al = {{0}};
    const char *alias;
    CHECK(kg_next_alias(g, p1, &al, &alias));
    CHECK_STR(alias, "A. Lee");
    CHECK(!kg_next_alias(g, p1, &al, &alias));

    kg_cursor rc = {{0}};
    n = 0;
    while (kg_next_relation(g, &rc, &r)) {
        CHECK_STR(r.source, "p1");
        CHECK_STR(r.target, "a1");
        CHECK_STR(r.type, "works for");
        CHECK(r.directed);
        CHECK_STR(r.file, "r.csv");
        CHECK_INT(r.line, 2);
        seen[0] = '\0';
        kg_cursor ra = {{0}};
        while (kg_next_relation_attr(g, r.index, &ra, &key, &value))
            snprintf(seen + strlen(seen), sizeof seen - strlen(seen), "%s=%s;",
                     key, value);
        CHECK_STR(seen, "evidence=a \"quote\";date=2024-01-02;");
        n++;
    }
    CHECK_INT(n, 1); /* the relation to the filtered-out x9 is not shown */
    CHECK(!kg_next_entity_attr(g, 99, &a, &key, &value));
    CHECK(!kg_next_entity(NULL, &c, &e));
    kg_graph_free(g);
}

/* Entities made by code, in one run: their first rows come from two files
 * with other columns, and each keeps its own (the store describes a run's
 * cells by one colset, the odd entity's kept aside). */
TEST(entity_cells_from_other_files_keep_their_columns)
{
    static const char one[] = "id,name,country\na,Ann,France\n";
    static const char two[] = "id,name,role,desk\nb,Bob,officer,east\n";
    kg_graph *g = kg_graph_new();
    CHECK_INT(kg_add_entity(g, "a", NULL, NULL), KG_OK);
    CHECK_INT(kg_add_entity(g, "b", NULL, NULL), KG_OK);
    CHECK(kg_load_buffer(g, "one.csv", one, sizeof one - 1) == KG_OK);
    CHECK(kg_load_buffer(g, "two.csv", two, sizeof two - 1) == KG_OK);
    CHECK(kg_resolve(g) == KG_OK);
    static const char *const want[] = {"country=France;",
                                       "role=officer;desk=east;"};
    for (size_t i = 0; i < 2; i++) {
        char seen[128] = "";
        kg_cursor a = {{0}};
        const char *key, *value;
        while (kg_next_entity_attr(g, i, &a, &key, &value))
            snprintf(seen + strlen(seen), sizeof seen - strlen(seen), "%s=%s;",
                     key, value);
        CHECK_STR(seen, want[i]);
    }
    kg_graph_free(g);
}

/* What the library said without a file: why a call failed. */
static void keep_failures(const kg_diag *d, void *ctx)
{
    if (!d->file && d->severity == KG_ERROR) {
        kg_buf_puts(ctx, d->message);
        kg_buf_putc(ctx, '\n');
    }
}

/* What a message calls a setting: the library's messages name the API's
 * settings (an embedder set no command-line option), a caller's names
 * where it gave them (kgraph's command gives its options) -- also in
 * what a reading thread says and in the filters' names. */
static void said_text(const kg_diag *d, void *ctx)
{
    kg_buf_puts(ctx, d->message);
    kg_buf_putc(ctx, '\n');
}

static char *settings_said(int named)
{
    kg_buf said;
    kg_buf_init(&said);
    kg_graph *g = kg_graph_new();
    kg_graph_set_diag(g, said_text, &said);
    if (named) {
        CHECK_INT(kg_graph_name_setting(g, KG_SETTING_MAX_ROW, "--max-row"),
                  KG_OK);
        CHECK_INT(kg_graph_name_setting(g, KG_SETTING_SINCE, "--since"), KG_OK);
        CHECK_INT(kg_graph_name_setting(g, KG_SETTING_TYPES, "--types"), KG_OK);
    }
    CHECK_INT(kg_graph_name_setting(g, KG_SETTING_COUNT, "x"), KG_ERR_USAGE);
    kg_graph_set_limits(g, 40, 0);
    static const char rels[] = "source,target,relation\na,b,met\n"
                               "c,d,\"a relation whose row is far too long\"\n";
    kg_load_buffer(g, "r.csv", rels, sizeof rels - 1);
    kg_resolve(g);
    kg_filter f = kg_filter_defaults();
    f.since = "2020-13";
    CHECK_INT(kg_apply_filter(g, &f), KG_ERR_USAGE);
    f = kg_filter_defaults();
    f.types = "person";
    CHECK_INT(kg_apply_filter(g, &f), KG_OK);
    const char *name;
    unsigned long nodes, edges;
    CHECK(kg_filter_step(g, 0, &name, &nodes, &edges));
    kg_buf_puts(&said, name);
    kg_graph_free(g);
    return said.data;
}

/* Aliases that two entities claim are warned about in the order their
 * keys were first claimed (the input's), whatever order the name index
 * keeps its keys in. */
TEST(shared_aliases_are_warned_about_in_input_order)
{
    static const char *keys[] = {"Zed",   "Alpha", "Mid",   "Quux",
                                 "Bravo", "Kilo",  "Delta", "Oscar"};
    enum { NKEYS = sizeof keys / sizeof *keys };
    kg_buf csv, diags;
    kg_buf_init(&csv);
    kg_buf_puts(&csv, "id,name,aliases\n");
    char row[128];
    for (int i = 0; i < NKEYS; i++) {
        snprintf(row, sizeof row, "a%d,First %d,%s\nb%d,Second %d,%s\n", i, i,
                 keys[i], i, i, keys[i]);
        kg_buf_puts(&csv, row);
    }
    kg_graph *g = graph_with_diags(&diags);
    CHECK_INT(kg_load_buffer(g, "e.csv", csv.data, csv.len), KG_OK);
    CHECK_INT(kg_resolve(g), KG_OK);
    kg_buf_putc(&diags, '\0');
    const char *at = diags.data;
    for (int i = 0; i < NKEYS && at; i++) {
        char want[64];
        snprintf(want, sizeof want, "the alias '%s' is claimed by 'a%d'",
                 keys[i], i);
        at = strstr(at, want);
        CHECK(at != NULL);
    }
    kg_graph_free(g);
    kg_buf_free(&csv);
    kg_buf_free(&diags);
}

/* Relations keep their row's cells in the cell store (pages that never
 * move): a row longer than a page takes a run of pages of its own, and
 * the rows around it read back as they were, shared by the edges of a
 * row with a list of targets. */
/* The cell store holds 4 GiB of relations' cells (32-bit places): a row
 * past it is an error at its line, the row rejected and counted, the rows
 * before it kept (here the store capped at one page). */
TEST(a_row_past_the_cell_store_is_an_error_at_its_line)
{
    size_t part = (size_t)KG_CELL_PAGE / 2 + 1000;
    kg_buf csv, diags;
    kg_buf_init(&csv);
    kg_buf_puts(&csv, "source,target,relation,evidence\n");
    for (int row = 0; row < 2; row++) {
        kg_buf_puts(&csv, row ? "b,c,met," : "a,b,met,");
        for (size_t i = 0; i < part; i++)
            kg_buf_putc(&csv, 'x');
        kg_buf_putc(&csv, '\n');
    }
    kg_graph *g = graph_with_diags(&diags);
    kg_graph_cells_cap(g, 1);
    kg_graph_set_max_errors(g, 1);
    CHECK_INT(kg_load_buffer(g, "r.csv", csv.data, csv.len), KG_OK);
    CHECK_INT((int)kg_graph_stats(g).errors, 1);
    CHECK_INT(kg_resolve(g), KG_OK);
    CHECK_INT((int)kg_nrels(g), 1);
    kg_buf_putc(&diags, '\0');
    CHECK(strstr(diags.data, "r.csv:3: the relations' cells of the inputs "
                             "pass 4 GiB") != NULL);
    kg_graph_free(g);
    kg_buf_free(&csv);
    kg_buf_free(&diags);
}

TEST(relation_cells_read_back_around_a_row_longer_than_a_page)
{
    size_t big = (size_t)KG_CELL_PAGE + 12345;
    kg_buf csv;
    kg_buf_init(&csv);
    kg_buf_puts(&csv, "source,target,relation,evidence\na,b,met,first\n"
                      "a,c,met,");
    for (size_t i = 0; i < big; i++)
        kg_buf_putc(&csv, (char)('a' + i % 26));
    kg_buf_puts(&csv, "\nb,c|d,met,after\n");
    kg_graph *g = kg_graph_new();
    CHECK_INT(kg_load_buffer(g, "r.csv", csv.data, csv.len), KG_OK);
    CHECK_INT(kg_resolve(g), KG_OK);
    CHECK_INT((int)kg_nrels(g), 4);
    const char *want[] = {"first", NULL, "after", "after"};
    for (uint32_t i = 0; i < kg_nrels(g) && i < 4; i++) {
        const char *v =
            kg_attr_get(g, kg_rel_attrs(g, kg_rel(g, i)), "evidence");
        CHECK(v != NULL);
        if (!v)
            continue;
        if (want[i]) {
            CHECK_STR(v, want[i]);
        } else {
            CHECK(strlen(v) == big && v[0] == 'a' &&
                  v[big - 1] == (char)('a' + (big - 1) % 26));
        }
    }
    kg_graph_free(g);
    kg_buf_free(&csv);
}

TEST(messages_name_settings_as_the_caller_does)
{
    char *own = settings_said(0), *named = settings_said(1);
    CHECK(own && strstr(own, "(the limit: max_row_bytes (kg_graph_set_limits) "
                             "raises it)"));
    CHECK(own && strstr(own, "since '2020-13' is not a date"));
    CHECK(own && strstr(own, "\ntypes") && !strstr(own, "--"));
    CHECK(named && strstr(named, "(the limit: --max-row raises it)"));
    CHECK(named && strstr(named, "--since '2020-13' is not a date"));
    CHECK(named && strstr(named, "\n--types"));
    free(own);
    free(named);
}

/* The rule itself: the days a date covers, leap years, the forms, and
 * day numbers written back, across the four centuries of the calendar's
 * cycle. */
TEST(a_date_covers_its_days)
{
    kg_date d;
    CHECK_INT(kg_date_read("1970-01-01", 10, &d), 0);
    CHECK_INT(d.first, 0);
    CHECK_INT(d.last, 0);
    CHECK_INT(kg_date_read("2018", 4, &d), 0);
    CHECK_INT(d.last - d.first, 364);
    CHECK_INT(kg_date_read("2024-02", 7, &d), 0);
    CHECK_INT(d.last - d.first, 28);
    CHECK_INT(kg_date_read("1900-02", 7, &d), 0);
    CHECK_INT(d.last - d.first, 27);
    CHECK_INT(kg_date_read("2019-12-31xyz", 10, &d), 0); /* len bounds it */
    static const char *const none[] = {"2014-02-31",
                                       "2023-02-29",
                                       "1900-02-29",
                                       "2019-04-31",
                                       "2019-00",
                                       "2019-13",
                                       "2019-1",
                                       "2019-01-1",
                                       "2019/01/01/",
                                       "+2019",
                                       " 2019",
                                       "201",
                                       "20190",
                                       "2019-01-00",
                                       "x019",
                                       "2019-01-01T",
                                       ""};
    for (size_t i = 0; i < sizeof none / sizeof *none; i++)
        if (kg_date_read(none[i], strlen(none[i]), NULL) == 0)
            CHECK_STR(none[i], "(no date)");
    CHECK(kg_date_is_day("2000-02-29") && !kg_date_is_day("2000-02"));
    CHECK(!kg_date_is_day("2000-02-29 ") && !kg_date_is_day(NULL));
    char text[11];
    int wrong = 0;
    for (long day = kg_date_days(1999, 1, 1); day < kg_date_days(2401, 1, 1);
         day += 13) {
        kg_date_write(day, text);
        wrong += kg_date_read(text, 10, &d) != 0 || d.first != day;
    }
    CHECK_INT(wrong, 0);
    kg_date_write(kg_date_days(0, 1, 1), text);
    CHECK_STR(text, "0000-01-01");
}

/* Whether y-m-d is a day of the calendar (through the day numbers, not
 * the reader's own month lengths). */
static int real_day(long y, long m, long d)
{
    if (m < 1 || m > 12 || d < 1 || d > 31)
        return 0;
    long yy;
    unsigned mm, dd;
    kg_date_civil(kg_date_days(y, (unsigned)m, (unsigned)d), &yy, &mm, &dd);
    return yy == y && (long)mm == m && (long)dd == d;
}

/* YYYY-MM-DD is read in one step (rules/date.c): every day of four years
 * (leap, not, 1900 and 2000) and days past a month's end, and each digit
 * of a day put out of place by a byte near the digits, read as the
 * calendar says, in every order. */
TEST(iso_days_read_in_one_step_as_the_calendar_says)
{
    static const long years[] = {2019, 2020, 1900, 2000, 0, 9999};
    static const kg_date_order orders[] = {KG_DATE_AUTO, KG_DATE_DMY,
                                           KG_DATE_MDY, KG_DATE_YMD};
    char s[64];
    kg_date d;
    for (size_t i = 0; i < sizeof years / sizeof *years; i++)
        for (long m = 0; m <= 13; m++)
            for (long day = 0; day <= 32; day++) {
                snprintf(s, sizeof s, "%04ld-%02ld-%02ld", years[i], m, day);
                int ok = real_day(years[i], m, day);
                for (size_t o = 0; o < 4; o++) {
                    int rc = kg_date_read_in(s, 10, orders[o], &d);
                    CHECK_INT(rc, ok ? 0 : -1);
                    if (ok && rc == 0)
                        CHECK(d.first == d.last &&
                              d.first == kg_date_days(years[i], (unsigned)m,
                                                      (unsigned)day));
                }
            }
    static const char near[] = {'/', '0' - 2, ':',  ';',        'a',
                                ' ', '+',     '\0', (char)0xB0, (char)0xC0};
    static const int at[] = {0, 1, 2, 3, 5, 6, 8, 9};
    for (size_t k = 0; k < sizeof at / sizeof *at; k++)
        for (size_t c = 0; c < sizeof near; c++) {
            memcpy(s, "2019-05-18", 11);
            s[at[k]] = near[c];
            CHECK_INT(kg_date_read_in(s, 10, KG_DATE_AUTO, &d), -1);
        }
    for (int k = 0; k < 10; k++) { /* each digit everywhere */
        for (size_t a = 0; a < sizeof at / sizeof *at; a++) {
            memcpy(s, "2019-05-18", 11);
            s[at[a]] = (char)('0' + k);
            long y = strtol(s, NULL, 10), m = strtol(s + 5, NULL, 10),
                 day = strtol(s + 8, NULL, 10);
            CHECK_INT(kg_date_read(s, 10, &d), real_day(y, m, day) ? 0 : -1);
        }
    }
}

/* Dates as real data writes them (rules/date.h), each read as the ISO
 * date kg_date_iso writes back; what must stay no date (an impossible
 * day, two-digit years, free text, a day and month in digits with no
 * order); and the hint that tells a day-first column from a month-first
 * one. */
TEST(dates_as_real_data_writes_them)
{
    static const struct {
        const char *text, *iso;
    } forms[] = {
        {"Mar 25, 2015", "2015-03-25"},
        {"March 25, 2015", "2015-03-25"},
        {"march 25 2015", "2015-03-25"},
        {"MAR. 5, 2015", "2015-03-05"},
        {"Jun 8, 2012", "2012-06-08"},
        {"25 March 2015", "2015-03-25"},
        {"25 Mar 2015", "2015-03-25"},
        {"25-Mar-2015", "2015-03-25"},
        {"5-sep-2015", "2015-09-05"},
        {"2015/03/25", "2015-03-25"},
        {"2015.3.5", "2015-03-05"},
        {"20150325", "2015-03-25"},
        {"2015-03-25T14:30:00Z", "2015-03-25"},
        {"2015-03-25T23:30:00+01:00", "2015-03-25"}, /* the day written */
        {"2015-03-25T01:30-0500", "2015-03-25"},
        {"2015-03-25 14:30", "2015-03-25"},
        {"2015-03-25T14:30:00.250+01", "2015-03-25"},
        {"2015-03", "2015-03"},
        {"Mar 2015", "2015-03"},
        {"September 2015", "2015-09"},
        {"2015", "2015"},
        {"2024-02-29", "2024-02-29"},
        {"Feb 29, 2000", "2000-02-29"},
    };
    for (size_t i = 0; i < sizeof forms / sizeof *forms; i++) {
        kg_date d;
        char iso[11] = "(no date)";
        if (kg_date_read(forms[i].text, strlen(forms[i].text), &d) == 0)
            kg_date_iso(&d, iso);
        if (strcmp(iso, forms[i].iso) != 0)
            fprintf(stderr, "  %s\n", forms[i].text);
        CHECK_STR(iso, forms[i].iso);
    }
    static const char *const none[] = {"Mar 32, 2015",
                                       "2015-02-29",
                                       "Feb 29, 1900",
                                       "13/13/2015",
                                       "25/03/15",
                                       "03/25/15",
                                       "Mar 25, 15",
                                       "25-Mar-15",
                                       "Marc 25, 2015",
                                       "Sept 5, 2015",
                                       "Mar  25, 2015",
                                       "Mar 25,2015",
                                       "May. 3, 2015",
                                       "2015-3-25",
                                       "2015-03-25T",
                                       "2015-03-25T24:00",
                                       "2015-03-25T14:30Zx",
                                       "2015-03-25T14:30+15",
                                       "201503",
                                       "2015032",
                                       "Wed, 25 Mar 2015",
                                       "25 March, 2015",
                                       "the 25th of March 2015",
                                       "25/03/2015",
                                       "03/25/2015",
                                       "25.03.2015",
                                       "1/2/2015",
                                       "mid-2015",
                                       "2015 ",
                                       " 2015",
                                       "Q1 2015",
                                       "03-25-2015x"};
    for (size_t i = 0; i < sizeof none / sizeof *none; i++)
        if (kg_date_read(none[i], strlen(none[i]), NULL) == 0)
            CHECK_STR(none[i], "(no date)");
    /* a day and month in digits: in an order, or none */
    kg_date d;
    char iso[11];
    CHECK_INT(kg_date_read_in("25/03/2015", 10, KG_DATE_DMY, &d), 0);
    kg_date_iso(&d, iso);
    CHECK_STR(iso, "2015-03-25");
    CHECK_INT(kg_date_read_in("03/25/2015", 10, KG_DATE_MDY, &d), 0);
    kg_date_iso(&d, iso);
    CHECK_STR(iso, "2015-03-25");
    CHECK_INT(kg_date_read_in("25.03.2015", 10, KG_DATE_DMY, &d), 0);
    CHECK_INT(kg_date_read_in("3-4-2015", 8, KG_DATE_MDY, &d), 0);
    kg_date_iso(&d, iso);
    CHECK_STR(iso, "2015-03-04");
    CHECK_INT(kg_date_read_in("03/25/2015", 10, KG_DATE_DMY, NULL), -1);
    CHECK_INT(kg_date_read_in("25/03/2015", 10, KG_DATE_MDY, NULL), -1);
    CHECK_INT(kg_date_read_in("25/03/2015", 10, KG_DATE_YMD, NULL), -1);
    CHECK_INT(kg_date_read_in("31/02/2015", 10, KG_DATE_DMY, NULL), -1);
    CHECK_INT(kg_date_read_in("25/03/15", 8, KG_DATE_DMY, NULL), -1);
    CHECK_INT(kg_date_read_in("2015/03/25", 10, KG_DATE_YMD, NULL), 0);
    CHECK_INT(kg_date_numeric("25/03/2015", 10), 1);
    CHECK_INT(kg_date_numeric("03/25/2015", 10), 2);
    CHECK_INT(kg_date_numeric("13/13/2015", 10), 3);
    CHECK_INT(kg_date_numeric("03.04.2015", 10), 0);
    CHECK_INT(kg_date_numeric("03/04-2015", 10), -1);
    CHECK_INT(kg_date_numeric("Mar 25, 2015", 12), -1);
    CHECK_INT(kg_date_numeric("2015/03/25", 10), -1);
}

/* Relations with one date column (the name `col`) holding `a` and `b`,
 * read with order `order`; their DOT, diagnostics after it, malloc'd. */
static char *dated_pair(const char *col, const char *a, const char *b,
                        kg_date_order order)
{
    char csv[256];
    snprintf(csv, sizeof csv,
             "source,target,relation,%s\nx,y,paid,%s\n"
             "u,v,paid,%s\n",
             col, a, b);
    kg_buf diags;
    kg_graph *g = graph_with_diags(&diags);
    kg_graph_set_date_order(g, order);
    kg_load_buffer(g, "t.csv", csv, strlen(csv));
    kg_resolve(g);
    char *dot = dot_text(g, 0);
    kg_buf out;
    kg_buf_init(&out);
    kg_buf_puts(&out, dot);
    kg_buf_puts(&out, "----\n");
    kg_buf_puts(&out, diags.data ? diags.data : "");
    free(dot);
    kg_buf_free(&diags);
    kg_graph_free(g);
    return out.data;
}

/* The writer links a key's values only when its row's colset names a key
 * twice (a file may not, code may): each colset is asked once, and the
 * answer kept for it alone (fails when a colset is taken as naming each
 * key once without asking, or one colset's answer is used for another:
 * note=a and note=c instead of note="a; c"). */
TEST(a_colset_naming_a_key_twice_joins_its_values)
{
    kg_graph *g = kg_graph_new();
    uint32_t file = kg_graph_add_file(g, "e.csv");
    const char *k = kg_intern(g, "note", 4), *o = kg_intern(g, "other", 5);
    const char *once[] = {k, o}, *twice[] = {k, o, k};
    uint32_t a = kg_graph_add_colset(g, once, 2);
    uint32_t b = kg_graph_add_colset(g, twice, 3);
    kg_loc at = {file, 2};
    int created = 0;
    uint32_t y = kg_graph_entity(g, "y", 1, at, &created);
    uint32_t x = kg_graph_entity(g, "x", 1, at, &created);
    kg_graph_flag_entity(g, y, KG_ENT_IDENTIFIED);
    kg_graph_flag_entity(g, x, KG_ENT_IDENTIFIED);
    CHECK(kg_graph_entity_cells(g, y, "d\0e", 4, a, at) == 0);
    CHECK(kg_graph_entity_cells(g, x, "a\0b\0c", 6, b, at) == 0);
    CHECK(kg_resolve(g) == KG_OK);
    char *dot = dot_text(g, 0);
    CHECK(dot && strstr(dot, "y [label=\"y\", note=d, other=e"));
    CHECK(dot && strstr(dot, "x [label=\"x\", note=\"a; c\", other=b"));
    free(dot);
    kg_graph_free(g);
}

/* kg_graph_date_text, which reads a day written as ISO without asking
 * its key's order, gives what the key's order reads (kg_graph_date, then
 * kg_date_iso) for every order, over days in and out of range, in other
 * forms and malformed (fails when the ISO day is not checked: a 13th
 * month is no date). */
TEST(graph_date_text_reads_iso_days_in_any_order)
{
    const char *values[] = {"2020-02-29",
                            "2021-02-29",
                            "2020-13-01",
                            "2020-00-10",
                            "2020-12-32",
                            "0000-01-01",
                            "9999-12-31",
                            "2020-1a-01",
                            "2020-01-0x",
                            "20-01-2020",
                            "03-04-2015",
                            "13-04-2015",
                            "03/04/2015",
                            "2015-03",
                            "2015",
                            "20150325",
                            "2020-01-01T10:00",
                            "Mar 25, 2015",
                            "25 March 2015",
                            "2020/3/5",
                            "x",
                            "",
                            "2020-01-01 ",
                            "-020-01-01"};
    const kg_date_order orders[] = {KG_DATE_AUTO, KG_DATE_DMY, KG_DATE_MDY,
                                    KG_DATE_YMD};
    for (size_t o = 0; o < sizeof orders / sizeof *orders; o++) {
        kg_graph *g = kg_graph_new();
        const char *key = kg_intern(g, "when", 4);
        CHECK(key && kg_graph_date_column(g, key, orders[o]) == 0);
        for (size_t i = 0; key && i < sizeof values / sizeof *values; i++) {
            char got[11], want[11];
            kg_date d;
            const char *text = kg_graph_date_text(g, key, values[i], got);
            if (kg_graph_date(g, key, values[i], &d)) {
                CHECK(text == NULL);
                continue;
            }
            kg_date_iso(&d, want);
            CHECK(text != NULL);
            CHECK_STR(text ? text : "", want);
        }
        kg_graph_free(g);
    }
}

/* A date column (date, start_date, begin_date, start, end_date, end, a
 * `:date` column) is drawn in the DOT as its ISO date, the text kept as
 * data_KEY when it differs (data_key.h), a value that is no date kept
 * only so.  Its day-and-month-in-digits values are read day first when
 * one has a first number over 12, month first when one has a second
 * over 12, as kg_graph_set_date_order says when set; a column with
 * neither, or both, reads none of them, and says so once. */
TEST(a_date_column_is_drawn_as_iso_and_keeps_its_text)
{
    char *t = dated_pair("begin_date", "\"Mar 25, 2015\"", "2015-04-01",
                         KG_DATE_AUTO);
    CHECK(t && strstr(t, "begin_date=\"2015-03-25\", "
                         "data_begin_date=\"Mar 25, 2015\""));
    CHECK(t && strstr(t, "begin_date=\"2015-04-01\""));
    CHECK(t && !strstr(t, "data_begin_date=\"2015-04-01\""));
    CHECK(t && strstr(t, "From: Mar 25, 2015")); /* the tooltip as written */
    free(t);
    static const char *const roles[] = {"date",     "start_date", "begin_date",
                                        "end_date", "End",        "when:date"};
    for (size_t i = 0; i < sizeof roles / sizeof *roles; i++) {
        char key[32], want[128];
        snprintf(key, sizeof key, "%s", roles[i]);
        char *colon = strchr(key, ':');
        if (colon)
            *colon = '\0';
        t = dated_pair(roles[i], "25-Mar-2015", "x", KG_DATE_AUTO);
        snprintf(want, sizeof want,
                 " %s=\"2015-03-25\", data_%s=\"25-Mar-2015\"", key, key);
        if (!t || !strstr(t, want))
            fprintf(stderr, "  %s\n", roles[i]);
        CHECK(t && strstr(t, want));
        snprintf(want, sizeof want, "data_%s=x", key);
        CHECK(t && strstr(t, want));
        free(t);
    }
    /* `start` is Graphviz's too (a layout's seed): data only, as ever */
    t = dated_pair("start", "25-Mar-2015", "x", KG_DATE_AUTO);
    CHECK(t && strstr(t, "data_start=\"25-Mar-2015\"") &&
          !strstr(t, " start="));
    CHECK(t && strstr(t, "From: 25-Mar-2015"));
    free(t);
    t = dated_pair("note", "\"Mar 25, 2015\"", "x", KG_DATE_AUTO);
    CHECK(t && strstr(t, "note=\"Mar 25, 2015\"") && !strstr(t, "data_note"));
    free(t);
    /* the order the column shows */
    t = dated_pair("date", "25/03/2015", "03/04/2015", KG_DATE_AUTO);
    CHECK(t && strstr(t, "date=\"2015-04-03\", data_date=\"03/04/2015\""));
    CHECK(t && !strstr(t, "t.csv:0:"));
    free(t);
    t = dated_pair("date", "03/25/2015", "03/04/2015", KG_DATE_AUTO);
    CHECK(t && strstr(t, "date=\"2015-03-04\", data_date=\"03/04/2015\""));
    free(t);
    t = dated_pair("date", "03/04/2015", "05/06/2015", KG_DATE_AUTO);
    CHECK(t && !strstr(t, " date="));
    CHECK(t && strstr(t, "t.csv:0: 2 values in column 'date' could be "
                         "day/month or month/day (e.g. line 2: '03/04/2015') "
                         "and are not read as dates; set "
                         "kg_graph_set_date_order\n"));
    free(t);
    t = dated_pair("date", "25/03/2015", "03/25/2015", KG_DATE_AUTO);
    CHECK(t && !strstr(t, " date="));
    CHECK(t &&
          strstr(t, "t.csv:0: column 'date' writes the day first (line "
                    "2: '25/03/2015') and the month first (line 3: "
                    "'03/25/2015'): its 2 dates with the day and month "
                    "in digits are not read; set kg_graph_set_date_order"));
    free(t);
    t = dated_pair("date", "03/04/2015", "05/06/2015", KG_DATE_MDY);
    CHECK(t && strstr(t, "date=\"2015-03-04\"") &&
          strstr(t, "date=\"2015-05-06\""));
    CHECK(t && !strstr(t, "t.csv:0:"));
    free(t);
    t = dated_pair("date", "03/04/2015", "31/04/2015", KG_DATE_DMY);
    CHECK(t && strstr(t, "date=\"2015-04-03\""));
    CHECK(t && strstr(t, "t.csv:0: 1 value in column 'date' is not a date "
                         "(e.g. line 3: '31/04/2015'); its relation is "
                         "undated\n"));
    free(t);
    kg_graph *g = kg_graph_new();
    CHECK_INT(kg_graph_set_date_order(g, (kg_date_order)7), KG_ERR_USAGE);
    CHECK_INT(kg_graph_set_date_order(NULL, KG_DATE_DMY), KG_ERR_USAGE);
    kg_graph_free(g);
}

/* What g writes with writer w (0 GEXF, 1 timeline), malloc'd; the
 * timeline's count of undated relations in *undated. */
static char *written_by(const kg_graph *g, int w, unsigned long *undated)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f)
        return NULL;
    kg_dot_options o = kg_dot_defaults();
    o.no_layout = 1;
    kg_status st = w == 0 ? kg_write_export(g, f, KG_EXPORT_GEXF, &o)
                          : kg_write_timeline(g, f, &o, KG_TIME_REAL, undated);
    fclose(f);
    if (st != KG_OK) {
        free(text);
        return NULL;
    }
    return text;
}

/* kg_xml_text as it was, a byte at a time (no run copied at once, no
 * NUL in its table): the reference for the escaper's runs. */
static void xml_text_bytewise(kg_buf *b, const char *s, int label,
                              unsigned long *replaced)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        int nonchar =
            p[0] == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF);
        int control = *p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r';
        if (nonchar || control) {
            kg_buf_puts(b, "\xEF\xBF\xBD");
            p += nonchar ? 2 : 0;
            (*replaced)++;
            continue;
        }
        switch (*p) {
        case '&': kg_buf_puts(b, "&amp;"); break;
        case '<': kg_buf_puts(b, "&lt;"); break;
        case '>': kg_buf_puts(b, "&gt;"); break;
        case '"': kg_buf_puts(b, "&quot;"); break;
        case '\'': kg_buf_puts(b, "&#39;"); break;
        case '\n': kg_buf_puts(b, label ? "<br/>" : "&#10;"); break;
        case '\r': kg_buf_puts(b, label ? "" : "&#13;"); break;
        case '\t': kg_buf_puts(b, label ? " " : "&#9;"); break;
        default: kg_buf_putc(b, (char)*p);
        }
    }
}

/* The XML escaper's runs (a table with the NUL in it, each run copied at
 * once) write what escaping a byte at a time writes: every byte alone,
 * first, inside and last in a run, and U+FFFE, U+FFFF and their
 * beginnings, in text and in a label, with the same count replaced. */
TEST(xml_text_runs_write_what_bytes_do)
{
    static const char *const around[][2] = {
        {"", ""},
        {"ab", "cd"},
        {"", "xyz0123456789abcdefgh"},
        {"plain text longer than sixteen", ""}};
    static const char *const nonchars[] = {"\xEF\xBF\xBE", "\xEF\xBF\xBF",
                                           "\xEF\xBF",     "\xEF",
                                           "\xEF\xBF\xBD", "\xEF\xBB\xBF"};
    int bad = 0;
    for (int label = 0; label < 2; label++)
        for (size_t a = 0; a < sizeof around / sizeof *around; a++)
            for (int c = 1; c < 256 + (int)(sizeof nonchars / sizeof *nonchars);
                 c++) {
                char one[2] = {(char)c, '\0'}, text[128];
                snprintf(text, sizeof text, "%s%s%s", around[a][0],
                         c < 256 ? one : nonchars[c - 256], around[a][1]);
                kg_buf got, want;
                kg_buf_init(&got);
                kg_buf_init(&want);
                kg_out o;
                kg_out_init_mem(&o, &got);
                unsigned long r_got = 0, r_want = 0;
                kg_xml_text(&o, text, label, &r_got);
                kg_out_flush(&o);
                xml_text_bytewise(&want, text, label, &r_want);
                bad +=
                    r_got != r_want || strcmp(got.data ? got.data : "",
                                              want.data ? want.data : "") != 0;
                kg_buf_free(&got);
                kg_buf_free(&want);
            }
    CHECK_INT(bad, 0);
}

/* GEXF writes each column's `<attvalue for="KEY" value="` once and
 * copies it (gexf.c's openings): the bytes the key's prefix and escape
 * wrote at each value, as main's binary wrote them for this graph, and
 * a control character in a key counted at every value it opens. */
TEST(gexf_openings_write_what_each_value_did)
{
    static const char ents[] = "id,x<y,data_z,k\001q,tag\n"
                               "p,1&2,z,c,a\n"
                               "q,3,,d,\n"
                               "p,,,,b\n";
    static const char rels[] = "source,target,relation,x<y\n"
                               "p,q,knows,e&f\n";
    kg_buf diags;
    kg_graph *g = graph_with_diags(&diags);
    CHECK_INT(kg_load_buffer(g, "e.csv", ents, sizeof ents - 1), KG_OK);
    CHECK_INT(kg_load_buffer(g, "r.csv", rels, sizeof rels - 1), KG_OK);
    CHECK_INT(kg_resolve(g), KG_OK);
    char *gexf = written_by(g, 0, NULL);
    CHECK(gexf && strstr(gexf, "        <attvalues>\n"
                               "        <attvalue for=\"x&lt;y\" "
                               "value=\"1&amp;2\"/>\n"
                               "        <attvalue for=\"data_data_z\" "
                               "value=\"z\"/>\n"
                               "        <attvalue for=\"k\xEF\xBF\xBDq\" "
                               "value=\"c\"/>\n"
                               "        <attvalue for=\"tag\" "
                               "value=\"[a, b]\"/>\n"
                               "        </attvalues>\n") != NULL);
    CHECK(gexf && strstr(gexf, "        <attvalue for=\"x&lt;y\" "
                               "value=\"3\"/>\n"
                               "        <attvalue for=\"k\xEF\xBF\xBDq\" "
                               "value=\"d\"/>\n") != NULL);
    CHECK(gexf && strstr(gexf, "        <attvalue for=\"type\" "
                               "value=\"knows\"/>\n"
                               "        <attvalue for=\"directed\" "
                               "value=\"true\"/>\n"
                               "        <attvalue for=\"x&lt;y\" "
                               "value=\"e&amp;f\"/>\n") != NULL);
    /* two in the key's declaration (id and title), one at each value */
    CHECK(diags.data &&
          strstr(diags.data, "4 characters XML cannot hold") != NULL);
    free(gexf);
    kg_graph_free(g);
    kg_buf_free(&diags);
}

/* The exporter finds a cell's column by its place in its file's columns
 * (exporter.c's cells_at), an item's by its key: two entity files with
 * their columns in other orders, and a second row of p from the other
 * file (items, after p's cells) give each value its own column.  A
 * column's type comes from every value: 007 is no long (a double, as
 * strtod reads it), 16 digits are text, 15 a long. */
TEST(export_columns_are_found_by_place_and_by_key)
{
    static const char e1[] = "id,a,b,n,w\n"
                             "p,1,x,5,123456789012345\n";
    static const char e2[] = "id,b,a,c,n,w\n"
                             "q,y,2,z,007,1234567890123456\n"
                             "p,v,3,,,\n";
    kg_buf diags;
    kg_graph *g = graph_with_diags(&diags);
    CHECK_INT(kg_load_buffer(g, "e1.csv", e1, sizeof e1 - 1), KG_OK);
    CHECK_INT(kg_load_buffer(g, "e2.csv", e2, sizeof e2 - 1), KG_OK);
    CHECK_INT(kg_resolve(g), KG_OK);
    char *gexf = written_by(g, 0, NULL);
    CHECK(gexf && strstr(gexf, "<attribute id=\"a\" title=\"a\" "
                               "type=\"liststring\"/>\n"
                               "      <attribute id=\"b\" title=\"b\" "
                               "type=\"liststring\"/>\n"
                               "      <attribute id=\"n\" title=\"n\" "
                               "type=\"double\"/>\n"
                               "      <attribute id=\"w\" title=\"w\" "
                               "type=\"string\"/>\n"
                               "      <attribute id=\"c\" title=\"c\" "
                               "type=\"string\"/>\n") != NULL);
    CHECK(gexf && strstr(gexf, "<attvalue for=\"a\" value=\"[1, 3]\"/>\n"
                               "        <attvalue for=\"b\" "
                               "value=\"[x, v]\"/>\n"
                               "        <attvalue for=\"n\" value=\"5\"/>\n"
                               "        <attvalue for=\"w\" "
                               "value=\"123456789012345\"/>\n"
                               "        </attvalues>") != NULL);
    CHECK(gexf && strstr(gexf, "<attvalue for=\"a\" value=\"[2]\"/>\n"
                               "        <attvalue for=\"b\" "
                               "value=\"[y]\"/>\n"
                               "        <attvalue for=\"n\" value=\"007\"/>\n"
                               "        <attvalue for=\"w\" "
                               "value=\"1234567890123456\"/>\n"
                               "        <attvalue for=\"c\" value=\"z\"/>\n"
                               "        </attvalues>") != NULL);
    free(gexf);
    kg_graph_free(g);
    kg_buf_free(&diags);
    static const char e3[] = "id,w\np,123456789012345\nq,0\n";
    g = graph_with_diags(&diags);
    CHECK_INT(kg_load_buffer(g, "e3.csv", e3, sizeof e3 - 1), KG_OK);
    CHECK_INT(kg_resolve(g), KG_OK);
    gexf = written_by(g, 0, NULL);
    CHECK(gexf && strstr(gexf, "<attribute id=\"w\" title=\"w\" "
                               "type=\"long\"/>\n") != NULL);
    free(gexf);
    kg_graph_free(g);
    kg_buf_free(&diags);
}

/* A relation's spell comes from the first value of a date role in its
 * values, as kg_graph_date_roles finds it: GEXF reads the role's column
 * from the values it wrote only when each role has one column (gexf.c's
 * `role`).  With Date and date both, the first in the row is the date;
 * from two files in other orders, each row's own. */
TEST(gexf_spells_come_from_each_roles_first_value)
{
    static const char r1[] = "source,target,relation,Date,date\n"
                             "a,b,met,2019-05-05,2020-01-01\n"
                             "c,d,met,,2020-01-02\n";
    static const char r2[] = "source,target,relation,end,start,weight\n"
                             "e,f,met,2021-03,2021-01-02,4\n";
    static const char r3[] = "source,target,relation,start,weight,end\n"
                             "g,h,met,2022-02-02,5,2022-03-03\n";
    kg_buf diags;
    kg_graph *g = graph_with_diags(&diags);
    CHECK_INT(kg_load_buffer(g, "r1.csv", r1, sizeof r1 - 1), KG_OK);
    CHECK_INT(kg_resolve(g), KG_OK);
    char *gexf = written_by(g, 0, NULL);
    CHECK(gexf && strstr(gexf, "<spell start=\"2019-05-05\" "
                               "end=\"2019-05-05\"/>") != NULL);
    CHECK(gexf && strstr(gexf, "<spell start=\"2020-01-02\" "
                               "end=\"2020-01-02\"/>") != NULL);
    CHECK(gexf && strstr(gexf, "2020-01-01\" end") == NULL);
    free(gexf);
    kg_graph_free(g);
    kg_buf_free(&diags);
    g = graph_with_diags(&diags);
    CHECK_INT(kg_load_buffer(g, "r2.csv", r2, sizeof r2 - 1), KG_OK);
    CHECK_INT(kg_load_buffer(g, "r3.csv", r3, sizeof r3 - 1), KG_OK);
    CHECK_INT(kg_resolve(g), KG_OK);
    gexf = written_by(g, 0, NULL);
    CHECK(gexf && strstr(gexf, "<spell start=\"2021-01-02\" "
                               "end=\"2021-03-31\"/>") != NULL);
    CHECK(gexf && strstr(gexf, "<spell start=\"2022-02-02\" "
                               "end=\"2022-03-03\"/>") != NULL);
    free(gexf);
    kg_graph_free(g);
    kg_buf_free(&diags);
}

/* What a look memo keeps with each look (its yEd shape and line type)
 * and an edge's text as its type reads are what the helpers give asked
 * each time: shapes and styles from a sheet, types with and without
 * '_'. */
TEST(export_looks_and_edge_texts_are_what_the_helpers_give)
{
    static const char sheet[] = "kind,type,shape,style\n"
                                "node,person,box,\"filled,rounded\"\n"
                                "node,vessel,hexagon,\"filled,dotted\"\n"
                                "edge,knows,,dashed\n"
                                "edge,owns,,dotted\n";
    static const char ents[] = "id,type\np,person\nv,vessel\nc,company\n";
    static const char rels[] = "source,target,relation\n"
                               "p,v,owns\np,c,knows\nc,v,family_of\n"
                               "v,p,secretary_general_of\nc,p,pays\n";
    char path[] = "/tmp/kgraph-style-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    CHECK(write(fd, sheet, sizeof sheet - 1) == (ssize_t)(sizeof sheet - 1));
    close(fd);
    kg_graph *g = kg_graph_new();
    kg_graph_set_diag(g, NULL, NULL);
    CHECK_INT(kg_load_style(g, path), KG_OK);
    unlink(path);
    CHECK_INT(kg_load_buffer(g, "e.csv", ents, sizeof ents - 1), KG_OK);
    CHECK_INT(kg_load_buffer(g, "r.csv", rels, sizeof rels - 1), KG_OK);
    CHECK_INT(kg_resolve(g), KG_OK);
    kg_exporter x;
    CHECK_INT(kg_exporter_init(&x, g, NULL, NULL), 0);
    kg_buf seen, want;
    kg_buf_init(&seen);
    kg_buf_init(&want);
    int wrong = 0;
    for (int pass = 0; pass < 2; pass++) /* the second from the memos */
        for (uint32_t e = 0; e < kg_nents(g); e++) {
            kg_export_look k = kg_export_node_look(&x, e);
            wrong += strcmp(k.yed, kg_export_yed_shape(&k)) != 0 ||
                     strcmp(k.line, kg_export_line_type(k.style)) != 0;
            kg_buf_puts(&seen, k.yed);
            kg_buf_puts(&seen, " ");
            kg_buf_puts(&seen, k.line);
            kg_buf_puts(&seen, " ");
        }
    for (int pass = 0; pass < 2; pass++)
        for (uint32_t r = 0; r < kg_nrels(g); r++) {
            const kg_relation *rel = kg_rel(g, r);
            kg_export_look k = kg_export_edge_look(&x, rel);
            wrong += strcmp(k.line, kg_export_line_type(k.style)) != 0;
            kg_buf_puts(&seen, k.line);
            kg_buf_puts(&seen, " ");
            kg_buf_clear(&want);
            kg_type_text(&want, kg_rel_type(g, rel));
            const char *text = kg_export_edge_text(&x, rel);
            wrong += strcmp(text, want.data) != 0;
            kg_buf_puts(&seen, text);
            kg_buf_puts(&seen, "|");
        }
    CHECK_INT(wrong, 0);
    const char *s = seen.data ? seen.data : "";
    CHECK(strstr(s, "roundrectangle line ") && strstr(s, "hexagon dotted ") &&
          strstr(s, "dashed knows|") && strstr(s, "dotted owns|") &&
          strstr(s, "line family of|") && strstr(s, "secretary general of|"));
    kg_buf_free(&seen);
    kg_buf_free(&want);
    kg_exporter_free(&x);
    kg_graph_free(g);
}

/* One date rule (rules/date.h) wherever kgraph reads a date: a real
 * calendar day.  2014-02-31, 2023-02-29 and 1900-02-29 are none;
 * 2024-02-29 and 2000-02-29 are days.  The reader counts a `:date`
 * column's values that are none in one warning (the first named) and
 * keeps them as text; the filters refuse such a window and count such a
 * relation undated, in one warning; the timeline leaves it off; the GEXF
 * gives it no spell. */
TEST(one_date_rule_reads_only_real_days)
{
    static const char ents[] = "id:ID,born:date\n"
                               "p,2014-02-31\n"
                               "q,2000-02-29\n"
                               "r,1900-02-29\n"
                               "s,2019-04\n";
    static const char rels[] = "source,target,relation,date\n"
                               "a,b,met,2014-02-31\n"
                               "c,d,met,2024-02-29\n"
                               "e,f,met,2023-02-29\n"
                               "g,h,met,2019-02\n";
    kg_buf diags;
    kg_graph *g = graph_with_diags(&diags);
    CHECK_INT(kg_load_buffer(g, "e.csv", ents, sizeof ents - 1), KG_OK);
    CHECK_INT(kg_load_buffer(g, "r.csv", rels, sizeof rels - 1), KG_OK);
    CHECK_INT(kg_resolve(g), KG_OK);
    const char *said = diags.data ? diags.data : "";
    CHECK(strstr(said, "e.csv:0: 2 values in column 'born:date' are not dates "
                       "(e.g. line 2: '2014-02-31'); kept as text\n") != NULL);
    CHECK(strstr(said, "r.csv:0: 2 values in column 'date' are not dates "
                       "(e.g. line 2: '2014-02-31'); their relations are "
                       "undated\n") != NULL);
    CHECK(strstr(said, "e.csv:3:") == NULL && strstr(said, "e.csv:5:") == NULL);
    unsigned long undated = 0;
    char *timeline = written_by(g, 1, &undated);
    CHECK(timeline != NULL);
    CHECK_INT(undated, 2);
    free(timeline);
    char *gexf = written_by(g, 0, NULL);
    CHECK(gexf && strstr(gexf, "<spell start=\"2024-02-29\" "
                               "end=\"2024-02-29\"/>") != NULL);
    CHECK(gexf && strstr(gexf, "<spell start=\"2019-02-01\" "
                               "end=\"2019-02-28\"/>") != NULL);
    int spells = 0;
    for (const char *p = gexf; p && (p = strstr(p, "<spell ")); p++)
        spells++;
    CHECK_INT(spells, 2);
    free(gexf);
    kg_filter f = kg_filter_defaults();
    const char *windows[] = {"2014-02-31", "2023-02-29", "2019-13",
                             "+201",       " 2019",      "2019-1-01"};
    for (size_t i = 0; i < sizeof windows / sizeof *windows; i++) {
        f.since = windows[i];
        CHECK_INT(kg_apply_filter(g, &f), KG_ERR_USAGE);
    }
    f.since = "2024-02-29";
    CHECK_INT(kg_apply_filter(g, &f), KG_OK);
    said = diags.data ? diags.data : "";
    CHECK(strstr(said, "r.csv:2: date '2014-02-31' is not a date; this "
                       "relation and 1 more whose dates cannot be read count "
                       "as undated\n") != NULL);
    CHECK(strstr(said, "r.csv:4: date") == NULL); /* counted, not again */
    /* only 2019-02 ends before the window; the two undated stay */
    const char *step;
    unsigned long nodes = 0, edges = 0;
    CHECK(kg_filter_step(g, 0, &step, &nodes, &edges));
    CHECK_INT(edges, 1);
    kg_graph_free(g);
    kg_buf_free(&diags);
}

TEST(a_failed_write_says_why_through_the_callback)
{
    FILE *full = fopen("/dev/full", "w");
    if (!full) {
        fprintf(stderr, "skipped: no /dev/full\n");
        return;
    }
    kg_graph *g = kg_graph_new();
    kg_buf said;
    kg_buf_init(&said);
    kg_graph_set_diag(g, keep_failures, &said);
    static const char rels[] = "source,target,relation,evidence\n"
                               "a,b,met,\"a said so\"\n";
    CHECK_INT(kg_load_buffer(g, "r.csv", rels, sizeof rels - 1), KG_OK);
    CHECK_INT(kg_resolve(g), KG_OK);
    static const char want[] = "cannot write: No space left on device\n";
    /* each writer, to a full disk: KG_ERR_IO, and the reason said once */
    for (int w = 0; w < 6; w++) {
        kg_buf_clear(&said);
        clearerr(full);
        kg_status st = w == 0   ? kg_write_dot(g, full, NULL)
                       : w == 1 ? kg_write_stats(g, full, KG_STATS_JSON, 5)
                       : w == 2
                           ? kg_write_export(g, full, KG_EXPORT_GRAPHML, NULL)
                       : w == 3 ? kg_write_sources(g, full, KG_SOURCES_MARKDOWN)
                       : w == 4 ? kg_write_merge_report(g, full)
                                : kg_render(g, NULL, "svg", "dot", full);
        CHECK_INT(st, KG_ERR_IO);
        CHECK_STR(said.data ? said.data : "", want);
    }
    /* a render's failure: said, not counted among the input's errors */
    kg_buf_clear(&said);
    CHECK_INT(kg_render(g, NULL, "vrml", "dot", stdout), KG_ERR_USAGE);
    CHECK(said.data && strstr(said.data, "does not render this format"));
    CHECK_INT(kg_graph_stats(g).errors, 0);
    kg_graph_free(g);
    kg_buf_free(&said);
    fclose(full);
}

/* One graph's life on a thread: load, resolve, filter, stats, DOT, an
 * export with positions and an SVG (Graphviz: the library's lock). */
typedef struct life {
    const char *rels;
    char *stats, *dot, *graphml, *svg;
    kg_status st;
} life;

/* Neither sanitizer follows a process that forks while another thread
 * runs: ThreadSanitizer's child says "dup thread with used id", and
 * AddressSanitizer's (GCC 12) can inherit its allocator's lock held by
 * the other thread and wait for it forever (a run of make test hung so).
 * Under either, the export is written without the positions a child lays
 * out; the plain run takes that path on two threads (glibc's malloc is
 * safe across fork). */
#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
#define NO_FORK_BESIDE_THREADS 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer) || __has_feature(address_sanitizer)
#define NO_FORK_BESIDE_THREADS 1
#endif
#endif

static char *into_text(kg_graph *g, int what, kg_status *st)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f) {
        *st = KG_ERR_NOMEM;
        return NULL;
    }
    kg_dot_options o = kg_dot_defaults();
#ifdef NO_FORK_BESIDE_THREADS
    o.no_layout = 1;
#endif
    kg_status s = what == 0   ? kg_write_stats(g, f, KG_STATS_JSON, 3)
                  : what == 1 ? kg_write_dot(g, f, NULL)
                  : what == 2 ? kg_write_export(g, f, KG_EXPORT_GRAPHML, &o)
                              : kg_render(g, NULL, "svg", "dot", f);
    fclose(f);
    if (s != KG_OK)
        *st = s;
    return text;
}

static void *live(void *arg)
{
    life *l = arg;
    kg_graph *g = kg_graph_new();
    l->st = kg_load_buffer(g, "r.csv", l->rels, strlen(l->rels));
    if (l->st == KG_OK)
        l->st = kg_resolve(g);
    kg_filter f = kg_filter_defaults();
    f.min_degree = 1;
    if (l->st == KG_OK)
        l->st = kg_apply_filter(g, &f);
    l->stats = into_text(g, 0, &l->st);
    l->dot = into_text(g, 1, &l->st);
    l->graphml = into_text(g, 2, &l->st);
    l->svg = into_text(g, 3, &l->st);
    kg_graph_free(g);
    return NULL;
}

static void life_free(life *l)
{
    free(l->stats);
    free(l->dot);
    free(l->graphml);
    free(l->svg);
}

TEST(two_graphs_live_on_two_threads)
{
    static const char a[] = "source,target,relation\n"
                            "Ann,Bob,knows\nBob,Cy,pays\nCy,Ann,calls\n";
    static const char b[] = "source,target,relation,date\n"
                            "Oslo,Rome,flight,2024-01-01\n"
                            "Rome,Lima,ship,2024-02-02\n";
    life alone[2] = {{.rels = a}, {.rels = b}};
    live(&alone[0]); /* one after the other: what each must give */
    live(&alone[1]);
    for (int round = 0; round < 3; round++) {
        life both[2] = {{.rels = a}, {.rels = b}};
        pthread_t t[2];
        for (int i = 0; i < 2; i++)
            CHECK_INT(pthread_create(&t[i], NULL, live, &both[i]), 0);
        for (int i = 0; i < 2; i++)
            pthread_join(t[i], NULL);
        for (int i = 0; i < 2; i++) {
            CHECK_INT(both[i].st, KG_OK);
            CHECK_STR(both[i].stats, alone[i].stats);
            CHECK_STR(both[i].dot, alone[i].dot);
            CHECK_STR(both[i].graphml, alone[i].graphml);
            CHECK_STR(both[i].svg, alone[i].svg);
            life_free(&both[i]);
        }
    }
    CHECK(alone[0].svg && strstr(alone[0].svg, ">Ann<"));
    CHECK(alone[1].graphml && strstr(alone[1].graphml, "Lima"));
    life_free(&alone[0]);
    life_free(&alone[1]);
}

/* ---- Out of memory ---- */

/* Writes what `what` writes of g to f; the status.  (Through stdio: the
 * test's own memory must not come from the allocations it counts.) */
static kg_status append_output(kg_graph *g, int what, FILE *f)
{
    kg_dot_options o = kg_dot_defaults();
    o.no_layout = 1;
    o.cite = 1;
    kg_status st = what == 0   ? kg_write_dot(g, f, &o)
                   : what == 1 ? kg_write_stats(g, f, KG_STATS_JSON, 5)
                   : what == 2 ? kg_write_export(g, f, KG_EXPORT_GRAPHML, &o)
                   : what == 3 ? kg_write_export(g, f, KG_EXPORT_FTM, &o)
                   : what == 4 ? kg_write_sources(g, f, KG_SOURCES_HTML)
                   : what == 5
                       ? kg_write_merge_report(g, f)
                       : kg_write_timeline(g, f, &o, KG_TIME_REAL, NULL);
    return st;
}

/* A small graph's whole life (load, resolve, fold, filter, communities,
 * every writer) with allocation n failing (0: none).  Its outputs go to
 * *text (malloc'd, *len bytes); returns the first status that is not
 * KG_OK. */
static kg_status life_failing_at(long n, char **text, size_t *len)
{
    static const char ents[] = "id,name,type,aliases,country\n"
                               "p1,Ann Lee,person,A. Lee|Annie,Morocco\n"
                               "a1,Interpol,agency,,\n"
                               "p2,Bob Roy,person,,France\n"
                               "x9,Hidden,thing,,\n";
    static const char rels[] =
        "source,target,relation,evidence,date,confidence\n"
        "A. Lee,Interpol,works for,\"she said \"\"yes\"\"\",2024-01-02,0.9\n"
        "Bob Roy,Interpol,works for,,2023,0.5\n"
        "Annie,Bob Roy,knows,a quote,,\n"
        "p1,p2,knows,another,,\n"
        "Interpol,x9,holds,,,\n"
        "Interpol,Nobody,calls,,,\n";
    FILE *all = open_memstream(text, len);
    if (!all)
        return KG_ERR_IO;
    kg_alloc_fail_at(n);
    kg_graph *g = kg_graph_new();
    kg_status st = g ? KG_OK : KG_ERR_NOMEM;
    if (st == KG_OK)
        st = kg_load_buffer(g, "e.csv", ents, sizeof ents - 1);
    if (st == KG_OK)
        st = kg_load_buffer(g, "r.csv", rels, sizeof rels - 1);
    if (st == KG_OK)
        st = kg_resolve(g);
    if (st == KG_OK)
        st = kg_merge_edges(g);
    kg_filter f = kg_filter_defaults();
    f.exclude_types = "thing";
    if (st == KG_OK)
        st = kg_apply_filter(g, &f);
    size_t communities = 0;
    if (st == KG_OK)
        st = kg_find_communities(g, &communities);
    for (int what = 0; what < 7 && st == KG_OK; what++)
        st = append_output(g, what, all);
    if (st == KG_OK && kg_graph_stats(g).errors)
        st = KG_ERR_INPUT; /* a failed allocation taken for bad input */
    kg_graph_free(g);
    fclose(all);
    return st;
}

/* A run whose every allocation can be failed: allocation n fails (0:
 * none); its outputs into *text (malloc'd, *len bytes); its status. */
typedef kg_status (*failing_run)(long n, char **text, size_t *len);

/* Runs `run` failing its 1st, 2nd... allocation until it has no more,
 * and checks each either says KG_ERR_NOMEM or gives the output of a run
 * that failed nothing.  The number of allocations; *nomem of those runs
 * said KG_ERR_NOMEM. */
static long fail_each_allocation(failing_run run, const char *what, long *nomem)
{
    char *want = NULL, *got = NULL;
    size_t want_len = 0, got_len = 0;
    CHECK_INT(run(0, &want, &want_len), KG_OK);
    long n, same = 0;
    *nomem = 0;
    for (n = 1; n < 100000; n++) {
        free(got);
        got = NULL;
        kg_status st = run(n, &got, &got_len);
        int happened = !kg_alloc_pending();
        kg_alloc_fail_at(0);
        if (!happened)
            break; /* the run has fewer allocations than n */
        if (st == KG_ERR_NOMEM) {
            ++*nomem;
            continue;
        }
        /* else the failure was met by another way to the same result */
        if (st != KG_OK || got_len != want_len ||
            memcmp(got, want, want_len) != 0) {
            fprintf(stderr,
                    "  %s: allocation %ld failed: status %d, %s output\n", what,
                    n, (int)st, st == KG_OK ? "a different" : "no");
            CHECK(0);
            break;
        }
        same++;
    }
    fprintf(stderr,
            "  out of memory (%s): %ld allocations, each failed in turn: "
            "%ld KG_ERR_NOMEM, %ld the same output\n",
            what, n - 1, *nomem, same);
    free(want);
    free(got);
    return n - 1;
}

TEST(every_allocation_can_fail_and_is_told)
{
    long nomem;
    CHECK(fail_each_allocation(life_failing_at, "a graph's life", &nomem) >
          200);
    CHECK(nomem > 100);
}

static const char *hex_digest(const void *data, size_t len, char *out)
{
    unsigned char d[32];
    kg_sha256(data, len, d);
    for (int i = 0; i < 32; i++)
        sprintf(out + 2 * i, "%02x", d[i]);
    return out;
}

/* Every column picture.h says a relation comes from reaches the line's
 * tooltip (a link: its URL), so that the tooltip, the sources table, the
 * exports and the report read one table. */
/* Two versions of a small graph, diffed with allocation n failing (0:
 * none): the change list as JSON into *text; the first status that is
 * not KG_OK. */
static kg_status diff_failing_at(long n, char **text, size_t *len)
{
    static const char a[] = "id,name,type,note\np1,Ann,person,x\n"
                            "p2,Bob,person,\nx1,Gone,agency,\n";
    static const char b[] = "id,name,type,note\np1,Ann Lee,person,y\n"
                            "bob,Bob,person,\nn1,New,person,\n";
    static const char ra[] = "source,target,relation,date\np1,p2,knows,2020\n"
                             "x1,p1,pays,\n";
    static const char rb[] = "source,target,relation,date\np1,bob,knows,2020\n"
                             "n1,p1,calls,\n";
    FILE *f = open_memstream(text, len);
    if (!f)
        return KG_ERR_IO;
    kg_alloc_fail_at(n);
    kg_graph *g = kg_graph_new(), *h = g ? kg_graph_new() : NULL;
    kg_status st = h ? KG_OK : KG_ERR_NOMEM;
    if (st == KG_OK)
        st = kg_load_buffer(g, "e.csv", a, sizeof a - 1);
    if (st == KG_OK)
        st = kg_load_buffer(g, "r.csv", ra, sizeof ra - 1);
    if (st == KG_OK)
        st = kg_load_buffer(h, "e.csv", b, sizeof b - 1);
    if (st == KG_OK)
        st = kg_load_buffer(h, "r.csv", rb, sizeof rb - 1);
    if (st == KG_OK)
        st = kg_resolve(g);
    if (st == KG_OK)
        st = kg_resolve(h);
    kg_diff *d = st == KG_OK ? kg_diff_new(g, h, &st) : NULL;
    if (d)
        st = kg_write_diff(d, f, KG_DIFF_JSON);
    kg_graph *drawn = st == KG_OK ? kg_diff_graph(d, 0, &st) : NULL;
    if (drawn)
        st = kg_write_dot(drawn, f, NULL);
    kg_graph_free(drawn);
    kg_diff_free(d);
    kg_graph_free(g);
    kg_graph_free(h);
    fclose(f);
    return st;
}

TEST(a_diff_matches_by_id_then_name_and_survives_every_failed_allocation)
{
    char *want = NULL;
    size_t want_len = 0;
    CHECK_INT(diff_failing_at(0, &want, &want_len), KG_OK);
    /* p1 renamed (same id), Bob matched by name under a new id, x1
     * removed, n1 added; knows follows Bob; pays removed, calls added */
    CHECK(want &&
          strstr(want, "\"counts\": {\"entities_added\": 1, "
                       "\"entities_removed\": 1, \"entities_changed\": 2, "
                       "\"relations_added\": 1, \"relations_removed\": 1, "
                       "\"relations_changed\": 0}"));
    CHECK(
        want &&
        strstr(want, "{\"field\": \"id\", \"old\": \"p2\", \"new\": \"bob\"}"));
    CHECK(
        want &&
        strstr(want, "{\"field\": \"note\", \"old\": \"x\", \"new\": \"y\"}"));
    /* drawn: the ghost of x1, the new n1, the renamed p1 */
    CHECK(want && strstr(want, "x1 [label=\"Gone\", type=agency"));
    CHECK(want && strstr(want, "color=\"#9e9e9e\", style=dashed"));
    CHECK(want && strstr(want, "entity added"));
    kg_status st;
    CHECK(kg_diff_new(NULL, NULL, &st) == NULL && st == KG_ERR_USAGE);
    free(want);
    long nomem;
    CHECK(fail_each_allocation(diff_failing_at, "a diff", &nomem) > 100);
    CHECK(nomem > 50);
}

/* A diff of two versions with many pieces (60,000 entities, 120,000
 * relations: entities compared in pieces of 16,384 on the threads
 * kg_graph_set_threads allows), as text; NULL when it could not be made. */
static char *diff_on_threads(unsigned threads)
{
    enum { N = 60000 };
    kg_buf e[2], r[2];
    int rc = 0;
    for (int v = 0; v < 2; v++) {
        kg_buf_init(&e[v]);
        kg_buf_init(&r[v]);
        rc |= kg_buf_puts(&e[v], "id,name,type,note\n");
        rc |= kg_buf_puts(&r[v], "source,target,relation,date,note\n");
        for (unsigned i = 0; i < N; i++) {
            char row[160];
            /* NEW: every 7th note changed, every 101st entity renamed */
            snprintf(row, sizeof row, "e%u,Name %u%s,%s,note %u%s\n", i, i,
                     v && i % 101 == 0 ? " renamed" : "",
                     i % 3 ? "person" : "company", i % 50,
                     v && i % 7 == 0 ? " changed" : "");
            rc |= kg_buf_puts(&e[v], row);
            /* twin relations (one key, paired in input order), one of
             * them only in NEW now and then, and a key whose type holds
             * a line break: "a\nb" dated "" is "a" dated "b\n" */
            for (unsigned k = 0; k < 2; k++) {
                if (!v && (i + k) % 13 == 0)
                    continue;
                int odd = i % 97 == 0 && k == 0;
                snprintf(row, sizeof row, "e%u,e%u,%s,%s,n%u%s\n", i,
                         (i * 7) % N,
                         odd     ? (v ? "a" : "\"a\nb\"")
                         : i % 5 ? "knows"
                                 : "pays",
                         odd && v ? "\"b\n\""
                         : i % 2  ? "2020"
                                  : "",
                         k, v && i % 11 == 0 ? "x" : "");
                rc |= kg_buf_puts(&r[v], row);
            }
        }
    }
    kg_graph *g[2] = {kg_graph_new(), kg_graph_new()};
    kg_status st = rc || !g[0] || !g[1] ? KG_ERR_NOMEM : KG_OK;
    for (int v = 0; v < 2 && st == KG_OK; v++) {
        kg_graph_set_threads(g[v], threads);
        st = kg_load_buffer(g[v], "e.csv", e[v].data, e[v].len);
        if (st == KG_OK)
            st = kg_load_buffer(g[v], "r.csv", r[v].data, r[v].len);
        if (st == KG_OK)
            st = kg_resolve(g[v]);
    }
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    kg_diff *d = st == KG_OK && f ? kg_diff_new(g[0], g[1], &st) : NULL;
    if (d)
        st = kg_write_diff(d, f, KG_DIFF_JSON);
    if (f)
        fclose(f);
    kg_diff_free(d);
    for (int v = 0; v < 2; v++) {
        kg_graph_free(g[v]);
        kg_buf_free(&e[v]);
        kg_buf_free(&r[v]);
    }
    if (st != KG_OK || !d) {
        free(text);
        return NULL;
    }
    return text;
}

TEST(a_diff_is_the_same_bytes_on_any_number_of_threads)
{
    char *one = diff_on_threads(1), *two = diff_on_threads(2),
         *three = diff_on_threads(3);
    CHECK(one && two && three);
    CHECK(one && two && strcmp(one, two) == 0);
    CHECK(one && three && strcmp(one, three) == 0);
    /* what the diff before it ran on threads found (kgraph 3bce6f6) */
    CHECK(one && strstr(one, "\"counts\": {\"entities_added\": 0, "
                             "\"entities_removed\": 0, "
                             "\"entities_changed\": 9082, "
                             "\"relations_added\": 9516, "
                             "\"relations_removed\": 285, "
                             "\"relations_changed\": 14457}"));
    free(one);
    free(two);
    free(three);
}

/* Relations are looked up a batch at a time (analysis/diff.c, AHEAD):
 * twins (one key) far apart, across batches, still pair in input order,
 * as one lookup after another would pair them: the k-th NEW relation of
 * a key with the k-th OLD one. */
TEST(a_diff_pairs_twins_in_input_order_across_batches)
{
    enum { N = 300, KEYS = 3 };
    kg_buf r[2];
    int rc = 0;
    for (int v = 0; v < 2; v++) {
        kg_buf_init(&r[v]);
        rc |= kg_buf_puts(&r[v], "source,target,relation,date,note\n");
        for (unsigned i = 0; i < N; i++) {
            char row[96];
            if (v && i % 10 == 0) /* NEW lacks every tenth */
                continue;
            snprintf(row, sizeof row, "e%u,f%u,knows,2020,n%u\n", i % KEYS,
                     i % KEYS, i);
            rc |= kg_buf_puts(&r[v], row);
        }
    }
    /* the oracle: per key, the k-th of NEW against the k-th of OLD */
    unsigned changed = 0, removed = 0;
    for (unsigned c = 0; c < KEYS; c++) {
        unsigned olds[N], news[N], no = 0, nn = 0;
        for (unsigned i = c; i < N; i += KEYS) {
            olds[no++] = i;
            if (i % 10)
                news[nn++] = i;
        }
        for (unsigned k = 0; k < nn; k++)
            changed += olds[k] != news[k];
        removed += no - nn;
    }
    kg_graph *g[2] = {kg_graph_new(), kg_graph_new()};
    kg_status st = rc || !g[0] || !g[1] ? KG_ERR_NOMEM : KG_OK;
    for (int v = 0; v < 2 && st == KG_OK; v++) {
        st = kg_load_buffer(g[v], "r.csv", r[v].data, r[v].len);
        if (st == KG_OK)
            st = kg_resolve(g[v]);
    }
    kg_diff *d = st == KG_OK ? kg_diff_new(g[0], g[1], &st) : NULL;
    CHECK(d != NULL);
    kg_diff_counts n = kg_diff_counts_of(d);
    CHECK_INT((int)n.relations_changed, (int)changed);
    CHECK_INT((int)n.relations_removed, (int)removed);
    CHECK_INT((int)n.relations_added, 0);
    CHECK(changed > 200 && removed == N / 10);
    kg_diff_free(d);
    for (int v = 0; v < 2; v++) {
        kg_graph_free(g[v]);
        kg_buf_free(&r[v]);
    }
}

TEST(every_provenance_column_reaches_the_tooltip)
{
    for (int role = 0; role < KG_PROV_COUNT; role++)
        for (const char *const *k = kg_prov_keys[role]; *k; k++) {
            kg_graph *g = kg_graph_new();
            size_t r;
            char value[64];
            snprintf(value, sizeof value, "%sv-%s",
                     role == KG_PROV_LINK ? "https://example.org/" : "", *k);
            CHECK_INT(kg_add_relation(g, "a", "b", "met", &r), KG_OK);
            CHECK_INT(kg_set_relation_attr(g, r, *k, value), KG_OK);
            CHECK_INT(kg_resolve(g), KG_OK);
            char *dot = dot_text(g, 0);
            const char *at =
                strstr(dot, role == KG_PROV_LINK ? "URL=" : "tooltip=");
            if (!at || !strstr(at, value))
                fprintf(stderr, "  %s: not in the line's %s\n", *k,
                        role == KG_PROV_LINK ? "URL" : "tooltip");
            CHECK(at && strstr(at, value));
            free(dot);
            kg_graph_free(g);
        }
}

/* The FIPS examples, by the portable code and by the processor's SHA
 * instructions where it has them (sha256.c picks them), and both the same
 * on lengths that end anywhere in a block, fed whole or in pieces. */
TEST(sha256_matches_fips_180_examples)
{
    for (int portable = 1; portable >= 0; portable--) {
        kg_sha256_portable(portable);
        char hex[65];
        CHECK_STR(hex_digest("", 0, hex),
                  "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b"
                  "7852b855");
        CHECK_STR(hex_digest("abc", 3, hex),
                  "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61"
                  "f20015ad");
        const char *two =
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
        CHECK_STR(hex_digest(two, strlen(two), hex),
                  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd4"
                  "19db06c1");
        /* a million a's, fed in uneven pieces */
        static char a[1000];
        memset(a, 'a', sizeof a);
        kg_sha256_ctx s;
        kg_sha256_init(&s);
        for (size_t fed = 0, step = 1; fed < 1000000;
             fed += step, step = step % 997 + 1)
            kg_sha256_update(&s, a,
                             fed + step > 1000000 ? 1000000 - fed : step);
        unsigned char d[32];
        kg_sha256_final(&s, d);
        for (int i = 0; i < 32; i++)
            sprintf(hex + 2 * i, "%02x", d[i]);
        CHECK_STR(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e04"
                       "6d39ccc7112cd0");
    }
    static unsigned char data[4099];
    uint64_t x = 88172645463325252ull;
    for (size_t i = 0; i < sizeof data; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        data[i] = (unsigned char)x;
    }
    for (size_t len = 0; len <= sizeof data; len += len < 200 ? 1 : 61) {
        unsigned char d[2][32];
        for (int portable = 0; portable < 2; portable++) {
            kg_sha256_portable(portable);
            kg_sha256_ctx s;
            kg_sha256_init(&s);
            size_t cut = len / 3;
            kg_sha256_update(&s, data, cut);
            kg_sha256_update(&s, data + cut, len - cut);
            kg_sha256_final(&s, d[portable]);
        }
        CHECK(memcmp(d[0], d[1], 32) == 0);
    }
    kg_sha256_portable(0);
}

/* kg_hash reads every byte: two strings of one length that differ in one
 * byte, at any place of lengths 0 to 24 (the whole words and the tail's
 * overlapping loads), hash apart; and the ids e0..e99999 spread over the
 * low bits a table of 2^17 slots uses. */
TEST(hash_reads_every_byte)
{
    char s[32], t[32];
    int same = 0;
    for (size_t len = 1; len <= 24; len++)
        for (int round = 0; round < 200; round++) {
            for (size_t i = 0; i < len; i++)
                s[i] = (char)rnd(256);
            for (size_t j = 0; j < len; j++) {
                memcpy(t, s, len);
                t[j] = (char)(t[j] ^ (1 + rnd(255)));
                same += kg_hash(s, len) == kg_hash(t, len);
            }
        }
    CHECK_INT(same, 0);
    CHECK(kg_hash("", 0) != kg_hash("\0", 1));
    static unsigned char used[1 << 17];
    memset(used, 0, sizeof used);
    size_t slots = 0;
    for (int i = 0; i < 100000; i++) {
        char id[16];
        int n = snprintf(id, sizeof id, "e%d", i);
        unsigned char *u = &used[kg_hash(id, (size_t)n) & ((1u << 17) - 1)];
        slots += !*u;
        *u = 1;
    }
    CHECK(slots > 66000); /* at random: 100000 into 131072 fill 69970 */
}

/* A kg_out into memory writes straight into the kg_buf's spare room
 * (util/out.c): whatever the mix of bytes, short and long writes (past
 * the 64 KB of its own buffer) and flushes, the kg_buf holds what was
 * written, NUL-terminated, after each flush; and the kg_buf may be read
 * or cleared between a flush and the next write. */
TEST(out_into_memory_keeps_every_byte_in_order)
{
    kg_buf text, want;
    kg_buf_init(&text);
    kg_buf_init(&want);
    static kg_out o;
    static char block[200000];
    for (size_t i = 0; i < sizeof block; i++)
        block[i] = (char)('a' + i % 26);
    int bad = 0;
    for (int round = 0; round < 40; round++) {
        kg_buf_clear(&text);
        kg_buf_clear(&want);
        kg_out_init_mem(&o, &text);
        for (int step = 0; step < 300; step++) {
            unsigned what = rnd(10);
            if (what < 5) {
                char c = (char)('A' + rnd(26));
                kg_out_putc(&o, c);
                kg_buf_putc(&want, c);
            } else if (what < 8) {
                size_t at = rnd(1000), n = rnd(9) == 0 ? rnd(150000) : rnd(300);
                kg_out_write(&o, block + at, n);
                kg_buf_append(&want, block + at, n);
            } else if (what < 9) {
                kg_out_puts(&o, "<flushed>");
                kg_buf_puts(&want, "<flushed>");
                CHECK_INT(kg_out_flush(&o), 0);
                bad += text.len != want.len ||
                       (text.len && memcmp(text.data, want.data, text.len)) ||
                       (text.data && text.data[text.len] != '\0');
            } else if (rnd(4) == 0) { /* cleared between flush and write */
                kg_out_flush(&o);
                kg_buf_clear(&text);
                kg_buf_clear(&want);
            }
        }
        CHECK_INT(kg_out_flush(&o), 0);
        bad += text.len != want.len ||
               (text.len && memcmp(text.data, want.data, text.len)) ||
               (text.data && text.data[text.len] != '\0');
    }
    CHECK_INT(bad, 0);
    kg_buf_free(&text);
    kg_buf_free(&want);
}

/* kg_out_ulong and kg_out_fixed3 write what printf's %lu and %.3f write:
 * random values, the ends, and exact ties (k/2^n: 0.0625 rounds to even,
 * 0.0625 -> 0.062, 0.1875 -> 0.188), where printf rounds the exact
 * value. */
TEST(decimal_writers_match_printf)
{
    kg_buf text;
    kg_buf_init(&text);
    kg_out o;
    char want[64];
    uint64_t x = 88172645463325252ull;
    int differ = 0, tried = 0;
    for (int i = 0; i < 200000; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        double v;
        unsigned long u = (unsigned long)x >> (i % 64);
        switch (i % 5) {
        case 0: v = (double)(x >> 11) / 9007199254740992.0 * 1000.0; break;
        case 1: /* ties and their neighbours */
            v = (double)(x % 100000) / (double)(1u << (i % 14 + 1));
            break;
        case 2:
            v = (double)(x >> 11) / 1024.0; /* up to 9e15: printf's way */
            break;
        case 3: v = (double)(x % 1000000) / 1000.0; break;
        default: v = i % 2 ? -0.0 : 8999999999999.9995;
        }
        kg_buf_clear(&text);
        kg_out_init_mem(&o, &text);
        kg_out_fixed3(&o, v);
        kg_out_putc(&o, ' ');
        kg_out_ulong(&o, u);
        kg_out_flush(&o);
        snprintf(want, sizeof want, "%.3f %lu", v, u);
        tried++;
        if (!text.data || strcmp(text.data, want) != 0) {
            if (differ++ < 3)
                fprintf(stderr, "  %.17g: got %s, printf %s\n", v,
                        text.data ? text.data : "", want);
        }
    }
    CHECK_INT(differ, 0);
    CHECK(tried == 200000);
    kg_buf_free(&text);
}

/* Two threads hashing at once before either has asked which code to use
 * (the report hashes each input on its reading thread): both get the
 * digest, and under ThreadSanitizer (CI's unit tests) the choice is no
 * data race. */
static void *hash_abc(void *arg)
{
    hex_digest("abc", 3, arg);
    return NULL;
}

TEST(sha256_chosen_by_two_threads_at_once)
{
    for (int round = 0; round < 4; round++) {
        kg_sha256_portable(0); /* not asked yet */
        char hex[2][65];
        pthread_t t[2];
        for (int i = 0; i < 2; i++)
            CHECK_INT(pthread_create(&t[i], NULL, hash_abc, hex[i]), 0);
        for (int i = 0; i < 2; i++) {
            pthread_join(t[i], NULL);
            CHECK_STR(hex[i], "ba7816bf8f01cfea414140de5dae2223b00361a396177a"
                              "9cb410ff61f20015ad");
        }
    }
}

/* FtM's mapping ids are Python's hashlib.sha1(...).hexdigest() */
TEST(sha1_matches_fips_180_examples)
{
    char hex[41];
    kg_sha1_ctx s;
    kg_sha1_init(&s);
    kg_sha1_hex(&s, hex);
    CHECK_STR(hex, "da39a3ee5e6b4b0d3255bfef95601890afd80709");
    kg_sha1_init(&s);
    kg_sha1_update(&s, "abc", 3);
    kg_sha1_hex(&s, hex);
    CHECK_STR(hex, "a9993e364706816aba3e25717850c26c9cd0d89d");
    const char *two =
        "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    kg_sha1_init(&s);
    kg_sha1_update(&s, two, strlen(two));
    kg_sha1_hex(&s, hex);
    CHECK_STR(hex, "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
    /* a million a's, fed in uneven pieces */
    static char a[1000];
    memset(a, 'a', sizeof a);
    kg_sha1_init(&s);
    for (size_t fed = 0, step = 1; fed < 1000000;
         fed += step, step = step % 997 + 1)
        kg_sha1_update(&s, a, fed + step > 1000000 ? 1000000 - fed : step);
    kg_sha1_hex(&s, hex);
    CHECK_STR(hex, "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
}

/* A mapping's YAML: positions from libyaml's marks, nulls, and no alias
 * ever expanded (a "billion laughs" is refused at its first alias). */
TEST(yaml_tree_positions_and_no_aliases)
{
    collected c;
    kg_diagsink d;
    kg_csv_free(collector("m.yml", 0, &c, &d));
    kg_ydoc doc;
    const char *ok = "a:\n  - x\n  - ~\nb: 'q'\n";
    CHECK(kg_yaml_read(&doc, ok, strlen(ok), "m.yml", &d) == 0);
    const kg_ynode *a = kg_ymap_get(doc.root, "a");
    CHECK(a && a->kind == KG_Y_SEQ && a->nkids == 2);
    CHECK(a && a->nkids == 2 && a->kids[0]->line == 2 && a->kids[0]->col == 5 &&
          !a->kids[0]->null && a->kids[1]->null);
    const kg_ynode *b = kg_ymap_get(doc.root, "b");
    CHECK(b && strcmp(b->text, "q") == 0 && !b->plain && b->line == 4);
    kg_ydoc_free(&doc);
    const char *bomb = "a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: [*b, *b]\n";
    CHECK(kg_yaml_read(&doc, bomb, strlen(bomb), "m.yml", &d) == 1);
    CHECK(doc.root == NULL);
    kg_ydoc_free(&doc);
    CHECK(strstr(c.diags.data, "error 2:8 a YAML alias") != NULL);
    kg_buf_free(&c.out);
    kg_buf_free(&c.diags);
}

/* ---- The engine kgraph chooses ---- */

/* CSV of relations: a tree of n nodes, each a child of one of the
 * `back` nodes before it (all before it: 0), then `extra` random links,
 * every edge labelled. */
static char *tree_csv(int n, int back, int extra)
{
    kg_buf b;
    kg_buf_init(&b);
    kg_buf_puts(&b, "source,target,relation\n");
    unsigned x = 24;
    char row[64];
    for (int i = 1; i < n + extra; i++) {
        x = x * 1103515245u + 12345u;
        unsigned r = x >> 8;
        int a, c;
        if (i < n) {
            c = i;
            a = back ? i - 1 - (int)(r % (unsigned)back)
                     : (int)(r % (unsigned)i);
            a = a < 0 ? 0 : a;
        } else {
            a = (int)(r % (unsigned)n);
            x = x * 1103515245u + 12345u;
            c = (int)((x >> 8) % (unsigned)n);
        }
        snprintf(row, sizeof row, "n%d,n%d,r\n", a, c);
        kg_buf_puts(&b, row);
    }
    return b.data;
}

static const char *engine_for(int n, int back, int extra)
{
    char *csv = tree_csv(n, back, extra);
    kg_graph *g = kg_graph_new();
    kg_graph_set_diag(g, NULL, NULL);
    kg_load_buffer(g, "r.csv", csv, strlen(csv));
    kg_resolve(g);
    const char *engine = kg_auto_engine(g);
    kg_graph_free(g);
    free(csv);
    return engine;
}

/* Issue 24: a deep tree (each node a child of one of the three before
 * it) of 500 nodes and 100 links across it took dot more than a minute
 * (thousands of virtual nodes on its long edges), where sfdp took 0.4 s;
 * dot had been chosen, having only 100 edges beyond a tree. */
TEST(the_chooser_counts_dots_long_edges)
{
    CHECK_STR(engine_for(500, 3, 100), "sfdp");
    CHECK_STR(engine_for(200, 3, 100), "sfdp");
    CHECK_STR(engine_for(800, 0, 100), "dot"); /* shallow: fast */
    CHECK_STR(engine_for(500, 3, 10), "dot");
    CHECK_STR(engine_for(100, 3, 20), "dot");
}

/* From gvc.h and render/gv.h, which bring Graphviz's types.h, whose
 * `path` the tests' own names would shadow. */
extern int gvLayout(GVC_t *gvc, Agraph_t *g, const char *engine);
extern int gvFreeLayout(GVC_t *gvc, Agraph_t *g);
void kg_gv_lock(void);
void kg_gv_unlock(void);
GVC_t *kg_gv_context(void);

/* Issue 26, "Deterministic": Graphviz 2.42's overlap removal (prism,
 * its Delaunay triangulation by GTS) sums in an order that follows heap
 * addresses, so a component's box differs from run to run in its last
 * bits; packed in rows centred ("array"), the tallest component of a row
 * sits at a whole point plus that noise, which Graphviz truncates: 1 pt
 * up or down (the Saudi PEPs' big component, 188 entities).  Each render
 * here runs in this process (a memory stream), on a heap that the one
 * before left different: 24 must be the same bytes. */
TEST(a_layout_is_the_same_bytes_whatever_the_heap)
{
    kg_graph *g = kg_graph_new();
    kg_graph_set_diag(g, NULL, NULL);
    if (kg_load_path(g, "tests/data/opensanctions-sa-peps/entities.ftm.json") !=
            KG_OK ||
        kg_resolve(g) != KG_OK) {
        CHECK(!"the fixture loads (run from the source tree)");
        kg_graph_free(g);
        return;
    }
    kg_dot_options o = kg_dot_defaults();
    o.legend = 0;
    char *first = NULL, *kept[24] = {0};
    size_t first_len = 0;
    int same = 1;
    for (int i = 0; i < 24 && same; i++) {
        kept[i] =
            malloc((size_t)(i * 7919 % 4000 + 16)); /* the heap moved on */
        char *text = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&text, &len);
        CHECK_INT(kg_render(g, &o, "plain", NULL, f), KG_OK);
        fclose(f);
        if (!first) {
            first = text, first_len = len;
            continue;
        }
        same = len == first_len && memcmp(text, first, len) == 0;
        free(text);
    }
    CHECK(same);
    free(first);
    for (int i = 0; i < 24; i++)
        free(kept[i]);
    kg_graph_free(g);
}

/* Issue 26, "Fall back": a page's candidate layouts, one of which fails
 * (test_candidate, layout.h).  The hook fails "neato spread" as Graphviz
 * would (1) or crashes in it (2). */
static int failing_candidate;
static const char *failing_name = "neato spread";

static int fail_a_candidate(const char *name)
{
    if (failing_candidate == 0 || strcmp(name, failing_name) != 0)
        return 0;
    if (failing_candidate == 2)
        raise(SIGSEGV);
    return 1;
}

/* Renders the DOT (of graph g, with its key, when g is given) for A4 in
 * a bounded child (a file: a descriptor), failing_name failing as `how`
 * says; the SVG's bytes, the figure and what was said. */
static char *render_failing(const char *dot, const kg_graph *g, int how,
                            kg_figure *figure, char *err, size_t errlen,
                            kg_status *st)
{
    FILE *f = tmpfile();
    if (!f)
        return NULL;
    kg_dot_options o = kg_dot_defaults();
    CHECK_INT(kg_page_parse("a4", &o.page_width, &o.page_height, &(int){0}),
              KG_OK);
    o.legend = g != NULL;
    kg_job j = {.layout = {.dot = dot,
                           .format = kg_gv_format_find("svg"),
                           .auto_engine = "dot",
                           .page_w = o.page_width,
                           .page_h = o.page_height,
                           .legend = o.legend,
                           .graph = g,
                           .opts = &o,
                           .nodes = 8,
                           .test_candidate = fail_a_candidate}};
    failing_candidate = how;
    kg_gv_lock();
    *st = kg_job_run(&j, f, 60, 0, err, errlen);
    kg_gv_unlock();
    *figure = j.figure;
    long n = ftell(f);
    char *bytes = n >= 0 ? calloc((size_t)n + 1, 1) : NULL;
    rewind(f);
    if (bytes && fread(bytes, 1, (size_t)n, f) != (size_t)n) {
        free(bytes);
        bytes = NULL;
    }
    fclose(f);
    return bytes;
}

/* A candidate whose child crashes is skipped with a note and the trial
 * goes on with the next: the figure is the one drawn when Graphviz says
 * the same candidate failed, byte for byte. */
TEST(a_crashing_candidate_is_skipped_and_the_next_drawn)
{
    static const char dot[] =
        "graph g { node [shape=box]; a -- b; b -- c; c -- d; d -- a; "
        "a -- e; e -- f; f -- g; g -- h; h -- e; c -- g; }";
    kg_figure failed, crashed;
    char err1[2048] = "", err2[2048] = "";
    kg_status st1, st2;
    failing_name = "neato spread";
    char *one = render_failing(dot, NULL, 1, &failed, err1, sizeof err1, &st1);
    char *two = render_failing(dot, NULL, 2, &crashed, err2, sizeof err2, &st2);
    CHECK_INT(st1, KG_OK);
    CHECK_INT(st2, KG_OK);
    CHECK(strstr(err1, "layout with neato spread failed"));
    CHECK(strstr(err2, "layout candidate \"neato spread\" crashed (signal "
                       "11"));
    CHECK(strstr(err2, "skipped"));
    CHECK_STR(crashed.engine, failed.engine);
    CHECK(one && two && strcmp(one, two) == 0);
    free(one);
    free(two);
}

/* text rendered from DOT by Graphviz as `format` (dot), malloc'd */
static char *drawn_from(const char *dot, const char *format)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f)
        return NULL;
    char err[512];
    CHECK_INT(kg_render_text(dot, NULL, format, "dot", f, err, sizeof err),
              KG_OK);
    fclose(f);
    return text;
}

/* A picture's DOT (render/dottext.h) has no data columns, no aliases:
 * Graphviz does not read them (a key it reads is data_KEY), and the
 * picture drawn with them is the same, byte for byte; what is drawn (a
 * colour, a tooltip, a date) stays. */
TEST(a_picture_is_drawn_from_the_dot_without_its_data)
{
    static const char ents[] = "id,name,aliases,note,comment,color\n"
                               "a,Alpha,Al;A.,said a,c-a,#ff0000\n"
                               "b,Beta,,said b,c-b,\n";
    static const char rels[] = "source,target,relation,evidence,date,note,"
                               "comment,color\n"
                               "a,b,met,a said so,2020-01-02,n1,c1,blue\n"
                               "a,b,met,again,2020-01-03,n2,c2,blue\n"
                               "b,c,paid,,2021-05-06,n3,c3,\n";
    kg_graph *g = kg_graph_new();
    kg_graph_set_diag(g, NULL, NULL);
    CHECK_INT(kg_load_buffer(g, "entities.csv", ents, sizeof ents - 1), KG_OK);
    CHECK_INT(kg_load_buffer(g, "r.csv", rels, sizeof rels - 1), KG_OK);
    CHECK_INT(kg_resolve(g), KG_OK);
    CHECK_INT(kg_merge_edges(g), KG_OK);
    kg_status st;
    char *full = kg_dottext_of(g, NULL, 0, 0, &st);
    char *pic = kg_dottext_of(g, NULL, 1, 0, &st);
    CHECK(full && pic);
    if (full && pic) {
        CHECK(strstr(full, "note=\"said a\"") && !strstr(pic, "note="));
        CHECK(strstr(full, "data_comment=") && !strstr(pic, "comment"));
        CHECK(strstr(full, "aliases=") && !strstr(pic, "aliases="));
        CHECK(strstr(pic, "#ff0000") && strstr(pic, "blue"));
        CHECK(strstr(pic, "tooltip=") && strstr(pic, "date=\"2021-05-06\""));
        /* the full DOT as a picture's text: the same SVG */
        char *shown = kg_dottext_shown(full);
        char *with = shown ? drawn_from(shown, "svg") : NULL;
        char *without = drawn_from(pic, "svg");
        CHECK(with && without && strcmp(with, without) == 0);
        CHECK(without && strstr(without, "#ff0000"));
        free(shown);
        free(with);
        free(without);
    }
    free(full);
    free(pic);
    kg_graph_free(g);
}

/* The same when the child dies laying the best candidate out again with
 * the key: the next best is drawn with it, as when Graphviz fails it. */
TEST(a_crash_drawing_the_key_draws_the_next_best)
{
    static const char rels[] = "source,target,relation\n"
                               "a,b,knows\nb,c,pays\nc,d,knows\nd,a,meets\n"
                               "a,e,knows\ne,f,pays\nf,g,knows\ng,h,meets\n"
                               "h,e,knows\nc,g,pays\n";
    kg_graph *g = kg_graph_new();
    kg_graph_set_diag(g, NULL, NULL);
    CHECK_INT(kg_load_buffer(g, "r.csv", rels, sizeof rels - 1), KG_OK);
    CHECK_INT(kg_resolve(g), KG_OK);
    kg_dot_options o = kg_dot_defaults();
    CHECK_INT(kg_page_parse("a4", &o.page_width, &o.page_height, &(int){0}),
              KG_OK);
    o.legend = 0; /* the key comes after the choice (render.c) */
    kg_status st;
    char *dot = kg_dottext_of(g, &o, 1, 0, &st);
    CHECK(dot != NULL);
    kg_figure best, failed, crashed;
    char err0[2048] = "", err1[2048] = "", err2[2048] = "";
    kg_status st0, st1, st2;
    char *zero = render_failing(dot, g, 0, &best, err0, sizeof err0, &st0);
    CHECK_INT(st0, KG_OK);
    char name[96];
    snprintf(name, sizeof name, "%s with the key", best.engine);
    char *turned = strstr(name, " turned with");
    if (turned) /* the candidate's name, without how it was drawn */
        memmove(turned, turned + 7, strlen(turned + 7) + 1);
    failing_name = name;
    char *one = render_failing(dot, g, 1, &failed, err1, sizeof err1, &st1);
    char *two = render_failing(dot, g, 2, &crashed, err2, sizeof err2, &st2);
    CHECK_INT(st1, KG_OK);
    CHECK_INT(st2, KG_OK);
    CHECK(strcmp(failed.engine, best.engine) != 0);
    CHECK_STR(crashed.engine, failed.engine);
    CHECK(strstr(err2, "with the key crashed (signal 11"));
    CHECK(one && two && strcmp(one, two) == 0);
    failing_name = "neato spread";
    free(zero);
    free(one);
    free(two);
    free(dot);
    kg_graph_free(g);
}

/* Issue 26: every collision is counted on the layout.  Pinned places:
 * Alpha and Beta (boxes) lie over each other, names and all; a long name
 * sticks out of its small fixed ellipse; the line D -> E passes through
 * F; cluster One's box crosses Two's (neither holds the other) and lies
 * over Two's H; nothing else touches. */
TEST(figure_counts_every_collision)
{
    const char *dot =
        "digraph {\n"
        "  node [shape=box, fontsize=10];\n"
        "  a [label=\"Alpha\", pos=\"0,0!\"]; b [label=\"Beta\", "
        "pos=\"10,5!\"];\n"
        "  c [label=\"A very long name indeed\", shape=ellipse, "
        "fixedsize=true, width=0.5, height=0.3, pos=\"300,0!\"];\n"
        "  d [label=\"D\", pos=\"150,0!\"]; e [label=\"E\", "
        "pos=\"150,200!\"]; f [label=\"F\", pos=\"150,100!\"];\n"
        "  d -> e;\n"
        "  subgraph cluster_1 { label=\"One\"; bb=\"370,70,550,135\"; "
        "g1 [pos=\"400,100!\"]; g2 [pos=\"520,100!\"] }\n"
        "  subgraph cluster_2 { label=\"Two\"; bb=\"440,110,500,175\"; "
        "h1 [pos=\"470,140!\"] }\n"
        "}\n";
    kg_gv_lock();
    Agraph_t *g = kg_dot_read(dot);
    CHECK(g != NULL);
    agseterr(AGERR); /* not the warning that c's name does not fit */
    int laid = g && gvLayout(kg_gv_context(), g, "nop") == 0;
    CHECK(laid);
    if (laid) {
        kg_figure f;
        memset(&f, 0, sizeof f);
        kg_figure_measure(g, 0, 0, &f);
        CHECK_INT(f.relations, 1);
        CHECK_INT(f.entity_overlaps, 1);
        CHECK_INT(f.text_overlaps, 1);
        CHECK_INT(f.names_outside, 1);
        CHECK_INT(f.labels_on_nodes, 0);
        CHECK_INT(f.edges_through_names, 1);
        CHECK_INT(f.cluster_overlaps, 1);
        CHECK_INT(f.clusters_over_entities, 2); /* One over H, Two over G1 */
        gvFreeLayout(kg_gv_context(), g);
    }
    if (g)
        agclose(g);
    agseterr(AGWARN);
    kg_gv_unlock();
}

/* Rectangles pushed together for a page keep apart by the gap, keep
 * their order where they face each other, and shrink the side that binds
 * the page: three boxes in a row 200 pt apart, a fourth under the
 * middle one, for a page much narrower than the row. */
TEST(boxes_are_pushed_together_in_their_order)
{
    pointf at[4] = {{0, 0}, {200, 0}, {400, 0}, {200, -300}};
    const double hw[4] = {20, 20, 20, 20}, hh[4] = {10, 10, 10, 10};
    kg_rects r = {4, at, hw, hh};
    double w0, h0, w, h;
    kg_rects_size(&r, &w0, &h0);
    CHECK_INT(kg_compact(&r, 100, 400, 8), 0);
    kg_rects_size(&r, &w, &h);
    CHECK(w < w0 && h <= h0);
    /* the row: in its order, 8 pt between neighbours at least */
    CHECK(at[1].x - at[0].x >= 40 + 8 - 1e-9);
    CHECK(at[2].x - at[1].x >= 40 + 8 - 1e-9);
    /* the row pushed as close as the gap allows: 3 boxes, 2 gaps */
    CHECK(fabs(at[2].x - at[0].x - 96) < 1e-6);
    /* nothing over anything */
    for (int i = 0; i < 4; i++)
        for (int j = i + 1; j < 4; j++)
            CHECK(fabs(at[i].x - at[j].x) >= 40 - 1e-9 ||
                  fabs(at[i].y - at[j].y) >= 20 - 1e-9);
}

/* Issue 26: kgraph's own cluster layout (packed.h): one level of clusters
 * only; each member inside its cluster's box, no two boxes over each
 * other, an entity in no cluster outside every box. */
TEST(clusters_are_packed_apart_with_their_members)
{
    const char *nested = "digraph { subgraph cluster_a { subgraph cluster_b "
                         "{ x } } }";
    const char *dot = "digraph { node [shape=box];"
                      " subgraph cluster_1 { label=\"one\"; a; b; c }"
                      " subgraph cluster_2 { label=\"two\"; d; e }"
                      " f; a -> d; b -> e; c -> f; f -> d; a -> b; d -> e }";
    kg_gv_lock();
    Agraph_t *n = kg_dot_read(nested);
    CHECK(n && !kg_packed_fits(n));
    if (n)
        agclose(n);
    Agraph_t *g = kg_dot_read(dot);
    CHECK(g && kg_packed_fits(g));
    int laid = g && gvLayout(kg_gv_context(), g, "neato") == 0;
    CHECK(laid);
    kg_packing p = {0};
    if (laid && kg_packed_layout(g, 453, 680, &p) == 0) {
        CHECK_INT((long)p.n, 6);
        CHECK_INT((long)p.nc, 2);
        /* a b c in box 0, d e in box 1, f in none (cgraph's order) */
        static const int in[] = {0, 0, 0, 1, 1, -1};
        size_t i = 0;
        for (Agnode_t *v = agfstnode(g); v && i < p.n; v = agnxtnode(g, v)) {
            double w = ND_width(v) * 36, h = ND_height(v) * 36;
            pointf c = p.at[i];
            for (size_t k = 0; k < p.nc; k++) {
                boxf b = p.box[k];
                int inside = c.x - w >= b.LL.x && c.x + w <= b.UR.x &&
                             c.y - h >= b.LL.y && c.y + h <= b.UR.y;
                int touches = c.x + w > b.LL.x && c.x - w < b.UR.x &&
                              c.y + h > b.LL.y && c.y - h < b.UR.y;
                if (in[i] == (int)k)
                    CHECK(inside);
                else
                    CHECK(!touches);
            }
            i++;
        }
        boxf a = p.box[0], b = p.box[1];
        CHECK(!(a.LL.x < b.UR.x && b.LL.x < a.UR.x && a.LL.y < b.UR.y &&
                b.LL.y < a.UR.y));
        kg_packing_free(&p);
    } else {
        CHECK(0);
    }
    if (g)
        agclose(g);
    kg_gv_forget();
    kg_gv_unlock();
}

/* Issue 26: the key goes into a corner the drawing leaves empty, and the
 * drawing's box shrinks to what it draws; with no corner clear, it stays
 * under the drawing. */
static void key_lands(const char *nodes, int inside)
{
    char dot[1024];
    snprintf(dot, sizeof dot,
             "digraph { node [shape=box, fontsize=10]; labelloc=b; "
             "label=\"KEY\\nperson (3)\"; %s }",
             nodes);
    kg_gv_lock();
    Agraph_t *g = kg_dot_read(dot);
    CHECK(g != NULL);
    int laid = g && gvLayout(kg_gv_context(), g, "nop") == 0;
    CHECK(laid);
    if (laid) {
        textlabel_t *key = GD_label(g);
        boxf before = GD_bb(g);
        kg_figure_key_inside(g);
        boxf bb = GD_bb(g);
        double x0 = key->pos.x - key->dimen.x / 2;
        double y0 = key->pos.y - key->dimen.y / 2;
        double x1 = x0 + key->dimen.x, y1 = y0 + key->dimen.y;
        int within = x0 >= bb.LL.x - 0.01 && x1 <= bb.UR.x + 0.01 &&
                     y0 >= bb.LL.y - 0.01 && y1 <= bb.UR.y + 0.01;
        int clear = 1;
        for (Agnode_t *v = agfstnode(g); v; v = agnxtnode(g, v)) {
            pointf c = ND_coord(v);
            double w = ND_width(v) * 36, h = ND_height(v) * 36;
            if (c.x - w < x1 && x0 < c.x + w && c.y - h < y1 && y0 < c.y + h)
                clear = 0;
        }
        CHECK(clear);
        CHECK_INT(within, 1); /* under the drawing: its box holds it too */
        int shrunk = bb.UR.y - bb.LL.y < before.UR.y - before.LL.y - 1;
        CHECK_INT(shrunk, inside);
        gvFreeLayout(kg_gv_context(), g);
    }
    if (g)
        agclose(g);
    kg_gv_unlock();
}

TEST(the_key_goes_where_the_drawing_is_empty)
{
    /* an L: the lower right is empty */
    key_lands("a [pos=\"0,0!\"]; b [pos=\"0,150!\"]; c [pos=\"300,150!\"]; "
              "a -> b -> c;",
              1);
    /* a full grid of nine: no corner is empty */
    key_lands("a [pos=\"0,0!\"]; b [pos=\"60,0!\"]; c [pos=\"120,0!\"]; "
              "d [pos=\"0,40!\"]; e [pos=\"60,40!\"]; f [pos=\"120,40!\"]; "
              "g [pos=\"0,80!\"]; h [pos=\"60,80!\"]; i [pos=\"120,80!\"];",
              0);
}

/* Issue 26: the choice.  Names that read beat names that do not; then
 * fewer collisions (a hidden thing weighs four lines through entities);
 * then larger print. */
TEST(figure_choice_is_legibility_then_collisions_then_print)
{
    kg_figure small = {.name_pt = 5.0}, large = {.name_pt = 6.5};
    CHECK(kg_figure_better(&large, &small));
    large.text_overlaps = 3;
    CHECK(kg_figure_better(&large, &small)); /* still: only large reads */
    kg_figure clear = {.name_pt = 6.1};
    CHECK(kg_figure_better(&clear, &large)); /* both read: collisions */
    kg_figure lines = {.name_pt = 9, .edges_through_names = 11};
    kg_figure hidden = {.name_pt = 9, .labels_on_nodes = 3};
    CHECK(kg_figure_better(&lines, &hidden)); /* 11 lines < 3 x 4 */
    hidden.labels_on_nodes = 2;
    CHECK(kg_figure_better(&hidden, &lines)); /* 2 x 4 < 11 lines */
    CHECK(!kg_figure_better(&clear, &clear));
    kg_figure bigger = {.name_pt = 7.0};
    CHECK(kg_figure_better(&bigger, &clear)); /* no collisions: print */
    kg_figure unmeasured = {.name_pt = 7.0, .text_overlaps = -1};
    CHECK(!kg_figure_better(&bigger, &unmeasured));
}

TEST(pages_are_their_text_blocks)
{
    CHECK(page_is("a4", 16, 24, 0));
    CHECK(page_is("a4-landscape", 24.7, 16, 0));
    CHECK(page_is("A4-Landscape", 24.7, 16, 0));
    CHECK(page_is("auto", 16, 24, 1));
    CHECK(page_is("a3", 24.7, 36.3, 0));
    CHECK(page_is("letter", 16.59, 22.24, 0));
    CHECK(page_is("letter-landscape", 22.94, 16.59, 0));
    CHECK(page_is("16x24cm", 16, 24, 0));
    CHECK(page_is("160x240mm", 16, 24, 0));
    CHECK(page_is("1x2in", 2.54, 5.08, 0));
    CHECK(page_is("72x144pt", 2.54, 5.08, 0));
    static const char *const bad[] = {
        "a5",          "16x24",       "16cm",      "x24cm",     "0x0cm",
        "a4-portrait", "a4landscape", "1e9x1e9cm", "nanxnancm", ""};
    double w, h;
    int e;
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        CHECK_INT(kg_page_parse(bad[i], &w, &h, &e), KG_ERR_USAGE);
    CHECK_INT(kg_page_parse(NULL, &w, &h, &e), KG_ERR_USAGE);
}

/* ---- Lookups that help, warnings by kind (issue 25) ---- */

TEST(edit_distance_is_bounded_and_counts_characters)
{
    CHECK_INT(kg_edit_distance("kitten", 6, "sitting", 7, 3), 3);
    CHECK_INT(kg_edit_distance("kitten", 6, "sitting", 7, 2), 3); /* k+1 */
    CHECK_INT(kg_edit_distance("atta", 4, "atat", 4, 2), 1);      /* a swap */
    CHECK_INT(kg_edit_distance("j\xC3\xBCrgen", 7, "jurgen", 6, 2), 1);
    CHECK_INT(kg_edit_distance("", 0, "abc", 3, 3), 3);
    CHECK_INT(kg_edit_distance("abc", 3, "", 0, 3), 3);
    CHECK_INT(kg_edit_distance("ab", 2, "abcdef", 6, 2), 3); /* lengths */
    CHECK_INT(kg_edit_distance("same", 4, "same", 4, 0), 0);
}

static kg_graph *hijackers(void)
{
    kg_graph *g = kg_graph_new();
    /* added out of order: ties are listed by id */
    kg_add_entity(g, "z9", "Mohamed Atte", "person");
    kg_add_entity(g, "a1", "Mohamed Atta", "person");
    kg_add_entity(g, "b2", "Mohammed Belfas", "person");
    kg_add_entity(g, "c3", "Marwan Al-Shehhi", "person");
    kg_add_entity(g, "m5", "Mohamed Attas", "person");
    kg_add_entity(g, "db3", "Deutsche Bank", "company");
    kg_add_entity(g, "db1", "Deutsche  BANK", "bank");
    kg_add_entity(g, "db2", "Deutsche Bank", NULL);
    kg_add_relation(g, "a1", "c3", "knows", NULL);
    kg_resolve(g);
    return g;
}

/* kg_resolve leaves the symbols without their slots: the writer finds its
 * keys in one pass without making them again, a lookup makes them again
 * once, from any thread. */
static void *find_a1(void *arg)
{
    return (void *)(uintptr_t)kg_sym_find(arg, "a1");
}

TEST(symbols_are_found_after_resolve_without_their_slots)
{
    kg_graph *g = hijackers();
    CHECK_INT(kg_graph_sym_slots(g), 0);
    const char *keys[] = {"a1", "no such key", "b2"};
    uint32_t ys[3];
    kg_sym_find_all(g, keys, 3, ys);
    CHECK_INT(kg_graph_sym_slots(g), 0); /* not made for a few keys */
    CHECK(ys[0] != KG_NONE);
    CHECK_INT(ys[1], KG_NONE);
    CHECK_STR(kg_sym_text(g, ys[0]), "a1");
    CHECK_STR(kg_sym_text(g, ys[2]), "b2");
    pthread_t t[2];
    void *got[2];
    for (int i = 0; i < 2; i++)
        CHECK_INT(pthread_create(&t[i], NULL, find_a1, g), 0);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], &got[i]);
    CHECK_INT(kg_graph_sym_slots(g), 1); /* a lookup made them */
    CHECK_INT((uint32_t)(uintptr_t)got[0], ys[0]);
    CHECK_INT((uint32_t)(uintptr_t)got[1], ys[0]);
    kg_sym_find_all(g, keys, 3, ys); /* by the slots now */
    CHECK_STR(kg_sym_text(g, ys[2]), "b2");
    CHECK_INT(ys[1], KG_NONE);
    CHECK_STR(kg_lookup(g, "a1"), "a1");
    kg_graph_free(g);
}

TEST(lookup_candidates_rank_the_nearest_best_first)
{
    kg_graph *g = hijackers();
    kg_candidate c[5];
    int matched = -1;
    CHECK(kg_lookup(g, "Mohammed Atta") == NULL);
    size_t n = kg_lookup_candidates(g, "Mohammed Atta", c, 5, &matched);
    CHECK_INT(matched, 0);
    CHECK_INT(n, 3); /* Atta, Atte, Attas: Belfas is too far */
    CHECK_STR(c[0].id, "a1");
    CHECK_INT(c[0].distance, 1);
    CHECK_STR(c[1].id, "m5"); /* two edits each: by id */
    CHECK_STR(c[2].id, "z9");
    CHECK_INT(c[1].distance, 2);
    CHECK_STR(c[0].name, "Mohamed Atta");
    /* the same answer every time, and with room for one only */
    CHECK_INT(kg_lookup_candidates(g, "Mohammed Atta", c, 1, NULL), 3);
    CHECK_STR(c[0].id, "a1");
    /* case, accents and punctuation cost nothing; a surname alone is a
     * word of the name */
    CHECK_INT(kg_lookup_candidates(g, "mohamed-atta!", c, 5, &matched), 3);
    CHECK_STR(c[0].id, "a1");
    CHECK_INT(c[0].distance, 0);
    n = kg_lookup_candidates(g, "Belfas", c, 5, &matched);
    CHECK_INT(n, 1);
    CHECK_STR(c[0].id, "b2");
    CHECK_INT(kg_lookup_candidates(g, "Nobody Here At All", c, 5, &matched), 0);
    CHECK_INT(kg_lookup_candidates(g, "\xFF\xFE", c, 5, &matched), 0);
    kg_graph_free(g);
}

TEST(lookup_candidates_list_an_ambiguous_name_by_id_with_types)
{
    kg_graph *g = hijackers();
    CHECK(kg_lookup(g, "Deutsche Bank") == NULL); /* three share it */
    kg_candidate c[2];
    int matched = 0;
    CHECK_INT(kg_lookup_candidates(g, "deutsche bank", c, 2, &matched), 3);
    CHECK_INT(matched, 1);
    CHECK_STR(c[0].id, "db1");
    CHECK_STR(c[0].type, "bank");
    CHECK_STR(c[1].id, "db2");
    CHECK(c[1].type == NULL);
    CHECK_INT(c[1].distance, 0);
    /* one match is kg_lookup's answer */
    CHECK_INT(kg_lookup_candidates(g, "a1", c, 2, &matched), 1);
    CHECK_STR(c[0].id, "a1");
    CHECK_INT(matched, 1);
    /* before kg_resolve: nothing */
    kg_graph *raw = kg_graph_new();
    kg_add_entity(raw, "x", "X", NULL);
    CHECK_INT(kg_lookup_candidates(raw, "X", c, 2, &matched), 0);
    kg_graph_free(raw);
    kg_graph_free(g);
}

/* The kinds of what was said, one line each. */
static void keep_kinds(const kg_diag *d, void *ctx)
{
    kg_buf_puts(ctx, d->kind);
    kg_buf_putc(ctx, '\n');
}

TEST(warnings_carry_a_kind_errors_none)
{
    kg_graph *g = kg_graph_new();
    kg_buf kinds;
    kg_buf_init(&kinds);
    kg_graph_set_diag(g, keep_kinds, &kinds);
    const char *csv = "source,target,relation,weight\n"
                      "a,b,knows,heavy\n"
                      "a,c,knows,2\n"
                      "\"unclosed,d,knows,1\n";
    kg_load_buffer(g, "r.csv", csv, strlen(csv));
    kg_resolve(g);
    kg_filter f = kg_filter_defaults();
    f.path_from = "a";
    f.path_to = "nobody at all";
    kg_apply_filter(g, &f);
    CHECK(kinds.data != NULL);
    if (kinds.data) {
        CHECK(strstr(kinds.data, "unknown-end\n") != NULL);
        CHECK(strstr(kinds.data, "\n\n") != NULL || kinds.data[0] == '\n');
    }
    kg_buf_free(&kinds);
    kg_graph_free(g);
}

/* A graph made from others (diff's picture, an overview) reads dates as
 * its sources do: a `:date` column and the order found for a column of
 * day/month dates in digits go with it. */
TEST(derived_graphs_read_dates_as_their_sources_do)
{
    static const char old[] = "source,target,relation,seen:date,date\n"
                              "a,b,met,\"Mar 25, 2015\",25/03/2015\n";
    static const char now[] = "source,target,relation,seen:date,date\n"
                              "a,b,met,\"Mar 25, 2015\",25/03/2015\n"
                              "b,c,met,\"Apr 1, 2015\",01/04/2015\n";
    kg_graph *a = kg_graph_new(), *b = kg_graph_new();
    kg_graph_set_diag(a, NULL, NULL);
    kg_graph_set_diag(b, NULL, NULL);
    CHECK_INT(kg_load_buffer(a, "r.csv", old, sizeof old - 1), KG_OK);
    CHECK_INT(kg_load_buffer(b, "r.csv", now, sizeof now - 1), KG_OK);
    CHECK_INT(kg_resolve(a), KG_OK);
    CHECK_INT(kg_resolve(b), KG_OK);
    kg_status st = KG_OK;
    kg_diff *d = kg_diff_new(a, b, &st);
    CHECK(d != NULL);
    kg_graph *g = d ? kg_diff_graph(d, 0, &st) : NULL;
    CHECK(g != NULL);
    char *text = g ? dot_without_legend(g) : NULL;
    CHECK(text &&
          strstr(text, "seen=\"2015-04-01\", data_seen=\"Apr 1, 2015\""));
    CHECK(text &&
          strstr(text, "date=\"2015-04-01\", data_date=\"01/04/2015\""));
    free(text);
    kg_graph_free(g);
    kg_diff_free(d);
    kg_graph_free(a);
    kg_graph_free(b);
}

/* ---- headers (issue 25) ---- */

/* A header given by name: the file's first row is data; names are
 * trimmed; another number of fields than names is one error at the first
 * row, naming the setting, and no row is used. */
TEST(a_header_given_names_the_columns_and_must_fit)
{
    static const char edges[] = "Hani Hanjour,Majed Moqed,5,1\n"
                                "Hani Hanjour,Nawaf Alhazmi,5,1\n";
    static const char attrib[] = "Hani Hanjour,77_Pentagon\n";
    kg_buf diags;
    kg_graph *g = graph_with_diags(&diags);
    CHECK_INT(kg_graph_set_header(g, "source, target,strength,layer"), KG_OK);
    CHECK_INT(kg_load_buffer(g, "edges.txt", edges, sizeof edges - 1), KG_OK);
    CHECK_INT(kg_graph_set_header(g, "id,flight"), KG_OK);
    CHECK_INT(kg_load_buffer(g, "attrib.txt", attrib, sizeof attrib - 1),
              KG_OK);
    CHECK_INT(kg_graph_set_header(g, "id,flight,extra"), KG_OK);
    CHECK_INT(kg_load_buffer(g, "wrong.txt", attrib, sizeof attrib - 1), KG_OK);
    CHECK_INT(kg_graph_set_header(g, NULL), KG_OK);
    CHECK_INT(kg_resolve(g), KG_OK);
    kg_stats st = kg_graph_stats(g);
    CHECK_INT(st.relations, 2);
    CHECK_INT(st.rows, 4);
    CHECK_INT(st.rejected, 1);
    CHECK_INT(st.errors, 1);
    CHECK(strstr(diags.data, "wrong.txt:1: kg_graph_set_header gives 3 "
                             "column names but this file's rows have 2 "
                             "fields") != NULL);
    char *text = dot_without_legend(g);
    CHECK(strstr(text, "flight=\"77_Pentagon\"") != NULL);
    CHECK(strstr(text, "strength=\"5\", data_layer=\"1\"") != NULL);
    free(text);
    kg_graph_free(g);
    kg_buf_free(&diags);
}

/* Without a header: a first row that names no known column and has the
 * shape of the rows below is data, read as source,target,column3..., with
 * one warning naming the header that would say so; text above a column
 * of numbers is a header (and names nothing kgraph knows: an error that
 * points at the setting). */
TEST(a_headerless_file_is_read_as_an_edge_list_once_warned)
{
    static const char edges[] = "Hani Hanjour,Majed Moqed,5,1\n"
                                "Hani Hanjour,Nawaf Alhazmi,5,1\n"
                                "Majed Moqed,Nawaf Alhazmi,5,1\n";
    static const char header[] = "person,company,since\n"
                                 "ann,acme,2001\n"
                                 "bob,acme,1999\n";
    kg_buf diags;
    kg_graph *g = graph_with_diags(&diags);
    CHECK_INT(kg_load_buffer(g, "edges.txt", edges, sizeof edges - 1), KG_OK);
    CHECK_INT(kg_resolve(g), KG_OK);
    kg_stats st = kg_graph_stats(g);
    CHECK_INT(st.relations, 3);
    CHECK_INT(st.rows, 3);
    CHECK_INT(st.errors, 0);
    CHECK(strstr(diags.data, "edges.txt:1: the file has no header row") !=
          NULL);
    CHECK(strstr(diags.data, "kg_graph_set_header "
                             "source,target,column3,column4") != NULL);
    char *text = dot_without_legend(g);
    CHECK(strstr(text, "column3=\"5\", column4=\"1\"") != NULL);
    free(text);
    kg_graph_free(g);
    kg_buf_free(&diags);
    g = graph_with_diags(&diags);
    CHECK_INT(kg_load_buffer(g, "h.csv", header, sizeof header - 1), KG_OK);
    CHECK_INT(kg_graph_stats(g).errors, 1);
    CHECK(strstr(diags.data, "h.csv:1: cannot tell what this file holds") !=
          NULL);
    kg_graph_free(g);
    kg_buf_free(&diags);
}

/* Other people's names: node for the id, i and j for the ends,
 * relationship and interaction for the type. */
TEST(other_tools_column_names_are_known)
{
    static const char nodes[] = "node,familia\nN2,batanesi\n";
    static const char ij[] = "i,j,weight\rN5,N11,1\rN5,N12,1\r";
    static const char rel[] = "from,to,relationship\nN5,N2,uncle\n";
    static const char cy[] = "source,interaction,target\nN2,pp,N5\n";
    kg_buf diags;
    kg_graph *g = graph_with_diags(&diags);
    CHECK_INT(kg_load_buffer(g, "n.csv", nodes, sizeof nodes - 1), KG_OK);
    CHECK_INT(kg_load_buffer(g, "ij.csv", ij, sizeof ij - 1), KG_OK);
    CHECK_INT(kg_load_buffer(g, "r.csv", rel, sizeof rel - 1), KG_OK);
    CHECK_INT(kg_load_buffer(g, "c.csv", cy, sizeof cy - 1), KG_OK);
    CHECK_INT(kg_resolve(g), KG_OK);
    kg_stats st = kg_graph_stats(g);
    CHECK_INT(st.errors, 0);
    CHECK_INT(st.relations, 4);
    char *text = dot_without_legend(g);
    CHECK(strstr(text, "familia=batanesi") != NULL);
    CHECK(strstr(text, "[type=uncle") != NULL);
    CHECK(strstr(text, "[type=pp") != NULL);
    free(text);
    kg_graph_free(g);
    kg_buf_free(&diags);
}

/* A file's name as its relations' type: the extension, the start all
 * the inputs share up to a separator, and _ and - go; one file alone
 * keeps its whole name. */
TEST(a_typeless_relation_file_is_typed_by_its_name)
{
    const char *three[] = {"d/montagna_meetings.csv", "montagna_phone.csv",
                           "x/montagna_sightings.csv"};
    const char *close[] = {"phone.csv", "photo.csv"};
    const char *whole[] = {"ab_c.csv", "ab_.csv"};
    CHECK_INT(kg_file_type_prefix(three, 3), 9);
    CHECK_INT(kg_file_type_prefix(three, 1), 0);
    CHECK_INT(kg_file_type_prefix(close, 2), 0);
    CHECK_INT(kg_file_type_prefix(whole, 2), 0);
    kg_buf t;
    kg_buf_init(&t);
    CHECK_INT(kg_file_type(three[0], 9, &t), 0);
    CHECK_STR(t.data, "meetings");
    CHECK_INT(kg_file_type("Phone-Calls__2020.csv", 0, &t), 0);
    CHECK_STR(t.data, "Phone Calls 2020");
    kg_buf_free(&t);
    static const char rel[] = "source,target,weight\nN0,N1,1\n";
    static const char typed[] = "source,target,relation\nN0,N1,son\n";
    kg_buf diags;
    kg_graph *g = graph_with_diags(&diags);
    CHECK_INT(kg_graph_set_type_from_file(g, 1), KG_OK);
    CHECK_INT(kg_load_buffer(g, "montagna_meetings.csv", rel, sizeof rel - 1),
              KG_OK);
    CHECK_INT(kg_load_buffer(g, "montagna_phone.csv", rel, sizeof rel - 1),
              KG_OK);
    CHECK_INT(kg_load_buffer(g, "montagna_kin.csv", typed, sizeof typed - 1),
              KG_OK);
    CHECK_INT(kg_resolve(g), KG_OK);
    char *text = dot_without_legend(g);
    CHECK(strstr(text, "[type=meetings") != NULL);
    CHECK(strstr(text, "[type=phone") != NULL);
    CHECK(strstr(text, "[type=son") != NULL);
    free(text);
    kg_graph_free(g);
    kg_buf_free(&diags);
    g = graph_with_diags(&diags);
    CHECK_INT(kg_graph_set_type_from_file(g, 1), KG_OK);
    CHECK_INT(kg_load_buffer(g, "montagna_meetings.csv", rel, sizeof rel - 1),
              KG_OK);
    CHECK_INT(kg_resolve(g), KG_OK);
    text = dot_without_legend(g);
    CHECK(strstr(text, "[type=\"montagna meetings\"") != NULL);
    free(text);
    kg_graph_free(g);
    kg_buf_free(&diags);
}

/* ---- Lines routed around entities ---- */

/* The points of e's drawn line: its curve sampled, 16 to a piece. */
static int line_points(Agedge_t *e, pointf *out, int cap)
{
    const splines *spl = ED_spl(e);
    int n = 0;
    if (!spl || spl->size != 1)
        return 0;
    const bezier *bz = &spl->list[0];
    for (int i = 0; i + 3 < bz->size; i += 3)
        for (int s = i ? 1 : 0; s <= 16 && n < cap; s++) {
            double t = s / 16.0, u = 1 - t;
            const pointf *c = bz->list + i;
            double a = u * u * u, b = 3 * u * u * t, d = 3 * u * t * t,
                   f = t * t * t;
            out[n++] =
                (pointf){a * c[0].x + b * c[1].x + d * c[2].x + f * c[3].x,
                         a * c[0].y + b * c[1].y + d * c[2].y + f * c[3].y};
        }
    return n;
}

/* Whether p is on v's outline: outside it, and inside 1.5 pt further in. */
static int on_outline(Agnode_t *v, pointf p)
{
    pointf c = ND_coord(v);
    double l = hypot(c.x - p.x, c.y - p.y);
    pointf in = {p.x + (c.x - p.x) / l * 1.5, p.y + (c.y - p.y) / l * 1.5};
    return l > 0 && !kg_route_inside(v, p) && kg_route_inside(v, in);
}

/* Three entities in a row (pinned: the nop engine draws them where the
 * DOT says), three lines between the outer two, one of them back: each
 * goes round the middle entity, ends on its own entities' outlines with
 * its arrowhead at its head, and stays apart from the others; a line
 * with nothing in its way stays as Graphviz drew it. */
TEST(lines_are_routed_around_entities_and_kept_apart)
{
    Agraph_t *g =
        kg_dot_read("digraph g { graph [splines=false]; node [shape=ellipse];\n"
                    "  a [pos=\"0,0\"]; b [pos=\"120,0\", shape=box];\n"
                    "  c [pos=\"240,0\"]; d [pos=\"120,150\"];\n"
                    "  a -> c; a -> c; c -> a [arrowsize=2]; a -> d; }\n");
    CHECK(g != NULL);
    if (!g)
        return;
    kg_gv_lock();
    CHECK(gvLayout(kg_gv_context(), g, "nop") == 0);
    Agnode_t *a = agnode(g, "a", 0), *b = agnode(g, "b", 0),
             *c = agnode(g, "c", 0), *d = agnode(g, "d", 0);
    Agedge_t *ad = agedge(g, a, d, NULL, 0);
    bezier before = ED_spl(ad)->list[0];
    pointf was[4];
    memcpy(was, before.list, sizeof was);
    CHECK_INT(kg_route_lines(g), 0);
    pointf mid[3];
    int k = 0;
    for (Agedge_t *e = agfstout(g, a); e; e = agnxtout(g, e))
        if (aghead(e) == c)
            k++;
    CHECK_INT(k, 2);
    k = 0;
    for (Agnode_t *v = agfstnode(g); v; v = agnxtnode(g, v))
        for (Agedge_t *e = agfstout(g, v); e; e = agnxtout(g, e)) {
            if (aghead(e) == d)
                continue;
            pointf p[200];
            int n = line_points(e, p, 200);
            CHECK(n > 16); /* bent: more than one piece */
            int clear = n > 0;
            for (int i = 0; i < n; i++)
                clear &= !kg_route_inside(b, p[i]) && !kg_route_inside(d, p[i]);
            CHECK(clear);
            const bezier *bz = &ED_spl(e)->list[0];
            /* the arrow at the head, its tip on the head's outline */
            CHECK(bz->eflag && !bz->sflag);
            CHECK(on_outline(agtail(e), bz->list[0]));
            CHECK(on_outline(aghead(e), bz->ep));
            double arrow = hypot(bz->ep.x - bz->list[bz->size - 1].x,
                                 bz->ep.y - bz->list[bz->size - 1].y);
            CHECK(fabs(arrow - (agtail(e) == c ? 20 : 10)) < 0.5);
            if (k < 3 && n > 0)
                mid[k++] = p[n / 2];
        }
    CHECK_INT(k, 3);
    for (int i = 0; i < k; i++)
        for (int j = i + 1; j < k; j++)
            CHECK(hypot(mid[i].x - mid[j].x, mid[i].y - mid[j].y) > 3);
    /* nothing in its way: a -> d as Graphviz drew it */
    CHECK_INT(ED_spl(ad)->list[0].size, 4);
    CHECK(memcmp(ED_spl(ad)->list[0].list, was, sizeof was) == 0);
    gvFreeLayout(kg_gv_context(), g);
    kg_gv_unlock();
    agclose(g);
}

/* Entities moved apart to make room for labels: each twice as far from
 * the drawing's centre, shapes as they were, each line straight again
 * from outline to outline with its arrowhead, the key's label under the
 * drawing, and the box holding it all. */
TEST(entities_are_spread_and_lines_drawn_again)
{
    Agraph_t *g = kg_dot_read(
        "digraph g { graph [splines=false, label=\"key\", labelloc=b];\n"
        "  node [shape=box]; a [pos=\"0,0\"]; b [pos=\"100,0\"];\n"
        "  c [pos=\"0,100\"]; a -> b; b -> c [dir=back]; }\n");
    CHECK(g != NULL);
    if (!g)
        return;
    kg_gv_lock();
    CHECK(gvLayout(kg_gv_context(), g, "nop") == 0);
    Agnode_t *a = agnode(g, "a", 0), *b = agnode(g, "b", 0);
    boxf old = GD_bb(g);
    pointf ca = ND_coord(a), cb = ND_coord(b);
    CHECK_INT(kg_route_spread(g, 2), 0);
    CHECK(fabs(hypot(ND_coord(b).x - ND_coord(a).x,
                     ND_coord(b).y - ND_coord(a).y) -
               2 * hypot(cb.x - ca.x, cb.y - ca.y)) < 0.01);
    for (Agnode_t *v = agfstnode(g); v; v = agnxtnode(g, v))
        for (Agedge_t *e = agfstout(g, v); e; e = agnxtout(g, e)) {
            const bezier *bz = &ED_spl(e)->list[0];
            CHECK_INT(bz->size, 4);
            int back = aghead(e) == agnode(g, "c", 0);
            Agnode_t *tip = back ? agtail(e) : aghead(e);
            Agnode_t *start = back ? aghead(e) : agtail(e);
            CHECK(back ? bz->sflag && !bz->eflag : bz->eflag && !bz->sflag);
            CHECK(
                on_outline(start, back ? bz->list[bz->size - 1] : bz->list[0]));
            CHECK(on_outline(tip, back ? bz->sp : bz->ep));
        }
    textlabel_t *key = GD_label(g);
    boxf bb = GD_bb(g);
    CHECK(bb.UR.x - bb.LL.x > old.UR.x - old.LL.x + 90);
    CHECK(key && key->pos.y + key->dimen.y / 2 <= ND_coord(a).y - 18 + 0.01);
    CHECK(key && key->pos.y - key->dimen.y / 2 >= bb.LL.y - 0.01);
    gvFreeLayout(kg_gv_context(), g);
    kg_gv_unlock();
    agclose(g);
}

/* Issue 27: a workbook's numbers as typed, its serials as ISO dates. */
static const char *num(double v)
{
    static char out[KG_CELL_TEXT_MAX];
    kg_cell_number(v, out);
    return out;
}

static const char *serial(double v, int date1904, int kind)
{
    static char out[KG_CELL_TEXT_MAX];
    size_t n = kg_cell_serial(v, date1904, kind, out);
    return n ? out : "(none)";
}

TEST(workbook_numbers_are_the_shortest_text_that_reads_back)
{
    CHECK_STR(num(1250000.5), "1250000.5");
    CHECK_STR(num(1e-07), "1e-07");
    CHECK_STR(num(0.1 + 0.2), "0.3"); /* 15 digits, as Excel holds them */
    CHECK_STR(num(0.3), "0.3");
    CHECK_STR(num(42), "42");
    CHECK_STR(num(-7), "-7");
    CHECK_STR(num(-0.0), "0");
    CHECK_STR(num(2500001), "2500001");
    CHECK_STR(num(123456789012345.0), "123456789012345");
    CHECK_STR(num(1e15), "1e+15");
    CHECK_STR(num(1.0 / 3), "0.333333333333333");
}

TEST(workbook_serials_are_iso_dates_in_both_systems)
{
    int d = KG_FMT_DATE, t = KG_FMT_TIME, dt = KG_FMT_DATETIME;
    CHECK_STR(serial(21827, 0, d), "1959-10-04");
    CHECK_STR(serial(21827.5729166667, 0, dt), "1959-10-04T13:45:00");
    CHECK_STR(serial(0.5729166667, 0, t), "13:45:00");
    CHECK_STR(serial(1, 0, d), "1900-01-01");
    CHECK_STR(serial(59, 0, d), "1900-02-28");
    CHECK_STR(serial(60, 0, d), "1900-02-29"); /* Lotus' day, Excel keeps it */
    CHECK_STR(serial(61, 0, d), "1900-03-01");
    CHECK_STR(serial(0, 1, d), "1904-01-01");
    CHECK_STR(serial(20365, 1, d), "1959-10-04"); /* 1462 days fewer */
    CHECK_STR(serial(2958465, 0, d), "9999-12-31");
    CHECK_STR(serial(2958466, 0, d), "(none)");
    CHECK_STR(serial(-1, 0, d), "(none)");
    CHECK_STR(serial(0.99999999, 0, dt), "1900-01-01T00:00:00");
    CHECK_STR(serial(1.5, 0, t | KG_FMT_ELAPSED), "36:00:00");
}

TEST(workbook_formats_say_dates_and_times)
{
    CHECK_INT(kg_cell_format_kind("dd/mm/yyyy"), KG_FMT_DATE);
    CHECK_INT(kg_cell_format_kind("mmm d, yyyy"), KG_FMT_DATE);
    CHECK_INT(kg_cell_format_kind("yyyy-mm-dd hh:mm:ss"), KG_FMT_DATETIME);
    CHECK_INT(kg_cell_format_kind("h:mm AM/PM"), KG_FMT_TIME);
    CHECK_INT(kg_cell_format_kind("mm:ss"), KG_FMT_TIME);
    CHECK_INT(kg_cell_format_kind("[h]:mm:ss"), KG_FMT_TIME | KG_FMT_ELAPSED);
    CHECK_INT(kg_cell_format_kind("[$-409]d-mmm-yy;@"), KG_FMT_DATE);
    CHECK_INT(kg_cell_format_kind("#,##0.00"), KG_FMT_NUMBER);
    CHECK_INT(kg_cell_format_kind("0.00E+00"), KG_FMT_NUMBER);
    CHECK_INT(kg_cell_format_kind("General"), KG_FMT_NUMBER);
    CHECK_INT(kg_cell_format_kind("#,##0 \"days\""), KG_FMT_NUMBER);
    CHECK_INT(kg_cell_format_kind("[Red]0.0;[Blue]-0.0"), KG_FMT_NUMBER);
    CHECK_INT(kg_cell_format_kind("0\\h"), KG_FMT_NUMBER);
    CHECK_INT(kg_cell_builtin_kind(14), KG_FMT_DATE);
    CHECK_INT(kg_cell_builtin_kind(22), KG_FMT_DATETIME);
    CHECK_INT(kg_cell_builtin_kind(20), KG_FMT_TIME);
    CHECK_INT(kg_cell_builtin_kind(2), KG_FMT_NUMBER);
}

/* Issue 28: a timing callback hears each phase, in order, the inner one
 * before the call it is part of; times and memory are never negative;
 * the output is the same with one and without. */
static void keep_phases(const kg_timing *t, void *ctx)
{
    kg_buf *b = ctx;
    kg_buf_puts(b, t->phase);
    if (t->subject[0]) {
        kg_buf_putc(b, ' ');
        kg_buf_puts(b, t->subject);
    }
    kg_buf_puts(b, t->wall >= 0 && t->cpu >= 0 && t->peak > 0 ? "\n" : "!\n");
}

static char *stats_text(int timed, kg_buf *phases)
{
    kg_graph *g = kg_graph_new();
    if (timed)
        CHECK_INT(kg_graph_set_timings(g, keep_phases, phases), KG_OK);
    const char *csv = "source,target\na,b\nb,c\nc,a\nc,d\n";
    kg_load_buffer(g, "r.csv", csv, strlen(csv));
    kg_resolve(g);
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    kg_write_stats(g, f, KG_STATS_JSON, 5);
    fclose(f);
    kg_graph_free(g);
    return text;
}

TEST(timings_name_each_phase_and_change_nothing)
{
    CHECK_INT(kg_graph_set_timings(NULL, keep_phases, NULL), KG_ERR_USAGE);
    kg_buf phases;
    kg_buf_init(&phases);
    char *plain = stats_text(0, &phases), *timed = stats_text(1, &phases);
    CHECK(plain && timed && strcmp(plain, timed) == 0);
    CHECK_STR(phases.data ? phases.data : "",
              "read r.csv\nresolve\ncentralities\nwrite stats\n");
    free(plain);
    free(timed);
    kg_buf_free(&phases);
}

/* A job for the sandbox's stream: `pieces` writes of bytes i % 251 in
 * pieces of odd sizes (forever when 0), or a crash. */
typedef struct stream_job {
    size_t pieces;
    int crash;
    size_t got, taken, stop_after; /* in the parent */
    int in_order;
} stream_job;

static void stream_run(void *ctx, void *reply)
{
    stream_job *j = ctx;
    if (j->crash)
        raise(SIGSEGV);
    unsigned char piece[7919];
    size_t at = 0;
    for (size_t k = 0; j->pieces == 0 || k < j->pieces; k++) {
        size_t n = 1 + k * 131 % sizeof piece;
        for (size_t i = 0; i < n; i++)
            piece[i] = (unsigned char)((at + i) % 251);
        if (kg_sandbox_write_all(kg_sandbox_stream_fd(), piece, n))
            break;
        at += n;
    }
    memcpy(reply, &at, sizeof at);
}

static int stream_take(void *ctx, const void *bytes, size_t n)
{
    stream_job *j = ctx;
    const unsigned char *b = bytes;
    for (size_t i = 0; i < n; i++)
        j->in_order &= b[i] == (j->got + i) % 251;
    j->got += n;
    j->taken++;
    return j->stop_after && j->taken >= j->stop_after ? -1 : 0;
}

/* A spare thread (util/parallel.h) lent to pieces running on another:
 * it takes pieces while some are left, they are put together in order
 * whoever did them, and the call returns only once the spare has; a
 * spare lent after they ended, or closed, returns at once. */
typedef struct spare_run {
    int by[64];    /* per piece: the worker that did it */
    int order[64]; /* the pieces in the order put together */
    int njoined;
    int spare_took; /* the spare has done a piece (atomic) */
    int spare_back; /* the lent thread returned (atomic) */
    kg_spare *spare;
} spare_run;

static void pause_ms(long ms)
{
    struct timespec ts = {ms / 1000, ms % 1000 * 1000000L};
    nanosleep(&ts, NULL);
}

static void spare_work(void *ctx, kg_pieces *p, unsigned k)
{
    spare_run *r = ctx;
    size_t i;
    while ((i = kg_pieces_next(p)) != SIZE_MAX) {
        /* the first worker waits (up to 2 s) for the spare to take one */
        for (int t = 0; k == 0 && i == 0 && t < 2000 &&
                        !__atomic_load_n(&r->spare_took, __ATOMIC_ACQUIRE);
             t++)
            pause_ms(1);
        r->by[i] = (int)k;
        if (k == 1)
            __atomic_store_n(&r->spare_took, 1, __ATOMIC_RELEASE);
        kg_pieces_turn(p, i);
        r->order[r->njoined++] = (int)i;
        kg_pieces_done(p, i);
    }
}

static void *lend_spare(void *arg)
{
    spare_run *r = arg;
    kg_spare_lend(r->spare);
    __atomic_store_n(&r->spare_back, 1, __ATOMIC_RELEASE);
    return NULL;
}

TEST(a_spare_thread_joins_pieces_and_they_join_in_order)
{
    spare_run r;
    memset(&r, 0, sizeof r);
    r.spare = kg_spare_new();
    CHECK(r.spare != NULL);
    pthread_t t;
    CHECK_INT(pthread_create(&t, NULL, lend_spare, &r), 0);
    pause_ms(20); /* lent before the pieces start: it waits for them */
    CHECK_INT(__atomic_load_n(&r.spare_back, __ATOMIC_ACQUIRE), 0);
    CHECK_INT(kg_parallel_pieces_spare(1, 64, spare_work, &r, r.spare), 0);
    int spare_did = 0;
    for (int i = 0; i < 64; i++) {
        CHECK_INT(r.order[i], i);
        spare_did += r.by[i] == 1;
    }
    CHECK_INT(r.njoined, 64);
    CHECK(spare_did > 0);
    kg_spare_close(r.spare);
    CHECK_INT(pthread_join(t, NULL), 0);
    CHECK_INT(r.spare_back, 1);
    /* closed: a thread lent now does not wait */
    r.spare_back = 0;
    CHECK_INT(pthread_create(&t, NULL, lend_spare, &r), 0);
    CHECK_INT(pthread_join(t, NULL), 0);
    CHECK_INT(r.spare_back, 1);
    kg_spare_free(r.spare);
    /* pieces with no spare: exactly kg_parallel_pieces, on one worker */
    memset(&r, 0, sizeof r);
    r.spare_took = 1; /* nobody to wait for */
    CHECK_INT(kg_parallel_pieces_spare(1, 64, spare_work, &r, NULL), 0);
    for (int i = 0; i < 64; i++)
        CHECK(r.order[i] == i && r.by[i] == 0);
    kg_spare_lend(NULL);
    kg_spare_close(NULL);
    kg_spare_free(NULL);
}

/* The centralities' searches with a spare thread lent to them (the
 * report's communities' thread, once done: overview.c) are the same
 * doubles as on one thread, on a graph of many pieces. */
typedef struct lent {
    kg_spare *spare;
} lent;

static void *lend_only(void *arg)
{
    kg_spare_lend(((lent *)arg)->spare);
    return NULL;
}

TEST(centralities_are_the_same_with_a_spare_thread)
{
    kg_buf csv;
    kg_buf_init(&csv);
    kg_buf_puts(&csv, "source,target\n");
    char row[64];
    unsigned x = 99;
    for (int i = 0; i < 3000; i++) { /* a ring with chords */
        x = x * 1103515245u + 12345u;
        snprintf(row, sizeof row, "n%d,n%d\nn%d,n%u\n", i, (i + 1) % 3000, i,
                 (x >> 8) % 3000);
        kg_buf_puts(&csv, row);
    }
    kg_graph *g = kg_graph_new();
    CHECK_INT(kg_load_buffer(g, "r.csv", csv.data, csv.len), KG_OK);
    CHECK_INT(kg_resolve(g), KG_OK);
    kg_buf_free(&csv);
    kg_graph_set_threads(g, 1);
    kg_centrality *one = kg_centralities(g, NULL);
    kg_graph_set_threads(g, 2);
    lent l = {kg_spare_new()};
    pthread_t t;
    CHECK(l.spare != NULL);
    CHECK_INT(pthread_create(&t, NULL, lend_only, &l), 0);
    kg_centrality *two = kg_centralities_spare(g, NULL, l.spare);
    kg_spare_close(l.spare);
    CHECK_INT(pthread_join(t, NULL), 0);
    kg_spare_free(l.spare);
    size_t n = kg_graph_stats(g).entities;
    CHECK_INT(n, 3000);
    CHECK(one && two && memcmp(one, two, n * sizeof *one) == 0);
    double sum = 0;
    for (size_t i = 0; one && i < n; i++)
        sum += one[i].betweenness;
    CHECK(sum > 1e6);
    free(one);
    free(two);
    kg_graph_free(g);
}

/* Louvain as it was, every node weighed in every pass: the oracle for
 * kg_louvain, which passes over nodes whose choice cannot have changed
 * (analysis/louvain.c) and must find the same communities. */
static long plain_moves(const wgraph *x, uint32_t *comm)
{
    size_t n = x->n;
    uint32_t *k = calloc(n + 1, sizeof *k), *tot = calloc(n + 1, sizeof *tot);
    uint32_t *in = calloc(n + 1, sizeof *in), *seen = calloc(n + 1, 4);
    uint64_t total = 0;
    for (size_t v = 0; v < n; v++) {
        comm[v] = (uint32_t)v;
        uint64_t d = 2 * (uint64_t)x->self[v];
        for (size_t a = x->start[v]; a < x->start[v + 1]; a++)
            d += x->e[a].w;
        total += d;
        k[v] = tot[v] = (uint32_t)d;
    }
    double m2 = (double)total;
    long moves = 0;
    for (int pass = 0; pass < 32 && m2 > 0; pass++) {
        long moved = 0;
        for (size_t v = 0; v < n; v++) {
            uint32_t old = comm[v];
            size_t nseen = 0;
            for (size_t a = x->start[v]; a < x->start[v + 1]; a++) {
                uint32_t c = comm[x->e[a].to];
                if (in[c] == 0)
                    seen[nseen++] = c;
                in[c] += x->e[a].w;
            }
            double kv = k[v];
            tot[old] -= k[v];
            uint32_t best = old;
            double gain = (double)in[old] - (double)tot[old] * kv / m2;
            for (size_t i = 0; i < nseen; i++) {
                double g = (double)in[seen[i]] - (double)tot[seen[i]] * kv / m2;
                if (g > gain + 1e-12) {
                    gain = g;
                    best = seen[i];
                }
            }
            tot[best] += k[v];
            comm[v] = best;
            moved += best != old;
            for (size_t i = 0; i < nseen; i++)
                in[seen[i]] = 0;
            in[old] = 0;
        }
        moves += moved;
        if (!moved)
            break;
    }
    free(k);
    free(tot);
    free(in);
    free(seen);
    return moves;
}

static size_t plain_renumber(uint32_t *comm, size_t n)
{
    uint32_t *id = malloc((n + 1) * sizeof *id);
    size_t count = 0;
    for (size_t v = 0; v < n; v++)
        id[v] = KG_NONE;
    for (size_t v = 0; v < n; v++) {
        if (id[comm[v]] == KG_NONE)
            id[comm[v]] = (uint32_t)count++;
        comm[v] = id[comm[v]];
    }
    free(id);
    return count;
}

static size_t plain_louvain(const wgraph *x, uint32_t *final)
{
    size_t n = x->n;
    for (size_t v = 0; v < n; v++)
        final[v] = (uint32_t)v;
    uint32_t *comm = malloc((n + 1) * sizeof *comm);
    wgraph cur = *x;
    int owned = 0;
    for (;;) {
        long moves = plain_moves(&cur, comm);
        size_t count = plain_renumber(comm, cur.n);
        for (size_t v = 0; v < n; v++)
            final[v] = comm[final[v]];
        if (moves == 0 || count == cur.n)
            break;
        arc *arcs = malloc((cur.start[cur.n] + cur.n + 1) * sizeof *arcs);
        size_t m = 0;
        for (size_t v = 0; v < cur.n; v++) {
            if (cur.self[v] > 0)
                arcs[m++] = (arc){comm[v], comm[v], (uint32_t)cur.self[v]};
            for (size_t a = cur.start[v]; a < cur.start[v + 1]; a++) {
                uint32_t u = cur.e[a].to, p = comm[v], q = comm[u];
                if (u >= v)
                    arcs[m++] = (arc){p < q ? p : q, p < q ? q : p, cur.e[a].w};
            }
        }
        wgraph next;
        kg_wgraph_build(&next, count, arcs, m);
        free(arcs);
        if (owned)
            kg_wgraph_free(&cur);
        cur = next;
        owned = 1;
    }
    if (owned)
        kg_wgraph_free(&cur);
    free(comm);
    return plain_renumber(final, n);
}

/* m arcs among n nodes into arcs, from the xorshift state *s: one end
 * skewed towards the first nodes (a few hubs: u to the power `skew`),
 * every loop_every-th arc a loop (0: none left to chance alone), weights
 * 1 to `weights`. */
static void random_arcs(uint64_t *s, arc *arcs, size_t m, size_t n, int skew,
                        size_t loop_every, uint32_t weights)
{
    for (size_t i = 0; i < m; i++) {
        *s ^= *s << 13, *s ^= *s >> 7, *s ^= *s << 17;
        double u = (double)(*s >> 11) / 9007199254740992.0, x = (double)n;
        for (int k = 0; k < skew; k++)
            x *= u;
        uint32_t a = (uint32_t)x % n;
        uint32_t b = (uint32_t)((*s >> 7) % n);
        if (loop_every && i % loop_every == 0)
            b = a;
        uint32_t w = 1 + (uint32_t)((*s >> 40) % weights);
        arcs[i] = (arc){a < b ? a : b, a < b ? b : a, w};
    }
}

/* Whether kg_louvain finds on the graph of arcs what plain_louvain does. */
static int louvain_is_plain(size_t n, const arc *arcs, size_t m)
{
    wgraph x;
    CHECK_INT(kg_wgraph_build(&x, n, arcs, m), 0);
    uint32_t *got = malloc((n + 1) * sizeof *got);
    uint32_t *want = malloc((n + 1) * sizeof *want);
    size_t ngot = 0, nwant = plain_louvain(&x, want);
    CHECK_INT(kg_louvain(&x, got, &ngot), 0);
    int same = ngot == nwant && memcmp(got, want, n * sizeof *got) == 0;
    kg_wgraph_free(&x);
    free(got);
    free(want);
    return same;
}

TEST(louvain_passing_over_settled_nodes_finds_the_same_communities)
{
    static const size_t sizes[] = {40, 300, 2000, 12000, 60000};
    uint64_t s = 0x9E3779B97F4A7C15ull;
    int compared = 0, same = 0;
    for (size_t z = 0; z < sizeof sizes / sizeof *sizes; z++) {
        for (int seed = 0; seed < 4; seed++) {
            size_t n = sizes[z], m = 2 * n + (size_t)seed * n / 2;
            arc *arcs = malloc((m + 1) * sizeof *arcs);
            /* skewed ends (a few hubs), as in gen.c; some loops */
            random_arcs(&s, arcs, m, n, 3, seed == 3 ? 97 : 0, 1);
            compared++;
            same += louvain_is_plain(n, arcs, m);
            free(arcs);
        }
    }
    CHECK_INT(same, compared);
}

/* A random graph for the centralities: n nodes (e.csv, in order) dealt
 * into `groups` groups, `edges` rows (r.csv) each inside one group, a
 * third of them from the group's first few nodes (hubs: many shortest
 * paths, sums that round), with self-loops, rows repeated and reversed;
 * some groups fall apart, some nodes have no edge.  comp gets each node's
 * component as kgraph stats numbers them (by size, largest first; ties:
 * the one with the earliest node first), found here by union-find. */
static int by_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static uint32_t find_root(uint32_t *up, uint32_t v)
{
    while (up[v] != v)
        v = up[v] = up[up[v]];
    return v;
}

/* The entities n0 ... n(n-1) in e, and in r the relations' header, for a
 * test's graph (kg_buf_free both). */
static void numbered_entities(kg_buf *e, kg_buf *r, int n)
{
    char row[64];
    kg_buf_init(e);
    kg_buf_init(r);
    kg_buf_puts(e, "id\n");
    kg_buf_puts(r, "source,target\n");
    for (int i = 0; i < n; i++) {
        snprintf(row, sizeof row, "n%d\n", i);
        kg_buf_puts(e, row);
    }
}

/* g's centralities (n entities) near on 2 threads, far on 2 and on 1,
 * into c and s (free c's), checked to be the same doubles. */
static void near_and_far(kg_graph *g, int n, kg_centrality *c[3],
                         kg_sampling s[3])
{
    for (int k = 0; k < 3; k++) {
        kg_graph_set_threads(g, k < 2 ? 2 : 1);
        kg_centrality_far(k > 0);
        c[k] = kg_centralities(g, &s[k]);
    }
    kg_centrality_far(0);
    for (int k = 1; k < 3; k++)
        CHECK(c[0] && c[k] && memcmp(c[0], c[k], (size_t)n * sizeof **c) == 0);
}

static kg_graph *centrality_graph(unsigned seed, int n, int groups, int edges,
                                  uint32_t *comp, int *ends)
{
    kg_buf e, r;
    char row[64];
    numbered_entities(&e, &r, n);
    size_t count = n > 0 ? (size_t)n : 1; /* (gcc -O1 saw n < 0) */
    uint32_t *up = malloc(count * sizeof *up);
    size_t *size = calloc(count, sizeof *size);
    for (int i = 0; i < n; i++)
        up[i] = (uint32_t)i;
    unsigned x = seed;
    for (int k = 0; k < edges; k++) {
        int per = n / groups, grp, a, b;
        x = x * 1103515245u + 12345u;
        grp = (int)((x >> 8) % (unsigned)groups);
        x = x * 1103515245u + 12345u;
        a = (int)((x >> 8) % (unsigned)(x % 3 ? per : per / 16 + 1));
        x = x * 1103515245u + 12345u;
        b = (int)((x >> 8) % (unsigned)per);
        a = a * groups + grp;
        b = b * groups + grp;
        if (x % 17 == 0)
            b = a; /* a self-loop */
        snprintf(row, sizeof row, "n%d,n%d\n", a, b);
        kg_buf_puts(&r, row);
        ends[2 * k] = a;
        ends[2 * k + 1] = b;
        if (x % 7 == 0) /* the same edge again, as given or reversed */
            snprintf(row, sizeof row, "n%d,n%d\n", x % 2 ? a : b,
                     x % 2 ? b : a);
        if (x % 7 == 0)
            kg_buf_puts(&r, row);
        uint32_t ra = find_root(up, (uint32_t)a),
                 rb = find_root(up, (uint32_t)b);
        if (ra != rb)
            up[ra > rb ? ra : rb] = ra < rb ? ra : rb;
    }
    /* the components: by size, then by their first node (the root) */
    for (int i = 0; i < n; i++)
        size[find_root(up, (uint32_t)i)]++;
    size_t nroots = 0;
    uint64_t *key = malloc((size_t)n * sizeof *key);
    for (int i = 0; i < n; i++)
        if (size[i]) /* size descending, then root ascending */
            key[nroots++] = (uint64_t)(n - size[i]) << 32 | (uint32_t)i;
    qsort(key, nroots, sizeof *key, by_u64);
    for (size_t k = 0; k < nroots; k++)
        size[(uint32_t)key[k]] = k; /* a root's number, now */
    for (int i = 0; i < n; i++)
        comp[i] = (uint32_t)size[find_root(up, (uint32_t)i)];
    free(key);
    free(up);
    free(size);
    kg_graph *g = kg_graph_new();
    CHECK_INT(kg_load_buffer(g, "e.csv", e.data, e.len), KG_OK);
    CHECK_INT(kg_load_buffer(g, "r.csv", r.data, r.len), KG_OK);
    CHECK_INT(kg_resolve(g), KG_OK);
    kg_buf_free(&e);
    kg_buf_free(&r);
    return g;
}

/* Betweenness as Brandes defines it, plainly (each pair once; no
 * self-loops, repeated edges once), from the `edges` pairs of ends; and
 * each node's closeness into clo[] (n of them): the others of its
 * component over the sum of its distances to them, 0 alone. */
static double *plain_betweenness(int n, const int *ends, int edges, double *clo)
{
    int *deg = calloc((size_t)n + 1, sizeof *deg), *at, *adj;
    for (int k = 0; k < edges; k++)
        if (ends[2 * k] != ends[2 * k + 1]) {
            deg[ends[2 * k]]++;
            deg[ends[2 * k + 1]]++;
        }
    at = calloc((size_t)n + 1, sizeof *at);
    for (int v = 0; v < n; v++)
        at[v + 1] = at[v] + deg[v];
    adj = malloc(((size_t)at[n] + 1) * sizeof *adj);
    memset(deg, 0, (size_t)n * sizeof *deg);
    for (int k = 0; k < edges; k++) {
        int a = ends[2 * k], b = ends[2 * k + 1];
        if (a != b) {
            adj[at[a] + deg[a]++] = b;
            adj[at[b] + deg[b]++] = a;
        }
    }
    double *btw = calloc((size_t)n, sizeof *btw);
    double *sigma = malloc((size_t)n * sizeof *sigma);
    double *delta = malloc((size_t)n * sizeof *delta);
    int *dist = malloc((size_t)n * sizeof *dist);
    int *order = malloc((size_t)n * sizeof *order);
    for (int s = 0; s < n; s++) {
        for (int v = 0; v < n; v++) {
            sigma[v] = delta[v] = 0;
            dist[v] = -1;
        }
        int head = 0, tail = 0;
        order[tail++] = s;
        dist[s] = 0;
        sigma[s] = 1;
        while (head < tail) {
            int v = order[head++];
            for (int k = at[v]; k < at[v + 1]; k++) {
                int u = adj[k];
                if (dist[u] < 0) {
                    dist[u] = dist[v] + 1;
                    order[tail++] = u;
                }
                /* a repeated edge: once (the first of its copies) */
                int first = 1;
                for (int j = at[v]; j < k && first; j++)
                    first = adj[j] != u;
                if (first && dist[u] == dist[v] + 1)
                    sigma[u] += sigma[v];
            }
        }
        double far = 0;
        for (int i = 1; i < tail; i++)
            far += dist[order[i]];
        clo[s] = far > 0 ? (tail - 1) / far : 0;
        for (int i = tail - 1; i > 0; i--) {
            int w = order[i];
            for (int k = at[w]; k < at[w + 1]; k++) {
                int v = adj[k], first = 1;
                for (int j = at[w]; j < k && first; j++)
                    first = adj[j] != v;
                if (first && dist[v] == dist[w] - 1)
                    delta[v] += sigma[v] / sigma[w] * (1 + delta[w]);
            }
            btw[w] += delta[w];
        }
    }
    for (int v = 0; v < n; v++)
        btw[v] /= 2;
    free(deg);
    free(at);
    free(adj);
    free(sigma);
    free(delta);
    free(dist);
    free(order);
    return btw;
}

/* The centralities' searches run on the nodes renumbered in breadth-first
 * order (centrality.c: together in memory), which must change nothing:
 * the same doubles (betweenness compared bit for bit, the rest as kgraph
 * stats writes it) as on the nodes as numbered, on random graphs of many
 * components, self-loops and repeated edges, exact and sampled; exact,
 * they are Brandes' done plainly (to rounding: the sums' order differs),
 * and the components, which the renumbering's searches find, are
 * union-find's. */
TEST(renumbered_centralities_are_the_same_doubles)
{
    static const struct {
        unsigned seed;
        int n, groups, edges, sampled;
    } cases[] = {{1, 60, 3, 70, 0},
                 {2, 500, 9, 800, 0},
                 {3, 3000, 4, 9000, 0},
                 {4, 20000, 4, 50000, 1}};
    for (size_t t = 0; t < sizeof cases / sizeof *cases; t++) {
        int n = cases[t].n;
        uint32_t *comp = malloc((size_t)n * sizeof *comp);
        int *ends = malloc(2 * (size_t)cases[t].edges * sizeof *ends);
        kg_graph *g = centrality_graph(cases[t].seed, n, cases[t].groups,
                                       cases[t].edges, comp, ends);
        kg_graph_set_threads(g, 2);
        kg_centrality *c[2];
        kg_sampling s[2];
        char *text[2] = {NULL, NULL};
        size_t len[2];
        for (int plain = 0; plain < 2; plain++) {
            kg_centrality_plain_numbering(plain);
            c[plain] = kg_centralities(g, &s[plain]);
            FILE *f = open_memstream(&text[plain], &len[plain]);
            CHECK(f != NULL);
            CHECK_INT(kg_write_stats(g, f, KG_STATS_CSV, 10), KG_OK);
            fclose(f);
        }
        kg_centrality_plain_numbering(0);
        CHECK(c[0] && c[1] && memcmp(c[0], c[1], (size_t)n * sizeof **c) == 0);
        CHECK_STR(text[0], text[1]);
        CHECK_INT(s[0].sampled, cases[t].sampled);
        double sum = 0;
        for (int i = 0; c[0] && i < n; i++)
            sum += c[0][i].betweenness;
        CHECK(sum > 10.0 * n);
        if (!cases[t].sampled) { /* exact: as plainly computed */
            double *clo = malloc((size_t)n * sizeof *clo);
            double *want = plain_betweenness(n, ends, cases[t].edges, clo);
            int near = 1;
            for (int i = 0; c[0] && i < n; i++)
                near &= fabs(c[0][i].betweenness - want[i]) <=
                        1e-9 * (want[i] > 1 ? want[i] : 1);
            CHECK(near);
            /* the closeness column, as written (six places) */
            const char *line = strchr(text[0], '\n');
            int row = 0, same = 1;
            for (; line && line[1] && row < n; row++) {
                const char *cell = line + 1;
                for (int col = 0; col < 7; col++)
                    cell = strchr(cell, ',') + 1;
                same &= fabs(strtod(cell, NULL) - clo[row]) <= 6e-7;
                line = strchr(cell, '\n');
            }
            CHECK_INT(row, n);
            CHECK(same);
            free(clo);
            free(want);
        }
        /* each row's last column but the errors: its component, from 1 */
        const char *line = strchr(text[0], '\n');
        int row = 0, same = 1;
        for (; line && line[1]; row++) {
            const char *cell = line + 1;
            for (int col = 0; col < 8; col++)
                cell = strchr(cell, ',') + 1;
            same &= strtoul(cell, NULL, 10) == comp[row] + 1ul;
            line = strchr(cell, '\n');
        }
        CHECK_INT(row, n);
        CHECK(same);
        for (int plain = 0; plain < 2; plain++) {
            free(c[plain]);
            free(text[plain]);
        }
        free(comp);
        free(ends);
        kg_graph_free(g);
    }
}

/* On a large graph the searches ask ahead for what they will read and
 * hold back the paths they add to successors (centrality.c's pending),
 * which must change nothing: the same doubles, exact and sampled
 * (linearly scaled), on 1 and 2 threads, as the searches that add each at
 * once; the small graphs here made to search as the large do. */
TEST(far_searches_are_the_same_doubles)
{
    static const struct {
        unsigned seed;
        int n, groups, edges;
    } cases[] = {{5, 400, 5, 900}, {6, 3000, 3, 12000}, {7, 20000, 4, 50000}};
    for (size_t t = 0; t < sizeof cases / sizeof *cases; t++) {
        int n = cases[t].n;
        uint32_t *comp = malloc((size_t)n * sizeof *comp);
        int *ends = malloc(2 * (size_t)cases[t].edges * sizeof *ends);
        kg_graph *g = centrality_graph(cases[t].seed, n, cases[t].groups,
                                       cases[t].edges, comp, ends);
        kg_centrality *c[3];
        kg_sampling s[3];
        near_and_far(g, n, c, s);
        CHECK_INT(s[0].sampled, t == 2);
        for (int k = 0; k < 3; k++)
            free(c[k]);
        free(comp);
        free(ends);
        kg_graph_free(g);
    }
}

TEST(a_sandbox_streams_in_order_and_its_taker_can_stop_it)
{
    char text[64];
    size_t sent = 0;
    stream_job j = {.pieces = 400, .in_order = 1};
    kg_sandbox s = {.timeout_ms = 20000,
                    .run = stream_run,
                    .ctx = &j,
                    .reply_size = sizeof sent,
                    .stream = stream_take};
    kg_sandbox_end end = kg_sandbox_run(&s, &sent, text, sizeof text);
    CHECK(end.how == KG_SANDBOX_REPLIED);
    CHECK(sent > 1000000 && j.got == sent && j.in_order);
    /* a child that would stream forever, cut by its taker */
    j = (stream_job){.pieces = 0, .in_order = 1, .stop_after = 3};
    end = kg_sandbox_run(&s, &sent, text, sizeof text);
    CHECK(end.how == KG_SANDBOX_CUT && j.taken == 3 && j.in_order);
    /* time runs out for a child that streams forever to a taker that
     * keeps taking: it is killed */
    j = (stream_job){.pieces = 0, .in_order = 1};
    s.timeout_ms = 300;
    end = kg_sandbox_run(&s, &sent, text, sizeof text);
    CHECK(end.how == KG_SANDBOX_LATE && j.got > 0 && j.in_order);
    s.timeout_ms = 20000;
    /* a crash is a status, whatever was streamed */
    j = (stream_job){.crash = 1, .in_order = 1};
    end = kg_sandbox_run(&s, &sent, text, sizeof text);
    CHECK(end.how == KG_SANDBOX_STOPPED && end.signal == SIGSEGV);
    /* no stream taken: the child has no stream to write to */
    s.stream = NULL;
    j = (stream_job){.pieces = 1};
    end = kg_sandbox_run(&s, &sent, text, sizeof text);
    CHECK(end.how == KG_SANDBOX_REPLIED && sent == 0);
}

/* ---- One table of columns for the exporters; a day in ISO form ---- */

/* What format b's opening writes for column i of s (edges: x's edges),
 * written at once into *text; the characters it replaced. */
static unsigned long opening_as_written(kg_exporter *x,
                                        const kg_export_backend *b,
                                        kg_export_schema *s, size_t i,
                                        int edges, kg_buf *text)
{
    kg_out *mem = malloc(sizeof *mem), *out = x->out;
    kg_export_column c = s->v[i];
    unsigned long before = x->replaced;
    kg_buf_clear(text);
    kg_out_init_mem(mem, text);
    x->out = mem;
    b->opening(x, &c, i, edges);
    kg_out_flush(mem);
    x->out = out;
    free(mem);
    unsigned long replaced = x->replaced - before;
    x->replaced = before;
    return replaced;
}

/* Every format writes each column's opening (what comes before each of
 * its values) from the exporter's one table of columns, made once
 * (kg_export_openings): the same bytes as the opening written at once,
 * the characters its escape replaced counted again at each use, the
 * nodes' and the edges' apart (GraphML's n0 and e0), and the table made
 * without counting them itself.  A failed allocation while it is made
 * says so (-1 and nomem) and leaves nothing half made to write. */
TEST(each_columns_opening_comes_from_the_exporters_one_table)
{
    static const char ents[] = "id,type,kg_note,a&b,ctl\x01x,size,flag\n"
                               "p,person,L,x,y,3,true\n"
                               "q,person,M,,z,4,false\n";
    static const char rels[] = "source,target,relation,date,weight\n"
                               "p,q,knows,2024-01-02,0.5\n";
    kg_graph *g = kg_graph_new();
    kg_graph_set_diag(g, NULL, NULL);
    CHECK_INT(kg_load_buffer(g, "e.csv", ents, sizeof ents - 1), KG_OK);
    CHECK_INT(kg_load_buffer(g, "r.csv", rels, sizeof rels - 1), KG_OK);
    CHECK_INT(kg_resolve(g), KG_OK);
    const kg_export_backend *formats[] = {&kg_export_graphml, &kg_export_gexf13,
                                          &kg_export_cyjs};
    kg_buf direct, copied;
    kg_buf_init(&direct);
    kg_buf_init(&copied);
    kg_out *mem = malloc(sizeof *mem);
    size_t compared = 0, wrong = 0;
    unsigned long replaced_seen = 0;
    kg_buf seen; /* every opening, to look for the ones named below */
    kg_buf_init(&seen);
    for (size_t f = 0; f < 3; f++) {
        kg_exporter x;
        CHECK_INT(kg_exporter_init(&x, g, NULL, NULL), 0);
        CHECK_INT(kg_export_openings(&x, formats[f]->opening), 0);
        CHECK_INT(x.replaced, 0); /* counted at each use, not here */
        for (int edges = 0; edges < 2; edges++) {
            kg_export_schema *s = edges ? &x.edges : &x.nodes;
            for (size_t i = 0; i < s->n; i++) {
                unsigned long want =
                    opening_as_written(&x, formats[f], s, i, edges, &direct);
                kg_buf_clear(&copied);
                kg_out_init_mem(mem, &copied);
                x.out = mem;
                unsigned long before = x.replaced;
                for (int twice = 0; twice < 2; twice++)
                    kg_export_open(&x, s, i);
                kg_out_flush(mem);
                x.out = NULL;
                replaced_seen += x.replaced - before;
                wrong += x.replaced - before != 2 * want ||
                         copied.len != 2 * direct.len ||
                         memcmp(copied.data, direct.data, direct.len) != 0 ||
                         memcmp(copied.data + direct.len, direct.data,
                                direct.len) != 0;
                kg_buf_puts(&seen, direct.data);
                kg_buf_puts(&seen, "|");
                compared++;
            }
        }
        kg_exporter_free(&x);
    }
    CHECK_INT(wrong, 0);
    CHECK_INT(compared, 3 * (5 + 2));
    CHECK_INT(replaced_seen, 2); /* ctl\x01x in GEXF, used twice */
    const char *t = seen.data ? seen.data : "";
    CHECK(strstr(t, "|      <data key=\"n4\">|") != NULL);
    CHECK(strstr(t, "|      <data key=\"e1\">|") != NULL);
    CHECK(strstr(t, "        <attvalue for=\"data_size\" value=\"|") != NULL);
    CHECK(strstr(t, "        <attvalue for=\"a&amp;b\" value=\"|") != NULL);
    CHECK(strstr(t, "|, \"data_kg_note\": |") != NULL);
    kg_buf_free(&seen);
    /* every allocation of the table failed in turn */
    long failed = 0;
    for (long n = 1; n < 1000; n++) {
        kg_exporter x;
        CHECK_INT(kg_exporter_init(&x, g, NULL, NULL), 0);
        kg_alloc_fail_at(n);
        int rc = kg_export_openings(&x, kg_export_gexf13.opening);
        int happened = !kg_alloc_pending();
        kg_alloc_fail_at(0);
        if (happened) {
            CHECK(rc == -1 && x.nomem);
            failed++;
        } else { /* the last text the table holds is the last opening */
            kg_export_column *c = &x.edges.v[x.edges.n - 1];
            CHECK(rc == 0 && !x.nomem);
            CHECK_INT(c->open_at + c->open_len, x.edges.text.len);
            CHECK(strcmp(x.edges.text.data + c->open_at,
                         "        <attvalue for=\"weight\" value=\"") == 0);
        }
        kg_exporter_free(&x);
        if (!happened)
            break;
    }
    CHECK(failed >= 3); /* the output, each table's text */
    free(mem);
    kg_buf_free(&direct);
    kg_buf_free(&copied);
    kg_graph_free(g);
}

/* A day already in ISO form is its own text, in every order, and that
 * rule is the date rule's (rules/date.h kg_date_iso_day), which every
 * writer of ISO dates gets from graph/dates.h: the text of a date
 * (the DOT, the timeline, sources) and its first and last days (GEXF's
 * spells).  A key recorded as day first reads 04/03/2015 as 4 March and
 * still copies 2015-03-04; a day its month has not is no day, whatever
 * its form. */
TEST(a_day_in_iso_form_is_its_own_text_in_every_order)
{
    static const char *const days[] = {"2024-02-29", "2000-02-29", "0000-01-01",
                                       "9999-12-31", "2015-03-04"};
    static const char *const others[] = {"2023-02-29",       "2014-02-31",
                                         "1900-02-29",       "2015-13-01",
                                         "2015-00-10",       "2015/03/25",
                                         "March 2015",       "2015-3-25x",
                                         "2015-03-2x",       "20150325",
                                         "2015-03-25T10:00", "2015-03-25 ",
                                         "25-03-2015",       ""};
    static const kg_date_order orders[] = {KG_DATE_AUTO, KG_DATE_DMY,
                                           KG_DATE_MDY, KG_DATE_YMD};
    for (size_t i = 0; i < sizeof days / sizeof *days; i++) {
        CHECK(kg_date_iso_day(days[i], strlen(days[i])));
        for (size_t o = 0; o < sizeof orders / sizeof *orders; o++) {
            kg_date d = {0, 0};
            char back[11];
            CHECK_INT(kg_date_read_in(days[i], 10, orders[o], &d), 0);
            kg_date_iso(&d, back);
            CHECK(d.first == d.last && strcmp(back, days[i]) == 0);
        }
    }
    for (size_t i = 0; i < sizeof others / sizeof *others; i++)
        CHECK(!kg_date_iso_day(others[i], strlen(others[i])));
    static const char rels[] = "source,target,relation,date\n"
                               "a,b,met,25/03/2015\n"
                               "c,d,met,2015-03-04\n";
    kg_graph *g = kg_graph_new();
    kg_graph_set_diag(g, NULL, NULL);
    CHECK_INT(kg_load_buffer(g, "r.csv", rels, sizeof rels - 1), KG_OK);
    CHECK_INT(kg_resolve(g), KG_OK);
    const char *key = "date"; /* (recorded keys are found by text) */
    char text[11], first[11], last[11];
    const char *t = kg_graph_date_text(g, key, "2015-03-04", text);
    CHECK(t && strcmp(t, "2015-03-04") == 0);
    t = kg_graph_date_text(g, key, "04/03/2015", text); /* day first */
    CHECK(t && strcmp(t, "2015-03-04") == 0);
    t = kg_graph_date_text(g, key, "2019-02", text);
    CHECK(t && strcmp(t, "2019-02") == 0);
    CHECK(kg_graph_date_text(g, key, "2015-02-31", text) == NULL);
    CHECK(kg_graph_date_text(g, key, NULL, text) == NULL);
    CHECK_INT(kg_graph_date_bounds(g, key, "2015-03-04", first, last), 0);
    CHECK(strcmp(first, "2015-03-04") == 0 && strcmp(last, "2015-03-04") == 0);
    CHECK_INT(kg_graph_date_bounds(g, key, "04/03/2015", first, last), 0);
    CHECK(strcmp(first, "2015-03-04") == 0 && strcmp(last, "2015-03-04") == 0);
    CHECK_INT(kg_graph_date_bounds(g, key, "2019-02", first, last), 0);
    CHECK(strcmp(first, "2019-02-01") == 0 && strcmp(last, "2019-02-28") == 0);
    CHECK_INT(kg_graph_date_bounds(g, key, "Nov 2014", first, last), 0);
    CHECK(strcmp(first, "2014-11-01") == 0 && strcmp(last, "2014-11-30") == 0);
    CHECK_INT(kg_graph_date_bounds(g, key, "2015-02-31", first, last), -1);
    CHECK_INT(kg_graph_date_bounds(g, key, "2024-02-30", first, last), -1);
    CHECK_INT(kg_graph_date_bounds(g, key, NULL, first, last), -1);
    kg_graph_free(g);
}

/* ---- Tests that fail by name on the faults they are for ---- */

/* Relations are looked up AHEAD (32) at a time (analysis/diff.c): a count
 * that is no multiple of it leaves a last, partial batch, both where OLD's
 * table is filled and where NEW's keys are looked up.  Every relation
 * here has a key of its own and its note changed, so each must be paired
 * with its own OLD one, the last batch's too, each named (diff.c's
 * pairings start zeroed: a batch skipped is a wrong pairing, named here,
 * not a crash of the tests). */
enum { TAIL_RELS = 3 * 32 + 7 };

/* The diff's JSON into out (cap bytes, NUL-terminated); its length, or 0
 * when it could not be made. */
static size_t diff_of_tail(char *out, size_t cap)
{
    kg_buf r[2];
    int rc = 0;
    for (int v = 0; v < 2; v++) {
        kg_buf_init(&r[v]);
        rc |= kg_buf_puts(&r[v], "source,target,relation,date,note\n");
        for (unsigned i = 0; i < TAIL_RELS; i++) {
            char row[96];
            snprintf(row, sizeof row, "s%u,t%u,knows,2020,n%u%s\n", i, i, i,
                     v ? "x" : "");
            rc |= kg_buf_puts(&r[v], row);
        }
    }
    kg_graph *g[2] = {kg_graph_new(), kg_graph_new()};
    kg_status st = rc || !g[0] || !g[1] ? KG_ERR_NOMEM : KG_OK;
    for (int v = 0; v < 2 && st == KG_OK; v++) {
        st = kg_load_buffer(g[v], "r.csv", r[v].data, r[v].len);
        if (st == KG_OK)
            st = kg_resolve(g[v]);
    }
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    kg_diff *d = st == KG_OK && f ? kg_diff_new(g[0], g[1], &st) : NULL;
    if (d)
        st = kg_write_diff(d, f, KG_DIFF_JSON);
    if (f)
        fclose(f);
    size_t n = d && st == KG_OK && text && len < cap ? len : 0;
    memcpy(out, text ? text : "", n);
    out[n] = '\0';
    free(text);
    kg_diff_free(d);
    for (int v = 0; v < 2; v++) {
        kg_graph_free(g[v]);
        kg_buf_free(&r[v]);
    }
    return n;
}

TEST(a_diff_pairs_every_relation_of_the_last_partial_batch)
{
    size_t cap = 1 << 20;
    char *json = malloc(cap);
    CHECK(json && diff_of_tail(json, cap) > 0);
    if (!json)
        return;
    char want[128];
    snprintf(want, sizeof want,
             "\"relations_added\": 0, \"relations_removed\": 0, "
             "\"relations_changed\": %d}",
             TAIL_RELS);
    CHECK(strstr(json, want) != NULL);
    /* each relation paired with its own: the last batch's named */
    int unpaired = 0;
    for (unsigned i = 0; i < TAIL_RELS; i++) {
        snprintf(want, sizeof want,
                 "{\"field\": \"note\", \"old\": \"n%u\", \"new\": \"n%ux\"}",
                 i, i);
        if (strstr(json, want))
            continue;
        if (unpaired++ < 3)
            fprintf(stderr, "  relation %u of %d (batch %u) not paired: %s\n",
                    i, TAIL_RELS, i / 32, want);
    }
    CHECK_INT(unpaired, 0);
    free(json);
}

/* The graph the centralities' searches read (centrality.c's
 * build_adjacency, then renumber with sort_list and, on the nodes as
 * numbered, merge_parallel), against the same built plainly from the
 * edges: each node's neighbours once however many edges join them, no
 * self-loops, sorted by their numbers as given; renumbered, the numbers
 * those of breadth-first searches from the first node not yet numbered,
 * each taking a node's neighbours in that order.  On a graph with
 * repeated edges (as given and reversed), self-loops, components and
 * lists past 16 (sort_list's qsort) and under (its insertion). */
static int by_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

TEST(centralities_read_each_neighbour_once_sorted_and_renumbered)
{
    enum { N = 600, GROUPS = 5, EDGES = 2400 };
    uint32_t comp[N];
    int *ends = malloc(2 * (size_t)EDGES * sizeof *ends);
    kg_graph *g = centrality_graph(11, N, GROUPS, EDGES, comp, ends);
    kg_graph_set_threads(g, 2);
    /* the plain lists: sorted, each neighbour once, no self-loop */
    int *at = calloc(N + 1, sizeof *at), *nb = malloc(2 * EDGES * sizeof *nb);
    int *fill = calloc(N + 1, sizeof *fill);
    for (int k = 0; k < EDGES; k++)
        if (ends[2 * k] != ends[2 * k + 1]) {
            at[ends[2 * k] + 1]++;
            at[ends[2 * k + 1] + 1]++;
        }
    for (int v = 0; v < N; v++)
        at[v + 1] += at[v];
    for (int k = 0; k < EDGES; k++) {
        int a = ends[2 * k], b = ends[2 * k + 1];
        if (a != b) {
            nb[at[a] + fill[a]++] = b;
            nb[at[b] + fill[b]++] = a;
        }
    }
    int *len = calloc(N, sizeof *len), longest = 0, repeated = 0;
    for (int v = 0; v < N; v++) {
        int *l = nb + at[v], n = at[v + 1] - at[v], w = 0;
        qsort(l, (size_t)n, sizeof *l, by_int);
        for (int k = 0; k < n; k++)
            if (k == 0 || l[k] != l[k - 1])
                l[w++] = l[k];
        repeated += n - w;
        len[v] = w;
        longest = n > longest ? n : longest;
    }
    CHECK(longest > 16 && repeated > 0); /* both sorts, merges to do */
    /* the breadth-first numbering */
    uint32_t newof[N], oldof[N], next = 0;
    unsigned char seen[N] = {0};
    for (int s = 0; s < N; s++) {
        if (seen[s])
            continue;
        uint32_t head = next;
        seen[s] = 1;
        newof[s] = next;
        oldof[next++] = (uint32_t)s;
        while (head < next) {
            int v = (int)oldof[head++];
            for (int k = 0; k < len[v]; k++) {
                int u = nb[at[v] + k];
                if (seen[u])
                    continue;
                seen[u] = 1;
                newof[u] = next;
                oldof[next++] = (uint32_t)u;
            }
        }
    }
    uint32_t index[N];
    for (uint32_t v = 0; v < N; v++)
        index[v] = v;
    for (int plain = 0; plain < 2; plain++) {
        stats_run r = {.g = g, .n = N, .index = index};
        uint32_t *start, *to, *got;
        kg_centrality_plain_numbering(plain);
        CHECK_INT(kg_centrality_adjacency(&r, &start, &to, &got), 0);
        kg_centrality_plain_numbering(0);
        if (!start)
            continue;
        int numbered = 1, listed = 1;
        for (uint32_t v = 0; v < N; v++)
            numbered &= got[v] == (plain ? v : newof[v]);
        for (uint32_t p = 0; p < N && numbered && listed; p++) {
            uint32_t v = plain ? p : oldof[p];
            listed = start[p + 1] - start[p] == (uint32_t)len[v];
            for (int k = 0; listed && k < len[v]; k++) {
                uint32_t u = (uint32_t)nb[at[v] + k];
                listed = to[start[p] + k] == (plain ? u : newof[u]);
            }
            if (!listed)
                fprintf(stderr, "  %s: node %u's list differs\n",
                        plain ? "as numbered" : "renumbered", v);
        }
        CHECK(numbered);
        CHECK(listed);
        free(start);
        free(to);
        free(got);
    }
    free(at);
    free(nb);
    free(fill);
    free(len);
    free(ends);
    kg_graph_free(g);
}

/* The cell store's spare page (graph/cells.c): made once the current page
 * passes its middle, it is the next page the store opens, after a row
 * longer than a page (a mapping of its own, the spare kept for later)
 * too, and a new one is made for the page after; every row's cells stay
 * where they were put, whole. */
enum { CELL_ROW = 1000, CELL_ROWS = 16000 };

/* Row i's cells: "i:" and a letter to CELL_ROW - 1 bytes, then a NUL. */
static void cell_row(char *row, unsigned i)
{
    int n = snprintf(row, CELL_ROW, "%u:", i);
    memset(row + n, 'a' + (int)(i % 26), CELL_ROW - 1 - (size_t)n);
    row[CELL_ROW - 1] = '\0';
}

/* Rows from *i on until the store opens a page (or CELL_ROWS): that
 * page, or NULL. */
static char *cells_to_next_page(kg_graph *g, uint32_t *at, unsigned *i)
{
    char row[CELL_ROW];
    for (uint32_t cur = g->cell_cur; *i < CELL_ROWS; (*i)++) {
        cell_row(row, *i);
        at[*i] = kg_graph_cells(g, row, CELL_ROW, (kg_loc){0, 0});
        if (!at[*i])
            return NULL;
        if (g->cell_cur != cur) {
            (*i)++;
            return g->v.cell_pages[g->cell_cur - 1];
        }
    }
    return NULL;
}

TEST(the_cell_stores_spare_page_is_its_next_page_and_moves_nothing)
{
    kg_graph *g = kg_graph_new();
    uint32_t *at = calloc(CELL_ROWS, sizeof *at);
    unsigned i = 0;
    CHECK(cells_to_next_page(g, at, &i) != NULL); /* the first page */
    CHECK(g->cell_spare == NULL); /* a small graph's first half */
    char *page = cells_to_next_page(g, at, &i), *spare[2] = {NULL, NULL};
    /* the first page filled past its middle: a spare made, and opened */
    CHECK(page != NULL && g->cell_npages == 2);
    /* the second past its middle: a spare made; a long row comes */
    char row[CELL_ROW];
    for (; i < CELL_ROWS && !g->cell_spare; i++) {
        cell_row(row, i);
        at[i] = kg_graph_cells(g, row, CELL_ROW, (kg_loc){0, 0});
    }
    spare[0] = g->cell_spare;
    CHECK(spare[0] != NULL);
    size_t long_len = KG_CELL_PAGE + KG_CELL_PAGE / 2;
    char *long_row = malloc(long_len);
    for (size_t k = 0; k < long_len; k++)
        long_row[k] = (char)('A' + k % 23);
    long_row[long_len - 1] = '\0';
    uint32_t long_at = kg_graph_cells(g, long_row, long_len, (kg_loc){0, 0});
    CHECK(long_at != 0 && g->cell_npages == 4);
    CHECK(g->cell_spare == spare[0]); /* kept for the next page */
    page = cells_to_next_page(g, at, &i);
    CHECK(page != NULL && page == spare[0]);
    CHECK(g->cell_spare != spare[0]);
    for (; i < CELL_ROWS && !g->cell_spare; i++) {
        cell_row(row, i);
        at[i] = kg_graph_cells(g, row, CELL_ROW, (kg_loc){0, 0});
    }
    spare[1] = g->cell_spare;
    CHECK(spare[1] != NULL && spare[1] != spare[0]);
    page = cells_to_next_page(g, at, &i);
    CHECK(page != NULL && page == spare[1]);
    CHECK_INT(g->cell_npages, 6);
    /* every row where it was put, whole */
    unsigned rows = i, moved = 0;
    for (unsigned k = 0; k < rows; k++) {
        cell_row(row, k);
        uint32_t p = at[k] - 1;
        const char *got = at[k] ? g->v.cell_pages[p >> KG_CELL_PAGE_BITS] +
                                      (p & (KG_CELL_PAGE - 1))
                                : NULL;
        if (!got || memcmp(got, row, CELL_ROW) != 0)
            moved++;
    }
    CHECK_INT(moved, 0);
    uint32_t p = long_at - 1;
    CHECK(long_at && memcmp(g->v.cell_pages[p >> KG_CELL_PAGE_BITS] +
                                (p & (KG_CELL_PAGE - 1)),
                            long_row, long_len) == 0);
    CHECK(rows > 2 * (KG_CELL_PAGE / CELL_ROW) && rows < CELL_ROWS);
    free(long_row);
    free(at);
    kg_graph_free(g);
}

/* ---- Louvain's weighing passes over communities that cannot win ---- */

/* kg_louvain weighs a neighbouring community only when its weight from
 * the node is above the best gain so far (louvain.c, best_move): on
 * graphs whose arcs weigh 1 to 6 (parallel rows), where those weights
 * differ from the first level on, it must find what every community
 * weighed finds (plain_louvain), and a community passed over must be
 * set back to 0 as those weighed are. */
TEST(louvain_passing_over_weaker_communities_finds_the_same_communities)
{
    static const size_t sizes[] = {30, 500, 5000, 40000};
    uint64_t s = 0xD1B54A32D192ED03ull;
    int compared = 0, same = 0;
    for (size_t z = 0; z < sizeof sizes / sizeof *sizes; z++) {
        for (int seed = 0; seed < 3; seed++) {
            size_t n = sizes[z], m = 3 * n + (size_t)seed * n;
            arc *arcs = malloc((m + 1) * sizeof *arcs);
            random_arcs(&s, arcs, m, n, 2, seed == 2 ? 53 : 0, 6);
            compared++;
            same += louvain_is_plain(n, arcs, m);
            free(arcs);
        }
    }
    CHECK_INT(same, compared);
}

/* ---- A merge reads a row's weight and count in one walk ---- */

/* kg_merge_edges finds a row's weight and count in one walk of its
 * values (edges.c, weight_and_count): the first of each counts, as
 * kg_attr_get found them, and a row's weight is said before its count;
 * a summed weight is checked as the text set (set_sums), so a sum past
 * what Graphviz may be given (1000) is said with that sum. */
TEST(merge_edges_reads_the_first_weight_and_count_and_checks_the_sum)
{
    kg_buf diags;
    kg_graph *g = graph_with_diags(&diags);
    size_t r;
    CHECK_INT(kg_add_relation(g, "a", "b", "calls", &r), KG_OK);
    CHECK_INT(kg_set_relation_attr(g, r, "weight", "2"), KG_OK);
    CHECK_INT(kg_set_relation_attr(g, r, "weight", "5"), KG_OK);
    CHECK_INT(kg_set_relation_attr(g, r, "count", "x"), KG_OK);
    CHECK_INT(kg_set_relation_attr(g, r, "count", "4"), KG_OK);
    CHECK_INT(kg_add_relation(g, "a", "b", "calls", &r), KG_OK);
    CHECK_INT(kg_set_relation_attr(g, r, "weight", "w"), KG_OK);
    CHECK_INT(kg_set_relation_attr(g, r, "count", "y"), KG_OK);
    CHECK_INT(kg_add_relation(g, "c", "d", "knows", &r), KG_OK);
    CHECK_INT(kg_set_relation_attr(g, r, "weight", "600"), KG_OK);
    CHECK_INT(kg_add_relation(g, "c", "d", "knows", &r), KG_OK);
    CHECK_INT(kg_set_relation_attr(g, r, "weight", "700"), KG_OK);
    CHECK_INT(kg_resolve(g), KG_OK);
    CHECK_INT(kg_merge_edges(g), KG_OK);
    char *text = dot_without_legend(g);
    /* 2 + 1 ('w'), not 5 + 1; counts 1 ('x') + 1 ('y'), not 4 + 1 */
    CHECK(strstr(text, "a -> b [type=calls, label=\"calls\", weight=\"3\", "
                       "count=\"2\"") != NULL);
    CHECK(strstr(text, "c -> d [type=knows, label=\"knows\", "
                       "data_weight=\"1300\"") != NULL);
    free(text);
    const char *d = diags.data ? diags.data : "";
    const char *count_x = strstr(d, "count 'x' is not a number; it counts");
    const char *weight_w = strstr(d, "weight 'w' is not a number; it counts");
    const char *count_y = strstr(d, "count 'y' is not a number; it counts");
    CHECK(count_x && weight_w && count_y && count_x < weight_w &&
          weight_w < count_y); /* row by row; in a row, weight first */
    CHECK(strstr(d, "weight '1300'") != NULL);
    kg_graph_free(g);
    kg_buf_free(&diags);
}

/* ---- A row's cells where the reader left them; ends hashed where interned
 * ---- */

/* Relation i's value of key, or "-" for none. */
static const char *rel_value(const kg_graph *g, uint32_t i, const char *key)
{
    const char *v = kg_attr_get(g, kg_rel_attrs(g, kg_rel(g, i)), key);
    return v ? v : "-";
}

/* read/ingest.c: a row's attribute values are stored where the reader
 * packed them when the attribute columns are a run, and copied when other
 * columns lie between them: the same values either way, an entity's
 * second row adding those it lacks. */
TEST(row_cells_are_the_same_in_a_run_of_columns_or_not)
{
    static const char run[] = "source,target,a,b,c\nx,y,1,,3\nx,z,4,5,\n";
    static const char apart[] = "a,source,b,target,c\n1,x,,y,3\n4,x,5,z,\n";
    static const char ents[] = "shade,id,note,name,size\n"
                               "p,e1,,One,2020\nq,e1,n2,,2021\n";
    for (int k = 0; k < 2; k++) {
        kg_graph *g = kg_graph_new();
        const char *csv = k ? apart : run;
        CHECK_INT(kg_load_buffer(g, "r.csv", csv, strlen(csv)), KG_OK);
        CHECK_INT((int)kg_nrels(g), 2);
        if (kg_nrels(g) == 2) {
            CHECK_STR(rel_value(g, 0, "a"), "1");
            CHECK_STR(rel_value(g, 0, "b"), "-");
            CHECK_STR(rel_value(g, 0, "c"), "3");
            CHECK_STR(rel_value(g, 1, "a"), "4");
            CHECK_STR(rel_value(g, 1, "b"), "5");
            CHECK_STR(rel_value(g, 1, "c"), "-");
        }
        kg_graph_free(g);
    }
    kg_graph *g = kg_graph_new();
    CHECK_INT(kg_load_buffer(g, "e.csv", ents, strlen(ents)), KG_OK);
    CHECK_INT((int)kg_nents(g), 1);
    if (kg_nents(g) == 1) {
        kg_list l = kg_ent_attrs(g, kg_ent(g, 0));
        const char *kind = kg_attr_get(g, l, "shade");
        const char *note = kg_attr_get(g, l, "note");
        const char *seen = kg_attr_get(g, l, "size");
        CHECK(kind && note && seen);
        if (kind && note && seen) {
            CHECK_STR(kind, "p");
            CHECK_STR(note, "n2");
            CHECK_STR(seen, "2020");
        }
    }
    kg_graph_free(g);
}

/* graph/ends.c: ends are hashed where they are interned, each before its
 * slot is fetched: a batch longer than the distance ahead gives every
 * text one symbol, the one a find gives, inline or on a second thread. */
TEST(relation_ends_hashed_where_interned_find_their_symbols)
{
    enum { ENDS = 300, TEXTS = 70 };
    for (int behind = 0; behind < 2; behind++) {
        kg_symtab t;
        kg_symtab_init(&t);
        kg_arena a;
        kg_arena_init(&a);
        kg_ends q = {0};
        char name[32];
        for (int i = 0; i < ENDS; i++) {
            snprintf(name, sizeof name, "end %d", i % TEXTS);
            CHECK_INT(
                kg_ends_queue(&q, (uint32_t)(i / 2), i & 1, name, strlen(name)),
                0);
        }
        CHECK_INT(kg_ends_start(&q, &t, &a, behind), 0);
        const kg_end_batch *b = kg_ends_join(&q);
        CHECK(b != NULL && !b->failed);
        CHECK_INT(t.n, TEXTS);
        for (size_t i = 0; b && i < b->n; i++) {
            snprintf(name, sizeof name, "end %d", (int)(i % TEXTS));
            CHECK_INT(b->items[i].sym, kg_symtab_find(&t, name, strlen(name)));
        }
        kg_ends_free(&q);
        kg_symtab_free(&t);
        kg_arena_free(&a);
    }
}

/* ---- A weighted graph's lists, built without sorting the arcs ---- */

/* kg_wgraph_build as it was: the arcs sorted by (a, b) (qsort here, for
 * two counting sorts), parallel arcs summed, then each arc put in its
 * first end's list and, in a second walk, in its second's: the oracle
 * for the lists built at once and each sorted (louvain.c), on whose
 * order Louvain's ties are broken. */
static int by_ends(const void *p, const void *q)
{
    const arc *x = p, *y = q;
    if (x->a != y->a)
        return x->a < y->a ? -1 : 1;
    return (x->b > y->b) - (x->b < y->b);
}

static void plain_wgraph(wgraph *x, size_t n, const arc *given, size_t m)
{
    arc *arcs = malloc((m + 1) * sizeof *arcs);
    memcpy(arcs, given, m * sizeof *arcs);
    qsort(arcs, m, sizeof *arcs, by_ends);
    size_t k = 0;
    for (size_t i = 0; i < m; i++) {
        if (k && arcs[k - 1].a == arcs[i].a && arcs[k - 1].b == arcs[i].b)
            arcs[k - 1].w += arcs[i].w;
        else
            arcs[k++] = arcs[i];
    }
    x->n = n;
    x->start = calloc(n + 1, sizeof *x->start);
    x->self = calloc(n + 1, sizeof *x->self);
    x->e = calloc(2 * m + ARC_SPARE, sizeof *x->e);
    for (size_t i = 0; i < k; i++) {
        if (arcs[i].a == arcs[i].b) {
            x->self[arcs[i].a] += arcs[i].w;
            continue;
        }
        x->start[arcs[i].a + 1]++;
        x->start[arcs[i].b + 1]++;
    }
    for (size_t v = 0; v < n; v++)
        x->start[v + 1] += x->start[v];
    size_t *fill = malloc((n + 1) * sizeof *fill);
    memcpy(fill, x->start, (n + 1) * sizeof *fill);
    for (int second = 0; second < 2; second++)
        for (size_t i = 0; i < k; i++) {
            if (arcs[i].a == arcs[i].b)
                continue;
            uint32_t at = second ? arcs[i].b : arcs[i].a;
            x->e[fill[at]].to = second ? arcs[i].a : arcs[i].b;
            x->e[fill[at]++].w = arcs[i].w;
        }
    free(fill);
    free(arcs);
}

/* Each node's list: its ends above it ascending, then those below it,
 * parallel arcs summed, loops in `self`; lists of a few arcs (sorted in
 * place) and of hundreds (a hub's: qsort), the arcs given in any order
 * and left as they were; none, and nodes with no arc. */
TEST(a_weighted_graphs_lists_are_sorted_as_the_arcs_sorted_made_them)
{
    static const size_t sizes[] = {1, 2, 9, 200, 3000, 50000};
    uint64_t s = 0x243F6A8885A308D3ull;
    int compared = 0, same = 0;
    for (size_t z = 0; z < sizeof sizes / sizeof *sizes; z++) {
        for (int seed = 0; seed < 3; seed++) {
            size_t n = sizes[z], m = seed == 0 ? 0 : (2 + (size_t)seed) * n;
            arc *arcs = malloc((m + 1) * sizeof *arcs);
            /* a few hubs, many parallel arcs on small graphs */
            random_arcs(&s, arcs, m, n, 3, 29, 7);
            arc *kept = malloc((m + 1) * sizeof *kept);
            memcpy(kept, arcs, m * sizeof *kept);
            wgraph got, want;
            CHECK_INT(kg_wgraph_build(&got, n, arcs, m), 0);
            plain_wgraph(&want, n, arcs, m);
            size_t arcs_made = want.start[n];
            compared++;
            same += memcmp(got.start, want.start,
                           (n + 1) * sizeof *got.start) == 0 &&
                    memcmp(got.e, want.e, arcs_made * sizeof *got.e) == 0 &&
                    memcmp(got.self, want.self, n * sizeof *got.self) == 0 &&
                    memcmp(arcs, kept, m * sizeof *arcs) == 0;
            for (size_t i = arcs_made; i < arcs_made + ARC_SPARE; i++)
                CHECK(got.e[i].to == 0); /* the prefetch's spare slots */
            kg_wgraph_free(&got);
            kg_wgraph_free(&want);
            free(arcs);
            free(kept);
        }
    }
    CHECK_INT(same, compared);
}

/* The searches on a graph that fits the cache (centrality.c's near way
 * out) write, for every neighbour, what each kind of neighbour would (at
 * the slot past the last node reached, at pred past the last noted) and
 * count only its own: which must change nothing.  Connected graphs of
 * each kind of neighbour, so that every search reaches every node (the
 * slot past them the arrays' last): all at one distance (a complete
 * graph), successors reached before (a grid, an even cycle), at the same
 * distance at the end (an odd cycle), a star, a path.  Exact: Brandes'
 * done plainly (to rounding); near and far (which branches on the kind,
 * and holds its adds) the same doubles, on 1 and 2 threads. */
static kg_graph *shape_graph(int n, const int *ends, int edges)
{
    kg_buf e, r;
    char row[64];
    numbered_entities(&e, &r, n);
    for (int k = 0; k < edges; k++) {
        snprintf(row, sizeof row, "n%d,n%d\n", ends[2 * k], ends[2 * k + 1]);
        kg_buf_puts(&r, row);
    }
    kg_graph *g = kg_graph_new();
    CHECK_INT(kg_load_buffer(g, "e.csv", e.data, e.len), KG_OK);
    CHECK_INT(kg_load_buffer(g, "r.csv", r.data, r.len), KG_OK);
    CHECK_INT(kg_resolve(g), KG_OK);
    kg_buf_free(&e);
    kg_buf_free(&r);
    return g;
}

/* The edges of shape `kind` on n nodes into ends; returns their count. */
static int shape_edges(int kind, int n, int *ends)
{
    int edges = 0;
    for (int a = 0; a < n; a++)
        for (int b = a + 1; b < n; b++) {
            int side = 12;           /* the grid's */
            int in = kind == 0   ? 1 /* complete */
                     : kind == 1 ? b == a + 1 || (a == 0 && b == n - 1)
                     : kind == 2 ? a == 0     /* star */
                     : kind == 3 ? b == a + 1 /* path */
                                 : (b == a + 1 && b % side != 0) ||
                                       b == a + side; /* grid */
            if (in) {
                ends[2 * edges] = a;
                ends[2 * edges + 1] = b;
                edges++;
            }
        }
    return edges;
}

TEST(near_searches_writing_for_every_kind_of_neighbour_are_brandes)
{
    static const struct {
        int kind, n;
    } cases[] = {{0, 14}, {1, 100}, {1, 101}, {2, 60}, {3, 90}, {4, 144}};
    for (size_t t = 0; t < sizeof cases / sizeof *cases; t++) {
        int n = cases[t].n;
        int *ends = malloc((size_t)n * (size_t)n * sizeof *ends);
        int edges = shape_edges(cases[t].kind, n, ends);
        kg_graph *g = shape_graph(n, ends, edges);
        kg_centrality *c[3];
        kg_sampling s[3];
        near_and_far(g, n, c, s);
        CHECK_INT(s[0].sampled, 0);
        double *clo = malloc((size_t)n * sizeof *clo);
        double *want = plain_betweenness(n, ends, edges, clo);
        int near = 1;
        for (int i = 0; c[0] && i < n; i++)
            near &= fabs(c[0][i].betweenness - want[i]) <=
                    1e-9 * (want[i] > 1 ? want[i] : 1);
        CHECK(near);
        for (int k = 0; k < 3; k++)
            free(c[k]);
        free(clo);
        free(want);
        free(ends);
        kg_graph_free(g);
    }
}

/* ---- i28-busy4: marks found on the reading thread ---- */

/* read/row_marks.c: a field is marked a date only when kg_date_read reads
 * it, and only in a column that has held nothing else since the first
 * record (a header's names do not count); an empty value ends nothing;
 * fields past KG_MARKED_FIELDS are never marked. */
TEST(row_marks_say_dates_only_where_kg_date_read_reads_them)
{
    static const char *rows[][3] = {
        {"id", "when", "n"},
        {"e1", "2021-09-13", "12345"},
        {"e2", "", "7"},
        {"e3", "2021-02-28", "2020"},
        {"e4", "2021-02-30", "2020"},
        {"e5", "2021-01-01", "2021"},
    };
    /* the date bits each row must get, in order */
    static const unsigned long long want[] = {0, 2, 0, 2, 0, 0};
    unsigned long long state = 0;
    for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++) {
        kg_csv_field f[3];
        for (int i = 0; i < 3; i++)
            f[i] = (kg_csv_field){rows[r][i], strlen(rows[r][i])};
        kg_csv_record rec = {.fields = f, .nfields = 3};
        rec.marks = kg_row_marks(&rec, &state);
        CHECK_INT((int)rec.marks, (int)want[r]);
        for (size_t i = 0; i < 3; i++) /* a mark is always kg_date_read's */
            CHECK(!kg_marked_date(&rec, i) ||
                  kg_date_read(f[i].data, f[i].len, NULL) == 0);
    }
    enum { WIDE = KG_MARKED_FIELDS + 8 };
    kg_csv_field wide[WIDE];
    for (int i = 0; i < WIDE; i++)
        wide[i] = (kg_csv_field){"2020-01-01", 10};
    kg_csv_record rec = {.fields = wide, .nfields = WIDE};
    state = 0;
    rec.marks = kg_row_marks(&rec, &state);
    CHECK(rec.marks == 0xFFFFFFFFULL);
    CHECK(kg_marked_date(&rec, KG_MARKED_FIELDS - 1));
    CHECK(!kg_marked_date(&rec, KG_MARKED_FIELDS + 3));
}

/* A mark function that numbers the records it sees (its state) and says
 * the length of each one's first field. */
static unsigned long long count_mark(const kg_csv_record *rec,
                                     unsigned long long *state)
{
    unsigned long long k = ++*state;
    return k << 32 | (rec->nfields ? rec->fields[0].len : 0xFFFF);
}

typedef struct marks_seen {
    unsigned long long n; /* records seen */
    int marked, packed, wrong;
} marks_seen;

static int check_marks(const kg_csv_record *rec, void *ctx)
{
    marks_seen *m = ctx;
    m->n++;
    m->marked += rec->marked != 0;
    m->packed += rec->packed != 0;
    unsigned long long want =
        m->n << 32 | (rec->nfields ? rec->fields[0].len : 0xFFFF);
    if (rec->marked && rec->marks != want)
        m->wrong++;
    if (!rec->marked && rec->marks)
        m->wrong++;
    size_t len, all = 0;
    for (size_t i = 0; i < rec->nfields; i++)
        all += rec->fields[i].len + 1;
    const char *p =
        rec->nfields ? kg_csv_packed(rec, 0, rec->nfields, &len) : NULL;
    if (rec->packed && (p != rec->fields[0].data || len != all))
        m->wrong++;
    return 0;
}

/* text/csv_pipe.c: each record read on the second thread is handed over
 * with the marks its mark function gave it there, in order, over many
 * batches, and as packed; records fed on this thread are not marked. */
TEST(marks_are_handed_over_with_their_records)
{
    kg_buf in;
    kg_buf_init(&in);
    kg_buf_puts(&in, "id,name,note\n");
    char row[96];
    for (int i = 0; i < 40000; i++) {
        snprintf(row, sizeof row, "%d,name %d,\"note, %d\"\n", i * 7, i, i);
        kg_buf_puts(&in, row);
    }
    char path[] = "/tmp/kgraph-marks-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    CHECK(write(fd, in.data, in.len) == (ssize_t)in.len);
    CHECK(in.len > 3 * 256 * 1024); /* several batches */
    lseek(fd, 0, SEEK_SET);
    kg_diagsink d;
    kg_diag_init(&d);
    marks_seen piped = {0}, fed = {0};
    kg_csv_reader *r = kg_csv_new(path, &d, 0, check_marks, &piped);
    kg_csv_set_marks(r, count_mark);
    CHECK_INT(kg_csv_read_fd(r, fd, NULL, NULL, NULL, NULL), 0);
    kg_csv_free(r);
    close(fd);
    CHECK(piped.n == 40001);
    CHECK_INT(piped.marked, 40001);
    CHECK_INT(piped.packed, 40001);
    CHECK_INT(piped.wrong, 0);
    r = kg_csv_new(path, &d, 0, check_marks, &fed);
    kg_csv_set_marks(r, count_mark);
    CHECK_INT(kg_csv_feed(r, in.data, in.len), 0);
    CHECK_INT(kg_csv_finish(r), 0);
    kg_csv_free(r);
    CHECK(fed.n == 40001);
    CHECK_INT(fed.marked, 0);
    CHECK_INT(fed.wrong, 0);
    unlink(path);
    kg_buf_free(&in);
}

/* ---- An overview's lines folded from the rows, not added row by row ---- */

/* The lines of a DOT text ("a -> b [...]"), in order, as one text. */
static char *edge_lines(const char *dot)
{
    kg_buf b;
    kg_buf_init(&b);
    kg_buf_puts(&b, "");
    for (const char *l = dot; l && *l;) {
        const char *end = strchr(l, '\n');
        size_t n = end ? (size_t)(end - l) : strlen(l);
        if (memmem(l, n, " -> ", 4)) {
            kg_buf_append(&b, l, n);
            kg_buf_putc(&b, '\n');
        }
        l = end ? end + 1 : NULL;
    }
    return b.data;
}

/* One relation of g added to `to` between from_id and to_id as kg_collapse
 * added each row before it folded them itself: with no type when its line
 * has several (then a value of "relation"), and all its values. */
static void add_row_as_code(kg_graph *to, const kg_graph *g, uint32_t r,
                            const char *from_id, const char *to_id, int mixed)
{
    const kg_relation *x = kg_rel(g, r);
    size_t index = 0;
    CHECK_INT(kg_add_relation(to, from_id, to_id,
                              mixed ? NULL : kg_rel_type(g, x), &index),
              KG_OK);
    if (mixed)
        CHECK_INT(
            kg_set_relation_attr(to, index, "relation", kg_rel_type(g, x)),
            KG_OK);
    kg_attr_it it;
    for (kg_attr_begin(g, kg_rel_attrs(g, x), &it); kg_attr_step(&it);)
        CHECK_INT(kg_set_relation_attr(to, index, it.key, it.value), KG_OK);
}

/* overview.c folds each drawn row into its line (graph/edges.h) without
 * adding it, and checks it as adding it would: the lines, their sums and
 * values in order, and what is said of them (a type Graphviz cannot
 * write exactly, once a row, but not again for a value the row has
 * twice; weights not numbers; a sum past what may be drawn) are those of
 * the rows added one by one and merged (kg_merge_edges), as it made them
 * before; a lone entity's line too. */
TEST(an_overview_folds_its_rows_as_adding_and_merging_them_did)
{
    kg_buf said, ref_said;
    kg_graph *g = graph_with_diags(&said);
    const char *bad = "odd<\\"; /* an odd backslash at the end, '<' open */
    static const char *const ents[][4] = {{"a1", "A1", "person", "A"},
                                          {"b1", "B1", "person", "B"},
                                          {"a2", "A2", "person", "A"},
                                          {"b2", "B2", "person", "B"},
                                          {"z", "A (2)", "side", NULL}};
    for (size_t i = 0; i < sizeof ents / sizeof *ents; i++) {
        CHECK_INT(kg_add_entity(g, ents[i][0], ents[i][1], ents[i][2]), KG_OK);
        if (ents[i][3])
            CHECK_INT(kg_set_entity_attr(g, ents[i][0], "side", ents[i][3]),
                      KG_OK);
    }
    /* source, target, type, weight, evidence; a line A -> B of two types */
    static const char *const rels[][5] = {{"a1", "b1", "knows", "2", "e1"},
                                          {"b1", "a2", "paid", "400", "e2"},
                                          {"a2", "b2", "odd<\\", "w", "e1"},
                                          {"a1", "b2", "knows", "3", "e3"},
                                          {"b2", "a1", "paid", "700", "e2"},
                                          {"z", "b1", "knows", "1", "e4"},
                                          {"a2", "b1", "odd<\\", "5", "odd<\\"},
                                          {"z", "b2", "paid", "2", "e5"}};
    size_t nrels = sizeof rels / sizeof *rels;
    for (size_t i = 0; i < nrels; i++) {
        size_t r;
        CHECK_INT(kg_add_relation(g, rels[i][0], rels[i][1], rels[i][2], &r),
                  KG_OK);
        CHECK_INT(kg_set_relation_attr(g, r, "weight", rels[i][3]), KG_OK);
        CHECK_INT(kg_set_relation_attr(g, r, "evidence", rels[i][4]), KG_OK);
        if (strcmp(rels[i][2], bad) == 0) /* the row has it twice */
            CHECK_INT(kg_set_relation_attr(g, r, "relation", bad), KG_OK);
    }
    CHECK_INT(kg_resolve(g), KG_OK);
    size_t before = said.len;
    kg_status st = KG_ERR_USAGE;
    kg_graph *c = kg_collapse(g, "side", &st);
    CHECK_INT(st, KG_OK);
    /* the same, made as before: every row added, then merged */
    kg_graph *ref = graph_with_diags(&ref_said);
    CHECK_INT(kg_add_entity(ref, "side=A", "A (2)", "side"), KG_OK);
    CHECK_INT(kg_add_entity(ref, "side=B", "B (2)", "side"), KG_OK);
    CHECK_INT(kg_add_entity(ref, "z", "A (2)", "side"), KG_OK);
    for (uint32_t r = 0; r < nrels; r++) {
        const char *from = rels[r][0][0] == 'z'   ? "z"
                           : rels[r][0][0] == 'a' ? "side=A"
                                                  : "side=B";
        const char *to = rels[r][1][0] == 'a' ? "side=A" : "side=B";
        add_row_as_code(ref, g, r, from, to, from[0] == 'z' || from[5] == 'A');
    }
    CHECK_INT(kg_resolve(ref), KG_OK);
    CHECK_INT(kg_merge_edges(ref), KG_OK);
    char *dot = dot_without_legend(c), *ref_dot = dot_without_legend(ref);
    char *lines = edge_lines(dot), *ref_lines = edge_lines(ref_dot);
    CHECK_STR(lines, ref_lines);
    CHECK(strstr(lines, "e1") && strstr(lines, "e4")); /* folded in */
    CHECK_INT(kg_graph_stats(c).relations, kg_graph_stats(ref).relations);
    CHECK_INT(kg_graph_stats(c).folded, kg_graph_stats(ref).folded);
    CHECK_INT(kg_graph_stats(c).folded, 5);
    /* what the overview said, after the nodes' (nothing), is ref's */
    CHECK_STR(said.data + before, ref_said.data ? ref_said.data : "");
    CHECK(strstr(ref_said.data ? ref_said.data : "", "weight 'w'") != NULL);
    free(dot);
    free(ref_dot);
    free(lines);
    free(ref_lines);
    kg_graph_free(c);
    kg_graph_free(ref);
    kg_graph_free(g);
    kg_buf_free(&said);
    kg_buf_free(&ref_said);
}

int main(void)
{
    RUN(utf8_accepts_valid_text);
    RUN(edit_distance_is_bounded_and_counts_characters);
    RUN(symbols_are_found_after_resolve_without_their_slots);
    RUN(lookup_candidates_rank_the_nearest_best_first);
    RUN(lookup_candidates_list_an_ambiguous_name_by_id_with_types);
    RUN(warnings_carry_a_kind_errors_none);
    RUN(utf8_finds_first_bad_byte);
    RUN(csv_read_on_a_second_thread_gives_what_feeding_gives);
    RUN(csv_records_across_batches_keep_their_fields);
    RUN(csv_read_out_of_memory_gives_whole_records_first);
    RUN(csv_plain_lines_split_as_libcsv_splits_them);
    RUN(csv_peek_sees_records_ahead_only_when_asked);
    RUN(csv_line_ends_lf_crlf_cr);
    RUN(csv_quotes_and_newlines_in_fields);
    RUN(csv_blank_lines_and_spaces);
    RUN(csv_bom_and_delimiters);
    RUN(csv_errors_have_positions_and_reading_goes_on);
    RUN(csv_encoding_errors);
    RUN(csv_decodes_other_encodings);
    RUN(csv_limits_bound_rows_and_columns);
    RUN(merge_edges_replaces_values_kept_as_cells);
    RUN(big_arrays_keep_their_items_as_they_grow);
    RUN(pages_asked_ahead_are_faulted_in_by_the_helper);
    RUN(symbols_ask_for_their_next_table_ahead);
    RUN(writing_on_two_threads_gives_the_same_dot);
    RUN(long_digit_strings_export_as_text);
    RUN(exporting_on_two_threads_gives_the_same_text);
    RUN(linking_ends_on_two_threads_gives_the_same_graph);
    RUN(resolving_on_two_threads_gives_the_same_graph);
    RUN(relation_ends_interned_behind_keep_the_symbols_numbers);
    RUN(chunked_writer_keeps_order_and_fails_cleanly);
    RUN(chunked_writer_writes_from_either_thread_in_order);
    RUN(parallel_edges_are_numbered_in_row_order);
    RUN(dot_ids_are_bare_only_when_safe);
    RUN(dot_bare_is_what_dot_id_writes_as_it_is);
    RUN(dot_id_len_writes_what_dot_id_writes);
    RUN(out_write_copies_short_texts_exactly);
    RUN(svg_plain_run_is_what_svg_id_keeps);
    RUN(dot_ids_escape_quotes_and_fall_back_to_html);
    RUN(dot_exactness);
    RUN(dot_labels_are_escstrings);
    RUN(normalized_keys_fold_form_case_and_space);
    RUN(loose_keys_also_drop_accents_and_punctuation);
    RUN(symbols_tell_prefixes_apart);
    RUN(symbols_in_narrow_slots_are_found_and_grow);
    RUN(type_memo_finds_what_the_symbol_table_finds);
    RUN(presentation_values_checked_once_warn_as_every_cell_checked);
    RUN(iso_days_read_in_one_step_as_the_calendar_says);
    RUN(relation_lines_come_back_from_bytes);
    RUN(entity_lines_and_flags_come_back_from_bytes);
    RUN(ascii_keys_match_utf8proc);
    RUN(word_keys_match_utf8proc);
    RUN(latin1_keys_match_utf8proc);
    RUN(api_builds_merges_and_resolves);
    RUN(api_keys_named_like_the_writers_own_are_data);
    RUN(edge_tooltips_are_labels_of_their_text);
    RUN(api_refuses_misuse);
    RUN(api_ambiguous_names_are_not_guessed);
    RUN(api_load_buffer_counts_rows_and_rejections);
    RUN(api_merges_are_listed_with_their_rules);
    RUN(relations_keep_their_file_columns_and_direction);
    RUN(api_keys_remembered_are_checked_as_new);
    RUN(lines_are_got_as_set);
    RUN(long_lists_keep_each_value_once);
    RUN(direction_words_are_types_unless_the_whole_column_is_gephis);
    RUN(a_late_other_value_makes_a_long_column_data);
    RUN(type_conflicts_name_the_row_that_gave_the_type);
    RUN(many_relations_keep_their_labels_and_added_values);
    RUN(entities_keep_their_first_row_across_files);
    RUN(focus_keeps_the_nodes_within_depth);
    RUN(api_merge_edges_sums_weight_and_counts_rows);
    RUN(merged_weights_are_written_as_printf_g15_writes_them);
    RUN(tooltips_list_a_hundred_values_and_count_the_rest);
    RUN(export_values_in_one_pass_are_each_column_joined);
    RUN(prov_of_finds_each_role_as_every_word_would);
    RUN(dot_read_keeps_subgraphs_in_written_order);
    RUN(dot_read_keeps_names_starting_with_percent);
    RUN(a_file_changed_while_read_is_an_error);
    RUN(a_file_removed_while_read_is_read_whole);
    RUN(output_replaces_only_on_commit);
    RUN(output_temps_removed_for_a_signal_handler);
    RUN(outputs_never_name_an_absolute_path);
    RUN(collapse_by_an_attribute_nobody_has_is_refused);
    RUN(collapse_finds_every_pair_as_its_table_grows);
    RUN(output_folder_follows_only_safe_links);
    RUN(cypher_names_by_one_rule);
    RUN(cypher_text_cannot_end_a_name);
    RUN(a_failed_commit_keeps_the_old_file);
    RUN(an_embedder_walks_the_shown_graph);
    RUN(entity_cells_from_other_files_keep_their_columns);
    RUN(shared_aliases_are_warned_about_in_input_order);
    RUN(relation_cells_read_back_around_a_row_longer_than_a_page);
    RUN(a_row_past_the_cell_store_is_an_error_at_its_line);
    RUN(messages_name_settings_as_the_caller_does);
    RUN(a_date_covers_its_days);
    RUN(dates_as_real_data_writes_them);
    RUN(graph_date_text_reads_iso_days_in_any_order);
    RUN(a_colset_naming_a_key_twice_joins_its_values);
    RUN(a_date_column_is_drawn_as_iso_and_keeps_its_text);
    RUN(one_date_rule_reads_only_real_days);
    RUN(xml_text_runs_write_what_bytes_do);
    RUN(gexf_openings_write_what_each_value_did);
    RUN(export_columns_are_found_by_place_and_by_key);
    RUN(gexf_spells_come_from_each_roles_first_value);
    RUN(export_looks_and_edge_texts_are_what_the_helpers_give);
    RUN(a_failed_write_says_why_through_the_callback);
    RUN(two_graphs_live_on_two_threads);
    RUN(every_allocation_can_fail_and_is_told);
    RUN(a_diff_matches_by_id_then_name_and_survives_every_failed_allocation);
    RUN(a_diff_is_the_same_bytes_on_any_number_of_threads);
    RUN(a_diff_pairs_twins_in_input_order_across_batches);
    RUN(every_provenance_column_reaches_the_tooltip);
    RUN(sha256_matches_fips_180_examples);
    RUN(sha256_chosen_by_two_threads_at_once);
    RUN(hash_reads_every_byte);
    RUN(out_into_memory_keeps_every_byte_in_order);
    RUN(decimal_writers_match_printf);
    RUN(sha1_matches_fips_180_examples);
    RUN(yaml_tree_positions_and_no_aliases);
    RUN(the_chooser_counts_dots_long_edges);
    RUN(a_crashing_candidate_is_skipped_and_the_next_drawn);
    RUN(a_crash_drawing_the_key_draws_the_next_best);
    RUN(a_picture_is_drawn_from_the_dot_without_its_data);
    RUN(figure_counts_every_collision);
    RUN(the_key_goes_where_the_drawing_is_empty);
    RUN(clusters_are_packed_apart_with_their_members);
    RUN(boxes_are_pushed_together_in_their_order);
    RUN(figure_choice_is_legibility_then_collisions_then_print);
    RUN(pages_are_their_text_blocks);
    RUN(confidence_scales_and_strength_as_width);
    RUN(version_is_one_number);
    RUN(cite_numbers_follow_input_order);
    RUN(cite_values_row_used_again);
    RUN(derived_graphs_read_dates_as_their_sources_do);
    RUN(a_header_given_names_the_columns_and_must_fit);
    RUN(a_headerless_file_is_read_as_an_edge_list_once_warned);
    RUN(other_tools_column_names_are_known);
    RUN(a_typeless_relation_file_is_typed_by_its_name);
    RUN(csv_records_keep_their_bytes);
    RUN(partial_loads_reject_rows_and_write_them);
    RUN(a_file_of_errors_is_read_to_its_end_and_its_reporting_bounded);
    RUN(json_repeated_keys_are_merged);
    RUN(ftm_repeated_keys_and_one_ended_relationships_are_read);
    RUN(lines_are_routed_around_entities_and_kept_apart);
    RUN(entities_are_spread_and_lines_drawn_again);
    RUN(workbook_numbers_are_the_shortest_text_that_reads_back);
    RUN(workbook_serials_are_iso_dates_in_both_systems);
    RUN(workbook_formats_say_dates_and_times);
    RUN(timings_name_each_phase_and_change_nothing);
    RUN(a_reports_input_hashes_are_of_the_bytes_read);
    RUN(a_report_is_the_same_bytes_on_one_thread_or_two);
    RUN(a_spare_thread_joins_pieces_and_they_join_in_order);
    RUN(centralities_are_the_same_with_a_spare_thread);
    RUN(louvain_passing_over_settled_nodes_finds_the_same_communities);
    RUN(communities_are_numbered_by_size_the_largest_1);
    RUN(renumbered_centralities_are_the_same_doubles);
    RUN(far_searches_are_the_same_doubles);
    RUN(a_sandbox_streams_in_order_and_its_taker_can_stop_it);
    RUN(number_values_fit_as_strtod_reads_them);
    RUN(presentation_numbers_read_as_strtod_reads_them);
    RUN(presentation_answers_kept_are_the_checks_answers);
    RUN(utf8_check_finds_a_bad_byte_at_every_place);
    RUN(each_columns_opening_comes_from_the_exporters_one_table);
    RUN(a_day_in_iso_form_is_its_own_text_in_every_order);
    RUN(a_diff_pairs_every_relation_of_the_last_partial_batch);
    RUN(centralities_read_each_neighbour_once_sorted_and_renumbered);
    RUN(the_cell_stores_spare_page_is_its_next_page_and_moves_nothing);
    RUN(louvain_passing_over_weaker_communities_finds_the_same_communities);
    RUN(merge_edges_reads_the_first_weight_and_count_and_checks_the_sum);
    RUN(row_cells_are_the_same_in_a_run_of_columns_or_not);
    RUN(relation_ends_hashed_where_interned_find_their_symbols);
    RUN(a_weighted_graphs_lists_are_sorted_as_the_arcs_sorted_made_them);
    RUN(near_searches_writing_for_every_kind_of_neighbour_are_brandes);
    RUN(row_marks_say_dates_only_where_kg_date_read_reads_them);
    RUN(marks_are_handed_over_with_their_records);
    RUN(an_overview_folds_its_rows_as_adding_and_merging_them_did);
    /* last: it renders in this process, which starts Pango's threads, and
     * a fork after them can inherit a lock of fontconfig's held (a child
     * of the test after it once waited for ever) */
    RUN(a_layout_is_the_same_bytes_whatever_the_heap);
    return harness_done("unit");
}
