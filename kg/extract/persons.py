"""Person mentions: title chains with the names they introduce, bare names, and
honorific titles after a name.

A title chain is ``POST (、|兼 POST)* NAME (、NAME)*`` where ``POST = ORG? TITLE``:
``高新区党工委书记、管委会主任王新亭`` gives 王新亭 two posts. Organization prefixes a
chain leaves out are restored by ``kg.extract.orgs.OrgContext``.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from kg.extract.foreign import strong_stop
from kg.lexicon import Lazy, Lexicon, lazy_regex, lexicon, lexicon_list, lexicon_regex, lexicon_set, lexicon_words
from kg.word_classes import action_words
from kg.extract.name_patterns import RULES as NAME_RULES, VOTED_RULES, voted_post
from kg.extract.names import INVITATION, NOT_NAME_EDGE, NOT_NAME_END, NameReader, is_cjk
from kg.extract.boundaries import LEFT_BOUNDARY, TITLE_CONTINUATION, OrgEdges, chain_org
from kg.extract.orgs import OrgContext

# organization endings of two characters or more (常委会, 委员会): a bare name right
# before one is the start of the organization's name
_LONG_ORG_SUFFIXES = Lazy(lambda: tuple(w for w in lexicon().org_suffixes if len(w) >= 2))
# the last characters of division names' level endings (省, 州, 县, 旗…)
_DIVISION_END = Lazy(lambda: frozenset(w[-1] for w in lexicon_list("division_words.txt", "ending")
                                       + lexicon_list("division_words.txt", "past_level_end")))
_CONNECTORS = "、兼"
_BYLINE_TITLES = Lazy(lambda: lexicon_set("byline_roles.txt", "author"))  # (记者, 通讯员 are titles)
# What may stand before a byline's 记者: nothing, or the outlet itself (本报记者, 新华社记者).
# 美国记者何塞·维加 or 资深调查记者 in a sentence is a person in the news, not an author.
_BYLINE_CUT = re.compile(r"[\s（(【\[，,、：:；;。！!？?]|电")  # what ends a dateline before the byline
_BYLINE_OUTLET = lazy_regex(
    r"\s*(?:{person_words.txt:outlet}|[^\s]{0,8}(?:{person_words.txt:outlet_ending}))?\s*")
# Where a bare name can start: the sentence start, after a list separator or a clause
# break, 和/及/由, 还有, 领导 (matched as such, not as a lookbehind tried at every position)
_NAME_START = lazy_regex("[、,，:：;；“(（]|{person_words.txt:name_start}|(?:{person_words.txt:name_start_visit})了?")
# a home named after its owner (来到周雅家中, 在村民熊成龙家，)
_HOME = re.compile("家(?:中|里|[,，。])")
# what shows that a word before it is a person's name (甘苦同志, 舒默等表示)
_PERSON_MARKER = lazy_regex("{person_words.txt:person_marker}")
# 出席座谈会的党外人士还有A、B: the role cue stands before the names
_ALSO_BEFORE = lazy_regex("(?:{person_words.txt:also_cue})[^。]{0,20}的[^。]{0,12}(?:还有|有)$")
_FORMER = lazy_regex("(?:{person_words.txt:former})$")


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
    chain_end: int = -1  # where its posts' text ends when the title follows the name (许文博教授); -1: at the name


class PersonFinder(NameReader):
    """Finds person mentions sentence by sentence, remembering names across the article
    (how far a name runs is ``NameReader``'s)."""

    def __init__(self, ctx: OrgContext, lex: Lexicon | None = None):
        super().__init__(lex)
        self.ctx = ctx
        self.actions = action_words()
        self.edges = OrgEdges(self.lex, self.common, self.verbs, self.predicates, tuple(ctx.picks.places.values()))
        self.foreign: set[str] = set()  # names given a post of another country in this article
        self.titles_of: dict[str, set[str]] = {}  # the titles each person holds in this article

    # -- chains --------------------------------------------------------------------
    def _title_matches(self, text: str) -> list[re.Match[str]]:
        """The titles in a sentence that are words of their own: not the start of a
        longer organization word (大使馆, 主席国), not the end of an everyday word or a
        country before them (管|理事项, 沙|特使)."""
        out = []
        for m in self.lex.title_re.finditer(text):
            start, end = m.start(), m.end()
            if text[end : end + 1] in TITLE_CONTINUATION:
                continue
            word = text[start - 1 : start + 1] if start else ""
            if word in self.actions and word not in self.lex.titles and word[0] != word[1] \
                    and not self._place_ends_at(text, start) and not self.lex.ends_with_org_suffix(text[max(0, start - 6) : start]) \
                    and not any(text[start - k : start] in self.known for k in (2, 3, 4)):
                continue  # 管理事项: 理事 begins inside 管理 (not 管理处|处长, 德国|外长, 国会|议长, 大学|校长, 江泽民|主席)
            if start and any(c.start() < start < c.end() for c in self.lex.country_re.finditer(text, max(0, start - 6), start + 1)):
                continue  # 沙特使馆: 特使 begins inside 沙特
            out.append(m)
        return out

    def find(self, text: str, base: int = 0) -> list[PersonMention]:
        """All person mentions in one sentence ``text`` (spans offset by ``base``)."""
        self.ctx.referents.read(text, self.edges)
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
                set(text[prev_end : m.start()]) & LEFT_BOUNDARY
            ):
                org_raw = text[self.edges.bound_by_places(text, prev_end, prev_end, m.start()) : m.start()]
            else:
                chain = []
                clause = self.edges.clause_start(text, m.start(), floor)
                left = self.edges.after_stops(text, clause, m.start())
                while left < m.start() and text[left] in "、和及":
                    left += 1  # 、市长冯志远: the chain starts after the list separator
                if self._invited(text, left, m.end()):
                    left += 1  # 应埃及总理…邀请: 应 (at the invitation of) is not the org's
                left = m.start() - len(self.edges.trim_clause(text[left : m.start()]))
                chain_start = self.edges.bound_by_places(text, clause, left, m.start())
                org_raw = text[chain_start : m.start()]
            prev_end = -1
            chain.append((org_raw, title))
            after = m.end()
            if text[after : after + 1] in _CONNECTORS and self._continues_chain(text, after + 1):
                prev_end = after + 1
                continue
            # a foreign office, or any post in another country's or an international body
            # (俄罗斯国家杜马副主席巴巴科夫): the name is read as a foreign one
            foreign = self.lex.is_foreign_title(title) or any(
                self.lex.is_foreign_body(chain_org(org)) for org, _ in chain)
            name = self.name_at(text, after, need_surname=not foreign, foreign=foreign, after_title=True)
            if name in self.lex.countries:
                name = None  # 俄总统沙特王储讨论…: a headline runs on into the next country
            if name is None:
                honorific = self._honorific(text, m, floor, base) or self._surname_and_title(text, m, base)
                if honorific:
                    mentions.append(honorific)
                    floor = m.end()
                chain = []
                continue
            posts = self.ctx.resolve_chain(chain)
            if _FORMER.search(text[max(0, chain_start - 2) : chain_start]) or chain[0][0].startswith(
                lexicon_list("person_words.txt", "former")
            ):
                posts = []  # a former post is not a current one
            byline = title in _BYLINE_TITLES and _BYLINE_OUTLET.fullmatch(_BYLINE_CUT.split(org_raw)[-1]) is not None
            mentions.append(
                PersonMention(name, base + after, base + after + len(name), base + chain_start, posts, True, byline)
            )
            end = after + len(name)
            if foreign and strong_stop(text, end, self._stop_length):
                self.attested.add(name)  # 埃及总理马德布利邀请: read whole, with a clear end
            # One title before a list of names gives each the posts: 常委汪洋、王沪宁、赵乐际
            while text[end : end + 1] in ("、", "和", "及"):
                nxt = self.name_at(text, end + 1, need_surname=True, after_title=True)
                if not nxt or self._title_follows(text, end + 1 + len(nxt)) or self.lex.country_re.match(text, end + 1) \
                        or self._title_starts_in(text, end + 2, end + 1 + len(nxt)):
                    break  # (安哥拉总统洛伦索、安提瓜和巴布达总理: a country starts the next chain;
                    # 、农委主任委员: a title inside the name read is the next chain)
                mentions.append(
                    PersonMention(nxt, base + end + 1, base + end + 1 + len(nxt), base + chain_start, posts, True, byline)
                )
                end += 1 + len(nxt)
            floor = end
            chain = []
        for mention in mentions:
            self.known.add(mention.name)
            self.titles_of.setdefault(mention.name, set()).update(t for _, t in mention.posts)
            if any(self.lex.country_of(org) for org, _ in mention.posts):
                self.foreign.add(mention.name)
        mentions.extend(self._pattern_names(text, base, mentions))
        mentions.extend(self._bare_names(text, base, mentions))
        mentions.sort(key=lambda x: x.start)
        return mentions

    def _pattern_names(self, text: str, base: int, found: list[PersonMention]) -> list[PersonMention]:
        """Names that no title introduces, by the rules of ``kg.extract.name_patterns``."""
        taken = [(m.chain_start - base, m.end - base) for m in found]
        out: list[PersonMention] = []
        for rule, find in NAME_RULES:
            for start, end, *author in find(self, text):
                if any(s < end and start < e for s, e in taken):
                    continue
                posts = voted_post(self, text, end) if rule in VOTED_RULES else []
                out.append(PersonMention(text[start:end], base + start, base + end, base + start, posts, titled=True,
                                         byline=bool(author and author[0])))
                taken.append((start, end))
        for mention in out:
            self.known.add(mention.name)
        return out

    def _title_starts_in(self, text: str, start: int, end: int) -> bool:
        """Whether a title starts at a position in ``[start, end)`` (it may run past it)."""
        m = self.lex.title_re.search(text, start)
        return bool(m and m.start() < end)

    def _place_ends_at(self, text: str, pos: int) -> bool:
        """Whether a country or a division's name ends right at ``pos`` (德国|外长)."""
        window = text[max(0, pos - 8) : pos]
        return any(m.end() == len(window) for m in self.lex.country_re.finditer(window)) or any(
            m.end == len(window) for m in self.edges.gazetteer.scan(window))

    def _invited(self, text: str, left: int, after: int) -> bool:
        """Whether the chain at ``left`` opens with 应 of 应…邀请 (not 应急管理部)."""
        return (
            text[left : left + 1] == "应"
            and text[left : left + 2] not in self.common
            and INVITATION.match(text, after) is not None
        )

    def _continues_chain(self, text: str, pos: int) -> bool:
        """After ``书记、``: does an organization + title follow (not a list of names)?"""
        name = self.name_at(text, pos, need_surname=True)
        if name and not self._title_follows(text, pos + len(name)):
            return False
        window = text[pos : pos + 31]
        for m in self.lex.title_re.finditer(window):
            between = window[: m.start()]
            return not (set(between) & LEFT_BOUNDARY) and "、" not in between
        return False

    def _title_follows(self, text: str, pos: int) -> bool:
        m = self.lex.title_re.match(text, pos)
        return bool(m and text[m.end() : m.end() + 1] not in TITLE_CONTINUATION)

    def _surname_and_title(self, text: str, m: re.Match[str], base: int) -> PersonMention | None:
        """``徐副县长一行``, ``十二中夏校长``: a surname and a title, the one person of the
        article with that surname who holds it (or a higher form: 徐县长 for a 副县长)."""
        at = m.start() - 1
        if at < 0 or text[at] not in self.lex.surnames or text[at - 1 : at + 1] in self.common:
            return None
        title = m.group(0)
        holders = [n for n, titles in self.titles_of.items()
                   if n[0] == text[at] and len(n) > 1 and any(t == title or t.endswith(title) for t in titles)]
        if len(holders) != 1:
            return None
        return PersonMention(holders[0], base + at, base + m.end(), base + at, titled=True)

    def _honorific(self, text: str, m: re.Match[str], floor: int, base: int) -> PersonMention | None:
        """``郑州大学余丽教授``, ``习近平总书记``: a name right before its title."""
        title = m.group(0)
        if title in self.lex.chain.get("head", ()) or title in self.lex.chain.get("no_honorific", ()):
            return None  # 金凤区长城花园社区: a place name, not 区长; 部门相关负责人: no name before 负责人
        nxt = text[m.end() : m.end() + 2]
        if nxt[:1] in ("的",) or nxt in lexicon_set("person_words.txt", "reference_next"):
            return None  # 习近平总书记重要讲话精神: a reference, not a person present
        if title[:-1] in self.lex.titles and text[m.end() - 1 : m.end() + 1] in self.common:
            return None  # 委员长期从事: the title is 委员, its last character starts a word
        left = self.edges.after_stops(text, self.edges.clause_start(text, m.start(), floor), m.start())
        invited = text[left : left + 1] == "应" and INVITATION.match(text, m.end()) is not None
        if invited:
            left += 1  # 应李强总理邀请: 应 (at the invitation of) is not the name's
        span = text[left : m.start()]
        if len(span) < 2:
            return None
        for length in (3, 2):
            if len(span) < length:
                continue
            name = span[-length:]
            org = self.edges.trim_clause(span[:-length])
            if (
                not is_cjk(name)
                or not self.lex.starts_with_surname(name)
                or name in self.lex.non_names
                or name[-1] in NOT_NAME_END
                or self.lex.ends_with_org_suffix(name)
                or name in self.common
                or name[0] in NOT_NAME_EDGE
                or name[-1] in NOT_NAME_EDGE
                or self.common.get(name[:2], 0) >= 100
                or self.lex.country_of(name)  # 伊拉克总理称: a country, not a name
            ):
                continue
            if org and not self.lex.ends_with_org_suffix(org):
                continue
            at_clause_start = left == 0 or text[left - 1] in LEFT_BOUNDARY
            if not org and name not in self.known and not invited and not (
                at_clause_start and len(span) == length and self._stop_length(text, m.end()) is not None
            ):
                continue  # 习近平总书记 once known, 钱立总理出席…; never 同乌克兰总理 → 乌克兰
            # the org a title implies (总理: 国务院) is China's: not for a foreign leader
            # this article has named with a post of their country (印度总理莫迪 … 莫迪总理)
            written = org  # the part of the span before the name
            org = org or ("" if name in self.foreign else self.lex.honorifics.get(title, ""))
            posts = self.ctx.resolve_chain([(org, title)]) if org else []
            start = m.start() - length
            return PersonMention(
                name, base + start, base + m.start(), base + start - len(written), posts, True, chain_end=base + m.end()
            )
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
        for start, end, name in self.known.finditer(text):
            # 林晓 known must not cut 林晓峰 short
            if free(start, end) and self._stop_length(text, end) is not None:
                out.append(PersonMention(name, base + start, base + end, base + start))
                take(start, end)
        skip_to = 0
        list_end = -1  # end of the last bare name taken: a 、 after it continues its list
        surnames, compound, tibetan = self.lex.surnames, self.lex.compound_surnames, self._tibetan_parts
        # (the cheap tests first, inline: most name starts begin no name)
        starts = [b.end() for b in _NAME_START.finditer(text)]
        n = len(text)
        for pos in itertools.chain((0,), starts):
            if pos < skip_to or pos >= n or taken[pos]:
                continue
            if text[pos] not in surnames and text[pos : pos + 2] not in compound and not (
                    (text[pos : pos + 2] in tibetan or text[pos : pos + 3] in tibetan) and self.tibetan_name(text, pos)):
                continue
            name = self.name_at(text, pos, need_surname=True)
            if name and self._predicate_not_person(text, pos, name):
                continue  # 封关是指, 相较于: a verb or an adverb at a clause start, not a name
            if name and self._division_name(name):
                continue  # 甘孜州与…签署: a prefecture as the subject, not a person
            if name and text.startswith(_LONG_ORG_SUFFIXES.value, pos + len(name)):
                continue  # 区人大|常委会: the start of an organization's name, not a person
            if name and free(pos, pos + len(name)) and not self._title_follows(text, pos + len(name)):
                if pos - 1 == list_end or self._is_list_or_subject(text, pos, name):
                    out.append(PersonMention(name, base + pos, base + pos + len(name), base + pos))
                    take(pos, pos + len(name))
                    skip_to = pos + len(name)
                    list_end = skip_to
        for mention in out:
            self.known.add(mention.name)
        return out

    def _predicate_not_person(self, text: str, pos: int, name: str) -> bool:
        """A bare two-character verb or adverb (封关, 相较) is no name, unless a person
        marker follows it (甘苦同志, 舒默等表示: names that happen to be words)."""
        if len(name) != 2 or name not in self.predicates or name in self.known:
            return False
        return not _PERSON_MARKER.match(text, pos + 2)

    def _division_name(self, name: str) -> bool:
        """A bare name that is a division's, with its level ending (甘孜州, 峨边县; not
        钟山, a place's short form that people are named too)."""
        return name[-1] in _DIVISION_END.value and bool(self.edges.gazetteer.named(name))

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
        if _HOME.match(rest):
            return True  # 来到周雅家中: a home visited is a person's
        rest = lexicon_regex("^(?:{person_words.txt:person_marker})").sub("", rest)
        cue = self.lex.cue_re.search(rest)
        if not cue or cue.group(0) in lexicon_words("weak_role_cues.txt") and not text.endswith(
                tuple(lexicon_list("person_words.txt", "list_head")), 0, pos):
            return False  # (a weak cue holds after 县领导A、B: the list is of people)
        # the cue must be this group's: nothing but units or a comma between
        between = rest[: cue.start()]
        return cue.start() == 0 or bool(lexicon_regex("[,，及和]?[^,，。]*(?:{person_words.txt:group_head})?").fullmatch(between))
