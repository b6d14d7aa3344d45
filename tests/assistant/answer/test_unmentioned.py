"""Names and topics a question holds that no document mentions: which words count as names or
topics, and which of them the collection lacks."""

from __future__ import annotations

import pytest

from assistant.answer.unmentioned import (
    speaks_of_topics,
    unmentioned,
    unmentioned_holders,
    unmentioned_names,
    unmentioned_parts,
    unmentioned_terms,
    unmentioned_topics,
)

COMMON = {"team", "manager", "scotland", "what", "has", "the", "uk", "evidence", "informed"}
COLLECTION = {"conducive", "zone", "lefevre", "innovation", "co", "production"}


def absent(question: str) -> list[str]:
    return unmentioned_names(question, COMMON.__contains__, COLLECTION.__contains__)


@pytest.mark.parametrize(
    ("question", "names"),
    [
        ("What part did Cafcass play in the course?", ["Cafcass"]),
        ("has the NSPCC done anything on co-production?", ["NSPCC"]),
        ("NSPCC work on co-production?", ["NSPCC"]),  # capitals count even first
        ("What do the studies say about Barnardo's?", ["Barnardo's"]),
        ("How did Covid-19 change innovation?", ["Covid-19"]),
        ("Did Ofsted and Cafcass agree with Ofsted?", ["Ofsted", "Cafcass"]),  # once each
    ],
)
def test_a_name_no_passage_holds_is_found(question: str, names: list[str]) -> None:
    assert absent(question) == names


@pytest.mark.parametrize(
    "question",
    [
        "Cafcass: what did they do?",  # the first word may be capitalised for any reason
        "What does the Conducive Zone paper say?",  # in the collection, any case
        "As a Team Manager in Scotland, what helps?",  # common words, however written
        "What did the UK studies find?",  # too short to tell from a common word
        "Is the Evidence-Informed approach used?",  # each part common
        "what part did cafcass play?",  # lower case: a word, perhaps misspelt, not a name
    ],
)
def test_what_is_no_unmentioned_name(question: str) -> None:
    assert absent(question) == []


STORED = {
    "supervisory", "payment", "trust", "workforce", "staff", "social", "workers", "barnardo", "co",
    "production",
}  # fmt: skip


class Stored:
    """The collection's words, as the lexical index answers for them."""

    def has_word(self, word: str) -> bool:
        return word in STORED

    def words_starting(self, prefix: str) -> list[str]:
        return [word for word in STORED if word.startswith(prefix)]

    def holds_together(self, words: list[str]) -> bool:
        """One passage holds "payment" and "staff"; no other words are held together."""
        return {word.lower() for word in words} <= {"payment", "staff"}


def absent_topics(question: str) -> list[str]:
    return unmentioned_topics(question, Stored().words_starting)


@pytest.mark.parametrize(
    ("question", "topics"),
    [
        ("What do the studies say about social workers' pensions?", ["pensions"]),
        ("Does the research say anything about burnout in fostering teams?", ["burnout"]),
        ("Tell me about pensions and burnout", ["pensions", "burnout"]),
        ("What does the research say about being trauma-informed?", ["trauma-informed"]),
        ("What about pensions? (context: What helps?)", ["pensions"]),
        ("Does innovation in social care improve school attendance?", ["attendance"]),
        ("Did co-production training reduce staff sickness absence?", ["absence"]),
        ("Has co-production led to fewer exclusions in schools?", ["exclusions"]),
        ("Can high staff turnover affect burnout and pensions?", ["burnout", "pensions"]),
        ("Is co-production just consultation?", ["consultation"]),
        ("Is supervision a form of mentoring?", ["mentoring"]),
        ("Does innovation need a champion?", ["champion"]),
        ("Does the training include mentoring for staff?", ["mentoring"]),
        ("Do the studies rely on surveys?", ["surveys"]),
        ("Does the research mention pensions specifically?", ["pensions"]),  # a closing word
        ("Does supervision affect burnout according to the research?", ["burnout"]),
        # what a thing is compared with must be mentioned too
        ("How does co-production differ from consultation?", ["consultation"]),
        ("What is the difference between co-production and consultation?", ["consultation"]),
        ("Is trust compared with pay in the research?", []),  # both held
        ("Is supervision better than mentoring?", ["mentoring"]),
        # who a yes/no question asks took part must be mentioned
        ("Were parents involved in designing the course?", ["parents"]),
        ("Have any carers been consulted?", ["carers"]),
        ("Were staff interviewed?", []),
        # what a yes/no question asks a thing to have had done, or to be still doing
        ("Was the course accredited?", ["accredited"]),
        ("Is the co-production training still running?", ["running"]),
        ("Has the innovation framework been tested in practice?", ["tested"]),
        ("Was it delivered online?", ["online"]),
        ("Were the participants paid?", ["paid"]),
        # what a yes/no question asks a document to discuss
        ("Does the co-production paper discuss burnout?", ["burnout"]),
        ("Does the course address pensions?", ["pensions"]),
    ],
)
def test_a_topic_no_stored_word_begins_as_is_found(question: str, topics: list[str]) -> None:
    assert absent_topics(question) == topics


@pytest.mark.parametrize(
    "question",
    [
        "What does the research say about supervision?",  # "supervisory" begins so
        "What do the studies say about pay?",  # "payment"
        "Does the research say anything about trust between agencies?",  # the head is "trust"
        "What do the papers say about the workforce that change needs?",  # a clause follows
        "What does the research say about how managers can help?",  # a clause, no topic
        "What do the studies say about pensions and trust?",  # trust is held
        "What does the research say about co-production?",  # stored as "co", "production"
        "does the research say anything about that?",  # no content word
        "How were the people interviewed about the course selected?",  # no asking word before
        "what about the one in Northern Ireland?",  # "the one" is no topic
        "Does supervision improve trust between agencies?",  # the outcome is held
        "Did the training lead to a stronger workforce in the teams?",  # "workforce" is held
        "Did the course reduce how long staff waited?",  # a clause, no topic
        "Were concerns raised by staff?",  # nothing before the preposition
        "Is co-production just about trust?",  # the predicate is held
        "Does innovation need a stable workforce?",  # the predicate is held
        "Does innovation need to be funded by the council?",  # a verb follows, not a thing
        "Do the papers mention how long the course was?",  # a clause, no thing
        "What did the study use champions for?",  # no yes/no question
        "Does the research mention social workers specifically?",  # "workers", not "specifically"
        "What does the research say about trust explicitly?",
        "How does supervision affect trust according to the research?",  # "according" frames
        "Was the staff workforce supervised?",  # "supervisory" begins so
        "Was the study carried out in Northern Ireland?",  # only that a study was done
        "Was the framework based on interviews?",
        "Are the children safe?",  # no participle: "safe" may be said otherwise ("at risk")
        "Is the need for trust great?",  # "need" is no participle
        # a document is no topic, nor a kind of research fact given in other words
        "What did they find? (context: Tell me about the study on innovation.)",
        "Does the co-production study use a qualitative design?",  # "a qualitative study"
    ],
)
def test_what_is_no_unmentioned_topic(question: str) -> None:
    assert absent_topics(question) == []


@pytest.mark.parametrize(
    ("question", "holders"),
    [
        ("What do young people think of co-production?", ["young people"]),  # "people" is not
        ("What did managers say about the training?", ["managers"]),
        ("How did the carers feel about it?", ["carers"]),
        ("What are the views of foster carers on trust?", ["foster carers"]),
        ("What do social workers think of co-production?", []),  # both words stored
        ("What did the staff say about supervision?", []),
        ("What do the authors think about trust?", []),  # the documents speak for no one
        ("What do the two papers say about trust?", []),
        ("What does the evidence say about pay?", []),
        ("What did they say about trust?", []),  # a pronoun: the earlier question's people
    ],
)
def test_those_whose_views_are_asked_must_be_mentioned(question: str, holders: list[str]) -> None:
    """"What do young people think of co-production?" was answered with the staff's views."""
    assert unmentioned_holders(question, Stored().words_starting) == holders
    assert set(holders) <= set(unmentioned(question, lambda word: True, Stored()))


@pytest.mark.parametrize(
    ("question", "parts"),
    [
        ("What part does mentoring play in co-production?", ["mentoring"]),
        ("What role does trust play in co-production?", ["trust in co-production"]),
        ("What role does payment play for staff?", []),  # one passage holds both
        ("How important is time for innovation?", ["time"]),
        ("How important is payment to staff?", []),
        ("What role does the aim play in co-production?", []),  # names no thing of its own
        ("What role does trust play in the study?", []),  # a study is no topic
        ("What role does trust play in the strengths-based survey?", []),  # nor a survey
        ("What part does mentoring play in the paper?", ["mentoring"]),
    ],
)  # fmt: skip
def test_a_part_asked_of_must_be_mentioned_with_what_it_plays_in(
    question: str, parts: list[str]
) -> None:
    """Trust is spoken of in a paper on innovation: that says nothing of its part in
    co-production, and "What part does trust play in co-production?" was answered with what
    training in co-production does."""
    assert unmentioned_parts(question, Stored()) == parts
    assert set(parts) <= set(unmentioned(question, lambda word: True, Stored()))


def test_a_topic_that_is_a_name_found_is_said_once() -> None:
    found = unmentioned(
        "What do the studies say about Cafcass?", lambda word: word != "cafcass", Stored()
    )
    assert found == ["Cafcass"]


@pytest.mark.parametrize(
    ("question", "terms"),
    [
        ("What is the ladder of participation?", ["ladder"]),  # the head of a defined term
        ("What is a toolkit for co-production?", ["toolkit"]),
        ("What does the continuum of care mean?", ["continuum"]),
        ("What is meant by the spectrum of participation in social work?", ["spectrum"]),
        ("What is the trust of workers?", ["trust of workers"]),  # held, never together
        ("What is the role of pensions in co-production?", ["pensions"]),  # what it asks of
        ("What is the purpose of mentoring?", ["mentoring"]),
    ],
)
def test_a_term_no_passage_mentions_is_found(question: str, terms: list[str]) -> None:
    assert unmentioned_terms(question, Stored()) == terms


@pytest.mark.parametrize(
    "question",
    [
        "What is the payment of staff?",  # held together
        "What is the workforce?",  # the head is held; nothing follows "of"
        "What is the impact of co-production on staff?",  # asks for something of another
        "What is the best way to involve families?",  # "way" names no thing of its own
        "What is the thrust of the co-production paper?",  # something of a document
        "What is the main takeaway?",  # asks for something of what was found
        "What is the quality of the evidence?",  # a quality of something: no term
        "What are the views of parents?",  # whose views: no term
        "What does co-production mean?",  # each part is held
        "What does this mean for practice?",  # no content word
        "What were the Northern Ireland researchers trying to find out?",  # a verb, no term
        "What were the social workers asked?",  # a verb, no term
        "What is the role of trust in co-production?",  # what it asks of is held
        "What is the aim of the mentoring course?",  # asks something of a document
    ],
)
def test_what_is_no_unmentioned_term(question: str) -> None:
    assert unmentioned_terms(question, Stored()) == []


def test_a_term_is_found_by_the_whole_check() -> None:
    found = unmentioned("What is the ladder of participation?", lambda word: True, Stored())
    assert found == ["ladder"]


@pytest.mark.parametrize(
    ("question", "answer", "speaks"),
    [
        (
            "Did co-production training improve relationships with families?",
            "Training in co-production can act as a catalyst for wider service improvements.",
            False,
        ),
        ("Is co-production just consultation?", "Co-production means sharing power.", False),
        ("How does trust differ from pay?", "Trust helps innovation.", False),
        ("How does trust differ from pay?", "Trust matters more than payment.", True),
        ("What does the research say about supervision?", "Reflexive supervisory mechanisms.", True),
        # a word beginning as the topic does mentions it only when it names the same thing
        ("What does the paper say about silo working?", "A well-supported workforce.", False),
        ("What does the paper say about silo working?", "Silo working inhibits change.", True),
        ("What does the paper say about supervisory roles?", "Supervision helps.", True),
        ("What does the paper say about analysis?", "The data were analysed.", True),
        ("Tell me about pensions and burnout", "Burnout was common among staff.", True),
        ("What about the other paper? (context: What helps?)", "Trust helps.", True),
        ("How many staff took part?", "Eighteen staff.", True),  # asks about no topic
        # a head naming no thing of its own is spoken of by its modifier
        ("Does the study use a qualitative design?", "A small, qualitative study.", True),
        ("Does the study use a randomised design?", "A small, qualitative study.", False),
        (  # what a practice is asked to cut down on is its topic
            "Does restorative practice cut down on calling the police?",
            "Staff turnover fell by 21 per cent.",
            False,
        ),
        (  # "anything" names no topic: what was given is asked
            "Were the young people given anything for taking part?",
            "Young people were offered a voucher for each interview.",
            True,
        ),
        (  # anyone involved is no topic: who they are follows
            "Did the evaluations involve people with lived experience?",
            "A parent with lived experience sat on the advisory group.",
            True,
        ),
        (  # the context of a follow-up is not what it asks about
            "How many of them were interviewed? (context: Tell me about the training course)",
            "Of the 18 staff participants, 5 agreed to participate.",
            True,
        ),
    ],
)
def test_an_answer_speaks_of_what_was_asked_about(question: str, answer: str, speaks: bool) -> None:
    assert speaks_of_topics(question, answer) is speaks
