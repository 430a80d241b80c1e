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

from test_faults import GB
from test_reliability import KG, stderr_lines
from test_reliability_stores import synthetic_article

N = 600  # synthetic articles: enough SST blocks to damage, quick to ingest


def kg(*args, timeout: float = 300, env: dict | None = None, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([KG, *map(str, args)], capture_output=True, timeout=timeout,
                          env={**os.environ, **(env or {})}, **kw)


def peak_rss(*args, **kw) -> tuple[subprocess.CompletedProcess, int]:
    """``kg ARGS`` and the peak resident memory (bytes) of it and everything it ran,
    measured by GNU time (the largest process of the tree)."""
    result = subprocess.run(["/usr/bin/time", "-f", "PEAK %M", KG, *map(str, args)], capture_output=True,
                            timeout=300, **kw)
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


def test_overwritten_sst_blocks_never_take_2_gb_and_reindex_restores(ws):
    before = answers(ws)
    overwrite_sst_blocks(ws)
    for args in (("stats",), ANSWERS[0], ("query", "who-attended", "-p", "person=王明明", "--engine", "sparql"),
                 ("sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"), ("ingest", ws.parent / "none.jsonl")):
        result, peak = peak_rss(*args, "-w", ws)
        assert peak < 2 * GB, (args, peak)
        lines = stderr_lines(result)
        if result.returncode == 0:
            continue  # this one read no damaged block
        assert any(line.startswith("kg: error: ") and "kg reindex" in line for line in lines), (args, lines)
    result, peak = peak_rss("reindex", "-w", ws)
    assert result.returncode == 0, result.stderr
    assert peak < 2 * GB
    assert answers(ws) == before


def test_a_query_past_the_memory_cap_is_stopped_with_one_line(ws):
    """The cap itself, on an intact store: KG_MAX_MEMORY below what the command needs."""
    result = kg("stats", "-w", ws, env={"KG_MAX_MEMORY": "30M"})
    assert result.returncode == 1
    lines = stderr_lines(result)
    assert len(lines) == 1 and lines[0].startswith("kg: error: kg stats used more than 30 MiB of memory")
    assert "KG_MAX_MEMORY raises the limit" in lines[0]
