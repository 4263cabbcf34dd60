/*
 * floor.c - the floor for `make bench`: read CSV files with libcsv and
 * write a DOT statement per row, keeping no graph.  Nothing kgraph does
 * can be faster than reading its input and writing its output.
 *
 *   floor ENTITIES.csv RELATIONS.csv > out.dot
 */
#include <csv.h>
#include <stdio.h>
#include <string.h>

typedef struct row {
    char field[3][256];
    size_t n;
    int relations;
    unsigned long rows;
} row;

static void on_field(void *s, size_t len, void *ctx)
{
    row *r = ctx;
    if (r->n < 3) {
        size_t k = len < 255 ? len : 255;
        memcpy(r->field[r->n], s, k);
        r->field[r->n][k] = '\0';
    }
    r->n++;
}

static void quoted(const char *s)
{
    putchar('"');
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            putchar('\\');
        putchar(*s);
    }
    putchar('"');
}

static void on_row(int c, void *ctx)
{
    row *r = ctx;
    (void)c;
    if (r->rows++ && r->n >= 3) {
        fputs("  ", stdout);
        quoted(r->field[0]);
        if (r->relations) {
            fputs(" -> ", stdout);
            quoted(r->field[1]);
            fputs(" [type=", stdout);
            quoted(r->field[2]);
        } else {
            fputs(" [label=", stdout);
            quoted(r->field[1]);
        }
        fputs("];\n", stdout);
    }
    r->n = 0;
}

static int read_file(const char *path, int relations)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 1;
    struct csv_parser p;
    csv_init(&p, CSV_STRICT | CSV_STRICT_FINI);
    row r = {.relations = relations};
    char buf[1 << 16];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        csv_parse(&p, buf, n, on_field, on_row, &r);
    csv_fini(&p, on_field, on_row, &r);
    csv_free(&p);
    fclose(f);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 3)
        return 2;
    fputs("digraph floor {\n", stdout);
    int rc = read_file(argv[1], 0) || read_file(argv[2], 1);
    fputs("}\n", stdout);
    return rc;
}
