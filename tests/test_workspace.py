"""The workspace: records as the system of record, stores as projections, the lock."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import time
import warnings

import pytest

from kg import records
from kg.errors import KgError
from kg.workspace import Workspace
from kg.pipeline import write_extractions
from kg.records import Record
from samples import EXPECTED, sample_extractions


def _edited_visit():
    s2 = sample_extractions()[1]
    return dataclasses.replace(s2, participations=s2.participations[:2], holds=s2.holds[:1])


def test_ingest_keeps_records_and_writes_stores(workspace_dir):
    with Workspace(workspace_dir) as ws:
        report = write_extractions(ws, sample_extractions())
        assert (report.added, report.updated, report.unchanged) == (2, 0, 0)
        assert report.stores == ["cypher", "rdf"]
        assert ws.count() == 2 and ws.article_ids() == ["sample-1", "sample-2"]
        assert [records.dumps(x) for x in ws.records()] == [records.dumps(x) for x in sample_extractions()]
        stats = ws.stats()
        assert stats["articles"] == 2
        assert {k: stats["cypher"][k] for k in ("nodes", "relationships")} == EXPECTED
        assert stats["cypher"]["backend"] == "falkordb"
        assert stats["rdf"]["triples"] > 0  # its counts are the RDF store's business (tests/test_stores_rdf.py)
    assert (workspace_dir / "records.sqlite").exists() and (workspace_dir / "falkordb").is_dir()


def test_identical_reingest_changes_nothing(workspace_dir):
    with Workspace(workspace_dir) as ws:
        write_extractions(ws, sample_extractions())
        before = ws.stats()
        report = write_extractions(ws, sample_extractions())
        assert (report.added, report.updated, report.unchanged) == (0, 0, 2)
        assert ws.stats() == before
    with Workspace(workspace_dir) as ws:  # and across processes' restarts of the server
        assert ws.stats() == before


def test_edited_article_is_replaced(workspace_dir):
    with Workspace(workspace_dir) as ws:
        write_extractions(ws, sample_extractions())
        report = write_extractions(ws, [_edited_visit()])
        assert (report.added, report.updated) == (0, 1)
        stats = ws.stats()["cypher"]
        assert stats["relationships"]["PARTICIPATED_IN"] == 7 and stats["nodes"]["Person"] == 6
        assert list(ws.records(["sample-2"]))[0] == _edited_visit()
        write_extractions(ws, sample_extractions())
        assert {k: ws.stats()["cypher"][k] for k in ("nodes", "relationships")} == EXPECTED


def test_reindex_rebuilds_from_records(workspace_dir):
    with Workspace(workspace_dir) as ws:
        write_extractions(ws, sample_extractions())
        before = ws.stats()
        ws.store("cypher").clear()
        assert ws.out_of_sync("cypher") == "it holds 0 articles, the records 2"
        assert ws.reindex("cypher") == ["cypher"]
        assert ws.stats() == before
        assert ws.reindex() == ws.active_stores()
        assert ws.stats() == before
        with pytest.raises(KgError, match="unknown store"):
            ws.reindex("gremlin")


def test_a_store_that_lost_data_or_a_write_is_rebuilt_on_ingest(workspace_dir):
    with Workspace(workspace_dir) as ws:
        write_extractions(ws, sample_extractions())
        before = ws.stats()
        ws.store("cypher").clear()  # e.g. someone deleted kg-data/falkordb
        with pytest.warns(RuntimeWarning, match="rebuilding the cypher store"):
            report = write_extractions(ws, sample_extractions())
        assert report.rebuilt == ["cypher"] and ws.stats() == before
        ws._dirty("cypher", True)  # a write that never finished (a crash mid-ingest)
        with pytest.warns(RuntimeWarning, match="did not finish"):
            assert write_extractions(ws, []).rebuilt == ["cypher"]
        assert ws.out_of_sync("cypher") is None


def test_an_rdf_store_that_lost_articles_is_rebuilt_on_ingest(workspace_dir):
    with Workspace(workspace_dir) as ws:
        write_extractions(ws, sample_extractions())
        before = ws.stats()
        ws.store("rdf").delete_articles(["sample-2"])  # a write lost with nothing marking it
        assert ws.out_of_sync("rdf") == "it holds 1 articles, the records 2"
        with pytest.warns(RuntimeWarning, match="rebuilding the rdf store"):
            assert write_extractions(ws, []).rebuilt == ["rdf"]
        assert ws.stats() == before and ws.out_of_sync("rdf") is None


def test_stores_are_marked_dirty_in_the_records_transaction(workspace_dir):
    """A kill right after the records' COMMIT finds the stores already marked."""
    with Workspace(workspace_dir) as ws:
        report = write_extractions(ws, [])
        ws._upsert([Record.of(x) for x in sample_extractions()], report, dirty=report.stores)  # committed, stores not written
    with Workspace(workspace_dir) as ws:
        assert all(ws.out_of_sync(n) == "a write to it did not finish" for n in ws.active_stores())
        with pytest.warns(RuntimeWarning, match="did not finish"):
            assert write_extractions(ws, sample_extractions()).rebuilt == ws.active_stores()
        assert ws.stats()["cypher"]["nodes"]["Article"] == 2


def test_remove_articles(workspace_dir):
    with Workspace(workspace_dir) as ws:
        write_extractions(ws, sample_extractions())
        assert ws.remove(["sample-2"]) == 1
        assert ws.count() == 1
        assert ws.stats()["cypher"]["nodes"]["Event"] == 1


def test_lock_refuses_a_second_writer(workspace_dir):
    with Workspace(workspace_dir) as first, Workspace(workspace_dir) as second:
        with first.lock("kg ingest"):
            with pytest.raises(KgError, match=r"is busy: kg process \d+ \(kg ingest\)"):
                write_extractions(second, sample_extractions())
        write_extractions(second, sample_extractions())  # free again
        assert second.count() == 2


def test_lock_across_processes(workspace_dir):
    Workspace(workspace_dir).close()
    code = ("import sys, time; from kg.workspace import Workspace; ws = Workspace(sys.argv[1]); "
            "cm = ws.lock('kg ingest'); cm.__enter__(); print('locked', flush=True); time.sleep(30)")
    child = subprocess.Popen([sys.executable, "-c", code, str(workspace_dir)], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "locked"
        with Workspace(workspace_dir) as ws, pytest.raises(KgError, match=f"kg process {child.pid}"):
            ws.reindex()
    finally:
        child.kill()
        child.wait()
    with Workspace(workspace_dir) as ws:  # the lock dies with its process
        ws.reindex()


def test_config_is_saved_and_validated(workspace_dir):
    with Workspace(workspace_dir) as ws:
        ws.configure(sparql_endpoint="http://127.0.0.1:9/query", base_iri="https://example.org/kg/",
                     neo4j="bolt://127.0.0.1:9", neo4j_user="reader")
    saved = json.loads((workspace_dir / "config.json").read_text())
    assert saved["cypher"] == {"backend": "neo4j", "uri": "bolt://127.0.0.1:9", "user": "reader"}
    assert saved["rdf"] == {"backend": "sparql", "endpoint": "http://127.0.0.1:9/query"}
    assert saved["base_iri"] == "https://example.org/kg/"
    assert "password" not in json.dumps(saved)
    with Workspace(workspace_dir) as ws:
        assert ws.config == saved
        ws.configure(cypher_backend="falkordb")
        assert ws.config["cypher"] == {"backend": "falkordb"}
    (workspace_dir / "config.json").write_text("{not json")
    with pytest.raises(KgError, match="not valid JSON"):
        Workspace(workspace_dir)


def test_missing_workspace_is_a_clear_error(tmp_path):
    with pytest.raises(KgError, match="no workspace at"):
        Workspace(tmp_path / "nowhere", create=False)
    assert not (tmp_path / "nowhere").exists()


def test_unreachable_neo4j_backend_is_reported_in_stats(workspace_dir, free_port):
    with Workspace(workspace_dir) as ws:
        ws.configure(neo4j=f"bolt://127.0.0.1:{free_port}")
        started = time.monotonic()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            stats = ws.stats()
        assert "cannot reach Neo4j" in stats["cypher"]["error"] and time.monotonic() - started < 60
