"""The carechat command, run as users run it: a real process on a real index."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

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
            "question", "answer", "refused", "citations", "timings", "backend", "checked"
        }
        assert obj["backend"] == "extractive" and obj["checked"] is None
        assert set(obj["timings"]) == {"retrieve_ms", "answer_ms"}
    answered, refused = objects
    assert not answered["refused"] and refused["refused"] and refused["citations"] == []
    citation = answered["citations"][0]
    assert set(citation) == {"n", "source", "title", "page", "text", "score", "chunk_id"}
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


def test_chat_loop_answers_and_quits_on_empty_line():
    result = carechat("chat", stdin="How long was the Involving People course?\n\n")
    assert result.returncode == 0, result.stderr
    assert "35-week course" in result.stdout and "Sources:" in result.stdout


def test_ask_prints_sources_and_possibly_related_passages():
    result = carechat("ask", "What sampling approach was used?", "What is the capital of France?")
    assert (
        "purposive sampling" in result.stdout
        and "[1] Does training in co-production" in result.stdout
    )
    assert "Possibly related (these do not answer the question):" in result.stdout
