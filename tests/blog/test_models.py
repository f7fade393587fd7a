import datetime

import pytest
from django.db import IntegrityError
from django.utils import timezone

from blog.models import Post
from blog.numerals import roman
from blog.sanitize import sanitize_html
from tests.factories import CommentFactory, PostFactory, SeriesFactory

pytestmark = pytest.mark.django_db


def test_published_excludes_drafts_and_future_posts():
    live = PostFactory()
    PostFactory(status=Post.Status.DRAFT)
    PostFactory(published_at=timezone.now() + datetime.timedelta(hours=1))
    assert list(Post.objects.published()) == [live]


def test_scheduled_post_becomes_visible_when_its_time_comes(monkeypatch):
    soon = timezone.now() + datetime.timedelta(minutes=5)
    post = PostFactory(published_at=soon)
    assert post not in Post.objects.published()
    later = soon + datetime.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert post in Post.objects.published()


@pytest.mark.parametrize(
    ("number", "numeral"),
    [(1, "I"), (2, "II"), (4, "IV"), (6, "VI"), (9, "IX"), (14, "XIV"), (40, "XL"),
     (1994, "MCMXCIV")],
)  # fmt: skip
def test_roman_numerals(number, numeral):
    assert roman(number) == numeral


def test_roman_rejects_zero():
    with pytest.raises(ValueError):
        roman(0)


def test_part_label_plain_and_final():
    open_series = SeriesFactory(is_complete=False)
    done = SeriesFactory(is_complete=True)
    part_four = PostFactory(series=open_series, series_part=4)
    PostFactory(series=done, series_part=5)
    last = PostFactory(series=done, series_part=6)
    assert part_four.part_label == "Part IV"
    assert last.part_label == "Final Part VI"
    listed = Post.objects.for_listing().get(pk=last.pk)
    assert listed.part_label == "Final Part VI"
    fifth = Post.objects.for_listing().get(series=done, series_part=5)
    assert fifth.part_label == "Part V"


def test_incomplete_series_has_no_final_label():
    series = SeriesFactory(is_complete=False)
    post = PostFactory(series=series, series_part=6)
    assert post.part_label == "Part VI"


def test_part_number_is_unique_in_a_series():
    series = SeriesFactory()
    PostFactory(series=series, series_part=2)
    with pytest.raises(IntegrityError):
        PostFactory(series=series, series_part=2)


@pytest.mark.parametrize(
    ("dirty", "forbidden"),
    [
        ("<p>hi</p><script>alert(1)</script>", "<script"),
        ('<img src="x.png" onerror="alert(1)">', "onerror"),
        ('<a href="javascript:alert(1)">x</a>', "javascript:"),
        ('<a href="JaVaScRiPt:alert(1)">x</a>', "avascript"),
        ('<p style="background:url(x)" onclick="x()">x</p>', "onclick"),
        ('<iframe src="https://evil.example"></iframe>', "<iframe"),
        ("<svg><script>alert(1)</script></svg>", "<script"),
    ],
)
def test_body_is_sanitized_on_save(dirty, forbidden):
    post = PostFactory(body=dirty)
    post.refresh_from_db()
    assert forbidden not in post.body.lower()


def test_sanitizer_keeps_ordinary_markup():
    html = (
        "<h2>Heading</h2><p><strong>b</strong> <em>i</em> "
        '<a href="https://osce.org/">link</a></p><ul><li>one</li></ul>'
        "<blockquote><p>quote</p></blockquote>"
    )
    clean = sanitize_html(html)
    for kept in ("<h2>", "<strong>", "<em>", 'href="https://osce.org/"', "<li>",
                 "<blockquote>"):  # fmt: skip
        assert kept in clean


def test_tag_slugs_for_cyrillic_and_multiword_tags():
    post = PostFactory(tags=["Central Asia", "Казахстан", "OSCE"])
    slugs = sorted(tag.slug for tag in post.tags.all())
    assert slugs == ["central-asia", "osce", "казахстан"]


def test_tags_are_case_insensitive():
    PostFactory(tags=["OSCE"])
    other = PostFactory(tags=["osce"])
    assert [tag.name for tag in other.tags.all()] == ["OSCE"]


def test_slug_derived_from_title_when_blank():
    post = PostFactory(title="Жизнь в Астане", slug="")
    assert post.slug == "жизнь-в-астане"


def test_comment_count_counts_only_approved_comments():
    post = PostFactory()
    CommentFactory.create_batch(2, post=post)
    CommentFactory(post=post, is_public=False)
    CommentFactory(post=post, is_removed=True)
    CommentFactory()  # another post's
    assert Post.objects.for_listing().get(pk=post.pk).approved_comment_count == 2


def test_summary_prefers_excerpt_then_body_start():
    long_body = "<p>" + " ".join(f"word{i}" for i in range(300)) + " &amp; more</p>"
    post = PostFactory(body=long_body)
    assert not post.is_short
    assert post.summary.startswith("word0 word1")
    assert post.summary.endswith("…")
    post.excerpt = "Hand written."
    post.save()
    assert post.summary == "Hand written."
    assert PostFactory(body="<p>Short &amp; sweet.</p>").is_short


def test_absolute_url_uses_the_local_publication_date():
    post = PostFactory(
        slug="hello",
        published_at=datetime.datetime(2010, 11, 27, 20, 5, tzinfo=datetime.UTC),
    )
    # 20:05 UTC is already 28 November in Almaty (UTC+5/+6).
    assert post.get_absolute_url() == "/2010/11/28/hello/"
