/*
 * safety_tests.c - untrusted data and a careless caller (issue 13): the
 * link rule, the presentation columns and the style sheets' bounds, the
 * SVG gate on hostile SVG and on what Graphviz really writes, text XML
 * cannot hold, and every public function given NULL.
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "kgraph.h"
#include "render/gv.h"
#include "render/job.h"
#include "render/origin.h"
#include "rules/data_key.h"
#include "rules/escape.h"
#include "rules/link.h"
#include "rules/presentation.h"
#include "rules/svgcheck.h"
#include "util/buf.h"

/* ---- Links ---- */

TEST(links_allowed)
{
    static const char *const ok[] = {"https://example.org/a?b=1&c=2#d",
                                     "http://x",
                                     "HTTPS://X/",
                                     "mailto:desk@example.org",
                                     "people/cleo.html",
                                     "../up/x.html",
                                     "?q=1",
                                     "#frag",
                                     "/abs/path",
                                     "./x/y",
                                     "/a//b",
                                     "a/b:c",
                                     "https://x/%3Cb%3E",
                                     "https://x/?q=\"/><script>"};
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
        const char *why = kg_link_check(ok[i]);
        if (why)
            fprintf(stderr, "refused %s: %s\n", ok[i], why);
        CHECK(why == NULL);
    }
}

TEST(links_refused_however_spelt)
{
    static const char *const bad[] = {"javascript:alert(1)",
                                      "JaVaScRiPt:alert(1)",
                                      " javascript:x",
                                      "\tjavascript:x",
                                      "java\tscript:x",
                                      "java\nscript:x",
                                      "javascript&#58;alert(1)",
                                      "javascript&#x3A;alert(1)",
                                      "javascript&#x003a;x",
                                      "&#x6A;avascript&#x3A;x",
                                      "&#106avascript:x",
                                      "javascript&colon;x",
                                      "javascript%3Ax",
                                      "java%73cript:x",
                                      "%6A%61%76%61%73%63%72%69%70%74%3Ax",
                                      "javascript&amp;colon;x",
                                      "&#x26;#x6A;avascript:x",
                                      "data:text/html;base64,PHNjcmlwdD4=",
                                      "vbscript:x",
                                      "file:///etc/passwd",
                                      "ftp://x",
                                      "x:y",
                                      "java&foo;script:x",
                                      ":x",
                                      "",
                                      "   ",
                                      "%00javascript:x",
                                      "&#0;x",
                                      "\x01javascript:x"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        const char *why = kg_link_check(bad[i]);
        if (!why)
            fprintf(stderr, "allowed: %s\n", bad[i]);
        CHECK(why != NULL);
    }
}

/* A link beginning with two slashes (or backslashes, which a browser
 * reads as slashes) names another host, which from a file on disk is
 * file://host/x (issue 24): refused, however spelt. */
TEST(links_scheme_relative_refused)
{
    static const char *const bad[] = {"//cdn.example/x.js",
                                      "//evil.example/share",
                                      "///x",
                                      "\\\\evil.example\\share",
                                      "/\\evil.example",
                                      "\\/evil.example",
                                      " //x",
                                      "\t//x",
                                      "/\t/x",
                                      "&#47;/x",
                                      "%2F%2Fx",
                                      "/&sol;x"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        const char *why = kg_link_check(bad[i]);
        if (!why)
            fprintf(stderr, "allowed: %s\n", bad[i]);
        CHECK(why != NULL);
    }
}

TEST(links_written_without_markup)
{
    kg_buf b;
    kg_buf_init(&b);
    CHECK_INT(kg_link_encode(&b, "https://x/?a=1&b=\"<c>' d\\\x01\xC3\xA9"), 0);
    CHECK_STR(b.data, "https://x/?a=1&amp;b=%22%3Cc%3E%27%20d%5C%01%C3%A9");
    kg_buf_clear(&b);
    CHECK_INT(kg_link_encode(&b, "https://x/%41[::1]:80/~a_b-c.d!$()*+,;=@"),
              0);
    CHECK_STR(b.data, "https://x/%41[::1]:80/~a_b-c.d!$()*+,;=@");
    /* the link itself, for a script's a.href: '&' as it is (issue 24) */
    kg_buf_clear(&b);
    CHECK_INT(kg_link_url(&b, "https://x/?a=1&b=\"<c>' d"), 0);
    CHECK_STR(b.data, "https://x/?a=1&b=%22%3Cc%3E%27%20d");
    kg_buf_free(&b);
}

/* ---- Presentation columns ---- */

static int allowed(const char *key, unsigned kind, const char *value)
{
    char why[64];
    const kg_present *p = kg_present_find(key, kind, NULL);
    return p && !kg_present_check(p, value, &(kg_picture_dir){NULL, ""}, why,
                                  sizeof why);
}

TEST(presentation_columns_and_their_bounds)
{
    CHECK(allowed("color", KG_P_NODE, "red"));
    CHECK(allowed("fillcolor", KG_P_NODE, "#9ecae1"));
    CHECK(allowed("fillcolor", KG_P_NODE, "/blues9/3"));
    CHECK(!allowed("fillcolor", KG_P_NODE, "red; blue"));
    CHECK(!allowed("fillcolor", KG_P_NODE, "red:blue"));
    CHECK(!allowed("fillcolor", KG_P_NODE, "#12345"));
    CHECK(!allowed("fillcolor", KG_P_EDGE, "red")); /* nodes only */
    CHECK(allowed("fontsize", KG_P_NODE, "72"));
    CHECK(!allowed("fontsize", KG_P_NODE, "1000"));
    CHECK(!allowed("fontsize", KG_P_NODE, "1e2"));
    CHECK(!allowed("fontsize", KG_P_NODE, "0x10"));
    CHECK(!allowed("fontsize", KG_P_NODE, "nan"));
    CHECK(allowed("penwidth", KG_P_EDGE, "2.5"));
    CHECK(!allowed("penwidth", KG_P_EDGE, "-1"));
    CHECK(allowed("peripheries", KG_P_NODE, "2"));
    CHECK(!allowed("peripheries", KG_P_NODE, "50"));
    CHECK(!allowed("peripheries", KG_P_NODE, "1.5"));
    CHECK(allowed("weight", KG_P_EDGE, "1000"));
    CHECK(!allowed("weight", KG_P_EDGE, "2000000000"));
    CHECK(allowed("shape", KG_P_NODE, "box"));
    CHECK(!allowed("shape", KG_P_NODE, "record"));
    CHECK(!allowed("shape", KG_P_NODE, "epsf"));
    CHECK(!allowed("shape", KG_P_NODE, "custom"));
    CHECK(allowed("style", KG_P_NODE, "filled, rounded"));
    CHECK(!allowed("style", KG_P_NODE, "invis"));
    CHECK(!allowed("style", KG_P_NODE, "filled,striped"));
    CHECK(allowed("arrowhead", KG_P_EDGE, "odiamondnormal"));
    CHECK(allowed("arrowhead", KG_P_EDGE, "lteeoldiamond"));
    CHECK(!allowed("arrowhead", KG_P_EDGE, "normal;x"));
    CHECK(allowed("dir", KG_P_EDGE, "both"));
    CHECK(allowed("xlabel", KG_P_NODE, "<b>any text</b>\\"));
    CHECK(allowed("URL", KG_P_NODE, "https://x"));
    CHECK(!allowed("URL", KG_P_NODE, "javascript:x"));
    /* never presentation: Graphviz would read a file, crash or grow */
    static const char *const never[] = {
        "width",    "height",        "pos",   "minlen", "shapefile",
        "fontname", "labelfontname", "group", "id",     "class",
        "comment",  "label",         "Color", "dpi",    "size"};
    for (size_t i = 0; i < sizeof never / sizeof *never; i++) {
        CHECK(!kg_present_find(never[i], KG_P_NODE, "/tmp"));
        CHECK(!kg_present_find(never[i], KG_P_EDGE, "/tmp"));
    }
    /* a picture only from the folder the caller names (image.h) */
    const kg_present *image = kg_present_find("image", KG_P_NODE, "/tmp");
    CHECK(image && image->type == KG_P_IMAGE);
    CHECK(!kg_present_find("image", KG_P_NODE, NULL)); /* data, then */
}

TEST(data_names_are_reversible)
{
    const kg_own_keys *dot = &kg_dot_keys;
    CHECK(kg_data_key_renamed(dot, "width"));
    CHECK(kg_data_key_renamed(dot, "URL"));
    CHECK(kg_data_key_renamed(dot, "_draw_"));
    CHECK(kg_data_key_renamed(dot, "label"));
    CHECK(kg_data_key_renamed(dot, "id"));
    /* kgraph's own beside Graphviz's: an FtM property "type" (issue 24) */
    CHECK(kg_data_key_renamed(dot, "type"));
    CHECK(kg_data_key_renamed(dot, "aliases"));
    CHECK(kg_data_key_renamed(dot, "data_x")); /* so data_ always means data */
    CHECK(!kg_data_key_renamed(dot, "Width")); /* Graphviz reads only width */
    CHECK(!kg_data_key_renamed(dot, "Type"));
    CHECK(!kg_data_key_renamed(dot, "country"));
    CHECK(!kg_data_key_renamed(dot, "url"));
    CHECK(!kg_data_key_renamed(dot, "DATA_x"));
    CHECK(!kg_data_key_renamed(dot, "data"));
    CHECK_STR(kg_data_key_prefix(dot, "type"), "data_");
    CHECK_STR(kg_data_key_prefix(dot, "country"), "");
}

/* The one rule for every output (rules/data_key.h): its names, its
 * prefixes, in any case where the output asks. */
TEST(data_keys_beside_an_outputs_own)
{
    static const char *const names[] = {"id", "label", NULL};
    static const char *const prefixes[] = {"kg_", NULL};
    kg_own_keys exact = {names, prefixes, 0, NULL};
    kg_own_keys any = {names, prefixes, 1, NULL};
    kg_own_keys none = {NULL, NULL, 0, NULL};
    CHECK(kg_data_key_renamed(&exact, "id"));
    CHECK(kg_data_key_renamed(&exact, "kg_fill"));
    CHECK(kg_data_key_renamed(&exact, "kg_"));
    CHECK(kg_data_key_renamed(&exact, "data_id"));
    CHECK(!kg_data_key_renamed(&exact, "ID"));
    CHECK(!kg_data_key_renamed(&exact, "KG_fill"));
    CHECK(!kg_data_key_renamed(&exact, "kg"));
    CHECK(!kg_data_key_renamed(&exact, "ids"));
    CHECK(!kg_data_key_renamed(&exact, ""));
    CHECK(kg_data_key_renamed(&any, "ID"));
    CHECK(kg_data_key_renamed(&any, "Kg_Fill"));
    CHECK(kg_data_key_renamed(&any, "Data_x"));
    CHECK(!kg_data_key_renamed(&any, "labels"));
    CHECK(kg_data_key_renamed(&none, "data_x"));
    CHECK(!kg_data_key_renamed(&none, "id"));
}

static int sheet_ok(const char *key, const char *value)
{
    char why[160];
    return kg_sheet_check(key, value, "images", why, sizeof why) == 0;
}

TEST(style_sheets_keep_the_bounds)
{
    CHECK(sheet_ok("dpi", "300"));
    CHECK(!sheet_ok("dpi", "100000"));
    CHECK(sheet_ok("ranksep", "0.5 equally"));
    CHECK(sheet_ok("margin", "0.12,0.06"));
    CHECK(!sheet_ok("minlen", "1000000"));
    CHECK(!sheet_ok("weight", "2000000000"));
    CHECK(!sheet_ok("width", "5000"));
    CHECK(sheet_ok("size", "7,5!"));
    CHECK(!sheet_ok("pos", "1e308,1e308!"));
    CHECK(sheet_ok("fillcolor", "red;0.3:blue"));
    CHECK(!sheet_ok("fillcolor", "red; blue"));
    CHECK(!sheet_ok("fillcolor", "red;x"));
    CHECK(sheet_ok("fontname", "DejaVu Sans"));
    CHECK(!sheet_ok("fontname", "x\" onload=\"alert(1)"));
    CHECK(!sheet_ok("image", "/etc/passwd"));
    CHECK(!sheet_ok("shapefile", "/etc/passwd"));
    CHECK(!sheet_ok("stylesheet", "https://x/a.css"));
    CHECK(!sheet_ok("URL", "javascript:x"));
    CHECK(sheet_ok("URL", "https://x"));
    CHECK(!sheet_ok("shape", "epsf"));
    CHECK(sheet_ok("style", "invis")); /* the user's own choice */
}

/* ---- The SVG gate ---- */

static const char svg_head[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n"
    "<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\"\n"
    " \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n"
    "<!-- Generated by graphviz version 2.43.0 (0)\n -->\n"
    "<svg width=\"62pt\" height=\"44pt\" viewBox=\"0 0 62 44\" "
    "xmlns=\"http://www.w3.org/2000/svg\" "
    "xmlns:xlink=\"http://www.w3.org/1999/xlink\">\n"
    "<g id=\"graph0\" class=\"graph\">\n<title>g&amp;&#45;</title>\n";

static int gate(const char *body, const char *images)
{
    kg_buf b;
    kg_buf_init(&b);
    kg_buf_puts(&b, svg_head);
    kg_buf_puts(&b, body);
    kg_buf_puts(&b, "</g>\n</svg>\n");
    char why[256];
    int rc = kg_svg_check(b.data, b.len, &(kg_picture_dir){images, "images"},
                          why, sizeof why);
    kg_buf_free(&b);
    return rc;
}

TEST(svg_gate_allows_what_graphviz_writes)
{
    CHECK_INT(
        gate("<g id=\"a_n&#45;a\"><a xlink:href=\"https://x/?a=1&amp;b=2\" "
             "xlink:title=\"&lt;b&gt;\" target=\"_blank\">\n"
             "<ellipse fill=\"url(#l_1)\" stroke=\"black\" cx=\"27\" "
             "cy=\"-18\" rx=\"27\" ry=\"18\"/>\n"
             "<text text-anchor=\"middle\" x=\"27\" y=\"-14\" "
             "font-family=\"DejaVu Sans\">&#160;x &amp; y</text>\n"
             "</a>\n</g>\n<defs>\n<linearGradient id=\"l_1\">"
             "<stop offset=\"0\" style=\"stop-color:red;\"/>"
             "</linearGradient>\n</defs>\n",
             NULL),
        0);
}

TEST(svg_gate_refuses_scripts_handlers_and_links)
{
    static const char *const bad[] = {
        "<script>alert(1)</script>",
        "<SCRIPT>alert(1)</SCRIPT>",
        "<g onload=\"alert(1)\"/>",
        "<g ONMOUSEOVER='x'/>",
        "<a xlink:href=\"javascript:alert(1)\"/>",
        "<a href=\"javascript&#58;alert(1)\"/>",
        "<a xlink:href=\"java&#x09;script:alert(1)\"/>",
        "<a xlink:href=\"https://x/\"/><script>alert(1)</script>",
        "<a xlink:href=\"https://x/\" onclick=\"x\"/>",
        "<foreignObject><div/></foreignObject>",
        "<image xlink:href=\"/etc/passwd\"/>",
        "<use xlink:href=\"#x\"/>",
        "<set attributeName=\"href\" to=\"javascript:x\"/>",
        "<animate attributeName=\"href\" values=\"javascript:x\"/>",
        "<iframe/>",
        "<g style=\"background:url(https://evil/x)\"/>",
        "<g fill=\"url( 'https://evil/x' )\"/>",
        "<g xml:base=\"javascript:x\"/>",
        "<text>a & b</text>",
        "<text>a &unknown; b</text>",
        "<text>]]></text>",
        "<text>\x01</text>",
        "<text>\xEF\xBF\xBF</text>",
        "<text>\xFF</text>",
        "<![CDATA[<script>]]>",
        "<?xml-stylesheet href=\"https://evil/x.css\"?>",
        "<g a=\"1\"b=\"2\"/>",
        "<g a=1/>",
        "<g a=\"<\"/>",
        "<g>",
        "</g></g><g>",
        "<!-- a -- b -->"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        int rc = gate(bad[i], NULL);
        if (rc == 0)
            fprintf(stderr, "allowed: %s\n", bad[i]);
        CHECK_INT(rc, -1);
    }
    CHECK_INT(kg_svg_check("<svg/><svg/>", 12, NULL, (char[64]){0}, 64), -1);
    CHECK_INT(kg_svg_check("<!DOCTYPE svg [<!ENTITY x \"y\">]><svg/>", 38, NULL,
                           (char[64]){0}, 64),
              -1);
}

/* Issue 24: the words url( in a tooltip (an evidence quote citing
 * url(https://...)) are text; url() loads something only in the
 * attributes that take one (CSS in style, paints, filters, clips, masks,
 * markers, cursors), in any case, however CSS spells it. */
TEST(svg_gate_refuses_url_only_where_it_loads)
{
    static const char *const ok[] = {
        "<g id=\"a_e&#45;x\"><a xlink:title=\"see url(https://x.example/a)\">"
        "</a></g>\n",
        "<g id=\"url(https://x)\" class=\"url(y)\"/>\n",
        "<text font-family=\"url(x)\">url(https://x.example/)</text>\n",
        "<g fill=\"url(#l_1)\" stroke=\"URL( '#r' )\" "
        "style=\"stop-color:red;fill:url(#p)\"/>\n"};
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
        int rc = gate(ok[i], NULL);
        if (rc != 0)
            fprintf(stderr, "refused: %s\n", ok[i]);
        CHECK_INT(rc, 0);
    }
    static const char *const bad[] = {
        "<g stroke=\"url(https://evil/x)\"/>",
        "<g FILL=\"url(https://evil/x)\"/>",
        "<g filter=\"url(https://evil/f.svg#f)\"/>",
        "<g clip-path=\"url(//evil/c.svg#c)\"/>",
        "<g mask=\"url(https://evil/m.svg#m)\"/>",
        "<g marker-start=\"url(https://evil/m.svg#m)\"/>",
        "<g marker=\"url(https://evil/m.svg#m)\"/>",
        "<g cursor=\"url(https://evil/c.cur), auto\"/>",
        "<g x:fill=\"url(https://evil/x)\"/>",
        "<g style=\"fill:\\75 rl(https://evil/x)\"/>",
        "<g style=\"background:image-set('https://evil/x' 1x)\"/>",
        "<g style=\"background:url&#40;https://evil/x)\"/>"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        int rc = gate(bad[i], NULL);
        if (rc == 0)
            fprintf(stderr, "allowed: %s\n", bad[i]);
        CHECK_INT(rc, -1);
    }
}

TEST(svg_gate_allows_images_only_from_their_folder)
{
    char dir[] = "/tmp/kgraph-images-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char file[128], body[512];
    snprintf(file, sizeof file, "%s/p.png", dir);
    FILE *f = fopen(file, "w");
    CHECK(f != NULL);
    if (f)
        fclose(f);
    snprintf(body, sizeof body,
             "<image xlink:href=\"%s\" width=\"10\" height=\"10\"/>", file);
    CHECK_INT(gate(body, dir), 0);
    CHECK_INT(gate(body, NULL), -1);
    CHECK_INT(gate(body, "/usr"), -1);
    CHECK_INT(gate("<image xlink:href=\"/etc/passwd\"/>", dir), -1);
    snprintf(body, sizeof body, "<image xlink:href=\"%s/../x.png\"/>", dir);
    CHECK_INT(gate(body, dir), -1);
    unlink(file);
    rmdir(dir);
}

/* ---- Rendering hostile text ---- */

/* Keeps the messages said without a file (why a call failed, Graphviz's
 * warnings) in the char[512] at ctx, a line each. */
static void keep_said(const kg_diag *d, void *ctx)
{
    char *said = ctx;
    size_t used = strlen(said);
    if (!d->file)
        snprintf(said + used, 512 - used, "%s: %s\n",
                 d->severity == KG_ERROR ? "error" : "warning", d->message);
}

/* Renders g as SVG into memory (in this process). */
static char *render_svg(kg_graph *g, kg_status *st)
{
    char *text = NULL, said[512] = "";
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    kg_dot_options o = kg_dot_defaults();
    kg_graph_set_diag(g, keep_said, said);
    *st = kg_render(g, &o, "svg", "dot", mem);
    kg_graph_set_diag(g, NULL, NULL);
    fclose(mem);
    if (*st != KG_OK)
        fprintf(stderr, "render: %s\n", said);
    return text;
}

TEST(controls_are_drawn_as_symbols_and_the_svg_passes)
{
    kg_graph *g = kg_graph_new();
    kg_graph_set_diag(g, NULL, NULL);
    CHECK_INT(kg_add_entity(g, "a\x01", "bell\x07 esc\x1B del\x7F", NULL),
              KG_OK);
    CHECK_INT(kg_add_entity(g, "b", "nonchar \xEF\xBF\xBF", NULL), KG_OK);
    CHECK_INT(kg_set_entity_attr(g, "b", "tooltip", "t\x02"), KG_OK);
    CHECK_INT(kg_add_relation(g, "a\x01", "b", "x\x03", NULL), KG_OK);
    CHECK_INT(kg_resolve(g), KG_OK);
    kg_status st;
    char *svg = render_svg(g, &st);
    CHECK_INT(st, KG_OK);
    char why[256] = "";
    CHECK_INT(kg_svg_check(svg, strlen(svg), NULL, why, sizeof why), 0);
    CHECK(strstr(svg, "bell\xE2\x90\x87 esc\xE2\x90\x9B del\xE2\x90\xA1") !=
          NULL);
    CHECK(strstr(svg, "nonchar \xEF\xBF\xBD") != NULL);
    free(svg);
    kg_graph_free(g);
}

/* Issue 24: Graphviz 2.43 decodes HTML entities in labels and tooltips,
 * and keeps them in the names, ids and targets it writes to SVG: "&#1;"
 * became a control character after kgraph had made controls visible (the
 * gate refused every SVG), "x&#65;y" was drawn "xAy".  A name is drawn as
 * the text it is, and the DOT written for a reader still says it. */
TEST(entity_references_are_drawn_as_written)
{
    static const char *const names[] = {"x&#65;y",   "c&#1;",     "d&#x7F;",
                                        "s&#xD800;", "n&#xFFFE;", "a&amp;b"};
    kg_graph *g = kg_graph_new();
    kg_graph_set_diag(g, NULL, NULL);
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        char id[32];
        snprintf(id, sizeof id, "i%zu&#1;", i);
        CHECK_INT(kg_add_entity(g, id, names[i], "t&#1;"), KG_OK);
        CHECK_INT(kg_set_entity_attr(g, id, "tooltip", names[i]), KG_OK);
    }
    CHECK_INT(kg_add_relation(g, "i0&#1;", "i1&#1;", "r&#66;", NULL), KG_OK);
    CHECK_INT(kg_resolve(g), KG_OK);
    kg_status st;
    char *svg = render_svg(g, &st);
    CHECK_INT(st, KG_OK);
    char why[256] = "";
    CHECK(svg && kg_svg_check(svg, strlen(svg), NULL, why, sizeof why) == 0);
    /* the SVG's text says each name as it is: '&' is "&amp;" there */
    CHECK(svg && strstr(svg, ">x&amp;#65;y</text>") != NULL);
    CHECK(svg && strstr(svg, ">c&amp;#1;</text>") != NULL);
    CHECK(svg && strstr(svg, ">a&amp;amp;b</text>") != NULL);
    CHECK(svg && strstr(svg, "xlink:title=\"s&amp;#xD800;\"") != NULL);
    CHECK(svg && strstr(svg, "<title>i0&amp;#1;</title>") != NULL);
    CHECK(svg && strstr(svg, ">r&amp;#66;</text>") != NULL);
    CHECK(svg && strstr(svg, "xAy") == NULL);
    free(svg);
    char *dot = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&dot, &len);
    kg_dot_options o = kg_dot_defaults();
    CHECK_INT(kg_write_dot(g, mem, &o), KG_OK);
    fclose(mem);
    CHECK(dot && strstr(dot, "\"i0&#1;\" [label=\"x&#65;y\"") != NULL);
    free(dot);
    kg_graph_free(g);
}

/* What the gate refuses in an SVG is named by the input row of the node
 * or edge that holds it (render/origin.h): an edge is the Nth relation
 * between its two ends. */
TEST(a_refused_svg_names_the_row)
{
    static const char ents[] = "id,name\nx-1,X\ny&z,Y\n";
    static const char rels[] = "source,target\nx-1,y&z\ny&z,x-1\nx-1,y&z\n";
    kg_graph *g = kg_graph_new();
    kg_graph_set_diag(g, NULL, NULL);
    CHECK_INT(kg_load_buffer(g, "e.csv", ents, sizeof ents - 1), KG_OK);
    CHECK_INT(kg_load_buffer(g, "r.csv", rels, sizeof rels - 1), KG_OK);
    CHECK_INT(kg_resolve(g), KG_OK);
    static const char svg[] =
        "<svg>\n<g id=\"n&#45;x_2D1\" class=\"node\">\n<title>x</title>"
        "\n<g id=\"a_n&#45;x_2D1\"><a>@A</a></g>\n@B</g>\n"
        "<g id=\"e&#45;x_2D1&#45;y_26z&#45;2\" class=\"edge\">\n@C</g>\n@D"
        "</svg>";
    char row[128] = "";
    const char *at[] = {strstr(svg, "@A"), strstr(svg, "@B"), strstr(svg, "@C"),
                        strstr(svg, "@D")};
    CHECK_INT(kg_origin_in_svg(g, svg, sizeof svg - 1, (size_t)(at[0] - svg),
                               row, sizeof row),
              0);
    CHECK_STR(row, "the entity of e.csv:2");
    CHECK_INT(kg_origin_in_svg(g, svg, sizeof svg - 1, (size_t)(at[1] - svg),
                               row, sizeof row),
              0);
    CHECK_STR(row, "the entity of e.csv:2");
    CHECK_INT(kg_origin_in_svg(g, svg, sizeof svg - 1, (size_t)(at[2] - svg),
                               row, sizeof row),
              0);
    CHECK_STR(row, "the relation of r.csv:4");
    CHECK_INT(kg_origin_in_svg(g, svg, sizeof svg - 1, (size_t)(at[3] - svg),
                               row, sizeof row),
              -1);
    /* and a line of the DOT Graphviz could not read */
    static const char dot[] =
        "digraph {\n  \"x-1\" [label=\"X\", id=\"n-x_2D1\"];\n"
        "  \"x-1\" -> \"y&z\" [tooltip=\" id=\\\"n-x\", "
        "id=\"e-x_2D1-y_26z-1\"];\n}\n";
    CHECK_INT(kg_origin_in_dot(g, dot, 2, row, sizeof row), 0);
    CHECK_STR(row, "the entity of e.csv:2");
    CHECK_INT(kg_origin_in_dot(g, dot, 3, row, sizeof row), 0);
    CHECK_STR(row, "the relation of r.csv:2");
    CHECK_INT(kg_origin_in_dot(g, dot, 4, row, sizeof row), -1);
    CHECK_INT(kg_origin_in_dot(g, dot, 9, row, sizeof row), -1);
    kg_graph_free(g);
}

/* Graphviz 2.43's pango plugin read freed memory on a second in-process
 * render when each had its own context (found by fuzz/fuzz_render.c;
 * AddressSanitizer sees it). */
TEST(two_renders_in_one_process)
{
    for (int i = 0; i < 3; i++) {
        kg_graph *g = kg_graph_new();
        kg_graph_set_diag(g, NULL, NULL);
        CHECK_INT(kg_add_entity(g, "a", "Alpha", NULL), KG_OK);
        CHECK_INT(kg_resolve(g), KG_OK);
        kg_status st;
        char *svg = render_svg(g, &st);
        CHECK_INT(st, KG_OK);
        CHECK(svg && strstr(svg, ">Alpha</text>") != NULL);
        free(svg);
        kg_graph_free(g);
    }
}

/* ---- Time ---- */

/* Milliseconds sfdp takes to draw `dot` on this machine, now (under a
 * sanitizer and a loaded machine it is many times the plain build's). */
static long long sfdp_ms(kg_job j)
{
    struct timespec a, b;
    j.layout.engine = "sfdp";
    FILE *out = tmpfile();
    char err[2048] = "";
    clock_gettime(CLOCK_MONOTONIC, &a);
    kg_gv_lock();
    kg_status st =
        out ? kg_job_run(&j, out, 300, 0, err, sizeof err) : KG_ERR_IO;
    kg_gv_unlock();
    clock_gettime(CLOCK_MONOTONIC, &b);
    CHECK_INT(st, KG_OK);
    if (out)
        fclose(out);
    return (b.tv_sec - a.tv_sec) * 1000LL + (b.tv_nsec - a.tv_nsec) / 1000000;
}

/* When the engine kgraph chose runs out of time, the next draws the
 * figure in what is left (a quarter), and the warning names both.  The
 * time allowed is what this machine needs: sfdp's quarter is at least
 * three times what sfdp took alone just before (and at least 1 s), which
 * leaves dot far less than the minutes it needs. */
TEST(a_late_engine_gives_way_to_the_next)
{
    kg_buf dot; /* 400 nodes, 1,600 random edges: dot needs minutes */
    kg_buf_init(&dot);
    kg_buf_puts(&dot, "digraph {\n");
    unsigned x = 7;
    char row[64];
    for (int i = 0; i < 1600; i++) {
        x = x * 1103515245u + 12345u;
        unsigned a = (x >> 8) % 400;
        x = x * 1103515245u + 12345u;
        snprintf(row, sizeof row, "n%u -> n%u;\n", a, (x >> 8) % 400);
        kg_buf_puts(&dot, row);
    }
    kg_buf_puts(&dot, "}\n");
    kg_dot_options o = kg_dot_defaults();
    kg_job j = {.layout = {.dot = dot.data,
                           .format = kg_gv_format_find("svg"),
                           .auto_engine = "dot",
                           .opts = &o}};
    long long need = sfdp_ms(j) * 3; /* sfdp's quarter, in ms */
    unsigned quarter = need < 1000 ? 1 : (unsigned)((need + 999) / 1000);
    char said[128];
    snprintf(said, sizeof said,
             "layout with dot took longer than %u seconds; drawn with sfdp "
             "instead",
             quarter * 3);
    FILE *out = tmpfile();
    char err[2048] = "";
    kg_gv_lock();
    kg_status st = kg_job_run(&j, out, quarter * 4, 0, err, sizeof err);
    kg_gv_unlock();
    CHECK_INT(st, KG_OK);
    CHECK_STR(j.figure.engine, "sfdp");
    CHECK(strstr(err, said) == err);
    CHECK(out && ftell(out) > 1000);
    if (st != KG_OK)
        fprintf(stderr, "%s\n", err);
    if (out)
        fclose(out);
    /* an engine the caller named is kept: its failure is the answer */
    j.layout.engine = "dot";
    out = tmpfile();
    kg_gv_lock();
    st = kg_job_run(&j, out, 1, 0, err, sizeof err);
    kg_gv_unlock();
    CHECK_INT(st, KG_ERR_RENDER);
    CHECK(strstr(err, "layout with dot took longer than 1 seconds; try") ==
          err);
    if (out)
        fclose(out);
    kg_buf_free(&dot);
}

TEST(formats_that_cannot_be_made_safe_are_refused)
{
    kg_graph *g = kg_graph_new();
    CHECK_INT(kg_add_entity(g, "a", NULL, NULL), KG_OK);
    CHECK_INT(kg_resolve(g), KG_OK);
    static const char *const refused[] = {"vrml", "json", "cmapx", "imap",
                                          "svgz", "vml",  "x11"};
    char said[512];
    kg_graph_set_diag(g, keep_said, said);
    for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
        said[0] = '\0';
        CHECK_INT(kg_render(g, NULL, refused[i], "dot", stdout), KG_ERR_USAGE);
        CHECK(strstr(said, "error: kgraph does not render this format") ==
              said);
        CHECK(!kg_render_has_format(refused[i], NULL, 0));
    }
    CHECK(kg_render_has_format("svg", NULL, 0));
    kg_graph_free(g);
}

TEST(an_api_link_goes_through_the_same_rule)
{
    kg_graph *g = kg_graph_new();
    kg_graph_set_diag(g, NULL, NULL);
    CHECK_INT(kg_add_entity(g, "a", "A", NULL), KG_OK);
    CHECK_INT(kg_set_entity_attr(g, "a", "URL", "javascript:alert(1)"), KG_OK);
    CHECK_INT(kg_set_entity_attr(g, "a", "fontname", "x\" onload=\"y"), KG_OK);
    CHECK_INT(kg_graph_stats(g).warnings, 1); /* the link */
    CHECK_INT(kg_resolve(g), KG_OK);
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    CHECK_INT(kg_write_dot(g, mem, NULL), KG_OK);
    fclose(mem);
    CHECK(strstr(text, " URL=") == NULL);
    CHECK(strstr(text, "data_URL=\"javascript:alert(1)\"") != NULL);
    CHECK(strstr(text, "data_fontname=") != NULL);
    free(text);
    /* and no attribute once resolved: the graph is built */
    CHECK_INT(kg_set_entity_attr(g, "a", "color", "red"), KG_ERR_USAGE);
    kg_graph_free(g);
}

/* ---- Text for a terminal ---- */

static void keep_message(const kg_diag *d, void *ctx)
{
    kg_buf_puts(ctx, d->message);
    kg_buf_putc(ctx, '\n');
}

typedef kg_status (*text_writer)(const void *what, FILE *out);

static kg_status stats_text(const void *g, FILE *out)
{
    return kg_write_stats(g, out, KG_STATS_TEXT, 10);
}

static kg_status diff_text(const void *d, FILE *out)
{
    return kg_write_diff(d, out, KG_DIFF_TEXT);
}

/* What `write` writes, or NULL when it fails. */
static char *text_from(text_writer write, const void *what)
{
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    kg_status st = write(what, mem);
    fclose(mem);
    CHECK_INT(st, KG_OK);
    return text;
}

/* Whether text holds a byte a terminal would obey (a C0 control but the
 * line end, DEL, or a C1 control U+0080..U+009F). */
static int steers_a_terminal(const char *text)
{
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        if ((*p < 0x20 && *p != '\n') || *p == 0x7F ||
            (p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F))
            return 1;
    return 0;
}

static size_t lines_in(const char *text)
{
    size_t n = 0;
    for (; *text; text++)
        n += *text == '\n';
    return n;
}

/* The escaper itself: running text, or quoted (the quote and backslash
 * escaped too), and the width it wrote, in characters. */
TEST(terminal_text_shows_controls_by_the_one_rule)
{
    static const char s[] = "a\"b\\c\n\x1B\xC2\x9B\xC3\xA9\x7F";
    kg_buf b;
    kg_buf_init(&b);
    kg_out *o = malloc(sizeof *o);
    kg_out_init_mem(o, &b);
    size_t quoted = kg_term_text(o, s, '"');
    kg_out_putc(o, '|');
    size_t plain = kg_term_text(o, s, 0);
    kg_out_putc(o, '|');
    size_t none = kg_term_text(o, NULL, 0);
    kg_out_flush(o);
    CHECK_STR(b.data, "\"a\\\"b\\\\c\\n\\x1B\\u009B\xC3\xA9\\x7F\"|"
                      "a\"b\\c\\n\\x1B\\u009B\xC3\xA9\\x7F|");
    CHECK_INT(quoted, 26);
    CHECK_INT(plain, 22);
    CHECK_INT(none, 0);
    free(o);
    kg_buf_free(&b);
}

/* Issue 24, item 5: the diagnostics, stats' text and diff's text show a
 * control the same way (the one rule of util/term.h), and none reaches
 * the terminal: a type with line breaks cannot forge a change line. */
TEST(every_text_for_a_terminal_shows_a_control_the_same_way)
{
    /* a line end, a tab, ESC, DEL, the C1 control CSI, a carriage return */
    static const char id[] = "x\n\t\x1B\x7F\xC2\x9B\r";
    static const char shown[] = "x\\n\\t\\x1B\\x7F\\u009B\\r";
    kg_buf said;
    kg_buf_init(&said);
    kg_graph *older = kg_graph_new(), *newer = kg_graph_new();
    kg_graph_set_diag(older, NULL, NULL);
    kg_graph_set_diag(newer, keep_message, &said);
    CHECK_INT(kg_add_entity(older, "a", "A", "person"), KG_OK);
    CHECK_INT(kg_add_entity(newer, "a", "A", "person\x1B[2J"), KG_OK);
    size_t at;
    CHECK_INT(kg_add_relation(newer, "a", id,
                              "knows\n+ entity \"forged\"\n"
                              "entities: 0 added, 0 removed, 0 changed",
                              &at),
              KG_OK);
    CHECK_INT(kg_set_relation_attr(newer, at, "date", "2020\x1B]0;t\x07"),
              KG_OK);
    CHECK_INT(kg_resolve(older), KG_OK);
    CHECK_INT(kg_resolve(newer), KG_OK);
    /* the warning that the relation names no entity quotes the id */
    CHECK(said.data && strstr(said.data, shown) != NULL);
    char *stats = text_from(stats_text, newer);
    CHECK(stats && strstr(stats, shown) != NULL);
    CHECK(stats && !steers_a_terminal(stats));
    kg_status st;
    kg_diff *d = kg_diff_new(older, newer, &st);
    char *diff = d ? text_from(diff_text, d) : NULL;
    CHECK(diff && strstr(diff, shown) != NULL);
    CHECK(diff && !steers_a_terminal(diff));
    /* + the entity, + the relation, ~ a (its type), its field, the sums */
    CHECK(diff && lines_in(diff) == 5);
    CHECK(diff &&
          strstr(diff, "-[knows\\n+ entity \"forged\"\\nentities: ") != NULL);
    kg_diff_free(d);
    free(stats);
    free(diff);
    kg_buf_free(&said);
    kg_graph_free(older);
    kg_graph_free(newer);
}

/* ---- Long lists ---- */

static char *dot_of(kg_graph *g)
{
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    kg_dot_options o = kg_dot_defaults();
    o.legend = 0;
    CHECK_INT(kg_write_dot(g, mem, &o), KG_OK);
    fclose(mem);
    return text;
}

/* The text as a DOT reader takes it: the line continuations a long
 * string is written with (a backslash before a line end) dropped. */
static void drop_continuations(char *text)
{
    char *w = text;
    for (const char *p = text; *p; p++) {
        if (p[0] == '\\' && p[1] == '\n')
            p++;
        else
            *w++ = *p;
    }
    *w = '\0';
}

/* An entity with thousands of names and values, and an edge folded from
 * thousands of rows, keep each distinct value once, in order, past the
 * length at which a list gets its index (graph.c); the DOT reads them
 * back whole. */
TEST(long_lists_keep_every_value_once)
{
    kg_graph *g = kg_graph_new();
    kg_graph_set_diag(g, NULL, NULL);
    kg_buf want_aliases, want_tags, want_evidence;
    kg_buf_init(&want_aliases);
    kg_buf_init(&want_tags);
    kg_buf_init(&want_evidence);
    char v[32];
    for (int i = 0; i < 3000; i++) {
        snprintf(v, sizeof v, "name %d", i % 1000); /* each thrice */
        CHECK_INT(kg_add_entity(g, "x", v, NULL), KG_OK);
        if (i > 0 && i < 1000)
            kg_buf_puts(&want_aliases, i > 1 ? ";" : ""),
                kg_buf_puts(&want_aliases, v);
        snprintf(v, sizeof v, "t%d", i % 700);
        CHECK_INT(kg_set_entity_attr(g, "x", "tag", v), KG_OK);
        if (i < 700)
            kg_buf_puts(&want_tags, i ? "; " : ""), kg_buf_puts(&want_tags, v);
        size_t r;
        CHECK_INT(kg_add_relation(g, "x", "x", "saw", &r), KG_OK);
        snprintf(v, sizeof v, "e%d", i % 500);
        CHECK_INT(kg_set_relation_attr(g, r, "evidence", v), KG_OK);
        if (i < 500)
            kg_buf_puts(&want_evidence, i ? "; " : ""),
                kg_buf_puts(&want_evidence, v);
    }
    CHECK_INT(kg_resolve(g), KG_OK);
    CHECK_INT(kg_merge_edges(g), KG_OK);
    char *text = dot_of(g);
    drop_continuations(text);
    kg_buf line;
    kg_buf_init(&line);
    kg_buf_puts(&line, "aliases=\"");
    kg_buf_puts(&line, want_aliases.data);
    kg_buf_puts(&line, "\", tag=\"");
    kg_buf_puts(&line, want_tags.data);
    kg_buf_puts(&line, "\"");
    CHECK(strstr(text, line.data) != NULL);
    kg_buf_clear(&line);
    kg_buf_puts(&line, "evidence=\"");
    kg_buf_puts(&line, want_evidence.data);
    kg_buf_puts(&line, "\", data_weight=\"3000\", count=\"3000\"");
    CHECK(strstr(text, line.data) != NULL);
    free(text);
    kg_buf_free(&line);
    kg_buf_free(&want_aliases);
    kg_buf_free(&want_tags);
    kg_buf_free(&want_evidence);
    kg_graph_free(g);
}

/* ---- Misuse ---- */

TEST(null_and_misuse_return_usage)
{
    kg_graph *g = kg_graph_new();
    CHECK_INT(kg_graph_set_diag(NULL, NULL, NULL), KG_ERR_USAGE);
    CHECK_INT(kg_graph_set_progress(NULL, NULL, NULL), KG_ERR_USAGE);
    CHECK_INT(kg_graph_set_max_errors(NULL, 1), KG_ERR_USAGE);
    CHECK_INT(kg_graph_set_limits(NULL, 1, 1), KG_ERR_USAGE);
    CHECK_INT(kg_graph_set_match(NULL, KG_MATCH_LOOSE), KG_ERR_USAGE);
    CHECK_INT(kg_graph_set_match(g, (kg_match)7), KG_ERR_USAGE);
    CHECK_INT(kg_graph_set_encoding(NULL, "latin1"), KG_ERR_USAGE);
    CHECK_INT(kg_graph_stats(NULL).entities, 0);
    CHECK(kg_auto_engine(NULL) == NULL);
    CHECK_INT(kg_load_path(NULL, "x"), KG_ERR_USAGE);
    CHECK_INT(kg_load_path(g, NULL), KG_ERR_USAGE);
    CHECK_INT(kg_load_buffer(g, NULL, "a", 1), KG_ERR_USAGE);
    CHECK_INT(kg_load_buffer(g, "x.csv", NULL, 1), KG_ERR_USAGE);
    CHECK_INT(kg_load_style(g, NULL), KG_ERR_USAGE);
    CHECK_INT(kg_resolve(NULL), KG_ERR_USAGE);
    CHECK_INT(kg_merge_edges(NULL), KG_ERR_USAGE);
    CHECK_INT(kg_add_entity(NULL, "a", NULL, NULL), KG_ERR_USAGE);
    CHECK_INT(kg_add_alias(g, NULL, "a"), KG_ERR_USAGE);
    CHECK_INT(kg_add_relation(g, "a", NULL, NULL, NULL), KG_ERR_USAGE);
    CHECK_INT(kg_set_relation_attr(g, 0, "k", "v"), KG_ERR_USAGE);
    CHECK(kg_lookup(NULL, "a") == NULL);
    CHECK(kg_lookup(g, NULL) == NULL);
    CHECK_INT(kg_merge_count(NULL), 0);
    kg_merge m;
    CHECK_INT(kg_merge_at(NULL, 0, &m), KG_ERR_USAGE);
    CHECK_INT(kg_merge_at(g, 0, NULL), KG_ERR_USAGE);
    CHECK_INT(kg_write_merge_report(NULL, stdout), KG_ERR_USAGE);
    CHECK_INT(kg_write_merge_report(g, NULL), KG_ERR_USAGE);
    CHECK_INT(kg_write_dot(NULL, stdout, NULL), KG_ERR_USAGE);
    CHECK_INT(kg_write_stats(NULL, stdout, KG_STATS_TEXT, 1), KG_ERR_USAGE);
    CHECK_INT(kg_render(NULL, NULL, "svg", NULL, stdout), KG_ERR_USAGE);
    CHECK(!kg_render_has_format(NULL, NULL, 0));
    CHECK(!kg_render_has_engine(NULL, NULL, 0));
    CHECK(kg_output_open(NULL, NULL, 0) == NULL);
    CHECK(kg_output_stream(NULL) == NULL);
    CHECK(kg_output_temp_path(NULL) == NULL);
    CHECK_INT(kg_output_commit(NULL, NULL, 0), KG_ERR_USAGE);
    kg_output_abort(NULL);
    CHECK_INT(kg_apply_filter(NULL, NULL), KG_ERR_USAGE);
    CHECK_INT(kg_add_entity(g, "a", NULL, NULL), KG_OK);
    size_t r;
    CHECK_INT(kg_add_relation(g, "a", "a", NULL, &r), KG_OK);
    CHECK_INT(kg_resolve(g), KG_OK);
    kg_filter f = kg_filter_defaults();
    f.nfocus = 2; /* with no list */
    CHECK_INT(kg_apply_filter(g, &f), KG_ERR_USAGE);
    f = kg_filter_defaults();
    f.nwhere = 1;
    CHECK_INT(kg_apply_filter(g, &f), KG_ERR_USAGE);
    const char *name;
    unsigned long n, e;
    f = kg_filter_defaults();
    f.min_degree = 5;
    CHECK_INT(kg_apply_filter(g, &f), KG_OK);
    CHECK_INT(kg_filter_step(g, 0, NULL, &n, &e), 0);
    CHECK_INT(kg_filter_step(g, 0, &name, NULL, &e), 0);
    CHECK_INT(kg_filter_step(g, 0, &name, &n, &e), 1);
    /* building after resolving is misuse, for attributes as for rows */
    CHECK_INT(kg_set_entity_attr(g, "a", "k", "v"), KG_ERR_USAGE);
    CHECK_INT(kg_set_relation_attr(g, r, "k", "v"), KG_ERR_USAGE);
    CHECK_INT(kg_add_entity(g, "b", NULL, NULL), KG_ERR_USAGE);
    kg_graph_free(g);
    kg_graph_free(NULL);
}

int main(void)
{
    RUN(links_allowed);
    RUN(links_refused_however_spelt);
    RUN(links_scheme_relative_refused);
    RUN(links_written_without_markup);
    RUN(presentation_columns_and_their_bounds);
    RUN(data_names_are_reversible);
    RUN(data_keys_beside_an_outputs_own);
    RUN(style_sheets_keep_the_bounds);
    RUN(svg_gate_allows_what_graphviz_writes);
    RUN(svg_gate_refuses_scripts_handlers_and_links);
    RUN(svg_gate_refuses_url_only_where_it_loads);
    RUN(svg_gate_allows_images_only_from_their_folder);
    RUN(controls_are_drawn_as_symbols_and_the_svg_passes);
    RUN(entity_references_are_drawn_as_written);
    RUN(a_refused_svg_names_the_row);
    RUN(two_renders_in_one_process);
    RUN(a_late_engine_gives_way_to_the_next);
    RUN(formats_that_cannot_be_made_safe_are_refused);
    RUN(an_api_link_goes_through_the_same_rule);
    RUN(terminal_text_shows_controls_by_the_one_rule);
    RUN(every_text_for_a_terminal_shows_a_control_the_same_way);
    RUN(long_lists_keep_every_value_once);
    RUN(null_and_misuse_return_usage);
    return harness_done("safety");
}
