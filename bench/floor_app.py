"""The floor: the least a Flask app can do to answer the service's hot endpoints, for the benchmarks.

    CLAIMS_DATABASE_URL=... .venv/bin/gunicorn -w 2 -b 127.0.0.1:8101 'bench.floor_app:create_app()'

The same SQL the service sends (captured from it with an engine event) on pooled DB-API connections, rows
turned into dicts by hand and JSON by Flask: no ORM, no schemas, no hooks. Only the cursor is simpler
(``date,id`` in the clear). Anything the service does beyond this is its overhead; ``http_bench.py``
reports the service's req/s as a fraction of this app's, measured in the same run on the same database.

Not part of the service: no validation beyond what keeps it from crashing on the benchmark's requests.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os

from flask import Flask, abort, jsonify, request

from api.db import make_engine

CLAIM_SELECT = (
    "SELECT claims.id, claims.speaker_id, claims.statement, claims.claim_date, claims.source, "
    "claims.document_id, claims.span_start, claims.span_end, claims.span_stale, claims.kind, claims.cue, "
    "claims.confidence, claims.origin, claims.status, claims.edited_by, claims.reviewed_at, "
    "claims.external_id, claims.created_at, claims.updated_at, claims.version, speakers_1.id AS id_1, "
    "speakers_1.name, documents_1.id AS id_2, documents_1.title, documents_1.url "
    "FROM claims LEFT OUTER JOIN speakers AS speakers_1 ON speakers_1.id = claims.speaker_id "
    "LEFT OUTER JOIN documents AS documents_1 ON documents_1.id = claims.document_id "
)
BY_SPEAKER = CLAIM_SELECT + ("WHERE claims.speaker_id = ? AND claims.claim_date IS NOT NULL "
                             "ORDER BY claims.claim_date DESC, claims.id DESC LIMIT ?")
BY_SPEAKER_AFTER = CLAIM_SELECT + ("WHERE claims.speaker_id = ? AND claims.claim_date IS NOT NULL "
                                   "AND (claims.claim_date, claims.id) < (?, ?) "
                                   "ORDER BY claims.claim_date DESC, claims.id DESC LIMIT ?")
UNDATED = CLAIM_SELECT + ("WHERE claims.speaker_id = ? AND claims.claim_date IS NULL "
                          "ORDER BY claims.id DESC LIMIT ?")
BY_ID = CLAIM_SELECT + "WHERE claims.id = ?"
KEY = "SELECT id, name, role, revoked_at FROM api_keys WHERE key_hash = ?"
SPEAKER = "SELECT id, name FROM speakers WHERE id = ?"
INSERT = ("INSERT INTO claims (speaker_id, statement, claim_date, source, document_id, span_start, span_end, "
          "span_stale, kind, cue, confidence, origin, status, edited_by, reviewed_at, external_id, created_at, "
          "updated_at, version) VALUES (?, ?, ?, NULL, NULL, NULL, NULL, ?, NULL, NULL, NULL, 'curator', "
          "'accepted', NULL, NULL, NULL, ?, ?, 1) RETURNING id")
AUDIT = ('INSERT INTO audit_events (entity, entity_id, action, actor, at, "before", "after") '
         "VALUES ('claim', ?, 'create', ?, ?, NULL, ?)")


def _iso(value):
    if value is None:
        return None
    if isinstance(value, str):
        return value  # SQLite hands dates back as text
    return value.isoformat()


def _claim(row) -> dict:
    return {"id": row[0], "speaker": {"id": row[20], "name": row[21]}, "statement": row[2],
            "date": _iso(row[3]), "source": row[4],
            "document": None if row[22] is None else {"id": row[22], "title": row[23], "url": row[24]},
            "span": None if row[6] is None else {"start": row[6], "end": row[7]}, "span_stale": bool(row[8]),
            "kind": row[9], "cue": row[10], "confidence": row[11], "origin": row[12], "status": row[13],
            "edited_by": row[14], "reviewed_at": _iso(row[15]), "created_at": _iso(row[17]),
            "updated_at": _iso(row[18]), "version": row[19], "external_id": row[16]}


def create_app() -> Flask:
    engine = make_engine(os.environ["CLAIMS_DATABASE_URL"])
    sqlite = engine.dialect.name == "sqlite"
    app = Flask(__name__)
    app.json.sort_keys = False

    def sql(statement: str) -> str:
        return statement if sqlite else statement.replace("?", "%s")

    def run(write: bool, work):
        connection = engine.raw_connection()  # pooled, with the service's SQLite pragmas
        try:
            cursor = connection.cursor()
            if sqlite:  # the service's engine emits these itself (pysqlite's own BEGIN is off)
                cursor.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            result = work(cursor)
            connection.commit() if write else connection.rollback()
            return result
        except BaseException:
            connection.rollback()
            raise
        finally:
            connection.close()

    @app.get("/v1/claims")
    def list_claims():
        speaker_id = int(request.args["speaker_id"])
        limit = int(request.args.get("limit", 50))
        after = request.args.get("cursor")

        def work(cursor):
            if after:
                day, last_id = after.split(",")
                cursor.execute(sql(BY_SPEAKER_AFTER), (speaker_id, day if sqlite else dt.date.fromisoformat(day),
                                                      int(last_id), limit + 1))
            else:
                cursor.execute(sql(BY_SPEAKER), (speaker_id, limit + 1))
            rows = cursor.fetchall()
            if len(rows) <= limit:
                cursor.execute(sql(UNDATED), (speaker_id, limit + 1 - len(rows)))
                rows += cursor.fetchall()
            return rows

        rows = run(False, work)
        next_cursor = None
        if len(rows) > limit:
            last = rows[limit - 1]
            next_cursor = f"{_iso(last[3])},{last[0]}" if last[3] is not None else None
        return jsonify({"items": [_claim(row) for row in rows[:limit]], "next_cursor": next_cursor})

    @app.get("/v1/claims/<int:claim_id>")
    def get_claim(claim_id: int):
        def work(cursor):
            cursor.execute(sql(BY_ID), (claim_id,))
            return cursor.fetchone()

        row = run(False, work)
        if row is None:
            abort(404)
        response = jsonify(_claim(row))
        response.headers["ETag"] = f'"{row[19]}"'
        return response

    @app.post("/v1/claims")
    def create_claim():
        token = request.headers.get("Authorization", "").partition(" ")[2].strip()
        digest = hashlib.sha256(token.encode()).hexdigest()
        body = request.get_json()
        now = dt.datetime.now(dt.UTC)

        def check_key(cursor):
            cursor.execute(sql(KEY), (digest,))
            return cursor.fetchone()

        key = run(False, check_key)
        if key is None or key[3] is not None or key[2] not in ("curator", "admin"):
            abort(401)

        def work(cursor):
            cursor.execute(sql(SPEAKER), (body["speaker_id"],))
            if cursor.fetchone() is None:
                abort(422)
            stamp = now.isoformat(" ") if sqlite else now
            cursor.execute(sql(INSERT), (body["speaker_id"], body["statement"], body.get("date"), False, stamp, stamp))
            claim_id = cursor.fetchone()[0]
            after = json.dumps({"speaker_id": body["speaker_id"], "statement": body["statement"],
                                "date": body.get("date"), "origin": "curator", "status": "accepted", "version": 1})
            cursor.execute(sql(AUDIT), (claim_id, key[1], stamp, after))
            cursor.execute(sql(BY_ID), (claim_id,))
            return cursor.fetchone()

        row = run(True, work)
        response = jsonify(_claim(row))
        response.status_code = 201
        response.headers["Location"] = f"/v1/claims/{row[0]}"
        return response

    return app
