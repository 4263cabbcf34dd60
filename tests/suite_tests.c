/*
 * suite_tests.c - kgraph's CSV reader against public CSV test suites
 * (../shared/testdata/csv-suites; see its README).  Each case must parse to
 * exactly the expected records, or, where kgraph deliberately differs, be
 * listed below with the reason.  Skips cleanly when the suites are absent.
 */
#include <dirent.h>
#include <jansson.h>
#include <stdlib.h>

#include "harness.h"
#include "text/csv_reader.h"
#include "util/alloc.h"
#include "util/buf.h"

static const char *suites = "../shared/testdata/csv-suites";

/* With -v (make conformance), one line per case: what kgraph did. */
static int verbose;

static const char *const kinds[] = {"SAME", "ERROR", "DIFFERS", "N/A", "FAIL"};
static int kind_count[5];

static void report(const char *kind, const char *name, const char *detail)
{
    for (int i = 0; i < 5; i++)
        kind_count[i] += strcmp(kind, kinds[i]) == 0;
    if (verbose)
        printf("%-10s %-58s %s\n", kind, name, detail ? detail : "");
}

static void report_summary(void)
{
    if (!verbose)
        return;
    printf("\nconformance: %d same records, %d errors with their position "
           "as expected, %d deliberate differences, %d not about CSV text, "
           "%d unexplained\n",
           kind_count[0], kind_count[1], kind_count[2], kind_count[3],
           kind_count[4]);
}

typedef struct parsed {
    json_t *rows; /* array of arrays of strings */
    int errors;
    kg_buf first_error; /* "line:col message" */
} parsed;

static int on_record(const kg_csv_record *rec, void *ctx)
{
    parsed *p = ctx;
    json_t *row = json_array();
    for (size_t i = 0; i < rec->nfields; i++)
        json_array_append_new(
            row, json_stringn(rec->fields[i].data, rec->fields[i].len));
    if (!rec->bad)
        json_array_append_new(p->rows, row);
    else
        json_decref(row);
    return 0;
}

static void on_diag(const kg_diag *d, void *ctx)
{
    parsed *p = ctx;
    if (d->severity != KG_ERROR)
        return;
    if (!p->errors++) {
        char pos[64];
        snprintf(pos, sizeof pos, "%lu:%lu ", d->line, d->col);
        kg_buf_puts(&p->first_error, pos);
        kg_buf_puts(&p->first_error, d->message);
    }
}

static parsed parse(const char *name, const char *data, size_t len)
{
    parsed p = {json_array(), 0, {0}};
    kg_buf_init(&p.first_error);
    kg_diagsink d;
    kg_diag_init(&d);
    d.fn = on_diag;
    d.ctx = &p;
    kg_csv_reader *r = kg_csv_new(name, &d, 0, on_record, &p);
    kg_csv_feed(r, data, len);
    kg_csv_finish(r);
    kg_csv_free(r);
    return p;
}

static void parsed_free(parsed *p)
{
    json_decref(p->rows);
    kg_buf_free(&p->first_error);
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    kg_buf b;
    kg_buf_init(&b);
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        kg_buf_append(&b, chunk, n);
    fclose(f);
    *len = b.len;
    return b.data ? b.data : calloc(1, 1);
}

static int have_suites(void)
{
    DIR *d = opendir(suites);
    if (!d)
        return 0;
    closedir(d);
    return 1;
}

/* Why kgraph reads some cases differently from another tool, on purpose
 * (README.md, "CSV conventions"). */
static const char why_trim[] =
    "spaces around unquoted fields and outside quotes are trimmed (libcsv)";
static const char why_blank[] =
    "blank lines are not rows (a spreadsheet's empty line is no record)";
static const char why_ends[] =
    "every line end (LF, CR, CRLF) ends a line, whichever came first";
static const char why_strict[] =
    "a stray quote is an error at its position (guessing can swallow the "
    "rows after it)";
static const char why_delims[] =
    "only comma, semicolon and tab are detected as delimiters";

/* ---- csv-spectrum: every case must match ---- */

/* Our rows as the suite's JSON: objects keyed by the header. */
static json_t *as_objects(json_t *rows)
{
    json_t *out = json_array();
    json_t *header = json_array_get(rows, 0);
    for (size_t i = 1; i < json_array_size(rows); i++) {
        json_t *obj = json_object();
        json_t *row = json_array_get(rows, i);
        for (size_t k = 0; k < json_array_size(header); k++)
            json_object_set(obj, json_string_value(json_array_get(header, k)),
                            json_array_get(row, k));
        json_array_append_new(out, obj);
    }
    return out;
}

TEST(csv_spectrum)
{
    char dir[512];
    snprintf(dir, sizeof dir, "%s/csv-spectrum/csvs", suites);
    DIR *d = opendir(dir);
    CHECK(d != NULL);
    if (!d)
        return;
    int cases = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        size_t n = strlen(de->d_name);
        if (n < 5 || strcmp(de->d_name + n - 4, ".csv") != 0)
            continue;
        char path[1024], jpath[1024];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        snprintf(jpath, sizeof jpath, "%s/csv-spectrum/json/%.*s.json", suites,
                 (int)(n - 4), de->d_name);
        size_t len;
        char *data = read_file(path, &len);
        json_t *want = json_load_file(jpath, 0, NULL);
        parsed p = parse(de->d_name, data, len);
        json_t *got = as_objects(p.rows);
        int same = want && json_equal(got, want) && p.errors == 0;
        if (strcmp(de->d_name, "location_coordinates.csv") == 0) {
            /* A quote inside an unquoted field (37.8"N): strict reading
             * reports it with its position instead of guessing.  (The
             * suite's JSON also has another phone number than its CSV.) */
            same = p.errors == 1 && strncmp(p.first_error.data, "2:", 2) == 0;
        }
        if (!same) {
            char *g = json_dumps(got, 0);
            fprintf(stderr, "csv-spectrum %s differs: %s\n", de->d_name, g);
            free(g);
        }
        char name[300];
        snprintf(name, sizeof name, "csv-spectrum/%s", de->d_name);
        if (p.errors)
            report(same ? "ERROR" : "FAIL", name,
                   "a quote inside an unquoted field (37.8\"N) is an error "
                   "at its position, never guessed");
        else
            report(same ? "SAME" : "FAIL", name, "the expected records");
        CHECK(same);
        cases++;
        json_decref(got);
        json_decref(want);
        parsed_free(&p);
        free(data);
    }
    closedir(d);
    CHECK_INT(cases, 12);
}

/* ---- csvlint: line ends, broken quoting, bad bytes ---- */

static parsed parse_fixture(const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/csvlint-rb/features/fixtures/%s", suites,
             name);
    size_t len = 0;
    char *data = read_file(path, &len);
    CHECK(data != NULL);
    parsed p = parse(name, data ? data : "", data ? len : 0);
    free(data);
    return p;
}

TEST(csvlint_line_endings_all_read_alike)
{
    const char *files[] = {"lf-line-endings.csv", "crlf-line-endings.csv",
                           "cr-line-endings.csv",
                           "inconsistent-line-endings.csv",
                           "inconsistent-line-endings-unquoted.csv"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        parsed p = parse_fixture(files[i]);
        CHECK_INT(p.errors, 0);
        CHECK_INT(json_array_size(p.rows), 3);
        json_t *last = json_array_get(p.rows, 2);
        CHECK_STR(json_string_value(json_array_get(last, 1)), "Teaspoon");
        parsed_free(&p);
    }
}

TEST(csvlint_bad_input_is_reported_with_position)
{
    parsed p = parse_fixture("invalid-byte-sequence.csv");
    CHECK(p.errors > 0);
    CHECK(strstr(p.first_error.data, "invalid UTF-8") != NULL);
    CHECK(strncmp(p.first_error.data, "1:", 2) == 0);
    parsed_free(&p);
    p = parse_fixture("invalid_many_rows.csv");
    CHECK_INT(p.errors, 1);
    CHECK(strncmp(p.first_error.data, "4:", 2) == 0);
    CHECK_INT(json_array_size(p.rows), 10); /* the other rows survive */
    parsed_free(&p);
}

/* ---- Every fixture of csvlint and csv-parser ---- */

/*
 * These sets have no expected records in a common form: each file is
 * listed with what kgraph reads (records, including the header, and the
 * line of the first error), and why where it differs from what the
 * suite's own tool does with its options.  A file that is not listed
 * fails the test, and so does a listed file read differently.
 */
typedef struct fixture {
    const char *file;
    size_t records;
    unsigned long error_line; /* of the first error; 0: none */
    const char *kind;         /* SAME, ERROR, DIFFERS */
    const char *note;
} fixture;

static const char no_options[] =
    "kgraph reads RFC 4180 only: no comment, quote, escape or newline "
    "options";
static const char ragged[] =
    "the reader keeps ragged rows; loading rejects a row whose field count "
    "is not the header's (an error at its line)";

static const fixture csv_parser[] = {
    {"backtick.csv", 3, 0, "DIFFERS", "a backtick is no delimiter: one field"},
    {"bad-data.csv", 4, 0, "SAME", "empty and odd fields are text"},
    {"basic.csv", 2, 0, "SAME", ""},
    {"comma-in-quote.csv", 2, 0, "SAME", ""},
    {"comment.csv", 3, 0, "DIFFERS", no_options},
    {"empty-columns.csv", 2, 0, "SAME", ""},
    {"escape-quotes.csv", 4, 0, "SAME", "doubled quotes"},
    {"geojson.csv", 4, 0, "SAME", "JSON in quoted fields"},
    {"headers.csv", 3, 0, "SAME", "the first row is the header"},
    {"large-dataset.csv", 7269, 0, "SAME", "1.1 MB"},
    {"newlines.csv", 4, 0, "SAME", "a line end inside quotes"},
    {"no-headers.csv", 4, 0, "SAME", ragged},
    {"option-comment.csv", 3, 0, "DIFFERS", no_options},
    {"option-escape.csv", 2, 2, "ERROR",
     "a backslash escapes nothing in RFC 4180: the quote it precedes is "
     "an error at its position"},
    {"option-maxRowBytes.csv", 4593, 4578, "ERROR",
     "row 4578 opens a quote it never closes where it should: an error at "
     "its position (--max-row-size bounds memory)"},
    {"option-newline.csv", 0, 1, "ERROR",
     "X is no line end: one long line, where a quote inside an unquoted "
     "field is an error"},
    {"option-quote-escape.csv", 4, 0, "DIFFERS", no_options},
    {"option-quote-many.csv", 4, 0, "DIFFERS", no_options},
    {"option-quote.csv", 3, 0, "DIFFERS", no_options},
    {"quotes+newlines.csv", 4, 0, "SAME", ""},
    {"strict+skipLines.csv", 5, 0, "DIFFERS", "no option skips lines"},
    {"strict-false-less-columns.csv", 4, 0, "SAME", ragged},
    {"strict-false-more-columns.csv", 4, 0, "SAME", ragged},
    {"strict.csv", 4, 0, "SAME", ragged},
    {"bench/latin.csv", 2, 3, "ERROR",
     "Latin-1 is not UTF-8: an error at the byte (--encoding latin1 reads "
     "it)"},
    {"bench/mac-newlines.csv", 3, 0, "SAME", "CR line ends"},
    {"bench/utf16-big.csv", 3, 0, "SAME", "UTF-16BE, read by its mark"},
    {"bench/utf16.csv", 3, 0, "SAME", "UTF-16LE, read by its mark"},
    {"bench/utf8.csv", 3, 0, "SAME", ""},
};

static const fixture csvlint[] = {
    {"cr-line-endings.csv", 3, 0, "SAME", ""},
    {"crlf-line-endings.csv", 3, 0, "SAME", ""},
    {"inconsistent-line-endings-unquoted.csv", 3, 0, "DIFFERS",
     "csvlint: line_breaks; kgraph takes every line end as one"},
    {"inconsistent-line-endings.csv", 3, 0, "DIFFERS",
     "csvlint: line_breaks; kgraph takes every line end as one"},
    {"invalid-byte-sequence.csv", 3, 1, "ERROR",
     "csvlint: invalid_encoding; kgraph: an error at each bad byte"},
    {"invalid_many_rows.csv", 10, 4, "ERROR",
     "a stray quote: an error at its position, the other rows kept"},
    {"lf-line-endings.csv", 3, 0, "SAME", ""},
    {"title-row.csv", 4, 0, "DIFFERS",
     "csvlint: a title_row warning; kgraph takes the first row as the "
     "header, and loading says it cannot tell what the file holds"},
    {"valid.csv", 3, 0, "SAME", ""},
    {"valid_many_rows.csv", 7, 0, "SAME", ""},
    {"white space in filename.csv", 3, 0, "SAME", ""},
    {"windows-line-endings.csv", 2, 0, "SAME", ""},
};

static const fixture *find_fixture(const fixture *t, size_t n, const char *file)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(t[i].file, file) == 0)
            return &t[i];
    return NULL;
}

/* Every .csv in `sub` (under the suites), against its row of `t`. */
static int check_fixtures(const char *set, const char *sub, const fixture *t,
                          size_t n, const char *prefix)
{
    char dir[512];
    snprintf(dir, sizeof dir, "%s/%s", suites, sub);
    struct dirent **list;
    int nlist = scandir(dir, &list, NULL, alphasort);
    CHECK(nlist >= 0);
    int seen = 0;
    for (int k = 0; k < nlist; k++) {
        const struct dirent *de = list[k];
        size_t len = strlen(de->d_name);
        if (len < 5 || strcmp(de->d_name + len - 4, ".csv") != 0)
            continue;
        char file[300], path[1024], name[400];
        snprintf(file, sizeof file, "%s%s", prefix, de->d_name);
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        snprintf(name, sizeof name, "%s/%s", set, file);
        size_t size;
        char *data = read_file(path, &size);
        parsed p = parse(de->d_name, data ? data : "", data ? size : 0);
        const fixture *f = find_fixture(t, n, file);
        unsigned long line =
            p.errors ? strtoul(p.first_error.data, NULL, 10) : 0;
        int ok =
            f && json_array_size(p.rows) == f->records && line == f->error_line;
        if (!ok)
            fprintf(stderr, "%s: %zu records, first error: %s%s\n", name,
                    json_array_size(p.rows),
                    p.errors ? p.first_error.data : "none",
                    f ? "" : " (not listed)");
        char detail[600];
        snprintf(detail, sizeof detail, "%zu records%s%s%s%s",
                 json_array_size(p.rows), p.errors ? "; " : "",
                 p.errors ? p.first_error.data : "",
                 f && f->note[0] ? "; " : "", f ? f->note : "");
        report(ok ? f->kind : "FAIL", name, detail);
        CHECK(ok);
        seen++;
        parsed_free(&p);
        free(data);
    }
    for (int k = 0; k < nlist; k++)
        free(list[k]);
    if (nlist >= 0)
        free(list);
    return seen;
}

TEST(csv_parser_fixtures)
{
    size_t n = sizeof csv_parser / sizeof *csv_parser;
    int seen =
        check_fixtures("csv-parser", "csv-parser/fixtures", csv_parser, n, "");
    seen += check_fixtures("csv-parser", "csv-parser/fixtures/bench",
                           csv_parser, n, "bench/");
    CHECK_INT(seen, (int)n);
}

TEST(csvlint_fixtures)
{
    size_t n = sizeof csvlint / sizeof *csvlint;
    CHECK_INT(check_fixtures("csvlint", "csvlint-rb/features/fixtures", csvlint,
                             n, ""),
              (int)n);
}

/* ---- csvlint's scenarios: CSV text and the error csvlint expects ---- */

/* What kgraph does about each kind of error csvlint names. */
static const struct {
    const char *type;
    const char *kind; /* ERROR: kgraph reports it too, at that row */
    const char *note;
} csvlint_types[] = {
    {"ragged_rows", "ERROR", ragged},
    {"unclosed_quote", "ERROR", "an unterminated quoted field, at its line"},
    {"whitespace", "DIFFERS", why_trim},
    {"blank_rows", "DIFFERS", why_blank},
    {"line_breaks", "DIFFERS", why_ends},
};

/* The number of fields of each record, and whether any error was
 * reported at `row`. */
static void scenario(const char *title, const char *text, const char *type,
                     unsigned long row)
{
    const char *kind = NULL, *note = NULL;
    for (size_t i = 0; i < sizeof csvlint_types / sizeof *csvlint_types; i++)
        if (strcmp(csvlint_types[i].type, type) == 0) {
            kind = csvlint_types[i].kind;
            note = csvlint_types[i].note;
        }
    char name[300];
    snprintf(name, sizeof name, "csvlint \"%.44s\"", title);
    if (!kind) { /* HTTP, content types, Excel: not about CSV text */
        report("N/A", name, type);
        return;
    }
    parsed p = parse("scenario.csv", text, strlen(text));
    int ok;
    if (strcmp(type, "ragged_rows") == 0) {
        /* the reader keeps the row; its field count gives it away */
        json_t *head = json_array_get(p.rows, 0);
        json_t *r = json_array_get(p.rows, row ? row - 1 : 0);
        ok = head && r && json_array_size(r) != json_array_size(head);
    } else if (strcmp(kind, "ERROR") == 0) {
        ok = p.errors > 0 && strtoul(p.first_error.data, NULL, 10) == row;
    } else {
        ok = p.errors == 0;
    }
    report(ok ? kind : "FAIL", name, note);
    if (!ok)
        fprintf(stderr, "csvlint scenario \"%s\" (%s, row %lu): %d errors\n",
                title, type, row, p.errors);
    CHECK(ok);
    parsed_free(&p);
}

/* The scenarios of validation_errors.feature that give their CSV inline. */
TEST(csvlint_scenarios)
{
    char path[512];
    snprintf(path, sizeof path,
             "%s/csvlint-rb/features/validation_errors.feature", suites);
    size_t len;
    char *text = read_file(path, &len);
    CHECK(text != NULL);
    if (!text)
        return;
    int seen = 0;
    for (char *sc = strstr(text, "Scenario:"); sc;) {
        char *next = strstr(sc + 9, "Scenario:");
        if (next)
            next[-1] = '\0';
        char *title = sc + 9;
        while (*title == ' ')
            title++;
        char *eol = strchr(title, '\n');
        char *open = strstr(sc, "\"\"\"\n");
        char *close = open ? strstr(open + 4, "\"\"\"") : NULL;
        char *type = strstr(sc, "the type \"");
        char *row = strstr(sc, "the row \"");
        if (eol && open && close && type) {
            *eol = '\0';
            /* the content, without the block's indentation line */
            char *body = open + 4, *end = close;
            while (end > body && end[-1] == ' ')
                end--;
            char *csv = kg_strndup(body, (size_t)(end - body));
            type += 10;
            char *q = strchr(type, '"');
            if (q)
                *q = '\0';
            scenario(title, csv, type, row ? strtoul(row + 9, NULL, 10) : 0);
            free(csv);
            seen++;
        }
        sc = next;
    }
    free(text);
    CHECK(seen >= 6);
}

/* ---- PapaParse: plain RFC 4180 cases ---- */

/*
 * Where kgraph reads a PapaParse case differently, on purpose.  'E': kgraph
 * reports an error where PapaParse guesses (strict quoting: a stray quote
 * is never silently accepted, since it can swallow the rows after it);
 * the test checks that the error is there.  'D': a deliberate difference in
 * the records: libcsv trims spaces around unquoted fields and outside
 * quotes, blank lines are not records, every line end (LF, CR, CRLF) ends a
 * line, and only comma, semicolon and tab are detected as delimiters.
 */
static const struct {
    char kind;
    const char *description;
    const char *why;
} papa_differs[] = {
    {'D', "Whitespace at edges of unquoted field", why_trim},
    {'D', "Quoted field with whitespace around quotes", why_trim},
    {'D', "One column input with empty fields", why_blank},
    {'D', "Blank lines at end", why_blank},
    {'D', "Blank line in middle with whitespace", why_blank},
    {'D', "Mixed slash n and slash r should choose first as precident",
     why_ends},
    {'D', "Pipe delimiter is guessed correctly when mixed with comas",
     why_delims},
    {'E', "Unquoted field with quotes at end of field", why_strict},
    {'E', "Misplaced quotes in data, not as opening quotes", why_strict},
    {'E', "Misplaced quotes in data twice, not as opening quotes", why_strict},
    {'E', "Quoted field has no closing quote", why_strict},
    {'E',
     "Quoted field has invalid trailing quote after delimiter with a "
     "valid closer",
     why_strict},
    {'E', "Quoted field has invalid trailing quote after delimiter",
     why_strict},
    {'E', "Quoted field has invalid trailing quote before delimiter",
     why_strict},
    {'E', "Quoted field has invalid trailing quote after new line", why_strict},
};

static const char *papa_why(const char *description)
{
    for (size_t i = 0; i < sizeof papa_differs / sizeof *papa_differs; i++)
        if (strcmp(papa_differs[i].description, description) == 0)
            return papa_differs[i].why;
    return "";
}

static char papa_known(const char *description)
{
    for (size_t i = 0; i < sizeof papa_differs / sizeof *papa_differs; i++)
        if (strcmp(papa_differs[i].description, description) == 0)
            return papa_differs[i].kind;
    return 0;
}

/* PapaParse's quote errors; its delimiter-guessing notes are not errors. */
static size_t quote_errors(json_t *errors)
{
    size_t i, n = 0;
    json_t *e;
    json_array_foreach(errors, i, e)
    {
        const char *type = json_string_value(json_object_get(e, "type"));
        n += type && strcmp(type, "Quotes") == 0;
    }
    return n;
}

static void run_papa_file(const char *file, int *same, int *known,
                          int *unexplained)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/papaparse/%s", suites, file);
    json_t *cases = json_load_file(path, 0, NULL);
    CHECK(cases != NULL);
    size_t i;
    json_t *c;
    json_array_foreach(cases, i, c)
    {
        json_t *config = json_object_get(c, "config");
        if ((config && !json_is_null(config) && json_object_size(config)) ||
            json_is_true(json_object_get(c, "disabled")))
            continue;
        const char *desc = json_string_value(json_object_get(c, "description"));
        const char *in = json_string_value(json_object_get(c, "input"));
        json_t *want = json_object_get(c, "expected_data");
        size_t errs = quote_errors(json_object_get(c, "expected_errors"));
        if (!in || !want)
            continue;
        parsed p = parse("papa.csv", in, strlen(in));
        char kind = papa_known(desc);
        char name[300];
        snprintf(name, sizeof name, "papaparse \"%.40s\"", desc);
        if (json_equal(p.rows, want) && (p.errors == 0) == (errs == 0)) {
            (*same)++;
            report(p.errors ? "ERROR" : "SAME", name,
                   p.errors ? p.first_error.data : "the expected records");
            CHECK(kind == 0); /* a listed difference that is not one */
        } else if (kind == 'D' || (kind == 'E' && p.errors > 0)) {
            (*known)++;
            char detail[600];
            snprintf(detail, sizeof detail, "%s%s%s",
                     kind == 'E' ? p.first_error.data : "",
                     kind == 'E' ? "; " : "", papa_why(desc));
            report(kind == 'D' ? "DIFFERS" : "ERROR", name, detail);
        } else {
            report("FAIL", name, "unexplained");
            char *g = json_dumps(p.rows, 0), *w = json_dumps(want, 0);
            fprintf(stderr, "papaparse \"%s\": got %s (%d errors), want %s\n",
                    desc, g, p.errors, w);
            free(g);
            free(w);
            (*unexplained)++;
        }
        parsed_free(&p);
    }
    json_decref(cases);
}

TEST(papaparse_plain_cases)
{
    int same = 0, known = 0, unexplained = 0;
    run_papa_file("core_parser_tests.json", &same, &known, &unexplained);
    run_papa_file("parse_tests.json", &same, &known, &unexplained);
    fprintf(stderr, "  papaparse: %d same, %d known differences\n", same,
            known);
    CHECK(same > 40);
    CHECK_INT(known, (int)(sizeof papa_differs / sizeof *papa_differs));
    CHECK_INT(unexplained, 0);
}

int main(int argc, char **argv)
{
    verbose = argc > 1 && strcmp(argv[1], "-v") == 0;
    if (!have_suites()) {
        printf("suites: skipped (%s not found)\n", suites);
        printf("suites: 0 passed, 0 failed\n");
        return 0;
    }
    RUN(csv_spectrum);
    RUN(csvlint_line_endings_all_read_alike);
    RUN(csvlint_bad_input_is_reported_with_position);
    RUN(papaparse_plain_cases);
    RUN(csv_parser_fixtures);
    RUN(csvlint_fixtures);
    RUN(csvlint_scenarios);
    report_summary();
    return harness_done("suites");
}
