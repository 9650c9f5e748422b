"""The application factory: read it as the table of contents of the web service."""

from __future__ import annotations

from pathlib import Path

import flask_swagger_ui
from flask import Flask, send_from_directory
from sqlalchemy import Engine

from .config import Settings
from .db import make_engine
from .routes import claims, documents, health, keys, speakers
from .routes.auth import init_auth
from .routes.conditional import init_conditional_get
from .routes.contract import SECURITY_SCHEME, ContractPlugin
from .routes.idempotency import init_idempotency
from .routes.problems import Api, register_problem_handlers
from .routes.request_id import init_request_id
from .web import init_db

SWAGGER_ASSETS = Path(flask_swagger_ui.__file__).parent / "dist"
API_DESCRIPTION = """\
Stores news documents, extracts who said what from them, and lets services and curators query, add and
correct those claims. Errors are RFC 9457 `application/problem+json`. Lists are keyset-paginated:
follow `next_cursor` (or the `Link: rel="next"` header) until it is null.
"""


def create_app(settings: Settings | None = None, bind: Engine | None = None) -> Flask:
    """Build the app; ``bind`` lets tests and tools share an engine, otherwise one is made from settings."""
    settings = settings or Settings.from_env()
    app = Flask(__name__, instance_relative_config=False)
    app.config.update(
        MAX_CONTENT_LENGTH=settings.max_body_bytes,
        API_TITLE="Claims service",
        API_VERSION="1.0.0",
        OPENAPI_VERSION="3.1.0",
        OPENAPI_URL_PREFIX="/",
        OPENAPI_JSON_PATH="v1/openapi.json",
        OPENAPI_SWAGGER_UI_PATH="docs",
        OPENAPI_SWAGGER_UI_URL="/docs/assets/",
        API_SPEC_OPTIONS={
            "info": {
                "description": API_DESCRIPTION,
                "contact": {"name": "Claims service maintainers"},
                "license": {"name": "MIT", "identifier": "MIT"},
            },
            "servers": [{"url": "http://127.0.0.1:5000", "description": "A local `make run`."}],
        },
    )
    app.json.sort_keys = False  # keep fields in schema order: id first, as documented
    app.extensions["claims.settings"] = settings
    init_db(app, bind or make_engine(settings.database_url, echo=settings.sql_echo,
                                     pool_size=settings.db_pool_size, max_overflow=settings.db_max_overflow))
    init_request_id(app)

    api = Api(app)
    contract = ContractPlugin()
    contract.init_spec(api.spec)
    api.spec.plugins.append(contract)
    api.spec.components.security_scheme("bearerAuth", SECURITY_SCHEME)
    for module in (health, documents, speakers, claims, keys):
        api.register_blueprint(module.blp)
    register_problem_handlers(app)
    init_auth(app)  # before idempotency: a keyed retry is scoped to the caller's key
    init_idempotency(app)
    init_conditional_get(app)
    api.spec.components.schemas.pop("PaginationMetadata", None)  # flask-smorest's, unused: we page by cursor

    @app.get("/docs/assets/<path:filename>")
    def swagger_assets(filename: str):
        """Swagger UI's own files, served locally so /docs works with no internet."""
        return send_from_directory(SWAGGER_ASSETS, filename)

    return app
