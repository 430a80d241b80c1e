"""``kg.analytics`` on the bundled sample page (three articles, three events) and on
small hand-made graphs."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

import kg
from kg import analytics as ka
from kg.cli import app

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "qingshan-daily-2021-03.txt"
FORUM = ["周明远", "陈雅", "赵立", "钱锋", "孙雷", "吴海燕", "郑国平", "冯秀兰"]


@pytest.fixture(scope="module")
def graph(tmp_path_factory) -> nx.MultiDiGraph:
    ws = tmp_path_factory.mktemp("analytics") / "kg-data"
    result = CliRunner().invoke(app, ["ingest", str(SAMPLE), "--year", "2021", "--workspace", str(ws)])
    assert result.exit_code == 0, result.output
    with kg.open(ws) as g:
        return g.to_networkx()


def names(co: nx.Graph, nodes) -> set[str]:
    return {co.nodes[n]["name"] for n in nodes}


def test_co_attendance_weights_are_shared_events(graph):
    co = ka.co_attendance(graph)
    assert names(co, co) == {*FORUM, "李文博"}
    assert co.number_of_edges() == 28 + 1  # everyone at the forum pairwise, plus the visit
    by_name = {d["name"]: n for n, d in co.nodes(data=True)}
    zhao, qian = by_name["赵立"], by_name["钱锋"]
    assert co[zhao][qian]["weight"] == 2  # the forum and the safety meeting
    dates = [graph.nodes[e]["date"] for e in co[zhao][qian]["events"]]
    assert dates == ["2021-03-04", "2021-03-12"]
    assert co.nodes[by_name["周明远"]]["events"] == 2
    assert all(d["weight"] == 1 for a, b, d in co.edges(data=True) if {a, b} != {zhao, qian})
    # organizations never enter the person graph
    assert all(graph.nodes[n]["type"] == "Person" for n in co)


def test_min_weight_and_roles(graph):
    co = ka.co_attendance(graph, min_weight=2)
    assert names(co, co) == {"赵立", "钱锋"} and co.number_of_edges() == 1
    assert ka.co_attendance(graph, min_weight=3).number_of_nodes() == 0
    speakers = ka.co_attendance(graph, roles=["spoke"])  # 周明远, 吴海燕, 郑国平 spoke at the forum
    assert names(speakers, speakers) == {"周明远", "吴海燕", "郑国平"}


def test_centrality(graph):
    rows = ka.centrality(ka.co_attendance(graph))
    top = rows[0]
    assert top["name"] == "周明远"  # the only bridge to 李文博
    assert top["betweenness"] == pytest.approx(7 / 28)  # 7 of the 28 pairs of the others
    assert top["weighted_degree"] == 8 and top["degree"] == 8
    assert top["degree_centrality"] == pytest.approx(1.0)
    by_name = {r["name"]: r for r in rows}
    assert by_name["赵立"]["weighted_degree"] == 8 and by_name["赵立"]["degree"] == 7
    assert by_name["李文博"]["degree"] == 1 and by_name["李文博"]["betweenness"] == 0
    assert sum(r["betweenness"] > 0 for r in rows) == 1
    assert ka.centrality(nx.Graph()) == []


def test_betweenness_uses_inverse_weight_as_distance():
    co = nx.Graph()
    co.add_edge("a", "b", weight=1)  # a direct but weak tie …
    co.add_edge("a", "c", weight=10)  # … loses to two strong ones through c
    co.add_edge("c", "b", weight=10)
    for n in co:
        co.nodes[n]["name"] = n
    rows = {r["name"]: r for r in ka.centrality(co)}
    assert rows["c"]["betweenness"] == 1.0 and rows["a"]["betweenness"] == 0


def test_communities_are_seeded_and_stable(graph):
    co = ka.co_attendance(graph)
    parts = ka.community_sets(co)
    assert parts == ka.community_sets(co)  # same seed, same answer
    assert set().union(*parts) == set(co) and sum(map(len, parts)) == co.number_of_nodes()
    assert [len(p) for p in parts] == sorted((len(p) for p in parts), reverse=True)
    of = ka.community_of(parts)
    by_name = {d["name"]: n for n, d in co.nodes(data=True)}
    assert of[by_name["李文博"]] == of[by_name["周明远"]]
    table = ka.community_table(co, parts)
    assert [r["size"] for r in table] == [len(p) for p in parts]
    assert sorted(m for r in table for m in r["members"]) == sorted(names(co, co))
    assert ka.communities(nx.Graph()) == [] == ka.community_sets(nx.Graph())
    # communities() gives the same partition as names, most connected first
    named = ka.communities(co)
    assert named == [r["members"] for r in table]
    assert [sorted(m) for m in named] == [sorted(co.nodes[n]["name"] for n in p) for p in parts]
    assert all(isinstance(m, str) for group in named for m in group)


def test_communities_split_two_cliques():
    co = nx.Graph()
    for group in ("abcd", "wxyz"):
        for i, u in enumerate(group):
            for v in group[i + 1:]:
                co.add_edge(u, v, weight=3)
    co.add_edge("d", "w", weight=1)
    assert ka.community_sets(co) == [set("abcd"), set("wxyz")]
    assert ka.communities(co) == [list("abcd"), list("wxyz")]  # no names here: the ids stand in


def test_protocol_rank(graph):
    rows = ka.protocol_rank(graph, min_events=1)
    assert [r["name"] for r in rows] == ["周明远", "李文博", "陈雅", "赵立", "钱锋", "孙雷", "吴海燕", "郑国平",
                                         "冯秀兰"]
    by_name = {r["name"]: r for r in rows}
    zhou = by_name["周明远"]
    assert (zhou["events"], zhou["mean_order"], zhou["mean_relative"], zhou["named_first"]) == (2, 1.0, 0.0, 2)
    # 赵立: 3rd of 8 at the forum, 5th of 5 (after three units and 钱锋) at the meeting
    assert by_name["赵立"]["mean_order"] == 4.0
    assert by_name["赵立"]["mean_relative"] == pytest.approx(round((2 / 7 + 1) / 2, 3))
    assert by_name["冯秀兰"]["mean_relative"] == 1.0
    assert [r["name"] for r in ka.protocol_rank(graph, min_events=2)] == ["周明远", "赵立", "钱锋"]


def test_protocol_rank_counts_one_mention_per_event():
    g = nx.MultiDiGraph()
    g.add_node("p", type="Person", name="甲")
    g.add_node("q", type="Person", name="乙")
    g.add_node("e", type="Event", label="会议")
    for role in ("attended", "spoke"):  # two roles, one mention
        g.add_edge("p", "e", type="PARTICIPATED_IN", role=role, order=2)
    g.add_edge("q", "e", type="PARTICIPATED_IN", role="presided", order=1)
    rows = ka.protocol_rank(g, min_events=1)
    assert [(r["name"], r["events"], r["mean_order"], r["mean_relative"]) for r in rows] == [
        ("乙", 1, 1.0, 0.0), ("甲", 1, 2.0, 1.0)]


def test_protocol_rank_leaves_out_people_seen_at_few_events_by_default():
    """Named first once is no seniority signal: by default a person needs 3 events."""
    g = nx.MultiDiGraph()
    for pid in "abc":
        g.add_node(pid, type="Person", name=pid)
    for i in range(3):
        g.add_node(f"e{i}", type="Event", label=f"会议{i}")
        g.add_edge("a", f"e{i}", type="PARTICIPATED_IN", role="attended", order=2)
        g.add_edge("b", f"e{i}", type="PARTICIPATED_IN", role="attended", order=3)
    g.add_edge("c", "e0", type="PARTICIPATED_IN", role="presided", order=1)  # once, first
    assert [r["name"] for r in ka.protocol_rank(g)] == ["a", "b"]
    assert [r["name"] for r in ka.protocol_rank(g, min_events=1)] == ["c", "a", "b"]
