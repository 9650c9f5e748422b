"""``/v1/keys``: API key management, for admins only (enforced in ``auth.py``)."""

from __future__ import annotations

from flask import url_for
from flask.views import MethodView

from ..schemas.keys import KeyCreateSchema, KeyListSchema, NewKeySchema
from ..services import keys as service
from ..web import db_session
from .common import ID
from .problems import Blueprint

blp = Blueprint("keys", __name__, url_prefix="/v1/keys", description="API keys and their roles (admin only).")


@blp.route("")
class Keys(MethodView):
    @blp.doc(operationId="listKeys")
    @blp.response(200, KeyListSchema)
    def get(self):
        """List API keys

        Names, roles and prefixes; never the secrets, which are stored only as hashes.
        """
        return {"items": service.list_keys(db_session())}

    @blp.doc(operationId="createKey")
    @blp.arguments(KeyCreateSchema)
    @blp.response(201, NewKeySchema)
    @blp.alt_response(409, response="CONFLICT", description="A key with this name exists.")
    @blp.alt_response(413, response="REQUEST_ENTITY_TOO_LARGE")
    @blp.alt_response(415, response="UNSUPPORTED_MEDIA_TYPE")
    @blp.alt_response(400, response="BAD_REQUEST")
    def post(self, data):
        """Create an API key

        The answer holds the key itself, the only time it is shown.
        """
        session = db_session()
        new = service.create_key(session, name=data["name"], role=data["role"])
        session.commit()
        body = {**{c: getattr(new.key, c) for c in ("id", "name", "role", "prefix", "created_at", "revoked_at")},
                "key": new.secret}
        return body, 201, {"Location": url_for("keys.KeyById", key_id=new.key.id), "Cache-Control": "no-store"}


@blp.route(f"/<{ID}:key_id>")
class KeyById(MethodView):
    @blp.doc(operationId="revokeKey")
    @blp.response(204)
    @blp.alt_response(404, response="NOT_FOUND")
    def delete(self, key_id):
        """Revoke an API key

        The key stops working at once; it stays listed, with `revoked_at`, so histories keep their names.
        """
        session = db_session()
        service.revoke_key(session, key_id)
        session.commit()
