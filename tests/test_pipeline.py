"""kg.pipeline: load → clean → extract, one bad article never stopping the others."""

from __future__ import annotations

import json
from pathlib import Path

import kg.pipeline as pipeline
from kg.records import Rejected
from kg.loaders import load_inputs
from kg.model import Article, Extraction
from kg.pipeline import extract_all, process_article
from kg.text import clean

DATA = Path(__file__).parent / "data" / "extract"

A1 = Article(id="a1", title="青山区召开会议", text="4月8日，青山区召开经济运行分析会，区长周明远主持会议。", source="x.jsonl", source_line=1,
             year=2021)
A2 = Article(id="a2", title="松岭市召开会议", text="4月9日，松岭市委召开常委会会议，市委书记高建国主持。", source="x.jsonl", source_line=3,
             year=2021)


def test_process_article_cleans_then_extracts():
    article = Article(id="t", title="標題", text="４月８日，青山區召開經濟運行分析會，區長周明遠主\n\n持會議。", year=2021)
    e = process_article(article)
    assert isinstance(e, Extraction)
    assert e.article is article
    assert [p.name for p in e.persons] == ["周明远"]
    (ev,) = e.events
    assert (ev.date, ev.date_inferred) == ("2021-04-08", True)
    (p,) = e.participations
    assert p.evidence.quote == "區長周明遠主\n\n持"


def test_process_article_is_deterministic():
    assert process_article(A1) == process_article(A1)
    assert clean(A1) == clean(A1)


def test_extract_all_passes_rejections_through_in_order():
    bad = Rejected("x.jsonl", "invalid JSON", 2)
    out = list(extract_all([A1, bad, A2]))
    assert [type(x) for x in out] == [Extraction, Rejected, Extraction]
    assert out[1] is bad
    assert out[0].events[0].date == "2021-04-08"
    assert out[2].events[0].date == "2021-04-09"


def test_an_article_that_breaks_the_extractor_is_rejected_and_the_rest_go_on(monkeypatch):
    real = pipeline.extract_article

    def flaky(article, text, *, year=None):
        if article.id == "a1":
            raise ValueError("boom")
        return real(article, text, year=year)

    monkeypatch.setattr(pipeline, "extract_article", flaky)
    first, second = extract_all([A1, A2])
    assert isinstance(first, Rejected)
    assert (first.source, first.line) == ("x.jsonl", 1)
    assert first.message == "extraction failed: ValueError: boom"
    assert str(first) == "x.jsonl:1: extraction failed: ValueError: boom"
    assert isinstance(second, Extraction)


def test_a_rejected_article_without_a_source_is_named_by_its_id(monkeypatch):
    monkeypatch.setattr(pipeline, "extract_article", lambda *a, **k: 1 / 0)
    (r,) = extract_all([Article(id="only-id", title="t", text="x")])
    assert isinstance(r, Rejected)
    assert r.source == "only-id"
    assert r.line is None
    assert "ZeroDivisionError" in r.message


def test_extract_all_is_lazy():
    def items():
        yield A1
        raise AssertionError("read too far")

    it = extract_all(items())
    assert isinstance(next(it), Extraction)


def test_pipeline_over_loaded_fixtures_never_rejects():
    fixtures = ["yunxi-gaoxin-2021-06.txt", "qingshan-2021-03.big5.txt", "national-2021.jsonl"]
    out = list(extract_all(load_inputs([str(DATA / f) for f in fixtures])))
    assert out, "fixtures found"
    assert all(isinstance(x, Extraction) for x in out), [x for x in out if isinstance(x, Rejected)]
    assert len(out) == 2 + 1 + 7  # gaoxin page, big5 page, national JSONL


def test_the_same_1000_articles_from_a_shuffled_copy_change_nothing(tmp_path):
    """Identity by content (issue 17): re-ingesting the same articles from a renamed,
    reordered file (half of them without an id) reports 0 updated and extracts none."""
    import random
    import subprocess

    from helpers import KG, synthetic_article

    records = [synthetic_article(i) for i in range(1000)]
    for r in records[::2]:
        del r["id"]  # these get their id from their content
    first, copy = tmp_path / "feed.jsonl", tmp_path / "elsewhere" / "shuffled copy.jsonl"
    first.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    random.Random(17).shuffle(records)
    copy.parent.mkdir()
    copy.write_text("\n\n".join(json.dumps(r, ensure_ascii=False) for r in records + records[:10]) + "\n",
                    encoding="utf-8")  # blank lines between, ten repeated: other line numbers
    ws = tmp_path / "kg-data"

    def ingest(path):
        result = subprocess.run([KG, "ingest", str(path), "-w", str(ws), "--timings"], capture_output=True)
        assert result.returncode == 0, result.stderr
        return result.stdout.decode(), result.stderr.decode()

    out, _ = ingest(first)
    assert out.startswith("1000 articles: 1000 new, 0 updated, 0 unchanged")
    out, err = ingest(copy)
    assert out.startswith("1010 articles: 0 new, 0 updated, 1010 unchanged"), out
    assert "kg: timings: 0 extracted, 1010 skipped" in err
