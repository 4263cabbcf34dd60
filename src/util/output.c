/*
 * output.c - writing a file so that a failure never damages what was there.
 *
 * A regular file (or a new path) is written to a temporary file beside it
 * and renamed over it only once everything was written and flushed.  Any
 * other kind of target (a device such as /dev/full or /dev/stdout, a FIFO,
 * a socket) is opened and written directly: renaming over it would replace
 * the device node itself, which as root would destroy it.
 *
 * A symbolic link stays a link: the chain is read link by link and the
 * file it ends at is replaced (or made, when the link dangles), keeping
 * its owner, group and mode.  A link in a sticky folder that others may
 * write to (/tmp) is followed only when it is ours or the folder owner's,
 * as the kernel's protected_symlinks rule has it: kgraph often runs as
 * root, and a link planted there by another user would otherwise let that
 * user have any file on the system replaced.  A path through /proc or
 * /dev that names a regular file is written beside its real name when it
 * has one (/proc/self/cwd/x.dot), else in place, truncated.
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
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kgraph.h"
#include "util/alloc.h"

struct kg_output {
    FILE *stream;
    char *target; /* NULL when writing directly */
    char *temp;
    int is_stdout;
    int slot; /* its place in the table below, or -1 */
};

/* ---- The temporary files open now, for a signal handler ----
 *
 * One table for every output of the process, so that a handler can remove
 * them all (kg_output_remove_temps).  A slot is free (0), being filled
 * (1), or names a file that exists (2); the handler reads only slots in
 * state 2, whose name is complete.  The file is made and its slot set
 * with the calling thread's signals blocked, so that no signal comes
 * between the two: a handler finds every temporary file there is.  With
 * more outputs open at once than the table holds, the others are written
 * as safely, but a signal may leave them behind. */
enum { KG_TEMPS = 32 };
static char temp_paths[KG_TEMPS][PATH_MAX];
static atomic_int temp_state[KG_TEMPS];

static int temp_claim(void)
{
    for (int i = 0; i < KG_TEMPS; i++) {
        int free_slot = 0;
        if (atomic_compare_exchange_strong(&temp_state[i], &free_slot, 1))
            return i;
    }
    return -1;
}

/* mkstemp(o->temp), and the file named in the table, with no signal
 * between; the descriptor or -1. */
static int make_temp(kg_output *o)
{
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    int fd = mkstemp(o->temp);
    size_t n = fd >= 0 ? strlen(o->temp) : 0;
    o->slot = fd >= 0 && n < PATH_MAX ? temp_claim() : -1;
    if (o->slot >= 0) {
        memcpy(temp_paths[o->slot], o->temp, n + 1);
        atomic_store(&temp_state[o->slot], 2);
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return fd;
}

static void temp_forget(kg_output *o)
{
    if (o->slot >= 0)
        atomic_store(&temp_state[o->slot], 0);
    o->slot = -1;
}

void kg_output_remove_temps(void)
{
    for (int i = 0; i < KG_TEMPS; i++)
        if (atomic_load(&temp_state[i]) == 2)
            unlink(temp_paths[i]);
}

static kg_output *fail(kg_output *o, char *err, size_t errlen, const char *what,
                       const char *path)
{
    if (err && errlen && errno == EPERM && strstr(what, "link"))
        snprintf(err, errlen, "%s: %s", path, what);
    else if (err && errlen)
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
    char *t = kg_malloc(n);
    if (t)
        snprintf(t, n, "%.*s.%s.kgraph-XXXXXX", (int)dirlen, path, base);
    return t;
}

/* Writes to path itself: a device, a FIFO, or a file that can only be
 * reached through a descriptor's name (/proc/self/fd/N); a regular file
 * is truncated first. */
static kg_output *open_direct(kg_output *o, const char *path, int regular,
                              char *err, size_t errlen)
{
    int flags = O_WRONLY | O_CLOEXEC | O_NOCTTY | (regular ? O_TRUNC : 0);
    int fd = open(path, flags);
    if (fd < 0 || !(o->stream = fdopen(fd, "w"))) {
        if (fd >= 0)
            close(fd);
        return fail(o, err, errlen, "cannot write", path);
    }
    return o;
}

/* Regular files: write beside `target`, rename later.  An existing file
 * keeps its owner, group and mode. */
static kg_output *open_replacing(kg_output *o, const char *path, char *target,
                                 const struct stat *old, char *err,
                                 size_t errlen)
{
    o->target = target;
    o->temp = o->target ? temp_name(o->target) : NULL;
    if (!o->temp)
        return fail(o, err, errlen, "out of memory", path);
    int fd = make_temp(o);
    if (fd < 0) {
        free(o->temp);
        o->temp = NULL;
        return fail(o, err, errlen, "cannot create a file beside", path);
    }
    mode_t mode = 0666;
    if (old) {
        mode = old->st_mode & 07777;
        /* as root, the file stays its owner's; otherwise this may fail
         * for the owner (then the file becomes the writer's, as with any
         * program that replaces a file) */
        if (fchown(fd, old->st_uid, old->st_gid) != 0 &&
            fchown(fd, (uid_t)-1, old->st_gid) != 0)
            errno = 0;
    } else {
        mode_t mask = umask(0);
        umask(mask);
        mode &= ~mask;
    }
    if (fchmod(fd, mode) != 0 || !(o->stream = fdopen(fd, "w"))) {
        close(fd);
        unlink(o->temp);
        temp_forget(o);
        return fail(o, err, errlen, "cannot write", path);
    }
    /* large writes: a big graph is hundreds of MB of DOT */
    setvbuf(o->stream, NULL, _IOFBF, 1 << 20);
    return o;
}

/* Whether following the link `link` (lstat'ed as *st) would be what the
 * kernel's protected_symlinks refuses: a link in a sticky folder that
 * others may write to (/tmp), owned neither by us nor by the folder's
 * owner.  Someone else planted it; following it as root could replace
 * any file on the system. */
static int planted(const char *link, const struct stat *st)
{
    char *copy = kg_strdup(link);
    if (!copy)
        return 1;
    char *slash = strrchr(copy, '/');
    const char *dir = slash ? (slash == copy ? "/" : copy) : ".";
    if (slash && slash != copy)
        *slash = '\0';
    struct stat d;
    int bad = stat(dir, &d) != 0 ||
              ((d.st_mode & S_ISVTX) && (d.st_mode & S_IWOTH) &&
               st->st_uid != geteuid() && st->st_uid != d.st_uid);
    free(copy);
    return bad;
}

/* The file a chain of symbolic links at `path` ends at (malloc'd), which
 * need not exist yet: each link read, relative ones against their own
 * folder.  NULL with errno set (ELOOP, or EPERM for a planted link). */
static char *link_target(const char *path)
{
    char *at = kg_strdup(path);
    for (int hops = 0; at && hops < 40; hops++) {
        struct stat st;
        if (lstat(at, &st) != 0 || !S_ISLNK(st.st_mode))
            return at;
        if (planted(at, &st)) {
            free(at);
            errno = EPERM;
            return NULL;
        }
        char to[PATH_MAX];
        ssize_t n = readlink(at, to, sizeof to - 1);
        if (n < 0) {
            free(at);
            return NULL;
        }
        to[n] = '\0';
        const char *slash = strrchr(at, '/');
        size_t dirlen = to[0] == '/' || !slash ? 0 : (size_t)(slash - at) + 1;
        char *next = kg_malloc(dirlen + (size_t)n + 1);
        if (next) {
            memcpy(next, at, dirlen);
            memcpy(next + dirlen, to, (size_t)n + 1);
        }
        free(at);
        at = next;
    }
    free(at);
    errno = ELOOP;
    return NULL;
}

/* Whether path goes through the kernel's magic links (/proc/self/fd/N,
 * /dev/fd/N, /dev/stdout), whose targets are descriptors, not names. */
static int magic(const char *path)
{
    return strncmp(path, "/proc/", 6) == 0 || strncmp(path, "/dev/", 5) == 0;
}

kg_output *kg_output_open(const char *path, char *err, size_t errlen)
{
    if (!path) {
        errno = EINVAL;
        return fail(NULL, err, errlen, "no path", "output");
    }
    kg_output *o = kg_calloc(1, sizeof *o);
    if (!o)
        return fail(NULL, err, errlen, "out of memory", path);
    o->slot = -1;
    if (strcmp(path, "-") == 0 || strcmp(path, "/dev/stdout") == 0) {
        o->stream = stdout;
        o->is_stdout = 1;
        return o;
    }
    struct stat st;
    int exists = stat(path, &st) == 0;
    if (!exists && errno != ENOENT)
        return fail(o, err, errlen, "cannot write", path);
    if (exists && S_ISDIR(st.st_mode)) {
        errno = EISDIR;
        return fail(o, err, errlen, "cannot write", path);
    }
    /* links are read one by one, and a planted one refused, before
     * anything is opened through them (a device as much as a file) */
    char *target = link_target(path);
    if (!target && errno == EPERM)
        return fail(o, err, errlen,
                    "is a symbolic link another user made in a shared "
                    "folder; kgraph does not follow it",
                    path);
    if (!target)
        return fail(o, err, errlen, "cannot follow the link", path);
    if (exists && !S_ISREG(st.st_mode)) {
        free(target);
        return open_direct(o, path, 0, err, errlen);
    }
    if (exists && magic(path)) {
        /* /proc/self/cwd/x.dot is a name in disguise: write beside it;
         * a descriptor's file without a name is written in place */
        free(target);
        char *real = realpath(path, NULL);
        if (real && !magic(real))
            return open_replacing(o, path, real, &st, err, errlen);
        free(real);
        return open_direct(o, path, 1, err, errlen);
    }
    /* a symbolic link stays a link: its target is written (and made,
     * when the link dangles) */
    return open_replacing(o, path, target, exists ? &st : NULL, err, errlen);
}

kg_status kg_output_folder(const char *path, char *err, size_t errlen)
{
    if (!path || !*path) {
        errno = EINVAL;
        fail(NULL, err, errlen, "no path", "output folder");
        return KG_ERR_USAGE;
    }
    /* the links kg_output_open follows, followed as it does: a planted
     * one is refused before anything is made or written through it */
    char *target = link_target(path);
    if (!target && errno == EPERM) {
        fail(NULL, err, errlen,
             "is a symbolic link another user made in a shared folder; "
             "kgraph does not follow it",
             path);
        return KG_ERR_IO;
    }
    if (!target) {
        fail(NULL, err, errlen, "cannot follow the link", path);
        return KG_ERR_IO;
    }
    struct stat st;
    int made = mkdir(target, 0777) == 0;
    free(target);
    if (!made && errno != EEXIST) {
        fail(NULL, err, errlen, "cannot make the folder", path);
        return KG_ERR_IO;
    }
    if (stat(path, &st) == 0) {
        if (S_ISDIR(st.st_mode))
            return KG_OK;
        errno = ENOTDIR;
    }
    fail(NULL, err, errlen, "cannot write into it", path);
    return KG_ERR_IO;
}

FILE *kg_output_stream(kg_output *o)
{
    return o ? o->stream : NULL;
}

const char *kg_output_temp_path(const kg_output *o)
{
    return o ? o->temp : NULL;
}

static void release(kg_output *o)
{
    temp_forget(o);
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
    if (!o)
        return KG_ERR_USAGE;
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
    if (!bad && o->temp && o->target && replace(o->temp, o->target) != 0) {
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
