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

/* Writes s as a DOT ID (quoted, or <...> when only that is exact). */
void kg_dot_id(kg_out *out, const char *s);

/* Writes s as a quoted escString label that displays exactly s: \\ for a
 * backslash, \n for a line end. */
void kg_dot_label(kg_out *out, const char *s);

/* kg_xml_text for an HTML-like label. */
void kg_dot_html_text(kg_out *out, const char *s);

/* An attribute list being written: " [a=b, c=d];". */
typedef struct kg_dot_attrs {
    kg_out *out;
    int n; /* attributes written so far */
} kg_dot_attrs;

/* key=value, both as DOT IDs (kg_dot_id). */
void kg_dot_attr(kg_dot_attrs *a, const char *key, const char *value);
/* The same, with `key` a literal DOT identifier (not input text), written
 * as it is. */
void kg_dot_attr_lit(kg_dot_attrs *a, const char *key, const char *value);
/* "key=value" as kg_dot_attr writes it, malloc'd (NULL when out of
 * memory): for pairs written many times, such as a type's look. */
char *kg_dot_pair(const char *key, const char *value);
/* The same with the value as a label (kg_dot_attr_text). */
char *kg_dot_text_pair(const char *key, const char *text);
/* A pair made by kg_dot_pair. */
void kg_dot_attr_raw(kg_dot_attrs *a, const char *pair);
/* key="text" as an escString (labels, tooltips, URLs); `key` a literal
 * DOT identifier. */
void kg_dot_attr_text(kg_dot_attrs *a, const char *key, const char *text);
/* Closes the list (or the statement, when it had no attribute). */
void kg_dot_attrs_end(kg_dot_attrs *a);

#endif
