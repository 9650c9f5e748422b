from api.annotate.speakers import SpeakerChains, split_mention


def test_title_and_role_go_into_the_description():
    parts = split_mention("Harbor Council spokesman Ivo Marek")
    assert (parts.name, parts.description, parts.kind) == ("Ivo Marek", "Harbor Council spokesman", "person")


def test_title_of_an_office_is_not_part_of_the_name():
    parts = split_mention("Secretary of State Lena Moss")
    assert parts.name == "Lena Moss"
    assert split_mention("Northland Ambassador to the UN Karl Ode").name == "Karl Ode"


def test_an_institution_speaks_as_an_organisation():
    parts = split_mention("the Kremlin")
    assert (parts.name, parts.kind) == ("Kremlin", "organisation")
    assert split_mention("the State Department").kind == "organisation"


def test_surname_pronoun_and_role_continue_the_last_named_speaker():
    chains = SpeakerChains()
    first = chains.resolve("Harbor Council spokesman Ivo Marek")
    assert chains.resolve("Marek").entity == first.entity
    assert chains.resolve("he").entity == first.entity
    assert chains.resolve("the spokesman").entity == first.entity
    assert chains.display_name(first.entity) == "Ivo Marek"


def test_one_person_is_shown_under_the_fullest_name_seen():
    chains = SpeakerChains()
    short = chains.resolve("Marek")
    chains.resolve("Ivo Marek")
    assert chains.display_name(short.entity) == "Ivo Marek"


def test_different_first_names_are_different_people():
    chains = SpeakerChains()
    a = chains.resolve("Anna Berg")
    b = chains.resolve("Oskar Berg")
    assert a.entity != b.entity


def test_a_pronoun_with_no_speaker_before_it_takes_the_last_person_named():
    chains = SpeakerChains()
    resolution = chains.resolve("she", preceding="The race tightened after Nora Quint won Ohio.")
    assert chains.display_name(resolution.entity) == "Nora Quint"


def test_pronoun_with_nothing_before_it_has_no_speaker():
    assert SpeakerChains().resolve("he").entity is None


def test_affiliation_after_the_name_goes_into_the_description():
    parts = split_mention("Deputy Director Ana Lutz of the Bureau of Coastal Affairs")
    assert (parts.name, parts.description) == ("Ana Lutz", "Deputy Director of the Bureau of Coastal Affairs")


def test_party_label_in_parentheses_is_not_part_of_the_name():
    assert split_mention("Sen. Jo Marsh (D-Vt.)").name == "Jo Marsh"


def test_news_outlet_is_named_by_all_its_words():
    assert (split_mention("Harbor News").name, split_mention("Harbor News").kind) == ("Harbor News", "organisation")


def test_role_reaching_through_to_the_is_description():
    assert split_mention("Northland Ambassador to the UN Karl Ode").description == "Northland Ambassador to the UN"


def test_quantity_pronoun_names_a_group():
    assert (split_mention("Some").name, split_mention("Some").kind) == ("Some", "group")


def test_pronoun_with_no_speaker_before_it_takes_a_titled_surname():
    chains = SpeakerChains()
    resolution = chains.resolve("she", preceding="The crowd cheered when Ms. Quint arrived.")
    assert chains.display_name(resolution.entity) == "Ms. Quint"


def test_an_institution_is_never_a_pronoun_antecedent():
    chains = SpeakerChains()
    resolution = chains.resolve("he", preceding="Ada Vance spoke after the Harbor Foundation estimated costs.")
    assert chains.display_name(resolution.entity) == "Ada Vance"


def test_first_person_outside_a_quotation_is_the_writer_not_a_speaker():
    chains = SpeakerChains()
    chains.resolve("Ivo Marek")
    assert chains.resolve("I'd").entity is None


def test_pronoun_falls_back_to_a_titled_name():
    chains = SpeakerChains()
    resolution = chains.resolve("he", preceding="When President Lindqvist flew to Oslo last winter")
    assert chains.display_name(resolution.entity) == "President Lindqvist"


def test_a_place_after_a_preposition_is_no_pronoun_antecedent():
    chains = SpeakerChains()
    resolution = chains.resolve("she", preceding="Ada Vance spoke after her win in West Harbor.")
    assert chains.display_name(resolution.entity) == "Ada Vance"


def test_definite_descriptions_resolve_to_the_last_of_their_kind():
    chains = SpeakerChains()
    lind = chains.resolve("Sen. Bo Lind")
    council = chains.resolve("the Harbor Council")
    assert chains.resolve("the senator").entity == lind.entity
    assert chains.resolve("the council").entity == council.entity
    assert chains.resolve("the statement").entity == council.entity
    assert chains.display_name(chains.resolve("the voters").entity) == "voters"


def test_a_writing_or_a_count_speaks_for_its_issuer():
    assert split_mention("figures from the Coastal Weather Office").name == "Coastal Weather Office"
    assert split_mention("an analysis by Ana Ruiz").name == "Ana Ruiz"


def test_a_writing_or_a_count_nobody_is_named_for_has_no_speaker():
    chains = SpeakerChains()
    assert chains.resolve("a scientific paper").entity is None
    assert chains.resolve("the latest figures").entity is None


def test_the_statement_speaks_for_whoever_issued_it_just_before():
    chains = SpeakerChains()
    council = chains.resolve("the Harbor Council")
    assert chains.resolve("the statement").entity == council.entity


def test_a_capital_speaks_for_its_government():
    assert split_mention("Ottawa").kind == "organisation"
    assert split_mention("Moscow").kind == "organisation"
    assert split_mention("Ana Ruiz").kind == "person"
