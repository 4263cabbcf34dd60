/*
 * write.c - a graph written as the options say (write.h).
 */
#include "cli/write.h"

#include <stdio.h>
#include <string.h>

#include "cli/guard.h"
#include "cli/outfiles.h"

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

int write_check(const options *o)
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

kg_dot_options write_dot_options(const options *o)
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

/* --legend FILE: the key as a figure of its own. */
static int write_legend(printer *p, const kg_graph *g, const options *o,
                        kg_dot_options dopts)
{
    const char *ext = strrchr(o->legend_file, '.');
    const char *format = ext && !strchr(ext, '/') && ext[1] ? ext + 1 : "dot";
    kg_output *out = output_open(p, o->legend_file, NULL);
    if (!out)
        return EXIT_USAGE;
    dopts.legend = KG_LEGEND_ONLY;
    kg_status st =
        strcmp(format, "dot") == 0 || strcmp(format, "gv") == 0
            ? kg_write_dot(g, kg_output_stream(out), &dopts)
            : kg_render(g, &dopts, format, "dot", kg_output_stream(out));
    return output_close(p, out, st);
}

/* -T neo4j: a folder of files, written by the library itself. */
static int write_neo4j(printer *p, const kg_graph *g, const options *o)
{
    if (!o->output)
        return usage_error("%s", "-T neo4j writes a folder: give it "
                                 "with -o DIR");
    p->output = o->output;
    p->failures = 0;
    kg_status st = kg_write_neo4j(g, o->output);
    p->output = NULL;
    if (st != KG_OK && !p->failures)
        say("error", kg_strerror(st));
    return st == KG_OK ? EXIT_OK : EXIT_USAGE;
}

/* g to f in `format`, as the command and the options ask. */
static kg_status write_as(const kg_graph *g, const options *o,
                          const char *format, const kg_dot_options *dopts,
                          FILE *f, kg_figure *fig, unsigned long *undated)
{
    if (o->timeline && o->cmd == CMD_BUILD)
        return is_plain_dot(format) && !o->engine
                   ? kg_write_timeline(g, f, dopts, o->time_scale, undated)
                   : kg_render_timeline(g, dopts, o->time_scale, format, f,
                                        undated);
    if (o->cmd == CMD_STATS)
        return kg_write_stats(g, f, o->stats_format, (size_t)o->top);
    if (is_plain_dot(format) && !o->engine)
        return kg_write_dot(g, f, dopts);
    if (export_format(format) >= 0)
        return kg_write_export(g, f, (kg_export_format)export_format(format),
                               dopts);
    return kg_render_figure(g, dopts, format, o->engine, f, fig);
}

int write_graph(printer *p, const kg_graph *g, const options *o, kg_figure *fig)
{
    const char *format = output_format(o);
    if (strcmp(format, "neo4j") == 0)
        return write_neo4j(p, g, o);
    const char *name = o->output ? o->output : "standard output";
    kg_output *out = output_open(p, o->output ? o->output : "-", name);
    if (!out)
        return EXIT_USAGE;
    if (o->timeline && o->cmd == CMD_BUILD && export_format(format) >= 0) {
        kg_output_abort(out);
        p->output = NULL;
        return usage_error("--timeline draws a picture or DOT, not '%s'",
                           format);
    }
    /* exports write through stdio: a large buffer, fewer writes (the DOT
     * writer buffers itself).  Static, as standard output keeps it. */
    static char big[1 << 20];
    if (export_format(format) >= 0)
        setvbuf(kg_output_stream(out), big, _IOFBF, sizeof big);
    kg_dot_options dopts = write_dot_options(o);
    unsigned long undated = 0;
    kg_status st =
        write_as(g, o, format, &dopts, kg_output_stream(out), fig, &undated);
    int rc = output_close(p, out, st);
    if (rc == EXIT_OK && o->timeline && undated && !o->quiet)
        fprintf(stderr,
                "kgraph: timeline: %lu undated relation%s not on the "
                "timeline\n",
                undated, undated == 1 ? " is" : "s are");
    if (rc == EXIT_OK && o->legend_file && o->cmd == CMD_BUILD)
        rc = write_legend(p, g, o, dopts);
    return rc;
}
