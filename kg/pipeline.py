"""The pipeline: load → segment → clean → extract → resolve → write.

Each stage is a plain typed function from one model to the next, so each can be
tested, timed and swapped alone:

- load + segment: ``kg.loaders.load_inputs`` (paths → ``Article`` | ``Rejected``)
- clean:    ``kg.text.clean`` (``Article`` → ``CleanText``, offsets back to the source)
- extract:  ``kg.extract.extract_article`` (``Article`` + ``CleanText`` → ``Extraction``)
- resolve:  ``kg.resolve.resolve`` (``Extraction``s → ``Extraction``s, corpus-wide ids and
            the places of events and organizations, ``kg.places``)
- write:    a ``kg.stores.GraphStore`` (never parses text)
"""

from __future__ import annotations

import collections
import contextlib
import dataclasses
import functools
import hashlib
import json
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg import records
from kg.records import Rejected
from kg.extract import extract_article
from kg.lexicon import LexiconError, lexicon_files
from kg.model import Article, Extraction
from kg.text import clean

if TYPE_CHECKING:
    from kg.workspace import IngestReport, Workspace


def process_article(article: Article, *, year: int | None = None) -> Extraction:
    """Clean and extract one article."""
    return extract_article(article, clean(article), year=year)


def extract_all(
    items: Iterable[Article | Rejected], *, year: int | None = None
) -> Iterator[Extraction | Rejected]:
    """Extract every article, passing rejected inputs through; one article that breaks
    the extractor is reported as rejected and never stops the others."""
    for item in items:
        if isinstance(item, Rejected):
            yield item
            continue
        try:
            yield process_article(item, year=year)
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
        [*root.joinpath("extract").glob("*.py"), root / "text.py", root / "resolve.py", root / "model.py",
         root / "records.py", root / "lexicon.py", root / "gazetteer.py", root / "places.py"]
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


def input_hash(article: Article, year: int | None = None) -> str:
    """What an article's record is made from: every field of the article as loaded but
    where it was read (file, line, offset), the ``--year`` option and the code fingerprint."""
    content = [getattr(article, f.name) for f in dataclasses.fields(article) if f.name not in _LOCATION]
    key = json.dumps([code_fingerprint(), year, content], ensure_ascii=False)
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def _extract_batch(articles: list[Article], year: int | None) -> list[Extraction | Rejected]:
    """Worker side: extract a batch. The article is left out of the answer when the
    record holds it unchanged (the parent still has it), which halves what is pickled."""
    out: list[Extraction | Rejected] = []
    for article, item in zip(articles, extract_all(articles, year=year), strict=True):
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
    """Extraction in this process (``jobs == 1``) or in a pool of spawned processes,
    keeping at most ``ahead`` batches in flight so memory stays bounded while the
    workers run ahead of the writer."""

    def __init__(self, jobs: int, year: int | None, ahead: int):
        self.jobs, self.year, self.ahead = jobs, year, max(2, ahead)
        self.pool = None
        if jobs > 1:
            import multiprocessing

            self.pool = multiprocessing.get_context("spawn").Pool(jobs, initializer=_warm_up)

    def run(self, batches: Iterable[list[Article]]) -> Iterator[tuple[Article, Extraction | Rejected]]:
        if self.pool is None:
            for batch in batches:
                yield from zip(batch, _extract_batch(batch, self.year), strict=True)
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
                pending.append((batch, self.pool.apply_async(_extract_batch, (batch, self.year))))
            if not pending:
                return
            batch, result = pending.popleft()
            yield from zip(batch, result.get(), strict=True)

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


def _resolve_with_stored(
    workspace: Workspace, report: IngestReport, new: list[Extraction],
    resolve: Callable[[Sequence[Extraction]], Sequence[Extraction]], window: int,
) -> tuple[list[Extraction], list[Extraction], dict[str, tuple[str | None, str | None]]]:
    """Resolve ``new`` together with every stored record (as extracted, before its own
    resolution) that it does not replace, so the outcome is that of one clean run over
    all of them, whatever ingests ran before or were interrupted. Returns the resolved
    new records, the stored ones whose resolution changed, and each stored one's
    (input_hash, raw). When the records and ``new`` are more than one ``window`` (the
    memory bound), ``new`` is resolved on its own and nothing stored is rewritten.

    Marks the resolution pending (cleared by the caller once everything is written: a
    run stopped in between resolves again next time) and, when stored records changed,
    deletes their facts from the stores before anything is written (``Workspace.forget``)."""
    workspace.set_resolution_pending(True)
    if workspace.count() + len(new) > window:
        return list(resolve(new)), [], {}
    ids = {x.article.id for x in new}
    stored: list[Extraction] = []
    kept: dict[str, tuple[str | None, str | None]] = {}
    for extraction, given, raw in workspace.raw_records(exclude=ids):
        stored.append(extraction)
        kept[extraction.article.id] = (given, raw)
    resolved = list(resolve([*new, *stored]))  # resolve keeps the order it is given
    new, restated = resolved[:len(new)], workspace.changed(resolved[len(new):])
    kept = {x.article.id: kept[x.article.id] for x in restated}  # what is rewritten keeps them
    if restated:  # with the stored articles that new versions replace
        replaced = workspace.content_hashes(x.article.id for x in new)
        workspace.forget([*(x.article.id for x in restated), *replaced], report.stores)
    return new, restated, kept


def _restate(workspace: Workspace, report: IngestReport, restated: list[Extraction],
             kept: dict[str, tuple[str | None, str | None]], chunk: int) -> None:
    """Rewrite the stored records whose resolution changed; counted in
    ``report.restated``, not as this input's new, updated or unchanged articles."""
    from kg.workspace import IngestReport

    scratch = IngestReport(stores=report.stores)
    for part in _batched(restated, chunk):
        workspace.write_batch(part, scratch, input_hashes={x.article.id: kept[x.article.id][0] for x in part},
                              raws={x.article.id: kept[x.article.id][1] for x in part})
    report.restated += scratch.updated


def ingest_stream(
    items: Iterable[Article | Rejected],
    workspace: Workspace,
    *,
    year: int | None = None,
    jobs: int = 1,
    window: int = WINDOW,
    chunk: int = CHUNK,
    resolve: Callable[[Sequence[Extraction]], Sequence[Extraction]] | None = None,
    progress: Callable[[int], None] | None = None,
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
    hashes: dict[str, str] = {}

    def todo() -> Iterator[Article]:
        """The articles to extract; rejected and unchanged ones are counted here."""
        for batch in _batched(items, 512):
            articles = []
            for item in batch:
                if isinstance(item, Rejected):
                    stats.rejected.append(item)
                else:
                    articles.append(item)
            stats.articles += len(articles)
            stored = workspace.input_hashes([a.id for a in articles])
            for a in articles:
                h = input_hash(a, year)
                # stored from the same content, or already on its way in this run (a repeat)
                if stored.get(a.id) == h and a.id not in hashes or hashes.get(a.id) == h:
                    stats.skipped += 1
                    report.unchanged += 1
                    if progress:
                        progress(1)
                    continue
                hashes[a.id] = h
                yield a

    with workspace.ingesting() as report:
        # an earlier ingest stopped before rewriting what its resolution changed
        pending = resolve is not None and workspace.resolution_pending()
        extractor = _Extractor(jobs, year, ahead=max(4 * jobs, window // BATCH))
        try:
            started = time.perf_counter()
            stream = extractor.run(_batched(todo(), BATCH))
            for win in _batched(stream, window):
                extractions: list[Extraction] = []
                for article, item in win:
                    if isinstance(item, Rejected):
                        stats.rejected.append(item)
                        continue
                    if item.article is None:
                        item = dataclasses.replace(item, article=article)
                    extractions.append(item)
                    stats.chars += len(article.title) + len(article.text)
                stats.extracted += len(win)
                stats.add_time("read+extract (wait)", time.perf_counter() - started)
                started = time.perf_counter()
                raws: dict[str, str | None] = {}
                restated: list[Extraction] = []
                kept: dict[str, tuple[str | None, str | None]] = {}
                if resolve is not None and extractions:
                    raws = {x.article.id: records.dumps_raw(x) for x in extractions}
                    extractions, restated, kept = _resolve_with_stored(workspace, report, extractions, resolve,
                                                                       window)
                stats.add_time("resolve", time.perf_counter() - started)
                started = time.perf_counter()
                for part in _batched(extractions, chunk):
                    ids = [x.article.id for x in part]
                    workspace.write_batch(part, report, input_hashes={i: hashes.get(i) for i in ids},
                                          raws={i: raws.get(i) for i in ids})
                    if progress:
                        progress(len(part))
                _restate(workspace, report, restated, kept, chunk)
                if resolve is not None and extractions:
                    workspace.set_resolution_pending(False)
                    pending = False
                for x in extractions:
                    hashes.pop(x.article.id, None)
                del extractions, win, restated, kept, raws
                stats.add_time("write", time.perf_counter() - started)
                started = time.perf_counter()
            if pending:  # nothing new came, but the stored records still need resolving
                _, restated, kept = _resolve_with_stored(workspace, report, [], resolve, window)  # type: ignore[arg-type]
                _restate(workspace, report, restated, kept, chunk)
                workspace.set_resolution_pending(False)
                stats.add_time("resolve+write (stored)", time.perf_counter() - started)
        finally:
            extractor.close()
    return report, stats
