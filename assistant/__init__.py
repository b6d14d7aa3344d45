"""Evidence assistant for children's social care: grounded answers with cited passages.

``from assistant import Assistant`` is the public API; see ``assistant.core``.
"""

from assistant.core import Assistant
from assistant.models import Answer, Citation, DocumentInfo, IngestReport, Passage
from assistant.settings import Settings

__all__ = ["Answer", "Assistant", "Citation", "DocumentInfo", "IngestReport", "Passage", "Settings"]
