"""Records -> RDF mapping (kg.stores.rdf.mapping): deterministic, safe IRIs, one graph
per article, evidence everywhere."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest

from kg.errors import KgError
from kg.model import (
    Article,
    Event,
    Extraction,
    Organization,
    Person,
    make_id,
)
from kg.stores.rdf.iris import DEFAULT_BASE, check_base, entities_graph_iri, graph_iri, id_segment, pct
from kg.stores.rdf.mapping import MENTIONS, extraction_to_quads, extraction_to_triples
from hostile_samples import (
    HOSTILE_LABEL,
    HOSTILE_ORG,
    HOSTILE_PERSON,
    HOSTILE_PERSON_2,
    HOSTILE_TITLE,
    hostile_extraction,
    span,
)
from samples import sample_extractions, tree_extractions

SAFE_IRI = re.compile(r"^https://kg\.example\.org/(ontology#[A-Za-z0-9%_.\-]+|[a-z]+/[A-Za-z0-9%_.\-]+(/position|/quote)?)$")


def test_deterministic_and_in_article_graph():
    x = sample_extractions()[0]
    assert extraction_to_triples(x) == extraction_to_triples(x)
    quads = extraction_to_quads(x)
    assert {q.graph_name for q in quads} == {graph_iri(x.article.id), entities_graph_iri()}
    assert len(quads) == len(set(quads))  # deduplicated
    # shared nodes are described in the entities graph, and mentioned by the article
    shared = {q.subject for q in quads if q.graph_name == entities_graph_iri()}
    mentioned = {q.object for q in quads if q.predicate == MENTIONS and q.graph_name == graph_iri(x.article.id)}
    # persons, orgs (the venue is a place, not an organization), places (the venue and
    # 青山区 up to 中国), posts, titles, memberships
    assert shared == mentioned and len(shared) == 5 + 3 + 5 + 4 + 4 + 5
    kinds = {q.subject.value[len(DEFAULT_BASE):].split("/")[0] for q in quads if q.graph_name == graph_iri(x.article.id)}
    # + person: the org:holds shortcut is a fact from the article
    assert kinds == {"article", "event", "participation", "membership", "authorship", "evidence", "person"}


def test_one_membership_per_person_and_post_attested_per_article():
    """Both sample articles name 周明远 青山区委书记: one shared membership, whose date and
    evidence each article states in its own graph."""
    store = ox.Store()
    for x in sample_extractions():
        store.extend(extraction_to_quads(x))
    q = """PREFIX kg: <https://kg.example.org/ontology#> PREFIX org: <http://www.w3.org/ns/org#>
    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    SELECT ?m ?g ?date WHERE {
      GRAPH <https://kg.example.org/graph/entities> {
        ?m org:member/rdfs:label "周明远"@zh ; kg:post/rdfs:label "青山区委书记"@zh }
      GRAPH ?g { ?m kg:date ?date ; kg:evidence ?e } }"""
    rows = {(r["m"].value, r["g"].value, r["date"].value) for r in store.query(q)}
    assert len({m for m, _, _ in rows}) == 1
    x1, x2 = sample_extractions()
    assert {(g, d) for _, g, d in rows} == {(graph_iri(x1.article.id).value, "2021-03-04"),
                                            (graph_iri(x2.article.id).value, "2021-03-09")}


def test_ids_become_hash_segments():
    person = Person("周明远")
    assert id_segment(person.id) == person.id.split(":")[1]
    assert id_segment("sample-1") == "sample-1"
    assert pct('a b"<>/{}') == "a%20b%22%3C%3E%2F%7B%7D"
    assert pct("周") == "%E5%91%A8"


def test_hostile_values_make_safe_iris():
    quads = extraction_to_quads(hostile_extraction())
    iris = {t.value for q in quads for t in (q.subject, q.predicate, q.object, q.graph_name)
            if isinstance(t, ox.NamedNode) and t.value.startswith(DEFAULT_BASE)}
    assert iris and all(SAFE_IRI.match(i) for i in iris), sorted(i for i in iris if not SAFE_IRI.match(i))
    labels = {q.object.value for q in quads if q.predicate.value.endswith("#label")}
    assert {HOSTILE_PERSON, HOSTILE_PERSON_2, HOSTILE_ORG, HOSTILE_TITLE, HOSTILE_LABEL} <= labels
    # and the quads survive a serialise / parse round trip unchanged
    data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    assert set(ox.parse(data, ox.RdfFormat.N_QUADS)) == set(quads)


def test_every_participation_and_membership_has_evidence():
    store = ox.Store()
    for x in sample_extractions():
        store.extend(extraction_to_quads(x))
    q = """PREFIX kg: <https://kg.example.org/ontology#> PREFIX org: <http://www.w3.org/ns/org#>
    PREFIX oa: <http://www.w3.org/ns/oa#>
    SELECT ?n WHERE { { ?n a kg:Participation } UNION { ?n a org:Membership }
      FILTER NOT EXISTS { ?n kg:evidence ?e . ?e oa:hasSource ?a ; kg:sentence ?s ;
        oa:hasSelector [ oa:start ?b ; oa:end ?c ] , [ oa:exact ?x ] } }"""
    assert list(store.query(q, use_default_graph_as_union=True)) == []
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?p a <https://kg.example.org/ontology#Participation> }"
    assert int(next(iter(store.query(count, use_default_graph_as_union=True)))["n"].value) == 8


def test_invalid_date_is_dropped_not_ill_typed():
    x = sample_extractions()[1]
    bad = Extraction(article=Article(**{**_fields(x.article), "date": "2021-02-30"}), persons=x.persons)
    dates = [t for t in extraction_to_triples(bad) if isinstance(t[2], ox.Literal) and t[2].datatype.value.endswith("#date")]
    assert dates == []


def test_inconsistent_records_and_bad_base_raise():
    x = sample_extractions()[0]
    broken = Extraction(article=x.article, persons=x.persons, holds=x.holds)  # posts missing
    with pytest.raises(KgError, match="unknown post"):
        extraction_to_triples(broken)
    for base in ("https://kg.example.org", "ftp://x/", "https://x/a b/", "https://x/<a>/"):
        with pytest.raises(KgError):
            check_base(base)
    assert check_base("https://example.com/kg/") == "https://example.com/kg/"


def test_configurable_base():
    x = sample_extractions()[1]
    base = "https://example.com/kg/"
    iris = {q.subject.value for q in extraction_to_quads(x, base)}
    assert all(i.startswith(base) for i in iris)
    preds = {q.predicate.value for q in extraction_to_quads(x, base)}
    assert base + "ontology#order" in preds
    assert make_id("event", "sample-2", "0") in {q.object.value for q in extraction_to_quads(x, base)}


def test_every_term_is_in_the_ontology():
    import rdflib
    from importlib import resources

    ontology = rdflib.Graph().parse(data=(resources.files("kg.schema") / "kg.ttl").read_text("utf-8"), format="turtle")
    declared = {str(s) for s in ontology.subjects()}
    used = set()
    for x in sample_extractions() + tree_extractions():
        for q in extraction_to_quads(x):
            used.add(q.predicate.value)
            if q.predicate.value.endswith("#type") or q.object.value.startswith(DEFAULT_BASE + "ontology#"):
                used.add(q.object.value)
    ours = {u for u in used if u.startswith(DEFAULT_BASE + "ontology#")}
    assert ours and ours <= declared, sorted(ours - declared)


def _fields(obj) -> dict:
    return {name: getattr(obj, name) for name in obj.__slots__}


def _place_record() -> Extraction:
    """A reception in a hall of 人民大会堂, reported with 越共中央 (an organization abroad)."""
    from kg.places import locate

    text = "越共中央代表团在人民大会堂北大厅出席招待会。"
    article = Article(id="places-1", title="招待会", text=text, date="2021-06-20")
    event = Event(id=make_id("event", "places-1", "0"), article_id=article.id, type="ceremony", label="招待会",
                  evidence=span(article, "出席招待会"), date="2021-06-20", location="人民大会堂北大厅")
    return locate(Extraction(article=article, organizations=(Organization("越共中央"),
                                                             Organization("人民大会堂北大厅", kind="place")),
                             events=(event,)))


def test_places_map_to_a_tree_of_schema_places():
    """The places, their tree and links, compared by graph isomorphism with the expected
    triples (coordinates checked apart: their digits are cpca's)."""
    import rdflib
    from rdflib.compare import isomorphic

    from kg.places import place_book
    from kg.stores.rdf.iris import entity_iri

    x = _place_record()
    triples = [ox.Triple(*t) for t in extraction_to_triples(x)]
    graph = rdflib.Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
    book = place_book()
    hall = book.by_id[x.events[0].places[0]]
    venue, beijing = book.by_id[hall.parent], book.by_id[book.by_id[hall.parent].parent]
    china, vietnam = book.china, book.org_place("越共中央")
    iri = {p.name: entity_iri("place", p.id).value for p in (hall, venue, beijing, china, vietnam)}
    org = entity_iri("org", make_id("org", "越共中央")).value
    event = entity_iri("event", x.events[0].id).value
    expected = rdflib.Graph().parse(format="turtle", data=f"""
        @prefix kg: <https://kg.example.org/ontology#> . @prefix schema: <https://schema.org/> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        <{iri["中国"]}> a schema:Place ; kg:id "{china.id}" ; rdfs:label "中国"@zh ; skos:altLabel "中华人民共和国"@zh ;
            kg:placeLevel kg:country .
        <{iri["越南"]}> a schema:Place ; kg:id "{vietnam.id}" ; rdfs:label "越南"@zh ; skos:altLabel "越共"@zh ;
            kg:placeLevel kg:country .
        <{iri["北京市"]}> a schema:Place ; kg:id "{beijing.id}" ; rdfs:label "北京市"@zh ;
            skos:altLabel "北京"@zh , "京"@zh ; kg:placeLevel kg:province ; kg:divisionCode "110000" ;
            schema:containedInPlace <{iri["中国"]}> .
        <{iri["人民大会堂"]}> a schema:Place ; kg:id "{venue.id}" ; rdfs:label "人民大会堂"@zh ;
            kg:placeLevel kg:venue ; schema:containedInPlace <{iri["北京市"]}> .
        <{iri["人民大会堂北大厅"]}> a schema:Place ; kg:id "{hall.id}" ; rdfs:label "人民大会堂北大厅"@zh ;
            kg:placeLevel kg:venue ; schema:containedInPlace <{iri["人民大会堂"]}> .
        <{event}> schema:location <{iri["人民大会堂北大厅"]}> ; kg:locationText "人民大会堂北大厅"@zh .
        <{org}> schema:location <{iri["越南"]}> .
    """)
    schema, kg_ns = rdflib.Namespace("https://schema.org/"), rdflib.Namespace("https://kg.example.org/ontology#")
    places = set(graph.subjects(rdflib.RDF.type, schema.Place))
    got = rdflib.Graph()
    for s, p, o in graph:
        if (s in places and p not in (schema.latitude, schema.longitude)) or p in (schema.location, kg_ns.locationText):
            got.add((s, p, o))
    assert isomorphic(got, expected)
    # coordinates: a division's, as xsd:decimal, none for a venue
    lat = graph.value(rdflib.URIRef(iri["北京市"]), schema.latitude)
    assert lat.datatype == rdflib.XSD.decimal and abs(float(lat) - beijing.latitude) < 1e-6
    assert graph.value(rdflib.URIRef(iri["人民大会堂"]), schema.latitude) is None
    # the location the extractor named as an organization is no organization
    labelled = set(graph.subjects(rdflib.RDFS.label, rdflib.Literal("人民大会堂北大厅", lang="zh")))
    assert labelled == {rdflib.URIRef(iri["人民大会堂北大厅"])}
