"""Which library items a body uses, written to Reference on save and read back.

Any model with a body calls sync_references(obj, body, images=[...]) after it is
saved (posts do; pages can), so "where used" and delete protection need no scan.
"""

import re
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q

from library.models import Gallery, Image, MediaFile, Reference

# The editor's Figure/Image extensions write the library id as data-file.
IMG_TAG = re.compile(r"<img\b[^>]*>", re.I)
DATA_FILE = re.compile(r"""\bdata-file=(["'])(\d{1,18})\1""")
GALLERY = re.compile(r"\[gallery\b([^\[\]]*)\]")
MEDIA = re.compile(r"\[(audio|video)\b([^\[\]]*)\]")
ID_ARG = re.compile(r"""\bid=(?:&quot;|["'])?(\d{1,18})""")
IDS_ARG = re.compile(r"""\bids=(?:&quot;|["'])?([\d,\s]+)""")


def _ids(text: str) -> list[int]:
    return [int(part) for part in re.findall(r"\d{1,18}", text)]


def image_ids(html: str) -> list[int]:
    """Library image ids of the <img data-file> tags, in order."""
    ids = []
    for tag in IMG_TAG.findall(html or ""):
        match = DATA_FILE.search(tag)
        if match:
            ids.append(int(match[2]))
    return ids


def gallery_args(args: str) -> tuple[int | None, list[int]]:
    """A [gallery] shortcode's gallery id, or its WordPress list of image ids."""
    match = ID_ARG.search(args)
    if match:
        return int(match[1]), []
    match = IDS_ARG.search(args)
    return None, _ids(match[1]) if match else []


def references_in(html: str) -> tuple[set[int], set[int], set[int]]:
    """(image ids, gallery ids, media ids) a body shows."""
    images, galleries, media = set(image_ids(html)), set(), set()
    for match in GALLERY.finditer(html or ""):
        gallery, listed = gallery_args(match[1])
        if gallery:
            galleries.add(gallery)
        images.update(listed)
    for match in MEDIA.finditer(html or ""):
        found = ID_ARG.search(match[2])
        if found:
            media.add(int(found[1]))
    return images, galleries, media


@transaction.atomic
def sync_references(owner, body: str, *, images=()) -> None:
    """Record what `owner`'s body (and e.g. its featured image) uses now."""
    content_type = ContentType.objects.get_for_model(owner)
    image_set, gallery_set, media_set = references_in(body)
    image_set.update(pk for pk in images if pk)
    # Ids that name nothing (a typo, an import) are not references.
    asked = (("image", Image, image_set), ("gallery", Gallery, gallery_set))
    asked += (("media", MediaFile, media_set),)
    wanted = {
        (kind, pk)
        for kind, model, ids in asked
        for pk in model.objects.filter(pk__in=ids).values_list("pk", flat=True)
    }
    existing = Reference.objects.filter(content_type=content_type, object_id=owner.pk)
    have = {}
    for ref in existing:
        for kind in ("image", "gallery", "media"):
            pk = getattr(ref, f"{kind}_id")
            if pk:
                have[(kind, pk)] = ref.pk
    stale = [ref_pk for key, ref_pk in have.items() if key not in wanted]
    if stale:
        Reference.objects.filter(pk__in=stale).delete()
    Reference.objects.bulk_create(
        (
            Reference(
                content_type=content_type, object_id=owner.pk, **{f"{kind}_id": pk}
            )
            for kind, pk in sorted(wanted - set(have))
        ),
        ignore_conflicts=True,  # a concurrent save recorded it already
    )


def uses_of_image(image) -> Q:
    return Q(image=image) | Q(gallery__items__image=image)


def owners(references) -> list:
    """The posts and pages behind these references, one query per model."""
    by_type = defaultdict(set)
    for content_type_id, object_id in references.values_list(
        "content_type", "object_id"
    ).distinct():
        by_type[content_type_id].add(object_id)
    found = []
    for content_type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is not None:
            found.extend(model._default_manager.filter(pk__in=ids))
    return sorted(found, key=str)


def where_used(item) -> list:
    """The posts and pages showing this image, gallery or file."""
    if isinstance(item, Image):
        references = Reference.objects.filter(uses_of_image(item))
    elif isinstance(item, Gallery):
        references = Reference.objects.filter(gallery=item)
    else:
        references = Reference.objects.filter(media=item)
    return owners(references)


def library_images_missing(images: list[dict]) -> set[int]:
    """Of these <img> attributes (an old revision's), those naming a library image
    that is gone: one query for them all (revisions/diff.py asks)."""
    wanted = {}
    for position, attrs in enumerate(images):
        found = _ids(attrs.get("data-file") or "")
        if found:
            wanted[position] = found[0]
    existing = set(
        Image.objects.filter(pk__in=set(wanted.values())).values_list("pk", flat=True)
    )
    return {position for position, pk in wanted.items() if pk not in existing}
