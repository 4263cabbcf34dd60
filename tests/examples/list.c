/*
 * list.c - libkgraph from a program of one's own: read CSV files, resolve
 * who is who, and list the entities and relations with their attributes.
 *
 *     cc list.c $(pkg-config --cflags --libs kgraph) -o list
 *     ./list input/
 *
 * Problems in the input go to standard error as FILE:LINE:COL: MESSAGE;
 * the exit status is 1 when the input had errors, 2 on any other failure.
 */
#include <stdio.h>

#include <kgraph.h>

static void print_diag(const kg_diag *d, void *ctx)
{
    (void)ctx;
    fprintf(stderr, "%s:%lu:%lu: %s: %s\n", d->file, d->line, d->col,
            d->severity == KG_ERROR ? "error" : "warning", d->message);
}

static void list_entities(const kg_graph *g)
{
    kg_cursor c = {{0}};
    kg_entity_info e;
    while (kg_next_entity(g, &c, &e)) {
        printf("%s\t%s (%s)\n", e.id, e.name ? e.name : e.id,
               e.type ? e.type : "no type");
        kg_cursor a = {{0}};
        const char *key, *value;
        while (kg_next_alias(g, e.index, &a, &value))
            printf("\talias: %s\n", value);
        a = (kg_cursor){{0}};
        while (kg_next_entity_attr(g, e.index, &a, &key, &value))
            printf("\t%s: %s\n", key, value);
    }
}

static void list_relations(const kg_graph *g)
{
    kg_cursor c = {{0}};
    kg_relation_info r;
    while (kg_next_relation(g, &c, &r))
        printf("%s -[%s]-> %s\t(%s:%lu)\n", r.source,
               r.type ? r.type : "related to", r.target, r.file, r.line);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s PATH... (kgraph %s)\n", argv[0],
                kg_version());
        return 2;
    }
    kg_graph *g = kg_graph_new();
    if (!g)
        return 2;
    kg_graph_set_diag(g, print_diag, NULL);
    kg_status st = KG_OK;
    for (int i = 1; i < argc && st == KG_OK; i++)
        st = kg_load_path(g, argv[i]);
    if (st == KG_OK)
        st = kg_resolve(g);
    if (st != KG_OK) {
        fprintf(stderr, "%s: %s\n", argv[0], kg_strerror(st));
        kg_graph_free(g);
        return 2;
    }
    list_entities(g);
    list_relations(g);
    kg_stats s = kg_graph_stats(g);
    printf("%lu entities, %lu relations, %lu errors\n", s.entities, s.relations,
           s.errors);
    kg_graph_free(g);
    return s.errors ? 1 : 0;
}
