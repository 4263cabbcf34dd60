#!/usr/bin/python3
"""Checks kgraph's graph of tests/data/northwind/northwind.yml entity by
entity, reading the CSVs itself (Python's csv module) and kgraph's -T ftm
output (JSON lines).

Usage: mapping_check.py DATA_DIR KGRAPH_FTM_JSONL

The ids are computed as FollowTheMoney computes them, transcribed from
followthemoney/mapping/entity.py (EntityMapping.__init__ and compute_key,
commit c70a89ffa59ea785956f6095643310da3735b7fb): sha1 of the key prefix
(the dataset's name, as `ftm map` passes it), then key_literal, then the
key values that are not empty, sorted as bytes; values stripped, an empty
one none (normality's stringify).  Prints what differs; exit 1 if any.
"""
import csv
import hashlib
import json
import sys


def ftm_id(prefix, literal, *values):
    digest = hashlib.sha1(prefix.encode())
    digest.update(literal.encode())
    keys = sorted(v.strip().encode() for v in values)
    if not any(keys):
        return None
    for k in keys:
        if k:
            digest.update(k)
    return digest.hexdigest()


def rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f, skipinitialspace=True))


def main():
    data, out = sys.argv[1], sys.argv[2]
    problems = []
    customers = rows(data + "/customers.csv")
    employees = rows(data + "/employees.csv")

    # what the mapping says, worked out from the CSVs
    want_ents = {}  # id -> (schema, name)
    want_rels = set()  # (from, to, type)
    for c in customers:
        co = ftm_id("northwind", "customer", c["customerID"])
        person = ftm_id("northwind", "contact", c["customerID"], c["contactName"])
        want_ents[co] = ("Company", c["companyName"].strip())
        want_ents[person] = ("Person", c["contactName"].strip())
        want_rels.add((person, co, c["contactTitle"].strip()))
    for e in employees:
        me = ftm_id("northwind", "employee", e["employeeID"])
        name = (e["firstName"] + " " + e["lastName"]).strip()
        want_ents[me] = ("Person", name)
        if e["reportsTo"] != "NULL":
            boss = ftm_id("northwind", "employee", e["reportsTo"])
            want_rels.add((me, boss, "reports to"))

    # what kgraph wrote
    got_ents = {}
    got_rels = []
    with open(out, encoding="utf-8") as f:
        for line in f:
            o = json.loads(line)
            props = o.get("properties", {})
            if "subject" in props or "employee" in props:
                src = (props.get("subject") or props.get("employee"))[0]
                dst = (props.get("object") or props.get("employer"))[0]
                role = (props.get("role") or props.get("relationship") or [""])[0]
                got_rels.append((src, dst, role))
            else:
                got_ents[o["id"]] = (o["schema"], props.get("name", [""])[0])

    if len(got_ents) != len(want_ents):
        problems.append("entities: %d, want %d" % (len(got_ents), len(want_ents)))
    for i, w in sorted(want_ents.items()):
        if got_ents.get(i) != w:
            problems.append("entity %s: %r, want %r" % (i, got_ents.get(i), w))
    for i in sorted(set(got_ents) - set(want_ents)):
        problems.append("entity %s not in the mapping's tables" % i)
    if len(got_rels) != len(set(got_rels)):
        problems.append("a relation written twice")
    if set(got_rels) != want_rels:
        for r in sorted(want_rels - set(got_rels)):
            problems.append("missing relation %r" % (r,))
        for r in sorted(set(got_rels) - want_rels):
            problems.append("relation not in the tables %r" % (r,))
    for p in problems[:40]:
        print(p)
    print("northwind: %d entities (%d companies), %d relations checked"
          % (len(want_ents),
             sum(1 for s, _ in want_ents.values() if s == "Company"),
             len(want_rels)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
