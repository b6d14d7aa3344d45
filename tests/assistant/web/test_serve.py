"""Serving: a login is required off loopback; upload progress reaches the page's bar."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from gradio_client import Client

from assistant.errors import MissingCredentials
from assistant.settings import AppSettings
from assistant.web.app import UploadProgress, credentials, is_loopback
from tests.assistant.web.conftest import running_app


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "localhost"])
def test_loopback_needs_no_login(host: str) -> None:
    assert is_loopback(host)
    assert credentials(host, AppSettings()) is None


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "carechat.example.org"])
def test_any_other_interface_refuses_to_start_without_a_login(host: str) -> None:
    assert not is_loopback(host)
    with pytest.raises(
        MissingCredentials, match="CARECHAT_APP__USERNAME and CARECHAT_APP__PASSWORD"
    ):
        credentials(host, AppSettings())


def test_a_login_is_used_wherever_the_app_listens() -> None:
    login = AppSettings(username="lead", password="s3cret")
    assert credentials("0.0.0.0", login) == ("lead", "s3cret")
    assert credentials("127.0.0.1", login) == ("lead", "s3cret")
    with pytest.raises(MissingCredentials, match="set both"):
        credentials("127.0.0.1", AppSettings(username="lead"))


def test_serve_on_all_interfaces_without_login_exits_with_one_line(tmp_path: Path) -> None:
    env = {**os.environ, "CARECHAT_DATA_DIR": str(tmp_path / "data")}
    env.pop("CARECHAT_APP__USERNAME", None)
    env.pop("CARECHAT_APP__PASSWORD", None)
    carechat = Path(sys.executable).parent / "carechat"
    result = subprocess.run(
        [str(carechat), "serve", "--host", "0.0.0.0", "--port", "9"],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.startswith("error: refusing to serve on 0.0.0.0 without a login")
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "data" / "chroma").exists(), "refused before touching the index"


def test_upload_progress_moves_one_bar_across_files_and_batches() -> None:
    calls: list[tuple[float, str]] = []
    progress = UploadProgress(lambda fraction, desc: calls.append((fraction, desc)))
    progress.file_started(0, 2, "a.pdf")
    progress.batch_done(1, 2)
    progress.batch_done(2, 2)
    progress.file_started(1, 2, "b.md")
    progress.batch_done(1, 1)
    assert [fraction for fraction, _ in calls] == [0.0, 0.25, 0.5, 0.5, 1.0]
    assert calls[0][1] == "Reading a.pdf (1 of 2)"
    assert calls[1][1] == "Embedding a.pdf: batch 1 of 2"


@pytest.mark.slow
def test_with_a_login_set_the_running_app_asks_for_it(tmp_path: Path) -> None:
    login = {"APP__USERNAME": "lead", "APP__PASSWORD": "s3cret"}
    with running_app(tmp_path / "data", **login) as app:
        with pytest.raises(ValueError, match="login"):
            Client(app.url, verbose=False, download_files=False)
        client = Client(app.url, auth=("lead", "s3cret"), verbose=False, download_files=False)
        table, *_ = client.predict([], api_name="/documents")
        client.close()
    assert "002_ad9f423ab965abb9.txt" in table
