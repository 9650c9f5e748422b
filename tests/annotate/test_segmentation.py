from api.annotate.text import (
    Layout,
    is_page_furniture,
    layout_of,
    paragraph_spans,
    sentence_spans,
    wrap_width,
)
from api.annotate.turn_paragraphs import claim_spans, is_logistics


def texts(text, spans):
    return [text[s:e] for s, e in spans]


def test_blank_lines_and_sentence_final_line_breaks_separate_paragraphs():
    text = "First point is made here.\nSecond point follows.\n\nThird one."
    assert texts(text, paragraph_spans(text, 0, len(text))) == [
        "First point is made here.",
        "Second point follows.",
        "Third one.",
    ]


def test_hard_wrapped_lines_stay_one_paragraph():
    text = "The committee agreed that the\nbudget should be cut by a\nthird next year.\n\nNext."
    assert texts(text, paragraph_spans(text, 0, len(text)))[0] == (
        "The committee agreed that the\nbudget should be cut by a\nthird next year."
    )


def test_sentences_do_not_break_after_titles_and_initials():
    text = "Mr. Lee met Dr. A. Gomez in the U.S. yesterday. They spoke for an hour."
    assert texts(text, sentence_spans(text, 0, len(text))) == [
        "Mr. Lee met Dr. A. Gomez in the U.S. yesterday.",
        "They spoke for an hour.",
    ]


def test_greetings_thanks_and_running_the_event_are_logistics():
    for sentence in (
        "Good afternoon, everyone.",
        "Thanks, Pat.",
        "(Laughter.)",
        "Okay.",
        "Dana?",
        "I'll take your questions now.",
        "On a point of order, Madam Speaker.",
    ):
        assert is_logistics(sentence), sentence


def test_statements_are_not_logistics():
    for sentence in (
        "The talks will resume in Geneva next week.",
        "Why is that a problem?",
        "Well, there is a real risk that the ceasefire collapses before the winter.",
    ):
        assert not is_logistics(sentence), sentence


def test_logistics_in_the_middle_split_a_paragraph_into_two_claims():
    text = (
        "On a point of order, Mr. Speaker. The Order Paper lists a motion to sit on Friday at nine o'clock. "
        "I seek your guidance. I have asked the Minister twice for the figures and have had no answer at all."
    )
    assert [t[:12] for t in texts(text, claim_spans(text, 0, len(text)))] == ["The Order Pa", "I have asked"]


def test_short_remainders_are_not_claims():
    text = "Good morning, everybody. We made it here early."
    assert claim_spans(text, 0, len(text)) == []


def test_a_paragraph_of_ceremony_alone_is_no_claim_but_ceremony_inside_a_report_stays():
    alone = "We honor their service and sacrifice, and our thoughts are with their families today."
    assert claim_spans(alone, 0, len(alone)) == []
    mixed = (
        "Three soldiers were wounded in the attack on the base near the border on Sunday night. "
        "Our thoughts are with their families."
    )
    assert texts(mixed, claim_spans(mixed, 0, len(mixed))) == [mixed]


def test_welcoming_a_policy_is_not_a_greeting():
    assert not is_logistics("I welcome the spending cuts, but I fear they will fall on the poorest regions.")
    assert is_logistics("Welcome back, everyone.")


WRAPPED = (
    "The harbour will stay closed for another month while the engineers\n"
    "inspect the cranes. The council has asked the government for money.\n"
    "Repairs will begin in the spring and take at least two full years to\n"
    "finish, according to the engineers' first report to the council.\n"
    "\n"
    "The second paragraph is about the ferries, which will keep running.\n"
    "They will run every hour from the old pier until the harbour opens.\n"
    "Tickets will cost the same as before, and the timetable will be the\n"
    "same as last summer's, the operator has promised the town council.\n"
    "The mayor said she was relieved, and so were the ferry operators.\n"
    "Nobody expects the harbour to reopen before the end of the summer.\n"
)


def test_a_hard_wrapped_text_has_a_wrap_width_and_paragraphs_end_at_short_lines():
    width = wrap_width(WRAPPED)
    assert width is not None
    paragraphs = texts(WRAPPED, paragraph_spans(WRAPPED, 0, len(WRAPPED), Layout(wrapped_at=width)))
    assert [p[:20] for p in paragraphs] == ["The harbour will sta", "The second paragraph"]


def test_texts_with_a_paragraph_per_line_have_no_wrap_width():
    text = "\n".join(
        ["A paragraph that is one long line of text, much longer than any wrap width. " * 2] * 12
    )
    assert wrap_width(text) is None


def test_a_column_marker_inside_a_sentence_neither_ends_nor_cuts_the_paragraph():
    text = (
        "Mrs. Owen: The figures the Minister gave us last week were, I am afraid, rather\n\n"
        "4 Mar 2021 : Column 887\n\n"
        "out of date. The hospital has closed two wards since then.\n\n"
        "Mr. Lamb: That is not the case."
    )
    paragraphs = texts(text, paragraph_spans(text))
    assert paragraphs[0].startswith("Mrs. Owen: The figures")
    assert paragraphs[0].endswith("closed two wards since then.")
    assert paragraphs[1] == "Mr. Lamb: That is not the case."


def test_page_headers_and_numbers_are_furniture():
    for line in ("[[Page H1204]]", "Page 4 of 19", "  12  ", "17 Nov 1999 : Column 45", "\fOfficial transcript"):
        assert is_page_furniture(line), line
    for line in ("12 people died.", "Page turners sold well this year."):
        assert not is_page_furniture(line), line


NUMBERED = "\n\n".join(  # noqa: FLY002 (one line of the transcript per line here)
    [
        " 1                JUDGE ARDEN:     Counsel, is the statute",
        " 2   clear on that point?",
        " 3                MS. PIKE:     It is, Your Honor.   The",
        " 4   text says that the board must give notice before it",
        " 5   acts, and here it gave none at all.",
        "                                       12",
        "                    Riverside Court Reporters",
        " 1   Nothing in the record suggests otherwise.",
        " 2                JUDGE ARDEN:     Thank you.",
        " 3   Next, the remedy.",
        " 4   Let us turn to the question of the remedy itself.",
        " 5   The board says the notice was not required at all.",
        " 6   The applicant says it was.",
    ]
)


def test_a_numbered_transcript_is_recognised_and_its_turn_runs_across_numbers_and_page_breaks():
    layout = layout_of(NUMBERED)
    assert layout.numbered
    start = NUMBERED.index("It is, Your Honor.")
    end = NUMBERED.index(" 2                JUDGE ARDEN:     Thank you.")
    paragraphs = texts(NUMBERED, paragraph_spans(NUMBERED, start, end, layout))
    assert len(paragraphs) == 1
    assert paragraphs[0].startswith("It is, Your Honor.")
    assert paragraphs[0].endswith("suggests otherwise.")


def test_the_congressional_record_opens_a_paragraph_at_each_indented_line():
    text = (
        "  Mr. HOLT. Mr. President, the bill before us would close four bases in my\n"
        "State, and I cannot support it without an amendment that protects the jobs\n"
        "of the people who work there and the towns that depend on them.\n"
        "  The PRESIDING OFFICER. Is there objection?\n"
        "  Mr. KANE. I object to the request for the reasons I gave this morning and\n"
        "will offer my own amendment tomorrow when the Senate turns to the bill.\n"
    ) * 2
    layout = layout_of(text)
    assert layout.wrapped_at is not None
    paragraphs = texts(text, paragraph_spans(text, 0, len(text), layout))
    assert [p[:12] for p in paragraphs[:3]] == ["Mr. HOLT. Mr", "The PRESIDIN", "Mr. KANE. I "]
