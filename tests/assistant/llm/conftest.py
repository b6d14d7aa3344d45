"""Fixtures for generative answers: assistants on the bundled corpus with a given backend, and a
real OpenAI-compatible server (``python -m llama_cpp.server``) running SmolLM2 on loopback."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant import Assistant
from assistant.llm.llamacpp_backend import bundled_model_path
from assistant.settings import LlmSettings
from tests.conftest import OUTPUT_DIR
from tests.servers import free_port, stop, wait_until_ok

SERVER_START_S = 180  # loading the model takes seconds; a cold disk on CI can take longer
TEST_MAX_TOKENS = 160  # enough for a few sentences, quick on two cores

MakeAssistant = Callable[..., Assistant]


@pytest.fixture
def with_backend(corpus_assistant: Assistant) -> MakeAssistant:
    """``with_backend("openai:x", base_url=...)``: the session's corpus (read only) answered by
    that backend; keyword arguments are ``llm`` settings."""

    def make(backend: str, **llm: Any) -> Assistant:
        settings = corpus_assistant.settings.model_copy(
            update={"llm": LlmSettings(backend=backend, **llm)}, deep=True
        )
        return Assistant(settings, embedder=corpus_assistant.embedder, store=corpus_assistant.store)

    return make


@pytest.fixture(scope="session")
def smollm2_gguf() -> Path:
    path = bundled_model_path()
    assert path.is_file(), f"{path} missing: install the local extra"
    return path


@pytest.fixture(scope="session")
def llama_server(smollm2_gguf: Path) -> Iterator[str]:
    """Base URL (``http://127.0.0.1:PORT/v1``) of a real llama.cpp OpenAI-compatible server."""
    port = free_port()
    OUTPUT_DIR.mkdir(exist_ok=True)
    log = (OUTPUT_DIR / "llama-server.log").open("w")
    command = [
        sys.executable, "-m", "llama_cpp.server", "--model", str(smollm2_gguf),
        "--model_alias", "smollm2", "--host", "127.0.0.1", "--port", str(port),
        "--n_ctx", "4096",
    ]  # fmt: skip
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/v1"
    try:
        problem = wait_until_ok(f"{url}/models", process, SERVER_START_S)
        if problem:
            raise RuntimeError(f"llama_cpp.server {problem}; see {OUTPUT_DIR}/llama-server.log")
        yield url
    finally:
        stop(process, 30)
        log.close()
