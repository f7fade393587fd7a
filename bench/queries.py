"""Queries each page runs (in-process test client), as JSON: python queries.py URL..."""

import json
import sys

import common  # noqa: F401  sets Django up
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

client = Client(HTTP_HOST="localhost")
counts = {}
for url in sys.argv[1:]:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        status = client.get(url).status_code
    counts[url] = len(queries) if status == 200 else f"status {status}"
print(json.dumps(counts))
