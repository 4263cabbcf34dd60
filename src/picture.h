/*
 * picture.h - what the data says about how it is drawn: confidence as a
 * line style, which links may appear in an SVG, element ids.
 */
#ifndef KG_PICTURE_H
#define KG_PICTURE_H

#include "util.h"

/*
 * The line style for a confidence or strength value: a number from 0 to
 * 100 (70 and up "solid", 40 and up "dashed", else "dotted"), or i2's
 * words confirmed / unconfirmed / tentative (any case).  NULL when the
 * value is neither.
 */
const char *kg_confidence_style(const char *value);

/* The three styles, strongest first (kg_confidence_style returns these
 * very pointers). */
extern const char *const kg_confidence_styles[3];

/* "confirmed", "unconfirmed", "tentative" for a style kg_confidence_style
 * returned. */
const char *kg_confidence_word(const char *style);

/*
 * Whether a link may go into an SVG embedded in a web page: http, https
 * and mailto links, and relative ones (no scheme).  Anything else
 * (javascript:, data:, vbscript:, file:...) is refused.
 */
int kg_url_safe(const char *url);

/* Whether an attribute name carries a link: url and source_url, and
 * Graphviz's URL, href and their head/tail/label/edge forms. */
int kg_is_link_key(const char *key);

/* An SVG element id: prefix, then the text with every byte that is not an
 * ASCII letter or digit written as _XX (hex), so ids are unique, stable and
 * safe in CSS selectors.  Returns 0, or -1 when out of memory. */
int kg_svg_id(kg_buf *out, const char *prefix, const char *text);

#endif
