"""What the RDF stores share: an embedded on-disk Oxigraph (``kg.stores.rdf.oxigraph``)
or any SPARQL 1.1 server over HTTP (``kg.stores.rdf.endpoint``).

Both keep one named graph per article (``kg.stores.rdf.mapping.graph_iri``) plus the entities
graph describing shared nodes: writing an article drops its graph and inserts its quads,
so re-writing is idempotent and an edited article replaces only its own facts; a shared
node that no article mentions any more is then removed from the entities graph.
Queries read the union of all graphs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import pyoxigraph as ox

from kg.model import Extraction
from kg.queries import finish_rows
from kg.sparql_check import check_read_only
from kg.stores.base import GraphStore
from kg.stores.rdf.iris import DEFAULT_BASE, prefixes
from kg.stores.rdf.mapping import split_quads
from kg.stores.rdf.queries import PARAM_PREFIX, compact, named_bindings, prepare_named

_COUNT_TRIPLES_BY_PREDICATE = """
SELECT ?p (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } } GROUP BY ?p
"""
_COUNT_BY_CLASS = "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c"
_COUNT_GRAPHS = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
_COUNT_QUADS = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def latest_versions(extractions: Iterable[Extraction]) -> list[Extraction]:
    """One extraction per article id, the last one given (it replaces the others)."""
    return list({x.article.id: x for x in extractions}.values())


def article_quads(extractions: Sequence[Extraction], base: str) -> list[ox.Quad]:
    """All quads of these articles; shared-node quads once however many articles state them
    (an article's own quads are already distinct and no other article has them)."""
    own: list[ox.Quad] = []
    shared: dict[ox.Quad, None] = {}
    for x in extractions:
        mine, theirs = split_quads(x, base)
        own.extend(mine)
        shared.update(dict.fromkeys(theirs))
    return own + list(shared)


class SparqlStore(GraphStore):
    """What both RDF stores share: queries, named queries and statistics, over ``_select``."""

    language = "sparql"
    base_iri: str = DEFAULT_BASE

    def _select(self, text: str, params: dict[str, Any], prefix: str, drop: str | None = None) -> list[dict[str, Any]]:
        """Rows of a SELECT (ASK, CONSTRUCT) with ``params`` bound as ``?<prefix>NAME``;
        columns named ``<drop>…`` are left out."""
        raise NotImplementedError

    def query(self, text: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run SPARQL over the union of the article graphs; rows as dicts of Python values.

        ``params`` bind variables of the same name (``{"name": "周明远"}`` binds
        ``?name``) as RDF terms, never as text. The ``kg:``, ``schema:``, ``org:``,
        ``sem:``, ``prov:``, ``oa:``, ``rdf(s):``, ``xsd:`` prefixes are predeclared.
        ASK gives ``[{"result": bool}]``; CONSTRUCT/DESCRIBE give subject/predicate/object rows.

        The default graph is the union of the article graphs and a triple stated by
        several articles (a person's name, a post) is matched once per graph: count with
        ``COUNT(DISTINCT ...)`` and select ``DISTINCT``. Oxigraph requires bound
        variables to appear in the ``SELECT`` list.
        """
        check_read_only(text)  # no SERVICE (the network), no update: before anything runs
        return self._select(text, dict(params or {}), "")

    def run_named(self, name: str, params: dict[str, Any] | None = None, **options: Any) -> list[dict[str, Any]]:
        """Run ``queries/NAME.rq`` with its declared params (checked, defaulted, bound as
        ``?param_NAME``, whose columns are left out); rows as ``GraphStore.run_named``
        gives them. A SPARQL store's queries take no ``options``."""
        if options:
            raise TypeError(f"a SPARQL store's queries take no options: {', '.join(sorted(options))}")
        text, bound = prepare_named(name, params, self.base_iri)
        rows = self._select(text, named_bindings(text, bound), "", drop=PARAM_PREFIX)
        return finish_rows(name, rows)

    def count_quads(self) -> int:
        """Quads in all the named graphs (each article's and the entities graph)."""
        return self._select(_COUNT_QUADS, {}, "")[0]["n"]

    def stats(self) -> dict[str, Any]:
        """Distinct triples in the union graph, per predicate and per rdf:type class
        (distinct instances), the number of articles and of named graphs (one per
        article, plus the entities graph)."""
        pre = prefixes(self.base_iri)
        by_pred = {compact(r["p"], pre): r["n"] for r in self._select(_COUNT_TRIPLES_BY_PREDICATE, {}, "")}
        by_class = {compact(r["c"], pre): r["n"] for r in self._select(_COUNT_BY_CLASS, {}, "")}
        graphs = self._select(_COUNT_GRAPHS, {}, "")[0]["n"]
        return {
            "triples": sum(by_pred.values()),
            "articles": by_class.get("schema:NewsArticle", 0),
            "graphs": graphs,
            "classes": dict(sorted(by_class.items())),
            "predicates": dict(sorted(by_pred.items())),
        }
