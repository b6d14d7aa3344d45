"""HTML for the web app. Document text, titles and file names are untrusted, so every one of
them goes through ``html.escape`` here and is never read as Markdown; the only markup is ours.

Answers become paragraphs and lists with each ``[n]`` a link to its source card; cards show
where a passage comes from and mark the sentences the answer quoted.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape
from pathlib import PurePath

from assistant.core import EvidenceMap, MapQuote
from assistant.models import Answer, Citation, DocumentInfo, IngestReport, Passage, ocr_summary
from assistant.workspace.packs import Pack, PackItem

_MARKER = re.compile(r"\[(\d+)\]")
_BULLET = "- "


def card_id(turn: int, n: int) -> str:
    """The element id of a source card: unique per question of the conversation."""
    return f"src-{turn}-{n}"


def answer_html(text: str, turn: int, cited: Sequence[int] = ()) -> str:
    """The answer text as escaped HTML; markers of ``cited`` passages link to their cards."""
    blocks = [block for block in text.strip().split("\n\n") if block.strip()]
    body = "".join(_block_html(block, turn, set(cited)) for block in blocks)
    return f'<div class="answer">{body}</div>'


def _block_html(block: str, turn: int, cited: set[int]) -> str:
    lines = [line.strip() for line in block.split("\n") if line.strip()]
    items = [line[len(_BULLET) :] for line in lines if line.startswith(_BULLET)]
    if not items:
        return f"<p>{_inline(' '.join(lines), turn, cited)}</p>"
    heading = "".join(
        f"<p><strong>{_inline(line, turn, cited)}</strong></p>"
        for line in lines
        if not line.startswith(_BULLET)
    )
    listed = "".join(f"<li>{_inline(item, turn, cited)}</li>" for item in items)
    return f"{heading}<ul>{listed}</ul>"


def _inline(text: str, turn: int, cited: set[int]) -> str:
    def link(match: re.Match[str]) -> str:
        n = int(match.group(1))
        if n not in cited:
            return match.group(0)
        return f'<a class="cite" href="#{card_id(turn, n)}" title="Show source {n}">[{n}]</a>'

    return _MARKER.sub(link, escape(text))


def question_html(question: str) -> str:
    return f'<div class="question">{escape(question)}</div>'


def sources_html(turns: Sequence[tuple[Answer, str]]) -> str:
    """Every answer's sources, newest first; each turn is (answer, what it searched)."""
    if not turns:
        return (
            '<p class="hint">The passages behind each answer appear here. '
            "Every [n] in an answer opens its source.</p>"
        )
    sections = "".join(
        _turn_html(index, answer, searched)
        for index, (answer, searched) in reversed(list(enumerate(turns)))
    )
    return f'<div class="sources-scroll">{sections}</div>'


def _turn_html(turn: int, answer: Answer, searched: str) -> str:
    parts = [f'<section class="turn" id="turn-{turn}">', f"<h4>{escape(answer.question)}</h4>"]
    if answer.standalone_question:
        parts.append(
            f'<p class="rewritten">Searched as: <q>{escape(answer.standalone_question)}</q></p>'
        )
    parts.append(f'<p class="scope">In: {escape(searched)}</p>')
    parts += [citation_card(turn, citation) for citation in answer.citations]
    if answer.refused and answer.related:
        parts.append(
            '<div class="related"><p class="related-label">Possibly related: these passages '
            "do <em>not</em> support an answer</p>"
            + "".join(passage_card(passage) for passage in answer.related)
            + "</div>"
        )
    parts.append("</section>")
    return "".join(parts)


def citation_card(turn: int, citation: Citation) -> str:
    return _card(
        citation.passage, citation.sentences, f"[{citation.n}]", card_id(turn, citation.n),
        citation.label, show=f"{turn}:{citation.n}",
    )  # fmt: skip


def passage_card(passage: Passage) -> str:
    return _card(passage, [], "", None, passage.chunk.title)


def _card(
    passage: Passage,
    sentences: Sequence[str],
    label: str,
    element_id: str | None,
    cited_as: str,
    show: str | None = None,
) -> str:
    """``cited_as``: the author-year label; the title follows it when the two differ.
    ``show``: "turn:n" of the citation, for the button that opens its page
    (``assistant.web.page_panel``). Word, web and text sources have no page numbers: they are
    placed by their section heading."""
    chunk = passage.chunk
    place = (
        f" · p. {chunk.page}" if chunk.page is not None
        else f" · § {escape(chunk.section)}" if chunk.section else ""
    )  # fmt: skip
    id_attribute = f' id="{element_id}"' if element_id else ""
    title = f' <span class="title">{escape(chunk.title)}</span>' if cited_as != chunk.title else ""
    button = (
        f'<button type="button" class="show-page" data-show="{escape(show)}">'
        f"{'Show page' if chunk.page is not None else 'Show section'}</button>"
        if show and chunk.path
        else ""
    )
    return (
        f'<article class="card"{id_attribute}>'
        f'<header><span class="n">{label}</span> <strong>{escape(cited_as)}</strong>{title}'
        "</header>"
        f'<div class="meta"><span class="file">{escape(chunk.source)}</span>{place}'
        f" · score {passage.score:.2f}{button}</div>"
        f"<blockquote>{highlight(chunk.text, sentences)}</blockquote></article>"
    )


def highlight(text: str, sentences: Sequence[str]) -> str:
    """Escaped ``text`` with each of ``sentences`` wrapped in <mark> (whitespace may differ)."""
    spans = sorted(span for sentence in sentences for span in _find(text, sentence))
    out, position = [], 0
    for start, end in spans:
        if start < position:
            continue
        out += [escape(text[position:start]), f"<mark>{escape(text[start:end])}</mark>"]
        position = end
    out.append(escape(text[position:]))
    return "".join(out)


def _find(text: str, sentence: str) -> list[tuple[int, int]]:
    words = sentence.split()
    if not words:
        return []
    pattern = r"\s+".join(re.escape(word) for word in words)
    return [match.span() for match in re.finditer(pattern, text)][:1]


def documents_html(documents: Sequence[DocumentInfo]) -> str:
    if not documents:
        return '<p class="hint">No documents yet: upload PDF, Word, web page (HTML), TXT or MD files below.</p>'
    rows = "".join(
        f"<tr><td>{escape(info.title)}</td><td>{escape(_cited_as(info))}</td>"
        f"<td class='file'>{escape(info.source)}</td><td>{info.pages}</td><td>{info.chunks}</td></tr>"
        for info in documents
    )
    return (
        '<table class="documents"><thead><tr><th>Title</th><th>Cited as</th><th>File</th>'
        f"<th>Pages</th><th>Passages</th></tr></thead><tbody>{rows}</tbody></table>"
    )


def _cited_as(info: DocumentInfo) -> str:
    return info.label if info.reference.authors else "no authors yet: add them below"


def removed_html(source: str, chunks: int) -> str:
    return (
        f'<div class="report"><p class="ok">Removed {escape(source)} ({chunks} passages).</p></div>'
    )


def report_html(report: IngestReport) -> str:
    """What happened to each uploaded file, with the same reasons the CLI gives."""
    lines = [
        *(f'<li class="ok">Added {escape(name)}</li>' for name in report.ingested),
        *(f'<li class="ok">{escape(name)} was already in the collection</li>'
          for name in report.unchanged),
        *(f'<li class="ok">{escape(name)} was already in the collection, as '
          f'{escape(PurePath(stored).name)}: stored once</li>'
          for name, stored in report.duplicates.items()),
        *(f'<li class="ok">{escape(name)} replaced its earlier version</li>'
          for name in report.replaced),
        *(f'<li class="ok">{escape(name)} was read as {escape(encoding)} text</li>'
          for name, encoding in report.encodings.items()),
        *(f'<li class="ok">{escape(name)}: {escape(ocr_summary(pages))}</li>'
          for name, pages in report.ocr.items()),
        *(f'<li class="failed">Skipped {escape(name)}: {escape(reason)}</li>'
          for name, reason in report.skipped.items()),
        *(f'<li class="failed">Not added: {escape(name)}: {escape(reason)}</li>'
          for name, reason in report.failed.items()),
    ]  # fmt: skip
    noun = "passage" if report.chunks_added == 1 else "passages"
    total = f"{report.chunks_added} {noun} added in {report.seconds:.1f}s."
    return f'<div class="report"><ul>{"".join(lines)}</ul><p>{total}</p></div>'


_KIND_NAMES = {"answer": "Answer", "quote": "Quote", "heading": "Heading", "note": "Note",
               "map": "Evidence map"}  # fmt: skip


def pack_html(pack: Pack | None) -> str:
    """A pack's items, numbered as the Item box counts them."""
    if pack is None:
        return '<p class="hint">No pack yet: create one, or pin an answer from the chat.</p>'
    if not pack.items:
        return f'<p class="hint">“{escape(pack.name)}” is empty: pin answers or quotes from the chat.</p>'
    rows = "".join(_pack_item_html(item) for item in pack.items)
    return f'<ol class="pack">{rows}</ol>'


def _pack_item_html(item: PackItem) -> str:
    kind = f'<span class="kind">{_KIND_NAMES[item.kind]}</span> '
    if item.kind == "map":
        topic = escape(item.text) if item.text else "the whole collection"
        return f"<li>{kind}enablers and barriers by theme: {topic}</li>"
    question = f'<p class="asked">{escape(item.question)}</p>' if item.question else ""
    sources = "".join(
        f"<li>[{s.n}] {escape(s.label)}{f', p. {s.page}' if s.page is not None else ''}</li>"
        for s in item.sources
    )
    listed = f'<ul class="pinned-sources">{sources}</ul>' if sources else ""
    return f"<li>{kind}{question}<p>{escape(item.text)}</p>{listed}</li>"


def evidence_map_html(evidence_map: EvidenceMap | None) -> str:
    """Themes down, enablers and barriers across; each quote with its citation and confidence."""
    if evidence_map is None:
        return '<p class="hint">Type a topic (or none, for the whole collection) and build the map.</p>'
    rows = "".join(
        f'<tr><th scope="row">{escape(row.name)}<p class="hint">{escape(row.description)}</p></th>'
        f"<td>{_map_quotes(row.enablers)}</td><td>{_map_quotes(row.barriers)}</td></tr>"
        for row in evidence_map.themes
    )
    unassigned = (
        '<h4>Unassigned</h4><p class="hint">These fit no theme well enough to be placed.</p>'
        + _map_quotes(evidence_map.unassigned)
        if evidence_map.unassigned
        else ""
    )
    scope = escape(evidence_map.topic) if evidence_map.topic else "the whole collection"
    return (
        f'<p class="scope">Enablers and barriers: {scope}</p>'
        '<table class="evidence-map"><thead><tr><th>Theme</th><th>Enablers</th>'
        f"<th>Barriers</th></tr></thead><tbody>{rows}</tbody></table>{unassigned}"
    )


def _map_quotes(quotes: Sequence[MapQuote]) -> str:
    if not quotes:
        return '<p class="hint">—</p>'
    items = "".join(
        f"<li><q>{escape(q.text)}</q> <span class='cited'>{escape(q.label)}"
        f"{f', p. {q.page}' if q.page is not None else ''}</span>"
        f"<span class='details'>{escape('; '.join([q.side, *q.levels]))} · "
        f"confidence {q.confidence:.2f}</span></li>"
        for q in quotes
    )
    return f"<ul>{items}</ul>"
