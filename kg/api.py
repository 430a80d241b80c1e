"""The Python API for notebooks: ``kg.open(workspace)``.

    import kg, pandas as pd
    with kg.open("kg-data") as g:
        pd.DataFrame(g.query("who-attended", person="周明远"))
        g.cypher("MATCH (p:Person) RETURN p.name AS name LIMIT $n", n=5)
        g.sparql("SELECT ?s WHERE { ?s a schema:Person } LIMIT 5")
        nx_graph = g.to_networkx()

Rows are lists of plain dicts (str, int, float, bool, None, lists, dicts), the same
keys for a named query on either engine.
"""

from __future__ import annotations

import os
from typing import Any

from kg.errors import AmbiguousLabel, KgError
from kg.queries import ONE_OF, bind_params, query_spec
from kg.stores.cypher import graph_rows
from kg.workspace import DEFAULT, Workspace

ENGINES = ("cypher", "sparql")


class KnowledgeGraph:
    """A workspace opened for analysis: queries, statistics, a networkx view."""

    def __init__(self, workspace: str | os.PathLike | Workspace = DEFAULT, *, create: bool = False,
                 read_only: bool = True, timeout: float | None = None):
        if isinstance(workspace, Workspace):
            self.workspace = workspace
        else:
            self.workspace = Workspace(workspace, create=create, read_only=read_only)
        self.timeout = timeout  # seconds a Cypher query may run (None: no limit)

    def cypher(self, query: str, **params: Any) -> list[dict[str, Any]]:
        """Run read-only Cypher on the workspace's Cypher store (embedded FalkorDB or
        Neo4j): a query that writes is refused (``write_cypher`` runs it)."""
        return self.workspace.store("cypher").query(query, params, timeout=self.timeout)

    def write_cypher(self, query: str, **params: Any) -> list[dict[str, Any]]:
        """Run Cypher that may write. The store is a projection of the records: the next
        ``kg ingest`` finds it changed and rebuilds it (``kg check`` reports it)."""
        rows = self.workspace.store("cypher").query(query, params, write=True, timeout=self.timeout)
        self.workspace.changed_by_hand("cypher")
        return rows

    def sparql(self, query: str, **params: Any) -> list[dict[str, Any]]:
        """Run SPARQL over the union of the article graphs; ``params`` bind ``?NAME``."""
        return self.workspace.store("rdf").query(query, params)

    def query(self, name: str, engine: str = "cypher", *, frame: bool = False, **params: Any):
        """Run the named query ``queries/NAME.cypher`` or ``.rq``; same keys on both engines.

        ``frame=True`` returns a pandas DataFrame (columns in the query's key order)
        instead of a list of dicts (``pip install 'kg[pandas]'``). A label that names
        several events where one is meant (``attendees``) raises ``AmbiguousLabel``
        with the candidates.
        """
        if engine not in ENGINES:
            raise KgError(f"unknown engine {engine!r}; use cypher or sparql")
        bound = bind_params(name, params)
        if name in ONE_OF and bound.get(ONE_OF[name][0]) is not None:
            param, lookup, lookup_param = ONE_OF[name]
            candidates = self._run_named(lookup, engine, bind_params(lookup, {lookup_param: bound[param]}))
            if len(candidates) > 1:
                raise AmbiguousLabel(param, bound[param], candidates)
        rows = self._run_named(name, engine, bound)
        if not frame:
            return rows
        return _frame(rows, query_spec(name).keys)

    def _run_named(self, name: str, engine: str, bound: dict[str, Any]) -> list[dict[str, Any]]:
        if engine == "cypher":
            return self.workspace.store("cypher").run_named(name, bound, timeout=self.timeout)
        return self.workspace.store("rdf").run_named(name, bound)

    def stats(self) -> dict[str, Any]:
        """Articles in the records, node/relationship counts, triple counts."""
        return self.workspace.stats()

    def to_networkx(self, source: str = "records"):
        """The property graph as a ``networkx.MultiDiGraph``.

        Nodes are model ids with a ``type`` attribute (Person, Organization, Post, Event,
        Place, Article) and their properties (``name``, ...; an event's own type is
        ``event_type``); edges have a ``type``
        (HOLDS, PARTICIPATED_IN, ...), their properties (``role``, ``order``) and evidence.
        ``source="records"`` builds it from the system of record (no server needed);
        ``source="cypher"`` reads it back from the Cypher store.
        """
        import networkx as nx

        g = nx.MultiDiGraph()
        if source == "records":
            rows = graph_rows(self.workspace.records())
            for label, nodes in rows.nodes.items():
                for node_id, props in nodes.items():
                    g.add_node(node_id, **_node_attrs(label, props))
            for (rel, _src, _dst), edges in rows.single.items():
                for r in edges.values():
                    extra = {"role": r["role"]} if "role" in r else {}
                    g.add_edge(r["src"], r["dst"], key=f"{rel}:{r['article_id']}:{r.get('role', '')}", type=rel,
                               article_id=r["article_id"], **extra, **r["props"])
            for (rel, _src, _dst), edges in rows.multi.items():
                for r in edges.values():
                    attrs = {k: v for k, v in r.items() if k not in ("src", "dst")}
                    dates = [d for d in attrs.get("dates", []) if d]
                    if rel == "HOLDS":
                        attrs.update(first_date=min(dates, default=None), last_date=max(dates, default=None))
                    g.add_edge(r["src"], r["dst"], key=rel, type=rel, **attrs)
            return g
        if source != "cypher":
            raise KgError(f"unknown source {source!r}; use records or cypher")
        for r in self.cypher("MATCH (n) RETURN labels(n)[0] AS type, n AS props"):
            g.add_node(r["props"]["id"], **_node_attrs(r["type"], r["props"]))
        for r in self.cypher("MATCH (a)-[x]->(b) RETURN a.id AS src, b.id AS dst, type(x) AS type, x AS props"):
            props = dict(r["props"])
            key = r["type"] if "article_ids" in props else f"{r['type']}:{props.get('article_id')}:{props.get('role', '')}"
            g.add_edge(r["src"], r["dst"], key=key, type=r["type"], **props)
        return g

    def show(self, *, person: str | None = None, event: str | None = None, co_attendance: bool = False,
             min_weight: int = 1, max_nodes: int | None = None):
        """An interactive view: a pyvis network that renders inline in Jupyter and writes
        self-contained HTML (``.write_html(path)``). One of ``person=NAME``, ``event=ID or
        label``, ``co_attendance=True`` (persons sharing ``min_weight`` or more events).
        A view keeps its ``max_nodes`` most connected nodes (default ``kg.viz.MAX_NODES``,
        400; 0 keeps all) and says so; see ``kg.viz``."""
        from kg import viz

        return viz.show(self.to_networkx(), person=person, event=event, co_attendance=co_attendance,
                        min_weight=min_weight, max_nodes=viz.MAX_NODES if max_nodes is None else max_nodes)

    def close(self) -> None:
        """Close the stores (stopping an embedded server this process started)."""
        self.workspace.close()

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _frame(rows: list[dict[str, Any]], columns: tuple[str, ...] | list[str]):
    """``rows`` as a pandas DataFrame with these columns (also when there are no rows)."""
    try:
        import pandas as pd
    except ImportError:
        raise KgError("frame=True needs pandas: pip install 'kg[pandas]'") from None
    return pd.DataFrame(rows, columns=list(columns))


def _node_attrs(label: str, props: dict[str, Any]) -> dict[str, Any]:
    attrs = {("event_type" if k == "type" else k): v for k, v in props.items() if k != "id"}
    attrs["type"] = label
    return attrs


def open(workspace: str | os.PathLike = DEFAULT, *, create: bool = False,  # noqa: A001
         read_only: bool = True) -> KnowledgeGraph:
    """Open a workspace for analysis (``create=True`` makes an empty one if missing).

    Read-only by default, so a notebook can stay open while ``kg ingest`` writes: the
    Cypher store is live (a shared server), the embedded RDF store is read as it was
    when opened (reopen to see newer articles).
    """
    return KnowledgeGraph(workspace, create=create, read_only=read_only)


__all__ = ["KnowledgeGraph", "open"]
