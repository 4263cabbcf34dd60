"""The bench data as the Python baselines read it: (id, attributes) for
each entity row, then (source, target, attributes) for each relation row."""
import csv


def entities(path):
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            yield row["id"], {"label": row["name"], "type": row["type"],
                              "country": row["country"], "role": row["role"],
                              "description": row["description"]}


def relations(path):
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            yield row["source"], row["target"], {
                "type": row["relation"], "date": row["date"],
                "weight": row["weight"], "evidence": row["evidence"]}
