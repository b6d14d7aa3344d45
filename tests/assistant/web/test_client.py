"""The same flows through ``gradio_client`` against the running app: the app's API is what
the page uses, so a script (or an evaluator) can drive it too."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from gradio_client import Client, handle_file
from gradio_client.exceptions import AppError

from tests.assistant.web.conftest import Server
from tests.pdfs import write_pdf

pytestmark = pytest.mark.slow

CORPUS_CO_PRODUCTION = "002_ad9f423ab965abb9.txt"


@pytest.fixture
def client(server: Server) -> Iterator[Client]:
    """A fresh session: its own conversation, like a new browser tab."""
    client = Client(server.url, verbose=False, download_files=False)
    yield client
    client.close()


def _ask(client: Client, question: str, doc_ids: list[str] | None = None) -> tuple[str, str]:
    """The last answer's HTML and the sources panel's HTML."""
    chat, sources, *_ = client.predict(question, doc_ids or [], api_name="/ask")
    return _text(chat[-1]), sources


def _text(message: dict) -> str:
    content = message["content"]
    return content if isinstance(content, str) else "".join(part["text"] for part in content)


def test_lists_the_documents_and_answers_with_a_source(client: Client) -> None:
    table, _, removable, *_ = client.predict([], api_name="/documents")
    assert CORPUS_CO_PRODUCTION in table
    assert {label for label, _ in removable["choices"]} >= {CORPUS_CO_PRODUCTION}

    answer, sources = _ask(client, "How many expert informants were interviewed about innovation?")
    assert "21 expert informants" in answer
    assert 'href="#src-0-1"' in answer
    assert 'id="src-0-1"' in sources and "000_2ab42ee1a9a58a36.txt" in sources


def test_answer_streams_then_completes(client: Client) -> None:
    job = client.submit("What helps and what hinders co-production?", [], api_name="/ask")
    final = job.result()
    updates = job.outputs()
    assert len(updates) > 1, "the answer arrives in pieces, not after a blank wait"
    first_answer = _text(updates[0][0][-1])
    assert len(first_answer) < len(_text(final[0][-1]))


def test_follow_up_keeps_the_conversation(client: Client) -> None:
    _ask(client, "What was the Involving People co-production course?")
    answer, sources = _ask(client, "How many of them were interviewed?")
    assert "Of the 18 staff participants, 5 agreed" in answer
    assert "Searched as:" in sources and "(context: What was the Involving People" in sources

    other_session = Client(client.src, verbose=False, download_files=False)
    try:
        _, sources = _ask(other_session, "How many of them were interviewed?")
        assert "context:" not in sources, "another session has its own conversation"
    finally:
        other_session.close()


def test_upload_a_pdf_ask_about_it_and_remove_it(client: Client, tmp_path: Path) -> None:
    pdf = write_pdf(
        tmp_path / "kinship-groups.pdf",
        [["Kinship care peer support in Cumbria.",
          "Across the programme, 47 kinship carers joined a monthly peer support group."]],
        title="Kinship care peer support in Cumbria",
    )  # fmt: skip
    report, _, table, _, removable, *_ = client.predict(
        [handle_file(str(pdf))], [], api_name="/upload"
    )
    assert "Added kinship-groups.pdf" in report and "kinship-groups.pdf" in table
    doc_id = dict(removable["choices"])["kinship-groups.pdf"]

    answer, sources = _ask(
        client, "How many kinship carers joined the peer support group in Cumbria?"
    )
    assert "47 kinship carers" in answer and "kinship-groups.pdf" in sources

    _, sources = _ask(client, "How many of the 18 staff were interviewed?", [doc_id])
    assert CORPUS_CO_PRODUCTION not in sources, "the filter keeps other documents out"

    report, table, *_ = client.predict(doc_id, [], api_name="/remove")
    assert "Removed kinship-groups.pdf" in report and "kinship-groups.pdf" not in table


def test_rejected_uploads_say_why(client: Client, tmp_path: Path) -> None:
    spreadsheet = tmp_path / "budget.xlsx"
    spreadsheet.write_bytes(b"PK\x03\x04 not a document")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    report, *_ = client.predict(
        [handle_file(str(spreadsheet)), handle_file(str(empty))], [], api_name="/upload"
    )
    assert (
        "Not added: budget.xlsx: budget.xlsx: only .pdf, .docx, .html, .htm, .txt, .md files can be uploaded" in report
    )
    assert "Not added: empty.txt: empty.txt is empty: nothing to ingest" in report


def test_xss_payload_comes_back_escaped(client: Client, tmp_path: Path, server: Server) -> None:
    name = "plan <img src=x onerror=alert(1)>.md"
    (tmp_path / name).write_text(
        "# Safeguarding plan <script>alert('title')</script>\n\n"
        "The safeguarding plan says <img src=x onerror=alert(2)> that social workers visit the "
        "family every week. See [the visit schedule](javascript:alert(3)) for the social "
        "workers' visits under the safeguarding plan.\n",
        encoding="utf-8",
    )
    report, _, table, *_ = client.predict(
        [handle_file(str(tmp_path / name))], [], api_name="/upload"
    )
    for html in (report, table):
        assert "<img" not in html and "<script" not in html
    assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;" in table
    stored = [path.name for path in (server.data_dir / "uploads").iterdir()]
    assert all("<" not in stored_name and " " not in stored_name for stored_name in stored)

    answer, sources = _ask(client, "How often do social workers visit under the safeguarding plan?")
    for html in (answer, sources):
        assert "<img" not in html and "<script" not in html and 'href="javascript:' not in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in answer
    assert "See the visit schedule for the social" in sources  # a Markdown link's text alone
    assert "javascript:" not in sources


def test_an_empty_question_gets_a_message_not_a_traceback(client: Client) -> None:
    with pytest.raises(AppError, match="the question is empty: type a question"):
        client.predict("   ", [], api_name="/ask")


def test_the_same_bytes_uploaded_twice_are_stored_once(
    client: Client, tmp_path: Path, server: Server
) -> None:
    text = "Care leavers in Powys asked for a named worker until the age of twenty-five.\n"
    (tmp_path / "powys.txt").write_text(text)
    (tmp_path / "powys-copy.txt").write_text(text)
    client.predict([handle_file(str(tmp_path / "powys.txt"))], [], api_name="/upload")
    report, _, table, *_ = client.predict(
        [handle_file(str(tmp_path / "powys-copy.txt"))], [], api_name="/upload"
    )
    assert "powys-copy.txt was already in the collection, as powys.txt: stored once" in report
    assert "powys-copy.txt" not in table
    assert not (server.data_dir / "uploads" / "powys-copy.txt").exists(), "no second copy kept"


def test_an_off_topic_question_after_an_on_topic_one_is_refused(client: Client) -> None:
    answer, _ = _ask(client, "How many staff participants agreed to be interviewed?")
    assert "[1]" in answer or 'href="#src-0-1"' in answer
    answer, sources = _ask(client, "What is the capital of France?")
    assert "don&#x27;t answer this question" in answer and "context:" not in sources


def test_personal_data_is_held_back_unless_the_box_is_ticked(client: Client, tmp_path: Path) -> None:
    record = tmp_path / "referral.txt"
    record.write_text(
        "Referral for Jamie Carter, DOB 03/04/2015, NHS number 943 476 5919.\n"
        "The family asked for a carers' group on Saturdays and a school place nearer home.\n"
    )
    report, _, table, *_ = client.predict([handle_file(str(record))], [], api_name="/upload")
    assert "Not added: referral.txt: referral.txt was held back" in report
    assert "NHS number" in report and "943 476 5919" not in report, "counted, never echoed"
    assert "referral.txt" not in table

    report, _, table, *_ = client.predict([handle_file(str(record))], [], True, api_name="/upload")
    assert "Added referral.txt" in report and "referral.txt" in table
    _, _, removable, *_ = client.predict([], api_name="/documents")
    client.predict(dict(removable["choices"])["referral.txt"], [], api_name="/remove")
