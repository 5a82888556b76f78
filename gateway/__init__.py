"""Gateway: the one public HTTP API, auth, live push (SSE)."""
