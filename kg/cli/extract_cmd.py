"""``kg extract``: run load → clean → extract on inputs and write gold-shaped or full JSON."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from kg.cli import app
from kg.cli.progress import progress_over
from kg.errors import Rejected
from kg.gold import to_gold
from kg.loaders import load_inputs
from kg.pipeline import extract_all
from kg.records import extraction_to_dict


@app.command("extract")
def extract(
    inputs: Annotated[list[str], typer.Argument(help="Files, directories, or - for stdin.")],
    year: Annotated[int | None, typer.Option(help="Year for dates that state none (6月3日).")] = None,
    fmt: Annotated[str, typer.Option("--format", help="gold (kg-gold/1) or json (full model with evidence).")] = "gold",
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write here instead of stdout.")] = None,
) -> None:
    """Extract persons, posts, events and participations from news articles."""
    if fmt not in ("gold", "json"):
        raise typer.BadParameter("--format must be gold or json")
    extractions = []
    rejected: list[Rejected] = []
    for item in progress_over(extract_all(load_inputs(inputs), year=year), "extracting"):
        if isinstance(item, Rejected):
            rejected.append(item)
            print(f"kg: rejected {item}", file=sys.stderr)
        else:
            extractions.append(item)
    if fmt == "gold":
        doc = to_gold(extractions, inputs[0] if len(inputs) == 1 else "")
    else:
        doc = {"format": "kg-extraction/1", "articles": [extraction_to_dict(e) for e in extractions]}
    text = json.dumps(doc, ensure_ascii=False, indent=1)
    if output:
        output.write_text(text + "\n", encoding="utf-8")
    else:
        sys.stdout.write(text + "\n")
    print(f"kg: {len(extractions)} articles extracted, {len(rejected)} rejected", file=sys.stderr)
    if rejected:
        raise typer.Exit(1)
