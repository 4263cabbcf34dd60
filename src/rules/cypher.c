/*
 * cypher.c - what text from the data may become in Neo4j (cypher.h).
 */
#include "rules/cypher.h"

#include <stdio.h>
#include <string.h>

#include "rules/data_key.h"
#include "util/utf8.h"

/* A byte no name holds: a backslash (Neo4j's \u and cypher-shell's
 * escape), a control character or DEL. */
static int never_in_a_name(unsigned char c)
{
    return c == '\\' || c < 0x20 || c == 0x7F;
}

/* An entity type as a label. */
static int label_of(kg_buf *b, const char *s)
{
    if (!s || !*s)
        return kg_buf_putc(b, '_') ? -1 : 1;
    int changed = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        changed |= never_in_a_name(*p);
        if (kg_buf_putc(b, never_in_a_name(*p) ? '_' : (char)*p))
            return -1;
    }
    return changed;
}

static int ascii_letter(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int ascii_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

/* Whether t is a Cypher identifier as it is: no backticks needed. */
static int identifier(const char *t)
{
    if (!*t || ascii_digit((unsigned char)*t))
        return 0;
    for (const unsigned char *p = (const unsigned char *)t; *p; p++)
        if (!ascii_letter(*p) && !ascii_digit(*p) && *p != '_')
            return 0;
    return 1;
}

/* A relation type as a relationship type. */
static int rel_type_of(kg_buf *b, const char *s)
{
    if (!s || !*s)
        return kg_buf_puts(b, "RELATED_TO") ? -1 : 1;
    if (identifier(s))
        return kg_buf_puts(b, s) ? -1 : 0;
    if (ascii_digit((unsigned char)*s) && kg_buf_putc(b, '_'))
        return -1;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        char c = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
        if (kg_buf_putc(b, ascii_letter(*p) || ascii_digit(*p) ? c : '_'))
            return -1;
    }
    return 1;
}

/* kgraph's own columns in the Neo4j folder, which data never takes (in
 * any case: kgraph reads headers so); the data-key rule says the rest. */
static const kg_own_keys neo4j_own = {
    (const char *const[]){"id", "name", "aliases", "relation", "label", "type",
                          "directed", NULL},
    NULL, 1, NULL};

static int own_column(const char *key)
{
    return kg_data_key_renamed(&neo4j_own, key);
}

/* A column's key as a property and a header name. */
static int property_of(kg_buf *b, const char *s)
{
    s = s ? s : "";
    if (!*s)
        return kg_buf_putc(b, '_') ? -1 : 1;
    if (own_column(s) && kg_buf_puts(b, "data_"))
        return -1;
    int changed = 0;
    size_t n = strlen(s);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        int bad = never_in_a_name(c) || c == ':' || c == ',' || c == '"' ||
                  (c == ' ' && (i == 0 || i == n - 1));
        changed |= bad;
        if (kg_buf_putc(b, bad ? '_' : (char)c))
            return -1;
    }
    return changed;
}

int kg_cypher_name_of(kg_buf *b, kg_cypher_kind kind, const char *s)
{
    switch (kind) {
    case KG_CYPHER_LABEL: return label_of(b, s);
    case KG_CYPHER_REL_TYPE: return rel_type_of(b, s);
    case KG_CYPHER_PROPERTY: return property_of(b, s);
    }
    return -1;
}

int kg_cypher_name_again(kg_buf *b, unsigned long n)
{
    char suffix[24];
    snprintf(suffix, sizeof suffix, "_%lu", n);
    return kg_buf_puts(b, suffix);
}

void kg_cypher_name(kg_out *o, const char *name)
{
    kg_out_putc(o, '`');
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        if (*p == '`')
            kg_out_putc(o, '`');
        kg_out_putc(o, never_in_a_name(*p) ? '_' : (char)*p);
    }
    kg_out_putc(o, '`');
}

void kg_cypher_string(kg_out *o, const char *s)
{
    kg_out_putc(o, '\'');
    for (; *s; s++) {
        if (*s == '\'' || *s == '\\')
            kg_out_putc(o, '\\');
        if (*s == '\n')
            kg_out_puts(o, "\\n");
        else
            kg_out_putc(o, *s);
    }
    kg_out_putc(o, '\'');
}
