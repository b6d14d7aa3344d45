"""The web app: chat with every answer's sources beside it, and the documents panel.

Only the ``Assistant`` API is used. Everything shown that comes from documents is escaped by
``assistant.web.render`` (the chat renders our HTML, never Markdown); uploads go through
``assistant.web.uploads``. ``serve`` refuses to listen off loopback without a login.
"""

from __future__ import annotations

import ipaddress
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.core import Assistant
from assistant.errors import CarechatError, MissingCredentials
from assistant.models import Answer, AnswerDelta, DocumentInfo
from assistant.settings import AppSettings, Settings
from assistant.web import render
from assistant.web.feedback import feedback_path, record_feedback
from assistant.web.guard import shown
from assistant.web.map_tab import MapHandlers, map_tab, wire_map_tab
from assistant.web.markdown_export import answer_markdown, keep_newest
from assistant.web.metadata_form import MetadataForm, MetadataHandlers, metadata_form
from assistant.web.pack_tab import PackHandlers, PinControls, pack_tab, pin_controls, wire_pack_tab
from assistant.web.page_panel import page_panel, wire_page_panel
from assistant.web.uploads import save_uploads

EXAMPLES_SHOWN = 4
# An answer is shown as it is written, updated at most this often: each update sends the whole
# conversation to the browser, and an extractive answer is ready all at once.
STREAM_INTERVAL_S = 0.1
LABEL_CHARS = 90
ASSETS = Path(__file__).resolve().parent / "assets"


@dataclass
class Turn:
    """One question of the conversation and what answered it."""

    answer: Answer
    searched: str
    doc_ids: list[str] = field(default_factory=list)


class UploadProgress:
    """The ingest pipeline's progress drawn on one Gradio bar: files, then each file's
    embedding batches as a fraction of that file."""

    def __init__(self, progress: Callable[..., Any]) -> None:
        self.progress = progress
        self.index, self.total, self.name = 0, 1, ""

    def file_started(self, index: int, total: int, name: str) -> None:
        self.index, self.total, self.name = index, max(total, 1), name
        self.progress(index / self.total, desc=f"Reading {name} ({index + 1} of {total})")

    def batch_done(self, done: int, total: int) -> None:
        fraction = (self.index + done / max(total, 1)) / self.total
        self.progress(fraction, desc=f"Embedding {self.name}: batch {done} of {total}")


# Serving


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def credentials(host: str, settings: AppSettings) -> tuple[str, str] | None:
    """The login to require, or None on loopback without one; refuses an open network app."""
    if bool(settings.username) != bool(settings.password):
        raise MissingCredentials(
            "set both app.username and app.password (CARECHAT_APP__USERNAME and "
            "CARECHAT_APP__PASSWORD), or neither"
        )
    if settings.username and settings.password:
        return settings.username, settings.password
    if not is_loopback(host):
        raise MissingCredentials(
            f"refusing to serve on {host} without a login: anyone who can reach it could read "
            "and change the collection. Set CARECHAT_APP__USERNAME and CARECHAT_APP__PASSWORD, "
            "or serve on 127.0.0.1"
        )
    return None


def serve(
    assistant: Assistant,
    host: str | None = None,
    port: int | None = None,
    announce: Callable[[str], None] = print,
    block: bool = True,
) -> gr.Blocks:
    """Check the login, ingest the bundled corpus into an empty index, start the app."""
    settings = assistant.settings
    host = host or settings.app.host
    auth = credentials(host, settings.app)
    report = assistant.ensure_corpus()
    if report is not None:
        announce(report.summary())
    demo = build_app(assistant)
    _, url, _ = demo.launch(
        server_name=host,
        server_port=port or settings.app.port,
        auth=auth,
        share=False,
        prevent_thread_lock=True,
        quiet=True,
        ssr_mode=False,
        mcp_server=False,
        pwa=False,
        enable_monitoring=False,
        run_history=False,  # it keeps answers in the browser and offers to upload them
        footer_links=["api", "settings"],
        max_file_size=int(settings.app.max_upload_mb * 1024 * 1024),
        allowed_paths=[str(_exports_dir(settings))],
        theme=gr.themes.Soft(font=["system-ui", "sans-serif"], font_mono=["monospace"]),
        css=(ASSETS / "app.css").read_text(encoding="utf-8"),
        js=(ASSETS / "app.js").read_text(encoding="utf-8"),
    )
    announce(f"carechat is running at {url} (Ctrl-C to stop)")
    if block:
        demo.block_thread()
    return demo


def _exports_dir(settings: Settings) -> Path:
    return settings.data_dir / "exports"


# The page


HEADER = (
    "<h1>carechat</h1><p class='tagline'>Evidence on what helps and what blocks innovation and "
    "co-production in children's social care. Every answer cites the passages it uses.</p>"
)


def build_app(assistant: Assistant) -> gr.Blocks:
    with gr.Blocks(title="carechat", analytics_enabled=False, delete_cache=(3600, 3600)) as demo:
        gr.HTML(HEADER)
        with gr.Tabs():
            chat = _chat_tab()
            documents = _documents_tab(assistant.settings.app)
            evidence = map_tab()
            pack = pack_tab()
        page = page_panel()  # floats above the tabs when a source card's "Show page" is clicked
        handlers = Handlers(assistant)
        _wire(demo, handlers, chat, documents, evidence.only)
        wire_map_tab(evidence, MapHandlers(assistant, handlers.exports_folder))
        packs = PackHandlers(assistant, handlers.exports_folder)
        wire_pack_tab(pack, packs, chat.pin, chat.turns)
        wire_page_panel(page, assistant, chat.turns)
        demo.load(packs.show, [pack.choice], [pack.choice, pack.items],
                  api_visibility="private", concurrency_id="packs", show_progress="hidden")  # fmt: skip
    return demo


@dataclass
class ChatTab:
    turns: gr.State
    chatbot: gr.Chatbot
    examples_row: gr.Row
    examples: list[gr.Button]
    question: gr.Textbox
    send: gr.Button
    only: gr.CheckboxGroup
    comment: gr.Textbox
    new_chat: gr.Button
    markdown: gr.Textbox
    download: gr.DownloadButton
    sources: gr.HTML
    pin: PinControls


@dataclass
class DocumentsTab:
    table: gr.HTML
    upload: gr.File
    allow_personal_data: gr.Checkbox
    report: gr.HTML
    remove_choice: gr.Dropdown
    remove: gr.Button
    metadata: MetadataForm


def _chat_tab() -> ChatTab:
    with gr.Tab("Chat", id="chat-tab"), gr.Row(equal_height=False):
        turns = gr.State([])  # this session's conversation: list[Turn]
        with gr.Column(scale=3):
            chatbot = gr.Chatbot(
                elem_id="chat", label="Conversation", height=480, render_markdown=False,
                buttons=[], feedback_options=("Like", "Dislike"),
                placeholder="Ask about the documents: answers quote them and cite every passage.",
            )  # fmt: skip
            with gr.Row(elem_id="examples") as examples_row:
                examples = [
                    gr.Button(visible=False, size="sm", elem_classes=["example"])
                    for _ in range(EXAMPLES_SHOWN)
                ]
            with gr.Row():
                question = gr.Textbox(
                    elem_id="question", show_label=False, scale=5, autofocus=True,
                    placeholder="Ask a question, or follow up on the last answer",
                )  # fmt: skip
                send = gr.Button("Ask", variant="primary", scale=1, elem_id="ask")
            with gr.Accordion("Search only these documents", open=False):
                only = gr.CheckboxGroup(
                    elem_id="only", label="Search only", show_label=False,
                    info="None ticked: search the whole collection.",
                )  # fmt: skip
            with gr.Row():
                comment = gr.Textbox(
                    elem_id="comment", show_label=False, scale=4,
                    placeholder="Optional comment, then rate an answer with the thumbs under it",
                )  # fmt: skip
                new_chat = gr.Button("New conversation", scale=1, size="sm")
            pin = pin_controls()
            with gr.Accordion("Copy or download the last answer", open=False):
                markdown = gr.Textbox(
                    elem_id="markdown", label="Answer with references (Markdown)", lines=8,
                    interactive=False, buttons=["copy"],
                )  # fmt: skip
                download = gr.DownloadButton(
                    "Download .md", elem_id="download", size="sm", interactive=False
                )
        with gr.Column(scale=2, elem_id="sources-column"):
            gr.HTML("<h3>Sources</h3>")
            sources = gr.HTML(render.sources_html([]), elem_id="sources", label="Sources")
    return ChatTab(
        turns, chatbot, examples_row, examples, question, send, only, comment, new_chat,
        markdown, download, sources, pin,
    )  # fmt: skip


def _documents_tab(settings: AppSettings) -> DocumentsTab:
    with gr.Tab("Documents", id="documents-tab"):
        table = gr.HTML(elem_id="documents", label="Documents")
        upload = gr.File(  # any type: each file is checked, and refused with a reason
            label=f"Add documents: drop {', '.join(settings.allowed_types)} files here "
            f"(up to {settings.max_upload_mb:g} MB each)",
            file_count="multiple", elem_id="upload", height=150,
        )  # fmt: skip
        allow_personal_data = gr.Checkbox(
            False, label="Allow personal data (files that look like records about people are "
            "held back unless this is ticked)", elem_id="allow-personal-data",
        )  # fmt: skip
        report = gr.HTML(elem_id="report", label="Upload report", min_height=60)
        with gr.Row():
            remove_choice = gr.Dropdown(label="Remove a document", elem_id="remove-choice", scale=4)
            remove = gr.Button("Remove", variant="stop", elem_id="remove", scale=1)
        metadata = metadata_form()
    return DocumentsTab(
        table, upload, allow_personal_data, report, remove_choice, remove, metadata
    )


def _wire(
    demo: gr.Blocks,
    handlers: Handlers,
    chat: ChatTab,
    docs: DocumentsTab,
    map_only: gr.CheckboxGroup,
) -> None:
    """Events; the public ones (api_name) are the app's API for gradio_client."""
    collection = [docs.table, chat.only, docs.remove_choice, docs.metadata.choice, map_only,
                  chat.examples_row, *chat.examples]  # fmt: skip
    answered = [chat.chatbot, chat.sources, chat.question, chat.turns, chat.markdown,
                chat.download, chat.examples_row]  # fmt: skip
    ask: dict[str, Any] = {
        "fn": handlers.ask, "inputs": [chat.question, chat.turns, chat.only],
        "outputs": answered, "concurrency_id": "questions",
        "concurrency_limit": handlers.settings.app.concurrent_questions,
    }  # fmt: skip
    chat.question.submit(**ask, api_name="ask")
    chat.send.click(**ask, api_visibility="private")
    for button in chat.examples:
        button.click(lambda text: text, button, chat.question, api_visibility="private").then(
            **ask, api_visibility="private"
        )
    chat.new_chat.click(handlers.new_conversation, None, answered, api_name="new_conversation")
    chat.chatbot.clear(handlers.new_conversation, None, answered, api_visibility="private")
    chat.chatbot.like(handlers.rate, [chat.turns, chat.comment], chat.comment,
                      api_visibility="private")  # fmt: skip
    docs.upload.upload(
        handlers.upload, [docs.upload, chat.only, docs.allow_personal_data],
        [docs.report, docs.upload, *collection],
        api_name="upload", concurrency_id="documents", concurrency_limit=1,
        show_progress_on=[docs.report],
    )  # fmt: skip
    docs.remove.click(
        handlers.remove, [docs.remove_choice, chat.only], [docs.report, *collection],
        api_name="remove", concurrency_id="documents", show_progress_on=[docs.report],
    )  # fmt: skip
    demo.load(
        handlers.collection, [chat.only], collection, api_name="documents",
        concurrency_id="questions", show_progress="hidden",
    )  # fmt: skip
    form, metadata = docs.metadata, MetadataHandlers(handlers.assistant)
    form.choice.input(metadata.load, [form.choice], form.inputs(), api_visibility="private")
    form.save.click(
        metadata.save, [form.choice, *form.inputs()], [form.choice], api_name="set_reference",
        concurrency_id="documents",
    ).success(handlers.collection, [chat.only], collection, api_visibility="private")  # fmt: skip


class Handlers:
    """What the page's events do; each returns values for the outputs wired in ``build_app``."""

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant
        self.settings = assistant.settings
        self._examples: tuple[tuple[str, ...], list[str]] = ((), [])  # per collection state

    # Chat

    def ask(
        self, question: str, turns: list[Turn], doc_ids: list[str] | None
    ) -> Iterator[tuple[Any, ...]]:
        doc_ids = list(doc_ids or [])
        history = [turn.answer.question for turn in turns]
        shown = render.sources_html([(t.answer, t.searched) for t in turns])
        text, shown_at = "", float("-inf")  # the first piece is shown at once
        try:
            for piece in self.assistant.stream(question, doc_ids=doc_ids, history=history):
                if isinstance(piece, AnswerDelta):
                    text += piece.text
                    if time.monotonic() - shown_at < STREAM_INTERVAL_S:
                        continue  # the rest of what is ready at once comes with the answer
                    shown_at = time.monotonic()
                    partial = render.answer_html(text, len(turns))
                    yield _messages(turns, question, partial), shown, "", turns, *_no_change(3)
                else:
                    answer = piece
        except CarechatError as exc:
            raise gr.Error(str(exc)) from exc
        searched = self.assistant.describe_collection(doc_ids or None)
        turns = [*turns, Turn(answer, searched, doc_ids)]
        yield (
            _messages(turns),
            render.sources_html([(t.answer, t.searched) for t in turns]),
            "",
            turns,
            answer_markdown(answer),
            gr.update(value=self._export(answer), interactive=True),
            gr.update(visible=False),
        )

    def new_conversation(self) -> tuple[Any, ...]:
        return (
            [], render.sources_html([]), "", [], "",
            gr.update(value=None, interactive=False), gr.update(visible=True),
        )  # fmt: skip

    def rate(self, turns: list[Turn], comment: str, like: gr.LikeData) -> str:
        index = like.index[0] if isinstance(like.index, (list, tuple)) else like.index
        if not isinstance(like.liked, bool) or not 0 <= index // 2 < len(turns):
            return comment
        turn = turns[index // 2]
        record_feedback(
            feedback_path(self.settings.data_dir), turn.answer, "up" if like.liked else "down",
            comment, turn.doc_ids,
        )  # fmt: skip
        gr.Info("Thank you: your feedback was saved.")
        return ""

    def exports_folder(self) -> Path:
        """Where downloads are written (answers, maps, packs): the one folder the app may serve
        files from, pruned to the newest ``app.exports_kept`` before each new one."""
        folder = _exports_dir(self.settings)
        folder.mkdir(parents=True, exist_ok=True)
        keep_newest(folder, self.settings.app.exports_kept)
        return folder

    def _export(self, answer: Answer) -> str:
        path = self.exports_folder() / f"carechat-answer-{uuid.uuid4().hex[:8]}.md"
        path.write_text(answer_markdown(answer), encoding="utf-8")
        return str(path)

    # Documents

    def upload(
        self,
        files: list[str] | None,
        selected: list[str] | None,
        allow_personal_data: bool = False,
        progress: gr.Progress = gr.Progress(),  # noqa: B008  (how Gradio hands in its bar)
    ) -> tuple[Any, ...]:
        uploads = self.settings.data_dir / "uploads"
        saved, refused = save_uploads(
            [Path(name) for name in files or []], uploads, self.settings.app
        )
        report = shown(
            lambda: self.assistant.ingest(
                saved, UploadProgress(progress), allow_personal_data=allow_personal_data
            )
        )
        # Nothing of a rejected file stays in the data folder, nor a copy of stored bytes.
        for name in [*report.failed, *report.duplicates]:
            (uploads / name).unlink(missing_ok=True)
        report.failed.update(refused)
        return render.report_html(report), None, *self.collection(selected)

    def remove(self, doc_id: str | None, selected: list[str] | None) -> tuple[Any, ...]:
        if not doc_id:
            raise gr.Error("Choose a document to remove first.")
        info = shown(lambda: self.assistant.remove(doc_id))
        uploaded = Path(info.path)
        if uploaded.parent == (self.settings.data_dir / "uploads").resolve():
            uploaded.unlink(missing_ok=True)
        return render.removed_html(info.source, info.chunks), *self.collection(selected)

    def collection(self, selected: list[str] | None) -> tuple[Any, ...]:
        """The documents table, the filter and remove choices, and fresh example questions."""
        documents = shown(self.assistant.documents)
        questions = shown(lambda: self.example_questions(documents))
        choices = [(_label(f"{d.title} ({d.source})"), d.doc_id) for d in documents]
        kept = [doc_id for doc_id in selected or [] if doc_id in {d.doc_id for d in documents}]
        padded = [*questions, *[None] * EXAMPLES_SHOWN][:EXAMPLES_SHOWN]
        return (
            render.documents_html(documents),
            gr.update(choices=choices, value=kept),
            gr.update(choices=[(_label(d.source), d.doc_id) for d in documents], value=None),
            gr.update(choices=[(_label(d.source), d.doc_id) for d in documents]),
            gr.update(choices=choices),
            gr.update(),
            *[gr.update(value=q or "", visible=bool(q)) for q in padded],
        )

    def example_questions(self, documents: Sequence[DocumentInfo]) -> list[str]:
        """Worked out again only when the collection changed: finding them asks questions."""
        state = tuple(f"{info.doc_id}:{info.chunks}" for info in documents)
        if state != self._examples[0]:
            self._examples = (state, self.assistant.example_questions(EXAMPLES_SHOWN) if documents else [])
        return self._examples[1]



def _messages(
    turns: Sequence[Turn], pending: str | None = None, partial: str | None = None
) -> list[dict[str, str]]:
    """The conversation as chat messages: our escaped HTML, never Markdown."""
    messages = []
    for index, turn in enumerate(turns):
        cited = [citation.n for citation in turn.answer.citations]
        messages += [
            {"role": "user", "content": render.question_html(turn.answer.question)},
            {"role": "assistant", "content": render.answer_html(turn.answer.text, index, cited)},
        ]
    if pending is not None:
        messages += [
            {"role": "user", "content": render.question_html(pending)},
            {"role": "assistant", "content": partial or ""},
        ]
    return messages


def _no_change(count: int) -> list[Any]:
    return [gr.update() for _ in range(count)]


def _label(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"
