/*
 * cells.c - the cell store: a relation row's cells, copied once into pages
 * that never move, so that a relation holds them as a 32-bit place
 * (cells.h, kg_rel_cells in store.h).
 */
#include "graph/cells.h"

#include <stdlib.h>
#include <string.h>

#include "graph/store_int.h"
#include "util/ahead.h"
#include "util/alloc.h"

/* Pages of the cell store a row's cells may take: offsets + 1 fit 32
 * bits. */
enum { CELL_PAGES_MAX = (int)(((uint64_t)UINT32_MAX + 1) / KG_CELL_PAGE) - 1 };

/* Room for n bytes in the cell store: where (+ 1), or 0 when out of memory
 * or the store is full.  A row longer than a page takes a run of pages of
 * its own (one mapping), the current page staying current. */
static size_t pages_max(const kg_graph *g)
{
    size_t most = (size_t)CELL_PAGES_MAX;
    return g->cell_pages_max && g->cell_pages_max < most ? g->cell_pages_max
                                                         : most;
}

/* The pages n more bytes would take (0: they fit the current page). */
static size_t pages_for(const kg_graph *g, size_t n)
{
    if (g->cell_cur && n <= KG_CELL_PAGE - g->cell_used)
        return 0;
    return n <= KG_CELL_PAGE ? 1 : (n - 1) / KG_CELL_PAGE + 1;
}

int kg_graph_cells_full(kg_graph *g, size_t len, kg_loc loc)
{
    if (pages_for(g, len ? len : 1) <= pages_max(g) - g->cell_npages)
        return 0;
    kg_report(&g->diag, KG_ERROR, kg_loc_file(g, loc), loc.line, 0,
              "the relations' cells of the inputs pass 4 GiB, the most one "
              "graph holds; the row is not used");
    return 1;
}

void kg_graph_cells_cap(kg_graph *g, size_t pages)
{
    g->cell_pages_max = pages;
}

/* The pages the store writes next, faulted in on a helper thread
 * (util/ahead.h) while the current page fills: past the middle of a page
 * (a mapping of its own), the next page is made and its first half asked
 * for; a page begun, its second half (a small graph never passes the
 * middle of its first page).  Costs at most half a page of memory
 * faulted in early (the next page, kept till kg_graph_free). */
static void ask_ahead(kg_graph *g, uint32_t was)
{
    if (was >= KG_AHEAD_STEP || g->cell_used < KG_AHEAD_STEP)
        return;
    if (!g->cell_spare && (g->cell_spare = kg_big_calloc(KG_CELL_PAGE)))
        kg_ahead_ask(&g->ahead, g->cell_spare, KG_AHEAD_STEP);
}

/* A page of the store: the one made ahead, or a new one. */
static char *new_page(kg_graph *g)
{
    char *p = g->cell_spare;
    g->cell_spare = NULL;
    if (!p)
        p = kg_big_calloc(KG_CELL_PAGE);
    if (p)
        kg_ahead_ask(&g->ahead, p + KG_AHEAD_STEP,
                     KG_CELL_PAGE - KG_AHEAD_STEP);
    return p;
}

static uint32_t cell_room(kg_graph *g, size_t n)
{
    if (g->cell_cur && n <= KG_CELL_PAGE - g->cell_used) {
        uint32_t at = (g->cell_cur - 1) * (uint32_t)KG_CELL_PAGE + g->cell_used;
        g->cell_used += (uint32_t)n;
        ask_ahead(g, at % (uint32_t)KG_CELL_PAGE);
        return at + 1;
    }
    size_t k = n <= KG_CELL_PAGE ? 1 : (n - 1) / KG_CELL_PAGE + 1;
    if (k > pages_max(g) - g->cell_npages ||
        kg_grow((void **)&g->v.cell_pages, &g->cell_pages_cap,
                g->cell_npages + k, sizeof *g->v.cell_pages) ||
        kg_grow((void **)&g->cell_span, &g->cell_span_cap, g->cell_npages + k,
                sizeof *g->cell_span))
        return 0;
    /* the first mapping plainly (a small graph touches a few 4 KiB pages
     * of it), the next ones in huge pages (a big graph's text) */
    char *p = !g->cell_npages ? kg_malloc(k * KG_CELL_PAGE)
              : k == 1        ? new_page(g)
                              : kg_big_calloc(k * KG_CELL_PAGE);
    if (!p)
        return 0;
    uint32_t first = (uint32_t)g->cell_npages;
    for (size_t i = 0; i < k; i++) {
        g->v.cell_pages[first + i] = p + i * KG_CELL_PAGE;
        g->cell_span[first + i] = i ? 0 : (uint32_t)k;
    }
    g->cell_npages += k;
    if (k == 1) {
        g->cell_cur = first + 1;
        g->cell_used = (uint32_t)n;
    }
    return first * (uint32_t)KG_CELL_PAGE + 1;
}

uint32_t kg_graph_cells(kg_graph *g, const char *cells, size_t len, kg_loc loc)
{
    uint32_t at = cell_room(g, len ? len : 1);
    if (!at)
        return 0;
    if (len) { /* no cells: `cells` may be NULL */
        uint32_t i = at - 1;
        memcpy(g->v.cell_pages[i / KG_CELL_PAGE] + i % KG_CELL_PAGE, cells,
               len);
    }
    kg_graph_check_cells(g, cells, len, loc);
    return at;
}

void kg_graph_cells_free(kg_graph *g)
{
    if (g->cell_npages) /* the first mapping is malloc's (cell_room) */
        free(g->v.cell_pages[0]);
    for (size_t i = 1; i < g->cell_npages; i++)
        if (g->cell_span[i])
            kg_big_free(g->v.cell_pages[i],
                        (size_t)g->cell_span[i] * KG_CELL_PAGE);
    free(g->v.cell_pages);
    free(g->cell_span);
    kg_big_free(g->cell_spare, KG_CELL_PAGE);
}
