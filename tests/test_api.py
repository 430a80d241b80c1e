"""``kg.open``: the notebook API over a real workspace."""

from __future__ import annotations

import json

import pytest

import kg
from kg.errors import KgError
from kg.queries import names
from kg.workspace import Workspace
from kg.pipeline import write_extractions
from samples import CASES, all_data, sample_extractions


@pytest.fixture
def graph(workspace_dir):
    with Workspace(workspace_dir) as ws:
        write_extractions(ws, all_data())
    with kg.open(workspace_dir) as g:
        yield g


def test_open_missing_workspace(tmp_path):
    with pytest.raises(KgError, match="no workspace"):
        kg.open(tmp_path / "nothing-here")
    with kg.open(tmp_path / "new", create=True) as g:
        assert g.stats()["articles"] == 0


def test_named_queries_return_plain_rows(graph):
    for name, params, expected in CASES:
        rows = graph.query(name, **params)
        assert rows == expected, name
        json.dumps(rows, ensure_ascii=False)  # plain data, ready for pandas.DataFrame(rows)
    with pytest.raises(KgError, match="unknown engine"):
        graph.query("posts", engine="gremlin", person="x")


def test_both_engines_agree_through_the_api(graph):
    if set(names("cypher")) - set(names("sparql")):
        pytest.skip("some named queries have no .rq yet")
    for name, params, _ in CASES:
        assert graph.query(name, engine="sparql", **params) == graph.query(name, engine="cypher", **params), name
    rows = graph.sparql("SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a schema:NewsArticle }")
    assert rows == [{"n": 4}]


def test_cypher_with_parameters(graph):
    rows = graph.cypher("MATCH (p:Person {name: $name})-[x:PARTICIPATED_IN]->(e:Event) "
                        "RETURN e.label AS event, x.role AS role ORDER BY role", name="赵立")
    assert rows == [{"event": "走访看望李教授", "role": "accompanied"}, {"event": "乡村振兴论坛", "role": "attended"}]


def test_stats(graph):
    stats = graph.stats()
    assert stats["articles"] == 4
    assert stats["cypher"]["nodes"]["Organization"] == 6  # 3 in the samples + 3 below 青山区委
    assert stats["cypher"]["relationships"]["SUB_ORGANIZATION_OF"] == 4


def test_to_networkx_from_records_and_from_cypher(graph):
    g = graph.to_networkx()
    people = {d["name"] for _, d in g.nodes(data=True) if d["type"] == "Person"}
    assert people == {"周明远", "陈雅", "赵立", "钱锋", "林晓", "李教授"}
    types = {d["type"] for _, _, d in g.edges(data=True)}
    assert {"HOLDS", "PARTICIPATED_IN", "SUB_ORGANIZATION_OF", "LOCATED_AT", "AUTHORED"} <= types
    zhou = next(n for n, d in g.nodes(data=True) if d.get("name") == "周明远" and d["type"] == "Person")
    roles = sorted(d["role"] for _, _, d in g.out_edges(zhou, data=True) if d["type"] == "PARTICIPATED_IN")
    assert roles == ["attended", "led", "spoke"]
    held = [d for _, _, d in g.out_edges(zhou, data=True) if d["type"] == "HOLDS"]
    secretary = next(d for d in held if d["article_ids"] == ["sample-1", "sample-2"])
    assert (secretary["first_date"], secretary["last_date"]) == ("2021-03-04", "2021-03-09")
    assert all(d["sentence"] for _, _, d in g.edges(data=True) if d["type"] == "PARTICIPATED_IN")
    from_store = graph.to_networkx(source="cypher")
    assert set(from_store.nodes) == set(g.nodes)
    assert sorted(d["type"] for *_, d in from_store.edges(data=True)) == sorted(d["type"] for *_, d in g.edges(data=True))
    assert from_store.number_of_edges() == g.number_of_edges() == sum(graph.stats()["cypher"]["relationships"].values())


def test_context_manager_stops_the_embedded_server(workspace_dir):
    from conftest import pid_alive

    with Workspace(workspace_dir) as ws:
        write_extractions(ws, sample_extractions())
    with kg.open(workspace_dir) as g:
        g.cypher("RETURN 1 AS x")
        pid = g.workspace.store("cypher").server.proc.pid
    assert not pid_alive(pid)


def test_query_as_a_data_frame(graph):
    pd = pytest.importorskip("pandas")
    frame = graph.query("posts", person="周明远", frame=True)
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == ["org", "title", "first_date", "last_date"]
    assert frame.to_dict("records") == graph.query("posts", person="周明远")
    empty = graph.query("posts", engine="sparql", person="无名氏", frame=True)
    assert empty.empty and list(empty.columns) == ["org", "title", "first_date", "last_date"]
