"""Records: what an input becomes on its way through the pipeline, and the JSON of
extraction records, the workspace's system of record.

An article goes through ingest as one ``Record``: loaded (its ``article`` and
``input_hash``), extracted (``extraction``), resolved (``extraction`` resolved, ``raw``
the extraction as it was before), written. An input the loaders or the extractor cannot
use is a ``Rejected``: it names its file and line and goes down the pipeline with the
others, which it never stops.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from pydantic import TypeAdapter

from kg.model import Article, Extraction


@dataclass(frozen=True, slots=True)
class Rejected:
    """An input that could not be used (``FILE:LINE: why``); loading goes on with the others."""

    source: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line is not None else self.source
        return f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class Record:
    """One article on its way through ingest, from load to write.

    ``input_hash`` is what the record is made from (``kg.pipeline.input_hash``: an
    unchanged one is not extracted again); ``extraction`` is the article's facts, once
    extracted, resolved once resolved; ``raw`` is the extraction before resolution
    (``dumps_raw``), what resolving again starts from. A record made elsewhere (by hand,
    already resolved) has neither hash nor raw: it stands for itself."""

    article: Article
    extraction: Extraction | None = None
    raw: str | None = None
    input_hash: str | None = None

    @classmethod
    def of(cls, extraction: Extraction) -> Record:
        """The record of an extraction made elsewhere (a test's, a notebook's own)."""
        return cls(extraction.article, extraction)


@lru_cache(maxsize=1)
def _adapter() -> TypeAdapter[Extraction]:
    return TypeAdapter(Extraction)


_NOT_KEPT = {"article": {"year"}}  # a run option, not a fact of the article


def extraction_to_dict(extraction: Extraction) -> dict:
    """The full model of one article as plain JSON-ready data."""
    return _adapter().dump_python(extraction, mode="json", exclude=_NOT_KEPT)


def extraction_from_dict(data: dict) -> Extraction:
    return _adapter().validate_python(data)


def dumps(extraction: Extraction) -> str:
    """One extraction as a single line of UTF-8 JSON (Chinese kept readable)."""
    return json.dumps(extraction_to_dict(extraction), ensure_ascii=False, separators=(",", ":"))


def loads(line: str) -> Extraction:
    return extraction_from_dict(json.loads(line))


def dumps_raw(extraction: Extraction) -> str:
    """An extraction before resolution, without its article (the resolved record, stored
    next to it, has the same one): what resolving again starts from."""
    data = extraction_to_dict(extraction)
    del data["article"]
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def loads_raw(raw: str, record: str) -> Extraction:
    """The extraction ``dumps_raw`` wrote, with the article of its resolved ``record``."""
    data = json.loads(raw)
    data["article"] = json.loads(record)["article"]
    return extraction_from_dict(data)


def dump_many(extractions: Iterable[Extraction]) -> str:
    """A JSON document with every extraction, as ``kg extract --format json`` writes it."""
    return json.dumps(
        {"format": "kg-extraction/1", "articles": [extraction_to_dict(e) for e in extractions]},
        ensure_ascii=False,
        indent=1,
    )
