"""Does a store still hold what the records say? Fingerprints and a full check.

- ``fingerprint(ws, name)``: a quick summary of a store as it is (counts per node label
  and relationship type plus a digest of every node's label, id and name for Cypher;
  the number of quads and of graphs for RDF). Recorded in the records' ``meta`` after
  every finished write by kg (``fingerprint:NAME``); ``kg ingest`` compares it before it
  writes, so a store changed behind kg's back (``kg cypher --write``, another client, a
  damaged file) is rebuilt rather than trusted: 3,000 articles "unchanged" over a
  renamed node is no longer possible.
- ``check(ws, name)``: the full comparison behind ``kg check``: every article's facts
  in the store against its record (per-article checksums: each relationship with its
  endpoints, role and evidence span for Cypher; each quad of the article's named graph
  for RDF), and the shared nodes. Memory stays bounded by one digest per article.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

_NODES = "MATCH (n) RETURN labels(n)[0] AS label, n.id AS id, n.name AS name"
_SINGLE = ("MATCH (a)-[x]->(b) WHERE x.article_id IS NOT NULL RETURN type(x) AS t, a.id AS s, b.id AS d, "
           "x.article_id AS art, x.role AS role, x.start AS st, x.end AS en")
_MULTI = ("MATCH (a)-[x]->(b) WHERE x.article_ids IS NOT NULL RETURN type(x) AS t, a.id AS s, b.id AS d, "
          "x.article_ids AS arts, x.starts AS sts, x.ends AS ens")
HAND = "changed by hand"  # the fingerprint of a store kg cypher --write changed


def _h(value: Any) -> int:
    """A 64-bit hash of a string or JSON-able value; summed, it digests a multiset in any order."""
    data = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return int.from_bytes(hashlib.blake2b(data.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "big")


def fingerprint(ws, name: str) -> str:
    """The quick fingerprint of store ``name`` as it is now."""
    store = ws.store(name)
    if name == "cypher":
        digest, count = 0, 0
        for r in store.query(_NODES):
            digest = (digest + _h([r["label"], r["id"], r["name"]])) % (1 << 64)
            count += 1
        counts = store.stats()
        return json.dumps({"nodes": count, "digest": f"{digest:016x}", **counts}, sort_keys=True)
    quads = store.count_quads()
    graphs = store.query("SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")[0]["n"]
    return json.dumps({"quads": quads, "graphs": graphs}, sort_keys=True)


@dataclass
class Drift:
    """What ``check`` found wrong with one store."""

    store: str
    articles: list[str] = field(default_factory=list)  # whose facts differ from their record
    nodes: int = 0  # shared nodes (Cypher) or entity-graph quads (RDF) that differ
    error: str | None = None  # the store could not be read at all

    @property
    def ok(self) -> bool:
        return not self.articles and not self.nodes and self.error is None

    def describe(self) -> str:
        if self.error:
            return self.error
        parts = []
        if self.articles:
            shown = ", ".join(self.articles[:5]) + (", ..." if len(self.articles) > 5 else "")
            parts.append(f"{len(self.articles)} article(s) whose facts differ from their records ({shown})")
        if self.nodes:
            parts.append(f"{self.nodes} shared {'node(s)' if self.store == 'cypher' else 'entity quad(s)'} differ")
        return "; ".join(parts) or "in sync"


def check(ws, name: str, records: Iterable | None = None) -> Drift:
    """Compare store ``name`` with the records (``records``: the workspace's unless
    given), article by article."""
    from kg.errors import KgError
    from kg.stores.rdf.iris import graph_iri

    drift = Drift(name)
    try:
        store = ws.store(name)
        expected, actual = (_cypher_expected, _cypher_actual) if name == "cypher" else (_rdf_expected, _rdf_actual)
        want_articles, want_shared = expected(ws, records if records is not None else ws.records())
        have_articles, have_shared = actual(ws, store)
    except KgError as err:
        drift.error = str(err)
        return drift
    except (RuntimeError, OSError) as err:  # RocksDB "Corruption: block checksum mismatch ..."
        drift.error = f"cannot be read ({' '.join(str(err).split())[:300]})"
        return drift
    if name == "rdf":  # graphs by article id, as the records know them
        by_graph = {str(graph_iri(a, store.base_iri)): a for a in want_articles}
        have_articles = {by_graph.get(g, g): v for g, v in have_articles.items()}
    ids = set(want_articles) | set(have_articles)
    drift.articles = sorted(a for a in ids if want_articles.get(a) != have_articles.get(a))
    drift.nodes = sum(1 for k in set(want_shared) | set(have_shared)
                      if k not in have_shared or k not in want_shared or have_shared[k] not in want_shared[k])
    return drift


def _add(digests: dict[str, list[int]], key: str, value: Any) -> None:
    entry = digests.setdefault(key, [0, 0])
    entry[0] = (entry[0] + _h(value)) % (1 << 64)
    entry[1] += 1


# --- Cypher ------------------------------------------------------------------------------


def _cypher_expected(ws, records: Iterable) -> tuple[dict, dict]:
    from kg.stores.cypher import graph_rows

    per_article: dict[str, list[int]] = {}
    names: dict[tuple[str, str], set] = defaultdict(set)
    for ex in records:
        g = graph_rows([ex])
        for label, nodes in g.nodes.items():
            for node_id, props in nodes.items():
                names[(label, node_id)].add(props.get("name"))
        for (rel, _s, _d), rows in g.single.items():
            for r in rows.values():
                _add(per_article, r["article_id"], [rel, r["src"], r["dst"], r.get("role"),
                                                    r["props"]["start"], r["props"]["end"]])
        for (rel, _s, _d), rows in g.multi.items():
            for r in rows.values():
                for art, st, en in zip(r["article_ids"], r["starts"], r["ends"], strict=True):
                    _add(per_article, art, [rel, r["src"], r["dst"], None, st, en])
    # a node's name is any of the names its articles give it (the last written wins)
    return per_article, names


def _cypher_actual(ws, store) -> tuple[dict, dict]:
    per_article: dict[str, list[int]] = {}
    for r in store.query(_SINGLE):
        _add(per_article, r["art"], [r["t"], r["s"], r["d"], r["role"], r["st"], r["en"]])
    for r in store.query(_MULTI):
        for art, st, en in zip(r["arts"], r["sts"] or [], r["ens"] or [], strict=False):
            _add(per_article, art, [r["t"], r["s"], r["d"], None, st, en])
    return per_article, {(r["label"], r["id"]): r["name"] for r in store.query(_NODES)}


# --- RDF ---------------------------------------------------------------------------------


def _rdf_expected(ws, records: Iterable) -> tuple[dict, dict]:
    from kg.stores.rdf.mapping import split_quads

    store = ws.store("rdf")
    per_article: dict[str, list[int]] = {}
    shared: set[str] = set()
    for ex in records:
        own, theirs = split_quads(ex, store.base_iri)
        for q in own:
            _add(per_article, ex.article.id, str(q))
        shared.update(str(q) for q in theirs)
    return per_article, dict.fromkeys(shared, {1})


def _rdf_actual(ws, store) -> tuple[dict, dict]:
    from kg.stores.rdf.iris import entities_graph_iri

    entities = str(entities_graph_iri(store.base_iri))
    per_graph: dict[str, list[int]] = {}
    shared: dict[str, int] = {}
    for q in store.to_pyoxigraph().quads_for_pattern(None, None, None, None):
        graph = str(q.graph_name)
        if graph == entities:
            shared[str(q)] = 1
        else:
            _add(per_graph, graph, str(q))
    return per_graph, shared
