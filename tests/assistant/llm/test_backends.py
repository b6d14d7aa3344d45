"""Choosing a backend, and the seam tests and users plug a chat model into."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage
from langchain_core.outputs import ChatGenerationChunk
from langsmith.utils import tracing_is_enabled
from pydantic import ValidationError

from assistant import Assistant
from assistant.errors import BackendError
from assistant.llm import Backend, parse_backend
from assistant.models import AnswerDelta
from assistant.settings import LlmSettings, Settings

QUESTION = "What acts as an inhibiter for real change in co-production?"
SILO = "Organisational structures and silo working still act as an inhibiter for real change"


@pytest.mark.parametrize(
    ("value", "parsed"),
    [
        ("extractive", ("extractive", "")),
        ("ollama:llama3.2:3b", ("ollama", "llama3.2:3b")),
        ("openai:gpt-4o-mini", ("openai", "gpt-4o-mini")),
        ("llamacpp", ("llamacpp", "")),
        ("llamacpp:/models/q.gguf", ("llamacpp", "/models/q.gguf")),
    ],
)
def test_backend_names(value, parsed):
    assert parse_backend(value) == parsed
    assert LlmSettings(backend=value).backend == value


@pytest.mark.parametrize("value", ["gpt4", "ollama", "openai:", "hf:model"])
def test_unknown_or_incomplete_backends_are_rejected(value, monkeypatch):
    with pytest.raises(BackendError):
        parse_backend(value)
    monkeypatch.setenv("CARECHAT_LLM__BACKEND", value)
    with pytest.raises(ValidationError, match="backend"):
        Settings()


def test_backend_and_policy_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("CARECHAT_LLM__BACKEND", "ollama:llama3.2")
    monkeypatch.setenv("CARECHAT_LLM__UNSUPPORTED_POLICY", "mark")
    settings = Settings()
    assert settings.llm.backend == "ollama:llama3.2" and settings.llm.unsupported_policy == "mark"
    assert Backend.from_settings(settings.llm).name == "ollama:llama3.2"
    assert Backend.from_settings(LlmSettings()) is None, "extractive needs no model"
    monkeypatch.setenv("CARECHAT_LLM__UNSUPPORTED_POLICY", "hide")
    with pytest.raises(ValidationError, match="unsupported_policy"):
        Settings()


def test_openai_without_key_or_endpoint_is_an_actionable_error():
    backend = Backend.from_settings(LlmSettings(backend="openai:gpt-4o-mini"))
    with pytest.raises(BackendError, match="CARECHAT_LLM__API_KEY"):
        backend.chat_model()


def test_the_key_is_never_shown():
    settings = LlmSettings(backend="openai:m", api_key="sk-secret")
    assert "sk-secret" not in repr(settings) and "sk-secret" not in str(settings.model_dump())


class RecordingModel(GenericFakeChatModel):
    """A scripted model that notes whether LangSmith tracing was on while it ran."""

    tracing: ClassVar[list[Any]] = []

    def _stream(self, *args: Any, **kwargs: Any) -> Iterator[ChatGenerationChunk]:
        self.tracing.append(tracing_is_enabled())
        yield from super()._stream(*args, **kwargs)


@pytest.mark.slow
def test_an_injected_chat_model_answers_and_tracing_stays_off(corpus_assistant, monkeypatch):
    monkeypatch.setenv("LANGSMITH_TRACING", "true")
    monkeypatch.setenv("LANGSMITH_ENDPOINT", "http://127.0.0.1:9")
    passages = corpus_assistant.ground(QUESTION, QUESTION).passages
    n = next(i for i, p in enumerate(passages, 1) if "silo working" in p.chunk.text)
    model = RecordingModel(messages=iter([AIMessage(content=f"{SILO} [{n}].")]))
    assistant = Assistant(
        corpus_assistant.settings, embedder=corpus_assistant.embedder,
        store=corpus_assistant.store, llm=Backend("scripted", model=model),
    )  # fmt: skip
    *deltas, answer = assistant.stream(QUESTION)
    assert model.tracing == [False]
    assert len(deltas) == 1 and isinstance(deltas[0], AnswerDelta)
    assert answer.text == deltas[0].text == f"{SILO}. [1]"
    assert answer.backend == "scripted" and answer.citations[0].passage == passages[n - 1]
