import datetime as dt

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.config._checks import NEGATIVE_DATA_REJECTION_EXPECTED_STATUSES
from schemathesis.core.parameters import ParameterLocation

from api.app import create_app
from api.config import Settings
from api.services.claims import Span
from tests.factories import make_claim, make_document, make_speaker

SEED_TEXT = "The minister said the plan would work. \u201cWe will build it,\u201d Ada Lovelace said on Monday."

CONFIG = schemathesis.Config.from_dict({"checks": {
    # An oversized body is refused with 413 before it is read: a rejection like any other.
    "negative_data_rejection": {"expected-statuses": [*NEGATIVE_DATA_REJECTION_EXPECTED_STATUSES, "413"]},
    # "Schema-valid requests are accepted" cannot hold here: cursors are opaque tokens only the server
    # issues, and rules a JSON Schema cannot state (`speaker` or `speaker_id`, a span inside the document's
    # text, start < end, ids that must exist) rightly answer 422. Every 422 is still checked against the spec.
    "positive_data_acceptance": {"enabled": False},
}})

# The spec as the code serves it (loaded once, from an app that never touches its database); the requests
# go to the test's own `app`, on each backend.
schema = schemathesis.openapi.from_wsgi("/v1/openapi.json", create_app(Settings(database_url="sqlite://")),
                                        config=CONFIG)
seeded_ids: dict[str, list[int]] = {}


@schema.hook
def flatmap_case(_context, case):
    """Half the time aim a valid path at seeded rows, so that success paths are reached and not only 404s."""
    names = list(case.path_parameters or {})
    if not names or not all(seeded_ids.get(name) for name in names) or (
            case.meta is not None and case.meta.is_negative_at(ParameterLocation.PATH)):
        return st.just(case)

    def aimed(ids: dict) -> object:
        case.path_parameters = {**case.path_parameters, **ids}
        return case

    seeded = st.fixed_dictionaries({name: st.sampled_from(seeded_ids[name]) for name in names})
    return st.one_of(st.just(case), seeded.map(aimed))


class UndocumentedStatus(AssertionError):
    pass


def status_is_listed(_ctx, response, case) -> None:
    """Stricter than schemathesis' own status check, which the `default` response satisfies for any status."""
    if response.request.method.lower() != case.operation.method.lower():
        return  # an undeclared-method probe: the `unsupported_method` check judges its 405 and Allow
    listed = case.operation.definition.raw["responses"]
    if str(response.status_code) not in listed:
        raise UndocumentedStatus(f"{case.operation.method.upper()} {case.operation.path} answered "
                                 f"{response.status_code}, not among its documented responses {sorted(listed)}")


@pytest.fixture
def seeded(app, session):
    document = make_document(session, title="Budget day", text=SEED_TEXT, source="Reuters",
                             url="https://example.com/budget", published_on=dt.date(2024, 3, 4), language="en")
    other = make_document(session, title="Transcript", text="CHAIR: Order. MS LOVELACE: Thank you.")
    ada = make_speaker(session, "Ada Lovelace", kind="person", aliases=["Countess of Lovelace"])
    idle = make_speaker(session, "Charles Babbage", kind="person")
    start = SEED_TEXT.index("We will")
    claims = [
        make_claim(session, speaker="Ada Lovelace", statement="We will build it", date=dt.date(2024, 3, 4),
                   document_id=document.id, span=Span(start, start + len("We will build it")), kind="direct",
                   cue="said", confidence=0.9),
        make_claim(session, speaker="Ada Lovelace", statement="The engine can compose music"),
        make_claim(session, speaker="Ministry of Finance", statement="Taxes will fall",
                   date=dt.date(2023, 1, 2), source="BBC"),
    ]
    seeded_ids.update(document_id=[document.id, other.id],
                      speaker_id=[ada.id, idle.id, claims[2].speaker.id],
                      claim_id=[claim.id for claim in claims])
    yield
    seeded_ids.clear()


@schema.parametrize()
@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much, HealthCheck.data_too_large])
def test_api_answers_every_generated_request_as_its_spec_says(case, app, seeded):
    # An admin key reaches every operation; the auth rules themselves are tested in tests/routes/test_auth.py.
    case.call_and_validate(app=app, headers={"Authorization": f"Bearer {app.config['TEST_KEYS']['admin']}"},
                           additional_checks=[status_is_listed])
