/*
 * cmdline.c - the command line (cmdline.h): the command word, then the
 * options (opt.c), then the operands: the inputs, or diff's two versions.
 */
#include "cli/cmdline.h"

#include <string.h>

#include "cli/opt.h"
#include "cli/print.h"

static const struct {
    const char *word;
    command cmd;
    int timeline;
} commands[] = {{"build", CMD_BUILD, 0},    {"report", CMD_REPORT, 0},
                {"check", CMD_CHECK, 0},    {"stats", CMD_STATS, 0},
                {"diff", CMD_DIFF, 0},      {"timeline", CMD_BUILD, 1},
                {"mapping", CMD_MAPPING, 0}};

/*
 * kgraph diff's --old PATH... --new PATH...: the versions found in argv
 * (into o's old_paths and new_paths), the other words left in o->words
 * for the options, argv[0] first; their count, or -1 when there are too
 * many.
 */
static int diff_versions(int argc, char **argv, options *o)
{
    char ***into = NULL;
    int *count = NULL, rest = 0;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--old") == 0 || strcmp(argv[i], "--new") == 0) {
            int old = argv[i][2] == 'o';
            into = old ? &o->old_paths : &o->new_paths;
            count = old ? &o->nold : &o->nnew;
            *into = argv + i + 1;
            *count = 0;
            continue;
        }
        if (into && argv[i][0] != '-') {
            (*count)++;
            continue;
        }
        into = NULL;
        if (rest + 1 >= MAX_DIFF_WORDS)
            return -1;
        o->words[rest++] = argv[i];
    }
    o->words[rest] = NULL;
    return rest;
}

/* kgraph diff OLD NEW, or kgraph diff --old PATH... --new PATH... */
static int diff_line(int argc, char **argv, options *o)
{
    int n = diff_versions(argc - 1, argv + 1, o);
    if (n < 0)
        return usage_error("%s", "too many arguments");
    int first;
    int rc = opt_parse(n, o->words, o, &first);
    if (rc)
        return rc;
    if (!o->old_paths && !o->new_paths && n - first == 2) {
        o->old_paths = o->words + first; /* kgraph diff OLD NEW */
        o->new_paths = o->words + first + 1;
        o->nold = o->nnew = 1;
    } else if (n != first || !o->nold || !o->nnew) {
        return usage_error("%s", "diff compares two versions: kgraph "
                                 "diff OLD NEW, or --old PATH... --new "
                                 "PATH...");
    }
    o->paths = o->new_paths;
    o->npaths = o->nnew;
    /* argv itself is never moved here: opt_parse read o->words */
    if (!o->old_paths || !o->new_paths) /* (both set, as checked) */
        return 0;
    char *marks[2] = {o->old_paths[0], o->new_paths[0]};
    int at[2] = {0, 0};
    opt_scope_headers(argc - 1, argv + 1, o, marks, at, 2);
    o->old_from = at[0];
    o->new_from = at[1];
    return 0;
}

/* kgraph COMMAND [OPTIONS] PATH..., for every command but diff. */
static int inputs_line(int argc, char **argv, options *o)
{
    int first;
    opt_scope_headers(argc - 1, argv + 1, o, NULL, NULL, 0);
    int rc = opt_parse(argc - 1, argv + 1, o, &first);
    if (rc)
        return rc;
    o->paths = argv + 1 + first;
    o->npaths = argc - 1 - first;
    if (o->npaths == 0 && o->cmd == CMD_MAPPING)
        return usage_error("%s", "mapping drafts a mapping from tables: give "
                                 "CSV files");
    if (o->npaths == 0 && !o->nmappings)
        return usage_error("%s", "no input: give CSV files or folders");
    if (o->cmd == CMD_CHECK && (o->output || o->format))
        return usage_error("%s", "check writes no graph: -o and -T do not "
                                 "apply (--merge-report does)");
    return 0;
}

/* Options without a command: only --help and --version make sense. */
static int options_alone(int argc, char **argv, options *o)
{
    int first;
    opt_defaults(o, CMD_BUILD);
    int rc = opt_parse(argc, argv, o, &first);
    return rc ? rc : usage_error("%s", "missing command: build or check");
}

int cmdline_parse(int argc, char **argv, options *o)
{
    if (argc < 2)
        return usage_error("%s", "missing command: build or check");
    const char *word = argv[1];
    if (word[0] == '-')
        return options_alone(argc, argv, o);
    size_t i = 0, n = sizeof commands / sizeof *commands;
    while (i < n && strcmp(word, commands[i].word) != 0)
        i++;
    if (i == n)
        return usage_error(
            "unknown command '%s' (use build, check, stats, report, diff, "
            "timeline or mapping)",
            word);
    opt_defaults(o, commands[i].cmd);
    o->timeline = commands[i].timeline;
    return o->cmd == CMD_DIFF ? diff_line(argc, argv, o)
                              : inputs_line(argc, argv, o);
}
