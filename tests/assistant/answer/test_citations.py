"""The citation check on model text: markers kept only where the cited passage supports the
sentence, unsupported sentences dropped or marked, nothing shown before a usable sentence."""

from __future__ import annotations

import pytest

from assistant.answer.citations import UNSUPPORTED_MARK, CitationChecker
from assistant.answer.support import SUPPORT_THRESHOLD
from assistant.models import CheckCounts, Chunk, Passage
from assistant.settings import LlmSettings

pytestmark = pytest.mark.slow  # the real embedding model scores support

PASSAGES = [
    (
        "Training in co-production can act as a catalyst for wider service improvements. "
        "Participants valued the time to reflect with peers."
    ),
    (
        "Organisational structures and silo working still act as an inhibiter for real change. "
        "Managers reported little time for new ways of working."
    ),
    "Of the 18 staff participants, 5 agreed to be interviewed about the course.",
]


def passage(n: int, text: str) -> Passage:
    return Passage(
        Chunk(f"chunk{n}", "doc", "study.txt", "A study", None, 0, len(text), None, text), 0.5
    )


def checker(policy: str = "drop") -> CitationChecker:
    from assistant.index.embedder import MiniLMEmbedder

    passages = [passage(n, text) for n, text in enumerate(PASSAGES, start=1)]
    return CitationChecker(passages, MiniLMEmbedder(), threshold=SUPPORT_THRESHOLD, policy=policy)


def run(check: CitationChecker, text: str, piece: int = 5) -> list[str]:
    """Feed ``text`` in small pieces as a model streams it; the released pieces in order."""
    released = [check.feed(text[i : i + piece]) for i in range(0, len(text), piece)]
    return [*released, check.finish()]


def test_default_threshold_is_the_support_modules():
    assert LlmSettings().support_threshold == SUPPORT_THRESHOLD


def test_supported_sentences_keep_renumbered_markers_and_unsupported_ones_are_dropped():
    check = checker()
    text = (
        "Silo working acts as an inhibiter for real change [2]. "
        "Training can be a catalyst for wider service improvements. [1] "
        "The moon is made of cheese [3]."
    )
    released = run(check, text)
    assert "".join(released) == check.text
    assert check.text == (
        "Silo working acts as an inhibiter for real change. [1] "
        "Training can be a catalyst for wider service improvements. [2]"
    )
    assert [c.passage.chunk.chunk_id for c in check.citations] == ["chunk2", "chunk1"]
    assert check.citations[0].sentences == ["Silo working acts as an inhibiter for real change."]
    assert check.counts == CheckCounts(sentences=3, supported=2, dropped=1)
    assert check.usable


def test_markers_for_passages_not_given_are_removed():
    check = checker()
    run(check, "Five of the 18 staff agreed to be interviewed [3][9]. Budgets doubled [9].")
    assert "[9]" not in check.text and "Budgets" not in check.text
    assert check.text == "Five of the 18 staff agreed to be interviewed. [1]"
    assert check.removed_markers == 2
    assert check.counts == CheckCounts(sentences=2, supported=1, dropped=1)


def test_a_wrong_number_is_not_supported_even_by_a_similar_passage():
    check = checker()
    run(check, "Twelve of the 30 staff agreed to be interviewed [3].")
    assert not check.usable and check.counts == CheckCounts(1, 0, 1)
    assert check.problem() == "wrote nothing the passages it cited support"


def test_mark_policy_keeps_unsupported_sentences_visibly_marked():
    check = checker("mark")
    run(check, "Silo working acts as an inhibiter for real change [2]. Funding was generous [1].")
    assert check.text == (
        "Silo working acts as an inhibiter for real change. [1] "
        f"Funding was generous. [2] {UNSUPPORTED_MARK}"
    )
    assert check.counts == CheckCounts(sentences=2, supported=1, dropped=0)
    assert check.citations[1].sentences == [], "a marked sentence is no evidence for its passage"


def test_nothing_is_released_before_the_first_supported_sentence():
    check = checker()
    released = run(check, "Co-production is popular. Everyone agrees [1]. Silo working acts as an "
                          "inhibiter for real change [2]. Managers had little time [2].")  # fmt: skip
    shown = [piece for piece in released if piece]
    assert shown[0].startswith("Silo working"), "uncited and unsupported text never shows"
    assert check.text == (
        "Silo working acts as an inhibiter for real change. [1] Managers had little time. [1]"
    )


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "returned an empty answer"),
        ("   \n\n", "returned an empty answer"),
        (
            "Co-production helps services improve. Staff like it.",
            "cited none of the passages it was given",
        ),
        ("The passages do not answer this question.", "found no answer in the passages"),
        ("The capital of France is Paris [1].", "wrote nothing the passages it cited support"),
    ],
)
def test_unusable_answers_say_why(text, problem):
    check = checker()
    assert "".join(run(check, text)) == ""
    assert not check.usable and check.problem() == problem


def test_enablers_and_barriers_layout_survives_the_check():
    check = checker()
    run(check, "**Enablers:**\n- Training can be a catalyst for wider service improvements [1].\n"
               "- Free lunches for all [1].\n\n**Barriers:**\n"
               "- Silo working acts as an inhibiter for real change [2].\n")  # fmt: skip
    assert check.text == (
        "**Enablers:**\n- Training can be a catalyst for wider service improvements. [1]\n\n"
        "**Barriers:**\n- Silo working acts as an inhibiter for real change. [2]"
    )


def test_a_heading_with_nothing_left_under_it_is_dropped():
    check = checker()
    run(check, "Enablers:\n- Free lunches for all [1].\nBarriers:\n"
               "- Silo working acts as an inhibiter for real change [2].")  # fmt: skip
    assert check.text == "Barriers:\n- Silo working acts as an inhibiter for real change. [1]"


def test_a_statement_that_the_passages_are_silent_stays_uncited():
    check = checker()
    run(check, "Silo working acts as an inhibiter for real change [2]. "
               "The passages do not mention budgets.")  # fmt: skip
    assert check.text.endswith("[1] The passages do not mention budgets.")
    assert check.counts == CheckCounts(sentences=1, supported=1, dropped=0)


def test_a_marker_split_across_stream_pieces_stays_with_its_sentence():
    check = checker()
    released = run(check, "Silo working acts as an inhibiter for real change. [2] Managers "
                          "had little time [2].", piece=1)  # fmt: skip
    assert "".join(released) == check.text
    assert check.text.startswith("Silo working acts as an inhibiter for real change. [1] ")
