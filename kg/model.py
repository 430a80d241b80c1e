"""The typed model every pipeline stage speaks.

All records are frozen dataclasses with deterministic ids (``make_id``): the same
input always yields the same ids, so stores can MERGE and re-ingesting changes nothing.
Serialisation to and from JSON goes through pydantic's ``TypeAdapter`` (see
``kg.records``), so the classes stay plain and fast to build in the extractor.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from typing import Literal

EventType = Literal["meeting", "forum", "ceremony", "visit", "inspection", "talks", "other"]
Role = Literal["presided", "spoke", "attended", "led", "counterpart", "accompanied"]
PartOfDay = Literal["morning", "noon", "afternoon", "evening", "night"]
# country > province > prefecture > county (the GB/T 2260 levels) > township > village;
# a venue is a building or ground (人民大会堂, 北大厅); a locality is a named place of no
# known administrative level (a foreign city, a development zone)
PlaceLevel = Literal["country", "province", "prefecture", "county", "township", "village", "venue", "locality"]

PLACE_LEVELS: tuple[str, ...] = ("country", "province", "prefecture", "county", "township", "village", "venue",
                                 "locality")
ROLES: tuple[str, ...] = ("presided", "spoke", "attended", "led", "counterpart", "accompanied")
EVENT_TYPES: tuple[str, ...] = ("meeting", "forum", "ceremony", "visit", "inspection", "talks", "other")


# The year of a date the text gives as month and day only, with no year anywhere:
# ``XXXX-01-05`` (the kg-gold/1 notation; RDF writes it as an xsd:gMonthDay).
UNKNOWN_YEAR = "XXXX"


def year_known(iso: str | None) -> bool:
    """Whether a date names its year (``2024-01-05``), not only month and day (``XXXX-01-05``)."""
    return bool(iso) and not iso.startswith(UNKNOWN_YEAR)  # type: ignore[union-attr]


def normalise_name(name: str) -> str:
    """NFKC and whitespace-free form of a name, used inside ids (never for display)."""
    return "".join(unicodedata.normalize("NFKC", name).split())


def make_id(kind: str, *parts: str) -> str:
    """Deterministic id: ``kind:`` plus a short hash of the normalised parts.

    ``kind`` is kept readable (``person:1f3a…``) so ids explain themselves in a store.
    """
    key = "\x1f".join([kind, *(normalise_name(p or "") for p in parts)])
    return f"{kind}:{hashlib.sha1(key.encode('utf-8')).hexdigest()[:16]}"


def content_id(title: str, text: str, date: str | None = None, publication: str | None = None) -> str:
    """The id of an article that states none, from what it says (not where it was read):
    the same article from a renamed or reordered file is the same article."""
    return make_id("article", title, text, date or "", publication or "")


@dataclass(frozen=True, slots=True)
class Article:
    """One news article as loaded: ``text`` is exactly what the source holds for it.

    Evidence spans index into ``text``. For a newspaper page, ``source_offset`` is where
    ``text`` starts in the decoded page, so a span maps back to the file too.
    """

    id: str
    title: str
    text: str
    source: str = ""
    kicker: str | None = None  # 引题, the line above a title
    subtitle: str | None = None
    date: str | None = None  # ISO YYYY-MM-DD when the source gives one
    publication: str | None = None
    authors: tuple[str, ...] = ()
    source_offset: int = 0
    source_line: int | None = None  # 1-based line in a JSONL file
    # the year of the dates it states without one (6月3日) when its own date does not
    # say: a run option (``--year``), set by the loaders; not kept in its record
    year: int | None = None


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a fact is stated: ``article.text[start:end] == quote`` always holds."""

    article_id: str
    start: int
    end: int
    quote: str
    sentence: str  # the whole sentence around the span, as in the article text


@dataclass(frozen=True, slots=True)
class Organization:
    name: str  # canonical name within the corpus
    aliases: tuple[str, ...] = ()
    parent: str | None = None  # canonical name of the parent organization
    kind: Literal["organization", "place"] = "organization"
    id: str = ""
    place: str | None = None  # the id of the Place its name starts with (乡城县委 -> 乡城县)

    def __post_init__(self) -> None:
        if not self.id:
            object.__setattr__(self, "id", make_id("org", self.name))


@dataclass(frozen=True, slots=True)
class Place:
    """A place in the tree of places (``kg.places``): a GB/T 2260 division with its
    ``code`` and coordinates, a country, or a township, village, venue or locality named
    in text, inside its ``parent`` (a Place id) when known. The id is deterministic: a
    division's from its code, a country's from its name, any other from its parent and name."""

    name: str
    level: PlaceLevel
    parent: str | None = None
    code: str | None = None  # six-digit GB/T 2260 code (divisions only)
    aliases: tuple[str, ...] = ()  # other names it goes by (甘孜州, 甘孜; 北京, 京)
    longitude: float | None = None
    latitude: float | None = None
    id: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            if self.code:
                key: tuple[str, ...] = ("gb2260", self.code)
            elif self.level == "country":
                key = ("country", self.name)
            else:
                key = (self.parent or "", self.name)
            object.__setattr__(self, "id", make_id("place", *key))


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    disambiguator: str = ""  # set by resolution when two people share a name
    id: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            object.__setattr__(self, "id", make_id("person", self.name, self.disambiguator))


@dataclass(frozen=True, slots=True)
class Post:
    org: str  # organization name
    title: str  # 书记, 常务副主任, …
    id: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            object.__setattr__(self, "id", make_id("post", self.org, self.title))

    @property
    def label(self) -> str:
        return f"{self.org}{self.title}"


@dataclass(frozen=True, slots=True)
class Holds:
    person_id: str
    post_id: str
    evidence: Evidence
    date: str | None = None  # the article date: when the holding is attested
    optional: bool = False


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    article_id: str
    type: EventType
    label: str
    evidence: Evidence
    date: str | None = None  # ISO YYYY-MM-DD, or XXXX-MM-DD when the year is unknown
    date_inferred: bool = False  # the year was not stated next to the date
    part_of_day: PartOfDay | None = None
    end_date: str | None = None  # for multi-day events (7月1日至2日); XXXX-MM-DD as date
    location: str | None = None  # the place as the text states it (北京人民大会堂北大厅)
    organizer: str | None = None
    places: tuple[str, ...] = ()  # ids of the Places ``location`` names (kg.places), innermost


@dataclass(frozen=True, slots=True)
class Participation:
    event_id: str
    participant_id: str  # a Person id or an Organization id
    participant_name: str
    participant_kind: Literal["person", "organization"]
    role: Role
    order: int  # order of first mention among the event's participants, from 1
    evidence: Evidence
    optional: bool = False


@dataclass(frozen=True, slots=True)
class Authorship:
    """A byline: ``person_id`` wrote (or photographed, ``role``) the article."""

    person_id: str
    article_id: str
    role: str  # 记者, 通讯员, 文/图, 摄, …
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything extracted from one article: the system-of-record unit."""

    article: Article
    persons: tuple[Person, ...] = ()
    organizations: tuple[Organization, ...] = ()
    posts: tuple[Post, ...] = ()
    holds: tuple[Holds, ...] = ()
    events: tuple[Event, ...] = ()
    participations: tuple[Participation, ...] = ()
    authorships: tuple[Authorship, ...] = ()
    places: tuple[Place, ...] = ()  # every Place its events and organizations are in, with their parents
    warnings: tuple[str, ...] = ()
