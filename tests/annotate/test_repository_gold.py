"""The gold set shipped in ``gold/``: well formed, complete, and scored by ``python -m api.annotate eval``.

No database and nothing outside the repository: these checks must hold on a fresh clone.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from api.annotate.scoring import load_gold

REPO = Path(__file__).resolve().parents[2]
GOLD_DIR = REPO / "gold"
GOLD_FILE = GOLD_DIR / "gold.jsonl"
FIGURE_LINES = ("precision: ", "recall: ", "f1: ", "speaker accuracy: ")


def read_text(path: Path) -> str:
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


@pytest.fixture(scope="module")
def gold():
    return load_gold(GOLD_FILE)


@pytest.fixture(scope="module")
def lines() -> list[dict]:
    return [json.loads(line) for line in GOLD_FILE.read_text(encoding="utf-8").split("\n") if line.strip()]


@pytest.fixture(scope="module")
def manifest() -> dict:
    return json.loads((GOLD_DIR / "manifest.json").read_text(encoding="utf-8"))


def test_the_loader_reads_every_line_without_notes(gold, lines):
    assert gold.notes == {}
    assert sum(len(items) for items in gold.items.values()) == len(lines)
    assert set(gold.items) == set(gold.texts)


def test_every_line_has_the_fields_and_its_statement_at_its_offsets(gold, lines):
    for number, line in enumerate(lines, 1):
        assert set(line) == {"doc", "speaker", "statement", "start", "end", "optional"}, number
        speaker = line["speaker"]
        assert speaker is None or (isinstance(speaker, str) and speaker.strip()), number
        assert isinstance(line["optional"], bool), number
        text = gold.texts[line["doc"]]
        assert type(line["start"]) is int and type(line["end"]) is int, number
        assert 0 <= line["start"] < line["end"] <= len(text), number
        assert text[line["start"] : line["end"]] == line["statement"], number


def test_every_manifest_document_has_a_text_and_every_text_is_in_the_manifest(manifest):
    texts = {path.name for path in GOLD_DIR.glob("*.txt")}
    documents = manifest["documents"]
    files = [document["file"] for document in documents]
    assert len(files) == len(set(files))
    assert set(files) == texts
    for document in documents:
        assert document["file"] == f"{document['id']}.txt"
        assert document["format"] in manifest["formats"]
        assert read_text(GOLD_DIR / document["file"])


def test_every_gold_document_has_a_claim(gold, manifest):
    ids = {document["id"] for document in manifest["documents"]}
    assert set(gold.texts) == ids
    assert all(gold.items[doc] for doc in ids)


def test_eval_on_the_gold_file_exits_0_and_prints_the_figures():
    done = subprocess.run(
        [sys.executable, "-m", "api.annotate", "eval", str(GOLD_FILE.relative_to(REPO))],
        cwd=REPO,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout.splitlines()
    for prefix in FIGURE_LINES:
        figures = [line for line in out if line.startswith(prefix)]
        assert len(figures) == 1, prefix
        assert 0.0 <= float(figures[0][len(prefix) :]) <= 1.0
    assert f"documents: {len(list(GOLD_DIR.glob('*.txt')))}" in out


def test_the_annotator_keeps_its_figures_on_the_repository_gold(gold):
    from api.annotate.scoring import evaluate

    report = evaluate(gold)
    # floors a little under the published figures (README), so that a regression fails here first
    assert report.precision >= 0.90
    assert report.recall >= 0.88
    assert report.speaker_accuracy >= 0.90
    assert report.mean_jaccard >= 0.90
