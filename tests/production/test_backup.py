"""make backup / make restore round-trip the demo blog into a scratch database."""

import os
import stat
import subprocess
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
TABLES = ["blog_post", "taggit_tag", "blog_taggedpost", "django_comments"]
TABLES += [
    "surveys_survey",
    "surveys_choice",
    "surveys_quote",
    "auth_user",
    "auth_group",
]

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="pg_dump backups are for PostgreSQL"
)


def url(name):
    settings = connection.settings_dict
    host, port = settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
    return f"postgres://{settings['USER']}@{host}:{port}/{name}"


def counts(database_url):
    with psycopg.connect(database_url) as db:
        return {
            t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES
        }


@pytest.fixture
def scratch_database():
    # Named after this run's test database, so parallel runs on one server never meet.
    name = f"{connection.settings_dict['NAME']}_restore_check"
    with psycopg.connect(url("postgres"), autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name}")
        admin.execute(f"CREATE DATABASE {name}")
    yield url(name)
    with psycopg.connect(url("postgres"), autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_backup_and_restore_round_trip(transactional_db, scratch_database, tmp_path):
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    source = url(connection.settings_dict["NAME"])
    env = os.environ | {"DATABASE_URL": source, "BACKUP_DIR": str(tmp_path)}
    made = subprocess.run(["make", "-s", "backup"], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=True)  # fmt: skip
    dump = made.stdout.strip().splitlines()[-1]
    assert Path(dump).name.startswith("steppe-") and Path(dump).stat().st_size > 0
    assert stat.S_IMODE(Path(dump).stat().st_mode) == 0o600  # not world-readable
    assert stat.S_IMODE(tmp_path.stat().st_mode) == 0o700
    env["DATABASE_URL"] = scratch_database
    subprocess.run(["make", "-s", "restore", f"FILE={dump}"], cwd=ROOT, env=env,
                   capture_output=True, text=True, check=True)  # fmt: skip
    before, after = counts(source), counts(scratch_database)
    assert before == after
    assert after["blog_post"] == 5 and after["surveys_quote"] == 17
