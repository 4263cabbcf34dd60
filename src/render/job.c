/*
 * job.c - one render, here or in the bounded child (job.h).
 *
 * Graphviz cannot be interrupted or trusted with memory, so the child
 * lays out, renders and writes to the caller's descriptor itself, and
 * sends back a reply: its status, the figure and its message.  What a
 * child that sent no reply died of is told here, in Graphviz's terms,
 * naming the engine it was running (a record the two share).  When the
 * engine kgraph chose fails or runs out of time, the next one draws the
 * figure within what is left of the time.
 */
#include "render/job.h"

#include <errno.h>
#include <gvc.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "render/gv.h"
#include "render/origin.h"
#include "render/reason.h"
#include "util/sandbox.h"

/* The engine a message names: the layout that was running, else the
 * engine asked for. */
static const char *engine_of(const kg_job *j)
{
    const kg_layout_progress *p = j->layout.progress;
    if (p && p->engine[0])
        return p->engine;
    if (j->layout.engine)
        return j->layout.engine;
    return j->layout.auto_engine ? j->layout.auto_engine : "Graphviz";
}

/* Adds to the reason a laid-out graph could not be rendered the layout
 * used and, for an SVG the gate refused, the input row of the entity or
 * relation whose drawing holds the problem, when there is one. */
static void say_what_was_drawn(const kg_job *j, const kg_gv_data *d, char *err,
                               size_t errlen)
{
    char row[512];
    size_t used = strlen(err);
    if (d->refused && kg_origin_in_svg(j->layout.graph, d->bytes, d->len,
                                       d->problem, row, sizeof row) == 0)
        snprintf(err + used, errlen - used, " (laid out with %s, drawing %s)",
                 j->figure.engine, row);
    else
        snprintf(err + used, errlen - used, " (laid out with %s)",
                 j->figure.engine);
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
    if (j->layout.progress)
        j->layout.progress->done = 1;
    kg_status st = kg_gv_render(g, j->layout.format, &j->images, j->names,
                                j->page_unit, d, err, errlen);
    agclose(g); /* the graph and what layout hung on it (layout.h) */
    if (st != KG_OK)
        say_what_was_drawn(j, d, err, errlen);
    return st;
}

/* How one try ended: its status, and whether it was the engine that
 * failed (ran out of time or memory or crashed while laying out, or
 * Graphviz said its layout failed), which another engine may not. */
typedef struct outcome {
    kg_status st;
    int engine_failed;
    int late;
} outcome;

/* Renders in this process: Graphviz's messages kept, not printed. */
static outcome render_here(kg_job *j, FILE *out, char *err, size_t errlen)
{
    kg_gv_data d = {0};
    kg_gv_forget();
    agusererrf previous = kg_gv_listen();
    outcome o = {render_data(j, &d, err, errlen), 0, 0};
    agseterrf(previous);
    if (o.st == KG_OK && (fwrite(d.bytes, 1, d.len, out) != d.len ||
                          fflush(out) != 0 || ferror(out))) {
        kg_reason_set(err, errlen, "cannot write", strerror(errno));
        o.st = KG_ERR_IO;
    }
    if (o.st == KG_OK)
        kg_reason_set(err, errlen, "", kg_gv_warnings());
    o.engine_failed = o.st != KG_OK && j->layout.progress->failed;
    kg_gv_data_free(&d);
    return o;
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

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

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
    char what[192];
    snprintf(what, sizeof what,
             "Graphviz ran out of memory drawing with %s (it may use %zu "
             "MB: %s)",
             engine_of(j), memory >> 20,
             kg_setting_name(j->names, KG_SETTING_MAX_MEMORY));
    kg_reason_set(err, errlen, what, detail);
}

/* The reason a child that sent no reply stopped; `text` is what it wrote
 * to its standard error. */
static void stopped(const kg_job *j, kg_sandbox_end end, const char *text,
                    size_t memory, char *err, size_t errlen)
{
    char what[224];
    if (short_of_memory(text)) {
        out_of_memory(j, memory, text, err, errlen);
        return;
    }
    if (end.signal) /* Graphviz rarely checks malloc */
        snprintf(what, sizeof what,
                 "Graphviz crashed drawing with %s (%s); if the graph is "
                 "large, it may have run out of the %zu MB it may use (%s)",
                 engine_of(j), strsignal(end.signal), memory >> 20,
                 kg_setting_name(j->names, KG_SETTING_MAX_MEMORY));
    else
        snprintf(what, sizeof what,
                 "Graphviz stopped without finishing drawing with %s (exit "
                 "status %d)",
                 engine_of(j), end.exit_status);
    kg_reason_set(err, errlen, what, text);
}

/* The child's reply, and its standard error (Pango's complaints and the
 * like) added to the warnings. */
static outcome replied(kg_job *j, const reply *r, const char *text,
                       size_t memory, char *err, size_t errlen)
{
    outcome o = {(kg_status)r->status, 0, 0};
    kg_reason_set(err, errlen, "", r->message);
    if (o.st == KG_OK)
        kg_reason_add_lines(err, errlen, "Graphviz: ", text);
    if (o.st == KG_ERR_RENDER && short_of_memory(r->message)) {
        out_of_memory(j, memory, r->message, err, errlen);
        o.engine_failed = !j->layout.progress->done;
    }
    o.engine_failed |= o.st != KG_OK && j->layout.progress->failed;
    j->figure = r->figure;
    return o;
}

/* Seconds from milliseconds, as a message says them ("45", "7.5"). */
static void seconds(char *buf, size_t len, unsigned long ms)
{
    if (ms % 1000 == 0)
        snprintf(buf, len, "%lu", ms / 1000);
    else
        snprintf(buf, len, "%.1f", (double)ms / 1000);
}

/* The reason a layout ran out of time. */
static void late(const kg_job *j, unsigned long ms, char *err, size_t errlen)
{
    char s[32];
    seconds(s, sizeof s, ms);
    snprintf(err, errlen, "layout with %s took longer than %s seconds",
             engine_of(j), s);
}

/* What could be tried when time ran out at last. */
static void add_hint(const kg_job *j, char *err, size_t errlen)
{
    const kg_diagsink *n = j->names;
    size_t used = strlen(err);
    snprintf(err + used, errlen - used,
             "; try a longer %s, another engine (%s), or a smaller part of "
             "the graph (%s, %s)",
             kg_setting_name(n, KG_SETTING_TIMEOUT),
             kg_setting_name(n, KG_SETTING_ENGINE),
             kg_setting_name(n, KG_SETTING_FOCUS),
             kg_setting_name(n, KG_SETTING_TYPES));
}

/* When the child died (end) while laying out a candidate of a page's
 * trial, before the render: that candidate marked failed (or failed with
 * the key) and a note saying why, a line in the progress record, and 1:
 * another child goes on with the next candidate.  Else 0. */
static int candidate_died(const kg_job *j, kg_sandbox_end end, const char *text,
                          size_t memory)
{
    kg_layout_progress *p = j->layout.progress;
    int i = p->running - 1;
    if (end.how != KG_SANDBOX_STOPPED || p->done || p->candidates < 2 ||
        i < 0 || i >= KG_LAYOUT_CANDIDATES)
        return 0;
    char why[160];
    if (short_of_memory(text))
        snprintf(why, sizeof why, "ran out of the %zu MB it may use (%s)",
                 memory >> 20,
                 kg_setting_name(j->names, KG_SETTING_MAX_MEMORY));
    else if (end.signal)
        snprintf(why, sizeof why, "crashed (signal %d, %s)", end.signal,
                 strsignal(end.signal));
    else
        snprintf(why, sizeof why, "stopped (exit status %d)", end.exit_status);
    size_t used = strlen(p->notes);
    snprintf(p->notes + used, sizeof p->notes - used,
             "%slayout candidate \"%s\"%s %s; skipped", used ? "\n" : "",
             p->engine, p->keyed ? " with the key" : "", why);
    p->marks[i].state = p->keyed ? KG_LAYOUT_KEY_FAILED : KG_LAYOUT_FAILED;
    p->running = p->keyed = p->failed = 0;
    return 1;
}

static outcome render_bounded(kg_job *j, FILE *out, unsigned long timeout_ms,
                              size_t memory, char *err, size_t errlen)
{
    if (fflush(out) != 0) {
        kg_reason_set(err, errlen, "cannot write", strerror(errno));
        return (outcome){KG_ERR_IO, 0, 0};
    }
    child_job c = {j, fileno(out)};
    kg_sandbox s = {.timeout_ms = timeout_ms,
                    .memory = memory,
                    .prepare = warm_up,
                    .run = render_in_child,
                    .ctx = &c,
                    .reply_size = sizeof(reply)};
    reply r;
    char text[2048];
    kg_sandbox_end end;
    long long start = now_ms();
    /* a child that died in a candidate: the next child skips it, within
     * what is left of the time (each candidate dies at most twice: laid
     * out, then with the key) */
    for (int tries = 0;; tries++) {
        end = kg_sandbox_run(&s, &r, text, sizeof text);
        long long used = now_ms() - start;
        if (tries >= 2 * KG_LAYOUT_CANDIDATES ||
            !candidate_died(j, end, text, memory))
            break;
        if (timeout_ms && used >= (long long)timeout_ms) {
            end.how = KG_SANDBOX_LATE;
            break;
        }
        if (timeout_ms)
            s.timeout_ms = timeout_ms - (unsigned long)used;
    }
    switch (end.how) {
    case KG_SANDBOX_UNSTARTED: return render_here(j, out, err, errlen);
    case KG_SANDBOX_LATE:
        late(j, timeout_ms, err, errlen);
        return (outcome){KG_ERR_RENDER, !j->layout.progress->done, 1};
    case KG_SANDBOX_STOPPED:
    case KG_SANDBOX_CUT: /* no stream: never */
        stopped(j, end, text, memory, err, errlen);
        return (outcome){KG_ERR_RENDER, !j->layout.progress->done, 0};
    case KG_SANDBOX_REPLIED: break;
    }
    return replied(j, &r, text, memory, err, errlen);
}

/* ---- Trying one engine, then the next ---- */

/* One try with the job's engine, bounded when `bounded`. */
static outcome attempt(kg_job *j, FILE *out, int bounded,
                       unsigned long timeout_ms, size_t memory, char *err,
                       size_t errlen)
{
    memset(j->layout.progress, 0, sizeof *j->layout.progress);
    return bounded ? render_bounded(j, out, timeout_ms, memory, err, errlen)
                   : render_here(j, out, err, errlen);
}

/* The engine to try when the one kgraph chose failed: sfdp after dot
 * (what dot cannot lay out in time, sfdp draws in seconds); on a page
 * with clusters, whose boxes only the first attempt's candidates draw
 * (dot's, kgraph's own: layout.c), the engine kgraph's size rule chose
 * (without the boxes); else none.  An engine the caller named
 * is kept: its failure is the answer. */
static const char *next_engine(const kg_job *j)
{
    const kg_layout_spec *s = &j->layout;
    const char *chosen = s->auto_engine;
    if (s->engine || !chosen)
        return NULL;
    if (strcmp(chosen, "dot") == 0)
        return "sfdp";
    return s->page_w > 0 && s->opts && s->opts->cluster_by ? chosen : NULL;
}

/* After the first engine failed (err says why), the next within what is
 * left of the time (`left_ms`; 0: no limit): on success, why the first
 * failed is the first warning. */
static outcome fall_back(kg_job *j, FILE *out, int bounded, const char *next,
                         unsigned long left_ms, size_t memory, char *err,
                         size_t errlen)
{
    char first[1024];
    snprintf(first, sizeof first, "%s", err);
    const char *chose = j->layout.auto_engine;
    j->layout.auto_engine = next;
    j->layout.failed = chose;
    outcome o = attempt(j, out, bounded, left_ms, memory, err, errlen);
    j->layout.auto_engine = chose;
    j->layout.failed = NULL;
    char then[1536];
    snprintf(then, sizeof then, "%s", err);
    if (o.st == KG_OK) {
        const kg_layout_spec *s = &j->layout;
        int boxes = s->opts && s->opts->cluster_by; /* not drawn now */
        snprintf(err, errlen, "%s; drawn with %s instead%s", first, next,
                 boxes ? ", without the cluster boxes" : "");
        kg_reason_add_lines(err, errlen, "", then);
    } else {
        snprintf(err, errlen, "%s; then %s", first, then);
    }
    return o;
}

/* Puts the layouts skipped on the way (the layout's notes) before the
 * warnings in err. */
static void say_skipped(const kg_job *j, char *err, size_t errlen)
{
    const char *notes = j->layout.progress->notes;
    if (!notes[0])
        return;
    char warnings[1536];
    snprintf(warnings, sizeof warnings, "%s", err);
    snprintf(err, errlen, "%s", notes);
    kg_reason_add_lines(err, errlen, "", warnings);
}

kg_status kg_job_run(kg_job *j, FILE *out, unsigned timeout, size_t max_memory,
                     char *err, size_t errlen)
{
    int bounded = fileno(out) >= 0;
    size_t memory = max_memory ? max_memory : kg_sandbox_default_memory();
    kg_layout_progress here, *shared = NULL;
    memset(&here, 0, sizeof here);
    if (bounded) /* what the child was doing, also when it was killed */
        shared = kg_sandbox_shared(sizeof *shared);
    j->layout.progress = shared ? shared : &here;
    const char *next = next_engine(j);
    /* the first engine gets three quarters of the time when another can
     * follow, which the whole attempt keeps within */
    unsigned long total = (unsigned long)timeout * 1000,
                  first = next ? total / 4 * 3 : total;
    long long start = now_ms();
    outcome o = attempt(j, out, bounded, first, memory, err, errlen);
    unsigned long used = (unsigned long)(now_ms() - start);
    if (o.st != KG_OK && o.engine_failed && next && (!total || used < total))
        o = fall_back(j, out, bounded, next, total ? total - used : 0, memory,
                      err, errlen);
    if (o.st != KG_OK && o.late)
        add_hint(j, err, errlen);
    if (o.st == KG_OK)
        say_skipped(j, err, errlen);
    kg_layout_tries_say(j->names, &j->layout.progress->tries);
    j->layout.progress = NULL;
    kg_sandbox_shared_free(shared, sizeof *shared);
    return o.st;
}
