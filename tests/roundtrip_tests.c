/*
 * roundtrip_tests.c - DOT written by kgraph, read back by Graphviz's own
 * parser (cgraph's agmemread), must give back exactly the data that went
 * in: the same nodes, edges, ids, labels and attribute values, for any
 * UTF-8 text, and no statement that the data did not ask for.
 */
#include <cgraph.h>
#include <stdlib.h>

#include "harness.h"
#include "kgraph.h"
#include "rules/dot.h"

/* Text chosen to break naive writers: DOT syntax, escapes, line ends,
 * HTML, keywords, numerals, scripts and emoji. */
static const char *const tricky[] = {
    "plain",
    "say \"hi\"",
    "back\\slash",
    "ends with a backslash\\",
    "two at the end\\\\",
    "three at the end\\\\\\",
    "slash-quote \\\" inside",
    "C:\\Users\\",
    "line one\nline two",
    "crlf\r\nend",
    "ends with a newline\n",
    "\nstarts with a newline",
    "\"\n\"",
    "back\\\nslash before newline",
    "tab\there",
    "<b>bold</b> & <i>",
    "a < b > c",
    "<unbalanced",
    "node",
    "subgraph",
    "Edge",
    "-5",
    "77_Pentagon",
    "1.5e3",
    "\xD8\xA7\xD9\x84\xD8\xA5\xD9\x86\xD8\xAA\xD8\xB1\xD8\xA8\xD9\x88\xD9"
    "\x84", /* Arabic */
    "J\xC3\xBCrgen Stock",
    "\xF0\x9F\x95\xB5\xEF\xB8\x8F agent \xF0\x9F\x87\xB2\xF0\x9F\x87\xA6",
    "a\"]; evil [label=\"pwned",
    "x\" -> \"y",
    "} digraph { z",
    "/* comment */",
    "// comment",
    "x\n# not a directive",
    "\\N \\G \\L",
    "  spaced  ",
    "%s%n%x",
};
enum { NTRICKY = sizeof tricky / sizeof tricky[0] };

/* escString back to text: \\ is a backslash, \n a line end. */
static char *unescape_label(const char *s)
{
    char *out = malloc(strlen(s) + 1), *o = out;
    for (; *s; s++) {
        if (*s == '\\' && (s[1] == '\\' || s[1] == 'n')) {
            *o++ = s[1] == 'n' ? '\n' : '\\';
            s++;
        } else {
            *o++ = *s;
        }
    }
    *o = '\0';
    return out;
}

static char *write_dot(kg_graph *g)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    kg_dot_options o = kg_dot_defaults();
    o.legend = 0;
    CHECK_INT(kg_write_dot(g, f, &o), KG_OK);
    fclose(f);
    return text;
}

static Agraph_t *read_back(const char *dot)
{
    agseterr(AGMAX); /* keep quiet; a NULL graph is the failure */
    Agraph_t *G = agmemread(dot);
    CHECK(G != NULL);
    return G;
}

/*
 * The node named `id`.  cgraph keeps names that start with '%' for nameless
 * nodes and renames them (kgraph warns about such ids), so those are found
 * by their label instead.
 */
static Agnode_t *find_node(Agraph_t *G, const char *id)
{
    if (id[0] != '%')
        return agnode(G, (char *)id, 0);
    for (Agnode_t *n = agfstnode(G); n; n = agnxtnode(G, n)) {
        char *label = unescape_label(agget(n, "label"));
        int same = strcmp(label, id) == 0;
        free(label);
        if (same)
            return n;
    }
    return NULL;
}

static void check_node(Agraph_t *G, const char *id, const char *name,
                       const char *note)
{
    Agnode_t *n = find_node(G, id);
    CHECK(n != NULL);
    if (!n) {
        fprintf(stderr, "  node not found: [%s]\n", id);
        return;
    }
    char *label = unescape_label(agget(n, "label"));
    CHECK_STR(label, name);
    free(label);
    char *v = agget(n, "note");
    CHECK_STR(v, note);
}

TEST(tricky_text_round_trips_through_cgraph)
{
    kg_graph *g = kg_graph_new();
    CHECK_INT(kg_add_entity(g, "hub", "Hub", "agency"), KG_OK);
    for (int i = 0; i < NTRICKY; i++) {
        CHECK_INT(kg_add_entity(g, tricky[i], tricky[i], tricky[i]), KG_OK);
        CHECK_INT(kg_set_entity_attr(g, tricky[i], "note", tricky[i]), KG_OK);
        size_t r;
        CHECK_INT(kg_add_relation(g, tricky[i], "hub", tricky[i], &r), KG_OK);
        CHECK_INT(kg_set_relation_attr(g, r, tricky[i], tricky[i]), KG_OK);
    }
    CHECK_INT(kg_resolve(g), KG_OK);
    CHECK_INT(kg_graph_stats(g).warnings, 1); /* the id "%s%n%x" */
    char *dot = write_dot(g);
    Agraph_t *G = read_back(dot);
    if (G) {
        CHECK_INT(agnnodes(G), NTRICKY + 1);
        CHECK_INT(agnedges(G), NTRICKY);
        Agnode_t *hub = agnode(G, "hub", 0);
        for (int i = 0; i < NTRICKY; i++) {
            check_node(G, tricky[i], tricky[i], tricky[i]);
            Agnode_t *n = find_node(G, tricky[i]);
            Agedge_t *e = n && hub ? agedge(G, n, hub, NULL, 0) : NULL;
            CHECK(e != NULL);
            if (!e)
                continue;
            CHECK_STR(agget(e, "type"), tricky[i]);
            CHECK_STR(agget(e, (char *)tricky[i]), tricky[i]);
            CHECK_STR(agget(n, "type"), tricky[i]);
        }
        agclose(G);
    }
    free(dot);
    kg_graph_free(g);
}

TEST(tricky_text_from_csv_round_trips)
{
    /* The same through the CSV reader: quoted fields with doubled quotes
     * and line ends inside. */
    const char csv[] =
        "id,name,note\n"
        "\"a\"\"]; x [y=\"\"z\",\"Name \"\"q\"\"\",\"multi\nline\\\"\n"
        "b\\,B\\,end\\\n";
    kg_graph *g = kg_graph_new();
    CHECK_INT(kg_load_buffer(g, "t.csv", csv, sizeof csv - 1), KG_OK);
    CHECK_INT(kg_resolve(g), KG_OK);
    CHECK_INT(kg_graph_stats(g).errors, 0);
    char *dot = write_dot(g);
    Agraph_t *G = read_back(dot);
    if (G) {
        CHECK_INT(agnnodes(G), 2);
        check_node(G, "a\"]; x [y=\"z", "Name \"q\"", "multi\nline\\");
        check_node(G, "b\\", "B\\", "end\\");
        agclose(G);
    }
    free(dot);
    kg_graph_free(g);
}

/* A reproducible stream of strings over the characters that matter. */
static void random_text(unsigned *seed, char *out, size_t max)
{
    static const char *const atoms[] = {"a",  "\\",       "\"", "\n", "<", ">",
                                        " ",  "\xC3\xA9", "#",  "/",  "*", "\r",
                                        "\t", "-",        "1",  "}"};
    size_t n = (size_t)(rand_r(seed) % 9) + 1, o = 0;
    for (size_t i = 0; i < n; i++) {
        const char *a = atoms[rand_r(seed) % (sizeof atoms / sizeof *atoms)];
        if (o + strlen(a) + 1 >= max)
            break;
        memcpy(out + o, a, strlen(a));
        o += strlen(a);
    }
    out[o] = '\0';
}

TEST(random_text_round_trips_or_is_flagged)
{
    unsigned seed = 12345;
    int exact = 0, flagged = 0;
    for (int round = 0; round < 300; round++) {
        kg_graph *g = kg_graph_new();
        char ids[8][64];
        for (int i = 0; i < 8; i++) {
            snprintf(ids[i], 8, "n%d_", i); /* keep ids distinct */
            random_text(&seed, ids[i] + strlen(ids[i]), 56);
            kg_add_entity(g, ids[i], ids[i], NULL);
            kg_set_entity_attr(g, ids[i], "note", ids[i]);
            if (i)
                kg_add_relation(g, ids[i - 1], ids[i], NULL, NULL);
        }
        kg_resolve(g);
        char *dot = write_dot(g);
        Agraph_t *G = read_back(dot);
        if (G) {
            CHECK_INT(agnnodes(G), 8); /* never a node too many */
            CHECK_INT(agnedges(G), 7);
            for (int i = 0; i < 8; i++) {
                if (!kg_dot_exact(ids[i], strlen(ids[i]))) {
                    flagged++;
                    continue;
                }
                exact++;
                check_node(G, ids[i], ids[i], ids[i]);
            }
            agclose(G);
        }
        free(dot);
        kg_graph_free(g);
    }
    CHECK(exact > 2000);
    fprintf(stderr, "  random strings: %d exact, %d flagged\n", exact, flagged);
}

int main(void)
{
    RUN(tricky_text_round_trips_through_cgraph);
    RUN(tricky_text_from_csv_round_trips);
    RUN(random_text_round_trips_or_is_flagged);
    return harness_done("roundtrip");
}
