"""Helpers for tests that run real servers on loopback: a free port, waiting for a URL to
answer, and stopping a process whatever state it is in."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.error
import urllib.request
from typing import Any


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_ok(url: str, process: subprocess.Popen[Any], seconds: float) -> str | None:
    """Poll ``url`` until it answers 200. Returns None when it does, else why not (the process
    exited, or the time ran out), for the caller to report with its log."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return f"exited with {process.returncode}"
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return None
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    return f"did not answer {url} within {seconds:.0f}s"


def stop(process: subprocess.Popen[Any], seconds: float = 20) -> None:
    """Terminate, then kill if it does not exit in time."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
