"""``分别会见A、B、C``: one event per guest? Counted over every 新闻联播 item.

    python bench/separately.py                 # ../shared/corpus/xwlb/*.jsonl but dev-*
    python bench/separately.py FILE.jsonl …    # these files
    python bench/separately.py --json          # the counts and offenders as JSON

The gold convention (../shared/gold/README.md, Events): ``分别会见A、B、C`` is one 会见
event per guest, A's event with A as counterpart, not B. This script extracts every item
whose text holds a "separately" cue and counts, over the sentences holding one:

- cues: ``分别会见``/``分别会晤``/``分别会谈`` with the guests after it (up to the clause end:
  ，。；：！？ or a line end), ``与/同A、B分别会谈`` with the guests before it, and
  ``分别与/同A、B(举行)会谈|会见|通电话`` with the guests between;
- guest list items: the guest text split at 、 和 及 与 (what the text lists, whether
  or not the extractor finds a name there);
- guests named: persons the extractor found in the article whose name is written in the
  guest text (the host before the cue is not in it);
- events extracted from those sentences (their evidence starts in the sentence), the
  guests that are the counterpart of exactly one of them, and the events whose
  counterparts hold more than one guest of the list (should be 0), a few listed.

It reads the corpus and runs ``kg.pipeline.process_article`` on the items with a cue
only (no resolve, no store); nothing is written.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.extract.sentences import sentence_spans  # noqa: E402
from kg.loaders import load_inputs  # noqa: E402
from kg.model import Article, Extraction  # noqa: E402
from kg.pipeline import process_article  # noqa: E402

XWLB = ROOT.parent / "shared" / "corpus" / "xwlb"
_CLAUSE_END = "，,。；;：:！？!?\n"
# (kind, pattern, which group holds the guests; None: from the cue's end to the clause end)
CUES: tuple[tuple[str, re.Pattern[str], int | None], ...] = (
    ("分别与/同…会谈|会见|通电话",
     re.compile(f"分别[与同]([^{_CLAUSE_END}]{{1,120}}?)(?:举行)?(?:会见会谈|会谈|会见|会晤|通电话)"), 1),
    ("与/同…分别会谈", re.compile(f"[与同]([^{_CLAUSE_END}与同]{{1,120}}?)分别(?:举行)?(?:会谈|会见|会晤)"), 1),
    ("分别会见|会晤|会谈", re.compile("分别(?:会见|会晤|会谈)了?"), None),
)
_LIST_SEPARATORS = re.compile("[、和及与]")


@dataclass
class Counts:
    items: int = 0
    sentences: int = 0
    by_cue: Counter[str] = field(default_factory=Counter)
    list_items: int = 0
    guests_named: int = 0
    events: int = 0
    guests_with_own_event: int = 0
    events_with_several_guests: int = 0
    offenders: list[dict] = field(default_factory=list)


def guest_spans(sentence: str) -> list[tuple[str, int, int]]:
    """(cue kind, start, end) of the guest text of each cue in ``sentence``; a span
    another cue already covers is not counted twice."""
    out: list[tuple[str, int, int]] = []
    taken: list[tuple[int, int]] = []  # whole matches of the cues found so far
    for kind, pattern, group in CUES:
        for m in pattern.finditer(sentence):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue  # 分别会谈 inside 与A、B分别会谈, already read
            if group is not None:
                start, end = m.span(group)
            else:
                start = end = m.end()
                while end < len(sentence) and sentence[end] not in _CLAUSE_END:
                    end += 1
            taken.append(m.span())
            if end > start:
                out.append((kind, start, end))
    return out


def count(articles: list[Article], offenders: int = 10) -> Counts:
    counts = Counts()
    for article in articles:
        if not any(p.search(article.text) for _, p, _ in CUES):
            continue
        counts.items += 1
        extraction = process_article(article)
        for start, end in sentence_spans(article.text):
            sentence = article.text[start:end]
            spans = guest_spans(sentence)
            if not spans:
                continue
            counts.sentences += 1
            _count_sentence(counts, extraction, start, end, spans, offenders)
    return counts


def _count_sentence(counts: Counts, e: Extraction, start: int, end: int,
                    spans: list[tuple[str, int, int]], offenders: int) -> None:
    sentence = e.article.text[start:end]
    guests: set[str] = set()
    for kind, s, t in spans:
        counts.by_cue[kind] += 1
        text = sentence[s:t]
        counts.list_items += len([x for x in _LIST_SEPARATORS.split(text) if x.strip()])
        guests |= {p.name for p in e.persons if p.name in text}
    counts.guests_named += len(guests)
    events = [ev for ev in e.events if start <= ev.evidence.start < end]
    counts.events += len(events)
    counterparts = {ev.id: {p.participant_name for p in e.participations
                            if p.event_id == ev.id and p.role == "counterpart" and p.participant_kind == "person"}
                    for ev in events}
    per_guest = Counter(g for names in counterparts.values() for g in names & guests)
    counts.guests_with_own_event += sum(1 for g in guests if per_guest[g] == 1)
    for ev in events:
        several = sorted(counterparts[ev.id] & guests)
        if len(several) > 1:
            counts.events_with_several_guests += 1
            if len(counts.offenders) < offenders:
                counts.offenders.append({"item": e.article.id, "event": ev.label, "guests": several})


def default_inputs() -> list[Path]:
    """Every 新闻联播 file of the shared corpus but the annotated dev sets."""
    return sorted(p for p in XWLB.glob("*.jsonl") if not p.name.startswith("dev-"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument("inputs", nargs="*", type=Path, help="JSONL files (default: the 新闻联播 files, dev-* left out)")
    parser.add_argument("--offenders", type=int, default=10, help="how many offending events to list (default 10)")
    parser.add_argument("--json", action="store_true", help="print the counts as JSON")
    args = parser.parse_args(argv)
    inputs = args.inputs or default_inputs()
    if not inputs:
        print(f"separately: no corpus at {XWLB}", file=sys.stderr)
        return 1
    articles = [a for a in load_inputs([str(p) for p in inputs]) if isinstance(a, Article)]
    c = count(articles, args.offenders)
    report = {
        "inputs": [p.name for p in inputs], "articles": len(articles), "items": c.items, "sentences": c.sentences,
        "cues": dict(sorted(c.by_cue.items())), "guest_list_items": c.list_items, "guests_named": c.guests_named,
        "events": c.events, "guests_with_own_event": c.guests_with_own_event,
        "events_with_several_guests": c.events_with_several_guests, "offenders": c.offenders,
    }
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
        return 0
    print(f"{report['articles']:,} items read ({', '.join(report['inputs'])})")
    for key in ("items", "sentences", "guest_list_items", "guests_named", "events", "guests_with_own_event",
                "events_with_several_guests"):
        print(f"{key.replace('_', ' ')}: {report[key]:,}")
    print("cues: " + ", ".join(f"{k} {v}" for k, v in report["cues"].items()))
    for o in c.offenders:
        print(f"  {o['item']}: {o['event']} <- {'、'.join(o['guests'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
