"""``carechat eval``: ask every item, score it, print a table, write the report, check the floors.

Each configuration is evaluated on its own fresh index of the bundled corpus in a temporary
folder (embedded Chroma), so the user's collection is never read or changed and every run
starts from the same documents. The model is loaded once and shared by all configurations.

A configuration is the user's settings (environment, carechat.toml), then a ``--compare`` TOML
file (same shape as carechat.toml), then ``--set key=value`` and ``--llm``.
"""

from __future__ import annotations

import sys
import tempfile
import time
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import click
from pydantic import ValidationError

from assistant.core import Assistant
from assistant.errors import CarechatError
from assistant.index.embedder import Embedder, make_embedder
from assistant.settings import BUNDLED_CORPUS, PROJECT_ROOT, Settings
from evals.metrics import (
    METRIC_BY_KEY,
    METRICS,
    RETRIEVAL_DEPTH,
    ItemRun,
    ItemScore,
    score_items,
    summarise,
)
from evals.questions import DEFAULT_QUESTIONS, EvalItem, load_questions

DEFAULT_THRESHOLDS = Path(__file__).resolve().parent / "thresholds.toml"
DEFAULT_REPORTS = PROJECT_ROOT / "evals" / "reports"
EXIT_BELOW_FLOOR = 1


class EvalConfigError(CarechatError):
    """A --set value, --compare file or thresholds file that cannot be used."""


@dataclass(frozen=True)
class Config:
    """One configuration to evaluate: a name for the report and the settings it changes."""

    name: str
    overrides: dict[str, Any]


@dataclass
class Thresholds:
    floors: dict[str, float] = field(default_factory=dict)
    ceilings: dict[str, float] = field(default_factory=dict)

    def violations(self, summary: dict[str, float | None]) -> list[str]:
        """One line per metric past its floor or ceiling, naming the metric and both values."""
        found = []
        for key, floor in self.floors.items():
            value = summary.get(key)
            if value is not None and value < floor:
                found.append(f"{key} {value:.3f} is below the floor {floor}")
        for key, ceiling in self.ceilings.items():
            value = summary.get(key)
            if value is not None and value > ceiling:
                found.append(f"{key} {value:.3f} is above the ceiling {ceiling}")
        return found


@dataclass
class ConfigResult:
    config: Config
    settings: Settings
    runs: list[ItemRun]
    scores: list[ItemScore]
    summary: dict[str, float | None]
    violations: list[str]
    documents: int = 0  # in the index the questions were asked of


@dataclass
class EvalResult:
    questions: Path
    configs: list[ConfigResult]
    report_dir: Path
    thresholds: Thresholds

    @property
    def violations(self) -> list[str]:
        return [f"{c.config.name}: {v}" for c in self.configs for v in c.violations]


# Configuration


def parse_set(values: Sequence[str]) -> dict[str, Any]:
    """``["retrieval.k=8", "answer.refusal_threshold=0.6"]`` -> dotted keys with TOML values
    (a bare word is a string: ``llm.backend=ollama:llama3``)."""
    overrides: dict[str, Any] = {}
    for text in values:
        key, sep, raw = text.partition("=")
        if not sep or not key.strip():
            raise EvalConfigError(f"--set {text!r}: write it as section.key=value")
        try:
            overrides[key.strip()] = tomllib.loads(f"v = {raw.strip()}")["v"]
        except tomllib.TOMLDecodeError:
            overrides[key.strip()] = raw.strip()
    return overrides


def load_config(path: Path) -> Config:
    """A --compare file: carechat.toml's shape, flattened to dotted keys; named after the file."""
    return Config(path.stem, _flatten(_read_toml(path, "configuration")))


def _read_toml(path: Path, kind: str) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise EvalConfigError(f"{path}: no such {kind} file") from exc
    except tomllib.TOMLDecodeError as exc:
        raise EvalConfigError(f"{path}: not valid TOML ({exc})") from exc


def _flatten(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            flat |= _flatten(value, f"{prefix}{key}.")
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def llm_override(backend: str | None) -> dict[str, Any]:
    return {} if backend is None else {"llm.backend": backend}


def build_settings(config: Config, data_dir: Path, base: Settings | None = None) -> Settings:
    """The configuration's settings on a private embedded index in ``data_dir``."""
    base = base or Settings()
    isolation = {"data_dir": str(data_dir), "chroma_url": None}
    try:
        return base.with_overrides(config.overrides | isolation)
    except KeyError as exc:
        raise EvalConfigError(f"configuration {config.name!r}: {exc.args[0]}") from exc
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(map(str, error['loc']))}: {error['msg']}" for error in exc.errors()
        )
        raise EvalConfigError(f"configuration {config.name!r}: {problems}") from exc


def load_thresholds(path: Path) -> Thresholds:
    """``[floors]`` (minimums) and ``[ceilings]`` (maximums), keyed by metric name."""
    data = _read_toml(path, "thresholds")
    unknown = sorted(set(data) - {"floors", "ceilings"})
    names = {key for part in ("floors", "ceilings") for key in data.get(part, {})}
    unknown += sorted(names - set(METRIC_BY_KEY))
    if unknown:
        raise EvalConfigError(f"{path}: unknown section or metric {', '.join(unknown)}")
    return Thresholds(dict(data.get("floors", {})), dict(data.get("ceilings", {})))


# Running


def ask_all(
    assistant: Assistant, items: Sequence[EvalItem], progress: bool = False, label: str = ""
) -> list[ItemRun]:
    """Each item asked once (with its earlier turns), timed, plus the ranked passages that
    retrieval returns for the question the assistant actually searched with, in the documents
    it searched (those a question names, or "the other study")."""
    from tqdm import tqdm

    runs = []
    for item in tqdm(items, desc=label or "eval", unit="q", disable=not progress, file=sys.stderr):
        started = time.perf_counter()
        answer = assistant.ask(item.question, history=item.history)
        latency_ms = (time.perf_counter() - started) * 1000
        search = assistant.search_scope(item.question, item.history)
        retrieved = assistant.retrieve(search, RETRIEVAL_DEPTH).passages
        runs.append(ItemRun(item, answer, retrieved, latency_ms))
    return runs


def evaluate_config(
    config: Config,
    items: Sequence[EvalItem],
    embedder: Embedder,
    thresholds: Thresholds,
    progress: bool = False,
    noise: int = 0,
    ingest_embedder: Embedder | None = None,
    documents: Sequence[Path] = (),
) -> ConfigResult:
    """Ingest the bundled corpus (or ``documents``, files and folders) into a private index, ask
    every item and score the answers. ``noise``: that many generated generic reports go in
    beside the corpus first; ``ingest_embedder``: what ingests them (None: ``embedder`` does)."""
    with tempfile.TemporaryDirectory(prefix="carechat-eval-") as data_dir:
        settings = build_settings(config, Path(data_dir))
        assistant = Assistant(settings, embedder=embedder, ingest_embedder=ingest_embedder)
        corpus = list(documents) or [BUNDLED_CORPUS]
        report = assistant.ingest([*corpus, *_noise_reports(Path(data_dir), noise)])
        if not report.complete:
            raise EvalConfigError(f"the corpus failed to ingest: {report.summary()}")
        runs = ask_all(assistant, items, progress, config.name)
    scores = score_items(runs, embedder)
    summary = summarise(scores)
    return ConfigResult(
        config, settings, runs, scores, summary, thresholds.violations(summary),
        documents=len(report.ingested),
    )  # fmt: skip


def _noise_reports(data_dir: Path, count: int) -> list[Path]:
    """``count`` generic social-care reports (plausible, unspecific sentences) from the
    benchmarks' generator, as text files: answers about the corpus must survive them."""
    if not count:
        return []
    from benchmarks.corpus import generate_corpus

    folder = data_dir / "noise"
    generate_corpus(folder, count, seed=0, pdf_share=0.0)
    return [folder]


def run_eval(
    questions: Path = DEFAULT_QUESTIONS,
    configs: Sequence[Config] = (Config("default", {}),),
    *,
    reports_root: Path = DEFAULT_REPORTS,
    thresholds_path: Path = DEFAULT_THRESHOLDS,
    embedder: Embedder | None = None,
    progress: bool = False,
    noise: int = 0,
    documents: Sequence[Path] = (),
) -> EvalResult:
    """Evaluate every configuration on the questions and write the report folder. An injected
    ``embedder`` ingests too; otherwise ingestion's own embedder does, as for users.
    ``documents``: the files and folders evaluated on, when not the bundled corpus."""
    from evals.report import write_reports

    items = load_questions(questions)
    thresholds = load_thresholds(thresholds_path)
    ingest_embedder = None if embedder else make_embedder(Settings(), 0, ingesting=True)
    embedder = embedder or make_embedder(Settings(), threads=0)  # all cores: it scores too
    results = [
        evaluate_config(c, items, embedder, thresholds, progress, noise, ingest_embedder, documents)
        for c in configs
    ]
    result = EvalResult(questions, results, _new_report_dir(reports_root), thresholds)
    write_reports(result)
    return result


def _new_report_dir(root: Path) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    path, n = root / stamp, 1
    while path.exists():
        n += 1
        path = root / f"{stamp}-{n}"
    path.mkdir(parents=True)
    return path


# The command line (assistant/cli.py delegates here)


def run_from_cli(
    questions: Path | None,
    llm: str | None,
    set_values: Sequence[str],
    compare: bool,
    config_files: Sequence[Path],
    reports_root: Path | None,
    thresholds_path: Path | None,
    noise: int = 0,
    documents: Sequence[Path] = (),
) -> int:
    """Run, print the table and where the report is; the exit code says whether floors held."""
    if config_files and not compare:
        raise EvalConfigError("configuration files are only read with --compare A.toml B.toml")
    if compare and len(config_files) < 2:
        raise EvalConfigError("--compare needs two or more configuration files")
    shared = llm_override(llm) | parse_set(set_values)
    bases = [load_config(path) for path in config_files] or [Config(_default_name(llm), {})]
    configs = [Config(c.name, c.overrides | shared) for c in bases]
    for config in configs:  # fail on a bad setting before the model loads
        build_settings(config, Path(tempfile.gettempdir()))
    result = run_eval(
        questions or DEFAULT_QUESTIONS,
        configs,
        reports_root=reports_root or DEFAULT_REPORTS,
        thresholds_path=thresholds_path or DEFAULT_THRESHOLDS,
        progress=True,
        noise=noise,
        documents=documents,
    )
    click.echo(format_table(result))
    click.echo(f"\nReport: {result.report_dir / 'report.html'}")
    for line in result.violations:
        click.echo(f"below floor: {line}", err=True)
    return EXIT_BELOW_FLOOR if result.violations else 0


def _default_name(llm: str | None) -> str:
    return llm or "default"


def format_table(result: EvalResult) -> str:
    """Metric rows, one column per configuration, then the floor or ceiling; '!' marks a miss."""
    names = [c.config.name for c in result.configs]
    header = ["metric", *names, "threshold"]
    rows = [header]
    for metric in METRICS:
        limit = _threshold_text(result.thresholds, metric.key)
        cells = [metric.label]
        for config in result.configs:
            value = config.summary.get(metric.key)
            missed = any(v.startswith(f"{metric.key} ") for v in config.violations)
            cells.append(format_value(value, metric.unit) + (" !" if missed else ""))
        rows.append([*cells, limit])
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    counts = ", ".join(
        f"{c.config.name}: {sum(s.passed for s in c.scores)}/{len(c.scores)} items pass "
        f"({c.documents} documents)"
        for c in result.configs
    )
    return "\n".join([*lines, "", counts])


def format_value(value: float | None, unit: str = "") -> str:
    if value is None:
        return "n/a"
    return f"{value:.0f} {unit}" if unit else f"{value:.3f}"


def _threshold_text(thresholds: Thresholds, key: str) -> str:
    if key in thresholds.floors:
        return f">= {thresholds.floors[key]}"
    if key in thresholds.ceilings:
        return f"<= {thresholds.ceilings[key]}"
    return ""
