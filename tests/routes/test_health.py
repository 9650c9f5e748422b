import os

from api.app import create_app
from api.config import Settings


def test_health_reports_ok_with_a_working_database(client, database_url, backend):
    response = client.get("/v1/health")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": {"backend": backend, "url": database_url, "status": "ok"}}


def test_health_names_the_database_without_its_password():
    url = "postgresql+psycopg://claims:s3cret-Pass@127.0.0.1:1/none"
    response = create_app(Settings(database_url=url)).test_client().get("/v1/health")
    assert response.status_code == 503
    assert response.json == {"status": "unavailable", "database": {
        "backend": "postgresql", "url": "postgresql+psycopg://claims:***@127.0.0.1:1/none", "status": "unavailable"}}
    assert "s3cret" not in response.get_data(as_text=True)


def test_health_shows_a_sqlite_file_under_the_working_directory_as_a_relative_url(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'instance' / 'claims.db'}"))
    database = app.test_client().get("/v1/health").json["database"]
    assert database == {"backend": "sqlite", "url": f"sqlite:///instance{os.sep}claims.db", "status": "ok"}
    app.extensions["claims.engine"].dispose()
