"""One owner for a data folder's Chroma store, because Chroma's embedded client is not safe
across processes (a second process neither sees the first one's writes nor may write safely).

``carechat serve`` hosts the store: it runs ``chroma run`` on a loopback port for the data
folder, stopped with the app, and writes its address to ``DATA/chroma-server.json``. Any other
process finds the address there and connects as a client, so every process sees every change on
its next call. When no app hosts the store, a process opens it embedded and holds the lock
``DATA/chroma.lock`` while it does; another process is then refused with a message saying what
to do, never let in.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Self
from urllib.error import URLError
from urllib.request import urlopen

from filelock import FileLock, Timeout

from assistant.errors import StoreBusy, StoreError

SERVER_FILE = "chroma-server.json"
LOCK_FILE = "chroma.lock"
OWNER_FILE = "chroma.owner"  # who holds the lock, for the message a refused process shows
STORE_FOLDER = "chroma"
HEARTBEAT_TIMEOUT_S = 2.0
SERVER_START_S = 60.0

_locks: dict[Path, FileLock] = {}
_locks_guard = threading.Lock()


def hosted_url(data_dir: Path) -> str | None:
    """The address of the server hosting this data folder's store, when one answers."""
    info = _read_server_file(data_dir)
    if info is None or not _answers(info["url"]):
        return None
    return str(info["url"])


def claim(data_dir: Path) -> None:
    """Hold the data folder's store for this process (re-entrant: every claim needs a release).

    Raises ``StoreBusy`` when another process holds it."""
    lock = _lock_for(data_dir)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise StoreBusy(_busy_message(data_dir)) from None
    if lock.lock_counter == 1:
        (data_dir / OWNER_FILE).write_text(f"{os.getpid()} {_command()}", encoding="utf-8")


def release(data_dir: Path) -> None:
    lock = _lock_for(data_dir)
    if lock.is_locked:
        lock.release()


def _lock_for(data_dir: Path) -> FileLock:
    key = data_dir.resolve()
    with _locks_guard:
        if key not in _locks:
            key.mkdir(parents=True, exist_ok=True)
            # One lock object per folder and process, shared by its threads: the app's handlers
            # run on many threads and must not lock each other out.
            _locks[key] = FileLock(key / LOCK_FILE, thread_local=False)
        return _locks[key]


def _busy_message(data_dir: Path) -> str:
    try:
        pid, _, command = (data_dir / OWNER_FILE).read_text(encoding="utf-8").partition(" ")
        holder = f"`{command}` (process {pid})"
    except OSError:
        holder = "another carechat process"
    return (
        f"the index in {data_dir} is in use by {holder}: wait for it to finish, or run "
        "`carechat serve` first so that the app and commands share the index"
    )


def _command() -> str:
    return " ".join(["carechat", *sys.argv[1:2]]) if sys.argv[1:] else Path(sys.argv[0]).name


@dataclass
class StoreHost:
    """Runs the data folder's store as a Chroma server for as long as the block lasts.

    ``with StoreHost(data_dir): ...``: the lock is claimed first (so no embedded user is
    active), the server is started on a free loopback port, and its address is written for
    other processes. The server is stopped and the address removed on exit, and the server
    dies with this process even when it is killed."""

    data_dir: Path
    process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Self:
        claim(self.data_dir)
        try:
            _stop_orphan(self.data_dir)
            url = self._start()
            assert self.process is not None
            _write_server_file(self.data_dir, url, self.process.pid)
        except BaseException:
            self._stop()
            release(self.data_dir)
            raise
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        (self.data_dir / SERVER_FILE).unlink(missing_ok=True)
        self._stop()
        release(self.data_dir)

    def _start(self) -> str:
        port = free_port()
        log = (self.data_dir / "chroma-server.log").open("wb")
        command = [*_DIES_WITH_PARENT, chroma_command(), "run", "--path",
                   str(self.data_dir / STORE_FOLDER), "--host", "127.0.0.1", "--port", str(port)]  # fmt: skip
        env = {**os.environ, "ANONYMIZED_TELEMETRY": "False", "NO_COLOR": "1"}
        self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
        log.close()
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + SERVER_START_S
        while not _answers(url):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise StoreError(
                    f"the Chroma server for {self.data_dir} did not start: see "
                    f"{self.data_dir / 'chroma-server.log'}"
                )
            time.sleep(0.2)
        return url

    def _stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _read_server_file(data_dir: Path) -> dict[str, Any] | None:
    try:
        info = json.loads((data_dir / SERVER_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return info if isinstance(info, dict) and isinstance(info.get("url"), str) else None


def _write_server_file(data_dir: Path, url: str, server_pid: int) -> None:
    """Written whole or not at all: a reader never sees half an address."""
    partial = data_dir / f"{SERVER_FILE}.{os.getpid()}"
    info = {"url": url, "pid": os.getpid(), "server_pid": server_pid}
    partial.write_text(json.dumps(info), encoding="utf-8")
    partial.replace(data_dir / SERVER_FILE)


def _stop_orphan(data_dir: Path) -> None:
    """A server whose app was killed on a system without parent-death signals: stop it."""
    info = _read_server_file(data_dir)
    server_pid = info.get("server_pid") if info else None
    if info and isinstance(server_pid, int) and _answers(info["url"]):  # not a reused pid
        try:
            os.kill(server_pid, signal.SIGTERM)
        except OSError:
            pass
    (data_dir / SERVER_FILE).unlink(missing_ok=True)


def _answers(url: str) -> bool:
    try:
        with urlopen(f"{url}/api/v2/heartbeat", timeout=HEARTBEAT_TIMEOUT_S) as response:
            return bool(response.status == 200)
    except (URLError, OSError, ValueError):
        return False


def free_port() -> int:
    """A free loopback port (free when asked: start the server at once)."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def chroma_command() -> str:
    """The `chroma` command of the chromadb package, beside this Python first."""
    beside_python = Path(sys.executable).parent / "chroma"
    if beside_python.exists():
        return str(beside_python)
    import shutil

    found = shutil.which("chroma")
    if found is None:
        raise StoreError("the `chroma` command (from the chromadb package) is not installed")
    return found


# Runs the command it is given after asking Linux to end it when its parent (the app) ends,
# even by ``kill -9``; elsewhere the next app stops an orphan (``_stop_orphan``).
_SET_DEATH_SIGNAL_THEN_EXEC = (
    "import ctypes, os, signal, sys; "
    "ctypes.CDLL(None).prctl(1, signal.SIGTERM); os.execv(sys.argv[1], sys.argv[1:])"
)
_DIES_WITH_PARENT = (
    [sys.executable, "-c", _SET_DEATH_SIGNAL_THEN_EXEC] if sys.platform.startswith("linux") else []
)
