"""The runner on a three-question file: results, reports naming the failing item, floors, CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.cli import main
from assistant.index.embedder import Embedder
from assistant.settings import BUNDLED_CORPUS
from evals.runner import (
    Config,
    EvalConfigError,
    build_settings,
    load_thresholds,
    parse_set,
    run_eval,
)

pytestmark = pytest.mark.slow

ITEMS = [
    {
        "id": "interviewed", "category": "fact",
        "question": "How many of the staff participants agreed to be interviewed?",
        "gold_facts": [["5 agreed", "five agreed"]], "gold_sources": ["002_ad9f423ab965abb9.txt"],
        "gold_passage": "Of the 18 staff participants, 5 agreed", "expect_refusal": False,
    },
    {
        "id": "france", "category": "outside", "question": "What is the capital of France?",
        "gold_facts": [], "gold_sources": [], "expect_refusal": True,
    },
    {
        "id": "made-to-fail", "category": "fact", "history": ["What was Involving People?"],
        "question": "How long was the Involving People course?",
        "gold_facts": [["purple elephants"]], "gold_sources": ["002_ad9f423ab965abb9.txt"],
        "gold_passage": "This 35-week course", "expect_refusal": False,
    },
]  # fmt: skip


@pytest.fixture
def questions(tmp_path: Path) -> Path:
    path = tmp_path / "three.jsonl"
    path.write_text("".join(json.dumps(item) + "\n" for item in ITEMS))
    return path


def thresholds(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "thresholds.toml"
    path.write_text(text)
    return path


def test_three_questions_give_results_and_reports_that_name_the_failing_item(
    questions: Path, tmp_path: Path, output_dir: Path, embedder: Embedder
) -> None:
    floors = thresholds(tmp_path, "[floors]\npass_rate = 0.9\nrefusal_accuracy = 1.0\n")
    result = run_eval(questions, reports_root=output_dir, thresholds_path=floors, embedder=embedder)

    [config] = result.configs
    assert [s.item.id for s in config.scores if s.passed] == ["interviewed", "france"]
    assert config.summary["pass_rate"] == pytest.approx(2 / 3)
    assert config.summary["refusal_accuracy"] == 1.0
    assert result.violations == ["default: pass_rate 0.667 is below the floor 0.9"]

    folder = result.report_dir
    assert folder.parent == output_dir
    rows = [json.loads(line) for line in (folder / "results.jsonl").read_text().splitlines()]
    assert [(r["id"], r["passed"]) for r in rows] == [
        ("interviewed", True), ("france", True), ("made-to-fail", False),
    ]  # fmt: skip
    assert rows[2]["missed"] == ["missing fact: purple elephants"]
    assert rows[2]["failure"] == "cited a gold document, missed a fact, passage or document"
    assert rows[0]["failure"] is None
    assert rows[2]["history"] == ["What was Involving People?"]
    assert rows[0]["answer"]["citations"][0]["source"] == "002_ad9f423ab965abb9.txt"
    assert rows[0]["gold_ranks"] and rows[0]["gold_ranks"][0] is not None

    report = (folder / "report.md").read_text()
    assert "## Failing items: default (1)" in report
    assert "### made-to-fail (fact)" in report and "- missing fact: purple elephants" in report
    assert "### interviewed" not in report and "pass_rate 0.667 is below the floor 0.9" in report
    assert "| cited a gold document, missed a fact, passage or document | 1 |" in report
    assert "| refused an answerable question | 0 |" in report

    page = (folder / "report.html").read_text()
    assert "<section class='item' id='made-to-fail'>" in page
    assert "missing fact: purple elephants" in page and "id='interviewed'" not in page
    assert "<h2>Why items failed</h2>" in page
    assert page.count("<svg") == 8  # seven metric families and the categories
    assert "http" not in page.replace("http://www.w3.org/2000/svg", "")  # no external assets
    summary = json.loads((folder / "summary.json").read_text())
    assert summary["default"]["pass_rate"] == pytest.approx(2 / 3)


def test_the_command_prints_the_table_and_exits_1_naming_the_metric(
    questions: Path, tmp_path: Path
) -> None:
    floors = thresholds(tmp_path, "[floors]\nfact_coverage = 0.9\n")
    out = tmp_path / "reports"
    result = CliRunner().invoke(
        main,
        ["eval", "--questions", str(questions), "--out", str(out), "--thresholds", str(floors)],
    )
    assert result.exit_code == 1, result.output
    assert "below floor: default: fact_coverage 0.500 is below the floor 0.9" in result.stderr
    assert "key-fact coverage" in result.stdout and "0.500 !" in result.stdout
    assert "2/3 items pass" in result.stdout
    [folder] = out.iterdir()
    assert {p.name for p in folder.iterdir()} >= {"results.jsonl", "report.md", "report.html"}


def test_compare_puts_configurations_side_by_side(questions: Path, tmp_path: Path) -> None:
    narrow, wide = tmp_path / "narrow.toml", tmp_path / "wide.toml"
    narrow.write_text("[retrieval]\nk = 1\n")
    wide.write_text("[retrieval]\nk = 8\n[answer]\nmax_sentences = 3\n")
    out = tmp_path / "reports"
    args = ["eval", "--questions", str(questions), "--out", str(out),
            "--thresholds", str(thresholds(tmp_path, "")), "--compare", str(narrow), str(wide)]  # fmt: skip
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    [folder] = out.iterdir()
    report = (folder / "report.md").read_text()
    assert "| metric | narrow | wide | threshold |" in report
    assert "retrieval.k = 1" in report and "answer.max_sentences = 3" in report
    rows = [json.loads(line) for line in (folder / "results.jsonl").read_text().splitlines()]
    assert [r["config"] for r in rows] == ["narrow"] * 3 + ["wide"] * 3
    assert max(len(r["answer"]["citations"]) for r in rows if r["config"] == "narrow") == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--set", "retrieval.k=abc"], "retrieval.k: Input should be a valid integer"),
        (["--set", "retrieval.kk=3"], "unknown setting 'retrieval.kk'"),
        (["--set", "novalue"], "write it as section.key=value"),
        (["--llm", "nonsense"], "unknown backend 'nonsense'"),
        (["a.toml"], "only read with --compare"),
        (["--compare", "a.toml"], "--compare needs two or more configuration files"),
        (["--compare", "a.toml", "b.toml"], "a.toml: no such configuration file"),
        (["--questions", "missing.jsonl"], "missing.jsonl: no such questions file"),
    ],
)
def test_mistakes_are_one_line_and_exit_2(args: list[str], message: str) -> None:
    result = CliRunner().invoke(main, ["eval", *args])
    assert result.exit_code == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_set_values_are_read_as_toml_and_bare_words_as_text() -> None:
    assert parse_set(["retrieval.k=8", "answer.refusal_threshold=0.6", "llm.backend=ollama:x"]) == {
        "retrieval.k": 8,
        "answer.refusal_threshold": 0.6,
        "llm.backend": "ollama:x",
    }


def test_each_configuration_gets_a_private_embedded_index(tmp_path: Path) -> None:
    settings = build_settings(Config("c", {"retrieval.k": 3}), tmp_path)
    assert settings.data_dir == tmp_path and settings.chroma_url is None
    assert settings.retrieval.k == 3


def test_thresholds_name_only_known_metrics(tmp_path: Path) -> None:
    with pytest.raises(EvalConfigError, match="unknown section or metric recall_at_10"):
        load_thresholds(thresholds(tmp_path, "[floors]\nrecall_at_10 = 0.5\n"))
    limits = load_thresholds(thresholds(tmp_path, "[floors]\nmrr = 0.5\n[ceilings]\nhygiene = 1\n"))
    assert limits.violations({"mrr": 0.4, "hygiene": 1.0}) == ["mrr 0.400 is below the floor 0.5"]
    assert limits.violations({"mrr": None, "hygiene": None}) == []


def test_with_noise_generic_reports_go_in_beside_the_corpus(
    questions: Path, tmp_path: Path, embedder: Embedder
) -> None:
    floors = thresholds(tmp_path, "[floors]\n")
    result = run_eval(
        questions, reports_root=tmp_path / "reports", thresholds_path=floors, embedder=embedder,
        noise=3,
    )  # fmt: skip
    [config] = result.configs
    assert config.documents == 2 + 3
    assert [s.item.id for s in config.scores if s.passed] == ["interviewed", "france"]


def test_documents_replace_the_bundled_corpus(questions: Path, tmp_path: Path) -> None:
    """An evaluator's own files are what is searched: with only the course paper given, the
    course item still passes, and the table counts one document."""
    course = tmp_path / "course"
    course.mkdir()
    (course / "002_ad9f423ab965abb9.txt").write_bytes(
        (BUNDLED_CORPUS / "002_ad9f423ab965abb9.txt").read_bytes()
    )
    out = tmp_path / "reports"
    args = ["eval", "--questions", str(questions), "--out", str(out),
            "--thresholds", str(thresholds(tmp_path, "")), "--documents", str(course)]  # fmt: skip
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "2/3 items pass (1 documents)" in result.stdout
