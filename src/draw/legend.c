/*
 * legend.c - the key: one entry per look of entity, with the types drawn
 * that way and how many; one per look of relation (on paper, per keyed
 * relation type) with a sample of its line; and the confidence line
 * styles in use.
 *
 * It is the graph's own label, an HTML-like table under the drawing, so
 * every engine places it whole (it cannot be scattered like nodes), and
 * it is only as wide as the room it is given: entries flow in as many
 * columns as fit.  The title, when there is one, is its first line (a
 * caption).  Text in it is escaped for HTML-like labels.
 */
#include <stdlib.h>
#include <string.h>

#include "draw/legend.h"
#include "graph/lifetime.h"
#include "graph/view.h"
#include "rules/dot.h"
#include "rules/escape.h"
#include "rules/evidence.h"

enum {
    WRAP = 28,    /* characters per key line */
    MAX_TYPES = 6 /* types named in one row; the rest are counted */
};

/* One legend row: a look, the types that have it, how many things. */
typedef struct row {
    const kg_look *look;
    const char *style; /* for confidence rows: the line style */
    kg_buf types;      /* "agency, organization" (MAX_TYPES at most) */
    unsigned long ntypes;
    unsigned long count;
} row;

typedef struct rows {
    row *v;
    size_t n, cap;
} rows;

static void rows_free(rows *r)
{
    for (size_t i = 0; i < r->n; i++)
        kg_buf_free(&r->v[i].types);
    free(r->v);
}

static const char *signature(const kg_look *l)
{
    return l && l->signature ? l->signature : "";
}

/* Adds `type` (display text) to the row for `look`, counting `n` more. */
static int add(rows *r, const kg_look *look, const char *style,
               const char *type, unsigned long n_more)
{
    size_t i = 0;
    while (i < r->n &&
           !(style ? r->v[i].style && strcmp(r->v[i].style, style) == 0
                   : strcmp(signature(r->v[i].look), signature(look)) == 0))
        i++;
    if (i == r->n) {
        if (kg_grow((void **)&r->v, &r->cap, r->n + 1, sizeof *r->v))
            return -1;
        r->v[i] = (row){look, style, {0}, 0, 0};
        r->n++;
    }
    row *x = &r->v[i];
    x->count += n_more;
    /* the type list: each type once, in order of first appearance */
    size_t n = strlen(type);
    for (const char *p = x->types.data; p && (p = strstr(p, type)); p += n)
        if ((p == x->types.data || p[-1] == ' ') &&
            (p[n] == ',' || p[n] == '\0'))
            return 0;
    if (x->ntypes++ >= MAX_TYPES)
        return 0; /* counted, not named (and not checked for repeats) */
    return (x->types.len && kg_buf_puts(&x->types, ", ")) ||
                   kg_buf_puts(&x->types, type)
               ? -1
               : 0;
}

/* "types (count)", broken into lines of about WRAP characters. */
static int row_text(const row *x, kg_buf *out)
{
    kg_buf_clear(out);
    size_t line = 0;
    const char *p = x->types.data ? x->types.data : "";
    while (*p) {
        const char *comma = strstr(p, ", ");
        size_t n = comma ? (size_t)(comma - p) + 1 : strlen(p);
        if (line && line + n > WRAP) {
            if (kg_buf_putc(out, '\n'))
                return -1;
            line = 0;
        } else if (line && kg_buf_putc(out, ' ')) {
            return -1;
        }
        if (kg_buf_append(out, p, n))
            return -1;
        line += n + 1;
        p += comma ? n + 1 : n;
    }
    char tail[80];
    if (x->ntypes > MAX_TYPES)
        snprintf(tail, sizeof tail, "\nand other types (%lu)", x->count);
    else
        snprintf(tail, sizeof tail, " (%lu)", x->count);
    return kg_buf_puts(out, tail);
}

static const char *shown_type(const char *type, const char *none)
{
    return type ? type : none;
}

/* "member_of" as edge labels show it: "member of" (in w->scratch). */
static const char *humanized(kg_writer *w, const char *type)
{
    kg_buf_clear(&w->scratch);
    if (kg_type_text(&w->scratch, type)) {
        w->nomem = 1;
        return type;
    }
    return w->scratch.data;
}

static int collect(kg_writer *w, rows *nodes, rows *edges, rows *confidence)
{
    const char *const *styles = kg_confidence_styles;
    unsigned long seen[3];
    const kg_graph *g = w->g;
    size_t nn = w->ntype_counts[0], ne = w->ntype_counts[1];
    kg_type_count *tn = w->type_counts[0], *te = w->type_counts[1];
    w->type_counts[0] = w->type_counts[1] = NULL; /* now this one's */
    if (!tn)
        tn = kg_graph_count_types(g, 0, &nn);
    if (!te)
        te = kg_graph_count_types(g, 1, &ne);
    int rc = tn && te ? 0 : -1;
    for (size_t i = 0; i < nn && rc == 0; i++)
        rc = add(nodes, kg_writer_look(w, KG_STYLE_NODE, tn[i].type), NULL,
                 shown_type(tn[i].type, "(no type)"), tn[i].n);
    for (size_t i = 0; i < ne && rc == 0; i++)
        rc = add(edges, kg_writer_look(w, KG_STYLE_EDGE, te[i].type), NULL,
                 humanized(w, shown_type(te[i].type, "(no type)")), te[i].n);
    free(tn);
    free(te);
    for (int k = 0; k < 3; k++) /* counted as the edges were written */
        seen[k] = w->confidence[k];
    char text[64];
    for (int k = 0; k < 3 && rc == 0; k++) /* strongest first */
        if (seen[k]) {
            snprintf(text, sizeof text, "%s%s",
                     w->scale == KG_SCALE_WORDS ? "" : "confidence ",
                     kg_confidence_meaning(k, w->scale));
            rc = add(confidence, NULL, styles[k], text, seen[k]);
        }
    return rc;
}

/* ---- The table ---- */

enum {
    KEY_PT = 11,  /* the key's text, as large as names */
    SHAPE_PT = 14 /* its shapes, a little larger than the text */
};

/* The value of `key` in look l, or NULL. */
static const char *look_value(const kg_look *l, const char *key)
{
    for (size_t i = 0; l && i < l->n; i++)
        if (strcmp(l->keys[i], key) == 0)
            return l->values[i];
    return NULL;
}

/* The value of `key` as a thing of that kind with look l is drawn: l's,
 * else the style sheet's default for every thing of the kind (edge
 * [color=...] in the DOT), or NULL. */
static const char *drawn_value(const kg_writer *w, kg_style_kind kind,
                               const kg_look *l, const char *key)
{
    const char *v = look_value(l, key);
    return v ? v
             : look_value(kg_style_defaults(kg_graph_style(w->g), kind), key);
}

/* A colour that can go into an HTML-like attribute as it is: #RRGGBB,
 * #RRGGBBAA or a name; else NULL. */
static const char *plain_colour(const char *c)
{
    if (!c || !*c)
        return NULL;
    size_t n = strlen(c);
    if (c[0] == '#')
        return (n == 7 || n == 9) &&
                       strspn(c + 1, "0123456789abcdefABCDEF") == n - 1
                   ? c
                   : NULL;
    return strspn(c, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                     "0123456789") == n &&
                   n < 32
               ? c
               : NULL;
}

/* One entry: a sample cell (an entity's shape or a line) and a text
 * cell. */
typedef struct entry {
    const char *glyph;  /* an entity's shape, or a line sample, as text */
    int shape;          /* glyph is a shape: drawn at SHAPE_PT */
    const char *colour; /* its colour, or NULL */
    char line[48];      /* a line sample's characters (glyph points here) */
    kg_buf text;
} entry;

typedef struct entries {
    entry *v;
    size_t n, cap;
} entries;

static entry *new_entry(entries *e)
{
    if (kg_grow((void **)&e->v, &e->cap, e->n + 1, sizeof *e->v))
        return NULL;
    entry *x = &e->v[e->n++];
    memset(x, 0, sizeof *x);
    kg_buf_init(&x->text);
    return x;
}

static void entries_free(entries *e)
{
    for (size_t i = 0; i < e->n; i++)
        kg_buf_free(&e->v[i].text);
    free(e->v);
}

/* Characters of the widest line of text. */
static size_t widest(const char *s)
{
    size_t best = 0, n = 0;
    for (; s && *s; s++) {
        if (*s == '\n') {
            n = 0;
            continue;
        }
        n += ((unsigned char)*s & 0xC0) != 0x80;
        best = n > best ? n : best;
    }
    return best;
}

/* How many entries a line of the key holds in `room` points: DejaVu
 * Sans averages about 0.6 em a character. */
static size_t columns(const entries *e, double room)
{
    size_t chars = 0;
    for (size_t i = 0; i < e->n; i++) {
        size_t n = widest(e->v[i].text.data);
        chars = n > chars ? n : chars;
    }
    double per = 30 + 0.6 * KEY_PT * (double)chars;
    size_t cols = (size_t)(room / per);
    return cols < 1 ? 1 : cols > 6 ? 6 : cols;
}

static void write_entry(kg_out *o, const entry *x)
{
    kg_out_puts(o, "<td>");
    if (x->colour || x->shape) {
        kg_out_puts(o, "<font");
        if (x->shape)
            kg_out_printf(o, " point-size=\"%d\"", SHAPE_PT);
        if (x->colour)
            kg_out_printf(o, " color=\"%s\"", x->colour);
        kg_out_putc(o, '>');
    }
    kg_out_puts(o, x->glyph);
    if (x->colour || x->shape)
        kg_out_puts(o, "</font>");
    kg_out_puts(o, "</td><td align=\"left\" balign=\"left\">");
    kg_dot_html_text(o, x->text.data ? x->text.data : "");
    kg_out_puts(o, "</td>");
}

/* The entries of one kind, `cols` to a line. */
static void write_entries(kg_out *o, const entries *e, size_t cols)
{
    for (size_t i = 0; i < e->n; i += cols) {
        kg_out_puts(o, "<tr>");
        for (size_t k = i; k < i + cols && k < e->n; k++)
            write_entry(o, &e->v[k]);
        kg_out_puts(o, "</tr>\n");
    }
}

/* ---- Samples: what the figure draws, as text the key can hold ---- */

/* Graphviz's shapes as the characters of DejaVu Sans (the figures' font)
 * nearest to them, filled and as an outline, so that a key printed in
 * grey still tells the types apart by their shapes.  Shapes with no
 * character of their own take the nearest one that no common shape
 * uses: a note is a lined page, an octagon a ringed disc.  Any other
 * shape is a square. */
static const struct {
    const char *shape, *filled, *outline;
} glyphs[] = {
    {"ellipse", "\xE2\x97\x8F", "\xE2\x97\x8B"},       /* ● ○ */
    {"oval", "\xE2\x97\x8F", "\xE2\x97\x8B"},          /* ● ○ */
    {"circle", "\xE2\x97\x8F", "\xE2\x97\x8B"},        /* ● ○ */
    {"egg", "\xE2\x97\x8F", "\xE2\x97\x8B"},           /* ● ○ */
    {"point", "\xE2\x97\x8F", "\xE2\x97\x8F"},         /* ● */
    {"doublecircle", "\xE2\x97\x8E", "\xE2\x97\x8E"},  /* ◎ */
    {"hexagon", "\xE2\xAC\xA3", "\xE2\xAC\xA1"},       /* ⬣ ⬡ */
    {"house", "\xE2\xAC\x9F", "\xE2\xAC\xA0"},         /* ⬟ ⬠ */
    {"pentagon", "\xE2\xAC\x9F", "\xE2\xAC\xA0"},      /* ⬟ ⬠ */
    {"diamond", "\xE2\x97\x86", "\xE2\x97\x87"},       /* ◆ ◇ */
    {"Mdiamond", "\xE2\x97\x86", "\xE2\x97\x87"},      /* ◆ ◇ */
    {"parallelogram", "\xE2\x96\xB0", "\xE2\x96\xB1"}, /* ▰ ▱ */
    {"triangle", "\xE2\x96\xB2", "\xE2\x96\xB3"},      /* ▲ △ */
    {"invtriangle", "\xE2\x96\xBC", "\xE2\x96\xBD"},   /* ▼ ▽ */
    {"star", "\xE2\x98\x85", "\xE2\x98\x86"},          /* ★ ☆ */
    {"note", "\xE2\x96\xA4", "\xE2\x96\xA4"},          /* ▤ */
    {"octagon", "\xE2\x97\x89", "\xE2\x97\x89"},       /* ◉ */
    {"doubleoctagon", "\xE2\x97\x89", "\xE2\x97\x89"}, /* ◉ */
    {"tripleoctagon", "\xE2\x97\x89", "\xE2\x97\x89"}, /* ◉ */
    {"cylinder", "\xE2\x9B\x81", "\xE2\x9B\x81"},      /* ⛁ */
    {"plain", "Aa", "Aa"},
    {"plaintext", "Aa", "Aa"},
    {"none", "Aa", "Aa"},
};

/* The characters for `shape`: filled, or an outline (dotted for an
 * ellipse drawn dashed or dotted). */
static const char *shape_glyph(const char *shape, int filled, int broken)
{
    if (!shape)
        shape = "ellipse"; /* Graphviz's own */
    int round = 0;
    for (size_t i = 0; i < sizeof glyphs / sizeof *glyphs; i++)
        if (strcmp(glyphs[i].shape, shape) == 0) {
            round = i < 4;
            if (round && broken && !filled)
                return "\xE2\x97\x8C"; /* ◌ */
            return filled ? glyphs[i].filled : glyphs[i].outline;
        }
    return filled ? "\xE2\x96\xA0" : "\xE2\x96\xA1"; /* ■ □ */
}

/* Whether a fill colour shows on white paper: not white, not missing. */
static int shows(const char *fill)
{
    return fill && strcmp(fill, "#ffffff") != 0 &&
           strcmp(fill, "#FFFFFF") != 0 && strcmp(fill, "white") != 0;
}

/* Entities: each look's shape, filled when its entities are, in the
 * colour of its outline (the fill's darker shade: a pale fill vanishes
 * from a grey print, the outline does not). */
static int node_entries(const kg_writer *w, const rows *nodes, entries *e)
{
    const kg_style_kind k = KG_STYLE_NODE;
    for (size_t i = 0; i < nodes->n; i++) {
        entry *x = new_entry(e);
        if (!x || row_text(&nodes->v[i], &x->text))
            return -1;
        const kg_look *l = nodes->v[i].look;
        const char *style = drawn_value(w, k, l, "style");
        const char *fill = style && strstr(style, "filled")
                               ? plain_colour(drawn_value(w, k, l, "fillcolor"))
                               : NULL;
        int broken =
            style && (strstr(style, "dashed") || strstr(style, "dotted"));
        x->glyph =
            shape_glyph(drawn_value(w, k, l, "shape"), shows(fill), broken);
        x->shape = 1;
        x->colour = plain_colour(drawn_value(w, k, l, "color"));
        if (!x->colour)
            x->colour = fill;
    }
    return 0;
}

/* A line as the figure draws it, in text: three strokes, light for
 * Graphviz's pen of 1 and heavy from 2 on, solid, dashed or dotted, and
 * the arrowhead where the line has one. */
static void line_sample(entry *x, const char *style, const char *penwidth,
                        const char *dir, int undirected)
{
    int heavy = penwidth && atof(penwidth) >= 2;
    const char *stroke =
        style && strstr(style, "dotted")
            ? (heavy ? "\xE2\x94\x89" : "\xE2\x94\x88") /* ┉ ┈ */
        : style && strstr(style, "dashed")
            ? (heavy ? "\xE2\x95\x8D" : "\xE2\x95\x8C")  /* ╍ ╌ */
            : (heavy ? "\xE2\x94\x81" : "\xE2\x94\x80"); /* ━ ─ */
    int ahead =
        !undirected &&
        !(dir && (strcmp(dir, "none") == 0 || strcmp(dir, "back") == 0));
    int behind = !undirected && dir &&
                 (strcmp(dir, "both") == 0 || strcmp(dir, "back") == 0);
    snprintf(x->line, sizeof x->line, "%s%s%s%s%s",
             behind ? "\xE2\x97\x80" : "", stroke, stroke, stroke,
             ahead ? "\xE2\x96\xB6" : ""); /* ◀ ▶ */
    x->glyph = x->line;
}

/* Relations: a line in the look's colour and style; on paper, one per
 * keyed type, in its colour. */
static int edge_entries(kg_writer *w, const rows *edges, const rows *confidence,
                        entries *e)
{
    const kg_paper *p = w->paper ? w->plan : NULL;
    for (size_t i = 0; p && i < p->nkeyed; i++) {
        entry *x = new_entry(e);
        if (!x || kg_buf_puts(&x->text, humanized(w, p->keyed[i])))
            return -1;
        line_sample(x, NULL, NULL, NULL, w->opts.undirected);
        x->colour = p->colour[i];
    }
    for (size_t i = 0; !p && i < edges->n; i++) {
        entry *x = new_entry(e);
        if (!x || row_text(&edges->v[i], &x->text))
            return -1;
        const kg_look *l = edges->v[i].look;
        const kg_style_kind k = KG_STYLE_EDGE;
        line_sample(x, drawn_value(w, k, l, "style"),
                    drawn_value(w, k, l, "penwidth"),
                    drawn_value(w, k, l, "dir"), w->opts.undirected);
        x->colour = plain_colour(drawn_value(w, k, l, "color"));
    }
    if (w->wmax > w->wmin) { /* line widths */
        entry *x = new_entry(e);
        char text[160];
        snprintf(text, sizeof text, "thicker: more %s (%g to %g)", w->wkey,
                 w->wmin, w->wmax);
        if (!x || kg_buf_puts(&x->text, text))
            return -1;
        x->glyph = "\xE2\x94\x80\xE2\x94\x81\xE2\x96\xAC"; /* ─━▬ */
        x->colour = "#555555";
    }
    for (size_t i = 0; i < confidence->n; i++) {
        entry *x = new_entry(e);
        if (!x || row_text(&confidence->v[i], &x->text))
            return -1;
        line_sample(x, confidence->v[i].style, NULL, NULL, w->opts.undirected);
        x->colour = "#555555";
    }
    return 0;
}

/* In a graph of changes: an entry per kind of change drawn, for entities
 * (a swatch in the mark's colour) and relations (a line). */
static int change_entries(kg_writer *w, entries *en, entries *ee)
{
    static const char *const what[] = {NULL, " added", " removed", " changed"};
    const kg_graph *g = w->g;
    int nodes[4] = {0}, edges[4] = {0};
    for (uint32_t i = 0; i < kg_nents(g); i++)
        if (kg_node_shown(g, i))
            nodes[kg_node_change(g, i) & 3] = 1;
    for (uint32_t i = 0; i < kg_nrels(g); i++)
        if (kg_edge_shown(g, i))
            edges[kg_edge_change(g, i) & 3] = 1;
    for (int c = KG_CHANGE_ADDED; c <= KG_CHANGE_CHANGED; c++) {
        entry *x = nodes[c] ? new_entry(en) : NULL;
        if (nodes[c] && (!x || kg_buf_puts(&x->text, "entity") ||
                         kg_buf_puts(&x->text, what[c])))
            return -1;
        if (x) {                       /* the mark is the outline */
            x->glyph = "\xE2\x96\xA1"; /* □ */
            x->shape = 1;
            x->colour = kg_change_colour[c];
        }
        entry *y = edges[c] ? new_entry(ee) : NULL;
        if (edges[c] && (!y || kg_buf_puts(&y->text, "relation") ||
                         kg_buf_puts(&y->text, what[c])))
            return -1;
        if (y) {
            int removed = c == KG_CHANGE_REMOVED;
            line_sample(y, removed ? "dashed" : NULL, removed ? NULL : "2",
                        NULL, w->opts.undirected);
            y->colour = kg_change_colour[c];
        }
    }
    return 0;
}

int kg_write_legend(kg_writer *w)
{
    rows nodes = {0}, edges = {0}, confidence = {0};
    entries en = {0}, ee = {0};
    int rc = collect(w, &nodes, &edges, &confidence);
    if (rc == 0)
        rc = node_entries(w, &nodes, &en);
    if (rc == 0)
        rc = edge_entries(w, &edges, &confidence, &ee);
    if (rc == 0)
        rc = change_entries(w, &en, &ee);
    if (rc == 0 && (en.n || ee.n || w->opts.title)) {
        kg_out *o = w->out;
        double room = w->key_width > 0 ? w->key_width : 432;
        size_t cn = columns(&en, room), ce = columns(&ee, room);
        size_t span = 2 * (cn > ce ? cn : ce);
        kg_out_printf(o,
                      "  label=<<font point-size=\"%d\"><table "
                      "border=\"0\" cellborder=\"0\" cellspacing=\"3\" "
                      "cellpadding=\"1\">\n",
                      KEY_PT);
        if (w->opts.title) {
            kg_out_printf(o, "<tr><td colspan=\"%zu\" align=\"left\"><b>",
                          span);
            kg_dot_html_text(o, w->opts.title);
            kg_out_puts(o, "</b></td></tr>\n");
        }
        write_entries(o, &en, cn);
        write_entries(o, &ee, ce);
        kg_out_puts(o, "</table></font>>;\n  labelloc=b;\n  labeljust=l;\n");
    }
    entries_free(&en);
    entries_free(&ee);
    rows_free(&nodes);
    rows_free(&edges);
    rows_free(&confidence);
    return rc;
}
