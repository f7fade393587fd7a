import pytest
from django.core.management import call_command
from django_comments_xtd.models import XtdComment
from taggit.models import Tag

from blog.models import Post, Series

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "posts": list(Post.objects.values_list("slug", "updated_at").order_by("slug")),
        "series": Series.objects.count(),
        "tags": Tag.objects.count(),
        "comments": XtdComment.objects.count(),
    }


def test_load_demo_is_idempotent_and_reads_like_the_seed(client):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = snapshot()
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert snapshot() == first
    # The four seed posts and the Russian translation of one (blog.languages.demo).
    assert len(first["posts"]) == 5 and first["series"] == 2

    tag_page = client.get("/tag/osce/").content.decode()
    assert "Posts tagged OSCE" in tag_page
    for title in (
        "Brave Stories already told in 2008 OSCE Report on Sex Trafficking",
        "Courage Needed to Change “Dark Side of Prosperity” (Part IV)",
        "“Collaborative Force Against Human Trafficking” (Part II)",
        "Expats’ Impressions of Living in Kazakhstan (Final Part VI)",
    ):
        assert title in tag_page
    assert tag_page.count("Leave a comment »") == 4
    assert tag_page.count("Comments (1) »") == 1
    assert "Final Part VI" in tag_page and "Part IV" in tag_page

    final = Post.objects.get(slug__startswith="expats-impressions")
    page = client.get(final.get_absolute_url()).content.decode()
    assert "Get rid of Borat" in page
    assert "Final Part VI of" in page
    assert "Aigerim" in page
    assert final.featured_image and final.featured_image.renditions
    assert client.get("/tag/казахстан/").status_code == 200


def test_load_demo_prints_logins(capsys):
    call_command("load_demo")
    out = capsys.readouterr().out
    assert "author / steppe-author" in out and "moderator / steppe-moderator" in out
