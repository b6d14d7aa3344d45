"""The app and the CLI on one data folder, as real processes: what one changes, the other sees on
its next question, with no restart (``carechat serve`` hosts the store; the CLI is its client)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from gradio_client import Client, handle_file

from assistant.index import ownership
from tests.assistant.web.conftest import Server, running_app

pytestmark = pytest.mark.slow

FIFE = "Grandparent carers in Fife asked for evening drop-in sessions at the family centre.\n"
FIFE_QUESTION = "What did grandparent carers in Fife ask for?"
ORKNEY = "Young carers in Orkney asked for a quiet homework room at the youth club.\n"
ORKNEY_QUESTION = "What did young carers in Orkney ask for?"


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with running_app(tmp_path_factory.mktemp("shared") / "data") as started:
        yield started


@pytest.fixture
def client(app: Server) -> Iterator[Client]:
    client = Client(app.url, verbose=False, download_files=False)
    yield client
    client.close()


def carechat(app: Server, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CARECHAT_DATA_DIR": str(app.data_dir), "HF_HUB_OFFLINE": "1",
           "CARECHAT_CONFIG_FILE": str(app.data_dir.parent / "absent.toml")}  # fmt: skip
    return subprocess.run(
        [sys.executable, "-m", "assistant.cli", *args],
        capture_output=True, text=True, env=env, timeout=300, check=False,
    )  # fmt: skip


def ask(client: Client, question: str, doc_ids: list[str] | None = None) -> tuple[str, str]:
    chat, sources, *_ = client.predict(question, doc_ids or [], api_name="/ask")
    content = chat[-1]["content"]
    text = content if isinstance(content, str) else "".join(p["text"] for p in content)
    return text, sources


def document_ids(client: Client) -> dict[str, str]:
    """File name -> id, from the app's document filter."""
    _, only, *_ = client.predict([], api_name="/documents")
    return {label.rsplit("(", 1)[-1].rstrip(")"): doc_id for label, doc_id in only["choices"]}


def test_the_app_hosts_the_store_for_the_cli(app: Server) -> None:
    assert ownership.hosted_url(app.data_dir) is not None
    listed = carechat(app, "list")
    assert listed.returncode == 0, listed.stderr
    assert "002_ad9f423ab965abb9.txt" in listed.stdout, "the CLI sees the app's corpus"


def test_what_the_cli_ingests_is_answered_by_the_running_app(
    app: Server, client: Client, tmp_path: Path
) -> None:
    folder = tmp_path / "new"
    folder.mkdir()
    (folder / "fife.txt").write_text(FIFE)
    ingested = carechat(app, "ingest", str(folder))
    assert ingested.returncode == 0, ingested.stderr

    answer, sources = ask(client, FIFE_QUESTION)
    assert "evening drop-in" in answer and "fife.txt" in sources
    only_fife = [document_ids(client)["fife.txt"]]
    answer, _ = ask(client, FIFE_QUESTION, only_fife)
    assert "evening drop-in" in answer, "a filter on a document the CLI added works"

    removed = carechat(app, "remove", "fife.txt")
    assert removed.returncode == 0, removed.stderr
    assert "fife.txt" not in document_ids(client)
    answer, _ = ask(client, FIFE_QUESTION)
    assert "evening drop-in" not in answer and "don&#x27;t answer" in answer


def test_what_the_app_uploads_the_cli_can_remove(
    app: Server, client: Client, tmp_path: Path
) -> None:
    upload = tmp_path / "orkney.txt"
    upload.write_text(ORKNEY)
    client.predict([handle_file(str(upload))], [], False, api_name="/upload")
    answer, _ = ask(client, ORKNEY_QUESTION)
    assert "homework room" in answer

    listed = carechat(app, "list")
    assert "orkney.txt" in listed.stdout
    removed = carechat(app, "remove", "orkney.txt")
    assert removed.returncode == 0, removed.stderr

    table, *_ = client.predict([], api_name="/documents")  # the page load no longer breaks
    assert "orkney.txt" not in table and "002_ad9f423ab965abb9.txt" in table
    answer, _ = ask(client, ORKNEY_QUESTION)
    assert "homework room" not in answer and "don&#x27;t answer" in answer
