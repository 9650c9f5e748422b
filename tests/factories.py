"""Builders for test data through the services, so tests arrange data the way the service stores it."""

from __future__ import annotations

import datetime as dt
import itertools

from api.services import claims, documents, speakers

_counter = itertools.count(1)


def make_document(session, *, text: str | None = None, commit: bool = True, **fields):
    n = next(_counter)
    fields.setdefault("title", f"Document {n}")
    document = documents.create_document(
        session, text=text or f"Text number {n}. The minister said the plan would work.", **fields
    )
    if commit:
        session.commit()
    return document


def make_speaker(session, name: str = "Dmitry Peskov", *, commit: bool = True, **fields):
    speaker = speakers.create_speaker(session, name=name, **fields)
    if commit:
        session.commit()
    return speaker


def make_claim(session, *, speaker: str = "Dmitry Peskov", statement: str | None = None,
               date: dt.date | None = None, commit: bool = True, **fields):
    claim = claims.create_claim(
        session, speaker=speaker, statement=statement or f"Statement {next(_counter)}", date=date, **fields
    )
    if commit:
        session.commit()
    return claim
