"""Every command the README shows, run against the demo workspace (the bundled sample
page ingested as ``scripts/demo.sh`` does), in README order; each must exit 0 and give
something: rows, a file, a served answer. The README's Python blocks run too.

Placeholders become the demo's own data: ``page.txt``, ``feed.jsonl``, ``corpus.jsonl``
the sample page; ``gold.json`` the gold file that ``kg extract`` wrote the line before;
``[--year YYYY]`` ``--year 2021``; other ``[...]`` groups (optional arguments) are left
out. Lines that are no kg command of a workspace are listed in ``ELSEWHERE`` with the
test that covers them."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
SAMPLE = ROOT / "examples" / "qingshan-daily-2021-03.txt"
KG = [sys.executable, "-c", "from kg.cli import main; main()"]
ELSEWHERE = {  # first word(s) -> where they are tested
    "bash scripts/demo.sh": "this module builds the demo workspace the same way",
    "bash scripts/test.sh": "it is the test suite itself",
    "python bench/run.py": "tests/test_bench.py",
    "kg spark-extract": "tests/test_spark.py (needs Java)",
}
FILES = {"page.txt": str(SAMPLE), "feed.jsonl": str(SAMPLE), "corpus.jsonl": str(SAMPLE), "gold.json": "page.json"}


def readme_blocks(lang: str) -> list[str]:
    return re.findall(rf"^```{lang}\n(.*?)^```", README.read_text(encoding="utf-8"), re.M | re.S)


def readme_commands() -> list[list[str]]:
    """Each command line of the README's sh blocks as arguments, placeholders filled."""
    out = []
    for block in readme_blocks("sh"):
        for line in block.splitlines():
            line = line.replace("[--year YYYY]", "--year 2021")
            line = re.sub(r"\s\[[^\]]*\]", "", line)  # an optional argument: left out
            args = shlex.split(line, comments=True)
            if args:
                out.append([FILES.get(a, a) for a in args])
    return out


def _skipped(args: list[str]) -> str | None:
    text = " ".join(args)
    return next((why for head, why in ELSEWHERE.items() if text.startswith(head)), None)


def test_the_readme_shows_the_new_commands():
    shown = {" ".join(a[:3]) for a in readme_commands()}
    for name in ("co-attendees", "timeline", "events-by", "events-labelled", "who-attended", "attendees"):
        assert f"kg query {name}" in shown, name
    assert any(a[:2] == ["kg", "serve"] for a in readme_commands())
    assert "schema:name" not in README.read_text(encoding="utf-8")  # the data uses rdfs:label


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """A directory holding ./kg-data: the sample page ingested as scripts/demo.sh does."""
    cwd = tmp_path_factory.mktemp("readme")
    done = subprocess.run([*KG, "ingest", str(SAMPLE), "--year", "2021"], cwd=cwd, capture_output=True, text=True,
                          timeout=300, env=_env())
    assert done.returncode == 0, done.stderr
    return cwd


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("KG_WORKSPACE", "NEO4J_URI")}
    return {**env, "PYTHONIOENCODING": "utf-8"}


def test_every_readme_command_gives_something(demo):
    ran, serve = [], None
    try:
        for args in readme_commands():
            if _skipped(args) or args[0] not in ("kg", "curl"):
                assert _skipped(args) or args[0] not in ("kg", "python", "bash"), f"untested README command {args}"
                continue
            if args[:2] == ["kg", "serve"]:
                serve, url = _serve(args, demo)
                ran.append("kg serve")
                continue
            if args[0] == "curl":
                assert serve is not None, "the README shows curl before kg serve"
                _curl(args, url)
                ran.append("curl")
                continue
            done = subprocess.run([*KG, *args[1:]], cwd=demo, capture_output=True, text=True, timeout=600, env=_env())
            assert done.returncode == 0, f"{' '.join(args)}: exit {done.returncode}\n{done.stderr[-1500:]}"
            outputs = [args[i + 1] for i, a in enumerate(args[:-1]) if a in ("-o", "--output")]
            outputs += [a for a in args[2:] if a.endswith("/")]  # an output directory (bulk-export out/)
            if outputs:
                for out in outputs:
                    path = demo / out
                    assert path.exists() and (path.stat().st_size > 0 if path.is_file() else any(path.iterdir())), out
            else:
                assert done.stdout.strip(), f"{' '.join(args)} printed nothing"
                assert "(0 rows)" not in done.stderr, f"{' '.join(args)} found no rows"
            ran.append(" ".join(args[:3]))
    finally:
        if serve is not None:
            serve.terminate()
            serve.wait(timeout=10)
    assert len(ran) >= 25 and "kg serve" in ran and "curl" in ran, ran


def _serve(args: list[str], cwd: Path):
    proc = subprocess.Popen([*KG, *args[1:], "--port", "0"], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=_env())
    line = proc.stdout.readline()
    if " at http://" not in line:
        proc.kill()
        raise AssertionError(f"kg serve did not start: {line}{proc.stderr.read()}")
    return proc, line.split(" at ")[1].split()[0]


def _curl(args: list[str], served: str) -> None:
    """The README's curl line sent with urllib to the port kg serve took."""
    headers, form = {}, {}
    for i, a in enumerate(args):
        if a == "-H":
            key, _, value = args[i + 1].partition(":")
            headers[key.strip()] = value.strip()
        elif a == "--data-urlencode":
            key, _, value = args[i + 1].partition("=")
            form[key] = value
    shown = next(a for a in args if a.startswith("http://"))
    url = served if urllib.parse.urlsplit(shown).path == "/query" else shown
    req = urllib.request.Request(url, data=urllib.parse.urlencode(form).encode(), headers=headers)
    with urllib.request.urlopen(req, timeout=30) as resp:
        body = resp.read().decode("utf-8")
    assert resp.status == 200 and len(body.strip().splitlines()) > 1, body  # a header and rows


def test_readme_python_blocks_run(demo):
    for block in readme_blocks("python"):
        code = block.replace("import kg, pandas as pd", "import kg")
        done = subprocess.run([sys.executable, "-c", code], cwd=demo, capture_output=True, text=True, timeout=300,
                              env=_env())
        assert done.returncode == 0, f"{code}\n{done.stderr[-2000:]}"
