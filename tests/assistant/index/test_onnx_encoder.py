"""The ONNX backend: exported offline from the bundled weights into the data folder, reused
afterwards, and giving torch's vectors, token counts and vocabulary."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from assistant import Assistant, Settings
from assistant.errors import EncoderError
from assistant.index import onnx_encoder
from assistant.index.embedder import MiniLMEmbedder, make_embedder
from assistant.index.onnx_encoder import OnnxEmbedder
from benchmarks.corpus import fill
from benchmarks.query import OFF_TOPIC, ON_TOPIC

pytestmark = pytest.mark.slow

SENTENCES = [
    "Co-production asks practitioners and families to share power over decisions.",
    "Trust takes time.",
    "a",
    "Funding ended after 18 months, and the peer-support groups closed. " * 12,  # truncated
    "SWs said the LA's CIN panels rarely heard from young people themselves.",
]


def texts(count: int) -> list[str]:
    import random

    rng = random.Random(7)
    return [fill(rng.choice(ON_TOPIC), rng) for _ in range(count)] + OFF_TOPIC + SENTENCES


def test_vectors_and_token_counts_equal_torchs(embedder):
    torch_embedder = MiniLMEmbedder()
    sample = texts(40)
    onnx, reference = embedder.embed_batch(sample), torch_embedder.embed_batch(sample)
    assert isinstance(embedder, OnnxEmbedder) and onnx.shape == reference.shape == (55, 384)
    assert (onnx * reference).sum(axis=1).min() > 0.999
    alone = embedder.embed_batch([sample[0]])[0]  # a batch of one: no padding at all
    assert float(alone @ reference[0]) > 0.999
    assert [embedder.count_tokens(t) for t in sample] == [
        torch_embedder.count_tokens(t) for t in sample
    ]
    assert embedder.is_common_word("budget") and not embedder.is_common_word("inovation")


def test_the_same_passages_come_first(embedder):
    """Same top five for 20 questions over 60 passages, by either backend's vectors."""
    passages, questions = texts(45), texts(20)[:20]  # the on-topic ones
    torch_embedder = MiniLMEmbedder()

    def top5(encoder) -> list[list[int]]:
        scores = encoder.embed_batch(questions) @ encoder.embed_batch(passages).T
        return [list(np.argsort(-row)[:5]) for row in scores]

    assert top5(embedder) == top5(torch_embedder)


def run_python(code: str, script: Path) -> list[str]:
    """``code`` as a user's script: a file, its code not under ``if __name__ == "__main__"``
    (a worker spawned by multiprocessing runs such a script again before its task)."""
    script.write_text(code)
    result = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, check=True,
        env=dict(os.environ), timeout=120,
    )  # fmt: skip
    return result.stdout.split()


def test_exported_offline_into_the_data_folder_and_reused(isolated_data_dir, monkeypatch, tmp_path):
    """Each use is a new process, as a user's commands or scripts are. The export runs in a
    process of its own, where a sitecustomize refuses every connection; the process that asked
    for it, and a later one that reuses the file, never import torch."""
    monkeypatch.delenv("CARECHAT_ENCODER__ONNX_DIR")
    offline = tmp_path / "offline"
    offline.mkdir()
    (offline / "sitecustomize.py").write_text(
        "import socket\n"
        "def refuse(*args, **kwargs):\n"
        "    raise OSError('the export tried to reach the network')\n"
        "socket.socket.connect = refuse\n"
    )
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(offline), *sys.path]))
    uses = (
        "import sys; from assistant import Assistant; from assistant.index import onnx_encoder;"
        "{patch} print(Assistant().embedder.embed_batch(['warm']).shape, 'torch' in sys.modules)"
    )
    script = tmp_path / "use.py"
    assert run_python(uses.format(patch=""), script) == ["(1,", "384)", "False"]
    exported = list((isolated_data_dir / "models").glob("*.onnx"))
    assert [path.name for path in exported] == [onnx_encoder.model_file_name()]
    again = "onnx_encoder._export_in_child = lambda path: sys.exit('exported again');"
    assert run_python(uses.format(patch=again), script) == ["(1,", "384)", "False"]


def test_the_file_is_looked_for_once_not_on_every_question(embedder, monkeypatch):
    """Once the session is made, encoding a question reads no file system: each look took up
    to a millisecond of a question's retrieval here."""
    looks: list[Path] = []
    real = onnx_encoder.ensure_exported
    monkeypatch.setattr(
        onnx_encoder, "ensure_exported", lambda path: looks.append(path) or real(path)
    )
    for question in ("What helps co-production?", "What stops it?", "Who took part?"):
        embedder.embed_batch([question])
    assert len(looks) <= 1


def test_an_export_that_fails_says_why(isolated_data_dir, monkeypatch, tmp_path):
    """The export's process reports its own message (here: torch cannot be imported), or that
    it died; either names the torch backend as the way round."""
    monkeypatch.delenv("CARECHAT_ENCODER__ONNX_DIR")
    startup = tmp_path / "startup"
    startup.mkdir()
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(startup), *sys.path]))
    target = tmp_path / "models" / "model.onnx"
    (startup / "sitecustomize.py").write_text("import sys\nsys.modules['torch'] = None\n")
    with pytest.raises(EncoderError, match="could not export .*CARECHAT_ENCODER__BACKEND=torch"):
        onnx_encoder.ensure_exported(target)
    (startup / "sitecustomize.py").write_text("import os\nos._exit(9)\n")
    with pytest.raises(EncoderError, match=r"died \(exit code 9\).*BACKEND=torch"):
        onnx_encoder.ensure_exported(target)
    assert not target.exists()


def test_the_backend_is_chosen_by_setting_and_named_in_the_collection(tmp_path):
    onnx, torch = Settings(), Settings(encoder={"backend": "torch"})
    assert isinstance(make_embedder(onnx, 1), OnnxEmbedder)
    assert isinstance(make_embedder(torch, 1), MiniLMEmbedder)
    assert onnx.collection_name("m") != torch.collection_name("m")
    assert make_embedder(onnx, 0).threads >= 1  # 0 = every core


def test_answering_and_ingesting_use_their_own_thread_counts():
    assistant = Assistant(Settings(encoder={"answer_threads": 1, "ingest_threads": 2}))
    assert (assistant.embedder.threads, assistant.ingest_embedder.threads) == (1, 2)
