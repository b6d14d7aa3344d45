"""The trainers' workspace in a real headless Chromium: pins, a pack reordered and exported
as Word and PDF, and a document's reference corrected. Screenshots under test-output/<test>/."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import docx
import pytest

from tests.assistant.web.conftest import AppPage

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def pack_items(app_page: AppPage) -> list[str]:
    return app_page.page.locator("#pack-items ol.pack > li").all_inner_texts()


def export(app_page: AppPage, label: str, folder: Path) -> Path:
    page = app_page.page
    page.get_by_label(label).check()
    page.locator("#pack-export").click()
    link = page.locator("#pack-download a").first
    link.wait_for(timeout=60_000)
    with page.expect_download() as download:
        link.click()
    path = folder / download.value.suggested_filename
    download.value.save_as(path)
    return path


def test_pin_reorder_and_export_a_session_pack(app_page: AppPage, output_dir: Path) -> None:
    page = app_page.page
    app_page.tab("Pack")
    page.fill("#pack-new-name textarea", "Week 1: co-production")
    page.locator("#pack-create").click()
    page.wait_for_selector("#pack-items:has-text('is empty')")
    app_page.tab("Chat")

    app_page.ask("How long was the Involving People course?")
    page.locator("#pin-answer").click()
    app_page.ask("How many expert informants were interviewed about innovation?")
    page.locator("#pin-answer").click()
    page.fill("#pin-number input", "1")
    page.locator("#pin-quote").click()
    app_page.screenshot("pinned")

    app_page.tab("Pack")
    page.wait_for_function("document.querySelectorAll('#pack-items ol.pack > li').length === 3")
    first, second, third = (item.lower() for item in pack_items(app_page))
    assert first.startswith("answer") and "involving people" in first
    assert second.startswith("answer") and "21 expert informants" in second
    assert third.startswith("quote") and "21 expert informants" in third
    page.fill("#pack-item input", "3")
    page.locator("#pack-up").click()
    page.wait_for_function(
        "document.querySelector('#pack-items ol.pack > li:nth-child(2) .kind').textContent"
        " === 'Quote'"
    )
    page.fill("#pack-text textarea", "What the studies did")
    page.locator("#pack-add-heading").click()
    page.wait_for_function("document.querySelectorAll('#pack-items ol.pack > li').length === 4")
    app_page.screenshot("reordered")

    word = docx.Document(str(export(app_page, "Word (.docx)", output_dir)))
    styles = [(p.style.name, p.text) for p in word.paragraphs]
    assert ("Title", "Week 1: co-production") in styles
    assert ("Heading 1", "What the studies did") in styles
    headings = [text for style, text in styles if style == "Heading 2"]
    assert headings[0].startswith("How long was the Involving People course")
    quotes = [text for style, text in styles if "Quote" in style]
    assert quotes and "21 expert informants" in quotes[0]
    references = [text for style, text in styles if style == "List Number"]
    cited = {int(n) for _, text in styles for n in re.findall(r"\[(\d+)\]", text)}
    assert len(references) == 2 and cited == {1, 2}

    pdf = export(app_page, "PDF", output_dir)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip
    assert "Week 1: co-production" in text and "21 expert informants" in text
    assert "References" in text
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(output_dir / "pack-pdf")],
                   check=True)  # fmt: skip
    assert list(output_dir.glob("pack-pdf*.png"))
    app_page.screenshot("exported")


def test_a_corrected_reference_names_the_document_in_answers(app_page: AppPage) -> None:
    page = app_page.page
    app_page.tab("Documents")
    page.get_by_text("Correct a document's reference").click()
    page.locator("#meta-choice input").click()
    page.get_by_role("option", name="002_ad9f423ab965abb9.txt").click()
    page.wait_for_function(
        "document.querySelector('#meta-authors textarea').value.includes('Patton')"
    )
    page.fill("#meta-year input", "2020")
    page.locator("#meta-save").click()
    page.wait_for_selector("#documents td:has-text('Patton, McGlade and Elliott (2020)')",
                           timeout=120_000)  # fmt: skip
    app_page.screenshot("reference-saved")

    app_page.tab("Chat")
    app_page.ask("How long was the Involving People course?")
    header = app_page.turn(0).locator(".card header").first.inner_text()
    assert "Patton, McGlade and Elliott (2020)" in header
    app_page.screenshot("cited-by-author")


def test_evidence_map_tab_builds_filters_and_exports(app_page: AppPage, output_dir: Path) -> None:
    page = app_page.page
    app_page.tab("Evidence map")
    page.locator("#map-build").click()
    table = page.locator("#map table.evidence-map")
    table.wait_for(timeout=120_000)
    themes = table.locator("tbody th[scope=row]").all_inner_texts()
    assert any(theme.startswith("Organisational culture") for theme in themes)
    barriers = " ".join(table.locator("tbody tr td:nth-child(3)").all_inner_texts())
    assert "silo working" in barriers.lower()
    app_page.screenshot("whole-collection")

    page.get_by_text("Only these documents", exact=True).click()
    page.locator("#map-only label", has_text="Does training in co-production").click()
    page.locator("#map-build").click()
    page.wait_for_function(
        "!document.querySelector('#map').innerText.includes('Creating a Conducive Zone')"
    )
    cited = page.locator("#map .cited").all_inner_texts()
    assert cited and all("Conducive Zone" not in text for text in cited)
    app_page.screenshot("one-document")

    page.get_by_label("CSV").check()
    page.locator("#map-export").click()
    link = page.locator("#map-download a").first
    link.wait_for(timeout=60_000)
    with page.expect_download() as download:
        link.click()
    rows = Path(download.value.path()).read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("theme,side,quote,citation") and len(rows) > 1
