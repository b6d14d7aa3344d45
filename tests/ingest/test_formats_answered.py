"""A Word document, a saved web page, a scanned PDF and a PDF whose sentence runs across a page
break, ingested and asked about: each answer cites the right section or page."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant import Assistant
from tests.documents import write_docx, write_saved_page, write_scanned_pdf
from tests.ingest.test_formats import ARTICLE, META
from tests.pdfs import wrap, write_pdf

pytestmark = pytest.mark.slow

MENTORING = {
    "Background": ["The council employed care leavers as peer mentors in four residential homes."],
    "What young people valued": [
        "Young people trusted peer mentors who had lived in residential care themselves.",
    ],
}
SCAN = [
    ("Kinship carers said that regular respite breaks kept their placements stable.\n\n"
    "Carers valued support groups run by other kinship carers above formal training."),
    "Allowances paid late by the local authority caused hardship for grandparents.",
]
PAGE_ONE = (
    "This evaluation followed twelve children's services teams over two years. "
    "Practitioners reported that reflective group supervision with an external facilitator"
)
PAGE_TWO = (
    "gave them permission to try new approaches with families. Team managers protected the "
    "time for these sessions."
)


def page_break_pdf(path: Path) -> Path:
    """Two pages; the second sentence starts on page 1 and ends on page 2."""
    return write_pdf(path, [wrap(PAGE_ONE), wrap(PAGE_TWO)])


@pytest.fixture
def ingested(assistant: Assistant, tmp_path: Path) -> Assistant:
    files = [
        write_docx(tmp_path / "mentoring.docx", "Peer mentoring in residential care", MENTORING),
        write_saved_page(tmp_path / "fgc.html", META["citation_title"][0], ARTICLE, meta=META),
        write_scanned_pdf(tmp_path / "kinship-scan.pdf", SCAN),
        page_break_pdf(tmp_path / "supervision.pdf"),
    ]
    report = assistant.ingest(files)
    assert report.complete, report.failed
    assert sorted(report.ocr) == ["kinship-scan.pdf"] and sorted(report.ocr["kinship-scan.pdf"]) == [1, 2]
    assert all(confidence > 80 for confidence in report.ocr["kinship-scan.pdf"].values())
    assert "kinship-scan.pdf: pages 1, 2 read by OCR (mean word confidence" in report.summary()
    return assistant


def cited(assistant: Assistant, question: str) -> list[tuple[str, int | None, str | None]]:
    answer = assistant.ask(question)
    assert not answer.refused, answer.text
    return [(c.passage.chunk.source, c.passage.chunk.page, c.passage.chunk.section)
            for c in answer.citations]  # fmt: skip


def test_each_format_is_cited_by_its_section_or_page(ingested):
    assert cited(ingested, "What made young people trust peer mentors?")[0] == (
        "mentoring.docx", None, "What young people valued",
    )  # fmt: skip
    assert cited(ingested, "What was the strongest enabler of family participation?")[0] == (
        "fgc.html", None, "Findings",
    )  # fmt: skip
    assert cited(ingested, "What kept kinship care placements stable?")[0][:2] == (
        "kinship-scan.pdf", 1,
    )  # fmt: skip
    assert cited(ingested, "Who paid allowances late to grandparents?")[0][:2] == (
        "kinship-scan.pdf", 2,
    )  # fmt: skip


def test_a_web_page_is_cited_by_the_authors_its_meta_tags_name(ingested):
    answer = ingested.ask("What was the strongest enabler of family participation?")
    assert answer.citations[0].label == "Okafor and Brennan (2021)"


def test_with_ocr_off_a_scan_keeps_its_clear_refusal(assistant, tmp_path):
    assistant.settings.ingest.ocr = False
    report = assistant.ingest([write_scanned_pdf(tmp_path / "scan.pdf", SCAN)])
    assert "scan.pdf has no text layer (a scan?): turn OCR on" in report.failed["scan.pdf"]
    assert not report.ingested and not report.ocr


def test_a_pdf_citation_opens_its_page_with_the_sentence_highlighted_across_the_break(ingested):
    answer = ingested.ask("What gave practitioners permission to try new approaches?")
    citation = answer.citations[0]
    assert citation.passage.chunk.source == "supervision.pdf", answer.text
    view = ingested.page_view(citation.passage.chunk.chunk_id, citation.sentences)
    assert [page.number for page in view.pages] == [1, 2]
    assert all(page.boxes and page.png.startswith(b"\x89PNG") for page in view.pages)


def test_a_word_citation_opens_its_section_with_the_sentence_marked(ingested):
    answer = ingested.ask("What made young people trust peer mentors?")
    citation = answer.citations[0]
    view = ingested.page_view(citation.passage.chunk.chunk_id, citation.sentences)
    assert (view.pages, view.section, view.page) == ([], "What young people valued", None)
    marked = [view.text[start:end] for start, end in view.highlights]
    assert marked == [MENTORING["What young people valued"][0]]


def test_a_moved_pdf_falls_back_to_the_passage_text_and_says_why(ingested, tmp_path):
    answer = ingested.ask("What gave practitioners permission to try new approaches?")
    (tmp_path / "supervision.pdf").unlink()
    view = ingested.page_view(answer.citations[0].passage.chunk.chunk_id, answer.citations[0].sentences)
    assert view.pages == [] and "is no longer there: ingest it again" in view.note
    assert "permission to try new approaches" in view.text


def test_a_metadata_answer_opens_the_documents_record(ingested):
    answer = ingested.ask("Who wrote Family group conferences and the voice of the wider family?")
    view = ingested.page_view(answer.citations[0].passage.chunk.chunk_id)
    assert view.pages == [] and "Authors: Adaeze Okafor and Liam Brennan" in view.text, answer.text
