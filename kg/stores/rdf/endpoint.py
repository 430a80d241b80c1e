"""The RDF store behind any SPARQL 1.1 server, over the SPARQL 1.1 protocol (queries and
updates), one named graph per article plus the entities graph (``kg.stores.rdf.store``)."""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Sequence
from typing import Any

import pyoxigraph as ox

from kg.errors import StoreError
from kg.model import Extraction
from kg.stores.rdf.iris import DEFAULT_BASE, check_base, entities_graph_iri, graph_iri, prefixes
from kg.stores.rdf.queries import inject_values, n3, result_rows, values_block
from kg.stores.rdf.store import SparqlStore, article_quads, latest_versions


class SparqlEndpointStore(SparqlStore):
    """Any SPARQL 1.1 server: queries and updates over the SPARQL 1.1 protocol.

    The server must answer queries over the union of its named graphs (``oxigraph
    serve --union-default-graph``; GraphDB and Virtuoso by default; Fuseki with
    ``tdb2:unionDefaultGraph true``), or take a request parameter for it, given in
    ``query_params`` (Oxigraph: ``{"union-default-graph": ""}``).
    ``update_endpoint`` defaults to the query URL with ``/query`` -> ``/update``
    (Oxigraph, Fuseki), else the same URL.
    """

    def __init__(
        self,
        query_endpoint: str,
        update_endpoint: str | None = None,
        *,
        base_iri: str = DEFAULT_BASE,
        timeout: float = 60.0,
        query_params: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
        batch_triples: int = 20_000,
    ):
        if not query_endpoint.startswith(("http://", "https://")):
            raise StoreError(f"not an http(s) SPARQL endpoint: {query_endpoint!r}")
        self.base_iri = check_base(base_iri)
        self.query_endpoint = query_endpoint
        if update_endpoint is None:
            update_endpoint = (
                query_endpoint[: -len("/query")] + "/update" if query_endpoint.endswith("/query") else query_endpoint
            )
        self.update_endpoint = update_endpoint
        self.timeout = timeout
        self.query_params = dict(query_params or {})
        self.headers = dict(headers or {})
        self.batch_triples = batch_triples
        self._union_checked = False
        self._prologue = "".join(f"PREFIX {k}: <{v}>\n" for k, v in prefixes(self.base_iri).items())

    # -- HTTP ------------------------------------------------------------------------
    def _post(self, url: str, body: str, content_type: str, accept: str) -> tuple[str, bytes]:
        if self.query_params and url == self.query_endpoint:
            url = f"{url}{'&' if '?' in url else '?'}{urllib.parse.urlencode(self.query_params)}"
        req = urllib.request.Request(
            url,
            data=body.encode("utf-8"),
            method="POST",
            headers={"Content-Type": f"{content_type}; charset=utf-8", "Accept": accept, **self.headers},
        )
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                return resp.headers.get("Content-Type", ""), resp.read()
        except urllib.error.HTTPError as e:
            detail = e.read().decode("utf-8", "replace").strip()[:500]
            raise StoreError(f"SPARQL endpoint {url} answered {e.code}: {detail}") from e
        except (urllib.error.URLError, OSError) as e:
            raise StoreError(f"SPARQL endpoint {url} unreachable: {e}") from e

    def update(self, text: str) -> None:
        """Send a SPARQL Update (our prefixes predeclared)."""
        self._post(self.update_endpoint, self._prologue + text, "application/sparql-update", "*/*")

    def _results(self, text: str) -> Any:
        """pyoxigraph results (solutions, boolean or triples) of a query sent as is."""
        ctype, data = self._post(
            self.query_endpoint,
            self._prologue + text,
            "application/sparql-query",
            "application/sparql-results+json, application/n-triples;q=0.9",
        )
        try:
            if "json" in ctype:
                return ox.parse_query_results(data, ox.QueryResultsFormat.JSON)
            return [q.triple for q in ox.parse(data, ox.RdfFormat.N_TRIPLES)]
        except (SyntaxError, ValueError) as e:
            raise StoreError(f"unreadable answer from {self.query_endpoint} ({ctype}): {e}") from e

    def _select(self, text: str, params: dict[str, Any], prefix: str, drop: str | None = None) -> list[dict[str, Any]]:
        if not self._union_checked:
            self._check_union()
        return result_rows(self._results(inject_values(text, values_block(params, prefix))), drop)

    def _check_union(self) -> None:
        """Fail loudly, not with empty answers, when the server's default graph is not
        the union of the named graphs our data lives in."""
        in_graphs = bool(self._results("ASK { GRAPH ?g { ?s ?p ?o } }"))
        if in_graphs and not bool(self._results("ASK { ?s ?p ?o }")):
            raise StoreError(
                f"the SPARQL endpoint {self.query_endpoint} does not query the union of its named graphs "
                "by default; start it so (oxigraph serve --union-default-graph; Fuseki: "
                "tdb2:unionDefaultGraph true) or pass query_params={'union-default-graph': ''} for Oxigraph"
            )
        self._union_checked = in_graphs

    # -- writes ----------------------------------------------------------------------
    def write(self, extractions: Sequence[Extraction]) -> None:
        """``DROP SILENT GRAPH <g>`` then ``INSERT DATA { GRAPH <g> { … } }`` per article,
        batched into updates of about ``batch_triples`` triples; terms are written by
        rdflib's ``n3()``, which escapes literals."""
        batch: list[Extraction] = []
        size = 0
        for x in latest_versions(extractions):
            batch.append(x)
            size += len(x.participations) * 12 + len(x.holds) * 12 + 40  # a rough triple count
            if size >= self.batch_triples:
                self._write_batch(batch)
                batch, size = [], 0
        if batch:
            self._write_batch(batch)

    def _write_batch(self, batch: list[Extraction]) -> None:
        graphs = [graph_iri(x.article.id, self.base_iri) for x in batch]
        candidates = self._mentioned(graphs)
        by_graph: dict[ox.NamedNode, list[str]] = {}
        for q in article_quads(batch, self.base_iri):
            by_graph.setdefault(q.graph_name, []).append(f"{n3(q.subject)} {n3(q.predicate)} {n3(q.object)} .")
        drops = [f"DROP SILENT GRAPH {n3(g)}" for g in graphs]
        inserts = "\n".join(f"GRAPH {n3(g)} {{\n" + "\n".join(lines) + "\n}" for g, lines in by_graph.items())
        self.update(" ;\n".join(drops) + f" ;\nINSERT DATA {{\n{inserts}\n}}")
        self._remove_orphans(candidates)

    def delete_articles(self, article_ids: Iterable[str]) -> None:
        """Drop these articles' graphs, and the shared nodes only they mentioned."""
        graphs = [graph_iri(a, self.base_iri) for a in article_ids]
        for i in range(0, len(graphs), 500):
            chunk = graphs[i : i + 500]
            candidates = self._mentioned(chunk)
            self.update(" ;\n".join(f"DROP SILENT GRAPH {n3(g)}" for g in chunk))
            self._remove_orphans(candidates)

    def _mentioned(self, graphs: list[ox.NamedNode]) -> list[ox.NamedNode]:
        if not graphs:
            return []
        values = " ".join(n3(g) for g in graphs)
        result = self._results(f"SELECT DISTINCT ?x WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?a schema:mentions ?x }} }}")
        return [row["x"] for row in result]

    def _remove_orphans(self, candidates: list[ox.NamedNode]) -> None:
        entities = n3(entities_graph_iri(self.base_iri))
        for i in range(0, len(candidates), 500):
            values = " ".join(n3(c) for c in candidates[i : i + 500])
            self.update(
                f"DELETE {{ GRAPH {entities} {{ ?c ?p ?o }} }} WHERE {{ VALUES ?c {{ {values} }} "
                f"GRAPH {entities} {{ ?c ?p ?o }} FILTER NOT EXISTS {{ GRAPH ?g {{ ?a schema:mentions ?c }} }} }}"
            )

    def clear(self) -> None:
        self.update("DROP SILENT ALL")

    def to_pyoxigraph(self) -> ox.Store:
        """An in-memory copy of the endpoint's named graphs (what ``export_graph`` reads)."""
        copy = ox.Store()
        result = self._results("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        copy.extend(ox.Quad(r["s"], r["p"], r["o"], r["g"]) for r in result)
        return copy
