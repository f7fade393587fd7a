"""The compose stack retries queued mail without cron (read from the file)."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_a_mailer_service_retries_and_sends_the_queue():
    mailer, web = COMPOSE["services"]["mailer"], COMPOSE["services"]["web-a"]
    command = " ".join(mailer["command"])
    assert command.index("retry_deferred") < command.index("send_mail")
    assert "while" in command and "sleep" in command
    assert mailer["environment"] == web["environment"]  # same database and SMTP
    assert mailer["build"] == web["build"]
    assert mailer["healthcheck"] == {"disable": True}  # no web server inside
    assert mailer["depends_on"]["web-a"]["condition"] == "service_healthy"
