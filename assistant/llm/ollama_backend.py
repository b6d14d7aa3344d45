"""``ollama:MODEL``: a model served by Ollama (``ollama serve``), through langchain-ollama.

The usual choice where data stays in-house. ``llm.base_url`` defaults to Ollama's own
address; ``llm.timeout_s`` bounds the wait for the connection and for each streamed line.
"""

from __future__ import annotations

import httpx
import ollama
from langchain_ollama import ChatOllama

from assistant.settings import LlmSettings

DEFAULT_URL = "http://127.0.0.1:11434"


def chat_model(target: str, settings: LlmSettings) -> ChatOllama:
    return ChatOllama(
        model=target,
        base_url=settings.base_url or DEFAULT_URL,
        temperature=settings.temperature,
        num_predict=settings.max_tokens,
        client_kwargs={"timeout": settings.timeout_s},
    )


def failures() -> tuple[type[BaseException], ...]:
    # The ollama client raises ConnectionError when nothing listens, ResponseError for HTTP
    # errors, and ValueError (JSONDecodeError) for a reply that is not Ollama's format.
    return (ollama.ResponseError, httpx.HTTPError, ConnectionError, ValueError)


def timeouts() -> tuple[type[BaseException], ...]:
    return (httpx.TimeoutException,)


def unreachable() -> tuple[type[BaseException], ...]:
    return (ConnectionError, httpx.ConnectError)
