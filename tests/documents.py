"""Real Word files, saved web pages and scanned PDFs written at test time by real writers:
python-docx, an HTML page as a journal site serves it, Pillow and reportlab, msoffcrypto-tool."""

from __future__ import annotations

import io
from html import escape
from pathlib import Path

import docx
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from tests.pdfs import wrap

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
SCAN_DPI = 200


def write_docx(
    path: Path,
    title: str,
    sections: dict[str, list[str]],
    *,
    author: str = "",
    table: list[list[str]] | None = None,
    bullets: tuple[str, ...] = (),
    footnote: str | None = None,
) -> Path:
    """A Word document: a Title paragraph, one Heading 1 and its paragraphs per section, then
    bullets and a table under the first section, and a real footnote on its first paragraph."""
    document = docx.Document()
    document.core_properties.author = author
    document.add_paragraph(title, style="Title")
    for index, (heading, paragraphs) in enumerate(sections.items()):
        document.add_heading(heading, level=1)
        for paragraph in paragraphs:
            document.add_paragraph(paragraph)
        if index == 0:
            for item in bullets:
                document.add_paragraph(item, style="List Bullet")
            if table:
                _add_table(document, table)
            if footnote:
                add_footnote(document, document.paragraphs[2], footnote)
    document.save(str(path))
    return path


def _add_table(document: docx.document.Document, rows: list[list[str]]) -> None:
    grid = document.add_table(rows=len(rows), cols=len(rows[0]))
    for cells, row in zip(rows, grid.rows):
        for text, cell in zip(cells, row.cells):
            cell.text = text


def add_footnote(document: docx.document.Document, paragraph: object, text: str) -> None:
    """A footnote as Word stores it: a footnotes part related to the document, and a
    footnoteReference run in the paragraph (python-docx has no API for either)."""
    xml = (
        f'<w:footnotes xmlns:w="{_W_NS}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
        "</w:r></w:p></w:footnote>"
        f'<w:footnote w:id="1"><w:p><w:r><w:t>{escape(text)}</w:t></w:r></w:p></w:footnote>'
        "</w:footnotes>"
    )
    part = Part(
        PackURI("/word/footnotes.xml"), CONTENT_TYPE.WML_FOOTNOTES, xml.encode(),
        document.part.package,
    )  # fmt: skip
    document.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
    reference = OxmlElement("w:footnoteReference")
    reference.set(qn("w:id"), "1")
    paragraph.add_run()._r.append(reference)  # type: ignore[attr-defined]


def encrypt_docx(source: Path, path: Path, password: str = "secret") -> Path:
    """The Word file protected with a password, as Word's "Encrypt with Password" stores it."""
    from msoffcrypto.format.ooxml import OOXMLFile

    with source.open("rb") as plain, path.open("wb") as encrypted:
        OOXMLFile(plain).encrypt(password, encrypted)
    return path


def write_saved_page(
    path: Path, title: str, paragraphs: dict[str, list[str]], *, meta: dict[str, list[str]]
) -> Path:
    """A journal article page as a browser saves it: meta tags, a navigation bar, an advert,
    a cookie banner, the article (headings and paragraphs) and a footer."""
    tags = "".join(
        f'<meta name="{escape(name)}" content="{escape(value)}">'
        for name, values in meta.items()
        for value in values
    )
    body = "".join(
        f"<h2>{escape(heading)}</h2>" + "".join(f"<p>{escape(p)}</p>" for p in texts)
        for heading, texts in paragraphs.items()
    )
    path.write_text(
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{escape(title)} | "
        f"Journal site</title>{tags}</head><body>{NAVIGATION}{ADVERT}"
        f"<main><article><h1>{escape(title)}</h1>{body}</article></main>{FOOTER}</body></html>",
        encoding="utf-8",
    )
    return path


NAV_TEXT = "Browse the whole catalogue of quarterly periodicals"
ADVERT_TEXT = "Upgrade to the premium caseload dashboard for a low monthly price"
FOOTER_TEXT = "Harbourside Academic Press is registered in Wales as company 99887766"
NAVIGATION = (
    "<header><nav><ul><li><a href='/'>Home</a></li><li><a href='/browse'>"
    f"{NAV_TEXT}</a></li><li><a href='/about'>About the press and its editorial boards</a>"
    "</li></ul></nav></header>"
)
ADVERT = (
    f"<aside class='advert'><p>Advertisement</p><p>{ADVERT_TEXT}. Book a demonstration "
    "with our sales team this week.</p></aside><div id='cookie-banner'><p>We use cookies to "
    "improve your experience of this website.</p></div>"
)
FOOTER = (
    f"<footer><p>{FOOTER_TEXT}.</p><p>Sitemap, accessibility statement and modern slavery "
    "statement for this publisher.</p></footer>"
)


def write_scanned_pdf(path: Path, pages: list[str]) -> Path:
    """A PDF of page images and no text layer, like a scanner's: each page's text drawn onto
    an A4 image with Pillow, then placed on a page with reportlab."""
    pdf = canvas.Canvas(str(path), pagesize=A4)
    for text in pages:
        pdf.drawImage(ImageReader(page_image(text)), 0, 0, width=A4[0], height=A4[1])
        pdf.showPage()
    pdf.save()
    return path


def page_image(text: str) -> Image.Image:
    """Black text on a white A4 page at ``SCAN_DPI``, wrapped like a printed report."""
    width, height = round(A4[0] / 72 * SCAN_DPI), round(A4[1] / 72 * SCAN_DPI)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=34)
    y = 160
    for paragraph in text.split("\n\n"):
        for line in wrap(paragraph, 62):
            draw.text((140, y), line, fill=0, font=font)
            y += 52
        y += 40
    return image


def image_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
