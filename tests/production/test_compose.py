"""No Docker engine runs in CI: the compose file's wiring is checked by reading it."""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SETTINGS = (ROOT / "config" / "settings.py").read_text()


def service(name):
    return COMPOSE["services"][name]


def test_services_and_images():
    assert {"db", "redis", "web", "nginx", "minio"} <= set(COMPOSE["services"])
    assert service("db")["image"] == "postgres:16"
    assert service("redis")["image"] == "redis:7"
    assert service("web")["build"] == "."


def test_database_keeps_its_data_in_a_named_volume():
    assert "pgdata:/var/lib/postgresql/data" in service("db")["volumes"]
    assert "pgdata" in COMPOSE["volumes"]


def test_healthchecks():
    for name in ("db", "redis", "web", "minio"):
        assert service(name)["healthcheck"]["test"], name
    assert "/healthz" in " ".join(service("web")["healthcheck"]["test"])


def test_web_waits_for_healthy_services():
    depends = service("web")["depends_on"]
    assert depends["db"]["condition"] == "service_healthy"
    assert depends["redis"]["condition"] == "service_healthy"
    assert service("varnish")["depends_on"]["web"]["condition"] == "service_healthy"
    assert "varnish" in service("nginx")["depends_on"]


def test_web_environment_points_at_the_services_and_is_read_by_settings():
    env = service("web")["environment"]
    assert env["DJANGO_DEBUG"] == "0"
    assert "@db:5432/" in env["DATABASE_URL"] and env["REDIS_URL"].startswith(
        "redis://redis"
    )
    assert env["AWS_S3_ENDPOINT_URL"] == "http://minio:9000"
    for name in env:
        if name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "WEB_CONCURRENCY"):
            continue  # read by boto3 and by the container's start command
        assert f'"{name}"' in SETTINGS, f"settings.py never reads {name}"


def test_dockerfile_runs_the_tested_start_command():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert dockerfile.startswith("# ") and "FROM python:3.11-slim" in dockerfile
    assert "collectstatic" in dockerfile and "migrate --noinput" in dockerfile
    assert re.search(
        r"gunicorn config\.wsgi .*--workers \$\{WEB_CONCURRENCY", dockerfile
    )
    assert "HEALTHCHECK" in dockerfile and "/healthz" in dockerfile


def test_nginx_forwards_to_varnish_which_forwards_to_web():
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    assert "server varnish:80" in conf and "X-Forwarded-Proto" in conf
    vcl = (ROOT / "deploy" / "varnish.vcl").read_text()
    assert '.host = "web";' in vcl and '.port = "8000";' in vcl
    assert (
        "./deploy/varnish.vcl:/etc/varnish/default.vcl:ro"
        in (service("varnish")["volumes"])
    )
    env = service("web")["environment"]
    assert env["STEPPE_EDGE"] == "varnish"
    assert env["STEPPE_EDGE_PURGE_URLS"] == "http://varnish/"
