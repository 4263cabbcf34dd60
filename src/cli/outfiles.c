/*
 * outfiles.c - the command's output files (outfiles.h).
 */
#include "cli/outfiles.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/guard.h"
#include "util/path.h"

const char *output_format(const options *o)
{
    if (o->format)
        return o->format;
    size_t n = o->output ? strlen(o->output) : 0;
    if (n > 9 && strcmp(o->output + n - 9, ".ftm.json") == 0)
        return "ftm"; /* FollowTheMoney's own extension */
    const char *dot = o->output ? strrchr(o->output, '.') : NULL;
    if (!dot || strchr(dot, '/') || !dot[1])
        return "dot";
    return dot + 1;
}

int output_is_folder(const options *o)
{
    return o->output && o->cmd != CMD_CHECK && o->cmd != CMD_REPORT &&
           strcmp(output_format(o), "neo4j") == 0;
}

enum { FOLDER_FILES = 8 }; /* room for a folder's files (Neo4j's: 4) */

/* The files -o writes: none (kgraph check), itself, or each file of its
 * folder, malloc'd in made[].  How many; -1 when out of memory. */
static int main_outputs(const options *o, const char **out, char **made)
{
    if (o->cmd == CMD_CHECK)
        return 0;
    if (!output_is_folder(o)) {
        out[0] = o->output;
        return 1;
    }
    int n = 0;
    for (const char *const *f = kg_neo4j_files(); *f && n < FOLDER_FILES;
         f++, n++) {
        kg_buf path;
        kg_buf_init(&path);
        if (kg_path_join(&path, o->output, *f)) {
            kg_buf_free(&path);
            return -1;
        }
        out[n] = made[n] = path.data; /* the buffer's, freed as made[] */
    }
    return n;
}

/* Whether an output would destroy an input or another output (msg says
 * which); -1 when out of memory. */
static int outputs_collide(const options *o, char *msg, size_t len)
{
    const char *outputs[FOLDER_FILES + 4] = {0};
    char *made[FOLDER_FILES] = {0};
    /* diff reads its older version too (o->paths is the newer) */
    const char **inputs = calloc(
        (size_t)o->npaths + (size_t)o->nold + MAX_STYLES, sizeof *inputs);
    int nout = main_outputs(o, outputs, made);
    int bad = -1;
    if (inputs && nout >= 0) {
        outputs[nout] = o->merge_report;
        outputs[nout + 1] = o->sources;
        outputs[nout + 2] = o->legend_file;
        outputs[nout + 3] = o->rejects;
        size_t n = 0;
        for (int i = 0; i < o->npaths; i++)
            inputs[n++] = o->paths[i];
        for (int i = 0; i < o->nold; i++)
            inputs[n++] = o->old_paths[i];
        for (size_t i = 0; i < o->nstyles; i++)
            inputs[n++] = o->styles[i];
        bad = kg_guard_outputs(outputs, (size_t)nout + 4, inputs, n, msg,
                               len) != 0;
    }
    free(inputs);
    for (int i = 0; i < FOLDER_FILES; i++)
        free(made[i]);
    return bad;
}

int output_check(const options *o)
{
    char msg[8192];
    int bad = outputs_collide(o, msg, sizeof msg);
    if (!bad)
        return 0;
    fputs("kgraph: error: ", stderr);
    kg_guard_puts(stderr, bad < 0 ? "out of memory" : msg);
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
    p->output = name ? name : path;
    p->failures = 0;
    return out;
}

int output_close(printer *p, kg_output *out, kg_status st)
{
    char why[1536];
    int said = p->failures;
    p->output = NULL;
    if (st != KG_OK) {
        kg_output_abort(out);
        if (!said)
            say("error", kg_strerror(st));
        return EXIT_USAGE;
    }
    st = kg_output_commit(out, why, sizeof why);
    if (st != KG_OK) {
        say("error", why);
        return EXIT_USAGE;
    }
    return EXIT_OK;
}
