"""``openai:MODEL``: any OpenAI-compatible chat endpoint through langchain-openai.

OpenAI itself (``llm.api_key`` set, ``llm.base_url`` unset), Azure OpenAI (base URL
``https://RESOURCE.openai.azure.com/openai/v1/``), vLLM, or ``python -m llama_cpp.server``
(base URL ``http://HOST:PORT/v1``; local servers accept any key). Retries are off: a failed or
slow endpoint should give the extractive answer at once, not after three attempts.
"""

from __future__ import annotations

import httpx
import openai
from langchain_openai import ChatOpenAI

from assistant.errors import BackendError
from assistant.settings import LlmSettings

LOCAL_KEY = "not-needed"  # OpenAI-compatible servers on the machine ignore the key


def chat_model(target: str, settings: LlmSettings) -> ChatOpenAI:
    key = settings.api_key.get_secret_value() if settings.api_key else None
    if key is None and settings.base_url is None:
        raise BackendError(
            f"openai:{target} needs a key: set CARECHAT_LLM__API_KEY, or point "
            "CARECHAT_LLM__BASE_URL at an OpenAI-compatible server"
        )
    # OpenAI itself takes max_completion_tokens; compatible servers (vLLM, llama.cpp, Azure's
    # older models) know the classic max_tokens, and llama-cpp-python's only that one.
    limit = {"max_tokens": settings.max_tokens}
    return ChatOpenAI(
        model=target,
        base_url=settings.base_url,
        api_key=key or LOCAL_KEY,
        timeout=settings.timeout_s,
        max_retries=0,
        temperature=settings.temperature,
        streaming=True,
        **({"extra_body": limit} if settings.base_url else limit),
    )


def failures() -> tuple[type[BaseException], ...]:
    return (openai.APIError, httpx.HTTPError)


def timeouts() -> tuple[type[BaseException], ...]:
    return (openai.APITimeoutError, httpx.TimeoutException)


def unreachable() -> tuple[type[BaseException], ...]:
    return (openai.APIConnectionError, httpx.ConnectError)  # after timeouts: a subclass
