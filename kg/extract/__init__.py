"""The extract stage: rules and lexicons (data under ``kg.schema``) over clean text."""

from __future__ import annotations

from kg.model import Article, Extraction
from kg.text import CleanText


def extract_article(article: Article, text: CleanText, *, year: int | None = None) -> Extraction:
    """Extract persons, posts, events and participations from one article."""
    return Extraction(article=article)
