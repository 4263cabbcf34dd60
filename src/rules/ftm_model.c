/*
 * ftm_model.c - FollowTheMoney's vocabulary as kgraph speaks it
 * (ftm_model.h): the tables, and the lookups the reader and the writer
 * make in them.
 */
#include "rules/ftm_model.h"
#include "util/utf8.h"

#include <string.h>

/* ---- Relationship schemata ---- */

/* The relation types the writer files under each schema, any case. */
static const char *const owns[] = {"owns", "owner_of", "shareholder_of", NULL};
static const char *const directs[] = {
    "directs", "director_of",          "heads", "leads", "manages", "commands",
    "chairs",  "secretary_general_of", NULL};
static const char *const member[] = {"member_of", "part_of", "agency_of",
                                     "belongs_to", NULL};
static const char *const family[] = {"family",     "relative",  "relative_of",
                                     "married_to", "spouse_of", "sibling_of",
                                     "parent_of",  "child_of",  NULL};
static const char *const associate[] = {
    "associate", "associate_of",    "knows", "works_with",
    "met",       "cooperates_with", NULL};
static const char *const employs[] = {"works_for", "employed_by", "employee_of",
                                      NULL};

/* No type is in two lists, so a relation fits one schema at most, and
 * UnknownLink takes the rest. */
static const kg_ftm_link links[] = {
    {"Ownership", "owner", "asset", "owns", 1, "role", owns, KG_FTM_ANY_ENDS},
    {"Directorship", "director", "organization", "directs", 1, "role", directs,
     KG_FTM_TO_ORG},
    {"Membership", "member", "organization", "member_of", 1, "role", member,
     KG_FTM_TO_ORG},
    {"Family", "person", "relative", "related_to", 0, "relationship", family,
     KG_FTM_PEOPLE},
    {"Associate", "person", "associate", "associated_with", 0, "relationship",
     associate, KG_FTM_PEOPLE},
    {"UnknownLink", "subject", "object", "linked_to", 0, "role", NULL,
     KG_FTM_FALLBACK},
    {"Occupancy", "holder", "post", "holds", 1, NULL, NULL, KG_FTM_READ_ONLY},
    {"Employment", "employee", "employer", "works_for", 1, "role", employs,
     KG_FTM_TO_ORG},
    {"Representation", "agent", "client", "represents", 1, NULL, NULL,
     KG_FTM_READ_ONLY},
    {"Succession", "predecessor", "successor", "precedes", 1, NULL, NULL,
     KG_FTM_READ_ONLY},
    {"Payment", "payer", "beneficiary", "paid", 1, NULL, NULL,
     KG_FTM_READ_ONLY},
    {"Debt", "debtor", "creditor", "owes", 1, NULL, NULL, KG_FTM_READ_ONLY},
};

enum { NLINKS = sizeof links / sizeof *links };

/* Whether `word` (may be NULL) is in `list`, any case. */
static int in_list(const char *word, const char *const *list)
{
    for (; word && *list; list++)
        if (kg_ascii_casecmp(word, *list) == 0)
            return 1;
    return 0;
}

const kg_ftm_link *kg_ftm_link_named(const char *schema)
{
    for (size_t i = 0; i < NLINKS; i++)
        if (strcmp(schema, links[i].schema) == 0)
            return &links[i];
    return NULL;
}

static int ends_fit(kg_ftm_ends ends, const char *from, const char *to)
{
    if (ends == KG_FTM_TO_ORG)
        return strcmp(to, "Organization") == 0 || strcmp(to, "Company") == 0;
    if (ends == KG_FTM_PEOPLE)
        return strcmp(from, "Person") == 0 && strcmp(to, "Person") == 0;
    return ends == KG_FTM_ANY_ENDS;
}

const kg_ftm_link *kg_ftm_link_for(const char *type, const char *from,
                                   const char *to)
{
    const kg_ftm_link *fallback = NULL;
    for (size_t i = 0; i < NLINKS; i++) {
        const kg_ftm_link *l = &links[i];
        if (l->ends == KG_FTM_FALLBACK)
            fallback = l;
        else if (l->types && in_list(type, l->types) &&
                 ends_fit(l->ends, from, to))
            return l;
    }
    return fallback;
}

/* ---- Properties ---- */

#define ROLE(r) (1u << (r))

const kg_ftm_prop kg_ftm_props[] = {
    {"startDate", "date", ROLE(KG_PROV_DATE) | ROLE(KG_PROV_START), 0},
    {"endDate", "end_date", ROLE(KG_PROV_END), 0},
    {"summary", "evidence", ROLE(KG_PROV_QUOTE), 0},
    {"publisher", "citation", ROLE(KG_PROV_CITATION), 0},
    {"sourceUrl", "source_url", ROLE(KG_PROV_LINK), 1},
};

const size_t kg_ftm_nprops = sizeof kg_ftm_props / sizeof *kg_ftm_props;

int kg_ftm_prop_takes_role(const kg_ftm_prop *p, kg_prov role)
{
    return role != KG_PROV_NONE && (p->roles & ROLE(role)) != 0;
}

int kg_ftm_prop_takes(const kg_ftm_prop *p, const char *key)
{
    return kg_ftm_prop_takes_role(p, kg_prov_of(key));
}

const char *kg_ftm_key(const char *prop)
{
    for (size_t i = 0; i < kg_ftm_nprops; i++)
        if (strcmp(prop, kg_ftm_props[i].prop) == 0)
            return kg_ftm_props[i].key;
    return prop;
}

/* ---- Entity schemata and types ---- */

static const char *const countries[] = {"country", "nation", "state", NULL};

static const char *const person[] = {"person",  "people",   "individual",
                                     "suspect", "suspects", "official",
                                     "human",   NULL};
static const char *const org[] = {
    "organization", "organisation", "org",  "agency",
    "institution",  "group",        "unit", NULL};
static const char *const company[] = {"company", "business", "firm", NULL};
static const char *const event[] = {"event", "meeting", "conference",
                                    "operation", NULL};
static const char *const doc[] = {"document",  "report", "publication",
                                  "agreement", "treaty", "paper",
                                  "database",  NULL};
static const char *const place[] = {"location", "place",   "city", "region",
                                    "venue",    "address", "site", NULL};

/* The entity schemata the writer uses, and the types (any case) each
 * takes; LegalEntity takes the rest. */
static const struct thing {
    const char *schema;
    const char *const *types;
} things[] = {
    {"Person", person}, {"Organization", org}, {"Company", company},
    {"Event", event},   {"Document", doc},     {"Address", place},
};

const char *kg_ftm_schema_of(const char *type)
{
    if (in_list(type, countries))
        return NULL;
    for (size_t i = 0; i < sizeof things / sizeof *things; i++)
        if (in_list(type, things[i].types))
            return things[i].schema;
    return "LegalEntity";
}

int kg_ftm_type_of(kg_buf *out, const char *schema)
{
    for (const char *p = schema; *p; p++) {
        int upper = *p >= 'A' && *p <= 'Z';
        if ((upper && p != schema && kg_buf_putc(out, '_')) ||
            kg_buf_putc(out, upper ? (char)(*p + 32) : *p))
            return -1;
    }
    return 0;
}

int kg_ftm_country_key(const char *key)
{
    return in_list(key, countries);
}

int kg_ftm_in_country(const char *type)
{
    static const char *const in_country[] = {
        "located_in",       "based_in",    "in",
        "citizen_of",       "national_of", "registered_in",
        "headquartered_in", "nationality", "resident_of",
        "lives_in",         NULL};
    return in_list(type, in_country);
}

/* ---- Ids ---- */

static int alnum(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9');
}

/* Whether FtM takes id as it is, and it is not kgraph's own "kg-" form. */
static int plain_id(const char *id)
{
    size_t n = strlen(id);
    if (!n || !alnum((unsigned char)id[0]) ||
        !alnum((unsigned char)id[n - 1]) || strncmp(id, "kg-", 3) == 0)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!alnum((unsigned char)id[i]) && id[i] != '.' && id[i] != '-')
            return 0;
    return 1;
}

void kg_ftm_write_id(kg_out *o, const char *id)
{
    if (plain_id(id)) {
        kg_out_puts(o, id);
        return;
    }
    kg_out_puts(o, "kg-");
    for (const unsigned char *p = (const unsigned char *)id; *p; p++)
        if (alnum(*p))
            kg_out_putc(o, (char)(*p));
        else
            kg_out_printf(o, ".%02X", *p);
}

/* The value of hex digit c, or -1. */
static int hex(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int kg_ftm_read_id(kg_buf *b, const char *id, const char **out,
                   const char **why)
{
    kg_buf_clear(b);
    *out = id;
    *why = NULL;
    if (strncmp(id, "kg-", 3) != 0) {
        *why = *id ? NULL : "it is empty";
        return *id ? 0 : 1;
    }
    for (const char *p = id + 3; *p; p++) {
        char c = *p;
        if (c == '.') {
            int hi = hex(p[1]), lo = hi < 0 ? -1 : hex(p[2]);
            if (lo < 0) {
                *why = "a '.' is not followed by two hex digits";
                return 1;
            }
            c = (char)(hi << 4 | lo);
            p += 2;
        }
        if (kg_buf_putc(b, c))
            return -1;
    }
    if (!b->len)
        *why = "it decodes to nothing";
    else if (kg_utf8_check((const unsigned char *)b->data, b->len) != b->len)
        *why = memchr(b->data, '\0', b->len)
                   ? "its escapes make a NUL byte"
                   : "its escapes make bytes that are not UTF-8";
    if (*why)
        return 1;
    *out = b->data;
    return 0;
}
