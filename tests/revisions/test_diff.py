"""The word-level diff: readable text, escaped, images by their description."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from revisions import diff as diff_module
from revisions.diff import compare, read, register_checker

LABELS = {"title": "Title", "body": "Body", "tags": "Tags"}


def diff(old, new):
    diffs, missing = compare(old, new, LABELS)
    return {d.name: str(d.html) for d in diffs}, missing


def test_changed_words_are_marked_and_the_rest_kept():
    html, _ = diff(
        {"body": "<p>Minus forty outside, warm tea inside.</p>"},
        {"body": "<p>Minus thirty outside, warm tea inside.</p>"},
    )
    assert (
        html["body"]
        == "Minus <del>forty</del><ins>thirty</ins> outside, warm tea inside."
    )


def test_markup_is_not_shown_but_paragraphs_are():
    html, _ = diff(
        {"body": "<p>One <strong>two</strong></p><p>three</p>"},
        {"body": "<p>One <em>two</em></p>\n<p>three four</p>"},
    )
    assert "<strong>" not in html["body"] and "&lt;" not in html["body"]
    assert html["body"] == "One two\n\nthree<ins> four</ins>"


def test_text_that_looks_like_html_is_escaped():
    html, _ = diff(
        {"title": "Tea", "body": ""},
        {
            "title": '<script>alert("x")</script>',
            "body": "<p>&lt;b&gt;bold&lt;/b&gt;</p>",
        },
    )
    assert "<script>" not in html["title"]
    assert "&lt;script&gt;" in html["title"]
    assert html["body"] == "<ins>&lt;b&gt;bold&lt;/b&gt;</ins>"


def test_tags_are_compared_as_a_list():
    html, _ = diff({"tags": ["OSCE"]}, {"tags": ["OSCE", "Almaty"]})
    assert html["tags"] == "OSCE<ins>, Almaty</ins>"


def test_a_changed_link_target_shows():
    text = read('<p><a href="https://a.example/">here</a></p>')
    assert "".join(p for p in text.parts if isinstance(p, str)).strip() == (
        "here <https://a.example/>"
    )


@pytest.mark.django_db
def test_an_image_whose_file_was_deleted_shows_as_missing(settings):
    name = default_storage.save("posts/2026/yurt.png", ContentFile(b"png"))
    body = f'<p>Look:</p><img src="{settings.MEDIA_URL}{name}" alt="A yurt">'
    html, missing = diff({"body": body}, {"body": body})
    assert "[image: A yurt]" in html["body"] and missing == 0
    default_storage.delete(name)
    html, missing = diff({"body": body}, {"body": "<p>Look:</p>"})
    assert "<del>[missing image: A yurt]</del>" in html["body"]
    assert missing == 1


def test_an_app_can_say_which_library_images_are_gone(monkeypatch):
    monkeypatch.setattr(diff_module, "_checkers", list(diff_module._checkers))

    def library(images):
        return {i for i, attrs in enumerate(images) if attrs.get("data-id") == "7"}

    register_checker(library)
    html, missing = diff(
        {"body": '<img data-id="7" alt="Gone"><img data-id="8" alt="Kept">'},
        {"body": '<img data-id="8" alt="Kept">'},
    )
    assert html["body"] == "<del>[missing image: Gone] </del>[image: Kept]"
    assert missing == 1


def test_a_long_post_diffs_quickly_paragraph_by_paragraph():
    import random
    import time

    words = [f"word{n}" for n in range(800)]
    rng = random.Random(12)
    paragraphs = [
        f"<p>steppe {' '.join(rng.choices(words, k=200))}</p>" for _ in range(20)
    ]
    changed = [p.replace("steppe", "tundra", 1) for p in paragraphs]
    start = time.perf_counter()
    html, _ = diff({"body": "".join(paragraphs)}, {"body": "".join(changed)})
    assert time.perf_counter() - start < 2
    assert html["body"].count("<del>steppe</del><ins>tundra</ins>") == 20


def test_a_huge_rewrite_is_shown_whole_rather_than_word_by_word(monkeypatch):
    monkeypatch.setattr(diff_module, "WORD_PAIRS_MAX", 10)
    html, _ = diff({"body": "<p>one two three</p>"}, {"body": "<p>one two four</p>"})
    assert html["body"] == "<del>one two three</del><ins>one two four</ins>"


@pytest.mark.django_db
def test_a_deleted_library_image_shows_as_missing():
    from tests.factories import ImageFactory

    image = ImageFactory(alt_text="A yurt")
    body = f'<figure><img src="{image.file.url}" alt="A yurt" data-file="{image.pk}">'
    html, missing = diff({"body": body}, {"body": "<p>Gone.</p>"})
    assert "[image: A yurt]" in html["body"] and missing == 0
    image.delete()
    html, missing = diff({"body": body}, {"body": "<p>Gone.</p>"})
    assert "<del>[missing image: A yurt]" in html["body"] and missing == 1
