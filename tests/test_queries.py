"""Named queries: the loader, every .cypher query on the samples (real FalkorDB), and
every query on both engines over the same data with equal answers."""

from __future__ import annotations

import pytest

from kg.errors import KgError
from kg.model import Article, Person
from kg.queries import SUFFIX, SortKey, bind_params, load_query, names, query_spec, sort_rows
from samples import CASES, all_data, org_participant_extraction

NAMES = ["attendees", "co-attendance", "co-attendees", "events-by", "events-labelled", "holders", "org-tree", "posts",
         "timeline", "who-attended"]


def test_loader_lists_the_queries_with_headers():
    assert set(NAMES) <= set(names("cypher"))
    for name in NAMES:
        spec = query_spec(name)
        assert spec.description and spec.keys, name
        text = load_query(name, "cypher")
        assert text.startswith(f"// name: {name}")
        for p in spec.params:  # every declared parameter is used by the text
            assert f"${p.name}" in text


def test_every_query_declares_its_row_order():
    """The order: line is what kg sorts SPARQL rows by; the .rq files leave sorting to kg."""
    for name in NAMES:
        order = query_spec(name).order
        assert order and all(k.key in query_spec(name).keys for k in order), name
        code = [line for line in load_query(name, "sparql").splitlines() if not line.lstrip().startswith("#")]
        assert not any("ORDER BY" in line.upper() for line in code), name
    assert query_spec("co-attendance").order == (SortKey("events", True), SortKey("person_a"), SortKey("person_b"))
    assert query_spec("who-attended").order == (SortKey("date"), SortKey("event"), SortKey("role"))


def test_sort_rows_missing_first_descending_and_code_points():
    rows = [{"d": "2023-02-01", "n": "王"}, {"d": None, "n": "张"}, {"d": "2023-01-05", "n": "李"},
            {"d": "2023-01-05", "n": "丁"}]
    assert [r["n"] for r in sort_rows(rows, (SortKey("d"), SortKey("n")))] == ["张", "丁", "李", "王"]
    assert [r["n"] for r in sort_rows(rows, (SortKey("d", True), SortKey("n")))] == ["王", "丁", "李", "张"]
    assert sort_rows([], (SortKey("d"),)) == []


def test_loader_errors_and_binding():
    with pytest.raises(KgError, match="unknown query"):
        load_query("no-such-query")
    with pytest.raises(KgError, match="unknown query language"):
        load_query("posts", "gremlin")
    assert bind_params("co-attendance", {}) == {"min": 1}
    assert bind_params("co-attendance", {"min": "3"}) == {"min": 3}
    assert bind_params("holders", {"title": "书记"}) == {"org": None, "title": "书记"}
    with pytest.raises(KgError, match="must be an integer"):
        bind_params("co-attendance", {"min": "many"})
    with pytest.raises(KgError, match="needs --param person"):
        bind_params("posts", {})
    with pytest.raises(KgError, match="no parameter who"):
        bind_params("posts", {"person": "x", "who": "y"})


@pytest.fixture
def loaded(falkor):
    falkor.write(all_data())
    return falkor


@pytest.mark.parametrize(("name", "params", "expected"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_named_cypher_query(loaded, name, params, expected):
    rows = loaded.query(load_query(name, "cypher"), bind_params(name, params))
    assert rows == expected
    assert all(tuple(r) == query_spec(name).keys for r in rows)  # keys in the declared order


def test_organization_participants(falkor):
    falkor.write([org_participant_extraction()])
    rows = falkor.query(load_query("attendees"), bind_params("attendees", {"event": "签约仪式"}))
    assert [(r["person"], r["kind"], r["role"], r["order"]) for r in rows] == [
        ("周明远", "person", "attended", 1), ("云溪集团", "organization", "counterpart", 2)]


# -- both engines ----------------------------------------------------------------------

def _rdf_missing() -> str | None:
    missing = [n for n in NAMES if n not in names("sparql")]
    if missing:
        return f"no SPARQL version yet of: {', '.join(missing)} ({SUFFIX['sparql']})"
    return None


@pytest.fixture
def both(falkor):
    reason = _rdf_missing()
    if reason:
        pytest.skip(reason)
    from kg.stores.base import open_store

    data = all_data() + [org_participant_extraction()]
    falkor.write(data)
    rdf = open_store("oxigraph")  # in memory
    rdf.write(data)
    yield falkor, rdf
    rdf.close()


CROSS = [(n, p) for n, p, _ in CASES] + [("attendees", {"event": "签约仪式"}), ("holders", {}),
                                         ("who-attended", {"person": Person("赵立").id})]


@pytest.mark.parametrize(("name", "params"), CROSS, ids=[f"{c[0]}-{i}" for i, c in enumerate(CROSS)])
def test_same_answers_on_both_engines(both, name, params):
    falkor, rdf = both
    bound = bind_params(name, params)
    cypher_rows = falkor.query(load_query(name, "cypher"), bound)
    sparql_rows = rdf.run_named(name, bound)
    assert sparql_rows == cypher_rows


def test_a_date_without_its_year_on_both_engines(falkor):
    """An undated article with 1月5日: the event is dated XXXX-01-05 in both stores (an
    xsd:gMonthDay in RDF, which the shapes accept) and who-attended returns it alike."""
    from kg.pipeline import process_article
    from kg.stores.rdf.export import to_rdflib, union_ntriples, validate_graph
    from kg.stores.base import open_store

    article = Article(id="undated-1", title="云溪镇召开安全生产推进会",
                      text="1月5日上午，云溪镇召开安全生产工作推进会。镇党委书记何欣主持会议并讲话。")
    record = process_article(article)
    assert [e.date for e in record.events] == ["XXXX-01-05"]
    falkor.write([record])
    rdf = open_store("oxigraph")
    try:
        rdf.write([record])
        bound = bind_params("who-attended", {"person": "何欣"})
        cypher_rows = falkor.query(load_query("who-attended", "cypher"), bound)
        sparql_rows = rdf.run_named("who-attended", bound)
        assert {r["date"] for r in cypher_rows} == {"XXXX-01-05"}
        assert sparql_rows == cypher_rows
        triples = union_ntriples(rdf.store)
        assert b'"--01-05"^^<http://www.w3.org/2001/XMLSchema#gMonthDay>' in triples
        conforms, report, _ = validate_graph(to_rdflib(triples))
        assert conforms, report
    finally:
        rdf.close()
