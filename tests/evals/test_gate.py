"""The evaluation gate of ``make test``: the whole question file on the extractive answer must
meet every floor in evals/thresholds.toml. A failure names the metrics and the report to read."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.index.embedder import Embedder
from assistant.settings import BUNDLED_CORPUS
from evals.questions import DEFAULT_QUESTIONS
from evals.runner import DEFAULT_THRESHOLDS, Config, llm_override, run_eval


def floors_missed(
    questions: Path,
    thresholds: Path,
    embedder: Embedder,
    output_dir: Path,
    documents: list[Path] | None = None,
) -> tuple[int, int, list[str]]:
    """The extractive answers evaluated: how many items, how many documents, and each floor
    missed with the report to read."""
    extractive = Config("extractive", llm_override("extractive"))
    result = run_eval(
        questions, [extractive], reports_root=output_dir, thresholds_path=thresholds,
        embedder=embedder, documents=documents or [],
    )  # fmt: skip
    report = result.report_dir / "report.md"
    missed = [*result.violations, f"see {report}"] if result.violations else []
    config = result.configs[0]
    return len(config.scores), config.documents, missed


@pytest.mark.slow
def test_the_extractive_answers_meet_every_floor(embedder: Embedder, output_dir: Path) -> None:
    items, _, missed = floors_missed(DEFAULT_QUESTIONS, DEFAULT_THRESHOLDS, embedder, output_dir)
    assert items >= 40
    assert not missed, "\n".join(missed)


MORE_DOCUMENTS = Path(__file__).parents[2] / "evals" / "more_documents"


@pytest.mark.slow
def test_answers_on_documents_no_answer_code_was_written_for_meet_their_floors(
    embedder: Embedder, output_dir: Path
) -> None:
    """Sixteen papers and 249 questions written after the answer code, beside the bundled two:
    how the answering does on documents it was not fitted to."""
    _, documents, missed = floors_missed(
        MORE_DOCUMENTS / "questions.jsonl", MORE_DOCUMENTS / "thresholds.toml", embedder,
        output_dir, [BUNDLED_CORPUS, MORE_DOCUMENTS / "corpus"],
    )  # fmt: skip
    assert documents == 18
    assert not missed, "\n".join(missed)
