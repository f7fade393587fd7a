"""An Author links a translation to its original; mistakes are form errors."""

import pytest
from taggit.models import Tag

from blog.languages.models import TagName
from blog.models import Post
from tests.blog.test_admin import post_data
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def author(client):
    client.force_login(UserFactory(username="carol", group="Authors"))
    return client


def test_an_author_adds_a_russian_translation(author):
    original = PostFactory(title="Brave stories", language="en")
    form = author.get("/admin/blog/post/add/").content.decode()
    assert 'name="language"' in form and 'name="translation_of"' in form
    data = post_data(
        title="Смелые истории",
        slug="смелые-истории",
        language="ru",
        translation_of=original.pk,
    )
    response = author.post("/admin/blog/post/add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    russian = Post.objects.get(slug="смелые-истории")
    assert russian.language == "ru" and russian.translation_of == original
    page = author.get(original.get_absolute_url()).content.decode()
    assert 'hreflang="ru">Русский</a>' in page


def test_only_originals_are_offered_as_what_a_post_translates(author):
    original = PostFactory(title="Original", language="en")
    PostFactory(title="Already a translation", language="ru", translation_of=original)
    form = author.get("/admin/blog/post/add/").content.decode()
    assert ">Original</option>" in form
    assert "Already a translation</option>" not in form


def test_a_translation_in_the_originals_language_is_a_form_error(author):
    original = PostFactory(title="Brave stories", language="en")
    data = post_data(language="en", translation_of=original.pk)
    response = author.post("/admin/blog/post/add/", data)
    assert response.status_code == 200  # the form again, with what was typed
    html = response.content.decode()
    assert "A translation is in another language than its original." in html
    assert "A new essay" in html
    assert not Post.objects.filter(slug="a-new-essay").exists()


def test_a_page_has_a_language_in_its_form(author):
    form = author.get("/admin/pages/page/add/").content.decode()
    assert 'name="language"' in form


def test_an_author_names_a_tag_in_russian(author):
    tag = Tag.objects.create(name="OSCE", slug="osce")
    url = f"/admin/taggit/tag/{tag.pk}/change/"
    form = author.get(url).content.decode()
    assert 'name="translated_names-0-name"' in form
    data = {
        "name": "OSCE",
        "slug": "osce",
        "translated_names-TOTAL_FORMS": "1",
        "translated_names-INITIAL_FORMS": "0",
        "translated_names-0-language": "ru",
        "translated_names-0-name": "ОБСЕ",
        "blog_taggedpost_items-TOTAL_FORMS": "0",
        "blog_taggedpost_items-INITIAL_FORMS": "0",
        "taggit_taggeditem_items-TOTAL_FORMS": "0",
        "taggit_taggeditem_items-INITIAL_FORMS": "0",
    }
    response = author.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert TagName.objects.get(tag=tag, language="ru").name == "ОБСЕ"


def test_the_series_form_has_translated_titles(author):
    form = author.get("/admin/blog/series/add/").content.decode()
    assert 'name="translated_names-0-title"' in form


def test_moderators_cannot_edit_translated_names(client):
    client.force_login(UserFactory(username="dana", group="Moderators"))
    assert client.get("/admin/blog/seriesname/").status_code in (403, 404)
    tag = Tag.objects.create(name="OSCE", slug="osce")
    assert client.get(f"/admin/taggit/tag/{tag.pk}/change/").status_code == 403
