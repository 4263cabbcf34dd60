/*
 * sandbox.c - a job in a bounded child process (sandbox.h).
 *
 * The child gets two pipes: one for its reply, one that becomes its
 * standard error, and a third for its stream when the caller takes one.
 * The parent reads them until they close or time runs out, kills the
 * child when it is late (or the stream's taker says stop), and always
 * reaps it.
 */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#include "util/sandbox.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <time.h>
#include <unistd.h>

/* Whether a sanitizer maps terabytes of shadow memory (no limit then). */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define SANITIZED 1
#endif
#endif
#ifndef SANITIZED
#define SANITIZED 0
#endif

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void *kg_sandbox_shared(size_t size)
{
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
                   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

void kg_sandbox_shared_free(void *p, size_t size)
{
    if (p)
        munmap(p, size);
}

size_t kg_sandbox_default_memory(void)
{
    long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);
    if (pages <= 0 || size <= 0)
        return (size_t)4 << 30;
    return (size_t)pages / 2 * (size_t)size;
}

/* The process's address space now, in bytes (0 when unknown): the
 * libraries and the caller's data a child starts with. */
static size_t address_space(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    unsigned long pages = 0;
    if (f) {
        if (fscanf(f, "%lu", &pages) != 1)
            pages = 0;
        fclose(f);
    }
    return (size_t)pages * (size_t)sysconf(_SC_PAGESIZE);
}

/* Limits the address space to `bytes` more than the child has (which
 * includes memory the caller had freed but kept: malloc may use that
 * first). */
static void limit_memory(size_t bytes)
{
    if (SANITIZED)
        return;
    bytes += address_space();
    struct rlimit rl = {bytes, bytes};
    setrlimit(RLIMIT_AS, &rl);
}

/* In a child: where its stream goes (the child has one thread). */
static int stream_out = -1;

int kg_sandbox_stream_fd(void)
{
    return stream_out;
}

int kg_sandbox_write_all(int fd, const void *data, size_t len)
{
    const char *p = data;
    while (len) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

/* The child: a process of its own, bounded, that ends with _exit.  The
 * caller's signal handlers (which may remove the caller's files) are not
 * its business; what it writes to standard error (a library's
 * complaints, a failed assertion) goes to the parent. */
static _Noreturn void child(const kg_sandbox *s, void *reply, int reply_fd,
                            int err_fd, int stream_fd)
{
    stream_out = stream_fd;
#ifdef __linux__
    prctl(PR_SET_PDEATHSIG, SIGKILL); /* do not outlive the caller */
    if (getppid() == 1)
        _exit(1);
#endif
    static const int sigs[] = {SIGINT,  SIGTERM, SIGHUP, SIGQUIT, SIGPIPE,
                               SIGSEGV, SIGBUS,  SIGILL, SIGFPE,  SIGABRT};
    for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++)
        signal(sigs[i], SIG_DFL);
    dup2(err_fd, STDERR_FILENO);
    if (s->prepare)
        s->prepare(s->ctx);
    limit_memory(s->memory);
    s->run(s->ctx, reply);
    (void)kg_sandbox_write_all(reply_fd, reply, s->reply_size);
#ifdef KG_COVERAGE /* make coverage: _exit would lose the child's counts */
    extern void __gcov_dump(void);
    __gcov_dump();
#endif
    _exit(0);
}

enum { NPIPES = 3 }; /* the reply, standard error, the stream */

static void close_all(int p[NPIPES][2], int end)
{
    for (int i = 0; i < NPIPES; i++)
        if (p[i][end] >= 0)
            close(p[i][end]);
}

/* Starts the child with its pipes (the stream's only when s takes one);
 * the parent's ends go to fds (-1 for no stream).  The child's pid, or
 * -1 with nothing started and nothing left open. */
static pid_t start(const kg_sandbox *s, void *reply, int fds[NPIPES])
{
    int p[NPIPES][2] = {{-1, -1}, {-1, -1}, {-1, -1}};
    for (int i = 0; i < NPIPES; i++) {
        if (i == 2 && !s->stream)
            break;
        if (pipe(p[i]) != 0) {
            close_all(p, 0);
            close_all(p, 1);
            return -1;
        }
    }
    pid_t pid = fork();
    if (pid == 0) {
        close_all(p, 0);
        child(s, reply, p[0][1], p[1][1], p[2][1]);
    }
    close_all(p, 1);
    if (pid < 0) {
        close_all(p, 0);
        return -1;
    }
    for (int i = 0; i < NPIPES; i++)
        fds[i] = p[i][0];
    return pid;
}

/* What the parent has read from the child so far. */
typedef struct reading {
    char *reply;
    size_t size, got; /* got beyond size: more than a reply, not one */
    char *text;       /* standard error, as much as fits, '\0'-ended */
    size_t textlen, used;
    const kg_sandbox *s; /* its stream callback */
    int cut;             /* the callback said stop */
} reading;

static void keep_text(reading *r, const char *bytes, size_t n)
{
    if (r->used + 1 >= r->textlen)
        return;
    size_t room = r->textlen - 1 - r->used;
    size_t c = n < room ? n : room;
    memcpy(r->text + r->used, bytes, c);
    r->used += c;
    r->text[r->used] = '\0';
}

/* Reads what pipe i (0: the reply, 1: standard error, 2: the stream)
 * has ready.  0, or -1 when it has closed (or the stream's taker said
 * stop: r->cut). */
static int read_ready(int fd, int i, reading *r)
{
    char sink[16384];
    int to_reply = i == 0 && r->got < r->size;
    char *into = to_reply ? r->reply + r->got : sink;
    ssize_t k = read(fd, into, to_reply ? r->size - r->got : sizeof sink);
    if (k < 0 && errno == EINTR)
        return 0;
    if (k <= 0)
        return -1;
    if (i == 0)
        r->got += (size_t)k;
    else if (i == 1)
        keep_text(r, sink, (size_t)k);
    else if (r->s->stream(r->s->ctx, sink, (size_t)k) != 0)
        return r->cut = 1, -1;
    return 0;
}

/* Reads the child's pipes until all close, time runs out or the
 * stream's taker says stop.  0, or -1 when late (or when they cannot be
 * watched), or when cut (r->cut). */
static int collect(const int fds[NPIPES], reading *r, long long deadline)
{
    struct pollfd p[NPIPES];
    int open = 0;
    for (int i = 0; i < NPIPES; i++) {
        p[i] = (struct pollfd){fds[i], POLLIN, 0};
        open += fds[i] >= 0;
    }
    while (open) {
        long long left = deadline - now_ms();
        if (left <= 0)
            return -1;
        int n = poll(p, NPIPES, left > 1000 ? 1000 : (int)left);
        if (n < 0 && errno != EINTR)
            return -1;
        for (int i = 0; n > 0 && i < NPIPES; i++) {
            if (p[i].fd < 0 || !p[i].revents)
                continue;
            if (read_ready(p[i].fd, i, r) != 0) {
                if (r->cut)
                    return -1;
                p[i].fd = -1;
                open--;
            }
        }
    }
    return 0;
}

/* How a child ended, from what was read and waitpid's status. */
static kg_sandbox_end ended(int late, int cut, int whole, int status)
{
    kg_sandbox_end end = {KG_SANDBOX_REPLIED, 0, -1};
    if (cut) {
        end.how = KG_SANDBOX_CUT;
    } else if (late) {
        end.how = KG_SANDBOX_LATE;
    } else if (!whole) {
        end.how = KG_SANDBOX_STOPPED;
        if (WIFSIGNALED(status))
            end.signal = WTERMSIG(status);
        else if (WIFEXITED(status))
            end.exit_status = WEXITSTATUS(status);
    }
    return end;
}

kg_sandbox_end kg_sandbox_run(const kg_sandbox *s, void *reply, char *text,
                              size_t textlen)
{
    text[0] = '\0';
    memset(reply, 0, s->reply_size); /* the child's copy too */
    int fds[NPIPES];
    pid_t pid = start(s, reply, fds);
    if (pid < 0)
        return (kg_sandbox_end){KG_SANDBOX_UNSTARTED, 0, -1};
    reading r = {reply, s->reply_size, 0, text, textlen, 0, s, 0};
    long long deadline = s->timeout_ms ? now_ms() + (long long)s->timeout_ms
                                       : (long long)1 << 62;
    int late = collect(fds, &r, deadline);
    for (int i = 0; i < NPIPES; i++)
        if (fds[i] >= 0)
            close(fds[i]);
    if (late)
        kill(pid, SIGKILL);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        continue;
    return ended(late, r.cut, r.got == s->reply_size, status);
}
