/*
 * render.c - laying out and rendering in-process with Graphviz (libgvc).
 *
 * kgraph's own DOT is the single description of the picture: it is written
 * to memory, parsed by cgraph and handed to gvLayout/gvRender, so that a
 * rendered file and `dot -T` on relations.dot always agree.  cgraph is only
 * used here, for the few thousand nodes a picture can hold; the store
 * itself never builds a cgraph graph.
 *
 * Graphviz reports problems through one global callback (agseterrf), so
 * kg_render is not safe to call from two threads at once.
 */
#include <errno.h>
#include <gvc.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <time.h>
#include <unistd.h>

#include "dotread.h"
#include "graph.h"
#include "kgraph.h"

/* dot is the most readable layout, but its time grows fast with the edges
 * that do not fit a tree (measured here with labelled edges on random
 * graphs: 100 nodes + 100 extra edges 0.5 s, 150 + 150 6 s, 300 + 300 95 s;
 * 800 nodes + 100 extra 0.4 s).  sfdp draws thousands of nodes in
 * seconds. */
enum { KG_DOT_MAX_NODES = 800, KG_DOT_MAX_EXTRA_EDGES = 100 };

static char gv_messages[1024];

/* Keeps Graphviz's messages instead of letting it print them. */
static int capture(char *msg)
{
    if (strncmp(msg, "Warning: ", 9) == 0)
        msg += 9;
    else if (strncmp(msg, "Error: ", 7) == 0)
        msg += 7;
    size_t used = strlen(gv_messages);
    if (used + 1 < sizeof gv_messages)
        snprintf(gv_messages + used, sizeof gv_messages - used, "%s", msg);
    return 0;
}

/* `what`, then what Graphviz said, on one line. */
static void set_error(char *err, size_t errlen, const char *what)
{
    if (!err || !errlen)
        return;
    size_t n = strlen(gv_messages);
    while (n && (gv_messages[n - 1] == '\n' || gv_messages[n - 1] == ' '))
        gv_messages[--n] = '\0';
    for (char *p = gv_messages; *p; p++)
        if (*p == '\n')
            *p = ' ';
    snprintf(err, errlen, "%s%s%s", what, n && *what ? ": " : "", gv_messages);
}

/* Sets a graph attribute unless the DOT (a style sheet) set it. */
static void default_attr(Agraph_t *g, const char *name, const char *value)
{
    Agsym_t *sym = agattr(g, AGRAPH, (char *)name, NULL);
    if (!sym || !agxget(g, sym)[0])
        agattr(g, AGRAPH, (char *)name, (char *)value);
}

/* For neato, fdp and sfdp: no overlapping nodes (prism keeps the shape of
 * the layout), room around labels, straight lines (splines are slow on
 * big graphs and rarely clearer there), edges under nodes. */
static void tune_for_force_layout(Agraph_t *g)
{
    default_attr(g, "overlap", "prism");
    default_attr(g, "sep", "+8");
    default_attr(g, "splines", "false");
    default_attr(g, "outputorder", "edgesfirst");
}

static kg_status render_text(const char *dot, const char *format,
                             const char *engine, FILE *out, char *err,
                             size_t errlen)
{
    GVC_t *gvc = gvContext();
    if (!gvc) {
        set_error(err, errlen, "cannot start Graphviz");
        return KG_ERR_RENDER;
    }
    kg_status st = KG_OK;
    Agraph_t *g = kg_dot_read(dot);
    if (g && strcmp(engine, "dot") != 0)
        tune_for_force_layout(g);
    if (!g) {
        set_error(err, errlen, "Graphviz could not read the DOT");
        st = KG_ERR_RENDER;
    } else if (gvLayout(gvc, g, engine) != 0) {
        set_error(err, errlen, "layout failed");
        st = KG_ERR_RENDER;
    } else {
        if (gvRender(gvc, g, format, out) != 0) {
            set_error(err, errlen, "rendering failed");
            st = KG_ERR_RENDER;
        } else {
            set_error(err, errlen, ""); /* the warnings, if any */
        }
        /* no gvFreeLayout: in 2.43 dot's cleanup frees twice on a graph
         * with a cluster holding a rank=same subgraph (our legend);
         * agclose frees the graph and what layout hung on it */
    }
    if (g)
        agclose(g);
    gvFreeContext(gvc);
    return st;
}

const char *kg_auto_engine(const kg_graph *g)
{
    kg_stats s = kg_graph_stats(g);
    if (s.entities <= KG_DOT_MAX_NODES &&
        s.relations <= s.entities + KG_DOT_MAX_EXTRA_EDGES)
        return "dot";
    return "sfdp";
}

static kg_status render_here(const char *dot, const char *format,
                             const char *engine, FILE *out, char *err,
                             size_t errlen)
{
    gv_messages[0] = '\0';
    agusererrf previous = agseterrf(capture);
    kg_status st = render_text(dot, format, engine, out, err, errlen);
    agseterrf(previous);
    if (st == KG_OK && (fflush(out) != 0 || ferror(out)))
        st = KG_ERR_IO;
    return st;
}

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Reads the child's message until it closes the pipe or time runs out.
 * Returns 0, or -1 on timeout. */
static int read_message(int fd, char *msg, size_t len, long long deadline)
{
    size_t used = 0;
    for (;;) {
        long long left = deadline - now_ms();
        if (left <= 0)
            return -1;
        struct pollfd p = {fd, POLLIN, 0};
        int r = poll(&p, 1, left > 1000 ? 1000 : (int)left);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            continue;
        ssize_t n = read(fd, msg + used, len - 1 - used);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        used += (size_t)n;
        if (used + 1 >= len)
            break;
    }
    msg[used] = '\0';
    return 0;
}

/*
 * Graphviz cannot be interrupted, so a time limit needs a process: the
 * child lays out and renders to the same output, then sends back its
 * status and messages ("S" + status + text) through a pipe.
 */
static kg_status render_bounded(const char *dot, const char *format,
                                const char *engine, FILE *out, unsigned timeout,
                                char *err, size_t errlen)
{
    int fds[2];
    if (fflush(out) != 0 || pipe(fds) != 0)
        return KG_ERR_IO;
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return render_here(dot, format, engine, out, err, errlen);
    }
    if (pid == 0) {
#ifdef __linux__
        prctl(PR_SET_PDEATHSIG, SIGKILL); /* do not outlive the caller */
        if (getppid() == 1)
            _exit(1);
#endif
        close(fds[0]);
        char msg[1100];
        kg_status st =
            render_here(dot, format, engine, out, msg + 2, sizeof msg - 2);
        msg[0] = 'S';
        msg[1] = (char)('0' + st);
        ssize_t ignored = write(fds[1], msg, 2 + strlen(msg + 2));
        (void)ignored;
        _exit(0);
    }
    close(fds[1]);
    char msg[1100];
    long long deadline =
        timeout ? now_ms() + (long long)timeout * 1000 : (long long)1 << 62;
    int late = read_message(fds[0], msg, sizeof msg, deadline);
    close(fds[0]);
    if (late)
        kill(pid, SIGKILL);
    while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
        continue;
    if (late) {
        snprintf(err, errlen,
                 "layout with %s took longer than %u seconds; try another "
                 "engine (-K sfdp), a longer --timeout, or a smaller graph",
                 engine, timeout);
        return KG_ERR_RENDER;
    }
    if (msg[0] != 'S' || msg[1] < '0' || msg[1] > '9') {
        snprintf(err, errlen, "Graphviz stopped without finishing");
        return KG_ERR_RENDER;
    }
    snprintf(err, errlen, "%s", msg + 2);
    return (kg_status)(msg[1] - '0');
}

kg_status kg_render(const kg_graph *g, const kg_dot_options *opts,
                    const char *format, const char *engine, FILE *out,
                    char *err, size_t errlen)
{
    if (!g || !format || !out)
        return KG_ERR_USAGE;
    if (!engine)
        engine = kg_auto_engine(g);
    char *dot = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&dot, &len);
    if (!mem)
        return KG_ERR_NOMEM;
    kg_status st = kg_write_dot(g, mem, opts);
    if (fclose(mem) != 0 && st == KG_OK)
        st = KG_ERR_NOMEM;
    /* A stream with a file descriptor is rendered in a child process,
     * which bounds the time and keeps a Graphviz crash or leak away from
     * the caller; a memory stream can only be rendered here. */
    unsigned timeout = opts ? opts->timeout : 0;
    if (st == KG_OK && fileno(out) >= 0)
        st = render_bounded(dot, format, engine, out, timeout, err, errlen);
    else if (st == KG_OK)
        st = render_here(dot, format, engine, out, err, errlen);
    free(dot);
    return st;
}

/* Looks `name` up among Graphviz's plugins of `kind` ("device", "layout"). */
static int has_plugin(const char *kind, const char *name, char *known,
                      size_t knownlen)
{
    if (known && knownlen)
        known[0] = '\0';
    GVC_t *gvc = gvContext();
    if (!gvc)
        return 0;
    int n = 0, found = 0;
    char **list = gvPluginList(gvc, kind, &n, NULL);
    size_t used = 0;
    for (int i = 0; i < n; i++) {
        if (strcmp(list[i], name) == 0)
            found = 1;
        if (known && used + strlen(list[i]) + 2 < knownlen)
            used += (size_t)snprintf(known + used, knownlen - used, "%s%s",
                                     used ? " " : "", list[i]);
        free(list[i]);
    }
    free(list);
    gvFreeContext(gvc);
    return found;
}

int kg_render_has_format(const char *format, char *known, size_t knownlen)
{
    return format && has_plugin("device", format, known, knownlen);
}

int kg_render_has_engine(const char *engine, char *known, size_t knownlen)
{
    return engine && has_plugin("layout", engine, known, knownlen);
}
