/*
 * dottext.c - the DOT text a picture is drawn from (dottext.h).
 */
#include "render/dottext.h"

#include <stdio.h>
#include <stdlib.h>

#include "draw/write_dot.h"
#include "rules/dot.h"
#include "util/alloc.h"
#include "util/buf.h"

/* The controls of `dot` shown (kg_dottext_shown); malloc'd or NULL. */
static char *controls_shown(const char *dot)
{
    kg_buf b;
    kg_buf_init(&b);
    for (const unsigned char *p = (const unsigned char *)dot; *p; p++) {
        int nonchar =
            p[0] == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF);
        int control =
            (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') || *p == 0x7F;
        int rc;
        if (nonchar) {
            rc = kg_buf_puts(&b, "\xEF\xBF\xBD");
            p += 2;
        } else if (control) { /* U+2400 + c, U+2421 for DEL */
            unsigned c = *p == 0x7F ? 0x21 : *p;
            char u[3] = {(char)0xE2, (char)(0x90 | c >> 6),
                         (char)(0x80 | (c & 63))};
            rc = kg_buf_append(&b, u, 3);
        } else {
            rc = kg_buf_putc(&b, (char)*p);
        }
        if (rc) {
            kg_buf_free(&b);
            return NULL;
        }
    }
    return b.data ? b.data : kg_strndup("", 0);
}

char *kg_dottext_shown(const char *dot)
{
    char *drawn = kg_dot_drawn(dot);
    char *shown = drawn ? controls_shown(drawn) : NULL;
    free(drawn);
    return shown;
}

char *kg_dottext_of(const kg_graph *g, const kg_dot_options *opts, int picture,
                    double key_width, kg_status *st)
{
    char *dot = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&dot, &len);
    if (!mem) {
        *st = KG_ERR_NOMEM;
        return NULL;
    }
    int paper = opts && opts->page_width > 0; /* drawn for a page */
    if (picture)                              /* no data: nothing draws it */
        *st = kg_write_dot_picture(g, mem, opts, paper, key_width);
    else if (paper)
        *st = kg_write_dot_paper(g, mem, opts, key_width);
    else
        *st = kg_write_dot(g, mem, opts);
    if (fclose(mem) != 0 && *st == KG_OK)
        *st = KG_ERR_NOMEM;
    if (*st == KG_OK && picture) {
        char *shown = kg_dottext_shown(dot);
        free(dot);
        dot = shown;
        *st = dot ? KG_OK : KG_ERR_NOMEM;
    }
    if (*st != KG_OK) {
        free(dot);
        return NULL;
    }
    return dot;
}
