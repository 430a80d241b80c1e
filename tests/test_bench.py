"""``python bench/run.py --quick`` on a small slice of the shared corpus: it runs end to
end and appends a well-formed section to the results file it is given (a temp file,
never the committed bench/RESULTS.md)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "xwlb" / "xwlb-2022-2025.jsonl"

pytestmark = [pytest.mark.shared, pytest.mark.slow,
              pytest.mark.skipif(not CORPUS.exists(), reason="needs ../shared (the corpus)")]


def _bench(results: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--quick", "--articles", "60", "--runs", "2",
         "--typical", "2", "--results", str(results), *extra],
        capture_output=True, text=True, timeout=600, cwd=ROOT,
    )


def test_quick_bench_appends_a_results_section(tmp_path):
    results = tmp_path / "RESULTS.md"
    run = _bench(results)
    assert run.returncode == 0, run.stderr[-3000:]
    text = results.read_text(encoding="utf-8")
    assert text.startswith("# Benchmark results")
    assert re.search(r"^## \d{4}-\d\d-\d\d \d\d:\d\d UTC · quick · commit \S+", text, re.M)
    assert re.search(r"^Machine: \d+ cores \(nproc\), [\d.]+ GiB, .+, Python 3\.\d+", text, re.M)
    for heading in ("### Extraction, one core", "### Ingest", "### Named queries (ms)", "### `kg serve`",
                    "### Export", "### Targets"):
        assert heading in text
    assert "| jieba.posseg.lcut | jieba sample |" in text

    data = json.loads(re.search(r"<!-- bench-json (.*) -->", text).group(1))
    assert data["mode"] == "quick" and data["articles"] == 60 and data["chars"] > 0
    assert data["extraction"]["kg_chars_per_s"] > 0 and data["extraction"]["vs_jieba"] > 0
    runs = data["ingest"]["runs"]
    assert [r["jobs"] for r in runs] == [1, 2, 2] and all(r["rc"] == 0 for r in runs)
    assert all(r["seconds"] > 0 and r["peak_tree_mb"] > 0 for r in runs)
    assert "60 skipped" in runs[-1]["timings"]  # the second ingest extracts nothing
    from kg.queries import names

    measured = {(r["query"], r["engine"]) for r in data["queries"]["rows"]}
    # a slice of 60 articles may hold no organization tree and no organizer
    optional = {(q, e) for q in ("org-tree", "events-by") for e in ("cypher", "sparql")}
    assert measured >= {(n, e) for n in names() for e in ("cypher", "sparql")} - optional
    served = {(r["query"], r["route"]) for r in data["serve"]["rows"]}
    assert served >= {(n, r) for n in names("sparql") for r in ("protocol", "named")} - {
        (q, r) for q in ("org-tree", "events-by") for r in ("protocol", "named")}
    assert "127.0.0.1" in data["serve"]["start_line"] and data["serve"]["rss_mb"] > 0
    assert all(r["p50_ms"] <= r["p95_ms"] <= r["max_ms"] for r in data["queries"]["rows"])
    assert {r["format"] for r in data["export"]["rows"]} >= {"nt", "ttl", "trig", "jsonld"}
    assert all(r["bytes"] > 0 for r in data["export"]["rows"] if not r["validated"])
    assert {t["met"] for t in data["targets"]} <= {True, False}

    # a second run appends, it never rewrites
    again = _bench(results, "--jobs", "2", "--no-validate")
    assert again.returncode == 0, again.stderr[-3000:]
    assert results.read_text(encoding="utf-8").count("<!-- bench-json") == 2
