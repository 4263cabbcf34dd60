/*
 * merges.c - the merge report: every merge and every link made by a name,
 * with the rule that made it and the row it came from.
 */
#include <stdlib.h>
#include <string.h>

#include "graph/lifetime.h"
#include "graph/store_int.h"
#include "rules/escape.h"
#include "util/path.h"

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
    *m = (kg_merge){kg_ent_id(g, &g->v.ents[kg_graph_root(g, r->survivor)]),
                    r->merged,
                    r->rule,
                    r->kind,
                    kg_loc_file(g, r->loc),
                    r->loc.line};
    return KG_OK;
}

static kg_status write_merge_report(const kg_graph *g, FILE *out);

kg_status kg_write_merge_report(const kg_graph *g, FILE *out)
{
    kg_clock c = kg_graph_clock(g);
    kg_status st = write_merge_report(g, out);
    kg_graph_timed(g, c, "write", "merge report");
    return st;
}

static kg_status write_merge_report(const kg_graph *g, FILE *out)
{
    if (!g || !out)
        return KG_ERR_USAGE;
    kg_out *o = kg_malloc(sizeof *o);
    if (!o)
        return KG_ERR_NOMEM;
    kg_out_init(o, out);
    kg_out_puts(o, "survivor,merged,kind,rule,file,line\n");
    kg_buf file; /* the input as outputs name it: util/path.h */
    kg_buf_init(&file);
    for (size_t i = 0; i < g->nmerges; i++) {
        kg_merge m;
        kg_merge_at(g, i, &m);
        char line[32];
        snprintf(line, sizeof line, "%lu", m.line);
        kg_buf_clear(&file);
        const char *slash = strrchr(m.file, '/'); /* out of memory: its name */
        const char *shown = kg_path_shown(&file, m.file) == 0 && file.data
                                ? file.data
                            : slash ? slash + 1
                                    : m.file;
        const char *cells[] = {
            m.survivor,           m.merged, kg_merge_kind_name(m.kind),
            kg_rule_name(m.rule), shown,    m.line ? line : ""};
        for (size_t c = 0; c < sizeof cells / sizeof *cells; c++) {
            kg_csv_cell(o, cells[c]);
            kg_out_putc(o, c + 1 < sizeof cells / sizeof *cells ? ',' : '\n');
        }
    }
    kg_buf_free(&file);
    int failed = kg_out_flush(o) ? o->err : 0;
    free(o);
    return kg_stream_end(&g->diag, out, failed);
}
