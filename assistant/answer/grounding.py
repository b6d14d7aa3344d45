"""What every answer starts from, whoever writes it: the retrieved passages and the extractive
answer (or refusal) composed from them.

The extractive answer is always composed, because it is three things at once: the default
answer, the relevance gate a language model never gets past (a refusal stays a refusal), and
the stand-in when a model's answer cannot be used.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from assistant.answer.compose import Composition
from assistant.models import Answer, AnswerDelta, CheckCounts, Citation, Passage


@dataclass
class Grounding:
    question: str
    standalone: str
    passages: list[Passage]
    composition: Composition
    timings: dict[str, float] = field(default_factory=dict)
    started: float = field(default_factory=time.perf_counter)
    ambiguity: str | None = None  # above any answer: the study named fits several documents

    def above(self, text: str) -> str:
        """``text`` under the ambiguity line, if any."""
        return f"{self.ambiguity}\n\n{text}" if self.ambiguity else text

    def answer(
        self,
        text: str,
        *,
        refused: bool = False,
        citations: list[Citation] | None = None,
        related: list[Passage] | None = None,
        backend: str = "extractive",
        checked: CheckCounts | None = None,
        notice: str | None = None,
    ) -> Answer:
        return Answer(
            question=self.question,
            standalone_question=self.standalone if self.standalone != self.question else None,
            text=text,
            refused=refused,
            citations=citations or [],
            related=related or [],
            timings=dict(self.timings),
            backend=backend,
            checked=checked,
            notice=notice,
            ambiguity=self.ambiguity,
        )


def extractive_stream(
    grounding: Grounding, *, notice: str | None = None, checked: CheckCounts | None = None
) -> Iterator[AnswerDelta | Answer]:
    """The extractive answer block by block, then the ``Answer``; the ambiguity and notice
    lines go first."""
    composition = grounding.composition
    text = grounding.above(f"{notice}\n\n{composition.text}" if notice else composition.text)
    for block in text.split("\n"):
        yield AnswerDelta(block + "\n")
    yield grounding.answer(
        text,
        refused=composition.refused,
        citations=composition.citations,
        related=composition.related,
        checked=checked,
        notice=notice,
    )
