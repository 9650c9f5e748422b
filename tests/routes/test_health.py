from api.app import create_app
from api.config import Settings


def test_health_reports_ok_with_a_working_database(client):
    response = client.get("/v1/health")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_health_answers_503_when_the_database_does_not():
    app = create_app(Settings(database_url="postgresql+psycopg://nobody@127.0.0.1:1/none"))
    response = app.test_client().get("/v1/health")
    assert response.status_code == 503
    assert response.json == {"status": "unavailable", "database": "unavailable"}
