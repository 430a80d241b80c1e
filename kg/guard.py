"""A watchdog around the commands that read the stores: a memory cap and a time limit.

Why a watchdog process: a damaged store can make the engine allocate without bound (a
few overwritten blocks of Oxigraph's RocksDB files made ``kg stats`` grow at 250-700
MB/s to ~23 GB until the kernel killed it, silently; RocksDB's checks at open see
nothing wrong), and pyoxigraph has neither a memory cap nor a query timeout. Neither
can be enforced from inside the process: the engine holds the GIL inside one call, so
no Python thread or signal handler runs until it returns. So ``kg`` forks before it
opens anything (no thread exists yet, so forking is safe); the child runs the command
as usual, the parent only watches it: every 10 ms it reads the child's resident size,
and kills it (SIGKILL) once it passes ``KG_MAX_MEMORY`` (default 1.5 GiB; measured: a
query on an intact 3,000-article store peaks at 60-170 MB) or once a deadline the child
asked for (``--timeout``) has passed, then prints one line naming what the child was
reading and what to run. At the measured growth rate the child overshoots the cap by
under 10 MB. As a backstop, should the watcher be starved of CPU, the child's
RLIMIT_DATA is set a quarter above the cap (an allocation past it fails in the child).

The child tells the parent what it is doing over a pipe (``note``, ``deadline``), dies
with the parent (PR_SET_PDEATHSIG), and signals sent to the parent (``kill -INT``,
``kill -TERM``) are passed on; a Ctrl-C from the terminal already reaches both.
``KG_GUARD=0`` runs commands unwatched.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import resource
import signal
import sys
import time

GIB = 1 << 30
DEFAULT_CAP = 3 * GIB // 2
# the commands that open a store (the others never read one)
GUARDED = frozenset({"ingest", "reindex", "stats", "query", "cypher", "sparql", "export", "check", "remove"})
_POLL = 0.01
_SI_KERNEL = 0x80  # si_code of a signal the kernel sent (a terminal's Ctrl-C): the child got it too

_note_fd: int | None = None


def cap_bytes() -> int:
    """The memory cap from ``KG_MAX_MEMORY`` (bytes, or with K/M/G), default 1.5 GiB."""
    text = os.environ.get("KG_MAX_MEMORY", "").strip().upper().removesuffix("B").removesuffix("I")
    if not text:
        return DEFAULT_CAP
    scale = {"K": 1 << 10, "M": 1 << 20, "G": GIB, "T": 1 << 40}.get(text[-1], 1)
    try:
        return int(float(text[:-1] if scale > 1 else text) * scale)
    except ValueError:
        return DEFAULT_CAP


def note(activity: str) -> None:
    """Tell the watching parent what the command is reading now (named in its message)."""
    _send(f"A {activity}")


def deadline(seconds: float | None, what: str) -> None:
    """Ask the watching parent to stop the command ``seconds`` from now (None, 0: no limit)."""
    _send(f"D {seconds or 0} {what}")


def raise_cap(size: int) -> None:
    """Let this command use up to ``size`` bytes (``kg ingest --window`` above the default)."""
    _send(f"C {int(size)}")


def watched() -> bool:
    return _note_fd is not None


def command_pid() -> int:
    """The pid of the ``kg`` process the user started (the watching parent, if any)."""
    return os.getppid() if _note_fd is not None else os.getpid()


def _send(line: str) -> None:
    if _note_fd is not None:
        with contextlib.suppress(OSError):
            os.write(_note_fd, (" ".join(line.split()) + "\n").encode("utf-8", "replace"))


def supervise(argv: list[str]) -> None:
    """Fork and watch the command in ``argv`` if it reads a store; returns in the child
    (or when unwatched), exits in the parent with the child's exit code."""
    global _note_fd
    command = next((a for a in argv[1:] if not a.startswith("-")), None)
    if command not in GUARDED or os.environ.get("KG_GUARD", "1") == "0" or {"-h", "--help"} & set(argv):
        return
    cap = cap_bytes()
    read_end, write_end = os.pipe()
    forwarded = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGCHLD}
    old_mask = signal.pthread_sigmask(signal.SIG_BLOCK, forwarded)
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the child: runs the command
        signal.pthread_sigmask(signal.SIG_SETMASK, old_mask)
        os.close(read_end)
        _note_fd = write_end
        with contextlib.suppress(Exception):
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        if os.getppid() != parent:
            os._exit(1)  # the parent died before prctl
        with contextlib.suppress(ValueError, OSError):
            hard = resource.getrlimit(resource.RLIMIT_DATA)[1]
            backstop = cap + cap // 4
            if hard == resource.RLIM_INFINITY or hard > backstop:
                resource.setrlimit(resource.RLIMIT_DATA, (backstop, hard))
        return
    os.close(write_end)
    os.set_blocking(read_end, False)
    sys.exit(_watch(pid, read_end, cap, command))


def lift_limits() -> None:
    """In a server started by the command (``preexec_fn``): no backstop limit there."""
    with contextlib.suppress(ValueError, OSError):
        hard = resource.getrlimit(resource.RLIMIT_DATA)[1]
        resource.setrlimit(resource.RLIMIT_DATA, (hard, hard))


def _watch(pid: int, notes: int, cap: int, command: str) -> int:
    activity, stop_at, limit_what, buffer = "", None, "", b""
    forwarded = 0
    page = os.sysconf("SC_PAGE_SIZE")
    peak = 0
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        with contextlib.suppress(BlockingIOError, OSError):
            buffer += os.read(notes, 65536)
        *lines, buffer = buffer.split(b"\n")
        for raw in lines:
            kind, _, rest = raw.decode("utf-8", "replace").partition(" ")
            if kind == "A":
                activity = rest
            elif kind == "C":
                cap = max(cap, int(rest))
            elif kind == "D":
                seconds, _, limit_what = rest.partition(" ")
                stop_at = time.monotonic() + float(seconds) if float(seconds) > 0 else None
        if done:
            if os.WIFSIGNALED(status) and os.WTERMSIG(status) == forwarded:
                _die_of(forwarded)  # kill -TERM kg: kg ends as if it had no watchdog
            return _exit_code(status, command, activity, peak, cap)
        rss = _rss(pid, page)
        peak = max(peak, rss)
        if rss > cap:
            _kill(pid)
            where = f" reading {activity}" if activity else ""
            _say(f"kg {command} used more than {_size(cap)} of memory{where} and was stopped: the store is "
                 "probably damaged (kg check --fix, or kg reindex, rebuilds it from the records); "
                 "KG_MAX_MEMORY raises the limit")
            return 1
        if stop_at is not None and time.monotonic() > stop_at:
            _kill(pid)
            _say(f"{limit_what or 'the query'} and was stopped (--timeout)")
            return 1
        info = signal.sigtimedwait({signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGCHLD}, _POLL)
        if info is not None and info.si_signo != signal.SIGCHLD and info.si_code != _SI_KERNEL:
            forwarded = info.si_signo
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, info.si_signo)  # sent to kg by pid: pass it on


def _exit_code(status: int, command: str, activity: str, peak: int, cap: int) -> int:
    if os.WIFEXITED(status):
        return os.WEXITSTATUS(status)
    sig = os.WTERMSIG(status)
    where = f" while reading {activity}" if activity else ""
    if sig in (signal.SIGABRT, signal.SIGSEGV, signal.SIGBUS) and peak > cap // 2:
        _say(f"kg {command} ran out of its memory limit{where} ({_size(cap)}): the store is probably "
             "damaged (kg check --fix, or kg reindex, rebuilds it from the records); KG_MAX_MEMORY raises the limit")
        return 1
    if sig in (signal.SIGINT,):
        return 130
    _say(f"kg {command} was killed by signal {signal.Signals(sig).name}{where}"
         + ("; if a store is damaged, kg check --fix rebuilds it" if sig != signal.SIGKILL else ""))
    return 128 + sig


def _die_of(sig: int) -> None:
    signal.signal(sig, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {sig})
    os.kill(os.getpid(), sig)


def _size(n: int) -> str:
    return f"{n / GIB:.1f} GiB" if n >= GIB else f"{n >> 20} MiB"


def _rss(pid: int, page: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * page
    except (OSError, IndexError, ValueError):
        return 0


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)


def _say(message: str) -> None:
    print(f"kg: error: {message}", file=sys.stderr, flush=True)
