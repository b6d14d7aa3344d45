"""An answer with its numbered references as Markdown, to copy or download.

The document text inside is untrusted, so Markdown's active characters in it are
backslash-escaped: a passage holding ``[x](javascript:...)`` or ``<img ...>`` stays text in
whatever renders the file. Only the answer's own ``[n]`` markers are left as written.
"""

from __future__ import annotations

import re
from pathlib import Path

from assistant.models import Answer

_ACTIVE = re.compile(r"([\\`*_{}\[\]()<>#+!|~])")
_ESCAPED_MARKER = re.compile(r"\\\[(\d+)\\\]")


def escape_markdown(text: str) -> str:
    return _ACTIVE.sub(r"\\\1", text)


def answer_markdown(answer: Answer) -> str:
    lines = [f"## {escape_markdown(answer.question)}", ""]
    if answer.standalone_question:
        lines += [f"*Searched as:* {escape_markdown(answer.standalone_question)}", ""]
    text = _ESCAPED_MARKER.sub(r"[\1]", escape_markdown(answer.text))
    lines += [text, ""]
    if answer.citations:
        lines += ["### References", ""]
        for citation in answer.citations:
            chunk = citation.passage.chunk
            page = f", p. {chunk.page}" if chunk.page is not None else ""
            source = chunk.source.replace("`", "'")  # shown as code: no Markdown inside
            cited = escape_markdown(citation.formatted_reference or citation.label)
            lines.append(f"{citation.n}. {cited}: `{source}`{page}")
            lines += [f"   > {escape_markdown(s)}" for s in citation.sentences]
    return "\n".join(lines).rstrip() + "\n"


def keep_newest(folder: Path, count: int) -> None:
    """Exports are served once; the newest few stay for a download clicked late. Answers to
    other users prune the same folder at the same time, so a file may vanish midway."""
    exports = sorted(folder.glob("carechat-*"), key=_modified_ns)
    for old in exports[:-count]:
        old.unlink(missing_ok=True)


def _modified_ns(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except FileNotFoundError:
        return -1
