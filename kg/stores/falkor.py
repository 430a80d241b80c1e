"""The default Cypher store: FalkorDB, embedded (a server ``kg`` starts and stops itself,
``kg.stores.falkor_server``) or external (a URL).

A dead embedded server is noticed on the next statement, restarted once and reported
with ``warnings``; a hung one is killed and restarted.
"""

from __future__ import annotations

import contextlib
import os
import time
import warnings
from pathlib import Path
from typing import Any

import redis
from falkordb import Edge, FalkorDB, Node, Path as FPath
from redis.backoff import NoBackoff
from redis.retry import Retry

from kg.errors import StoreError
from kg.stores.base import register
from kg.stores.cypher import CypherStore, falkordb_schema
from kg.stores.falkor_server import FalkorServer, kill_now

_PLAIN = frozenset((str, int, float, bool, type(None)))


def _to_python(value: Any) -> Any:
    """Client objects to plain data (nodes and edges become their property maps)."""
    if type(value) in _PLAIN:  # nearly every cell: skip the isinstance chain
        return value
    if isinstance(value, (Node, Edge)):
        return {k: _to_python(v) for k, v in value.properties.items()}
    if isinstance(value, FPath):
        return {"nodes": [_to_python(n) for n in value.nodes()], "edges": [_to_python(e) for e in value.edges()]}
    if isinstance(value, dict):
        return {k: _to_python(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_to_python(v) for v in value]
    return value


def _clean(value: Any) -> Any:
    """The client sends parameters inside the query text, where NUL ends the string."""
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd")
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    return value


@register("falkordb")
class FalkorStore(CypherStore):
    """Cypher store on FalkorDB: embedded (``path=``, the data directory) or external (``url=``)."""

    def __init__(self, path: str | os.PathLike | None = None, *, url: str | None = None, graph: str = "kg",
                 socket_timeout: float = 600.0, transport: str = "auto", appendonly: bool = True,
                 bolt_port: int | None = None):
        if (path is None) == (url is None):
            raise StoreError("FalkorStore needs exactly one of path= (embedded) or url= (external server)")
        self.graph_name = graph
        self.socket_timeout = socket_timeout
        self.url = url
        self.server = None if url else FalkorServer(Path(path), transport=transport,
                                                    appendonly=appendonly, bolt_port=bolt_port)
        self._db: FalkorDB | None = None
        self._graph = None
        self._connect()
        self._ensure_schema()

    def _connect(self) -> None:
        no_retry = Retry(NoBackoff(), 0)  # redis-py would re-send a timed-out query 3 times
        try:
            if self.server is not None:
                self.server.ensure()
                self._db = FalkorDB(**self.server.client_kwargs(), socket_timeout=self.socket_timeout, retry=no_retry)
            else:
                self._db = FalkorDB.from_url(self.url, socket_timeout=self.socket_timeout, retry=no_retry)
                self._db.connection.ping()
        except redis.RedisError as err:
            raise StoreError(f"cannot reach FalkorDB at {self.url or self.server.dir}: {err}") from None
        self._graph = self._db.select_graph(self.graph_name)

    def _restart(self, why: str) -> None:
        # once, through warnings (the CLI prints it as one 'kg: warning:' line); a log
        # record as well printed it a second time, unprefixed, through logging's last resort
        warnings.warn(f"the FalkorDB server died ({why}); restarted it", RuntimeWarning, stacklevel=4)
        self._close_client()
        self._connect()

    def _ensure_schema(self) -> None:
        for statement in falkordb_schema():
            try:
                self._graph.query(statement)
            except redis.ResponseError as err:
                if "already indexed" not in str(err):
                    raise StoreError(f"FalkorDB refused {statement!r}: {err}") from None

    def _run(self, text: str, params: dict[str, Any] | None = None, *, read_only: bool = False,
             timeout: float | None = None) -> list[dict[str, Any]]:
        params = _clean(params) if params else None
        if self.server is not None and not self.server.alive():
            self._restart("found dead before a query")
        millis = max(1, int(timeout * 1000)) if timeout else None
        for attempt in (1, 2):
            # looked up on each attempt: a restart replaces the graph and its connection
            run = self._graph.ro_query if read_only else self._graph.query  # GRAPH.RO_QUERY refuses writes
            try:
                result = run(text, params, timeout=millis)
                break
            except ValueError as err:  # the client cannot write this parameter (a backtick in a key)
                raise StoreError(f"FalkorDB: cannot send a parameter: {err}") from None
            except redis.TimeoutError:
                self._check_hung()
                raise StoreError(f"FalkorDB query took longer than {self.socket_timeout:g} s") from None
            except redis.ConnectionError as err:
                if self.server is None:
                    raise StoreError(f"lost the FalkorDB connection: {err}") from None
                if attempt == 2:
                    raise StoreError("the FalkorDB server died again on this query; "
                                     "it has been restarted, the query was not run") from None
                time.sleep(0.05)  # let a dying process finish exiting before we look
                self._restart(f"connection lost: {err}")
            except redis.ResponseError as err:
                message = str(err).splitlines()[0]
                if read_only and "read-only" in message.lower():
                    raise StoreError("kg cypher runs read-only: this query writes (CREATE, SET, DELETE, MERGE, "
                                     "REMOVE); the store is a projection of the records, so a write is undone by "
                                     "kg reindex. Pass --write to run it anyway") from None
                if timeout and "timed out" in message.lower():
                    raise StoreError(f"the Cypher query ran longer than {timeout:g} s (--timeout)") from None
                raise StoreError(f"FalkorDB: {message}") from None
        names = [h[1] for h in result.header]
        return [dict(zip(names, map(_to_python, row), strict=True)) for row in result.result_set]

    def _check_hung(self) -> None:
        """After a timeout: a slow query leaves the server answering PING (queries run on
        worker threads); a server that does not answer is hung (seen once, not reproduced
        since): kill it and start a new one, so the next statement works."""
        if self.server is None or not self.server.owned:
            return
        try:
            with redis.Redis(**self.server.client_kwargs(), socket_timeout=min(5.0, self.socket_timeout),
                             retry=Retry(NoBackoff(), 0)) as r:
                r.ping()
        except redis.RedisError:
            pid = self.server.proc.pid
            kill_now(pid)
            self.server.proc.wait()
            self._restart(f"pid {pid} stopped answering and was killed")
            raise StoreError("the FalkorDB server hung on this query; it was killed and restarted "
                             "(recent writes may be lost: kg reindex --store cypher)") from None

    def clear(self) -> None:
        """Drop the whole graph and recreate the indexes."""
        self._run("MATCH (n) RETURN count(n) AS n LIMIT 1")  # revives a dead server first
        with contextlib.suppress(redis.ResponseError):
            self._graph.delete()
        self._graph = self._db.select_graph(self.graph_name)
        self._ensure_schema()

    def _close_client(self) -> None:
        if self._db is not None:
            with contextlib.suppress(Exception):
                self._db.close()
        self._db = None

    def close(self) -> None:
        """Close the connection; save and stop the server if this process started it."""
        self._close_client()
        if self.server is not None:
            self.server.stop()
