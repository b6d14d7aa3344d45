"""Several users at once through gradio_client: no errors, and each gets the answers one user
alone gets (the Assistant is shared by the app's worker threads)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from gradio_client import Client

from tests.assistant.web.conftest import Server

pytestmark = pytest.mark.slow

CLIENTS = 5
QUESTIONS = [
    "How many expert informants were interviewed about innovation?",
    "What helps and what hinders co-production?",
]


def conversation(url: str) -> list[str]:
    """The final answer HTML of each question, asked in order in one new session."""
    client = Client(url, verbose=False, download_files=False)
    try:
        answers = []
        for question in QUESTIONS:
            chat, *_ = client.predict(question, [], api_name="/ask")
            answers.append(chat[-1]["content"])
        return answers
    finally:
        client.close()


def test_concurrent_users_get_the_answers_one_user_gets(server: Server) -> None:
    alone = conversation(server.url)
    with ThreadPoolExecutor(CLIENTS) as pool:
        together = list(pool.map(conversation, [server.url] * CLIENTS))  # raises on any error
    assert all(answers == alone for answers in together)
