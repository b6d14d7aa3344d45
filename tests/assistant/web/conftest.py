"""The app as a user meets it: ``carechat serve`` in a subprocess on a free loopback port, the
bundled corpus ingested into its own data folder, and Debian's chromium driven by Playwright.

One server serves the whole session; tests add documents of their own (each about something
the others never mention) and never remove what they did not add.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, sync_playwright

from tests.servers import free_port, stop

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
STARTUP_SECONDS = 300  # loads the model and ingests the corpus first; the machine may be busy
ANSWER_MS = 120_000
_RUNNING = re.compile(r"running at (http://\S+)")
CHECKOUT = Path(__file__).resolve().parents[3]


@dataclass
class Server:
    url: str
    data_dir: Path
    output: list[str]


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """``carechat serve`` exactly as ``make chat`` runs it, on an empty data folder."""
    with running_app(tmp_path_factory.mktemp("app") / "data") as started:
        yield started


@contextmanager
def running_app(data_dir: Path, **settings: str) -> Iterator[Server]:
    """``carechat serve`` on a free port until the block ends; ``settings`` are CARECHAT_
    environment variables without the prefix (``APP__USERNAME="lead"``)."""
    env = {
        **os.environ,
        "CARECHAT_DATA_DIR": str(data_dir),
        "CARECHAT_CONFIG_FILE": str(data_dir.parent / "absent.toml"),
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "CARECHAT_LLM__BACKEND": "extractive",  # the answers these tests expect, word for word
        **{f"CARECHAT_{name}": value for name, value in settings.items()},
    }
    # `python -m assistant.cli` from the checkout under test is what the `carechat` script
    # runs, but it serves this checkout's code even when the script in the environment was
    # installed from another one (a second git worktree sharing the virtual environment).
    command = [sys.executable, "-m", "assistant.cli", "serve", "--port", str(free_port())]
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        cwd=CHECKOUT,
    )  # fmt: skip
    output: list[str] = []
    reader = threading.Thread(target=lambda: output.extend(process.stdout), daemon=True)
    reader.start()
    try:
        yield Server(_wait_for_url(process, output), data_dir, output)
    finally:
        stop(process)
        reader.join(timeout=5)
        assert process.stdout is not None
        process.stdout.close()


def _wait_for_url(process: subprocess.Popen[str], output: list[str]) -> str:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        for line in list(output):
            if match := _RUNNING.search(line):
                return match.group(1)
        if process.poll() is not None:
            break
        time.sleep(0.2)
    pytest.fail("carechat serve did not start:\n" + "".join(output))


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class AppPage:
    """A browser tab on the app, with what it saw: dialogs opened and hosts contacted."""

    page: Page
    output_dir: Path
    dialogs: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    turns: int = 0
    shots: int = 0

    def ask(self, question: str) -> str:
        """Type a question, wait for the complete answer; returns the answer's text."""
        page = self.page
        page.fill("#question textarea", question)
        page.press("#question textarea", "Enter")
        return self.wait_for_answer()

    def wait_for_answer(self) -> str:
        page = self.page
        page.wait_for_selector(f"#sources #turn-{self.turns}", timeout=ANSWER_MS)
        self.turns += 1
        return page.locator("#chat [data-testid=bot]").last.inner_text()

    def turn(self, index: int) -> Locator:
        """The sources panel's section for the index-th question (0 = first)."""
        return self.page.locator(f"#sources #turn-{index}")

    def tab(self, name: str) -> None:
        self.page.get_by_role("tab", name=name).click()

    def screenshot(self, name: str) -> Path:
        self.shots += 1
        path = self.output_dir / f"{self.shots:02d}-{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture
def app_page(browser: Browser, server: Server, output_dir: Path) -> Iterator[AppPage]:
    """A fresh tab with the app loaded (its example questions shown)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    app = AppPage(page, output_dir)
    page.on("dialog", lambda dialog: (app.dialogs.append(dialog.message), dialog.dismiss()))
    page.on("request", lambda request: app.requests.append(request.url))
    page.goto(server.url)
    page.wait_for_selector("#examples button.example >> visible=true", timeout=ANSWER_MS)
    yield app
    context.close()
