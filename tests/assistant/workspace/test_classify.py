"""Sorting sentences: side by cue words and prototypes, theme with a threshold, level only
where said; long sentences cut without changing a word."""

from __future__ import annotations

import re

import pytest

from assistant.settings import EvidenceMapSettings
from assistant.workspace.classify import Classifier, cut_quote
from assistant.workspace.taxonomy import DEFAULT_TAXONOMY, read_taxonomy

pytestmark = pytest.mark.slow

UNRELATED = (
    "The weather in Belfast was sunny on the day of the conference, which helped attendance."
)


@pytest.fixture(scope="module")
def classifier(embedder):
    return Classifier(read_taxonomy(DEFAULT_TAXONOMY), embedder, EvidenceMapSettings())


def sort(classifier, embedder, sentence):
    return classifier.sort(sentence, embedder.embed_batch([sentence])[0])


def test_cue_words_decide_the_side_and_a_negator_turns_an_enabler_cue_round(classifier, embedder):
    barrier = sort(classifier, embedder, "Organisational structures and silo working still act "
                   "as an inhibiter for real change.")  # fmt: skip
    enabler = sort(classifier, embedder, "Innovation is best facilitated by a stable, "
                   "well-supported workforce that feels confident.")  # fmt: skip
    negated = sort(classifier, embedder, "A lack of trust between managers and staff made it "
                   "hard to try new things.")  # fmt: skip
    assert barrier.side == "barrier" and enabler.side == "enabler" and negated.side == "barrier"
    assert classifier.cues("There was no support from managers.")["barrier"]


def test_sentences_naming_nothing_that_helps_or_hinders_are_neither(classifier, embedder):
    no_cue = "This was a small scale, qualitative study, using a purposive sampling approach."
    cue_but_not_evaluative = "Analysis enabled five clusters of conditional parameters to emerge."
    balanced = (  # one cue each way, and no nearer to either side's prototypes
        "Three four conditional parameters are identified per category, each outlining that "
        "could either facilitate create barriers needed be overcome."
    )
    for sentence in (no_cue, cue_but_not_evaluative, balanced, UNRELATED):
        assert sort(classifier, embedder, sentence) is None, sentence


def test_balanced_cues_go_to_the_clearly_nearer_prototypes(classifier, embedder):
    sentence = "The team was supportive, yet staff turnover meant the new model stalled."
    assert {side: len(found) for side, found in classifier.cues(sentence).items()} == {
        "enabler": 1, "barrier": 1
    }  # fmt: skip
    assert sort(classifier, embedder, sentence).side == "barrier"
    strict = EvidenceMapSettings(polarity_margin=0.5)
    assert (
        Classifier(classifier.taxonomy, embedder, strict).side(
            sentence, embedder.embed_batch([sentence])[0]
        )
        is None
    )


def test_an_unrelated_sentence_is_unassigned_not_forced_into_a_theme(embedder):
    lenient = EvidenceMapSettings(polarity_similarity=0.0)  # let it past the side check
    classifier = Classifier(read_taxonomy(DEFAULT_TAXONOMY), embedder, lenient)
    placed = sort(classifier, embedder, UNRELATED)
    assert placed.side == "enabler" and placed.theme is None
    assert placed.confidence < lenient.theme_threshold


def test_themes_with_their_confidence(classifier, embedder):
    culture = sort(classifier, embedder, "Organisational structures and silo working still act "
                   "as an inhibiter for real change.")  # fmt: skip
    workforce = sort(classifier, embedder, "Staff turnover and heavy workloads held back the "
                     "new model.")  # fmt: skip
    assert culture.theme == "Organisational culture, climate and processes"
    assert workforce.theme == "System capabilities"
    assert 0.35 <= culture.confidence <= 1.5


def test_levels_only_where_the_sentence_says(classifier, embedder):
    said = sort(classifier, embedder, "Government policy and national funding cuts hindered "
                "social workers in frontline practice.")  # fmt: skip
    unsaid = sort(classifier, embedder, "Trust and psychological safety helped people try new "
                  "ideas.")  # fmt: skip
    assert said.levels == ("practice", "system") and unsaid.levels == ()


def test_a_long_sentence_is_cut_around_its_cue_without_changing_a_word():
    words = [f"w{i}" for i in range(100)]
    words[70] = "barrier"
    sentence = " ".join(words[:50]) + ",  " + " ".join(words[50:]) + "."
    cut = cut_quote(sentence, sentence.index("barrier"), 30)
    assert cut.startswith("… ") and cut.endswith(" …") and "barrier" in cut
    inner = cut.removeprefix("… ").removesuffix(" …")
    assert inner in sentence and len(re.findall(r"\S+", inner)) == 30
    assert cut_quote("Short and whole.", 0, 30) == "Short and whole."
