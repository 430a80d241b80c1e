"""``kg viz``: write an interactive view of the workspace as one self-contained HTML file.

    kg viz --person 周明远 -o zhou.html
    kg viz --event 乡村振兴论坛 -o forum.html        # an event id or label
    kg viz --co-attendance --min-weight 2 -o co.html
    kg viz --person 习近平 --max-nodes 0 -o all.html   # every node, not the 400 most connected

The page needs no network (vis-network is inlined) and opens in any browser. Exit
codes: 0 written, 1 nothing to show (unknown person or event, no pair above the
weight) or the workspace failed, 2 usage error.
"""

from __future__ import annotations

import sqlite3
import sys
import time
from pathlib import Path
from typing import Annotated

import typer

from kg.cli import app
from kg.errors import KgError


def _fail(message: str, code: int) -> typer.Exit:
    print(f"kg: {'usage error' if code == 2 else 'error'}: {message}", file=sys.stderr)
    return typer.Exit(code)


@app.command()
def viz(
    person: Annotated[str | None, typer.Option("--person",
                                               help="A person's name: posts, events, co-participants.")] = None,
    event: Annotated[str | None, typer.Option("--event", help="An event id or label: participants by role.")] = None,
    co_attendance: Annotated[bool, typer.Option(
        "--co-attendance", help="Persons joined by shared events, coloured by community.")] = False,
    min_weight: Annotated[int, typer.Option("--min-weight", min=1,
                                            help="With --co-attendance: least number of shared events.")] = 1,
    max_nodes: Annotated[int, typer.Option("--max-nodes", min=0, help=(
        "Show the most connected this many nodes of a bigger view (0: all; the page says what it left out)."))] = 400,
    output: Annotated[Path, typer.Option("--output", "-o", help="HTML file to write.")] = Path("kg-view.html"),
    workspace: Annotated[Path, typer.Option("--workspace", "-w", help="Workspace directory.",
                                            envvar="KG_WORKSPACE")] = Path("kg-data"),
) -> None:
    """Write an interactive network view (self-contained HTML, works offline)."""
    chosen = [name for name, on in (("--person", person is not None), ("--event", event is not None),
                                    ("--co-attendance", co_attendance)) if on]
    if len(chosen) != 1:
        raise _fail("choose exactly one of --person NAME, --event ID, --co-attendance"
                    + (f" (got {' '.join(chosen)})" if chosen else ""), 2)
    if output.suffix.lower() not in (".html", ".htm"):
        raise _fail(f"-o wants an .html file, got {str(output)!r}", 2)
    from kg.api import KnowledgeGraph

    started = time.perf_counter()
    try:
        with KnowledgeGraph(workspace) as g:
            net = g.show(person=person, event=event, co_attendance=co_attendance, min_weight=min_weight,
                         max_nodes=max_nodes)
        output.parent.mkdir(parents=True, exist_ok=True)
        net.write_html(output)
    except KgError as err:
        raise _fail(str(err), 1) from None
    except (OSError, sqlite3.Error) as err:
        raise _fail(str(err), 1) from None
    typer.echo(f"{output}: {len(net.nodes)} nodes, {len(net.edges)} edges"
               f"{f' (the most connected of {net.capped[1]}; --max-nodes 0 shows all)' if net.capped else ''}"
               f"{' (large: physics stops after layout)' if net.large else ''}; "
               f"{time.perf_counter() - started:.1f} s")
