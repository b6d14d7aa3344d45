"""The Documents tab's metadata form: correct and complete a document's reference.

What is saved is kept as the user's correction, over what ingestion found and what a BibTeX or
RIS file said, and survives re-ingest of a changed file (``Assistant.set_reference``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import gradio as gr

from assistant.core import Assistant
from assistant.models import Reference
from assistant.web.guard import shown

TEXT_FIELDS = ("title", "journal", "publisher", "volume", "issue", "pages", "doi", "url")


@dataclass
class MetadataForm:
    choice: gr.Dropdown
    authors: gr.Textbox
    year: gr.Number
    fields: dict[str, gr.Textbox]
    save: gr.Button

    def inputs(self) -> list[Any]:
        return [self.authors, self.year, *self.fields.values()]


def metadata_form() -> MetadataForm:
    with gr.Accordion("Correct a document's reference", open=False, elem_id="metadata"):
        choice = gr.Dropdown(label="Document", elem_id="meta-choice")
        with gr.Row():
            authors = gr.Textbox(label="Authors, one per line as Family, Given", lines=3,
                                 elem_id="meta-authors", scale=3)  # fmt: skip
            year = gr.Number(label="Year", precision=0, elem_id="meta-year", scale=1)
        fields = {}
        with gr.Row():
            for name in TEXT_FIELDS:
                fields[name] = gr.Textbox(label=name.upper() if name in ("doi", "url")
                                          else name.capitalize(), elem_id=f"meta-{name}",
                                          min_width=160)  # fmt: skip
        save = gr.Button("Save reference", variant="primary", elem_id="meta-save")
    return MetadataForm(choice, authors, year, fields, save)


class MetadataHandlers:
    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant

    def load(self, doc_id: str | None) -> list[Any]:
        """The form filled with the chosen document's reference as it stands."""
        if not doc_id:
            return ["", None, *["" for _ in TEXT_FIELDS]]
        reference = shown(lambda: self.assistant.find_document(doc_id)).reference
        return [
            "\n".join(reference.authors),
            reference.year,
            *[getattr(reference, name) for name in TEXT_FIELDS],
        ]

    def save(self, doc_id: str | None, authors: str, year: float | None, *texts: str) -> str:
        if not doc_id:
            raise gr.Error("Choose a document first.")
        reference = Reference(
            authors=tuple(line.strip() for line in authors.splitlines() if line.strip()),
            year=int(year) if year else None,
            **{name: text.strip() for name, text in zip(TEXT_FIELDS, texts)},
        )
        info = shown(lambda: self.assistant.set_reference(doc_id, reference))
        gr.Info(f"Saved: {info.source} is now cited as {info.label}.")
        return doc_id

