"""Summary, word count and reading time are stored on save, not derived per view."""

import datetime
import importlib

import pytest
from django.apps import apps

from blog.models import Post
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db

LONG_BODY = "<p>" + " ".join(f"word{i}" for i in range(450)) + " &amp; more</p>"


def test_save_stores_summary_word_count_and_reading_time():
    post = PostFactory(body=LONG_BODY)
    stored = Post.objects.values("summary_text", "body_words", "reading_minutes").get(
        pk=post.pk
    )
    assert stored["summary_text"].startswith("word0 word1 ")
    assert stored["summary_text"].endswith("word54 …")
    assert stored["body_words"] == 452
    assert stored["reading_minutes"] == 3
    post.excerpt = "Written by hand."
    post.save()
    assert Post.objects.get(pk=post.pk).summary_text == "Written by hand."


def test_listings_show_the_stored_summary_without_reading_the_body(client):
    post = PostFactory(body=LONG_BODY)
    # A change behind save()'s back: if a view derived text from the body, it
    # would show it; the listing shows what save() stored.
    Post.objects.filter(pk=post.pk).update(
        body="<p>" + "changed " * 300 + "</p>", summary_text="Stored summary."
    )
    html = client.get("/").content.decode()
    assert "Stored summary." in html
    assert "changed changed" not in html


def test_a_protected_post_stores_no_summary():
    post = PostFactory(body=LONG_BODY, password="open sesame")
    assert Post.objects.get(pk=post.pk).summary_text == ""
    assert "word0" not in post.summary
    post.password = ""
    post.save()
    assert Post.objects.get(pk=post.pk).summary.startswith("word0")


def test_the_data_migration_fills_existing_posts():
    post = PostFactory(body=LONG_BODY, excerpt="")
    secret = PostFactory(body=LONG_BODY, password="pw")
    Post.objects.update(summary_text="", body_words=0, reading_minutes=1)
    migration = importlib.import_module(
        "blog.migrations.0016_post_derived_text_on_save"
    )
    migration.fill_derived_text(apps, None)
    post.refresh_from_db()
    secret.refresh_from_db()
    assert post.summary_text.startswith("word0") and post.body_words == 452
    assert post.reading_minutes == 3
    assert secret.summary_text == "" and secret.body_words == 452


def test_the_address_follows_a_changed_slug_or_date():
    post = PostFactory(
        slug="first",
        published_at=datetime.datetime(2011, 2, 19, 12, tzinfo=datetime.UTC),
    )
    assert post.get_absolute_url() == "/2011/02/19/first/"
    post.slug = "second"
    assert post.get_absolute_url() == "/2011/02/19/second/"
    post.published_at = datetime.datetime(2012, 3, 4, 12, tzinfo=datetime.UTC)
    assert post.get_absolute_url() == "/2012/03/04/second/"
