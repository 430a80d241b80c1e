"""JSON (de)serialisation of extraction records, the workspace's system of record."""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache

from pydantic import TypeAdapter

from kg.model import Extraction


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
