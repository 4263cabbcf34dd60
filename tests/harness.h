/*
 * harness.h - a tiny test harness (after cmark's api_test).
 *
 *   TEST(name) { CHECK(cond); CHECK_STR(got, want); ... }
 *   int main(void) { RUN(name); ...; return harness_done("unit"); }
 *
 * Each CHECK counts as one assertion; a test passes when all its checks do.
 * harness_done() prints "SUITE: N passed, N failed" and returns the exit
 * status.
 */
#ifndef KG_HARNESS_H
#define KG_HARNESS_H

#include <stdio.h>
#include <string.h>

static int h_passed, h_failed, h_test_failed;
static const char *h_current;

#define TEST(name) static void name(void)

#define RUN(name)                                                              \
    do {                                                                       \
        h_current = #name;                                                     \
        h_test_failed = 0;                                                     \
        name();                                                                \
        if (h_test_failed)                                                     \
            h_failed++;                                                        \
        else                                                                   \
            h_passed++;                                                        \
    } while (0)

#define CHECK(cond)                                                            \
    do {                                                                       \
        if (!(cond)) {                                                         \
            fprintf(stderr, "%s:%d: %s: check failed: %s\n", __FILE__,         \
                    __LINE__, h_current, #cond);                               \
            h_test_failed = 1;                                                 \
        }                                                                      \
    } while (0)

#define CHECK_STR(got, want)                                                   \
    do {                                                                       \
        const char *g_ = (got), *w_ = (want);                                  \
        if (!g_ || !w_ || strcmp(g_, w_) != 0) {                               \
            fprintf(stderr, "%s:%d: %s: got \"%s\", want \"%s\"\n", __FILE__,  \
                    __LINE__, h_current, g_ ? g_ : "(null)",                   \
                    w_ ? w_ : "(null)");                                       \
            h_test_failed = 1;                                                 \
        }                                                                      \
    } while (0)

#define CHECK_INT(got, want)                                                   \
    do {                                                                       \
        long long g_ = (long long)(got), w_ = (long long)(want);               \
        if (g_ != w_) {                                                        \
            fprintf(stderr, "%s:%d: %s: %s is %lld, want %lld\n", __FILE__,    \
                    __LINE__, h_current, #got, g_, w_);                        \
            h_test_failed = 1;                                                 \
        }                                                                      \
    } while (0)

static inline int harness_done(const char *suite)
{
    printf("%s: %d passed, %d failed\n", suite, h_passed, h_failed);
    return h_failed ? 1 : 0;
}

#endif
