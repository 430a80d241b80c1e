"""Organisation strings that swallowed the words before them, over the whole shared corpus.

    python bench/org_audit.py                      # extract ../shared/corpus and audit
    python bench/org_audit.py SNAPSHOT.jsonl       # audit a bench/corpus_diff.py snapshot
    python bench/org_audit.py --strict             # adverbs, conjunctions, localisers too

An organisation is a place and a chain of units, so its first word is never a verb,
a particle, a preposition, a numeral or ordinal, a time word or a pronoun (`邀请教育部`,
`十四届全国人大常委会`, `据中国疾控中心`). jieba's part-of-speech tags say what the first
word is; a string that starts with a known place or country is not judged by them
(jieba tags 约旦 and 越共 as adverbs). Prints the number of suspect strings and the worst
ones, most frequent first; ``bench/quality.py`` reports the same number.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.gazetteer import gazetteer  # noqa: E402
from kg.lexicon import lexicon, lexicon_words_tuple  # noqa: E402

# jieba's tags for verbs, particles, prepositions, numerals, time words, pronouns and
# measure words (the classes, with pronouns and measure words added)
SUSPECT_TAGS = frozenset({"v", "u", "ul", "uj", "uz", "ug", "uv", "ud", "p", "m", "mq", "t", "tg", "r", "q"})
# --strict adds adverbs, conjunctions and localisers: jieba gives these tags to the first
# word of many real names (东部战区, 北方工业, 首都规划建设委员会, 高新投控集团), so they are
# reported apart rather than counted
STRICT_TAGS = SUSPECT_TAGS | {"d", "c", "f"}


def _starts_with_a_place(org: str) -> bool:
    """A place (country, province, division, a township: X镇, X乡) or a national or
    international body's word opens the name: jieba's tag of its first word says nothing."""
    lex = lexicon()
    if lex.country_re.match(org) or lex.place_re.match(org) or _TOWNSHIP.match(org):
        return True
    starts = (lexicon_words_tuple("org_prefixes.txt") + lexicon_words_tuple("national_body_starts.txt")
              + lexicon_words_tuple("international_bodies.txt"))
    return org.startswith(starts) or any(m.start == 0 for m in gazetteer().scan(org[:12]))


_TOWNSHIP = re.compile("^[\u3400-\u9fff]{2,3}[镇乡](?:政府|党委|人大)")


def suspects(orgs: Counter[str], tags: frozenset[str] = SUSPECT_TAGS) -> list[tuple[str, str, str, int]]:
    """(org, its first word, that word's tag, how often) for every suspect string."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    out = []
    for org, count in orgs.items():
        first = next(iter(jieba.posseg.cut(org)), None)
        if first is not None and first.flag in tags and not _starts_with_a_place(org):
            out.append((org, first.word, first.flag, count))
    return sorted(out, key=lambda row: (-row[3], row[0]))


def orgs_of_snapshot(path: Path) -> Counter[str]:
    counts: Counter[str] = Counter()
    with path.open(encoding="utf-8") as fh:
        for row in map(json.loads, fh):
            counts.update(row.get("orgs", ()))
    return counts


def orgs_of_corpus(shared: Path) -> Counter[str]:
    from corpus_diff import CORPORA, facts  # (bench/ is on the path when run from there)

    from kg.loaders import load_inputs
    from kg.model import Article, Extraction
    from kg.pipeline import extract_all

    counts: Counter[str] = Counter()
    articles = [a for rel in CORPORA if (shared / rel).exists() for a in load_inputs([str(shared / rel)])
                if isinstance(a, Article)]
    for x in extract_all(articles):
        if isinstance(x, Extraction):
            counts.update(facts(x)["orgs"])
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("snapshot", type=Path, nargs="?", help="a bench/corpus_diff.py snapshot (default: extract)")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--show", type=int, default=30)
    parser.add_argument("--strict", action="store_true", help="also count first words jieba tags as adverbs, "
                        "conjunctions or localisers (many real names among them)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "bench"))
    orgs = orgs_of_snapshot(args.snapshot) if args.snapshot else orgs_of_corpus(args.shared)
    found = suspects(orgs, STRICT_TAGS if args.strict else SUSPECT_TAGS)
    print(f"{len(orgs)} organisation strings, {len(found)} suspect")
    for org, word, tag, count in found[: args.show]:
        print(f"  {count:4d}  {org}    (first word {word}/{tag})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
