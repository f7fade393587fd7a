import pytest

from tests.factories import UserFactory, comment_post_data


@pytest.fixture
def send(client, django_capture_on_commit_callbacks):
    """POST a comment as a reader; mail queued on commit goes out."""

    def post_it(post, *, ip="203.0.113.7", **fields):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                "/comments/post/", comment_post_data(post, **fields), REMOTE_ADDR=ip
            )

    return post_it


@pytest.fixture
def moderator():
    return UserFactory(username="dana", email="dana@example.com", group="Moderators")


@pytest.fixture
def moderate(client, moderator, django_capture_on_commit_callbacks):
    """Run a bulk action in the admin's comment list as the moderator."""

    def act(action, *comments):
        client.force_login(moderator)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                "/admin/django_comments_xtd/xtdcomment/?status=all",
                {"action": action, "_selected_action": [c.pk for c in comments]},
            )
        client.logout()
        assert response.status_code == 302, response.content.decode()[:500]
        for comment in comments:
            comment.refresh_from_db()
        return response

    return act
