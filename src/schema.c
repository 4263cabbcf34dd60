/*
 * schema.c - what each column of a CSV header means.
 */
#include "schema.h"

#include <stdlib.h>
#include <string.h>

#include "dot.h"
#include "util.h"

/* Column names per role.  A name may mean different things in the two
 * kinds of file ("type" is an entity's type or a relation's), so the
 * tables are per kind. */
static const char *const entity_names[KG_COL_COUNT][8] = {
    [KG_COL_ID] = {"id", ":id", "entity_id", NULL},
    [KG_COL_NAME] = {"name", "label", NULL},
    [KG_COL_TYPE] = {"type", ":label", "kind", "category", "schema", NULL},
    [KG_COL_ALIASES] = {"aliases", "alias", NULL},
};

static const char *const relation_names[KG_COL_COUNT][8] = {
    [KG_COL_SOURCE] = {"source", "from", "subject", ":start_id", "source_id",
                       NULL},
    [KG_COL_TARGET] = {"target", "to", "object", ":end_id", "target_id", NULL},
    [KG_COL_TYPE] = {"relation", "type", ":type", "predicate", "rel_type",
                     NULL},
    [KG_COL_LABEL] = {"label", NULL},
};

const char *kg_role_name(kg_role role)
{
    static const char *const names[KG_COL_COUNT] = {
        [KG_COL_ATTR] = "attribute",  [KG_COL_ID] = "id",
        [KG_COL_NAME] = "name",       [KG_COL_TYPE] = "type",
        [KG_COL_ALIASES] = "aliases", [KG_COL_SOURCE] = "source",
        [KG_COL_TARGET] = "target",   [KG_COL_LABEL] = "label",
    };
    return role < KG_COL_COUNT ? names[role] : "?";
}

/* Neo4j's "personId:ID" names the id column too. */
static int is_neo4j_id(const char *name)
{
    size_t n = strlen(name);
    return n > 3 && kg_ascii_casecmp(name + n - 3, ":id") == 0;
}

static kg_role role_of(const char *name,
                       const char *const table[KG_COL_COUNT][8])
{
    for (int r = 0; r < KG_COL_COUNT; r++)
        for (int i = 0; table[r][i]; i++)
            if (kg_ascii_casecmp(name, table[r][i]) == 0)
                return (kg_role)r;
    return KG_COL_ATTR;
}

static kg_role entity_role(const char *name)
{
    kg_role r = role_of(name, entity_names);
    return (r == KG_COL_ATTR && is_neo4j_id(name)) ? KG_COL_ID : r;
}

/* Which relation ends the header has: bit 1 source, bit 2 target. */
static int relation_ends(const kg_schema *s)
{
    int ends = 0;
    for (size_t i = 0; i < s->ncols; i++) {
        kg_role r = role_of(s->names[i], relation_names);
        ends |= (r == KG_COL_SOURCE) | (r == KG_COL_TARGET) << 1;
    }
    return ends;
}

/* Assigns roles; reports a role given by two columns. */
static int assign_roles(kg_schema *s, kg_diagsink *d, const char *file,
                        unsigned long line)
{
    int rc = 0;
    for (int r = 0; r < KG_COL_COUNT; r++)
        s->col[r] = -1;
    for (size_t i = 0; i < s->ncols; i++) {
        kg_role r = s->kind == KG_FILE_RELATIONS
                        ? role_of(s->names[i], relation_names)
                        : entity_role(s->names[i]);
        s->roles[i] = r;
        if (r == KG_COL_ATTR)
            continue;
        if (s->col[r] >= 0) {
            char role[64];
            snprintf(role, sizeof role, "%s", kg_role_name(r));
            kg_report(d, KG_ERROR, file, line, 0,
                      "columns %s and %s both give the %s; keep one",
                      kg_q(d, s->names[s->col[r]]), kg_q(d, s->names[i]), role);
            rc = -1;
            continue;
        }
        s->col[r] = (int)i;
    }
    return rc;
}

/* Empty names and repeated names make attributes ambiguous. */
static int check_names(kg_schema *s, kg_diagsink *d, const char *file,
                       unsigned long line)
{
    int rc = 0;
    for (size_t i = 0; i < s->ncols; i++) {
        if (!s->names[i][0]) {
            kg_report(d, KG_ERROR, file, line, 0,
                      "column %zu has no name in the header", i + 1);
            rc = -1;
            continue;
        }
        if (!kg_dot_exact(s->names[i], strlen(s->names[i]))) {
            kg_report(d, KG_ERROR, file, line, 0,
                      "column name %s cannot be written as a DOT "
                      "attribute name; rename the column",
                      kg_q(d, s->names[i]));
            rc = -1;
        }
        for (size_t j = 0; j < i; j++) {
            if (strcmp(s->names[i], s->names[j]) == 0) {
                kg_report(d, KG_ERROR, file, line, 0,
                          "column name %s appears twice", kg_q(d, s->names[i]));
                rc = -1;
                break;
            }
        }
    }
    return rc;
}

static int copy_names(kg_schema *s, const kg_csv_record *h)
{
    s->ncols = h->nfields;
    s->names = calloc(h->nfields ? h->nfields : 1, sizeof *s->names);
    s->roles = calloc(h->nfields ? h->nfields : 1, sizeof *s->roles);
    if (!s->names || !s->roles)
        return -1;
    for (size_t i = 0; i < h->nfields; i++) {
        s->names[i] = malloc(h->fields[i].len + 1);
        if (!s->names[i])
            return -1;
        memcpy(s->names[i], h->fields[i].data, h->fields[i].len + 1);
    }
    return 0;
}

int kg_schema_read(kg_schema *s, const kg_csv_record *header, kg_diagsink *d,
                   const char *file)
{
    memset(s, 0, sizeof *s);
    if (copy_names(s, header))
        return -2;
    unsigned long line = header->line;
    int ends = relation_ends(s);
    s->kind = ends == 3 ? KG_FILE_RELATIONS : KG_FILE_ENTITIES;
    int rc = check_names(s, d, file, line);
    if (assign_roles(s, d, file, line))
        rc = -1;
    if (ends == 1 || ends == 2) {
        kg_report(d, KG_ERROR, file, line, 0,
                  "the header has a %s column but no %s column; a relations "
                  "file needs both",
                  ends == 1 ? "source" : "target",
                  ends == 1 ? "target" : "source");
        return -1;
    }
    if (s->kind == KG_FILE_ENTITIES && s->col[KG_COL_ID] < 0 &&
        s->col[KG_COL_NAME] < 0) {
        kg_report(d, KG_ERROR, file, line, 0,
                  "cannot tell what this file holds: its header needs an id "
                  "or name column (entities: id, :ID, NAME:ID, entity_id, "
                  "name, label) or source and target columns (relations: "
                  "source/target, from/to, subject/object, "
                  ":START_ID/:END_ID, source_id/target_id)");
        rc = -1;
    }
    return rc;
}

void kg_schema_free(kg_schema *s)
{
    if (s->names)
        for (size_t i = 0; i < s->ncols; i++)
            free(s->names[i]);
    free(s->names);
    free(s->roles);
    memset(s, 0, sizeof *s);
}
