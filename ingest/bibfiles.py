"""BibTeX and RIS files in and out, and which stored document each entry describes.

Trainers keep their literature in Zotero, EndNote or Mendeley; an export (BibTeX or RIS) gives
the references those tools already hold, and its file attachments tell which PDF each one is.
``match_entries`` attaches an entry to a document only when that is unambiguous: the same file
name (ignoring case and punctuation), else the same title (ignoring case and punctuation), else
one title containing the other when the shorter has at least ``_MIN_CONTAINED_WORDS`` words.
A document that two entries could fit gets none: a missing reference is better than a wrong one.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from urllib.parse import unquote, urlparse

import bibtexparser
import rispy
from bibtexparser import middlewares
from bibtexparser.library import Library
from bibtexparser.model import Block, Entry, Field

from assistant.errors import BadBibliography
from assistant.models import Reference
from ingest.cleaning import bibtex_blocks
from ingest.loaders import decode_text

_MIN_CONTAINED_WORDS = 5
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_LATEX_SPECIAL = re.compile(r"([&%$#_{}~^\\])")
_LATEX_REPLACEMENT = {
    "\\": r"\textbackslash{}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_RIS_TYPES = {"article": "JOUR", "techreport": "RPRT", "misc": "GEN"}
_VERBATIM = frozenset({"url", "doi", "file"})  # addresses: "&", "%", "_" and "~" are literal


class _LatexDecoding(middlewares.LatexDecodingMiddleware):
    """LaTeX decoding for every field but addresses, where decoding would turn "&" into a
    space; braced groups are kept so that "{World Health Organization}" is one name."""

    def __init__(self) -> None:
        super().__init__(keep_braced_groups=True)

    def transform_entry(self, entry: Entry, library: Library) -> Block:
        verbatim = [field for field in entry.fields if field.key.lower() in _VERBATIM]
        entry.fields = [field for field in entry.fields if field.key.lower() not in _VERBATIM]
        block = super().transform_entry(entry, library)
        block.fields.extend(verbatim)  # type: ignore[attr-defined]
        return block


@dataclass(frozen=True)
class BibEntry:
    """One entry of a bibliography file: its reference, the attached file it names (Zotero's
    BibTeX ``file`` field, RIS ``L1``), and its citation key (RIS ``ID``, else made up)."""

    reference: Reference
    file: str | None = None
    key: str = ""


def read_bibliography(path: Path) -> list[BibEntry]:
    """The entries of a BibTeX (.bib) or RIS (.ris) file; other names are told by their first
    line. Raises ``BadBibliography`` naming the file, the problem and the fix."""
    text, _ = decode_text(path.name, path.read_bytes())
    if path.suffix.lower() == ".bib" or text.lstrip().startswith(("@", "%")):
        return read_bibtex(text, path.name)
    return read_ris(text, path.name)


def read_bibtex(text: str, name: str = "the BibTeX file") -> list[BibEntry]:
    """Entries of BibTeX text; LaTeX accents and escapes decoded, braces dropped (a literal
    brace, "\\{", is lost with them), page ranges written with a hyphen."""
    library = bibtexparser.parse_string(
        text,
        append_middleware=[
            _LatexDecoding(),
            middlewares.SeparateCoAuthors(),
            middlewares.SplitNameParts(),
        ],
    )
    if library.failed_blocks:
        block = library.failed_blocks[0]
        line = (block.start_line or 0) + 1
        raise BadBibliography(
            f"{name} is not valid BibTeX: the entry at line {line} does not parse "
            f"({_reason(block.error)}): fix it or export the file again"
        )
    if not library.entries:
        raise BadBibliography(f"{name} holds no BibTeX entries: export the references again")
    return [_bibtex_entry(entry) for entry in library.entries]


def embedded_reference(text: str) -> Reference | None:
    """The reference of the first BibTeX entry a page prints (a scraped page's "Cite" export:
    Semantic Scholar, Google Scholar), when the page also prints the entry's title outside it
    (an entry in a reference list describes another work). A scraped page's own lines are
    menus ("Skip to search form") where a title is looked for."""
    lines = text.splitlines()
    blocks = bibtex_blocks(lines)
    if not blocks:
        return None
    block = blocks[0]
    try:
        entries = read_bibtex("\n".join(lines[block.start : block.stop]))
    except BadBibliography:
        return None
    reference = entries[0].reference
    outside = _words(" ".join(lines[: block.start] + lines[block.stop :]))
    if not reference.title or f" {_words(reference.title)} " not in f" {outside} ":
        return None
    return reference


def _reason(error: Exception) -> str:
    """bibtexparser's reason in one line; its exceptions keep it in different attributes."""
    text = getattr(error, "abort_reason", None) or getattr(error, "message", None) or str(error)
    return " ".join(str(text).split()).rstrip(".") or type(error).__name__


def _bibtex_entry(entry: Entry) -> BibEntry:
    fields = {key.lower(): value for key, value in entry.fields_dict.items()}

    def text(*names: str) -> str:
        found = next((fields[n].value for n in names if n in fields and fields[n].value), "")
        return " ".join(str(found).replace("{", "").replace("}", "").split())

    authors = fields["author"].value if "author" in fields else []
    reference = Reference(
        title=text("title"),
        authors=tuple(_name_from_parts(name) for name in authors),
        year=_year(text("year", "date")),
        journal=text("journal", "journaltitle", "booktitle"),
        publisher=text("publisher", "institution", "organization", "school"),
        volume=text("volume"),
        issue=text("number", "issue"),
        pages=re.sub("[–—]|--", "-", text("pages")),
        doi=_DOI_PREFIX.sub("", text("doi")),
        url=text("url"),
    )
    return BibEntry(reference, _zotero_file(text("file")), entry.key)


def _name_from_parts(name: object) -> str:
    """bibtexparser's NameParts as "Family, Given" ("{World Health Organization}" alone)."""
    parts = name  # NameParts(first, von, last, jr)
    family = " ".join([*parts.von, *parts.last])  # type: ignore[attr-defined]
    given = " ".join([*parts.first, *parts.jr])  # type: ignore[attr-defined]
    written = f"{family}, {given}" if given else family
    return written.replace("{", "").replace("}", "")


def _zotero_file(field: str) -> str | None:
    """The first attached document in Zotero's ``file`` field ("Full Text:/path/x.pdf:
    application/pdf;Snapshot:..."), or a plain path."""
    if not field:
        return None
    attachments = [part for part in re.split(r"(?<!\\);", field) if part.strip()]
    paths = [_attachment_path(part) for part in attachments]
    documents = [path for path in paths if Path(path).suffix.lower() in {".pdf", ".txt", ".md"}]
    return next(iter(documents or paths), None)


def _attachment_path(attachment: str) -> str:
    pieces = re.split(r"(?<!\\):", attachment)
    if len(pieces) >= 3:  # description:path:mime type; a Windows drive letter adds a piece
        pieces = pieces[1:-1]
    return ":".join(pieces).replace("\\:", ":").replace("\\\\", "\\").strip()


def read_ris(text: str, name: str = "the RIS file") -> list[BibEntry]:
    """Entries of RIS text (Zotero, EndNote, Mendeley exports)."""
    records = rispy.loads(text)
    started = len(re.findall(r"^TY  - ", text, flags=re.MULTILINE))
    if not records or started != len(records):
        problem = "holds no RIS records" if not started else "has a record without its ER line"
        raise BadBibliography(f"{name} {problem}: export the references again as RIS")
    broken = [record for record in records if None in record.get("unknown_tag", {})]
    if broken:
        line = broken[0]["unknown_tag"][None][0]
        raise BadBibliography(f"{name} is not valid RIS (a line reads {line!r}): fix or export it")
    return [_ris_entry(record) for record in records]


def _ris_entry(record: dict[str, object]) -> BibEntry:
    def text(*names: str) -> str:
        values = (record.get(n) for n in names)
        found = next((v for v in values if v), "")
        return " ".join(str(found[0] if isinstance(found, list) else found).split())

    first, last = text("start_page"), text("end_page")
    reference = Reference(
        title=text("title", "primary_title"),
        authors=tuple(_authors(record.get("authors"), record.get("first_authors"))),
        year=_year(text("year", "publication_year", "date")),
        journal=text("secondary_title", "journal_name", "alternate_title3", "alternate_title2"),
        publisher=text("publisher"),
        volume=text("volume"),
        issue=text("number"),
        pages=f"{first}-{last}" if first and last and first != last else first,
        doi=_DOI_PREFIX.sub("", text("doi")),
        url=text("urls"),
    )
    attachment = text("file_attachments1", "file_attachments2")
    return BibEntry(reference, _local_path(attachment) or None, text("id"))


def _authors(*lists: object) -> list[str]:
    names = [name for names in lists if isinstance(names, list) for name in names]
    return [" ".join(str(name).split()) for name in names if str(name).strip()]


def _local_path(location: str) -> str:
    """A path from a RIS link: "file:///home/u/x%20y.pdf" -> "/home/u/x y.pdf"."""
    if location.startswith("file:"):
        return unquote(urlparse(location).path)
    return location


def _year(text: str) -> int | None:
    match = re.search(r"\b(\d{4})\b", text)
    return int(match.group(1)) if match else None


def match_entries(
    entries: Sequence[BibEntry], documents: Sequence[tuple[str, str, str]]
) -> dict[str, Reference]:
    """doc_id -> Reference for the documents (doc_id, path, title) an entry describes beyond
    doubt (module docstring): by attached file name, else by title."""
    by_file: dict[str, list[Reference]] = defaultdict(list)
    by_title: dict[str, list[Reference]] = defaultdict(list)
    for entry in entries:
        if entry.file:
            by_file[_file_name(entry.file)].append(entry.reference)
        by_title[_words(entry.reference.title)].append(entry.reference)
    by_file.pop("", None)
    by_title.pop("", None)
    matched: dict[str, Reference] = {}
    for doc_id, path, title in documents:
        for candidates in _candidates(path, _words(title), by_file, by_title):
            fits = list(dict.fromkeys(candidates))  # the same reference exported twice is one
            if fits:
                if len(fits) == 1:
                    matched[doc_id] = fits[0]
                break
    return matched


def _candidates(
    path: str,
    words: str,
    by_file: dict[str, list[Reference]],
    by_title: dict[str, list[Reference]],
) -> Iterator[list[Reference]]:
    """The references a document could be, best evidence first; each computed only when the
    one before found nothing."""
    yield by_file.get(_file_name(path), [])
    yield by_title.get(words, [])
    yield [ref for key, refs in by_title.items() if _contains(key, words) for ref in refs]


def _file_name(location: str) -> str:
    pure = PureWindowsPath(location) if "\\" in location else PurePosixPath(location)
    return _words(pure.name)


def _contains(first: str, second: str) -> bool:
    """One normalised title holds the other, which is long enough to tell works apart."""
    shorter, longer = sorted((first, second), key=len)
    padded = f" {longer} "
    return len(shorter.split()) >= _MIN_CONTAINED_WORDS and f" {shorter} " in padded


def _words(text: str) -> str:
    """Lower case, accents and apostrophes dropped, other punctuation a space: "Children’s
    Social-Care" -> "childrens social care"."""
    plain = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(char for char in plain if not unicodedata.combining(char))
    plain = re.sub(r"['’‘`]", "", plain)
    return " ".join(re.sub(r"[\W_]+", " ", plain).split())


def citation_keys(refs: Sequence[Reference]) -> list[str]:
    """Stable keys FamilyYear ("Lefevre2025"), the title's first word standing in for the
    family name when there are no authors; keys that clash all get a, b, c... in the order
    given ("Munro2011a", "Munro2011b")."""
    keys = [_key(ref) for ref in refs]
    counts, seen = Counter(keys), Counter[str]()
    unique = []
    for key in keys:
        if counts[key] > 1:
            seen[key] += 1
            key += _suffix(seen[key])
        unique.append(key)
    return unique


def _key(ref: Reference) -> str:
    words = [word for word in ref.title.split() if word.lower() not in {"a", "an", "the"}]
    source = ref.authors[0].split(",")[0] if ref.authors else (words or ["Ref"])[0]
    ascii_name = unicodedata.normalize("NFKD", source).encode("ascii", "ignore").decode()
    family = "".join(char for char in ascii_name.title() if char.isalnum()) or "Ref"
    return family + (str(ref.year) if ref.year else "")


def _suffix(n: int) -> str:
    """1 -> a, 26 -> z, 27 -> aa."""
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def entry_type(ref: Reference) -> str:
    """BibTeX type: an article when a journal is known, a report when only a publisher is."""
    return "article" if ref.journal else "techreport" if ref.publisher else "misc"


def write_bibtex(refs: Sequence[Reference]) -> str:
    """BibTeX for ``refs`` in the order given, UTF-8 with LaTeX's special characters escaped;
    an author without a comma (an organisation) is braced so it is never split."""
    entries: list[Block] = []
    for key, ref in zip(citation_keys(refs), refs, strict=True):
        fields = [Field(name, value) for name, value in _bibtex_fields(ref) if value]
        entries.append(Entry(entry_type(ref), key, fields))
    return str(bibtexparser.write_string(Library(entries)))


def _bibtex_fields(ref: Reference) -> list[tuple[str, str]]:
    container = "journal" if ref.journal else ""
    publisher = "institution" if entry_type(ref) == "techreport" else "publisher"
    authors = " and ".join(
        _escape(name) if "," in name else "{" + _escape(name) + "}" for name in ref.authors
    )
    return [
        ("author", authors),
        ("title", _escape(ref.title)),
        (container, _escape(ref.journal)),
        ("year", str(ref.year or "")),
        ("volume", _escape(ref.volume)),
        ("number", _escape(ref.issue)),
        ("pages", re.sub("[-–—]+", "--", _escape(ref.pages))),
        (publisher, _escape(ref.publisher)),
        ("doi", ref.doi),
        ("url", ref.url),
    ]


def _escape(text: str) -> str:
    return _LATEX_SPECIAL.sub(lambda m: _LATEX_REPLACEMENT.get(m.group(1), "\\" + m.group(1)), text)


def write_ris(refs: Sequence[Reference]) -> str:
    """RIS for ``refs`` in the order given, each with its key as ``ID``."""
    records = [_ris_record(ref, key) for key, ref in zip(citation_keys(refs), refs, strict=True)]
    return str(rispy.dumps(records, implementation=_RisWriter))


class _RisWriter(rispy.RisWriter):  # type: ignore[misc]
    def set_header(self, count: int) -> str:
        return ""  # no "1." counter line: reference managers don't write one


def _ris_record(ref: Reference, key: str) -> dict[str, object]:
    first, _, last = re.sub("[–—]", "-", ref.pages).partition("-")
    record: dict[str, object] = {
        "type_of_reference": _RIS_TYPES[entry_type(ref)],
        "id": key,
        "authors": list(ref.authors),
        "title": ref.title,
        "year": str(ref.year or ""),
        "secondary_title": ref.journal,
        "publisher": ref.publisher,
        "volume": ref.volume,
        "number": ref.issue,
        "start_page": first,
        "end_page": last,
        "doi": ref.doi,
        "urls": [ref.url] if ref.url else [],
    }
    return {tag: value for tag, value in record.items() if value}
