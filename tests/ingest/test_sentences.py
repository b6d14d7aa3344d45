from ingest.sentences import sentence_spans, split_sentences


def test_splits_at_stops_but_not_after_abbreviations_or_initials():
    text = "Staff met weekly, e.g. on Mondays. Dr. Patton et al. reported gains. J. Elliott agreed."
    assert split_sentences(text) == [
        "Staff met weekly, e.g. on Mondays.",
        "Dr. Patton et al. reported gains.",
        "J. Elliott agreed.",
    ]


def test_questions_exclamations_quotes_and_blank_lines_end_sentences():
    text = "Does it work? It does! “Yes.” Then more\n\nHeading\n\nBody text."
    assert split_sentences(text) == [
        "Does it work?",
        "It does!",
        "“Yes.”",
        "Then more",
        "Heading",
        "Body text.",
    ]


def test_spans_point_into_the_text():
    text = "  First one.  Second one here.\nThird."
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "First one.",
        "Second one here.",
        "Third.",
    ]
