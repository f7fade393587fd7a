"""One name for "approved comment", one for "visible survey"."""

import pytest
from django_comments_xtd.models import XtdComment

from blog.comments.tree import approved, approved_comments, is_approved
from surveys.models import Survey
from tests.factories import CommentFactory, PostFactory

pytestmark = pytest.mark.django_db


def test_approved_means_public_and_not_removed():
    post = PostFactory()
    shown = CommentFactory(post=post, comment="Shown")
    CommentFactory(post=post, is_public=False, comment="Held")
    CommentFactory(post=post, is_removed=True, comment="Removed")
    CommentFactory(post=post, is_public=False, is_removed=True, comment="Spam")
    assert list(approved(XtdComment.norel_objects)) == [shown]
    assert list(approved_comments(post)) == [shown]
    assert [c.comment for c in XtdComment.norel_objects.all() if is_approved(c)] == [
        "Shown"
    ]


def test_listing_counts_use_the_same_definition():
    from blog.models import Post

    post = PostFactory()
    CommentFactory.create_batch(2, post=post)
    CommentFactory(post=post, is_removed=True)
    listed = Post.objects.for_listing().get(pk=post.pk)
    assert listed.approved_comment_count == approved_comments(post).count() == 2


def test_visible_surveys_are_open_or_closed_never_drafts():
    for status in ("draft", "open", "closed"):
        Survey.objects.create(title=status, slug=status, status=status)
    assert set(Survey.objects.visible().values_list("slug", flat=True)) == {
        "open",
        "closed",
    }
