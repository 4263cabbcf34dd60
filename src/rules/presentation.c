/*
 * presentation.c - the presentation columns, Graphviz's attribute names, and
 * the bounds style sheets keep (presentation.h says why).
 *
 * The bounds are what Graphviz 2.43 was seen to survive with room to
 * spare: minlen=100000 aborts dot, a fillcolor with a ';' not followed by
 * a fraction crashes it, pos="1e308,1e308!" aborts neato, and sizes in
 * the thousands make pictures of gigabytes.
 */
#include "rules/presentation.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/image.h"
#include "rules/link.h"

/* ---- Graphviz's attribute names ---- */

/* Every attribute Graphviz documents (2.43 and later versions), and
 * `key`, which cgraph reads as an edge's name (two edges between the same
 * ends with one key are one edge: a data column `key` merged them), sorted
 * by strcmp: upper case first. */
/* clang-format off */
static const char *const graphviz_names[] = {
    "Damping", "K", "TBbalance", "URL", "_background", "area", "arrowhead",
    "arrowsize", "arrowtail", "bb", "beautify", "bgcolor", "center", "charset",
    "class", "cluster", "clusterrank", "color", "colorscheme", "comment",
    "compound", "concentrate", "constraint", "decorate", "defaultdist", "dim",
    "dimen", "dir", "diredgeconstraints", "distortion", "dpi", "edgeURL",
    "edgehref", "edgetarget", "edgetooltip", "epsilon", "esep", "fillcolor",
    "fixedsize", "fontcolor", "fontname", "fontnames", "fontpath", "fontsize",
    "forcelabels", "gradientangle", "group", "headURL", "head_lp", "headclip",
    "headhref", "headlabel", "headport", "headtarget", "headtooltip", "height",
    "href", "id", "image", "imagepath", "imagepos", "imagescale", "inputscale",
    "key", "label", "labelURL", "label_scheme", "labelangle", "labeldistance",
    "labelfloat", "labelfontcolor", "labelfontname", "labelfontsize",
    "labelhref", "labeljust", "labelloc", "labeltarget", "labeltooltip",
    "landscape", "layer", "layerlistsep", "layers", "layerselect", "layersep",
    "layout", "len", "levels", "levelsgap", "lhead", "lheight", "linelength",
    "lp", "ltail", "lwidth", "margin", "maxiter", "mclimit", "mindist",
    "minlen", "mode", "model", "mosek", "newrank", "nodesep", "nojustify",
    "normalize", "notranslate", "nslimit", "nslimit1", "oneblock", "ordering",
    "orientation", "outputorder", "overlap", "overlap_scaling",
    "overlap_shrink", "pack", "packmode", "pad", "page", "pagedir", "pencolor",
    "penwidth", "peripheries", "pin", "pos", "quadtree", "quantum", "rank",
    "rankdir", "ranksep", "ratio", "rects", "regular", "remincross",
    "repulsiveforce", "resolution", "root", "rotate", "rotation", "samehead",
    "sametail", "samplepoints", "scale", "searchsize", "sep", "shape",
    "shapefile", "showboxes", "sides", "size", "skew", "smoothing", "sortv",
    "splines", "start", "style", "stylesheet", "tailURL", "tail_lp",
    "tailclip", "tailhref", "taillabel", "tailport", "tailtarget",
    "tailtooltip", "target", "tooltip", "truecolor", "vertices", "viewport",
    "voro_margin", "weight", "width", "xdotversion", "xlabel", "xlp", "z"};
/* clang-format on */

static int by_name(const void *key, const void *item)
{
    return strcmp(key, *(const char *const *)item);
}

static int listed(const char *key, const char *const *list, size_t n)
{
    return bsearch(key, list, n, sizeof *list, by_name) != NULL;
}

int kg_graphviz_reads(const char *key)
{
    return key[0] == '_' ||
           listed(key, graphviz_names,
                  sizeof graphviz_names / sizeof *graphviz_names);
}

/* What the DOT writer (draw/element.c) writes beside Graphviz's own. */
static const char *const dot_names[] = {"type", "aliases", NULL};

const kg_own_keys kg_dot_keys = {dot_names, NULL, 0, kg_graphviz_reads};

/* ---- The presentation columns ---- */

#define N KG_P_NODE
#define E KG_P_EDGE
/* sorted by strcmp */
static const kg_present columns[] = {
    {"URL", N | E, KG_P_LINK, 0, 0, 0},
    {"arrowhead", E, KG_P_ARROW, 0, 0, 0},
    {"arrowsize", E, KG_P_NUMBER, 0, 3, 0},
    {"arrowtail", E, KG_P_ARROW, 0, 0, 0},
    {"color", N | E, KG_P_COLOR, 0, 0, 0},
    {"dir", E, KG_P_DIR, 0, 0, 0},
    {"edgeURL", E, KG_P_LINK, 0, 0, 0},
    {"edgehref", E, KG_P_LINK, 0, 0, 0},
    {"edgetooltip", E, KG_P_TEXT, 0, 0, 0},
    {"fillcolor", N, KG_P_COLOR, 0, 0, 0},
    {"fontcolor", N | E, KG_P_COLOR, 0, 0, 0},
    {"fontsize", N | E, KG_P_NUMBER, 1, 72, 0},
    {"headURL", E, KG_P_LINK, 0, 0, 0},
    {"headhref", E, KG_P_LINK, 0, 0, 0},
    {"headlabel", E, KG_P_TEXT, 0, 0, 0},
    {"headtooltip", E, KG_P_TEXT, 0, 0, 0},
    {"href", N | E, KG_P_LINK, 0, 0, 0},
    {"image", N, KG_P_IMAGE, 0, 0, 0},
    {"labelURL", E, KG_P_LINK, 0, 0, 0},
    {"labelfontcolor", E, KG_P_COLOR, 0, 0, 0},
    {"labelfontsize", E, KG_P_NUMBER, 1, 72, 0},
    {"labelhref", E, KG_P_LINK, 0, 0, 0},
    {"labeltooltip", E, KG_P_TEXT, 0, 0, 0},
    {"penwidth", N | E, KG_P_NUMBER, 0, 10, 0},
    {"peripheries", N, KG_P_NUMBER, 0, 4, 1},
    {"shape", N, KG_P_SHAPE, 0, 0, 0},
    {"style", N | E, KG_P_STYLE, 0, 0, 0},
    {"tailURL", E, KG_P_LINK, 0, 0, 0},
    {"tailhref", E, KG_P_LINK, 0, 0, 0},
    {"taillabel", E, KG_P_TEXT, 0, 0, 0},
    {"tailtooltip", E, KG_P_TEXT, 0, 0, 0},
    {"tooltip", N | E, KG_P_TEXT, 0, 0, 0},
    {"weight", E, KG_P_NUMBER, 0, 1000, 0},
    {"xlabel", N | E, KG_P_TEXT, 0, 0, 0},
};
#undef N
#undef E

static int by_column(const void *key, const void *item)
{
    return strcmp(key, ((const kg_present *)item)->name);
}

const kg_present *kg_present_find(const char *key, unsigned kind,
                                  const char *images)
{
    const kg_present *p =
        bsearch(key, columns, sizeof columns / sizeof *columns, sizeof *columns,
                by_column);
    if (p && p->type == KG_P_IMAGE && !images)
        return NULL;
    return p && (p->kinds & kind) ? p : NULL;
}

/* Node shapes that draw from no file (epsf, custom) and do not parse
 * their label (record, Mrecord); sorted by strcmp. */
/* clang-format off */
static const char *const shapes[] = {
    "Mcircle",      "Mdiamond",        "Msquare",       "assembly",
    "box",          "box3d",           "cds",           "circle",
    "component",    "cylinder",        "diamond",       "doublecircle",
    "doubleoctagon", "egg",            "ellipse",       "fivepoverhang",
    "folder",       "hexagon",         "house",         "insulator",
    "invhouse",     "invtrapezium",    "invtriangle",   "larrow",
    "lpromoter",    "none",            "note",          "noverhang",
    "octagon",      "oval",            "parallelogram", "pentagon",
    "plain",        "plaintext",       "point",         "polygon",
    "primersite",   "promoter",        "proteasesite",  "proteinstab",
    "rarrow",       "rect",            "rectangle",     "restrictionsite",
    "ribosite",     "rnastab",         "rpromoter",     "septagon",
    "signature",    "square",          "star",          "tab",
    "terminator",   "threepoverhang",  "trapezium",     "triangle",
    "tripleoctagon", "underline",      "utr"};
/* clang-format on */

/* Styles data may ask for: none hides a thing (invis) or needs a colour
 * list (striped, wedged); sorted. */
static const char *const styles[] = {"bold",   "dashed", "diagonals", "dotted",
                                     "filled", "radial", "rounded",   "solid"};

/* Arrow shapes: up to four in a row, each an optional 'o' (open) and
 * 'l' or 'r' (half) before a base name; and the old single names. */
static const char *const arrow_bases[] = {
    "box", "crow", "curve",  "diamond", "dot", "icurve",
    "inv", "none", "normal", "tee",     "vee"};
static const char *const arrow_names[] = {
    "ediamond", "empty", "halfopen", "invdot", "invempty", "invodot", "open"};

#define COUNT(a) (sizeof(a) / sizeof *(a))

/* A decimal number: digits, at most one point, an optional sign; no
 * exponent, no hex, no inf or nan.  Its value in *v. */
static int decimal(const char *s, double *v)
{
    const char *p = s + (*s == '-' || *s == '+');
    size_t digits = 0, points = 0;
    for (; *p; p++) {
        if (*p >= '0' && *p <= '9')
            digits++;
        else if (*p == '.' && !points)
            points++;
        else
            return 0;
    }
    if (!digits || p - s > 24)
        return 0;
    if (!points && digits <= 15) { /* exact in a double: as strtod reads it */
        unsigned long long u = 0;
        for (p = s + (*s == '-' || *s == '+'); *p; p++)
            u = u * 10 + (unsigned long long)(*p - '0');
        *v = *s == '-' ? -(double)u : (double)u;
        return 1;
    }
    *v = strtod(s, NULL);
    return isfinite(*v);
}

/* One colour: #rgb, #rrggbb, #rrggbbaa, or a name of letters and digits
 * (X11, SVG, or a Brewer scheme's /scheme/name). */
static int one_colour(const char *s, size_t len)
{
    if (len == 0 || len > 40)
        return 0;
    if (s[0] == '#') {
        if (len != 4 && len != 7 && len != 9)
            return 0;
        for (size_t i = 1; i < len; i++)
            if (!strchr("0123456789abcdefABCDEF", s[i]))
                return 0;
        return 1;
    }
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                 (c >= '0' && c <= '9') || c == '/';
        if (!ok)
            return 0;
    }
    return 1;
}

static int in_list(const char *s, size_t len, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(list[i]) == len && strncmp(s, list[i], len) == 0)
            return 1;
    return 0;
}

/* A comma-separated list of styles, each from `list`. */
static int style_list(const char *s, const char *const *list, size_t n)
{
    for (const char *p = s;;) {
        size_t len = strcspn(p, ",");
        const char *a = p, *b = p + len;
        while (a < b && *a == ' ')
            a++;
        while (b > a && b[-1] == ' ')
            b--;
        if (!in_list(a, (size_t)(b - a), list, n))
            return 0;
        if (!p[len])
            return 1;
        p += len + 1;
    }
}

static int arrow(const char *s)
{
    if (in_list(s, strlen(s), arrow_names, COUNT(arrow_names)))
        return 1;
    const char *p = s;
    for (int k = 0; k < 4 && *p; k++) {
        p += *p == 'o';
        p += *p == 'l' || *p == 'r';
        size_t i = 0;
        while (i < COUNT(arrow_bases) &&
               strncmp(p, arrow_bases[i], strlen(arrow_bases[i])) != 0)
            i++;
        if (i == COUNT(arrow_bases))
            return 0;
        p += strlen(arrow_bases[i]);
    }
    return *p == '\0' && p > s;
}

const char *kg_present_check(const kg_present *p, const char *value,
                             const kg_picture_dir *images, char *buf,
                             size_t len)
{
    double v;
    switch (p->type) {
    case KG_P_COLOR:
        return one_colour(value, strlen(value))
                   ? NULL
                   : "is not one colour (#rrggbb or a colour name)";
    case KG_P_NUMBER:
        if (!decimal(value, &v))
            return "is not a number";
        if (p->integer && v != floor(v))
            return "is not a whole number";
        if (v >= p->min && v <= p->max)
            return NULL;
        snprintf(buf, len, "is outside %g to %g", p->min, p->max);
        return buf;
    case KG_P_SHAPE:
        return listed(value, shapes, COUNT(shapes))
                   ? NULL
                   : "is not one of the shapes kgraph draws (box, ellipse, "
                     "circle, diamond, hexagon...; not record, epsf, custom)";
    case KG_P_STYLE:
        return style_list(value, styles, COUNT(styles))
                   ? NULL
                   : "is not a list of styles kgraph lets data choose "
                     "(filled, dashed, dotted, bold, rounded, solid...)";
    case KG_P_ARROW: return arrow(value) ? NULL : "is not an arrow shape";
    case KG_P_DIR:
        return in_list(value, strlen(value),
                       (const char *const[]){"forward", "back", "both", "none"},
                       4)
                   ? NULL
                   : "is not forward, back, both or none";
    case KG_P_TEXT: return NULL;
    case KG_P_LINK: return kg_link_check(value);
    case KG_P_IMAGE: return kg_image_check(images, value, buf, len);
    }
    return "is not allowed";
}

int kg_present_ok(kg_present_memo *m, const kg_present *p, const char *value,
                  size_t len, const kg_picture_dir *images)
{
    char why[256];
    struct kg_present_seen *e = NULL;
    if (p->type != KG_P_IMAGE && len < sizeof e->value) {
        size_t h = (uintptr_t)p >> 4;
        for (size_t i = 0; i < len; i++)
            h = h * 31 + (unsigned char)value[i];
        e = &m->seen[h % COUNT(m->seen)];
        /* both hold len + 1 bytes */
        if (e->p == p && memcmp(e->value, value, len + 1) == 0)
            return e->ok;
    }
    int ok = kg_present_check(p, value, images, why, sizeof why) == NULL;
    if (e) {
        e->p = p;
        memcpy(e->value, value, len + 1);
        e->ok = (unsigned char)ok;
    }
    return ok;
}

/* ---- Style sheets ---- */

/* Numeric attributes and the bounds a sheet keeps: the presentation
 * bounds where data has them, else these.  A value may hold several
 * numbers ("0.3,0.2", "+4", "1.2 equally", "7,5!"); each is checked. */
/* clang-format off */
static const struct bound {
    const char *name;
    double min, max;
} bounds[] = {
    {"K", 0, 100},         {"arrowsize", 0, 3},     {"defaultdist", 0, 1000},
    {"dpi", 10, 2400},     {"epsilon", 0, 1},       {"esep", -100, 100},
    {"fontsize", 1, 72},   {"height", 0, 50},       {"labelangle", -360, 360},
    {"labeldistance", 0, 10}, {"labelfontsize", 1, 72}, {"len", 0, 100},
    {"levels", 0, 1000},   {"margin", 0, 50},       {"maxiter", 0, 100000},
    {"mclimit", 0, 100},   {"mindist", 0, 100},     {"minlen", 0, 100},
    {"nodesep", 0, 50},    {"nslimit", 0, 100},     {"nslimit1", 0, 100},
    {"pad", 0, 50},        {"penwidth", 0, 10},     {"peripheries", 0, 4},
    {"quantum", 0, 10},    {"ranksep", 0, 50},      {"resolution", 10, 2400},
    {"rotate", -360, 360}, {"rotation", -360, 360}, {"searchsize", 0, 10000},
    {"sep", -100, 100},    {"sides", 3, 100},       {"size", 0, 1000},
    {"weight", 0, 1000},   {"width", 0, 50},
};
/* clang-format on */

/* Every number in s (separated by commas, spaces, '!' or '+'), within
 * [min, max], and nothing else but words (ranksep's "equally"). */
static int numbers_within(const char *s, double min, double max)
{
    const char *p = s;
    int any = 0;
    while (*p) {
        if (strchr(", !+", *p)) {
            p++;
            continue;
        }
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')) {
            while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))
                p++;
            continue;
        }
        char num[32];
        size_t n = strcspn(p, ", !+");
        if (n >= sizeof num)
            return 0;
        memcpy(num, p, n);
        num[n] = '\0';
        double v;
        if (!decimal(num, &v) || v < min || v > max)
            return 0;
        any = 1;
        p += n;
    }
    return any;
}

/* A colour list: colours separated by ':', each with an optional
 * ";fraction" (0 to 1).  A ';' with no fraction crashes Graphviz 2.43. */
static int colour_list(const char *s)
{
    for (const char *p = s;;) {
        size_t len = strcspn(p, ":");
        size_t c = strcspn(p, ";:");
        if (!one_colour(p, c))
            return 0;
        if (c < len) {
            char frac[32];
            size_t n = len - c - 1;
            double v;
            if (n == 0 || n >= sizeof frac)
                return 0;
            memcpy(frac, p + c + 1, n);
            frac[n] = '\0';
            if (!decimal(frac, &v) || v < 0 || v > 1)
                return 0;
        }
        if (!p[len])
            return 1;
        p += len + 1;
    }
}

/* Text that Graphviz 2.43 copies into the SVG as it is. */
static int plain_text(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < ' ' || strchr("\"'<>&\\", *p))
            return 0;
    return 1;
}

int kg_sheet_check(const char *key, const char *value,
                   const char *images_setting, char *why, size_t len)
{
    static const char *const files[] = {"fontpath", "image", "imagepath",
                                        "shapefile", "stylesheet"};
    static const char *const colours[] = {"bgcolor",        "color",
                                          "fillcolor",      "fontcolor",
                                          "labelfontcolor", "pencolor"};
    static const char *const raw[] = {
        "class",         "fontname",   "fontnames",  "id",
        "labelfontname", "target",     "edgetarget", "headtarget",
        "labeltarget",   "tailtarget", "layout"};
    const char *problem = NULL;
    const kg_present *p = kg_present_find(key, KG_P_NODE | KG_P_EDGE, NULL);
    if (in_list(key, strlen(key), files, COUNT(files))) {
        snprintf(why, len,
                 "reads a file; a picture may show only what %s "
                 "allows",
                 images_setting);
        problem = why;
    } else if (in_list(key, strlen(key), colours, COUNT(colours)))
        problem = colour_list(value) ? NULL : "is not a colour list";
    else if (in_list(key, strlen(key), raw, COUNT(raw)))
        problem = plain_text(value) ? NULL
                                    : "holds a quote, '<', '>', '&', a "
                                      "backslash or a control character";
    else if (p && p->type == KG_P_LINK)
        problem = kg_link_check(value);
    else if (strcmp(key, "shape") == 0)
        problem =
            kg_present_check(p, value, &(kg_picture_dir){NULL, ""}, why, len);
    else if (strcmp(key, "pos") == 0 || strcmp(key, "lp") == 0 ||
             strcmp(key, "xlp") == 0 || strcmp(key, "bb") == 0)
        problem = numbers_within(value, -1e6, 1e6) ? NULL : "is out of bounds";
    for (size_t i = 0; !problem && i < COUNT(bounds); i++)
        if (strcmp(key, bounds[i].name) == 0 &&
            !numbers_within(value, bounds[i].min, bounds[i].max)) {
            snprintf(why, len, "is outside %g to %g", bounds[i].min,
                     bounds[i].max);
            return -1;
        }
    if (!problem)
        return 0;
    if (problem != why) /* not written there already */
        snprintf(why, len, "%s", problem);
    return -1;
}
