"""The kinds of document a newsroom receives besides news: monologues, statements, records, briefings, PDF text."""

from datetime import date

from api.annotate.offices import office_holder
from api.annotate.pipeline import annotate
from api.annotate.statements import author_in
from api.annotate.types import DocumentInput


def claims(text, **meta):
    return [c for c in annotate(DocumentInput(text=text, **meta)) if c.speaker]


def said(text, **meta):
    return [(c.speaker, c.statement) for c in claims(text, **meta)]


def test_a_monologue_under_one_office_label_is_a_claim_per_paragraph_by_the_office_holder_of_the_day():
    text = (
        "Remarks on the Harbour Bridge\n\n"
        "March 3, 2015\n\n"
        "THE PRESIDENT:  Good morning, everybody.  The bridge we open today will carry forty thousand cars a "
        "day and cut the journey across the bay by half an hour.\n\n"
        "It was built on time and under budget, and every steel beam in it was made in this state by workers "
        "who were out of a job five years ago.\n\n"
        "Thank you.\n"
    )
    found = claims(text)
    assert [c.speaker for c in found] == ["Barack Obama", "Barack Obama"]
    assert found[0].statement.startswith("The bridge we open today")
    assert found[1].statement.startswith("It was built on time")
    assert found[0].date == date(2015, 3, 3)


def test_an_office_label_without_a_date_keeps_the_office_as_the_speaker():
    text = (
        "THE PRIME MINISTER: The new rail line will open in the spring, and fares on it will be frozen for two "
        "full years after that.\n\n"
        "We will also build four new stations on the northern section, paid for from the transport budget.\n"
    )
    assert {c.speaker for c in claims(text)} == {"The Prime Minister"}


def test_office_holders_change_on_the_day_of_the_handover():
    assert office_holder("president", date(2017, 1, 19)) == "Barack Obama"
    assert office_holder("the President", date(2017, 1, 20)) == "Donald Trump"
    assert office_holder("prime minister", date(2003, 7, 10)) == "Tony Blair"
    assert office_holder("president", None) is None
    assert office_holder("harbour master", date(2010, 1, 1)) is None


def test_a_long_label_with_title_and_full_name_in_capitals_gives_the_name_without_title_or_initial():
    text = (
        "SECRETARY OF ENERGY DR. PAULA R. BRANDT: Good afternoon.\n\n"
        "The grid held through the coldest week on record, and not one household lost power for longer than "
        "an hour.\n\n"
        "We will now spend two billion dollars to bury the lines that failed in the storms of last winter.\n"
    )
    assert {c.speaker for c in claims(text)} == {"Paula Brandt"}


def test_a_quoted_statement_after_an_introducing_line_is_a_claim_per_paragraph_without_quote_marks():
    text = (
        "OSLO, May 2, 2024 — The following is a statement from Harbour Authority Director Ruth Okafor "
        "regarding the closure of the north pier.\n\n"
        "“The north pier will close on Monday for repairs that cannot wait any longer. Ferries will use the "
        "south pier until the work is finished in August.\n\n"
        "“We have spoken to every operator, and all of them have agreed to the new timetable.”\n\n"
        "The authority manages four piers in the city.\n"
    )
    found = claims(text)
    assert [c.speaker for c in found] == ["Ruth Okafor", "Ruth Okafor"]
    assert found[0].statement.startswith("The north pier will close")
    assert found[0].statement.endswith("finished in August.")
    assert found[1].statement == "We have spoken to every operator, and all of them have agreed to the new timetable."
    assert all(text[c.start : c.end] == c.statement for c in found)


def test_a_heading_names_the_author_of_an_unquoted_statement_that_ends_at_the_release_number():
    text = (
        "Statement by Secretary of the Navy Marco Lindqvist on the Loss of the USS Fairweather\n\n"
        "The sinking of the Fairweather is the worst loss our fleet has suffered in peacetime since 1963.\n\n"
        "Every one of the ship's crew was rescued, and the cause of the fire will be known within the month.\n\n"
        "Release No: NR-118-24\n"
    )
    found = claims(text)
    assert [c.speaker for c in found] == ["Marco Lindqvist", "Marco Lindqvist"]
    assert "Release No" not in found[-1].statement


def test_a_chairmans_opening_statement_leaves_out_the_call_to_order_and_unanimous_consent():
    text = (
        "Opening Statement of Hon. Laura J. Finch, Chairwoman, Subcommittee on Rural Health\n\n"
        "The Subcommittee on Rural Health will now come to order.\n\n"
        "I ask unanimous consent that all members have five legislative days to revise and extend their "
        "remarks. Without objection, so ordered.\n\n"
        "Rural hospitals are closing at a rate of one a month, and the patients they served now drive an hour "
        "or more to reach an emergency room.\n"
    )
    found = claims(text)
    assert [(c.speaker, c.statement[:15]) for c in found] == [("Laura Finch", "Rural hospitals")]


def test_a_lead_that_hands_over_with_a_colon_introduces_the_statement():
    text = (
        "Mayor Ana Ruiz said today:\n\n"
        "\"The city will hire two hundred new teachers this year, and every school will have a nurse by the "
        "autumn term.\"\n"
    )
    assert said(text) == [
        ("Ana Ruiz", ("The city will hire two hundred new teachers this year, and every school will have a "
                      "nurse by the autumn term."))
    ]


def test_the_author_is_the_named_person_in_the_introducing_phrase():
    assert author_in("NASA Administrator Jane Q. Doe regarding the launch").name == "Jane Doe"
    assert author_in("Port Authority director and former pilot Sam Ferris").name == "Sam Ferris"
    assert author_in("Associate Administrator for the Office of Communications, Dana Weir").name == "Dana Weir"
    organisation = author_in("the Department of Transport")
    assert (organisation.name, organisation.kind) == ("Department of Transport", "organisation")


CONGRESSIONAL_RECORD = (
    '  Mr. HOLT. Mr. President, I ask unanimous consent that the Senate proceed\n'
    'to the consideration of Calendar No. 212, S. 904, the rural broadband\n'
    'bill, and that the committee amendment be agreed to.\n'
    '  The PRESIDING OFFICER. Is there objection?\n'
    '  Mr. KANE. Reserving the right to object, Mr. President, this bill spends\n'
    'four billion dollars on networks that the companies were already\n'
    'building with their own money, and it does nothing for the towns in the\n'
    'mountains that have no service at all. I will object until that is\n'
    'fixed.\n'
    '  The PRESIDING OFFICER. Objection is heard.\n'
    '  Mr. HOLT. Mr. President, the Senator is wrong about the mountain towns:\n'
    'a third of the money in this bill is set aside for them, and the\n'
    'companies cannot touch it for any other purpose.\n'
)


def test_the_congressional_record_gives_speeches_and_drops_requests_and_the_chair():
    found = claims(CONGRESSIONAL_RECORD)
    assert [c.speaker for c in found] == ["Kane", "Holt"]
    assert " ".join(found[0].statement.split()).startswith("this bill spends four billion")
    assert found[1].statement.startswith("the Senator is wrong")
    assert all("objection" not in c.statement.lower() for c in found)


COURT = "\n\n".join(  # noqa: FLY002 (one transcript line per line)
    [
        " 1                CHIEF JUSTICE MARLOW:      Counsel, does the",
        " 2   statute give the board any discretion at all?",
        " 3                MS. QUINTANA:     None, Your Honor.   The",
        " 4   statute says the board shall grant the permit once the",
        " 5   conditions are met, and this Court has said that",
        " 6   \"shall\" leaves no room for discretion.",
        "                                       14",
        "                    Riverside Court Reporters",
        " 1   The board did not dispute that the conditions were met.",
        " 2                JUSTICE ABERNATHY:     But what about the",
        " 3   safety review?     Doesn't that come first?",
        " 4                MS. QUINTANA:     The safety review was",
        " 5   completed in March, and it found no risk to anyone.",
    ]
)


def test_a_court_argument_gives_the_advocates_answers_across_page_breaks_and_no_pure_questions():
    found = claims(COURT)
    assert [c.speaker for c in found] == ["Quintana", "Quintana"]
    assert "Riverside Court Reporters" in found[0].statement  # the span keeps the text as laid out
    assert found[0].statement.endswith("conditions were met.")
    assert found[1].statement.startswith("The safety review was")


def test_a_telebriefing_leaves_out_the_operator_the_moderators_introduction_and_the_questions():
    text = (
        "Operator: Welcome and thank you for standing by. All participants are in a listen-only mode. I would "
        "now like to turn the call over to Mr. Tom Reyes.\n\n"
        "Tom Reyes: Thank you. Good afternoon. With us today is Dr. Lena Park, director of the flu division. "
        "Dr. Park?\n\n"
        "Dr. Park: Thank you, Tom. Cases rose by a third in the last week, and hospitals in four states are "
        "near capacity. The vaccine matches the strain that is spreading.\n\n"
        "Operator: Our first question comes from Amy Cole of the Daily Ledger.\n\n"
        "Amy Cole: Are children at higher risk this year?\n\n"
        "Dr. Park: Children under five are being admitted at twice last year's rate, so we urge parents to "
        "vaccinate them now.\n"
    )
    found = claims(text)
    assert [c.speaker for c in found] == ["Lena Park", "Lena Park"]
    assert found[0].statement.startswith("Cases rose by a third")


def test_a_label_run_into_a_line_of_pdf_text_opens_a_turn():
    text = (
        "March 4, 2026 Chair Holloway's Press Conference FINAL Page 1 of 18 Transcript of Chair Holloway's "
        "Press Conference March 4, 2026 CHAIR HOLLOWAY. Good afternoon. Inflation has come down a long way "
        "over the past year, but it is still well above our goal, and we are prepared to keep rates where "
        "they are for as long as it takes to finish the job."
    )
    found = claims(text)
    assert [c.speaker for c in found] == ["Holloway"]
    assert found[0].statement.startswith("Inflation has come down")


def test_a_hard_wrapped_turn_with_a_column_marker_stays_one_claim():
    text = (
        "Mr. Lamb: The figures the hon. Lady quotes are out of date. The hospital has two more\n\n"
        "4 Mar 2021 : Column 887\n\n"
        "nurses on every ward than it had a year ago, and waiting times have fallen by a fifth.\n\n"
        "Mrs. Owen (Ashby): Will the Minister publish those figures today?\n"
    )
    found = claims(text)
    assert len(found) == 1
    assert found[0].statement.startswith("The figures the hon. Lady")
    assert found[0].statement.endswith("fallen by a fifth.")


def test_hansard_order_paper_question_is_no_claim_and_the_minister_is_named_in_the_parentheses():
    text = (
        "3. Mr Rhys Bowen (Tallow Vale) (Lab): What steps she is taking to reduce waiting times for driving\n"
        "tests in rural areas.\n\n"
        "The Minister of State, Department for Transport (Ms Carys Lund): Waiting times have fallen from\n"
        "twenty weeks to eleven since January, and we are recruiting four hundred more examiners this year.\n"
    )
    assert said(text) == [
        ("Carys Lund", ("Waiting times have fallen from\ntwenty weeks to eleven since January, and we are "
                        "recruiting four hundred more examiners this year."))
    ]


def test_a_running_header_beside_a_page_number_neither_cuts_nor_ends_a_turn():
    header = "Transcript of Chair Holloway's Press Conference     March 4, 2026     FINAL"
    text = (
        f"{header}\n\n"
        "CHAIR HOLLOWAY. Good afternoon. The Board left the policy rate unchanged today, because inflation is\n"
        "still above our goal and the labor market remains strong. We will be patient, and we will not\n"
        "cut rates until we are confident that inflation is coming down for good, which will take some\n"
        f"Page 2 of 12\n{header}\n"
        "months of better readings than we have had so far this year.\n"
        "NINA ROSS. Nina Ross, Harbor Times. Did the Board discuss a cut at this meeting at all?\n"
        "CHAIR HOLLOWAY. We did discuss it, and two members made a careful case for moving now, but the\n"
        "Board as a whole wanted to see more evidence first.\n"
    )
    found = claims(text)
    assert [c.speaker for c in found] == ["Holloway", "Holloway"]
    assert found[0].statement.startswith("The Board left")
    assert found[0].statement.endswith("so far this year.")  # the span keeps the page break as laid out


def test_thanks_for_the_opportunity_to_testify_is_no_claim():
    text = (
        "Testimony of Dr. Omar Velez\nDirector, Office of Water Quality\n\n"
        "Chair Brandt, Ranking Member Cole, and members of the Committee, thank you for the opportunity to "
        "testify on the state of our rivers this morning.\n\n"
        "Nitrate levels in the upper river have doubled since 2015, and two towns have had to close their "
        "drinking water intakes for a week each summer.\n"
    )
    assert [statement[:14] for _, statement in said(text)] == ["Nitrate levels"]
