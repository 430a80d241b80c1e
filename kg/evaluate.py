"""Scoring a prediction against a gold annotation, both in the ``kg-gold/1`` format.

The rules are those of ``shared/gold/README.md`` ("How it is scored"):

* Facts are compared as sets. ``persons`` (a name) and ``posts`` (name, org+title
  joined after alias normalisation) are compared per document; everything tied to an
  event — ``participants`` (event × person), ``roles`` (event × person × role),
  ``org_roles`` (event × unit × role), ``dates``, ``locations``, ``organizers`` — per
  article, and ``events`` counts aligned events.
* Articles are matched one-to-one by title (NFKC, whitespace removed), the rest by the
  best overlap of the people named in them. Within a matched pair, events are aligned
  one-to-one maximising shared participants, then equal dates, then shared label
  characters. Facts of unaligned predicted events are false positives, of unaligned
  gold events false negatives; likewise for unmatched articles.
* Organisation and place names on both sides go through the gold's ``org_aliases``
  (plus the prediction's own, where they do not merge two gold units).
* Gold items marked ``optional`` are unscored: predicting them is not a true or a false
  positive, missing them is not a false negative.
* A gold date with ``X`` (``XXXX-06-03``) matches any predicted date that agrees on the
  other characters. Null dates and locations are not facts.
* Precision = tp/(tp+fp), recall = tp/(tp+fn), F1 their harmonic mean. When a kind has
  no facts on either side (tp = fp = fn = 0) all three are defined as 1.0; otherwise a
  zero denominator gives 0.0.
* ``core`` pools the counts of posts, participants and roles.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.evaluate_align import align_events, match_articles
from kg.evaluate_facts import (
    FORMAT,
    ArticleView,
    DocumentView,
    EventView,
    FactSet,
    OrgNames,
    check_format,
    date_matches,
    event_facts,
    read_document,
    unit_names,
)

__all__ = ["CORE_KINDS", "FORMAT", "KINDS", "ArticleResult", "Counts", "Report", "load_document", "score"]

# Document-level kinds first, then per-article ones; the order of the printed table.
DOCUMENT_KINDS = ("persons", "posts")
ARTICLE_KINDS = ("participants", "roles", "org_roles", "dates", "locations", "organizers",
                 "events")
KINDS = DOCUMENT_KINDS + ARTICLE_KINDS
CORE_KINDS = ("posts", "participants", "roles")

@dataclass
class Counts:
    """True/false positive and false negative counts of one kind, with derived scores."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __iadd__(self, other: Counts) -> Counts:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        return self

    @property
    def empty(self) -> bool:
        """Nothing on either side: scores are then defined as 1.0."""
        return self.tp == self.fp == self.fn == 0

    @property
    def precision(self) -> float:
        """tp / (tp + fp); 1.0 when both sides are empty, 0.0 when nothing was predicted."""
        if self.empty:
            return 1.0
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        """tp / (tp + fn); 1.0 when both sides are empty, 0.0 when the gold has nothing."""
        if self.empty:
            return 1.0
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall (0.0 when both are 0)."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        """Counts and scores (rounded to 4 places) as a plain dict."""
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn,
                "precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4)}


@dataclass
class ArticleResult:
    """How one gold article (or an unmatched predicted one) fared, for a developer to read.

    ``false_positives`` / ``false_negatives`` map a kind to readable facts such as
    ``王某 spoke @ <event label>``; the label is the gold event's when the predicted
    event was aligned to one.
    """

    gold_index: int | None
    pred_index: int | None
    gold_title: str | None
    pred_title: str | None
    matched_by: str | None  # "title", "people", or None when unmatched
    events: list[dict[str, str | None]] = field(default_factory=list)
    counts: dict[str, Counts] = field(default_factory=dict)
    false_positives: dict[str, list[str]] = field(default_factory=dict)
    false_negatives: dict[str, list[str]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Plain-dict form; kinds without errors are left out of the FP/FN maps."""
        return {
            "gold_index": self.gold_index, "pred_index": self.pred_index,
            "gold_title": self.gold_title, "pred_title": self.pred_title,
            "matched_by": self.matched_by, "events": self.events,
            "counts": {k: c.to_dict() for k, c in self.counts.items()},
            "false_positives": {k: v for k, v in self.false_positives.items() if v},
            "false_negatives": {k: v for k, v in self.false_negatives.items() if v},
        }


@dataclass
class Report:
    """The result of ``score``: counts per kind (plus ``core``) and the errors behind them."""

    counts: dict[str, Counts]
    articles: list[ArticleResult]
    # Document-level kinds (persons, posts): errors are not tied to one article.
    false_positives: dict[str, list[str]]
    false_negatives: dict[str, list[str]]

    @property
    def core(self) -> Counts:
        """Pooled posts + participants + roles."""
        return self.counts["core"]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: ``kinds`` (counts and scores), ``document`` errors, ``articles``."""
        matched = Counter(a.matched_by for a in self.articles)
        return {
            "format": "kg-eval/1",
            "kinds": {k: c.to_dict() for k, c in self.counts.items()},
            "matching": {"by_title": matched["title"], "by_people": matched["people"],
                         "gold_unmatched": sum(1 for a in self.articles
                                               if a.matched_by is None and a.gold_index is not None),
                         "pred_unmatched": sum(1 for a in self.articles
                                               if a.matched_by is None and a.pred_index is not None)},
            "document": {"false_positives": {k: v for k, v in self.false_positives.items() if v},
                         "false_negatives": {k: v for k, v in self.false_negatives.items() if v}},
            "articles": [a.to_dict() for a in self.articles],
        }


def load_document(path: str | Path) -> dict:
    """Read a ``kg-gold/1`` JSON file; ``InputError`` (one line) when it cannot be used."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(str(path), "no such file") from None
    except IsADirectoryError:
        raise InputError(str(path), "is a directory, not a file") from None
    except UnicodeDecodeError as err:
        raise InputError(str(path), f"not UTF-8 text ({err.reason})") from None
    except OSError as err:
        raise InputError(str(path), f"cannot read: {err.strerror or err}") from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError(str(path), f"not valid JSON: {err.msg}", line=err.lineno) from None
    return check_format(doc, str(path))


# --- counting ---------------------------------------------------------------------------


def _compare(gold: FactSet, pred: set) -> tuple[set, set, set]:
    """(true positives, false positives, false negatives); optional gold facts drop out."""
    tp = pred & gold.required
    fp = pred - gold.required - gold.optional
    fn = gold.required - pred
    return tp, fp, fn


def _render(kind: str, fact: Any, labels: dict[Any, str]) -> str:
    """A fact as a developer wants to read it."""
    if kind == "persons":
        return fact
    if kind == "posts":
        return f"{fact[0]}: {fact[1]}"
    if kind == "events":
        return labels[fact]
    key, *rest = fact
    return f"{' '.join(rest)} @ {labels[key]}"


def _sort_key(fact: Any) -> Any:
    return fact if isinstance(fact, tuple) else (fact,)


def _label(ev: EventView, i: int) -> str:
    return ev.label or f"event {i + 1}"


def _score_article(g: ArticleView | None, p: ArticleView | None, how: str | None
                   ) -> ArticleResult:
    """Align the events of one article pair (either side may be missing) and count."""
    gold_events = g.events if g else []
    pred_events = p.events if p else []
    pairs = align_events(gold_events, pred_events)
    aligned = {j: i for i, j in pairs}
    gold_facts = {k: FactSet() for k in ARTICLE_KINDS}
    pred_facts = {k: FactSet() for k in ARTICLE_KINDS}
    labels: dict[Any, str] = {}
    for i, ev in enumerate(gold_events):
        labels[("g", i)] = _label(ev, i)
        event_facts(ev, ("g", i), gold_facts)
    for j, ev in enumerate(pred_events):
        if j in aligned:
            gi = aligned[j]
            gold_date = gold_events[gi].date
            date = gold_date if date_matches(gold_date, ev.date) else None
            event_facts(ev, ("g", gi), pred_facts, date=date)
        else:
            labels[("p", j)] = _label(ev, j)
            event_facts(ev, ("p", j), pred_facts)
    result = ArticleResult(
        gold_index=g.index if g else None, pred_index=p.index if p else None,
        gold_title=g.title if g else None, pred_title=p.title if p else None,
        matched_by=how,
        events=[{"gold": _label(gold_events[i], i), "pred": _label(pred_events[j], j)}
                for i, j in pairs]
        + [{"gold": _label(ev, i), "pred": None} for i, ev in enumerate(gold_events)
           if i not in {a for a, _ in pairs}]
        + [{"gold": None, "pred": _label(ev, j)} for j, ev in enumerate(pred_events)
           if j not in aligned],
    )
    for kind in ARTICLE_KINDS:
        tp, fp, fn = _compare(gold_facts[kind], pred_facts[kind].all())
        result.counts[kind] = Counts(len(tp), len(fp), len(fn))
        result.false_positives[kind] = [_render(kind, f, labels)
                                        for f in sorted(fp, key=_sort_key)]
        result.false_negatives[kind] = [_render(kind, f, labels)
                                        for f in sorted(fn, key=_sort_key)]
    return result


def score(gold: dict, pred: dict) -> Report:
    """Score ``pred`` against ``gold`` (both ``kg-gold/1`` documents) by the module's rules.

    Raises ``kg.errors.InputError`` when either document is malformed.
    """
    check_format(gold, "gold")
    check_format(pred, "prediction")
    orgs = OrgNames(gold.get("org_aliases"), pred.get("org_aliases"), unit_names(gold))
    g_doc: DocumentView = read_document(gold, orgs, "gold")
    p_doc: DocumentView = read_document(pred, orgs, "prediction")

    counts = {k: Counts() for k in KINDS}
    doc_fp: dict[str, list[str]] = {}
    doc_fn: dict[str, list[str]] = {}
    for kind in DOCUMENT_KINDS:
        tp, fp, fn = _compare(getattr(g_doc, kind), getattr(p_doc, kind).all())
        counts[kind] = Counts(len(tp), len(fp), len(fn))
        doc_fp[kind] = [_render(kind, f, {}) for f in sorted(fp, key=_sort_key)]
        doc_fn[kind] = [_render(kind, f, {}) for f in sorted(fn, key=_sort_key)]

    pairs = match_articles(g_doc.articles, p_doc.articles)
    pred_of = {gi: (pj, how) for gi, pj, how in pairs}
    matched_pred = {pj for _, pj, _ in pairs}
    articles = []
    for g in g_doc.articles:
        pj, how = pred_of.get(g.index, (None, None))
        articles.append(_score_article(g, p_doc.articles[pj] if pj is not None else None, how))
    for p in p_doc.articles:
        if p.index not in matched_pred:
            articles.append(_score_article(None, p, None))
    for art in articles:
        for kind, c in art.counts.items():
            counts[kind] += c

    core = Counts()
    for kind in CORE_KINDS:
        core += counts[kind]
    counts["core"] = core
    return Report(counts, articles, doc_fp, doc_fn)
