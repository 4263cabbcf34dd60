/*
 * sources.h - numbered sources (--cite): which relations carry evidence or a
 * citation, their numbers, and the table a report prints under a figure.
 */
#ifndef KG_SOURCES_H
#define KG_SOURCES_H

#include "graph/store.h"
#include "util/buf.h"

struct kg_out;

/*
 * Per relation, its source number, counted from 1 over every relation
 * with evidence or a citation in input order (shown or not, so that two
 * figures made from the same inputs number alike), 0 for one without.
 * A malloc'd array of g->nrels items (at least one), or NULL when out of
 * memory.
 */
uint32_t *kg_cite_numbers(const kg_graph *g);

/* Whether relation r has a column that says where it comes from. */
int kg_cite_has_source(const kg_graph *g, const kg_relation *r);

/* A relation as a sources table shows it: its ends' names, its relation
 * as the figure labels it, and the values of each column below, "; "
 * between them (empty buffers when it has none). */
enum {
    KG_CITE_QUOTE,      /* evidence, quote, excerpt */
    KG_CITE_CITATION,   /* citation, source, source_url, url */
    KG_CITE_DATE,       /* date, start_date, end_date */
    KG_CITE_CONFIDENCE, /* what kg_confidence_key names */
    KG_CITE_NCOLS
};
typedef struct kg_cite_row {
    uint32_t number; /* kg_cite_numbers' (set by the caller) */
    const char *from, *to;
    kg_buf relation, cols[KG_CITE_NCOLS];
} kg_cite_row;

/* Fills *row for relation i; 0, or -1 when out of memory (free it either
 * way with kg_cite_row_free). */
int kg_cite_gather(const kg_graph *g, uint32_t i, kg_cite_row *row);
void kg_cite_row_free(kg_cite_row *row);

/* The same, faster over many relations of one graph that does not change
 * meanwhile: `memo` (from kg_cite_memo_new, NULL when out of memory;
 * freed with free) remembers which column each key goes to.  NULL:
 * kg_cite_gather. */
typedef struct kg_cite_memo kg_cite_memo;
kg_cite_memo *kg_cite_memo_new(void);
int kg_cite_gather_memo(const kg_graph *g, uint32_t i, kg_cite_row *row,
                        kg_cite_memo *memo);

/* kg_cite_gather_memo without the ends' names (row->from and row->to
 * NULL), for a reader that names the ends otherwise (the report's data,
 * by position): looking them up reads the ends' entities, scattered over
 * the graph, which was a fifth of the report's data at a million.  *row
 * is all zero, or a row this filled before: its buffers are emptied and
 * used again (a million relations made and freed millions of them);
 * free it once, with kg_cite_row_free. */
int kg_cite_gather_values(const kg_graph *g, uint32_t i, kg_cite_row *row,
                          kg_cite_memo *memo);

/* Whether s is a link by the link rule, with a scheme (http, https), as
 * a whole value: then its written form in *href (1), else 0. */
int kg_cite_link(kg_buf *href, const char *s);

/* A citation as HTML: a link when kg_cite_link says so, its text
 * escaped by kg_html_text (rules/escape.h) either way. */
void kg_html_citation(struct kg_out *out, const char *s);

#endif
