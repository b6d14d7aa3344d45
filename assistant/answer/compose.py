"""The default answer, with no language model: the passages' own sentences, each cited.

Every sentence of an answer is copied from the passage its ``[n]`` points at; the only words
added are headings ("Enablers:", a document's title) and a note when one side of the split is
missing. How sentences are chosen:

- **Grounding** = cosine similarity to the question + TERM_WEIGHT x the share of the question's
  content terms the sentence holds. The answer is refused when no sentence reaches
  ``answer.refusal_threshold``: a relevant-looking passage is not enough, one of its sentences
  must speak to the question.
- **Relevance** orders the sentences that pass. Its term share leaves out the words that
  identify a document (the names in the question, the titles of the documents retrieved, "the
  study"): they find the document, but the sentence that merely names the study must not win
  over the one that answers. Like grounding's, it counts a word of the sentence's own title as
  held once the sentence holds something else asked (``held_share``): "what kind of team
  culture do you need for innovation" is answered by the paper on innovation's "relational
  culture" sentence, not by one on culture in co-production; except in a question on what
  helps or hinders, whose sentences are chosen by the words of their side. A sentence holding
  the kind of fact asked for (``answer_types``: a number for "how many", a method for "how were
  the data analysed", a place for "where") gains ANSWER_TYPE_BONUS; and when some sentence
  holds a value or a method asked for, a fact answer is made of those only ("Was it a large
  study?" is answered by its size, not by a sentence sharing its words). People and places
  are too often named in passing for that. In a question on what helps or hinders, a sentence
  on the side asked is of the kind asked ("Silo working still acts as an inhibiter" answers
  "Why is co-production hard?" in a paper on co-production, sharing no word with it).
- **Refusals that hold**: when the question asks for a count, a duration, a date, a sum of money,
  a funder or a risk, and no retrieved sentence on its subject holds one, the answer is a
  refusal even if the topic words match; and so is an answer that never mentions what the
  question asks about, asks a practice to change or asks a thing to be, in its sentences or in
  the titles of the documents it cites (``unmentioned.speaks_of_topics``); so is a question on
  the views of people no passage hears from (``heard_from``: none of them speaks in a sentence,
  nor is said to have been interviewed or surveyed).
- A sentence that opens with a pronoun or a connective ("It can enhance", "Additionally") comes
  with the sentence before it, and no two answer sentences say the same thing (cosine above
  SAME_THING).
- **One factor**: a question that names what it asks about before its word for helping or
  hindering ("Does a shared language help co-production?", "What role does leadership play
  in enabling it?") is answered as a fact is, by the sentences on that factor; a list of
  every enabler left it out (``asks_of_one_factor``).
- **Several documents**: a question that names or implies several ("both", "compare", "the two
  studies", "across the studies", or what helps and hinders across the collection) is answered
  from every document that has a relevant sentence, grouped by document or by side; in a large
  collection, from the MAX_DOCUMENTS_CITED whose sentences answer best. A question asking which
  documents say something ("Which studies took place in Wales?", ``which_documents``) is
  answered by the sentences holding its telling words, or refused when none does.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from assistant.answer.answer_types import (
    AnswerType,
    answer_types,
    bare_heading,
    gives_part_asked,
    numbers_in,
    stated_counts,
)
from assistant.answer.conversation import continues, refers_back, without_context
from assistant.answer.retrieval import TERM_WEIGHT
from assistant.answer.subject import (
    COMPARED_UNITS,
    FRAME_TERMS,
    GENERIC_REFERENCES,
    identifying_terms,
    naming_phrase,
    subject_terms,
)
from assistant.answer.unmentioned import speaks_of_topics, views_holders
from assistant.answer.which_documents import asks_which_documents, telling_held
from assistant.answer.wording import abbreviations_spelt_out, as_terms
from assistant.index.embedder import Embedder
from assistant.models import Citation, Passage
from assistant.prompts import render
from assistant.settings import AnswerSettings
from assistant.terms import (
    STOPWORDS,
    content_terms,
    overlap,
    stem,
    term_pairs,
    text_pairs,
    text_terms,
)
from ingest.sentences import evidence_sentences, is_caption

ANSWER_TYPE_BONUS = 0.5
_DOCUMENTS = GENERIC_REFERENCES | FRAME_TERMS  # "the two studies", "both documents"
# "What methods did the study use?" shares few words with "a small scale, qualitative study":
# a sentence describing how a study was done (or its aims, size, recommendations) counts this
# much more towards grounding.
STUDY_GROUNDING = 0.2
NEAR_BEST = 0.1  # a further sentence joins a fact answer only when this close to the best one
SAME_THING = 0.9  # two sentences at least this similar say the same thing: one is enough
MIN_SENTENCE_WORDS = 5  # headings, author lines and labels never make an answer
MIN_SHORT_SENTENCE_WORDS = 2  # but a shorter one ending in a stop, with this many words of prose
TITLE_LINE_WORDS = 4  # a sentence opening with a title this long is the title's line run on
RELATED_SHOWN = 3
PER_DOCUMENT = 2  # sentences from each document in an answer drawn from several
MAX_DOCUMENTS_CITED = 5  # of those, the best: hundreds of reports may each have a sentence
SPREAD_MARGIN = 0.25  # a document whose best sentence is this far below the best does not answer
WHICH_MARGIN = 2 * SPREAD_MARGIN  # nor, asked which documents say something, this far
MAX_SIDE_HEADING_WORDS = 6  # a longer heading is a title, not a side's name

# "help" and "support" that name a service or a role, not what helps: "early help", "support
# workers", "the peer support network"; for questions and sentences alike
_HELP = r"(?<!early )help\w*"
_SUPPORT = (
    r"supports?(?! (workers?|staff|officers?|assistants?|networks?|groups?|services?|lines?|"
    r"plans?|packages?|teams?|hubs?)\b)"
)
# What helps or hinders, asked in its many words: "What drives innovation?", "What conditions
# make it more likely?", "How can we sustain it?", "What keeps it going?", "What undermines
# co-production?", "What holds it back?", "What doesn't work?"
_ASKS_ENABLERS = re.compile(
    rf"\b(enabl\w*|{_HELP}|facilitat\w*|what works|conducive|{_SUPPORT}|success\w*|"
    r"drives?|drivers of|encourag\w*|promot\w*|nurtur\w*|(more|most) likely|sustain\w*|"
    r"keep(s|ing)? ([\w-]+ ){1,2}going|makes? ([\w-]+ ){1,2}last|"
    r"conditions (for|that|which|make|help))\b|"
    # "What fosters innovation?", but not foster care: "foster carers", "fostering services"
    r"(?<!\bin )(?<!\bfor )(?<!\bof )\bfoster(s|ed|ing)?\b(?! (carers?|care|parents?|famil\w+|"
    r"placements?|homes?|services?|teams?|agenc\w+|households?|provision|children|panels?)\b)",
    re.IGNORECASE,
)
_ASKS_BARRIERS = re.compile(
    r"\b(barriers?|hinder\w*|block\w*|obstacles?|imped\w*|inhibit\w*|slow(s|ed|ing)?|"
    r"(get|gets|got|getting|stand|stands|stood|standing) in the way|"
    r"prevent\w*|challenges|obstruct\w*|problems?|difficult\w*|undermin\w*|"
    # what stops something, not a thing that stopped ("How long after the funding stopped were
    # the projects followed up?"): an object follows
    r"stop\w*(?![,.?]|\s+(?:were|was|is|are|did|do|does|had|has|have|and|or|then)\b)|"
    # the noun, not the verb: "How can practitioners challenge practice?" asks no barriers
    r"(?:what|which|the|a|any|one|main|key|biggest|greatest|major) challenge|"
    r"holds? ([\w-]+ )?back|held ([\w-]+ )?back|(less|least) likely|discourag\w*|stifl\w*|"
    # "What limits the spread of innovation?", "What constrains co-production?"; not "resources
    # are limited" nor "the limits of the study"
    r"(?:what|which|that|who|things?|factors?) (?:limits|limited|restricts?|restricted|"
    r"constrain(?:s|ed)?)|constraints?|limiting factors?|"
    # "What doesn't work?", "What makes co-production fail?", "What goes wrong?"
    r"(doesn['’]?t|does not|don['’]?t|do not|didn['’]?t|did not) work|go(es)? wrong|went wrong|"
    r"fail(s|ed|ing|ures?)?|pitfalls?|"
    # "Why does training not always change practice?", "Why don't staff use it?" (only "why"
    # is matched: the words after it say what is hindered)
    r"why(?= (does|do|did|is|are|was|were|can|could|would|will|has|have)( [\w'’-]+){1,6}? "
    r"(not|never)\b| (does|do|did|is|are|was|were|ca|could|would|wo|has|have)n['’]?t\b"
    r"| cannot\b| can not\b)|"
    # "Why is co-production hard?", "What makes it so tricky?", "Why do staff find change hard?";
    # not "hard evidence", "hard-to-reach families" or "challenging practice"
    r"(is|are|was|were|makes?|made|find|found)( [\w'’-]+){0,4}? (hard|hardest|tricky|"
    r"challenging|tough|toughest)"
    r"(?=\s*([?.!,;]|$|(to|for|in|when|because|without|after|about|with|at)\b)))\b",
    re.IGNORECASE,
)
_ASKS_SEVERAL = re.compile(
    rf"\b(both|compar\w*(?! {COMPARED_UNITS}\b)|contrast\w*|differ\w*|similar\w*|in common|"
    r"each (of the|study|paper)|"
    r"(two|the|all|these|those) (studies|papers|documents|reports|articles)|"
    r"across (the )?(studies|papers|documents|collection|literature|research))\b",
    re.IGNORECASE,
)
# "List the barriers...", "all the enablers", "as bullet points": as many as a list holds
_ASKS_LIST = re.compile(r"\b(list|all the|every|bullet(ed)? points?|bullets)\b", re.IGNORECASE)
_LIST_MARK = re.compile(r"^[-*•]\s+")  # a list item's bullet, as Word and web pages are read
# "the studies in the rapid review" are the studies one document reviewed, not the collection's
_REVIEWED_STUDIES = re.compile(
    r"\b(the|all|these|those) (studies|papers|articles) (it |they )?(in|included|reviewed|covered|"
    r"synthesi[sz]ed)\b[^?.]*\b(review|synthesis|meta-analysis)\b",
    re.IGNORECASE,
)
# a study's question, not its answer: "This review asks two questions: what helps and...", "We
# surveyed team managers about ... what supports or prevents its use"; not what people were
# asked ("the first time anyone had asked what they could offer")
_ASKS_WHAT = re.compile(
    r"\b(paper|study|review|report|article|evaluation|research|project|survey|we)\s+(also\s+)?"
    r"(ask|asks|asked|explores?|explored|examines?|examined|investigates?|investigated|"
    r"surveyed|interviewed)\b[^.;]{0,30}?\b(what|how|whether|why)\b",
    re.IGNORECASE,
)
_ENABLER_CUES = re.compile(
    rf"\b(enabl\w*|facilitat\w*|support\w+|{_SUPPORT}|catalyst|{_HELP}|"
    r"conducive|confiden\w*|trust|"
    r"opportunit\w*|enhanc\w*|energi[sz]ed|collaborative|stable|safe|benefits?|improv\w*|"
    r"success\w*|empower\w*|needed to|need for|"
    # "Co-production worked best when chairs met parents", "Panels worked when..."; not "works
    # best as an early offer", which says what it is best as
    r"work(?:s|ed)? (?:best |well )?(?:when|where|if))\b",
    re.IGNORECASE,
)
_BARRIER_CUES = re.compile(
    r"\b(barriers?|inhibit\w*|imped\w*|hinder\w*|obstacles?|silos?|lack\w*|resist\w*|"
    r"constrain\w*|prevent\w*|block\w*|difficult\w*|burden\w*|shortages?|insufficient|"
    r"fear\w*|risk-averse|turnover|less than optimum|not happening|damag\w*|worr(?:y|ies|ied)|"
    r"delays?|slow(?:s|ed|ing)?|"
    # "Procurement rules... limited what parents could influence"; not "remains limited", nor
    # "The sample was limited to one programme" (a study's limitation)
    r"limit(?:s|ed|ing)? (?:what|how|who|whether|which|access|participation|involvement|take-up))\b",
    re.IGNORECASE,
)
# A question on one factor's part in what helps or hinders names it before the side's word:
# "Does a shared language help co-production?", "How does trust help innovation?", "What role
# does leadership play in enabling it?", "...evidence that government investment drives it?".
# Its answer is what the documents say of that factor, not every enabler they name. "How can
# training help practitioners?" asks for the ways it can: a list of what helps.
_ONE_FACTOR_OPENING = re.compile(
    r"^\W*(?:(?:does|do|did|is|are|was|were|can|could|will|would|might|may|has|have)"
    r"|how (?:does|do|did)"
    r"|what (?:role|part) (?:does|do|did|can|could|might|will))\s"
    r"|\b(?:that|whether|if)\s",
    re.IGNORECASE,
)
# Words before a side's word that name no factor: "Is there anything that helps?", "Can you list
# what stops it?", "Do the studies mention barriers?"
_NO_FACTOR = (
    FRAME_TERMS
    | GENERIC_REFERENCES
    | content_terms(
        "anything something anyone nothing everything list give name show describe explain "
        "summarise summarize outline identify know see ever still usually often always main key "
        "common biggest"
    )
)
_WORDS = re.compile(r"[\w'’-]+")
_VOICE_REACH = 3  # "grandparents said", "practitioners in the group felt"
# what someone said, felt or thought, as papers report it
_VOICED = re.compile(
    r"\b(said|say|says|saying|felt|feel|feels|described|describe|describes|reported|told|"
    r"thought|think|believed|believe|valued|value|mentioned|explained|spoke|complained|praised|"
    r"welcomed|wary|worried|feared|fear|preferred|wanted|asked for|found it|views?|perceived|"
    r"experienced)\b",
    re.IGNORECASE,
)
# those a study heard from: interviewed, surveyed, in its focus groups, its informants
_TOOK_PART = re.compile(
    r"\b(interview\w*|survey\w*|questionnaires?|took part|take part|taking part|participa\w*|"
    r"respond\w*|focus groups?|informants?|consulted|recruited|sample[ds]?|cohort)\b",
    re.IGNORECASE,
)
_LOWER_CASE_WORD = re.compile(r"(?<![\w'’-])[a-z][a-z'’-]*")
_REFERS_BACK = re.compile(
    r"^(it|its|this|these|those|they|their|such|he|she|however|additionally|moreover|"
    r"furthermore|also|therefore|thus|in addition|as a result|similarly|likewise)\b"
    r"(?! (paper|study|article|report|review|research|chapter|work)\b)",  # "This paper": no
    re.IGNORECASE,
)
@dataclass(frozen=True)
class Candidate:
    """A passage sentence and how well it answers: ``grounding`` (similarity + term overlap)
    decides refusals; ``relevance`` orders sentences; ``kinds_held`` are the kinds of fact
    asked for that it gives."""

    text: str
    passage: Passage
    grounding: float
    relevance: float
    on_subject: float  # share of the question's non-identifying terms it holds
    kinds_held: tuple[AnswerType, ...]
    vector: np.ndarray
    previous: str | None  # the sentence before it in its passage
    telling_held: int = 0  # the telling words it holds, when asked which documents say something

    @property
    def answers_in_kind(self) -> bool:
        """It gives a kind of fact only which will do (a count, a date...)."""
        return any(kind.required for kind in self.kinds_held)

    @property
    def holds_kind(self) -> bool:
        """It gives a value or a method asked for (a count, a size...)."""
        return any(kind.required or kind.about_the_study for kind in self.kinds_held)


@dataclass
class Composition:
    text: str
    citations: list[Citation]
    refused: bool
    related: list[Passage]


def asked_sides(question: str) -> list[str]:
    """Which of enablers and barriers the question asks about (both, one, or none). A follow-up
    naming a side asks for that one ("what about barriers?" after "What helps co-production?"),
    else for its context's."""
    return _sides_named(without_context(question)) or _sides_named(question)


def _sides_named(question: str) -> list[str]:
    """The sides ``question`` names. Words that name the study do not count: "the conducive
    zone study" asks about no enablers; nor does a question on one factor
    (``asks_of_one_factor``): it is answered as a fact is."""
    named = naming_phrase(question).split()
    asked = " ".join(word for word in question.split() if word.strip("?.,;:!") not in named)
    sides = [("Enablers", _ASKS_ENABLERS), ("Barriers", _ASKS_BARRIERS)]
    found = [side for side, pattern in sides if pattern.search(asked)]
    return [] if found and asks_of_one_factor(asked) else found


def topic_terms(question: str) -> set[str]:
    """What the question asks about (``subject_terms``). A follow-up going on with a topic of
    its own ("and for innovation?" after "What helps co-production?") asks the same of that
    topic: its context says what is asked (what helps), not of what."""
    question = as_terms(question)  # "new ideas (innovation)" asks of innovation
    follow_up = without_context(question)
    if follow_up != question and continues(follow_up) and not refers_back(follow_up):
        own = content_terms(without_side_words(follow_up))
        if own - FRAME_TERMS:
            return subject_terms(follow_up)
    return subject_terms(question)


def without_side_words(question: str) -> str:
    """The question without its words for helping or hindering: what it asks them of."""
    return _ASKS_ENABLERS.sub(" ", _ASKS_BARRIERS.sub(" ", question))


def asks_of_one_factor(question: str) -> bool:
    """Whether the question names a factor before its word for helping or hindering ("Does a
    shared language help co-production?"), rather than asking what helps or hinders."""
    for opening in _ONE_FACTOR_OPENING.finditer(question):
        rest = question[opening.end() :]
        side_words = [p.search(rest) for p in (_ASKS_ENABLERS, _ASKS_BARRIERS)]
        first = min((m.start() for m in side_words if m), default=None)
        if first is not None and content_terms(rest[:first]) - _NO_FACTOR:
            return True
    return False


def asks_for_enablers_and_barriers(question: str) -> bool:
    return bool(asked_sides(question))


def asks_about_several_documents(question: str) -> bool:
    unreviewed = _REVIEWED_STUDIES.sub(" ", question)
    return bool(_ASKS_SEVERAL.search(unreviewed)) or asks_which_documents(unreviewed)


@functools.lru_cache(maxsize=50_000)
def polarity(sentence: str) -> str | None:
    """'Enablers', 'Barriers', or None when the sentence leans to neither, as one asking what
    helps does ("This paper asks what helps restorative practice take hold")."""
    if _ASKS_WHAT.search(sentence):
        return None
    enablers = len(_ENABLER_CUES.findall(sentence))
    barriers = len(_BARRIER_CUES.findall(sentence))
    if enablers == barriers:
        return None
    return "Enablers" if enablers > barriers else "Barriers"


def compose(
    question: str,
    question_vector: np.ndarray,
    passages: Sequence[Passage],
    embedder: Embedder,
    settings: AnswerSettings,
    describe_searched: Callable[[], str],
    several_documents: bool = False,
    asked_before: bool = False,
    already_said: frozenset[str] = frozenset(),
    quotes: int | None = None,
    overview: bool = False,
    telling: frozenset[str] = frozenset(),
    compared: bool = False,
) -> Composition:
    """Answer from ``passages`` or refuse, naming what was searched (asked only on refusal).
    ``several_documents``: draw on every document that answers (see the module docstring).
    ``asked_before``: the question repeats an answered one of other documents ("and the other
    study?"), so its topic is the collection's; it holds words only the first answer's document
    has ("expert informants"), and grounding would refuse it. It needs a sentence that holds one
    of its words or, when it asks for a count or a date, the kind asked.
    ``already_said``: sentences earlier answers to the question gave ("tell me more"): the
    answer is made of the others, held to the same grounding, or says there is nothing more.
    ``quotes``: how many quotes were asked for ("three quotes about ..."): that many sentences
    under each side, or listed as quotes, and said to be fewer when the passages hold fewer.
    ``overview``: what the documents found is asked, nothing in them in particular: a sentence
    giving a finding grounds it, however little it shares with "What did the studies find?".
    ``telling``: the question asks which documents say something, and these stems tell those
    that do apart (``which_documents``): every sentence of the answer holds one.
    ``compared``: the question names the documents it spans ("Compare how the restorative
    practice evaluation and the family group conferencing pilot collected their data"): each
    one with a sentence of the kind asked answers, however far below the best."""

    def refuse() -> Composition:
        if already_said:
            return Composition(render("nothing_more"), [], True, list(passages[:RELATED_SHOWN]))
        return refusal(passages, describe_searched())

    expected = answer_types(question)
    if asked_before:  # the other study may count other people: informants, not staff
        expected = [replace(kind, counts=False) for kind in expected]
    ranked = rank_sentences(question, question_vector, passages, embedder, expected)
    grounded = ranked and (
        max(c.grounding for c in ranked) >= settings.refusal_threshold
        or (asked_before and (ranked[0].on_subject > 0 or ranked[0].answers_in_kind))
        or (overview and any(c.holds_kind for c in ranked))
    )
    # their views given in the document answering, not in another one on the topic ("What did
    # families think of the recording app?": a family group conference paper's families speak)
    best_document = ranked[0].passage.chunk.doc_id if ranked else None
    answering = [c for c in ranked if several_documents or c.passage.chunk.doc_id == best_document]
    if not grounded or not heard_from(views_holders(question), answering):
        return refuse()
    if any(kind.required for kind in expected) and not any(
        c.answers_in_kind and (asked_before or c.on_subject > 0 or c.passage == passages[0])
        for c in ranked
    ):  # asked for a count, a date, a sum... and no sentence on the subject gives one
        return refuse()
    candidates = [c for c in ranked if c.relevance >= settings.min_sentence_score]
    if telling:  # which documents say it: those whose sentences hold its telling words
        held = [replace(c, telling_held=telling_held(telling, c.text)) for c in candidates]
        candidates = [c for c in held if c.telling_held]
    groups = candidates and _from_candidates(
        question, candidates, settings, several_documents, already_said, quotes, compared
    )
    if not groups:
        return refuse()
    composition = cite(groups)
    # what was asked is neither in the answer nor in the title of a document it cites (a
    # title says what the whole document is about: "...lead to any real change in practice?")
    titles = " ".join(dict.fromkeys(c.passage.chunk.title for c in composition.citations))
    if not speaks_of_topics(question, f"{composition.text} {titles}"):
        return refuse()
    if quotes and (shown := min(len(members) for _, members in groups)) < quotes:
        fewer = render("fewer_quotes", shown=str(shown), asked=str(quotes))
        return replace(composition, text=f"{composition.text}\n\n{fewer}")
    return composition


def _from_candidates(
    question: str,
    candidates: list[Candidate],
    settings: AnswerSettings,
    several_documents: bool,
    said: frozenset[str] = frozenset(),
    quotes: int | None = None,
    compared: bool = False,
) -> list[tuple[str, list[Candidate]]]:
    """The sentences the grounded ``candidates`` answer with: grouped by side for what helps or
    hinders, by document for several, listed as quotes when a number of them is asked for, else
    the best sentences of the kind asked for. For "tell me more", none already ``said``: lists
    go on past them, from the documents that answer the question; a fact answer is the best of
    the sentences left."""
    several = several_documents or asks_about_several_documents(question)
    sides = asked_sides(question)
    if sides:
        per_side = settings.max_listed if _ASKS_LIST.search(question) else settings.max_per_group
        per_group = (quotes or per_side) + len(said)
        grouped = group_by_polarity(candidates, sides, per_group, several, compared)
        best = candidates[0]
        leads = not (several or _ASKS_WHAT.search(best.text))  # a study's question never does
        if grouped and leads and _side(best.text, best.passage.chunk.section) is None:
            grouped.insert(0, ("", candidates[:1]))  # the best answer leans neither way: lead with it
        if grouped:
            return _unsaid(grouped, said)
    documents = _answering_documents(candidates, compared)
    if several and len(documents) > 1:  # each document's sentences of the kind asked, if any
        each = PER_DOCUMENT + len(said)
        return _unsaid([("", distinct(_in_kind(members), each)) for members in documents], said)
    fresh = [c for c in candidates if c.text not in said]
    if quotes:
        return _unsaid([("Quotes", distinct(_quotable(_in_kind(fresh)), quotes))], said)
    in_kind = _in_kind(fresh)
    listed = _listed_with(in_kind[0], in_kind) if in_kind else []
    if len(listed) > 1:  # "What does the review recommend?": its recommendations, as listed
        return [("", sorted(distinct(listed, settings.max_listed), key=_place_in_document))]
    return _unsaid([("", pick_fact_sentences(in_kind, settings.max_sentences))], said)


def _listed_with(best: Candidate, candidates: list[Candidate]) -> list[Candidate]:
    """When the best answer is of a kind papers list (a recommendation) under a heading, the
    others of that kind under the same heading of the same document: a report's list of
    recommendations, not its first one; nothing of that kind said elsewhere on other topics."""
    section = best.passage.chunk.section
    if section is None or not any(kind.listed for kind in best.kinds_held):
        return []
    return [
        c for c in candidates
        if c.passage.chunk.doc_id == best.passage.chunk.doc_id
        and c.passage.chunk.section == section
        and any(kind.listed for kind in c.kinds_held)
    ]  # fmt: skip


def _place_in_document(candidate: Candidate) -> tuple[str, int, int, int]:
    chunk = candidate.passage.chunk
    return chunk.doc_id, chunk.page or 0, chunk.char_start, chunk.text.find(candidate.text)


def _unsaid(
    groups: list[tuple[str, list[Candidate]]], said: frozenset[str]
) -> list[tuple[str, list[Candidate]]]:
    """The groups without the sentences ``said``, and without any group left empty."""
    kept = [(heading, [c for c in group if c.text not in said]) for heading, group in groups]
    return [(heading, group) for heading, group in kept if group]


def _in_kind(candidates: list[Candidate]) -> list[Candidate]:
    """The sentences giving the kind of fact asked for, when some do: they answer; one that only
    shares the question's words does not."""
    return [c for c in candidates if c.holds_kind] or candidates


def refusal(
    passages: Sequence[Passage],
    searched: str,
    unmentioned: Sequence[str] = (),
    one_document: bool = False,
) -> Composition:
    """Saying what was searched, and the names or topics asked about that no document
    mentions, if any (``unmentioned``; ``one_document``: only one was searched); the passages
    found are shown as related."""
    if unmentioned:
        names = " or ".join(f"“{name}”" for name in unmentioned)
        none = "the document searched doesn't mention" if one_document else "none of them mentions"
        text = render("unmentioned", names=names, searched=searched, none=none)
    else:
        text = render("refusal", searched=searched)
    return Composition(text, [], True, list(passages[:RELATED_SHOWN]))


def rank_sentences(
    question: str,
    question_vector: np.ndarray,
    passages: Sequence[Passage],
    embedder: Embedder,
    expected: Sequence[AnswerType] = (),
) -> list[Candidate]:
    """Each distinct sentence of the passages once (overlapping chunks repeat some), best first."""
    seen: set[str] = set()
    rows: list[tuple[str, Passage, str | None]] = []
    for passage in passages:
        previous = None
        for text in passage_sentences(passage.chunk.text):
            worthy = _answer_worthy(text, passage)
            if worthy and text not in seen:
                seen.add(text)
                rows.append((text, passage, previous))
            previous = text if worthy else None
    if not rows:
        return []
    vectors = embedder.embed_batch([text for text, _, _ in rows])
    terms = topic_terms(question)
    # whose views are asked ("the experts", "the Involving People staff") is not what is asked:
    # the sentence giving what they said of culture need not say "experts", nor need its passage
    holders = content_terms(" ".join(views_holders(question))) & terms
    identifying = identifying_terms(question) & terms
    # "study" or "paper" alone ("What country were the studies done in?") says nothing of
    # what is asked: a sentence that happens to hold it is no nearer the answer
    asked_of = terms - holders
    choosing = asked_of - identifying or (asked_of if asked_of - GENERIC_REFERENCES else set())
    # which study: matched against the passage, an abbreviation by its words alone (a passage
    # that writes "FGC" is no more the family group conferencing paper than one that does not)
    naming = identifying - GENERIC_REFERENCES - abbreviations_spelt_out(question)
    # What helps or hinders is chosen by the words of its side ("enable", "barrier"); a title's
    # words would lift "interplay enabling or impeding factors tends towards descriptive" there.
    sides = asked_sides(question)
    title_lifts = not sides
    # "the five conditional parameters" are listed by the sentence naming five of them, not by
    # one on "three four conditional parameters" per category; "the two studies" says which
    # documents, not what is asked
    stated = {n for n, what in stated_counts(question) if not content_terms(what) & _DOCUMENTS}
    # "policy drivers" asked is "policy drivers" written, more than "UK policy" beside innovation;
    # not a phrase of the sentence's title ("social care"), which says what all its document is
    # about; nor in a question on several studies, where the document saying it in other words
    # must stay within SPREAD_MARGIN of the one saying it in the question's ("staff confidence",
    # "confident"), nor on what helps or hinders, whose sentences are chosen by their side (a
    # generic report's "training in co-production ... enabled" beat the course's "training in
    # the area of co-production can act as a catalyst")
    one_fact = not sides and not asks_about_several_documents(question)
    pairs = {p for p in term_pairs(question) if set(p) <= choosing} if one_fact else set()
    # a study's question ("This paper asks what helps...") answers only what it set out to do
    asks_aim = any(kind.name == "aim" for kind in expected)
    candidates = []
    for (text, passage, previous), vector in zip(rows, vectors):
        if not asks_aim and _ASKS_WHAT.search(text):
            continue
        similarity = float(vector @ question_vector)
        on_subject = overlap(choosing, text)
        section = passage.chunk.section
        # a section heading says what its sentences are about ("What changed", "Limitations")
        headed = f"{text} {section}" if section else text
        # their views given, on what is asked: by the sentence's words, else its document's
        # (the grandparents' "it was the first time" in the paper on family group conferences)
        voiced = (  # read only when views are asked: most questions ask none
            bool(holders and choosing)
            and voices(holders, text)
            and choosing <= text_terms(f"{text} {passage.chunk.title} {section or ''}")
        )
        wanted = choosing | holders if voiced else choosing
        asked = held_share(wanted, headed, set(), passage) if title_lifts else on_subject
        holds = [k for k in expected if k.held_by(text, question) or k.heads(section)]
        describes_study = any(kind.about_the_study for kind in holds)
        candidates.append(
            Candidate(
                text,
                passage,
                grounding=similarity
                + TERM_WEIGHT * held_share(asked_of or terms, text, identifying, passage)
                + STUDY_GROUNDING * describes_study,
                relevance=similarity + TERM_WEIGHT * asked
                + ANSWER_TYPE_BONUS * bool(holds or on_a_side(text, sides, section) or voiced)
                + TERM_WEIGHT * overlap(naming, f"{passage.chunk.title} {passage.chunk.text}")
                + TERM_WEIGHT * bool(stated and stated & numbers_in(text))
                + TERM_WEIGHT * gives_part_asked(question, text)
                + TERM_WEIGHT * phrase_share(pairs, text, passage),
                on_subject=on_subject,
                kinds_held=tuple(holds),
                vector=vector,
                previous=previous,
            )
        )
    return sorted(candidates, key=lambda c: -c.relevance)


def heard_from(holders: Sequence[str], candidates: Sequence[Candidate]) -> bool:
    """Whether the passages give the views of those a question asks about ("What did the
    children think of the conferences?"): some sentence has them speak, or says they took part
    (the experts interviewed speak through a paper's findings); none asked, nothing to hear."""
    terms = content_terms(" ".join(holders))
    return not terms or any(
        voices(terms, c.text) or (terms & text_terms(c.text) and _TOOK_PART.search(c.text))
        for c in candidates
    )


def voices(holders: set[str], sentence: str) -> bool:
    """Whether the sentence gives the views of those asked about: one of them the subject of a
    verb of saying or feeling ("Several grandparents said ...", "carers valued ..."), not only
    named ("interviews with parents, grandparents ...")."""
    words = _WORDS.findall(sentence)
    return any(
        stem(word.lower()) in holders
        and any(_VOICED.fullmatch(after) for after in words[i + 1 : i + 1 + _VOICE_REACH])
        for i, word in enumerate(words)
    )


def phrase_share(pairs: set[tuple[str, str]], sentence: str, passage: Passage) -> float:
    """Share of the question's two-word phrases (``term_pairs``) the sentence writes, those of
    its title aside."""
    if not pairs:
        return 0.0
    return len((pairs & text_pairs(sentence)) - text_pairs(passage.chunk.title)) / len(pairs)


def held_share(terms: set[str], sentence: str, identifying: set[str], passage: Passage) -> float:
    """Share of the question's terms the sentence holds. A sentence speaks of its own document
    without naming it, or the subject its title gives: a word that says which study is meant
    ("the conducive zone paper") counts as held when the sentence's passage or title holds it,
    and so does a word of the title ("innovation" in a paper on innovation) once the sentence
    holds something else the question asks ("does supervision matter for innovation?" and
    "...reflexive supervisory mechanisms..."). A sentence holding only title words speaks of
    the subject, not of what was asked about it: those count as the sentence holds them."""
    if not terms:
        return 0.0
    named_here = terms & identifying & text_terms(f"{passage.chunk.title} {passage.chunk.text}")
    rest = terms - named_here
    held = rest & text_terms(sentence)
    asked = rest - text_terms(passage.chunk.title)
    if held & asked:
        held |= rest - asked
    return (len(named_here) + len(held)) / len(terms)


@functools.lru_cache(maxsize=20_000)
def passage_sentences(text: str) -> tuple[str, ...]:
    """``evidence_sentences``, remembered: a question reads its passages' sentences twice (to
    order the passages, then to answer), and the same passages come back question after
    question."""
    return tuple(evidence_sentences(text))


def _answer_worthy(text: str, passage: Passage) -> bool:
    """Titles (and parts of them, or a title run on into its author line), headings, author
    lines, labels, table rows, captions and questions never make an answer, nor does a line
    with no lower-case word but stop words: a heading or a journal line ("Children and Youth
    Services Review, 2021")."""
    title = " ".join(passage.chunk.title.split())
    title_line = len(title.split()) >= TITLE_LINE_WORDS and text.startswith(title)
    return _worthy_alone(text) and text not in title and not title_line


@functools.lru_cache(maxsize=50_000)
def _worthy_alone(text: str) -> bool:
    is_question = text.endswith("?")
    is_heading = text.startswith("#")  # a Markdown heading
    is_table_row = " | " in text or is_caption(text)  # "Practitioners taking part | 31": cells
    prose = [word for word in _LOWER_CASE_WORD.findall(text) if word not in STOPWORDS]
    is_label = not prose
    # "Thirty-one statements reached consensus." is a sentence; "Smith J, Jones K." is not
    short_sentence = text.endswith(".") and len(prose) >= MIN_SHORT_SENTENCE_WORDS
    too_short = len(text.split()) < MIN_SENTENCE_WORDS and not short_sentence
    return not (too_short or is_question or is_heading or is_table_row or is_label)


def _quotable(candidates: list[Candidate]) -> list[Candidate]:
    """The sentences near the best, and those further down that hold a word of what was asked:
    a quote about leadership that never names it must be as near as the best."""
    best = candidates[0].relevance if candidates else 0.0
    return [c for c in candidates if c.on_subject > 0 or c.relevance >= best - NEAR_BEST]


def pick_fact_sentences(candidates: list[Candidate], limit: int) -> list[Candidate]:
    if not candidates:
        return []
    best = candidates[0].relevance
    return distinct([c for c in candidates if c.relevance >= best - NEAR_BEST], limit)


def distinct(candidates: Sequence[Candidate], limit: int) -> list[Candidate]:
    """The first ``limit`` candidates, skipping any that says what a kept one says."""
    kept: list[Candidate] = []
    for candidate in candidates:
        if len(kept) == limit:
            break
        if all(float(candidate.vector @ other.vector) < SAME_THING for other in kept):
            kept.append(candidate)
    return kept


def group_by_polarity(
    candidates: list[Candidate],
    sides: list[str],
    per_group: int,
    several: bool = False,
    compared: bool = False,
) -> list[tuple[str, list[Candidate]]]:
    """The asked sides with their best sentences (taking each document in turn when the
    question spans several); empty when no side has any. When one side alone is asked, a
    sentence naming both sides answers it too ("factors enabling or impeding innovation")."""
    groups = []
    for side in sides:
        alone = len(sides) == 1
        leaning = [c for c in candidates if _leans(c.text, side, alone, c.passage.chunk.section)]
        if several:
            leaning = [c for members in _answering_documents(leaning, compared) for c in members]
            leaning = _interleave_documents(leaning)
        groups.append((side, distinct(leaning, per_group)))
    return groups if any(members for _, members in groups) else []


def on_a_side(sentence: str, sides: list[str], heading: str | None = None) -> bool:
    """Whether the sentence (under ``heading``) gives what a question on ``sides`` asks for:
    an enabler or a barrier (``_leans``)."""
    return any(_leans(sentence, side, len(sides) == 1, heading) for side in sides)


def _leans(sentence: str, side: str, alone: bool, heading: str | None = None) -> bool:
    """A sentence leans by its own words, else by its section's heading: under "What got in
    the way", "Some social workers remained sceptical" is a barrier."""
    cues = _ENABLER_CUES if side == "Enablers" else _BARRIER_CUES
    leaning = _side(sentence, heading)
    asks = bool(_ASKS_WHAT.search(sentence))  # "asks what helps and what hinders": neither
    return leaning == side or (
        alone and leaning is None and not asks and bool(cues.search(sentence))
    )


def _side(sentence: str, heading: str | None) -> str | None:
    return polarity(sentence) or heading_side(heading)


@functools.lru_cache(maxsize=10_000)
def heading_side(heading: str | None) -> str | None:
    """The side a short section heading names ("Barriers", "What helped", "Enablers of shared
    control"), if one alone."""
    heading = bare_heading(heading or "")
    if not heading or len(heading.split()) > MAX_SIDE_HEADING_WORDS:
        return None
    sides = _sides_named(heading)
    return sides[0] if len(sides) == 1 else None


def _answering_documents(
    candidates: Sequence[Candidate], compared: bool = False
) -> list[list[Candidate]]:
    """Candidates grouped by document, in order of each document's best, leaving out documents
    whose best is more than SPREAD_MARGIN below the best of all (they do not answer) and all
    but the first MAX_DOCUMENTS_CITED. Asked which documents say something, a document whose
    sentences hold its telling words answers further below (WHICH_MARGIN: "described the
    process as tokenistic" is far from "Which studies warn about tokenism?"), when they hold
    half as many of them as the best holding at least: "two part-time coordinators" does not
    say that an independent coordinator mattered. Every document the question ``compared``
    answers."""
    groups: dict[str, list[Candidate]] = {}
    for candidate in candidates:
        groups.setdefault(candidate.passage.chunk.doc_id, []).append(candidate)
    best = max((c.relevance for c in candidates), default=0.0)
    most_held = max((c.telling_held for c in candidates), default=0)
    margin = float("inf") if compared else WHICH_MARGIN if most_held else SPREAD_MARGIN
    answering = [
        members for members in groups.values()
        if members[0].relevance >= best - margin
        and 2 * max(c.telling_held for c in members) >= most_held
    ]  # fmt: skip
    return answering[:MAX_DOCUMENTS_CITED]


def _interleave_documents(candidates: Sequence[Candidate]) -> list[Candidate]:
    """Best of each document first, then the second best of each, and so on."""
    rounds: dict[str, int] = {}
    order = []
    for position, candidate in enumerate(candidates):
        doc_id = candidate.passage.chunk.doc_id
        rounds[doc_id] = rounds.get(doc_id, -1) + 1
        order.append((rounds[doc_id], position, candidate))
    return [candidate for _, _, candidate in sorted(order, key=lambda row: row[:2])]


def cite(groups: list[tuple[str, list[Candidate]]]) -> Composition:
    """Number passages by first use and write each sentence with its marker; a sentence that
    opens with a pronoun or connective brings the one before it."""
    citations: dict[str, Citation] = {}
    written: set[str] = set()
    blocks: list[str] = []
    for heading, members in groups:
        lines = []
        for candidate in members:
            if candidate.text in written:
                continue  # already shown as the sentence another one refers back to
            citation = _citation_for(candidate, citations)
            line = f"{_unlisted(candidate.text)} [{citation.n}]"
            if _REFERS_BACK.match(candidate.text) and candidate.previous not in (None, *written):
                assert candidate.previous is not None
                citation.sentences.insert(len(citation.sentences) - 1, candidate.previous)
                written.add(candidate.previous)
                line = f"{_unlisted(candidate.previous)} [{citation.n}] {line}"
            written.add(candidate.text)
            lines.append(line)
        if not heading:
            blocks.append(" ".join(lines))
        elif lines:
            blocks.append(f"{heading}:\n" + "\n".join(f"- {line}" for line in lines))
        else:
            blocks.append(f"{heading}: the passages found name none.")
    return Composition("\n\n".join(blocks), list(citations.values()), False, [])


def _unlisted(sentence: str) -> str:
    """A list item's sentence without its bullet ("- Time pressures were..."), as the answer
    writes it; the citation keeps it as the passage has it, to be found there."""
    return _LIST_MARK.sub("", sentence)


def _citation_for(candidate: Candidate, citations: dict[str, Citation]) -> Citation:
    chunk_id = candidate.passage.chunk.chunk_id
    if chunk_id not in citations:
        citations[chunk_id] = Citation(len(citations) + 1, candidate.passage)
    citations[chunk_id].sentences.append(candidate.text)
    return citations[chunk_id]
