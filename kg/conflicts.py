"""Conflicts: a post that only one person holds at a time (书记, 区长, 市长, 总理…) stated
for several people at the same time. The facts stay as stated; this reports them with
their evidence so an analyst can judge (a misprint, a homonym, a handover)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from kg.model import Evidence, Extraction


@dataclass(frozen=True)
class Holding:
    person: str
    person_id: str
    first_date: str | None
    last_date: str | None
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class Conflict:
    org: str
    title: str
    holders: tuple[Holding, ...]

    def to_dict(self) -> dict:
        return {
            "org": self.org,
            "title": self.title,
            "holders": [
                {
                    "person": h.person,
                    "person_id": h.person_id,
                    "first_date": h.first_date,
                    "last_date": h.last_date,
                    "evidence": [
                        {"article_id": e.article_id, "start": e.start, "end": e.end, "quote": e.quote}
                        for e in h.evidence
                    ],
                }
                for h in self.holders
            ],
        }


@lru_cache(maxsize=1)
def single_holder_titles() -> frozenset[str]:
    """Titles only one person holds at a time (data: schema/lexicon/single_holder_titles.txt)."""
    text = resources.files("kg.schema").joinpath("lexicon", "single_holder_titles.txt").read_text("utf-8")
    return frozenset(w for line in text.splitlines() if (w := line.split("#", 1)[0].strip()))


def find_conflicts(records: Iterable[Extraction]) -> list[Conflict]:
    """Single-holder posts with two or more holders whose attested periods overlap.

    A holding is attested at its articles' dates; an undated article (a newspaper page
    without a date) attests at its source, so two holders on one undated page overlap.
    """
    titles = single_holder_titles()
    # post key -> person id -> (name, periods, evidence)
    seen: dict[tuple[str, str], dict[str, list]] = defaultdict(dict)
    for e in records:
        posts = {p.id: p for p in e.posts}
        names = {p.id: p.name for p in e.persons}
        for h in e.holds:
            post = posts[h.post_id]
            if post.title not in titles or h.optional:
                continue
            when = h.date or e.article.date or f"source:{e.article.source}"
            entry = seen[(post.org, post.title)].setdefault(h.person_id, [names.get(h.person_id, "?"), [], []])
            entry[1].append(when)
            entry[2].append(h.evidence)
    conflicts = []
    for (org, title), holders in sorted(seen.items()):
        if len(holders) < 2:
            continue
        spans = {pid: _span(v[1]) for pid, v in holders.items()}
        overlapping = [
            pid
            for pid in holders
            if any(
                pid != o and not _same_person(holders[pid][0], holders[o][0]) and _overlap(spans[pid], spans[o])
                for o in holders
            )
        ]
        if len(overlapping) < 2:
            continue
        conflicts.append(
            Conflict(
                org,
                title,
                tuple(
                    Holding(holders[pid][0], pid, *_dates(spans[pid]), tuple(holders[pid][2]))
                    for pid in sorted(overlapping, key=lambda p: holders[p][0])
                ),
            )
        )
    return conflicts


def _same_person(a: str, b: str) -> bool:
    """A full foreign name and its short form (克里斯托弗·拉克森, 拉克森): news gives the full
    name once and the surname after it, so two holders named so are one person, not a conflict."""
    if "·" not in a + b or a == b:
        return a == b
    long, short = (a, b) if len(a) > len(b) else (b, a)
    parts = long.split("·")
    return short in (parts[-1], parts[0]) or long.endswith("·" + short)


def _span(whens: list[str]) -> tuple[set[str], str | None, str | None]:
    sources = {w for w in whens if w.startswith("source:")}
    dates = sorted(w for w in whens if not w.startswith("source:"))
    return sources, (dates[0] if dates else None), (dates[-1] if dates else None)


def _overlap(a: tuple, b: tuple) -> bool:
    if a[0] & b[0]:
        return True  # stated on the same undated page
    if a[1] is None or b[1] is None:
        return False
    # strictly overlapping: a handover reported on one day is not a conflict
    return a[1] < b[2] and b[1] < a[2]


def _dates(span: tuple) -> tuple[str | None, str | None]:
    return span[1], span[2]
