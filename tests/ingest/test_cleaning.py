from __future__ import annotations

import re

from assistant.settings import BUNDLED_CORPUS
from ingest.cleaning import clean_pages
from ingest.sentences import split_sentences

LEFEVRE = BUNDLED_CORPUS / "000_2ab42ee1a9a58a36.txt"
PATTON = BUNDLED_CORPUS / "002_ad9f423ab965abb9.txt"
NON_LATIN = re.compile(r"[\u0400-\u04ff\u3000-\u9fff\uff00-\uffef]")


def clean(path) -> str:
    return clean_pages([path.read_text(encoding="utf-8")]).pages[0]


def test_sample_debris_is_removed():
    for path in (LEFEVRE, PATTON):
        text = clean(path)
        assert not NON_LATIN.search(text), path.name
        for debris in ("010-8811", "www.", "Copyright", "Cited by", "Reference38", "TOP", "DOI"):
            assert debris not in text, (path.name, debris)


def test_citation_count_widget_at_end_of_file_is_removed():
    assert not clean(LEFEVRE).rstrip().endswith("0")


def test_repeated_abstract_is_stored_once():
    text = clean(LEFEVRE)
    assert text.count("Innovation activity in child and family services") == 1
    assert text.count("Michelle Lefevre") == 1
    assert clean_pages([LEFEVRE.read_text()]).removed_lines["repeated blocks"] >= 1


def test_every_body_sentence_is_kept():
    raw = PATTON.read_text()
    body = raw[raw.index("PurposeThis") : raw.index("Publisher")]
    text = " ".join(clean(PATTON).split())
    for sentence in [
        "This paper explores the perceptions",
        "Of the 18 staff participants, 5 agreed",
        "Organisational structures and silo working",
        "catalyst for wider service",
        "This was the first study of its kind in Northern Ireland",
    ]:
        assert sentence in body and sentence in text
    abstract = LEFEVRE.read_text().split("\n\n")[6]
    for sentence in split_sentences(abstract):
        assert " ".join(sentence.split()) in " ".join(clean(LEFEVRE).split())


def test_structured_abstract_labels_become_headings():
    paragraphs = clean(PATTON).split("\n\n")
    assert "Findings" in paragraphs and "Design/methodology/approach" in paragraphs
    assert any(p.startswith("Several barriers and opportunities") for p in paragraphs)


def test_a_numbered_heading_keeps_its_number():
    """ "3. Findings" is a report's heading, not a sentence "3." before an abstract's label."""
    paragraphs = clean_pages(["Body text of the methods.\n\n3. Findings\n\nTrust grew."]).pages[0]
    assert "3. Findings" in paragraphs.split("\n\n")


def test_titles_keep_their_text_but_lose_badges():
    assert clean(LEFEVRE).split("\n\n")[0] == (
        "Creating a Conducive Zone for Innovation in Children’s Social Care"
    )


def test_line_end_hyphens_and_broken_lines():
    lines = [
        "Practitioners described how the organi-",
        "sation of co-",
        "production depended on leadership and on a well-",
        "supported workforce that felt safe to try new things in their",
        "daily practice with families.",
    ]
    text = clean_pages(["\n".join(lines)]).pages[0]
    assert text == (
        "Practitioners described how the organisation of co-production depended on leadership "
        "and on a well-supported workforce that felt safe to try new things in their daily "
        "practice with families."
    )


def test_generic_debris_lines_are_dropped_and_counted():
    page = "\n".join(  # noqa: FLY002 - one kind of debris per line
        [
            "Social workers valued reflective supervision as a space to think.",
            "Anzeige: Jetzt kostenlos registrieren und sparen",
            "Подписаться на рассылку",
            "Call us on +44 20 7946 0958 for a free consultation",
            "Subscribe to our newsletter",
            "Copyright © 2024 Example Publishing Ltd. All rights reserved.",
            "Back to top",
            "https://example.org/article/123",
            "Cited by 12",
            "Families on the child protection register were offered a named worker.",
        ]
    )
    result = clean_pages([page])
    text = result.pages[0]
    assert "reflective supervision" in text
    assert "child protection register were offered" in text, "a body line with 'register' stays"
    for debris in (
        "Подписаться",
        "7946",
        "Subscribe",
        "Copyright",
        "Back to top",
        "example.org",
        "Cited by",
    ):
        assert debris not in text
    assert result.removed_lines["foreign-script lines"] == 1
    assert result.removed_chars > 100


def test_a_web_pages_metadata_labels_and_their_values_are_dropped():
    """"Author:" with the names under it, "Publisher", "Subject": the page's labels, which
    became passages of their own (metadata is read from the raw text before cleaning)."""
    text = clean(PATTON)
    for debris in ("Author:", "Patton Sonia", "Publisher", "Emerald", "Subject", "Administration"):
        assert debris not in text, debris
    result = clean_pages(["Keywords:\n\nco-production, training\n\nFindings\n\nTrust grew slowly."])
    assert result.pages[0].split() == ["Findings", "Trust", "grew", "slowly."]
    assert result.removed_lines["page metadata lines"] == 2
    body = "Staff said the training changed how they ran each and every meeting with families."
    assert body in clean_pages([f"Subject\n\n{body}"]).pages[0], "a long line is body text"


def test_reference_list_is_dropped():
    page = "Findings were mixed across sites.\n\nReferences\n\n1. Arnstein S. A ladder of participation;1969"
    text = clean_pages([page]).pages[0]
    assert "Arnstein" not in text and "Findings were mixed" in text


def test_running_headers_and_page_footers_are_dropped_from_every_page():
    """A PDF's header and footer stand at the edge of every page, the footer's number aside;
    left in, they open a passage ("Rapid evidence review | Parents as partners Page 1") or cut
    into a sentence that runs over the page."""
    bodies = [
        "Parent advocates were the enabler named most often in the studies.",
        "The power imbalance between parents and professionals was the main barrier.",
        "Only four of the fourteen studies measured outcomes for children.",
    ]
    header = "Rapid evidence review | Parents as partners in child protection"
    pages = [
        f"{header}\nPage {n}\n{body}\nNorthfield Centre, 2023" for n, body in enumerate(bodies, 1)
    ]
    cleaned = clean_pages(pages)
    assert cleaned.pages == bodies
    assert cleaned.removed_lines["running headers and footers"] == 9


def test_a_line_on_one_page_only_is_no_running_header():
    pages = ["Journal of Integrated Care\nBody text on trust.", "Body text on supervision."]
    assert clean_pages(pages).pages[0].startswith("Journal of Integrated Care")


def test_a_sentence_cut_by_a_page_break_is_joined_on_the_page_it_starts_on():
    pages = [
        "Parents said an advocate helped them speak up in",
        "meetings. Having one consistent worker allowed trust to build.",
    ]
    cleaned = clean_pages(pages).pages
    assert cleaned == [
        "Parents said an advocate helped them speak up in meetings.",
        "Having one consistent worker allowed trust to build.",
    ]
    # a page ending with its sentence, or a next page opening with a new one, stays as it is
    assert clean_pages(["Trust grew.", "meetings were held monthly."]).pages[0] == "Trust grew."
    assert clean_pages(["Trust grew over", "Meetings were monthly."]).pages[0] == "Trust grew over"


def test_body_text_after_a_cited_by_widget_is_kept():
    page = "\n".join(  # noqa: FLY002 - one line of the page per line
        [
            "Cited by 3 articles",
            "1. Smith J, Jones K (2019). Trust in teams; Child Care in Practice, 25, pp. 1-9.",
            "The programme was introduced in 2011 and reached every team by the following year.",
        ]
    )
    text = clean_pages([page]).pages[0]
    assert "Smith J" not in text and "introduced in 2011" in text
