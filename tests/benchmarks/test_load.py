"""The load benchmark's own logic: which questions it asks and how it reports a run."""

from __future__ import annotations

from benchmarks.load import Run, _questions
from evals.questions import DEFAULT_QUESTIONS, load_questions


def test_it_asks_the_evaluation_questions_that_stand_alone():
    asked = _questions()
    items = load_questions(DEFAULT_QUESTIONS)
    assert asked == [item.question for item in items if not item.history]
    assert len(asked) > 50


def test_a_run_reports_errors_percentiles_and_cpu_per_answer():
    run = Run(users=2, latencies=[0.1, 0.2, 0.3, 0.4], errors=["AppError: boom"], seconds=2.0,
              app_cpu=0.2, client_cpu=0.4)  # fmt: skip
    row = run.row()
    assert "2 users" in row and "4 answers" in row and "1 errors" in row
    assert "p50   0.25 s" in row and "max   0.40 s" in row and "2.0 answers/s" in row
    assert "app 50 ms" in row and "clients 100 ms" in row
