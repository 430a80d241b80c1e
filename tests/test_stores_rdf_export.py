"""Export: SHACL validation before writing, and every format parses back to the store's graph."""

from __future__ import annotations

import io

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from kg.errors import KgError
from kg.stores.rdf import OxigraphStore
from kg.stores.rdf.export import export_graph, union_triples
from kg.stores.rdf.iris import graph_iri
from hostile_samples import hostile_extraction
from samples import sample_extractions, tree_extractions

KG = "https://kg.example.org/ontology#"


@pytest.fixture
def store(tmp_path):
    with OxigraphStore(tmp_path / "ox") as s:
        s.write(sample_extractions() + tree_extractions() + [hostile_extraction()])
        yield s


def _union_graph(store: OxigraphStore) -> rdflib.Graph:
    graph = rdflib.Graph()
    graph.parse(data=ox.serialize(union_triples(store.store), format=ox.RdfFormat.N_TRIPLES), format="nt")
    return graph


@pytest.mark.parametrize("fmt,rdflib_format", [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")])
def test_export_conforms_and_round_trips(store, tmp_path, fmt, rdflib_format):
    out = tmp_path / f"kg.{fmt}"
    info = export_graph(store, fmt, out)
    assert info["conforms"] is True and info["graphs"] == 6  # 5 articles + entities
    if fmt == "nt":  # each distinct triple once (Oxigraph's union and CONSTRUCT repeat them)
        lines = out.read_bytes().splitlines()
        assert len(lines) == len(set(lines)) == info["triples"] == store.stats()["triples"]
    parsed = rdflib.Graph().parse(out, format=rdflib_format)
    assert len(parsed) == info["triples"]
    assert isomorphic(parsed, _union_graph(store))


def test_trig_keeps_the_article_graphs(store):
    buffer = io.BytesIO()
    info = export_graph(store, "trig", buffer)
    ds = rdflib.Dataset()
    ds.parse(data=buffer.getvalue(), format="trig")
    graphs = {str(g.identifier) for g in ds.graphs() if len(g)}
    assert graphs == {g.value for g in store.store.named_graphs()}
    assert sum(len(g) for g in ds.graphs()) == info["quads"]
    one = graph_iri("sample-2")
    assert len(ds.graph(rdflib.URIRef(one.value))) == len(list(store.store.quads_for_pattern(None, None, None, one)))


def test_missing_evidence_is_refused(store, tmp_path):
    # a participation loses its evidence link in every graph
    evidence = ox.NamedNode(KG + "evidence")
    part_type = ox.NamedNode(KG + "Participation")
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    part = next(iter(store.store.quads_for_pattern(None, rdf_type, part_type, None))).subject
    for quad in list(store.store.quads_for_pattern(part, evidence, None, None)):
        store.store.remove(quad)
    out = tmp_path / "kg.ttl"
    with pytest.raises(KgError) as err:
        export_graph(store, "ttl", out)
    message = str(err.value)
    assert "1 SHACL violation" in message and "a participation has evidence" in message
    assert "participation:" in message or "<participation/" in message
    assert not out.exists() and list(tmp_path.glob(".kg.ttl*")) == []
    info = export_graph(store, "ttl", out, validate=False)
    assert out.exists() and info["conforms"] is None


def test_bad_values_are_reported(store):
    g = graph_iri("sample-1")
    event = ox.NamedNode("https://kg.example.org/event/" + sample_extractions()[0].events[0].id.split(":")[1])
    store.store.add(ox.Quad(event, ox.NamedNode("https://schema.org/endDate"), ox.Literal("2021-02-30", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")), g))
    part = next(q.subject for q in store.store.quads_for_pattern(None, ox.NamedNode(KG + "order"), None, g))
    store.store.add(ox.Quad(part, ox.NamedNode(KG + "order"), ox.Literal(0), g))
    with pytest.raises(KgError) as err:
        export_graph(store, "nt", io.BytesIO())
    message = str(err.value)
    assert "schema:endDate" in message and "kg:order" in message


def test_export_from_a_closed_store_directory(tmp_path):
    path = tmp_path / "ox"
    with OxigraphStore(path) as s:
        s.write(sample_extractions())
        expected = _union_graph(s)
    info = export_graph(path, "nt", tmp_path / "kg.nt")
    assert isomorphic(rdflib.Graph().parse(tmp_path / "kg.nt", format="nt"), expected)
    assert info["graphs"] == 3
    with pytest.raises(KgError):
        export_graph(tmp_path / "missing", "nt", tmp_path / "x.nt")
    with pytest.raises(KgError):
        export_graph(path, "xml", tmp_path / "x.xml")
