"""The carechat command, run as users run it: a real process on a real index."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant import Assistant, Settings
from assistant.settings import BUNDLED_CORPUS

pytestmark = pytest.mark.slow

CARECHAT = [sys.executable, "-m", "assistant.cli"]


def carechat(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CARECHAT, *args],
        capture_output=True,
        text=True,
        input=stdin,
        env=os.environ.copy(),
        timeout=300,
        check=False,
    )


def test_ask_json_ingests_the_bundled_corpus_first_and_keeps_the_shape():
    questions = [
        "How many staff participants agreed to be interviewed?",
        "What is the capital of France?",
    ]
    result = carechat("ask", "--json", *questions)
    assert result.returncode == 0, result.stderr
    assert "ingesting the bundled corpus first" in result.stderr
    lines = result.stdout.strip().splitlines()
    objects = [json.loads(line) for line in lines]
    assert [o["question"] for o in objects] == questions
    for obj in objects:
        assert set(obj) == {
            "question", "answer", "refused", "citations", "timings", "backend", "checked",
            "notice", "ambiguity",
        }
        assert obj["backend"] == "extractive" and obj["checked"] is None
        assert obj["notice"] is None and obj["ambiguity"] is None
        assert set(obj["timings"]) == {"retrieve_ms", "answer_ms"}
    answered, refused = objects
    assert not answered["refused"] and refused["refused"] and refused["citations"] == []
    citation = answered["citations"][0]
    assert set(citation) == {
        "n", "source", "title", "page", "text", "score", "chunk_id", "dense_rank", "lexical_rank",
        "authors", "year", "label", "reference",
    }
    assert citation["n"] == 1 and citation["source"] == "002_ad9f423ab965abb9.txt"
    assert citation["page"] is None and isinstance(citation["score"], float)


def test_ingest_list_remove_and_exit_codes(tmp_path: Path):
    good = tmp_path / "good.md"
    good.write_text("# Peer support\n\nPeer support groups helped carers shape local services.\n")
    empty = tmp_path / "empty.txt"
    empty.write_text("")

    partial = carechat("ingest", str(good), str(empty))
    assert partial.returncode == 1
    assert "FAILED empty.txt: empty.txt is empty" in partial.stdout

    again = carechat("ingest", str(good))
    assert again.returncode == 0 and "1 unchanged" in again.stdout

    listing = carechat("list")
    assert "good.md" in listing.stdout and "Peer support" in listing.stdout

    assert carechat("ingest", str(empty)).returncode == 2
    removed = carechat("remove", "good.md")
    assert removed.returncode == 0 and "Removed good.md" in removed.stdout
    missing = carechat("remove", "good.md")
    assert missing.returncode == 2
    assert missing.stderr.startswith("error: 'good.md' is not in the collection")
    assert "Traceback" not in missing.stderr


def test_meta_corrects_a_document_and_list_shows_it(tmp_path: Path):
    report = tmp_path / "fife-review.md"
    report.write_text("# Fife peer support review\n\nPeer support groups helped carers shape services.")
    assert carechat("ingest", str(report)).returncode == 0
    listed = carechat("list").stdout
    assert "no authors recorded: add them with `carechat meta" in listed

    result = carechat(
        "meta", "fife-review.md", "--authors", "Patton, Sonia; McGlade, Anne", "--year", "2021",
        "--journal", "Practice",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "fife-review.md: Patton and McGlade (2021)" in result.stdout
    assert "authors: Patton, Sonia; McGlade, Anne" in result.stdout
    assert "Patton and McGlade (2021), Practice" in carechat("list").stdout
    shown = carechat("meta", "fife-review.md")
    assert "journal: Practice" in shown.stdout and "year: 2021" in shown.stdout

    unknown = carechat("meta", "absent.pdf", "--year", "2020")
    assert unknown.returncode == 2 and "'absent.pdf' is not in the collection" in unknown.stderr
    bad_year = carechat("meta", "fife-review.md", "--year", "twenty")
    assert bad_year.returncode == 2 and "--year" in bad_year.stderr


def test_references_prints_a_reference_list_or_a_bibtex_file(tmp_path: Path):
    assert carechat("ingest", str(BUNDLED_CORPUS)).returncode == 0
    harvard = carechat("references")
    assert harvard.returncode == 0, harvard.stderr
    assert "Lefevre, M., Temperley, J. and Goldsmith, C. (2025) ‘Creating a Conducive Zone" in (
        harvard.stdout
    )
    apa = carechat("references", "000_2ab42ee1a9a58a36.txt", "--format", "apa").stdout
    assert apa.startswith("Lefevre, M., Temperley, J., & Goldsmith, C. (2025).")
    assert "Patton" not in apa
    bib = tmp_path / "refs.bib"
    bib.write_text(carechat("references", "--format", "bib").stdout)
    assert "@article{Lefevre2025," in bib.read_text()
    assert carechat("references", "absent.pdf").returncode == 2


def test_chat_loop_answers_and_quits_on_empty_line():
    result = carechat("chat", stdin="How long was the Involving People course?\n\n")
    assert result.returncode == 0, result.stderr
    assert "35-week course" in result.stdout and "Sources:" in result.stdout


def test_ask_prints_sources_and_possibly_related_passages():
    result = carechat("ask", "What sampling approach was used?", "What is the capital of France?")
    assert (
        "purposive sampling" in result.stdout
        and "[1] Patton, McGlade and Elliott (n.d.) — 002_ad9f423ab965abb9.txt" in result.stdout
    )
    assert "Possibly related (these do not answer the question):" in result.stdout


def test_ask_answers_every_valid_question_and_reports_each_invalid_one_in_its_place():
    questions = ["How long was the Involving People course?", "", "What is the capital of France?"]
    result = carechat("ask", "--json", *questions)
    assert result.returncode == 1, result.stderr
    answered, invalid, refused = (json.loads(line) for line in result.stdout.strip().splitlines())
    assert answered["question"] == questions[0] and not answered["refused"]
    assert invalid == {"question": "", "error": invalid["error"]}
    assert invalid["error"].startswith("the question is empty")
    assert refused["question"] == questions[2] and refused["refused"]
    assert "Traceback" not in result.stderr


def test_ask_without_json_reports_an_invalid_question_on_stderr_and_goes_on():
    result = carechat("ask", "   ", "How long was the Involving People course?")
    assert result.returncode == 1
    assert "error: question 1: the question is empty" in result.stderr
    assert "35-week course" in result.stdout and "Traceback" not in result.stderr


def test_list_marks_a_document_cut_short_and_ingest_repairs_it(tmp_path: Path, embedder):
    notes = tmp_path / "notes.md"
    notes.write_text(" ".join(
        f"Peer support group {n} helped carers shape local services in its own way." for n in range(40)
    ))  # fmt: skip
    assistant = Assistant(Settings(), embedder=embedder)
    assistant.ingest([notes])
    ids = assistant.store.chunk_ids({"source": "notes.md"})
    assert len(ids) > 2
    assistant.store.delete(ids[:2])  # what a crash inside a store write leaves behind
    assistant.store.close()  # let the CLI open the store

    listed = carechat("list")
    assert f"INCOMPLETE: {len(ids) - 2} of {len(ids)} chunks stored" in listed.stdout
    assert "run carechat ingest again to repair" in listed.stdout

    assert carechat("ingest", str(notes)).returncode == 0
    assert "INCOMPLETE" not in carechat("list").stdout
