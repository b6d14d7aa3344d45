"""Small local chat servers with scripted replies, for what a real model is too random to show.

``ChatServer`` speaks both the OpenAI chat-completions API (``POST /v1/chat/completions``, SSE
when ``stream`` is true) and the Ollama chat API (``POST /api/chat``, NDJSON lines). The reply is
a function of the messages it receives, so a reply can quote the passages it was given. Every
request body is kept in ``requests`` for tests that check what the model was shown.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self

from ingest.sentences import split_sentences

Messages = list[dict[str, Any]]
Reply = Callable[[Messages], str]
_PASSAGE = re.compile(r"<passage n=(\d+)>\n(.*?)\n</passage>", re.DOTALL)


def passages_in(messages: Messages) -> dict[int, str]:
    """The numbered passages of the answer prompt, as the model saw them."""
    text = "\n".join(str(message.get("content", "")) for message in messages)
    return {int(n): body for n, body in _PASSAGE.findall(text)}


def first_sentence(messages: Messages, n: int) -> str:
    """The first sentence of passage ``n`` of at least five words, without its full stop."""
    sentences = split_sentences(passages_in(messages)[n])
    return next(s for s in sentences if len(s.split()) >= 5).rstrip(".")


@dataclass
class ChatServer:
    """Replies with ``reply(messages)`` split into ``pieces`` streamed chunks.

    ``delay_s`` holds the response back before anything is sent; ``stall_after`` stops sending
    (without closing) after that many chunks, until the test ends.
    """

    reply: Reply
    pieces: int = 8
    delay_s: float = 0.0
    stall_after: int | None = None
    requests: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._stop = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def answer_requests(self) -> list[dict[str, Any]]:
        """Requests for an answer (not for a follow-up rewrite)."""
        return [r for r in self.requests if passages_in(r["messages"])]

    def chunks(self, messages: Messages) -> list[str]:
        text = self.reply(messages)
        size = max(1, -(-len(text) // self.pieces))
        return [text[i : i + size] for i in range(0, len(text), size)]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_: Any) -> None:  # keep test output clean
                pass

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                server.requests.append(body)
                if server._stop.wait(server.delay_s):
                    return
                try:
                    if self.path.endswith("/chat/completions"):
                        self._openai(body)
                    elif self.path == "/api/chat":
                        self._ollama(body)
                    else:
                        self.send_error(404)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test): nothing to do

            def _openai(self, body: dict[str, Any]) -> None:
                chunks = server.chunks(body["messages"])
                if not body.get("stream"):
                    message = {"role": "assistant", "content": "".join(chunks)}
                    self._json({**_openai_head(body), "object": "chat.completion",
                                "choices": [{"index": 0, "message": message,
                                             "finish_reason": "stop"}]})  # fmt: skip
                    return
                self._start("text/event-stream")
                for index, chunk in enumerate(chunks):
                    self._maybe_stall(index)
                    self._line(f"data: {json.dumps(_openai_chunk(body, chunk, None))}\n\n")
                self._line(f"data: {json.dumps(_openai_chunk(body, '', 'stop'))}\n\n")
                self._line("data: [DONE]\n\n")

            def _ollama(self, body: dict[str, Any]) -> None:
                chunks = server.chunks(body["messages"])
                if not body.get("stream", True):
                    self._json(_ollama_line(body, "".join(chunks), done=True))
                    return
                self._start("application/x-ndjson")
                for index, chunk in enumerate(chunks):
                    self._maybe_stall(index)
                    self._line(json.dumps(_ollama_line(body, chunk, done=False)) + "\n")
                self._line(json.dumps(_ollama_line(body, "", done=True)) + "\n")

            def _maybe_stall(self, index: int) -> None:
                if server.stall_after is not None and index == server.stall_after:
                    server._stop.wait()

            def _start(self, content_type: str) -> None:
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                self.end_headers()

            def _line(self, text: str) -> None:
                self.wfile.write(text.encode())
                self.wfile.flush()

            def _json(self, data: dict[str, Any]) -> None:
                payload = json.dumps(data).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        return Handler


def _openai_head(body: dict[str, Any]) -> dict[str, Any]:
    return {"id": "chatcmpl-fake", "created": 0, "model": body.get("model", "fake")}


def _openai_chunk(body: dict[str, Any], text: str, finish: str | None) -> dict[str, Any]:
    delta = {"role": "assistant", "content": text} if text else {}
    return {**_openai_head(body), "object": "chat.completion.chunk",
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}  # fmt: skip


def _ollama_line(body: dict[str, Any], text: str, *, done: bool) -> dict[str, Any]:
    line: dict[str, Any] = {
        "model": body.get("model", "fake"),
        "created_at": "2026-01-01T00:00:00.000000Z",
        "message": {"role": "assistant", "content": text},
        "done": done,
    }
    if done:
        line.update(done_reason="stop", total_duration=1000, load_duration=10,
                    prompt_eval_count=10, prompt_eval_duration=100, eval_count=10,
                    eval_duration=100)  # fmt: skip
    return line
