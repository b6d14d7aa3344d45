"""The taxonomy file: seeded into the data folder once, edits honoured, bad files named."""

from __future__ import annotations

import pytest

from assistant.errors import TaxonomyError
from assistant.settings import Settings
from assistant.workspace.taxonomy import DEFAULT_TAXONOMY, Cues, load_taxonomy

LEFEVRE_CLUSTERS = [
    "Mobilisers",
    "System capabilities",
    "Design and implementation features",
    "Organisational culture, climate and processes",
    "Macro context",
]


def test_the_default_is_seeded_into_the_data_folder_with_the_five_clusters(isolated_data_dir):
    taxonomy = load_taxonomy(Settings())
    seeded = isolated_data_dir / "taxonomy.toml"
    assert seeded.read_text(encoding="utf-8") == DEFAULT_TAXONOMY.read_text(encoding="utf-8")
    assert [theme.name for theme in taxonomy.themes] == LEFEVRE_CLUSTERS
    assert all(theme.description and theme.cues for theme in taxonomy.themes)
    assert list(taxonomy.levels) == ["practice", "organisation", "system"]
    assert taxonomy.polarity.enabler.prototypes and taxonomy.polarity.barrier.cues


def test_a_trainers_edit_is_read_and_never_overwritten(isolated_data_dir):
    load_taxonomy(Settings())
    path = isolated_data_dir / "taxonomy.toml"
    edited = path.read_text(encoding="utf-8").replace('name = "Macro context"', 'name = "Policy"')
    path.write_text(edited, encoding="utf-8")
    assert load_taxonomy(Settings()).themes[-1].name == "Policy"
    assert "Policy" in path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("[[themes]\nname = 'x'", "is not valid TOML"),
        ("[[themes]]\nname = 'A'\n", "themes.0.description: Field required"),
        ("themes = []\n", "themes: List should have at least 1 item"),
        ("colour = 'red'\n", "colour: Extra inputs are not permitted"),
    ],
)
def test_a_malformed_file_names_the_file_and_the_problem(isolated_data_dir, content, problem):
    isolated_data_dir.mkdir(parents=True)
    (isolated_data_dir / "taxonomy.toml").write_text(content, encoding="utf-8")
    with pytest.raises(TaxonomyError) as raised:
        load_taxonomy(Settings())
    message = str(raised.value)
    assert str(isolated_data_dir / "taxonomy.toml") in message and problem in message
    assert "delete it to start again from the default" in message


def test_two_themes_with_one_name_are_refused(isolated_data_dir):
    load_taxonomy(Settings())
    path = isolated_data_dir / "taxonomy.toml"
    text = path.read_text(encoding="utf-8").replace('"Macro context"', '"mobilisers"')
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TaxonomyError, match="repeated: mobilisers"):
        load_taxonomy(Settings())


def test_cues_match_whole_words_endings_phrases_and_unicode_hyphens():
    cues = Cues(["trust", "collaborat*", "silo working", "well-supported"])
    found = cues.find("Trustees trust a collaborative, well\u2010supported team; silo  working.")
    assert [match.group() for match in found] == [
        "trust", "collaborative", "well-supported", "silo  working"
    ]  # fmt: skip
    assert Cues([]).count("anything at all") == 0
