"""The Pack tab: a trainer's session packs, filled from the chat with the pin buttons.

Packs belong to the logged-in user (``request.username``; "local" without a login) and live in
the data folder, so they outlast the browser session. Which pack the pins go to is the one
chosen here; pinning with none chosen starts a pack named ``DEFAULT_PACK``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import gradio as gr

from assistant.core import Assistant
from assistant.models import Answer
from assistant.web import render
from assistant.web.guard import shown
from assistant.workspace.packs import (
    Pack,
    PackItem,
    PackShelf,
    append,
    move,
    pinned_answer,
    pinned_quote,
)
from assistant.workspace.packs import remove as remove_item

DEFAULT_PACK = "My session pack"
FORMATS: dict[str, Literal["docx", "pdf", "md", "bib", "ris"]] = {
    "Word (.docx)": "docx", "PDF": "pdf", "Markdown": "md", "BibTeX": "bib", "RIS": "ris",
}  # fmt: skip


@dataclass
class PackTab:
    choice: gr.Dropdown
    new_name: gr.Textbox
    create: gr.Button
    items: gr.HTML
    item_number: gr.Number
    up: gr.Button
    down: gr.Button
    remove: gr.Button
    text: gr.Textbox
    add_heading: gr.Button
    add_note: gr.Button
    map_topic: gr.Textbox
    add_map: gr.Button
    export_format: gr.Radio
    export: gr.Button
    download: gr.File


def wire_pack_tab(tab: PackTab, handlers: PackHandlers, pin: PinControls, turns: Any) -> None:
    """Events of the Pack tab and of the chat's pin buttons (``turns``: the chat's state)."""
    view = [tab.choice, tab.items]
    private: dict[str, Any] = {"api_visibility": "private", "concurrency_id": "packs"}
    tab.choice.input(handlers.show, [tab.choice], view, **private)
    tab.create.click(handlers.create, [tab.new_name], [*view, tab.new_name], **private)
    for button, handler in ((tab.up, handlers.move_up), (tab.down, handlers.move_down),
                            (tab.remove, handlers.remove)):  # fmt: skip
        button.click(handler, [tab.choice, tab.item_number], view, **private)
    tab.add_heading.click(
        handlers.add_heading, [tab.choice, tab.text], [*view, tab.text], **private
    )
    tab.add_note.click(handlers.add_note, [tab.choice, tab.text], [*view, tab.text], **private)
    tab.add_map.click(handlers.add_map, [tab.choice, tab.map_topic], view, **private)
    tab.export.click(handlers.export, [tab.choice, tab.export_format], tab.download, **private)
    pin.answer.click(handlers.pin_answer, [tab.choice, turns], view, **private)
    pin.quote.click(handlers.pin_quote, [tab.choice, turns, pin.number], view, **private)


@dataclass
class PinControls:
    """Under the chat: pin the last answer, or one of its sources, to the chosen pack."""

    answer: gr.Button
    number: gr.Number
    quote: gr.Button


def pin_controls() -> PinControls:
    with gr.Row(elem_id="pin-row"):
        answer = gr.Button("Pin answer to pack", size="sm", elem_id="pin-answer")
        number = gr.Number(label="Source", value=1, precision=0, minimum=1,
                           elem_id="pin-number", scale=0, min_width=90)  # fmt: skip
        quote = gr.Button("Pin this source's quote", size="sm", elem_id="pin-quote")
    return PinControls(answer, number, quote)


def pack_tab() -> PackTab:
    with gr.Tab("Pack", id="pack-tab"):
        with gr.Row():
            choice = gr.Dropdown(label="Pack", elem_id="pack-choice", scale=3)
            new_name = gr.Textbox(label="New pack", placeholder="e.g. Week 3: co-production",
                                  elem_id="pack-new-name", scale=3)  # fmt: skip
            create = gr.Button("Create", elem_id="pack-create", scale=1)
        items = gr.HTML(render.pack_html(None), elem_id="pack-items")
        with gr.Row():
            item_number = gr.Number(label="Item", value=1, precision=0, minimum=1,
                                    elem_id="pack-item", scale=1)  # fmt: skip
            up = gr.Button("Move up", elem_id="pack-up", size="sm")
            down = gr.Button("Move down", elem_id="pack-down", size="sm")
            remove = gr.Button("Remove", elem_id="pack-remove", size="sm", variant="stop")
        with gr.Row():
            text = gr.Textbox(label="Heading or note", elem_id="pack-text", scale=4)
            add_heading = gr.Button("Add heading", elem_id="pack-add-heading", size="sm")
            add_note = gr.Button("Add note", elem_id="pack-add-note", size="sm")
        with gr.Row():
            map_topic = gr.Textbox(label="Evidence map topic (empty: the whole collection)",
                                   elem_id="pack-map-topic", scale=4)  # fmt: skip
            add_map = gr.Button("Add evidence map", elem_id="pack-add-map", size="sm")
        with gr.Row():
            export_format = gr.Radio(list(FORMATS), value="Word (.docx)", label="Export as",
                                     elem_id="pack-format", scale=3)  # fmt: skip
            export = gr.Button("Export", variant="primary", elem_id="pack-export", scale=1)
        download = gr.File(label="Download", elem_id="pack-download", interactive=False)
    return PackTab(choice, new_name, create, items, item_number, up, down, remove, text,
                   add_heading, add_note, map_topic, add_map, export_format, export, download)  # fmt: skip


class PackHandlers:
    """Each handler reads the pack from disk, changes it, saves it, and shows it again."""

    def __init__(self, assistant: Assistant, exports: Callable[[], Any]) -> None:
        self.assistant = assistant
        self._exports = exports  # the folder Gradio may serve downloads from

    def shelf(self, request: gr.Request | None) -> PackShelf:
        user = getattr(request, "username", None) or "local"
        return self.assistant.pack_shelf(user)

    def show(self, name: str | None, request: gr.Request) -> tuple[Any, ...]:
        shelf = self.shelf(request)
        names = shelf.names()
        chosen = name if name in names else (names[0] if names else None)
        pack = shelf.load(chosen) if chosen else None
        return gr.update(choices=names, value=chosen), render.pack_html(pack)

    def create(self, name: str, request: gr.Request) -> tuple[Any, ...]:
        pack = shown(lambda: self.shelf(request).create(name))
        return (*self.show(pack.name, request), "")

    # Gradio hands the request to a parameter annotated gr.Request, so each button gets a
    # method of its own rather than a lambda.

    def move_up(self, name: str | None, number: float, request: gr.Request) -> Any:
        return self._edit(name, request, lambda pack: move(pack, int(number) - 1, -1))

    def move_down(self, name: str | None, number: float, request: gr.Request) -> Any:
        return self._edit(name, request, lambda pack: move(pack, int(number) - 1, 1))

    def remove(self, name: str | None, number: float, request: gr.Request) -> Any:
        return self._edit(name, request, lambda pack: remove_item(pack, int(number) - 1))

    def add_heading(self, name: str | None, text: str, request: gr.Request) -> Any:
        return (*self._add(name, PackItem("heading", text.strip()), request), "")

    def add_note(self, name: str | None, text: str, request: gr.Request) -> Any:
        return (*self._add(name, PackItem("note", text.strip()), request), "")

    def add_map(self, name: str | None, topic: str, request: gr.Request) -> Any:
        return self._add(name, PackItem("map", " ".join(topic.split())), request)

    def _add(self, name: str | None, item: PackItem, request: gr.Request) -> tuple[Any, ...]:
        return self._edit(name, request, lambda pack: append(pack, item))

    def pin_answer(self, name: str | None, turns: list[Any], request: gr.Request) -> Any:
        answer = _last_answer(turns)
        if answer is None:
            raise gr.Error("Ask a question first: there is no answer to pin.")
        if answer.refused:
            raise gr.Error("That answer is a refusal: there is nothing to pin.")
        return self._pin(name, request, pinned_answer(answer))

    def pin_quote(
        self, name: str | None, turns: list[Any], n: float | None, request: gr.Request
    ) -> Any:
        answer = _last_answer(turns)
        if answer is None or not answer.citations:
            raise gr.Error("Ask a question first: the last answer has no sources to pin.")
        item = shown(lambda: pinned_quote(answer, int(n or 0)))
        return self._pin(name, request, item)

    def export(self, name: str | None, label: str, request: gr.Request) -> str:
        if not name:
            raise gr.Error("Choose or create a pack first.")
        pack = shown(lambda: self.shelf(request).load(name))
        if not pack.items:
            raise gr.Error(f"“{name}” is empty: pin answers or quotes from the chat first.")
        path = shown(lambda: self.assistant.export_pack(pack, FORMATS[label], self._exports()))
        return str(path)

    def _pin(self, name: str | None, request: gr.Request, item: PackItem) -> tuple[Any, ...]:
        shelf = self.shelf(request)
        pack = shelf.create(name or DEFAULT_PACK)
        shelf.save(append(pack, item))
        gr.Info(f"Pinned to “{pack.name}” (item {len(pack.items) + 1}).")
        return self.show(pack.name, request)

    def _edit(
        self, name: str | None, request: gr.Request, change: Callable[[Pack], Pack]
    ) -> tuple[Any, ...]:
        if not name:
            raise gr.Error("Choose or create a pack first.")
        shelf = self.shelf(request)
        shown(lambda: shelf.save(change(shelf.load(name))))
        return self.show(name, request)



def _last_answer(turns: list[Any]) -> Answer | None:
    """The newest answer of the conversation (turns are the app's ``Turn`` records)."""
    return turns[-1].answer if turns else None
