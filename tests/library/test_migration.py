"""Featured images uploaded before the library move into it (blog 0011)."""

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from library.models import Image, Reference
from tests.factories import UserFactory, jpeg_bytes

pytestmark = pytest.mark.django_db

BEFORE = [
    ("blog", "0010_featured_image_library_field"),
    ("library", "0002_library_roles"),
]
AFTER = None  # every app at its latest migration, as the models expect


def migrate(targets):
    # PostgreSQL runs DDL in the test's transaction; rows written by a data
    # migration must not leave deferred checks pending before the next ALTER.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_old_featured_images_become_library_images(media_root):
    author = UserFactory()
    old = migrate(BEFORE)
    OldPost = old.get_model("blog", "Post")
    name = default_storage.save("posts/2010/steppe.jpg", _file(800, 500))
    small = default_storage.save("posts/2010/steppe-480w.jpg", _file(480, 300))
    common = {"author_id": author.pk, "status": "published", "body": "<p>x</p>"}
    with_image = OldPost.objects.create(
        title="Has one",
        slug="has-one",
        featured_image=name,
        featured_image_alt="The steppe",
        image_renditions={"widths": {"480": small, "800": name}, "bytes": 1234},
        **common,
    )
    lost = OldPost.objects.create(
        title="File lost", slug="lost", featured_image="posts/gone.jpg", **common
    )
    remote = OldPost.objects.create(
        title="Remote",
        slug="remote",
        featured_image_url="https://old.example.com/a.jpg",
        **common,
    )
    migrate(AFTER)
    from blog.models import Post

    post = Post.objects.get(pk=with_image.pk)
    image = post.featured_image
    assert image.file.name == name and image.alt_text == "The steppe"
    assert (image.width, image.height) == (800, 500)
    assert image.renditions == {"480": {"jpg": small}, "800": {"jpg": name}}
    assert image.uploaded_by_id == author.pk and image.file_size == 1234
    assert Reference.objects.filter(object_id=post.pk, image=image).exists()
    assert post.image_url == image.file.url
    lost_post = Post.objects.get(pk=lost.pk)
    assert lost_post.featured_image is None
    assert lost_post.featured_image_url.endswith("/media/posts/gone.jpg")
    remote_post = Post.objects.get(pk=remote.pk)
    assert remote_post.featured_image is None
    assert remote_post.image_url == "https://old.example.com/a.jpg"
    assert Image.objects.count() == 1


def test_the_move_can_be_undone(media_root):
    from blog.models import Post
    from tests.factories import ImageFactory, PostFactory

    image = ImageFactory(alt_text="Back")
    post = PostFactory(featured_image=image)
    old = migrate(BEFORE)
    back = old.get_model("blog", "Post").objects.get(pk=post.pk)
    assert back.featured_image.name == image.file.name
    assert back.featured_image_alt == "Back"
    assert set(back.image_renditions["widths"]) == set(image.renditions)
    migrate(AFTER)
    assert Post.objects.get(pk=post.pk).featured_image_id is not None


def _file(width, height):
    from django.core.files.base import ContentFile

    return ContentFile(jpeg_bytes(width, height))
