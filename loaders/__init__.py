"""Loaders: one module per input format, all yielding ``kg.model.Article``.

Contract (the pipeline's load + segment stages):

``load_inputs(inputs, *, publication=None) -> Iterator[Article | Rejected]``
    ``inputs`` are paths (files or directories, walked recursively in sorted order) or
    ``"-"`` for stdin. Each article comes out as an ``Article`` whose ``text`` is the
    article body exactly as decoded from the source (evidence spans index into it);
    anything unusable comes out as a ``kg.errors.Rejected`` naming file and line, and
    loading goes on with the rest.

Formats, by extension: ``.jsonl``/``.ndjson`` one article per line (``loaders.jsonl``);
``.json`` an array of articles or ``{"articles": [...]}``; ``.txt`` and any other file
named explicitly a newspaper page (``loaders.page``). Directory walks take only those
three kinds and skip hidden entries. Stdin is sniffed: JSON if its first non-blank
character is ``{`` or ``[``, a page otherwise. Decoding is ``loaders.encoding.decode``.

Memory: JSON Lines (files and stdin) are streamed one line at a time, so a feed of any
size loads in memory bounded by its longest line; a JSON document and a page are read
whole (they are parsed whole).
"""

from __future__ import annotations

import codecs
import io
import itertools
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import BinaryIO
from pathlib import Path

from kg.errors import InputError, Rejected
from kg.loaders.encoding import decode
from kg.loaders.jsonl import iter_json_document, iter_jsonl
from kg.loaders.page import segment_page
from kg.model import Article

__all__ = [
    "decode",
    "iter_json_document",
    "iter_jsonl",
    "load_bytes",
    "load_inputs",
    "load_path",
    "segment_page",
]

_JSONL = frozenset({".jsonl", ".ndjson"})
_WALKED = frozenset({".txt", ".json", *_JSONL})
_WIDE_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)  # also the start of UTF-32 BOMs
_SNIFF = 4096
_DETECT = 1 << 20  # bytes of a JSONL file sampled to name a legacy encoding


def load_inputs(inputs: Sequence[str], *, publication: str | None = None) -> Iterator[Article | Rejected]:
    """Every article of every input, in order; unusable inputs as ``Rejected``.

    ``publication`` names the paper for inputs that do not state it themselves.
    """
    for item in inputs:
        if item == "-":
            yield from _guarded("<stdin>", _load_stdin, publication)
        else:
            yield from _guarded(item, _load_named, item, publication)


def _load_stdin(publication: str | None) -> Iterator[Article | Rejected]:
    """Stdin: JSON Lines are streamed line by line (a feed of any size in bounded
    memory); anything else (a page, a JSON document, UTF-16) is read whole and sniffed."""
    stream = sys.stdin.buffer
    head: list[bytes] = []
    for raw in stream:
        head.append(raw)
        if raw.strip():
            break
    if head and _starts_jsonl(head[-1]):
        lines = itertools.chain(head, stream)
        yield from iter_jsonl(lines, "<stdin>", publication=publication, detect=_detect)
        return
    yield from load_bytes(b"".join(head) + stream.read(), "<stdin>", publication=publication)


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


def _load_named(item: str, publication: str | None) -> Iterator[Article | Rejected]:
    path = Path(item)
    if path.is_dir():
        for file in _walk(path):
            yield from _guarded(str(file), load_path, file, publication=publication)
    elif path.exists():
        yield from load_path(path, publication=publication)
    else:
        yield Rejected(item, "no such file or directory")


def load_path(path: Path, *, publication: str | None = None) -> Iterator[Article | Rejected]:
    """The articles of one file, its format chosen by extension (see the module doc)."""
    source = str(path)
    suffix = path.suffix.lower()
    if suffix in _JSONL:
        yield from _load_jsonl_file(path, source, publication)
        return
    kind = "json" if suffix == ".json" else "page"
    yield from load_bytes(path.read_bytes(), source, kind=kind, publication=publication)


def load_bytes(
    data: bytes, source: str, *, kind: str | None = None, publication: str | None = None
) -> Iterator[Article | Rejected]:
    """The articles in ``data``: ``kind`` is ``"page"``, ``"jsonl"``, ``"json"``, or None
    to sniff (JSON when the text starts with ``{`` or ``[``). Never raises on bad input:
    an undecodable or empty input is one ``Rejected``. JSON Lines are read exactly as a
    ``.jsonl`` file is (line by line, see ``_stream_jsonl``)."""
    if kind == "jsonl":
        yield from _stream_jsonl(io.BytesIO(data), source, publication, lambda: _cut_sample(data[: _DETECT + 1]))
        return
    yield from _load_decoded(data, source, kind, publication)


def _load_decoded(
    data: bytes, source: str, kind: str | None, publication: str | None
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
        yield from iter_jsonl(text.split("\n"), source, publication=publication)
    elif kind == "json":
        yield from iter_json_document(text, source, publication=publication)
    else:
        articles = segment_page(text, source, publication)
        if not articles:
            yield Rejected(source, "no article found on the page (no title followed by body text)")
        yield from articles


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


def _load_jsonl_file(path: Path, source: str, publication: str | None) -> Iterator[Article | Rejected]:
    def sample() -> bytes:
        with path.open("rb") as f:
            head = f.read(_DETECT + 1)
            # one line longer than the sample: that line is held whole anyway
            return _cut_sample(head) if b"\n" in head[:_DETECT] or len(head) <= _DETECT else head + f.read()

    with path.open("rb") as f:
        yield from _stream_jsonl(f, source, publication, sample)


def _stream_jsonl(
    f: BinaryIO, source: str, publication: str | None, sample: Callable[[], bytes]
) -> Iterator[Article | Rejected]:
    """JSON Lines read line by line, in memory bounded by the longest line. Only an
    empty or binary input (one reason for the whole file) and UTF-16/32 (whose lines
    cannot be split as bytes) are decoded whole. A line that is not UTF-8 is decoded
    in the legacy encoding that ``sample()`` (the file's first MB) or else the line
    itself shows."""
    head = f.read(_SNIFF)
    if head.startswith(_WIDE_BOMS) or b"\x00" in head or not head.strip():
        yield from _load_decoded(head + f.read(), source, "jsonl", publication)
        return
    f.seek(0)

    def detect(line: bytes) -> str | None:
        return _detect(sample()) or _detect(line)

    yield from iter_jsonl(f, source, publication=publication, detect=detect)


def _cut_sample(head: bytes) -> bytes:
    """At most ``_DETECT`` bytes of ``head``, cut after a line end when it is longer (a
    newline byte never occurs inside a GB18030 or Big5 character)."""
    if len(head) <= _DETECT:
        return head
    return head[: head.rfind(b"\n", 0, _DETECT) + 1] or head[:_DETECT]


def _detect(data: bytes) -> str | None:
    """The legacy encoding (GB18030, Big5) ``data`` is in, or None (UTF-8, or no idea)."""
    try:
        encoding = decode(data, source="<sample>")[1]
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
