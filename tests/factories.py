import datetime
import time

import factory
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.utils import timezone
from django_comments_xtd.models import XtdComment

from blog.models import Post, Series
from blog.roles import role
from library.models import Gallery, GalleryItem, Image, MediaFile


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.django.Password("pw-for-tests-only")

    @factory.post_generation
    def group(self, create, extracted, **kwargs):
        if create and extracted:
            self.is_staff = True
            self.save()
            # role() makes the group again when a transactional test (a live
            # server, --reuse-db) flushed the ones the data migration made.
            self.groups.add(role(extracted))


class SeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Series

    title = factory.Sequence(lambda n: f"Series {n}")
    slug = factory.Sequence(lambda n: f"series-{n}")
    description = "A run of related posts."


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Post number {n}")
    author = factory.SubFactory(UserFactory)
    body = "<p>Some words about the steppe.</p>"
    status = Post.Status.PUBLISHED
    published_at = factory.Sequence(
        lambda n: timezone.now() - datetime.timedelta(minutes=n + 1)
    )

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.set(extracted)


def jpeg_bytes(width=600, height=400, color=(40, 120, 160)) -> bytes:
    import io

    from PIL import Image as Pillow

    buffer = io.BytesIO()
    Pillow.new("RGB", (width, height), color).save(buffer, "JPEG")
    return buffer.getvalue()


class ImageFactory(factory.django.DjangoModelFactory):
    """A library image, re-encoded with its renditions as an upload would be."""

    class Meta:
        model = Image

    file = factory.LazyFunction(lambda: ContentFile(jpeg_bytes(), name="photo.jpg"))
    alt_text = factory.Sequence(lambda n: f"Photo number {n}")
    caption = factory.Sequence(lambda n: f"Caption {n}")


class GalleryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Gallery
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Gallery {n}")

    @factory.post_generation
    def images(self, create, extracted, **kwargs):
        if create and extracted:
            GalleryItem.objects.bulk_create(
                GalleryItem(gallery=self, image=image, position=n)
                for n, image in enumerate(extracted, start=1)
            )


class MediaFileFactory(factory.django.DjangoModelFactory):
    """A tiny audio file (an MP3 frame header is enough for the checks)."""

    class Meta:
        model = MediaFile

    file = factory.LazyFunction(
        lambda: ContentFile(b"ID3\x03\x00" + bytes(64), name="interview.mp3")
    )
    title = factory.Sequence(lambda n: f"Recording {n}")


class CommentFactory(factory.django.DjangoModelFactory):
    """An approved comment on a post (pass is_public=False for a held one)."""

    class Meta:
        model = XtdComment

    class Params:
        post = factory.SubFactory(PostFactory)

    # `post` may be a page too: any commentable object.
    content_type = factory.LazyAttribute(
        lambda c: ContentType.objects.get_for_model(c.post)
    )
    object_pk = factory.LazyAttribute(lambda c: str(c.post.pk))
    site_id = settings.SITE_ID
    user_name = factory.Sequence(lambda n: f"Reader {n}")
    user_email = factory.Sequence(lambda n: f"reader{n}@example.com")
    comment = "I enjoyed this."
    is_public = True
    submit_date = factory.LazyFunction(timezone.now)


class PageFactory(factory.django.DjangoModelFactory):
    """A published top-level page (pass parent= for a child)."""

    class Meta:
        model = "pages.Page"

    title = factory.Sequence(lambda n: f"Page {n}")
    slug = factory.Sequence(lambda n: f"page-{n}")
    body = "<p>Some words about this blog.</p>"
    status = "published"
    published_at = factory.LazyFunction(
        lambda: timezone.now() - datetime.timedelta(hours=1)
    )


def comment_post_data(post, *, seconds_ago=10, **overrides):
    """A valid comment form POST for `post`, signed as if shown seconds_ago."""
    from blog.comments.forms import CommentForm

    timestamp = str(int(time.time()) - seconds_ago)
    target, label = str(post.pk), post._meta.label_lower  # a post, or a page
    data = {
        "content_type": label,
        "object_pk": target,
        "timestamp": timestamp,
        "security_hash": CommentForm(post).generate_security_hash(
            label, target, timestamp
        ),
        "name": "Reader",
        "email": "reader@example.com",
        "url": "",
        "comment": "A thoughtful remark.",
        "reply_to": "0",
        "honeypot": "",
    }
    data.update(overrides)
    return data


def make_survey(*, kinds=("single", "multiple", "text"), other=True, **fields):
    """An open survey with one question of each kind; single choice has “Other”."""
    from surveys.models import Choice, Question, Survey

    defaults = {"title": "Life in Almaty", "slug": "life-in-almaty", "status": "open"}
    survey = Survey.objects.create(**(defaults | fields))
    for position, kind in enumerate(kinds, start=1):
        question = Question.objects.create(
            survey=survey, position=position, label=f"Question #{position}",
            text=f"A {kind} question?", kind=kind, required=kind != Question.Kind.TEXT,
        )  # fmt: skip
        if kind != Question.Kind.TEXT:
            for i, text in enumerate(["Mountains", "Apples", "Bazaars"], start=1):
                Choice.objects.create(question=question, position=i, text=text)
            if other and kind == Question.Kind.SINGLE:
                Choice.objects.create(
                    question=question, position=9, text="Other", is_other=True
                )
    return survey
