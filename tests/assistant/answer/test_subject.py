"""Which part of a message asks: the situation a practitioner describes first is not the
question."""

from __future__ import annotations

import pytest

from assistant.answer.conversation import standalone_question
from assistant.answer.subject import (
    asked_part,
    asks_again_of_a_study,
    asks_for_overview,
    subject_terms,
    unframed,
)
from assistant.terms import content_terms


@pytest.mark.parametrize(
    ("message", "asked"),
    [
        (
            "Our budgets are tight this year. What helps innovation happen anyway?",
            "What helps innovation happen anyway?",
        ),
        (
            (
                "I manage a fostering team and we want to involve families more. What stops "
                "co-production from working?"
            ),
            "What stops co-production from working?",
        ),
        (
            "my managers keep blocking new ideas, what gets in the way of innovation?",
            "what gets in the way of innovation?",
        ),
        (
            "We are planning next year's training. How much did the course cost per place?",
            "How much did the course cost per place?",
        ),
        (
            "Our budgets are tight. Please tell me what helps innovation.",
            "Please tell me what helps innovation.",
        ),
        (
            "we're a rural area - did transport stop carers getting to groups?",
            "did transport stop carers getting to groups?",
        ),
        ("im a CP chair: what can i do before conference?", "what can i do before conference?"),
        (
            "We've just lost our grant – what keeps a project going afterwards?",
            "what keeps a project going afterwards?",
        ),
    ],
)
def test_the_situation_told_before_the_question_is_set_aside(message: str, asked: str) -> None:
    assert asked_part(message) == asked


@pytest.mark.parametrize(
    ("message", "asked"),
    [
        ("barriers to innovation as bullet points", "barriers to innovation"),
        ("What are the barriers to innovation, grouped by theme?", "What are the barriers to innovation?"),
        ("Summarise the enablers of co-production for a handout", "Summarise the enablers of co-production"),
        ("List what helps innovation, with quotes and page numbers", "List what helps innovation"),
        ("What stops co-production, in a short list?", "What stops co-production?"),
        ("Give me barriers to co-production for our next team meeting", "Give me barriers to co-production"),
        ("Give me three quotes about barriers to co-production", "Give me barriers to co-production"),
        ("Find some short quotes on what helps innovation", "Find what helps innovation"),
    ],
)  # fmt: skip
def test_how_the_answer_is_to_be_laid_out_is_set_aside(message: str, asked: str) -> None:
    assert asked_part(message) == asked


@pytest.mark.parametrize(
    "message",
    [
        "What themes did the co-production study identify?",
        "What did staff learn in the training session?",
        "How did the course end?",
    ],
)
def test_a_question_about_themes_or_sessions_keeps_its_words(message: str) -> None:
    assert asked_part(message) == message


@pytest.mark.parametrize(
    "message",
    [
        "How long was the Involving People course?",
        "our staff are scared of getting things wrong, does the research say anything about that?",
        "We read the innovation paper. What did it find about culture?",
        "Of the eighteen staff on the course, how many agreed to be interviewed?",
        "What about the other paper? (context: How many staff took part?)",
        "tell me about co-production training",
        "Tell me about the barriers. Also, what helps?",  # a request asks too
        "List the enablers. Which study names more?",
    ],
)
def test_a_question_that_needs_all_its_words_keeps_them(message: str) -> None:
    """One sentence that asks, an asking part that refers back to the situation, a clause that
    is not the speaker's own situation, a follow-up with its context, or nothing that asks."""
    assert asked_part(message) == message


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("What do the studies say about staff confidence?", "What do staff confidence?"),
        (
            "What do both papers say staff need in order to make change happen?",
            "What do staff need in order to make change happen?",
        ),
        ("does the research find anything about silo working?", "does silo working?"),
        (
            "Across the two studies, what helps bring about change in services?",
            "what helps bring about change in services?",
        ),
        (
            "According to the research, how did Ofsted rate the services?",
            "how did Ofsted rate the services?",
        ),
        (
            "What does the co-production study say about confidence?",
            "What does the co-production confidence?",
        ),
        ("Do both papers talk about culture?", "Do culture?"),
        ("Does the research discuss supervision?", "Does supervision?"),
        # what a trainer will do with the answer is no part of what it is about
        ("Are there any quotes about trust I can use?", "Are there any quotes about trust ?"),
        (
            "Give me quotes on trust that we could use in a training session",
            "Give me quotes on trust",
        ),
    ],
)
def test_the_framing_of_a_question_about_the_documents_is_set_aside(
    question: str, asked: str
) -> None:
    assert unframed(question) == asked


@pytest.mark.parametrize(
    "question",
    [
        "How many staff took part in the Involving People co-production study?",
        "What did the study find?",  # nothing but the framing: the question stays whole
        "What helps innovation in children's social care?",
    ],
)
def test_a_question_without_framing_or_with_nothing_else_is_kept_whole(question: str) -> None:
    assert unframed(question) == question


@pytest.mark.parametrize(
    ("question", "subject"),
    [
        ("What kind of culture does innovation require?", "culture innovation require"),
        ("Which types of interviews were used?", "interviews used"),
        ("Was it the first study of its kind?", "first study kind"),  # "kind" is what is asked
        ("What country were the studies done in?", "studies done"),
        ("In which year did the course start?", "course start"),
        ("Which cities took part?", "took part"),
        ("How does the country's policy shape innovation?", "country policy shape innovation"),
    ],
)
def test_what_kind_of_frames_the_question(question: str, subject: str) -> None:
    assert subject_terms(question) == content_terms(subject)


@pytest.mark.parametrize(
    ("question", "subject"),
    [
        ("What role does the macro context play?", "macro context"),
        ("What part do mobilisers play in innovation?", "mobilisers innovation"),
        ("What is the role of trust in innovation?", "trust innovation"),
        ("Does trust play a key role in co-production?", "trust co-production"),
        ("What roles did the expert informants hold?", "roles expert informants hold"),
        ("Which part of the course helped?", "part course helped"),
    ],
)
def test_the_role_a_thing_plays_asks_about_the_thing(question: str, subject: str) -> None:
    """ "What role does the macro context play?" was refused: "role" and "play" counted as
    half of what was asked, which the sentence listing the macro context does not say."""
    assert subject_terms(question) == content_terms(subject)


@pytest.mark.parametrize(
    ("question", "subject"),
    [
        ("Do both papers talk about culture?", "papers culture"),
        ("Are there any quotes about trust I can use?", "quotes trust"),
        ("What can we use to engage families?", "use engage families"),  # a use asked about
    ],
)
def test_what_the_papers_talk_about_and_what_a_trainer_will_use_frame_the_question(
    question: str, subject: str
) -> None:
    """Both were refused: "talk", and "use", were half of what was asked."""
    assert subject_terms(question) == content_terms(subject)


@pytest.mark.parametrize(
    ("question", "subject"),
    [
        ("Is there a link between culture and innovation?", "culture innovation"),
        ("How is leadership linked to co-production?", "leadership co-production"),
        ("How does leadership relate to innovation?", "leadership innovation"),
        ("What is the connection between trust and innovation?", "trust innovation"),
        ("What links did the course build with schools?", "links course build schools"),
    ],
)
def test_the_link_between_two_things_asks_about_the_two(question: str, subject: str) -> None:
    """ "Is there a link between culture and innovation?" was refused: "link" was a third of
    what was asked, which the sentence on a relational culture for innovation does not say."""
    assert subject_terms(question) == content_terms(subject)


def test_what_the_authors_acknowledge_or_admit_is_asked_as_what_they_say() -> None:
    assert subject_terms("What limitations do the authors acknowledge?") == {"limit"}
    assert subject_terms("Do they admit any weaknesses?") == content_terms("weaknesses")


def test_the_context_label_of_a_follow_up_is_no_subject_term():
    """"context" of the "(context: ...)" label chose "...climate processes; macro context"."""
    follow_up = standalone_question("And the enablers?", ["What are the barriers to innovation?"])
    assert "context" in follow_up
    assert "context" not in subject_terms(follow_up)
    assert "context" in subject_terms("What context did the study work in?")


@pytest.mark.parametrize(
    ("question", "again"),
    [
        ("and for the co-production study?", True),
        ("what about the innovation paper?", True),
        ("And the Northern Ireland one?", True),
        ("and for innovation?", False),  # a topic, not a study
        ("what about barriers in the co-production study?", False),  # asks something of it
        ("What did the co-production study find?", False),  # no follow-up
    ],
)
def test_a_follow_up_naming_only_a_study_asks_the_question_before_of_it(
    question: str, again: bool
) -> None:
    assert asks_again_of_a_study(question) is again


@pytest.mark.parametrize(
    ("question", "overview"),
    [
        ("Summarise the two papers", True),
        ("How do the two papers compare?", True),
        ("What are the main differences between the two papers?", True),
        ("What are the key takeaways for a team manager?", True),  # whom it is for: no topic
        ("Give me a brief summary of the innovation paper", True),  # the paper it names
        ("Summarise the barriers to co-production for a handout", False),  # a topic
        ("How do the two studies differ in their methods?", False),
        ("What are the key findings about trust?", False),
        ("How does co-production differ from consultation?", False),
        ("What are the main barriers?", False),
        ("What did the authors find?", True),  # "What did Hargreaves and colleagues find?"
        ("What did the innovation study find?", True),
        ("What did the studies find about trust?", False),
        ("What did staff find hardest?", False),
    ],
)
def test_an_overview_asks_about_nothing_in_particular(question: str, overview: bool) -> None:
    """All five overviews were refused: no sentence holds "summarise", "compare" or "takeaway"."""
    assert asks_for_overview(question) == overview


def test_a_comparison_group_is_a_design_not_a_comparison_of_the_studies() -> None:
    """"Did the pilot have a comparison group?" was answered with sentences on the pilot:
    "comparison" was set aside as framing, as in "compare the studies"."""
    assert "comparison" in subject_terms("Did the pilot have a comparison group?")
    assert "comparison" not in subject_terms("What comparison of the studies is there?")
