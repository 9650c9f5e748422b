from api.annotate.attribution import find_attributions
from api.annotate.quotes import find_quotes


def _one(text):
    quotes = find_quotes(text, 0, len(text))
    found = find_attributions(text, 0, len(text), quotes)
    assert len(found) == 1, found
    a = found[0]
    return a.mention, text[a.start : a.end], a.kind


def test_said_that_takes_the_clause_after_that():
    assert _one("The mayor Anna Lind said that the bridge would reopen in May.") == (
        "The mayor Anna Lind", "the bridge would reopen in May", "indirect")


def test_said_without_that():
    assert _one("Lind said the bridge would reopen in May.")[1] == "the bridge would reopen in May"


def test_told_skips_the_listener():
    assert _one("Paul Okafor told reporters the vote was rigged.") == (
        "Paul Okafor", "the vote was rigged", "indirect")


def test_warned_is_a_cue():
    assert _one("The minister warned that prices could double.")[1] == "prices could double"


def test_statement_before_the_cue_with_inverted_speaker():
    assert _one("Prices could double next year, said economist Maria Ruiz.") == (
        "economist Maria Ruiz", "Prices could double next year", "indirect")


def test_quote_before_pronoun_and_cue_is_direct():
    assert _one("“We are not going anywhere,” he said.") == ("he", "“We are not going anywhere,”", "direct")


def test_damaged_spacing_around_the_cue():
    assert _one("“Walls do not solve the problem, ”he said.")[1:] == ("“Walls do not solve the problem, ”", "direct")


def test_quote_after_colon_is_direct():
    assert _one("Speaking in Oslo, Jonas Berg said: “Our differences remain large.”") == (
        "Jonas Berg", "“Our differences remain large.”", "direct")


def test_quote_split_around_its_cue_is_one_statement():
    text = "“We will build it,” she said, “and we will pay for it.”"
    assert _one(text)[1] == text[: len(text) - 0]


def test_partial_quote_inside_indirect_speech_is_mixed():
    assert _one("Berg said the talks were “going nowhere” this week.")[2] == "mixed"


def test_according_to_at_the_start():
    assert _one("According to the ministry, the plant will close next year.") == (
        "the ministry", "the plant will close next year", "indirect")


def test_according_to_at_the_end():
    assert _one("The plant will close next year, according to two officials.")[:2] == (
        "two officials", "The plant will close next year")


def test_apposition_between_name_and_cue_is_skipped():
    text = "Lena Park, a fellow at the Harbor Institute, who advised two governments, said trade would fall."
    assert _one(text)[:2] == ("Lena Park", "trade would fall")


def test_passive_say_is_not_a_cue():
    text = "The bridge is said to be unsafe."
    assert find_attributions(text, 0, len(text), []) == []


def test_participle_continues_the_subject():
    text = "Tom Reyes left the meeting early, saying the plan was dead."
    found = find_attributions(text, 0, len(text), [])
    assert [(a.mention, text[a.start : a.end]) for a in found] == [("Tom Reyes", "the plan was dead")]


def test_adding_that_after_a_quote_yields_two_statements():
    text = "“We need more time,” he told the radio station, adding that talks would resume soon."
    found = find_attributions(text, 0, len(text), find_quotes(text, 0, len(text)))
    assert [text[a.start : a.end] for a in found] == ["“We need more time,”", "talks would resume soon"]


def test_told_never_takes_its_listener_as_the_speaker():
    text = "“We lost the vote,” Ada Vance, a former mayor, told Harbor News on Sunday."
    assert _one(text)[:2] == ("Ada Vance", "“We lost the vote,”")


def test_time_between_subject_and_cue_is_skipped():
    assert _one("Ada Vance on Friday said the vote was lost.")[:2] == ("Ada Vance", "the vote was lost")


def test_any_past_tense_verb_after_a_quote_and_before_a_name_is_a_cue():
    assert _one("“We lost the vote,” quipped Ada Vance.")[:2] == ("Ada Vance", "“We lost the vote,”")


def test_participle_speaks_for_the_clause_subject_after_an_introduction():
    text = "In answer to the mayor, Ada Vance rallied supporters, saying the vote was stolen."
    assert _one(text)[:2] == ("Ada Vance", "the vote was stolen")


def test_called_for_reports_a_demand():
    assert _one("Ada Vance called for a recount of every ballot.")[:2] == ("Ada Vance", "a recount of every ballot")


def test_so_called_is_not_a_cue():
    text = "The so-called reform passed."
    assert find_attributions(text, 0, len(text), []) == []


def test_statement_before_a_source_needs_a_comma_between_them():
    text = "Tears had come by the time Ada Vance said that."
    assert find_attributions(text, 0, len(text), []) == []


def test_markup_words_are_not_cues():
    text = '<tweet tweet-id="12345"><tweet/>.'
    assert find_attributions(text, 0, len(text), []) == []


def test_according_to_a_long_source_runs_to_the_comma():
    text = "According to early results of a poll conducted by Harbor Research, Vance led among women."
    assert _one(text)[:2] == ("early results of a poll conducted by Harbor Research", "Vance led among women")


def test_participle_after_before_continues_the_speaker():
    text = "“We will see,” Vance said before adding that the count was not over."
    found = find_attributions(text, 0, len(text), find_quotes(text, 0, len(text)))
    assert [text[a.start : a.end] for a in found] == ["“We will see,”", "the count was not over"]


def test_statement_stops_before_a_coordinated_cue():
    text = "Vance says she respects the mayor and calls him a patient man."
    found = find_attributions(text, 0, len(text), [])
    assert [text[a.start : a.end] for a in found] == ["she respects the mayor"]


def test_apposition_with_a_capitalised_first_word_is_still_skipped():
    text = "Ana Lutz, Harbor’s senior analyst at the Coastal Group, said trade would fall."
    assert _one(text)[:2] == ("Ana Lutz", "trade would fall")


def test_subject_behind_an_office_reaches_through_to_the():
    text = "Northland Ambassador to the UN Karl Ode has previously said the talks had failed."
    assert _one(text)[0] == "Northland Ambassador to the UN Karl Ode"


def test_inverted_source_may_be_followed_by_its_affiliation():
    text = "“Turnout decides it,” says Bo Lind of the Harbor Report."
    assert _one(text)[:2] == ("Bo Lind of the Harbor Report", "“Turnout decides it,”")


def test_inverted_source_with_lowercase_modifiers():
    text = "“Turnout decides it,” said undecided Harbor voter Ana Ruiz."
    assert _one(text)[0] == "undecided Harbor voter Ana Ruiz"


def test_quote_inside_an_apposition_does_not_hide_the_source():
    text = "Ada Vance, who calls the mayor a “coward,” said the vote was lost."
    assert _one(text)[:2] == ("Ada Vance", "the vote was lost")


def test_second_coordinated_cue_shares_the_subject():
    text = "Ada Vance told the paper the vote was lost and said the count would resume."
    found = find_attributions(text, 0, len(text), [])
    assert [(a.mention, text[a.start : a.end]) for a in found] == [
        ("Ada Vance", "the vote was lost"),
        ("Ada Vance", "the count would resume"),
    ]


def test_responding_to_a_question_is_not_a_statement():
    text = "Bo Lind, Harbor’s Lead Spokesperson for Coastal Affairs, responded to a question at a briefing."
    assert find_attributions(text, 0, len(text), []) == []


def test_a_cue_word_inside_the_statement_does_not_cut_it():
    text = "Ada Vance said she sent the mayor a draft she wrote last year."
    assert _one(text)[1] == "she sent the mayor a draft she wrote last year"


def test_nouns_that_look_like_cues_are_not_cues():
    for text in ("The threshold for a minority report seems low.", "Vance’s tweet angered the mayor."):
        assert find_attributions(text, 0, len(text), []) == []


def test_a_thing_called_by_a_name_is_not_speech():
    text = "Vance now leads a program called Harbor Promise."
    assert find_attributions(text, 0, len(text), []) == []


def test_a_day_after_an_inverted_cue_is_not_the_source():
    text = "“We will see,” Bo Lind, the harbour master, said Sunday."
    assert _one(text)[0] == "Bo Lind"


def test_initials_stay_in_the_name():
    text = "“We will see,” said J.M. Lind, a fellow at the Harbor Institute."
    assert _one(text)[0] == "J.M. Lind"


def test_dashes_set_off_an_apposition():
    text = "Bo Lind — a teacher from the coast — says he voted early."
    assert _one(text)[:2] == ("Bo Lind", "he voted early")


def test_possessive_phrase_after_a_cue_is_not_an_inverted_source():
    text = "Ada Vance, who won in 2012, argued her plan is fair."
    assert _one(text)[:2] == ("Ada Vance", "her plan is fair")


def test_participle_after_a_long_apposition_speaks_for_the_first_name():
    text = "Sen. Bo Lind, R-Ore., who faces a hard race, withdrew his support, saying the plan is unfair."
    assert _one(text)[:2] == ("Sen. Bo Lind", "the plan is unfair")


def test_quantity_pronouns_are_sources():
    assert _one("Some said they had cringed at the plan.")[:2] == ("Some", "they had cringed at the plan")


def test_relative_clause_then_coordinated_cue():
    text = "Vance, who endorsed Lind in May and said she would campaign with him, stayed home."
    assert _one(text)[0] == "Vance"


def test_indirect_question_is_not_a_claim():
    text = "And what can recent events tell us about them?"
    assert find_attributions(text, 0, len(text), []) == []


def test_report_inside_a_subordinate_clause_ends_with_the_clause():
    text = "Given Vance called the mayor “a coward and a liar” again, talks are not expected soon."
    assert _one(text)[:2] == ("Vance", "“a coward and a liar”")


def test_state_abbreviation_in_an_apposition_is_not_the_source():
    text = "“It is over,” Bo Lind, 67, a retired clerk in Salem, Ore., said in an interview."
    assert _one(text)[:2] == ("Bo Lind", "“It is over,”")


def test_that_far_from_the_cue_belongs_to_the_statement():
    text = "Bo Lind said Ada Vance proposed a plan that cut taxes."
    assert _one(text)[1] == "Ada Vance proposed a plan that cut taxes"


def test_who_said_after_a_source_with_a_place_apposition():
    text = "“It may matter,” said Bo Lind, a doctor from Salem, New Mexico, who said he knows the mayor."
    found = find_attributions(text, 0, len(text), find_quotes(text, 0, len(text)))
    assert [(a.mention, text[a.start : a.end]) for a in found] == [
        ("Bo Lind", "“It may matter,”"),
        ("Bo Lind", "he knows the mayor"),
    ]


def test_quote_after_the_cue_in_a_subordinate_sentence():
    text = "When asked why, Bo Lind said, “We have three weeks to go” until the vote."
    assert _one(text)[1] == "“We have three weeks to go” until the vote"


def test_participle_subject_may_be_followed_by_an_adverb():
    text = "Lind then interjected, calling the plan “a giveaway.”"
    assert _one(text)[:2] == ("Lind", "“a giveaway.”")


def test_possessive_without_s_before_a_noun_cue():
    text = "Voters prefer Sanders' call for a revolution."
    assert find_attributions(text, 0, len(text), []) == []


def test_a_one_word_quotation_before_its_cue_is_direct_speech():
    assert _one("“Savage,” she said, laughing.")[:2] == ("she", "“Savage,”")


def test_cue_after_but_shares_the_subject():
    text = "Vance says voters may not like it, but insists the plan is fair."
    found = find_attributions(text, 0, len(text), [])
    assert [(a.mention, text[a.start : a.end]) for a in found][-1] == ("Vance", "the plan is fair")


def test_fronted_statement_keeps_its_own_that():
    text = "But that is not good enough, said Bo Lind, an analyst."
    assert _one(text)[:2] == ("Bo Lind", "that is not good enough")


def test_source_with_adjectives_before_its_head():
    text = "In all, hackers broke into twelve servers, the congressional report said."
    assert _one(text)[0] == "the congressional report"


def test_a_second_quote_in_the_sentence_goes_to_the_second_cue():
    text = "“He is grumpy,” she said, but despite that, “I think he will do it,” said Ana Ruiz."
    found = find_attributions(text, 0, len(text), find_quotes(text, 0, len(text)))
    assert [a.mention for a in found] == ["she", "Ana Ruiz"]
    assert "“I think he will do it,”" in text[found[1].start : found[1].end]


def test_called_on_reports_a_demand_and_a_coordinated_cue_follows():
    text = "Bo Lind, a spokesman for Ms. Ruiz, called on the mayor to resign and said he had gone too far."
    found = find_attributions(text, 0, len(text), [])
    assert [(a.mention, text[a.start : a.end]) for a in found] == [
        ("Bo Lind", "the mayor to resign"),
        ("Bo Lind", "he had gone too far"),
    ]


def test_participle_after_a_quote_that_holds_the_comma():
    text = 'Lind said the plan is "a disgrace," adding that he would vote against it.'
    found = find_attributions(text, 0, len(text), find_quotes(text, 0, len(text)))
    assert [text[a.start : a.end] for a in found] == ['the plan is "a disgrace,"', "he would vote against it"]


def test_an_infinitive_after_a_request_is_the_statement():
    text = "In a letter to the mayor, Ruiz asked the council to delay the vote."
    assert _one(text)[:2] == ("Ruiz", "to delay the vote")


def test_said_to_someone_is_an_addressee_not_a_statement():
    text = "The port will close, Ruiz said to reporters."
    assert _one(text)[1] == "The port will close"


def test_a_crowd_right_before_saying_is_its_source():
    text = "Vance gained, with 30 percent of voters saying they like her."
    found = find_attributions(text, 0, len(text), [])
    assert [(a.mention, text[a.start : a.end]) for a in found] == [("30 percent of voters", "they like her")]


def test_a_name_already_read_ends_the_inverted_source():
    text = "At a rally in Salem, Ore., on Tuesday, Senator Bo Lind of Oregon endorsed Ms. Ruiz, saying she would win."
    assert _one(text)[:2] == ("Senator Bo Lind of Oregon", "she would win")


def test_a_possessive_owns_a_noun_unless_it_reports_a_that_clause():
    for text in ("The assets are a fraction of Lind’s reported net worth.", "Other estimates put the number higher."):
        assert find_attributions(text, 0, len(text), []) == []
    assert _one("Lind’s claim that the port is safe was false.")[0] == "Lind’s"


def test_a_report_in_an_introductory_clause_without_words_is_nothing():
    text = "After Vance testified, the committee changed course."
    assert find_attributions(text, 0, len(text), []) == []


def test_a_headline_in_title_case_reports_with_a_capital_cue():
    text = "Vance Says The Harbor Will Reopen In May"
    assert _one(text)[:2] == ("Vance", "The Harbor Will Reopen In May")


def test_coordinated_report_after_then_or_but_takes_the_clause_subject():
    for text in ("Vance offered the man a job, then says she will hire more.",
                 "Vance has rejected both critiques, but says she will hire more."):
        assert _one(text)[:2] == ("Vance", "she will hire more")


def test_a_bare_plural_opening_its_clause_is_a_source():
    assert _one("But hacking specialists say the leak was forged.")[:2] == ("hacking specialists", "the leak was forged")


def test_that_clause_opening_with_a_preposition_is_not_an_adjunct():
    text = "Vance has rejected both critiques, but says that in retrospect she would act differently."
    assert _one(text)[1] == "in retrospect she would act differently"


def test_a_possessive_name_opening_the_sentence_owns_the_source():
    assert _one("Romney's associates said he will not endorse anyone.")[:2] == (
        "Romney's associates", "he will not endorse anyone")


def test_would_only_say():
    assert _one("Lind would only say that the plan was worrisome.")[:2] == ("Lind", "the plan was worrisome")


def test_name_set_off_after_a_description_in_an_inverted_cue_is_the_source():
    text = ("“The ridge moved north,” said the study’s lead author, Ann Colby, a geologist at the Tarn Institute, "
            "located in Oregon’s Willamette Valley.")
    quotes = find_quotes(text, 0, len(text))
    (found,) = find_attributions(text, 0, len(text), quotes)
    assert (found.mention, found.apposition) == ("Ann Colby", "the study’s lead author")


def test_a_statement_issued_by_someone_speaks_for_them():
    text = "After a short meeting, the harbour board issued a statement saying the port would reopen in May."
    assert _one(text)[:2] == ("the harbour board", "the port would reopen in May")


def test_according_to_an_analysis_by_someone():
    assert _one("Fees will double next year, according to an analysis by Ana Ruiz.")[0] == "an analysis by Ana Ruiz"


def test_a_fronted_statement_leaves_out_the_dateline_and_a_place_adverb():
    assert _one("TARNVILLE, May 2, 2024 - The quay will reopen in June, a harbour spokesman said here today.")[1] == (
        "The quay will reopen in June")
    assert _one("BERGEN (Reuters) - Fares will rise, the ferry company said.")[1] == "Fares will rise"


def test_naming_and_charging_say_only_their_quoted_words():
    quoted = "Ana Ruiz called the harbour plan “a giveaway to the shipping lines” on Monday."
    assert _one(quoted)[1:] == ("“a giveaway to the shipping lines”", "direct")
    for text in (
        "Ana Ruiz called the harbour plan a giveaway on Monday.",
        "Ana Ruiz accused the council of hiding the costs.",
        "Ana Ruiz called the mayor a “liar” again.",
    ):
        assert find_attributions(text, 0, len(text), find_quotes(text, 0, len(text))) == []


def test_a_demand_keeps_its_content():
    assert _one("Ana Ruiz called for an inquiry into the harbour accounts.")[1] == (
        "an inquiry into the harbour accounts")


def test_retired_and_anonymous_sources_after_a_quote():
    assert _one("“The quay is safe,” retired Navy admiral Ivo Marek said.")[0] == "retired Navy admiral Ivo Marek"
    assert _one("“The count was rushed,” said one council source.")[0] == "one council source"
