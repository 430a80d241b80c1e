"""JSON Lines (one article per line) and JSON documents of articles.

A record needs ``title`` and ``text`` (non-empty strings); optional ``id``, ``date``
(``YYYY-MM-DD``, also ``YYYYMMDD`` or an ISO date-time), ``publication``, ``kicker``,
``subtitle``, ``authors`` (a list of names, or one string of names), ``source``.
``Article.source`` is the file the record was read from (so a message can name file and
line); a record's own ``source`` is its upstream provenance and is only type-checked.
A bad record comes out as ``Rejected`` naming its line and loading goes on.
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
_OPTIONAL_TEXT = ("kicker", "subtitle", "publication", "source")


class _Bad(Exception):
    """A record that cannot become an Article; the message is for the user."""


def iter_jsonl(
    lines: Iterable[bytes | str],
    source: str,
    *,
    publication: str | None = None,
    detect: Callable[[], str | None] | None = None,
) -> Iterator[Article | Rejected]:
    """Articles from JSON Lines, one per non-blank line, read lazily.

    ``lines`` may be already decoded strings or bytes, decoded one line at a time as
    UTF-8 (a BOM on the first line is dropped). At the first line that is not UTF-8,
    ``detect()`` may name the file's legacy encoding (GB18030, Big5) for the rest: a
    newline byte never occurs inside a character in those, so lines split the same.
    ``publication`` is the default for records that do not name one.
    """
    name = PurePath(source).name or source
    encoding = "utf-8"
    for number, raw in enumerate(lines, 1):
        line = raw
        if isinstance(raw, bytes):
            try:
                line = raw.decode(encoding)
            except UnicodeDecodeError as err:
                legacy = detect() if detect is not None else None
                detect = None  # detect once: the whole file has one encoding
                line = _decode_or_none(raw, legacy)
                if line is None:
                    yield Rejected(
                        source, f"not valid {encoding} text (byte {err.start} of the line)", number
                    )
                    continue
                encoding = legacy or encoding
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
