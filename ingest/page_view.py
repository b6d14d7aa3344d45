"""The cited page, shown: a PDF page rendered with the cited sentences highlighted, or the
section of a Word document, web page or text file with them marked in its text.

Why from the file and not the stored text: a reader checks a citation against the document
as published, and the page image shows tables, figures and layout that extraction flattens.
Sentences are found by their letters and digits only, case-folded, so what extraction and
cleaning changed (hyphens at line ends, ligatures, spacing, quotes) does not stop a match;
OCR'd text is matched loosely. A sentence that runs across a page break is highlighted on
both pages: a match that ends where its page's text ends is carried on to the next page's
first full stop (and one that starts a page, back to the previous page's last).

Boxes come from PDFium's character boxes (pypdfium2) or, on a page without a text layer, from
Tesseract's word boxes (``ingest.ocr``); they are drawn onto the PNG with Pillow, so every
viewer shows them the same.
"""

from __future__ import annotations

import difflib
import io
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.errors import CorruptDocument
from assistant.models import Chunk, PageImage

VIEW_DPI = 110  # a page fills a side panel and its body text stays readable
_POINTS_PER_INCH = 72
_MIN_BLOCK = 4  # letters a loose (OCR) match must share in a row to count
_SENTENCE_END = ".!?"
_CLOSING = ".!?…:;,\"'”’)]"  # punctuation a match carries on over: the sentence's own stop
_FILL = (255, 214, 0, 90)
_OUTLINE = (214, 120, 0, 255)

Box = tuple[int, int, int, int]


@dataclass(frozen=True)
class _Glyph:
    """One character of a page as the viewer sees it, with its box in image pixels (None for
    a character without ink, such as a space)."""

    char: str
    page: int  # 0-based
    box: Box | None


# PDF pages


def pdf_pages(
    path: Path, page: int, sentences: Sequence[str], ocr_language: str | None = None
) -> list[PageImage]:
    """Page ``page`` (1-based) of the PDF at ``path`` with ``sentences`` highlighted, and the
    page before or after it when a sentence runs onto it. ``ocr_language`` reads pages without
    a text layer, to place the highlight there too (None: such pages are shown unmarked)."""
    import pypdfium2

    try:
        pdf = pypdfium2.PdfDocument(str(path))
    except pypdfium2.PdfiumError as exc:
        raise CorruptDocument(f"{path.name} could not be opened to show its page ({exc})") from exc
    try:
        if not 1 <= page <= len(pdf):
            raise CorruptDocument(
                f"{path.name} has no page {page} (it has {len(pdf)}): ingest it again"
            )
        window = [i for i in (page - 2, page - 1, page) if 0 <= i < len(pdf)]
        images = {i: _render(pdf, i) for i in window}
        glyphs = {i: _glyphs(pdf, i, images[i], ocr_language) for i in window}
        marked = _marked(glyphs, sentences, page - 1)
        shown = sorted({page - 1, *(i for i, boxes in marked.items() if boxes)})
        return [_page_image(i + 1, images[i], marked.get(i, [])) for i in shown]
    finally:
        pdf.close()


def _render(pdf: Any, index: int) -> Any:
    return pdf[index].render(scale=VIEW_DPI / _POINTS_PER_INCH).to_pil().convert("RGB")


def _glyphs(pdf: Any, index: int, image: Any, ocr_language: str | None) -> list[_Glyph]:
    """The page's characters with their boxes: its text layer, else OCR of the page."""
    import pypdfium2.raw as pdfium_c

    page = pdf[index]
    textpage = page.get_textpage()
    try:
        height, scale = page.get_height(), VIEW_DPI / _POINTS_PER_INCH
        glyphs = []
        for i in range(textpage.count_chars()):
            char = chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, i))
            left, bottom, right, top = textpage.get_charbox(i)
            ink = char.strip() and right > left and top > bottom
            box = (round(left * scale), round((height - top) * scale),
                   round(right * scale), round((height - bottom) * scale))  # fmt: skip
            glyphs.append(_Glyph(char, index, box if ink else None))
    finally:
        textpage.close()
    if any(glyph.char.strip() for glyph in glyphs) or ocr_language is None:
        return glyphs
    return _ocr_glyphs(pdf, index, image, ocr_language)


def _ocr_glyphs(pdf: Any, index: int, image: Any, ocr_language: str) -> list[_Glyph]:
    """A scanned page read again by OCR, each word's box scaled to the shown image."""
    from ingest.ocr import OCR_DPI, ocr_words, render_page

    scale = image.width / render_page(pdf, index, OCR_DPI).width
    glyphs: list[_Glyph] = []
    for word in ocr_words(f"page {index + 1}", render_page(pdf, index, OCR_DPI), ocr_language):
        box = tuple(round(value * scale) for value in word.box)
        glyphs += [_Glyph(char, index, box) for char in word.text]  # type: ignore[arg-type]
        glyphs.append(_Glyph(" ", index, None))
    return glyphs


def _page_image(number: int, image: Any, boxes: list[Box]) -> PageImage:
    from PIL import Image, ImageDraw

    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    for left, top, right, bottom in boxes:
        draw.rectangle((left - 2, top - 2, right + 2, bottom + 2), fill=_FILL, outline=_OUTLINE)
    marked = Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")
    buffer = io.BytesIO()
    marked.save(buffer, format="PNG", optimize=True)
    return PageImage(number, buffer.getvalue(), boxes)


# Finding the sentences


def _marked(
    glyphs: dict[int, list[_Glyph]], sentences: Sequence[str], cited: int
) -> dict[int, list[Box]]:
    """Highlight rectangles per page index for every sentence found in the window's text,
    looked for from the cited page (index ``cited``) on first."""
    stream = [glyph for index in sorted(glyphs) for glyph in glyphs[index]]
    keys, owners = _match_keys(stream)
    start = next((k for k, owner in enumerate(owners) if stream[owner].page >= cited), 0)
    chosen: set[int] = set()
    for sentence in sentences:
        found = _find(keys, _key(sentence), start)
        if found is not None:
            last = _closing(stream, owners[found[1] - 1])
            first, last = _across_page_breaks(stream, owners[found[0]], last)
            chosen.update(range(first, last + 1))
    boxes: dict[int, list[Box]] = {}
    for index in sorted(chosen):
        glyph = stream[index]
        if glyph.box is not None:
            boxes.setdefault(glyph.page, []).append(glyph.box)
    return {page: _line_boxes(found) for page, found in boxes.items()}


def _closing(stream: list[_Glyph], last: int) -> int:
    """``last`` moved on over the punctuation that closes the sentence."""
    while last + 1 < len(stream) and stream[last + 1].char in _CLOSING:
        last += 1
    return last


def _key(text: str) -> str:
    """Letters and digits only, case-folded and with ligatures spelt out."""
    return "".join(c for c in unicodedata.normalize("NFKC", text).casefold() if c.isalnum())


def _match_keys(stream: list[_Glyph]) -> tuple[str, list[int]]:
    """The stream's matching key, and for each key character the glyph it came from."""
    keys, owners = [], []
    for index, glyph in enumerate(stream):
        for char in _key(glyph.char):
            keys.append(char)
            owners.append(index)
    return "".join(keys), owners


def _find(haystack: str, needle: str, prefer_from: int = 0) -> tuple[int, int] | None:
    """Key span of ``needle``: exact (from ``prefer_from`` on first), else the loose match
    OCR errors need (blocks of at least ``_MIN_BLOCK`` letters in order, together covering
    most of the sentence)."""
    if not needle:
        return None
    start = haystack.find(needle, prefer_from)
    start = start if start >= 0 else haystack.find(needle)
    if start >= 0:
        return start, start + len(needle)
    matcher = difflib.SequenceMatcher(None, needle, haystack, autojunk=False)
    blocks = [b for b in matcher.get_matching_blocks() if b.size >= _MIN_BLOCK]
    if not blocks or sum(b.size for b in blocks) < 0.7 * len(needle):
        return None
    first, last = blocks[0].b, blocks[-1].b + blocks[-1].size
    return (first, last) if last - first <= 1.3 * len(needle) else None


def _across_page_breaks(stream: list[_Glyph], first: int, last: int) -> tuple[int, int]:
    """Carry a match that ends its page's text on to the next page's first sentence end, and
    one that starts a page's text back to the previous page's last."""
    if _ends_its_page(stream, last):
        page = stream[last].page
        inked = [i for i in range(last, len(stream)) if stream[i].char.strip()]
        on_page = [i for i in inked if stream[i].page == page]
        following = [i for i in inked if stream[i].page > page]
        if following and stream[on_page[-1]].char not in _SENTENCE_END:
            last = _sentence_end(stream, following[0])
    if _starts_its_page(stream, first):
        earlier = [i for i in range(first) if stream[i].char.strip()]
        if earlier and stream[earlier[-1]].char not in _SENTENCE_END:
            first = _sentence_start(stream, earlier[-1])
    return first, last


def _ends_its_page(stream: list[_Glyph], index: int) -> bool:
    page = stream[index].page
    rest = [g for g in stream[index + 1 :] if g.page == page]
    later_pages = any(g.page > page for g in stream[index + 1 :])
    return later_pages and not any(_key(g.char) for g in rest)


def _starts_its_page(stream: list[_Glyph], index: int) -> bool:
    page = stream[index].page
    before = [g for g in stream[:index] if g.page == page]
    return page > stream[0].page and not any(_key(g.char) for g in before)


def _sentence_end(stream: list[_Glyph], start: int) -> int:
    for i in range(start, len(stream)):
        after = stream[i + 1].char if i + 1 < len(stream) else " "
        if stream[i].char in _SENTENCE_END and not after.strip():
            return i
    return len(stream) - 1


def _sentence_start(stream: list[_Glyph], end: int) -> int:
    for i in range(end, 0, -1):
        if stream[i - 1].char in _SENTENCE_END and not stream[i].char.strip():
            return i
    return 0


def _line_boxes(boxes: list[Box]) -> list[Box]:
    """Character boxes merged into one rectangle per line (a new line: a box that starts left
    of the last one, or does not share its height)."""
    lines: list[list[int]] = []
    for left, top, right, bottom in boxes:
        current = lines[-1] if lines else None
        middle = (top + bottom) / 2
        if current and current[1] <= middle <= current[3] and left >= current[0]:
            current[:] = [current[0], min(current[1], top), max(current[2], right),
                          max(current[3], bottom)]  # fmt: skip
        else:
            lines.append([left, top, right, bottom])
    return [(line[0], line[1], line[2], line[3]) for line in lines]


# Word documents, web pages, text files


def section_text(chunks: Sequence[Chunk], cited: Chunk) -> str:
    """The text of the cited chunk's section (its page's, for a page without headings): the
    stored chunks of that section joined again, overlaps once, in reading order."""
    same = [c for c in chunks if c.page == cited.page and c.section == cited.section]
    parts: list[str] = []
    end = -1
    for chunk in sorted(same or [cited], key=lambda c: c.char_start):
        if chunk.char_start < end:
            parts.append(chunk.text[end - chunk.char_start :])
        else:
            parts.append(("\n\n" if parts else "") + chunk.text)
        end = max(end, chunk.char_end)
    return "".join(parts)


def text_highlights(text: str, sentences: Sequence[str]) -> list[tuple[int, int]]:
    """Character spans of ``sentences`` in ``text``, whitespace and case aside."""
    glyphs = [_Glyph(char, 0, None) for char in text]
    keys, owners = _match_keys(glyphs)
    spans = []
    for sentence in sentences:
        found = _find(keys, _key(sentence))
        if found is not None:
            spans.append((owners[found[0]], _closing(glyphs, owners[found[1] - 1]) + 1))
    return sorted(spans)
