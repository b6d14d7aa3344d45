"""What kind of fact a question asks for, and whether a sentence holds one.

"How many staff took part?" wants a number, "How were the data analysed?" a method, "Where was
it done?" a place. A sentence holding the kind asked for is preferred; for the kinds whose
absence is telling (a count, a duration, a date, a sum of money, a funder, a named
organisation, a sector), a question that no retrieved sentence on its subject answers in kind
is refused (``compose``), and a value the question states itself answers nothing. How a study
was done is asked in four ways (its design, how data were collected, how participants were
found, how the data were analysed), each with its own vocabulary; a study's aims, the gaps it
names and its size (a scale, or how many took part) are kinds of their own, as is how a thing
it made or reports was developed ("How was the framework developed?"), which only a sentence
naming a process answers ("produced through integrating ..."), and the theory it draws on,
which a paper naming none cannot give. How long after one thing another came is answered by
a time after ("six months after"), not by how long a thing lasted. A count answers
only when it counts what was asked: "How many managers were interviewed?" is not answered by
"21 expert informants" (``counted_words``). The patterns are general English and research
vocabulary, not the bundled corpus's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.terms import STOPWORDS, stem

_SMALL_NUMBERS = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty"
).split()  # in order: a word's place gives its value (``_as_number``)
_NUMBER_WORDS = "|".join(_SMALL_NUMBERS) + (
    r"|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|dozen|half|"
    r"a third|a quarter"
)
_TIME_UNIT = "minute|hour|day|week|fortnight|month|year|decade"
_TIME_UNITS = rf"({_TIME_UNIT})s?"
_UNITS = rf"({_TIME_UNIT}|session|term)s?"  # what a duration is counted in


# "limited" asks about a gap where it says what is limited ("limited evidence", "still limited
# in the literature", "Why is the evidence limited?"), not where it qualifies a condition or
# says a condition is limited: "Do limited resources stop innovation?" and "What happens when
# resources are limited?" were answered with "theorisation remains limited".
_KNOWLEDGE = r"(?:evidence|research|knowledge|understanding|data|stud\w*|literature|theor\w*)"
_LIMITED_KNOWLEDGE = (
    rf"\blimited {_KNOWLEDGE}\b|\blimited (?:in|by) (?:the )?{_KNOWLEDGE}\b"
    rf"|\b{_KNOWLEDGE}(?: [\w'’-]+){{0,3}}? (?:is|are|was|were|remains?|seems?)"
    r"(?: (?:so|still|very|quite|too))? limited\b"
    rf"|\b(?:is|are|was|were) (?:the |this |that )?{_KNOWLEDGE}(?: [\w'’-]+){{0,3}}? limited\b"
)


_SUPERLATIVE = re.compile(
    r"\b(most(?! of\b)|least|largest|smallest|biggest|highest|lowest|greatest|strongest|"
    r"weakest|fewest|commonest)\b",
    re.IGNORECASE,
)
# what a study is called: how one was designed is its design, not a thing it developed
_A_STUDY = (
    r"(?:the |this |that |their |its |each |both )?(?:[\w-]+ ){0,3}?"
    r"(?:stud(?:y|ies)|research|evaluations?|projects?|papers?|review)"
)


@dataclass(frozen=True)
class AnswerType:
    name: str
    asks: re.Pattern[str]  # found in a question that wants this kind of fact
    holds: re.Pattern[str]  # found in a sentence that gives one
    required: bool  # with none on the question's subject, the documents do not answer
    # how a study was done, what it aimed at, its size, what it recommends: only research documents
    # say that, so a sentence saying it counts towards grounding (``compose.STUDY_GROUNDING``)
    about_the_study: bool = False
    is_value: bool = False  # what ``holds`` finds is the fact itself (a number, a date, a sum)
    counts: bool = False  # the value must stand next to what the question counts
    # a section heading under which every sentence gives this kind ("Limitations")
    heading: re.Pattern[str] | None = None
    listed: bool = False  # papers give several, often as a list: the answer lists them
    echoed: bool = False  # what ``holds`` finds must be the question's own word ("smallest")

    def held_by(self, sentence: str, question: str) -> bool:
        """Whether ``sentence`` gives a fact of this kind; a value the question states itself
        does not answer it ("How many of the 21 informants were researchers?" is not answered
        by "21 expert informants"), nor does a number of something else than is counted."""
        counted = counted_words(question) if self.counts else set()
        asked = question.lower()
        return any(
            not (self.is_value and _states(question, found.group(0)))
            and (not counted or _next_to(sentence, found, counted))
            and (not self.echoed or re.search(rf"\b{found.group(0).lower()}\b", asked))
            for found in self.holds.finditer(sentence)
        )

    def heads(self, section: str | None) -> bool:
        """Whether ``section`` is a heading of this kind: a paper's "Limitations" section gives
        its limitations in sentences that need not say the word."""
        return bool(self.heading and section and self.heading.fullmatch(bare_heading(section)))


_SECTION_NUMBER = re.compile(r"^\s*(\d+(\.\d+)*\.?|[IVX]+\.)\s+")


def bare_heading(section: str) -> str:
    """A heading without its number and closing marks: "6. Implications for practice" is a
    report's "Implications for practice"."""
    return _SECTION_NUMBER.sub("", section).strip(" .:")


_COUNTED = re.compile(
    r"\b(?:how many|number of|the average|the median)\s+"
    r"(?:of\s+(?:the|these|those|their|its|our|them)\s+(?:[\d,]+\s+)?)?"  # of the 21 informants
    r"([a-z][\w'-]*)(?:\s+([a-z][\w'-]*))?",
    re.IGNORECASE,
)
# Words that count anyone: "how many people took part" is answered by "18 staff participants".
ANYONE = frozenset(
    "people ppl persons individuals participants respondents interviewees subjects members "
    "altogether overall total".split()
)
# Verbs that follow "how many" directly ("how many took part", "how many attend")
_VERBS = frozenset("took take takes attend attends join joins came come went said say".split())
# what is counted stands before its number ("sessions were cancelled in 9") or just after it
_WORDS_BEFORE, _WORDS_AFTER = 4, 3
_AVERAGED = frozenset({stem("average"), stem("median")})


def counted_words(question: str) -> set[str]:
    """Stems of what "how many ..." (or "the average ...") counts ("managers" in "How many
    managers were interviewed?"); empty when it counts anyone or the words that follow are no
    noun ("how many agreed", "how many did they interview"). An average is also stated as one
    ("an average of 22")."""
    found = _COUNTED.search(question)
    if found is None:
        return set()
    # "the average caseload" is answered by "an average of 22 children per social worker"
    averaged = re.search(r"\b(average|median)\b", found.group(0), re.IGNORECASE)
    counted = set(_AVERAGED) if averaged else set()
    # after "of the", a word in -ed describes what is counted ("how many of the funded projects")
    described = re.search(r"\bof\s", found.group(0), re.IGNORECASE) is not None
    for place, word in enumerate(w.lower() for w in found.groups() if w):
        if described and place == 0 and word.endswith("ed"):
            continue
        if word in STOPWORDS or word.endswith("ed") or word in _VERBS:
            break
        if word not in ANYONE:
            counted.add(stem(word))
    return counted


_PART_ASKED = re.compile(r"\bhow many of (?:the|these|those|their|its|our|them)\b", re.IGNORECASE)
_A_NUMBER = rf"(?:\d[\d,]*|{_NUMBER_WORDS})"
_PART_GIVEN = re.compile(  # "Nine of the 14 projects", "Of 62 families referred, 48", "61%"
    rf"\b{_A_NUMBER} (?:of|out of) (?:the |these |those |all |their )?{_A_NUMBER}\b|"
    rf"\bof (?:the )?{_A_NUMBER} [^.;]*?, {_A_NUMBER}\b|\b\d+(?:\.\d+)? ?(?:%|per ?cent)",
    re.IGNORECASE,
)


def gives_part_asked(question: str, sentence: str) -> bool:
    """Whether the question asks how many of a group did something and the sentence gives a
    part of a whole: "How many of the funded projects were still running?" is answered by
    "Nine of the 14 projects", not by "a follow-up of 14 projects", the whole."""
    return bool(_PART_ASKED.search(question) and _PART_GIVEN.search(sentence))


def _next_to(sentence: str, value: re.Match[str], counted: set[str]) -> bool:
    """Whether a word counted stands within a few words of ``value`` ("21 expert informants",
    "informants (n = 21)"), and the value counts no other thing: in "the included studies
    heard from 412 parents" 412 counts parents, not studies."""
    # words, hyphenated ones whole; "three-round" counts rounds
    before = re.findall(r"[\w']+(?:-[\w']+)*", sentence[: value.start()])[-_WORDS_BEFORE:]
    after = re.findall(r"[\w']+(?:-[\w']+)*", sentence[value.end() :])[:_WORDS_AFTER]
    averaged = _AVERAGED & {stem(word.lower()) for word in before}  # "an average of 22 children"
    if not averaged and _counts_another(after[:2], counted):
        return False
    if value.group(0).lower() in ("one", "1"):  # "services in one English county council"
        return any(stem(word.lower()) in counted for word in after)
    return any(stem(word.lower()) in counted for word in before + after)


def _counts_another(following: list[str], counted: set[str]) -> bool:
    """Whether the words right after a number ("412 parents", "21 expert informants") name in
    the plural what it counts, and that is not what is counted (nor anyone); "6 were
    researchers" names nothing."""
    if not following or following[0].lower() in STOPWORDS:
        return False
    if any(stem(word.lower()) in counted for word in following):
        return False
    named = following[0] if _is_plural_noun(following[0]) else following[-1]
    return _is_plural_noun(named) and named.lower() not in ANYONE


def _is_plural_noun(word: str) -> bool:
    lower = word.lower()
    plural = lower.endswith("s") and not lower.endswith("ss")
    return plural and len(lower) > 3 and lower.isalpha() and lower not in STOPWORDS


_STATED_COUNT = re.compile(
    rf"\b(?:the|these|those|its|their|all)\s+(\d+|{'|'.join(_SMALL_NUMBERS)})\s+([a-z][\w'-]*)",
    re.IGNORECASE,
)
_NUMBER = re.compile(rf"\b(\d+|{'|'.join(_SMALL_NUMBERS)})\b", re.IGNORECASE)


def stated_counts(question: str) -> list[tuple[int, str]]:
    """How many of a thing the question says there are, with the word for the thing ("the five
    conditional parameters": 5, "conditional")."""
    return [(_as_number(m.group(1)), m.group(2)) for m in _STATED_COUNT.finditer(question)]


_QUOTES_ASKED = re.compile(
    rf"\b(\d+|{'|'.join(_SMALL_NUMBERS)}|a couple of)\s+(?:(?:short|direct|good|key)\s+)?"
    r"(?:quotes|quotations)\b",
    re.IGNORECASE,
)
MAX_QUOTES = 10


def quotes_asked(question: str) -> int | None:
    """How many quotes the question asks for ("Give me three quotes about ...", "a couple of
    quotes"), at most ``MAX_QUOTES``; None when it asks for no number of them."""
    found = _QUOTES_ASKED.search(question)
    if found is None:
        return None
    number = 2 if found.group(1).lower() == "a couple of" else _as_number(found.group(1))
    return min(number, MAX_QUOTES) or None


def numbers_in(sentence: str) -> set[int]:
    return {_as_number(found.group(1)) for found in _NUMBER.finditer(sentence)}


def _as_number(text: str) -> int:
    return int(text) if text.isdigit() else _SMALL_NUMBERS.index(text.lower()) + 1


def _states(question: str, value: str) -> bool:
    return bool(re.search(rf"(?<!\w){re.escape(value.strip())}(?!\w)", question, re.IGNORECASE))


def _pattern(text: str) -> re.Pattern[str]:
    return re.compile(text, re.IGNORECASE)


# a named body, capitalised as organisations are written
_NAMED_BODY = re.compile(
    r"\b(University|College|Council|Trust|Foundation|Institute|Agency|Department|Ministry|Ltd|"
    r"Limited|Charity|Commission|Partnership|Barnardo's|NSPCC)\b|"
    r"\b(?:[A-Z][a-z]+ ){1,4}(?:University|Council|Trust|Foundation)\b|"
    # a name given to a body: "a voluntary organisation, Brackenfield Family Voices"
    r"\b(?i:organi[sz]ation|charity|provider|company|agency|partnership)\b,? "
    r"(?:(?i:called|named) )?(?:[A-Z][\w'’-]+ ?){1,5}"
)


# a place named: "in Northern Ireland", "particularly England", "local authorities"
_PLACE = _pattern(
    # "in one London borough", "across three large English counties"
    r"\b(in|across|from|throughout|within) (the |one |a |an |two |three |four |five |several )?"
    r"((large|small|rural|urban|inner|outer) )?(?-i:[A-Z][a-z]+)|\b(UK|England|Scotland|Wales|"
    r"Ireland|Britain|United Kingdom|local authorit\w*|borough|county council)\b"
)


# a sum per unit ("£12 an hour", "a £15 voucher for each interview") is a rate: what something
# was paid, never what it cost in all
_RATE = (
    r"\s?([\w-]+ )?(an?|per|each|for each|for every) (hour|day|week|month|session|person|head|"
    r"child|family|participant|interview|meeting|visit|young person)\b"
)
_CHANGED = r"(reduc\w*|increas\w*|lower\w*|rais\w*|cut\w*|decreas\w*|boost\w*|halv\w*|doubl\w*)"
# a change measured: "fell by 43 per cent", "rose from 120 to 310"; not "fell back on"
_CHANGE_MEASURED = (
    r"\b\d[\d,.]*\s?(per ?cent|%)|\b(fell|rose|dropped|grew|increased|decreased|declined|"
    r"reduced|halved|doubled)\s+(by|from)\b|\breduction of\b"
)
_SUM = r"[£$€]\s?\d[\d,.]*|\b\d[\d,.]*\s?(pounds|euros|dollars|million|thousand|k|m|bn)\b"

ANSWER_TYPES = (
    AnswerType(
        "total",
        # "What was the budget?", "How much did it cost?": a sum in all, not a rate of pay
        # time spent is no sum: "How long did they spend planning?"
        _pattern(r"\b(budgets?|total (cost|spend|funding)|cost|costs|costed|"
                 r"how much (money|funding|did \w+ cost))\b|"
                 r"^(?!.*\bhow (long|much time)\b).*\b(spend|spent)\b"),
        _pattern(rf"({_SUM})(?![\d,.]*\d)(?!{_RATE})"),
        required=True,
        is_value=True,
    ),
    AnswerType(
        "money",
        _pattern(r"\b(price|funding (level|amount)|salary|salaries|wages?|pay rates?)\b|"
                 r"\bhow much\b.*\b(paid|earn|earns|earned|charged?)\b|[£$€]"),
        _pattern(_SUM),
        required=True,
        is_value=True,
    ),
    AnswerType(
        "funder",
        _pattern(r"\b(who|which \w+|what \w+) (funded|funds|paid for|commissioned|sponsored)\b|"
                 r"\b(funder|sponsor)s?\b|\bfunded by (whom|who)\b|\bwhere did the funding\b|"
                 # "How was the study funded?", "Was the course funded by the government?"; not
                 # "How many of the funded projects...?", a count
                 r"^(?!.*\bhow (many|much)\b).*\b(how|was|were|is|are)\b[^?]*"
                 r"\b(funded|commissioned|sponsored)\b"),
        _pattern(r"\b(funded|commissioned|sponsored|paid for|grant from|funding from)\b"),
        required=True,
    ),
    AnswerType(
        "risk",
        # "What are the risks of innovation?", "Are there any disadvantages to co-production?",
        # "What harm can it cause?"; not "children at risk", "risk assessment", "risk-averse"
        _pattern(r"\b(risks|risky|dangers?|dangerous|downsides?|disadvantages?|harms?|harmful|"
                 r"unintended|adverse|negative (effects?|impacts?|consequences?|outcomes?))\b|"
                 r"\b(the|a|any|main|biggest|key) risk (of|in|to|with|for)\b"),
        # a risk stated: "staff burnout is a risk", "could harm families", "unintended effects"
        _pattern(r"\b(risks?|risky|danger\w*|harm\w*|downsides?|disadvantages?|unintended|adverse|"
                 r"backfir\w*|jeopardi[sz]\w*|negative (effects?|impacts?|consequences?|"
                 r"outcomes?))\b(?![- ]averse)"),
        required=True,
    ),
    AnswerType(
        "organisation",
        _pattern(r"\b(which|what) (university|universities|organi[sz]ation|charity|charities|"
                 r"company|agency|provider|institution|college|council|trust)\b|"
                 r"\bwho (delivered|ran|runs|provided|provides|hosted|organi[sz]ed)\b"),
        _NAMED_BODY,  # "Which university delivered it?" wants its name
        required=True,
    ),
    AnswerType(
        "sector",
        _pattern(r"\b(which|what) (kinds? of |types? of )?(organi[sz]ations|sectors?|agencies)\b"),
        # bodies by name, or the sectors they belong to: "Which organisations did the
        # participants come from?" is answered by "statutory, voluntary and charity sectors"
        re.compile(rf"{_NAMED_BODY.pattern}|\b(?i:statutory|voluntary|charit(?:y|ies|able)|"
                   r"private|public|third|independent|community)\b(?:,? (?:and |or )?\w+){0,3} "
                   r"(?i:sectors?)\b"),
        required=True,
    ),
    AnswerType(
        "frequency",
        # "How often do social workers visit?" is answered by "every week", not by a sentence
        # repeating the question's words
        _pattern(r"\bhow (often|frequently|regularly)\b|\bhow many times\b"),
        _pattern(rf"\b(every|each|once a|twice a|(\d+|{_NUMBER_WORDS}) times (a|an|per|each)) "
                 rf"(other )?(day|week|fortnight|month|term|year|session|visit)s?\b|"
                 r"\b(daily|weekly|fortnightly|monthly|quarterly|annually|yearly)\b"),
        required=True,
        is_value=True,
    ),
    AnswerType(
        "interval",
        # how long after (or before) something another thing came: not answered by how long a
        # thing lasted ("How long after the course were the interviews held?": "35-week course")
        _pattern(rf"\bhow (long|soon|many {_UNITS}|much later) (after|before|since|following)\b"),
        _pattern(rf"\b(\d+|{_NUMBER_WORDS}|a|an) {_UNITS} (after|later|before|on|following|since)\b|"
                 rf"\b(after|within) (\d+|{_NUMBER_WORDS}|a|an) {_UNITS}\b"),
        required=True,
        is_value=True,
    ),
    AnswerType(
        "age",
        _pattern(r"\bhow old (is|are|was|were)\b|\b(what|which) ages?\b|\bage (range|group)s?\b|"
                 r"\bthe ages? of\b"),
        _pattern(rf"\b(aged|ages?( of| from| between)?) (\d+|{_NUMBER_WORDS})\b|"
                 rf"\b(\d+|{_NUMBER_WORDS})[- ]years?[- ]olds?\b|\b(under|over)[- ](\d+)s\b"),
        required=True,
        is_value=True,
    ),
    AnswerType(
        "duration",
        # "how many weeks" asks how long, answered by "35-week", which is no count
        # but sessions that "were cancelled" are counted
        # "How much time did the app save?" too
        _pattern(rf"\bhow long\b|\bduration\b|\bover what (period|time)\b|\bhow many {_TIME_UNITS}\b|"
                 r"\bhow much (more |less |extra )?time\b|"
                 r"\bhow many (sessions|terms)\b(?! (were|was) \w+ed\b)"),
        # "35-week", "a year-long", "after a year of planning"
        _pattern(rf"\b(\d+|{_NUMBER_WORDS})[- ]?{_UNITS}\b|\b{_UNITS}[- ]long\b|"
                 rf"\b(after|for|over|within) (a|an) {_TIME_UNITS}\b|\b(a|an) {_TIME_UNITS} of\b"),
        required=True,
        is_value=True,
    ),
    AnswerType(
        "changed count",
        # "Did the model reduce the number of children entering care?" is answered by a change
        # in that number ("fewer children entering care", "call-outs fell by 43 per cent"), not
        # by a sentence on the model that says nothing of it
        _pattern(rf"\b{_CHANGED} (the )?number of\b"),
        _pattern(rf"\b(fewer|more|less|lower|higher)\b|{_CHANGE_MEASURED}"),
        required=True,
        counts=True,
    ),
    AnswerType(
        "count",
        # not "Did it reduce the number of children entering care?", which asks a change
        _pattern(rf"\bhow many\b(?! {_TIME_UNITS}\b)|^(?!.*\b{_CHANGED} (the )?number of\b).*"
                 r"\bnumber of\b|\bwhat (proportion|percentage|share)\b|\bthe (average|median) \w+"),
        # a number that is not a year, nor part of a duration ("35-week")
        _pattern(rf"\b(?!(1[89]|20)\d\d\b)(\d+(\.\d+)?%?|{_NUMBER_WORDS})\b(?![- ]?{_UNITS}\b)"),
        required=True,
        is_value=True,
        counts=True,
    ),
    AnswerType(
        "date",
        _pattern(r"^\W*when\b|\b(what|which) (year|date|month)\b|\bsince when\b"),
        _pattern(r"\b(1[89]|20)\d\d\b|\b(january|february|march|april|may|june|july|august|"
                 r"september|october|november|december)\b"),
        required=True,
        is_value=True,
    ),
    AnswerType(
        "development",
        # how a thing the study made or reports came to be ("How was the framework developed?",
        # "How were the parameters arrived at?"); how a study itself was designed is its design
        _pattern(rf"\bhow (was|were) (?!{_A_STUDY}\b)(\w[\w'’-]* ){{1,4}}"
                 r"(developed|built|created|devised|constructed|derived|designed|put together|"
                 r"drawn up|arrived at|worked out|come up with|formed)\b|"
                 r"\bhow did (they|the authors|the researchers) (develop|build|create|devise|"
                 rf"construct|derive|design|arrive at|come up with) (?!{_A_STUDY}\b)"),
        # a process named, not the word "develop" alone ("staff who aimed to develop change
        # initiatives" says nothing of how a thing was developed)
        _pattern(r"\b((produced|developed|derived|constructed|built|generated|drawn|drew) "
                 r"(through|from|by|out of|on|using|with)|integrat\w*|"
                 r"synthesi[sz]\w*|co-?designed|emerge[ds]?|informed by|adapted from|"
                 r"grounded in|building on)\b"),
        required=True,
        about_the_study=True,
    ),
    AnswerType(
        "theory",
        # the theory a study draws on: a paper that names none has none to give
        _pattern(r"\b(theor(y|ies)|theoretical (framework|lens|model|basis|perspective)s?|"
                 r"conceptual (framework|model)s?)\b(?! (is|are) (still )?(limited|lacking|missing))"),
        _pattern(r"\b(theor\w*|conceptual\w*)\b"),  # not "framework analysis", a method
        required=True,
        about_the_study=True,
    ),
    AnswerType(
        "analysis",
        _pattern(r"\banaly[sz]\w*\b|\bhow were .* (coded|interpreted)\b"),
        # a named way of analysing, not the word "analysis" alone ("Analysis enabled five
        # clusters to emerge" says nothing of how)
        _pattern(r"\b((framework|content|narrative|discourse|free[- ]text|thematic|statistical|"
                 r"comparative|secondary|documentary|qualitative|quantitative|cost|network) "
                 r"analys[ie]s|thematic\w*|themes?|cod(ed|ing)|grounded theory|statistic\w*|"
                 r"regression|interpretat\w*|phenomenolog\w*|synthesi[sz]\w*|"
                 r"analy[sz]ed (using|through|with|by|in)|analy[sz]ing)\b"),
        required=False,
        about_the_study=True,
    ),
    AnswerType(
        "sampling",
        # how they were found: "Which sectors did it recruit staff from?" asks which sectors
        _pattern(r"\b(how|what way|which way)\b.*\b(recruit\w*|select\w*|chosen|choose|chose|"
                 r"pick\w*)\b|\bsampl\w*\b"),
        # a way of finding participants named, not only that some were invited or took part
        _pattern(r"\b(sampl\w*|purposive\w*|snowball|convenience|random\w*|theoretical|"
                 r"stratified|quota|self-selected|volunteer\w*)\b"),
        required=False,
        about_the_study=True,
    ),
    AnswerType(
        "design",
        _pattern(r"\b(what|which) (kind|type|sort) of (study|research|design|evaluation)\b|"
                 r"\b(study|research) design\b|\bqualitative or quantitative\b|"
                 rf"\bhow (was|were) (the |this |that |their |its |each |both )?([\w-]+ ){{0,3}}"
                 rf"{_A_STUDY} (designed|conducted|carried out|done|set up)\b|"
                 r"\bmethodolog\w*\b|\b(research|study|sampling) (methods?|approach)\b|"
                 r"\b(what|which) methods? (did|do|does|were|was)\b|"
                 r"\b(their|its|the|each|both) methods\b|"
                 r"\bmethods? (were |was )?(used|adopted|employed)\b|\bmethods? they used\b"),
        _pattern(r"\b(qualitative|quantitative|mixed[- ]methods?|case stud\w*|\w+ review|"
                 r"interview\w*|surveys?|trials?|ethnograph\w*|evaluation|framework analysis|"
                 r"focus groups?|cohort|longitudinal|cross-sectional|action research|"
                 r"participatory)\b"),
        required=False,
        about_the_study=True,
    ),
    AnswerType(
        "data collection",
        _pattern(r"\b(collect(ed|ing|s)?|data collection|gather\w*)\b|"
                 r"\bwhat (kind|type|sort) of (interviews?|data)\b|"
                 r"\bhow (were|was) .* (interview\w*|data|views|information) (obtained|gathered|"
                 r"collected)\b"),
        _pattern(r"\b(interview\w*|surveys?|questionnaires?|focus groups?|observ\w*|"
                 r"semi-structured|structured|face-to-face|telephone|online|workshops?|"
                 r"data (were|was) (collected|gathered))\b"),
        required=False,
        about_the_study=True,
    ),
    AnswerType(
        "aim",
        _pattern(r"\b(aims?|objectives?|purpose|research questions?)\b|\btrying to (find out|"
                 r"understand|learn|establish)\b|\b(set out|sought|wanted) to\b|"
                 r"\bwhat (was|were|did) .* (try|trying|want|hope)\w* to\b"),
        _pattern(r"\b(aim\w*|objectives?|purpose\w*|explor\w*|examin\w*|investigat\w*|"
                 r"sought to|set out to|to understand|to assess|to establish|captured .* views|"
                 r"views on|the extent to which)\b"),
        required=False,
        about_the_study=True,
    ),
    AnswerType(
        "recommendation",
        # advice given or offered, not advice people valued ("What advice did carers value?")
        _pattern(r"\brecommend\w*|\bwhat should\b|\bimplications? (for|of)\b|\badvise\b|"
                 r"\badvice (for|to)\b|\b(give|gives|gave|offer|offers|offered)\b[^?]*\badvice\b|"
                 r"\badvice\b[^?]*\b(give|gives|gave|offer|offers|offered)\b|"
                 r"\bwhat (is|are) (still )?needed\b|\bwhat needs to\b"),
        # what should be done, as papers say it
        _pattern(r"\b(recommend\w*|should|must|needs? (to|for)|need for|(is|are|was|were) "
                 r"(still )?needed|requires?|it is (important|essential|vital|crucial)|"
                 r"needs? (to be )?(paid|given|addressed|considered)|implications? for|"
                 r"calls? for)\b"),
        required=False,
        about_the_study=True,
        heading=_pattern(r"recommendations?( for (practice|policy|research))?|"
                         r"implications for (practice|policy|research)"),
        listed=True,
    ),
    AnswerType(
        "gap",
        _pattern(r"\b(lacking|lacks?|gaps?|missing|under-?researched|limitations?|unclear|"
                 rf"unknown|not (yet )?(known|understood))\b|{_LIMITED_KNOWLEDGE}"),
        _pattern(r"\b(limited|lack\w*|gaps?|little (is known|research|evidence)|"
                 r"under-?researched|descriptive|remains? (limited|unclear|unknown)|few studies|"
                 r"not yet|scarce)\b"),
        required=False,
    ),
    AnswerType(
        "finding",
        # what was found overall: "what did the study find?", not "...find about trust?"
        _pattern(r"\bwhat (did|do|does|have|has) .*\b(find|found|show|shown|conclude|discover|"
                 r"learn|learned|learnt|gain|gained)\b(?! (about|on|regarding|in)\b)|"
                 r"\b(findings|results|conclusions|key messages)\b(?! (about|on|regarding)\b)"),
        # what a study found, as papers say it; not "This paper presents findings..."
        _pattern(r"\b(demonstrat\w*|found|show(ed|n|s)?|highlight\w*|suggest(ed|s)?|"
                 r"indicat(ed|es)|reveal\w*|conclu(ded|des|sion)|emerge[ds]?|identified|"
                 r"can (enhance|act|help|improve|support|increase|reduce))\b"),
        required=False,
        about_the_study=True,
        heading=_pattern(r"(main |key )?(findings|results|outcomes|key messages)"),
    ),
    AnswerType(
        "limitation",
        # "Was the survey representative?", "Can the findings be generalised?"
        _pattern(r"\b(limitations?|weakness(es)?|shortcomings?|caveats?|drawbacks?|flaws?|"
                 r"representative|generali[sz]\w*|biased?)\b"),
        # what a study says of its own reach: its scale, its sample, how far it generalises
        _pattern(r"\b(small[- ]scale|small (cohort|sample|number|group|study)|(only|just) \d+|"
                 r"generali[sz]\w*|caution\w*|self-selected|bias\w*|limitations?|"
                 r"reached only|only (reached|included|those)|may have been|without a comparison|"
                 r"no comparison|not a (formal|full|systematic) (evaluation|review|study)|"
                 r"(did|could) not (measure|assess|collect|include|follow)|"
                 r"chosen because they were willing|"
                 # "The sample was limited to projects from one programme", "a single site",
                 # "may not transfer to councils...", "staff who had left were hard to reach"
                 r"(was|were) (limited|restricted|confined) to|hard to reach|"
                 r"(a|one) single (site|service|local authority|council|team|area|county)|"
                 r"may not (transfer|apply|be typical|represent|reflect))\b"),
        required=False,
        about_the_study=True,
        heading=_pattern(r"((study|research) )?(limitations?|weaknesses|"
                         r"strengths and (limitations|weaknesses))"),
    ),
    AnswerType(
        "size",
        _pattern(r"\b(large|small|big|size|scale)\b.*\b(study|sample|research|cohort|project)\b|"
                 r"\bhow (big|large)\b"),
        # or how many took part: "21 expert informants", "Of the 18 staff participants"
        _pattern(r"\b(small|large|medium)[- ]scale\b|\b(small|large|modest) (cohort|sample|"
                 r"number|group|study)\b|\bsample (size|of \d+)\b|\bpilot\b|"
                 rf"\b(\d[\d,]*|{_NUMBER_WORDS}) ([\w-]+ )?(participants|informants|interviewees|"
                 r"respondents|practitioners|professionals|staff|people|families|carers|children|"
                 r"young people|social workers|managers|service users)\b"),
        required=False,
        about_the_study=True,
    ),
    AnswerType(
        "setting",  # where a study was done: a place that describes the study
        _pattern(r"\bwhere (was|were|is|are|did|do|does)\b.*\b(stud(y|ies)|research|papers?|"
                 r"projects?|programmes?|courses?|evaluations?|trials?)\b.*\b(set|based|"
                 r"carried out|conducted|done|located|held|run|ran|take place|took place)\b"),
        _PLACE,
        required=False,
        about_the_study=True,
    ),
    AnswerType(
        "place",
        # "where" that asks, not a relative "where" ("practice where co-production is not
        # happening"): opening the question, before a verb, or after a word that asks
        _pattern(r"^\W*(and |so |but )?where\b|\bwhere (is|are|was|were|did|do|does|can|could|"
                 r"should|would|will|has|have|had)\b|\b(tell me|say|says|said|know|show me|"
                 r"find out|asked|ask) where\b|\b(which|what) (country|countries|city|region|"
                 r"area|nation|part of)\b|\bin which (country|city|region|area)\b"),
        _PLACE,
        required=False,
    ),
    AnswerType(
        "name",
        _pattern(r"\b(what|which) (was|is|were|are) the names?\b|\bwhat (was|is) \w+ called\b|"
                 r"\bcalled what\b"),
        _pattern(r"[“\"‘][^”\"’]{3,}[”\"’]"),
        required=False,
    ),
    AnswerType(
        "change",
        # whether a practice changed something: "Does restorative practice cut down on calling
        # the police?" is answered by "Police call-outs fell by 43 per cent", not by the
        # abstract's "to respond to conflict without involving the police"
        _pattern(r"^\W*(does|did|do|can|will|has|have|is|was)\b[^?]*\b(reduc\w*|cut(s|ting)? "
                 r"(down|back)|lower\w*|increas\w*|improv\w*|rais(e|es|ed|ing)|(lead|led) to "
                 r"(fewer|more|less|better)|decreas\w*|boost\w*)\b"),
        _pattern(_CHANGE_MEASURED),
        required=False,
    ),
    AnswerType(
        "definition",
        # "What counted as consensus?", "How was success defined?": the sentence defining it
        # ("consensus was defined as 75% agreement"), not one using the word
        _pattern(r"\bwhat (counted|counts|count) as\b|\bwhat (is|was) meant by\b|"
                 r"\bdefinition of\b|\bhow (is|was|were|are|did (they|the \w+)) (\w+ ){0,3}?"
                 r"defined?\b"),
        _pattern(r"\b(defined (as|by)|counted as|(was|were) taken (as|to mean)|refers? to|"
                 r"is meant|means)\b"),
        required=False,
    ),
    AnswerType(
        "superlative",
        # "Which home had the smallest reduction?" is answered by the sentence saying which was
        # smallest ("The reduction was smallest at Birch House"), "most often" by "most often";
        # not "most of the studies", which counts
        _SUPERLATIVE,
        _SUPERLATIVE,
        required=False,
        echoed=True,
    ),
    AnswerType(
        "people",
        _pattern(r"^\s*who\b|\bwhich (staff|people|professionals|participants|stakeholders|"
                 r"practitioners|groups?)\b|\bwhat (kind|type) of (staff|people|participants)\b"),
        _pattern(r"\b(staff|practitioners?|participants?|managers?|social workers?|informants?|"
                 r"leaders?|families|parents?|carers?|young people|children|service users?|"
                 r"professionals?|researchers?|academics?|policy[- ]?makers?|stakeholders?|"
                 r"commissioners?|directors?|(?:[\w-]+ )?workers?|coordinators?|advisers?|"
                 r"advocates?|mentors?|volunteers?)\b"),
        required=False,
    ),
)


def answer_types(question: str) -> list[AnswerType]:
    """The kinds of fact ``question`` asks for; the first that matches of money, funder,
    organisation, sector, frequency, duration, count and date (they overlap: "how much did it cost" is
    money, not a count), with method, place and people beside it."""
    found = [kind for kind in ANSWER_TYPES if kind.asks.search(question)]
    required = [kind for kind in found if kind.required][:1]
    return required + [kind for kind in found if not kind.required]
