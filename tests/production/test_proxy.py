"""Readers behind the shipped nginx are distinct readers; a direct client is itself."""

import secrets
import time
import uuid

import pytest
from django.core import signing
from django_comments_xtd.models import XtdComment

from blog.comments.models import CommentModeration
from blog.roles import sync_roles
from surveys.forms import STARTED_SALT
from tests.factories import PostFactory, UserFactory, comment_post_data, make_survey
from tests.production.proxy import PROXY, proxy_stack, reader_address

__all__ = ["proxy_stack"]  # the module's fixture

pytestmark = pytest.mark.django_db(transaction=True, reset_sequences=True)

# The server checks passwords with Django's default hasher, not the tests' MD5.
SERVER_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]


@pytest.fixture
def stack(proxy_stack, settings):
    """The running stack; what the test signs, the server can verify."""
    sync_roles()  # flushes between tests drop the groups the migration made
    settings.SECRET_KEY = proxy_stack.secret_key
    settings.PASSWORD_HASHERS = SERVER_HASHERS
    return proxy_stack


def comment(client, post, email, text="A thoughtful remark."):
    data = comment_post_data(post, name=email.split("@")[0], email=email, comment=text)
    return client.post("/comments/post/", data)


def sign_in(client, username, password):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password, "next": "/admin/"},
    )


def test_a_readers_comment_marked_spam_does_not_make_the_next_reader_spam(stack):
    post = PostFactory()
    UserFactory(username="dana", password="moderates-2010", group="Moderators")
    assert comment(stack.reader(1), post, "spammer@example.com").status == 302
    first = XtdComment.objects.get(user_email="spammer@example.com")
    assert first.ip_address == reader_address(1)

    moderator = stack.reader(9)
    assert sign_in(moderator, "dana", "moderates-2010").status == 302
    marked = moderator.post(
        "/admin/django_comments_xtd/xtdcomment/?status=all",
        {"action": "spam", "_selected_action": [first.pk]},
    )
    assert marked.status == 302
    assert CommentModeration.objects.get(comment=first).verdict == "spam"

    assert comment(stack.reader(2), post, "aigerim@example.com").status == 302
    second = XtdComment.objects.get(user_email="aigerim@example.com")
    assert second.ip_address == reader_address(2)
    assert CommentModeration.objects.get(comment=second).verdict == "held"


def test_the_comment_flood_limit_is_per_reader(stack):
    post = PostFactory()
    assert comment(stack.reader(1), post, "first@example.com").status == 302
    assert comment(stack.reader(1), post, "again@example.com").status == 429
    assert comment(stack.reader(2), post, "other@example.com").status == 302


def answer(client, survey):
    question = survey.questions.get(position=1)
    data = {
        "submission_key": str(uuid.uuid4()),
        "started": signing.dumps(time.time() - 10, salt=STARTED_SALT),
        "website": "",
        f"q{question.pk}": str(question.choices.get(text="Apples").pk),
    }
    client.cookies.pop(f"survey-{survey.pk}", None)  # answer again, as a new reader
    return client.post(survey.get_absolute_url(), data)


def test_the_survey_limit_is_per_reader(stack, settings):
    survey = make_survey(kinds=("single",))
    reader = stack.reader(1)
    for _ in range(settings.SURVEY_RATE_LIMIT):
        assert answer(reader, survey).status == 302
    assert answer(reader, survey).status == 429
    assert answer(stack.reader(2), survey).status == 302
    assert survey.responses.count() == settings.SURVEY_RATE_LIMIT + 1


def test_wrong_passwords_from_one_reader_do_not_lock_the_author_out(stack):
    UserFactory(username="author", password="the-right-one-2010", group="Authors")
    attacker = stack.reader(1)
    for _ in range(5):
        assert sign_in(attacker, "author", "guess").status in (200, 429)
    assert sign_in(attacker, "author", "the-right-one-2010").status == 429
    real = stack.reader(2)
    assert sign_in(real, "author", "the-right-one-2010").status == 302
    assert real.get("/admin/").status == 200


def test_the_request_log_shows_the_readers_address(stack):
    path = f"/no-such-page-{secrets.token_hex(4)}/"
    assert stack.reader(3).get(path).status == 404
    lines = [line for line in stack.request_log() if line["path"] == path]
    assert [line["ip"] for line in lines] == [reader_address(3)]


def test_a_client_around_nginx_cannot_forge_its_address_or_https(stack):
    path = f"/no-such-page-{secrets.token_hex(4)}/"
    forged = {"X-Forwarded-For": "198.51.100.7", "X-Forwarded-Proto": "https"}
    direct = stack.direct("127.0.0.23").get(path, headers=forged)
    assert direct.status == 404
    assert "Strict-Transport-Security" not in direct.headers  # not taken for HTTPS
    lines = [line for line in stack.request_log() if line["path"] == path]
    assert [line["ip"] for line in lines] == ["127.0.0.23"]

    post = PostFactory()
    sent = comment(stack.direct("127.0.0.23"), post, "direct@example.com")
    assert sent.status == 302
    assert XtdComment.objects.get().ip_address == "127.0.0.23"


def test_https_is_believed_from_the_proxy_only(stack):
    claim = {"X-Forwarded-Proto": "https"}
    # nginx replaces what a reader claims with the scheme it was reached by.
    through_nginx = stack.reader(4).get("/healthz", headers=claim)
    assert through_nginx.status == 200
    assert "Strict-Transport-Security" not in through_nginx.headers
    # The proxy's own address is trusted: TLS ended there.
    from_proxy = stack.direct(PROXY).get("/healthz", headers=claim)
    assert from_proxy.headers["Strict-Transport-Security"].startswith("max-age=")


def test_uploads_are_served_by_the_production_start(stack):
    (stack.media / "upload-check").mkdir(parents=True, exist_ok=True)
    (stack.media / "upload-check" / "dot.gif").write_bytes(
        b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"
    )
    served = stack.reader(5).get("/media/upload-check/dot.gif")
    assert served.status == 200 and served.headers["Content-Type"] == "image/gif"
