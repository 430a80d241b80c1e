"""Named analyst queries, each as NAME.cypher and NAME.rq (same parameters, same keys).

Every file starts with a comment header (``//`` in Cypher, ``#`` in SPARQL) that this
module reads::

    // name: holders
    // description: ...
    // param org: str = null - organization name, exact
    // param min: int = 1 - ...
    // param person: str - required (no default)
    // keys: person, org, title, first_date, last_date
    // order: org, title, person
    // order: events desc, person_a, person_b (notes in parentheses are ignored)
    // lists: shared_events (keys whose value is a list)

``load_query(name, language)`` returns the text, ``query_spec(name)`` the parsed header
(the ``.cypher`` header is authoritative; the ``.rq`` one is read when there is no
``.cypher``), ``bind_params`` checks and converts user-given parameters and
``sort_rows`` puts rows in the declared order, ``finish_rows`` also turns the values of
the ``lists:`` keys into sorted lists.

Row order: the Cypher files sort with ORDER BY; the SPARQL files have none and kg sorts
their rows by the ``order:`` line instead (code point order, a missing value first, as
SPARQL's ORDER BY does). Oxigraph's ORDER BY decodes both strings from its store at
every comparison: sorting the 2,400 rows of every holding took it 35 ms of a 100 ms
query, Python takes 2 ms. Running a ``.rq`` file elsewhere, add the ORDER BY you need.

Lists: a Cypher query returns a ``collect()``; SPARQL has no list values, so its query
returns a ``GROUP_CONCAT(...; separator="\u001F")`` (the unit separator, which no name
contains) that kg splits. Either way kg sorts the list (code point order), as the order
of ``collect`` and ``GROUP_CONCAT`` is the engine's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from kg.errors import KgError

SUFFIX = {"cypher": ".cypher", "sparql": ".rq"}
_PARAM = re.compile(r"param\s+(\w+)\s*:\s*(str|int)\s*(?:=\s*(\S+))?\s*(?:-\s*(.*))?$")
_SORT_KEY = re.compile(r"(\w+)(?:\s+(asc|desc))?")


@dataclass(frozen=True, slots=True)
class Param:
    name: str
    type: str  # "str" or "int"
    required: bool
    default: Any = None
    description: str = ""


@dataclass(frozen=True, slots=True)
class SortKey:
    key: str
    descending: bool = False


@dataclass(frozen=True, slots=True)
class QuerySpec:
    name: str
    description: str
    params: tuple[Param, ...]
    keys: tuple[str, ...]
    languages: tuple[str, ...]
    order: tuple[SortKey, ...] = ()
    lists: tuple[str, ...] = ()


def _files() -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for entry in resources.files(__name__).iterdir():
        for language, suffix in SUFFIX.items():
            if entry.name.endswith(suffix):
                found.setdefault(entry.name[: -len(suffix)], {})[language] = entry
    return found


def names(language: str | None = None) -> list[str]:
    """Names of the named queries (those available in ``language`` if given)."""
    return sorted(n for n, langs in _files().items() if language is None or language in langs)


def load_query(name: str, language: str = "cypher") -> str:
    """The text of query ``name`` in ``language`` ("cypher" or "sparql")."""
    if language not in SUFFIX:
        raise KgError(f"unknown query language {language!r}; use cypher or sparql")
    files = _files()
    if name not in files:
        raise KgError(f"unknown query {name!r}; known: {', '.join(names()) or 'none'}")
    if language not in files[name]:
        raise KgError(f"query {name!r} has no {language} version ({name}{SUFFIX[language]})")
    return files[name][language].read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def query_spec(name: str) -> QuerySpec:
    """The parsed header of query ``name``: description, parameters, result keys."""
    files = _files()
    if name not in files:
        raise KgError(f"unknown query {name!r}; known: {', '.join(names()) or 'none'}")
    langs = files[name]
    text = load_query(name, "cypher" if "cypher" in langs else "sparql")
    desc: list[str] = []
    params: list[Param] = []
    keys: tuple[str, ...] = ()
    order: tuple[SortKey, ...] = ()
    lists: tuple[str, ...] = ()
    field = ""
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith(("//", "#")):
            break
        body = stripped.lstrip("/#").strip()
        if m := _PARAM.match(body):
            pname, ptype, default, pdesc = m.groups()
            value = None if default in (None, "null") else (int(default) if ptype == "int" else default)
            params.append(Param(pname, ptype, default is None, value, pdesc or ""))
            field = "param"
        elif body.startswith("keys:"):
            keys = tuple(k.strip() for k in body[5:].split(",") if k.strip())
            field = "keys"
        elif body.startswith("order:"):
            order = _parse_order(name, body[6:])
            field = "order"
        elif body.startswith("lists:"):
            lists = tuple(k.strip() for k in re.sub(r"\([^)]*\)", "", body[6:]).split(",") if k.strip())
            field = "lists"
        elif body.startswith("description:"):
            desc.append(body[12:].strip())
            field = "description"
        elif field == "description" and body and ":" not in body.split()[0]:
            desc.append(body)
        else:
            field = ""
    unknown = [k.key for k in order if k.key not in keys] + [k for k in lists if k not in keys]
    if unknown:
        raise KgError(f"query {name!r} orders by or lists {', '.join(unknown)}, not among its keys")
    return QuerySpec(name, " ".join(desc), tuple(params), keys, tuple(sorted(langs)), order, lists)


def _parse_order(name: str, text: str) -> tuple[SortKey, ...]:
    """``date (missing first), event desc`` -> (SortKey("date"), SortKey("event", True))."""
    out = []
    for part in re.sub(r"\([^)]*\)", "", text).split(","):
        m = _SORT_KEY.fullmatch(part.strip())
        if not m:
            raise KgError(f"query {name!r}: cannot read the order {part.strip()!r} (KEY or KEY desc)")
        out.append(SortKey(m.group(1), m.group(2) == "desc"))
    return tuple(out)


def sort_rows(rows: list[dict[str, Any]], order: tuple[SortKey, ...]) -> list[dict[str, Any]]:
    """``rows`` sorted in place by ``order``: values in code point / numeric order, a
    missing value (None) first when ascending and last when descending."""
    for k in reversed(order):  # stable sorts, least significant key first
        rows.sort(key=lambda row, key=k.key: (row.get(key) is not None, row.get(key)), reverse=k.descending)
    return rows


LIST_SEPARATOR = "\x1f"

#: query -> (its parameter that takes an id or a label, the named query listing what a
#: label names, that query's parameter): a label naming several is refused, with the
#: candidates, instead of merging their rows
ONE_OF = {"attendees": ("event", "events-labelled", "label")}


def finish_rows(name: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows of named query ``name`` as kg returns them: each ``lists:`` value a sorted
    list (a SPARQL ``GROUP_CONCAT`` string split at U+001F, an empty one ``[]``), the rows
    in the declared order."""
    spec = query_spec(name)
    for row in rows:
        for key in spec.lists:
            value = row.get(key)
            if value is None or value == "":
                row[key] = []
            elif isinstance(value, str):
                row[key] = sorted(value.split(LIST_SEPARATOR))
            else:
                row[key] = sorted(value)
    return sort_rows(rows, spec.order)


def bind_params(name: str, given: dict[str, Any]) -> dict[str, Any]:
    """Every declared parameter of ``name``: given ones converted to their type,
    the rest defaulted; unknown or missing required ones raise ``KgError``."""
    spec = query_spec(name)
    declared = {p.name: p for p in spec.params}
    unknown = sorted(set(given) - set(declared))
    if unknown:
        raise KgError(f"query {name!r} has no parameter {', '.join(unknown)}; "
                      f"its parameters: {', '.join(declared) or 'none'}")
    bound: dict[str, Any] = {}
    for p in spec.params:
        if p.name not in given or given[p.name] is None:
            if p.required:
                raise KgError(f"query {name!r} needs --param {p.name}=VALUE ({p.description or p.type})")
            bound[p.name] = p.default
            continue
        value = given[p.name]
        if p.type == "int":
            try:
                value = int(value)
            except (TypeError, ValueError):
                raise KgError(f"parameter {p.name} of {name!r} must be an integer, not {value!r}") from None
        else:
            value = str(value)
        bound[p.name] = value
    return bound
