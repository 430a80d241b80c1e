"""SHACL validation as SPARQL on the Oxigraph store itself: the shapes kg writes
(``schema/shapes.ttl``) compiled into one SELECT per constraint, each returning the
violating focus nodes and values.

Why: pySHACL walks the whole export in Python (432 s and 1.5 GB on all 新闻联播); the
Rust engines on PyPI were measured at 36-94 s and 2.5-5 GB on the same graph
(``bench/RESULTS.md``). The store already holds the graph with its indexes, so each
constraint is an indexed query: the whole graph is checked in seconds.

The compiler covers the SHACL Core subset the shapes use: ``sh:targetClass`` (with
``rdfs:subClassOf*``), predicate and sequence paths, ``sh:minCount``, ``sh:maxCount``,
``sh:class``, ``sh:nodeKind``, ``sh:datatype`` (ill-typed literals included),
``sh:languageIn``, ``sh:in``, ``sh:minInclusive``, ``sh:lessThanOrEquals`` and ``sh:or``
of datatype, node kind and value-list alternatives. A shape
using anything else raises ``UnsupportedShape`` (the caller falls back to pySHACL).
pySHACL stays the reference: the tests check both report the same violations.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

SH = "http://www.w3.org/ns/shacl#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDF_FIRST = "http://www.w3.org/1999/02/22-rdf-syntax-ns#first"
RDF_REST = "http://www.w3.org/1999/02/22-rdf-syntax-ns#rest"
RDF_NIL = "http://www.w3.org/1999/02/22-rdf-syntax-ns#nil"
XSD = "http://www.w3.org/2001/XMLSchema#"
SUBCLASS = "<http://www.w3.org/2000/01/rdf-schema#subClassOf>"

# the datatypes whose lexical form SPARQL can check by casting (an ill-typed literal
# does not cast, and SHACL reports it as a sh:datatype violation)
_CASTS = {XSD + t for t in ("date", "dateTime", "integer", "decimal", "double", "float", "boolean")}
_NODE_KINDS = {
    "IRI": "isIRI(?v)", "BlankNode": "isBlank(?v)", "Literal": "isLiteral(?v)",
    "BlankNodeOrIRI": "(isBlank(?v) || isIRI(?v))", "BlankNodeOrLiteral": "(isBlank(?v) || isLiteral(?v))",
    "IRIOrLiteral": "(isIRI(?v) || isLiteral(?v))",
}
_KNOWN = {SH + k for k in ("path", "minCount", "maxCount", "class", "nodeKind", "datatype", "languageIn", "in", "or",
                           "minInclusive", "lessThanOrEquals", "message", "name", "description", "severity")}


class UnsupportedShape(Exception):
    """A shape uses SHACL this compiler does not translate."""


@dataclass(frozen=True)
class Violation:
    shape: str
    focus: str
    path: tuple[str, ...]  # the predicate IRIs of the path, in order
    component: str  # the constraint component's local name: MinCountConstraintComponent, ...
    value: str | None
    message: str | None


@dataclass(frozen=True)
class Check:
    """One constraint of one property shape as a SPARQL SELECT of ?focus (and ?v)."""

    shape: str
    path: tuple[str, ...]
    component: str
    message: str | None
    query: str
    values: bool = False  # the query also selects the failing value ?v
    counts: tuple[int, int | None] | None = None  # (min, max) of a count check selecting ?n


def _objects(shapes: ox.Store, s, p: str) -> list:
    return [q.object for q in shapes.quads_for_pattern(s, ox.NamedNode(p), None)]


def _one(shapes: ox.Store, s, p: str):
    found = _objects(shapes, s, p)
    return found[0] if found else None


def _list(shapes: ox.Store, head) -> list:
    items = []
    while head is not None and not (isinstance(head, ox.NamedNode) and head.value == RDF_NIL):
        items.append(_one(shapes, head, RDF_FIRST))
        head = _one(shapes, head, RDF_REST)
    return items


def _term(t) -> str:
    if isinstance(t, ox.NamedNode):
        return f"<{t.value}>"
    if isinstance(t, ox.Literal):
        return str(t)
    raise UnsupportedShape(f"a blank node where a term is expected: {t}")


def _path(shapes: ox.Store, node) -> tuple[list[str], tuple[str, ...]]:
    """(predicate IRIs in order, readable path) for a predicate or a sequence path."""
    if isinstance(node, ox.NamedNode):
        return [node.value], (node.value,)
    if isinstance(node, ox.BlankNode) and _one(shapes, node, RDF_FIRST) is not None:
        steps = _list(shapes, node)
        if all(isinstance(s, ox.NamedNode) for s in steps):
            return [s.value for s in steps], tuple(s.value for s in steps)
    raise UnsupportedShape("only predicate and sequence paths are compiled")


def _chain(steps: list[str], subject: str = "?focus", obj: str = "?v") -> str:
    """Triple patterns from ``subject`` along ``steps`` to ``obj``. A sequence is
    written as patterns, not as a SPARQL path: Oxigraph evaluated
    ``NOT EXISTS { ?focus a/b ?v }`` without the bound ?focus (52 s for the events)."""
    nodes = [subject] + [f"?x{i}_" for i in range(1, len(steps))] + [obj]
    return " ".join(f"{nodes[i]} <{p}> {nodes[i + 1]} ." for i, p in enumerate(steps))


def compile_shapes(shapes_ttl: str) -> list[Check]:
    """Every constraint of every ``sh:NodeShape`` in ``shapes_ttl`` as a ``Check``."""
    shapes = ox.Store()
    shapes.load(shapes_ttl.encode("utf-8"), ox.RdfFormat.TURTLE)
    checks: list[Check] = []
    for q in shapes.quads_for_pattern(None, ox.NamedNode(RDF_TYPE), ox.NamedNode(SH + "NodeShape")):
        shape = q.subject
        targets = _objects(shapes, shape, SH + "targetClass")
        others = {p.predicate.value for p in shapes.quads_for_pattern(shape, None, None)} - {
            RDF_TYPE, SH + "targetClass", SH + "property", SH + "message", SH + "name", SH + "description"}
        if others:
            raise UnsupportedShape(f"{shape}: node-level constraints {sorted(others)}")
        if not targets:
            continue
        target = " UNION ".join(f"{{ ?focus a ?c_ . {_term(t)} ^{SUBCLASS}* ?c_ }}" for t in targets)
        for prop in _objects(shapes, shape, SH + "property"):
            checks.extend(_property_checks(shapes, str(shape), target, prop))
    return checks


def _property_checks(shapes: ox.Store, shape: str, target: str, prop) -> list[Check]:
    used = {p.predicate.value for p in shapes.quads_for_pattern(prop, None, None)}
    if unknown := used - _KNOWN:
        raise UnsupportedShape(f"{shape}: constraints {sorted(unknown)}")
    steps, shown = _path(shapes, _one(shapes, prop, SH + "path"))
    walk = _chain(steps)
    message = _one(shapes, prop, SH + "message")
    message = message.value if message is not None else None
    out: list[Check] = []

    def value_check(component: str, condition: str, extra: str = "") -> None:
        """Violations where a value ?v of the path fails ``condition`` (a SPARQL
        expression that is true for a valid value; an error counts as a failure)."""
        out.append(Check(shape, shown, component, message,
                         f"SELECT DISTINCT ?focus ?v WHERE {{ {target} {walk} {extra}"
                         f"FILTER(!COALESCE({condition}, false)) }}", True))

    low = _one(shapes, prop, SH + "minCount")
    high = _one(shapes, prop, SH + "maxCount")
    low = int(low.value) if low is not None else 0
    high = int(high.value) if high is not None else None
    if low == 1 and high is None:
        # OPTIONAL + !BOUND, not FILTER NOT EXISTS: Oxigraph took 72 s for the events'
        # evidence with NOT EXISTS, 0.3 s this way
        out.append(Check(shape, shown, "MinCountConstraintComponent", message,
                         f"SELECT DISTINCT ?focus WHERE {{ {target} OPTIONAL {{ {walk} }} FILTER(!BOUND(?v)) }}"))
    elif low or high is not None:
        # both bounds from one count per focus node (one pass, not two)
        bad = " || ".join(x for x in (f"?n < {low}" if low else "", f"?n > {high}" if high is not None else "") if x)
        out.append(Check(shape, shown, "Count", message,
                         f"SELECT ?focus ?n WHERE {{ {{ SELECT ?focus (COUNT(DISTINCT ?v) AS ?n) WHERE {{ {target} "
                         f"OPTIONAL {{ {walk} }} }} GROUP BY ?focus }} FILTER({bad}) }}", counts=(low, high)))
    for cls in _objects(shapes, prop, SH + "class"):
        value_check("ClassConstraintComponent", "BOUND(?ok_)",
                    f"OPTIONAL {{ ?v a ?t_ . {_term(cls)} ^{SUBCLASS}* ?t_ . BIND(true AS ?ok_) }} ")
    if (kind := _one(shapes, prop, SH + "nodeKind")) is not None:
        local = kind.value[len(SH):]
        if local not in _NODE_KINDS:
            raise UnsupportedShape(f"{shape}: sh:nodeKind {kind.value}")
        value_check("NodeKindConstraintComponent", _NODE_KINDS[local])
    if (dt := _one(shapes, prop, SH + "datatype")) is not None:
        value_check("DatatypeConstraintComponent", _datatype(dt.value))
    if (alternatives := _one(shapes, prop, SH + "or")) is not None:
        # true when any alternative holds (SPARQL's || is true when one side is, even
        # if the other errs)
        value_check("OrConstraintComponent",
                    "(" + " || ".join(_alternative(shapes, shape, m) for m in _list(shapes, alternatives)) + ")")
    if (langs := _one(shapes, prop, SH + "languageIn")) is not None:
        tags = [t.value for t in _list(shapes, langs)]
        value_check("LanguageInConstraintComponent",  # tags as escaped string literals
                    "(isLiteral(?v) && (" + " || ".join(f"langMatches(lang(?v), {ox.Literal(t)})" for t in tags) + "))")
    if (allowed := _one(shapes, prop, SH + "in")) is not None:
        terms = ", ".join(_term(t) for t in _list(shapes, allowed))
        value_check("InConstraintComponent", f"?v IN ({terms})")
    if (low := _one(shapes, prop, SH + "minInclusive")) is not None:
        value_check("MinInclusiveConstraintComponent", f"?v >= {_term(low)}")
    for other in _objects(shapes, prop, SH + "lessThanOrEquals"):
        out.append(Check(shape, shown, "LessThanOrEqualsConstraintComponent", message,
                         f"SELECT DISTINCT ?focus ?v WHERE {{ {target} {walk} ?focus {_term(other)} ?w . "
                         f"FILTER(!COALESCE(?v <= ?w, false)) }}", True))
    return out


def _datatype(iri: str) -> str:
    """A value of datatype ``iri`` with a lexical form of that type (an ill-typed
    literal fails the cast, an error, which the callers count as a failure)."""
    condition = f"(isLiteral(?v) && datatype(?v) = <{iri}>"
    if iri in _CASTS:
        condition += f" && <{iri}>(STR(?v)) = <{iri}>(STR(?v))"
    return condition + ")"


def _alternative(shapes: ox.Store, shape: str, member) -> str:
    """One shape of an ``sh:or`` list as a condition on ?v (datatype, nodeKind, in)."""
    used = {q.predicate.value for q in shapes.quads_for_pattern(member, None, None)} - {RDF_TYPE}
    if not used or used - {SH + "datatype", SH + "nodeKind", SH + "in"}:
        raise UnsupportedShape(f"{shape}: sh:or of {sorted(used)}")
    parts = []
    if (dt := _one(shapes, member, SH + "datatype")) is not None:
        parts.append(_datatype(dt.value))
    if (kind := _one(shapes, member, SH + "nodeKind")) is not None:
        if kind.value[len(SH):] not in _NODE_KINDS:
            raise UnsupportedShape(f"{shape}: sh:nodeKind {kind.value}")
        parts.append(_NODE_KINDS[kind.value[len(SH):]])
    if (allowed := _one(shapes, member, SH + "in")) is not None:
        parts.append(f"?v IN ({', '.join(_term(t) for t in _list(shapes, allowed))})")
    return "(" + " && ".join(parts) + ")"


def validate_store(store: ox.Store, shapes_ttl: str, *, union: bool = True, threads: int = 1) -> list[Violation]:
    """Every violation of the shapes in ``store`` (its union default graph when
    ``union``), sorted; an empty list means the graph conforms."""
    found: set[Violation] = set()
    for check, rows in run_checks(store, compile_shapes(shapes_ttl), union=union, threads=threads):
        for row in rows:
            value = row["v"] if check.values else None
            component = check.component
            if check.counts is not None:
                component = ("MinCountConstraintComponent" if int(row["n"].value) < check.counts[0]
                             else "MaxCountConstraintComponent")
            found.add(Violation(check.shape, _show(row["focus"]), check.path, component,
                                _show(value) if value is not None else None, check.message))
    return sorted(found, key=lambda v: (v.focus, v.path, v.component, v.value or ""))


def run_checks(store: ox.Store, checks: list[Check], *, union: bool = True, threads: int = 1) -> list[tuple[Check, list]]:
    """(check, result rows) of each check (``threads`` > 1 runs queries side by side:
    pyoxigraph releases the GIL while it evaluates)."""
    if threads <= 1:
        return [(c, list(store.query(c.query, use_default_graph_as_union=union))) for c in checks]
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(threads) as pool:
        results = pool.map(lambda c: list(store.query(c.query, use_default_graph_as_union=union)), checks)
        return list(zip(checks, results))


def _show(term) -> str:
    if isinstance(term, ox.NamedNode):
        return term.value
    return str(term)


__all__ = ["Check", "UnsupportedShape", "Violation", "compile_shapes", "validate_store"]
