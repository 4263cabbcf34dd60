/*
 * gv.h - Graphviz in this process: its one context and the lock around
 * its process-wide state, what it says while it works, the formats
 * kgraph renders, and a laid-out graph rendered into memory and checked.
 *
 * Graphviz keeps its error callback, its plugins, its fonts and its
 * graphs' ids in globals, and its callback takes no context: every use of
 * Graphviz holds kg_gv_lock, so that graphs on two threads render one
 * after the other (kgraph.h says so).  The lock, the context and what
 * Graphviz said are the library's one global state that changes.
 */
#ifndef KG_GV_H
#define KG_GV_H

#include <gvc.h>
#include <stddef.h>

#include "kgraph.h"
#include "rules/image.h"
#include "util/diag.h"

void kg_gv_lock(void);
void kg_gv_unlock(void);

/*
 * The one Graphviz context of the process (NULL when Graphviz cannot
 * start), under the lock.  Graphviz 2.43's pango plugin keeps a pointer
 * to the last font name it measured, which lives in the context: after
 * gvFreeContext and a new gvContext, the next label reads freed memory
 * (found by fuzz/fuzz_render.c on its second input).  The `dot` command
 * keeps one context for all its graphs; so does kgraph.
 */
GVC_t *kg_gv_context(void);

/* ---- Formats ---- */

typedef struct kg_gv_format {
    const char *name;
    int picture; /* text is drawn: controls are shown, not written */
    int bitmap;  /* pixels, bounded */
    int page;    /* a page of its own: no margin around the figure */
} kg_gv_format;

/* The format kgraph renders by that name, or NULL (also for NULL). */
const kg_gv_format *kg_gv_format_find(const char *name);

/* Resolutions: Graphviz's for screens, and kgraph's for a printed page. */
enum { KG_GV_SCREEN_DPI = 96, KG_GV_PRINT_DPI = 300 };

/*
 * The resolution to ask Graphviz for, for a picture in format f: for a
 * bitmap, `asked` when it is set (not 0), else KG_GV_PRINT_DPI when it is
 * for a page (`page`) and the style sheet sets none (`styled`), else 0:
 * the style sheet's, or Graphviz's KG_GV_SCREEN_DPI.  0 for other formats,
 * which are sized in points whatever it says (Graphviz would scale an SVG
 * or a PDF by it).
 */
int kg_gv_dpi(const kg_gv_format *f, int asked, int page, int styled);

/* ---- What Graphviz says ---- */

/* Forgets what Graphviz said: before each render. */
void kg_gv_forget(void);

/* Has Graphviz's messages kept (kg_gv_errors, kg_gv_warnings) instead of
 * printed; returns the callback it replaces, for agseterrf. */
agusererrf kg_gv_listen(void);

/* Graphviz's errors since kg_gv_forget, a line each ("" when none). */
const char *kg_gv_errors(void);

/* Its warnings, a line each, each after "Graphviz: ". */
const char *kg_gv_warnings(void);

/* ---- Rendering ---- */

/* Rendered bytes: Graphviz's, or kgraph's copy once it changed them. */
typedef struct kg_gv_data {
    char *bytes;
    unsigned len;
    int malloced;   /* bytes are kgraph's (free), not Graphviz's */
    int refused;    /* the SVG gate refused the bytes, */
    size_t problem; /* at this offset */
} kg_gv_data;

/*
 * Renders g, laid out last in the context, in format f into d, and checks
 * it: a bitmap larger than kgraph draws is refused before it is drawn, an
 * error Graphviz says is a failure, an SVG gets its size in `page_unit`
 * (or keeps points, for NULL) and must pass kg_svg_check (pictures from
 * the folder `images` names; when it does not, d keeps the bytes and
 * where the gate found the problem), a PDF's date follows
 * SOURCE_DATE_EPOCH.
 * What the reasons call settings comes from `names` (the graph's sink).
 * d is empty beforehand, for kg_gv_data_free after, whatever the answer;
 * KG_ERR_RENDER with the reason in err.
 */
kg_status kg_gv_render(Agraph_t *g, const kg_gv_format *f,
                       const kg_picture_dir *images, const kg_diagsink *names,
                       const char *page_unit, kg_gv_data *d, char *err,
                       size_t errlen);

/* Frees d's bytes, as Graphviz or kgraph allocated them; d is empty. */
void kg_gv_data_free(kg_gv_data *d);

/* ---- Plugins ---- */

/* Whether Graphviz has `name` among its plugins of `kind` ("device",
 * "layout"); `known` (may be NULL) gets the names it has, for devices
 * those kgraph renders, separated by spaces.  Takes the lock; prints
 * nothing. */
int kg_gv_has_plugin(const char *kind, const char *name, char *known,
                     size_t knownlen);

#endif
