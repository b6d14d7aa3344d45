"""Follow-up questions made standalone for retrieval, without a language model.

"How many of them were interviewed?" means nothing to a retriever on its own. When a question
leans on the conversation (a pronoun standing for something said before, or too few content
words to search with), the latest earlier question that stood on its own is appended as context.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.answer.terms import content_terms

_ANAPHORA = re.compile(
    r"\b(they|them|their|theirs|it|its|this|that|these|those|he|she|his|her|there|such|the same)\b",
    re.IGNORECASE,
)
MIN_STANDALONE_TERMS = 3


def needs_context(question: str) -> bool:
    return bool(_ANAPHORA.search(question)) or len(content_terms(question)) < MIN_STANDALONE_TERMS


def standalone_question(question: str, previous_questions: Sequence[str]) -> str:
    """The question itself, or the question with the conversation's topic as its context: the
    latest earlier question that stood on its own, so a chain of follow-ups keeps its topic."""
    if not previous_questions or not needs_context(question):
        return question
    context = next(
        (earlier for earlier in reversed(previous_questions) if not needs_context(earlier)),
        previous_questions[-1],
    )
    return f"{question} (context: {context})"
