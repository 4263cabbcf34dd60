/*
 * link.h - the one rule for links: which may go into a picture, and how
 * they are written there.
 *
 * Every path that can make a link (a CSV column, a style sheet, a library
 * call) ends in the DOT writer, which writes a link only through
 * kg_link_write; input paths call kg_link_check to warn at the row.
 *
 * A link is parsed as a browser would read it, not prefix-matched: HTML
 * character references (&#58; &#x3A; &colon;...) and percent-escapes are
 * decoded, tabs and line ends removed and surrounding controls and spaces
 * stripped, as often as that changes anything; then a link with a scheme
 * must be http, https or mailto, and one without must not have a colon
 * before its first '/', '?' or '#', nor begin with two slashes: such a
 * scheme-relative link names another host (from a file on disk, //host/x
 * is file://host/x), and a backslash counts as a slash.  A link that
 * passes is written percent-encoded, so that no quote, angle bracket,
 * space, backslash or control character reaches an SVG attribute, and
 * with '&' as "&amp;": Graphviz 2.43 copies URL into xlink:href as it is
 * (kg_link_url writes it with '&' itself, for where it is no markup).
 */
#ifndef KG_LINK_H
#define KG_LINK_H

#include "util/buf.h"

/* Why `url` may not be a link ("not http, https, mailto or relative"...),
 * or NULL when it may. */
const char *kg_link_check(const char *url);

/* Appends `url`, which kg_link_check accepted, in the form written into
 * DOT for Graphviz's URL attributes.  Returns 0, or -1 when out of
 * memory. */
int kg_link_encode(kg_buf *out, const char *url);

/* Appends `url`, which kg_link_check accepted, as the link itself:
 * percent-encoded as kg_link_encode writes it, but '&' as it is, for
 * where the text is not markup (a JSON value a script sets as a link's
 * href).  Returns 0, or -1 when out of memory. */
int kg_link_url(kg_buf *out, const char *url);

/* Whether kgraph makes a link from column `key`: url and source_url, in
 * any case (Graphviz's own URL, href... are presentation columns). */
int kg_link_column(const char *key);

#endif
