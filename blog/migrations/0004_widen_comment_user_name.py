from django.db import migrations

# django_comments stores names in varchar(50); readers may sign with up to 100
# characters (a full name with patronymic, in Cyrillic). SQLite has no limit to lift.
WIDEN = "ALTER TABLE django_comments ALTER COLUMN user_name TYPE varchar(100)"
NARROW = "ALTER TABLE django_comments ALTER COLUMN user_name TYPE varchar(50)"


def run(sql):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0003_comment_moderation"),
        ("django_comments", "0004_add_object_pk_is_removed_index"),
    ]

    operations = [migrations.RunPython(run(WIDEN), run(NARROW))]
