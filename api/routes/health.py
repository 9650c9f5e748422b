"""Liveness with a real database round trip, for load balancers and deploy checks; it also says which
database the instance uses."""

from __future__ import annotations

from flask.views import MethodView
from marshmallow import Schema, fields
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from ..db import display_url
from ..web import engine
from .problems import Blueprint

blp = Blueprint("health", __name__, url_prefix="/v1/health", description="Service health.")


class DatabaseHealthSchema(Schema):
    backend = fields.String(required=True, metadata={"description": "`sqlite` or `postgresql`."})
    url = fields.String(required=True, metadata={
        "description": "The database URL, without its password (a SQLite file under the service's working "
                       "directory as a relative path).",
        "example": "sqlite:///instance/claims.db"})
    status = fields.String(required=True, metadata={"description": "`ok` or `unavailable`."})


class HealthSchema(Schema):
    status = fields.String(required=True, metadata={"description": "`ok` or `unavailable`."})
    database = fields.Nested(DatabaseHealthSchema, required=True,
                             metadata={"description": "The database in use, and whether it answers."})


@blp.route("")
class Health(MethodView):
    @blp.doc(operationId="getHealth")
    @blp.response(200, HealthSchema)
    @blp.alt_response(503, schema=HealthSchema, description="The database does not answer.")
    def get(self):
        """Check the service and its database

        Answers 200 when the service can run a query on its database, 503 when it cannot, so a load balancer can take the instance out of rotation. Either way it names the database backend and URL (without the password).
        """
        database = {"backend": engine().dialect.name, "url": display_url(engine().url)}
        try:
            with engine().connect() as conn:
                conn.execute(text("SELECT 1"))
        except SQLAlchemyError:
            return {"status": "unavailable", "database": {**database, "status": "unavailable"}}, 503
        return {"status": "ok", "database": {**database, "status": "ok"}}
