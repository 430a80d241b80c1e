"""The events-at named query on real FalkorDB and Oxigraph over the same fictional
records: a place includes its sub-places, a place is found by a name it goes by, dates
bound it (a year-less date counts as undated), both engines give the same rows; and
``kg query events-at`` end to end on a fictional corpus."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from helpers import both_engines
from typer.testing import CliRunner

from kg.cli import app
from kg.places import place_book
from kg.queries import bind_params, finish_rows, load_query, query_spec
from kg.resolve import resolve
from places_samples import CHAOYANG, EXPO, IN_JING, KANGDING, NEW_YORK, RECEPTION, REPORT, YEARLESS
from places_samples import places_extractions

DATA = Path(__file__).parent / "data" / "places"


def _row(event, label, date, location, places, people):
    return {"event": event, "label": label, "type": "meeting", "date": date, "location": location,
            "places": places, "people": people}


ROWS = {
    CHAOYANG: _row(CHAOYANG, "调研会", None, "北京市朝阳区", ["朝阳区"], ["钱锋"]),
    IN_JING: _row(IN_JING, "推进会", None, "京", ["北京市"], ["陈雅"]),
    KANGDING: _row(KANGDING, "座谈会", "2021-05-10", "甘孜州康定市", ["康定市"], ["林晓峰"]),
    RECEPTION: _row(RECEPTION, "招待会", "2021-06-20", "北京人民大会堂北大厅", ["人民大会堂北大厅"], ["赵立"]),
    REPORT: _row(REPORT, "报告会", "2021-06-21", "人民大会堂", ["人民大会堂"], ["赵立", "钱锋"]),
    YEARLESS: _row(YEARLESS, "纪念会", "XXXX-07-01", "北京", ["北京市"], ["陈雅"]),
    NEW_YORK: _row(NEW_YORK, "论坛", "2021-08-02", "美国纽约", ["纽约"], ["林晓峰"]),
    EXPO: _row(EXPO, "年会", "2021-08-02", "云溪会展中心", ["云溪会展中心"], ["钱锋"]),
}
BEIJING = [ROWS[e] for e in (CHAOYANG, IN_JING, RECEPTION, REPORT, YEARLESS)]  # undated first

CASES = [
    ("北京", {}, BEIJING),  # 北京 is a name 北京市 goes by; its venues and districts are in it
    ("北京市", {}, BEIJING),
    ("甘孜州", {}, [ROWS[KANGDING]]),
    ("四川省", {}, [ROWS[KANGDING]]),
    ("康定市", {}, [ROWS[KANGDING]]),
    ("人民大会堂", {}, [ROWS[RECEPTION], ROWS[REPORT]]),  # the hall is in the building
    ("人民大会堂北大厅", {}, [ROWS[RECEPTION]]),
    ("中国", {}, [ROWS[e] for e in (CHAOYANG, IN_JING, KANGDING, RECEPTION, REPORT, YEARLESS)]),
    ("美国", {}, [ROWS[NEW_YORK]]),
    ("云溪会展中心", {}, [ROWS[EXPO]]),
    ("北京", {"from": "2021-06-21"}, [ROWS[REPORT]]),
    ("北京", {"to": "2021-06-20"}, [ROWS[RECEPTION]]),
    ("北京", {"from": "2021-01-01", "to": "2021-12-31"}, [ROWS[RECEPTION], ROWS[REPORT]]),
    ("北京", {"to": "9999-12-31"}, [ROWS[RECEPTION], ROWS[REPORT]]),  # XXXX-07-01 is never inside a bound
    ("这里", {}, []),  # a location that names no place is no place
    ("云溪国", {}, []),
]
IDS = [f"{c[0]}-{i}" for i, c in enumerate(CASES)]


def test_header_declares_keys_order_lists_and_params():
    spec = query_spec("events-at")
    assert spec.keys == ("event", "label", "type", "date", "location", "places", "people")
    assert spec.lists == ("places", "people") and [k.key for k in spec.order] == ["date", "event"]
    assert [p.name for p in spec.params] == ["place", "from", "to"]
    for p in spec.params:
        assert f"${p.name}" in load_query("events-at", "cypher")
        assert f"?param_{p.name}" in load_query("events-at", "sparql")


@pytest.fixture(scope="module")
def engines(falkor_session):
    yield from both_engines(falkor_session, resolve(places_extractions()))


@pytest.mark.parametrize(("place", "bounds", "expected"), CASES, ids=IDS)
def test_cypher_answers(engines, place, bounds, expected):
    params = bind_params("events-at", {"place": place, **bounds})
    rows = finish_rows("events-at", engines[0].query(load_query("events-at", "cypher"), params))
    assert rows == expected


@pytest.mark.parametrize(("place", "bounds", "expected"), CASES, ids=IDS)
def test_sparql_answers_the_same(engines, place, bounds, expected):
    assert engines[1].run_named("events-at", bind_params("events-at", {"place": place, **bounds})) == expected


def test_a_place_by_its_model_id(engines):
    hall = place_book().locate("人民大会堂")[0]
    for rows in (finish_rows("events-at", engines[0].query(load_query("events-at", "cypher"),
                                                           bind_params("events-at", {"place": hall.id}))),
                 engines[1].run_named("events-at", bind_params("events-at", {"place": hall.id}))):
        assert rows == [ROWS[RECEPTION], ROWS[REPORT]]


def _both(engines, place: str) -> list[list[dict]]:
    params = bind_params("events-at", {"place": place})
    return [finish_rows("events-at", engines[0].query(load_query("events-at", "cypher"), params)),
            engines[1].run_named("events-at", params)]


def test_a_place_by_a_name_it_goes_by(engines):
    for rows in _both(engines, "朝阳"):  # 朝阳区 goes by 朝阳 (and so does 朝阳市, with no event)
        assert rows == [ROWS[CHAOYANG]]


def test_a_name_is_taken_before_the_names_others_go_by(falkor):
    """A place named 朝阳 (a record's own, fictional) is 朝阳: 朝阳区, which goes by 朝阳,
    is left out then."""
    from kg.model import Place
    from kg.stores.base import open_store

    data = resolve(places_extractions())
    own = Place("朝阳", "locality")
    first = data[0]
    event = dataclasses.replace(first.events[0], places=(own.id,))
    data[0] = dataclasses.replace(first, events=(event,), places=(*first.places, own))
    falkor.write(data)
    with open_store("oxigraph") as rdf:
        rdf.write(data)
        for rows in _both((falkor, rdf), "朝阳"):
            assert [r["event"] for r in rows] == [KANGDING] and rows[0]["places"] == ["朝阳"]
        for rows in _both((falkor, rdf), "朝阳区"):
            assert rows == [ROWS[CHAOYANG]]


runner = CliRunner()


def test_kg_query_events_at_end_to_end(tmp_path):
    ws = tmp_path / "kg-data"
    ingest = runner.invoke(app, ["ingest", str(DATA / "corpus.jsonl"), "--workspace", str(ws)], catch_exceptions=False)
    assert ingest.exit_code == 0, ingest.stderr
    answers = {}
    for engine in ("cypher", "sparql"):
        for place in ("北京", "甘孜州", "人民大会堂"):
            result = runner.invoke(app, ["query", "events-at", "--param", f"place={place}", "--engine", engine,
                                         "--format", "json", "--workspace", str(ws)], catch_exceptions=False)
            assert result.exit_code == 0, result.stderr
            answers[(engine, place)] = json.loads(result.stdout)
    for place in ("北京", "甘孜州", "人民大会堂"):
        assert answers[("cypher", place)] == answers[("sparql", place)]
    labels = {place: sorted(r["label"] for r in answers[("cypher", place)]) for place in ("北京", "甘孜州", "人民大会堂")}
    assert labels["甘孜州"] == ["乡村振兴工作推进会"]
    assert set(labels["人民大会堂"]) < set(labels["北京"]) and "纪念大会" in labels["北京"]
    assert len(labels["北京"]) == 3 and len(labels["人民大会堂"]) == 2
