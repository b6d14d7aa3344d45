"""The extractive composer's logic, with a fake embedder (unit tests of logic only)."""

from __future__ import annotations

import zlib
from dataclasses import replace

import numpy as np

from assistant.answer.answer_types import answer_types
from assistant.answer.compose import (
    MAX_DOCUMENTS_CITED,
    asked_sides,
    asks_about_several_documents,
    compose,
    heading_side,
    held_share,
    phrase_share,
    polarity,
    rank_sentences,
    topic_terms,
    voices,
    without_side_words,
)
from assistant.answer.conversation import standalone_question
from assistant.models import Chunk, Passage
from assistant.prompts import load_prompt
from assistant.settings import AnswerSettings
from assistant.terms import content_terms


class BagOfWordsEmbedder:
    """Deterministic vectors from word hashes (CRC-32: Python's ``hash`` of a string changes
    from run to run): similar wording gives similar vectors."""

    name, max_tokens = "fake", 254

    def embed_batch(self, texts):
        vectors = np.zeros((len(texts), 64), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.lower().split():
                vectors[row, zlib.crc32(word.strip(".,?").encode()) % 64] += 1
        return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)

    def count_tokens(self, text):
        return len(text.split())


def passage(text: str, score: float = 0.5, chunk_id: str = "c1") -> Passage:
    chunk = Chunk(chunk_id, "d1", "a.txt", "A Title", None, 0, len(text), None, text)
    return Passage(chunk, score)


def answer(
    question: str,
    passages: list[Passage],
    said: frozenset[str] = frozenset(),
    telling: frozenset[str] = frozenset(),
):
    embedder = BagOfWordsEmbedder()
    vector = embedder.embed_batch([question])[0]
    return compose(
        question, vector, passages, embedder, AnswerSettings(), lambda: "1 document",
        already_said=said, telling=telling,
    )  # fmt: skip


def test_polarity_of_sentences():
    assert polarity("Supportive leadership enabled staff to innovate.") == "Enablers"
    assert polarity("Silo working remains a barrier to change.") == "Barriers"
    assert polarity("Factors could either facilitate or create barriers.") is None
    # what is needed for something is what enables it
    assert polarity("A shared language is still needed to develop inclusive cultures.") == "Enablers"
    assert polarity("It highlighted a need for collective leadership.") == "Enablers"
    # a study's question is no answer to it
    assert polarity("This paper asks what helps restorative practice take hold.") is None
    assert polarity("The review asks two questions: what helps and what hinders.") is None
    # what worked when, and what limited what could be done
    assert polarity("Co-production worked best when chairs met parents first.") == "Enablers"
    assert polarity("Panels worked when a coordinator was paid.") == "Enablers"
    assert polarity("Tight timescales limited what parents could influence.") == "Barriers"
    assert polarity("Delays in paying expenses damaged trust.") == "Barriers"
    assert polarity("The sample was limited to one programme.") is None
    assert polarity("Theorisation of the dynamics remains limited.") is None
    assert polarity("It was slowed by finance rules that required three quotes.") == "Barriers"


def test_asked_sides():
    assert asked_sides("What helps and what hinders co-production?") == ["Enablers", "Barriers"]
    assert asked_sides("what gets in the way of innovation") == ["Barriers"]
    assert asked_sides("How many staff were interviewed?") == []
    assert asked_sides("What drives innovation in social care?") == ["Enablers"]
    assert asked_sides("What conditions make innovation more likely?") == ["Enablers"]
    # what keeps a thing going is what helps it
    assert asked_sides("How can we sustain innovation?") == ["Enablers"]
    assert asked_sides("How do you keep innovation going after the pilot?") == ["Enablers"]
    assert asked_sides("What makes co-production last?") == ["Enablers"]
    assert asked_sides("Was the service improvement sustainable?") == []  # of one thing
    assert asked_sides("How long did the course last?") == []
    assert asked_sides("Is the last study on innovation?") == []
    assert asked_sides("What undermines co-production?") == ["Barriers"]
    assert asked_sides("what slowed down participatory budgeting?") == ["Barriers"]
    assert asked_sides("What stops parents coming to meetings?") == ["Barriers"]
    assert asked_sides("How long after the funding stopped were the projects followed up?") == []
    assert asked_sides("What happened when the money stopped?") == []
    assert asked_sides("What holds co-production back?") == ["Barriers"]
    assert asked_sides("What doesn't work when trying to innovate?") == ["Barriers"]
    assert asked_sides("What makes co-production fail?") == ["Barriers"]
    assert asked_sides("What are the challenges of co-production?") == ["Barriers"]
    assert asked_sides("What is the biggest challenge for innovation?") == ["Barriers"]
    assert asked_sides("How can staff challenge practice that excludes families?") == []  # a verb
    assert asked_sides("What works in co-production?") == ["Enablers"]
    assert asked_sides("Can it happen when policy drivers are weak?") == []  # a noun
    assert asked_sides("What fosters innovation?") == ["Enablers"]
    assert asked_sides("How is trust fostered between staff?") == ["Enablers"]
    # foster care is no enabler: "foster carers", "fostering services", "in fostering"
    assert asked_sides("How many foster carers took part?") == []
    assert asked_sides("What did the study find about fostering services?") == []
    assert asked_sides("Is co-production used in fostering?") == []
    # nor are a service and a role: "early help", "support workers"
    assert asked_sides("What did the study find about early help services?") == []
    assert asked_sides("How many family support workers were interviewed?") == []
    assert asked_sides("What helps early help teams innovate?") == ["Enablers"]
    assert asked_sides("What support do staff need?") == ["Enablers"]
    # what makes a thing hard asks for barriers; "hard evidence" and "hard-to-reach" do not
    assert asked_sides("Why is co-production hard?") == ["Barriers"]
    assert asked_sides("What makes co-production so tricky for managers?") == ["Barriers"]
    assert asked_sides("Why do staff find change hard?") == ["Barriers"]
    assert asked_sides("Is there hard evidence that co-production works?") == []
    assert asked_sides("How do we reach hard-to-reach families?") == []
    assert asked_sides("Is challenging practice part of co-production?") == []
    # why a thing does not happen asks what stops it; the words after "why" stay its topic
    assert asked_sides("Why does co-production training not always change practice?") == [
        "Barriers"
    ]
    assert asked_sides("Why don't staff use co-production?") == ["Barriers"]
    assert asked_sides("Why can't small teams innovate?") == ["Barriers"]
    assert asked_sides("Why is co-production important?") == []
    assert topic_terms(without_side_words("Why does training not change practice?")) == {
        "train", "chang", "practic"
    }  # fmt: skip
    # what limits or constrains a thing hinders it; its limits, or a thing limited, do not
    assert asked_sides("What limits the spread of innovation?") == ["Barriers"]
    assert asked_sides("What constrains co-production in organisations?") == ["Barriers"]
    assert asked_sides("Were there any constraints on the course?") == ["Barriers"]
    assert asked_sides("What happens when resources are limited?") == []
    assert asked_sides("What are the limits of the study?") == []
    assert topic_terms(without_side_words("What limits the spread of innovation?")) == {
        "spread", "innov"
    }  # fmt: skip
    # the hardest part, after or about something
    assert asked_sides("What did practitioners find hardest after the training?") == ["Barriers"]
    assert asked_sides("What was toughest about co-producing?") == ["Barriers"]



def test_a_follow_up_naming_a_side_asks_for_that_side_alone():
    """"what about barriers?" after "What helps co-production?" was answered with enablers."""
    barriers = standalone_question("what about barriers?", ["What helps co-production?"])
    assert asked_sides(barriers) == ["Barriers"]
    more = standalone_question("And in fostering?", ["What helps co-production?"])
    assert asked_sides(more) == ["Enablers"]  # it names no side: its context's


def test_a_follow_up_going_on_with_a_topic_of_its_own_asks_about_that_topic():
    """"and for innovation?" after "What helps co-production?" asks what helps innovation."""
    earlier = ["What helps co-production?"]
    assert topic_terms(standalone_question("and for innovation?", earlier)) == {"innov"}
    assert topic_terms(standalone_question("How about in fostering teams?", earlier)) == (
        content_terms("fostering teams")
    )
    for same_topic in ("what about barriers?", "And what hinders it?", "Why?"):
        follow_up = standalone_question(same_topic, earlier)
        assert content_terms("co-production") <= topic_terms(follow_up)
    assert topic_terms("What helps co-production?") == content_terms("helps co-production")


def test_an_answer_for_more_leaves_out_what_was_said_and_says_when_nothing_is_left():
    sentences = [
        "The course trained eighteen staff in co-production.",
        "The course ran for thirty five weeks of co-production training.",
    ]
    passages = [passage(" ".join(sentences))]
    question = "What was the co-production course?"
    assert {s for c in answer(question, passages).citations for s in c.sentences} == set(sentences)
    more = answer(question, passages, frozenset(sentences[:1]))
    assert not more.refused and more.citations[0].sentences == sentences[1:]
    nothing = answer(question, passages, frozenset(sentences))
    assert nothing.refused and nothing.text == load_prompt("nothing_more", frozenset())
    assert nothing.related  # the passages are still shown


def test_a_question_on_one_factor_asks_for_no_list_of_sides():
    """"Does a shared language help co-production?" asks what the documents say of a shared
    language; a list of every enabler left it out."""
    for question in (
        "Does a shared language help co-production?",
        "Can collective leadership support co-production?",
        "Do limited resources stop innovation?",
        "Is silo working a barrier to co-production?",
        "How does trust help innovation?",
        "What role does leadership play in enabling co-production?",
        "What evidence is there that government investment drives innovation?",
    ):
        assert asked_sides(question) == [], question
    # a list is asked for: no factor comes before the side's word, or the ways are asked
    assert asked_sides("Is there anything that helps co-production?") == ["Enablers"]
    assert asked_sides("Are there any barriers to innovation?") == ["Barriers"]
    assert asked_sides("Can you list what stops co-production?") == ["Barriers"]
    assert asked_sides("Do the studies mention barriers?") == ["Barriers"]
    assert asked_sides("Does the research say what helps innovation?") == ["Enablers"]
    assert asked_sides("What are the barriers that stop co-production?") == ["Barriers"]
    assert asked_sides("What helps innovation if there is no money?") == ["Enablers"]
    assert asked_sides("How can training in co-production help practitioners?") == ["Enablers"]


def test_a_question_on_one_factor_is_answered_by_what_is_said_of_it():
    passages = [
        passage("Peer support and stable teams enabled innovation in every site.", chunk_id="a"),
        passage("A shared language on innovation is still needed across agencies.", chunk_id="b"),
    ]
    result = answer("Does a shared language help innovation?", passages)
    assert not result.refused and "Enablers:" not in result.text
    assert result.text.startswith("A shared language on innovation is still needed")

def test_a_sentence_on_the_side_asked_answers_without_the_questions_words():
    """"Silo working still acts as an inhibiter" answers "Why is co-production hard?" in a paper
    on co-production, though it shares no word with the question; the sentence that does is on
    the other side."""
    title = "Co-production training in practice"
    texts = {
        "a": "Co-production is a catalyst for improvement in training.",
        "b": "Silo working still acts as an inhibiter for real change.",
    }
    passages = [
        Passage(Chunk(i, "d1", "a.txt", title, None, 0, len(t), None, t), 0.5)
        for i, t in texts.items()
    ]
    result = answer("Why is co-production hard?", passages)
    assert not result.refused
    assert result.text == f"Barriers:\n- {texts['b']} [1]"

def test_refuses_without_relevant_sentences_and_names_what_was_searched():
    result = answer("What is the capital of France?", [passage("Trust between staff grew slowly.")])
    assert result.refused and result.citations == []
    assert "I searched 1 document" in result.text and result.related


def test_markers_number_passages_by_first_use():
    passages = [
        passage("Peer mentoring of new staff was an enabler of innovation in teams.", chunk_id="a"),
        passage(
            "Short-term funding of new staff was a barrier to innovation in teams.", chunk_id="b"
        ),
    ]
    result = answer("What enabled or blocked innovation in teams with new staff?", passages)
    assert not result.refused
    assert result.text == (
        "Enablers:\n- Peer mentoring of new staff was an enabler of innovation in teams. [1]\n\n"
        "Barriers:\n- Short-term funding of new staff was a barrier to innovation in teams. [2]"
    )
    assert [c.passage.chunk.chunk_id for c in result.citations] == ["a", "b"]


def test_titles_and_questions_never_become_answer_sentences():
    text = "A Title\n\nDid peer mentoring of new staff help innovation in teams?"
    result = answer("Did peer mentoring of new staff help innovation in teams?", [passage(text)])
    assert result.refused


def test_a_title_run_on_into_its_author_line_is_no_answer_sentence():
    """A PDF's first lines read as one: title, authors, journal line, with no full stop."""
    title = "Repairing harm, building trust in children's homes"
    text = f"{title} Daniel Moreau and Priya Lakhani\n\nTrust was built by training staff together."
    chunk = Chunk("c1", "d1", "a.pdf", title, 1, 0, len(text), None, text)
    question = "What built trust in children's homes?"
    embedder = BagOfWordsEmbedder()
    vector = embedder.embed_batch([question])[0]
    ranked = rank_sentences(question, vector, [Passage(chunk, 0.5)], embedder)
    assert [c.text for c in ranked] == ["Trust was built by training staff together."]


def test_a_studys_question_answers_only_what_it_set_out_to_do():
    text = (
        "This paper asks what helps restorative practice in residential homes. "
        "The residential homes were in one London borough. "
        "Several grandparents said it was the first time anyone had asked what they could offer."
    )
    embedder = BagOfWordsEmbedder()

    def ranked(question: str) -> list[str]:
        vector = embedder.embed_batch([question])[0]
        kinds = answer_types(question)
        return [c.text for c in rank_sentences(question, vector, [passage(text)], embedder, kinds)]

    where = ranked("Where were the residential homes?")
    assert "This paper asks what helps restorative practice in residential homes." not in where
    # what people were asked is what they said, not the study's question
    assert any(sentence.startswith("Several grandparents") for sentence in where)
    assert "This paper asks what helps restorative practice in residential homes." in ranked(
        "What was the aim of the paper?"
    )


def test_a_list_asked_for_holds_more_than_an_answer_does():
    barriers = [
        "Staff turnover was a barrier to restorative practice.",
        "Shift patterns were a barrier to restorative practice meetings.",
        "Inspection pressure was a barrier to restorative practice in homes.",
        "Untrained agency staff were a barrier to restorative practice.",
        "Meetings held too soon were a barrier to restorative practice.",
    ]
    passages = [passage(" ".join(barriers))]
    listed = answer("List the barriers to restorative practice.", passages)
    asked = answer("What are the barriers to restorative practice?", passages)
    settings = AnswerSettings()
    assert listed.text.count("\n- ") == min(len(barriers), settings.max_listed)
    assert asked.text.count("\n- ") == settings.max_per_group


def test_words_naming_the_study_ask_for_no_side():
    assert asked_sides("What research methods did the conducive zone study combine?") == []
    assert asked_sides("What helps the Enabling Change programme?") == ["Enablers"]
    assert asked_sides("What blocks co-production in the Involving People programme?") == [
        "Barriers"
    ]


def test_a_sentence_naming_both_sides_answers_a_question_about_one():
    text = (
        "Local factors enabling or impeding innovation in social care were mapped. "
        "Silo working impedes innovation in social care teams."
    )
    barriers = answer("What impedes innovation in social care?", [passage(text)])
    assert "factors enabling or impeding" in barriers.text.split("Barriers:")[1]
    both = answer("What helps and what impedes innovation in social care?", [passage(text)])
    enablers_part = both.text.split("Barriers:")[0]
    assert "factors enabling or impeding" not in enablers_part  # one side alone only


def test_a_word_naming_the_study_counts_as_held_when_its_passage_or_title_holds_it():
    """"the conducive zone paper": the sentence answers about its own document without naming
    it, so grounding does not count the document's name against it."""
    chunk = Chunk("c1", "d1", "a.txt", "Creating a Conducive Zone", None, 0, 10, None, "")
    terms = content_terms("clusters conducive zone")
    identifying = content_terms("conducive zone")
    sentence = "Analysis enabled five clusters to emerge."
    assert held_share(terms, sentence, identifying, Passage(chunk, 0.5)) == 1.0
    elsewhere = Chunk("c2", "d2", "b.txt", "Another Paper", None, 0, 10, None, "")
    assert held_share(terms, sentence, identifying, Passage(elsewhere, 0.5)) == 1 / 3
    in_text = Chunk("c3", "d3", "c.txt", "Another Paper", None, 0, 10, None, "A conducive zone.")
    assert held_share(terms, sentence, set(), Passage(in_text, 0.5)) == 1 / 3  # names no study


def test_a_word_of_the_title_counts_as_held_once_the_sentence_holds_what_is_asked():
    """A paper on innovation speaks of innovation in every sentence, named or not: "does
    supervision matter for innovation?" is answered by "...reflexive supervisory mechanisms"."""
    terms = content_terms("does supervision matter for innovation")
    on_innovation = Chunk("c1", "d1", "a.txt", "A Zone for Innovation", None, 0, 10, None, "")
    on_training = Chunk("c2", "d2", "b.txt", "Training in Co-production", None, 0, 10, None, "")
    answering = "Reflexive supervisory mechanisms follow the grain of practice."
    assert held_share(terms, answering, set(), Passage(on_innovation, 0.5)) == 2 / 3
    assert held_share(terms, answering, set(), Passage(on_training, 0.5)) == 1 / 3
    # a sentence holding only the title's word says nothing of what was asked about it
    naming = "Innovation activity has accelerated over two decades."
    assert held_share(terms, naming, set(), Passage(on_innovation, 0.5)) == 1 / 3
    assert held_share(terms, "Nothing in common here.", set(), Passage(on_innovation, 0.5)) == 0


def relevance_under_title(question: str, sentence: str, title: str) -> float:
    embedder = BagOfWordsEmbedder()
    chunk = Chunk("c1", "d1", "a.txt", title, None, 0, len(sentence), None, sentence)
    vector = embedder.embed_batch([question])[0]
    return rank_sentences(question, vector, [Passage(chunk, 0.5)], embedder)[0].relevance


def test_a_title_word_lifts_a_sentence_holding_what_is_asked_unless_sides_are_asked():
    """The paper on innovation's sentence on culture answers "what culture does innovation
    need?" before another paper's; what helps is chosen by the words of its side alone."""
    sentence = "A relational culture of mutual trust matters most."
    asked = "What culture does innovation need?"
    assert relevance_under_title(asked, sentence, "A Zone for Innovation") > (
        relevance_under_title(asked, sentence, "Training Notes")
    )
    helps = "What helps a culture of innovation?"
    assert relevance_under_title(helps, sentence, "A Zone for Innovation") == (
        relevance_under_title(helps, sentence, "Training Notes")
    )


def test_an_answer_drawn_from_many_documents_cites_the_best_few():
    """In a collection of hundreds of reports, "what do the studies say" must not become a
    wall of text citing every one that answers about as well."""
    places = ["Fife", "Powys", "Leeds", "Kent", "Derby", "Bath", "York", "Hull"]
    passages = []
    for n, place in enumerate(places):
        text = f"In {place}, training in co-production raised staff confidence over the year."
        chunk = Chunk(f"c{n}", f"d{n}", f"{place}.txt", place, None, 0, len(text), None, text)
        passages.append(Passage(chunk, 0.5))
    result = answer("What do the studies say about staff confidence after training?", passages)
    cited = {c.passage.chunk.doc_id for c in result.citations}
    assert not result.refused
    assert len(cited) == MAX_DOCUMENTS_CITED < len(places)


def test_each_document_answers_a_question_on_both_with_the_kind_of_fact_asked():
    """"How many took part in each of the two studies?": from each document the sentence giving
    a count, not the one sharing the question's words about staff taking part."""
    texts = {
        "fife": "Staff in Fife took part in the study with great enthusiasm. Of the 40 staff "
        "invited, 12 were interviewed.",
        "powys": "Staff in Powys took part in the study willingly. Of the 25 staff invited, 9 "
        "were interviewed.",
    }
    passages = [
        Passage(Chunk(doc, doc, f"{doc}.txt", doc, None, 0, len(text), None, text), 0.5)
        for doc, text in texts.items()
    ]
    result = answer("How many staff took part in each of the two studies?", passages)
    assert "12 were interviewed" in result.text and "9 were interviewed" in result.text
    assert "enthusiasm" not in result.text and "willingly" not in result.text


def test_asked_which_documents_say_something_every_sentence_holds_a_telling_word():
    """"Which studies took place in Wales?" is not answered by "The study took place in a
    single service", though it shares more of the question's words than the Welsh sentence."""
    text = (
        "The study took place in a single service over one year. "
        "Interviews were held with care leavers in Cardiff in Wales."
    )
    question = "Which studies took place in Wales?"
    result = answer(question, [passage(text)], telling=frozenset({"wale"}))
    assert not result.refused
    assert "Cardiff" in result.text and "single service" not in result.text
    refused = answer(question, [passage(text)], telling=frozenset({"scotland"}))
    assert refused.refused


def test_a_question_asking_for_a_risk_is_answered_only_by_a_risk_stated():
    """"What are the risks of innovation?" was answered with any sentence on innovation."""
    question = "What are the risks of innovation?"
    stated = passage("The risks of innovation are staff burnout and lost trust.", chunk_id="a")
    unstated = passage("The conditions of innovation are stable staff and trust.", chunk_id="b")
    assert answer(question, [unstated]).refused
    result = answer(question, [unstated, stated])
    assert not result.refused and "staff burnout" in result.text


def test_a_sentence_writing_the_questions_phrase_is_nearer_what_was_asked():
    """ "How do policy drivers affect innovation?" was answered with "...UK policy...", not with
    the one sentence saying "policy drivers"."""
    pairs = {("polici", "driver"), ("driver", "affect"), ("affect", "innov")}
    drivers = passage("Innovation can open up even where policy drivers are weak.")
    apart = passage("Drivers of innovation were set by policy.")
    assert phrase_share(pairs, drivers.chunk.text, drivers) == 1 / 3
    assert phrase_share(pairs, apart.chunk.text, apart) == 0
    titled = Passage(replace(drivers.chunk, title="Policy drivers in social care"), 0.5)
    assert phrase_share(pairs, titled.chunk.text, titled) == 0  # the title's phrase says no more


def test_the_sentence_writing_the_phrase_asked_leads_a_fact_answer():
    drivers = passage("Innovation can open up even where policy drivers are weak.", 0.5, "c1")
    apart = passage("Policy in the UK shapes how innovation drivers work.", 0.5, "c2")
    composed = answer("How do policy drivers affect innovation?", [apart, drivers])
    assert composed.text.startswith("Innovation can open up even where policy drivers are weak.")


def under(section: str | None, text: str, chunk_id: str) -> Passage:
    chunk = Chunk(chunk_id, "d1", "a.md", "A Pilot Evaluation", None, 0, len(text), section, text)
    return Passage(chunk, 0.5)


def test_a_list_items_bullet_is_not_written_into_the_answer():
    """A Word or web page's list item is a passage line "- Each session lasted..."; the answer
    writes the sentence, the citation quotes it as the passage has it."""
    items = "- Each session lasted 90 minutes and was held fortnightly.\n\n- Each group agreed ground rules about confidentiality first."
    result = answer("How long did each session last?", [passage(items)])
    assert result.text.startswith("Each session lasted 90 minutes")
    [citation] = result.citations
    assert citation.sentences[0].startswith("- Each session") and citation.sentences[0] in items


def test_a_sections_heading_names_the_side_its_sentences_are_on():
    """Under "What got in the way", "Some social workers remained sceptical" is a barrier,
    though none of its words says so; the same sentence under "Findings" leans nowhere."""
    sceptical = "Some social workers remained sceptical of the pilot and its families."
    passages = [
        under("Background", "Families were offered a conference early in the pilot.", "a"),
        under("What got in the way", sceptical, "b"),
    ]
    result = answer("What got in the way of the pilot?", passages)
    assert not result.refused
    assert result.text.startswith("Barriers:") and sceptical in result.text
    assert heading_side("What got in the way") == "Barriers"
    assert heading_side("What helped") == "Enablers"
    assert heading_side("Findings") is None
    assert heading_side("3.2 What got in the way") == "Barriers"  # a numbered heading
    assert heading_side("Barriers and enablers to the adoption of a practice model") is None


def test_a_sentence_under_a_heading_of_the_kind_asked_gives_that_kind():
    """A paper's "Limitations" section gives its limitations in sentences that need not say
    the word: they win over a sentence that merely has a word of the same stem."""
    limited = "Staff turnover limited what the pilot could achieve in its first year."
    no_comparison = "The evaluation had no comparison group, so changes cannot be attributed."
    passages = [under("Findings", limited, "a"), under("Limitations", no_comparison, "b")]
    result = answer("What are the limitations of the evaluation?", passages)
    assert result.text.startswith(no_comparison)


def test_a_short_sentence_of_prose_can_answer_where_a_short_line_of_names_cannot():
    question = "How many statements reached consensus?"
    embedder = BagOfWordsEmbedder()
    vector = embedder.embed_batch([question])[0]
    text = "Smith J, Jones K.\n\nThirty-one statements reached consensus."
    ranked = rank_sentences(question, vector, [under("Findings", text, "a")], embedder)
    assert [c.text for c in ranked] == ["Thirty-one statements reached consensus."]


def test_views_asked_are_heard_in_the_document_answering():
    """ "What did families think of the recording app?": the app paper only mentions families'
    homes; another paper's families speak, of something else."""
    question = "What did families think of the recording app?"
    app = "Barriers to the recording app included worries about using it in families' homes."
    other = Chunk("c2", "d2", "b.txt", "Conferences", None, 0, 40, None,
                  "Families valued private family time at their conference.")  # fmt: skip
    result = answer(question, [passage(app), Passage(other, 0.4)])
    assert result.refused
    spoken = "Families said the recording app made visits feel like form-filling."
    assert not answer(question, [passage(f"{app} {spoken}"), Passage(other, 0.4)]).refused


def test_a_table_row_never_becomes_an_answer_sentence():
    row = "Supervision groups held for practitioners | practitioners taking part | 31"
    said = "In all, 31 practitioners took part in the supervision groups."
    question = "How many practitioners took part in the supervision groups?"
    embedder = BagOfWordsEmbedder()
    vector = embedder.embed_batch([question])[0]
    passages = [under("Approach", f"{said}\n\n{row}", "a")]
    ranked = rank_sentences(question, vector, passages, embedder)
    assert [c.text for c in ranked] == [said]
    # nor does a caption running on into the header cells, as a PDF's table reads
    caption = "Table 2. Practitioners taking part in supervision groups Before After"
    passages = [under("Approach", f"{said} {caption}", "a")]
    assert [c.text for c in rank_sentences(question, vector, passages, embedder)] == [said]


def test_a_markdown_heading_never_becomes_an_answer_sentence():
    text = "# Bringing families in early: an evaluation of a family group conferencing pilot"
    result = answer("What is the evaluation of a family group conferencing pilot?", [passage(text)])
    assert result.refused


def test_a_service_named_for_support_asks_for_no_side():
    assert asked_sides("How much funding did the peer support network get?") == []
    assert asked_sides("What support helps kinship carers?") == ["Enablers"]


def test_a_sentence_giving_the_views_asked_for_wins_over_one_naming_those_people():
    """"What did grandparents say about the conference?" is answered by what grandparents
    said, not by the list of who was interviewed."""
    said = "Several grandparents said the conference was the first time anyone asked them."
    listed = "What grandparents did at the conference was recorded in interviews with them."
    passages = [under("Methods", listed, "a"), under("What helped", said, "b")]
    result = answer("What did grandparents say about the conference?", passages)
    assert result.text.startswith(said)
    assert voices({"grandpar"}, said) and not voices({"grandpar"}, listed)
    assert not voices({"children"}, "The pilot described here would keep children at home.")


def test_views_of_people_no_passage_hears_from_are_refused():
    """No study asked the children: sentences about children do not give their views. Those
    a study interviewed speak through it, though no sentence says "the experts said"."""
    about = "The conference made plans for the children, and the children stayed at the conference."
    result = answer("What did the children think of the conference?", [under("Findings", about, "a")])
    assert result.refused
    interviewed = "Interviews with 21 experts found that a relational culture of trust matters."
    culture = answer("What did the experts say about culture?", [under(None, interviewed, "b")])
    assert not culture.refused


def test_a_comparison_group_asks_about_one_study():
    assert not asks_about_several_documents("Did the pilot have a comparison group?")
    assert asks_about_several_documents("Compare the two studies")


def test_the_studies_a_review_included_are_not_the_collections():
    assert not asks_about_several_documents("How many parents did the studies in the review hear from?")
    assert not asks_about_several_documents("Which of the studies included in the meta-analysis were from Wales?")
    assert asks_about_several_documents("What do the studies say about trust?")
    assert asks_about_several_documents("Compare the studies in the review")
