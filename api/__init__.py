"""The claims service: documents, speakers and the claims extracted from them.

Kept free of imports so that ``import api.annotate`` in a worker loads neither Flask nor SQLAlchemy.
Start the web app with the factory ``api.app:create_app``.
"""
