"""The page of a view: ``KgNetwork``, a pyvis network written as one self-contained HTML
file (vis-network inlined), with the layout, cap and label rules of ``kg.viz``."""

from __future__ import annotations

import html
import os
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from pyvis.edge import Edge
from pyvis.network import Network
from pyvis.node import Node

LARGE = 1500  # nodes; above this (or LARGE_EDGES) physics stops after stabilisation (module doc)
LARGE_EDGES = 3000
MAX_NODES = 400  # show() keeps the most connected nodes up to this many (max_nodes=0: all)
ALL_LABELS = 150  # up to this many nodes every node has a label; above, only the LABELLED most connected
LABELLED = 40  # (the others show their name on hover)
LABEL_PX = 13  # on-screen size of a label at the fitted zoom (fonts grow when the fit zooms out)
LAYOUT_BUDGET_MS = {"small": 4000, "medium": 6000, "large": 9000}  # the layout stops settling after this
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
  #kg-notes { padding: 0 10px 6px; font-size: 13px; color: #555; }
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
{% if notes %}<div id="kg-notes">{% for note in notes %}<div>{{ note }}</div>{% endfor %}</div>{% endif %}
<div id="kg-wrap">
<div id="mynetwork"></div>
<div id="kg-legend">{% for item in legend %}
<div><span class="g" style="color: {{ item.color }}">{{ item.glyph }}</span> {{ item.label }}</div>{% endfor %}
</div>
<div id="kg-status">{{ nodes|length }} nodes, {{ edges|length }} edges · laying out…</div>
</div>
<script>
(function () {
  // drawn at once and laid out in view (vis-network's stabilisation would keep the
  // canvas blank until it ends); the layout stops when it settles or after its budget
  var state = {drawn: false, stabilized: false, physics: true, large: {{ 'true' if large else 'false' }},
               labelled: 0, labelPx: 0};
  window.kgView = state;
  var container = document.getElementById("mynetwork");
  var nodes = new vis.DataSet({{ nodes|tojson }});
  var edges = new vis.DataSet({{ edges|tojson }});
  var options = {{ options|tojson }};
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, options);
  state.network = network;
  network.once("afterDrawing", function () { state.drawn = true; document.body.dataset.kgDrawn = "1"; });
  var fitter = setInterval(function () { network.fit({animation: false}); }, 300);
  function legible() {
    // labels keep LABEL_PX on screen at the fitted zoom: a font grows as the fit zooms out
    var scale = network.getScale(), changed = [], shown = [];
    nodes.forEach(function (n) {
      if (!n.label) { return; }
      var base = n.kgFont || 14;
      var size = Math.min({{ max_font }}, Math.max(base, {{ label_px }} / scale));
      changed.push({id: n.id, font: {size: size}});
      shown.push(size * scale);
    });
    nodes.update(changed);
    state.labelled = shown.length;
    state.labelPx = shown.length ? Math.min.apply(null, shown) : 0;
  }
  function settle() {
    if (state.stabilized) { return; }
    clearInterval(fitter);
    if (state.large) {
      network.setOptions({physics: false});  // a big layout stays put instead of animating
      state.physics = false;
    }
    network.fit({animation: false});
    legible();
    network.redraw();
    state.stabilized = true;
    document.getElementById("kg-status").textContent = "{{ nodes|length }} nodes, {{ edges|length }} edges";
    document.body.dataset.kgStabilized = "1";
  }
  network.on("stabilized", settle);
  setTimeout(settle, {{ budget_ms }});
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
        self.capped: tuple[int, int] | None = None  # (shown, total) once cap() dropped nodes
        self.keep: set = set()  # the view's subject(s): always shown, always labelled

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

    def cap(self, max_nodes: int | None, keep: Iterable[str | int] = ()) -> KgNetwork:
        """Keep the ``max_nodes`` most connected nodes (degree in this view; ``keep``
        always), and the edges between them; None or 0 keeps everything. The page then
        says how many of how many it shows."""
        self.keep |= {n for n in keep if n in self.node_map}
        total = len(self.nodes)
        if not max_nodes or total <= max_nodes:
            return self
        degree = _degrees(self.edges)
        ranked = sorted((n for n in self.node_ids if n not in self.keep), key=lambda n: (-degree[n], str(n)))
        chosen = self.keep | set(ranked[:max(0, max_nodes - len(self.keep))])
        self.nodes = [n for n in self.nodes if n["id"] in chosen]
        self.node_ids = [n["id"] for n in self.nodes]
        self.node_map = {n["id"]: n for n in self.nodes}
        self.edges = [e for e in self.edges if e["from"] in chosen and e["to"] in chosen]
        self.__dict__.pop("_pairs", None)
        self.capped = (len(self.nodes), total)
        return self

    def notes(self) -> list[str]:
        """What the page says about what it leaves out: the cap, the hidden labels."""
        out = []
        if self.capped:
            out.append(f"Showing the {self.capped[0]:,} most connected of {self.capped[1]:,} nodes "
                       f"(kg viz --max-nodes 0, or max_nodes=0 in Python, shows them all).")
        if len(self.nodes) > ALL_LABELS:
            out.append(f"Names on the {LABELLED} most connected nodes; hover any node for its name and details.")
        return out

    def page_nodes(self) -> list[dict[str, Any]]:
        """The nodes as written: above ``ALL_LABELS`` only the ``LABELLED`` most connected
        (and the kept ones) carry a label; each keeps its font size for the page's
        legibility step (``kgFont``)."""
        labelled = None
        if len(self.nodes) > ALL_LABELS:
            degree = _degrees(self.edges)
            ranked = sorted(self.node_ids, key=lambda n: (n not in self.keep, -degree[n], str(n)))
            labelled = set(ranked[:LABELLED])
        out = []
        for n in self.nodes:
            node = dict(n)
            if labelled is not None and n["id"] not in labelled:
                node.pop("label", None)  # the tooltip (title) starts with the name
            font = node.get("font")
            node["kgFont"] = font.get("size", 14) if isinstance(font, dict) else 14
            out.append(node)
        return out

    @property
    def large(self) -> bool:
        return len(self.nodes) > LARGE or len(self.edges) > LARGE_EDGES

    @property
    def size_class(self) -> str:
        return "large" if self.large else "small" if len(self.nodes) <= 300 else "medium"

    def vis_options(self) -> dict[str, Any]:
        """vis-network options: CJK font, hover tooltips, seeded stabilised layout."""
        large = self.large
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
                # no stabilisation pass: it keeps the canvas blank until it ends (the
                # page fits the view while the layout runs, see TEMPLATE)
                "stabilization": {"enabled": False},
                "minVelocity": 1.0 if large else 0.75,
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
        nodes, edges = self.page_nodes(), self.edges
        if self.large:  # labels on thousands of edges cost more than they tell; tooltips stay
            edges = [{k: v for k, v in e.items() if k != "label"} for e in edges]
        self.html = _template().render(
            title=self.heading or "kg view", heading=self.heading, vis_js=vis_js, vis_css=vis_css,
            font=FONT, bgcolor=self.bgcolor, width=self.width, height=self.height, nodes=nodes, edges=edges,
            options=self.vis_options(), legend=self.legend, large=self.large, notes=self.notes(),
            label_px=LABEL_PX, max_font=96, budget_ms=LAYOUT_BUDGET_MS[self.size_class],
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




def _degrees(edges: list[dict[str, Any]]) -> Counter:
    degree: Counter = Counter()
    for e in edges:
        degree[e["from"]] += 1
        degree[e["to"]] += 1
    return degree
