"""Load the seed blog: its four posts, tags, two series and a reader comment."""

import io
import json
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand
from django.db import transaction
from django_comments_xtd.models import XtdComment
from PIL import Image, ImageDraw

from blog.authors import demo as author_demo
from blog.languages import demo as language_demo
from blog.models import Post, Series
from blog.roles import role, sync_roles
from library import demo as library_demo
from pages import demo as pages_demo

CONTENT = Path(__file__).resolve().parents[2] / "demo" / "content.json"


def steppe_image() -> bytes:
    """A sky over the steppe, drawn here so the repo ships no binary."""
    width, height = 1600, 900
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    horizon = int(height * 0.62)
    for y in range(horizon):
        t = y / horizon
        draw.line(
            [(0, y), (width, y)], fill=(int(120 + 110 * t), int(170 + 60 * t), 230)
        )
    draw.ellipse([1120, 300, 1260, 440], fill=(255, 236, 170))
    for y in range(horizon, height):
        t = (y - horizon) / (height - horizon)
        draw.line([(0, y), (width, y)], fill=(int(200 - 80 * t), int(170 - 60 * t), 90))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=88)
    return buffer.getvalue()


class Command(BaseCommand):
    help = "Load the demo blog (idempotent: running it twice changes nothing)."

    @transaction.atomic
    def handle(self, *args, **options):
        content = json.loads(CONTENT.read_text(encoding="utf-8"))
        sync_roles()
        users = {key: self.user(spec) for key, spec in content["users"].items()}
        series = {
            spec["slug"]: Series.objects.get_or_create(
                slug=spec["slug"],
                defaults={k: v for k, v in spec.items() if k != "slug"},
            )[0]
            for spec in content["series"]
        }
        posts = {}
        created = 0
        for spec in content["posts"]:
            post, is_new = self.post(spec, users["author"], series)
            posts[post.slug] = post
            created += is_new
        comments = sum(self.comment(spec, posts) for spec in content["comments"])
        pages_demo.load(author=users["author"], stdout=self.stdout)
        author_demo.load(author=users["author"], stdout=self.stdout)
        library_demo.load(author=users["author"], stdout=self.stdout)
        language_demo.load(author=users["author"], stdout=self.stdout)
        self.stdout.write(
            f"Demo loaded: {created} new posts, {comments} new comments "
            f"({Post.objects.count()} posts in all)."
        )
        for key, spec in content["users"].items():
            self.stdout.write(
                f"  {key}: log in at /admin/ as {spec['username']} / {spec['password']}"
            )

    def user(self, spec):
        user, created = get_user_model().objects.get_or_create(
            username=spec["username"],
            defaults={
                "first_name": spec["first_name"],
                "last_name": spec["last_name"],
                "email": spec["email"],
                "is_staff": True,
            },
        )
        if created:
            user.set_password(spec["password"])
            user.save()
            user.groups.add(role(spec["group"]))
        return user

    def post(self, spec, author, series):
        post = Post.objects.filter(slug=spec["slug"]).first()
        if post:
            return post, False
        post = Post(
            title=spec["title"],
            slug=spec["slug"],
            body=spec["body"],
            author=author,
            status=Post.Status.PUBLISHED,
            published_at=datetime.fromisoformat(spec["published_at"]),
            series=series.get(spec.get("series")),
            series_part=spec.get("series_part"),
            language="en",  # the seed is English whatever the site's language
        )
        if spec.get("featured_image"):
            post.featured_image = library_demo.library_image(
                alt=spec["featured_image_alt"],
                caption="",
                stem=spec["featured_image"],
                data=steppe_image,
                author=author,
            )
        post.save()
        post.tags.set(spec["tags"])
        return post, True

    def comment(self, spec, posts) -> bool:
        post = posts[spec["post"]]
        _, created = XtdComment.objects.get_or_create(
            content_type=ContentType.objects.get_for_model(Post),
            object_pk=str(post.pk),
            user_email=spec["email"],
            submit_date=datetime.fromisoformat(spec["submitted_at"]),
            defaults={
                "site_id": settings.SITE_ID,
                "user_name": spec["name"],
                "user_url": spec["url"],
                "comment": spec["comment"],
                "is_public": True,
            },
        )
        return created
