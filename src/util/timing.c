/*
 * timing.c - phases measured for the caller (timing.h).
 *
 * Wall time is CLOCK_MONOTONIC.  CPU time is the process's (all its
 * threads) plus that of the children it has waited for, so a figure laid
 * out in a bounded child counts once that child is reaped.  The peak is
 * getrusage's ru_maxrss (KiB on Linux), the larger of the process's and
 * its largest child's: a high-water mark since the start, not the phase's
 * own.
 */
#include "util/timing.h"

#include <sys/resource.h>
#include <time.h>

static double seconds(clockid_t id)
{
    struct timespec ts;
    if (clock_gettime(id, &ts) != 0)
        return 0;
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double tv(struct timeval t)
{
    return (double)t.tv_sec + (double)t.tv_usec / 1e6;
}

static double children_cpu(void)
{
    struct rusage ru;
    if (getrusage(RUSAGE_CHILDREN, &ru) != 0)
        return 0;
    return tv(ru.ru_utime) + tv(ru.ru_stime);
}

static double peak_bytes(void)
{
    struct rusage self, kids;
    long kib = 0;
    if (getrusage(RUSAGE_SELF, &self) == 0)
        kib = self.ru_maxrss;
    if (getrusage(RUSAGE_CHILDREN, &kids) == 0 && kids.ru_maxrss > kib)
        kib = kids.ru_maxrss;
    return (double)kib * 1024.0;
}

kg_clock kg_clock_now(void)
{
    kg_clock c = {seconds(CLOCK_MONOTONIC),
                  seconds(CLOCK_PROCESS_CPUTIME_ID) + children_cpu()};
    return c;
}

kg_clock kg_clock_start(const kg_diagsink *d)
{
    kg_clock c = {0, 0};
    return d && d->timing ? kg_clock_now() : c;
}

kg_timing kg_clock_measure(kg_clock c)
{
    kg_clock now = kg_clock_now();
    kg_timing t = {"",
                   "",
                   now.wall > c.wall ? now.wall - c.wall : 0,
                   now.cpu > c.cpu ? now.cpu - c.cpu : 0,
                   peak_bytes(),
                   -1,
                   -1};
    return t;
}

void kg_clock_pass(const kg_diagsink *d, const kg_timing *t)
{
    if (d && d->timing)
        d->timing(t, d->timing_ctx);
}

void kg_clock_say(const kg_diagsink *d, kg_clock c, const char *phase,
                  const char *subject)
{
    if (!d || !d->timing)
        return;
    kg_timing t = kg_clock_measure(c);
    t.phase = phase;
    t.subject = subject ? subject : "";
    d->timing(&t, d->timing_ctx);
}
