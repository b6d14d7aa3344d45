"""The evidence map: what helps and what hinders, theme by theme, in the documents' own words.

Sentences come from the passages retrieved for a topic (those relevant to it), or from every
passage of the collection, read a page at a time from the store. Each is sorted by
``assistant.workspace.classify`` into a theme (or Unassigned) and a side (enabler or barrier);
sentences that are neither are left out. Sentence vectors are the ones stored at ingest; only
sentences the store lacks are embedded. No sentence appears twice in a map: the same text
(letter case, hyphens and punctuation aside) is kept once, and so is a near-copy from the same
document (cosine NEAR_DUPLICATE: an abstract scraped twice, once with its small words lost,
0.85 to 0.93). Near-copies from different documents both stay: two studies finding the same
barrier is evidence worth showing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from assistant.answer.compose import MIN_SENTENCE_WORDS
from assistant.answer.retrieval import TERM_WEIGHT, Retriever
from assistant.index.embedder import CachedEmbedder, Embedder, StoredSentences
from assistant.index.store import ChunkStore
from assistant.models import Chunk
from assistant.settings import Settings
from assistant.terms import content_terms, overlap
from assistant.workspace.classify import SIDES, Classifier, Side, Sorted, cut_quote
from assistant.workspace.taxonomy import Taxonomy, fold_hyphens, load_taxonomy
from ingest.sentences import evidence_sentences

NEAR_DUPLICATE = 0.85
PAGE_SIZE = 500  # chunks read from the store at a time for a whole-collection map
UNASSIGNED = "Unassigned"
Labels = Mapping[str, str] | Callable[[str], str]


@dataclass(frozen=True)
class MapQuote:
    """One sentence in the map: ``text`` is what is shown (the sentence, or a cut of it marked
    with …), ``sentence`` the whole of it; ``confidence`` is its theme score (for Unassigned,
    the score of the nearest theme, which fell short)."""

    text: str
    sentence: str
    side: Side
    theme: str | None
    confidence: float
    levels: tuple[str, ...]
    label: str  # author-year citation label, else the document's title
    doc_id: str
    source: str
    page: int | None
    chunk_id: str


@dataclass
class ThemeRow:
    """One theme of the map with its enabler and barrier quotes, best first."""

    name: str
    description: str
    enablers: list[MapQuote] = field(default_factory=list)
    barriers: list[MapQuote] = field(default_factory=list)

    def quotes(self, side: Side) -> list[MapQuote]:
        return self.enablers if side == "enabler" else self.barriers


@dataclass
class EvidenceMap:
    """Themes x {enabler, barrier} -> quotes, and the quotes that fit no theme."""

    topic: str | None
    doc_ids: tuple[str, ...]  # empty: the whole collection
    themes: list[ThemeRow]
    unassigned: list[MapQuote]

    def quotes(self) -> list[MapQuote]:
        """Every quote, theme by theme (enablers, then barriers), Unassigned last."""
        return [q for row in self.themes for side in SIDES for q in row.quotes(side)] + list(
            self.unassigned
        )

    def counts(self) -> dict[str, dict[Side, int]]:
        """Quotes per theme and side, Unassigned included."""
        counts = {row.name: {side: len(row.quotes(side)) for side in SIDES} for row in self.themes}
        counts[UNASSIGNED] = {side: sum(q.side == side for q in self.unassigned) for side in SIDES}
        return counts

    def doc_order(self) -> list[str]:
        """Documents in the order the map first quotes them: the order of their citations."""
        return list(dict.fromkeys(quote.doc_id for quote in self.quotes()))


def build_evidence_map(
    store: ChunkStore,
    embedder: Embedder,
    settings: Settings,
    topic: str | None = None,
    doc_ids: Sequence[str] | None = None,
    *,
    labels: Labels | None = None,
    taxonomy: Taxonomy | None = None,
    sentence_embedder: Embedder | None = None,
    page_size: int = PAGE_SIZE,
) -> EvidenceMap:
    """The map for ``topic`` (its retrieved passages' relevant sentences) or, without one, for
    the whole collection; only the documents in ``doc_ids`` when given. ``labels`` gives each
    document's citation label (doc_id -> "Patton, McGlade and Elliott (2020)"); a document it
    lacks is cited by its title. ``taxonomy`` defaults to the data folder's; ``page_size``
    is how many chunks a whole-collection map reads from the store at a time."""
    taxonomy = taxonomy or load_taxonomy(settings)
    sentences = sentence_embedder or StoredSentences(
        store.sentence_vectors, CachedEmbedder(embedder)
    )
    classifier = Classifier(taxonomy, embedder, settings.evidence_map)
    collector = _Collector(taxonomy, settings.evidence_map.quotes_per_cell, _labeller(labels))
    if topic:
        batches = _topic_batches(store, embedder, sentences, settings, topic, doc_ids)
    else:
        batches = _collection_batches(store, sentences, doc_ids, page_size)
    for batch in batches:
        for (text, chunk), vector in batch:
            placed = classifier.sort(text, vector)
            if placed is not None:
                quote_words = settings.evidence_map.quote_words
                collector.add(text, chunk, vector, placed, quote_words)
    return collector.evidence_map(topic, doc_ids)


_Batch = list[tuple[tuple[str, Chunk], np.ndarray]]


def _collection_batches(
    store: ChunkStore, sentences: Embedder, doc_ids: Sequence[str] | None, page_size: int
) -> Iterator[_Batch]:
    """Every chunk's new sentences with their vectors, a page of chunks at a time."""
    seen: set[str] = set()
    offset = 0
    while True:
        chunks = store.chunk_page(offset, page_size, doc_ids)
        pairs = _new_sentences(chunks, seen)
        if pairs:
            yield list(zip(pairs, sentences.embed_batch([text for text, _ in pairs])))
        offset += len(chunks)
        if len(chunks) < page_size:
            return


def _topic_batches(
    store: ChunkStore,
    embedder: Embedder,
    sentences: Embedder,
    settings: Settings,
    topic: str,
    doc_ids: Sequence[str] | None,
) -> Iterator[_Batch]:
    """The sentences of the passages retrieved for ``topic`` that are relevant to it: cosine
    + TERM_WEIGHT x the share of the topic's terms, as the answer composer scores them."""
    retriever = Retriever(
        store, embedder, settings.retrieval.k, settings.retrieval.duplicate_similarity
    )
    retrieval = retriever.retrieve(
        topic, doc_ids, settings.evidence_map.topic_passages, spread=True
    )
    pairs = _new_sentences([passage.chunk for passage in retrieval.passages], set())
    vectors = sentences.embed_batch([text for text, _ in pairs])
    terms = content_terms(topic)
    yield [
        (pair, vector)
        for pair, vector in zip(pairs, vectors)
        if float(vector @ retrieval.question_vector) + TERM_WEIGHT * overlap(terms, pair[0])
        >= settings.evidence_map.topic_relevance
    ]


def _new_sentences(chunks: Sequence[Chunk], seen: set[str]) -> list[tuple[str, Chunk]]:
    """Sentences of ``chunks`` long enough to say something, each once (``seen`` grows)."""
    pairs = []
    for chunk in chunks:
        for text in evidence_sentences(chunk.text):
            key = normalise(text)
            if key not in seen and len(text.split()) >= MIN_SENTENCE_WORDS:
                seen.add(key)
                pairs.append((text, chunk))
    return pairs


def normalise(sentence: str) -> str:
    """The sentence as compared for duplicates: case, hyphens and punctuation set aside."""
    return " ".join(re.findall(r"\w+", fold_hyphens(sentence).casefold()))


def _labeller(labels: Labels | None) -> Callable[[Chunk], str]:
    if labels is None:
        return lambda chunk: chunk.title
    if isinstance(labels, Mapping):
        mapping = labels
        return lambda chunk: mapping.get(chunk.doc_id) or chunk.title
    function = labels
    return lambda chunk: function(chunk.doc_id) or chunk.title


class _Collector:
    """The map's cells as sentences arrive: each cell keeps its best ``per_cell`` quotes, and
    a sentence nearly the same as one already kept is left out."""

    def __init__(self, taxonomy: Taxonomy, per_cell: int, label: Callable[[Chunk], str]) -> None:
        self.taxonomy = taxonomy
        self.per_cell = per_cell
        self.label = label
        self.cells: dict[tuple[str | None, Side], list[tuple[MapQuote, np.ndarray]]] = {}

    def add(
        self, text: str, chunk: Chunk, vector: np.ndarray, placed: Sorted, quote_words: int
    ) -> None:
        if self._near_duplicate(vector, chunk.doc_id):
            return
        quote = MapQuote(
            cut_quote(text, placed.cue_at, quote_words), text, placed.side, placed.theme,
            placed.confidence, placed.levels, self.label(chunk), chunk.doc_id, chunk.source,
            chunk.page, chunk.chunk_id,
        )  # fmt: skip
        cell = self.cells.setdefault((placed.theme, placed.side), [])
        cell.append((quote, vector))
        cell.sort(key=lambda item: -item[0].confidence)
        del cell[self.per_cell :]

    def _near_duplicate(self, vector: np.ndarray, doc_id: str) -> bool:
        kept = [v for cell in self.cells.values() for quote, v in cell if quote.doc_id == doc_id]
        return bool(kept) and float((np.stack(kept) @ vector).max()) >= NEAR_DUPLICATE

    def evidence_map(self, topic: str | None, doc_ids: Sequence[str] | None) -> EvidenceMap:
        def cell(theme: str | None, side: Side) -> list[MapQuote]:
            return [quote for quote, _ in self.cells.get((theme, side), [])]

        rows = [
            ThemeRow(theme.name, theme.description, cell(theme.name, "enabler"),
                     cell(theme.name, "barrier"))
            for theme in self.taxonomy.themes
        ]  # fmt: skip
        unassigned = cell(None, "enabler") + cell(None, "barrier")
        return EvidenceMap(topic, tuple(doc_ids or ()), rows, unassigned)
