from datetime import date

from api.annotate.transcripts import extract_turns
from api.annotate.types import DocumentInput

INTERVIEW = """Farm prices will keep rising, said agricultural economist Helen Marsh.

RT: Why are farm prices rising so quickly this spring?

Helen Marsh: Well, the harvest was poor across the whole of the region, and stocks are at their lowest level for a decade.

Fertiliser costs have also doubled since last autumn, and growers are passing those costs on to the mills.

RT: Will the government step in to help the growers?

HM: It is unlikely to do so before the election. Ministers have said repeatedly that the market must settle prices on its own.

The views expressed in this interview are solely those of the speaker and do not necessarily represent ours.
"""


def turns(text, **meta):
    return extract_turns(DocumentInput(text=text, **meta))


def stored(text, **meta):
    return [c for c in turns(text, **meta) if c.speaker]


def test_news_article_with_note_and_updated_lines_is_not_a_transcript():
    text = (
        "The council approved the budget on Tuesday, officials said.\n\n"
        "Note: This article has been corrected to give the right vote count.\n\n"
        "Updated: The mayor said she would sign the budget this week.\n"
    )
    assert turns(text) == []


def test_plain_news_without_labels_is_skipped():
    assert turns("The minister said the plan would cost less than expected. Critics disagreed.") == []


def test_each_paragraph_of_an_interviewee_turn_is_one_claim_with_exact_offsets():
    text = INTERVIEW
    found = stored(text, published_on=date(2024, 5, 1))
    assert [c.statement[:20] for c in found] == [
        "Well, the harvest wa",
        "Fertiliser costs hav",
        "It is unlikely to do",
    ]
    for c in found:
        assert text[c.start : c.end] == c.statement
        assert c.kind == "turn"
        assert c.date == date(2024, 5, 1)
        assert 0 <= c.confidence <= 1


def test_initials_resolve_to_the_person_introduced_earlier():
    found = stored(INTERVIEW)
    assert {c.speaker for c in found} == {"Helen Marsh"}
    assert found[-1].cue == "HM:"
    assert found[-1].speaker_kind == "person"


def test_interviewer_turns_are_kept_apart_without_a_speaker_and_disclaimers_end_the_transcript():
    found = turns(INTERVIEW)
    questions = [c for c in found if c.cue == "RT:"]
    assert [q.statement[:12] for q in questions] == ["Why are farm", "Will the gov"]
    assert all(q.speaker is None and q.confidence < 0.5 for q in questions)
    assert "views expressed" not in " ".join(c.statement for c in found)


def test_title_and_surname_label_resolves_to_the_full_name_in_the_title():
    text = (
        "QUESTION: What did the two ministers agree on in their meeting this morning?\n\n"
        "SECRETARY HALVORSEN: We agreed to extend the fisheries accord for another five years, and to meet again "
        "in the spring to review the quotas.\n\n"
        "QUESTION: And the border dispute?\n\n"
        "SECRETARY HALVORSEN: That remains unresolved, but both sides have agreed to keep talking through the "
        "joint commission.\n"
    )
    found = stored(text, title="Secretary of State Ingrid M. Halvorsen with reporters in Oslo")
    assert [c.speaker for c in found] == ["Ingrid Halvorsen", "Ingrid Halvorsen"]
    assert found[0].cue == "SECRETARY HALVORSEN:"
    assert found[0].speaker_description == "Secretary"


def test_surname_without_a_first_name_in_the_document_stays_a_surname():
    text = (
        "MR. DALTON: Good afternoon, everyone.\n\n"
        "MR. DALTON: The department has approved new funding of forty million dollars for the flood defences "
        "along the northern coast.\n\n"
        "QUESTION: When will the work start?\n"
    )
    found = stored(text)
    assert [c.speaker for c in found] == ["Dalton"]


def test_greetings_and_logistics_are_left_out_of_the_span():
    text = (
        "DR. OKAFOR: Thank you, Maria, and thank you all for joining us today. The number of new cases fell for "
        "the third week in a row, and hospital admissions are now at their lowest level since March.\n\n"
        "Q: Is the outbreak over?\n"
    )
    (claim,) = stored(text)
    assert claim.statement.startswith("The number of new cases")
    assert claim.speaker == "Okafor"


def test_turns_that_are_only_logistics_yield_nothing():
    text = (
        "MS. LINDQVIST: Good morning, everybody. Happy Midsummer Day.\n\n"
        "QUESTION: Good morning.\n\n"
        "MS. LINDQVIST: I'll mention a couple of things at the top, and then we'll turn to your questions.\n\n"
        "MS. LINDQVIST: The agency will publish its annual report on water quality next Monday, two weeks "
        "earlier than planned.\n"
    )
    found = stored(text)
    assert [c.statement[:10] for c in found] == ["The agency"]


def test_moderator_in_parentheses_and_operator_are_not_claims():
    text = (
        "Operator: Welcome, and thank you for standing by. All lines are on listen-only mode until the "
        "question-and-answer session.\n"
        "Sam Ortiz (Moderator): Thank you. Today we are joined by the agency director, Dr. Lena Petrov, who "
        "will present the new report.\n"
        "Dr. Petrov: The report shows that vaccination rates among adults rose by twelve percent over the "
        "last year.\n"
    )
    found = stored(text)
    assert [c.speaker for c in found] == ["Lena Petrov"]


def test_anonymous_officials_get_no_speaker_rather_than_an_invented_one():
    text = (
        "SENIOR ADMINISTRATION OFFICIAL: The agreement commits both countries to halving their emissions by "
        "the end of the decade.\n\n"
        "QUESTION: Is it binding?\n\n"
        "SENIOR ADMINISTRATION OFFICIAL: It is binding under international law, and it will be reviewed every "
        "two years.\n"
    )
    found = [c for c in turns(text) if c.cue == "SENIOR ADMINISTRATION OFFICIAL:"]
    assert len(found) == 2
    assert all(c.speaker is None for c in found)
    assert found[0].speaker_description == "Senior Administration Official"


def test_hansard_name_lines_with_constituency_and_an_unnamed_speaker_of_the_house():
    text = (
        "HC Deb 3 May 1989\n"
        "Mr. Owen Pryce (Somerton)\n\n"
        "On a point of order, Mr. Speaker. The Minister told the House last week that the hospital would stay "
        "open, but the health authority has now announced that it will close in June.\n\n"
        "Mr. Speaker\n\n"
        "That is not a matter for me, but the hon. Member has put his point on the record for the Minister.\n\n"
        "Mr. Pryce\n\n"
        "The people of Somerton were promised a hospital, and they have been let down by this Government.\n"
    )
    found = stored(text)
    found = turns(text)
    assert [c.speaker for c in found] == ["Owen Pryce", None, "Owen Pryce"]
    assert found[0].statement.startswith("The Minister told the House")


def test_hansard_run_in_layout_after_a_section_mark():
    text = (
        "§ Mrs. Ann Keller (Dunmore)On a point of order, Madam Speaker. The Department has published the "
        "survey of school buildings by written answer instead of making a statement to the House.\n"
        "§ Madam SpeakerThe hon. Lady knows that it is for the Minister to decide how to make a statement.\n"
    )
    found = stored(text)
    found = turns(text)
    assert [c.speaker for c in found] == ["Ann Keller", None]
    assert found[0].cue == "Mrs. Ann Keller (Dunmore)"


def test_minister_named_in_parentheses_and_later_by_surname():
    text = (
        "1. Mr. Hale : To ask the Secretary of State for Transport what plans he has to extend the railway.\n"
        "The Minister for Railways (Mr. Tom Varga) : The extension will be completed within the next five "
        "years, as planned.\n"
        "Mr. Varga : The line will also carry freight, which will take thousands of lorries off the roads "
        "every week.\n"
    )
    found = stored(text)
    assert [c.speaker for c in found] == ["Tom Varga", "Tom Varga"]
    assert found[0].speaker_description == "Minister for Railways"


def test_congressional_hearing_labels():
    text = (
        "The committee met at 10:00 a.m., Hon. Ruth Calder presiding.\n\n"
        "Mrs. Calder. The hearing will come to order. Today we examine how the federal courts handle the "
        "records of sealed cases, which have doubled in number since 2010.\n\n"
        "Mr. Ibsen. I thank the chairwoman. The rules on sealed records have not been revised for thirty years "
        "and no longer fit electronic filing.\n"
    )
    found = stored(text)
    assert [c.speaker for c in found] == ["Ruth Calder", "Ibsen"]
    assert found[0].statement.startswith("Today we examine")


def test_a_transcript_printed_twice_yields_each_claim_once():
    block = (
        "Ali Demir: The river has flooded the valley four times in ten years, and each flood has "
        "been worse than the last.\n\n"
        "RT: What can be done about it?\n\n"
        "AD: The dams upstream must release water earlier in the season, before the snow melts.\n\n"
    )
    found = turns(block + block)
    assert [c.speaker for c in found if c.speaker] == ["Ali Demir", "Ali Demir"]
    assert len({c.statement for c in found}) == len(found)
    (repeat,) = [c for c in found if c.speaker_description == "repeated passage"]
    assert repeat.start == len(block) + len("Ali Demir: ")
    assert repeat.speaker is None


def test_single_newline_paragraphs_split_a_turn():
    text = (
        "Dr. Varma: The trial enrolled four thousand patients across twelve countries over three years.\n"
        "The results show a thirty percent fall in heart attacks among those who took the drug.\n"
        "Q: Will it be approved this year?\n"
    )
    found = stored(text, title="Briefing by Dr. Nina Varma on the heart drug trial")
    assert [c.statement[:13] for c in found] == ["The trial enr", "The results s"]
    assert {c.speaker for c in found} == {"Nina Varma"}


def test_role_after_a_comma_is_the_description():
    text = (
        "MARA QUINN, PRESS SECRETARY: The governor will sign the water bill on Friday in the capital, with "
        "members of both parties present.\n\n"
        "QUESTION: Will she veto the tax bill?\n\n"
        "MARA QUINN, PRESS SECRETARY: She has not decided, and she will not decide before the budget office "
        "reports next month.\n"
    )
    found = stored(text)
    assert [c.speaker for c in found] == ["Mara Quinn", "Mara Quinn"]
    assert found[0].speaker_description == "Press Secretary"


def test_role_label_resolves_to_the_name_the_title_gives_it():
    text = (
        "THE PRESIDENT: Thank you all. Today I signed an order that doubles the funding for rural broadband "
        "over the next four years.\n\n"
        "Q: Mr. President, how will you pay for it?\n\n"
        "THE PRESIDENT: The money comes from the spectrum auction, which raised more than we expected.\n"
    )
    found = stored(text, title="Remarks by President Okonjo on Rural Broadband")
    assert {c.speaker for c in found} == {"Okonjo"}
    assert found[0].statement.startswith("Today I signed")


def test_modern_hansard_name_in_parentheses_after_the_office():
    text = (
        "The Prime Minister (Alma Reyes)\n\n"
        "The Government will bring forward a bill to protect the coastline before the summer recess.\n\n"
        "Tom Hardy (Eastbury) (Ind)\n\n"
        "The coastline has been eroding for twenty years and the Government has done nothing about it.\n"
    )
    found = stored(text)
    assert [c.speaker for c in found] == ["Alma Reyes", "Tom Hardy"]
    assert found[0].speaker_description == "Prime Minister"


def test_a_reporter_called_on_by_name_is_a_questioner():
    text = (
        "Operator: Our next question comes from Lee Park with the Daily Ledger. Your line is open.\n"
        "Lee Park: Hi, thanks for taking my question. Can you say how many of the new cases were in schools?\n"
        "Dr. Amina Sole: About a third of the new cases were linked to schools, most of them in secondary "
        "schools in the north of the county.\n"
    )
    found = stored(text)
    assert [c.speaker for c in found] == ["Amina Sole"]


def test_title_with_middle_initial_gives_the_full_name_for_a_rank_and_surname_label():
    text = (
        "GEN. HALLORAN: The threat level remains high, and we are watching the situation at the border every "
        "hour of the day.\n\n"
        "Q: How many troops are on alert?\n"
    )
    found = stored(text, title="Chairman of the Joint Chiefs Gen. Ruth B. Halloran Holds a Press Briefing")
    assert [c.speaker for c in found] == ["Ruth Halloran"]


def test_host_named_in_one_label_is_an_interviewer_under_every_label():
    text = (
        "DORA KIM, NEWS HOST: Joining us now is the senator. Will you vote for the bill this week?\n\n"
        "SEN. ELI VOSS (D), MAINE: I will vote for it, because it pays for the bridges our state badly needs.\n\n"
        "KIM: The cost will be very high for the taxpayers of the whole country, and that is what critics say.\n\n"
        "VOSS: The cost is paid for, with unspent relief money and with the sale of spectrum licences.\n"
    )
    found = stored(text)
    assert {c.speaker for c in found} == {"Eli Voss"}
    assert len(found) == 2


def test_unnamed_committee_chairman_of_a_hearing_gets_no_speaker():
    text = (
        "The CHAIRMAN. The committee will come to order. Today we consider the nomination of the new "
        "ambassador, who has served in three embassies.\n\n"
        "Mr. LOWE. Thank you, Mr. Chairman. I have serious concerns about the nominee's record on trade "
        "negotiations with the region.\n"
    )
    found = turns(text)
    assert [c.speaker for c in found] == [None, "Lowe"]


def test_an_introduction_gives_the_description_once_for_every_label_of_the_person():
    found = stored(INTERVIEW)
    assert {c.speaker_description for c in found} == {"agricultural economist"}


def test_bare_q_without_a_colon_is_a_question():
    text = (
        "MS. ARDEN-VALE:  Good afternoon, everybody.  Today the governor signed an order capping the cost of "
        "insulin for every resident over sixty-five.\n\n"
        "Q    Thank you.  How many residents will benefit from it?\n\n"
        "MS. ARDEN-VALE:  About three hundred thousand residents will see their costs capped next year.\n"
    )
    found = turns(text, title="Briefing by Press Secretary Mia Arden-Vale")
    assert [(c.speaker, c.cue) for c in found] == [
        ("Mia Arden-Vale", "MS. ARDEN-VALE:"),
        (None, "Q"),
        ("Mia Arden-Vale", "MS. ARDEN-VALE:"),
    ]


CAPTIONS = """Rivers and borders

Full video transcript

Why do the two countries

still argue about the river?

The river has moved twice

since the treaty was signed,

and each time the border moved with it.

Related videos
  • Mountains and maps
"""


def test_a_transcript_section_without_labels_yields_speakerless_sentences_each_once():
    text = CAPTIONS.replace(
        "Related videos", "The river has moved twice\n\nsince the treaty was signed.\n\nRelated"
    )
    found = turns(text)
    assert found and all(c.speaker is None and c.kind == "turn" for c in found)
    assert found[0].statement == "Why do the two countries\n\nstill argue about the river?"
    assert len({c.statement for c in found}) == len(found)
    assert all("Mountains" not in c.statement for c in found)


def test_a_repeated_unlabelled_transcript_is_covered_once_by_a_repeat_span():
    found = turns(CAPTIONS.replace("Related videos", CAPTIONS.split("Full video transcript")[1] + "Related"))
    repeats = [c for c in found if c.speaker_description == "repeated passage"]
    assert len(repeats) == 1
    assert repeats[0].statement.startswith("Why do the two countries")
    assert len({c.statement for c in found}) == len(found)


def test_unlabelled_text_without_a_transcript_heading_is_news():
    assert turns("Why do the two countries still argue about the river? The river has moved twice.") == []


def test_a_label_at_the_start_of_hard_wrapped_prose_is_not_a_headline():
    text = (
        "DR. OKAFOR: On March 4, the Health Department Opened Its Emergency\n"
        "Centre to coordinate the response to the outbreak in the northern\n"
        "districts, and it will stay open until the last patient is discharged.\n"
    )
    assert [c.speaker for c in stored(text)] == ["Okafor"]


def test_windows_line_ends_and_non_breaking_spaces_do_not_hide_labels():
    text = (
        "Mr. Owen Pryce (Somerton)\r\n\r\n"
        "The Minister told the House last week that the hospital would stay open, but it will close.\r\n\r\n"
        "MR.\u00a0DALTON:\u00a0The department has approved new funding of forty million dollars for the flood "
        "defences.\r\n"
    )
    found = stored(text)
    assert [c.speaker for c in found] == ["Owen Pryce", "Dalton"]
    assert all(text[c.start : c.end] == c.statement and not c.statement.endswith("\r") for c in found)


def test_numbered_and_generic_speakers_are_never_named():
    text = (
        "Speaker 1: Welcome to the show. Today we talk about the harbour and what happens to the ferries.\n\n"
        "Speaker 2: The harbour will stay closed for at least two more years, and the ferries will move.\n\n"
        "Interviewee: The cranes are unsafe and the council has not found the money to replace them.\n"
    )
    found = turns(text)
    assert len(found) == 3
    assert all(c.speaker is None for c in found)


def test_time_codes_after_labels_mark_a_transcript():
    text = (
        "Joe Ortega: (00:00)\n"
        "Thank you all for coming. The economy added three hundred thousand jobs last month, more than "
        "anyone expected.\n\n"
        "Reporter: (00:35)\n"
        "What about inflation?\n"
    )
    assert [c.speaker for c in stored(text)] == ["Joe Ortega"]


def test_the_date_in_the_transcript_header_is_the_day_said_not_the_posting_date():
    text = (
        "Press Conference with the Harbour Master\n"
        "Posted: Tuesday, April 19, 2005\n\n"
        "MR. DALTON: The harbour will stay closed for another month while the engineers inspect the cranes.\n"
    )
    (claim,) = stored(text, title="Press Conference, 18 April 2005", published_on=date(2005, 4, 19))
    assert claim.date == date(2005, 4, 18)


def test_without_a_header_date_the_published_date_is_the_day_said():
    (claim,) = stored(INTERVIEW.replace("RT:", "Q:"), published_on=date(2024, 5, 1))[:1]
    assert claim.date == date(2024, 5, 1)


def test_a_headline_with_a_colon_is_not_a_transcript_even_with_its_title():
    text = (
        "Okafor: The outbreak is over, health chief says\n\n"
        "The outbreak in the northern districts is over, the county's health chief said on Monday. "
        "No new cases have been reported for six weeks.\n"
    )
    assert turns(text, title="Okafor: The outbreak is over, health chief says") == []
    assert turns(text) == []


def test_transcript_without_a_title_uses_its_first_line_as_one():
    text = (
        "Transcript of a Press Conference with Harbour Master Lena Brandt\n\n"
        "Brandt: The harbour will stay closed for another month while the engineers inspect the cranes.\n"
    )
    assert [c.speaker for c in stored(text)] == ["Lena Brandt"]


def test_a_reporting_verb_before_the_name_is_not_part_of_it():
    text = (
        "Vera Lind spoke to the paper on Sunday.\n\n"
        "Stated Lind: The voting machines are not safe, and the state must check every one of them.\n\n"
        "Continued Lind: Nobody has tested the software since the last election, four years ago.\n"
    )
    assert {c.speaker for c in stored(text, title="Vera Lind on voting machines")} == {"Vera Lind"}
