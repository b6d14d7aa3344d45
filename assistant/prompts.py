"""Prompt and message templates live in ``prompts/`` as files, loaded by name.

Each file starts with an HTML comment saying what it is for and which placeholders it takes;
the comment is stripped on load and the placeholders are checked, so a template and the code
that fills it can never drift apart silently.
"""

from __future__ import annotations

import functools
import re
import string

from assistant.settings import PROJECT_ROOT

PROMPTS_DIR = PROJECT_ROOT / "prompts"
_HEADER = re.compile(r"\A\s*<!--.*?-->\s*", re.DOTALL)


@functools.cache
def load_prompt(name: str, placeholders: frozenset[str]) -> str:
    """The template ``prompts/<name>.md`` without its header; fails if placeholders differ."""
    text = _HEADER.sub("", (PROMPTS_DIR / f"{name}.md").read_text(encoding="utf-8")).strip()
    found = {field for _, field, _, _ in string.Formatter().parse(text) if field}
    if found != placeholders:
        raise ValueError(
            f"prompts/{name}.md has placeholders {sorted(found)}, expected {sorted(placeholders)}"
        )
    return text


def render(name: str, **values: str) -> str:
    return load_prompt(name, frozenset(values)).format(**values)
