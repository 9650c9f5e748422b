import datetime as dt
import functools
import importlib
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
import yaml

from api.app import create_app
from api.config import Settings
from tests.conftest import in_ci

ROOT = Path(__file__).resolve().parent.parent
SPEC_FILE = ROOT / "openapi.yaml"
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
PROBLEM_JSON = "application/problem+json"
CLIENT_PACKAGE = "claims_client"
# The health check's 503 carries the same report as its 200 (for load balancers), not a problem document.
NOT_PROBLEMS = {("getHealth", "503")}


@functools.cache
def generated_spec() -> dict:
    """The spec as the code serves it, from an app built the way `make spec` builds it."""
    app = create_app(Settings(database_url="sqlite://"))
    response = app.test_client().get("/v1/openapi.json")
    assert response.status_code == 200
    return response.json


def operations() -> list[tuple[str, str, dict]]:
    return [(method, path, operation) for path, item in generated_spec()["paths"].items()
            for method, operation in item.items() if method in HTTP_METHODS]


def parameters(path: str, operation: dict) -> list[dict]:
    return [*generated_spec()["paths"][path].get("parameters", []), *operation.get("parameters", [])]


def resolve(spec: dict, node: dict) -> dict:
    while "$ref" in node:
        node = functools.reduce(lambda part, key: part[key], node["$ref"].lstrip("#/").split("/"), spec)
    return node


def differences(committed, generated, where: str = "") -> list[str]:
    if isinstance(committed, dict) and isinstance(generated, dict):
        found = []
        for key in sorted(set(committed) | set(generated), key=str):
            if key not in generated:
                found.append(f"{where}/{key}: only in openapi.yaml")
            elif key not in committed:
                found.append(f"{where}/{key}: missing from openapi.yaml")
            else:
                found += differences(committed[key], generated[key], f"{where}/{key}")
        return found
    return [] if committed == generated else [f"{where}: openapi.yaml has {committed!r}, the code {generated!r}"]


def test_committed_spec_is_the_one_the_code_generates():
    committed = yaml.safe_load(SPEC_FILE.read_text(encoding="utf-8"))
    found = differences(committed, generated_spec())
    assert not found, ("openapi.yaml is out of date with the code; run `make spec` and commit the result.\n"
                       + "\n".join(found[:20]) + ("\n..." if len(found) > 20 else ""))


@pytest.mark.parametrize(("method", "path", "operation"), operations(),
                         ids=[f"{method.upper()} {path}" for method, path, _ in operations()])
def test_operation_is_named_summarised_and_documents_its_responses(method, path, operation):
    spec = generated_spec()
    responses = {code: resolve(spec, response) for code, response in operation.get("responses", {}).items()}
    in_path = [p for p in parameters(path, operation) if resolve(spec, p)["in"] == "path"]
    in_query = [p for p in parameters(path, operation) if resolve(spec, p)["in"] == "query"]
    json_body = "application/json" in operation.get("requestBody", {}).get("content", {})

    expected = set()
    if in_path:
        expected.add("404")
    if in_query or "requestBody" in operation:
        expected.add("422")
    if json_body:
        expected |= {"400", "413", "415"}

    assert operation.get("operationId"), "every operation needs an operationId (generated clients name it so)"
    assert operation.get("summary", "").strip(), "every operation needs a summary (the view's docstring)"
    assert any(code.startswith("2") for code in responses), "no success (2xx) response is documented"
    assert not expected - set(responses), f"undocumented error responses: {sorted(expected - set(responses))}"
    errors = {code: sorted(response.get("content", {})) for code, response in responses.items()
              if (code == "default" or int(code) >= 400) and (operation["operationId"], code) not in NOT_PROBLEMS}
    assert all(types == [PROBLEM_JSON] for types in errors.values()), \
        f"error responses must be documented as {PROBLEM_JSON} only: {errors}"


def test_operation_ids_are_unique():
    ids = [operation.get("operationId") for _, _, operation in operations()]
    assert len(ids) == len(set(ids)), f"duplicate operationIds: {sorted(i for i in ids if ids.count(i) > 1)}"


def test_no_operation_takes_one_name_both_in_its_path_and_in_its_query():
    spec = generated_spec()
    clashes = []
    for method, path, operation in operations():
        located = [resolve(spec, p) for p in parameters(path, operation)]
        in_path = {p["name"] for p in located if p["in"] == "path"}
        clashes += [f"{method.upper()} {path}: {p['name']}" for p in located
                    if p["in"] == "query" and p["name"] in in_path]
    assert not clashes, "\n".join(clashes)


def test_spectral_lints_the_spec_clean():
    spectral = os.environ.get("CLAIMS_SPECTRAL")
    if not spectral or not Path(ROOT, spectral).exists():
        message = f"Spectral is not installed (CLAIMS_SPECTRAL={spectral!r}); `make test` installs it."
        if in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    result = subprocess.run([str(Path(ROOT, spectral)), "lint", "--fail-severity=error", "--ruleset",
                             ".spectral.yaml", "openapi.yaml"],
                            cwd=ROOT, capture_output=True, text=True, timeout=180, check=False)
    assert result.returncode == 0, f"Spectral found errors in openapi.yaml:\n{result.stdout}{result.stderr}"


@pytest.fixture(scope="module")
def generated_client(tmp_path_factory):
    """The Python client openapi-python-client builds from openapi.yaml, imported from a temporary folder."""
    bin_dir = Path(sys.executable).parent
    output = tmp_path_factory.mktemp("client")
    result = subprocess.run(
        [str(bin_dir / "openapi-python-client"), "generate", "--path", str(SPEC_FILE),
         "--output-path", str(output / CLIENT_PACKAGE), "--meta", "none"],
        # its post-generation hook runs ruff, which lives beside the interpreter
        env={**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"},
        cwd=output, capture_output=True, text=True, timeout=180, check=False,
    )
    log = result.stdout + result.stderr
    assert result.returncode == 0, f"openapi-python-client failed:\n{log}"
    warnings = [line for line in log.splitlines() if "warning" in line.lower()]
    assert not warnings, "openapi-python-client warned about openapi.yaml:\n" + log
    sys.path.insert(0, str(output))
    try:
        yield importlib.import_module(CLIENT_PACKAGE)
    finally:
        sys.path.remove(str(output))
        for name in [name for name in sys.modules if name.partition(".")[0] == CLIENT_PACKAGE]:
            del sys.modules[name]


def test_generated_client_creates_a_speaker_and_a_claim_and_reads_the_claim_back(generated_client, app):
    client = generated_client.AuthenticatedClient(base_url="http://testserver",
                                                   token=app.config["TEST_KEYS"]["curator"],
                                                   httpx_args={"transport": httpx.WSGITransport(app=app)},
                                                   raise_on_unexpected_status=True)
    models = importlib.import_module(f"{CLIENT_PACKAGE}.models")
    create_speaker = importlib.import_module(f"{CLIENT_PACKAGE}.api.speakers.create_speaker")
    create_claim = importlib.import_module(f"{CLIENT_PACKAGE}.api.claims.create_claim")
    get_claim = importlib.import_module(f"{CLIENT_PACKAGE}.api.claims.get_claim")

    with client:
        created_speaker = create_speaker.sync_detailed(client=client, body=models.SpeakerCreate(
            name="Ada Lovelace", kind=models.SpeakerCreateKind.PERSON, aliases=["Countess of Lovelace"]))
        assert created_speaker.status_code == 201, created_speaker.content
        speaker = created_speaker.parsed
        assert isinstance(speaker, models.Speaker)
        assert (speaker.name, speaker.kind, speaker.aliases, speaker.claim_count) == \
               ("Ada Lovelace", models.SpeakerKind.PERSON, ["Countess of Lovelace"], 0)

        created_claim = create_claim.sync_detailed(client=client, body=models.ClaimCreate(
            statement="The engine might compose elaborate pieces of music.", speaker_id=speaker.id,
            date=dt.date(1843, 9, 1), source="Taylor's Scientific Memoirs", confidence=0.75))
        assert created_claim.status_code == 201, created_claim.content
        assert created_claim.headers["Location"].endswith(f"/v1/claims/{created_claim.parsed.id}")

        claim = get_claim.sync(client=client, claim_id=created_claim.parsed.id)
        assert isinstance(claim, models.Claim)
        assert claim.id == created_claim.parsed.id
        assert claim.statement == "The engine might compose elaborate pieces of music."
        assert (claim.speaker.id, claim.speaker.name) == (speaker.id, "Ada Lovelace")
        assert claim.date == dt.date(1843, 9, 1)
        assert claim.source == "Taylor's Scientific Memoirs"
        assert claim.confidence == 0.75
        assert claim.document is None and claim.span is None
        assert (claim.origin, claim.status, claim.version) == \
               (models.ClaimOrigin.CURATOR, models.ClaimStatus.ACCEPTED, 1)

        missing = get_claim.sync_detailed(client=client, claim_id=2147483647)
        assert missing.status_code == 404
        assert isinstance(missing.parsed, models.Problem) and missing.parsed.status == 404
