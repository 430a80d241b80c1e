"""Places as first-class records: where each event is stated to take place, and the place
each organization belongs to, as ``Place`` records in one tree (part of the resolve stage).

An event's ``location`` is the text's own words (北京人民大会堂北大厅, 甘孜州康定市, 首都德黑兰,
约翰内斯堡出席…期间). It is read left to right as a chain of places, each inside the one
before it:

1. names the data knows: a division of the gazetteer (``kg.gazetteer``: full names and
   short forms, the one inside the place before it first; 京 alone for 北京市), a country
   (``schema/lexicon/countries.txt``; 中国 only alone or before another place), a line of
   ``schema/lexicon/known_places.txt`` (人民大会堂 in 北京市, 莫斯科 in 俄罗斯) when it lies
   inside the place before it; 首都/首府 between them are skipped;
2. then names ending in a word of ``schema/lexicon/place_words.txt``: a township or
   village (潞城镇, 化屋村) or a venue (白云国际会议中心; 北大厅 inside 人民大会堂 is
   人民大会堂北大厅, and a short venue name takes its place's name: 天津迎宾馆).

What follows the chain (出席…期间, 集体, 以视频方式) is not a place and is left out;
several places (黑龙江、吉林) are each read. The event is ``LOCATED_AT`` the innermost
place of each; every place knows its parent, up to a country (a province's is 中国).
A string with no known place at its start resolves to nothing and keeps only its text.

An organization's place is the division or country its name starts with (乡城县委 ->
乡城县, 越共中央 -> 越南); a short form must be a province's or a prefecture's (郑州高新区)
unless a full name is written, so 新华社 is in no 新华区.

Ids are deterministic (``Place.id``), so the same place from any article is one node.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache
from typing import NamedTuple

from kg.gazetteer import Division, Gazetteer, gazetteer
from kg.lexicon import (
    Lazy,
    LexiconError,
    lazy_regex,
    lexicon,
    lexicon_list,
    lexicon_rows,
    lexicon_set,
    province_abbreviations,
)
from kg.model import PLACE_LEVELS, Extraction, Place

CHINA = "中国"
_CJK = re.compile("[\u3400-\u9fff]+")
# characters that end a place name: the clause after it (为…, 的…, 以视频方式); 和, 与,
# 及, 同 end it too unless a name holds them (太和镇)
_CLAUSE = Lazy(lambda: lexicon_set("location_words.txt", "clause"))
_SEPARATORS = Lazy(lambda: lexicon_set("location_words.txt", "separator"))
_LEADING = Lazy(lambda: lexicon_list("location_words.txt", "leading"))
# what a name read below the chain never starts with: a conjunction (和北京市…), and,
# with no place before it, a demonstrative or quantifier (这个深度贫困村)
_NOT_START = Lazy(lambda: lexicon_set("location_words.txt", "not_start"))
_NOT_FIRST = Lazy(lambda: lexicon_set("location_words.txt", "not_first"))
_FILLER = lazy_regex("{location_words.txt:filler}|(?:{location_words.txt:direction})部城市")
_MAX_NAME = 24  # longer names below the chain are clauses, not places


class _Known(NamedTuple):
    name: str
    level: str
    parent: str
    forms: tuple[str, ...]


class _Step(NamedTuple):
    place: Place
    start: int  # where its name is written
    end: int


class PlaceBook:
    """The places the data knows and the rules that read a location string with them."""

    def __init__(self, gaz: Gazetteer, known: Iterable[tuple[str, str, str]], words: Iterable[tuple[str, str]],
                 countries: dict[str, str], abbreviations: dict[str, str]):
        self.gaz = gaz
        self.countries = {f: full for f, full in countries.items() if len(f) >= 2}
        self.countries[CHINA] = CHINA
        self.country_forms: dict[str, list[str]] = {}
        for form, full in self.countries.items():
            if form != full:
                self.country_forms.setdefault(full, []).append(form)
        self.abbreviations = abbreviations
        self.known: dict[str, _Known] = {}
        for names, level, parent in known:
            if level not in PLACE_LEVELS:
                raise LexiconError(f"schema/lexicon/known_places.txt: unknown level {level!r} of {names!r}")
            forms = tuple(n.strip() for n in names.split(",") if n.strip())
            entry = _Known(forms[0], level, parent, forms[1:])
            for form in forms:
                self.known.setdefault(form, entry)
        words = list(words)
        self.stops = tuple(w for level, w in words if level == "stop")
        self.words = sorted(((w, level) for level, w in words if level != "stop"), key=lambda wl: len(wl[0]),
                            reverse=True)
        if unknown := {level for _, level in self.words} - set(PLACE_LEVELS):
            raise LexiconError(f"schema/lexicon/place_words.txt: unknown level(s) {', '.join(sorted(unknown))}")
        self._word_levels = dict(self.words)
        self.by_id: dict[str, Place] = {}
        self._divisions: dict[str, Place] = {}
        self._located: dict[str, tuple[Place, ...]] = {}
        self._org_places: dict[str, Place | None] = {}
        self.china = self._add(Place(CHINA, "country", aliases=("中华人民共和国",)))

    # -- places the data knows -------------------------------------------------------------
    def _add(self, place: Place) -> Place:
        return self.by_id.setdefault(place.id, place)

    def division(self, d: Division) -> Place:
        """The Place of a gazetteer division (its parents made too)."""
        found = self._divisions.get(d.code)
        if found is None:
            parent = self.gaz.parent(d)
            parent_id = self.division(parent).id if parent is not None else self.china.id
            aliases = [*d.forms, *(a for a, full in self.abbreviations.items() if full == d.name and d.current)]
            found = self._divisions[d.code] = self._add(Place(
                d.name, d.level, parent_id, d.code, tuple(dict.fromkeys(aliases)), d.longitude, d.latitude))
        return found

    def country(self, name: str) -> Place:
        full = self.countries[name]
        if full == CHINA:
            return self.china
        return self._add(Place(full, "country", aliases=tuple(self.country_forms.get(full, ()))))

    def known_place(self, entry: _Known) -> Place:
        """The Place of a known_places.txt line (its parent made first)."""
        parent = self._named_parent(entry.parent)
        if parent is None:
            raise LexiconError(f"schema/lexicon/known_places.txt: {entry.name}: unknown parent {entry.parent!r}")
        return self._add(Place(entry.name, entry.level, parent.id, aliases=entry.forms))  # type: ignore[arg-type]

    def _named_parent(self, name: str) -> Place | None:
        if name in self.known and self.known[name].name == name:
            return self.known_place(self.known[name])
        if name in self.countries:
            return self.country(name)
        divisions = self.gaz.named(name)
        return self.division(divisions[0]) if divisions else None

    def ancestors(self, place: Place) -> list[Place]:
        """The place's parents, nearest first."""
        out: list[Place] = []
        while place.parent and place.parent in self.by_id and len(out) < 12:
            place = self.by_id[place.parent]
            out.append(place)
        return out

    def within(self, place: Place, other: Place) -> bool:
        return place.id == other.id or any(a.id == other.id for a in self.ancestors(place))

    # -- reading a location ------------------------------------------------------------------
    def locate(self, text: str) -> tuple[Place, ...]:
        """The innermost place of each place the location names (empty: none known)."""
        found = self._located.get(text)
        if found is None:
            found = self._located[text] = tuple(dict.fromkeys(self._parts(text)))
        return found

    def _parts(self, text: str) -> Iterable[Place]:
        pos = 0
        while pos < len(text):
            pos = _skip_leading(text, pos)
            steps, end = self._chain(text, pos)
            if steps:
                yield steps[-1].place
            if end < len(text) and text[end] in _SEPARATORS and steps:
                pos = end + 1
                continue
            nxt = text.find("、", max(end, pos))  # a part that is no place: try the next one
            if nxt < 0:
                return
            pos = nxt + 1

    def _chain(self, text: str, pos: int) -> tuple[list[_Step], int]:
        steps: list[_Step] = []
        while pos < len(text):
            if steps and (m := _FILLER.match(text, pos)):
                pos = m.end()
            elif not steps and text.startswith("首都", pos):
                pos += 2
            step = self._known_at(text, pos, steps[-1].place if steps else None, first=not steps)
            if step is None:
                break
            if step.place.level == "locality" and text.startswith("市", step.end):
                step = step._replace(end=step.end + 1)  # 特拉维夫市
            steps.append(step)
            pos = step.end
        while pos < len(text):
            step = self._named_at(text, pos, steps)
            if step is None:
                break
            steps.append(step)
            pos = step.end
        return steps, pos

    def _known_at(self, text: str, pos: int, parent: Place | None, *, first: bool) -> _Step | None:
        """The longest name the data knows at ``pos`` that can lie inside ``parent``."""
        best: _Step | None = None
        for n in range(min(_MAX_NAME, len(text) - pos), 1, -1):
            form = text[pos:pos + n]
            entry = self.known.get(form)
            if entry is not None and best is None:
                place = self.known_place(entry)
                if parent is None or self.within(place, parent):
                    return _Step(place, pos, pos + n)
            if best is None and (place := self._division_at(form, parent)) is not None:
                # a county's short form opening the text is one only before the clause:
                # 涿州, but not 牡丹社区, 南开大学, 中原银行 (one name each)
                if not (first and place.level == "county" and form != place.name and not self._ends(text, pos + n)):
                    best = _Step(place, pos, pos + n)
            if best is None and first and form in self.countries:
                if form != CHINA or pos + n == len(text) or self._known_at(text, pos + n, self.china, first=False):
                    best = _Step(self.country(form), pos, pos + n)
        if best is None and first and text[pos:pos + 1] in self.abbreviations and self._ends(text, pos + 1):
            divisions = self.gaz.named(self.abbreviations[text[pos]])
            if divisions:  # 京集体, 在京: 北京市 (津冀 is no single place)
                best = _Step(self.division(divisions[0]), pos, pos + 1)
        return best

    def _ends(self, text: str, pos: int) -> bool:
        """Whether the chain of places can end at ``pos``: nothing, a clause character or
        a word of the clause follows (京集体, 涿州出席)."""
        return (pos >= len(text) or text[pos] in _CLAUSE or text[pos] in _SEPARATORS
                or not _CJK.match(text, pos) or text.startswith(self.stops, pos))

    def _division_at(self, form: str, parent: Place | None) -> Place | None:
        divisions = self.gaz.named(form)
        if not divisions or (parent is not None and parent.code is None and parent.id != self.china.id):
            return None  # no division of China inside a venue, town or foreign city
        if parent is None or parent.code is None:
            return self.division(divisions[0])
        for d in divisions:
            place = self.division(d)
            if place.id != parent.id and self.within(place, parent):
                return place
        return None

    def _named_at(self, text: str, pos: int, steps: list[_Step]) -> _Step | None:
        """A township, village or venue named from ``pos`` (its name ends in a place word)."""
        rest = text[pos:]
        m = _CJK.match(rest)
        rest = rest[: m.end()] if m else ""
        cut = next((i for i, c in enumerate(rest) if c in _CLAUSE), len(rest))
        rest = rest[:min(cut, _MAX_NAME)]
        parent = steps[-1] if steps else None
        if rest[:1] in _NOT_START or (parent is None and rest[:1] in _NOT_FIRST) or rest.startswith(self.stops):
            return None
        for end in range(2, len(rest) + 1):
            word = next((w for w, _ in self.words if rest.endswith(w, 0, end)), None)
            if word is None:
                continue
            if rest[end:] in self._word_levels:  # 民主村社区: the last word belongs to the name
                end, word = len(rest), rest[end:]
            name = rest[:end]
            level = self._word_levels[word]
            stem = len(name) - len(word)
            if parent is None and stem < 2 or parent is not None and stem == 0 and level != "venue":
                continue  # a word alone (医院, 大厅, 村) is no place
            if level == "venue" and parent is not None:
                written = text[parent.start:parent.end]
                if parent.place.level == "venue":
                    name = parent.place.name + name  # a hall of its building: 人民大会堂北大厅
                elif written != parent.place.name or parent.place.code is None or stem <= 2 or name in self.known:
                    # a short form or a city abroad is part of the name (哈尔滨工程大学,
                    # 利雅得王宫); a full name only before a short one (佳县人民医院)
                    name = written + name
            place = self._add(Place(name, level, parent.place.id if parent else None))  # type: ignore[arg-type]
            return _Step(place, pos, pos + end)
        return None

    # -- organizations ----------------------------------------------------------------------
    def org_place(self, name: str) -> Place | None:
        """The division or country an organization's name starts with, innermost."""
        if name in self._org_places:
            return self._org_places[name]
        place: Place | None = None
        pos = 2 if name.startswith("中共") else 0  # 中共甘孜州委
        while pos < len(name):
            step = self._org_step(name, pos, place)
            if step is None:
                break
            place, pos = step.place, step.end
        self._org_places[name] = place
        return place

    def _org_step(self, name: str, pos: int, parent: Place | None) -> _Step | None:
        for n in range(min(12, len(name) - pos), 1, -1):
            form = name[pos:pos + n]
            if parent is None and form in self.countries and form != CHINA:
                return _Step(self.country(form), pos, pos + n)
            divisions = self.gaz.named(form)
            if not divisions or (parent is not None and parent.code is None):
                continue
            for d in divisions:
                if d.name != form and parent is None and d.level == "county":
                    continue  # a county's short form alone is too often a word (新华社)
                place = self.division(d)
                if parent is None or (place.id != parent.id and self.within(place, parent)):
                    return _Step(place, pos, pos + n)
        return None

    def with_ancestors(self, places: Iterable[Place]) -> list[Place]:
        """The places and all their parents, each once, outermost first per place."""
        out: dict[str, Place] = {}
        for p in places:
            for q in reversed([p, *self.ancestors(p)]):
                out.setdefault(q.id, q)
        return list(out.values())


def _skip_leading(text: str, pos: int) -> int:
    for word in _LEADING:
        if text.startswith(word, pos) and len(text) > pos + len(word):
            return pos + len(word)
    return pos


@lru_cache(maxsize=1)
def place_book() -> PlaceBook:
    """The place book, built once per process (the gazetteer and the place lexicons)."""
    return PlaceBook(gazetteer(), lexicon_rows("known_places.txt", 3), lexicon_rows("place_words.txt", 2),
                     lexicon().countries, province_abbreviations())


def location_only(extraction: Extraction) -> set[str]:
    """The organizations (kind ``place``) the extractor made only to name an event's
    location: no participation, organizer, post or parent names them."""
    named = ({p.participant_name for p in extraction.participations if p.participant_kind == "organization"}
             | {e.organizer for e in extraction.events if e.organizer} | {p.org for p in extraction.posts}
             | {o.parent for o in extraction.organizations if o.parent})
    return {o.name for o in extraction.organizations if o.kind == "place" and o.name not in named}


def locate(extraction: Extraction) -> Extraction:
    """The extraction with its events' and organizations' places (``Event.places``,
    ``Organization.place``, ``Extraction.places`` with every parent). Organizations the
    extractor made only to name a location (kind ``place``) are left out: the location
    is a Place now. Running it again changes nothing."""
    book = place_book()
    used: list[Place] = []
    events = []
    for e in extraction.events:
        found = book.locate(e.location) if e.location else ()
        used.extend(found)
        ids = tuple(p.id for p in found)
        events.append(e if e.places == ids else replace(e, places=ids))
    dropped = location_only(extraction)
    orgs = []
    for o in extraction.organizations:
        if o.name in dropped:
            continue
        place = book.org_place(o.name)
        if place is not None:
            used.append(place)
        pid = place.id if place else None
        orgs.append(o if o.place == pid else replace(o, place=pid))
    return replace(extraction, events=tuple(events), organizations=tuple(orgs),
                   places=tuple(book.with_ancestors(used)))


__all__ = ["CHINA", "PlaceBook", "locate", "location_only", "place_book"]
