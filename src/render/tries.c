/*
 * tries.c - candidate layouts timed (tries.h).
 */
#include "render/tries.h"

#include <stdio.h>

kg_clock kg_layout_try_start(void)
{
    return kg_clock_now();
}

static long collisions_of(const kg_figure *f)
{
    long n = 0;
    const long counts[] = {f->entity_overlaps,        f->text_overlaps,
                           f->names_outside,          f->cluster_overlaps,
                           f->clusters_over_entities, f->labels_on_nodes,
                           f->edges_through_names};
    for (size_t i = 0; i < sizeof counts / sizeof *counts; i++)
        if (counts[i] > 0)
            n += counts[i];
    return n;
}

void kg_layout_try_end(kg_layout_tries *tries, kg_clock c, const char *engine,
                       const kg_figure *f)
{
    if (!tries || tries->n >= KG_MAX_TRIES)
        return;
    kg_layout_try *t = &tries->t[tries->n++];
    kg_timing m = kg_clock_measure(c);
    snprintf(t->engine, sizeof t->engine, "%s", engine ? engine : "");
    t->wall = m.wall;
    t->cpu = m.cpu;
    t->peak = m.peak;
    t->name_pt = f ? f->name_pt : -1;
    t->collisions = f ? collisions_of(f) : -1;
}

void kg_layout_tries_say(const kg_diagsink *d, const kg_layout_tries *tries)
{
    for (int i = 0; tries && d && i < tries->n; i++) {
        const kg_layout_try *t = &tries->t[i];
        kg_timing m = {"layout", t->engine,  t->wall,      t->cpu,
                       t->peak,  t->name_pt, t->collisions};
        kg_clock_pass(d, &m);
    }
}
