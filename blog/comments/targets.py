"""What readers comment on: posts, and the models other apps register (pages).

A commentable object has `pk`, `title`, `published_at`, `allow_comments` and
`get_absolute_url()`; the comment form signs its "app.model" label and pk.
"""

from collections.abc import Callable

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet
from django.http import Http404

_visible: dict[str, Callable[[], QuerySet]] = {}
# The surrogate keys (blog.edge.surrogate) of which objects readers see, beyond "posts".
listed_as: set[str] = set()


def register(model: type[Model], visible: Callable[[], QuerySet], *, names=()) -> None:
    """Readers may comment on `model`; visible() gives what they can see, and
    writes bump `names` when that changes."""
    _visible[model._meta.label_lower] = visible
    listed_as.update(names)


def with_targets(comments) -> list:
    """Those of these comments whose post or page readers can see, each with it
    as `.target`: one query per kind of target."""
    comments = list(comments)
    wanted: dict[int, set[int]] = {}
    for comment in comments:
        if comment.object_pk.isdigit():
            wanted.setdefault(comment.content_type_id, set()).add(
                int(comment.object_pk)
            )
    found = {}
    for content_type_id, pks in wanted.items():
        content_type = ContentType.objects.get_for_id(content_type_id)
        visible = _visible.get(f"{content_type.app_label}.{content_type.model}")
        if visible is not None:
            found[content_type_id] = visible().in_bulk(pks)
    shown = []
    for comment in comments:
        target = found.get(comment.content_type_id, {}).get(
            int(comment.object_pk) if comment.object_pk.isdigit() else None
        )
        if target is not None:
            comment.target = target
            shown.append(comment)
    return shown


def is_registered(label_: str) -> bool:
    """Do readers comment on this "app.model"?"""
    return label_ in _visible


def label(obj) -> str:
    return obj._meta.label_lower


def cache_name(obj) -> str:
    """Its surrogate key: "post:12", "page:3" (see blog.cache)."""
    return f"{obj._meta.model_name}:{obj.pk}"


def find(label_: str, object_pk, *, visible: bool = True):
    """The commentable object readers may see, or 404."""
    object_pk = str(object_pk or "")
    if label_ not in _visible:
        raise Http404("Comments are for posts and pages.")
    if not (object_pk.isascii() and object_pk.isdigit() and len(object_pk) < 19):
        raise Http404("No such post.")
    queryset = _visible[label_]() if visible else apps.get_model(label_).objects
    return queryset.filter(pk=int(object_pk)).first() or _missing()


def of_comment(comment, *, visible: bool = True):
    """What this comment is on, or 404."""
    content_type = ContentType.objects.get_for_id(comment.content_type_id)
    return find(
        f"{content_type.app_label}.{content_type.model}",
        comment.object_pk,
        visible=visible,
    )


def _missing():
    raise Http404("No such post or page.")


def _posts():
    from blog.models import Post

    return Post.objects.published()


_visible["blog.post"] = _posts
