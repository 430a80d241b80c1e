"""The pipeline: load → segment → clean → extract → resolve → write.

Each stage is a plain typed function from one model to the next, so each can be
tested, timed and swapped alone:

- load + segment: ``kg.loaders.load_inputs`` (paths → ``Article`` | ``Rejected``)
- clean:    ``kg.text.clean`` (``Article`` → ``CleanText``, offsets back to the source)
- extract:  ``kg.extract.extract_article`` (``Article`` + ``CleanText`` → ``Extraction``)
- resolve:  ``kg.resolve.resolve`` (``Extraction``s → ``Extraction``s, corpus-wide ids)
- write:    a ``kg.stores.GraphStore`` (never parses text)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from kg.errors import Rejected
from kg.extract import extract_article
from kg.model import Article, Extraction
from kg.text import clean


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
        except Exception as err:  # noqa: BLE001 - one bad article never loses the others
            yield Rejected(item.source or item.id, f"extraction failed: {type(err).__name__}: {err}", item.source_line)
