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
offline and in a sandboxed browser.

Readable at any size: the graph is drawn at once and laid out in view (no blank canvas
while a stabilisation pass runs); the layout stops when it settles or after a time
budget. ``show()`` keeps the ``MAX_NODES`` most connected nodes of a bigger view and the
page says so (``max_nodes=0``, ``kg viz --max-nodes 0``: all). Above ``ALL_LABELS``
nodes only the ``LABELLED`` most connected carry a name (every node shows its name on
hover), and once the layout is fitted the page enlarges fonts so that labels are
``LABEL_PX`` pixels on screen. Above ``LARGE`` nodes or ``LARGE_EDGES`` edges edges lose
their labels and curves and physics is switched off after the layout, so a big view
stays responsive instead of animating for minutes.
"""

from __future__ import annotations

from kg.viz.page import (ALL_LABELS, COMMUNITY_COLORS, FONT, LABEL_PX, LABELLED, LARGE, LARGE_EDGES, MAX_NODES,
                         TYPE_STYLE, KgNetwork)
from kg.viz.tables import Html, Table, offline_problems, side_by_side, table
from kg.viz.views import co_attendance_view, event_view, find_events, person_view, show

__all__ = [
    "ALL_LABELS",
    "COMMUNITY_COLORS",
    "LABELLED",
    "LABEL_PX",
    "LARGE",
    "LARGE_EDGES",
    "MAX_NODES",
    "TYPE_STYLE",
    "Html",
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
