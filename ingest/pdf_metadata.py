"""What a PDF declares about itself: its XMP packet (Dublin Core and PRISM) and its document
information dictionary, as a ``Reference`` (``ingest.metadata`` reads what its pages say)."""

from __future__ import annotations

import re
from typing import Any

from assistant.models import Reference
from ingest.metadata import find_doi, person_name, split_names

_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")

_PRISM = "http://prismstandard.org/namespaces/"  # any version: basic/1.2, 2.0, 2.1, 3.0
_NO_AUTHOR = frozenset(  # what PDF producers write when nobody set an author
    "user admin administrator owner author unknown anonymous (anonymous) unspecified".split()
    + ["microsoft office user"]
)


def declared_reference(reader: Any, title: str | None = None) -> Reference | None:
    """What a PDF declares about itself: XMP (Dublin Core and PRISM) first, then the document
    information dictionary; ``title`` is the loader's meaningful /Title. None when it declares
    nothing. Unreadable metadata is ignored: it never costs the document its text."""
    from pypdf.errors import PyPdfError

    try:
        xmp = reader.xmp_metadata
        from_xmp = _xmp_reference(xmp) if xmp is not None else Reference()
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError):
        from_xmp = Reference()
    try:
        from_info = _info_reference(reader.metadata, title)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError):
        from_info = Reference(title=title or "")
    declared = from_xmp.completed_by(from_info)
    return declared if declared.found() else None


def _xmp_reference(xmp: Any) -> Reference:
    prism = _prism_values(xmp)
    titles = xmp.dc_title or {}
    dates = [prism.get(name, "") for name in ("publicationDate", "coverDate", "coverDisplayDate")]
    dates += [str(date) for date in xmp.dc_date or []]
    first, last = prism.get("startingPage", ""), prism.get("endingPage", "")
    identifiers = " ".join([prism.get("doi", ""), xmp.dc_identifier or "", prism.get("url", "")])
    return Reference(
        title=_meaningful_title(titles.get("x-default") or next(iter(titles.values()), "")),
        authors=tuple(person_name(name) for name in xmp.dc_creator or [] if _is_author(name)),
        year=_first_year(dates),
        journal=prism.get("publicationName", ""),
        publisher=", ".join(xmp.dc_publisher or []),
        volume=prism.get("volume", ""),
        issue=prism.get("number") or prism.get("issueIdentifier", ""),
        pages=prism.get("pageRange") or (f"{first}-{last}" if first and last else first),
        doi=find_doi(identifiers),
        url=prism.get("url", ""),
    )


def _meaningful_title(title: str) -> str:
    """The title, or "" for a PDF producer's default ("Untitled", "Microsoft Word - x.docx")."""
    title = " ".join(title.split())
    junk = title.lower() in {"untitled", "title"} or title.startswith("Microsoft Word - ")
    return "" if junk or re.search(r"\.(docx?|pdf|indd|odt|rtf)$", title, re.IGNORECASE) else title


def _prism_values(xmp: Any) -> dict[str, str]:
    """PRISM properties by local name, written as elements or as attributes."""
    values: dict[str, str] = {}
    for description in xmp.rdf_root.getElementsByTagNameNS("*", "Description"):
        nodes = [description.attributes.item(i) for i in range(description.attributes.length)]
        for node in [*nodes, *description.childNodes]:
            if (node.namespaceURI or "").startswith(_PRISM) and node.localName not in values:
                text = node.value if node.nodeType == node.ATTRIBUTE_NODE else _node_text(node)
                values[node.localName] = " ".join(text.split())
    return values


def _node_text(node: Any) -> str:
    return "".join(
        child.data if child.nodeType == child.TEXT_NODE else _node_text(child)
        for child in node.childNodes
    )


def _info_reference(info: Any, title: str | None) -> Reference:
    """The document information dictionary: /Author, /CreationDate (a last resort for the
    year: files are often made long after the work was published), a DOI in /Subject,
    /Keywords or a /doi entry."""
    if info is None:
        return Reference(title=title or "")
    author = str(info.get("/Author") or "")
    subject = " ".join(str(info.get(key) or "") for key in ("/doi", "/Subject", "/Keywords"))
    created = info.creation_date
    return Reference(
        title=title or "",
        authors=split_names(author) if _is_author(author) else (),
        year=created.year if created else None,
        doi=find_doi(subject),
    )


def _is_author(name: str) -> bool:
    return bool(name.strip()) and name.strip().lower() not in _NO_AUTHOR


def _first_year(dates: list[str]) -> int | None:
    years = [match.group(1) for date in dates if (match := _YEAR.search(date))]
    return int(years[0]) if years else None
