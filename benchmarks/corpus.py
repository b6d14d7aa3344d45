"""Synthetic collections of social-care research papers, of any size, for the benchmarks.

Each document is a short paper built from varied sentence templates and vocabularies: a title,
an author line, an abstract, headed sections (Introduction, Methods, Findings, ...) and the
kinds of noise real inputs carry. Text files are scraped web pages (navigation, copyright,
citation widgets, lines in another script, the abstract shown twice); PDFs are multi-page
papers written by reportlab with a running header and page footers. Document ``i`` depends only
on the seed and ``i``, so a corpus of 10 is the first 10 of a corpus of 1,000, and the same
seed gives the same bytes.

    python benchmarks/corpus.py OUT_DIR --docs 200 [--seed 0] [--pdf-share 0.25]
"""

from __future__ import annotations

import argparse
import random
import re
from dataclasses import dataclass
from pathlib import Path

PRACTICES = [
    "co-production", "family group conferencing", "restorative practice", "strengths-based practice",
    "systemic practice", "participatory budgeting", "peer mentoring for care leavers",
    "relationship-based social work", "signs of safety", "multi-agency safeguarding hubs",
    "family drug and alcohol courts", "lifelong links", "the mockingbird family model",
    "edge-of-care support", "reflective group supervision", "trauma-informed practice",
    "youth advisory boards", "parent advocacy", "contextual safeguarding", "family hubs",
]  # fmt: skip
SETTINGS = [
    "local authority children's services", "the voluntary sector", "residential children's homes",
    "fostering services", "leaving-care teams", "early help services", "youth justice services",
    "child protection teams", "adoption agencies", "integrated health and social care partnerships",
    "schools and alternative provision", "community mental health services for young people",
]  # fmt: skip
STAKEHOLDERS = [
    "social workers", "team managers", "care-experienced young people", "birth parents",
    "foster carers", "independent reviewing officers", "senior leaders", "commissioners",
    "family support workers", "residential care staff", "kinship carers", "service users",
    "practice educators", "youth workers", "personal advisers",
]  # fmt: skip
ENABLERS = [
    "stable leadership", "protected time for reflection", "a stable and well-supported workforce",
    "trusting relationships between practitioners and families", "long-term funding",
    "senior sponsorship", "shared decision-making", "a learning culture that tolerates mistakes",
    "peer support networks", "clear governance", "co-located multi-agency teams",
    "reflective supervision", "the involvement of people with lived experience from the outset",
    "flexible commissioning", "small caseloads", "training in co-production",
]  # fmt: skip
BARRIERS = [
    "high caseloads", "short-term funding cycles", "staff turnover", "a risk-averse culture",
    "organisational silos", "rigid performance targets", "inspection pressure",
    "limited administrative support", "professional hierarchies", "mistrust of statutory services",
    "unclear accountability", "reliance on agency staff", "lack of protected time",
    "fragmented data systems", "tokenistic consultation", "competing policy priorities",
]  # fmt: skip
METHODS = [
    "semi-structured interviews", "focus groups", "an online survey", "a realist evaluation",
    "ethnographic observation", "a narrative review", "case file analysis",
    "a mixed-methods evaluation", "appreciative inquiry workshops", "a Delphi study",
]  # fmt: skip
OUTCOMES = [
    "fewer children entering care", "greater placement stability", "improved family engagement",
    "higher staff retention", "better wellbeing scores", "fewer repeat referrals",
    "more timely permanence decisions", "increased confidence among practitioners",
]  # fmt: skip
PLACES = [
    "England", "Scotland", "Wales", "Northern Ireland", "the North East of England", "London",
    "the West Midlands", "Yorkshire", "Greater Manchester", "the South West of England",
]  # fmt: skip
JOURNALS = [
    "Journal of Children's Services", "Child & Family Social Work", "British Journal of Social Work",
    "Children and Youth Services Review", "Health & Social Care in the Community",
    "Journal of Integrated Care", "Practice: Social Work in Action",
]  # fmt: skip
SURNAMES = [
    "Patton", "Lefevre", "Okafor", "Henderson", "Nakamura", "MacLeod", "Begum", "Williams",
    "Kowalski", "O'Neill", "Davies", "Mensah", "Fraser", "Ahmed", "Sullivan", "Evans",
]  # fmt: skip
INITIALS = "ABCDEFGHJKLMNPRSTW"

SENTENCES = [
    "{Stakeholders} described {enabler} as central to sustaining {practice} in {setting}.",
    "Where teams had {enabler}, {practice} was more likely to continue beyond the pilot phase.",
    "The barrier most often reported by {stakeholders} was {barrier}, particularly in {setting}.",
    "Of the {n} {stakeholders} invited, {m} took part in {method}.",
    "The programme ran for {weeks} weeks across {k} local authorities in {place}.",
    "Findings suggest that {enabler} and {enabler2} enabled {practice}, while {barrier} and {barrier2} hindered it.",
    "{Stakeholders} said that {barrier} made it difficult to involve {stakeholders2} in decisions.",
    "Sites using {practice} reported {outcome} in {k} of the {k2} areas studied.",
    "In {place}, {practice} was introduced in {year} as part of a wider reform of {setting}.",
    "Participants linked {outcome} to {enabler} rather than to any single intervention.",
    "Without {enabler}, {stakeholders} felt that innovation depended on the goodwill of individuals.",
    "Staff turnover of {pct}% in the first year limited what the teams could sustain.",
    "Several {stakeholders} reported that {barrier} undermined trust between agencies.",
    "Through {practice}, {stakeholders} and {stakeholders2} shared power over how services were designed.",
    "Data were analysed thematically, and {k} themes were identified across the {method}.",
    "The evaluation found {outcome} where {stakeholders} had {enabler}.",
    "Managers acknowledged that {barrier} and {barrier2} slowed the spread of {practice}.",
    "Innovation in {setting} depended on {enabler} as much as on new funding.",
    "{Stakeholders} valued being treated as equal partners rather than as recipients of services.",
    "Early enthusiasm for {practice} faded when {barrier} returned after the funding ended.",
    "A total of {n} case files were reviewed, of which {m} showed evidence of {practice}.",
    "The study drew on {method} with {n} {stakeholders} between {year} and {year2}.",
]  # fmt: skip
TITLES = [
    "{Practice} in {setting}: what enables sustained change?",
    "Barriers to {practice}: reflections from {stakeholders} in {place}",
    "Does training in {practice} change practice? A study in {place}",
    "Co-producing {setting} with {stakeholders}: lessons from {place}",
    "Enablers and barriers of innovation in {setting}",
    "{Practice} and {outcome}: a {method_noun} from {place}",
    "What helps {stakeholders} take part in {practice}? Evidence from {setting}",
]  # fmt: skip
SECTIONS = ["Introduction", "Background", "Methods", "Findings", "Discussion", "Conclusion"]
WEB_DEBRIS = [
    "Download PDF", "Share", "Back to top", "Citations: {n}", "Downloads: {n}",
    "© {year} {journal}. All rights reserved.", "Advertisement",
    "Subscribe to our newsletter for free updates", "Tel: +44 20 7946 {four}",
    "Язык: Английский", "Опубликована: {k} марта {year}", "本文摘要 请见 正文 内容",
    "www.example-journal.org/article/{four}", "Terms and conditions | Privacy policy | Cookies",
]  # fmt: skip
CITED_BY = "Cited by {k} articles"  # a list of citing papers follows: only at a page's end


@dataclass(frozen=True)
class Paper:
    title: str
    authors: str
    journal: str
    year: int
    abstract: str
    sections: list[tuple[str, list[str]]]


@dataclass(frozen=True)
class GeneratedDocument:
    path: Path
    kind: str  # "txt" or "pdf"
    pages: int  # 1 for text files
    title: str


FOCUS_SHARE = 0.6  # how often a sentence is about its paper's own practice, setting, people, place


def fill(
    template: str,
    rng: random.Random,
    focus: dict[str, str] | None = None,
    share: float = FOCUS_SHARE,
) -> str:
    """A template with each {slot} drawn from its vocabulary, or most often from the paper's
    ``focus`` so a paper stays on its topic; capitalised slots start upper case."""
    year = rng.randint(2008, 2024)
    n = rng.randint(12, 240)
    enablers, barriers, people = (
        rng.sample(words, 2) for words in (ENABLERS, BARRIERS, STAKEHOLDERS)
    )
    values: dict[str, object] = {
        "stakeholders": people[0], "stakeholders2": people[1],
        "enabler": enablers[0], "enabler2": enablers[1], "barrier": barriers[0], "barrier2": barriers[1],
        "practice": rng.choice(PRACTICES), "setting": rng.choice(SETTINGS),
        "method": rng.choice(METHODS), "outcome": rng.choice(OUTCOMES), "place": rng.choice(PLACES),
        "journal": rng.choice(JOURNALS), "n": n, "m": rng.randint(3, n), "k": rng.randint(2, 9),
        "k2": rng.randint(10, 20), "weeks": rng.randint(6, 52), "pct": rng.randint(8, 45),
        "year": year, "year2": year + rng.randint(1, 3), "four": f"{rng.randint(0, 9999):04d}",
        "method_noun": rng.choice(["qualitative study", "mixed-methods evaluation", "case study"]),
    }  # fmt: skip
    for key, value in (focus or {}).items():
        if rng.random() < share:
            values[key] = value
    values |= {key.capitalize(): _capitalise(str(value)) for key, value in values.items()}
    return template.format(**values)


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def paragraph(
    rng: random.Random, focus: dict[str, str], sentences: tuple[int, int] = (3, 7)
) -> str:
    count = rng.randint(*sentences)
    return " ".join(fill(rng.choice(SENTENCES), rng, focus) for _ in range(count))


def make_paper(rng: random.Random) -> Paper:
    focus = {
        "practice": rng.choice(PRACTICES), "setting": rng.choice(SETTINGS),
        "stakeholders": rng.choice(STAKEHOLDERS), "place": rng.choice(PLACES),
    }  # fmt: skip
    names = [f"{rng.choice(SURNAMES)} {rng.choice(INITIALS)}." for _ in range(rng.randint(1, 4))]
    sections = [
        (heading, [paragraph(rng, focus) for _ in range(rng.randint(1, 4))])
        for heading in SECTIONS
        if heading in ("Introduction", "Findings", "Conclusion") or rng.random() < 0.7
    ]
    return Paper(
        title=fill(rng.choice(TITLES), rng, focus, share=1.0),
        authors=", ".join(names),
        journal=rng.choice(JOURNALS),
        year=rng.randint(2008, 2024),
        abstract=paragraph(rng, focus, (4, 6)),
        sections=sections,
    )


def web_page_text(paper: Paper, rng: random.Random) -> str:
    """The paper as a scraped web page: one line per paragraph, debris lines around it, and
    (in about half the pages) the abstract block shown twice, like the bundled samples."""
    debris = [fill(line, rng) for line in rng.sample(WEB_DEBRIS, rng.randint(3, 7))]
    header = [paper.title, "", paper.authors, "", f"{paper.journal}, {paper.year}", ""]
    abstract = ["Abstract", "", paper.abstract, ""]
    lines = [*debris[:2], "", *header, *abstract]
    for heading, paragraphs in paper.sections:
        lines += [heading, ""]
        for text in paragraphs:
            lines += [text, ""]
            if rng.random() < 0.15:
                lines += [fill(rng.choice(WEB_DEBRIS), rng), ""]
    if rng.random() < 0.5:
        lines += [*header, *abstract]
    if rng.random() < 0.3:
        debris += [
            fill(CITED_BY, rng),
            f"{paper.authors} ({rng.randint(2015, 2024)}) {paper.title}.",
        ]
    return "\n".join([*lines, *debris[2:]]) + "\n"


def write_pdf(path: Path, paper: Paper, declare_title: bool) -> int:
    """A multi-page paper laid out by hand, so the page count is known; returns it."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfgen.canvas import Canvas

    width, height = A4
    margin, leading, size = 72.0, 13.0, 10.0
    usable = int((height - 2 * margin - 2 * leading) // leading)

    def layout(blocks: list[tuple[str, str]]) -> list[tuple[str, str]]:
        return [
            (font, line)
            for text, font in blocks
            for line in (simpleSplit(text, font, size, width - 2 * margin) if text else [""])
        ]

    front = layout([(paper.title, "Helvetica-Bold"), (paper.authors, "Helvetica"), ("", ""),
                    ("Abstract", "Helvetica-Bold"), (paper.abstract, "Helvetica")])  # fmt: skip
    body = layout([
        block
        for heading, paragraphs in paper.sections
        for block in [(heading, "Helvetica-Bold"), *((p, "Helvetica") for p in paragraphs), ("", "")]
    ])  # fmt: skip
    pages = [front[:usable], *(body[i : i + usable] for i in range(0, len(body), usable))]
    canvas = Canvas(str(path), pagesize=A4, invariant=1)
    if declare_title:
        canvas.setTitle(paper.title)
    for number, page in enumerate(pages, start=1):
        canvas.setFont("Helvetica", 8)
        canvas.drawString(margin, height - margin + leading, f"{paper.journal} ({paper.year})")
        canvas.drawCentredString(width / 2, margin / 2, f"{number}")
        y = height - margin - leading
        for font, text in page:
            if text:
                canvas.setFont(font, size)
                canvas.drawString(margin, y, text)
            y -= leading
        canvas.showPage()
    canvas.save()
    return len(pages)


def slug(title: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", title.lower())[:6])


def generate_document(
    out_dir: Path, index: int, seed: int = 0, pdf_share: float = 0.25
) -> GeneratedDocument:
    rng = random.Random(f"carechat-corpus-{seed}-{index}")
    paper = make_paper(rng)
    stem = f"{index:05d}_{slug(paper.title)}"
    if rng.random() < pdf_share:
        path = out_dir / f"{stem}.pdf"
        pages = write_pdf(path, paper, declare_title=rng.random() < 0.5)
        return GeneratedDocument(path, "pdf", pages, paper.title)
    path = out_dir / f"{stem}.txt"
    path.write_text(web_page_text(paper, rng), encoding="utf-8")
    return GeneratedDocument(path, "txt", 1, paper.title)


def generate_corpus(
    out_dir: Path, docs: int, seed: int = 0, pdf_share: float = 0.25
) -> list[GeneratedDocument]:
    """Write ``docs`` documents into ``out_dir`` (created if needed) and describe them."""
    out_dir.mkdir(parents=True, exist_ok=True)
    return [generate_document(out_dir, index, seed, pdf_share) for index in range(docs)]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--docs", type=int, default=100, help="documents to write (default 100)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--pdf-share", type=float, default=0.25, help="share written as PDF")
    args = parser.parse_args(argv)
    generated = generate_corpus(args.out_dir, args.docs, args.seed, args.pdf_share)
    pdfs = [doc for doc in generated if doc.kind == "pdf"]
    size = sum(doc.path.stat().st_size for doc in generated)
    print(
        f"{len(generated)} documents in {args.out_dir}: {len(generated) - len(pdfs)} text, "
        f"{len(pdfs)} PDF ({sum(doc.pages for doc in pdfs)} pages), {size / 1e6:.1f} MB"
    )


if __name__ == "__main__":
    main()
