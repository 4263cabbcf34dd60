/*
 * fuzz_input.h - how the fuzzers cut one input into what kgraph reads.
 *
 * Byte 0 chooses the options: bits 0-1 the encoding (UTF-8, latin1,
 * cp1252, UTF-16LE), bit 2 loose matching, bit 3 small limits (a 64-byte
 * row, 4 fields), bit 4 --merge-edges, bit 5 a focus on the first entity.
 * The rest is one or two CSV files, cut at the first "\n%%\n": entities,
 * then relations (either can hold either: the header decides).
 */
#ifndef KG_FUZZ_INPUT_H
#define KG_FUZZ_INPUT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "graph/store.h"
#include "kgraph.h"

typedef struct fuzz_input {
    unsigned flags;
    const char *file[2];
    size_t len[2];
    int nfiles;
} fuzz_input;

enum {
    FUZZ_LOOSE = 1u << 2,
    FUZZ_LIMITS = 1u << 3,
    FUZZ_MERGE = 1u << 4,
    FUZZ_FOCUS = 1u << 5
};

static inline fuzz_input fuzz_cut(const uint8_t *data, size_t size)
{
    fuzz_input in = {0, {NULL, NULL}, {0, 0}, 0};
    if (size == 0)
        return in;
    in.flags = data[0];
    const char *s = (const char *)data + 1;
    size_t n = size - 1;
    static const char cut[] = "\n%%\n";
    const char *at = NULL;
    for (size_t i = 0; i + 4 <= n && !at; i++)
        if (memcmp(s + i, cut, 4) == 0)
            at = s + i;
    in.file[0] = s;
    in.len[0] = at ? (size_t)(at - s) + 1 : n;
    in.nfiles = 1;
    if (at) {
        in.file[1] = at + 4;
        in.len[1] = n - (size_t)(at + 4 - s);
        in.nfiles = 2;
    }
    return in;
}

/* A graph loaded and resolved from the input; NULL when out of memory. */
static inline kg_graph *fuzz_graph(const fuzz_input *in)
{
    static const char *const encodings[] = {NULL, "latin1", "cp1252",
                                            "UTF-16LE"};
    kg_graph *g = kg_graph_new();
    if (!g)
        return NULL;
    kg_graph_set_encoding(g, encodings[in->flags & 3]);
    kg_graph_set_match(g, in->flags & FUZZ_LOOSE ? KG_MATCH_LOOSE
                                                 : KG_MATCH_EXACT);
    if (in->flags & FUZZ_LIMITS)
        kg_graph_set_limits(g, 64, 4);
    static const char *const names[] = {"entities.csv", "relations.csv"};
    for (int i = 0; i < in->nfiles; i++)
        kg_load_buffer(g, names[i], in->file[i], in->len[i]);
    kg_resolve(g);
    if (in->flags & FUZZ_MERGE)
        kg_merge_edges(g);
    if ((in->flags & FUZZ_FOCUS) && kg_nents(g)) {
        kg_filter f = kg_filter_defaults();
        const char *focus[] = {kg_ent_id(g, kg_ent(g, 0))};
        f.focus = focus;
        f.nfocus = 1;
        f.depth = 2;
        kg_apply_filter(g, &f);
    }
    return g;
}

#endif
