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
                             const kg_graph *shown, const kg_analyses *ahead,
                             const options *o)
{
    kg_report_options r = kg_report_defaults();
    r.ahead = ahead;
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
    kg_graph *shown = g;       /* the graph drawn: g, or its overview */
    kg_analyses *ahead = NULL; /* the report's centralities, found early */
    int draws = o->cmd == CMD_BUILD || o->cmd == CMD_REPORT;
    if (rc == EXIT_OK && draws)
        rc = overview_make(g, o, &shown);
    if (rc == EXIT_OK && o->cmd == CMD_REPORT && shown == g)
        rc = overview_for_report(g, o, &shown, &ahead);
    if (rc == EXIT_OK && draws)
        rc = write_sources(p, shown, o);
    if (rc == EXIT_OK && o->cmd == CMD_REPORT)
        rc = write_html_report(p, g, shown, ahead, o);
    else if (rc == EXIT_OK && o->cmd != CMD_CHECK)
        rc = write_graph(p, shown, o, fig);
    if (shown != g)
        kg_graph_free(shown);
    kg_analyses_free(ahead);
    return rc;
}

/* --rejects: opened before reading (the library writes each rejected
 * row as it comes), put in place after, whether or not the build goes
 * on.  NULL in *out when not asked for; EXIT_USAGE after saying why. */
static int rejects_open(printer *p, kg_graph *g, const options *o,
                        kg_output **out)
{
    *out = NULL;
    if (!o->rejects)
        return EXIT_OK;
    *out = output_open(p, o->rejects, NULL);
    p->output = NULL; /* the library's failures while reading are not its */
    if (!*out)
        return EXIT_USAGE;
    if (kg_graph_set_rejects(g, kg_output_stream(*out)) != KG_OK) {
        kg_output_abort(*out);
        *out = NULL;
        fputs("kgraph: error: out of memory\n", stderr);
        return EXIT_USAGE;
    }
    return EXIT_OK;
}

static int rejects_close(printer *p, kg_graph *g, kg_output *out)
{
    if (!out)
        return EXIT_OK;
    kg_graph_set_rejects(g, NULL);
    p->output = NULL;
    return output_close(p, out, KG_OK);
}

/* Why nothing is written: rows with errors past --max-errors (how many,
 * and what the two options do), errors no row holds, or --strict. */
static void say_nothing_written(const kg_graph *g, const options *o)
{
    kg_stats s = kg_graph_stats(g);
    unsigned long outside = 0;
    kg_graph_input_status(g, &outside);
    if (!s.errors)
        fputs("kgraph: nothing written: warnings are errors with --strict\n",
              stderr);
    else if (outside || !s.rejected)
        fputs("kgraph: nothing written: the input has errors\n", stderr);
    else if (o->max_errors)
        fprintf(stderr,
                "kgraph: nothing written: %lu %s errors, more than "
                "--max-errors %lu allows; --max-errors %lu builds the graph "
                "from the other rows, --rejects FILE writes the rejected "
                "ones\n",
                s.rejected, s.rejected == 1 ? "row has" : "rows have",
                o->max_errors, s.rejected);
    else
        fprintf(stderr,
                "kgraph: nothing written: %lu %s errors; --max-errors %lu "
                "builds the graph from the other rows, --rejects FILE writes "
                "the rejected ones\n",
                s.rejected, s.rejected == 1 ? "row has" : "rows have",
                s.rejected);
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
    } else if (kg_graph_input_status(g, NULL) != KG_OK ||
               (o->strict && s.warnings)) {
        rc = EXIT_INPUT;
    } else {
        rc = write_all(p, g, o, &fig);
    }
    printer_tally(p);
    summary_counts(g, o);
    if (rc == EXIT_OK && fig.engine[0])
        summary_figure(&fig, o);
    if (rc == EXIT_OK && s.rejected && !o->quiet)
        fprintf(stderr,
                "kgraph: note: built from the rows without errors: %lu %s "
                "rejected (--max-errors %lu)%s\n",
                s.rejected, s.rejected == 1 ? "row" : "rows", o->max_errors,
                o->rejects ? "" : "; --rejects FILE writes them");
    if (rc == EXIT_INPUT && (o->cmd == CMD_BUILD || o->cmd == CMD_REPORT) &&
        !o->quiet)
        say_nothing_written(g, o);
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
    kg_output *rejects;
    if ((rc = rejects_open(p, g, o, &rejects)) != EXIT_OK) {
        kg_graph_free(g);
        return rc;
    }
    progress_line prog = {0}; /* a line on a terminal while reading */
    if (!o->quiet && isatty(STDERR_FILENO)) {
        progress_start(&prog, g);
        p->progress = &prog;
    }
    kg_status st = load_paths(g, o, o->paths, o->npaths, 0);
    progress_clear(&prog);
    int wrote = rejects_close(p, g, rejects);
    rc = st == KG_ERR_USAGE ? EXIT_USAGE : finish(p, g, o, st);
    if (rc == EXIT_OK)
        rc = wrote;
    kg_graph_free(g);
    p->progress = NULL;
    return rc;
}
