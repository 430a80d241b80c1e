"""The shapes as SPARQL (``kg.shacl_sparql``) against pySHACL, the reference: the same
violations (focus node, path, constraint) on kg's own graph and on crafted breakage of
every constraint kind the shapes use; shapes it cannot translate are refused."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import rdflib

from kg.stores.rdf.export import export_graph, load_schema_text, validate_graph, validate_store
from kg.shacl_sparql import UnsupportedShape, compile_shapes, validate_store as sparql_violations
from kg.stores.base import open_store
from samples import sample_extractions, tree_extractions
from analyst_samples import analyst_extractions
from kg.resolve import resolve
from places_samples import places_extractions

SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
SHAPES = load_schema_text()

BROKEN = """
@prefix kg: <https://kg.example.org/ontology#> . @prefix schema: <https://schema.org/> .
@prefix org: <http://www.w3.org/ns/org#> . @prefix oa: <http://www.w3.org/ns/oa#> .
@prefix sem: <http://semanticweb.cs.vu.nl/2009/11/sem/> . @prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix x: <https://kg.example.org/broken/> . @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .

x:e1 a schema:Event ; kg:id "e1" ; kg:eventType kg:party ; rdfs:label "meeting"@en ;
     schema:startDate "2021-13-45"^^xsd:date , "2021-01-02"^^xsd:date ; kg:evidence x:ev1 .
x:e2 a schema:Event ; kg:id "e2" , "e2b" ; kg:eventType kg:meeting ; rdfs:label "会议" .
x:p1 a schema:Person ; kg:id "p1" ; rdfs:label "甲"@zh .
x:o1 a schema:Organization ; rdfs:label "乙"@zh .
x:m1 a org:Membership ; org:member x:o1 ; kg:post x:p1 ; kg:date "yesterday" ; prov:wasDerivedFrom "a1" .
x:part1 a kg:Participation ; rdf:value "甲" ; kg:event x:e2 ; sem:roleType kg:danced ; kg:order 0 , "2" ;
        kg:evidence x:ev1 ; prov:wasDerivedFrom x:a1 .
x:ev1 a kg:Evidence ; oa:hasSource x:a1 ; oa:hasSelector x:sel1 , x:sel2 ; kg:sentence "句子" .
x:sel1 a oa:TextPositionSelector ; oa:start 9 ; oa:end 3 .
x:sel2 a oa:TextQuoteSelector ; oa:exact 5 .
x:a1 a schema:NewsArticle ; kg:id "a1" ; schema:datePublished "2021-02-30"^^xsd:date .
x:post1 a org:Post ; org:postIn x:p1 ; rdfs:label "书记"@en .
x:pl1 a schema:Place ; kg:id "pl1" ; rdfs:label "甲地"@zh , "乙地"@zh ; kg:placeLevel kg:planet ;
      kg:divisionCode 513301 ; schema:containedInPlace x:p1 , x:pl2 ; schema:latitude "north" .
x:pl2 a schema:Place ; rdfs:label "丙地"@en ; skos:altLabel "丙"@en ; schema:longitude 101.5e0 .
x:e3 a schema:Event ; kg:id "e3" ; kg:eventType kg:meeting ; rdfs:label "会"@zh ; kg:evidence x:ev1 ;
     schema:location x:o1 ; kg:locationText "甲地"@zh , "乙地" .
x:o2 a schema:Organization ; rdfs:label "丁"@zh ; schema:location x:pl2 , x:p1 .
"""


def _pyshacl(graph: rdflib.Graph) -> set[tuple]:
    import pyshacl

    shapes = rdflib.Graph().parse(data=SHAPES, format="turtle")
    _, report, _ = pyshacl.validate(graph, shacl_graph=shapes, inference="none", advanced=False, allow_warnings=True)
    out = set()
    for result in report.subjects(rdflib.RDF.type, SH.ValidationResult):
        path = report.value(result, SH.resultPath)
        steps = (tuple(str(p) for p in rdflib.collection.Collection(report, path))
                 if isinstance(path, rdflib.BNode) else (str(path),))
        component = str(report.value(result, SH.sourceConstraintComponent)).rsplit("#", 1)[1]
        out.add((str(report.value(result, SH.focusNode)), steps, component))
    return out


def _ours(store: ox.Store) -> set[tuple]:
    return {(v.focus, v.path, v.component) for v in sparql_violations(store, SHAPES)}


@pytest.fixture(scope="module")
def kg_store():
    rdf = open_store("oxigraph")
    rdf.write(sample_extractions() + tree_extractions() + analyst_extractions() + resolve(places_extractions()))
    yield rdf
    rdf.close()


def test_kg_graph_conforms_for_both(kg_store):
    store = kg_store.to_pyoxigraph()
    nt = ox.serialize(store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True),
                      format=ox.RdfFormat.N_TRIPLES)
    assert _pyshacl(rdflib.Graph().parse(data=nt, format="nt")) == set() == _ours(store)
    assert validate_store(store) == (True, "", 0)


def test_every_broken_constraint_is_found_as_pyshacl_finds_it(kg_store):
    store = ox.Store()
    store.extend(kg_store.to_pyoxigraph().quads_for_pattern(None, None, None, None))
    graph = ox.NamedNode("https://kg.example.org/graph/broken")
    store.extend(ox.Quad(t.subject, t.predicate, t.object, graph) for t in ox.parse(BROKEN.encode(), ox.RdfFormat.TURTLE))
    nt = ox.serialize(store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True),
                      format=ox.RdfFormat.N_TRIPLES)
    reference = _pyshacl(rdflib.Graph().parse(data=nt, format="nt"))
    ours = _ours(store)
    assert ours == reference
    kinds = {c for _, _, c in ours}
    assert kinds >= {"MinCountConstraintComponent", "MaxCountConstraintComponent", "ClassConstraintComponent",
                     "NodeKindConstraintComponent", "DatatypeConstraintComponent", "LanguageInConstraintComponent",
                     "InConstraintComponent", "MinInclusiveConstraintComponent",
                     "LessThanOrEqualsConstraintComponent"}
    conforms, summary, count = validate_store(store)
    # one result per focus, path, constraint and value (two bad startDates are two)
    assert not conforms and count == len(sparql_violations(store, SHAPES)) > len(ours)
    assert summary.startswith(f"{count} SHACL violation(s):")
    assert "an event has one type among" in summary
    assert validate_graph(rdflib.Graph().parse(data=nt, format="nt"))[2] == count  # pySHACL counts the same


def test_export_refuses_a_broken_graph_with_either_validator(kg_store, tmp_path):
    from kg.errors import KgError

    store = ox.Store()
    store.extend(kg_store.to_pyoxigraph().quads_for_pattern(None, None, None, None))
    store.add(ox.Quad(ox.NamedNode("https://kg.example.org/event/x"), ox.NamedNode(
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode("https://schema.org/Event"),
        ox.NamedNode("https://kg.example.org/graph/x")))
    for validator in ("sparql", "pyshacl"):
        with pytest.raises(KgError, match="does not conform"):
            export_graph(store, "nt", tmp_path / f"{validator}.nt", validator=validator)
        assert not (tmp_path / f"{validator}.nt").exists()
    info = export_graph(kg_store, "ttl", tmp_path / "ok.ttl")
    assert info["conforms"] is True and (tmp_path / "ok.ttl").stat().st_size > 1000


def test_shapes_beyond_the_compiled_subset_are_refused():
    extra = SHAPES + """
kgsh:Odd a sh:NodeShape ; sh:targetClass schema:Event ;
    sh:property [ sh:path [ sh:inversePath kg:event ] ; sh:minCount 1 ] ."""
    with pytest.raises(UnsupportedShape):
        compile_shapes(extra)
    with pytest.raises(UnsupportedShape):
        compile_shapes(SHAPES + "\nkgsh:Odd2 a sh:NodeShape ; sh:targetClass schema:Event ; sh:property [ sh:path kg:id ; sh:pattern \"^e\" ] .")
