"""Names that no title introduces, each found by a pattern of its own (a list of rules,
tried in order after the title chains; each names its class, never one text):

- ``descriptor``: a person named after a word that says who they are but is no post
  (村民熊成龙, 种粮大户戴宏, 国家荣誉称号获得者王蒙, 地球化学家欧阳自远;
  ``schema/lexicon/person_descriptors.txt``);
- ``home``: a home named after its owner (来到周雅家中, 在熊成龙家，);
- ``appointment``: people appointed or removed by a vote (免去A、B的…职务, 任命C为…);
- ``elected``: the names before 当选 (A、B当选为副镇长);
- ``counted_list``: a list of names counted after 等 (A、B、C等6位委员, A、B等同志);
- ``byline_line``: the names of a closing byline line (（记者 徐登林）, 责任编辑：李明).

Each rule returns ``(start, end)`` spans of names in the sentence (``byline_line`` adds
whether the name is an author's); the finder turns them into mentions (no posts) unless
a title chain already took them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache

from kg.extract.boundaries import LEFT_BOUNDARY
from kg.extract.names import is_cjk
from kg.lexicon import Lazy, lazy_regex, lexicon_list, lexicon_set, lexicon_table, lexicon_words
from kg.word_classes import name_like_words

CJK = "\u3400-\u9fff"
Span = tuple[int, int]


@lru_cache(maxsize=1)
def _descriptor_re() -> re.Pattern[str]:
    """Descriptors: whole words (村民) and endings of words (…学家, …获得者); only where
    a descriptor ends matters (the name starts there), so both are matched as written."""
    words = {w.removeprefix("?").removeprefix("~") for w in lexicon_words("person_descriptors.txt")}
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


@lru_cache(maxsize=1)
def _weak_descriptors() -> frozenset[str]:
    """The descriptors for anyone (?居民, ?~游客): weaker evidence of a name after them."""
    return frozenset(w[1:].removeprefix("~") for w in lexicon_words("person_descriptors.txt") if w.startswith("?"))


_HOME = re.compile("家(?:中|里|[,，。])")
_GOES_TO = lazy_regex("{person_words.txt:home_visit}|^在")
_APPOINTED = lazy_regex("(?:{person_words.txt:appointed})")
_ELECTED = lazy_regex("(?:{person_words.txt:elected})")
_CLAUSE_MARKS = "，,。；;：:\n"
_COUNTED = lazy_regex(
    f"等(?:[0-9一二三四五六七八九十百]+(?:{{person_words.txt:counter}})[{CJK}]{{0,4}}?(?:{{person_words.txt:counted}})?"
    "|(?:{person_words.txt:comrade}))"
)


def descriptor(finder, text: str) -> Iterator[Span]:
    """The name after a person descriptor (村民, 居民; person_descriptors.txt); after a
    weak one only a name known or with a frequent surname.

    Example: 青山区居民周明远说，新路修好了。 -> 周明远
    """
    for m in _descriptor_re().finditer(text):
        name = finder.name_at(text, m.end(), need_surname=True, after_title=True)
        weak = m.group(0) in _weak_descriptors()
        if name and _plausible(finder, name) and not (weak and name not in finder.known and not _described(finder, name)):
            yield m.end(), m.end() + len(name)


def _described(finder, name: str) -> bool:
    """A weak descriptor (居民, 游客) is weak evidence: the name after it takes a frequent
    surname and is no everyday word jieba also lists as a name (居民楼坍塌, 游客高峰)."""
    return name[0] in finder.lex.frequent_surnames and name not in name_like_words()


def _plausible(finder, name: str) -> bool:
    """A name read with no title before it starts no everyday word and ends in none
    (荣誉, 解难题, 和农户 are words, not names)."""
    if name[0] in lexicon_set("name_chars.txt", "not_start"):
        return False
    if name[:2] in finder.common and name[:2] not in finder.lex.compound_surnames:
        return False
    return not (len(name) == 3 and finder.common.get(name[1:], 0) >= 1000)


def home(finder, text: str) -> Iterator[Span]:
    """The name right before 家中/家里/家，, in a clause that goes there (来到, 在, 走进 …):
    two or three characters from a surname.

    Example: 区委书记来到村民周雅家中。 -> 周雅
    """
    for m in _HOME.finditer(text):
        end = m.start()
        clause = text[max(0, end - 24) : end]
        clause = re.split("[，,。；;：:]", clause)[-1]
        if not _GOES_TO.search(clause):
            continue
        for length in (4, 3, 2):
            start = end - length
            cand = text[start:end]
            if start < 0 or not finder.lex.starts_with_surname(cand) or cand in finder.common:
                continue
            if length == 4 and cand[:2] not in finder.lex.compound_surnames:
                continue  # (four characters only with a two-character surname: 欧阳自远)
            if length == 3 and cand[:2] in finder.common and cand[:2] not in finder.lex.compound_surnames:
                continue
            if length == 3 and text[start - 2 : start] not in finder.common and text[end - 2 : end] in finder.common:
                continue  # 户戴宏: the 3 characters start inside the word before (种粮大户)
            if _plausible(finder, cand):
                yield start, end
                break


def appointment(finder, text: str) -> Iterator[Span]:
    """The names after an appointment or removal (任命, 免去; person_words.txt), joined by
    、 or 和.

    Example: 会议决定任命周明远、林晓为副区长。 -> 周明远, 林晓
    """
    for m in _APPOINTED.finditer(text):
        pos = m.end()
        while True:
            name = finder.name_at(text, pos, need_surname=True, after_title=True)
            if not name:
                break
            yield pos, pos + len(name)
            pos += len(name)
            if text[pos : pos + 1] not in ("、", "和"):
                break
            pos += 1


def elected(finder, text: str) -> Iterator[Span]:
    """The names of a clause that ends in 当选 (elected; person_words.txt), joined by 、
    or 和: the names the vote returned.

    Example: 周明远当选为镇人大主席，林晓、陈雅当选为副镇长。 -> 周明远, 林晓, 陈雅
    """
    for m in _ELECTED.finditer(text):
        pos = max(text.rfind(c, 0, m.start()) for c in _CLAUSE_MARKS) + 1
        while pos < m.start() and text[pos].isspace():
            pos += 1
        names: list[Span] = []
        while True:
            name = finder.name_at(text, pos, need_surname=True, after_title=True)
            if not name or not _plausible(finder, name):
                break
            names.append((pos, pos + len(name)))
            pos += len(name)
            if pos == m.start():
                yield from names
                break
            if text[pos : pos + 1] not in ("、", "和"):
                break
            pos += 1


def counted_list(finder, text: str) -> Iterator[Span]:
    """Every name of a 、-list that ends in 等 with a count or a person noun.

    Example: 周明远、林晓、王海峰等3位委员发言。 -> 周明远, 林晓, 王海峰
    """
    for m in _COUNTED.finditer(text):
        names: list[Span] = []
        end = m.start()
        while end > 0:
            found = None
            for length in (3, 2, 4):
                start = end - length
                if start >= 0 and finder.name_at(text, start, need_surname=True, after_title=True) == text[start:end]:
                    found = (start, end)
                    break
            if found is None:
                break
            names.append(found)
            if found[0] == 0 or text[found[0] - 1] != "、":
                break
            end = found[0] - 1
        if len(names) >= 2:
            yield from names


# a closing line naming who wrote or edited the piece: [(]word[:： ]name[ 、]name…[)]
_BYLINE_LINE = re.compile(
    rf"^\s*(?P<open>[（(【\[])?\s*(?P<word>[^\s:：（）()【】\[\]]{{0,12}}?)\s*[:：\s]\s*"
    rf"(?P<names>[{CJK}]{{2,4}}(?:[\s、，,]+[{CJK}]{{2,4}}){{0,5}})\s*(?P<close>[）)】\]])?\s*$"
)
_NAME_SEP = re.compile(r"[\s、，,]+")


def byline_line(finder, text: str) -> Iterator[tuple[int, int, bool]]:
    """The names of a closing byline line (全媒体记者:王勃 陶然, （记者 徐登林）,
    责任编辑：李明, (市十二中 胡涛)); each with whether it is an author
    (``schema/lexicon/byline_roles.txt``: editors are persons, not authors).

    Example: （记者 周明远 林晓） -> 周明远, 林晓
    """
    m = _BYLINE_LINE.match(text) if len(text) <= 60 else None
    if m is None:
        return
    word, kinds = m.group("word"), lexicon_table("byline_roles.txt")
    kind = next((kinds[w] for w in sorted(kinds, key=len, reverse=True) if word.endswith(w)), None)
    unit = bool(word) and (kind == "unit" or finder.lex.ends_with_org_suffix(word))
    if kind in (None, "unit") and not (unit and m.group("open") and m.group("close")):
        return  # a line of two words is no byline unless its first names a role or a unit in brackets
    pos = m.start("names")
    for name in _NAME_SEP.split(m.group("names")):
        start = text.index(name, pos)
        pos = start + len(name)
        if finder.lex.starts_with_surname(name) and name not in finder.common and _plausible(finder, name):
            yield start, pos, kind != "editor"


# the name rules whose names a vote appoints or elects, and what links them to the post
VOTED_RULES = frozenset({"appointment", "elected"})
_VOTED_AS = lazy_regex(f"(?:[、和][{CJK}·]{{2,8}}?)*(?:{{person_words.txt:elected}})?为")
_VOTED_JOINS = ("和", "、", "兼")
_TITLE_STATUS = Lazy(lambda: tuple(sorted(lexicon_list("role_words.txt", "title_status"), key=len, reverse=True)))


def voted_post(finder, text: str, end: int) -> list[tuple[str, str]]:
    """The post a vote gives the name (list) ending at ``end``: 任命A、B为X副秘书长,
    A当选为X主席 (免去A的X职务 gives none: no 为 follows)."""
    m = _VOTED_AS.match(text, end)
    if m is None:
        return []
    chain: list[tuple[str, str]] = []
    start = m.end()
    for title in finder.lex.title_re.finditer(text, start):
        if title.start() < start:
            continue
        if set(text[start : title.start()]) & LEFT_BOUNDARY:
            return []
        org = text[start : title.start()]
        if chain and "为" in org:
            return finder.ctx.resolve_chain(chain)  # 、B为Y副主任: the next appointee's
        org = next((org[len(w):] for w in _TITLE_STATUS.value if org.startswith(w)), org)
        after = title.end()
        if text[after : after + 1] in _VOTED_JOINS:
            chain.append((org, title.group(0)))  # 国家主席和中央军委主席: two posts
            start = after + 1
        elif not is_cjk(text[after : after + 1]) or text.startswith("职务", after):
            # the title that ends the post (全国人大常委会副秘书长, not its 常委)
            return finder.ctx.resolve_chain([*chain, (org, title.group(0))])
    return []


RULES: list[tuple[str, Callable[..., Iterator[Span]]]] = [
    ("byline_line", byline_line),
    ("descriptor", descriptor),
    ("home", home),
    ("appointment", appointment),
    ("elected", elected),
    ("counted_list", counted_list),
]
