"""The article's own places: which district, county, city, town … a bare 区委, 县委, 市长
or 镇党委 of this article belongs to.

Two sources, both read from the article itself:
- the gazetteer (``kg.gazetteer``): every division named in the title or the text;
- the text's own pattern for places no gazetteer lists (towns, villages, development
  zones, and divisions created after the data): a name right before one of its organs
  (云溪镇党委, 云溪高新区管委会) or holding a meeting (云溪镇召开), with nothing in it that
  cannot be in a place name (a verb, 了, 的).

Each candidate scores by where it is named (with an organ, in the title, in the first
sentence); for each level word (区, 县, 市, 州, 省, 镇, 乡, 旗) the best one is the
article's place of that level. ``PlacePicks.evidence`` keeps why.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from kg.gazetteer import Gazetteer, gazetteer
from kg.lexicon import Lazy, Lexicon, lazy_regex, lexicon, lexicon_list, lexicon_rows, lexicon_set, lexicon_words
from kg.word_classes import verb_words

CJK = "\u3400-\u9fff"
# What follows a place acting as a body: its organs, or the verb of its meeting.
_ORGANS = "{place_edges.txt:organ}"
# Place candidates the gazetteer cannot know: a name of 2-4 characters and its level word.
_UNKNOWN = lazy_regex(
    f"([{CJK}]{{2,6}}?(?:{{place_edges.txt:zone}}|{{place_edges.txt:unknown_level}}))(?={_ORGANS})")
# a level word right before an organ: the quick scan that tells whether _UNKNOWN can match
_UNKNOWN_HINT = lazy_regex(f"(?:{{place_edges.txt:unknown_level}})(?={_ORGANS})")


@lru_cache(maxsize=1)
def _organ_after() -> re.Pattern[str]:
    """An organ or a unit of a place right after its name (云溪区委, 振安区检察院, 召开)."""
    lex = lexicon()
    units = [u for u in lex.org_suffixes if len(u) >= 2 and u not in lex.generic_places and u not in ("社区", "街道")]
    return re.compile("|".join(sorted({*lexicon_list("place_edges.txt", "organ"), *units}, key=len, reverse=True)))
# Zone words whose verb (开发, 示范) is part of the name, not a clause before it.
_ZONE_WORDS = Lazy(lambda: lexicon_list("place_edges.txt", "zone"))
# Characters that never occur inside a place name but do in the clause before it.
NOT_IN_PLACE = Lazy(lambda: lexicon_set("place_edges.txt", "not_in_place"))
# the level word of a place name, longest first (the generic word a bare organ uses)
_LEVEL_WORDS = Lazy(lambda: lexicon_list("place_edges.txt", "level_word"))
_UNIT_ENDS = Lazy(lambda: lexicon_list("place_edges.txt", "unit_end"))
_GENERIC_OF = Lazy(lambda: dict(lexicon_rows("place_level_generic.txt", 2)))


@dataclass
class PlacePicks:
    """The article's place per level word, with the reason each was chosen."""

    places: dict[str, str] = field(default_factory=dict)  # 区 -> 东丽区
    evidence: dict[str, str] = field(default_factory=dict)  # 区 -> "named with its organ 3 times; in the title"


@lru_cache(maxsize=4096)
def level_word(name: str) -> str:
    """The level word a bare organ of this place uses (乡城县 -> 县, 甘孜州 -> 州)."""
    word = next((w for w in _LEVEL_WORDS if name.endswith(w) and len(name) > len(w)), "")
    return _GENERIC_OF.get(word, word)


def _clean_candidate(name: str, verbs: frozenset[str]) -> bool:
    """A place name holds no clause character and no verb (zone words aside)."""
    if set(name) & NOT_IN_PLACE.value or name.startswith(lexicon_list("place_edges.txt", "not_place_start")):
        return False
    core = name
    for zone in _ZONE_WORDS:
        if core.endswith(zone):
            core = core[: -len(zone)]
            break
    if "委" in core or core.endswith(_UNIT_ENDS.value):
        return False  # 纪委区, 党委县: an organ before a level word, not a place
    if any(w in core for w in _clause_words()):
        return False  # 明远代表区: a word of the clause (代表, 出席, 今天), not of a name
    return not any(core[k : k + 2] in verbs for k in range(len(core) - 1))


@lru_cache(maxsize=1)
def _clause_words() -> tuple[str, ...]:
    """The multi-character words that end the clause before an organization."""
    return tuple(w for w in lexicon_words("org_left_stops.txt") if len(w) > 1)


def pick_places(title: str, text: str, lex: Lexicon, gz: Gazetteer | None = None) -> PlacePicks:
    """The article's places by level word, chosen from its title and text."""
    gz = gz or gazetteer()
    verbs = verb_words()
    organ_after = _organ_after()
    scores: dict[str, float] = defaultdict(float)
    reasons: dict[str, list[str]] = defaultdict(list)
    first_seen: dict[str, int] = {}
    first_sentence_end = min((i for i in (text.find(c) for c in "。！？\n") if i >= 0), default=len(text))

    def add(name: str, score: float, reason: str, at: int) -> None:
        scores[name] += score
        if reason not in reasons[name]:
            reasons[name].append(reason)
        first_seen.setdefault(name, at)

    for offset, body, where in ((-len(title) - 1, title, "title"), (0, text, "text")):
        for m in gz.scan(body):
            d = m.division
            name = m.form if level_word(m.form) else d.name  # 甘孜州 as written; 乡城 is 乡城县
            at = offset + m.start
            organ = organ_after.match(body, m.end)
            if organ and not m.full and organ.group(0)[0] in lexicon_set("place_edges.txt", "organ_level") and d.name[-1] != organ.group(0)[0]:
                continue  # 青山县委 is not 青山区's: the organ names the level
            if not organ and not m.full and (d.level == "county" or where == "text"):
                continue  # a short form alone may be a word (和平, 东方): not a place by itself
            if organ:
                add(name, 3, "named with its organ", at)
            if where == "title":
                add(name, 2, "in the title", at)
            elif organ:
                pass
            elif m.start < first_sentence_end:
                add(name, 1, "in the first sentence", at)
            else:
                add(name, 0.5, "named", at)
        for m in _UNKNOWN.finditer(body) if _UNKNOWN_HINT.search(body) else ():
            inside = gz.scan(m.group(1))
            if inside and inside[-1].end == len(m.group(1)) and level_word(inside[-1].form):
                continue  # 挂职乡城县: the gazetteer's 乡城县, scored above
            name = _clean_tail(m.group(1), verbs)
            if name and not gz.named(name):
                add(name, 3, "named with its organ", offset + m.start(1))
                if where == "title":
                    add(name, 2, "in the title", offset + m.start(1))
    picks = PlacePicks()
    for name in sorted(scores, key=lambda n: (-scores[n], first_seen[n])):
        word = level_word(name)
        if word and word not in picks.places and name not in lex.generic_places:
            picks.places[word] = name
            picks.evidence[word] = "; ".join(reasons[name])
    if "区" not in picks.places and "自治区" in picks.places:
        # in an autonomous region's news a bare 区 is the region (区党委, 区教育厅)
        picks.places["区"] = picks.places["自治区"]
        picks.evidence["区"] = "the autonomous region: " + picks.evidence["自治区"]
    return picks


def _clean_tail(name: str, verbs: frozenset[str]) -> str | None:
    """The longest clean tail of a candidate (斌义代表区 has none; 会议云溪镇 -> 云溪镇)."""
    word = level_word(name) or name[-1]
    for start in range(0, len(name) - len(word) - 1):
        tail = name[start:]
        if _clean_candidate(tail, verbs):
            return tail
    return None
