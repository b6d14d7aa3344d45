"""The folders draw the architecture: every import points down the layers.

ingest -> index -> answer -> the faces (web, CLI), with the language-model path beside the answer
core. The imports are read with ast, so nothing is imported (and no import side effect hides a
violation).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ("assistant.models", "assistant.settings", "assistant.errors", "assistant.terms")
API = ("assistant", "assistant.core")
ANSWER_DEPENDENCIES = ("assistant.prompts", "assistant.index", "ingest.sentences")


@dataclass(frozen=True)
class Rule:
    name: str
    applies_to: tuple[str, ...]  # module prefixes the rule constrains
    may_import: tuple[str, ...]  # project modules (and their children) they may import


RULES = (
    Rule(
        "web/ uses the Assistant API and the shared types only (a session pack is shared data: "
        "the app edits it in place)",
        ("assistant.web",),
        (*SHARED, *API, "assistant.web", "assistant.workspace.packs"),
    ),
    Rule(
        "the CLI uses the Assistant API and the shared types only (the web app and the "
        "evaluation runner are started from it)",
        ("assistant.cli",),
        (*SHARED, *API, "assistant.web.app", "evals.runner"),
    ),
    Rule(
        "answer/ never imports llm/, web/, the CLI or core",
        ("assistant.answer",),
        (*SHARED, *ANSWER_DEPENDENCIES, "assistant.answer"),
    ),
    Rule(
        "llm/ never imports web/, the CLI or core",
        ("assistant.llm",),
        (*SHARED, *ANSWER_DEPENDENCIES, "assistant.answer", "assistant.llm"),
    ),
    Rule(
        "workspace/ (trainers' material) builds on the index and the answer core; never imports "
        "llm/, web/, the CLI or core",
        ("assistant.workspace",),
        (*SHARED, *ANSWER_DEPENDENCIES, "assistant.answer", "assistant.workspace", "ingest"),
    ),
    Rule(
        "index/ imports only the shared modules",
        ("assistant.index",),
        (*SHARED, "assistant.index"),
    ),
    Rule(
        "ingest/ imports only assistant.index, models, settings and errors",
        ("ingest",),
        (*SHARED, "assistant.index", "ingest"),
    ),
    Rule(
        "the shared modules import only each other",
        (*SHARED, "assistant.prompts"),
        SHARED,
    ),
)
PROJECT_PACKAGES = ("assistant", "ingest", "evals")


@dataclass(frozen=True)
class Import:
    module: str
    line: int
    at_module_level: bool


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def project_imports(source: str) -> list[Import]:
    """Every import of a project module in ``source``, with whether it runs at import time."""
    tree = ast.parse(source)
    in_function = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        for inner in ast.walk(node)
    }
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names = [node.module]
        else:
            continue
        found += [
            Import(name, node.lineno, id(node) not in in_function)
            for name in names
            if name.split(".")[0] in PROJECT_PACKAGES
        ]
    return found


def within(module: str, prefixes: tuple[str, ...]) -> bool:
    """``module`` is one of ``prefixes`` or inside one; "assistant" stands for the package's
    public API alone (``from assistant import Assistant``), not for everything under it."""
    return any(
        module == prefix or (prefix != "assistant" and module.startswith(prefix + "."))
        for prefix in prefixes
    )


def sources() -> list[Path]:
    return sorted(p for package in ("assistant", "ingest") for p in (ROOT / package).rglob("*.py"))


def violations(module: str, source: str) -> list[str]:
    found = []
    for imported in project_imports(source):
        where = f"{module}:{imported.line} imports {imported.module}"
        for rule in RULES:
            if within(module, rule.applies_to) and not within(imported.module, rule.may_import):
                found.append(f"{where}: breaks '{rule.name}'")
        if within(imported.module, ("evals",)) and imported.at_module_level:
            found.append(f"{where}: breaks 'nothing in assistant/ imports evals/ at module level'")
    return found


@pytest.mark.parametrize("path", sources(), ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_point_down_the_layers(path):
    assert violations(module_name(path), path.read_text(encoding="utf-8")) == []


def test_every_module_falls_under_a_rule():
    unruled = [
        module_name(p)
        for p in sources()
        if not any(within(module_name(p), rule.applies_to) for rule in RULES)
    ]
    assert sorted(unruled) == ["assistant", "assistant.core"], "the API is the only free module"


def test_a_broken_rule_is_named():
    """The checker itself: each kind of wrong import is caught and its rule named."""
    found = violations("assistant.answer.compose", "from assistant.web.app import serve\n")
    assert len(found) == 1 and "answer/ never imports llm/, web/, the CLI or core" in found[0]
    found = violations("ingest.pipeline", "import assistant.answer.retrieval\n")
    assert len(found) == 1 and "ingest/ imports only" in found[0]
    found = violations("assistant.core", "from evals.runner import run_from_cli\n")
    assert len(found) == 1 and "evals/ at module level" in found[0]
    lazy = "def f():\n    from evals.runner import run_from_cli\n"
    assert violations("assistant.core", lazy) == []


def test_evals_only_lazily_from_the_cli():
    imports = project_imports((ROOT / "assistant" / "cli.py").read_text(encoding="utf-8"))
    evals = [i for i in imports if i.module.startswith("evals")]
    assert evals and not any(i.at_module_level for i in evals)


def test_each_subpackage_says_what_lives_there_and_what_it_may_import():
    for init in sorted((ROOT / "assistant").glob("*/__init__.py")):
        docstring = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
        lines = [line for line in docstring.splitlines() if line.strip()]
        assert len(lines) == 2 and "import" in lines[1], f"{init}: two lines, the second on imports"
