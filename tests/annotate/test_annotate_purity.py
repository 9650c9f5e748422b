import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

PROBE = """
import json, sys
import api.annotate
from api.annotate.pipeline import annotate
from api.annotate.types import DocumentInput
import api.annotate.extract, api.annotate.scoring, api.annotate.__main__

annotate(DocumentInput(text='Ann Lee, the mayor, said: "The bridge opens in May." She added that tolls stay.'))
loaded = sorted(sys.modules)
print(json.dumps(loaded))
"""


def test_the_annotation_pipeline_loads_no_web_or_database_code():
    done = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    loaded = json.loads(done.stdout)
    roots = {name.split(".")[0] for name in loaded}
    assert roots.isdisjoint({"flask", "sqlalchemy", "marshmallow", "werkzeug", "flask_smorest", "alembic"})
    outside = [n for n in loaded if n.startswith("api.") and not n.startswith("api.annotate")]
    assert outside == []
