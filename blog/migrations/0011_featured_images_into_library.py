"""Featured images uploaded to posts become library images (same files, no copy)."""

from pathlib import PurePosixPath

from django.db import migrations
from PIL import Image as Pillow
from PIL import UnidentifiedImageError


def into_library(apps, schema_editor):
    Post = apps.get_model("blog", "Post")
    Image = apps.get_model("library", "Image")
    Reference = apps.get_model("library", "Reference")
    ContentType = apps.get_model("contenttypes", "ContentType")
    post_type, _ = ContentType.objects.get_or_create(app_label="blog", model="post")
    for post in Post.objects.exclude(featured_image="").order_by("pk"):
        name = post.featured_image.name
        storage = post.featured_image.storage
        try:
            with storage.open(name) as handle, Pillow.open(handle) as picture:
                width, height = picture.size
        except (OSError, UnidentifiedImageError):
            # The file is gone: keep its address, as imports without files do.
            if not post.featured_image_url:
                post.featured_image_url = storage.url(name)[:500]
            post.featured_image = ""
            post.save(update_fields=["featured_image", "featured_image_url"])
            continue
        renditions = {
            width_key: {PurePosixPath(rendition).suffix.lstrip("."): rendition}
            for width_key, rendition in post.image_renditions.get("widths", {}).items()
        }
        image = Image.objects.create(
            file=name,
            alt_text=post.featured_image_alt,
            width=width,
            height=height,
            file_size=post.image_renditions.get("bytes") or storage.size(name),
            renditions=renditions,
            uploaded_by_id=post.author_id,
        )
        Image.objects.filter(pk=image.pk).update(uploaded_at=post.created_at)
        post.library_image = image
        post.save(update_fields=["library_image"])
        Reference.objects.get_or_create(
            content_type=post_type, object_id=post.pk, image=image
        )


def back_to_posts(apps, schema_editor):
    Post = apps.get_model("blog", "Post")
    for post in Post.objects.exclude(library_image=None).select_related(
        "library_image"
    ):
        image = post.library_image
        post.featured_image = image.file.name
        post.featured_image_alt = post.featured_image_alt or image.alt_text
        post.image_renditions = {
            "widths": {
                width: next(iter(formats.values()))
                for width, formats in image.renditions.items()
                if formats
            },
            "bytes": image.file_size,
        }
        post.save(
            update_fields=["featured_image", "featured_image_alt", "image_renditions"]
        )


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0010_featured_image_library_field"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(into_library, back_to_posts)]
