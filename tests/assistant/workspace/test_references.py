"""Reference lists in Harvard (Cite Them Right) and APA 7, as the CSL style files prescribe."""

from __future__ import annotations

import pytest

from assistant.errors import UnknownStyle
from assistant.models import Reference
from assistant.workspace.references import (
    Run,
    format_reference_runs,
    format_references,
    runs_to_html,
    to_csl,
)

THREE = Reference(
    title="Creating a conducive zone for innovation in children's social care",
    authors=("Lefevre, Michelle", "Temperley, Julie", "Goldsmith, Carlie"),
    year=2020,
    journal="Health & Social Care in the Community",
    volume="2",
    issue="1",
    pages="10-20",
    doi="10.1155/2025/8813579",
)
SEVEN = Reference(
    title="Signs of safety in practice",
    authors=(
        "Baginsky, Mary", "Hickman, Ben", "Harris, John", "Manthorpe, Jill", "Sanders, Michael",
        "O'Higgins, Aoife", "Schoenwald, Eva",
    ),
    year=2019,
    journal="Child Abuse Review",
    volume="28",
    issue="3",
    pages="1-9",
)  # fmt: skip
REPORT = Reference(
    title="Working together to safeguard children",
    authors=("HM Government",),
    year=2018,
    publisher="Department for Education",
    url="https://www.gov.uk/working-together",
)


def italic_texts(runs: list[Run]) -> list[str]:
    return [run.text for run in runs if run.italic]


def test_harvard_three_authors_journal_article():
    [entry] = format_references([THREE])
    assert entry == (
        "Lefevre, M., Temperley, J. and Goldsmith, C. (2020) ‘Creating a conducive zone for "
        "innovation in children's social care’, Health & Social Care in the Community, 2(1), "
        "pp. 10–20. Available at: https://doi.org/10.1155/2025/8813579."
    )
    [runs] = format_reference_runs([THREE])
    assert italic_texts(runs) == ["Health & Social Care in the Community"]


def test_harvard_four_or_more_authors_become_the_first_et_al():
    """harvard-cite-them-right.csl: bibliography et-al-min 4, et-al-use-first 1, "et al."
    in italics."""
    [runs] = format_reference_runs([SEVEN], "harvard")
    text = "".join(run.text for run in runs)
    assert text == (
        "Baginsky, M. et al. (2019) ‘Signs of safety in practice’, Child Abuse Review, 28(3), "
        "pp. 1–9."
    )
    assert italic_texts(runs) == ["et al.", "Child Abuse Review"]


def test_apa_three_authors_with_ampersand_year_and_italic_journal_and_volume():
    [entry] = format_references([THREE], "apa")
    assert entry == (
        "Lefevre, M., Temperley, J., & Goldsmith, C. (2020). Creating a conducive zone for "
        "innovation in children's social care. Health & Social Care in the Community, 2(1), "
        "10–20. https://doi.org/10.1155/2025/8813579"
    )
    [runs] = format_reference_runs([THREE], "apa")
    assert italic_texts(runs) == ["Health & Social Care in the Community", "2"]


def test_apa_lists_up_to_twenty_authors_then_the_first_nineteen_and_the_last():
    [seven] = format_references([SEVEN], "apa")
    assert seven.startswith(
        "Baginsky, M., Hickman, B., Harris, J., Manthorpe, J., Sanders, M., O'Higgins, A., & "
        "Schoenwald, E. (2019). Signs of safety in practice. Child Abuse Review, 28(3), 1–9."
    )
    many = [f"Author{chr(65 + i)}, Jo" for i in range(21)]
    twenty, twenty_one = format_references(
        [Reference(title="T", authors=tuple(many[:20]), year=2020, journal="J"),
         Reference(title="U", authors=tuple(many), year=2021, journal="J")],
        "apa",
    )  # fmt: skip
    assert ", & AuthorT, J. (2020)" in twenty
    assert "AuthorS, J., … AuthorU, J. (2021)" in twenty_one and "AuthorT" not in twenty_one


@pytest.mark.parametrize("style", ["harvard", "apa"])
def test_the_list_is_sorted_by_author_whatever_the_order_given(style):
    entries = format_references([THREE, REPORT, SEVEN], style)
    assert [entry[:8] for entry in entries] == ["Baginsky", "HM Gover", "Lefevre,"]


def test_a_report_has_its_title_in_italics_and_an_organisation_stays_whole():
    [harvard] = format_reference_runs([REPORT], "harvard")
    assert "".join(run.text for run in harvard) == (
        "HM Government (2018) Working together to safeguard children. Department for "
        "Education. Available at: https://www.gov.uk/working-together."
    )
    assert italic_texts(harvard) == ["Working together to safeguard children"]
    [apa] = format_references([REPORT], "apa")
    assert apa.startswith("HM Government. (2018). Working together to safeguard children.")


@pytest.mark.parametrize(
    ("style", "expected"),
    [("harvard", "Practice guidance (no date)."), ("apa", "Practice guidance. (n.d.).")],
)
def test_without_authors_or_year_the_title_leads_once(style, expected):
    assert format_references([Reference(title="Practice guidance")], style) == [expected]


def test_an_unknown_style_names_the_styles_there_are():
    with pytest.raises(UnknownStyle, match="choose one of apa, harvard"):
        format_references([THREE], "vancouver")


def test_html_is_escaped_with_italics_as_i():
    runs = [Run("Smith, J. <b> & "), Run("Journal & Review", italic=True), Run(", 2(1).")]
    assert runs_to_html(runs) == "Smith, J. &lt;b&gt; &amp; <i>Journal &amp; Review</i>, 2(1)."


def test_csl_json_types_and_fields():
    article = to_csl(THREE, "a")
    assert article["type"] == "article-journal" and article["DOI"] == "10.1155/2025/8813579"
    assert article["issued"] == {"date-parts": [[2020]]}
    assert article["author"][0] == {"family": "Lefevre", "given": "Michelle"}
    report = to_csl(REPORT, "r")
    assert report["type"] == "report" and report["author"] == [{"literal": "HM Government"}]
    assert (
        report["URL"] == "https://www.gov.uk/working-together" and "container-title" not in report
    )
