"""``kg eval GOLD PRED``: score a prediction against a gold annotation (both ``kg-gold/1``).

Prints one table row per kind plus a row starting with ``core`` (posts + participants +
roles pooled); hooks grep that line, so nothing else in the table output says "core".
Bad inputs give one line on stderr and exit code 2.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich import box
from rich.console import Console
from rich.table import Table

from kg.cli import app
from kg.errors import KgError
from kg.evaluate import KINDS, Report, load_document, score


def _table(report: Report) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("kind")
    for name in ("tp", "fp", "fn", "precision", "recall", "f1"):
        table.add_column(name, justify="right")
    rows = [*KINDS, "core"]
    for name in rows:
        c = report.counts[name]
        table.add_row(name, str(c.tp), str(c.fp), str(c.fn), f"{c.precision:.3f}",
                      f"{c.recall:.3f}", f"{c.f1:.3f}", end_section=(name == KINDS[-1]))
    return table


def _details(report: Report) -> list[str]:
    """Readable FP/FN lines: document-level first, then per article."""
    lines = []

    def errors(fp: dict[str, list[str]], fn: dict[str, list[str]], indent: str) -> None:
        for kind in KINDS:
            for fact in fn.get(kind, []):
                lines.append(f"{indent}missing {kind}: {fact}")
            for fact in fp.get(kind, []):
                lines.append(f"{indent}extra   {kind}: {fact}")

    lines.append("document (persons, posts):")
    errors(report.false_positives, report.false_negatives, "  ")
    for art in report.articles:
        if art.gold_index is not None:
            head = f"gold article {art.gold_index + 1}: {art.gold_title}"
            if art.matched_by:
                head += f"  (matched by {art.matched_by}"
                if art.pred_title != art.gold_title:
                    head += f" to predicted {art.pred_index + 1}: {art.pred_title}"
                head += ")"
            else:
                head += "  (no predicted article)"
        else:
            head = f"predicted article {art.pred_index + 1}: {art.pred_title}  (no gold article)"
        lines.append("")
        lines.append(head)
        for pair in art.events:
            if pair["gold"] is not None and pair["pred"] is not None:
                lines.append(f"  event {pair['gold']} <-> {pair['pred']}")
            elif pair["gold"] is not None:
                lines.append(f"  event {pair['gold']} <-> (none predicted)")
            else:
                lines.append(f"  event (not in gold) <-> {pair['pred']}")
        errors(art.false_positives, art.false_negatives, "  ")
    return lines


@app.command("eval")
def eval_command(
    gold: Annotated[Path, typer.Argument(help="Gold annotation (kg-gold/1 JSON).")],
    pred: Annotated[Path, typer.Argument(help="Prediction to score (kg-gold/1 JSON).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the full report (per-article errors included) as JSON.")] = False,
    details: Annotated[bool, typer.Option(
        "--details", help="Also list false positives and negatives per article.")] = False,
) -> None:
    """Score PRED against GOLD: precision, recall and F1 per kind, and the pooled core."""
    try:
        report = score(load_document(gold), load_document(pred))
    except KgError as err:
        # Exit 2 (bad input) rather than main()'s 1, and no traceback.
        typer.echo(f"kg: error: {err}", err=True)
        raise typer.Exit(2) from None
    if as_json:
        typer.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        return
    m = report.to_dict()["matching"]
    n_gold = sum(1 for a in report.articles if a.gold_index is not None)
    n_pred = sum(1 for a in report.articles if a.pred_index is not None)
    typer.echo(f"articles: {n_gold} gold, {n_pred} predicted, "
               f"{m['by_title'] + m['by_people']} matched "
               f"({m['by_title']} by title, {m['by_people']} by people)")
    # No highlighting or markup: numbers stay plain text for whoever greps the output.
    console = Console(highlight=False, soft_wrap=False)
    console.print(_table(report))
    if details:
        for line in _details(report):
            typer.echo(line)
