"""The returning-commenter rule: name and e-mail must match, and links are held."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_comments_xtd.models import XtdComment

from tests.factories import CommentFactory, PostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def regular():
    """Aigerim has an approved comment from yesterday (outside the flood windows)."""
    return CommentFactory(
        user_name="Aigerim Sultanova",
        user_email="aigerim@example.com",
        submit_date=timezone.now() - timedelta(days=1),
    )


def stored(text):
    return XtdComment.objects.get(comment=text)


def test_an_impostor_with_a_regulars_address_is_held(send, regular):
    send(
        PostFactory(),
        name="Notes from the Steppe (site owner)",
        email="aigerim@example.com",
        comment="Official notice.",
    )
    comment = stored("Official notice.")
    assert comment.is_public is False
    assert comment.moderation.reason == "new commenter"


def test_the_same_name_and_address_is_approved_whatever_the_case(send, regular):
    send(
        PostFactory(),
        name="aigerim sultanova",
        email="AIGERIM@example.com",
        comment="Hello again.",
    )
    assert stored("Hello again.").is_public is True


@pytest.mark.parametrize(
    "text", ["Read https://one.example first.", "See www.one.example please."]
)
def test_a_returning_commenter_with_one_link_is_held(send, regular, text):
    send(PostFactory(), name="Aigerim Sultanova", email="aigerim@example.com",
         comment=text)  # fmt: skip
    comment = stored(text)
    assert comment.is_public is False and comment.is_removed is False
    assert comment.moderation.reason == "returning commenter, with a link"


def test_a_held_or_removed_comment_does_not_make_a_returning_commenter(send):
    for public, removed in ((False, False), (True, True)):
        CommentFactory(
            user_name="Dana",
            user_email="dana@example.com",
            is_public=public,
            is_removed=removed,
            submit_date=timezone.now() - timedelta(days=2),
        )
    send(PostFactory(), name="Dana", email="dana@example.com", comment="Me.")
    assert stored("Me.").is_public is False
