"""The same Assistant on a real Chroma server (`chroma run`), as a team sharing one collection."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from assistant import Assistant, Settings
from assistant.errors import StoreError
from assistant.index.embedder import Embedder
from assistant.index.ownership import chroma_command
from assistant.index.store import ChunkStore
from assistant.settings import BUNDLED_CORPUS
from tests.servers import free_port, stop, wait_until_ok

pytestmark = pytest.mark.slow

STARTUP_SECONDS = 60
FACT_SOURCE = "002_ad9f423ab965abb9.txt"
OTHER_SOURCE = "000_2ab42ee1a9a58a36.txt"


@dataclass
class ChromaServer:
    url: str
    path: Path
    log: Path
    process: subprocess.Popen[bytes] | None = None

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process)


def _wait_for_heartbeat(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    problem = wait_until_ok(f"{url}/api/v2/heartbeat", process, STARTUP_SECONDS)
    if problem:
        pytest.fail(f"chroma run {problem}:\n{log.read_text()}")


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[ChromaServer]:
    """A real Chroma server on a free loopback port, stopped at teardown whatever happened."""
    port = free_port()
    server = ChromaServer(f"http://127.0.0.1:{port}", tmp_path / "server", tmp_path / "chroma.log")
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False", "NO_COLOR": "1"}
    command = [chroma_command(), "run", "--path", str(server.path), "--host", "127.0.0.1",
               "--port", str(port)]  # fmt: skip
    with server.log.open("wb") as log:
        server.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        _wait_for_heartbeat(server.url, server.process, server.log)
        yield server
    finally:
        server.stop()


def on_server(server: ChromaServer, data_dir: Path, embedder: Embedder) -> Assistant:
    """An assistant with its own data folder whose collection lives on ``server``."""
    return Assistant(Settings(data_dir=data_dir, chroma_url=server.url), embedder=embedder)


def test_assistant_ingests_answers_and_removes_through_a_chroma_server(
    chroma_server: ChromaServer, tmp_path: Path, embedder: Embedder
) -> None:
    data_dir = tmp_path / "data"
    settings = Settings(data_dir=data_dir, chroma_url=chroma_server.url)
    assistant = Assistant(settings, embedder=embedder)

    report = assistant.ingest([BUNDLED_CORPUS])
    assert report.complete, report.summary()
    assert sorted(report.ingested) == [OTHER_SOURCE, FACT_SOURCE]
    assert report.chunks_added > 0

    answer = assistant.ask("How many staff participants agreed to be interviewed?")
    assert not answer.refused
    assert "18" in answer.text and "5" in answer.text
    assert FACT_SOURCE in {citation.passage.chunk.source for citation in answer.citations}
    assert all(citation.passage.chunk.source == FACT_SOURCE for citation in answer.citations)

    assert [info.source for info in assistant.documents()] == [OTHER_SOURCE, FACT_SOURCE]

    again = assistant.ingest([BUNDLED_CORPUS])
    assert again.chunks_added == 0 and again.chunks_removed == 0
    assert sorted(again.unchanged) == [OTHER_SOURCE, FACT_SOURCE]

    removed = assistant.remove(OTHER_SOURCE)
    assert removed.source == OTHER_SOURCE
    assert [info.source for info in assistant.documents()] == [FACT_SOURCE]
    assert assistant.store.chunk_ids({"doc_id": removed.doc_id}) == []

    # The data lives on the server, not in the local data folder.
    assert not (data_dir / "chroma").exists()
    assert (chroma_server.path / "chroma.sqlite3").exists()


def test_a_second_client_sees_what_the_first_stored(
    chroma_server: ChromaServer, tmp_path: Path, embedder: Embedder
) -> None:
    """Two users with their own data folders share one collection through the server."""
    first = on_server(chroma_server, tmp_path / "alice", embedder)
    report = first.ingest([BUNDLED_CORPUS])
    assert report.complete, report.summary()

    settings = Settings(data_dir=tmp_path / "bob", chroma_url=chroma_server.url)
    store = ChunkStore(settings, embedder.name)
    assert store.count() == report.chunks_added
    assert [info.chunks for info in store.documents()] == [
        info.chunks for info in first.documents()
    ]

    second = Assistant(settings, embedder=embedder, store=store)
    assert second.ingest([BUNDLED_CORPUS]).chunks_added == 0
    answer = second.ask("How many staff participants agreed to be interviewed?")
    assert not answer.refused and "18" in answer.text
    assert not (tmp_path / "alice" / "chroma").exists()
    assert not (tmp_path / "bob" / "chroma").exists()


def test_another_process_lists_the_shared_collection(
    chroma_server: ChromaServer, tmp_path: Path, embedder: Embedder
) -> None:
    """`carechat list` in a separate process, pointed at the server, sees the documents."""
    assistant = on_server(chroma_server, tmp_path / "alice", embedder)
    assert assistant.ingest([BUNDLED_CORPUS]).complete
    env = {**os.environ, "CARECHAT_CHROMA_URL": chroma_server.url,
           "CARECHAT_DATA_DIR": str(tmp_path / "carol")}  # fmt: skip
    carechat = Path(sys.executable).parent / "carechat"
    listed = subprocess.run(
        [str(carechat), "list"], check=False, env=env, capture_output=True, text=True, timeout=120
    )
    assert listed.returncode == 0, listed.stderr
    for info in assistant.documents():
        assert f"{info.doc_id}  {info.source}  pages=1  chunks={info.chunks}" in listed.stdout
    assert not (tmp_path / "carol" / "chroma").exists()


def test_a_server_that_goes_away_is_a_store_error_naming_it(
    chroma_server: ChromaServer, tmp_path: Path, embedder: Embedder
) -> None:
    assistant = on_server(chroma_server, tmp_path / "data", embedder)
    assert assistant.documents() == []
    chroma_server.stop()
    with pytest.raises(StoreError, match=chroma_server.url):
        assistant.documents()
    with pytest.raises(StoreError, match="check that it is running"):
        assistant.ask("How many staff participants agreed to be interviewed?")


def test_what_another_machine_ingests_becomes_lexically_searchable(
    chroma_server: ChromaServer, tmp_path: Path, embedder: Embedder
) -> None:
    """Each machine keeps its own lexical index of the shared collection; it catches up."""
    bob = on_server(chroma_server, tmp_path / "bob", embedder)
    assert bob.store.lexical_search(["informants"], 5) == []
    alice = on_server(chroma_server, tmp_path / "alice", embedder)
    assert alice.ingest([BUNDLED_CORPUS]).complete
    hits = bob.store.lexical_search(["informants"], 5)
    assert hits and all(c.source == OTHER_SOURCE for c in bob.store.get_chunks(hits))
    alice.remove(OTHER_SOURCE)
    assert bob.store.lexical_search(["informants"], 5) == []
