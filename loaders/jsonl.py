"""JSON Lines (one article per line) and JSON documents of articles.

A record needs ``title`` and ``text`` (non-empty strings); optional ``id``, ``date``
(``YYYY-MM-DD``, also ``YYYYMMDD`` or an ISO date-time), ``publication``, ``kicker``,
``subtitle``, ``authors`` (a list of names, or one string of names), ``source``.
``Article.source`` is the file the record was read from (so a message can name file and
line); a record's own ``source`` is its upstream provenance and is only type-checked.
A record without an ``id`` gets one from its content (``kg.model.content_id``), never
from its file or line. Every line is parsed on its own: a bad record (bad JSON, a
number too long to read, a line or an article over its size limit) comes out as
``Rejected`` naming its line and loading goes on. A lone surrogate escape
(``"\\ud800"``) in a string becomes U+FFFD.
"""

from __future__ import annotations

import json
import re
import sys
import warnings
from collections.abc import Callable, Iterable, Iterator
from datetime import date as Date
from typing import Any

from kg.records import Rejected
from kg.model import Article, content_id

_DATE = re.compile(r"^([0-9]{4})(-?)([0-9]{2})\2([0-9]{2})(?:[T ].*)?$")
_NAME_SEPARATORS = re.compile(r"[\s、，,；;]+")
_SURROGATE = re.compile("[\ud800-\udfff]")
_OPTIONAL_TEXT = ("kicker", "subtitle", "publication", "source")


MAX_ARTICLE_CHARS = 8_000_000  # title + text; a 新闻联播 transcript is ~10,000


class _Bad(Exception):
    """A record that cannot become an Article; the message is for the user."""


class TooLong:
    """Stands for a line that was longer than the reader's limit (and was skipped
    without being held in memory); ``endless``: so long that the reader gave up on
    the rest of the input."""

    __slots__ = ("limit", "endless")

    def __init__(self, limit: int, endless: bool = False):
        self.limit, self.endless = limit, endless


def iter_jsonl(
    lines: Iterable[bytes | str | TooLong],
    source: str,
    *,
    publication: str | None = None,
    detect: Callable[[bytes], str | None] | None = None,
    max_article_chars: int = MAX_ARTICLE_CHARS,
    first_line: int = 1,
) -> Iterator[Article | Rejected]:
    """Articles from JSON Lines, one per non-blank line, read lazily.

    ``lines`` may be already decoded strings or bytes, decoded one line at a time (a BOM
    on the first line is dropped); LF, CRLF and a lone CR all end a line. A bytes line
    is UTF-8 if it decodes as such; at the first one that does not, ``detect(line)`` may
    name the file's legacy encoding (GB18030, Big5), tried on every later line that is
    not UTF-8 (a newline byte never occurs inside a character in those, so lines split
    the same; a file mixing UTF-8 and GBK lines loads whole). ``publication`` is the
    default for records that do not name one. A ``TooLong`` in ``lines`` is a line the
    reader refused for its size. ``first_line`` is the number of the first of ``lines``
    in its file (a slice of a file read elsewhere: a Spark partition).
    """
    legacy: str | None = None
    for number, raw in enumerate(_physical_lines(lines), first_line):
        if isinstance(raw, TooLong):
            rest = "; the rest of the input is not read" if raw.endless else ""
            yield Rejected(source, f"line longer than {raw.limit:,} bytes (--max-line-bytes): skipped{rest}", number)
            continue
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
        if "\x00" in line:
            yield Rejected(source, f"a NUL byte at column {line.index(chr(0)) + 1} (binary data, not JSON)", number)
            continue
        big: list[int] = []
        try:
            record = json.loads(line, parse_int=lambda digits: _parse_int(digits, big))
        except json.JSONDecodeError as err:
            yield Rejected(source, f"invalid JSON: {err.msg} (column {err.colno})", number)
            continue
        except RecursionError:
            yield Rejected(source, "invalid JSON: nested too deeply", number)
            continue
        except ValueError as err:
            yield Rejected(source, f"invalid JSON: {_number_error(err)}", number)
            continue
        if big:
            warnings.warn(f"{source}:{number}: a number of {max(big):,} digits, kept as its digits",
                          UserWarning, stacklevel=2)
        try:
            yield article_from_record(
                record,
                source=source,
                publication=publication,
                line=number,
                max_chars=max_article_chars,
            )
        except _Bad as err:
            yield Rejected(source, str(err), number)


class _Digits(str):
    """An integer too long for ``int()`` (over ``sys.get_int_max_str_digits()``), kept
    as its digits: a number in a field kg ignores never loses its article."""


def _parse_int(digits: str, big: list[int]) -> int | str:
    if len(digits) <= _MAX_DIGITS:
        return int(digits)
    big.append(len(digits.lstrip("-")))
    return _Digits(digits)


_MAX_DIGITS = getattr(sys, "get_int_max_str_digits", lambda: 4300)() or 4300


def _number_error(err: ValueError) -> str:
    text = str(err)
    if "digits" in text:
        return "a number too long to read (over 4,300 digits)"
    return text.split(";")[0][:120]


def _physical_lines(lines: Iterable[bytes | str | TooLong]) -> Iterator[bytes | str | TooLong]:
    """Lines split at LF, CRLF and a lone CR (old Mac files): a raw CR can never occur
    inside valid JSON (strings escape it), so splitting there loses nothing, and line
    numbers count what an editor shows. U+2028 is NOT a break: JSON strings may hold it."""
    for raw in lines:
        if isinstance(raw, TooLong):
            yield raw
            continue
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
    text: str, source: str, *, publication: str | None = None, max_article_chars: int = MAX_ARTICLE_CHARS
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
    except ValueError as err:
        yield Rejected(source, f"invalid JSON: {_number_error(err)}")
        return
    if isinstance(data, dict) and "articles" in data:
        data = data["articles"]
    elif isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        yield Rejected(source, f"expected a JSON array of articles, got {_kind(data)}")
        return
    for index, record in enumerate(data, 1):
        if isinstance(record, dict) and isinstance(record.get("article"), dict) and "text" not in record:
            record = record["article"]
        try:
            yield article_from_record(record, source=source, publication=publication, max_chars=max_article_chars)
        except _Bad as err:
            yield Rejected(source, f"article {index}: {err}")


def article_from_record(
    record: Any, *, source: str, default_id: str | None = None, publication: str | None = None,
    line: int | None = None, max_chars: int = MAX_ARTICLE_CHARS,
) -> Article:
    """One validated record as an ``Article``; raises ``_Bad`` with a one-line reason.
    Without an ``id`` (and ``default_id``) its id comes from its content."""
    if not isinstance(record, dict):
        raise _Bad(f"expected a JSON object, got {_kind(record)}")
    raw_id = record.get("id")
    record = {k: _whole_characters(v) for k, v in record.items()}
    title = _required_text(record, "title", allow_empty=True)
    # a headline-only item (a photo, a painting) is still an article; nothing at all is not
    text = _required_text(record, "text", allow_empty=bool(title.strip()))
    if len(title) + len(text) > max_chars:
        raise _Bad(f"article longer than {max_chars:,} characters (--max-article-chars): skipped")
    for key in _OPTIONAL_TEXT:
        if record.get(key) is not None and not isinstance(record[key], str):
            raise _Bad(f"'{key}' must be a string, got {_kind(record[key])}")
    if type(raw_id) is _Digits:
        raw_id = str(raw_id)  # an integer id of any length, exactly
    if raw_id is not None and (isinstance(raw_id, bool) or not isinstance(raw_id, (str, int))):
        raise _Bad(f"'id' must be a string, got {_kind(raw_id)}")
    day, paper = _date(record.get("date")), record.get("publication") or publication
    if raw_id not in (None, ""):
        article_id = str(raw_id)
    else:
        article_id = default_id or content_id(title.strip(), text, day, paper)
    return Article(
        id=article_id,
        title=title.strip(),
        text=text,  # exactly as given: evidence offsets index into it
        source=source,
        kicker=record.get("kicker") or None,
        subtitle=record.get("subtitle") or None,
        date=day,
        publication=paper,
        authors=_authors(record.get("authors")),
        source_line=line,
    )


def _whole_characters(value: Any) -> Any:
    """Strings with every lone surrogate (a JSON escape of half a UTF-16 pair, such as
    ``"\\ud800"``, which no UTF-8 writer or store accepts) replaced by U+FFFD: one
    character for one, so evidence offsets are unchanged."""
    if type(value) is _Digits:
        return 0  # a number, wherever a string is wanted
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
