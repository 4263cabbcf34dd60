/*
 * output.c - writing a file so that a failure never damages what was there.
 *
 * A regular file (or a new path) is written to a temporary file beside it
 * and renamed over it only once everything was written and flushed.  Any
 * other kind of target (a device such as /dev/full or /dev/stdout, a FIFO,
 * a socket) is opened and written directly: renaming over it would replace
 * the device node itself, which as root would destroy it.
 *
 * An existing file is replaced by exchanging the two names atomically
 * (renameat2 RENAME_EXCHANGE) and removing the old file, where the system
 * can: a plain rename over an existing file makes ext4 (auto_da_alloc)
 * write out the new file's data there and then, half a second for a 600 MB
 * graph.  Readers see the old file or the new one, never neither.
 */
#define _GNU_SOURCE /* renameat2 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kgraph.h"

struct kg_output {
    FILE *stream;
    char *target; /* NULL when writing directly */
    char *temp;
    int is_stdout;
};

static kg_output *fail(kg_output *o, char *err, size_t errlen, const char *what,
                       const char *path)
{
    if (err && errlen)
        snprintf(err, errlen, "%s: %s: %s", path, what, strerror(errno));
    if (o) {
        free(o->target);
        free(o->temp);
        free(o);
    }
    return NULL;
}

/* "dir/.name.kgraph-XXXXXX" beside `path`. */
static char *temp_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path + 1) : 0;
    const char *base = path + dirlen;
    size_t n = strlen(path) + 32;
    char *t = malloc(n);
    if (t)
        snprintf(t, n, "%.*s.%s.kgraph-XXXXXX", (int)dirlen, path, base);
    return t;
}

static kg_output *open_direct(kg_output *o, const char *path, char *err,
                              size_t errlen)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0 || !(o->stream = fdopen(fd, "w"))) {
        if (fd >= 0)
            close(fd);
        return fail(o, err, errlen, "cannot write", path);
    }
    return o;
}

/* Regular files: write beside, rename later.  A symbolic link is followed
 * so that the link stays and its target is replaced. */
static kg_output *open_replacing(kg_output *o, const char *path,
                                 const struct stat *old, char *err,
                                 size_t errlen)
{
    char *real = old ? realpath(path, NULL) : NULL;
    o->target = real ? real : strdup(path);
    o->temp = o->target ? temp_name(o->target) : NULL;
    if (!o->temp)
        return fail(o, err, errlen, "out of memory", path);
    int fd = mkstemp(o->temp);
    if (fd < 0) {
        free(o->temp);
        o->temp = NULL;
        return fail(o, err, errlen, "cannot create a file beside", path);
    }
    mode_t mode = 0666;
    if (old) {
        mode = old->st_mode & 07777;
    } else {
        mode_t mask = umask(0);
        umask(mask);
        mode &= ~mask;
    }
    if (fchmod(fd, mode) != 0 || !(o->stream = fdopen(fd, "w"))) {
        close(fd);
        unlink(o->temp);
        return fail(o, err, errlen, "cannot write", path);
    }
    /* large writes: a big graph is hundreds of MB of DOT */
    setvbuf(o->stream, NULL, _IOFBF, 1 << 20);
    return o;
}

kg_output *kg_output_open(const char *path, char *err, size_t errlen)
{
    kg_output *o = calloc(1, sizeof *o);
    if (!o)
        return fail(NULL, err, errlen, "out of memory", path);
    if (strcmp(path, "-") == 0 || strcmp(path, "/dev/stdout") == 0) {
        o->stream = stdout;
        o->is_stdout = 1;
        return o;
    }
    /* /dev/fd/N, /proc/self/fd/N and the like lead to whatever that
     * descriptor is (often a regular file): never replace those. */
    if (strncmp(path, "/dev/", 5) == 0 || strncmp(path, "/proc/", 6) == 0)
        return open_direct(o, path, err, errlen);
    struct stat st;
    if (stat(path, &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            errno = EISDIR;
            return fail(o, err, errlen, "cannot write", path);
        }
        if (!S_ISREG(st.st_mode))
            return open_direct(o, path, err, errlen);
        return open_replacing(o, path, &st, err, errlen);
    }
    if (errno != ENOENT)
        return fail(o, err, errlen, "cannot write", path);
    return open_replacing(o, path, NULL, err, errlen);
}

FILE *kg_output_stream(kg_output *o)
{
    return o->stream;
}

const char *kg_output_temp_path(const kg_output *o)
{
    return o->temp;
}

static void release(kg_output *o)
{
    free(o->target);
    free(o->temp);
    free(o);
}

/* Puts `temp` in place of `target`: by exchanging the names when target
 * is a regular file and the system can (then the old file, now at temp,
 * is removed), else by renaming. */
static int replace(const char *temp, const char *target)
{
#ifdef RENAME_EXCHANGE
    struct stat st;
    if (lstat(target, &st) == 0 && S_ISREG(st.st_mode) &&
        renameat2(AT_FDCWD, temp, AT_FDCWD, target, RENAME_EXCHANGE) == 0) {
        unlink(temp);
        return 0;
    }
#endif
    return rename(temp, target);
}

kg_status kg_output_commit(kg_output *o, char *err, size_t errlen)
{
    const char *name = o->target ? o->target : "output";
    /* no fsync: like a compiler, kgraph leaves flushing to disk to the
     * system (it cost seconds on large outputs); the rename is still
     * atomic for every reader */
    int bad = fflush(o->stream) != 0 || ferror(o->stream);
    int saved = errno;
    if (!o->is_stdout && fclose(o->stream) != 0 && !bad) {
        bad = 1;
        saved = errno;
    }
    if (!bad && o->temp && replace(o->temp, o->target) != 0) {
        bad = 1;
        saved = errno;
    }
    if (bad) {
        if (err && errlen)
            snprintf(err, errlen, "%s: cannot write: %s", name,
                     strerror(saved));
        if (o->temp)
            unlink(o->temp);
        release(o);
        return KG_ERR_IO;
    }
    release(o);
    return KG_OK;
}

void kg_output_abort(kg_output *o)
{
    if (!o)
        return;
    if (!o->is_stdout)
        fclose(o->stream);
    if (o->temp)
        unlink(o->temp);
    release(o);
}
