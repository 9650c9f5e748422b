from datetime import date

from api.annotate.pipeline import annotate
from api.annotate.types import DocumentInput

ARTICLE = """Port talks stall

Harbor Council spokesman Ivo Marek said on Monday that the port would stay closed until June.
“We have no choice,” Marek told reporters. “The cranes are not safe.”
Officials in the city, however, disagreed. He added that inspections would start soon.
According to the Harbor Council, repairs will cost $4 million.

Related Articles
Marek said the port would stay closed
"""


def _doc(text=ARTICLE):
    return DocumentInput(text=text, title="Port talks stall", published_on=date(2024, 3, 27))


def test_offsets_always_slice_the_statement_and_output_is_sorted():
    candidates = annotate(_doc())
    assert candidates
    for c in candidates:
        assert ARTICLE[c.start : c.end] == c.statement
    assert [c.start for c in candidates] == sorted(c.start for c in candidates)


def test_one_person_one_speaker_with_description_and_date():
    candidates = annotate(_doc())
    first = candidates[0]
    assert first.statement == "the port would stay closed until June"
    assert (first.speaker, first.speaker_description, first.speaker_kind) == (
        "Ivo Marek", "Harbor Council spokesman", "person")
    assert first.date == date(2024, 3, 25)
    assert {c.speaker for c in candidates if c.kind == "direct"} == {"Ivo Marek"}


def test_quote_resumed_after_its_cue_in_the_same_paragraph_is_one_statement():
    statements = {c.statement: c.speaker for c in annotate(_doc())}
    assert statements["We have no choice,” Marek told reporters. “The cranes are not safe."] == "Ivo Marek"


def test_quote_paragraph_after_a_claim_continues_its_speaker():
    text = "“We have no choice,” Ivo Marek said.\n“The cranes are not safe and the quay is cracked.”\n"
    candidates = annotate(_doc(text))
    assert [(c.statement, c.speaker) for c in candidates] == [
        ("We have no choice", "Ivo Marek"),
        ("The cranes are not safe and the quay is cracked.", "Ivo Marek"),
    ]


def test_organisation_speaks_and_boilerplate_yields_nothing():
    candidates = annotate(_doc())
    council = [c for c in candidates if c.speaker_kind == "organisation"]
    assert [c.statement for c in council] == ["repairs will cost $4 million"]
    assert all(c.start < ARTICLE.index("Related Articles") for c in candidates)


def test_repeated_passage_yields_each_claim_once():
    text = "Ivo Marek said the port would stay closed.\n\nIvo Marek said the port would stay closed.\n"
    assert len(annotate(_doc(text))) == 1


def test_text_with_no_reporting_yields_nothing():
    assert annotate(_doc("The port is closed.\nThe cranes are old.\n")) == []


def test_a_headline_shaped_like_a_label_does_not_make_a_transcript():
    text = "Insiders: Mayor will lose the vote\n\nIvo Marek said the council would reject the plan.\n"
    candidates = annotate(DocumentInput(text=text, title="Insiders: Mayor will lose the vote"))
    assert [(c.kind, c.speaker) for c in candidates] == [("indirect", "Ivo Marek")]


def test_a_day_named_inside_the_statement_does_not_date_the_claim():
    text = "Ivo Marek said on Monday that the port would reopen on Friday.\n"
    (candidate,) = annotate(_doc(text))
    assert candidate.date == date(2024, 3, 25)


def test_a_quote_resumed_after_its_cue_is_dated_by_the_cue():
    text = "“We have no choice,” Ivo Marek said in a Saturday statement. “The cranes are not safe.”\n"
    (candidate,) = annotate(_doc(text))
    assert candidate.date == date(2024, 3, 23)


def test_run_on_text_stays_fast_and_exact():
    import time

    for text in (", ".join(["Lind said"] * 2000), "Lind said " + "and " * 5000, "Lind said " + "x, " * 5000):
        started = time.perf_counter()
        for c in annotate(_doc(text)):
            assert text[c.start : c.end] == c.statement
        assert time.perf_counter() - started < 2.0


def test_apposition_beside_the_name_becomes_the_description():
    text = (
        "‘We will not be bullied,’ the harbour secretary, Wes Lind, told the radio on Sunday.\n"
        "Ana Ruiz, an analyst at the Coastal Institute, said costs would rise.\n"
        "Bo Vance, 44, said he was ready.\n"
    )
    described = [(c.speaker, c.speaker_description) for c in annotate(_doc(text))]
    assert described == [
        ("Wes Lind", "the harbour secretary"),
        ("Ana Ruiz", "an analyst at the Coastal Institute"),
        ("Bo Vance", None),
    ]


def test_a_quote_after_unrelated_narration_is_not_merged_into_the_claim():
    text = "“We have no choice,” Ivo Marek said. The crowd left. “The cranes are not safe at all.”\n"
    statements = [c.statement for c in annotate(_doc(text))]
    assert statements == ["We have no choice", "The cranes are not safe at all."]


def test_a_time_abbreviation_before_a_pronoun_ends_the_sentence():
    text = "Polls close at 7 p.m. He says the count will be quick.\n"
    (candidate,) = annotate(_doc(text))
    assert candidate.statement == "the count will be quick"


def test_statements_are_only_the_words_said():
    text = (
        "“We will rebuild the quay,” Ivo Marek said.\n"
        "Ana Ruiz said the plan would fail.\n"
        "Bo Vance said the harbour was “a disgrace to the town.”\n"
        "“Will the cranes ever move again?” Ana Ruiz asked.\n"
    )
    candidates = annotate(_doc(text))
    assert [c.statement for c in candidates] == [
        "We will rebuild the quay",
        "the plan would fail",
        "the harbour was “a disgrace to the town.",
        "Will the cranes ever move again?",
    ]
    for c in candidates:
        assert text[c.start : c.end] == c.statement


def test_a_name_in_apposition_after_an_inverted_cue_speaks_and_later_pronouns_follow_it():
    text = (
        "“The ridge moved north by a metre,” said the study’s lead author, Ann Colby, a geologist at the Tarn "
        "Institute, located in Oregon’s Willamette Valley. “We did not expect it,” she said.\n"
    )
    assert [(c.speaker, c.speaker_description) for c in annotate(_doc(text))] == [
        ("Ann Colby", "the study’s lead author"),
        ("Ann Colby", None),
    ]


def test_a_described_speaker_is_named_by_the_next_sentence_and_the_role_refers_back_to_the_name():
    text = (
        "TARNVILLE, March 3, 2024 - Reports of cracks in the north quay are exaggerated, a senior harbour "
        "spokesman said here today. Harbour Press Secretary Ivo Marek spoke before a council hearing.\n"
        "“The quay has been inspected every month since the storm,” the press secretary said.\n"
        "Marek said the council would publish the reports.\n"
    )
    candidates = annotate(_doc(text))
    assert [(c.statement, c.speaker) for c in candidates] == [
        ("Reports of cracks in the north quay are exaggerated", "Ivo Marek"),
        ("The quay has been inspected every month since the storm", "Ivo Marek"),
        ("the council would publish the reports", "Ivo Marek"),
    ]


def test_a_described_speaker_named_nowhere_keeps_the_description():
    text = "The quay is safe, a senior harbour spokesman said. The mayor Ana Ruiz opened the fair.\n"
    (candidate,) = annotate(_doc(text))
    assert candidate.speaker == "senior harbour spokesman"


def test_a_spokesman_reporting_his_principal():
    text = (
        "The mayor and the port chief also discussed new cranes for the north quay, including a loan from the "
        "state bank, council spokesman Ivo Marek said, and Ana Ruiz underscored the need for night shifts on "
        "the quay.\n"
        "Ruiz said she hopes to open the quay before the summer, Marek added.\n"
    )
    assert [(c.statement, c.speaker) for c in annotate(_doc(text))] == [
        (("The mayor and the port chief also discussed new cranes for the north quay, including a loan from the "
          "state bank"), "Ivo Marek"),
        ("the need for night shifts on the quay", "Ana Ruiz"),
        ("she hopes to open the quay before the summer", "Ana Ruiz"),
    ]


def test_a_quotation_introduced_by_a_colon_in_the_paragraph_before():
    text = "The harbour master took questions. Ivo Marek said:\n\n“The cranes will be back in service by May.”\n"
    (candidate,) = annotate(_doc(text))
    assert (candidate.statement, candidate.speaker) == ("The cranes will be back in service by May.", "Ivo Marek")


def test_a_place_in_an_apposition_is_nobody_a_pronoun_can_stand_for():
    text = ("The survey was run by a team at the Tarn Institute, located in Oregon’s Willamette Valley. "
            "“We found the ridge had moved,” he said.\n")
    assert [c.speaker for c in annotate(_doc(text))] == [None]
