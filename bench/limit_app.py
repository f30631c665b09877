"""The machine's limit: a bare WSGI app returning fixed bytes from memory (run under gunicorn)."""

import os
from pathlib import Path

BODY = Path(os.environ["LIMIT_BODY_FILE"]).read_bytes()
HEADERS = [("Content-Type", "application/json"), ("Content-Length", str(len(BODY)))]


def app(environ, start_response):
    start_response("200 OK", HEADERS)
    return [BODY]
