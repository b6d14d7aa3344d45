"""BibTeX and RIS in and out, and attaching an export's entries to stored documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import BadBibliography, DocumentError
from assistant.models import Reference
from ingest.bibfiles import (
    BibEntry,
    citation_keys,
    embedded_reference,
    match_entries,
    read_bibliography,
    write_bibtex,
    write_ris,
)
from ingest.cleaning import clean_pages

ZOTERO_BIB = r"""
@article{lefevre_creating_2025,
	title = {Creating a {Conducive} {Zone} for {Innovation} in {Children}'s {Social} {Care}},
	volume = {2025},
	issn = {0966-0410},
	url = {https://onlinelibrary.wiley.com/doi/abs/10.1155/hsc/8813579?af=R&x=1},
	doi = {10.1155/hsc/8813579},
	number = {1},
	journal = {Health \& Social Care in the Community},
	author = {Lef{\`e}vre, Michelle and Temperley, Julie and Goldsmith, Carlie and Hampson, Martin},
	year = {2025},
	pages = {8813579},
	file = {Full Text PDF:/home/trainer/Zotero/storage/8QXJ2K4M/Lefevre et al. - 2025 - Creating a Conducive Zone.pdf:application/pdf;Snapshot:/home/trainer/Zotero/storage/8QXJ2K4M/8813579.html:text/html},
}

@techreport{who_2019,
	title = {Guidelines on parenting interventions},
	author = {{World Health Organization}},
	institution = {WHO},
	year = {2019},
	file = {Full Text:C\:\\Users\\trainer\\Zotero\\storage\\AB12\\who_parenting.pdf:application/pdf},
}
"""

ENDNOTE_RIS = """TY  - JOUR
AU  - Patton, Sonia
AU  - McGlade, Anne
AU  - Elliott, Joe
TI  - Does training in co-production lead to any real change in practice?: Reflections from practitioners in Northern Ireland
T2  - Journal of Integrated Care
PY  - 2020
VL  - 28
IS  - 3
SP  - 211
EP  - 223
DO  - 10.1108/JICA-01-2020-0002
PB  - Emerald
L1  - file:///home/trainer/Library/Patton%202020.pdf
ER  - 

TY  - RPRT
AU  - Munro, Eileen
TI  - The Munro review of child protection: final report, a child-centred system
PY  - 2011
PB  - Department for Education
ER  - 
"""

PATTON_TITLE = (
    "Does training in co-production lead to any real change in practice? Reflections from "
    "practitioners in Northern Ireland"
)

REFERENCES = [
    Reference(
        title="Creating a conducive zone: 50% & more_x ~ \\ #",
        authors=("Lefèvre, Michelle", "Temperley, Julie", "World Health Organization"),
        year=2025,
        journal="Health & Social Care in the Community",
        volume="2025",
        issue="1",
        pages="10-20",
        doi="10.1002/(SICI)1099-0852_x",
        url="https://example.org/a?b=1&c=2%20d",
    ),
    Reference(title="Working Together", authors=("Lefèvre, Michelle",), year=2025, publisher="HM Government"),
    Reference(title="A note with no author or year"),
]  # fmt: skip


def written(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_zotero_bibtex_export_is_read_with_names_decoded_and_its_files(tmp_path):
    lefevre, who = read_bibliography(written(tmp_path, "library.bib", ZOTERO_BIB))
    assert lefevre.key == "lefevre_creating_2025"
    assert lefevre.reference.authors[0] == "Lefèvre, Michelle"
    assert lefevre.reference.title.startswith("Creating a Conducive Zone for Innovation")
    assert lefevre.reference.journal == "Health & Social Care in the Community"
    assert lefevre.reference.url.endswith("?af=R&x=1")  # addresses are not LaTeX-decoded
    assert lefevre.file and lefevre.file.endswith(
        "Lefevre et al. - 2025 - Creating a Conducive Zone.pdf"
    )
    assert who.reference.authors == ("World Health Organization",)
    assert who.reference.publisher == "WHO"
    assert who.file == r"C:\Users\trainer\Zotero\storage\AB12\who_parenting.pdf"


def test_an_ris_export_is_read_with_its_attachment(tmp_path):
    patton, munro = read_bibliography(written(tmp_path, "export.ris", ENDNOTE_RIS))
    assert patton.reference == Reference(
        title="Does training in co-production lead to any real change in practice?: "
        "Reflections from practitioners in Northern Ireland",
        authors=("Patton, Sonia", "McGlade, Anne", "Elliott, Joe"),
        year=2020,
        journal="Journal of Integrated Care",
        publisher="Emerald",
        volume="28",
        issue="3",
        pages="211-223",
        doi="10.1108/JICA-01-2020-0002",
    )
    assert patton.file == "/home/trainer/Library/Patton 2020.pdf"
    assert munro.reference.publisher == "Department for Education" and munro.file is None


def test_a_file_of_another_name_is_told_by_its_first_line(tmp_path):
    assert len(read_bibliography(written(tmp_path, "export.txt", ENDNOTE_RIS))) == 2
    assert len(read_bibliography(written(tmp_path, "zotero.txt", ZOTERO_BIB))) == 2


def test_references_are_attached_to_documents_by_file_and_by_title(tmp_path):
    entries = [
        *read_bibliography(written(tmp_path, "library.bib", ZOTERO_BIB)),
        *read_bibliography(written(tmp_path, "export.ris", ENDNOTE_RIS)),
    ]
    documents = [
        ("d1", "/data/uploads/lefevre_et_al._-_2025_-_creating_a_conducive_zone.pdf", "Zone"),
        ("d2", "/data/uploads/patton.pdf", PATTON_TITLE),  # "?:" in the entry, "?" here
        ("d3", "/data/uploads/munro.pdf", "The Munro Review of Child Protection"),  # contained
        ("d4", "/data/uploads/notes.txt", "Social care"),  # too short to be contained
        ("d5", "/elsewhere/who_parenting.pdf", "Untitled"),
    ]  # fmt: skip
    matched = match_entries(entries, documents)
    assert sorted(matched) == ["d1", "d2", "d3", "d5"]
    assert matched["d1"].authors[0] == "Lefèvre, Michelle"
    assert matched["d2"].doi == "10.1108/JICA-01-2020-0002"
    assert matched["d3"].authors == ("Munro, Eileen",)
    assert matched["d5"].authors == ("World Health Organization",)


def test_a_document_two_entries_could_fit_gets_neither():
    entries = [
        BibEntry(Reference(title="Signs of Safety in English local authorities: interim report")),
        BibEntry(Reference(title="Signs of Safety in English local authorities: final report")),
    ]
    documents = [("d1", "/x/sos.pdf", "Signs of Safety in English local authorities")]
    assert match_entries(entries, documents) == {}
    same_twice = [entries[0], BibEntry(entries[0].reference, key="again")]
    assert match_entries(same_twice, documents)["d1"] == entries[0].reference


@pytest.mark.parametrize("write", [write_bibtex, write_ris])
def test_written_references_read_back_equal(tmp_path, write):
    suffix = ".bib" if write is write_bibtex else ".ris"
    entries = read_bibliography(written(tmp_path, "out" + suffix, write(REFERENCES)))
    assert [entry.reference for entry in entries] == REFERENCES
    assert [entry.key for entry in entries] == ["Lefevre2025a", "Lefevre2025b", "Note"]


def test_bibtex_types_and_escapes():
    text = write_bibtex(REFERENCES)
    assert "@article{Lefevre2025a," in text and "@techreport{Lefevre2025b," in text
    assert "50\\% \\& more\\_x" in text
    assert "{World Health Organization}" in text  # braced: never split into given and family
    assert "pages = {10--20}" in text


def test_keys_are_stable_and_deduplicated():
    refs = [
        Reference(authors=("Munro, Eileen",), year=2011),
        Reference(authors=("Lefèvre, Michelle",), year=2025),
        Reference(authors=("Munro, Eileen",), year=2011),
        Reference(authors=("van der Berg, Jan",)),
        Reference(title="Working together to safeguard children"),
    ]
    assert citation_keys(refs) == [
        "Munro2011a", "Lefevre2025", "Munro2011b", "VanDerBerg", "Working"
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "text", "says"),
    [
        ("broken.bib", "@article{a,\n title = {Unclosed\n", "line 1"),
        ("empty.bib", "% nothing here\n", "no BibTeX entries"),
        ("cut.ris", "TY  - JOUR\nTI  - No end\n", "without its ER line"),
        ("prose.ris", "This is a letter, not a bibliography.\n", "no RIS records"),
        ("garbled.ris", "TY  - JOUR\nthis line is not a tag\nER  - \n", "not valid RIS"),
    ],
)
def test_malformed_files_are_refused_with_a_reason(tmp_path, name, text, says):
    with pytest.raises(BadBibliography, match=says) as caught:
        read_bibliography(written(tmp_path, name, text))
    assert isinstance(caught.value, DocumentError) and name in str(caught.value)


SCHOLAR_PAGE = """Skip to search form Skip to main content
Search 225,837,451 papers from all fields of science
Create Free Account
Participatory budgeting with young people: a process evaluation
@article{Dlamini2024Participatory,
  title={Participatory budgeting with young people: a process evaluation},
  author={Thandiwe Dlamini and Gareth Rowlands},
  journal={Child Care in Practice},
  year={2024}
}
TLDR
Young people given a budget funded projects adults had not prioritised.
Abstract
In 2022 a panel of 14 young people controlled a small grants budget.
Save to Library
"""


def test_a_pages_own_bibtex_entry_gives_its_reference_and_is_no_body_text():
    """A scholarly search site's page opens with menus where a title is looked for; its "Cite"
    export says what the paper is."""
    reference = embedded_reference(SCHOLAR_PAGE)
    assert reference is not None
    assert reference.title == "Participatory budgeting with young people: a process evaluation"
    assert reference.authors == ("Dlamini, Thandiwe", "Rowlands, Gareth")
    assert (reference.year, reference.journal) == (2024, "Child Care in Practice")
    text = clean_pages([SCHOLAR_PAGE]).pages[0]
    assert "14 young people controlled" in text
    for debris in ("@article", "author=", "Skip to", "225,837,451", "Create Free", "Save to",
                   "TLDR", "adults had not prioritised"):  # fmt: skip
        assert debris not in text, debris


def test_a_bibtex_entry_for_another_work_says_nothing_of_the_document():
    """An entry whose title the page does not print elsewhere describes another work (a
    reference list's), and a broken one nothing."""
    other = SCHOLAR_PAGE.replace("Participatory budgeting with young people: a process evaluation\n@", "@")
    assert embedded_reference(other) is None
    never_closed = SCHOLAR_PAGE.replace("\n}\n", "\n")
    assert embedded_reference(never_closed) is None
    assert "14 young people controlled" in clean_pages([never_closed]).pages[0], "nothing lost"
    assert embedded_reference("No entry here.") is None
