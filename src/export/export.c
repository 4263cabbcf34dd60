/*
 * export.c - the graph for other tools (export.h): the public calls,
 * which check their arguments, pick the format and run it.
 */
#include "export/export.h"

#include <stdlib.h>

#include "export/cyjs.h"
#include "export/exporter_int.h"
#include "export/ftm.h"
#include "export/gexf.h"
#include "export/graphml.h"
#include "export/neo4j.h"
#include "graph/lifetime.h"
#include "util/diag.h"

/* The format `fmt` names, or NULL. */
static const kg_export_backend *backend_of(kg_export_format fmt)
{
    switch (fmt) {
    case KG_EXPORT_GRAPHML: return &kg_export_graphml;
    case KG_EXPORT_GEXF: return &kg_export_gexf13;
    case KG_EXPORT_GEXF12: return &kg_export_gexf12;
    case KG_EXPORT_CYJS: return &kg_export_cyjs;
    case KG_EXPORT_FTM: return &kg_export_ftm;
    }
    return NULL;
}

/* Writes g with format b to out; 0, or -1 when out of memory. */
static int write_with(const kg_export_backend *b, const kg_graph *g,
                      kg_out *out, const kg_dot_options *opts)
{
    kg_exporter x;
    int rc = kg_exporter_init(&x, g, out, opts ? opts->cluster_by : NULL);
    if (rc == 0 && b->positions && !(opts && opts->no_layout))
        rc = kg_positions_of(g, opts, &x.pos);
    if (rc == 0 && b->opening)
        rc = kg_export_openings(&x, b->opening);
    if (rc == 0)
        b->write(&x);
    if (x.replaced) /* the diagnostics are the one thing a writer changes */
        kg_warn(kg_graph_diag(g), "xml-replaced", "<export>", 0, 0,
                "%lu characters XML cannot hold (control characters) "
                "were written as U+FFFD",
                x.replaced);
    rc |= x.nomem;
    kg_exporter_free(&x);
    return rc ? -1 : 0;
}

static kg_status write_export(const kg_graph *g, FILE *stream,
                              kg_export_format fmt, const kg_dot_options *opts);

/* The format's name, for its timing. */
static const char *format_name(kg_export_format fmt)
{
    switch (fmt) {
    case KG_EXPORT_GRAPHML: return "graphml";
    case KG_EXPORT_GEXF: return "gexf";
    case KG_EXPORT_GEXF12: return "gexf 1.2";
    case KG_EXPORT_CYJS: return "cyjs";
    case KG_EXPORT_FTM: return "ftm";
    }
    return "";
}

kg_status kg_write_export(const kg_graph *g, FILE *stream, kg_export_format fmt,
                          const kg_dot_options *opts)
{
    kg_clock c = kg_graph_clock(g);
    kg_status st = write_export(g, stream, fmt, opts);
    kg_graph_timed(g, c, "write", format_name(fmt));
    return st;
}

static kg_status write_export(const kg_graph *g, FILE *stream,
                              kg_export_format fmt, const kg_dot_options *opts)
{
    const kg_export_backend *b = backend_of(fmt);
    if (!g || !stream || !kg_graph_resolved(g) || !b)
        return KG_ERR_USAGE;
    kg_out *out = kg_malloc(sizeof *out); /* buffered as the DOT writer is */
    if (!out)
        return KG_ERR_NOMEM;
    kg_out_init(out, stream);
    int rc = write_with(b, g, out, opts);
    int failed = kg_out_flush(out) ? out->err : 0;
    free(out);
    if (rc)
        return kg_fail(kg_graph_diag(g), KG_ERR_NOMEM, "out of memory");
    return kg_stream_end(kg_graph_diag(g), stream, failed);
}

kg_status kg_write_neo4j(const kg_graph *g, const char *dir)
{
    if (!g || !dir || !*dir || !kg_graph_resolved(g))
        return KG_ERR_USAGE;
    kg_clock c = kg_graph_clock(g);
    kg_status st = kg_neo4j_write(g, dir);
    kg_graph_timed(g, c, "write", "neo4j");
    return st;
}
