/*
 * element.c - one element of the graph as DOT: a node or an edge
 * statement, and the graph's default attributes (element.h).  No input
 * text is ever written outside a quoted or HTML-like string.
 *
 * A node carries: label, type, aliases, the row's other columns (a column
 * with several values gets them all, "; "-separated), then its look from
 * the style sheet (minus what the data sets itself), then a tooltip from
 * its description, a link from url/source_url, and an SVG element id.
 * An edge carries: type, label, other columns, look, a line style for its
 * confidence, a tooltip from evidence, date and citation, a link, an id.
 */
#include "draw/element.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graph/dates.h"
#include "graph/lifetime.h"
#include "graph/view.h"
#include "rules/data_key.h"
#include "rules/dot.h"
#include "rules/escape.h"
#include "rules/evidence.h"
#include "rules/link.h"
#include "rules/presentation.h"
#include "util/utf8.h"

/* ---- Looks (look_memo.h) ---- */

int kg_writer_style_keys(kg_writer *w)
{
    return kg_looks_style_keys(&w->looks, w->g);
}

const kg_look *kg_writer_look(kg_writer *w, kg_style_kind kind,
                              const char *type)
{
    return kg_writer_memo(w, kind, type)->look;
}

/* ---- Data attributes ---- */

/* The keys the writer treats specially, a bit each: exact ones first
 * (presentation columns the writer also sets itself), then those matched
 * in any case.  The provenance parts are evidence.h's table (kg_prov_keys,
 * but the links, which make the line's URL), in its order; a unit test
 * holds the two together. */
static const char *const exact_keys[] = {"tooltip",     "URL",   "href",
                                         "style",       "dir",   "penwidth",
                                         "peripheries", "image", "color"};
static const char *const any_case_keys[] = {
    "description", "url",      "source_url", "confidence", "strength",
    "evidence",    "quote",    "excerpt",    "date",       "start_date",
    "end_date",    "citation", "source"};
enum {
    K_TOOLTIP = 1u << 0,
    K_URL_EXACT = 1u << 1,
    K_HREF = 1u << 2,
    K_STYLE = 1u << 3,
    K_DIR = 1u << 4,
    K_PENWIDTH = 1u << 5,
    K_PERIPHERIES = 1u << 6,
    K_IMAGE = 1u << 7,
    K_COLOR = 1u << 8,
    K_ANY = 9, /* the bit of the first any-case key */
    K_DESCRIPTION = 1u << 9,
    K_URL = 1u << 10,
    K_SOURCE_URL = 1u << 11,
    K_CONFIDENCE = 1u << 12,
    K_STRENGTH = 1u << 13,
    K_PROVENANCE = 14, /* the bit of the first part, "evidence" */
    NPARTS = 8
};

static void classify(const kg_writer *w, struct kg_key_class *c,
                     const char *key)
{
    unsigned cls = 0;
    for (size_t i = 0; i < sizeof exact_keys / sizeof *exact_keys; i++)
        if (strcmp(key, exact_keys[i]) == 0)
            cls |= 1u << i;
    for (size_t i = 0; i < sizeof any_case_keys / sizeof *any_case_keys; i++)
        if (kg_ascii_casecmp(key, any_case_keys[i]) == 0)
            cls |= 1u << (K_ANY + i);
    if (kg_confidence_key(key)) /* certainty, grade: one class */
        cls |= K_CONFIDENCE;
    if (kg_ascii_casecmp(key, "weight") == 0) /* a line width too */
        cls |= K_STRENGTH;
    /* a synonym of date, start_date or end_date is that part of the
     * provenance (evidence.h) */
    kg_prov p = kg_prov_of(key);
    if (p >= KG_PROV_DATE && p <= KG_PROV_END)
        cls |= 1u << (K_PROVENANCE + 3 + (p - KG_PROV_DATE));
    c->key = key;
    c->cls = cls;
    c->date = (unsigned char)kg_graph_date_key(w->g, key);
    c->node = kg_present_find(key, KG_P_NODE, kg_graph_settings(w->g)->images);
    c->edge = kg_present_find(key, KG_P_EDGE, kg_graph_settings(w->g)->images);
    c->escaped = (unsigned char)kg_data_key_renamed(&kg_dot_keys, key);
    /* the key as written, alone and as data_KEY, checked once: a short
     * bare one is then written without scanning it again */
    char joined[sizeof KG_DATA_PREFIX + UCHAR_MAX];
    size_t len = strlen(key), pre = sizeof KG_DATA_PREFIX - 1;
    c->bare = c->bare_data = 0;
    if (len <= UCHAR_MAX) {
        memcpy(joined, KG_DATA_PREFIX, pre);
        memcpy(joined + pre, key, len);
        if (kg_dot_bare(key, len))
            c->bare = (unsigned char)len;
        if (kg_dot_bare(joined, pre + len))
            c->bare_data = (unsigned char)len;
    }
}

/* What an interned key means, from the writer's cache: a small hash
 * table by the key's address (a file has few keys; one that fills the
 * table, a header of thousands of columns, starts it afresh). */
static const struct kg_key_class *key_class(kg_writer *w, const char *key)
{
    enum { SLOTS = sizeof w->classes / sizeof *w->classes };
    uint64_t h = (uint64_t)(uintptr_t)key * 0x9E3779B97F4A7C15ull;
    size_t i = (size_t)(h >> 40) & (SLOTS - 1);
    while (w->classes[i].key && w->classes[i].key != key)
        i = (i + 1) & (SLOTS - 1);
    if (w->classes[i].key)
        return &w->classes[i];
    if (w->nclasses >= SLOTS * 3 / 4) {
        memset(w->classes, 0, sizeof w->classes);
        w->nclasses = 0;
        i = (size_t)(h >> 40) & (SLOTS - 1);
    }
    w->nclasses++;
    classify(w, &w->classes[i], key);
    return &w->classes[i];
}

void kg_writer_work_init(kg_writer *w)
{
    w->view = NULL;
    w->nview = w->view_cap = 0;
    w->has = 0;
    w->kslots = NULL;
    w->nkslots = 0;
    kg_buf_init(&w->scratch);
    kg_buf_init(&w->tip);
    kg_buf_init(&w->name);
    w->pictures = (kg_picture_dir){
        kg_graph_settings(w->g)->images,
        kg_setting_name(kg_graph_diag(w->g), KG_SETTING_IMAGES)};
}

void kg_writer_work_free(kg_writer *w)
{
    free(w->view);
    free(w->kslots);
    kg_buf_free(&w->scratch);
    kg_buf_free(&w->tip);
    kg_buf_free(&w->name);
}

/* Views at least this long find a key by hashing, not by scanning. */
enum { SCAN_MAX = 16 };

static size_t key_slot(const kg_writer *w, const char *key)
{
    uint64_t h = (uint64_t)(uintptr_t)key * 0x9E3779B97F4A7C15ull;
    return (size_t)(h >> 32) & (w->nkslots - 1);
}

/* The index of the first item before `end` with `key`, or w->nview. */
static size_t first_with_key(const kg_writer *w, const char *key, size_t end)
{
    if (w->nview < SCAN_MAX) {
        for (size_t j = 0; j < end; j++)
            if (w->view[j].key == key)
                return j;
        return w->nview;
    }
    for (size_t j = key_slot(w, key); w->kslots[j];
         j = (j + 1) & (w->nkslots - 1))
        if (w->view[w->kslots[j] - 1].key == key)
            return w->kslots[j] - 1;
    return w->nview;
}

/* Remembers item i as the first with its key (hashed views only). */
static void note_key(kg_writer *w, size_t i)
{
    if (w->nview < SCAN_MAX)
        return;
    size_t j = key_slot(w, w->view[i].key);
    while (w->kslots[j])
        j = (j + 1) & (w->nkslots - 1);
    w->kslots[j] = (uint32_t)i + 1;
}

/* Chains the items of each key (item.next, from the first item), so that
 * every key is found once and its values together in time linear in the
 * view: a row may have 100,000 columns. */
static void link_keys(kg_writer *w)
{
    if (w->nview >= SCAN_MAX) {
        size_t need = 64;
        while (need < w->nview * 2)
            need *= 2;
        if (need > w->nkslots) {
            uint32_t *k = kg_realloc(w->kslots, need * sizeof *k);
            if (!k) {
                w->nomem = 1;
                w->nview = 0;
                return;
            }
            w->kslots = k;
            w->nkslots = need;
        }
        memset(w->kslots, 0, w->nkslots * sizeof *w->kslots);
    }
    for (size_t i = 0; i < w->nview; i++) {
        size_t f = first_with_key(w, w->view[i].key, i);
        if (f == w->nview) {
            w->view[i].tail = (uint32_t)i;
            note_key(w, i);
            continue;
        }
        w->view[w->view[f].tail].next = (uint32_t)i + 1;
        w->view[f].tail = (uint32_t)i;
        w->view[i].first = 0;
    }
}

/* Whether the keys of list l, which has only cells, are all different:
 * then each is its own first item (no linking).  A file's header seldom
 * names a column twice; asked once per colset. */
static int distinct_cells(kg_writer *w, kg_list l)
{
    enum { KNOWN = sizeof w->distinct / sizeof *w->distinct };
    if (l.head || !l.cells)
        return 0;
    if (l.cols < KNOWN && w->distinct[l.cols])
        return w->distinct[l.cols] == 1;
    const kg_colset *cs = kg_graph_colset(w->g, l.cols);
    int all = cs->n < SCAN_MAX;
    for (uint32_t i = 0; all && i < cs->n; i++)
        for (uint32_t j = 0; all && j < i; j++)
            all = cs->keys[i] != cs->keys[j];
    if (l.cols < KNOWN)
        w->distinct[l.cols] = all ? 1 : 2;
    return all;
}

/* Gathers list l into w->view: each element's attributes are looked up
 * a dozen times while it is written.  `kind` is KG_P_NODE or KG_P_EDGE. */
static void load_view(kg_writer *w, kg_list l, unsigned kind)
{
    w->nview = 0;
    w->drew = 0;
    w->ndrawn = 0;
    w->has = 0;
    kg_attr_it it;
    for (kg_attr_begin(w->g, l, &it); kg_attr_step(&it);) {
        if (kg_grow((void **)&w->view, &w->view_cap, w->nview + 1,
                    sizeof *w->view)) {
            w->nomem = 1;
            w->nview = 0;
            return;
        }
        const struct kg_key_class *c = key_class(w, it.key);
        w->has |= c->cls;
        w->view[w->nview++] =
            (struct kg_kv){.key = it.key,
                           .value = it.value,
                           .len = it.len,
                           .cls = c->cls,
                           .p = kind == KG_P_EDGE ? c->edge : c->node,
                           .first = 1,
                           .escaped = c->escaped,
                           .date = c->date,
                           .bare = c->bare,
                           .bare_data = c->bare_data};
    }
    if (!distinct_cells(w, l)) /* else each item is the first of its key */
        link_keys(w);
}

/* The index of the first item of class `cls`, or w->nview. */
static size_t view_first(const kg_writer *w, unsigned cls)
{
    size_t i = 0;
    if (!(w->has & cls)) /* most classes are on no item: no scan */
        return w->nview;
    while (i < w->nview && !(w->view[i].cls & cls))
        i++;
    return i;
}

/* Whether the data drew an attribute of class `cls` itself (after
 * write_data). */
static int view_drew(const kg_writer *w, unsigned cls)
{
    return (w->drew & cls) != 0;
}

/* Whether the data drew the (interned) key itself. */
static int view_drew_key(const kg_writer *w, const char *ikey)
{
    if (!ikey)
        return 0;
    size_t f = first_with_key(w, ikey, w->nview);
    return f < w->nview && w->view[f].drawn;
}

/* Whether key is in the NULL-terminated list (NULL: an empty list). */
static int listed(const char *const *list, const char *key)
{
    for (; list && *list; list++)
        if (strcmp(*list, key) == 0)
            return 1;
    return 0;
}

/* The look's attributes, except those the data draws itself and those
 * the caller sets (`skip`, NULL-terminated, or NULL). */
static void write_look(kg_dot_attrs *a, const kg_writer *w,
                       const struct look_memo *m, const char *const *skip)
{
    const kg_look *look = m->look;
    if (m->all && !skip && a->n && !w->ndrawn) { /* none left out */
        kg_out_write(a->out, m->all, m->all_len);
        a->n += (int)look->n;
        return;
    }
    for (size_t i = 0; i < look->n; i++) {
        if (m->ikeys && view_drew_key(w, m->ikeys[i]))
            continue;
        if (listed(skip, look->keys[i]))
            continue;
        if (m->pairs)
            kg_dot_attr_raw(a, m->pairs[i]);
        else
            kg_dot_attr(a, look->keys[i], look->values[i]);
    }
}

/* All values of item i's key, "; "-separated (in w->scratch when more
 * than one), and their length in *len. */
static const char *all_values(kg_writer *w, size_t i, size_t *len)
{
    *len = w->view[i].len;
    if (!w->view[i].next)
        return w->view[i].value; /* the usual case: one value */
    kg_buf *b = &w->scratch;
    kg_buf_clear(b);
    for (size_t j = i + 1; j; j = w->view[j - 1].next) {
        if ((b->len && kg_buf_puts(b, "; ")) ||
            kg_buf_append(b, w->view[j - 1].value, w->view[j - 1].len)) {
            w->nomem = 1;
            return w->view[i].value;
        }
    }
    *len = b->len;
    return b->data;
}

/* A tooltip lists this many values of one key, then says how many more
 * (as an overview's node lists its members): a line folding 10,000 rows
 * hovered over shows their first evidence, not a page of it. */
enum { TIP_VALUES = 100 };

/* At most TIP_VALUES values of item i's key, "; "-separated, then "; and
 * N more" (in w->scratch), and their length in *len. */
static const char *tip_values(kg_writer *w, size_t i, size_t *len)
{
    size_t n = 0, j = i + 1;
    for (; j && n < TIP_VALUES; j = w->view[j - 1].next)
        n++;
    if (!j)
        return all_values(w, i, len);
    size_t more = 0;
    for (; j; j = w->view[j - 1].next)
        more++;
    kg_buf *b = &w->scratch;
    kg_buf_clear(b);
    char tail[48];
    snprintf(tail, sizeof tail, "; and %zu more", more);
    j = i + 1;
    for (n = 0; n < TIP_VALUES; n++, j = w->view[j - 1].next)
        if ((b->len && kg_buf_puts(b, "; ")) ||
            kg_buf_append(b, w->view[j - 1].value, w->view[j - 1].len))
            w->nomem = 1;
    if (kg_buf_puts(b, tail))
        w->nomem = 1;
    if (w->nomem) {
        *len = w->view[i].len;
        return w->view[i].value;
    }
    *len = b->len;
    return b->data;
}

/* The value of the key of class `cls` (all of its values joined), or
 * NULL. */
static const char *data_value(kg_writer *w, unsigned cls)
{
    size_t i = view_first(w, cls), len;
    return i < w->nview ? all_values(w, i, &len) : NULL;
}

/* The first value of the key of class `cls`, or NULL. */
static const char *first_value(const kg_writer *w, unsigned cls)
{
    size_t i = view_first(w, cls);
    return i < w->nview ? w->view[i].value : NULL;
}

/* A link, as kg_link_encode writes it, in w->name; NULL when it may not
 * be one (the input was warned about). */
static const char *encoded_link(kg_writer *w, const char *url)
{
    if (kg_link_check(url))
        return NULL;
    kg_buf_clear(&w->name);
    if (kg_link_encode(&w->name, url)) {
        w->nomem = 1;
        return NULL;
    }
    return w->name.data ? w->name.data : "";
}

/* Draws item x as the attribute it names, if its value may be drawn;
 * returns whether it was written exactly as the data has it. */
static int draw(kg_dot_attrs *a, kg_writer *w, struct kg_kv *x)
{
    const kg_present *p = x->p;
    const char *link = NULL; /* checked by encoded_link, once */
    if (p->type == KG_P_LINK
            ? !(link = encoded_link(w, x->value))
            : !kg_present_ok(&w->checked, p, x->value, x->len, &w->pictures))
        return 0;
    x->drawn = 1;
    w->ndrawn++;
    w->drew |= x->cls;
    if (p->type == KG_P_TEXT)
        kg_dot_attr_text(a, p->name, x->value);
    else if (link)
        kg_dot_attr_lit(a, p->name, link);
    else
        kg_dot_attr_lit_len(a, p->name, x->value, x->len);
    return !link || strcmp(link, x->value) == 0;
}

/* key=value for data: as "data_" + key when Graphviz would read the key
 * or kgraph writes it itself (kg_dot_keys, presentation.h). */
static void write_datum(kg_dot_attrs *a, kg_writer *w, const struct kg_kv *x,
                        const char *value, size_t len, int escaped)
{
    const char *key = x->key;
    size_t bare = escaped ? x->bare_data : x->bare;
    if (bare) { /* the key checked once (classify) */
        kg_dot_attr_bare(a, escaped, key, bare, value, len);
        return;
    }
    if (!escaped) {
        kg_dot_attr(a, key, value);
        return;
    }
    kg_buf_clear(&w->name);
    if (kg_buf_puts(&w->name, KG_DATA_PREFIX) || kg_buf_puts(&w->name, key)) {
        w->nomem = 1;
        return;
    }
    kg_dot_attr(a, w->name.data, value);
}

/* A date column's (single) value drawn as its ISO 8601 date (graph/
 * dates.h); returns whether that is exactly the value, as a presentation
 * column's draw does.  A value that is no date is not drawn. */
static int draw_date(kg_dot_attrs *a, kg_writer *w, struct kg_kv *x)
{
    char iso[11];
    const char *text = kg_graph_date_text(w->g, x->key, x->value, iso);
    if (!text)
        return 0;
    x->drawn = 1;
    w->ndrawn++;
    if (x->escaped) /* a key Graphviz reads is never a date column */
        return 0;
    size_t len = strlen(text); /* at most 10 */
    if (x->bare)
        kg_dot_attr_bare(a, 0, x->key, x->bare, text, len);
    else
        kg_dot_attr(a, x->key, text);
    return len == x->len && memcmp(text, x->value, len) == 0;
}

/* Each data key once, with all its values: a presentation column drawn
 * when its (single) value may be, and kept as data unless it was drawn
 * exactly; a date column's single value the same way, drawn as its ISO
 * date; any other column as data. */
static void write_data(kg_dot_attrs *a, kg_writer *w)
{
    for (size_t i = 0; i < w->nview; i++) {
        struct kg_kv *x = &w->view[i];
        if (!x->first)
            continue;
        int dated = x->date && !x->p && !x->next;
        int exact =
            x->p ? draw(a, w, x) && !x->next : dated && draw_date(a, w, x);
        size_t len;
        if (!exact && !w->picture) {
            const char *v = all_values(w, i, &len);
            write_datum(a, w, x, v, len, x->escaped || x->p || dated);
        }
    }
}

/* url or source_url becomes Graphviz's URL (a link in SVG), unless the
 * data draws URL or href itself. */
static void write_link(kg_dot_attrs *a, kg_writer *w)
{
    if (!(w->has & (K_URL | K_SOURCE_URL)) ||
        view_drew(w, K_URL_EXACT | K_HREF))
        return; /* no link column (most rows): no scan */
    const char *link = NULL;
    for (size_t i = 0; i < w->nview && !link; i++)
        if ((w->view[i].cls & K_URL) && !(w->view[i].cls & K_URL_EXACT))
            link = encoded_link(w, w->view[i].value);
    for (size_t i = 0; i < w->nview && !link; i++)
        if (w->view[i].cls & K_SOURCE_URL)
            link = encoded_link(w, w->view[i].value);
    if (link)
        kg_dot_attr_lit(a, "URL", link);
}

/* Writes the SVG id part kept after a node's rendered DOT id
 * (kg_writer_id), dot[0..dot_len). */
static void write_svg_part(const kg_writer *w, const char *dot, size_t dot_len)
{
    const char *svg = w->id_cells ? NULL : dot + dot_len + 1;
    if (!svg || !*svg) /* written as it is: the same in both */
        kg_out_write(w->out, dot, dot_len);
    else
        kg_out_puts(w->out, svg);
}

/* id="n-..." for node e, from its rendered id (only [A-Za-z0-9_-]:
 * nothing to quote). */
static void write_node_svg_id(kg_dot_attrs *a, kg_writer *w, uint32_t e)
{
    const char *dot = kg_writer_id(w, e);
    kg_dot_attr_raw(a, "id=\"n-");
    write_svg_part(w, dot, strlen(dot));
    kg_out_putc(w->out, '"');
}

/* ---- Nodes ---- */

/* All aliases as one value "a;b;c", the way they are written in a CSV. */
static void write_aliases(kg_dot_attrs *a, kg_writer *w, uint32_t head)
{
    kg_buf *b = &w->scratch;
    kg_buf_clear(b);
    for (const kg_attr *x = kg_attr_at(w->g, head); x;
         x = kg_attr_next(w->g, x))
        if ((b->len && kg_buf_putc(b, ';')) || kg_buf_puts(b, x->value))
            w->nomem = 1;
    if (!w->nomem)
        kg_dot_attr_lit(a, "aliases", b->data);
}

/* A name or a relation label as drawn: on paper wrapped at a name's
 * line width (in w->scratch), not the width of the page, which also
 * leaves a label room to be placed clear of names; else as it is. */
static const char *paper_text(kg_writer *w, const char *text)
{
    if (!w->paper)
        return text;
    kg_buf_clear(&w->scratch);
    w->nomem |= kg_wrap_text(&w->scratch, text, KG_PAPER_LINE) != 0;
    return w->scratch.data ? w->scratch.data : text;
}

void kg_writer_node(kg_writer *w, uint32_t i, const char *indent)
{
    const kg_graph *g = w->g;
    const kg_entity *e = kg_ent(g, i);
    kg_dot_attrs a = {w->out, 0};
    kg_out_puts(w->out, indent);
    kg_out_puts(w->out, kg_writer_id(w, i));
    const char *name = e->name ? e->name : kg_ent_id(g, e);
    kg_dot_attr_text(&a, "label", paper_text(w, name));
    const char *type = kg_ent_type(g, e);
    if (type)
        kg_dot_attr_lit(&a, "type", type);
    if (e->aliases && !w->picture)
        write_aliases(&a, w, e->aliases);
    load_view(w, kg_ent_attrs(g, e), KG_P_NODE);
    write_data(&a, w);
    int photo = view_drew(w, K_IMAGE);
    static const char *const set_photo[] = {"width",    "height", "fixedsize",
                                            "labelloc", "shape",  NULL};
    int change = kg_node_change(g, i);
    write_look(&a, w, kg_writer_memo(w, KG_STYLE_NODE, kg_ent_look_type(g, i)),
               photo    ? set_photo
               : change ? kg_change_keys(change, 0)
                        : NULL);
    if (photo) { /* a card: the picture above the name */
        kg_dot_attr_lit(&a, "shape", "box");
        kg_dot_attr_lit(&a, "imagescale", "true");
        kg_dot_attr_lit(&a, "imagepos", "tc");
        kg_dot_attr_lit(&a, "labelloc", "b");
        kg_dot_attr_lit(&a, "fixedsize", "true");
        kg_dot_attr_lit(&a, "width", "1.6");
        kg_dot_attr_lit(&a, "height", "1.7");
    }
    const char *description = data_value(w, K_DESCRIPTION);
    if (description && !view_drew(w, K_TOOLTIP))
        kg_dot_attr_text(&a, "tooltip", description);
    if (kg_node_marked(g, i)) { /* a focus or path node */
        if (!view_drew(w, K_PENWIDTH))
            kg_dot_attr_lit(&a, "penwidth", "3");
        if (!view_drew(w, K_PERIPHERIES))
            kg_dot_attr_lit(&a, "peripheries", "2");
    }
    kg_write_change(&a, change, 0);
    write_link(&a, w);
    write_node_svg_id(&a, w, i);
    kg_dot_attrs_end(&a);
}

/* ---- Changes (kg_diff_graph) ---- */

/* The marks of a change, for an entity or a relation (`edge`): added in a
 * highlight colour and bold, removed as a grey dashed ghost, changed
 * outlined.  The legend keys them (legend.c). */
const char *const *kg_change_keys(int change, int edge)
{
    static const char *const ghost[] = {"color",     "fontcolor", "style",
                                        "fillcolor", "penwidth",  "peripheries",
                                        NULL};
    static const char *const node[] = {"color", "penwidth", "peripheries",
                                       NULL};
    static const char *const line[] = {"color", "penwidth", NULL};
    return change == KG_CHANGE_REMOVED ? ghost : edge ? line : node;
}

const char *const kg_change_colour[] = {NULL, "#c51b7d", "#9e9e9e", "#e66101"};

void kg_write_change(kg_dot_attrs *a, int change, int edge)
{
    if (change == KG_CHANGE_NONE)
        return;
    kg_dot_attr_lit(a, "color", kg_change_colour[change]);
    if (change == KG_CHANGE_REMOVED) {
        kg_dot_attr_lit(a, "style", "dashed");
        kg_dot_attr_lit(a, "fontcolor", kg_change_colour[change]);
        return;
    }
    kg_dot_attr_lit(a, "penwidth", change == KG_CHANGE_ADDED ? "3" : "2");
    if (!edge && change == KG_CHANGE_CHANGED)
        kg_dot_attr_lit(a, "peripheries", "2");
}

/* ---- Edges ---- */

/* The heads of the tooltip's parts (write_provenance). */
#define HEAD(s)                                                                \
    {                                                                          \
        s, sizeof s - 1                                                        \
    }
static const struct head {
    const char *text;
    size_t len;
} heads[NPARTS] = {HEAD(""),         HEAD(""),        HEAD(""),
                   HEAD("Date: "),   HEAD("From: "),  HEAD("To: "),
                   HEAD("Source: "), HEAD("Source: ")};
#undef HEAD

/* write_provenance's usual case, the tooltip written straight from the
 * found parts (no copy of it made first): when each part is a single
 * value and no longer than DOT's run without a backslash, so that each
 * is a piece of the label (kg_dot_label_piece).  1 when done. */
static int provenance_pieces(kg_dot_attrs *a, const kg_writer *w,
                             const size_t *found)
{
    size_t len[NPARTS], total = 0;
    for (int i = 0; i < NPARTS; i++) {
        len[i] = 0;
        if (found[i] == w->nview)
            continue;
        if (w->view[found[i]].next) /* values to join: in w->scratch */
            return 0;
        len[i] = heads[i].len + w->view[found[i]].len;
        if (len[i] > KG_DOT_RUN_MAX)
            return 0;
        total += len[i];
    }
    if (!total)
        return 1; /* an empty tooltip is not written */
    kg_dot_attr_sep(a);
    kg_out_write(a->out, "tooltip=\"", 9);
    size_t n = 0; /* the text so far: a line end goes between parts */
    for (int i = 0; i < NPARTS; i++) {
        if (found[i] == w->nview)
            continue;
        if (n)
            kg_out_write(a->out, "\\n", 2);
        kg_out_write(a->out, heads[i].text, heads[i].len); /* no escapes */
        kg_dot_label_piece(a->out, w->view[found[i]].value);
        n += len[i];
    }
    kg_out_putc(a->out, '"');
    return 1;
}

/* "evidence\nDate: ...\nSource: ..." from the columns that say where a
 * relation comes from, in this order, each key once (any case). */
static void write_provenance(kg_dot_attrs *a, kg_writer *w)
{
    if (view_drew(w, K_TOOLTIP))
        return;
    size_t found[NPARTS];
    int any = 0;
    for (int i = 0; i < NPARTS; i++) {
        found[i] = view_first(w, 1u << (K_PROVENANCE + i));
        any |= found[i] < w->nview;
    }
    if (!any || provenance_pieces(a, w, found))
        return;
    kg_buf *text = &w->tip;
    kg_buf_clear(text);
    for (int i = 0; i < NPARTS; i++) {
        if (found[i] == w->nview)
            continue;
        size_t n;
        const char *v = tip_values(w, found[i], &n);
        if ((text->len && kg_buf_putc(text, '\n')) ||
            kg_buf_append(text, heads[i].text, heads[i].len) ||
            kg_buf_append(text, v, n))
            w->nomem = 1;
    }
    if (text->len)
        kg_dot_attr_text(a, "tooltip", text->data);
}

/* The confidence line style, when the row has a valid confidence. */
static const char *confidence_style(const kg_writer *w)
{
    const char *c = first_value(w, K_CONFIDENCE);
    return c ? kg_confidence_level(c, w->scale) : NULL;
}

/* A line width from 1 to 4 for the row's strength or weight, on the
 * graph's range of them, into buf; NULL when it has none. */
static const char *width_of(const kg_writer *w, const char *v, char *buf,
                            size_t len)
{
    char *end;
    double x = strtod(v, &end);
    if (end == v || *end || !(x >= w->wmin && x <= w->wmax))
        return NULL;
    snprintf(buf, len, "%.2g", 1 + 3 * (x - w->wmin) / (w->wmax - w->wmin));
    return buf;
}

/* The slot of a short text (n > 0 bytes) in a memo of `slots` entries:
 * the writer's widths, few (weights, strengths); line_values.c keeps
 * the same for the numbers its scan read. */
static size_t memo_slot(const char *v, size_t n, size_t slots)
{
    size_t h = n; /* every byte: "0" and "8" once shared a slot */
    for (size_t i = 0; i < n; i++)
        h = h * 31 + (unsigned char)v[i];
    return h % slots;
}

/* The same for the row being written, its value v[0..n): a short value
 * is looked up in w->widths first (strtod and printf cost more than the
 * rest of an edge's attributes). */
static const char *line_width(kg_writer *w, const char *v, size_t n, char *buf,
                              size_t len)
{
    if (!(w->wmax > w->wmin))
        return NULL;
    struct kg_width_memo *m = NULL;
    if (n && n < sizeof m->value) {
        m = &w->widths[memo_slot(v, n, sizeof w->widths / sizeof *w->widths)];
        /* both hold n + 1 bytes; the width is used before the next call */
        if (memcmp(m->value, v, n + 1) == 0)
            return m->width[0] ? m->width : NULL;
    }
    const char *width = width_of(w, v, buf, len);
    size_t wn = width ? strlen(width) : 0;
    if (m && wn < sizeof m->width) {
        memcpy(m->value, v, n + 1);
        memcpy(m->width, width ? width : "", wn + 1);
    }
    return width;
}

/* The edge's label: its own, or its type as text; on paper, none for a
 * keyed type (the key names its colour), "x3" for a line drawing three
 * rows (none for one row each way: its arrows say so), and the text
 * wrapped at the width of a name's line; with --cite, the numbers of its
 * sources after the text (on paper, after the text when it is short,
 * else alone). */
static void write_edge_label(kg_dot_attrs *a, kg_writer *w,
                             const kg_relation *r, const struct look_memo *m)
{
    const kg_graph *g = w->g;
    const kg_paper *p = w->plan;
    uint32_t i = kg_rel_index(g, r);
    const char *type = kg_rel_type(g, r), *label = kg_rel_label(g, r);
    const char *cites = p && p->cite_at && p->cite_at[i]
                            ? p->cites.data + p->cite_at[i] - 1
                            : NULL;
    uint32_t rows = p && p->folding ? p->rows[i] : 1;
    int keyed = p && kg_paper_colour(p, type);
    if (!w->paper && !cites) { /* the usual case, from the memo */
        if (label)
            kg_dot_attr_text(a, "label", label);
        else if (type && m->label_pair)
            kg_dot_attr_raw(a, m->label_pair);
        else if (type) { /* the memo could not be made */
            char *pair = kg_type_label_pair(type);
            if (pair)
                kg_dot_attr_raw(a, pair);
            w->nomem |= !pair;
            free(pair);
        }
        return;
    }
    kg_buf *t = &w->tip;
    kg_buf_clear(t);
    int rc = 0;
    const char *text = label ? label : type;
    if (text && !keyed)
        rc = label ? kg_buf_puts(t, label) : kg_type_text(t, type);
    if (w->paper && cites && !rc && !kg_paper_name_fits(t->data))
        kg_buf_clear(t);
    /* one row each way: the two arrowheads say it, a count would not */
    int pair = rows == 2 && p->both[i];
    if (rows > 1 && !pair && !cites) {
        char times[32];
        snprintf(times, sizeof times, "%s\xC3\x97%lu", t->len ? " " : "",
                 (unsigned long)rows);
        rc = rc || kg_buf_puts(t, times);
    }
    if (cites)
        rc = rc || (t->len && kg_buf_putc(t, ' ')) || kg_buf_puts(t, cites);
    w->nomem |= rc;
    if (!t->len || rc)
        return;
    kg_dot_attr_text(a, "label", paper_text(w, t->data));
}

void kg_writer_edge(kg_writer *w, const kg_relation *r, unsigned long n,
                    int marked)
{
    const kg_graph *g = w->g;
    const kg_paper *p = w->plan;
    uint32_t i = kg_rel_index(g, r);
    const char *src = kg_writer_id(w, r->src);
    const char *dst = kg_writer_id(w, r->dst);
    size_t src_len = strlen(src), dst_len = strlen(dst);
    kg_dot_attrs a = {w->out, 0};
    kg_out_puts(w->out, "  ");
    kg_out_write(w->out, src, src_len);
    kg_out_puts(w->out, " -> ");
    kg_out_write(w->out, dst, dst_len);
    const char *type = kg_rel_type(g, r);
    const struct look_memo *m = kg_writer_memo(w, KG_STYLE_EDGE, type);
    if (type && m->type_pair)
        kg_dot_attr_raw(&a, m->type_pair);
    else if (type)
        kg_dot_attr_lit(&a, "type", type);
    write_edge_label(&a, w, r, m);
    load_view(w, kg_rel_attrs(g, r), KG_P_EDGE);
    write_data(&a, w);
    const char *conf = confidence_style(w);
    for (int k = 0; conf && k < 3; k++)
        w->confidence[k] += conf == kg_confidence_styles[k];
    const char *line = view_drew(w, K_STYLE) ? NULL : conf;
    const char *colour = p && !view_drew(w, K_COLOR) && !marked
                             ? kg_paper_colour(p, type)
                             : NULL;
    /* what this edge sets itself: a line style, a colour for its type
     * (paper) or a --path */
    int change = kg_edge_change(g, i);
    const char *set[4] = {NULL};
    size_t nset = 0;
    if (line)
        set[nset++] = "style";
    if (marked || colour)
        set[nset++] = "color";
    if (marked || (!view_drew(w, K_PENWIDTH) && w->wmax > w->wmin))
        set[nset++] = "penwidth";
    write_look(&a, w, m,
               change ? kg_change_keys(change, 1)
               : nset ? set
                      : NULL);
    if (line)
        kg_dot_attr_lit(&a, "style", line);
    char width[16];
    size_t strength = view_first(w, K_STRENGTH);
    const char *pen =
        marked || view_drew(w, K_PENWIDTH) || strength == w->nview
            ? NULL
            : line_width(w, w->view[strength].value, w->view[strength].len,
                         width, sizeof width);
    if (pen)
        kg_dot_attr_lit(&a, "penwidth", pen);
    if (colour)
        kg_dot_attr_lit(&a, "color", colour);
    if (marked) { /* on a --path */
        kg_dot_attr_lit(&a, "color", "#d62728");
        kg_dot_attr_lit(&a, "penwidth", "3");
    }
    kg_write_change(&a, change, 1);
    int undirected = w->opts.undirected || kg_rel_undirected(g, i);
    if (undirected && !view_drew(w, K_DIR))
        kg_dot_attr_lit(&a, "dir", "none");
    else if (p && p->folding && p->both[i] && !view_drew(w, K_DIR))
        kg_dot_attr_lit(&a, "dir", "both");
    write_provenance(&a, w);
    write_link(&a, w);
    /* e-SOURCE-TARGET-N: the Nth edge between the two, in row order;
     * only [A-Za-z0-9_-]: nothing to quote */
    kg_dot_attr_raw(&a, "id=\"e-");
    write_svg_part(w, src, src_len);
    kg_out_putc(w->out, '-');
    write_svg_part(w, dst, dst_len);
    kg_out_putc(w->out, '-');
    kg_out_ulong(w->out, n);
    kg_out_putc(w->out, '"');
    kg_dot_attrs_end(&a);
}

/* ---- The graph's defaults ---- */

void kg_writer_graph_attrs(kg_writer *w)
{
    const kg_stylesheet *s = kg_graph_style(w->g);
    const char *kinds[] = {"graph", "node", "edge"};
    for (int k = 0; k < 3; k++) {
        const kg_look *l = kg_style_defaults(s, (kg_style_kind)k);
        int extra =
            k == 0 && ((w->opts.title && !(w->opts.legend && kg_nents(w->g))) ||
                       w->opts.dpi || kg_graph_settings(w->g)->images);
        if (!l->n && !extra)
            continue;
        kg_dot_attrs a = {w->out, 0};
        kg_out_printf(w->out, "  %s", kinds[k]);
        w->nview = 0;
        struct look_memo m = {
            NULL, (kg_style_kind)k, l, NULL, NULL, NULL, NULL, NULL, 0};
        write_look(&a, w, &m, NULL);
        if (k == 0 && w->opts.title && !(w->opts.legend && kg_nents(w->g))) {
            kg_dot_attr_text(&a, "label", w->opts.title);
            kg_dot_attr_lit(&a, "labelloc", "t");
        }
        if (k == 0 && kg_graph_settings(w->g)->images)
            kg_dot_attr_lit(&a, "imagepath", kg_graph_settings(w->g)->images);
        if (k == 0 && w->opts.dpi) {
            char dpi[32];
            snprintf(dpi, sizeof dpi, "%d", w->opts.dpi);
            kg_dot_attr_lit(&a, "dpi", dpi);
        }
        kg_dot_attrs_end(&a);
    }
}

void kg_writer_free_looks(kg_writer *w)
{
    kg_looks_free(&w->looks);
}
