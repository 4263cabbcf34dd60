/*
 * neo4j.c - the graph as a folder for Neo4j (neo4j.h): two CSV files for
 * neo4j-admin's bulk import, the script that runs it, and the same load
 * as Cypher for a running database.  kgraph reads the folder back to the
 * same graph.
 */
#include "export/neo4j.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "export/exporter_int.h"
#include "graph/lifetime.h"
#include "graph/view.h"
#include "rules/cypher.h"
#include "rules/date.h"
#include "util/arena.h"
#include "util/diag.h"
#include "util/path.h"
#include "util/symtab.h"

/* Sets c->form to 1 on each date column of s (the shown nodes', or
 * edges' when `edges`) whose every value is a whole date, YYYY-MM-DD, as
 * kgraph reads :date back, and to 0 on the others: one walk over the
 * elements for all of them, made once for the header and load.cypher. */
static void mark_whole_dates(const kg_exporter *x, kg_export_schema *s,
                             int edges)
{
    const kg_graph *g = x->g;
    size_t left = 0; /* date columns not yet refused */
    for (size_t k = 0; k < s->n; k++) {
        kg_export_column *c = &s->v[k];
        c->form = !c->multi && c->values && kg_export_date_key(c->key);
        left += (size_t)c->form;
    }
    size_t n = edges ? kg_nrels(g) : kg_nents(g);
    for (uint32_t i = 0; i < n && left > 0; i++) {
        if (edges ? !kg_edge_shown(g, i) : !kg_node_shown(g, i))
            continue;
        kg_list l = edges ? kg_rel_attrs(g, kg_rel(g, i))
                          : kg_ent_attrs(g, kg_ent(g, i));
        kg_attr_it it;
        for (kg_attr_begin(g, l, &it); kg_attr_step(&it);)
            for (size_t k = 0; k < s->n; k++)
                if (s->v[k].form && s->v[k].key == it.key &&
                    !kg_date_is_day(it.value)) {
                    s->v[k].form = 0;
                    left--;
                }
    }
}

/* A property's Neo4j type suffix: :date only for whole dates; "" for a
 * string. */
static const char *neo_type(const kg_export_column *c)
{
    if (c->multi || !c->values)
        return "";
    if (kg_export_date_key(c->key)) /* mark_whole_dates' word */
        return c->form ? ":date" : "";
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

/* ---- Names ---- */

/*
 * The names of one of Neo4j's namespaces (labels, relationship types, the
 * properties of nodes or of relationships), by the rule of rules/cypher.h:
 * one for each distinct text, unique among them.  A text whose name is
 * itself (or, for a property, itself with data_ in front) keeps it; then
 * each one whose characters had to change takes its name, or, when that
 * is taken, the name with _2, _3... after it, in the order the texts came
 * first.  So the names are the same at every run and never meet.
 */
typedef struct neo_names {
    kg_cypher_kind kind;
    kg_arena arena;
    kg_symtab texts;        /* text i, in the order added */
    kg_symtab taken;        /* every name given */
    kg_symtab bases;        /* the names made that met another... */
    unsigned long *next;    /* ...and the suffix each tries next */
    const char **name;      /* text i's name */
    unsigned char *changed; /* whether text i's name is not itself */
    size_t cap, next_cap;
} neo_names;

static void names_init(neo_names *t, kg_cypher_kind kind)
{
    *t = (neo_names){.kind = kind};
    kg_arena_init(&t->arena);
    kg_symtab_init(&t->texts);
    kg_symtab_init(&t->taken);
    kg_symtab_init(&t->bases);
}

static void names_free(neo_names *t)
{
    kg_symtab_free(&t->texts);
    kg_symtab_free(&t->taken);
    kg_symtab_free(&t->bases);
    kg_arena_free(&t->arena);
    free(t->next);
    free(t->name);
    free(t->changed);
}

/* Adds text s (NULL: "") when new.  0, or -1 when out of memory. */
static int names_add(neo_names *t, const char *s)
{
    int created;
    s = s ? s : "";
    uint32_t i = kg_symtab_intern(&t->texts, &t->arena, s, strlen(s), &created);
    if (i == KG_NONE ||
        kg_grow((void **)&t->name, &t->cap, t->texts.n, sizeof *t->name))
        return -1;
    return 0;
}

/* Gives `name` (in t's arena) when no text has it yet; 1 when given, 0
 * when taken, -1 when out of memory. */
static int names_take(neo_names *t, const kg_buf *name, const char **out)
{
    int created;
    uint32_t k =
        kg_symtab_intern(&t->taken, &t->arena, name->data, name->len, &created);
    if (k == KG_NONE)
        return -1;
    *out = t->taken.syms[k].s;
    return created;
}

/* Text i's name, made: its base name b, or b_N for the first N from 2 on
 * that no text has. */
static int names_made(neo_names *t, size_t i, kg_buf *b)
{
    int rc = names_take(t, b, &t->name[i]);
    if (rc)
        return rc < 0 ? -1 : 0;
    int created;
    size_t base_len = b->len;
    uint32_t k =
        kg_symtab_intern(&t->bases, &t->arena, b->data, b->len, &created);
    if (k == KG_NONE ||
        kg_grow((void **)&t->next, &t->next_cap, t->bases.n, sizeof *t->next))
        return -1;
    if (created)
        t->next[k] = 2;
    while (rc == 0) {
        b->len = base_len;
        if (kg_cypher_name_again(b, t->next[k]++))
            return -1;
        rc = names_take(t, b, &t->name[i]);
    }
    return rc < 0 ? -1 : 0;
}

/* Names every text added: those that keep theirs first, then the made
 * ones.  0, or -1 when out of memory. */
static int names_give(neo_names *t)
{
    size_t n = t->texts.n;
    kg_buf b;
    kg_buf_init(&b);
    t->changed = kg_calloc(n + 1, 1);
    int rc = t->changed ? 0 : -1;
    for (int pass = 0; pass < 2 && rc == 0; pass++)
        for (size_t i = 0; i < n && rc == 0; i++) {
            kg_buf_clear(&b);
            int changed = kg_cypher_name_of(&b, t->kind, t->texts.syms[i].s);
            if (changed < 0 || !b.data)
                rc = -1;
            else if (pass == 0 && !changed)
                rc = names_take(t, &b, &t->name[i]) < 0 ? -1 : 0;
            else if (pass == 1 && changed)
                rc = names_made(t, i, &b);
            if (rc == 0 && changed > 0)
                t->changed[i] = 1;
        }
    kg_buf_free(&b);
    return rc;
}

/* The index of text s (NULL: "") in t; it was added. */
static size_t names_index(const neo_names *t, const char *s)
{
    s = s ? s : "";
    return kg_symtab_find(&t->texts, s, strlen(s));
}

/* Text s's name. */
static const char *names_of(const neo_names *t, const char *s)
{
    return t->name[names_index(t, s)];
}

/* What the shown relations need beside :TYPE: a column `relation` with
 * the original type when a relationship type is not the type as it is
 * (kgraph reads it back as the type), `label` when one has its own
 * label, `directed` when one has no direction.  A bit each. */
enum { NEO_RELATION = 1, NEO_LABEL = 2, NEO_DIRECTED = 4 };

/* The folder being written: the exporter, every name it writes, and what
 * the files learn of each other. */
typedef struct neo {
    kg_exporter x;
    neo_names labels;     /* the shown entities' types */
    neo_names types;      /* the shown relations' types */
    neo_names node_props; /* x.nodes' columns' keys */
    neo_names edge_props; /* x.edges' columns' keys */
    unsigned need;        /* NEO_RELATION... */
    int multiline;        /* a field of the CSV files holds a line end */
} neo;

static unsigned neo_needs(const neo *w)
{
    const kg_graph *g = w->x.g;
    unsigned need = 0;
    for (uint32_t r = 0; r < kg_nrels(g); r++) {
        if (!kg_edge_shown(g, r))
            continue;
        const kg_relation *rel = kg_rel(g, r);
        if (w->types.changed[names_index(&w->types, kg_rel_type(g, rel))])
            need |= NEO_RELATION;
        if (kg_rel_label(g, rel))
            need |= NEO_LABEL;
        if (kg_rel_undirected(g, r))
            need |= NEO_DIRECTED;
    }
    return need;
}

/* Learns every name the folder writes.  0, or -1 when out of memory. */
static int neo_init(neo *w, const kg_graph *g)
{
    memset(w, 0, sizeof *w);
    names_init(&w->labels, KG_CYPHER_LABEL);
    names_init(&w->types, KG_CYPHER_REL_TYPE);
    names_init(&w->node_props, KG_CYPHER_PROPERTY);
    names_init(&w->edge_props, KG_CYPHER_PROPERTY);
    if (kg_exporter_init(&w->x, g, NULL, NULL))
        return -1;
    mark_whole_dates(&w->x, &w->x.nodes, 0);
    mark_whole_dates(&w->x, &w->x.edges, 1);
    int rc = 0;
    for (uint32_t e = 0; e < kg_nents(g) && rc == 0; e++)
        if (kg_node_shown(g, e) && kg_ent_type(g, kg_ent(g, e)))
            rc = names_add(&w->labels, kg_ent_type(g, kg_ent(g, e)));
    for (uint32_t r = 0; r < kg_nrels(g) && rc == 0; r++)
        if (kg_edge_shown(g, r))
            rc = names_add(&w->types, kg_rel_type(g, kg_rel(g, r)));
    for (size_t i = 0; i < w->x.nodes.n && rc == 0; i++)
        rc = names_add(&w->node_props, w->x.nodes.v[i].key);
    for (size_t i = 0; i < w->x.edges.n && rc == 0; i++)
        rc = names_add(&w->edge_props, w->x.edges.v[i].key);
    if (rc || names_give(&w->labels) || names_give(&w->types) ||
        names_give(&w->node_props) || names_give(&w->edge_props))
        return -1;
    w->need = neo_needs(w);
    return 0;
}

static void neo_free(neo *w)
{
    kg_exporter_free(&w->x);
    names_free(&w->labels);
    names_free(&w->types);
    names_free(&w->node_props);
    names_free(&w->edge_props);
}

/* ---- entities.csv and relations.csv ---- */

/* The header's columns for schema s, named by `names`, typed. */
static void neo_header(kg_out *o, const kg_export_schema *s,
                       const neo_names *names)
{
    for (size_t i = 0; i < s->n; i++) {
        kg_out_putc(o, ',');
        kg_out_puts(o, names_of(names, s->v[i].key));
        kg_out_puts(o, neo_type(&s->v[i]));
    }
    kg_out_puts(o, "\n");
}

/* The fields of list l under schema s's columns. */
static void neo_values(neo *w, kg_out *o, const kg_export_schema *s, kg_list l)
{
    const char *const *v = kg_export_values(&w->x, s, l);
    for (size_t i = 0; i < s->n; i++) {
        kg_out_putc(o, ',');
        neo_field(o, v ? v[i] : "", &w->multiline);
    }
    kg_out_puts(o, "\n");
}

static void neo_entities(neo *w, kg_out *o)
{
    const kg_graph *g = w->x.g;
    kg_out_puts(o, "id:ID,name,:LABEL,aliases:string[]");
    neo_header(o, &w->x.nodes, &w->node_props);
    for (uint32_t e = 0; e < kg_nents(g); e++) {
        if (!kg_node_shown(g, e))
            continue;
        const kg_entity *n = kg_ent(g, e);
        neo_field(o, kg_ent_id(g, n), &w->multiline);
        kg_out_putc(o, ',');
        neo_field(o, kg_export_name(g, e), &w->multiline);
        kg_out_putc(o, ',');
        /* the type itself, which kgraph reads back (neo4j-admin takes
         * any label); load.cypher gives it its label */
        neo_field(o, kg_ent_type(g, n) ? kg_ent_type(g, n) : "", &w->multiline);
        kg_out_putc(o, ',');
        neo_field(o, kg_export_aliases(&w->x, n, ";"), &w->multiline);
        neo_values(w, o, &w->x.nodes, kg_ent_attrs(g, n));
    }
}

/* Relation r's row up to its columns: ends, type, and what w->need
 * asks. */
static void neo_relation(neo *w, kg_out *o, uint32_t r)
{
    const kg_graph *g = w->x.g;
    const kg_relation *rel = kg_rel(g, r);
    const char *type = kg_rel_type(g, rel);
    neo_field(o, kg_ent_id(g, kg_ent(g, rel->src)), &w->multiline);
    kg_out_putc(o, ',');
    neo_field(o, kg_ent_id(g, kg_ent(g, rel->dst)), &w->multiline);
    kg_out_putc(o, ',');
    neo_field(o, names_of(&w->types, type), &w->multiline);
    if (w->need & NEO_RELATION) {
        kg_out_putc(o, ',');
        neo_field(o, type ? type : "", &w->multiline);
    }
    if (w->need & NEO_LABEL) {
        kg_out_putc(o, ',');
        neo_field(o, kg_rel_label(g, rel) ? kg_rel_label(g, rel) : "",
                  &w->multiline);
    }
    if (w->need & NEO_DIRECTED)
        kg_out_puts(o, kg_rel_undirected(g, r) ? ",false" : ",true");
}

static void neo_relations(neo *w, kg_out *o)
{
    const kg_graph *g = w->x.g;
    kg_out_puts(o, ":START_ID,:END_ID,:TYPE");
    if (w->need & NEO_RELATION)
        kg_out_puts(o, ",relation");
    if (w->need & NEO_LABEL)
        kg_out_puts(o, ",label");
    if (w->need & NEO_DIRECTED)
        kg_out_puts(o, ",directed:boolean");
    neo_header(o, &w->x.edges, &w->edge_props);
    for (uint32_t r = 0; r < kg_nrels(g); r++) {
        if (!kg_edge_shown(g, r))
            continue;
        neo_relation(w, o, r);
        neo_values(w, o, &w->x.edges, kg_rel_attrs(g, kg_rel(g, r)));
    }
}

/* ---- import.sh ---- */

static void neo_import_sh(neo *w, kg_out *o)
{
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
        KGRAPH_VERSION, w->multiline ? "true" : "false");
}

/* ---- load.cypher ---- */

/* `row.`HEADER``: the column of header `name` and `type` (":long"...). */
static void cypher_column(neo *w, kg_out *o, const char *name, const char *type)
{
    kg_buf_clear(&w->x.scratch);
    if (kg_export_scratch_puts(&w->x, name) ||
        kg_export_scratch_puts(&w->x, type))
        return;
    kg_out_puts(o, "row.");
    kg_cypher_name(o, w->x.scratch.data);
}

/* One item of a SET: `var`.`name` = fn(row.`name:type`), the property
 * named as its header column, its value converted as the type says. */
static void cypher_set(neo *w, kg_out *o, const char *var, const char *name,
                       const char *type, int *first)
{
    const char *fn = strcmp(type, ":long") == 0      ? "toInteger"
                     : strcmp(type, ":double") == 0  ? "toFloat"
                     : strcmp(type, ":boolean") == 0 ? "toBoolean"
                     : strcmp(type, ":date") == 0    ? "date"
                                                     : "";
    kg_out_printf(o, "%s %s.", *first ? "\nSET" : ",", var);
    kg_cypher_name(o, name);
    kg_out_printf(o, " = %s(", fn);
    cypher_column(w, o, name, type);
    kg_out_putc(o, ')');
    *first = 0;
}

/* A SET for every column of s, named by `names`. */
static void cypher_props(neo *w, kg_out *o, const kg_export_schema *s,
                         const neo_names *names, const char *var, int first)
{
    for (size_t i = 0; i < s->n; i++)
        cypher_set(w, o, var, names_of(names, s->v[i].key), neo_type(&s->v[i]),
                   &first);
}

/* A label for each entity type: one statement per type.  A label that is
 * not the type as it is keeps the type in the property `type`. */
static void cypher_labels(neo *w, kg_out *o)
{
    const neo_names *t = &w->labels;
    for (size_t i = 0; i < t->texts.n; i++) {
        kg_out_puts(o,
                    "LOAD CSV WITH HEADERS FROM 'file:///entities.csv' AS row\n"
                    "WITH row WHERE row.`:LABEL` = ");
        kg_cypher_string(o, t->texts.syms[i].s);
        kg_out_puts(o, "\nMATCH (n:Entity {id: row.`id:ID`}) SET n:");
        kg_cypher_name(o, t->name[i]);
        if (t->changed[i])
            kg_out_puts(o, ", n.type = row.`:LABEL`");
        kg_out_puts(o, ";\n");
    }
}

/* The relationships of each relationship type: one statement per type
 * (a type cannot be a parameter).  A type that is not the relation type
 * as it is keeps it in the property `relation`, as relations.csv has. */
static void cypher_relation_types(neo *w, kg_out *o)
{
    const neo_names *t = &w->types;
    for (size_t i = 0; i < t->texts.n; i++) {
        kg_out_puts(
            o, "LOAD CSV WITH HEADERS FROM 'file:///relations.csv' AS row\n"
               "WITH row WHERE row.`:TYPE` = ");
        kg_cypher_string(o, t->name[i]);
        kg_out_puts(o, "\nMATCH (a:Entity {id: row.`:START_ID`}), "
                       "(b:Entity {id: row.`:END_ID`})\nCREATE (a)-[r:");
        kg_cypher_name(o, t->name[i]);
        kg_out_puts(o, "]->(b)");
        int first = 1;
        if (w->need & NEO_RELATION)
            cypher_set(w, o, "r", "relation", "", &first);
        cypher_props(w, o, &w->x.edges, &w->edge_props, "r", first);
        kg_out_puts(o, ";\n");
    }
}

static void neo_load_cypher(neo *w, kg_out *o)
{
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
    cypher_props(w, o, &w->x.nodes, &w->node_props, "n", 1);
    kg_out_puts(o, ";\n");
    cypher_labels(w, o);
    cypher_relation_types(w, o);
}

/* ---- The folder ---- */

/* The files, in the order written (import.sh needs to know whether a
 * field of the CSV files holds a line end), and their names, which
 * kg_neo4j_files gives. */
static const char *const file_names[] = {"entities.csv", "relations.csv",
                                         "load.cypher", "import.sh", NULL};
static const struct neo_file {
    void (*write)(neo *w, kg_out *o);
    mode_t mode; /* 0: as made */
} files[] = {
    {neo_entities, 0},
    {neo_relations, 0},
    {neo_load_cypher, 0},
    {neo_import_sh, 0755},
};
_Static_assert(sizeof files / sizeof *files + 1 ==
                   sizeof file_names / sizeof *file_names,
               "a name for every file");

const char *const *kg_neo4j_files(void)
{
    return file_names;
}

/* Writes file f (named `name`) to path, whole or not at all. */
static kg_status neo_write(neo *w, const char *path, const struct neo_file *f,
                           const char *name, char *err, size_t errlen)
{
    kg_output *out = kg_output_open(path, err, errlen);
    if (!out)
        return KG_ERR_IO;
    kg_out *o = kg_malloc(sizeof *o);
    if (!o) {
        kg_output_abort(out);
        return KG_ERR_NOMEM;
    }
    kg_out_init(o, kg_output_stream(out));
    f->write(w, o);
    int failed = kg_out_flush(o) ? o->err : 0;
    free(o);
    if (failed) {
        kg_output_abort(out);
        snprintf(err, errlen, "%s: cannot write: %s", name,
                 failed > 0 ? strerror(failed) : "input/output error");
        return KG_ERR_IO;
    }
    kg_status st = kg_output_commit(out, err, errlen);
    if (st == KG_OK && f->mode)
        chmod(path, f->mode);
    return st;
}

/* Writes file f (named `name`) into dir, whole or not at all.  KG_OK, or
 * the status with the reason in err (none when out of memory). */
static kg_status neo_file(neo *w, const char *dir, const struct neo_file *f,
                          const char *name, char *err, size_t errlen)
{
    kg_buf path;
    kg_buf_init(&path);
    kg_status st = kg_path_join(&path, dir, name)
                       ? KG_ERR_NOMEM
                       : neo_write(w, path.data, f, name, err, errlen);
    kg_buf_free(&path);
    return st;
}

kg_status kg_neo4j_write(const kg_graph *g, const char *dir)
{
    char err[1536] = "";
    kg_status st = kg_output_folder(dir, err, sizeof err);
    if (st != KG_OK) { /* why, less the folder's name: the caller says it */
        size_t n = strlen(dir);
        int named = strncmp(err, dir, n) == 0 && strncmp(err + n, ": ", 2) == 0;
        return kg_fail(kg_graph_diag(g), st, "%s", named ? err + n + 2 : err);
    }
    neo w;
    st = neo_init(&w, g) ? KG_ERR_NOMEM : KG_OK;
    for (size_t f = 0; f < sizeof files / sizeof *files && st == KG_OK; f++)
        st = neo_file(&w, dir, &files[f], file_names[f], err, sizeof err);
    if (st == KG_OK && w.x.nomem)
        st = KG_ERR_NOMEM;
    neo_free(&w);
    if (st == KG_ERR_NOMEM)
        return kg_fail(kg_graph_diag(g), st, "out of memory");
    if (st != KG_OK && err[0])
        kg_fail(kg_graph_diag(g), st, "%s", err);
    return st;
}
