/*
 * summary.c - what the run did (summary.h).
 */
#include "cli/summary.h"

#include <math.h>
#include <stdio.h>

static const char *plural(unsigned long n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

void summary_filters(const kg_graph *g, const options *o)
{
    const char *name, *emptied = NULL;
    unsigned long nodes, edges;
    for (size_t i = 0; kg_filter_step(g, i, &name, &nodes, &edges); i++) {
        if (!o->quiet)
            fprintf(stderr, "%s%s removed %lu node%s and %lu edge%s",
                    i ? "; " : "kgraph: filters: ", name, nodes,
                    nodes == 1 ? "" : "s", edges, edges == 1 ? "" : "s");
        if (nodes)
            emptied = name;
    }
    if (kg_filter_step(g, 0, &name, &nodes, &edges) && !o->quiet)
        fputc('\n', stderr);
    kg_stats s = kg_graph_stats(g);
    if (s.entities == 0 && emptied && s.errors == 0)
        fprintf(stderr,
                "kgraph: note: nothing is left: %s removed the last "
                "entities\n",
                emptied);
}

void summary_counts(const kg_graph *g, const options *o)
{
    if (o->quiet)
        return;
    kg_stats s = kg_graph_stats(g);
    fprintf(stderr, "kgraph: %lu %s, %lu %s: %lu %s, %lu %s", s.files,
            plural(s.files, "file", "files"), s.rows,
            plural(s.rows, "row", "rows"), s.entities,
            plural(s.entities, "entity", "entities"), s.relations,
            plural(s.relations, "relation", "relations"));
    if (s.folded)
        fprintf(stderr, " (%lu %s folded)", s.folded,
                plural(s.folded, "row", "rows"));
    fprintf(stderr, ", %lu unknown, %lu %s rejected; %lu %s", s.unknown,
            s.rejected, plural(s.rejected, "row", "rows"), s.merges,
            plural(s.merges, "merge", "merges"));
    const char *sep = " (";
    for (int r = 0; r < KG_RULE_COUNT; r++) {
        if (!s.merges_by[r])
            continue;
        fprintf(stderr, "%s%lu by %s", sep, s.merges_by[r],
                kg_rule_name((kg_merge_rule)r));
        sep = ", ";
    }
    fprintf(stderr, "%s, %lu %s linked by name; %lu %s, %lu %s\n",
            s.merges ? ")" : "", s.linked, plural(s.linked, "end", "ends"),
            s.errors, plural(s.errors, "error", "errors"), s.warnings,
            plural(s.warnings, "warning", "warnings"));
}

/* "A4 portrait" for the blocks of named pages, else "16 x 24 cm". */
static void block_name(double w, double h, char *name, size_t len)
{
    static const char *const pages[] = {"a4",     "a4-landscape",
                                        "a3",     "a3-landscape",
                                        "letter", "letter-landscape"};
    static const char *const names[] = {"A4 portrait",     "A4 landscape",
                                        "A3 portrait",     "A3 landscape",
                                        "Letter portrait", "Letter landscape"};
    for (size_t i = 0; i < sizeof pages / sizeof *pages; i++) {
        double pw, ph;
        int either;
        kg_page_parse(pages[i], &pw, &ph, &either);
        if (fabs(pw - w) < 0.5 && fabs(ph - h) < 0.5) {
            snprintf(name, len, "%s", names[i]);
            return;
        }
    }
    snprintf(name, len, "%.1f x %.1f cm", w / 72 * 2.54, h / 72 * 2.54);
}

/* ", N things" (one thing, many things), nothing when not counted. */
static void count(const char *sep, long n, const char *one, const char *many)
{
    if (n >= 0)
        fprintf(stderr, "%s%ld %s", sep, n, n == 1 ? one : many);
}

/* What the figure draws over what, then its lines. */
static void print_collisions(const kg_figure *f)
{
    if (f->entity_overlaps >= 0 || f->text_overlaps >= 0) {
        fputs("; drawn over each other:", stderr);
        count(" ", f->entity_overlaps, "pair of entities", "pairs of entities");
        count(", ", f->text_overlaps, "pair of texts", "pairs of texts");
        count(", ", f->labels_on_nodes, "relation label on an entity",
              "relation labels on entities");
        count(", ", f->names_outside, "name outside its shape",
              "names outside their shapes");
        count(", ", f->cluster_overlaps, "pair of cluster boxes",
              "pairs of cluster boxes");
        count(", ", f->clusters_over_entities,
              "entity under a cluster box not its own",
              "entities under a cluster box not their own");
    }
    if (f->edges_through_names >= 0)
        fprintf(stderr, "; %ld of %ld %s through entities they do not end at",
                f->edges_through_names, f->relations,
                f->relations == 1 ? "line" : "lines");
    count(f->edges_through_names >= 0 ? ", " : "; ", f->crossings, "crossing",
          "crossings");
}

void summary_figure(const kg_figure *f, const options *o)
{
    char block[64];
    block_name(f->block_width, f->block_height, block, sizeof block);
    if (!o->quiet) {
        fprintf(stderr,
                "kgraph: figure: %s, %.0f x %.0f pt (%.1f x %.1f cm) "
                "at 100%%",
                f->engine, f->width, f->height, f->width / 72 * 2.54,
                f->height / 72 * 2.54);
        fprintf(stderr, "; %s %s, names print at %.1f pt",
                f->fitted ? "fitted to" : "on", block, f->name_pt);
        if (f->label_pt > 0)
            fprintf(stderr, ", relation labels at %.1f pt", f->label_pt);
        print_collisions(f);
        fputc('\n', stderr);
    }
    if (f->name_pt > 0 && f->name_pt < 6)
        fprintf(stderr,
                "kgraph: warning: %s, names print at %.1f pt, below the 6 pt "
                "print needs: draw a part of the graph (--focus, --component, "
                "--top 40), or an overview (--collapse-by ATTR, "
                "--communities --collapse-by community)%s\n",
                block, f->name_pt,
                o->page ? ", or use a larger page"
                        : ", or choose a page (--page a4) for kgraph to lay it "
                          "out for");
}
