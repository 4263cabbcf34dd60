#!/bin/sh
# Written by kgraph 0.1.0: loads this folder into a new Neo4j database
# with neo4j-admin (Neo4j 5; Neo4j stopped, the database not there yet).
#   ./import.sh [DATABASE]      (default: neo4j)
set -e
cd "$(dirname "$0")"
neo4j-admin database import full \
  --nodes=Entity=entities.csv \
  --relationships=relations.csv \
  --id-type=string --array-delimiter=';' \
  --multiline-fields=false \
  "${1:-neo4j}"
