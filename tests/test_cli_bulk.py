import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select, text

from api.models import AuditEvent, Claim, Document, Speaker
from api.services import history
from tests.conftest import wipe
from tests.factories import make_claim, make_document, make_speaker

ROOT = Path(__file__).resolve().parent.parent
CLAIMS = str(Path(sys.executable).with_name("claims"))


def run(url, *args):
    env = {**os.environ, "CLAIMS_DATABASE_URL": url}
    return subprocess.run([CLAIMS, *args], check=False, env=env, capture_output=True, text=True, timeout=120,
                          cwd=ROOT)


def count(session, model):
    session.rollback()
    n = session.scalar(select(func.count()).select_from(model))
    session.rollback()  # hold no lock: the next step may TRUNCATE
    return n


def seed(session):
    document = make_document(session, title="Budget day", url="https://example.com/budget", source="Reuters",
                             published_on=dt.date(2024, 3, 4))
    untitled = make_document(session, title="Radio transcript", source="BBC")
    make_speaker(session, "Ada Lovelace", kind="person", description="mathematician",
                 aliases=["Countess of Lovelace", "A. A. L."])
    make_speaker(session, "Ministry of Finance", kind="organisation")
    make_claim(session, speaker="Ada Lovelace", statement="We will build it", date=dt.date(2024, 3, 4),
               document_id=document.id, external_id="x-1", kind="direct", cue="said", confidence=0.9)
    make_claim(session, speaker="Ada Lovelace", statement='The engine, "in short", can compose\nmusic')
    make_claim(session, speaker="Ministry of Finance", statement="Taxes will fall", date=dt.date(2023, 1, 2),
               source="BBC", document_id=untitled.id, external_id="x-3")
    make_claim(session, speaker="Peskov", statement="Élan vital, naïve café", source="")


def row(n, **fields):
    return {"external_id": f"r-{n}", "statement": f"Statement {n}", "date": "2024-01-02",
            "speaker": {"name": "Dmitry Peskov", "kind": "person", "aliases": ["Peskov"]},
            "document": {"title": "Briefing", "url": "https://example.com/briefing", "source": "TASS",
                         "published_on": "2024-01-02"}, **fields}


def write_jsonl(path, rows):
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), encoding="utf-8")
    return path


def test_export_wipe_import_export_gives_the_same_file_in_every_format(app, session, engine, settings,
                                                                        tmp_path):
    seed(session)
    url = settings.database_url
    for fmt in ("jsonl", "csv"):
        first = tmp_path / f"first.{fmt}"
        result = run(url, "export", "--format", fmt, "--output", str(first))
        assert result.returncode == 0, result.stderr
        wipe(engine)
        imported = run(url, "import", str(first))
        assert imported.returncode == 0, imported.stderr
        assert "imported 4 claims (0 already stored)" in imported.stdout
        second = run(url, "export", "--format", fmt)
        assert second.returncode == 0, second.stderr
        assert second.stdout == first.read_text(encoding="utf-8")
        assert count(session, Claim) == 4 and count(session, Speaker) == 3 and count(session, Document) == 2
    history = session.scalars(select(AuditEvent.action).where(AuditEvent.entity == "claim")).all()
    assert history == ["import"] * 4


def test_import_twice_adds_nothing_the_second_time(app, session, settings, tmp_path):
    source = write_jsonl(tmp_path / "claims.jsonl", [row(n) for n in range(5)] + [row(9, external_id=None)])
    first = run(settings.database_url, "import", str(source))
    assert first.returncode == 0, first.stderr
    assert "imported 6 claims (0 already stored), 1 new speakers, 1 new documents" in first.stdout
    changed = write_jsonl(tmp_path / "changed.jsonl", [row(n, statement="Changed") for n in range(5)])
    second = run(settings.database_url, "import", str(changed))
    assert second.returncode == 0, second.stderr
    assert "imported 0 claims (5 already stored)" in second.stdout
    assert count(session, Claim) == 6
    assert session.scalar(select(Claim.statement).where(Claim.external_id == "r-0")) == "Statement 0"
    speaker = session.scalar(select(Speaker))
    assert (speaker.name, speaker.kind) == ("Dmitry Peskov", "person")


def test_imported_rows_resolve_known_speakers_and_documents(app, session, settings, tmp_path):
    peskov = make_speaker(session, "Dmitry Peskov", aliases=["Kremlin spokesman"])
    briefing = make_document(session, title="Stored", url="https://example.com/briefing")
    rows = [row(1, speaker={"name": "Kremlin Spokesman"}), row(2, document=None)]
    result = run(settings.database_url, "import", str(write_jsonl(tmp_path / "c.jsonl", rows)))
    assert result.returncode == 0, result.stderr
    stored = session.execute(select(Claim.speaker_id, Claim.document_id, Claim.origin, Claim.status)
                             .order_by(Claim.id)).all()
    assert stored == [(peskov.id, briefing.id, "import", "accepted"), (peskov.id, None, "import", "accepted")]


def test_a_bad_row_in_the_middle_loads_nothing_and_names_its_line(app, session, settings, tmp_path):
    rows = [row(1), row(2), row(3, statement="   "), "{not json", "", row(6, date="yesterday"), row(7),
            row(2), row(8, speaker={"name": "Someone", "aliases": ["Peskov"]})]
    result = run(settings.database_url, "import", str(write_jsonl(tmp_path / "bad.jsonl", rows)))
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "line 3: statement: Must not be blank." in result.stderr
    assert "line 4: Not valid JSON" in result.stderr
    assert "line 6: date: Not a valid date." in result.stderr
    assert "line 8: external_id" in result.stderr and "line 9: speaker.aliases" in result.stderr
    assert "5 bad rows" in result.stderr and "nothing was imported" in result.stderr
    assert count(session, Claim) == 0 and count(session, Speaker) == 0 and count(session, Document) == 0


def test_an_imported_row_with_a_span_is_refused_on_its_line_and_loads_nothing(app, session, settings, tmp_path):
    # Rows carry no document text, so a span could not be checked against the statement as the API does.
    rows = [row(1), row(2, span={"start": 0, "end": 11}), row(3)]
    result = run(settings.database_url, "import", str(write_jsonl(tmp_path / "span.jsonl", rows)))
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "line 2: span: Imported claims carry no span" in result.stderr
    assert "PATCH /v1/claims/{id}" in result.stderr and "1 bad rows" in result.stderr
    assert count(session, Claim) == 0


def test_csv_import_reports_bad_cells_and_a_bad_header(app, session, settings, tmp_path):
    good = tmp_path / "good.csv"
    good.write_text("statement,speaker_name,speaker_aliases,confidence\nHello,Ada Lovelace,\"[\"\"Ada\"\"]\",0.5\n"
                    "Bye,Ada,,\n", encoding="utf-8")
    result = run(settings.database_url, "import", str(good))
    assert result.returncode == 0, result.stderr
    assert count(session, Claim) == 2 and count(session, Speaker) == 1
    bad = tmp_path / "bad.csv"
    bad.write_text("statement,speaker_name,confidence\nHello,Ada,2\n,Ada,\n", encoding="utf-8")
    result = run(settings.database_url, "import", str(bad))
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "line 2: confidence" in result.stderr and "line 3: statement" in result.stderr
    header = tmp_path / "header.csv"
    header.write_text("words,speaker_name\nHello,Ada\n", encoding="utf-8")
    result = run(settings.database_url, "import", str(header))
    assert result.returncode != 0 and "unknown: words" in result.stderr
    assert count(session, Claim) == 2


def test_export_takes_the_list_filters_and_writes_json_ld(app, session, settings):
    seed(session)
    result = run(settings.database_url, "export", "--speaker", "lovelace", "--format", "jsonld")
    assert result.returncode == 0, result.stderr
    graph = json.loads(result.stdout)["@graph"]
    assert [c["text"] for c in graph] == ["We will build it", 'The engine, "in short", can compose\nmusic']
    assert graph[0]["author"]["alternateName"] == ["Countess of Lovelace", "A. A. L."]
    bad = run(settings.database_url, "export", "--date-from", "soon")
    assert bad.returncode != 0 and "date_from" in bad.stderr and "Traceback" not in bad.stderr


def test_an_import_leaves_the_search_index_in_step(app, client, session, settings, tmp_path):
    # SQLite indexes an import's statements in one statement at its end, with the insert trigger suspended
    # meanwhile; PostgreSQL computes search_vector as rows arrive. Either way search sees every row, and the
    # trigger is back for the writes that follow, after a good import as after a refused one.
    make_claim(session, speaker="Ada Lovelace", statement="The analytical engine weaves patterns")
    rows = [row(n, statement=f"Engine number {n} weaves {'tapestry' if n % 2 else 'carpet'}") for n in range(6)]
    result = run(settings.database_url, "import", str(write_jsonl(tmp_path / "c.jsonl", rows)))
    assert result.returncode == 0, result.stderr

    def found(words):
        response = client.get(f"/v1/claims?q={words}&limit=100")
        assert response.status_code == 200, response.json
        return sorted(item["statement"] for item in response.json["items"])

    assert found("weaves") == sorted([r["statement"] for r in rows] + ["The analytical engine weaves patterns"])
    assert found("tapestry") == ["Engine number 1 weaves tapestry", "Engine number 3 weaves tapestry",
                                 "Engine number 5 weaves tapestry"]
    bad = run(settings.database_url, "import",
              str(write_jsonl(tmp_path / "bad.jsonl", [row(10, statement="Loom alpha"), row(11, statement=" ")])))
    assert bad.returncode != 0 and "nothing was imported" in bad.stderr
    assert found("loom") == []
    created = client.post("/v1/claims", json={"speaker": "Ada Lovelace", "statement": "A loom of numbers"})
    assert created.status_code == 201, created.json
    assert found("loom") == ["A loom of numbers"]
    imported = client.get("/v1/claims?q=carpet&limit=1").json["items"][0]
    etag = client.get(f"/v1/claims/{imported['id']}").headers["ETag"]
    assert client.delete(f"/v1/claims/{imported['id']}", headers={"If-Match": etag}).status_code == 204
    assert len(found("carpet")) == 2
    if session.get_bind().dialect.name == "sqlite":
        session.rollback()
        triggers = session.scalars(text("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                        "AND tbl_name = 'claims' ORDER BY name")).all()
        assert triggers == ["claims_fts_after_delete", "claims_fts_after_insert", "claims_fts_after_update"]
        session.rollback()


def test_imported_claims_never_take_the_id_of_a_deleted_claim(app, client, session, settings, tmp_path):
    claim = make_claim(session, speaker="Ada Lovelace", statement="Soon deleted")
    session.commit()
    etag = client.get(f"/v1/claims/{claim.id}").headers["ETag"]
    assert client.delete(f"/v1/claims/{claim.id}", headers={"If-Match": etag}).status_code == 204
    result = run(settings.database_url, "import", str(write_jsonl(tmp_path / "c.jsonl", [row(1)])))
    assert result.returncode == 0, result.stderr
    session.rollback()
    assert session.scalar(select(Claim.id)) > claim.id
    session.rollback()


def test_each_imported_claim_has_an_import_event_with_its_snapshot(app, session, settings, tmp_path):
    rows = [row(1, statement='Quotes "here", a back\\slash,\nand naïve café ☕', confidence=0.125, kind="direct",
                cue="said"),
            row(2, external_id=None, date=None, document=None, source=None, confidence=1)]
    result = run(settings.database_url, "import", str(write_jsonl(tmp_path / "c.jsonl", rows)))
    assert result.returncode == 0, result.stderr
    session.rollback()
    for claim in session.scalars(select(Claim).order_by(Claim.id)):
        events = history.claim_history(session, claim.id)
        assert [(e.action, e.actor, e.before) for e in events] == [("import", "cli", None)]
        assert events[0].after == history.claim_snapshot(claim)
    session.rollback()


def claim_indexes(session):
    session.rollback()
    if session.get_bind().dialect.name == "postgresql":
        found = session.execute(text("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'claims' "
                                     "ORDER BY indexname")).all()
        found += session.execute(text("SELECT conname, pg_get_constraintdef(oid) || ' ' || convalidated "
                                      "FROM pg_constraint WHERE conrelid = 'claims'::regclass "
                                      "ORDER BY conname")).all()
    else:
        found = session.execute(text("SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'claims' "
                                     "AND type IN ('index', 'trigger') ORDER BY name")).all()
    session.rollback()
    return [tuple(row) for row in found]


def test_a_first_load_builds_the_claims_indexes_at_its_end(app, client, session, settings, tmp_path):
    # Into an empty table the PostgreSQL import drops the secondary indexes and foreign keys and builds them
    # once at its end: they must all be back, as they were (and validated), after a refused import as after
    # a good one, and serve queries. SQLite must not change its schema at all.
    before = claim_indexes(session)
    assert len(before) >= 8
    bad = run(settings.database_url, "import", str(write_jsonl(tmp_path / "bad.jsonl", [row(1), row(2, date="x")])))
    assert bad.returncode != 0 and "nothing was imported" in bad.stderr
    assert claim_indexes(session) == before
    rows = [row(n, date=f"2024-01-{n + 1:02d}") for n in range(20)]
    result = run(settings.database_url, "import", str(write_jsonl(tmp_path / "c.jsonl", rows)))
    assert result.returncode == 0, result.stderr
    assert claim_indexes(session) == before
    listed = client.get("/v1/claims?limit=3").json["items"]
    assert [item["external_id"] for item in listed] == ["r-19", "r-18", "r-17"]
    again = run(settings.database_url, "import", str(write_jsonl(tmp_path / "more.jsonl", [row(30)])))
    assert again.returncode == 0, again.stderr
    assert claim_indexes(session) == before
    assert count(session, Claim) == 21


def test_a_first_load_finds_an_external_id_repeated_chunks_apart(app, session, settings, tmp_path):
    # A first load skips looking external ids up in the database: a repeat far down the file (in a later
    # chunk of the import) must still be refused by its line, with nothing loaded.
    from api.services.bulk import CHUNK

    rows = [row(n) for n in range(CHUNK + 10)] + [row(3)]
    result = run(settings.database_url, "import", str(write_jsonl(tmp_path / "repeat.jsonl", rows)))
    assert result.returncode != 0
    assert f"line {CHUNK + 11}" in result.stderr and "'r-3' is already on an earlier line" in result.stderr
    assert count(session, Claim) == 0
    assert run(settings.database_url, "import", str(write_jsonl(tmp_path / "ok.jsonl", rows[:-1]))).returncode == 0
    assert count(session, Claim) == CHUNK + 10
