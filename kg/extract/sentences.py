"""Sentence and clause boundaries in clean text (spans, never copies)."""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"[。！？!?\n]+[”’」]?")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences of ``text``: split after 。！？ and line ends, keeping a
    closing quote with its sentence; blank spans are skipped."""
    spans = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        end = m.end()
        if text[start:end].strip():
            spans.append((start, end))
        start = end
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans
