/*
 * kgraph.h - build a knowledge graph from CSV files and write it as DOT.
 *
 * This is the only public header of libkgraph.  All types are opaque.
 *
 * Ownership, once for the whole API:
 *   - Every `kg_*_new` has a matching `kg_*_free` that accepts NULL.
 *   - Strings passed in are copied; the caller keeps ownership of its own.
 *   - Strings returned (`const char *`) are owned by the graph and stay valid
 *     until `kg_graph_free`.
 *   - The library never prints and never exits.  It returns a `kg_status`
 *     and says everything else through the graph's diagnostic callback:
 *     the problems in the input (counted in kg_stats), and why a call on
 *     the graph failed (a write, a render: an error with no file, not
 *     counted) or what Graphviz warned about (a warning with no file).
 *     errno is not part of the API.  kg_output, which has no graph, says
 *     why in a buffer the caller gives.
 *   - Threads: loading a file (its reading, and a relation's ends),
 *     resolving and writing a large graph use other threads inside the
 *     call, joined before it returns; callbacks always run on the calling
 *     thread, and must not call functions on the graph being loaded.  A
 *     graph must not be used from two threads at once.
 *
 * Typical use:
 *
 *     kg_graph *g = kg_graph_new();
 *     kg_graph_set_diag(g, my_printer, NULL);
 *     kg_load_path(g, "input/");            (any number of files or folders)
 *     kg_resolve(g);                        (link relation ends to entities)
 *     if (kg_graph_input_status(g, NULL) == KG_OK)
 *         kg_write_dot(g, stdout, NULL);
 *     kg_graph_free(g);
 */
#ifndef KGRAPH_H
#define KGRAPH_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The version, in one place: these three numbers. */
#define KGRAPH_VERSION_MAJOR 0
#define KGRAPH_VERSION_MINOR 1
#define KGRAPH_VERSION_PATCH 0
#define KGRAPH_VERSION_NUMBER                                                  \
    (KGRAPH_VERSION_MAJOR * 10000 + KGRAPH_VERSION_MINOR * 100 +               \
     KGRAPH_VERSION_PATCH)
#define KG_STR_(x) #x
#define KG_STR(x)  KG_STR_(x)
#define KGRAPH_VERSION                                                         \
    KG_STR(KGRAPH_VERSION_MAJOR)                                               \
    "." KG_STR(KGRAPH_VERSION_MINOR) "." KG_STR(KGRAPH_VERSION_PATCH)

/* The version of the library linked at run time ("0.1.0"), which may
 * differ from the header's KGRAPH_VERSION a program was compiled with. */
const char *kg_version(void);

/* The same as a number, MAJOR * 10000 + MINOR * 100 + PATCH. */
int kg_version_number(void);

typedef enum kg_status {
    KG_OK = 0,
    KG_ERR_NOMEM, /* an allocation failed */
    KG_ERR_IO,    /* a file could not be read or written */
    KG_ERR_INPUT, /* the input had errors (reported as diagnostics) */
    KG_ERR_USAGE, /* the call itself was wrong (bad argument, wrong order) */
    KG_ERR_RENDER /* Graphviz could not lay out or render the graph */
} kg_status;

/* A static English description of `status`. */
const char *kg_strerror(kg_status status);

/* ---- Diagnostics ------------------------------------------------------- */

typedef enum kg_severity { KG_WARNING, KG_ERROR } kg_severity;

/*
 * One problem found in the input.  `file` is the path as given (or the name
 * passed to kg_load_buffer); `line` and `col` count from 1, and 0 means
 * "not known" (col is a count of characters, not bytes).  All pointers are
 * valid only during the callback.
 *
 * `kind` is a short code, the same for every warning of one kind
 * ("unknown-end": a relation end that names no entity), so a caller can
 * group a flood of them and show a few; kgraph.3 lists the codes, which
 * stay stable.  It is "" (never NULL) for errors, for why a call failed
 * and for what Graphviz said: show those as they are.  The field was
 * added last, so a program built before it still reads the others.
 */
typedef struct kg_diag {
    kg_severity severity;
    const char *file;
    unsigned long line;
    unsigned long col;
    const char *message;
    const char *kind;
} kg_diag;

typedef void (*kg_diag_fn)(const kg_diag *diag, void *ctx);

/* ---- The graph ---------------------------------------------------------- */

typedef struct kg_graph kg_graph;

/* Returns NULL when out of memory.  After KG_ERR_NOMEM from a call that
 * changes the graph (loading, kg_resolve, kg_merge_edges, kg_apply_filter,
 * kg_find_communities), the graph is half changed and may only be freed
 * (or its counts read): every other call is KG_ERR_USAGE. */
kg_graph *kg_graph_new(void);
void kg_graph_free(kg_graph *g);

/*
 * The setters below return KG_ERR_USAGE for a NULL graph (or a value out
 * of range), else KG_OK.
 */

/* Where diagnostics go.  Without a callback they are only counted. */
kg_status kg_graph_set_diag(kg_graph *g, kg_diag_fn fn, void *ctx);

/*
 * Called while files are read, about every 64 KiB: the file, the bytes read
 * from it so far, and the data rows read from all files.
 */
typedef void (*kg_progress_fn)(const char *file, unsigned long long bytes,
                               unsigned long rows, void *ctx);
kg_status kg_graph_set_progress(kg_graph *g, kg_progress_fn fn, void *ctx);

/*
 * How many threads the analyses may use (the centralities of
 * kg_write_stats, kg_write_report and the filter's top; kg_diff_new, by
 * the newer graph's setting): 0, the default,
 * one per processor online; 1 works on the calling thread alone.  The
 * results are the same bytes whatever the number.
 */
kg_status kg_graph_set_threads(kg_graph *g, unsigned threads);

/*
 * Where the time goes: with a callback, each phase of the calls on the
 * graph, as it ends, is measured into a kg_timing and handed to `fn` on
 * the calling thread (NULL stops it).  A phase inside another ends, and
 * is said, before it (the centralities before the report that needs
 * them).  Measuring changes nothing the calls write.  Graphs made from
 * this one (kg_collapse, kg_diff_graph) say theirs to the same callback;
 * kg_diff_new says its to `after`'s.
 */
typedef struct kg_timing {
    const char *phase;   /* what ran: "read", "resolve", "merge edges",
                            "filter", "centralities", "communities",
                            "overview", "diff", "write" (a format: "write
                            dot"...), "render", "layout" (one candidate
                            layout of a figure), "report" */
    const char *subject; /* what it ran on: the file read, the format
                            written or rendered, the layout's engine
                            ("dot LR"); "" when nothing more is to say */
    double wall;         /* seconds elapsed (CLOCK_MONOTONIC) */
    double cpu;          /* seconds of CPU of all the process's threads,
                            and of the children it waited for meanwhile
                            (a figure's bounded layout) */
    double peak;         /* the most memory resident at once so far, in
                            bytes: the process's, or its largest finished
                            child's when larger (getrusage ru_maxrss) */
    /* "layout": how the candidate was judged, its smallest name on the
     * page in points (kg_figure.name_pt) and its collisions (the sum of
     * kg_figure's counts); -1 for other phases */
    double name_pt;
    long collisions;
} kg_timing;

typedef void (*kg_timing_fn)(const kg_timing *t, void *ctx);
kg_status kg_graph_set_timings(kg_graph *g, kg_timing_fn fn, void *ctx);

/*
 * How many rejected rows a graph may have and still be used (default 0:
 * none).  Every row is read, whatever its errors: a row with an error is
 * reported, counted in kg_stats.rejected and left out, and the others are
 * read.  kg_graph_input_status then says whether the graph may be used:
 * with no more than `max` rejected rows and no error outside a row, it
 * may (its errors still reported and counted as errors).  Of one file's
 * errors the first KG_SHOWN_ERRORS reach the callback; the others are
 * counted, and said in one message of the file at its end.
 */
#define KG_SHOWN_ERRORS 100
kg_status kg_graph_set_max_errors(kg_graph *g, unsigned long max);

/*
 * Where every row rejected from now on is written, as CSV: a header
 * `file,line,column,reason,row`, then a record a row, in the order read:
 * the file as given, the row's first line, the column of its first error
 * (empty when not known), that error's message, and the row as read (all
 * its lines, its last line end left out: a file in another encoding
 * decoded to UTF-8, otherwise its bytes exactly, but a row that begins
 * with = + - @, a tab or a carriage return gets a ' in front, as in every
 * CSV kgraph writes, so a spreadsheet does not run it).  The header is
 * written at once.  NULL stops it.  The stream is the caller's: a failed
 * write shows in its error flag.
 */
kg_status kg_graph_set_rejects(kg_graph *g, FILE *out);

/*
 * Whether the graph's input lets it be used: KG_OK when it had no errors,
 * or errors only in rows it rejected and no more such rows than
 * kg_graph_set_max_errors allows; KG_ERR_INPUT otherwise (KG_ERR_USAGE
 * for NULL).  *outside, when not NULL, is set to the errors that were in
 * no rejected row (a file that could not be read, a header with errors, a
 * file cut short by a limit): no tolerance allows those.
 */
kg_status kg_graph_input_status(const kg_graph *g, unsigned long *outside);

/*
 * The encoding of the files loaded from now on: any name the system's
 * iconv knows ("latin1", "cp1252", "UTF-16LE"...), or NULL or "UTF-8"
 * (the default).  A byte-order mark at the start of a file (UTF-8, UTF-16
 * or UTF-32) overrides it, with a warning when they differ.  A byte the
 * encoding does not have is an error at its line and column.  Returns
 * KG_ERR_USAGE when iconv does not know the name.
 */
kg_status kg_graph_set_encoding(kg_graph *g, const char *name);

/*
 * Limits that keep memory bounded whatever the input: the longest row in
 * bytes, over all its lines (default 64 MiB), and the most fields in a
 * row (default 100,000); 0 means no limit.  A longer row stops its file
 * with an error (where it ends cannot be known without reading it); a
 * row with more fields is rejected with one.
 */
#define KG_DEFAULT_MAX_ROW     ((size_t)64 << 20)
#define KG_DEFAULT_MAX_COLUMNS ((size_t)100000)
kg_status kg_graph_set_limits(kg_graph *g, size_t max_row_bytes,
                              size_t max_columns);

/*
 * The folder pictures of entities may come from (an `image` column), or
 * NULL for none, the default: then an `image` column is data like any
 * other.  With a folder, a cell may name a PNG, JPEG or SVG file inside it
 * by a relative path; any other value is a warning at its row and stays
 * data (README.md, "Untrusted data").  KG_ERR_USAGE when `dir` is not a
 * folder.
 */
kg_status kg_graph_set_images(kg_graph *g, const char *dir);

/*
 * What messages call the settings they are about.  A message about a
 * limit, an option or a filter (a row past the size limit, a date that is
 * not a date, a layout that took too long) names the setting as this API
 * does: "max_row_bytes (kg_graph_set_limits)", "since", "timeout"...  A
 * program with names of its own for them (a command's options) gives
 * them here, and the graph's messages, its filters' names
 * (kg_filter_step) and what is said of it while it is written or drawn
 * use those.  The name is copied.  KG_ERR_USAGE for an unknown setting.
 */
typedef enum kg_setting {
    KG_SETTING_MAX_ROW,     /* kg_graph_set_limits: max_row_bytes */
    KG_SETTING_MAX_COLUMNS, /* kg_graph_set_limits: max_columns */
    KG_SETTING_ENCODING,    /* kg_graph_set_encoding */
    KG_SETTING_IMAGES,      /* kg_graph_set_images */
    KG_SETTING_CLUSTER_BY,  /* kg_dot_options: */
    KG_SETTING_DPI,
    KG_SETTING_TIMEOUT,
    KG_SETTING_MAX_MEMORY,
    KG_SETTING_ENGINE,  /* the engine of kg_render and its kin */
    KG_SETTING_SOURCES, /* kg_write_sources */
    KG_SETTING_TYPES,   /* kg_filter: */
    KG_SETTING_EXCLUDE_TYPES,
    KG_SETTING_RELATIONS,
    KG_SETTING_EXCLUDE_RELATIONS,
    KG_SETTING_SINCE,
    KG_SETTING_UNTIL,
    KG_SETTING_DATED_ONLY,
    KG_SETTING_WHERE,
    KG_SETTING_FOCUS,
    KG_SETTING_PATH_FROM,
    KG_SETTING_PATH_TO,
    KG_SETTING_MIN_DEGREE,
    KG_SETTING_COMPONENT,
    KG_SETTING_TOP,
    KG_SETTING_DATE_ORDER, /* kg_graph_set_date_order */
    KG_SETTING_HEADER,     /* kg_graph_set_header */
    KG_SETTING_REJECTS,    /* kg_graph_set_rejects */
    KG_SETTING_THREADS,    /* kg_graph_set_threads */
    KG_SETTING_COUNT
} kg_setting;

kg_status kg_graph_name_setting(kg_graph *g, kg_setting setting,
                                const char *name);

/* How names are compared (see README.md, "Matching names"). */
typedef enum kg_match {
    KG_MATCH_EXACT, /* after NFC, case folding and white space folding */
    KG_MATCH_LOOSE  /* also without accents, punctuation and spaces */
} kg_match;

/* Why two things were merged, strongest first. */
typedef enum kg_merge_rule {
    KG_RULE_ID,    /* the same id */
    KG_RULE_ALIAS, /* an alias of one is the id or a name of the other */
    KG_RULE_NAME,  /* the same name after normalization */
    KG_RULE_LOOSE, /* the same name under KG_MATCH_LOOSE */
    KG_RULE_COUNT
} kg_merge_rule;

/* "id", "alias", "normalized name", "loose". */
const char *kg_rule_name(kg_merge_rule rule);

/* Counts that the CLI's closing summary prints. */
typedef struct kg_stats {
    unsigned long files;     /* input files read */
    unsigned long rows;      /* data rows read (header lines excluded) */
    unsigned long entities;  /* nodes, after merging */
    unsigned long relations; /* edges, after kg_merge_edges */
    unsigned long merges;    /* entity rows and entities merged, all rules */
    unsigned long merges_by[KG_RULE_COUNT]; /* the same, by rule */
    unsigned long linked;   /* relation ends matched by name, not id */
    unsigned long folded;   /* relation rows folded by kg_merge_edges */
    unsigned long unknown;  /* nodes created for unmatched relation ends */
    unsigned long rejected; /* rows not used because they had errors */
    unsigned long left_out; /* relation rows an overview (kg_collapse)
                               does not draw: weaker links than it shows */
    unsigned long warnings;
    unsigned long errors;
} kg_stats;

/* All zero for a NULL graph. */
kg_stats kg_graph_stats(const kg_graph *g);

/* How kg_resolve compares names (default KG_MATCH_EXACT). */
kg_status kg_graph_set_match(kg_graph *g, kg_match match);

/*
 * How a date written with its day and month in digits (03/04/2015) is
 * read in the files loaded next; every other form of a date needs no
 * order (README.md, "Dates").  Default KG_DATE_AUTO: per column of a
 * file, day first when a value's first number is over 12 (25/03/2015),
 * month first when its second is (03/25/2015); a column with neither, or
 * with both, has its such values read as no date (a warning says so).
 */
typedef enum kg_date_order {
    KG_DATE_AUTO, /* inferred per column */
    KG_DATE_DMY,  /* day, month, year: 03/04/2015 is 3 April */
    KG_DATE_MDY,  /* month, day, year: 03/04/2015 is March 4 */
    KG_DATE_YMD   /* year first only (2015/04/03): 03/04/2015 is no date */
} kg_date_order;

kg_status kg_graph_set_date_order(kg_graph *g, kg_date_order order);

/* ---- Loading CSV -------------------------------------------------------- */

/*
 * Reads a CSV or TSV file, or every `*.csv` and `*.tsv` in a folder (sorted
 * by name, not recursive), and every `*.txt` there that looks like a table
 * (its first lines split by comma, tab or semicolon into the same number
 * of fields; another `.txt` is passed over with a warning).  The header decides
 * what a file holds: source and target columns make a relations file, an id or
 * name column an entities file.  See README.md for the accepted column names.
 * A workbook (`*.xlsx`, `*.ods`, `*.xls`, given or in a folder) is read sheet
 * by sheet, each sheet a file of its own named "case.xlsx:Sheet" in
 * diagnostics; "case.xlsx#Sheet" reads one sheet.
 *
 * Returns KG_OK when the files were read (even if rows had errors: check
 * kg_graph_stats().errors), KG_ERR_IO when a path could not be read (also
 * reported as a diagnostic), KG_ERR_NOMEM.
 */
kg_status kg_load_path(kg_graph *g, const char *path);

/*
 * The column names of the files loaded from now on, comma-separated
 * ("source,target,strength,layer"), for files published without a header
 * row: their first row is then data.  A file whose rows have another
 * number of columns is an error at its first row, and none of its rows is
 * used.  NULL (the default) reads each file's first row as its header.
 * It applies to every table a folder holds, and not to FollowTheMoney
 * files.  The names are copied.
 *
 * Without it, a first row that names no column kgraph knows and has the
 * shape of the rows below it (no text above a column of numbers) is read
 * as data, with one warning: its columns are source, target, column3...
 * (one column: id).
 */
kg_status kg_graph_set_header(kg_graph *g, const char *names);

/*
 * Whether a relations file with no type column gives its relations its
 * file's name as their type (default 0): the base name without its
 * extension, `_` and `-` read as spaces, less the start that every input
 * file's name shares up to a `_`, `-` or space (montagna_meetings.csv and
 * montagna_phone.csv give "meetings" and "phone"; one file alone keeps its
 * whole name).  The names are given at kg_resolve, when every input is
 * known.
 */
kg_status kg_graph_set_type_from_file(kg_graph *g, int on);

/*
 * Whether the CSV and TSV files loaded next keep their SHA-256 and size
 * (default 0), for kg_write_report's list of its inputs: taken from the
 * very bytes the graph is built from, as they are read, on the reading
 * thread, so a file is not read a second time to say what it was, and a
 * file changed since gets no hash of bytes the graph did not see.  Off,
 * reading pays nothing for it.  Inputs read another way (workbooks,
 * FollowTheMoney lines, a mapping's tables, standard input) are hashed by
 * the report as before.
 */
kg_status kg_graph_set_file_hashes(kg_graph *g, int on);

/*
 * Reads CSV text held in memory as if it came from a file called `name`
 * (the name picks the delimiter: `.tsv` means tab; it also appears in
 * diagnostics).  `data` need not be NUL-terminated.
 */
kg_status kg_load_buffer(kg_graph *g, const char *name, const char *data,
                         size_t len);

/* ---- FollowTheMoney mappings ------------------------------------------- */

/*
 * Reads the FollowTheMoney mapping at `path` (YAML, as Aleph and FtM's
 * `ftm map` read it: datasets of queries, each a csv_url and the entities
 * each row gives) and the CSV tables it names, relative to its folder (in
 * it or below: an absolute path, "..", or a URL is an error at its line).
 * Each row gives the query's entities, with FtM's ids (the SHA-1 of the
 * dataset's name, key_literal and keys, as `ftm map --no-sign` gives
 * them), read as FtM entities are (kg_load_path's .ftm.json): a
 * relationship schema (Ownership, Employment...) a relation, any other an
 * entity typed by its schema.  Errors and warnings point at the mapping's
 * lines or the tables' rows.  KG_OK when read (rows may have had errors,
 * as with kg_load_path); KG_ERR_INPUT when the mapping has errors (none
 * of its tables is then read); KG_ERR_IO when a file cannot be read;
 * KG_ERR_NOMEM; KG_ERR_USAGE after kg_resolve.
 */
kg_status kg_load_mapping(kg_graph *g, const char *path);

/*
 * A FollowTheMoney mapping drafted from the headers of the tables at
 * paths[0..n), for an analyst to edit (one entity a table, keyed on the
 * column kgraph reads as its id, else its name; source and target columns
 * an UnknownLink), as YAML in *yaml (malloc'd, NUL-terminated, *len
 * bytes; the caller frees it).  g gives the encoding, limits and
 * diagnostics; nothing is loaded into it.  KG_OK; KG_ERR_IO or
 * KG_ERR_INPUT when a table cannot be read or has no header (said);
 * KG_ERR_NOMEM.
 */
kg_status kg_draft_mapping(kg_graph *g, const char *const *paths, size_t n,
                           char **yaml, size_t *len);

/*
 * Resolves who is who.  Call once, after all loading; loading after it is
 * a KG_ERR_USAGE.
 *
 * 1. Entities that name each other merge: an entity whose id is a name or
 *    alias of another, or one with an alias that is another's id.  A name
 *    that points at two entities that are not otherwise the same merges
 *    nothing (a warning naming both).  The first entity in input order
 *    survives; the others' names become its aliases, their attribute
 *    values are added, a different type is a warning.
 * 2. Every relation end is linked: to the entity with that exact id, else
 *    to the one entity with that name or alias (compared as set by
 *    kg_graph_set_match), else to a new node of type "unknown" (a warning).
 *    A name two entities share is never guessed (a warning).
 *
 * Every merge and every link made by a name is recorded (kg_merge_at).
 */
kg_status kg_resolve(kg_graph *g);

/*
 * Folds relations with the same source, target and type into one edge:
 * `weight` is summed (a row without one counts 1), `count` is the number
 * of rows, and every other attribute value (evidence, citations...) is
 * kept.  Call after kg_resolve.
 */
kg_status kg_merge_edges(kg_graph *g);

/* ---- Asking the graph a question ----------------------------------------- */

typedef enum kg_direction { KG_BOTH, KG_OUT, KG_IN } kg_direction;

/*
 * Which part of the graph to keep.  Zero it (or use kg_filter_defaults)
 * and set what you need; lists are comma-separated and compared without
 * regard to ASCII case.  Filters apply in this order: types, relations,
 * dates, where; then focus or path; then min_degree; then component;
 * then top.
 */
typedef struct kg_filter {
    const char *types, *exclude_types;         /* entity types */
    const char *relations, *exclude_relations; /* relation types */
    const char *since, *until;                 /* YYYY, YYYY-MM or YYYY-MM-DD */
    int dated_only;           /* drop relations without a date */
    const char *const *where; /* "ATTR=VALUE": keep matching entities */
    size_t nwhere;
    const char *const *focus; /* ids or names: keep their neighbourhood */
    size_t nfocus;
    unsigned depth;                  /* hops from the focus (default 1) */
    kg_direction direction;          /* which way edges are followed */
    const char *path_from, *path_to; /* keep the shortest paths between */
    unsigned min_degree;   /* drop nodes with fewer edges (one pass) */
    const char *component; /* "largest", or an id or name: keep that
                              connected component */
    size_t top; /* keep the `top` most central entities (betweenness, as
                   kg_write_stats ranks them) and the relations among
                   them; 0: all */
} kg_filter;

kg_filter kg_filter_defaults(void);

/*
 * Hides what the filter leaves out (from kg_write_dot, kg_render,
 * kg_write_stats and kg_graph_stats).  Call after kg_resolve (and
 * kg_merge_edges).  A malformed filter (a bad date, a name that names no
 * entity) is an error diagnostic and KG_ERR_USAGE.  Focus and path nodes
 * are drawn highlighted.
 */
kg_status kg_apply_filter(kg_graph *g, const kg_filter *f);

/* What filter i (in the order applied) removed: its name (its setting's,
 * kg_graph_name_setting: "types"...), and how many nodes and edges.  0 when i
 * is out of range or an output pointer is NULL. */
int kg_filter_step(const kg_graph *g, size_t i, const char **filter,
                   unsigned long *nodes, unsigned long *edges);

typedef enum kg_stats_format {
    KG_STATS_TEXT,
    KG_STATS_CSV,
    KG_STATS_JSON
} kg_stats_format;

/*
 * Writes statistics of the shown graph: counts per entity and relation
 * type, connected components and their sizes, the `top` entities by
 * degree, betweenness and closeness centrality (on the graph as
 * undirected and simple), and the isolated entities.  TEXT is a report to
 * read; CSV is one row per entity; JSON has all of it.
 */
kg_status kg_write_stats(const kg_graph *g, FILE *out, kg_stats_format fmt,
                         size_t top);

/* ---- Overviews ----------------------------------------------------------- */

/*
 * Finds communities among the shown entities (the Louvain method on the
 * graph taken as undirected, parallel relations adding weight; no
 * randomness, so the same graph gives the same communities) and gives
 * each shown entity a "community" attribute: "1" for the largest, "2"...
 * (ties: the community met first in input order), for cluster_by or
 * kg_collapse.  Their number goes to *count (may be NULL).  Call after
 * kg_resolve (and kg_apply_filter).
 */
kg_status kg_find_communities(kg_graph *g, size_t *count);

/*
 * What kgraph report does with a graph too large to draw whole, done at
 * once: kg_find_communities, then kg_collapse(g, "community", ...) into
 * *overview (the caller frees it; it speaks as g does), and, at the same
 * time on another thread, the centralities that kg_write_report shows,
 * into *ahead for kg_report_options.ahead (the caller frees it with
 * kg_analyses_free; NULL when memory ran out for them: the report then
 * finds them itself).  The same communities, overview and report as
 * those calls one after the other (which is how they run when
 * kg_graph_set_threads allows one thread).
 */
typedef struct kg_analyses kg_analyses;
kg_status kg_report_overview(kg_graph *g, size_t *count, kg_graph **overview,
                             kg_analyses **ahead);
void kg_analyses_free(kg_analyses *a);

/*
 * A new graph, resolved, with one entity per value of `attr` among g's
 * shown entities ("type": their type; "community" after
 * kg_find_communities): its name the value and member count ("Morocco
 * (12)"), its type `attr` (or the type itself), a description listing
 * the members (the tooltip: the first 100, then how many more) and text
 * sized by the count.  Entities
 * without a value stay themselves; past 40 groups, the smallest are drawn
 * as one node ("31 other community values").  Relations between two
 * nodes become one line (its type when all its rows have one), folded as
 * kg_merge_edges folds them (count, weight); those within a group are
 * left out, and so are the weakest links past twice the nodes (60 at
 * least): kg_graph_stats(overview).left_out counts their rows.  The
 * caller frees it.  NULL (with
 * the reason in *status, which may be NULL) on failure.
 */
kg_graph *kg_collapse(const kg_graph *g, const char *attr, kg_status *status);

/* ---- Sources ------------------------------------------------------------ */

typedef enum kg_sources_format {
    KG_SOURCES_MARKDOWN,
    KG_SOURCES_CSV,
    KG_SOURCES_HTML
} kg_sources_format;

/*
 * Writes the sources table of the shown graph, for a figure drawn with
 * kg_dot_options.cite: one row per relation with evidence or a citation
 * (a column evidence, quote, excerpt, citation, source, source_url or
 * url), numbered from 1 in input order over all relations, shown or not
 * (so figures made from the same inputs number alike): number, from, to,
 * relation, date, confidence, quote, citation.  Markdown escapes every
 * cell's markup; CSV is RFC 4180 with formula cells quoted with "'";
 * HTML is a whole page (no scripts allowed, links only http/https).
 * Call after kg_resolve.  KG_ERR_IO when a write fails.
 */
kg_status kg_write_sources(const kg_graph *g, FILE *out, kg_sources_format fmt);

/* ---- The merge report ---------------------------------------------------- */

typedef enum kg_merge_kind {
    KG_MERGED_ROW,    /* an entity row folded into an entity with its id */
    KG_MERGED_ENTITY, /* an entity folded into another (kg_resolve, 1.) */
    KG_LINKED_END     /* a relation end linked by name (kg_resolve, 2.) */
} kg_merge_kind;

typedef struct kg_merge {
    const char *survivor; /* the id of the node it is part of */
    const char *merged;   /* the id, name or relation end merged */
    kg_merge_rule rule;
    kg_merge_kind kind;
    const char *file; /* where the merged row is */
    unsigned long line;
} kg_merge;

size_t kg_merge_count(const kg_graph *g);

/* Fills *m with merge i (0 <= i < kg_merge_count), in the order they were
 * made.  Returns KG_ERR_USAGE when i is out of range. */
kg_status kg_merge_at(const kg_graph *g, size_t i, kg_merge *m);

/* "entity row", "entity", "relation end". */
const char *kg_merge_kind_name(kg_merge_kind kind);

/* Writes the merge report as CSV (survivor, merged, kind, rule, file,
 * line) with a header line.  KG_ERR_IO when a write fails. */
kg_status kg_write_merge_report(const kg_graph *g, FILE *out);

/* ---- Reading the graph --------------------------------------------------- */

/*
 * An embedder reads the graph it built through cursors: zero a kg_cursor,
 * then call a kg_next_* function until it returns 0.  What they walk is
 * the shown graph (merges, filters and folds applied), in input order.
 * The strings belong to the graph (valid until kg_graph_free); a cursor
 * is valid while the graph does not change (a load, kg_resolve,
 * kg_merge_edges, kg_apply_filter...).
 *
 *     kg_cursor c = {0};
 *     kg_entity_info e;
 *     while (kg_next_entity(g, &c, &e)) {
 *         kg_cursor a = {0};
 *         const char *key, *value;
 *         while (kg_next_entity_attr(g, e.index, &a, &key, &value))
 *             printf("%s %s=%s\n", e.id, key, value);
 *     }
 */
typedef struct kg_cursor {
    size_t pos[3]; /* private */
} kg_cursor;

typedef struct kg_entity_info {
    size_t index;       /* for kg_next_entity_attr and kg_next_alias */
    const char *id;     /* as written (or a name, for an entity that had
                           none; for a relation end, the end as written) */
    const char *name;   /* NULL when it has none */
    const char *type;   /* NULL when none was given */
    const char *file;   /* where its first row is ("<api>": from code) */
    unsigned long line; /* 0: not from a file */
} kg_entity_info;

typedef struct kg_relation_info {
    size_t index;       /* for kg_next_relation_attr */
    const char *source; /* the ids of its ends (kg_entity_info.id) */
    const char *target;
    const char *type;  /* NULL when none was given */
    const char *label; /* NULL when none was given */
    int directed;      /* 0: a row that said it has no direction */
    const char *file;
    unsigned long line;
} kg_relation_info;

/* The next shown entity into *e: 1, or 0 at the end (or for NULL). */
int kg_next_entity(const kg_graph *g, kg_cursor *c, kg_entity_info *e);

/* The next shown relation into *r: 1, or 0 at the end.  Relations are
 * walked after kg_resolve only (before it, their ends are not known). */
int kg_next_relation(const kg_graph *g, kg_cursor *c, kg_relation_info *r);

/* The next attribute (key and value) of entity `index`: its cells in
 * column order, then the values other rows and code added.  A key may
 * come more than once, with different values; empty cells are skipped.
 * 1, or 0 at the end or for an index out of range. */
int kg_next_entity_attr(const kg_graph *g, size_t index, kg_cursor *c,
                        const char **key, const char **value);

/* The same for relation `index`. */
int kg_next_relation_attr(const kg_graph *g, size_t index, kg_cursor *c,
                          const char **key, const char **value);

/* The next alias (another name) of entity `index`: 1, or 0 at the end. */
int kg_next_alias(const kg_graph *g, size_t index, kg_cursor *c,
                  const char **alias);

/* ---- Building from code ------------------------------------------------- */

/*
 * Adds an entity, or merges into the entity with the same id.  `name` and
 * `type` may be NULL.  Strings must be valid UTF-8 without NUL bytes.
 */
kg_status kg_add_entity(kg_graph *g, const char *id, const char *name,
                        const char *type);

/*
 * Sets an attribute of entity `id` (which must exist), before kg_resolve
 * (after it, KG_ERR_USAGE).  The value is data, like a CSV cell's: it is
 * drawn only when `key` is a presentation column and the value passes its
 * check (README.md, "Untrusted data"); otherwise a warning says so, and
 * the DOT keeps it as data.  A key named like one an output writes itself
 * ("label", "type", "id"...) is written there as "data_" + key.
 */
kg_status kg_set_entity_attr(kg_graph *g, const char *id, const char *key,
                             const char *value);

/* Adds another name by which relations may refer to entity `id`. */
kg_status kg_add_alias(kg_graph *g, const char *id, const char *alias);

/*
 * Adds a relation from `source` to `target` (ids, names or aliases, resolved
 * by kg_resolve).  `type` may be NULL.  Returns its index through `index`
 * (may be NULL), for kg_set_relation_attr.
 */
kg_status kg_add_relation(kg_graph *g, const char *source, const char *target,
                          const char *type, size_t *index);

/* The same for relation `index` (kg_add_relation), before kg_resolve. */
kg_status kg_set_relation_attr(kg_graph *g, size_t index, const char *key,
                               const char *value);

/*
 * The id of the node that `name` (an id, name or alias, compared as
 * kg_resolve does) stands for, or NULL when it names none or is ambiguous.
 * Valid after kg_resolve.
 */
const char *kg_lookup(const kg_graph *g, const char *name);

/* One node a name could stand for (kg_lookup_candidates).  The strings
 * are the graph's. */
typedef struct kg_candidate {
    const char *id;
    const char *name;  /* NULL when it has none */
    const char *type;  /* NULL when it has none */
    unsigned distance; /* 0 when the name matches it; else the edits */
} kg_candidate;

/*
 * What `name` could stand for, to say so when kg_lookup finds no one node.
 * When the name matches nodes as kg_lookup compares (one, or several: it
 * is ambiguous), those, in the order of their ids, with *matched set to 1
 * and distance 0.  Else the nodes it nearly names, best first, *matched
 * 0: those whose id, name or alias is the same once accents, case,
 * punctuation and spaces are set aside (distance 0), then those a few
 * edits away (a character added, dropped, changed, or two swapped: at
 * most 1 for a name of up to 4 characters, 2 up to 8, 3 past that; the
 * distance is the count), then those it names a word of ("Atta" for
 * "Mohamed Atta"; distance one more than the most edits); ties in the
 * order of the ids.  Merged entities are their node.
 *
 * Writes at most `max` into `out` (which may be NULL when max is 0) and
 * returns how many there are in all, so a message can add "and N more".
 * One linear scan of the entities.  0 before kg_resolve, or when out of
 * memory.  `matched` may be NULL.
 */
size_t kg_lookup_candidates(const kg_graph *g, const char *name,
                            kg_candidate *out, size_t max, int *matched);

/* ---- Writing ------------------------------------------------------------ */

/* kg_dot_options.legend: a figure of the key alone, to place beside the
 * graph drawn without it (the command's --legend FILE). */
#define KG_LEGEND_ONLY 2

/* How the picture is drawn.  Start from kg_dot_defaults(). */
typedef struct kg_dot_options {
    int legend;             /* 1: a key of the looks present, under the
                               drawing (the default); 0: none;
                               KG_LEGEND_ONLY: the key alone */
    const char *cluster_by; /* group nodes by this attribute ("type" too);
                               "a/b" nests; NULL: no clusters */
    const char *title;      /* graph name (SVG <title>) and a caption;
                               NULL: "kgraph", no caption */
    int dpi;                /* a bitmap's (PNG, JPEG, GIF) resolution; 0:
                               96, or 300 with a page; SVG, PDF, PS are
                               in points whatever it says */
    unsigned timeout;       /* kg_render: seconds before giving up; 0: none */
    size_t max_memory;      /* kg_render: bytes the layout may use; 0: half
                               of the machine's memory */
    double page_width;      /* kg_render: the text block to fit, in points */
    double page_height;     /* (kg_page_parse); 0 x 0: the natural size */
    int page_either;        /* either orientation of the block will do */
    const char *page_unit;  /* an SVG's width and height in "cm", "mm",
                               "in" (kg_page_unit); NULL: "pt" */
    int cite;               /* number the relations that have a source,
                               "[12]" on the line (kg_write_sources) */
    int undirected;         /* draw relations without arrows */
    int no_layout;          /* exports: no positions from kgraph's layout
                               (the tool lays the graph out) */
} kg_dot_options;

/*
 * A page for kg_dot_options: "a4", "a3", "letter" (portrait), the same
 * with "-landscape", "auto" (A4, whichever orientation reads better), or
 * the text block itself, "WxH" with a unit: "16x24cm", "160x240mm",
 * "6.3x9.4in", "450x680pt".  A named page gives its text block: the page
 * less margins of 2.5 cm at the sides and 2.85 cm at the top and bottom
 * (portrait; 2.5 cm all round in landscape), so A4 is 16 x 24 cm and A4
 * landscape 24.7 x 16 cm.  Sets the block in points and whether either
 * orientation will do; KG_ERR_USAGE for anything else.
 */
kg_status kg_page_parse(const char *spec, double *width, double *height,
                        int *either);

/* The unit a page is measured in, for the SVG's width and height: "cm"
 * for A4 and A3 (and "auto"), "in" for letter, the unit given with WxH;
 * NULL when kg_page_parse refuses `spec`. */
const char *kg_page_unit(const char *spec);

/*
 * What a rendered figure is like on paper, measured on Graphviz's layout
 * (README.md, "Figures on paper").  Text printed below 6 pt cannot be
 * read; 8-9 pt is comfortable.
 */
typedef struct kg_figure {
    char engine[24]; /* the layout drawn: "dot", "dot LR", "neato"... */
    double width;    /* the drawing at 100%, in points (72 an inch) */
    double height;
    double block_width;   /* the text block it was measured for, in points: */
    double block_height;  /* the page asked, else A4 portrait (16 x 24 cm) */
    int fitted;           /* the drawing was scaled to that block */
    double scale;         /* the block over the drawing, at most 1 */
    double name_pt;       /* the smallest entity name, printed, in points */
    double label_pt;      /* the smallest relation label printed (0: none) */
    long labels_on_nodes; /* relation labels over an entity; -1: not
                             measured (too large a graph) */
    long edges_through_names; /* lines through an entity they do not end
                                 at; -1: not measured */
    long crossings; /* pairs of lines that cross; -1: not measured (more
                       than 2,000 lines) */
    /* Collisions, counted on the layout (shapes as drawn, lines on their
     * curves); -1: not measured (past 20 million pair tests).  Added at
     * the end in 0.1 (unreleased): labels_on_nodes and
     * edges_through_names now test outlines, not bounding boxes. */
    long relations;              /* lines drawn, the key's left out */
    long entity_overlaps;        /* pairs of entities drawn over each other */
    long text_overlaps;          /* pairs of texts over each other: names,
                                    relation labels and a group's "xN", cluster
                                    titles, the key's texts */
    long names_outside;          /* entity names sticking out of their shape */
    long cluster_overlaps;       /* pairs of cluster boxes that cross, neither
                                    holding the other */
    long clusters_over_entities; /* entities under the box of a cluster
                                    they are not in (each pair) */
} kg_figure;

/* The defaults: a legend, nothing else. */
kg_dot_options kg_dot_defaults(void);

/*
 * Reads a style sheet (see README.md, "Style sheets") on top of the
 * current one, which starts as the built-in theme.  Problems are errors
 * with file and line.  KG_ERR_IO when the file cannot be read.
 */
kg_status kg_load_style(kg_graph *g, const char *path);

/*
 * Writes the graph as Graphviz DOT.  The output is deterministic (input
 * order), and Graphviz reads every id and value back exactly (see README.md,
 * "Guarantees").  `opts` may be NULL for the defaults.  KG_ERR_IO when a
 * write fails.
 */
kg_status kg_write_dot(const kg_graph *g, FILE *out,
                       const kg_dot_options *opts);

/*
 * Lays the graph out with Graphviz `engine` and renders it in `format` to
 * `out`: "svg", "png", "pdf", "ps", "eps", "jpg"/"jpeg", "gif", or
 * Graphviz's laid-out "dot"/"gv", "xdot", "canon" and "plain" (others are
 * KG_ERR_USAGE: see README.md, "Untrusted data").  Without an engine
 * (NULL), kg_auto_engine picks one.
 *
 * When `out` has a file descriptor, layout and rendering run in a child
 * process (fork) with opts->timeout and opts->max_memory as limits, so
 * that a Graphviz crash cannot take the caller down; a memory stream is
 * rendered in this process, without limits.  Anything Graphviz reports as
 * an error, a crash, a bitmap of more than 32767 pixels a side or 100
 * million in all, and an SVG that fails kgraph's safety check are
 * KG_ERR_RENDER, and nothing is written to `out`; a failed write is
 * KG_ERR_IO.  The child's end is always read: a full disk is "cannot
 * write: No space left on device", a crash names its signal.
 *
 * Why it failed is said through the graph's diagnostic callback (an
 * error with no file); on success, Graphviz's warnings are, a warning
 * each.
 *
 * Graphviz keeps process-wide state (its error callback, plugins, fonts):
 * kg_render, kg_render_figure, kg_render_has_format, kg_render_has_engine
 * and the exports with positions (kg_write_export) take a lock inside
 * the library around it, so graphs on other threads wait for each other
 * there.  A program that forks must not do so while another of its
 * threads is in one of those calls.
 */
kg_status kg_render(const kg_graph *g, const kg_dot_options *opts,
                    const char *format, const char *engine, FILE *out);

/*
 * The same, and what the figure is like on paper into *figure (which may
 * be NULL).  With a page in `opts`, the figure is drawn for print (names
 * wrapped, a pair's rows of one type as one line, frequent relation types
 * by colour and the key: README.md, "Figures on paper") and scaled to fit
 * the page; without an engine, kgraph lays the graph out a few ways (dot
 * top-down and left-right, or sfdp for large graphs; neato three ways),
 * measures each for the page and draws the one that reads best (kg_figure
 * says which).  With an engine that draws no cluster boxes (neato, sfdp,
 * twopi, circo), opts->cluster_by is left out, with a warning.
 */
kg_status kg_render_figure(const kg_graph *g, const kg_dot_options *opts,
                           const char *format, const char *engine, FILE *out,
                           kg_figure *figure);

/*
 * Whether the installed Graphviz renders `format` / has the layout engine
 * `engine`.  When it does not, `known` (of `knownlen` bytes, may be NULL)
 * receives the names it has, separated by spaces.
 */
int kg_render_has_format(const char *format, char *known, size_t knownlen);

/*
 * The layout engine kgraph uses when none is named: "dot" (layered, the most
 * readable) for graphs it lays out in seconds, "sfdp" (force-directed,
 * scales to thousands) beyond.  NULL for a NULL graph.
 */
const char *kg_auto_engine(const kg_graph *g);

int kg_render_has_engine(const char *engine, char *known, size_t knownlen);

/* ---- Exports --------------------------------------------------------------
 */

typedef enum kg_export_format {
    KG_EXPORT_GRAPHML, /* GraphML, styled for yEd (y: ShapeNode, edges) */
    KG_EXPORT_GEXF,    /* GEXF 1.3, for Gephi and Gephi Lite */
    KG_EXPORT_GEXF12,  /* GEXF 1.2draft (networkx 2.8 reads only this) */
    KG_EXPORT_CYJS,    /* Cytoscape.js JSON: {"elements": {...}} */
    KG_EXPORT_FTM      /* FollowTheMoney entities, a JSON object a line
                          (Aleph, OpenSanctions): people, organisations...
                          and relations as FtM's relationship schemata,
                          countries as properties; ids as FtM allows them
                          ([a-zA-Z0-9-], other bytes as .HH) */
} kg_export_format;

/*
 * Writes the shown graph (filters and folds applied, as the picture) for
 * another tool: every attribute declared once and typed by its values
 * (boolean, long, double, else string; a key with several values on one
 * element: a string "a; b", a GEXF liststring), every edge with a unique
 * id (parallel edges kept), direction kept per edge, looks (shape,
 * colours, line style) as kgraph draws them, and positions from kgraph's
 * own layout for graphs of up to 800 entities (laid out in a child
 * process as kg_render does; `opts` as for it, may be NULL).  Text is
 * escaped for XML or JSON; a character XML 1.0 cannot hold (a control
 * character) is written as U+FFFD, with a warning.  README.md, "Exports",
 * says what each tool keeps.  KG_ERR_IO when a write fails.
 */
kg_status kg_write_export(const kg_graph *g, FILE *out, kg_export_format fmt,
                          const kg_dot_options *opts);

/*
 * Writes the shown graph as a folder for Neo4j's bulk import (made when
 * missing, as kg_output_folder does; each file written safely, as
 * kg_output does): entities.csv (id:ID, name, :LABEL from the type,
 * aliases:string[], typed properties: :long, :double, :boolean, :date for
 * whole dates), relations.csv (:START_ID, :END_ID, :TYPE: the relation
 * type when it is an identifier, else made one, "took part in" ->
 * TOOK_PART_IN, with the original in a column `relation`), import.sh (the
 * neo4j-admin command with the flags the data needs) and load.cypher
 * (LOAD CSV, one statement per label and per relationship type).
 *
 * No name from the data can end a name in load.cypher, whatever Neo4j's
 * parser makes of \uXXXX escapes before it lexes: a label is the type
 * with each backslash and control character made '_'; a property is the
 * column's name, data_NAME for one of kgraph's own (id, name, aliases,
 * relation, label, type, directed), with ':', ',', '"', backslash,
 * control characters and a space at either end made '_'.  Names are
 * unique: a made name that meets another gets _2, _3... in the order the
 * data has them.  A label that is not its type keeps the type in the
 * property `type`; a relationship type, the relation type in `relation`.
 * kgraph reads the folder back to the same graph.  Why it failed is said
 * through the diagnostic callback.
 */
kg_status kg_write_neo4j(const kg_graph *g, const char *dir);

/* The names of the files kg_write_neo4j writes into its folder, in the
 * order written, NULL after the last: so that a caller can refuse, before
 * any work, a folder whose files would replace its inputs. */
const char *const *kg_neo4j_files(void);

/* ---- The HTML report ------------------------------------------------------
 */

/* What goes into a report besides the graph.  Start from
 * kg_report_defaults(). */
typedef struct kg_report_options {
    kg_dot_options figure;        /* how the figure is drawn (its title is the
                                     report's); default: kg_dot_defaults() with
                                     cite, so lines carry the table's numbers
                                     (an overview's lines, which fold many
                                     rows each, carry their counts) */
    const char *engine;           /* the layout engine, or NULL to let kgraph
                                     choose, as kg_render_figure does */
    const kg_graph *figure_graph; /* drawn instead of the graph (an
                                     overview, kg_collapse, of a graph too
                                     large to draw); NULL: the graph */
    const char *const *notes;     /* the run's warnings, as the caller showed
                                     them, for the report's list */
    size_t nnotes;
    long long date; /* the run's date, seconds since 1970 (UTC); -1, the
                       default: SOURCE_DATE_EPOCH when set, else now */
    const kg_analyses *ahead; /* the centralities, found by
                                 kg_report_overview on this graph
                                 unchanged since (still the caller's);
                                 NULL, the default: found here */
} kg_report_options;

kg_report_options kg_report_defaults(void);

/*
 * Writes one self-contained HTML page about the shown graph: a header
 * (the title, kgraph's version, the date, the counts of kg_graph_stats,
 * each input file with its size and SHA-256), the figure as inline SVG
 * (rendered as kg_render_figure does, in a bounded child) with pan, zoom,
 * search by name, alias or id with the hits' neighbours highlighted, and
 * a panel that shows what a clicked entity or relation holds; then tables
 * of the entities (degree, betweenness), the relations (numbered as
 * kg_write_sources numbers them, with evidence, date, confidence and
 * citation), the merges and the run's warnings, sortable and filterable;
 * and a print style sheet.  Nothing is loaded from anywhere: the script
 * and style are inline and a Content-Security-Policy allows only them;
 * every value is escaped for where it lands (HTML text, or JSON inside a
 * script element).  The same inputs give the same bytes (the date aside,
 * which SOURCE_DATE_EPOCH fixes).  A figure Graphviz cannot draw (it
 * refuses the layout, runs out of time or memory) gives way to simpler
 * ones, in turn: the same without the numbers on its lines, then an
 * overview of the entities by type (kg_collapse "type") when that has
 * fewer nodes; a warning says why and what was drawn.  When none can be,
 * the page says why, and the tables are written anyway.
 */
kg_status kg_write_report(const kg_graph *g, FILE *out,
                          const kg_report_options *opts);

/* ---- Timelines ------------------------------------------------------------
 */

/* How dates are spread along a timeline: to scale, or each distinct date
 * given the same room (when a few dates cluster). */
typedef enum kg_time_scale { KG_TIME_REAL, KG_TIME_EVEN } kg_time_scale;

/*
 * The shown graph's dated relations as a theme-line chart, in DOT with
 * every position pinned (drawn by Graphviz's "nop" engine): each entity
 * that takes part in a dated relation a horizontal line named at its
 * left (and right, on a long chart), ordered by first appearance then by
 * the barycentre of its partners; each relation a connector between the
 * lines of its ends at its date (date or start_date), labelled with the
 * relation (and its number, with opts->cite), solid, dashed or dotted by
 * confidence, the quote as tooltip; an end_date makes a bar along both
 * lines.  Marks closer than 18 pt are spread in date order, so none
 * overlap; ticks of years, months or days, as the span asks.  The count
 * of relations without a date (not drawn) goes to *undated (may be
 * NULL) and into the key.  `opts` may be NULL.
 */
kg_status kg_write_timeline(const kg_graph *g, FILE *out,
                            const kg_dot_options *opts, kg_time_scale ts,
                            unsigned long *undated);

/* The same, rendered in `format` as kg_render does (bounded, gated);
 * with a page in opts, scaled to it. */
kg_status kg_render_timeline(const kg_graph *g, const kg_dot_options *opts,
                             kg_time_scale ts, const char *format, FILE *out,
                             unsigned long *undated);

/* ---- Comparing two versions ---------------------------------------------- */

/*
 * What changed between two resolved graphs: the inputs of last week's
 * brief (`before`) and this week's (`after`).  Entities are matched by id,
 * then as kg_resolve matches names (the newer entity's id, name, then
 * aliases looked up in the older graph): an entity renamed under the same
 * id is changed, not removed and added.  Relations are matched by their
 * ends (as matched), type and date, in input order among those that share
 * all four.  A matched pair has changed when its name, type, aliases, an
 * attribute's values (in any order), a relation's label or direction
 * differ.  Only shown elements count (filter both alike).  Both graphs
 * must outlive the diff.  NULL (with the reason in *status, which may be
 * NULL) on failure.
 */
typedef struct kg_diff kg_diff;

typedef struct kg_diff_counts {
    unsigned long entities_added, entities_removed, entities_changed;
    unsigned long relations_added, relations_removed, relations_changed;
} kg_diff_counts;

kg_diff *kg_diff_new(const kg_graph *before, const kg_graph *after,
                     kg_status *status);
void kg_diff_free(kg_diff *d);

/* All zero for NULL, and when nothing changed. */
kg_diff_counts kg_diff_counts_of(const kg_diff *d);

typedef enum kg_diff_format {
    KG_DIFF_TEXT, /* "- entity ...", "+ relation ...", "~ ..." and each
                     changed field "    key: \"old\" -> \"new\"", then
                     the counts */
    KG_DIFF_CSV,  /* element, change, id, source, target, type, date,
                     field, old, new: a row per element added or removed,
                     per field changed */
    KG_DIFF_JSON  /* {"entities": [...], "relations": [...], "counts"} */
} kg_diff_format;

/* Writes the change list: removed, then added, then changed, entities
 * before relations, each in input order. */
kg_status kg_write_diff(const kg_diff *d, FILE *out, kg_diff_format fmt);

/*
 * The newer graph with the changes marked, to draw (kg_render,
 * kg_write_dot): entities and relations added in a highlight colour and
 * bold, those removed kept as grey dashed ghosts (under their own id, or
 * "ID (removed)" when the newer graph uses it), those changed outlined;
 * the key has a row for each mark drawn.  With `changed_only`, only the
 * changes, their neighbours and the relations that touch a changed
 * entity.  A new, resolved graph the caller frees; NULL (the reason in
 * *status, which may be NULL) on failure.
 */
kg_graph *kg_diff_graph(const kg_diff *d, int changed_only, kg_status *status);

/* ---- Writing a file safely ---------------------------------------------- */

/*
 * An output destination that never leaves a damaged file behind.  A regular
 * file (or a path that does not exist yet) is written to a temporary file in
 * the same folder and renamed over the target only by kg_output_commit.  A
 * device, FIFO or "-" (standard output) is written directly and never
 * replaced.  A folder is refused.
 */
typedef struct kg_output kg_output;

/* On failure returns NULL with a message in `err`. */
kg_output *kg_output_open(const char *path, char *err, size_t errlen);

/*
 * Makes folder `path` ready for files written into it with
 * kg_output_open: made when missing; a symbolic link at `path` is
 * followed as kg_output_open follows one (a dangling one: its target is
 * made), and refused when another user made it in a shared sticky folder
 * such as /tmp.  KG_OK, or KG_ERR_IO (KG_ERR_USAGE for a NULL or empty
 * path) with a message in `err`.
 */
kg_status kg_output_folder(const char *path, char *err, size_t errlen);

/* The stream to write to; NULL for NULL. */
FILE *kg_output_stream(kg_output *out);

/* The path of the temporary file, or NULL when writing directly. */
const char *kg_output_temp_path(const kg_output *out);

/*
 * Removes every temporary file of the outputs open now in the process
 * (those of kg_output_open, and those the library opens itself, such as
 * kg_write_neo4j's): for a signal handler, which then ends the program.
 * Async-signal-safe.  A temporary file is made with the calling thread's
 * signals blocked until it is known here, so a handler finds each one
 * (up to 32 open at once).
 */
void kg_output_remove_temps(void);

/* Flushes, closes and renames into place.  Frees `out` in every case
 * (KG_ERR_USAGE for NULL). */
kg_status kg_output_commit(kg_output *out, char *err, size_t errlen);

/* Discards what was written (removes the temporary file).  Frees `out`. */
void kg_output_abort(kg_output *out);

#ifdef __cplusplus
}
#endif

#endif /* KGRAPH_H */
