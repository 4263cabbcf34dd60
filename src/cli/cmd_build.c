/*
 * cmd_build.c - kgraph build, check, stats, report and timeline
 * (cmd_build.h).
 *
 * One pass: refuse bad outputs and formats before any work; read, resolve
 * and filter; stop at errors (or warnings with --strict); then the merge
 * report, the overview and the sources table, and the graph (build,
 * timeline), the statistics (stats) or the page (report); check writes
 * nothing but the merge report.  The closing summary comes last.
 */
#include "cli/cmd_build.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/drawn_graph.h"
#include "cli/load.h"
#include "cli/outfiles.h"
#include "cli/progress.h"
#include "cli/summary.h"
#include "cli/write.h"

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
    printer_tally(p); /* the input's warnings not shown */
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
    printer_tally(p);
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

int cmd_build(const options *o, printer *p)
{
    int rc = output_check(o);
    if (!rc)
        rc = write_check(o);
    if (rc)
        return rc;
    kg_graph *g = load_graph_new(o, p, &rc);
    if (!g)
        return rc;
    progress_line prog = {0}; /* a line on a terminal while reading */
    if (!o->quiet && isatty(STDERR_FILENO)) {
        progress_start(&prog, g);
        p->progress = &prog;
    }
    kg_status st = load_paths(g, o, o->paths, o->npaths, 0);
    progress_clear(&prog);
    rc = st == KG_ERR_USAGE ? EXIT_USAGE : finish(p, g, o, st);
    kg_graph_free(g);
    p->progress = NULL;
    return rc;
}
