"""Reliability of ``kg ingest`` and the stores, through the real ``kg`` console script
and a real embedded FalkorDB and Oxigraph (issue 7):

- bad inputs: the good articles around them are ingested, each bad one is one line;
- per article atomic, resumable, idempotent: an ingest interrupted (SIGINT, SIGKILL) or
  whose FalkorDB server is killed midway ends, after a rerun, exactly where a clean run
  ends; a second identical ingest changes nothing;
- stores: an unreachable Neo4j or a wrong password is one line; two ``kg ingest`` on
  one workspace: the second is refused with a clear message;
- safety: hostile titles, ids, names and IRIs go through as data on both engines, the
  graph stays intact and the Turtle export still conforms and parses.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import sqlite3
import struct
import subprocess
import sys
import threading
import time
import warnings
from pathlib import Path

import pytest

from kg.workspace import Workspace
from kg.pipeline import write_extractions
from helpers import BAD, BAD_FILES, GOOD_TITLES, KG, kg, make_bad, stderr_lines, synthetic_article

STORE_DATA = Path(__file__).parent / "data" / "store"
N = 4000  # synthetic articles; interrupted runs write them in chunks of CHUNK
CHUNK = "1000"

# --- a synthetic corpus: a few thousand small articles ---------------------------------


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("corpus") / "synthetic.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for i in range(N):
            f.write(json.dumps(synthetic_article(i), ensure_ascii=False) + "\n")
    return path


@pytest.fixture(scope="module")
def clean_stats(corpus, tmp_path_factory) -> dict:
    """What one uninterrupted ingest of the corpus leaves."""
    ws = tmp_path_factory.mktemp("clean") / "kg-data"
    result = kg("ingest", corpus, "-w", ws)
    assert result.returncode == 0, result.stderr
    return stats(ws)


def stats(ws: Path) -> dict:
    result = kg("stats", "--format", "json", "-w", ws)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    data.pop("workspace")
    assert "error" not in data["cypher"], data
    return data


def records_count(ws: Path) -> int:
    """Articles committed to the records so far (read next to the running writer: WAL)."""
    try:
        with sqlite3.connect(f"file:{ws / 'records.sqlite'}?mode=ro", uri=True, timeout=1) as db:
            return db.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return 0


def wait_until(condition, proc: subprocess.Popen, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert proc.poll() is None, "the ingest finished before it could be interrupted"
        assert time.monotonic() < deadline
        time.sleep(0.01)


def spawn_ingest(*args) -> subprocess.Popen:
    return subprocess.Popen([KG, "ingest", *map(str, args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def only_warnings(stderr: bytes) -> list[str]:
    lines = stderr.decode().strip().splitlines()
    assert "Traceback" not in stderr.decode()
    return [line for line in lines if not line.startswith("kg: warning: ")]


# --- Done when: bad inputs through kg ingest ---------------------------------------------


def test_done_when_broken_line_between_two_good_ones_ingest(tmp_path):
    ws = tmp_path / "kg-data"
    src = BAD / "broken-line.jsonl"
    result = kg("ingest", src, "-w", ws)
    assert result.returncode == 1
    assert "2 articles: 2 new, 0 updated, 0 unchanged" in result.stdout.decode()
    assert stderr_lines(result) == [f"kg: rejected: {src}:2: invalid JSON: Expecting value (column 25)",
                                    "kg: 1 input(s) rejected"]
    s = stats(ws)
    assert s["articles"] == 2 and s["cypher"]["nodes"]["Article"] == 2
    titles = json.loads(kg("cypher", "MATCH (a:Article) RETURN a.title AS t ORDER BY a.id", "-f", "json",
                           "-w", ws).stdout)
    assert [r["t"] for r in titles] == GOOD_TITLES[:2]


@pytest.mark.parametrize("name", ["empty.txt", "empty.jsonl", "binary.txt", "binary.jsonl"])
def test_done_when_empty_and_binary_give_one_line_ingest(tmp_path, name):
    src = BAD / name
    result = kg("ingest", src, "-w", tmp_path / "kg-data")
    assert result.returncode == 1
    lines = stderr_lines(result)
    assert [line for line in lines if str(src) in line] == [f"kg: rejected: {src}: {BAD_FILES[name][1][None]}"]
    assert lines == [f"kg: rejected: {src}: {BAD_FILES[name][1][None]}", "kg: 1 input(s) rejected"]


def test_every_crafted_file_through_ingest(tmp_path):
    """The whole bad directory at once: each rejection one line, every good article kept
    (articles repeated across files under one id are one record)."""
    ws = tmp_path / "kg-data"
    result = kg("ingest", BAD, "-w", ws)
    assert result.returncode == 1
    lines = stderr_lines(result)
    rejected = [line for line in lines if line.startswith("kg: rejected: ")]
    assert len(rejected) == sum(len(r) for _, r in BAD_FILES.values())
    warned = [line for line in lines if line.startswith("kg: warning: ")]
    assert warned == [f"kg: warning: {BAD / 'huge-int.jsonl'}:2: a number of 5,000 digits, kept as its digits"]
    assert lines == [*warned, *rejected, f"kg: {len(rejected)} input(s) rejected"]
    from kg.loaders import load_inputs
    from kg.model import Article

    ids = {a.id for a in load_inputs([str(BAD)]) if isinstance(a, Article)}
    s = stats(ws)
    assert s["articles"] == s["cypher"]["nodes"]["Article"] == len(ids)
    assert s["rdf"]["articles"] == len(ids)


# --- atomic, resumable, idempotent ---------------------------------------------------------


def dirty_flags(ws: Path) -> list[str]:
    try:
        with contextlib.closing(sqlite3.connect(f"file:{ws / 'records.sqlite'}?mode=ro", uri=True, timeout=1)) as db:
            return [r[0] for r in db.execute("SELECT key FROM meta WHERE key LIKE 'dirty:%'")]
    except sqlite3.Error:
        return []


def writing_the_stores(ws: Path):
    """Records committed and the stores marked as being written: the middle of a write."""
    return lambda: records_count(ws) > 0 and len(dirty_flags(ws)) == 2


def interrupt_midway(ws: Path, corpus: Path, sig: int) -> int:
    """Start ``kg ingest``, send ``sig`` while it writes the stores; the records committed."""
    proc = spawn_ingest(corpus, "-w", ws, "--chunk", CHUNK)
    try:
        wait_until(writing_the_stores(ws), proc)
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=300)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == (130 if sig == signal.SIGINT else -signal.SIGKILL), err
    if sig == signal.SIGINT:  # Ctrl-C: the usual exit code, no traceback
        assert "Traceback" not in err.decode()
    done = records_count(ws)
    assert 0 < done < N, done  # really interrupted midway
    return done


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL], ids=["SIGINT", "SIGKILL"])
def test_interrupted_ingest_resumes_and_is_idempotent(tmp_path, corpus, clean_stats, sig):
    ws = tmp_path / "kg-data"
    done = interrupt_midway(ws, corpus, sig)
    again = kg("ingest", corpus, "-w", ws)
    assert again.returncode == 0, again.stderr
    assert only_warnings(again.stderr) == [], again.stderr
    out = again.stdout.decode()
    # the records already committed are not extracted or written again: it went on from there
    assert f"{N} articles: {N - done} new, 0 updated, {done} unchanged" in out
    # the stores the interrupted write left half-written were rebuilt from the records
    assert "rebuilt from the records: cypher, rdf" in out
    resumed = stats(ws)
    assert resumed == clean_stats  # persons included: resolved with the stored records
    assert resumed["cypher"]["nodes"]["Article"] == N
    third = kg("ingest", corpus, "-w", ws)  # idempotent
    assert third.returncode == 0 and f"0 new, 0 updated, {N} unchanged" in third.stdout.decode()
    assert stats(ws) == resumed
    assert kg("reindex", "-w", ws).returncode == 0  # the stores mirror the records exactly
    assert stats(ws) == resumed


@pytest.mark.slow
def test_resumed_ingest_equals_a_clean_run(tmp_path, corpus, clean_stats):
    ws = tmp_path / "kg-data"
    interrupt_midway(ws, corpus, signal.SIGKILL)
    assert kg("ingest", corpus, "-w", ws).returncode == 0
    assert stats(ws) == clean_stats


def test_resolution_is_reproducible_across_processes(corpus):
    code = ("import hashlib, sys; from kg.loaders import load_inputs; from kg.pipeline import extract_all; "
            "from kg.resolve import resolve; from kg.records import dumps; "
            "ex = resolve(list(extract_all(load_inputs([sys.argv[1]])))); "
            "print(hashlib.sha256(''.join(dumps(e) for e in ex).encode()).hexdigest())")
    digests = {subprocess.run([sys.executable, "-c", code, str(corpus)], capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")}
    assert len(digests) == 1


def test_a_kill_right_after_the_records_commit_loses_nothing(tmp_path, monkeypatch):
    corpus = STORE_DATA / "corpus.jsonl"
    clean = tmp_path / "clean"
    assert kg("ingest", corpus, "-w", clean).returncode == 0
    ws_dir = tmp_path / "kg-data"
    original = Workspace._write_stores

    def killed(self, names, extractions):
        raise KeyboardInterrupt  # the signal lands after the records' COMMIT, before the stores are marked

    monkeypatch.setattr(Workspace, "_write_stores", killed)
    from kg.loaders import load_inputs
    from kg.pipeline import ingest_stream

    with Workspace(ws_dir) as ws, pytest.raises(KeyboardInterrupt):
        ingest_stream(load_inputs([str(corpus)]), ws)  # what kg ingest runs
    monkeypatch.setattr(Workspace, "_write_stores", original)
    assert kg("ingest", corpus, "-w", ws_dir).returncode == 0
    assert stats(ws_dir) == stats(clean)


@pytest.mark.slow
def test_falkordb_killed_mid_ingest_is_reported_and_repaired(tmp_path, corpus, clean_stats):
    """The embedded server dies (SIGKILL) while ``kg ingest`` writes to it: the ingest
    restarts it (a one-line warning) or fails with one line; either way no half facts
    stay behind: the workspace is consistent or knows it is not, and the next ingest
    ends where a clean run ends."""
    ws = tmp_path / "kg-data"
    proc = spawn_ingest(corpus, "-w", ws, "--chunk", CHUNK)
    try:
        wait_until(lambda: records_count(ws) > 0 and (ws / "falkordb" / "server.json").exists(), proc)
        server = json.loads((ws / "falkordb" / "server.json").read_text())["pid"]
        os.kill(server, signal.SIGKILL)
        out, err = proc.communicate(timeout=600)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    lines = err.decode().strip().splitlines()
    assert "Traceback" not in err.decode()
    if proc.returncode == 0:
        assert any(line.startswith("kg: warning: the FalkorDB server died") and "restarted it" in line
                   for line in lines), lines
    else:
        assert proc.returncode == 1 and len(lines) == 1 and lines[0].startswith("kg: error: "), lines
    after_kill = stats(ws)
    again = kg("ingest", corpus, "-w", ws)
    assert again.returncode == 0, again.stderr
    if after_kill != clean_stats:  # the store lost something: the workspace must know it
        assert "rebuilt from the records: cypher" in again.stdout.decode()
    assert stats(ws) == clean_stats


@pytest.mark.slow
def test_falkordb_killed_between_statements_of_a_batch(tmp_path, corpus, clean_stats):
    """Deterministic variant: the server is killed right before the 10th statement of an
    ingest, in the middle of a batch (some of its statements applied, the rest not)."""
    from kg.loaders import load_inputs
    from kg.pipeline import extract_all
    from kg.resolve import resolve

    extractions = list(resolve(list(extract_all(load_inputs([str(corpus)])))))
    ws_dir = tmp_path / "kg-data"
    with Workspace(ws_dir) as ws:
        store = ws.store("cypher")
        run, calls = store._run, []

        def dying_run(text, params=None, **options):
            calls.append(text)
            if len(calls) == 10:
                os.kill(store.server.proc.pid, signal.SIGKILL)
                store.server.proc.wait()
            return run(text, params, **options)

        store._run = dying_run
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            report = write_extractions(ws, extractions)
        assert report.added == N
        assert len(calls) > 10  # the kill happened mid-ingest, with statements after it
        assert any("FalkorDB server died" in str(w.message) for w in caught)
    after = stats(ws_dir)
    again = kg("ingest", corpus, "-w", ws_dir)
    assert again.returncode == 0, again.stderr
    if after != clean_stats:
        assert "rebuilt from the records: cypher" in again.stdout.decode()
    assert stats(ws_dir) == clean_stats


# --- stores ----------------------------------------------------------------------------------


def test_two_ingests_on_one_workspace_the_second_is_refused(tmp_path, corpus):
    ws = tmp_path / "kg-data"
    first = spawn_ingest(corpus, "-w", ws)
    try:
        lock = ws / ".lock"
        wait_until(lambda: lock.exists() and lock.read_text().startswith("kg process"), first)
        second = kg("ingest", STORE_DATA / "corpus.jsonl", "-w", ws)
        out, err = first.communicate(timeout=600)
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
    assert second.returncode == 1
    assert stderr_lines(second) == [f"kg: error: workspace {ws} is busy: kg process {first.pid} (kg ingest) is "
                                    "writing to it; try again when it has finished"]
    assert first.returncode == 0, err
    assert stats(ws)["articles"] == N  # the first one finished undisturbed
    assert kg("ingest", STORE_DATA / "corpus.jsonl", "-w", ws).returncode == 0  # free again


def test_unreachable_neo4j_is_one_line(tmp_path, free_port):
    started = time.monotonic()
    result = kg("ingest", STORE_DATA / "corpus.jsonl", "-w", tmp_path / "kg-data",
                "--neo4j", f"bolt://127.0.0.1:{free_port}", timeout=120)
    assert result.returncode == 1
    [line] = stderr_lines(result)
    assert line.startswith(f"kg: error: cannot reach Neo4j at bolt://127.0.0.1:{free_port}: ")
    assert time.monotonic() - started < 60


def _bolt_value(value) -> bytes:
    """PackStream for the few values a FAILURE message needs (strings, a map)."""
    if isinstance(value, str):
        b = value.encode()
        return (bytes([0x80 + len(b)]) if len(b) < 16 else b"\xd0" + bytes([len(b)])) + b
    return bytes([0xA0 + len(value)]) + b"".join(_bolt_value(k) + _bolt_value(v) for k, v in value.items())


@pytest.fixture
def bolt_refusing_everyone():
    """A Bolt 4.4 endpoint that answers HELLO as Neo4j does for a wrong password (no
    Neo4j can be installed here; the driver and kg's handling of its error are real)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    failure = {"code": "Neo.ClientError.Security.Unauthorized",
               "message": "The client is unauthorized due to authentication failure."}
    body = b"\xb1\x7f" + _bolt_value(failure)
    reply = struct.pack(">H", len(body)) + body + b"\x00\x00"

    def serve():
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            with conn:
                try:
                    conn.recv(20)  # magic and four proposed versions
                    conn.sendall(b"\x00\x00\x04\x04")  # Bolt 4.4
                    conn.recv(65536)  # HELLO, with the credentials
                    conn.sendall(reply)
                    conn.recv(65536)
                except OSError:
                    pass

    threading.Thread(target=serve, daemon=True).start()
    yield f"bolt://127.0.0.1:{server.getsockname()[1]}"
    server.close()


def test_wrong_neo4j_password_is_one_line(tmp_path, bolt_refusing_everyone):
    result = kg("ingest", STORE_DATA / "corpus.jsonl", "-w", tmp_path / "kg-data", "--neo4j", bolt_refusing_everyone,
                env={**os.environ, "NEO4J_USER": "analyst", "NEO4J_PASSWORD": "wrong"}, timeout=120)
    assert result.returncode == 1
    assert stderr_lines(result) == [f"kg: error: Neo4j at {bolt_refusing_everyone} refused user 'analyst': wrong "
                                    "user or password (set NEO4J_USER / NEO4J_PASSWORD)"]
    assert "wrong" not in (tmp_path / "kg-data" / "config.json").read_text()  # the password is never saved


# --- safety: hostile values through the whole CLI path -------------------------------------


def _snapshot(ws: Path) -> tuple[set, set]:
    nodes = json.loads(kg("cypher", "MATCH (n) RETURN labels(n)[0] AS l, n.id AS id", "-f", "json", "-w", ws).stdout)
    rels = json.loads(kg("cypher", "MATCH (a)-[x]->(b) RETURN type(x) AS t, a.id AS a, b.id AS b, "
                                   "x.article_id AS art, x.role AS role", "-f", "json", "-w", ws).stdout)
    return ({(r["l"], r["id"]) for r in nodes},
            {(r["t"], r["a"], r["b"], r["art"], r["role"]) for r in rels})


def test_hostile_titles_and_names_leave_both_graphs_intact(tmp_path):
    ws = tmp_path / "kg-data"
    first = kg("ingest", STORE_DATA / "corpus.jsonl", BAD / "gbk.jsonl", "-w", ws)
    assert first.returncode == 0, first.stderr
    nodes, rels = _snapshot(ws)
    before = stats(ws)
    hostile = kg("ingest", BAD / "hostile.jsonl", "-w", ws)
    assert hostile.returncode == 0, hostile.stderr
    assert "5 articles: 5 new" in hostile.stdout.decode()
    after = stats(ws)
    # nothing of the earlier graph was deleted or rewritten by a title acting as a query
    nodes_after, rels_after = _snapshot(ws)
    assert nodes <= nodes_after and rels <= rels_after
    assert after["articles"] == after["cypher"]["nodes"]["Article"] == after["rdf"]["articles"] == before["articles"] + 5
    assert after["rdf"]["graphs"] == before["rdf"]["graphs"] + 5

    # every hostile value comes back verbatim, on both engines, bound as a parameter
    records = [json.loads(line) for line in (BAD / "hostile.jsonl").read_text().splitlines()]
    for record in records[:2] + records[4:]:
        title = record["title"]
        cypher = json.loads(kg("cypher", "MATCH (a:Article) WHERE a.title = $t RETURN DISTINCT a.title AS t", "-p",
                               f"t={json.dumps(title)}", "-f", "json", "-w", ws).stdout)
        sparql = kg("sparql", "SELECT DISTINCT ?t ?want WHERE { ?a a schema:NewsArticle ; schema:headline ?t . "
                    "FILTER(STR(?t) = ?want) }", "-p", f"want={json.dumps(title)}", "-f", "json", "-w", ws)
        assert sparql.returncode == 0, sparql.stderr
        assert cypher == [{"t": title}] and json.loads(sparql.stdout) == [{"t": title, "want": title}], title
    names = {r["n"] for r in json.loads(kg("cypher", "MATCH (p:Person) RETURN p.name AS n", "-f", "json",
                                           "-w", ws).stdout)}
    assert {'周"}) DETACH DELETE n //', "O'Brien {x}", "back\\slash\\", "two\nlines", "林\ufffd晓"} <= names
    # the hostile articles replace only themselves, and are removed cleanly by a reindex
    assert kg("ingest", BAD / "hostile.jsonl", "-w", ws).returncode == 0
    assert stats(ws) == after
    assert kg("reindex", "-w", ws).returncode == 0
    assert stats(ws) == after

    # the Turtle export is SHACL-valid (kg export validates by default) and parses back
    import rdflib

    out = tmp_path / "graph.ttl"
    result = kg("export", "--format", "ttl", "-o", out, "-w", ws)
    assert result.returncode == 0, result.stderr
    graph = rdflib.Graph().parse(out, format="turtle")
    headlines = {str(o) for o in graph.objects(None, rdflib.URIRef("https://schema.org/headline"))}
    assert make_bad.HOSTILE_TITLE in headlines and make_bad.HOSTILE_SPARQL in headlines
    assert all(" " not in str(s) and "<" not in str(s) for s in graph.subjects())  # IRIs minted safely


@pytest.mark.parametrize("title", [make_bad.HOSTILE_TITLE, make_bad.HOSTILE_SPARQL, make_bad.HOSTILE_IRI])
def test_hostile_query_parameters_are_data(tmp_path, title):
    """Named queries and ad hoc ones bind hostile values; the graph is unchanged after."""
    ws = tmp_path / "kg-data"
    assert kg("ingest", STORE_DATA / "corpus.jsonl", "-w", ws).returncode == 0
    before = stats(ws)
    for engine in ("cypher", "sparql"):
        for query, param in (("posts", "person"), ("who-attended", "person"), ("attendees", "event"),
                             ("org-tree", "org")):
            result = kg("query", query, "-p", f"{param}={title}", "--engine", engine, "-f", "json", "-w", ws)
            assert result.returncode == 0, result.stderr
            assert json.loads(result.stdout) == []
    assert stats(ws) == before
