"""Extraction quality on every shared gold file, appended to bench/QUALITY.md.

    python bench/quality.py [--shared ../shared] [--out bench/QUALITY.md]

For each gold file it runs the pipeline on the matching corpus file and scores it with
``kg.evaluate.score``; it also counts the events extracted from 人民日报 opinion and
feature pieces (articles without a news dateline), which should be at most one per ten.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.evaluate import load_document, score  # noqa: E402
from kg.gold import to_gold  # noqa: E402
from kg.loaders import load_inputs  # noqa: E402
from kg.model import Extraction  # noqa: E402
from kg.pipeline import extract_all  # noqa: E402

# gold file -> (corpus file relative to shared/, extraction year)
GOLD_INPUTS = {
    "gaoxin-times-2020-06.gold.json": ("corpus/seed/gaoxin-times-2020-06.txt", 2020),
    "xwlb-dev-20.gold.json": ("corpus/xwlb/dev-20.jsonl", None),
    "xwlb-dev-45.gold.json": ("corpus/xwlb/dev-45.jsonl", None),
    "regional-dev-24.gold.json": ("corpus/regional/dev-24.jsonl", None),
}
KINDS = ("core", "posts", "participants", "roles", "dates", "locations", "persons")
# a news dateline, after at most a photo caption (…新华社记者李学仁摄 本报北京11月30日电)
_NEWS_DATELINE = re.compile(r"^.{0,60}?(?:电[）)]?|本报讯|消息[）)]?[:：])|^[^。]{0,80}。?[^。]{0,40}摄\s*本报.{0,20}?电")


def extract(path: Path, year: int | None) -> list[Extraction]:
    return [e for e in extract_all(load_inputs([str(path)], year=year)) if isinstance(e, Extraction)]


def opinion_events(shared: Path) -> tuple[int, int]:
    """(opinion/feature pieces, events extracted from them) in the 人民日报 sample."""
    path = shared / "corpus/rmrb/rmrb-2017-12.jsonl"
    pieces = events = 0
    for e in extract(path, None):
        if not _NEWS_DATELINE.search(e.article.text[:200]):
            pieces += 1
            events += len(e.events)
    return pieces, events


def org_audit_counts(shared: Path) -> tuple[int, int, int]:
    """(organisation strings, suspect, suspect with --strict) over the whole shared corpus."""
    sys.path.insert(0, str(ROOT / "bench"))
    import org_audit

    orgs = org_audit.orgs_of_corpus(shared)
    return len(orgs), len(org_audit.suspects(orgs)), len(org_audit.suspects(orgs, org_audit.STRICT_TAGS))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "QUALITY.md")
    parser.add_argument("--no-audit", action="store_true", help="skip the org audit (it extracts the whole corpus)")
    args = parser.parse_args()
    if not (args.shared / "gold").is_dir():
        print(f"no gold files under {args.shared}", file=sys.stderr)
        return 2
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    rows = []
    for gold_name, (corpus, year) in GOLD_INPUTS.items():
        gold_path = args.shared / "gold" / gold_name
        if not gold_path.exists():
            continue
        extractions = extract(args.shared / corpus, year)
        report = score(load_document(gold_path), to_gold(extractions, corpus))
        f1 = {k: report.counts[k].f1 for k in KINDS if k in report.counts}
        rows.append((gold_name, f1))
        print(gold_name, " ".join(f"{k}={v:.3f}" for k, v in f1.items()))
    pieces, events = opinion_events(args.shared)
    print(f"rmrb opinion/feature pieces: {pieces}, events from them: {events}")
    audit = None if args.no_audit else org_audit_counts(args.shared)
    if audit:
        print(f"org audit over the shared corpus: {audit[0]} organisation strings, {audit[1]} suspect "
              f"({audit[2]} with --strict); see bench/org_audit.py")
    new = not args.out.exists()
    with args.out.open("a", encoding="utf-8") as out:
        if new:
            out.write("# Extraction quality\n\nAppended by `python bench/quality.py`: F1 per kind per gold file, "
                      "and events from 人民日报 opinion/feature pieces (target: at most one per ten pieces).\n\n")
            out.write("| date | commit | gold | " + " | ".join(KINDS) + " | opinion pieces | their events |\n")
            out.write("|" + " --- |" * (len(KINDS) + 5) + "\n")
        today = dt.date.today().isoformat()
        for gold_name, f1 in rows:
            cells = " | ".join(f"{f1[k]:.3f}" if k in f1 else "" for k in KINDS)
            out.write(f"| {today} | {commit} | {gold_name} | {cells} | {pieces} | {events} |\n")
        if audit:
            blank = " | ".join("" for _ in KINDS)
            out.write(f"| {today} | {commit} | org audit: {audit[1]} suspect of {audit[0]} orgs "
                      f"({audit[2]} strict) | {blank} | | |\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
