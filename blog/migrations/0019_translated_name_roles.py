from django.db import migrations

from blog.roles import AUTHORS, TRANSLATED_NAMES, ensure_permissions, grant


def roles(apps, schema_editor):
    # Only this migration's permissions: later ones may name models not made yet.
    ensure_permissions(apps)
    grant(apps, AUTHORS, {"blog": TRANSLATED_NAMES})


class Migration(migrations.Migration):
    dependencies = [("blog", "0018_post_language_and_translations")]

    operations = [migrations.RunPython(roles, migrations.RunPython.noop)]
