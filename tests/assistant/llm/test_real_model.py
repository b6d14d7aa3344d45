"""SmolLM2-135M for real: through ``python -m llama_cpp.server`` (the ``openai`` backend) and in
process (``llamacpp``). A model this small rarely cites, so these tests hold whichever way its
answer goes: either every sentence shown is cited and supported, or the extractive answer stands
in under a notice; and the check always ran on what the model wrote."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from assistant.answer.citations import CitationChecker
from assistant.answer.support import markers_in, strip_markers
from assistant.errors import BackendError
from assistant.llm import Backend
from assistant.llm.chain import answer_prompt, prompt_values
from assistant.models import Answer
from assistant.settings import LlmSettings
from tests.assistant.llm.conftest import TEST_MAX_TOKENS
from tests.assistant.llm.test_endpoints import INJECTED, assert_checked, stream

pytestmark = pytest.mark.slow

QUESTION = "How long was the Involving People course?"
TIMEOUT_S = 300  # two busy CPU cores; a timeout here would test the machine, not the chain


def assert_checked_or_replaced(answer: Answer, backend: str, extractive: Answer, embedder) -> None:
    checked = answer.checked
    assert checked is not None and checked.sentences >= 1, "the model wrote and was checked"
    assert checked.sentences == checked.supported + checked.dropped
    if answer.backend == backend:
        assert answer.notice is None and checked.supported >= 1
        assert_checked(answer, embedder)
    else:
        assert answer.backend == "extractive" and answer.notice.startswith(f"Note: {backend} ")
        assert answer.text == f"{answer.notice}\n\n{extractive.text}"


def test_openai_backend_answers_through_a_real_llama_cpp_server(
    with_backend, llama_server, corpus_assistant, embedder
):
    assistant = with_backend(
        "openai:smollm2", base_url=llama_server, max_tokens=TEST_MAX_TOKENS, timeout_s=TIMEOUT_S
    )
    deltas, answer = stream(assistant, QUESTION)
    assert deltas, "the answer streams"
    assert_checked_or_replaced(answer, "openai:smollm2", corpus_assistant.ask(QUESTION), embedder)


def test_citation_check_on_the_real_models_own_words(llama_server, corpus_assistant):
    """Whatever the model writes, the check only removes: each sentence shown is one the model
    wrote, and no marker survives for a passage that was not given."""
    settings = LlmSettings(
        backend="openai:smollm2", base_url=llama_server, max_tokens=TEST_MAX_TOKENS,
        timeout_s=TIMEOUT_S,
    )  # fmt: skip
    backend = Backend.from_settings(settings)
    question = "What enables and what blocks co-production in social care?"
    grounding = corpus_assistant.ground(question, question)
    raw = (answer_prompt() | backend.chat_model()).invoke(prompt_values({"grounding": grounding}))
    raw_text = str(raw.content)
    assert raw_text.strip(), "the server answered"
    checker = CitationChecker(grounding.passages, corpus_assistant.embedder, threshold=0.75)
    checker.feed(raw_text)
    checker.finish()
    written = " ".join(strip_markers(raw_text).split())
    for line in checker.text.splitlines():
        sentence = strip_markers(line.lstrip("- ")).strip()
        assert sentence.rstrip(".") in written or not sentence
    assert set(markers_in(checker.text)) <= {c.n for c in checker.citations}
    counts = checker.counts
    assert counts.sentences >= 1 and counts.sentences == counts.supported + counts.dropped


def test_injected_instruction_does_not_steer_the_real_model(assistant, tmp_path, llama_server):
    from assistant import Assistant

    path = tmp_path / "carers.txt"
    path.write_text(INJECTED)
    assistant.ingest([path])
    settings = assistant.settings.model_copy(
        update={"llm": LlmSettings(backend="openai:smollm2", base_url=llama_server,
                                   max_tokens=TEST_MAX_TOKENS, timeout_s=TIMEOUT_S)}
    )  # fmt: skip
    generative = Assistant(settings, embedder=assistant.embedder, store=assistant.store)
    answer = generative.ask("What helped carers shape local children's services?")
    assert "PWNED" not in answer.text.upper()
    assert answer.checked is not None


def test_llamacpp_backend_answers_in_process(with_backend, corpus_assistant, embedder):
    assistant = with_backend("llamacpp", max_tokens=TEST_MAX_TOKENS)
    deltas, answer = stream(assistant, QUESTION)
    assert deltas
    assert_checked_or_replaced(answer, "llamacpp", corpus_assistant.ask(QUESTION), embedder)


def test_llamacpp_chat_model_streams_tokens(smollm2_gguf):
    model = Backend(f"llamacpp:{smollm2_gguf}", settings=LlmSettings(max_tokens=24)).chat_model()
    chunks = [chunk.content for chunk in model.stream("Name one colour.")]
    assert len(chunks) > 1 and "".join(chunks).strip()


def test_llamacpp_with_a_missing_model_file_is_an_actionable_error(with_backend, tmp_path):
    missing = tmp_path / "absent.gguf"
    with pytest.raises(BackendError, match=re.escape(f"llamacpp:{missing}: no GGUF model file")):
        with_backend(f"llamacpp:{missing}").ask(QUESTION)


def carechat(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "assistant.cli", *args],
        capture_output=True, text=True, env={**os.environ, **env}, timeout=900, check=False,
    )  # fmt: skip


def test_ask_json_reports_backend_and_check_through_the_real_server(llama_server):
    result = carechat(
        "ask", "--json", "--llm", "openai:smollm2", QUESTION,
        CARECHAT_LLM__BASE_URL=llama_server, CARECHAT_LLM__MAX_TOKENS=str(TEST_MAX_TOKENS),
        CARECHAT_LLM__TIMEOUT_S=str(TIMEOUT_S),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["backend"] in {"openai:smollm2", "extractive"}
    assert set(answer["checked"]) == {"sentences", "supported", "dropped"}
    assert answer["checked"]["sentences"] >= 1 and answer["citations"]


def test_ask_with_the_endpoint_down_prints_a_notice_not_a_traceback():
    url = "http://127.0.0.1:9/v1"  # the discard port: nothing listens there
    result = carechat("ask", "--llm", "openai:m", QUESTION, CARECHAT_LLM__BASE_URL=url)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Note: openai:m could not be reached at {url}, so this")
    assert "35-week course" in result.stdout and "Sources:" in result.stdout
    assert "Traceback" not in result.stderr


def test_an_unknown_backend_is_refused_with_one_line():
    result = carechat("chat", "--llm", "gpt4")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "unknown backend 'gpt4'" in result.stderr


def test_chat_streams_through_the_backend(tmp_path):
    url = "http://127.0.0.1:9"
    result = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "chat", "--llm", "ollama:m"],
        input=f"{QUESTION}\nHow many people took it?\n\n", capture_output=True, text=True,
        env={**os.environ, "CARECHAT_LLM__BASE_URL": url}, timeout=900, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("Note: ollama:m could not be reached") == 2
    assert "35-week course" in result.stdout
