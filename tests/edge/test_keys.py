"""Each write purges a key every page showing the change carries, and no key of
the pages it leaves alone; without an edge every page is current at once."""

import datetime
import re
import time

import pytest
from django.core.signing import get_cookie_signer
from django.test import Client
from django.utils import timezone
from django_comments_xtd.models import XtdComment

from blog.comments.services import approve_comments
from blog.edge import purges
from blog.edge.models import PendingPurge
from blog.models import Post
from surveys.models import Answer, Quote, Response
from surveys.services import moderate_quotes
from surveys.views import COOKIE_SALT
from tests.edge.purge_sink import PurgeSink
from tests.factories import (
    CommentFactory,
    PostFactory,
    UserFactory,
    comment_post_data,
    make_survey,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def edge(settings):
    sink = PurgeSink()
    settings.STEPPE_EDGE = "varnish"
    settings.STEPPE_EDGE_PURGE_URLS = [sink.url]
    purges.forget_failures()
    yield sink
    purges.forget_failures()
    sink.close()


def keys(client, url) -> set[str]:
    response = client.get(url)
    assert response.status_code == 200, url
    return set(response["xkey"].split())


def purged(edge, write, capture) -> set[str]:
    """The keys this write purges at the edge, once it commits."""
    PendingPurge.objects.all().delete()
    edge.purged.clear()
    with capture(execute=True):
        write()
    return edge.all_keys()


def text(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_an_approved_comment_purges_its_post_and_listings_not_other_posts(
    client, edge, django_capture_on_commit_callbacks
):
    post, other = PostFactory(), PostFactory()
    held = CommentFactory(post=post, is_public=False, comment="Held for a moderator")
    shown = {url: keys(client, url) for url in ("/", post.get_absolute_url())}
    left = keys(client, other.get_absolute_url())
    moderator = UserFactory(group="Moderators")

    gone = purged(
        edge,
        lambda: approve_comments(
            comments=XtdComment.objects.filter(pk=held.pk), moderator=moderator
        ),
        django_capture_on_commit_callbacks,
    )
    for url, page_keys in shown.items():
        assert page_keys & gone, url
    assert not left & gone
    assert "Held for a moderator" in text(client, post.get_absolute_url())
    assert f'href="{post.get_absolute_url()}#comments">Comments (1)' in text(
        client, "/"
    )


def test_editing_a_body_purges_its_pages_only(
    client, edge, django_capture_on_commit_callbacks
):
    post = PostFactory(tags=["OSCE"])
    PostFactory(tags=["Almaty"])
    shown = {url: keys(client, url) for url in ("/", post.get_absolute_url())}
    left = keys(client, "/tag/almaty/")

    def edit():
        post.body = "<p>Rewritten after the trip.</p>"
        post.save()

    gone = purged(edge, edit, django_capture_on_commit_callbacks)
    assert "posts" not in gone  # the listings' order and titles are unchanged
    for url, page_keys in shown.items():
        assert page_keys & gone, url
    assert not left & gone
    assert "Rewritten after the trip." in text(client, post.get_absolute_url())


def test_unpublishing_purges_every_listing_and_feed(
    client, edge, django_capture_on_commit_callbacks
):
    post = PostFactory(title="Soon gone", tags=["OSCE"])
    urls = ("/", "/tag/osce/", "/feed/", "/sitemap.xml", post.get_absolute_url())
    shown = {url: keys(client, url) for url in urls}

    def unpublish():
        post.status = Post.Status.DRAFT
        post.save()

    gone = purged(edge, unpublish, django_capture_on_commit_callbacks)
    for url, page_keys in shown.items():
        assert page_keys & gone, url
    for url in ("/", "/feed/", "/tag/osce/"):
        assert "Soon gone" not in client.get(url).content.decode(), url
    assert client.get(post.get_absolute_url()).status_code == 404


def test_a_scheduled_post_ends_the_listings_lifetime_and_appears_on_time(client):
    PostFactory(title="Already out")
    PostFactory(
        title="Goes live shortly",
        published_at=timezone.now() + datetime.timedelta(seconds=2),
    )
    for url in ("/", "/feed/"):
        response = client.get(url)
        assert "Goes live shortly" not in response.content.decode()
        assert "s-maxage=1," in response["Cache-Control"] or (
            "s-maxage=2," in response["Cache-Control"]
        ), url
    time.sleep(2.1)
    assert "Goes live shortly" in text(client, "/")
    assert "Goes live shortly" in text(client, "/feed/")
    assert "s-maxage=600" in client.get("/")["Cache-Control"]


def test_each_reader_gets_a_working_form_of_their_own(client, settings):
    """With no edge, Steppe fills in the form the edge would include (ESI)."""
    settings.COMMENTS_MIN_FILL_SECONDS = 0
    post = PostFactory()
    for number in range(2):
        reader = Client(enforce_csrf_checks=True)
        asked_at = int(time.time())
        response = reader.get(post.get_absolute_url())
        html = response.content.decode()
        assert "<esi:include" not in html and "\x00" not in html
        fields = dict(
            re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html)
        )
        # Signed when this reader asked; and no CSRF cookie, which a page kept by
        # the edge could not set (blog.edge.origin).
        assert int(fields["timestamp"]) >= asked_at
        assert "csrfmiddlewaretoken" not in fields and not response.cookies
        data = comment_post_data(
            post, comment="From a shared page", email=f"reader{number}@example.org"
        )
        data |= {k: fields[k] for k in ("timestamp", "security_hash")}
        sent = reader.post(
            "/comments/post/",
            data,
            REMOTE_ADDR=f"10.0.0.{number}",
            headers={"Sec-Fetch-Site": "same-origin"},
        )
        assert sent.status_code == 302, sent.content.decode()[:500]
    assert XtdComment.objects.filter(comment="From a shared page").count() == 2


def test_comments_closing_ends_the_post_pages_lifetime(client, settings):
    settings.COMMENTS_CLOSE_AFTER_DAYS = 14
    post = PostFactory(
        published_at=timezone.now()
        - datetime.timedelta(days=14)
        + datetime.timedelta(seconds=2)
    )
    response = client.get(post.get_absolute_url())
    assert "Leave a comment" in response.content.decode()
    assert "stale-while-revalidate=0" in response["Cache-Control"]
    time.sleep(2.1)
    assert "Comments are closed." in text(client, post.get_absolute_url())


def test_signed_in_readers_are_private_and_unread_parameters_change_nothing(
    client, edge
):
    post = PostFactory()
    first = client.get("/")
    again = client.get("/?utm_source=mail")
    assert again["ETag"] == first["ETag"] and again["xkey"] == first["xkey"]
    client.force_login(UserFactory(group="Moderators"))
    response = client.get("/")
    assert response["Cache-Control"] == "private, no-store"
    assert "xkey" not in response
    assert post.title in response.content.decode()


def test_survey_moderation_purges_its_results_and_nothing_else(
    client, edge, django_capture_on_commit_callbacks
):
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
    shown, left = keys(client, results), keys(client, post.get_absolute_url())
    assert "The mountains at dawn" not in text(client, results)

    gone = purged(
        edge,
        lambda: moderate_quotes(
            quotes=Quote.objects.filter(pk=quote.pk),
            moderator=UserFactory(group="Moderators"),
            approve=True,
        ),
        django_capture_on_commit_callbacks,
    )
    assert shown & gone and not left & gone
    assert "The mountains at dawn" in text(client, results)


def test_results_shown_only_to_those_who_answered_are_never_shared(client):
    survey = make_survey(results_visibility="after_answer")
    results = f"/surveys/{survey.slug}/results/"
    name = f"survey-{survey.pk}"
    signer = get_cookie_signer(salt=name + COOKIE_SALT)
    client.cookies[name] = signer.sign("answered")
    for _ in range(2):
        response = client.get(results)
        assert response.status_code == 200
        assert response["Cache-Control"] == "private, no-store"
    assert Client().get(results).status_code == 403
