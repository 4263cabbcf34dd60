/*
 * outfiles.c - the command's output files (outfiles.h).
 */
#include "cli/outfiles.h"

#include <stdio.h>
#include <stdlib.h>

#include "cli/guard.h"

int output_check(const options *o)
{
    const char *outputs[4] = {o->cmd == CMD_CHECK ? NULL : o->output,
                              o->merge_report, o->sources, o->legend_file};
    /* diff reads its older version too (o->paths is the newer) */
    const char **inputs = calloc(
        (size_t)o->npaths + (size_t)o->nold + MAX_STYLES, sizeof *inputs);
    if (!inputs)
        return EXIT_USAGE;
    size_t n = 0;
    for (int i = 0; i < o->npaths; i++)
        inputs[n++] = o->paths[i];
    for (int i = 0; i < o->nold; i++)
        inputs[n++] = o->old_paths[i];
    for (size_t i = 0; i < o->nstyles; i++)
        inputs[n++] = o->styles[i];
    char msg[8192];
    int bad = kg_guard_outputs(outputs, 4, inputs, n, msg, sizeof msg);
    free(inputs);
    if (!bad)
        return 0;
    fputs("kgraph: error: ", stderr);
    kg_guard_puts(stderr, msg);
    fputs("\nTry 'kgraph --help'.\n", stderr);
    return EXIT_USAGE;
}

kg_output *output_open(printer *p, const char *path, const char *name)
{
    char err[1536];
    kg_output *out = kg_output_open(path, err, sizeof err);
    if (!out) {
        say("error", err);
        return NULL;
    }
    kg_guard_temp(kg_output_temp_path(out));
    p->output = name ? name : path;
    p->failures = 0;
    return out;
}

int output_close(printer *p, kg_output *out, kg_status st)
{
    char why[1536];
    const char *temp = kg_output_temp_path(out);
    char temp_copy[4096]; /* out, and its temporary's name, go below */
    snprintf(temp_copy, sizeof temp_copy, "%s", temp ? temp : "");
    int said = p->failures;
    p->output = NULL;
    if (st != KG_OK) {
        kg_output_abort(out);
        kg_guard_done(temp_copy);
        if (!said)
            say("error", kg_strerror(st));
        return EXIT_USAGE;
    }
    st = kg_output_commit(out, why, sizeof why);
    kg_guard_done(temp_copy);
    if (st != KG_OK) {
        say("error", why);
        return EXIT_USAGE;
    }
    return EXIT_OK;
}
