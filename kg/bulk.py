"""Bulk-load files from extraction records: Neo4j ``neo4j-admin database import`` CSVs
and N-Triples / N-Quads, for graphs too large to write statement by statement.

The mapping is the stores' own: property-graph rows come from
``kg.stores.cypher.graph_rows`` (the Cypher store's nodes, relationships and
evidence lists) and triples from ``kg.stores.rdf.mapping`` (what the Oxigraph store holds), so
a bulk-imported graph answers the named queries like an ingested one.

The functions work on batches (a Spark partition, or a workspace's records in chunks)
and come in two halves: ``graph_parts`` turns a batch into keyed parts, ``merge_*``
combine parts that share a key across batches (Spark's ``reduceByKey``), and the
``*_line`` / ``*_header`` functions write the CSV. ``write_neo4j_csv`` does all of it in
one process for a workspace (``kg bulk-export``).

CSV layout (``neo4j-admin database import full --id-type=string --array-delimiter="¦"
--multiline-fields=true``): one ``nodes_<Label>.csv`` per label with the header
``id:ID,:LABEL,<properties>`` and one ``relationships_<TYPE>.csv`` per type with
``:START_ID,:END_ID,:TYPE,<properties>``; ids are the model ids (one global id space);
arrays are joined with ``¦`` (U+00A6; a ``¦`` inside a value becomes ``|``).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from kg.model import Extraction
from kg.stores.cypher import HOLDS_LISTS, LABELS, MULTI, SINGLE, graph_rows

ARRAY_DELIMITER = "¦"

# property columns per label and relationship type: (name, neo4j type)
NODE_PROPS: dict[str, tuple[tuple[str, str], ...]] = {
    "Person": (("name", "string"), ("disambiguator", "string")),
    "Organization": (("name", "string"), ("aliases", "string[]"), ("kind", "string")),
    "Post": (("name", "string"), ("label", "string"), ("org", "string"), ("title", "string")),
    "Event": (("name", "string"), ("label", "string"), ("type", "string"), ("date", "string"),
              ("end_date", "string"), ("date_inferred", "boolean"), ("part_of_day", "string"),
              ("location", "string"), ("article_id", "string")),
    "Place": (("name", "string"), ("level", "string"), ("code", "string"), ("aliases", "string[]"),
              ("longitude", "double"), ("latitude", "double")),
    "Article": (("name", "string"), ("title", "string"), ("date", "string"), ("publication", "string"),
                ("source", "string"), ("kicker", "string"), ("subtitle", "string"), ("authors", "string[]"),
                ("source_id", "string")),
}
_EVIDENCE = (("sentence", "string"), ("quote", "string"), ("start", "int"), ("end", "int"))
_EVIDENCE_LISTS = (("article_ids", "string[]"), ("sentences", "string[]"), ("quotes", "string[]"),
                   ("starts", "int[]"), ("ends", "int[]"))
REL_PROPS: dict[str, tuple[tuple[str, str], ...]] = {
    "PARTICIPATED_IN": (("article_id", "string"), ("role", "string"), *_EVIDENCE, ("order", "int"),
                        ("optional", "boolean")),
    "AUTHORED": (("article_id", "string"), ("role", "string"), *_EVIDENCE),
    "LOCATED_AT": (("article_id", "string"), *_EVIDENCE),
    "ORGANIZED_BY": (("article_id", "string"), *_EVIDENCE),
    "REPORTED_IN": (("article_id", "string"), *_EVIDENCE),
    "HOLDS": (*_EVIDENCE_LISTS, ("dates", "string[]"), ("optionals", "boolean[]"), ("first_date", "string"),
              ("last_date", "string")),
    "POST_IN": _EVIDENCE_LISTS,
    "SUB_ORGANIZATION_OF": _EVIDENCE_LISTS,
    "PART_OF": _EVIDENCE_LISTS,
    "IN_PLACE": _EVIDENCE_LISTS,
}


# --- parts of a batch ------------------------------------------------------------------


def graph_parts(extractions: Iterable[Extraction]) -> Iterator[tuple[tuple, Any]]:
    """Keyed parts of a batch's property graph:

    - ``("N", label, id)`` -> node properties (with ``_full``: a record, not a mere name)
    - ``("S", type, start, end, article_id, role)`` -> properties of a one-article relationship
    - ``("M", type, start, end)`` -> evidence lists of a many-article relationship

    A relationship whose ends are not both nodes of the batch is left out, as the
    Cypher store's ``MATCH`` leaves it out.
    """
    g = graph_rows(extractions)
    ids: set[str] = set()
    for label in LABELS:
        for node_id, props in g.nodes.get(label, {}).items():
            ids.add(node_id)
            full = len(props) > 2 or label in ("Event", "Article", "Place", "Post")
            yield ("N", label, node_id), {**{k: v for k, v in props.items() if k != "id"}, "_full": full}
    for (rel, _src, _dst), rows in g.single.items():
        for r in rows.values():
            if r["src"] in ids and r["dst"] in ids:
                props = {"article_id": r["article_id"], **({"role": r["role"]} if "role" in r else {}), **r["props"]}
                yield ("S", rel, r["src"], r["dst"], r["article_id"], r.get("role")), props
    for (rel, _src, _dst), rows in g.multi.items():
        for r in rows.values():
            if r["src"] in ids and r["dst"] in ids:
                yield ("M", rel, r["src"], r["dst"]), {k: v for k, v in r.items() if k not in ("src", "dst")}


def merge_node(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """One node stated by two batches: a full record wins over a mere name; between two
    of a kind, the one with more (then greater) properties, so the result is the same
    whatever the order."""
    def rank(p: dict[str, Any]) -> tuple:
        return (p.get("_full", False), sum(v is not None for v in p.values()), json.dumps(p, sort_keys=True,
                                                                                          ensure_ascii=False))
    return a if rank(a) >= rank(b) else b


def merge_single(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """The same one-article fact twice (a duplicated article id): keep one, deterministically."""
    return min(a, b, key=lambda p: json.dumps(p, sort_keys=True, ensure_ascii=False))


def merge_multi(a: dict[str, list], b: dict[str, list]) -> dict[str, list]:
    """Concatenate two batches' attestations, ordered by article id (deterministic)."""
    keys = [k for k in a if isinstance(a[k], list)]
    rows = list(zip(*(a[k] + b.get(k, []) for k in keys), strict=True))
    rows.sort(key=lambda r: (str(r[0]), json.dumps(r, ensure_ascii=False, default=str)))
    return {k: [r[i] for r in rows] for i, k in enumerate(keys)}


# --- CSV -------------------------------------------------------------------------------


def node_header(label: str) -> str:
    cols = ["id:ID", ":LABEL"] + [f"{n}:{t}" if t != "string" else n for n, t in NODE_PROPS[label]]
    return _csv_line(cols)


def rel_header(rel: str) -> str:
    cols = [":START_ID", ":END_ID", ":TYPE"] + [f"{n}:{t}" if t != "string" else n for n, t in REL_PROPS[rel]]
    return _csv_line(cols)


def node_line(label: str, node_id: str, props: dict[str, Any]) -> str:
    return _csv_line([node_id, label] + [_cell(props.get(n), t) for n, t in NODE_PROPS[label]])


def rel_line(rel: str, start: str, end: str, props: dict[str, Any]) -> str:
    props = dict(props)
    if rel == "HOLDS":
        dates = [d for d in props.get("dates", []) if d]
        props["first_date"] = min(dates, default=None)
        props["last_date"] = max(dates, default=None)
    return _csv_line([start, end, rel] + [_cell(props.get(n), t) for n, t in REL_PROPS[rel]])


def _cell(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if kind.endswith("[]"):
        return ARRAY_DELIMITER.join(_cell(v, kind[:-2]) for v in value)
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "int":
        return str(int(value))
    return str(value).replace(ARRAY_DELIMITER, "|")


def _csv_line(cells: list[str]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL).writerow(cells)
    return buf.getvalue()


def part_file(key: tuple) -> str:
    """The CSV file (without directory) a keyed part belongs to."""
    return f"nodes_{key[1]}.csv" if key[0] == "N" else f"relationships_{key[1]}.csv"


def part_line(key: tuple, props: dict[str, Any]) -> str:
    if key[0] == "N":
        return node_line(key[1], key[2], props)
    return rel_line(key[1], key[2], key[3], props)


def headers() -> dict[str, str]:
    """File name -> header line, for every label and relationship type."""
    out = {f"nodes_{label}.csv": node_header(label) for label in LABELS}
    out.update({f"relationships_{rel}.csv": rel_header(rel) for rel in MULTI + SINGLE})
    return out


def import_command(directory: str = ".", database: str = "neo4j") -> str:
    """The ``neo4j-admin`` command that imports the CSVs written into ``directory``."""
    args = [f"--nodes={directory}/nodes_{label}.csv" for label in LABELS]
    args += [f"--relationships={directory}/relationships_{rel}.csv" for rel in MULTI + SINGLE]
    return (f"neo4j-admin database import full {database} --overwrite-destination --id-type=string "
            f"--array-delimiter='{ARRAY_DELIMITER}' --multiline-fields=true " + " ".join(args))


def write_neo4j_csv(extractions: Iterable[Extraction], directory: str | Path, *, batch: int = 2000) -> dict[str, int]:
    """All CSVs for these records, in one process (the records of a workspace); returns
    the rows written per file. Parts are merged in memory (fine up to millions of rows)."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    merged: dict[tuple, Any] = {}
    chunk: list[Extraction] = []

    def flush() -> None:
        for key, value in graph_parts(chunk):
            old = merged.get(key)
            if old is None:
                merged[key] = value
            else:
                merged[key] = {"N": merge_node, "S": merge_single, "M": merge_multi}[key[0]](old, value)
        chunk.clear()

    for ex in extractions:
        chunk.append(ex)
        if len(chunk) >= batch:
            flush()
    flush()
    files = {name: open(directory / name, "w", encoding="utf-8", newline="") for name in headers()}  # noqa: SIM115
    counts = dict.fromkeys(files, 0)
    try:
        for name, header in headers().items():
            files[name].write(header)
        for key in sorted(merged, key=lambda k: tuple(str(x) for x in k)):
            name = part_file(key)
            files[name].write(part_line(key, merged[key]))
            counts[name] += 1
    finally:
        for f in files.values():
            f.close()
    return counts


# --- N-Triples / N-Quads ---------------------------------------------------------------


def ntriples_lines(extractions: Iterable[Extraction], base_iri: str | None = None) -> Iterator[str]:
    """N-Triples lines of these articles (the union graph; shared-node lines repeat
    across articles: deduplicate, e.g. Spark's ``distinct``)."""
    from kg.stores.rdf.iris import DEFAULT_BASE
    from kg.stores.rdf.mapping import extraction_to_triples

    base = base_iri or DEFAULT_BASE
    for ex in extractions:
        for s, p, o in extraction_to_triples(ex, base):
            yield f"{s} {p} {o} ."


def nquads_lines(extractions: Iterable[Extraction], base_iri: str | None = None) -> Iterator[str]:
    """N-Quads lines: each article's named graph and the entities graph, as the embedded
    Oxigraph store holds them (``oxigraph load`` into a workspace's store)."""
    from kg.stores.rdf.iris import DEFAULT_BASE
    from kg.stores.rdf.mapping import extraction_to_quads

    base = base_iri or DEFAULT_BASE
    for ex in extractions:
        for q in extraction_to_quads(ex, base):
            yield f"{q} ."


__all__ = ["ARRAY_DELIMITER", "HOLDS_LISTS", "NODE_PROPS", "REL_PROPS", "graph_parts", "headers", "import_command",
           "merge_multi", "merge_node", "merge_single", "node_header", "nquads_lines", "ntriples_lines", "part_file",
           "part_line", "rel_header", "write_neo4j_csv"]
