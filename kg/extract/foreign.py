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
    for end in range(last_dot + 2, m.end() + 1):
        if end == last_dot + 2:
            # a one-character last part (伊姆兰·汗, 阿马杜·巴在) needs a clear end: not
            # 得 of 迈克尔·彼得森
            if end == len(text) or strong_stop(text, end, stop_at) or text[end] in function_chars:
                return text[pos:end]
        elif end == len(text) or stop_at(text, end) is not None or text[end] in function_chars:
            stop = end
            break
    # an everyday word before that stop (or with no stop in the window) ends the name
    # sooner, unless it runs into the stop: 霍尔瓦特·列文特指出 keeps 特 (特指 overlaps
    # 指出), 施特菲·莱姆克立即反驳 ends before 立即; place-like words are left alone
    # (侯赛因·阿克巴里 holds 巴里)
    for end in range(last_dot + 3, stop or m.end()):
        for k in (2, 3):
            word = text[end : end + k]
            if word in common and word not in places and (stop is None or end + k <= stop):
                return text[pos:end]
    return text[pos:stop] if stop else m.group(0)
    return m.group(0)


def first_break(text: str, pos: int, stop_at: StopAt, breaks: frozenset[str], longest: int) -> int:
    """Length of the shortest prefix of ``text[pos:]`` that a function word or a stop
    of two or more characters follows (``longest + 1`` when none within ``longest``): a
    name after a foreign title is never longer, as it would run over it (普京和美国 is
    普京, 普京当天表示 is 普京)."""
    for k in range(1, longest + 1):
        if pos + k >= len(text) or text[pos + k] in breaks or strong_stop(text, pos + k, stop_at):
            return k
    return longest + 1


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
