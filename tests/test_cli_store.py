"""``kg ingest / stats / query / cypher / sparql / reindex / export`` through typer's
CliRunner, on a small fictional corpus (tests/data/store/) and a real embedded FalkorDB.

The extractor may still find few or no facts: these tests assert on article counts,
on re-ingest leaving the stats unchanged, and on exit codes and output shapes."""

from __future__ import annotations

import csv
import io
import json
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.workspace import Workspace
from kg.pipeline import write_extractions
from samples import all_data

DATA = Path(__file__).parent / "data" / "store"
runner = CliRunner()


def kg(*args: str):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def ws(tmp_path):
    return tmp_path / "kg-data"


@pytest.fixture
def loaded(ws):
    """A workspace holding the hand-built records (so named queries have answers)."""
    with Workspace(ws) as w:
        write_extractions(w, all_data())
    return ws


def _stats(ws) -> dict:
    result = kg("stats", "--format", "json", "--workspace", ws)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_ingest_twice_leaves_stats_unchanged(ws):
    first = kg("ingest", DATA / "corpus.jsonl", "--workspace", ws, "--year", "2021")
    assert first.exit_code == 0, first.stderr
    assert "3 articles: 3 new, 0 updated, 0 unchanged" in first.stdout
    stats = _stats(ws)
    assert stats["articles"] == 3 and stats["cypher"]["nodes"]["Article"] == 3
    again = kg("ingest", DATA / "corpus.jsonl", "--workspace", ws)
    assert again.exit_code == 0 and "0 new, 0 updated, 3 unchanged" in again.stdout
    assert _stats(ws) == stats
    titles = json.loads(kg("cypher", "MATCH (a:Article) RETURN a.title AS t ORDER BY t", "-f", "json", "-w", ws).stdout)
    assert '"}) MATCH (n) DETACH DELETE n //' in {r["t"] for r in titles}  # the hostile title, stored as data


def test_rejected_inputs_exit_1_and_the_rest_is_kept(ws):
    result = kg("ingest", DATA / "bad.jsonl", "-w", ws)
    assert result.exit_code == 1
    rejected = [line for line in result.stderr.splitlines() if line.startswith("kg: rejected: ")]
    assert len(rejected) == 2 and all("bad.jsonl:" in line for line in rejected)
    assert "Traceback" not in result.output
    assert _stats(ws)["articles"] == 1


def test_stats_table(loaded):
    result = kg("stats", "-w", loaded)
    assert result.exit_code == 0
    assert "PARTICIPATED_IN" in result.stdout and "articles" in result.stdout


def test_query_formats(loaded):
    as_json = kg("query", "who-attended", "--param", "person=周明远", "--format", "json", "-w", loaded)
    assert as_json.exit_code == 0, as_json.stderr
    rows = json.loads(as_json.stdout)
    assert [(r["label"], r["role"]) for r in rows] == [("乡村振兴论坛", "attended"), ("乡村振兴论坛", "spoke"),
                                                      ("走访看望李教授", "led")]
    assert "周明远" in as_json.stdout  # ensure_ascii=False
    as_csv = kg("query", "co-attendance", "-p", "min=2", "-f", "csv", "-w", loaded)
    assert list(csv.DictReader(io.StringIO(as_csv.stdout))) == [
        {"person_a": "周明远", "person_b": "赵立", "events": "2"}]
    table = kg("query", "holders", "-p", "title=区长", "-w", loaded)
    assert table.exit_code == 0 and "青山区政府" in table.stdout


def test_query_on_both_engines_prints_the_same_json(loaded):
    for engine_args in (["--engine", "cypher"], ["--engine", "sparql"]):
        result = kg("query", "who-attended", "-p", "person=周明远", "-f", "json", *engine_args, "-w", loaded)
        assert result.exit_code == 0, result.stderr
        if engine_args[1] == "cypher":
            cypher_out = result.stdout
    assert result.stdout == cypher_out


@pytest.mark.parametrize(("args", "message"), [
    (["query", "who-attended"], "needs --param person"),
    (["query", "nope"], "unknown query 'nope'"),
    (["query", "posts", "-p", "person"], "--param wants key=value"),
    (["query", "posts", "-p", "person=x", "-p", "colour=red"], "no parameter colour"),
    (["query", "posts", "-p", "person=x", "--engine", "gremlin"], "unknown --engine"),
    (["query", "posts", "-p", "person=x", "--format", "xml"], "unknown --format"),
    (["stats", "--format", "csv"], "unknown --format"),
    (["reindex", "--store", "both"], "unknown --store"),
])
def test_usage_errors_exit_2_with_one_line(loaded, args, message):
    result = kg(*args, "-w", loaded)
    assert result.exit_code == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_failures_exit_1_with_one_line(loaded, tmp_path):
    bad = kg("cypher", "MATC (n) RETURN n", "-w", loaded)
    assert bad.exit_code == 1 and bad.stderr.startswith("kg: error: FalkorDB")
    missing = kg("query", "posts", "-p", "person=x", "-w", tmp_path / "nowhere")
    assert missing.exit_code == 1 and "no workspace at" in missing.stderr
    assert not (tmp_path / "nowhere").exists()


def test_cypher_and_sparql_ad_hoc(loaded):
    rows = json.loads(kg("cypher", "MATCH (p:Person) WHERE p.name = $n RETURN p.name AS n, $k AS k",
                         "-p", "n=陈雅", "-p", "k=3", "-f", "json", "-w", loaded).stdout)
    assert rows == [{"n": "陈雅", "k": 3}]  # JSON-looking values are typed
    result = kg("sparql", "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a schema:NewsArticle }", "-f", "json",
                "-w", loaded)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == [{"n": 4}]


def test_reindex(loaded):
    before = _stats(loaded)
    result = kg("reindex", "--store", "cypher", "-w", loaded)
    assert result.exit_code == 0 and "rebuilt cypher from 4 records" in result.stdout
    assert kg("reindex", "-w", loaded).exit_code == 0
    assert _stats(loaded) == before


def test_a_busy_workspace_is_refused(loaded):
    with Workspace(loaded) as w, w.lock("kg ingest"):
        result = kg("ingest", DATA / "corpus.jsonl", "-w", loaded)
    assert result.exit_code == 1 and "is busy" in result.stderr
    assert "Traceback" not in result.output


def test_export_ttl_parses_back(loaded, tmp_path):
    import rdflib

    out = tmp_path / "graph.ttl"
    result = kg("export", "--format", "ttl", "-o", out, "-w", loaded)
    assert result.exit_code == 0, result.stderr
    assert len(rdflib.Graph().parse(out, format="turtle")) > 0
    to_stdout = kg("export", "--format", "nt", "-w", loaded)
    assert to_stdout.exit_code == 0 and to_stdout.stdout.count(" .\n") > 0


@pytest.fixture
def sparql_server(tmp_path):
    """A real SPARQL 1.1 server: ``oxigraph serve`` on loopback (PyPI package oxigraph)."""
    exe = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    if not Path(exe).exists():
        pytest.skip("needs the oxigraph server (test extra)")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([exe, "serve", "--location", str(tmp_path / "serve"), "--bind", f"127.0.0.1:{port}",
                             "--union-default-graph"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(300):
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}/query"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_ingest_into_a_sparql_endpoint(ws, sparql_server):
    with Workspace(ws) as w:
        w.configure(sparql_endpoint=sparql_server)
        write_extractions(w, all_data())
    assert json.loads((ws / "config.json").read_text())["rdf"] == {"backend": "sparql", "endpoint": sparql_server}
    args = ["query", "attendees", "-p", "event=乡村振兴论坛", "-f", "json", "-w", ws]
    cypher_rows = kg(*args).stdout
    sparql = kg(*args, "--engine", "sparql")
    assert sparql.exit_code == 0, sparql.stderr
    assert json.loads(sparql.stdout) == json.loads(cypher_rows) and len(json.loads(cypher_rows)) == 5
    again = kg("ingest", DATA / "corpus.jsonl", "-w", ws, "--sparql-endpoint", sparql_server)
    assert again.exit_code == 0 and "rdf (sparql)" in again.stdout


@pytest.mark.parametrize("command", ["ingest", "stats", "query", "cypher", "sparql", "reindex", "export"])
def test_every_command_has_help(command):
    result = kg(command, "--help")
    assert result.exit_code == 0 and "--workspace" in result.stdout
