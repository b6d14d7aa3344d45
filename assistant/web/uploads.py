"""Files uploaded through the web app: checked against the app settings, saved under a safe
name in ``data_dir/uploads`` and nowhere else, then ingested like any other file.

A browser sends whatever file name it likes ("../../.bashrc", "<img onerror=...>.pdf"); the
stored name keeps only letters, digits, dots, dashes and underscores of its last part.
"""

from __future__ import annotations

import re
import shutil
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from assistant.errors import DocumentError, TooLarge, UnsupportedFile
from assistant.settings import AppSettings

MAX_STEM_CHARS = 80
_UNSAFE = re.compile(r"[^\w.-]+")
_BYTES_PER_MB = 1024 * 1024


def safe_filename(name: str) -> str:
    """A name that is one harmless path component, keeping the extension recognisable."""
    base = re.split(r"[\\/]", unicodedata.normalize("NFKC", name))[-1]
    stem, dot, extension = base.rpartition(".")
    if not dot:
        stem, extension = base, ""
    stem = _UNSAFE.sub("_", stem).strip("._-")[:MAX_STEM_CHARS] or "upload"
    extension = re.sub(r"[^a-z0-9]", "", extension.lower())
    return f"{stem}.{extension}" if extension else stem


def check_upload(path: Path, name: str, settings: AppSettings) -> None:
    """Raise the reason ``name`` may not be uploaded: its type or its size."""
    allowed = [kind.lower() for kind in settings.allowed_types]
    if Path(name).suffix.lower() not in allowed:
        raise UnsupportedFile(f"{name}: only {', '.join(allowed)} files can be uploaded")
    size_mb = path.stat().st_size / _BYTES_PER_MB
    if size_mb > settings.max_upload_mb:
        raise TooLarge(
            f"{name} is {size_mb:.1f} MB, over the {settings.max_upload_mb:g} MB upload limit "
            "(setting app.max_upload_mb)"
        )


def save_uploads(
    paths: Iterable[Path], uploads_dir: Path, settings: AppSettings
) -> tuple[list[Path], dict[str, str]]:
    """Copy acceptable files into ``uploads_dir``; the others come back with their reasons."""
    saved: list[Path] = []
    refused: dict[str, str] = {}
    for path in paths:
        name = safe_filename(path.name)
        try:
            check_upload(path, name, settings)
        except DocumentError as exc:
            refused[path.name] = str(exc)
            continue
        saved.append(_copy_into(path, uploads_dir, name))
    return saved, refused


def _copy_into(path: Path, uploads_dir: Path, name: str) -> Path:
    uploads_dir.mkdir(parents=True, exist_ok=True)
    target = (uploads_dir / name).resolve()
    if target.parent != uploads_dir.resolve():  # safe_filename makes this impossible
        raise UnsupportedFile(f"{name}: not a plain file name")
    shutil.copyfile(path, target)
    return target
