/*
 * main.c - the kgraph command: a thin layer over libkgraph.
 *
 * It parses the command line (cmdline.c, the options as a table in
 * opt.c), prints diagnostics in the compiler form FILE:LINE:COL: error:
 * MESSAGE (print.c), picks the exit status and owns the output file.  All
 * the work is done by the library.
 */
#include <malloc.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cmdline.h"
#include "cli/guard.h"
#include "cli/print.h"
#include "cli/progress.h"
#include "kgraph.h"

/* The format: -T, else the output's extension, else dot. */
static const char *output_format(const options *o)
{
    if (o->format)
        return o->format;
    size_t n = o->output ? strlen(o->output) : 0;
    if (n > 9 && strcmp(o->output + n - 9, ".ftm.json") == 0)
        return "ftm"; /* FollowTheMoney's own extension */
    const char *dot = o->output ? strrchr(o->output, '.') : NULL;
    if (!dot || strchr(dot, '/') || !dot[1])
        return "dot";
    return dot + 1;
}

static int is_plain_dot(const char *format)
{
    return strcmp(format, "dot") == 0 || strcmp(format, "gv") == 0;
}

/* The export a format names, or -1 (a picture, or DOT). */
static int export_format(const char *format)
{
    static const struct {
        const char *name;
        kg_export_format fmt;
    } names[] = {{"graphml", KG_EXPORT_GRAPHML}, {"gexf", KG_EXPORT_GEXF},
                 {"gexf12", KG_EXPORT_GEXF12},   {"cyjs", KG_EXPORT_CYJS},
                 {"ftm", KG_EXPORT_FTM},         {"jsonl", KG_EXPORT_FTM}};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(format, names[i].name) == 0)
            return (int)names[i].fmt;
    return -1;
}

static const char *plural(unsigned long n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

static void summary(const kg_graph *g, const options *o)
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

/*
 * What the figure is like on paper (unless -q), and a warning, even with
 * -q, when its names print below the 6 pt print needs.
 */
static void tell_figure(const kg_figure *f, const options *o)
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
        if (f->labels_on_nodes >= 0)
            fprintf(stderr, "; %ld %s over entities, %ld %s through names",
                    f->labels_on_nodes,
                    f->labels_on_nodes == 1 ? "label" : "labels",
                    f->edges_through_names,
                    f->edges_through_names == 1 ? "line" : "lines");
        if (f->crossings >= 0)
            fprintf(stderr, ", %ld %s", f->crossings,
                    f->crossings == 1 ? "crossing" : "crossings");
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

/* Opens an output safely (kg_output), its temporary file registered so
 * that a signal removes it, and tells the printer its name (the library
 * says why a write fails, kgraph which output).  NULL after saying why. */
static kg_output *open_output(printer *p, const char *path, const char *name)
{
    char err[1536];
    kg_output *out = kg_output_open(path, err, sizeof err);
    if (!out) {
        say("error", err);
        return NULL;
    }
    kg_guard_temp(kg_output_temp_path(out));
    p->output = name ? name : path;
    p->failures = 0;
    return out;
}

/* Puts a written output in place, or discards it when writing failed
 * (the library has said why, through printer_diag). */
static int close_output(printer *p, kg_output *out, kg_status st)
{
    char why[1536];
    const char *temp = kg_output_temp_path(out);
    char temp_copy[4096];
    snprintf(temp_copy, sizeof temp_copy, "%s", temp ? temp : "");
    int said = p->failures;
    p->output = NULL;
    if (st != KG_OK) {
        kg_output_abort(out);
        kg_guard_done(temp_copy);
        if (!said)
            say("error", kg_strerror(st));
        return EXIT_USAGE;
    }
    st = kg_output_commit(out, why, sizeof why);
    kg_guard_done(temp_copy);
    if (st != KG_OK) {
        say("error", why);
        return EXIT_USAGE;
    }
    return EXIT_OK;
}

/* --legend FILE: the key as a figure of its own. */
static int write_legend(printer *p, const kg_graph *g, const options *o,
                        kg_dot_options dopts)
{
    const char *ext = strrchr(o->legend_file, '.');
    const char *format = ext && !strchr(ext, '/') && ext[1] ? ext + 1 : "dot";
    kg_output *out = open_output(p, o->legend_file, NULL);
    if (!out)
        return EXIT_USAGE;
    dopts.legend = KG_LEGEND_ONLY;
    kg_status st =
        strcmp(format, "dot") == 0 || strcmp(format, "gv") == 0
            ? kg_write_dot(g, kg_output_stream(out), &dopts)
            : kg_render(g, &dopts, format, "dot", kg_output_stream(out));
    return close_output(p, out, st);
}

/* The drawing options the command line gave. */
static kg_dot_options dot_options(const options *o)
{
    kg_dot_options dopts = kg_dot_defaults();
    dopts.legend = o->legend && !o->legend_file;
    dopts.cluster_by = o->cluster_by;
    dopts.title = o->title;
    dopts.dpi = (int)o->dpi;
    dopts.timeout = (unsigned)o->timeout;
    dopts.max_memory = (size_t)o->max_memory;
    dopts.page_width = o->page_w;
    dopts.page_height = o->page_h;
    dopts.page_either = o->page_either;
    dopts.page_unit = o->page ? kg_page_unit(o->page) : NULL;
    dopts.cite = o->cite;
    dopts.undirected = o->undirected;
    dopts.no_layout = o->no_layout;
    return dopts;
}

static int write_output(printer *p, const kg_graph *g, const options *o,
                        kg_figure *fig)
{
    const char *format = output_format(o);
    kg_dot_options dopts = dot_options(o);
    const char *name = o->output ? o->output : "standard output";
    if (strcmp(format, "neo4j") == 0) { /* a folder of files */
        if (!o->output)
            return usage_error("%s", "-T neo4j writes a folder: give it "
                                     "with -o DIR");
        p->output = o->output;
        p->failures = 0;
        kg_status nst = kg_write_neo4j(g, o->output);
        p->output = NULL;
        if (nst != KG_OK && !p->failures)
            say("error", kg_strerror(nst));
        return nst == KG_OK ? EXIT_OK : EXIT_USAGE;
    }
    kg_output *out = open_output(p, o->output ? o->output : "-", name);
    if (!out)
        return EXIT_USAGE;
    /* exports write through stdio: a large buffer, fewer writes (the DOT
     * writer buffers itself) */
    static char big[1 << 20];
    if (export_format(format) >= 0)
        setvbuf(kg_output_stream(out), big, _IOFBF, sizeof big);
    kg_status st;
    unsigned long undated = 0;
    if (o->timeline && o->cmd == CMD_BUILD && export_format(format) >= 0) {
        kg_output_abort(out);
        p->output = NULL;
        return usage_error("--timeline draws a picture or DOT, not '%s'",
                           format);
    }
    if (o->timeline && o->cmd == CMD_BUILD)
        st = is_plain_dot(format) && !o->engine
                 ? kg_write_timeline(g, kg_output_stream(out), &dopts,
                                     o->time_scale, &undated)
                 : kg_render_timeline(g, &dopts, o->time_scale, format,
                                      kg_output_stream(out), &undated);
    else if (o->cmd == CMD_STATS)
        st = kg_write_stats(g, kg_output_stream(out), o->stats_format,
                            (size_t)o->top);
    else if (is_plain_dot(format) && !o->engine)
        st = kg_write_dot(g, kg_output_stream(out), &dopts);
    else if (export_format(format) >= 0)
        st = kg_write_export(g, kg_output_stream(out),
                             (kg_export_format)export_format(format), &dopts);
    else
        st = kg_render_figure(g, &dopts, format, o->engine,
                              kg_output_stream(out), fig);
    int rc = close_output(p, out, st);
    if (rc == EXIT_OK && o->timeline && undated && !o->quiet)
        fprintf(stderr,
                "kgraph: timeline: %lu undated relation%s not on the "
                "timeline\n",
                undated, undated == 1 ? " is" : "s are");
    if (rc == EXIT_OK && o->legend_file && o->cmd == CMD_BUILD)
        rc = write_legend(p, g, o, dopts);
    return rc;
}

/* kgraph report: the HTML page, the figure drawn from `shown` (g, or an
 * overview of it). */
static int write_html_report(printer *p, const kg_graph *g,
                             const kg_graph *shown, const options *o)
{
    kg_report_options r = kg_report_defaults();
    r.figure = dot_options(o);
    r.figure.cite = 1;
    r.engine = o->engine;
    r.figure_graph = shown != g ? shown : NULL;
    r.notes = (const char *const *)p->notes;
    r.nnotes = p->nnotes;
    const char *name = o->output ? o->output : "standard output";
    kg_output *out = open_output(p, o->output ? o->output : "-", name);
    if (!out)
        return EXIT_USAGE;
    kg_status st = kg_write_report(g, kg_output_stream(out), &r);
    return close_output(p, out, st);
}

/* A report of a graph too large to draw whole shows an overview of its
 * communities, as --communities --collapse-by community would draw. */
enum { REPORT_DRAW_MAX = 500 };

static int report_overview(kg_graph *g, const options *o, kg_graph **shown)
{
    kg_stats s = kg_graph_stats(g);
    if (s.entities <= REPORT_DRAW_MAX || o->collapse_by || o->page)
        return EXIT_OK;
    size_t n = 0;
    kg_status st = kg_find_communities(g, &n);
    kg_graph *c = st == KG_OK ? kg_collapse(g, "community", &st) : NULL;
    if (!c) {
        fprintf(stderr, "kgraph: error: %s\n", kg_strerror(st));
        return EXIT_USAGE;
    }
    for (size_t i = 0; i < o->nstyles; i++)
        kg_load_style(c, o->styles[i]);
    if (!o->quiet)
        fprintf(stderr,
                "kgraph: report: %lu entities are too many to draw whole: "
                "the figure shows their %zu communities (Louvain); the "
                "tables list them all\n",
                s.entities, n);
    *shown = c;
    return EXIT_OK;
}

/* Checks -T and -K before any work is done. */
static int check_renderer(const options *o)
{
    char known[1024];
    const char *format = output_format(o);
    if (o->cmd != CMD_BUILD)
        return 0;
    if (!(is_plain_dot(format) && !o->engine) && export_format(format) < 0 &&
        strcmp(format, "neo4j") != 0 &&
        !kg_render_has_format(format, known, sizeof known)) {
        fputs("kgraph: error: kgraph does not write the format '", stderr);
        kg_guard_puts(stderr, format);
        fprintf(stderr,
                "'; it writes: %s, and graphml gexf gexf12 cyjs ftm neo4j\n",
                known);
        return EXIT_USAGE;
    }
    if (o->engine && !kg_render_has_engine(o->engine, known, sizeof known)) {
        fprintf(stderr,
                "kgraph: error: unknown layout engine '%s'; Graphviz here "
                "has: %s\n",
                o->engine, known);
        return EXIT_USAGE;
    }
    return 0;
}

static int has_filter(const kg_filter *f)
{
    return f->types || f->exclude_types || f->relations ||
           f->exclude_relations || f->since || f->until || f->dated_only ||
           f->nwhere || f->nfocus || f->path_from || f->path_to ||
           f->min_degree || f->component || f->top;
}

/* One line saying what each filter removed, and why an empty result is
 * empty. */
static void report_filters(const kg_graph *g, const options *o)
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

/* The merge report, written safely like the graph. */
static int write_report(printer *p, const kg_graph *g, const options *o)
{
    if (!o->merge_report)
        return EXIT_OK;
    kg_output *out = open_output(p, o->merge_report, NULL);
    if (!out)
        return EXIT_USAGE;
    kg_status st = kg_write_merge_report(g, kg_output_stream(out));
    return close_output(p, out, st);
}

/* --communities and --collapse-by: the graph to draw, *shown (g itself
 * or a new one), and a line saying what they made. */
static int overview(kg_graph *g, const options *o, kg_graph **shown)
{
    size_t count = 0;
    kg_status st = KG_OK;
    if (o->communities && (st = kg_find_communities(g, &count)) == KG_OK &&
        !o->quiet)
        fprintf(stderr,
                "kgraph: %zu communities (Louvain): the attribute "
                "'community', 1 the largest\n",
                count);
    if (st == KG_OK && o->collapse_by) {
        kg_graph *c = kg_collapse(g, o->collapse_by, &st);
        for (size_t i = 0; c && i < o->nstyles; i++)
            kg_load_style(c, o->styles[i]);
        if (c && !o->quiet) {
            kg_stats sc = kg_graph_stats(c), sg = kg_graph_stats(g);
            fprintf(stderr,
                    "kgraph: overview: %lu nodes and %lu relations for %lu "
                    "entities and %lu relations (--collapse-by %s)",
                    sc.entities, sc.relations, sg.entities, sg.relations,
                    o->collapse_by);
            if (sc.left_out)
                fprintf(stderr, "; %lu rows of weaker links left out",
                        sc.left_out);
            fputc('\n', stderr);
        }
        if (c)
            *shown = c;
    }
    if (st == KG_OK)
        return EXIT_OK;
    fprintf(stderr, "kgraph: error: %s\n", kg_strerror(st));
    return EXIT_USAGE;
}

/* The sources table (--sources), as its extension says: .md (the
 * default), .csv or .html. */
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
    kg_output *out = open_output(p, o->sources, NULL);
    if (!out)
        return EXIT_USAGE;
    kg_status st = kg_write_sources(g, kg_output_stream(out), fmt);
    return close_output(p, out, st);
}

/* Outputs that would destroy an input or each other: refused before any
 * work. */
static int check_outputs(const options *o)
{
    const char *outputs[4] = {o->cmd == CMD_CHECK ? NULL : o->output,
                              o->merge_report, o->sources, o->legend_file};
    const char **inputs = calloc((size_t)o->npaths + MAX_STYLES, sizeof *inputs);
    if (!inputs)
        return EXIT_USAGE;
    size_t n = 0;
    for (int i = 0; i < o->npaths; i++)
        inputs[n++] = o->paths[i];
    for (size_t i = 0; i < o->nstyles; i++)
        inputs[n++] = o->styles[i];
    char msg[8192];
    int bad = kg_guard_outputs(outputs, 4, inputs, n, msg, sizeof msg);
    free(inputs);
    if (!bad)
        return 0;
    fputs("kgraph: error: ", stderr);
    kg_guard_puts(stderr, msg);
    fputs("\nTry 'kgraph --help'.\n", stderr);
    return EXIT_USAGE;
}

/* A graph set up as the options say, its messages to *p; NULL after
 * saying why (the exit status in *rc). */
static kg_graph *new_graph(const options *o, printer *p, int *rc)
{
    kg_graph *g = kg_graph_new();
    *rc = EXIT_USAGE;
    if (!g) {
        fputs("kgraph: error: out of memory\n", stderr);
        return NULL;
    }
    kg_graph_set_diag(g, printer_diag, p);
    kg_graph_set_max_errors(g, o->max_errors);
    kg_graph_set_match(g, o->match);
    kg_graph_set_limits(g, (size_t)o->max_row, (size_t)o->max_columns);
    if (kg_graph_set_images(g, o->images) != KG_OK) {
        usage_error("--images needs a folder, not '%s'", o->images);
        kg_graph_free(g);
        return NULL;
    }
    kg_status enc = kg_graph_set_encoding(g, o->encoding);
    if (enc != KG_OK) {
        if (enc == KG_ERR_NOMEM)
            fputs("kgraph: error: out of memory\n", stderr);
        else
            usage_error("--encoding: the system's iconv does not know '%s' "
                        "(try latin1, cp1252, UTF-16LE)",
                        o->encoding);
        kg_graph_free(g);
        return NULL;
    }
    for (size_t i = 0; i < o->nstyles; i++)
        if (kg_load_style(g, o->styles[i]) == KG_ERR_NOMEM) {
            fputs("kgraph: error: out of memory\n", stderr);
            kg_graph_free(g);
            return NULL;
        }
    *rc = EXIT_OK;
    return g;
}

/* Loads paths into g, resolves it, folds and filters it as the options
 * say: the last status. */
static kg_status load_graph(kg_graph *g, const options *o, char **paths,
                            int npaths)
{
    kg_status st = KG_OK;
    for (int i = 0; i < npaths && st != KG_ERR_NOMEM; i++)
        st = kg_load_path(g, paths[i]);
    if (st != KG_ERR_NOMEM)
        st = kg_resolve(g);
    if (st != KG_ERR_NOMEM && o->merge_edges)
        st = kg_merge_edges(g);
    if (st != KG_ERR_NOMEM && has_filter(&o->filter))
        st = kg_apply_filter(g, &o->filter);
    return st;
}

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

/* kgraph diff: the two versions read alike, then what changed. */
static int run_diff(const options *o, printer *p)
{
    int rc;
    kg_graph *a = new_graph(o, p, &rc), *b = a ? new_graph(o, p, &rc) : NULL;
    kg_status st = b ? load_graph(a, o, o->old_paths, o->nold) : KG_ERR_USAGE;
    if (st != KG_ERR_NOMEM && st != KG_ERR_USAGE)
        st = load_graph(b, o, o->new_paths, o->nnew);
    kg_stats sa = kg_graph_stats(a), sb = kg_graph_stats(b);
    kg_diff *d = NULL;
    if (st == KG_ERR_NOMEM || st == KG_ERR_USAGE)
        rc = EXIT_USAGE;
    else if (sa.errors || sb.errors ||
             (o->strict && (sa.warnings || sb.warnings))) {
        fprintf(stderr, "kgraph: diff: nothing compared: %s has errors\n",
                sa.errors || (o->strict && sa.warnings) ? "the older version"
                                                        : "the newer version");
        rc = EXIT_USAGE;
    } else if (!(d = kg_diff_new(a, b, &st))) {
        fprintf(stderr, "kgraph: error: %s\n", kg_strerror(st));
        rc = EXIT_USAGE;
    } else {
        /* -o PICTURE draws the changes; the list goes to -o LIST (.txt,
         * .csv, .json) or standard output */
        int picture = o->output && !change_list_file(o->output);
        const char *list = o->output && !picture ? o->output : "-";
        kg_output *out =
            open_output(p, list, strcmp(list, "-") ? NULL : "standard output");
        rc = out ? close_output(p, out,
                                kg_write_diff(d, kg_output_stream(out),
                                              list_format(o, list)))
                 : EXIT_USAGE;
        kg_graph *drawn = rc == EXIT_OK && picture
                              ? kg_diff_graph(d, o->changed_only, &st)
                              : NULL;
        if (rc == EXIT_OK && picture && !drawn) {
            fprintf(stderr, "kgraph: error: %s\n", kg_strerror(st));
            rc = EXIT_USAGE;
        }
        kg_figure fig = {.engine = ""};
        if (drawn)
            rc = write_output(p, drawn, o, &fig);
        kg_graph_free(drawn);
        kg_diff_counts c = kg_diff_counts_of(d);
        int changes = c.entities_added || c.entities_removed ||
                      c.entities_changed || c.relations_added ||
                      c.relations_removed || c.relations_changed;
        if (rc == EXIT_OK && changes)
            rc = EXIT_INPUT; /* as diff(1): 1 when they differ */
    }
    kg_diff_free(d);
    kg_graph_free(a);
    kg_graph_free(b);
    return rc;
}

/* The command's work on a graph; what the run said is kept in *p, its
 * progress line in *prog. */
static int run_graph(const options *o, printer *p, progress *prog)
{
    int bad = check_outputs(o);
    if (!bad)
        bad = check_renderer(o);
    if (bad)
        return bad;
    if (o->cmd == CMD_DIFF)
        return run_diff(o, p);
    kg_graph *g = new_graph(o, p, &bad);
    if (!g)
        return bad;
    if (!o->quiet && isatty(STDERR_FILENO)) {
        progress_start(prog, g);
        p->progress = prog;
    }
    kg_status st = load_graph(g, o, o->paths, o->npaths);
    progress_clear(prog);
    if (st == KG_ERR_USAGE) {
        kg_graph_free(g);
        return EXIT_USAGE;
    }
    report_filters(g, o);
    int rc = EXIT_OK;
    kg_figure fig = {.engine = ""};
    kg_stats s = kg_graph_stats(g);
    if (st == KG_ERR_NOMEM) {
        fputs("kgraph: error: out of memory\n", stderr);
        rc = EXIT_USAGE;
    } else if (s.errors || (o->strict && s.warnings)) {
        rc = EXIT_INPUT;
    } else {
        rc = write_report(p, g, o);
        kg_graph *shown = g; /* the graph drawn: g, or its overview */
        int draws = o->cmd == CMD_BUILD || o->cmd == CMD_REPORT;
        if (rc == EXIT_OK && draws)
            rc = overview(g, o, &shown);
        if (rc == EXIT_OK && o->cmd == CMD_REPORT && shown == g)
            rc = report_overview(g, o, &shown);
        if (rc == EXIT_OK && draws)
            rc = write_sources(p, shown, o);
        if (rc == EXIT_OK && o->cmd == CMD_REPORT)
            rc = write_html_report(p, g, shown, o);
        else if (rc == EXIT_OK && o->cmd != CMD_CHECK)
            rc = write_output(p, shown, o, &fig);
        if (shown != g)
            kg_graph_free(shown);
    }
    summary(g, o);
    if (rc == EXIT_OK && fig.engine[0])
        tell_figure(&fig, o);
    if (rc == EXIT_INPUT && (o->cmd == CMD_BUILD || o->cmd == CMD_REPORT) &&
        !o->quiet)
        fprintf(stderr, "kgraph: nothing written: %s\n",
                s.errors ? "the input has errors"
                         : "warnings are errors with --strict");
    kg_graph_free(g);
    return rc;
}

static int run(const options *o)
{
    printer p = {.max_warnings = o->max_warnings};
    progress prog = {0};
    int rc = run_graph(o, &p, &prog);
    printer_free(&p);
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
