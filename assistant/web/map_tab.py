"""The Evidence map tab: what helps and what hinders, theme by theme, for a topic or the whole
collection, filtered by document, and exported for a session.

The map is built by ``Assistant.evidence_map``; this tab only asks for it, shows it
(``render.evidence_map_html``) and writes the export the trainer downloads.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import gradio as gr

from assistant.core import Assistant, EvidenceMap
from assistant.web import render
from assistant.web.guard import shown

FORMATS: dict[str, Literal["docx", "pdf", "md", "csv"]] = {
    "Word (.docx)": "docx", "PDF": "pdf", "Markdown": "md", "CSV": "csv"
}  # fmt: skip


@dataclass
class MapTab:
    topic: gr.Textbox
    only: gr.CheckboxGroup
    build: gr.Button
    shown_map: gr.State
    table: gr.HTML
    export_format: gr.Radio
    export: gr.Button
    download: gr.File


def map_tab() -> MapTab:
    with gr.Tab("Evidence map", id="map-tab"):
        with gr.Row():
            topic = gr.Textbox(label="Topic (empty: the whole collection)", scale=4,
                               placeholder="e.g. co-production with families", elem_id="map-topic")  # fmt: skip
            build = gr.Button("Build map", variant="primary", elem_id="map-build", scale=1)
        with gr.Accordion("Only these documents", open=False):
            only = gr.CheckboxGroup(label="Documents", show_label=False, elem_id="map-only",
                                    info="None ticked: every document.")  # fmt: skip
        shown_map = gr.State(None)  # the EvidenceMap on screen, for its export
        table = gr.HTML(render.evidence_map_html(None), elem_id="map")
        with gr.Row():
            export_format = gr.Radio(list(FORMATS), value="Word (.docx)", label="Export as",
                                     elem_id="map-format", scale=3)  # fmt: skip
            export = gr.Button("Export", elem_id="map-export", scale=1)
        download = gr.File(label="Download", elem_id="map-download", interactive=False)
    return MapTab(topic, only, build, shown_map, table, export_format, export, download)


class MapHandlers:
    def __init__(self, assistant: Assistant, exports: Callable[[], Path]) -> None:
        self.assistant = assistant
        self._exports = exports

    def build(self, topic: str, doc_ids: list[str] | None) -> tuple[Any, ...]:
        evidence_map = shown(lambda: self.assistant.evidence_map(topic, doc_ids or None))
        return evidence_map, render.evidence_map_html(evidence_map)

    def export(self, evidence_map: EvidenceMap | None, label: str) -> str:
        if evidence_map is None:
            raise gr.Error("Build a map first.")
        fmt = FORMATS[label]
        data = shown(lambda: self.assistant.export_evidence_map(evidence_map, fmt))
        path = self._exports() / f"carechat-map-{uuid.uuid4().hex[:8]}.{fmt}"
        path.write_bytes(data)
        return str(path)


def wire_map_tab(tab: MapTab, handlers: MapHandlers) -> None:
    build: dict[str, Any] = {
        "fn": handlers.build, "inputs": [tab.topic, tab.only],
        "outputs": [tab.shown_map, tab.table], "concurrency_id": "questions",
    }  # fmt: skip
    tab.build.click(**build, api_name="evidence_map")
    tab.topic.submit(**build, api_visibility="private")
    tab.export.click(handlers.export, [tab.shown_map, tab.export_format], tab.download,
                     api_visibility="private")  # fmt: skip
