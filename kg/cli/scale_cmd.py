"""Corpus-scale commands: ``kg spark-extract`` (the pipeline on Spark) and
``kg bulk-export`` (Neo4j bulk-import CSVs and N-Triples from a workspace's records)."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated

import typer

from kg.cli import app
from kg.cli.store_cmd import DEFAULT_WS, UsageError, Workspace_, _session


@app.command("spark-extract")
def spark_extract(
    input: Annotated[str, typer.Argument(help="A JSONL corpus (a local path, or any URI Spark reads).")],  # noqa: A002
    output: Annotated[Path, typer.Argument(help="Output directory: records/ (Parquet), graph.nt/, neo4j/.")],
    master: Annotated[str, typer.Option(help="Spark master URL.")] = "local[2]",
    partitions: Annotated[int | None, typer.Option(help="Input partitions (default: the master's parallelism).")] = None,
    resolve: Annotated[str, typer.Option(help="partition (scales) or global (exact, on the driver).")] = "partition",
    year: Annotated[int | None, typer.Option(help="Year of dates that do not state one.")] = None,
    base_iri: Annotated[str | None, typer.Option(help="Base IRI of the RDF.")] = None,
    nquads: Annotated[bool, typer.Option("--nquads", help="Also write graph.nq/ (one named graph per article).")] = False,
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Replace OUTPUT if it exists.")] = False,
) -> None:
    """Run load, extract, resolve and the RDF and Neo4j mappings on Spark (needs kg[spark])."""
    from kg.spark_job import RESOLVE_SCOPES, run

    with _session():
        if resolve not in RESOLVE_SCOPES:
            raise UsageError(f"unknown --resolve {resolve!r}; use {' or '.join(RESOLVE_SCOPES)}")
        manifest = run(input, str(output), master=master, partitions=partitions, year=year, base_iri=base_iri,
                       resolve=resolve, nquads=nquads, overwrite=overwrite)
        typer.echo(f"{manifest['articles']} articles ({manifest['rejected']} rejected), {manifest['triples']} triples, "
                   f"{sum(manifest['neo4j_csv_rows'].values())} CSV rows in {output}; "
                   f"{manifest['total_seconds']:.1f} s")
        typer.echo(f"load into Neo4j: sh {output / 'neo4j' / 'import.sh'}")


@app.command("bulk-export")
def bulk_export(
    output: Annotated[Path, typer.Argument(help="Directory for nodes_*.csv, relationships_*.csv, graph.nt.")],
    workspace: Workspace_ = DEFAULT_WS,
    no_rdf: Annotated[bool, typer.Option("--no-rdf", help="Only the Neo4j CSVs.")] = False,
) -> None:
    """Write the workspace's graph as Neo4j bulk-import CSVs and N-Triples (no validation)."""
    from kg.bulk import import_command, ntriples_lines, write_neo4j_csv
    from kg.workspace import Workspace

    with _session():
        started = time.perf_counter()
        with Workspace(workspace, create=False, read_only=True) as ws:
            counts = write_neo4j_csv(ws.records(), output)
            triples = 0
            if not no_rdf:
                base = ws.config.get("base_iri")
                seen: set[str] = set()
                with open(output / "graph.nt", "w", encoding="utf-8") as f:
                    for line in ntriples_lines(ws.records(), base):
                        if line not in seen:
                            seen.add(line)
                            f.write(line + "\n")
                triples = len(seen)
        (output / "import.sh").write_text("#!/bin/sh\ncd \"$(dirname \"$0\")\"\n" + import_command(".") + "\n",
                                          encoding="utf-8")
        typer.echo(json.dumps({"rows": counts, "triples": triples,
                               "seconds": round(time.perf_counter() - started, 1)}, ensure_ascii=False))
