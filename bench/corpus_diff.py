"""What a change to the extractor gains and loses over the whole shared corpus.

    python bench/corpus_diff.py snapshot before.facts.jsonl      # on the old code
    python bench/corpus_diff.py snapshot after.facts.jsonl       # on the new code
    python bench/corpus_diff.py diff before.facts.jsonl after.facts.jsonl [--kind posts] [--show 40]

A snapshot holds, per article of every corpus under ``../shared/corpus``, the facts a
reader checks: person names, posts (org + title), organizations, events (type and label)
and participations (name, role, event label). ``diff`` counts each kind gained and lost
and lists examples with their article, so a rule change is judged on 17,000 articles,
not on the one it was written for. Extraction runs in ``--jobs`` processes.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.loaders import load_inputs  # noqa: E402
from kg.model import Article, Extraction  # noqa: E402
from kg.pipeline import extract_all  # noqa: E402

CORPORA = ("corpus/seed/gaoxin-times-2020-06.txt", "corpus/xwlb/xwlb-2022-2025.jsonl",
           "corpus/rmrb/rmrb-2017-12.jsonl", "corpus/regional/dev-24.jsonl")
KINDS = ("persons", "posts", "orgs", "events", "roles", "dates", "locations")


def facts(e: Extraction) -> dict[str, list[str]]:
    """The checked facts of one extraction, as sorted strings."""
    posts = {p.id: p for p in e.posts}
    names = {p.id: p.name for p in e.persons}
    labels = {ev.id: ev.label for ev in e.events}
    return {
        "persons": sorted(names.values()),
        "posts": sorted({f"{names[h.person_id]}: {posts[h.post_id].org}|{posts[h.post_id].title}" for h in e.holds}),
        "orgs": sorted({o.name for o in e.organizations if o.kind == "organization"}),
        "events": sorted({f"{ev.type}: {ev.label}" for ev in e.events}),
        "roles": sorted({f"{p.participant_name} {p.role} @ {labels[p.event_id]}" for p in e.participations}),
        "dates": sorted({f"{ev.label} = {ev.date}" for ev in e.events if ev.date}),
        "locations": sorted({f"{ev.label} @ {ev.location}" for ev in e.events if ev.location}),
    }


def _extract_batch(batch: list[Article]) -> list[tuple[str, str, dict[str, list[str]]]]:
    return [(x.article.id, x.article.title, facts(x)) for x in extract_all(batch) if isinstance(x, Extraction)]


def snapshot(shared: Path, out: Path, jobs: int) -> None:
    articles = [a for rel in CORPORA if (shared / rel).exists() for a in load_inputs([str(shared / rel)])
                if isinstance(a, Article)]
    batches = [articles[i : i + 200] for i in range(0, len(articles), 200)]
    with out.open("w", encoding="utf-8") as fh, ProcessPoolExecutor(jobs) as pool:
        for rows in pool.map(_extract_batch, batches):
            for aid, title, f in rows:
                fh.write(json.dumps({"id": aid, "title": title, **f}, ensure_ascii=False) + "\n")
    print(f"{len(articles)} articles -> {out}", file=sys.stderr)


def _read(path: Path) -> dict[str, dict]:
    with path.open(encoding="utf-8") as fh:
        return {row["id"]: row for row in map(json.loads, fh)}


def diff(before: Path, after: Path, kinds: tuple[str, ...], show: int) -> None:
    a, b = _read(before), _read(after)
    for kind in kinds:
        gained: list[tuple[str, str]] = []
        lost: list[tuple[str, str]] = []
        for aid in sorted(set(a) | set(b)):
            old = set(a.get(aid, {}).get(kind, ()))
            new = set(b.get(aid, {}).get(kind, ()))
            title = (b.get(aid) or a.get(aid))["title"][:30]
            gained += [(title, f) for f in sorted(new - old)]
            lost += [(title, f) for f in sorted(old - new)]
        print(f"== {kind}: +{len(gained)} -{len(lost)}")
        for sign, rows in (("+", gained), ("-", lost)):
            counts = collections.Counter(f for _, f in rows)
            for title, f in rows[:show]:
                print(f"  {sign} {f}    [{title}]" + (f" (x{counts[f]})" if counts[f] > 1 else ""))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    snap = sub.add_parser("snapshot", help="extract every shared corpus and write its facts")
    snap.add_argument("out", type=Path)
    snap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    snap.add_argument("--jobs", type=int, default=2)
    d = sub.add_parser("diff", help="facts gained and lost between two snapshots")
    d.add_argument("before", type=Path)
    d.add_argument("after", type=Path)
    d.add_argument("--kind", action="append", choices=KINDS)
    d.add_argument("--show", type=int, default=30)
    args = parser.parse_args()
    if args.command == "snapshot":
        snapshot(args.shared, args.out, args.jobs)
    else:
        diff(args.before, args.after, tuple(args.kind or KINDS), args.show)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
