"""Concurrent users: `carechat serve` on the bundled corpus, driven through gradio_client.

Starts the app on a fresh data folder, then for each user count runs that many simulated users,
each in its own session asking a fixed number of questions (drawn from the evaluation file, in
a different order per user), and prints errors, p50/p95/max latency and throughput. The first
row is one user alone: the baseline the others are compared with. A question asked during an
upload is timed last. Asserts nothing.

    python benchmarks/load.py [--users 1 20 50] [--questions 3] [--seed 0]
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path[0] = str(Path(__file__).resolve().parent.parent)  # see benchmarks/query.py

import argparse
import os
import random
import re
import statistics
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field

from assistant.index.ownership import free_port
from benchmarks.measure import describe_machine, offline_environment

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS_FILE = ROOT / "evals" / "questions.jsonl"
STARTUP_S = 600


@dataclass
class Run:
    users: int
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    app_cpu: float = 0.0  # the app and its Chroma server
    client_cpu: float = 0.0  # this process: the simulated users' gradio_client sessions

    def row(self) -> str:
        ordered = sorted(self.latencies) or [0.0]
        p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
        rate = len(self.latencies) / self.seconds if self.seconds else 0.0
        return (
            f"{self.users:>5} users  {len(self.latencies):>4} answers  {len(self.errors):>3} errors"
            f"  p50 {statistics.median(ordered):6.2f} s  p95 {p95:6.2f} s  max {ordered[-1]:6.2f} s"
            f"  {rate:5.1f} answers/s  CPU per answer: app {self._per_answer(self.app_cpu)},"
            f" clients {self._per_answer(self.client_cpu)}"
        )

    def _per_answer(self, cpu_seconds: float) -> str:
        return f"{1000 * cpu_seconds / max(len(self.latencies), 1):.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, nargs="+", default=[1, 20, 50])
    parser.add_argument("--questions", type=int, default=3, help="questions per user")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    offline_environment()
    questions = _questions()
    print(describe_machine())
    with tempfile.TemporaryDirectory() as folder, serving(Path(folder) / "data") as (url, pid):
        for users in args.users:
            app_before, client_before = process_tree_cpu(pid), time.process_time()
            run = drive(url, users, args.questions, questions, random.Random(args.seed))
            run.app_cpu = process_tree_cpu(pid) - app_before
            run.client_cpu = time.process_time() - client_before
            print(run.row())
            for error in run.errors[:3]:
                print(f"        error: {error}")
        print(f"question during an upload: {ask_during_upload(url, Path(folder)):.2f} s")


def _questions() -> list[str]:
    from evals.questions import load_questions

    return [item.question for item in load_questions(QUESTIONS_FILE) if not item.history]


def drive(url: str, users: int, per_user: int, questions: list[str], rng: random.Random) -> Run:
    """Every user connects first (a gradio_client Client reads the app's API description, which
    costs more than a question), then all start asking at once."""
    from gradio_client import Client

    run = Run(users)
    lock = threading.Lock()
    plans = [rng.sample(questions, per_user) for _ in range(users)]
    start = threading.Barrier(users + 1)

    def user(plan: list[str]) -> None:
        client = Client(url, verbose=False, download_files=False)
        try:
            start.wait()
            for question in plan:
                asked = time.perf_counter()
                try:
                    client.predict(question, [], api_name="/ask")
                    with lock:
                        run.latencies.append(time.perf_counter() - asked)
                except Exception as exc:  # noqa: BLE001  (a benchmark counts every failure)
                    with lock:
                        run.errors.append(f"{type(exc).__name__}: {exc}")
        finally:
            client.close()

    with ThreadPoolExecutor(users) as pool:
        done = [pool.submit(user, plan) for plan in plans]
        start.wait()
        started = time.perf_counter()
        for future in done:
            future.result()
    run.seconds = time.perf_counter() - started
    return run


def ask_during_upload(url: str, folder: Path) -> float:
    """Seconds a question takes while a 270 KB text file is being ingested."""
    from gradio_client import Client, handle_file

    big = folder / "long-report.txt"
    sentence = "Practitioners in {n} teams described supervision as the enabler of change. "
    big.write_text("".join(sentence.format(n=n) for n in range(3500)))
    uploader = Client(url, verbose=False, download_files=False)
    asker = Client(url, verbose=False, download_files=False)
    try:
        job = uploader.submit([handle_file(str(big))], [], False, api_name="/upload")
        time.sleep(1.0)  # the upload is under way
        started = time.perf_counter()
        asker.predict("What helps and what hinders co-production?", [], api_name="/ask")
        seconds = time.perf_counter() - started
        job.result()
        return seconds
    finally:
        uploader.close()
        asker.close()


def process_tree_cpu(pid: int) -> float:
    """CPU seconds used so far by a process and its children (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for task in [pid, *_children(pid)]:
        try:
            fields = Path(f"/proc/{task}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    return total


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        children = (task / "children").read_text().split() if (task / "children").exists() else []
        for child in map(int, children):
            found += [child, *_children(child)]
    return found


@contextmanager
def serving(data_dir: Path) -> Iterator[tuple[str, int]]:
    env = {**os.environ, "CARECHAT_DATA_DIR": str(data_dir), "CARECHAT_LLM__BACKEND": "extractive",
           "CARECHAT_CONFIG_FILE": str(data_dir.parent / "absent.toml")}  # fmt: skip
    carechat = Path(sys.executable).parent / "carechat"
    process = subprocess.Popen(
        [str(carechat), "serve", "--port", str(free_port())], env=env, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        yield _wait_for_url(process), process.pid
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait_for_url(process: subprocess.Popen[str]) -> str:
    assert process.stdout is not None
    deadline = time.monotonic() + STARTUP_S
    for line in process.stdout:
        if match := re.search(r"running at (http://\S+)", line):
            threading.Thread(target=process.stdout.read, daemon=True).start()  # keep it drained
            return match.group(1)
        if time.monotonic() > deadline:
            break
    raise RuntimeError("carechat serve did not start")


if __name__ == "__main__":
    main()
