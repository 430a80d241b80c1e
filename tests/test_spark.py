"""``kg spark-extract`` in Spark's local mode (``local[2]``): the same stages as ``kg
ingest`` over partitions, and output that loads: N-Triples into pyoxigraph, Neo4j
bulk-import CSVs whose relationships only reference ids present in the node files.

Needs the spark extra (pyspark) and Java; one Spark session for the module (~10 s to
start), two runs on a few hundred articles."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

pytest.importorskip("pyspark")
pytestmark = [pytest.mark.spark, pytest.mark.slow]
if shutil.which("java") is None:
    pytest.skip("Spark needs Java", allow_module_level=True)

import pyoxigraph as ox  # noqa: E402

from kg import records as rec  # noqa: E402
from kg.bulk import headers, ntriples_lines, write_neo4j_csv  # noqa: E402
from kg.records import Rejected  # noqa: E402
from kg.loaders import load_inputs  # noqa: E402
from kg.pipeline import extract_all  # noqa: E402
from kg.resolve import resolve  # noqa: E402

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "xwlb" / "xwlb-2022-2025.jsonl"
SMALL = Path(__file__).parent / "data" / "store" / "corpus.jsonl"


@pytest.fixture(scope="module")
def spark():
    from kg.spark_job import spark_session

    session = spark_session("local[2]", shuffle_partitions="4", driver_memory="1g")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    """A few hundred corpus articles (the small fixture corpus when ../shared is absent)."""
    if not CORPUS.exists():
        return SMALL
    path = tmp_path_factory.mktemp("sample") / "sample.jsonl"
    with open(CORPUS, encoding="utf-8") as src, open(path, "w", encoding="utf-8") as dst:
        for i, line in enumerate(src):
            if i >= 240:
                break
            dst.write(line)
    return path


def _local(path: Path):
    """The embedded pipeline on the same input: load, extract, resolve (the whole input)."""
    items = list(extract_all(load_inputs([str(path)])))
    return resolve([x for x in items if not isinstance(x, Rejected)])


def _csv(directory: Path) -> tuple[dict[str, list[str]], dict[str, list[list[str]]]]:
    heads, rows = {}, {}
    for f in sorted(directory.glob("*.csv")):
        with open(f, encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh)
            heads[f.name] = next(reader)
            rows[f.name] = list(reader)
    return heads, rows


def _check_csv(directory: Path, manifest_rows: dict[str, int]) -> dict[str, int]:
    heads, rows = _csv(directory)
    assert set(heads) == set(headers())
    ids: set[str] = set()
    for name, head in heads.items():
        assert len(rows[name]) == manifest_rows[name], name
        if name.startswith("nodes_"):
            assert head[:2] == ["id:ID", ":LABEL"], name
            label = name[len("nodes_"):-len(".csv")]
            assert all(r[1] == label and len(r) == len(head) for r in rows[name])
            ids.update(r[0] for r in rows[name])
        else:
            assert head[:3] == [":START_ID", ":END_ID", ":TYPE"], name
            assert all(len(r) == len(head) for r in rows[name])
    assert len(ids) == sum(len(r) for n, r in rows.items() if n.startswith("nodes_")), "ids are unique"
    for name, rs in rows.items():
        if name.startswith("relationships_"):
            missing = [r[:3] for r in rs if r[0] not in ids or r[1] not in ids]
            assert not missing, f"{name}: relationships to ids not in the node files: {missing[:3]}"
    return {n: len(r) for n, r in rows.items()}


def test_spark_extract_matches_the_embedded_pipeline(spark, sample, tmp_path):
    from kg.spark_job import run

    out = tmp_path / "out"
    manifest = run(str(sample), str(out), resolve="global", partitions=3, spark=spark)
    local = _local(sample)
    assert manifest["articles"] == len(local) > 0
    assert json.loads((out / "manifest.json").read_text())["articles"] == len(local)

    # N-Triples: every part parses, and the union graph is the embedded mapping's
    triples = set()
    for part in sorted((out / "graph.nt").glob("part-*")):
        triples.update(ox.parse(path=str(part), format=ox.RdfFormat.N_TRIPLES))
    assert len(triples) == manifest["triples"]
    store = ox.Store()
    store.bulk_load(path=str(next((out / "graph.nt").glob("part-*"))), format=ox.RdfFormat.N_TRIPLES)
    expected = set(ox.parse("\n".join(ntriples_lines(local)) + "\n", format=ox.RdfFormat.N_TRIPLES))
    assert triples == expected

    # Neo4j CSVs: headers, counts, no dangling ids, and the same rows as one process writes
    counts = _check_csv(out / "neo4j", manifest["neo4j_csv_rows"])
    assert write_neo4j_csv(local, tmp_path / "local-csv") == counts
    assert _csv(out / "neo4j")[1] == _csv(tmp_path / "local-csv")[1]
    assert "neo4j-admin database import full" in (out / "neo4j" / "import.sh").read_text()

    # Parquet: one row per article, the record column is the workspace's record
    df = spark.read.parquet(str(out / "records"))
    assert df.count() == len(local)
    by_id = {x.article.id: x for x in local}
    for row in df.select("article_id", "record").limit(20).collect():
        assert rec.extraction_from_dict(json.loads(row["record"])) == by_id[row["article_id"]]


def test_spark_extract_per_partition_with_nquads(spark, sample, tmp_path):
    from kg.spark_job import run

    out = tmp_path / "out"
    manifest = run(str(sample), str(out), resolve="partition", partitions=2, nquads=True, spark=spark)
    assert manifest["articles"] > 0 and manifest["quads"] >= manifest["triples"] > 0
    _check_csv(out / "neo4j", manifest["neo4j_csv_rows"])
    store = ox.Store()  # the N-Quads load like the embedded store's named graphs
    for part in sorted((out / "graph.nq").glob("part-*")):
        store.bulk_load(path=str(part), format=ox.RdfFormat.N_QUADS)
    assert len(store) == manifest["quads"]
    graphs = {q.graph_name for q in store}
    assert len(graphs) == manifest["articles"] + 1  # one per article, plus the entities graph
    rows = list(store.query("SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a <https://schema.org/NewsArticle> }",
                            use_default_graph_as_union=True))
    assert int(rows[0]["n"].value) == manifest["articles"]
    with pytest.raises(Exception, match="exists"):
        run(str(sample), str(out), spark=spark)


@pytest.mark.parametrize(("name", "rejected"), [("broken-line.jsonl", 1), ("truncated.jsonl", 1),
                                                ("bom-crlf.jsonl", 0), ("cr-only.jsonl", 0), ("whitespace.jsonl", 0)])
def test_partition_lines_load_as_the_loaders_load_the_file(name, rejected):
    """Lines split as Spark's textFile splits them, numbered by zipWithIndex, give the
    articles and rejections (same line numbers, same messages) that kg.loaders gives."""
    import re

    from kg.spark_job import _articles

    path = Path(__file__).parent / "data" / "bad" / name
    text = path.read_bytes().decode("utf-8")
    rows = [(line, i) for i, line in enumerate(re.split(r"\r\n|\r|\n", text.removesuffix("\n")))]
    expected = list(load_inputs([str(path)]))
    assert sum(isinstance(x, Rejected) for x in expected) == rejected
    assert list(_articles(rows, str(path))) == expected
