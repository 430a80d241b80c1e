"""JSON Lines (one article per line) and JSON documents of articles.

A record needs ``title`` and ``text`` (non-empty strings); optional ``id``, ``date``
(``YYYY-MM-DD``, also ``YYYYMMDD`` or an ISO date-time), ``publication``, ``kicker``,
``subtitle``, ``authors`` (a list of names, or one string of names), ``source``.
``Article.source`` is the file the record was read from (so a message can name file and
line); a record's own ``source`` is its upstream provenance and is only type-checked.
A bad record comes out as ``Rejected`` naming its line and loading goes on. A lone
surrogate escape (``"\\ud800"``) in a string becomes U+FFFD.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date as Date
from pathlib import PurePath
from typing import Any

from kg.errors import Rejected
from kg.model import Article, make_id

_DATE = re.compile(r"^([0-9]{4})(-?)([0-9]{2})\2([0-9]{2})(?:[T ].*)?$")
_NAME_SEPARATORS = re.compile(r"[\s、，,；;]+")
_SURROGATE = re.compile("[\ud800-\udfff]")
_OPTIONAL_TEXT = ("kicker", "subtitle", "publication", "source")


class _Bad(Exception):
    """A record that cannot become an Article; the message is for the user."""


def iter_jsonl(
    lines: Iterable[bytes | str],
    source: str,
    *,
    publication: str | None = None,
    detect: Callable[[bytes], str | None] | None = None,
) -> Iterator[Article | Rejected]:
    """Articles from JSON Lines, one per non-blank line, read lazily.

    ``lines`` may be already decoded strings or bytes, decoded one line at a time (a BOM
    on the first line is dropped); LF, CRLF and a lone CR all end a line. A bytes line
    is UTF-8 if it decodes as such; at the first one that does not, ``detect(line)`` may
    name the file's legacy encoding (GB18030, Big5), tried on every later line that is
    not UTF-8 (a newline byte never occurs inside a character in those, so lines split
    the same; a file mixing UTF-8 and GBK lines loads whole). ``publication`` is the
    default for records that do not name one.
    """
    name = PurePath(source).name or source
    legacy: str | None = None
    for number, raw in enumerate(_physical_lines(lines), 1):
        line = raw
        if isinstance(raw, bytes):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as err:
                if detect is not None:
                    legacy, detect = detect(raw), None  # detect once: one legacy encoding per file
                line = _decode_or_none(raw, legacy) if legacy != "utf-8" else None
                if line is None:
                    tried = "utf-8" if legacy in (None, "utf-8") else f"utf-8 or {legacy}"
                    yield Rejected(source, f"not valid {tried} text (byte {err.start} of the line)", number)
                    continue
        if number == 1:
            line = line.removeprefix("\ufeff")
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            yield Rejected(source, f"invalid JSON: {err.msg} (column {err.colno})", number)
            continue
        except RecursionError:
            yield Rejected(source, "invalid JSON: nested too deeply", number)
            continue
        try:
            yield article_from_record(
                record,
                source=source,
                default_id=make_id("article", name, str(number)),
                publication=publication,
                line=number,
            )
        except _Bad as err:
            yield Rejected(source, str(err), number)


def _physical_lines(lines: Iterable[bytes | str]) -> Iterator[bytes | str]:
    """Lines split at LF, CRLF and a lone CR (old Mac files): a raw CR can never occur
    inside valid JSON (strings escape it), so splitting there loses nothing, and line
    numbers count what an editor shows. U+2028 is NOT a break: JSON strings may hold it."""
    for raw in lines:
        nl, cr = ("\n", "\r") if isinstance(raw, str) else (b"\n", b"\r")
        if raw.endswith(nl):
            raw = raw[:-1]
        if raw.endswith(cr):
            raw = raw[:-1]
        if cr in raw:
            yield from raw.split(cr)
        else:
            yield raw


def _decode_or_none(raw: bytes, encoding: str | None) -> str | None:
    if encoding is None:
        return None
    try:
        return raw.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def iter_json_document(
    text: str, source: str, *, publication: str | None = None
) -> Iterator[Article | Rejected]:
    """Articles from one JSON document: an array of records, ``{"articles": [...]}`` (also
    as ``kg extract --format json`` writes it, records under ``"article"``), or one record."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        yield Rejected(source, f"invalid JSON: {err.msg}", err.lineno)
        return
    except RecursionError:
        yield Rejected(source, "invalid JSON: nested too deeply")
        return
    if isinstance(data, dict) and "articles" in data:
        data = data["articles"]
    elif isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        yield Rejected(source, f"expected a JSON array of articles, got {_kind(data)}")
        return
    name = PurePath(source).name or source
    for index, record in enumerate(data, 1):
        if isinstance(record, dict) and isinstance(record.get("article"), dict) and "text" not in record:
            record = record["article"]
        try:
            yield article_from_record(
                record,
                source=source,
                default_id=make_id("article", name, str(index)),
                publication=publication,
            )
        except _Bad as err:
            yield Rejected(source, f"article {index}: {err}")


def article_from_record(
    record: Any, *, source: str, default_id: str, publication: str | None = None, line: int | None = None
) -> Article:
    """One validated record as an ``Article``; raises ``_Bad`` with a one-line reason."""
    if not isinstance(record, dict):
        raise _Bad(f"expected a JSON object, got {_kind(record)}")
    record = {k: _whole_characters(v) for k, v in record.items()}
    title = _required_text(record, "title", allow_empty=True)
    # a headline-only item (a photo, a painting) is still an article; nothing at all is not
    text = _required_text(record, "text", allow_empty=bool(title.strip()))
    for key in _OPTIONAL_TEXT:
        if record.get(key) is not None and not isinstance(record[key], str):
            raise _Bad(f"'{key}' must be a string, got {_kind(record[key])}")
    raw_id = record.get("id")
    if raw_id is not None and (isinstance(raw_id, bool) or not isinstance(raw_id, (str, int))):
        raise _Bad(f"'id' must be a string, got {_kind(raw_id)}")
    return Article(
        id=str(raw_id) if raw_id not in (None, "") else default_id,
        title=title.strip(),
        text=text,  # exactly as given: evidence offsets index into it
        source=source,
        kicker=record.get("kicker") or None,
        subtitle=record.get("subtitle") or None,
        date=_date(record.get("date")),
        publication=record.get("publication") or publication,
        authors=_authors(record.get("authors")),
        source_line=line,
    )


def _whole_characters(value: Any) -> Any:
    """Strings with every lone surrogate (a JSON escape of half a UTF-16 pair, such as
    ``"\\ud800"``, which no UTF-8 writer or store accepts) replaced by U+FFFD: one
    character for one, so evidence offsets are unchanged."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value) if _SURROGATE.search(value) else value
    if isinstance(value, list):
        return [_whole_characters(v) for v in value]
    return value


def _required_text(record: dict, key: str, *, allow_empty: bool = False) -> str:
    if key not in record or record[key] is None:
        raise _Bad(f"missing '{key}'")
    value = record[key]
    if not isinstance(value, str):
        raise _Bad(f"'{key}' must be a string, got {_kind(value)}")
    if not value.strip() and not allow_empty:
        raise _Bad(f"empty '{key}'")
    return value


def _date(value: Any) -> str | None:
    if value is None or value == "":
        return None
    m = _DATE.match(value) if isinstance(value, str) else None
    if m:
        try:
            return Date(int(m.group(1)), int(m.group(3)), int(m.group(4))).isoformat()
        except ValueError:
            pass
    raise _Bad(f"invalid date {json.dumps(value, ensure_ascii=False)[:40]} (want YYYY-MM-DD)")


def _authors(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = _NAME_SEPARATORS.split(value)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _Bad("'authors' must be a list of names")
    names: list[str] = []
    for v in value:
        v = v.strip()
        if v and v not in names:
            names.append(v)
    return tuple(names)


def _kind(value: Any) -> str:
    return {dict: "an object", list: "an array", str: "a string", bool: "a boolean", type(None): "null"}.get(
        type(value), "a number"
    )
