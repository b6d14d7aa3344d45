"""Shared fixtures. Every test gets its own data folder; the real model is loaded once."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

from assistant import Assistant, Settings
from assistant.index.embedder import Embedder, make_embedder

OUTPUT_DIR = Path(__file__).resolve().parent.parent / "test-output"


@pytest.fixture(scope="session")
def onnx_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ONNX model is exported once per test session, not into every test's data folder."""
    return tmp_path_factory.mktemp("models")


@pytest.fixture(autouse=True)
def isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, onnx_dir: Path) -> Path:
    """No test touches the user's index or reads a stray carechat.toml."""
    data_dir = tmp_path / "data"
    monkeypatch.setenv("CARECHAT_DATA_DIR", str(data_dir))
    monkeypatch.setenv("CARECHAT_CONFIG_FILE", str(tmp_path / "absent.toml"))
    monkeypatch.setenv("CARECHAT_ENCODER__ONNX_DIR", str(onnx_dir))
    return data_dir


@pytest.fixture(scope="session")
def embedder(onnx_dir: Path) -> Embedder:
    """The default backend (ONNX), on every core: tests ingest more than they ask."""
    return make_embedder(Settings(encoder={"onnx_dir": onnx_dir}), threads=0)


@pytest.fixture
def assistant(isolated_data_dir: Path, embedder: Embedder) -> Assistant:
    """An assistant on an empty collection in this test's own data folder."""
    return Assistant(Settings(data_dir=isolated_data_dir), embedder=embedder)


@pytest.fixture(scope="session")
def corpus_assistant(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Assistant:
    """The bundled corpus, ingested once for the session. Tests must not change it."""
    data_dir = tmp_path_factory.mktemp("corpus-data")
    assistant = Assistant(Settings(data_dir=data_dir), embedder=embedder)
    report = assistant.ensure_corpus()
    assert report is not None and report.complete
    return assistant


@pytest.fixture
def output_dir(request: pytest.FixtureRequest) -> Path:
    """A folder under test-output/ for this test's screenshots and reports."""
    path = OUTPUT_DIR / request.node.name
    path.mkdir(parents=True, exist_ok=True)
    return path
