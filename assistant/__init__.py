"""Evidence assistant for children's social care: grounded answers with cited passages.

``from assistant import Assistant`` is the public API; see ``assistant.core``. The names are
loaded on first use, so importing a submodule (``assistant.errors`` from ``ingest``) never pulls
in the whole assistant, and nothing heavy happens at import.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.core import Assistant
    from assistant.models import Answer, Citation, DocumentInfo, IngestReport, Passage
    from assistant.settings import Settings

_HOMES = {
    "Assistant": "assistant.core",
    "Answer": "assistant.models",
    "Citation": "assistant.models",
    "DocumentInfo": "assistant.models",
    "IngestReport": "assistant.models",
    "Passage": "assistant.models",
    "Settings": "assistant.settings",
}
__all__ = [
    "Answer",
    "Assistant",
    "Citation",
    "DocumentInfo",
    "IngestReport",
    "Passage",
    "Settings",
]


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'assistant' has no attribute {name!r}")
    return getattr(importlib.import_module(_HOMES[name]), name)
