"""What the page shows is built from untrusted text: only our own markup may come out."""

from __future__ import annotations

from html.parser import HTMLParser

from assistant.models import Citation, DocumentInfo, IngestReport, Reference
from assistant.web import render
from tests.assistant.web.helpers import PAYLOAD, answer, passage

OUR_TAGS = {"div", "p", "ul", "li", "strong", "a", "em", "q", "section", "h4", "article",
            "header", "span", "blockquote", "mark", "table", "thead", "tbody", "tr", "th", "td"}  # fmt: skip


class _Markup(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes += attrs


def markup(html: str) -> _Markup:
    parser = _Markup()
    parser.feed(html)
    return parser


def assert_only_our_markup(html: str) -> None:
    found = markup(html)
    assert found.tags <= OUR_TAGS
    for name, value in found.attributes:
        assert not name.startswith("on")
        if name == "href":
            assert value and value.startswith("#src-")


def test_answer_markers_link_to_their_cards_and_text_is_escaped() -> None:
    html = render.answer_html(f"Trust helps {PAYLOAD} [1] and [7].", turn=2, cited=[1])
    assert '<a class="cite" href="#src-2-1"' in html
    assert "[7]" in html and "#src-2-7" not in html  # not a citation of this answer
    assert "&lt;script&gt;" in html and "[x](javascript:alert(3))" in html
    assert_only_our_markup(html)


def test_enablers_and_barriers_become_headed_lists() -> None:
    html = render.answer_html(
        "Enablers:\n- Trust [1]\n- Time [2]\n\nBarriers:\n- Silos [1]", 0, [1, 2]
    )
    assert html.count("<ul>") == 2 and html.count("<li>") == 3
    assert "<p><strong>Enablers:</strong></p>" in html


def test_card_shows_where_the_passage_is_from_and_marks_the_quoted_sentence() -> None:
    text = "First sentence here.\nThe quoted\n  sentence <b>spans</b> lines. Last one."
    citation = Citation(3, passage(text, title=PAYLOAD, source="a<b>.pdf"),
                        ["The quoted sentence <b>spans</b> lines."])  # fmt: skip
    html = render.citation_card(1, citation)
    assert 'id="src-1-3"' in html and "p. 3" in html and "score 0.61" in html
    assert "<mark>The quoted\n  sentence &lt;b&gt;spans&lt;/b&gt; lines.</mark>" in html
    assert "a&lt;b&gt;.pdf" in html
    assert_only_our_markup(html)


def test_card_names_the_document_by_author_and_year_then_title() -> None:
    citation = Citation(1, passage("Silo working blocks change.", title="Does training help?"))
    assert "<strong>Does training help?</strong></header>" in render.citation_card(0, citation)
    citation.reference = Reference(authors=("Patton, Sonia", "O'Neill, <Ann>"), year=2020)
    html = render.citation_card(0, citation)
    assert "<strong>Patton and O&#x27;Neill, &lt;Ann&gt; (2020)</strong>" not in html  # family only
    assert "<strong>Patton and O&#x27;Neill (2020)</strong>" in html
    assert '<span class="title">Does training help?</span>' in html
    assert_only_our_markup(html)


def test_highlight_leaves_text_alone_when_the_sentence_is_absent() -> None:
    assert render.highlight("a < b", ["not there"]) == "a &lt; b"


def test_refusal_shows_related_passages_labelled_as_not_support() -> None:
    refusal = answer("The documents in this collection don't answer this question.", [],
                     related=[passage(PAYLOAD)])  # fmt: skip
    refusal.refused = True
    html = render.sources_html([(refusal, "2 documents")])
    assert "Possibly related" in html and "<em>not</em> support an answer" in html
    assert 'id="src-' not in html  # related passages are never citations
    assert_only_our_markup(html)


def test_sources_show_the_rewritten_question_newest_turn_first() -> None:
    first = answer("A [1]", [Citation(1, passage("A."))], question="What was the course?")
    follow_up = answer("B [1]", [Citation(1, passage("B."))], question="How many of them?",
                       standalone_question="How many of them? (context: What was the course?)")  # fmt: skip
    html = render.sources_html([(first, "all"), (follow_up, "1 document: “<i>”")])
    assert html.index('id="turn-1"') < html.index('id="turn-0"')
    assert "Searched as: <q>How many of them? (context: What was the course?)</q>" in html
    assert "“&lt;i&gt;”" in html


def test_documents_and_reports_escape_titles_names_and_reasons() -> None:
    table = render.documents_html([DocumentInfo("d1", "x<img>.md", PAYLOAD, 2, 5)])
    assert "x&lt;img&gt;.md" in table and "<td>2</td><td>5</td>" in table
    assert_only_our_markup(table)
    report = IngestReport(ingested=["a.md"], failed={"<b>.pdf": "<b>.pdf is encrypted"})
    html = render.report_html(report)
    assert "Not added: &lt;b&gt;.pdf: &lt;b&gt;.pdf is encrypted" in html
    assert_only_our_markup(html)
    assert render.documents_html([]).startswith('<p class="hint">')
