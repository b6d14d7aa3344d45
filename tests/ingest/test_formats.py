"""Word documents and saved web pages as users have them, read by ``load_file``: the text in
reading order with headings as sections, and the page's own metadata. No model needed."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import CorruptDocument, EmptyDocument, EncryptedDocument, UnsupportedFile
from assistant.models import Document
from ingest.chunking import chunk_document
from ingest.filetypes import sniff
from ingest.loaders import load_file
from ingest.metadata import extract_reference
from ingest.pipeline import clean_document
from tests.documents import (
    ADVERT_TEXT,
    FOOTER_TEXT,
    NAV_TEXT,
    encrypt_docx,
    write_docx,
    write_saved_page,
)
from tests.pdfs import write_pdf

TITLE = "Peer mentoring in residential children's homes"
SECTIONS = {
    "Background": ["Peer mentors were care leavers employed by the council on fixed contracts."],
    "What young people valued": [
        "Young people trusted mentors who had lived in care themselves.",
        "Mentors who kept in touch after a move were valued most of all.",
    ],
}
ARTICLE = {
    "Introduction": [
        ("Family group conferences give wider family members a formal role in planning for a "
        "child, and this study followed conferences in twelve local authorities."),
    ],
    "Findings": [
        ("Independent coordinators were the strongest enabler of family participation. "
        "Rigid court timescales left too little time to prepare families for the conference."),
        "Private family time, when professionals leave the room, was where plans were made.",
    ],
}
META = {
    "citation_title": ["Family group conferences and the voice of the wider family"],
    "citation_author": ["Okafor, Adaeze", "Brennan, Liam"],
    "citation_publication_date": ["2021/05/03"],
    "citation_doi": ["10.1234/cfsw.2021.0077"],
    "citation_journal_title": ["Child and Family Social Work"],
    "citation_volume": ["26"],
    "citation_issue": ["2"],
    "citation_firstpage": ["211"],
    "citation_lastpage": ["224"],
}


def words(text: str) -> str:
    return " ".join(text.split())


def chunks_of(path: Path) -> list:
    document: Document = clean_document(load_file(path, 50))
    return chunk_document(document, lambda text: len(text.split()), 128, 1)


def test_word_document_keeps_reading_order_headings_lists_tables_and_footnotes(tmp_path):
    path = write_docx(
        tmp_path / "mentoring.docx", TITLE, SECTIONS, author="Okafor, Adaeze; Brennan, Liam",
        table=[["Home", "Mentors"], ["Oakfield", "4"]], bullets=("Weekly group sessions",),
        footnote="Mentors were paid at the council's apprentice rate.",
    )  # fmt: skip
    raw = load_file(path, 50)
    text = raw.pages[0].text
    assert [page.number for page in raw.pages] == [None], "Word has no page numbers"
    order = ["Peer mentors were", "- Weekly group sessions", "Home | Mentors", "Oakfield | 4",
             "# What young people valued", "Young people trusted", "## Notes",
             "[1] Mentors were paid at the council's apprentice rate."]  # fmt: skip
    positions = [text.index(part) for part in order]
    assert positions == sorted(positions)
    assert raw.declared_title == TITLE
    assert raw.reference is not None and raw.reference.authors == ("Okafor, Adaeze", "Brennan, Liam")


def test_word_headings_become_the_sections_passages_are_cited_by(tmp_path):
    path = write_docx(tmp_path / "mentoring.docx", TITLE, SECTIONS)
    sections = {chunk.section for chunk in chunks_of(path) if "trusted mentors" in chunk.text}
    assert sections == {"What young people valued"}
    assert all(chunk.page is None for chunk in chunks_of(path))
    assert not any(TITLE in chunk.text for chunk in chunks_of(path)), "the title is metadata"


def test_saved_web_page_keeps_the_article_and_drops_navigation_adverts_and_footer(tmp_path):
    path = write_saved_page(tmp_path / "fgc.html", META["citation_title"][0], ARTICLE, meta=META)
    text = words(" ".join(chunk.text for chunk in chunks_of(path)))
    for paragraphs in ARTICLE.values():
        assert all(words(paragraph) in text for paragraph in paragraphs)
    for debris in (NAV_TEXT, ADVERT_TEXT, FOOTER_TEXT, "cookies", "Sitemap"):
        assert debris not in text
    findings = [c.section for c in chunks_of(path) if "Private family time" in c.text]
    assert findings == ["Findings"]


def test_saved_web_page_metadata_comes_from_its_meta_tags(tmp_path):
    path = write_saved_page(tmp_path / "fgc.htm", "Some page", ARTICLE, meta=META)
    reference = load_file(path, 50).reference
    assert reference is not None
    assert reference.title == "Family group conferences and the voice of the wider family"
    assert reference.authors == ("Okafor, Adaeze", "Brennan, Liam")
    assert (reference.year, reference.doi) == (2021, "10.1234/cfsw.2021.0077")
    assert (reference.journal, reference.volume, reference.issue, reference.pages) == (
        "Child and Family Social Work", "26", "2", "211-224",
    )  # fmt: skip


def test_dublin_core_tags_and_the_page_title_are_read_too(tmp_path):
    meta = {"DC.creator": ["Adaeze Okafor", "Liam Brennan"], "DC.date": ["2019-11-02"],
            "DC.identifier": ["https://doi.org/10.5555/kin.2019.4"]}  # fmt: skip
    path = write_saved_page(tmp_path / "kin.html", "Kinship care allowances", ARTICLE, meta=meta)
    reference = load_file(path, 50).reference
    assert reference is not None
    assert reference.title == "Kinship care allowances"  # the site's name after "|" left off
    assert reference.authors == ("Okafor, Adaeze", "Brennan, Liam")
    assert (reference.year, reference.doi) == (2019, "10.5555/kin.2019.4")


@pytest.mark.parametrize(
    ("name", "make", "error", "reason"),
    [
        ("notes.docx", lambda p: p.write_bytes(b""), EmptyDocument, "notes.docx is empty"),
        ("notes.docx", lambda p: p.write_bytes(b"PK\x03\x04" + bytes(300)), CorruptDocument,
         "open it in Word and save it again as .docx"),
        ("notes.docx", lambda p: write_pdf(p, [["Some text."]]), CorruptDocument,
         "notes.docx is a PDF, not a Word document: rename it to notes.pdf"),
        ("notes.htm", lambda p: write_pdf(p, [["Some text."]]), CorruptDocument,
         "notes.htm is a PDF, not a web page: rename it to notes.pdf"),
        ("notes.txt", lambda p: write_docx(p, "T", {"A": ["Some text."]}), CorruptDocument,
         "notes.txt is a Word document, not a text file: rename it to notes.docx"),
        ("notes.doc", lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0"), UnsupportedFile,
         "save it as .docx or PDF"),
        ("notes.odt", lambda p: p.write_bytes(b"PK\x03\x04"), UnsupportedFile,
         "save it as .docx or PDF"),
    ],
)  # fmt: skip
def test_bad_word_and_web_files_are_refused_with_the_fix(tmp_path, name, make, error, reason):
    path = tmp_path / name
    make(path)
    with pytest.raises(error, match=reason.replace(".", r"\.")):
        load_file(path, 50)


def test_a_password_protected_word_file_is_refused_with_the_fix(tmp_path):
    plain = write_docx(tmp_path / "plain.docx", TITLE, SECTIONS)
    protected = encrypt_docx(plain, tmp_path / "protected.docx")
    assert sniff(protected.read_bytes()) == "encrypted-office"
    with pytest.raises(EncryptedDocument, match="protected.docx is password-protected: open it"):
        load_file(protected, 50)


def test_markdown_is_read_without_its_inline_markup(tmp_path):
    """"**Authors:** ..." is the authors' line once its asterisks go; links keep their text;
    headings still make sections."""
    path = tmp_path / "fgc.md"
    path.write_text(
        "# Bringing families in early: a family group conferencing pilot\n\n"
        "**Authors:** Rachel Hargreaves and Kwame Osei-Bonsu\n\n"
        "*Child and Family Practice Review*, 2022, 14(3), 211-229\n\n"
        "## Findings\n\nFamilies valued **private family time** and an "
        "[independent coordinator](https://example.org/fgc).\n",
        encoding="utf-8",
    )
    raw = load_file(path, 50)
    text = raw.pages[0].text
    assert "*" not in text and "](" not in text
    assert "Families valued private family time and an independent coordinator." in text
    chunks = chunks_of(path)
    assert [c.section for c in chunks if "private family time" in c.text] == ["Findings"]
    reference = extract_reference(raw)
    assert reference.authors == ("Hargreaves, Rachel", "Osei-Bonsu, Kwame")
    assert (reference.journal, reference.year) == ("Child and Family Practice Review", 2022)
