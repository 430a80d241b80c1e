"""Extraction quality on the shared corpus (``../shared``, read-only, next to the repository):
the seed page and the three dev sets (新闻联播 dev-20 and dev-45, regional dev-24) scored
against their hand-made gold with ``kg.evaluate.score``, and a crash-free run over a whole
month of 人民日报 articles.

Skipped when ``../shared`` is absent. Thresholds are floors just under the measured core
F1 (seed 1.000, dev-20 0.982, dev-45 0.945, regional 0.798 when they were set): a drop
fails, an improvement may raise them. The measured scores are printed in the assertion
messages.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.records import Rejected
from kg.evaluate import score
from kg.gold import to_gold
from kg.loaders import load_inputs
from kg.model import Article, Extraction
from kg.pipeline import extract_all

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED = SHARED / "corpus" / "seed" / "gaoxin-times-2020-06.txt"
SEED_GOLD = SHARED / "gold" / "gaoxin-times-2020-06.gold.json"
DEV_SETS = {  # name: (corpus, gold, core F1 floor)
    "dev-20": ("xwlb/dev-20.jsonl", "xwlb-dev-20.gold.json", 0.97),
    "dev-45": ("xwlb/dev-45.jsonl", "xwlb-dev-45.gold.json", 0.93),
    "regional-dev-24": ("regional/dev-24.jsonl", "regional-dev-24.gold.json", 0.78),
}
RMRB = SHARED / "corpus" / "rmrb" / "rmrb-2017-12.jsonl"

pytestmark = [
    pytest.mark.shared,
    pytest.mark.skipif(not SHARED.is_dir(), reason=f"{SHARED} is absent"),
]


def run(path: Path, year: int | None = None) -> tuple[list[Extraction], list[Rejected]]:
    done, rejected = [], []
    for item in extract_all(load_inputs([str(path)], year=year)):
        (done if isinstance(item, Extraction) else rejected).append(item)
    return done, rejected


def report_for(path: Path, gold_path: Path, year: int | None = None):
    extractions, rejected = run(path, year)
    assert rejected == []
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    return score(gold, to_gold(extractions, str(path)))


def summary(report) -> str:
    return " ".join(f"{k}={c.f1:.3f}(tp{c.tp}/fp{c.fp}/fn{c.fn})" for k, c in report.counts.items())


@pytest.fixture(scope="module")
def seed_report():
    return report_for(SEED, SEED_GOLD, year=2020)


def test_seed_core_f1(seed_report):
    assert seed_report.core.f1 >= 0.99, summary(seed_report)


def test_seed_all_four_event_dates_right(seed_report):
    dates = seed_report.counts["dates"]
    assert (dates.tp, dates.fp, dates.fn) == (4, 0, 0), summary(seed_report)


def test_seed_every_article_matched_by_title(seed_report):
    assert [a.matched_by for a in seed_report.articles] == ["title"] * 4


@pytest.mark.parametrize("name", sorted(DEV_SETS))
def test_dev_set_core_f1(name):
    corpus, gold, floor = DEV_SETS[name]
    report = report_for(SHARED / "corpus" / corpus, SHARED / "gold" / gold)
    assert report.core.f1 >= floor, summary(report)


def test_rmrb_month_extracts_without_a_crash():
    articles = [a for a in load_inputs([str(RMRB)]) if isinstance(a, Article)]
    assert len(articles) == 120
    extractions, rejected = run(RMRB)
    assert [r for r in rejected if r.message.startswith("extraction failed")] == []
    assert len(extractions) == 120
    for e in extractions:
        text = e.article.text
        for ev in [*(h.evidence for h in e.holds), *(p.evidence for p in e.participations),
                   *(x.evidence for x in e.events), *(a.evidence for a in e.authorships)]:
            assert text[ev.start : ev.end] == ev.quote
