"""Forgiving wording: a question typed in a hurry is searched as it was meant.

Four steps, all visible to the user as "Searched as":

- contractions typed without their apostrophe get it back ("theres" -> "there's", "dont" ->
  "don't"), and chat shorthand is written out ("wat" -> "what", "u" -> "you", "ppl" ->
  "people"), so that they are neither searched as words nor "corrected" into other words;
- the field's common abbreviations are spelt out beside themselves ("LA" -> "LA (local
  authority)"), matched as whole words in capitals, or lower case where they cannot be an
  ordinary word; so are the plain words practitioners use for the field's terms ("new ideas"
  -> "new ideas (innovation)"), which the literature rarely writes;
- a word the collection writes with a hyphen is written so ("coproduction" -> "co-production"),
  so that the embedding model, which reads them as different words, sees the collection's form;
- a word that is neither a word the embedding model knows as a whole (its WordPiece vocabulary,
  about 30,000 common English words) nor a word of the collection, nor a regular form of one
  ("enablers" of "enable", "interviewees" of "interview"), is corrected to the closest word of
  the collection, when one is within one edit (two for words of eight letters or more).
  So "inovation" becomes "innovation" and "partisipants" "participants", while "budget" or
  "France" are left alone even when the collection never uses them: an off-topic question must
  stay off-topic.

Hyphens, apostrophes and stemming are handled where words are matched (``terms``, and the FTS5
index's folded column and Porter stemmer), not here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Protocol

ABBREVIATIONS = {
    "LA": "local authority",
    "LAs": "local authorities",
    "SW": "social worker",
    "SWs": "social workers",
    "CSC": "children's social care",
    "CIN": "child in need",
    "CP": "child protection",
    "CPP": "child protection plan",
    "LAC": "looked after children",
    "CLA": "children looked after",
    "CYP": "children and young people",
    "YP": "young people",
    "SEND": "special educational needs and disabilities",
    "EHCP": "education, health and care plan",
    "DSL": "designated safeguarding lead",
    "IRO": "independent reviewing officer",
    "PA": "personal adviser",
    "UASC": "unaccompanied asylum-seeking children",
    "MASH": "multi-agency safeguarding hub",
    "NHS": "National Health Service",
    "NI": "Northern Ireland",
}
# Plain words for the field's terms: "What helps teams try out new ideas?" was refused, the
# passages on innovation being too far from "new ideas" for the encoder.
PLAIN_WORDS = {
    "new ideas": "innovation",
    "new idea": "innovation",
    "new things": "innovation",
    "new ways of working": "innovation",
    "new ways of doing things": "innovation",
    "new approaches": "innovation",
    "doing things differently": "innovation",
    "do things differently": "innovation",
}
_PLAIN = re.compile(
    r"\b(" + "|".join(sorted(map(re.escape, PLAIN_WORDS), key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)
_PLAIN_SPELT_OUT = re.compile(_PLAIN.pattern + r" \(([^()]+)\)", re.IGNORECASE)
_CONTRACTIONS = {
    word.replace("'", ""): word
    for word in (
        "there's what's who's where's how's that's it'd i'm i've you're they're "
        "don't doesn't didn't can't won't isn't aren't wasn't weren't hasn't haven't hadn't "
        "shouldn't couldn't wouldn't mustn't needn't"
    ).split()
}
# Chat shorthand, in lower case only ("U" may be a name); the words it stands for are common
# English, so spelling correction would leave the short forms as typed.
_SHORTHAND = {
    "wat": "what", "wot": "what", "u": "you", "ur": "your", "ppl": "people", "pls": "please",
    "plz": "please", "abt": "about", "coz": "because", "wen": "when", "thru": "through",
    "tho": "though",
}  # fmt: skip
_SAFE_IN_LOWER_CASE = {"csc", "cyp", "lac", "ehcp", "uasc"}  # never ordinary words
_WORD = re.compile(r"[A-Za-z]+")
_SPELT_OUT = re.compile(r"\b([A-Za-z]+) \(([^()]+)\)")
MIN_CORRECTED_LENGTH = 4


class Lexicon(Protocol):
    """Where corrections come from: the collection's words (``index.lexical.LexicalIndex``)."""

    def has_word(self, word: str) -> bool: ...

    def hyphenated(self, word: str) -> str | None: ...

    def known_words(self, first_letter: str, min_length: int, max_length: int) -> list[str]: ...


def expand_abbreviations(question: str) -> str:
    """Abbreviations and plain words spelt out beside themselves (a term the question already
    writes is not added again)."""

    def spell_out(match: re.Match[str]) -> str:
        word = match.group(0)
        if word in ABBREVIATIONS:
            return f"{word} ({ABBREVIATIONS[word]})"
        if word in _SAFE_IN_LOWER_CASE:
            return f"{word} ({ABBREVIATIONS[word.upper()]})"
        return word

    def name_term(match: re.Match[str]) -> str:
        term = PLAIN_WORDS[match.group(0).lower()]
        return match.group(0) if term in question.lower() else f"{match.group(0)} ({term})"

    return _PLAIN.sub(name_term, _WORD.sub(spell_out, question))


_ACRONYM = re.compile(r"\b([A-Z]{2,6})(s?)\b(?! \()")
_DEFINING_WORDS = re.compile(r"[\w'’]+(?:-[\w'’]+)*")


def spell_out_defined(question: str, defined: Callable[[str], str | None]) -> str:
    """Acronyms the field's list lacks spelt out as the collection defines them ("the FGC
    pilot" -> "the FGC (family group conferencing) pilot", where a passage writes "Family group
    conferencing (FGC)"); ``defined`` looks one up."""

    def spell_out(match: re.Match[str]) -> str:
        acronym = match.group(1)
        if acronym in ABBREVIATIONS or match.group(0) in ABBREVIATIONS:
            return match.group(0)
        meaning = defined(acronym)
        return f"{match.group(0)} ({meaning})" if meaning else match.group(0)

    return _ACRONYM.sub(spell_out, question)


def definition_in(acronym: str, text: str) -> str | None:
    """What ``text`` defines ``acronym`` as: the words just before "(ACRONYM)" whose initials
    spell it ("Family group conferencing (FGC)"), in lower case unless written in capitals
    throughout ("Public Law Outline (PLO)" stays)."""
    for found in re.finditer(rf"\(\s*{re.escape(acronym)}s?\s*\)", text):
        words = _DEFINING_WORDS.findall(text[max(0, found.start() - 200) : found.start()])
        for size in range(len(acronym), 0, -1):
            meaning = words[-size:] if len(words) >= size else []
            if meaning and spells(acronym, " ".join(meaning)):
                phrase = " ".join(meaning)
                keep_case = all(word[0].isupper() for word in meaning)
                return phrase if keep_case else phrase.lower()
    return None


def spells(acronym: str, words: str) -> bool:
    """Whether the initials of ``words`` (those of a hyphenated word's parts too, "and" and "of"
    skipped) spell ``acronym``."""
    parts = [part for part in re.split(r"[\s-]+", words) if part.lower() not in ("and", "of")]
    return "".join(part[0] for part in parts if part).upper() == acronym.upper()


def abbreviations_spelt_out(question: str) -> set[str]:
    """The abbreviations ``question`` writes with their words beside them ("FGC" in "the FGC
    (family group conferencing) team"), lower case: the words say it again."""
    return {
        word.lower()
        for word, meaning in _SPELT_OUT.findall(question)
        if spelt_out(f"{word} ({meaning})") == meaning
    }


def spelt_out(question: str) -> str:
    """``question`` as ``expand_abbreviations`` wrote it, each abbreviation replaced by what it
    stands for ("the NI (Northern Ireland) study" -> "the Northern Ireland study"), and plain
    words without the term added ("new ideas (innovation)" -> "new ideas"): what the question
    says, word by word (a collection that never writes the term may still write the words)."""

    def replace(match: re.Match[str]) -> str:
        word, meaning = match.groups()
        known = ABBREVIATIONS.get(word) or ABBREVIATIONS.get(word.upper())
        defined = word.rstrip("s").isupper() and spells(word.rstrip("s"), meaning)
        return meaning if known == meaning or defined else match.group(0)

    return _SPELT_OUT.sub(replace, _plain_words_kept(question, group=1))


def as_terms(question: str) -> str:
    """``question`` as ``expand_abbreviations`` wrote it, plain words replaced by the term
    spelt out beside them ("new ideas (innovation)" -> "innovation"): what it asks about, as
    the sentences answering it are chosen (a sentence on innovation need not say "new ideas")."""
    return _plain_words_kept(question, group=2)


def _plain_words_kept(question: str, group: int) -> str:
    """Each "plain words (term)" ``expand_abbreviations`` wrote reduced to the words (group 1)
    or to the term (group 2)."""

    def keep(match: re.Match[str]) -> str:
        words, term = match.groups()
        return match.group(group) if PLAIN_WORDS[words.lower()] == term else match.group(0)

    return _PLAIN_SPELT_OUT.sub(keep, question)


def correct_spelling(question: str, lexicon: Lexicon, is_common_word: CommonWord) -> str:
    """``question`` with each unknown word replaced by its nearest word in the collection."""

    def correct(match: re.Match[str]) -> str:
        word = match.group(0)
        lower = word.lower()
        if lower in _CONTRACTIONS:
            return _CONTRACTIONS[lower]
        if word in _SHORTHAND:
            return _SHORTHAND[word]
        if (
            len(lower) < MIN_CORRECTED_LENGTH
            or word.isupper()
            or is_known(lower, lexicon, is_common_word)
        ):
            return word
        return lexicon.hyphenated(lower) or _nearest(lower, lexicon) or word

    return _WORD.sub(correct, question)


# Endings of regular forms: "enablers" (enable), "interviewees" (interview), "evaluators"
# (evaluate), "collaboratively" (collaborative). The vocabulary holds few such forms whole.
_ENDINGS = ("s", "es", "rs", "ers", "ees", "ors", "ing", "ed", "d", "ly", "ness", "ment", "ments")


def is_known(word: str, lexicon: Lexicon, is_common_word: CommonWord) -> bool:
    """Whether ``word`` is common English or the collection's, or a regular form of such a word:
    "enablers" was "corrected" to "enable" and "interviewees" to "interviews" in a collection
    that writes neither, and "summarise" to "summarised" in one that writes only that. A misspelt
    word's base is misspelt too ("inovations"), and so are its forms."""
    forms = [word] + [
        base + tail
        for ending in _ENDINGS
        if word.endswith(ending) and len(base := word[: -len(ending)]) >= _shortest_base(ending)
        for tail in ("", "e")
    ]
    forms += [word + ending for ending in _ENDINGS] + [word[:-1] + ending for ending in _ENDINGS]
    return any(
        is_common_word(spelling) or lexicon.has_word(spelling)
        for form in forms
        for spelling in spellings(form)
    )


def _shortest_base(ending: str) -> int:
    """A plural's base may be a short word ("dads", "mums", "kids"): "dads" was "corrected" to
    "days" in a collection that writes "working days"."""
    return MIN_CORRECTED_LENGTH - 1 if ending == "s" else MIN_CORRECTED_LENGTH


def spellings(word: str) -> list[str]:
    """The word and its American spelling: the model's vocabulary holds "analyzed", not the
    British "analysed", which is no misspelling."""
    american = re.sub(r"is(e|ed|es|ing|ation)$", r"iz\1", word)
    american = re.sub(r"ys(e|ed|es|ing)$", r"yz\1", american)
    american = re.sub(r"our(s|ed|ing)?$", r"or\1", american)
    american = re.sub(r"tre(s)?$", r"ter\1", american)
    return [word, american]


class CommonWord(Protocol):
    def __call__(self, word: str) -> bool: ...


def _nearest(word: str, lexicon: Lexicon) -> str | None:
    allowed = 1 if len(word) < 8 else 2
    candidates = lexicon.known_words(word[0], len(word) - allowed, len(word) + allowed)
    scored = [(edit_distance(word, candidate), candidate) for candidate in candidates]
    close = sorted((d, c) for d, c in scored if d <= allowed)
    return close[0][1] if close else None


def edit_distance(a: str, b: str) -> int:
    """Optimal string alignment distance: insertions, deletions, substitutions and swaps of
    neighbouring letters ("recieve") each cost one."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            cost = min(
                previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)
            )
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        previous2, previous = previous, current
    return previous[-1]
