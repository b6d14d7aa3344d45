"""``carechat``: the command line. It only parses, calls the ``Assistant`` and prints.

Exit codes: 0 success; 1 partial success (some files failed to ingest, some questions could not
be asked); 2 an error the user can fix (message on stderr, never a traceback).
"""

from __future__ import annotations

import json
import os
import signal
import sys
import textwrap
from collections.abc import Callable, Sequence
from functools import wraps
from pathlib import Path
from typing import Any

import click

from assistant.core import EXPORT_FORMATS, Assistant
from assistant.errors import BackendError, CarechatError, EncoderError, StoreError
from assistant.models import Answer, AnswerDelta, IngestReport, Passage, Reference
from assistant.settings import Settings, parse_backend

EXIT_PARTIAL = 1
EXIT_ERROR = 2


class TqdmProgress:
    """Progress bars on stderr: one over files, one over the current file's embedding batches."""

    def __init__(self) -> None:
        from tqdm import tqdm

        self._tqdm = tqdm
        self._files: Any = None
        self._batches: Any = None

    def file_started(self, index: int, total: int, name: str) -> None:
        if self._files is None:
            self._files = self._tqdm(total=total, desc="files", unit="file", file=sys.stderr)
        self._files.n = index
        self._files.set_postfix_str(name[:40])

    def batch_done(self, done: int, total: int) -> None:
        if self._batches is None or self._batches.total != total:
            self._close_batches()
            self._batches = self._tqdm(
                total=total, desc="  embedding", unit="batch", leave=False, file=sys.stderr
            )
        self._batches.update(done - self._batches.n)

    def close(self) -> None:
        self._close_batches()
        if self._files is not None:
            self._files.n = self._files.total
            self._files.close()

    def _close_batches(self) -> None:
        if self._batches is not None:
            self._batches.close()
            self._batches = None


def friendly_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Errors the user can act on become one line on stderr and exit code 2."""

    @wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except CarechatError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(EXIT_ERROR)

    return run


@click.group()
def main() -> None:
    """Evidence assistant for children's social care: answers cite the passages they use."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--allow-personal-data",
    is_flag=True,
    help="Store files that look like records about people (held back by default).",
)
@friendly_errors
def ingest(paths: tuple[Path, ...], allow_personal_data: bool) -> None:
    """Add PDF, Word (.docx), saved web page (.html, .htm), TXT and MD files (or folders of
    them) to the collection; scanned PDF pages are read by OCR."""
    report = _ingest_with_progress(
        Assistant(), lambda a, p: a.ingest(paths, p, allow_personal_data=allow_personal_data)
    )
    assert report is not None
    click.echo(report.summary())
    if report.failed:
        sys.exit(EXIT_PARTIAL if report.ingested or report.unchanged else EXIT_ERROR)


@main.command("list")
@friendly_errors
def list_documents() -> None:
    """Show the documents in the collection with their page and chunk counts."""
    documents = Assistant().documents()
    if not documents:
        click.echo("The collection is empty: run `carechat ingest PATH` to add documents.")
    lines = []  # written at once: thousands of documents list in one write, not thousands
    for info in documents:
        lines.append(f"{info.doc_id}  {info.source}  pages={info.pages}  chunks={info.chunks}")
        lines.append(f"    {info.title}")
        lines.append(f"    {_describe_reference(info.reference)}")
        if not info.complete:
            lines.append(
                f"    INCOMPLETE: {info.chunks} of {info.expected_chunks} chunks stored (an "
                "ingest was cut short): run carechat ingest again to repair"
            )
    if lines:
        click.echo("\n".join(lines))


def _describe_reference(reference: Reference) -> str:
    if not reference.authors:
        return "no authors recorded: add them with `carechat meta DOCUMENT --authors ...`"
    where = ", ".join(part for part in (reference.journal, reference.publisher) if part)
    return reference.label() + (f", {where}" if where else "") + (
        f", doi:{reference.doi}" if reference.doi else ""
    )


@main.command()
@click.argument("document")
@click.option("--title")
@click.option(
    "--authors", help='Authors as "Family, Given" separated by semicolons: "Patton, Sonia; Elliott, Joe".'
)
@click.option("--year", type=click.IntRange(1000, 2999))
@click.option("--journal", help="Journal (or the book a chapter appears in).")
@click.option("--publisher")
@click.option("--volume")
@click.option("--issue")
@click.option("--pages", help="Page range, e.g. 12-30.")
@click.option("--doi")
@click.option("--url")
@friendly_errors
def meta(document: str, authors: str | None, **fields: Any) -> None:
    """Show a document's bibliographic metadata, or correct and complete it with the options
    given; corrections are kept when a changed version of the file is ingested again."""
    assistant = Assistant()
    given = {name: value for name, value in fields.items() if value is not None}
    if authors is not None:
        given["authors"] = tuple(name.strip() for name in authors.split(";") if name.strip())
    info = (
        assistant.set_reference(document, Reference(**given))
        if given
        else assistant.find_document(document)
    )
    click.echo(f"{info.source}: {info.label}")
    for name, value in info.reference.to_dict().items():
        click.echo(f"  {name}: {'; '.join(value) if name == 'authors' else value}")


@main.command()
@click.argument("documents", nargs=-1)
@click.option(
    "--format", "fmt", type=click.Choice(["harvard", "apa", "bib", "ris"]), default=None,
    help="A reference list in a citation style (references.style by default), or a BibTeX or "
    "RIS file for a reference manager.",
)  # fmt: skip
@friendly_errors
def references(documents: tuple[str, ...], fmt: str | None) -> None:
    """Print the references of the documents named (by default, of every document)."""
    click.echo(Assistant().reference_list(documents, fmt))


@main.command()
@click.argument("document")
@friendly_errors
def remove(document: str) -> None:
    """Remove a document (by file name or id) and all its passages."""
    info = Assistant().remove(document)
    click.echo(f"Removed {info.source} ({info.chunks} chunks).")


def _check_backend(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is not None:
        try:
            parse_backend(value)
        except BackendError as exc:
            raise click.BadParameter(str(exc)) from exc
    return value


llm_option = click.option(
    "--llm",
    metavar="BACKEND",
    callback=_check_backend,
    help="Who writes answers: extractive, ollama:MODEL, openai:MODEL, llamacpp[:PATH.gguf] "
    "[default: setting llm.backend].",
)


@main.command()
@click.argument("questions", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per question, per line.")
@llm_option
@friendly_errors
def ask(questions: tuple[str, ...], as_json: bool, llm: str | None) -> None:
    """Answer one or more questions from the collection; exit 1 when some could not be asked."""
    assistant = _ready_assistant(llm)
    invalid = 0
    for n, question in enumerate(questions, 1):
        try:
            _answer_one(assistant, question, as_json)
        except (StoreError, BackendError, EncoderError):
            raise  # the whole run is broken, not this question
        except CarechatError as exc:
            invalid += 1
            if as_json:
                line = {"question": question, "error": str(exc)}
                click.echo(json.dumps(line, ensure_ascii=False))
            else:
                click.echo(f"error: question {n}: {exc}", err=True)
    if invalid:
        sys.exit(EXIT_PARTIAL)


def _answer_one(assistant: Assistant, question: str, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(assistant.ask(question).to_json(), ensure_ascii=False))
    else:
        _print_streamed(assistant, question)
        click.echo()


@main.command()
@llm_option
@friendly_errors
def chat(llm: str | None) -> None:
    """Ask questions in a terminal loop (empty line or Ctrl-D to quit)."""
    assistant = _ready_assistant(llm)
    click.echo("Ask about the documents. An empty line or Ctrl-D quits.")
    history: list[str] = []
    while True:
        try:
            question = input("\n> ").strip()
        except EOFError:
            break
        if not question or question.lower() in {"exit", "quit"}:
            break
        click.echo()
        _print_streamed(assistant, question, history)
        history.append(question)


def _print_streamed(assistant: Assistant, question: str, history: Sequence[str] = ()) -> None:
    """The answer as it is written, then its sources."""
    printed = ""
    for piece in assistant.stream(question, history=history):
        if isinstance(piece, AnswerDelta):
            click.echo(piece.text, nl=False)
            printed += piece.text
        else:
            click.echo(("" if printed.endswith("\n") else "\n") + format_sources(piece))


@main.command("map")
@click.argument("topic", required=False)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(EXPORT_FORMATS),
    help="md, csv, docx or pdf [default: from --output's extension, else md].",
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write [default: md and csv to the terminal, evidence-map.docx/.pdf here].",
)
@click.option(
    "--document", "documents", multiple=True, metavar="NAME", help="Only this document (repeat)."
)
@friendly_errors
def evidence_map(
    topic: str | None, fmt: str | None, output: Path | None, documents: tuple[str, ...]
) -> None:
    """Enablers and barriers, theme by theme, quoted from the documents: for TOPIC, or for the
    whole collection when no topic is given."""
    fmt = fmt or _format_of(output)
    assistant = _ready_assistant()
    doc_ids = [assistant.find_document(name).doc_id for name in documents] or None
    found = assistant.evidence_map(topic, doc_ids)
    if not found.quotes():
        click.echo("No enablers or barriers found: try a broader topic.", err=True)
    data = assistant.export_evidence_map(found, fmt)  # type: ignore[arg-type]
    if output is None and fmt in ("md", "csv"):
        click.echo(data.decode("utf-8"), nl=False)
        return
    output = output or Path(f"evidence-map.{fmt}")
    output.write_bytes(data)
    click.echo(f"Wrote {output} ({len(found.quotes())} quotes).", err=True)


def _format_of(output: Path | None) -> str:
    suffix = output.suffix.lower().lstrip(".") if output else ""
    return suffix if suffix in EXPORT_FORMATS else "md"


@main.command()
@click.option("--host", help="Interface to listen on [default: setting app.host, 127.0.0.1].")
@click.option("--port", type=int, help="Port to listen on [default: setting app.port, 7860].")
@friendly_errors
def serve(host: str | None, port: int | None) -> None:
    """Start the web app: chat beside the sources, documents in and out, feedback."""
    assistant = Assistant()
    # Gradio reads these when first imported: no analytics; uploads land in the data folder.
    os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
    os.environ["GRADIO_TEMP_DIR"] = str(assistant.settings.data_dir / "tmp")
    from assistant.web.app import credentials
    from assistant.web.app import serve as serve_app

    credentials(host or assistant.settings.app.host, assistant.settings.app)  # before the index
    # Stopped by a service manager (SIGTERM) as by Ctrl-C: the store's server stops with the app.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with assistant.hosting_store():
        serve_app(assistant, host, port, announce=click.echo)


@main.command("eval")
@click.option("--questions", type=click.Path(path_type=Path), help="JSONL or CSV file of items.")
@click.option("--llm", help="Answer backend for this run, e.g. ollama:llama3 (sets llm.backend).")
@click.option("--set", "set_values", multiple=True, metavar="KEY=VALUE", help="Setting override.")
@click.option("--compare", is_flag=True, help="Evaluate each CONFIG (TOML) side by side.")
@click.option("--out", type=click.Path(path_type=Path), help="Reports folder [evals/reports].")
@click.option("--thresholds", type=click.Path(path_type=Path), help="Floors file [evals/].")
@click.option(
    "--with-noise",
    "noise",
    type=click.IntRange(min=0),
    default=0,
    metavar="N",
    help="Add N generated generic reports to the corpus first (answers must survive them).",
)
@click.option(
    "--documents",
    multiple=True,
    type=click.Path(exists=True, path_type=Path),
    metavar="PATH",
    help="Evaluate on these files or folders instead of the bundled corpus (repeatable).",
)
@click.argument("configs", nargs=-1, type=click.Path(path_type=Path))
@friendly_errors
def evaluate(
    questions: Path | None,
    llm: str | None,
    set_values: tuple[str, ...],
    compare: bool,
    out: Path | None,
    thresholds: Path | None,
    noise: int,
    documents: tuple[Path, ...],
    configs: tuple[Path, ...],
) -> None:
    """Run the evaluation questions, print the metrics, write a report; exit 1 below a floor."""
    from evals.runner import run_from_cli

    code = run_from_cli(
        questions, llm, set_values, compare, configs, out, thresholds, noise, documents
    )
    sys.exit(code)


def _ready_assistant(llm: str | None = None) -> Assistant:
    """An assistant whose collection is not empty: the bundled corpus goes in first if it is.
    ``llm`` (from ``--llm``) replaces the ``llm.backend`` setting."""
    settings = Settings()
    assistant = Assistant(settings.with_overrides({"llm.backend": llm}) if llm else settings)
    if assistant.store.count() == 0:
        click.echo("The collection is empty: ingesting the bundled corpus first.", err=True)
        report = _ingest_with_progress(assistant, lambda a, p: a.ensure_corpus(p))
        if report is not None:
            click.echo(report.summary(), err=True)
    return assistant


def _ingest_with_progress(
    assistant: Assistant, run: Callable[[Assistant, TqdmProgress], IngestReport | None]
) -> IngestReport | None:
    progress = TqdmProgress()
    try:
        return run(assistant, progress)
    finally:
        progress.close()


def format_answer(answer: Answer) -> str:
    """Answer text, then its numbered sources (or the possibly related passages of a refusal)."""
    return "\n".join(part for part in (answer.text, format_sources(answer)) if part)


def format_sources(answer: Answer) -> str:
    lines = []
    if answer.citations:
        lines.append("\nSources:")
        for citation in answer.citations:
            lines += _passage_lines(f"[{citation.n}]", citation.passage, citation.label)
    if answer.related:
        lines.append("\nPossibly related (these do not answer the question):")
        for passage in answer.related:
            lines += _passage_lines("-", passage)
    return "\n".join(lines)


def _passage_lines(label: str, passage: Passage, cited_as: str | None = None) -> list[str]:
    """``cited_as``: the document's author-year label (its title when no label is known)."""
    chunk = passage.chunk
    page = f", p. {chunk.page}" if chunk.page is not None else ""
    excerpt = textwrap.shorten(chunk.text, width=300, placeholder=" …")
    return [
        f"{label} {cited_as or chunk.title} — {chunk.source}{page} (score {passage.score:.2f})",
        textwrap.indent(textwrap.fill(excerpt, width=96), "    "),
    ]


if __name__ == "__main__":
    main()
