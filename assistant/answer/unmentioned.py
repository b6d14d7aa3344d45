"""What a question names, or asks about, that no document mentions: "What part did Cafcass play
in the course?", "has the NSPCC done anything on co-production?", "What do the studies say about
social workers' pensions?".

Such a question cannot be answered from the collection, yet its other words ("course",
"co-production", "social workers") match passages well enough to be answered with sentences
that say nothing of what was asked. What is checked:

- **Names**: a word written with its capital letter past the question's first word, or in
  capitals anywhere, that is no common English word: "Ofsted", "Barnardo's", "NSPCC", but not
  "Scotland" or a capitalised "Team". A name is unmentioned when no passage holds it (the
  lexical index's words, any case).
- **Topics**: what a question asks "about" (or "regarding") after a word that asks what is
  said or known ("say about", "anything about", "tell me about", "what about", but not "the
  people interviewed about the course"): the last word of the phrase, before a clause or a
  preposition begins ("social workers' pensions", "burnout in fostering teams", "the
  workforce that change needs"), each of "A and B". A topic is unmentioned when no stored
  word begins as it does (its first letters, all but the last three, at least four) with a
  stem that differs from its own by an ending at most, so "supervision" is mentioned by
  "supervisory" and "pay" by "payment", but "working" not by "workforce". The answer must
  mention it the same way (``speaks_of_topics``). A phrase opening with a
  question word ("about how managers help") is a clause, not a topic, and is not checked, nor is
  "the one", "the other", nor "A and B" when one of them is mentioned.
- **Outcomes**: what a question asks a practice to change ("Does innovation improve school
  attendance?", "Did the training reduce staff sickness absence?"), read as a topic is. Its
  other words ("innovation", "training", "staff") match the passages, so without this check
  the answer is a sentence about training that says nothing of sickness absence.
- **Predicates**: what a yes/no question asks a thing to be, need or hold ("Is co-production
  just consultation?", "Does innovation need a champion?", "Does the training include
  mentoring?"), read as a topic is. The thing's own words match the passages, so without this
  check the answer is a sentence on co-production that says nothing of consultation.
- **Terms**: what a question asks to be defined ("What is the ladder of participation?", "What
  does the continuum of care mean?", "What is a toolkit for co-production?"): the term's head,
  the word before its "of" or its last word, read as a topic is; and a term "X of Y" is
  unmentioned too when no passage holds X and Y together ("funding cycles" in one report and
  "change" in another define no "cycle of change"). Its other words ("participation", "care")
  match passages, so without this check the answer is any sentence about participants. A head
  that asks for something of another thing ("the impact of training", "the role of
  leadership", "the best way to"), or of a document ("the main argument of the innovation
  paper"), is no term: the rest of the question is what it asks. But one asking for a thing's
  part in something ("the role of evidence in innovation", "the purpose of mentoring") asks
  of a topic, read as a topic is: without the check, "evidence" never being mentioned, the
  answer was any sentence on innovation.
- **Comparisons**: what a thing is compared with ("How does co-production differ from
  consultation?", "the difference between A and B", "better than B"), read as a topic is: the
  documents cannot compare a thing with what they never mention.
- **Taking part**: who a yes/no question asks was involved, consulted, included or interviewed
  ("Were parents involved in designing the course?"), read as a topic is.
- **States**: what a yes/no question asks a thing to have had done to it or to be still doing
  ("Was the course accredited?", "Were the interviews recorded?", "Is the training still
  running?", "Was it delivered online?"), read as a topic is: the course's own words match
  the passages introducing it, which say nothing of accreditation. Not "carried out", "based
  on", "conducted" and the like, which only say a study was done.
- **Parts played**: what a question asks the part of ("What part does trust play in
  co-production?", "How important is time for innovation?") must be mentioned, and held in one
  passage with what it plays a part in: trust spoken of in a paper on innovation says nothing
  of its part in co-production, and the answer was what training in co-production does.
- **Views**: whose views a question asks ("What do young people think of co-production?", "What
  did managers say about...", "the views of foster carers"). Every word of theirs must be
  mentioned, not the head alone ("people" is stored, "young" is not): otherwise the answer is
  the staff's views. A document, its authors or the evidence speak for no one.
- **Which documents**: what a question asking which documents say something asks about last
  ("Scotland" in "Which studies were carried out in Scotland?", "teachers" in "Which studies
  interviewed teachers?"; ``which_documents.predicate_head``), read as a topic is: its other
  words ("studies", "interviewed") match every document.

A topic, outcome, predicate or compared thing the collection mentions may still be missing
from the answer's sentences (the course's paper speaks of relationships, but not of training
improving them): ``speaks_of_topics`` tells the composer, which then refuses.

The question is read with its abbreviations spelt out ("CSC" is "children's social care"), and
without the authors' names it may hold (``named_authors``), which cleaning removes from passages
with the author lines. The caller also counts what a title holds as mentioned.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Protocol

from assistant.answer.answer_types import ANYONE
from assistant.answer.conversation import without_context
from assistant.answer.subject import GENERIC_REFERENCES, STUDY_KINDS
from assistant.answer.which_documents import predicate_head
from assistant.terms import STOPWORDS, content_terms, same_thing, stem

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
    r"(?:lead|leads|led|leading) to|caus(?:e|es|ed|ing)|prevent(?:s|ed|ing)?|boost(?:s|ed|ing)?|"
    r"cut(?:s|ting)? (?:down|back)(?: on)?)"
    r"\s+([^?.!;:,()]+)",
    re.IGNORECASE,
)
_PREDICATE = re.compile(  # "Is co-production just consultation?", "Does it include mentoring?"
    r"^\W*(?:(?:is|are|was|were)\b[^?]*?\b(?:just|only|simply|merely|the same as|"
    r"similar to|a (?:form|kind|type|sort|part|way) of|an? (?:example|instance) of)"
    r"|(?:does|do|did|can|could|should|will|would)\b[^?]*?\b(?:needs?|requires?|involves?|"
    r"includes?|(?:rely|relies|depends?) on|uses?|mentions?|covers?|offers?|provides?|"
    r"discuss(?:es)?|address(?:es)?|talks? about|deals? with))"
    r"\s+(?!to\b)([^?.!;:,()]+)",  # not "need to be funded": a verb follows
    re.IGNORECASE,
)
_COMPARED = re.compile(  # "How does co-production differ from consultation?"
    r"\b(?:differ(?:s|ed|ent|ence|ences)?\s+from|compared?\s+(?:to|with)|versus|vs\.?|"
    r"(?:better|worse)\s+than|difference\s+between\s+[^?.!;:,()]+?\s+and)\s+([^?.!;:,()]+)",
    re.IGNORECASE,
)
_TAKING_PART = re.compile(  # "Were parents involved in designing the course?": who took part
    r"^\W*(?:is|are|was|were|have|has|had)\s+(?:any\s+)?([^?.!;:,()]+?)\s+(?:been\s+)?"
    r"(?:involved|consulted|included|interviewed)\b",
    re.IGNORECASE,
)
_STATE = re.compile(  # "Was the course accredited?", "Is the training still running?": the state
    r"^\W*(?:is|are|was|were|has|have|had)\s+(?:(?:the|a|an|this|that|these|those|its|their|"
    r"any)\s+(?:[\w'’-]+\s+){1,4}?|(?:it|they|this|that|these|those)\s+)"
    r"(?:(?:still|ever|also|already|actually|formally|been|being)\s+)*"
    # a participle, but not one that says who took part (``_TAKING_PART``) or only that a study
    # was done ("carried out", "based on", "conducted")
    r"((?!(?:involved|consulted|included|interviewed|based|carried|conducted|undertaken|done|"
    r"set|held|made|used|published)\b)(?:[a-z]{3,}ed|paid|run|given|taken|seen|"
    r"known|written|shown|chosen|taught|kept|built|told|proven)\b[^?.!;:,()]*"
    r"|(?<=still )[a-z]+ing\b[^?.!;:,()]*)",
    re.IGNORECASE,
)
_PART_PLAYED = re.compile(  # "What part does trust play in co-production?": X, then Y
    r"\b(?:what\s+(?:role|part)\s+(?:does|do|did|can|could|should|might|will)\s+([^?.!;:,()]+?)"
    r"\s+play|how\s+important\s+(?:is|are|was|were)\s+([^?.!;:,()]+?))"
    r"\s+(?:in|for|to)\s+([^?.!;:,()]+)",
    re.IGNORECASE,
)
_VIEWS_HELD = (  # "What do young people think of co-production?": whose views are asked
    re.compile(
        r"\b(?:what|how)\s+(?:do|does|did)\s+([^?.!;:,()]+?)\s+(?:think|thought|feel|felt|"
        r"say|said|believe|make|view|see|rate|experience)\b",
        re.IGNORECASE,
    ),
    re.compile(
        r"\b(?:views?|opinions?|experiences?|perspectives?|feelings?|attitudes?|voices?)\s+of\s+"
        r"([^?.!;:,()]+)",
        re.IGNORECASE,
    ),
)
# Whose views are asked when a question asks what the documents say: no one's
_SPEAKS_FOR_DOCUMENTS = content_terms("evidence literature findings data researchers writers")
_DEFINED = (  # "What is the ladder of participation?", "What does the continuum of care mean?"
    re.compile(r"^\s*what\s+(?:is|are|was|were)\s+((?:a|an|the)\s+[^?.!;:,()]+)", re.IGNORECASE),
    re.compile(r"\bwhat\s+(?:does|do)\s+([^?.!;:,()]+?)\s+mean\b", re.IGNORECASE),
    re.compile(r"\b(?:meant\s+by|define|definition\s+of)\s+([^?.!;:,()]+)", re.IGNORECASE),
)
# Heads that ask for something of what follows, or name no thing of their own
_NO_TERM = content_terms(
    """role impact effect influence purpose aim goal focus size number length duration extent level
    scope nature value importance meaning definition name title cost price budget result outcome
    finding conclusion message lesson evidence benefit advantage disadvantage strength weakness
    limitation risk problem issue difficulty obstacle hurdle challenge reason cause basis source
    difference relationship link use part point way approach method design sample setting context
    content structure date year place location author example summary key factor element
    component ingredient feature aspect condition principle characteristic requirement need
    priority stage step type kind form model framework concept idea theory programme project
    study paper research argument claim thesis contribution takeaway theme topic subject view
    perspective position emphasis gist premise hypothesis question answer recommendation
    implication insight quality state amount degree rate frequency proportion percentage share
    experience opinion feeling attitude perception understanding knowledge awareness history
    origin background development future"""
)
# Heads that ask for a thing's part in something: what follows their "of" is a topic
_ASKS_OF = content_terms("role purpose impact effect influence importance value benefit function")
# What follows "of" when the head asks for something of a document: "the main argument of the
# innovation paper"
_DOCUMENT = GENERIC_REFERENCES | content_terms(
    "review document evaluation project course author book chapter"
)
# what "in the ..." may name: "What role does X play in the survey?" asks of no topic
_STUDIES = _DOCUMENT | content_terms(" ".join(("trial", *STUDY_KINDS)))
# Kinds of research fact a sentence gives without their word (``answer_types``)
_ANSWERED_IN_KIND = content_terms("design method methodology approach sample sampling analysis")
_TERM_WORDS = 4  # a determiner and up to three words: "the average caseload"
_PARTICIPLE = re.compile(r"(?:ing|ed)$", re.IGNORECASE)  # "trying", "asked": a verb follows
_NOT_A_TOPIC = content_terms(
    "one ones other others same rest kind sort type lot bit thing things anything something "
    "nothing everything"
)
_CLAUSE = re.compile(  # where the topic's phrase ends
    r"\s+(?:that|which|who|whom|whose|where|when|in|for|during|among|across|within|between|at|"
    r"from|with|to|by|on|under|after|before|compared|than|according)\b.*",
    re.IGNORECASE,
)
_CONJUNCTION = re.compile(r"\s+(?:and|or)\s+", re.IGNORECASE)

_QUESTION_WORD = re.compile(r"^(?:how|why|what|whether|when|where|who|which|if)\b", re.IGNORECASE)
_MIN_PREFIX = 4
_ENDING = 3  # letters an ending may change: "supervision", "supervisory"


# The stored words (unstemmed, lower case) that begin with a prefix.
WordsStarting = Callable[[str], Iterable[str]]


class StoredWords(Protocol):
    """The collection's words (``index.lexical.LexicalIndex``)."""

    def has_word(self, word: str) -> bool: ...

    def words_starting(self, prefix: str) -> list[str]: ...

    def holds_together(self, words: Sequence[str]) -> bool: ...


def unmentioned(
    question: str, is_common_word: Callable[[str], bool], stored: StoredWords
) -> list[str]:
    """The names, then the topics, of ``question`` that no passage mentions; a topic that is
    part of a name found ("about Barnardo's") is not said twice."""
    names = unmentioned_names(question, is_common_word, stored.has_word)
    named = content_terms(" ".join(names))
    topics = unmentioned_topics(question, stored.words_starting)
    topics += [term for term in unmentioned_terms(question, stored) if term not in topics]
    topics += [h for h in unmentioned_holders(question, stored.words_starting) if h not in topics]
    topics += [p for p in unmentioned_parts(question, stored) if p not in topics]
    asked_last = predicate_head(question)  # "Which studies were carried out in Scotland?"
    if asked_last and asked_last not in topics:
        topics += [] if _mentioned(asked_last, stored.words_starting) else [asked_last]
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


def unmentioned_topics(question: str, words_starting: WordsStarting) -> list[str]:
    """The topics ``question`` asks about when no stored word begins as any of them does. A
    document ("about the study") is no topic, nor a kind of research fact that a sentence gives
    in its own words ("a qualitative design": "a qualitative study")."""
    topics: list[str] = []
    for parts in _asked_phrases(question):
        heads = [_head(part) for part in parts]
        words = [
            head
            for head in heads
            if head is not None and not content_terms(head) <= _DOCUMENT | _ANSWERED_IN_KIND
        ]
        if len(words) == len(heads) and not any(_mentioned(w, words_starting) for w in words):
            topics.extend(words)
    return list(dict.fromkeys(topics))


def unmentioned_holders(question: str, words_starting: WordsStarting) -> list[str]:
    """Those whose views ``question`` asks ("young people" in "What do young people think of
    co-production?") when a word of theirs is in no passage: the documents hold no views of
    theirs, and the answer would be the staff's. Every word counts, not the head alone:
    "people" is stored ("Involving People"), "young" is not. A document ("the two papers"), its
    authors or the evidence speak for no one."""
    absent = []
    for holder in views_holders(question):
        words = [w for w in _WORD.findall(holder) if w.lower() not in STOPWORDS]
        if not all(_mentioned(word, words_starting) for word in words):
            absent.append(" ".join(words))
    return list(dict.fromkeys(absent))


def views_holders(question: str) -> list[str]:
    """Those whose views ``question`` asks, as written ("the Involving People staff" in "What
    did the Involving People staff say about leadership?"); not a document ("the two papers"),
    its authors or the evidence, which speak for no one."""
    holders = [_phrase(found.group(1)) for p in _VIEWS_HELD for found in p.finditer(question)]
    return [
        holder
        for holder in holders
        if not content_terms(holder) & (_DOCUMENT | _SPEAKS_FOR_DOCUMENTS)
    ]


def unmentioned_parts(question: str, stored: StoredWords) -> list[str]:
    """What ``question`` asks the part of ("trust" in "What part does trust play in
    co-production?", "time" in "How important is time for innovation?") when no passage
    mentions it, or "X in Y" when no passage holds the two together: trust spoken of in a
    paper on innovation says nothing of its part in co-production. Y naming a study ("the
    study") is no topic."""
    absent = []
    for found in _PART_PLAYED.finditer(question):
        thing, within = _head(_phrase(found.group(1) or found.group(2))), _head(found.group(3))
        if thing is None or within is None or content_terms(thing) & _NO_TERM:
            continue
        if not _mentioned(thing, stored.words_starting):
            absent.append(thing)
        elif content_terms(within) - _STUDIES and not stored.holds_together(
            [thing, within]
        ):  # "What role do experts play in the study / the survey?" asks of no topic but it
            absent.append(f"{thing} in {within}")
    return absent


def speaks_of_topics(question: str, text: str) -> bool:
    """Whether ``text`` (an answer) mentions what ``question`` asks about, asks a practice to
    change or asks a thing to be, when it asks one of those ("Did the training improve
    relationships with families?" is not answered by a sentence on what training can act as,
    though another passage speaks of relationships). A head that names no thing of its own
    ("a qualitative design", ``_NO_TERM``) is spoken of by the words before it too; a word
    naming a document ("the other paper") is no topic, nor is what the context of a follow-up
    asks about."""
    asked = []
    for part in [part for parts in _asked_phrases(without_context(question)) for part in parts]:
        head = _head(part)
        if head is None or content_terms(head) <= GENERIC_REFERENCES:
            continue
        asked.append(head)
        if content_terms(head) & _NO_TERM:
            asked += [w for w in _WORD.findall(part) if w.lower() not in STOPWORDS and w != head]
    words = {word.lower() for word in _PART.findall(text)}
    return not asked or any(
        _mentioned(word, lambda prefix: [said for said in words if said.startswith(prefix)])
        for word in asked
    )


def _asked_phrases(question: str) -> list[list[str]]:
    """The parts ("pensions and burnout") of each phrase ``question`` asks about (or of); a
    clause is no phrase."""
    patterns = (_ABOUT, _OUTCOME, _PREDICATE, _COMPARED, _TAKING_PART, _STATE)
    asked_of = [pattern.finditer(question) for pattern in patterns]
    phrases = [_phrase(found.group(1)) for m in asked_of for found in m]
    return [_CONJUNCTION.split(p) for p in phrases if not _QUESTION_WORD.match(p)]


def unmentioned_terms(question: str, stored: StoredWords) -> list[str]:
    """The terms ``question`` asks to have defined that no passage mentions: the head when no
    stored word begins as it does, else "X of Y" when no passage holds the two together."""
    absent = []
    for found in _defined(question):
        phrase = _phrase(found.group(1))
        head, of = _term(phrase)
        asked_of = _asked_of(phrase)
        if head and not _mentioned(head, stored.words_starting):
            absent.append(head)
        elif head and of and not stored.holds_together([head, of]):
            absent.append(f"{head} of {of}")
        elif asked_of and not _mentioned(asked_of, stored.words_starting):
            absent.append(asked_of)
    return absent


def _phrase(asked: str) -> str:
    """What a question asks about, up to a clause or a preposition."""
    return _CLAUSE.sub("", asked.strip())


def _defined(question: str) -> list[re.Match[str]]:
    return [found for pattern in _DEFINED if (found := pattern.search(question))]


def _term(phrase: str) -> tuple[str | None, str | None]:
    """The term's head, the word before the phrase's first "of" ("ladder of participation"),
    else its last, and the head of what follows "of", if any; no head when it is no noun of a
    short term ("the Northern Ireland researchers trying")."""
    before, after = _split_at_of(phrase)
    head = _head(" ".join(before))
    if not head or len(before) > _TERM_WORDS or _PARTICIPLE.search(head):
        return None, None
    of = _head(" ".join(after))
    if content_terms(head) & _NO_TERM or (of and content_terms(of) & _DOCUMENT):
        return None, None
    return head, of


def _asked_of(phrase: str) -> str | None:
    """What a head asking for a thing's part in something asks it of: "evidence" in "the role
    of evidence", "mentoring" in "the purpose of mentoring" (``_ASKS_OF``); None for a head
    asking a property that the research itself may have ("the quality of the evidence", "the
    views of parents") and when what follows "of" is a document ("the impact of the course")."""
    before, after = _split_at_of(phrase)
    head, of = _head(" ".join(before)), _head(" ".join(after))
    if not (head and of and content_terms(head) & _ASKS_OF) or content_terms(of) & _DOCUMENT:
        return None
    return of


def _split_at_of(phrase: str) -> tuple[list[str], list[str]]:
    """The phrase's words before its first "of" (after its first word), and those after."""
    words = _WORD.findall(phrase)
    lowered = [word.lower() for word in words]
    end = lowered.index("of", 1) if "of" in lowered[1:] else len(words)
    return words[:end], words[end + 1 :]


def _head(phrase: str) -> str | None:
    """The phrase's last word but a stop word ("social workers specifically": "workers"),
    without a possessive; None when it is no content word."""
    words = [word for word in _WORD.findall(phrase) if word.lower() not in STOPWORDS]
    if not words:
        return None
    last = re.sub(r"['’]s?$", "", words[-1])
    # nor does anyone ("Did the evaluations involve people with lived experience...?": who
    # they are follows); word for word: "participation" is a topic, "participants" are anyone
    return last if content_terms(last) - _NOT_A_TOPIC and last.lower() not in ANYONE else None


def _mentioned(word: str, words_starting: WordsStarting) -> bool:
    """Whether a stored word names what ``word`` does: it begins as ``word`` does (all but an
    ending) and their stems differ by an ending at most ("supervisory" mentions supervision;
    "workforce" does not mention working, though it begins with "work"). Each part of a
    hyphenated word is stored on its own ("co-production": "production")."""
    parts = [part.lower() for part in _PART.findall(word)]
    return all(_stored_as_itself(part, words_starting) for part in parts)


def _stored_as_itself(word: str, words_starting: WordsStarting) -> bool:
    own = stem(word)
    prefix = word[: max(_MIN_PREFIX, len(word) - _ENDING)]
    return any(same_thing(own, stem(stored)) for stored in words_starting(prefix))


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
