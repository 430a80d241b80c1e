#!/usr/bin/env bash
# Quickstart: install, ingest the bundled sample page into the embedded stores
# (./kg-data), and print who attended what.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/kg ingest examples/qingshan-daily-2021-03.txt --year 2021
.venv/bin/kg cypher "MATCH (p:Person)-[r:PARTICIPATED_IN]->(e:Event) RETURN e.date AS date, e.label AS event, p.name AS person, r.role AS role ORDER BY date, r.order, role"
