/*
 * neo4j.c - the graph as a folder for Neo4j (neo4j.h): two CSV files for
 * neo4j-admin's bulk import, the script that runs it, and the same load
 * as Cypher for a running database.  kgraph reads the folder back to the
 * same graph.
 */
#include "export/neo4j.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "export/exporter_int.h"
#include "graph/lifetime.h"
#include "graph/view.h"
#include "util/diag.h"
#include "util/utf8.h"

/* Whether every value of column c on the shown nodes (`edges`: edges) is
 * a whole date, YYYY-MM-DD, as kgraph reads :date back. */
static int whole_dates(const kg_exporter *x, const kg_column *c, int edges)
{
    const kg_graph *g = x->g;
    size_t n = edges ? kg_nrels(g) : kg_nents(g);
    for (uint32_t i = 0; i < n; i++) {
        if (edges ? !kg_edge_shown(g, i) : !kg_node_shown(g, i))
            continue;
        kg_list l = edges ? kg_rel_attrs(g, kg_rel(g, i)) : kg_ent(g, i)->attrs;
        kg_attr_it it;
        for (kg_attr_begin(g, l, &it); kg_attr_step(&it);) {
            int y, m, d, used = 0;
            if (it.key == c->key &&
                !(strlen(it.value) == 10 &&
                  sscanf(it.value, "%4d-%2d-%2d%n", &y, &m, &d, &used) == 3 &&
                  used == 10))
                return 0;
        }
    }
    return 1;
}

/* A property's Neo4j type suffix: :date only for whole dates; "" for a
 * string. */
static const char *neo_type(const kg_column *c, const kg_exporter *x, int edges)
{
    if (c->multi || !c->values)
        return "";
    if (kg_export_date_key(c->key))
        return whole_dates(x, c, edges) ? ":date" : "";
    if (c->types & KG_T_BOOL)
        return ":boolean";
    if (c->types & KG_T_LONG)
        return ":long";
    if (c->types & KG_T_DOUBLE)
        return ":double";
    return "";
}

/* A CSV field as neo4j-admin reads it: quoted when it holds a comma, a
 * quote, a line end or surrounding space, quotes doubled; nothing added
 * (the values must come back exactly).  Sets *multiline when it holds a
 * line end. */
static void neo_field(kg_out *o, const char *s, int *multiline)
{
    size_t n = strlen(s);
    if (!strpbrk(s, ",\"\r\n") && !(n && (s[0] == ' ' || s[n - 1] == ' '))) {
        kg_out_puts(o, s);
        return;
    }
    *multiline |= strpbrk(s, "\r\n") != NULL;
    kg_out_putc(o, '"');
    for (; *s; s++) {
        if (*s == '"')
            kg_out_putc(o, '"');
        kg_out_putc(o, *s);
    }
    kg_out_putc(o, '"');
}

/* A header name: kgraph's own names get data_ in front, and a ':'
 * (Neo4j's type separator), comma, quote or line end becomes '_'; in
 * Cypher (`cypher`), backticks are doubled too. */
static void neo_key_as(kg_out *o, const char *key, int cypher)
{
    static const char *const own[] = {"id",    "name", "aliases", "relation",
                                      "label", "type", NULL};
    int mine = strncmp(key, "data_", 5) == 0;
    for (int i = 0; own[i] && !mine; i++)
        mine = kg_ascii_casecmp(key, own[i]) == 0;
    if (mine)
        kg_out_puts(o, "data_");
    for (const char *p = key; *p; p++) {
        char c = *p == ':' || *p == ',' || *p == '"' || *p == '\n' || *p == '\r'
                     ? '_'
                     : *p;
        if (c == '`' && cypher)
            kg_out_putc(o, '`');
        kg_out_putc(o, c);
    }
}

/* Whether a relation type can be a Neo4j relationship type as it is: an
 * identifier (no backticks needed in Cypher). */
static int neo_identifier(const char *t)
{
    if (!t || !*t || (*t >= '0' && *t <= '9'))
        return 0;
    for (; *t; t++)
        if (!((*t >= 'a' && *t <= 'z') || (*t >= 'A' && *t <= 'Z') ||
              (*t >= '0' && *t <= '9') || *t == '_'))
            return 0;
    return 1;
}

/* The relationship type written for t: t itself when it is an
 * identifier, else its letters and digits with '_' for the rest, upper
 * case ("took part in" -> TOOK_PART_IN, in x->scratch); RELATED_TO
 * without one. */
static const char *neo_rel_type(kg_exporter *x, const char *t)
{
    if (neo_identifier(t))
        return t;
    if (!t || !*t)
        return "RELATED_TO";
    kg_buf_clear(&x->scratch);
    if ((*t >= '0' && *t <= '9') && kg_export_scratch_putc(x, '_'))
        return "RELATED_TO";
    for (const unsigned char *p = (const unsigned char *)t; *p; p++) {
        char c = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
        int ok = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (kg_export_scratch_putc(x, ok ? c : '_'))
            return "RELATED_TO";
    }
    return x->scratch.data;
}

/* ---- entities.csv and relations.csv ---- */

/* The header's columns for schema s, typed. */
static void neo_header(kg_exporter *x, kg_out *o, const kg_schema *s, int edges)
{
    for (size_t i = 0; i < s->n; i++) {
        kg_out_putc(o, ',');
        neo_key_as(o, s->v[i].key, 0);
        kg_out_puts(o, neo_type(&s->v[i], x, edges));
    }
    kg_out_puts(o, "\n");
}

/* The fields of list l under schema s's columns. */
static void neo_values(kg_exporter *x, kg_out *o, const kg_schema *s, kg_list l,
                       int *multiline)
{
    for (size_t i = 0; i < s->n; i++) {
        kg_out_putc(o, ',');
        neo_field(o, kg_export_joined(x, l, s->v[i].key), multiline);
    }
    kg_out_puts(o, "\n");
}

static void neo_entities(kg_exporter *x, kg_out *o, int *multiline)
{
    const kg_graph *g = x->g;
    kg_out_puts(o, "id:ID,name,:LABEL,aliases:string[]");
    neo_header(x, o, &x->nodes, 0);
    for (uint32_t e = 0; e < kg_nents(g); e++) {
        if (!kg_node_shown(g, e))
            continue;
        const kg_entity *n = kg_ent(g, e);
        neo_field(o, n->id, multiline);
        kg_out_putc(o, ',');
        neo_field(o, kg_export_name(g, e), multiline);
        kg_out_putc(o, ',');
        neo_field(o, kg_ent_type(g, n) ? kg_ent_type(g, n) : "", multiline);
        kg_out_putc(o, ',');
        neo_field(o, kg_export_aliases(x, n, ";"), multiline);
        neo_values(x, o, &x->nodes, n->attrs, multiline);
    }
}

/* What the shown relations need beside :TYPE: a column `relation` with
 * the original type when one is not an identifier or is missing (kgraph
 * reads it back as the type), `label` when one has its own label,
 * `directed` when one has no direction.  A bit each. */
enum { NEO_RELATION = 1, NEO_LABEL = 2, NEO_DIRECTED = 4 };

static unsigned neo_needs(const kg_exporter *x)
{
    unsigned need = 0;
    for (uint32_t r = 0; r < kg_nrels(x->g); r++) {
        if (!kg_edge_shown(x->g, r))
            continue;
        const kg_relation *rel = kg_rel(x->g, r);
        if (!neo_identifier(kg_rel_type(x->g, rel)))
            need |= NEO_RELATION;
        if (kg_rel_label(x->g, rel))
            need |= NEO_LABEL;
        if (kg_rel_undirected(x->g, r))
            need |= NEO_DIRECTED;
    }
    return need;
}

/* Relation r's row up to its columns: ends, type, and what `need` asks. */
static void neo_relation(kg_exporter *x, kg_out *o, uint32_t r, unsigned need,
                         int *multiline)
{
    const kg_graph *g = x->g;
    const kg_relation *rel = kg_rel(g, r);
    const char *type = kg_rel_type(g, rel);
    neo_field(o, kg_ent(g, rel->src)->id, multiline);
    kg_out_putc(o, ',');
    neo_field(o, kg_ent(g, rel->dst)->id, multiline);
    kg_out_putc(o, ',');
    neo_field(o, neo_rel_type(x, type), multiline);
    if (need & NEO_RELATION) {
        kg_out_putc(o, ',');
        neo_field(o, type ? type : "", multiline);
    }
    if (need & NEO_LABEL) {
        kg_out_putc(o, ',');
        neo_field(o, kg_rel_label(g, rel) ? kg_rel_label(g, rel) : "",
                  multiline);
    }
    if (need & NEO_DIRECTED)
        kg_out_puts(o, kg_rel_undirected(g, r) ? ",false" : ",true");
}

static void neo_relations(kg_exporter *x, kg_out *o, int *multiline)
{
    const kg_graph *g = x->g;
    unsigned need = neo_needs(x);
    kg_out_puts(o, ":START_ID,:END_ID,:TYPE");
    if (need & NEO_RELATION)
        kg_out_puts(o, ",relation");
    if (need & NEO_LABEL)
        kg_out_puts(o, ",label");
    if (need & NEO_DIRECTED)
        kg_out_puts(o, ",directed:boolean");
    neo_header(x, o, &x->edges, 1);
    for (uint32_t r = 0; r < kg_nrels(g); r++) {
        if (!kg_edge_shown(g, r))
            continue;
        neo_relation(x, o, r, need, multiline);
        neo_values(x, o, &x->edges, kg_rel_attrs(g, kg_rel(g, r)), multiline);
    }
}

/* ---- import.sh ---- */

static void neo_import_sh(kg_exporter *x, kg_out *o, int *multiline)
{
    (void)x;
    kg_out_printf(
        o,
        "#!/bin/sh\n"
        "# Written by kgraph %s: loads this folder into a new Neo4j "
        "database\n"
        "# with neo4j-admin (Neo4j 5; Neo4j stopped, the database not "
        "there yet).\n"
        "#   ./import.sh [DATABASE]      (default: neo4j)\n"
        "set -e\n"
        "cd \"$(dirname \"$0\")\"\n"
        "neo4j-admin database import full \\\n"
        /* neo4j-admin's options, not kgraph's: the script the user runs */
        "  --nodes=Entity=entities.csv \\\n"
        "  --relationships=relations.csv \\\n"
        "  --id-type=string --array-delimiter=';' \\\n"
        "  --multiline-fields=%s \\\n"
        "  \"${1:-neo4j}\"\n",
        KGRAPH_VERSION, *multiline ? "true" : "false");
}

/* ---- load.cypher ---- */

/* s as a Cypher string literal's inside ('...'), or an identifier's
 * inside (`...`). */
static void cypher_text(kg_out *o, const char *s, char quote)
{
    for (; *s; s++) {
        if (*s == quote && quote == '`')
            kg_out_putc(o, '`');
        else if ((*s == quote || *s == '\\') && quote == '\'')
            kg_out_putc(o, '\\');
        if (*s == '\n' && quote == '\'')
            kg_out_puts(o, "\\n");
        else
            kg_out_putc(o, *s);
    }
}

/* SET n.`key` = <row's value, typed>, for every column of s. */
static void cypher_props(kg_exporter *x, kg_out *o, const kg_schema *s,
                         const char *var, int edges)
{
    for (size_t i = 0; i < s->n; i++) {
        const kg_column *c = &s->v[i];
        const char *t = neo_type(c, x, edges);
        const char *fn = strcmp(t, ":long") == 0      ? "toInteger"
                         : strcmp(t, ":double") == 0  ? "toFloat"
                         : strcmp(t, ":boolean") == 0 ? "toBoolean"
                         : strcmp(t, ":date") == 0    ? "date"
                                                      : "";
        kg_out_printf(o, "%s %s.`", i ? "," : "\nSET", var);
        cypher_text(o, c->key, '`');
        kg_out_printf(o, "` = %s(row.`", fn); /* the header as written */
        neo_key_as(o, c->key, 1);
        kg_out_puts(o, t);
        kg_out_puts(o, "`)");
    }
}

/* Whether type t was written already (it is in done[0..*n)); if not,
 * remembers it while there is room.  Only 64 are remembered: a type past
 * them is written again at each element of it. */
static int seen_type(const char **done, size_t *n, const char *t)
{
    for (size_t k = 0; k < *n; k++)
        if (done[k] == t)
            return 1;
    if (*n < 64)
        done[(*n)++] = t;
    return 0;
}

/* A label for each entity type: one statement per type. */
static void cypher_labels(kg_exporter *x, kg_out *o)
{
    const kg_graph *g = x->g;
    const char *done[64];
    size_t ndone = 0;
    for (uint32_t e = 0; e < kg_nents(g); e++) {
        const char *t =
            kg_node_shown(g, e) ? kg_ent_type(g, kg_ent(g, e)) : NULL;
        if (!t || seen_type(done, &ndone, t))
            continue;
        kg_out_puts(o,
                    "LOAD CSV WITH HEADERS FROM 'file:///entities.csv' AS row\n"
                    "WITH row WHERE row.`:LABEL` = '");
        cypher_text(o, t, '\'');
        kg_out_puts(o, "'\nMATCH (n:Entity {id: row.`id:ID`}) SET n:`");
        cypher_text(o, t, '`');
        kg_out_puts(o, "`;\n");
    }
}

/* The relationships of one type (a type cannot be a parameter). */
static void cypher_relationships(kg_exporter *x, kg_out *o, const char *type)
{
    kg_out_puts(o, "LOAD CSV WITH HEADERS FROM 'file:///relations.csv' AS row\n"
                   "WITH row WHERE row.`:TYPE` = '");
    cypher_text(o, type, '\'');
    kg_out_puts(o, "'\nMATCH (a:Entity {id: row.`:START_ID`}), "
                   "(b:Entity {id: row.`:END_ID`})\nCREATE (a)-[r:`");
    cypher_text(o, type, '`');
    kg_out_puts(o, "`]->(b)");
    cypher_props(x, o, &x->edges, "r", 1);
    kg_out_puts(o, ";\n");
}

/* One statement per relation type, the type as relations.csv has it. */
static void cypher_relation_types(kg_exporter *x, kg_out *o)
{
    const kg_graph *g = x->g;
    const char *done[64];
    size_t ndone = 0;
    for (uint32_t r = 0; r < kg_nrels(g); r++) {
        if (!kg_edge_shown(g, r))
            continue;
        const char *t = kg_rel_type(g, kg_rel(g, r));
        if (seen_type(done, &ndone, t))
            continue;
        const char *rt = neo_rel_type(x, t);     /* in scratch, which the */
        char *type = kg_strndup(rt, strlen(rt)); /* columns use */
        if (!type)
            continue;
        cypher_relationships(x, o, type);
        free(type);
    }
}

static void neo_load_cypher(kg_exporter *x, kg_out *o, int *multiline)
{
    (void)multiline;
    kg_out_printf(
        o,
        "// Written by kgraph %s: the same graph with LOAD CSV, for a "
        "running Neo4j 5.\n"
        "// Copy entities.csv and relations.csv into Neo4j's import "
        "folder, then run\n"
        "// this file (cypher-shell -f load.cypher).  A relationship "
        "type cannot be a\n"
        "// parameter: one statement per type.\n"
        "CREATE CONSTRAINT kgraph_entity_id IF NOT EXISTS "
        "FOR (n:Entity) REQUIRE n.id IS UNIQUE;\n"
        "LOAD CSV WITH HEADERS FROM 'file:///entities.csv' AS row\n"
        "CREATE (n:Entity {id: row.`id:ID`, name: row.name})\n"
        "SET n.aliases = CASE row.`aliases:string[]` WHEN '' THEN null "
        "ELSE split(row.`aliases:string[]`, ';') END",
        KGRAPH_VERSION);
    cypher_props(x, o, &x->nodes, "n", 0);
    kg_out_puts(o, ";\n");
    cypher_labels(x, o);
    cypher_relation_types(x, o);
}

/* ---- The folder ---- */

/* The files, in the order written: import.sh needs to know whether a
 * field of the CSV files holds a line end (`multiline`). */
static const struct neo_file {
    const char *name;
    void (*write)(kg_exporter *x, kg_out *o, int *multiline);
    mode_t mode; /* 0: as made */
} files[] = {
    {"entities.csv", neo_entities, 0},
    {"relations.csv", neo_relations, 0},
    {"load.cypher", neo_load_cypher, 0},
    {"import.sh", neo_import_sh, 0755},
};

/* Writes file f into dir, whole or not at all.  KG_OK, or the status
 * with the reason in err (none when out of memory). */
static kg_status neo_file(kg_exporter *x, const char *dir,
                          const struct neo_file *f, int *multiline, char *err,
                          size_t errlen)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, f->name);
    kg_output *out = kg_output_open(path, err, errlen);
    if (!out)
        return KG_ERR_IO;
    kg_out *o = kg_malloc(sizeof *o);
    if (!o) {
        kg_output_abort(out);
        return KG_ERR_NOMEM;
    }
    kg_out_init(o, kg_output_stream(out));
    f->write(x, o, multiline);
    int failed = kg_out_flush(o) ? o->err : 0;
    free(o);
    if (failed) {
        kg_output_abort(out);
        snprintf(err, errlen, "%s: cannot write: %s", f->name,
                 failed > 0 ? strerror(failed) : "input/output error");
        return KG_ERR_IO;
    }
    kg_status st = kg_output_commit(out, err, errlen);
    if (st == KG_OK && f->mode)
        chmod(path, f->mode);
    return st;
}

kg_status kg_neo4j_write(const kg_graph *g, const char *dir)
{
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        return kg_fail(kg_graph_diag(g), KG_ERR_IO,
                       "cannot make the folder: %s", strerror(errno));
    char err[1536] = "";
    kg_exporter x;
    kg_status st = kg_exporter_init(&x, g, NULL, NULL) ? KG_ERR_NOMEM : KG_OK;
    int multiline = 0;
    for (size_t f = 0; f < sizeof files / sizeof *files && st == KG_OK; f++)
        st = neo_file(&x, dir, &files[f], &multiline, err, sizeof err);
    if (st == KG_OK && x.nomem)
        st = KG_ERR_NOMEM;
    kg_exporter_free(&x);
    if (st == KG_ERR_NOMEM)
        return kg_fail(kg_graph_diag(g), st, "out of memory");
    if (st != KG_OK && err[0])
        kg_fail(kg_graph_diag(g), st, "%s", err);
    return st;
}
