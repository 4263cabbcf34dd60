/*
 * fuzz_ingest.c - libFuzzer entry point: any bytes, read as CSV files
 * (fuzz_input.h), resolved, filtered, counted and reported.  Sanitizers
 * (address, undefined) and libFuzzer's leak check judge the run.
 */
#include <stdio.h>

#include "fuzz_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_input in = fuzz_cut(data, size);
    kg_graph *g = fuzz_graph(&in);
    if (!g)
        return 0;
    FILE *out = fopen("/dev/null", "w");
    if (out) {
        kg_write_stats(g, out, KG_STATS_JSON, 3);
        kg_write_merge_report(g, out);
        fclose(out);
    }
    kg_graph_free(g);
    return 0;
}
