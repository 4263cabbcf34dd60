/*
 * regression_driver.c - a fuzzer's entry point run without libFuzzer, on
 * every file named (a folder: every file in it), as zstd's
 * tests/fuzz/regression_driver.c does.  Linked with one fuzz_*.c and the
 * ordinary library, it replays tests/fuzz/regressions/ in make check and
 * make test, so an input that once failed fails the ordinary test run
 * when it fails again: the target aborts, or a sanitizer stops it.
 *
 * Prints "NAME: N inputs" on success; exits 1 when a file cannot be read.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Runs the target on one file's bytes, in a block of exactly their size
 * (so that ASan sees any read past them); 0, or -1 when it cannot be
 * read. */
static int replay(const char *path)
{
    FILE *f = fopen(path, "rb");
    struct stat st;
    if (!f || fstat(fileno(f), &st) != 0) {
        if (f)
            fclose(f);
        return -1;
    }
    size_t len = (size_t)st.st_size;
    uint8_t *data = malloc(len ? len : 1);
    int ok = data && fread(data, 1, len, f) == len;
    fclose(f);
    if (ok)
        LLVMFuzzerTestOneInput(data, len);
    free(data);
    return ok ? 0 : -1;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Replays every regular file in folder `dir`, in name order; returns how
 * many, or -1. */
static long replay_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    char **names = NULL;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char **more = realloc(names, (n + 1) * sizeof *names);
        if (!more)
            break;
        names = more;
        names[n] = malloc(strlen(dir) + strlen(e->d_name) + 2);
        if (!names[n])
            break;
        sprintf(names[n++], "%s/%s", dir, e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, by_name);
    long count = 0;
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (count >= 0 && stat(names[i], &st) == 0 && S_ISREG(st.st_mode))
            count = replay(names[i]) == 0 ? count + 1 : -1;
        free(names[i]);
    }
    free(names);
    return count;
}

int main(int argc, char **argv)
{
    const char *name =
        strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
    long total = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        long n = stat(argv[i], &st) != 0 ? -1
                 : S_ISDIR(st.st_mode)   ? replay_dir(argv[i])
                 : replay(argv[i]) == 0  ? 1
                                         : -1;
        if (n < 0) {
            fprintf(stderr, "%s: cannot read %s\n", name, argv[i]);
            return 1;
        }
        total += n;
    }
    printf("%s: %ld inputs\n", name, total);
    return 0;
}
