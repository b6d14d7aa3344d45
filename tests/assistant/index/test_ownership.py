"""One owner per data folder's store, with real processes: a process holding the embedded store
turns others away with a message; a hosted store is shared by every process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant import Assistant, Settings
from assistant.index import ownership
from tests.servers import free_port

pytestmark = pytest.mark.slow

NOTE = "Grandparent carers in Fife asked for evening drop-in sessions at the family centre.\n"


def carechat(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CARECHAT_DATA_DIR": str(data_dir), "HF_HUB_OFFLINE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "assistant.cli", *args],
        capture_output=True, text=True, env=env, timeout=300, check=False,
    )  # fmt: skip


def test_a_second_process_is_refused_while_one_holds_the_store(assistant, isolated_data_dir):
    assert assistant.store.count() == 0  # opens the embedded store: this process holds it
    refused = carechat(isolated_data_dir, "list")
    assert refused.returncode == 2
    message = refused.stderr.strip()
    assert len(message.splitlines()) == 1, "one line, no traceback"
    assert f"process {os.getpid()}" in message and "carechat serve" in message

    assistant.store.close()
    assert carechat(isolated_data_dir, "list").returncode == 0, "free once it is closed"
    assert assistant.store.count() == 0, "and this process opens it again on its next call"


def test_claims_within_one_process_share_the_store(isolated_data_dir, embedder):
    first = Assistant(Settings(data_dir=isolated_data_dir), embedder=embedder)
    second = Assistant(Settings(data_dir=isolated_data_dir), embedder=embedder)
    assert first.store.count() == second.store.count() == 0
    first.store.close()
    assert carechat(isolated_data_dir, "list").returncode == 2, "the second still holds it"
    second.store.close()
    assert carechat(isolated_data_dir, "list").returncode == 0


def test_an_app_cannot_start_while_a_command_holds_the_store(assistant, isolated_data_dir):
    assistant.store.count()
    result = carechat(isolated_data_dir, "serve", "--port", str(free_port()))
    assert result.returncode == 2 and "is in use by" in result.stderr
    assert not (isolated_data_dir / ownership.SERVER_FILE).exists()


def test_a_server_file_left_by_a_killed_app_is_ignored(assistant, isolated_data_dir, tmp_path):
    isolated_data_dir.mkdir(parents=True, exist_ok=True)
    dead = {"url": f"http://127.0.0.1:{free_port()}", "pid": 999999, "server_pid": 999999}
    (isolated_data_dir / ownership.SERVER_FILE).write_text(json.dumps(dead))
    assert ownership.hosted_url(isolated_data_dir) is None
    note = tmp_path / "fife.txt"
    note.write_text(NOTE)
    assert assistant.ingest([note]).complete, "the embedded store is used instead"


def test_a_hosted_store_is_shared_by_every_process(assistant, isolated_data_dir, tmp_path):
    note = tmp_path / "fife.txt"
    note.write_text(NOTE)
    with assistant.hosting_store():
        url = ownership.hosted_url(isolated_data_dir)
        assert url is not None and url.startswith("http://127.0.0.1:")
        assert assistant.documents() == []  # this process is a client of its own server

        ingested = carechat(isolated_data_dir, "ingest", str(note))
        assert ingested.returncode == 0, ingested.stderr
        assert [d.source for d in assistant.documents()] == ["fife.txt"], "seen at once"
        answer = assistant.ask("What did grandparent carers in Fife ask for?")
        assert not answer.refused and "evening drop-in" in answer.text

        removed = carechat(isolated_data_dir, "remove", "fife.txt")
        assert removed.returncode == 0, removed.stderr
        assert assistant.documents() == []
        assert assistant.ask("What did grandparent carers in Fife ask for?").refused

    assert not (isolated_data_dir / ownership.SERVER_FILE).exists()
    assert ownership.hosted_url(isolated_data_dir) is None
    assert carechat(isolated_data_dir, "list").returncode == 0, "the server is gone, lock free"
