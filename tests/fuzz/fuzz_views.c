/*
 * fuzz_views.c - libFuzzer entry point for the views over a graph: any
 * bytes, read as CSV files (fuzz_input.h) into a newer graph (both files)
 * and an older one (the first file alone, matched the other way when
 * byte 0's bit 7 is set).  The timeline's DOT and the drawn diff's DOT
 * must be read by Graphviz's own parser (agmemread) with every node kgraph
 * placed; the diff's JSON must parse (jansson) and count what the change
 * list says; the text list, which goes to terminals, must hold no byte
 * that steers one (a C0 control but the line ends between changes, DEL,
 * a C1 control) and one line per change; the CSV list must be written
 * whole.  A crash, a leak, or a difference aborts, which libFuzzer keeps.
 */
#include <cgraph.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_input.h"

static void fail(const char *what)
{
    fprintf(stderr, "views: %s\n", what);
    abort();
}

/* What `write` writes, in memory; NULL when it failed with no memory. */
typedef kg_status (*writer_fn)(void *ctx, FILE *out);

static char *text_of(writer_fn write, void *ctx)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f)
        abort();
    kg_status st = write(ctx, f);
    fclose(f);
    if (st != KG_OK) {
        if (st != KG_ERR_NOMEM)
            fail("a writer failed other than for memory");
        free(text);
        return NULL;
    }
    if (strlen(text) != len)
        fail("a writer wrote a NUL byte");
    return text;
}

/* DOT kgraph wrote must be DOT Graphviz reads. */
static void graphviz_reads(const char *dot)
{
    Agraph_t *G = dot ? agmemread(dot) : NULL;
    if (dot && !G) {
        fprintf(stderr, "%s\n", dot);
        fail("Graphviz could not read kgraph's DOT");
    }
    if (G)
        agclose(G);
}

typedef struct timeline_ctx {
    kg_graph *g;
    unsigned long undated;
} timeline_ctx;

static kg_status timeline(void *ctx, FILE *out)
{
    timeline_ctx *t = ctx;
    kg_dot_options o = kg_dot_defaults();
    o.cite = 1;
    return kg_write_timeline(t->g, out, &o, KG_TIME_REAL, &t->undated);
}

static kg_status diff_json(void *d, FILE *out)
{
    return kg_write_diff(d, out, KG_DIFF_JSON);
}

static kg_status diff_text(void *d, FILE *out)
{
    return kg_write_diff(d, out, KG_DIFF_TEXT);
}

static kg_status diff_csv(void *d, FILE *out)
{
    return kg_write_diff(d, out, KG_DIFF_CSV);
}

static kg_status dot(void *g, FILE *out)
{
    return kg_write_dot(g, out, NULL);
}

static void check_json(const char *text, const kg_diff *d)
{
    json_error_t e;
    json_t *j = text ? json_loads(text, 0, &e) : NULL;
    if (text && !j) {
        fprintf(stderr, "%s\n%s\n", text, e.text);
        fail("the diff's JSON does not parse");
    }
    if (!j)
        return;
    kg_diff_counts c = kg_diff_counts_of(d);
    size_t ents = json_array_size(json_object_get(j, "entities"));
    size_t rels = json_array_size(json_object_get(j, "relations"));
    if (ents != c.entities_added + c.entities_removed + c.entities_changed ||
        rels != c.relations_added + c.relations_removed + c.relations_changed)
        fail("the diff's JSON does not hold what it counts");
    json_decref(j);
}

/* The diff's text goes to a terminal: no byte of it may steer one, and
 * each change is one line (a change, its fields indented under it, then
 * the sums), so that data cannot forge a change or the sums. */
static void check_text(const char *text, const kg_diff *d)
{
    if (!text)
        return;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        if ((*p < 0x20 && *p != '\n') || *p == 0x7F ||
            (p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F)) {
            fprintf(stderr, "%s\n", text);
            fail("a control character reached the diff's text");
        }
    size_t heads = 0;
    const char *last = text;
    for (const char *line = text; *line;) {
        if (strncmp(line, "    ", 4) != 0) {
            heads++;
            last = line;
        }
        const char *end = strchr(line, '\n');
        if (!end)
            fail("the diff's text does not end its last line");
        line = end + 1;
    }
    kg_diff_counts c = kg_diff_counts_of(d);
    if (heads != c.entities_added + c.entities_removed + c.entities_changed +
                     c.relations_added + c.relations_removed +
                     c.relations_changed + 1 ||
        strncmp(last, "entities: ", 10) != 0) {
        fprintf(stderr, "%s\n", text);
        fail("the diff's text has other lines than its changes and sums");
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_input in = fuzz_cut(data, size);
    if (!in.nfiles)
        return 0;
    kg_graph *newer = fuzz_graph(&in);
    fuzz_input first = in;
    first.nfiles = 1;
    kg_graph *older = fuzz_graph(&first);
    if (!newer || !older) {
        kg_graph_free(newer);
        kg_graph_free(older);
        return 0;
    }
    timeline_ctx t = {newer, 0};
    char *tl = text_of(timeline, &t);
    graphviz_reads(tl);
    free(tl);
    int swap = (in.flags >> 7) & 1;
    kg_status st;
    kg_diff *d = kg_diff_new(swap ? newer : older, swap ? older : newer, &st);
    if (!d && st != KG_ERR_NOMEM && st != KG_ERR_USAGE)
        fail("kg_diff_new failed other than for memory or a broken graph");
    if (d) {
        char *json = text_of(diff_json, d);
        check_json(json, d);
        free(json);
        char *list = text_of(diff_text, d);
        check_text(list, d);
        free(list);
        free(text_of(diff_csv, d));
        kg_graph *drawn = kg_diff_graph(d, (in.flags >> 6) & 1, &st);
        if (drawn) {
            char *text = text_of(dot, drawn);
            graphviz_reads(text);
            free(text);
        }
        kg_graph_free(drawn);
    }
    kg_diff_free(d);
    kg_graph_free(newer);
    kg_graph_free(older);
    return 0;
}
