"""Notebook helpers: rows as a table, panes side by side, raw HTML; the offline check."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import Any

from kg.viz.page import FONT

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


