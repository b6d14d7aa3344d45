"""The cited page, shown, in a real headless Chromium: a source card's "Show page" opens the
PDF page with the cited sentence highlighted (on both pages when it runs across the break), and
a Word document's "Show section" its section with the sentence marked."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import pytest
from PIL import Image

from tests.assistant.web.conftest import AppPage
from tests.documents import write_docx
from tests.ingest.test_formats_answered import page_break_pdf

pytestmark = [pytest.mark.browser, pytest.mark.slow]

UPLOAD_MS = 120_000
QUESTION = "What gave practitioners permission to try new approaches with families?"


def upload(app_page: AppPage, *paths: Path) -> str:
    page = app_page.page
    app_page.tab("Documents")
    page.set_input_files("#upload input[type=file]", [str(path) for path in paths])
    page.wait_for_selector("#report li.ok", timeout=UPLOAD_MS)
    report = page.locator("#report").inner_text()
    app_page.tab("Chat")
    return report


def shown_images(app_page: AppPage) -> list[Image.Image]:
    sources = app_page.page.locator("#page-view img.page").evaluate_all(
        "(images) => images.map((image) => image.src)"
    )
    return [Image.open(io.BytesIO(base64.b64decode(src.split(",", 1)[1]))) for src in sources]


def test_show_page_opens_the_cited_pdf_page_with_the_sentence_highlighted(
    app_page: AppPage, tmp_path: Path
) -> None:
    page = app_page.page
    pdf = page_break_pdf(tmp_path / "Reflective supervision evaluation.pdf")
    assert "Added Reflective_supervision_evaluation.pdf" in upload(app_page, pdf)
    app_page.ask(QUESTION)
    card = page.locator("#src-0-1")
    assert card.locator(".file").inner_text() == "Reflective_supervision_evaluation.pdf"
    card.get_by_role("button", name="Show page").click()
    page.wait_for_selector("#page-panel img.page", timeout=UPLOAD_MS)
    assert page.locator("#page-view figcaption").all_inner_texts() == ["Page 1", "Page 2"]
    images = shown_images(app_page)
    assert all(image.width > 800 for image in images)
    assert all(highlighted(image) for image in images), "the sentence is marked on both pages"
    app_page.screenshot("page-shown")
    page.locator("#page-close").click()
    page.wait_for_selector("#page-panel", state="hidden")


def test_show_section_opens_a_word_documents_section_with_the_sentence_marked(
    app_page: AppPage, tmp_path: Path
) -> None:
    page = app_page.page
    sections = {
        "Method": ["Interviews were held with thirty adopters in three regional agencies."],
        "Adopters' experiences": [
            "Adopters said that a named post-adoption worker made asking for help easier.",
            "Several adopters wanted therapeutic parenting courses before placement.",
        ],
    }
    docx = write_docx(tmp_path / "adoption support.docx", "Post-adoption support", sections)
    upload(app_page, docx)
    app_page.ask("What made asking for post-adoption help easier for adopters?")
    card = page.locator("#src-0-1")
    assert "§ Adopters' experiences" in card.locator(".meta").inner_text()
    card.get_by_role("button", name="Show section").click()
    page.wait_for_selector("#page-view .section-text mark", timeout=UPLOAD_MS)
    assert page.locator("#page-view .section-text h4").inner_text() == "§ Adopters' experiences"
    assert page.locator("#page-view mark").first.inner_text() == sections["Adopters' experiences"][0]
    app_page.screenshot("section-shown")


def highlighted(image: Image.Image) -> bool:
    """Some of the page is tinted by the highlight (red and green high, blue low)."""
    small = image.convert("RGB").resize((image.width // 4, image.height // 4))
    colours = small.getcolors(maxcolors=1 << 20) or []
    tinted = sum(count for count, (r, g, b) in colours if r > 200 and g > 160 and b < 140)
    return tinted > 20
