"""Admin: authors edit only their own profile; the comment queue reads plainly;
post forms have room for their title, slug and tags."""

import pytest

from blog.authors.models import AuthorProfile
from blog.models import Post
from tests.factories import CommentFactory, UserFactory

pytestmark = pytest.mark.django_db

PROFILES = "/admin/blog/authorprofile/"


def profile_data(**fields):
    return {"display_name": "", "bio": ""} | fields


def test_author_creates_then_edits_their_own_profile(client):
    carol = UserFactory(username="carol", group="Authors")
    client.force_login(carol)
    assert client.get(PROFILES)["Location"] == f"{PROFILES}add/"
    form = client.get(f"{PROFILES}add/").content.decode()
    assert 'name="display_name"' in form and 'name="user"' not in form
    response = client.post(
        f"{PROFILES}add/", profile_data(display_name="Carol B.", bio="Hello.")
    )
    assert response.status_code == 302
    profile = AuthorProfile.objects.get()
    assert (profile.user, profile.display_name, profile.bio) == (
        carol,
        "Carol B.",
        "Hello.",
    )
    # One profile each: the list opens it, and there is no second one to add.
    assert client.get(PROFILES)["Location"] == f"{PROFILES}{profile.pk}/change/"
    assert client.get(f"{PROFILES}add/").status_code == 403
    client.post(f"{PROFILES}{profile.pk}/change/", profile_data(bio="Updated."))
    profile.refresh_from_db()
    assert profile.bio == "Updated."


def test_author_cannot_see_or_edit_someone_elses_profile(client):
    other = AuthorProfile.objects.create(
        user=UserFactory(username="dmitri", group="Authors"), bio="Mine."
    )
    carol = UserFactory(username="carol", group="Authors")
    client.force_login(carol)
    assert client.get(f"{PROFILES}{other.pk}/change/").status_code == 302  # not found
    response = client.post(f"{PROFILES}{other.pk}/change/", profile_data(bio="Hacked"))
    assert response.status_code in (302, 403, 404)
    other.refresh_from_db()
    assert other.bio == "Mine."
    deleting = client.post(f"{PROFILES}{other.pk}/delete/", {"post": "yes"})
    assert deleting.status_code in (302, 403)
    assert AuthorProfile.objects.filter(pk=other.pk).exists()
    # A forged user field is ignored: the profile is always the author's own.
    client.post(
        f"{PROFILES}add/", profile_data(user=other.user.pk, display_name="Forged")
    )
    forged = AuthorProfile.objects.get(display_name="Forged")
    assert forged.user == carol
    other.refresh_from_db()
    assert other.display_name == ""


def test_moderator_has_no_access_to_profiles(client):
    profile = AuthorProfile.objects.create(user=UserFactory(username="carol"))
    moderator = UserFactory(username="dana", group="Moderators")
    client.force_login(moderator)
    assert client.get(PROFILES).status_code == 403
    assert client.get(f"{PROFILES}add/").status_code == 403
    response = client.post(f"{PROFILES}{profile.pk}/change/", profile_data(bio="x"))
    assert response.status_code == 403
    profile.refresh_from_db()
    assert profile.bio == ""
    assert "Author profiles" not in client.get("/admin/").content.decode()


def test_superuser_edits_any_profile(client):
    profile = AuthorProfile.objects.create(user=UserFactory(username="carol"))
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    assert client.get(PROFILES).status_code == 200
    client.post(
        f"{PROFILES}{profile.pk}/change/",
        profile_data(user=profile.user.pk, display_name="Set by admin"),
    )
    profile.refresh_from_db()
    assert profile.display_name == "Set by admin"


def test_comment_admin_says_comments_and_awaiting_moderation(client, moderator):
    CommentFactory(is_public=False)
    client.force_login(moderator)
    index = client.get("/admin/").content.decode()
    assert "Xtd" not in index
    assert ">Comments</a>" in index
    queue = client.get("/admin/django_comments_xtd/xtdcomment/").content.decode()
    assert "<h1>Comments awaiting moderation</h1>" in queue
    assert "Select comment to change" not in queue
    assert "<title>Comments awaiting moderation |" in queue
    approved = client.get("/admin/django_comments_xtd/xtdcomment/?status=approved")
    assert "<h1>Approved comments</h1>" in approved.content.decode()


def test_post_form_title_wraps_and_is_cleaned_of_line_breaks(client):
    author = UserFactory(username="carol", group="Authors")
    client.force_login(author)
    form = client.get("/admin/blog/post/add/").content.decode()
    assert '<textarea name="title"' in form
    assert "admin_extra/forms.css" in form
    response = client.post(
        "/admin/blog/post/add/",
        {
            "title": "A long title\r\nthat wrapped",
            "slug": "a-long-title",
            "body": "<p>Body.</p>",
            "tags": "OSCE",
            "status": "draft",
            "published_at_0": "2026-01-01",
            "published_at_1": "10:00",
            "allow_comments": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Post.objects.get().title == "A long title that wrapped"


def test_post_admin_sets_pinned_and_password(client):
    author = UserFactory(username="carol", group="Authors")
    client.force_login(author)
    response = client.post(
        "/admin/blog/post/add/",
        {
            "title": "Members only",
            "slug": "members-only",
            "body": "<p>Secret.</p>",
            "tags": "",
            "status": "published",
            "published_at_0": "2026-01-01",
            "published_at_1": "10:00",
            "pinned": "on",
            "password": "open sesame",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    post = Post.objects.get()
    assert post.pinned and post.password == "open sesame"
