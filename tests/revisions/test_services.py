"""Recording, pruning, autosaving and restoring revisions."""

import datetime

import pytest
from django.utils import timezone

from revisions import services
from revisions.models import Revision
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


def test_each_admin_save_keeps_a_revision_with_who_title_body_and_tags(
    post, author, edit
):
    edit(post, author, title="Winter in Almaty", tags="Steppe life, Almaty")
    edit(post, author, body="<p>Minus thirty, and the tea is gone.</p>")
    first, second = reversed(Revision.objects.of(post))
    assert (first.title, first.tags) == ("Winter in Almaty", ["Almaty", "Steppe life"])
    assert first.user == author and first.kind == Revision.Kind.SAVE
    assert second.body == "<p>Minus thirty, and the tea is gone.</p>"
    assert second.title == "Winter in Almaty"


def test_a_save_that_changes_nothing_adds_no_revision(post, author, edit):
    edit(post, author, title="Once")
    edit(post, author)
    assert Revision.objects.of(post).count() == 1


def test_restore_puts_the_text_and_tags_back_and_is_itself_a_revision(
    post, author, edit
):
    edit(post, author, title="First title", tags="one, two")
    first = Revision.objects.of(post).get()
    edit(post, author, title="Second title", body="<p>Other.</p>", tags="three")

    restored = services.restore_revision(revision=first, user=author)

    post.refresh_from_db()
    assert post.title == "First title"
    assert post.body == first.body
    assert sorted(post.tags.names()) == ["one", "two"]
    assert restored.kind == Revision.Kind.RESTORE
    assert Revision.objects.of(post).count() == 3
    assert services.current_revision(post) == restored


def test_revisions_beyond_the_setting_are_pruned_oldest_first(post, author, settings):
    settings.REVISIONS_KEEP = 3
    for n in range(5):
        post.title = f"Title {n}"
        post.save()
        services.record_revision(obj=post, user=author)
    titles = [r.title for r in Revision.objects.of(post)]
    assert titles == ["Title 4", "Title 3", "Title 2"]


def test_pruning_never_drops_the_current_revision_nor_counts_autosaves(
    post, author, settings
):
    settings.REVISIONS_KEEP = 1
    post.title = "Published text"
    post.save()
    services.record_revision(obj=post, user=author)
    services.autosave(model=type(post), obj=post, user=author, data={"title": "Wip"})
    services.prune(obj=post)
    kinds = {r.kind: r.title for r in Revision.objects.of(post)}
    assert kinds == {"save": "Published text", "autosave": "Wip"}


def test_autosave_keeps_one_per_author_and_leaves_the_post_alone(post, author):
    for text in ("<p>draft one</p>", "<p>draft two</p>"):
        services.autosave(
            model=type(post), obj=post, user=author, data={"title": "T", "body": text}
        )
    post.refresh_from_db()
    assert post.body == "<p>Minus forty outside, warm tea inside.</p>"
    autosave = Revision.objects.of(post).get(kind=Revision.Kind.AUTOSAVE)
    assert autosave.body == "<p>draft two</p>"


def test_autosaved_body_is_sanitized_and_title_fits_the_model(post, author):
    revision = services.autosave(
        model=type(post),
        obj=post,
        user=author,
        data={
            "title": "x" * 400,
            "body": '<p onclick="evil()">hi<script>1</script></p>',
        },
    )
    assert revision.body == "<p>hi</p>"
    assert len(revision.title) == 255
    services.restore_revision(revision=revision, user=author)  # fits: no DataError
    post.refresh_from_db()
    assert post.title == "x" * 255


def test_saving_supersedes_the_authors_autosave(post, author, edit):
    services.autosave(model=type(post), obj=post, user=author, data={"title": "Wip"})
    edit(post, author, title="Saved")
    assert not Revision.objects.of(post).filter(kind=Revision.Kind.AUTOSAVE).exists()


def test_pending_autosave_only_when_newer_than_the_saved_text(post, author):
    services.record_revision(obj=post, user=author)
    autosave = services.autosave(
        model=type(post), obj=post, user=author, data={"title": "Newer", "body": "b"}
    )
    assert (
        services.pending_autosave(obj=post, model=type(post), user=author) == autosave
    )
    Revision.objects.filter(pk=autosave.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=1)
    )
    assert services.pending_autosave(obj=post, model=type(post), user=author) is None


def test_deleting_a_post_deletes_its_revisions(author):
    post = PostFactory(author=author)
    services.record_revision(obj=post, user=author)
    other = PostFactory(author=author)
    services.record_revision(obj=other, user=author)
    post.delete()
    assert list(Revision.objects.values_list("object_id", flat=True)) == [str(other.pk)]


def test_the_database_keeps_one_autosave_per_author_and_post(post, author):
    from django.db import IntegrityError, transaction

    services.autosave(model=type(post), obj=post, user=author, data={"title": "A"})
    first = Revision.objects.get(kind=Revision.Kind.AUTOSAVE)
    with pytest.raises(IntegrityError), transaction.atomic():
        Revision.objects.create(
            content_object=post, kind=Revision.Kind.AUTOSAVE, user=author, title="B"
        )
    assert Revision.objects.get(kind=Revision.Kind.AUTOSAVE) == first
