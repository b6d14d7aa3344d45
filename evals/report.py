"""The report folder: ``results.jsonl`` (one line per configuration and item), ``summary.json``,
``report.md`` and ``report.html``.

The HTML page stands alone (inline CSS and SVG, no scripts, no external assets) so it can be
mailed or attached to a ticket: headline metrics, a chart per metric family with the floors
drawn in, pass rates by category, then every failing item with its question, answer, citations
and what was missed.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING, Any

from evals.metrics import METRICS, ItemRun, ItemScore, Metric, by_category, by_failure

if TYPE_CHECKING:
    from evals.runner import ConfigResult, EvalResult

COLOURS = ("#3b6ea5", "#d08c35", "#4f9a68", "#a5527f", "#6d6d6d", "#8a6d3b")
FAMILIES = ("overall", "retrieval", "answers", "citations", "hygiene", "latency", "length")
EXCERPT_CHARS = 320


def write_reports(result: EvalResult) -> None:
    folder = result.report_dir
    lines = [json.dumps(row, ensure_ascii=False) for row in result_rows(result)]
    (folder / "results.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary = {c.config.name: c.summary for c in result.configs}
    (folder / "summary.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    (folder / "report.md").write_text(markdown(result), encoding="utf-8")
    (folder / "report.html").write_text(html_page(result), encoding="utf-8")


def result_rows(result: EvalResult) -> list[dict[str, Any]]:
    return [
        _row(config.config.name, run, score)
        for config in result.configs
        for run, score in zip(config.runs, config.scores)
    ]


def _row(config: str, run: ItemRun, score: ItemScore) -> dict[str, Any]:
    return {
        "config": config,
        **run.item.to_json(),
        "passed": score.passed,
        "failure": score.failure,
        "missed": score.missed(),
        "standalone_question": run.answer.standalone_question,
        "answer": run.answer.to_json(),
        "retrieved": [
            {
                "rank": i + 1,
                "source": p.chunk.source,
                "chunk_id": p.chunk.chunk_id,
                "score": round(p.score, 4),
            }
            for i, p in enumerate(run.retrieved)
        ],
        "gold_ranks": score.gold_ranks,
        "facts_found": score.facts_found,
        "citation_checks": [
            {
                "sentence": c.sentence,
                "n": c.n,
                "supported": c.supported,
                "score": None if c.score is None else round(c.score, 4),
            }
            for c in score.citation_checks
        ],
        "hygiene": score.hygiene,
        "latency_ms": round(score.latency_ms, 1),
        "words": score.words,
    }


def _value(value: float | None, metric: Metric) -> str:
    if value is None:
        return "n/a"
    return f"{value:.0f} {metric.unit}" if metric.unit else f"{value:.3f}"


def _threshold(result: EvalResult, key: str) -> str:
    if key in result.thresholds.floors:
        return f"≥ {result.thresholds.floors[key]}"
    if key in result.thresholds.ceilings:
        return f"≤ {result.thresholds.ceilings[key]}"
    return ""


def _below(config: ConfigResult, key: str) -> bool:
    return any(line.startswith(f"{key} ") for line in config.violations)


def _failing(config: ConfigResult) -> list[tuple[ItemRun, ItemScore]]:
    return [(run, score) for run, score in zip(config.runs, config.scores) if not score.passed]


# Markdown


def markdown(result: EvalResult) -> str:
    names = [c.config.name for c in result.configs]
    out = [f"# Evaluation report: {result.report_dir.name}", ""]
    out += [f"Questions: `{result.questions}` ({len(result.configs[0].scores)} items)", ""]
    out += [f"- **{c.config.name}**: {_describe(c)}" for c in result.configs] + [""]
    out += _verdict(result) + [""]
    out += ["## Headline metrics", ""]
    out += ["| metric | " + " | ".join(names) + " | threshold |"]
    out += ["|---|" + "---|" * len(names) + "---|"]
    for metric in METRICS:
        cells = [
            _value(c.summary.get(metric.key), metric) + (" ⚠" if _below(c, metric.key) else "")
            for c in result.configs
        ]
        out.append(
            f"| {metric.label} | " + " | ".join(cells) + f" | {_threshold(result, metric.key)} |"
        )
    out += ["", "## Pass rate by category", "", "| category | " + " | ".join(names) + " |"]
    out += ["|---|" + "---|" * len(names)]
    tables = [by_category(c.scores) for c in result.configs]
    for category in tables[0]:
        cells = [f"{t[category][0]}/{t[category][1]}" for t in tables]
        out.append(f"| {category} | " + " | ".join(cells) + " |")
    out += ["", "## Why items failed", "", "| failure | " + " | ".join(names) + " |"]
    out += ["|---|" + "---|" * len(names)]
    counts = [by_failure(c.scores) for c in result.configs]
    for kind in counts[0]:
        out.append(f"| {kind} | " + " | ".join(str(count[kind]) for count in counts) + " |")
    for config in result.configs:
        failing = _failing(config)
        out += ["", f"## Failing items: {config.config.name} ({len(failing)})", ""]
        for run, score in failing:
            out += _markdown_item(run, score)
    return "\n".join(out) + "\n"


def _describe(config: ConfigResult) -> str:
    overrides = config.config.overrides
    changed = ", ".join(f"{k} = {v!r}" for k, v in overrides.items()) or "settings as configured"
    backend = getattr(getattr(config.settings, "llm", None), "backend", "extractive")
    return f"{changed}; answers: {backend}"


def _verdict(result: EvalResult) -> list[str]:
    if not result.violations:
        return ["**Every metric meets its threshold.**"]
    return ["**Below threshold:**", ""] + [f"- {line}" for line in result.violations]


def _markdown_item(run: ItemRun, score: ItemScore) -> list[str]:
    item = run.item
    heading = f"### {item.id} ({item.category}): {score.failure}"
    out = [heading, "", f"**Question:** {item.question}"]
    if item.history:
        out.append(f"**Earlier turns:** {' / '.join(item.history)}")
    answer = run.answer
    out += ["", "**Answer:**" + (" (refused)" if answer.refused else ""), ""]
    out += ["> " + line if line else ">" for line in answer.text.splitlines()]
    if answer.citations:
        out += ["", "**Citations:**", ""]
        for citation in answer.citations:
            chunk = citation.passage.chunk
            excerpt = textwrap.shorten(chunk.text, EXCERPT_CHARS, placeholder=" …")
            out.append(f"- [{citation.n}] {chunk.source}: {excerpt}")
    out += ["", "**Missed:**", ""] + [f"- {line}" for line in score.missed()] + [""]
    return out


# HTML


def html_page(result: EvalResult) -> str:
    body = [f"<h1>Evaluation report <small>{escape(result.report_dir.name)}</small></h1>"]
    body.append(
        f"<p>Questions: <code>{escape(str(result.questions))}</code> "
        f"({len(result.configs[0].scores)} items)</p>"
    )
    body.append(_legend(result))
    body.append(_verdict_html(result))
    body.append("<h2>Headline metrics</h2>" + _headline_table(result))
    body.append("<h2>Metrics by family</h2><div class='charts'>")
    for family in FAMILIES:
        metrics = [m for m in METRICS if m.family == family]
        body.append(
            f"<figure><figcaption>{family}</figcaption>{bar_chart(metrics, result)}</figure>"
        )
    body.append(
        f"<figure><figcaption>pass rate by category</figcaption>{category_chart(result)}</figure>"
    )
    body.append("</div>")
    body.append("<h2>Why items failed</h2>" + _failure_table(result))
    for config in result.configs:
        failing = _failing(config)
        body.append(f"<h2>Failing items: {escape(config.config.name)} ({len(failing)})</h2>")
        body += [_html_item(run, score) for run, score in failing]
    return _PAGE.format(
        title=escape(f"carechat evaluation {result.report_dir.name}"), body="\n".join(body)
    )


def _legend(result: EvalResult) -> str:
    items = [
        f"<li><span class='swatch' style='background:{COLOURS[i % len(COLOURS)]}'></span>"
        f"<b>{escape(c.config.name)}</b>: {escape(_describe(c))}</li>"
        for i, c in enumerate(result.configs)
    ]
    return "<ul class='legend'>" + "".join(items) + "</ul>"


def _verdict_html(result: EvalResult) -> str:
    if not result.violations:
        return "<p class='ok'>Every metric meets its threshold.</p>"
    lines = "".join(f"<li>{escape(line)}</li>" for line in result.violations)
    return f"<div class='bad'><p>Below threshold:</p><ul>{lines}</ul></div>"


def _headline_table(result: EvalResult) -> str:
    head = "".join(f"<th>{escape(c.config.name)}</th>" for c in result.configs)
    rows = []
    for metric in METRICS:
        cells = "".join(
            f"<td class='{'miss' if _below(c, metric.key) else ''}'>"
            f"{_value(c.summary.get(metric.key), metric)}</td>"
            for c in result.configs
        )
        rows.append(
            f"<tr><th scope='row'>{escape(metric.label)} <code>{metric.key}</code></th>{cells}"
            f"<td>{escape(_threshold(result, metric.key))}</td></tr>"
        )
    return f"<table><tr><th>metric</th>{head}<th>threshold</th></tr>{''.join(rows)}</table>"


def _failure_table(result: EvalResult) -> str:
    head = "".join(f"<th>{escape(c.config.name)}</th>" for c in result.configs)
    counts = [by_failure(c.scores) for c in result.configs]
    rows = "".join(
        f"<tr><th scope='row'>{escape(kind)}</th>"
        + "".join(f"<td>{count[kind]}</td>" for count in counts)
        + "</tr>"
        for kind in counts[0]
    )
    return f"<table><tr><th>failure</th>{head}</tr>{rows}</table>"


def bar_chart(metrics: list[Metric], result: EvalResult) -> str:
    """Horizontal bars, one group per metric and one bar per configuration; a dashed line marks
    the floor or ceiling. Shares are drawn on 0..1, times and lengths on 0..largest."""
    rows = [
        (
            metric.label,
            [c.summary.get(metric.key) for c in result.configs],
            result.thresholds.floors.get(metric.key, result.thresholds.ceilings.get(metric.key)),
            metric,
        )
        for metric in metrics
    ]
    return _bars(rows)


def category_chart(result: EvalResult) -> str:
    tables = [by_category(c.scores) for c in result.configs]
    share = Metric("pass", "pass", "overall")
    rows = [
        (
            category,
            [t[category][0] / t[category][1] if category in t else None for t in tables],
            None,
            share,
        )
        for category in tables[0]
    ]
    return _bars(rows)


_LABEL_W, _BAR_W, _BAR_H, _GAP = 240, 280, 14, 10


def _bars(rows: Sequence[tuple[str, list[float | None], float | None, Metric]]) -> str:
    count = len(rows[0][1]) if rows else 1
    group_h = count * _BAR_H + _GAP
    height = len(rows) * group_h + _GAP
    width = _LABEL_W + _BAR_W + 90
    parts = [
        f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' role='img'>"
    ]
    for index, (label, values, limit, metric) in enumerate(rows):
        top = _GAP + index * group_h
        scale = 1.0 if not metric.unit else max([v for v in values if v] + [limit or 0, 1]) * 1.1
        parts.append(
            f"<text x='0' y='{top + count * _BAR_H / 2 + 4}' class='label'>{escape(label)}</text>"
        )
        for j, value in enumerate(values):
            y = top + j * _BAR_H
            bar = 0 if value is None else max(0.0, min(1.0, value / scale)) * _BAR_W
            colour = COLOURS[j % len(COLOURS)]
            parts.append(
                f"<rect x='{_LABEL_W}' y='{y + 1}' width='{bar:.1f}' height='{_BAR_H - 2}' "
                f"fill='{colour}'><title>{escape(_value(value, metric))}</title></rect>"
            )
            parts.append(
                f"<text x='{_LABEL_W + bar + 4:.1f}' y='{y + _BAR_H - 3}' class='value'>"
                f"{escape(_value(value, metric))}</text>"
            )
        if limit is not None:
            x = _LABEL_W + min(1.0, limit / scale) * _BAR_W
            parts.append(
                f"<line x1='{x:.1f}' x2='{x:.1f}' y1='{top - 2}' y2='{top + count * _BAR_H + 2}' "
                f"class='limit'><title>threshold {limit}</title></line>"
            )
    parts.append("</svg>")
    return "".join(parts)


def _html_item(run: ItemRun, score: ItemScore) -> str:
    item, answer = run.item, run.answer
    history = (
        f"<p><b>Earlier turns:</b> {escape(' / '.join(item.history))}</p>" if item.history else ""
    )
    citations = "".join(
        f"<li><b>[{c.n}]</b> {escape(c.passage.chunk.source)}: "
        f"{escape(textwrap.shorten(c.passage.chunk.text, EXCERPT_CHARS, placeholder=' …'))}</li>"
        for c in answer.citations
    )
    missed = "".join(f"<li>{escape(line)}</li>" for line in score.missed())
    refused = " <span class='tag'>refused</span>" if answer.refused else ""
    return (
        f"<section class='item' id='{escape(item.id)}'>"
        f"<h3>{escape(item.id)} <span class='tag'>{escape(item.category)}</span> "
        f"<span class='tag'>{escape(score.failure or '')}</span></h3>"
        f"<p><b>Question:</b> {escape(item.question)}</p>{history}"
        f"<p><b>Answer</b>{refused}:</p><pre>{escape(answer.text)}</pre>"
        + (f"<p><b>Citations:</b></p><ol class='cites'>{citations}</ol>" if citations else "")
        + f"<p><b>Missed:</b></p><ul class='missed'>{missed}</ul></section>"
    )


_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>
body {{ font: 15px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 60em; color: #222; padding: 0 1em; }}
h1 small {{ color: #777; font-weight: normal; font-size: 60%; }}
table {{ border-collapse: collapse; }} th, td {{ padding: .2em .7em; border-bottom: 1px solid #ddd; text-align: left; }}
td.miss {{ color: #a00; font-weight: bold; }} code {{ color: #666; font-size: 85%; }}
.charts {{ display: flex; flex-wrap: wrap; gap: 1em 2em; }} figure {{ margin: 0; }}
figcaption {{ font-weight: bold; text-transform: capitalize; margin-bottom: .3em; }}
svg .label, svg .value {{ font: 12px system-ui, sans-serif; fill: #333; }}
svg .limit {{ stroke: #a00; stroke-width: 1.5; stroke-dasharray: 3 2; }}
.legend {{ list-style: none; padding: 0; }} .swatch {{ display: inline-block; width: .9em; height: .9em; margin-right: .4em; }}
.ok {{ color: #2a7a3a; font-weight: bold; }} .bad {{ color: #a00; }}
.item {{ border-left: 4px solid #d08c35; padding: .2em 1em; margin: 1.2em 0; background: #faf8f5; }}
.item pre {{ white-space: pre-wrap; background: #fff; padding: .5em; border: 1px solid #eee; }}
.tag {{ font-size: 75%; background: #eee; padding: .1em .4em; border-radius: .3em; font-weight: normal; }}
.missed li {{ color: #a00; }}
</style></head>
<body>
{body}
</body></html>
"""
