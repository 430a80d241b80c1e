"""Person mentions: title chains with the names they introduce, bare names, and
honorific titles after a name.

A title chain is ``POST (、|兼 POST)* NAME (、NAME)*`` where ``POST = ORG? TITLE``:
``高新区党工委书记、管委会主任王新亭`` gives 王新亭 two posts. Organization prefixes a
chain leaves out are restored by ``kg.extract.orgs.OrgContext``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from kg.extract.foreign import DOT_NAME, clause_start, dot_name, first_break, strong_stop, word_start
from kg.extract.lexicon import Lexicon, common_words, lexicon, place_words, predicate_words
from kg.extract.orgs import OrgContext

CJK = "\u3400-\u9fff"
_CJK_RE = re.compile(f"[{CJK}]+$")
# Characters that end a name outright.
_NAME_END_PUNCT = set("、,，。;；:：!！?？“”\"'()（）《》[]【】 \n\t·")
# Characters that bound an organization on its left inside a clause.
_LEFT_BOUNDARY = set(",，。;；:：!！?？“”\"《》【】[] \n\t")
# Words after which an organization can start (the word is not part of it).
_LEFT_STOP = re.compile(
    "在|到|由|同|与|向|对|为|是|把|将|被|受|请|经|会见|会谈|看望|慰问|探望|陪同|听取|来到|"
    "接见|出席|参加|主持|以及|和|及|等|还有|的|了|围绕|从|前往|代表|获得|授予|担任|任命|时间|"
    "上午|下午|晚上|中午|今天|当天|日|走访|调研|考察|视察|检查"
)
# Longest stretch searched left of a title for its organization.
_MAX_ORG = 60
# Continuation characters that show a title match is part of a longer organization
# word (中央书记处, 委员会, 常委会, 主席团, 主任会议).
_ORG_CONTINUATION = set("处会团部局厅室组府")
_CONNECTORS = "、兼"
_BYLINE_TITLES = frozenset({"记者", "通讯员", "特约记者", "摄影记者", "见习记者"})
# What may stand before a byline's 记者: nothing, or the outlet itself (本报记者, 新华社记者).
# 美国记者何塞·维加 or 资深调查记者 in a sentence is a person in the news, not an author.
_BYLINE_CUT = re.compile(r"[\s（(【\[，,、：:；;。！!？?]|电")  # what ends a dateline before the byline
_BYLINE_OUTLET = re.compile(r"\s*(?:本报|本台|本刊|本网|新华社|人民日报|中新社|总台|央视|央广|[^\s]{0,8}(?:日报|晚报|时报|电视台|融媒体中心))?\s*")
# Where a bare name can start: the sentence start, after list separators and punctuation,
# after 和/及/由 and 还有.
_NAME_START = re.compile("^|(?<=[、,，:：;；“(（和及由])|(?<=还有)|(?<=领导)")
# Last characters of organization words, which names practically never end with.
_NOT_NAME_EDGE = set("的了和及在兼")  # 兼: 王储兼首相 holds two posts, no name
# one-character words that follow a name (王毅等参加, 李希将出席, 塞西时说)
_ONE_CHAR_STOPS = set("等于将即时也则作致称在和及与同对向为是把被从还都又再就说已曾应亦互")
_NOT_NAME_END = set("委会局部处院办区市县省村厅所队司镇乡央")
# the rest of 应…邀请 after a name and title (应李强总理邀请, 应习近平主席的邀请)
_INVITATION = re.compile("[^，,。；;]{0,16}?(?:邀请|之邀)")
# 出席座谈会的党外人士还有A、B: the role cue stands before the names
_ALSO_BEFORE = re.compile("(?:出席|参加|陪同|列席)[^。]{0,20}的[^。]{0,12}(?:还有|有)$")


@dataclass
class PersonMention:
    """A name in clean text with the posts its title chain gives it."""

    name: str
    start: int  # name span in the clean text
    end: int
    chain_start: int  # where its title chain starts (== start without a chain)
    posts: list[tuple[str, str]] = field(default_factory=list)  # (org, title)
    titled: bool = False  # introduced by a title (stronger evidence it is a person)
    byline: bool = False  # a reporter named in a byline (记者李伟红、杨迅): an author, not a participant


@lru_cache(maxsize=4096)
def _alternation(names: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, names)))


def _is_cjk(text: str) -> bool:
    return bool(_CJK_RE.match(text))


class PersonFinder:
    """Finds person mentions sentence by sentence, remembering names across the article."""

    def __init__(self, ctx: OrgContext, lex: Lexicon | None = None):
        self.lex = lex or lexicon()
        self.ctx = ctx
        self.common = common_words()
        self.places = place_words()
        self.predicates = predicate_words()
        self.known: set[str] = set()
        self.foreign: set[str] = set()  # names given a post of another country in this article
        self._known_cache: tuple[int, re.Pattern[str]] | None = None

    # -- names ---------------------------------------------------------------------
    def name_at(self, text: str, pos: int, *, need_surname: bool, foreign: bool = False) -> str | None:
        """The name starting at ``pos``, if one plausibly does."""
        in_dotted = DOT_NAME.match(text, pos) is not None
        if in_dotted:
            dotted = dot_name(text, pos, self._stop_length, self.lex.title_re, self.common, self.places, self.lex.name_breaks)
            if dotted or not foreign:
                return dotted
            # a clause runs into the interpunct name: the name is the one before it,
            # when a stop word ends it (总理李强致电基尔·斯塔默 is 李强; not 乌赫 of
            # 乌赫那·呼日勒苏赫, a name the rules cannot read)
        lex = self.lex
        # a name after a foreign title never runs over a stop word (普京和美国, 总统
        # 时将数以千计); an East Asian name may hold one when a strong stop ends it (李在明表示)
        limit = first_break(text, pos, self._stop_length, lex.name_breaks, 6) if foreign else 6
        if foreign:
            if clause_start(text, pos, lex.name_breaks, lex.surnames):
                return None  # 美国总统已初步批准: no name follows the title
            # the name also ends where an everyday word starts (普京前一天视察, 特朗普可以);
            # a break or such a word ends it even when no stop word follows (李强乘包机)
            limit = word_start(text, pos, self._stop_length, self.common, self.places, lex.name_breaks, limit) or limit
        # a country or province is never a name, nor is its start (沙特, 阿尔 of 阿尔及利亚,
        # 安提瓜 of 安提瓜和巴布达, 吉林): no candidate as short as the place is taken
        place = lex.country_re.match(text, pos) or lex.place_re.match(text, pos)
        place_len = len(place.group(0)) if place else 0
        best: tuple[int, int, str] | None = None  # (stop length, name length, name)
        # after a foreign title (印度总理莫迪) names have no surname to anchor them: take
        # the shortest name a stop word can follow; Chinese names prefer the best stop
        lengths = (2, 3, 4, 5, 6) if foreign else (3, 2, 4)
        for length in lengths:
            cand = text[pos : pos + length]
            if len(cand) < length or not _is_cjk(cand) or length <= place_len:
                continue
            if in_dotted and text[pos + length : pos + length + 1] == "·":
                continue  # 乌赫那·呼日勒苏赫 read in part is no name
            if cand[0] == "应" and _INVITATION.match(text, pos + length):
                continue  # 专家应李强邀请出席: 应 is "at the invitation of", not a surname
            if cand in lex.non_names or lex.name_stop_re.match(cand) or cand[-1] in _NOT_NAME_END:
                continue
            if lex.title_re.match(cand, 1):
                continue  # 习主席: a name and a title, not a name
            if length >= 3 and cand[-1] in _ONE_CHAR_STOPS:
                continue  # 王毅等, 李希将, 尹锡悦致: the stop word is not part of the name
            if cand[0] in _NOT_NAME_EDGE or cand[-1] in _NOT_NAME_EDGE:
                continue
            if foreign and length > limit and not (
                length == 3
                and lex.starts_with_surname(cand)
                and strong_stop(text, pos + 3, self._stop_length)
            ):
                continue
            if cand in self.common and not (foreign and length == 2 and cand in self.places):
                continue  # an everyday word (关键, 农民); a transliteration may look like a place (普京)
            if foreign and length == 2 and text[pos : pos + 3] in self.common:
                continue  # the start of a longer word (总统摩托车队)
            if (length == 3 and self.common.get(cand[:2], 0) >= 100) or (
                foreign and length >= 3 and cand[:2] in self.common and cand[:2] not in self.places
            ):
                continue  # a word with a suffix (阳光下), a clause after a title (战略引领下)
            if need_surname:
                if length == 4 and cand[:2] not in lex.compound_surnames:
                    continue
                if not lex.starts_with_surname(cand):
                    continue
            elif length >= 4 and cand[:2] not in lex.compound_surnames and not foreign:
                continue
            if length == 4 and (cand[2:] in self.common or cand[:2] in self.common):
                continue  # 塞西拒绝, 普京当天: a name and a word
            stop = self._stop_length(text, pos + length)
            if stop is None and foreign and length == limit and not in_dotted and cand[:2] not in self.predicates:
                stop = 1  # a break or a word ends the name, unless it is a clause (总统调兵进入)
            if stop is None:
                continue
            if cand in self.known or foreign:
                return cand
            key = (stop, length if length != 4 else 0, cand)
            if best is None or key > best:
                best = key
        return best[2] if best else None

    def _stop_length(self, text: str, pos: int) -> int | None:
        """Length of what ends a name at ``pos`` (None: nothing ends it there)."""
        if pos >= len(text):
            return 1
        ch = text[pos]
        if ch in _NAME_END_PUNCT:
            return 1
        if ch.isdigit():
            # 李希27日出席: a date may follow a name; a model number (信安通5G) may not
            return 1 if re.match(r"\d{1,2}[日月]|\d+[名位]", text[pos:]) else None
        m = self.lex.name_stop_re.match(text, pos)
        return len(m.group(0)) if m else None

    # -- chains --------------------------------------------------------------------
    def _left_edge(self, text: str, pos: int, floor: int) -> int:
        """Where an organization ending at ``pos`` starts (after boundaries and stop words)."""
        # An organization is never this long; the cap keeps a long clause without
        # boundaries (unpunctuated text, a title with no name after it, again and again)
        # from being walked back over for every title in it.
        i = pos
        floor = max(floor, pos - _MAX_ORG)
        while i > floor and text[i - 1] not in _LEFT_BOUNDARY and text[i - 1] != "、" and not text[i - 1].isdigit():
            i -= 1
        window = text[i:pos]
        cut = 0
        for m in _LEFT_STOP.finditer(window):
            # 共和国 and 发展和改革 keep their 和
            if m.group(0) == "和" and (window[max(0, m.start() - 1) : m.start()] in ("共", "展")):
                continue
            if m.end() < len(window) and window[m.end()] not in _ORG_CONTINUATION:
                cut = m.end()
        if cut:
            # a country name holds no stop word (尼日利亚总统, 埃及众议长, 安提瓜和巴布达总理)
            for c in self.lex.country_re.finditer(window):
                if c.start() < cut < c.end():
                    cut = c.start()
                    break
        return i + cut

    def _title_matches(self, text: str) -> list[re.Match[str]]:
        out = []
        for m in self.lex.title_re.finditer(text):
            nxt = text[m.end() : m.end() + 1]
            if nxt in _ORG_CONTINUATION:
                continue
            out.append(m)
        return out

    def find(self, text: str, base: int = 0) -> list[PersonMention]:
        """All person mentions in one sentence ``text`` (spans offset by ``base``)."""
        mentions: list[PersonMention] = []
        floor = 0
        chain: list[tuple[str, str]] = []
        chain_start = 0
        prev_end = -1  # end of the previous title when the chain continues
        for m in self._title_matches(text):
            if m.start() < floor:
                continue
            title = m.group(0)
            if prev_end >= 0 and 0 <= m.start() - prev_end <= 30 and not (
                set(text[prev_end : m.start()]) & _LEFT_BOUNDARY
            ):
                org_raw = text[prev_end : m.start()]
            else:
                chain = []
                left = self._left_edge(text, m.start(), floor)
                while left < m.start() and text[left] in "、和及":
                    left += 1  # 、市长冯志远: the chain starts after the list separator
                org_raw = text[left : m.start()]
                chain_start = left
            prev_end = -1
            chain.append((org_raw, title))
            after = m.end()
            if text[after : after + 1] in _CONNECTORS and self._continues_chain(text, after + 1):
                prev_end = after + 1
                continue
            foreign = title in self.lex.chain.get("foreign", ())
            name = self.name_at(text, after, need_surname=not foreign, foreign=foreign)
            if name in self.lex.countries:
                name = None  # 俄总统沙特王储讨论…: a headline runs on into the next country
            if name is None:
                honorific = self._honorific(text, m, floor, base)
                if honorific:
                    mentions.append(honorific)
                    floor = m.end()
                chain = []
                continue
            posts = self.ctx.resolve_chain(chain)
            if re.search("(?:原|时任|前任|曾任)$", text[max(0, chain_start - 2) : chain_start]) or chain[0][0].startswith(
                ("原", "时任", "前任", "曾任")
            ):
                posts = []  # a former post is not a current one
            byline = title in _BYLINE_TITLES and _BYLINE_OUTLET.fullmatch(_BYLINE_CUT.split(org_raw)[-1]) is not None
            mentions.append(
                PersonMention(name, base + after, base + after + len(name), base + chain_start, posts, True, byline)
            )
            end = after + len(name)
            # One title before a list of names gives each the posts: 常委汪洋、王沪宁、赵乐际
            while text[end : end + 1] in ("、", "和", "及"):
                nxt = self.name_at(text, end + 1, need_surname=True)
                if not nxt or self._title_follows(text, end + 1 + len(nxt)) or self.lex.country_re.match(text, end + 1):
                    break  # (安哥拉总统洛伦索、安提瓜和巴布达总理: a country starts the next chain)
                mentions.append(
                    PersonMention(nxt, base + end + 1, base + end + 1 + len(nxt), base + chain_start, posts, True, byline)
                )
                end += 1 + len(nxt)
            floor = end
            chain = []
        for mention in mentions:
            self.known.add(mention.name)
            if any(self.lex.country_of(org) for org, _ in mention.posts):
                self.foreign.add(mention.name)
        mentions.extend(self._bare_names(text, base, mentions))
        mentions.sort(key=lambda x: x.start)
        return mentions

    def _continues_chain(self, text: str, pos: int) -> bool:
        """After ``书记、``: does an organization + title follow (not a list of names)?"""
        name = self.name_at(text, pos, need_surname=True)
        if name and not self._title_follows(text, pos + len(name)):
            return False
        window = text[pos : pos + 31]
        for m in self.lex.title_re.finditer(window):
            between = window[: m.start()]
            return not (set(between) & _LEFT_BOUNDARY) and "、" not in between
        return False

    def _title_follows(self, text: str, pos: int) -> bool:
        m = self.lex.title_re.match(text, pos)
        return bool(m and text[m.end() : m.end() + 1] not in _ORG_CONTINUATION)

    def _honorific(self, text: str, m: re.Match[str], floor: int, base: int) -> PersonMention | None:
        """``郑州大学余丽教授``, ``习近平总书记``: a name right before its title."""
        title = m.group(0)
        if title in self.lex.chain.get("head", ()):
            return None  # 金凤区长城花园社区: a place name, not 区长
        nxt = text[m.end() : m.end() + 2]
        if nxt[:1] in ("的",) or nxt in ("关于", "重要", "思想"):
            return None  # 习近平总书记重要讲话精神: a reference, not a person present
        if title[:-1] in self.lex.titles and text[m.end() - 1 : m.end() + 1] in self.common:
            return None  # 委员长期从事: the title is 委员, its last character starts a word
        left = self._left_edge(text, m.start(), floor)
        invited = text[left : left + 1] == "应" and _INVITATION.match(text, m.end()) is not None
        if invited:
            left += 1  # 应李强总理邀请: 应 (at the invitation of) is not the name's
        span = text[left : m.start()]
        if len(span) < 2:
            return None
        for length in (3, 2):
            if len(span) < length:
                continue
            name = span[-length:]
            org = span[:-length]
            if (
                not _is_cjk(name)
                or not self.lex.starts_with_surname(name)
                or name in self.lex.non_names
                or name[-1] in _NOT_NAME_END
                or self.lex.ends_with_org_suffix(name)
                or name in self.common
                or name[0] in _NOT_NAME_EDGE
                or name[-1] in _NOT_NAME_EDGE
                or self.common.get(name[:2], 0) >= 100
                or self.lex.country_of(name)  # 伊拉克总理称: a country, not a name
            ):
                continue
            if org and not self.lex.ends_with_org_suffix(org):
                continue
            at_clause_start = left == 0 or text[left - 1] in _LEFT_BOUNDARY
            if not org and name not in self.known and not invited and not (
                at_clause_start and len(span) == length and self._stop_length(text, m.end()) is not None
            ):
                continue  # 习近平总书记 once known, 钱立总理出席…; never 同乌克兰总理 → 乌克兰
            # the org a title implies (总理: 国务院) is China's: not for a foreign leader
            # this article has named with a post of their country (印度总理莫迪 … 莫迪总理)
            org = org or ("" if name in self.foreign else self.lex.honorifics.get(title, ""))
            posts = self.ctx.resolve_chain([(org, title)]) if org else []
            start = m.start() - length
            return PersonMention(name, base + start, base + m.start(), base + left, posts, True)
        return None

    def _bare_names(self, text: str, base: int, found: list[PersonMention]) -> list[PersonMention]:
        """Names with no title: at clause starts and in lists, or already known."""
        # one flag per character taken by a mention: a lookup costs the length of the
        # candidate, not the number of mentions (thousands in an unpunctuated text)
        taken = bytearray(len(text))

        def take(s: int, e: int) -> None:
            taken[s:e] = b"\x01" * (e - s)

        def free(s: int, e: int) -> bool:
            return taken.find(1, s, e) < 0

        for x in found:
            take(max(0, x.chain_start - base), x.end - base)

        out: list[PersonMention] = []
        known_re = self._known_re()
        if known_re is not None:
            for m in known_re.finditer(text):
                # 林晓 known must not cut 林晓峰 short
                if free(m.start(), m.end()) and self._stop_length(text, m.end()) is not None:
                    out.append(PersonMention(m.group(0), base + m.start(), base + m.end(), base + m.start()))
                    take(m.start(), m.end())
        skip_to = 0
        list_end = -1  # end of the last bare name taken: a 、 after it continues its list
        for b in _NAME_START.finditer(text):
            pos = b.end()
            if pos < skip_to or pos >= len(text) or not free(pos, pos + 1):
                continue
            if text[pos] not in self.lex.surnames and text[pos : pos + 2] not in self.lex.compound_surnames:
                continue
            name = self.name_at(text, pos, need_surname=True)
            if name and free(pos, pos + len(name)) and not self._title_follows(text, pos + len(name)):
                if pos - 1 == list_end or self._is_list_or_subject(text, pos, name):
                    out.append(PersonMention(name, base + pos, base + pos + len(name), base + pos))
                    take(pos, pos + len(name))
                    skip_to = pos + len(name)
                    list_end = skip_to
        for mention in out:
            self.known.add(mention.name)
        return out

    def _known_re(self) -> re.Pattern[str] | None:
        """One regex for the names known so far (longest first), rebuilt when it grows."""
        if not self.known:
            return None
        if self._known_cache is None or self._known_cache[0] != len(self.known):
            names = tuple(sorted(self.known, key=lambda n: (-len(n), n)))
            self._known_cache = (len(self.known), _alternation(names))
        return self._known_cache[1]

    def _is_list_or_subject(self, text: str, pos: int, name: str) -> bool:
        """A bare name needs support: it (or the list of names it ends or starts) must be
        followed by a role cue (出席, 陪同, 主持…) close behind, as in ``A、B出席``."""
        if name in self.known:
            return True
        end = pos + len(name)
        while text[end : end + 1] in ("、", "和", "及"):
            nxt = self.name_at(text, end + 1, need_surname=True)
            if not nxt:
                break
            end += 1 + len(nxt)
        # (the cue is at most 36 characters back: search only there, not the whole prefix)
        if _ALSO_BEFORE.search(text, max(0, pos - 40), pos):
            return True  # 出席座谈会的党外人士还有A、B、C
        rest = text[end : end + 40]
        rest = re.sub("^(?:等人|等|同志)", "", rest)
        cue = self.lex.cue_re.search(rest)
        if not cue:
            return False
        # the cue must be this group's: nothing but units or a comma between
        between = rest[: cue.start()]
        return cue.start() == 0 or bool(re.fullmatch("[,，及和]?[^,，。]*(?:负责人|负责同志|代表)?", between))
