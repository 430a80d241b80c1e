"""Loaders: one module per input format, all yielding ``kg.model.Article``.

Contract (the pipeline's load + segment stages):

``load_inputs(inputs, *, publication=None) -> Iterator[Article | Rejected]``
    ``inputs`` are paths (files or directories, walked recursively in sorted order) or
    ``"-"`` for stdin. Each article comes out as an ``Article`` whose ``text`` is the
    article body exactly as decoded from the source (evidence spans index into it);
    anything unusable comes out as a ``kg.records.Rejected`` naming file and line, and
    loading goes on with the rest.

Formats, by extension: ``.jsonl``/``.ndjson`` one article per line (``loaders.jsonl``);
``.json`` an array of articles or ``{"articles": [...]}``; ``.txt`` and any other file
named explicitly a newspaper page (``loaders.page``). Directory walks take only those
three kinds and skip hidden entries. Stdin is sniffed: JSON if its first non-blank
character is ``{`` or ``[``, a page otherwise. Decoding is ``loaders.encoding.decode``.

Memory: JSON Lines (files and stdin) are streamed one line at a time, and a line over
``Limits.line_bytes`` is rejected without being held, so a feed of any size loads in
bounded memory; a JSON document and a page are read whole (they are parsed whole) up to
``Limits.document_bytes``. An article over ``Limits.article_chars`` is rejected. Only
regular files are read: a device (``/dev/zero``), FIFO or socket named as an input is
refused up front (stdin, ``-``, is streamed whatever it is).

A NUL byte or a stray control character rejects only its own JSONL line; a file is
refused whole as binary only when its first 4 KiB are not JSON Lines at all.
"""

from __future__ import annotations

import codecs
import dataclasses
import io
import itertools
import json
import os
import stat
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from kg.errors import InputError
from kg.loaders.encoding import decode
from kg.loaders.jsonl import MAX_ARTICLE_CHARS, TooLong, iter_json_document, iter_jsonl
from kg.loaders.page import segment_page
from kg.model import Article
from kg.records import Rejected

__all__ = [
    "Limits",
    "decode",
    "iter_json_document",
    "iter_jsonl",
    "load_bytes",
    "load_inputs",
    "load_path",
    "segment_page",
    "with_year",
]

_JSONL = frozenset({".jsonl", ".ndjson"})
_WALKED = frozenset({".txt", ".json", *_JSONL})
_WIDE_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)  # also the start of UTF-32 BOMs
_SNIFF = 4096
_DETECT = 1 << 20  # bytes of a JSONL file sampled to name a legacy encoding
_READ = 1 << 20  # bytes read at a time while skipping an over-long line
_GIVE_UP = 1 << 30  # bytes of one line skipped before the rest of the input is given up


@dataclass(frozen=True)
class Limits:
    """How much one input unit may be: a JSONL line (bytes), a document read whole (a
    ``.json`` file or a page, bytes), one article (title + text, characters). Anything
    larger is rejected with its ``FILE:LINE``; memory stays bounded by these."""

    line_bytes: int = 64 << 20
    document_bytes: int = 512 << 20
    article_chars: int = MAX_ARTICLE_CHARS


DEFAULT_LIMITS = Limits()


def load_inputs(inputs: Sequence[str], *, publication: str | None = None, year: int | None = None,
                limits: Limits = DEFAULT_LIMITS) -> Iterator[Article | Rejected]:
    """Every article of every input, in order; unusable inputs as ``Rejected``.

    ``publication`` names the paper for inputs that do not state it themselves; ``year``
    (``--year``) is the year of the dates they state without one (``with_year``).
    """
    for item in inputs:
        if item == "-":
            loaded = _guarded("<stdin>", _load_stdin, publication, limits)
        else:
            loaded = _guarded(item, _load_named, item, publication, limits)
        yield from loaded if year is None else with_year(loaded, year)


def with_year(items: Iterable[Article | Rejected], year: int | None) -> Iterator[Article | Rejected]:
    """The articles with ``year`` as the year of the dates they state without one (the
    run option ``--year``, which extraction reads from the article); the rest as they are."""
    for item in items:
        yield dataclasses.replace(item, year=year) if isinstance(item, Article) else item


def _load_stdin(publication: str | None, limits: Limits) -> Iterator[Article | Rejected]:
    """Stdin: JSON Lines are streamed line by line (a feed of any size in bounded
    memory); anything else (a page, a JSON document, UTF-16) is read whole and sniffed."""
    stream = sys.stdin.buffer
    head: list[bytes | TooLong] = []
    lines = _bounded_lines(stream, limits.line_bytes)
    for raw in lines:
        head.append(raw)
        if isinstance(raw, TooLong) or raw.strip():
            break
    if head and (isinstance(head[-1], TooLong) or _starts_jsonl(head[-1])):
        yield from iter_jsonl(itertools.chain(head, lines), "<stdin>", publication=publication, detect=_detect,
                              max_article_chars=limits.article_chars)
        return
    data = b"".join(head) + _read_at_most(stream, limits.document_bytes + 1 - sum(map(len, head)))
    if len(data) > limits.document_bytes:
        yield Rejected("<stdin>", f"larger than {limits.document_bytes:,} bytes (--max-document-bytes): not read")
        return
    yield from load_bytes(data, "<stdin>", publication=publication, limits=limits)


def _read_at_most(f: BinaryIO, size: int) -> bytes:
    return f.read(max(size, 0))


def _bounded_lines(f: BinaryIO, limit: int) -> Iterator[bytes | TooLong]:
    """The lines of ``f`` (each with its LF) as ``f`` iterates them, but a line longer
    than ``limit`` bytes is read past in pieces and comes out as one ``TooLong``: no
    line, not even an endless one (``/dev/zero`` through a pipe), is held whole."""
    while True:
        line = f.readline(limit + 1)
        if not line:
            return
        if line.endswith(b"\n") or len(line) <= limit:  # limit + 1 bytes at most: LF included
            yield line
            continue
        # over the limit: skip to the end of this line without keeping it, but not
        # forever (an endless stream with no line end, such as /dev/zero on stdin)
        skipped = len(line)
        while not line.endswith(b"\n"):
            line = f.readline(_READ)
            skipped += len(line)
            if not line:
                break
            if skipped > max(16 * limit, _GIVE_UP):
                yield TooLong(limit, endless=True)
                return
        yield TooLong(limit)


def _starts_jsonl(line: bytes) -> bool:
    """Is this first non-blank line of stdin one whole JSON object (not a document
    holding ``"articles"``), i.e. the start of JSON Lines?"""
    if b"\x00" in line or line.startswith(_WIDE_BOMS):
        return False
    try:
        record = json.loads(line.decode("utf-8").removeprefix("\ufeff"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return False
    return isinstance(record, dict) and "articles" not in record


def _load_named(item: str, publication: str | None, limits: Limits) -> Iterator[Article | Rejected]:
    path = Path(item)
    if path.is_dir():
        for file in _walk(path):
            yield from _guarded(str(file), load_path, file, publication=publication, limits=limits)
    elif path.exists():
        yield from load_path(path, publication=publication, limits=limits)
    else:
        yield Rejected(item, "no such file or directory")


def _not_regular(path: Path) -> str | None:
    """Why ``path`` is no file to read (a device, a FIFO, a socket), or None."""
    mode = path.stat().st_mode
    if stat.S_ISREG(mode):
        return None
    kind = ("a directory" if stat.S_ISDIR(mode) else "a character device" if stat.S_ISCHR(mode)
            else "a block device" if stat.S_ISBLK(mode) else "a FIFO (named pipe)" if stat.S_ISFIFO(mode)
            else "a socket" if stat.S_ISSOCK(mode) else "not a regular file")
    return f"{kind}, not a regular file: refused (pipe a stream through stdin, -, instead)"


def load_path(path: Path, *, publication: str | None = None,
              limits: Limits = DEFAULT_LIMITS) -> Iterator[Article | Rejected]:
    """The articles of one file, its format chosen by extension (see the module doc)."""
    source = str(path)
    why = _not_regular(path)
    if why:
        yield Rejected(source, why)
        return
    suffix = path.suffix.lower()
    if suffix in _JSONL:
        yield from _load_jsonl_file(path, source, publication, limits)
        return
    kind = "json" if suffix == ".json" else "page"
    with path.open("rb") as f:
        data = f.read(limits.document_bytes + 1)
    if len(data) > limits.document_bytes:
        yield Rejected(source, f"larger than {limits.document_bytes:,} bytes (--max-document-bytes): not read")
        return
    yield from load_bytes(data, source, kind=kind, publication=publication, limits=limits)


def load_bytes(
    data: bytes, source: str, *, kind: str | None = None, publication: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Iterator[Article | Rejected]:
    """The articles in ``data``: ``kind`` is ``"page"``, ``"jsonl"``, ``"json"``, or None
    to sniff (JSON when the text starts with ``{`` or ``[``). Never raises on bad input:
    an undecodable or empty input is one ``Rejected``. JSON Lines are read exactly as a
    ``.jsonl`` file is (line by line, see ``_stream_jsonl``)."""
    if kind == "jsonl":
        yield from _stream_jsonl(io.BytesIO(data), source, publication, lambda: _cut_sample(data[: _DETECT + 1]),
                                 limits)
        return
    yield from _load_decoded(data, source, kind, publication, limits)


def _load_decoded(
    data: bytes, source: str, kind: str | None, publication: str | None, limits: Limits = DEFAULT_LIMITS
) -> Iterator[Article | Rejected]:
    """Decode the whole input (refusing empty, binary, undecodable) and parse it."""
    try:
        text, _encoding = decode(data, source)
    except InputError as err:
        yield Rejected(source, err.message, err.line)
        return
    if kind is None:
        kind = _sniff(text)
    if kind == "jsonl":
        # Split on \n only: str.splitlines would also split at U+2028 inside a JSON string.
        yield from iter_jsonl(text.split("\n"), source, publication=publication,
                              max_article_chars=limits.article_chars)
    elif kind == "json":
        yield from iter_json_document(text, source, publication=publication, max_article_chars=limits.article_chars)
    else:
        articles = segment_page(text, source, publication)
        if not articles:
            yield Rejected(source, "no article found on the page (no title followed by body text)")
        for article in articles:
            if len(article.title) + len(article.text) > limits.article_chars:
                yield Rejected(source, f"article {article.title[:20]!r} longer than {limits.article_chars:,} "
                               "characters (--max-article-chars): skipped")
            else:
                yield article


def _sniff(text: str) -> str:
    body = text.lstrip("\ufeff \t\r\n\u3000")
    if body.startswith("["):
        return "json"
    if not body.startswith("{"):
        return "page"
    # JSON Lines, or one document ({"articles": [...]}, maybe pretty-printed)? On JSON
    # Lines, json.loads stops at the end of the first line ("Extra data"): cheap.
    try:
        whole = json.loads(body)
    except (json.JSONDecodeError, RecursionError):
        return "jsonl" if body.split("\n", 1)[0].rstrip().endswith("}") else "json"
    return "json" if isinstance(whole, dict) and "articles" in whole else "jsonl"


def _load_jsonl_file(path: Path, source: str, publication: str | None,
                     limits: Limits) -> Iterator[Article | Rejected]:
    def sample() -> bytes:
        with path.open("rb") as f:
            head = f.read(_DETECT + 1)
            # one line longer than the sample: that line is held whole anyway
            return _cut_sample(head) if b"\n" in head[:_DETECT] or len(head) <= _DETECT else head + f.read()

    with path.open("rb") as f:
        yield from _stream_jsonl(f, source, publication, sample, limits)


def _stream_jsonl(
    f: BinaryIO, source: str, publication: str | None, sample: Callable[[], bytes], limits: Limits = DEFAULT_LIMITS
) -> Iterator[Article | Rejected]:
    """JSON Lines read line by line, in memory bounded by ``limits.line_bytes``. Only an
    empty or binary input (one reason for the whole file) and UTF-16/32 (whose lines
    cannot be split as bytes) are decoded whole. A line that is not UTF-8 is decoded
    in the legacy encoding that ``sample()`` (the file's first MB, lines holding a NUL
    left out) or else the line itself shows."""
    head = f.read(_SNIFF)
    if head.startswith(_WIDE_BOMS) or not head.strip() or _binary(head):
        data = head + f.read(limits.document_bytes + 1 - len(head))
        if len(data) > limits.document_bytes:
            yield Rejected(source, f"larger than {limits.document_bytes:,} bytes (--max-document-bytes): not read")
            return
        yield from _load_decoded(data, source, "jsonl", publication, limits)
        return
    f.seek(0)

    def detect(line: bytes) -> str | None:
        text = b"".join(s for s in sample().splitlines(keepends=True) if b"\x00" not in s)
        return _detect(text) or _detect(line)

    yield from iter_jsonl(_bounded_lines(f, limits.line_bytes), source, publication=publication, detect=detect,
                          max_article_chars=limits.article_chars)


def _binary(head: bytes) -> bool:
    """Are these first bytes of a ``.jsonl`` file no JSON Lines at all? Only with NUL
    bytes in them (binary data, UTF-16 without a BOM), and then only when fewer than
    half of its lines are NUL-free and start like a JSON object: one bad line near
    the top never loses the rest of the file."""
    if b"\x00" not in head:
        return False
    ends = head.replace(b"\r", b"\n")
    if b"\n" not in ends:  # one long first line: its NUL rejects that line alone
        return not head.lstrip().removeprefix(codecs.BOM_UTF8).startswith(b"{")
    lines = [line.strip() for line in ends.split(b"\n")]
    lines = [line for line in lines if line]
    good = sum(1 for line in lines if b"\x00" not in line and line.removeprefix(codecs.BOM_UTF8).startswith(b"{"))
    return good * 2 <= len(lines)


def _cut_sample(head: bytes) -> bytes:
    """At most ``_DETECT`` bytes of ``head``, cut after a line end when it is longer (a
    newline byte never occurs inside a GB18030 or Big5 character)."""
    if len(head) <= _DETECT:
        return head
    return head[: head.rfind(b"\n", 0, _DETECT) + 1] or head[:_DETECT]


def _detect(data: bytes) -> str | None:
    """The legacy encoding (GB18030, Big5) ``data`` is in, or None (UTF-8, or no idea)."""
    try:
        encoding = decode(data, source="<sample>", lenient=False)[1]
    except InputError:
        return None
    return None if encoding == "utf-8" else encoding


def _walk(root: Path) -> Iterator[Path]:
    """Files under ``root`` with a loadable extension, in sorted order, hidden entries
    and symlinked directories skipped (no loops, no surprises)."""
    for directory, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and Path(name).suffix.lower() in _WALKED:
                yield Path(directory, name)


def _guarded(source: str, load: Callable[..., Iterator[Article | Rejected]], *args, **kwargs):
    """Run one input's loader; an unreadable file, or a loader bug, rejects that input
    alone and never stops the others (as ``kg.pipeline.extract_all`` does per article)."""
    try:
        yield from load(*args, **kwargs)
    except OSError as err:
        yield Rejected(source, f"cannot read: {err.strerror or err}")
    except Exception as err:  # noqa: BLE001 - one bad input never loses the others
        yield Rejected(source, f"loading failed: {type(err).__name__}: {err}")
