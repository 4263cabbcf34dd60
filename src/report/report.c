/*
 * html_report.c - one HTML file that carries the figure, the data and the
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

#include "analysis/sources.h"
#include "analysis/stats.h"
#include "graph/graph.h"
#include "render/render.h"
#include "rules/evidence.h"
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

static void base64(FILE *out, const unsigned char *d, size_t n)
{
    static const char b64[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
        "0123456789+/";
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)d[i] << 16 |
                     (i + 1 < n ? (unsigned)d[i + 1] << 8 : 0) |
                     (i + 2 < n ? d[i + 2] : 0);
        putc(b64[v >> 18 & 63], out);
        putc(b64[v >> 12 & 63], out);
        putc(i + 1 < n ? b64[v >> 6 & 63] : '=', out);
        putc(i + 2 < n ? b64[v & 63] : '=', out);
    }
}

/* 'sha256-...' for a Content-Security-Policy source list. */
static void csp_hash(FILE *out, const char *text)
{
    unsigned char d[32];
    kg_sha256(text, strlen(text), d);
    fputs("'sha256-", out);
    base64(out, d, sizeof d);
    putc('\'', out);
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

/* ---- The header ---- */

static void html(FILE *out, const char *s)
{
    kg_html_text_file(out, s ? s : "");
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

/* One input file's row: its size and SHA-256, or a dash when it cannot
 * be read again (a FIFO, standard input). */
static void input_row(FILE *out, const char *path)
{
    fputs("<tr><td>", out);
    html(out, path);
    FILE *f = NULL;
    struct stat st;
    if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
        f = fopen(path, "rb");
    if (!f) {
        fputs("</td><td>&mdash;</td><td>&mdash;</td></tr>\n", out);
        return;
    }
    kg_sha256_ctx s;
    kg_sha256_init(&s);
    char chunk[65536];
    size_t n, total = 0;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        kg_sha256_update(&s, chunk, n);
        total += n;
    }
    int bad = ferror(f);
    fclose(f);
    unsigned char d[32];
    kg_sha256_final(&s, d);
    fprintf(out, "</td><td class=\"num\">%zu</td><td class=\"hash\">", total);
    for (int i = 0; !bad && i < 32; i++)
        fprintf(out, "%02x", d[i]);
    fputs(bad ? "&mdash;</td></tr>\n" : "</td></tr>\n", out);
}

static void write_header(FILE *out, const kg_graph *g,
                         const kg_report_options *o)
{
    kg_stats s = kg_graph_stats(g);
    time_t t = (time_t)run_date(o);
    struct tm tm;
    char date[64] = "";
    if (gmtime_r(&t, &tm))
        strftime(date, sizeof date, "%Y-%m-%d %H:%M UTC", &tm);
    fputs("<header>\n<h1>", out);
    html(out, o->figure.title ? o->figure.title : "Knowledge graph");
    fprintf(out,
            "</h1>\n<p class=\"meta\">Made by kgraph %s on %s from %lu "
            "file%s: %lu rows, %lu entities, %lu relations; %lu merges; "
            "%lu rows rejected; %lu errors, %lu warnings.</p>\n",
            kg_version(), date, s.files, s.files == 1 ? "" : "s", s.rows,
            s.entities, s.relations, s.merges, s.rejected, s.errors,
            s.warnings);
    fputs("<table class=\"inputs\"><thead><tr><th>Input file</th>"
          "<th>Bytes</th><th>SHA-256</th></tr></thead><tbody>\n",
          out);
    for (size_t i = 0; i < kg_graph_nfiles(g); i++)
        input_row(out, kg_graph_file(g, i));
    fputs("</tbody></table>\n</header>\n", out);
}

/* ---- The tables ---- */

/* Past this many rows, a table's rows are not written as HTML but made by
 * the script from the data, a few hundred at a time after the page opens:
 * parsing 15,000 rows of HTML kept a page of 5,000 entities from
 * answering for 1.5 s. */
enum { LAZY_ROWS = 2000 };

static const char *name_of(const kg_graph *g, uint32_t e)
{
    return kg_ent(g, e)->name ? kg_ent(g, e)->name : kg_ent(g, e)->id;
}

static void aliases_text(FILE *out, const kg_graph *g, uint32_t e)
{
    int k = 0;
    for (const kg_attr *a = kg_attr_at(g, kg_ent(g, e)->aliases); a;
         a = kg_attr_next(g, a)) {
        fputs(k++ ? "; " : "", out);
        html(out, a->value);
    }
}

static void entity_table(FILE *out, const kg_graph *g, const uint32_t *pos,
                         const kg_centrality *c, uint32_t n)
{
    fputs("<section id=\"entities\">\n<h2>Entities</h2>\n"
          "<input class=\"filter\" type=\"search\" data-table=\"t-entities\" "
          "placeholder=\"Filter entities\" aria-label=\"Filter entities\">\n"
          "<table id=\"t-entities\" class=\"data\"><thead><tr>"
          "<th>Name</th><th>Type</th><th>Aliases</th>"
          "<th class=\"num\">Degree</th><th class=\"num\">Betweenness</th>"
          "</tr></thead>",
          out);
    if (n > LAZY_ROWS) {
        fputs("<tbody data-lazy=\"entities\"></tbody></table>\n</section>\n",
              out);
        return;
    }
    fputs("<tbody>\n", out);
    for (uint32_t e = 0; e < kg_nents(g); e++) {
        if (pos[e] == KG_NONE)
            continue;
        const char *type = kg_ent_type(g, kg_ent(g, e));
        fprintf(out, "<tr data-e=\"%u\"><td>", pos[e]);
        html(out, name_of(g, e));
        fputs("</td><td>", out);
        html(out, type);
        fputs("</td><td>", out);
        aliases_text(out, g, e);
        fprintf(out,
                "</td><td class=\"num\">%lu</td><td class=\"num\">%.1f"
                "</td></tr>\n",
                c ? c[e].degree : 0, c ? c[e].betweenness : 0.0);
    }
    fputs("</tbody></table>\n</section>\n", out);
}

static void relation_table(FILE *out, const kg_graph *g, const uint32_t *num,
                           uint32_t n, int *nomem)
{
    fputs("<section id=\"relations\">\n<h2>Relations</h2>\n"
          "<p class=\"note\">The numbers are those on the figure's lines "
          "and in the sources table (--sources): relations with evidence or "
          "a citation, in input order.</p>\n"
          "<input class=\"filter\" type=\"search\" data-table=\"t-relations\" "
          "placeholder=\"Filter relations\" aria-label=\"Filter relations\">\n"
          "<table id=\"t-relations\" class=\"data\"><thead><tr>"
          "<th class=\"num\">#</th><th>From</th><th>To</th><th>Relation</th>"
          "<th>Date</th><th>Confidence</th><th>Evidence</th><th>Citation</th>"
          "</tr></thead>",
          out);
    if (n > LAZY_ROWS) {
        fputs("<tbody data-lazy=\"relations\"></tbody></table>\n</section>\n",
              out);
        return;
    }
    fputs("<tbody>\n", out);
    uint32_t k = 0;
    for (uint32_t i = 0; i < kg_nrels(g) && !*nomem; i++) {
        if (!kg_edge_shown(g, i))
            continue;
        kg_cite_row row;
        *nomem = kg_cite_gather(g, i, &row) != 0;
        if (!*nomem) {
            fprintf(out, "<tr data-r=\"%u\"><td class=\"num\">", k);
            if (num[i])
                fprintf(out, "%u", num[i]);
            fputs("</td><td>", out);
            html(out, row.from);
            fputs("</td><td>", out);
            html(out, row.to);
            fputs("</td><td>", out);
            html(out, row.relation.data);
            for (int c = KG_CITE_DATE; c <= KG_CITE_CONFIDENCE; c++) {
                fputs("</td><td>", out);
                html(out, row.cols[c].data);
            }
            fputs("</td><td class=\"quote\">", out);
            html(out, row.cols[KG_CITE_QUOTE].data);
            fputs("</td><td>", out);
            kg_html_citation(out, row.cols[KG_CITE_CITATION].data
                                      ? row.cols[KG_CITE_CITATION].data
                                      : "");
            fputs("</td></tr>\n", out);
        }
        kg_cite_row_free(&row);
        k++;
    }
    fputs("</tbody></table>\n</section>\n", out);
}

static void merge_table(FILE *out, const kg_graph *g)
{
    fputs("<section id=\"merges\">\n<h2>Merges</h2>\n", out);
    size_t n = kg_merge_count(g);
    if (!n) {
        fputs("<p class=\"note\">No rows or entities were merged.</p>\n"
              "</section>\n",
              out);
        return;
    }
    fputs("<input class=\"filter\" type=\"search\" data-table=\"t-merges\" "
          "placeholder=\"Filter merges\" aria-label=\"Filter merges\">\n"
          "<table id=\"t-merges\" class=\"data\"><thead><tr><th>Kept</th>"
          "<th>Merged</th><th>What</th><th>Rule</th><th>File</th>"
          "<th class=\"num\">Line</th></tr></thead><tbody>\n",
          out);
    for (size_t i = 0; i < n; i++) {
        kg_merge m;
        kg_merge_at(g, i, &m);
        fputs("<tr><td>", out);
        html(out, m.survivor);
        fputs("</td><td>", out);
        html(out, m.merged);
        fputs("</td><td>", out);
        html(out, kg_merge_kind_name(m.kind));
        fputs("</td><td>", out);
        html(out, kg_rule_name(m.rule));
        fputs("</td><td>", out);
        html(out, m.file);
        fprintf(out, "</td><td class=\"num\">%lu</td></tr>\n", m.line);
    }
    fputs("</tbody></table>\n</section>\n", out);
}

static void warning_list(FILE *out, const kg_report_options *o)
{
    fputs("<section id=\"warnings\">\n<h2>Warnings</h2>\n", out);
    if (!o->nnotes)
        fputs("<p class=\"note\">The run had no warnings.</p>\n", out);
    else
        fputs("<ul class=\"warnings\">\n", out);
    for (size_t i = 0; i < o->nnotes; i++) {
        fputs("<li>", out);
        html(out, o->notes[i]);
        fputs("</li>\n", out);
    }
    fputs(o->nnotes ? "</ul>\n</section>\n" : "</section>\n", out);
}

/* ---- The data for the script ---- */

/* The attributes of list l; for a relation (`others`), those the panel
 * does not show under its own heads: not where it comes from (picture.h's
 * roles), not its confidence. */
static void json_attrs(FILE *out, const kg_graph *g, kg_list l, int others)
{
    kg_attr_it it;
    int k = 0;
    putc('[', out);
    for (kg_attr_begin(g, l, &it); kg_attr_step(&it);) {
        if (others &&
            (kg_prov_of(it.key) != KG_PROV_NONE || kg_confidence_key(it.key)))
            continue;
        fputs(k++ ? ",[" : "[", out);
        kg_json_string(out, it.key, 1);
        putc(',', out);
        kg_json_string(out, it.value, 1);
        putc(']', out);
    }
    putc(']', out);
}

static int json_entities(FILE *out, const kg_graph *g, const uint32_t *pos,
                         const kg_centrality *c)
{
    kg_buf id;
    kg_buf_init(&id);
    int k = 0, rc = 0;
    fputs("\"entities\":[", out);
    for (uint32_t e = 0; e < kg_nents(g) && rc == 0; e++) {
        if (pos[e] == KG_NONE)
            continue;
        const kg_entity *x = kg_ent(g, e);
        fputs(k++ ? ",\n{\"id\":" : "\n{\"id\":", out);
        kg_json_string(out, x->id, 1);
        fputs(",\"name\":", out);
        kg_json_string(out, name_of(g, e), 1);
        fputs(",\"type\":", out);
        kg_json_string(out, kg_ent_type(g, x) ? kg_ent_type(g, x) : "", 1);
        fputs(",\"aliases\":[", out);
        int a = 0;
        for (const kg_attr *al = kg_attr_at(g, x->aliases); al;
             al = kg_attr_next(g, al)) {
            fputs(a++ ? "," : "", out);
            kg_json_string(out, al->value, 1);
        }
        fputs("],\"attrs\":", out);
        json_attrs(out, g, x->attrs, 0);
        kg_buf_clear(&id);
        rc = kg_svg_id(&id, "n-", x->id);
        fputs(",\"svg\":", out);
        kg_json_string(out, id.data ? id.data : "", 1);
        fprintf(out, ",\"degree\":%lu,\"betweenness\":%.3f}",
                c ? c[e].degree : 0, c ? c[e].betweenness : 0.0);
    }
    fputs("]", out);
    kg_buf_free(&id);
    return rc;
}

static int json_relations(FILE *out, const kg_graph *g, const uint32_t *pos,
                          const uint32_t *num)
{
    int k = 0, rc = 0;
    kg_buf href;
    kg_buf_init(&href);
    fputs(",\"relations\":[", out);
    for (uint32_t i = 0; i < kg_nrels(g) && rc == 0; i++) {
        if (!kg_edge_shown(g, i))
            continue;
        const kg_relation *r = kg_rel(g, i);
        kg_cite_row row;
        rc = kg_cite_gather(g, i, &row);
        if (rc == 0) {
            fprintf(out, "%s{\"n\":%u,\"s\":%u,\"t\":%u,\"dir\":%d,",
                    k++ ? ",\n" : "\n", num[i], pos[r->src], pos[r->dst],
                    !kg_rel_undirected(g, i));
            fputs("\"relation\":", out);
            kg_json_string(out, row.relation.data ? row.relation.data : "", 1);
            static const char *const names[KG_CITE_NCOLS] = {
                "quote", "citation", "date", "confidence"};
            for (int c = 0; c < KG_CITE_NCOLS; c++) {
                fprintf(out, ",\"%s\":", names[c]);
                kg_json_string(out, row.cols[c].data ? row.cols[c].data : "",
                               1);
            }
            kg_buf_clear(&href);
            const char *cite = row.cols[KG_CITE_CITATION].data;
            fputs(",\"href\":", out);
            if (cite && kg_cite_link(&href, cite))
                kg_json_string(out, href.data, 1);
            else
                fputs("null", out);
            fputs(",\"attrs\":", out);
            json_attrs(out, g, kg_rel_attrs(g, r), 1);
            putc('}', out);
        }
        kg_cite_row_free(&row);
    }
    fputs("]", out);
    kg_buf_free(&href);
    return rc;
}

/* ---- The page ---- */

static void write_head(FILE *out, const kg_report_options *o)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta "
          "charset=\"utf-8\">\n"
          "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
          "'none'; script-src ",
          out);
    csp_hash(out, kg_report_js);
    fputs("; style-src ", out);
    csp_hash(out, kg_report_css);
    fputs("; img-src data:; base-uri 'none'; form-action 'none'\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, "
          "initial-scale=1\">\n<meta name=\"referrer\" "
          "content=\"no-referrer\">\n",
          out);
    fprintf(out, "<meta name=\"generator\" content=\"kgraph %s\">\n<title>",
            kg_version());
    html(out, o->figure.title ? o->figure.title : "Knowledge graph");
    fputs("</title>\n<style>", out);
    fputs(kg_report_css, out);
    fputs("</style>\n</head>\n<body>\n", out);
}

static void write_figure(FILE *out, const char *svg, const char *why,
                         const kg_graph *shown, const kg_graph *g)
{
    fputs("<section id=\"figure\">\n<h2 class=\"print-only\">Figure</h2>\n"
          "<div class=\"toolbar\" role=\"toolbar\">"
          "<input id=\"search\" type=\"search\" placeholder=\"Find an "
          "entity: name, alias or id\" aria-label=\"Find an entity\">"
          "<span id=\"hits\" aria-live=\"polite\"></span>"
          "<button id=\"zoom-in\" type=\"button\" title=\"Zoom in (+)\">+"
          "</button><button id=\"zoom-out\" type=\"button\" title=\"Zoom out "
          "(-)\">&minus;</button><button id=\"fit\" type=\"button\" "
          "title=\"Fit (0)\">Fit</button></div>\n",
          out);
    if (shown != g) {
        kg_stats a = kg_graph_stats(shown), b = kg_graph_stats(g);
        fprintf(out,
                "<p class=\"note\">The graph is too large to draw whole: "
                "the figure is an overview, %lu nodes for its %lu "
                "entities; the tables list every entity and relation.</p>\n",
                a.entities, b.entities);
    }
    fputs("<div class=\"stage\"><div id=\"viewport\" tabindex=\"0\" "
          "aria-label=\"The figure: drag to pan, wheel or + and - to "
          "zoom\">\n",
          out);
    if (svg)
        fputs(svg, out);
    else {
        fputs("<p class=\"note\">The figure could not be drawn: ", out);
        html(out, why);
        fputs("</p>", out);
    }
    fputs("\n</div>\n<aside id=\"panel\" hidden><button id=\"close\" "
          "type=\"button\" title=\"Close\">&times;</button>"
          "<div id=\"panel-body\"></div></aside></div>\n</section>\n",
          out);
}

kg_status kg_write_report(const kg_graph *g, FILE *out,
                          const kg_report_options *opts)
{
    if (!g || !out || !kg_graph_resolved(g))
        return KG_ERR_USAGE;
    kg_report_options o = opts ? *opts : kg_report_defaults();
    const kg_graph *shown = o.figure_graph ? o.figure_graph : g;
    char why[1536] = "";
    char *svg = figure_svg(shown, &o, why, sizeof why);
    if (!svg)
        kg_tell_lines(kg_graph_diag(g), KG_WARNING, why);
    kg_centrality *c = kg_centralities(g);
    uint32_t *num = kg_cite_numbers(g);
    uint32_t *pos = kg_malloc((kg_nents(g) + 1) * sizeof *pos);
    int nomem = !c || !num || !pos;
    uint32_t nents = 0, nrels = 0;
    for (uint32_t e = 0; !nomem && e < kg_nents(g); e++)
        pos[e] = kg_node_shown(g, e) ? nents++ : KG_NONE;
    for (uint32_t i = 0; i < kg_nrels(g); i++)
        nrels += kg_edge_shown(g, i);
    if (!nomem) {
        write_head(out, &o);
        write_header(out, g, &o);
        fputs("<main>\n", out);
        write_figure(out, svg, why, shown, g);
        entity_table(out, g, pos, c, nents);
        relation_table(out, g, num, nrels, &nomem);
        merge_table(out, g);
        warning_list(out, &o);
        fputs("</main>\n<script type=\"application/json\" id=\"kg-data\">{",
              out);
        nomem = nomem || json_entities(out, g, pos, c) ||
                json_relations(out, g, pos, num);
        fputs("}</script>\n<script>", out);
        fputs(kg_report_js, out);
        fputs("</script>\n</body>\n</html>\n", out);
    }
    free(svg);
    free(c);
    free(num);
    free(pos);
    if (nomem)
        return kg_fail(kg_graph_diag(g), KG_ERR_NOMEM, "out of memory");
    return kg_stream_end(kg_graph_diag(g), out, 0);
}
