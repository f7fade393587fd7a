import pytest

from blog.roles import sync_roles
from tests.factories import PostFactory, UserFactory


@pytest.fixture
def author(db):
    sync_roles()  # a live-server test before this one flushed the migration's groups
    return UserFactory(username="carol", group="Authors")


@pytest.fixture
def moderator(author):
    return UserFactory(username="dana", group="Moderators")


@pytest.fixture
def post(author):
    return PostFactory(
        author=author,
        title="Winter in Astana",
        body="<p>Minus forty outside, warm tea inside.</p>",
        tags=["Steppe life"],
    )


@pytest.fixture
def edit(client):
    """Save a post through its admin change form as `user`, changing some fields."""

    def save(post, user, **changes):
        client.force_login(user)
        data = {
            "title": post.title,
            "slug": post.slug,
            "body": post.body,
            "excerpt": post.excerpt,
            "tags": ", ".join(tag.name for tag in post.tags.all()),
            "status": post.status,
            "published_at_0": post.published_at.strftime("%Y-%m-%d"),
            "published_at_1": post.published_at.strftime("%H:%M:%S"),
            "allow_comments": "on",
            "series": "",
            "series_part": "",
            "featured_image_alt": "",
            "_continue": "Save",
        } | changes
        response = client.post(f"/admin/blog/post/{post.pk}/change/", data)
        assert response.status_code == 302, response.content.decode()[:2000]
        post.refresh_from_db()
        return response

    return save
