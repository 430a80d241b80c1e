"""kg.pipeline: load → clean → extract, one bad article never stopping the others."""

from __future__ import annotations

from pathlib import Path

import kg.pipeline as pipeline
from kg.errors import Rejected
from kg.loaders import load_inputs
from kg.model import Article, Extraction
from kg.pipeline import extract_all, process_article
from kg.text import clean

DATA = Path(__file__).parent / "data" / "extract"

A1 = Article(id="a1", title="青山区召开会议", text="4月8日，青山区召开经济运行分析会，区长周明远主持会议。", source="x.jsonl", source_line=1)
A2 = Article(id="a2", title="松岭市召开会议", text="4月9日，松岭市委召开常委会会议，市委书记高建国主持。", source="x.jsonl", source_line=3)


def test_process_article_cleans_then_extracts():
    article = Article(id="t", title="標題", text="４月８日，青山區召開經濟運行分析會，區長周明遠主\n\n持會議。")
    e = process_article(article, year=2021)
    assert isinstance(e, Extraction)
    assert e.article is article
    assert [p.name for p in e.persons] == ["周明远"]
    (ev,) = e.events
    assert (ev.date, ev.date_inferred) == ("2021-04-08", True)
    (p,) = e.participations
    assert p.evidence.quote == "區長周明遠主\n\n持"


def test_process_article_is_deterministic():
    assert process_article(A1, year=2021) == process_article(A1, year=2021)
    assert clean(A1) == clean(A1)


def test_extract_all_passes_rejections_through_in_order():
    bad = Rejected("x.jsonl", "invalid JSON", 2)
    out = list(extract_all([A1, bad, A2], year=2021))
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
    first, second = extract_all([A1, A2], year=2021)
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
