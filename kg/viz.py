"""Interactive views of the graph: pyvis networks that work offline.

    import kg
    with kg.open("kg-data") as g:
        g.show(person="周明远")                       # renders inline in Jupyter
        g.show(event="乡村振兴论坛")                   # an event id or label
        g.show(co_attendance=True, min_weight=2)      # person–person, coloured by community
        g.show(person="周明远").write_html("zhou.html")

Three views, all built from ``KnowledgeGraph.to_networkx()``:

- **person**: the person, their posts (and the posts' organizations), their events
  (with place and organizer) and everyone else named at those events, edges labelled
  by role;
- **event**: the event, its participants (persons and organizations) by role, its
  place and organizer;
- **co-attendance**: persons joined by the number of events they shared (at least
  ``min_weight``), node size by weighted degree, colour by Louvain community.

Node colour and shape follow the type (``TYPE_STYLE``); every node and edge has a
plain-text tooltip (dates, evidence sentence, article). Labels use a font stack that
has CJK glyphs. The HTML is self-contained: vis-network's script and stylesheet are
inlined from the pyvis package and nothing references the network, so a file opens
offline and in a sandboxed browser. Above ``LARGE`` nodes or ``LARGE_EDGES`` edges the
layout runs a shorter stabilisation without edge labels or curved edges, then physics
is switched off, so a big view stays responsive instead of animating for minutes.
"""

from __future__ import annotations

import difflib
import html
import os
import re
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
import networkx as nx
from pyvis.edge import Edge
from pyvis.network import Network
from pyvis.node import Node

from kg import analytics
from kg.errors import KgError

LARGE = 1500  # nodes; above this (or LARGE_EDGES) physics stops after stabilisation (module doc)
LARGE_EDGES = 3000
FONT = ("Noto Sans CJK SC, Source Han Sans SC, WenQuanYi Micro Hei, PingFang SC, "
        "Hiragino Sans GB, Microsoft YaHei, SimHei, sans-serif")

# colour, vis shape, size, legend glyph
TYPE_STYLE: dict[str, dict[str, Any]] = {
    "Person": {"color": "#d1495b", "shape": "dot", "size": 16, "glyph": "●", "label": "person"},
    "Post": {"color": "#edae49", "shape": "diamond", "size": 11, "glyph": "◆", "label": "post"},
    "Organization": {"color": "#00798c", "shape": "square", "size": 11, "glyph": "■", "label": "organization"},
    "Event": {"color": "#30638e", "shape": "triangle", "size": 15, "glyph": "▲", "label": "event"},
    "Place": {"color": "#66a182", "shape": "hexagon", "size": 11, "glyph": "⬢", "label": "place"},
    "Article": {"color": "#8d8d8d", "shape": "box", "size": 10, "glyph": "▬", "label": "article"},
}
# Colours of co-attendance communities (0 = the largest), repeating after the last.
COMMUNITY_COLORS = ("#d1495b", "#00798c", "#edae49", "#30638e", "#66a182", "#8d6a9f", "#e07a5f",
                    "#3d405b", "#81b29a", "#f2cc8f", "#6d597a", "#b56576")
EDGE_LABELS = {"HOLDS": "holds", "POST_IN": "in", "LOCATED_AT": "at", "ORGANIZED_BY": "organized by",
               "SUB_ORGANIZATION_OF": "part of", "REPORTED_IN": "reported in", "AUTHORED": "wrote"}
MAX_SENTENCES = 3  # evidence sentences per tooltip
MAX_EVENTS_LISTED = 12  # shared events per co-attendance tooltip


# --- the network -------------------------------------------------------------------


@lru_cache(maxsize=1)
def _assets() -> tuple[str, str]:
    """vis-network's script and stylesheet, as shipped inside pyvis (no download)."""
    import pyvis

    lib = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
    js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
    css = (lib / "vis-network.css").read_text(encoding="utf-8")
    return js.replace("</script", "<\\/script"), css.replace("</style", "<\\/style")


TEMPLATE = """<!DOCTYPE html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<style>{{ vis_css|safe }}</style>
<script>{{ vis_js|safe }}</script>
<style>
  html, body { margin: 0; padding: 0; background: {{ bgcolor }}; font-family: {{ font }}; color: #222; }
  #kg-head { padding: 6px 10px; font-size: 15px; font-weight: 600; }
  #kg-wrap { position: relative; }
  #mynetwork { width: {{ width }}; height: {{ height }}; border: 1px solid #ddd; box-sizing: border-box; }
  #kg-legend { position: absolute; top: 8px; right: 8px; background: rgba(255,255,255,.9); border: 1px solid #ddd;
               border-radius: 4px; padding: 4px 8px; font-size: 12px; line-height: 1.6; pointer-events: none; }
  #kg-legend span.g { display: inline-block; width: 1.2em; text-align: center; }
  #kg-status { position: absolute; left: 8px; bottom: 6px; font-size: 12px; color: #666; pointer-events: none; }
  div.vis-tooltip { white-space: pre-wrap; max-width: 30em; font-family: {{ font }}; font-size: 13px;
                    line-height: 1.45; }
</style>
</head>
<body>
{% if heading %}<div id="kg-head">{{ heading }}</div>{% endif %}
<div id="kg-wrap">
<div id="mynetwork"></div>
<div id="kg-legend">{% for item in legend %}
<div><span class="g" style="color: {{ item.color }}">{{ item.glyph }}</span> {{ item.label }}</div>{% endfor %}
</div>
<div id="kg-status">{{ nodes|length }} nodes, {{ edges|length }} edges{% if large %} · laying out…{% endif %}</div>
</div>
<script>
(function () {
  var state = {drawn: false, stabilized: false, physics: true, large: {{ 'true' if large else 'false' }}};
  window.kgView = state;
  var container = document.getElementById("mynetwork");
  var nodes = new vis.DataSet({{ nodes|tojson }});
  var edges = new vis.DataSet({{ edges|tojson }});
  var options = {{ options|tojson }};
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, options);
  state.network = network;
  network.once("afterDrawing", function () { state.drawn = true; document.body.dataset.kgDrawn = "1"; });
  network.once("stabilizationIterationsDone", function () {
    state.stabilized = true;
    if (state.large) {
      network.setOptions({physics: false});  // a big layout stays put instead of animating
      state.physics = false;
      document.getElementById("kg-status").textContent = "{{ nodes|length }} nodes, {{ edges|length }} edges";
    }
    document.body.dataset.kgStabilized = "1";
  });
})();
</script>
</body>
</html>
"""


@lru_cache(maxsize=1)
def _template() -> jinja2.Template:
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    return env.from_string(TEMPLATE)


class KgNetwork(Network):
    """A pyvis ``Network`` that renders inline in Jupyter and writes self-contained HTML.

    ``_repr_html_`` puts the page in an ``<iframe srcdoc>``, so displaying the object in
    a notebook cell needs no file and no server; ``write_html(path)`` writes the same
    page (UTF-8). Everything pyvis offers (``add_node``, ``add_edge``, ``nodes``,
    ``edges``, ``options``) still works.
    """

    def __init__(self, *, heading: str = "", height: str = "650px", width: str = "100%",
                 directed: bool = True, notebook: bool = True):
        super().__init__(height=height, width=width, directed=directed, notebook=notebook,
                         heading=heading, cdn_resources="in_line")
        self.legend: list[dict[str, str]] = []
        self.options = {}

    # pyvis checks membership in lists (every node per add_node, every node and edge per
    # add_edge): minutes for a corpus-sized view. Same behaviour, with dict/set lookups.
    def add_node(self, n_id: str | int, label: str | None = None, shape: str = "dot", color: str = "#97c2fc",
                 **options: Any) -> None:
        if not isinstance(n_id, (str, int)):
            raise TypeError(f"node ids are str or int, got {type(n_id).__name__}")
        if n_id in self.node_map:
            return
        if "group" not in options:
            options["color"] = color
        node = Node(n_id, shape, label=label or n_id, font_color=self.font_color, **options)
        self.nodes.append(node.options)
        self.node_ids.append(n_id)
        self.node_map[n_id] = node.options

    def add_edge(self, source: str | int, to: str | int, **options: Any) -> None:
        for end in (source, to):
            if end not in self.node_map:
                raise ValueError(f"non existent node {end!r}")
        if not self.directed:  # one edge per pair, as pyvis
            pairs = self.__dict__.get("_pairs")
            if pairs is None or len(pairs) > len(self.edges):  # first call, or edges removed by hand
                pairs = self._pairs = {frozenset((e["from"], e["to"])) for e in self.edges}
            if frozenset((source, to)) in pairs:
                return
            pairs.add(frozenset((source, to)))
        self.edges.append(Edge(source, to, self.directed, **options).options)

    @property
    def large(self) -> bool:
        return len(self.nodes) > LARGE or len(self.edges) > LARGE_EDGES

    def vis_options(self) -> dict[str, Any]:
        """vis-network options: CJK font, hover tooltips, seeded stabilised layout."""
        large, small = self.large, len(self.nodes) <= 300
        font = {"face": FONT, "size": 14, "strokeWidth": 3, "strokeColor": "#ffffff", "color": "#222222"}
        options: dict[str, Any] = {
            "nodes": {"font": font, "borderWidth": 1},
            "edges": {
                "font": {"face": FONT, "size": 11, "align": "middle", "strokeWidth": 3,
                         "strokeColor": "#ffffff", "color": "#555555"},
                "color": {"color": "#9aa5b1", "highlight": "#333333", "hover": "#333333"},
                "arrows": {"to": {"enabled": self.directed, "scaleFactor": 0.5}},
                "smooth": {"enabled": not large, "type": "continuous"},  # "dynamic" adds a body per edge
            },
            "physics": {
                "enabled": True,
                "solver": "forceAtlas2Based",
                "forceAtlas2Based": {"gravitationalConstant": -80, "springLength": 110,
                                     "springConstant": 0.06, "avoidOverlap": 0.3},
                "stabilization": {"enabled": True, "iterations": 200 if large else 600 if small else 300,
                                  "updateInterval": 50, "fit": True},
            },
            "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": large,
                            "hideEdgesOnZoom": large},
            "layout": {"randomSeed": 7, "improvedLayout": not large},
        }
        if isinstance(self.options, dict):  # caller's overrides, one level deep
            for key, value in self.options.items():
                if isinstance(value, dict) and isinstance(options.get(key), dict):
                    options[key] = {**options[key], **value}
                else:
                    options[key] = value
        return options

    def generate_html(self, name: str = "index.html", local: bool = True, notebook: bool = False) -> str:
        """The whole page as a string (``name``, ``local``, ``notebook`` are pyvis's, unused)."""
        vis_js, vis_css = _assets()
        nodes, edges = self.nodes, self.edges
        if self.large:  # labels on thousands of edges cost more than they tell; tooltips stay
            edges = [{k: v for k, v in e.items() if k != "label"} for e in edges]
        self.html = _template().render(
            title=self.heading or "kg view", heading=self.heading, vis_js=vis_js, vis_css=vis_css,
            font=FONT, bgcolor=self.bgcolor, width=self.width, height=self.height, nodes=nodes, edges=edges,
            options=self.vis_options(), legend=self.legend, large=self.large,
        )
        return self.html

    def write_html(self, name: str | os.PathLike, local: bool = True, notebook: bool = False,
                   open_browser: bool = False) -> Path:
        """Write the self-contained page to ``name`` (UTF-8) and return its path."""
        path = Path(name)
        path.write_text(self.generate_html(), encoding="utf-8")
        if open_browser:
            import webbrowser

            webbrowser.open(path.resolve().as_uri())
        return path

    save = write_html

    def show(self, name: str | os.PathLike = "kg-view.html", local: bool = True, notebook: bool = True):
        """Write the page; in a notebook return it for inline display (no file server needed)."""
        self.write_html(name, open_browser=not notebook)
        return self if notebook else None

    def _repr_html_(self) -> str:
        page = html.escape(self.generate_html(), quote=True)
        height = self.height if str(self.height).endswith(("px", "vh", "%")) else f"{self.height}px"
        extra = "40px" if self.heading else "4px"
        return (f'<iframe srcdoc="{page}" style="width: 100%; height: calc({height} + {extra}); border: none" '
                f'sandbox="allow-scripts"></iframe>')

    def __repr__(self) -> str:
        return f"<KgNetwork {self.heading!r}: {len(self.nodes)} nodes, {len(self.edges)} edges>"


# --- building views ----------------------------------------------------------------


def _first(values: Iterable[Any], n: int = MAX_SENTENCES) -> list[Any]:
    out: list[Any] = []
    for v in values:
        if v and v not in out:
            out.append(v)
    return out[:n] if len(out) <= n else [*out[:n], f"… {len(out) - n} more"]


def _sentences(d: dict[str, Any]) -> list[str]:
    if d.get("sentences"):
        return list(d["sentences"])
    return [d["sentence"]] if d.get("sentence") else []


def _quote(sentence: str) -> str:
    text = " ".join(str(sentence).split())
    return sentence if sentence.startswith("…") else f"“{text}”"


class _View:
    """Collects nodes and merged edges, then turns them into a ``KgNetwork``."""

    def __init__(self, graph: nx.MultiDiGraph):
        self.g = graph
        self.nodes: dict[str, dict[str, Any]] = {}
        self.edges: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)

    def node(self, n: str, **extra: Any) -> None:
        if n in self.g and n not in self.nodes:
            self.nodes[n] = extra
        elif n in self.nodes:
            self.nodes[n].update(extra)

    def edge(self, u: str, v: str, d: dict[str, Any]) -> None:
        self.node(u)
        self.node(v)
        if d not in self.edges[(u, v)]:
            self.edges[(u, v)].append(d)

    # -- text ---------------------------------------------------------------------------
    def name(self, n: str) -> str:
        d = self.g.nodes[n]
        name = d.get("name") or d.get("label") or n
        return f"{name}（{d['disambiguator']}）" if d.get("disambiguator") else name

    def article_title(self, article_id: str | None) -> str | None:
        if article_id and article_id in self.g:
            a = self.g.nodes[article_id]
            return " · ".join(x for x in (a.get("title"), a.get("publication"), a.get("date")) if x)
        return None

    def posts_of(self, n: str) -> list[str]:
        return [self.name(v) for _, v, d in self.g.out_edges(n, data=True) if d.get("type") == "HOLDS"]

    def events_of(self, n: str) -> set[str]:
        return {v for _, v, d in self.g.out_edges(n, data=True) if d.get("type") == "PARTICIPATED_IN"}

    def event_line(self, e: str) -> str:
        d = self.g.nodes[e]
        when = d.get("date") or "undated"
        if d.get("end_date"):
            when += f"–{d['end_date']}"
        return f"{when} {d.get('label') or d.get('name') or e}"

    def tooltip(self, n: str) -> str:
        d, g = self.g.nodes[n], self.g
        kind = d.get("type", "")
        lines = [f"{self.name(n)}  [{TYPE_STYLE.get(kind, {}).get('label', kind.lower())}]"]
        if kind == "Person":
            posts = self.posts_of(n)
            if posts:
                lines.append("posts: " + "、".join(posts[:8]) + (" …" if len(posts) > 8 else ""))
            events = sorted(self.events_of(n), key=lambda e: g.nodes[e].get("date") or "")
            if events:
                lines.append(f"events: {len(events)}, {g.nodes[events[0]].get('date') or '?'} to "
                             f"{g.nodes[events[-1]].get('date') or '?'}")
        elif kind == "Post":
            holders = [self.name(u) for u, _, x in g.in_edges(n, data=True) if x.get("type") == "HOLDS"]
            if holders:
                lines.append("held by: " + "、".join(holders[:8]) + (" …" if len(holders) > 8 else ""))
        elif kind == "Organization":
            parents = [self.name(v) for _, v, x in g.out_edges(n, data=True) if x.get("type") == "SUB_ORGANIZATION_OF"]
            if parents:
                lines.append("part of: " + "、".join(parents))
            if d.get("aliases"):
                lines.append("also: " + "、".join(d["aliases"]))
        elif kind == "Event":
            when = d.get("date") or "undated"
            if d.get("end_date"):
                when += f" to {d['end_date']}"
            if d.get("part_of_day"):
                when += f" ({d['part_of_day']})"
            if d.get("date_inferred"):
                when += ", year inferred"
            lines.append(f"{d.get('event_type', 'event')} · {when}")
            for _, v, x in g.out_edges(n, data=True):
                if x.get("type") == "LOCATED_AT":
                    lines.append(f"at: {self.name(v)}")
                elif x.get("type") == "ORGANIZED_BY":
                    lines.append(f"organized by: {self.name(v)}")
            reported = [x for _, _, x in g.out_edges(n, data=True) if x.get("type") == "REPORTED_IN"]
            for x in reported[:1]:
                if x.get("sentence"):
                    lines.append(_quote(x["sentence"]))
            title = self.article_title(d.get("article_id"))
            if title:
                lines.append(f"article: {title}")
        elif kind == "Place":
            events = [u for u, _, x in g.in_edges(n, data=True) if x.get("type") == "LOCATED_AT"]
            lines.append(f"events here: {len(events)}")
        elif kind == "Article":
            lines.append(" · ".join(x for x in (d.get("publication"), d.get("date")) if x))
        return "\n".join(lines)

    def edge_label_and_title(self, u: str, v: str, facts: list[dict[str, Any]]) -> tuple[str, str]:
        kind = facts[0].get("type", "")
        head = f"{self.name(u)} → {self.name(v)}"
        if kind == "PARTICIPATED_IN":
            roles = list(dict.fromkeys(x.get("role") for x in facts if x.get("role")))
            label = ", ".join(roles)
            date = self.g.nodes[v].get("date") if self.g.nodes[v].get("type") == "Event" else None
            first = [x.get("order") for x in facts if x.get("order") is not None]
            meta = label + (f" · {date}" if date else "") + (f" · named #{min(first)}" if first else "")
            lines = [head, meta]
            lines += [_quote(s) for s in _first(s for x in facts for s in _sentences(x))]
            title = self.article_title(facts[0].get("article_id"))
            if title:
                lines.append(f"article: {title}")
            return label, "\n".join(lines)
        label = EDGE_LABELS.get(kind, kind.lower())
        lines = [head, label]
        x = facts[0]
        if kind == "HOLDS" and (x.get("first_date") or x.get("last_date")):
            span = x.get("first_date") or "?"
            if x.get("last_date") and x.get("last_date") != x.get("first_date"):
                span += f" to {x['last_date']}"
            lines[1] += f" · attested {span}"
        if x.get("article_ids"):
            lines[1] += f" · {len(x['article_ids'])} article(s)"
        lines += [_quote(s) for s in _first(s for f in facts for s in _sentences(f))]
        return label, "\n".join(lines)

    # -- output -------------------------------------------------------------------------
    def network(self, heading: str, *, directed: bool = True, focus: Iterable[str] = ()) -> KgNetwork:
        net = KgNetwork(heading=heading, directed=directed)
        focus = set(focus)
        present: dict[str, None] = {}
        for n, extra in sorted(self.nodes.items(), key=lambda kv: kv[0]):
            d = self.g.nodes[n]
            kind = d.get("type", "")
            style = TYPE_STYLE.get(kind, TYPE_STYLE["Article"])
            present[kind] = None
            label = self.name(n)
            if kind == "Event" and d.get("date"):
                label += f"\n{d['date']}"
            attrs: dict[str, Any] = {"label": label, "title": self.tooltip(n), "color": style["color"],
                                     "shape": style["shape"], "size": style["size"], "kind": kind}
            if n in focus:
                attrs["size"] = style["size"] * 1.6
                attrs["borderWidth"] = 3
                attrs["font"] = {"size": 18, "face": FONT}
            attrs.update(extra)
            net.add_node(n, **attrs)
        for (u, v), facts in sorted(self.edges.items()):
            label, title = self.edge_label_and_title(u, v, facts)
            net.add_edge(u, v, label=label, title=title)
        net.legend = [{key: TYPE_STYLE[k][key] for key in ("glyph", "color", "label")}
                      for k in TYPE_STYLE if k in present]
        return net


def _typed(graph: nx.MultiDiGraph, kind: str) -> dict[str, dict[str, Any]]:
    return {n: d for n, d in graph.nodes(data=True) if d.get("type") == kind}


def _not_found(what: str, wanted: str, candidates: Iterable[str]) -> KgError:
    close = difflib.get_close_matches(wanted, sorted(set(candidates)), n=5, cutoff=0.3)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    return KgError(f"no {what} {wanted!r} in the workspace{hint}")


def add_event_context(view: _View, event: str) -> None:
    """The event's place and organizer."""
    for _, v, d in view.g.out_edges(event, data=True):
        if d.get("type") in ("LOCATED_AT", "ORGANIZED_BY"):
            view.edge(event, v, d)


def add_participants(view: _View, event: str) -> None:
    for u, _, d in view.g.in_edges(event, data=True):
        if d.get("type") == "PARTICIPATED_IN":
            view.edge(u, event, d)


def person_view(graph: nx.MultiDiGraph, name: str) -> KgNetwork:
    """A person's posts (with their organizations), events and co-participants."""
    people = [n for n, d in _typed(graph, "Person").items() if d.get("name") == name or n == name]
    if not people:
        raise _not_found("person", name, (d.get("name", "") for d in _typed(graph, "Person").values()))
    view = _View(graph)
    for p in people:
        view.node(p)
        for _, v, d in graph.out_edges(p, data=True):
            if d.get("type") == "HOLDS":
                view.edge(p, v, d)
                for _, org, x in graph.out_edges(v, data=True):
                    if x.get("type") == "POST_IN":
                        view.edge(v, org, x)
            elif d.get("type") == "PARTICIPATED_IN":
                add_participants(view, v)
                add_event_context(view, v)
    n_events = len({e for p in people for e in view.events_of(p)})
    heading = f"{name}: {n_events} event(s), posts and co-participants"
    return view.network(heading, focus=people)


def find_events(graph: nx.MultiDiGraph, event: str) -> list[str]:
    """Events whose id (or id without ``event:``) or label is ``event``, by date."""
    events = _typed(graph, "Event")
    found = [n for n, d in events.items() if event in (n, n.removeprefix("event:"), d.get("label"), d.get("name"))]
    if not found:
        raise _not_found("event", event, (d.get("label", "") for d in events.values()))
    return sorted(found, key=lambda e: (events[e].get("date") or "", e))


def event_view(graph: nx.MultiDiGraph, event: str) -> KgNetwork:
    """The event (every event with that label, for a label) with its participants by
    role, its place and its organizer."""
    found = find_events(graph, event)
    view = _View(graph)
    for e in found:
        view.node(e)
        add_participants(view, e)
        add_event_context(view, e)
    if len(found) == 1:
        heading = f"{view.event_line(found[0])}: participants by role"
    else:
        heading = f"{event}: {len(found)} events, participants by role"
    return view.network(heading, focus=found)


def co_attendance_view(graph: nx.MultiDiGraph, min_weight: int = 1, *, seed: int = analytics.SEED) -> KgNetwork:
    """Persons joined by shared events (edge width and label = how many), node size by
    weighted degree, colour by Louvain community (seeded)."""
    co = analytics.co_attendance(graph, min_weight=min_weight)
    if co.number_of_nodes() == 0:
        raise KgError(f"no two persons share {min_weight} or more events in the workspace")
    parts = analytics.community_sets(co, seed=seed)
    community = analytics.community_of(parts)
    view = _View(graph)
    net = KgNetwork(heading=f"co-attendance: {co.number_of_nodes()} persons sharing ≥ {min_weight} event(s), "
                            f"{len(parts)} communities", directed=False)
    top = max((co.degree(n, weight="weight") for n in co), default=1)
    for n in sorted(co):
        wd = co.degree(n, weight="weight")
        c = community[n]
        posts = view.posts_of(n) if n in graph else []
        lines = [view.name(n) if n in graph else co.nodes[n]["name"],
                 (f"community {c} · {co.degree(n)} co-attendee(s) · {wd} shared attendance(s) · "
                  f"{co.nodes[n]['events']} event(s)")]
        if posts:
            lines.append("posts: " + "、".join(posts[:8]) + (" …" if len(posts) > 8 else ""))
        net.add_node(n, label=co.nodes[n]["name"], title="\n".join(lines), shape="dot", community=c,
                     color=COMMUNITY_COLORS[c % len(COMMUNITY_COLORS)], size=8 + 20 * (wd / top) ** 0.5)
    for a, b, d in sorted(co.edges(data=True), key=lambda e: (e[0], e[1])):
        events = d["events"]
        lines = [f"{co.nodes[a]['name']} — {co.nodes[b]['name']}: {d['weight']} shared event(s)"]
        lines += [view.event_line(e) for e in events[:MAX_EVENTS_LISTED]]
        if len(events) > MAX_EVENTS_LISTED:
            lines.append(f"… {len(events) - MAX_EVENTS_LISTED} more")
        label = {"label": str(d["weight"])} if d["weight"] > 1 else {}  # a sea of "1"s tells nothing
        net.add_edge(a, b, value=d["weight"], title="\n".join(lines), **label)
    net.options = {"edges": {"scaling": {"min": 1, "max": 10, "label": {"enabled": False}},
                             "font": {"face": FONT, "size": 14, "align": "top", "color": "#333333",
                                      "strokeWidth": 3, "strokeColor": "#ffffff"}},
                   "nodes": {"font": {"face": FONT, "size": 16, "strokeWidth": 3, "strokeColor": "#ffffff"}}}
    net.legend = [{"glyph": "●", "color": COMMUNITY_COLORS[i % len(COMMUNITY_COLORS)],
                   "label": f"community {i} ({len(p)})"} for i, p in enumerate(parts[:len(COMMUNITY_COLORS)])]
    return net


def show(graph: nx.MultiDiGraph, *, person: str | None = None, event: str | None = None,
         co_attendance: bool = False, min_weight: int = 1) -> KgNetwork:
    """One view of ``graph`` (from ``to_networkx()``); exactly one of ``person``,
    ``event`` or ``co_attendance=True``."""
    chosen = sum(x is not None and x is not False for x in (person, event, co_attendance or None))
    if chosen != 1:
        raise KgError("choose one view: person=NAME, event=ID or label, or co_attendance=True")
    if min_weight < 1:
        raise KgError("min_weight must be at least 1")
    if person is not None:
        return person_view(graph, person)
    if event is not None:
        return event_view(graph, event)
    return co_attendance_view(graph, min_weight)


class Table:
    """Rows (a list of dicts, as ``g.query`` returns) shown as a table in Jupyter, with
    no pandas needed (``pandas.DataFrame(rows)`` works too when pandas is installed)."""

    def __init__(self, rows: list[dict[str, Any]], columns: Iterable[str] | None = None, limit: int = 30,
                 caption: str = ""):
        self.rows = list(rows)
        self.columns = list(columns or dict.fromkeys(k for r in self.rows for k in r))
        self.limit, self.caption = limit, caption

    @staticmethod
    def _cell(value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, float):
            return f"{value:.4g}"
        if isinstance(value, (list, tuple, set)):
            return "、".join(str(v) for v in value)
        return str(value)

    def _repr_html_(self) -> str:
        esc = html.escape
        head = "".join(f"<th>{esc(c)}</th>" for c in self.columns)
        body = "".join("<tr>" + "".join(f"<td>{esc(self._cell(r.get(c)))}</td>" for c in self.columns) + "</tr>"
                       for r in self.rows[:self.limit])
        more = len(self.rows) - self.limit
        note = f"{len(self.rows)} row(s)" + (f", first {self.limit} shown" if more > 0 else "")
        caption = f"{esc(self.caption)} · {note}" if self.caption else note
        return (f'<table style="font-family: {FONT}; text-align: left"><caption style="text-align: left">'
                f"{caption}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")

    def __repr__(self) -> str:
        lines = ["\t".join(self.columns)]
        lines += ["\t".join(self._cell(r.get(c)) for c in self.columns) for r in self.rows[:self.limit]]
        if len(self.rows) > self.limit:
            lines.append(f"… {len(self.rows) - self.limit} more row(s)")
        return "\n".join(lines)


def table(rows: list[dict[str, Any]], columns: Iterable[str] | None = None, limit: int = 30,
          caption: str = "") -> Table:
    """Rows as a notebook table (see ``Table``)."""
    return Table(rows, columns, limit, caption)


def side_by_side(*panes: tuple[str, Any]) -> Html:
    """Panes next to each other in a notebook: ``(title, text or an object with
    _repr_html_)``; text is shown as preformatted code."""
    cells = []
    for title, content in panes:
        inner = content._repr_html_() if hasattr(content, "_repr_html_") else (
            f'<pre style="white-space: pre-wrap; font-size: 12px">{html.escape(str(content))}</pre>')
        cells.append(f'<div style="flex: 1; min-width: 0; padding: 0 8px"><h4>{html.escape(title)}</h4>{inner}</div>')
    return Html(f'<div style="display: flex; gap: 8px; align-items: flex-start">{"".join(cells)}</div>')


class Html:
    """A fragment of HTML that Jupyter renders."""

    def __init__(self, markup: str):
        self.markup = markup

    def _repr_html_(self) -> str:
        return self.markup


def offline_problems(page: str) -> list[str]:
    """References in ``page`` that a browser would fetch from the network (should be none)."""
    pattern = re.compile(r"""<(?:script|link|img|iframe|source|audio|video)\b[^>]*?\b(?:src|href)"""
                         r"""\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)
    css = re.compile(r"""(?:@import\s+(?:url\()?|url\()\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)
    return [m.group(0) for m in pattern.finditer(page)] + [m.group(0) for m in css.finditer(page)]


__all__ = [
    "LARGE",
    "LARGE_EDGES",
    "TYPE_STYLE",
    "KgNetwork",
    "Table",
    "co_attendance_view",
    "event_view",
    "find_events",
    "offline_problems",
    "person_view",
    "show",
    "side_by_side",
    "table",
]
