/*
 * fuzz_roundtrip.c - libFuzzer entry point: any bytes, read as CSV files
 * (fuzz_input.h), written as DOT, and read back by Graphviz's own parser
 * (cgraph's agmemread), which must give the same graph: as many nodes and
 * edges as kgraph shows, each entity under its id with its label exactly
 * as it went in.  The same graph's JSON exports (Cytoscape.js, and
 * FollowTheMoney line by line) must parse (jansson) and hold every label
 * exactly.  Its Neo4j folder's load.cypher, cut into statements as
 * cypher-shell cuts it and each read as Neo4j reads it (\uXXXX replaced
 * before lexing), must be kgraph's own statements and nothing else, each
 * name ending where kgraph ended it.  A difference aborts, which
 * libFuzzer keeps as a crash.
 */
#include <cgraph.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "fuzz_input.h"
#include "graph/view.h"
#include "rules/dot.h"

static void remove_neo4j_dir(void);

static void differ(const char *what, const char *a, const char *b)
{
    fprintf(stderr, "round trip differs: %s: [%s] vs [%s]\n", what, a, b);
    remove_neo4j_dir(); /* abort skips atexit */
    abort();
}

/* escString back to text: \\ is a backslash, \n a line end. */
static char *unescape(const char *s)
{
    char *out = malloc(strlen(s) + 1), *o = out;
    if (!out)
        abort();
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

static char *dot_of(const kg_graph *g)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f)
        abort();
    kg_dot_options o = kg_dot_defaults();
    o.legend = 0;
    kg_status st = kg_write_dot(g, f, &o);
    fclose(f);
    if (st != KG_OK)
        differ("kg_write_dot failed", kg_strerror(st), "");
    return text;
}

static void check(const kg_graph *g, Agraph_t *G)
{
    unsigned long nodes = 0, edges = 0;
    for (uint32_t e = 0; e < kg_nents(g); e++)
        nodes += kg_node_shown(g, e);
    for (uint32_t r = 0; r < kg_nrels(g); r++)
        edges += kg_edge_shown(g, r);
    char a[32], b[32];
    snprintf(a, sizeof a, "%lu", nodes);
    snprintf(b, sizeof b, "%d", agnnodes(G));
    if (nodes != (unsigned long)agnnodes(G))
        differ("nodes", a, b);
    snprintf(a, sizeof a, "%lu", edges);
    snprintf(b, sizeof b, "%d", agnedges(G));
    if (edges != (unsigned long)agnedges(G))
        differ("edges", a, b);
    for (uint32_t e = 0; e < kg_nents(g); e++) {
        const kg_entity *x = kg_ent(g, e);
        const char *label = x->name ? x->name : kg_ent_id(g, x);
        /* cgraph renames ids that begin with '%'; text DOT cannot hold
         * exactly is warned about at input and written as near as can be */
        if (!kg_node_shown(g, e) || kg_ent_id(g, x)[0] == '%' ||
            !kg_dot_exact(kg_ent_id(g, x), strlen(kg_ent_id(g, x))) ||
            !kg_dot_exact(label, strlen(label)))
            continue;
        Agnode_t *n = agnode(G, (char *)kg_ent_id(g, x), 0);
        if (!n)
            differ("node not found", kg_ent_id(g, x), "");
        char *back = unescape(agget(n, "label"));
        if (strcmp(back, label) != 0)
            differ("label", label, back);
        free(back);
    }
}

static char *export_of(const kg_graph *g, kg_export_format fmt)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f)
        abort();
    kg_dot_options o = kg_dot_defaults();
    o.no_layout = 1; /* positions are not what is checked here */
    kg_status st = kg_write_export(g, f, fmt, &o);
    fclose(f);
    if (st != KG_OK)
        differ("kg_write_export failed", kg_strerror(st), "");
    return text;
}

/* The Cytoscape.js export parses, with no key twice in an object (a data
 * column named like kgraph's own is data_NAME: rules/data_key.h), and
 * node i of it is shown entity i with its label. */
static void check_cyjs(const kg_graph *g)
{
    char *text = export_of(g, KG_EXPORT_CYJS);
    json_error_t err;
    json_t *doc = json_loads(text, JSON_REJECT_DUPLICATES, &err);
    if (!doc)
        differ("the Cytoscape.js export is not JSON", err.text, text);
    json_t *nodes = json_object_get(json_object_get(doc, "elements"), "nodes");
    size_t i = 0;
    for (uint32_t e = 0; e < kg_nents(g); e++) {
        if (!kg_node_shown(g, e))
            continue;
        const kg_entity *x = kg_ent(g, e);
        json_t *data = json_object_get(json_array_get(nodes, i++), "data");
        const char *label = json_string_value(json_object_get(data, "label"));
        if (!label || strcmp(label, x->name ? x->name : kg_ent_id(g, x)) != 0)
            differ("cyjs label", x->name ? x->name : kg_ent_id(g, x),
                   label ? label : "");
    }
    json_decref(doc);
    free(text);
}

/* Every FollowTheMoney line parses, with no key twice in an object. */
static void check_ftm(const kg_graph *g)
{
    char *text = export_of(g, KG_EXPORT_FTM);
    for (char *line = text, *end; line && *line; line = end ? end + 1 : NULL) {
        end = strchr(line, '\n');
        json_error_t err;
        json_t *o = json_loadb(line, end ? (size_t)(end - line) : strlen(line),
                               JSON_REJECT_DUPLICATES, &err);
        if (!json_is_object(o))
            differ("an FtM line is not a JSON object", err.text, line);
        json_decref(o);
    }
    free(text);
}

/* ---- The Neo4j folder: load.cypher as cypher-shell and Neo4j read it ---- */

/* p grown to n items of `size` bytes (out of memory aborts). */
static void *grown(void *p, size_t n, size_t size)
{
    void *q = realloc(p, n * size);
    if (!q)
        abort();
    return q;
}

/* A file's bytes, NUL-terminated (malloc'd); "" when it cannot be read. */
static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *text = NULL;
    size_t n = 0, cap = 0;
    for (int c; f && (c = getc(f)) != EOF;) {
        if (n + 2 > cap)
            text = grown(text, cap = cap * 2 + 4096, 1);
        text[n++] = (char)c;
    }
    if (f)
        fclose(f);
    if (!text && !(text = calloc(1, 1)))
        abort();
    text[n] = '\0';
    *len = n;
    return text;
}

static void put_utf8(char **o, unsigned u) /* u < 0x10000 */
{
    if (u < 0x80) {
        *(*o)++ = (char)u;
    } else if (u < 0x800) {
        *(*o)++ = (char)(0xC0 | u >> 6);
        *(*o)++ = (char)(0x80 | (u & 0x3F));
    } else {
        *(*o)++ = (char)(0xE0 | u >> 12);
        *(*o)++ = (char)(0x80 | (u >> 6 & 0x3F));
        *(*o)++ = (char)(0x80 | (u & 0x3F));
    }
}

static int hex(char c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

/* Four hex digits at s as a number, or -1. */
static long hex4(const char *s, const char *end)
{
    long v = 0;
    for (int i = 0; i < 4; i++) {
        if (s + i >= end || hex(s[i]) < 0)
            return -1;
        v = v << 4 | hex(s[i]);
    }
    return v;
}

/* A statement as Neo4j's CypherInputStream gives it to the lexer: a
 * backslash that the one before it did not escape, followed by one or
 * more 'u' and four hex digits, is the character they give (written here
 * as UTF-8); without the four digits the query is refused. */
static char *prepass(const char *s, size_t n, size_t *outlen)
{
    char *out = malloc(n + 1), *o = out;
    const char *end = s + n;
    int escaped = 0;
    if (!out)
        abort();
    while (s < end) {
        char c = *s++;
        if (c == '\\' && !escaped && s < end && *s == 'u') {
            while (s < end && *s == 'u')
                s++;
            long u = hex4(s, end);
            if (u < 0)
                differ("load.cypher: Neo4j refuses a \\u escape", s, "");
            put_utf8(&o, (unsigned)u);
            s += 4;
            continue;
        }
        escaped = c == '\\' && !escaped;
        *o++ = c;
    }
    *o = '\0';
    *outlen = (size_t)(o - out);
    return out;
}

/* One statement as cypher-shell cuts load.cypher (its
 * ShellStatementParser): after blanks and comments, up to a ';' outside
 * quotes (' " `) and comments, a backslash escaping the next character
 * anywhere but in a comment.  Sets *start and *len; returns where the
 * next begins, or NULL at the end. */
static const char *shell_statement(const char *s, const char **start,
                                   size_t *len)
{
    for (;;) {
        while (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r')
            s++;
        if (s[0] == '/' && (s[1] == '/' || s[1] == '*')) {
            const char *e = strstr(s + 2, s[1] == '/' ? "\n" : "*/");
            s = e ? e + (s[1] == '/' ? 1 : 2) : s + strlen(s);
            continue;
        }
        break;
    }
    if (!*s)
        return NULL;
    if (*s == ':')
        differ("load.cypher: cypher-shell reads a command", s, "");
    const char *awaited = NULL;
    char prev = 0, cur = 0;
    int skip = 0;
    for (const char *p = s; *p; p++) {
        prev = cur;
        cur = *p;
        int comment =
            awaited && (!strcmp(awaited, "\n") || !strcmp(awaited, "*/"));
        if (skip) {
            skip = 0;
        } else if (comment) {
            if ((awaited[1] == 0 && cur == awaited[0]) ||
                (awaited[1] && prev == awaited[0] && cur == awaited[1]))
                awaited = NULL;
        } else if (cur == '\\') {
            skip = 1;
        } else if (awaited) {
            if (cur == awaited[0])
                awaited = NULL;
        } else if (cur == ';') {
            *start = s;
            *len = (size_t)(p - s);
            return p + 1;
        } else if (prev == '/' && (cur == '/' || cur == '*')) {
            awaited = cur == '/' ? "\n" : "*/";
        } else if (cur == '`' || cur == '"' || cur == '\'') {
            awaited = cur == '`' ? "`" : cur == '"' ? "\"" : "'";
        }
    }
    differ("load.cypher: a statement that does not end", s, "");
    return NULL;
}

/* A token of Cypher as Neo4j's lexer reads it: a word, a name between
 * backticks, a string, or one other character; text decoded. */
typedef struct ctok {
    char kind; /* 'w' word, 'n' name, 's' string, 'p' punctuation */
    char *text;
} ctok;

typedef struct ctoks {
    ctok *v;
    size_t n, cap;
} ctoks;

static void ctoks_free(ctoks *t)
{
    for (size_t i = 0; i < t->n; i++)
        free(t->v[i].text);
    free(t->v);
    *t = (ctoks){0};
}

static void ctok_add(ctoks *t, char kind, const char *s, size_t n)
{
    if (t->n == t->cap)
        t->v = grown(t->v, t->cap = t->cap * 2 + 16, sizeof *t->v);
    ctok *k = &t->v[t->n++];
    k->kind = kind;
    k->text = malloc(n + 1);
    if (!k->text)
        abort();
    memcpy(k->text, s, n);
    k->text[n] = '\0';
}

/* A quoted token from q (at its opening quote): a name (`...`, `` a
 * backtick) or a string ('...' or "...", backslash escapes as Cypher
 * has them); decoded into out (as long as the quote).  Returns the byte
 * after its closing quote. */
static const char *quoted(const char *q, const char *end, char *out, size_t *n)
{
    char quote = *q;
    *n = 0;
    for (const char *p = q + 1; p < end; p++) {
        if (*p == quote && quote == '`' && p + 1 < end && p[1] == '`') {
            out[(*n)++] = *p++;
        } else if (*p == quote) {
            return p + 1;
        } else if (*p == '\\' && quote != '`') {
            static const char from[] = "\\'\"ntrbf", to[] = "\\'\"\n\t\r\b\f";
            const char *k = ++p < end ? strchr(from, *p) : NULL;
            if (p < end && *p == 'u' && hex4(p + 1, end) >= 0) {
                char *o = out + *n;
                put_utf8(&o, (unsigned)hex4(p + 1, end));
                *n = (size_t)(o - out);
                p += 4;
            } else if (k && *k) {
                out[(*n)++] = to[k - from];
            } else {
                differ("load.cypher: an escape Neo4j refuses", q, "");
            }
        } else {
            out[(*n)++] = *p;
        }
    }
    differ("load.cypher: a quote that does not end", q, "");
    return end;
}

static int word_byte(char c, int first)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
           (!first && c >= '0' && c <= '9');
}

/* The tokens of s[0..n) as Neo4j's lexer reads them.  kgraph writes no
 * comment inside a statement: one is refused as not kgraph's. */
static void lex(const char *s, size_t n, ctoks *t)
{
    const char *end = s + n;
    char *buf = malloc(n + 1);
    if (!buf)
        abort();
    for (const char *p = s; p < end;) {
        size_t k;
        if (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r') {
            p++;
        } else if (*p == '/' && p + 1 < end && (p[1] == '/' || p[1] == '*')) {
            differ("load.cypher: a comment kgraph did not write", p, "");
        } else if (*p == '`' || *p == '\'' || *p == '"') {
            const char *next = quoted(p, end, buf, &k);
            ctok_add(t, *p == '`' ? 'n' : 's', buf, k);
            p = next;
        } else if (word_byte(*p, 1)) {
            for (k = 1; p + k < end && word_byte(p[k], 0); k++)
                ;
            ctok_add(t, 'w', p, k);
            p += k;
        } else {
            ctok_add(t, 'p', p, 1);
            p++;
        }
    }
    free(buf);
}

/* Matching a statement's tokens against kgraph's skeleton. */
typedef struct cmatch {
    const ctoks *t;
    size_t at;
    const char *caught[4]; /* what each $S or $N matched, in order */
    int ncaught;
} cmatch;

/* Whether the tokens from m->at on begin as `pattern` (Cypher, with $S
 * for any string and $N for any name); moves past them when they do. */
static int matches(cmatch *m, const char *pattern)
{
    ctoks want = {0};
    lex(pattern, strlen(pattern), &want);
    size_t at = m->at;
    int n = m->ncaught, ok = 1;
    for (size_t i = 0; ok && i < want.n; i++, at++) {
        const ctok *w = &want.v[i];
        const ctok *g = at < m->t->n ? &m->t->v[at] : NULL;
        if (w->kind == 'p' && w->text[0] == '$' && i + 1 < want.n) {
            char kind = want.v[++i].text[0] == 'S' ? 's' : 'n';
            ok = g && g->kind == kind && n < 4;
            if (ok)
                m->caught[n++] = g->text;
        } else {
            ok = g && g->kind == w->kind && strcmp(g->text, w->text) == 0;
        }
    }
    ctoks_free(&want);
    if (ok) {
        m->at = at;
        m->ncaught = n;
    }
    return ok;
}

static int by_text(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* How many distinct texts v[0..n) holds (v is sorted). */
static size_t distinct(const char **v, size_t n)
{
    qsort(v, n, sizeof *v, by_text);
    size_t d = 0;
    for (size_t i = 0; i < n; i++)
        d += i == 0 || strcmp(v[i - 1], v[i]) != 0;
    return d;
}

/* A header's fields (the first line of a CSV file kgraph wrote: no field
 * of it is quoted), joined by '\n'; no two of them name one property
 * (the name before a type, ":long"...; Neo4j's own fields, ":ID"..., have
 * none). */
static char *header_of(const char *path)
{
    size_t n;
    char *text = read_all(path, &n);
    char *nl = strchr(text, '\n');
    if (nl)
        *nl = '\0';
    char *bases = strdup(text);
    const char **v = calloc(strlen(text) + 2, sizeof *v);
    if (!bases || !v)
        abort();
    size_t nv = 0;
    for (char *p = text, *b = bases;; p++, b++) {
        char *field = b;
        while (*b && *b != ',')
            b++;
        int last = !*b;
        *b = '\0';
        char *colon = strrchr(field, ':');
        if (colon)
            *colon = '\0';
        if (*field)
            v[nv++] = field;
        p += b - field;
        if (last)
            break;
        *p = '\n';
    }
    if (distinct(v, nv) != nv)
        differ("Neo4j header: one property twice", text, "");
    free(v);
    free(bases);
    return text;
}

static int in_header(const char *header, const char *field)
{
    size_t n = strlen(field);
    for (const char *p = header; (p = strstr(p, field)) != NULL; p++)
        if ((p == header || p[-1] == '\n') && (p[n] == '\n' || !p[n]))
            return 1;
    return 0;
}

/* Whether name is one kgraph may write: not empty, no backslash and no
 * control character, whatever the kind. */
static void check_name(const char *what, const char *name)
{
    if (!*name)
        differ(what, "an empty name", "");
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        if (*p == '\\' || *p < 0x20 || *p == 0x7F)
            differ(what, "a name with a backslash or control character", name);
}

/* The SETs after a statement: var.`P` = fn(row.`P:type`) for properties
 * the header has, each once, the property named as its column. */
static void check_props(cmatch *m, const char *var, const char *header)
{
    char pattern[128];
    for (int first = 1; m->at < m->t->n; first = 0) {
        snprintf(pattern, sizeof pattern, "%s %s.$N =", first ? "SET" : ",",
                 var);
        m->ncaught = 0;
        if (!matches(m, pattern))
            differ("load.cypher: not kgraph's SET", m->t->v[m->at].text, var);
        const char *prop = m->caught[0];
        static const char *const fns[] = {"toInteger", "toFloat", "toBoolean",
                                          "date", ""};
        int ok = 0;
        for (size_t i = 0; i < 5 && !ok; i++) {
            snprintf(pattern, sizeof pattern, "%s(row.$N)", fns[i]);
            ok = matches(m, pattern);
        }
        if (!ok)
            differ("load.cypher: not kgraph's value", prop, var);
        const char *column = m->caught[1];
        size_t n = strlen(prop);
        check_name("load.cypher property", prop);
        if (strncmp(column, prop, n) != 0 || (column[n] && column[n] != ':'))
            differ("load.cypher: a property named unlike its column", prop,
                   column);
        if (!in_header(header, column))
            differ("load.cypher: a column the CSV file does not have", column,
                   header);
    }
}

/* Every statement of load.cypher is kgraph's: the constraint, the
 * entities, one per label (the type it matches each once, every shown
 * type), one per relationship type (each once, one for every shown
 * type), names ending where kgraph ended them. */
static void check_load_cypher(const kg_graph *g, const char *dir)
{
    char path[300];
    size_t len;
    snprintf(path, sizeof path, "%s/load.cypher", dir);
    char *text = read_all(path, &len);
    snprintf(path, sizeof path, "%s/entities.csv", dir);
    char *ent_header = header_of(path);
    snprintf(path, sizeof path, "%s/relations.csv", dir);
    char *rel_header = header_of(path);
    const char **labels = calloc(kg_nents(g) + 1, sizeof *labels);
    const char **types = calloc(kg_nrels(g) + 1, sizeof *types);
    char **seen = calloc(kg_nents(g) + kg_nrels(g) + 1, sizeof *seen);
    if (!labels || !types || !seen)
        abort();
    size_t nlabels = 0, ntypes = 0, nseen = 0, nstatement = 0;
    const char *at = text, *start;
    while ((at = shell_statement(at, &start, &len)) != NULL) {
        char *st = prepass(start, len, &len);
        ctoks t = {0};
        lex(st, len, &t);
        cmatch m = {&t, 0, {0}, 0};
        if (nstatement++ == 0) {
            if (!matches(&m, "CREATE CONSTRAINT kgraph_entity_id IF NOT "
                             "EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE") ||
                m.at != t.n)
                differ("load.cypher: not kgraph's first statement", st, "");
        } else if (matches(&m, "LOAD CSV WITH HEADERS FROM "
                               "'file:///entities.csv' AS row CREATE "
                               "(n:Entity {id: row.`id:ID`, name: row.name}) "
                               "SET n.aliases = CASE row.`aliases:string[]` "
                               "WHEN '' THEN null ELSE "
                               "split(row.`aliases:string[]`, ';') END")) {
            if (nstatement != 2)
                differ("load.cypher: the entities twice", st, "");
            check_props(&m, "n", ent_header);
        } else if (matches(&m, "LOAD CSV WITH HEADERS FROM "
                               "'file:///entities.csv' AS row WITH row WHERE "
                               "row.`:LABEL` = $S MATCH (n:Entity {id: "
                               "row.`id:ID`}) SET n:$N")) {
            check_name("load.cypher label", m.caught[1]);
            if (m.at < t.n &&
                (!matches(&m, ", n.type = row.`:LABEL`") || m.at != t.n))
                differ("load.cypher: not kgraph's label", st, "");
            labels[nlabels++] = seen[nseen++] = strdup(m.caught[0]);
        } else if (matches(&m, "LOAD CSV WITH HEADERS FROM "
                               "'file:///relations.csv' AS row WITH row WHERE "
                               "row.`:TYPE` = $S MATCH (a:Entity {id: "
                               "row.`:START_ID`}), (b:Entity {id: "
                               "row.`:END_ID`}) CREATE (a)-[r:$N]->(b)")) {
            if (strcmp(m.caught[0], m.caught[1]) != 0)
                differ("load.cypher: a type matched unlike its name",
                       m.caught[0], m.caught[1]);
            for (const char *p = m.caught[1]; *p; p++)
                if (!word_byte(*p, p == m.caught[1]))
                    differ("load.cypher: a relationship type not an identifier",
                           m.caught[1], "");
            types[ntypes++] = seen[nseen++] = strdup(m.caught[0]);
            check_props(&m, "r", rel_header);
        } else {
            differ("load.cypher: a statement kgraph did not write", st, "");
        }
        ctoks_free(&t);
        free(st);
    }
    /* one statement per shown type, each type once */
    const char **want = calloc(kg_nents(g) + kg_nrels(g) + 1, sizeof *want);
    size_t nwant = 0;
    if (!want)
        abort();
    for (uint32_t e = 0; e < kg_nents(g); e++)
        if (kg_node_shown(g, e) && kg_ent_type(g, kg_ent(g, e)))
            want[nwant++] = kg_ent_type(g, kg_ent(g, e));
    char a[32], b[32];
    snprintf(a, sizeof a, "%zu", distinct(want, nwant));
    snprintf(b, sizeof b, "%zu", nlabels);
    if (distinct(labels, nlabels) != nlabels)
        differ("load.cypher: a label statement twice", b, "");
    if (distinct(want, nwant) != nlabels)
        differ("load.cypher: types, label statements", a, b);
    for (size_t i = 0; i < nlabels; i++) {
        size_t k = 0;
        while (k < nwant && strcmp(want[k], labels[i]) != 0)
            k++;
        if (k == nwant)
            differ("load.cypher: a label for no type", labels[i], "");
    }
    nwant = 0;
    for (uint32_t r = 0; r < kg_nrels(g); r++)
        if (kg_edge_shown(g, r)) {
            const char *type = kg_rel_type(g, kg_rel(g, r));
            want[nwant++] = type ? type : "";
        }
    snprintf(a, sizeof a, "%zu", distinct(want, nwant));
    snprintf(b, sizeof b, "%zu", ntypes);
    if (distinct(types, ntypes) != ntypes)
        differ("load.cypher: a relationship type's statement twice", b, "");
    if (distinct(want, nwant) != ntypes)
        differ("load.cypher: relation types, relationship type statements", a,
               b);
    for (size_t i = 0; i < nseen; i++)
        free(seen[i]);
    free(seen);
    free(want);
    free(labels);
    free(types);
    free(ent_header);
    free(rel_header);
    free(text);
}

/* The folder the Neo4j export is written into, made once, removed at
 * exit. */
static char neo4j_dir[] = "/tmp/kgraph-fuzz-neo4j-XXXXXX";
static int neo4j_dir_made;

static void remove_neo4j_dir(void)
{
    if (!neo4j_dir_made)
        return;
    for (const char *const *f = kg_neo4j_files(); *f; f++) {
        char path[300];
        snprintf(path, sizeof path, "%s/%s", neo4j_dir, *f);
        unlink(path);
    }
    rmdir(neo4j_dir);
}

static void check_neo4j(const kg_graph *g)
{
    if (!neo4j_dir_made) {
        if (!mkdtemp(neo4j_dir))
            abort();
        atexit(remove_neo4j_dir);
        neo4j_dir_made = 1;
    }
    kg_status st = kg_write_neo4j(g, neo4j_dir);
    if (st != KG_OK)
        differ("kg_write_neo4j failed", kg_strerror(st), "");
    check_load_cypher(g, neo4j_dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_input in = fuzz_cut(data, size);
    kg_graph *g = fuzz_graph(&in);
    if (!g)
        return 0;
    char *dot = dot_of(g);
    agseterr(AGMAX);
    Agraph_t *G = agmemread(dot);
    if (!G)
        differ("cgraph cannot read the DOT", dot, "");
    check(g, G);
    check_cyjs(g);
    check_ftm(g);
    check_neo4j(g);
    agclose(G);
    free(dot);
    kg_graph_free(g);
    return 0;
}
