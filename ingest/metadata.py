"""Bibliographic metadata from what a file says about itself.

Cleaning drops a scraped page's labelled lines ("Author:", "Publisher", "Опубликована: ...") as
web-page debris, so ``reference_from_text`` reads the raw pages, before cleaning. General rules,
in any language whose labels are listed in ``_LABELS``:

- **Title**: the first line of the first page (and its continuation lines starting lower case)
  when it reads as a title: two words or more, no closing full stop, not a name, label, address
  or DOI; badges glued to its end ("DOI Creative Commons", "Open Access") stripped.
- **Authors**: a labelled field ("Author:", "Authors", "Автор"), else the name lines just under
  the title ("Michelle Lefevre," one per line, or "A. Smith, B. Jones and C. Brown"); an
  "et al." line ("и другие.", "and others") ends the list.
- **Name order**: names come out "Family, Given". A name with a comma already is family first;
  initials are the given names wherever they stand ("Smith J", "J. Smith"). Otherwise names are
  read given name first, as title pages print them ("Michelle Lefevre"), except in a labelled
  field joined by bare commas ("Patton Sonia,McGlade Anne"): that is a database's export, which
  lists the family name first as Crossref and PubMed do.
- **Journal line**: an unlabelled first part followed by labelled parts, "Health & Social Care in
  the Community, Год журнала: 2025, Номер 2025(1)" or "Child Abuse Review, Volume 12, Issue 3":
  the journal, year, volume and issue ("2025(1)" is volume 2025, issue 1).
- **Year**: a labelled year or a journal line's year (the volume's year, the one references
  cite), else a "Published"/"Опубликована" date, else a "Received" or "Accepted" date.
- **DOI**: the first ``10.NNNN/...`` before a reference list or a "cited by" list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from assistant.models import Reference
from ingest.cleaning import debris_reason, dominant_script, line_shape, running_lines

if TYPE_CHECKING:  # the loaders import this module (through ingest.pdf_metadata)
    from ingest.loaders import RawDocument

_LABELS: dict[str, str] = {  # field -> label pattern (a regex alternation, matched ignoring case)
    "title": r"title|название|titel|titre|título|标题",
    "authors": r"authors?|by|автор(?:ы)?|autor(?:en|es)?|auteurs?|作者",
    "journal": r"journal|source|published in|журнал|источник|zeitschrift|revue|revista|期刊",
    "publisher": r"publisher|издатель(?:ство)?|verlag|éditeur|editorial|出版社|出版商",
    "year": r"year|год(?: журнала| издания)?|jahr|année|año|年份",
    "volume": r"volume|vol|том|band|tome|卷",
    "issue": r"issue|number|no|номер|выпуск|heft|numéro|número|期",
    "pages": r"pages|pp|страницы|seiten|págs?",
    "doi": r"doi",
    "url": r"url|link|ссылка",
    "published": r"published(?: online)?|publication date|date published|опубликован[аоы]?|"
    r"дата публикации|veröffentlicht|publié|publicado|发表|出版日期",
    "received": r"received|accepted|поступила|принята|eingegangen|reçu|recibido",
}
_INLINE = {  # "Label: value"
    name: re.compile(rf"^(?:{pattern})\.?\s*[:：]\s*(?=\S)", re.IGNORECASE)
    for name, pattern in _LABELS.items()
}
_ALONE = {
    name: re.compile(rf"^(?:{pattern})\s*[:：]?$", re.IGNORECASE)
    for name, pattern in _LABELS.items()
}
_PART = {  # a part of a journal line: "Volume 12", "Номер 2025(1)", "pp. 1-9", "Год журнала: 2025"
    name: re.compile(rf"^(?:{_LABELS[name]})\b\.?\s*[:：]?\s*(?=\S)", re.IGNORECASE)
    for name in ("year", "volume", "issue", "pages")
}
_DATED = {  # "Published online 4 January 2020" at a line's start or after a separator
    name: re.compile(
        rf"(?:^|[;|•·]\s*)(?:{_LABELS[name]})\b[^;|\n]{{0,30}}?\b((?:19|20)\d\d)\b",
        re.IGNORECASE | re.MULTILINE,
    )
    for name in ("published", "received")
}
_DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>]+)")
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")
_VOLUME_ISSUE = re.compile(r"^(\w+)\s*\((\w+(?:[-–]\w+)?)\)")
_LIST_END = re.compile(
    r"^(?:references?|bibliography|works cited|cited by|процитировано|список литературы|"
    r"literatur(?:verzeichnis)?|bibliographie|referencias)(?:\W|\d|$)",
    re.IGNORECASE,
)
_ET_AL = re.compile(
    r"(?:^|[,;\s])(?:et al\.?|and others|и другие\.?|и др\.?|u\. ?a\.|et autres|y otros|等)\s*$",
    re.IGNORECASE,
)
_BADGES = re.compile(
    r"(\s+(DOI|PDF|HTML|Open Access|Creative Commons|Full Text|Crossref|Google Scholar))+\s*$"
)
_NAME_MARKS = re.compile(r"[\d*†‡§¶#¹²³⁴⁵⁶⁷⁸⁹⁰,;\s]+$")
_INITIALS = re.compile(r"^(?:[A-Z]\.?-?){1,3}$")
_PARTICLES = frozenset(
    "van von der den de del della di da du le la dos das bin ibn al el ter ten".split()
)
_NOT_NAMES = frozenset(
    """abstract introduction article research review open access creative commons journal
    university department school college centre center institute faculty social care children
    health the of and for in on with doi pdf published received accepted volume issue keywords
    original paper report chapter contents summary copyright license licence downloaded full
    text view cite share download home menu search publisher subject author authors language
    background methods results conclusion conclusions policy practice evidence alliance trust
    foundation council charity partnership network society association agency services
    group""".split()
)
_MAX_TITLE_CHARS = 300
_OPEN_ENDED = re.compile(  # a title line ending so goes on to the next line
    r"(?:[:&–—-]|\b(?i:a|an|and|at|between|by|for|from|in|into|of|on|or|the|to|with|within))$"
)
_HEADER_LINES = 12  # lines under the title where author names may stand
_JOURNAL_YEAR = re.compile(  # "Journal of Children's Services, 2015", "Child Abuse Review (2011)"
    r"^(?P<journal>[A-Z][^\d()\[\]:.;]*?\S\s+\S[^\d()\[\]:.;]*?)"
    r"(?:\s*\((?P<year>(?:19|20)\d\d)\)|,\s*(?P<year2>(?:19|20)\d\d))\s*$"
)
_TITLE_LINES = 6  # lines at the top of a page where the title may stand, after debris
_SHORT_LABELLED = re.compile(r"^[^:]{1,30}:\s*\S+(?:\s+\S+){0,2}\s*$")  # "Downloads: 221"


@dataclass
class _Found:
    """Fields found so far; the first value found for a field wins."""

    values: dict[str, str] = field(default_factory=dict)
    authors: tuple[str, ...] = ()

    def add(self, name: str, value: str) -> None:
        value = value.strip().rstrip(",;")
        if value and name not in self.values:
            self.values[name] = value


def reference_from_text(pages: list[str]) -> Reference:
    """What the first page (and, for a DOI or date, the pages given) says about the document."""
    if not pages:
        return Reference()
    lines = _front_lines(pages[0])
    found = _Found()
    _read_labelled(lines, found)
    for line in lines:
        _read_journal_line(line, found)
    furniture = running_lines(pages[:2])
    own = [line for line in lines if line_shape(line) not in furniture]
    after, title = _find_title(own)
    _read_journal_year(lines[:_HEADER_LINES], title, found)
    title = found.values.get("title") or title
    authors = found.authors or _header_authors(own[after:] if title else own)
    text = "\n".join(line for page in pages for line in _front_lines(page))
    return Reference(
        title=title,
        authors=authors,
        year=_year(found, text),
        journal=found.values.get("journal", ""),
        publisher=found.values.get("publisher", ""),
        volume=found.values.get("volume", ""),
        issue=found.values.get("issue", ""),
        pages=found.values.get("pages", ""),
        doi=find_doi(found.values.get("doi", "") + "\n" + text),
        url=found.values.get("url", ""),
    )


def extract_reference(raw: RawDocument) -> Reference:
    """What the file declares (PDF metadata) completed by what its first two pages say; but a
    year printed on the page wins over the file's, which is often the date the PDF was made."""
    declared = raw.reference or Reference(title=raw.declared_title or "")
    printed = reference_from_text([page.text for page in raw.pages[:2]])
    title = fuller_title(declared.title, printed.title)
    return replace(declared.completed_by(printed), title=title, year=printed.year or declared.year)


def fuller_title(declared: str, printed: str) -> str:
    """The file's declared title, unless the title printed on the page starts with it and goes
    on: PDF writers often keep only the main title ("Parents as partners in child protection")
    and drop the subtitle that says what the paper is ("...: a rapid evidence review")."""
    if not declared:
        return printed
    said = " ".join(declared.casefold().split()).rstrip(".")
    extends = " ".join(printed.casefold().split()).startswith(said)
    return printed if extends and len(printed) > len(declared) else declared


def person_name(name: str, *, family_first: bool = False) -> str:
    """``name`` written "Family, Given" (see the module docstring for the order rule)."""
    name = " ".join(_NAME_MARKS.sub("", name.strip()).split())
    if "," in name:
        family, given = (part.strip() for part in name.split(",", 1))
        return f"{family}, {given}" if given else family
    tokens = name.split()
    if len(tokens) < 2:
        return name
    if _INITIALS.match(tokens[-1]) and not _INITIALS.match(tokens[0]):
        family_first = True
    elif _INITIALS.match(tokens[0]):
        family_first = False
    if family_first:
        return f"{tokens[0]}, {' '.join(tokens[1:])}"
    start = len(tokens) - 1
    while start > 1 and tokens[start - 1].lower() in _PARTICLES:
        start -= 1
    return f"{' '.join(tokens[start:])}, {' '.join(tokens[:start])}"


def split_names(value: str) -> tuple[str, ...]:
    """A labelled author field's names, "Family, Given" each. Semicolons separate names that
    may hold a comma themselves; a bare-comma list is family first (module docstring)."""
    value = _ET_AL.sub("", value.strip())
    if ";" in value:
        parts = value.split(";")
        family_first = False
    else:
        parts = re.split(r",|\s+(?:and|&|и|und|et|y)\s+", value)
        family_first = bool(re.search(r",\S", value)) and not re.search(r",\s", value)
        if _comma_pairs(parts):
            parts = [f"{family}, {given}" for family, given in zip(parts[::2], parts[1::2])]
    names = (person_name(part, family_first=family_first) for part in parts if part.strip())
    return tuple(name for name in names if name)


def _comma_pairs(parts: list[str]) -> bool:
    """One-word parts ("Lefevre, Michelle, Temperley, Julie") in even number are "Family, Given"
    pairs, since a name written given name first has two words at least."""
    words = [part.split() for part in parts]
    return len(parts) % 2 == 0 and all(len(part) == 1 for part in words)


def _front_lines(page: str) -> list[str]:
    """The page's non-empty lines, stripped, up to a reference or "cited by" list."""
    lines = [line.strip() for line in page.splitlines() if line.strip()]
    for i, line in enumerate(lines[1:], start=1):
        if _LIST_END.match(line):
            return lines[:i]
    return lines


def _read_labelled(lines: list[str], found: _Found) -> None:
    """Lines "Label: value", and a label alone on its line with the value on the next."""
    for i, line in enumerate(lines):
        following = lines[i + 1] if i + 1 < len(lines) else ""
        for name in _LABELS:
            if _ALONE[name].match(line):
                if following and not _is_label(following):
                    _add_labelled(name, following, found)
                break
            inline = _INLINE[name].match(line)
            if inline:
                _add_labelled(name, line[inline.end() :], found)
                break


def _is_label(line: str) -> bool:
    return any(alone.match(line) for alone in _ALONE.values())


def _is_labelled(line: str) -> bool:
    return any(inline.match(line) for inline in _INLINE.values())


def _add_labelled(name: str, value: str, found: _Found) -> None:
    if name == "authors":
        found.authors = found.authors or split_names(value)
    elif name == "journal":
        if not _read_journal_line(value, found):
            found.add("journal", value)
    elif name in {"volume", "issue"} and (both := _VOLUME_ISSUE.match(value)):
        found.add("volume", both.group(1))
        found.add("issue", both.group(2))
    elif name in {"volume", "issue"}:
        found.add(name, value.split()[0])
    elif name in {"year", "published", "received"}:
        year = _YEAR.search(value)
        if year:
            found.add(name, year.group(1))
    else:
        found.add(name, value)


def _read_journal_line(line: str, found: _Found) -> bool:
    """A journal name followed by labelled year, volume, issue or pages parts (bare years, page
    ranges and "12(3)" allowed beside them); True when ``line`` was one."""
    first, *rest = [part.strip() for part in re.split(r",\s*", line)]
    if not rest or _is_labelled(first) or not re.search(r"[^\W\d]{3}", first):
        return False
    parts = [_journal_part(part) for part in rest]
    labelled = any(part and part[2] for part in parts)
    if not labelled or not all(parts):
        return False
    found.add("journal", first)
    for part in parts:
        assert part is not None
        _add_labelled(part[0], part[1], found)
    return True


def _journal_part(part: str) -> tuple[str, str, bool] | None:
    """(field, value, whether a label or a volume(issue) said so) for one part of a journal
    line, or None when the part is something else."""
    for name, label in _PART.items():
        match = label.match(part)
        if match:
            return name, part[match.end() :], True
    if _VOLUME_ISSUE.fullmatch(part):
        return "volume", part, True
    if re.fullmatch(r"(?:19|20)\d\d", part):
        return "year", part, False
    if re.fullmatch(r"\d+\s*[-–]\s*\d+", part):
        return "pages", part, False
    return None


def _find_title(lines: list[str]) -> tuple[int, str]:
    """The line after the title among the first lines, and what the title says: scraped pages
    open with debris ("Язык: Английский", "Downloads: 221", "Back to top") before it."""
    script = dominant_script("\n".join(lines))
    for at, line in enumerate(lines[:_TITLE_LINES]):
        # "Downloads: 221" is a label; "Repairing harm, building trust: restorative practice
        # in" is a title going on to the next line
        labelled = _SHORT_LABELLED.match(line) and not _OPEN_ENDED.search(line)
        skipped = (debris_reason(line, script), labelled,
                   line.strip().isdigit(), _JOURNAL_YEAR.match(line))  # fmt: skip
        if any(skipped):
            continue
        title, length = _title(lines[at:])
        if title:
            return at + length, title
    return 0, ""


def _read_journal_year(lines: list[str], title: str, found: _Found) -> None:
    """A "Journal, 2015" or "Journal (2011)" line at the top of the page (a byline's journal
    line, or a PDF's running header), when no labelled journal line said more."""
    for line in lines:
        match = _JOURNAL_YEAR.match(line)
        if match and line != title and not _names_in_line(match["journal"]):
            found.add("journal", match["journal"])
            found.add("year", match["year"] or match["year2"])
            return


def _title(lines: list[str]) -> tuple[str, int]:
    """The first line, when it reads as a title, continued on lines that start lower case or
    that follow a line a title cannot end with ("lessons from" / "Northern Ireland", which is
    no author); with the number of lines it takes."""
    if not lines:
        return "", 0
    title, length = lines[0], 1
    for line in lines[1:3]:
        if not (line[:1].islower() or _OPEN_ENDED.search(title)):
            break
        title, length = f"{title} {line}", length + 1
    title = _BADGES.sub("", title.lstrip("#")).strip()
    words = title.split()
    unlike = (
        len(words) < 2
        or title.endswith(".")  # a sentence of body text
        or re.search(r"[a-z]{2}[.!]\s+[A-Z]", title)  # body text: one sentence ends inside
        or all(word.lower() in _NOT_NAMES for word in words)  # "Original Article"
        or len(title) > _MAX_TITLE_CHARS
        or _DOI.search(title)
        or _is_label(title)
        or _is_labelled(title)
        or re.match(r"(https?://|www\.)", title)
        or _names_in_line(title)
    )
    return ("", 0) if unlike else (title, length)


def _header_authors(lines: list[str]) -> tuple[str, ...]:
    """Name lines at the top of ``lines`` (those under the title): they must start within three
    lines, and the first line that is not a name (or an "et al." line) ends them."""
    names: list[str] = []
    for i, line in enumerate(lines[:_HEADER_LINES]):
        in_line = _names_in_line(line)
        names += in_line
        if _ET_AL.search(" " + line) or not in_line and (names or i >= 3):
            break
    return tuple(person_name(name) for name in names)


def _names_in_line(line: str) -> list[str]:
    """The person names a line consists of, or [] when it holds anything else."""
    line = _ET_AL.sub("", line).strip()
    parts = [part for part in re.split(r"[,;]|\s+(?:and|&)\s+", line) if part.strip()]
    names = [_NAME_MARKS.sub("", part).strip() for part in parts]
    return names if names and all(_is_name(name) for name in names) else []


def byline_names(byline: str) -> tuple[str, ...]:
    """The people a web page's byline names, "Family, Given" each: "By Priya Raman and Joe
    Whitfield, Children First Alliance. Published 12 June 2024." names two; what follows them
    (an organisation, a date) ends them."""
    text = re.sub(r"^\s*by\s+", "", byline.split(". ")[0], flags=re.IGNORECASE)
    names = []
    for part in re.split(r"[,;]|\s+(?:and|&)\s+", text):
        name = _NAME_MARKS.sub("", part).strip()
        if not _is_name(name):
            break
        names.append(person_name(name))
    return tuple(names)


def _is_name(text: str) -> bool:
    """Two to five words, each capitalised or a particle ("van", "de"), none a common header
    word ("Abstract", "Open Access"), no digits."""
    words = text.split()
    if not 2 <= len(words) <= 5 or any(char.isdigit() for char in text):
        return False
    if any(word.lower().strip(".") in _NOT_NAMES for word in words):
        return False
    capitalised = [word for word in words if word[0].isupper() and re.fullmatch(r"[\w.'’-]+", word)]
    particles = [word for word in words if word in _PARTICLES]
    return len(capitalised) >= 2 and len(capitalised) + len(particles) == len(words)


def _year(found: _Found, text: str) -> int | None:
    """A labelled year (the volume's year, which references cite), else a publication date,
    else a received or accepted date."""
    year = found.values.get("year") or found.values.get("published") or _dated("published", text)
    year = year or found.values.get("received") or _dated("received", text)
    return int(year) if year else None


def _dated(name: str, text: str) -> str:
    match = _DATED[name].search(text)
    return match.group(1) if match else ""


def find_doi(text: str) -> str:
    """The first DOI in ``text``, without "https://doi.org/" or trailing punctuation."""
    match = _DOI.search(text)
    return match.group(1).rstrip(".,;)]") if match else ""
