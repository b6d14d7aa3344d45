"""Find signs that a file is a record about people (a case file), not literature.

A case file loaded by mistake must not become searchable, so ingestion counts personal data in
the cleaned text and refuses a file that holds any. Only counts leave this module: the values
themselves are never returned, logged or put in a message.

What counts, each kind counted once per distinct value:

- email address: any, except author contact details. Up to two distinct addresses that all
  appear in the document's front matter (its first page when it has several pages, else the
  first 3,000 characters) are a paper's corresponding authors and are not counted; an address
  anywhere else, or a third one, and every address in the document counts.
- UK phone number: 01, 02 and 07 numbers with eleven digits, written with spaces, hyphens or a
  bracketed area code, or in +44 form.
- NHS number: ten digits, plain or spaced 3-3-4, whose modulus-11 check digit is right, and not
  part of a DOI, URL, ISBN or other identifier.
- National Insurance number: two prefix letters HMRC issues, six digits, a suffix A-D.
- date of birth: a full date after "DOB", "date of birth" or "born on", or a numeric date right
  after a person's name ("Jane Smith, 03/04/2012").
- home address: a house number and street, then a postcode, with no organisation (university,
  council, school) named just before it: institutional addresses in papers are not homes.

Years, page ranges, DOIs and statistics do not match any of these.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence

EMAIL = "email address"
PHONE = "UK phone number"
NHS = "NHS number"
NATIONAL_INSURANCE = "National Insurance number"
BIRTH_DATE = "date of birth"
ADDRESS = "home address"

_PLURALS = {
    EMAIL: "email addresses",
    PHONE: "UK phone numbers",
    NHS: "NHS numbers",
    NATIONAL_INSURANCE: "National Insurance numbers",
    BIRTH_DATE: "dates of birth",
    ADDRESS: "home addresses",
}
_FRONT_MATTER_CHARS = 3000
_AUTHOR_EMAILS = 2

_EMAIL = re.compile(r"(?<![\w.+-])[\w.%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
_PHONE = re.compile(
    r"(?<![\w+/.-])"  # not the middle of a longer number, DOI or URL
    r"(?:\+44[ -]?(?:\(0\)[ -]?)?|\(?0)"  # +44, +44 (0), 0 or (0
    r"([127](?:\)?[ -]?\d){9})"  # the ten digits after the 0
    r"(?![\w/-]|\.\d)"
)
_NHS = re.compile(r"(?<![\w/.:-])(\d{3})([ -]?)(\d{3})\2(\d{4})(?![\w/-]|\.\d)")
_IDENTIFIER_BEFORE = re.compile(
    r"(isbn|issn|doi|orcid|pmid|pmcid|arxiv|https?:|www\.)\S*\s*$", re.IGNORECASE
)
_NATIONAL_INSURANCE = re.compile(
    r"\b(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
    r" ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b"
)
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_NUMERIC_DATE = r"\d{1,2}(?P<sep>[/.-])\d{1,2}(?P=sep)(?:\d{4}|\d{2})(?![\d/.-]\d)"
_DATE = (
    rf"(?:{_NUMERIC_DATE}|\d{{1,2}}(?:st|nd|rd|th)?(?: of)? {_MONTH},? \d{{4}}"
    rf"|{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?,? \d{{4}})"
)
_LABELLED_BIRTH_DATE = re.compile(
    rf"(?:\bD\.?O\.?B\b\.?|\bdate of birth\b|\bborn on\b)[ \t:,()–-]*(?:(?:is|was) )?({_DATE})",
    re.IGNORECASE,
)
_NAMED_BIRTH_DATE = re.compile(
    rf"\b[A-Z][a-z'’-]+(?: [A-Z][a-z'’-]+){{1,2}} ?[,(] ?({_NUMERIC_DATE})"
)
_POSTCODE = r"[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2}"
_ADDRESS = re.compile(
    r"(?<![\w/.,-])(\d{1,4}[A-Za-z]?)"  # the house number
    r"(?:,?\s+[A-Z][\w'’-]*){1,8}"  # street and town words: Acacia Road, Headingley, Leeds
    rf",?\s+({_POSTCODE})\b"
)
_ORGANISATION_BEFORE = re.compile(
    r"\b(universit\w*|school|college|institute|department|faculty|centre|center|council|"
    r"hospital|trust|foundation|ltd|limited|plc|office)\b",
    re.IGNORECASE,
)
_ORGANISATION_WINDOW = 60


def find_personal_data(pages: Sequence[str]) -> Counter[str]:
    """How many distinct values of each kind of personal data the cleaned pages hold; empty for
    ordinary literature. Kinds are the module's constants (``EMAIL`` ... ``ADDRESS``)."""
    text = "\n\n".join(pages)
    counts: Counter[str] = Counter()
    counts[EMAIL] = _count_emails(pages)
    for kind, find in _FINDERS.items():
        counts[kind] = len(set(find(text)))
    return +counts  # drops the kinds not found


def describe_findings(counts: Counter[str]) -> str:
    """'3 email addresses, 1 NHS number': numbers and kinds only, in a fixed order."""
    parts = [
        f"{counts[kind]} {kind if counts[kind] == 1 else plural}"
        for kind, plural in _PLURALS.items()
        if counts[kind] > 0
    ]
    return ", ".join(parts) or "no personal data"


def _count_emails(pages: Sequence[str]) -> int:
    """Distinct addresses, or none when at most two, all in the front matter: the authors'."""
    found = [
        (match.group().lower(), _in_front_matter(pages, index, match.start()))
        for index, page in enumerate(pages)
        for match in _EMAIL.finditer(page)
    ]
    addresses = {address for address, _ in found}
    authors_only = len(addresses) <= _AUTHOR_EMAILS and all(front for _, front in found)
    return 0 if authors_only else len(addresses)


def _in_front_matter(pages: Sequence[str], index: int, offset: int) -> bool:
    """The first page of several, or the first 3,000 characters of a single page."""
    return index == 0 if len(pages) > 1 else offset < _FRONT_MATTER_CHARS


def _phones(text: str) -> Iterator[str]:
    for match in _PHONE.finditer(text):
        national = match.group(1)
        if len(re.split(r"[ ()-]+", national)) <= 3:  # real numbers come in at most 3 groups
            yield re.sub(r"\D", "", national)


def _nhs_numbers(text: str) -> Iterator[str]:
    for match in _NHS.finditer(text):
        digits = match.group(1) + match.group(3) + match.group(4)
        line_before = text[: match.start()].rsplit("\n", 1)[-1]
        if nhs_check_digit_ok(digits) and not _IDENTIFIER_BEFORE.search(line_before):
            yield digits


def nhs_check_digit_ok(digits: str) -> bool:
    """The NHS modulus-11 check: weights 10 down to 2 on the first nine digits; 11 minus the
    remainder is the tenth digit (11 means 0; 10 means the number is never issued)."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(digit) * weight for digit, weight in zip(digits, range(10, 1, -1)))
    check = 11 - total % 11
    return check != 10 and check % 11 == int(digits[9])


def _national_insurance(text: str) -> Iterator[str]:
    for match in _NATIONAL_INSURANCE.finditer(text):
        yield match.group().replace(" ", "")


def _birth_dates(text: str) -> Iterator[str]:
    for pattern in (_LABELLED_BIRTH_DATE, _NAMED_BIRTH_DATE):
        for match in pattern.finditer(text):
            yield " ".join(match.group(1).split()).lower()


def _addresses(text: str) -> Iterator[str]:
    for match in _ADDRESS.finditer(text):
        before = text[max(0, match.start() - _ORGANISATION_WINDOW) : match.start()]
        before = re.split(r"[.\n]\s", before)[-1]  # the same sentence or line only
        if not _ORGANISATION_BEFORE.search(before):
            yield f"{match.group(1)} {match.group(2).replace(' ', '')}".upper()


_FINDERS: dict[str, Callable[[str], Iterator[str]]] = {
    PHONE: _phones,
    NHS: _nhs_numbers,
    NATIONAL_INSURANCE: _national_insurance,
    BIRTH_DATE: _birth_dates,
    ADDRESS: _addresses,
}
