"""The citation check a language model's answer passes through, sentence by sentence, as it streams.

For each sentence of the model's text:

1. markers for passages that were not given (``[9]`` when three were) are removed;
2. a sentence left with no marker is an uncited claim, unless it only says the passages don't
   answer; a cited sentence is scored against each passage it cites with
   ``assistant.answer.support.support_scores`` and keeps the markers of the passages that reach
   ``llm.support_threshold``;
3. a sentence no cited passage supports is dropped, or kept with ``UNSUPPORTED_MARK`` when the
   policy is "mark".

Kept markers are renumbered by first use, so the answer's citations run 1..n like the extractive
composer's. Nothing is released until the first supported sentence has arrived: an answer with no
usable sentence is never shown, the caller puts the extractive answer in its place.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.answer.support import (
    BULLET,
    STOP_THEN_MARKERS,
    markers_in,
    strip_markers,
    support_scores,
)
from assistant.index.embedder import Embedder
from assistant.models import CheckCounts, Citation, Passage
from ingest.sentences import split_sentences

UNSUPPORTED_MARK = "(not supported by the cited passages)"

# A label such as "Enablers:", "**Barriers:**" or "### Barriers" at the start of a line.
_LABEL = re.compile(
    r"^\s*(?:#+\s*[^\n]{1,40}$"  # ### Barriers
    r"|(?:\*\*)?[A-Z][\w ,&/-]{0,40}(?:\*\*)?:(?:\*\*)?\s*"  # Enablers: / **Enablers:**
    r"|\*\*[^*\n]{1,40}\*\*\s*$)"  # **Enablers**
)
_LABEL_WORDS = 3
_LETTER = re.compile(r"[^\W\d_]")
_SAYS_NOT_ANSWERED = re.compile(
    r"\b(passages?|documents?|sources?|texts?)\b.{0,40}\b(do not|don't|does not|doesn't|not|no)\b"
    r".{0,40}\b(answer|say|mention|cover|contain|address|discuss|state|information)",
    re.IGNORECASE,
)


class CitationChecker:
    """Feed it the model's text as it streams; it returns the checked text ready to show."""

    def __init__(
        self,
        passages: Sequence[Passage],
        embedder: Embedder,
        *,
        threshold: float,
        policy: str = "drop",
    ) -> None:
        self.passages = list(passages)
        self.embedder = embedder
        self.threshold = threshold
        self.policy = policy
        self.sentences = self.supported = self.dropped = self.cited = 0
        self.removed_markers = self.says_not_answered = 0
        self._numbers: dict[int, Citation] = {}  # passage number in the prompt -> citation
        self._buffer = ""
        self._done_in_line = 0
        self._line_has_output = False
        self._heading = ""
        self._blank_pending = False
        self._out: list[str] = []
        self._released = 0

    # Streaming

    def feed(self, text: str) -> str:
        """Take more model text; return the checked text that is now ready ("" while held back)."""
        self._buffer += text
        while "\n" in self._buffer:
            line, self._buffer = self._buffer.split("\n", 1)
            self._check_line(line, final=True)
        self._check_line(self._buffer, final=False)
        return self._release()

    def finish(self) -> str:
        """The model is done: check what is left and return the last of the text."""
        self._check_line(self._buffer, final=True)
        self._buffer = ""
        return self._release()

    # Results

    @property
    def usable(self) -> bool:
        return self.supported > 0

    @property
    def text(self) -> str:
        """All checked text so far, released or not."""
        return "".join(self._out).strip()

    @property
    def counts(self) -> CheckCounts:
        return CheckCounts(self.sentences, self.supported, self.dropped)

    @property
    def citations(self) -> list[Citation]:
        return sorted(self._numbers.values(), key=lambda citation: citation.n)

    def problem(self) -> str:
        """Why the answer cannot be used, in words that follow the backend's name."""
        if self.sentences == 0 and self.says_not_answered:
            return "found no answer in the passages"
        if self.sentences == 0:
            return "returned an empty answer"
        if self.cited == 0:
            return "cited none of the passages it was given"
        return "wrote nothing the passages it cited support"

    # Lines and sentences

    def _release(self) -> str:
        if not self.usable:
            return ""
        ready = "".join(self._out[self._released :])
        self._released = len(self._out)
        return ready

    def _check_line(self, line: str, *, final: bool) -> None:
        """Check the sentences of ``line`` not checked yet; the whole line when it is final."""
        if not line.strip():
            if final:
                self._blank_pending = bool(self._out)
            return
        bullet, label, body = _parts(line)
        if final and label and not body.strip():  # a heading: it goes before the next kept line
            self._heading = label.strip()
            self._end_line()
            return
        sentences = split_sentences(STOP_THEN_MARKERS.sub(lambda m: m.group(2) + m.group(1), body))
        complete = sentences if final else _complete(sentences)
        for sentence in complete[self._done_in_line :]:
            kept = self._check_sentence(sentence)
            if kept:
                self._emit(bullet + label, kept)
        self._done_in_line = len(complete)
        if final:
            self._end_line()

    def _emit(self, prefix: str, sentence: str) -> None:
        if self._line_has_output:
            self._out.append(" " + sentence)
            return
        separator = ("\n\n" if self._blank_pending else "\n") if self._out else ""
        if self._heading:
            self._out.append(separator + self._heading + "\n")
            separator, self._heading = "", ""
        self._out.append(separator + prefix + sentence)
        self._blank_pending = False
        self._line_has_output = True

    def _end_line(self) -> None:
        self._done_in_line = 0
        self._line_has_output = False

    def _check_sentence(self, sentence: str) -> str | None:
        text = strip_markers(sentence)
        if not any(ch.isalnum() for ch in text):
            return None
        given = range(1, len(self.passages) + 1)
        markers = markers_in(sentence)
        valid = list(dict.fromkeys(n for n in markers if n in given))
        self.removed_markers += sum(n not in given for n in markers)
        if not valid and _SAYS_NOT_ANSWERED.search(text):
            self.says_not_answered += 1
            return text
        self.sentences += 1
        self.cited += bool(valid)
        scores = support_scores(
            [(text, self.passages[n - 1].chunk.text) for n in valid], self.embedder
        )
        backing = [n for n, score in zip(valid, scores) if score >= self.threshold]
        if backing:
            self.supported += 1
            return f"{text} {self._markers(backing, text)}"
        if self.policy == "mark":
            markers_text = self._markers(valid, None)
            return " ".join(part for part in (text, markers_text, UNSUPPORTED_MARK) if part)
        self.dropped += 1
        return None

    def _markers(self, numbers: list[int], supported_text: str | None) -> str:
        """``[n]`` for each passage, numbered by first use; supported sentences are recorded."""
        parts = []
        for number in numbers:
            if number not in self._numbers:
                self._numbers[number] = Citation(len(self._numbers) + 1, self.passages[number - 1])
            citation = self._numbers[number]
            if supported_text is not None:
                citation.sentences.append(supported_text)
            parts.append(f"[{citation.n}]")
        return "".join(parts)


def _parts(line: str) -> tuple[str, str, str]:
    """Bullet sign, short label ("Enablers:", "**Barriers**") and the rest of the line."""
    bullet = BULLET.match(line)
    bullet_text = bullet.group() if bullet else ""
    rest = line[len(bullet_text) :]
    label = _LABEL.match(rest)
    label_text = label.group() if label and len(label.group().split()) <= _LABEL_WORDS else ""
    return bullet_text, label_text, rest[len(label_text) :]


def _complete(sentences: list[str]) -> list[str]:
    """The sentences of an unfinished line that can no longer change: all but the last, and not
    the one before it either while the last could still be its marker ("Trust helps. [1")."""
    count = len(sentences) - 1
    if sentences and not _LETTER.search(sentences[-1]):
        count -= 1
    return sentences[: max(count, 0)]
