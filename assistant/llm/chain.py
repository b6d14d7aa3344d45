"""The generative answer as one LCEL chain, streamed:

    standalone question (rewrite.md, follow-ups only)
    -> retrieval and the extractive answer (``Assistant.ground``)
    -> refusal, when the extractive composer refuses: the model is never asked
    -> answer.md prompt -> chat model -> text -> citation check, sentence by sentence

The chain yields ``AnswerDelta`` pieces, then the ``Answer``. When the model's answer cannot be
used (the endpoint fails or times out, or nothing it wrote is a cited, supported sentence), the
extractive answer stands in, under a one-line notice (prompts/fallback.md).

Passages reach the model as quoted data: numbered ``<passage n=N>`` blocks in the user message,
with the rules in the system message. Angle brackets inside passages are replaced, so no passage
can close its block or fake a chat-template token, and sentences that address the assistant
("ignore your instructions ...") are replaced by a placeholder before the model sees them.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate
from langchain_core.runnables import (
    Runnable,
    RunnableBranch,
    RunnableGenerator,
    RunnableLambda,
    RunnablePassthrough,
)
from langsmith import tracing_context

from assistant.answer.citations import CitationChecker
from assistant.answer.conversation import needs_context, standalone_question
from assistant.answer.grounding import Grounding, extractive_stream
from assistant.index.embedder import Embedder
from assistant.llm import Backend
from assistant.models import Answer, AnswerDelta, Passage
from assistant.prompts import load_prompt, render
from assistant.settings import LlmSettings
from assistant.terms import content_terms
from ingest.sentences import split_sentences

USER_TURN = "=== user ==="
REMOVED_INSTRUCTION = "[text addressed to the assistant removed]"
HISTORY_SHOWN = 3  # earlier questions the rewrite prompt sees
MAX_REWRITE_CHARS = 300
MIN_REWRITE_FAMILIAR = 0.8  # share of a rewrite's terms that must come from the conversation
MAX_REASON_CHARS = 160

_INSTRUCTION_LIKE = re.compile(
    r"\b(ignore|disregard|forget|override|bypass)\b.{0,60}\b(instructions?|rules|prompts?|"
    r"guidelines|above|previous|everything)\b"
    r"|\byou are (now|no longer)\b|\b(system|hidden) (prompt|message)\b"
    r"|\b(new|updated) instructions?\b|\b(as an?|dear) (ai|assistant|language model|chatbot)\b",
    re.IGNORECASE,
)

Ground = Callable[[str], Grounding]


def stream_generated(
    backend: Backend,
    question: str,
    history: Sequence[str],
    ground: Ground,
    embedder: Embedder,
    settings: LlmSettings,
) -> Iterator[AnswerDelta | Answer]:
    """Run the chain for one question (see the module docstring). LangSmith tracing stays off
    whatever the environment says: questions and passages never leave the machine."""
    chain = build_chain(backend, ground, embedder, settings)
    with tracing_context(enabled=False):
        yield from chain.stream({"question": question, "history": list(history)})


def build_chain(
    backend: Backend, ground: Ground, embedder: Embedder, settings: LlmSettings
) -> Runnable[dict[str, Any], AnswerDelta | Answer]:
    model = backend.chat_model()
    answer_text = RunnableLambda(prompt_values) | answer_prompt() | model | StrOutputParser()

    def checked(chunks: Iterator[dict[str, Any]]) -> Iterator[AnswerDelta | Answer]:
        yield from check_stream(chunks, backend, embedder, settings)

    generate = RunnablePassthrough.assign(text=answer_text) | RunnableGenerator(checked)
    rewritten: Runnable[dict[str, Any], str] = RunnableLambda(
        lambda inputs: rewrite(inputs, backend)
    )
    return (
        rewritten
        | RunnableLambda(lambda standalone: {"grounding": ground(standalone)})
        | RunnableBranch((is_refusal, RunnableGenerator(refuse)), generate)
    )


# Prompts


def answer_prompt() -> ChatPromptTemplate:
    system, user = load_prompt("answer", frozenset({"passages", "question"})).split(USER_TURN)
    return ChatPromptTemplate.from_messages([("system", system.strip()), ("human", user.strip())])


def prompt_values(inputs: dict[str, Any]) -> dict[str, str]:
    grounding: Grounding = inputs["grounding"]
    return {"passages": format_passages(grounding.passages), "question": grounding.standalone}


def format_passages(passages: Sequence[Passage]) -> str:
    return "\n\n".join(
        f"<passage n={n}>\n{quote(passage.chunk.text)}\n</passage>"
        for n, passage in enumerate(passages, start=1)
    )


def quote(text: str) -> str:
    """Passage text made safe to put between delimiters: no angle brackets (so no closing tag
    or chat-template token), and no sentence that gives the assistant orders."""
    text = " ".join(text.split()).replace("<", "‹").replace(">", "›")
    sentences = split_sentences(text)
    return " ".join(
        REMOVED_INSTRUCTION if _INSTRUCTION_LIKE.search(sentence) else sentence
        for sentence in sentences
    )


# Steps


def rewrite(inputs: dict[str, Any], backend: Backend) -> str:
    """The question made standalone by the model, when it leans on earlier ones; the rule-based
    ``standalone_question`` when the model fails or its rewrite brings in new words."""
    question, history = inputs["question"], inputs["history"]
    if not history or not needs_context(question):
        return question
    fallback = standalone_question(question, history)
    template = load_prompt("rewrite", frozenset({"history", "question"}))
    chain = ChatPromptTemplate.from_messages([("human", template)]) | backend.chat_model()
    try:
        reply = (chain | StrOutputParser()).invoke(
            {"history": "\n".join(history[-HISTORY_SHOWN:]), "question": question}
        )
    except backend.failures:
        return fallback
    lines = [line.strip().strip("\"'") for line in reply.strip().splitlines() if line.strip()]
    candidate = lines[0] if lines else ""
    return candidate if acceptable_rewrite(candidate, question, history) else fallback


def acceptable_rewrite(candidate: str, question: str, history: Sequence[str]) -> bool:
    """Short, and made of the conversation's own words: a rewrite must not change the topic."""
    terms = content_terms(candidate)
    if not terms or len(candidate) > MAX_REWRITE_CHARS:
        return False
    familiar = content_terms(" ".join([question, *history]))
    return len(terms & familiar) / len(terms) >= MIN_REWRITE_FAMILIAR


def is_refusal(inputs: dict[str, Any]) -> bool:
    return inputs["grounding"].composition.refused


def refuse(chunks: Iterator[dict[str, Any]]) -> Iterator[AnswerDelta | Answer]:
    """The composer's refusal, word for word: below the relevance gate no model is asked."""
    for chunk in chunks:
        yield from extractive_stream(chunk["grounding"])


def check_stream(
    chunks: Iterator[dict[str, Any]], backend: Backend, embedder: Embedder, settings: LlmSettings
) -> Iterator[AnswerDelta | Answer]:
    """Check the model's text as it streams; stand the extractive answer in when it is unusable."""
    grounding: Grounding | None = None
    checker: CitationChecker | None = None
    above = ""  # the ambiguity line goes with the first checked text, so a fallback never repeats it
    try:
        for chunk in chunks:
            if "grounding" in chunk:
                grounding = chunk["grounding"]
                checker = CitationChecker(
                    grounding.passages, embedder,
                    threshold=settings.support_threshold, policy=settings.unsupported_policy,
                )  # fmt: skip
                above = grounding.above("")
            if "text" in chunk and checker is not None and (ready := checker.feed(chunk["text"])):
                yield AnswerDelta(above + ready)
                above = ""
        assert grounding is not None and checker is not None  # assign() passes its input first
        if ready := checker.finish():
            yield AnswerDelta(above + ready)
    except backend.failures as exc:
        assert grounding is not None and checker is not None
        yield from _after_failure(
            grounding, checker, backend, failure_reason(exc, backend, settings)
        )
        return
    _time_answer(grounding)
    if not checker.usable:
        notice = render("fallback", backend=backend.name, reason=checker.problem())
        yield from extractive_stream(grounding, notice=notice, checked=checker.counts)
        return
    yield grounding.answer(
        grounding.above(checker.text), citations=checker.citations, backend=backend.name,
        checked=checker.counts,
    )  # fmt: skip


def _after_failure(
    grounding: Grounding, checker: CitationChecker, backend: Backend, reason: str
) -> Iterator[AnswerDelta | Answer]:
    """Checked sentences already shown stay, with a note that the answer stopped early; with
    none shown, the extractive answer stands in."""
    _time_answer(grounding)
    if not checker.usable:
        notice = render("fallback", backend=backend.name, reason=reason)
        yield from extractive_stream(grounding, notice=notice, checked=checker.counts)
        return
    notice = render("cut_short", backend=backend.name, reason=reason)
    yield AnswerDelta(f"\n\n{notice}")
    yield grounding.answer(
        grounding.above(f"{checker.text}\n\n{notice}"), citations=checker.citations,
        backend=backend.name, checked=checker.counts, notice=notice,
    )  # fmt: skip


def failure_reason(exc: BaseException, backend: Backend, settings: LlmSettings) -> str:
    if isinstance(exc, backend.timeouts):
        return f"did not answer within {settings.timeout_s:g} seconds"
    if isinstance(exc, backend.unreachable):
        return (
            f"could not be reached at {settings.base_url}"
            if settings.base_url
            else ("could not be reached")
        )
    detail = " ".join(str(exc).split())[:MAX_REASON_CHARS] or "no detail"
    return f"failed ({type(exc).__name__}: {detail})"


def _time_answer(grounding: Grounding) -> None:
    elapsed_ms = (time.perf_counter() - grounding.started) * 1000
    grounding.timings["answer_ms"] = elapsed_ms - grounding.timings.get("retrieve_ms", 0.0)
