"""What a question names, or asks about, that no document mentions: "What part did Cafcass play
in the course?", "has the NSPCC done anything on co-production?", "What do the studies say about
social workers' pensions?".

Such a question cannot be answered from the collection, yet its other words ("course",
"co-production", "social workers") match passages well enough to be answered with sentences
that say nothing of what was asked. Two kinds of word are checked:

- **Names**: a word written with its capital letter past the question's first word, or in
  capitals anywhere, that is no common English word: "Ofsted", "Barnardo's", "NSPCC", but not
  "Scotland" or a capitalised "Team". A name is unmentioned when no passage holds it (the
  lexical index's words, any case).
- **Topics**: what a question asks "about" (or "regarding") after a word that asks what is
  said or known ("say about", "anything about", "tell me about", "what about", but not "the
  people interviewed about the course"): the last word of the phrase, before a clause or a
  preposition begins ("social workers' pensions", "burnout in fostering teams", "the
  workforce that change needs"), each of "A and B". A topic is unmentioned when no stored
  word begins as it does (its first letters, all but the last three, at least four), so
  "supervision" is mentioned by "supervisory" and "pay" by "payment". A phrase opening with a
  question word ("about how managers help") is a clause, not a topic, and is not checked, nor is
  "the one", "the other", nor "A and B" when one of them is mentioned.
- **Outcomes**: what a question asks a practice to change ("Does innovation improve school
  attendance?", "Did the training reduce staff sickness absence?"), read as a topic is. Its
  other words ("innovation", "training", "staff") match the passages, so without this check
  the answer is a sentence about training that says nothing of sickness absence.

The question is read with its abbreviations spelt out ("CSC" is "children's social care"), and
without the authors' names it may hold (``named_authors``), which cleaning removes from passages
with the author lines. The caller also counts what a title holds as mentioned.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Protocol

from assistant.terms import content_terms

_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*(?:-[A-Za-z0-9]+)*")
_PART = re.compile(r"[A-Za-z]{3,}")  # "Barnardo's" is looked up as "barnardo", "Covid-19" "covid"
_ABOUT = re.compile(  # "say about", "anything about", "tell me about", "what about"
    r"\b(?:what|how|anything|something|much|more|little|say|says|said|finds?|found|knows?|known|"
    r"written|reports?|reported|evidence|research|literature|information|(?:tells?|told) (?:me|us))"
    r"\s+(?:about|regarding)\s+([^?.!;:,()]+)",
    re.IGNORECASE,
)
_OUTCOME = re.compile(  # "improve school attendance", "led to fewer exclusions"
    r"\b(?:improv(?:e|es|ed|ing)|reduc(?:e|es|ed|ing)|increas(?:e|es|ed|ing)|"
    r"lower(?:s|ed|ing)?|rais(?:e|es|ed|ing)|affect(?:s|ed|ing)?|impact(?:s|ed|ing)? on|"
    r"(?:lead|leads|led|leading) to|caus(?:e|es|ed|ing)|prevent(?:s|ed|ing)?|boost(?:s|ed|ing)?)"
    r"\s+([^?.!;:,()]+)",
    re.IGNORECASE,
)
_NOT_A_TOPIC = content_terms("one ones other others same rest kind sort type lot bit thing things")
_CLAUSE = re.compile(  # where the topic's phrase ends
    r"\s+(?:that|which|who|whom|whose|where|when|in|for|during|among|across|within|between|at|"
    r"from|with|to|by|on|under|after|before|compared|than)\b.*",
    re.IGNORECASE,
)
_CONJUNCTION = re.compile(r"\s+(?:and|or)\s+", re.IGNORECASE)
_QUESTION_WORD = re.compile(r"^(?:how|why|what|whether|when|where|who|which|if)\b", re.IGNORECASE)
_MIN_PREFIX = 4
_ENDING = 3  # letters an ending may change: "supervision", "supervisory"


class StoredWords(Protocol):
    """The collection's words (``index.lexical.LexicalIndex``)."""

    def has_word(self, word: str) -> bool: ...

    def has_word_starting(self, prefix: str) -> bool: ...


def unmentioned(
    question: str, is_common_word: Callable[[str], bool], stored: StoredWords
) -> list[str]:
    """The names, then the topics, of ``question`` that no passage mentions; a topic that is
    part of a name found ("about Barnardo's") is not said twice."""
    names = unmentioned_names(question, is_common_word, stored.has_word)
    named = content_terms(" ".join(names))
    topics = unmentioned_topics(question, stored.has_word_starting)
    return names + [topic for topic in topics if not content_terms(topic) & named]


def unmentioned_names(
    question: str,
    is_common_word: Callable[[str], bool],
    is_collection_word: Callable[[str], bool],
) -> list[str]:
    """The names in ``question`` (as written, in order, once each) that no passage holds."""
    names = [
        word
        for position, word in enumerate(_WORD.findall(question))
        if _written_as_name(word, position)
    ]
    absent = [name for name in names if _unmentioned(name, is_common_word, is_collection_word)]
    return list(dict.fromkeys(absent))


def unmentioned_topics(question: str, has_word_starting: Callable[[str], bool]) -> list[str]:
    """The topics ``question`` asks about when no stored word begins as any of them does."""
    topics: list[str] = []
    for found in [*_ABOUT.finditer(question), *_OUTCOME.finditer(question)]:
        phrase = _CLAUSE.sub("", found.group(1).strip())
        if _QUESTION_WORD.match(phrase):
            continue
        heads = [_head(part) for part in _CONJUNCTION.split(phrase)]
        words = [head for head in heads if head is not None]
        if len(words) == len(heads) and not any(_mentioned(w, has_word_starting) for w in words):
            topics.extend(words)
    return list(dict.fromkeys(topics))


def _head(phrase: str) -> str | None:
    """The phrase's last word, without a possessive; None when it is no content word."""
    words = _WORD.findall(phrase)
    if not words:
        return None
    last = re.sub(r"['’]s?$", "", words[-1])
    return last if content_terms(last) - _NOT_A_TOPIC else None


def _mentioned(word: str, has_word_starting: Callable[[str], bool]) -> bool:
    """Each part of a hyphenated word is stored on its own ("co-production": "production")."""
    parts = [part.lower() for part in _PART.findall(word)]
    return all(has_word_starting(part[: max(_MIN_PREFIX, len(part) - _ENDING)]) for part in parts)


def _written_as_name(word: str, position: int) -> bool:
    letters = word.replace("'", "").replace("’", "").replace("-", "")
    acronym = len(letters) > 1 and letters.isupper()
    return acronym or (position > 0 and word[0].isupper())


def _unmentioned(
    name: str, is_common_word: Callable[[str], bool], is_collection_word: Callable[[str], bool]
) -> bool:
    """Some part of the name is no common word, and none of those parts is in a passage."""
    rare = [part.lower() for part in _PART.findall(name) if not is_common_word(part.lower())]
    return bool(rare) and not any(is_collection_word(part) for part in rare)
