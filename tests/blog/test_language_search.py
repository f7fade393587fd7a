"""Search in each post's own language: PostgreSQL text-search configurations."""

import re

import pytest
from django.db import connection

from pages.models import Page
from tests.factories import PostFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="stemming needs PostgreSQL"
    ),
]


def found(client, q):
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    html = response.content.decode()
    return re.findall(r'class="post-title"[^>]*><a [^>]*>([^<]*)</a>', html), html


def lexemes(post):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT array_to_string(tsvector_to_array(search_vector), ' ') "
            "FROM blog_post WHERE id = %s",
            [post.pk],
        )
        return set(cursor.fetchone()[0].split())


@pytest.fixture
def russian():
    return PostFactory(
        title="Доклад ОБСЕ о торговле людьми",
        body="<p>Жертвам не хватает помощи, а доклады лежат на полках.</p>",
        language="ru",
    )


@pytest.mark.parametrize("q", ["доклада", "докладом", "жертва", "помощь", "полка"])
def test_a_russian_post_is_found_by_other_forms_of_its_words(client, russian, q):
    titles, html = found(client, q)
    assert titles == ["Доклад ОБСЕ о торговле людьми"]


def test_the_headline_marks_word_forms_in_the_posts_language(client, russian):
    _, html = found(client, "жертва")
    assert "<mark>Жертвам</mark>" in html


def test_each_post_is_indexed_in_its_own_language_only(russian):
    english = PostFactory(title="The reports", body="<p>Running shelters.</p>")
    assert {"report", "run", "shelter"} <= lexemes(english)
    # English stop words and unstemmed forms are not in an English post's vector.
    assert not {"the", "reports", "running"} & lexemes(english)
    assert {"доклад", "жертв", "помощ"} <= lexemes(russian)
    # Parsed as English too, a Russian post would keep every form as it stands.
    assert not {"доклады", "жертвам", "помощи"} & lexemes(russian)


def test_an_english_stop_word_finds_no_english_post(client):
    PostFactory(title="The reports", body="<p>The shelters.</p>")
    titles, _ = found(client, "the")
    assert titles == []


def test_kazakh_posts_are_found_by_their_exact_words(client):
    post = PostFactory(
        title="Қазақстанның далалары",
        body="<p>Біз далада тұрдық.</p>",
        language="kk",
    )
    assert found(client, "далалары")[0] == ["Қазақстанның далалары"]
    assert found(client, "Қазақстанның")[0] == ["Қазақстанның далалары"]
    # No Russian stemmer mangles Kazakh words ("далалары" is not "далалар").
    assert {"далалары", "далада", "тұрдық"} <= lexemes(post)
    assert not {"далалар", "далад"} & lexemes(post)


def test_changing_a_posts_language_rebuilds_its_vector():
    post = PostFactory(title="Доклады", body="<p>Жертвам.</p>", language="en")
    assert {"доклады", "жертвам"} <= lexemes(post)  # English stems no Russian word
    post.language = "ru"
    post.save()
    assert lexemes(post) == {"доклад", "жертв"}


def test_a_russian_page_is_found_by_another_form_of_a_word(client):
    Page.objects.create(
        title="О блоге",
        slug="o-bloge",
        body="<p>Здесь собраны доклады и эссе студентов.</p>",
        status=Page.Status.PUBLISHED,
        language="ru",
    )
    _, html = found(client, "доклад")
    assert "О блоге" in html
