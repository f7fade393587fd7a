import math

import django.contrib.postgres.search
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models
from django.utils.html import strip_tags

# GIN indexes exist only on PostgreSQL; SQLite searches without them.
INDEXES = [
    "CREATE INDEX blog_post_search_gin ON blog_post USING gin (search_vector)",
    "CREATE INDEX blog_post_title_trgm ON blog_post USING gin (title gin_trgm_ops)",
    "CREATE INDEX blog_post_body_trgm ON blog_post USING gin (body gin_trgm_ops)",
]
DROP = ["blog_post_search_gin", "blog_post_title_trgm", "blog_post_body_trgm"]


def reading_minutes(apps, schema_editor):
    Post = apps.get_model("blog", "Post")
    for post in Post.objects.only("body"):
        words = len(strip_tags(post.body).split())
        post.reading_minutes = max(1, math.ceil(words / 200))
        post.save(update_fields=["reading_minutes"])


def postgres_search(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from blog.search import UPDATE_VECTORS_SQL

    for sql in INDEXES:
        schema_editor.execute(sql)
    schema_editor.execute(UPDATE_VECTORS_SQL.format(where=""))


def drop_postgres_search(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in DROP:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0004_widen_comment_user_name"),
    ]

    operations = [
        TrigramExtension(),
        migrations.AddField(
            model_name="post",
            name="reading_minutes",
            field=models.PositiveSmallIntegerField(default=1, editable=False),
        ),
        migrations.AddField(
            model_name="post",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False, null=True
            ),
        ),
        migrations.RunPython(reading_minutes, migrations.RunPython.noop),
        migrations.RunPython(postgres_search, drop_postgres_search),
    ]
