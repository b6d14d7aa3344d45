"""Questions that name a study by what it is about: "the co-production study", "the Northern
Ireland study", "the Involving People course", "the study on innovation in children's social
care".

In a collection of many documents, many mention co-production; the study a user calls "the
co-production study" is the one whose title says so, and "the Involving People course" the one
whose passages hold that name. A document is named by a mention when it holds every content term
of the mention: in its title, or in its passages as part of two or more of the mention's words in
a row ("involving people"; one word alone in a passage names nothing, since every document on
the topic has it). Of those, the ones whose titles hold the most of its terms are named: where
many reports mention Northern Ireland, "the Northern Ireland study" is the one whose title says
so. Two mentions in a question that does not ask about several studies describe one ("the
Northern Ireland research on co-production training"): the documents both name, if any. The
question is answered from the documents named, unless they are all the documents in scope.
Of several documents a mention's words name, the one whose title says it is the kind of document
mentioned is named ("the parents review": the review, not the evaluation or the paper on
parents); "study" or "paper" says no kind.
Mentions that are plural or indefinite ("the two studies", "a study") or generic ("the other
study", "the first paper") name nothing; "the course" or "the pilot", with no word saying what it
is about, names the one document whose passages speak of a course or a pilot, if only one does,
and so does a name written in capitals ("the Involving People staff") or, failing one, those whose
views are asked ("What did the experts say?"), unless the question asks about several studies.
A number of studies ("the two studies", "both papers") is read by ``counted_studies``, so that a
collection holding more can say it does not know which. A follow-up naming no study ("How many
did they interview?") keeps the one its earlier question named; one that names another ("what
about the one in Northern Ireland?") takes that.
When each mention names one document, the question's passages are ranked without the words that
say which ("How long was the course?"; ``Naming``): once they have chosen the documents, they
only pull the search towards the passages that name the study (its title, the opening of its
abstract) rather than those that answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from assistant.answer.compose import asks_about_several_documents
from assistant.answer.subject import GENERIC_REFERENCES, STUDY_KINDS, WRITTEN_KINDS
from assistant.answer.unmentioned import views_holders
from assistant.answer.wording import spelt_out
from assistant.terms import STOPWORDS, content_terms

_STUDY = (  # "the one in Northern Ireland", in a follow-up
    rf"(?:study|paper|article|report|review|{'|'.join(STUDY_KINDS + WRITTEN_KINDS)}|project|"
    r"programme|program|course|trial|model|approach|initiative|scheme|one)"
)
_WORD = r"(?!(?:the|of|in|a|an|and|for|to|with|on|by|at|from|about)\b)[\w'’-]+"
_TOPIC_WORD = r"(?!(?:the|this|that|these|those|a|an)\b)[\w'’-]+"
_MENTIONS = (  # "the co-production study", "the study on innovation in children's social care"
    re.compile(
        rf"\b(?:the|this|that) (?P<topic>(?:{_WORD} ){{1,4}})(?P<kind>{_STUDY}|research)\b", re.IGNORECASE
    ),
    re.compile(
        rf"\b(?:the|this|that) (?:{_WORD} ){{0,4}}(?P<kind>{_STUDY}|research) "
        rf"(?:on|of|about|into|in|from) (?P<topic>{_TOPIC_WORD}(?: {_TOPIC_WORD}){{0,4}})",
        re.IGNORECASE,
    ),
)
# "the course", "the pilot": a kind of study no word describes names the one document in scope
# whose passages speak of such a thing, if only one does ("Did staff feel more confident after
# the course?"); not "the course of", nor "the study" or "the programme", which every document is
_BARE = re.compile(
    rf"\b(?:the|this|that) (course|pilot|trial|project|intervention|workshop|{'|'.join(WRITTEN_KINDS)})\b"
    r"(?! (?:of|on|about|into|in|from)\b)",
    re.IGNORECASE,
)
# "the Involving People staff": a name written in capitals, two words or more, not opening the
# question, names the one document in scope whose passages hold it, if only one does
_NAME = re.compile(r"(?<=\s)[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)+")
_COUNTED = re.compile(  # "the two studies", "both papers", "each of the three reports"
    r"\b(?:both(?: of)?(?: the| these| those)?|(?:each of )?(?:the|these|those) "
    r"(two|three|four|five)) (?:studies|papers|documents|reports|articles)\b",
    re.IGNORECASE,
)
_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5}
# Kinds of document a title says it is ("a rapid evidence review", "A Realist Evaluation"): of the
# documents "the parents review" names by its words, the review
_TITLED_KINDS = content_terms("review evaluation survey pilot trial course") | content_terms(
    " ".join(WRITTEN_KINDS)
)
_UNNAMING = GENERIC_REFERENCES | content_terms(
    "other first second third last same whole two both new recent previous earlier latest "
    "original main"
)

# Documents (ids) whose passages hold these words in a row: all, or at most ``limit``.
PhraseLookup = Callable[[Sequence[str], int | None], set[str]]
# The title terms of the documents whose title holds one of these terms, by document id.
TitleLookup = Callable[[set[str]], dict[str, set[str]]]


@dataclass(frozen=True)
class Naming:
    """What a question's mentions of a study name: the documents (None when none, or every one
    in scope); when each names one document, the question without the words that say which;
    and the mentions as written when, asking about one study, they fit several documents."""

    doc_ids: list[str] | None
    unnamed: str | None
    ambiguous: str | None = None


class _Mention(NamedTuple):
    words: list[str]  # ["co-production"]
    topic: str  # as it stands in the question: "co-production"; "" for a bare one
    whole: str  # "the co-production study"
    bare: bool = False  # "the course"
    name: bool = False  # "Involving People"
    kind: str = ""  # "review" in "the parents review"
    runs_on: bool = False  # "the paper on fading innovations recommend to funders": after "on"


def study_mentions(question: str, bare: bool = True) -> list[list[str]]:
    """The words of each singular, definite mention of a study, in order; without ``bare``,
    only those saying what the study is about: a follow-up's "the course" is, as likely as
    not, the one its earlier question named."""
    return [m.words for m in _mentions(spelt_out(question)) if bare or not m.bare]


def mentions_as_said(question: str) -> str:
    """The question's mentions of studies as written, joined ("the co-production study and the
    innovation study"); empty when it makes none."""
    return _as_said([mention.whole for mention in _mentions(spelt_out(question))])


def _mentions(question: str) -> list[_Mention]:
    mentions = []
    for pattern, runs_on in zip(_MENTIONS, (False, True)):  # the second's topic follows "on"
        for found in pattern.finditer(question):
            words = re.findall(r"[\w'’-]+", found.group("topic"))
            if content_terms(" ".join(words)) - _UNNAMING:
                topic, kind = found.group("topic", "kind")
                mentions.append(
                    _Mention(words, topic, found.group(0), kind=kind, runs_on=runs_on)
                )
    # a name, else those whose views are asked ("the experts"); not in a question on several
    # studies, where a place names one side of a comparison ("innovation in England compared
    # with Northern Ireland")
    if not mentions and not asks_about_several_documents(question):
        named = [m.group() for m in _NAME.finditer(question)] or views_holders(question)
        mentions = [
            _Mention([w for w in name.split() if w.lower() not in STOPWORDS], name, name, name=True)
            for name in named
        ]
    if not mentions:
        mentions = [_Mention([m.group(1)], "", m.group(0), True) for m in _BARE.finditer(question)]
    return mentions


def counted_studies(question: str) -> tuple[str, int] | None:
    """A mention of a number of studies and that number ("the two studies", 2), if the question
    holds one."""
    found = _COUNTED.search(question)
    if found is None:
        return None
    mention = re.sub(r"^each of ", "", found.group(0), flags=re.IGNORECASE)
    return mention, _COUNTS[(found.group(1) or "two").lower()]


def named_studies(
    question: str, titled: TitleLookup, holding_phrase: PhraseLookup, documents: int
) -> Naming:
    """The documents the question's mentions of a study name among ``documents`` in scope (both
    lookups answer within that scope)."""
    question = spelt_out(question)
    mentions = _mentions(question)
    mentions = [_as_far_as_it_names(m, titled, holding_phrase) for m in mentions]
    choices = [
        _held_by_one(mention.words, holding_phrase)
        if mention.bare or mention.name
        else _of_its_kind(_named_by(mention.words, titled, holding_phrase), mention.kind, titled)
        for mention in mentions
    ]
    unnamed = None
    if mentions and all(len(named) == 1 for named in choices):
        unnamed = question
        for mention in mentions:
            unnamed = unnamed.replace(mention.topic, "")
        unnamed = " ".join(unnamed.split())
    naming = [(mention, named) for mention, named in zip(mentions, choices) if named]
    if not naming:
        return Naming(None, None)
    every = set.intersection(*(named for _, named in naming))
    some = set.union(*(named for _, named in naming))
    several = asks_about_several_documents(question)
    named = some if several or not every else every
    if len(named) == documents:
        return Naming(None, unnamed)
    ambiguous = _as_said([m.whole for m, _ in naming]) if len(named) > 1 and not several else None
    return Naming(sorted(named), unnamed, ambiguous)


def _as_said(wholes: list[str]) -> str:
    """The mentions as written, once each: "the Northern Ireland research on co-production
    training" holds the mention "the Northern Ireland research"."""
    return " and ".join(
        dict.fromkeys(w for w in wholes if not any(w != other and w in other for other in wholes))
    )


def _named_by(words: list[str], titled: TitleLookup, holding_phrase: PhraseLookup) -> set[str]:
    wanted = content_terms(" ".join(words)) - _UNNAMING
    held_in_text: dict[str, set[str]] = {}
    for run in _runs(words):
        for doc_id in holding_phrase(run, None):
            held_in_text.setdefault(doc_id, set()).update(content_terms(" ".join(run)))
    in_titles = titled(wanted)
    in_title_by_document = {
        doc_id: len(wanted & in_titles.get(doc_id, set()))
        for doc_id in in_titles.keys() | held_in_text.keys()
        if wanted <= in_titles.get(doc_id, set()) | held_in_text.get(doc_id, set())
    }
    most = max(in_title_by_document.values(), default=0)
    return {doc_id for doc_id, held in in_title_by_document.items() if held == most}


def _as_far_as_it_names(
    mention: _Mention, titled: TitleLookup, holding_phrase: PhraseLookup
) -> _Mention:
    """A mention after "on" ("the paper on fading innovations") may run on into the rest of the
    question ("...recommend to funders?"): it ends where the longest run of its words naming a
    document ends, two content words at least (the whole mention when none does): one word
    alone names too much ("the study of projects after their funding ended" is not the one
    whose title says "project")."""
    if not mention.runs_on:
        return mention
    ends = [found.end() for found in re.finditer(r"[\w'’-]+", mention.topic)]
    for end in range(len(mention.words), 1, -1):
        words = mention.words[:end]
        if (
            words[-1].lower() not in STOPWORDS
            and len(content_terms(" ".join(words))) > 1
            and _named_by(words, titled, holding_phrase)
        ):
            topic = mention.topic[: ends[end - 1]]
            whole = mention.whole[: mention.whole.index(mention.topic) + len(topic)]
            return mention._replace(words=words, topic=topic, whole=whole)
    return mention


def _of_its_kind(named: set[str], kind: str, titled: TitleLookup) -> set[str]:
    """Those of ``named`` whose titles say they are of the ``kind`` mentioned, when some but not
    all do: "the parents review" is the review among three documents on parents."""
    kind_terms = content_terms(kind) & _TITLED_KINDS
    if len(named) < 2 or not kind_terms:
        return named
    return named & titled(kind_terms).keys() or named


def _held_by_one(words: list[str], holding_phrase: PhraseLookup) -> set[str]:
    """The one document whose passages hold ``words``; none when several do (two found tell)."""
    holders = holding_phrase(words, 2)
    return holders if len(holders) == 1 else set()


def _runs(words: list[str]) -> list[list[str]]:
    """Two or more consecutive words, neither first nor last a stop word."""
    return [
        words[start:end]
        for start in range(len(words))
        for end in range(start + 2, len(words) + 1)
        if words[start].lower() not in STOPWORDS and words[end - 1].lower() not in STOPWORDS
    ]
