/*
 * lifetime.c - a graph's life (kgraph.h: kg_graph_new, kg_graph_free), its
 * settings (kg_graph_set_*), style sheets (kg_load_style), its counts
 * (kg_graph_stats), and its state for the layers above (graph.h).
 */
#include "graph/lifetime.h"
#include "graph/cells.h"
#include "graph/store_int.h"
#include "graph/view.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "rules/dot.h"
#include "rules/link.h"
#include "rules/presentation.h"
#include "rules/style.h"
#include "text/decode.h"

/* ---- Public: lifetime, options, counts ---- */

kg_graph *kg_graph_new(void)
{
    kg_graph *g = kg_calloc(1, sizeof *g);
    if (!g)
        return NULL;
    kg_arena_init(&g->arena);
    kg_ahead_init(&g->ahead);
    g->arena.ahead = &g->ahead;
    kg_symtab_init(&g->v.syms);
    g->v.syms.ahead = &g->ahead;
    kg_diag_init(&g->diag);
    g->set.max_row = KG_DEFAULT_MAX_ROW;
    g->set.max_columns = KG_DEFAULT_MAX_COLUMNS;
    g->set.link_half_min = (size_t)1 << 14;
    g->set.writer_chunk = 4096;
    g->style = kg_style_new();
    if (!g->style || kg_style_load_theme(g->style, &g->diag)) {
        kg_graph_free(g);
        return NULL;
    }
    return g;
}

struct kg_ahead *kg_graph_ahead(kg_graph *g)
{
    return &g->ahead;
}

void kg_graph_free(kg_graph *g)
{
    if (!g)
        return;
    free(g->v.node_off);
    free(g->v.edge_off);
    free(g->v.node_mark);
    free(g->v.edge_mark);
    free(g->v.node_change);
    free(g->v.edge_change);
    free(g->v.untyped);
    kg_style_free(g->style);
    kg_ends_free(&g->ends);    /* first: a batch in flight uses the arena */
    kg_ahead_quiet(&g->ahead); /* before the pages it may fault in go */
    kg_arena_free(&g->arena);
    kg_graph_cells_free(g);
    kg_symtab_free(&g->v.syms);
    kg_vec_free(g->sym_entity, g->sym_entity_cap, sizeof *g->sym_entity);
    free(g->merges);
    free(g->date_keys);
    kg_vec_free(g->v.ents, g->ents_cap, sizeof *g->v.ents);
    kg_lines_free(&g->ent_lines);
    kg_vec_free(g->v.roots, g->roots_cap, sizeof *g->v.roots);
    kg_vec_free(g->v.rels, g->rels_cap, sizeof *g->v.rels);
    kg_lines_free(&g->rel_lines);
    free(g->v.more_bits);
    kg_vec_free(g->rel_more, g->rel_more_cap, sizeof *g->rel_more);
    kg_big_free(g->rel_more_slots, g->rel_more_nslots * sizeof(uint32_t));
    free(g->v.rel_runs);
    free(g->v.ent_runs);
    free(g->ent_locs);
    free(g->v.folded);
    free(g->v.undirected);
    free(g->v.colsets); /* their keys are in the arena */
    kg_vec_free(g->v.attrs, g->attrs_cap, sizeof *g->v.attrs);
    free(g->long_lists);
    free(g->long_items);
    free(g->files);
    free(g->digests);
    free(g->file_ids);
    free(g->encoding);
    free(g->images);
    free(g->header);
    free(g->typed_files);
    free(g->rejects_out);
    kg_ahead_destroy(&g->ahead);
    free(g);
}

kg_status kg_graph_set_diag(kg_graph *g, kg_diag_fn fn, void *ctx)
{
    if (!g)
        return KG_ERR_USAGE;
    g->diag.fn = fn;
    g->diag.ctx = ctx;
    return KG_OK;
}

kg_status kg_graph_set_progress(kg_graph *g, kg_progress_fn fn, void *ctx)
{
    if (!g)
        return KG_ERR_USAGE;
    g->set.progress = fn;
    g->set.progress_ctx = ctx;
    return KG_OK;
}

kg_status kg_graph_set_threads(kg_graph *g, unsigned threads)
{
    if (!g || threads > 256)
        return KG_ERR_USAGE;
    g->set.threads = threads;
    return KG_OK;
}

kg_status kg_graph_set_file_hashes(kg_graph *g, int on)
{
    if (!g)
        return KG_ERR_USAGE;
    g->set.file_hashes = on != 0;
    return KG_OK;
}

/* The files' digests (store.h) */
kg_file_digest *kg_graph_digest_slot(kg_graph *g)
{
    size_t cap = g->digests_cap;
    if (!g->set.file_hashes || !g->nfiles ||
        kg_grow((void **)&g->digests, &g->digests_cap, g->nfiles,
                sizeof *g->digests))
        return NULL;
    memset(g->digests + cap, 0, (g->digests_cap - cap) * sizeof *g->digests);
    return &g->digests[g->nfiles - 1];
}

int kg_graph_file_sha256(const kg_graph *g, size_t i, unsigned char sha256[32],
                         unsigned long long *bytes)
{
    if (!g || i >= g->nfiles || i >= g->digests_cap || !g->digests[i].whole)
        return 0;
    if (sha256)
        memcpy(sha256, g->digests[i].sha256, 32);
    if (bytes)
        *bytes = g->digests[i].bytes;
    return 1;
}

kg_status kg_graph_set_timings(kg_graph *g, kg_timing_fn fn, void *ctx)
{
    if (!g)
        return KG_ERR_USAGE;
    g->diag.timing = fn;
    g->diag.timing_ctx = ctx;
    return KG_OK;
}

kg_status kg_graph_set_max_errors(kg_graph *g, unsigned long max)
{
    if (!g)
        return KG_ERR_USAGE;
    g->set.max_errors = max;
    return KG_OK;
}

kg_status kg_graph_set_encoding(kg_graph *g, const char *name)
{
    if (!g)
        return KG_ERR_USAGE;
    if (!name || kg_encoding_is_utf8(name)) {
        free(g->encoding);
        g->encoding = NULL;
        g->set.encoding = NULL;
        return KG_OK;
    }
    kg_decoder *d = kg_decoder_new(name);
    if (!d)
        return errno == ENOMEM ? KG_ERR_NOMEM : KG_ERR_USAGE;
    kg_decoder_free(d);
    char *copy = kg_strndup(name, strlen(name));
    if (!copy)
        return KG_ERR_NOMEM;
    free(g->encoding);
    g->encoding = copy;
    g->set.encoding = copy;
    return KG_OK;
}

kg_status kg_graph_set_header(kg_graph *g, const char *names)
{
    if (!g)
        return KG_ERR_USAGE;
    char *copy = names ? kg_strndup(names, strlen(names)) : NULL;
    if (names && !copy)
        return KG_ERR_NOMEM;
    free(g->header);
    g->header = copy;
    g->set.header = copy;
    return KG_OK;
}

kg_status kg_graph_set_type_from_file(kg_graph *g, int on)
{
    if (!g)
        return KG_ERR_USAGE;
    g->set.type_from_file = on != 0;
    return KG_OK;
}

int kg_graph_type_by_file(kg_graph *g, uint32_t file, uint32_t first,
                          uint32_t end)
{
    if (first == end)
        return 0;
    if (kg_grow((void **)&g->typed_files, &g->typed_files_cap,
                g->ntyped_files + 1, sizeof *g->typed_files))
        return -1;
    g->typed_files[g->ntyped_files++] =
        (struct kg_typed_file){file, first, end};
    return 0;
}

kg_status kg_graph_set_images(kg_graph *g, const char *dir)
{
    if (!g)
        return KG_ERR_USAGE;
    char *real = dir ? realpath(dir, NULL) : NULL;
    struct stat st;
    if (dir && (!real || stat(real, &st) != 0 || !S_ISDIR(st.st_mode))) {
        free(real);
        return KG_ERR_USAGE;
    }
    free(g->images);
    g->images = real;
    g->set.images = real;
    memset(g->api_keys, 0, sizeof g->api_keys); /* image may be data now,
                                                   or not */
    return KG_OK;
}

kg_status kg_graph_set_limits(kg_graph *g, size_t max_row_bytes,
                              size_t max_columns)
{
    if (!g)
        return KG_ERR_USAGE;
    g->set.max_row = max_row_bytes;
    g->set.max_columns = max_columns;
    return KG_OK;
}

kg_status kg_graph_name_setting(kg_graph *g, kg_setting setting,
                                const char *name)
{
    if (!g || (unsigned)setting >= KG_SETTING_COUNT)
        return KG_ERR_USAGE;
    const char *copy = name ? kg_intern(g, name, strlen(name)) : NULL;
    if (name && !copy)
        return KG_ERR_NOMEM;
    g->diag.names[setting] = copy;
    return KG_OK;
}

void kg_graph_speak_as(kg_graph *out, const kg_graph *g)
{
    out->diag.fn = g->diag.fn;
    out->diag.ctx = g->diag.ctx;
    out->diag.timing = g->diag.timing;
    out->diag.timing_ctx = g->diag.timing_ctx;
    for (int s = 0; s < KG_SETTING_COUNT; s++)
        if (g->diag.names[s])
            kg_graph_name_setting(out, (kg_setting)s, g->diag.names[s]);
}

kg_status kg_graph_set_match(kg_graph *g, kg_match match)
{
    if (!g || (match != KG_MATCH_EXACT && match != KG_MATCH_LOOSE))
        return KG_ERR_USAGE;
    g->set.match = match;
    return KG_OK;
}

kg_status kg_graph_set_date_order(kg_graph *g, kg_date_order order)
{
    if (!g || (unsigned)order > KG_DATE_YMD)
        return KG_ERR_USAGE;
    g->set.date_order = order;
    return KG_OK;
}

/* ---- The graph's state, for the layers above ---- */

const kg_settings *kg_graph_settings(const kg_graph *g)
{
    return &g->set;
}

void kg_graph_tune(kg_graph *g, size_t link_half_min, size_t writer_chunk)
{
    if (link_half_min)
        g->set.link_half_min = link_half_min;
    if (writer_chunk)
        g->set.writer_chunk = writer_chunk;
}

kg_diagsink *kg_graph_diag(const kg_graph *g)
{
    /* counting what is said changes nothing of the graph itself */
    return (kg_diagsink *)&g->diag;
}

kg_clock kg_graph_clock(const kg_graph *g)
{
    return kg_clock_start(g ? &g->diag : NULL);
}

void kg_graph_timed(const kg_graph *g, kg_clock c, const char *phase,
                    const char *subject)
{
    if (g)
        kg_clock_say(&g->diag, c, phase, subject);
}

kg_stats *kg_graph_counts(kg_graph *g)
{
    return &g->stats;
}

const kg_stylesheet *kg_graph_style(const kg_graph *g)
{
    return g->style;
}

int kg_graph_resolved(const kg_graph *g)
{
    return g->resolved;
}

int kg_graph_open(const kg_graph *g)
{
    return g && !g->resolved && !g->broken;
}

kg_status kg_graph_broke(kg_graph *g)
{
    g->broken = 1;
    g->resolved = 0;
    return KG_ERR_NOMEM;
}

/* ---- Style sheets ---- */

kg_status kg_load_style(kg_graph *g, const char *path)
{
    if (!g || !path)
        return KG_ERR_USAGE;
    FILE *f = fopen(path, "rb");
    if (!f) {
        kg_report(&g->diag, KG_ERROR, path, 0, 0, "cannot read: %s",
                  strerror(errno));
        return KG_ERR_IO;
    }
    kg_buf text;
    kg_buf_init(&text);
    char chunk[4096];
    size_t n;
    int nomem = 0;
    while (!nomem && text.len <= KG_STYLE_MAX &&
           (n = fread(chunk, 1, sizeof chunk, f)) > 0)
        nomem = kg_buf_append(&text, chunk, n);
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        kg_report(&g->diag, KG_ERROR, path, 0, 0, "cannot read: %s",
                  strerror(errno));
        kg_buf_free(&text);
        return KG_ERR_IO;
    }
    if (text.len > KG_STYLE_MAX) {
        kg_report(&g->diag, KG_ERROR, path, 0, 0,
                  "a style sheet may hold at most 1 MB; this one is larger");
        kg_buf_free(&text);
        return KG_OK;
    }
    /* the sheet's diagnostics name it for as long as the graph lives */
    const char *name = kg_intern(g, path, strlen(path));
    if (!nomem && name)
        nomem = kg_style_load(g->style, name, text.data ? text.data : "",
                              text.len, &g->diag);
    kg_buf_free(&text);
    return nomem || !name ? KG_ERR_NOMEM : KG_OK;
}

/* ---- Counts ---- */

kg_stats kg_graph_stats(const kg_graph *g)
{
    if (!g)
        return (kg_stats){0};
    kg_stats s = g->stats;
    s.files = g->nfiles;
    s.entities = 0;
    for (uint32_t i = 0; i < g->v.nents; i++)
        s.entities += kg_node_shown(g, i);
    s.relations = 0;
    if (!g->resolved)
        s.relations = g->v.nrels;
    for (uint32_t i = 0; g->resolved && i < g->v.nrels; i++)
        s.relations += kg_edge_shown(g, i);
    s.warnings = g->diag.warnings;
    s.errors = g->diag.errors;
    return s;
}
