"""The Markdown an answer is copied or downloaded as."""

from __future__ import annotations

import os
import re

from assistant.models import Citation
from assistant.web.markdown_export import answer_markdown, escape_markdown, keep_newest
from tests.assistant.web.helpers import PAYLOAD, answer, passage


def test_answer_with_numbered_references() -> None:
    citations = [
        Citation(1, passage("Trust helps. More.", title="Trust in teams", source="trust_study.pdf",
                            page=4), ["Trust helps."]),
        Citation(2, passage("Silos block.", title="Silos", source="silos.md", page=None,
                            chunk_id="c2"), ["Silos block."]),
    ]  # fmt: skip
    text = "Enablers:\n- Trust helps. [1]\n\nBarriers:\n- Silos block. [2]"
    markdown = answer_markdown(
        answer(text, citations, question="What helps?", standalone_question="What helps? (x)")
    )
    assert markdown == (
        "## What helps?\n\n"
        "*Searched as:* What helps? \\(x\\)\n\n"
        "Enablers:\n- Trust helps. [1]\n\nBarriers:\n- Silos block. [2]\n\n"
        "### References\n\n"
        "1. Trust in teams: `trust_study.pdf`, p. 4\n"
        "   > Trust helps.\n"
        "2. Silos: `silos.md`\n"
        "   > Silos block.\n"
    )


def test_untrusted_text_cannot_become_links_images_or_html() -> None:
    cited = Citation(1, passage(PAYLOAD, title=PAYLOAD), [PAYLOAD])
    markdown = answer_markdown(answer(f"{PAYLOAD} [1]", [cited], question=PAYLOAD))
    unescaped = re.compile(r"(?<!\\)(<img|<script|\[x\]\(javascript)")
    assert not unescaped.search(markdown)
    assert "\\[x\\]\\(javascript:alert\\(3\\)\\)" in markdown
    assert markdown.count(" [1]") == 1  # our own marker survives


def test_escape_markdown_escapes_every_active_character() -> None:
    assert escape_markdown("*a* _b_ `c` #d <e> !f |g ~h") == (
        "\\*a\\* \\_b\\_ \\`c\\` \\#d \\<e\\> \\!f \\|g \\~h"
    )


def test_only_the_newest_exports_are_kept(tmp_path) -> None:
    names = ["carechat-answer-0.md", "carechat-map-1.csv", "carechat-pack-week-2.docx",
             "carechat-answer-3.md", "carechat-pack-week-4.pdf"]  # fmt: skip
    for n, name in enumerate(names):
        export = tmp_path / name
        export.write_text("x")
        os.utime(export, ns=(n * 10**9, n * 10**9))
    (tmp_path / "notes.md").write_text("not an export")
    keep_newest(tmp_path, 2)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "carechat-answer-3.md", "carechat-pack-week-4.pdf", "notes.md"
    ]


def test_references_are_listed_in_the_citation_style_when_known() -> None:
    cited = Citation(1, passage("Trust helps.", title="Trust", source="trust.pdf", page=2),
                     ["Trust helps."], formatted_reference="Patton, S. (2020) Trust. Emerald.")  # fmt: skip
    markdown = answer_markdown(answer("Trust helps. [1]", [cited]))
    assert "1. Patton, S. \\(2020\\) Trust. Emerald.: `trust.pdf`, p. 2" in markdown
