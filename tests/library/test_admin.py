"""The library in admin: permissions, where used, delete protection, the picker."""

import pytest
from django.contrib.auth.models import Group

from blog.models import Post
from library.models import Gallery, GalleryItem, Image, Reference
from tests.factories import (
    GalleryFactory,
    ImageFactory,
    MediaFileFactory,
    PostFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

MODELS = ["image", "mediafile", "gallery", "galleryitem"]


def figure(image, caption="A caption"):
    return (
        f'<figure><img src="{image.file.url}" alt="{image.alt_text}" '
        f'data-file="{image.pk}"><figcaption>{caption}</figcaption></figure>'
    )


def test_authors_manage_the_library_and_moderators_change_nothing():
    authors = Group.objects.get(name="Authors")
    moderators = Group.objects.get(name="Moderators")
    granted = set(
        authors.permissions.filter(content_type__app_label="library").values_list(
            "codename", flat=True
        )
    )
    assert granted == {
        f"{action}_{model}"
        for model in MODELS
        for action in ("add", "change", "delete", "view")
    }
    assert not moderators.permissions.filter(content_type__app_label="library").exists()


@pytest.mark.parametrize(
    "url",
    [
        "/admin/library/image/",
        "/admin/library/image/upload/",
        "/admin/library/image/choose/",
        "/admin/library/gallery/add/",
        "/admin/library/mediafile/add/",
    ],
)
def test_author_opens_and_moderator_is_refused(client, url):
    client.force_login(UserFactory(group="Authors"))
    assert client.get(url).status_code == 200
    client.force_login(UserFactory(group="Moderators"))
    assert client.get(url).status_code == 403


def test_moderator_cannot_upload_or_delete(client):
    image = ImageFactory()
    client.force_login(UserFactory(group="Moderators"))
    response = client.post(f"/admin/library/image/{image.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert Image.objects.filter(pk=image.pk).exists()


def test_list_shows_thumbnails_searches_and_filters_by_month(author_client):
    yurt = ImageFactory(alt_text="A yurt", caption="Dawn")
    old = ImageFactory(alt_text="Old snow", caption="Winter")
    Image.objects.filter(pk=old.pk).update(uploaded_at="2024-01-15T10:00:00Z")
    page = author_client.get("/admin/library/image/").content.decode()
    assert 'class="library-thumb"' in page and "-480w.jpg" in page  # small one
    assert (
        author_client.get("/admin/library/image/?q=yurt").context["cl"].result_count
        == 1
    )
    found = author_client.get("/admin/library/image/?q=winter").context["cl"]
    assert [i.pk for i in found.result_list] == [old.pk]
    by_name = author_client.get("/admin/library/image/?q=photo").context["cl"]
    assert by_name.result_count == 2  # the file name
    month = author_client.get("/admin/library/image/?month=2024-01").context["cl"]
    assert [i.pk for i in month.result_list] == [old.pk]
    assert "January 2024" in page
    assert yurt.pk not in [i.pk for i in month.result_list]


def test_saving_a_post_records_what_it_uses():
    inline, featured, in_gallery = ImageFactory(), ImageFactory(), ImageFactory()
    gallery = GalleryFactory(images=[in_gallery])
    post = PostFactory(
        body=figure(inline)
        + f"<p>[gallery id={gallery.pk}]</p><p>[gallery id=999]</p>",
        featured_image=featured,
    )
    refs = Reference.objects.filter(object_id=post.pk)
    assert {(r.image_id, r.gallery_id) for r in refs} == {
        (inline.pk, None),
        (featured.pk, None),
        (None, gallery.pk),
    }
    post.body = "<p>Nothing now.</p>"
    post.featured_image = None
    post.save()
    assert not Reference.objects.filter(object_id=post.pk).exists()


def test_where_used_lists_posts_directly_and_through_galleries(author_client):
    image = ImageFactory()
    gallery = GalleryFactory(title="Seasons", images=[image])
    direct = PostFactory(title="Inline post", body=figure(image))
    via = PostFactory(title="Gallery post", body=f"<p>[gallery id={gallery.pk}]</p>")
    PostFactory(title="Unrelated post")
    page = author_client.get(f"/admin/library/image/{image.pk}/change/")
    html = page.content.decode()
    assert f"/admin/blog/post/{direct.pk}/change/" in html
    assert f"/admin/blog/post/{via.pk}/change/" in html
    assert "Unrelated post" not in html
    assert "Seasons" in html
    listing = author_client.get("/admin/library/image/").content.decode()
    assert "1 post or page, 1 gallery" in listing


def test_deleting_a_used_image_is_refused_with_the_posts(author_client):
    image = ImageFactory(alt_text="The yurt")
    PostFactory(title="Where the yurt is", body=figure(image))
    url = f"/admin/library/image/{image.pk}/delete/"
    page = author_client.get(url).content.decode()
    assert "Where the yurt is" in page
    assert "is in use, so it cannot be deleted" in page and "is used by" in page
    response = author_client.post(url, {"post": "yes"})
    assert response.status_code == 200  # the refusal page again
    assert Image.objects.filter(pk=image.pk).exists()


def test_bulk_delete_of_used_images_is_refused(author_client):
    used, unused = ImageFactory(), ImageFactory()
    PostFactory(title="Uses it", featured_image=used)
    response = author_client.post(
        "/admin/library/image/",
        {
            "action": "delete_selected",
            "_selected_action": [used.pk, unused.pk],
            "post": "yes",
        },
    )
    page = response.content.decode()
    assert "Uses it" in page and "are in use, so none was deleted" in page
    assert Image.objects.count() == 2


def test_deleting_a_used_gallery_or_file_is_refused(author_client):
    gallery = GalleryFactory()
    media = MediaFileFactory()
    PostFactory(
        title="Shows both",
        body=f"<p>[gallery id={gallery.pk}]</p><p>[audio id={media.pk}]</p>",
    )
    for url in (
        f"/admin/library/gallery/{gallery.pk}/delete/",
        f"/admin/library/mediafile/{media.pk}/delete/",
    ):
        author_client.post(url, {"post": "yes"})
        assert "Shows both" in author_client.get(url).content.decode()
    assert Gallery.objects.exists()


def test_deleting_the_post_frees_the_image(author_client):
    image = ImageFactory()
    post = PostFactory(body=figure(image))
    post.delete()
    assert not Reference.objects.exists()
    response = author_client.post(
        f"/admin/library/image/{image.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Image.objects.exists()


def test_picker_offers_images_with_alt_text_only(author_client):
    ready = ImageFactory(alt_text="Ready one", caption="Its caption")
    bare = ImageFactory(alt_text="")
    page = author_client.get("/admin/library/image/choose/?CKEditorFuncNum=3")
    html = page.content.decode()
    assert f'data-id="{ready.pk}"' in html and 'data-caption="Its caption"' in html
    assert f'data-id="{bare.pk}"' not in html
    assert f"/admin/library/image/{bare.pk}/change/" in html
    assert "js/library-picker.js" in html and 'name="CKEditorFuncNum" value="3"' in html


def test_editor_opens_the_library_picker(author_client):
    page = author_client.get("/admin/blog/post/add/").content.decode()
    assert "/admin/library/image/choose/" in page  # the Figure's pickerUrl


def test_featured_image_needs_alt_text(author_client):
    from tests.blog.test_admin import post_data

    bare = ImageFactory(alt_text="")
    response = author_client.post(
        "/admin/blog/post/add/", post_data(featured_image=bare.pk)
    )
    assert "Give this image alt text" in response.content.decode()
    ready = ImageFactory()
    response = author_client.post(
        "/admin/blog/post/add/", post_data(featured_image=ready.pk)
    )
    assert response.status_code == 302
    assert Post.objects.get().featured_image == ready


def test_gallery_is_made_and_ordered_in_admin(author_client):
    first, second = ImageFactory(), ImageFactory()
    data = {
        "title": "Two photos",
        "columns": "2",
        "items-TOTAL_FORMS": "2",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
        "items-0-image": str(first.pk),
        "items-0-position": "2",
        "items-0-caption": "",
        "items-1-image": str(second.pk),
        "items-1-position": "1",
        "items-1-caption": "Own caption",
    }
    response = author_client.post("/admin/library/gallery/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    gallery = Gallery.objects.get()
    items = list(gallery.items.all())
    assert [i.image for i in items] == [second, first]
    assert items[0].shown_caption == "Own caption"
    assert items[1].shown_caption == first.caption
    assert gallery.created_by == author_client.user
    data["columns"] = "7"
    response = author_client.post("/admin/library/gallery/add/", data)
    assert response.status_code == 200 and GalleryItem.objects.count() == 2


@pytest.mark.parametrize(
    ("model", "field"), [("galleryitem", "image"), ("post", "featured_image")]
)
def test_image_autocomplete_answers(author_client, model, field):
    ImageFactory(alt_text="A blue lake")
    app = "library" if model == "galleryitem" else "blog"
    response = author_client.get(
        "/admin/autocomplete/",
        {"term": "lake", "app_label": app, "model_name": model, "field_name": field},
    )
    assert [r["text"] for r in response.json()["results"]] == ["A blue lake"]


def test_where_used_names_owners_that_have_no_admin_page(author_client):
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    image = ImageFactory()
    owner = Permission.objects.first()  # any model with a body could record uses
    Reference.objects.create(
        content_type=ContentType.objects.get_for_model(owner),
        object_id=owner.pk,
        image=image,
    )
    page = author_client.get(f"/admin/library/image/{image.pk}/change/")
    assert page.status_code == 200
    assert str(owner) in page.content.decode()


def test_saving_a_body_with_huge_or_odd_ids_records_nothing():
    post = PostFactory(
        body='<p><img src="/x.jpg" alt="x" data-file="99999999999999999999999"></p>'
        "<p>[gallery id=99999999999999999999999]</p><p>[audio id=-1]</p>"
    )
    assert not Reference.objects.filter(object_id=post.pk).exists()
