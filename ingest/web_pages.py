"""Saved web pages (.html, .htm): the article only, with what the page says about itself.

A saved journal page is mostly navigation, adverts, cookie banners and footers around a few
paragraphs; trafilatura (a maintained main-content extractor) keeps the article, with its
headings as Markdown headings so they become sections. The page's own metadata comes from its
meta tags: Google Scholar's ``citation_*`` tags (what journal sites publish for indexers), Dublin
Core ``DC.*``, then Open Graph and ``<title>``. The text then goes through the same cleaning as a
text file (``ingest.cleaning``), like every loader's.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from assistant.errors import CorruptDocument, EmptyDocument
from assistant.models import Page, Reference
from ingest.filetypes import refuse_other_type
from ingest.metadata import byline_names, find_doi, person_name, split_names

if TYPE_CHECKING:
    from ingest.loaders import Loaded  # at run time imported on use: loaders imports this module

_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")
_TITLE_TAGS = ("citation_title", "dc.title", "og:title", "twitter:title")
_AUTHOR_TAGS = ("citation_author", "dc.creator", "dc.contributor", "author", "article:author")
_DATE_TAGS = (
    "citation_publication_date", "citation_date", "citation_cover_date", "publication_date",
    "citation_online_date", "dc.date", "dc.date.issued", "prism.publicationdate",
    "article:published_time", "date",
)  # fmt: skip
_DOI_TAGS = ("citation_doi", "prism.doi", "dc.identifier", "bepress_citation_doi")
_JOURNAL_TAGS = ("citation_journal_title", "prism.publicationname", "citation_conference_title")
_PUBLISHER_TAGS = ("citation_publisher", "dc.publisher")
_URL_TAGS = ("citation_public_url", "citation_abstract_html_url", "citation_fulltext_html_url",
             "og:url")  # fmt: skip
# a byline ("By Priya Raman and Joe Whitfield, ... Published 12 June 2024"), which the article
# extraction drops as page furniture: its people and year, when no meta tag gives them
_BYLINE = (
    ".//*[contains(translate(@class, 'BYLINE', 'byline'), 'byline') or @itemprop='author' "
    "or @rel='author' or contains(@class, 'author')]"
)
_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1|(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])")
_TABLE_RULE = re.compile(r"^\|?(\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*$")


def load_html(name: str, data: bytes) -> Loaded:
    """The page's main text (Markdown headings, lists, table rows) and its meta-tag reference."""
    from ingest.loaders import Loaded, decode_text

    refuse_other_type(name, data, "html")
    decode_text(name, data)  # refuses binary data named .html, as a text file's would be
    tree = _parse(name, data)
    reference = page_reference(tree)
    text = _main_text(tree)
    if not text.strip():
        raise EmptyDocument(
            f"{name} has no article text that could be found (only navigation, scripts or "
            "images?): save the article page itself, or print it to PDF, and ingest that"
        )
    return Loaded([Page(None, text)], reference.title or None, reference=reference if reference.found() else None)


def _parse(name: str, data: bytes) -> Any:
    import lxml.html
    from lxml.etree import ParserError, XMLSyntaxError

    try:
        return lxml.html.document_fromstring(data)
    except (ParserError, XMLSyntaxError, ValueError) as exc:
        raise CorruptDocument(
            f"{name} could not be read as a web page ({exc}): save the page again from the "
            "browser (File > Save Page As, 'Web Page, HTML only')"
        ) from exc


def _main_text(tree: Any) -> str:
    """trafilatura's Markdown of the article, without emphasis marks or table rules."""
    import copy

    import trafilatura

    extracted = trafilatura.extract(
        copy.deepcopy(tree), output_format="markdown", include_tables=True,
        include_comments=False, include_links=False, include_images=False,
        favor_precision=True,  # a page without an article gives nothing, not its menu
    )  # fmt: skip
    lines = []
    for line in (extracted or "").split("\n"):
        if _TABLE_RULE.match(line.strip()):
            continue
        if line.strip().startswith("|"):
            line = " | ".join(cell.strip() for cell in line.strip().strip("|").split("|"))
        lines.append(_EMPHASIS.sub(lambda m: m.group(2) or m.group(3), line))
    return "\n".join(lines)


def page_reference(tree: Any) -> Reference:
    """What the page's meta tags say about the work (an empty ``Reference`` when nothing)."""
    tags = _meta_tags(tree)

    def first(names: tuple[str, ...]) -> str:
        return next((tags[name][0] for name in names if tags.get(name)), "")

    first_page, last_page = first(("citation_firstpage",)), first(("citation_lastpage",))
    byline = _text_of(next(iter(tree.xpath(_BYLINE)), None))
    return Reference(
        title=first(_TITLE_TAGS) or _page_title(tree),
        authors=_authors(tags) or byline_names(byline),
        year=_year(first(_DATE_TAGS)) or _year(byline),
        journal=first(_JOURNAL_TAGS),
        publisher=first(_PUBLISHER_TAGS),
        volume=first(("citation_volume", "prism.volume")),
        issue=first(("citation_issue", "prism.number")),
        pages=f"{first_page}-{last_page}" if first_page and last_page else first_page,
        doi=find_doi(" ".join(value for name in _DOI_TAGS for value in tags.get(name, []))),
        url=first(_URL_TAGS) or _canonical(tree),
    )


def _page_title(tree: Any) -> str:
    """The ``<title>``, without the site's name after the page's heading ("Young people as
    co-researchers ... | Journal of Participatory Social Research")."""
    title, heading = (_text_of(tree.find(f".//{tag}")) for tag in ("title", "h1"))
    if heading and title.startswith(heading) and title[len(heading) :].lstrip()[:1] in "|-–—:":
        return heading
    return title


def _text_of(element: Any) -> str:
    return " ".join((element.text_content() if element is not None else "").split())


def _meta_tags(tree: Any) -> dict[str, list[str]]:
    """Meta tag values by lower-case name (or Open Graph property), in page order."""
    tags: dict[str, list[str]] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("name") or meta.get("property") or "").strip().lower()
        value = " ".join((meta.get("content") or "").split())
        if key and value:
            tags.setdefault(key, []).append(value)
    return tags


def _authors(tags: dict[str, list[str]]) -> tuple[str, ...]:
    """One tag per author (``citation_author``, ``DC.creator``), else one tag listing them."""
    for name in _AUTHOR_TAGS:
        values = tags.get(name, [])
        if len(values) > 1:
            return tuple(person_name(value) for value in values)
        if values and not values[0].startswith("http"):
            return split_names(values[0]) if name == "author" else (person_name(values[0]),)
    return ()


def _year(date: str) -> int | None:
    match = _YEAR.search(date)
    return int(match.group(1)) if match else None


def _canonical(tree: Any) -> str:
    for link in tree.iter("link"):
        if (link.get("rel") or "").lower() == "canonical" and link.get("href"):
            return str(link.get("href"))
    return ""
