"""The kind of fact a question asks for, and which sentences hold one."""

from __future__ import annotations

import pytest

from assistant.answer.answer_types import (
    answer_types,
    counted_words,
    gives_part_asked,
    numbers_in,
    quotes_asked,
    stated_counts,
)


def kinds(question: str) -> list[str]:
    return [kind.name for kind in answer_types(question)]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("How many staff took part?", ["count"]),
        ("How long was the course?", ["duration"]),
        ("How many weeks did the programme last?", ["duration"]),  # no count: "35-week"
        ("Can you tell me where the study was done?", ["place"]),
        ("How can staff challenge practice where co-production is not happening?", []),
        ("When was the programme launched?", ["date"]),
        ("What was the budget of the programme?", ["total"]),
        ("How much did the course cost?", ["total"]),
        ("How much are newly qualified social workers paid?", ["money"]),
        ("What salary does a family support worker earn?", ["money"]),
        ("Who funded the study?", ["funder", "people"]),
        ("Which charity funded the pilot?", ["funder"]),
        ("How was the innovation study funded?", ["funder"]),
        ("Was the course funded by the government?", ["funder"]),
        ("How many of the funded projects were still running?", ["count"]),  # no funder asked
        ("How many projects were funded?", ["count"]),
        ("What was the number of families referred?", ["count"]),
        ("Did the model reduce the number of children entering care?", ["changed count", "change"]),
        ("What counted as consensus in the Delphi study?", ["definition"]),
        ("How was success defined?", ["definition"]),
        ("How much time did the app save social workers?", ["duration"]),
        ("How much time did social workers spend recording?", ["duration"]),  # no sum spent
        ("How did funding cuts affect innovation?", []),
        ("What does the paper say is still limited in the literature?", ["gap"]),
        ("What remains unclear about innovation?", ["gap"]),
        ("What are the risks of innovation?", ["risk"]),
        ("Are there any disadvantages to co-production?", ["risk"]),
        ("What harm can innovation cause?", ["risk"]),
        ("How do practitioners work with children at risk?", []),  # a service's word
        ("How do risk-averse cultures affect innovation?", []),
        ("Is there limited evidence on co-production?", ["gap"]),
        ("Why is the evidence limited?", ["gap"]),
        ("Do limited resources stop innovation?", []),  # a condition, not what is unknown
        ("How does limited time affect staff?", []),
        ("What happens when resources are limited?", []),  # a condition limited, not knowledge
        ("How often do social workers visit the family?", ["frequency"]),
        ("How many times did the group meet?", ["frequency"]),
        ("Is the research on co-production still limited?", ["gap"]),
        ("What is not yet known about co-production?", ["gap"]),
        ("What are the limitations of the study?", ["gap", "limitation"]),
        ("What are the weaknesses of the research?", ["limitation"]),
        ("What did the innovation study find?", ["finding"]),
        ("What were the results of the co-production study?", ["finding"]),
        ("What did staff say they gained from the course?", ["finding"]),
        ("What did the study find about trust?", []),  # a topic: what was found about it
        ("What does the research say about supervision?", []),
        ("Which university delivered the course?", ["organisation"]),
        ("Who ran the training?", ["organisation", "people"]),
        ("How were the interview data analysed?", ["analysis"]),
        ("What kind of study was it: qualitative or quantitative?", ["design"]),
        ("How were the participants recruited?", ["sampling"]),
        ("how did they pick participants for the research", ["sampling"]),
        ("In which country was the study carried out?", ["place"]),
        ("Where was each of the two studies set?", ["setting", "place"]),  # where a study was
        ("Where were the two papers based?", ["setting", "place"]),
        ("Where do children in care live?", ["place"]),  # a place, not a study's
        ("Can innovation happen when resources are scarce?", []),
        # the words of a method in a question about something else: not sampling
        ("Which sectors did the course recruit staff from?", ["sector"]),
        ("Which organisations did the participants come from?", ["sector"]),
        ("How do the two studies differ in their methods?", ["design"]),
        ("What approach to co-production works best?", []),
        ("What methods help engage families?", []),
        ("What does the collection say about collective leadership?", []),
        ("What research methods did the study combine?", ["design"]),
        ("Which methods were used in the innovation paper?", ["design"]),
        ("What methods were employed?", ["design"]),
        ("How were the data collected?", ["data collection"]),
        ("What do the authors recommend?", ["recommendation"]),
        ("What are the implications for practice?", ["recommendation"]),
        ("What should managers do to support innovation?", ["recommendation"]),
        ("What does the research suggest about trust?", []),
        ("How was the framework developed?", ["development"]),
        ("How were the five clusters arrived at?", ["development"]),
        ("How did they come up with the framework?", ["development"]),
        ("How was the Involving People programme designed?", ["development"]),
        ("How was the co-production study designed?", ["design"]),  # a study's design
        ("How was the research carried out?", ["design"]),
        ("How is co-production developed in teams?", []),  # how practice grows, not a product
        ("Which theories of change does the co-production paper use?", ["theory"]),
        ("How long after the course were the interviews held?", ["interval"]),
        ("How soon after the training did staff see changes?", ["interval"]),
        ("How many weeks after the pilot did funding end?", ["interval"]),
        ("What conceptual framework does the study use?", ["theory"]),
    ],
)
def test_questions_ask_for_kinds(question, expected):
    assert kinds(question) == expected


def holds(question: str, sentence: str) -> bool:
    return any(kind.held_by(sentence, question) for kind in answer_types(question))


def test_a_count_the_question_states_is_read_with_what_it_counts():
    assert stated_counts("What are the five conditional parameters?") == [(5, "conditional")]
    assert stated_counts("Which of the 21 informants were researchers?") == [(21, "informants")]
    assert stated_counts("How many parameters are there?") == []
    assert numbers_in("Analysis enabled five clusters, of 21 in all.") == {5, 21}


def test_how_many_weeks_is_answered_by_a_duration():
    assert holds("How many weeks did the programme last?", "This 35-week course recruited staff.")
    assert not holds("How many weeks did the programme last?", "Eighteen staff took part.")


def test_how_often_is_answered_by_a_frequency_not_by_the_questions_words():
    question = "How often do social workers visit under the safeguarding plan?"
    assert holds(question, "The plan says that social workers visit the family every week.")
    assert holds(question, "Staff met twice a month, later weekly.")
    assert not holds(question, "See the schedule for the social workers' visits under the plan.")
    assert not holds(question, "The course ran for 35 weeks.")


def test_an_analysis_is_a_named_way_of_analysing_not_the_word_alone():
    question = "How did the authors analyse their material?"
    assert holds(question, "This paper presents findings of a framework analysis of interviews.")
    assert holds(question, "Data were analysed using a thematic approach.")
    assert not holds(question, "Analysis enabled five clusters to emerge.")


def test_how_a_thing_was_developed_is_answered_by_a_process_named_not_the_word_develop():
    question = "How was the framework developed?"
    assert holds(question, "It was produced through integrating a review with interviews.")
    assert holds(question, "Five clusters emerged from the analysis.")
    assert not holds(question, "Staff aimed to lead and develop change initiatives.")
    assert not holds(question, "This 35-week course recruited staff from three sectors.")


def test_a_theory_is_answered_by_a_sentence_on_theory_not_by_a_method_named_framework():
    question = "Which theory does the innovation paper use?"
    assert holds(question, "Theorisation of the underlying dynamics remains limited.")
    assert holds(question, "The study drew on a conceptual model of participation.")
    assert not holds(question, "This paper presents findings of a framework analysis.")


def test_how_long_after_is_answered_by_a_time_after_not_by_how_long_a_thing_lasted():
    question = "How long after the course were the interviews held?"
    assert holds(question, "Interviews were held six months after the course ended.")
    assert holds(question, "Staff were interviewed within a year of finishing.")
    assert not holds(question, "This 35-week course recruited staff from three sectors.")


def test_aims_gaps_and_size_of_a_study_are_kinds_of_their_own():
    aim = "What were the researchers trying to find out?"
    assert holds(aim, "The study captured staff views on the extent to which training helped.")
    assert not holds(aim, "Five clusters of conditional parameters emerged.")
    gap = "What was lacking in earlier research?"
    assert holds(gap, "The literature tends towards descriptive accounts; theory remains limited.")
    assert not holds(gap, "Innovation activity has accelerated over two decades.")
    size = "Was it a large study?"
    assert holds(size, "This was a small scale, qualitative study.")
    assert not holds(size, "This was a qualitative study.")
    how_big = "How big was the innovation study?"  # how many took part says how big
    assert holds(how_big, "It drew on interviews with 21 expert informants.")
    assert holds(how_big, "Of the eighteen staff participants, five were interviewed.")
    assert not holds(how_big, "Innovation has accelerated over the past 2 decades.")


def test_a_finding_is_what_a_study_says_it_found_not_what_it_set_out_to_do():
    question = "What did the co-production study find?"
    assert holds(question, "It was demonstrated that training can act as a catalyst.")
    assert holds(question, "Five clusters of conditional parameters emerged.")
    assert not holds(question, "The study captured staff views on their training.")
    assert not holds(question, "This paper presents findings of a framework analysis.")


def test_a_studys_limitation_is_what_it_says_of_its_own_reach():
    question = "What are the weaknesses of the co-production study?"
    assert holds(question, "This was a small scale, qualitative study.")
    assert holds(question, "The findings cannot be generalised beyond the cohort.")
    assert not holds(question, "Training can act as a catalyst for service improvement.")
    # how far its sample reached, and how far its findings carry
    assert holds(question, "The sample was limited to projects from one funding programme.")
    assert holds(question, "The findings come from a single site and may not transfer.")
    assert holds(question, "Staff who had left the projects were hard to reach.")
    assert not holds(question, "Theorisation of the dynamics remains limited.")


def test_a_sections_heading_of_the_kind_gives_it_to_every_sentence_under_it():
    [limitation] = answer_types("What were the weaknesses of the evaluation?")
    assert limitation.heads("Limitations") and limitation.heads("Strengths and limitations")
    assert not limitation.heads("Research limitations/implications")  # either, or both
    assert not limitation.heads(None) and not limitation.heads("Findings")
    [finding] = answer_types("What did the pilot find?")
    assert finding.heads("Findings") and finding.heads("Key messages")
    # a report numbers its headings
    [recommendation] = answer_types("What does the review recommend?")
    assert recommendation.heads("6. Implications for practice") and finding.heads("3. Findings")
    assert limitation.heads("5.2 Limitations") and not finding.heads("3.1 What helped")


def test_sampling_is_answered_by_a_named_way_of_finding_participants():
    question = "How were the participants selected?"
    assert holds(question, "The study used a purposive sampling approach.")
    assert not holds(question, "The course recruited staff from statutory and voluntary sectors.")


def test_a_value_the_question_states_itself_does_not_answer_it():
    question = "How many of the 21 expert informants were researchers?"
    assert not holds(question, "The study interviewed 21 expert informants in policy roles.")
    assert holds(question, "Of the 21 expert informants, 6 were researchers.")
    assert holds("How were the data analysed?", "The data were analysed thematically.")


def test_a_count_is_a_number_that_is_not_a_year_or_a_duration():
    assert holds("How many staff took part?", "Of the 18 staff participants, 5 agreed.")
    assert holds("How many staff took part?", "Twenty-one staff were interviewed.")
    assert not holds("How many staff took part?", "This 35-week course recruited staff.")
    assert not holds("How many staff took part?", "The programme began in 2019.")


def test_a_count_counts_what_was_asked():
    sentence = "The study interviewed 21 expert informants in policy and leadership roles."
    assert holds("How many informants were interviewed?", sentence)
    assert holds("How many experts took part?", sentence)
    assert holds("How many informants?", "The informants (n = 21) held policy roles.")
    assert not holds("How many managers were interviewed?", sentence)
    assert not holds("What is the number of children in care?", "It ran in 6 local authorities.")
    caseload = "What is the average caseload of a social worker?"
    assert kinds(caseload) == ["count"]
    assert not holds(caseload, "The study drew on a survey of 155 social workers.")
    assert holds(caseload, "Social workers held an average caseload of 17 children.")
    assert kinds("What does co-production mean?") == []


def test_a_number_that_names_what_it_counts_counts_nothing_else():
    """412 counts parents, though "studies" stands three words before it."""
    sentence = "Together the included studies heard from 412 parents and 167 professionals."
    assert not holds("How many studies were included in the review?", sentence)
    assert holds("How many parents did the studies hear from?", sentence)
    assert holds("How many studies were included?", "Fourteen studies met the inclusion criteria.")
    # a group counted as anyone, or an average's unit, is no other thing counted
    assert holds("How many staff took part?", "Of the 18 staff participants, 5 agreed.")
    assert holds("What was the average caseload?", "An average of 22 children per worker.")


def test_a_count_among_a_number_the_question_states_counts_that_group():
    """"How many of the 21 expert informants were researchers?" is not answered by "21
    took part" of a group of young people, nor by the 21 it states itself."""
    question = "How many of the 21 expert informants were researchers?"
    assert counted_words(question) == {"expert", "informant"}
    assert not holds(question, "Of the 83 young people invited, 21 took part.")
    assert not holds(question, "The study interviewed 21 expert informants.")
    assert holds(question, "Of the 21 expert informants, 9 were researchers.")


def test_a_count_of_anyone_or_of_an_unnamed_group_is_any_count():
    sentence = "Of the 18 staff participants, 5 agreed to be interviewed."
    assert counted_words("How many people took part?") == set()
    assert counted_words("how many did they interview") == set()
    assert counted_words("Of those, how many agreed to be interviewed?") == set()
    assert counted_words("How many of the staff participants agreed?") == {"staff"}
    assert holds("How many people were interviewed?", sentence)
    assert holds("How many of the staff participants agreed?", sentence)


def test_money_needs_a_sum_and_a_place_a_capitalised_name():
    assert holds("What was the budget?", "It cost £12,000 a year.")
    assert not holds("What was the budget?", "The budget was discussed at length.")
    assert holds("Where was it done?", "The study took place in Northern Ireland.")
    assert not holds("Where was it done?", "Training in the area of co-production helps.")


def test_minutes_and_fortnights_are_durations_not_counts():
    question = "How long was each session?"
    assert holds(question, "Each team met for a 90-minute session.")
    assert holds(question, "It ran for three fortnights.")
    assert not holds("How many teams took part?", "The teams met for a 90-minute session.")


def test_sessions_that_happened_or_not_are_counted_not_a_duration():
    """"How many sessions did the course have?" asks how long it ran; "How many sessions were
    cancelled?" asks a count, said before its number ("sessions were cancelled in 9 of the 36")."""
    assert kinds("How many sessions did the course have?") == ["duration"]
    assert kinds("How many sessions were cancelled?") == ["count"]
    cancelled = "Sessions were cancelled in 9 of the 36 scheduled fortnights."
    assert holds("How many sessions were cancelled?", cancelled)
    # but a share is no count of what follows it four words on
    assert not holds("How many studies were included?", "Half of the included studies came from the US.")


def test_a_year_of_planning_is_a_duration_and_time_spent_no_sum():
    question = "How long did Ashdown spend planning with parents before it opened?"
    assert kinds(question) == ["duration"]
    assert holds(question, "Ashdown opened in 2022 after a year of planning with 15 parents.")
    assert not holds(question, "Ashdown opened in 2022 with 15 parents.")
    assert kinds("How much did the council spend on the network?") == ["total"]


def test_a_study_saying_what_it_did_not_do_gives_its_limits():
    question = "What are the limitations of the briefing?"
    assert holds(question, "This briefing is not a formal evaluation.")
    assert holds(question, "We did not measure outcomes for children.")
    assert not holds(question, "We measured outcomes for children.")


def test_whether_a_practice_changed_something_is_answered_by_a_change_measured():
    question = "does restorative practice cut down on calling the police on kids in care"
    assert "change" in kinds(question)
    assert holds(question, "Police call-outs fell by 43 per cent over two years.")
    assert holds(question, "Call-outs fell from 88 to 50.")
    assert not holds(question, "Agency staff often fell back on calling the police.")
    assert "change" not in kinds("What reduced staff turnover?")  # what, not whether


def test_a_superlative_is_answered_by_the_sentence_saying_it():
    question = "Which home had the smallest reduction in police call-outs?"
    assert "superlative" in kinds(question)
    assert holds(question, "The reduction was smallest at Birch House.")
    assert not holds(question, "Call-outs fell most at Oak House.")  # another superlative
    assert "superlative" in kinds("What was the barrier raised most often?")
    assert "superlative" not in kinds("Which country did most of the studies come from?")


def test_advice_given_is_asked_for_not_advice_valued():
    assert kinds("What advice does the report give to managers?") == ["recommendation"]
    assert kinds("Any advice for team managers?") == ["recommendation"]
    assert "recommendation" not in kinds("What advice did kinship carers value?")


def test_a_total_is_a_sum_not_a_rate_of_pay():
    """"£12 an hour" says what co-researchers were paid, not what the project cost in all."""
    assert holds("What was the total budget of the project?", "The pilot cost £186,000 in all.")
    assert not holds("What was the total budget of the project?", "They were paid £12 an hour.")
    assert holds("How much were the co-researchers paid?", "They were paid £12 an hour.")
    voucher = "Young people were offered a £15 voucher for each interview."
    assert not holds("How much did the training cost?", voucher)


def test_an_age_is_answered_by_ages_not_by_a_count():
    question = "How old were the co-researchers?"
    assert kinds(question) == ["age"]
    assert holds(question, "Eight care leavers aged 17 to 24 were trained as co-researchers.")
    assert holds(question, "Most were 19-year-olds.")
    assert not holds(question, "The co-researchers interviewed 27 of their peers.")


def test_an_average_is_answered_by_a_number_stated_as_the_average():
    question = "What is the average caseload in the survey?"
    assert holds(question, "Managers reported an average of 22 children per social worker.")
    assert not holds(question, "High caseloads were reported by 214 managers.")


def test_an_organisation_is_a_named_body():
    question = "Which university delivered the course?"
    assert holds(question, "The course was run by the University of Ulster.")
    assert holds(question, "Staff from Belfast City Council took part.")
    assert not holds(question, "The course recruited staff from statutory and voluntary sectors.")


def test_a_body_is_named_when_a_sentence_gives_its_name():
    question = "Which organisation ran the peer support network?"
    assert holds(question, "It was run by a voluntary organisation, Brackenfield Family Voices.")
    assert holds(question, "It was evaluated by the Northgate Research Partnership.")
    assert not holds(question, "It was run by a voluntary organisation with two coordinators.")


def test_whether_a_sample_was_representative_asks_of_its_limits():
    question = "Was the kinship survey representative?"
    assert kinds(question) == ["limitation"]
    assert holds(question, "The survey reached only carers known to the council.")
    assert not holds(question, "Sixty-one carers responded to the survey.")


def test_organisations_in_general_are_answered_by_their_sectors_too():
    question = "Which organisations did the participants come from?"
    assert holds(question, "It recruited staff from across statutory, voluntary and charity sectors.")
    assert holds(question, "Staff from Belfast City Council took part.")
    assert not holds(question, "Staff came from many different teams.")


def test_a_recommendation_says_what_should_be_done():
    question = "What does the paper recommend?"
    assert holds(question, "Attention needs to be paid to these conditions.")
    assert holds(question, "A shared language on co-production is still needed.")
    assert holds(question, "We recommend protected time for reflection.")
    assert not holds(question, "Co-production was introduced in 2009 in fostering services.")


def test_a_risk_is_what_a_sentence_says_could_go_wrong():
    question = "What are the risks of innovation?"
    assert holds(question, "Rapid innovation risks staff burnout.")
    assert holds(question, "New models had unintended effects on families.")
    assert not holds(question, "A risk-averse culture held innovation back.")
    assert not holds(question, "Innovation depended on stable leadership.")


@pytest.mark.parametrize(
    ("question", "count"),
    [("Give me two quotes about leadership", 2), ("I need 3 short quotations on trust", 3),
     ("a couple of good quotes on culture", 2), ("Give me 40 quotes on trust", 10),
     ("some quotes about trust", None), ("What did the two studies find, with quotes?", None),
     ("0 quotes", None)],
)  # fmt: skip
def test_the_number_of_quotes_asked_for_is_read_up_to_ten(question: str, count: int | None):
    assert quotes_asked(question) == count


def test_how_many_of_a_group_is_answered_by_a_part_of_it_and_counts_the_group():
    question = "How many of the funded projects were still running?"
    assert counted_words(question) == {"project"}  # "funded" says which projects
    assert gives_part_asked(question, "Nine of the 14 projects were still running.")
    assert gives_part_asked(question, "Of 62 families referred, 48 held a conference.")
    assert not gives_part_asked(question, "A follow-up of 14 projects funded by a programme.")
    assert not gives_part_asked("How many projects were funded?", "Nine of the 14 projects.")


def test_one_counts_the_thing_that_follows_it():
    question = "How many services were recommissioned?"
    assert not holds(question, "It examined family support services in one English county council.")
    assert holds(question, "Only one service was recommissioned.")
    assert holds(question, "Services recommissioned: 4 of the 12.")


def test_a_hyphenated_count_counts_what_it_is_joined_to():
    assert holds("How many rounds did the Delphi study have?", "It used a three-round Delphi method.")
    assert not holds("How many rounds did it have?", "It used a three-week Delphi method.")


def test_a_definition_is_answered_by_the_sentence_defining_it():
    question = "What counted as consensus in the Delphi study?"
    assert holds(question, "Consensus was defined as 75% agreement.")
    assert not holds(question, "The study used a Delphi method to build consensus.")


def test_a_count_changed_is_answered_by_a_change_in_that_count():
    question = "Did the model reduce the number of children entering care?"
    assert holds(question, "Three of five authorities reported fewer children entering care.")
    assert holds(question, "Children entering care fell by 18 per cent.")
    assert not holds(question, "Training can act as a catalyst for wider service improvements.")
    assert not holds(question, "More staff were trained.")  # a change in something else


def test_a_place_is_named_after_a_number_or_an_adjective():
    question = "Where was the short breaks offer redesigned?"
    assert holds(question, "A design was used over 18 months in one London borough.")
    assert holds(question, "It was introduced in one large English county council in 2022.")
    assert not holds(question, "The redesigned offer added holiday clubs.")

