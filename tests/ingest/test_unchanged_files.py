"""Re-ingesting unchanged files costs a hash: they are neither parsed nor embedded again."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant import Assistant
from ingest.loaders import LOADERS
from tests.pdfs import write_pdf

pytestmark = pytest.mark.slow

PAGES = [
    ["Peer mentoring enabled care leavers to shape the service.", "It ran for 12 weeks."],
    ["Staff turnover was the main barrier to sustaining the programme."],
]


def test_unchanged_pdf_is_not_parsed_again_but_a_changed_one_is(
    assistant: Assistant, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed: list[str] = []
    load_pdf = LOADERS[".pdf"]

    def counting_loader(name: str, data: bytes):  # the loader seam: one function per type
        parsed.append(name)
        return load_pdf(name, data)

    monkeypatch.setitem(LOADERS, ".pdf", counting_loader)
    path = write_pdf(tmp_path / "mentoring.pdf", PAGES, title="Peer mentoring")
    first = assistant.ingest([path])
    assert first.ingested == ["mentoring.pdf"] and parsed == ["mentoring.pdf"]

    again = assistant.ingest([path])
    assert again.unchanged == ["mentoring.pdf"] and again.chunks_added == 0
    assert parsed == ["mentoring.pdf"]

    write_pdf(path, [*PAGES, ["Senior sponsorship helped the teams keep going."]])
    changed = assistant.ingest([path])
    assert changed.ingested == ["mentoring.pdf"] and changed.chunks_removed > 0
    assert parsed == ["mentoring.pdf", "mentoring.pdf"]
    assert [info.pages for info in assistant.documents()] == [3]
