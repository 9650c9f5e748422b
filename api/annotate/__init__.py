"""The annotation pipeline: document text and metadata in, claim candidates out.

Pure Python on purpose: it imports neither Flask, SQLAlchemy, marshmallow nor the rest of ``api``, so it can
run in a worker process, in ``claims extract`` with no database, and in tests without any fixtures.
"""
