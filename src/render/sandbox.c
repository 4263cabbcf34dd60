/*
 * sandbox.c - a job in a bounded child process (sandbox.h).
 *
 * The child gets two pipes: one for its reply, one that becomes its
 * standard error.  The parent reads both until they close or time runs
 * out, kills the child when it is late, and always reaps it.
 */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#include "render/sandbox.h"

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
                            int err_fd)
{
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

/* Starts the child with its two pipes; the parent's ends go to fds
 * (the reply, standard error).  The child's pid, or -1 with nothing
 * started and nothing left open. */
static pid_t start(const kg_sandbox *s, void *reply, int fds[2])
{
    int rep[2], errp[2];
    if (pipe(rep) != 0)
        return -1;
    if (pipe(errp) != 0) {
        close(rep[0]);
        close(rep[1]);
        return -1;
    }
    pid_t pid = fork();
    if (pid == 0) {
        close(rep[0]);
        close(errp[0]);
        child(s, reply, rep[1], errp[1]);
    }
    close(rep[1]);
    close(errp[1]);
    if (pid < 0) {
        close(rep[0]);
        close(errp[0]);
        return -1;
    }
    fds[0] = rep[0];
    fds[1] = errp[0];
    return pid;
}

/* What the parent has read from the child so far. */
typedef struct reading {
    char *reply;
    size_t size, got; /* got beyond size: more than a reply, not one */
    char *text;       /* standard error, as much as fits, '\0'-ended */
    size_t textlen, used;
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

/* Reads what pipe i (0: the reply, 1: standard error) has ready.  0, or
 * -1 when it has closed. */
static int read_ready(int fd, int i, reading *r)
{
    char sink[4096];
    int to_reply = i == 0 && r->got < r->size;
    char *into = to_reply ? r->reply + r->got : sink;
    ssize_t k = read(fd, into, to_reply ? r->size - r->got : sizeof sink);
    if (k < 0 && errno == EINTR)
        return 0;
    if (k <= 0)
        return -1;
    if (i == 0)
        r->got += (size_t)k;
    else
        keep_text(r, sink, (size_t)k);
    return 0;
}

/* Reads the child's pipes until both close or time runs out.  0, or -1
 * when late (or when they cannot be watched). */
static int collect(const int fds[2], reading *r, long long deadline)
{
    struct pollfd p[2] = {{fds[0], POLLIN, 0}, {fds[1], POLLIN, 0}};
    int open = 2;
    while (open) {
        long long left = deadline - now_ms();
        if (left <= 0)
            return -1;
        int n = poll(p, 2, left > 1000 ? 1000 : (int)left);
        if (n < 0 && errno != EINTR)
            return -1;
        for (int i = 0; n > 0 && i < 2; i++) {
            if (p[i].fd < 0 || !p[i].revents)
                continue;
            if (read_ready(p[i].fd, i, r) != 0) {
                p[i].fd = -1;
                open--;
            }
        }
    }
    return 0;
}

/* How a child ended, from what was read and waitpid's status. */
static kg_sandbox_end ended(int late, int whole, int status)
{
    kg_sandbox_end end = {KG_SANDBOX_REPLIED, 0, -1};
    if (late) {
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
    int fds[2];
    pid_t pid = start(s, reply, fds);
    if (pid < 0)
        return (kg_sandbox_end){KG_SANDBOX_UNSTARTED, 0, -1};
    reading r = {reply, s->reply_size, 0, text, textlen, 0};
    long long deadline = s->timeout_ms ? now_ms() + (long long)s->timeout_ms
                                       : (long long)1 << 62;
    int late = collect(fds, &r, deadline);
    close(fds[0]);
    close(fds[1]);
    if (late)
        kill(pid, SIGKILL);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        continue;
    return ended(late, r.got == s->reply_size, status);
}
