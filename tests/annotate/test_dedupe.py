from api.annotate.dedupe import drop_repeats, is_boilerplate
from api.annotate.types import Candidate


def _candidate(statement, start):
    return Candidate(statement, start, start + len(statement), "Ivo Marek", "Marek", "said", "indirect", None, 0.7)


def test_a_repeated_statement_is_kept_once_at_its_first_place():
    kept = drop_repeats([_candidate("the port  will reopen", 400), _candidate("The port will reopen", 10)])
    assert [c.start for c in kept] == [10]


def test_navigation_lines_are_boilerplate():
    assert is_boilerplate("Related Articles")
    assert is_boilerplate("Back to top button")
    assert not is_boilerplate("Related talks will resume, Marek said.")


def test_two_people_may_give_the_same_short_answer():
    first = _candidate("No.", 10)
    second = Candidate("No.", 50, 53, "Ana Ruiz", "Ruiz", "said", "direct", None, 0.8)
    assert len(drop_repeats([first, second])) == 2
