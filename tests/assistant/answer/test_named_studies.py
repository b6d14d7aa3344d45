"""A question naming a study by what it is about ("the co-production study", "the Involving
People course") is answered from the documents so named."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage

from assistant import Assistant
from assistant.answer.named_studies import (
    Naming,
    PhraseLookup,
    counted_studies,
    named_studies,
    study_mentions,
)
from assistant.llm import Backend
from assistant.models import DocumentInfo
from assistant.settings import BUNDLED_CORPUS
from assistant.terms import content_terms
from benchmarks.corpus import generate_corpus
from evals.metrics import said_text


def document(doc_id: str, title: str) -> DocumentInfo:
    return DocumentInfo(doc_id, f"{doc_id}.txt", title, 1, 1)


DOCUMENTS = [
    document("coproduction", "Does training in co-production change practice in Northern Ireland?"),
    document("innovation", "Creating a conducive zone for innovation in children's social care"),
    document("young", "What helps young people take part? Evidence from fostering services"),
]
PHRASES = {("involving", "people"): {"coproduction"}, ("young", "people"): {"young", "innovation"}}


def at_most(found: set[str], limit: int | None) -> set[str]:
    """As the index answers a lookup with a limit: that many of the documents found."""
    return set(sorted(found)[:limit])


def lookup(phrases: dict[tuple[str, ...], set[str]]) -> PhraseLookup:
    """The documents holding each phrase (lower case) of ``phrases``, as the index answers."""
    return lambda words, limit: at_most(phrases.get(tuple(w.lower() for w in words), set()), limit)


holding = lookup(PHRASES)


def titles_of(documents: list[DocumentInfo]) -> Callable[[set[str]], dict[str, set[str]]]:
    """As the registry answers: the title terms of the documents holding one of ``terms``."""
    titles = {info.doc_id: content_terms(info.title) for info in documents}
    return lambda terms: {doc_id: held for doc_id, held in titles.items() if held & terms}


titled = titles_of(DOCUMENTS)


@pytest.mark.parametrize(
    ("question", "mentions"),
    [
        ("What kind of interviews did the co-production study use?", [["co-production"]]),
        ("How long was the Involving People course?", [["Involving", "People"]]),
        ("What did the study on innovation in children's social care find?",
         [["innovation", "in", "children's", "social", "care"]]),
        ("Was the Northern Ireland research on co-production training a large study?",
         [["Northern", "Ireland"], ["co-production", "training"]]),  # before and after the noun
        ("what about the one in Northern Ireland?", [["Northern", "Ireland"]]),
        ("How many did the NI (Northern Ireland) study interview?", [["Northern", "Ireland"]]),
        ("Which CSC (children's social care) study was it?", []),  # "which": indefinite
        ("What did the CSC (children's social care) research find?",
         [["children's", "social", "care"]]),  # as searched: abbreviations spelt out beside
        ("What do the two studies say?", []),
        ("Was there a study of training?", []),  # indefinite
        ("And the other study?", []),
        ("What did the first paper find?", []),
        ("What are the results of the study?", []),  # "results of the" names no study
        ("Did the whole-family model reduce care entries?", [["whole-family"]]),
        ("What is the Family Safeguarding model?", [["Family", "Safeguarding"]]),
    ],
)  # fmt: skip
def test_a_mention_is_singular_definite_and_says_what_the_study_is_about(
    question: str, mentions: list[list[str]]
) -> None:
    assert study_mentions(question) == mentions


@pytest.mark.parametrize(
    ("question", "named"),
    [
        ("What kind of interviews did the co-production study use?", ["coproduction"]),
        ("How long was the Involving People course?", ["coproduction"]),  # a name in its text
        ("how long is the involving people course", ["coproduction"]),
        ("What did the study on innovation in children's social care find?", ["innovation"]),
        ("Compare the innovation study and the Northern Ireland study.",
         ["coproduction", "innovation"]),
    ],
)  # fmt: skip
def test_a_document_holding_every_term_of_the_mention_is_named(
    question: str, named: list[str]
) -> None:
    assert named_studies(question, titled, holding, len(DOCUMENTS)).doc_ids == named


@pytest.mark.parametrize(
    ("question", "held_by", "named"),
    [
        ("Did staff feel more confident after the course?", {"coproduction"}, ["coproduction"]),
        ("Did staff feel more confident after the course?", {"coproduction", "young"}, None),
        ("What did the pilot find?", {"innovation"}, ["innovation"]),
        ("What shapes the course of a child's care?", {"coproduction"}, None),  # "course of"
        ("What did the study find?", {"coproduction"}, None),  # every document is a study
    ],
)  # fmt: skip
def test_a_kind_of_study_names_the_one_document_whose_passages_speak_of_one(
    question: str, held_by: set[str], named: list[str] | None
) -> None:
    """ "the course" names no topic: it names a document only when one alone speaks of a course."""
    single = {("course",): held_by, ("pilot",): held_by, ("study",): held_by}
    naming = named_studies(question, titled, lookup(single), len(DOCUMENTS))
    assert naming.doc_ids == named
    assert naming.ambiguous is None and naming.unnamed in (None, question)


@pytest.mark.parametrize(
    ("question", "named", "unnamed"),
    [
        # a name in capitals, held by one document's passages
        ("What barriers did the Involving People participants describe?", ["coproduction"],
         "What barriers did the participants describe?"),
        # those whose views are asked, when one document alone speaks of them
        ("What did the experts say about culture?", ["innovation"],
         "What did say about culture?"),
        # held by two documents: neither is named
        ("What did the young people say about fostering?", None, None),
        ("What did Young People Now say about fostering?", None, None),
        # one side of a comparison names no document
        ("How do the Involving People staff compare with other staff?", None, None),
    ],
)  # fmt: skip
def test_a_name_or_those_whose_views_are_asked_name_the_one_document_holding_them(
    question: str, named: list[str] | None, unnamed: str | None
) -> None:
    """ "What did the experts say about culture?" was answered from the co-production paper:
    the experts are the innovation paper's informants."""
    held = {**PHRASES, ("experts",): {"innovation"}}
    naming = named_studies(question, titled, lookup(held), len(DOCUMENTS))
    assert naming.doc_ids == named
    assert naming.unnamed == unnamed


def test_a_kind_of_study_alone_does_not_say_what_the_study_is_about() -> None:
    """A follow-up's "the course" keeps the study its earlier question named."""
    assert study_mentions("How long was the course?") == [["course"]]
    assert study_mentions("How long was the course?", bare=False) == []
    assert study_mentions("How long was the Involving People course?", bare=False) == [
        ["Involving", "People"]
    ]


NORTHERN_IRELAND = [
    *DOCUMENTS,
    document("conferencing", "Does training in family group conferencing change practice? "
             "A study in Northern Ireland"),
]  # fmt: skip
IN_PASSAGES = {("northern", "ireland"): {"young", "coproduction", "conferencing"}}


def named_in_northern_ireland(question: str) -> Naming:
    """What ``question`` names among four documents, three with "Northern Ireland" in passages."""

    holding = lookup({**PHRASES, **IN_PASSAGES})
    return named_studies(question, titles_of(NORTHERN_IRELAND), holding, len(NORTHERN_IRELAND))


@pytest.mark.parametrize(
    ("question", "named"),
    [
        ("What did the Northern Ireland study find?", ["conferencing", "coproduction"]),
        ("Was the Northern Ireland research on co-production training a large study?",
         ["coproduction"]),  # one study, named twice: the one both mentions name
        ("What did the co-production course in the Northern Ireland study cover?",
         ["coproduction"]),
        ("Compare the co-production study and the Northern Ireland study.",
         ["conferencing", "coproduction"]),  # several studies asked about: each mention's
    ],
)  # fmt: skip
def test_a_title_holding_the_mention_names_its_document_over_passages_holding_it(
    question: str, named: list[str]
) -> None:
    """Three documents hold "Northern Ireland" in their passages, two in their titles."""
    named_by = named_studies(
        question, titles_of(NORTHERN_IRELAND), lookup(IN_PASSAGES), len(NORTHERN_IRELAND)
    )
    assert named_by.doc_ids == named


ON_PARENTS = [
    document("review", "Parents as partners in child protection: a rapid evidence review"),
    document("evaluation", "Co-producing conferences with parents: a realist evaluation"),
    document("panels", "Parents as co-commissioners? Parent panels in commissioning"),
]


@pytest.mark.parametrize(
    ("question", "named"),
    [
        ("What does the parents review recommend?", ["review"]),
        ("What did the parents evaluation find?", ["evaluation"]),
        ("What did the parents study find?", ["evaluation", "panels", "review"]),  # no kind
        ("What did the parents survey find?", ["evaluation", "panels", "review"]),  # none is
    ],
)  # fmt: skip
def test_of_the_documents_a_mention_names_the_one_whose_title_says_its_kind_is_named(
    question: str, named: list[str]
) -> None:
    """Three titles hold "parents"; one says it is a review, one an evaluation."""
    naming = named_studies(question, titles_of(ON_PARENTS), lookup({}), len(ON_PARENTS) + 1)
    assert naming.doc_ids == named


@pytest.mark.parametrize(
    "question",
    [
        "What helps co-production?",  # no study mentioned
        "What did the conducive fostering study find?",  # each in one title, both in none
        "What did the budgeting study find?",  # no document holds it
        "Compare the co-production study, the innovation study and the young people study.",
    ],
)
def test_no_document_is_named_by_a_word_alone_in_passages_or_when_all_would_be(
    question: str,
) -> None:
    assert named_studies(question, titled, holding, len(DOCUMENTS)).doc_ids is None


@pytest.mark.parametrize(
    ("question", "unnamed"),
    [
        ("What kind of interviews did the co-production study use?",
         "What kind of interviews did the study use?"),
        ("Compare the research methods of the innovation study and the co-production study.",
         "Compare the research methods of the study and the study."),  # each names one
        ("How long was the Involving People course?", "How long was the course?"),
        ("What did the study on innovation in children's social care find?",
         "What did the study on find?"),
        ("What did the Northern Ireland study find?", None),  # it names two documents
        ("What helps co-production?", None),  # no mention
    ],
)  # fmt: skip
def test_passages_are_ranked_without_the_mentions_only_when_each_names_one_document(
    question: str, unnamed: str | None
) -> None:
    assert named_in_northern_ireland(question).unnamed == unnamed


@pytest.mark.parametrize(
    ("question", "ambiguous"),
    [
        ("What did the Northern Ireland study find?", "the Northern Ireland study"),
        ("Was the Northern Ireland research on co-production training a large study?", None),
        ("Was the Northern Ireland research on training a large study?",  # said once
         "the Northern Ireland research on training"),
        ("Compare the Northern Ireland study and the innovation study.", None),  # several asked
        ("How long was the Involving People course?", None),  # one document
    ],
)  # fmt: skip
def test_a_mention_fitting_several_documents_is_ambiguous_unless_several_are_asked_about(
    question: str, ambiguous: str | None
) -> None:
    assert named_in_northern_ireland(question).ambiguous == ambiguous


COPRODUCTION, INNOVATION = "002_ad9f423ab965abb9.txt", "000_2ab42ee1a9a58a36.txt"


@pytest.mark.slow
def test_the_study_a_question_names_is_found_among_many_on_the_same_topic(
    assistant: Assistant, tmp_path: Path
) -> None:
    """Generated reports mention co-production in passing, and some in their titles; the
    sampling of "the co-production study" is the bundled study's."""
    generate_corpus(tmp_path / "reports", 12, seed=0, pdf_share=0.0)
    assert assistant.ingest([BUNDLED_CORPUS, tmp_path / "reports"]).complete
    documents = {info.doc_id: info for info in assistant.documents()}
    question = "What sampling approach did the co-production study use?"
    search = assistant.search_scope(question)
    scope = search.doc_ids
    assert search.text == question and not search.several
    assert scope is not None and 0 < len(scope) < len(documents)
    assert all("co-production" in documents[doc_id].title.lower() for doc_id in scope)
    answer = assistant.ask(question)
    assert "purposive" in answer.text
    assert {c.passage.chunk.source for c in answer.citations} == {COPRODUCTION}
    coproduction = assistant.find_document(COPRODUCTION).doc_id
    follow_up = assistant.search_scope(
        "How long did it last?", ["What was the Involving People programme?"]
    )
    assert follow_up.doc_ids == [coproduction]  # it names no study: its earlier question's
    other = assistant.search_scope(
        "what about the one in Northern Ireland?", ["What methods did the innovation paper use?"]
    ).doc_ids
    innovation = assistant.find_document(INNOVATION).doc_id
    assert other is not None and coproduction in other and innovation not in other


AMBIGUOUS = "What did the co-production study find about peer support?"


@pytest.fixture
def three_reports(assistant: Assistant, tmp_path: Path) -> Assistant:
    """Two reports with co-production in their titles, one on early help."""
    reports = {
        "fostering.md": "# Co-production in fostering services\n\nPeer support groups helped "
        "foster carers shape the service. Carers met monthly with managers.",
        "young.md": "# Co-production with young people in care\n\nPeer support from care "
        "leavers helped young people speak up in reviews.",
        "help.md": "# Innovation in early help\n\nLong-term funding let early help teams try "
        "new ways of working with families.",
    }
    for name, text in reports.items():
        (tmp_path / name).write_text(text)
    assert assistant.ingest([tmp_path / name for name in reports]).complete
    return assistant


@pytest.mark.slow
def test_a_study_named_in_words_that_fit_several_documents_is_said_to(
    three_reports: Assistant,
) -> None:
    """Above the answer, uncited: which documents "the co-production study" could be."""
    answer = three_reports.ask(AMBIGUOUS)
    assert not answer.refused
    assert answer.ambiguity == (
        "“the co-production study” could mean any of 2 documents: “Co-production in fostering "
        "services” and “Co-production with young people in care”. This answer is drawn from "
        "them, not necessarily from each; to ask about one, name it by its title."
    )
    assert answer.text.startswith(answer.ambiguity)
    assert answer.to_json()["ambiguity"] == answer.ambiguity
    assert answer.ambiguity not in said_text(answer)
    assert three_reports.ask("What did the early help study find?").ambiguity is None
    follow_up = three_reports.ask("Who took part in it?", history=[AMBIGUOUS])
    assert follow_up.ambiguity is None  # said once, with the question that named the study


@pytest.mark.parametrize(
    ("question", "counted"),
    [
        ("What do the two papers say about peer support?", ("the two papers", 2)),
        ("Where was each of the two studies set?", ("the two studies", 2)),
        ("What do both studies say about trust?", ("both studies", 2)),
        ("Compare these three reports", ("these three reports", 3)),
        ("What are both the enablers and the barriers?", None),  # no studies counted
        ("What do the studies say about trust?", None),  # however many there are
    ],
)
def test_a_number_of_studies_is_read(question: str, counted: tuple[str, int] | None) -> None:
    assert counted_studies(question) == counted


@pytest.mark.slow
def test_the_two_studies_asked_of_more_documents_are_said_to_be_unknown(
    three_reports: Assistant,
) -> None:
    """Three documents are searched: which two "the two studies" are is not known."""
    question = "What do the two studies say about peer support?"
    answer = three_reports.ask(question)
    assert answer.ambiguity == (
        "“the two studies” could mean any 2 of the 3 documents searched. This answer is drawn "
        "from those whose passages answer it best; to ask about particular ones, name them by "
        "their titles."
    )
    assert answer.text.startswith(answer.ambiguity) and not answer.refused
    two = [info.doc_id for info in three_reports.documents()][:2]
    assert three_reports.ask(question, doc_ids=two).ambiguity is None  # the two in scope


@pytest.mark.slow
def test_a_language_models_answer_comes_under_the_ambiguity_line_too(
    three_reports: Assistant,
) -> None:
    passages = three_reports.ground(AMBIGUOUS, AMBIGUOUS).passages
    n = next(i for i, p in enumerate(passages, 1) if "foster carers" in p.chunk.text)
    said = "Peer support groups helped foster carers shape the service"
    model = GenericFakeChatModel(messages=iter([AIMessage(content=f"{said} [{n}].")]))
    assistant = Assistant(
        three_reports.settings, embedder=three_reports.embedder, store=three_reports.store,
        llm=Backend("scripted", model=model),
    )  # fmt: skip
    *deltas, answer = assistant.stream(AMBIGUOUS)
    assert answer.backend == "scripted" and answer.ambiguity
    assert answer.text == "".join(d.text for d in deltas) == f"{answer.ambiguity}\n\n{said}. [1]"

    unsupported = GenericFakeChatModel(
        messages=iter([AIMessage(content="Carers went to Mars [1].")])
    )
    assistant.llm = Backend("scripted", model=unsupported)
    *deltas, fallback = assistant.stream(AMBIGUOUS)
    assert fallback.notice and fallback.backend == "extractive"  # the extractive answer stood in
    assert "".join(d.text for d in deltas).count(answer.ambiguity) == 1


@pytest.mark.slow
def test_a_follow_ups_bare_course_keeps_the_study_named_before(
    assistant: Assistant, tmp_path: Path
) -> None:
    """Where two documents speak of a course, "And how long was the course?" after a question on
    the Involving People programme is still asked of that programme; alone, of neither."""
    (tmp_path / "carers.md").write_text(
        "# Training foster carers\n\nThe course ran for six weeks and met in the evenings."
    )
    assert assistant.ingest([BUNDLED_CORPUS, tmp_path / "carers.md"]).complete
    coproduction = assistant.find_document(COPRODUCTION).doc_id
    follow_up = assistant.search_scope(
        "And how long was the course?", ["What was the Involving People programme?"]
    )
    assert follow_up.doc_ids == [coproduction]
    assert assistant.search_scope("How long was the course?").doc_ids is None


@pytest.mark.parametrize(
    ("question", "named", "unnamed"),
    [
        ("What does the paper on fading innovations recommend to funders?", ["fading"],
         "What does the paper on recommend to funders?"),
        ("What did the study on time-limited funding find about leaders?", ["fading"],
         "What did the study on find about leaders?"),
        ("What did the study on budgets recommend?", None, None),  # no run of it names one
        ("How were the interviews analysed in the study of training after funding ended?",
         None, None),  # "training" alone is in a title: too little to name it
    ],
)  # fmt: skip
def test_a_mention_after_on_ends_where_its_words_stop_naming_a_document(
    question: str, named: list[str] | None, unnamed: str | None
) -> None:
    """ "the paper on fading innovations recommend to funders": no title holds "recommend"."""
    documents = [*DOCUMENTS, document("fading", "Why do innovations fade? After time-limited funding")]
    naming = named_studies(question, titles_of(documents), holding, len(documents))
    assert naming.doc_ids == named
    assert naming.unnamed == unnamed
