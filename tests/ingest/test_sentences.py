from ingest.sentences import is_caption, sentence_spans, split_sentences


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


def test_a_table_label_opens_its_caption_which_is_no_sentence():
    """A PDF's table read as text: its label, caption and header cells run on."""
    text = "The reduction was smallest at Birch House. Table 1. Police call-outs by home Before After"
    sentences = split_sentences(text)
    assert sentences == [
        "The reduction was smallest at Birch House.",
        "Table 1. Police call-outs by home Before After",
    ]
    assert [is_caption(sentence) for sentence in sentences] == [False, True]
    # a table named inside a sentence ends it as any word would
    assert split_sentences("Figures are in Table 2. Staff agreed.") == [
        "Figures are in Table 2.", "Staff agreed.",
    ]  # fmt: skip
    assert is_caption("Figure 3: The framework.") and not is_caption("Tables were laid.")


def test_a_quotation_ending_inside_a_sentence_does_not_end_it():
    text = (
        'Being asked "what happened, and who has been affected?" made them feel listened to. '
        'She said "it works." Then she left.'
    )
    assert split_sentences(text) == [
        'Being asked "what happened, and who has been affected?" made them feel listened to.',
        'She said "it works."',
        "Then she left.",
    ]
