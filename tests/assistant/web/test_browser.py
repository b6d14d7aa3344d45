"""The app in a real headless Chromium: what a practitioner does, step by step, with a
screenshot of each step under test-output/<test>/."""

from __future__ import annotations

import json
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from tests.assistant.web.conftest import AppPage, Server
from tests.pdfs import write_pdf

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CORPUS_INNOVATION = "000_2ab42ee1a9a58a36.txt"
CORPUS_CO_PRODUCTION = "002_ad9f423ab965abb9.txt"
REFUSAL = "don't answer this question"
# Elements that exist only if a payload became live markup: a script or event handler holding
# the payload's marker, or a javascript: link.
INJECTED_JS = """() => [...document.querySelectorAll("*")].filter((element) =>
    (element.tagName === "SCRIPT" && element.textContent.includes("__xss")) ||
    [...element.attributes].some((attribute) =>
        (attribute.name.startsWith("on") && attribute.value.includes("__xss")) ||
        (["href", "src"].includes(attribute.name) && /^\\s*javascript:/i.test(attribute.value)))
).map((element) => element.outerHTML.slice(0, 200))"""


def test_loads_with_the_collection_and_example_questions(app_page: AppPage) -> None:
    page = app_page.page
    examples = [text for text in page.locator("#examples button.example").all_inner_texts() if text]
    assert examples and all(text.endswith("?") for text in examples)
    app_page.screenshot("loaded")

    app_page.tab("Documents")
    table = page.locator("#documents table")
    assert CORPUS_INNOVATION in table.inner_text()
    assert "Does training in co-production lead to any real change" in table.inner_text()
    app_page.screenshot("documents")

    app_page.tab("Chat")
    page.locator("#examples button.example").first.click()
    answer = app_page.wait_for_answer()
    assert REFUSAL not in answer and "[1]" in answer
    assert app_page.turn(0).locator(".card").count() >= 1
    assert not page.locator("#examples").is_visible()  # the examples make way for the chat
    app_page.screenshot("example-answered")
    hosts = {urlparse(url).hostname for url in app_page.requests if url.startswith("http")}
    assert hosts == {"127.0.0.1"}, f"the page contacted {hosts}: nothing may leave the machine"


def test_answer_links_each_marker_to_its_source_card(app_page: AppPage) -> None:
    page = app_page.page
    answer = app_page.ask("How many expert informants were interviewed about innovation?")
    assert "21 expert informants" in answer
    card = page.locator("#src-0-1")
    assert "Creating a Conducive Zone for Innovation" in card.locator("header").inner_text()
    assert card.locator(".file").inner_text() == CORPUS_INNOVATION
    assert "score" in card.locator(".meta").inner_text()
    assert "21 expert informants" in card.locator("mark").first.inner_text()
    app_page.screenshot("answer-with-sources")

    page.locator("#chat a.cite", has_text="[1]").first.click()
    assert card.get_attribute("aria-current") == "true"
    expect(card).to_be_in_viewport()
    app_page.screenshot("marker-clicked")


def test_follow_up_is_resolved_against_the_conversation(app_page: AppPage) -> None:
    first = "What was the Involving People co-production course?"
    answer = app_page.ask(first)
    assert "Involving People" in answer
    app_page.screenshot("topic-question")

    answer = app_page.ask("How many of them were interviewed?")
    assert "Of the 18 staff participants, 5 agreed" in answer
    rewritten = app_page.turn(1).locator(".rewritten").inner_text()
    assert "How many of them were interviewed?" in rewritten and first in rewritten
    assert app_page.turn(1).locator(".card .file").first.inner_text() == CORPUS_CO_PRODUCTION
    app_page.screenshot("follow-up")

    app_page.page.locator("#chat a.cite[href='#src-0-1']").first.click()  # the first answer's [1]
    earlier = app_page.page.locator("#src-0-1")
    assert earlier.get_attribute("aria-current") == "true"
    expect(earlier).to_be_in_viewport(ratio=0.9)
    app_page.screenshot("earlier-source-shown")


def test_uploaded_pdf_is_cited_and_can_be_searched_alone(app_page: AppPage, tmp_path: Path) -> None:
    page = app_page.page
    first_page = [
        "Family group conferencing in Kirklees: an evaluation.",
        "Family group conferences bring the wider family together to plan for a child.",
    ]
    second_page = [
        "In the Kirklees pilot, 312 families took part in a family group conference.",
        "Coordinators said that independent facilitation was what made the meetings work.",
    ]
    pdf = write_pdf(
        tmp_path / "Kirklees FGC evaluation.pdf",
        [first_page, second_page],
        title="Family group conferencing in Kirklees",
    )
    app_page.tab("Documents")
    page.set_input_files("#upload input[type=file]", str(pdf))
    page.wait_for_selector("#report li.ok", timeout=120_000)
    stored = "Kirklees_FGC_evaluation.pdf"  # the name sanitised
    assert f"Added {stored}" in page.locator("#report").inner_text()
    assert stored in page.locator("#documents table").inner_text()
    app_page.screenshot("pdf-uploaded")

    app_page.tab("Chat")
    answer = app_page.ask(
        "How many families took part in the Kirklees family group conference pilot?"
    )
    assert "312 families" in answer
    card = page.locator("#src-0-1")
    assert card.locator(".file").inner_text() == stored
    assert "p. 2" in card.locator(".meta").inner_text()
    app_page.screenshot("pdf-cited")

    page.get_by_text("Search only these documents").click()
    page.locator("#only label", has_text=stored).click()
    app_page.ask("How many of the 18 staff were interviewed about co-production?")
    files = set(app_page.turn(1).locator(".card .file").all_inner_texts())
    assert files == {stored}, "a restricted search may only show the chosen document"
    app_page.screenshot("restricted-to-pdf")


def test_xss_payload_in_a_dropped_document_shows_as_text(app_page: AppPage) -> None:
    page = app_page.page
    name = 'respite <img src=x onerror="window.__xss=4;alert(4)">.md'
    payload = (
        "# Respite care review <script>window.__xss=1;alert(1)</script>\n\n"
        'Short breaks for carers <img src=x onerror="window.__xss=2;alert(2)"> were offered '
        "to families every fortnight by the respite care service. "
        "Read [the respite timetable](javascript:window.__xss=3;alert(3)) for the details of "
        "the respite care service.\n"
    )
    app_page.tab("Documents")
    _drop_file(page, "#upload button.upload-container", name, payload)
    page.wait_for_selector("#report li.ok", timeout=120_000)
    assert "<script>" in page.locator("#documents table").inner_text()
    app_page.screenshot("xss-uploaded")

    app_page.tab("Chat")
    answer = app_page.ask(
        "How often were short breaks for carers offered by the respite care service?"
    )
    assert '<img src=x onerror="window.__xss=2;alert(2)">' in answer
    card = app_page.turn(0).locator(".card").first
    assert "<script>window.__xss=1;alert(1)</script>" in card.locator("header").inner_text()
    quoted = card.locator("blockquote").inner_text()  # a Markdown link keeps its text alone
    assert "Read the respite timetable for the details" in quoted and "javascript:" not in quoted
    app_page.screenshot("xss-answered")

    assert app_page.dialogs == []
    assert page.evaluate("window.__xss") is None
    assert page.evaluate(INJECTED_JS) == []
    for link in page.locator("#chat a, #sources a, #documents a").all():
        assert (link.get_attribute("href") or "").startswith("#")


def test_feedback_and_markdown_download(app_page: AppPage, server: Server) -> None:
    page = app_page.page
    app_page.ask("What gets in the way of co-production?")
    page.fill("#comment textarea", "Useful, but I wanted more on leadership.")
    page.locator("#chat button[aria-label=Dislike]").last.click()
    records = _wait_for_feedback(server.data_dir / "feedback.jsonl")
    assert records[-1]["rating"] == "down"
    assert records[-1]["comment"] == "Useful, but I wanted more on leadership."
    assert records[-1]["question"] == "What gets in the way of co-production?"
    assert records[-1]["citations"]
    app_page.screenshot("feedback")

    page.get_by_text("Copy or download the last answer").click()
    markdown = page.locator("#markdown textarea").input_value()
    assert markdown.startswith("## What gets in the way of co-production?")
    assert "### References" in markdown and "\n1. " in markdown
    with page.expect_download() as download:
        page.locator("#download").click()
    assert Path(download.value.path()).read_text(encoding="utf-8") == markdown
    app_page.screenshot("markdown-export")


def _drop_file(page, selector: str, name: str, text: str) -> None:
    """Drag and drop a file onto the upload area, as the browser does for a real drop."""
    page.locator(selector).dispatch_event(
        "drop",
        {
            "dataTransfer": page.evaluate_handle(
                """([name, text]) => {
                    const data = new DataTransfer();
                    data.items.add(new File([text], name, {type: "text/markdown"}));
                    return data;
                }""",
                [name, text],
            )
        },
    )


def _wait_for_feedback(path: Path, seconds: float = 30) -> list[dict]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if path.exists() and path.read_text(encoding="utf-8").strip():
            return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        time.sleep(0.2)
    pytest.fail(f"no feedback was written to {path}")
