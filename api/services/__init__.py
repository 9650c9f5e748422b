"""Services hold the rules. They take a session and plain values, return models, raise domain errors and
only ``flush()``: the caller (a route, the CLI) owns the transaction."""
