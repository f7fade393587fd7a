"""The moderator's queue in admin."""

import pytest
from django.contrib.admin.models import LogEntry

from tests.factories import CommentFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/django_comments_xtd/xtdcomment/"


def test_queue_opens_on_awaiting_moderation(client, moderator):
    post = PostFactory(title="Queue post")
    parent = CommentFactory(post=post, user_name="Parent Person", comment="Parent.")
    CommentFactory(
        post=post,
        is_public=False,
        comment="Held one, see https://a.example and https://b.example",
        user_email="held@example.com",
        ip_address="192.0.2.44",
        parent_id=parent.pk,
    )
    CommentFactory(post=post, comment="Visible one.")
    client.force_login(moderator)
    page = client.get(CHANGELIST).content.decode()
    assert "Held one" in page and "Visible one." not in page
    for shown in ("Queue post", "held@example.com", "192.0.2.44", "Parent Person"):
        assert shown in page
    assert '<td class="field-links">2</td>' in page
    everything = client.get(CHANGELIST + "?status=all").content.decode()
    assert "Visible one." in everything


def test_admin_index_counts_awaiting_comments(client, moderator):
    CommentFactory.create_batch(3, is_public=False)
    CommentFactory()
    client.force_login(moderator)
    page = client.get("/admin/").content.decode()
    assert "3 comments awaiting moderation" in page


def test_actions_are_post_only_and_logged(client, moderate, moderator):
    held = CommentFactory(is_public=False)
    client.force_login(moderator)
    client.get(CHANGELIST + f"?action=approve&_selected_action={held.pk}")
    held.refresh_from_db()
    assert held.is_public is False
    moderate("approve", held)
    assert held.is_public is True
    entry = LogEntry.objects.get(object_id=str(held.pk))
    assert entry.user == moderator and "Approved" in entry.change_message


def test_moderator_cannot_edit_comment_text(client, moderator):
    comment = CommentFactory(comment="Original words.")
    client.force_login(moderator)
    client.post(
        f"{CHANGELIST}{comment.pk}/change/",
        {"comment": "Rewritten by someone else.", "user_name": "X"},
    )
    comment.refresh_from_db()
    assert comment.comment == "Original words."


def test_queue_queries_do_not_grow(client, moderator):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def measure():
        with CaptureQueriesContext(connection) as context:
            assert client.get(CHANGELIST + "?status=all").status_code == 200
        return len(context)

    client.force_login(moderator)
    users = [UserFactory(username=f"u{i}") for i in range(3)]
    for i in range(5):
        CommentFactory(is_public=bool(i % 2), user=users[i % 3])
    client.get(CHANGELIST)
    small = measure()
    for i in range(60):
        CommentFactory(is_public=bool(i % 2), user=users[i % 3])
    assert measure() == small
