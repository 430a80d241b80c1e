"""RDF stores: an embedded on-disk Oxigraph, or any SPARQL 1.1 server over HTTP.

Both keep one named graph per article (``kg.stores.rdf.mapping.graph_iri``) plus the entities
graph describing shared nodes: writing an article drops its graph and inserts its quads,
so re-writing is idempotent and an edited article replaces only its own facts; a shared
node that no article mentions any more is then removed from the entities graph.
Queries read the union of all graphs.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import StoreError
from kg.model import Extraction
from kg.queries import finish_rows
from kg.stores.rdf.mapping import (
    DEFAULT_BASE,
    MENTIONS,
    check_base,
    entities_graph_iri,
    graph_iri,
    prefixes,
    split_quads,
)
from kg.stores.rdf.queries import (
    PARAM_PREFIX,
    compact,
    inject_values,
    n3,
    named_bindings,
    prepare_named,
    result_rows,
    substitutions,
    values_block,
)
from kg.sparql_check import check_read_only
from kg.stores.base import GraphStore

_COUNT_TRIPLES_BY_PREDICATE = """
SELECT ?p (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } } GROUP BY ?p
"""
_COUNT_BY_CLASS = "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c"
_COUNT_GRAPHS = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
_COUNT_QUADS = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def _latest(extractions: Iterable[Extraction]) -> list[Extraction]:
    """One extraction per article id, the last one given (it replaces the others)."""
    return list({x.article.id: x for x in extractions}.values())


def _quads(extractions: Sequence[Extraction], base: str) -> list[ox.Quad]:
    """All quads of these articles; shared-node quads once however many articles state them
    (an article's own quads are already distinct and no other article has them)."""
    own: list[ox.Quad] = []
    shared: dict[ox.Quad, None] = {}
    for x in extractions:
        mine, theirs = split_quads(x, base)
        own.extend(mine)
        shared.update(dict.fromkeys(theirs))
    return own + list(shared)


class _SparqlStore(GraphStore):
    """What both RDF stores share: named queries and statistics, over ``_select``."""

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


class OxigraphStore(_SparqlStore):
    """An embedded Oxigraph store on disk (RocksDB), or in memory when ``path`` is None.

    ``bulk_threshold``: batches of at least that many quads go through ``bulk_load``
    (fast, writes SST files directly, not transactional - fine for a projection that
    ``kg reindex`` rebuilds); smaller ones through a transaction. After a bulk load the
    store is compacted (``Store.optimize``) on ``flush``/``close``: the loaded SST files
    otherwise stay unmerged and every index lookup of a query pays for it (measured on
    the full corpus: 1 s to compact, queries 2-3x faster).
    """

    def __init__(
        self,
        path: str | Path | None = None,
        *,
        base_iri: str = DEFAULT_BASE,
        read_only: bool = False,
        bulk_threshold: int = 20_000,
        chunk_articles: int = 2_000,
    ):
        self.base_iri = check_base(base_iri)
        self.path = Path(path) if path is not None else None
        self.bulk_threshold = bulk_threshold
        self.chunk_articles = max(1, chunk_articles)
        self._bulk_loaded = False  # compact on flush/close
        try:
            if self.path is None:
                self._store = ox.Store()
            elif read_only:
                self._store = ox.Store.read_only(str(self.path))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(self.path))
        except (OSError, RuntimeError, ValueError) as e:  # RocksDB's "Corruption: ..." is a RuntimeError
            reason = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
            raise StoreError(f"the RDF store at {self.path} cannot be opened ({reason}): "
                             "run kg reindex --store rdf to rebuild it from the records") from None

    @property
    def store(self) -> ox.Store:
        """The underlying ``pyoxigraph.Store``."""
        if self._store is None:
            raise StoreError("the Oxigraph store is closed")
        return self._store

    def write(self, extractions: Sequence[Extraction]) -> None:
        """Replace each article's named graph with the quads of its extraction
        (in chunks of ``chunk_articles``, so memory stays bounded on a reindex)."""
        latest = _latest(extractions)
        for i in range(0, len(latest), self.chunk_articles):
            chunk = latest[i : i + self.chunk_articles]
            quads = _quads(chunk, self.base_iri)
            candidates = self._drop(x.article.id for x in chunk)
            try:
                if len(quads) >= self.bulk_threshold:
                    # N-Quads through bulk_load: measured 12 s against bulk_extend's 16 s
                    # for 1.85M quads
                    self.store.bulk_load(ox.serialize(quads, format=ox.RdfFormat.N_QUADS), ox.RdfFormat.N_QUADS)
                    self._bulk_loaded = True
                else:
                    self.store.extend(quads)
            except OSError as e:
                raise StoreError(f"writing to the Oxigraph store failed: {e}") from e
            self._remove_orphans(candidates)

    def delete_articles(self, article_ids: Iterable[str]) -> None:
        """Drop the named graphs of these articles, and the shared nodes only they mentioned."""
        self._remove_orphans(self._drop(article_ids))

    def _drop(self, article_ids: Iterable[str]) -> set[ox.NamedNode]:
        """Remove these article graphs; return the shared nodes they mentioned."""
        store = self.store
        mentioned: set = set()
        for article_id in article_ids:
            g = graph_iri(article_id, self.base_iri)
            if store.contains_named_graph(g):
                mentioned.update(q.object for q in store.quads_for_pattern(None, MENTIONS, None, g))
                store.remove_graph(g)
        return mentioned

    def _remove_orphans(self, candidates: set) -> None:
        store, entities = self.store, entities_graph_iri(self.base_iri)
        for node in candidates:
            if next(iter(store.quads_for_pattern(None, MENTIONS, node, None)), None) is None:
                for quad in list(store.quads_for_pattern(node, None, None, entities)):
                    store.remove(quad)

    def clear(self) -> None:
        self.store.clear()

    def _select(self, text: str, params: dict[str, Any], prefix: str, drop: str | None = None) -> list[dict[str, Any]]:
        try:
            result = self.store.query(
                text,
                use_default_graph_as_union=True,
                prefixes=prefixes(self.base_iri),
                substitutions=substitutions(params, prefix),
            )
            return result_rows(result, drop)
        except (OSError, RuntimeError) as e:
            if "Corruption" in str(e) or isinstance(e, OSError):
                raise self._damaged(e) from None
            raise StoreError(f"SPARQL query failed: {e}") from e
        except (SyntaxError, ValueError) as e:
            raise StoreError(f"SPARQL query failed: {e}") from e

    def stats(self) -> dict[str, Any]:
        out = super().stats()
        out["quads"] = self.count_quads()
        return out

    def count_quads(self) -> int:
        """Quads in the store, as pyoxigraph counts them (no query)."""
        try:
            return len(self.store)
        except (OSError, RuntimeError) as e:  # RocksDB "Corruption: block checksum mismatch"
            raise self._damaged(e) from None

    def _damaged(self, e: Exception) -> StoreError:
        reason = str(e).strip().splitlines()[0][:300] if str(e).strip() else type(e).__name__
        return StoreError(f"the RDF store at {self.path} cannot be read ({reason}): "
                          "run kg reindex --store rdf to rebuild it from the records")

    def as_rdflib(self):
        """An ``rdflib.Dataset`` over this same store (oxrdflib), default graph = union."""
        import rdflib
        from oxrdflib import OxigraphStore as _OxRdflib

        return rdflib.Dataset(store=_OxRdflib(store=self.store), default_union=True)

    def to_pyoxigraph(self) -> ox.Store:
        """The pyoxigraph store itself (what ``export_graph`` reads)."""
        return self.store

    def flush(self) -> None:
        self.store.flush()
        self._compact()

    def _compact(self) -> None:
        if self._bulk_loaded:
            self._bulk_loaded = False
            self.store.optimize()

    def close(self) -> None:
        if getattr(self, "_store", None) is not None:
            try:
                self._store.flush()
                self._compact()
            except (OSError, RuntimeError):  # RuntimeError: a read-only store has nothing to flush
                pass
            self._store = None  # RocksDB releases its lock when the store is freed


class SparqlEndpointStore(_SparqlStore):
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
        for x in _latest(extractions):
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
        for q in _quads(batch, self.base_iri):
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
