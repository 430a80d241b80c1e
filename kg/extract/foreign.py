"""Foreign names: transliterations with an interpunct (马可·韦斯特) and names after a
foreign title (印度总理莫迪), which have no surname to anchor them.

Both kinds are found by where they end, so the rules here are about ends: a name stops
at the first stop word, and a name never runs over a stop word, an everyday word
(战略引领下, 西摩·赫什谴责) or a title (总统助理尤里·乌沙科夫 is 尤里·乌沙科夫).
"""

from __future__ import annotations

import re
from collections.abc import Callable

CJK = "\u3400-\u9fff"
# one or more interpuncts: 穆罕默德·本·萨勒曼 is one name, not 穆罕默德·本
DOT_NAME = re.compile(f"[{CJK}]{{1,6}}(?:·[{CJK}]{{1,8}})+")
_DOTS = re.compile("·")
# transliterated name parts holding a stop character, never cut inside: 阿不都 (Abdu-) of
# Uyghur and Kazakh names (努尔兰·阿不都满金, 艾米拉古丽·阿不都), whose 都 is a stop word
_NAME_UNITS = ("阿不都",)

StopAt = Callable[[str, int], "int | None"]


def dot_name(
    text: str,
    pos: int,
    stop_at: StopAt,
    title_re: re.Pattern[str],
    common: dict[str, int],
    places: frozenset[str],
    function_chars: frozenset[str],
) -> str | None:
    """The interpunct name starting at ``pos``, cut where it ends (None: none starts there).

    ``stop_at(text, i)`` tells whether a name can end at ``i``; ``common`` is the
    everyday-word list (``places`` those of its words that may be transliterations) and
    ``function_chars`` the one-character words a transliteration never holds.
    """
    m = DOT_NAME.match(text, pos)
    if not m:
        return None
    first_dot = text.index("·", pos)
    if title_re.search(text, pos, first_dot):
        # 总统助理尤里·乌沙科夫 read from after 总统: the name starts after the title,
        # where the chain of titles finds it (a given name never holds a title)
        return None
    first = text[pos:first_dot]
    if set(first) & function_chars or any(
        len(first) > k and first[:k] in common and first[:k] not in places for k in (2, 3)
    ):
        return None  # a clause runs into the name (还致电福雷·…, 批准佩通坦·钦)
    last_dot = max(d.start() for d in _DOTS.finditer(text, pos, m.end()))
    # the last part may run into a verb (马可·韦斯特出席, 伊姆兰·汗表示): the name ends
    # at the first place a stop word or punctuation can follow, or where an everyday
    # word or a function word starts (巴沙尔·阿萨德谴责西方, 马伊·凯拉已), keeping at
    # least two characters of the last part for the latter
    stop = None
    soft = False  # the stop is a function word, not a stop word: a word may run over it
    for end in range(last_dot + 2, m.end() + 1):
        if _inside_unit(text, end):
            continue
        if end == last_dot + 2:
            # a one-character last part (伊姆兰·汗, 阿马杜·巴在) needs a clear end: not
            # 得 of 迈克尔·彼得森
            if end == len(text) or strong_stop(text, end, stop_at) or text[end] in function_chars:
                return text[pos:end]
        elif end == len(text) or stop_at(text, end) is not None or text[end] in function_chars:
            stop = end
            soft = end < len(text) and stop_at(text, end) is None
            break
    # an everyday word before that stop (or with no stop in the window) ends the name
    # sooner, unless it runs into the stop: 霍尔瓦特·列文特指出 keeps 特 (特指 overlaps
    # 指出), 施特菲·莱姆克立即反驳 ends before 立即; place-like words are left alone
    # (侯赛因·阿克巴里 holds 巴里)
    for end in range(last_dot + 3, stop or m.end()):
        for k in (2, 3):
            word = text[end : end + k]
            if word in common and word not in places and (stop is None or soft or end + k <= stop):
                return text[pos:end]
    return text[pos:stop] if stop else m.group(0)


def _inside_unit(text: str, i: int) -> bool:
    """Whether ``i`` falls strictly inside one of ``_NAME_UNITS`` in ``text``."""
    return any(text.startswith(u, i - k) for u in _NAME_UNITS for k in range(1, len(u)) if i - k >= 0)


def first_break(text: str, pos: int, stop_at: StopAt, breaks: frozenset[str], longest: int) -> int:
    """Length of the shortest prefix of ``text[pos:]`` that a function word or a stop
    of two or more characters follows (``longest + 1`` when none within ``longest``): a
    name after a foreign title is never longer, as it would run over it (普京和美国 is
    普京, 普京当天表示 is 普京)."""
    for k in range(1, longest + 1):
        if pos + k >= len(text) or text[pos + k] in breaks or strong_stop(text, pos + k, stop_at):
            return k
    return longest + 1


# a regnal number is part of the name (费利佩六世, 穆罕默德六世), though 六世 is a word
_REGNAL = re.compile("[一二三四五六七八九十]+世")


def word_start(
    text: str,
    pos: int,
    stop_at: StopAt,
    common: dict[str, int],
    places: frozenset[str],
    breaks: frozenset[str],
    longest: int,
) -> int | None:
    """Length of the shortest prefix (two characters or more, at most ``longest``) of
    ``text[pos:]`` that an everyday word follows (None: none does).

    A name after a foreign title ends where a word starts: 泽连斯基会后表示 is 泽连斯基,
    普京前一天视察 is 普京, 尹锡悦口头提出 is 尹锡悦. Words jieba tags as places are left
    out, as transliterations are full of them (内塔尼亚胡 holds 尼亚), and so is a word
    that runs into a stop or a function word, where the name's last character made the
    word (特朗普通电话 is 特朗普 + 通电话, 莫霍图表示, 博尔内在).
    """
    for k in range(2, longest + 1):
        at = pos + k
        if _REGNAL.match(text, at):
            continue  # 卡尔十六世: 十六 is a word, but the regnal number is the name's
        for n in (2, 3):
            word = text[at : at + n]
            if len(word) < n or word not in common or word in places or _REGNAL.match(word):
                continue
            if any(_runs_into(text, i, stop_at, breaks, common[word]) for i in range(at + 1, at + n)):
                continue
            return k
    return None


# a word this frequent in jieba's dictionary (参与, 针对) ends a name before it even where
# its second character is a function word that could end the name (与, 对)
_FREQUENT_WORD = 2000


def _runs_into(text: str, i: int, stop_at: StopAt, breaks: frozenset[str], frequency: int) -> bool:
    """Whether a word reaching over ``i`` runs into the name's end there: a strong stop
    (表示 of 图表示) or a function word that is a stop (在 of 内在) in a word that is not
    frequent (参与 is: 泽连斯基参与 is 泽连斯基), not a character that merely never is a
    transliteration's (以 of 可以, 后 of 此后, 会 of 议会)."""
    if strong_stop(text, i, stop_at):
        return True
    return text[i] in breaks and stop_at(text, i) is not None and frequency < _FREQUENT_WORD


def clause_start(text: str, pos: int, breaks: frozenset[str], surnames: frozenset[str]) -> bool:
    """Whether a clause, not a name, starts at ``pos``: a function word or a one-character
    verb a transliteration never holds (美国总统已初步批准, 总理遭枪击受伤, 首相兼外交大臣,
    总统后首次访华). A surname (向, 和) may still start an East Asian name."""
    ch = text[pos : pos + 1]
    return ch in breaks and ch not in surnames


def strong_stop(text: str, pos: int, stop_at: StopAt) -> bool:
    """A stop at ``pos`` that is punctuation, a date or two or more characters long
    (表示, 出席, 28日): strong enough evidence of a name's end that the name may hold a
    function word (韩国总统李在明表示)."""
    if pos >= len(text):
        return True
    length = stop_at(text, pos)
    if length is None:
        return False
    return length >= 2 or not ("\u3400" <= text[pos] <= "\u9fff")
