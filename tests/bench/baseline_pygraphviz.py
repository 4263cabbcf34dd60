"""Baseline for make bench: build the graph with pygraphviz, write DOT."""
import sys

import pygraphviz

import read_inputs

entities, relations, out = sys.argv[1:4]
g = pygraphviz.AGraph(directed=True, strict=False)
for node, attrs in read_inputs.entities(entities):
    g.add_node(node, **attrs)
for source, target, attrs in read_inputs.relations(relations):
    g.add_edge(source, target, **attrs)
g.write(out)
