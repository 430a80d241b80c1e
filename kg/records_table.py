"""The records table of a workspace (``records.sqlite``): every article's extraction
record, as resolved and as extracted, and the flags that say which projections or
resolutions a crash left unfinished. ``kg.workspace.Workspace`` builds on it."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from kg import records as rec
from kg.model import Extraction
from kg.records import Record


@dataclass
class IngestReport:
    """What an ingest changed."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    # stored records (not in this input's new or updated ones) rewritten because
    # resolving them together with the new articles changed their ids or names
    restated: int = 0
    stores: list[str] = field(default_factory=list)
    rebuilt: list[str] = field(default_factory=list)

    @property
    def written(self) -> int:
        return self.added + self.updated


def _hash(line: str) -> str:
    return hashlib.sha256(line.encode("utf-8")).hexdigest()


class RecordsTable:
    """The SQLite side of a workspace: ``articles`` and ``meta`` (see ``kg.workspace``)."""

    db: sqlite3.Connection
    _columns: set[str] | None

    def count(self) -> int:
        """Number of articles in the system of record."""
        return self.db.execute("SELECT count(*) FROM articles").fetchone()[0]

    def article_ids(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT id FROM articles ORDER BY id")]

    def records(self, ids: Iterable[str] | None = None) -> Iterator[Extraction]:
        """Every record (or those of ``ids``), ordered by article id."""
        if ids is None:
            for (line,) in self.db.execute("SELECT record FROM articles ORDER BY id"):
                yield rec.loads(line)
            return
        for article_id in ids:
            row = self.db.execute("SELECT record FROM articles WHERE id = ?", (article_id,)).fetchone()
            if row:
                yield rec.loads(row[0])

    def _has_input_hash(self) -> bool:
        if self._columns is None:
            self._columns = {r[1] for r in self.db.execute("PRAGMA table_info(articles)")}
        return "input_hash" in self._columns

    def _ensure_columns(self) -> None:
        """Add the ``input_hash`` and ``raw`` columns to a workspace made before them."""
        if self._has_input_hash() and "raw" in self._columns:
            return
        for column in ("input_hash", "raw"):
            if column not in self._columns:
                self.db.execute("ALTER TABLE articles ADD COLUMN " + column + " TEXT")  # a fixed name
        self._columns = None

    def raw_records(self, exclude: Iterable[str] = ()) -> Iterator[Record]:
        """Every stored record but ``exclude``, by article id, as it was before resolution:
        its ``extraction`` read from its raw JSON (kept as ``raw``), with its
        ``input_hash``. A record stored without its raw extraction (by
        ``kg.pipeline.write_extractions``, or before raw ones were kept) stands for itself."""
        skip = set(exclude)
        self._ensure_columns()
        for aid, line, raw, given in self.db.execute(
                "SELECT id, record, raw, input_hash FROM articles ORDER BY id"):
            if aid not in skip:
                extraction = rec.loads_raw(raw, line) if raw else rec.loads(line)
                yield Record(extraction.article, extraction, raw, given)

    def resolution_pending(self) -> bool:
        """Did an ingest stop between writing resolved records and rewriting the stored
        ones its resolution changed (or were records removed since)? Then the stored
        records need resolving again, even if no new article comes."""
        return self.db.execute("SELECT 1 FROM meta WHERE key = 'resolve:pending'").fetchone() is not None

    def set_resolution_pending(self, value: bool) -> None:
        if value:
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('resolve:pending', '1')")
        else:
            self.db.execute("DELETE FROM meta WHERE key = 'resolve:pending'")

    def input_hashes(self, ids: Iterable[str]) -> dict[str, str]:
        """``id -> input_hash`` of the stored records among ``ids`` (``kg.pipeline.input_hash``:
        what the record was made from); records without one are left out."""
        if not self._has_input_hash():
            return {}
        ids = list(dict.fromkeys(ids))
        out: dict[str, str] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            marks = ",".join("?" * len(chunk))
            out.update((r[0], r[1]) for r in self.db.execute(
                f"SELECT id, input_hash FROM articles WHERE id IN ({marks}) AND input_hash IS NOT NULL", chunk))
        return out

    def content_hashes(self, ids: Iterable[str]) -> dict[str, str]:
        """``id -> content_hash`` of the stored records among ``ids``."""
        ids = list(dict.fromkeys(ids))
        out: dict[str, str] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            out.update(self.db.execute(
                f"SELECT id, content_hash FROM articles WHERE id IN ({','.join('?' * len(chunk))})", chunk))
        return out

    def changed(self, records: list[Record]) -> list[Record]:
        """Those of ``records`` whose extraction differs from their stored record (or that have none)."""
        stored = self.content_hashes(r.article.id for r in records)
        return [r for r in records if stored.get(r.article.id) != _hash(rec.dumps(r.extraction))]

    def _upsert(self, records: list[Record], report: IngestReport, dirty: Iterable[str] = ()) -> list[Extraction]:
        """Store the new and changed records in one transaction; returns the extractions
        to write. Each record's ``input_hash`` (``kg.pipeline.input_hash``) and ``raw``
        (its extraction before resolution, ``kg.records.dumps_raw``) are kept with it.
        When a record changed, the ``dirty`` stores are marked in that same transaction:
        a kill right after the commit cannot leave a store silently behind."""
        changed: dict[str, Extraction] = {}
        self._ensure_columns()
        stored = self.content_hashes(r.article.id for r in records)
        self.db.execute("BEGIN IMMEDIATE")
        try:
            for record in records:
                ex = record.extraction
                line = rec.dumps(ex)
                digest = _hash(line)
                aid = ex.article.id
                known = stored.get(aid)
                given, raw = record.input_hash, record.raw
                if known == digest:
                    report.unchanged += 1
                    if given:
                        self.db.execute("UPDATE articles SET input_hash = ?, raw = coalesce(?, raw) WHERE id = ?",
                                        (given, raw, aid))
                    continue
                if aid not in changed:
                    report.updated += known is not None
                    report.added += known is None
                changed[aid] = ex
                stored[aid] = digest
                # a record given without its input hash or raw extraction has neither any more
                self.db.execute("INSERT INTO articles (id, record, content_hash, input_hash, raw) "
                                "VALUES (?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET record = excluded.record, "
                                "content_hash = excluded.content_hash, input_hash = excluded.input_hash, "
                                "raw = excluded.raw, updated_at = CURRENT_TIMESTAMP", (aid, line, digest, given, raw))
            if changed:
                for name in dirty:
                    self._dirty(name, True)
            self.db.execute("COMMIT")
        except BaseException:
            # a signal can land right after COMMIT: then there is nothing to roll back,
            # and a failed ROLLBACK must not hide the KeyboardInterrupt
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            raise
        return list(changed.values())

    def _dirty(self, name: str, value: bool) -> None:
        if value:
            self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, '1')", (f"dirty:{name}",))
        else:
            self.db.execute("DELETE FROM meta WHERE key = ?", (f"dirty:{name}",))
