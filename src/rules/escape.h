/*
 * escape.h - text from the data, escaped for where it lands: one function
 * for each kind of place, each writing through kgraph's buffered output
 * (util/out.h).  A value from the data is text until it is written here
 * (or as a DOT string, rules/dot.h): never markup, never a number unless
 * the writer chose so, never an instruction to the reader.
 */
#ifndef KG_ESCAPE_H
#define KG_ESCAPE_H

#include "util/buf.h"
#include "util/out.h"

/* How a JSON string is written: KG_JSON_IN_SCRIPT also escapes <, > and &
 * (as \u003c...), so that it may sit inside an HTML <script> element and
 * never end it or start markup. */
enum { KG_JSON_IN_SCRIPT = 1 };

/* prefix (may be NULL) and s (NULL: "") as one JSON string, quotes
 * included: quote and backslash escaped, \n for a line end, every other
 * control character and DEL as \u00XX (JSON holds them all), and
 * U+2028/2029 as \u2028/\u2029 (they end a line in older JavaScript). */
void kg_json_text(kg_out *out, const char *prefix, const char *s,
                  unsigned flags);

/* s (NULL: "") as one YAML double-quoted scalar, quotes included: quote
 * and backslash escaped, every character YAML does not take as it is
 * (controls, DEL, C1 controls, U+FFFE, U+FFFF) as an escape; s is valid
 * UTF-8. */
void kg_yaml_text(kg_out *out, const char *s);

/* Writes s as XML text or an attribute's value: markup characters as
 * entities, characters XML 1.0 cannot hold (controls, U+FFFE, U+FFFF)
 * as U+FFFD, counted in *replaced (may be NULL); line ends and tabs as
 * character references, or, inside an HTML-like `label`, as <br/> and
 * a space. */
void kg_xml_text(kg_out *out, const char *s, int label,
                 unsigned long *replaced);

/* s as HTML text (an element's content or a quoted attribute value):
 * & < > " ' as references, a line end as <br>. */
void kg_html_text(kg_out *out, const char *s);

/* s as one CSV field (RFC 4180: quoted, with quotes doubled, when it
 * holds a comma, quote or line end, or begins or ends with a space, which
 * CSV readers such as libcsv would trim).  A field that begins with '=',
 * '+', '-', '@', a tab or a carriage return gets a "'" in front, as OWASP
 * advises against CSV injection: a spreadsheet would otherwise run it as
 * a formula. */
void kg_csv_cell(kg_out *out, const char *s);

/* The same for the n bytes at s, whatever they are (a NUL, bytes that are
 * not UTF-8): the one change is the "'" before a formula. */
void kg_csv_cell_n(kg_out *out, const char *s, size_t n);

/* s as the text of a Markdown table cell, with the space before and the
 * " |" after: every ASCII punctuation that could start markup is
 * backslash-escaped (CommonMark allows it before any), line ends become
 * <br>, so a cell is text and stays in its table cell. */
void kg_md_cell(kg_out *out, const char *s);

/* ---- Terminals ---- */

/* s (NULL: "") as text for a terminal, by util/term.h's rule: controls,
 * DEL and C1 controls shown as escapes (\n, \t, \x1B, \u009B...), so
 * that the text is one line and cannot steer the terminal.  With `quote`
 * (say '"'), in those quotes, the quote and the backslash written \" and
 * \\, so that a value reads back exactly; with 0, as running text (a
 * type, a field's name).  Returns the number of characters written, for
 * a caller that pads a column. */
size_t kg_term_text(kg_out *out, const char *s, char quote);

/* ---- Ids and words (appended to a kg_buf) ---- */

/* Appends relation type `type` as text: "secretary_general_of" reads
 * "secretary general of" (labels, the key, sources tables, exports).
 * 0, or -1 when out of memory. */
int kg_type_text(kg_buf *out, const char *type);

/* An SVG element id: prefix, then the text with every byte that is not an
 * ASCII letter or digit written as _XX (hex), so ids are unique, stable and
 * safe in CSS selectors.  Returns 0, or -1 when out of memory. */
int kg_svg_id(kg_buf *out, const char *prefix, const char *text);
/* How many bytes at the start of s kg_svg_id keeps as they are: all of s
 * when its id part is s itself. */
size_t kg_svg_plain_run(const char *s);

#endif
