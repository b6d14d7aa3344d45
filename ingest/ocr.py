"""Pages without a text layer (scans, photographed reports) read by OCR.

A page is rendered with pypdfium2 (PDFium, Apache/BSD licensed) and read by Tesseract through
pytesseract, which also gives each word's box and confidence: the confidence goes into the
ingest summary so a user can judge a poor scan, and the boxes let the page viewer highlight a
cited sentence on a page that has no text layer (``ingest.page_view``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from assistant.errors import NoTextLayer

OCR_DPI = 300  # Tesseract reads body text best at 300 dpi
POINTS_PER_INCH = 72


@dataclass(frozen=True)
class OcrWord:
    """A word as Tesseract read it; the box in pixels of the image it was read from."""

    text: str
    box: tuple[int, int, int, int]  # left, top, right, bottom
    confidence: float
    line: tuple[int, int, int]  # block, paragraph, line: words of one line share it


@dataclass(frozen=True)
class OcrPage:
    text: str
    confidence: float  # mean word confidence, 0-100


def render_page(pdf: Any, index: int, dpi: int = OCR_DPI) -> Any:
    """Page ``index`` (0-based) of an open ``pypdfium2.PdfDocument`` as a PIL image."""
    return pdf[index].render(scale=dpi / POINTS_PER_INCH).to_pil()


def ocr_pages(name: str, data: bytes, indexes: list[int], language: str) -> dict[int, OcrPage]:
    """The pages at ``indexes`` (0-based) of a PDF read by OCR, by index."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(data)
    try:
        return {index: read_page(name, render_page(pdf, index), language) for index in indexes}
    finally:
        pdf.close()


def read_page(name: str, image: Any, language: str) -> OcrPage:
    """One page image as text: words joined into lines, paragraphs separated by blank lines."""
    words = ocr_words(name, image, language)
    paragraphs: dict[tuple[int, int], list[str]] = {}
    lines: dict[tuple[int, int, int], list[str]] = {}
    for word in words:
        lines.setdefault(word.line, []).append(word.text)
    for (block, paragraph, _), line_words in lines.items():
        paragraphs.setdefault((block, paragraph), []).append(" ".join(line_words))
    text = "\n\n".join("\n".join(paragraph) for paragraph in paragraphs.values())
    confidences = [word.confidence for word in words]
    return OcrPage(text, sum(confidences) / len(confidences) if confidences else 0.0)


def ocr_words(name: str, image: Any, language: str) -> list[OcrWord]:
    """Every word Tesseract finds on ``image``, in reading order."""
    import pytesseract

    try:
        data = pytesseract.image_to_data(image, lang=language, output_type=pytesseract.Output.DICT)
    except pytesseract.TesseractNotFoundError as exc:
        raise NoTextLayer(
            f"{name} has pages without a text layer and Tesseract OCR is not installed: install "
            "it (`make chat` does: apt-get install tesseract-ocr), or run OCR on the file "
            "yourself, then ingest it again"
        ) from exc
    except pytesseract.TesseractError as exc:
        raise NoTextLayer(
            f"{name}: OCR failed ({exc.message.strip() or exc}): check the setting "
            f"ingest.ocr_language ({language!r}) names installed Tesseract language data"
        ) from exc
    return list(_words(data))


def _words(data: dict[str, list[Any]]) -> Iterator[OcrWord]:
    for i, text in enumerate(data["text"]):
        confidence = float(data["conf"][i])
        if not str(text).strip() or confidence < 0:
            continue
        left, top = int(data["left"][i]), int(data["top"][i])
        box = (left, top, left + int(data["width"][i]), top + int(data["height"][i]))
        line = (int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i]))
        yield OcrWord(str(text).strip(), box, confidence, line)
