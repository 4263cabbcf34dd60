/*
 * data_key.c - how a data column's key is written beside an output's own
 * keys (data_key.h says the rule).
 */
#include "rules/data_key.h"

#include <string.h>

#include "util/utf8.h"

/* Whether key starts with prefix, in any ASCII case when `any_case`. */
static int starts(const char *key, const char *prefix, int any_case)
{
    for (; *prefix; key++, prefix++) {
        char a = *key, b = *prefix;
        if (any_case) {
            a = (char)(a >= 'A' && a <= 'Z' ? a | 0x20 : a);
            b = (char)(b >= 'A' && b <= 'Z' ? b | 0x20 : b);
        }
        if (a != b) /* the key's end too */
            return 0;
    }
    return 1;
}

int kg_data_key_renamed(const kg_own_keys *own, const char *key)
{
    if (starts(key, KG_DATA_PREFIX, own->any_case))
        return 1;
    for (const char *const *n = own->names; n && *n; n++)
        if (own->any_case ? kg_ascii_casecmp(key, *n) == 0
                          : strcmp(key, *n) == 0)
            return 1;
    for (const char *const *p = own->prefixes; p && *p; p++)
        if (starts(key, *p, own->any_case))
            return 1;
    return own->reads && own->reads(key);
}

const char *kg_data_key_prefix(const kg_own_keys *own, const char *key)
{
    return kg_data_key_renamed(own, key) ? KG_DATA_PREFIX : "";
}
