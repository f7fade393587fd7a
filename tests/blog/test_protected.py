"""Password-protected posts: the reader's flow, and everywhere the body must not go."""

import json
import re

import pytest
from django.test import Client

from blog.protected import cookie_name
from tests.factories import CommentFactory, PostFactory, comment_post_data

pytestmark = pytest.mark.django_db

SECRET_WORDS = "Zhambyl caravanserai whispers"
BODY = f"<p>{SECRET_WORDS} of the hidden oasis.</p>"


@pytest.fixture
def secret():
    return PostFactory(
        title="Members only",
        body=BODY,
        excerpt="An excerpt nobody may read yet",
        password="open sesame",
        tags=["OSCE"],
    )


def unlock(client, post, password="open sesame", ip="198.51.100.9"):
    return client.post(post.get_absolute_url(), {"password": password}, REMOTE_ADDR=ip)


def read(client, post):
    return client.get(post.get_absolute_url()).content.decode()


def test_locked_page_asks_for_the_password_in_a_labelled_form(client, secret):
    response = client.get(secret.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Members only" in html
    assert SECRET_WORDS not in html and "An excerpt nobody" not in html
    assert '<label for="id_password">Password</label>' in html
    assert 'type="password" name="password" id="id_password"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert f'action="{secret.get_absolute_url()}"' in html


def test_right_password_unlocks_the_post_for_the_session(client, secret):
    response = unlock(client, secret)
    assert response.status_code == 303
    assert response["Location"] == secret.get_absolute_url()
    cookie = response.cookies[cookie_name(secret)]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert not cookie["max-age"] and not cookie["expires"]  # a session cookie
    assert "open sesame" not in cookie.value
    html = client.get(secret.get_absolute_url()).content.decode()
    assert SECRET_WORDS in html and 'id="id_password"' not in html


def test_wrong_password_shows_the_form_again_with_an_error(client, secret):
    response = unlock(client, secret, password="guess")
    assert response.status_code == 400
    html = response.content.decode()
    assert "That is not the password of this post." in html
    assert 'aria-invalid="true"' in html and SECRET_WORDS not in html
    assert cookie_name(secret) not in response.cookies
    assert SECRET_WORDS not in client.get(secret.get_absolute_url()).content.decode()
    empty = unlock(client, secret, password="")
    assert empty.status_code == 400 and "This field is required." in (
        empty.content.decode()
    )


def test_the_password_form_needs_its_csrf_token(secret):
    client = Client(enforce_csrf_checks=True)
    assert unlock(client, secret).status_code == 403


def test_cookie_unlocks_only_its_own_post(client, secret):
    other = PostFactory(body="<p>Another hidden text.</p>", password="open sesame")
    unlocked = unlock(client, secret)
    assert "Another hidden text" not in read(client, other)
    # The same signed value under the other post's name does not open it either.
    value = unlocked.cookies[cookie_name(secret)].value
    thief = Client()
    thief.cookies[cookie_name(other)] = value
    assert "Another hidden text" not in read(thief, other)
    # Nor does a hand-made cookie.
    thief.cookies[cookie_name(secret)] = "1"
    assert SECRET_WORDS not in thief.get(secret.get_absolute_url()).content.decode()


def test_changing_the_password_locks_readers_out_again(client, secret):
    unlock(client, secret)
    secret.password = "new words"
    secret.save()
    assert SECRET_WORDS not in client.get(secret.get_absolute_url()).content.decode()


def test_wrong_passwords_are_limited_per_address(client, settings, secret):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        assert unlock(client, secret, password="guess").status_code == 400
    blocked = unlock(client, secret, password="open sesame")  # even the right one
    assert blocked.status_code == 429
    assert "Too many wrong passwords from your address" in blocked.content.decode()
    assert cookie_name(secret) not in blocked.cookies
    # Another address is not locked out by this one's guesses.
    assert unlock(client, secret, ip="192.0.2.77").status_code == 303


def test_right_password_resets_the_count(client, settings, secret):
    settings.AXES_FAILURE_LIMIT = 2
    unlock(client, secret, password="guess")
    assert unlock(client, secret).status_code == 303
    unlock(client, secret, password="guess")
    assert unlock(client, secret).status_code == 303


def test_limit_uses_the_shared_client_address_function(client, settings, secret):
    """Guesses are counted by blog.comments.views.client_ip, as comments are."""
    settings.AXES_FAILURE_LIMIT = 1
    unlock(client, secret, password="guess", ip="203.0.113.5")
    assert unlock(client, secret, ip="203.0.113.5").status_code == 429
    assert unlock(client, secret, ip="203.0.113.6").status_code == 303


def test_public_post_ignores_a_password_post(client):
    post = PostFactory()
    response = unlock(client, post)
    assert response.status_code == 302 and response["Location"] == (
        post.get_absolute_url()
    )


def test_listings_show_the_title_and_a_protected_mark_but_no_excerpt(client, secret):
    short = PostFactory(title="Short secret", body="<p>Tiny secret.</p>", password="x")
    for url in ("/", "/tag/osce/", f"/author/{secret.author.username}/"):
        html = client.get(url).content.decode()
        assert "Members only" in html, url
        assert '<span class="mark mark-protected">Protected</span>' in html, url
        assert SECRET_WORDS not in html and "An excerpt nobody" not in html, url
    home = client.get("/").content.decode()
    assert short.title in home and "Tiny secret" not in home  # short posts too


def test_meta_tags_and_json_ld_carry_nothing_of_the_body(client, secret):
    html = client.get(secret.get_absolute_url()).content.decode()
    head = html.split("</head>")[0]
    assert SECRET_WORDS not in head and "An excerpt nobody" not in head
    description = re.search(r'<meta name="description" content="([^"]*)"', head)[1]
    assert "protected" in description
    data = json.loads(re.search(r'ld\+json">(.*?)</script>', head, re.S)[1])
    assert "protected" in data["description"]
    assert "wordCount" not in data and "image" not in data
    # Unlocked, the head still tells crawlers and link previews nothing.
    unlock(client, secret)
    head = client.get(secret.get_absolute_url()).content.decode().split("</head>")[0]
    assert SECRET_WORDS not in head and "An excerpt nobody" not in head


@pytest.mark.parametrize("full", [True, False])
def test_feeds_never_carry_the_body(client, settings, secret, full):
    settings.FEED_FULL_CONTENT = full
    author_feed = f"/author/{secret.author.username}/feed/"
    for url in ("/feed/", "/feed/atom/", "/tag/osce/feed/", author_feed):
        body = client.get(url).content.decode()
        assert "Members only" in body, url
        assert SECRET_WORDS not in body and "An excerpt nobody" not in body, url
        assert "protected post" in body


def test_search_finds_it_by_title_never_by_or_with_its_body(client, secret):
    PostFactory(title="Open post", body=f"<p>{SECRET_WORDS} in public.</p>")
    by_body = client.get("/search/", {"q": "caravanserai"}).content.decode()
    assert "Open post" in by_body and "Members only" not in by_body
    by_excerpt = client.get("/search/", {"q": "excerpt nobody"}).content.decode()
    assert "Members only" not in by_excerpt
    by_title = client.get("/search/", {"q": "members"}).content.decode()
    assert "Members only" in by_title
    assert SECRET_WORDS not in by_title and "An excerpt nobody" not in by_title


def test_search_corrections_do_not_draw_on_protected_words(client):
    PostFactory(title="Hidden", body="<p>Qyzylorda Qyzylorda</p>", password="pw")
    html = client.get("/search/", {"q": "qyzylordo"}).content.decode()
    assert "qyzylorda" not in html.lower()


def test_protected_page_is_never_cached_and_says_so(client, secret):
    for _ in range(2):
        locked = client.get(secret.get_absolute_url())
        assert locked["Cache-Control"] == "private, no-store"
        assert "ETag" not in locked
    unlock(client, secret)
    for _ in range(2):
        opened = client.get(secret.get_absolute_url())
        assert SECRET_WORDS in opened.content.decode()
        assert opened["Cache-Control"] == "private, no-store"
        assert "ETag" not in opened
    # A reader without the cookie gets the form, not the unlocked page.
    assert SECRET_WORDS not in Client().get(secret.get_absolute_url()).content.decode()


def test_wrong_password_responses_are_not_cached_either(client, secret):
    response = unlock(client, secret, password="guess")
    assert response["Cache-Control"] == "private, no-store"


def test_a_post_that_becomes_protected_is_purged_from_the_edge(client, settings):
    from blog.edge.models import PendingPurge

    settings.STEPPE_EDGE = "varnish"
    settings.STEPPE_EDGE_PURGE_URLS = ["http://127.0.0.1:1/"]  # queued, not sent
    post = PostFactory(body=BODY)
    shown = {
        url: set(client.get(url)["xkey"].split())
        for url in (post.get_absolute_url(), "/")
    }
    PendingPurge.objects.all().delete()
    post.password = "now secret"
    post.save()
    queued = set(PendingPurge.objects.get().keys.split())
    for url, keys in shown.items():
        assert keys & queued, url
        assert SECRET_WORDS not in client.get(url).content.decode(), url


def test_comments_are_hidden_until_unlocked(client, secret):
    CommentFactory(post=secret, comment="A comment about the oasis")
    locked = client.get(secret.get_absolute_url()).content.decode()
    assert "A comment about the oasis" not in locked and 'id="comments"' not in locked
    unlock(client, secret)
    unlocked = client.get(secret.get_absolute_url()).content.decode()
    assert "A comment about the oasis" in unlocked and 'id="respond"' in unlocked


def test_comments_cannot_be_posted_or_replied_to_while_locked(client, secret):
    parent = CommentFactory(post=secret, comment="Parent on a protected post")
    response = client.post("/comments/post/", comment_post_data(secret))
    assert response.status_code == 403
    assert "This post is protected" in response.content.decode()
    assert client.get(f"/comments/reply/{parent.pk}/").status_code == 404
    unlock(client, secret)
    assert client.get(f"/comments/reply/{parent.pk}/").status_code == 200


def test_comment_feed_leaves_out_comments_on_protected_posts(client, secret):
    CommentFactory(post=secret, comment="Hidden remark")
    CommentFactory(comment="Public remark")
    feed = client.get("/comments/feed/").content.decode()
    assert "Public remark" in feed and "Hidden remark" not in feed


def test_sitemap_may_list_the_url(client, secret):
    assert secret.get_absolute_url() in client.get("/sitemap.xml").content.decode()


def test_authors_preview_shows_the_body(client, secret):
    from tests.factories import UserFactory

    client.force_login(UserFactory(group="Authors"))
    html = client.get(f"/preview/{secret.pk}/").content.decode()
    assert SECRET_WORDS in html


def test_export_keeps_protected_posts_protected_and_pinned_sticky(secret):
    import io

    from django.core.management import call_command

    PostFactory(title="Pinned one", pinned=True)
    out = io.StringIO()
    call_command("export_wxr", stdout=out, stderr=io.StringIO())
    items = {
        re.search(r"<title>(.*?)</title>", item)[1]: item
        for item in out.getvalue().split("<item>")[1:]
    }
    assert "<wp:post_password>open sesame</wp:post_password>" in items["Members only"]
    assert "<wp:is_sticky>0</wp:is_sticky>" in items["Members only"]
    assert "<wp:is_sticky>1</wp:is_sticky>" in items["Pinned one"]
    assert "<wp:post_password></wp:post_password>" in items["Pinned one"]
