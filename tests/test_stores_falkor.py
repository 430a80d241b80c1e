"""The FalkorDB store for real: writes, per-article replacement, orphan removal, hostile
values, and the embedded server's life (persistence, reuse, death, restart, orphans)."""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import subprocess
import sys
import time
import warnings

import pytest

from conftest import pid_alive
from kg.errors import StoreError
from kg.places import locate
from kg.stores.base import open_store
from kg.stores.falkor import FalkorStore
from hostile_samples import CYPHER_HOSTILE_TITLE, HOSTILE_NAMES, hostile_names_extraction
from samples import EXPECTED, sample_extractions

DISTRICT_PLACES = {"青山区", "包头市", "内蒙古自治区", "中国"}


def _holds(store) -> dict:
    rows = store.query("MATCH (p:Person)-[h:HOLDS]->(q:Post) RETURN p.name AS p, q.label AS q, "
                       "h.article_ids AS ids, h.first_date AS first, h.last_date AS last")
    return {(r["p"], r["q"]): (r["ids"], r["first"], r["last"]) for r in rows}


def _facts_of(store, article_id: str) -> list:
    return store.query("MATCH (a)-[x]->(b) WHERE x.article_id = $id RETURN a.id AS a, type(x) AS t, b.id AS b, "
                       "x.role AS role, x.sentence AS s ORDER BY a, t, b, role", {"id": article_id})


def test_registered_and_write_counts(falkor):
    assert isinstance(falkor, FalkorStore) and falkor.language == "cypher"
    falkor.write(sample_extractions())
    assert falkor.stats() == EXPECTED
    holds = _holds(falkor)
    assert holds[("周明远", "青山区委书记")] == (["sample-1", "sample-2"], "2021-03-04", "2021-03-09")
    assert holds[("陈雅", "青山区委副书记")] == (["sample-1"], "2021-03-04", "2021-03-04")
    # every relationship carries its evidence
    for r in falkor.query("MATCH ()-[x]->() RETURN type(x) AS t, x.article_id AS a, x.article_ids AS al, "
                          "x.sentence AS s, x.sentences AS sl, x.start AS st, x.starts AS stl"):
        assert (r["a"] and r["s"] and r["st"] is not None) or (r["al"] and r["sl"] and r["stl"]), r


def test_writing_twice_changes_nothing(falkor):
    falkor.write(sample_extractions())
    before, holds = falkor.stats(), _holds(falkor)
    falkor.write(sample_extractions())
    falkor.write(sample_extractions()[1:])
    assert falkor.stats() == before
    assert _holds(falkor) == holds  # no duplicated attestations in the lists


def test_edited_article_replaces_only_its_facts(falkor):
    s1, s2 = sample_extractions()
    falkor.write([s1, s2])
    facts_1 = _facts_of(falkor, "sample-1")
    # sample-2 loses 赵立 (participation and holding) and moves its event
    visit = dataclasses.replace(s2.events[0], location="云溪会展中心")
    edited = locate(dataclasses.replace(
        s2, events=(visit,), holds=s2.holds[:1],
        participations=tuple(p for p in s2.participations if p.participant_name != "赵立")))
    falkor.write([edited])
    assert _facts_of(falkor, "sample-1") == facts_1
    stats = falkor.stats()
    assert stats["nodes"]["Place"] == 5  # 松岭社区 is gone, the forum's place is shared
    assert stats["relationships"]["PARTICIPATED_IN"] == 7
    assert _holds(falkor)[("赵立", "青山区委常委")] == (["sample-1"], "2021-03-04", "2021-03-04")
    falkor.write([s2])  # and back
    assert falkor.stats() == EXPECTED


def test_delete_prunes_lists_and_orphans(falkor):
    falkor.write(sample_extractions())
    falkor.delete_articles(["sample-2"])
    names = {r["n"] for r in falkor.query("MATCH (p:Person) RETURN p.name AS n")}
    assert names == {"周明远", "陈雅", "赵立", "钱锋", "林晓"}  # 李教授 appeared only in sample-2
    assert {r["n"] for r in falkor.query("MATCH (p:Place) RETURN p.name AS n")} == {"云溪会展中心", *DISTRICT_PLACES}
    assert _holds(falkor)[("周明远", "青山区委书记")] == (["sample-1"], "2021-03-04", "2021-03-04")
    falkor.delete_articles(["sample-1", "no-such-article"])
    assert falkor.query("MATCH (n) RETURN count(n) AS n") == [{"n": 0}]


def test_organization_tree_and_participant_organizations(falkor):
    from samples import org_participant_extraction, tree_extractions

    falkor.write(tree_extractions() + [org_participant_extraction()])
    rows = falkor.query("MATCH (a)-[x:SUB_ORGANIZATION_OF]->(b) RETURN a.name AS a, b.name AS b, "
                        "x.article_ids AS ids ORDER BY a, b")
    assert {(r["a"], r["b"]): r["ids"] for r in rows} == {
        ("青山区委办公室", "青山区委"): ["tree-1"], ("青山区委组织部", "青山区委"): ["tree-1"],
        ("青山区委办公室秘书科", "青山区委"): ["tree-2"], ("青山区委办公室秘书科", "青山区委办公室"): ["tree-1"]}
    falkor.delete_articles(["tree-1"])
    assert falkor.query("MATCH (o:Organization) RETURN o.name AS n ORDER BY n") == [
        {"n": "云溪集团"}, {"n": "青山区委"}, {"n": "青山区委办公室秘书科"}]


def test_hostile_values_leave_the_graph_intact(falkor):
    falkor.write(sample_extractions() + [hostile_names_extraction()])
    stats = falkor.stats()
    assert stats["nodes"]["Article"] == 3 and stats["nodes"]["Person"] == 6 + len(HOSTILE_NAMES)
    title = falkor.query("MATCH (a:Article {id: $id}) RETURN a.title AS t", {"id": 'hostile"}) //'})
    assert title == [{"t": CYPHER_HOSTILE_TITLE}]
    names = {r["n"] for r in falkor.query("MATCH (p:Person)-[:PARTICIPATED_IN]->(e:Event {label: $l}) "
                                          "RETURN p.name AS n", {"l": '会议"})'})}
    # NUL cannot travel in FalkorDB's query text: it becomes U+FFFD, everything else is exact
    assert names == {n.replace("\x00", "\ufffd") for n in HOSTILE_NAMES}
    # FalkorDB's index finds no string with edge whitespace: such names are stored exactly
    # but cannot be looked up by equality (a measured limitation, not worked around)
    for name in (n for n in HOSTILE_NAMES if n == n.strip() and "\x00" not in n):
        rows = falkor.query("MATCH (p:Person {name: $n}) RETURN p.name AS n", {"n": name})
        assert rows == [{"n": name}]
    falkor.write([hostile_names_extraction()])
    assert falkor.stats() == stats
    falkor.delete_articles(['hostile"}) //'])
    assert falkor.stats() == EXPECTED


@pytest.mark.parametrize("article_id", [" padded id ", "x" * 5000, "中" * 2000])
def test_ids_the_index_cannot_find_are_replaced(falkor, article_id):
    s1 = sample_extractions()[0]
    art = dataclasses.replace(s1.article, id=article_id)
    forum = dataclasses.replace(s1.events[0], article_id=article_id)
    record = dataclasses.replace(s1, article=art, events=(forum,))
    falkor.write([record])
    stats = falkor.stats()
    falkor.write([record])
    assert falkor.stats() == stats and stats["nodes"]["Article"] == 1
    assert falkor.query("MATCH (a:Article) RETURN a.source_id AS s") == [{"s": article_id}]
    falkor.delete_articles([article_id])
    assert falkor.query("MATCH (n) RETURN count(n) AS n") == [{"n": 0}]


def test_bad_query_is_a_store_error(falkor):
    with pytest.raises(StoreError, match="FalkorDB"):
        falkor.query("MATC (n) RETURN n")
    assert falkor.query("RETURN 1 AS one") == [{"one": 1}]


def test_ad_hoc_results_are_plain_data(falkor):
    falkor.write(sample_extractions()[1:])
    row = falkor.query("MATCH (p:Person {name: '李教授'})-[x]->(e) RETURN p, x, e.label AS l, [1, 2] AS xs, "
                       "{k: 'v'} AS m")[0]
    assert row["p"]["name"] == "李教授" and row["x"]["role"] == "counterpart"
    assert row["xs"] == [1, 2] and row["m"] == {"k": "v"}
    json.dumps(row, ensure_ascii=False)


# -- the embedded server ---------------------------------------------------------------

def test_persists_across_restarts_and_stops_on_close(tmp_path):
    with FalkorStore(tmp_path / "db") as store:
        store.write(sample_extractions())
        pid = store.server.proc.pid
        assert (tmp_path / "db" / "server.json").exists()
        assert oct((tmp_path / "db" / "redis.conf").stat().st_mode & 0o777) == "0o600"
    assert not pid_alive(pid)
    assert not (tmp_path / "db" / "server.json").exists()
    with open_store("falkordb", path=tmp_path / "db") as store:
        assert store.stats() == EXPECTED


def test_dead_server_is_restarted_with_a_warning(tmp_path):
    with FalkorStore(tmp_path / "db") as store:
        store.write(sample_extractions())
        old = store.server.proc.pid
        os.kill(old, signal.SIGKILL)  # what a crashing ad hoc query does
        time.sleep(0.1)
        with pytest.warns(RuntimeWarning, match="died"):
            assert store.stats() == EXPECTED  # acknowledged writes survive (AOF)
        assert store.server.proc.pid != old and pid_alive(store.server.proc.pid)


def test_hung_server_is_killed_and_replaced(tmp_path):
    with FalkorStore(tmp_path / "db", socket_timeout=1) as store:
        store.write(sample_extractions())
        hung = store.server.proc.pid
        os.kill(hung, signal.SIGSTOP)  # answers nothing, like a deadlocked server
        with pytest.warns(RuntimeWarning, match="stopped answering"), pytest.raises(StoreError, match="hung"):
            store.stats()
        assert not pid_alive(hung)
        assert store.stats() == EXPECTED


def test_connection_lost_mid_session_is_detected(tmp_path):
    """A server started by another process dies: the connection error triggers the restart."""
    with FalkorStore(tmp_path / "db") as owner, FalkorStore(tmp_path / "db") as guest:
        assert not guest.server.owned and guest.server.info["pid"] == owner.server.proc.pid
        guest.write(sample_extractions())
        os.kill(owner.server.proc.pid, signal.SIGKILL)
        owner.server.proc.wait()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            assert guest.stats() == EXPECTED
        assert any("died" in str(w.message) for w in caught)
        assert guest.server.owned


def test_reused_server_survives_the_guest_closing(tmp_path):
    owner = FalkorStore(tmp_path / "db")
    guest = FalkorStore(tmp_path / "db")
    guest.close()
    assert pid_alive(owner.server.proc.pid)
    assert owner.query("RETURN 1 AS x") == [{"x": 1}]
    pid = owner.server.proc.pid
    owner.close()
    assert not pid_alive(pid)


def test_stray_server_without_state_file_is_stopped(tmp_path):
    first = FalkorStore(tmp_path / "db")
    first.write(sample_extractions())
    stray = first.server.proc
    first.server.proc = None  # forget it, as a crashed kg would
    (tmp_path / "db" / "server.json").unlink()
    with FalkorStore(tmp_path / "db") as second:
        assert stray.wait(timeout=10) is not None  # stopped (with a save), not orphaned
        assert second.stats() == EXPECTED


def test_server_dies_with_the_process_that_started_it(tmp_path):
    code = (f"from kg.stores.falkor import FalkorStore; s = FalkorStore({str(tmp_path / 'db')!r}); "
            "print(s.server.proc.pid, flush=True); import time; time.sleep(60)")
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    pid = int(child.stdout.readline())
    assert pid_alive(pid)
    child.kill()  # no atexit, no close(): only PR_SET_PDEATHSIG can stop the server
    child.wait()
    for _ in range(200):
        if not pid_alive(pid):
            break
        time.sleep(0.05)
    assert not pid_alive(pid)


def test_tcp_transport_and_external_url(tmp_path):
    with FalkorStore(tmp_path / "db", transport="tcp") as embedded:
        info = embedded.server.info
        assert info["port"] and not info.get("unix_socket")
        embedded.write(sample_extractions())
        url = f"redis://:{info['password']}@127.0.0.1:{info['port']}"
        with FalkorStore(url=url) as external:
            assert external.stats() == EXPECTED
        assert pid_alive(embedded.server.proc.pid)  # closing a url store stops nothing
    with pytest.raises(StoreError, match="cannot reach FalkorDB"):
        FalkorStore(url=f"redis://127.0.0.1:{info['port']}")
    with pytest.raises(StoreError, match="exactly one"):
        FalkorStore()


def test_places_are_one_tree_shared_by_articles(falkor):
    """Place nodes with their level, code and coordinates; PART_OF up to 中国 and IN_PLACE
    attested by every article that uses them; written twice the same; deleting an
    article removes the places only it used."""
    from kg.resolve import resolve
    from places_samples import places_extractions

    data = resolve(places_extractions())
    falkor.write(data)
    stats = falkor.stats()
    falkor.write(data)
    assert falkor.stats() == stats
    tree = {(r["a"], r["b"]): r["ids"] for r in falkor.query(
        "MATCH (a:Place)-[x:PART_OF]->(b:Place) RETURN a.name AS a, b.name AS b, x.article_ids AS ids")}
    assert tree[("人民大会堂北大厅", "人民大会堂")] == ["pl-2"]
    assert sorted(tree[("北京市", "中国")]) == ["pl-2", "pl-3", "pl-4"]
    assert tree[("康定市", "甘孜藏族自治州")] == ["pl-1"] and ("纽约", "美国") in tree
    (kangding,) = falkor.query("MATCH (p:Place {name: '康定市'}) RETURN p.level AS level, p.code AS code, "
                               "p.aliases AS aliases, p.latitude AS lat")
    assert kangding["level"] == "county" and kangding["code"] == "513301" and "康定" in kangding["aliases"]
    assert 29 < kangding["lat"] < 31
    assert falkor.query("MATCH (o:Organization)-[:IN_PLACE]->(p:Place) RETURN o.name AS o, p.name AS p") == [
        {"o": "乡城县委", "p": "乡城县"}]
    located = falkor.query("MATCH (e:Event)-[x:LOCATED_AT]->(p:Place) WHERE e.location = '京' "
                           "RETURN p.name AS p, x.sentence AS s, x.article_id AS a")
    assert located == [{"p": "北京市", "s": "出席推进会", "a": "pl-3"}]
    assert falkor.query("MATCH (e:Event {location: '这里'}) OPTIONAL MATCH (e)-[x:LOCATED_AT]->() "
                        "RETURN count(x) AS n") == [{"n": 0}]
    falkor.delete_articles(["pl-1"])
    names = {r["n"] for r in falkor.query("MATCH (p:Place) RETURN p.name AS n")}
    assert "康定市" not in names and "四川省" not in names and {"北京市", "中国", "人民大会堂"} <= names
    falkor.delete_articles(["pl-2", "pl-3", "pl-4", "pl-5"])
    assert falkor.query("MATCH (n) RETURN count(n) AS n") == [{"n": 0}]
