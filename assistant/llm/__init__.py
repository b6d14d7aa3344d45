"""The language-model path: the chat-model backends and the LCEL chain that streams checked answers.

May import the answer core, the index and the shared modules, never web/ or the CLI.
"""

# One adapter module per backend kind:
#     extractive          no model (the default; ``Backend.from_settings`` returns None)
#     ollama:MODEL        ollama_backend.py    langchain-ollama, an Ollama server
#     openai:MODEL        openai_backend.py    langchain-openai, any OpenAI-compatible endpoint
#     llamacpp[:PATH]     llamacpp_backend.py  llama-cpp-python in process (the ``local`` extra)
# LangChain and llama.cpp are imported only inside those modules, and only when the first
# question needs the model. Each adapter says which exceptions mean "the endpoint failed", so the
# chain can put the extractive answer in place of a failed one instead of showing a traceback.

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any

from assistant.settings import LlmSettings, parse_backend

__all__ = ["Backend", "parse_backend"]

_ADAPTERS = {
    "ollama": "assistant.llm.ollama_backend",
    "openai": "assistant.llm.openai_backend",
    "llamacpp": "assistant.llm.llamacpp_backend",
}


@dataclass
class Backend:
    """A named chat model (a LangChain ``BaseChatModel``), built on first use.

    ``failures`` are the exceptions that mean the model could not answer (endpoint down, HTTP
    error, timeout); ``timeouts`` the ones among them that mean it was too slow, ``unreachable``
    that nothing answered at its address. Tests inject a model directly:
    ``Backend("fake", model=GenericFakeChatModel(...))``.
    """

    name: str
    model: Any = None
    failures: tuple[type[BaseException], ...] = (OSError,)
    timeouts: tuple[type[BaseException], ...] = (TimeoutError,)
    unreachable: tuple[type[BaseException], ...] = (ConnectionRefusedError,)
    settings: LlmSettings = field(default_factory=LlmSettings)

    @classmethod
    def from_settings(cls, settings: LlmSettings) -> Backend | None:
        kind, _ = parse_backend(settings.backend)
        if kind == "extractive":
            return None
        return cls(settings.backend, settings=settings)

    def chat_model(self) -> Any:
        """The LangChain chat model; the adapter module is imported on the first call."""
        if self.model is None:
            kind, target = parse_backend(self.name)
            adapter = importlib.import_module(_ADAPTERS[kind])
            self.model = adapter.chat_model(target, self.settings)
            self.failures = adapter.failures()
            self.timeouts = adapter.timeouts()
            self.unreachable = adapter.unreachable()
        return self.model
