/*
 * report.c - the merge report: every merge and every link made by a name,
 * with the rule that made it and the row it came from.
 */
#include <string.h>

#include "graph.h"

const char *kg_rule_name(kg_merge_rule rule)
{
    static const char *const names[KG_RULE_COUNT] = {
        [KG_RULE_ID] = "id",
        [KG_RULE_ALIAS] = "alias",
        [KG_RULE_NAME] = "normalized name",
        [KG_RULE_LOOSE] = "loose",
    };
    return rule < KG_RULE_COUNT ? names[rule] : "?";
}

const char *kg_merge_kind_name(kg_merge_kind kind)
{
    switch (kind) {
    case KG_MERGED_ROW: return "entity row";
    case KG_MERGED_ENTITY: return "entity";
    case KG_LINKED_END: return "relation end";
    }
    return "?";
}

size_t kg_merge_count(const kg_graph *g)
{
    return g ? g->nmerges : 0;
}

kg_status kg_merge_at(const kg_graph *g, size_t i, kg_merge *m)
{
    if (!g || !m || i >= g->nmerges)
        return KG_ERR_USAGE;
    const kg_merge_rec *r = &g->merges[i];
    *m = (kg_merge){g->ents[kg_graph_root(g, r->survivor)].id,
                    r->merged,
                    r->rule,
                    r->kind,
                    kg_loc_file(g, r->loc),
                    r->loc.line};
    return KG_OK;
}

/* One CSV field, quoted when it needs to be (RFC 4180). */
static void csv_field(FILE *out, const char *s, int last)
{
    if (strpbrk(s, ",\"\r\n") ||
        (*s == ' ' || (*s && s[strlen(s) - 1] == ' '))) {
        putc('"', out);
        for (; *s; s++) {
            if (*s == '"')
                putc('"', out);
            putc(*s, out);
        }
        putc('"', out);
    } else {
        fputs(s, out);
    }
    fputs(last ? "\n" : ",", out);
}

kg_status kg_write_merge_report(const kg_graph *g, FILE *out)
{
    if (!g || !out)
        return KG_ERR_USAGE;
    fputs("survivor,merged,kind,rule,file,line\n", out);
    for (size_t i = 0; i < g->nmerges; i++) {
        kg_merge m;
        kg_merge_at(g, i, &m);
        char line[32];
        snprintf(line, sizeof line, "%lu", m.line);
        csv_field(out, m.survivor, 0);
        csv_field(out, m.merged, 0);
        csv_field(out, kg_merge_kind_name(m.kind), 0);
        csv_field(out, kg_rule_name(m.rule), 0);
        csv_field(out, m.file, 0);
        csv_field(out, m.line ? line : "", 1);
    }
    if (fflush(out) != 0 || ferror(out))
        return KG_ERR_IO;
    return KG_OK;
}
