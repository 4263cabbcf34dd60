/*
 * dot.c - the DOT writer.
 *
 * Output order is input order: graph defaults, nodes (entities as first
 * seen, then nodes made for unmatched relation ends), edges (relation
 * rows), then the legend.  No input text is ever written outside a quoted
 * or HTML-like string, and no comment carries input text.
 */
#include "dot.h"

#include <stdlib.h>
#include <string.h>

#include "graph.h"
#include "style.h"
#include "util.h"

/* ---- Strings ---- */

static int is_token_end(char c)
{
    return c == '"' || c == '\\';
}

/* Whether the plain quoted form of s reads back as s (see dot.h). */
static int quoted_exact(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\\') {
            size_t k = 0;
            while (i + k < len && s[i + k] == '\\')
                k++;
            char next = i + k < len ? s[i + k] : '\0';
            if ((k & 1) && (next == '"' || next == '\n' || next == '\0'))
                return 0;
            i += k - 1;
        } else if (s[i] == '\n') {
            int alone_before = i == 0 || is_token_end(s[i - 1]);
            int alone_after = i + 1 == len || is_token_end(s[i + 1]);
            if (alone_before && alone_after)
                return 0;
        }
    }
    return 1;
}

/* Whether <s> is a well-formed HTML-like string (brackets nest). */
static int html_exact(const char *s, size_t len)
{
    long depth = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '<')
            depth++;
        else if (s[i] == '>' && --depth < 0)
            return 0;
    }
    return depth == 0;
}

int kg_dot_exact(const char *s, size_t len)
{
    return quoted_exact(s, len) || html_exact(s, len);
}

/* The quoted form; with `fix`, an odd run of backslashes before a quote or
 * the end gets one more, so that the result is always valid DOT. */
static void write_quoted(FILE *out, const char *s, int fix)
{
    putc('"', out);
    for (const char *p = s; *p; p++) {
        if (*p == '"') {
            fputs("\\\"", out);
        } else if (*p == '\\' && fix) {
            size_t k = strspn(p, "\\");
            fwrite(p, 1, k, out);
            if ((k & 1) && (p[k] == '"' || p[k] == '\0'))
                putc('\\', out);
            p += k - 1;
        } else {
            putc(*p, out);
        }
    }
    putc('"', out);
}

/* A DOT keyword (case does not matter to the DOT scanner). */
static int is_keyword(const char *s)
{
    static const char *const words[] = {"node",    "edge",     "graph",
                                        "digraph", "subgraph", "strict"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (kg_ascii_casecmp(s, words[i]) == 0)
            return 1;
    return 0;
}

/* Whether s can go unquoted: an ASCII identifier that is not a keyword. */
static int is_bare(const char *s)
{
    if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || *s == '_'))
        return 0;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
              (*p >= '0' && *p <= '9') || *p == '_'))
            return 0;
    return !is_keyword(s);
}

void kg_dot_id(FILE *out, const char *s)
{
    size_t len = strlen(s);
    if (is_bare(s)) {
        fputs(s, out);
    } else if (quoted_exact(s, len)) {
        write_quoted(out, s, 0);
    } else if (html_exact(s, len)) {
        putc('<', out);
        fputs(s, out);
        putc('>', out);
    } else {
        write_quoted(out, s, 1); /* kg_dot_exact() warned at input */
    }
}

void kg_dot_label(FILE *out, const char *s)
{
    putc('"', out);
    for (const char *p = s; *p; p++) {
        if (*p == '\\')
            fputs("\\\\", out);
        else if (*p == '"')
            fputs("\\\"", out);
        else if (*p == '\n')
            fputs("\\n", out);
        else
            putc(*p, out);
    }
    putc('"', out);
}

/* ---- Attributes ---- */

typedef struct attr_list {
    FILE *out;
    int n; /* attributes written so far in this [...] */
} attr_list;

static void attr_sep(attr_list *a)
{
    fputs(a->n++ ? ", " : " [", a->out);
}

static void attr_id(attr_list *a, const char *key, const char *value)
{
    attr_sep(a);
    kg_dot_id(a->out, key);
    putc('=', a->out);
    kg_dot_id(a->out, value);
}

static void attr_label(attr_list *a, const char *value)
{
    attr_sep(a);
    fputs("label=", a->out);
    kg_dot_label(a->out, value);
}

/* A relation type shown as text: "secretary_general_of" reads
 * "secretary general of". */
static void attr_type_label(attr_list *a, const char *type)
{
    kg_buf text;
    kg_buf_init(&text);
    if (kg_buf_puts(&text, type) == 0) {
        for (char *p = text.data; *p; p++)
            if (*p == '_')
                *p = ' ';
        attr_label(a, text.data);
    }
    kg_buf_free(&text);
}

static void attr_end(attr_list *a)
{
    fputs(a->n ? "];\n" : ";\n", a->out);
}

/* Whether an item before x in the list has x's key. */
static int key_seen(const kg_graph *g, kg_list l, const kg_attr *x)
{
    for (const kg_attr *y = kg_attr_at(g, l.head); y != x;
         y = kg_attr_next(g, y))
        if (y->key == x->key)
            return 1;
    return 0;
}

/* Each key once; a key with several values (rows that merged) gets them
 * all, in input order, separated by "; ". */
static void attrs_from(attr_list *a, const kg_graph *g, kg_list l)
{
    kg_buf joined;
    kg_buf_init(&joined);
    for (const kg_attr *x = kg_attr_at(g, l.head); x; x = kg_attr_next(g, x)) {
        if (key_seen(g, l, x))
            continue;
        const char *value = x->value;
        kg_buf_clear(&joined);
        for (const kg_attr *y = kg_attr_next(g, x); y; y = kg_attr_next(g, y)) {
            if (y->key != x->key)
                continue;
            if (!joined.len && kg_buf_puts(&joined, x->value))
                break;
            if (kg_buf_puts(&joined, "; ") || kg_buf_puts(&joined, y->value))
                break;
        }
        attr_id(a, x->key, joined.len ? joined.data : value);
    }
    kg_buf_free(&joined);
}

/* Style attributes, except those the data sets itself. */
static void attrs_style(attr_list *a, const kg_graph *g, kg_list data,
                        const kg_style *st)
{
    const char *keys[] = {"shape", "style", "fillcolor", "color"};
    const char *vals[] = {st->shape, st->style, st->fillcolor, st->color};
    for (int i = 0; i < 4; i++)
        if (!kg_attr_get(g, data, keys[i]))
            attr_id(a, keys[i], vals[i]);
}

/* ---- Graph ---- */

/* All aliases as one value "a;b;c", the way they are written in a CSV. */
static void write_aliases(attr_list *a, const kg_graph *g, kg_list l)
{
    kg_buf joined;
    kg_buf_init(&joined);
    int ok = 1;
    for (const kg_attr *x = kg_attr_at(g, l.head); x; x = kg_attr_next(g, x))
        ok = ok && (!joined.len || kg_buf_putc(&joined, ';') == 0) &&
             kg_buf_puts(&joined, x->value) == 0;
    if (ok)
        attr_id(a, "aliases", joined.data);
    kg_buf_free(&joined);
}

static void write_entity(FILE *out, const kg_graph *g, const kg_entity *e)
{
    attr_list a = {out, 0};
    fputs("  ", out);
    kg_dot_id(out, e->id);
    attr_label(&a, e->name ? e->name : e->id);
    if (e->type)
        attr_id(&a, "type", e->type);
    if (e->aliases.head)
        write_aliases(&a, g, e->aliases);
    attrs_from(&a, g, e->attrs);
    attrs_style(&a, g, e->attrs, kg_style_for(e->type));
    attr_end(&a);
}

static void write_relation(FILE *out, const kg_graph *g, const kg_relation *r)
{
    attr_list a = {out, 0};
    fputs("  ", out);
    kg_dot_id(out, g->ents[r->src].id);
    fputs(" -> ", out);
    kg_dot_id(out, g->ents[r->dst].id);
    if (r->type)
        attr_id(&a, "type", r->type);
    if (r->label)
        attr_label(&a, r->label);
    else if (r->type)
        attr_type_label(&a, r->type);
    attrs_from(&a, g, r->attrs);
    if (r->undirected && !kg_attr_get(g, r->attrs, "dir"))
        attr_id(&a, "dir", "none");
    attr_end(&a);
}

/* ---- Legend ---- */

/* One legend row per look: the types drawn that way, and how many. */
typedef struct legend_row {
    const kg_style *style;
    kg_buf types; /* "agency, organization" */
    unsigned long count;
} legend_row;

static void free_rows(legend_row *rows, size_t n)
{
    for (size_t i = 0; i < n; i++)
        kg_buf_free(&rows[i].types);
    free(rows);
}

/* Adds type t to row r's list unless it is there already. */
static int row_add_type(legend_row *r, const char *t)
{
    const char *name = t ? t : "(no type)";
    size_t n = strlen(name);
    for (const char *p = r->types.data; p && (p = strstr(p, name)); p += n)
        if ((p == r->types.data || p[-2] == ',') && (p[n] == ',' || !p[n]))
            return 0;
    return (r->types.len && kg_buf_puts(&r->types, ", ")) ||
           kg_buf_puts(&r->types, name);
}

/* The looks present, in order of first appearance, with their types. */
static legend_row *legend_rows(const kg_graph *g, size_t *n)
{
    legend_row *rows = NULL;
    size_t cap = 0;
    const char *last_type = NULL;
    size_t last_row = 0;
    *n = 0;
    for (size_t i = 0; i < g->nents; i++) {
        if (g->ents[i].root != i)
            continue;
        const char *t = g->ents[i].type;
        if (*n > 0 && t == last_type) { /* the common case: runs of a type */
            rows[last_row].count++;
            continue;
        }
        const kg_style *st = kg_style_for(t);
        size_t j = 0;
        while (j < *n && rows[j].style != st)
            j++;
        if (j == *n) {
            if (kg_grow((void **)&rows, &cap, *n + 1, sizeof *rows)) {
                free_rows(rows, *n);
                return NULL;
            }
            rows[j].style = st;
            rows[j].count = 0;
            kg_buf_init(&rows[j].types);
            (*n)++;
        }
        if (row_add_type(&rows[j], t)) {
            free_rows(rows, *n);
            return NULL;
        }
        rows[j].count++;
        last_type = t;
        last_row = j;
    }
    return rows;
}

/* A node name for legend row i that no entity uses. */
static void legend_id(const kg_graph *g, size_t i, kg_buf *id)
{
    kg_buf_clear(id);
    char num[32];
    snprintf(num, sizeof num, "%zu", i + 1);
    kg_buf_puts(id, "kgraph_legend_");
    kg_buf_puts(id, num);
    for (;;) {
        if (kg_sym_entity(g, kg_sym_find(g, id->data)) == KG_NONE)
            return;
        kg_buf_putc(id, '_');
    }
}

static int write_legend(FILE *out, const kg_graph *g)
{
    size_t n;
    legend_row *rows = legend_rows(g, &n);
    if (!rows)
        return g->nents ? -1 : 0;
    fputs("  subgraph \"cluster_legend\" {\n"
          "    label=\"Legend\"; fontsize=12; style=\"rounded\"; "
          "color=\"#999999\";\n",
          out);
    kg_buf id, text;
    kg_buf_init(&id);
    kg_buf_init(&text);
    for (size_t i = 0; i < n; i++) {
        const kg_style *st = rows[i].style;
        char count[48];
        snprintf(count, sizeof count, " (%lu)", rows[i].count);
        kg_buf_clear(&text);
        kg_buf_puts(&text, rows[i].types.data);
        kg_buf_puts(&text, count);
        legend_id(g, i, &id);
        attr_list a = {out, 0};
        fputs("    ", out);
        kg_dot_id(out, id.data ? id.data : "kgraph_legend");
        attr_label(&a, text.data ? text.data : "");
        attr_id(&a, "shape", st->shape);
        attr_id(&a, "style", st->style);
        attr_id(&a, "fillcolor", st->fillcolor);
        attr_id(&a, "color", st->color);
        attr_end(&a);
    }
    /* invisible links keep the rows in order, side by side */
    fputs("    { rank=same;", out);
    for (size_t i = 0; i < n; i++) {
        legend_id(g, i, &id);
        fputs(i ? " -> " : " ", out);
        kg_dot_id(out, id.data ? id.data : "kgraph_legend");
    }
    fputs(n > 1 ? " [style=invis]; }\n" : "; }\n", out);
    fputs("  }\n", out);
    kg_buf_free(&id);
    kg_buf_free(&text);
    free_rows(rows, n);
    return 0;
}

kg_dot_options kg_dot_defaults(void)
{
    return (kg_dot_options){.legend = 1};
}

kg_status kg_write_dot(const kg_graph *g, FILE *out, const kg_dot_options *opts)
{
    if (!g || !out || !g->resolved)
        return KG_ERR_USAGE;
    kg_dot_options o = opts ? *opts : kg_dot_defaults();
    fputs("digraph \"kgraph\" {\n", out);
    fputs(kg_style_defaults, out);
    for (size_t i = 0; i < g->nents; i++)
        if (g->ents[i].root == i)
            write_entity(out, g, &g->ents[i]);
    for (size_t i = 0; i < g->nrels; i++)
        if (g->rels[i].folded_into == KG_NONE)
            write_relation(out, g, &g->rels[i]);
    if (o.legend && g->nents && write_legend(out, g))
        return KG_ERR_NOMEM;
    fputs("}\n", out);
    if (fflush(out) != 0 || ferror(out))
        return KG_ERR_IO;
    return KG_OK;
}
