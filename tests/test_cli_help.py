"""``kg --help`` and every command's ``--help``: plain text, no raw type placeholders
(``<bool>``, ``<list[str]>``) or ``{NAME}`` metavars, one paragraph per docstring paragraph."""

from __future__ import annotations

import re

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from kg.cli import app
from kg.cli.help import rewrap
from kg.queries import names

COMMANDS = sorted(get_command(app).commands)
RAW = re.compile(r"<(bool|str|int|float|path|list\[[^\]]*\])>|\{[A-Za-z_.]+\}")


def _help(*args: str) -> str:
    result = CliRunner().invoke(app, [*args, "--help"], terminal_width=100)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_has_no_raw_placeholders(command):
    text = _help(*([command] if command else []))
    assert "Usage: kg" in text
    assert not RAW.search(text), RAW.search(text).group(0)


def test_help_names_types_plainly_and_lists_every_named_query():
    text = _help("query")
    assert "KEY=VALUE" in text and "Usage: kg query [OPTIONS] NAME" in text
    for name in names():
        assert name in text
    assert "events-by --param org=… [--param from=…] [--param to=…]" in text
    assert "INPUTS..." in _help("ingest")


def test_rewrap_joins_hard_wrapped_lines_and_keeps_marked_blocks():
    assert rewrap("one\n    two\n\nthree\nfour") == "one two\n\nthree four"
    assert rewrap("lead\n\n\b\nkept\n  as is") == "lead\n\nkept\n  as is"
    assert rewrap(None) is None
