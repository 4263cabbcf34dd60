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
#include <gvc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kgraph.h"

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
    Agraph_t *g = agmemread(dot);
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
        gvFreeLayout(gvc, g);
    }
    if (g)
        agclose(g);
    gvFreeContext(gvc);
    return st;
}

kg_status kg_render(const kg_graph *g, const kg_dot_options *opts,
                    const char *format, const char *engine, FILE *out,
                    char *err, size_t errlen)
{
    if (!g || !format || !out)
        return KG_ERR_USAGE;
    char *dot = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&dot, &len);
    if (!mem)
        return KG_ERR_NOMEM;
    kg_status st = kg_write_dot(g, mem, opts);
    if (fclose(mem) != 0 && st == KG_OK)
        st = KG_ERR_NOMEM;
    if (st == KG_OK) {
        gv_messages[0] = '\0';
        agusererrf previous = agseterrf(capture);
        st =
            render_text(dot, format, engine ? engine : "dot", out, err, errlen);
        agseterrf(previous);
        if (st == KG_OK && (fflush(out) != 0 || ferror(out)))
            st = KG_ERR_IO;
    }
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
