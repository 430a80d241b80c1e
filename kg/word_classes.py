"""Word classes from jieba's dictionary (a word list with part-of-speech tags and
frequencies that jieba ships: no model, nothing downloaded): the everyday words, verbs,
adverbs and places that tell a name from a word and a clause from an organization.

Read once per process; without jieba every class is empty (they filter, they are not
required).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from kg.lexicon import lexicon_list


@lru_cache(maxsize=1)
def common_words() -> dict[str, int]:
    """Common 2-3 character words that are not person names, with their frequency
    (see ``_jieba_words``)."""
    return _jieba_words()[0]


@lru_cache(maxsize=1)
def place_words() -> frozenset[str]:
    """The common words jieba tags as places (``ns``). Transliterated names and places
    look alike and jieba's tags mix them up (普京 is tagged a place), so after a foreign
    title such a word may still be a name."""
    return _jieba_words()[1]


@lru_cache(maxsize=1)
def _jieba_words() -> tuple[dict[str, int], frozenset[str], frozenset[str]]:
    """Common 2-3 character words that are not person names, with their frequency.

    Read from the dictionary jieba ships (a word list with part-of-speech tags; no model,
    nothing downloaded): a candidate name that is an everyday word (关键, 农民, 成功) or
    starts with one (阳光下, 多年前) is not a name. Words tagged ``nr*`` (person names)
    are kept out of the list.
    """
    try:
        import jieba
    except ImportError:  # the list is a filter, not a requirement
        return {}, frozenset(), frozenset()
    path = Path(jieba.__file__).with_name("dict.txt")
    words: dict[str, int] = {}
    places: set[str] = set()
    named: set[str] = set()
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 3 and 2 <= len(parts[0]) <= 3:
                freq = int(parts[1])
                if parts[2].startswith("nr"):
                    if freq >= 100:
                        named.add(parts[0])
                elif freq >= 50:
                    words[parts[0]] = freq
                    if parts[2] == "ns":
                        places.add(parts[0])
    return words, frozenset(places), frozenset(named)


def name_like_words() -> frozenset[str]:
    """Frequent words jieba tags as person names (高峰, 智慧, 满怀, freq >= 100): everyday
    words as often as names, so no name on weak evidence (a descriptor, no title)."""
    return _jieba_words()[2]


def predicate_words() -> frozenset[str]:
    """Two-character verbs, adverbs, adjectives, prepositions and conjunctions of any
    frequency in jieba's dictionary (调兵, 加征, 不经): after a foreign title such a word
    starts a clause (总统调兵进入), not a name."""
    return _two_character_words(_PREDICATE_TAGS)


def verb_words() -> frozenset[str]:
    """Two-character verbs of jieba's dictionary and schema/lexicon/verbs.txt (verbs it
    tags otherwise, 领会): before an organization such a word ends the clause
    (杂志发表中共中央). Adverbs are left out: jieba tags 越共 as one."""
    return _two_character_words(frozenset({"v"}))


def verb_stops() -> frozenset[str]:
    """Everyday two-character verbs and adverbs (jieba's v, d, ad with frequency >= 1,000:
    看来, 看到, 详细, 带领): right after a Chinese name such a word ends it."""
    return _frequent_words(frozenset({"v", "d", "ad"}), 1000)


def clause_words() -> frozenset[str]:
    """Frequent two-character verbs, adverbs, conjunctions and prepositions (jieba's v,
    d, c, p with frequency >= 2,000: 强调, 没有, 通过, 始终): a character before one is
    no name of three (时强调, 但没有), unless a title or the article names it so."""
    return _frequent_words(frozenset({"v", "d", "c", "p"}), 2000)


def action_words() -> frozenset[str]:
    """Everyday two-character verbs and verbal nouns (jieba's v, vn, frequency >= 1,000:
    管理, 代表): a title starting inside one (管|理事项) is no title."""
    return _frequent_words(frozenset({"v", "vn"}), 1000)


@lru_cache(maxsize=1)
def _jieba_two_character_words() -> tuple[tuple[str, int, str], ...]:
    """(word, frequency, tag) of every two-character word of jieba's dictionary."""
    try:
        import jieba
    except ImportError:
        return ()
    out = []
    with open(Path(jieba.__file__).with_name("dict.txt"), encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 3 and len(parts[0]) == 2:
                out.append((parts[0], int(parts[1]), parts[2]))
    return tuple(out)


@lru_cache(maxsize=4)
def _frequent_words(tags: frozenset[str], min_freq: int) -> frozenset[str]:
    """Two-character words of jieba's dictionary with one of ``tags`` and at least ``min_freq``."""
    return frozenset(w for w, freq, tag in _jieba_two_character_words() if tag in tags and freq >= min_freq)


@lru_cache(maxsize=4)
def _two_character_words(tags: frozenset[str]) -> frozenset[str]:
    """Two-character words of jieba's dictionary with one of ``tags``, and verbs.txt."""
    out = {w for w, _, tag in _jieba_two_character_words() if tag in tags}
    out.update(w for w in lexicon_list("verbs.txt") if len(w) == 2)  # verbs jieba tags otherwise
    return frozenset(out)


_PREDICATE_TAGS = frozenset({"v", "vn", "d", "a", "ad", "p", "c"})
