/*
 * image.c - pictures of entities from the folder --images names (image.h).
 */
#include "rules/image.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "rules/svgcheck.h"
#include "util/alloc.h"

/* Whether the path has a ".." component, or is absolute. */
static int leaves(const char *value)
{
    if (value[0] == '/')
        return 1;
    for (const char *p = value; *p;) {
        size_t n = strcspn(p, "/");
        if (n == 2 && p[0] == '.' && p[1] == '.')
            return 1;
        p += n + (p[n] == '/');
    }
    return 0;
}

/* A PNG's size from its header; 0 when it is not a PNG. */
static int png_size(const unsigned char *b, size_t n, unsigned long *w,
                    unsigned long *h)
{
    if (n < 24 || memcmp(b, "\x89PNG\r\n\x1A\n", 8) != 0 ||
        memcmp(b + 12, "IHDR", 4) != 0)
        return 0;
    *w = (unsigned long)b[16] << 24 | (unsigned long)b[17] << 16 |
         (unsigned long)b[18] << 8 | b[19];
    *h = (unsigned long)b[20] << 24 | (unsigned long)b[21] << 16 |
         (unsigned long)b[22] << 8 | b[23];
    return 1;
}

/* A JPEG's size from its first frame header (SOF0..SOF15 but DHT, JPG and
 * DAC); 0 when it is not a JPEG or has none. */
static int jpeg_size(const unsigned char *b, size_t n, unsigned long *w,
                     unsigned long *h)
{
    if (n < 4 || b[0] != 0xFF || b[1] != 0xD8)
        return 0;
    for (size_t i = 2; i + 9 < n;) {
        if (b[i] != 0xFF)
            return 0;
        unsigned char m = b[i + 1];
        if (m == 0xFF) {
            i++;
            continue;
        }
        size_t len = (size_t)b[i + 2] << 8 | b[i + 3];
        if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
            *h = (unsigned long)b[i + 5] << 8 | b[i + 6];
            *w = (unsigned long)b[i + 7] << 8 | b[i + 8];
            return 1;
        }
        if (len < 2)
            return 0;
        i += 2 + len;
    }
    return 0;
}

/* Whether the text is an SVG file as Graphviz 2.43 recognises one: an
 * XML declaration, then an <svg element in the first 4 KB. */
static int looks_svg(const char *b, size_t n)
{
    const char *end = b + (n < 4096 ? n : 4096);
    if (n < 5 || memcmp(b, "<?xml", 5) != 0)
        return 0;
    for (const char *p = b; p + 4 < end; p++)
        if (memcmp(p, "<svg", 4) == 0 && strchr(" \t\r\n>", p[4]))
            return 1;
    return 0;
}

/* What the file at `path` (st) holds: NULL when it is a picture kgraph
 * draws. */
static const char *picture_problem(const char *path, const struct stat *st,
                                   char *why, size_t len)
{
    if (!S_ISREG(st->st_mode))
        return "is not a regular file";
    if ((size_t)st->st_size > KG_IMAGE_MAX_BYTES)
        return "is larger than 10 MB";
    FILE *f = fopen(path, "rb");
    if (!f)
        return "cannot be read";
    size_t n = (size_t)st->st_size;
    unsigned char *b = kg_malloc(n + 1);
    size_t got = b ? fread(b, 1, n, f) : 0;
    fclose(f);
    const char *problem = NULL;
    unsigned long w = 0, h = 0;
    if (!b || got != n)
        problem = "cannot be read";
    else if (png_size(b, n, &w, &h) || jpeg_size(b, n, &w, &h))
        problem = w > KG_IMAGE_MAX_SIDE || h > KG_IMAGE_MAX_SIDE
                      ? "is more than 10000 pixels a side"
                  : !w || !h ? "has no size"
                             : NULL;
    else if (!looks_svg((const char *)b, n))
        problem = "is not a PNG, JPEG or SVG picture (an SVG file must "
                  "begin with <?xml ...?> for Graphviz 2.43 to see it as one)";
    else if (kg_svg_check_image((const char *)b, n, why, len))
        problem = why; /* an SVG with code or links in it */
    free(b);
    return problem;
}

/* "PROBLEM SETTING[ END]" into why[0..len): a problem with where the
 * picture is, naming the setting that says where pictures may be. */
static const char *about_folder(const kg_picture_dir *dir, const char *problem,
                                const char *end, char *why, size_t len)
{
    snprintf(why, len, "%s %s%s", problem, dir->setting, end);
    return why;
}

const char *kg_image_check(const kg_picture_dir *dir, const char *value,
                           char *why, size_t len)
{
    if (!dir->path)
        return about_folder(dir, "is not drawn without", "", why, len);
    if (!*value || leaves(value))
        return about_folder(dir, "is not a relative path inside the", " folder",
                            why, len);
    size_t dn = strlen(dir->path);
    char *path = kg_malloc(dn + strlen(value) + 2);
    if (!path)
        return "cannot be checked (out of memory)";
    sprintf(path, "%s/%s", dir->path, value);
    char *real = realpath(path, NULL);
    free(path);
    struct stat st;
    const char *problem = NULL;
    if (!real)
        problem = about_folder(dir, "does not name a file in the", " folder",
                               why, len);
    else if (strncmp(real, dir->path, dn) != 0 || real[dn] != '/')
        problem = about_folder(dir, "leads out of the", " folder", why, len);
    else if (stat(real, &st) != 0)
        problem = "cannot be read";
    else
        problem = picture_problem(real, &st, why, len);
    free(real);
    return problem;
}
