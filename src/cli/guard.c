/*
 * guard.c - the command's guards (guard.h): temporaries and signals,
 * outputs against inputs, text for terminals.
 */
#include "cli/guard.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kgraph.h"
#include "util/term.h"

/* ---- Temporaries and signals ---- */

static void on_signal(int sig)
{
    kg_output_remove_temps();
    signal(sig, SIG_DFL);
    raise(sig);
}

void kg_guard_signals(void)
{
    static char alt_stack[1 << 16]; /* for a stack overflow's SIGSEGV */
    stack_t ss = {.ss_sp = alt_stack, .ss_size = sizeof alt_stack};
    sigaltstack(&ss, NULL);
    /* interrupts a caller chose to ignore (nohup, a background job) stay
     * ignored */
    static const int polite[] = {SIGINT, SIGHUP, SIGQUIT};
    static const int always[] = {SIGTERM, SIGPIPE, SIGSEGV, SIGBUS,
                                 SIGILL,  SIGFPE,  SIGABRT};
    struct sigaction sa = {0};
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof polite / sizeof *polite; i++) {
        struct sigaction old;
        if (sigaction(polite[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
            sigaction(polite[i], &sa, NULL);
    }
    for (size_t i = 0; i < sizeof always / sizeof *always; i++)
        sigaction(always[i], &sa, NULL);
    signal(SIGXFSZ, SIG_IGN);
}

/* ---- Outputs against inputs ---- */

/* path as one spelling: the real path when it exists, else its real
 * folder and its name.  Malloc'd, or NULL. */
static char *canonical(const char *path)
{
    char *real = realpath(path, NULL);
    if (real)
        return real;
    const char *slash = strrchr(path, '/');
    char *dir = slash ? strndup(path, (size_t)(slash - path) + (slash == path))
                      : strdup(".");
    char *rdir = dir ? realpath(dir, NULL) : NULL;
    free(dir);
    const char *base = slash ? slash + 1 : path;
    size_t n = rdir ? strlen(rdir) + strlen(base) + 2 : 0;
    char *out = rdir ? malloc(n) : NULL;
    if (out)
        snprintf(out, n, "%s/%s", strcmp(rdir, "/") ? rdir : "", base);
    free(rdir);
    return out ? out : strdup(path);
}

static int is_stdout(const char *p)
{
    return strcmp(p, "-") == 0 || strcmp(p, "/dev/stdout") == 0;
}

/* Whether name ends in .csv or .tsv (any case): what kgraph reads from a
 * folder. */
static int csv_name(const char *name)
{
    size_t n = strlen(name);
    if (n < 4 || name[n - 4] != '.')
        return 0;
    const char *e = name + n - 3;
    char lower[4] = {(char)(e[0] | 0x20), (char)(e[1] | 0x20),
                     (char)(e[2] | 0x20), '\0'};
    return strcmp(lower, "csv") == 0 || strcmp(lower, "tsv") == 0;
}

/* Whether output `out` would destroy input `in` (a message if so). */
static int hits_input(const char *out, const char *in, char *msg, size_t len)
{
    struct stat so, si;
    int out_exists = stat(out, &so) == 0 && S_ISREG(so.st_mode);
    if (stat(in, &si) != 0)
        return 0;
    if (out_exists && S_ISREG(si.st_mode) && so.st_dev == si.st_dev &&
        so.st_ino == si.st_ino) {
        snprintf(msg, len,
                 "%s is also an input (%s); kgraph does not write "
                 "over its input",
                 out, in);
        return 1;
    }
    if (!S_ISDIR(si.st_mode) || !csv_name(out))
        return 0;
    char *co = canonical(out), *ci = canonical(in);
    const char *slash = co ? strrchr(co, '/') : NULL;
    int inside = slash && ci &&
                 (size_t)(slash - co) == strlen(ci) - (strcmp(ci, "/") == 0) &&
                 strncmp(co, ci, (size_t)(slash - co)) == 0;
    if (inside)
        snprintf(msg, len,
                 "%s is also an input: it is in the input folder %s, where "
                 "kgraph reads every *.csv and *.tsv file",
                 out, in);
    free(co);
    free(ci);
    return inside;
}

/* Whether outputs a and b are one file. */
static int same_output(const char *a, const char *b)
{
    if (is_stdout(a) || is_stdout(b))
        return is_stdout(a) && is_stdout(b);
    struct stat sa, sb;
    if (stat(a, &sa) == 0 && stat(b, &sb) == 0) {
        if (!S_ISREG(sa.st_mode) || !S_ISREG(sb.st_mode))
            return 0; /* /dev/null twice is fine */
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
    }
    char *ca = canonical(a), *cb = canonical(b);
    int same = ca && cb && strcmp(ca, cb) == 0;
    free(ca);
    free(cb);
    return same;
}

int kg_guard_outputs(const char *const *outputs, size_t noutputs,
                     const char *const *inputs, size_t ninputs, char *msg,
                     size_t len)
{
    for (size_t i = 0; i < noutputs; i++) {
        const char *out = outputs[i];
        if (!out)
            continue;
        for (size_t k = 0; !is_stdout(out) && k < ninputs; k++)
            if (hits_input(out, inputs[k], msg, len))
                return -1;
        for (size_t k = i + 1; k < noutputs; k++)
            if (outputs[k] && same_output(out, outputs[k])) {
                snprintf(msg, len,
                         "%s and %s are the same file: give each "
                         "output its own",
                         out, outputs[k]);
                return -1;
            }
    }
    return 0;
}

/* ---- Text for terminals ---- */

void kg_guard_puts(FILE *f, const char *s)
{
    for (const char *p = s; *p;) {
        size_t run = kg_term_plain(p);
        fwrite(p, 1, run, f);
        p += run;
        char esc[KG_TERM_ESCAPE_MAX];
        size_t used = *p ? kg_term_escape(p, esc) : 0;
        if (used)
            fputs(esc, f);
        p += used;
    }
}
