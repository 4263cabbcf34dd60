/*
 * path.c - how an output names an input file (path.h).
 */
#include "util/path.h"

#include <limits.h>
#include <string.h>
#include <unistd.h>

/* The part of absolute `path` below the working folder, or NULL when it
 * does not lie inside it (or the folder cannot be told). */
static const char *below_working_folder(const char *path)
{
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof cwd) || strcmp(cwd, "/") == 0)
        return NULL;
    size_t n = strlen(cwd);
    if (strncmp(path, cwd, n) != 0 || path[n] != '/')
        return NULL;
    const char *rest = path + n;
    while (*rest == '/')
        rest++;
    return *rest ? rest : NULL;
}

int kg_path_shown(kg_buf *b, const char *path)
{
    if (!path || path[0] != '/')
        return kg_buf_puts(b, path ? path : "");
    const char *below = below_working_folder(path);
    if (below)
        return kg_buf_puts(b, below);
    const char *slash = strrchr(path, '/');
    return kg_buf_puts(b, slash[1] ? slash + 1 : path);
}

int kg_path_join(kg_buf *b, const char *dir, const char *name)
{
    size_t n = strlen(dir);
    return kg_buf_puts(b, dir) ||
                   (n && dir[n - 1] != '/' && kg_buf_putc(b, '/'))
               ? -1
               : kg_buf_puts(b, name);
}
