"""Example questions for the empty chat, drawn from what the collection is about.

Themes are the phrases that recur in the documents' text, ranked up when a title or heading
names them, when several documents share them and when they are longer ("social care" over
"care"); names of places and people (never written in lower case) are left out. Each theme goes
into a question of the kind the assistant answers best, and a question is offered only when the
collection answers it, so a first-time user sees questions that fit *their* documents.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from assistant.terms import STOPWORDS

GENERIC = frozenset(
    """paper study studies article findings finding analysis research review author authors
    abstract results result approach approaches use used using also two three four five first
    second new one many well based within across among including level levels area areas way
    ways data number table figure introduction method methods methodology discussion conclusion
    conclusions background references limitations summary implications purpose value design
    originality journal publisher subject doi creative commons cited page pages et al""".split()
)
TEMPLATES = (
    "What helps {theme}?",
    "What gets in the way of {theme}?",
    "What does the research say about {theme}?",
)
TITLE_WEIGHT = 2  # a phrase in a title or heading names what a document is about
MAX_THEME_WORDS = 3
MIN_OCCURRENCES = 2  # a theme recurs
PART_SHARE = 0.5  # a word seen this often inside one longer phrase is part of it
THEMES_TRIED = 8  # bounds the questions asked to find answerable examples
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")
_BREAK = re.compile(r"[.,;:!?()\[\]{}\"“”‘|/\n]+")


@dataclass(frozen=True)
class DocumentText:
    """What the theme finder reads of one document."""

    title: str
    headings: Sequence[str]
    text: str


def example_questions(
    documents: Sequence[DocumentText], answerable: Callable[[str], bool], limit: int = 4
) -> list[str]:
    """Up to ``limit`` questions the collection answers, one per theme, most central first."""
    chosen: list[str] = []
    for index, theme in enumerate(themes(documents, THEMES_TRIED)):
        question = next((q for q in _phrasings(theme, index) if answerable(q)), None)
        if question:
            chosen.append(question)
        if len(chosen) == limit:
            break
    return chosen


def _phrasings(theme: str, index: int) -> Iterator[str]:
    """The templates, starting at a different one per theme so the examples vary."""
    for offset in range(len(TEMPLATES)):
        yield TEMPLATES[(index + offset) % len(TEMPLATES)].format(theme=theme)


def themes(documents: Sequence[DocumentText], limit: int) -> list[str]:
    """The most central recurring phrases, none overlapping one already chosen."""
    named: set[str] = set()
    body: Counter[str] = Counter()
    spread: Counter[str] = Counter()
    lower_case: set[str] = set()
    for document in documents:
        named |= set(phrases(" . ".join([document.title, *document.headings]))[0])
        found, in_lower_case = phrases(document.text)
        body.update(found)
        spread.update(set(found))
        lower_case |= in_lower_case
    parts = _parts_of_longer(body)
    score = {
        phrase: (TITLE_WEIGHT * (phrase in named) + math.log2(1 + count) + (spread[phrase] > 1))
        * (1 + 0.25 * phrase.count(" "))
        for phrase, count in body.items()
        if count >= MIN_OCCURRENCES and phrase in lower_case and phrase not in parts
    }
    chosen: list[str] = []
    for phrase in sorted(score, key=lambda p: (-score[p], p)):
        if not any(phrase in other or other in phrase for other in chosen):
            chosen.append(phrase)
        if len(chosen) == limit:
            break
    return chosen


def _parts_of_longer(counts: Counter[str]) -> set[str]:
    """Phrases mostly seen inside one longer recurring phrase ("social" inside "social care"):
    the whole phrase is offered instead."""
    container: Counter[str] = Counter()
    for phrase, count in counts.items():
        words = phrase.split()
        if count < MIN_OCCURRENCES or len(words) == 1:
            continue
        for size in range(1, len(words)):
            for start in range(len(words) - size + 1):
                part = " ".join(words[start : start + size])
                container[part] = max(container[part], count)
    return {part for part, count in container.items() if count >= PART_SHARE * counts[part]}


def phrases(text: str) -> tuple[Counter[str], set[str]]:
    """Runs of up to MAX_THEME_WORDS content words within a clause, counted; and those seen
    written in lower case at least once (the others are names)."""
    counts: Counter[str] = Counter()
    lower_case: set[str] = set()
    for clause in _BREAK.split(text):
        run: list[str] = []
        for word in [*_WORD.findall(clause), ""]:
            lower = word.lower().replace("’", "'")
            if lower and lower not in STOPWORDS and lower not in GENERIC and len(lower) > 2:
                run.append(word)
                continue
            for size in range(1, MAX_THEME_WORDS + 1):
                for start in range(len(run) - size + 1):
                    words = run[start : start + size]
                    phrase = " ".join(words).lower().replace("’", "'")
                    counts[phrase] += 1
                    if any(w.islower() for w in words):
                        lower_case.add(phrase)
            run = []
    return counts, lower_case
