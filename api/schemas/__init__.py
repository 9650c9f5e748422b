"""marshmallow schemas: the shapes of requests and responses, one module per resource. No queries here."""
