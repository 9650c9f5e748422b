import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def pip_installs(target: str) -> list[str]:
    """The pip install commands that `make TARGET` runs on a machine with nothing installed yet."""
    done = subprocess.run(["make", "--dry-run", "--always-make", target], cwd=ROOT, capture_output=True,
                          text=True, check=False, timeout=60)
    assert done.returncode == 0, done.stderr
    return [line for line in done.stdout.splitlines() if re.search(r"pip install .*-e ", line)]


def test_make_run_installs_the_service_without_the_test_tools_and_make_test_adds_them():
    assert pip_installs("run") == [".venv/bin/python -m pip install --quiet -e ."]
    assert any("-e '.[test]'" in line for line in pip_installs("test"))


def test_installing_the_package_prints_no_packaging_warning(tmp_path):
    # Into a throwaway prefix (--ignore-installed: the running environment's own install is left alone).
    done = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--ignore-installed",
                           "--prefix", str(tmp_path / "prefix"), "--editable", str(ROOT)],
                          capture_output=True, text=True, check=False, timeout=300)
    assert done.returncode == 0, done.stderr
    output = done.stdout + done.stderr
    assert "Warning:" not in output and "deprecat" not in output.lower(), output
