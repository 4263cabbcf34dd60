/*
 * main.c - the kgraph command: a thin layer over libkgraph.
 *
 * It parses the command line (cmdline.c, the options as a table in
 * opt.c), prints diagnostics in the compiler form FILE:LINE:COL: error:
 * MESSAGE (print.c), picks the exit status and owns the output files
 * (output.c).  All the work is done by the library.  A graph is read as
 * the options say in load.c, drawn whole or as an overview (overview.c),
 * written in the chosen format by write.c; summary.c says what the run
 * did.
 */
#include <malloc.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cmdline.h"
#include "cli/guard.h"
#include "cli/load.h"
#include "cli/output.h"
#include "cli/overview.h"
#include "cli/print.h"
#include "cli/progress.h"
#include "cli/summary.h"
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
    kg_status st = load_paths(a, o, o->old_paths, o->nold);
    if (st != KG_ERR_NOMEM && st != KG_ERR_USAGE)
        st = load_paths(b, o, o->new_paths, o->nnew);
    if (st == KG_ERR_NOMEM || st == KG_ERR_USAGE)
        return EXIT_USAGE;
    kg_stats sa = kg_graph_stats(a), sb = kg_graph_stats(b);
    if (sa.errors || sb.errors || (o->strict && (sa.warnings || sb.warnings))) {
        fprintf(stderr, "kgraph: diff: nothing compared: %s has errors\n",
                sa.errors || (o->strict && sa.warnings) ? "the older version"
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

/* kgraph diff: the two versions read alike, then what changed. */
static int cmd_diff(const options *o, printer *p)
{
    int rc = output_check(o);
    if (rc)
        return rc;
    kg_graph *a = load_graph_new(o, p, &rc);
    kg_graph *b = a ? load_graph_new(o, p, &rc) : NULL;
    if (b)
        rc = load_versions(a, b, o);
    if (b && rc == EXIT_OK)
        rc = compare(p, a, b, o);
    kg_graph_free(a);
    kg_graph_free(b);
    return rc;
}

/* --merge-report: every merge, its rule and its row, written safely like
 * the graph. */
static int write_merge_report(printer *p, const kg_graph *g, const options *o)
{
    if (!o->merge_report)
        return EXIT_OK;
    kg_output *out = output_open(p, o->merge_report, NULL);
    if (!out)
        return EXIT_USAGE;
    kg_status st = kg_write_merge_report(g, kg_output_stream(out));
    return output_close(p, out, st);
}

/* --sources: the cited relations' sources table, as its extension says:
 * .md (the default), .csv or .html. */
static int write_sources(printer *p, const kg_graph *g, const options *o)
{
    if (!o->sources)
        return EXIT_OK;
    const char *ext = strrchr(o->sources, '.');
    kg_sources_format fmt = KG_SOURCES_MARKDOWN;
    if (ext && (strcmp(ext, ".csv") == 0 || strcmp(ext, ".tsv") == 0))
        fmt = KG_SOURCES_CSV;
    else if (ext && (strcmp(ext, ".html") == 0 || strcmp(ext, ".htm") == 0))
        fmt = KG_SOURCES_HTML;
    kg_output *out = output_open(p, o->sources, NULL);
    if (!out)
        return EXIT_USAGE;
    kg_status st = kg_write_sources(g, kg_output_stream(out), fmt);
    return output_close(p, out, st);
}

/* kgraph report: the HTML page of g, its figure drawn from `shown` (g,
 * or an overview of it), with what the run said (p's notes). */
static int write_html_report(printer *p, const kg_graph *g,
                             const kg_graph *shown, const options *o)
{
    kg_report_options r = kg_report_defaults();
    r.figure = write_dot_options(o);
    r.figure.cite = 1;
    r.engine = o->engine;
    r.figure_graph = shown != g ? shown : NULL;
    r.notes = (const char *const *)p->notes;
    r.nnotes = p->nnotes;
    const char *name = o->output ? o->output : "standard output";
    kg_output *out = output_open(p, o->output ? o->output : "-", name);
    if (!out)
        return EXIT_USAGE;
    kg_status st = kg_write_report(g, kg_output_stream(out), &r);
    return output_close(p, out, st);
}

/* What the command makes of a graph read without errors, in order; a
 * figure Graphviz drew is described in *fig. */
static int write_all(printer *p, kg_graph *g, const options *o, kg_figure *fig)
{
    int rc = write_merge_report(p, g, o);
    kg_graph *shown = g; /* the graph drawn: g, or its overview */
    int draws = o->cmd == CMD_BUILD || o->cmd == CMD_REPORT;
    if (rc == EXIT_OK && draws)
        rc = overview_make(g, o, &shown);
    if (rc == EXIT_OK && o->cmd == CMD_REPORT && shown == g)
        rc = overview_for_report(g, o, &shown);
    if (rc == EXIT_OK && draws)
        rc = write_sources(p, shown, o);
    if (rc == EXIT_OK && o->cmd == CMD_REPORT)
        rc = write_html_report(p, g, shown, o);
    else if (rc == EXIT_OK && o->cmd != CMD_CHECK)
        rc = write_graph(p, shown, o, fig);
    if (shown != g)
        kg_graph_free(shown);
    return rc;
}

/* After reading: the outputs when the input allows them, then what the
 * run did. */
static int finish(printer *p, kg_graph *g, const options *o, kg_status st)
{
    summary_filters(g, o);
    int rc;
    kg_figure fig = {.engine = ""};
    kg_stats s = kg_graph_stats(g);
    if (st == KG_ERR_NOMEM) {
        fputs("kgraph: error: out of memory\n", stderr);
        rc = EXIT_USAGE;
    } else if (s.errors || (o->strict && s.warnings)) {
        rc = EXIT_INPUT;
    } else {
        rc = write_all(p, g, o, &fig);
    }
    summary_counts(g, o);
    if (rc == EXIT_OK && fig.engine[0])
        summary_figure(&fig, o);
    if (rc == EXIT_INPUT && (o->cmd == CMD_BUILD || o->cmd == CMD_REPORT) &&
        !o->quiet)
        fprintf(stderr, "kgraph: nothing written: %s\n",
                s.errors ? "the input has errors"
                         : "warnings are errors with --strict");
    return rc;
}

/* kgraph build, check, stats, report and timeline: the inputs read into
 * one graph, then what the command makes of it. */
static int cmd_build(const options *o, printer *p)
{
    int rc = output_check(o);
    if (!rc)
        rc = write_check(o);
    if (rc)
        return rc;
    kg_graph *g = load_graph_new(o, p, &rc);
    if (!g)
        return rc;
    progress prog = {0}; /* a line on a terminal while reading */
    if (!o->quiet && isatty(STDERR_FILENO)) {
        progress_start(&prog, g);
        p->progress = &prog;
    }
    kg_status st = load_paths(g, o, o->paths, o->npaths);
    progress_clear(&prog);
    rc = st == KG_ERR_USAGE ? EXIT_USAGE : finish(p, g, o, st);
    kg_graph_free(g);
    p->progress = NULL;
    return rc;
}

/*
 * glibc's malloc moves its mmap threshold up each time a large block is
 * freed, so that later blocks of that size come from the heap, where a
 * freed block's pages stay with the process.  On the 1M/2M bench that
 * kept about 14 MB more at the peak, and how much moved with every change
 * in the order of allocations.  A fixed threshold (blocks from 512 KB get
 * their own mapping, given back when freed) and a high trim threshold (the
 * heap's top is not given back and asked for again) keep the peak at what
 * is in use: 294 to 284 MB there, 4% slower at 100k.
 */
static void tune_malloc(void)
{
#if defined(M_MMAP_THRESHOLD) && defined(M_TRIM_THRESHOLD)
    mallopt(M_MMAP_THRESHOLD, 512 * 1024);
    mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
#endif
}

/* The command o names, its messages kept until it ends. */
static int run(const options *o)
{
    printer p = {.max_warnings = o->max_warnings};
    int rc = o->cmd == CMD_DIFF ? cmd_diff(o, &p) : cmd_build(o, &p);
    printer_free(&p);
    return rc;
}

int main(int argc, char **argv)
{
    tune_malloc();
    kg_guard_signals();
    options o;
    int rc = cmdline_parse(argc, argv, &o);
    if (rc)
        return rc < 0 ? EXIT_OK : rc;
    return run(&o);
}
