"""Corpus-scale ingest without Spark: ``kg ingest --jobs N`` (spawned extraction
processes), streaming windows and chunks, resuming an interrupted ingest by input hash,
and ``kg bulk-export`` (Neo4j bulk-import CSVs and N-Triples from the records).

Runs on the shared corpus' first articles when ../shared is present, else on the small
fictional corpus in tests/data/store/."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from kg import pipeline
from kg import records as rec
from kg.cli import app
from kg.loaders import load_inputs
from kg.pipeline import ingest_stream
from kg.workspace import Workspace

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "xwlb" / "xwlb-2022-2025.jsonl"
SMALL = Path(__file__).parent / "data" / "store" / "corpus.jsonl"
runner = CliRunner()


def kg(*args):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    if not CORPUS.exists():
        return SMALL
    path = tmp_path_factory.mktemp("corpus") / "slice.jsonl"
    with open(CORPUS, encoding="utf-8") as src, open(path, "w", encoding="utf-8") as dst:
        for i, line in enumerate(src):
            if i >= 90:
                break
            dst.write(line)
    return path


def _records(path: Path) -> dict[str, str]:
    with Workspace(path, create=False) as ws:
        return {x.article.id: rec.dumps(x) for x in ws.records()}


def _ingest(ws_path: Path, corpus: Path | list[Path], **kw):
    paths = corpus if isinstance(corpus, list) else [corpus]
    with Workspace(ws_path) as ws:
        return ingest_stream(load_inputs([str(p) for p in paths]), ws, **kw)


def _consistent(ws_path: Path) -> None:
    with Workspace(ws_path, create=False) as ws:
        assert ws.out_of_sync("cypher") is None and ws.out_of_sync("rdf") is None
        assert ws.stats()["rdf"]["articles"] == ws.count()


def test_parallel_extraction_gives_the_same_records(corpus, tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    report1, run1 = _ingest(one, corpus, jobs=1)
    report2, run2 = _ingest(two, corpus, jobs=2, chunk=7)
    assert report1.added == report2.added == run1.articles == run2.articles > 0
    assert run2.extracted == run2.articles and not run2.rejected
    assert _records(one) == _records(two)
    _consistent(two)


def test_the_cli_ingests_with_jobs_and_prints_timings(corpus, tmp_path):
    ws = tmp_path / "ws"
    result = kg("ingest", corpus, "-w", ws, "--jobs", "2", "--chunk", "25", "--timings")
    assert result.exit_code == 0, result.output
    assert " new, 0 updated, 0 unchanged" in result.stdout
    assert "kg: timings:" in result.stderr and "resolve" in result.stderr
    again = kg("ingest", corpus, "-w", ws, "--jobs", "2", "--timings")
    assert again.exit_code == 0 and "0 new, 0 updated" in again.stdout
    assert "0 extracted" in again.stderr  # nothing extracted again
    assert kg("ingest", corpus, "-w", ws, "--jobs", "-1").exit_code == 2


def test_an_interrupted_ingest_resumes_where_it_stopped(corpus, tmp_path):
    ws = tmp_path / "ws"
    n = sum(1 for _ in load_inputs([str(corpus)]))
    written = []

    def stop_after_first_chunk(k: int) -> None:
        written.append(k)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        _ingest(ws, corpus, chunk=max(1, n // 3), progress=stop_after_first_chunk)
    stored = len(_records(ws))
    assert 0 < stored < n
    _consistent(ws)  # every finished chunk is in the records and both stores
    report, run = _ingest(ws, corpus, jobs=2)
    assert run.skipped == stored and run.extracted == n - stored
    assert report.added == n - stored and len(_records(ws)) == n
    _consistent(ws)
    report, run = _ingest(ws, corpus)  # and once complete, an identical run changes nothing
    assert run.extracted == 0 and report.unchanged == n and report.written == 0


def test_changed_input_or_code_is_extracted_again(corpus, tmp_path, monkeypatch):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(corpus.read_text(encoding="utf-8"), encoding="utf-8")
    ws = tmp_path / "ws"
    _ingest(ws, feed)
    n = len(_records(ws))
    lines = feed.read_text(encoding="utf-8").splitlines()
    first = json.loads(lines[0])
    first["title"] += "（修订）"
    feed.write_text("\n".join([json.dumps(first, ensure_ascii=False), *lines[1:]]) + "\n", encoding="utf-8")
    report, run = _ingest(ws, feed)
    assert run.extracted == 1 and run.skipped == n - 1 and report.updated == 1
    assert json.loads(_records(ws)[first.get("id") or next(iter(_records(ws)))])["article"]["title"].endswith("（修订）") \
        if first.get("id") else True
    monkeypatch.setattr(pipeline, "code_fingerprint", lambda: "another extractor")
    report, run = _ingest(ws, feed)
    assert run.extracted == n and report.unchanged == n  # extracted again, the same records


def test_window_bounds_what_is_resolved_together(corpus, tmp_path):
    """Stored records join a window's resolution only while all of them fit in it: with
    windows smaller than the corpus each window is resolved on its own, nothing stored
    is rewritten, and memory stays bounded by the window."""
    report, run = _ingest(tmp_path / "ws", corpus, window=10, chunk=4, jobs=2)
    assert report.added == run.articles and report.restated == 0
    _consistent(tmp_path / "ws")


# one 高新区党工委 written with its city first, then two without: alone, the first article
# names it 郑州高新区党工委; with the others, 高新区党工委 (the more common name) with an alias
FIRST = [{"id": "t0", "title": "标题0", "date": "2021-03-04",
          "text": "本报讯 3月4日,郑州高新区党工委召开会议。郑州高新区党工委书记王明出席并讲话。"}]
LATER = [{"id": "t1", "title": "标题1", "date": "2021-03-05",
          "text": "本报讯 3月5日,高新区党工委召开会议。高新区党工委书记王明主持会议。"},
         {"id": "t2", "title": "标题2", "date": "2021-03-06", "text": "本报讯 3月6日,高新区党工委书记王明到企业调研。"}]


def _jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def _graph(ws_path: Path) -> tuple[dict, dict]:
    with Workspace(ws_path, create=False) as ws:
        stats = ws.stats()
        stats.pop("workspace")
        return _records(ws_path), stats


def test_a_later_ingest_is_resolved_with_the_stored_records(tmp_path):
    first, later = _jsonl(tmp_path / "first.jsonl", FIRST), _jsonl(tmp_path / "later.jsonl", LATER)
    _ingest(tmp_path / "clean", [first, later])
    _ingest(tmp_path / "ws", first)
    assert '"郑州高新区党工委"' in _records(tmp_path / "ws")["t0"]
    report, run = _ingest(tmp_path / "ws", later)
    assert (report.added, report.updated, report.restated, run.extracted) == (2, 0, 1, 2)  # t0 rewritten
    assert _graph(tmp_path / "ws") == _graph(tmp_path / "clean")  # records and both stores
    _consistent(tmp_path / "ws")


def test_a_later_ingest_beyond_the_window_is_resolved_on_its_own(tmp_path):
    first, later = _jsonl(tmp_path / "first.jsonl", FIRST), _jsonl(tmp_path / "later.jsonl", LATER)
    _ingest(tmp_path / "ws", first, window=2)
    report, _ = _ingest(tmp_path / "ws", later, window=2)  # 1 stored + 2 new > 2
    assert report.added == 2 and report.restated == 0
    assert '"郑州高新区党工委"' in _records(tmp_path / "ws")["t0"]  # as the first ingest left it
    _consistent(tmp_path / "ws")


def test_an_ingest_stopped_before_rewriting_stored_records_finishes_next_time(tmp_path, monkeypatch):
    first, later = _jsonl(tmp_path / "first.jsonl", FIRST), _jsonl(tmp_path / "later.jsonl", LATER)
    clean = [first, later]
    _ingest(tmp_path / "clean", clean)
    _ingest(tmp_path / "ws", first)

    def killed(*args, **kwargs):
        raise KeyboardInterrupt  # the new records are committed, t0 is not rewritten yet

    monkeypatch.setattr(pipeline, "_restate", killed)
    with pytest.raises(KeyboardInterrupt):
        _ingest(tmp_path / "ws", clean)
    monkeypatch.undo()
    assert '"郑州高新区党工委"' in _records(tmp_path / "ws")["t0"]  # stale, and the workspace knows it
    with pytest.warns(RuntimeWarning, match=r"rebuilding the \w+ store"):  # t0 was forgotten by the stores
        report, run = _ingest(tmp_path / "ws", clean)
    assert run.extracted == 0 and report.restated == 1  # nothing new, yet t0 is resolved again
    assert _graph(tmp_path / "ws") == _graph(tmp_path / "clean")
    report, run = _ingest(tmp_path / "ws", clean)
    assert report.restated == 0 and report.written == 0  # and then nothing is left to do


def test_bulk_export_matches_the_stores(corpus, tmp_path):
    ws = tmp_path / "ws"
    _ingest(ws, corpus)
    out = tmp_path / "bulk"
    result = kg("bulk-export", out, "-w", ws)
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    with Workspace(ws, create=False) as w:
        stats = w.stats()
    for label, count in stats["cypher"]["nodes"].items():
        assert summary["rows"][f"nodes_{label}.csv"] == count
    for rel, count in stats["cypher"]["relationships"].items():
        assert summary["rows"][f"relationships_{rel}.csv"] == count
    ids = set()
    for f in out.glob("nodes_*.csv"):
        with open(f, encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        assert rows[0][:2] == ["id:ID", ":LABEL"]
        ids.update(r[0] for r in rows[1:])
    for f in out.glob("relationships_*.csv"):
        with open(f, encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        assert rows[0][:3] == [":START_ID", ":END_ID", ":TYPE"]
        assert all(r[0] in ids and r[1] in ids for r in rows[1:])
    triples = list(ox.parse(path=str(out / "graph.nt"), format=ox.RdfFormat.N_TRIPLES))
    assert len(triples) == len(set(triples)) == summary["triples"] == stats["rdf"]["triples"]
