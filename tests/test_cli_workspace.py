"""``KG_WORKSPACE`` names the workspace for every command that takes ``--workspace``:
declared on each (introspection) and honoured (each command run from a directory with no
``kg-data``, the workspace given only by the variable)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from kg.cli import app

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "qingshan-daily-2021-03.txt"


def _workspace_options():
    for name, command in sorted(get_command(app).commands.items()):
        for param in command.params:
            if "--workspace" in getattr(param, "opts", ()):
                yield name, param


def test_every_workspace_option_reads_kg_workspace():
    found = dict(_workspace_options())
    assert {"conflicts", "query", "stats", "viz", "export", "ingest"} <= set(found)
    for name, param in found.items():
        assert param.envvar == "KG_WORKSPACE", name


@pytest.fixture(scope="module")
def env_workspace(tmp_path_factory):
    ws = tmp_path_factory.mktemp("envws") / "elsewhere"
    result = CliRunner().invoke(app, ["ingest", str(SAMPLE), "--year", "2021"], env={"KG_WORKSPACE": str(ws)})
    assert result.exit_code == 0, result.output
    assert (ws / "records.sqlite").is_file()
    return ws


COMMANDS = [
    ["stats", "--format", "json"],
    ["query", "who-attended", "--param", "person=周明远", "--format", "json"],
    ["query", "timeline", "--param", "person=周明远", "--format", "json", "--engine", "sparql"],
    ["cypher", "MATCH (p:Person) RETURN count(p) AS n", "--format", "json"],
    ["sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--format", "json"],
    ["conflicts", "--format", "json"],
    ["export", "--format", "nt", "--no-validate"],
]


@pytest.mark.parametrize("args", COMMANDS, ids=[a[0] + ("-" + a[1] if a[0] == "query" else "") for a in COMMANDS])
def test_command_uses_the_workspace_of_kg_workspace(env_workspace, tmp_path, monkeypatch, args):
    monkeypatch.chdir(tmp_path)  # no ./kg-data here: only the variable can name the workspace
    without = CliRunner().invoke(app, args, env={"KG_WORKSPACE": None})
    assert without.exit_code != 0 and "no workspace" in without.output + str(without.exception)  # the control
    result = CliRunner().invoke(app, args, env={"KG_WORKSPACE": str(env_workspace)})
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "kg-data").exists()
    out = result.stdout
    if args[0] == "export":
        assert out.count("\n") > 50
    else:
        data = json.loads(out)
        assert data or args[0] == "conflicts", args  # the sample page states no conflict
        if args[0] == "stats":
            assert data["articles"] > 0


def test_viz_and_bulk_export_use_kg_workspace(env_workspace, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    env = {"KG_WORKSPACE": str(env_workspace)}
    result = CliRunner().invoke(app, ["viz", "--person", "周明远", "-o", "v.html"], env=env)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "v.html").stat().st_size > 10_000
    result = CliRunner().invoke(app, ["bulk-export", "out"], env=env)
    assert result.exit_code == 0, result.output
    assert any((tmp_path / "out").iterdir())
