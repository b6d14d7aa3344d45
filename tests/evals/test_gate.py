"""The evaluation gate of ``make test``: the whole question file on the extractive answer must
meet every floor in evals/thresholds.toml. A failure names the metrics and the report to read."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.index.embedder import Embedder
from assistant.settings import BUNDLED_CORPUS
from evals.questions import DEFAULT_QUESTIONS
from evals.runner import DEFAULT_THRESHOLDS, Config, llm_override, run_eval


@pytest.mark.slow
def test_the_extractive_answers_meet_every_floor(
    embedder: Embedder, output_dir: Path
) -> None:
    extractive = Config("extractive", llm_override("extractive"))
    result = run_eval(
        DEFAULT_QUESTIONS,
        [extractive],
        reports_root=output_dir,
        thresholds_path=DEFAULT_THRESHOLDS,
        embedder=embedder,
    )
    assert len(result.configs[0].scores) >= 40
    report = result.report_dir / "report.md"
    assert not result.violations, "\n".join([*result.violations, f"see {report}"])


MORE_DOCUMENTS = Path(__file__).parents[2] / "evals" / "more_documents"


@pytest.mark.slow
def test_answers_on_documents_no_answer_code_was_written_for_meet_their_floors(
    embedder: Embedder, output_dir: Path
) -> None:
    """Five papers and 86 questions written after the answer code, beside the bundled two:
    how the answering does on documents it was not fitted to."""
    extractive = Config("extractive", llm_override("extractive"))
    result = run_eval(
        MORE_DOCUMENTS / "questions.jsonl",
        [extractive],
        reports_root=output_dir,
        thresholds_path=MORE_DOCUMENTS / "thresholds.toml",
        embedder=embedder,
        documents=[BUNDLED_CORPUS, MORE_DOCUMENTS / "corpus"],
    )
    assert result.configs[0].documents == 7
    report = result.report_dir / "report.md"
    assert not result.violations, "\n".join([*result.violations, f"see {report}"])
