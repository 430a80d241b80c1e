"""The ``kg`` command line. Each command group lives in its own module and registers
itself on ``app``; ``main`` turns user-facing errors into one line and an exit code.

Exit codes: 0 all good, 1 some inputs rejected or a store/query failed (with a report),
2 usage error.
"""

from __future__ import annotations

import sys

import typer

from kg.errors import KgError

app = typer.Typer(
    name="kg",
    help="Knowledge graph of officials, organizations and events from Chinese government news.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)



@app.callback()
def _root() -> None:
    """Knowledge graph of officials, organizations and events from Chinese government news."""


# Importing the command modules registers their commands on ``app``.
from kg.cli import analysis_cmd, eval_cmd, extract_cmd, scale_cmd, store_cmd, viz_cmd  # noqa: E402,F401


def main() -> None:
    """Console entry point."""
    try:
        app()
    except KgError as err:
        print(f"kg: error: {err}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        print("kg: interrupted", file=sys.stderr)
        sys.exit(130)
