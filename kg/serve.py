"""``kg serve``: a read-only SPARQL 1.1 Protocol endpoint over a workspace's RDF.

    GET  /query?query=...                       (SPARQL 1.1 Protocol, query via GET)
    POST /query  application/sparql-query       (query in the body)
    POST /query  application/x-www-form-urlencoded  (query=...)
    GET  /named/NAME?param=value                kg's named queries, rows as JSON
    *    /update                                403: the endpoint is read-only

A query with ``SERVICE`` (which would make the server fetch another URL) or an update
form answers 403, as ``/update`` does. Results follow the Accept header: SELECT and ASK as SPARQL JSON (the default), CSV, TSV
or XML; CONSTRUCT and DESCRIBE as Turtle (the default), N-Triples, RDF/XML or JSON-LD.
The default graph is the union of the article graphs (as ``kg sparql`` reads it), the
kg prefixes are predeclared, and ``default-graph-uri`` / ``named-graph-uri`` narrow the
dataset as the protocol says.

The graph is copied into memory when it fits (``--memory``, by default when its
estimated size is under half the available memory): queries then read no RocksDB
files. Either way the server answers from a snapshot taken at start (an ingest after
that is seen after a restart). It binds 127.0.0.1 unless ``--host`` says otherwise.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import KgError
from kg.stores.rdf.iris import DEFAULT_BASE, prefixes

#: bytes of memory per quad of an in-memory pyoxigraph store, with a margin (measured on
#: the full 新闻联播 graph: 753,911 quads, 383 MB resident for the whole server process)
BYTES_PER_QUAD = 800
MAX_BODY = 1 << 20  # a query longer than 1 MiB is refused

SOLUTION_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
}
GRAPH_FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}


def available_memory() -> int:
    """MemAvailable from /proc/meminfo in bytes (0 when unknown)."""
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def fits_in_memory(quads: int, available: int | None = None) -> bool:
    """Is an in-memory copy of ``quads`` quads under half the available memory?"""
    available = available_memory() if available is None else available
    return quads * BYTES_PER_QUAD < available / 2


def open_snapshot(path: Path, memory: bool | None = None) -> tuple[ox.Store, bool, int, float]:
    """The workspace's Oxigraph store opened read-only, copied into memory when
    ``memory`` (None: when it fits). Returns (store, in_memory, quads, seconds)."""
    started = time.perf_counter()
    try:
        disk = ox.Store.read_only(str(path))
    except OSError as e:
        raise KgError(f"cannot open the RDF store at {path}: {e}") from e
    quads = len(disk)
    if memory is None:
        memory = fits_in_memory(quads)
    if not memory:
        return disk, False, quads, time.perf_counter() - started
    copy = ox.Store()
    copy.bulk_extend(disk.quads_for_pattern(None, None, None, None))
    del disk
    return copy, True, quads, time.perf_counter() - started


def negotiate(accept: str, offered: dict[str, Any]) -> tuple[str, Any] | None:
    """The (media type, format) the Accept header prefers among ``offered`` (the first
    one offered for ``*/*`` or no header); None when it accepts none of them."""
    default = next(iter(offered))
    if not accept.strip():
        return default, offered[default]
    ranked: list[tuple[float, int, str]] = []
    for i, part in enumerate(accept.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for p in params:
            if p.startswith("q="):
                try:
                    q = float(p[2:])
                except ValueError:
                    q = 0.0
        ranked.append((q, -i, media.lower()))
    for q, _, media in sorted(ranked, reverse=True):
        if q <= 0:
            continue
        if media in offered:
            return media, offered[media]
        if media in ("*/*", "application/*", "text/*"):
            kind = media.split("/")[0]
            for m in offered:
                if kind == "*" or m.startswith(kind + "/"):
                    return m, offered[m]
    return None


class SparqlApp:
    """What the HTTP handler answers with: queries over one pyoxigraph store."""

    def __init__(self, store: ox.Store, *, base_iri: str = DEFAULT_BASE):
        self.store = store
        self.base_iri = base_iri
        self.prefixes = prefixes(base_iri)
        self._named = None
        self._lock = threading.Lock()

    def run(self, query: str, accept: str, default_graphs: list[str], named_graphs: list[str]) -> tuple[int, str, bytes]:
        """(status, content type, body) for a SPARQL query text."""
        from kg.sparql_check import RefusedQuery, check_read_only

        try:  # SERVICE would make the server fetch any URL; updates change nothing here
            check_read_only(query)
        except RefusedQuery as e:
            return 403, "text/plain", f"refused: {e}\n".encode()
        options: dict[str, Any] = {"prefixes": self.prefixes}
        if default_graphs or named_graphs:
            try:
                if default_graphs:
                    options["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
                if named_graphs:
                    options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
            except ValueError as e:
                return 400, "text/plain", f"invalid graph IRI: {e}\n".encode()
        else:
            options["use_default_graph_as_union"] = True
        try:
            result = self.store.query(query, **options)
        except SyntaxError as e:
            hint = " (updates are refused: this endpoint is read-only)" if _looks_like_update(query) else ""
            return 400, "text/plain", f"SPARQL syntax error{hint}: {e}\n".encode()
        except (OSError, RuntimeError, ValueError) as e:
            return 500, "text/plain", f"query failed: {e}\n".encode()
        offered = GRAPH_FORMATS if isinstance(result, ox.QueryTriples) else SOLUTION_FORMATS
        chosen = negotiate(accept, offered)
        if chosen is None:
            return 406, "text/plain", f"cannot answer in {accept}; offered: {', '.join(offered)}\n".encode()
        media, fmt = chosen
        try:
            body = result.serialize(format=fmt)
        except (OSError, RuntimeError, ValueError) as e:
            return 500, "text/plain", f"query failed: {e}\n".encode()
        return 200, f"{media}; charset=utf-8", body

    def named(self, name: str, params: dict[str, str]) -> tuple[int, str, bytes]:
        """Rows of kg's named query NAME (same keys as ``kg query``) as a JSON array."""
        from kg.queries import names

        if name not in names("sparql"):
            return 404, "text/plain", f"no named query {name!r}; known: {', '.join(names('sparql'))}\n".encode()
        try:
            rows = self._named_store().run_named(name, params)
        except KgError as e:
            return 400, "text/plain", f"{e}\n".encode()
        return 200, "application/json; charset=utf-8", json.dumps(rows, ensure_ascii=False).encode()

    def _named_store(self):
        with self._lock:
            if self._named is None:
                from kg.stores.rdf import OxigraphStore

                view = OxigraphStore(None, base_iri=self.base_iri)
                view._store = self.store  # the served snapshot, not an empty store
                self._named = view
            return self._named

    def index(self) -> bytes:
        from kg.queries import names

        return (
            "kg SPARQL endpoint (read-only)\n\n"
            "GET  /query?query=...  or  POST /query (application/sparql-query, or a form with query=...)\n"
            "     Accept: application/sparql-results+json (default), text/csv, text/tab-separated-values,\n"
            "     application/sparql-results+xml; CONSTRUCT/DESCRIBE: text/turtle (default),\n"
            "     application/n-triples, application/rdf+xml, application/ld+json\n"
            "GET  /named/NAME?param=value  kg's named queries as JSON rows: " + ", ".join(names("sparql")) + "\n"
            "     /update answers 403: updates are refused\n"
        ).encode()


def _looks_like_update(text: str) -> bool:
    words = {w.upper() for w in text.replace("{", " ").split()}
    return bool(words & {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY"})


class _Handler(BaseHTTPRequestHandler):
    server_version = "kg-sparql/1"
    protocol_version = "HTTP/1.1"
    app: SparqlApp  # set on the subclass made by make_server
    quiet = True

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        url = urllib.parse.urlsplit(self.path)
        form = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        if url.path == "/query":
            if "query" not in form:
                return self._send(400, "text/plain", b"missing query parameter\n")
            return self._query(form["query"][0], form)
        if url.path.startswith("/named/"):
            params = {k: v[0] for k, v in form.items()}
            return self._send(*self.app.named(url.path[len("/named/"):], params))
        if url.path == "/update":
            return self._refuse()
        if url.path in ("/", ""):
            return self._send(200, "text/plain; charset=utf-8", self.app.index())
        return self._send(404, "text/plain", b"not found: try /query\n")

    def do_POST(self) -> None:  # noqa: N802
        url = urllib.parse.urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            return self._send(413, "text/plain", b"request body over 1 MiB\n", close=True)
        body = self.rfile.read(length) if length else b""
        if url.path == "/update":
            return self._refuse()
        if url.path != "/query":
            return self._send(404, "text/plain", b"not found: try /query\n")
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        form = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        if ctype == "application/sparql-update":
            return self._refuse()
        if ctype == "application/sparql-query":
            return self._query(body.decode("utf-8", "replace"), form)
        if ctype == "application/x-www-form-urlencoded":
            posted = urllib.parse.parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
            if "update" in posted:
                return self._refuse()
            if "query" not in posted:
                return self._send(400, "text/plain", b"missing query parameter\n")
            return self._query(posted["query"][0], {**form, **posted})
        return self._send(415, "text/plain", b"send application/sparql-query or a form with query=...\n")

    def do_PUT(self) -> None:  # noqa: N802 - the graph store protocol's writes: refused too
        self._refuse()

    do_DELETE = do_PATCH = do_PUT  # noqa: N815

    def _query(self, text: str, form: dict[str, list[str]]) -> None:
        status, ctype, body = self.app.run(text, self.headers.get("Accept") or "", form.get("default-graph-uri", []),
                                           form.get("named-graph-uri", []))
        self._send(status, ctype, body)

    def _refuse(self) -> None:
        self._send(403, "text/plain", b"this SPARQL endpoint is read-only: updates are refused\n")

    def _send(self, status: int, ctype: str, body: bytes, close: bool = False) -> None:
        self.send_response(status, HTTPStatus(status).phrase)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Access-Control-Allow-Origin", "*")
        if close:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        if not self.quiet:
            super().log_message(format, *args)


def make_server(store: ox.Store, host: str = "127.0.0.1", port: int = 7878, *, base_iri: str = DEFAULT_BASE,
                quiet: bool = True) -> ThreadingHTTPServer:
    """A threading HTTP server answering SPARQL over ``store`` (call ``serve_forever``)."""
    handler = type("Handler", (_Handler,), {"app": SparqlApp(store, base_iri=base_iri), "quiet": quiet})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server


__all__ = ["SparqlApp", "fits_in_memory", "make_server", "negotiate", "open_snapshot"]
