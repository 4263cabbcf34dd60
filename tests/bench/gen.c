/*
 * gen.c - a seeded generator of realistic kgraph inputs for `make bench`.
 *
 *   gen N DIR     writes DIR/entities.csv (N rows) and DIR/relations.csv
 *                 (2N rows), three attributes each besides the roles
 *
 * Shapes: typed entities (people most, countries few), names with accents,
 * aliases on one entity in ten, quoted fields with commas and doubled
 * quotes, and skewed degrees (a few hubs, a long tail), as in leaked
 * company registers.  The same N always gives the same bytes.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint64_t state = 0x9E3779B97F4A7C15ull;

static uint64_t next(void)
{
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
}

static double uniform(void)
{
    return (double)(next() >> 11) / 9007199254740992.0;
}

static const char *const first[] = {"Karim", "Jürgen", "Amina", "Youssef",
                                    "Fatima", "Omar", "Léa", "Hassan",
                                    "Nadia", "Mehdi", "Sofia", "Rachid"};
static const char *const last[] = {"Haddad", "Stock", "El Amrani", "Benali",
                                   "Dkhissi", "Müller", "Okafor", "Santos",
                                   "Nguyen", "Ivanova", "Kaya", "O'Brien"};
static const char *const types[] = {"person", "person", "person", "person",
                                    "person", "organization", "organization",
                                    "company", "location", "event",
                                    "operation", "document", "country"};
static const char *const rels[] = {"knows", "works_for", "owns", "met",
                                   "paid", "member_of", "located_in",
                                   "signed", "called"};

#define PICK(a) a[next() % (sizeof a / sizeof *a)]

/* Skewed: most relations touch a few hubs (a power law). */
static unsigned long skewed(unsigned long n)
{
    double u = uniform();
    return (unsigned long)(n * u * u * u) % n;
}

static void entities(FILE *f, unsigned long n)
{
    fputs("id,name,type,aliases,country,role,description\n", f);
    for (unsigned long i = 0; i < n; i++) {
        const char *a = PICK(first), *b = PICK(last);
        fprintf(f, "e%lu,%s %s %lu,%s,", i, a, b, i, PICK(types));
        if (next() % 10 == 0)
            fprintf(f, "%c. %s %lu;%s %lu", a[0], b, i, b, i);
        fprintf(f, ",C%02u,", (unsigned)(next() % 60));
        if (next() % 4 == 0)
            fprintf(f, "\"analyst, grade %u\"", (unsigned)(next() % 9));
        else
            fprintf(f, "officer");
        if (next() % 5 == 0)
            fprintf(f, ",\"said \"\"no comment\"\", then left (%lu)\"\n", i);
        else
            fprintf(f, ",record %lu\n", i);
    }
}

static void relations(FILE *f, unsigned long n)
{
    fputs("source,target,relation,date,weight,evidence\n", f);
    for (unsigned long i = 0; i < 2 * n; i++) {
        fprintf(f, "e%lu,e%lu,%s,%u-%02u-%02u,%u,", skewed(n),
                (unsigned long)(next() % n), PICK(rels),
                2010 + (unsigned)(next() % 15), 1 + (unsigned)(next() % 12),
                1 + (unsigned)(next() % 28), (unsigned)(next() % 10));
        if (next() % 3 == 0)
            fprintf(f, "\"wire, page %lu\"\n", i % 977);
        else
            fprintf(f, "ledger %lu\n", i);
    }
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fputs("usage: gen N DIR\n", stderr);
        return 2;
    }
    unsigned long n = strtoul(argv[1], NULL, 10);
    char path[4096];
    snprintf(path, sizeof path, "%s/entities.csv", argv[2]);
    FILE *e = fopen(path, "w");
    snprintf(path, sizeof path, "%s/relations.csv", argv[2]);
    FILE *r = fopen(path, "w");
    if (!e || !r || n == 0) {
        perror("gen");
        return 1;
    }
    entities(e, n);
    relations(r, n);
    return (fclose(e) || fclose(r)) ? 1 : 0;
}
