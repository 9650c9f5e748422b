"""Production serving: the app under gunicorn, configured from Settings (``claims serve``).

Each gunicorn worker process builds its own app, engine and connection pool after the fork (no
preloading: a pool must never be shared between processes). SIGTERM (or SIGINT) stops gracefully:
gunicorn stops accepting, lets each worker finish the request it is on for up to ``graceful_timeout``
seconds, then exits; SIGHUP reloads the workers one by one.
"""

from __future__ import annotations

import sys
from typing import Any

from gunicorn.app.base import BaseApplication

from .config import Settings

LOG_FORMAT = "%(asctime)s %(levelname)s [%(process)d] %(name)s request_id=%(request_id)s %(message)s"


def logging_config(level: str = "INFO") -> dict[str, Any]:
    """One line per record on stderr, each with the request id of the request it belongs to."""
    handler = {"class": "logging.StreamHandler", "stream": "ext://sys.stderr", "formatter": "plain",
               "filters": ["request_id"]}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "api.routes.request_id.RequestIdFilter"}},
        "formatters": {"plain": {"format": LOG_FORMAT}},
        "handlers": {"console": handler},
        "root": {"level": level, "handlers": ["console"]},
        "loggers": {
            "gunicorn.error": {"level": level, "handlers": ["console"], "propagate": False},
            # Our own request line (api.request) has the id and the timing; gunicorn's access log is off.
            "gunicorn.access": {"level": "WARNING", "handlers": ["console"], "propagate": False},
        },
    }


def gunicorn_options(settings: Settings) -> dict[str, Any]:
    return {
        "bind": [settings.bind],
        "workers": settings.web_workers,
        "worker_class": "sync",
        "graceful_timeout": settings.graceful_timeout,
        "timeout": max(30, settings.graceful_timeout),
        "preload_app": False,
        "logconfig_dict": logging_config(),
        "accesslog": None,
        "proc_name": "claims",
        "forwarded_allow_ips": "127.0.0.1",
    }


class ClaimsServer(BaseApplication):
    """gunicorn with options from code instead of a config file or its own command line."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):  # called in each worker after the fork
        from .app import create_app

        return create_app()


def serve(settings: Settings) -> None:
    sys.argv = sys.argv[:1]  # gunicorn parses argv; our options come from the environment
    ClaimsServer(gunicorn_options(settings)).run()
