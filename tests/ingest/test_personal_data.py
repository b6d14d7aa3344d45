"""A case file loaded by mistake is recognised; research papers are not mistaken for one."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from ingest.loaders import load_file
from ingest.personal_data import (
    ADDRESS,
    BIRTH_DATE,
    EMAIL,
    NATIONAL_INSURANCE,
    NHS,
    PHONE,
    describe_findings,
    find_personal_data,
    nhs_check_digit_ok,
)
from ingest.pipeline import clean_document

CORPUS = Path(__file__).resolve().parents[2] / "ingest" / "corpus"

CASE_FILE = """Children's Services referral record (OFFICIAL-SENSITIVE)

Child: Jane Smith, DOB 03/04/2012. NHS number 943 476 5919.
Mother: Karen Smith (12/11/1985), NI number AB 12 34 56 C; father's NI number CE123456A.
Address: 14 Acacia Road, Headingley, Leeds LS6 2AB.
Contact: mobile 07700 900123, home (0113) 496 0000, father +44 (0)20 7946 0018.
Sibling Tom, born on 3 April 2015, NHS number 4010232137, also lives at 14 Acacia Road.
Jane's DOB is recorded again as 03/04/2012 on the school form.
The social worker visited on 5 May 2023 and again on 12/06/2023.
"""
CASE_FILE_EMAILS = [
    "Strategy meeting notes. Attendees listed below.",
    "Mother can be reached at karen.smith@example.com; school: head@acacia-primary.example.org.",
    "Father: d.smith77@example.co.uk. Copy to karen.smith@example.com.",
]

PAPER_PAGE_1 = """Creating a Conducive Zone for Innovation in Children's Social Care

Michelle Lefevre (corresponding author: m.lefevre@example.ac.uk), University of Sussex

Innovation activity in child and family services has accelerated over the past 2 decades
(Smith et al., 2019, pp. 123-145; Jones, 2021). https://doi.org/10.1111/hsc.13456789
"""
PAPER_PAGE_2 = """Methods. Interviews with 21 expert informants (n = 1234567890 records; p < 0.001;
95% CI 1.20-3.40; 2010-2020). Effects were small (d = 0.12, SE 0.034, 1 234 567 cases).
The survey ran from 01.02.2019 to 31.03.2019 across 152 local authorities in England.
See doi:10.1002/9434765919, ISBN 9434765919 and https://example.org/report/9434765919.
School for Policy Studies, University of Bristol, 8 Priory Road, Bristol BS8 1TZ.
"""
PAPER_PAGE_3 = "Discussion. Leaders who protected time for reflection saw more innovation."


def test_every_kind_is_counted_once_per_distinct_value():
    counts = find_personal_data([CASE_FILE])
    assert counts == Counter(
        {
            PHONE: 3,
            NHS: 2,
            NATIONAL_INSURANCE: 2,
            BIRTH_DATE: 3,  # Jane twice, her mother after her name, Tom "born on"
            ADDRESS: 1,  # the same house twice
        }
    )


def test_email_addresses_in_a_case_file_are_counted():
    counts = find_personal_data([CASE_FILE, *CASE_FILE_EMAILS])
    assert counts[EMAIL] == 3


@pytest.mark.parametrize(
    ("number", "valid"),
    [("9434765919", True), ("4010232137", True), ("9434765918", False), ("1234567890", False)],
)
def test_nhs_numbers_need_the_right_check_digit(number, valid):
    assert nhs_check_digit_ok(number) is valid
    spaced = f"{number[:3]} {number[3:6]} {number[6:]}"
    assert find_personal_data([f"NHS no. {spaced}"])[NHS] == int(valid)
    assert find_personal_data([f"NHS no. {number}"])[NHS] == int(valid)


@pytest.mark.parametrize("number", ["QQ 12 34 56 C", "DA123456A", "AO 12 34 56 B", "GB123456C"])
def test_national_insurance_numbers_with_prefixes_never_issued_are_not_counted(number):
    assert not find_personal_data([f"NI number {number}."])


def test_a_national_insurance_number_needs_a_suffix_a_to_d():
    assert not find_personal_data(["Reference AB 12 34 56 E."])
    assert find_personal_data(["Reference AB 12 34 56 D."])[NATIONAL_INSURANCE] == 1


def test_a_research_paper_with_its_corresponding_author_email_passes():
    assert find_personal_data([PAPER_PAGE_1, PAPER_PAGE_2, PAPER_PAGE_3]) == Counter()


def test_two_author_emails_in_the_front_matter_of_a_single_page_text_pass():
    text = PAPER_PAGE_1 + "Co-author: a.n.other@example.ac.uk\n" + PAPER_PAGE_2
    assert find_personal_data([text]) == Counter()


def test_an_email_after_the_front_matter_is_counted():
    page_3 = PAPER_PAGE_3 + " Contact m.lefevre@example.ac.uk for the data."
    counts = find_personal_data([PAPER_PAGE_1, PAPER_PAGE_2, page_3])
    assert counts == Counter({EMAIL: 1})


def test_an_email_after_the_first_3000_characters_of_a_single_page_is_counted():
    text = PAPER_PAGE_1 + PAPER_PAGE_3 * 60 + " Contact j.doe@example.org."
    assert find_personal_data([text]) == Counter({EMAIL: 2})


def test_three_emails_on_the_first_page_are_all_counted():
    page_1 = PAPER_PAGE_1 + "Also a@example.org and b@example.org.\n"
    assert find_personal_data([page_1, PAPER_PAGE_2]) == Counter({EMAIL: 3})


def test_a_name_followed_by_a_date_is_a_birth_date_but_a_citation_is_not():
    assert find_personal_data(["Jane Smith (03/04/2012) was referred."])[BIRTH_DATE] == 1
    assert not find_personal_data(["As Smith and Jones (2012) found, Smith, J. (2019, p. 4)."])


def test_an_organisation_address_is_not_a_home_address():
    assert not find_personal_data(["Leeds City Council, 2 Rossington Street, Leeds LS2 8HD"])
    assert find_personal_data(["Lives at 2 Rossington Street, Leeds LS2 8HD"])[ADDRESS] == 1


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt")), ids=lambda path: path.name)
def test_the_bundled_corpus_holds_no_personal_data(path):
    document = clean_document(load_file(path, 50))
    assert find_personal_data([page.text for page in document.pages]) == Counter()


def test_findings_are_described_by_kind_and_count_never_by_value():
    counts = find_personal_data([CASE_FILE, *CASE_FILE_EMAILS])
    description = describe_findings(counts)
    assert description == (
        "3 email addresses, 3 UK phone numbers, 2 NHS numbers, 2 National Insurance numbers, "
        "3 dates of birth, 1 home address"
    )
    for value in ("karen.smith", "07700", "943 476", "AB 12", "03/04/2012", "Acacia", "LS6"):
        assert value not in description
    assert describe_findings(Counter({NHS: 1})) == "1 NHS number"
    assert describe_findings(Counter()) == "no personal data"
