"""The lexicons: every word list the extractor, resolution and conflicts use, read from
the data files under ``kg.schema/lexicon``.

Rules live in code, words live in data: to teach ``kg`` a new title or cue, edit a
``.txt`` file, not Python. A malformed line raises ``LexiconError`` naming the file and
the line, so a typo in a word list is one clear message, not a failure per article.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path

from kg.errors import KgError


class LexiconError(KgError):
    """A lexicon file that cannot be read as its format says: ``FILE:LINE: what``."""


def lexicon_files() -> dict[str, Path]:
    """Every lexicon file by name: the packaged ones, each replaced by the file of the same
    name in the directory ``KG_LEXICON`` names, when set (your own word lists)."""
    packaged = resources.files("kg.schema").joinpath("lexicon")
    files = {e.name: Path(str(e)) for e in packaged.iterdir() if e.name.endswith(".txt")}
    override = os.environ.get("KG_LEXICON")
    if override:
        files.update({p.name: p for p in Path(override).glob("*.txt")})
    return dict(sorted(files.items()))


def _numbered_lines(name: str) -> list[tuple[int, str]]:
    """(line number, content) of a lexicon file, comments and blank lines left out."""
    path = lexicon_files().get(name)
    if path is None:
        raise LexiconError(f"schema/lexicon/{name}: missing")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise LexiconError(f"{path}: cannot read: {err}") from None
    out = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if line:
            out.append((number, line))
    return out


def _shown(name: str) -> str:
    """How a lexicon file is named in a message: its path under the project for the
    packaged ones, the full path for an override."""
    path = lexicon_files()[name]
    return f"schema/lexicon/{name}" if path.parent.name == "lexicon" and path.parent.parent.name == "schema" else str(path)


def _lines(name: str) -> list[str]:
    """The entries of a one-column lexicon file (one word per line)."""
    out = []
    for number, line in _numbered_lines(name):
        if "\t" in line:
            raise LexiconError(f"{_shown(name)}:{number}: one word per line, got a tab in {line!r}")
        out.append(line)
    return out


def _rows(name: str, columns: int, *, optional_last: bool = False) -> list[tuple[str, ...]]:
    """The rows of a tab-separated lexicon file with ``columns`` columns (the last one may
    be left out when ``optional_last``)."""
    out = []
    for number, line in _numbered_lines(name):
        cells = tuple(c.strip() for c in line.split("\t"))
        if optional_last and len(cells) == columns - 1:
            cells += ("",)
        if len(cells) != columns or not all(cells[: columns - 1 if optional_last else columns]):
            raise LexiconError(
                f"{_shown(name)}:{number}: expected {columns} tab-separated columns, got {line!r}"
            )
        out.append(cells)
    return out


def _alternation(words: list[str]) -> str:
    """A regex alternation that tries longer words first (longest match wins)."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@dataclass(frozen=True)
class Lexicon:
    titles: frozenset[str]
    title_re: re.Pattern[str]
    org_suffixes: tuple[str, ...]  # longest first
    role_cues: dict[str, str]  # cue -> role
    cue_re: re.Pattern[str]
    event_nouns: dict[str, str]  # noun -> type
    event_noun_re: re.Pattern[str]
    surnames: frozenset[str]
    compound_surnames: frozenset[str]
    frequent_surnames: frozenset[str]  # the first 200 of surnames.txt (it lists them by frequency)
    places: dict[str, str]  # any form -> full name
    place_re: re.Pattern[str]
    name_stop_re: re.Pattern[str]  # words that end a name (cues and titles included)
    non_names: frozenset[str]
    name_breaks: frozenset[str]  # function words a transliterated name never holds
    name_adverbs: frozenset[str]  # adverbs that start a clause after a name when a word follows
    honorifics: dict[str, str]  # title after a name -> implied org
    generic_places: tuple[str, ...]  # longest first
    chain: dict[str, frozenset[str]]  # head / subunit / department / foreign / needs_org / not_place / rank
    countries: dict[str, str]  # any form (美国, 越共, 以) -> full country name
    country_re: re.Pattern[str]  # the forms of two or more characters, longest first
    country_sides: frozenset[str]  # 巴方, 乌方, 欧方: a country's side (its first character + 方)
    international_bodies: tuple[str, ...]  # 联合国, 欧盟, 世卫组织 … longest first

    def ends_with_org_suffix(self, text: str) -> bool:
        return text.endswith(self.org_suffixes)

    def org_suffix_end(self, text: str) -> int:
        """Index just after the last org suffix in ``text`` (0 when there is none)."""
        best = 0
        for s in self.org_suffixes:
            i = text.rfind(s)
            if i >= 0 and i + len(s) > best:
                best = i + len(s)
        return best

    def country_of(self, org: str) -> str | None:
        """The country an organization belongs to when its name starts with one
        (越共中央 -> 越南, 尼日利亚 -> 尼日利亚), else None (China's are not listed)."""
        m = self.country_re.match(org)
        return self.countries[m.group(0)] if m else None

    def is_foreign_body(self, org: str) -> bool:
        """Whether an organization is another country's or an international body's
        (俄罗斯国家杜马, 德国社会民主党, 联合国多边信托基金办公室): its people are named
        as foreign names are."""
        return bool(org) and (self.country_of(org) is not None or org.startswith(self.international_bodies))

    def is_foreign_title(self, title: str) -> bool:
        """A title of another country's office (总统, 首相), its deputies included (副外长,
        第一副总理): a name after it needs no Chinese surname."""
        foreign = self.chain.get("foreign", frozenset())
        core = title
        for rank in ("第一副", "副", "代理", "代"):
            core = core.removeprefix(rank)
        return title in foreign or core in foreign

    def starts_with_surname(self, text: str) -> bool:
        return text[:1] in self.surnames or text[:2] in self.compound_surnames


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The lexicons, loaded once per process."""
    titles = _lines("titles.txt")
    suffixes = sorted(set(_lines("org_suffixes.txt")), key=len, reverse=True)
    cues: dict[str, str] = {}
    for role, cue in _rows("role_cues.txt", 2):
        cues[cue] = role
    nouns: dict[str, str] = {}
    for kind, noun in _rows("event_nouns.txt", 2):
        nouns.setdefault(noun, kind)
    surnames: set[str] = set()
    compound: set[str] = set()
    ranked: list[str] = []
    for _, line in _numbered_lines("surnames.txt"):
        for s in line.split():
            (compound if len(s) > 1 else surnames).add(s)
            if len(s) == 1:
                ranked.append(s)
    places = province_forms()
    return Lexicon(
        titles=frozenset(titles),
        title_re=re.compile(_alternation(titles)),
        org_suffixes=tuple(suffixes),
        role_cues=cues,
        cue_re=re.compile(_alternation(list(cues))),
        event_nouns=nouns,
        event_noun_re=re.compile(_alternation(list(nouns))),
        surnames=frozenset(surnames),
        compound_surnames=frozenset(compound),
        frequent_surnames=frozenset(ranked[:FREQUENT_SURNAMES]),
        places=places,
        place_re=re.compile(_alternation([p for p in places if len(p) > 1])),
        name_stop_re=re.compile(_alternation(
            [w for w, tags in name_stop_tags().items() if "after-only" not in tags] + list(cues) + titles)),
        non_names=frozenset(_lines("non_names.txt")),
        name_breaks=frozenset(_lines("name_breaks.txt")),
        name_adverbs=frozenset(_lines("name_adverbs.txt")),
        honorifics=dict(_rows("honorifics.txt", 2)),
        generic_places=tuple(sorted(_lines("places_generic.txt"), key=len, reverse=True)),
        chain=_chain_rules(),
        countries=(countries := _countries()),
        country_re=re.compile(_alternation([c for c in countries if len(c) > 1])),
        country_sides=frozenset(c[0] + "方" for c in countries) | {"欧方"},
        international_bodies=tuple(sorted(_lines("international_bodies.txt"), key=len, reverse=True)),
    )


FREQUENT_SURNAMES = 200  # (楼, 党, 多, 区 rank lower: far more often words than surnames)


@lru_cache(maxsize=1)
def org_aliases() -> dict[str, str]:
    """Other name -> canonical name, for bodies known by several names (data file)."""
    out: dict[str, str] = {}
    for canonical, others in _rows("org_aliases.txt", 2):
        for other in others.split(","):
            if other:
                out[other] = canonical
    return out


@lru_cache(maxsize=None)
def lexicon_words(name: str) -> frozenset[str]:
    """The words of a one-column lexicon file (read once per process)."""
    return frozenset(_lines(name))


@lru_cache(maxsize=None)
def lexicon_table(name: str) -> dict[str, str]:
    """A two-column lexicon file (kind<TAB>word) as word -> kind (read once per process)."""
    return {word: kind for kind, word in _rows(name, 2)}


@lru_cache(maxsize=None)
def lexicon_words_tuple(name: str) -> tuple[str, ...]:
    """The words of a one-column lexicon file, longest first (for ``str.startswith``)."""
    return tuple(sorted(lexicon_words(name), key=len, reverse=True))


_NAME_STOP_TAGS = frozenset({"follows", "adverb", "after-only"})


@lru_cache(maxsize=1)
def name_stop_tags() -> dict[str, frozenset[str]]:
    """name_stops.txt as word -> its tags (``follows``, ``adverb``, ``after-only``: see the file)."""
    out: dict[str, frozenset[str]] = {}
    for number, line in _numbered_lines("name_stops.txt"):
        word, _, tags = (c.strip() for c in line.partition("\t"))
        tagged = frozenset(t.strip() for t in tags.split(",") if t.strip())
        if not word or tagged - _NAME_STOP_TAGS or (tagged and len(word) != 1):
            raise LexiconError(f"{_shown('name_stops.txt')}:{number}: expected a word and tags of "
                               f"one character of {sorted(_NAME_STOP_TAGS)}, got {line!r}")
        out[word] = tagged
    return out


@lru_cache(maxsize=None)
def name_stop_chars(tag: str) -> frozenset[str]:
    """The one-character words of name_stops.txt with ``tag``."""
    return frozenset(w for w, tags in name_stop_tags().items() if tag in tags)


@lru_cache(maxsize=None)
def lexicon_list(name: str, kind: str | None = None) -> tuple[str, ...]:
    """The words of a lexicon file in file order: every line of a one-column file, or the
    words of ``kind`` in a ``kind<TAB>word`` file, every kind's for ``"*"`` (a kind no line
    has is an error)."""
    if kind is None:
        return tuple(dict.fromkeys(_lines(name)))
    words = tuple(dict.fromkeys(w for k, w in _rows(name, 2) if kind in (k, "*")))
    if not words:
        raise LexiconError(f"{_shown(name)}: no line of kind {kind!r}")
    return words


@lru_cache(maxsize=None)
def lexicon_alternation(name: str, kind: str | None = None) -> str:
    """The words of ``lexicon_list(name, kind)`` as a regex alternation in file order (a
    file lists a longer word before a shorter one it starts with)."""
    return "|".join(re.escape(w) for w in lexicon_list(name, kind))


@lru_cache(maxsize=None)
def lexicon_chars(name: str, kind: str | None = None) -> str:
    """The one-character entries of ``lexicon_list(name, kind)`` as one string, in file
    order (for ``in`` tests and regex character classes)."""
    words = lexicon_list(name, kind)
    for number, line in _numbered_lines(name):
        word = line.rpartition("\t")[2] if kind else line
        if len(word.strip()) != 1 and (kind in (None, "*") or line.partition("\t")[0] == kind):
            raise LexiconError(f"{_shown(name)}:{number}: one character per entry"
                               f"{f' of {kind!r}' if kind else ''}, got {word.strip()!r}")
    return "".join(words)


@lru_cache(maxsize=None)
def lexicon_set(name: str, kind: str | None = None) -> frozenset[str]:
    """The words of ``lexicon_list(name, kind)`` as a set."""
    return frozenset(lexicon_list(name, kind))


_PLACEHOLDER = re.compile(r"\{([a-z0-9_]+\.txt)(?::([a-z0-9_-]+|\*))?\}")


@lru_cache(maxsize=None)
def lexicon_regex(template: str) -> re.Pattern[str]:
    """``template`` compiled with each ``{file.txt}`` or ``{file.txt:kind}`` replaced by
    that word list's alternation in file order (``{2,25}`` and other quantifiers stay)."""
    return re.compile(_PLACEHOLDER.sub(lambda m: lexicon_alternation(m.group(1), m.group(2)), template))


class Lazy:
    """A value built from the lexicon on first use, standing in for it (``x in``, ``[k]``,
    ``.search``): a module constant read at import would fail before the CLI could
    report a broken lexicon in one line, and would miss a ``KG_LEXICON`` set later."""

    def __init__(self, build: Callable[[], object]) -> None:
        self._build = build

    @cached_property
    def value(self):  # noqa: ANN201 - whatever build returns
        return self._build()

    def __getattr__(self, name: str):  # noqa: ANN204 - .search, .get, .items …, bound once
        attribute = getattr(self.value, name)
        self.__dict__[name] = attribute
        return attribute

    def __contains__(self, item: object) -> bool:
        return item in self.value

    def __iter__(self):  # noqa: ANN204
        return iter(self.value)

    def __len__(self) -> int:
        return len(self.value)

    def __getitem__(self, key):  # noqa: ANN001,ANN204
        return self.value[key]


def lazy_regex(template: str) -> Lazy:
    """``lexicon_regex(template)``, compiled on first use."""
    return Lazy(lambda: lexicon_regex(template))


@lru_cache(maxsize=None)
def lexicon_rows(name: str, columns: int) -> tuple[tuple[str, ...], ...]:
    """The rows of a tab-separated lexicon file with ``columns`` columns (read once)."""
    return tuple(_rows(name, columns))


def province_abbreviations() -> dict[str, str]:
    """One-character abbreviation -> full name of a province (京 -> 北京市)."""
    return {abbr: full for full, abbrs in _rows("province_abbreviations.txt", 2) for abbr in abbrs.split(",") if abbr}


def province_forms() -> dict[str, str]:
    """Any form of a province-level name (北京市, 北京, 京) -> its full name, from the
    gazetteer and the abbreviations."""
    from kg.gazetteer import gazetteer

    out: dict[str, str] = {}
    for d in gazetteer().divisions:
        if d.level == "province" and d.current:
            out[d.name] = d.name
            for form in d.forms:
                out.setdefault(form, d.name)
    for abbr, full in province_abbreviations().items():
        out.setdefault(abbr, full)
    return out


def single_holder_rows() -> list[tuple[str, str]]:
    """(title, endings of the organizations where it has several holders) rows."""
    return _rows("single_holder_titles.txt", 2, optional_last=True)  # type: ignore[return-value]


def _countries() -> dict[str, str]:
    return _names_with_short_forms("countries.txt")


def _names_with_short_forms(name: str) -> dict[str, str]:
    """Any form -> full name, from lines ``full<TAB>short,short`` (places, countries)."""
    out: dict[str, str] = {}
    for full, short in _rows(name, 2, optional_last=True):
        out[full] = full
        for form in short.split(","):
            if form:
                out.setdefault(form, full)
    return out


def _chain_rules() -> dict[str, frozenset[str]]:
    rules: dict[str, set[str]] = {}
    for kind, word in _rows("chain_rules.txt", 2):
        rules.setdefault(kind, set()).add(word)
    return {k: frozenset(v) for k, v in rules.items()}
