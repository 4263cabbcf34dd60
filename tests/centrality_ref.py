"""centrality_ref.py - what speed_tests.sh compares kgraph's sampled
centralities with: igraph's exact betweenness and closeness of a
relations CSV (source, target), beside what `kgraph stats` wrote for it
as CSV and JSON."""
import csv
import json

import igraph


def load(relations, stats_csv, stats_json):
    """(index of each name, igraph's betweenness, igraph's closeness,
    kgraph's CSV rows, kgraph's JSON "centrality" object)"""
    rows = list(csv.DictReader(open(relations)))
    names = sorted({r["source"] for r in rows} | {r["target"] for r in rows})
    ix = {n: i for i, n in enumerate(names)}
    g = igraph.Graph(n=len(names), directed=False,
                     edges=[(ix[r["source"]], ix[r["target"]]) for r in rows])
    got = list(csv.DictReader(open(stats_csv)))
    centrality = json.load(open(stats_json))["centrality"]
    return ix, g.betweenness(directed=False), g.closeness(), got, centrality
