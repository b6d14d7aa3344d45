"""Questions naming a document by its authors are answered from that document; the names
choose the document, not the sentence."""

from __future__ import annotations

import pytest

from assistant import Assistant
from assistant.answer.named_authors import may_name_authors, named_documents
from assistant.models import DocumentInfo, Reference

COMMON = {"what", "did", "they", "find", "about", "the", "workforce", "young", "people", "patton"}


def common(word: str) -> bool:
    return word in COMMON


def in_collection(word: str) -> bool:
    return word in {"co-production", "workforce"}


def document(doc_id: str, *authors: str) -> DocumentInfo:
    return DocumentInfo(doc_id, f"{doc_id}.pdf", "A title", 1, 1, reference=Reference(authors=authors))


DOCUMENTS = [
    document("a", "Lefevre, Michelle", "Temperley, Julie"),
    document("b", "Patton, Sonia", "McGlade, Anne"),
    document("c", "Young, Ann"),
]


@pytest.mark.parametrize(
    ("question", "doc_ids", "searched"),
    [
        ("What did Lefevre and colleagues find about the workforce?", ["a"],
         "What did the authors find about the workforce?"),
        ("What do Patton et al. say about barriers?", ["b"], "What do the authors say about barriers?"),
        ("According to Patton, how long was the course?", ["b"],
         "According to the authors, how long was the course?"),
        ("What does the Lefevre paper say about training?", ["a"],
         "What does the paper say about training?"),
        ("In Temperley's study, what helps?", ["a"], "In the study, what helps?"),
        ("What do Lefevre and Patton say about culture?", ["a", "b"],
         "What do the authors say about culture?"),
        ("what did lefevre find", ["a"], "what did the authors find"),
    ],
)  # fmt: skip
def test_a_family_name_of_the_authors_names_their_documents(
    question: str, doc_ids: list[str], searched: str
) -> None:
    assert may_name_authors(question, common, lambda word: False)
    named = named_documents(question, DOCUMENTS, common)
    assert named is not None
    assert (named.doc_ids, named.searched) == (doc_ids, searched)


@pytest.mark.parametrize(
    ("question", "doc_ids"),
    [
        ("What do Lefevre and Temperley say about trust?", ["a"]),  # the paper they wrote
        ("What did Lefevre find?", ["a", "d"]),  # each of hers
        ("Compare Lefevre and Temperley on trust", ["a", "d"]),  # several: each one's
        ("What do Lefevre and Patton say about culture?", ["a", "b", "d"]),  # none together
    ],
)
def test_names_cited_together_mean_the_documents_they_wrote_together(
    question: str, doc_ids: list[str]
) -> None:
    documents = [*DOCUMENTS, document("d", "Lefevre, Rosa")]
    several = "Compare" in question
    named = named_documents(question, documents, common, several)
    assert named is not None and named.doc_ids == doc_ids


@pytest.mark.parametrize(
    ("question", "doc_ids", "searched"),
    [
        ("What did Lefevre et al. (2025) find?", ["a"], "What did the authors find?"),
        ("In the Lefevre 2019 paper, what helps?", ["d"], "In the paper, what helps?"),
        ("What did Lefevre (2019) say?", ["d"], "What did the authors say?"),
        ("What did Lefevre find in 2030?", ["a", "d"], "What did the authors find in 2030?"),
    ],
)
def test_a_year_cited_with_the_authors_keeps_their_documents_of_that_year(
    question: str, doc_ids: list[str], searched: str
) -> None:
    def dated(doc_id: str, author: str, year: int) -> DocumentInfo:
        return DocumentInfo(doc_id, doc_id, "A", 1, 1, reference=Reference("A", (author,), year))

    documents = [dated("a", "Lefevre, M", 2025), dated("d", "Lefevre, R", 2019)]
    named = named_documents(question, documents, common)
    assert named is not None and (named.doc_ids, named.searched) == (doc_ids, searched)


@pytest.mark.parametrize(
    "question",
    [
        "What helps young people take part?",  # "young" is a common word in lower case
        "Young people: what helps them take part?",  # a capital at the start is no name
        "What did Smith et al. find?",  # no document's author
        "what did patton find",  # a common word in lower case
    ],
)
def test_no_document_is_named_without_one_of_its_authors_written_as_a_name(question: str) -> None:
    assert named_documents(question, DOCUMENTS, common) is None


@pytest.mark.parametrize(
    "question",
    [
        "what did they find about the workforce",
        "What did they find about the Workforce?",  # capitalised, but a common word
        "what did they find about co-production",  # uncommon, but the collection's own word
    ],
)
def test_a_question_without_a_name_or_a_citing_phrase_reads_no_registry(question: str) -> None:
    assert not may_name_authors(question, common, in_collection)


INNOVATION, COPRODUCTION = "000_2ab42ee1a9a58a36.txt", "002_ad9f423ab965abb9.txt"


def sources(answer) -> set[str]:
    return {citation.passage.chunk.source for citation in answer.citations}


@pytest.mark.slow
def test_questions_naming_authors_are_answered_from_their_documents(
    corpus_assistant: Assistant,
) -> None:
    workforce = corpus_assistant.ask("What did Lefevre and colleagues find about the workforce?")
    assert not workforce.refused and sources(workforce) == {INNOVATION}
    assert workforce.standalone_question == "What did the authors find about the workforce?"
    course = corpus_assistant.ask("According to Patton, how long was the course?")
    assert not course.refused and sources(course) == {COPRODUCTION} and "35-week" in course.text


@pytest.mark.slow
def test_a_topic_the_named_authors_do_not_cover_is_refused(corpus_assistant: Assistant) -> None:
    """The co-production paper answers this, but Lefevre and colleagues did not write it."""
    unnamed = corpus_assistant.ask("What do the papers say about co-production training?")
    assert not unnamed.refused and COPRODUCTION in sources(unnamed)
    named = corpus_assistant.ask("What does the Lefevre paper say about co-production training?")
    assert named.refused and "1 document" in named.text


@pytest.mark.slow
def test_a_chosen_document_filter_is_kept_when_the_named_authors_are_outside_it(
    corpus_assistant: Assistant,
) -> None:
    coproduction = corpus_assistant.find_document(COPRODUCTION).doc_id
    answer = corpus_assistant.ask("What did Lefevre find about barriers?", doc_ids=[coproduction])
    assert sources(answer) <= {COPRODUCTION}


@pytest.mark.slow
def test_authors_cited_together_are_answered_from_their_joint_paper(
    assistant: Assistant, tmp_path
) -> None:
    """Another paper by one of them says as much about supervision; it is not the one cited."""
    papers = {
        "alone.txt": ("Reflective supervision helped social workers in Fife try new ideas.",
                      ("Lefevre, Rosa",)),
        "together.txt": ("Group supervision gave practitioners in Powys room to try new ideas.",
                         ("Lefevre, Michelle", "Temperley, Julie")),
    }  # fmt: skip
    for name, (text, authors) in papers.items():
        (tmp_path / name).write_text(text)
        assert assistant.ingest([tmp_path / name]).complete
        assistant.set_reference(name, Reference(title=name, authors=authors))
    answer = assistant.ask("What do Lefevre and Temperley say about supervision?")
    assert not answer.refused and sources(answer) == {"together.txt"}
    either = assistant.ask("What does Lefevre say about supervision?")
    assert sources(either) <= {"alone.txt", "together.txt"} and not either.refused
