"""Which study a question means, apart from what it asks about it.

"How many staff took part in the Involving People co-production study?" asks about staff and a
number; "Involving People co-production study" says which document. The words that say which
(names, quoted titles, "the co-production study", "the study on innovation in social care")
help find the document's passages (``retrieval``) but must not choose the sentence inside it
(``compose``).
"""

from __future__ import annotations

import re

from assistant.answer.conversation import (
    continues,
    own_terms,
    refers_back,
    without_context_label,
)
from assistant.answer.wording import spelt_out
from assistant.terms import content_terms

# documents that are no study, named as papers are: "the family hubs briefing"
WRITTEN_KINDS = ("briefing", "guidance", "toolkit")
GENERIC_REFERENCES = content_terms(
    "study studies paper papers research article report programme " + " ".join(WRITTEN_KINDS)
)
# Words that frame a question about the documents rather than say what it is about: "What do
# the two papers say about X?" is about X.
FRAME_TERMS = content_terms(
    "say says said tell tells told find finds found mention mentions mentioned two both each "
    "across between compare comparison according document documents author authors collection "
    "acknowledge acknowledges acknowledged admit admits admitted recognise recognises recognised "
    "talk talks talked discuss discusses discussed"
)


_DOCUMENTS = (
    r"(?:papers?|stud(?:y|ies)|documents?|reports?|articles?|research|authors?|literature|"
    r"evidence|findings)"
)
# "What do both papers say staff need...", "does the research find anything about silo
# working?", "According to the studies, ...", "Across the two studies, ..."
_FRAMING = re.compile(
    rf"\b(?:(?:both|all|each of|any of)\s+)?(?:(?:the|these|those|this|that|both|each)\s+)?"
    rf"(?:(?:two|three)\s+)?{_DOCUMENTS}\s+(?:say|says|said|tells? us|finds?|found|suggests?|"
    r"shows?|reports?|mentions?|mentioned|talks?|talked|discuss(?:es|ed)?)\b"
    r"(?:\s+(?:anything\s+)?(?:about|on|regarding|that)\b)?"
    rf"|\b(?:according to|across|in)\s+(?:(?:the|these|both|all)\s+)?(?:(?:two|three)\s+)?"
    rf"{_DOCUMENTS}\b,?",
    re.IGNORECASE,
)
# a trainer's "... that I can use (in my session)": what they will do with the answer, not what
# it is about
_OWN_USE = re.compile(
    r"\b(?:that\s+)?(?:I|we)\s+(?:can|could|might|may)\s+use\b(?:\s+(?:in|for|with)\s+[^?.!]+)?",
    re.IGNORECASE,
)
_KIND_OF = re.compile(  # "what kind of culture" asks about culture
    r"\b(?:what|which|the|a|any)\s+(?:kinds?|sorts?|types?)\s+of\b", re.IGNORECASE
)
# "What role does the macro context play?", "What part do mobilisers play in innovation?", "the
# role of trust", "Does trust play a part?": what is asked about is the macro context, mobilisers,
# trust; no sentence saying what they do need say "role" or "play"
_ROLE_PLAYED = re.compile(
    r"\b(?:roles?|parts?)\s+((?:do|does|did|can|could|might|may|will|would|should)\s.+?)\s+"
    r"play(?:s|ed)?\b|\broles?\s+of\b|\bplay(?:s|ed|ing)?\s+(?:a|an|any|no)\s+(?:[\w-]+\s+)?"
    r"(?:role|part)\b",
    re.IGNORECASE,
)
# "Is there a link between culture and innovation?", "How is leadership linked to
# co-production?", "How does leadership relate to innovation?": what is asked about is the two
# things; no sentence saying how they go together need say "link"
_LINK = re.compile(
    r"\b(?:links?|connections?)\s+(?=between\b)|\b(?:linked|connected|related|relates?|"
    r"relating|associated)\s+(?=(?:to|with)\b)",
    re.IGNORECASE,
)
# "What country were the studies done in?" asks for a place: "country" names the kind of answer,
# which no sentence that gives one ("...particularly England") need hold
# "a comparison group" is a study's design, not a comparison of the studies
COMPARED_UNITS = r"(?:groups?|sites?|areas?|authorit(?:y|ies)|arms?|samples?)"
_COMPARISON_GROUP = re.compile(rf"\bcomparison {COMPARED_UNITS}\b", re.IGNORECASE)
_COMPARISON = content_terms("comparison")
_ANSWER_NOUN = re.compile(
    r"\b(?:what|which)\s+(?:countr(?:y|ies)|cit(?:y|ies)|regions?|nations?|places?|locations?|"
    r"years?|dates?|months?)\b",
    re.IGNORECASE,
)
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+")
# "I manage a fostering team, what stops co-production?", "we're a rural area - did transport
# stop carers...?": a first-person clause before a question, ended by a comma, a dash or a colon
_OWN_SITUATION = re.compile(
    r"^\W*((i|we|my|our|us)\b|i['’]?m\b|we['’]re\b)[^,;:?–—]*?(,|;|:|\s+[-–—]+)\s*"
    r"(?=(what|which|who|where|when|why|how|is|are|was|were|does|do|did|has|have|can|could|"
    r"should)\b)",
    re.IGNORECASE,
)
# A sentence asks when it opens with a question word or a request ("Tell me...", "List...",
# "Please summarise...") or ends with "?". Taking a situation for a question only keeps words;
# the other mistake would drop the question, so the openers are many.
_ASKS = re.compile(
    r"^\W*(please\s+)?(what|which|who|whom|whose|when|where|why|how|is|are|was|were|do|does|did|"
    r"can|could|should|would|will|has|have|had|tell|list|give|describe|explain|summari[sz]e|"
    r"show|name|compare|outline|find|help)\b|\?\W*$",
    re.IGNORECASE,
)


# How a trainer wants the answer laid out, not what it is about: "barriers to innovation as
# bullet points", "..., grouped by theme", "... for a handout", "... with quotes", "three quotes
# about ..." (whose "three" chose "Three four conditional parameters...")
_LAYOUT = re.compile(
    r",?\s*\b(?:(?:(?:\d+|two|three|four|five|six|seven|eight|nine|ten|a few|a couple of|some|"
    r"several)\s+)?(?:(?:short|direct|good|key)\s+)?(?:quotes|quotations)\s+(?:about|on|for)"
    r"|(?:(?:grouped|organi[sz]ed|sorted|arranged|broken down|split)\s+)?by\s+"
    r"(?:themes?|topics?|categor(?:y|ies)|headings?)"
    r"|(?:as|in)\s+(?:a\s+)?(?:bullet(?:ed)?[- ]?(?:points?|list)|bullets|(?:short\s+|numbered\s+)?"
    r"list|table|handout)"
    r"|for\s+(?:a|an|my|our|the|this|next)\s+(?:\w+\s+)?(?:handout|training (?:session|day)|"
    r"workshop|session|slides?|presentation|team meeting|lesson|seminar|briefing)"
    r"|with\s+(?:(?:short|direct|some)\s+)?(?:quotes|quotations|references|citations|page "
    r"numbers)(?:\s+and\s+(?:references|citations|page numbers|sources))?)\b",
    re.IGNORECASE,
)


def asked_part(question: str) -> str:
    """The sentences that ask, without the situation a practitioner describes first ("Our
    budgets are tight this year. What helps innovation happen anyway?" asks about what helps,
    not about money), nor how the answer is to be laid out (``without_layout``). The whole
    question when every sentence asks, none does, or the asking part refers back to the
    situation ("..., does the research say anything about that?")."""
    question = without_layout(question)
    pieces = [_OWN_SITUATION.sub("", piece) for piece in _SENTENCE_BREAK.split(question.strip())]
    asking = [piece for piece in pieces if _ASKS.search(piece)]
    asked = " ".join(asking)
    if not asking or asked == question.strip() or refers_back(asked):
        return question
    return asked


def without_layout(question: str) -> str:
    """The question without a request for a layout ("as bullet points", "grouped by theme",
    "for a handout"): those words are compared with every sentence and matched against the
    index ("by theme" found a passage on "themes and sub-themes"), so "barriers to innovation
    as bullet points" was refused although "barriers to innovation" is answered. The answer
    to an enablers or barriers question is a list grouped by side in any case."""
    rest = " ".join(_LAYOUT.sub("", question).split())
    return rest if content_terms(rest) else question


def unframed(question: str) -> str:
    """The question without the words that frame it as one about the documents: "What do the
    studies say about staff pay?" is compared with sentences as "What do staff pay?". The
    framing lowers every sentence's likeness to the question and favours those that describe
    a paper ("This paper explores...") over those that answer, so an answerable question was
    refused and an unanswerable one answered. The whole question when nothing else is left."""
    rest = " ".join(_OWN_USE.sub(" ", _FRAMING.sub(" ", question)).split())
    return rest if content_terms(rest) else question


def subject_terms(question: str) -> set[str]:
    """The question's content terms without its framing words (all of them, if that is all
    it has). "What kind of culture..." asks about culture: "kind" would count "the first study
    of its kind" as holding part of what was asked; nor is "country" in "what country" asked
    about, nor the role a thing plays or its link with another."""
    asked = _ANSWER_NOUN.sub(" ", _KIND_OF.sub(" ", without_context_label(question)))
    asked = _OWN_USE.sub(" ", asked)
    asked = _ROLE_PLAYED.sub(lambda found: f" {found.group(1) or ''} ", asked)
    asked = _LINK.sub(" ", asked)
    terms = content_terms(asked)
    framing = FRAME_TERMS - _COMPARISON if _COMPARISON_GROUP.search(asked) else FRAME_TERMS
    return terms - framing or terms
# kinds of study a question names with "the" ("the survey"), which "a survey" does not name
STUDY_KINDS = ("evaluation", "survey", "pilot")
_REFERENCE = (
    rf"(?:study|studies|paper|article|report|programme|program|project|course|review|research|"
    rf"{'|'.join(WRITTEN_KINDS)})"
)
_WHICH_STUDY = (  # "the co-production study", "the study on innovation in social care"
    re.compile(rf"\b(?:the|this|that|a|an|each|both) ((?:[\w'’-]+ ){{1,3}}){_REFERENCE}\b", re.IGNORECASE),
    re.compile(rf"\b{_REFERENCE} (?:on|of|about|into) ((?:[\w'’-]+ ?){{1,5}})", re.IGNORECASE),
    # "the FGC pilot", "the strengths-based survey"; not "an online survey", a method
    re.compile(
        r"\b(?:the|this|that) ((?:(?!(?:the|of|in|a|an|and|for|to|with|on|by|at|from|about)\b)"
        rf"[\w'’-]+ ){{1,3}})(?:{'|'.join(STUDY_KINDS)})\b",
        re.IGNORECASE,
    ),
)
_NAMED = re.compile(r"(?<!^)(?<![.?!] )\b[A-Z][\w'’-]+|[“\"‘]([^”\"’]+)[”\"’]")


# "Summarise the two papers", "How do they compare?", "What are the key takeaways for a team
# manager?": an overview of the documents in scope, asking about nothing in them in particular
_OVERVIEW = re.compile(
    r"\b(?:summar(?:y|ies|ise|ize)|overview|gist|takeaways?|compare|comparison|differences?|"
    r"differ|(?:main|key) (?:messages?|points?|findings?|lessons?))\b|"
    # "What did Hargreaves and colleagues find?": what they found, nothing in particular
    r"\bwhat (?:did|do|does|have|has) (?:[\w'’-]+ ){1,6}?(?:find|found|conclude|show|learn)\s*\??$",
    re.IGNORECASE,
)
# whom the overview is for: "for a team manager", "for my staff"
_AUDIENCE = re.compile(
    r"\bfor (?:a |an |the |my |our )?(?:[\w-]+ ){0,2}(?:managers?|practitioners?|workers?|"
    r"leaders?|staff|trainers?|teams?|commissioners?|policy[- ]?makers?|professionals?|"
    r"supervisors?|students?|me|us)\b",
    re.IGNORECASE,
)
_OVERVIEW_TERMS = content_terms(
    "summary summaries summarise summarize overview gist takeaway takeaways compare comparison "
    "difference differences differ main key message messages point points finding findings "
    "lesson lessons give brief briefly short author authors colleagues researchers"
)


def asks_for_overview(question: str) -> bool:
    """Whether ``question`` asks what the documents (those it names, if any) found overall,
    with no topic of its own."""
    if not _OVERVIEW.search(question):
        return False
    asked = subject_terms(_AUDIENCE.sub(" ", question)) - identifying_terms(question)
    return not asked - _OVERVIEW_TERMS - FRAME_TERMS


def naming_phrase(question: str) -> str:
    """The words of ``question`` that say which study it means, joined."""
    named = [m.group(1) or m.group(0) for m in _NAMED.finditer(question.strip())]
    which = [m.group(1) for pattern in _WHICH_STUDY for m in pattern.finditer(question)]
    return " ".join(named + which)


def identifying_terms(question: str) -> set[str]:
    """Terms that pick out a document rather than ask about something in it, with "study",
    "paper" and the like."""
    # "the FGC (family group conferencing) pilot" names it in both forms
    named = f"{naming_phrase(question)} {naming_phrase(spelt_out(question))}"
    return content_terms(named) | GENERIC_REFERENCES


_ONE = content_terms("one ones")  # "and the Northern Ireland one?"


def asks_again_of_a_study(question: str) -> bool:
    """"and for the co-production study?", "what about the innovation paper?": a follow-up
    whose own words only say which study, asking the question before of it (as "and the other
    study?" asks it of the others)."""
    own = own_terms(question) - _ONE
    return continues(question) and bool(own) and own <= identifying_terms(question)
