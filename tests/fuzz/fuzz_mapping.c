/*
 * fuzz_mapping.c - libFuzzer entry point: any bytes, read as a
 * FollowTheMoney mapping (YAML) with a CSV beside it, loaded with
 * kg_load_mapping as `kgraph build --mapping mapping.yml` does, then
 * resolved.  Sanitizers (address, undefined) and libFuzzer's leak check
 * judge the run.
 *
 * The input is the mapping, then "\n%%\n" and the CSV, written as
 * data.csv in a temporary folder of the process's own (a mapping's
 * csv_url names it); without a cut, data.csv is a small one of kgraph's.
 * The first byte: bit 0 tiny limits (64-byte rows, 4 fields), bit 1 loose
 * matching; the rest is the mapping.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kgraph.h"

static char folder[64];
static char mapping[128], csv[128];

static void remove_folder(void)
{
    unlink(mapping);
    unlink(csv);
    rmdir(folder);
}

static int make_folder(void)
{
    if (folder[0])
        return 0;
    snprintf(folder, sizeof folder, "/tmp/kg-fuzz-map-XXXXXX");
    if (!mkdtemp(folder)) {
        folder[0] = '\0';
        return -1;
    }
    snprintf(mapping, sizeof mapping, "%s/mapping.yml", folder);
    snprintf(csv, sizeof csv, "%s/data.csv", folder);
    atexit(remove_folder);
    return 0;
}

static int write_file(const char *path, const char *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    int ok = fwrite(data, 1, size, f) == size;
    return fclose(f) == 0 && ok ? 0 : -1;
}

static const char CSV[] = "id,name,comp_id,comp_name,role\n"
                          "1,Wile E. Coyote,2,ACME Inc.,founder\n"
                          "3,Road Runner,2,ACME Inc.,\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0 || make_folder() != 0)
        return 0;
    unsigned flags = data[0];
    const char *s = (const char *)data + 1;
    size_t n = size - 1, yml = n;
    for (size_t i = 0; i + 4 <= n; i++)
        if (memcmp(s + i, "\n%%\n", 4) == 0) {
            yml = i + 1;
            break;
        }
    int bad = write_file(mapping, s, yml) ||
              (yml < n ? write_file(csv, s + yml + 3, n - yml - 3)
                       : write_file(csv, CSV, sizeof CSV - 1));
    if (bad)
        return 0;
    kg_graph *g = kg_graph_new();
    if (!g)
        return 0;
    if (flags & 1)
        kg_graph_set_limits(g, 64, 4);
    kg_graph_set_match(g, flags & 2 ? KG_MATCH_LOOSE : KG_MATCH_EXACT);
    kg_load_mapping(g, mapping);
    kg_resolve(g);
    kg_graph_free(g);
    return 0;
}
