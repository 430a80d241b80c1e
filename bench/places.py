"""How the events' locations of a corpus resolve to places (``kg.places``).

    python bench/places.py --workspace DIR        # the records of an ingested workspace
    python bench/places.py --corpus FILE.jsonl    # extract and resolve a corpus first

Each distinct location string, and each event with a location, falls in one class by its
(first) place: a division of the gazetteer (GB/T 2260), a township, village or zone below
one, a venue, a place abroad (its country is not China), or nothing. Printed as markdown
with the most frequent strings that resolve to nothing; ``--out FILE`` appends it there.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.model import Extraction, Place  # noqa: E402
from kg.places import CHINA, PlaceBook, place_book  # noqa: E402

CLASSES = ("division", "below a county", "venue", "abroad", "nothing")


def place_class(book: PlaceBook, places: tuple[Place, ...]) -> str:
    """The class of a location by the first place it names."""
    if not places:
        return "nothing"
    place = places[0]
    chain = [place, *book.ancestors(place)]
    if chain[-1].level == "country" and chain[-1].name != CHINA:
        return "abroad"
    if place.level == "venue":
        return "venue"
    return "division" if place.code else "below a county"


def records(args: argparse.Namespace) -> list[Extraction]:
    if args.workspace:
        from kg.workspace import Workspace

        with Workspace(args.workspace, read_only=True) as ws:
            return list(ws.records())
    from kg.loaders import load_inputs
    from kg.pipeline import extract_all
    from kg.resolve import resolve

    return resolve([x for x in extract_all(load_inputs([str(args.corpus)])) if isinstance(x, Extraction)])


def report(extractions: list[Extraction], top: int) -> str:
    book = place_book()
    strings: Counter[str] = Counter(e.location for x in extractions for e in x.events if e.location)
    events = sum(len(x.events) for x in extractions)
    by_string: Counter[str] = Counter()
    by_event: Counter[str] = Counter()
    for text, n in strings.items():
        cls = place_class(book, book.locate(text))
        by_string[cls] += 1
        by_event[cls] += n
    lines = [f"## Places, {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC", "",
             f"{len(extractions):,} articles, {events:,} events, {sum(strings.values()):,} with a location, "
             f"{len(strings):,} distinct location strings.", "",
             "| resolves to | distinct strings | events |", "| --- | ---: | ---: |"]
    lines += [f"| {c} | {by_string[c]:,} | {by_event[c]:,} |" for c in CLASSES]
    unresolved = [(t, n) for t, n in strings.most_common() if not book.locate(t)][:top]
    lines += ["", f"Most frequent strings that resolve to nothing (of {by_string['nothing']:,}):", "",
              ", ".join(f"{t} ({n})" for t, n in unresolved), ""]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--workspace", type=Path, help="an ingested workspace (its records are read)")
    source.add_argument("--corpus", type=Path, help="a corpus to extract and resolve first")
    parser.add_argument("--top", type=int, default=30, help="unresolved strings listed")
    parser.add_argument("--out", type=Path, default=None, help="append the report to this file")
    args = parser.parse_args()
    text = report(records(args), args.top)
    print(text)
    if args.out:
        with open(args.out, "a", encoding="utf-8") as f:
            f.write(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
