"""The Site row follows SITE_DOMAIN on every migrate (blog/sites.py)."""

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
