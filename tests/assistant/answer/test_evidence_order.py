"""Passages in the order of their best sentences, with a fake embedder (logic only; the bundled
corpus with the real model is in test_answer_quality)."""

from __future__ import annotations

from assistant.answer.evidence_order import by_best_sentence, on_the_topic
from assistant.models import Chunk, Passage
from tests.assistant.answer.test_compose import BagOfWordsEmbedder, passage


def order(question: str, passages) -> list[str]:
    embedder = BagOfWordsEmbedder()
    vector = embedder.embed_batch([question])[0]
    return [p.chunk.chunk_id for p in by_best_sentence(question, vector, passages, embedder)]


def test_the_passage_giving_the_count_asked_for_leads():
    question = "How many staff took part in the course?"
    introduction = passage("The course trained staff who took part in the course.", 0.9, "intro")
    count = passage("Of the 18 staff, 5 agreed to be interviewed.", 0.4, "count")
    assert order(question, [introduction, count]) == ["count", "intro"]


def test_passages_with_no_sentence_that_could_answer_keep_their_order_after_the_rest():
    question = "How were the staff trained?"
    authors = passage("Patton Sonia, McGlade Anne", 0.9, "authors")
    heading = passage("Findings", 0.8, "heading")
    answering = passage("The staff were trained in weekly workshops over a year.", 0.1, "answer")
    assert order(question, [authors, heading, answering]) == ["answer", "authors", "heading"]


def test_a_question_on_what_hinders_is_led_by_a_passage_saying_what_hinders():
    question = "What undermines co-production in teams?"
    about = passage("Co-production in teams grew over two decades in teams.", 0.9, "about")
    barrier = passage("Silo working remains a barrier to co-production.", 0.2, "barrier")
    helps = passage("Training in co-production enabled change in teams.", 0.5, "helps")
    assert order(question, [about, helps, barrier])[0] == "barrier"


def test_a_passage_headed_by_the_side_asked_leads_though_its_sentences_name_no_side():
    question = "What got in the way of the pilot?"
    about = passage("The pilot offered every family a conference early on.", 0.9, "about")
    text = "Some social workers remained sceptical and referred late."
    chunk = Chunk("headed", "d1", "a.md", "A Title", None, 0, len(text), "What got in the way", text)
    assert order(question, [about, Passage(chunk, 0.2)]) == ["headed", "about"]


def in_document(text: str, doc_id: str, title: str) -> Passage:
    return Passage(Chunk(f"{doc_id}-{len(text)}", doc_id, f"{doc_id}.txt", title, None, 0,
                         len(text), None, text), 0.5)  # fmt: skip


INNOVATION = in_document(
    "Resources less than optimum impede change in children's services.", "a",
    "Creating a zone for innovation",
)  # fmt: skip
COPRODUCTION = in_document(
    "Silo working still acts as an inhibiter for services.", "b", "Training in co-production"
)


def test_what_stops_a_topic_is_not_taken_from_a_document_that_never_speaks_of_it():
    """ "What stops innovation in children's services?" was answered with the co-production
    paper's silo working: both speak of services, only one (by its title) of innovation."""
    question = "What stops innovation in children's services?"
    assert on_the_topic(question, [COPRODUCTION, INNOVATION]) == [INNOVATION]
    assert order(question, [COPRODUCTION, INNOVATION]) == [INNOVATION.chunk.chunk_id]


def test_documents_are_kept_when_the_topic_words_tell_none_apart_or_several_are_asked():
    assert on_the_topic("What stops services improving?", [COPRODUCTION, INNOVATION]) == [
        COPRODUCTION, INNOVATION,
    ]  # fmt: skip
    assert on_the_topic("What stops it?", [COPRODUCTION, INNOVATION]) == [COPRODUCTION, INNOVATION]
    both = "What stops innovation and co-production in both studies?"
    assert len(order(both, [COPRODUCTION, INNOVATION])) == 2
    assert len(order("What stops innovation in the two studies?", [COPRODUCTION, INNOVATION])) == 2
