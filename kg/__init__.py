"""kg: a knowledge graph of officials, organizations and events from Chinese government news.

``kg.open(workspace)`` opens a workspace for analysis (see ``kg.api``).
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["KnowledgeGraph", "open"]


def __getattr__(name: str) -> Any:
    # lazy, so that ``import kg`` stays cheap for the CLI and the extractor
    if name in ("open", "KnowledgeGraph"):
        from kg import api

        return getattr(api, name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
