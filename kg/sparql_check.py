"""Refuse, before anything runs, the SPARQL that could reach the network or change a
store: ``SERVICE`` (federated query: Oxigraph sends it to any URL, a real POST) and the
SPARQL Update forms (``INSERT``, ``DELETE``, ``LOAD``, ``CLEAR``, ``DROP``, ``CREATE``,
``ADD``, ``MOVE``, ``COPY``). The stores are projections of the records: an ad hoc
query only reads them.

The check reads the query's keywords only: comments, strings, IRIs, variables and
prefixed names are skipped first, so ``?service``, ``"DROP"`` or ``<http://x/delete>``
never trip it.
"""

from __future__ import annotations

import re

from kg.errors import KgError

_SKIPPED = (
    r'"""(?:[^"\\]|\\.|"(?!""))*"""',  # long strings
    r"'''(?:[^'\\]|\\.|'(?!''))*'''",
    r'"(?:[^"\\\n]|\\.)*"',  # strings
    r"'(?:[^'\\\n]|\\.)*'",
    r"<[^<>\"{}|^`\\\s]*>",  # IRIs
    r"#[^\n]*",  # comments
    r"[?$]\w*",  # variables
    r"[\w.\-]*:[\w.\-:%\\]*",  # prefixed names (schema:Service)
)
_TOKENS = re.compile("(?P<skip>" + "|".join(_SKIPPED) + ")|(?P<word>[A-Za-z]+)")
_UPDATE = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY"})


class RefusedQuery(KgError):
    """A query kg does not run: federated (SERVICE) or an update."""


def keywords(text: str) -> list[str]:
    """The bare words of a SPARQL text, upper-cased, outside strings, IRIs, comments,
    variables and prefixed names."""
    return [m.group("word").upper() for m in _TOKENS.finditer(text) if m.group("word")]


def check_read_only(text: str) -> None:
    """Raise ``RefusedQuery`` for a federated query or an update; return otherwise."""
    words = keywords(text)
    if "SERVICE" in words:
        raise RefusedQuery("SERVICE (a federated query) is refused: kg sparql never reaches the network; "
                           "run the query on the other endpoint itself")
    update = next((w for w in words if w in _UPDATE), None)
    if update:
        raise RefusedQuery(f"{update} is a SPARQL update: kg sparql only reads (the RDF store is a projection "
                           "of the records; kg reindex rebuilds it)")
