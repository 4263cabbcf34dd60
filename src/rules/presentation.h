/*
 * presentation.h - what data may say about the picture, and nothing more.
 *
 * A CSV column is data.  It becomes a Graphviz attribute only when it is
 * one of the presentation columns listed in presentation.c (colours, a shape
 * and a style from fixed sets, a few bounded numbers, text shown beside a
 * node or edge, links), and only when its value passes that column's
 * check; anything else could make Graphviz read a file, crash, or draw a
 * picture the size of a wall.  Every other column whose name Graphviz
 * would read (width, pos, minlen, image, fontname...) or that kgraph
 * writes itself (type, aliases) is written to DOT as "data_" + its name,
 * which Graphviz ignores; so is a column whose own name starts with
 * "data_", which keeps the naming reversible (data_key.h, the rule every
 * output keeps): a DOT attribute whose name starts with "data_" is always
 * the data column named by the rest.  A presentation value that is not
 * drawn exactly as it was written (refused, or one of several values) is
 * also kept that way.
 *
 * Style sheets are the user's own and may set any attribute, but within
 * the same bounds (kg_sheet_check), so that no sheet can crash Graphviz or
 * exhaust the machine either.
 */
#ifndef KG_PRESENTATION_H
#define KG_PRESENTATION_H

#include <stddef.h>

#include "rules/data_key.h"
#include "rules/image.h"

typedef enum kg_ptype {
    KG_P_COLOR,  /* one colour: #rgb, #rrggbb, #rrggbbaa or a name */
    KG_P_NUMBER, /* a decimal number within [min, max] */
    KG_P_SHAPE,  /* a node shape that draws no file and parses no label */
    KG_P_STYLE,  /* a comma-separated list of styles for nodes or edges */
    KG_P_ARROW,  /* an arrow shape */
    KG_P_DIR,    /* forward, back, both, none */
    KG_P_TEXT,   /* text shown as it is: written as an escString */
    KG_P_LINK,   /* a link, written through kg_link_write (link.h) */
    KG_P_IMAGE   /* a picture from the caller's folder only (image.h) */
} kg_ptype;

typedef struct kg_present {
    const char *name; /* as Graphviz spells it */
    unsigned kinds;   /* KG_P_NODE | KG_P_EDGE */
    kg_ptype type;
    double min, max; /* for numbers */
    int integer;     /* a whole number */
} kg_present;

enum { KG_P_NODE = 1, KG_P_EDGE = 2 };

/* The presentation column `key` (exact name) for a node or an edge
 * (kind KG_P_NODE or KG_P_EDGE), or NULL when data may not set it.
 * `images` is the real path of the pictures' folder, or NULL: without
 * one, `image` is data like any other column. */
const kg_present *kg_present_find(const char *key, unsigned kind,
                                  const char *images);

/* Why `value` is not a valid value of p ("is outside 1 to 72"...), or
 * NULL when it is; a picture is checked against the folder `images`
 * names (image.h).  The reason may be written into buf[0..len). */
const char *kg_present_check(const kg_present *p, const char *value,
                             const kg_picture_dir *images, char *buf,
                             size_t len);

/* kg_present_check's answers for short values, kept: a column's values
 * are few (weights 0 to 9, a handful of colours), and each was checked
 * again on every row.  Zeroed: empty.  Each thread keeps its own. */
typedef struct kg_present_memo {
    struct kg_present_seen {
        const kg_present *p; /* NULL: an empty entry */
        char value[12];      /* NUL-terminated */
        unsigned char ok;
    } seen[16];
} kg_present_memo;

/* Whether value[0..len) (NUL-terminated at len) is a valid value of p:
 * kg_present_check(p, value, images, ...) == NULL.  A picture is checked
 * every time (the folder's files may change); any other short value is
 * looked up in m first. */
int kg_present_ok(kg_present_memo *m, const kg_present *p, const char *value,
                  size_t len, const kg_picture_dir *images);

/* Whether Graphviz (a layout, a renderer, any version kgraph knows of)
 * reads an attribute named `key`: its documented names, and every name
 * starting with '_' (xdot's). */
int kg_graphviz_reads(const char *key);

/* The DOT's own keys (data_key.h): every attribute Graphviz reads, and
 * type and aliases, which kgraph writes beside its label. */
extern const kg_own_keys kg_dot_keys;

/*
 * Why a style sheet may not set attribute `key` to `value`, written into
 * why[0..len) ("dpi '100000' is outside 10 to 2400"), or 0 when it may:
 * numbers within the bounds data has (and bounds of their own for
 * attributes data may not set), well-formed colour lists, shapes from
 * the presentation set, safe links, font names without markup, and no
 * attribute that reads a file (image, shapefile, imagepath, fontpath) or
 * makes the SVG load one (stylesheet): pictures come only from the
 * folder of the setting messages call `images_setting`.  Returns -1 when
 * refused.
 */
int kg_sheet_check(const char *key, const char *value,
                   const char *images_setting, char *why, size_t len);

#endif
