"""The analyst's named queries (events-by, co-attendees, timeline, events-labelled) on
real FalkorDB and Oxigraph over the same fictional data: expected answers, and the same
answers from both engines; attendees with a label naming several events."""

from __future__ import annotations

import pytest

from helpers import both_engines

from analyst_samples import CASES, MEETING_1, MEETING_2, analyst_extractions, partial_date_extraction
from kg.api import KnowledgeGraph
from kg.errors import AmbiguousLabel
from kg.queries import bind_params, finish_rows, load_query, query_spec
from kg.workspace import Workspace
from kg.pipeline import write_extractions

NEW = ["events-by", "co-attendees", "timeline", "events-labelled"]


IDS = [f"{c[0]}-{i}" for i, c in enumerate(CASES)]


def test_headers_declare_keys_order_and_lists():
    for name in NEW:
        spec = query_spec(name)
        assert spec.description and spec.keys and spec.order, name
        assert set(spec.lists) <= set(spec.keys)
        for p in spec.params:  # every declared parameter is used by both texts
            assert f"${p.name}" in load_query(name, "cypher"), (name, p.name)
            assert f"?param_{p.name}" in load_query(name, "sparql"), (name, p.name)
    assert query_spec("events-by").lists == ("people",)
    assert [p.name for p in query_spec("events-by").params] == ["org", "from", "to"]


def test_finish_rows_splits_sparql_lists_and_sorts_both():
    rows = [{"person": "b", "events": 1, "shared_events": "z\x1fa"},
            {"person": "a", "events": 1, "shared_events": ["y", "b"]},
            {"person": "c", "events": 3, "shared_events": ""}]
    assert finish_rows("co-attendees", rows) == [
        {"person": "c", "events": 3, "shared_events": []},
        {"person": "a", "events": 1, "shared_events": ["b", "y"]},
        {"person": "b", "events": 1, "shared_events": ["a", "z"]}]


@pytest.fixture(scope="module")
def engines(falkor_session):
    yield from both_engines(falkor_session, analyst_extractions())


def _cypher(store, name, params):
    return finish_rows(name, store.query(load_query(name, "cypher"), bind_params(name, params)))


@pytest.mark.parametrize(("name", "params", "expected"), CASES, ids=IDS)
def test_cypher_answers(engines, name, params, expected):
    rows = _cypher(engines[0], name, params)
    assert rows == expected
    assert all(tuple(r) == query_spec(name).keys for r in rows)


@pytest.mark.parametrize(("name", "params", "expected"), CASES, ids=IDS)
def test_sparql_answers_the_same(engines, name, params, expected):
    rows = engines[1].run_named(name, bind_params(name, params))
    assert rows == expected
    assert all(set(r) == set(query_spec(name).keys) for r in rows)


def test_an_undated_or_yearless_event_is_left_out_of_a_bounded_query(falkor):
    """XXXX-07-01 has no year: listed with no bound, never inside one (either bound)."""
    falkor.write(analyst_extractions() + [partial_date_extraction()])
    unbounded = [r["date"] for r in _cypher(falkor, "events-by", {"org": "青山区委"})]
    assert unbounded == [None, "2021-05-10", "2021-06-20", "XXXX-07-01"]
    for bound in ({"from": "2021-01-01"}, {"to": "9999-12-31"}, {"from": "0000-01-01", "to": "ZZZZ"}):
        dates = [r["date"] for r in _cypher(falkor, "events-by", {"org": "青山区委", **bound})]
        assert dates == ["2021-05-10", "2021-06-20"], bound


def test_a_yearless_event_answers_alike_on_both_engines(falkor):
    """XXXX-07-01 (an xsd:gMonthDay in RDF) is the same date from SPARQL as from Cypher,
    in events-by (bounded and not), timeline and co-attendees."""
    from kg.stores.base import open_store

    data = analyst_extractions() + [partial_date_extraction()]
    falkor.write(data)
    with open_store("oxigraph") as rdf:
        rdf.write(data)
        for name, params in (("events-by", {"org": "青山区委"}), ("events-by", {"org": "青山区委", "to": "9999-12-31"}),
                             ("timeline", {"person": "赵立"}), ("co-attendees", {"person": "钱锋"}),
                             ("events-labelled", {"label": "座谈会"})):
            sparql = rdf.run_named(name, bind_params(name, params))
            assert sparql == _cypher(falkor, name, params), (name, params)
        dates = [r["date"] for r in rdf.run_named("events-by", bind_params("events-by", {"org": "青山区委"}))]
        assert dates == [None, "2021-05-10", "2021-06-20", "XXXX-07-01"]


@pytest.fixture(scope="module")
def graph(tmp_path_factory):
    """A real workspace (records, embedded FalkorDB, on-disk Oxigraph) with the data."""
    path = tmp_path_factory.mktemp("analyst") / "kg-data"
    with Workspace(path) as ws:
        write_extractions(ws, analyst_extractions())
    with KnowledgeGraph(path) as g:
        yield g


@pytest.mark.parametrize("engine", ["cypher", "sparql"])
def test_attendees_of_a_label_naming_several_events_lists_them(graph, engine):
    with pytest.raises(AmbiguousLabel, match="names 2 events") as info:
        graph.query("attendees", engine=engine, event="工作会议")
    assert [c["event"] for c in info.value.candidates] == [MEETING_1, MEETING_2]
    assert [c["date"] for c in info.value.candidates] == ["2021-05-10", "2021-06-20"]
    # one event's label or one id answers as before
    assert [r["person"] for r in graph.query("attendees", engine=engine, event="植树活动")] == ["钱锋", "赵立"]
    by_id = graph.query("attendees", engine=engine, event=MEETING_2)
    assert [(r["person"], r["role"]) for r in by_id] == [("周明远", "attended"), ("周明远", "spoke"), ("赵立", "attended")]


@pytest.mark.parametrize(("name", "params", "expected"), CASES[:3] + CASES[6:7], ids=IDS[:3] + IDS[6:7])
def test_through_the_api_on_both_engines(graph, name, params, expected):
    assert graph.query(name, **params) == expected
    assert graph.query(name, engine="sparql", **params) == expected
