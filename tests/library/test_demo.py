"""The demo puts a library photo in a seed post and a gallery in another; twice
changes nothing."""

import pytest
from django.core.management import call_command

from blog.models import Post
from library import demo
from library.models import Gallery, GalleryItem, Image, Reference

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "images": list(Image.objects.values_list("pk", "file").order_by("pk")),
        "galleries": list(Gallery.objects.values_list("pk", flat=True)),
        "items": GalleryItem.objects.count(),
        "references": Reference.objects.count(),
        "bodies": list(Post.objects.values_list("slug", "body").order_by("slug")),
    }


def test_demo_library_is_idempotent_and_shown(client):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = snapshot()
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert snapshot() == first
    assert len(first["images"]) == 4 and first["items"] == 3

    post = Post.objects.get(slug=demo.FIGURE_POST)
    page = client.get(post.get_absolute_url()).content.decode()
    yurt = Image.objects.get(alt_text=demo.PICTURES[0][1])
    assert f'alt="{yurt.alt_text}"' in page and "-480w.jpg 480w" in page
    assert f"<figcaption>{yurt.caption}</figcaption>" in page.replace("&#x27;", "'")

    final = Post.objects.get(slug=demo.GALLERY_POST)
    page = client.get(final.get_absolute_url()).content.decode()
    assert 'class="gallery gallery-columns-3"' in page
    assert page.count('class="gallery-link"') == 3
    assert Reference.objects.filter(object_id=final.pk, gallery__isnull=False).exists()
