"""``kg serve`` over real HTTP: a ``kg serve`` process on a loopback port, queried with
kg's own SPARQL-endpoint store (the named queries), rdflib's SPARQLStore and plain
HTTP (formats, refused writes)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest

from analyst_samples import analyst_extractions
from kg.queries import bind_params
from kg.serve import fits_in_memory, negotiate
from kg.stores.base import open_store
from kg.workspace import Workspace
from kg.pipeline import write_extractions
from analyst_samples import CASES as ANALYST_CASES
from samples import CASES, all_data

KG = [sys.executable, "-c", "from kg.cli import main; main()"]


def _start(workspace: Path, *extra: str) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen([*KG, "serve", "--workspace", str(workspace), "--port", "0", *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()  # "kg: serving N quads (...) at http://127.0.0.1:PORT/query ..."
    if "http://" not in line:
        proc.kill()
        raise AssertionError(f"kg serve did not start: {line}{proc.stderr.read()}")
    return proc, line.split(" at ")[1].split()[0]


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="module")
def data_workspace(tmp_path_factory):
    path = tmp_path_factory.mktemp("served") / "kg-data"
    with Workspace(path) as ws:
        write_extractions(ws, all_data() + analyst_extractions())
    return path


@pytest.fixture(scope="module", params=["memory", "disk"])
def endpoint(request, data_workspace):
    proc, url = _start(data_workspace, "--memory" if request.param == "memory" else "--no-memory")
    yield url
    _stop(proc)


@pytest.fixture(scope="module")
def local(data_workspace):
    """The same workspace's RDF read in process: the reference answers."""
    store = open_store("oxigraph", path=data_workspace / "oxigraph", read_only=True)
    yield store
    store.close()


def _http(url: str, data: bytes | None = None, headers: dict | None = None, method: str | None = None):
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, resp.headers.get("Content-Type", ""), resp.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read()


def _get(url: str, query: str, accept: str = "") -> tuple[int, str, bytes]:
    return _http(f"{url}?{urllib.parse.urlencode({'query': query})}", headers={"Accept": accept} if accept else {})


ALL = [(n, p) for n, p, _ in CASES] + [(n, p) for n, p, _ in ANALYST_CASES]


@pytest.mark.parametrize(("name", "params"), ALL, ids=[f"{n}-{i}" for i, (n, _) in enumerate(ALL)])
def test_named_queries_over_http_answer_as_in_process(endpoint, local, name, params):
    remote = open_store("sparql", query_endpoint=endpoint)
    bound = bind_params(name, params)
    assert remote.run_named(name, bound) == local.run_named(name, bound)


def test_named_query_route(endpoint, local):
    base = endpoint.rsplit("/", 1)[0]
    status, ctype, body = _http(f"{base}/named/co-attendees?" + urllib.parse.urlencode({"person": "周明远"}))
    assert status == 200 and ctype.startswith("application/json")
    assert json.loads(body) == local.run_named("co-attendees", bind_params("co-attendees", {"person": "周明远"}))
    assert _http(f"{base}/named/no-such-query")[0] == 404
    status, _, body = _http(f"{base}/named/posts")
    assert status == 400 and b"needs --param person" in body


def test_rdflib_sparqlstore_reads_it(endpoint, local):
    import rdflib
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    graph = rdflib.Graph(store=SPARQLStore(endpoint))
    rows = list(graph.query("SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a <https://schema.org/Person> }"))
    expected = local.query("SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a schema:Person }")[0]["n"]
    assert int(rows[0][0]) == expected == 6  # the people of both sample sets


def test_results_follow_the_accept_header(endpoint):
    q = "SELECT ?name WHERE { ?p a schema:Person ; rdfs:label ?name } ORDER BY ?name"
    status, ctype, body = _get(endpoint, q)
    assert status == 200 and ctype.startswith("application/sparql-results+json")
    names = [b["name"]["value"] for b in json.loads(body)["results"]["bindings"]]
    assert "周明远" in names and names == sorted(names)
    status, ctype, body = _get(endpoint, q, "text/csv")
    assert ctype.startswith("text/csv")
    assert [r[0] for r in csv.reader(io.StringIO(body.decode()))] == ["name", *names]
    assert _get(endpoint, q, "text/tab-separated-values")[1].startswith("text/tab-separated-values")
    assert b"<sparql" in _get(endpoint, q, "application/sparql-results+xml")[2]
    assert json.loads(_get(endpoint, "ASK { ?s a schema:Event }")[2])["boolean"] is True
    construct = "CONSTRUCT { ?p a schema:Person } WHERE { ?p a schema:Person }"
    status, ctype, body = _get(endpoint, construct)  # Turtle by default
    assert status == 200 and ctype.startswith("text/turtle")
    assert len(list(ox.parse(body, ox.RdfFormat.TURTLE))) == 6
    status, ctype, body = _get(endpoint, construct, "application/n-triples;q=0.9, text/turtle;q=0.5")
    assert ctype.startswith("application/n-triples") and body.count(b"\n") == 6
    assert _get(endpoint, q, "image/png")[0] == 406
    # POST: the query in the body, or as a form
    status, _, body = _http(endpoint, q.encode(), {"Content-Type": "application/sparql-query"})
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == len(names)
    status, _, body = _http(endpoint, urllib.parse.urlencode({"query": q}).encode(),
                            {"Content-Type": "application/x-www-form-urlencoded", "Accept": "text/csv"})
    assert status == 200 and body.decode().splitlines()[1:] == names


def test_bad_requests_are_told_apart(endpoint):
    assert _http(endpoint)[0] == 400  # no query
    status, _, body = _get(endpoint, "SELEKT ?x")
    assert status == 400 and b"syntax" in body
    assert _http(endpoint, b"x", {"Content-Type": "text/plain"})[0] == 415


def test_writes_are_refused(endpoint):
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    before = json.loads(_get(endpoint, count)[2])
    update = "INSERT DATA { GRAPH <http://x/g> { <http://x/a> <http://x/b> <http://x/c> } }"
    base = endpoint.rsplit("/", 1)[0]
    form = urllib.parse.urlencode({"update": update}).encode()
    attempts = [
        _http(f"{base}/update", form, {"Content-Type": "application/x-www-form-urlencoded"}),
        _http(f"{base}/update", update.encode(), {"Content-Type": "application/sparql-update"}),
        _http(endpoint, update.encode(), {"Content-Type": "application/sparql-update"}),
        _http(endpoint, form, {"Content-Type": "application/x-www-form-urlencoded"}),
        _http(f"{base}/update?" + urllib.parse.urlencode({"update": update})),
        _http(f"{base}/data?graph=http://x/g", b"<http://x/a> <http://x/b> <http://x/c> .",
              {"Content-Type": "application/n-triples"}, method="PUT"),
        _http(f"{base}/data?graph=http://x/g", method="DELETE"),
    ]
    assert [a[0] for a in attempts] == [403] * len(attempts)
    status, _, body = _get(endpoint, update)  # an update sent as a query is refused before parsing
    assert status == 403 and b"refused" in body
    federated = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    assert _get(endpoint, federated)[0] == 403  # the server never fetches another URL
    assert json.loads(_get(endpoint, count)[2]) == before


def _listening(port: int) -> list[str]:
    """Local addresses (hex, as /proc/net/tcp{,6} write them) listening on ``port``."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as f:
            for line in f.readlines()[1:]:
                local, state = line.split()[1], line.split()[3]
                if state == "0A" and int(local.rsplit(":", 1)[1], 16) == port:  # 0A = LISTEN
                    found.append(local.rsplit(":", 1)[0])
    return found


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="needs Linux /proc/net/tcp")
def test_listens_on_loopback_only_by_default(endpoint):
    port = int(urllib.parse.urlsplit(endpoint).port)
    assert _listening(port) == ["0100007F"]  # 127.0.0.1, nothing else


def test_serve_without_an_rdf_store_is_one_line(tmp_path):
    done = subprocess.run([*KG, "serve", "--workspace", str(tmp_path / "none"), "--port", "0"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr.startswith("kg: error: no workspace") and done.stderr.count("\n") == 1


def test_negotiation_and_memory_estimate():
    offered = {"a/json": 1, "text/csv": 2, "text/plain": 3}
    assert negotiate("", offered) == ("a/json", 1)
    assert negotiate("*/*", offered) == ("a/json", 1)
    assert negotiate("text/*", offered) == ("text/csv", 2)
    assert negotiate("text/plain;q=0.4, text/csv;q=0.8", offered) == ("text/csv", 2)
    assert negotiate("text/csv;q=0, text/plain", offered) == ("text/plain", 3)
    assert negotiate("image/png", offered) is None
    assert fits_in_memory(1_000, available=10**9) and not fits_in_memory(10**7, available=10**9)


def test_started_server_stops_on_sigint(data_workspace):
    import signal

    proc, url = _start(data_workspace)
    assert _get(url, "ASK { ?s ?p ?o }")[0] == 200
    proc.send_signal(signal.SIGINT)
    started = time.monotonic()
    assert proc.wait(timeout=10) == 0 and time.monotonic() - started < 5
