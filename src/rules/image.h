/*
 * image.h - pictures of entities, only from the folder the caller names.
 *
 * Analysts want photos on people, but a path in a CSV cell must never make
 * Graphviz read a file the analyst did not mean to show (an `image` cell
 * of /etc/shadow would be drawn into the PNG).  So an `image` column is
 * data unless the caller names a folder (kg_graph_set_images); then a cell
 * may name a file inside it: a relative path without "..", which resolves
 * (symbolic links followed) to a regular file inside the folder, of at
 * most KG_IMAGE_MAX_BYTES, that is a PNG or JPEG of at most
 * KG_IMAGE_MAX_SIDE pixels a side, or an SVG that passes kg_svg_check's
 * rules for images (no script, no link outside itself).
 */
#ifndef KG_IMAGE_H
#define KG_IMAGE_H

#include <stddef.h>

#include "rules/picture_dir.h"

#define KG_IMAGE_MAX_BYTES ((size_t)10 << 20)
#define KG_IMAGE_MAX_SIDE  10000

/* Why `value` may not be the picture of an entity drawn from the folder
 * `dir` names, or NULL when it may.  The reason may be written into
 * why[0..len). */
const char *kg_image_check(const kg_picture_dir *dir, const char *value,
                           char *why, size_t len);

#endif
