/*
 * svgcheck.h - the last gate before an SVG is written.
 *
 * kgraph's own rules (presentation.h, link.h) should make every SVG Graphviz
 * renders from its DOT safe to put in a web page.  This pass checks the
 * rendered text anyway, without trusting those rules or Graphviz: it
 * parses the SVG as XML (well-formed, valid UTF-8, only characters XML
 * allows, entity references well-formed, no DTD subset, no CDATA, no
 * processing instruction but the XML declaration) and allows only the
 * elements Graphviz 2.43's SVG renderer writes (svg, g, title, a, text,
 * polygon, polyline, path, ellipse, image, defs, linear and radial
 * gradients, stop); no attribute named on*; every href and xlink:href
 * passes kg_link_check after XML decoding; in the attributes a browser
 * reads as CSS that can load a URL (style, fill, stroke, filter,
 * clip-path, mask, marker*, cursor, color-profile), url(...) only as
 * url(#id), no image-set() or the like and no CSS escape, while the same
 * words elsewhere (a tooltip quoting "url(https://...)") are text; and
 * an <image> only of a file inside the folder --images allows.
 */
#ifndef KG_SVGCHECK_H
#define KG_SVGCHECK_H

#include <stddef.h>

#include "rules/picture_dir.h"

/*
 * Checks svg[0..len).  `images` names the folder images may come from
 * (its path NULL when none may).  Returns 0 when the SVG may be written,
 * or -1 with the first problem and its line in why[0..whylen).
 */
int kg_svg_check(const char *svg, size_t len, const kg_picture_dir *images,
                 char *why, size_t whylen);

/* kg_svg_check, and where: *at is the offset of the first problem (len
 * when there is none), so that the caller can say what it belongs to. */
int kg_svg_check_at(const char *svg, size_t len, const kg_picture_dir *images,
                    char *why, size_t whylen, size_t *at);

/*
 * Checks an SVG file meant as the picture of an entity: any
 * element but those that run code, embed other documents, animate, load
 * style sheets or images, or link (script, foreignObject, iframe, object,
 * embed, set, animate*, style, image, feImage, a...); no on* attribute;
 * every href a reference inside the file ("#..."); CSS that loads
 * nothing but url(#id), as in kg_svg_check.
 */
int kg_svg_check_image(const char *svg, size_t len, char *why, size_t whylen);

#endif
