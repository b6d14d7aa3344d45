"""Sorting one sentence for the evidence map: its side (enabler or barrier), theme and level.

- **Side**: cue words decide (``[polarity]`` in the taxonomy); an enabler cue shortly after a
  negator ("lack of trust", "no support") counts as a barrier cue. With no cue at all the
  sentence is neither: a sentence that names nothing helping or hindering never enters the map.
  When the cues balance ("barriers and opportunities were highlighted"), the sentence goes to the
  side whose prototype sentences it is closer to, by at least ``polarity_margin``, else neither.
  Either way the sentence must read like its side: its best cosine to that side's prototypes
  must reach ``polarity_similarity`` ("Analysis enabled five clusters to emerge" holds a cue
  word but says nothing about what helps).
- **Theme**: cosine to each theme's description + CUE_WEIGHT per cue word of the theme (at most
  MAX_CUES). The best theme's score is the confidence shown; below ``theme_threshold`` the
  sentence is Unassigned, never forced into the nearest theme.
- **Level**: only the levels whose cue words the sentence holds; none when it names none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

import numpy as np

from assistant.index.embedder import Embedder
from assistant.settings import EvidenceMapSettings
from assistant.workspace.taxonomy import Cues, Taxonomy, fold_hyphens

Side = Literal["enabler", "barrier"]
SIDES: tuple[Side, Side] = ("enabler", "barrier")
CUE_WEIGHT = 0.1
MAX_CUES = 2
NEGATION_WORDS = 3  # a negator this many words before an enabler cue turns it round


@dataclass(frozen=True)
class Sorted:
    """Where one sentence goes; ``theme`` is None for Unassigned. ``cue_at`` is where its
    deciding cue starts (a long sentence is cut around it)."""

    side: Side
    theme: str | None
    confidence: float
    levels: tuple[str, ...]
    cue_at: int


class Classifier:
    """The taxonomy with its cue patterns compiled and its texts embedded once per map."""

    def __init__(
        self, taxonomy: Taxonomy, embedder: Embedder, settings: EvidenceMapSettings
    ) -> None:
        self.taxonomy = taxonomy
        self.settings = settings
        polarity = taxonomy.polarity
        self.side_cues = {
            "enabler": Cues(polarity.enabler.cues),
            "barrier": Cues(polarity.barrier.cues),
        }
        negators = "|".join(_phrase(negator) for negator in polarity.negators) or r"(?!)"
        self.negated = re.compile(
            rf"\b(?:{negators})\s+(?:\S+\s+){{0,{NEGATION_WORDS - 1}}}$", re.IGNORECASE
        )
        self.prototypes = {
            "enabler": embedder.embed_batch(polarity.enabler.prototypes),
            "barrier": embedder.embed_batch(polarity.barrier.prototypes),
        }
        self.theme_vectors = embedder.embed_batch([theme.description for theme in taxonomy.themes])
        self.theme_cues = [Cues(theme.cues) for theme in taxonomy.themes]
        self.level_cues = {level: Cues(cues) for level, cues in taxonomy.levels.items()}

    def sort(self, sentence: str, vector: np.ndarray) -> Sorted | None:
        """Where ``sentence`` goes in the map; None when it is neither enabler nor barrier."""
        decided = self.side(sentence, vector)
        if decided is None:
            return None
        side, cue_at = decided
        theme, confidence = self.theme(sentence, vector)
        return Sorted(side, theme, confidence, self.levels(sentence), cue_at)

    def side(self, sentence: str, vector: np.ndarray) -> tuple[Side, int] | None:
        """The sentence's side and where its first cue for that side starts."""
        found = self.cues(sentence)
        if not found["enabler"] and not found["barrier"]:
            return None
        similarity = {side: float((self.prototypes[side] @ vector).max()) for side in SIDES}
        counts = {side: len(found[side]) for side in SIDES}
        if counts["enabler"] != counts["barrier"]:
            side: Side = max(SIDES, key=lambda s: counts[s])
        elif abs(similarity["enabler"] - similarity["barrier"]) >= self.settings.polarity_margin:
            side = max(SIDES, key=lambda s: similarity[s])
        else:
            return None
        if similarity[side] < self.settings.polarity_similarity:
            return None
        return side, min(found[side] or found["enabler"] + found["barrier"])

    def cues(self, sentence: str) -> dict[Side, list[int]]:
        """Where each side's cues start; a negated enabler cue is a barrier cue."""
        text = fold_hyphens(sentence)
        found: dict[Side, list[int]] = {"enabler": [], "barrier": []}
        for match in self.side_cues["barrier"].find(text):
            found["barrier"].append(match.start())
        for match in self.side_cues["enabler"].find(text):
            negated = self.negated.search(text[: match.start()]) is not None
            found["barrier" if negated else "enabler"].append(match.start())
        return found

    def theme(self, sentence: str, vector: np.ndarray) -> tuple[str | None, float]:
        """The best theme and its score; None when the score is below the threshold."""
        scores = self.theme_vectors @ vector + CUE_WEIGHT * np.array(
            [min(cues.count(sentence), MAX_CUES) for cues in self.theme_cues]
        )
        best = int(np.argmax(scores))
        score = round(float(scores[best]), 2)
        if score < self.settings.theme_threshold:
            return None, score
        return self.taxonomy.themes[best].name, score

    def levels(self, sentence: str) -> tuple[str, ...]:
        return tuple(level for level, cues in self.level_cues.items() if cues.count(sentence))


def _phrase(words: str) -> str:
    return r"\s+".join(re.escape(word) for word in words.split())


def cut_quote(sentence: str, around: int, max_words: int) -> str:
    """At most ``max_words`` words of ``sentence`` around the character ``around``, cut at word
    boundaries and marked with an ellipsis where cut; the words themselves are never changed."""
    words = list(re.finditer(r"\S+", sentence))
    if len(words) <= max_words:
        return sentence
    at = next((i for i, word in enumerate(words) if word.end() > around), 0)
    start = max(0, min(at - max_words // 3, len(words) - max_words))
    end = start + max_words
    text = sentence[words[start].start() : words[end - 1].end()]
    return ("… " if start else "") + text + (" …" if end < len(words) else "")
