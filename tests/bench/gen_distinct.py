#!/usr/bin/python3
"""gen_distinct.py N M DIR - a seeded link chart as an analyst draws one by
hand: N entities and M relations, no pair of entities linked twice (in
either direction), no entity linked to itself, one connected piece.

Writes DIR/entities.csv and DIR/relations.csv in kgraph's columns.  The
generated graphs of gen.c repeat pairs (its hubs draw most relations);
real hand-made charts rarely do, and kgraph lays those out differently
(issue 26), so make legibility draws both.  The same N and M give the same
bytes on every machine (its own xorshift, not Python's random).
"""
import os
import sys

FIRST = ["Karim", "Jürgen", "Amina", "Youssef", "Fatima", "Omar", "Léa", "Hassan",
         "Nadia", "Mehdi", "Sofia", "Rachid"]
LAST = ["Haddad", "Stock", "El Amrani", "Benali", "Dkhissi", "Müller", "Okafor",
        "Santos", "Nguyen", "Ivanova", "Kaya", "O'Brien"]
TYPES = ["person", "person", "person", "person", "organization", "company",
         "location", "event"]
RELATIONS = ["knows", "works for", "met", "paid", "owns", "called", "member of"]


class Xorshift:
    def __init__(self, seed=0x9E3779B97F4A7C15):
        self.s = seed

    def next(self):
        s = self.s
        s ^= (s << 13) & 0xFFFFFFFFFFFFFFFF
        s ^= s >> 7
        s ^= (s << 17) & 0xFFFFFFFFFFFFFFFF
        self.s = s
        return s

    def below(self, n):
        return self.next() % n


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: gen_distinct.py N M DIR")
    n, m, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    if m > n * (n - 1) // 2 or m < n - 1:
        sys.exit("gen_distinct.py: M must be between N-1 and N(N-1)/2")
    r = Xorshift()
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "entities.csv"), "w", newline="") as f:
        f.write("id,name,type\n")
        for i in range(n):
            f.write("e%d,%s %s %d,%s\n" % (i, FIRST[r.below(len(FIRST))],
                                          LAST[r.below(len(LAST))], i, TYPES[r.below(len(TYPES))]))
    pairs, rows = set(), []

    def add(a, b):
        key = (min(a, b), max(a, b))
        if a == b or key in pairs:
            return False
        pairs.add(key)
        rows.append((a, b))
        return True
    # a tree first (one piece), each entity tied to one of the ten before it
    for i in range(1, n):
        add(i, max(0, i - 1 - r.below(10)))
    # then ties mostly within a neighbourhood (the cells of a chart), some across
    while len(rows) < m:
        a = r.below(n)
        b = (a + 1 + r.below(12)) % n if r.below(4) else r.below(n)
        add(a, b)
    with open(os.path.join(out, "relations.csv"), "w", newline="") as f:
        f.write("source,target,relation\n")
        for a, b in rows:
            f.write("e%d,e%d,%s\n" % (a, b, RELATIONS[r.below(len(RELATIONS))]))


if __name__ == "__main__":
    main()
