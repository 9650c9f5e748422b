"""Liveness with a real database round trip, for load balancers and deploy checks."""

from __future__ import annotations

from flask.views import MethodView
from marshmallow import Schema, fields
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from ..web import engine
from .problems import Blueprint

blp = Blueprint("health", __name__, url_prefix="/v1/health", description="Service health.")


class HealthSchema(Schema):
    status = fields.String(required=True, metadata={"description": "`ok` or `unavailable`."})
    database = fields.String(required=True, metadata={"description": "`ok` or `unavailable`."})


@blp.route("")
class Health(MethodView):
    @blp.doc(operationId="getHealth")
    @blp.response(200, HealthSchema)
    @blp.alt_response(503, schema=HealthSchema, description="The database does not answer.")
    def get(self):
        """Check the service and its database

        Answers 200 when the service can run a query on its database, 503 when it cannot, so a load balancer can take the instance out of rotation.
        """
        try:
            with engine().connect() as conn:
                conn.execute(text("SELECT 1"))
        except SQLAlchemyError:
            return {"status": "unavailable", "database": "unavailable"}, 503
        return {"status": "ok", "database": "ok"}
