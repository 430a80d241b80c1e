"""The pipeline on Apache Spark: ``kg spark-extract INPUT OUTPUT`` (or ``spark-submit
kg/spark_job.py INPUT OUTPUT``) for corpora that outgrow one machine.

The same stages as ``kg ingest``, as ``mapPartitions`` over a JSONL corpus:

    lines ─ load (``iter_jsonl``) ───────── clean + extract ─ resolve ─┬─ records/      Parquet
                                                                       ├─ graph.nt/     N-Triples (union graph)
                                                                       ├─ graph.nq/     N-Quads (--nquads)
                                                                       └─ neo4j/        neo4j-admin import CSVs

Resolution (``kg.resolve``) is corpus-level. ``--resolve partition`` (the default)
resolves each partition alone, which scales but names an organization or person
independently per partition; ``--resolve global`` collects the records on the driver
and resolves them together, exactly as ``kg ingest`` does, for corpora whose records fit
in the driver's memory (see docs/scaling.md).

The RDF is written by ``kg.stores.rdf.mapping`` and the CSV by ``kg.bulk`` (the Cypher store's
own mapping), so the files load into Oxigraph (``oxigraph load``), any SPARQL store's
bulk loader, or Neo4j (``neo4j-admin database import``, command in
``neo4j/import.sh``) and answer the named queries like an ingested graph.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

RESOLVE_SCOPES = ("partition", "global")


# --- partition functions (run on the executors) -----------------------------------------


def _articles(rows: Iterable[tuple[str, int]], source: str) -> Iterator[Any]:
    """(line, index) pairs as Articles or Rejected, read by ``kg.loaders``' JSONL reader
    one line at a time (Spark has split the file), numbered as it numbers them."""
    from kg.loaders.jsonl import iter_jsonl

    for line, index in rows:
        yield from iter_jsonl([line], source, first_line=index + 1)


def extract_partition(rows: Iterable[tuple[str, int]], source: str, year: int | None,
                      resolve_here: bool) -> Iterator[tuple[str, str]]:
    """Load, clean, extract (and resolve, per partition) a partition of lines:
    ``("record", JSON record)`` or ``("rejected", message)``."""
    from kg import records as rec
    from kg.records import Rejected
    from kg.loaders import with_year
    from kg.pipeline import extract_all

    extractions = []
    for item in extract_all(with_year(_articles(rows, source), year)):
        if isinstance(item, Rejected):
            yield ("rejected", str(item))
        else:
            extractions.append(item)
    if resolve_here and extractions:
        from kg.resolve import resolve

        extractions = list(resolve(extractions))
    for ex in extractions:
        yield ("record", rec.dumps(ex))


def _records(lines: Iterable[str]) -> list[Any]:
    from kg import records as rec

    return [rec.loads(line) for line in lines]


def parquet_rows(lines: Iterable[str]) -> Iterator[tuple]:
    """One Parquet row per record: a few columns to filter on, and the record itself
    (``kg.records.loads`` reads it back)."""
    for line in lines:
        d = json.loads(line)
        a = d["article"]
        yield (a["id"], a["title"], a.get("date"), a.get("source"), len(d["persons"]), len(d["events"]),
               len(d["participations"]), len(d["holds"]), line)


def nt_partition(lines: Iterable[str], base: str | None) -> Iterator[str]:
    from kg.bulk import ntriples_lines

    return ntriples_lines(_records(lines), base)


def nq_partition(lines: Iterable[str], base: str | None) -> Iterator[str]:
    from kg.bulk import nquads_lines

    return nquads_lines(_records(lines), base)


def graph_partition(lines: Iterable[str]) -> Iterator[tuple[tuple, Any]]:
    from kg.bulk import graph_parts

    return graph_parts(_records(lines))


def _merge(a: Any, b: Any, kind: str) -> Any:
    from kg.bulk import merge_multi, merge_node, merge_single

    return {"N": merge_node, "S": merge_single, "M": merge_multi}[kind](a, b)


def _csv_row(item: tuple[tuple, Any]) -> tuple[str, str]:
    from kg.bulk import part_file, part_line

    key, props = item
    return part_file(key), part_line(key, props).removesuffix("\n")  # saveAsTextFile adds it back


# --- the driver ------------------------------------------------------------------------


def spark_session(master: str = "local[2]", app: str = "kg spark-extract", **conf: str):
    """A SparkSession whose Python workers run this interpreter (so they import ``kg``)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as err:
        from kg.errors import KgError

        raise KgError("kg spark-extract needs the spark extra: pip install 'kg[spark]'") from err
    if master.startswith("local"):  # stay on loopback: nothing to reach beyond this machine
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        conf.setdefault("spark.driver.host", "127.0.0.1")
        conf.setdefault("spark.driver.bindAddress", "127.0.0.1")
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder = (SparkSession.builder.master(master).appName(app)
               .config("spark.ui.enabled", "false")
               .config("spark.ui.showConsoleProgress", "false")
               .config("spark.sql.shuffle.partitions", conf.pop("shuffle_partitions", "8"))
               .config("spark.driver.memory", conf.pop("driver_memory", "2g")))
    for key, value in conf.items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def run(input_path: str, output: str, *, master: str = "local[2]", partitions: int | None = None,
        year: int | None = None, base_iri: str | None = None, resolve: str = "partition", nquads: bool = False,
        overwrite: bool = False, spark: Any = None) -> dict[str, Any]:
    """Run the pipeline on Spark; returns the manifest (also written to OUTPUT/manifest.json)."""
    from kg.errors import KgError

    if resolve not in RESOLVE_SCOPES:
        raise KgError(f"unknown --resolve {resolve!r}; use {' or '.join(RESOLVE_SCOPES)}")
    if "://" not in input_path and not Path(input_path).exists():
        raise KgError(f"no such input: {input_path}")
    out = Path(output)
    if out.exists():
        if not overwrite:
            raise KgError(f"{out} exists (pass --overwrite to replace it)")
        shutil.rmtree(out)
    started = time.perf_counter()
    own = spark is None
    spark = spark or spark_session(master)
    sc = spark.sparkContext
    seconds: dict[str, float] = {}
    try:
        t = time.perf_counter()
        parts = partitions or max(2, sc.defaultParallelism)
        uri = input_path if "://" in input_path else str(Path(input_path).resolve())
        lines = sc.textFile(uri, minPartitions=parts).zipWithIndex()
        source, resolve_here = input_path, resolve == "partition"
        extracted = lines.mapPartitions(lambda rows: extract_partition(rows, source, year, resolve_here))
        extracted.cache()
        rejected = extracted.filter(lambda kv: kv[0] == "rejected").values().collect()
        records = extracted.filter(lambda kv: kv[0] == "record").values()
        if resolve == "global":
            from kg import records as rec
            from kg.resolve import resolve as resolve_all

            resolved = resolve_all(_records(records.collect()))
            records = sc.parallelize([rec.dumps(ex) for ex in resolved], parts)
        records = records.cache()
        count = records.count()
        seconds["extract+resolve"] = time.perf_counter() - t

        t = time.perf_counter()
        from pyspark.sql.types import IntegerType, StringType, StructField, StructType

        schema = StructType([StructField("article_id", StringType(), False), StructField("title", StringType()),
                             StructField("date", StringType()), StructField("source", StringType()),
                             StructField("persons", IntegerType()), StructField("events", IntegerType()),
                             StructField("participations", IntegerType()), StructField("holds", IntegerType()),
                             StructField("record", StringType(), False)])
        spark.createDataFrame(records.mapPartitions(parquet_rows), schema).write.parquet(str(out / "records"))
        seconds["parquet"] = time.perf_counter() - t

        t = time.perf_counter()
        base = base_iri
        triples = records.mapPartitions(lambda ls: nt_partition(ls, base)).distinct()
        triples.saveAsTextFile(str(out / "graph.nt"))
        if nquads:
            records.mapPartitions(lambda ls: nq_partition(ls, base)).distinct().saveAsTextFile(str(out / "graph.nq"))
        seconds["rdf"] = time.perf_counter() - t

        t = time.perf_counter()
        graph = records.mapPartitions(graph_partition)
        merged = graph.map(lambda kv: (kv[0], (kv[0][0], kv[1]))).reduceByKey(
            lambda a, b: (a[0], _merge(a[1], b[1], a[0]))).map(lambda kv: (kv[0], kv[1][1]))
        csv_rows = merged.map(_csv_row)
        csv_dir = out / "neo4j"
        csv_rows.sortBy(lambda fr: fr).map(lambda fr: f"{fr[0]}\t{fr[1]}").saveAsTextFile(str(csv_dir / "_parts"))
        counts = _split_csv(csv_dir)
        seconds["neo4j-csv"] = time.perf_counter() - t
    except Exception as err:
        if type(err).__name__ != "Py4JJavaError":
            raise
        first = str(err.java_exception).splitlines()[0] if getattr(err, "java_exception", None) else str(err)
        raise KgError(f"Spark failed: {first[:500]}") from None
    finally:
        if own:
            spark.stop()
    n_triples = _count_lines(out / "graph.nt")
    from kg.bulk import import_command

    manifest = {
        "input": input_path, "master": master, "partitions": parts, "resolve": resolve, "articles": count,
        "rejected": len(rejected), "triples": n_triples, "quads": _count_lines(out / "graph.nq") if nquads else None,
        "neo4j_csv_rows": counts, "seconds": {k: round(v, 2) for k, v in seconds.items()},
        "total_seconds": round(time.perf_counter() - started, 2),
        "load": {"oxigraph": f"oxigraph load --location DIR --format nt --file {out / 'graph.nt'}/part-*",
                 "neo4j": import_command(str(csv_dir))},
        "rejected_examples": rejected[:20],
    }
    (csv_dir / "import.sh").write_text("#!/bin/sh\n# Import into an empty Neo4j 5 database (stop it first).\n"
                                       "cd \"$(dirname \"$0\")\"\n" + import_command(".") + "\n", encoding="utf-8")
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return manifest


def _split_csv(csv_dir: Path) -> dict[str, int]:
    """Turn the sorted ``FILE<TAB>line`` parts into one CSV per label and type, each
    with its header (every file is written, empty ones with the header alone)."""
    from kg.bulk import headers

    heads = headers()
    files = {name: open(csv_dir / name, "w", encoding="utf-8", newline="") for name in heads}  # noqa: SIM115
    counts = dict.fromkeys(heads, 0)
    try:
        for name, header in heads.items():
            files[name].write(header)
        for part in sorted((csv_dir / "_parts").glob("part-*")):
            with open(part, encoding="utf-8", newline="") as f:
                pending = ""
                for raw in f:
                    # a CSV line may hold quoted newlines: a part line starts with a file name
                    name, sep, rest = raw.partition("\t")
                    if sep and name in files:
                        if pending:
                            _flush(files, counts, pending)
                        pending = raw
                    else:
                        pending += raw
                if pending:
                    _flush(files, counts, pending)
    finally:
        for f in files.values():
            f.close()
    shutil.rmtree(csv_dir / "_parts")
    return counts


def _flush(files: dict, counts: dict[str, int], raw: str) -> None:
    name, _, line = raw.partition("\t")
    files[name].write(line if line.endswith("\n") else line + "\n")
    counts[name] += 1


def _count_lines(directory: Path) -> int:
    if not directory.is_dir():
        return 0
    n = 0
    for part in directory.glob("part-*"):
        with open(part, "rb") as f:
            n += sum(1 for _ in f)
    return n


def main(argv: list[str] | None = None) -> int:
    """``spark-submit kg/spark_job.py INPUT OUTPUT [--partitions N] [--resolve global] [--nquads]``."""
    import argparse

    ap = argparse.ArgumentParser(prog="kg-spark", description="kg's pipeline on Spark")
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--master", default=os.environ.get("SPARK_MASTER", "local[2]"))
    ap.add_argument("--partitions", type=int, default=None)
    ap.add_argument("--year", type=int, default=None)
    ap.add_argument("--base-iri", default=None)
    ap.add_argument("--resolve", choices=RESOLVE_SCOPES, default="partition")
    ap.add_argument("--nquads", action="store_true")
    ap.add_argument("--overwrite", action="store_true")
    a = ap.parse_args(argv)
    manifest = run(a.input, a.output, master=a.master, partitions=a.partitions, year=a.year, base_iri=a.base_iri,
                   resolve=a.resolve, nquads=a.nquads, overwrite=a.overwrite)
    print(json.dumps({k: v for k, v in manifest.items() if k != "rejected_examples"}, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
