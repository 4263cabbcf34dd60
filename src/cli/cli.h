/*
 * cli.h - what every part of the kgraph command shares: the commands, the
 * exit statuses and the options the command line gave.
 *
 * Ownership: an `options` owns no memory.  Its strings and path lists
 * point into argv, or into its own `words` (argv's words for kgraph diff,
 * less --old and --new), so they live as long as argv and the options;
 * nothing in it is freed.  The command only reads it once it is filled
 * (cmdline_parse, cli/cmdline.h).
 */
#ifndef KG_CLI_H
#define KG_CLI_H

#include <limits.h>
#include <stddef.h>

#include "kgraph.h"

/* As the man page says: 0 success (warnings allowed), 1 the input has
 * errors (or warnings with --strict; diff: the versions differ), 2 wrong
 * usage or an output not written. */
enum exit_code { EXIT_OK = 0, EXIT_INPUT = 1, EXIT_USAGE = 2 };

/* kgraph timeline is CMD_BUILD with `timeline` set. */
typedef enum command {
    CMD_BUILD,
    CMD_CHECK,
    CMD_STATS,
    CMD_REPORT,
    CMD_DIFF,
    CMD_MAPPING /* kgraph mapping: a draft mapping of the inputs' headers */
} command;

/* --max-warnings when it is not given: 100 warnings shown, or all of
 * them with --warnings all. */
#define MAX_WARNINGS_UNSET ULONG_MAX

/* The most --style files, and the most --where and --focus each. */
enum { MAX_STYLES = 16, MAX_FILTER_LIST = 16 };

/* The most --header options. */
enum { MAX_HEADERS = 64 };

/* The most --mapping files. */
enum { MAX_MAPPINGS = 16 };

/* The most words kgraph diff takes besides its --old and --new paths. */
enum { MAX_DIFF_WORDS = 256 };

typedef struct options {
    command cmd;
    const char *output; /* NULL: standard output */
    const char *format; /* NULL: from the output's extension, else dot */
    const char *engine; /* NULL: dot */
    int strict;
    int quiet;
    int timings;      /* --timings: each phase's time and memory on stderr */
    unsigned threads; /* --threads: for the analyses; 0: one per processor */
    int legend;
    int merge_edges;
    kg_match match;
    kg_date_order date_order; /* --date-order; KG_DATE_AUTO: per column */
    const char *merge_report; /* NULL: none */
    const char *sources;      /* --sources FILE, or NULL */
    const char *collapse_by;  /* --collapse-by ATTR, or NULL */
    const char *legend_file;  /* --legend FILE: the key apart, or NULL */
    int no_layout;            /* --no-layout: exports without positions */
    int changed_only;         /* diff --changed-only */
    int timeline;             /* --timeline, or kgraph timeline */
    kg_time_scale time_scale; /* --time-scale */
    int communities;
    int cite;
    int undirected;
    const char *cluster_by;
    const char *title;
    unsigned long dpi; /* 0, or 10 to 2400 */
    unsigned long timeout;
    unsigned long long max_memory; /* 0: the library's default */
    const char *page;              /* --page, or NULL */
    double page_w, page_h;         /* its text block, in points */
    int page_either;
    const char *styles[MAX_STYLES]; /* --style files, in order */
    size_t nstyles;
    kg_filter filter; /* its where and focus point at the two below */
    const char *focus[MAX_FILTER_LIST];
    const char *where[MAX_FILTER_LIST];
    kg_stats_format stats_format;
    unsigned long top;
    unsigned long max_errors;   /* rejected rows allowed (0: none) */
    const char *rejects;        /* --rejects FILE: the rejected rows, or NULL */
    unsigned long max_warnings; /* MAX_WARNINGS_UNSET: not given */
    int all_warnings;           /* --warnings all */
    const char *encoding;       /* NULL: UTF-8 */
    const char *images;         /* --images: the folder pictures come from */
    unsigned long long max_row;
    unsigned long max_columns;
    /* --header NAMES: the k-th names the columns of the paths from the
     * header_from[k]-th operand on (counted in command-line order: diff's
     * old and new paths, as they stand), up to the next --header */
    const char *headers[MAX_HEADERS];
    size_t nheaders;
    int header_from[MAX_HEADERS];
    int type_from_file; /* --type-from-file */
    /* --mapping FILE: FollowTheMoney mappings, read before the paths */
    const char *mappings[MAX_MAPPINGS];
    size_t nmappings;
    int old_from, new_from; /* diff: the operand each version starts at */
    char **paths;
    char **old_paths, **new_paths; /* kgraph diff: the two versions */
    int npaths;
    int nold, nnew;
    kg_diff_format diff_format;
    char *words[MAX_DIFF_WORDS]; /* kgraph diff: argv less the versions */
} options;

#endif
