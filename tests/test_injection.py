"""Text from an article never acts as a query (issue 7, "Safety").

- a guard over the source: every Cypher, SPARQL or SQL text built by string formatting is
  at a reviewed site (labels and relationship types from a fixed whitelist; RDF terms
  written by rdflib's escaping ``n3()`` where SPARQL Update over HTTP has no
  parameters); a new site fails this test until it is reviewed and listed;
- properties (hypothesis): any string goes through each of those paths as data and
  comes back unchanged: FalkorDB parameters, SPARQL terms in INSERT DATA and VALUES,
  IRIs minted from any id.

The hostile strings through the whole ``kg ingest`` path: tests/test_reliability_stores.py.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.stores.rdf.iris import article_iri, entity_iri, graph_iri
from kg.stores.rdf.queries import inject_values, n3, values_block

ROOT = Path(__file__).resolve().parents[1]
SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

_QUERY_WORDS = re.compile(r"\b(MATCH|MERGE|CREATE|DELETE|DETACH|UNWIND|RETURN|SELECT|INSERT|DROP|CONSTRUCT|"
                          r"VALUES|GRAPH|WHERE)\b")
# (file, function) -> why the formatted values are safe
REVIEWED = {
    ("kg/stores/cypher.py", "merge_nodes"): "label checked against LABELS by _check",
    ("kg/stores/cypher.py", "merge_single"): "label and type checked by _check; role text is fixed",
    ("kg/stores/cypher.py", "merge_multi"): "type checked by _check; list names fixed (HOLDS_LISTS)",
    ("kg/stores/cypher.py", "delete_single"): "type checked by _check",
    ("kg/stores/cypher.py", "prune_multi"): "type checked by _check; list names fixed",
    ("kg/stores/cypher.py", "delete_empty"): "type checked by _check",
    ("kg/stores/cypher.py", "delete_orphans"): "label checked by _check",
    ("kg/stores/cypher.py", "falkordb_schema"): "labels, types, properties from fixed tuples",
    ("kg/stores/rdf/endpoint.py", "_write_batch"): "graph IRIs minted from hashes, terms written by rdflib n3()",
    ("kg/stores/rdf/endpoint.py", "delete_articles"): "graph IRIs minted from hashes, n3()",
    ("kg/stores/rdf/endpoint.py", "_mentioned"): "graph IRIs minted from hashes, n3()",
    ("kg/stores/rdf/endpoint.py", "_remove_orphans"): "entity IRIs from the store, n3()",
    ("kg/stores/rdf/queries.py", "values_block"): "variable names checked by _var, terms by n3()",
    ("kg/shacl_sparql.py", "_property_checks"): "shapes compiled to SPARQL: IRIs of parsed NamedNodes (no <, >, quote "
                                                "or space), literals in pyoxigraph's escaped N-Triples form, counts int()",
    ("kg/shacl_sparql.py", "value_check"): "the conditions of _property_checks, SPARQL text kg writes around them",
    ("kg/records_table.py", "input_hashes"): "SQLite: only a run of '?' placeholders is formatted in; ids are parameters",
    ("kg/records_table.py", "content_hashes"): "SQLite: only a run of '?' placeholders is formatted in; ids are parameters",
}


def _formatted_query_sites() -> set[tuple[str, str]]:
    """(file, enclosing function) of every f-string, ``%`` or ``.format`` whose literal
    text reads like Cypher or SPARQL, in the package and the loaders."""
    found: set[tuple[str, str]] = set()
    for path in sorted([*ROOT.glob("kg/**/*.py"), *ROOT.glob("loaders/**/*.py")]):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith("kg/extract/"):
            continue  # regular expressions over text, no queries
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for func in ast.walk(tree):
            if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in ast.walk(func):
                literal = None
                if isinstance(node, ast.JoinedStr) and any(isinstance(v, ast.FormattedValue) for v in node.values):
                    literal = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
                elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and isinstance(node.left, ast.Constant):
                    literal = str(node.left.value)
                elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format"
                      and isinstance(node.func.value, ast.Constant)):
                    literal = str(node.func.value.value)
                if literal and len(_QUERY_WORDS.findall(literal)) >= 1 and not literal.startswith(
                        ("kg:", "cannot", "unknown", "no ", "invalid")) and _reads_like_a_query(literal):
                    found.add((rel, func.name))
    return found


def _reads_like_a_query(literal: str) -> bool:
    return bool(re.search(r"\b(MATCH|MERGE|UNWIND|DELETE|CREATE INDEX|SELECT|INSERT DATA|DROP SILENT|VALUES)\b", literal)
                or re.search(r"\bGRAPH\b.*[{<]", literal) or re.search(r"\bWHERE\b.*\$", literal))


def test_every_formatted_query_is_at_a_reviewed_site():
    sites = _formatted_query_sites()
    unreviewed = sorted(sites - set(REVIEWED))
    assert not unreviewed, f"queries built by string formatting, not reviewed: {unreviewed}"
    assert sites, "the scan found nothing: it is broken"


def test_the_cypher_whitelist_refuses_anything_else():
    from kg.stores.cypher import merge_nodes, merge_single

    with pytest.raises(ValueError, match="whitelisted"):
        merge_nodes("Person {id: 1}) DETACH DELETE n //")
    with pytest.raises(ValueError, match="whitelisted"):
        merge_single("PARTICIPATED_IN]->() DELETE x //", "Person", "Event")


# --- properties: any string is data --------------------------------------------------------

# any text without lone surrogates (the loaders turn those into U+FFFD before anything else)
ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=80)
HOSTILE = st.one_of(ANY_TEXT, st.sampled_from([
    '"}) MATCH (n) DETACH DELETE n //', '"> } ; DROP ALL ; INSERT DATA { <a> <b> "c" } #', "'; --",
    '"""', "'''", "\\", '\\"', "\\u0022", "${x}", "$x", "{{x}}", "`x`", "\r\n\u2028\u2029", "\x00\x01\x7f",
    "<http://example.org/> .", "a b<c>{d}|e^f`g\\h",
]))


@given(HOSTILE, st.sampled_from([None, "zh"]))
@settings(max_examples=300, **SETTINGS)
def test_sparql_terms_in_insert_data_are_data(value, language):
    """What SparqlEndpointStore sends: INSERT DATA with terms written by ``n3()``."""
    store = ox.Store()
    graph, subject, predicate = (ox.NamedNode("https://kg.example.org/graph/g"),
                                 ox.NamedNode("https://kg.example.org/a"), ox.NamedNode("https://schema.org/name"))
    literal = ox.Literal(value, language=language) if language else ox.Literal(value)
    store.update(f"DROP SILENT GRAPH {n3(graph)} ;\n"
                 f"INSERT DATA {{ GRAPH {n3(graph)} {{ {n3(subject)} {n3(predicate)} {n3(literal)} . }} }}")
    assert list(store) == [ox.Quad(subject, predicate, literal, graph)]


@given(HOSTILE)
@settings(max_examples=200, **SETTINGS)
def test_sparql_values_bound_by_the_endpoint_store_are_data(value):
    """What SparqlEndpointStore sends for query parameters: a VALUES block."""
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("https://kg.example.org/a"), ox.NamedNode("https://schema.org/name"),
                      ox.Literal("x"), ox.DefaultGraph()))
    query = inject_values("SELECT ?name WHERE { OPTIONAL { ?s ?p ?o } }", values_block({"name": value}))
    rows = list(store.query(query))
    assert [r["name"].value for r in rows] == [value]
    assert len(store) == 1


@given(HOSTILE)
@settings(max_examples=200, **SETTINGS)
def test_iris_minted_from_any_id_are_valid_and_distinct(value):
    for iri in (entity_iri("person", value), article_iri(value), graph_iri(value)):
        assert iri.value.startswith("https://kg.example.org/")
        assert not re.search(r"[\s<>\"{}|^`\\]", iri.value), iri
        assert n3(iri) == f"<{iri.value}>"
    assert entity_iri("person", value) != entity_iri("person", value + "x")


@given(HOSTILE)
@settings(max_examples=150, **SETTINGS)
def test_falkordb_parameters_are_data(falkor, value):
    """The FalkorDB client writes parameters into a CYPHER header (escaped); kg turns
    NUL, which ends the text, into U+FFFD. Nothing else changes, and nothing runs."""
    falkor.query("MERGE (:Article {id: 'keep'})", write=True)
    rows = falkor.query("RETURN $x AS x", {"x": value})
    assert rows == [{"x": value.replace("\x00", "\ufffd")}]
    falkor.query("MERGE (a:Article {id: $id}) SET a.title = $id", {"id": value}, write=True)
    assert falkor.query("MATCH (a:Article {id: 'keep'}) RETURN count(a) AS n") == [{"n": 1}]
