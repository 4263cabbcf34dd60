/*
 * dot.h - writing DOT that Graphviz reads back exactly.
 *
 * What Graphviz 2.43's scanner does inside a quoted string (lib/cgraph/
 * scan.l): \" is a quote; \\ stays two backslashes; a backslash before a
 * line end removes both; a line end standing alone between two of those
 * tokens is dropped; everything else is literal.  So a string is written
 * quoted, with " as \", whenever that reads back exactly.  It does not when
 * an odd run of backslashes comes before a quote, a line end or the end
 * (Graphviz's own agwrite gets this wrong, old issue #188), or when a lone
 * line end sits between quotes or backslashes; such a string is written as
 * an HTML-like string <...>, which keeps every byte, if its angle brackets
 * nest.  Labels are escStrings and always have an exact quoted form.
 */
#ifndef KG_DOT_H
#define KG_DOT_H

#include <stddef.h>

#include "util/out.h"

/* Whether s[0..len) has an exact DOT form (quoted or HTML-like). */
int kg_dot_exact(const char *s, size_t len);
/* Whether s[0..len) has no backslash and no line end: then it, and every
 * part of it (a block of NUL-separated cells), is exact quoted.  Nearly
 * all text is. */
int kg_dot_plain(const char *s, size_t len);

/* Writes s as a DOT ID (quoted, or <...> when only that is exact). */
void kg_dot_id(kg_out *out, const char *s);
/* The same for s[0..len), its length known (s is NUL-terminated at len,
 * as every string the writer has). */
void kg_dot_id_len(kg_out *out, const char *s, size_t len);

/* Whether kg_dot_id writes s[0..len) as it is: a bare identifier (ASCII
 * letters, digits and '_', no digit first, no keyword). */
int kg_dot_bare(const char *s, size_t len);

/* Writes s as a quoted escString label that displays exactly s: \\ for a
 * backslash, \n for a line end. */
void kg_dot_label(kg_out *out, const char *s);

/* The most bytes kg_dot_label writes without a backslash: past them it
 * continues the line (a backslash and a line end, which DOT drops). */
enum { KG_DOT_RUN_MAX = 3072 };

/* What kg_dot_label writes between its quotes, for text of at most
 * KG_DOT_RUN_MAX bytes: a label made of such pieces written one after
 * another, each after an escape (or first), is the label of the whole. */
void kg_dot_label_piece(kg_out *out, const char *s);

/* kg_xml_text for an HTML-like label. */
void kg_dot_html_text(kg_out *out, const char *s);

/* An attribute list being written: " [a=b, c=d];". */
typedef struct kg_dot_attrs {
    kg_out *out;
    int n; /* attributes written so far */
} kg_dot_attrs;

/* What comes before each attribute: " [" before the first, ", " then. */
static inline void kg_dot_attr_sep(kg_dot_attrs *a)
{
    kg_out_write(a->out, a->n++ ? ", " : " [", 2);
}

/* The separator, then "key=" with `key` a literal DOT identifier of
 * kgraph's own (not input text), written as it is.  Inline, as the
 * callers below: their keys are literals whose length the compiler
 * knows. */
static inline void kg_dot_attr_key(kg_dot_attrs *a, const char *key)
{
    kg_dot_attr_sep(a);
    kg_out_puts(a->out, key);
    kg_out_putc(a->out, '=');
}

/* key=value, both as DOT IDs (kg_dot_id). */
void kg_dot_attr(kg_dot_attrs *a, const char *key, const char *value);
/* The same, with `key` a literal DOT identifier (kg_dot_attr_key). */
static inline void kg_dot_attr_lit(kg_dot_attrs *a, const char *key,
                                   const char *value)
{
    kg_dot_attr_key(a, key);
    kg_dot_id(a->out, value);
}
/* The same with value[0..len) (NUL-terminated at len). */
static inline void kg_dot_attr_lit_len(kg_dot_attrs *a, const char *key,
                                       const char *value, size_t len)
{
    kg_dot_attr_key(a, key);
    kg_dot_id_len(a->out, value, len);
}
/* key=value as kg_dot_attr writes it, for a key already known to be
 * bare with its prefix (kg_dot_bare of KG_DATA_PREFIX + key[0..len) when
 * `data`, else of key[0..len)): the key written as it is, not scanned
 * again (data keys, on every row); the value is value[0..value_len). */
void kg_dot_attr_bare(kg_dot_attrs *a, int data, const char *key, size_t len,
                      const char *value, size_t value_len);
/* "key=value" as kg_dot_attr writes it, malloc'd (NULL when out of
 * memory): for pairs written many times, such as a type's look. */
char *kg_dot_pair(const char *key, const char *value);
/* The same with the value as a label (kg_dot_attr_text). */
char *kg_dot_text_pair(const char *key, const char *text);
/* A pair made by kg_dot_pair (inline: written several times an element,
 * often a literal whose length the compiler knows). */
static inline void kg_dot_attr_raw(kg_dot_attrs *a, const char *pair)
{
    kg_dot_attr_sep(a);
    kg_out_puts(a->out, pair);
}
/* key="text" as an escString (labels, tooltips, URLs); `key` a literal
 * DOT identifier (kg_dot_attr_key). */
static inline void kg_dot_attr_text(kg_dot_attrs *a, const char *key,
                                    const char *text)
{
    kg_dot_attr_key(a, key);
    kg_dot_label(a->out, text);
}
/* Closes the list (or the statement, when it had no attribute). */
void kg_dot_attrs_end(kg_dot_attrs *a);

/*
 * kgraph's DOT as Graphviz is to draw it (malloc'd; NULL when out of
 * memory): the same graph, with each '&' that Graphviz 2.43 would read as
 * the start of an HTML entity written "&amp;", so that a picture shows
 * every name as the text it is ("x&#65;y", not "xAy"; "&#1;", not a
 * control character that makes the SVG ill-formed).  Those are the '&'s in
 * names (node, edge end, graph and subgraph IDs, which an SVG's titles
 * and comments carry) and in the values of labels and tooltips (which
 * Graphviz decodes) and of ids, classes, targets and comments (which it
 * writes to the SVG with entities kept); not in an HTML-like label, which
 * is markup and XML already, nor in a link, which kg_link_encode wrote
 * with "&amp;" already, nor in an attribute Graphviz reads as it is (a
 * colour, a file).  DOT written for a reader (kg_write_dot) says each
 * name exactly; only the text handed to Graphviz for a picture is this.
 */
char *kg_dot_drawn(const char *dot);

#endif
