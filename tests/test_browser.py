"""A real browser opens ``kg viz`` pages: Debian's chromium, headless, driven over the
DevTools protocol on a pipe (``--remote-debugging-pipe``: no port, no extra package).

Each page gets a fresh browser, which checks that the network canvas drew (the
screenshot has the node colours, it is not blank), that no console error or uncaught
exception was raised, and that no request left the machine: every URL the page
requested is ``file:`` or ``data:``, and the browser's net log (``--log-net-log``) shows
no byte sent on any socket and no connection opened; host names resolve to nothing
(``--host-resolver-rules``), so even chromium's own background requests fail locally.

``KG_UPDATE_SCREENSHOTS=1 pytest tests/test_browser.py`` also refreshes
``docs/img/viz-person.png`` (the README's picture) from the sample page.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import queue
import re
import shutil
import signal
import struct
import subprocess
import threading
import time
import zlib
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.viz import LABEL_PX, LABELLED, LARGE, TYPE_STYLE, co_attendance_view, person_view

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "qingshan-daily-2021-03.txt"
SCREENSHOT = ROOT / "docs" / "img" / "viz-person.png"
CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
         "--disable-default-apps", "--disable-extensions", "--mute-audio", "--hide-scrollbars",
         "--host-resolver-rules=MAP * ~NOTFOUND")
VIEWPORT = (1200, 690)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (/usr/bin/chromium); "
                                                "scripts/test.sh installs it with apt-get"),
]


# --- a minimal DevTools-protocol client over --remote-debugging-pipe ------------------


class Browser:
    """Headless chromium with the DevTools protocol on fds 3 (commands in) and 4 (out)."""

    def __init__(self, profile: Path, timeout: float = 60):
        self.timeout = timeout
        self.netlog = profile.parent / f"{profile.name}.netlog.json"
        self.stderr = (profile.parent / f"{profile.name}.stderr").open("wb")
        child_in, self._cmd_w = os.pipe()  # we write commands, chromium reads them on fd 3
        self._out_r, child_out = os.pipe()  # chromium writes replies and events on fd 4
        args = [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--remote-debugging-pipe",
                f"--log-net-log={self.netlog}", f"--window-size={VIEWPORT[0]},{VIEWPORT[1]}", "about:blank"]
        # the pipes arrive as stdin/stdout; a shell moves them to fds 3 and 4 (no preexec_fn)
        wire = 'exec 3<&0 4>&1 </dev/null 1>&2; exec "$0" "$@"'
        self.proc = subprocess.Popen(["/bin/sh", "-c", wire, *args], stdin=child_in, stdout=child_out,
                                     stderr=self.stderr, start_new_session=True)
        os.close(child_in)
        os.close(child_out)
        self._next = 0
        self._lock = threading.Lock()
        self._replies: dict[int, queue.Queue] = {}
        self.events: list[dict[str, Any]] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        buf = b""
        with os.fdopen(self._out_r, "rb", buffering=0) as pipe:
            while chunk := pipe.read(1 << 16):
                buf += chunk
                *messages, buf = buf.split(b"\0")
                for raw in messages:
                    msg = json.loads(raw)
                    if "id" in msg and msg["id"] in self._replies:
                        self._replies[msg["id"]].put(msg)
                    else:
                        self.events.append(msg)

    def send(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        with self._lock:
            self._next += 1
            mid = self._next
            self._replies[mid] = queue.Queue()
        msg: dict[str, Any] = {"id": mid, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self._cmd_w, json.dumps(msg).encode() + b"\0")
        try:
            reply = self._replies[mid].get(timeout=self.timeout)
        except queue.Empty:
            self.stderr.flush()
            log = Path(self.stderr.name).read_text(errors="replace")[-2000:]
            raise TimeoutError(f"chromium did not answer {method} in {self.timeout} s "
                               f"(exit code {self.proc.poll()}); its stderr ends:\n{log}") from None
        finally:
            self._replies.pop(mid, None)
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        return reply.get("result", {})

    def wait_event(self, method: str, session: str, timeout: float) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for e in self.events:
                if e.get("method") == method and e.get("sessionId") == session:
                    return e
            time.sleep(0.05)
        raise TimeoutError(f"no {method} in {timeout} s")

    def close(self) -> None:
        with contextlib.suppress(OSError, TimeoutError, RuntimeError):
            self.send("Browser.close")
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)  # our own chromium's process group
            self.proc.wait(timeout=10)
        os.close(self._cmd_w)
        self.stderr.close()


def open_page(browser: Browser, url: str, *, ready: str, timeout: float = 60) -> dict[str, Any]:
    """Load ``url`` in a new tab, wait until the JS expression ``ready`` is true, take a
    screenshot. Returns the page's console errors, requested URLs, screenshot and
    timings."""
    target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    for domain in ("Page", "Runtime", "Log", "Network"):
        browser.send(f"{domain}.enable", session=session)
    browser.send("Emulation.setDeviceMetricsOverride", {"width": VIEWPORT[0], "height": VIEWPORT[1],
                                                        "deviceScaleFactor": 1, "mobile": False}, session)
    started = time.monotonic()
    browser.send("Page.navigate", {"url": url}, session)
    browser.wait_event("Page.loadEventFired", session, timeout)
    loaded = time.monotonic() - started
    deadline = time.monotonic() + timeout
    state = None
    while time.monotonic() < deadline:
        state = browser.send("Runtime.evaluate", {"expression": ready, "returnByValue": True}, session)
        if state.get("result", {}).get("value") is True:
            break
        time.sleep(0.1)
    else:
        raise TimeoutError(f"{ready!r} still false after {timeout} s")
    ready_after = time.monotonic() - started
    # two frames, so the last layout step is on screen
    browser.send("Runtime.evaluate", {"expression": "new Promise(r => requestAnimationFrame(() => "
                                                    "requestAnimationFrame(() => r(true))))",
                                      "awaitPromise": True}, session)
    info = browser.send("Runtime.evaluate", {"returnByValue": True, "expression": """(() => {
        const c = document.querySelector('#mynetwork canvas').getBoundingClientRect();
        const l = document.getElementById('kg-legend').getBoundingClientRect();
        const v = window.kgView;
        return {canvas: [c.left, c.top, c.right, c.bottom], legend: [l.left, l.top, l.right, l.bottom],
                physics: v.network.physics.options.enabled, nodes: v.network.body.data.nodes.length,
                drawn: v.drawn, stabilized: v.stabilized, labelled: v.labelled, labelPx: v.labelPx,
                scale: v.network.getScale()};
    })()"""}, session)["result"]["value"]
    png = base64.b64decode(browser.send("Page.captureScreenshot", {"format": "png"}, session)["data"])
    time.sleep(0.2)  # let late console messages arrive
    mine = [e for e in browser.events if e.get("sessionId") == session]
    errors = [e for e in mine if e["method"] == "Runtime.exceptionThrown"
              or (e["method"] == "Runtime.consoleAPICalled" and e["params"]["type"] in ("error", "assert"))
              or (e["method"] == "Log.entryAdded" and e["params"]["entry"]["level"] == "error")]
    requests = [e["params"]["request"]["url"] for e in mine if e["method"] == "Network.requestWillBeSent"]
    browser.send("Target.closeTarget", {"targetId": target})
    return {"png": png, "errors": errors, "requests": requests, "info": info,
            "loaded": loaded, "ready": ready_after}


# --- a tiny PNG decoder (zlib only) --------------------------------------------------


def decode_png(data: bytes) -> tuple[int, int, int, bytes]:
    """(width, height, channels, raw pixel rows) of an 8-bit, non-interlaced RGB/RGBA PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, header = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    width, height, depth, color, _, _, interlace = header
    assert depth == 8 and color in (2, 6) and not interlace, f"unsupported PNG: depth {depth}, colour type {color}"
    channels = 3 if color == 2 else 4
    raw = zlib.decompress(b"".join(idat))
    stride = width * channels
    out = bytearray(height * stride)
    prev = bytearray(stride)
    for y in range(height):
        ftype = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        if ftype == 1:
            for i in range(channels, stride):
                line[i] = (line[i] + line[i - channels]) & 0xFF
        elif ftype == 2:
            line = bytearray((a + b) & 0xFF for a, b in zip(line, prev, strict=True))
        elif ftype == 3:
            for i in range(stride):
                left = line[i - channels] if i >= channels else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 0xFF
        elif ftype == 4:
            for i in range(stride):
                a = line[i - channels] if i >= channels else 0
                b = prev[i]
                c = prev[i - channels] if i >= channels else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        out[y * stride:(y + 1) * stride] = line
        prev = line
    return width, height, channels, bytes(out)


def pixel_counts(png: bytes, box: list[float], hide: list[float], colours: dict[str, str]) -> dict[str, int]:
    """Inside ``box`` (minus ``hide``, the legend): non-white pixels and pixels near each colour."""
    width, height, channels, px = decode_png(png)
    targets = {k: tuple(int(v[i:i + 2], 16) for i in (1, 3, 5)) for k, v in colours.items()}
    counts = {"non_white": 0, "total": 0, **{k: 0 for k in targets}}
    x0, y0, x1, y1 = (max(0, int(v)) for v in box)
    hx0, hy0, hx1, hy1 = (int(v) for v in hide)
    for y in range(y0, min(y1, height)):
        row = px[y * width * channels:(y + 1) * width * channels]
        for x in range(x0, min(x1, width)):
            if hx0 <= x < hx1 and hy0 <= y < hy1:
                continue
            r, g, b = row[x * channels:x * channels + 3]
            counts["total"] += 1
            if r < 240 or g < 240 or b < 240:
                counts["non_white"] += 1
                for k, (tr, tg, tb) in targets.items():
                    if abs(r - tr) + abs(g - tg) + abs(b - tb) < 30:
                        counts[k] += 1
    return counts


def netlog_traffic(path: Path) -> dict[str, list[str]]:
    """What the browser did on the network, from its ``--log-net-log`` file.

    ``sent``: sockets that sent bytes; ``connects``: TCP connections to a non-loopback
    address (a UDP ``connect`` sends nothing: chromium's IPv6 reachability probe is one);
    ``remote_urls``: http(s)/ws(s) URLs requested by anyone (chromium's own background
    services ask for a few even with the flags above; they fail to resolve) and
    ``answered``: those of them that got a response (must be none).
    """
    import ipaddress

    text = path.read_text(encoding="utf-8", errors="replace").rstrip()
    try:
        log = json.loads(text)
    except json.JSONDecodeError:  # cut short: close the event list
        log = json.loads(text.rstrip(",") + "]}")
    etype = {v: k for k, v in log["constants"]["logEventTypes"].items()}
    answered: set[int] = set()
    urls: dict[int, str] = {}
    out: dict[str, list[str]] = {"sent": [], "connects": [], "remote_urls": [], "answered": []}
    for e in log["events"]:
        kind, params, source = etype.get(e["type"], str(e["type"])), e.get("params") or {}, e["source"]["id"]
        if kind.endswith("_BYTES_SENT"):
            out["sent"].append(f"{kind} {params}")
        if kind.startswith(("TCP_CONNECT", "SSL_CONNECT")) and "address" in params:
            host = params["address"].rsplit(":", 1)[0].strip("[]")
            try:
                loopback = ipaddress.ip_address(host).is_loopback
            except ValueError:
                loopback = host == "localhost"
            if not loopback:
                out["connects"].append(params["address"])
        if re.match(r"(?:https?|wss?)://", str(params.get("url", ""))):
            urls[source] = params["url"]
        if "RESPONSE_HEADERS" in kind or kind.endswith("BYTES_READ"):
            answered.add(source)
    for source, url in urls.items():
        out["remote_urls"].append(url.split("?")[0])
        if source in answered:
            out["answered"].append(url.split("?")[0])
    return out


# --- fixtures ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_workspace(tmp_path_factory):
    ws = tmp_path_factory.mktemp("browser") / "kg-data"
    result = CliRunner().invoke(app, ["ingest", str(SAMPLE), "--year", "2021", "--workspace", str(ws)])
    assert result.exit_code == 0, result.output
    return ws


def viz(workspace: Path, out: Path, *args: str) -> Path:
    result = CliRunner().invoke(app, ["viz", *args, "-o", str(out), "--workspace", str(workspace)])
    assert result.exit_code == 0, result.output
    return out


def check_page(page: Path, colours: dict[str, str], tmp: Path, *, timeout: float = 60) -> dict[str, Any]:
    """Open ``page`` in a fresh headless chromium and check it drew offline (module doc)."""
    html = page.read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]+src=[\"']?\s*(https?:)?//", html, re.IGNORECASE)
    assert not re.search(r"<link[^>]+href=[\"']?\s*(https?:)?//", html, re.IGNORECASE)
    browser = Browser(tmp / f"profile-{page.stem}")
    try:
        seen = open_page(browser, page.as_uri(), ready="!!(window.kgView && window.kgView.stabilized)",
                         timeout=timeout)
    finally:
        browser.close()
    assert seen["errors"] == [], json.dumps(seen["errors"], ensure_ascii=False, indent=1)[:3000]
    assert seen["requests"], "the DevTools Network domain saw no request at all"
    remote = [u for u in seen["requests"] if not u.startswith(("file:", "data:", "about:", "blob:"))]
    assert remote == [], f"the page requested {remote}"
    traffic = netlog_traffic(browser.netlog)
    assert traffic["sent"] == [] and traffic["connects"] == [] and traffic["answered"] == [], traffic
    seen["background_urls"] = traffic["remote_urls"]
    info = seen["info"]
    assert info["drawn"] and info["stabilized"] and info["nodes"] > 0
    counts = pixel_counts(seen["png"], info["canvas"], info["legend"], colours)
    seen["counts"] = counts
    assert counts["non_white"] > 0.005 * counts["total"], f"the canvas looks blank: {counts}"
    for kind in colours:
        assert counts[kind] >= 20, f"no {kind} drawn on the canvas: {counts}"
    return seen


# --- tests ---------------------------------------------------------------------------


def test_person_view_draws_offline(sample_workspace, tmp_path):
    page = viz(sample_workspace, tmp_path / "person.html", "--person", "周明远")
    seen = check_page(page, {k: TYPE_STYLE[k]["color"] for k in ("Person", "Event", "Post", "Organization")},
                      tmp_path)
    assert seen["info"]["physics"] is True  # small views keep their physics (dragging nodes)
    if os.environ.get("KG_UPDATE_SCREENSHOTS"):
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        SCREENSHOT.write_bytes(seen["png"])
    print(f"person view: load {seen['loaded']:.2f} s, stabilised {seen['ready']:.2f} s, {seen['counts']}")


def test_event_and_co_attendance_views_draw_offline(sample_workspace, tmp_path):
    page = viz(sample_workspace, tmp_path / "event.html", "--event", "乡村振兴论坛")
    check_page(page, {k: TYPE_STYLE[k]["color"] for k in ("Person", "Event", "Place")}, tmp_path)
    page = viz(sample_workspace, tmp_path / "co.html", "--co-attendance")
    check_page(page, {"community 0": "#d1495b"}, tmp_path)


SEED = ROOT.parent / "shared" / "corpus" / "seed" / "gaoxin-times-2020-06.txt"


@pytest.mark.shared
@pytest.mark.skipif(not SEED.exists(), reason="../shared/corpus (the seed page) is absent")
def test_seed_person_view_draws_offline(tmp_path):
    """The issue's acceptance check: ``kg viz --person 王新亭`` after ingesting the seed."""
    ws = tmp_path / "kg-data"
    result = CliRunner().invoke(app, ["ingest", str(SEED), "--year", "2020", "--workspace", str(ws)])
    assert result.exit_code == 0, result.output
    page = viz(ws, tmp_path / "v.html", "--person", "王新亭")
    seen = check_page(page, {k: TYPE_STYLE[k]["color"] for k in ("Person", "Event", "Post", "Organization")},
                      tmp_path)
    print(f"seed person view: {seen['info']['nodes']} nodes, stabilised {seen['ready']:.2f} s")


def synthetic_graph(persons: int, events: int, per_event: int, seed: int = 1) -> nx.MultiDiGraph:
    """A typed graph shaped like ``to_networkx()``: persons attending events."""
    import random

    rnd = random.Random(seed)
    g = nx.MultiDiGraph()
    for p in range(persons):
        g.add_node(f"person:{p}", type="Person", name=f"人物{p}", disambiguator="")
    for e in range(events):
        g.add_node(f"event:{e}", type="Event", label=f"会议{e}", name=f"会议{e}", event_type="meeting",
                   date=f"2021-{1 + e % 12:02d}-{1 + e % 28:02d}")
        for order, p in enumerate(rnd.sample(range(persons), per_event), 1):
            g.add_edge(f"person:{p}", f"event:{e}", type="PARTICIPATED_IN", role="attended", order=order,
                       sentence=f"人物{p}出席会议{e}。", article_id=f"article:{e}")
    return g


@pytest.mark.slow
def test_large_view_stops_physics_after_stabilisation(tmp_path):
    net = co_attendance_view(synthetic_graph(persons=LARGE + 300, events=1200, per_event=4))
    assert len(net.nodes) > LARGE
    page = net.write_html(tmp_path / "large.html")
    started = time.monotonic()
    seen = check_page(page, {"community 0": "#d1495b"}, tmp_path, timeout=240)
    assert seen["info"]["physics"] is False
    print(f"{len(net.nodes)} nodes, {len(net.edges)} edges: load {seen['loaded']:.2f} s, "
          f"stabilised and physics off after {seen['ready']:.2f} s ({time.monotonic() - started:.1f} s in all)")


def test_a_300_node_view_draws_within_5_s_with_legible_labels(tmp_path):
    """The graph is on screen while it lays out (no blank canvas until a stabilisation
    pass ends), and once laid out its labels are legible at the fitted zoom."""
    g = synthetic_graph(persons=420, events=90, per_event=5, seed=3)
    for e in range(90):  # one official at every event: a person view of 300+ nodes
        g.add_edge("person:0", f"event:{e}", type="PARTICIPATED_IN", role="attended", order=1,
                   sentence="人物0出席会议。", article_id=f"article:{e}")
    net = person_view(g, "人物0")
    assert 300 <= len(net.nodes) <= 400, len(net.nodes)
    page = net.write_html(tmp_path / "p300.html")
    colours = {k: TYPE_STYLE[k]["color"] for k in ("Person", "Event")}
    browser = Browser(tmp_path / "profile-p300")
    try:
        first = open_page(browser, page.as_uri(), ready="!!(window.kgView && window.kgView.drawn)", timeout=30)
        settled = open_page(browser, page.as_uri(), ready="!!(window.kgView && window.kgView.stabilized)",
                            timeout=60)
    finally:
        browser.close()
    assert first["errors"] == [] == settled["errors"]
    assert first["ready"] <= 5.0, f"first drawn after {first['ready']:.2f} s"
    counts = pixel_counts(first["png"], first["info"]["canvas"], first["info"]["legend"], colours)
    assert counts["non_white"] > 0.005 * counts["total"], f"blank while laying out: {counts}"
    assert counts["Person"] >= 20 and counts["Event"] >= 20, counts
    info = settled["info"]
    assert info["labelled"] == LABELLED  # the most connected carry names; the rest on hover
    assert info["labelPx"] >= LABEL_PX - 0.5, info  # legible on screen at the fitted zoom
    later = pixel_counts(settled["png"], info["canvas"], info["legend"], colours)
    assert later["non_white"] > 0.005 * later["total"], later
    print(f"{len(net.nodes)} nodes: drawn after {first['ready']:.2f} s, settled after {settled['ready']:.2f} s, "
          f"labels {info['labelPx']:.1f} px at scale {info['scale']:.2f}")
