"""Faults of the stores (issue 17, cases 2-5), through the real ``kg`` console script,
a real embedded FalkorDB and Oxigraph:

2. a corrupted RDF store (truncated ``CURRENT``, overwritten blocks of its ``.sst``
   files): every command says which store and what to run, never grows past 2 GB, and
   ``kg reindex`` restores it with answers equal to before;
3. a store marked incomplete, or changed behind kg's back: queries warn and exit
   non-zero unless ``--allow-stale``; ``kg ingest`` and ``kg check --fix`` repair it;
4. read-only query paths: ``kg cypher`` refuses writes without ``--write``, ``kg
   sparql`` refuses SERVICE and updates before running (a local listener sees no
   request), both stop at ``--timeout``;
5. no FalkorDB server outlives its command, a full disk included; errors name the path.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import resource
import shutil
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest

from helpers import GB, KG, stderr_lines, synthetic_article

N = 600  # synthetic articles: enough SST blocks to damage, quick to ingest


def kg(*args, timeout: float = 300, env: dict | None = None, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([KG, *map(str, args)], capture_output=True, timeout=timeout,
                          env={**os.environ, **(env or {})}, **kw)


def peak_rss(*args, **kw) -> tuple[subprocess.CompletedProcess, int]:
    """``kg ARGS`` and the peak resident memory (bytes) of it and everything it ran,
    measured by GNU time (the largest process of the tree)."""
    def backstop() -> None:  # whatever kg does, it never takes the shared machine down
        resource.setrlimit(resource.RLIMIT_AS, (6 * GB, 6 * GB))

    result = subprocess.run(["/usr/bin/time", "-f", "PEAK %M", KG, *map(str, args)], capture_output=True,
                            timeout=300, preexec_fn=backstop, **kw)
    err = result.stderr.decode()
    peak = int(err.strip().splitlines()[-1].split()[1]) * 1024
    result.stderr = "\n".join(line for line in err.splitlines() if not line.startswith(("PEAK ", "Command "))
                              ).encode() + b"\n"
    return result, peak


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A workspace of N articles, ingested once (copied by each test)."""
    root = tmp_path_factory.mktemp("faults")
    feed = root / "feed.jsonl"
    feed.write_text("".join(json.dumps(synthetic_article(i), ensure_ascii=False) + "\n" for i in range(N)),
                    encoding="utf-8")
    result = kg("ingest", feed, "-w", root / "kg-data")
    assert result.returncode == 0, result.stderr
    return root / "kg-data"


@pytest.fixture
def ws(built, tmp_path) -> Path:
    copy = tmp_path / "kg-data"
    shutil.copytree(built, copy, ignore=shutil.ignore_patterns("redis.sock", "server.json", "*.lock"))
    return copy


ANSWERS = [("query", "holders", "-p", "org=青山区委", "-p", "title=书记", "--engine", "sparql"),
           ("query", "posts", "-p", "person=王明明", "--engine", "sparql"),
           ("query", "holders", "-p", "org=青山区委", "-p", "title=书记", "--engine", "cypher")]


def answers(ws: Path) -> list:
    out = []
    for args in ANSWERS:
        result = kg(*args, "-f", "json", "-w", ws)
        assert result.returncode == 0, result.stderr
        out.append(json.loads(result.stdout))
    stats = json.loads(kg("stats", "-f", "json", "-w", ws).stdout)
    stats.pop("workspace")
    return [*out, stats]


def overwrite_sst_blocks(ws: Path, seed: int = 17) -> int:
    """Random bytes over a few 4 KiB blocks of each large .sst file (as dd conv=notrunc)."""
    rng = random.Random(seed)
    damaged = 0
    for sst in sorted((ws / "oxigraph").glob("*.sst")):
        size = sst.stat().st_size
        if size < 64 * 1024:
            continue
        with sst.open("r+b") as f:
            for _ in range(3):
                f.seek(rng.randrange(0, size - 8192) // 4096 * 4096)
                f.write(rng.randbytes(8192))
        damaged += 1
    assert damaged, "no .sst file to damage"
    return damaged


# --- 2. a corrupted RDF store ----------------------------------------------------------


def test_truncated_current_is_named_and_reindex_restores_it(ws):
    before = answers(ws)
    (ws / "oxigraph" / "CURRENT").write_bytes(b"")
    for args in (("stats",), ANSWERS[0], ("export", "-o", ws.parent / "out.ttl")):
        result = kg(*args, "-w", ws)
        assert result.returncode != 0, args
        lines = stderr_lines(result)
        assert any(f"the RDF store at {ws / 'oxigraph'} cannot be opened (Corruption:" in line
                   and "run kg reindex --store rdf" in line for line in lines), (args, lines)
        assert not any("internal error" in line for line in lines)
    result = kg("reindex", "-w", ws)
    assert result.returncode == 0, result.stderr
    assert answers(ws) == before


def test_overwritten_sst_blocks_never_take_2_gb_and_reindex_restores(ws, built):
    before = answers(ws)
    overwrite_sst_blocks(ws)
    failed = 0
    for args in (("stats",), ANSWERS[0], ("query", "who-attended", "-p", "person=王明明", "--engine", "sparql"),
                 ("sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"), ("export", "-o", ws.parent / "x.ttl"),
                 ("check",)):
        result, peak = peak_rss(*args, "-w", ws)
        assert peak < 2 * GB, (args, peak)
        lines = stderr_lines(result)
        if result.returncode == 0:
            continue  # this one read no damaged block
        failed += 1
        assert any(line.startswith("kg: error: ") and ("kg reindex" in line or "kg check --fix" in line)
                   for line in lines), (args, lines)
    assert failed >= 3  # really damaged
    result, peak = peak_rss("reindex", "-w", ws)
    assert result.returncode == 0, result.stderr
    assert peak < 2 * GB
    assert answers(ws) == before
    # damaged again: the next ingest finds it out and rebuilds it, in bounded memory too
    overwrite_sst_blocks(ws, seed=18)
    result, peak = peak_rss("ingest", built.parent / "feed.jsonl", "-w", ws)
    assert result.returncode == 0 and peak < 2 * GB, (result.stderr, peak)
    assert stderr_lines(result)[0].startswith("kg: warning: rebuilding the rdf store from the records: ")
    assert answers(ws) == before


def test_a_query_past_the_memory_cap_is_stopped_with_one_line(ws):
    """The cap itself, on an intact store: KG_MAX_MEMORY below what the command needs."""
    result = kg("stats", "-w", ws, env={"KG_MAX_MEMORY": "30M"})
    assert result.returncode == 1
    lines = stderr_lines(result)
    assert len(lines) == 1 and lines[0].startswith("kg: error: kg stats used more than 30 MiB of memory")
    assert "KG_MAX_MEMORY raises the limit" in lines[0]


# --- 3. incomplete or changed stores ----------------------------------------------------


def dirty(ws: Path) -> list[str]:
    import sqlite3

    with sqlite3.connect(f"file:{ws / 'records.sqlite'}?mode=ro", uri=True, timeout=5) as db:
        return [r[0] for r in db.execute("SELECT key FROM meta WHERE key LIKE 'dirty:%'")]


def test_a_killed_reindex_leaves_queries_warning_and_exiting_3(ws):
    before = answers(ws)
    proc = subprocess.Popen([KG, "reindex", "-w", str(ws)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while "dirty:cypher" not in dirty(ws):
        assert proc.poll() is None and time.monotonic() < deadline, "reindex ended before it was killed"
        time.sleep(0.005)
    proc.kill()
    proc.wait()
    for args in (ANSWERS[2], ("cypher", "MATCH (p:Person) RETURN count(p) AS n"), ("stats",)):
        result = kg(*args, "-w", ws)
        assert result.returncode == 3, (args, result.stderr)
        assert stderr_lines(result)[-1] == (
            "kg: warning: the cypher store is incomplete (a write to it did not finish): its answers may be wrong; "
            "kg reindex --store cypher rebuilds it (--allow-stale accepts them)")
        accepted = kg(*args, "-w", ws, "--allow-stale")
        assert accepted.returncode == 0 and "the cypher store is incomplete" in accepted.stderr.decode()
    assert kg("reindex", "-w", ws).returncode == 0
    assert answers(ws) == before


def test_a_write_through_kg_cypher_is_refused_then_repaired_by_ingest_and_check(ws, built):
    before = answers(ws)
    result = kg("cypher", 'MATCH (n:Person) SET n.name = "X"', "-w", ws)
    assert result.returncode == 1
    assert stderr_lines(result) == ["kg: error: kg cypher runs read-only: this query writes (CREATE, SET, DELETE, "
                                    "MERGE, REMOVE); the store is a projection of the records, so a write is undone "
                                    "by kg reindex. Pass --write to run it anyway"]
    assert answers(ws) == before
    assert kg("cypher", 'MATCH (n:Person) SET n.name = "X"', "--write", "-w", ws).returncode == 0
    assert kg("check", "-w", ws).returncode == 1
    result = kg("ingest", built.parent / "feed.jsonl", "-w", ws)
    assert result.returncode == 0, result.stderr
    assert f"{N} articles: 0 new, 0 updated, {N} unchanged" in result.stdout.decode()
    assert stderr_lines(result) == ["kg: warning: rebuilding the cypher store from the records: it was written by "
                                    "kg cypher --write"]
    assert answers(ws) == before
    assert kg("check", "-w", ws).stdout.decode().splitlines() == [f"cypher: in step with the {N} records",
                                                                 f"rdf: in step with the {N} records"]


def test_kg_check_finds_a_change_behind_kg_and_fix_repairs_it(ws):
    before = answers(ws)
    from kg.stores.falkor import FalkorStore

    with FalkorStore(ws / "falkordb") as other:  # another client, not kg cypher
        other._run("MATCH (a:Article)<-[r:REPORTED_IN]-() WITH r LIMIT 3 DELETE r")
        other._run('MATCH (p:Person) WITH p LIMIT 1 SET p.name = "改过的名字"')
    result = kg("check", "-w", ws)
    assert result.returncode == 1
    out = result.stdout.decode().splitlines()
    assert out[0].startswith("cypher: 3 article(s) whose facts differ from their records (")
    assert out[0].endswith("; 1 shared node(s) differ") and out[1] == f"rdf: in step with the {N} records"
    assert stderr_lines(result)[0].startswith("kg: error: the cypher store is out of step with the records: ")
    fixed = kg("check", "--fix", "-w", ws)
    assert fixed.returncode == 0, fixed.stderr
    assert fixed.stdout.decode().splitlines()[0] == f"cypher: in step with the {N} records (rebuilt from the records)"
    assert answers(ws) == before


# --- 4. read-only, local, bounded queries ------------------------------------------------


class Listener:
    """A local TCP listener that records every connection made to it."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.requests: list[bytes] = []
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while self.running:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(1)
                try:
                    self.requests.append(conn.recv(65536))
                    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                                 b"Content-Length: 44\r\n\r\n{\"head\":{\"vars\":[]},\"results\":{\"bindings\":[]}}")
                except OSError:
                    pass

    def close(self) -> None:
        self.running = False
        self.thread.join(5)
        self.sock.close()


@pytest.fixture
def listener():
    server = Listener()
    yield server
    server.close()


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:PORT/sparql> { ?s ?p ?o } }",
    "select ?x where { ?x a schema:Person . service silent <http://127.0.0.1:PORT/> { ?x ?p ?o } }",
])
def test_sparql_service_sends_nothing(ws, listener, query):
    result = kg("sparql", query.replace("PORT", str(listener.port)), "-w", ws)
    time.sleep(0.3)
    assert listener.requests == []
    assert result.returncode == 2
    assert stderr_lines(result) == ["kg: usage error: SERVICE (a federated query) is refused: kg sparql never "
                                    "reaches the network; run the query on the other endpoint itself"]


@pytest.mark.parametrize("update", ["INSERT DATA { <urn:a> <urn:b> <urn:c> }", "DROP ALL",
                                    "LOAD <http://127.0.0.1:PORT/data.ttl>"])
def test_sparql_updates_are_refused_before_running(ws, listener, update):
    result = kg("sparql", update.replace("PORT", str(listener.port)), "-w", ws)
    assert result.returncode == 2 and "is a SPARQL update: kg sparql only reads" in stderr_lines(result)[0]
    assert listener.requests == []


def test_a_word_inside_a_string_or_iri_is_not_a_keyword(ws):
    result = kg("sparql", 'SELECT ?service WHERE { BIND("SERVICE DROP" AS ?service) } # DELETE', "-w", ws)
    assert result.returncode == 0, result.stderr
    assert json.loads(kg("sparql", 'SELECT ?service WHERE { BIND("SERVICE DROP" AS ?service) }', "-f", "json",
                         "-w", ws).stdout) == [{"service": "SERVICE DROP"}]


def test_cypher_detach_delete_is_refused_without_write(ws):
    before = answers(ws)
    result = kg("cypher", "MATCH (n) DETACH DELETE n", "-w", ws)
    assert result.returncode == 1 and "kg cypher runs read-only" in stderr_lines(result)[0]
    assert answers(ws) == before


def test_a_sparql_cross_join_stops_at_the_timeout(ws):
    started = time.monotonic()
    result = kg("sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", "--timeout", "2",
                "-w", ws)
    elapsed = time.monotonic() - started
    assert result.returncode == 1
    assert stderr_lines(result) == ["kg: error: the SPARQL query ran longer than 2 s and was stopped (--timeout)"]
    assert elapsed < 30


def test_a_long_cypher_query_stops_at_the_timeout(ws):
    started = time.monotonic()
    result = kg("cypher", "MATCH (a), (b), (c) RETURN count(*) AS n", "--timeout", "0.5", "-w", ws)
    assert time.monotonic() - started < 10
    assert result.returncode == 1
    # FalkorDB stops it itself (the watchdog would, 10 s later, were the server hung)
    assert stderr_lines(result) == ["kg: error: the Cypher query ran longer than 0.5 s (--timeout)"]


@pytest.mark.parametrize(("param", "message"), [
    ('x={"a`b": 1}', "kg: error: FalkorDB: cannot send a parameter: Cypher map key cannot contain a backtick"),
    ("x=123456789012345678901234567890", "kg: usage error: --param x: an integer beyond 64 bits cannot be stored "
                                         "exactly; quote it to pass it as text"),
])
def test_odd_cypher_parameters_are_one_line(ws, param, message):
    result = kg("cypher", "RETURN $x AS x", "--param", param, "-w", ws)
    assert result.returncode in (1, 2)
    lines = stderr_lines(result)
    assert len(lines) == 1 and lines[0].startswith(message), lines


# --- 5. no orphan servers, a full disk included -----------------------------------------


def servers_in(directory: Path) -> list[int]:
    """redis-server processes whose working directory is under ``directory``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if "redis-server" in os.readlink(entry / "exe") and os.readlink(entry / "cwd").startswith(str(directory)):
                found.append(int(entry.name))
        except OSError:
            continue
    return found


@pytest.fixture
def small_disk(tmp_path):
    """A 12 MB tmpfs (root only): fills up halfway through an ingest of N articles."""
    mount = tmp_path / "small"
    mount.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=12m", "tmpfs", str(mount)],
                                           capture_output=True).returncode != 0:
        pytest.skip("needs root to mount a small tmpfs")
    yield mount
    for pid in servers_in(mount):  # never left behind by a failing test either
        os.kill(pid, signal.SIGKILL)
    subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_leaves_no_server_and_names_the_path(small_disk, built):
    ws = small_disk / "kg-data"
    result = kg("ingest", built.parent / "feed.jsonl", "-w", ws)
    assert result.returncode == 1
    assert "No space left on device" in result.stderr.decode() and str(ws) in result.stderr.decode()
    time.sleep(0.5)
    assert servers_in(small_disk) == []
    with open(small_disk / "filler", "wb") as f:  # whatever room is left
        with contextlib.suppress(OSError):
            while True:
                f.write(b"\0" * (1 << 16))
    for args in (("stats",), ANSWERS[2], ("ingest", built.parent / "feed.jsonl"), ("reindex",), ("check",)):
        result = kg(*args, "-w", ws, timeout=300)
        assert result.returncode != 0, args
        errors = [line for line in stderr_lines(result) if line.startswith("kg: error: ")]
        assert errors and all(str(ws) in line or "records.sqlite" in line for line in errors), (args, errors)
        time.sleep(0.5)
        assert servers_in(small_disk) == [], args


@pytest.fixture
def read_only_copy(ws, tmp_path):
    """The workspace through a read-only bind mount (root only)."""
    view = tmp_path / "read-only"
    view.mkdir()
    ok = os.geteuid() == 0 and subprocess.run(["mount", "--bind", str(ws), str(view)],
                                              capture_output=True).returncode == 0
    if not ok:
        pytest.skip("needs root to bind-mount the workspace read-only")
    try:
        if subprocess.run(["mount", "-o", "remount,ro,bind", str(view)], capture_output=True).returncode != 0:
            pytest.skip("cannot remount read-only here")
        yield view
    finally:
        subprocess.run(["umount", "-l", str(view)], check=False)


def test_a_read_only_workspace_can_be_queried(ws, read_only_copy):
    """No start.lock, no WAL shared memory, no server socket can be written there: the
    records open immutable and FalkorDB serves a copy of its data from a temporary
    directory; the answers are those of the writable workspace."""
    before = answers(ws)
    assert answers(read_only_copy) == before
    assert servers_in(read_only_copy) == []
