/*
 * schema.c - what each column of a CSV header means.
 *
 * A header name is first taken apart the way Neo4j's admin import writes
 * it ("age:int", "tags:string[]", "personId:ID(Person)", ":START_ID(Person)",
 * ":IGNORE"), then its base name is looked up among the synonyms of each
 * role, per kind of file.
 */
#include "read/schema.h"

#include <stdlib.h>
#include <string.h>

#include "rules/date.h"
#include "rules/dot.h"
#include "util/alloc.h"
#include "util/utf8.h"

/* Column names per role.  A name may mean different things in the two
 * kinds of file ("type" is an entity's type or a relation's), so the
 * tables are per kind. */
static const char *const entity_names[KG_COL_COUNT][8] = {
    [KG_COL_ID] = {"id", "entity_id", "node", NULL},
    [KG_COL_NAME] = {"name", "label", NULL},
    [KG_COL_TYPE] = {"type", "kind", "category", "schema", NULL},
    [KG_COL_ALIASES] = {"aliases", "alias", NULL},
};

static const char *const relation_names[KG_COL_COUNT][8] = {
    [KG_COL_SOURCE] = {"source", "from", "subject", "source_id", "i", NULL},
    [KG_COL_TARGET] = {"target", "to", "object", "target_id", "j", NULL},
    [KG_COL_TYPE] = {"relation", "type", "predicate", "rel_type",
                     "relationship", "interaction", NULL},
    [KG_COL_LABEL] = {"label", NULL},
    [KG_COL_SOURCE_TYPE] = {"subject_type", "source_type", "from_type", NULL},
    [KG_COL_TARGET_TYPE] = {"object_type", "target_type", "to_type", NULL},
};

const char *kg_role_name(kg_role role)
{
    static const char *const names[KG_COL_COUNT] = {
        [KG_COL_ATTR] = "attribute",
        [KG_COL_ID] = "id",
        [KG_COL_NAME] = "name",
        [KG_COL_TYPE] = "type",
        [KG_COL_ALIASES] = "aliases",
        [KG_COL_SOURCE] = "source",
        [KG_COL_TARGET] = "target",
        [KG_COL_LABEL] = "label",
        [KG_COL_SOURCE_TYPE] = "source type",
        [KG_COL_TARGET_TYPE] = "target type",
        [KG_COL_IGNORE] = "ignored column",
    };
    return role < KG_COL_COUNT ? names[role] : "?";
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

/* ---- Neo4j header names ---- */

/* What follows the last ':' of a header name. */
typedef struct neo4j_suffix {
    enum {
        NEO_NONE,
        NEO_ID,
        NEO_START,
        NEO_END,
        NEO_LABEL,
        NEO_TYPE,
        NEO_IGNORE,
        NEO_VALUE
    } what;
    kg_vtype vtype;
    int array;
    const char *space; /* inside "(...)", not NUL-terminated */
    size_t space_len;
} neo4j_suffix;

/* "ID", "ID(Person)", "START_ID(Person)"...: the keyword and the space. */
static int id_keyword(const char *s, const char *word, neo4j_suffix *x)
{
    size_t n = strlen(word);
    char head[16];
    if (strlen(s) < n || n >= sizeof head)
        return 0;
    memcpy(head, s, n);
    head[n] = '\0';
    if (kg_ascii_casecmp(head, word) != 0)
        return 0;
    if (s[n] == '\0')
        return 1;
    const char *close = strchr(s + n, ')');
    if (s[n] != '(' || !close || close[1] != '\0' || close == s + n + 1)
        return 0;
    x->space = s + n + 1;
    x->space_len = (size_t)(close - x->space);
    return 1;
}

static kg_vtype value_type(const char *s, int *known)
{
    static const struct {
        const char *name;
        kg_vtype t;
    } types[] = {
        {"int", KG_V_INT},       {"long", KG_V_INT},
        {"short", KG_V_INT},     {"byte", KG_V_INT},
        {"float", KG_V_FLOAT},   {"double", KG_V_FLOAT},
        {"boolean", KG_V_BOOL},  {"date", KG_V_DATE},
        {"string", KG_V_TEXT},   {"char", KG_V_TEXT},
        {"datetime", KG_V_TEXT}, {"localdatetime", KG_V_TEXT},
        {"time", KG_V_TEXT},     {"localtime", KG_V_TEXT},
        {"duration", KG_V_TEXT}, {"point", KG_V_TEXT},
    };
    for (size_t i = 0; i < sizeof types / sizeof *types; i++) {
        if (kg_ascii_casecmp(s, types[i].name) == 0) {
            *known = 1;
            return types[i].t;
        }
    }
    *known = 0;
    return KG_V_TEXT;
}

static neo4j_suffix parse_suffix(const char *suffix)
{
    neo4j_suffix x = {NEO_NONE, KG_V_TEXT, 0, NULL, 0};
    if (id_keyword(suffix, "ID", &x))
        x.what = NEO_ID;
    else if (id_keyword(suffix, "START_ID", &x))
        x.what = NEO_START;
    else if (id_keyword(suffix, "END_ID", &x))
        x.what = NEO_END;
    else if (kg_ascii_casecmp(suffix, "LABEL") == 0)
        x.what = NEO_LABEL;
    else if (kg_ascii_casecmp(suffix, "TYPE") == 0)
        x.what = NEO_TYPE;
    else if (kg_ascii_casecmp(suffix, "IGNORE") == 0)
        x.what = NEO_IGNORE;
    if (x.what != NEO_NONE)
        return x;
    char base[24];
    size_t n = strlen(suffix);
    x.array = n > 2 && strcmp(suffix + n - 2, "[]") == 0;
    if (x.array)
        n -= 2;
    if (n >= sizeof base)
        return x;
    memcpy(base, suffix, n);
    base[n] = '\0';
    int known;
    x.vtype = value_type(base, &known);
    x.what = known ? NEO_VALUE : NEO_NONE;
    if (!known)
        x.array = 0;
    return x;
}

/* Fills column c from its header text; the role comes from the Neo4j
 * suffix, else from the base name.  -1 when out of memory. */
static int read_column(kg_column *c, const char *text, int relations)
{
    const char *colon = strrchr(text, ':');
    neo4j_suffix x = colon ? parse_suffix(colon + 1)
                           : (neo4j_suffix){NEO_NONE, KG_V_TEXT, 0, NULL, 0};
    size_t base_len =
        x.what == NEO_NONE ? strlen(text) : (size_t)(colon - text);
    c->header = kg_strndup(text, strlen(text));
    c->key = kg_strndup(text, base_len);
    c->space = x.space ? kg_strndup(x.space, x.space_len) : NULL;
    if (!c->header || !c->key || (x.space && !c->space))
        return -1;
    if (kg_ascii_casecmp(c->key, "weight") == 0)
        memcpy(c->key, "weight", 6);
    c->vtype = x.vtype;
    c->array = x.array;
    switch (x.what) {
    case NEO_ID: c->role = relations ? KG_COL_ATTR : KG_COL_ID; break;
    case NEO_START: c->role = KG_COL_SOURCE; break;
    case NEO_END: c->role = KG_COL_TARGET; break;
    case NEO_LABEL: c->role = relations ? KG_COL_ATTR : KG_COL_TYPE; break;
    case NEO_TYPE: c->role = relations ? KG_COL_TYPE : KG_COL_ATTR; break;
    case NEO_IGNORE: c->role = KG_COL_IGNORE; break;
    default:
        c->role = role_of(c->key, relations ? relation_names : entity_names);
    }
    if (x.what == NEO_START || x.what == NEO_END)
        c->role = relations ? c->role : KG_COL_ATTR;
    return 0;
}

kg_role kg_schema_column_role(const char *text, int relations)
{
    kg_column c = {0};
    kg_role role = read_column(&c, text, relations) ? KG_COL_ATTR : c.role;
    free(c.header);
    free(c.key);
    free(c.space);
    return role;
}

int kg_schema_known_name(const char *text)
{
    /* the names of columns that mean something besides the roles */
    static const char *const others[] = {
        "weight", "date",       "start_date", "end_date", "directed",
        "url",    "source_url", "confidence", "evidence", "description"};
    const char *colon = strrchr(text, ':');
    if (colon && parse_suffix(colon + 1).what != NEO_NONE)
        return 1;
    if (role_of(text, entity_names) != KG_COL_ATTR ||
        role_of(text, relation_names) != KG_COL_ATTR)
        return 1;
    for (size_t i = 0; i < sizeof others / sizeof *others; i++)
        if (kg_ascii_casecmp(text, others[i]) == 0)
            return 1;
    return 0;
}

/* ---- Values ---- */

static int fits_one(kg_vtype t, const char *v, size_t n)
{
    char buf[64];
    if (n == 0 || t == KG_V_TEXT)
        return 1;
    if (n >= sizeof buf)
        return 0;
    if (t == KG_V_INT || t == KG_V_FLOAT) { /* digits: a number, whole */
        size_t sign = v[0] == '-' || v[0] == '+', i = sign;
        while (i < n && v[i] >= '0' && v[i] <= '9')
            i++;
        if (i == n && n > sign)
            return 1;
    }
    memcpy(buf, v, n);
    buf[n] = '\0';
    char *end;
    switch (t) {
    case KG_V_INT:
        (void)strtoll(buf, &end, 10);
        return end != buf && *end == '\0';
    case KG_V_FLOAT: (void)strtod(buf, &end); return end != buf && *end == '\0';
    case KG_V_BOOL:
        return kg_ascii_casecmp(buf, "true") == 0 ||
               kg_ascii_casecmp(buf, "false") == 0;
    case KG_V_DATE: return kg_date_read(v, n, NULL) == 0;
    case KG_V_TEXT: break;
    }
    return 1;
}

int kg_schema_value_fits(const kg_column *c, const char *value, size_t len)
{
    if (!c->array)
        return fits_one(c->vtype, value, len);
    const char *p = value, *end = value + len;
    while (p <= end) {
        const char *q = memchr(p, ';', (size_t)(end - p));
        if (!q)
            q = end;
        if (!fits_one(c->vtype, p, (size_t)(q - p)))
            return 0;
        p = q + 1;
    }
    return 1;
}

const char *kg_vtype_name(kg_vtype t)
{
    switch (t) {
    case KG_V_INT: return "an integer";
    case KG_V_FLOAT: return "a number";
    case KG_V_BOOL: return "true or false";
    case KG_V_DATE: return "a date (" KG_DATE_FORMS ")";
    case KG_V_TEXT: break;
    }
    return "text";
}

/* ---- The header ---- */

/* Which relation ends the header has: bit 1 source, bit 2 target; -1 when
 * out of memory. */
static int relation_ends(const kg_csv_record *h)
{
    int ends = 0;
    for (size_t i = 0; i < h->nfields && ends >= 0; i++) {
        kg_column c = {0};
        if (read_column(&c, h->fields[i].data, 1) == 0)
            ends |= (c.role == KG_COL_SOURCE) | (c.role == KG_COL_TARGET) << 1;
        else
            ends = -1; /* out of memory: not a header without ends */
        free(c.header);
        free(c.key);
        free(c.space);
    }
    return ends;
}

/* Whether a header is Neo4j's ":TYPE" (after any property name). */
static int neo4j_type_header(const char *h)
{
    size_t n = strlen(h);
    return n >= 5 && kg_ascii_casecmp(h + n - 5, ":TYPE") == 0;
}

/* A relations file with both Neo4j's :TYPE and a column naming the
 * relation (kgraph's Neo4j export keeps the original there when :TYPE had
 * to be made an identifier, "took part in" -> TOOK_PART_IN): the named
 * column is the type, :TYPE is Neo4j's spelling of it. */
static void prefer_named_type(kg_schema *s)
{
    size_t neo = s->ncols, named = s->ncols;
    for (size_t i = 0; i < s->ncols; i++) {
        if (s->cols[i].role != KG_COL_TYPE)
            continue;
        if (neo4j_type_header(s->cols[i].header))
            neo = i;
        else
            named = i;
    }
    if (neo < s->ncols && named < s->ncols)
        s->cols[neo].role = KG_COL_IGNORE;
}

/* Assigns roles; reports a role given by two columns. */
static int assign_roles(kg_schema *s, kg_diagsink *d, const char *file,
                        unsigned long line)
{
    int rc = 0;
    prefer_named_type(s);
    for (int r = 0; r < KG_COL_COUNT; r++)
        s->col[r] = -1;
    for (size_t i = 0; i < s->ncols; i++) {
        kg_role r = s->cols[i].role;
        if (r == KG_COL_ATTR || r == KG_COL_IGNORE)
            continue;
        if (s->col[r] >= 0) {
            char role[64];
            snprintf(role, sizeof role, "%s", kg_role_name(r));
            kg_report(d, KG_ERROR, file, line, 0,
                      "columns %s and %s both give the %s; keep one",
                      kg_q(d, s->cols[s->col[r]].header),
                      kg_q(d, s->cols[i].header), role);
            rc = -1;
            continue;
        }
        s->col[r] = (int)i;
    }
    return rc;
}

typedef struct named_col {
    const char *key;
    size_t i;
} named_col;

static int by_key_then_place(const void *a, const void *b)
{
    const named_col *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : (x->i > y->i) - (x->i < y->i);
}

/* Per column: whether an attribute column before it has its name.  Sorted
 * rather than compared in pairs: a header may have 100,000 columns.  NULL
 * when out of memory. */
static unsigned char *repeated_names(const kg_schema *s)
{
    named_col *v = kg_calloc(s->ncols + 1, sizeof *v);
    unsigned char *again = kg_calloc(s->ncols + 1, 1);
    if (!v || !again) {
        free(v);
        free(again);
        return NULL;
    }
    size_t n = 0;
    for (size_t i = 0; i < s->ncols; i++)
        if (s->cols[i].role == KG_COL_ATTR)
            v[n++] = (named_col){s->cols[i].key, i};
    qsort(v, n, sizeof *v, by_key_then_place);
    for (size_t k = 1; k < n; k++)
        again[v[k].i] = strcmp(v[k].key, v[k - 1].key) == 0;
    free(v);
    return again;
}

/* Empty names and repeated names make attributes ambiguous. */
static int check_names(kg_schema *s, kg_diagsink *d, const char *file,
                       unsigned long line)
{
    unsigned char *again = repeated_names(s);
    if (!again)
        return -2;
    int rc = 0;
    for (size_t i = 0; i < s->ncols; i++) {
        const kg_column *c = &s->cols[i];
        if (c->role == KG_COL_IGNORE)
            continue;
        if (!c->key[0] && c->role == KG_COL_ATTR) {
            kg_report(d, KG_ERROR, file, line, 0,
                      "column %zu has no name in the header", i + 1);
            rc = -1;
            continue;
        }
        if (!kg_dot_exact(c->key, strlen(c->key))) {
            kg_report(d, KG_ERROR, file, line, 0,
                      "column name %s cannot be written as a DOT "
                      "attribute name; rename the column",
                      kg_q(d, c->header));
            rc = -1;
        }
        if (again[i]) {
            kg_report(d, KG_ERROR, file, line, 0,
                      "column name %s appears twice", kg_q(d, c->header));
            rc = -1;
        }
    }
    free(again);
    return rc;
}

int kg_schema_read(kg_schema *s, const kg_csv_record *header, kg_diagsink *d,
                   const char *file)
{
    memset(s, 0, sizeof *s);
    unsigned long line = header->line;
    int ends = relation_ends(header);
    if (ends < 0)
        return -2;
    s->kind = ends == 3 ? KG_FILE_RELATIONS : KG_FILE_ENTITIES;
    s->ncols = header->nfields;
    s->cols = kg_calloc(s->ncols ? s->ncols : 1, sizeof *s->cols);
    if (!s->cols)
        return -2;
    for (size_t i = 0; i < s->ncols; i++)
        if (read_column(&s->cols[i], header->fields[i].data,
                        s->kind == KG_FILE_RELATIONS))
            return -2;
    int rc = check_names(s, d, file, line);
    if (rc == -2)
        return -2;
    if (assign_roles(s, d, file, line))
        rc = -1;
    int named = s->col[KG_COL_ID] >= 0 || s->col[KG_COL_NAME] >= 0;
    if ((ends == 1 || ends == 2) && !named) {
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
                  "or name column (entities: id, :ID, NAME:ID, :ID(SPACE), "
                  "entity_id, node, name, label) or source and target "
                  "columns (relations: source/target, from/to, i/j, "
                  "subject/object, "
                  ":START_ID/:END_ID, source_id/target_id); or name its "
                  "columns with %s",
                  kg_setting_name(d, KG_SETTING_HEADER));
        rc = -1;
    }
    return rc;
}

void kg_schema_free(kg_schema *s)
{
    for (size_t i = 0; s->cols && i < s->ncols; i++) {
        free(s->cols[i].header);
        free(s->cols[i].key);
        free(s->cols[i].space);
    }
    free(s->cols);
    memset(s, 0, sizeof *s);
}
