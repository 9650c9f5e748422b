"""The fast row checks of bulk import must agree with the marshmallow rule book on every row."""

import csv
import io
import json

import pytest

from api.schemas.bulk import (
    CSV_COLUMNS,
    ImportRow,
    ImportRowSchema,
    RowError,
    RowLoader,
    _csv_cells,
    _jsonld,
    write_csv,
    write_jsonl,
    write_jsonld,
)

GOOD = {"external_id": "e-1", "statement": "Taxes will fall.", "date": "2024-03-04", "source": "BBC",
        "kind": "direct", "cue": "said", "confidence": 0.5, "origin": "import", "status": "accepted",
        "speaker": {"name": "Ada Lovelace", "kind": "person", "description": "x", "aliases": ["Ada"]},
        "document": {"title": "T", "url": "https://example.com/a", "source": "BBC", "published_on": "2024-03-04"}}

VARIANTS = [
    {}, {"external_id": None}, {"external_id": ""}, {"external_id": " "}, {"external_id": "x" * 201},
    {"external_id": 7}, {"statement": ""}, {"statement": "\x00"}, {"statement": 3}, {"statement": "x" * 100_001},
    {"date": None}, {"date": "2024-02-30"}, {"date": "20240304"}, {"date": "2024-03-04T00:00"}, {"date": 2024},
    {"source": None}, {"source": ""}, {"source": "x" * 2001}, {"kind": None}, {"kind": "quote"},
    {"cue": "x" * 201}, {"confidence": None}, {"confidence": "0.25"}, {"confidence": True}, {"confidence": 1.5},
    {"confidence": "nan"}, {"confidence": "abc"}, {"confidence": 1}, {"origin": "robot"}, {"origin": "annotator"},
    {"status": None}, {"status": "maybe"}, {"unknown": 1}, {"speaker": None}, {"speaker": "Ada"},
    {"speaker": {"name": ""}}, {"speaker": {"name": "Ada", "kind": "alien"}}, {"speaker": {"name": "Ada", "x": 1}},
    {"speaker": {"name": "Ada", "aliases": "Ada"}}, {"speaker": {"name": "Ada", "aliases": [" "]}},
    {"speaker": {"name": "Ada", "aliases": ["a"] * 101}}, {"speaker": {"name": "Ada", "description": None}},
    {"document": None}, {"document": {"title": ""}}, {"document": {"title": "T", "url": "ftp://x"}},
    {"document": {"title": "T", "url": None}}, {"document": {"title": "T", "published_on": "2024-13-01"}},
    {"document": {"title": "T", "extra": 1}}, {"document": []}, {"document": {"title": "T", "source": "x" * 301}},
]


@pytest.mark.parametrize("change", VARIANTS, ids=[str(v)[:60] for v in VARIANTS])
def test_fast_checks_agree_with_the_schema(change):
    candidate = {**GOOD, **change}
    try:
        ImportRowSchema().load(candidate)
        schema_ok = True
    except Exception:  # noqa: BLE001
        schema_ok = False
    loaded = RowLoader()._fast
    try:
        loaded(1, candidate)
        fast_ok = True
    except Exception:  # noqa: BLE001
        fast_ok = False
    assert fast_ok == schema_ok
    result = RowLoader().load(1, candidate)
    assert isinstance(result, ImportRow if schema_ok else RowError)


def test_speaker_names_without_letters_are_refused_like_the_api_does():
    result = RowLoader().load(4, {**GOOD, "speaker": {"name": "!!!"}})
    assert isinstance(result, RowError) and result.describe().startswith("line 4: speaker.name")


ADA = {"name": "Ada \"Countess\" Lovelace", "kind": "person", "description": "naïve\ncafé ☕ \u2028",
       "aliases": ["Ada", "A. A. L."]}
MINISTRY = {"name": "Ministry", "kind": "organisation", "description": None, "aliases": []}
NOBODY = {"name": "X", "kind": "unknown", "description": "", "aliases": []}
PAPER = {"title": "Budget, \"day\"", "url": "https://example.com/a?b=1&c=\\", "source": "BBC",
         "published_on": "2024-03-04"}
BARE = {"title": "Radio\ttranscript", "url": None, "source": None, "published_on": None}


def record(speaker, document, **fields):
    return {"external_id": "e-1", "statement": 'He said "no"\n\x01 \\ é ☕', "date": "2024-03-04",
            "source": "TASS", "kind": "direct", "cue": "said", "confidence": 0.1 + 0.2, "origin": "import", "status": "accepted",
            "speaker": speaker, "document": document, **fields}


RECORDS = [record(ADA, PAPER), record(ADA, PAPER, external_id=None, date=None, confidence=None),
           record(MINISTRY, None, source=None, kind=None, cue=None, confidence=1.0),
           record(NOBODY, BARE, source="", confidence=0.0), record(MINISTRY, None, source="Radio"),
           record(ADA, BARE, statement="x" * 70_000, confidence=1e-7)]


def test_the_writers_templates_write_what_the_plain_encoders_write():
    # write_jsonl and write_jsonld assemble each line from pieces, encoding a shared speaker or document
    # once: the result must be exactly what encoding each whole record gives.
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    assert "".join(write_jsonl(iter(RECORDS))) == "".join(dumps(r) + "\n" for r in RECORDS)
    graph = ",\n".join(dumps(_jsonld(r)) for r in RECORDS)
    assert "".join(write_jsonld(iter(RECORDS))) == '{"@context":"https://schema.org","@graph":[\n' + graph + "\n]}\n"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in RECORDS:
        writer.writerow(_csv_cells(r))
    assert "".join(write_csv(iter(RECORDS))) == buffer.getvalue()
    for line, expected in zip("".join(write_jsonl(iter(RECORDS))).split("\n")[:-1], RECORDS, strict=True):
        assert json.loads(line) == expected
