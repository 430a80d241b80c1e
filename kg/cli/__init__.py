"""The ``kg`` command line. Each command group lives in its own module and registers
itself on ``app``; ``main`` turns user-facing errors into one line and an exit code.

Exit codes: 0 all good, 1 some inputs rejected or a store/query failed (with a report),
2 usage error.
"""

from __future__ import annotations

import os
import sys
import warnings
from typing import Annotated

import typer

from kg.cli.help import PlainHelpGroup
from kg.errors import KgError

app = typer.Typer(
    name="kg",
    cls=PlainHelpGroup,
    help="Knowledge graph of officials, organizations and events from Chinese government news.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def _root() -> None:
    """Knowledge graph of officials, organizations and events from Chinese government news."""
    warnings.showwarning = warn_line  # every warning (a repaired store, an odd input) is one line


def warn_line(message, category, filename, lineno, file=None, line=None) -> None:  # noqa: ARG001
    """``warnings.showwarning`` for the CLI: ``kg: warning: MESSAGE``, one line."""
    print(f"kg: warning: {' '.join(str(message).split())}", file=sys.stderr)


# Input size limits, shared by kg extract and kg ingest (kg.loaders.Limits).
MaxLineBytes = Annotated[int, typer.Option(
    "--max-line-bytes", help="Longest JSONL line read; a longer one is rejected (FILE:LINE).")]
MaxDocumentBytes = Annotated[int, typer.Option(
    "--max-document-bytes", help="Largest .json document or page read whole; a larger one is rejected.")]
MaxArticleChars = Annotated[int, typer.Option(
    "--max-article-chars", help="Longest article (title + text, characters); a longer one is rejected.")]


def input_limits(line_bytes: int, document_bytes: int, article_chars: int):
    """The ``kg.loaders.Limits`` of these options (each at least 1)."""
    from kg.loaders import Limits

    if min(line_bytes, document_bytes, article_chars) < 1:
        raise typer.BadParameter("--max-line-bytes, --max-document-bytes and --max-article-chars must be >= 1")
    return Limits(line_bytes=line_bytes, document_bytes=document_bytes, article_chars=article_chars)


# Importing the command modules registers their commands on ``app``.
from kg.cli import (  # noqa: E402,F401,I001
    analysis_cmd, check_cmd, eval_cmd, extract_cmd, scale_cmd, serve_cmd, store_cmd, viz_cmd)


def main() -> None:
    """Console entry point: a user-facing error is one line on stderr, never a traceback.

    ``KgError`` and ``OSError`` (an unwritable output, a full disk) exit 1; anything
    else is a bug in ``kg``: one line naming it, exit 1, and the traceback only with
    ``KG_DEBUG=1``. Typer itself exits 2 on usage errors and 130 on Ctrl-C.
    """
    from kg import guard

    guard.supervise(sys.argv)  # store commands run in a watched child (memory cap, --timeout)
    try:
        app()
    except KgError as err:
        _fail(f"kg: error: {err}")
    except KeyboardInterrupt:
        print("kg: interrupted", file=sys.stderr)
        sys.exit(130)
    except BrokenPipeError:  # the reader of our output went away: not an error
        sys.stderr.close()
        sys.exit(0)
    except OSError as err:
        where = f"{err.filename}: " if getattr(err, "filename", None) else ""
        _fail(f"kg: error: {where}{err.strerror or err}")
    except Exception as err:  # noqa: BLE001 - the last line of defence against a traceback
        if os.environ.get("KG_DEBUG"):
            raise
        _fail(f"kg: internal error: {type(err).__name__}: {err} (a bug in kg; KG_DEBUG=1 shows the traceback)")


def _fail(message: str) -> None:
    print(" ".join(message.split()) if "\n" in message else message, file=sys.stderr)
    sys.exit(1)
