"""The notebooks run from top to bottom in a fresh kernel (nbclient), the way a reader
runs them, and are committed without outputs.

The kernel is this test's own interpreter (``sys.executable``, i.e. the environment kg
is installed in), declared in a kernelspec written to a temporary directory: a
``python3`` kernelspec elsewhere on the machine (``~/.local/share/jupyter``) cannot
substitute another Python. ``IPYTHONDIR`` is temporary too, so no profile or startup
file of the machine runs.
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
ALL = sorted(NOTEBOOKS.glob("*.ipynb"))
SHARED = NOTEBOOKS.parent.parent / "shared" / "corpus"
CELL_TIMEOUT = 600
KERNEL = "kg-test-python"


def test_the_notebooks_are_there():
    assert [p.name for p in ALL] == ["01-quickstart.ipynb", "02-analyst-questions.ipynb"]


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_committed_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata.kernelspec.name == "python3"
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]
        assert "attachments" not in cell


def kernel_manager(tmp: Path) -> KernelManager:
    spec = tmp / "kernels" / KERNEL
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "kg tests", "language": "python",
    }))
    specs = KernelSpecManager(kernel_dirs=[str(tmp / "kernels")])
    assert specs.get_kernel_spec(KERNEL).argv[0] == sys.executable
    # IPC sockets in the temporary directory: no TCP port, nothing on the network
    return KernelManager(kernel_name=KERNEL, kernel_spec_manager=specs, transport="ipc", ip=str(tmp / "kernel-ipc"))


def run(path: Path, tmp: Path) -> tuple[nbformat.NotebookNode, float]:
    nb = nbformat.read(path, as_version=4)
    km = kernel_manager(tmp)
    client = NotebookClient(nb, km=km, timeout=CELL_TIMEOUT, startup_timeout=120,
                            allow_errors=False, resources={"metadata": {"path": str(NOTEBOOKS)}})
    started = time.monotonic()
    try:
        client.execute()  # raises CellExecutionError on the first failing cell, with its traceback
    finally:
        if km.has_kernel:  # a manager we pass in is ours to stop
            km.shutdown_kernel(now=False)
    return nb, time.monotonic() - started


def outputs(nb: nbformat.NotebookNode, kind: str) -> list[str]:
    return [o.get("data", {}).get(kind, "") for c in nb.cells if c.cell_type == "code" for o in c.outputs
            if kind in o.get("data", {})]


def streams(nb: nbformat.NotebookNode) -> str:
    return "\n".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs
                     if o.output_type == "stream")


def check_views(nb: nbformat.NotebookNode, at_least: int) -> None:
    """The pyvis views rendered inline, self-contained."""
    frames = [h for h in outputs(nb, "text/html") if h.startswith("<iframe srcdoc=")]
    assert len(frames) >= at_least
    for frame in frames:
        assert "vis.Network" in frame
        assert not re.search(r"&lt;script[^&]*src=|<script[^>]+src=", frame)
        assert not re.search(r"(&lt;|<)link[^>]+href=(&quot;|\")?https?:", frame)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert errors == []


@pytest.mark.slow
def test_quickstart_runs(tmp_path, monkeypatch):
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    nb, seconds = run(NOTEBOOKS / "01-quickstart.ipynb", tmp_path)
    check_views(nb, 2)
    html = "\n".join(outputs(nb, "text/html"))
    assert "乡村振兴论坛" in html and "周明远" in html  # the tables
    text = streams(nb)
    assert "3 articles: 3 new" in text
    print(f"01-quickstart: {seconds:.1f} s")


@pytest.mark.slow
@pytest.mark.parametrize("corpus", ["shared", "sample"])
def test_analyst_questions_run(tmp_path, monkeypatch, corpus):
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    if corpus == "sample":
        monkeypatch.setenv("KG_SHARED_CORPUS", str(tmp_path / "no-shared-corpus"))
    elif not (SHARED / "seed").is_dir():
        pytest.skip("../shared/corpus is absent (the notebook falls back to the sample: the other case)")
    nb, seconds = run(NOTEBOOKS / "02-analyst-questions.ipynb", tmp_path)
    check_views(nb, 2)
    text = streams(nb)
    assert "kg: exported ttl" in text and "triples" in text
    corpus_cell = next(c for c in nb.cells if c.cell_type == "code" and "CORPUS" in c.source
                       and c.outputs and "text/plain" in c.outputs[-1].get("data", {}))
    shown = corpus_cell.outputs[-1]["data"]["text/plain"]
    assert ("gaoxin-times-2020-06.txt" in shown) == (corpus == "shared")
    print(f"02-analyst-questions ({corpus}): {seconds:.1f} s")
