"""Follow-up questions made standalone for retrieval, without a language model.

"How many of them were interviewed?" means nothing to a retriever on its own. A question leans
on the conversation, and is searched with the latest earlier question that stood on its own
appended as context, when it

- refers back: a pronoun or demonstrative standing for something said before ("they", "it",
  "those", "there", "such", "the same", "the other", "the latter", "the second", "else");
  the "there" of "is there" or "there are" points at nothing and does not count;
- continues: it opens with "and" or "also", or asks "what about" or "how about";
- is an ellipsis: it has no content word of its own once its question phrase (the question word
  and the word it governs: "how many", "which one", "what helps") is set aside, as in "How
  many?" or "Why?".

Any other question names its own subject and stands alone, however short: "What is the capital
of France?" is searched, and refused, just as when it is asked first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import takewhile

from assistant.terms import content_terms

_REFERS_BACK = re.compile(
    r"\b(they|them|their|theirs|it|its|he|him|his|she|her|hers|this|that|these|those|there"
    r"|such|else|the (same|other|former|latter|second|third))\b",
    re.IGNORECASE,
)
_EXISTENTIAL_THERE = re.compile(
    r"\b((is|are|was|were|be|been) there|there(\s+(is|are|was|were|be|been)|['’]s))\b",
    re.IGNORECASE,
)
CONTEXT_LABEL = "(context: "  # before the earlier question a follow-up leans on
_CONTINUES = re.compile(r"^\W*(and|also)\b|\b(what|how) about\b", re.IGNORECASE)
_QUESTION_PHRASE = re.compile(
    r"\b(what|which|who|whom|whose|when|where|why|how)\b(\W+\w+)?", re.IGNORECASE
)


_ANOTHER_DOCUMENT = re.compile(
    r"\b(the|that) other (one|study|paper|document|report|article|review|research|programme|"
    r"project|evaluation)\b",
    re.IGNORECASE,
)


# "tell me more", "anything else?", "go on", "can you expand on that?": the whole question asks
# for more of the answer before it
_MORE = re.compile(
    r"^\W*(?:(?:ok(?:ay)?|and|so|please)\W+)*(?:(?:can|could|would) you\W+)?"
    r"(?:(?:tell|show|give) (?:me|us)(?: a (?:bit|little))? more|(?:say|read) more|more|"
    r"(?:is there )?anything else|what else|go on|continue|keep going|"
    r"(?:expand|elaborate|say more)(?: on (?:that|this|it))?)"
    r"(?:\W+(?:please|about (?:that|this|it)|on (?:that|this|it)|detail|details|"
    r"of (?:that|this|it)|than that))*\W*$",
    re.IGNORECASE,
)


def asks_for_more(question: str) -> bool:
    """"Tell me more", "Anything else?": the earlier question again, for what its answer has not
    said yet."""
    return bool(_MORE.match(question))


def more_asked_of(question: str, history: Sequence[str]) -> tuple[str, str, int] | None:
    """For "tell me more": the earlier question it asks more of, as asked and made standalone,
    and how many answers to it were given before (the first, and one for each "more" since);
    None for any other question, or when no earlier question is there to continue."""
    if not asks_for_more(question):
        return None
    asked_more = len(list(takewhile(asks_for_more, reversed(history))))
    start = len(history) - 1 - asked_more
    if start < 0:
        return None
    earlier = history[start]
    return earlier, standalone_question(earlier, history[:start]), asked_more + 1


def asks_about_another_document(question: str) -> bool:
    """"And the other study?": the answer must come from a document the last one did not."""
    return bool(_ANOTHER_DOCUMENT.search(question))


def continues(question: str) -> bool:
    """"And for innovation?", "what about barriers?": it goes on from the question before."""
    return bool(_CONTINUES.search(question))


def refers_back(question: str) -> bool:
    return bool(_REFERS_BACK.search(_EXISTENTIAL_THERE.sub(" ", question)))


def own_terms(question: str) -> set[str]:
    """The content terms of ``question`` outside its question phrase: what it asks about."""
    return content_terms(_QUESTION_PHRASE.sub(" ", question, count=1))


def needs_context(question: str) -> bool:
    """Whether ``question`` leans on earlier turns: it refers back, continues or is elliptical."""
    return (
        refers_back(question)
        or continues(question)
        or not own_terms(question)
        or asks_for_more(question)
    )


def standalone_question(question: str, previous_questions: Sequence[str]) -> str:
    """The question itself, or the question with the conversation's topic as its context: the
    latest earlier question that stood on its own, so a chain of follow-ups keeps its topic."""
    if not previous_questions or not needs_context(question):
        return question
    context = next(
        (earlier for earlier in reversed(previous_questions) if not needs_context(earlier)),
        previous_questions[-1],
    )
    return f"{question} {CONTEXT_LABEL}{context})"


def without_context(question: str) -> str:
    """What a follow-up asks itself: ``question`` without the context ``standalone_question``
    appended ("How many of them were interviewed? (context: Tell me about the course)" does
    not ask about the course)."""
    return question.split(f" {CONTEXT_LABEL}")[0]


def without_context_label(text: str) -> str:
    """``text`` without the label ``standalone_question`` adds: "context" is no word the user
    asked about, and as the rarest word of a search it would choose the passages."""
    return text.replace(CONTEXT_LABEL, "(")
