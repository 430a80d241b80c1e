"""The pipeline: load → segment → clean → extract → resolve → write.

Each stage is a plain typed function from one model to the next, so each can be
tested, timed and swapped alone:

- load + segment: ``kg.loaders.load_inputs`` (paths → ``Article`` | ``Rejected``; a run
  option such as ``--year`` travels on each ``Article``)
- clean:    ``kg.text.clean`` (``Article`` → ``CleanText``, offsets back to the source)
- extract:  ``kg.extract.extract_article`` (``Article`` + ``CleanText`` → ``Extraction``)
- resolve:  ``kg.resolve.resolve`` (``Extraction``s → ``Extraction``s, corpus-wide ids and
            the places of events and organizations, ``kg.places``)
- write:    a ``kg.stores.GraphStore`` (never parses text)

``ingest_stream`` runs them over a corpus into a workspace, each article carried from
load to write as one ``kg.records.Record``.
"""

from __future__ import annotations

import collections
import contextlib
import dataclasses
import functools
import hashlib
import json
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.extract import extract_article
from kg.lexicon import LexiconError, lexicon_files
from kg.model import Article, Extraction
from kg.records import Record, Rejected, dumps_raw
from kg.records_table import IngestReport
from kg.resolve import resolve
from kg.text import clean

if TYPE_CHECKING:
    from kg.workspace import Workspace

Progress = Callable[[int], None]


def process_article(article: Article) -> Extraction:
    """Clean and extract one article (``article.year`` dates what states no year)."""
    return extract_article(article, clean(article), year=article.year)


def extract_all(items: Iterable[Article | Rejected]) -> Iterator[Extraction | Rejected]:
    """Extract every article, passing rejected inputs through; one article that breaks
    the extractor is reported as rejected and never stops the others."""
    for item in items:
        if isinstance(item, Rejected):
            yield item
            continue
        try:
            yield process_article(item)
        except LexiconError:
            raise  # a broken word list breaks every article: one message, not one per article
        except Exception as err:  # noqa: BLE001 - one bad article never loses the others
            yield Rejected(item.source or item.id, f"extraction failed: {type(err).__name__}: {err}", item.source_line)


# --- corpus-scale ingest: parallel extraction, streaming windows, resumable --------------

WINDOW = 20_000  # articles resolved together, stored ones included (the memory bound; docs/scaling.md)
CHUNK = 2_000  # articles per records transaction and store write
BATCH = 64  # articles per task sent to a worker process


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of everything that decides an article's record: the extractor, clean and
    resolve stages, the model and the lexicons. A stored record whose input and
    fingerprint are unchanged is not extracted again (``kg ingest`` resumes)."""
    import kg

    root = Path(kg.__file__).parent
    files = sorted(
        [*root.joinpath("extract").glob("*.py"), root / "text.py", root / "resolve.py", root / "resolve_posts.py",
         root / "model.py", root / "records.py", root / "lexicon.py", root / "gazetteer.py", root / "places.py"]
    )
    digest = hashlib.sha256()
    for f in files:
        with contextlib.suppress(OSError):
            digest.update(f.name.encode() + b"\0" + f.read_bytes())
    for name, path in lexicon_files().items():
        digest.update(name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


# Where an article was read, not what it says: left out of its identity (issue 17), so
# the same articles from a renamed, reordered or repeated file change nothing.
_LOCATION = frozenset({"source", "source_line", "source_offset"})


def input_hash(article: Article) -> str:
    """What an article's record is made from: every field of the article as loaded but
    where it was read (file, line, offset), its ``--year`` included, and the code fingerprint."""
    content = [getattr(article, f.name) for f in dataclasses.fields(article) if f.name not in _LOCATION]
    key = json.dumps([code_fingerprint(), content], ensure_ascii=False)
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def _extract_batch(articles: list[Article]) -> list[Extraction | Rejected]:
    """Worker side: extract a batch. The article is left out of the answer when the
    record holds it unchanged (the parent still has it), which halves what is pickled."""
    out: list[Extraction | Rejected] = []
    for article, item in zip(articles, extract_all(articles), strict=True):
        if isinstance(item, Extraction) and item.article is article:
            item = dataclasses.replace(item, article=None)  # type: ignore[arg-type]
        out.append(item)
    return out


def _warm_up() -> None:
    """Worker initializer: load the lexicons once, before the first batch."""
    with contextlib.suppress(Exception):
        process_article(Article(id="warm-up", title="", text="区委书记王明出席会议。"))


@dataclasses.dataclass
class IngestStats:
    """What a streaming ingest saw, besides the workspace's report."""

    articles: int = 0  # articles read (not rejected)
    skipped: int = 0  # unchanged since the last ingest: not extracted again
    extracted: int = 0
    chars: int = 0  # characters extracted (title + text)
    rejected: list[Rejected] = dataclasses.field(default_factory=list)
    seconds: dict[str, float] = dataclasses.field(default_factory=dict)

    def add_time(self, stage: str, seconds: float) -> None:
        self.seconds[stage] = self.seconds.get(stage, 0.0) + seconds


class _Extractor:
    """The extract stage: records extracted in this process (``jobs == 1``) or in a pool
    of spawned processes, keeping at most ``ahead`` batches in flight so memory stays
    bounded while the workers run ahead of the writer."""

    def __init__(self, jobs: int, ahead: int):
        self.jobs, self.ahead = jobs, max(2, ahead)
        self.pool = None
        if jobs > 1:
            import multiprocessing

            self.pool = multiprocessing.get_context("spawn").Pool(jobs, initializer=_warm_up)

    def run(self, batches: Iterable[list[Record]]) -> Iterator[Record | Rejected]:
        """Each record with its extraction, in order; an article the extractor broke on
        as its ``Rejected``."""
        for batch, results in self._results(batches):
            for record, item in zip(batch, results, strict=True):
                if isinstance(item, Rejected):
                    yield item
                    continue
                if item.article is None:  # left out by the worker: the record has it
                    item = dataclasses.replace(item, article=record.article)
                yield Record(record.article, item, input_hash=record.input_hash)

    def _results(self, batches: Iterable[list[Record]]) -> Iterator[tuple[list[Record], list[Extraction | Rejected]]]:
        if self.pool is None:
            for batch in batches:
                yield batch, list(extract_all([r.article for r in batch]))
            return
        pending: collections.deque = collections.deque()
        it = iter(batches)
        exhausted = False
        while True:
            while not exhausted and len(pending) < self.ahead:
                batch = next(it, None)
                if batch is None:
                    exhausted = True
                    break
                pending.append((batch, self.pool.apply_async(_extract_batch, ([r.article for r in batch],))))
            if not pending:
                return
            batch, result = pending.popleft()
            yield batch, result.get()

    def close(self) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()
            self.pool = None


def _batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class _Ingest:
    """The load, resolve and write stages of one ``ingest_stream`` run, and what they
    share: the workspace, its report, the run's stats, and the input hashes of the
    articles on their way in (loaded, not yet written)."""

    def __init__(self, workspace: Workspace, report: IngestReport, stats: IngestStats, *, window: int, chunk: int,
                 progress: Progress | None):
        self.workspace, self.report, self.stats = workspace, report, stats
        self.window, self.chunk, self.progress = window, chunk, progress
        self.in_flight: dict[str, str] = {}

    def load(self, items: Iterable[Article | Rejected]) -> Iterator[Record]:
        """A record, with its input hash, for each article to extract. Rejected inputs,
        and articles stored from the same input by the same code or already on their way
        in this run (a repeat), are counted here and go no further."""
        stats, report = self.stats, self.report
        for batch in _batched(items, 512):
            articles = []
            for item in batch:
                if isinstance(item, Rejected):
                    stats.rejected.append(item)
                else:
                    articles.append(item)
            stats.articles += len(articles)
            stored = self.workspace.input_hashes([a.id for a in articles])
            for a in articles:
                h = input_hash(a)
                if stored.get(a.id) == h and a.id not in self.in_flight or self.in_flight.get(a.id) == h:
                    stats.skipped += 1
                    report.unchanged += 1
                    if self.progress:
                        self.progress(1)
                    continue
                self.in_flight[a.id] = h
                yield Record(a, input_hash=h)

    def extracted(self, window: list[Record | Rejected]) -> list[Record]:
        """The records of a window of the extract stage; its rejected articles are counted."""
        records = []
        for item in window:
            if isinstance(item, Rejected):
                self.stats.rejected.append(item)
                continue
            records.append(item)
            self.stats.chars += len(item.article.title) + len(item.article.text)
        self.stats.extracted += len(window)
        return records

    def resolve(self, records: list[Record]) -> tuple[list[Record], list[Record]]:
        """Resolve ``records`` together with every stored record (as extracted, before its
        own resolution) that they do not replace, so the outcome is that of one clean run
        over all of them, whatever ingests ran before or were interrupted. Returns the
        records resolved (each keeping its extraction before resolution as ``raw``) and
        the stored ones whose resolution changed. When the stored records and ``records``
        are more than one window (the memory bound), ``records`` are resolved on their
        own and nothing stored is rewritten.

        Marks the resolution pending (cleared by the caller once everything is written:
        a run stopped in between resolves again next time) and, when stored records
        changed, deletes their facts from the stores before anything is written
        (``Workspace.forget``)."""
        workspace = self.workspace
        workspace.set_resolution_pending(True)
        new = [Record(r.article, r.extraction, dumps_raw(r.extraction), r.input_hash) for r in records]
        if workspace.count() + len(new) > self.window:
            return _resolved(new), []
        stored = list(workspace.raw_records(exclude={r.article.id for r in new}))
        resolved = _resolved([*new, *stored])
        new, restated = resolved[:len(new)], workspace.changed(resolved[len(new):])
        if restated:  # with the stored articles that new versions replace
            replaced = workspace.content_hashes(r.article.id for r in new)
            workspace.forget([*(r.article.id for r in restated), *replaced], self.report.stores)
        return new, restated

    def write(self, new: list[Record], restated: list[Record]) -> None:
        """Write the new records, then the stored ones whose resolution changed."""
        _write(self.workspace, self.report, new, self.chunk, self.progress)
        _restate(self.workspace, self.report, restated, self.chunk)
        for r in new:
            self.in_flight.pop(r.article.id, None)


def _resolved(records: list[Record]) -> list[Record]:
    """The records with their extractions resolved together (``kg.resolve``, which keeps
    the order it is given)."""
    resolved = resolve([r.extraction for r in records])
    return [Record(r.article, x, r.raw, r.input_hash) for r, x in zip(records, resolved, strict=True)]


def _write(workspace: Workspace, report: IngestReport, records: Iterable[Record], chunk: int,
           progress: Progress | None = None) -> None:
    """The write stage: keep the records (their input hash and raw extraction with them)
    and write the new and changed ones to every store, ``chunk`` at a time (one records
    transaction and one store write each)."""
    for part in _batched(records, chunk):
        workspace.write_batch(part, report)
        if progress:
            progress(len(part))


def _restate(workspace: Workspace, report: IngestReport, restated: list[Record], chunk: int) -> None:
    """Rewrite the stored records whose resolution changed; counted in
    ``report.restated``, not as this input's new, updated or unchanged articles."""
    scratch = IngestReport(stores=report.stores)
    _write(workspace, scratch, restated, chunk)
    report.restated += scratch.updated


def ingest_stream(
    items: Iterable[Article | Rejected],
    workspace: Workspace,
    *,
    jobs: int = 1,
    window: int = WINDOW,
    chunk: int = CHUNK,
    progress: Progress | None = None,
) -> tuple[IngestReport, IngestStats]:
    """load → extract (``jobs`` processes) → resolve (per window) → write (per chunk).

    The input is read as a stream: at most about two windows of new articles are in
    flight (the one being resolved and written, and the one the workers extract
    meanwhile). Articles already stored from the same input by the same code
    (``input_hash``) are skipped without being extracted, so an interrupted ingest run
    again continues where it stopped, and an identical re-run changes nothing.

    Each window of new articles is resolved together with every stored record (kept as
    extracted, before resolution) while all of them fit in one ``window``, and stored
    records whose resolution changed are rewritten (``report.restated``): whatever the
    history of ingests and interruptions, the workspace ends as one clean ingest of all
    its articles would leave it. A larger workspace resolves each window on its own
    (docs/scaling.md).
    """
    if jobs < 1:
        raise ValueError("jobs must be at least 1")
    stats = IngestStats()
    with workspace.ingesting() as report:
        run = _Ingest(workspace, report, stats, window=window, chunk=chunk, progress=progress)
        # an earlier ingest stopped before rewriting what its resolution changed
        pending = workspace.resolution_pending()
        extractor = _Extractor(jobs, ahead=max(4 * jobs, window // BATCH))
        started = time.perf_counter()

        def lap(stage: str) -> None:
            nonlocal started
            now = time.perf_counter()
            stats.add_time(stage, now - started)
            started = now

        try:
            for win in _batched(extractor.run(_batched(run.load(items), BATCH)), window):  # load, extract
                records = run.extracted(win)
                lap("read+extract (wait)")
                new, restated = run.resolve(records) if records else ([], [])
                lap("resolve")
                run.write(new, restated)
                if records:  # everything the resolution changed is written
                    workspace.set_resolution_pending(False)
                    pending = False
                del win, records, new, restated  # before the next window comes in
                lap("write")
            if pending:  # nothing new came, but the stored records still need resolving
                run.write(*run.resolve([]))
                workspace.set_resolution_pending(False)
                lap("resolve+write (stored)")
        finally:
            extractor.close()
    return report, stats


def write_extractions(workspace: Workspace, extractions: Iterable[Extraction], *,
                      progress: Progress | None = None) -> IngestReport:
    """The write stage alone, for extractions made elsewhere and already resolved (a
    test's fictional records): kept as records and written to every store by the same
    ``_write`` as ``ingest_stream``, skipping unchanged ones (same content hash), after
    rebuilding any store found out of sync. They keep no input hash or raw extraction:
    a later ingest resolves each as it stands."""
    with workspace.ingesting() as report:
        _write(workspace, report, map(Record.of, extractions), CHUNK, progress)
    return report
