"""Baseline for make bench: build the graph with pygraphviz, write DOT."""
import csv
import sys

import pygraphviz

entities, relations, out = sys.argv[1:4]
g = pygraphviz.AGraph(directed=True, strict=False)
with open(entities, newline="", encoding="utf-8") as f:
    for row in csv.DictReader(f):
        g.add_node(row["id"], label=row["name"], type=row["type"],
                   country=row["country"], role=row["role"],
                   description=row["description"])
with open(relations, newline="", encoding="utf-8") as f:
    for row in csv.DictReader(f):
        g.add_edge(row["source"], row["target"], type=row["relation"],
                   date=row["date"], weight=row["weight"],
                   evidence=row["evidence"])
g.write(out)
