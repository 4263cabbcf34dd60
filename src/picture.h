/*
 * picture.h - what the data says about how it is drawn: confidence as a
 * line style; element ids.
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

/* An SVG element id: prefix, then the text with every byte that is not an
 * ASCII letter or digit written as _XX (hex), so ids are unique, stable and
 * safe in CSS selectors.  Returns 0, or -1 when out of memory. */
int kg_svg_id(kg_buf *out, const char *prefix, const char *text);

#endif
