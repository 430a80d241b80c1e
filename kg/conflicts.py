"""Conflicts: a post that only one person holds at a time (书记, 区长, 市长, 总理…) stated
for several people at the same time. The facts stay as stated; this reports them with
their evidence so an analyst can judge (a misprint, a homonym, a handover)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from kg.lexicon import lexicon, single_holder_rows
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
def single_holder_titles() -> dict[str, tuple[str, ...]]:
    """Titles only one person holds at a time, each with the endings of the organizations
    where it has several holders (data: schema/lexicon/single_holder_titles.txt)."""
    return {title: tuple(e for e in endings.split(",") if e) for title, endings in single_holder_rows()}


def _single_holder(org: str, title: str) -> bool:
    endings = single_holder_titles().get(title)
    return endings is not None and not org.endswith(endings)


def find_conflicts(records: Iterable[Extraction]) -> list[Conflict]:
    """Single-holder posts with two or more holders whose attested periods overlap.

    A holding is attested at its articles' dates; an undated article (a newspaper page
    without a date) attests at its source, so two holders on one undated page overlap.
    """
    # post key -> person id -> (name, periods, evidence)
    seen: dict[tuple[str, str], dict[str, list]] = defaultdict(dict)
    for e in records:
        posts = {p.id: p for p in e.posts}
        names = {p.id: p.name for p in e.persons}
        for h in e.holds:
            post = posts[h.post_id]
            if h.optional or not _single_holder(post.org, post.title):
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
    """One person named two ways, not a conflict: a full foreign name and its short form
    (克里斯托弗·拉克森, 拉克森: news gives the full name once and the surname after it),
    a given name cut to its initial, or two spellings of a transliteration."""
    if a == b:
        return True
    if "·" not in a + b:
        return _variant(a, b)
    pa, pb = a.split("·"), b.split("·")
    if len(pa) == len(pb) > 1 and pa[-1] == pb[-1] and all(x.startswith(y) or y.startswith(x) for x, y in zip(pa, pb)):
        return True  # 谢·别尔德穆哈梅多夫 = 谢尔达尔·别尔德穆哈梅多夫: a given name cut to its initial
    long, short = (a, b) if len(a) > len(b) else (b, a)
    parts = long.split("·")
    return short in (parts[-1], parts[0]) or long.endswith("·" + short)


def _variant(a: str, b: str) -> bool:
    """Two spellings of one transliterated name (帕什尼扬, 帕希尼扬): four characters or
    more, all but one the same. A Chinese name is at most three characters long, unless
    its surname is a compound one (欧阳), and two such names differing in one are two people."""
    if len(a) != len(b) or len(a) < 4 or a[:2] in lexicon().compound_surnames:
        return False
    return sum(1 for x, y in zip(a, b) if x != y) == 1


def _span(whens: list[str]) -> tuple[set[str], str | None, str | None, frozenset[str]]:
    sources = {w for w in whens if w.startswith("source:")}
    dates = sorted(w for w in whens if not w.startswith("source:"))
    return sources, (dates[0] if dates else None), (dates[-1] if dates else None), frozenset(dates)


def _overlap(a: tuple, b: tuple) -> bool:
    if a[0] & b[0]:
        return True  # stated on the same undated page
    if a[1] is None or b[1] is None:
        return False
    # strictly overlapping: a handover reported on one day is not a conflict
    return a[1] < b[2] and b[1] < a[2] and _interleaved(a[3], b[3])


def _interleaved(a: frozenset[str], b: frozenset[str]) -> bool:
    """Do two holders' reports mix in time, rather than one holder's falling in a pause
    of the other's?

    A, then B on several days with no report of A among them, then A again is an
    interim (巴基斯坦's caretaker 总理 between two terms of the same 总理): a handover
    and a return, not two holders at once. A single report amid another holder's is
    still reported (one report shows no tenure: a misprint or a homonym until more say
    otherwise), as is a day with both and any A B A B order.
    """
    if a & b:
        return True
    order = [x in a for x in sorted(a | b)]
    switches = sum(1 for x, y in zip(order, order[1:]) if x != y)
    if switches >= 3:
        return True
    nested = b if order[0] else a  # with two switches (A B A) the one in the middle
    return len(nested) == 1


def _dates(span: tuple) -> tuple[str | None, str | None]:
    return span[1], span[2]
