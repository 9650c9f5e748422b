"""HTTP layer: flask-smorest blueprints that parse, call one service, commit and shape the response."""
