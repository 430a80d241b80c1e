"""The Neo4j store.

No Neo4j server can be installed on these machines, so:

- a SMOKE TEST drives the official ``neo4j`` driver path (``execute_query``, the shared
  Cypher, delete, stats) against FalkorDB's experimental Bolt port. Measured limits
  respected: tiny messages only (one small article), no dates returned, no explicit
  transactions, and AOF off (a Bolt write with AOF on crashed FalkorDB 4.16.3 on an
  assertion). A wrong Bolt password makes FalkorDB hang instead of refusing, so
  authentication errors are only tested against a real Neo4j.
- the FULL SUITE runs against a real Neo4j 5 when ``NEO4J_URI`` is set (with
  ``NEO4J_USER``/``NEO4J_PASSWORD``); it clears that database.
"""

from __future__ import annotations

import os
import random
import socket
import time

import pytest

from kg.errors import StoreError
from kg.queries import bind_params, load_query
from kg.stores.base import open_store
from kg.stores.falkor import FalkorStore
from kg.stores.neo4j_store import Neo4jStore
from samples import sample_extractions


def _wait_for_port(port: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    pytest.fail(f"FalkorDB's Bolt port {port} never opened")


def _low_free_port() -> int:
    """A free port below 32768: FalkorDB 4.16.3 never opens a BOLT_PORT above that
    (measured; the argument looks like a signed 16-bit number)."""
    for _ in range(200):
        port = random.randint(20000, 32767)
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    pytest.skip("no free port below 32768 for FalkorDB's Bolt listener")


@pytest.fixture
def bolt(tmp_path):
    """FalkorDB with its experimental Bolt listener; the Bolt graph is named "falkordb"."""
    free_port = _low_free_port()
    with FalkorStore(tmp_path / "db", transport="tcp", appendonly=False, bolt_port=free_port,
                     graph="falkordb") as resp:
        _wait_for_port(free_port)
        yield resp, f"bolt://127.0.0.1:{free_port}", resp.server.info["password"]


def test_smoke_driver_path_over_falkordb_bolt(bolt):
    """SMOKE TEST ONLY (FalkorDB Bolt, tiny messages): not a Neo4j compatibility test."""
    resp, uri, password = bolt
    store = open_store("neo4j", uri=uri, user="falkordb", password=password, schema=False)
    try:
        assert isinstance(store, Neo4jStore)
        assert store.query("RETURN 1 AS one, $p AS p", {"p": "周"}) == [{"one": 1, "p": "周"}]
        visit = sample_extractions()[1]  # the smaller article: every batch stays under ~2 KB
        store.write([visit])
        over_bolt = store.stats()
        assert over_bolt == resp.stats()  # what the driver wrote is what FalkorDB holds
        assert over_bolt["nodes"]["Article"] == 1 and over_bolt["relationships"]["PARTICIPATED_IN"] == 3
        rows = store.query(load_query("attendees"), bind_params("attendees", {"event": "走访看望李教授"}))
        assert [(r["person"], r["role"]) for r in rows] == [("周明远", "led"), ("李教授", "counterpart"),
                                                            ("赵立", "accompanied")]
        store.write([visit])
        assert store.stats() == over_bolt
        store.delete_articles([visit.article.id])
        assert resp.query("MATCH (n) RETURN count(n) AS n") == [{"n": 0}]
    finally:
        store.close()


def test_unreachable_neo4j_is_one_clear_line(free_port):
    with pytest.raises(StoreError, match=r"cannot reach Neo4j at bolt://127\.0\.0\.1") as err:
        Neo4jStore(f"bolt://127.0.0.1:{free_port}", "neo4j", "x", connection_timeout=2)
    assert "\n" not in str(err.value)


def test_missing_uri_and_bad_uri(monkeypatch):
    monkeypatch.delenv("NEO4J_URI", raising=False)
    with pytest.raises(StoreError, match="NEO4J_URI"):
        Neo4jStore()
    with pytest.raises(StoreError, match="bad Neo4j URI"):
        Neo4jStore("ftp://nowhere")


# -- the full suite, against a real Neo4j ------------------------------------------------

needs_neo4j = pytest.mark.skipif(
    not os.environ.get("NEO4J_URI"),
    reason="no Neo4j server here (none installable on these machines); set NEO4J_URI, NEO4J_USER, "
           "NEO4J_PASSWORD to run the full suite against a real Neo4j 5 (it clears that database)")


@pytest.fixture
def neo4j_store():
    store = Neo4jStore()
    store.clear()
    yield store
    store.clear()
    store.close()


@needs_neo4j
@pytest.mark.neo4j
def test_neo4j_writes_like_falkordb(neo4j_store, falkor):
    from samples import EXPECTED

    neo4j_store.write(sample_extractions())
    assert neo4j_store.stats() == EXPECTED
    neo4j_store.write(sample_extractions())
    assert neo4j_store.stats() == EXPECTED
    neo4j_store.delete_articles(["sample-2"])
    falkor.write(sample_extractions())
    falkor.delete_articles(["sample-2"])
    assert neo4j_store.stats() == falkor.stats()


@needs_neo4j
@pytest.mark.neo4j
def test_neo4j_named_queries_and_hostile_values(neo4j_store):
    from hostile_samples import hostile_names_extraction
    from samples import CASES, all_data

    neo4j_store.write(all_data() + [hostile_names_extraction()])
    for name, params, expected in CASES:
        if name == "co-attendance":
            continue  # the hostile article adds pairs; checked on FalkorDB without it
        assert neo4j_store.query(load_query(name), bind_params(name, params)) == expected, name


@needs_neo4j
@pytest.mark.neo4j
def test_neo4j_wrong_password():
    with pytest.raises(StoreError, match="wrong user or password"):
        Neo4jStore(password="certainly-not-the-password")
