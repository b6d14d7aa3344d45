"""The page viewer's HTML and the source card's button, without a browser: what is shown is
escaped, images are inlined, and a card names the citation its button opens."""

from __future__ import annotations

import base64
from dataclasses import dataclass, replace

from assistant.models import Answer, Citation, PageImage, PageView
from assistant.web.page_panel import cited, page_view_html
from assistant.web.render import citation_card
from tests.assistant.web.helpers import PAYLOAD, answer, passage


@dataclass
class Turn:
    answer: Answer


def test_a_pdf_card_has_show_page_and_a_word_card_shows_its_section_and_show_section():
    pdf = replace(passage("Text.").chunk, path="/data/uploads/study.pdf")
    card = citation_card(2, Citation(4, replace(passage("Text."), chunk=pdf)))
    assert 'data-show="2:4"' in card and ">Show page</button>" in card and "p. 3" in card
    word = replace(pdf, page=None, section=f"Findings {PAYLOAD}", path="/data/notes.docx")
    card = citation_card(0, Citation(1, replace(passage("Text."), chunk=word)))
    assert ">Show section</button>" in card and "§ Findings &lt;script&gt;" in card
    assert "<script>" not in card


def test_a_card_without_a_file_has_no_button():
    card = citation_card(0, Citation(1, passage("Text.")))
    assert "show-page" not in card


def test_the_button_names_a_citation_of_this_conversation():
    turns = [Turn(answer("A [1].", [Citation(1, passage("Text."))]))]
    assert cited("0:1", turns) is turns[0].answer.citations[0]
    assert cited("0:2", turns) is None and cited("1:1", turns) is None
    assert cited("x:1", turns) is None and cited("", turns) is None


def test_page_images_are_inlined_and_everything_else_escaped():
    png = b"\x89PNG fake"
    view = PageView(f"{PAYLOAD}.pdf", "T", 3, None, pages=[PageImage(3, png), PageImage(4, png)])
    html = page_view_html(view, Citation(2, passage("Text.")))
    assert html.count('src="data:image/png;base64,' + base64.b64encode(png).decode()) == 2
    assert "<figcaption>Page 3</figcaption>" in html and "p. 3" in html
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_a_section_shows_its_text_with_the_cited_sentence_marked():
    text = f"First paragraph {PAYLOAD}.\n\nThe cited sentence. After it."
    start = text.index("The cited")
    view = PageView("notes.docx", "T", None, "Findings", text=text,
                    highlights=[(start, start + len("The cited sentence."))])  # fmt: skip
    html = page_view_html(view, Citation(1, passage("Text.")))
    assert "<h4>§ Findings</h4>" in html and "§ Findings" in html.split("</header>")[0]
    assert "<p><mark>The cited sentence.</mark> After it.</p>" in html
    assert "<script>" not in html
