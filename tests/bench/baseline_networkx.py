"""Baseline for make bench: build the graph with networkx, then write DOT
with pydot (writer "pydot") or with pygraphviz (writer "agraph")."""
import csv
import sys

import networkx

entities, relations, out, writer = sys.argv[1:5]
g = networkx.MultiDiGraph()
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
if writer == "pydot":
    networkx.nx_pydot.write_dot(g, out)
else:
    networkx.nx_agraph.write_dot(g, out)
