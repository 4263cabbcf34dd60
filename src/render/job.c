/*
 * job.c - one render, here or in the bounded child (job.h).
 *
 * Graphviz cannot be interrupted or trusted with memory, so the child
 * lays out, renders and writes to the caller's descriptor itself, and
 * sends back a reply: its status, the figure and its message.  What a
 * child that sent no reply died of is told here, in Graphviz's terms.
 */
#include "render/job.h"

#include <errno.h>
#include <gvc.h>
#include <stdio.h>
#include <string.h>

#include "render/gv.h"
#include "render/origin.h"
#include "render/reason.h"
#include "render/sandbox.h"

/* Adds to the reason an SVG was refused the input row of the entity or
 * relation whose drawing holds the problem, when there is one. */
static void name_the_row(const kg_job *j, const kg_gv_data *d, char *err,
                         size_t errlen)
{
    char row[512];
    if (kg_origin_in_svg(j->layout.graph, d->bytes, d->len, d->problem, row,
                         sizeof row) == 0) {
        size_t used = strlen(err);
        snprintf(err + used, errlen - used, " (drawing %s)", row);
    }
}

/* Lays out and renders into d, and checks the result; on failure the
 * reason in err.  d is for kg_gv_data_free after. */
static kg_status render_data(kg_job *j, kg_gv_data *d, char *err, size_t errlen)
{
    if (!kg_gv_context()) {
        kg_reason_set(err, errlen, "cannot start Graphviz", "");
        return KG_ERR_RENDER;
    }
    Agraph_t *g = kg_layout_choose(&j->layout, &j->figure, err, errlen);
    if (!g)
        return KG_ERR_RENDER;
    kg_status st = kg_gv_render(g, j->layout.format, &j->images, j->names,
                                j->page_unit, d, err, errlen);
    agclose(g); /* the graph and what layout hung on it (layout.h) */
    if (d->refused)
        name_the_row(j, d, err, errlen);
    return st;
}

/* Renders in this process: Graphviz's messages kept, not printed. */
static kg_status render_here(kg_job *j, FILE *out, char *err, size_t errlen)
{
    kg_gv_data d = {0};
    kg_gv_forget();
    agusererrf previous = kg_gv_listen();
    kg_status st = render_data(j, &d, err, errlen);
    agseterrf(previous);
    if (st == KG_OK && (fwrite(d.bytes, 1, d.len, out) != d.len ||
                        fflush(out) != 0 || ferror(out))) {
        kg_reason_set(err, errlen, "cannot write", strerror(errno));
        st = KG_ERR_IO;
    }
    if (st == KG_OK)
        kg_reason_set(err, errlen, "", kg_gv_warnings());
    kg_gv_data_free(&d);
    return st;
}

/* ---- In the child ---- */

/* What the child sends back. */
typedef struct reply {
    int status; /* a kg_status */
    kg_figure figure;
    char message[1536];
} reply;

/* The job as the child sees it: the render, and where its bytes go. */
typedef struct child_job {
    kg_job *job;
    int fd;
} child_job;

/* Renders a graph of one node with the job's engine and format, so that
 * Graphviz loads its plugins, fonts and threads before the memory limit:
 * what is left to limit is the work the graph itself makes. */
static void warm_up(void *ctx)
{
    const kg_layout_spec *s = &((child_job *)ctx)->job->layout;
    kg_job w = {.layout = {.dot = "digraph { a [label=\"a\", "
                                  "pos=\"0,0!\"]; }", /* nop too */
                           .format = s->format,
                           .engine = s->engine ? s->engine : s->auto_engine,
                           .auto_engine = s->auto_engine}};
    kg_gv_data d = {0};
    char ignored[256];
    render_data(&w, &d, ignored, sizeof ignored);
    kg_gv_data_free(&d);
    kg_gv_forget();
}

/* The render itself, under the limits: the bytes to the caller's
 * descriptor, the rest in the reply. */
static void render_in_child(void *ctx, void *into)
{
    child_job *c = ctx;
    reply *r = into;
    kg_gv_data d = {0};
    kg_gv_forget();
    kg_gv_listen(); /* for good: the child ends after this */
    r->status = render_data(c->job, &d, r->message, sizeof r->message);
    r->figure = c->job->figure;
    if (r->status == KG_OK && kg_sandbox_write_all(c->fd, d.bytes, d.len)) {
        r->status = KG_ERR_IO;
        kg_reason_set(r->message, sizeof r->message, "cannot write",
                      strerror(errno));
    } else if (r->status == KG_OK) {
        kg_reason_set(r->message, sizeof r->message, "", kg_gv_warnings());
    }
    kg_gv_data_free(&d);
}

/* ---- In the parent ---- */

/* Whether what a failed child said looks like the memory limit: an
 * allocation, a thread or a plugin that could not be had. */
static int short_of_memory(const char *text)
{
    static const char *const signs[] = {"memory", "alloc", "thread",
                                        "not recognized", "Cannot"};
    for (size_t i = 0; i < sizeof signs / sizeof *signs; i++)
        if (strstr(text, signs[i]))
            return 1;
    return 0;
}

static void out_of_memory(const kg_job *j, size_t memory, const char *detail,
                          char *err, size_t errlen)
{
    char what[160];
    snprintf(what, sizeof what,
             "Graphviz ran out of memory (it may use %zu MB: %s)", memory >> 20,
             kg_setting_name(j->names, KG_SETTING_MAX_MEMORY));
    kg_reason_set(err, errlen, what, detail);
}

/* The reason a child that sent no reply stopped; `text` is what it wrote
 * to its standard error. */
static void stopped(const kg_job *j, kg_sandbox_end end, const char *text,
                    size_t memory, char *err, size_t errlen)
{
    char what[160];
    if (short_of_memory(text)) {
        out_of_memory(j, memory, text, err, errlen);
        return;
    }
    if (end.signal) /* Graphviz rarely checks malloc */
        snprintf(what, sizeof what,
                 "Graphviz crashed (%s); if the graph is large, it may have "
                 "run out of the %zu MB it may use (%s)",
                 strsignal(end.signal), memory >> 20,
                 kg_setting_name(j->names, KG_SETTING_MAX_MEMORY));
    else
        snprintf(what, sizeof what,
                 "Graphviz stopped without finishing (exit status %d)",
                 end.exit_status);
    kg_reason_set(err, errlen, what, text);
}

/* The child's reply, and its standard error (Pango's complaints and the
 * like) added to the warnings. */
static kg_status replied(kg_job *j, const reply *r, const char *text,
                         size_t memory, char *err, size_t errlen)
{
    kg_reason_set(err, errlen, "", r->message);
    if (r->status == KG_OK)
        kg_reason_add_lines(err, errlen, "Graphviz: ", text);
    if (r->status == KG_ERR_RENDER && short_of_memory(r->message))
        out_of_memory(j, memory, r->message, err, errlen);
    j->figure = r->figure;
    return (kg_status)r->status;
}

/* The reason a layout ran out of time, with what could be tried. */
static void late(const kg_job *j, unsigned timeout, char *err, size_t errlen)
{
    const kg_diagsink *n = j->names;
    /* without a forced engine: the one kgraph's size rule chose */
    const char *engine =
        j->layout.engine ? j->layout.engine : j->layout.auto_engine;
    snprintf(err, errlen,
             "layout with %s took longer than %u seconds; try a longer %s, "
             "another engine (%s), or a smaller part of the graph (%s, %s)",
             engine ? engine : "Graphviz", timeout,
             kg_setting_name(n, KG_SETTING_TIMEOUT),
             kg_setting_name(n, KG_SETTING_ENGINE),
             kg_setting_name(n, KG_SETTING_FOCUS),
             kg_setting_name(n, KG_SETTING_TYPES));
}

static kg_status render_bounded(kg_job *j, FILE *out, unsigned timeout,
                                size_t memory, char *err, size_t errlen)
{
    if (fflush(out) != 0) {
        kg_reason_set(err, errlen, "cannot write", strerror(errno));
        return KG_ERR_IO;
    }
    child_job c = {j, fileno(out)};
    kg_sandbox s = {.timeout = timeout,
                    .memory = memory,
                    .prepare = warm_up,
                    .run = render_in_child,
                    .ctx = &c,
                    .reply_size = sizeof(reply)};
    reply r;
    char text[2048];
    kg_sandbox_end end = kg_sandbox_run(&s, &r, text, sizeof text);
    switch (end.how) {
    case KG_SANDBOX_UNSTARTED: return render_here(j, out, err, errlen);
    case KG_SANDBOX_LATE: late(j, timeout, err, errlen); return KG_ERR_RENDER;
    case KG_SANDBOX_STOPPED:
        stopped(j, end, text, memory, err, errlen);
        return KG_ERR_RENDER;
    case KG_SANDBOX_REPLIED: break;
    }
    return replied(j, &r, text, memory, err, errlen);
}

kg_status kg_job_run(kg_job *j, FILE *out, unsigned timeout, size_t max_memory,
                     char *err, size_t errlen)
{
    if (fileno(out) < 0)
        return render_here(j, out, err, errlen);
    size_t memory = max_memory ? max_memory : kg_sandbox_default_memory();
    return render_bounded(j, out, timeout, memory, err, errlen);
}
