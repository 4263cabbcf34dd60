/*
 * opt.c - kgraph's options as a table (opt.h).
 *
 * Each row of `rows` is an option: its long name, its letter, whether it
 * takes a value, the commands that read it so, and how it is stored in
 * `options` (a kind and a field) with the error said when its value is
 * refused.  getopt_long reads argv from a struct option array made from
 * the table, so abbreviations (--out), --name=VALUE and bundled letters
 * (-qo FILE) work as getopt_long's do; the row then stores the value.
 *
 * An option whose meaning depends on the command has a row per meaning,
 * told apart by their commands: --format is the graph's format for build
 * and the list's for stats and diff.  Rows of one name share its letter
 * and whether it takes a value, and together cover every command: every
 * command accepts every option (those it does not use, it ignores).
 * A new option goes here, in the help (help.c), kgraph.1 and kgraph.bash.
 */
#include "cli/opt.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/help.h"
#include "cli/print.h"

/* How a row stores its option. */
typedef enum opt_kind {
    OPT_SET,     /* no value: the int field becomes `value` */
    OPT_STRING,  /* the value itself, into a const char * */
    OPT_LIST,    /* the value added to an array of const char * */
    OPT_COUNT,   /* digits only, min to max, into an unsigned long */
    OPT_COUNT_U, /* the same, into an unsigned */
    OPT_COUNT_Z, /* the same, into a size_t */
    OPT_SIZE,    /* bytes: digits, then K, M or G; into unsigned long long */
    OPT_CHOICE,  /* one of `choices`' names: its value into an enum */
    OPT_CALL     /* `call` does it */
} opt_kind;

typedef struct opt_choice {
    const char *name;
    int value;
} opt_choice;

typedef struct opt_row {
    const char *name;  /* --name */
    char letter;       /* -L, or 0 */
    int takes_value;   /* VALUE or NO_VALUE */
    unsigned commands; /* the commands that read it so: bits ONLY(cmd) */
    opt_kind kind;
    size_t at;                   /* its field: offsetof(options, ...) */
    size_t count_at;             /* OPT_LIST: where its size_t count is */
    unsigned long long min, max; /* numbers: the range (max 0: none);
                                    OPT_LIST: max is the capacity */
    int value;                   /* OPT_SET: the value set */
    const opt_choice *choices;   /* OPT_CHOICE: ended by a NULL name */
    /* OPT_CALL: 0 done, -1 exit 0 (printed), 1 the value is refused */
    int (*call)(const char *value, options *o);
    const char *bad; /* the usage error, a format for the refused value;
                        OPT_LIST: the text said when the list is full */
    int names;       /* NAMES(setting): the library's setting this option
                        gives, which its messages call by the option's
                        name (its letter with by_letter); 0: none */
    int by_letter;
} opt_row;

enum { NO_VALUE = 0, VALUE = 1 };

#define ONLY(cmd) (1u << (cmd))
#define ALL                                                                    \
    (ONLY(CMD_BUILD) | ONLY(CMD_CHECK) | ONLY(CMD_STATS) | ONLY(CMD_REPORT) |  \
     ONLY(CMD_DIFF) | ONLY(CMD_MAPPING))
#define AT(field)      .at = offsetof(options, field)
#define NAMES(setting) .names = (setting) + 1

static const opt_choice matches[] = {
    {"exact", KG_MATCH_EXACT}, {"loose", KG_MATCH_LOOSE}, {NULL, 0}};
static const opt_choice date_orders[] = {{"dmy", KG_DATE_DMY},
                                         {"mdy", KG_DATE_MDY},
                                         {"ymd", KG_DATE_YMD},
                                         {NULL, 0}};
static const opt_choice time_scales[] = {
    {"real", KG_TIME_REAL}, {"even", KG_TIME_EVEN}, {NULL, 0}};
static const opt_choice directions[] = {
    {"out", KG_OUT}, {"in", KG_IN}, {"both", KG_BOTH}, {NULL, 0}};
static const opt_choice stats_formats[] = {{"text", KG_STATS_TEXT},
                                           {"csv", KG_STATS_CSV},
                                           {"json", KG_STATS_JSON},
                                           {NULL, 0}};
static const opt_choice warning_modes[] = {{"some", 0}, {"all", 1}, {NULL, 0}};
static const opt_choice diff_formats[] = {{"text", KG_DIFF_TEXT},
                                          {"csv", KG_DIFF_CSV},
                                          {"json", KG_DIFF_JSON},
                                          {NULL, 0}};

/* OPT_CHOICE stores an int: the enums it fills must be int-sized. */
_Static_assert(sizeof(kg_match) == sizeof(int) &&
                   sizeof(kg_time_scale) == sizeof(int) &&
                   sizeof(kg_direction) == sizeof(int) &&
                   sizeof(kg_stats_format) == sizeof(int) &&
                   sizeof(kg_diff_format) == sizeof(int) &&
                   sizeof(kg_date_order) == sizeof(int),
               "an option's enum is not int-sized");

static int show_help(const char *value, options *o);
static int show_version(const char *value, options *o);
static int read_page(const char *value, options *o);

/* In the order of --help.  A row: {name, letter, VALUE or NO_VALUE, the
 * commands that read it so, its kind, AT(its field), then what the kind
 * needs}. */
static const opt_row rows[] = {
    {"output", 'o', VALUE, ALL, OPT_STRING, AT(output)},
    {"format", 'T', VALUE, ALL & ~(ONLY(CMD_STATS) | ONLY(CMD_DIFF)),
     OPT_STRING, AT(format)},
    {"engine", 'K', VALUE, ALL, OPT_STRING, AT(engine),
     NAMES(KG_SETTING_ENGINE), .by_letter = 1},
    {"style", 0, VALUE, ALL, OPT_LIST, AT(styles),
     .count_at = offsetof(options, nstyles), .max = MAX_STYLES,
     .bad = "at most 16 --style files"},
    {"cluster-by", 0, VALUE, ALL, OPT_STRING, AT(cluster_by),
     NAMES(KG_SETTING_CLUSTER_BY)},
    {"title", 0, VALUE, ALL, OPT_STRING, AT(title)},
    {"dpi", 0, VALUE, ALL, OPT_COUNT, AT(dpi), .min = 10, .max = 2400,
     .bad = "--dpi needs a number from 10 to 2400, not '%s'",
     NAMES(KG_SETTING_DPI)},
    {"timeout", 0, VALUE, ALL, OPT_COUNT, AT(timeout), .max = 86400,
     .bad = "--timeout needs seconds (0 to 86400), not '%s'",
     NAMES(KG_SETTING_TIMEOUT)},
    {"max-memory", 0, VALUE, ALL, OPT_SIZE, AT(max_memory), .min = 1 << 20,
     .max = SIZE_MAX,
     .bad = "--max-memory needs a size of at least 1M, such as 2G, not '%s'",
     NAMES(KG_SETTING_MAX_MEMORY)},
    {"page", 0, VALUE, ALL, OPT_CALL, .call = read_page,
     .bad = "--page is a4, a3, letter, the same with -landscape, auto, or "
            "WxH with cm, mm, in or pt (16x24cm), not '%s'"},
    {"images", 0, VALUE, ALL, OPT_STRING, AT(images), NAMES(KG_SETTING_IMAGES)},
    {"no-legend", 0, NO_VALUE, ALL, OPT_SET, AT(legend), .value = 0},
    {"legend", 0, VALUE, ALL, OPT_STRING, AT(legend_file)},
    {"cite", 0, NO_VALUE, ALL, OPT_SET, AT(cite), .value = 1},
    {"sources", 0, VALUE, ALL, OPT_STRING, AT(sources),
     NAMES(KG_SETTING_SOURCES)},
    {"undirected", 0, NO_VALUE, ALL, OPT_SET, AT(undirected), .value = 1},
    {"timeline", 0, NO_VALUE, ALL, OPT_SET, AT(timeline), .value = 1},
    {"time-scale", 0, VALUE, ALL, OPT_CHOICE, AT(time_scale),
     .choices = time_scales, .bad = "--time-scale is real or even, not '%s'"},
    {"no-layout", 0, NO_VALUE, ALL, OPT_SET, AT(no_layout), .value = 1},
    {"match", 0, VALUE, ALL, OPT_CHOICE, AT(match), .choices = matches,
     .bad = "--match is exact or loose, not '%s'"},
    {"date-order", 0, VALUE, ALL, OPT_CHOICE, AT(date_order),
     .choices = date_orders, .bad = "--date-order is dmy, mdy or ymd, not '%s'",
     NAMES(KG_SETTING_DATE_ORDER)},
    {"merge-report", 0, VALUE, ALL, OPT_STRING, AT(merge_report)},
    {"merge-edges", 0, NO_VALUE, ALL, OPT_SET, AT(merge_edges), .value = 1},
    {"strict", 0, NO_VALUE, ALL, OPT_SET, AT(strict), .value = 1},
    {"max-errors", 0, VALUE, ALL, OPT_COUNT, AT(max_errors),
     .bad = "--max-errors needs a number, not '%s'"},
    {"rejects", 0, VALUE, ALL, OPT_STRING, AT(rejects),
     NAMES(KG_SETTING_REJECTS)},
    {"max-warnings", 0, VALUE, ALL, OPT_COUNT, AT(max_warnings),
     .bad = "--max-warnings needs a number, not '%s'"},
    {"warnings", 0, VALUE, ALL, OPT_CHOICE, AT(all_warnings),
     .choices = warning_modes, .bad = "--warnings is some or all, not '%s'"},
    {"encoding", 0, VALUE, ALL, OPT_STRING, AT(encoding),
     NAMES(KG_SETTING_ENCODING)},
    {"max-row-size", 0, VALUE, ALL, OPT_SIZE, AT(max_row), .max = SIZE_MAX,
     .bad = "--max-row-size needs a size such as 64M, not '%s'",
     NAMES(KG_SETTING_MAX_ROW)},
    {"max-columns", 0, VALUE, ALL, OPT_COUNT, AT(max_columns),
     .bad = "--max-columns needs a number, not '%s'",
     NAMES(KG_SETTING_MAX_COLUMNS)},
    {"header", 0, VALUE, ALL, OPT_LIST, AT(headers),
     .count_at = offsetof(options, nheaders), .max = MAX_HEADERS,
     .bad = "at most 64 --header", NAMES(KG_SETTING_HEADER)},
    {"type-from-file", 0, NO_VALUE, ALL, OPT_SET, AT(type_from_file),
     .value = 1},
    {"mapping", 0, VALUE, ALL, OPT_LIST, AT(mappings),
     .count_at = offsetof(options, nmappings), .max = MAX_MAPPINGS,
     .bad = "at most 16 --mapping"},

    /* the filters */
    {"types", 0, VALUE, ALL, OPT_STRING, AT(filter.types),
     NAMES(KG_SETTING_TYPES)},
    {"exclude-types", 0, VALUE, ALL, OPT_STRING, AT(filter.exclude_types),
     NAMES(KG_SETTING_EXCLUDE_TYPES)},
    {"relations", 0, VALUE, ALL, OPT_STRING, AT(filter.relations),
     NAMES(KG_SETTING_RELATIONS)},
    {"exclude-relations", 0, VALUE, ALL, OPT_STRING,
     AT(filter.exclude_relations), NAMES(KG_SETTING_EXCLUDE_RELATIONS)},
    {"since", 0, VALUE, ALL, OPT_STRING, AT(filter.since),
     NAMES(KG_SETTING_SINCE)},
    {"until", 0, VALUE, ALL, OPT_STRING, AT(filter.until),
     NAMES(KG_SETTING_UNTIL)},
    {"dated-only", 0, NO_VALUE, ALL, OPT_SET, AT(filter.dated_only), .value = 1,
     NAMES(KG_SETTING_DATED_ONLY)},
    {"where", 0, VALUE, ALL, OPT_LIST, AT(where),
     .count_at = offsetof(options, filter.nwhere), .max = MAX_FILTER_LIST,
     .bad = "at most 16 --where and 16 --focus", NAMES(KG_SETTING_WHERE)},
    {"focus", 0, VALUE, ALL, OPT_LIST, AT(focus),
     .count_at = offsetof(options, filter.nfocus), .max = MAX_FILTER_LIST,
     .bad = "at most 16 --where and 16 --focus", NAMES(KG_SETTING_FOCUS)},
    {"depth", 0, VALUE, ALL, OPT_COUNT_U, AT(filter.depth), .max = 1000000,
     .bad = "this option needs a number, not '%s'"},
    {"direction", 0, VALUE, ALL, OPT_CHOICE, AT(filter.direction),
     .choices = directions, .bad = "--direction is out, in or both, not '%s'"},
    {"path", 0, VALUE, ALL, OPT_STRING, AT(filter.path_from),
     NAMES(KG_SETTING_PATH_FROM)},
    {"to", 0, VALUE, ALL, OPT_STRING, AT(filter.path_to),
     NAMES(KG_SETTING_PATH_TO)},
    {"min-degree", 0, VALUE, ALL, OPT_COUNT_U, AT(filter.min_degree),
     .max = 1000000, .bad = "this option needs a number, not '%s'",
     NAMES(KG_SETTING_MIN_DEGREE)},
    {"component", 0, VALUE, ALL, OPT_STRING, AT(filter.component),
     NAMES(KG_SETTING_COMPONENT)},
    /* all but stats: a filter, the most central entities */
    {"top", 0, VALUE, ALL & ~ONLY(CMD_STATS), OPT_COUNT_Z, AT(filter.top),
     .max = 1000000, .bad = "this option needs a number, not '%s'",
     NAMES(KG_SETTING_TOP)},

    /* the overviews */
    {"communities", 0, NO_VALUE, ALL, OPT_SET, AT(communities), .value = 1},
    {"collapse-by", 0, VALUE, ALL, OPT_STRING, AT(collapse_by)},

    /* stats and diff: their lists */
    {"format", 'T', VALUE, ONLY(CMD_STATS), OPT_CHOICE, AT(stats_format),
     .choices = stats_formats,
     .bad = "--format is text, csv or json, not '%s'"},
    {"format", 'T', VALUE, ONLY(CMD_DIFF), OPT_CHOICE, AT(diff_format),
     .choices = diff_formats, .bad = "--format is text, csv or json, not '%s'"},
    {"changed-only", 0, NO_VALUE, ALL, OPT_SET, AT(changed_only), .value = 1},
    /* stats: how many entities a ranking lists */
    {"top", 0, VALUE, ONLY(CMD_STATS), OPT_COUNT, AT(top), .max = 1000000,
     .bad = "this option needs a number, not '%s'"},

    {"quiet", 'q', NO_VALUE, ALL, OPT_SET, AT(quiet), .value = 1},
    {"timings", 0, NO_VALUE, ALL, OPT_SET, AT(timings), .value = 1},
    {"threads", 0, VALUE, ALL, OPT_COUNT_U, AT(threads), .max = 256,
     .bad = "--threads needs a number from 0 to 256, not '%s'",
     NAMES(KG_SETTING_THREADS)},
    {"help", 'h', NO_VALUE, ALL, OPT_CALL, .call = show_help},
    {"version", 'V', NO_VALUE, ALL, OPT_CALL, .call = show_version},
    {.name = NULL},
};

/* The rows, the last (no name) ending the table. */
enum { NROWS = sizeof rows / sizeof *rows };

/* getopt_long's value for a long name without a letter: LONG_ONLY + the
 * index of its first row. */
enum { LONG_ONLY = 256 };

static int show_help(const char *value, options *o)
{
    (void)value;
    (void)o;
    help_print(stdout);
    return -1;
}

static int show_version(const char *value, options *o)
{
    (void)value;
    (void)o;
    printf("kgraph %s\n", kg_version());
    return -1;
}

/* --page: the text block's size is kept with the name. */
static int read_page(const char *value, options *o)
{
    if (kg_page_parse(value, &o->page_w, &o->page_h, &o->page_either) != KG_OK)
        return 1;
    o->page = value;
    return 0;
}

void opt_defaults(options *o, command cmd)
{
    *o = (options){.legend = 1,
                   .max_warnings = MAX_WARNINGS_UNSET,
                   .max_row = KG_DEFAULT_MAX_ROW,
                   .max_columns = KG_DEFAULT_MAX_COLUMNS,
                   .timeout = 60,
                   .top = 10,
                   .cmd = cmd,
                   .filter = kg_filter_defaults()};
    o->filter.focus = o->focus;
    o->filter.where = o->where;
}

/* A count: digits only (strtoul would also take " -5" as a huge number,
 * and a number past ULONG_MAX as ULONG_MAX). */
static int parse_count(const char *s, unsigned long *out)
{
    char *end;
    if (*s < '0' || *s > '9')
        return -1;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (*end || errno == ERANGE)
        return -1;
    *out = v;
    return 0;
}

/* A size in bytes: digits, then K, M or G (powers of 1024). */
static int parse_size(const char *s, unsigned long long *out)
{
    char *end;
    if (!*s || *s < '0' || *s > '9')
        return -1;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    int shift = 0;
    if (*end == 'K' || *end == 'k')
        shift = 10;
    else if (*end == 'M' || *end == 'm')
        shift = 20;
    else if (*end == 'G' || *end == 'g')
        shift = 30;
    if (shift)
        end++;
    if (*end || errno || v > (ULLONG_MAX >> shift))
        return -1;
    *out = v << shift;
    return 0;
}

static int in_range(const opt_row *r, unsigned long long v)
{
    return v >= r->min && (!r->max || v <= r->max);
}

/* OPT_COUNT and its kin: the count into a field of the row's type. */
static int store_count(const opt_row *r, const char *value, void *field)
{
    unsigned long v;
    if (parse_count(value, &v) || !in_range(r, v))
        return usage_error(r->bad, value);
    if (r->kind == OPT_COUNT_U)
        *(unsigned *)field = (unsigned)v;
    else if (r->kind == OPT_COUNT_Z)
        *(size_t *)field = (size_t)v;
    else
        *(unsigned long *)field = v;
    return 0;
}

static int store_size(const opt_row *r, const char *value, void *field)
{
    unsigned long long v;
    if (parse_size(value, &v) || !in_range(r, v))
        return usage_error(r->bad, value);
    *(unsigned long long *)field = v;
    return 0;
}

static int store_choice(const opt_row *r, const char *value, void *field)
{
    for (const opt_choice *c = r->choices; c->name; c++)
        if (strcmp(value, c->name) == 0) {
            memcpy(field, &c->value, sizeof c->value);
            return 0;
        }
    return usage_error(r->bad, value);
}

static int store_list(const opt_row *r, const char *value, options *o)
{
    size_t *n = (size_t *)((char *)o + r->count_at);
    if (*n == r->max)
        return usage_error("%s", r->bad);
    ((const char **)((char *)o + r->at))[(*n)++] = value;
    return 0;
}

/* Stores an option's value (NULL for one without) as its row says: 0, or
 * the status opt_parse returns. */
static int store(const opt_row *r, const char *value, options *o)
{
    void *field = (char *)o + r->at;
    switch (r->kind) {
    case OPT_SET: *(int *)field = r->value; return 0;
    case OPT_STRING: *(const char **)field = value; return 0;
    case OPT_LIST: return store_list(r, value, o);
    case OPT_COUNT:
    case OPT_COUNT_U:
    case OPT_COUNT_Z: return store_count(r, value, field);
    case OPT_SIZE: return store_size(r, value, field);
    case OPT_CHOICE: return store_choice(r, value, field);
    case OPT_CALL: {
        int rc = r->call(value, o);
        return rc > 0 ? usage_error(r->bad, value) : rc;
    }
    }
    return 0;
}

/* Whether r is the first row of its name (the one getopt_long knows). */
static int first_of_its_name(const opt_row *r)
{
    for (const opt_row *q = rows; q < r; q++)
        if (strcmp(q->name, r->name) == 0)
            return 0;
    return 1;
}

/* getopt_long's view of the table: a struct option for each name (its
 * value the letter, else LONG_ONLY + its row), and the letters, as
 * ":o:T:K:qhV" (the ':' first: a missing value is told apart). */
static void getopt_view(struct option *longs, char *letters)
{
    size_t n = 0, nl = 0;
    letters[nl++] = ':';
    for (const opt_row *r = rows; r->name; r++) {
        if (!first_of_its_name(r))
            continue;
        longs[n++] = (struct option){
            r->name, r->takes_value ? required_argument : no_argument, NULL,
            r->letter ? r->letter : LONG_ONLY + (int)(r - rows)};
        if (!r->letter)
            continue;
        letters[nl++] = r->letter;
        if (r->takes_value)
            letters[nl++] = ':';
    }
    longs[n] = (struct option){NULL, 0, NULL, 0};
    letters[nl] = '\0';
}

/* The row for what getopt_long returned, as the command reads it; NULL
 * for an unknown option. */
static const opt_row *row_for(int c, command cmd)
{
    const char *name = NULL;
    if (c >= LONG_ONLY && c - LONG_ONLY < NROWS)
        name = rows[c - LONG_ONLY].name;
    for (const opt_row *r = rows; !name && r->name; r++)
        if (r->letter && r->letter == c)
            name = r->name;
    for (const opt_row *r = rows; name && r->name; r++)
        if (strcmp(r->name, name) == 0 && (r->commands & ONLY(cmd)))
            return r;
    return NULL;
}

/* An unknown option, a letter (-x) or a long name (--bogus). */
static int unknown_option(char **argv)
{
    if (optopt) {
        char opt[3] = {'-', (char)optopt, '\0'};
        return usage_error("unknown option '%s'", opt);
    }
    return usage_error("unknown option '%s'", argv[optind - 1]);
}

int opt_parse(int argc, char **argv, options *o, int *operands)
{
    struct option longs[NROWS];  /* a name a row at most, and the end */
    char letters[1 + 2 * NROWS]; /* ':', a letter and ':' a row, '\0' */
    getopt_view(longs, letters);
    int c;
    opterr = 0;
    optind = 0; /* glibc: start afresh */
    while ((c = getopt_long(argc, argv, letters, longs, NULL)) != -1) {
        if (c == ':')
            return usage_error("option '%s' needs a value", argv[optind - 1]);
        const opt_row *r = row_for(c, o->cmd);
        int rc = r ? store(r, optarg, o) : unknown_option(argv);
        if (rc)
            return rc;
    }
    *operands = optind;
    return 0;
}

kg_status opt_name_settings(kg_graph *g)
{
    for (const opt_row *r = rows; r->name; r++) {
        if (!r->names)
            continue;
        char name[64];
        if (r->by_letter)
            snprintf(name, sizeof name, "-%c", r->letter);
        else
            snprintf(name, sizeof name, "--%s", r->name);
        kg_status st =
            kg_graph_name_setting(g, (kg_setting)(r->names - 1), name);
        if (st != KG_OK)
            return st;
    }
    return KG_OK;
}

void opt_scope_headers(int argc, char **argv, options *o, char *const *marks,
                       int *at, int nmarks)
{
    struct option longs[NROWS];
    char letters[2 + 2 * NROWS]; /* '-' first: operands come in order */
    getopt_view(longs, letters + 1);
    letters[0] = '-';
    int c, operands = 0;
    size_t k = 0;
    opterr = 0;
    optind = 0;
    while ((c = getopt_long(argc, argv, letters, longs, NULL)) != -1) {
        if (c == 1) {
            for (int i = 0; i < nmarks; i++)
                if (optarg == marks[i])
                    at[i] = operands;
            operands++;
            continue;
        }
        const opt_row *r = row_for(c, o->cmd);
        if (r && strcmp(r->name, "header") == 0 && k < MAX_HEADERS)
            o->header_from[k++] = operands;
    }
    for (int j = optind; j < argc; j++) /* after "--" */
        for (int i = 0; i < nmarks; i++)
            if (argv[j] == marks[i])
                at[i] = operands + (j - optind);
}
