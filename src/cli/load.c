/*
 * load.c - a graph set up and read as the options say (load.h).
 */
#include "cli/load.h"

#include "cli/opt.h"

#include <stdio.h>

static int has_filter(const kg_filter *f)
{
    return f->types || f->exclude_types || f->relations ||
           f->exclude_relations || f->since || f->until || f->dated_only ||
           f->nwhere || f->nfocus || f->path_from || f->path_to ||
           f->min_degree || f->component || f->top;
}

/* The options that can be refused (--images, --encoding) or run out of
 * memory (the style sheets): EXIT_OK, or the exit status after saying
 * why. */
static int set_up(kg_graph *g, const options *o)
{
    if (kg_graph_set_images(g, o->images) != KG_OK)
        return usage_error("--images needs a folder, not '%s'", o->images);
    kg_status enc = kg_graph_set_encoding(g, o->encoding);
    if (enc == KG_ERR_NOMEM) {
        fputs("kgraph: error: out of memory\n", stderr);
        return EXIT_USAGE;
    }
    if (enc != KG_OK)
        return usage_error("--encoding: the system's iconv does not know '%s' "
                           "(try latin1, cp1252, UTF-16LE)",
                           o->encoding);
    for (size_t i = 0; i < o->nstyles; i++)
        if (kg_load_style(g, o->styles[i]) == KG_ERR_NOMEM) {
            fputs("kgraph: error: out of memory\n", stderr);
            return EXIT_USAGE;
        }
    return EXIT_OK;
}

kg_graph *load_graph_new(const options *o, printer *p, int *rc)
{
    kg_graph *g = kg_graph_new();
    *rc = EXIT_USAGE;
    if (!g) {
        fputs("kgraph: error: out of memory\n", stderr);
        return NULL;
    }
    kg_graph_set_diag(g, printer_diag, p);
    if (o->timings)
        kg_graph_set_timings(g, printer_timing, p);
    if (opt_name_settings(g) != KG_OK) {
        fputs("kgraph: error: out of memory\n", stderr);
        kg_graph_free(g);
        return NULL;
    }
    kg_graph_set_max_errors(g, o->max_errors);
    kg_graph_set_match(g, o->match);
    kg_graph_set_threads(g, o->threads);
    kg_graph_set_date_order(g, o->date_order);
    kg_graph_set_type_from_file(g, o->type_from_file);
    /* the report lists each input's SHA-256: taken as it is read */
    kg_graph_set_file_hashes(g, o->cmd == CMD_REPORT);
    kg_graph_set_limits(g, (size_t)o->max_row, (size_t)o->max_columns);
    *rc = set_up(g, o);
    if (*rc == EXIT_OK)
        return g;
    kg_graph_free(g);
    return NULL;
}

/* The --header that names the columns of the operand-th path, or NULL. */
static const char *header_of(const options *o, int operand)
{
    const char *names = NULL;
    for (size_t k = 0; k < o->nheaders && o->header_from[k] <= operand; k++)
        names = o->headers[k];
    return names;
}

kg_status load_paths(kg_graph *g, const options *o, char **paths, int npaths,
                     int from)
{
    kg_status st = KG_OK;
    for (size_t i = 0; i < o->nmappings && st != KG_ERR_NOMEM; i++)
        st = kg_load_mapping(g, o->mappings[i]);
    for (int i = 0; i < npaths && st != KG_ERR_NOMEM; i++) {
        st = kg_graph_set_header(g, header_of(o, from + i));
        if (st == KG_OK)
            st = kg_load_path(g, paths[i]);
    }
    if (st != KG_ERR_NOMEM)
        st = kg_resolve(g);
    if (st != KG_ERR_NOMEM && o->merge_edges)
        st = kg_merge_edges(g);
    if (st != KG_ERR_NOMEM && has_filter(&o->filter))
        st = kg_apply_filter(g, &o->filter);
    return st;
}
