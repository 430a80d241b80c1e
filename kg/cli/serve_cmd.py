"""``kg serve``: the workspace's RDF as a read-only SPARQL 1.1 endpoint (``kg.serve``)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from kg.cli import app
from kg.cli.store_cmd import DEFAULT_WS, UsageError, Workspace_, _session
from kg.errors import KgError

LOOPBACK = ("127.0.0.1", "localhost", "::1")


@app.command()
def serve(
    workspace: Workspace_ = DEFAULT_WS,
    host: Annotated[str, typer.Option(help="Address to listen on; anything but loopback opens it to the network.")]
    = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port (0: any free port, printed at start).")] = 7878,
    memory: Annotated[bool | None, typer.Option(
        "--memory/--no-memory",
        help="Copy the graph into memory (default: when it needs under half the available memory).")] = None,
    log: Annotated[bool, typer.Option("--log", help="Log each request on stderr.")] = False,
) -> None:
    """Serve the workspace's RDF as a read-only SPARQL 1.1 endpoint at /query.

    GET or POST a query to http://HOST:PORT/query (SPARQL 1.1 Protocol); results as
    SPARQL JSON, CSV, TSV or XML (SELECT, ASK) or Turtle, N-Triples, RDF/XML, JSON-LD
    (CONSTRUCT) by the Accept header. /named/NAME?param=value runs a named query. The
    default graph is the union of the article graphs. Updates (/update, PUT, DELETE)
    answer 403. It serves a snapshot of the store taken at start; Ctrl-C stops it.
    """
    from kg.serve import make_server, open_snapshot
    from kg.workspace import Workspace

    with _session():
        if not 0 <= port <= 65535:
            raise UsageError(f"--port must be 0-65535, got {port}")
        with Workspace(workspace, create=False, read_only=True) as ws:
            if ws.config["rdf"]["backend"] != "oxigraph":
                raise KgError(f"workspace {workspace} keeps its RDF at a SPARQL endpoint "
                              f"({ws.config['rdf'].get('endpoint')}): query that server directly")
            path = Path(ws.path) / "oxigraph"
            base = ws.config.get("base_iri")
        if not path.is_dir():
            raise KgError(f"workspace {workspace} has no RDF store yet (kg reindex --store rdf builds it)")
        store, in_memory, quads, seconds = open_snapshot(path, memory)
        try:
            server = make_server(store, host, port, quiet=not log, **({"base_iri": base} if base else {}))
        except OSError as e:
            raise KgError(f"cannot listen on {host}:{port}: {e.strerror or e}") from None
        bound_host, bound_port = server.server_address[:2]
        where = "in memory" if in_memory else "on disk"
        typer.echo(f"kg: serving {quads} quads ({where}, opened in {seconds:.1f} s) at "
                   f"http://{_url_host(bound_host)}:{bound_port}/query (read-only); Ctrl-C stops", err=False)
        sys.stdout.flush()
        if host not in LOOPBACK:
            print(f"kg: warning: listening on {host}: reachable from other machines", file=sys.stderr)
        try:
            server.serve_forever(poll_interval=0.2)
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host
