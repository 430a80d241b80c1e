"""The workspace: the system of record (every article's extraction record, in SQLite)
and the stores that are projections of it.

Layout of a workspace directory (default ``./kg-data``)::

    records.sqlite   articles(id PRIMARY KEY, record JSON, content_hash, updated_at,
                              input_hash, raw JSON: the extraction before resolution)
                     meta(key PRIMARY KEY, value): dirty:STORE, resolve:pending
    config.json      {"cypher": {"backend": "falkordb"} or {"backend": "neo4j", "uri", "user"},
                      "rdf": {"backend": "oxigraph"} or {"backend": "sparql", "endpoint"},
                      "base_iri": ...}
    falkordb/        the embedded FalkorDB's data, config, log and server.json
    oxigraph/        the embedded Oxigraph (RocksDB)
    .lock            held (flock) by the one process writing the workspace

Records are committed before the stores are written, in the same transaction that marks
the stores dirty; a store stays dirty until its write finished and is rebuilt from the
records if a write did not finish (or if it lost articles), so a crashed store never
loses anything. Each record keeps its extraction before resolution (``raw``), so an
ingest can resolve new articles together with every stored one (``kg.pipeline``).
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import fcntl
import json
import os
import shutil
import sqlite3
import warnings
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from kg import guard, integrity
from kg.errors import KgError, StoreError
from kg.model import Extraction
from kg.records import Record
from kg.records_table import IngestReport, RecordsTable
from kg.stores.base import GraphStore, open_store

DEFAULT = "kg-data"
CHUNK = 2000  # articles per store write
STORES = ("cypher", "rdf")


def _read_only_db(path: Path) -> sqlite3.Connection:
    """The records opened for reading only: next to a running writer as usual (WAL), or,
    where even SQLite's shared-memory file cannot be made (a read-only disk or mount),
    as an immutable file, which nothing else can be writing."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30, isolation_level=None)
    try:
        db.execute("SELECT count(*) FROM meta").fetchone()
        return db
    except sqlite3.OperationalError:
        db.close()
        if os.access(path.parent, os.W_OK):
            raise
    return sqlite3.connect(f"file:{path}?immutable=1", uri=True, isolation_level=None)


class Workspace(RecordsTable):
    """A workspace directory: records, config, stores. Use as a context manager."""

    def __init__(self, path: str | os.PathLike = DEFAULT, *, create: bool = True, read_only: bool = False):
        self.path = Path(path)
        # read-only: for analysis next to a running ingest (Oxigraph's RocksDB admits one
        # writer; a read-only opening sees the store as it was when opened)
        self.read_only = read_only
        if not (self.path / "records.sqlite").exists():
            if not create:
                raise KgError(f"no workspace at {self.path} (run kg ingest first, or pass --workspace)")
            self.path.mkdir(parents=True, exist_ok=True)
        elif not self.path.is_dir():
            raise KgError(f"{self.path} is not a directory")
        try:
            self._db_read_only = read_only and (self.path / "records.sqlite").exists()
            if self._db_read_only:
                self.db = _read_only_db(self.path / "records.sqlite")
            else:
                self.db = sqlite3.connect(self.path / "records.sqlite", timeout=30, isolation_level=None)
            self._init_db()
        except sqlite3.Error as err:  # a full disk (its WAL cannot grow), a damaged or unwritable file
            raise KgError(f"{self.path / 'records.sqlite'}: {err} (is the disk full, or the file damaged?)") from None
        self.config = self._read_config()
        self._stores: dict[str, GraphStore | None] = {}
        self._lock_file = None
        self._columns: set[str] | None = None

    def _init_db(self) -> None:
        if not self.read_only or not self._db_read_only:
            self.db.execute("PRAGMA journal_mode=WAL")  # readers (kg query) never block the writer
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("CREATE TABLE IF NOT EXISTS articles (id TEXT PRIMARY KEY, record TEXT NOT NULL, "
                            "content_hash TEXT NOT NULL, updated_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)")
            self.db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")

    # -- config -------------------------------------------------------------------------
    def _read_config(self) -> dict[str, Any]:
        try:
            data = json.loads((self.path / "config.json").read_text(encoding="utf-8"))
        except FileNotFoundError:
            data = {}
        except ValueError as err:
            raise KgError(f"{self.path / 'config.json'} is not valid JSON: {err}") from None
        data.setdefault("cypher", {"backend": "falkordb"})
        data.setdefault("rdf", {"backend": "oxigraph"})
        data.setdefault("base_iri", None)
        return data

    def configure(self, *, neo4j: str | None = None, neo4j_user: str | None = None,
                  sparql_endpoint: str | None = None, base_iri: str | None = None,
                  cypher_backend: str | None = None) -> None:
        """Change and save the workspace config (``None`` leaves a setting as it is)."""
        cfg = self.config
        if cypher_backend == "falkordb":
            cfg["cypher"] = {"backend": "falkordb"}
        if neo4j:
            cfg["cypher"] = {"backend": "neo4j", "uri": neo4j,
                             **({"user": neo4j_user} if neo4j_user else {})}
        if sparql_endpoint:
            cfg["rdf"] = {"backend": "sparql", "endpoint": sparql_endpoint}
        if base_iri:
            cfg["base_iri"] = base_iri
        for name in ("cypher", "rdf"):  # a changed backend is opened afresh
            store = self._stores.pop(name, None)
            if store is not None:
                store.close()
        tmp = self.path / "config.json.tmp"
        tmp.write_text(json.dumps(cfg, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        os.replace(tmp, self.path / "config.json")

    # -- lock ---------------------------------------------------------------------------
    @contextlib.contextmanager
    def lock(self, what: str = "kg") -> Iterator[None]:
        """Hold the workspace's write lock; a second writer fails at once with a clear message."""
        if self.read_only:
            raise KgError(f"workspace {self.path} is open read-only")
        if self._lock_file is not None:  # re-entrant within one Workspace
            yield
            return
        f = open(self.path / ".lock", "a+")  # noqa: SIM115 - held until the block ends
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            f.seek(0)
            holder = f.read().strip() or "another process"
            f.close()
            raise KgError(f"workspace {self.path} is busy: {holder} is writing to it; "
                          "try again when it has finished") from None
        f.seek(0)
        f.truncate()
        f.write(f"kg process {guard.command_pid()} ({what})")
        f.flush()
        self._lock_file = f
        try:
            yield
        finally:
            self._lock_file = None
            f.truncate(0)
            fcntl.flock(f, fcntl.LOCK_UN)
            f.close()

    # -- stores -------------------------------------------------------------------------
    def store(self, name: str) -> GraphStore:
        """The store projecting ``name`` ("cypher" or "rdf"), opened on first use."""
        if name not in STORES:
            raise KgError(f"unknown store {name!r}; use cypher or rdf")
        if name not in self._stores:
            guard.note(f"the {name} store of {self.path}")  # named if the watchdog must stop us
            self._stores[name] = self._open(name)
        return self._stores[name]

    def _open(self, name: str, path: Path | None = None) -> GraphStore:
        """Open store ``name`` as configured (an embedded one at ``path`` instead of its
        usual directory when given)."""
        cfg = dict(self.config[name])
        backend = cfg.pop("backend")
        if name == "cypher":
            if backend == "falkordb":
                return open_store("falkordb", path=self.path / "falkordb", **cfg)
            if backend == "neo4j":
                return open_store("neo4j", **cfg)
            raise KgError(f"unknown cypher backend {backend!r} in {self.path / 'config.json'}")
        base = {"base_iri": self.config["base_iri"]} if self.config.get("base_iri") else {}
        if backend == "oxigraph":
            if self.read_only:
                if not (self.path / "oxigraph").is_dir():
                    raise KgError(f"workspace {self.path} has no RDF store yet (kg reindex --store rdf builds it)")
                cfg["read_only"] = True
            return open_store("oxigraph", path=path or self.path / "oxigraph", **base, **cfg)
        if backend == "sparql":
            return open_store("sparql", query_endpoint=cfg.pop("endpoint"), **base, **cfg)
        raise KgError(f"unknown rdf backend {backend!r} in {self.path / 'config.json'}")

    def active_stores(self) -> list[str]:
        """The projections this workspace writes: cypher and rdf."""
        return list(STORES)

    def incomplete(self, name: str) -> str | None:
        """Why store ``name`` is marked incomplete (a write or rebuild of it did not
        finish: its answers may be wrong until ``kg reindex``), or None."""
        if self.db.execute("SELECT 1 FROM meta WHERE key = ?", (f"dirty:{name}",)).fetchone():
            return "a write to it did not finish"
        return None

    def changed_by_hand(self, name: str) -> None:
        """Note that store ``name`` was written outside kg's projection (``kg cypher
        --write``): the next ingest rebuilds it. (Through a connection of its own: a
        workspace opened for reading reads its records read-only.)"""
        with contextlib.closing(sqlite3.connect(self.path / "records.sqlite", timeout=30)) as db, db:
            db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (f"fingerprint:{name}", integrity.HAND))

    def drifted(self, name: str) -> str | None:
        """Why store ``name`` no longer is what kg last wrote (its fingerprint changed), or None."""
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (f"fingerprint:{name}",)).fetchone()
        if row is None:
            return None
        if row[0] == integrity.HAND:
            return "it was written by kg cypher --write"
        try:
            if integrity.fingerprint(self, name) != row[0]:
                return "it changed since kg last wrote it (another client, or a damaged file)"
        except (StoreError, OSError, RuntimeError) as err:
            return f"it cannot be read ({err})"
        return None

    def _record_fingerprint(self, name: str) -> None:
        if self.incomplete(name):
            return
        value = integrity.fingerprint(self, name)
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (f"fingerprint:{name}", value))

    def out_of_sync(self, name: str) -> str | None:
        """Why store ``name`` no longer mirrors the records, or None."""
        if self.db.execute("SELECT 1 FROM meta WHERE key = ?", (f"dirty:{name}",)).fetchone():
            return "a write to it did not finish"
        try:
            store = self.store(name)
            if name == "cypher":
                stored = store.query("MATCH (n:Article) RETURN count(n) AS n")[0]["n"]
            else:  # a lost RDF write is caught too (one named graph per article)
                stored = store.query("SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a schema:NewsArticle }")[0]["n"]
        except StoreError as err:
            if self.config[name]["backend"] not in ("oxigraph", "falkordb"):
                raise  # a server of the user's (Neo4j, an endpoint): not ours to rebuild unasked
            return f"it cannot be opened or read ({err})"
        if stored != self.count():
            return f"it holds {stored} articles, the records {self.count()}"
        return None

    # -- operations ---------------------------------------------------------------------
    @contextlib.contextmanager
    def ingesting(self) -> Iterator[IngestReport]:
        """Hold the write lock, rebuild any store found out of sync, and give the report
        that ``write_batch`` fills (``kg.pipeline.ingest_stream`` writes through this)."""
        report = IngestReport(stores=self.active_stores())
        with self.lock("kg ingest"):
            for name in report.stores:
                why = self.out_of_sync(name) or self.drifted(name)
                if why:
                    warnings.warn(f"rebuilding the {name} store from the records: {why}", RuntimeWarning, stacklevel=3)
                    self._rebuild(name)
                    report.rebuilt.append(name)
            yield report
            for name in report.stores:
                self._record_fingerprint(name)

    def write_batch(self, batch: list[Record], report: IngestReport) -> None:
        """Commit a batch of records (marking the stores dirty in the same transaction),
        then write the new and changed ones to every store (inside ``ingesting()``)."""
        if not batch:
            return
        changed = self._upsert(batch, report, report.stores)
        self._write_stores(report.stores, changed)

    def _write_stores(self, names: list[str], extractions: list[Extraction]) -> None:
        """Write to every store; the Cypher store in a thread meanwhile (its client mostly
        waits for the server, which runs on another core), the RDF store here."""
        stores = [(n, self.store(n)) for n in names]
        if not extractions or not stores:
            return
        for name, _ in stores:
            self._dirty(name, True)
        if len(stores) == 1:
            self._write_chunks(stores[0][1], extractions)
        else:
            with concurrent.futures.ThreadPoolExecutor(max_workers=len(stores) - 1) as pool:
                futures = [pool.submit(self._write_chunks, s, extractions) for _, s in stores[:-1]]
                self._write_chunks(stores[-1][1], extractions)
                for f in futures:
                    f.result()
        for name, _ in stores:
            self._dirty(name, False)

    def forget(self, article_ids: list[str], names: list[str]) -> None:
        """Delete these articles' facts from the ``names`` stores, whose records are about
        to be rewritten: an entity (an organization, its parent and aliases) stated by
        all of them is then dropped whole and stated afresh, not kept with its old
        description next to the new one. Until they are written again the store holds
        fewer articles than the records, which ``out_of_sync`` catches after a crash."""
        for name in names:
            store = self.store(name)
            if store is not None and article_ids:
                self._dirty(name, True)
                store.delete_articles(article_ids)

    @staticmethod
    def _write_chunks(store: GraphStore, extractions: list[Extraction]) -> None:
        for i in range(0, len(extractions), CHUNK):
            store.write(extractions[i:i + CHUNK])

    def remove(self, article_ids: Iterable[str]) -> int:
        """Delete these articles' records and their facts in every store."""
        ids = list(article_ids)
        with self.lock("kg remove"):
            for name in self.active_stores():
                store = self.store(name)
                self._dirty(name, True)
                store.delete_articles(ids)
                self._dirty(name, False)
                self._record_fingerprint(name)
            before = self.count()
            with self.db:  # one transaction
                self.db.execute("BEGIN IMMEDIATE")
                self.db.executemany("DELETE FROM articles WHERE id = ?", [(i,) for i in ids])
                # the others were resolved with these: the next ingest resolves them again
                self.set_resolution_pending(True)
            return before - self.count()

    def reindex(self, store: str | None = None, *, progress: Callable[[int], None] | None = None) -> list[str]:
        """Clear and rebuild ``store`` ("cypher", "rdf", or every store) from the records."""
        names = self.active_stores() if store is None else [store]
        for name in names:
            if name not in STORES:
                raise KgError(f"unknown store {name!r}; use cypher or rdf")
        with self.lock("kg reindex"):
            for name in names:
                self._rebuild(name, progress)
                self._record_fingerprint(name)
        return names

    def _rebuild(self, name: str, progress: Callable[[int], None] | None = None) -> None:
        """Rebuild store ``name`` from the records, even when it cannot be opened: the
        store stays marked incomplete (``dirty:NAME``) until the rebuild is done."""
        self._dirty(name, True)
        backend = self.config[name]["backend"]
        if backend == "oxigraph":
            self._rebuild_aside(name, progress)
        else:
            try:
                store = self.store(name)
            except StoreError:
                if backend != "falkordb":
                    raise  # a server of the user's: nothing of ours to move aside
                self._rebuild_aside(name, progress)
            else:
                store.clear()
                self._write_all(store, progress)
        self._dirty(name, False)

    def _rebuild_aside(self, name: str, progress: Callable[[int], None] | None) -> None:
        """An embedded store built new next to the old one, then swapped in: the old
        one is never read (it may be damaged: RocksDB ``Corruption``, a FalkorDB that
        will not load its data) and stays whole until the new one is complete."""
        directory = self.path / ("oxigraph" if name == "rdf" else "falkordb")
        fresh, old = directory.with_name(directory.name + ".new"), directory.with_name(directory.name + ".old")
        store = self._stores.pop(name, None)
        if store is not None:
            store.close()
        shutil.rmtree(fresh, ignore_errors=True)
        if name == "rdf":
            store = self._open(name, path=fresh)
            try:
                self._write_all(store, progress)
            finally:
                store.close()
            shutil.rmtree(old, ignore_errors=True)
            if directory.exists():
                os.rename(directory, old)
            os.rename(fresh, directory)
        else:  # a FalkorDB server runs in its directory: move the old one aside first
            shutil.rmtree(old, ignore_errors=True)
            if directory.exists():
                os.rename(directory, old)
            self._write_all(self.store(name), progress)
        shutil.rmtree(old, ignore_errors=True)

    def _write_all(self, store: GraphStore, progress: Callable[[int], None] | None) -> None:
        batch: list[Extraction] = []
        for ex in self.records():
            batch.append(ex)
            if len(batch) >= CHUNK:
                store.write(batch)
                if progress:
                    progress(len(batch))
                batch = []
        if batch:
            store.write(batch)
            if progress:
                progress(len(batch))

    def stats(self) -> dict[str, Any]:
        """Article count and every store's counts (or why a store is unavailable)."""
        out: dict[str, Any] = {"workspace": str(self.path), "articles": self.count()}
        for name in STORES:
            backend = self.config[name]["backend"]
            try:
                store = self.store(name)
            except KgError as err:  # unreachable server, no store yet: report, go on
                out[name] = {"backend": backend, "error": str(err)}
                continue
            out[name] = {"backend": backend, **store.stats()}
            why = self.incomplete(name)
            if why:
                out[name]["incomplete"] = why
        return out

    def close(self) -> None:
        """Close every store (stopping an embedded server) and the records database."""
        for store in self._stores.values():
            if store is not None:
                with contextlib.suppress(Exception):
                    store.close()
        self._stores.clear()
        with contextlib.suppress(Exception):
            self.db.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
