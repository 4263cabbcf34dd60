/*
 * sources.c - numbered sources.
 *
 * A relation is cited when a column says what supports it: evidence (a
 * quote) or a citation (source, citation, a link to it).  Numbers follow
 * input order over the whole graph, before any filter, so the same row
 * has the same number in every figure made from the same files.  The
 * sources table lists the numbers the figure shows, each with its ends,
 * relation, date, confidence, quote and citation, escaped for where it
 * lands: Markdown, CSV (cells that a spreadsheet would run are quoted
 * with "'") or HTML (links only through link.c's rule).
 */
#include "analysis/sources.h"

#include <stdlib.h>
#include <string.h>

#include "graph/dates.h"
#include "graph/lifetime.h"
#include "graph/view.h"
#include "rules/escape.h"
#include "rules/evidence.h"
#include "rules/link.h"
#include "util/key_memo.h"

/* The columns of a sources table, and the keys (any case) each reads;
 * confidence reads what kg_confidence_key names, as the drawing does. */
enum {
    C_QUOTE = KG_CITE_QUOTE,
    C_CITATION = KG_CITE_CITATION,
    C_DATE = KG_CITE_DATE,
    C_CONFIDENCE = KG_CITE_CONFIDENCE,
    NCOLS = KG_CITE_NCOLS
};
/* The provenance roles (evidence.h) a column of the table shows. */
static int col_of(const char *key)
{
    if (kg_confidence_key(key))
        return C_CONFIDENCE;
    switch (kg_prov_of(key)) {
    case KG_PROV_QUOTE: return C_QUOTE;
    case KG_PROV_CITATION:
    case KG_PROV_LINK: return C_CITATION;
    case KG_PROV_DATE:
    case KG_PROV_START:
    case KG_PROV_END: return C_DATE;
    default: return -1;
    }
}

/* col_of's answers for the keys met (util/key_memo.h): where col_of
 * compares each key with a score of words. */
struct kg_cite_memo {
    kg_key_memo keys;
};

static int col_memo(kg_cite_memo *m, const char *key)
{
    return kg_key_memo_ask(m ? &m->keys : NULL, key, col_of);
}

static int has_source(const kg_graph *g, const kg_relation *r, kg_cite_memo *m)
{
    kg_attr_it it;
    for (kg_attr_begin(g, kg_rel_attrs(g, r), &it); kg_attr_step(&it);) {
        int c = col_memo(m, it.key);
        if (c == C_QUOTE || c == C_CITATION)
            return 1;
    }
    return 0;
}

int kg_cite_has_source(const kg_graph *g, const kg_relation *r)
{
    return has_source(g, r, NULL);
}

uint32_t *kg_cite_numbers(const kg_graph *g)
{
    uint32_t *num = kg_calloc(kg_nrels(g) ? kg_nrels(g) : 1, sizeof *num);
    if (!num)
        return NULL;
    kg_cite_memo m = {{{0}, {0}}};
    uint32_t next = 0;
    for (size_t i = 0; i < kg_nrels(g); i++)
        if (has_source(g, kg_rel(g, i), &m))
            num[i] = ++next;
    return num;
}

/* ---- The table ---- */

typedef kg_cite_row sources_row;

/* The values of column c on relation r, "; " between them. */
static int gather(const kg_graph *g, const kg_relation *r, sources_row *row,
                  kg_cite_memo *m)
{
    kg_attr_it it;
    for (kg_attr_begin(g, kg_rel_attrs(g, r), &it); kg_attr_step(&it);) {
        int c = col_memo(m, it.key);
        if (c < 0)
            continue;
        kg_buf *b = &row->cols[c];
        char iso[11]; /* a date as ISO 8601 (graph/dates.h) */
        const char *v =
            c == C_DATE ? kg_graph_date_text(g, it.key, it.value, iso) : NULL;
        if ((b->len && kg_buf_puts(b, "; ")) ||
            kg_buf_puts(b, v ? v : it.value))
            return -1;
    }
    const char *type = kg_rel_type(g, r), *label = kg_rel_label(g, r);
    /* a type reads as the figure's labels do */
    return label ? kg_buf_puts(&row->relation, label)
                 : kg_type_text(&row->relation, type ? type : "");
}

static const char *name_of(const kg_graph *g, uint32_t e)
{
    const kg_entity *x = kg_ent(g, e);
    return x->name ? x->name : kg_ent_id(g, x);
}

int kg_cite_link(kg_buf *href, const char *s)
{
    return (strncmp(s, "http://", 7) == 0 || strncmp(s, "https://", 8) == 0) &&
           !strpbrk(s, " ;\n") && !kg_link_check(s) &&
           kg_link_encode(href, s) == 0;
}

void kg_html_citation(kg_out *out, const char *s)
{
    kg_buf href;
    kg_buf_init(&href);
    int link = kg_cite_link(&href, s);
    if (link) {
        kg_out_puts(out, "<a href=\"");
        kg_out_puts(out, href.data);
        kg_out_puts(out, "\" rel=\"noopener noreferrer\">");
    }
    kg_html_text(out, s);
    if (link)
        kg_out_puts(out, "</a>");
    kg_buf_free(&href);
}

static const char *const heads[] = {"#",    "From",       "To",    "Relation",
                                    "Date", "Confidence", "Quote", "Citation"};
enum { NHEADS = sizeof heads / sizeof *heads };

static void header(kg_out *out, kg_sources_format fmt)
{
    if (fmt == KG_SOURCES_CSV) {
        for (int i = 0; i < NHEADS; i++)
            kg_out_printf(out, "%s%s", i ? "," : "", i ? heads[i] : "number");
        kg_out_puts(out, "\r\n");
    } else if (fmt == KG_SOURCES_HTML) {
        kg_out_puts(
            out,
            "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\n"
            "<meta http-equiv=\"Content-Security-Policy\" "
            "content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
            "<title>Sources</title>\n<style>table{border-collapse:collapse;"
            "font:8pt sans-serif;width:100%}td,th{border:1px solid #999;"
            "padding:2px 4px;vertical-align:top;text-align:left;"
            "overflow-wrap:break-word}</style>\n"
            "</head><body>\n<table>\n<tr>");
        for (int i = 0; i < NHEADS; i++)
            kg_out_printf(out, "<th>%s</th>", heads[i]);
        kg_out_puts(out, "</tr>\n");
    } else {
        kg_out_puts(out, "|");
        for (int i = 0; i < NHEADS; i++)
            kg_out_printf(out, " %s |", heads[i]);
        kg_out_puts(out, "\n|");
        for (int i = 0; i < NHEADS; i++)
            kg_out_puts(out, i ? " --- |" : " ---: |");
        kg_out_puts(out, "\n");
    }
}

static void write_row(kg_out *out, kg_sources_format fmt, const sources_row *r)
{
    const char *cells[NHEADS - 1] = {
        r->from,
        r->to,
        r->relation.data ? r->relation.data : "",
        r->cols[C_DATE].data ? r->cols[C_DATE].data : "",
        r->cols[C_CONFIDENCE].data ? r->cols[C_CONFIDENCE].data : "",
        r->cols[C_QUOTE].data ? r->cols[C_QUOTE].data : "",
        r->cols[C_CITATION].data ? r->cols[C_CITATION].data : ""};
    if (fmt == KG_SOURCES_CSV) {
        kg_out_printf(out, "%lu", (unsigned long)r->number);
        for (int i = 0; i < NHEADS - 1; i++) {
            kg_out_putc(out, ',');
            kg_csv_cell(out, cells[i]);
        }
        kg_out_puts(out, "\r\n");
    } else if (fmt == KG_SOURCES_HTML) {
        kg_out_printf(out, "<tr><td>%lu</td>", (unsigned long)r->number);
        for (int i = 0; i < NHEADS - 1; i++) {
            kg_out_puts(out, "<td>");
            if (i == NHEADS - 2)
                kg_html_citation(out, cells[i]);
            else
                kg_html_text(out, cells[i]);
            kg_out_puts(out, "</td>");
        }
        kg_out_puts(out, "</tr>\n");
    } else {
        kg_out_printf(out, "| %lu |", (unsigned long)r->number);
        for (int i = 0; i < NHEADS - 1; i++)
            kg_md_cell(out, cells[i]);
        kg_out_putc(out, '\n');
    }
}

int kg_cite_gather(const kg_graph *g, uint32_t i, kg_cite_row *row)
{
    return kg_cite_gather_memo(g, i, row, NULL);
}

int kg_cite_gather_memo(const kg_graph *g, uint32_t i, kg_cite_row *row,
                        kg_cite_memo *memo)
{
    const kg_relation *r = kg_rel(g, i);
    *row = (kg_cite_row){0, NULL, NULL, {0}, {{0}}}; /* buffers: empty */
    int rc = gather(g, r, row, memo);
    row->from = name_of(g, r->src);
    row->to = name_of(g, r->dst);
    return rc;
}

int kg_cite_gather_values(const kg_graph *g, uint32_t i, kg_cite_row *row,
                          kg_cite_memo *memo)
{
    row->number = 0;
    row->from = row->to = NULL;
    kg_buf_clear(&row->relation);
    for (int c = 0; c < NCOLS; c++)
        kg_buf_clear(&row->cols[c]);
    return gather(g, kg_rel(g, i), row, memo);
}

kg_cite_memo *kg_cite_memo_new(void)
{
    return kg_calloc(1, sizeof(kg_cite_memo));
}

void kg_cite_row_free(kg_cite_row *row)
{
    kg_buf_free(&row->relation);
    for (int c = 0; c < NCOLS; c++)
        kg_buf_free(&row->cols[c]);
}

/* Whether relation i is in the figure: its own edge, or the edge
 * --merge-edges folded it into, is shown. */
static int in_figure(const kg_graph *g, uint32_t i)
{
    uint32_t into = kg_rel_folded(g, i);
    return kg_edge_shown(g, into == KG_NONE ? i : into);
}

static kg_status write_sources(const kg_graph *g, FILE *out,
                               kg_sources_format fmt);

kg_status kg_write_sources(const kg_graph *g, FILE *out, kg_sources_format fmt)
{
    kg_clock c = kg_graph_clock(g);
    kg_status st = write_sources(g, out, fmt);
    kg_graph_timed(g, c, "write", "sources");
    return st;
}

static kg_status write_sources(const kg_graph *g, FILE *out,
                               kg_sources_format fmt)
{
    if (!g || !out || !kg_graph_resolved(g) || fmt < KG_SOURCES_MARKDOWN ||
        fmt > KG_SOURCES_HTML)
        return KG_ERR_USAGE;
    uint32_t *num = kg_cite_numbers(g);
    kg_out *o = num ? kg_malloc(sizeof *o) : NULL;
    if (!o) {
        free(num);
        return KG_ERR_NOMEM;
    }
    kg_out_init(o, out);
    header(o, fmt);
    int nomem = 0;
    kg_cite_memo m = {{{0}, {0}}};
    for (uint32_t i = 0; i < kg_nrels(g) && !nomem; i++) {
        if (!num[i] || !in_figure(g, i))
            continue;
        sources_row row;
        nomem = kg_cite_gather_memo(g, i, &row, &m) != 0;
        row.number = num[i];
        if (!nomem)
            write_row(o, fmt, &row);
        kg_cite_row_free(&row);
    }
    if (fmt == KG_SOURCES_HTML)
        kg_out_puts(o, "</table>\n</body></html>\n");
    free(num);
    int failed = kg_out_flush(o) ? o->err : 0;
    free(o);
    if (nomem)
        return KG_ERR_NOMEM;
    return kg_stream_end(kg_graph_diag(g), out, failed);
}
