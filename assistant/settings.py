"""All configuration in one object, read from the environment and an optional TOML file.

Only this module reads the environment. Variables are prefixed ``CARECHAT_``; fields inside a
section use a double underscore, e.g. ``CARECHAT_RETRIEVAL__K=8``. The config file is
``carechat.toml`` in the working directory, or the path in ``CARECHAT_CONFIG_FILE``; environment
variables win over the file. Unknown keys are rejected so a typo never passes silently.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from assistant.errors import BackendError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
BUNDLED_CORPUS = PROJECT_ROOT / "ingest" / "corpus"
CONFIG_FILE_ENV = "CARECHAT_CONFIG_FILE"
LLM_BACKEND_KINDS = ("extractive", "ollama", "openai", "llamacpp")
# 2: chunks carry their file's path (a document is its content at a path); 3: registry records
# carry their authors' family names and title terms; 4: as their text, not array metadata
INDEX_SCHEMA = 4


def parse_backend(value: str) -> tuple[str, str]:
    """``"ollama:llama3.2:3b"`` -> ``("ollama", "llama3.2:3b")``; the target may be empty."""
    kind, _, target = value.strip().partition(":")
    if kind not in LLM_BACKEND_KINDS:
        raise BackendError(
            f"unknown backend {value!r}: use extractive, ollama:MODEL, openai:MODEL, "
            "llamacpp or llamacpp:PATH.gguf"
        )
    if kind in ("ollama", "openai") and not target:
        raise BackendError(f"backend {value!r} needs a model name: {kind}:MODEL")
    return kind, target


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class IngestSettings(Section):
    chunk_tokens: int = Field(
        128,
        ge=32,
        le=254,
        description=(
            "Largest chunk in word pieces. The encoder truncates at 256 (with markers); it was "
            "trained on 128, and shorter chunks give more precise citations."
        ),
    )
    overlap_sentences: int = Field(
        1, ge=0, le=5, description="Sentences repeated at the start of the next chunk."
    )
    batch_size: int = Field(32, ge=1, description="Sentences embedded per encoder call.")
    max_file_mb: float = Field(50.0, gt=0, description="Files larger than this are refused.")
    ocr: bool = Field(
        True,
        description=(
            "Read PDF pages that have no text layer (scans) with Tesseract OCR; off, a PDF with "
            "no text layer is refused."
        ),
    )
    ocr_language: str = Field(
        "eng",
        min_length=1,
        description="Tesseract language(s) OCR reads, e.g. eng or eng+cym (needs their data).",
    )


class EncoderSettings(Section):
    """How all-MiniLM-L6-v2 runs. The backend is part of the collection's identity, so vectors
    from different backends never mix; ingestion's precision is not, its vectors being checked
    to be the fp32 ones."""

    backend: Literal["onnx", "torch"] = Field(
        "onnx",
        description=(
            "onnx: ONNX Runtime on a model exported once from the bundled weights (same "
            "vectors; answering starts in a tenth of the time and a third of the memory, "
            "without torch); torch: sentence-transformers on PyTorch."
        ),
    )
    answer_threads: int = Field(
        1,
        ge=1,
        le=64,
        description=(
            "Threads one question's encoding uses. One: questions run side by side, and more "
            "threads stall on a loaded machine."
        ),
    )
    ingest_threads: int = Field(
        0, ge=0, le=256, description="Threads the encoder uses while ingesting; 0 = all cores."
    )
    ingest_precision: Literal["auto", "fp32"] = Field(
        "auto",
        description=(
            "auto: ingestion embeds in bfloat16 through OpenVINO where the CPU computes it "
            "natively (AMX, AVX-512 BF16) and its vectors are checked to be the fp32 ones, "
            "about 3x faster; fp32: always ONNX Runtime. Not part of the collection's "
            "identity: the vectors agree to a cosine of 0.9999."
        ),
    )
    onnx_dir: Path | None = Field(
        None, description="Where the exported ONNX model is kept; unset = data_dir/models."
    )


class RetrievalSettings(Section):
    k: int = Field(5, ge=1, le=50, description="Passages retrieved per question.")
    duplicate_similarity: float = Field(
        0.95,
        gt=0,
        le=1,
        description="Passages whose embeddings are at least this similar are collapsed into one.",
    )


class AnswerSettings(Section):
    refusal_threshold: float = Field(
        0.55,
        ge=-1,
        le=2,
        description=(
            "Relevance (cosine + 0.5 x question-term overlap) the best passage sentence must "
            "reach, else the assistant says the documents don't answer. See README, Refusals."
        ),
    )
    max_sentences: int = Field(
        2, ge=1, le=10, description="Sentences in the answer to a fact question."
    )
    max_per_group: int = Field(
        3, ge=1, le=10, description="Sentences under each of Enablers and Barriers."
    )
    max_listed: int = Field(
        6,
        ge=1,
        le=20,
        description=(
            "Recommendations (a kind papers list) in one answer; and enablers or barriers each "
            "when a list is asked for."
        ),
    )
    min_sentence_score: float = Field(
        0.25,
        ge=0,
        le=2,
        description="Relevance a passage sentence needs to enter an answer (similarity + overlap).",
    )


class ReferenceSettings(Section):
    """How documents are cited in reference lists (exports, ``ask --json``'s ``reference``)."""

    style: Literal["harvard", "apa"] = Field(
        "harvard",
        description=(
            "CSL style of reference lists: harvard (Cite Them Right, the UK default) or apa "
            "(APA 7th edition)."
        ),
    )


class EvidenceMapSettings(Section):
    """The evidence map (``carechat map``): how sentences are sorted into themes and sides."""

    theme_threshold: float = Field(
        0.35,
        ge=-1,
        le=2,
        description=(
            "Theme score (cosine to the theme's description + 0.1 per cue word, at most 2) a "
            "sentence needs to be placed under that theme; below it, the sentence is Unassigned."
        ),
    )
    polarity_margin: float = Field(
        0.08,
        ge=0,
        le=2,
        description=(
            "When a sentence's cue words do not decide, how much closer it must be to the "
            "enabler prototypes than to the barrier ones (or the reverse) to count as either."
        ),
    )
    polarity_similarity: float = Field(
        0.3,
        ge=-1,
        le=1,
        description=(
            "Cosine to its side's prototype sentences a sentence needs to count as an enabler or "
            "a barrier: a cue word alone is not enough."
        ),
    )
    topic_passages: int = Field(
        20,
        ge=1,
        le=200,
        description="Passages retrieved for a topic before their sentences are sorted.",
    )
    topic_relevance: float = Field(
        0.3,
        ge=-1,
        le=2,
        description=(
            "Relevance to the topic (cosine + 0.5 x the share of the topic's terms) a sentence "
            "of a retrieved passage needs to enter a topic's map."
        ),
    )
    quote_words: int = Field(
        40,
        ge=10,
        le=200,
        description="Longer sentences are cut to this many words around their cue.",
    )
    quotes_per_cell: int = Field(
        10,
        ge=1,
        le=1000,
        description="Quotes kept per theme and side (and Unassigned), best first.",
    )


class AppSettings(Section):
    host: str = Field("127.0.0.1", description="Interface the web app binds to.")
    port: int = Field(7860, ge=1, le=65535, description="Port of the web app.")
    username: str | None = Field(None, description="Login name; required off loopback.")
    password: str | None = Field(None, description="Login password; required off loopback.")
    max_upload_mb: float = Field(20.0, gt=0, description="Largest file the app accepts.")
    allowed_types: list[str] = Field(
        [".pdf", ".docx", ".html", ".htm", ".txt", ".md"],
        description="File extensions accepted for upload.",
    )
    concurrent_questions: int = Field(
        8,
        ge=1,
        le=64,
        description=(
            "Questions the app answers at once; uploads and removals have a queue of their own."
        ),
    )
    exports_kept: int = Field(
        20, ge=1, description="Answer exports kept in data_dir/exports; older ones are removed."
    )


class LlmSettings(Section):
    """The chat model behind generative answers; ``extractive`` needs none."""

    backend: str = Field(
        "extractive",
        description=(
            "Who writes answers: extractive (no model), ollama:MODEL, openai:MODEL (any "
            "OpenAI-compatible endpoint), llamacpp:PATH.gguf, or llamacpp (bundled SmolLM2)."
        ),
    )
    base_url: str | None = Field(
        None,
        description=(
            "Endpoint of the ollama or openai backend, e.g. http://127.0.0.1:11434 (Ollama) or "
            "http://127.0.0.1:8080/v1 (llama.cpp, vLLM); unset = the backend's usual address."
        ),
    )
    api_key: SecretStr | None = Field(
        None, description="Key for the openai backend; local servers accept any value."
    )
    timeout_s: float = Field(
        60.0,
        gt=0,
        description="Seconds to wait for the endpoint to connect or send the next token.",
    )
    temperature: float = Field(0.0, ge=0, le=2, description="Sampling temperature.")
    max_tokens: int = Field(512, ge=16, le=8192, description="Longest answer in model tokens.")
    context_tokens: int = Field(
        4096, ge=512, le=131072, description="Context window of the in-process llamacpp model."
    )
    unsupported_policy: Literal["drop", "mark"] = Field(
        "drop",
        description=(
            "What happens to an answer sentence its cited passages do not support: drop it, or "
            "keep it marked as unsupported."
        ),
    )
    support_threshold: float = Field(
        0.75,
        ge=-1,
        le=3,
        description=(
            "Support score (cosine + 0.5 x term share - number penalty, see assistant/answer/support.py) "
            "a sentence needs against a passage it cites."
        ),
    )

    @field_validator("backend")
    @classmethod
    def _known_kind(cls, value: str) -> str:
        try:
            parse_backend(value)
        except BackendError as exc:
            raise ValueError(str(exc)) from exc
        return value


class Settings(BaseSettings):
    """Everything a user can configure. Sections group what belongs together."""

    model_config = SettingsConfigDict(
        env_prefix="CARECHAT_",
        env_nested_delimiter="__",
        extra="forbid",
    )

    data_dir: Path = Field(
        PROJECT_ROOT / "data",
        description="Where the index, uploads and feedback live. Git-ignored by default.",
    )
    chroma_url: str | None = Field(
        None,
        description="URL of a Chroma server (e.g. http://127.0.0.1:8000); unset = embedded store.",
    )
    collection: str = Field("carechat", description="Prefix of the Chroma collection name.")
    ingest: IngestSettings = Field(default_factory=IngestSettings)
    encoder: EncoderSettings = Field(default_factory=EncoderSettings)
    retrieval: RetrievalSettings = Field(default_factory=RetrievalSettings)
    answer: AnswerSettings = Field(default_factory=AnswerSettings)
    app: AppSettings = Field(default_factory=AppSettings)
    evidence_map: EvidenceMapSettings = Field(default_factory=EvidenceMapSettings)
    references: ReferenceSettings = Field(default_factory=ReferenceSettings)
    llm: LlmSettings = Field(default_factory=LlmSettings)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        config_file = Path(os.environ.get(CONFIG_FILE_ENV, "carechat.toml"))
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls, config_file))

    def collection_name(self, model_name: str) -> str:
        """Name the collection after everything that shapes its vectors, so changed chunking
        settings, another model or another encoder backend never mix with an old index."""
        identity = (
            f"{model_name}|{self.encoder.backend}|{self.ingest.chunk_tokens}"
            f"|{self.ingest.overlap_sentences}|schema{INDEX_SCHEMA}"
        )
        digest = hashlib.sha256(identity.encode()).hexdigest()[:10]
        return f"{self.collection}-{digest}"

    @property
    def onnx_dir(self) -> Path:
        return self.encoder.onnx_dir or self.data_dir / "models"

    def with_overrides(self, overrides: dict[str, Any]) -> Settings:
        """A copy with dotted keys replaced, e.g. ``{"retrieval.k": 8}`` (used by ``--set``)."""
        data = self.model_dump()
        for dotted, value in overrides.items():
            *parents, leaf = dotted.split(".")
            target: Any = data
            for name in parents:
                target = target.get(name) if isinstance(target, dict) else None
            if not isinstance(target, dict) or leaf not in target:
                raise KeyError(f"unknown setting {dotted!r}")
            target[leaf] = value
        return Settings.model_validate(data)
