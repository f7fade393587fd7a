"""Whole pages for anonymous readers: served from the cache, fresh the moment what
they show changes, and only those pages."""

import datetime
import re
import time

import pytest
from django.core.signing import get_cookie_signer
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_comments_xtd.models import XtdComment

from blog.comments.services import approve_comments
from blog.models import Post
from surveys.models import Answer, Quote, Response
from surveys.services import moderate_quotes
from surveys.views import COOKIE_SALT
from tests.factories import (
    CommentFactory,
    PostFactory,
    UserFactory,
    comment_post_data,
    make_survey,
)

pytestmark = pytest.mark.django_db


def cache_state(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response["X-Page-Cache"], response.content.decode()


def test_second_visit_is_served_from_the_cache_without_queries(client):
    post = PostFactory(tags=["OSCE"])
    for url in ("/", "/tag/osce/", "/feed/", "/sitemap.xml", post.get_absolute_url()):
        assert cache_state(client, url)[0] == "miss"
        with CaptureQueriesContext(connection) as queries:
            state, html = cache_state(client, url)
        assert state == "hit", url
        assert len(queries) == 0, (url, [q["sql"] for q in queries])
        assert post.slug in html


def test_approved_comment_shows_at_once_and_other_posts_stay_cached(client):
    post, other = PostFactory(), PostFactory()
    held = CommentFactory(post=post, is_public=False, comment="Held for a moderator")
    for url in ("/", post.get_absolute_url(), other.get_absolute_url()):
        client.get(url)
    assert "Held for a moderator" not in cache_state(client, post.get_absolute_url())[1]

    moderator = UserFactory(group="Moderators")
    approve_comments(
        comments=XtdComment.objects.filter(pk=held.pk), moderator=moderator
    )

    state, html = cache_state(client, post.get_absolute_url())
    assert state == "miss"
    assert "Held for a moderator" in html
    state, home = cache_state(client, "/")
    assert state == "miss"
    assert f'href="{post.get_absolute_url()}#comments">Comments (1)' in home
    assert cache_state(client, other.get_absolute_url())[0] == "hit"


def test_editing_a_body_refreshes_its_pages_only(client):
    post = PostFactory(tags=["OSCE"])
    elsewhere = PostFactory(tags=["Almaty"])
    for url in ("/", "/tag/almaty/", post.get_absolute_url()):
        client.get(url)

    post.body = "<p>Rewritten after the trip.</p>"
    post.save()

    assert (
        "Rewritten after the trip." in cache_state(client, post.get_absolute_url())[1]
    )
    assert cache_state(client, "/")[0] == "miss"  # its excerpt is there
    assert cache_state(client, "/tag/almaty/")[0] == "hit"
    assert elsewhere.title in cache_state(client, "/tag/almaty/")[1]


def test_unpublishing_takes_the_post_off_every_page(client):
    post = PostFactory(title="Soon gone", tags=["OSCE"])
    for url in ("/", "/tag/osce/", "/feed/", post.get_absolute_url()):
        client.get(url)
    post.status = Post.Status.DRAFT
    post.save()
    for url in ("/", "/feed/"):
        assert "Soon gone" not in cache_state(client, url)[1]
    assert client.get(post.get_absolute_url()).status_code == 404
    assert "Soon gone" not in client.get("/tag/osce/").content.decode()


def test_scheduled_post_appears_at_its_time_with_caching_on(client):
    PostFactory(title="Already out")
    PostFactory(
        title="Goes live shortly",
        published_at=timezone.now() + datetime.timedelta(seconds=2),
    )
    state, html = cache_state(client, "/")
    assert "Goes live shortly" not in html
    assert cache_state(client, "/")[0] == "hit"
    time.sleep(2.2)
    state, html = cache_state(client, "/")
    assert state == "miss"
    assert "Goes live shortly" in html
    assert "Goes live shortly" in cache_state(client, "/feed/")[1]


def test_a_cached_post_page_has_a_working_form_for_each_reader(client, settings):
    settings.COMMENTS_MIN_FILL_SECONDS = 0
    post = PostFactory()
    client.get(post.get_absolute_url())
    for number in range(2):
        reader = Client(enforce_csrf_checks=True)
        asked_at = int(time.time())
        response = reader.get(post.get_absolute_url())
        assert response["X-Page-Cache"] == "hit"
        html = response.content.decode()
        assert "<!--live" not in html and "\x00" not in html
        fields = dict(
            re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html)
        )
        # Signed when this reader asked, not when the page was kept; and no CSRF
        # cookie, which a page kept by the edge could not set (blog.edge.origin).
        assert int(fields["timestamp"]) >= asked_at
        assert "csrfmiddlewaretoken" not in fields and not response.cookies
        data = comment_post_data(
            post, comment="From a cached page", email=f"reader{number}@example.org"
        )
        data |= {k: fields[k] for k in ("timestamp", "security_hash")}
        sent = reader.post(
            "/comments/post/",
            data,
            REMOTE_ADDR=f"10.0.0.{number}",
            headers={"Sec-Fetch-Site": "same-origin"},
        )
        assert sent.status_code == 302, sent.content.decode()[:500]
    assert XtdComment.objects.filter(comment="From a cached page").count() == 2


def test_comments_closing_ends_the_cached_page(client, settings):
    settings.COMMENTS_CLOSE_AFTER_DAYS = 14
    post = PostFactory(
        published_at=timezone.now()
        - datetime.timedelta(days=14)
        + datetime.timedelta(seconds=2)
    )
    assert "Leave a comment" in cache_state(client, post.get_absolute_url())[1]
    time.sleep(2.2)
    state, html = cache_state(client, post.get_absolute_url())
    assert state == "miss"
    assert "Comments are closed." in html


def test_signed_in_users_and_unknown_parameters(client):
    post = PostFactory()
    client.get("/")
    assert cache_state(client, "/?utm_source=mail")[0] == "hit"  # same page, same key
    client.force_login(UserFactory(group="Moderators"))
    response = client.get("/")
    assert "X-Page-Cache" not in response
    assert post.title in response.content.decode()


def test_survey_moderation_refreshes_its_results_and_nothing_else(client):
    survey = make_survey()
    post = PostFactory()
    question = survey.questions.get(kind="text")
    response = Response.objects.create(survey=survey, voter_hash="x")
    answer = Answer.objects.create(
        response=response, question=question, text="The mountains at dawn"
    )
    quote = Quote.objects.create(
        question=question, text="The mountains at dawn", answer=answer
    )
    results = f"/surveys/{survey.slug}/results/"
    for url in (results, post.get_absolute_url()):
        client.get(url)
    assert "The mountains at dawn" not in cache_state(client, results)[1]

    moderate_quotes(
        quotes=Quote.objects.filter(pk=quote.pk),
        moderator=UserFactory(group="Moderators"),
        approve=True,
    )
    state, html = cache_state(client, results)
    assert state == "miss"
    assert "The mountains at dawn" in html
    assert cache_state(client, post.get_absolute_url())[0] == "hit"


def test_results_shown_only_to_those_who_answered_are_never_shared(client):
    survey = make_survey(results_visibility="after_answer")
    results = f"/surveys/{survey.slug}/results/"
    name = f"survey-{survey.pk}"
    signer = get_cookie_signer(salt=name + COOKIE_SALT)
    client.cookies[name] = signer.sign("answered")
    assert client.get(results).status_code == 200
    assert client.get(results).status_code == 200
    assert Client().get(results).status_code == 403
