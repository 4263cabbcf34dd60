"""Baseline for make bench: build the graph with networkx, then write DOT
with pydot (writer "pydot") or with pygraphviz (writer "agraph")."""
import sys

import networkx

import read_inputs

entities, relations, out, writer = sys.argv[1:5]
g = networkx.MultiDiGraph()
for node, attrs in read_inputs.entities(entities):
    g.add_node(node, **attrs)
for source, target, attrs in read_inputs.relations(relations):
    g.add_edge(source, target, **attrs)
if writer == "pydot":
    networkx.nx_pydot.write_dot(g, out)
else:
    networkx.nx_agraph.write_dot(g, out)
