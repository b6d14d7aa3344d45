"""The ``Assistant``: the one API the CLI, the chat app and the evaluations all use.

Parts are injected by optional argument (settings, embedder, store, llm) and fall back to the
defaults; tests pass their own instead of patching internals. Nothing is loaded until used.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path, PurePath

from assistant.answer.compose import (
    asks_about_several_documents,
    asks_for_enablers_and_barriers,
    compose,
)
from assistant.answer.conversation import standalone_question
from assistant.answer.examples import DocumentText, example_questions
from assistant.answer.grounding import Grounding, extractive_stream
from assistant.answer.retrieval import Retriever
from assistant.answer.wording import correct_spelling, expand_abbreviations
from assistant.errors import EmptyQuestion, UnknownDocument
from assistant.index.embedder import CachedEmbedder, Embedder, StoredSentences, make_embedder
from assistant.index.ownership import StoreHost
from assistant.index.store import ChunkStore
from assistant.llm import Backend
from assistant.models import (
    Answer,
    AnswerDelta,
    Chunk,
    DocumentInfo,
    IngestReport,
    distinct_labels,
)
from assistant.settings import BUNDLED_CORPUS, Settings
from ingest.pipeline import IngestProgress, ingest_paths

MAX_TITLES_NAMED = 3
SYNTHESIS_BREADTH = 2  # enablers-and-barriers questions draw on twice as many passages
THEME_CHUNKS_PER_DOCUMENT = 40  # enough text to find a document's themes, bounded for big ones


class Assistant:
    def __init__(
        self,
        settings: Settings | None = None,
        *,
        embedder: Embedder | None = None,
        store: ChunkStore | None = None,
        llm: Backend | None = None,
    ) -> None:
        self.settings = settings or Settings()
        encoder = self.settings.encoder
        # Questions encode on few threads (they run side by side), ingestion on every core;
        # an injected embedder does both.
        self.embedder = embedder or make_embedder(self.settings, encoder.answer_threads)
        self.ingest_embedder = None if embedder else make_embedder(self.settings, encoder.ingest_threads)  # fmt: skip
        self.store = store or ChunkStore(self.settings, self.embedder.name)
        self.sentence_embedder = StoredSentences(  # vectors stored at ingest; cached otherwise
            self.store.sentence_vectors, CachedEmbedder(self.embedder)
        )
        # None = extractive answers; a backend builds its chat model on the first question
        self.llm = llm or Backend.from_settings(self.settings.llm)

    # Documents

    def ingest(
        self,
        paths: Iterable[Path],
        progress: IngestProgress | None = None,
        *,
        allow_personal_data: bool = False,
    ) -> IngestReport:
        """Files and folders into the collection; see ``ingest.pipeline``. A file that looks
        like a record about people is held back unless ``allow_personal_data``."""
        return ingest_paths(
            paths, settings=self.settings, store=self.store,
            embedder=self.ingest_embedder or self.embedder,
            progress=progress, allow_personal_data=allow_personal_data,
        )  # fmt: skip

    @contextmanager
    def hosting_store(self) -> Iterator[None]:
        """While the block runs, the data folder's store is served to other processes (the
        CLI beside the app) instead of being held by this one; see assistant.index.ownership.
        Nothing to do when the store is already a server (``chroma_url``)."""
        if self.settings.chroma_url:
            yield
            return
        self.store.close()
        try:
            with StoreHost(self.settings.data_dir):
                yield
        finally:
            self.store.close()

    def ensure_corpus(self, progress: IngestProgress | None = None) -> IngestReport | None:
        """Ingest the bundled corpus when the collection is empty; None when it was not."""
        if self.store.count():
            return None
        return self.ingest([BUNDLED_CORPUS], progress)

    def documents(self, counted: bool = False) -> list[DocumentInfo]:
        """The documents, each named by its file name and as many folders as it takes to tell
        it from the others (two ``notes.txt`` become ``a/notes.txt`` and ``b/notes.txt``), from
        the registry alone. ``counted``: count their stored chunks instead of trusting the
        registry (reads every chunk's metadata)."""
        documents = self.store.documents(counted)
        labels = distinct_labels([info.path or info.source for info in documents])
        named = [replace(info, source=label) for info, label in zip(documents, labels)]
        return sorted(named, key=lambda info: info.source.lower())

    def find_document(self, name: str) -> DocumentInfo:
        """A document by id, id prefix, the name ``documents`` gives it, its file name or the
        end of its path (``a/notes.txt``)."""
        documents = self.documents()
        exact = [info for info in documents if name in (info.doc_id, info.source)]
        matches = exact or [
            info
            for info in documents
            if (len(name) >= 6 and info.doc_id.startswith(name))
            or PurePath(info.path).name == name
            or info.path.endswith("/" + name.lstrip("/"))
        ]
        if len(matches) != 1:
            known = ", ".join(info.source for info in matches or documents) or "none"
            problem = "matches several documents" if matches else "is not in the collection"
            raise UnknownDocument(f"{name!r} {problem} (documents: {known})")
        return matches[0]

    def remove(self, name: str) -> DocumentInfo:
        info = self.find_document(name)
        self.store.delete(self.store.chunk_ids({"doc_id": info.doc_id}))
        return info

    def chunks(self, doc_id: str) -> list[Chunk]:
        """A document's stored passages in reading order."""
        chunks = self.store.get_chunks(self.store.chunk_ids({"doc_id": doc_id}))
        return sorted(chunks, key=lambda chunk: (chunk.page or 0, chunk.char_start))

    def example_questions(self, limit: int) -> list[str]:
        """Up to ``limit`` questions made from the collection's recurring themes, each one the
        collection answers (finding them asks questions: callers cache the result)."""
        texts = []
        for info in self.documents():
            chunks = self.chunks(info.doc_id)[:THEME_CHUNKS_PER_DOCUMENT]
            headings = sorted({chunk.section for chunk in chunks if chunk.section})
            texts.append(DocumentText(info.title, headings, " ".join(c.text for c in chunks)))
        return example_questions(texts, lambda question: not self.ask(question).refused, limit)

    # Questions

    def ask(
        self,
        question: str,
        *,
        doc_ids: Sequence[str] | None = None,
        history: Sequence[str] = (),
    ) -> Answer:
        """The complete answer; see ``stream``."""
        *_, answer = self.stream(question, doc_ids=doc_ids, history=history)
        assert isinstance(answer, Answer)
        return answer

    def stream(
        self,
        question: str,
        *,
        doc_ids: Sequence[str] | None = None,
        history: Sequence[str] = (),
    ) -> Iterator[AnswerDelta | Answer]:
        """Answer from the collection (or only the documents in ``doc_ids``), citing every
        passage. Yields pieces of answer text as they are ready, then the complete ``Answer``,
        whose text is what the pieces add up to. ``history`` holds the earlier questions of the
        conversation, oldest first. With a language model (``llm.backend``), the answer is
        written by the model and checked sentence by sentence (``assistant.answer.citations``)."""
        question = " ".join(question.split())
        if not question:
            raise EmptyQuestion("the question is empty: type a question about the documents")
        if self.llm is not None:
            from assistant.llm.chain import stream_generated  # LangChain loads on use

            yield from stream_generated(
                self.llm, question, history, lambda q: self.ground(question, q, doc_ids),
                self.embedder, self.settings.llm,
            )  # fmt: skip
            return
        yield from extractive_stream(
            self.ground(question, standalone_question(question, history), doc_ids)
        )

    def ground(
        self, question: str, standalone: str, doc_ids: Sequence[str] | None = None
    ) -> Grounding:
        """Passages for ``standalone`` and the extractive answer (or refusal) they make."""
        started = time.perf_counter()
        retriever = Retriever(
            self.store, self.embedder, self.settings.retrieval.k,
            self.settings.retrieval.duplicate_similarity,
        )  # fmt: skip
        standalone = self.searchable(standalone)
        helps_or_hinders = asks_for_enablers_and_barriers(standalone)
        across_documents = not doc_ids or len(doc_ids) > 1
        several = asks_about_several_documents(standalone) or (helps_or_hinders and across_documents)
        broad = several or helps_or_hinders
        k = self.settings.retrieval.k * (SYNTHESIS_BREADTH if broad else 1)
        retrieval = retriever.retrieve(standalone, doc_ids, k, spread=several)
        retrieved = time.perf_counter()
        composition = compose(
            standalone, retrieval.question_vector, retrieval.passages, self.sentence_embedder,
            self.settings.answer, lambda: self.describe_collection(doc_ids), several,
        )  # fmt: skip
        timings = {
            "retrieve_ms": (retrieved - started) * 1000,
            "answer_ms": (time.perf_counter() - retrieved) * 1000,
        }
        return Grounding(question, standalone, retrieval.passages, composition, timings, started)

    def searchable(self, question: str) -> str:
        """The question as it is searched: abbreviations spelt out, misspellings corrected
        against the collection's words (``answer.wording``)."""
        expanded = expand_abbreviations(question)
        is_common_word = getattr(self.embedder, "is_common_word", None)
        if is_common_word is None:
            return expanded
        return correct_spelling(expanded, self.store.lexical, is_common_word)

    def describe_collection(self, doc_ids: Sequence[str] | None = None) -> str:
        """What a refusal says was searched: the count, and the titles when there are few. The
        records are read only then (or those of ``doc_ids``): a refusal costs no more in a
        large collection than in a small one."""
        count = self.store.document_count()
        documents = (
            self.store.documents(doc_ids=doc_ids)
            if doc_ids or count <= MAX_TITLES_NAMED
            else []
        )
        count = len(documents) if doc_ids else count
        noun = "document" if count == 1 else "documents"
        if not documents or count > MAX_TITLES_NAMED:
            return f"{count} {noun}"
        titles = " and ".join(f"“{d.title}”" for d in documents)
        return f"{count} {noun}: {titles}"
