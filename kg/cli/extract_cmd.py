"""``kg extract``: run load → clean → extract on inputs and write gold-shaped or full JSON.

Output is streamed: each article is written as soon as it is extracted (the gold
header, which names the publication and year of the whole run, is written last into
place through a temporary file), so memory stays bounded whatever the input's size.
``-o FILE`` is replaced atomically: an interrupted run never leaves half a file.
The text written is exactly ``json.dumps(document, ensure_ascii=False, indent=1)``.

Exit codes: 0 every input used, 1 some input rejected (each named on stderr with file
and line) or the output could not be written, 2 usage error.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Annotated, Any

import typer

from kg.cli import MaxArticleChars, MaxDocumentBytes, MaxLineBytes, app, input_limits
from kg.cli.progress import progress_over
from kg.errors import KgError
from kg.records import Rejected
from kg.gold import article_to_gold, org_aliases, to_gold
from kg.loaders import DEFAULT_LIMITS, load_inputs
from kg.model import Extraction
from kg.pipeline import extract_all
from kg.records import extraction_to_dict

_ARTICLES_TAIL = '"articles": []\n}'


@app.command("extract")
def extract(
    inputs: Annotated[list[str], typer.Argument(help="Files, directories, or - for stdin.")],
    year: Annotated[int | None, typer.Option(help="Year for dates that state none (6月3日).")] = None,
    fmt: Annotated[str, typer.Option("--format", help="gold (kg-gold/1) or json (full model with evidence).")] = "gold",
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write here instead of stdout.")] = None,
    max_line_bytes: MaxLineBytes = DEFAULT_LIMITS.line_bytes,
    max_document_bytes: MaxDocumentBytes = DEFAULT_LIMITS.document_bytes,
    max_article_chars: MaxArticleChars = DEFAULT_LIMITS.article_chars,
) -> None:
    """Extract persons, posts, events and participations from news articles."""
    if fmt not in ("gold", "json"):
        raise typer.BadParameter("--format must be gold or json")
    limits = input_limits(max_line_bytes, max_document_bytes, max_article_chars)
    counts = {"extracted": 0, "rejected": 0}

    def articles() -> Iterator[Extraction]:
        for item in progress_over(extract_all(load_inputs(inputs, year=year, limits=limits)), "extracting"):
            if isinstance(item, Rejected):
                counts["rejected"] += 1
                print(f"kg: rejected: {item}", file=sys.stderr, flush=True)
            else:
                counts["extracted"] += 1
                yield item

    source = inputs[0] if len(inputs) == 1 else ""
    try:
        with _destination(output) as out:
            if fmt == "gold":
                _write_gold(out, articles(), source)
            else:
                _write_document(out, {"format": "kg-extraction/1"}, (extraction_to_dict(e) for e in articles()))
    except BrokenPipeError:  # the reader (head, jq) went away: not an error
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(0) from None
    print(f"kg: {counts['extracted']} articles extracted, {counts['rejected']} rejected", file=sys.stderr)
    if counts["rejected"]:
        raise typer.Exit(1)


@contextlib.contextmanager
def _destination(output: Path | None) -> Iterator[IO[str]]:
    """Stdout, or a temporary file next to ``output`` renamed onto it on success (created
    first, so an unwritable ``-o`` fails before any work is done)."""
    if output is None:
        yield sys.stdout
        sys.stdout.flush()
        return
    if output.is_symlink() or (output.exists() and not output.is_file()):
        # /dev/null, /dev/stdout, a fifo, a link: write through it, never replace it
        try:
            f = open(output, "w", encoding="utf-8")  # noqa: SIM115
        except OSError as err:
            raise KgError(f"cannot write {output}: {err.strerror or err}") from None
        with f:
            yield f
        return
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".tmp", dir=output.parent)
        os.chmod(tmp, output.stat().st_mode & 0o7777 if output.exists() else 0o666 & ~_umask())
    except OSError as err:
        raise KgError(f"cannot write {output}: {err.strerror or err}") from None
    try:
        with open(fd, "w", encoding="utf-8") as f:
            yield f
        os.replace(tmp, output)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _write_document(out: IO[str], header: dict[str, Any], articles: Iterable[dict[str, Any]]) -> None:
    """``json.dumps({**header, "articles": [...]}, indent=1)`` and a newline, written one
    article at a time."""
    head = json.dumps({**header, "articles": []}, ensure_ascii=False, indent=1)
    assert head.endswith(_ARTICLES_TAIL)
    out.write(head[: -len("[]\n}")])
    first = True
    for article in articles:
        out.write("[\n" if first else ",\n")
        # an article sits two levels deep; JSON strings never hold a raw newline
        out.write("\n".join("  " + line for line in json.dumps(article, ensure_ascii=False, indent=1).split("\n")))
        first = False
    out.write("[]\n}\n" if first else "\n ]\n}\n")


def _write_gold(out: IO[str], extractions: Iterable[Extraction], source: str) -> None:
    """A ``kg-gold/1`` document: the articles are spooled to a temporary file while the
    run-wide header (publication, year) is gathered, then written after the header."""
    publication: str | None = None
    years: set[str] = set()
    aliases: dict[str, list[str]] = {}
    with tempfile.TemporaryFile("w+", encoding="utf-8") as spool:
        for e in extractions:
            publication = publication or e.article.publication
            years.update(ev.date[:4] for ev in e.events if ev.date and ev.date[:4].isdigit())
            for name, others in org_aliases([e]).items():
                known = aliases.setdefault(name, [])
                known.extend(a for a in others if a not in known)
            spool.write(json.dumps(article_to_gold(e), ensure_ascii=False) + "\n")
        header = to_gold([], source)
        header["publication"] = {"name": publication, "year": int(min(years)) if len(years) == 1 else None}
        header["org_aliases"] = aliases
        del header["articles"]
        spool.seek(0)
        _write_document(out, header, (json.loads(line) for line in spool))
