"""Content terms of a text: lower-cased, stop words dropped, stemmed by Snowball's English stemmer.

Shared by the answer composer (term overlap with the question), the evaluation metrics and the
registry's title lookup, so "support" means the same thing everywhere.
"""

from __future__ import annotations

import functools
import itertools
import re

import snowballstemmer

_SNOWBALL = snowballstemmer.stemmer("english")
# Words Snowball would merge with another the field uses apart: "local authorities" are not
# "authors", nor are "informants" "information".
_KEPT_APART = {
    "authority": "authority", "authorities": "authority",
    "informant": "informant", "informants": "informant",
}  # fmt: skip
# A people's adjective meets its place: "the Welsh study" is the one whose title says Wales.
_PLACES = {
    "welsh": "wales", "scottish": "scotland", "irish": "ireland", "english": "england",
    "british": "britain",
}  # fmt: skip

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing done down during each either few
    for from further had has have having he her here hers him his how however i if in into is it
    its itself just may me might more most much must my no nor not now of off on once only or other
    our ours out over own same she should so some such than that the their theirs them then there
    these they this those through to too under until up upon very was we were what when where
    whether which while who whom why will with within would you your yours
    doesn don didn isn aren wasn weren hasn haven hadn shouldn couldn wouldn mustn needn re ve ll
    try tries tried trying
    specifically particularly especially explicitly directly really actually exactly precisely
    generally mainly mostly anywhere either please though""".split()
)  # then what is left of a contraction once split ("doesn't", "we're"), "trying" ("when trying
# to innovate" asks about innovating) and words that close a question ("specifically")
_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# What one stem may add to another and still name the same thing ("pay" and "payment", "work"
# and "worker"; ``stem`` already gives "supervisory" and "supervision" one stem); but
# "work" and "workforc" name two things
_SAME_THING_ENDINGS = frozenset(
    ("", "e", "i", "s", "er", "or", "al", "ic", "iv", "ion", "ist", "ism", "iti", "ori", "ment")
)


def same_thing(stem_a: str, stem_b: str) -> bool:
    """Whether two stems name one thing: one is the other with an ending at most."""
    shorter, longer = sorted((stem_a, stem_b), key=len)
    return longer.startswith(shorter) and longer[len(shorter) :] in _SAME_THING_ENDINGS


_YSIS = re.compile(r"y(?:sis|ses|se|sed|sing|ze|zed|zing)$")  # analysis, analyse, analyzed
# Snowball keeps an adjective in -ory apart from its noun: "supervisory" from "supervision",
# "regulatory" from "regulation", "participatory" from "participation"
_ORY = re.compile(r"(?:(?<=s)ori|atori)$")
# and the field's verb "co-produce" apart from its noun "co-production" (the verb takes the noun's
# stem). Not every verb in -duce: "the analysis produced" would meet the part "production" of
# "co-production", and a passage on how findings were produced would answer co-production questions
_CO_PRODUCE = re.compile(r"^co-?produc(?:e|es|ed|ing)$")


def stem(word: str) -> str:
    """Snowball's English stem ("supportive" and "supports" meet, as do "collaborative" and
    "collaboration"), with "analysis" meeting "analysed", "supervisory" "supervision",
    "co-produce" "co-production", "conferencing" "conference", "Welsh" "Wales", and a few
    words kept apart."""
    word = _PLACES.get(word, word)
    if word.endswith(("encing", "ancing")):  # "conferencing" meets "conference"
        word = word[:-3] + "e"
    if _YSIS.search(word) and len(word) > 6:
        return _YSIS.sub("ys", word)
    if _CO_PRODUCE.match(word):
        return _SNOWBALL.stemWord(word) + "t"
    return _KEPT_APART.get(word) or _ORY.sub("", _SNOWBALL.stemWord(word))


def _content_words(text: str) -> list[str]:
    """The words of ``text`` in order, lower case, stop words and single letters left out."""
    words = _WORD.findall(text.lower().replace("’", "'"))
    return [word for word in words if word not in STOPWORDS and len(word) > 1]


def content_terms(text: str) -> set[str]:
    """Stemmed content words; a hyphenated word also gives its parts and its folded form, so
    "co-production" meets "coproduction" and "production"."""
    words = _content_words(text)
    terms = {stem(word) for word in words}
    terms |= {stem(part) for word in words if "-" in word for part in word.split("-") if len(part) > 2}
    terms |= {stem(word.replace("-", "")) for word in words if "-" in word}  # "coproduction"
    return terms


def term_pairs(text: str) -> set[tuple[str, str]]:
    """Each two content words in a row, stop words between them skipped, stemmed: "how do policy
    drivers affect innovation" gives ("polici", "driver"), ("driver", "affect"), ("affect",
    "innov")."""
    return set(itertools.pairwise(stem(word) for word in _content_words(text)))


@functools.lru_cache(maxsize=50_000)
def text_pairs(text: str) -> frozenset[tuple[str, str]]:
    """``term_pairs``, remembered, as ``text_terms`` is."""
    return frozenset(term_pairs(text))


def overlap(question_terms: set[str], text: str) -> float:
    """Share of the question's terms that appear in ``text`` (0 when the question has none)."""
    if not question_terms:
        return 0.0
    return len(question_terms & text_terms(text)) / len(question_terms)


@functools.lru_cache(maxsize=50_000)
def text_terms(text: str) -> frozenset[str]:
    """``content_terms``, remembered: the same passages and sentences come back question after
    question."""
    return frozenset(content_terms(text))
