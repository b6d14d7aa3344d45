"""Turn text as received (PDF extraction, scraped web pages) into clean body text.

General rules only, never the sample's own strings:

1. Unicode NFKC, soft hyphens and zero-width characters dropped, line ends unified.
2. Lines dropped as web-page debris, each counted by reason: lines mostly in another script
   than the document body, advertising, navigation, copyright and registration lines, phone
   numbers, citation-count widgets, reference and "cited by" lists, a page's metadata labels
   ("Author:", "Publisher") with the short values under them, a scholarly site's buttons and
   links ("Save to Library"), a BibTeX entry the page prints (its fields are the document's
   reference) and a machine-written summary under its label ("TLDR").
3. Badges glued to a line's end ("DOI", "Open Access") stripped; sentences glued to the
   next one ("organisations.Design") separated; structured-abstract labels made headings.
4. Lines joined into paragraphs with de-hyphenation at line ends; whitespace collapsed.
5. Paragraphs that repeat inside one document kept once (with the short lines around them).
6. A PDF's running headers and footers dropped (lines at the edge of most pages, numbers
   aside), and a sentence a page break cut in two put back together on the page it starts on.

Paragraphs are separated by a blank line in the result, so the chunker can see headings.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
_PHONE = re.compile(r"(?<![\w.])\+?\(?\d{2,5}\)?[ .-]?\d{3,4}[ .-]?\d{3,5}(?![\w.])")
_ADVERTISING = re.compile(
    r"\b(advertisement|sponsored|subscribe|sign up|register (now|for free)|free trial|buy now|"
    r"call now|contact us|click here|download (our|the) app|special offer|consult(ation)? hotline)\b",
    re.IGNORECASE,
)
_COPYRIGHT = re.compile(
    r"(©|\bcopyright\b|\ball rights reserved\b|\bICP\b|\bregistration (no|number)\b|"
    r"\bprivacy policy\b|\bterms (of use|and conditions)\b|\bcookies?\b)",
    re.IGNORECASE,
)
_NAVIGATION = re.compile(
    r"^((https?://|www\.)\S+|[\w-]+(\.[\w-]+)+/?|top|back to top|skip to .*|menu|"
    r"home|next|previous|share|print|download( pdf)?|log ?in|sign (in|up)|search|language: \w+|"
    # a scholarly search site's buttons and links: "Create Free Account", "Save to Library",
    # "View on Taylor & Francis", "Young People (opens in a new tab)", "Search 225,837,451
    # papers from all fields of science", "Semantic Scholar's Logo"
    r"create (a )?(free )?account|save to (my )?library|create (an )?alert|cite|learn more|"
    r"about( us)?|contact|publishers|(more )?filters|view (on|at) .{1,40}|.{1,60}\(opens in a new "
    r"tab\)|search [\d,]+ (papers|articles|records|results)\b.*|.{0,40}['’]s logo|logo)$",
    re.IGNORECASE,
)
_CITATION_WIDGET = re.compile(
    r"^(\d+|(cited by|citations?|references?|downloads?|views?|reads?)\s*:?\s*\d+.*"
    r"|\d[\d,]*\s+(citations?|references?|downloads?|views?|reads)"
    r"|.*\b(cited by|citations?)\s+\d+\s+articles?.*)$",
    re.IGNORECASE,
)
# A BibTeX entry printed on a page (a "Cite" export), from "@article{" to its closing brace:
# its fields are read as the document's reference (``ingest.bibfiles.embedded_reference``)
_BIBTEX_START = re.compile(r"^@[A-Za-z]+\s*\{")
# A machine-written summary under its label ("TLDR"), not the authors' words
_MAX_BIBTEX_LINES = 40
_MACHINE_SUMMARY = re.compile(r"^(tl;?dr|ai[- ]generated( summary)?)\s*:?$", re.IGNORECASE)
_BACK_MATTER_HEADING = re.compile(
    r"^(references?|bibliography|works cited|(cited by|references?)\s*\d+\s*articles?\b.*)$",
    re.IGNORECASE,
)
_BODY_AGAIN = re.compile(r"^(appendix|appendices|annex)\b", re.IGNORECASE)
# A page's metadata label on a line of its own ("Author:", "Publisher", "Subject"): the label and
# the short value under it are debris (metadata is read from the raw text before cleaning)
_METADATA_LABEL = re.compile(
    r"^(authors?|author\(s\)|publisher|subjects?|keywords?|key ?words|journal|volume|issue|"
    r"issn|e?isbn|published( online)?|publication date|received|accepted|editors?|"
    r"affiliations?|article type)\s*:?$",
    re.IGNORECASE,
)
_MAX_WORDS_METADATA_VALUE = 12
_BIBLIOGRAPHIC = re.compile(
    r"\((1[89]|20)\d\d[a-z]?\)|\bet al\.|\bdoi\b|\bpp\.|;\s*\S|,\s*(1[89]|20)\d\d\b", re.IGNORECASE
)
_OTHER_LANGUAGE_WORDS = {
    "german": frozenset(
        (
            "der die das und ist nicht mit auf für von zu den dem im ein eine jetzt sie wir "
            "auch oder wird sind bei nach über "
        ).split()
    ),
    "french": frozenset(
        (
            "le la les et est des une un du dans pour pas sur avec que qui sont au aux ce "
            "cette nous vous "
        ).split()
    ),
    "spanish": frozenset(
        ("el los las y es del una por con para que se su al lo como más pero sus está ").split()
    ),
    "dutch": frozenset(("het een en van de is niet op te zijn met voor dat die aan ook ").split()),
}
_ENGLISH_WORDS = frozenset(
    (
        "the and of to in is are was were for with that this on by from as be it an or "
        "which their not have has "
    ).split()
)
_TRAILING_BADGES = re.compile(
    r"(\s+(DOI|PDF|HTML|Open Access|Creative Commons|Full Text|Crossref|Google Scholar))+\s*$"
)
_GLUED_SENTENCE = re.compile(r"([a-z]{2}[.!?])([A-Z][a-z])")
STRUCTURED_ABSTRACT_LABELS = (
    "Purpose",
    "Design/methodology/approach",
    "Findings",
    "Research limitations/implications",
    "Practical implications",
    "Social implications",
    "Originality/value",
)
_LABEL = re.compile(
    r"(?:^|(?<=[^\d\s][.!?])\s?)("  # not "3. Findings", a numbered heading
    + "|".join(re.escape(label) for label in STRUCTURED_ABSTRACT_LABELS)
    + r")(?=[A-Z]|$)"
)
_COMPOUND_PREFIXES = frozenset(
    [
        "co",
        "non",
        "self",
        "well",
        "cross",
        "multi",
        "anti",
        "semi",
        "pre",
        "post",
        "re",
        "ex",
        "long",
        "short",
        "high",
        "low",
        "part",
        "full",
        "half",
        "cost",
        "evidence",
        "person",
        "child",
        "family",
        "user",
        "service",
        "inter",
        "intra",
        "sub",
    ]
)
_LIST_ITEM = re.compile(r"^(\d+[.)]|[-*•])\s")
_MIN_WORDS_REPEATED_BLOCK = 5
_EDGE_LINES = 3  # lines at a page's top and bottom where running headers and footers stand
_BROKEN_END = re.compile(r"([a-z][^.!?]*[.!?])(?:\s+|$)")  # a page's lower-case first words
_MAX_WORDS_DEBRIS_LINE = 30


@dataclass
class CleanResult:
    pages: list[str]
    removed_chars: int
    removed_lines: Counter[str] = field(default_factory=Counter)


def clean_pages(pages: list[str]) -> CleanResult:
    """Clean every page of one document; repeats are detected across its pages."""
    normalised = [normalise(page) for page in pages]
    script = dominant_script("\n".join(normalised))
    removed: Counter[str] = Counter()
    wrap_width = typical_line_length(normalised)
    paragraphs_per_page = []
    furniture = running_lines(normalised)
    for page in normalised:
        lines = drop_running_lines(page.split("\n"), furniture, removed)
        lines = drop_debris_lines(lines, script, removed)
        paragraphs_per_page.append(join_paragraphs(lines, wrap_width))
    deduplicated = rejoin_broken_sentences(drop_repeated_paragraphs(paragraphs_per_page, removed))
    cleaned = ["\n\n".join(paragraphs) for paragraphs in deduplicated]
    removed_chars = max(0, sum(map(len, pages)) - sum(map(len, cleaned)))
    return CleanResult(cleaned, removed_chars, removed)


def line_shape(line: str) -> str:
    """A line with its numbers as "#": "Page 2 of 9" and "Page 3 of 9" are the same line."""
    return re.sub(r"\d+", "#", " ".join(line.split()))


def running_lines(pages: list[str]) -> set[str]:
    """Shapes of the lines standing at the top or bottom of most pages of a document of two or
    more: a PDF's running header ("Rapid evidence review | Parents as partners ...") and footer
    ("Page 3", "Northfield Centre, 2023"), which would otherwise open a passage or cut a
    sentence that runs over the page."""
    if len(pages) < 2:
        return set()
    counts: Counter[str] = Counter()
    for page in pages:
        lines = [line for line in page.split("\n") if line.strip()]
        counts.update({line_shape(line) for line in lines[:_EDGE_LINES] + lines[-_EDGE_LINES:]})
    needed = max(2, (len(pages) + 1) // 2)
    return {shape for shape, count in counts.items() if count >= needed}


def drop_running_lines(lines: list[str], furniture: set[str], removed: Counter[str]) -> list[str]:
    kept = [line for line in lines if not (line.strip() and line_shape(line) in furniture)]
    removed["running headers and footers"] += len(lines) - len(kept)
    return kept


def rejoin_broken_sentences(pages: list[list[str]]) -> list[list[str]]:
    """A page ending mid-sentence ("...speak up in") and the next page starting in lower case
    ("meetings. Having one ..."): the sentence's end joins its start, on the page it starts on,
    so it is one sentence to find and quote."""
    for before, after in itertools.pairwise(pages):
        if not (before and after) or before[-1].endswith((".", "!", "?", ":")):
            continue
        end = _BROKEN_END.match(after[0])
        if end:
            before[-1] = f"{before[-1]} {end.group(1)}"
            after[0] = after[0][end.end() :]
            if not after[0]:
                del after[0]
    return pages


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_INVISIBLE)
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")


@functools.lru_cache(maxsize=4096)
def script_of(char: str) -> str | None:
    """The Unicode script family of a letter (LATIN, CYRILLIC, CJK, ...); None for non-letters."""
    if not char.isalpha():
        return None
    name = unicodedata.name(char, "")
    return name.split(" ")[0] if name else None


def script_counts(text: str) -> Counter[str]:
    """Letters by script. Each distinct character is looked up once: a document has a few
    dozen, and looking up every character had been a fifth of ingestion's main thread."""
    counts: Counter[str] = Counter()
    for char, times in Counter(text).items():
        script = script_of(char)
        if script:
            counts[script] += times
    return counts


def dominant_script(text: str) -> str:
    counts = script_counts(text)
    return counts.most_common(1)[0][0] if counts else "LATIN"


def foreign_share(line: str, script: str) -> float:
    counts = script_counts(line)
    letters = counts.total()
    return (letters - counts[script]) / letters if letters else 0.0


def in_other_language(line: str) -> bool:
    """A line of four words or more whose function words are German, French, Spanish or Dutch
    rather than English (the body language this tool is built for)."""
    words = re.findall(r"[^\W\d_]+", line.lower())
    if len(words) < 4:
        return False
    english = sum(word in _ENGLISH_WORDS for word in words)
    other = max(
        sum(word in vocabulary for word in words) for vocabulary in _OTHER_LANGUAGE_WORDS.values()
    )
    return other >= 2 and other > 2 * english


def debris_reason(line: str, script: str) -> str | None:
    """Why a line is web-page debris rather than body text, or None to keep it."""
    stripped = line.strip()
    if foreign_share(stripped, script) > 0.15:
        return "foreign-script lines"
    if script == "LATIN" and in_other_language(stripped):
        return "other-language lines"
    if len(stripped.split()) > _MAX_WORDS_DEBRIS_LINE:
        return None
    checks = (
        (_CITATION_WIDGET.match, "citation widgets"),
        (_NAVIGATION.match, "navigation lines"),
        (_COPYRIGHT.search, "copyright/registration lines"),
        (_ADVERTISING.search, "advertising lines"),
        (_PHONE.search, "phone-number lines"),
    )
    return next((reason for check, reason in checks if check(stripped)), None)


def drop_debris_lines(lines: list[str], script: str, removed: Counter[str]) -> list[str]:
    """Keep body lines; blank lines stay as paragraph breaks. Reference lists end the body."""
    kept: list[str] = []
    in_back_matter = after_label = after_summary_label = False
    exported = {place for block in bibtex_blocks(lines) for place in block}
    for at, line in enumerate(lines):
        stripped = _TRAILING_BADGES.sub("", line.strip())
        if not stripped:
            kept.append("")
            continue
        if at in exported:
            removed["citation export blocks"] += 1
            continue
        if after_summary_label or _MACHINE_SUMMARY.match(stripped):
            after_summary_label = not after_summary_label and bool(_MACHINE_SUMMARY.match(stripped))
            removed["machine summaries"] += 1
            continue
        if _BACK_MATTER_HEADING.match(stripped):
            in_back_matter = True
        elif in_back_matter and _ends_back_matter(stripped):
            in_back_matter = False
        is_value = after_label and len(stripped.split()) <= _MAX_WORDS_METADATA_VALUE
        after_label = bool(_METADATA_LABEL.match(stripped))
        if after_label or is_value:
            reason: str | None = "page metadata lines"
        else:
            reason = "reference lists" if in_back_matter else debris_reason(stripped, script)
        if reason:
            removed[reason] += 1
        else:
            kept.append(stripped)
    return kept


def bibtex_blocks(lines: list[str]) -> list[range]:
    """The places of the lines of each BibTeX entry printed whole: from "@article{" to the
    line closing its braces, within ``_MAX_BIBTEX_LINES`` (an entry never closed is left as
    text: nothing after it is lost)."""
    blocks: list[range] = []
    for start, line in enumerate(lines):
        if (blocks and start in blocks[-1]) or not _BIBTEX_START.match(line.strip()):
            continue
        depth = 0
        for end in range(start, min(len(lines), start + _MAX_BIBTEX_LINES)):
            depth += lines[end].count("{") - lines[end].count("}")
            if depth <= 0:
                blocks.append(range(start, end + 1))
                break
    return blocks


def typical_line_length(pages: list[str]) -> int:
    """Length of a full line of body text: the median line length weighted by characters, so
    in a PDF it is the wrap width and in a web page (one line per paragraph) far above titles."""
    lengths = sorted(len(line.strip()) for page in pages for line in page.split("\n"))
    half, running = sum(lengths) / 2, 0
    for length in lengths:
        running += length
        if running >= half:
            return length
    return 0


def _ends_back_matter(line: str) -> bool:
    """An appendix heading, or a line of prose that is no bibliographic entry."""
    prose = len(line.split()) >= 8 and line.endswith(".") and not _BIBLIOGRAPHIC.search(line)
    return bool(_BODY_AGAIN.match(line)) or (prose and not _LIST_ITEM.match(line))


def join_paragraphs(lines: list[str], wrap_width: int) -> list[str]:
    """Blank lines separate paragraphs. A line continues the previous one when that one was
    wrapped (near full width, no closing stop) or when it starts in lower case."""
    paragraphs: list[str] = []
    current: list[str] = []
    for line in [*lines, ""]:
        if line and (not current or _continues(current[-1], line, wrap_width)):
            current.append(line)
            continue
        if current:
            paragraphs.extend(_split_labels(_join_lines(current)))
        current = [line] if line else []
    return paragraphs


def _continues(previous: str, line: str, wrap_width: int) -> bool:
    if _LIST_ITEM.match(line) or line.startswith("#"):
        return False
    wrapped = len(previous) >= 0.7 * wrap_width and not previous.endswith((".", "!", "?", ":"))
    return wrapped or line[:1].islower()


def _join_lines(lines: list[str]) -> str:
    text = lines[0]
    for line in lines[1:]:
        if text.endswith("-") and line[:1].islower():
            text = text[:-1] + line if _join_hyphen(text, line) else text + line
        else:
            text = f"{text} {line}"
    return _GLUED_SENTENCE.sub(r"\1 \2", re.sub(r"\s+", " ", text)).strip()


def _join_hyphen(text: str, line: str) -> bool:
    """Drop a line-end hyphen unless the hyphenated word is a real compound (co-production)."""
    prefix = re.search(r"([\w]+)-$", text)
    suffix = re.match(r"[\w]+", line)
    if not prefix or not suffix:
        return False
    return prefix.group(1).lower() not in _COMPOUND_PREFIXES


def _split_labels(paragraph: str) -> list[str]:
    """Structured-abstract labels glued to their text become headings of their own."""
    parts = [part.strip() for part in _LABEL.split(paragraph)]
    return [part for part in parts if part]


def drop_repeated_paragraphs(pages: list[list[str]], removed: Counter[str]) -> list[list[str]]:
    """A block repeated inside a document is kept once. A repeat of five or more words marks
    a repeated block; the short repeated lines next to it (author names, labels) go with it."""
    seen: set[str] = set()
    flat = [(p, i, para) for p, paragraphs in enumerate(pages) for i, para in enumerate(paragraphs)]
    repeat = []
    for _, _, para in flat:
        key = " ".join(para.lower().split())
        repeat.append(key in seen)
        seen.add(key)
    long_repeat = [
        r and len(para.split()) >= _MIN_WORDS_REPEATED_BLOCK
        for r, (_, _, para) in zip(repeat, flat)
    ]
    drop = _grow_marks(long_repeat, repeat)
    result: list[list[str]] = [[] for _ in pages]
    for (page, _, para), dropped in zip(flat, drop):
        if dropped:
            removed["repeated blocks"] += 1
        else:
            result[page].append(para)
    return result


def _grow_marks(marks: list[bool], allowed: list[bool]) -> list[bool]:
    """Extend marked runs to adjacent positions that are allowed (short repeats)."""
    grown = list(marks)
    changed = True
    while changed:
        changed = False
        for i, allow in enumerate(allowed):
            neighbour = (i > 0 and grown[i - 1]) or (i + 1 < len(grown) and grown[i + 1])
            if allow and not grown[i] and neighbour:
                grown[i] = changed = True
    return grown
