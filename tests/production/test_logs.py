import json
import logging

import pytest

from config.logs import JsonFormatter


@pytest.mark.django_db
def test_one_json_line_per_request_with_the_readers_address(client, caplog):
    with caplog.at_level(logging.INFO, logger="steppe.request"):
        client.get("/no-such-page/", REMOTE_ADDR="198.51.100.23")
    record = next(r for r in caplog.records if r.name == "steppe.request")
    line = json.loads(JsonFormatter().format(record))
    assert line["method"] == "GET" and line["path"] == "/no-such-page/"
    assert line["status"] == 404 and line["ms"] >= 0
    assert line["ip"] == "198.51.100.23" and "user" not in line


def test_errors_carry_their_traceback_as_one_json_line():
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.LogRecord(
            "django.request", logging.ERROR, __file__, 1, "failed", None,
            exc_info=__import__("sys").exc_info(),
        )  # fmt: skip
    text = JsonFormatter().format(record)
    assert "\n" not in text
    line = json.loads(text)
    assert line["level"] == "error" and "ValueError: boom" in line["error"]
