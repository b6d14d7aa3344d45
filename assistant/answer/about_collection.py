"""Questions about the collection itself: who wrote a document, when and where it was published,
which documents there are. They are answered from the documents' bibliographic metadata (see
``assistant.models.Reference``), never from passages that happen to mention an author.

Which document a question means is decided by its subject, the words left when the words of the
metadata question are set aside: the titles are tried first, then (by the caller) the passages.
A question with no subject ("Who wrote these?") is about every document in scope.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.models import Chunk, DocumentInfo, Reference
from assistant.terms import content_terms

_ASKS = {
    "authors": re.compile(
        r"\b(who (wrote|authored|writes|is the author|are the authors|were the authors)|"
        r"^(name|list|give me|tell me) the authors|what are the (names of the )?authors|"
        r"^(the )?authors? (of|behind)|who (is|are|was|were) (it|they|the paper|the study) by|"
        # "Who carried out the evaluation?": who did the research, as its authors
        r"who (carried out|conducted|did|undertook|led|wrote up) (the|this|that) "
        r"([\w'-]+ ){0,3}?(study|studies|evaluation|research|review|survey|report)\b)"
    ),
    "date": re.compile(
        r"\b(when\b.*\b(published|written|come out|came out|appear)|what year|"
        r"which year|publication (date|year)|year of publication|"
        # of a document, not of people: "How old were the co-researchers?" asks their ages
        r"how (old|recent) (is|are|was|were) (it|they|this|these)(?=\s*\??$)|"
        r"how (old|recent) (is|are|was|were) ((?!(in|of|from|on|about)\b)[\w'-]+ ){0,4}?"
        r"(papers?|stud(y|ies)|articles?|reports?|documents?|research|evidence|literature|"
        r"sources?|publications?))\b"
    ),
    "venue": re.compile(
        r"\b((which|what) journal|where\b.*\b(published|appear)|who published|"
        r"publisher|published (in|by) (which|what|whom))\b"
    ),
    # not a question on what documents say: "Which studies say turnover holds innovation
    # back?", "Which papers have found that..." (``which_documents``)
    "list": re.compile(
        r"^(?!.*\b(say|says|said|find|finds|found|report|reports|reported|mention|mentions|"
        r"mentioned|discuss|discusses|discussed|show|shows|showed|suggest|suggests|suggested|"
        r"recommend|recommends|recommended|warn|warns|warned|describe|describes|described|"
        r"argue|argues|argued)\b).*"
        r"\b(((which|what) (documents|papers|studies|reports|sources|articles|texts|publications)"
        r"\b.*\b(collection|hold|contain|include|have|there|available|ingested|loaded|uploaded))|"
        r"list (the|all|your) (documents|papers|studies|sources)|"
        r"what(?:'s| is) in (the|this|your) collection|"
        r"(does|do) (the|this|your) collection (hold|contain|include|have))"
    ),
}
# Words of the metadata question itself, set aside to leave its subject.
_QUESTION_WORDS = content_terms(
    "who wrote written write writes author authors authored behind paper papers study studies "
    "article articles report reports document documents source sources text texts publication "
    "publications published publish publisher journal year date when where which what appear "
    "appeared come came out old recent collection hold contain include available ingested loaded "
    "uploaded list work piece research carried carry conducted conduct undertook undertake led "
    "evaluation survey"
)
TITLE_MATCH = 0.5  # share of the subject's terms a title must hold to be the document meant


@dataclass(frozen=True)
class CollectionQuestion:
    """What a question about the collection asks (``facets``) and of which subject."""

    facets: tuple[str, ...]  # of "authors", "date", "venue", "list"
    subject: frozenset[str]  # content terms naming the document; empty = every document


def ask_about_collection(question: str) -> CollectionQuestion | None:
    """The metadata a question asks for, or None when it asks about what documents say."""
    lowered = question.lower().replace("’", "'")
    facets = tuple(facet for facet, pattern in _ASKS.items() if pattern.search(lowered))
    if not facets:
        return None
    return CollectionQuestion(facets, frozenset(content_terms(question) - _QUESTION_WORDS))


def documents_by_title(
    asked: CollectionQuestion, documents: Sequence[DocumentInfo]
) -> list[DocumentInfo]:
    """The documents whose title (or journal, file name, authors) hold most of the subject;
    every document when there is no subject. None when no title holds enough of it, or when
    several hold the same part of it and none all: the words they share ("foster carers") are
    not what tells the document meant ("on foster carer allowances in Wales") apart."""
    if not asked.subject or "list" in asked.facets:
        return list(documents)
    scores = {info.doc_id: _title_share(asked.subject, info) for info in documents}
    best = max(scores.values(), default=0.0)
    meant = [info for info in documents if scores[info.doc_id] == best]
    if best < TITLE_MATCH or (best < 1.0 and len(meant) > 1):
        return []
    return meant


def holds_subject(asked: CollectionQuestion, info: DocumentInfo, passages: Sequence[str]) -> bool:
    """Whether a document found by its ``passages`` holds every term of the subject in them or
    in its description: one on foster carers in Wales is not "the report on foster carer
    allowances in Wales"."""
    return asked.subject <= content_terms(" ".join([_described(info), *passages]))


def _title_share(subject: frozenset[str], info: DocumentInfo) -> float:
    return len(subject & content_terms(_described(info))) / len(subject)


def _described(info: DocumentInfo) -> str:
    reference = info.reference
    described = " ".join(
        [info.title, reference.title, reference.journal, info.source, *reference.authors]
    )
    return described.replace("_", " ")


def describe(asked: CollectionQuestion, info: DocumentInfo, n: int) -> tuple[str, bool]:
    """One sentence about one document citing ``[n]``, and whether its metadata knew what was
    asked (an honest "the metadata don't say" otherwise)."""
    reference = info.reference
    title = f"“{reference.title or info.title}”"
    if "list" in asked.facets:
        return f"{title}, {_by_line(reference)} [{n}].", True
    parts: list[str] = []
    missing: list[str] = []
    if "authors" in asked.facets:
        _known(parts, missing, f"was written by {_names(reference.authors)}",
               bool(reference.authors), "who wrote it")  # fmt: skip
    if "venue" in asked.facets:
        _known(parts, missing, _venue(reference), bool(reference.journal or reference.publisher),
               "where it was published")  # fmt: skip
    if "date" in asked.facets:
        _known(parts, missing, f"was published in {reference.year}", bool(reference.year),
               "when it was published")  # fmt: skip
    said = f"{title} {' and '.join(parts)} [{n}]." if parts else ""
    unknown = f"The metadata of {title} don't say {' or '.join(missing)}." if missing else ""
    return " ".join(part for part in (said, unknown) if part), not missing


def catalogue_record(info: DocumentInfo) -> Chunk:
    """The document's metadata as a passage to cite: what a metadata answer states is in its
    record in the registry, not in its text (cleaning removes author lines as page debris)."""
    reference = info.reference
    lines = [
        ("Title", reference.title or info.title),
        ("Authors", _names(reference.authors)),
        ("Year", str(reference.year or "")),
        ("Journal", reference.journal),
        ("Volume", reference.volume),
        ("Issue", reference.issue),
        ("Pages", reference.pages),
        ("Publisher", reference.publisher),
        ("DOI", reference.doi),
        ("URL", reference.url),
        ("File", info.source),
    ]
    text = "\n".join(f"{name}: {value}." for name, value in lines if value)
    return Chunk(f"{info.doc_id}:record", info.doc_id, info.source, info.title, None, 0,
                 len(text), "Document record", text, info.path)  # fmt: skip


def _known(parts: list[str], missing: list[str], text: str, known: bool, what: str) -> None:
    (parts if known else missing).append(text if known else what)


def _venue(reference: Reference) -> str:
    issue = f", volume {reference.volume}" if reference.volume else ""
    issue += f", issue {reference.issue}" if reference.issue else ""
    journal = f"in {reference.journal}{issue}" if reference.journal else ""
    publisher = f"by {reference.publisher}" if reference.publisher else ""
    return "was published " + " ".join(part for part in (journal, publisher) if part)


def _by_line(reference: Reference) -> str:
    if not reference.authors:
        return "authors not recorded" + (f" ({reference.year})" if reference.year else "")
    return f"by {_names(reference.authors)}" + (f" ({reference.year})" if reference.year else "")


def _names(authors: Sequence[str]) -> str:
    """"Lefevre, Michelle" -> "Michelle Lefevre", joined as a sentence lists them."""
    names = [" ".join(reversed([p.strip() for p in a.split(",", 1)])).strip() for a in authors]
    return " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)
