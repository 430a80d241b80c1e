"""``kg viz`` and ``g.show(...)``: the views' content, the self-contained HTML, the
notebook rendering and the large-graph behaviour (without a browser; see
``test_browser.py`` for the real one)."""

from __future__ import annotations

import html as htmllib
import json
import re
from pathlib import Path

import networkx as nx
import pytest
from pyvis.network import Network
from typer.testing import CliRunner

import kg
from kg import viz
from kg.cli import app
from kg.errors import KgError

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "qingshan-daily-2021-03.txt"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    ws = tmp_path_factory.mktemp("viz") / "kg-data"
    result = CliRunner().invoke(app, ["ingest", str(SAMPLE), "--year", "2021", "--workspace", str(ws)])
    assert result.exit_code == 0, result.output
    return ws


@pytest.fixture(scope="module")
def graph(workspace) -> nx.MultiDiGraph:
    with kg.open(workspace) as g:
        return g.to_networkx()


def by_label(net: Network) -> dict[str, dict]:
    return {n["label"].split("\n")[0]: n for n in net.nodes}


def edge(net: Network, src: str, dst: str) -> dict:
    ids = {n["label"].split("\n")[0]: n["id"] for n in net.nodes}
    found = [e for e in net.edges if e["from"] == ids[src] and e["to"] == ids[dst]]
    assert len(found) == 1, (src, dst, found)
    return found[0]


def page_data(page: str) -> tuple[list[dict], list[dict], dict]:
    """The nodes, edges and options the page hands to vis (parsed back from the HTML)."""
    nodes = json.loads(re.search(r"new vis\.DataSet\((\[.*?\])\);\n  var edges", page, re.DOTALL).group(1))
    edges = json.loads(re.search(r"var edges = new vis\.DataSet\((\[.*?\])\);", page, re.DOTALL).group(1))
    options = json.loads(re.search(r"var options = (\{.*?\});\n", page, re.DOTALL).group(1))
    return nodes, edges, options


def assert_offline(page: str) -> None:
    assert not re.search(r"<script[^>]+src=[\"']?\s*(https?:)?//", page, re.IGNORECASE)
    assert not re.search(r"<link[^>]+href=[\"']?\s*(https?:)?//", page, re.IGNORECASE)
    assert "<script src" not in page and "<link" not in page  # nothing external at all
    assert viz.offline_problems(page) == []
    assert "cdn.jsdelivr" not in page and "cdnjs" not in page and "bootstrap" not in page
    assert "vis.Network" in page and "vis-network" in page  # the library itself is inline


# --- person view -----------------------------------------------------------------------


def test_person_view_content(graph):
    net = viz.person_view(graph, "周明远")
    assert isinstance(net, Network)
    nodes = by_label(net)
    assert {"周明远", "青山区委书记", "青山区政府区长", "青山区委", "青山区", "乡村振兴论坛", "走访看望青山大学李文博教授",
            "李文博", "陈雅", "赵立", "云溪会展中心", "松岭社区", "青山区人才办"} <= set(nodes)
    assert "安全生产工作推进会" not in nodes  # 周明远 was not there
    assert {n["kind"] for n in net.nodes} == {"Person", "Post", "Organization", "Event", "Place"}  # no articles
    for n in net.nodes:  # colour and shape follow the type
        assert (n["color"], n["shape"]) == (viz.TYPE_STYLE[n["kind"]]["color"], viz.TYPE_STYLE[n["kind"]]["shape"])
    assert nodes["周明远"]["borderWidth"] == 3  # the focus stands out
    assert nodes["乡村振兴论坛"]["label"] == "乡村振兴论坛\n2021-03-04"
    # edges: labelled by role (several roles of one person at one event share an edge)
    forum = edge(net, "周明远", "乡村振兴论坛")
    assert forum["label"] == "attended, spoke"
    assert "2021-03-04" in forum["title"] and "“青山区委书记、区长周明远出席并讲话。”" in forum["title"]
    assert "article: 青山区举办乡村振兴论坛" in forum["title"]
    assert edge(net, "陈雅", "乡村振兴论坛")["label"] == "presided"
    assert edge(net, "李文博", "走访看望青山大学李文博教授")["label"] == "counterpart"
    assert edge(net, "青山区人才办", "走访看望青山大学李文博教授")["label"] == "accompanied"
    assert edge(net, "周明远", "青山区委书记")["label"] == "holds"
    assert edge(net, "青山区委书记", "青山区委")["label"] == "in"
    assert edge(net, "乡村振兴论坛", "云溪会展中心")["label"] == "at"
    assert edge(net, "乡村振兴论坛", "青山区")["label"] == "organized by"
    # node tooltips: posts, dates, evidence
    assert "posts: 青山区委书记、青山区政府区长" in nodes["周明远"]["title"]
    assert "events: 2, 2021-03-04 to 2021-03-09" in nodes["周明远"]["title"]
    event_tip = nodes["乡村振兴论坛"]["title"]
    assert "forum · 2021-03-04 (morning), year inferred" in event_tip
    assert "at: 云溪会展中心" in event_tip and "organized by: 青山区" in event_tip
    assert "“本报讯 3月4日上午,青山区在云溪会展中心举办乡村振兴论坛" in event_tip


def test_unknown_person_suggests_names(graph):
    with pytest.raises(KgError, match=r"no person '周明' in the workspace; did you mean 周明远"):
        viz.person_view(graph, "周明")


# --- event view ------------------------------------------------------------------------


def test_event_view_by_label_and_id(graph):
    net = viz.event_view(graph, "安全生产工作推进会")
    nodes = by_label(net)
    assert set(nodes) == {"安全生产工作推进会", "钱锋", "赵立", "青山区应急管理局", "青山区住建局", "青山区交通运输局",
                          "青山区"}
    assert edge(net, "钱锋", "安全生产工作推进会")["label"] == "presided"
    assert edge(net, "青山区住建局", "安全生产工作推进会")["label"] == "attended"
    assert net.heading == "2021-03-12 安全生产工作推进会: participants by role"
    event_id = nodes["安全生产工作推进会"]["id"]
    assert [n["id"] for n in viz.event_view(graph, event_id).nodes] == [n["id"] for n in net.nodes]
    short = event_id.removeprefix("event:")
    assert len(viz.event_view(graph, short).nodes) == len(net.nodes)
    with pytest.raises(KgError, match=r"no event '乡村论坛'.*did you mean 乡村振兴论坛"):
        viz.event_view(graph, "乡村论坛")


# --- co-attendance view ----------------------------------------------------------------


def test_co_attendance_view(graph):
    net = viz.co_attendance_view(graph)
    assert len(net.nodes) == 9 and len(net.edges) == 29 and not net.directed
    weights = {frozenset((e["from"], e["to"])): e for e in net.edges}
    labelled = [e for e in weights.values() if "label" in e]
    assert [e["label"] for e in labelled] == ["2"]  # only ties above 1 carry a number
    assert labelled[0]["value"] == 2 and "2021-03-12 安全生产工作推进会" in labelled[0]["title"]
    communities = {n["community"] for n in net.nodes}
    assert communities == {0, 1}
    assert all(n["color"] == viz.COMMUNITY_COLORS[n["community"]] for n in net.nodes)
    assert [item["label"] for item in net.legend] == ["community 0 (7)", "community 1 (2)"]
    zhou = by_label(net)["周明远"]
    assert "posts: 青山区委书记、青山区政府区长" in zhou["title"] and "2 event(s)" in zhou["title"]
    two = viz.co_attendance_view(graph, min_weight=2)
    assert sorted(by_label(two)) == ["赵立", "钱锋"]
    with pytest.raises(KgError, match="no two persons share 3 or more events"):
        viz.co_attendance_view(graph, min_weight=3)


def test_show_wants_exactly_one_view(graph):
    for kwargs in ({}, {"person": "周明远", "event": "乡村振兴论坛"}, {"person": "周明远", "co_attendance": True}):
        with pytest.raises(KgError, match="choose one view"):
            viz.show(graph, **kwargs)
    with pytest.raises(KgError, match="min_weight"):
        viz.show(graph, co_attendance=True, min_weight=0)


# --- the page ------------------------------------------------------------------------


def test_html_is_self_contained_and_readable(graph, tmp_path):
    net = viz.person_view(graph, "周明远")
    path = net.write_html(tmp_path / "zhou.html")
    page = path.read_text(encoding="utf-8")
    assert_offline(page)
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    assert "周明远: 2 event(s), posts and co-participants" in page  # the heading, readable as is
    nodes, edges, options = page_data(page)
    assert {n["label"] for n in nodes} >= {"周明远", "青山区委书记"}
    assert len(nodes) == len(net.nodes) and len(edges) == len(net.edges)
    # a font stack with CJK glyphs for labels and tooltips
    assert "Noto Sans CJK SC" in options["nodes"]["font"]["face"] and "sans-serif" in options["nodes"]["font"]["face"]
    assert "Noto Sans CJK SC" in options["edges"]["font"]["face"]
    assert options["interaction"]["hover"] is True
    # drawn at once, laid out in view: no stabilisation pass keeping the canvas blank
    assert options["physics"]["stabilization"]["enabled"] is False
    assert "setInterval(function () { network.fit(" in page and "setTimeout(settle, 4000)" in page
    assert options["layout"]["randomSeed"] == 7  # the same picture every time
    assert "white-space: pre-wrap" in page  # multi-line tooltips
    assert '<span class="g" style="color: #d1495b">●</span> person' in page  # the legend
    # evidence is data, never markup: a sentence with markup cannot break out of the script
    assert "</script><script>" not in page


def test_markup_in_the_text_stays_text(tmp_path):
    g = nx.MultiDiGraph()
    g.add_node("person:x", type="Person", name="</script><img src=x onerror=alert(1)>")
    g.add_node("event:y", type="Event", label="会议", date="2021-01-01")
    g.add_edge("person:x", "event:y", type="PARTICIPATED_IN", role="attended", order=1,
               sentence="<b>出席</b></script>", article_id="a")
    page = viz.event_view(g, "会议").write_html(tmp_path / "x.html").read_text(encoding="utf-8")
    assert "</script><img" not in page and "<b>出席" not in page
    nodes, edges, _ = page_data(page)
    assert nodes[0]["label"].startswith("</script><img") or nodes[1]["label"].startswith("</script><img")
    assert "“<b>出席</b></script>”" in edges[0]["title"]


def test_notebook_rendering(graph):
    net = viz.person_view(graph, "周明远")
    assert net.cdn_resources == "in_line"
    frame = net._repr_html_()
    assert frame.startswith('<iframe srcdoc="') and 'sandbox="allow-scripts"' in frame
    inner = htmllib.unescape(re.search(r'srcdoc="([^"]*)"', frame).group(1))
    assert_offline(inner)
    assert "周明远" in inner
    assert repr(net).startswith("<KgNetwork '周明远: 2 event(s)")


def test_api_show(workspace):
    with kg.open(workspace) as g:
        person = g.show(person="周明远")
        event = g.show(event="乡村振兴论坛")
        co = g.show(co_attendance=True, min_weight=2)
    assert isinstance(person, viz.KgNetwork) and isinstance(person, Network)
    assert len(person.nodes) == 20 and len(event.nodes) == 11 and len(co.nodes) == 2


# --- large graphs ----------------------------------------------------------------------


def star(n: int) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_node("event:0", type="Event", label="大会", date="2021-01-01")
    for i in range(n):
        g.add_node(f"person:{i}", type="Person", name=f"代表{i}")
        g.add_edge(f"person:{i}", "event:0", type="PARTICIPATED_IN", role="attended", order=i + 1,
                   sentence="代表出席大会。", article_id="a")
    return g


def test_large_views_stop_physics_after_stabilisation(tmp_path):
    small = viz.event_view(star(50), "大会")
    assert not small.large
    page = small.generate_html()
    _, edges, options = page_data(page)
    assert all("label" in e for e in edges) and options["edges"]["smooth"]["enabled"] is True
    assert "state.large = true" not in page and "large: false" in page

    big = viz.event_view(star(viz.LARGE + 10), "大会")
    assert big.large and len(big.nodes) == viz.LARGE + 11
    page = big.write_html(tmp_path / "big.html").read_text(encoding="utf-8")
    assert_offline(page)
    _, edges, options = page_data(page)
    assert "large: true" in page and "network.setOptions({physics: false})" in page
    assert not any("label" in e for e in edges) and all(e["title"] for e in edges)  # tooltips stay
    assert options["edges"]["smooth"]["enabled"] is False
    assert options["layout"]["improvedLayout"] is False
    assert options["interaction"]["hideEdgesOnDrag"] is True
    assert "setTimeout(settle, 9000)" in page  # the layout's time budget


def test_show_caps_a_big_view_to_its_most_connected_nodes_and_says_so():
    g = star(600)
    for i in range(5):  # five people at a second event too: the most connected after the event
        g.add_node("event:1", type="Event", label="小会", date="2021-02-01")
        g.add_edge(f"person:{i}", "event:1", type="PARTICIPATED_IN", role="attended", order=i + 1)
    net = viz.show(g, person="代表0")  # 代表0, both events, 599 co-participants
    assert len(net.nodes) == viz.MAX_NODES and net.capped == (viz.MAX_NODES, 602)
    ids = {n["id"] for n in net.nodes}
    # the subject, both events and the four at both events (degree 2) are kept
    assert {"person:0", "event:0", "event:1"} | {f"person:{i}" for i in range(1, 5)} <= ids
    assert all(e["from"] in ids and e["to"] in ids for e in net.edges)
    page = net.generate_html()
    assert f"Showing the {viz.MAX_NODES} most connected of 602 nodes" in page and "--max-nodes 0" in page
    everything = viz.show(g, person="代表0", max_nodes=0)
    assert len(everything.nodes) == 602 and everything.capped is None
    small = viz.show(star(20), event="大会")
    assert small.capped is None and "most connected of" not in small.generate_html()
    with pytest.raises(KgError, match="max_nodes"):
        viz.show(g, event="大会", max_nodes=-1)


def test_big_views_label_their_most_connected_nodes_and_keep_names_on_hover():
    g = star(300)
    for i in range(60):  # sixty people at a second event: more connected than the rest
        g.add_node("event:1", type="Event", label="小会", date="2021-02-01")
        g.add_edge(f"person:{i}", "event:1", type="PARTICIPATED_IN", role="attended", order=i + 1)
    net = viz.person_view(g, "代表0")  # 代表0, both events, 299 co-participants
    nodes, _, _ = page_data(net.generate_html())
    labelled = {n["id"] for n in nodes if n.get("label")}
    assert len(nodes) == 302 > viz.ALL_LABELS and len(labelled) == viz.LABELLED
    assert {"person:0", "event:0", "event:1"} <= labelled  # the subject always, then the hubs
    assert labelled <= {f"person:{i}" for i in range(60)} | {"event:0", "event:1"}  # the most connected
    assert all(n["title"].startswith(n["id"].replace("person:", "代表")) for n in nodes if n["id"].startswith("person:"))
    assert all("kgFont" in n for n in nodes)
    assert "Names on the 40 most connected nodes; hover any node" in net.generate_html()
    small_nodes, _, _ = page_data(viz.event_view(star(30), "大会").generate_html())
    assert all(n.get("label") for n in small_nodes)


def test_many_edges_make_a_view_large_too():
    g = nx.MultiDiGraph()
    g.add_node("event:0", type="Event", label="全会", date="2021-01-01")
    for i in range(80):  # one event, 80 persons: 3,160 co-attendance pairs
        g.add_node(f"person:{i}", type="Person", name=f"委员{i}")
        g.add_edge(f"person:{i}", "event:0", type="PARTICIPATED_IN", role="attended", order=i + 1)
    net = viz.co_attendance_view(g)
    assert len(net.nodes) == 80 and len(net.edges) == 80 * 79 // 2 > viz.LARGE_EDGES
    assert net.large and "large: true" in net.generate_html()


# --- the command -----------------------------------------------------------------------


def test_kg_viz_command(workspace, tmp_path):
    runner = CliRunner()
    out = tmp_path / "views" / "zhou.html"
    result = runner.invoke(app, ["viz", "--person", "周明远", "-o", str(out), "--workspace", str(workspace)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"{out}: 20 nodes, 19 edges")
    assert_offline(out.read_text(encoding="utf-8"))
    for args in (["--event", "乡村振兴论坛"], ["--co-attendance"], ["--co-attendance", "--min-weight", "2"]):
        result = runner.invoke(app, ["viz", *args, "-o", str(tmp_path / "v.html"), "-w", str(workspace)])
        assert result.exit_code == 0, (args, result.output)


@pytest.mark.parametrize(("args", "code", "message"), [
    ([], 2, "choose exactly one of --person NAME, --event ID, --co-attendance"),
    (["--person", "周明远", "--co-attendance"], 2, "(got --person --co-attendance)"),
    (["--person", "周明远", "-o", "v.png"], 2, "-o wants an .html file"),
    (["--co-attendance", "--min-weight", "0"], 2, ""),
    (["--person", "周明"], 1, "kg: error: no person '周明' in the workspace; did you mean 周明远"),
    (["--event", "nothing"], 1, "kg: error: no event 'nothing'"),
    (["--co-attendance", "--min-weight", "9"], 1, "no two persons share 9 or more events"),
])
def test_kg_viz_errors(workspace, tmp_path, args, code, message):
    if "-o" not in args:
        args = [*args, "-o", str(tmp_path / "v.html")]
    result = CliRunner().invoke(app, ["viz", *args, "--workspace", str(workspace)])
    assert result.exit_code == code, result.output
    assert message in result.output
    assert not (tmp_path / "v.html").exists()


def test_kg_viz_missing_workspace(tmp_path):
    result = CliRunner().invoke(app, ["viz", "--person", "x", "-o", str(tmp_path / "v.html"),
                                      "--workspace", str(tmp_path / "none")])
    assert result.exit_code == 1 and "kg: error: no workspace" in result.output
