"""Revisions in admin: list, diff, restore, autosave; who may do what."""

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from revisions import services
from revisions.models import Revision
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def urls(post, revision=None):
    base = f"/admin/blog/post/{post.pk}/"
    return {
        "list": base + "revisions/",
        "diff": revision and f"{base}revisions/{revision.pk}/",
        "restore": revision and f"{base}revisions/{revision.pk}/restore/",
        "autosave": base + "autosave/",
    }


@pytest.fixture
def two_versions(post, author, edit):
    edit(post, author, title="Winter in Astana", body="<p>Minus forty.</p>")
    edit(post, author, body="<p>Minus thirty.</p>")
    return Revision.objects.of(post).last()  # the older one


def test_the_change_form_links_the_revisions_and_carries_the_autosave(
    client, post, author
):
    client.force_login(author)
    page = client.get(f"/admin/blog/post/{post.pk}/change/").content.decode()
    assert f'href="{urls(post)["list"]}"' in page
    assert f'data-autosave-url="{urls(post)["autosave"]}"' in page
    assert "js/autosave.js" in page


def test_the_list_and_the_diff_show_what_changed(client, post, author, two_versions):
    client.force_login(author)
    listing = client.get(urls(post)["list"]).content.decode()
    assert "2 revisions, newest first" in listing
    assert "(current)" in listing
    page = client.get(urls(post, two_versions)["diff"]).content.decode()
    assert "Minus <del>forty.</del><ins>thirty.</ins>" in page
    assert "Restore this revision" in page


def test_an_author_restores_an_earlier_revision(client, post, author, two_versions):
    client.force_login(author)
    response = client.post(urls(post, two_versions)["restore"])
    assert response.status_code == 302
    assert response["Location"] == f"/admin/blog/post/{post.pk}/change/"
    post.refresh_from_db()
    assert post.body == "<p>Minus forty.</p>"
    assert Revision.objects.of(post).first().kind == Revision.Kind.RESTORE
    follow = client.get(response["Location"]).content.decode()
    assert "Restored the revision of" in follow


def test_restoring_shows_readers_the_restored_text(client, post, author, two_versions):
    assert "Minus thirty." in client.get(post.get_absolute_url()).content.decode()
    client.force_login(author)
    client.post(urls(post, two_versions)["restore"])
    client.logout()
    page = client.get(post.get_absolute_url()).content.decode()
    assert "Minus forty." in page and "Minus thirty." not in page


def test_restore_needs_a_post_request(client, post, author, two_versions):
    client.force_login(author)
    assert client.get(urls(post, two_versions)["restore"]).status_code == 405
    post.refresh_from_db()
    assert post.body == "<p>Minus thirty.</p>"


def test_restore_and_autosave_are_refused_without_the_csrf_token(
    post, author, two_versions
):
    client = Client(enforce_csrf_checks=True)
    client.force_login(author)
    assert client.post(urls(post, two_versions)["restore"]).status_code == 403
    autosave = client.post(urls(post)["autosave"], {"title": "x", "body": "<p>y</p>"})
    assert autosave.status_code == 403
    post.refresh_from_db()
    assert post.body == "<p>Minus thirty.</p>"
    assert not Revision.objects.filter(kind=Revision.Kind.AUTOSAVE).exists()


def test_with_the_token_from_the_form_the_autosave_is_kept(post, author):
    client = Client(enforce_csrf_checks=True)
    client.force_login(author)
    client.get(f"/admin/blog/post/{post.pk}/change/")
    token = client.cookies["csrftoken"].value
    response = client.post(
        urls(post)["autosave"],
        {"csrfmiddlewaretoken": token, "title": "Wip", "body": "<p>new</p>"},
    )
    assert response.status_code == 200
    assert response.json()["message"].startswith("Draft autosaved at")
    post.refresh_from_db()
    assert post.title == "Winter in Astana"  # the post did not change
    autosave = Revision.objects.of(post).get(kind=Revision.Kind.AUTOSAVE)
    assert (autosave.title, autosave.user) == ("Wip", author)


def test_readers_and_signed_out_visitors_cannot_autosave(client, post):
    response = client.post(urls(post)["autosave"], {"title": "x"})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.force_login(UserFactory(username="reader"))  # not staff
    response = client.post(urls(post)["autosave"], {"title": "x"})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert not Revision.objects.exists()


def test_a_moderator_sees_revisions_but_cannot_restore_or_autosave(
    client, post, moderator, two_versions
):
    client.force_login(moderator)
    assert client.get(urls(post)["list"]).status_code == 200
    page = client.get(urls(post, two_versions)["diff"]).content.decode()
    assert "Restore this revision" not in page
    assert client.post(urls(post, two_versions)["restore"]).status_code == 403
    assert client.post(urls(post)["autosave"], {"title": "x"}).status_code == 403
    post.refresh_from_db()
    assert post.body == "<p>Minus thirty.</p>"


def test_an_autosave_is_offered_when_the_author_comes_back(client, post, author):
    services.record_revision(obj=post, user=author)
    autosave = services.autosave(
        model=type(post), obj=post, user=author, data={"title": "T", "body": "<p>b</p>"}
    )
    client.force_login(author)
    page = client.get(f"/admin/blog/post/{post.pk}/change/").content.decode()
    assert "You have an autosaved draft from" in page
    assert urls(post, autosave)["diff"] in page
    client.post(urls(post, autosave)["restore"])
    post.refresh_from_db()
    assert post.body == "<p>b</p>"


def test_others_autosaves_stay_private(client, post, author, two_versions):
    other = UserFactory(username="erin", group="Authors")
    autosave = services.autosave(
        model=type(post), obj=post, user=other, data={"title": "Erin's wip"}
    )
    client.force_login(author)
    assert "Erin&#x27;s wip" not in client.get(urls(post)["list"]).content.decode()
    assert client.get(urls(post, autosave)["diff"]).status_code == 404
    assert client.post(urls(post, autosave)["restore"]).status_code == 404


def test_a_new_posts_autosave_is_offered_on_the_add_form(client, author):
    client.force_login(author)
    response = client.post(
        "/admin/blog/post/autosave/",
        {"title": "Unsaved thoughts", "body": "<p>half</p>", "tags": "a, b"},
    )
    assert response.status_code == 200
    page = client.get("/admin/blog/post/add/").content.decode()
    autosave = Revision.objects.get(object_id="")
    assert f"?autosave={autosave.pk}" in page
    page = client.get(f"/admin/blog/post/add/?autosave={autosave.pk}").content.decode()
    # The title is a textarea (it wraps, so it is never cut off).
    assert re.search(
        r'<textarea name="title"[^>]*>\s*Unsaved thoughts</textarea>', page
    )
    assert "&lt;p&gt;half&lt;/p&gt;" in page


def test_a_revision_of_another_post_is_not_found(client, post, author, two_versions):
    from tests.factories import PostFactory

    other = PostFactory(author=author)
    client.force_login(author)
    assert client.get(urls(other, two_versions)["diff"]).status_code == 404
    assert client.post(urls(other, two_versions)["restore"]).status_code == 404


def add_revisions(post, author, count):
    start = timezone.now() - datetime.timedelta(days=1)
    Revision.objects.bulk_create(
        Revision(
            content_object=post,
            user=author if n % 2 else UserFactory(),
            title=f"Title {n}",
            body=f"<p>Body {n}</p>",
            created_at=start + datetime.timedelta(minutes=n),
        )
        for n in range(count)
    )


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_the_revision_list_runs_the_same_queries_at_5_and_100(client, author):
    from tests.factories import PostFactory

    small, large = PostFactory(author=author), PostFactory(author=author)
    add_revisions(small, author, 5)
    add_revisions(large, author, 100)
    client.force_login(author)
    count_queries(client, urls(small)["list"])  # warm ContentType and Site caches
    at_5 = count_queries(client, urls(small)["list"])
    at_100 = count_queries(client, urls(large)["list"])
    assert at_5 == at_100, (at_5, at_100)
    assert (
        "100 revisions, newest first"
        in client.get(urls(large)["list"]).content.decode()
    )
    print(f"revision list: {at_5} queries at 5 and {at_100} at 100 revisions")


def test_a_revision_showing_a_deleted_image_says_so_and_does_not_fail(
    client, post, author, settings
):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    name = default_storage.save("posts/2026/yurt.png", ContentFile(b"png"))
    post.body = f'<p>Look:</p><img src="{settings.MEDIA_URL}{name}" alt="A yurt">'
    post.save()
    old = services.record_revision(obj=post, user=author)
    post.body = "<p>Look: no picture now.</p>"
    post.save()
    services.record_revision(obj=post, user=author)
    default_storage.delete(name)

    client.force_login(author)
    response = client.get(urls(post, old)["diff"])
    assert response.status_code == 200
    page = response.content.decode()
    assert "<del>[missing image: A yurt]</del>" in page
    assert "refers to an image that no longer exists" in page
    assert client.post(urls(post, old)["restore"]).status_code == 302


def test_the_diff_page_escapes_what_authors_wrote(client, post, author):
    post.title = '<script>alert("t")</script>'
    post.save()
    old = services.record_revision(obj=post, user=author)
    post.title = "Plain"
    post.save()
    client.force_login(author)
    page = client.get(urls(post, old)["diff"]).content.decode()
    assert '<script>alert("t")' not in page
    assert "&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;" in page
