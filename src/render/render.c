/*
 * render.c - kg_render and its kin: the public calls, which check what
 * they are asked, write the graph's DOT and hand the render to job.c
 * under the one Graphviz lock.
 *
 * kgraph's own DOT is the single description of the picture: it is
 * written to memory, parsed by cgraph and handed to Graphviz in this
 * process (gv.c) or in a bounded child (job.c, util/sandbox.c); how the figure
 * is laid out is layout.c's choice.  cgraph is only used in render/, for
 * the few thousand nodes a picture can hold; the store itself never
 * builds a cgraph graph.
 */
#include "render/render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graph/lifetime.h"
#include "graph/store.h"
#include "render/dottext.h"
#include "render/gv.h"
#include "render/job.h"
#include "render/reason.h"
#include "rules/style.h"

kg_status kg_render(const kg_graph *g, const kg_dot_options *opts,
                    const char *format, const char *engine, FILE *out)
{
    return kg_render_figure(g, opts, format, engine, out, NULL);
}

kg_status kg_render_figure(const kg_graph *g, const kg_dot_options *opts,
                           const char *format, const char *engine, FILE *out,
                           kg_figure *figure)
{
    char err[2048];
    kg_status st =
        kg_render_quiet(g, opts, format, engine, out, figure, err, sizeof err);
    if (g && st == KG_OK)
        kg_tell_lines(kg_graph_diag(g), KG_WARNING, err);
    else if (g && err[0])
        kg_fail(kg_graph_diag(g), st, "%s", err);
    return st;
}

/* The format by that name, or NULL after saying that kgraph does not
 * render it. */
static const kg_gv_format *format_offered(const char *format, char *err,
                                          size_t errlen)
{
    const kg_gv_format *f = kg_gv_format_find(format);
    if (!f)
        kg_reason_set(err, errlen, "kgraph does not render this format",
                      format);
    return f;
}

/* Appends the warning that the engine draws no cluster boxes. */
static void clusters_dropped(const kg_graph *g, const char *engine, char *err,
                             size_t errlen)
{
    const kg_diagsink *n = kg_graph_diag(g);
    char why[160];
    snprintf(why, sizeof why,
             "%s: %s draws no cluster boxes that hold only their members; "
             "drawn without them (use %s dot or fdp)",
             kg_setting_name(n, KG_SETTING_CLUSTER_BY), engine,
             kg_setting_name(n, KG_SETTING_ENGINE));
    kg_reason_add_lines(err, errlen, "", why);
}

/* Whether g's style sheet sets the graph's dpi. */
static int styled_dpi(const kg_graph *g)
{
    const kg_look *l = kg_style_defaults(kg_graph_style(g), KG_STYLE_GRAPH);
    for (size_t i = 0; l && i < l->n; i++)
        if (strcmp(l->keys[i], "dpi") == 0)
            return 1;
    return 0;
}

/* kg_render_quiet under the lock. */
static kg_status render_locked(const kg_graph *g, const kg_dot_options *opts,
                               const char *format, const char *engine,
                               FILE *out, kg_figure *figure, char *err,
                               size_t errlen)
{
    if (!g || !format || !out)
        return KG_ERR_USAGE;
    const kg_gv_format *f = format_offered(format, err, errlen);
    if (!f)
        return KG_ERR_USAGE;
    kg_dot_options o = opts ? *opts : kg_dot_defaults();
    o.dpi = kg_gv_dpi(f, o.dpi, o.page_width > 0, styled_dpi(g));
    const char *dropped = NULL; /* clusters the engine cannot draw */
    if (engine && o.cluster_by && strcmp(engine, "dot") != 0 &&
        strcmp(engine, "fdp") != 0) {
        dropped = engine;
        o.cluster_by = NULL;
    }
    kg_status st;
    kg_dot_options first = o; /* on a page, the key comes after the choice */
    if (first.page_width > 0)
        first.legend = 0;
    char *dot = kg_dottext_of(g, &first, f->picture, 0, &st);
    if (!dot)
        return st;
    kg_job j = {
        .layout = {.dot = dot,
                   .format = f,
                   .engine = engine,
                   .auto_engine = kg_auto_engine(g),
                   .page_w = o.page_width,
                   .page_h = o.page_height,
                   .page_either = o.page_either,
                   .legend = o.legend,
                   .graph = g,
                   .opts = &o,
                   .nodes = (long)kg_graph_stats(g).entities},
        .images = {kg_graph_settings(g)->images,
                   kg_setting_name(kg_graph_diag(g), KG_SETTING_IMAGES)},
        .names = kg_graph_diag(g),
        .page_unit = o.page_unit};
    st = kg_job_run(&j, out, o.timeout, o.max_memory, err, errlen);
    if (figure && st == KG_OK)
        *figure = j.figure;
    if (dropped && st == KG_OK)
        clusters_dropped(g, dropped, err, errlen);
    free(dot);
    return st;
}

kg_status kg_render_quiet(const kg_graph *g, const kg_dot_options *opts,
                          const char *format, const char *engine, FILE *out,
                          kg_figure *figure, char *err, size_t errlen)
{
    if (err && errlen)
        err[0] = '\0';
    kg_clock c = kg_graph_clock(g);
    kg_gv_lock();
    kg_status st =
        render_locked(g, opts, format, engine, out, figure, err, errlen);
    kg_gv_unlock();
    kg_graph_timed(g, c, "render", format);
    return st;
}

kg_status kg_render_text(const char *dot, const kg_dot_options *opts,
                         const char *format, const char *engine, FILE *out,
                         char *err, size_t errlen)
{
    if (err && errlen)
        err[0] = '\0';
    if (!dot || !out || !engine)
        return KG_ERR_USAGE;
    const kg_gv_format *f = format_offered(format, err, errlen);
    if (!f)
        return KG_ERR_USAGE;
    char *shown = f->picture ? kg_dottext_shown(dot) : kg_strdup(dot);
    if (!shown)
        return KG_ERR_NOMEM;
    kg_dot_options o = opts ? *opts : kg_dot_defaults();
    kg_job j = {.layout = {.dot = shown,
                           .format = f,
                           .engine = engine,
                           .auto_engine = engine,
                           .page_w = o.page_width,
                           .page_h = o.page_height,
                           .page_either = o.page_either,
                           .opts = &o},
                .page_unit = o.page_unit};
    kg_gv_lock();
    kg_status st = kg_job_run(&j, out, o.timeout, o.max_memory, err, errlen);
    kg_gv_unlock();
    free(shown);
    return st;
}

int kg_render_has_format(const char *format, char *known, size_t knownlen)
{
    return format && kg_gv_has_plugin("device", format, known, knownlen);
}

int kg_render_has_engine(const char *engine, char *known, size_t knownlen)
{
    return engine && kg_gv_has_plugin("layout", engine, known, knownlen);
}
