import pytest

from blog.models import Post
from tests.factories import CommentFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/django_comments_xtd/xtdcomment/"


def approve(client, comment):
    return client.post(
        CHANGELIST,
        {"action": "approve", "_selected_action": [comment.pk]},
    )


def test_author_cannot_approve_comments(client):
    author = UserFactory(username="carol", group="Authors")
    assert author.has_perm("blog.change_post")
    assert not author.has_perm("django_comments.can_moderate")
    held = CommentFactory(is_public=False)
    client.force_login(author)
    assert client.get(CHANGELIST).status_code == 200  # may read comments
    approve(client, held)
    held.refresh_from_db()
    assert held.is_public is False
    change = client.post(
        f"{CHANGELIST}{held.pk}/change/", {"is_public": "on", "comment": "x"}
    )
    assert change.status_code == 403
    held.refresh_from_db()
    assert held.is_public is False


def test_moderator_approves_but_cannot_change_posts(client):
    moderator = UserFactory(username="dana", group="Moderators")
    post = PostFactory(title="Original title")
    held = CommentFactory(post=post, is_public=False)
    client.force_login(moderator)
    assert client.get("/admin/blog/post/").status_code == 200  # view only
    assert client.get("/admin/blog/post/add/").status_code == 403
    response = client.post(
        f"/admin/blog/post/{post.pk}/change/",
        {"title": "Defaced", "slug": post.slug, "status": "published"},
    )
    assert response.status_code == 403
    post.refresh_from_db()
    assert post.title == "Original title"
    assert client.get(f"/preview/{post.pk}/").status_code == 403
    approve(client, held)
    held.refresh_from_db()
    assert held.is_public is True


def test_moderator_cannot_delete_posts_or_edit_tags(client):
    moderator = UserFactory(username="dana", group="Moderators")
    post = PostFactory()
    client.force_login(moderator)
    assert (
        client.post(f"/admin/blog/post/{post.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert Post.objects.filter(pk=post.pk).exists()
    assert client.get("/admin/taggit/tag/add/").status_code == 403


def test_reader_without_group_cannot_enter_admin(client):
    client.force_login(UserFactory(username="reader"))
    response = client.get("/admin/blog/post/")
    assert response.status_code == 302
