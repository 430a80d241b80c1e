"""The interface every store implements, and the registry that names them.

Stores are projections of the workspace's extraction records: they never parse text,
they take ``Extraction`` records (already resolved) and write them idempotently
(MERGE on deterministic ids; one article's facts replaced as a unit).
"""

from __future__ import annotations

import importlib
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from kg.errors import StoreError
from kg.model import Extraction
from kg.queries import bind_params, finish_rows, load_query


class GraphStore(ABC):
    """A graph store: write articles' facts, delete them, count, query."""

    #: query language of ``query``/``run_named``: "cypher" or "sparql"
    language: str = ""

    @abstractmethod
    def write(self, extractions: Sequence[Extraction]) -> None:
        """Write the facts of these articles, replacing any earlier facts of the same
        articles. Writing the same records twice changes nothing."""

    @abstractmethod
    def delete_articles(self, article_ids: Iterable[str]) -> None:
        """Remove every fact that came only from these articles."""

    @abstractmethod
    def clear(self) -> None:
        """Remove everything (used by ``kg reindex``)."""

    @abstractmethod
    def stats(self) -> dict[str, Any]:
        """Counts per node label / relationship type (or per class / predicate)."""

    @abstractmethod
    def query(self, text: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run a query in this store's language; rows as dicts."""

    def run_named(self, name: str, params: dict[str, Any] | None = None, **options: Any) -> list[dict[str, Any]]:
        """Run the named query ``queries/NAME`` in this store's language with its declared
        params (checked, defaulted); rows in the query's declared order, list values split
        and sorted (``kg.queries.finish_rows``): the same rows on every engine.
        ``options`` go to ``query`` (a Cypher store's ``timeout``)."""
        bound = bind_params(name, dict(params or {}))
        return finish_rows(name, self.query(load_query(name, self.language), bound, **options))

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release connections and stop any server this store started."""

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


# name -> "module:Class", imported lazily so that one store's missing extra never
# breaks the others (the rdflib plugin registry works the same way).
_REGISTRY: dict[str, str | type[GraphStore]] = {
    "falkordb": "kg.stores.falkor:FalkorStore",
    "neo4j": "kg.stores.neo4j_store:Neo4jStore",
    "oxigraph": "kg.stores.rdf:OxigraphStore",
    "sparql": "kg.stores.rdf:SparqlEndpointStore",
}


def register(name: str) -> Callable[[type[GraphStore]], type[GraphStore]]:
    """Class decorator: make a store available under ``name``."""

    def deco(cls: type[GraphStore]) -> type[GraphStore]:
        _REGISTRY[name] = cls
        return cls

    return deco


def available() -> list[str]:
    return sorted(_REGISTRY)


def store_class(name: str) -> type[GraphStore]:
    try:
        target = _REGISTRY[name]
    except KeyError:
        raise StoreError(f"unknown store {name!r}; known: {', '.join(available())}") from None
    if isinstance(target, str):
        module, _, cls = target.partition(":")
        target = getattr(importlib.import_module(module), cls)
        _REGISTRY[name] = target
    return target


def open_store(name: str, **options: Any) -> GraphStore:
    """Instantiate the store registered as ``name`` with its options."""
    return store_class(name)(**options)
