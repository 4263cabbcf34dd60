/*
 * page_plan.c - relations as a printed figure draws them.
 *
 * On paper every line and label costs room that names need.  Rows that
 * say the same thing twice (the same two entities, the same relation
 * type, in either direction) are drawn as one line with their count and
 * arrows as they go; relation types drawn three times or more (the six
 * most drawn) get a colour and a row in the key, not a label on every
 * line.  Source numbers (--cite) are per row, so a folded line shows all
 * of its rows' numbers, after its relation's name when that is short
 * (kg_paper_name_fits): --cite adds numbers, and takes a name away only
 * when it is too long to share a line with them.
 */
#include "draw/page_plan.h"

#include <stdlib.h>
#include <string.h>

#include "analysis/sources.h"
#include "graph/view.h"

/* Okabe and Ito's colours, told apart by readers with any colour vision
 * and in grey print (the yellow is left out: it does not print). */
static const char *const palette[KG_PAPER_KEYED] = {
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"};

enum { KEYED_MIN = 3 }; /* a type drawn fewer times keeps its labels */

/* ---- Folding ---- */

typedef struct slot {
    uint32_t a, b, type, rel; /* rel + 1; 0: empty */
} slot;

static uint64_t slot_hash(uint32_t a, uint32_t b, uint32_t type)
{
    uint64_t h = ((uint64_t)a << 32 | b) * 0x9E3779B97F4A7C15ull;
    return (h ^ type) * 0xC2B2AE3D27D4EB4Full;
}

/* The relation drawing each shown row: itself, the edge --merge-edges
 * folded it into, or (folding) the first row of its pair and type. */
static int plan_draw(kg_paper *p, const kg_graph *g)
{
    size_t nslots = 16;
    while (p->folding && nslots < (size_t)kg_nrels(g) * 2)
        nslots *= 2;
    slot *slots = p->folding ? kg_calloc(nslots, sizeof *slots) : NULL;
    if (p->folding && !slots)
        return -1;
    for (uint32_t i = 0; i < kg_nrels(g); i++) {
        uint32_t into = kg_rel_folded(g, i);
        uint32_t e = into == KG_NONE ? i : into;
        p->draw[i] = KG_NONE;
        if (!kg_edge_shown(g, e))
            continue;
        const kg_relation *r = kg_rel(g, e);
        if (slots) {
            uint32_t a = r->src < r->dst ? r->src : r->dst;
            uint32_t b = r->src < r->dst ? r->dst : r->src;
            size_t j = (size_t)slot_hash(a, b, r->type) & (nslots - 1);
            while (slots[j].rel && !(slots[j].a == a && slots[j].b == b &&
                                     slots[j].type == r->type))
                j = (j + 1) & (nslots - 1);
            if (!slots[j].rel)
                slots[j] = (slot){a, b, r->type, e + 1};
            uint32_t first = slots[j].rel - 1;
            if (kg_rel(g, first)->src != r->src)
                p->both[first] = 1;
            e = first;
        }
        p->draw[i] = e;
        p->rows[e]++;
    }
    free(slots);
    return 0;
}

/* ---- Keyed types ---- */

static int plan_keys(kg_paper *p, const kg_graph *g)
{
    size_t n;
    kg_type_count *t = kg_graph_count_types(g, 1, &n);
    if (!t)
        return -1;
    for (size_t k = 0; k < KG_PAPER_KEYED; k++) {
        size_t best = n;
        for (size_t i = 0; i < n; i++) /* the most drawn left, first seen */
            if (t[i].type && t[i].n >= KEYED_MIN &&
                (best == n || t[i].n > t[best].n))
                best = i;
        if (best == n)
            break;
        p->keyed[p->nkeyed] = t[best].type;
        p->colour[p->nkeyed++] = palette[k];
        t[best].n = 0;
    }
    free(t);
    return 0;
}

const char *kg_paper_colour(const kg_paper *p, const char *type)
{
    for (size_t k = 0; type && k < p->nkeyed; k++)
        if (p->keyed[k] == type)
            return p->colour[k];
    return NULL;
}

/* ---- Numbers ---- */

/* "[3, 7, 9]" for every drawing relation with numbered rows, or runs
 * as "[3-5]". */
static int plan_cites(kg_paper *p, const kg_graph *g)
{
    uint32_t *num = kg_cite_numbers(g);
    uint32_t *last = kg_calloc(kg_nrels(g) ? kg_nrels(g) : 1, sizeof *last);
    p->cite_at = kg_calloc(kg_nrels(g) ? kg_nrels(g) : 1, sizeof *p->cite_at);
    uint32_t *first_of =
        kg_calloc(kg_nrels(g) ? kg_nrels(g) : 1, sizeof *first_of);
    int rc = num && last && p->cite_at && first_of ? 0 : -1;
    /* rows of one line are gathered in input order: a line's numbers
     * grow, so each is the last, or extends the last run */
    kg_buf *b = &p->cites;
    uint32_t *next = NULL; /* the next row of the same line, + 1 */
    if (rc == 0) {
        next = kg_calloc(kg_nrels(g) ? kg_nrels(g) : 1, sizeof *next);
        rc = next ? 0 : -1;
    }
    for (uint32_t i = 0; rc == 0 && i < kg_nrels(g); i++) {
        uint32_t e = p->draw[i];
        if (e == KG_NONE || !num[i])
            continue;
        if (last[e])
            next[last[e] - 1] = i + 1;
        else
            first_of[e] = i + 1;
        last[e] = i + 1;
    }
    for (uint32_t e = 0; rc == 0 && e < kg_nrels(g); e++) {
        if (!first_of[e])
            continue;
        p->cite_at[e] = (uint32_t)b->len + 1;
        rc = kg_buf_putc(b, '[');
        for (uint32_t i = first_of[e]; rc == 0 && i;) {
            uint32_t run = num[i - 1], end = run, j = next[i - 1];
            while (j && num[j - 1] == end + 1) {
                end = num[j - 1];
                j = next[j - 1];
            }
            char part[48];
            if (end > run + 1)
                snprintf(part, sizeof part, "%u\xE2\x80\x93%u", run, end);
            else if (end == run + 1)
                snprintf(part, sizeof part, "%u, %u", run, end);
            else
                snprintf(part, sizeof part, "%u", run);
            rc = (b->data[b->len - 1] != '[' && kg_buf_puts(b, ", ")) ||
                 kg_buf_puts(b, part);
            i = j;
        }
        rc = rc || kg_buf_putc(b, ']') || kg_buf_putc(b, '\0');
    }
    free(num);
    free(last);
    free(first_of);
    free(next);
    return rc ? -1 : 0;
}

int kg_paper_plan(kg_paper *p, const kg_graph *g, int folding, int cite)
{
    memset(p, 0, sizeof *p);
    kg_buf_init(&p->cites);
    p->folding = folding;
    size_t n = kg_nrels(g) ? kg_nrels(g) : 1;
    p->draw = kg_calloc(n, sizeof *p->draw); /* plan_draw sets each */
    p->rows = kg_calloc(n, sizeof *p->rows);
    p->both = kg_calloc(n, 1);
    int rc = p->draw && p->rows && p->both ? plan_draw(p, g) : -1;
    if (rc == 0 && folding)
        rc = plan_keys(p, g);
    if (rc == 0 && cite)
        rc = plan_cites(p, g);
    if (rc)
        kg_paper_free(p);
    return rc;
}

void kg_paper_free(kg_paper *p)
{
    free(p->draw);
    free(p->rows);
    free(p->both);
    free(p->cite_at);
    kg_buf_free(&p->cites);
    memset(p, 0, sizeof *p);
}

/* ---- Wrapping ---- */

static size_t chars(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

int kg_paper_name_fits(const char *name)
{
    return name && *name && !strchr(name, '\n') &&
           chars(name, strlen(name)) <= KG_PAPER_LINE;
}

int kg_wrap_text(kg_buf *out, const char *text, size_t width)
{
    size_t line = 0; /* characters on the current line */
    const char *p = text;
    while (*p) {
        size_t sp = strspn(p, " ");
        const char *word = p + sp;
        size_t len = strcspn(word, " \n");
        size_t n = chars(word, len);
        int rc;
        if (*word == '\n') { /* the text's own line end */
            rc = kg_buf_putc(out, '\n');
            line = 0;
            len = 1;
        } else if (line && line + sp + n > width) {
            rc = kg_buf_putc(out, '\n') || kg_buf_append(out, word, len);
            line = n;
        } else {
            rc = kg_buf_append(out, p, sp + len);
            line += chars(p, sp) + n;
        }
        if (rc)
            return -1;
        p = word + len;
    }
    return 0;
}
