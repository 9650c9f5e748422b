from api.annotate.quotes import find_quotes, words_said


def _quoted(text):
    return [text[q.start : q.end] for q in find_quotes(text, 0, len(text))]


def test_straight_and_curly_marks_are_both_quotes():
    text = 'He said "taxes will rise" and later “rates will fall” too.'
    assert _quoted(text) == ['"taxes will rise"', "“rates will fall”"]


def test_marks_pair_by_alternation_even_when_their_shape_is_wrong():
    text = "“It is a conflict about position and vision, “he said."
    assert _quoted(text) == ["“It is a conflict about position and vision, “"]


def test_missing_space_after_closing_mark_still_closes():
    text = "“Expansion moves lines, not borders, ”he said."
    assert _quoted(text) == ["“Expansion moves lines, not borders, ”"]


def test_unclosed_quote_runs_to_the_paragraph_end():
    text = "“The first part of a long answer goes on and on"
    quotes = find_quotes(text, 0, len(text))
    assert [(q.start, q.end, q.closed) for q in quotes] == [(0, len(text), False)]


def test_nested_single_marks_stay_inside_the_double_quote():
    text = "“They keep saying ‘we are ready’ and nothing happens,” she said."
    assert _quoted(text) == ["“They keep saying ‘we are ready’ and nothing happens,”"]


def test_single_marks_quote_only_in_paragraphs_without_double_marks():
    text = "She replied ‘we will not give up on this plan’ and left. It’s over."
    assert _quoted(text) == ["‘we will not give up on this plan’"]


def test_two_apostrophes_act_as_a_double_mark():
    text = "''We will win this state,'' the senator said."
    assert _quoted(text) == ["''We will win this state,''"]


def _said(text):
    start, end = words_said(text, 0, len(text))
    return text[start:end]


def test_words_said_drop_enclosing_marks_and_the_joining_comma():
    assert _said("“We will rebuild,”") == "We will rebuild"
    assert _said("''We will win this state,''") == "We will win this state"
    assert _said("‘We are not done yet,’ ") == "We are not done yet"


def test_words_said_keep_the_speakers_own_sentence_end_but_not_the_reporters():
    assert _said("“The cranes are not safe.”") == "The cranes are not safe."
    assert _said("“Is anyone listening?”") == "Is anyone listening?"
    assert _said("the plan would fail.") == "the plan would fail"


def test_words_said_keep_inner_marks_of_a_mixed_quote():
    assert _said("the harbour was “a disgrace” and “a danger.”") == "the harbour was “a disgrace” and “a danger."


def test_words_said_leave_apostrophes_alone():
    assert _said("the money was the players’") == "the money was the players’"
    assert _said("'90s prices are back") == "'90s prices are back"
