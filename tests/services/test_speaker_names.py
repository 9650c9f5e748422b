import pytest

from api.annotate.names import normalise_name
from api.services.speakers import find_speaker_by_name, resolve_speaker
from tests.factories import make_speaker


@pytest.mark.parametrize(("written", "key"), [
    ("Dmitry Peskov", "dmitry peskov"),
    ("  DMITRY   PESKOV ", "dmitry peskov"),
    ("Mr. Dmitry Peskov", "dmitry peskov"),
    ("President Vladimir Putin", "vladimir putin"),
    ("Assistant Secretary Cooper", "cooper"),
    ("José Ñúñez-García", "jose nunez garcia"),
    ("O’Brien", "obrien"),
    ("ﬁnn", "finn"),
    ("U.S. State Department", "us state department"),
    ("President", "president"),
])
def test_normalise_name(written, key):
    assert normalise_name(written) == key


def test_resolve_speaker_finds_a_speaker_by_name_or_alias_and_creates_otherwise(session):
    peskov = make_speaker(session, "Dmitry Peskov", aliases=["Kremlin spokesman Dmitry Peskov", "Peskov"])
    for name in ("peskov", "Dr Dmitry Peskov", "KREMLIN spokesman dmitry peskov"):
        assert resolve_speaker(session, name).id == peskov.id
    created = resolve_speaker(session, "Maria Zakharova")
    assert created.id != peskov.id
    assert find_speaker_by_name(session, "maria  zakharova").id == created.id
    assert find_speaker_by_name(session, "Nobody") is None
