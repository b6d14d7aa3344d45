"""The vector store adapter: the only module that imports chromadb.

The same code runs on a Chroma server when ``chroma_url`` is set, on the server that
``carechat serve`` runs for the data folder when one is running, and on the embedded persistent
client otherwise, claimed for this process alone (``assistant.index.ownership``). Vectors come
from our embedder; Chroma never embeds anything itself.
"""

from __future__ import annotations

import functools
import hashlib
import json
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar
from urllib.parse import urlparse

import numpy as np

from assistant.errors import StoreError
from assistant.index import ownership
from assistant.index.lexical import LexicalIndex
from assistant.index.registry_copy import Records, RegistryCopy
from assistant.index.registry_lookups import RegistryLookups, values_in
from assistant.models import Chunk, DocumentInfo, Passage, Reference, distinct_labels
from assistant.settings import Settings
from assistant.terms import content_terms

if TYPE_CHECKING:
    from chromadb.api.collection_configuration import (
        CreateCollectionConfiguration,
        CreateHNSWConfiguration,
    )
    from chromadb.api.models.Collection import Collection

_ADD_BATCH = 1000
# Chroma's approximate search graph. Its defaults (16 neighbours a node, a search beam of 100)
# missed the nearest passage for 8 of 149 evaluation queries over the bundled corpus and 200
# templated reports, and for most questions among clustered near-copies; these missed none there,
# for about half a millisecond more a query at 100,000 chunks. Set when the passages' collection
# is created.
_HNSW: CreateHNSWConfiguration = {
    "space": "cosine",
    "max_neighbors": 32,
    "ef_construction": 200,
    "ef_search": 500,
}
# Sentences and registry records are only read by id, but Chroma builds a search graph for every
# collection: this sparse one cost 6.7 s of CPU to store 20,000 sentences, against 16.7 s with
# Chroma's defaults (a sparser one saved no more), and reading by id is as fast.
_READ_BY_ID: CreateHNSWConfiguration = {"space": "cosine", "max_neighbors": 4, "ef_construction": 8}
# Where a document's bibliographic metadata came from, later layers winning field by field: what
# the file says about itself, a reference manager's export, the user's own corrections.
REFERENCE_LAYERS = ("found", "imported", "corrected")
# What questions look documents up by, as words of the registry record's text that Chroma
# matches (``where_document`` $contains): in metadata, a list costs a row per item on every read.
AUTHOR = "author:"  # an author's family name, in lower case
TITLE = "title:"  # a content term of the title (``assistant.terms``)
_P = ParamSpec("_P")
_R = TypeVar("_R")


def _store_errors(
    method: Callable[Concatenate[ChunkStore, _P], _R],
) -> Callable[Concatenate[ChunkStore, _P], _R]:
    """A Chroma server that goes away mid-session (or refuses a request) raises httpx or
    Chroma errors from any call; they become a StoreError that the CLI and app show as one line."""

    @functools.wraps(method)
    def wrapper(store: ChunkStore, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return method(store, *args, **kwargs)
        except StoreError:
            raise
        except Exception as exc:
            if not _is_store_failure(exc):
                raise
            raise StoreError(
                f"the Chroma store at {store.location} failed ({exc}): check that it is running"
            ) from exc

    return wrapper


def _write(
    method: Callable[Concatenate[ChunkStore, _P], _R],
) -> Callable[Concatenate[ChunkStore, _P], _R]:
    """A write cut short (an error, a crash of the thread, Ctrl-C) may leave the lexical index
    out of step with the collection: the next search checks them. The registry's copy beside
    the index is stale while any write lasts (``registry_copy``)."""

    @functools.wraps(method)
    def wrapper(store: ChunkStore, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        with store.registry_copy.writing() if store.registry_copy else nullcontext():
            try:
                return method(store, *args, **kwargs)
            except BaseException:
                store._lexical_in_step = False
                raise

    return wrapper


def _is_store_failure(exc: Exception) -> bool:
    import httpx
    from chromadb.errors import ChromaError

    return isinstance(exc, (ChromaError, httpx.HTTPError, ConnectionError))


@dataclass
class StoredDocument:
    """One document's chunks, their vectors (rows in chunk order), the counts stored on each
    chunk (``pages``, ``doc_chunks``) and the texts of its sentences."""

    chunks: list[Chunk]
    vectors: np.ndarray
    meta: dict[str, int]
    sentences: Sequence[str] = ()
    references: dict[str, Reference] = field(default_factory=dict)  # by REFERENCE_LAYERS


class ChunkStore:
    def __init__(self, settings: Settings, model_name: str) -> None:
        self.settings = settings
        self.name = settings.collection_name(model_name)
        self._collection: Collection | None = None
        self._sentences: Collection | None = None
        self._registry: Collection | None = None
        self._claimed = False  # this store holds the data folder's embedded store
        self._lexical_in_step = False  # checked since opened, and no write of ours failed since
        self._opening = threading.Lock()  # the app's threads share one store
        self.lexical = LexicalIndex(settings.data_dir / "lexical" / f"{self.name}.sqlite")
        self._lookups: RegistryLookups | None = None  # from the registry's copy, while current
        self.registry_copy = (  # other machines write to a server without telling the copy
            None
            if settings.chroma_url
            else RegistryCopy(settings.data_dir / "registry" / f"{self.name}.sqlite")
        )

    @property
    def collection(self) -> Collection:
        """The passages (chunks) with their vectors."""
        with self._opening:
            if self._collection is None:
                self._collection, self._sentences, self._registry = self._open()
            return self._collection

    @property
    def sentences(self) -> Collection:
        """Every distinct sentence of every document with its vector, so that answering a
        question embeds the question alone."""
        self.collection  # noqa: B018  (opens all three)
        assert self._sentences is not None
        return self._sentences

    @property
    def registry(self) -> Collection:
        """One record per document (its file, title, pages, chunk count; its vector is the mean
        of its passages'), so that listing and naming documents never reads every chunk."""
        self.collection  # noqa: B018  (opens all three)
        assert self._registry is not None
        return self._registry

    def _open(self) -> tuple[Collection, Collection, Collection]:
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        chroma_settings = ChromaSettings(anonymized_telemetry=False)
        data_dir = self.settings.data_dir
        try:
            server = self.settings.chroma_url or ownership.hosted_url(data_dir)
            if server:
                url = urlparse(server)
                client = chromadb.HttpClient(
                    host=url.hostname or "127.0.0.1",
                    port=url.port or (443 if url.scheme == "https" else 8000),
                    ssl=url.scheme == "https",
                    settings=chroma_settings,
                )
            else:
                ownership.claim(data_dir)
                self._claimed = True
                path = data_dir / ownership.STORE_FOLDER
                path.mkdir(parents=True, exist_ok=True)
                client = chromadb.PersistentClient(path=str(path), settings=chroma_settings)
            # passages are searched by vector; sentences and records are read by id
            searched: CreateCollectionConfiguration = {"hnsw": _HNSW}
            read_by_id: CreateCollectionConfiguration = {"hnsw": _READ_BY_ID}
            return tuple(  # type: ignore[return-value]
                client.get_or_create_collection(
                    name, configuration=configuration, embedding_function=None
                )
                for name, configuration in (
                    (self.name, searched),
                    (f"{self.name}-sentences", read_by_id),
                    (f"{self.name}-documents", read_by_id),
                )
            )
        except (ValueError, ConnectionError, OSError) as exc:
            raise StoreError(f"cannot open the Chroma store at {self.location}: {exc}") from exc

    @property
    def location(self) -> str:
        return self.settings.chroma_url or str(self.settings.data_dir / ownership.STORE_FOLDER)

    def close(self) -> None:
        """Let other processes open the data folder's embedded store (the next call reopens)."""
        with self._opening:
            self._collection = self._sentences = self._registry = None
            self._lexical_in_step = False
            self.lexical.close()
            if self.registry_copy:
                self.registry_copy.close()
            if self._claimed:
                self._claimed = False
                ownership.release(self.settings.data_dir)

    @_store_errors
    def count(self) -> int:
        return self.collection.count()

    @_store_errors
    def add(
        self,
        chunks: Sequence[Chunk],
        vectors: np.ndarray,
        doc_meta: dict[str, int],
        sentences: dict[str, np.ndarray] | None = None,
        references: dict[str, Reference] | None = None,
    ) -> None:
        """Store one document; see ``add_documents``."""
        if chunks:
            document = StoredDocument(
                list(chunks), vectors, doc_meta, list(sentences or ()), references or {}
            )
            self.add_documents([document], sentences)

    @_store_errors
    @_write
    def add_documents(
        self, documents: Sequence[StoredDocument], sentences: dict[str, np.ndarray] | None = None
    ) -> None:
        """Store documents' chunks and their sentences' vectors in writes of up to 1,000 rows
        across documents; ``doc_meta`` (page and chunk counts) goes on each chunk. The records,
        the sentences and the lexical rows go first, and each record counts its chunks stored
        after every write: a crash between leaves documents listed as incomplete and harmless
        extras (sync removes lexical rows; sentences are looked up only for stored chunks),
        never a chunk that is not listed or cannot be found."""
        documents = [document for document in documents if document.chunks]
        if not documents:
            return
        self._register(documents)
        if sentences:
            owner = {text: d.chunks[0].doc_id for d in documents for text in d.sentences}
            first = documents[0].chunks[0].doc_id
            self._add_sentences({text: owner.get(text, first) for text in sentences}, sentences)
        rows = [(d, chunk, vector) for d in documents for chunk, vector in zip(d.chunks, d.vectors)]
        stored: Counter[str] = Counter()
        for start in range(0, len(rows), _ADD_BATCH):
            batch = rows[start : start + _ADD_BATCH]
            self.lexical.add([chunk for _, chunk, _ in batch])
            self.collection.upsert(
                ids=[chunk.chunk_id for _, chunk, _ in batch],
                embeddings=np.stack([vector for _, _, vector in batch]),
                documents=[chunk.text for _, chunk, _ in batch],
                metadatas=[{**chunk.metadata(), **d.meta} for d, chunk, _ in batch],
            )
            stored.update(chunk.doc_id for _, chunk, _ in batch)
            touched = list(dict.fromkeys(chunk.doc_id for _, chunk, _ in batch))
            self.registry.update(
                ids=touched, metadatas=[{"stored_chunks": stored[doc_id]} for doc_id in touched]
            )

    def _register(self, documents: Sequence[StoredDocument]) -> None:
        means = np.stack([d.vectors.mean(axis=0) for d in documents])
        means /= np.maximum(np.linalg.norm(means, axis=1, keepdims=True), 1e-12)
        firsts = [d.chunks[0] for d in documents]
        self.registry.upsert(
            ids=[first.doc_id for first in firsts],
            embeddings=means.astype(np.float32),
            documents=[_lookups(first.title, merged_reference(d.references))
                       for first, d in zip(firsts, documents)],
            metadatas=[{"source": first.source, "title": first.title, "path": first.path,
                        "stored_chunks": 0, **d.meta, **_reference_metadata(d.references)}
                       for first, d in zip(firsts, documents)],
        )  # fmt: skip

    @_store_errors
    def reference_layers(self, doc_id: str) -> dict[str, Reference]:
        """A document's metadata by layer (only the layers it has)."""
        return _layers(self._record(doc_id) or {})

    def _record(self, doc_id: str) -> dict[str, Any] | None:
        """The registry's metadata of one document; None when it has no record."""
        found: Any = self.registry.get(ids=[doc_id], include=["metadatas"])
        return found["metadatas"][0] if found["ids"] else None

    @_store_errors
    def doc_ids_at(self, path: str) -> list[str]:
        """The documents registered from the file at ``path`` (more than one only mid-replace)."""
        found: Any = self.registry.get(where={"path": path}, include=[])
        return list(found["ids"])

    @_store_errors
    @_write
    def set_reference(self, doc_id: str, layer: str, reference: Reference) -> None:
        """Replace one layer of a document's metadata (``REFERENCE_LAYERS``)."""
        found: Any = self.registry.get(ids=[doc_id], include=["metadatas", "embeddings"])
        if not found["ids"]:
            return
        meta = found["metadatas"][0]
        merged = merged_reference({**_layers(meta), layer: reference})
        self.registry.update(  # the vector given, or Chroma would compute one for the text
            ids=[doc_id],
            embeddings=found["embeddings"],
            metadatas=[_reference_metadata({layer: reference})],
            documents=[_lookups(meta.get("title", ""), merged)],
        )

    @_store_errors
    def documents_by_authors(self, families: Sequence[str]) -> list[DocumentInfo]:
        """The documents with an author of one of these family names (in lower case), found
        without reading the other records."""
        where = _holding_any(AUTHOR, families)
        if where is None:
            return []
        lookups = self._registry_lookups()
        if lookups is not None:
            found = lookups.holding(AUTHOR, families)
            return [_info(d, meta) for d, meta in lookups.records.items() if d in found]
        chroma: Any = self.registry.get(where_document=where, include=["metadatas"])
        return [_info(doc_id, meta) for doc_id, meta in zip(chroma["ids"], chroma["metadatas"])]

    @_store_errors
    def title_terms(
        self, terms: Iterable[str], doc_ids: Sequence[str] | None = None
    ) -> dict[str, set[str]]:
        """The title terms of the documents (among ``doc_ids``, when given) whose title holds
        one of ``terms``, found without reading the other records."""
        where = _holding_any(TITLE, terms)
        if where is None:
            return {}
        lookups = self._registry_lookups()
        if lookups is not None:
            held = lookups.holding(TITLE, terms)
            held = held & set(doc_ids) if doc_ids else held
            return {doc_id: lookups.values_of(doc_id, TITLE) for doc_id in held}
        ids = list(doc_ids) if doc_ids else None
        found: Any = self.registry.get(ids=ids, where_document=where, include=["documents"])
        return {
            doc_id: values_in(text, TITLE) for doc_id, text in zip(found["ids"], found["documents"])
        }

    @_store_errors
    def references(self, doc_ids: Sequence[str]) -> dict[str, Reference]:
        """The metadata of these documents, layers merged; one call, whatever their number."""
        if not doc_ids:
            return {}
        found: Any = self.registry.get(ids=list(set(doc_ids)), include=["metadatas"])
        return {
            doc_id: merged_reference(_layers(meta))
            for doc_id, meta in zip(found["ids"], found["metadatas"])
        }

    def _add_sentences(self, owners: dict[str, str], sentences: dict[str, np.ndarray]) -> None:
        """Each sentence's vector once, under the document it came from (``owners``), by an id
        made from its text. The text is not stored: it is only ever looked up by id, and
        Chroma indexes every stored text for full-text search (two thirds of the time these
        writes took)."""
        texts = list(sentences)
        for start in range(0, len(texts), _ADD_BATCH):
            batch = texts[start : start + _ADD_BATCH]
            self.sentences.upsert(
                ids=[sentence_id(text) for text in batch],
                embeddings=np.stack([sentences[text] for text in batch]),
                metadatas=[{"doc_id": owners[text]} for text in batch],
            )

    @_store_errors
    @_write
    def delete(self, chunk_ids: Sequence[str]) -> None:
        """Remove chunks, and the record and sentences of any document left with none; a
        document left with some has its record's count of stored chunks brought down."""
        if not chunk_ids:
            return
        found: Any = self.collection.get(ids=list(chunk_ids), include=["metadatas"])
        doc_ids = {meta["doc_id"] for meta in found["metadatas"]}
        self.collection.delete(ids=list(chunk_ids))
        self.lexical.delete(chunk_ids)
        for doc_id in doc_ids:
            left = len(self.chunk_ids({"doc_id": doc_id}))
            if left:
                self.registry.update(ids=[doc_id], metadatas=[{"stored_chunks": left}])
            else:
                self.sentences.delete(where={"doc_id": doc_id})
                self.registry.delete(ids=[doc_id])

    @_store_errors
    def sentence_vectors(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """Stored vectors of sentences, by text; sentences not stored are left out."""
        ids = {sentence_id(text): text for text in texts}
        if not ids:
            return {}
        found: Any = self.sentences.get(ids=list(ids), include=["embeddings"])
        return {ids[i]: np.asarray(v) for i, v in zip(found["ids"], found["embeddings"])}

    @_store_errors
    def lexical_search(
        self, words: Sequence[str], n: int, doc_ids: Sequence[str] | None = None
    ) -> list[str]:
        """Chunk ids by BM25, after bringing the lexical index in step with the collection."""
        self.sync_lexical()
        return self.lexical.search(words, n, doc_ids)

    @_store_errors
    def documents_holding(
        self, words: Sequence[str], doc_ids: Sequence[str] | None = None, limit: int | None = None
    ) -> set[str]:
        """Documents (ids; of ``doc_ids`` when given, at most ``limit``) whose passages hold
        ``words`` in a row."""
        self.sync_lexical()
        return self.lexical.documents_holding(words, doc_ids, limit)

    @_store_errors
    def sync_lexical(self) -> bool:
        """Reconcile the lexical index with the collection when their counts differ (another
        machine wrote to a shared server, or a crash came between the two writes); True when
        it had to. Checked on the first search after opening and after a failed write; on every
        search only with a Chroma server of ``chroma_url``, which other machines may write to
        (a process of this data folder writes its lexical index too, and counting a large
        collection takes milliseconds)."""
        if self._lexical_in_step and not self.settings.chroma_url:
            return False
        repaired = self.lexical.count() != self.collection.count()
        if repaired:
            stored = set(self._all_ids())
            indexed = self.lexical.chunk_ids()
            self.lexical.delete(indexed - stored)
            missing = sorted(stored - indexed)
            for start in range(0, len(missing), _ADD_BATCH):
                self.lexical.add(self.get_chunks(missing[start : start + _ADD_BATCH]))
        self._lexical_in_step = True
        return repaired

    def _all_ids(self) -> list[str]:
        ids: list[str] = []
        while True:  # in pages: SQLite limits how many ids one Chroma call may return
            page: Any = self.collection.get(include=[], limit=_ADD_BATCH, offset=len(ids))
            ids += page["ids"]
            if len(page["ids"]) < _ADD_BATCH:
                return ids

    @_store_errors
    def with_vectors(self, chunk_ids: Sequence[str]) -> list[tuple[Chunk, np.ndarray]]:
        """Stored chunks with their vectors, in the order asked; ids no longer stored are left
        out."""
        if not chunk_ids:
            return []
        found: Any = self.collection.get(
            ids=list(chunk_ids), include=["documents", "metadatas", "embeddings"]
        )
        rows = {
            chunk_id: (_chunk(chunk_id, text, meta), np.asarray(vector))
            for chunk_id, text, meta, vector in zip(
                found["ids"], found["documents"], found["metadatas"], found["embeddings"]
            )
        }
        return [rows[chunk_id] for chunk_id in chunk_ids if chunk_id in rows]

    @_store_errors
    def stored_copy(self, doc_id: str) -> DocumentInfo | None:
        """The registry's record of the document with this content; None when it has none."""
        meta = self._record(doc_id)
        return _info(doc_id, meta) if meta is not None else None

    @_store_errors
    def chunk_ids(self, where: dict[str, Any]) -> list[str]:
        found: Any = self.collection.get(where=where, include=[])  # type: ignore[arg-type]
        return list(found["ids"])

    @_store_errors
    def query(
        self, vector: np.ndarray, n: int, doc_ids: Sequence[str] | None = None
    ) -> list[tuple[Passage, np.ndarray]]:
        """Nearest chunks with cosine similarity, restricted to ``doc_ids`` inside Chroma."""
        where: Any = {"doc_id": {"$in": list(doc_ids)}} if doc_ids else None
        result: Any = self.collection.query(
            query_embeddings=[vector],
            n_results=n,
            where=where,
            include=["documents", "metadatas", "distances", "embeddings"],
        )
        rows = zip(
            result["ids"][0],
            result["documents"][0],
            result["metadatas"][0],
            result["distances"][0],
            result["embeddings"][0],
        )
        return [
            (Passage(_chunk(chunk_id, text, meta), 1.0 - distance), np.asarray(embedding))
            for chunk_id, text, meta, distance, embedding in rows
        ]

    @_store_errors
    def get_chunks(self, chunk_ids: Sequence[str]) -> list[Chunk]:
        if not chunk_ids:
            return []
        result: Any = self.collection.get(ids=list(chunk_ids), include=["documents", "metadatas"])
        return [
            _chunk(chunk_id, text, meta)
            for chunk_id, text, meta in zip(result["ids"], result["documents"], result["metadatas"])
        ]

    @_store_errors
    def document_count(self) -> int:
        return self.registry.count()

    @_store_errors
    def document_ids(self) -> list[str]:
        """Every stored document's id, without reading their records."""
        found: Any = self.registry.get(include=[])
        return list(found["ids"])

    @_store_errors
    def chunk_page(
        self, offset: int, size: int, doc_ids: Sequence[str] | None = None
    ) -> list[Chunk]:
        """Up to ``size`` stored chunks from ``offset`` on (of ``doc_ids`` only), so that reading
        a whole collection never holds it in memory at once."""
        where: Any = {"doc_id": {"$in": list(doc_ids)}} if doc_ids else None
        found: Any = self.collection.get(
            where=where, include=["documents", "metadatas"], limit=size, offset=offset
        )
        return [
            _chunk(chunk_id, text, meta)
            for chunk_id, text, meta in zip(found["ids"], found["documents"], found["metadatas"])
        ]

    @_store_errors
    def documents(
        self, counted: bool = False, doc_ids: Sequence[str] | None = None, labelled: bool = False
    ) -> list[DocumentInfo]:
        """Documents from the registry (all, or those of ``doc_ids`` that are stored): one
        record each, whatever the collection's size, with the chunks it says are stored
        (``carechat list`` marks a document cut short by a crash). ``counted``: count the
        chunks in the collection instead (reads every chunk). ``labelled``: each named by its
        file name and as many folders as tell it from the others (``distinct_labels``)."""
        records = self._records(doc_ids)
        metas = list(records.values())
        names = (
            distinct_labels([meta.get("path") or meta["source"] for meta in metas])
            if labelled
            else [meta["source"] for meta in metas]
        )
        infos = [_info(doc_id, meta, name) for doc_id, meta, name in zip(records, metas, names)]
        if counted:
            counts = self._chunk_counts()
            infos = [replace(info, chunks=counts.get(info.doc_id, 0)) for info in infos]
        return sorted(infos, key=lambda info: info.source.lower())

    @_store_errors
    def copy_registry(self) -> None:
        """Keep a copy of every record beside the index unless one is current, so that the next
        listing, in any process, reads it instead of Chroma (after ingesting and removing)."""
        if self.registry_copy and not self.registry_copy.current():
            self._records()

    def _registry_lookups(self) -> RegistryLookups | None:
        """Every record's words, from the registry's copy (``registry_lookups``) while it is
        current, built once a generation; None with a Chroma server, which keeps no copy, or
        after a write until the copy is kept again (by the next listing, or after ingesting
        and removing): Chroma answers then."""
        copy = self.registry_copy
        if copy is None:
            return None
        generation = copy.generation()
        if self._lookups is not None and self._lookups.generation == generation:
            return self._lookups
        records = copy.records()
        if records is None or copy.generation() != generation:
            return None
        texts = {
            doc_id: _lookups(meta.get("title", ""), merged_reference(_layers(meta)))
            for doc_id, meta in records.items()
        }
        self._lookups = RegistryLookups.of(generation, records, texts)
        return self._lookups

    def _records(self, doc_ids: Sequence[str] | None = None) -> Records:
        """Registry records by document id (all, or those of ``doc_ids`` that are stored): from
        the copy beside the index while no write has come since it was read, else from Chroma;
        a reading of every record is copied."""
        copy = self.registry_copy
        kept = copy.records() if copy else None
        if kept is not None:
            return {d: kept[d] for d in doc_ids if d in kept} if doc_ids else kept
        generation = copy.generation() if copy else 0
        ids = list(doc_ids) if doc_ids else None
        found: Any = self.registry.get(ids=ids, include=["metadatas"])
        records = dict(zip(found["ids"], found["metadatas"]))
        if copy and not doc_ids:
            copy.keep(generation, records)
        return records

    def _chunk_counts(self) -> dict[str, int]:
        return Counter(meta["doc_id"] for meta in self._all_metadatas())

    def _all_metadatas(self) -> Iterator[dict[str, Any]]:
        """Every chunk's metadata, in pages: one Chroma call may return at most some 32,000."""
        offset = 0
        while True:
            page: Any = self.collection.get(include=["metadatas"], limit=_ADD_BATCH, offset=offset)
            yield from page["metadatas"]
            offset += len(page["ids"])
            if len(page["ids"]) < _ADD_BATCH:
                return


def _info(doc_id: str, meta: dict[str, Any], source: str | None = None) -> DocumentInfo:
    expected = int(meta["doc_chunks"])
    return DocumentInfo(
        doc_id, source or meta["source"], meta["title"], int(meta["pages"]),
        int(meta.get("stored_chunks", expected)), meta.get("path", ""), expected,
        merged_reference(_layers(meta)),
    )  # fmt: skip


def _chunk(chunk_id: str, text: str, meta: dict[str, Any]) -> Chunk:
    return Chunk(
        chunk_id=chunk_id,
        doc_id=meta["doc_id"],
        source=meta["source"],
        title=meta["title"],
        page=meta.get("page"),
        char_start=meta["char_start"],
        char_end=meta["char_end"],
        section=meta.get("section"),
        text=text,
        path=meta.get("path", ""),
    )


def merged_reference(layers: dict[str, Reference]) -> Reference:
    """The layers merged in order, each later one correcting the earlier."""
    reference = Reference()
    for layer in REFERENCE_LAYERS:
        if layer in layers:
            reference = reference.corrected_by(layers[layer])
    return reference


def _reference_metadata(references: dict[str, Reference]) -> dict[str, str]:
    unknown = set(references) - set(REFERENCE_LAYERS)
    if unknown:
        raise ValueError(f"unknown reference layer(s): {sorted(unknown)}")
    return {f"ref_{layer}": json.dumps(ref.to_dict()) for layer, ref in references.items()}


def _holding_any(kind: str, values: Iterable[str]) -> Any:
    """A Chroma document filter for the records whose text holds one of ``values`` of ``kind``
    (``AUTHOR``, ``TITLE``); None when there are none."""
    clauses = [{"$contains": f" {kind}{value} "} for value in sorted(set(values))]
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$or": clauses}


def _lookups(title: str, reference: Reference) -> str:
    """A record's text: what ``documents_by_authors`` and ``title_terms`` match, each word
    between spaces so that a match is a whole word."""
    families = [AUTHOR + family.lower() for family in reference.family_names()]
    terms = [TITLE + term for term in sorted(content_terms(f"{title} {reference.title}"))]
    return f" {' '.join(families + terms)} "


def _layers(meta: dict[str, Any]) -> dict[str, Reference]:
    return {
        layer: Reference.from_dict(json.loads(meta[f"ref_{layer}"]))
        for layer in REFERENCE_LAYERS
        if f"ref_{layer}" in meta
    }


def sentence_id(text: str) -> str:
    """A sentence is stored once, whatever chunks and documents it appears in."""
    return hashlib.sha256(text.encode()).hexdigest()[:24]
