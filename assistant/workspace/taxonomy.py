"""The evidence map's taxonomy: themes, levels and polarity cues, read from a TOML file.

The default (``taxonomy.toml`` beside this module: Lefevre et al.'s five clusters of
conditional parameters) is copied into the data folder on first use, so a trainer edits their
own copy and an upgrade never overwrites it. A file that cannot be used is a ``TaxonomyError``
naming the file and what is wrong, never a traceback.
"""

from __future__ import annotations

import re
import shutil
import tomllib
from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from assistant.errors import TaxonomyError
from assistant.settings import Settings

DEFAULT_TAXONOMY = Path(__file__).with_name("taxonomy.toml")
FILE_NAME = "taxonomy.toml"
_HYPHENS = str.maketrans({"\u2010": "-", "\u2011": "-"})


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Theme(_Strict):
    name: str = Field(min_length=1)
    description: str = Field(min_length=1)
    cues: list[str] = Field(default_factory=list)


class Side(_Strict):
    cues: list[str] = Field(min_length=1)
    prototypes: list[str] = Field(min_length=1)


class PolarityCues(_Strict):
    negators: list[str] = Field(default_factory=list)
    enabler: Side
    barrier: Side


class Taxonomy(_Strict):
    themes: list[Theme] = Field(min_length=1)
    levels: dict[str, list[str]] = Field(default_factory=dict)
    polarity: PolarityCues

    @field_validator("themes")
    @classmethod
    def _distinct_names(cls, themes: list[Theme]) -> list[Theme]:
        names = [theme.name.casefold() for theme in themes]
        repeated = sorted({name for name in names if names.count(name) > 1})
        if repeated:
            raise ValueError(f"theme names must differ; repeated: {', '.join(repeated)}")
        return themes


def load_taxonomy(settings: Settings) -> Taxonomy:
    """The data folder's taxonomy, seeded from the default the first time."""
    path = settings.data_dir / FILE_NAME
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(DEFAULT_TAXONOMY, path)
    return read_taxonomy(path)


def read_taxonomy(path: Path) -> Taxonomy:
    fix = "fix it, or delete it to start again from the default"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise TaxonomyError(f"{path} is not valid TOML ({exc}): {fix}") from exc
    try:
        return Taxonomy.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(_describe(error) for error in exc.errors())
        raise TaxonomyError(f"{path}: {problems}: {fix}") from exc


def _describe(error: object) -> str:
    details = dict(error)  # type: ignore[call-overload]
    where = ".".join(str(part) for part in details["loc"])
    return f"{where}: {details['msg']}" if where else str(details["msg"])


class Cues:
    """Cue words as one pattern: whole words, regardless of case, ``*`` for any ending; the
    Unicode hyphens scraped texts hold ("well‐supported") count as plain ones."""

    def __init__(self, cues: Sequence[str]) -> None:
        alternatives = sorted({_cue_pattern(cue) for cue in cues if cue.strip()}, key=len)
        body = "|".join(reversed(alternatives)) or r"(?!)"
        self.pattern = re.compile(rf"\b(?:{body})", re.IGNORECASE)

    def find(self, text: str) -> list[re.Match[str]]:
        return list(self.pattern.finditer(fold_hyphens(text)))

    def count(self, text: str) -> int:
        return len(self.find(text))


def _cue_pattern(cue: str) -> str:
    words = fold_hyphens(cue.strip().lower())
    open_ended = words.endswith("*")
    escaped = r"\s+".join(re.escape(word) for word in words.rstrip("*").split())
    return escaped + (r"\w*" if open_ended else r"\b")


def fold_hyphens(text: str) -> str:
    """Unicode hyphens as ``-``; the same length as ``text``, so match positions hold."""
    return text.translate(_HYPHENS)
