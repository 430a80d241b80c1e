#!/usr/bin/env python
"""SHACL engines on the same graph and shapes: pySHACL (the reference), the Rust engines
on PyPI (pyshacl-turbo, pyrudof, maplib; measured when installed) and kg's own
(``kg.shacl_sparql``: the shapes as SPARQL on the Oxigraph store), then ``kg export``
with and without validation.

    python bench/shacl.py --workspace WS      # WS: a workspace of the corpus (kg ingest)

Each engine runs in its own process over the union graph of WS (as N-Triples in a temp
file, so each reads the same bytes): wall time, CPU time and peak RSS, whether the graph
conforms and how many violations were found; then the same with five broken triples
added, which every engine must report alike. A section is appended to bench/RESULTS.md.
The Rust engines are not kg dependencies: ``pip install pyshacl-turbo pyrudof maplib``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from run import commit, kg_command, machine, run_measured  # noqa: E402

ENGINES = ("kg-sparql", "pyshacl", "pyshacl-turbo", "pyrudof", "maplib")
BROKEN = """<https://kg.example.org/event/bad1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://schema.org/Event> .
<https://kg.example.org/event/bad1> <https://kg.example.org/ontology#eventType> <https://kg.example.org/ontology#party> .
<https://kg.example.org/person/bad2> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://schema.org/Person> .
<https://kg.example.org/person/bad2> <https://kg.example.org/ontology#id> "p1" .
<https://kg.example.org/person/bad2> <https://kg.example.org/ontology#id> "p2" .
"""

ONE = r'''
import json, resource, sys, time
engine, data, shapes = sys.argv[1], sys.argv[2], sys.argv[3]
shapes_text = open(shapes, encoding="utf-8").read()
t0 = time.perf_counter()
if engine == "kg-sparql":
    import pyoxigraph as ox
    from kg.shacl_sparql import validate_store
    store = ox.Store()
    store.bulk_load(path=data, format=ox.RdfFormat.N_TRIPLES)
    t1 = time.perf_counter()
    found = validate_store(store, shapes_text, union=False)
    conforms, n = not found, len(found)
elif engine == "pyshacl":
    import pyshacl, rdflib
    g = rdflib.Graph().parse(data, format="ox-ntriples")
    sg = rdflib.Graph().parse(data=shapes_text, format="turtle")
    t1 = time.perf_counter()
    conforms, report, _ = pyshacl.validate(g, shacl_graph=sg, inference="none", advanced=False, allow_warnings=True)
    n = len(set(report.subjects(rdflib.RDF.type, rdflib.URIRef("http://www.w3.org/ns/shacl#ValidationResult"))))
elif engine == "pyshacl-turbo":
    import pyshacl_turbo, rdflib
    t1 = time.perf_counter()
    conforms, report, _ = pyshacl_turbo.validate(data, shacl_graph=shapes_text, data_graph_format="nt",
                                                 shacl_graph_format="turtle", inference="none", allow_warnings=True)
    n = len(set(report.subjects(rdflib.RDF.type, rdflib.URIRef("http://www.w3.org/ns/shacl#ValidationResult"))))
elif engine == "pyrudof":
    import pyrudof
    r = pyrudof.Rudof(pyrudof.RudofConfig())
    r.read_data(data, format=pyrudof.RDFFormat.NTriples)
    r.read_shacl(shapes)
    t1 = time.perf_counter()
    report = r.validate_shacl()
    conforms, n = report.conforms, len(list(report.violations))
elif engine == "maplib":
    import maplib
    m = maplib.Model()
    m.read(data, format="ntriples")
    m.read(shapes, format="turtle", graph="urn:kg:shapes")
    t1 = time.perf_counter()
    report = m.validate(shape_graph="urn:kg:shapes")
    conforms, n = report.conforms, report.results().height
t2 = time.perf_counter()
print(json.dumps({"conforms": bool(conforms), "violations": n, "load_s": t1 - t0, "validate_s": t2 - t1}))
'''


def available(engine: str) -> bool:
    module = {"kg-sparql": "kg.shacl_sparql", "pyshacl-turbo": "pyshacl_turbo"}.get(engine, engine)
    return subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True).returncode == 0


def run_engine(engine: str, data: Path, shapes: Path) -> dict:
    r = run_measured([sys.executable, "-c", ONE, engine, str(data), str(shapes)], env=None)
    row = {"engine": engine, "seconds": r["seconds"], "cpu_s": r["cpu_s"], "peak_mb": r["peak_tree_mb"], "rc": r["rc"]}
    lines = [ln for ln in r["stdout"].splitlines() if ln.startswith("{")]
    if r["rc"] == 0 and lines:
        row.update(json.loads(lines[-1]))
    else:
        row["error"] = (r["stderr"].strip().splitlines() or ["?"])[-1][:160]
    return row


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--workspace", required=True, help="an ingested workspace (its RDF store is measured)")
    ap.add_argument("--engines", default=",".join(ENGINES), help="comma-separated, of " + ", ".join(ENGINES))
    ap.add_argument("--results", type=Path, default=ROOT / "bench" / "RESULTS.md")
    args = ap.parse_args(argv)
    shapes = ROOT / "schema" / "shapes.ttl"
    started = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    res: dict = {"started": started, "commit": commit(), "machine": machine(), "rows": [], "export": []}
    with tempfile.TemporaryDirectory(prefix="kg-shacl-") as tmp:
        good, bad = Path(tmp) / "graph.nt", Path(tmp) / "broken.nt"
        for validate in (False, True):  # kg export itself, the default validator
            out = Path(tmp) / f"export-{validate}.ttl"
            r = run_measured(kg_command() + ["export", "-w", args.workspace, "-f", "ttl", "-o", str(out)]
                             + ([] if validate else ["--no-validate"]), env=None)
            res["export"].append({"validated": validate, "seconds": r["seconds"], "cpu_s": r["cpu_s"],
                                  "peak_mb": r["peak_tree_mb"], "rc": r["rc"]})
        r = run_measured(kg_command() + ["export", "-w", args.workspace, "-f", "nt", "--no-validate", "-o", str(good)],
                         env=None)
        res["triples"] = good.read_bytes().count(b"\n")
        bad.write_bytes(good.read_bytes() + BROKEN.encode())
        for engine in [e.strip() for e in args.engines.split(",") if e.strip()]:
            if not available(engine):
                res["rows"].append({"engine": engine, "error": "not installed"})
                continue
            for name, path in (("graph", good), ("graph + 5 broken triples", bad)):
                print(f"shacl: {engine} on {name}", file=sys.stderr, flush=True)
                res["rows"].append({**run_engine(engine, path, shapes), "data": name})
    m = res["machine"]
    lines = [f"## {started} · SHACL engines · commit {res['commit']}", "",
             f"Machine: {m.get('nproc')} cores, {m.get('memory_gib')} GiB, {m.get('cpu', '?')}, load average at start "
             f"{m.get('loadavg_at_start', 0):.2f} (wall times stretch with the load; CPU seconds less so). Graph: "
             f"the union of `{args.workspace}`, {res['triples']:,} triples; shapes `schema/shapes.ttl`.", "",
             "| engine | data | conforms | violations | wall s | CPU s | load s | validate s | peak RSS MB | note |",
             "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    for r in res["rows"]:
        if "seconds" not in r:
            lines.append(f"| {r['engine']} | | | | | | | | | {r['error']} |")
            continue
        lines.append(f"| {r['engine']} | {r['data']} | {r.get('conforms', '')} | {r.get('violations', '')} "
                     f"| {r['seconds']:.1f} | {r['cpu_s']:.1f} | {r.get('load_s', 0):.1f} | {r.get('validate_s', 0):.1f} "
                     f"| {r['peak_mb']:.0f} | {r.get('error', '')} |")
    lines += ["", "| `kg export -f ttl` | wall s | CPU s | peak RSS MB | exit |", "| --- | ---: | ---: | ---: | ---: |"]
    for r in res["export"]:
        lines.append(f"| {'validated (kg-sparql)' if r['validated'] else '--no-validate'} | {r['seconds']:.1f} "
                     f"| {r['cpu_s']:.1f} | {r['peak_mb']:.0f} | {r['rc']} |")
    lines += ["", f"<!-- bench-shacl-json {json.dumps(res, ensure_ascii=False, default=str)} -->", ""]
    text = "\n".join(lines)
    with open(args.results, "a", encoding="utf-8") as f:
        f.write(text + "\n")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
