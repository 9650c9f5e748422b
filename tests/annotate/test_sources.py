from api.annotate.sources import noun_phrase_after, subject_before, tokens


def _subject(text):
    found = subject_before(text, tokens(text, 0, len(text)))
    return None if found is None else text[found[0] : found[1]]


def test_subject_skips_auxiliaries_adverbs_and_times():
    assert _subject("Ana Ruiz has previously ") == "Ana Ruiz"
    assert _subject("Ana Ruiz on Friday ") == "Ana Ruiz"


def test_subject_skips_appositions_ages_and_party_labels():
    assert _subject("Sen. Bo Lind, R-Ore., ") == "Sen. Bo Lind"
    assert _subject("Bo Lind, 44, a clerk in Salem, Ore., ") == "Bo Lind"
    assert _subject("Bo Lind — a teacher from the coast — ") == "Bo Lind"


def test_subject_keeps_a_party_label_in_parentheses():
    assert _subject("Sen. Bo Lind (D-Ore.) ") == "Sen. Bo Lind (D-Ore.)"


def test_subject_may_be_a_common_noun_with_its_determiner():
    assert _subject("The harbour legend ") == "The harbour legend"
    assert _subject("Forty percent of voters ") == "Forty percent of voters"


def test_no_subject_after_a_conjunction_or_preposition():
    assert _subject("because ") is None
    assert _subject("the plan was voted down by ") is None


def test_noun_phrase_after_an_inverted_cue_takes_its_affiliation_and_stops_at_its_verb():
    text = "Ana Ruiz of the Harbor Report was right"
    assert noun_phrase_after(tokens(text, 0, len(text))) == 6
