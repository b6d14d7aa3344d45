"""The cited page, shown: PDF pages rendered with the cited sentence highlighted where it is
printed (also across a page break, and on a scan), and a section's text with it marked."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from assistant.models import Chunk, PageImage
from ingest.page_view import VIEW_DPI, pdf_pages, section_text, text_highlights
from tests.documents import write_scanned_pdf
from tests.ingest.test_formats_answered import PAGE_ONE, PAGE_TWO, SCAN, page_break_pdf
from tests.pdfs import wrap, write_pdf

CROSSING = "Practitioners reported that reflective group supervision with an external facilitator"
CONTINUED = "gave them permission to try new approaches with families."
POINTS_TO_PIXELS = VIEW_DPI / 72


def highlighted_share(page: PageImage) -> float:
    """Share of the page's pixels tinted by the highlight (yellow: red and green high, blue low)."""
    pixels = np.asarray(Image.open(io.BytesIO(page.png)).convert("RGB")).astype(int)
    red, green, blue = pixels[..., 0], pixels[..., 1], pixels[..., 2]
    return float(((red > 200) & (green > 160) & (blue < 140)).mean())


def word_box(pdf: Path, page: int, word: str) -> tuple[float, float, float, float]:
    """Where poppler's pdftotext puts ``word`` on the page, in points: an independent check."""
    html = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    for line in html.splitlines():
        if f">{word}</word>" in line:
            values = [float(value) for value in re.findall(r'[xy]M\w+="([\d.]+)"', line)]
            return values[0], values[1], values[2], values[3]
    raise AssertionError(f"{word} not on page {page}")


def contains(box: tuple[int, int, int, int], point: tuple[float, float]) -> bool:
    left, top, right, bottom = box
    return left - 3 <= point[0] <= right + 3 and top - 3 <= point[1] <= bottom + 3


def centre_in_pixels(box: tuple[float, float, float, float]) -> tuple[float, float]:
    return ((box[0] + box[2]) / 2 * POINTS_TO_PIXELS, (box[1] + box[3]) / 2 * POINTS_TO_PIXELS)


def test_the_cited_sentence_is_highlighted_where_it_is_printed(tmp_path):
    lines = wrap("Some other opening sentence comes first on this page. " * 3) + wrap(
        "Foster carers valued out-of-hours telephone support from their supervising social "
        "worker. Another sentence closes the paragraph."
    )
    pdf = write_pdf(tmp_path / "support.pdf", [lines])
    [page] = pdf_pages(pdf, 1, [("Foster carers valued out-of-hours telephone support from "
                               "their supervising social worker.")])  # fmt: skip
    assert page.number == 1 and page.boxes and highlighted_share(page) > 0.0003
    for word in ("Foster", "worker."):
        assert any(contains(box, centre_in_pixels(word_box(pdf, 1, word))) for box in page.boxes)
    for word in ("opening", "Another"):
        assert not any(contains(box, centre_in_pixels(word_box(pdf, 1, word))) for box in page.boxes)


def test_a_sentence_not_on_the_page_shows_the_page_unmarked(tmp_path):
    pdf = write_pdf(tmp_path / "plain.pdf", [["Nothing cited is printed here."]])
    [page] = pdf_pages(pdf, 1, ["Residential care staff trusted peer mentors."])
    assert page.boxes == [] and highlighted_share(page) == 0


@pytest.mark.parametrize(("cited_page", "sentence"), [(1, CROSSING), (2, CONTINUED)])
def test_a_sentence_across_a_page_break_is_highlighted_on_both_pages(tmp_path, cited_page, sentence):
    pdf = page_break_pdf(tmp_path / "supervision.pdf")
    pages = pdf_pages(pdf, cited_page, [sentence])
    assert [page.number for page in pages] == [1, 2]
    first, second = pages
    assert any(contains(b, centre_in_pixels(word_box(pdf, 1, "Practitioners"))) for b in first.boxes)
    assert any(contains(b, centre_in_pixels(word_box(pdf, 2, "families."))) for b in second.boxes)
    assert not any(contains(b, centre_in_pixels(word_box(pdf, 1, "evaluation"))) for b in first.boxes)
    assert not any(contains(b, centre_in_pixels(word_box(pdf, 2, "Team"))) for b in second.boxes)
    assert PAGE_ONE.endswith("facilitator") and PAGE_TWO.startswith(CONTINUED)


def test_a_scanned_page_is_highlighted_from_its_ocr_word_boxes(tmp_path):
    pdf = write_scanned_pdf(tmp_path / "scan.pdf", SCAN)
    sentence = "Carers valued support groups run by other kinship carers above formal training."
    [page] = pdf_pages(pdf, 1, [sentence], ocr_language="eng")
    assert len(page.boxes) in (1, 2) and highlighted_share(page) > 0.0003
    [unread] = pdf_pages(pdf, 1, [sentence], ocr_language=None)
    assert unread.boxes == []


def chunk(text: str, start: int, section: str | None, page: int | None = None) -> Chunk:
    return Chunk(f"c{start}", "d1", "notes.docx", "T", page, start, start + len(text), section, text)


def test_a_sections_text_is_its_chunks_joined_with_overlaps_once():
    text = "First sentence here. Second sentence here. Third sentence here."
    chunks = [chunk(text[0:42], 0, "Findings"), chunk(text[21:63], 21, "Findings"),
              chunk("Elsewhere entirely.", 90, "Methods")]  # fmt: skip
    assert section_text(chunks, chunks[1]) == text
    spans = text_highlights(text, ["second  SENTENCE here."])
    assert [text[a:b] for a, b in spans] == ["Second sentence here."]
