"""The ``Assistant``: the one API the CLI, the chat app and the evaluations all use.

Parts are injected by optional argument (settings, embedder, store, llm) and fall back to the
defaults; tests pass their own instead of patching internals. Nothing is loaded until used.
"""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Literal

from assistant.answer.about_collection import (
    CollectionQuestion,
    ask_about_collection,
    catalogue_record,
    describe,
    documents_by_title,
    holds_subject,
)
from assistant.answer.answer_types import answer_types, quotes_asked
from assistant.answer.compose import (
    asks_about_several_documents,
    asks_for_enablers_and_barriers,
    compose,
    refusal,
    without_side_words,
)
from assistant.answer.conversation import (
    asks_about_another_document,
    more_asked_of,
    standalone_question,
)
from assistant.answer.evidence_order import by_best_sentence
from assistant.answer.examples import DocumentText, example_questions
from assistant.answer.grounding import Grounding, extractive_stream
from assistant.answer.named_authors import (
    NamedDocuments,
    may_name_authors,
    named_documents,
    possible_names,
)
from assistant.answer.named_studies import (
    Naming,
    counted_studies,
    mentions_as_said,
    named_studies,
    study_mentions,
)
from assistant.answer.passage_words import DocumentWords
from assistant.answer.retrieval import Retrieval, Retriever, first_of_each
from assistant.answer.subject import (
    asked_part,
    asks_again_of_a_study,
    asks_for_overview,
    unframed,
)
from assistant.answer.unmentioned import StoredWords, unmentioned
from assistant.answer.value_subject import documents_writing, subject_words, topic_documents
from assistant.answer.which_documents import asks_which_documents, telling_terms
from assistant.answer.wording import (
    CommonWord,
    correct_spelling,
    definition_in,
    expand_abbreviations,
    spell_out_defined,
    spelt_out,
)
from assistant.errors import EmptyQuestion, UnknownDocument
from assistant.index.blas_threads import use_one_blas_thread
from assistant.index.embedder import CachedEmbedder, Embedder, StoredSentences, make_embedder
from assistant.index.ownership import StoreHost
from assistant.index.store import ChunkStore
from assistant.llm import Backend
from assistant.models import (
    Answer,
    AnswerDelta,
    Chunk,
    Citation,
    DocumentInfo,
    IngestReport,
    PageView,
    Passage,
    Reference,
)
from assistant.prompts import render
from assistant.settings import BUNDLED_CORPUS, Settings
from assistant.terms import content_terms
from assistant.workspace.documents import FORMATS as EXPORT_FORMATS
from assistant.workspace.documents import Format
from assistant.workspace.documents import write as write_document
from assistant.workspace.evidence_map import EvidenceMap, Labels, MapQuote, build_evidence_map
from assistant.workspace.map_export import export_evidence_map
from assistant.workspace.pack_export import pack_document
from assistant.workspace.packs import Pack, PackShelf
from assistant.workspace.references import format_references, formatted_reference

if TYPE_CHECKING:
    import numpy as np

    from ingest.pipeline import IngestProgress

__all__ = ["EXPORT_FORMATS", "Assistant", "EvidenceMap", "MapQuote", "PageView"]  # types returned

BIBLIOGRAPHY_FORMATS = ("bib", "ris")
PackFormat = Literal["docx", "pdf", "md", "bib", "ris"]
MAX_TITLES_NAMED = 3
MAX_DOCUMENTS_DESCRIBED = 10  # a metadata answer about more documents names the first ten
SYNTHESIS_BREADTH = 2  # enablers-and-barriers questions draw on twice as many passages
EVIDENCE_POOL = 2  # a question on several documents: candidates ordered, per passage kept
# what a question asking for an overview of the documents is searched as: their findings, each
OVERVIEW_SEARCH = "What did {studies} find?"
# a question naming documents of at most this many passages: mentions are looked for in theirs
MAX_SCOPED_PASSAGES = 500
ACRONYM_PASSAGES_READ = 5  # passages holding an unknown acronym read for its definition
RECORD_SUFFIX = ":record"  # the chunk id of a document's record (``catalogue_record``)
THEME_CHUNKS_PER_DOCUMENT = 40  # enough text to find a document's themes, bounded for big ones


def bibliography(references: Sequence[Reference], fmt: str) -> str:
    """A BibTeX (bib) or RIS (ris) file of ``references``."""
    from ingest.bibfiles import write_bibtex, write_ris  # loaded when used: the CLI starts quicker

    return write_bibtex(references) if fmt == "bib" else write_ris(references)


@dataclass(frozen=True)
class Search:
    """What is searched for a question: its text, the documents (None: all), whether it spans
    several documents (each one's best passage is taken too), whether it is broad (more
    passages), and the text its passages are ranked by (without the words that said which
    study, once they have chosen it: ``Naming``)."""

    text: str
    doc_ids: Sequence[str] | None
    several: bool
    broad: bool
    ranked_by: str
    ambiguity: str | None = None  # the study named fits several documents: which they are
    overview: bool = False  # what the documents found, nothing in them in particular
    compared: bool = False  # it names the documents it spans: each one answers


class Assistant:
    def __init__(
        self,
        settings: Settings | None = None,
        *,
        embedder: Embedder | None = None,
        store: ChunkStore | None = None,
        llm: Backend | None = None,
        ingest_embedder: Embedder | None = None,
    ) -> None:
        self.settings = settings or Settings()
        use_one_blas_thread()
        encoder = self.settings.encoder
        # Questions encode on few threads (they run side by side), ingestion on every core and
        # in its own precision; an injected embedder does both unless one is injected for each.
        self.embedder = embedder or make_embedder(self.settings, encoder.answer_threads)
        self.ingest_embedder = ingest_embedder or (
            None if embedder
            else make_embedder(self.settings, encoder.ingest_threads, ingesting=True)
        )  # fmt: skip
        self.store = store or ChunkStore(self.settings, self.embedder.name)
        # vectors stored at ingest, remembered once read: ordering the passages and composing
        # the answer read the same sentences, and the same passages come back question after
        # question
        self.sentence_embedder = CachedEmbedder(
            StoredSentences(self.store.sentence_vectors, self.embedder)
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
        from ingest.pipeline import ingest_paths  # loaded when used: the CLI starts quicker

        report = ingest_paths(
            paths, settings=self.settings, store=self.store,
            embedder=self.ingest_embedder or self.embedder,
            progress=progress, allow_personal_data=allow_personal_data,
        )  # fmt: skip
        self.store.copy_registry()  # the next listing, in any process, needs no Chroma
        return report

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
        return self.store.documents(counted, labelled=True)

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

    def set_reference(self, name: str, reference: Reference) -> DocumentInfo:
        """Correct or complete a document's bibliographic metadata: the fields ``reference``
        knows replace what was found or imported, and are kept when a changed version of the
        file is ingested again."""
        info = self.find_document(name)
        corrected = self.store.reference_layers(info.doc_id).get("corrected", Reference())
        self.store.set_reference(info.doc_id, "corrected", corrected.corrected_by(reference))
        return self.find_document(info.doc_id)

    def remove(self, name: str) -> DocumentInfo:
        info = self.find_document(name)
        self.store.delete(self.store.chunk_ids({"doc_id": info.doc_id}))
        self.store.copy_registry()
        return info

    def chunks(self, doc_id: str) -> list[Chunk]:
        """A document's stored passages in reading order."""
        chunks = self.store.get_chunks(self.store.chunk_ids({"doc_id": doc_id}))
        return sorted(chunks, key=lambda chunk: (chunk.page or 0, chunk.char_start))

    def page_view(self, chunk_id: str, sentences: Sequence[str] = ()) -> PageView:
        """Where a passage comes from, as its reader would see it: for a PDF, its page as an
        image with ``sentences`` highlighted (and the next or previous page when one runs across
        the page break); otherwise its section's text with them marked. See
        ``ingest.page_view``."""
        from ingest.page_view import pdf_pages, section_text, text_highlights

        found = self.store.get_chunks([chunk_id])
        if not found and chunk_id.endswith(RECORD_SUFFIX):  # a metadata answer's citation
            record = catalogue_record(self.find_document(chunk_id.removesuffix(RECORD_SUFFIX)))
            return PageView(record.source, record.title, None, record.section, text=record.text)
        if not found:
            raise UnknownDocument(f"passage {chunk_id!r} is not in the collection: ask again")
        chunk = found[0]
        view = PageView(chunk.source, chunk.title, chunk.page, chunk.section)
        path = Path(chunk.path)
        if chunk.page is not None and path.suffix.lower() == ".pdf":
            if path.is_file():
                ocr = self.settings.ingest.ocr_language if self.settings.ingest.ocr else None
                return replace(view, pages=pdf_pages(path, chunk.page, sentences, ocr))
            view = replace(view, note=f"{path} is no longer there: ingest it again to see its pages")
        text = section_text(self.chunks(chunk.doc_id), chunk)
        return replace(view, text=text, highlights=text_highlights(text, sentences))

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
        # "tell me more" answers its earlier question again, without what was said
        more = self._more_of(question, history, doc_ids)
        fresh = (question, standalone_question(question, history), frozenset[str]())
        answered, standalone, said = more or fresh
        others = self._other_documents(question, history, doc_ids)
        # "and the other study?", "and for the co-production study?": the question before, again
        asked_before = others is not None or (bool(history) and asks_again_of_a_study(question))
        doc_ids = others if others is not None else doc_ids
        asked = ask_about_collection(standalone)
        if asked is not None:
            pieces: Iterator[AnswerDelta | Answer] = self._about_collection(
                question, standalone, asked, doc_ids
            )
        elif self.llm is not None:
            from assistant.llm.chain import stream_generated  # LangChain loads on use

            pieces = stream_generated(
                self.llm, question, history,
                lambda q: self.ground(question, q, doc_ids, asked_before, said),
                self.embedder, self.settings.llm,
            )  # fmt: skip
        else:
            grounding = self.ground(answered, standalone, doc_ids, asked_before, said)
            pieces = extractive_stream(replace(grounding, question=question))
        for piece in pieces:
            yield self.with_references(piece) if isinstance(piece, Answer) else piece

    def _about_collection(
        self,
        question: str,
        standalone: str,
        asked: CollectionQuestion,
        doc_ids: Sequence[str] | None,
    ) -> Iterator[AnswerDelta | Answer]:
        """Who wrote a document, when and where it was published, which documents there are:
        answered from the metadata, each document cited by its record in the registry."""
        def answer(text: str, citations: list[Citation], notice: str | None = None) -> Answer:
            """Refused when nothing is cited: no document meant, or no metadata to say."""
            searched_as = standalone if standalone != question else None
            return Answer(
                question, text, not citations, citations,
                standalone_question=searched_as, notice=notice,
            )  # fmt: skip

        scope = [d for d in self.documents(counted=False) if not doc_ids or d.doc_id in doc_ids]
        meant = documents_by_title(asked, scope) or self._documents_by_passages(
            standalone, asked, scope, doc_ids
        )
        if not meant:
            text = render("refusal", searched=self.describe_collection(doc_ids))
            yield AnswerDelta(text)
            yield answer(text, [])
            return
        shown = meant[:MAX_DOCUMENTS_DESCRIBED]
        citations = [
            Citation(n, Passage(catalogue_record(info), 1.0))
            for n, info in enumerate(shown, start=1)
        ]
        described = [describe(asked, info, n) for n, info in enumerate(shown, start=1)]
        lines = [sentence for sentence, _ in described]
        if "list" in asked.facets:  # a heading, then one cited line per document
            lines = ["The collection holds:", *(f"- {s}" for s in lines)]
        cut_short = None  # a note on the answer (``Answer.notice``), not a claim to cite
        if len(meant) > len(shown):
            cut_short = (
                f"These are {len(shown)} of {len(meant)} documents; the Documents tab (or "
                "`carechat list`) lists them all."
            )
            lines.append(cut_short)
        text = "\n".join(lines)
        yield AnswerDelta(text)
        known = any(found for _, found in described)
        yield answer(text, citations if known else [], cut_short)

    def _other_documents(
        self, question: str, history: Sequence[str], doc_ids: Sequence[str] | None
    ) -> list[str] | None:
        """For "and the other study?", the documents in scope that did not answer the previous
        question (asked again: the history holds questions only); None for any other question,
        or when the previous one was refused or every document in scope answered it."""
        if not history or not asks_about_another_document(question):
            return None
        previous = history[-1]
        grounding = self.ground(previous, standalone_question(previous, history[:-1]), doc_ids)
        answered = {citation.passage.chunk.doc_id for citation in grounding.composition.citations}
        scope = [d for d in self.store.document_ids() if not doc_ids or d in doc_ids]
        others = [doc_id for doc_id in scope if doc_id not in answered]
        return others if answered and others else None

    def _more_of(
        self, question: str, history: Sequence[str], doc_ids: Sequence[str] | None
    ) -> tuple[str, str, frozenset[str]] | None:
        """For "tell me more": the question it continues, as asked and as searched, and the
        sentences the answers to it have given so far; None for any other question. The history
        holds questions only, so they are answered again, each without what the ones before
        gave."""
        continued = more_asked_of(question, history)
        if continued is None:
            return None
        earlier, standalone, answers = continued
        said: frozenset[str] = frozenset()
        for _ in range(answers):
            grounding = self.ground(earlier, standalone, doc_ids, already_said=said)
            quoted = grounding.composition.citations
            said |= {sentence for citation in quoted for sentence in citation.sentences}
        return earlier, standalone, said

    def _documents_by_passages(
        self,
        question: str,
        asked: CollectionQuestion,
        scope: Sequence[DocumentInfo],
        doc_ids: Sequence[str] | None,
    ) -> list[DocumentInfo]:
        """The document of ``scope`` (those of ``doc_ids``) whose passages answer best, when no
        title names the subject ("who wrote the study that interviewed 21 experts?"), if they
        hold all the question says of it."""
        composition = self.ground(question, question, doc_ids).composition
        if composition.refused or not composition.citations:
            return []
        doc_id = composition.citations[0].passage.chunk.doc_id
        passages = [
            c.passage.chunk.text for c in composition.citations if c.passage.chunk.doc_id == doc_id
        ]
        info = next(info for info in scope if info.doc_id == doc_id)
        return [info] if holds_subject(asked, info, passages) else []

    def with_references(self, answer: Answer) -> Answer:
        """Each citation with its document's bibliographic metadata (one registry read)."""
        references = self.store.references([c.passage.chunk.doc_id for c in answer.citations])
        entries = self.reference_entries(references)
        for citation in answer.citations:
            citation.reference = references.get(citation.passage.chunk.doc_id)
            citation.formatted_reference = entries.get(citation.passage.chunk.doc_id, "")
        return answer

    def ground(
        self,
        question: str,
        standalone: str,
        doc_ids: Sequence[str] | None = None,
        asked_before: bool = False,
        already_said: frozenset[str] = frozenset(),
    ) -> Grounding:
        """Passages for ``standalone`` and the extractive answer (or refusal) they make.
        ``asked_before``: the question repeats an answered one of other documents;
        ``already_said``: sentences earlier answers gave ("tell me more"; both ``compose``)."""
        started = time.perf_counter()
        search = self._search(question, standalone, doc_ids)
        quotes = quotes_asked(question)  # a number of quotes needs as many passages as a list
        k = self.settings.retrieval.k * (SYNTHESIS_BREADTH if search.broad or quotes else 1)
        absent = self.unmentioned(search.text, search.doc_ids)
        retrieval = self.retrieve(search, k, by_evidence=not absent)
        retrieved = time.perf_counter()
        describe_searched = partial(self.describe_collection, search.doc_ids)
        if absent:
            one = self._documents_in_scope(search.doc_ids) == 1
            composition = refusal(retrieval.passages, describe_searched(), absent, one)
        else:
            passages = (  # a value of each study, or asked again of another: any document's
                retrieval.passages if asked_before or search.several
                else self._of_the_values_subject(search.text, retrieval.passages)
            )  # fmt: skip
            composition = compose(
                search.text, retrieval.question_vector, passages,
                self.sentence_embedder, self.settings.answer, describe_searched, search.several,
                asked_before=asked_before, already_said=already_said,
                quotes=quotes, overview=search.overview, telling=self._telling(search.text),
                compared=search.compared,
            ) if passages else refusal(retrieval.passages, describe_searched())  # fmt: skip
        timings = {
            "retrieve_ms": (retrieved - started) * 1000,
            "answer_ms": (time.perf_counter() - retrieved) * 1000,
        }
        return Grounding(
            question, search.text, retrieval.passages, composition, timings, started,
            ambiguity=search.ambiguity,
        )  # fmt: skip

    def _of_the_values_subject(self, question: str, passages: list[Passage]) -> list[Passage]:
        """For a question asking a value (a cost, a count...), the passages of the documents
        that write the telling words of what it is asked of (``value_subject``): the pilot's
        cost is not what parent advocacy costs."""
        asked = [kind for kind in answer_types(question) if kind.required]
        words = subject_words(question, asked) if asked else []
        if not words:
            return passages
        documents = self.store.document_count()
        writing = documents_writing(words, self.store.lexical, documents)
        return passages if writing is None else [p for p in passages if p.chunk.doc_id in writing]

    def _telling(self, question: str) -> frozenset[str]:
        """For a question asking which documents say something, the words telling those that
        do apart (``which_documents``)."""
        if not asks_which_documents(question):
            return frozenset()
        return telling_terms(question, self.store.lexical, self.store.document_count())

    def retrieve(self, search: Search, k: int, by_evidence: bool = True) -> Retrieval:
        """The ``k`` best passages for ``search`` (hybrid retrieval) and the vector their
        sentences are compared with. With ``by_evidence`` they are put in the order of their
        best sentences (``by_best_sentence``); for a question on several documents, or asking
        for a kind of fact (a count, a frequency, a recommendation...: ``answer_types``),
        EVIDENCE_POOL times as many candidates are ordered before the cut, so each document's
        answering passage is kept ("Where were the two papers based?": retrieval ranked the
        course's place sixth), and the passage giving the fact ("How often did the supervision
        groups meet?": the one saying "fortnightly" ranked below five on supervision and
        groups). Answers and the evaluation's retrieval metrics both come from here."""
        settings = self.settings.retrieval
        retriever = Retriever(self.store, self.embedder, k, settings.duplicate_similarity)
        # not when several documents fit the study named: their passages would fill the pool
        widened = search.several or (bool(answer_types(search.text)) and not search.ambiguity)
        pool = k * EVIDENCE_POOL if by_evidence and widened else k
        retrieval = retriever.retrieve(
            search.ranked_by, search.doc_ids, k, spread=search.several, pool=pool
        )
        if not by_evidence:
            return retrieval
        vector = self._compared_vector(search, retrieval.question_vector)
        ordered = by_best_sentence(search.text, vector, retrieval.passages, self.sentence_embedder)
        return Retrieval(vector, first_of_each(ordered, k, search.several))

    def _compared_vector(self, search: Search, searched: np.ndarray) -> np.ndarray:
        """What sentences are compared with: the question without its framing ("What do the
        studies say about...": ``unframed``), embedded again only when that is not the text
        whose vector (``searched``) ranked the passages."""
        compared = unframed(search.text)
        if compared == search.ranked_by:
            return searched
        return self.embedder.embed_batch([compared])[0]

    def search_scope(
        self, question: str, history: Sequence[str] = (), doc_ids: Sequence[str] | None = None
    ) -> Search:
        """What ``ask`` searches for ``question``, in which documents and how: the evaluation
        measures retrieval on exactly that."""
        question = " ".join(question.split())
        more = more_asked_of(question, history)
        asked, standalone = more[:2] if more else (question, standalone_question(question, history))
        others = self._other_documents(question, history, doc_ids)
        return self._search(asked, standalone, others if others is not None else doc_ids)

    def _search(self, question: str, standalone: str, doc_ids: Sequence[str] | None) -> Search:
        """The question as searched (spelling mended, the practitioner's situation and any
        authors' names set aside), the documents it names, if any, else ``doc_ids``, and
        whether it spans several documents."""
        leans_on_history = standalone != question
        searched = asked_part(self.searchable(standalone))
        named = self._named_by_authors(searched, doc_ids)
        unnamed = ambiguity = None
        if named is not None:
            searched, doc_ids = named.searched, named.doc_ids
            named_apart = len(doc_ids) > 1
        else:
            # the study the question asked now names, else the one its earlier questions named
            asked_now = asked_part(self.searchable(question)) if leans_on_history else searched
            names_now = bool(study_mentions(asked_now, bare=False))
            naming = self._named_studies(asked_now if names_now else searched, doc_ids)
            doc_ids = naming.doc_ids or doc_ids
            named_apart = len(naming.doc_ids or ()) > 1 and not naming.ambiguous
            if not leans_on_history:  # a follow-up's context holds the topic
                unnamed = naming.unnamed
            if naming.ambiguous and names_now:  # an earlier answer said so already
                described = self.describe_collection(naming.doc_ids)
                ambiguity = render("ambiguous", mention=naming.ambiguous, documents=described)
            elif not naming.doc_ids:
                ambiguity = self._count_unmet(asked_now, doc_ids)
        overview = asks_for_overview(searched)
        if overview:  # "Summarise the two papers": what each one found
            studies = mentions_as_said(searched) or "the studies"
            searched, unnamed = OVERVIEW_SEARCH.format(studies=studies), None
        helps_or_hinders = asks_for_enablers_and_barriers(searched)
        # a topic few documents write of: theirs (a question asking which documents say
        # something has telling words of its own: ``which_documents``)
        if helps_or_hinders and doc_ids is None and not asks_which_documents(searched):
            on_topic = topic_documents(
                without_side_words(searched), self.store.lexical, self.store.document_count()
            )
            doc_ids = sorted(on_topic) if on_topic else None
        across_documents = not doc_ids or len(doc_ids) > 1
        several = asks_about_several_documents(searched) or (helps_or_hinders and across_documents)
        broad = several or helps_or_hinders
        return Search(
            searched, doc_ids, several, broad, unnamed or searched, ambiguity, overview,
            compared=several and named_apart,
        )  # fmt: skip

    def _named_by_authors(
        self, question: str, doc_ids: Sequence[str] | None
    ) -> NamedDocuments | None:
        """The documents whose authors the question names ("What did Lefevre find?"), among
        ``doc_ids`` when given; the registry is read only when a word may be a name."""
        is_common_word = self._common_words() or (lambda word: True)
        if not may_name_authors(question, is_common_word, self.store.lexical.has_word):
            return None
        candidates = self.store.documents_by_authors(possible_names(question, is_common_word))
        several = asks_about_several_documents(question)
        named = named_documents(question, candidates, is_common_word, several)
        if named is None or not doc_ids:
            return named
        within = [doc_id for doc_id in named.doc_ids if doc_id in doc_ids]
        return NamedDocuments(within, named.searched) if within else None

    def _count_unmet(self, question: str, doc_ids: Sequence[str] | None) -> str | None:
        """The line saying which documents "the two studies" are is not known, when the
        question asks about a number of studies and more than that many are in scope."""
        counted = counted_studies(question)
        if counted is None:
            return None
        in_scope = self._documents_in_scope(doc_ids)
        mention, count = counted
        if in_scope <= count:
            return None
        documents = f"{in_scope} documents"
        return render("ambiguous_count", mention=mention, count=str(count), documents=documents)

    def _named_studies(self, question: str, doc_ids: Sequence[str] | None) -> Naming:
        """The documents a mention such as "the co-production study" names, among ``doc_ids``
        when given; the registry is asked only when the question holds such a mention, and
        only for the records whose titles hold one of its words."""
        if not study_mentions(question):
            return Naming(None, None)

        def holding(words: Sequence[str], limit: int | None) -> set[str]:
            return self.store.documents_holding(words, doc_ids, limit)

        def titled(terms: set[str]) -> dict[str, set[str]]:
            return self.store.title_terms(terms, doc_ids)

        return named_studies(question, titled, holding, self._documents_in_scope(doc_ids))

    def _documents_in_scope(self, doc_ids: Sequence[str] | None) -> int:
        """How many documents a search of ``doc_ids`` (all, when None) covers."""
        return len(set(doc_ids)) if doc_ids else self.store.document_count()

    def unmentioned(self, searched: str, doc_ids: Sequence[str] | None = None) -> list[str]:
        """The names and topics ``searched`` holds that neither a passage nor a title mentions
        (``answer.unmentioned``): the documents cannot say anything about them. Asked of the
        documents of ``doc_ids`` when given (those the question names): a topic only another
        document mentions is none of theirs. A title may hold what its passages do not (one
        corrected by hand, or read from a PDF's metadata)."""
        is_common_word = self._common_words()
        if is_common_word is None:
            return []
        names = unmentioned(spelt_out(searched), is_common_word, self._words_of(doc_ids))
        if not names:
            return []
        titled = self.store.title_terms(content_terms(" ".join(names)), doc_ids)
        return [
            name
            for name in names
            if not any(content_terms(name) <= held for held in titled.values())
        ]

    def _words_of(self, doc_ids: Sequence[str] | None) -> StoredWords:
        """The words of the documents of ``doc_ids``, read for the question when it looks one
        up and they hold at most ``MAX_SCOPED_PASSAGES`` passages; else the whole collection's
        (its lexical index)."""
        if not doc_ids:
            return self.store.lexical

        def read(limit: int) -> list[str]:
            return [chunk.text for chunk in self.store.chunk_page(0, limit, doc_ids)]

        return DocumentWords(read, self.store.lexical, MAX_SCOPED_PASSAGES)

    def searchable(self, question: str) -> str:
        """The question as it is searched: abbreviations spelt out (the field's, and those the
        collection defines), misspellings corrected against the collection's words
        (``answer.wording``)."""
        expanded = spell_out_defined(expand_abbreviations(question), self._acronym_defined)
        is_common_word = self._common_words()
        if is_common_word is None:
            return expanded
        return correct_spelling(expanded, self.store.lexical, is_common_word)

    def _acronym_defined(self, acronym: str) -> str | None:
        """What the collection's passages holding ``acronym`` define it as, if one does ("Family
        group conferencing (FGC)"); read only for an acronym the collection writes."""
        forms = (acronym.lower(), f"{acronym.lower()}s")  # "NQSWs" may be all a text writes
        written = [form for form in forms if self.store.lexical.has_word(form)]
        if not written:
            return None
        ids = self.store.lexical.search(written, ACRONYM_PASSAGES_READ)
        texts = (chunk.text for chunk in self.store.get_chunks(ids))
        return next((found for text in texts if (found := definition_in(acronym, text))), None)

    def _common_words(self) -> CommonWord | None:
        """Whether a word is common English (the encoder's WordPiece vocabulary), which tells
        names and misspellings apart; None for an injected embedder without a vocabulary."""
        return getattr(self.embedder, "is_common_word", None)

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

    # Trainers' workspace

    def pack_shelf(self, user: str = "local") -> PackShelf:
        """A user's session packs, kept in the data folder."""
        return PackShelf(self.settings.data_dir, user)

    def export_pack(self, pack: Pack, fmt: PackFormat, folder: Path) -> Path:
        """The pack written to ``folder``: as docx, pdf or md, ending with its reference list
        (its evidence maps drawn from the collection as it is now); as bib or ris, the
        references it uses, for a reference manager."""
        maps = {item.text: self.evidence_map(item.text or None)
                for item in pack.items if item.kind == "map"}  # fmt: skip
        pinned = {s.doc_id: s.reference for item in pack.items for s in item.sources}
        mapped = {quote.doc_id for found in maps.values() for quote in found.quotes()}
        used = {**self.store.references(sorted(mapped - set(pinned))), **pinned}
        folder.mkdir(parents=True, exist_ok=True)
        stem = re.sub(r"[^a-z0-9]+", "-", pack.name.lower()).strip("-") or "pack"
        path = folder / f"carechat-pack-{stem}-{uuid.uuid4().hex[:8]}.{fmt}"
        if fmt in BIBLIOGRAPHY_FORMATS:
            path.write_text(bibliography(list(used.values()), fmt), encoding="utf-8")
            return path
        document = pack_document(pack, maps, self.reference_entries(used))
        return write_document(document, path, fmt)  # type: ignore[arg-type]

    def reference_list(self, names: Sequence[str] = (), fmt: str | None = None) -> str:
        """The references of the documents named (all by default): formatted in ``fmt``
        (harvard or apa; ``references.style`` by default), or as a bib or ris file."""
        documents = [self.find_document(name) for name in names] or self.documents(False)
        references = [info.reference.completed_by(Reference(title=info.title)) for info in documents]
        if fmt in BIBLIOGRAPHY_FORMATS:
            return bibliography(references, fmt)
        style = fmt or self.settings.references.style
        return "\n".join(format_references(references, style))

    def reference_entries(self, references: Mapping[str, Reference]) -> dict[str, str]:
        """doc_id -> its entry in a reference list, in the ``references.style`` style; a
        document with neither authors nor title is left out (exports list it by its file)."""
        style = self.settings.references.style
        return {
            doc_id: formatted_reference(reference, style)
            for doc_id, reference in references.items()
            if reference.authors or reference.title
        }

    def evidence_map(
        self,
        topic: str | None = None,
        doc_ids: Sequence[str] | None = None,
        *,
        labels: Labels | None = None,
    ) -> EvidenceMap:
        """What helps and what hinders, theme by theme, for ``topic`` or the whole collection
        (only ``doc_ids`` when given); see ``assistant.workspace.evidence_map``. ``labels``:
        doc_id -> author-year citation label; documents without one are cited by title."""
        topic = self.searchable(" ".join(topic.split())) if topic and topic.strip() else None
        if labels is None:
            labels = {info.doc_id: info.label for info in self.store.documents(counted=False)}
        return build_evidence_map(
            self.store, self.embedder, self.settings, topic, doc_ids,
            labels=labels, sentence_embedder=self.sentence_embedder,
        )  # fmt: skip

    def export_evidence_map(
        self, evidence_map: EvidenceMap, fmt: Format, references: Mapping[str, str] | None = None
    ) -> bytes:
        """The map as md, csv, docx or pdf; ``references``: doc_id -> formatted reference,
        by default the documents' own in the ``references.style`` style."""
        if references is None:
            references = self.reference_entries(self.store.references(evidence_map.doc_order()))
        return export_evidence_map(evidence_map, fmt, references)
