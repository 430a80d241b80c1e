"""The RDF stores for real: an on-disk Oxigraph, and ``oxigraph serve`` over HTTP."""

from __future__ import annotations

import contextlib
import dataclasses
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.errors import KgError, StoreError
from kg.stores.rdf.iris import graph_iri
from kg.stores.rdf.mapping import extraction_to_quads
from kg.stores.base import open_store
from kg.stores.rdf import OxigraphStore, SparqlEndpointStore
from samples import CASES, VISIT, sample_extractions, tree_extractions
from hostile_samples import (
    HOSTILE_LABEL,
    HOSTILE_ORG,
    HOSTILE_PERSON,
    HOSTILE_TITLE,
    hostile_extraction,
)

def _data():
    return sample_extractions() + tree_extractions()


@pytest.fixture
def store(tmp_path):
    with OxigraphStore(tmp_path / "oxigraph") as s:
        s.write(_data())
        yield s


def _graph_quads(store: OxigraphStore, article_id: str) -> set:
    return set(store.store.quads_for_pattern(None, None, None, graph_iri(article_id)))


def test_write_on_disk_and_stats(store):
    stats = store.stats()
    assert stats["graphs"] == 5 and stats["articles"] == 4  # + the entities graph
    assert stats["classes"]["schema:Person"] == 6
    assert stats["classes"]["schema:Event"] == 2
    assert stats["classes"]["kg:Participation"] == 8
    assert stats["classes"]["org:Membership"] == 5  # 7 holdings, two of them stated by both articles
    assert stats["triples"] == sum(stats["predicates"].values()) < stats["quads"]
    assert all(isinstance(v, int) for v in stats["predicates"].values())


def test_rewrite_is_idempotent_and_persists(tmp_path):
    path = tmp_path / "ox"
    with open_store("oxigraph", path=path) as s:
        s.write(_data())
        before = s.stats()
        s.write(_data())
        s.write(_data()[:1])
        assert s.stats() == before
    with OxigraphStore(path) as reopened:
        assert reopened.stats() == before
    # the chunked bulk_load path gives the same quads as transactions, hostile text included
    with OxigraphStore(chunk_articles=2, bulk_threshold=1) as bulk, OxigraphStore() as plain:
        for target in (bulk, plain):
            target.write(_data() + [hostile_extraction()])
            target.write(_data())
        assert set(bulk.store) == set(plain.store)
        assert plain.stats()["triples"] > before["triples"]


def test_edited_article_replaces_only_its_graph(store):
    first, second = sample_extractions()
    other_graph = _graph_quads(store, first.article.id)
    visit = dataclasses.replace(second.events[0], label="走访看望专家")
    edited = dataclasses.replace(second, events=(visit,), participations=second.participations[:2])
    store.write([edited])
    assert _graph_quads(store, first.article.id) == other_graph
    own = {q for q in extraction_to_quads(edited) if q.graph_name == graph_iri(second.article.id)}
    assert _graph_quads(store, second.article.id) == own
    rows = store.run_named("attendees", {"event": VISIT})
    assert [(r["person"], r["role"]) for r in rows] == [("周明远", "led"), ("李教授", "counterpart")]
    assert store.run_named("who-attended", {"person": "周明远"})[-1]["label"] == "走访看望专家"


def test_delete_article_keeps_shared_nodes(store):
    store.delete_articles(["sample-2"])
    assert store.stats()["articles"] == 3
    assert store.stats()["classes"]["schema:Person"] == 5  # 李教授 was only in sample-2
    assert store.run_named("posts", {"person": "赵立"})[0]["last_date"] == "2021-03-04"  # from sample-1 only
    assert store.query("SELECT ?p ?name WHERE { ?p rdfs:label ?l FILTER(STR(?l) = ?name) }", {"name": "李教授"}) == []
    # the memberships sample-2 shared with sample-1 stay, with sample-1's dates only ...
    assert store.stats()["classes"]["org:Membership"] == 5
    # ... and go with the last article that attests them
    store.delete_articles(["sample-1"])
    assert store.run_named("posts", {"person": "赵立"}) == []
    assert store.query("SELECT ?m ?name WHERE { ?m a org:Membership ; org:member/rdfs:label ?l FILTER(STR(?l) = ?name) }",
                       {"name": "周明远"}) == []
    store.clear()
    assert store.stats()["triples"] == 0


def test_places_stay_while_an_article_uses_them(tmp_path):
    """A place (and its parents) is in the entities graph once however many articles use
    it, and leaves with the last of them; rewriting changes nothing."""
    from kg.resolve import resolve
    from places_samples import places_extractions

    places = "SELECT ?n WHERE { ?p a schema:Place ; rdfs:label ?l BIND(STR(?l) AS ?n) }"
    with OxigraphStore(tmp_path / "oxigraph") as store:
        data = resolve(places_extractions())
        store.write(data)
        quads = len(store.store)
        store.write(data)
        assert len(store.store) == quads
        names = [r["n"] for r in store.query(places)]
        assert len(names) == len(set(names)) and {"北京市", "人民大会堂北大厅", "康定市", "纽约", "中国"} <= set(names)
        store.delete_articles(["pl-1"])
        names = {r["n"] for r in store.query(places)}
        assert "康定市" not in names and "乡城县" not in names and {"北京市", "中国"} <= names
        store.delete_articles(["pl-2", "pl-3", "pl-4", "pl-5"])
        assert store.query(places) == []


@pytest.mark.parametrize("name,params,expected", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_named_queries(store, name, params, expected):
    assert store.run_named(name, params) == expected


def test_named_query_params_are_checked(store):
    with pytest.raises(KgError):
        store.run_named("who-attended", {})
    with pytest.raises(KgError):
        store.run_named("who-attended", {"person": "周明远", "nope": 1})
    with pytest.raises(KgError):
        store.run_named("../kg", {})
    assert store.run_named("co-attendance", {"min": "2"}) == CASES[8][2]


def test_hostile_names_do_not_break_anything(store):
    before = {name: store.run_named(name, params) for name, params, _ in CASES[:6]}
    triples = store.stats()["triples"]
    store.write([hostile_extraction()])
    assert store.stats()["articles"] == 5 and store.stats()["triples"] > triples
    assert {name: store.run_named(name, params) for name, params, _ in CASES[:6]} == before
    rows = store.run_named("who-attended", {"person": HOSTILE_PERSON})
    assert [(r["label"], r["role"], r["location"]) for r in rows] == [(HOSTILE_LABEL, "attended", HOSTILE_ORG)]
    assert store.run_named("holders", {"org": HOSTILE_ORG})[0]["title"] == HOSTILE_TITLE
    assert store.run_named("org-tree", {"org": HOSTILE_LABEL}) == [{"org": HOSTILE_ORG, "parent": HOSTILE_LABEL, "depth": 1}]
    # hostile parameter values are data, not syntax
    for evil in ['" } } DROP SILENT ALL #', "?x", "<x>", "\\", '"""']:
        assert store.run_named("who-attended", {"person": evil}) == []
    store.delete_articles([hostile_extraction().article.id])
    assert store.stats()["triples"] == triples


def test_ad_hoc_queries(store):
    rows = store.query("SELECT ?name (COUNT(DISTINCT ?post) AS ?n) WHERE { ?p a schema:Person ; rdfs:label ?l ; org:holds ?post "
                       "FILTER(STR(?l) = ?name) } GROUP BY ?name", {"name": "周明远"})
    assert rows == [{"name": "周明远", "n": 2}]
    assert store.query("ASK { ?s kg:order 4 }") == [{"result": True}]
    with pytest.raises(StoreError):
        store.query("SELECT nonsense")


def test_rdflib_view(store):
    ds = store.as_rdflib()
    rows = list(ds.query("SELECT (COUNT(*) AS ?n) WHERE { ?p a <https://schema.org/Person> }"))
    assert int(rows[0][0]) >= 6


def test_other_base_iri(tmp_path):
    base = "https://example.com/kg/"
    with OxigraphStore(tmp_path / "b", base_iri=base) as s:
        s.write(sample_extractions())
        assert s.run_named("who-attended", {"person": "周明远"}) == CASES[0][2]
        assert s.stats()["predicates"]["kg:order"] == 8
    with pytest.raises(KgError):
        OxigraphStore(base_iri="https://example.com/kg")


# -- a real SPARQL 1.1 server ------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def _serve(location: Path, union: bool = True):
    """``oxigraph serve`` on a free loopback port; stopped (and reaped) on exit."""
    exe = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    if not Path(exe).exists():
        pytest.skip("the oxigraph server (PyPI package 'oxigraph', test extra) is not installed")
    port = _free_port()
    args = [exe, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
    proc = subprocess.Popen(args + (["--union-default-graph"] if union else []),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 15
        while True:
            if proc.poll() is not None:
                pytest.fail(f"oxigraph serve exited: {proc.stderr.read().decode(errors='replace')}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("oxigraph serve did not open its port in 15 s")
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        proc.stderr.close()


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory):
    with _serve(tmp_path_factory.mktemp("oxigraph-serve")) as url:
        yield url


@pytest.fixture
def endpoint(oxigraph_server):
    store = open_store("sparql", query_endpoint=f"{oxigraph_server}/query")
    store.clear()
    store.write(_data())
    yield store
    store.clear()


def test_endpoint_matches_embedded(endpoint, store):
    assert isinstance(endpoint, SparqlEndpointStore)
    assert endpoint.update_endpoint.endswith("/update")
    embedded = store.stats()
    embedded.pop("quads")
    assert endpoint.stats() == embedded
    for name, params, expected in CASES:
        assert endpoint.run_named(name, params) == expected == store.run_named(name, params), (name, params)


def test_endpoint_rewrite_edit_and_hostile(endpoint, store):
    before = endpoint.stats()
    endpoint.write(_data())
    assert endpoint.stats() == before
    endpoint.write([hostile_extraction()])
    store.write([hostile_extraction()])
    assert endpoint.run_named("holders", {"org": HOSTILE_ORG}) == store.run_named("holders", {"org": HOSTILE_ORG})
    assert endpoint.run_named("who-attended", {"person": HOSTILE_PERSON})[0]["label"] == HOSTILE_LABEL
    for evil in ['" } } DROP SILENT ALL #', "\\", '"""', "'} ; CLEAR ALL"]:
        assert endpoint.run_named("who-attended", {"person": evil}) == []
        assert endpoint.query("SELECT ?p WHERE { ?p rdfs:label ?l FILTER(STR(?l) = ?name) }", {"name": evil}) == []
    endpoint.delete_articles([hostile_extraction().article.id])
    assert endpoint.stats() == before
    store.delete_articles([hostile_extraction().article.id])
    assert set(endpoint.to_pyoxigraph()) == set(store.store)


def test_endpoint_without_union_default_graph_is_reported(tmp_path):
    with _serve(tmp_path / "plain", union=False) as url:
        store = SparqlEndpointStore(f"{url}/query")
        store.write(sample_extractions())
        with pytest.raises(StoreError, match="union"):
            store.run_named("who-attended", {"person": "周明远"})
        per_request = SparqlEndpointStore(f"{url}/query", query_params={"union-default-graph": ""})
        assert per_request.run_named("who-attended", {"person": "周明远"}) == CASES[0][2]


def test_endpoint_errors_are_store_errors(oxigraph_server):
    store = SparqlEndpointStore(f"{oxigraph_server}/query")
    with pytest.raises(StoreError, match="400|syntax|error"):
        store.query("SELECT nonsense")
    dead = SparqlEndpointStore(f"http://127.0.0.1:{_free_port()}/query", timeout=2)
    with pytest.raises(StoreError, match="unreachable"):
        dead.query("ASK {}")
    with pytest.raises(StoreError):
        SparqlEndpointStore("file:///etc/passwd")
