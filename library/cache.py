"""What library writes make stale ("image:ID", "gallery:ID", "media:ID"), and the
files a deleted row leaves behind."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from blog.edge import surrogate


def _image_saved(sender, instance, **kwargs):
    surrogate.bump(f"image:{instance.pk}")


def _image_deleted(sender, instance, **kwargs):
    from library.images import delete_files

    surrogate.bump(f"image:{instance.pk}")
    # Only once the row is surely gone: a rolled-back delete keeps its files.
    transaction.on_commit(lambda: delete_files(instance))


def _gallery_saved(sender, instance, **kwargs):
    surrogate.bump(f"gallery:{instance.pk}")


def _item_saved(sender, instance, **kwargs):
    surrogate.bump(f"gallery:{instance.gallery_id}")


def _media_saved(sender, instance, **kwargs):
    surrogate.bump(f"media:{instance.pk}")


def _media_deleted(sender, instance, **kwargs):
    surrogate.bump(f"media:{instance.pk}")
    transaction.on_commit(lambda: instance.file.storage.delete(instance.file.name))


def connect() -> None:
    from library.models import Gallery, GalleryItem, Image, MediaFile

    handlers = [
        (Image, _image_saved, _image_deleted),
        (Gallery, _gallery_saved, _gallery_saved),
        (GalleryItem, _item_saved, _item_saved),
        (MediaFile, _media_saved, _media_deleted),
    ]
    for model, saved, deleted in handlers:
        post_save.connect(saved, sender=model, dispatch_uid=f"library-{model}-s")
        post_delete.connect(deleted, sender=model, dispatch_uid=f"library-{model}-d")
