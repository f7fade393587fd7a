"""A post's translations: the original and every post that says it translates it."""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _


def group_root_id(post) -> int | None:
    return post.translation_of_id or post.pk


def translations(post, queryset):
    """The posts of post's group in queryset (itself included), by language."""
    root = group_root_id(post)
    if root is None:
        return []
    group = queryset.filter(Q(pk=root) | Q(translation_of=root))
    return sorted(group, key=lambda other: other.language)


def groups_of(posts, queryset) -> dict[int, list]:
    """The translations of many posts with one query: group root -> members."""
    roots = {group_root_id(post) for post in posts}
    found: dict[int, list] = {root: [] for root in roots}
    for member in queryset.filter(Q(pk__in=roots) | Q(translation_of__in=roots)):
        found[group_root_id(member)].append(member)
    return found


def validate_translation(post) -> None:
    """An original may have one translation per language, and is none itself."""
    original = post.translation_of
    if original is None:
        return
    if post.pk and original.pk == post.pk:
        raise ValidationError({"translation_of": _("A post cannot translate itself.")})
    if original.translation_of_id:
        raise ValidationError(
            {"translation_of": _("Choose the original post, not another translation.")}
        )
    if post.pk and post.translations.exists():
        raise ValidationError(
            {"translation_of": _("This post has translations of its own.")}
        )
    if original.language == post.language:
        raise ValidationError(
            {"language": _("A translation is in another language than its original.")}
        )
    taken = original.translations.filter(language=post.language).exclude(pk=post.pk)
    if taken.exists():
        raise ValidationError(
            {"language": _("The original already has a translation in this language.")}
        )
