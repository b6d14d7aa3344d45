"""Answers built by hand for unit tests of what the app shows (no model, no store)."""

from __future__ import annotations

from assistant.models import Answer, Chunk, Citation, Passage

PAYLOAD = '<script>alert(1)</script> <img src=x onerror="alert(2)"> [x](javascript:alert(3))'


def passage(text: str, *, title: str = "A study", source: str = "study.pdf", page: int | None = 3,
            score: float = 0.61, chunk_id: str = "c1") -> Passage:  # fmt: skip
    chunk = Chunk(chunk_id, "d1", source, title, page, 0, len(text), None, text)
    return Passage(chunk, score)


def answer(text: str, citations: list[Citation], **fields: object) -> Answer:
    return Answer(question=str(fields.pop("question", "What helps?")), text=text, refused=False,
                  citations=citations, **fields)  # type: ignore[arg-type]  # fmt: skip
