"""Bibliographic metadata from what a file says about itself: its first page's lines, a scraped
page's labels, and a PDF's information dictionary and XMP packet."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfWriter

from assistant.models import Reference
from ingest.loaders import load_file
from ingest.metadata import (
    byline_names,
    extract_reference,
    fuller_title,
    person_name,
    reference_from_text,
    split_names,
)
from tests.pdfs import write_pdf

CORPUS = Path(__file__).resolve().parents[2] / "ingest" / "corpus"

XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:prism="http://prismstandard.org/namespaces/basic/2.0/" prism:volume="34">
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">Co-production in practice</rdf:li></rdf:Alt>
   </dc:title>
   <dc:creator><rdf:Seq><rdf:li>Sonia Patton</rdf:li><rdf:li>Anne McGlade</rdf:li></rdf:Seq>
   </dc:creator>
   <dc:publisher><rdf:Bag><rdf:li>Emerald</rdf:li></rdf:Bag></dc:publisher>
   <prism:doi>10.1108/JICA-01-2020-0001</prism:doi>
   <prism:publicationName>Journal of Integrated Care</prism:publicationName>
   <prism:publicationDate>2020-03-01</prism:publicationDate>
   <prism:number>3</prism:number>
   <prism:startingPage>45</prism:startingPage>
   <prism:endingPage>60</prism:endingPage>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""


def corpus_file(prefix: str) -> Path:
    return next(CORPUS.glob(f"{prefix}_*.txt"))


def with_xmp(path: Path, packet: bytes) -> Path:
    """``path`` rewritten by pypdf with an XMP packet (reportlab writes none)."""
    writer = PdfWriter(clone_from=str(path))
    writer.xmp_metadata = packet
    writer.write(str(path))
    return path


def test_the_scraped_journal_page_gives_its_authors_journal_year_volume_and_issue():
    raw = load_file(corpus_file("000"), max_mb=10)
    found = extract_reference(raw)
    assert raw.reference is None  # a text file declares nothing; its lines say it all
    assert found.authors == ("Lefevre, Michelle", "Temperley, Julie", "Goldsmith, Carlie")
    assert found.title == "Creating a Conducive Zone for Innovation in Children’s Social Care"
    assert (found.journal, found.year) == ("Health & Social Care in the Community", 2025)
    assert (found.volume, found.issue) == ("2025", "1")


def test_the_scraped_database_page_gives_family_first_authors_and_its_publisher():
    found = extract_reference(load_file(corpus_file("002"), max_mb=10))
    assert found.authors == ("Patton, Sonia", "McGlade, Anne", "Elliott, Joe")
    assert found.publisher == "Emerald"
    assert found.title.startswith("Does training in co-production lead to any real change")
    assert found.year is None and found.doi == ""  # the page states neither


def test_english_labels_a_journal_line_and_dates():
    page = """Kinship care and the courts Open Access
Authors: Jane Smith, Tom O'Brien and Ann van der Berg
Child Abuse Review, Volume 28, Issue 3, pp. 101-115
Received: 3 May 2018; Published online: 4 January 2019
DOI: https://doi.org/10.1002/car.2561.
The study followed 40 families over two years.
References
Brown, A. (2010) Earlier work. doi:10.1000/wrong.1"""
    found = reference_from_text([page])
    assert found == Reference(
        title="Kinship care and the courts",
        authors=("Smith, Jane", "O'Brien, Tom", "van der Berg, Ann"),
        year=2019,
        journal="Child Abuse Review",
        volume="28",
        issue="3",
        pages="101-115",
        doi="10.1002/car.2561",
    )


def test_a_publication_date_gives_the_year_when_no_journal_line_does():
    assert (
        reference_from_text(["Заголовок статьи о детях\nОпубликована: Март 3, 2021"]).year == 2021
    )
    dated = "A report on fostering\nReceived 2 May 2017\nPublished online 9 June 2018"
    assert reference_from_text([dated]).year == 2018
    assert reference_from_text(["A report on fostering\nReceived 2 May 2017"]).year == 2017


def test_a_journal_line_with_a_bare_year_and_volume_issue():
    page = "Title of the paper here\nJournal of Social Work, 2020, 20(3), 345–367\nBody text."
    found = reference_from_text([page])
    assert (found.journal, found.year, found.volume, found.issue) == (
        "Journal of Social Work",
        2020,
        "20",
        "3",
    )
    assert found.pages == "345–367"


def test_debris_above_a_scraped_title_is_passed_over():
    page = (
        "Язык: Английский\nDownloads: 221\nBack to top\n\n"
        "Does training in family group conferencing change practice?\n\n"
        "Patton A., Williams T.\n\nJournal of Children's Services, 2015\n\nAbstract\n\nText."
    )
    reference = reference_from_text([page])
    assert reference.title == "Does training in family group conferencing change practice?"
    assert reference.authors == ("Patton, A.", "Williams, T.")
    assert (reference.journal, reference.year) == ("Journal of Children's Services", 2015)


def test_a_pdf_running_header_names_the_journal_and_year_not_the_title(tmp_path):
    path = write_pdf(tmp_path / "header.pdf", [[
        "Child Abuse Review (2011)", "1", "What helps kinship carers stay in touch",
        "Sullivan B., Begum E.", "Abstract", "Kinship carers said that peer groups helped.",
    ]])  # fmt: skip
    reference = extract_reference(load_file(path, 10))
    assert reference.title == "What helps kinship carers stay in touch"
    assert (reference.journal, reference.year) == ("Child Abuse Review", 2011)
    assert reference.authors == ("Sullivan, B.", "Begum, E.")


def test_the_printed_title_below_a_running_header_completes_the_declared_one(tmp_path):
    """The PDF declares its main title only; the page prints it with its subtitle, under a
    running header that every page repeats (read as the title before)."""
    header = "Rapid evidence review | Parents as partners in child protection"
    path = write_pdf(
        tmp_path / "review.pdf",
        [
            [header, "Page 1", "Parents as partners in child protection: a rapid",
             "evidence review of co-production with birth parents",
             "Siobhan Gallagher and Ruth Adebayo", "Abstract", "Parent advocates helped."],
            [header, "Page 2", "The power imbalance between parents and professionals."],
        ],
        title="Parents as partners in child protection",
    )  # fmt: skip
    reference = extract_reference(load_file(path, 10))
    full = "Parents as partners in child protection: a rapid evidence review of co-production with birth parents"
    assert reference.title == full
    assert reference.authors == ("Gallagher, Siobhan", "Adebayo, Ruth")


@pytest.mark.parametrize(
    ("declared", "printed", "expected"),
    [
        ("Parents as partners", "Parents as partners: a rapid review", "Parents as partners: a rapid review"),
        ("Parents as partners", "Other words altogether", "Parents as partners"),
        ("Parents as partners: a rapid review", "Parents as partners", "Parents as partners: a rapid review"),
        ("", "Printed title", "Printed title"),
    ],
)  # fmt: skip
def test_the_printed_title_wins_only_when_it_goes_on_from_the_declared_one(
    declared, printed, expected
):
    assert fuller_title(declared, printed) == expected


def test_a_web_pages_byline_gives_its_authors_and_year(tmp_path):
    """The article extraction drops a byline as page furniture; without meta tags it is where
    the page says who wrote it and when."""
    page = tmp_path / "briefing.html"
    page.write_text(
        "<html><head><title>Co-producing family hubs</title></head><body><main>"
        "<h1>Co-producing family hubs</h1><p class='byline'>By Priya Raman and Joe Whitfield, "
        "Children First Alliance. Published 12 June 2024.</p><h2>Key points</h2>"
        "<p>Family hubs designed with parents reached more families than those designed for "
        "them, and a paid parent champion in each hub kept parents involved.</p></main></body></html>"
    )
    reference = extract_reference(load_file(page, 10))
    assert reference.authors == ("Raman, Priya", "Whitfield, Joe")
    assert reference.year == 2024


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("By Priya Raman and Joe Whitfield, Children First Alliance. Published 2024.",
         ("Raman, Priya", "Whitfield, Joe")),
        ("Gwen Pritchard, Daniel Achterberg and Sami Haddad", ("Pritchard, Gwen", "Achterberg, Daniel", "Haddad, Sami")),
        ("By the Children First Alliance research team", ()),
    ],
)  # fmt: skip
def test_a_byline_names_its_people_not_their_organisation(byline, names):
    assert byline_names(byline) == names


def test_a_wrapped_line_of_body_text_is_no_title():
    page = (
        "This evaluation followed twelve teams over two years. Practitioners\n"
        "reported that reflective supervision gave them permission to try new ideas."
    )
    assert reference_from_text([page]).title == ""


def test_header_words_are_not_taken_for_authors_nor_names_for_a_title():
    page = "Research Article\nOpen Access\nWhat works in children's services\nSome text follows."
    assert reference_from_text([page]).authors == ()
    assert reference_from_text(["Jane Smith\nJohn Brown\nAbstract"]).title == ""
    assert reference_from_text(["https://example.org/paper\nMore"]).title == ""
    assert reference_from_text(["Original Article\nMore"]).title == ""
    assert reference_from_text(["Social workers met families weekly.\nMore"]).title == ""
    assert reference_from_text(["# Notes on kinship care\nMore"]).title == "Notes on kinship care"


@pytest.mark.parametrize(
    ("first_line", "second_line"),
    [
        ("Co-producing schools with practice educators: lessons from", "Northern Ireland"),
        ("Family group conferencing in", "West Yorkshire"),
        ("Peer mentoring and", "Young Carers"),
        ("Kinship care in Wales:", "Grandparents Speak"),
        # a short line with a colon that goes on is a title, not a label ("Downloads: 221")
        ("Repairing harm, building trust: restorative practice in", "three residential homes"),
    ],
)
def test_a_title_line_that_cannot_end_there_goes_on_to_the_next(first_line, second_line):
    page = f"{first_line}\n{second_line}\nAhmed W., Nakamura T.\nAbstract\nText."
    found = reference_from_text([page])
    assert found.title == f"{first_line} {second_line}"
    assert found.authors == ("Ahmed, W.", "Nakamura, T.")


@pytest.mark.parametrize(
    ("written", "family_first", "expected"),
    [
        ("Michelle Lefevre", False, "Lefevre, Michelle"),
        ("Patton Sonia", True, "Patton, Sonia"),
        ("Lefevre, Michelle", False, "Lefevre, Michelle"),
        ("J. R. Smith", False, "Smith, J. R."),
        ("Smith JR", False, "Smith, JR"),  # initials are the given names wherever they stand
        ("Jan van der Berg", False, "van der Berg, Jan"),
        ("Michelle Lefevre1,*", False, "Lefevre, Michelle"),  # affiliation marks dropped
        ("UNICEF", False, "UNICEF"),
    ],
)
def test_person_names_come_out_family_comma_given(written, family_first, expected):
    assert person_name(written, family_first=family_first) == expected


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("Patton Sonia,McGlade Anne,Elliott Joe", ("Patton, Sonia", "McGlade, Anne", "Elliott, Joe")),
        ("Michelle Lefevre, Julie Temperley and Carlie Goldsmith",
         ("Lefevre, Michelle", "Temperley, Julie", "Goldsmith, Carlie")),
        ("Lefevre, Michelle; Temperley, Julie", ("Lefevre, Michelle", "Temperley, Julie")),
        ("Lefevre, Michelle, Temperley, Julie", ("Lefevre, Michelle", "Temperley, Julie")),
        ("Michelle Lefevre, Julie Temperley et al.", ("Lefevre, Michelle", "Temperley, Julie")),
    ],
)  # fmt: skip
def test_labelled_author_fields(field, expected):
    assert split_names(field) == expected


def test_a_pdf_information_dictionary_gives_author_and_title(tmp_path):
    path = write_pdf(
        tmp_path / "paper.pdf",
        [["Some body text about supervision in social work teams."]],
        author="Michelle Lefevre; Julie Temperley",
        title="Creating a Conducive Zone for Innovation",
    )
    raw = load_file(path, max_mb=10)
    assert raw.reference is not None
    assert raw.reference.title == raw.declared_title == "Creating a Conducive Zone for Innovation"
    assert raw.reference.authors == ("Lefevre, Michelle", "Temperley, Julie")
    assert extract_reference(raw).authors == ("Lefevre, Michelle", "Temperley, Julie")


def test_xmp_metadata_is_read_back_from_a_real_pdf(tmp_path):
    path = write_pdf(
        tmp_path / "paper.pdf", [["Body text of the paper."]], author="user", title="Untitled"
    )
    raw = load_file(with_xmp(path, XMP.encode()), max_mb=10)
    assert raw.reference == Reference(
        title="Co-production in practice",
        authors=("Patton, Sonia", "McGlade, Anne"),  # "user" in /Author is no author
        year=2020,
        journal="Journal of Integrated Care",
        publisher="Emerald",
        volume="34",
        issue="3",
        pages="45-60",
        doi="10.1108/JICA-01-2020-0001",
    )


def test_a_default_xmp_title_is_no_title(tmp_path):
    path = write_pdf(tmp_path / "paper.pdf", [["Kinship care in Wales", "Body text."]])
    packet = XMP.replace("Co-production in practice", "Microsoft Word - draft3.docx")
    raw = load_file(with_xmp(path, packet.encode()), max_mb=10)
    assert raw.reference is not None and raw.reference.title == ""
    assert extract_reference(raw).title == "Kinship care in Wales"


def test_unreadable_xmp_costs_nothing_but_the_xmp(tmp_path):
    path = write_pdf(tmp_path / "paper.pdf", [["A page about family group conferences."]])
    raw = load_file(with_xmp(path, b"<x:xmpmeta>not xml"), max_mb=10)
    assert raw.pages[0].text.startswith("A page about family group conferences")
    assert raw.reference is None or raw.reference.title == ""


def test_a_doi_printed_on_the_first_page_of_a_pdf(tmp_path):
    path = write_pdf(
        tmp_path / "paper.pdf",
        [
            ["Family group conferences in England", "Jane Smith and Tom Brown",
             "https://doi.org/10.1111/cfs.12345", "Abstract", "Families met with workers."],
            ["References", "Earlier, A. (2001) doi:10.9999/not-this-one"],
        ],
    )  # fmt: skip
    found = extract_reference(load_file(path, max_mb=10))
    assert found.doi == "10.1111/cfs.12345"
    assert found.title == "Family group conferences in England"
    assert found.authors == ("Smith, Jane", "Brown, Tom")


def test_a_year_printed_on_the_page_wins_over_the_pdf_creation_date(tmp_path):
    path = write_pdf(
        tmp_path / "paper.pdf", [["Kinship care in Scotland", "Published: 14 May 2012"]]
    )
    raw = load_file(path, max_mb=10)
    assert raw.reference is not None and raw.reference.year not in (None, 2012)  # made today
    assert extract_reference(raw).year == 2012
