"""Extraction records -> RDF: the vocabulary of ``schema/kg.ttl`` applied to the model.

Design (see ``schema/kg.ttl`` for the terms and their alignments):

* Every fact from one article goes into that article's named graph
  ``<base>graph/<hash of article id>``: the article, its events, participations,
  memberships, evidence, and ``schema:mentions`` links to the shared nodes it uses.
  Dropping that graph removes exactly the article's contribution.
* Shared nodes (persons, organizations, places, posts, titles, memberships) are
  described once, in the entities graph ``<base>graph/entities``: their type,
  ``kg:id``, name, an organization's aliases, parent and place, and a place's level, code,
  coordinates and parent come with the resolved record (a membership's person and post
  with its id), so writing them
  again changes nothing. Stated in each article graph instead, they would repeat in the
  union default graph once per article (Oxigraph does not deduplicate the union), and a
  query through a place named by a thousand articles would multiply its rows a
  thousandfold. The stores remove a shared node once no article mentions it.
* IRIs are minted from model ids (themselves hashes), never from names or text. Whatever
  is used in an IRI path is percent-encoded down to ``[A-Za-z0-9-_.]`` so a hostile name
  or id cannot close an IRI or inject syntax; pyoxigraph also rejects invalid IRIs.
* Participations follow SEM's reified pattern (event ``sem:hasActor`` a ``kg:Participation``
  whose ``rdf:value`` is the actor and ``sem:roleType`` the role); memberships follow W3C
  ORG (``org:Membership`` with ``org:member``, ``org:organization``, ``org:role`` and
  ``kg:post``), one per person and post, shared: each attesting article states its
  ``kg:date`` and ``kg:evidence`` for it in its own graph. Shortcuts for simple consumers:
  ``schema:attendee`` and ``org:holds``.
* Places (``kg.places``) are ``schema:Place`` nodes ``<base>place/H`` in one tree
  (``schema:containedInPlace``, up to a country); an event is ``schema:location`` each place
  its location names and keeps the location as written (``kg:locationText``); an
  organization is ``schema:location`` the place its name starts with.
* Evidence is a Web Annotation ``oa:SpecificResource`` on the article with a position and
  a quote selector plus the whole sentence (``kg:sentence``).
"""

from __future__ import annotations

import datetime as _dt
import re

from pyoxigraph import Literal, NamedNode, Quad

from kg.errors import KgError
from kg.model import UNKNOWN_YEAR, Event, Evidence, Extraction, Organization, Place, make_id
from kg.places import location_only
from kg.stores.rdf.iris import (
    DEFAULT_BASE,
    OA,
    ORG,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SEM,
    SKOS,
    XSD,
    article_iri,
    check_base,
    entities_graph_iri,
    entity_iri,
    graph_iri,
    ontology_ns,
    pct,
    short_hash,
)

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def valid_date(value: str | None) -> str | None:
    """``value`` if it is a real ISO calendar date, else ``None`` (never an ill-typed literal)."""
    if not value or not _DATE_RE.match(value):
        return None
    try:
        _dt.date.fromisoformat(value)
    except ValueError:
        return None
    return value


def month_day(value: str | None) -> str | None:
    """``--MM-DD`` for a date whose year is unknown (``XXXX-01-05``), else None."""
    if not value or not value.startswith(UNKNOWN_YEAR + "-"):
        return None
    return valid_date("2000" + value[len(UNKNOWN_YEAR):]) and "--" + value[len(UNKNOWN_YEAR) + 1 :]


_TERMS: dict[str, NamedNode] = {}


def _n(ns: str, local: str) -> NamedNode:
    """A vocabulary term (cached: building a NamedNode parses its IRI)."""
    iri = ns + local
    node = _TERMS.get(iri)
    if node is None:
        node = _TERMS[iri] = NamedNode(iri)
    return node


A = _n(RDF, "type")
MENTIONS = _n(SCHEMA, "mentions")
LABEL = _n(RDFS, "label")
VALUE = _n(RDF, "value")
XSD_DATE = _n(XSD, "date")
XSD_DECIMAL = _n(XSD, "decimal")


def _zh(text: str) -> Literal:
    return Literal(text, language="zh")


def _date(value: str) -> Literal:
    return Literal(value, datatype=XSD_DATE)


def _decimal(value: float) -> str:
    """A coordinate as an xsd:decimal lexical form (never an exponent)."""
    return f"{value:.6f}".rstrip("0").rstrip(".")


def _month_day(value: str) -> Literal:
    return Literal(month_day(value), datatype=_n(XSD, "gMonthDay"))


_OWN_TERMS: dict[tuple[str, str], NamedNode] = {}


class _Mapper:
    """Accumulates the triples of one extraction, deduplicated in insertion order."""

    def __init__(self, extraction: Extraction, base: str):
        self.x = extraction
        self.base = base
        self.kg = ontology_ns(base)
        self.out: dict[tuple, None] = {}  # the article graph
        self.shared: dict[tuple, None] = {}  # the entities graph
        self.article = article_iri(extraction.article.id, base)
        self.orgs = {o.name: o for o in extraction.organizations}
        self.names = {p.id: p.name for p in extraction.persons}

    def k(self, local: str) -> NamedNode:
        # our own terms; ``local`` may come from data (an unexpected role), so encode it
        key = (self.kg, local)
        node = _OWN_TERMS.get(key)
        if node is None:
            node = NamedNode(self.kg + pct(local))
            if len(_OWN_TERMS) < 10_000:  # bounded: ``local`` may come from data
                _OWN_TERMS[key] = node
        return node

    def add(self, s, p, o) -> None:
        self.out[(s, p, o)] = None

    def entity(self, s, p, o) -> None:
        """A triple describing a shared node (entities graph); the article mentions it."""
        self.shared[(s, p, o)] = None
        self.out[(self.article, MENTIONS, s)] = None

    def iri(self, kind: str, *parts: object) -> NamedNode:
        return NamedNode(f"{self.base}{kind}/{short_hash(*parts)}")

    # -- nodes -------------------------------------------------------------------------
    def article_node(self) -> None:
        a, art = self.article, self.x.article
        self.add(a, A, _n(SCHEMA, "NewsArticle"))
        self.add(a, self.k("id"), Literal(art.id))
        if art.title:
            self.add(a, _n(SCHEMA, "headline"), _zh(art.title))
        if art.subtitle:
            self.add(a, _n(SCHEMA, "alternativeHeadline"), _zh(art.subtitle))
        if valid_date(art.date):
            self.add(a, _n(SCHEMA, "datePublished"), _date(art.date))
        if art.publication:
            self.add(a, self.k("publication"), _zh(art.publication))
        if art.source:
            self.add(a, self.k("source"), Literal(art.source))

    def person(self, person_id: str, name: str | None = None) -> NamedNode:
        node = entity_iri("person", person_id, self.base)
        name = name or self.names.get(person_id)
        self.entity(node, A, _n(SCHEMA, "Person"))
        self.entity(node, self.k("id"), Literal(person_id))
        if name:
            self.entity(node, LABEL, _zh(name))
        return node

    def org(self, name: str) -> NamedNode:
        """Node for an organization named ``name`` (as in the model, by name)."""
        known: Organization | None = self.orgs.get(name)
        org_id = known.id if known else make_id("org", name)
        node = entity_iri("org", org_id, self.base)
        self.entity(node, A, _n(SCHEMA, "Organization"))
        self.entity(node, A, _n(ORG, "Organization"))
        self.entity(node, self.k("id"), Literal(org_id))
        self.entity(node, LABEL, _zh(name))
        return node

    def place(self, p: Place) -> NamedNode:
        """Node for a place, described in full (the tree above it by ``places_``)."""
        node = entity_iri("place", p.id, self.base)
        self.entity(node, A, _n(SCHEMA, "Place"))
        self.entity(node, self.k("id"), Literal(p.id))
        self.entity(node, LABEL, _zh(p.name))
        for alias in p.aliases:
            self.entity(node, _n(SKOS, "altLabel"), _zh(alias))
        self.entity(node, self.k("placeLevel"), self.k(p.level))
        if p.code:
            self.entity(node, self.k("divisionCode"), Literal(p.code))
        if p.longitude is not None and p.latitude is not None:
            self.entity(node, _n(SCHEMA, "longitude"), Literal(_decimal(p.longitude), datatype=XSD_DECIMAL))
            self.entity(node, _n(SCHEMA, "latitude"), Literal(_decimal(p.latitude), datatype=XSD_DECIMAL))
        return node

    def places_(self) -> dict[str, NamedNode]:
        nodes = {p.id: self.place(p) for p in self.x.places}
        for p in self.x.places:
            if p.parent in nodes:
                self.entity(nodes[p.id], _n(SCHEMA, "containedInPlace"), nodes[p.parent])
        return nodes

    def evidence(self, ev: Evidence) -> NamedNode:
        node = self.iri("evidence", ev.article_id, ev.start, ev.end)
        pos = NamedNode(f"{node.value}/position")
        quote = NamedNode(f"{node.value}/quote")
        self.add(node, A, self.k("Evidence"))
        self.add(node, A, _n(OA, "SpecificResource"))
        self.add(node, _n(OA, "hasSource"), article_iri(ev.article_id, self.base))
        self.add(node, _n(OA, "hasSelector"), pos)
        self.add(node, _n(OA, "hasSelector"), quote)
        self.add(node, self.k("sentence"), _zh(ev.sentence))
        self.add(pos, A, _n(OA, "TextPositionSelector"))
        self.add(pos, _n(OA, "start"), Literal(ev.start))
        self.add(pos, _n(OA, "end"), Literal(ev.end))
        self.add(quote, A, _n(OA, "TextQuoteSelector"))
        self.add(quote, _n(OA, "exact"), Literal(ev.quote))
        return node

    def derived(self, node: NamedNode, ev: Evidence) -> None:
        self.add(node, self.k("evidence"), self.evidence(ev))
        self.add(node, _n(PROV, "wasDerivedFrom"), self.article)

    # -- facts -------------------------------------------------------------------------
    def organizations(self, places: dict[str, NamedNode]) -> None:
        locations = location_only(self.x)  # a location the extractor named so is no organization
        for o in self.x.organizations:
            if o.name in locations:
                continue
            node = self.org(o.name)
            if o.place in places:
                self.entity(node, _n(SCHEMA, "location"), places[o.place])
            # aliases and the parent belong to the resolved organization record, so they
            # are shared too: repeated per article, a parent edge would multiply paths
            for alias in o.aliases:
                self.entity(node, _n(SKOS, "altLabel"), _zh(alias))
            if o.parent:
                self.entity(node, _n(ORG, "subOrganizationOf"), self.org(o.parent))

    def persons_(self) -> None:
        for p in self.x.persons:
            node = self.person(p.id, p.name)
            if p.disambiguator:
                self.entity(node, self.k("disambiguator"), _zh(p.disambiguator))

    def posts(self) -> dict[str, tuple[NamedNode, NamedNode, NamedNode]]:
        out = {}
        for post in self.x.posts:
            node = entity_iri("post", post.id, self.base)
            org = self.org(post.org)
            # whatever has posts acts as an organization (a district 青山区 is also a place)
            self.entity(org, A, _n(ORG, "Organization"))
            role = self.iri("role", post.title)
            # a post's org and title follow from its id, so they are shared too
            self.entity(node, A, _n(ORG, "Post"))
            self.entity(node, self.k("id"), Literal(post.id))
            self.entity(node, LABEL, _zh(post.label))
            self.entity(node, _n(ORG, "postIn"), org)
            self.entity(node, _n(ORG, "role"), role)
            self.entity(role, A, _n(ORG, "Role"))
            self.entity(role, LABEL, _zh(post.title))
            out[post.id] = (node, org, role)
        return out

    def holds(self, posts: dict) -> None:
        for h in self.x.holds:
            if h.post_id not in posts:
                raise KgError(f"article {self.x.article.id!r}: holds refers to unknown post {h.post_id!r}")
            post, org, role = posts[h.post_id]
            person = self.person(h.person_id)
            # one membership per (person, post), shared like the post: what it relates is
            # fixed by its id. What an article says about it (the date it is attested on,
            # the evidence) goes in the article's graph, so the union holds every
            # attestation and dropping the article drops exactly its own. A query for
            # first and last dates then reads one membership's dates instead of joining
            # thousands of per-article membership nodes.
            m = self.iri("membership", h.person_id, h.post_id)
            self.add(person, _n(ORG, "holds"), post)
            self.entity(m, A, _n(ORG, "Membership"))
            self.entity(m, _n(ORG, "member"), person)
            self.entity(m, _n(ORG, "organization"), org)
            self.entity(m, _n(ORG, "role"), role)
            self.entity(m, self.k("post"), post)
            date = valid_date(h.date) or valid_date(self.x.article.date)
            if date:
                self.add(m, self.k("date"), _date(date))
            if h.optional:
                self.add(m, self.k("optional"), Literal(True))
            self.derived(m, h.evidence)

    def event(self, e: Event, places: dict[str, NamedNode]) -> NamedNode:
        node = entity_iri("event", e.id, self.base)
        self.add(node, A, _n(SCHEMA, "Event"))
        self.add(node, A, _n(SEM, "Event"))
        self.add(node, self.k("id"), Literal(e.id))
        self.add(node, LABEL, _zh(e.label))
        self.add(node, self.k("eventType"), self.k(e.type))
        # a date whose year the text never states is an xsd:gMonthDay (--01-05)
        if valid_date(e.date):
            self.add(node, _n(SCHEMA, "startDate"), _date(e.date))
        elif month_day(e.date):
            self.add(node, _n(SCHEMA, "startDate"), _month_day(e.date))
        if valid_date(e.end_date):
            self.add(node, _n(SCHEMA, "endDate"), _date(e.end_date))
        elif month_day(e.end_date):
            self.add(node, _n(SCHEMA, "endDate"), _month_day(e.end_date))
        if e.date_inferred:
            self.add(node, self.k("dateInferred"), Literal(True))
        if e.part_of_day:
            self.add(node, self.k("partOfDay"), Literal(e.part_of_day))
        if e.location:
            self.add(node, self.k("locationText"), _zh(e.location))
        for place_id in e.places:
            if place_id in places:
                self.add(node, _n(SCHEMA, "location"), places[place_id])
        if e.organizer:
            self.add(node, _n(SCHEMA, "organizer"), self.org(e.organizer))
        self.derived(node, e.evidence)
        return node

    def events_and_participations(self, places: dict[str, NamedNode]) -> None:
        events = {e.id: self.event(e, places) for e in self.x.events}
        seen: dict[tuple[str, str, str], NamedNode] = {}
        # lowest order first, so a participation restated in the article keeps its first mention
        for p in sorted(self.x.participations, key=lambda p: p.order):
            if p.event_id not in events:
                raise KgError(f"article {self.x.article.id!r}: participation in unknown event {p.event_id!r}")
            event = events[p.event_id]
            actor = self.person(p.participant_id, p.participant_name) if p.participant_kind == "person" else self.org(p.participant_name)
            key = (p.event_id, p.participant_id, p.role)
            node = self.iri("participation", *key)
            if key not in seen:
                seen[key] = node
                self.add(node, A, self.k("Participation"))
                self.add(node, A, _n(SEM, "Role"))
                self.add(node, VALUE, actor)
                self.add(node, self.k("event"), event)
                self.add(node, _n(SEM, "roleType"), self.k(p.role))
                self.add(node, self.k("order"), Literal(p.order))
                self.add(event, _n(SEM, "hasActor"), node)
                self.add(event, _n(SCHEMA, "attendee"), actor)
                if p.optional:
                    self.add(node, self.k("optional"), Literal(True))
            self.derived(node, p.evidence)

    def authorships(self) -> None:
        for au in self.x.authorships:
            person = self.person(au.person_id)
            node = self.iri("authorship", au.person_id, au.article_id, au.role)
            article = article_iri(au.article_id, self.base)
            self.add(article, _n(SCHEMA, "author"), person)
            self.add(node, A, self.k("Authorship"))
            self.add(node, _n(SCHEMA, "author"), person)
            self.add(node, self.k("article"), article)
            self.add(node, self.k("authorRole"), _zh(au.role))
            self.derived(node, au.evidence)

    def run(self) -> tuple[list[tuple], list[tuple]]:
        """(article graph triples, entities graph triples)."""
        self.article_node()
        places = self.places_()
        self.organizations(places)
        self.persons_()
        posts = self.posts()
        self.holds(posts)
        self.events_and_participations(places)
        self.authorships()
        return list(self.out), list(self.shared)


def extraction_to_triples(extraction: Extraction, base_iri: str = DEFAULT_BASE) -> list[tuple]:
    """The (subject, predicate, object) pyoxigraph terms stating one article's facts,
    its own and the descriptions of the shared nodes it mentions.

    Deterministic: the same extraction always gives the same triples in the same order.
    """
    own, shared = _Mapper(extraction, check_base(base_iri)).run()
    return own + shared


def extraction_to_quads(extraction: Extraction, base_iri: str = DEFAULT_BASE) -> list[Quad]:
    """The article's own triples in its named graph (``graph_iri``), then the shared
    nodes' descriptions in the entities graph (``entities_graph_iri``)."""
    own, shared = split_quads(extraction, base_iri)
    return own + shared


def split_quads(extraction: Extraction, base_iri: str = DEFAULT_BASE) -> tuple[list[Quad], list[Quad]]:
    """(quads in the article's graph, quads in the entities graph) of one extraction."""
    g = graph_iri(extraction.article.id, check_base(base_iri))
    e = entities_graph_iri(base_iri)
    own, shared = _Mapper(extraction, base_iri).run()
    return [Quad(s, p, o, g) for s, p, o in own], [Quad(s, p, o, e) for s, p, o in shared]
