"""``kg conflicts``: single-holder posts stated for several people at the same time."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from kg.cli import app
from kg.conflicts import find_conflicts
from kg.workspace import DEFAULT, Workspace


@app.command("conflicts")
def conflicts(
    workspace: Annotated[str, typer.Option("--workspace", "-w", help="Workspace directory.",
                                                   envvar="KG_WORKSPACE")] = DEFAULT,
    fmt: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
) -> None:
    """Report single-holder posts (书记, 区长, 总理…) stated for several people at once.

    Lists each post only one person holds at a time that the records state for several
    people over overlapping periods, with the evidence; the facts themselves are kept."""
    if fmt not in ("table", "json"):
        raise typer.BadParameter("--format must be table or json")
    with Workspace(workspace, create=False, read_only=True) as ws:
        found = find_conflicts(ws.records())
    if fmt == "json":
        typer.echo(json.dumps([c.to_dict() for c in found], ensure_ascii=False, indent=1))
        return
    table = Table("post", "holders (first … last attested)", "evidence", show_lines=True)
    for c in found:
        holders = "\n".join(f"{h.person} ({h.first_date or '?'} … {h.last_date or '?'})" for h in c.holders)
        evidence = "\n".join(h.evidence[0].quote for h in c.holders)
        table.add_row(f"{c.org}{c.title}", holders, evidence)
    Console().print(table)
    typer.echo(f"{len(found)} conflict(s)")
