"""Fill the database named by DATABASE_URL with a big blog, fast (bulk inserts).

Usage: python bench/generate.py [--scale 1.0]
Full scale: 10,000 posts, 500 tags (one on 500+ posts), 100,000 approved comments,
one post with 1,000 comments, 3 surveys with 5,000 responses each.
"""

import argparse
import json
import random
import uuid

import common  # noqa: F401  sets Django up
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from django_comments.models import Comment
from taggit.models import Tag

from blog.comments.html import store as store_comment_html
from blog.models import Post, TaggedPost, derived_text
from blog.search import update_search_vectors
from surveys.models import Answer, Choice, Question, Response, Survey

WORDS = [
    "steppe",
    "yurt",
    "astana",
    "almaty",
    "nomad",
    "horse",
    "winter",
    "tea",
    "eagle",
    "border",
    "oil",
    "osce",
]


def scaled(n, scale):
    return max(1, int(n * scale))


@transaction.atomic
def generate(scale=1.0, seed=7):
    rng = random.Random(seed)
    now = timezone.now()
    author = get_user_model().objects.create(username=f"bench-{uuid.uuid4().hex[:6]}")
    n_posts = scaled(10_000, scale)
    bodies = (
        "<p>" + " ".join(rng.choices(WORDS, k=400)) + "</p>" for _ in range(n_posts)
    )
    posts = Post.objects.bulk_create(
        Post(
            title=f"{' '.join(rng.choices(WORDS, k=5)).capitalize()} {i}",
            slug=f"bench-post-{i}",
            body=body,
            author=author,
            status=Post.Status.PUBLISHED,
            published_at=now - timezone.timedelta(hours=i + 1),
            **derived_text(body),  # what save() would store; bulk_create skips it
        )
        for i, body in enumerate(bodies)
    )
    tags = Tag.objects.bulk_create(
        Tag(name=f"topic {i}", slug=f"topic-{i}") for i in range(scaled(500, scale))
    )
    popular = tags[0]  # on every post: the tag with 500+ posts
    TaggedPost.objects.bulk_create(
        [TaggedPost(tag=popular, content_object=p) for p in posts]
        + [
            TaggedPost(tag=rng.choice(tags[1:] or tags), content_object=p)
            for p in posts
        ],
        ignore_conflicts=True,
        batch_size=5000,
    )
    post_type = ContentType.objects.get_for_model(Post)

    def comments_for(post, count):
        return [
            Comment(
                content_type=post_type,
                object_pk=str(post.pk),
                site_id=1,
                user_name=f"Reader {j}",
                user_email=f"r{j}@example.com",
                comment=" ".join(rng.choices(WORDS, k=30)),
                is_public=True,
                submit_date=now,
            )  # fmt: skip
            for j in range(count)
        ]

    big, hundred = posts[0], posts[1]
    batch = comments_for(big, scaled(1_000, scale)) + comments_for(hundred, 100)
    for post in rng.choices(posts[2:] or posts, k=scaled(100_000, scale)):
        batch.extend(comments_for(post, 1))
    # XtdComment extends Comment (two tables), which bulk_create cannot fill: the
    # base rows go in bulk, then each becomes its own thread as xtd's save() would.
    Comment.objects.bulk_create(batch, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO django_comments_xtd_xtdcomment (comment_ptr_id, thread_id, "
            'parent_id, level, "order", followup, nested_count) '
            "SELECT c.id, c.id, c.id, 0, 1, false, 0 FROM django_comments AS c "
            "LEFT JOIN django_comments_xtd_xtdcomment AS x ON x.comment_ptr_id = c.id "
            "WHERE x.comment_ptr_id IS NULL"
        )
    store_comment_html(c.pk for c in batch)  # what save() derives; bulk skips it
    for s in range(3):
        survey = Survey.objects.create(
            title=f"Bench survey {s}", slug=f"bench-survey-{s}", status="open"
        )
        question = Question.objects.create(survey=survey, text="Pick one", position=1)
        choices = Choice.objects.bulk_create(
            Choice(question=question, text=w, position=k)
            for k, w in enumerate(WORDS[:5])
        )
        responses = Response.objects.bulk_create(
            Response(survey=survey, voter_hash="bench")
            for _ in range(scaled(5_000, scale))
        )
        Answer.objects.bulk_create(
            (Answer(response=r, question=question, choice=rng.choice(choices))
             for r in responses),
            batch_size=5000,
        )  # fmt: skip
    update_search_vectors()
    last_tag_page = (n_posts + 9) // 10
    tag_url = f"/tag/{popular.slug}/"
    return {
        "home": "/",
        "post, 100 comments": hundred.get_absolute_url(),
        "post, 1,000 comments": big.get_absolute_url(),
        "tag, first page": tag_url,
        "tag, last page": f"{tag_url}page/{last_tag_page}/"
        if last_tag_page > 1
        else tag_url,
        "survey results": f"/surveys/{survey.slug}/results/",
        "feed": "/feed/",
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--out", help="write the pages to benchmark here, as JSON")
    args = parser.parse_args()
    pages = generate(args.scale)
    if connection.vendor == "postgresql":
        # Bulk inserts leave the planner's statistics and the visibility map empty
        # until autovacuum comes round (index-only scans need the map); a real
        # blog's tables have both. Outside generate()'s transaction: VACUUM needs it.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    if args.out:
        with open(args.out, "w") as out:
            json.dump(pages, out)
    print(json.dumps(pages, indent=1))
