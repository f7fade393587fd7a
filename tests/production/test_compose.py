"""No Docker engine runs in CI: the compose file's wiring is checked by reading it."""

import ipaddress
import json
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SETTINGS = (ROOT / "config" / "settings.py").read_text()
WEB_HOSTS = ("web-a", "web-b")  # the backends of deploy/varnish.vcl's director


def service(name):
    if name == "web":  # what every web host has; they are one definition
        assert service("web-a") == service("web-b")
        name = "web-a"
    return COMPOSE["services"][name]


def test_services_and_images():
    assert {"db", "redis", *WEB_HOSTS, "nginx", "minio"} <= set(COMPOSE["services"])
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
    for host in WEB_HOSTS:
        depends = service("varnish")["depends_on"][host]
        assert depends["condition"] == "service_healthy", host
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
    assert "collectstatic" in dockerfile
    # tests/production/proxy.py starts gunicorn with this same config file.
    cmd = next(line for line in dockerfile.splitlines() if line.startswith("CMD"))
    assert json.loads(cmd.removeprefix("CMD ")) == [
        "gunicorn", "-c", "config/gunicorn.py", "config.wsgi",
    ]  # fmt: skip
    assert "HEALTHCHECK" in dockerfile and "/healthz" in dockerfile


def test_gunicorn_config_reads_the_web_environment():
    config = (ROOT / "config" / "gunicorn.py").read_text()
    assert 'os.environ.get("WEB_CONCURRENCY"' in config
    assert re.search(r'forwarded_allow_ips = os.environ.get\("TRUSTED_PROXIES"', config)
    assert 'worker_class = "gthread"' in config


def test_migrations_run_once_before_the_web_replicas():
    migrate = service("migrate")
    assert migrate["command"] == ["python", "manage.py", "migrate", "--noinput"]
    assert migrate["depends_on"]["db"]["condition"] == "service_healthy"
    assert migrate.get("restart") == "no" and "deploy" not in migrate
    assert migrate["image"] == service("web")["image"]
    depends = service("web")["depends_on"]
    assert depends["migrate"]["condition"] == "service_completed_successfully"
    assert "command" not in service("web")  # the image's CMD: gunicorn only
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "migrate" not in dockerfile.split("\nCMD ")[1]


def test_only_nginx_is_published_and_the_proxies_are_the_ones_trusted():
    for name in (*WEB_HOSTS, "varnish"):
        assert "ports" not in service(name), name
    proxies = [
        service(name)["networks"]["default"]["ipv4_address"]
        for name in ("nginx", "varnish")
    ]
    assert service("web")["environment"]["TRUSTED_PROXIES"] == ",".join(proxies)
    (pool,) = COMPOSE["networks"]["default"]["ipam"]["config"]
    for address in proxies:
        ip = ipaddress.ip_address(address)
        assert ip in ipaddress.ip_network(pool["subnet"])
        # Other containers take addresses from ip_range only: never these.
        assert ip not in ipaddress.ip_network(pool["ip_range"])


def test_nginx_forwards_to_varnish_which_forwards_to_web():
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    assert "server varnish:80" in conf
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in conf
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in conf
    vcl = (ROOT / "deploy" / "varnish.vcl").read_text()
    hosts = vcl.split("# web hosts\n")[1].split("# end of web hosts\n")[0]
    for host in WEB_HOSTS:
        name = host.replace("-", "_")
        assert f'backend {name} {{\n    .host = "{host}";\n    .port = "8000";' in hosts
        assert f"web.add_backend({name});" in hosts
    assert "directors.round_robin()" in hosts
    assert (
        "./deploy/varnish.vcl:/etc/varnish/default.vcl:ro"
        in (service("varnish")["volumes"])
    )
    env = service("web")["environment"]
    assert env["STEPPE_EDGE"] == "varnish"
    assert env["STEPPE_EDGE_PURGE_URLS"] == "http://varnish/"


def test_varnish_probes_the_web_hosts_with_a_host_django_allows():
    vcl = (ROOT / "deploy" / "varnish.vcl").read_text()
    (host,) = re.findall(r'"Host: ([^"]+)"', vcl)
    allowed = service("web")["environment"]["DJANGO_ALLOWED_HOSTS"]
    assert host in re.sub(r"\$\{\w+:-(.*)\}", r"\1", allowed).split(",")
    assert ".probe = healthz;" in vcl
