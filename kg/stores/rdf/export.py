"""Export the RDF store as Turtle, N-Triples, JSON-LD or TriG, validated with SHACL first.

Turtle, N-Triples and JSON-LD hold the union of the article graphs (each triple once);
TriG keeps the named graphs. pyoxigraph serialises ttl/nt/trig (fast); JSON-LD is
written here, one node object per subject under a ``@context`` of our prefixes (rdflib's
JSON-LD serialiser took 18 s for 200k triples, pyoxigraph's writes expanded IRIs only).
Validation checks the union graph against ``schema/shapes.ttl``: by default as SPARQL on
the store itself (``kg.shacl_sparql``, seconds for all 新闻联播), with
``validator="pyshacl"`` by pySHACL (the reference; minutes); an invalid graph is not
written unless ``validate=False``.
"""

from __future__ import annotations

import io
import itertools
import json
import os
import tempfile
from importlib import resources
from pathlib import Path
from collections.abc import Iterable
from typing import IO, Any

import pyoxigraph as ox

from kg.errors import KgError
from kg.stores.rdf.iris import DEFAULT_BASE, SH, check_base, prefixes

VALIDATORS = ("sparql", "pyshacl")
FORMATS: dict[str, ox.RdfFormat | None] = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": None,  # write_jsonld
}
MAX_REPORTED = 8
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def load_schema_text(name: str = "shapes.ttl", base: str = DEFAULT_BASE, path: str | Path | None = None) -> str:
    """Text of ``schema/NAME`` (or of ``path``) with the default base IRI replaced by ``base``."""
    if path is not None:
        text = Path(path).read_text(encoding="utf-8")
    else:
        text = (resources.files("kg.schema") / name).read_text(encoding="utf-8")
    return text if base == DEFAULT_BASE else text.replace(DEFAULT_BASE, check_base(base))


def open_source(store_or_path: Any) -> tuple[ox.Store, str]:
    """The pyoxigraph store and base IRI behind a kg store, a ``pyoxigraph.Store`` or a
    store directory (opened read-only)."""
    if isinstance(store_or_path, ox.Store):
        return store_or_path, DEFAULT_BASE
    if isinstance(store_or_path, (str, os.PathLike)):
        path = Path(store_or_path)
        if not path.is_dir():
            raise KgError(f"no Oxigraph store at {path}")
        try:
            return ox.Store.read_only(str(path)), DEFAULT_BASE
        except OSError as e:
            raise KgError(f"cannot open the Oxigraph store at {path}: {e}") from e
    to_ox = getattr(store_or_path, "to_pyoxigraph", None)
    if to_ox is None:
        raise KgError(f"cannot export from {type(store_or_path).__name__}: not an RDF store")
    return to_ox(), getattr(store_or_path, "base_iri", DEFAULT_BASE)


# prefix name -> IRI path of the instances (``org:`` is W3C ORG, so orgs get ``organization:``)
INSTANCE_PREFIXES = {k: k for k in ("person", "post", "role", "event", "participation", "membership",
                                    "authorship", "evidence", "article", "graph")} | {"organization": "org"}


def export_prefixes(base: str = DEFAULT_BASE) -> dict[str, str]:
    """Vocabulary prefixes plus one per instance kind (``person:`` = ``<base>person/``)."""
    return {**prefixes(base), **{name: f"{base}{path}/" for name, path in INSTANCE_PREFIXES.items()}}


# Oxigraph neither deduplicates the union default graph nor (fully) a CONSTRUCT's
# output - measured: 85 repeated org:holds lines in 1.85M - so DISTINCT it is
_CONSTRUCT_UNION = "CONSTRUCT { ?s ?p ?o } WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"


def union_ntriples(store: ox.Store) -> bytes:
    """Every distinct triple of the store's graphs (the union default graph) as
    canonical N-Triples, one triple a line."""
    return ox.serialize(store.query(_CONSTRUCT_UNION, use_default_graph_as_union=True), format=ox.RdfFormat.N_TRIPLES)


def group_by_subject(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    """``triples`` grouped by subject with ``rdf:type`` first (one Turtle block a subject)."""
    by_subject: dict[Any, list[ox.Triple]] = {}
    for t in triples:
        by_subject.setdefault(t.subject, []).append(t)
    out: list[ox.Triple] = []
    for group in by_subject.values():
        group.sort(key=lambda t: t.predicate != _RDF_TYPE)
        out.extend(group)
    return out


def union_triples(store: ox.Store) -> list[ox.Triple]:
    """Every distinct triple of the union default graph, grouped by subject."""
    return group_by_subject(store.query(_CONSTRUCT_UNION, use_default_graph_as_union=True))


def to_rdflib(triples: Iterable[ox.Triple] | bytes):
    """An rdflib ``Graph`` holding ``triples`` (or N-Triples bytes), parsed by pyoxigraph."""
    import rdflib

    graph = rdflib.Graph()
    data = triples if isinstance(triples, bytes) else ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    # rdflib's own N-Triples parser is several times slower than oxrdflib's
    graph.parse(data=data, format="ox-ntriples")
    return graph


def validate_graph(graph, base: str = DEFAULT_BASE, shapes: str | Path | None = None, inference: str = "none") -> tuple[bool, str, int]:
    """pySHACL over an rdflib graph: ``(conforms, readable summary, number of violations)``.

    ``inference="rdfs"`` adds the ontology (``schema/kg.ttl``) for RDFS entailment; the
    shapes target the classes the mapping states explicitly, so none is needed by default.
    """
    import pyshacl
    import rdflib
    import rdflib.collection  # noqa: F401 - used by _summarise

    shapes_graph = rdflib.Graph().parse(data=load_schema_text("shapes.ttl", base, shapes), format="turtle")
    ont = None
    if inference != "none":
        ont = rdflib.Graph().parse(data=load_schema_text("kg.ttl", base), format="turtle")
    conforms, report, _ = pyshacl.validate(
        graph, shacl_graph=shapes_graph, ont_graph=ont, inference=inference, advanced=False, allow_warnings=True
    )
    if conforms:
        return True, "", 0
    return False, *_summarise(report, base)


def validate_store(store: ox.Store, base: str = DEFAULT_BASE, shapes: str | Path | None = None, *,
                   union: bool = True) -> tuple[bool, str, int]:
    """The shapes checked as SPARQL on ``store``'s union graph (its default graph when not
    ``union``; ``kg.shacl_sparql``): ``(conforms, readable summary, number of
    violations)``, as ``validate_graph``."""
    from kg.shacl_sparql import validate_store as check

    found = check(store, load_schema_text("shapes.ttl", base, shapes), union=union)
    if not found:
        return True, "", 0
    pre = prefixes(base)

    def short(text: str | None) -> str:
        if text is None:
            return "-"
        for name, ns in pre.items():
            if text.startswith(ns):
                return f"{name}:{text[len(ns):]}"
        return "<" + text[len(base):] + ">" if text.startswith(base) else text

    lines = sorted({f"{short(v.focus)} {'/'.join(short(p) for p in v.path)}: "
                    f"{v.message or v.component}" + (f" (value {short(v.value)})" if v.value else "") for v in found})
    shown = [f"  - {line}" for line in lines[:MAX_REPORTED]]
    if len(lines) > MAX_REPORTED:
        shown.append(f"  … and {len(lines) - MAX_REPORTED} more")
    return False, f"{len(found)} SHACL violation(s):\n" + "\n".join(shown), len(found)


def _summarise(report, base: str) -> tuple[str, int]:
    import rdflib

    sh = rdflib.Namespace(SH)
    pre = prefixes(base)

    def short(node) -> str:
        if node is None:
            return "-"
        text = str(node)
        for name, ns in pre.items():
            if isinstance(node, rdflib.URIRef) and text.startswith(ns):
                return f"{name}:{text[len(ns):]}"
        if isinstance(node, rdflib.URIRef) and text.startswith(base):
            return "<" + text[len(base):] + ">"
        return node.n3() if hasattr(node, "n3") else text

    def short_path(path) -> str:
        if isinstance(path, rdflib.BNode):  # a sequence path: an RDF list of predicates
            try:
                return "/".join(short(p) for p in rdflib.collection.Collection(report, path))
            except Exception:  # another kind of path: its n3 form will do
                return short(path)
        return short(path)

    lines = []
    for result in report.subjects(rdflib.RDF.type, sh.ValidationResult):
        focus = report.value(result, sh.focusNode)
        path = short_path(report.value(result, sh.resultPath))
        message = report.value(result, sh.resultMessage)
        value = report.value(result, sh.value)
        line = f"{short(focus)} {path}: {message or short(report.value(result, sh.sourceConstraintComponent))}"
        if value is not None and value != focus:
            line += f" (value {short(value)})"
        lines.append(line)
    lines.sort()
    shown = [f"  - {line}" for line in lines[:MAX_REPORTED]]
    if len(lines) > MAX_REPORTED:
        shown.append(f"  … and {len(lines) - MAX_REPORTED} more")
    return f"{len(lines)} SHACL violation(s):\n" + "\n".join(shown), len(lines)


def export_graph(
    store_or_path: Any,
    fmt: str = "ttl",
    out: str | Path | IO | None = None,
    validate: bool = True,
    shapes: str | Path | None = None,
    *,
    base_iri: str | None = None,
    inference: str = "none",
    validator: str = "sparql",
) -> dict[str, Any]:
    """Write the store as ``fmt`` (ttl, nt, jsonld, trig) to ``out`` (path or stream;
    None returns the bytes in the result under ``"data"``).

    With ``validate`` (default) the union graph is checked against the SHACL shapes
    first and a ``KgError`` listing the first violations is raised instead of writing;
    ``validator`` is "sparql" (the shapes as queries on the store, fast) or "pyshacl"
    (the reference engine; also used for ``inference`` other than "none").
    A path is written through a temporary file, so a failure never leaves half a file.
    Returns ``{"format", "triples", "quads", "graphs", "conforms"}`` (+ ``"data"``);
    ``triples`` (distinct, in the union) is None for an unvalidated TriG export.
    """
    if fmt not in FORMATS:
        raise KgError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    if validator not in VALIDATORS:
        raise KgError(f"unknown validator {validator!r}; use one of {', '.join(VALIDATORS)}")
    store, base = open_source(store_or_path)
    base = check_base(base_iri or base)
    in_python = validate and (validator == "pyshacl" or inference != "none")
    # the store is read once (a full RocksDB scan is most of the cost): as N-Triples of
    # the union, which pySHACL parses and nt/ttl/jsonld reuse; TriG dumps the quads
    nt = union_ntriples(store) if in_python or fmt != "trig" else None
    conforms = None
    if validate:
        if in_python:
            conforms, summary, _ = validate_graph(to_rdflib(nt), base, shapes, inference)
        elif nt is not None:
            # the union already read: checked in a store of its own in memory, where the
            # queries read one graph (all 新闻联播: 7 s to load, 13 s to check, against
            # 31 s on the store's union of 16,832 graphs)
            union = ox.Store()
            union.bulk_load(nt, ox.RdfFormat.N_TRIPLES)
            conforms, summary, _ = validate_store(union, base, shapes, union=False)
            del union
        else:
            conforms, summary, _ = validate_store(store, base, shapes)
        if not conforms:
            raise KgError(f"the graph does not conform to the SHACL shapes, nothing written; {summary}\n"
                          "(export with --no-validate to write it anyway)")
    pre = export_prefixes(base)
    buffer = io.BytesIO()
    if fmt == "trig":
        store.dump(buffer, ox.RdfFormat.TRIG, prefixes=pre)
    elif fmt == "nt":
        buffer.write(nt)
    else:
        triples = group_by_subject(q.triple for q in ox.parse(nt, ox.RdfFormat.N_TRIPLES))
        if fmt == "jsonld":
            write_jsonld(triples, buffer, pre)
        else:
            ox.serialize(triples, buffer, ox.RdfFormat.TURTLE, prefixes=pre)
    info: dict[str, Any] = {
        "format": fmt,
        "triples": nt.count(b"\n") if nt is not None else None,  # canonical N-Triples: a line each
        "quads": len(store),
        "graphs": sum(1 for _ in store.named_graphs()),
        "conforms": conforms,
    }
    data = buffer.getvalue()
    _write(out, data, info)
    return info


def write_jsonld(triples: list[ox.Triple], out: IO[bytes], context: dict[str, str]) -> None:
    """JSON-LD with ``context`` as ``@context`` and one node object per subject
    (``triples`` grouped by subject, as ``union_triples`` gives them)."""
    spaces = sorted(context.items(), key=lambda kv: -len(kv[1]))

    def compact(iri: str) -> str:
        for name, ns in spaces:
            # "prefix://…" would read as an absolute IRI, so such suffixes stay expanded
            if iri.startswith(ns) and len(iri) > len(ns) and not iri[len(ns):].startswith("//"):
                return f"{name}:{iri[len(ns):]}"
        return iri

    def ref(term) -> str:
        return f"_:{term.value}" if isinstance(term, ox.BlankNode) else compact(term.value)

    def value(term) -> dict[str, str]:
        if not isinstance(term, ox.Literal):
            return {"@id": ref(term)}
        if term.language:
            return {"@value": term.value, "@language": term.language}
        if term.datatype.value == XSD_STRING:
            return {"@value": term.value}
        return {"@value": term.value, "@type": compact(term.datatype.value)}

    out.write(b'{"@context": ' + json.dumps(context).encode() + b',\n "@graph": [')
    sep = b"\n  "
    for subject, group in itertools.groupby(triples, key=lambda t: t.subject):
        node: dict[str, Any] = {"@id": ref(subject)}
        for t in group:
            if t.predicate == _RDF_TYPE and isinstance(t.object, ox.NamedNode):
                node.setdefault("@type", []).append(compact(t.object.value))
            else:
                node.setdefault(compact(t.predicate.value), []).append(value(t.object))
        out.write(sep + json.dumps(node, ensure_ascii=False).encode("utf-8"))
        sep = b",\n  "
    out.write(b"\n]}\n")


def _write(out: Any, data: bytes, info: dict[str, Any]) -> None:
    if out is None:
        info["data"] = data
    elif isinstance(out, (str, os.PathLike)):
        path = Path(out)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent or ".")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    elif isinstance(out, io.TextIOBase):
        out.write(data.decode("utf-8"))
    else:
        out.write(data)
