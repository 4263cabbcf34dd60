/*
 * report.c - one HTML file that carries the figure, the data and the
 * sources (kg_write_report): readable offline, nothing loaded from
 * anywhere, every value escaped for where it lands.
 *
 * The page is made of:
 *   - a header: the title, kgraph's version, the run's date, the closing
 *     summary's counts, and each input file with its size and SHA-256;
 *   - the figure, inline SVG as kg_render_figure draws it (it has passed
 *     the SVG gate; its comments are dropped, since HTML ends a comment
 *     where XML would not), with a toolbar and a side panel the script
 *     fills;
 *   - the tables (entities, relations with their source numbers, merges,
 *     the run's warnings), written here as HTML so that they print and
 *     read without the script;
 *   - the data for the script: JSON in a <script type="application/json">
 *     block, with <, >, & and U+2028/2029 escaped so that no value can
 *     end the block or be read as markup;
 *   - the script and the style sheet (src/report/, compiled in), allowed
 *     by their SHA-256 in a Content-Security-Policy that allows nothing
 *     else: no request can leave the page.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "analysis/ahead.h"
#include "analysis/sources.h"
#include "analysis/stats.h"
#include "graph/lifetime.h"
#include "graph/store.h"
#include "graph/view.h"
#include "render/render.h"
#include "rules/escape.h"
#include "rules/evidence.h"
#include "rules/link.h"
#include "util/chunks.h"
#include "util/key_memo.h"
#include "util/path.h"
#include "util/sha256.h"

/* src/report/report.js and report.css, compiled in (Makefile). */
extern const char kg_report_js[], kg_report_css[];

kg_report_options kg_report_defaults(void)
{
    kg_report_options o = {0};
    o.figure = kg_dot_defaults();
    o.figure.cite = 1;
    o.date = -1;
    return o;
}

/* ---- Escaping ---- */

static void base64(kg_out *out, const unsigned char *d, size_t n)
{
    static const char b64[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
        "0123456789+/";
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)d[i] << 16 |
                     (i + 1 < n ? (unsigned)d[i + 1] << 8 : 0) |
                     (i + 2 < n ? d[i + 2] : 0);
        kg_out_putc(out, b64[v >> 18 & 63]);
        kg_out_putc(out, b64[v >> 12 & 63]);
        kg_out_putc(out, i + 1 < n ? b64[v >> 6 & 63] : '=');
        kg_out_putc(out, i + 2 < n ? b64[v & 63] : '=');
    }
}

/* 'sha256-...' for a Content-Security-Policy source list. */
static void csp_hash(kg_out *out, const char *text)
{
    unsigned char d[32];
    kg_sha256(text, strlen(text), d);
    kg_out_puts(out, "'sha256-");
    base64(out, d, sizeof d);
    kg_out_putc(out, '\'');
}

/* ---- The figure ---- */

/* The SVG for the page: from its <svg> element on, comments dropped.
 * Malloc'd, or NULL when out of memory. */
static char *inline_svg(const char *svg, size_t len)
{
    const char *start = svg ? strstr(svg, "<svg") : NULL;
    if (!start)
        return kg_strndup("", 0);
    const char *end = svg + len;
    char *out = kg_malloc((size_t)(end - start) + 1), *o = out;
    if (!out)
        return NULL;
    for (const char *p = start; p < end;) {
        if (end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
            const char *close = strstr(p + 4, "-->");
            p = close ? close + 3 : end;
            continue;
        }
        *o++ = *p++;
    }
    *o = '\0';
    return out;
}

/* Renders the figure to SVG through a temporary file (so that Graphviz
 * runs in a bounded child, as for a file); the SVG, malloc'd, or NULL
 * with the reason in why. */
static char *figure_svg(const kg_graph *g, const kg_report_options *o,
                        char *why, size_t whylen)
{
    FILE *tmp = tmpfile();
    if (!tmp) {
        snprintf(why, whylen, "no temporary file: %s", strerror(errno));
        return NULL;
    }
    kg_status st = kg_render_quiet(g, &o->figure, "svg", o->engine, tmp, NULL,
                                   why, whylen);
    char *text = NULL;
    long n = st == KG_OK && fseek(tmp, 0, SEEK_END) == 0 ? ftell(tmp) : -1;
    if (n >= 0 && fseek(tmp, 0, SEEK_SET) == 0 &&
        (text = kg_malloc((size_t)n + 1)) != NULL &&
        fread(text, 1, (size_t)n, tmp) == (size_t)n) {
        text[n] = '\0';
        char *svg = inline_svg(text, (size_t)n);
        free(text);
        fclose(tmp);
        return svg;
    }
    if (st == KG_OK)
        snprintf(why, whylen, "the drawing could not be read back");
    free(text);
    fclose(tmp);
    return NULL;
}

/* Adds TEXT to why, after `sep` when why has text; not a reason it
 * gives already. */
static void add_reason(char *why, size_t whylen, const char *sep,
                       const char *text)
{
    size_t used = strlen(why);
    if (used && strstr(why, text))
        return;
    snprintf(why + used, whylen - used, "%s%s", used ? sep : "", text);
}

/*
 * When the figure cannot be drawn, simpler drawings in turn, until one
 * is: the same without the sources' numbers on its lines (a line that
 * folds thousands of rows has a label of thousands of numbers, wider
 * than dot lays out), then an overview of the entities by type, when it
 * has fewer nodes (a few, which any engine lays out).  The SVG, with
 * what was drawn in *shown (an overview made here in *made, for the
 * caller to free) and why the first could not be in why; or NULL with
 * every reason in why.
 */
static char *simpler_figure(const kg_graph *g, const kg_report_options *o,
                            const kg_graph **shown, kg_graph **made, char *why,
                            size_t whylen)
{
    char again[1536] = "";
    kg_report_options plain = *o;
    plain.figure.cite = 0;
    char *svg = NULL;
    if (o->figure.cite) {
        svg = figure_svg(*shown, &plain, again, sizeof again);
        if (svg) {
            add_reason(why, whylen, "; ",
                       "drawn without the sources' numbers on its lines");
            return svg;
        }
        add_reason(why, whylen, "\n", again);
    }
    kg_graph *t = kg_collapse(g, "type", NULL);
    if (t && kg_graph_stats(t).entities < kg_graph_stats(*shown).entities) {
        again[0] = '\0';
        svg = figure_svg(t, &plain, again, sizeof again);
        if (svg) {
            add_reason(why, whylen, "; ",
                       "drawn instead: an overview of the entities by type");
            *shown = *made = t;
            return svg;
        }
        add_reason(why, whylen, "\n", again);
    }
    kg_graph_free(t);
    return NULL;
}

/* ---- The header ---- */

static void html(kg_out *out, const char *s)
{
    kg_html_text(out, s ? s : "");
}

/* Input `path` as outputs name it (util/path.h: never an absolute
 * path), as HTML text. */
static void input_name(kg_out *out, const char *path)
{
    kg_buf b;
    kg_buf_init(&b);
    const char *slash = strrchr(path, '/');
    if (kg_path_shown(&b, path) == 0)
        html(out, b.data);
    else /* out of memory: the file's name, which is always safe */
        html(out, slash && slash[1] ? slash + 1 : path);
    kg_buf_free(&b);
}

/* s[0..n) as HTML text, in pieces that never cut a UTF-8 character. */
static void html_span(kg_out *out, const char *s, size_t n)
{
    char piece[256];
    while (n) {
        size_t k = n < sizeof piece - 1 ? n : sizeof piece - 1;
        while (k < n && k > 1 && ((unsigned char)s[k] & 0xC0) == 0x80)
            k--;
        memcpy(piece, s, k);
        piece[k] = '\0';
        html(out, piece);
        s += k;
        n -= k;
    }
}

/* A note of the run as HTML text, each input given by an absolute path
 * named as outputs name it: the run's messages quote the paths they
 * were given. */
static void note_text(kg_out *out, const kg_graph *g, const char *note)
{
    const char *p = note, *plain = note;
    while (*p) {
        size_t best = 0, file = 0;
        for (size_t i = 0; i < kg_graph_nfiles(g); i++) {
            const char *f = kg_graph_file(g, i);
            size_t n = f[0] == '/' ? strlen(f) : 0;
            if (n > best && strncmp(p, f, n) == 0) {
                best = n;
                file = i;
            }
        }
        if (!best) {
            p++;
            continue;
        }
        html_span(out, plain, (size_t)(p - plain));
        input_name(out, kg_graph_file(g, file));
        p += best;
        plain = p;
    }
    html(out, plain);
}

static long long run_date(const kg_report_options *o)
{
    if (o->date >= 0)
        return o->date;
    const char *epoch = getenv("SOURCE_DATE_EPOCH");
    char *end;
    long long t = epoch ? strtoll(epoch, &end, 10) : -1;
    return epoch && *epoch && !*end && t >= 0 ? t : (long long)time(NULL);
}

/* An input file's size and SHA-256, or `bad` when it cannot be read
 * again (a FIFO, standard input) or reading failed; `kept` when they are
 * the ones taken as it was read (kg_graph_set_file_hashes). */
typedef struct digest {
    const char *path;
    unsigned long long total;
    unsigned char d[32];
    int bad, kept;
} digest;

static void hash_file(digest *x)
{
    if (x->kept)
        return;
    FILE *f = NULL;
    struct stat st;
    if (stat(x->path, &st) == 0 && S_ISREG(st.st_mode))
        f = fopen(x->path, "rb");
    x->bad = !f;
    if (!f)
        return;
    kg_sha256_ctx s;
    kg_sha256_init(&s);
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        kg_sha256_update(&s, chunk, n);
        x->total += n;
    }
    x->bad = ferror(f) ? 2 : 0;
    fclose(f);
    kg_sha256_final(&s, x->d);
}

/* One input file's row: its size and SHA-256, or a dash for what cannot
 * be read again. */
static void input_row(kg_out *out, const digest *x)
{
    kg_out_puts(out, "<tr><td>");
    input_name(out, x->path);
    if (x->bad == 1) {
        kg_out_puts(out, "</td><td>&mdash;</td><td>&mdash;</td></tr>\n");
        return;
    }
    kg_out_printf(out, "</td><td class=\"num\">%llu</td><td class=\"hash\">",
                  x->total);
    for (int i = 0; !x->bad && i < 32; i++)
        kg_out_printf(out, "%02x", x->d[i]);
    kg_out_puts(out, x->bad ? "&mdash;</td></tr>\n" : "</td></tr>\n");
}

/* File i's size and SHA-256 as kept while it was read, if they were. */
static void kept(digest *x, const kg_graph *g, size_t i)
{
    x->path = kg_graph_file(g, i);
    x->kept = kg_graph_file_sha256(g, i, x->d, &x->total);
}

/* The inputs' rows: the hashes kept while reading (every CSV and TSV
 * file), the other files read again here. */
static void input_rows(kg_out *out, const kg_graph *g)
{
    for (size_t i = 0; i < kg_graph_nfiles(g); i++) {
        digest x = {0};
        kept(&x, g, i);
        hash_file(&x); /* nothing when kept */
        input_row(out, &x);
    }
}

static void write_header(kg_out *out, const kg_graph *g,
                         const kg_report_options *o)
{
    kg_stats s = kg_graph_stats(g);
    time_t t = (time_t)run_date(o);
    struct tm tm;
    char date[64] = "";
    if (gmtime_r(&t, &tm))
        strftime(date, sizeof date, "%Y-%m-%d %H:%M UTC", &tm);
    kg_out_puts(out, "<header>\n<h1>");
    html(out, o->figure.title ? o->figure.title : "Knowledge graph");
    kg_out_printf(out,
                  "</h1>\n<p class=\"meta\">Made by kgraph %s on %s from %lu "
                  "file%s: %lu rows, %lu entities, %lu relations; %lu merges; "
                  "%lu rows rejected; %lu errors, %lu warnings.</p>\n",
                  kg_version(), date, s.files, s.files == 1 ? "" : "s", s.rows,
                  s.entities, s.relations, s.merges, s.rejected, s.errors,
                  s.warnings);
    kg_out_puts(out, "<table class=\"inputs\"><thead><tr><th>Input file</th>"
                     "<th>Bytes</th><th>SHA-256</th></tr></thead><tbody>\n");
    input_rows(out, g);
    kg_out_puts(out, "</tbody></table>\n</header>\n");
}

/* ---- The tables ---- */

/* Past this many rows, a table's rows are not written as HTML but made by
 * the script from the data, a few hundred at a time after the page opens:
 * parsing 15,000 rows of HTML kept a page of 5,000 entities from
 * answering for 1.5 s. */
enum { LAZY_ROWS = 2000 };

static const char *name_of(const kg_graph *g, uint32_t e)
{
    return kg_ent(g, e)->name ? kg_ent(g, e)->name : kg_ent_id(g, kg_ent(g, e));
}

static void aliases_text(kg_out *out, const kg_graph *g, uint32_t e)
{
    int k = 0;
    for (const kg_attr *a = kg_attr_at(g, kg_ent(g, e)->aliases); a;
         a = kg_attr_next(g, a)) {
        kg_out_puts(out, k++ ? "; " : "");
        html(out, a->value);
    }
}

static void entity_table(kg_out *out, const kg_graph *g, const uint32_t *pos,
                         const kg_centrality *c, const kg_sampling *sampling,
                         uint32_t n)
{
    kg_out_puts(out, "<section id=\"entities\">\n<h2>Entities</h2>\n");
    if (c && sampling->sampled) { /* plain text: digits, words, % ( ) ; , . */
        kg_out_puts(out, "<p class=\"note\">Betweenness is estimated: the "
                         "graph is too large to compute it exactly. ");
        kg_sampling_text(out, sampling);
        kg_out_puts(out, "</p>\n");
    }
    kg_out_puts(
        out,
        ""
        "<input class=\"filter\" type=\"search\" data-table=\"t-entities\" "
        "placeholder=\"Filter entities\" aria-label=\"Filter entities\">\n"
        "<table id=\"t-entities\" class=\"data\"><thead><tr>"
        "<th>Name</th><th>Type</th><th>Aliases</th>"
        "<th class=\"num\">Degree</th><th class=\"num\">Betweenness</th>"
        "</tr></thead>");
    if (n > LAZY_ROWS) {
        kg_out_puts(
            out,
            "<tbody data-lazy=\"entities\"></tbody></table>\n</section>\n");
        return;
    }
    kg_out_puts(out, "<tbody>\n");
    for (uint32_t e = 0; e < kg_nents(g); e++) {
        if (pos[e] == KG_NONE)
            continue;
        const char *type = kg_ent_type(g, kg_ent(g, e));
        kg_out_printf(out, "<tr data-e=\"%u\"><td>", pos[e]);
        html(out, name_of(g, e));
        kg_out_puts(out, "</td><td>");
        html(out, type);
        kg_out_puts(out, "</td><td>");
        aliases_text(out, g, e);
        kg_out_printf(out,
                      "</td><td class=\"num\">%lu</td><td class=\"num\">%.1f"
                      "</td></tr>\n",
                      c ? c[e].degree : 0, c ? c[e].betweenness : 0.0);
    }
    kg_out_puts(out, "</tbody></table>\n</section>\n");
}

static void relation_table(kg_out *out, const kg_graph *g, const uint32_t *num,
                           uint32_t n, int *nomem)
{
    kg_out_puts(out, "<section id=\"relations\">\n<h2>Relations</h2>\n"
                     "<p class=\"note\">The numbers are those on the "
                     "figure's lines and in the sources table (");
    kg_html_text(out, kg_setting_name(kg_graph_diag(g), KG_SETTING_SOURCES));
    kg_out_puts(
        out,
        "): relations with evidence or a citation, in input order.</p>\n"
        "<input class=\"filter\" type=\"search\" data-table=\"t-relations\" "
        "placeholder=\"Filter relations\" aria-label=\"Filter relations\">\n"
        "<table id=\"t-relations\" class=\"data\"><thead><tr>"
        "<th class=\"num\">#</th><th>From</th><th>To</th><th>Relation</th>"
        "<th>Date</th><th>Confidence</th><th>Evidence</th><th>Citation</th>"
        "</tr></thead>");
    if (n > LAZY_ROWS) {
        kg_out_puts(
            out,
            "<tbody data-lazy=\"relations\"></tbody></table>\n</section>\n");
        return;
    }
    kg_out_puts(out, "<tbody>\n");
    uint32_t k = 0;
    for (uint32_t i = 0; i < kg_nrels(g) && !*nomem; i++) {
        if (!kg_edge_shown(g, i))
            continue;
        kg_cite_row row;
        *nomem = kg_cite_gather(g, i, &row) != 0;
        if (!*nomem) {
            kg_out_printf(out, "<tr data-r=\"%u\"><td class=\"num\">", k);
            if (num[i])
                kg_out_printf(out, "%u", num[i]);
            kg_out_puts(out, "</td><td>");
            html(out, row.from);
            kg_out_puts(out, "</td><td>");
            html(out, row.to);
            kg_out_puts(out, "</td><td>");
            html(out, row.relation.data);
            for (int c = KG_CITE_DATE; c <= KG_CITE_CONFIDENCE; c++) {
                kg_out_puts(out, "</td><td>");
                html(out, row.cols[c].data);
            }
            kg_out_puts(out, "</td><td class=\"quote\">");
            html(out, row.cols[KG_CITE_QUOTE].data);
            kg_out_puts(out, "</td><td>");
            kg_html_citation(out, row.cols[KG_CITE_CITATION].data
                                      ? row.cols[KG_CITE_CITATION].data
                                      : "");
            kg_out_puts(out, "</td></tr>\n");
        }
        kg_cite_row_free(&row);
        k++;
    }
    kg_out_puts(out, "</tbody></table>\n</section>\n");
}

static void merge_table(kg_out *out, const kg_graph *g)
{
    kg_out_puts(out, "<section id=\"merges\">\n<h2>Merges</h2>\n");
    size_t n = kg_merge_count(g);
    if (!n) {
        kg_out_puts(out,
                    "<p class=\"note\">No rows or entities were merged.</p>\n"
                    "</section>\n");
        return;
    }
    kg_out_puts(
        out, "<input class=\"filter\" type=\"search\" data-table=\"t-merges\" "
             "placeholder=\"Filter merges\" aria-label=\"Filter merges\">\n"
             "<table id=\"t-merges\" class=\"data\"><thead><tr><th>Kept</th>"
             "<th>Merged</th><th>What</th><th>Rule</th><th>File</th>"
             "<th class=\"num\">Line</th></tr></thead><tbody>\n");
    for (size_t i = 0; i < n; i++) {
        kg_merge m;
        kg_merge_at(g, i, &m);
        kg_out_puts(out, "<tr><td>");
        html(out, m.survivor);
        kg_out_puts(out, "</td><td>");
        html(out, m.merged);
        kg_out_puts(out, "</td><td>");
        html(out, kg_merge_kind_name(m.kind));
        kg_out_puts(out, "</td><td>");
        html(out, kg_rule_name(m.rule));
        kg_out_puts(out, "</td><td>");
        input_name(out, m.file);
        kg_out_printf(out, "</td><td class=\"num\">%lu</td></tr>\n", m.line);
    }
    kg_out_puts(out, "</tbody></table>\n</section>\n");
}

static void warning_list(kg_out *out, const kg_graph *g,
                         const kg_report_options *o)
{
    kg_out_puts(out, "<section id=\"warnings\">\n<h2>Warnings</h2>\n");
    if (!o->nnotes)
        kg_out_puts(out, "<p class=\"note\">The run had no warnings.</p>\n");
    else
        kg_out_puts(out, "<ul class=\"warnings\">\n");
    for (size_t i = 0; i < o->nnotes; i++) {
        kg_out_puts(out, "<li>");
        note_text(out, g, o->notes[i]);
        kg_out_puts(out, "</li>\n");
    }
    kg_out_puts(out, o->nnotes ? "</ul>\n</section>\n" : "</section>\n");
}

/* ---- The data for the script ---- */

/* Whether the panel shows a relation's attribute under a head of its
 * own (where it comes from: evidence.h's roles; its confidence), asked
 * once per key (util/key_memo.h: the graph does not change while the
 * page is written). */
static int own_head_of(const char *key)
{
    return kg_prov_of(key) != KG_PROV_NONE || kg_confidence_key(key);
}

/* Whether list l has an attribute json_attrs writes. */
static int attrs_shown(const kg_graph *g, kg_list l, kg_key_memo *others)
{
    kg_attr_it it;
    for (kg_attr_begin(g, l, &it); kg_attr_step(&it);)
        if (!others || !kg_key_memo_ask(others, it.key, own_head_of))
            return 1;
    return 0;
}

/* The attributes of list l; for a relation (`others`: its keys' memo),
 * those the panel does not show under its own heads (own_head_of). */
static void json_attrs(kg_out *out, const kg_graph *g, kg_list l,
                       kg_key_memo *others)
{
    kg_attr_it it;
    int k = 0;
    kg_out_putc(out, '[');
    for (kg_attr_begin(g, l, &it); kg_attr_step(&it);) {
        if (others && kg_key_memo_ask(others, it.key, own_head_of))
            continue;
        kg_out_puts(out, k++ ? ",[" : "[");
        kg_json_text(out, NULL, it.key, KG_JSON_IN_SCRIPT);
        kg_out_putc(out, ',');
        kg_json_text(out, NULL, it.value, KG_JSON_IN_SCRIPT);
        kg_out_putc(out, ']');
    }
    kg_out_putc(out, ']');
}

/* ",", then s (NULL: "") as a JSON string for the block. */
static void json_field(kg_out *out, const char *s)
{
    kg_out_putc(out, ',');
    kg_json_text(out, NULL, s ? s : "", KG_JSON_IN_SCRIPT);
}

static int filled(const char *s)
{
    return s && *s;
}

/*
 * The data block gives each kind of item as its fields, named once, and
 * its rows, one array an item with the fields in that order (pandas'
 * "split" layout): the names written on every item were a third of a
 * page's bytes.  A row ends at its last field that is not empty (a
 * string "", an empty list, a null link): report.js reads a field past
 * a row's end as empty.  An entity's element in the figure is not given:
 * it is "n-" and its id as kg_svg_id writes it, which the script makes.
 */
static const char ENTITY_FIELDS[] =
    "[\"id\",\"name\",\"type\",\"degree\",\"betweenness\",\"aliases\","
    "\"attrs\"]";
static const char RELATION_FIELDS[] =
    "[\"n\",\"s\",\"t\",\"dir\",\"relation\",\"date\",\"quote\","
    "\"attrs\",\"confidence\",\"citation\",\"href\"]";

/* One entity's row; `first`: no comma before it. */
static void json_entity(kg_out *out, const kg_graph *g, uint32_t e,
                        const kg_centrality *c, int first)
{
    const kg_entity *x = kg_ent(g, e);
    kg_out_puts(out, first ? "\n[" : ",\n[");
    kg_json_text(out, NULL, kg_ent_id(g, x), KG_JSON_IN_SCRIPT);
    json_field(out, name_of(g, e));
    json_field(out, kg_ent_type(g, x));
    kg_out_putc(out, ',');
    kg_out_ulong(out, c ? c[e].degree : 0);
    kg_out_putc(out, ',');
    kg_out_fixed3(out, c ? c[e].betweenness : 0.0);
    int attrs = attrs_shown(g, kg_ent_attrs(g, x), NULL);
    const kg_attr *al = kg_attr_at(g, x->aliases);
    if (al || attrs) {
        kg_out_puts(out, ",[");
        for (int a = 0; al; al = kg_attr_next(g, al), a++) {
            kg_out_puts(out, a ? "," : "");
            kg_json_text(out, NULL, al->value, KG_JSON_IN_SCRIPT);
        }
        kg_out_putc(out, ']');
    }
    if (attrs) {
        kg_out_putc(out, ',');
        json_attrs(out, g, kg_ent_attrs(g, x), NULL);
    }
    kg_out_putc(out, ']');
}

/* Whether a citation is a link, its link then in href as the script sets
 * it (a.href, which takes the URL itself: kg_cite_link's form is for
 * markup, '&' as "&amp;"): 1 or 0, or -1 when out of memory. */
static int href_of(kg_buf *href, const char *cite)
{
    kg_buf_clear(href);
    if (!cite || !kg_cite_link(href, cite))
        return 0;
    kg_buf_clear(href);
    return kg_link_url(href, cite) ? -1 : 1;
}

/* What a worker keeps from one relation to the next. */
typedef struct relation_memo {
    kg_buf href;        /* a citation's link */
    kg_cite_memo *cols; /* kg_cite_gather_values' (NULL: none) */
    kg_cite_row row;    /* the relation's values, its buffers kept */
    kg_key_memo heads;  /* json_attrs' */
} relation_memo;

/* The fields of a relation's row, in RELATION_FIELDS' order. */
enum {
    R_DIR = 3,
    R_RELATION,
    R_DATE,
    R_QUOTE,
    R_ATTRS,
    R_CONFIDENCE,
    R_CITATION,
    R_HREF
};

/* The last field of a relation's row that is not empty. */
static int relation_last(const kg_graph *g, const kg_relation *r,
                         relation_memo *m, int linked)
{
    const kg_cite_row *row = &m->row;
    if (linked)
        return R_HREF;
    if (filled(row->cols[KG_CITE_CITATION].data))
        return R_CITATION;
    if (filled(row->cols[KG_CITE_CONFIDENCE].data))
        return R_CONFIDENCE;
    if (attrs_shown(g, kg_rel_attrs(g, r), &m->heads))
        return R_ATTRS;
    if (filled(row->cols[KG_CITE_QUOTE].data))
        return R_QUOTE;
    if (filled(row->cols[KG_CITE_DATE].data))
        return R_DATE;
    return filled(row->relation.data) ? R_RELATION : R_DIR;
}

/* A relation's fields from R_RELATION to `last`. */
static void relation_fields(kg_out *out, const kg_graph *g,
                            const kg_relation *r, relation_memo *m, int last)
{
    const kg_cite_row *row = &m->row;
    for (int f = R_RELATION; f <= last; f++) {
        switch (f) {
        case R_RELATION: json_field(out, row->relation.data); break;
        case R_DATE: json_field(out, row->cols[KG_CITE_DATE].data); break;
        case R_QUOTE: json_field(out, row->cols[KG_CITE_QUOTE].data); break;
        case R_ATTRS:
            kg_out_putc(out, ',');
            json_attrs(out, g, kg_rel_attrs(g, r), &m->heads);
            break;
        case R_CONFIDENCE:
            json_field(out, row->cols[KG_CITE_CONFIDENCE].data);
            break;
        case R_CITATION:
            json_field(out, row->cols[KG_CITE_CITATION].data);
            break;
        default: json_field(out, m->href.data); break; /* R_HREF */
        }
    }
}

/* One relation's row; `first`: no comma before it. */
static int json_relation(kg_out *out, relation_memo *m, const kg_graph *g,
                         uint32_t i, const uint32_t *pos, const uint32_t *num,
                         int first)
{
    const kg_relation *r = kg_rel(g, i);
    int rc = kg_cite_gather_values(g, i, &m->row, m->cols); /* ends: by pos */
    int linked = rc ? 0 : href_of(&m->href, m->row.cols[KG_CITE_CITATION].data);
    if (rc || linked < 0)
        return -1;
    kg_out_puts(out, first ? "\n[" : ",\n[");
    kg_out_ulong(out, num[i]);
    kg_out_putc(out, ',');
    kg_out_ulong(out, pos[r->src]);
    kg_out_putc(out, ',');
    kg_out_ulong(out, pos[r->dst]);
    kg_out_puts(out, kg_rel_undirected(g, i) ? ",0" : ",1");
    relation_fields(out, g, r, m, relation_last(g, r, m, linked));
    kg_out_putc(out, ']');
    return 0;
}

/*
 * The entities' and relations' rows are most of a large page: they are
 * formatted on two threads and written in order (util/chunks.h), each
 * row on its own line, a comma before every one but the first shown.  A worker
 * has only its own scratch text and memos; the graph and the arrays are read.
 */
typedef struct json_run {
    const kg_graph *g;
    const uint32_t *pos, *num;
    const kg_centrality *c;
    uint32_t first; /* the first item shown */
    int relations;  /* items are relations, else entities */
} json_run;

typedef struct json_worker {
    const json_run *run;
    kg_out *out;
    relation_memo m; /* a relation's */
} json_worker;

static void json_worker_init(json_worker *w, const json_run *run, kg_out *out)
{
    memset(w, 0, sizeof *w);
    w->run = run;
    w->out = out;
    kg_buf_init(&w->m.href);
    w->m.cols = run->relations ? kg_cite_memo_new() : NULL; /* NULL: slower */
}

static void *json_worker_new(void *self, kg_out *out)
{
    json_worker *w = kg_malloc(sizeof *w);
    if (w)
        json_worker_init(w, ((json_worker *)self)->run, out);
    return w;
}

/* How many relations ahead their ends' positions are fetched: the ends
 * are scattered over the entities, and the positions are all the
 * row names them by (not their entities, nor their names). */
enum { ENDS_AHEAD = 16 };

static void fetch_ends(const json_run *r, size_t k, size_t to)
{
    if (k + ENDS_AHEAD < to) {
        const kg_relation *x = kg_rel(r->g, (uint32_t)(k + ENDS_AHEAD));
        kg_prefetch(&r->pos[x->src]);
        kg_prefetch(&r->pos[x->dst]);
    }
}

static int json_format(void *worker, size_t from, size_t to)
{
    json_worker *w = worker;
    const json_run *r = w->run;
    int rc = 0;
    for (size_t k = from; k < to && rc == 0; k++) {
        uint32_t i = (uint32_t)k;
        if (r->relations)
            fetch_ends(r, k, to);
        if (r->relations ? !kg_edge_shown(r->g, i) : r->pos[i] == KG_NONE)
            continue;
        if (!r->relations) {
            json_entity(w->out, r->g, i, r->c, i == r->first);
            continue;
        }
        rc = json_relation(w->out, &w->m, r->g, i, r->pos, r->num,
                           i == r->first);
    }
    return rc;
}

static void json_worker_free(json_worker *w)
{
    kg_buf_free(&w->m.href);
    kg_cite_row_free(&w->m.row);
    free(w->m.cols);
}

static void json_worker_done(void *self, void *worker)
{
    (void)self;
    json_worker_free(worker);
    free(worker);
}

/* Every entity's (relations: 0) or relation's row, in order. */
static int json_items(kg_out *out, const json_run *r, size_t n)
{
    json_worker self;
    json_worker_init(&self, r, out);
    kg_chunk_job job = {.n = n,
                        .chunk = kg_graph_settings(r->g)->writer_chunk,
                        .out = out,
                        .self = &self,
                        .worker_new = json_worker_new,
                        .format = json_format,
                        .worker_done = json_worker_done};
    int rc = kg_chunks_write(&job);
    json_worker_free(&self);
    return rc;
}

static int json_entities(kg_out *out, const kg_graph *g, const uint32_t *pos,
                         const kg_centrality *c)
{
    json_run r = {g, pos, NULL, c, KG_NONE, 0};
    for (uint32_t e = 0; e < kg_nents(g) && r.first == KG_NONE; e++)
        if (pos[e] != KG_NONE)
            r.first = e;
    kg_out_puts(out, "\"entities\":{\"fields\":");
    kg_out_puts(out, ENTITY_FIELDS);
    kg_out_puts(out, ",\"rows\":[");
    int rc = json_items(out, &r, kg_nents(g));
    kg_out_puts(out, "]}");
    return rc;
}

static int json_relations(kg_out *out, const kg_graph *g, const uint32_t *pos,
                          const uint32_t *num)
{
    json_run r = {g, pos, num, NULL, KG_NONE, 1};
    for (uint32_t i = 0; i < kg_nrels(g) && r.first == KG_NONE; i++)
        if (kg_edge_shown(g, i))
            r.first = i;
    kg_out_puts(out, ",\"relations\":{\"fields\":");
    kg_out_puts(out, RELATION_FIELDS);
    kg_out_puts(out, ",\"rows\":[");
    int rc = json_items(out, &r, kg_nrels(g));
    kg_out_puts(out, "]}");
    return rc;
}

/* ---- The page ---- */

static void write_head(kg_out *out, const kg_report_options *o)
{
    kg_out_puts(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta "
        "charset=\"utf-8\">\n"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
        "'none'; script-src ");
    csp_hash(out, kg_report_js);
    kg_out_puts(out, "; style-src ");
    csp_hash(out, kg_report_css);
    kg_out_puts(out, "; img-src data:; base-uri 'none'; form-action 'none'\">\n"
                     "<meta name=\"viewport\" content=\"width=device-width, "
                     "initial-scale=1\">\n<meta name=\"referrer\" "
                     "content=\"no-referrer\">\n");
    kg_out_printf(out,
                  "<meta name=\"generator\" content=\"kgraph %s\">\n<title>",
                  kg_version());
    html(out, o->figure.title ? o->figure.title : "Knowledge graph");
    kg_out_puts(out, "</title>\n<style>");
    kg_out_puts(out, kg_report_css);
    kg_out_puts(out, "</style>\n</head>\n<body>\n");
}

static void write_figure(kg_out *out, const char *svg, const char *why,
                         const kg_graph *shown, const kg_graph *g)
{
    kg_out_puts(
        out,
        "<section id=\"figure\">\n<h2 class=\"print-only\">Figure</h2>\n"
        "<div class=\"toolbar\" role=\"toolbar\">"
        "<input id=\"search\" type=\"search\" placeholder=\"Find an "
        "entity: name, alias or id\" aria-label=\"Find an entity\">"
        "<span id=\"hits\" aria-live=\"polite\"></span>"
        "<button id=\"zoom-in\" type=\"button\" title=\"Zoom in (+)\">+"
        "</button><button id=\"zoom-out\" type=\"button\" title=\"Zoom out "
        "(-)\">&minus;</button><button id=\"fit\" type=\"button\" "
        "title=\"Fit (0)\">Fit</button></div>\n");
    if (shown != g) {
        kg_stats a = kg_graph_stats(shown), b = kg_graph_stats(g);
        kg_out_printf(
            out,
            "<p class=\"note\">The graph is too large to draw whole: "
            "the figure is an overview, %lu nodes for its %lu "
            "entities; the tables list every entity and relation.</p>\n",
            a.entities, b.entities);
    }
    kg_out_puts(out,
                "<div class=\"stage\"><div id=\"viewport\" tabindex=\"0\" "
                "aria-label=\"The figure: drag to pan, wheel or + and - to "
                "zoom\">\n");
    if (svg)
        kg_out_write_block(out, svg, strlen(svg));
    else {
        kg_out_puts(out, "<p class=\"note\">The figure could not be drawn: ");
        html(out, why);
        kg_out_puts(out, "</p>");
    }
    kg_out_puts(out,
                "\n</div>\n<aside id=\"panel\" hidden><button id=\"close\" "
                "type=\"button\" title=\"Close\">&times;</button>"
                "<div id=\"panel-body\"></div></aside></div>\n</section>\n");
}

static kg_status write_report(const kg_graph *g, FILE *stream,
                              const kg_report_options *opts);

kg_status kg_write_report(const kg_graph *g, FILE *stream,
                          const kg_report_options *opts)
{
    kg_clock c = kg_graph_clock(g);
    kg_status st = write_report(g, stream, opts);
    kg_graph_timed(g, c, "report", NULL);
    return st;
}

static kg_status write_report(const kg_graph *g, FILE *stream,
                              const kg_report_options *opts)
{
    if (!g || !stream || !kg_graph_resolved(g))
        return KG_ERR_USAGE;
    kg_report_options o = opts ? *opts : kg_report_defaults();
    const kg_graph *shown = o.figure_graph ? o.figure_graph : g;
    /* an overview's lines fold many rows each: they carry their counts,
     * not thousands of numbers (simpler_figure) */
    if (o.figure_graph)
        o.figure.cite = 0;
    char why[1536] = "";
    kg_graph *made = NULL; /* an overview drawn instead */
    char *svg = figure_svg(shown, &o, why, sizeof why);
    if (!svg) {
        svg = simpler_figure(g, &o, &shown, &made, why, sizeof why);
        kg_tell_lines(kg_graph_diag(g), KG_WARNING, why);
    }
    kg_sampling sampling = {0};
    const kg_analyses *a = o.ahead;
    int found_ahead = a && a->g == g && a->c && a->nents == kg_nents(g) &&
                      a->nrels == kg_nrels(g);
    kg_centrality *own = found_ahead ? NULL : kg_centralities(g, &sampling);
    const kg_centrality *c = found_ahead ? a->c : own;
    if (found_ahead)
        sampling = a->sampling;
    uint32_t *num = kg_cite_numbers(g);
    uint32_t *pos = kg_malloc((kg_nents(g) + 1) * sizeof *pos);
    kg_out *out = kg_malloc(sizeof *out);
    int nomem = !c || !num || !pos || !out;
    uint32_t nents = 0, nrels = 0;
    for (uint32_t e = 0; !nomem && e < kg_nents(g); e++)
        pos[e] = kg_node_shown(g, e) ? nents++ : KG_NONE;
    for (uint32_t i = 0; i < kg_nrels(g); i++)
        nrels += kg_edge_shown(g, i);
    int failed = 0;
    kg_clock wc = kg_graph_clock(g);
    if (!nomem) {
        kg_out_init(out, stream);
        write_head(out, &o);
        write_header(out, g, &o);
        kg_out_puts(out, "<main>\n");
        write_figure(out, svg, why, shown, g);
        entity_table(out, g, pos, c, &sampling, nents);
        relation_table(out, g, num, nrels, &nomem);
        merge_table(out, g);
        warning_list(out, g, &o);
        kg_out_puts(
            out, "</main>\n<script type=\"application/json\" id=\"kg-data\">{");
        nomem = nomem || json_entities(out, g, pos, c) ||
                json_relations(out, g, pos, num);
        kg_out_puts(out, "}</script>\n<script>");
        kg_out_puts(out, kg_report_js);
        kg_out_puts(out, "</script>\n</body>\n</html>\n");
        failed = kg_out_flush(out) ? out->err : 0;
        kg_graph_timed(g, wc, "write", "html");
    }
    free(svg);
    kg_graph_free(made);
    free(own);
    free(num);
    free(pos);
    free(out);
    if (nomem)
        return kg_fail(kg_graph_diag(g), KG_ERR_NOMEM, "out of memory");
    return kg_stream_end(kg_graph_diag(g), stream, failed);
}
