import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from api.annotate import extract
from api.annotate.__main__ import main
from api.annotate.extract import candidate_row, doc_name_of, extract_paths
from api.annotate.types import Candidate

REPO = Path(__file__).resolve().parents[2]
ROW_KEYS = ["doc", "speaker", "statement", "start", "end", "cue", "kind", "date", "confidence"]

# Non-ASCII before the quote (two-byte and three-byte UTF-8, an astral emoji, curly marks), so that byte
# offsets, UTF-16 offsets and code point offsets all differ.
TEXT = (
    "Café prices in Malmö 🙂 are rising. Zoë Nunez, the owner, said: “Prices will double by spring.”\r\n"
    "Nobody knows why the lights went out.\n"
)
QUOTE = "Prices will double by spring."
UNSPOKEN = "the lights went out"


def candidate(text: str, statement: str, speaker: str | None, **kw) -> Candidate:
    start = text.index(statement)
    fields = {"speaker_mention": speaker, "cue": "said", "kind": "direct", "date": None, "confidence": 0.9}
    fields.update(kw)
    return Candidate(statement=statement, start=start, end=start + len(statement), speaker=speaker, **fields)


@pytest.fixture
def fake_pipeline(monkeypatch):
    """A pipeline that finds the quote (with a speaker) and one unattributed statement, wherever they are."""

    def annotate(doc):
        return [
            candidate(doc.text, QUOTE, "Zoë Nunez", date=doc.published_on),
            candidate(doc.text, UNSPOKEN, None, kind="indirect", cue=None, confidence=0.2),
        ]

    monkeypatch.setattr(extract, "annotate", annotate)


@pytest.fixture
def text_file(tmp_path):
    path = tmp_path / "café_report.txt"
    path.write_bytes(TEXT.encode("utf-8"))
    return path


def test_candidate_row_has_exactly_the_exchange_fields_in_order():
    c = candidate(TEXT, QUOTE, "Zoë Nunez", date=date(2024, 3, 5))
    row = candidate_row("doc1", c)
    assert list(row) == ROW_KEYS
    assert row["date"] == "2024-03-05"
    assert (row["statement"], row["start"], row["end"]) == (QUOTE, c.start, c.end)
    assert candidate_row("doc1", candidate(TEXT, QUOTE, None))["date"] is None


def test_doc_name_is_the_file_name_without_txt():
    assert doc_name_of("/x/y/001_abc.txt") == "001_abc"
    assert doc_name_of("notes.md") == "notes.md"


def test_extract_prints_stored_candidates_with_python_offsets_into_the_file_text(fake_pipeline, text_file):
    rows = list(extract_paths([text_file], published_on=date(2024, 3, 5)))
    assert len(rows) == 1
    row = rows[0]
    assert list(row) == ROW_KEYS
    assert row["doc"] == "café_report"
    assert row["speaker"] == "Zoë Nunez"
    assert row["date"] == "2024-03-05"
    assert row["start"] == TEXT.index(QUOTE)
    assert TEXT[row["start"] : row["end"]] == row["statement"] == QUOTE


def test_carriage_returns_are_counted_as_characters(fake_pipeline, text_file):
    unspoken = list(extract_paths([text_file], include_all=True))[1]
    assert unspoken["start"] == TEXT.index(UNSPOKEN)
    assert "\r\n" in TEXT[: unspoken["start"]]


def test_all_adds_candidates_without_a_speaker(fake_pipeline, text_file):
    rows = list(extract_paths([text_file], include_all=True))
    assert [r["speaker"] for r in rows] == ["Zoë Nunez", None]
    assert rows[1]["statement"] == UNSPOKEN


def test_a_missing_file_fails_before_any_row(fake_pipeline, text_file, tmp_path):
    with pytest.raises(FileNotFoundError):
        extract_paths([text_file, tmp_path / "absent.txt"])


def test_the_real_pipeline_finds_the_quote_at_exact_offsets(text_file):
    rows = list(extract_paths([text_file], include_all=True))
    quoted = [r for r in rows if QUOTE in r["statement"]]
    assert [(r["speaker"], r["kind"]) for r in quoted] == [("Zoë Nunez", "direct")]
    for row in rows:
        assert TEXT[row["start"] : row["end"]] == row["statement"]


# ------------------------------------------------------------------ the command line


def test_main_extract_prints_json_lines(fake_pipeline, text_file, capsys):
    assert main(["extract", str(text_file), "--published-on", "2024-03-05", "--all"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["statement"], r["date"]) for r in rows] == [(QUOTE, "2024-03-05"), (UNSPOKEN, None)]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["extract", "absent.txt"], "absent.txt: no such file"),
        (["extract", "--published-on", "2024-13-01", "x.txt"], "not a date"),
        (["eval", "absent.jsonl"], "absent.jsonl: no such gold file or folder"),
    ],
)
def test_main_reports_bad_input_in_one_message_with_exit_code_2(argv, message, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_main_eval_of_a_malformed_gold_line_names_the_line(tmp_path, capsys):
    (tmp_path / "gold.jsonl").write_text('{"doc": "d"\n', encoding="utf-8")
    assert main(["eval", str(tmp_path / "gold.jsonl")]) == 2
    assert (
        capsys.readouterr().err.strip()
        == f"error: {tmp_path / 'gold.jsonl'}:1: not JSON (Expecting ',' delimiter)"
    )


def test_main_eval_scores_a_prediction_file(tmp_path, capsys):
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "d.txt").write_text(TEXT, encoding="utf-8")
    start = TEXT.index(QUOTE)
    row = {"doc": "d", "speaker": "Zoë Nunez", "statement": QUOTE, "start": start, "end": start + len(QUOTE)}
    (tmp_path / "gold.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    (tmp_path / "pred.jsonl").write_text(json.dumps(dict(row, speaker="Nunez")) + "\n", encoding="utf-8")
    argv = ["eval", str(tmp_path / "gold.jsonl"), "--texts", str(tmp_path / "texts")]
    assert main([*argv, "--pred", str(tmp_path / "pred.jsonl")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:4] == ["precision: 1.000", "recall: 1.000", "f1: 1.000", "speaker accuracy: 1.000"]


def test_python_m_api_annotate_runs_as_a_module(text_file):
    done = subprocess.run(
        [sys.executable, "-m", "api.annotate", "extract", "--all", str(text_file)],
        cwd=REPO,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert QUOTE in done.stdout
    for line in done.stdout.splitlines():
        row = json.loads(line)
        assert list(row) == ROW_KEYS
        assert TEXT[row["start"] : row["end"]] == row["statement"]
