"""Records: what an input becomes on its way through the pipeline, and the JSON of
extraction records, the workspace's system of record.

An input the loaders or the extractor cannot use is a ``Rejected``: it names its file
and line and goes down the pipeline with the others, which it never stops.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from pydantic import TypeAdapter

from kg.model import Extraction


@dataclass(frozen=True, slots=True)
class Rejected:
    """An input that could not be used (``FILE:LINE: why``); loading goes on with the others."""

    source: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line is not None else self.source
        return f"{where}: {self.message}"


@lru_cache(maxsize=1)
def _adapter() -> TypeAdapter[Extraction]:
    return TypeAdapter(Extraction)


def extraction_to_dict(extraction: Extraction) -> dict:
    """The full model of one article as plain JSON-ready data."""
    return _adapter().dump_python(extraction, mode="json")


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
