"""Pairing for the scorer (``kg.evaluate``): articles by title or people, events by overlap."""

from __future__ import annotations

from collections import Counter

from kg.evaluate_facts import ArticleView, EventView, date_matches

# Exact optimal event alignment enumerates subsets of the smaller side; articles have a
# handful of events, so beyond this a greedy alignment is good enough.
_EXACT_ALIGN_LIMIT = 12


def match_articles(gold: list[ArticleView], pred: list[ArticleView]
                    ) -> list[tuple[int, int, str]]:
    """One-to-one (gold index, pred index, how) pairs: equal titles first, then people."""
    pairs: list[tuple[int, int, str]] = []
    by_title: dict[str, list[int]] = {}
    for p in pred:
        if p.title_key:
            by_title.setdefault(p.title_key, []).append(p.index)
    used_g, used_p = set(), set()
    for g in gold:
        queue = by_title.get(g.title_key) if g.title_key else None
        if queue:
            j = queue.pop(0)
            pairs.append((g.index, j, "title"))
            used_g.add(g.index)
            used_p.add(j)
    # Greedy on overlap (then shared title characters, then order) is enough here:
    # articles about different events rarely share more than a leader or two.
    candidates = []
    for g in gold:
        if g.index in used_g:
            continue
        for p in pred:
            if p.index in used_p:
                continue
            overlap = len(g.people & p.people)
            if overlap:
                shared = sum((Counter(g.title_key) & Counter(p.title_key)).values())
                candidates.append((-overlap, -shared, g.index, p.index))
    for _, _, gi, pj in sorted(candidates):
        if gi not in used_g and pj not in used_p:
            pairs.append((gi, pj, "people"))
            used_g.add(gi)
            used_p.add(pj)
    return pairs


def _event_similarity(g: EventView, p: EventView) -> tuple[int, int, int] | None:
    """(shared names, equal date, shared label characters), or None if not comparable.

    A pair needs a shared participant, the same date, or two label characters in common;
    one shared character (会, 议) says nothing.
    """
    names = len(g.names & p.names)
    same_date = int(date_matches(g.date, p.date))
    label = sum((Counter(g.label) & Counter(p.label)).values())
    if not names and not same_date and label < 2:
        return None
    return names, same_date, label


def _add(a: tuple[int, ...], b: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(x + y for x, y in zip(a, b))


def align_events(gold: list[EventView], pred: list[EventView]) -> list[tuple[int, int]]:
    """One-to-one (gold index, pred index) pairs maximising the summed similarity.

    Similarities are compared lexicographically (participants first, then dates, then
    labels); tuple sums keep that order, so a subset dynamic programme over the smaller
    side finds the optimum exactly.
    """
    if not gold or not pred:
        return []
    flip = len(gold) < len(pred)
    rows, cols = (pred, gold) if flip else (gold, pred)  # cols: the smaller side

    def sim(i: int, j: int):
        return _event_similarity(rows[i], cols[j]) if not flip else _event_similarity(cols[j], rows[i])

    if len(cols) > _EXACT_ALIGN_LIMIT:
        found = []
        for i in range(len(rows)):
            for j in range(len(cols)):
                s = sim(i, j)
                if s is not None:
                    found.append((tuple(-x for x in s), i, j))
        used_i, used_j, pairs = set(), set(), []
        for _, i, j in sorted(found):
            if i not in used_i and j not in used_j:
                used_i.add(i)
                used_j.add(j)
                pairs.append((i, j))
    else:
        zero = (0, 0, 0)
        # best[mask] = (score, pairs) after the rows seen so far, using columns in mask
        best: dict[int, tuple[tuple[int, ...], list[tuple[int, int]]]] = {0: (zero, [])}
        for i in range(len(rows)):
            nxt = dict(best)  # row i left unaligned
            for mask, (total, pairs) in best.items():
                for j in range(len(cols)):
                    if mask & (1 << j):
                        continue
                    s = sim(i, j)
                    if s is None:
                        continue
                    key, cand = mask | (1 << j), _add(total, s)
                    if key not in nxt or cand > nxt[key][0]:
                        nxt[key] = (cand, pairs + [(i, j)])
            best = nxt
        pairs = max(best.values(), key=lambda v: (v[0], -len(v[1])))[1]
    if flip:
        pairs = [(j, i) for i, j in pairs]
    return sorted(pairs)
