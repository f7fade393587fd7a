"""The Site row follows SITE_DOMAIN on every migrate (blog/sites.py)."""

from pathlib import Path

import pytest
from django.contrib.sites.models import Site
from django.core.management import call_command

from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


def test_migrate_moves_the_site_and_its_links_to_a_new_domain(client, settings):
    post = PostFactory()
    settings.SITE_DOMAIN = "127.0.0.1:8300"
    call_command("migrate", verbosity=0)
    assert Site.objects.get_current().domain == "127.0.0.1:8300"
    sitemap = client.get("/sitemap.xml").content.decode()
    assert f"<loc>http://127.0.0.1:8300{post.get_absolute_url()}</loc>" in sitemap
    feed = client.get("/feed/").content.decode()
    assert f"http://127.0.0.1:8300{post.get_absolute_url()}" in feed


PRINT_SITE_DOMAIN = "from config import settings; print(settings.SITE_DOMAIN)"


def site_domain(**env):
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "SITE_DOMAIN"} | env
    result = subprocess.run(
        [sys.executable, "-c", PRINT_SITE_DOMAIN],
        cwd=Path(__file__).resolve().parents[2], env=env, capture_output=True,
        text=True, timeout=60, check=True,
    )  # fmt: skip
    return result.stdout.strip()


def test_unset_site_domain_is_the_host_served():
    production = {"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "x" * 50}
    hosts = "blog.example.com,www.example.com"
    assert site_domain(**production, DJANGO_ALLOWED_HOSTS=hosts) == "blog.example.com"
    assert site_domain(**production, DJANGO_ALLOWED_HOSTS=".example.org") == (
        "example.org"
    )
    assert site_domain(**production, DJANGO_ALLOWED_HOSTS="") == "127.0.0.1:8000"
    assert site_domain(DJANGO_DEBUG="1") == "127.0.0.1:8000"
    assert site_domain(**production, SITE_DOMAIN="a.kz") == "a.kz"
    assert site_domain(DJANGO_DEBUG="1", SITE_DOMAIN="a.kz:81") == "a.kz:81"
