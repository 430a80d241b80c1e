"""``kg check``: does every store hold exactly what the records say? ``--fix`` rebuilds
the ones that do not (``kg.integrity``)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from kg.cli import app
from kg.cli.store_cmd import DEFAULT_WS, UsageError, Workspace_, _progress, _session


@app.command()
def check(
    store: Annotated[str | None, typer.Option(help="cypher or rdf (default: both).")] = None,
    fix: Annotated[bool, typer.Option("--fix", help="Rebuild every store found out of step from the records.")] = False,
    format: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",  # noqa: A002
    workspace: Workspace_ = DEFAULT_WS,
) -> None:
    """Compare each store with the records, article by article: a store that cannot be
    opened, is marked incomplete, or whose facts differ (a crash, kg cypher --write,
    another client, a damaged file) is reported; exit 1 unless all are in step.
    With --fix those stores are rebuilt (kg reindex) and checked again."""
    from kg import integrity
    from kg.workspace import Workspace

    with _session():
        if store not in (None, "cypher", "rdf"):
            raise UsageError(f"unknown --store {store!r}; use cypher or rdf")
        if format not in ("table", "json"):
            raise UsageError(f"unknown --format {format!r}; use table or json")
        with Workspace(workspace, create=False, read_only=not fix) as ws:
            names = ws.active_stores() if store is None else [store]
            found = {name: _check_one(ws, name, integrity) for name in names}
            repaired: list[str] = []
            if fix and any(found.values()):
                with _progress() as bar:
                    for name in [n for n, problem in found.items() if problem]:
                        task = bar.add_task(f"rebuilding {name}", total=ws.count())
                        ws.reindex(name, progress=lambda n, t=task: bar.advance(t, n))
                        repaired.append(name)
                found.update({name: _check_one(ws, name, integrity) for name in repaired})
            count = ws.count()
        _report(found, repaired, count, format, Path(workspace))
        if any(found.values()):
            raise typer.Exit(1)


def _check_one(ws, name: str, integrity) -> str | None:
    """What is wrong with store ``name``, or None."""
    why = ws.incomplete(name)
    if why:
        return f"marked incomplete ({why})"
    drift = integrity.check(ws, name)
    return None if drift.ok else drift.describe()


def _report(found: dict[str, str | None], repaired: list[str], count: int, format: str,  # noqa: A002
            workspace: Path) -> None:
    if format == "json":
        typer.echo(json.dumps({"workspace": str(workspace), "articles": count, "repaired": repaired,
                               "stores": {n: {"ok": p is None, "problem": p} for n, p in found.items()}},
                              ensure_ascii=False, indent=1))
        return
    for name, problem in found.items():
        done = " (rebuilt from the records)" if name in repaired else ""
        typer.echo(f"{name}: {'in step with the ' + str(count) + ' records' if problem is None else problem}{done}")
    for name, problem in found.items():
        if problem:
            print(f"kg: error: the {name} store is out of step with the records: {problem}; "
                  "kg check --fix (or kg reindex) rebuilds it", file=sys.stderr)
