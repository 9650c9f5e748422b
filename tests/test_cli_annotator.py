import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CLAIMS = str(Path(sys.executable).with_name("claims"))
# Non-ASCII and a \r\n before the quote: offsets are Python string offsets into the text as written.
TEXT = 'Café prices rose.\r\n"Taxes will rise next year," Ann Lee, the mayor, said on Tuesday.\n'
QUOTE = "Taxes will rise next year"  # the words said: no quote marks, no joining comma


def claims(*args, stdin=None, cwd=ROOT):
    # A database URL that could not be used: these commands never open one.
    env = {"PATH": "/usr/bin:/bin", "CLAIMS_DATABASE_URL": "nonsense"}
    return subprocess.run([CLAIMS, *args], check=False, capture_output=True, input=stdin, env=env, cwd=cwd,
                          timeout=120)


def rows(result) -> list[dict]:
    assert result.returncode == 0, result.stderr.decode()
    return [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]


def quote_row(doc: str) -> dict:
    start = TEXT.index(QUOTE)
    return {"doc": doc, "speaker": "Ann Lee", "statement": QUOTE, "start": start, "end": start + len(QUOTE)}


def test_extract_reads_standard_input_as_the_document_stdin():
    found = rows(claims("extract", "-", "--published-on", "2024-03-06", stdin=TEXT.encode("utf-8")))
    assert {key: found[0][key] for key in ("doc", "speaker", "statement", "start", "end")} == quote_row("stdin")
    assert found[0]["date"] == "2024-03-05"  # the Tuesday before publication


def test_extract_of_a_folder_reads_its_txt_files_in_name_order_and_nothing_else(tmp_path):
    (tmp_path / "b.txt").write_text(TEXT, encoding="utf-8", newline="")
    (tmp_path / "a.txt").write_text(TEXT.replace("Ann Lee", "Cy Moe"), encoding="utf-8", newline="")
    (tmp_path / "notes.md").write_text("not a text", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.txt").write_text(TEXT, encoding="utf-8")
    found = rows(claims("extract", str(tmp_path)))
    assert [(row["doc"], row["speaker"]) for row in found if row["statement"] == QUOTE] == [
        ("a", "Cy Moe"), ("b", "Ann Lee")]
    assert {row["doc"] for row in found} == {"a", "b"}


def test_extract_mixes_files_folders_and_standard_input_in_the_order_given(tmp_path):
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "t.txt").write_text(TEXT, encoding="utf-8", newline="")
    (tmp_path / "one.txt").write_text(TEXT, encoding="utf-8", newline="")
    found = rows(claims("extract", str(tmp_path / "one.txt"), "-", str(tmp_path / "texts"),
                        stdin=TEXT.encode("utf-8")))
    assert [row["doc"] for row in found if row["statement"] == QUOTE] == ["one", "stdin", "t"]


@pytest.mark.parametrize(("args", "stdin", "message"), [
    (["extract", "absent.txt"], None, "Error: absent.txt: no such file or folder"),
    (["extract", "EMPTY_DIR"], None, "no .txt file in this folder"),
    (["extract", "-"], "Caf\xe9".encode("latin-1"), "Error: standard input: not UTF-8 text (bad byte at 3)"),
    (["eval", "absent.jsonl"], None, "Error: absent.jsonl: no such gold file or folder"),
])
def test_bad_input_to_extract_or_eval_is_one_line_and_exit_status_1(tmp_path, args, stdin, message):
    (tmp_path / "EMPTY_DIR").mkdir()
    result = claims(*args, stdin=stdin, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == b""
    lines = result.stderr.decode().splitlines()
    assert len(lines) == 1 and message in lines[0]


def test_extract_and_eval_have_click_help_with_their_options():
    extract = claims("extract", "--help").stdout.decode()
    assert extract.startswith("Usage: claims extract [OPTIONS] FILE...")
    assert "--published-on DATE" in extract and "--all" in extract and "standard input" in extract
    evaluation = claims("eval", "--help").stdout.decode()
    assert evaluation.startswith("Usage: claims eval [OPTIONS] GOLD")
    for option in ("--texts DIR", "--pred FILE", "--count-optional", "--per-doc"):
        assert option in evaluation
    assert claims("extract", "--published-on", "soon", "x.txt").returncode == 2


def write_gold(folder: Path, **extra) -> Path:
    gold = folder / "gold.jsonl"
    gold.write_text(json.dumps({**quote_row("d"), **extra}) + "\n", encoding="utf-8")
    return gold


def test_eval_reads_only_the_texts_its_gold_names(tmp_path):
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "d.txt").write_text(TEXT, encoding="utf-8", newline="")
    (tmp_path / "texts" / "other.txt").write_text('"We are ready," Cy Moe said.', encoding="utf-8")
    (tmp_path / "texts" / "latin1.txt").write_bytes("Caf\xe9 said.".encode("latin-1"))
    result = claims("eval", str(write_gold(tmp_path)), "--texts", str(tmp_path / "texts"), "--per-doc")
    assert result.returncode == 0, result.stderr.decode()
    lines = result.stdout.decode().splitlines()
    assert "documents: 1" in lines and "recall: 1.000" in lines
    assert [line.split(":")[0] for line in lines if line.startswith("doc ")] == ["doc d"]


def test_eval_keeps_count_optional_and_texts_defaulting_to_the_gold_folder(tmp_path):
    (tmp_path / "d.txt").write_text(TEXT, encoding="utf-8", newline="")
    gold = write_gold(tmp_path, optional=True)
    (tmp_path / "pred.jsonl").write_text("", encoding="utf-8")
    optional_ignored = claims("eval", str(gold), "--pred", str(tmp_path / "pred.jsonl")).stdout.decode()
    assert "gold claims: 0" in optional_ignored.splitlines()
    counted = claims("eval", str(gold), "--pred", str(tmp_path / "pred.jsonl"), "--count-optional")
    assert {"gold claims: 1", "recall: 0.000"} <= set(counted.stdout.decode().splitlines())


def test_python_m_api_annotate_shares_the_extract_of_standard_input_and_folders(tmp_path):
    (tmp_path / "t.txt").write_text(TEXT, encoding="utf-8", newline="")
    done = subprocess.run([sys.executable, "-m", "api.annotate", "extract", "-", str(tmp_path)], cwd=ROOT,
                          input=TEXT.encode("utf-8"), capture_output=True, check=False, timeout=120)
    assert [row["doc"] for row in rows(done) if row["statement"] == QUOTE] == ["stdin", "t"]
