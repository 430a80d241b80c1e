"""Where an organization written before a title starts.

An organization is a place (optionally) and a chain of unit words, nothing else. Its
left edge is found in four steps, each a rule over word classes, never over one text:

1. the clause: the organization lies after the last punctuation mark, at most 60
   characters back;
2. stop words (``schema/lexicon/org_left_stops.txt``: 在, 和, 出席, 代表 …) and the last
   verb of the clause (jieba's verbs) end the words before it, unless the verb is part of
   a unit name (国家发展和改革委员会, 不动产登记局);
3. places bound it (the gazetteer, and the article's own places): a cut that fell inside
   the stretch from a place to the title moves back to the place when nothing between is
   a clause word (天津市不动产登记局中心城区分局, 广东省文化和旅游厅), and words before a
   place that are no unit of their own never enter (挂职乡城县县委, 领导有岳阳市教育体育局);
4. words that qualify the holder, not the body (新任, 现任, 挂职; ``org_modifiers.txt``)
   are left out wherever they stand, and a place written twice (乡城县县委) once.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg.gazetteer import gazetteer
from kg.lexicon import Lazy, Lexicon, lazy_regex, lexicon, lexicon_chars, lexicon_list, lexicon_set, lexicon_words, lexicon_words_tuple

_EDGES = "org_edges.txt"

# Characters that bound an organization on its left inside a clause.
LEFT_BOUNDARY = set(",，。;；:：!！?？“”\"《》【】[] \n\t")
# Longest stretch searched left of a title for its organization.
MAX_ORG = 60
# Continuation characters that show a title match is part of a longer organization
# word (中央书记处, 委员会, 常委会, 主席团, 主任会议); after a stop word, that the stop
# word is part of one (向|国家 is cut, 在|处 of 所在处 is not).
ORG_CONTINUATION = Lazy(lambda: lexicon_set(_EDGES, "continuation"))
# ... and words a title begins that are no title (大使馆, 主席国).
TITLE_CONTINUATION = Lazy(lambda: ORG_CONTINUATION.value | lexicon_set(_EDGES, "title_continuation"))
_NUMERALS = set("0123456789一二三四五六七八九十〇零")
# Function characters that never stand inside an organization name between its place and
# its unit (吕梁市成立以|市人大常委会): a cut after one is never undone by a place.
_CLAUSE_CHARS = Lazy(lambda: lexicon_set(_EDGES, "clause_char"))
# What a verb of a unit's name runs into (登记|局, 改革|委员会, 研究|中心, 规划|和), as
# opposed to a verb of the clause before a body (部署|区委, 召开|会议).
_AFTER_NAME_VERB = Lazy(lambda: lexicon_list(_EDGES, "after_name_verb"))
# A level word written again before its organ: 乡城县|县委, 色尼区|区政府 (a place of
# three characters or more; 泸县县委 keeps its 县县, and 自治州州委 is the regular name).
LEVEL_REPEAT = lazy_regex("(?<=[\u3400-\u9fff]{2})({org_edges.txt:level})\\1(?={org_edges.txt:level_organ})")


@lru_cache(maxsize=1)
def _left_stop_re() -> re.Pattern[str]:
    words = lexicon_words("org_left_stops.txt")
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


class OrgEdges:
    """Finds the left edge of an organization before a title (see the module docstring)."""

    def __init__(self, lex: Lexicon, common: dict[str, int], verbs: frozenset[str], predicates: frozenset[str],
                 article_places: tuple[str, ...] = ()):
        self.lex = lex
        self.common = common
        self.verbs = verbs
        self.predicates = predicates
        self.gazetteer = gazetteer()
        self.prefixes = lexicon_words("org_prefixes.txt")
        # the article's own places that no gazetteer lists (云溪镇, 云溪高新区)
        self.article_places = tuple(p for p in article_places if not self.gazetteer.named(p))

    # -- step 1 and 2 ------------------------------------------------------------------
    def clause_start(self, text: str, pos: int, floor: int) -> int:
        """After the last boundary before ``pos`` (step 1)."""
        i = pos
        floor = max(floor, pos - MAX_ORG)
        while i > floor and text[i - 1] not in LEFT_BOUNDARY and text[i - 1] != "、" and not text[i - 1].isdigit():
            i -= 1
        return i

    def after_stops(self, text: str, start: int, pos: int) -> int:
        """After the last stop word of ``text[start:pos]`` (step 2, stop words)."""
        window = text[start:pos]
        cut = 0
        for m in _left_stop_re().finditer(window):
            # 共和国 and 发展和改革 keep their 和
            if m.group(0) == "和" and (window[max(0, m.start() - 1) : m.start()] in ("共", "展")):
                continue
            if m.group(0) == "日" and m.start() > 0 and window[m.start() - 1] not in _NUMERALS:
                continue  # the 日 of a date (25日, 二十日), not of 达日县 or 日喀则
            if m.end() == len(window) and m.group(0) in self.lex.countries:
                continue  # 以总理: Israel's short form, not the preposition
            if len(m.group(0)) == 1 and window[m.start() : m.start() + 2] in self.common \
                    and window[m.end() : m.end() + 2] not in self.common:
                continue  # 对外|联络部: the character starts a word of the name (not 对|外交部, 对|联合国)
            # a stop right before the title leaves no organization (同参议长, 向总统), but a
            # 的 there may end a description the title takes (联合国分管…的副秘书长)
            if (m.end() == len(window) and m.group(0) != "的") or (
                m.end() < len(window) and window[m.end()] not in ORG_CONTINUATION
            ):
                cut = m.end()
        if cut:
            # a country name holds no stop word (尼日利亚总统, 埃及众议长, 安提瓜和巴布达总理)
            for c in self.lex.country_re.finditer(window):
                if c.start() < cut <= c.end():
                    cut = c.start()
                    break
        return start + cut

    def trim_clause(self, org: str) -> str:
        """The organization after the last verb of the clause before it (step 2, verbs):
        杂志发表中共中央 is 中共中央, 要深入领会(习近平总书记) names none. The last such word
        belongs to the name when only unit words follow it (国家发展和改革委员会, 应急管理部,
        国家市场监督管理总局, 国务院发展研究中心): the cut is after a word followed by a body."""
        for j in range(len(org) - 2, -1, -1):
            if (
                org[j : j + 2] in self.verbs
                and not self._word_across(org, j + 2)
                and (j + 2 == len(org) or self._has_head(org[j + 2 :]))
            ):
                return org[j + 2 :]
        return org

    def _word_across(self, text: str, cut: int) -> bool:
        """Whether a word of three or four characters runs across ``cut`` (解放|军总医院:
        解放军), so that the verb before it is part of a name."""
        return any(
            text[a : a + n] in self.common
            for n in (3, 4)
            for a in range(max(0, cut - n + 1), cut)
            if a + n <= len(text)
        )

    def _in_longer_word(self, text: str, k: int) -> bool:
        """Whether the two characters at ``k`` lie inside a longer everyday word (不动|产:
        不动产), so that they are no verb there."""
        return any(
            text[a : a + n] in self.common
            for n in (3, 4)
            for a in range(max(0, k + 2 - n), k + 1)
            if a + n <= len(text)
        )

    def _has_head(self, org: str) -> bool:
        """Whether ``org`` names a body (中共中央, 国务院, 中央军委) rather than a unit word
        after a verb of the name (总局, 委员会, 研究中心, 管理总局): two characters or more,
        none of them a verb's, are left when its unit word is removed."""
        suffix = max((s for s in self.lex.org_suffixes if org.endswith(s)), key=len, default="")
        head = org[: len(org) - len(suffix)]
        return len(head) >= 2 and not any(head[k : k + 2] in self.predicates for k in range(len(head) - 1))

    # -- step 3 ------------------------------------------------------------------------
    def _places(self, text: str, start: int, pos: int) -> list[tuple[int, int]]:
        """(start, end) of the places named in ``text[start:pos]``, absolute."""
        window = text[start:pos]
        countries = [(c.start(), c.end()) for c in self.lex.country_re.finditer(window)]
        divisions = [(m.start, m.end) for m in self.gazetteer.scan(window)
                     if m.full or m.division.level != "county"]  # a county's short form may be a word (会东)
        # of two overlapping names the longer is the place (共和 of 智利共和国 is no county,
        # 蒙古 of 内蒙古自治区 no country)
        spans = sorted(countries + divisions, key=lambda s: s[0] - s[1])
        found: list[tuple[int, int]] = []
        for a, b in spans:
            if not any(x < b and a < y for x, y in found):
                found.append((a, b))
        found = [(start + a, start + b) for a, b in found]
        for place in self.article_places:
            i = text.find(place, start, pos)
            if i >= 0:
                found.append((i, i + len(place)))
        return sorted(found)

    def _reincludable(self, name: str, stretch: int) -> bool:
        """Whether the first ``stretch`` characters of ``name`` (from a place to where a
        cut fell) may belong to the one unit ``name`` names: no clause character, and each
        verb in it runs into a unit word (不动产登记|局) or a conjunction (规划|和自然资源局)."""
        if set(name[:stretch]) & _CLAUSE_CHARS.value:
            return False
        for m in _left_stop_re().finditer(name, 0, stretch):
            if m.group(0) not in lexicon_set(_EDGES, "conjunction"):
                return False  # 北京同|俄罗斯, 会见|科特迪瓦: a stop word of the clause, not of a name
            if self._starts_place(name, m.end()) or self.lex.ends_with_org_suffix(name[: m.start()]):
                return False  # 越共中央和|越南国会: two bodies joined, not one name (文化和旅游厅)
        if self.lex.title_re.search(name, 0, stretch):
            return False  # 犹他州州长考克斯和|联邦调查局: a person's chain before the body
        for k in range(stretch - 1):
            if name[k : k + 2] in self.verbs and not name.startswith(_AFTER_NAME_VERB.value, k + 2) \
                    and not self._in_longer_word(name, k):
                return False
        return not name.startswith(lexicon_list(_EDGES, "party_committee"), stretch)

    def _starts_place(self, text: str, pos: int) -> bool:
        return bool(self.lex.country_re.match(text, pos) or self.gazetteer.match_at(text, pos))

    def bound_by_places(self, text: str, clause: int, left: int, pos: int) -> int:
        """The left edge once places are read (step 3)."""
        for p_start, p_end in self._places(text, clause, pos):
            if p_end > pos:
                break
            if p_start < left:
                # the cut fell after the place: undo it when the stretch is one name's
                if self._reincludable(text[p_start:pos], left - p_start):
                    return p_start
                continue
            before = text[left:p_start]
            if before.endswith("驻"):
                return left  # 中国驻泰国(大使馆): a mission named after where it is
            if before and not self.lex.ends_with_org_suffix(before) and before not in self.prefixes:
                return p_start  # 挂职|乡城县, 领导有|岳阳市: words before a place, no unit of their own
            return left
        return left

    # -- all steps ---------------------------------------------------------------------
    def start(self, text: str, pos: int, floor: int) -> tuple[int, int]:
        """(clause start, org start) of the organization ending at ``pos``."""
        clause = self.clause_start(text, pos, floor)
        left = self.after_stops(text, clause, pos)
        org = text[left:pos]
        left += len(org) - len(self.trim_clause(org))
        return clause, self.bound_by_places(text, clause, left, pos)



_ORDINAL = re.compile("^第?[一二三四五六七八九十百]+届")


def chain_org(raw: str) -> str:
    """A chain's organization as written, without what may lead it: the list word before
    it (、和及兼) and a session ordinal, which belongs to meetings (十三届全国政协 = 全国政协)."""
    return _ORDINAL.sub("", raw.lstrip(_CHAIN_LEAD.value))


def clean_org(org: str, *, place_once: bool = True) -> str:
    """An organization without the qualifiers of its holder and with its place written
    once (step 4): 临县新任住建局 -> 临县住建局, 乡城县县委 -> 乡城县委; and without what
    the clause put before it (``trim_left``)."""
    for word in _modifiers():
        if word in org:
            org = org.replace(word, "")
    org = trim_left(org)
    return LEVEL_REPEAT.sub(r"\1", org) if place_once else org


# the level words after 该 that make it the article's own place (该镇党委, 该县)
_OWN_PLACE_LEVELS = Lazy(lambda: lexicon_chars(_EDGES, "own_place_level"))  # (a str: "" is in it)


# the counting characters before a bare unit word (多国, 个村 of 14个村庄)
_COUNT = Lazy(lambda: lexicon_chars(_EDGES, "count_char"))
# one-character words of when a post was held (现总统, 前总理, 原书记): now, or before
_FORMER_POST = Lazy(lambda: lexicon_chars(_EDGES, "post_before"))  # (a str: "" is in it)
_TIME_OF_POST = Lazy(lambda: lexicon_chars(_EDGES, "post_now") + _FORMER_POST.value)


def names_no_unit(org: str, title: str = "") -> bool:
    """Whether a string read as a post's org names no unit: one character that is no unit
    or is the title's own (现总统, 站|站长), a former government (前政府) or a mission
    with no unit (驻美国 of 驻美国大使)."""
    lex = lexicon()
    if not org:
        return False
    if len(org) == 1:
        # (俄, 叙, 京 are one-character forms of a country or a place: kept)
        return title.startswith(org) or org in _LEADING_FUNCTION or org in _TIME_OF_POST
    if (org[0] in _FORMER_POST or org[0] in _LEADING_FUNCTION or org[0] in _COUNT) and org[1:] in lex.org_suffixes:
        return True  # 前政府, 等党 (of 习近平等党和国家领导人), 多国: a word and a bare unit word
    return org[0] == "驻" and not lex.ends_with_org_suffix(org)


def points_back(org: str) -> bool:
    """Whether an org still starts with a pointer (该党, 其经济; org_anaphors.txt) once
    the article's own place (该镇) and the units named before (该公司) are restored."""
    anaphor = next((w for w in lexicon_words_tuple("org_anaphors.txt") if org.startswith(w)), None)
    return anaphor is not None and org[len(anaphor) : len(anaphor) + 1] not in _OWN_PLACE_LEVELS


def former_post(org: str) -> bool:
    """Whether what stands before a title says the post was held before (前, 前政府)."""
    return org[:1] in _FORMER_POST and (len(org) == 1 or org[1:] in lexicon().org_suffixes)


def after_the_leader(org: str) -> str:
    """An org read across 率 (总统率总统办公厅, 率政府代表团): the unit after it."""
    return org[org.rindex("率") + 1 :] if "率" in org[:-1] else org


# a session ordinal (十四届, 第78届; 届 alone when the digits were cut off) belongs to a
# meeting, never to the body; so does a date or a time of day before it
_ORDINAL = lazy_regex(r"^(?:第?[0-9一二三四五六七八九十百零〇]*[届次]|[0-9]{1,2}月[0-9]{1,2}日|[0-9]{1,2}日)(?:{date_words.txt:clock_part})?")
# function characters a clause leaves before a body (据中国疾控中心, 给陆军工程大学, 应法国)
_CHAIN_LEAD = Lazy(lambda: "、" + "".join(lexicon_list(_EDGES, "chain_lead")))
_LEADING_FUNCTION = Lazy(lambda: lexicon_set(_EDGES, "leading_function"))


def trim_left(org: str) -> str:
    """An organization without a session ordinal or the clause words before its name:
    十四届全国人大常委会 -> 全国人大常委会, 据中国疾控中心 -> 中国疾控中心, 决定递补中央委员会 ->
    中央委员会. Words go only when a place, a country or a national body's word follows
    them, so that 组织部 and 发展改革委 keep their verbs."""
    org = _ORDINAL.sub("", org)
    # a stop word of two characters or more (邀请, 主持, 会见) ends the clause before a
    # unit wherever it stands, when a unit's name of its own follows (邀请教育部)
    for m in reversed(list(_left_stop_re().finditer(org))):
        rest = org[m.end() :]
        if len(m.group(0)) >= 2 and len(rest) >= 3 and lexicon().ends_with_org_suffix(rest) \
                and rest not in lexicon().org_suffixes:  # (纪律检查|委员会: 委员会 alone names no unit)
            org = rest.removeprefix("了")  # (会见了阿斯麦公司)
            break
        if len(m.group(0)) >= 2 and (country := _country_re().match(rest)) and country.end() == len(rest):
            org = rest  # 拉共体轮值主席国阿根廷: the country the title is of
            break
    if org.startswith(lexicon_words_tuple("org_prefixes.txt")) or _country_re().match(org):
        return org  # 民建中央, 越共中央: a party's or a country's name, however jieba tags it
    # a time word (今年, 日前) starts no organization's name, whatever follows it
    while (word := next((w for w in lexicon_words_tuple("time_words.txt") if org.startswith(w)), None)) \
            and len(org) - len(word) >= 3:
        org = org[len(word):]
    i = 0
    while i < len(org) - 1:
        if i and _opens_a_name(org[i:]):
            return _ORDINAL.sub("", org[i:])
        if org[i] in _LEADING_FUNCTION:
            i += 1
        elif org.startswith(lexicon_words_tuple("time_words.txt"), i):
            i += next(len(w) for w in lexicon_words_tuple("time_words.txt") if org.startswith(w, i))
        elif org[i : i + 2] in _verbs():
            i += 2
        else:
            break
    return org


def _opens_a_name(rest: str) -> bool:
    """Whether an organization's name can start here: a place, a country or a national
    body's word (org_prefixes.txt, national_body_starts.txt: 中共, 中央, 国务院, 全国)."""
    if rest.startswith(lexicon_words_tuple("org_prefixes.txt") + lexicon_words_tuple("national_body_starts.txt")
                       + lexicon_words_tuple("international_bodies.txt")):
        return True
    return any(m.start == 0 for m in gazetteer().scan(rest[:12])) or bool(_country_re().match(rest))


@lru_cache(maxsize=1)
def _verbs() -> frozenset[str]:
    from kg.word_classes import verb_words

    return verb_words()


@lru_cache(maxsize=1)
def _country_re() -> re.Pattern[str]:
    return lexicon().country_re


@lru_cache(maxsize=1)
def _modifiers() -> tuple[str, ...]:
    return tuple(sorted(lexicon_words("org_modifiers.txt"), key=len, reverse=True))
