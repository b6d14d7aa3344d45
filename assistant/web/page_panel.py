"""The page viewer: a source card's "Show page" opens the cited page of a PDF as an image with
the cited sentences highlighted (``Assistant.page_view``), or the section of a Word document,
web page or text file with them marked in its text.

The cards are our HTML in a ``gr.HTML``, so their buttons cannot be Gradio events: a click is
written into a hidden textbox by ``assets/app.js`` ("turn:n"), which then clicks a hidden
button whose event asks for the view.
The panel floats above the page (``#page-panel`` in ``assets/app.css``), so it needs no room in
the layout. Images are inlined as data URLs: nothing is written to disk or served from it.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import Any, Protocol

import gradio as gr

from assistant.core import Assistant, PageView
from assistant.models import Answer, Citation
from assistant.web.guard import shown


class AnsweredTurn(Protocol):
    """A turn of the conversation (``app.Turn``): what it needs of one."""

    answer: Answer


@dataclass
class PagePanel:
    panel: gr.Column
    view: gr.HTML
    close: gr.Button
    request: gr.Textbox
    open: gr.Button


def page_panel() -> PagePanel:
    """The floating panel, closed; place it anywhere in the Blocks."""
    with gr.Column(visible=False, elem_id="page-panel") as panel:
        close = gr.Button("Close", size="sm", elem_id="page-close")
        view = gr.HTML(elem_id="page-view", label="Cited page")
    request = gr.Textbox(visible="hidden", elem_id="page-request", label="Show page of")
    open_button = gr.Button("Show page", visible="hidden", elem_id="page-open")
    return PagePanel(panel, view, close, request, open_button)


def wire_page_panel(panel: PagePanel, assistant: Assistant, turns: gr.State) -> None:
    handlers = PageHandlers(assistant)
    panel.open.click(
        handlers.show, [panel.request, turns], [panel.panel, panel.view],
        api_visibility="private", concurrency_id="pages",
    )  # fmt: skip
    panel.close.click(
        lambda: gr.update(visible=False), None, panel.panel, api_visibility="private"
    )


class PageHandlers:
    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant

    def show(self, request: str, turns: Sequence[AnsweredTurn]) -> tuple[Any, str]:
        """The panel opened on the page of citation "turn:n" of this conversation."""
        citation = cited(request, turns)
        if citation is None:
            raise gr.Error("That answer is no longer in this conversation: ask again.")
        chunk = citation.passage.chunk
        view = shown(lambda: self.assistant.page_view(chunk.chunk_id, citation.sentences))
        return gr.update(visible=True), page_view_html(view, citation)


def cited(request: str, turns: Sequence[AnsweredTurn]) -> Citation | None:
    """The citation a card's button names ("turn:n"), None when there is no such one."""
    turn, _, n = request.partition(":")
    if not (turn.isdigit() and n.isdigit() and int(turn) < len(turns)):
        return None
    citations = turns[int(turn)].answer.citations
    return next((c for c in citations if c.n == int(n)), None)


def page_view_html(view: PageView, citation: Citation) -> str:
    """The view as escaped HTML: where it is from, then page images or the marked text."""
    where = (
        f"p. {view.page}" if view.page is not None and view.pages
        else f"§ {view.section}" if view.section else f"p. {view.page}" if view.page else ""
    )  # fmt: skip
    header = (
        f'<header><span class="n">[{citation.n}]</span> <strong>{escape(citation.label)}</strong>'
        f' <span class="file">{escape(view.source)}</span> {escape(where)}</header>'
    )
    note = f'<p class="note">{escape(view.note)}</p>' if view.note else ""
    body = "".join(_page_img(view.source, page.number, page.png) for page in view.pages)
    return f'<div class="page-view">{header}{note}{body or _marked_text(view)}</div>'


def _page_img(source: str, number: int, png: bytes) -> str:
    data = base64.b64encode(png).decode("ascii")
    alt = f"Page {number} of {source}, the cited sentence highlighted"
    return (
        f'<figure><img class="page" src="data:image/png;base64,{data}" alt="{escape(alt)}">'
        f"<figcaption>Page {number}</figcaption></figure>"
    )


def _marked_text(view: PageView) -> str:
    """The section's text in paragraphs, the cited sentences in <mark>."""
    out, position = [], 0
    for start, end in view.highlights:
        if start < position:
            continue
        out += [escape(view.text[position:start]), f"<mark>{escape(view.text[start:end])}</mark>"]
        position = end
    out.append(escape(view.text[position:]))
    paragraphs = "".join(f"<p>{part}</p>" for part in "".join(out).split("\n\n") if part.strip())
    heading = f"<h4>§ {escape(view.section)}</h4>" if view.section else ""
    return f'<div class="section-text">{heading}{paragraphs}</div>'
