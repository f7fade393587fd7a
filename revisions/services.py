"""Recording, autosaving, restoring and pruning revisions (keyword-only writes)."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from taggit.utils import parse_tags

from blog.sanitize import sanitize_html
from revisions.models import Revision

FIELDS = ("title", "excerpt", "body", "tags")


def snapshot(obj) -> dict:
    """The revisioned text of an object; a model without excerpt or tags has ''."""
    tags = sorted(tag.name for tag in obj.tags.all()) if hasattr(obj, "tags") else []
    return {
        "title": getattr(obj, "title", ""),
        "excerpt": getattr(obj, "excerpt", "") or "",
        "body": getattr(obj, "body", "") or "",
        "tags": tags,
    }


def revision_text(revision: Revision) -> dict:
    return {name: getattr(revision, name) for name in FIELDS}


def current_revision(obj) -> Revision | None:
    """The saved revision that matches the object as it is now (readers see it)."""
    return Revision.objects.of(obj).saved().first()


@transaction.atomic
def record_revision(
    *, obj, user, kind: str = Revision.Kind.SAVE, force: bool = False
) -> Revision:
    """Keep the object's current text; a save that changed nothing adds nothing."""
    text = snapshot(obj)
    latest = current_revision(obj)
    if latest is not None and not force and revision_text(latest) == text:
        revision = latest
    else:
        revision = Revision.objects.create(
            content_type=ContentType.objects.get_for_model(obj),
            object_id=str(obj.pk),
            kind=kind,
            user=user,
            **text,
        )
    # The author's autosave is superseded by what they saved.
    Revision.objects.of(obj).filter(kind=Revision.Kind.AUTOSAVE, user=user).delete()
    prune(obj=obj)
    return revision


def prune(*, obj) -> int:
    """Drop saved revisions beyond REVISIONS_KEEP, oldest first, never the current."""
    ids = list(Revision.objects.of(obj).saved().values_list("pk", flat=True))
    doomed = ids[max(settings.REVISIONS_KEEP, 1) :]
    if not doomed:
        return 0
    deleted, _ = Revision.objects.filter(pk__in=doomed).delete()
    return deleted


def autosave(*, model, obj=None, user, data) -> Revision:
    """Keep the author's unsaved text: one autosave per author and object.

    The object itself is not touched: readers see it only when the author saves.
    """
    # Restoring it later must fit the model's own field.
    title_length = model._meta.get_field("title").max_length
    text = {
        "title": data.get("title", "")[:title_length],
        "excerpt": data.get("excerpt", ""),
        "body": sanitize_html(data.get("body", "")),
        "tags": sorted(parse_tags(data.get("tags", ""))),
    }
    revision, _ = Revision.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(model),
        object_id=str(obj.pk) if obj is not None else "",
        kind=Revision.Kind.AUTOSAVE,
        user=user,
        defaults=text | {"created_at": timezone.now()},
    )
    return revision


def pending_autosave(*, obj, model, user) -> Revision | None:
    """The author's autosave, if it is newer than the saved text and differs."""
    autosaved = (
        Revision.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id=str(obj.pk) if obj is not None else "",
            kind=Revision.Kind.AUTOSAVE,
            user=user,
        )
        .order_by("-created_at")
        .first()
    )
    if autosaved is None or obj is None:
        return autosaved
    current = current_revision(obj)
    if current is not None and current.created_at >= autosaved.created_at:
        return None
    return None if revision_text(autosaved) == snapshot(obj) else autosaved


@transaction.atomic
def restore_revision(*, revision: Revision, user) -> Revision:
    """Put a revision's text back on its object and record that as a revision."""
    obj = revision.content_object
    obj.title = revision.title
    if hasattr(obj, "excerpt"):
        obj.excerpt = revision.excerpt
    obj.body = revision.body
    obj.save()
    if hasattr(obj, "tags"):
        obj.tags.set(revision.tags)
    return record_revision(obj=obj, user=user, kind=Revision.Kind.RESTORE, force=True)
