/*
 * fuzz_render.c - libFuzzer entry point: any bytes, read as CSV files
 * (fuzz_input.h), laid out and rendered to SVG by Graphviz in this
 * process, as kg_render does for a memory stream.  Whatever the cells
 * hold, the SVG must pass kgraph's gate (svgcheck.h): a render refused as
 * unsafe, or an SVG the gate refuses when read again, aborts, which
 * libFuzzer keeps as a crash; so does a Graphviz crash.  Byte 0's bit 6
 * clusters by type, bit 7 lays out with neato instead of dot, bit 5 (with
 * the focus fuzz_input.h takes from it) draws for an A4 page with --cite
 * (the layouts kgraph compares, the labels it places, the key fitted to
 * the drawing).  Graphs of more than 40 nodes or 80 edges are skipped: the
 * layout is the slow part, and what the data can do to it does not need
 * size.
 */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz_input.h"
#include "rules/svgcheck.h"

enum { FUZZ_PAPER = 1u << 5, FUZZ_CLUSTER = 1u << 6, FUZZ_NEATO = 1u << 7 };

/* Why a render failed, as the library says it, into the char[2048] at
 * ctx. */
static void keep_failure(const kg_diag *d, void *ctx)
{
    if (!d->file && d->severity == KG_ERROR)
        snprintf(ctx, 2048, "%s", d->message);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_input in = fuzz_cut(data, size);
    if (!in.nfiles)
        return 0;
    kg_graph *g = fuzz_graph(&in);
    if (!g)
        return 0;
    kg_stats s = kg_graph_stats(g);
    if (s.errors || s.entities > 40 || s.relations > 80) {
        kg_graph_free(g);
        return 0;
    }
    kg_dot_options o = kg_dot_defaults();
    o.cluster_by = in.flags & FUZZ_CLUSTER ? "type" : NULL;
    const char *engine = in.flags & FUZZ_NEATO ? "neato" : "dot";
    if (in.flags & FUZZ_PAPER) {
        kg_page_parse("a4", &o.page_width, &o.page_height, &o.page_either);
        o.cite = 1;
        engine = in.flags & FUZZ_NEATO ? NULL : engine; /* kgraph chooses */
    }
    char *svg = NULL, err[2048] = "";
    size_t len = 0;
    FILE *f = open_memstream(&svg, &len);
    if (!f)
        abort();
    kg_graph_set_diag(g, keep_failure, err);
    kg_status st = kg_render(g, &o, "svg", engine, f);
    fclose(f);
    if (st == KG_ERR_RENDER && strstr(err, "not safe to write")) {
        fprintf(stderr, "the SVG gate refused a render: %s\n", err);
        abort();
    }
    char why[256];
    if (st == KG_OK && kg_svg_check(svg, len, NULL, why, sizeof why)) {
        fprintf(stderr, "an SVG that fails the gate was written: %s\n", why);
        abort();
    }
    free(svg);
    kg_graph_free(g);
    return 0;
}
