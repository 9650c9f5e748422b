import base64
import json

import pytest

from tests.factories import make_claim, make_document, make_speaker


def forge(kind, sort, filters, key):
    payload = {"v": 1, "k": kind, "s": sort, "f": filters, "p": key}
    raw = json.dumps(payload, separators=(",", ":"), sort_keys=True).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


FORGED = [
    ("/v1/claims", forge("claims", "-date", {"speaker_id": "abc"}, [None, 5])),
    ("/v1/claims", forge("claims", "-date", {"date_from": 5}, [None, 5])),
    ("/v1/claims", forge("claims", "-date", {"source": "a\u0000b"}, [None, 5])),
    ("/v1/claims", forge("claims", "-date", {"speaker_id": 2**40}, [None, 5])),
    ("/v1/claims", forge("claims", "-date", {}, ["not a date", 5])),
    ("/v1/claims", forge("claims", "-date", {}, [{"d": "2024-01-01"}, "x"])),
    ("/v1/claims", forge("claims", "created", {}, [3, 5])),
    ("/v1/claims", forge("claims", "-date", {"nonsense": 1}, [None, 5])),
    ("/v1/claims", forge("claims", "bogus", {}, [None, 5])),
    ("/v1/documents", forge("documents", "id", {"published_from": "yesterday"}, [1])),
    ("/v1/documents", forge("documents", "id", {}, ["1"])),
    ("/v1/speakers", forge("speakers", "name", {}, [1, 1])),
    ("/v1/speakers", forge("speakers", "-claims", {}, ["many", 1])),
]


@pytest.mark.parametrize(("path", "cursor"), FORGED)
def test_a_forged_cursor_is_a_422_on_cursor_never_a_database_error(client, session, path, cursor):
    make_claim(session, speaker="Jane Roe", document_id=make_document(session).id)
    make_speaker(session, "John Doe")
    response = client.get(path, query_string={"cursor": cursor})
    assert response.status_code == 422, response.json
    assert "cursor" in response.json["errors"]["query"]
