"""Reading a ``kg-gold/1`` document into comparable facts (the scorer's input side).

``kg.evaluate`` does the matching and counting; this module only knows the format:
it checks the shape of a document, normalises names and organisations, and turns
persons, posts and events into hashable facts. Nothing here depends on whether the
document is a gold annotation or a prediction, except that only the gold's
``optional`` flags mean anything (a prediction cannot excuse itself).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from kg.errors import InputError
from kg.model import normalise_name

FORMAT = "kg-gold/1"

# An organizer field may name several units at once ("中共中央、国务院"); only the
# enumeration comma splits, never 和, which is part of many unit names (国家发展和改革委员会).
_ORGANIZER_SEPARATORS = ("、", ";", "；")


def norm_name(value: Any) -> str:
    """NFKC, whitespace-free form of a name (``None`` becomes ``""``)."""
    if value is None:
        return ""
    return normalise_name(str(value))


def norm_title(value: Any) -> str:
    """Article title key: NFKC with all whitespace removed, so layout spaces do not matter."""
    return norm_name(value)


def date_matches(gold: str | None, pred: str | None) -> bool:
    """True when ``pred`` is the date ``gold`` denotes.

    ``X`` in the gold date is a wildcard for one character, so ``XXXX-06-03`` (year
    unknown to the annotator) accepts any year. The rule is one-way on purpose: a
    prediction that writes ``XXXX`` where the gold knows the year is wrong.
    """
    if not gold or not pred or len(gold) != len(pred):
        return False
    return all(g == p or g == "X" for g, p in zip(gold, pred))


class OrgNames:
    """Maps every organisation name to its canonical form.

    The gold's ``org_aliases`` (canonical → other names) come first and fix the
    canonical spellings. The prediction's own aliases are merged after them, except
    where they would join two units the gold keeps apart — otherwise a prediction could
    make a wrong post right by declaring two units the same.
    """

    def __init__(self, gold_aliases: Mapping[str, Iterable[str]] | None = None,
                 pred_aliases: Mapping[str, Iterable[str]] | None = None,
                 gold_units: Iterable[str] = ()):
        self._parent: dict[str, str] = {}
        # root → (canonical name, whether the gold chose it)
        self._canonical: dict[str, tuple[str, bool]] = {}
        for canon, others in (gold_aliases or {}).items():
            self._group(canon, others, from_gold=True)
        # Units the gold names without aliases are still units the gold keeps apart.
        for unit in gold_units:
            self._group(unit, (), from_gold=True)
        for canon, others in (pred_aliases or {}).items():
            self._group(canon, others, from_gold=False)
        self._map = {name: self._canonical[self._find(name)][0] for name in self._parent}
        self._longest = max((len(n) for n in self._map), default=0)

    def _find(self, name: str) -> str:
        while self._parent[name] != name:
            self._parent[name] = self._parent[self._parent[name]]
            name = self._parent[name]
        return name

    def _add(self, name: str, from_gold: bool) -> str:
        if name not in self._parent:
            self._parent[name] = name
            self._canonical[name] = (name, from_gold)
        return self._find(name)

    def _group(self, canon: Any, others: Iterable[Any], from_gold: bool) -> None:
        canon_n = norm_name(canon)
        if not canon_n:
            return
        root = self._add(canon_n, from_gold)
        if from_gold and not self._canonical[root][1]:
            self._canonical[root] = (canon_n, True)
        for other in others or ():
            other_n = norm_name(other)
            if not other_n:
                continue
            a, b = self._find(canon_n), self._add(other_n, from_gold)
            if a == b:
                continue
            ca, cb = self._canonical[a], self._canonical[b]
            if not from_gold and ca[1] and cb[1] and ca[0] != cb[0]:
                continue  # the prediction may not merge two gold units
            # The gold's canonical wins; between equals, the group's own canonical (a).
            keep = cb if cb[1] and not ca[1] else ca
            self._parent[b] = a
            self._canonical[a] = keep

    def canonical(self, name: Any) -> str:
        """The canonical form of one organisation (or place) name."""
        n = norm_name(name)
        return self._map.get(n, n)

    def post(self, org: Any, title: Any) -> str:
        """A post as one string: org and title joined, its leading unit made canonical.

        Joining first makes the split point irrelevant (``丁楼村党支部``+``书记`` equals
        ``丁楼村``+``党支部书记``); the longest known unit name at the start of the joined
        string is then replaced by its canonical form, which also catches aliases that
        only appear once the halves are joined.
        """
        joined = norm_name(org) + norm_name(title)
        for length in range(min(len(joined), self._longest), 0, -1):
            canon = self._map.get(joined[:length])
            if canon is not None:
                return canon + joined[length:]
        return joined


@dataclass
class FactSet:
    """Facts of one kind from one side; ``optional`` ones are neither required nor wrong."""

    required: set = field(default_factory=set)
    optional: set = field(default_factory=set)

    def add(self, fact: Any, optional: bool = False) -> None:
        """Record a fact; a fact required anywhere stays required."""
        (self.optional if optional else self.required).add(fact)

    def all(self) -> set:
        """Every fact, required or not (how a prediction's facts are read)."""
        return self.required | self.optional


@dataclass
class EventView:
    """One event, normalised: what alignment looks at and what facts come from."""

    label: str
    date: str | None
    location: str | None
    organizers: tuple[str, ...]
    # (name, roles, optional) per entry; a name may appear twice (a required entry and
    # an optional one carrying an extra role), so these stay lists.
    participants: list[tuple[str, tuple[str, ...], bool]]
    organizations: list[tuple[str, tuple[str, ...], bool]]

    @property
    def names(self) -> frozenset[str]:
        """Participant and unit names: the main evidence that two events are the same."""
        return frozenset(n for n, _, _ in self.participants) | frozenset(
            n for n, _, _ in self.organizations)


@dataclass
class ArticleView:
    """One article, normalised."""

    index: int
    title: str
    title_key: str
    people: frozenset[str]
    events: list[EventView]


@dataclass
class DocumentView:
    """A whole document: its articles plus the document-wide person and post facts."""

    articles: list[ArticleView]
    persons: FactSet
    posts: FactSet


# --- reading, with errors that say where ------------------------------------------------


def _list(value: Any, where: str, source: str) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise InputError(source, f"{where} must be a list")
    return value


def _dict(value: Any, where: str, source: str) -> dict:
    if not isinstance(value, dict):
        raise InputError(source, f"{where} must be an object")
    return value


def _text(value: Any, where: str, source: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    raise InputError(source, f"{where} must be a string or null")


def _roles(value: Any, where: str, source: str) -> tuple[str, ...]:
    roles = []
    for i, role in enumerate(_list(value, where, source)):
        text = _text(role, f"{where}[{i}]", source)
        if text and text.strip():
            roles.append(unicodedata.normalize("NFKC", text).strip().lower())
    return tuple(roles)


def check_format(doc: Any, source: str) -> dict:
    """Check the outer shape of a ``kg-gold/1`` document and return it."""
    if not isinstance(doc, dict):
        raise InputError(source, f"not a {FORMAT} document (top level is not an object)")
    if doc.get("format") != FORMAT:
        raise InputError(source, f"not a {FORMAT} document (format: {doc.get('format')!r})")
    _list(doc.get("articles"), "articles", source)
    aliases = doc.get("org_aliases")
    if aliases is not None:
        for canon, others in _dict(aliases, "org_aliases", source).items():
            _list(others, f"org_aliases[{canon!r}]", source)
    return doc


def unit_names(doc: Any) -> list[str]:
    """Every organisation or place name a document uses (for ``OrgNames(gold_units=…)``).

    Tolerant of a malformed document: ``read_document`` reports shape errors later.
    """
    names: list[str] = []

    def items(value: Any) -> list:
        return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []

    for art in items(doc.get("articles") if isinstance(doc, dict) else None):
        for person in items(art.get("persons")):
            names.extend(p.get("org") for p in items(person.get("posts")))
        for ev in items(art.get("events")):
            names.extend(o.get("name") for o in items(ev.get("organizations")))
            names.append(ev.get("location"))
            organizer = ev.get("organizer")
            if isinstance(organizer, str):
                for sep in _ORGANIZER_SEPARATORS[1:]:
                    organizer = organizer.replace(sep, _ORGANIZER_SEPARATORS[0])
                names.extend(organizer.split(_ORGANIZER_SEPARATORS[0]))
    return [n for n in names if isinstance(n, str) and n.strip()]


def _event(raw: Any, where: str, orgs: OrgNames, source: str) -> EventView:
    raw = _dict(raw, where, source)
    date = _text(raw.get("date"), f"{where}.date", source)
    date = norm_name(date).upper() or None
    location = _text(raw.get("location"), f"{where}.location", source)
    location = orgs.canonical(location) or None
    organizer = norm_name(_text(raw.get("organizer"), f"{where}.organizer", source))
    for sep in _ORGANIZER_SEPARATORS[1:]:
        organizer = organizer.replace(sep, _ORGANIZER_SEPARATORS[0])
    organizers = tuple(dict.fromkeys(
        orgs.canonical(o) for o in organizer.split(_ORGANIZER_SEPARATORS[0]) if o))
    participants = []
    for i, p in enumerate(_list(raw.get("participants"), f"{where}.participants", source)):
        pw = f"{where}.participants[{i}]"
        p = _dict(p, pw, source)
        name = norm_name(_text(p.get("name"), f"{pw}.name", source))
        if name:
            participants.append((name, _roles(p.get("roles"), f"{pw}.roles", source),
                                 bool(p.get("optional"))))
    organizations = []
    for i, o in enumerate(_list(raw.get("organizations"), f"{where}.organizations", source)):
        ow = f"{where}.organizations[{i}]"
        o = _dict(o, ow, source)
        name = orgs.canonical(_text(o.get("name"), f"{ow}.name", source))
        if name:
            organizations.append((name, _roles(o.get("roles"), f"{ow}.roles", source),
                                  bool(o.get("optional"))))
    label = norm_name(_text(raw.get("label"), f"{where}.label", source))
    return EventView(label, date, location, organizers, participants, organizations)


def read_document(doc: Any, orgs: OrgNames, source: str) -> DocumentView:
    """Normalise a document into articles and document-wide person/post facts.

    A person marked optional makes the person and all their posts optional; a post
    marked optional is optional on its own. Raises ``InputError`` naming the bad path.
    """
    check_format(doc, source)
    persons, posts = FactSet(), FactSet()
    articles = []
    for ai, art in enumerate(doc.get("articles") or []):
        aw = f"articles[{ai}]"
        art = _dict(art, aw, source)
        title = _text(art.get("title"), f"{aw}.title", source) or ""
        people = set()
        for pi, person in enumerate(_list(art.get("persons"), f"{aw}.persons", source)):
            pw = f"{aw}.persons[{pi}]"
            person = _dict(person, pw, source)
            name = norm_name(_text(person.get("name"), f"{pw}.name", source))
            if not name:
                continue
            people.add(name)
            person_optional = bool(person.get("optional"))
            persons.add(name, person_optional)
            for qi, post in enumerate(_list(person.get("posts"), f"{pw}.posts", source)):
                qw = f"{pw}.posts[{qi}]"
                post = _dict(post, qw, source)
                joined = orgs.post(_text(post.get("org"), f"{qw}.org", source),
                                   _text(post.get("title"), f"{qw}.title", source))
                if joined:
                    posts.add((name, joined), person_optional or bool(post.get("optional")))
        events = [_event(e, f"{aw}.events[{ei}]", orgs, source)
                  for ei, e in enumerate(_list(art.get("events"), f"{aw}.events", source))]
        for ev in events:
            people.update(n for n, _, _ in ev.participants)
        articles.append(ArticleView(ai, title, norm_title(title), frozenset(people), events))
    return DocumentView(articles, persons, posts)


def event_facts(ev: EventView, key: Any, facts: dict[str, FactSet],
                date: str | None = None) -> None:
    """Add the facts of one event under event ``key`` to ``facts`` (kind → FactSet).

    ``date`` overrides the event's own date: when a predicted date matches a gold
    wildcard date, the caller passes the gold spelling so the two compare equal.
    """
    facts["events"].add(key)
    # A participant entry marked optional makes presence and its roles optional; another,
    # required entry for the same name (FactSet keeps required over optional) wins.
    for name, roles, optional in ev.participants:
        facts["participants"].add((key, name), optional)
        for role in roles:
            facts["roles"].add((key, name, role), optional)
    for name, roles, optional in ev.organizations:
        for role in roles:
            facts["org_roles"].add((key, name, role), optional)
    date = date if date is not None else ev.date
    if date:
        facts["dates"].add((key, date))
    if ev.location:
        facts["locations"].add((key, ev.location))
    for org in ev.organizers:
        facts["organizers"].add((key, org))
