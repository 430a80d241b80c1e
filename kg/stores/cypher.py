"""One Cypher text for FalkorDB and Neo4j: the property-graph projection of the records.

Graph model (documented once here; ``queries/*.cypher`` rely on it):

- Nodes ``Person {id, name, disambiguator}``, ``Organization {id, name, aliases, kind}``,
  ``Post {id, name, label, org, title}``, ``Event {id, name, label, type, date, end_date,
  date_inferred, part_of_day, location, article_id}`` (``location``: the place as the text
  states it), ``Place {id, name, level, code, aliases, longitude, latitude}`` (``kg.places``;
  ``code`` the GB/T 2260 code of a division), ``Article {id, name, title, date, publication,
  source, kicker, subtitle, authors, source_id}``. Ids are the model's deterministic ids; an
  organization only named (Post.org, Event.organizer, Organization.parent) is
  ``make_id("org", name)`` unless the same record lists it under that name. Ids FalkorDB's
  index cannot look up (edge whitespace, over 1 KB) are replaced by ``safe_id`` on both engines.
- Facts from ONE article carry scalar evidence ``article_id, sentence, quote, start, end``:
  ``PARTICIPATED_IN {role, order, optional}`` (one per role), ``LOCATED_AT`` (Event to each
  Place its location names), ``ORGANIZED_BY``, ``REPORTED_IN`` (Event to Article) and
  ``AUTHORED {role}``.
- Facts that many articles attest are ONE relationship with parallel evidence lists
  ``article_ids, sentences, quotes, starts, ends`` (index i = one attestation):
  ``HOLDS`` (plus ``dates, optionals`` and ``first_date``/``last_date`` = min/max of the
  non-empty dates), ``POST_IN`` (evidence: the article's first HOLDS of that post),
  ``SUB_ORGANIZATION_OF``, ``PART_OF`` (Place to its parent Place) and ``IN_PLACE``
  (Organization to the Place its name starts with); the last three have no span in the
  model: sentence "", start = end = -1.
  Removing an article filters its entries out of the lists (exact), and deletes the
  relationship when none are left. Missing dates are "" inside lists because Neo4j
  cannot store null in a list.
- Only nodes at the end of some fact are written (plus every Article); after a delete,
  nodes the deleted facts touched that have no relationship left are removed.
- Node properties: a full record (Person, Organization, Post) wins over a mere name;
  between articles the last written wins (``kg reindex`` rewrites in article-id order).

Dates are ISO strings (FalkorDB has no date parameters). Data only ever travels as
parameters; labels and relationship types formatted into the text come from the fixed
tuples below.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from kg.model import Extraction, make_id
from kg.stores.base import GraphStore

LABELS = ("Person", "Organization", "Post", "Event", "Place", "Article")
SINGLE = ("PARTICIPATED_IN", "LOCATED_AT", "ORGANIZED_BY", "REPORTED_IN", "AUTHORED")
MULTI = ("HOLDS", "POST_IN", "SUB_ORGANIZATION_OF", "PART_OF", "IN_PLACE")
REL_TYPES = MULTI + SINGLE
EVIDENCE_LISTS = ("article_ids", "sentences", "quotes", "starts", "ends")
HOLDS_LISTS = EVIDENCE_LISTS + ("dates", "optionals")
BATCH = 5000

# --- statements -------------------------------------------------------------------


def _check(*names: str) -> None:
    for n in names:
        if n not in LABELS and n not in REL_TYPES:
            raise ValueError(f"not a whitelisted label or type: {n!r}")


def merge_nodes(label: str) -> str:
    _check(label)
    return f"UNWIND $rows AS r MERGE (n:{label} {{id: r.id}}) SET n += r.props"


def merge_single(rel: str, src: str, dst: str) -> str:
    """One relationship per (endpoints, article[, role]); MERGE keeps re-writes idempotent."""
    _check(rel, src, dst)
    role = ", role: r.role" if rel in ("PARTICIPATED_IN", "AUTHORED") else ""
    return (
        f"UNWIND $rows AS r MATCH (a:{src} {{id: r.src}}) MATCH (b:{dst} {{id: r.dst}}) "
        f"MERGE (a)-[x:{rel} {{article_id: r.article_id{role}}}]->(b) SET x += r.props"
    )


def _min_max(var: str) -> str:
    pick = "CASE WHEN d = '' THEN m WHEN m IS NULL OR d {op} m THEN d ELSE m END"
    return (
        f"x.first_date = reduce(m = null, d IN {var} | {pick.format(op='<')}), "
        f"x.last_date = reduce(m = null, d IN {var} | {pick.format(op='>')})"
    )


def _list_sets(rel: str) -> tuple[tuple[str, ...], str]:
    """The evidence lists of a multi relationship and the SET of each from the variable
    of its name (a HOLDS also gets its first and last date from its dates)."""
    lists = HOLDS_LISTS if rel == "HOLDS" else EVIDENCE_LISTS
    sets = ", ".join(f"x.{k} = {k}" for k in lists)
    if rel == "HOLDS":
        sets += ", " + _min_max("dates")
    return lists, sets


def merge_multi(rel: str, src: str, dst: str) -> str:
    """Append this batch's attestations to the lists (rows are grouped per endpoints
    beforehand: FalkorDB's MERGE does not see its own earlier rows of one UNWIND)."""
    _check(rel, src, dst)
    lists, sets = _list_sets(rel)
    appended = ", ".join(f"coalesce(x.{k}, []) + r.{k} AS {k}" for k in lists)
    return (
        f"UNWIND $rows AS r MATCH (a:{src} {{id: r.src}}) MATCH (b:{dst} {{id: r.dst}}) "
        f"MERGE (a)-[x:{rel}]->(b) WITH x, {appended} SET {sets}"
    )


def delete_single(rel: str) -> str:
    _check(rel)
    return (
        f"MATCH (a)-[x:{rel}]->(b) WHERE x.article_id IN $ids "
        "WITH x, labels(a)[0] AS al, a.id AS aid, labels(b)[0] AS bl, b.id AS bid "
        "DELETE x RETURN DISTINCT al, aid, bl, bid"
    )


def prune_multi(rel: str) -> str:
    """Drop these articles' entries from the evidence lists; returns the endpoints."""
    _check(rel)
    lists, sets = _list_sets(rel)
    kept = ", ".join(f"[i IN keep | x.{k}[i]] AS {k}" for k in lists)
    return (
        f"MATCH (a)-[x:{rel}]->(b) WHERE any(i IN x.article_ids WHERE i IN $ids) "
        "WITH a, b, x, [i IN range(0, size(x.article_ids) - 1) "
        "WHERE NOT x.article_ids[i] IN $ids] AS keep "
        f"WITH a, b, x, {kept} SET {sets} "
        "RETURN DISTINCT labels(a)[0] AS al, a.id AS aid, labels(b)[0] AS bl, b.id AS bid"
    )


def delete_empty(rel: str) -> str:
    _check(rel)
    return f"MATCH ()-[x:{rel}]->() WHERE size(x.article_ids) = 0 DELETE x"


def delete_orphans(label: str) -> str:
    _check(label)
    return (
        f"UNWIND $ids AS id MATCH (n:{label} {{id: id}}) OPTIONAL MATCH (n)-[x]-() "
        "WITH n, count(x) AS degree WHERE degree = 0 DELETE n"
    )


EXISTING_ARTICLES = "MATCH (n:Article) WHERE n.id IN $ids RETURN n.id AS id"
DELETE_ARTICLES = "MATCH (n:Article) WHERE n.id IN $ids DETACH DELETE n"
COUNT_NODES = "MATCH (n) RETURN labels(n)[0] AS label, count(n) AS count"
COUNT_RELS = "MATCH ()-[x]->() RETURN type(x) AS type, count(x) AS count"


NAME_INDEXES = (("Person", "name"), ("Organization", "name"), ("Event", "label"), ("Place", "name"))


def falkordb_schema() -> list[str]:
    """FalkorDB dialect: anonymous range indexes (no names, no IF NOT EXISTS, no
    constraints in Cypher); the caller skips the ones that already exist."""
    nodes = [f"CREATE INDEX FOR (n:{label}) ON (n.id)" for label in LABELS]
    names = [f"CREATE INDEX FOR (n:{label}) ON (n.{prop})" for label, prop in NAME_INDEXES]
    rels = [f"CREATE INDEX FOR ()-[x:{rel}]-() ON (x.article_id)" for rel in SINGLE]
    return nodes + names + rels


def neo4j_schema() -> list[str]:
    """Neo4j dialect: the named IF NOT EXISTS constraints and indexes of schema/neo4j.cypher."""
    text = resources.files("kg.schema").joinpath("neo4j.cypher").read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if not ln.strip().startswith("//")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


# --- rows from records -------------------------------------------------------------


@dataclass
class GraphRows:
    """Parameter rows for one batch of articles, grouped by statement."""

    nodes: dict[str, dict[str, dict[str, Any]]] = field(default_factory=lambda: defaultdict(dict))
    single: dict[tuple[str, str, str], dict[tuple, dict]] = field(default_factory=lambda: defaultdict(dict))
    multi: dict[tuple[str, str, str], dict[tuple[str, str], dict]] = field(default_factory=lambda: defaultdict(dict))

    def node(self, label: str, node_id: str, props: dict[str, Any], *, full: bool = True) -> str:
        """Add a node; a full record's properties win over a mere name (a stub)."""
        node_id = safe_id(node_id)
        current = self.nodes[label].get(node_id)
        if current is None:
            self.nodes[label][node_id] = {"id": node_id, **props}
        elif full:
            current.update(props)
        else:
            for k, v in props.items():
                current.setdefault(k, v)
        return node_id

    def one(self, rel: str, src: tuple[str, str], dst: tuple[str, str], article_id: str,
            evidence: Any, role: str | None = None, **props: Any) -> None:
        src, dst, article_id = (src[0], safe_id(src[1])), (dst[0], safe_id(dst[1])), safe_id(article_id)
        key = (src[1], dst[1], article_id, role)
        rows = self.single[(rel, src[0], dst[0])]
        if key not in rows:  # the first statement of a duplicated fact wins
            ev = _evidence(evidence)
            row = {"src": src[1], "dst": dst[1], "article_id": article_id, "props": {**ev, **props}}
            if role is not None:
                row["role"] = role
            rows[key] = row

    def many(self, rel: str, src: tuple[str, str], dst: tuple[str, str], article_id: str,
             evidence: Any, **extra: Any) -> None:
        article_id = safe_id(article_id)
        row = self.multi[(rel, src[0], dst[0])].setdefault((src[1], dst[1]), {"src": src[1], "dst": dst[1]})
        ev = _evidence(evidence)
        for k, v in (("article_ids", article_id), ("sentences", ev["sentence"]), ("quotes", ev["quote"]),
                     ("starts", ev["start"]), ("ends", ev["end"]), *extra.items()):
            row.setdefault(k, []).append(v)


def safe_id(value: str) -> str:
    """The id as stored: FalkorDB's range index cannot find strings with leading or
    trailing whitespace, or longer than 4 KB (MERGE then duplicates them, measured on
    4.16.3), so such ids (only article ids come from outside) become ``key:`` + a hash;
    the Article keeps the original in ``source_id``. Applied on both engines alike."""
    if value and value == value.strip() and len(value.encode("utf-8")) <= 1024:
        return value
    return "key:" + hashlib.sha1(value.encode("utf-8")).hexdigest()[:24]


def _evidence(ev: Any) -> dict[str, Any]:
    if ev is None:
        return {"sentence": "", "quote": "", "start": -1, "end": -1}
    return {"sentence": ev.sentence, "quote": ev.quote, "start": ev.start, "end": ev.end}


def graph_rows(extractions: Iterable[Extraction]) -> GraphRows:
    """Turn records into rows: the whole mapping from model to property graph."""
    g = GraphRows()
    for ex in extractions:
        _add_extraction(g, ex)
    return g


def _add_extraction(g: GraphRows, ex: Extraction) -> None:
    a = ex.article
    art = ("Article", g.node("Article", a.id, {
        "name": a.title, "title": a.title, "date": a.date, "publication": a.publication,
        "source": a.source, "kicker": a.kicker, "subtitle": a.subtitle, "authors": list(a.authors),
        "source_id": a.id if safe_id(a.id) != a.id else None}))
    people = {p.id: p for p in ex.persons}
    orgs = {o.name: o for o in ex.organizations}
    posts = {p.id: p for p in ex.posts}

    def person(pid: str, name: str | None = None) -> tuple[str, str]:
        p = people.get(pid)
        if p is not None:
            return ("Person", g.node("Person", pid, {"name": p.name, "disambiguator": p.disambiguator}))
        return ("Person", g.node("Person", pid, {"name": name} if name else {}, full=False))

    def org(name: str, org_id: str | None = None) -> tuple[str, str]:
        o = orgs.get(name)
        if o is not None and org_id in (None, o.id):
            return ("Organization", g.node("Organization", o.id, {
                "name": o.name, "aliases": list(o.aliases), "kind": o.kind}))
        return ("Organization", g.node("Organization", org_id or make_id("org", name), {"name": name}, full=False))

    places = {p.id: ("Place", g.node("Place", p.id, {
        "name": p.name, "level": p.level, "code": p.code, "aliases": list(p.aliases), "longitude": p.longitude,
        "latitude": p.latitude})) for p in ex.places}
    for p in ex.places:
        if p.parent in places:
            g.many("PART_OF", places[p.id], places[p.parent], a.id, None)
    for o in ex.organizations:  # a parent is a fact even when nothing else names the org
        if o.parent and o.parent != o.name:
            g.many("SUB_ORGANIZATION_OF", org(o.name), org(o.parent), a.id, None)
        if o.place in places:
            g.many("IN_PLACE", org(o.name, o.id), places[o.place], a.id, None)
    post_evidence: dict[str, Any] = {}
    for h in ex.holds:
        post = posts.get(h.post_id)
        if post is None:
            continue  # a holding of an unknown post cannot be labelled; skip it
        node = ("Post", g.node("Post", post.id, {"name": post.label, "label": post.label,
                                                 "org": post.org, "title": post.title}))
        g.many("HOLDS", person(h.person_id), node, a.id, h.evidence,
               dates=h.date or a.date or "", optionals=h.optional)
        if post.id not in post_evidence:
            post_evidence[post.id] = h.evidence
            g.many("POST_IN", node, org(post.org), a.id, h.evidence)
    for e in ex.events:
        ev = ("Event", g.node("Event", e.id, {
            "name": e.label, "label": e.label, "type": e.type, "date": e.date, "end_date": e.end_date,
            "date_inferred": e.date_inferred, "part_of_day": e.part_of_day, "location": e.location,
            "article_id": safe_id(e.article_id)}))
        g.one("REPORTED_IN", ev, art, a.id, e.evidence)
        for place_id in e.places:
            if place_id in places:
                g.one("LOCATED_AT", ev, places[place_id], a.id, e.evidence)
        if e.organizer:
            g.one("ORGANIZED_BY", ev, org(e.organizer), a.id, e.evidence)
    for p in ex.participations:
        who = (person(p.participant_id, p.participant_name) if p.participant_kind == "person"
               else org(p.participant_name, p.participant_id))
        g.one("PARTICIPATED_IN", who, ("Event", p.event_id), a.id, p.evidence, role=p.role,
              order=p.order, optional=p.optional)
    for au in ex.authorships:
        g.one("AUTHORED", person(au.person_id), art, a.id, au.evidence, role=au.role)


def batches(rows: Sequence[Any], size: int = BATCH) -> Iterator[list[Any]]:
    for i in range(0, len(rows), size):
        yield list(rows[i:i + size])


# --- the shared store logic ------------------------------------------------------


class CypherStore(GraphStore):
    """Write/delete/stats in the shared Cypher; subclasses only run statements."""

    language = "cypher"

    def _run(self, text: str, params: dict[str, Any] | None = None, *, read_only: bool = False,
             timeout: float | None = None) -> list[dict[str, Any]]:
        raise NotImplementedError

    def write(self, extractions: Sequence[Extraction]) -> None:
        """Replace these articles' facts: delete the ones already stored, then MERGE."""
        extractions = list({ex.article.id: ex for ex in extractions}.values())  # last wins
        ids = [safe_id(ex.article.id) for ex in extractions]
        existing = [r["id"] for chunk in batches(ids) for r in self._run(EXISTING_ARTICLES, {"ids": chunk})]
        if existing:
            self.delete_articles(existing)
        g = graph_rows(extractions)
        for label in LABELS:  # nodes first: the relationship statements MATCH them
            rows = [{"id": k, "props": v} for k, v in g.nodes.get(label, {}).items()]
            for chunk in batches(rows):
                self._run(merge_nodes(label), {"rows": chunk})
        for (rel, src, dst), rows in g.single.items():
            for chunk in batches(list(rows.values())):
                self._run(merge_single(rel, src, dst), {"rows": chunk})
        for (rel, src, dst), rows in g.multi.items():
            for chunk in batches(list(rows.values())):
                self._run(merge_multi(rel, src, dst), {"rows": chunk})

    def delete_articles(self, article_ids: Iterable[str]) -> None:
        """Remove these articles' facts, then the nodes they leave without any."""
        touched: dict[str, set[str]] = defaultdict(set)
        for chunk in batches([safe_id(i) for i in article_ids]):
            params = {"ids": chunk}
            for rel in SINGLE:
                rows = self._run(delete_single(rel), params)
                for r in rows:
                    touched[r["al"]].add(r["aid"])
                    touched[r["bl"]].add(r["bid"])
            for rel in MULTI:
                for r in self._run(prune_multi(rel), params):
                    touched[r["al"]].add(r["aid"])
                    touched[r["bl"]].add(r["bid"])
                self._run(delete_empty(rel))
            self._run(DELETE_ARTICLES, params)
        for label, node_ids in touched.items():
            if label in LABELS and label != "Article":
                for chunk in batches(sorted(node_ids)):
                    self._run(delete_orphans(label), {"ids": chunk})

    def stats(self) -> dict[str, Any]:
        """``{"nodes": {label: n}, "relationships": {type: n}}`` with every known key."""
        nodes = dict.fromkeys(LABELS, 0)
        rels = dict.fromkeys(REL_TYPES, 0)
        for r in self._run(COUNT_NODES):
            nodes[r["label"]] = r["count"]
        for r in self._run(COUNT_RELS):
            rels[r["type"]] = r["count"]
        return {"nodes": nodes, "relationships": rels}

    def query(self, text: str, params: dict[str, Any] | None = None, *, write: bool = False,
              timeout: float | None = None) -> list[dict[str, Any]]:
        """Run Cypher; read-only unless ``write`` (the store refuses CREATE, SET, DELETE,
        MERGE: it is a projection of the records, which ``kg reindex`` would restore),
        stopped after ``timeout`` seconds when given."""
        return self._run(text, params or {}, read_only=not write, timeout=timeout)
