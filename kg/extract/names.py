"""Reading a name where one may start: how far a name runs after a title or at a
clause start, and what ends it.

Chinese names are anchored by a surname and end at a stop word (表示, 出席) or
punctuation; a name after a foreign title (印度总理莫迪) has no surname to anchor it and
is found by where it ends (see ``kg.extract.foreign``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.extract.foreign import (
    DOT_NAME,
    clause_start,
    dot_name,
    first_break,
    strong_stop,
    word_start,
)
from kg.lexicon import Lazy, Lexicon, lexicon, lexicon_set, lexicon_words, name_stop_chars
from kg.word_classes import clause_words, common_words, place_words, predicate_words, verb_stops, verb_words

CJK = "\u3400-\u9fff"
_CJK_RE = re.compile(f"[{CJK}]+$")
# Characters that end a name outright.
_NAME_END_PUNCT = set("、,，。;；:：!！?？“”\"'()（）《》[]【】 \n\t·")
# Characters a name never starts or ends with (schema/lexicon/name_chars.txt).
NOT_NAME_EDGE = Lazy(lambda: lexicon_set("name_chars.txt", "edge"))
# one-character words that follow a name (王毅等参加, 李希将出席, 塞西时说, 宣读贺信并致辞)
_ONE_CHAR_STOPS = Lazy(lambda: name_stop_chars("follows"))
# the stops that are adverbs: never followed by 等 or 、, so before them they end a name
_ADVERB_STOPS = Lazy(lambda: name_stop_chars("adverb"))
# the characters Tibetan names are written in (those of tibetan_name_parts.txt)
_TIBETAN_CHARS = Lazy(lambda: frozenset("".join(lexicon_words("tibetan_name_parts.txt"))))
NOT_NAME_END = Lazy(lambda: lexicon_set("name_chars.txt", "org_end"))
# one-character country forms that pair with 中 (印中关系, 中美): such a pair is no name
_PAIRS_WITH_CHINA = Lazy(lambda: lexicon_set("name_chars.txt", "pairs_with_china"))
# one-character verbs of motion: before a country or province they end a name
_MOTION = Lazy(lambda: lexicon_set("name_chars.txt", "motion"))
# the rest of 应…邀请 after a name and title (应李强总理邀请, 应习近平主席的邀请)
INVITATION = re.compile("[^，,。；;]{0,16}?(?:邀请|之邀)")


class NameSet(set):
    """A growing set of names (an article's known names), found in text by ``str.find``:
    the set changes with nearly every sentence, and a regex of it would be compiled
    again each time (that cost more than all the searching)."""

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self._by_first: dict[str, set[str]] = {}
        for name in self:
            self._by_first.setdefault(name[:1], set()).add(name)

    def add(self, name: str) -> None:
        super().add(name)
        self._by_first.setdefault(name[:1], set()).add(name)

    def update(self, *others) -> None:
        for names in others:
            for name in names:
                self.add(name)

    def finditer(self, text: str) -> Iterator[tuple[int, int, str]]:
        """(start, end, name) of the names in ``text``, leftmost first, the longest name
        at a start, none overlapping: what a regex of the names, longest first, finds
        (only the names whose first character the text holds are looked for)."""
        found = []
        chars = set(text)
        candidates = [n for c in chars & self._by_first.keys() for n in self._by_first[c]]
        for name in candidates:
            i = text.find(name)
            while i >= 0:
                found.append((i, -len(name), name))
                i = text.find(name, i + 1)
        end = 0
        for start, neg_len, name in sorted(found):
            if start >= end:
                end = start - neg_len
                yield start, end, name

    def match(self, text: str, pos: int) -> str | None:
        """The longest name starting at ``pos``."""
        return max((n for n in self if text.startswith(n, pos)), key=len, default=None)


def is_cjk(text: str) -> bool:
    """Whether ``text`` is all CJK characters."""
    return bool(_CJK_RE.match(text))


class NameReader:
    """Reads names in text, remembering the names already found in the article."""

    def __init__(self, lex: Lexicon | None = None):
        self.lex = lex or lexicon()
        self.common = common_words()
        self.places = place_words()
        self.predicates = predicate_words()
        self.verbs = verb_words()
        self.verb_stops = verb_stops()
        self.clause_words = clause_words()
        self._tibetan_parts = lexicon_words("tibetan_name_parts.txt")
        self._tibetan_chars = _TIBETAN_CHARS.value
        # the character sets name_at tests for every candidate, as plain sets
        self._edge, self._org_end = NOT_NAME_EDGE.value, NOT_NAME_END.value
        self._follows, self._adverbs = _ONE_CHAR_STOPS.value, _ADVERB_STOPS.value
        self._pairs_with_china, self._motion = _PAIRS_WITH_CHINA.value, _MOTION.value
        # what follows a name in a list and never an adverb (徐兴应等, 徐兴应、; after a title 徐兴应，)
        self._list_next = lexicon_set("name_chars.txt", "list_next")
        self._list_next_titled = self._list_next | lexicon_set("name_chars.txt", "list_next_after_title")
        self.known = NameSet()
        # foreign names read after a title with a clear end (马德布利邀请): later in the
        # article the same name is read whole even where a word seems to cut it (马德布利率团)
        self.attested = NameSet()
        # name_at's answers for the sentence read last: the chains, the patterns and the
        # bare names ask about the same positions again
        self._names_text: str | None = None
        self._names_read: dict[tuple, str | None] = {}

    def name_at(self, text: str, pos: int, *, need_surname: bool, foreign: bool = False,
                after_title: bool = False) -> str | None:
        """The name starting at ``pos``, if one plausibly does (``after_title``: right
        after a title, where a name is expected)."""
        if text is not self._names_text:
            self._names_text, self._names_read = text, {}
        # (known and attested names only grow: their sizes tell whether they changed)
        key = (pos, need_surname, foreign, after_title, len(self.known), len(self.attested))
        try:
            return self._names_read[key]
        except KeyError:
            name = self._names_read[key] = self._read_name_at(text, pos, need_surname, foreign, after_title)
            return name

    def _read_name_at(self, text: str, pos: int, need_surname: bool, foreign: bool, after_title: bool) -> str | None:
        """``name_at`` without the cache."""
        in_dotted = DOT_NAME.match(text, pos) is not None
        if in_dotted:
            dotted = dot_name(text, pos, self._stop_length, self.lex.title_re, self.common, self.places, self.lex.name_breaks)
            if dotted or not foreign:
                return dotted
            # a clause runs into the interpunct name: the name is the one before it,
            # when a stop word ends it (总理李强致电基尔·斯塔默 is 李强; not 乌赫 of
            # 乌赫那·呼日勒苏赫, a name the rules cannot read)
        tibetan = self.tibetan_name(text, pos, single=after_title, foreign=foreign)
        if tibetan:
            return tibetan
        lex = self.lex
        # a name after a foreign title never runs over a stop word (普京和美国, 总统
        # 时将数以千计); an East Asian name may hold one when a strong stop ends it (李在明表示)
        limit = first_break(text, pos, self._stop_length, lex.name_breaks, 6) if foreign else 6
        if foreign:
            if clause_start(text, pos, lex.name_breaks, lex.surnames) or self._adverb_starts(text, pos):
                return None  # 美国总统已初步批准, 总理因欧洲议会选举: no name follows the title
            if lex.country_re.match(text, pos + 1) or lex.place_re.match(text, pos + 1):
                return None  # 太后来北京, 总统赴美国: a verb before a place, not a name
            attested = self.attested.match(text, pos)
            if attested and not in_dotted:
                return attested
            # the name also ends where an everyday word starts (普京前一天视察, 特朗普可以);
            # a break or such a word ends it even when no stop word follows (李强乘包机)
            limit = word_start(text, pos, self._stop_length, self.common, self.places, lex.name_breaks, limit) or limit
            # an everyday verb ends it too (西雅尔多参与, 潘基文提及)
            limit = next((k for k in range(2, limit) if text[pos + k : pos + k + 2] in self.verb_stops), limit)
        elif text[pos : pos + 1] in lex.name_adverbs and text[pos + 1 : pos + 3] in self.predicates:
            return None  # 总书记曾来到这里, 曾担任: an adverb and a verb, not a surname and a name
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
            if len(cand) < length or not is_cjk(cand) or length <= place_len:
                continue
            if in_dotted and text[pos + length : pos + length + 1] == "·":
                continue  # 乌赫那·呼日勒苏赫 read in part is no name
            if foreign and (lex.place_re.search(cand, 1) or lex.country_re.search(cand, 1)):
                continue  # 莫尼列来北京: a name runs into no place
            if cand[0] == "应" and INVITATION.match(text, pos + length):
                continue  # 专家应李强邀请出席: 应 is "at the invitation of", not a surname
            if cand in lex.non_names or cand[-1] in self._org_end or self._starts_with_stop(
                    text, pos, cand, after_title and need_surname):
                continue
            if cand[:2] in lex.non_names:
                continue  # 国王登基十周年: no name starts with a word that is none (登基)
            if length == 2 and "中" in cand and cand.replace("中", "", 1) in self._pairs_with_china:
                continue  # 印中作为全球重要经济体: India and China, not a person
            if length == 2 and cand[1] == "称":
                continue  # 巴称, 黎称: a country's short form and "says" (a name is never X称)
            if lex.title_re.match(cand, 1):
                continue  # 习主席: a name and a title, not a name
            if length >= 3 and cand[-1] in self._follows and not (
                    cand[-1] in self._adverbs and text[pos + length : pos + length + 1] in (
                        self._list_next_titled if after_title and not foreign else self._list_next)):
                continue  # 王毅等, 李希将, 尹锡悦致: the stop word is not part of the name (徐兴应等 is)
            if length == 2 and not foreign and cand[1] in self._follows:
                continue  # 曾说, 都是: a surname-like character and a function word
            if cand[0] in self._edge or cand[-1] in self._edge:
                continue
            if cand[:2] in lex.country_sides:
                continue  # 巴方愿同中方: the Pakistani side, not a person
            if foreign and length == 3 and cand[1:] in self.predicates and self.common.get(cand[1:], 0) >= 1000:
                continue  # 议长席表达抗议: a character and a verb, not a name
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
            if length == 3 and not after_title and not foreign and cand[1:] in self.clause_words and cand not in self.known:
                continue  # 时强调, 但没有: a word and the verb of a clause, not a name
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
            if length == 4 and (cand[2:] in self.common or (cand[:2] in self.common and cand[:2] not in lex.compound_surnames)):
                continue  # 塞西拒绝, 普京当天: a name and a word
            if after_title and not foreign and length >= 3 and self._swallows_a_word(text, pos + length):
                continue  # 陈生看|到, 王毅参|加上: the last character starts the verb after the name
            stop = self._stop_length(text, pos + length)
            if stop is None and after_title and not foreign and text[pos + length : pos + length + 2] in self.verb_stops:
                stop = 2  # 刘超明看来, 陈生看到: after a title, an everyday verb ends the name
            if stop is None and foreign and self._adverb_clause(text, pos + length):
                stop = 1  # 特朗普先进行, 内塔尼亚胡原计划: an adverb and its verb follow the name
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

    def tibetan_name(self, text: str, pos: int, *, single: bool = False, foreign: bool = False) -> str | None:
        """A Tibetan name at ``pos``: two or three name parts (尼玛次仁, 次仁多布杰; one part
        when ``single``, right after a title), ended by a stop."""
        parts = self._tibetan_parts
        if text[pos : pos + 2] not in parts and text[pos : pos + 3] not in parts:
            return self._tibetan_syllables(text, pos) if single and not foreign else None
        end, count = pos, 0
        while count < 3:
            step = next((n for n in (3, 2) if text[end : end + n] in parts), 0)
            if not step:
                break
            end, count = end + step, count + 1
        while count >= (1 if single else 2):
            if self._stop_length(text, end) is not None or text[end : end + 2] in self.verb_stops:
                return text[pos:end]
            # (the last part may be the start of the next word: try one part less)
            end -= 3 if text[end - 3 : end] in parts and count > 1 else 2
            count -= 1
        return None

    def _tibetan_syllables(self, text: str, pos: int) -> str | None:
        """After a title, two characters of Tibetan name parts that are no common word
        (局长嘎珠，): a name the parts list lacks, written in the same syllables."""
        cand = text[pos : pos + 2]
        if len(cand) == 2 and all(c in self._tibetan_chars for c in cand) and cand not in self.common \
                and not (self._follows & set(cand)) and text[pos + 2 : pos + 3] not in self._adverbs \
                and self._stop_length(text, pos + 2) is not None:
            return cand
        return None

    def _swallows_a_word(self, text: str, end: int) -> bool:
        """Whether the character before ``end`` starts a word that ends names (参加, 看到):
        a name read up to ``end`` would have eaten its first character."""
        if text[end - 1 : end + 1] in self.verb_stops:
            return True
        m = self.lex.name_stop_re.match(text, end - 1)
        return bool(m and len(m.group(0)) >= 2)

    def _starts_with_stop(self, text: str, pos: int, cand: str, chinese_after_title: bool) -> bool:
        """Whether a candidate starts with a word that ends names (出席, 任命, 向), which
        no name does; right after a Chinese title a surname that is also such a word
        starts a name (书记任宝元: 任 the surname, not 任 "serve as"), unless a word
        follows it (都认为, 向习近平)."""
        m = self.lex.name_stop_re.match(cand)
        if not m:
            return False
        after = text[pos + 1 : pos + 3]
        return not (chinese_after_title and len(m.group(0)) == 1 and cand[0] in self.lex.surnames
                    and cand[:2] not in self.common and after not in self.verb_stops
                    and not self.lex.name_stop_re.match(text, pos + 1))  # 都认为, 都是: no name

    def _adverb_clause(self, text: str, pos: int) -> bool:
        """Whether an adverb at ``pos`` starts a clause: a verb or an everyday word follows
        it (先进行, 原计划, 可解散), not the rest of a transliteration (马可, 施泰因迈尔)."""
        if text[pos : pos + 1] not in self.lex.name_adverbs:
            return False
        word = text[pos + 1 : pos + 3]
        return word in self.predicates or word in self.common

    def _adverb_starts(self, text: str, pos: int) -> bool:
        """Whether a clause starts with an adverb right after a foreign title: always for
        one that is no surname (总理因欧洲议会选举, 议长因事件辞职), else when a word follows
        it (首相原计划)."""
        ch = text[pos : pos + 1]
        return ch in self.lex.name_adverbs and (ch not in self.lex.surnames or self._adverb_clause(text, pos))

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
        if m:
            return len(m.group(0))
        if ch in self._motion and (self.lex.country_re.match(text, pos + 1) or self.lex.place_re.match(text, pos + 1)):
            return 1  # 莫尼列来北京, 特朗普赴日本: a verb of motion before a place
        return None
