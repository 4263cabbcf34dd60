/*
 * gv.c - Graphviz in this process (gv.h).
 *
 * Graphviz is treated as a part that can fail in any way: an error it
 * reports is a failure, a bitmap larger than kgraph allows is refused
 * before it is drawn, and an SVG passes kg_svg_check before a byte of it
 * is written.  Only kgraph's own formats are offered: pictures, and
 * Graphviz's laid-out DOT and plain text.
 */
#include "render/gv.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "render/reason.h"
#include "rules/svgcheck.h"
#include "util/alloc.h"

/* Bitmaps: cairo's largest side (Graphviz 2.43 silently scales a larger
 * picture down to it), and the most pixels, 400 MB at four bytes each. */
#define MAX_SIDE   32767.0
#define MAX_PIXELS 100e6

static pthread_mutex_t graphviz = PTHREAD_MUTEX_INITIALIZER;

void kg_gv_lock(void)
{
    pthread_mutex_lock(&graphviz);
}

void kg_gv_unlock(void)
{
    pthread_mutex_unlock(&graphviz);
}

GVC_t *kg_gv_context(void)
{
    static GVC_t *gvc;
    if (!gvc)
        gvc = gvContext();
    return gvc;
}

/* ---- Formats ---- */

/* The formats kgraph renders, sorted.  Left out: json (Graphviz 2.43
 * writes control characters into it raw), image maps (raw links in
 * HTML), vrml (writes files of its own beside the output), svgz (could
 * not be checked), and the rest, which no report needs. */
static const kg_gv_format formats[] = {
    {"canon", 0, 0, 0}, {"dot", 0, 0, 0},  {"eps", 1, 0, 1}, {"gif", 1, 1, 0},
    {"gv", 0, 0, 0},    {"jpeg", 1, 1, 0}, {"jpg", 1, 1, 0}, {"pdf", 1, 0, 1},
    {"plain", 0, 0, 0}, {"png", 1, 1, 0},  {"ps", 1, 0, 1},  {"svg", 1, 0, 0},
    {"xdot", 0, 0, 0}};

const kg_gv_format *kg_gv_format_find(const char *name)
{
    for (size_t i = 0; name && i < sizeof formats / sizeof *formats; i++)
        if (strcmp(formats[i].name, name) == 0)
            return &formats[i];
    return NULL;
}

int kg_gv_dpi(const kg_gv_format *f, int asked, int page, int styled)
{
    if (!f || !f->bitmap)
        return 0;
    return asked > 0 ? asked : page && !styled ? KG_GV_PRINT_DPI : 0;
}

/* ---- What Graphviz says ---- */

/* Its errors and its warnings, a line each.  Graphviz 2.43 hands its
 * callback "Error" (or "Warning"), then ": ", then the message, in
 * separate calls; a message with no such heading continues the last
 * one. */
static struct {
    char errors[1024];
    char warnings[1024];
    int error; /* the message being said is an error */
} said;

static void keep_line(char *into, size_t size, const char *msg)
{
    size_t used = strlen(into);
    if (used + 1 >= size)
        return;
    snprintf(into + used, size - used, "%s", msg);
    used = strlen(into);
    if (used && into[used - 1] != '\n' && used + 1 < size) {
        into[used] = '\n';
        into[used + 1] = '\0';
    }
}

static int capture(char *msg)
{
    if (strncmp(msg, "Error", 5) == 0 || strncmp(msg, "Warning", 7) == 0) {
        said.error = msg[0] == 'E';
        msg += said.error ? 5 : 7;
    }
    if (strncmp(msg, ": ", 2) == 0)
        msg += 2;
    if (!*msg)
        return 0;
    if (said.error) {
        keep_line(said.errors, sizeof said.errors, msg);
    } else {
        char line[512];
        snprintf(line, sizeof line, "Graphviz: %s", msg);
        keep_line(said.warnings, sizeof said.warnings, line);
    }
    return 0;
}

void kg_gv_forget(void)
{
    said.errors[0] = said.warnings[0] = '\0';
    said.error = 0;
}

agusererrf kg_gv_listen(void)
{
    return agseterrf(capture);
}

const char *kg_gv_errors(void)
{
    return said.errors;
}

const char *kg_gv_warnings(void)
{
    return said.warnings;
}

/* ---- Rendering ---- */

/* The size of the laid-out graph as a bitmap, as Graphviz will make it:
 * its box, scaled to `size` when it is larger (or always, with '!'),
 * plus the padding, at the resolution asked for (Graphviz's 96 dpi when
 * none was: kg_gv_dpi always asks for one). */
static void bitmap_size(Agraph_t *g, double *w, double *h)
{
    boxf bb = GD_bb(g);
    double bw = bb.UR.x - bb.LL.x, bh = bb.UR.y - bb.LL.y;
    layout_t *d = GD_drawing(g);
    double scale = 1;
    if (d && d->size.x > 0 && d->size.y > 0 && bw > 0 && bh > 0 &&
        (bw > d->size.x || bh > d->size.y || d->filled)) {
        double sx = d->size.x / bw, sy = d->size.y / bh;
        scale = sx < sy ? sx : sy;
    }
    double pad = 4;
    const char *p = agget(g, "pad");
    if (p && *p)
        pad = atof(p) * 72;
    double dpi = d && d->dpi > 0 ? d->dpi : KG_GV_SCREEN_DPI;
    *w = (bw * scale + 2 * pad) * dpi / 72;
    *h = (bh * scale + 2 * pad) * dpi / 72;
}

/* Whether g would be a bitmap larger than kgraph draws; why in err. */
static int too_large(Agraph_t *g, const kg_diagsink *names, char *err,
                     size_t errlen)
{
    double w, h;
    bitmap_size(g, &w, &h);
    if (w <= MAX_SIDE && h <= MAX_SIDE && w * h <= MAX_PIXELS)
        return 0;
    char why[256];
    snprintf(why, sizeof why,
             "the picture would be %.0f x %.0f pixels, more than kgraph "
             "draws (%.0f a side, %.0f million in all); lower %s, draw "
             "a part of the graph, or write SVG or PDF",
             w, h, MAX_SIDE, MAX_PIXELS / 1e6,
             kg_setting_name(names, KG_SETTING_DPI));
    kg_reason_set(err, errlen, why, "");
    return 1;
}

/* A PDF's creation date as SOURCE_DATE_EPOCH says, when it is set (the
 * reproducible-builds convention; cairo 1.16 writes the clock's): the
 * digits are overwritten in place, so every offset stays right. */
static void pdf_date(char *data, size_t len)
{
    const char *epoch = getenv("SOURCE_DATE_EPOCH");
    static const char key[] = "/CreationDate (D:";
    char *end;
    if (!epoch || !*epoch)
        return;
    long long t = strtoll(epoch, &end, 10);
    if (*end || t < 0 || t > 253402300799LL) /* to 9999-12-31 */
        return;
    time_t tt = (time_t)t;
    struct tm tm;
    char digits[16];
    if (!gmtime_r(&tt, &tm) ||
        strftime(digits, sizeof digits, "%Y%m%d%H%M%S", &tm) != 14)
        return;
    size_t n = sizeof key - 1;
    for (size_t i = 0; i + n + 14 <= len; i++)
        if (memcmp(data + i, key, n) == 0) {
            memcpy(data + i + n, digits, 14);
            return;
        }
}

/* An SVG's width and height in the page's unit ("16cm"), so that a
 * browser, LaTeX or Word places it at the size the summary states: the
 * viewBox keeps Graphviz's coordinates.  Left as it is when the header is
 * not Graphviz's. */
static void svg_units(kg_gv_data *d, const char *unit)
{
    static const struct {
        const char *unit;
        double pt;
    } units[] = {{"cm", 72 / 2.54}, {"mm", 72 / 25.4}, {"in", 72}};
    double per = 0;
    for (size_t i = 0; unit && i < 3; i++)
        if (strcmp(unit, units[i].unit) == 0)
            per = units[i].pt;
    char *p = d->len > 16 ? strstr(d->bytes, "<svg width=\"") : NULL;
    double w, h;
    int used = 0;
    if (!per || !p || p - d->bytes > 2048 ||
        sscanf(p, "<svg width=\"%lfpt\" height=\"%lfpt\"%n", &w, &h, &used) !=
            2 ||
        !used)
        return;
    char head[96];
    int n =
        snprintf(head, sizeof head, "<svg width=\"%.2f%s\" height=\"%.2f%s\"",
                 w / per, unit, h / per, unit);
    size_t before = (size_t)(p - d->bytes),
           after = d->len - before - (size_t)used;
    char *bytes = kg_malloc(before + (size_t)n + after + 1);
    if (!bytes)
        return;
    memcpy(bytes, d->bytes, before);
    memcpy(bytes + before, head, (size_t)n);
    memcpy(bytes + before + n, p + used, after);
    bytes[before + n + after] = '\0';
    kg_gv_data_free(d);
    d->bytes = bytes;
    d->len = (unsigned)(before + (size_t)n + after);
    d->malloced = 1;
}

kg_status kg_gv_render(Agraph_t *g, const kg_gv_format *f,
                       const kg_picture_dir *images, const kg_diagsink *names,
                       const char *page_unit, kg_gv_data *d, char *err,
                       size_t errlen)
{
    if (f->bitmap && too_large(g, names, err, errlen))
        return KG_ERR_RENDER;
    if (gvRenderData(kg_gv_context(), g, f->name, &d->bytes, &d->len) != 0 ||
        said.errors[0]) {
        kg_reason_set(err, errlen, "rendering failed", said.errors);
        return KG_ERR_RENDER;
    }
    char why[256];
    if (strcmp(f->name, "svg") == 0) {
        svg_units(d, page_unit);
        if (kg_svg_check_at(d->bytes, d->len, images, why, sizeof why,
                            &d->problem)) {
            d->refused = 1;
            kg_reason_set(err, errlen,
                          "the SVG Graphviz made is not safe to write", why);
            return KG_ERR_RENDER;
        }
    }
    if (strcmp(f->name, "pdf") == 0)
        pdf_date(d->bytes, d->len);
    return KG_OK;
}

void kg_gv_data_free(kg_gv_data *d)
{
    if (d->bytes && d->malloced)
        free(d->bytes);
    else if (d->bytes)
        gvFreeRenderData(d->bytes);
    d->bytes = NULL;
    d->len = 0;
    d->malloced = 0;
    d->refused = 0;
}

/* ---- Plugins ---- */

static int has_plugin(const char *kind, const char *name, char *known,
                      size_t knownlen)
{
    if (known && knownlen)
        known[0] = '\0';
    GVC_t *gvc = kg_gv_context();
    if (!gvc)
        return 0;
    int n = 0, found = 0, devices = strcmp(kind, "device") == 0;
    char **list = gvPluginList(gvc, kind, &n, NULL);
    size_t used = 0;
    for (int i = 0; i < n; i++) {
        int offered = !devices || kg_gv_format_find(list[i]);
        if (offered && strcmp(list[i], name) == 0)
            found = 1;
        if (offered && known && used + strlen(list[i]) + 2 < knownlen)
            used += (size_t)snprintf(known + used, knownlen - used, "%s%s",
                                     used ? " " : "", list[i]);
        free(list[i]);
    }
    free(list);
    return found;
}

int kg_gv_has_plugin(const char *kind, const char *name, char *known,
                     size_t knownlen)
{
    kg_gv_lock();
    agusererrf previous = kg_gv_listen(); /* the library never prints */
    int found = has_plugin(kind, name, known, knownlen);
    agseterrf(previous);
    kg_gv_forget();
    kg_gv_unlock();
    return found;
}
