/*
 * cmd_diff.c - kgraph diff (cmd_diff.h).
 *
 * The list of changes goes to -o LIST (.txt, .csv, .json or no
 * extension) or standard output; -o PICTURE draws the changes instead
 * (in any format build writes), the list then on standard output.
 */
#include "cli/cmd_diff.h"

#include <stdio.h>
#include <string.h>

#include "cli/load.h"
#include "cli/outfiles.h"
#include "cli/write.h"

/* Whether diff's -o names a change list (.txt, .csv, .json, or no
 * extension) rather than a picture. */
static int change_list_file(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (!dot || strchr(dot, '/'))
        return 1;
    return strcmp(dot, ".txt") == 0 || strcmp(dot, ".csv") == 0 ||
           strcmp(dot, ".json") == 0;
}

/* The change list's format: --format, else its file's extension. */
static kg_diff_format list_format(const options *o, const char *path)
{
    const char *dot = strrchr(path, '.');
    if (o->diff_format != KG_DIFF_TEXT || !dot)
        return o->diff_format;
    return strcmp(dot, ".csv") == 0    ? KG_DIFF_CSV
           : strcmp(dot, ".json") == 0 ? KG_DIFF_JSON
                                       : KG_DIFF_TEXT;
}

/* Reads both versions into a and b: EXIT_OK when they can be compared,
 * else EXIT_USAGE (said why, unless memory ran out or the library said
 * it). */
static int load_versions(kg_graph *a, kg_graph *b, const options *o)
{
    kg_status st = load_paths(a, o, o->old_paths, o->nold, o->old_from);
    if (st != KG_ERR_NOMEM && st != KG_ERR_USAGE)
        st = load_paths(b, o, o->new_paths, o->nnew, o->new_from);
    if (st == KG_ERR_NOMEM || st == KG_ERR_USAGE)
        return EXIT_USAGE;
    kg_stats sa = kg_graph_stats(a), sb = kg_graph_stats(b);
    int bad_a = kg_graph_input_status(a, NULL) != KG_OK;
    int bad_b = kg_graph_input_status(b, NULL) != KG_OK;
    if (bad_a || bad_b || (o->strict && (sa.warnings || sb.warnings))) {
        fprintf(stderr, "kgraph: diff: nothing compared: %s has errors\n",
                bad_a || (o->strict && sa.warnings) ? "the older version"
                                                    : "the newer version");
        return EXIT_USAGE;
    }
    return EXIT_OK;
}

/* The list of changes, to `list` ("-": standard output). */
static int write_changes(printer *p, const kg_diff *d, const options *o,
                         const char *list)
{
    kg_output *out =
        output_open(p, list, strcmp(list, "-") ? NULL : "standard output");
    if (!out)
        return EXIT_USAGE;
    kg_status st =
        kg_write_diff(d, kg_output_stream(out), list_format(o, list));
    return output_close(p, out, st);
}

/* -o PICTURE: the changes drawn (--changed-only: with their neighbours
 * only). */
static int draw_changes(printer *p, const kg_diff *d, const options *o)
{
    kg_status st;
    kg_graph *drawn = kg_diff_graph(d, o->changed_only, &st);
    if (!drawn) {
        fprintf(stderr, "kgraph: error: %s\n", kg_strerror(st));
        return EXIT_USAGE;
    }
    kg_figure fig = {.engine = ""};
    int rc = write_graph(p, drawn, o, &fig);
    kg_graph_free(drawn);
    return rc;
}

static int any_change(const kg_diff *d)
{
    kg_diff_counts c = kg_diff_counts_of(d);
    return c.entities_added || c.entities_removed || c.entities_changed ||
           c.relations_added || c.relations_removed || c.relations_changed;
}

/* What changed from a to b, written as the options say. */
static int compare(printer *p, const kg_graph *a, const kg_graph *b,
                   const options *o)
{
    kg_status st;
    kg_diff *d = kg_diff_new(a, b, &st);
    if (!d) {
        fprintf(stderr, "kgraph: error: %s\n", kg_strerror(st));
        return EXIT_USAGE;
    }
    int picture = o->output && !change_list_file(o->output);
    int rc = write_changes(p, d, o, o->output && !picture ? o->output : "-");
    if (rc == EXIT_OK && picture)
        rc = draw_changes(p, d, o);
    if (rc == EXIT_OK && any_change(d))
        rc = EXIT_INPUT; /* as diff(1): 1 when they differ */
    kg_diff_free(d);
    return rc;
}

int cmd_diff(const options *o, printer *p)
{
    int rc = output_check(o);
    if (rc)
        return rc;
    kg_graph *a = load_graph_new(o, p, &rc);
    kg_graph *b = a ? load_graph_new(o, p, &rc) : NULL;
    if (b)
        rc = load_versions(a, b, o);
    printer_tally(p); /* the two versions' warnings not shown */
    if (b && rc == EXIT_OK)
        rc = compare(p, a, b, o);
    kg_graph_free(a);
    kg_graph_free(b);
    return rc;
}
