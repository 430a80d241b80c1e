"""The three views (person, event, co-attendance) built from ``to_networkx()``."""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import networkx as nx

from kg import analytics
from kg.errors import KgError
from kg.viz.page import (COMMUNITY_COLORS, EDGE_LABELS, FONT, MAX_EVENTS_LISTED, MAX_NODES, MAX_SENTENCES,
                         TYPE_STYLE, KgNetwork)


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
        net.keep = {n for n in focus if n in net.node_map}
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


def person_view(graph: nx.MultiDiGraph, name: str, *, max_nodes: int | None = None) -> KgNetwork:
    """A person's posts (with their organizations), events and co-participants
    (``max_nodes``: keep the most connected that many, see ``KgNetwork.cap``)."""
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
    return view.network(heading, focus=people).cap(max_nodes)


def find_events(graph: nx.MultiDiGraph, event: str) -> list[str]:
    """Events whose id (or id without ``event:``) or label is ``event``, by date."""
    events = _typed(graph, "Event")
    found = [n for n, d in events.items() if event in (n, n.removeprefix("event:"), d.get("label"), d.get("name"))]
    if not found:
        raise _not_found("event", event, (d.get("label", "") for d in events.values()))
    return sorted(found, key=lambda e: (events[e].get("date") or "", e))


def event_view(graph: nx.MultiDiGraph, event: str, *, max_nodes: int | None = None) -> KgNetwork:
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
    return view.network(heading, focus=found).cap(max_nodes)


def co_attendance_view(graph: nx.MultiDiGraph, min_weight: int = 1, *, seed: int = analytics.SEED,
                       max_nodes: int | None = None) -> KgNetwork:
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
    return net.cap(max_nodes)


def show(graph: nx.MultiDiGraph, *, person: str | None = None, event: str | None = None,
         co_attendance: bool = False, min_weight: int = 1, max_nodes: int | None = MAX_NODES) -> KgNetwork:
    """One view of ``graph`` (from ``to_networkx()``); exactly one of ``person``,
    ``event`` or ``co_attendance=True``. A view of more than ``max_nodes`` nodes keeps
    the most connected (the page says so); ``max_nodes=0`` or None keeps them all."""
    chosen = sum(x is not None and x is not False for x in (person, event, co_attendance or None))
    if chosen != 1:
        raise KgError("choose one view: person=NAME, event=ID or label, or co_attendance=True")
    if min_weight < 1:
        raise KgError("min_weight must be at least 1")
    if max_nodes is not None and max_nodes < 0:
        raise KgError("max_nodes must be 0 (no cap) or more")
    if person is not None:
        return person_view(graph, person, max_nodes=max_nodes)
    if event is not None:
        return event_view(graph, event, max_nodes=max_nodes)
    return co_attendance_view(graph, min_weight, max_nodes=max_nodes)


