"""SPARQL helpers shared by the RDF stores: named queries, safe parameter binding,
and conversion of result terms to plain Python values.

Parameters are never formatted into query text as raw strings. The embedded store
passes them as pyoxigraph ``substitutions`` (RDF terms); a remote endpoint gets a
``VALUES`` block whose terms are serialised by rdflib's ``.n3()``, which escapes
quotes, backslashes and newlines. Either way a named query's parameter ``NAME`` binds
the variable ``?param_NAME`` and behaves like a one-row ``VALUES`` at the top of the
query's outer ``WHERE`` group. A named query may also use ``?param_NAME_zh``: the same
string value as a ``@zh`` literal (how labels are stored), so that a label lookup is a
constant triple pattern the engine answers from its index (a ``BIND(STRLANG(...))``
is not pushed into the lookup); it is bound only when the query mentions it.
"""

from __future__ import annotations

import re
from typing import Any

import pyoxigraph as ox

from kg.errors import KgError
from kg.queries import bind_params, load_query
from kg.stores.rdf.iris import DEFAULT_BASE, XSD, check_base, ontology_ns

PARAM_PREFIX = "param_"
LANG_SUFFIX = "_zh"

_INT_TYPES = {XSD + t for t in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
    "negativeInteger", "nonPositiveInteger", "unsignedLong", "unsignedInt", "unsignedShort",
    "unsignedByte")}
_FLOAT_TYPES = {XSD + "decimal", XSD + "double", XSD + "float"}
_BOOL = XSD + "boolean"
_KG_PREFIX_LINE = re.compile(r"^(\s*PREFIX\s+kg:\s*)<[^>\n]*>", re.IGNORECASE | re.MULTILINE)


def rebase(query: str, base: str) -> str:
    """Point the query's ``PREFIX kg:`` at the configured base's ontology namespace."""
    if base == DEFAULT_BASE:
        return query
    ns = ontology_ns(check_base(base))
    return _KG_PREFIX_LINE.sub(lambda m: f"{m.group(1)}<{ns}>", query)


def to_term(value: Any) -> ox.Literal | ox.NamedNode:
    """A Python parameter value as an RDF term (str -> xsd:string, int -> xsd:integer)."""
    if isinstance(value, (ox.Literal, ox.NamedNode)):
        return value
    if isinstance(value, bool):
        return ox.Literal(value)
    if isinstance(value, (int, float, str)):
        return ox.Literal(value)
    raise KgError(f"cannot bind a query parameter of type {type(value).__name__}: {value!r}")


def substitutions(params: dict[str, Any], prefix: str = "") -> dict[ox.Variable, Any]:
    """pyoxigraph ``substitutions`` for the non-None params (variable ``?<prefix>NAME``)."""
    return {ox.Variable(_var(prefix + k)): to_term(v) for k, v in params.items() if v is not None}


def named_bindings(text: str, params: dict[str, Any]) -> dict[str, Any]:
    """The variables a named query's params bind: ``param_NAME`` for every non-None
    param, plus ``param_NAME_zh`` (a ``@zh`` literal) for a string param when the query
    text mentions ``?param_NAME_zh`` (Oxigraph refuses a binding the query does not
    project). Values stay RDF terms; nothing is formatted into the text."""
    out: dict[str, Any] = {}
    for k, v in params.items():
        if v is None:
            continue
        name = _var(PARAM_PREFIX + k)
        out[name] = v
        if isinstance(v, str) and re.search(rf"[?$]{name}{LANG_SUFFIX}(?!\w)", text):
            out[name + LANG_SUFFIX] = ox.Literal(v, language="zh")
    return out


def _var(name: str) -> str:
    name = name.replace("-", "_")
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise KgError(f"invalid query parameter name {name!r}")
    return name


def values_block(params: dict[str, Any], prefix: str = "") -> str:
    """``VALUES (?a ?b) { (t1 t2) }`` for the non-None params, terms serialised by rdflib."""
    from oxrdflib._converter import from_ox  # pyoxigraph term -> rdflib term

    bound = {k: v for k, v in params.items() if v is not None}
    if not bound:
        return ""
    names = " ".join(f"?{_var(prefix + k)}" for k in bound)
    terms = " ".join(from_ox(to_term(v)).n3() for v in bound.values())
    return f"VALUES ({names}) {{ ({terms}) }}"


def inject_values(query: str, block: str) -> str:
    """Insert ``block`` right after the ``{`` opening the outer WHERE group.

    The scan skips comments, strings and IRIs, so a brace inside them is not taken.
    """
    if not block:
        return query
    i, n = 0, len(query)
    template = False  # inside or before a CONSTRUCT template, whose braces are not the group
    depth = 0
    while i < n:
        c = query[i]
        if c == "#":
            j = query.find("\n", i)
            i = n if j < 0 else j + 1
            continue
        if c in "\"'":
            i = _skip_string(query, i)
            continue
        if c == "<" and re.match(r"<[^<>\"{}|^`\\\s]*>", query[i:]):
            i = query.index(">", i) + 1
            continue
        if query[i : i + 9].upper() == "CONSTRUCT" and not (i and (query[i - 1].isalnum() or query[i - 1] in "_?$:")):
            template = not re.match(r"CONSTRUCT\s+WHERE\b", query[i:], re.IGNORECASE)
            i += 9
            continue
        if c == "{" and template:
            depth += 1
        elif c == "}" and template:
            depth -= 1
            template = depth > 0
        elif c == "{":
            # the first brace outside comments, strings, IRIs and a CONSTRUCT template
            # opens the outer WHERE group (WHERE itself is optional)
            return f"{query[: i + 1]} {block}\n{query[i + 1 :]}"
        i += 1
    raise KgError("cannot bind parameters: the query has no WHERE group")


def _skip_string(text: str, i: int) -> int:
    quote = text[i]
    long = text[i : i + 3] == quote * 3
    end = quote * 3 if long else quote
    j = i + len(end)
    while j < len(text):
        if text[j] == "\\":
            j += 2
            continue
        if text.startswith(end, j):
            return j + len(end)
        j += 1
    return j


_XSD_STRING = ox.NamedNode(XSD + "string")
_LANG_STRING = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#langString")


def term_value(term: Any) -> Any:
    """A result term as a Python value: integers -> int, decimals -> float,
    booleans -> bool, other literals (dates included) -> their lexical form,
    IRIs -> str, blank nodes -> ``_:id``, unbound -> None."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = term.datatype
        if datatype == _XSD_STRING or datatype == _LANG_STRING:  # the common case, no lookups
            return term.value
        return _literal_value(term.value, datatype.value)
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term)


def _literal_value(lexical: str, datatype: str) -> Any:
    try:
        if datatype in _INT_TYPES:
            return int(lexical)
        if datatype in _FLOAT_TYPES:
            return float(lexical)
    except ValueError:
        return lexical  # an ill-typed literal: keep its text rather than fail the query
    if datatype == _BOOL:
        return lexical in ("true", "1")
    return lexical


def prepare_named(name: str, params: dict[str, Any] | None, base: str) -> tuple[str, dict[str, Any]]:
    """Text (rebased) and checked parameters of named query ``name``."""
    check_base(base)
    return rebase(load_query(name, "sparql"), base), bind_params(name, dict(params or {}))


def n3(term: ox.NamedNode | ox.Literal | ox.BlankNode) -> str:
    """SPARQL text of a term, written by rdflib (``n3()`` escapes literals)."""
    from oxrdflib._converter import from_ox

    return from_ox(term).n3()


def compact(iri: str, pre: dict[str, str]) -> str:
    """``prefix:local`` for an IRI in one of the ``pre`` namespaces, else the IRI."""
    for name, ns in pre.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{name}:{iri[len(ns):]}"
    return iri


def result_rows(result: Any, drop: str | None = None) -> list[dict[str, Any]]:
    """pyoxigraph results as rows of Python values (see ``term_value``), leaving out the
    columns whose names start with ``drop`` (a named query's ``param_*`` bindings)."""
    if isinstance(result, ox.QueryBoolean):
        return [{"result": bool(result)}]
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        keep = [i for i, n in enumerate(names) if not (drop and n.startswith(drop))]
        if len(keep) == len(names):
            return [dict(zip(names, map(term_value, sol))) for sol in result]
        kept = [names[i] for i in keep]
        return [dict(zip(kept, [term_value(sol[i]) for i in keep])) for sol in result]
    return [
        {"subject": term_value(t.subject), "predicate": term_value(t.predicate), "object": term_value(t.object)}
        for t in result
    ]
