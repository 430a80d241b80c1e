"""Workspace commands: ``kg ingest``, ``stats``, ``query``, ``cypher``, ``sparql``,
``reindex``, ``export``.

User errors print one line on stderr: exit 2 for usage (bad ``--param``, unknown query
or parameter), 1 for failures (a store, a rejected input). Never a traceback.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import sqlite3
import sys
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer
from rich import box
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from kg.cli import MaxArticleChars, MaxDocumentBytes, MaxLineBytes, app, input_limits
from kg.errors import AmbiguousLabel, KgError
from kg.loaders import DEFAULT_LIMITS

err_console = Console(stderr=True)
Workspace_ = Annotated[Path, typer.Option("--workspace", "-w", help="Workspace directory.", envvar="KG_WORKSPACE")]
Format = Annotated[str, typer.Option("--format", "-f", help="table, json or csv.")]
Params = Annotated[list[str] | None, typer.Option("--param", "-p", help="key=value (repeatable).")]
DEFAULT_WS = Path("kg-data")
AllowStale = Annotated[bool, typer.Option(
    "--allow-stale", help="Accept answers from a store marked incomplete (still warned; exit 0, not 3).")]
Timeout = Annotated[float, typer.Option("--timeout", help="Stop the query after this many seconds (0: no limit).")]
STALE_EXIT = 3  # answered, but from a store marked incomplete


class UsageError(Exception):
    """A mistake in the command line: exit code 2."""


def _warn_line(message, category, filename, lineno, file=None, line=None) -> None:
    print(f"kg: warning: {message}", file=sys.stderr)


@contextlib.contextmanager
def _session() -> Iterator[None]:
    """Errors as one line and an exit code; warnings (a restarted server) as one line."""
    old = warnings.showwarning
    warnings.showwarning = _warn_line
    try:
        yield
    except UsageError as err:
        print(f"kg: usage error: {err}", file=sys.stderr)
        raise typer.Exit(2) from None
    except KgError as err:
        print(f"kg: error: {err}", file=sys.stderr)
        raise typer.Exit(1) from None
    except BrokenPipeError:  # the reader (head, less) went away: not an error
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(0) from None
    except OSError as err:  # permissions, a full disk
        where = f"{err.filename}: " if getattr(err, "filename", None) else ""
        print(f"kg: error: {where}{err.strerror or err}", file=sys.stderr)
        raise typer.Exit(1) from None
    except RuntimeError as err:
        if "Corruption" not in str(err):
            raise
        # RocksDB found a damaged block of the RDF store, read outside the store's own calls
        reason = " ".join(str(err).split())[:300]
        print(f"kg: error: the RDF store is damaged ({reason}): kg reindex --store rdf rebuilds it from the records",
              file=sys.stderr)
        raise typer.Exit(1) from None
    except sqlite3.Error as err:  # a full disk, a damaged file
        print(f"kg: error: the workspace's records.sqlite: {err} (is the disk full, or the file damaged?)",
              file=sys.stderr)
        raise typer.Exit(1) from None
    finally:
        warnings.showwarning = old


def _params(items: list[str] | None, *, typed: bool) -> dict[str, Any]:
    """``key=value`` pairs; with ``typed`` a value that parses as JSON is taken as such
    (an integer beyond 64 bits is refused: the stores would silently clamp it)."""
    out: dict[str, Any] = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"--param wants key=value, got {item!r}")
        if typed:
            with contextlib.suppress(ValueError):
                value = json.loads(value)
            if _too_big(value):
                raise UsageError(f"--param {key.strip()}: an integer beyond 64 bits cannot be stored exactly; "
                                 "quote it to pass it as text")
        out[key.strip()] = value
    return out


def _too_big(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return not -(1 << 63) <= value < 1 << 63
    if isinstance(value, dict):
        return any(_too_big(v) for v in value.values())
    if isinstance(value, list):
        return any(_too_big(v) for v in value)
    return False


def _stale_exit(g, names: list[str], allow_stale: bool) -> None:
    """After answering: a store marked incomplete (a write or rebuild of it did not
    finish) warns, and exits 3 unless ``--allow-stale``: its answers may be wrong."""
    stale = [(n, why) for n in names if (why := g.workspace.incomplete(n))]
    for name, why in stale:
        print(f"kg: warning: the {name} store is incomplete ({why}): its answers may be wrong; "
              f"kg reindex --store {name} rebuilds it{'' if allow_stale else ' (--allow-stale accepts them)'}",
              file=sys.stderr)
    if stale and not allow_stale:
        raise typer.Exit(STALE_EXIT)


def _deadline(timeout: float, what: str, grace: float = 0.0) -> None:
    """The watchdog (``kg.guard``) stops an engine that cannot stop itself (Oxigraph),
    ``grace`` seconds after ``timeout`` (for an engine that stops itself first)."""
    if timeout < 0:
        raise UsageError("--timeout must be >= 0")
    from kg import guard

    guard.deadline(timeout + grace if timeout else 0, f"{what} ran longer than {timeout:g} s")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _print_rows(rows: list[dict[str, Any]], fmt: str, keys: tuple[str, ...] = ()) -> None:
    columns = list(keys) or list(dict.fromkeys(k for r in rows for k in r))
    if fmt == "json":
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=1))
    elif fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        for r in rows:
            writer.writerow({k: _cell(r.get(k)) for k in columns})
    elif fmt == "table":
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
        for c in columns:
            table.add_column(c, overflow="fold")
        for r in rows:
            table.add_row(*(_cell(r.get(c)) for c in columns))
        Console(width=200 if not sys.stdout.isatty() else None).print(table)
        print(f"({len(rows)} row{'s' if len(rows) != 1 else ''})", file=sys.stderr)
    else:
        raise UsageError(f"unknown --format {fmt!r}; use table, json or csv")


def _open(workspace: Path, *, create: bool = False):
    from kg.api import KnowledgeGraph

    return KnowledgeGraph(workspace, create=create)


def _progress() -> Progress:
    return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=err_console, transient=True,
                    disable=not err_console.is_terminal)  # no bar in logs and pipes


@app.command()
def ingest(
    inputs: Annotated[list[str], typer.Argument(help="Files or directories (JSONL, JSON, pages), or - for stdin.")],
    year: Annotated[int | None, typer.Option(help="Year of dates that do not state one.")] = None,
    workspace: Workspace_ = DEFAULT_WS,
    neo4j: Annotated[str | None, typer.Option("--neo4j", envvar="NEO4J_URI",
                                              help="Write Cypher to this Neo4j (saved in the workspace config).")] = None,
    sparql_endpoint: Annotated[str | None, typer.Option(
        help="Write RDF to this SPARQL 1.1 query endpoint (saved in the workspace config).")] = None,
    base_iri: Annotated[str | None, typer.Option(help="Base IRI of the RDF (saved in the config).")] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Extraction processes (0 = one per core).")] = 1,
    window: Annotated[int, typer.Option(
        help="Articles resolved together, stored ones included; bounds memory (docs/scaling.md).")] = 20_000,
    chunk: Annotated[int, typer.Option(help="Articles per records transaction and store write.")] = 2_000,
    timings: Annotated[bool, typer.Option("--timings", help="Print the time spent per stage on stderr.")] = False,
    max_line_bytes: MaxLineBytes = DEFAULT_LIMITS.line_bytes,
    max_document_bytes: MaxDocumentBytes = DEFAULT_LIMITS.document_bytes,
    max_article_chars: MaxArticleChars = DEFAULT_LIMITS.article_chars,
) -> None:
    """Load, extract, resolve and write articles into the workspace's stores.

    The input is streamed: articles are extracted in batches (by --jobs processes),
    resolved per window (with the stored records while they fit in it) and written per
    chunk. Articles already stored from the same input by the same code are not
    extracted again, so an interrupted ingest resumes and ends as a clean run would.
    """
    from kg.loaders import load_inputs
    from kg.pipeline import ingest_stream
    from kg.workspace import Workspace

    with _session():
        if jobs < 0 or window < 1 or chunk < 1:
            raise UsageError("--jobs must be >= 0, --window and --chunk >= 1")
        limits = input_limits(max_line_bytes, max_document_bytes, max_article_chars)
        jobs = jobs or (os.cpu_count() or 1)
        started = time.perf_counter()
        with Workspace(workspace) as ws:
            if neo4j or sparql_endpoint or base_iri:
                ws.configure(neo4j=neo4j, sparql_endpoint=sparql_endpoint, base_iri=base_iri)
            with _progress() as bar:
                task = bar.add_task("ingesting", total=None)
                report, run = ingest_stream(load_inputs(inputs, year=year, limits=limits), ws, jobs=jobs,
                                            window=window, chunk=chunk, progress=lambda n: bar.advance(task, n))
            stores = ", ".join(f"{s} ({ws.config[s]['backend']})" for s in report.stores)
        elapsed = time.perf_counter() - started
        typer.echo(f"{run.articles} articles: {report.added} new, {report.updated} updated, "
                   f"{report.unchanged} unchanged; stores: {stores}; {elapsed:.1f} s")
        if timings:
            parts = ", ".join(f"{k} {v:.1f} s" for k, v in run.seconds.items())
            print(f"kg: timings: {run.extracted} extracted, {run.skipped} skipped (unchanged input), "
                  f"{run.chars} chars; {parts}", file=sys.stderr)
        if report.restated:
            typer.echo(f"re-resolved with the new articles: {report.restated} stored record(s) rewritten")
        if report.rebuilt:
            typer.echo(f"rebuilt from the records: {', '.join(report.rebuilt)}")
        for r in run.rejected:
            print(f"kg: rejected: {r}", file=sys.stderr)
        if run.rejected:
            print(f"kg: {len(run.rejected)} input(s) rejected", file=sys.stderr)
            raise typer.Exit(1)


@app.command()
def stats(workspace: Workspace_ = DEFAULT_WS,
          format: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",  # noqa: A002
          allow_stale: AllowStale = False) -> None:
    """Articles, node and relationship counts per type, triple counts.

    Exits 1 when a store cannot be opened, 3 when one is marked incomplete (unless
    --allow-stale), after printing what could be counted."""
    with _session():
        if format not in ("table", "json"):
            raise UsageError(f"unknown --format {format!r}; use table or json")
        with _open(workspace) as g:
            data = g.stats()
            _print_stats(data, format)
            broken = [data[n]["error"] for n in ("cypher", "rdf") if "error" in data.get(n, {})]
            for message in broken:
                print(f"kg: error: {message}", file=sys.stderr)
            if broken:
                raise typer.Exit(1)
            _stale_exit(g, [n for n in ("cypher", "rdf") if "incomplete" in data.get(n, {})], allow_stale)


def _print_stats(data: dict[str, Any], format: str) -> None:  # noqa: A002
    if format == "json":
        typer.echo(json.dumps(data, ensure_ascii=False, indent=1))
        return
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for c in ("store", "kind", "name", "count"):
        table.add_column(c, justify="right" if c == "count" else "left")
    table.add_row("records", "articles", "", str(data["articles"]), end_section=True)
    for name in ("cypher", "rdf"):
        s = data.get(name, {})
        label = f"{name} ({s.get('backend')})"
        if "error" in s:
            table.add_row(label, "unavailable", s["error"], "", end_section=True)
            continue
        for kind, key in (("node", "nodes"), ("relationship", "relationships"), ("class", "classes")):
            for k, v in s.get(key, {}).items():
                table.add_row(label, kind, k, str(v))
        for k in ("triples", "graphs"):
            if k in s:
                table.add_row(label, k, "", str(s[k]))
        table.add_section()
    Console(width=200 if not sys.stdout.isatty() else None).print(table)


def _query_help() -> str:
    """The ``kg query`` help: every named query with its parameters."""
    from kg.queries import names, query_spec

    lines = []
    for n in names():
        spec = query_spec(n)
        params = " ".join(f"--param {p.name}=…" if p.required else f"[--param {p.name}=…]" for p in spec.params)
        lines.append(f"{n} {params}".rstrip())
    return ("Run a named query (queries/NAME.cypher or NAME.rq): same keys on both engines.\n\n"
            "A label naming several events where one is meant (attendees) lists them and exits 2.\n\n"
            "\b\nNamed queries:\n" + "\n".join(f"  {line}" for line in lines))


@app.command(help=_query_help())
def query(
    name: Annotated[str, typer.Argument(help="A named query (listed above).")],
    param: Params = None,
    engine: Annotated[str, typer.Option(help="cypher or sparql.")] = "cypher",
    format: Format = "table",  # noqa: A002
    workspace: Workspace_ = DEFAULT_WS,
    timeout: Timeout = 30.0,
    allow_stale: AllowStale = False,
) -> None:
    from kg.queries import bind_params, names, query_spec

    with _session():
        if engine not in ("cypher", "sparql"):
            raise UsageError(f"unknown --engine {engine!r}; use cypher or sparql")
        if name not in names():
            raise UsageError(f"unknown query {name!r}; known: {', '.join(names())}")
        given = _params(param, typed=False)
        try:
            bind_params(name, given)
        except KgError as err:
            raise UsageError(str(err)) from None
        _deadline(timeout, f"the query {name}")
        with _open(workspace) as g:
            g.timeout = timeout or None
            try:
                rows = g.query(name, engine=engine, **given)
            except AmbiguousLabel as err:  # the candidates are the answer: list them
                _print_rows(err.candidates, format, tuple(err.candidates[0]))
                raise UsageError(str(err)) from None
            _print_rows(rows, format, query_spec(name).keys)
            _stale_exit(g, ["cypher" if engine == "cypher" else "rdf"], allow_stale)


@app.command()
def cypher(
    text: Annotated[str, typer.Argument(metavar="QUERY", help="A Cypher query.")],
    param: Params = None,
    format: Format = "table",  # noqa: A002
    workspace: Workspace_ = DEFAULT_WS,
    write: Annotated[bool, typer.Option(
        "--write", help="Allow a query that writes (the next kg ingest rebuilds the store from the records).")] = False,
    timeout: Timeout = 30.0,
    allow_stale: AllowStale = False,
) -> None:
    """Run an ad hoc Cypher query, read-only unless --write (parameter values are JSON
    when they parse as JSON)."""
    _ad_hoc("cypher", text, param, format, workspace, timeout, allow_stale, write=write)


@app.command()
def sparql(
    text: Annotated[str, typer.Argument(metavar="QUERY", help="A SPARQL query (common prefixes predeclared).")],
    param: Params = None,
    format: Format = "table",  # noqa: A002
    workspace: Workspace_ = DEFAULT_WS,
    timeout: Timeout = 30.0,
    allow_stale: AllowStale = False,
) -> None:
    """Run an ad hoc SPARQL query over all articles' graphs (--param NAME=v binds ?NAME).

    Read-only and local: SERVICE (a federated query) and the update forms are refused
    before anything runs."""
    _ad_hoc("sparql", text, param, format, workspace, timeout, allow_stale)


def _ad_hoc(engine: str, text: str, param: list[str] | None, fmt: str, workspace: Path, timeout: float,
            allow_stale: bool, *, write: bool = False) -> None:
    """``kg cypher`` and ``kg sparql``: run ``text`` on the workspace's ``engine`` store
    and print its rows. The Cypher server stops a query at ``timeout`` itself, so the
    watchdog waits 10 s longer; a SPARQL update or SERVICE is refused before it runs."""
    from kg.sparql_check import RefusedQuery, check_read_only

    language, store, grace = ("Cypher", "cypher", 10) if engine == "cypher" else ("SPARQL", "rdf", 0)
    with _session():
        params = _params(param, typed=True)
        if engine == "sparql":
            try:
                check_read_only(text)
            except RefusedQuery as err:
                raise UsageError(str(err)) from None
        _deadline(timeout, f"the {language} query", grace=grace)
        with _open(workspace) as g:
            g.timeout = timeout or None
            if engine == "sparql":
                rows = g.sparql(text, **params)
            else:
                rows = g.write_cypher(text, **params) if write else g.cypher(text, **params)
            _print_rows(rows, fmt)
            _stale_exit(g, [store], allow_stale)


@app.command()
def reindex(
    store: Annotated[str | None, typer.Option(help="cypher or rdf (default: both).")] = None,
    workspace: Workspace_ = DEFAULT_WS,
) -> None:
    """Clear and rebuild a store from the workspace's records."""
    with _session():
        if store not in (None, "cypher", "rdf"):
            raise UsageError(f"unknown --store {store!r}; use cypher or rdf")
        from kg.workspace import Workspace

        with Workspace(workspace, create=False) as ws:
            started = time.perf_counter()
            with _progress() as bar:
                names = ws.active_stores() if store is None else [store]
                task = bar.add_task("reindexing", total=ws.count() * len(names))
                done = ws.reindex(store, progress=lambda n: bar.advance(task, n))
            count = ws.count()
        typer.echo(f"rebuilt {', '.join(done)} from {count} records in {time.perf_counter() - started:.1f} s")


@app.command()
def export(
    format: Annotated[str, typer.Option("--format", "-f", help="ttl, nt, jsonld or trig.")] = "ttl",  # noqa: A002
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write (default: stdout).")] = None,
    no_validate: Annotated[bool, typer.Option("--no-validate", help="Write without SHACL validation.")] = False,
    validator: Annotated[str, typer.Option(
        help="sparql (the shapes as queries on the store: seconds) or pyshacl (the reference: minutes).")] = "sparql",
    workspace: Workspace_ = DEFAULT_WS,
) -> None:
    """Export the RDF graph, validated against schema/shapes.ttl first."""
    from kg.stores.rdf.export import export_graph

    with _session():
        if format not in ("ttl", "nt", "jsonld", "trig"):
            raise UsageError(f"unknown --format {format!r}; use ttl, nt, jsonld or trig")
        with _open(workspace) as g:
            store = g.workspace.store("rdf")
            base = g.workspace.config.get("base_iri")
            if validator not in ("sparql", "pyshacl"):
                raise UsageError(f"unknown --validator {validator!r}; use sparql or pyshacl")
            info = export_graph(store, format, output, validate=not no_validate, validator=validator,
                                **({"base_iri": base} if base else {}))
        if output is None:
            sys.stdout.buffer.write(info.pop("data"))
            sys.stdout.flush()
        else:
            info.pop("data", None)
        summary = ", ".join(f"{k} {v}" for k, v in info.items() if k != "format")
        print(f"kg: exported {format}: {summary}", file=sys.stderr)
