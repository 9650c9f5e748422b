from api.annotate.cues import find_cues
from api.annotate.quotes import find_quotes


def _cues(text):
    return [m.group() for m in find_cues(text, 0, len(text), find_quotes(text, 0, len(text)))]


def test_cues_inside_a_quotation_are_not_cues():
    assert _cues("“I said no,” Lind told reporters.") == ["told"]


def test_according_to_is_a_cue_in_either_case():
    assert _cues("According to Lind, it is over, according to Ruiz.") == ["According to", "according to"]


def test_hyphenated_and_markup_words_are_not_cues():
    assert _cues("The so-called plan, a tell-all book, <tweet tweet-id=1>") == []


def test_a_past_tense_verb_between_a_quote_and_a_name_is_a_cue():
    assert _cues("“We lost,” conceded Ana Ruiz.") == ["conceded"]


def test_capitalised_cues_count_only_in_a_title_case_headline():
    assert _cues("Vance Says The Harbor Will Reopen In May") == ["Says"]
    assert _cues("Says who, the mayor asked.") == ["asked"]
